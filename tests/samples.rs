//! The five seed agreements end to end. For every sample and every window
//! (the whole period and each year of it) lofte renders the report with no
//! warning, and its results JSON agrees field by field with
//! `samples/<kommun>/forvantat.json` — the outcome computed by a second,
//! independent implementation of the counting rules (samples/forvantat.py)
//! and checked by hand (each sample's README.md).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const SAMPLES: [&str; 5] = ["kalix", "overkalix", "haparanda", "jokkmokk", "norsjo"];

fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// Runs `lofte report` on a sample; returns its results JSON and the PDF's
/// path. Fails on any warning.
fn report(name: &str, window: Option<&str>, out: &Path) -> (Value, PathBuf) {
    let mut cmd = Command::new(support::binary());
    cmd.arg("report").arg(folder(name)).arg("-o").arg(out);
    if let Some(w) = window {
        cmd.args(["--window", w]);
    }
    let run = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{name} {window:?}: {stderr}");
    assert!(stderr.is_empty(), "{name} {window:?} warned: {stderr}");
    let pdf = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let json = serde_json::from_slice(&std::fs::read(pdf.with_extension("json")).unwrap()).unwrap();
    (json, pdf)
}

/// Numbers compared to two decimals; `null` only equals `null`.
fn same_number(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 0.005,
        _ => a.is_null() && b.is_null(),
    }
}

/// Records a difference unless `ok`.
fn check(diffs: &mut Vec<String>, what: String, ok: bool, g: &Value, w: &Value) {
    if !ok {
        diffs.push(format!("{what}: lofte {g}, expected {w}"));
    }
}

/// Every difference between lofte's results and the expected window.
fn differences(got: &Value, want: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let window = serde_json::json!([got["window"]["from"], got["window"]["to"]]);
    check(
        &mut diffs,
        "window".into(),
        window == want["window"],
        &window,
        &want["window"],
    );
    for (k, v) in want["summary"].as_object().unwrap() {
        let g = &got["summary"][k];
        check(&mut diffs, format!("summary.{k}"), g == v, g, v);
    }
    let dq = &got["data_quality"];
    for (field, g) in [
        ("rows_read", dq["rows_read"].clone()),
        ("rows_counted", dq["rows_counted"].clone()),
        ("rows_outside_window", dq["rows_outside_window"].clone()),
        (
            "missing_partner",
            Value::from(dq["missing_partner"].as_array().map_or(0, Vec::len)),
        ),
    ] {
        check(&mut diffs, field.into(), g == want[field], &g, &want[field]);
    }
    let promises = got["promises"].as_array().unwrap();
    for wp in want["promises"].as_array().unwrap() {
        let id = wp["id"].as_str().unwrap();
        let Some(gp) = promises.iter().find(|p| p["id"] == id) else {
            diffs.push(format!("{id}: missing"));
            continue;
        };
        for field in ["status", "rows_counted"] {
            check(
                &mut diffs,
                format!("{id}.{field}"),
                gp[field] == wp[field],
                &gp[field],
                &wp[field],
            );
        }
        if wp["status"] == "not_applicable" {
            // Not in force in the window: nothing is judged or counted.
            continue;
        }
        let gt = gp["targets"].as_array().unwrap();
        let wt = wp["targets"].as_array().unwrap();
        if gt.len() != wt.len() {
            diffs.push(format!("{id}: {} targets, expected {}", gt.len(), wt.len()));
            continue;
        }
        for (i, (g, w)) in gt.iter().zip(wt).enumerate() {
            let at = format!("{id}.targets[{i}]");
            for field in ["kind", "status", "missed_places"] {
                let gv = if field == "missed_places" && g[field].is_null() {
                    Value::Array(Vec::new())
                } else {
                    g[field].clone()
                };
                check(
                    &mut diffs,
                    format!("{at}.{field}"),
                    gv == w[field],
                    &gv,
                    &w[field],
                );
            }
            for field in ["required", "achieved", "total"] {
                check(
                    &mut diffs,
                    format!("{at}.{field}"),
                    same_number(&g[field], &w[field]),
                    &g[field],
                    &w[field],
                );
            }
            let gi: Vec<Value> = g["intervals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|iv| serde_json::json!([iv["from"], iv["to"], iv["achieved"], iv["met"]]))
                .collect();
            let wi = w["intervals"].as_array().unwrap();
            if gi.len() != wi.len() {
                diffs.push(format!(
                    "{at}: {} intervals, expected {}",
                    gi.len(),
                    wi.len()
                ));
                continue;
            }
            for (j, (a, b)) in gi.iter().zip(wi).enumerate() {
                let ok = a[0] == b[0] && a[1] == b[1] && same_number(&a[2], &b[2]) && a[3] == b[3];
                check(&mut diffs, format!("{at}.intervals[{j}]"), ok, a, b);
            }
        }
    }
    diffs
}

fn golden(name: &str) {
    let expected: Value =
        serde_json::from_slice(&std::fs::read(folder(name).join("forvantat.json")).unwrap())
            .unwrap();
    let windows = expected["windows"].as_array().unwrap();
    assert!(!windows.is_empty());
    let mut all = Vec::new();
    for want in windows {
        let arg = want["arg"].as_str();
        let dir = tempfile::tempdir().unwrap();
        let (got, pdf) = report(name, arg, dir.path());
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
        for d in differences(&got, want) {
            all.push(format!("{name} window {}: {d}", arg.unwrap_or("hela")));
        }
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn kalix_matches_expected() {
    golden("kalix");
}

#[test]
fn overkalix_matches_expected() {
    golden("overkalix");
}

#[test]
fn haparanda_matches_expected() {
    golden("haparanda");
}

#[test]
fn jokkmokk_matches_expected() {
    golden("jokkmokk");
}

#[test]
fn norsjo_matches_expected() {
    golden("norsjo");
}

/// Every sample has its expected file, and each expected file holds a
/// window for the whole period and one for each year of it.
#[test]
fn every_sample_has_every_window() {
    for name in SAMPLES {
        let expected: Value =
            serde_json::from_slice(&std::fs::read(folder(name).join("forvantat.json")).unwrap())
                .unwrap();
        let toml = std::fs::read_to_string(folder(name).join("loften.toml")).unwrap();
        let parsed = lofte::agreement::parse(&toml, "loften.toml", &folder(name));
        let agreement = parsed.output.unwrap();
        let (from, to) = (agreement.period.from, agreement.period.to);
        let years = chrono::Datelike::year(&to) - chrono::Datelike::year(&from) + 1;
        let expect = if years > 1 { 1 + years as usize } else { 1 };
        assert_eq!(
            expected["windows"].as_array().unwrap().len(),
            expect,
            "{name}"
        );
    }
}

//! The one contract between lofte and the template: the document each
//! sample gives the template (`/data.json`), pinned whole, and the
//! `data.json` that `lofte template export` writes beside the template.
//! A change to what the template reads shows here as a snapshot to review
//! (`cargo insta review`), never silently.

use std::path::{Path, PathBuf};
use std::process::Command;

use lofte::cli::load::{InputConfig, load};
use lofte::ingest::IngestOptions;
use lofte::render::{RenderOptions, document_json};
use serde_json::Value;

mod support;

const SAMPLES: [&str; 5] = ["kalix", "overkalix", "haparanda", "jokkmokk", "norsjo"];

fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn config() -> InputConfig {
    InputConfig {
        activities: Vec::new(),
        window: None,
        as_of: None,
        ingest: IngestOptions::default(),
    }
}

/// The document a sample gives the template, as `lofte report` makes it.
fn document(name: &str) -> Value {
    let loaded = load(&folder(name), &config()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let bytes = document_json(&loaded.output.results, &RenderOptions::default()).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn each_samples_document_is_pinned() {
    for name in SAMPLES {
        insta::assert_json_snapshot!(format!("document_{name}"), document(name));
    }
}

#[test]
fn the_document_holds_no_activity_rows_and_no_results() {
    // The template is given what it prints: the whole results (every
    // activity row) stay in the results JSON, which typst need not parse.
    for name in SAMPLES {
        let doc = document(name);
        let object = doc.as_object().unwrap();
        assert!(!object.contains_key("results"), "{name}");
        assert!(!object.contains_key("activity_rows"), "{name}");
    }
}

#[test]
fn template_export_writes_the_kalix_document_beside_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mall");
    let run = Command::new(env!("CARGO_BIN_EXE_lofte"))
        .args(["template", "export"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.join("main.typ").is_file());
    let written: Value =
        serde_json::from_slice(&std::fs::read(out.join("data.json")).unwrap()).unwrap();
    assert_eq!(written, document("kalix"));

    // A second export overwrites nothing, and says which file is there.
    std::fs::write(out.join("main.typ"), "// mine").unwrap();
    let again = Command::new(env!("CARGO_BIN_EXE_lofte"))
        .args(["template", "export"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("main.typ exists already"));
    assert_eq!(
        std::fs::read_to_string(out.join("main.typ")).unwrap(),
        "// mine"
    );

    // The exported folder is a template lofte reports with, and the
    // designer's data.json in it is not the data: a report on another
    // sample prints that sample.
    let fresh = dir.path().join("mall2");
    let run = Command::new(env!("CARGO_BIN_EXE_lofte"))
        .args(["template", "export"])
        .arg(&fresh)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let report = Command::new(env!("CARGO_BIN_EXE_lofte"))
        .arg("report")
        .arg(folder("haparanda"))
        .arg("--template")
        .arg(&fresh)
        .arg("-o")
        .arg(dir.path().join("ut.pdf"))
        .output()
        .unwrap();
    assert_eq!(
        report.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let text = support::pdf_text(&std::fs::read(dir.path().join("ut.pdf")).unwrap());
    assert!(text.contains("Haparanda"), "{text}");
    assert!(!text.contains("Kalix"), "{text}");
}

#[test]
fn each_samples_results_json_reads_back_as_the_same_report() {
    // What `lofte diff` and `--previous` compare is what was written: every
    // figure, status, kind and row of the report survives the JSON. Data
    // quality's warnings and excluded rows are not read back.
    for name in SAMPLES {
        let loaded = load(&folder(name), &config()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let mut results = loaded.output.results;
        let bytes = lofte::render::results_file::results_json(&results).unwrap();
        let back = lofte::render::results_file::read_results(&bytes).unwrap();
        results.data_quality.warnings.clear();
        results.data_quality.excluded.clear();
        assert_eq!(back, results, "{name}");
    }
}

/// The default template leaves out the fonts' composition of marks only
/// where no text needs it: a single combining mark anywhere in the
/// document (here in the diarienummer) keeps it, in the document a render
/// gives typst and in the one `template export` writes.
#[test]
fn a_combining_mark_anywhere_keeps_the_composition_of_marks() {
    let marks = |results: &lofte::evaluate::Results| {
        let options = RenderOptions::default();
        let rendered = lofte::render::Renderer::new().data_json(results, &options);
        let exported = document_json(results, &options).unwrap();
        [rendered, exported]
            .map(|bytes| serde_json::from_slice::<Value>(&bytes).unwrap()["marks"].clone())
    };
    let mut results = load(&folder("kalix"), &config()).unwrap().output.results;
    assert_eq!(marks(&results), [Value::Bool(false), Value::Bool(false)]);
    results.agreement.diarienummer = Some("KS 2023/e\u{301}".to_owned());
    assert_eq!(marks(&results), [Value::Bool(true), Value::Bool(true)]);
}

//! The examples in the documentation are real: every TOML block of
//! docs/promise-file.md parses without a single diagnostic, every example
//! with a log under it gives the outcome and verdict its "Rapport" lines
//! state, and docs/samples.md quotes every promise of every sample
//! verbatim.

mod support;
use support::toml_blocks;

use std::path::Path;

const FRAME: &str = r#"
kommun = "Exempel"
lokalpolisomrade = "Exempelområdet"
period = { fran = 2019-01-01, till = 2023-12-31 }

[[fokusomrade]]
id = "narvaro"
namn = "Närvaro"
"#;

#[test]
fn every_promise_file_example_parses_cleanly() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/promise-file.md"))
            .unwrap();
    let blocks = toml_blocks(&doc);
    assert!(blocks.len() >= 12, "found {} examples", blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        let text = if block.contains("kommun =") {
            block.clone()
        } else {
            format!("{FRAME}\n{block}")
        };
        let parsed = lofte::agreement::parse(&text, "example.toml", Path::new("."));
        assert!(
            parsed.problems().next().is_none(),
            "example {i}:\n{block}\n{:#?}",
            parsed.problems().collect::<Vec<_>>()
        );
        assert!(parsed.output.is_ok(), "example {i}");
    }
}

/// An example of docs/promise-file.md with a log: the promise file, the
/// csv log and the reports it states ("Rapport WINDOW, per DATE: «OUTCOME»
/// (STATUS)").
struct Evaluated {
    toml: String,
    csv: String,
    reports: Vec<(String, String, String, String)>,
}

fn evaluated(doc: &str) -> Vec<Evaluated> {
    let mut out: Vec<Evaluated> = Vec::new();
    let mut toml: Option<String> = None;
    let mut fence: Option<(&str, String)> = None;
    for line in doc.lines() {
        match &mut fence {
            None if line.starts_with("```toml") => fence = Some(("toml", String::new())),
            None if line.starts_with("```csv") => fence = Some(("csv", String::new())),
            None => {
                if let Some(rest) = line.strip_prefix("Rapport ") {
                    let (window, rest) = rest.split_once(", per ").expect(line);
                    let (as_of, rest) = rest.split_once(": «").expect(line);
                    let (outcome, rest) = rest.split_once("» (").expect(line);
                    let status = rest.strip_suffix(')').expect(line);
                    out.last_mut()
                        .expect("a Rapport line follows a log")
                        .reports
                        .push((
                            window.to_owned(),
                            as_of.to_owned(),
                            outcome.to_owned(),
                            status.to_owned(),
                        ));
                }
            }
            Some((kind, text)) => {
                if line.starts_with("```") {
                    match *kind {
                        "toml" => toml = Some(std::mem::take(text)),
                        _ => out.push(Evaluated {
                            toml: toml.take().expect("a log follows its promise file"),
                            csv: std::mem::take(text),
                            reports: Vec::new(),
                        }),
                    }
                    fence = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    out
}

#[test]
fn every_example_with_a_log_gives_the_outcome_it_states() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/promise-file.md"))
            .unwrap();
    let examples = evaluated(&doc);
    assert!(
        examples.len() >= 9,
        "found {} examples with a log",
        examples.len()
    );
    for example in &examples {
        assert!(
            !example.reports.is_empty(),
            "no Rapport line under:\n{}",
            example.toml
        );
        let text = if example.toml.contains("kommun =") {
            example.toml.clone()
        } else {
            format!("{FRAME}\n{}", example.toml)
        };
        let parsed = lofte::agreement::parse(&text, "example.toml", Path::new("."));
        let agreement = parsed.output.expect(&example.toml);
        let mut sink = lofte::diag::Sink::default();
        let ingested = lofte::ingest::read_bytes(
            "logg.csv",
            example.csv.clone().into_bytes(),
            &lofte::ingest::IngestOptions::default(),
            &mut sink,
        );
        assert!(sink.is_empty(), "{sink:#?}");
        for (window, as_of, outcome, status) in &example.reports {
            let window = lofte::agreement::parse_window(window).unwrap();
            let as_of = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
            let e = lofte::evaluate::evaluate(&agreement, ingested.clone(), window, as_of);
            assert!(e.warnings.is_empty(), "{:#?}", e.warnings);
            let results = e.output.expect("no errors");
            let t = &results.promises[0].targets[0];
            use lofte::{locale::Lang, render::wording};
            assert_eq!(
                (
                    wording::outcome_text(Lang::Sv, t),
                    wording::status_label(Lang::Sv, t.status)
                ),
                (outcome.clone(), status.as_str()),
                "{}",
                example.toml
            );
        }
    }
}

/// docs/samples.md explains every promise of every sample, quoting its text
/// exactly as the promise file has it.
#[test]
fn samples_doc_covers_every_promise() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/samples.md")).unwrap();
    let mut seen = 0;
    for name in ["kalix", "overkalix", "haparanda", "jokkmokk", "norsjo"] {
        let folder = root.join("samples").join(name);
        let text = std::fs::read_to_string(folder.join("loften.toml")).unwrap();
        let parsed = lofte::agreement::parse(&text, "loften.toml", &folder);
        let agreement = parsed.output.unwrap();
        for p in &agreement.promises {
            let line = format!("| {} | {} |", p.id, p.text);
            assert!(doc.contains(&line), "docs/samples.md lacks {name} {}", p.id);
            seen += 1;
        }
    }
    assert_eq!(seen, 55);
}

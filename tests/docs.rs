//! The examples in the documentation are real: every TOML block of
//! docs/promise-file.md parses without a single diagnostic, and
//! docs/samples.md quotes every promise of every sample verbatim.

use std::path::Path;

fn blocks(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```toml") => current = Some(String::new()),
            (Some(block), l) if l.starts_with("```") => {
                out.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    out
}

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
    let blocks = blocks(&doc);
    assert!(blocks.len() >= 12, "found {} examples", blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        let text = if block.contains("kommun =") {
            block.clone()
        } else {
            format!("{FRAME}\n{block}")
        };
        let parsed = lofte::agreement::parse(&text, "example.toml", Path::new("."));
        assert!(
            parsed.diagnostics.is_empty(),
            "example {i}:\n{block}\n{:#?}",
            parsed.diagnostics
        );
        assert!(parsed.agreement.is_some(), "example {i}");
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
        let agreement = parsed.agreement.unwrap();
        for p in &agreement.promises {
            let line = format!("| {} | {} |", p.id, p.text);
            assert!(doc.contains(&line), "docs/samples.md lacks {name} {}", p.id);
            seen += 1;
        }
    }
    assert_eq!(seen, 55);
}

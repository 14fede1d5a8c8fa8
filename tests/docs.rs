//! The examples in the documentation are real: every TOML block of
//! docs/promise-file.md parses without a single diagnostic.

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

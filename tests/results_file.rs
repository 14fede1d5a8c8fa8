//! The results JSON attached inside the PDF when it is too large to hold
//! uncompressed: attached as its gzip, the PDF still PDF/A-3a and PDF/UA
//! (typst refuses to write it otherwise), and `lofte diff` reads it back
//! as the JSON written beside it.

use std::io::Write;
use std::path::Path;

use lofte::cli::load::{InputConfig, load};
use lofte::ingest::IngestOptions;
use lofte::render::results_file::{AttachmentWriter, results_json};
use lofte::render::{RenderOptions, Renderer};

mod support;

/// `lofte report` of the Kalix sample in `dir`, with `args` after it.
fn report_kalix(dir: &Path, args: &[&str]) -> std::process::Output {
    let sample = support::sample("kalix").display().to_string();
    let mut all = vec!["report", sample.as_str()];
    all.extend_from_slice(args);
    support::lofte(dir, &all)
}

#[test]
fn a_large_results_json_is_attached_as_its_gzip_and_read_back() {
    let folder = support::sample("kalix");
    let config = InputConfig {
        activities: Vec::new(),
        window: None,
        as_of: None,
        ingest: IngestOptions::default(),
    };
    let loaded = load(&folder, &config).unwrap_or_else(|e| panic!("{e:?}"));
    let results = loaded.output.results;
    let json = results_json(&results).unwrap();
    // A limit below the sample's size stands for a million-row log's.
    let mut attachment = AttachmentWriter::with_limit(json.len() / 4);
    attachment.write_all(&json).unwrap();
    let attachment = attachment.finish().unwrap();
    assert!(attachment.gzip);
    let options = RenderOptions {
        attach_results: true,
        ..RenderOptions::default()
    };
    let pdf = Renderer::new()
        .render_attaching(&results, &options, Some(attachment))
        .unwrap()
        .pdf;
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("results.json.gz"), "the attachment's name");
    assert!(raw.contains("<pdfaid:part>3</pdfaid:part>"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ut.pdf"), &pdf).unwrap();
    std::fs::write(dir.path().join("ut.json"), &json).unwrap();
    let o = support::lofte(dir.path(), &["diff", "ut.json", "ut.pdf"]);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
    assert!(support::stdout(&o).contains("no differences"));
}

#[test]
fn the_attached_results_json_is_the_file_beside_the_pdf_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let o = report_kalix(dir.path(), &["-o", "ut.pdf", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
    let json = std::fs::read(dir.path().join("ut.json")).unwrap();
    let doc = lopdf::Document::load(dir.path().join("ut.pdf")).unwrap();
    let attached: Vec<Vec<u8>> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Type")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"EmbeddedFile")
        })
        .map(|s| s.decompressed_content().unwrap())
        .collect();
    assert_eq!(attached, vec![json]);
}

/// The Kalix sample's report as lofte wrote it before schema 2 (every
/// target's rows copied as `rows` beside `row_indexes`; the JSON attached
/// uncompressed): `lofte diff` and `--previous` still read both files.
#[test]
fn a_schema_1_report_is_still_read_by_diff_and_previous() {
    let dir = tempfile::tempdir().unwrap();
    let old = support::fixture("schema1");
    let o = report_kalix(dir.path(), &["-o", "ny.pdf", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
    let new: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("ny.json")).unwrap()).unwrap();
    assert_eq!(new["schema"], 2);
    let target = &new["promises"][1]["targets"][0];
    assert!(target["row_indexes"].is_array(), "{target}");
    assert!(target.get("rows").is_none());
    for file in ["kalix.json", "kalix.pdf"] {
        let old = old.join(file).display().to_string();
        for new in ["ny.json", "ny.pdf"] {
            let o = support::lofte(dir.path(), &["diff", &old, new]);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{old} {new}: {}",
                support::stderr(&o)
            );
            assert!(support::stdout(&o).contains("no differences"));
        }
        let o = report_kalix(dir.path(), &["-o", "v2.pdf", "--previous", &old]);
        assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
        assert!(
            support::stderr(&o).contains("ingen ny version")
                || support::stdout(&o).contains("ingen ny version"),
            "{}",
            support::stderr(&o)
        );
    }
}

/// The results JSON is written to a temporary before the PDF is made: a
/// template that fails leaves neither the JSON nor the temporary behind,
/// nor the folder made for them.
#[test]
fn a_failed_render_leaves_no_results_json_nor_its_temporary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("mall")).unwrap();
    std::fs::write(dir.path().join("mall/main.typ"), "#let x = (\n").unwrap();
    std::fs::create_dir(dir.path().join("ut")).unwrap();
    let o = report_kalix(dir.path(), &["--template", "mall", "-o", "ut/r.pdf", "-q"]);
    assert_ne!(o.status.code(), Some(0), "{}", support::stderr(&o));
    let left: Vec<String> = std::fs::read_dir(dir.path().join("ut"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A folder made for the report is removed again.
    let o = report_kalix(dir.path(), &["--template", "mall", "-o", "ny/r.pdf", "-q"]);
    assert_ne!(o.status.code(), Some(0), "{}", support::stderr(&o));
    assert!(!dir.path().join("ny").exists());
}

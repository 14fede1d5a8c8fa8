//! The Kalix sample end to end: the figures of every promise, checked by
//! hand against the log's schedule (samples/kalix/README.md), read back out
//! of the results JSON and out of the PDF's text; and the PDF's archival
//! and accessibility markers.

mod support;

use support::{binary, pdf_text, sample};

use std::path::Path;
use std::process::Command;

fn report(out: &Path, extra: &[&str]) -> (serde_json::Value, Vec<u8>) {
    let mut args = vec![
        "report".to_owned(),
        sample("kalix").display().to_string(),
        "-o".to_owned(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let run = Command::new(binary()).args(&args).output().unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.stderr.is_empty(),
        "warnings: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf_path = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let json =
        serde_json::from_slice(&std::fs::read(pdf_path.with_extension("json")).unwrap()).unwrap();
    (json, std::fs::read(pdf_path).unwrap())
}

/// The text of every page, whitespace folded.
/// A PDF text string as text: UTF-16BE after FE FF, else one byte a
/// character (PDFDocEncoding agrees with Latin-1 on the letters here).
fn pdf_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        None => bytes.iter().map(|b| char::from(*b)).collect(),
    }
}

fn promise<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["promises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
}

#[test]
fn whole_period_figures_match_the_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    let (json, pdf) = report(dir.path(), &[]);
    assert!(dir.path().join("uppfoljning-kalix-2022-2023.pdf").is_file());

    // (id, status, required, achieved, unit), counted by hand from the
    // schedule in examples/gen_samples.rs.
    let expected: &[(&str, &str, Option<f64>, f64, &str)] = &[
        // 104 Thursdays, Antal 2 on 35 of them: 139 over 730/7 weeks = 1,33.
        ("K1", "not_met", Some(3.0), 1.33, "per vecka"),
        // 5 in 2022 (met), 3 in 2023 (≥ half of 4: part met).
        ("K2", "partly_met", Some(2.0), 1.0, "år"),
        // 2 and 2.
        ("K3", "met", Some(2.0), 2.0, "år"),
        ("K4", "reported_in_text", None, 40.0, "aktiviteter"),
        // 2 in 2022, 1 in 2023.
        ("K5", "partly_met", Some(2.0), 1.0, "år"),
        ("K6", "reported_in_text", None, 4.0, "aktiviteter"),
        ("K7", "reported_in_text", None, 3.0, "aktiviteter"),
        ("K8", "reported_in_text", None, 2.0, "aktiviteter"),
        // Nothing logged.
        ("K9", "no_data", Some(1.0), 0.0, "trygghetsvandringar"),
        ("K10", "reported_in_text", None, 0.0, "aktiviteter"),
        ("K11", "reported_in_text", None, 0.0, "aktiviteter"),
        ("K12", "reported_in_text", None, 0.0, "aktiviteter"),
    ];
    assert_eq!(json["promises"].as_array().unwrap().len(), expected.len());
    for (id, status, required, achieved, unit) in expected {
        let p = promise(&json, id);
        assert_eq!(p["status"], *status, "{id}");
        let t = &p["targets"][0];
        assert_eq!(t["required"].as_f64(), *required, "{id} required");
        assert_eq!(t["achieved"].as_f64(), Some(*achieved), "{id} achieved");
        assert_eq!(t["unit"], *unit, "{id} unit");
    }
    // Intervals of K2: 2022 met with 5, 2023 not met with 3.
    let k2 = &promise(&json, "K2")["targets"][0]["intervals"];
    assert_eq!(k2[0]["from"], "2022-01-01");
    assert_eq!(k2[0]["achieved"], 5.0);
    assert_eq!(k2[0]["met"], true);
    assert_eq!(k2[1]["achieved"], 3.0);
    assert_eq!(k2[1]["met"], false);
    assert_eq!(json["summary"]["met"], 1);
    assert_eq!(json["summary"]["partly_met"], 2);
    assert_eq!(json["summary"]["no_data"], 1);
    assert_eq!(json["data_quality"]["rows_read"], 129);

    let text = pdf_text(&pdf);
    for needle in [
        "Uppföljning av medborgarlöften 2022–2023",
        "Östra Norrbotten",
        "En skriftlig uppföljning sammanställs senast februari 2024.",
        "i snitt 1,33 medborgarkontakter per vecka",
        "1 av 2 år med minst 4 trafiksäkerhetsinsatser; totalt 8",
        "2 av 2 år med minst 2 riktade insatser; totalt 4",
        "Underlag saknas",
        "Delvis uppfyllt",
        "Genomföra sök med hund i skolmiljö vid minst två tillfällen under året.",
    ] {
        assert!(text.contains(needle), "PDF text lacks {needle:?}");
    }
}

#[test]
fn a_year_in_progress_is_judged_by_its_pace() {
    let dir = tempfile::tempdir().unwrap();
    let (json, pdf) = report(dir.path(), &["--window", "2023", "--as-of", "2023-06-30"]);
    // A mid-year report is named with its as-of date, apart from the
    // full-year report of the same window.
    assert!(
        dir.path()
            .join("uppfoljning-kalix-2023-per-2023-06-30.pdf")
            .is_file()
    );
    assert_eq!(json["window"]["from"], "2023-01-01");
    assert_eq!(json["as_of"], "2023-06-30");
    let k2 = promise(&json, "K2");
    assert_eq!(k2["status"], "in_progress");
    // Two insatser by 30 June (12 April, 14 June) against 4 × 181/365.
    let pace = &k2["targets"][0]["pace"];
    assert_eq!(pace["elapsed_days"], 181);
    assert_eq!(pace["achieved_so_far"], 2.0);
    assert!((pace["expected_so_far"].as_f64().unwrap() - 4.0 * 181.0 / 365.0).abs() < 1e-9);
    assert_eq!(pace["on_track"], true);
    // One joint walk a year, none yet by 30 June: not yet due (half a walk
    // expected), so in progress with its pace, not "Underlag saknas".
    let k9 = promise(&json, "K9");
    assert_eq!(k9["status"], "in_progress");
    assert!(pdf_text(&pdf).contains("0 hittills; 1 väntas före årets slut"));
    // Rows after the as-of date are not counted, and said so.
    assert!(json["data_quality"]["rows_after_as_of"].as_u64().unwrap() > 0);
    assert!(pdf_text(&pdf).contains("Pågår"));
}

#[test]
fn the_pdf_is_archival_accessible_and_carries_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let (json, pdf) = report(dir.path(), &[]);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"sv-SE");
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "no structure tree");
    assert!(catalog.get(b"Outlines").is_ok(), "no bookmarks");
    let raw = String::from_utf8_lossy(&pdf);
    // XMP: PDF/A-3a (the default, since the results JSON is attached) and UA-1.
    assert!(
        raw.contains("<pdfaid:part>3</pdfaid:part>"),
        "no PDF/A part"
    );
    assert!(raw.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
    assert!(raw.contains("<pdfuaid:part>1</pdfuaid:part>"));
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .and_then(|r| doc.get_dictionary(r))
        .unwrap();
    // The title is a PDF text string: UTF-16BE after a byte-order mark
    // (as typst writes any title outside ASCII), else PDFDocEncoding. The
    // check used to pass for any UTF-16 title without reading it.
    let title = pdf_string(info.get(b"Title").unwrap().as_str().unwrap());
    assert_eq!(title, "Uppföljning av medborgarlöften 2022–2023 – Kalix");
    // Fonts embedded: every font descriptor has a font file.
    let mut descriptors = 0;
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict()
            && dict
                .get(b"Type")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"FontDescriptor")
        {
            descriptors += 1;
            assert!(
                dict.get(b"FontFile3").is_ok() || dict.get(b"FontFile2").is_ok(),
                "a font is not embedded"
            );
        }
    }
    assert!(descriptors > 0);
    // The attached results equal the JSON written beside the PDF.
    let attached = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| {
            s.dict
                .get(b"Type")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"EmbeddedFile")
        })
        .unwrap();
    let content = attached
        .decompressed_content()
        .unwrap_or_else(|_| attached.content.clone());
    // Attached as its gzip, deflated beside the report's layout.
    assert!(content.starts_with(&[0x1f, 0x8b]), "not a gzip");
    let content = lofte::render::results_file::attachment_json(content).unwrap();
    let attached: serde_json::Value = serde_json::from_slice(&content).unwrap();
    assert_eq!(attached, json);
}

#[test]
fn english_and_a2a_render_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (json, pdf) = report(
        dir.path(),
        &["--lang", "en", "--pdf-standard", "a-2a", "--no-attach"],
    );
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Follow-up of citizen promises 2022–2023"),
        "{text}"
    );
    assert!(text.contains("Partly met"));
    // The unit counted is the agreement's Swedish word, a span of its own
    // tagged Swedish: the text layer may break around it.
    assert!(text.contains("1 of 2 years with at least 4"), "{text}");
    assert!(text.contains("8 in all"), "{text}");
    assert!(text.contains("on average 1.33"), "{text}");
    assert!(text.contains("medborgarkontakter per week"), "{text}");
    assert_eq!(promise(&json, "K2")["status"], "partly_met");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("<pdfaid:part>2</pdfaid:part>"));
    assert!(!raw.contains("/EmbeddedFile"));
}

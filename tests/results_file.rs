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

/// The PDF of `results` with `json` attached as its gzip, as a
/// million-row log's is: a limit below the JSON's size stands for one.
fn pdf_with_gzip(results: &lofte::evaluate::Results, json: &[u8]) -> Vec<u8> {
    let mut attachment = AttachmentWriter::with_limit(json.len() / 4);
    attachment.write_all(json).unwrap();
    let attachment = attachment.finish().unwrap();
    assert_eq!(attachment.plain, None);
    let options = RenderOptions {
        attach_results: true,
        ..RenderOptions::default()
    };
    Renderer::new()
        .render_attaching(results, &options, Some(attachment))
        .unwrap()
        .pdf
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
    let pdf = pdf_with_gzip(&results, &json);
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
    assert_attachment_is_the_json(dir.path());
}

/// A log of more than 100 000 rows has its results JSON written before
/// typst starts rather than beside it (its results are dropped first):
/// the pair is the same as for a small log, the attachment the JSON.
#[test]
fn a_large_logs_results_json_written_before_the_render_is_attached() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let toml = "kommun = \"Långby\"\nlokalpolisomrade = \"Långa området\"\nperiod = { fran = 2023-01-01, till = 2023-12-31 }\nloggar = [\"logg.csv\"]\n\n[[fokusomrade]]\nid = \"a\"\nnamn = \"Trygghet\"\n\n[[lofte]]\nid = \"L1\"\nfokusomrade = \"a\"\ntext = \"Trygghetsvandringar.\"\nansvarig = \"Polisen\"\nmal = [{ typ = \"minst\", antal = 3, per = \"år\" }]\n";
    std::fs::write(dir.path().join("loften.toml"), toml).unwrap();
    let mut log = String::from("Datum;Löfte;Antal;Aktivitet;Plats\n");
    for i in 0..100_050 {
        writeln!(
            log,
            "2023-{:02}-{:02};L1;1;Vandring;Plats {i}",
            i % 12 + 1,
            i % 28 + 1
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("logg.csv"), log).unwrap();
    let o = support::lofte(dir.path(), &["report", ".", "-o", "ut.pdf", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("ut.json")).unwrap()).unwrap();
    assert_eq!(
        results["activity_rows"].as_array().map(Vec::len),
        Some(100_050)
    );
    assert_attachment_is_the_json(dir.path());
}

/// The PDF `ut.pdf` in `dir` holds one attachment, the gzip of `ut.json`
/// beside it: inflated, the same bytes.
fn assert_attachment_is_the_json(dir: &Path) {
    let json = std::fs::read(dir.join("ut.json")).unwrap();
    let doc = lopdf::Document::load(dir.join("ut.pdf")).unwrap();
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
        .map(|s| {
            s.decompressed_content()
                .unwrap_or_else(|_| s.content.clone())
        })
        .collect();
    // One attachment, the gzip of the file: inflated, the same bytes.
    assert_eq!(attached.len(), 1);
    assert!(attached[0].starts_with(&[0x1f, 0x8b]), "not a gzip");
    let inflated = lofte::render::results_file::attachment_json(attached[0].clone()).unwrap();
    assert_eq!(inflated, json);
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

/// Every row of a results file as it writes them: `place` and `content`,
/// read from the JSON itself.
fn written_rows(json: &[u8]) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_slice(json).unwrap();
    value["activity_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["place"].as_str().unwrap().to_owned(),
                r["content"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The rows of a report read back, as its callers see them.
fn rows_read_back(results: &lofte::evaluate::Results) -> Vec<(String, String)> {
    results
        .activity_rows
        .iter()
        .map(|r| (r.place().into_owned(), r.content().into_owned()))
        .collect()
}

/// A report read back holds its rows over shared texts: what `diff`,
/// `--previous` and the change record see of it is still what was
/// written, byte for byte, for rows of a csv, of an xlsx of two sheets,
/// of files of one name in two folders (one place, two rows), and texts
/// holding the separator " | " or ending in digits.
#[test]
fn a_report_read_back_is_what_was_written_byte_for_byte() {
    let dir = support::kalix_folder();
    let folder = &dir.path().join("kalix");
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, year) in [("2022", 2022), ("Polisen 2023", 2023)] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (c, h) in ["Datum", "Löfte", "Aktivitet", "Antal", "Plats", "Ansvarig"]
            .iter()
            .enumerate()
        {
            sheet.write(0, c as u16, *h).unwrap();
        }
        for r in 1..12u32 {
            let row = [
                format!("{year}-03-{:02}", r + 1),
                format!("K{}", r % 3 + 1),
                if r % 4 == 0 {
                    "Möte | uppföljning".to_owned()
                } else {
                    "Trafikkontroll".to_owned()
                },
                (r % 2 + 1).to_string(),
                format!("Torget {}", r % 5),
                "Polisen".to_owned(),
            ];
            for (c, v) in row.iter().enumerate() {
                sheet.write(r, c as u16, v.as_str()).unwrap();
            }
        }
    }
    book.save(folder.join("blad.xlsx")).unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(folder.join(sub)).unwrap();
        let mut csv = String::from("Datum;Löfte;Aktivitet;Antal;Plats;Ansvarig\n");
        for r in 0..9 {
            let activity = if sub == "a" {
                "Skolbesök"
            } else {
                "Skolbesök årskurs 7"
            };
            // Other days in each: the same day's joint rows in two logs
            // would be one event logged twice (`logged-twice`).
            let month = if sub == "a" { 5 } else { 6 };
            csv.push_str(&format!(
                "2023-{month:02}-{:02};K2;{activity};1;Skolan;Polis och kommun\n",
                r + 1
            ));
        }
        std::fs::write(folder.join(sub).join("logg.csv"), csv).unwrap();
    }
    let config = InputConfig {
        activities: vec![
            folder.join("aktiviteter.xlsx"),
            folder.join("blad.xlsx"),
            folder.join("a/logg.csv"),
            folder.join("b/logg.csv"),
        ],
        window: None,
        as_of: None,
        ingest: IngestOptions::default(),
    };
    let loaded = load(folder, &config).unwrap_or_else(|e| panic!("{e:?}"));
    let results = loaded.output.results;
    let json = results_json(&results).unwrap();
    let rows = written_rows(&json);
    assert!(
        rows.iter()
            .any(|(p, _)| p == "blad.xlsx, sheet \"Polisen 2023\", row 12")
    );
    assert!(rows.iter().any(|(_, c)| c.contains("Möte | uppföljning")));
    let twice = rows.iter().filter(|(p, _)| p == "logg.csv, line 2").count();
    assert_eq!(twice, 2, "one place, a row of each folder");

    let back = lofte::render::results_file::read_results(&json).unwrap();
    assert_eq!(rows_read_back(&back), rows);
    // Written again, the same bytes; compared, the same report.
    assert_eq!(results_json(&back).unwrap(), json);
    let words = lofte::render::wording::ResultsWords;
    assert!(lofte::evaluate::compare(&back, &results, &words).is_empty());
    assert!(lofte::evaluate::compare(&results, &back, &words).is_empty());
    for (read, made) in back.activity_rows.iter().zip(&results.activity_rows) {
        let (file, sheet, row) = made.row_key();
        let short = Path::new(file).file_name().unwrap().to_str().unwrap();
        assert_eq!(read.row_key(), (short, sheet, row));
    }

    // As `lofte diff` reads it: from the file, and from a PDF carrying
    // its gzip.
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("r.json"), &json).unwrap();
    let pdf = pdf_with_gzip(&results, &json);
    std::fs::write(out.path().join("r.pdf"), &pdf).unwrap();
    let from_file = lofte::cli::diff::read_results(&out.path().join("r.json")).unwrap();
    let from_pdf = lofte::cli::diff::read_results(&out.path().join("r.pdf")).unwrap();
    assert_eq!(from_file, back);
    assert_eq!(from_pdf, back);
    assert_eq!(rows_read_back(&from_pdf), rows);
}

/// Files of schema 1 (rows copied per target, rows' file and sheet added
/// when read) and schema 2 read back with the rows they wrote.
#[test]
fn schema_1_and_2_files_read_back_with_the_rows_they_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let o = report_kalix(dir.path(), &["-o", "ny.pdf", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
    let old = support::fixture("schema1").join("kalix.json");
    for file in [old, dir.path().join("ny.json")] {
        let json = std::fs::read(&file).unwrap();
        let back = lofte::cli::diff::read_results(&file).unwrap();
        assert_eq!(
            rows_read_back(&back),
            written_rows(&json),
            "{}",
            file.display()
        );
        assert!(!back.activity_rows.is_empty());
        let again = lofte::render::results_file::read_results(&results_json(&back).unwrap());
        assert_eq!(again.unwrap(), back, "{}", file.display());
    }
}

/// The Kalix sample's results, as `lofte report` evaluates them.
fn kalix_results() -> lofte::evaluate::Results {
    let config = InputConfig {
        activities: Vec::new(),
        window: None,
        as_of: None,
        ingest: IngestOptions::default(),
    };
    load(&support::sample("kalix"), &config)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .output
        .results
}

/// `lofte report` writes the results JSON on a thread of its own while
/// typst evaluates the template, which waits for the attachment where it
/// attaches it: an attachment that arrives late gives the same PDF, byte
/// for byte, as one handed over before the render.
#[test]
fn an_attachment_still_being_written_gives_the_same_pdf() {
    use lofte::render::{Attached, Prepared, results_file::attachment};
    let results = kalix_results();
    let json = results_json(&results).unwrap();
    let options = RenderOptions {
        attach_results: true,
        ..RenderOptions::default()
    };
    let renderer = Renderer::new();
    let ready = renderer
        .render_prepared_with(
            Prepared::of(&results, options.clone()),
            Attached::Ready(attachment(&json).unwrap()),
        )
        .unwrap()
        .pdf;
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    let later = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            sender.send(attachment(&json).unwrap()).unwrap();
        });
        renderer
            .render_prepared_with(
                Prepared::of(&results, options.clone()),
                Attached::Coming(receiver),
            )
            .unwrap()
            .pdf
    });
    assert!(String::from_utf8_lossy(&later).contains("results.json.gz"));
    assert!(ready == later, "the PDFs differ");
}

/// An attachment whose writer gave up (its channel closed unsent) fails
/// the render with an error, rather than waiting for ever or writing a PDF
/// without the results.
#[test]
fn an_attachment_never_written_fails_the_render() {
    use lofte::render::{Attached, Prepared};
    let results = kalix_results();
    let options = RenderOptions {
        attach_results: true,
        ..RenderOptions::default()
    };
    let (sender, receiver) = std::sync::mpsc::sync_channel(1);
    drop(sender);
    let rendered = Renderer::new()
        .render_prepared_with(Prepared::of(&results, options), Attached::Coming(receiver));
    assert!(
        rendered.is_err(),
        "a PDF was written without its attachment"
    );
}

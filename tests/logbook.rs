//! `lofte logg`: the activity-log workbook and csv template it writes.
//! Each is read back through lofte's own ingest: for every sample the
//! workbook has the headers ingest reads; the sample's own rows carried
//! into it (and, where LibreOffice is installed, saved again by
//! LibreOffice) give the same figures with no warning; its XML holds the
//! dropdowns, the frozen header and the date format.

mod support;

use support::binary;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use lofte::agreement::Agreement;
use lofte::diag::{Diagnostic, Sink};
use lofte::evaluate::{Results, evaluate};
use lofte::ingest::{IngestOptions, Ingested, LogInput};
use lofte::logbook::{self, Entry};
use serde_json::Value;

const SAMPLES: [&str; 5] = ["kalix", "overkalix", "haparanda", "jokkmokk", "norsjo"];

fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn sample(name: &str) -> Agreement {
    let path = folder(name).join("loften.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = lofte::agreement::parse(&text, "loften.toml", &folder(name));
    assert!(parsed.warnings.is_empty(), "{:#?}", parsed.warnings);
    parsed.output.unwrap()
}

fn parse(text: &str) -> Agreement {
    let parsed = lofte::agreement::parse(text, "loften.toml", Path::new("."));
    assert!(parsed.warnings.is_empty(), "{:#?}", parsed.warnings);
    parsed.output.unwrap()
}

/// A log as read, with every problem found in it (errors first).
struct ReadLog {
    rows: Ingested,
    diagnostics: Vec<Diagnostic>,
}

impl std::ops::Deref for ReadLog {
    type Target = Ingested;
    fn deref(&self) -> &Ingested {
        &self.rows
    }
}

fn read_logs(inputs: &[LogInput], options: &IngestOptions) -> ReadLog {
    let mut sink = Sink::default();
    let rows = lofte::ingest::read_logs(inputs, options, &mut sink);
    ReadLog {
        rows,
        diagnostics: sink.into_vec(),
    }
}

fn read_bytes(name: &str, bytes: Vec<u8>, options: &IngestOptions) -> ReadLog {
    let mut sink = Sink::default();
    let rows = lofte::ingest::read_bytes(name, bytes, options, &mut sink);
    ReadLog {
        rows,
        diagnostics: sink.into_vec(),
    }
}

/// An evaluation that found no error, and its warnings.
struct Evaluation {
    results: Results,
    diagnostics: Vec<Diagnostic>,
}

/// The sample's own logs, as the promise file names them.
fn sample_rows(agreement: &Agreement) -> ReadLog {
    let inputs: Vec<LogInput> = agreement
        .logs
        .iter()
        .map(|p| LogInput {
            path: p.clone(),
            display: p.file_name().unwrap().to_string_lossy().into_owned(),
        })
        .collect();
    let ingested = read_logs(&inputs, &IngestOptions::default());
    assert!(
        ingested.diagnostics.is_empty(),
        "{:#?}",
        ingested.diagnostics
    );
    ingested
}

/// Each activity as a row of the new workbook, quantity columns included.
fn entries(agreement: &Agreement, ingested: &Ingested) -> Vec<Entry> {
    let layout = logbook::layout(agreement);
    let quantity_headers: Vec<&str> = layout
        .columns
        .iter()
        .filter(|c| c.kind == logbook::ColumnKind::Quantity)
        .map(|c| c.header.as_str())
        .collect();
    let text = |t: Option<&str>| t.map(str::to_owned);
    ingested
        .activities
        .iter()
        .map(|a| Entry {
            date: Some(a.date),
            promise: text(a.promise()),
            count: Some(u64::from(a.count)),
            activity: text(a.activity()),
            place: text(a.place()),
            participants: text(a.responsible()),
            comment: text(a.comment()),
            quantities: quantity_headers
                .iter()
                .filter_map(|h| {
                    a.extra_number(h)
                        .and_then(|e| e.number)
                        .map(|x| ((*h).to_owned(), x))
                })
                .collect(),
        })
        .collect()
}

fn whole_period(agreement: &Agreement, ingested: &Ingested) -> Evaluation {
    let e = evaluate(
        agreement,
        ingested.clone(),
        agreement.period,
        agreement.period.to,
    );
    Evaluation {
        results: e.output.expect("no errors"),
        diagnostics: e.warnings,
    }
}

/// The figures of an evaluation without the addresses of its rows (which
/// differ between the old log and the new workbook by design).
fn figures(e: &Evaluation) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("rows");
                map.remove("row_indexes");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let dq = &e.results.data_quality;
    let written = lofte::render::results_file::results_value(&e.results).unwrap();
    let mut v = serde_json::json!({
        "summary": e.results.summary,
        "promises": written["promises"],
        "rows_read": dq.rows_read,
        "rows_counted": dq.rows_counted,
        "rows_outside_window": dq.rows_outside_window,
        "unmatched": dq.unmatched.len(),
        "missing_partner": dq.missing_partner.len(),
    });
    strip(&mut v);
    v
}

fn warnings(ingested: &ReadLog, evaluation: &Evaluation) -> Vec<Diagnostic> {
    ingested
        .diagnostics
        .iter()
        .chain(&evaluation.diagnostics)
        .cloned()
        .collect()
}

/// The one warning a carried-over log may get: a party's sheet that no
/// row went to ("the log has a header but no rows"), which is true of the
/// sample whose municipality logged nothing on its own.
fn empty_sheets(agreement: &Agreement, read: &ReadLog) -> Vec<Diagnostic> {
    logbook::layout(agreement)
        .sheets
        .iter()
        .filter(|s| {
            !read
                .activities
                .iter()
                .any(|a| a.source.sheet.as_deref() == Some(s.as_str()))
        })
        .map(|s| {
            read.diagnostics
                .iter()
                .find(|d| {
                    d.code.as_str() == "empty-log"
                        && d.location.as_ref().and_then(|l| l.sheet.as_deref()) == Some(s)
                })
                .cloned()
                .unwrap_or_else(|| panic!("no empty-log warning for sheet {s}"))
        })
        .collect()
}

/// The index of the first cell style whose number format is `code`.
fn style_with(styles: &str, code: &str) -> usize {
    let escaped = code.replace('-', "\\-");
    let id = styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| {
            f.contains(&format!("formatCode=\"{code}\""))
                || f.contains(&format!("formatCode=\"{escaped}\""))
        })
        .and_then(|f| f.split("numFmtId=\"").nth(1))
        .and_then(|f| f.split('"').next())
        .unwrap_or_else(|| panic!("no number format {code}"));
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    xfs.split("<xf ")
        .skip(1)
        .position(|xf| xf.contains(&format!("numFmtId=\"{id}\"")))
        .unwrap_or_else(|| panic!("no cell style with the number format {code}"))
}

/// The index of the cell style with the yyyy-mm-dd number format.
fn date_style(styles: &str) -> usize {
    style_with(styles, "yyyy-mm-dd")
}

fn unzip(bytes: &[u8], part: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(part).unwrap();
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

/// Every `<dataValidation …>…</dataValidation>` element of a sheet.
fn validations(sheet_xml: &str) -> Vec<&str> {
    sheet_xml
        .split("<dataValidation ")
        .skip(1)
        .map(|s| s.split("</dataValidation>").next().unwrap())
        .collect()
}

fn validation_on<'a>(sheet_xml: &'a str, sqref: &str) -> &'a str {
    validations(sheet_xml)
        .into_iter()
        .find(|v| v.contains(&format!("sqref=\"{sqref}\"")))
        .unwrap_or_else(|| panic!("no validation on {sqref} in {sheet_xml}"))
}

#[test]
fn every_sample_workbook_has_the_headers_lofte_reads() {
    for name in SAMPLES {
        let agreement = sample(name);
        let layout = logbook::layout(&agreement);
        // The empty workbook: each log sheet is read (an empty log is
        // worth a warning, and only that), the instructions are not.
        let empty = read_bytes(
            "logg.xlsx",
            logbook::workbook(&agreement).unwrap(),
            &IngestOptions::default(),
        );
        assert_eq!(empty.sources[0].sheets_read, layout.sheets, "{name}");
        assert_eq!(
            empty.sources[0].sheets_skipped,
            [logbook::INSTRUCTIONS_SHEET],
            "{name}"
        );
        let codes: Vec<(&str, Option<&str>)> = empty
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.location.as_ref().and_then(|l| l.sheet.as_deref()),
                )
            })
            .collect();
        let expected: Vec<(&str, Option<&str>)> = layout
            .sheets
            .iter()
            .map(|s| ("empty-log", Some(s.as_str())))
            .collect();
        assert_eq!(codes, expected, "{name}");

        // One row on each sheet: no diagnostic at all, and every column
        // lands where ingest expects it.
        let first_id = agreement.promises[0].id.clone();
        let rows: Vec<Entry> = ["Polisen", "Kommunen"]
            .iter()
            .map(|who| Entry {
                date: Some(agreement.period.from),
                promise: Some(first_id.clone()),
                count: Some(2),
                activity: Some("Trafikkontroll".into()),
                place: Some(format!("Torget {who}")),
                participants: Some((*who).into()),
                comment: Some("En kommentar".into()),
                quantities: Vec::new(),
            })
            .collect();
        let filled = read_bytes(
            "logg.xlsx",
            logbook::filled_workbook(&agreement, &rows).unwrap(),
            &IngestOptions::default(),
        );
        assert!(
            filled.diagnostics.is_empty(),
            "{name}: {:#?}",
            filled.diagnostics
        );
        assert_eq!(filled.activities.len(), 2, "{name}");
        for a in &filled.activities {
            let c = a.columns();
            assert_eq!(
                (
                    c.date,
                    c.promise,
                    c.count,
                    c.activity,
                    c.place,
                    c.responsible
                ),
                (Some(0), Some(1), Some(2), Some(3), Some(4), Some(5)),
                "{name}"
            );
            assert_eq!(a.count, 2);
            assert_eq!(a.date, agreement.period.from);
            assert_eq!(a.comment(), Some("En kommentar"));
            let extras: Vec<&str> = a.extra.iter().map(|e| e.header.as_str()).collect();
            let quantity: Vec<&str> = layout
                .columns
                .iter()
                .filter(|c| c.kind == logbook::ColumnKind::Quantity)
                .map(|c| c.header.as_str())
                .collect();
            assert_eq!(extras, quantity, "{name}");
        }
        if layout.sheets.len() == 2 {
            let sheets: Vec<&str> = filled
                .activities
                .iter()
                .map(|a| a.source.sheet.as_deref().unwrap())
                .collect();
            assert_eq!(sheets, ["Polisen", "Kommunen"], "{name}");
        }
    }
}

#[test]
fn sample_rows_carried_into_the_workbook_give_the_same_figures() {
    for name in SAMPLES {
        let agreement = sample(name);
        let original = sample_rows(&agreement);
        let before = whole_period(&agreement, &original);
        let bytes = logbook::filled_workbook(&agreement, &entries(&agreement, &original)).unwrap();
        let again = read_bytes("logg.xlsx", bytes, &IngestOptions::default());
        let after = whole_period(&agreement, &again);
        assert_eq!(
            warnings(&again, &after),
            empty_sheets(&agreement, &again),
            "{name}"
        );
        assert_eq!(again.activities.len(), original.activities.len(), "{name}");
        assert_eq!(figures(&after), figures(&before), "{name}");
    }
}

/// The filled workbook through the command line: `lofte report` with it as
/// the log writes the report with no warning, and its figures are the
/// hand-checked ones of the sample.
#[test]
fn report_from_the_filled_workbook_matches_the_expected_outcome() {
    let name = "kalix";
    let agreement = sample(name);
    let original = sample_rows(&agreement);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("logg.xlsx");
    std::fs::write(
        &log,
        logbook::filled_workbook(&agreement, &entries(&agreement, &original)).unwrap(),
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let run = Command::new(binary())
        .arg("report")
        .arg(folder(name))
        .arg("--activities")
        .arg(&log)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "warned: {stderr}");
    let got: Value = serde_json::from_slice(
        &std::fs::read(out.join("uppfoljning-kalix-2022-2023.json")).unwrap(),
    )
    .unwrap();
    let want: Value =
        serde_json::from_slice(&std::fs::read(folder(name).join("forvantat.json")).unwrap())
            .unwrap();
    let whole = want["windows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["window"] == serde_json::json!(["2022-01-01", "2023-12-31"]))
        .unwrap();
    for (k, v) in whole["summary"].as_object().unwrap() {
        assert_eq!(&got["summary"][k], v, "summary.{k}");
    }
    for p in whole["promises"].as_array().unwrap() {
        let g = got["promises"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == p["id"])
            .unwrap();
        assert_eq!(g["status"], p["status"], "{}", p["id"]);
    }
}

#[test]
fn the_xml_holds_dropdowns_a_frozen_header_and_a_date_format() {
    let agreement = sample("norsjo");
    let bytes = logbook::workbook(&agreement).unwrap();
    let book = unzip(&bytes, "xl/workbook.xml");
    let names: Vec<&str> = book
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(names, ["Polisen", "Kommunen", "Instruktioner"]);
    for sheet in ["sheet1", "sheet2"] {
        let xml = unzip(&bytes, &format!("xl/worksheets/{sheet}.xml"));
        // Header frozen: the pane starts below row 1.
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{xml}"
        );
        let date = validation_on(&xml, "A2:A1048576");
        // Between 2000-01-01 and 2100-12-31 (Excel serials; "between" is
        // the default operator, so not written).
        assert!(
            date.contains(r#"type="date""#)
                && date.contains("<formula1>36526</formula1><formula2>73415</formula2>"),
            "{date}"
        );
        let promise = validation_on(&xml, "B2:B1048576");
        assert!(promise.contains(r#"type="list""#), "{promise}");
        assert!(
            promise.contains("<formula1>\"N1,N2,N3,N4,N5,N6,N7,N8,N9,N10,N11,N12\"</formula1>"),
            "{promise}"
        );
        assert!(
            promise.contains("prompt=\"N1 insatser&#xA;N2 informationstillfällen"),
            "{promise}"
        );
        // Stop, the default style: an id not in the list is refused.
        assert!(!promise.contains("errorStyle"), "{promise}");
        let count = validation_on(&xml, "C2:C1048576");
        assert!(
            count.contains(r#"type="whole""#) && count.contains(r#"operator="greaterThanOrEqual""#)
        );
        assert!(count.contains("<formula1>0</formula1>"), "{count}");
        let activity = validation_on(&xml, "D2:D1048576");
        assert!(
            activity.contains(
                "<formula1>\"Anmälan narkotikabrott,Beslag,Klassrumsbesök,Temadag\"</formula1>"
            ),
            "{activity}"
        );
        assert!(
            activity.contains(r#"errorStyle="information""#),
            "{activity}"
        );
        let place = validation_on(&xml, "E2:E1048576");
        assert!(
            place.contains("<formula1>\"Åk 6,Åk 7,Åk 8,Åk 9\"</formula1>"),
            "{place}"
        );
        let seized = validation_on(&xml, "G2:G1048576");
        assert!(seized.contains(r#"type="decimal""#), "{seized}");
        // The Datum column carries the date style, so typed dates become
        // dates; Löfte is a text column, so a typed "1.10" stays "1.10".
        let styles = unzip(&bytes, "xl/styles.xml");
        let style_index = date_style(&styles);
        let text = style_with(&styles, "@");
        assert!(
            xml.contains(&format!(
                r#"<col min="2" max="2" width="10.7109375" style="{text}""#
            )),
            "{xml}"
        );
        assert!(
            xml.contains(&format!(
                r#"<col min="1" max="1" width="12.7109375" style="{style_index}""#
            )),
            "{xml}"
        );
    }
}

#[test]
fn the_same_agreement_gives_the_same_bytes() {
    let agreement = sample("haparanda");
    assert_eq!(
        logbook::workbook(&agreement).unwrap(),
        logbook::workbook(&agreement).unwrap()
    );
}

/// A frame for made-up agreements.
fn with_promises(promises: &str) -> Agreement {
    parse(&format!(
        r#"
kommun = "Exempel"
lokalpolisomrade = "Exempelområdet"
period = {{ fran = 2023-01-01, till = 2023-12-31 }}

[[fokusomrade]]
id = "a"
namn = "Närvaro"
{promises}"#
    ))
}

#[test]
fn a_long_list_of_promises_goes_to_the_list_sheet() {
    let mut promises = String::new();
    for i in 1..=60 {
        promises.push_str(&format!(
            "[[lofte]]\nid = \"TRYGGHET-{i}\"\nfokusomrade = \"a\"\ntext = \"Löfte {i}\"\nansvarig = \"Polisen\"\nmal = [{{ typ = \"totalt\", antal = 1 }}]\n\n"
        ));
    }
    let agreement = with_promises(&promises);
    let bytes = logbook::workbook(&agreement).unwrap();
    let book = unzip(&bytes, "xl/workbook.xml");
    assert!(
        book.contains(r#"<sheet name="Listor" sheetId="3" r:id="rId3"/>"#),
        "{book}"
    );
    let xml = unzip(&bytes, "xl/worksheets/sheet1.xml");
    let promise = validation_on(&xml, "B2:B1048576");
    assert!(
        promise.contains("<formula1>'Listor'!$B$3:$B$62</formula1>"),
        "{promise}"
    );
    // The list sheet is not a log, and a row with the last id counts.
    let rows = [Entry {
        date: NaiveDate::from_ymd_opt(2023, 5, 4),
        promise: Some("TRYGGHET-60".into()),
        participants: Some("Polisen".into()),
        ..Entry::default()
    }];
    let read = read_bytes(
        "logg.xlsx",
        logbook::filled_workbook(&agreement, &rows).unwrap(),
        &IngestOptions::default(),
    );
    assert!(read.diagnostics.is_empty(), "{:#?}", read.diagnostics);
    assert_eq!(read.sources[0].sheets_skipped, ["Instruktioner", "Listor"]);
    let e = whole_period(&agreement, &read);
    assert!(e.diagnostics.is_empty(), "{:#?}", e.diagnostics);
    let last = e.results.promises.last().unwrap();
    assert_eq!((last.id.as_str(), last.rows_counted), ("TRYGGHET-60", 1));
}

#[test]
fn an_activity_type_with_a_comma_is_offered_from_the_list_sheet() {
    let agreement = with_promises(
        r#"[[lofte]]
id = "P1"
fokusomrade = "a"
text = "x"
ansvarig = "Polisen"
aktiviteter = ["Kontroll, hastighet", "Kontroll, nykterhet"]
mal = [{ typ = "totalt", antal = 1 }]
"#,
    );
    let bytes = logbook::workbook(&agreement).unwrap();
    let xml = unzip(&bytes, "xl/worksheets/sheet1.xml");
    // A literal list would split "Kontroll, hastighet" in two.
    assert!(validation_on(&xml, "D2:D1048576").contains("<formula1>'Listor'!$B$3:$B$4</formula1>"));
    assert!(validation_on(&xml, "B2:B1048576").contains("<formula1>\"P1\"</formula1>"));
}

#[test]
fn the_csv_template_round_trips() {
    let agreement = sample("norsjo");
    let template = logbook::csv_template(&agreement);
    assert!(template.starts_with("\u{feff}Datum;Löfte;Antal;".as_bytes()));
    // Rows as Swedish Excel saves them: semicolons, decimal comma, CRLF.
    let mut csv = template.clone();
    csv.extend_from_slice(
        "2020-03-15;N1;1;Beslag;Centrum;Polisen;12,5;Beslag vid kontroll\r\n\
         2020-03-16;N5;4;Trafikkontroll;E4;Polisen;;\r\n\
         2021-05-02;N5;;Trafikkontroll;;Polisen;;\r\n"
            .as_bytes(),
    );
    let read = read_bytes("logg.csv", csv, &IngestOptions::default());
    assert!(read.diagnostics.is_empty(), "{:#?}", read.diagnostics);
    let got: Vec<(NaiveDate, &str, u32, Option<f64>)> = read
        .activities
        .iter()
        .map(|a| {
            (
                a.date,
                a.promise().unwrap(),
                a.count,
                a.extra_number("Beslag (g)").and_then(|e| e.number),
            )
        })
        .collect();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(
        got,
        [
            (d(2020, 3, 15), "N1", 1, Some(12.5)),
            (d(2020, 3, 16), "N5", 4, None),
            (d(2021, 5, 2), "N5", 1, None),
        ]
    );
    let e = whole_period(&agreement, &read);
    let n5 = e.results.promises.iter().find(|p| p.id == "N5").unwrap();
    assert_eq!(n5.targets[0].total, 5.0);
    let n1 = e.results.promises.iter().find(|p| p.id == "N1").unwrap();
    let seized = n1.targets.iter().find(|t| t.noun == "gram").unwrap();
    assert_eq!(seized.total, 12.5);
}

/// LibreOffice, when installed (CI installs it: .ci/run sets
/// LOFTE_REQUIRE_SOFFICE=1 so it is not silently skipped there).
fn soffice() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("soffice"))
            .find(|p| p.is_file())
    });
    if found.is_none() && std::env::var_os("LOFTE_REQUIRE_SOFFICE").is_some() {
        panic!("LOFTE_REQUIRE_SOFFICE is set but soffice is not on PATH");
    }
    found
}

/// Converts `file` with LibreOffice into `to` (an extension) in `out`.
fn convert(soffice: &Path, profile: &Path, file: &Path, to: &str, out: &Path) -> PathBuf {
    let run = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .unwrap();
    let made = out.join(file.with_extension(to).file_name().unwrap());
    assert!(
        made.is_file(),
        "soffice did not write {}: {}",
        made.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    made
}

/// A filled workbook saved again by LibreOffice, as ods and as xlsx, reads
/// back with no warning and the same figures; the resaved xlsx keeps its
/// dropdowns and the date format.
#[test]
fn a_workbook_saved_again_by_libreoffice_gives_the_same_figures() {
    let Some(soffice) = soffice() else {
        eprintln!("soffice not installed: LibreOffice round trip skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    for name in ["kalix", "norsjo"] {
        let agreement = sample(name);
        let original = sample_rows(&agreement);
        let before = whole_period(&agreement, &original);
        let written = dir.path().join(format!("{name}.xlsx"));
        std::fs::write(
            &written,
            logbook::filled_workbook(&agreement, &entries(&agreement, &original)).unwrap(),
        )
        .unwrap();
        let ods_dir = dir.path().join(format!("{name}-ods"));
        let ods = convert(&soffice, &profile, &written, "ods", &ods_dir);
        let xlsx_dir = dir.path().join(format!("{name}-xlsx"));
        let xlsx = convert(&soffice, &profile, &ods, "xlsx", &xlsx_dir);
        for file in [&ods, &xlsx] {
            let bytes = std::fs::read(file).unwrap();
            if file == &xlsx {
                let sheet = unzip(&bytes, "xl/worksheets/sheet1.xml");
                let promise = validations(&sheet)
                    .into_iter()
                    .find(|v| v.contains("sqref=\"B2:"))
                    .expect("the Löfte dropdown survives LibreOffice");
                assert!(promise.contains(r#"type="list""#), "{promise}");
                let styles = unzip(&bytes, "xl/styles.xml");
                assert!(styles.contains(r#"formatCode="yyyy\-mm\-dd""#), "{styles}");
            }
            let display = file.file_name().unwrap().to_string_lossy().into_owned();
            let again = read_bytes(&display, bytes, &IngestOptions::default());
            let after = whole_period(&agreement, &again);
            assert_eq!(
                warnings(&again, &after),
                empty_sheets(&agreement, &again),
                "{name} {display}"
            );
            assert_eq!(figures(&after), figures(&before), "{name} {display}");
        }
    }
}

/// A Python with LibreOffice's UNO bridge, when installed.
fn python_uno() -> Option<PathBuf> {
    let found = ["/usr/bin/python3", "python3"]
        .iter()
        .map(PathBuf::from)
        .find(|p| {
            Command::new(p)
                .args(["-c", "import uno"])
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() && std::env::var_os("LOFTE_REQUIRE_SOFFICE").is_some() {
        panic!("LOFTE_REQUIRE_SOFFICE is set but no python3 can import uno (python3-uno)");
    }
    found
}

/// soffice and a Python with its bridge, or `None` (and a note) when
/// either is missing.
fn typing_tools() -> Option<(PathBuf, PathBuf)> {
    match (soffice(), python_uno()) {
        (Some(s), Some(p)) => Some((s, p)),
        _ => {
            eprintln!("soffice or python3-uno not installed: typing test skipped");
            None
        }
    }
}

/// Types `lines` (sheet, then cell texts, tab-separated) into `workbook`
/// in LibreOffice and returns the xlsx LibreOffice saves. `ui`: through
/// the typing command, which obeys a text column's format but can crash
/// LibreOffice 7.4 headless now and then (tried three times).
fn type_in_libreoffice(
    (soffice, python): &(PathBuf, PathBuf),
    dir: &Path,
    tag: &str,
    workbook: &Path,
    lines: &str,
    ui: bool,
) -> Vec<u8> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/logbook/type_rows.py");
    let rows = dir.join(format!("{tag}.tsv"));
    std::fs::write(&rows, lines).unwrap();
    let mut errors = String::new();
    for attempt in 1..=if ui { 3 } else { 1 } {
        // A fresh copy and profile each time: a crash leaves a lock file.
        let copy = dir.join(format!("{tag}-{attempt}.xlsx"));
        std::fs::copy(workbook, &copy).unwrap();
        let out = dir.join(format!("{tag}-{attempt}-typed.xlsx"));
        let mut cmd = Command::new(python);
        cmd.arg(&script)
            .arg(soffice)
            .arg(dir.join(format!("profile-{tag}-{attempt}")))
            .arg(&copy)
            .arg(&rows)
            .arg(&out);
        if ui {
            cmd.arg("ui");
        }
        let run = cmd.output().unwrap();
        if run.status.success() && out.is_file() {
            return std::fs::read(&out).unwrap();
        }
        errors.push_str(&String::from_utf8_lossy(&run.stderr));
    }
    panic!("{tag}: LibreOffice did not type the rows: {errors}");
}

/// Promise ids numbered like the agreement's sections ("1.10") are text
/// columns: typed, they stay "1.10" (not the number 1.1, nor a date in
/// Swedish Excel) and count toward their promise.
#[test]
fn promise_ids_that_look_like_numbers_stay_text_when_typed() {
    let Some(tools) = typing_tools() else {
        return;
    };
    let mut promises = String::new();
    for id in ["1.1", "1.10", "2"] {
        promises.push_str(&format!(
            "[[lofte]]\nid = \"{id}\"\nfokusomrade = \"a\"\ntext = \"Löfte {id}\"\nansvarig = \"Polisen\"\nmal = [{{ typ = \"totalt\", antal = 1 }}]\n\n"
        ));
    }
    let agreement = with_promises(&promises);
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("ids.xlsx");
    std::fs::write(&empty, logbook::workbook(&agreement).unwrap()).unwrap();
    let bytes = type_in_libreoffice(
        &tools,
        dir.path(),
        "ids",
        &empty,
        "Polisen\t2023-02-01\t1.10\t3\nPolisen\t2023-02-02\t2\t1\n",
        true,
    );
    let read = read_bytes("ids.xlsx", bytes, &IngestOptions::default());
    let e = whole_period(&agreement, &read);
    assert_eq!(warnings(&read, &e), Vec::<Diagnostic>::new());
    let counted: Vec<(&str, u64)> = e
        .results
        .promises
        .iter()
        .map(|p| (p.id.as_str(), p.rows_counted))
        .collect();
    assert_eq!(counted, [("1.1", 0), ("1.10", 1), ("2", 1)]);
}

/// The sample's rows entered into the empty workbook in LibreOffice cell
/// by cell as text that LibreOffice reads as typed input ("2022-03-15"
/// into Datum becomes a date, "2" into Antal a number), and saved by
/// LibreOffice as xlsx, read back with no warning and the figures of the
/// sample's own logs.
#[test]
fn rows_typed_in_libreoffice_give_the_same_figures() {
    let Some(tools) = typing_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for name in ["kalix", "norsjo"] {
        let agreement = sample(name);
        let layout = logbook::layout(&agreement);
        let original = sample_rows(&agreement);
        let before = whole_period(&agreement, &original);
        let empty = dir.path().join(format!("{name}-empty.xlsx"));
        std::fs::write(&empty, logbook::workbook(&agreement).unwrap()).unwrap();
        // What a person would type, cell by cell, on the party's sheet.
        let mut typed = String::new();
        for (entry, activity) in entries(&agreement, &original)
            .iter()
            .zip(&original.activities)
        {
            let who = activity
                .responsible()
                .map(lofte::evaluate::parties)
                .unwrap_or_default();
            let sheet = match (
                who.contains(&lofte::agreement::Party::Police),
                who.contains(&lofte::agreement::Party::Municipality),
            ) {
                (false, true) if layout.sheets.iter().any(|s| s == "Kommunen") => "Kommunen",
                _ => layout.sheets[0].as_str(),
            };
            let flat = |t: &Option<String>| t.as_deref().unwrap_or("").replace(['\t', '\n'], " ");
            let cells: Vec<String> = layout
                .columns
                .iter()
                .map(|c| match c.kind {
                    logbook::ColumnKind::Date => entry.date.unwrap().to_string(),
                    logbook::ColumnKind::Promise => flat(&entry.promise),
                    logbook::ColumnKind::Count => {
                        entry.count.map(|n| n.to_string()).unwrap_or_default()
                    }
                    logbook::ColumnKind::Activity => flat(&entry.activity),
                    logbook::ColumnKind::Place => flat(&entry.place),
                    logbook::ColumnKind::Participants => flat(&entry.participants),
                    logbook::ColumnKind::Quantity => entry
                        .quantities
                        .iter()
                        .find(|(h, _)| *h == c.header)
                        .map(|(_, x)| x.to_string())
                        .unwrap_or_default(),
                    logbook::ColumnKind::Comment => flat(&entry.comment),
                })
                .collect();
            typed.push_str(&format!("{sheet}\t{}\n", cells.join("\t")));
        }
        let bytes = type_in_libreoffice(&tools, dir.path(), name, &empty, &typed, false);
        // The typed "2022-…" became a date cell (a number) in the date style.
        let style = date_style(&unzip(&bytes, "xl/styles.xml"));
        let sheet = unzip(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains(&format!(r#"<c r="A2" s="{style}" t="n"><v>"#)),
            "{name}: {sheet}"
        );
        let again = read_bytes("typed.xlsx", bytes, &IngestOptions::default());
        let after = whole_period(&agreement, &again);
        assert_eq!(
            warnings(&again, &after),
            empty_sheets(&agreement, &again),
            "{name}"
        );
        assert_eq!(again.activities.len(), original.activities.len(), "{name}");
        assert_eq!(figures(&after), figures(&before), "{name}");
    }
}

#[test]
fn logg_writes_beside_the_promise_file_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let agreement = dir.path().join("kalix");
    std::fs::create_dir(&agreement).unwrap();
    for f in ["loften.toml", "aktiviteter.xlsx"] {
        std::fs::copy(folder("kalix").join(f), agreement.join(f)).unwrap();
    }
    let lofte = |args: &[&str]| {
        let run = Command::new(binary())
            .arg("logg")
            .arg(&agreement)
            .args(args)
            .output()
            .unwrap();
        (
            run.status.code(),
            String::from_utf8_lossy(&run.stdout).into_owned(),
            String::from_utf8_lossy(&run.stderr).into_owned(),
        )
    };
    let target = agreement.join("aktivitetslogg-kalix-2022-2023.xlsx");
    let (code, stdout, stderr) = lofte(&[]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let shown = agreement.display();
    assert_eq!(
        stdout,
        format!(
            "wrote {shown}/aktivitetslogg-kalix-2022-2023.xlsx\n\
             \x20 columns: Datum | Löfte | Antal | Aktivitet | Plats | Deltagare | Kommentar\n\
             \x20 sheets: Polisen, Kommunen (log here), Instruktioner (every promise, its target and what to log)\n\
             \x20 dropdowns: Löfte 12 promise ids, Aktivitet free text (the promise file names no activity types), Deltagare Polisen / Kommunen / Polisen och kommunen\n\
             next: name it in {shown}/loften.toml: loggar = [\"aktivitetslogg-kalix-2022-2023.xlsx\"]\n"
        )
    );
    let first = std::fs::read(&target).unwrap();

    // A second run refuses; with --force it replaces.
    std::fs::write(&target, b"rows the user logged").unwrap();
    let (code, stdout, stderr) = lofte(&[]);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        format!(
            "error: {shown}/aktivitetslogg-kalix-2022-2023.xlsx already exists; give --force to replace it, or -o another name\n"
        )
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"rows the user logged");
    let (code, _, _) = lofte(&["--force"]);
    assert_eq!(code, Some(0));
    assert_eq!(std::fs::read(&target).unwrap(), first);

    // A log the promise file reads is never replaced, even with --force.
    let log = agreement.join("aktiviteter.xlsx");
    let before = std::fs::read(&log).unwrap();
    let (code, _, stderr) = lofte(&["-o", log.to_str().unwrap(), "--force"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("is never overwritten"), "{stderr}");
    assert_eq!(std::fs::read(&log).unwrap(), before);

    // --csv: the template beside it; -o with another extension is refused.
    let (code, stdout, _) = lofte(&["--csv"]);
    assert_eq!(code, Some(0));
    assert!(stdout.starts_with(&format!(
        "wrote {shown}/aktivitetslogg-kalix-2022-2023.csv\n"
    )));
    assert_eq!(
        std::fs::read(agreement.join("aktivitetslogg-kalix-2022-2023.csv")).unwrap(),
        logbook::csv_template(&sample("kalix"))
    );
    let (code, _, stderr) = lofte(&["-o", "logg.ods"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("writes an .xlsx workbook"), "{stderr}");
    // Nothing else was left behind (no temporary files).
    let mut left: Vec<String> = std::fs::read_dir(&agreement)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "aktiviteter.xlsx",
            "aktivitetslogg-kalix-2022-2023.csv",
            "aktivitetslogg-kalix-2022-2023.xlsx",
            "loften.toml"
        ]
    );
}

/// A promise file may name the log before it exists: `lofte logg` creates
/// it and says so; once it holds rows it is an input and never replaced.
#[test]
fn a_log_named_in_loggar_is_created_once_and_then_kept() {
    let dir = tempfile::tempdir().unwrap();
    let toml = std::fs::read_to_string(folder("kalix").join("loften.toml"))
        .unwrap()
        .replace(
            r#"loggar = ["aktiviteter.xlsx"]"#,
            r#"loggar = ["polisens-logg.xlsx"]"#,
        );
    assert!(toml.contains("polisens-logg.xlsx"));
    let promise_file = dir.path().join("loften.toml");
    std::fs::write(&promise_file, toml).unwrap();
    let target = dir.path().join("polisens-logg.xlsx");
    let run = |extra: &[&str]| {
        Command::new(binary())
            .arg("logg")
            .arg(&promise_file)
            .arg("-o")
            .arg(&target)
            .args(extra)
            .output()
            .unwrap()
    };
    let first = run(&[]);
    assert_eq!(first.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert_eq!(
        stdout.lines().last().unwrap(),
        format!("{} already names it in loggar", promise_file.display())
    );
    std::fs::write(&target, b"the year's rows").unwrap();
    let again = run(&["--force"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&again.stderr),
        format!(
            "error: {} is an input of this agreement (the promise file or a log it names) and is never overwritten; give -o another name\n",
            target.display()
        )
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"the year's rows");
}

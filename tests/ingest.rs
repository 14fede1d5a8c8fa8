//! Reading real office files: the same log written by LibreOffice as
//! xlsx, ods and xls, by rust_xlsxwriter as xlsx, and as csv in every
//! encoding, gives the same rows; every diagnostic names the exact cell
//! (the header sits at B3, so a cell is never counted from A1).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use lofte::diag::{Diagnostic, Sink};
use lofte::ingest::{IngestOptions, Ingested, Limits, LogInput};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

/// The rows and every problem found, errors first.
fn read(names: &[&str], options: &IngestOptions) -> (Ingested, Vec<Diagnostic>) {
    let inputs: Vec<LogInput> = names
        .iter()
        .map(|n| LogInput {
            path: fixture(n),
            display: (*n).to_owned(),
        })
        .collect();
    read_logs(&inputs, options)
}

fn read_logs(inputs: &[LogInput], options: &IngestOptions) -> (Ingested, Vec<Diagnostic>) {
    let mut sink = Sink::default();
    let i = lofte::ingest::read_logs(inputs, options, &mut sink);
    (i, sink.into_vec())
}

/// (date, promise, count, activity, place, responsible, row)
type Row = (NaiveDate, String, u32, String, String, String, u32);

fn rows(i: &Ingested) -> Vec<Row> {
    i.activities
        .iter()
        .map(|a| {
            (
                a.date,
                a.promise().unwrap_or_default().to_owned(),
                a.count,
                a.activity().unwrap_or_default().to_owned(),
                a.place().unwrap_or_default().to_owned(),
                a.responsible().unwrap_or_default().to_owned(),
                a.row,
            )
        })
        .collect()
}

fn expected() -> Vec<Row> {
    let d = |m, day| NaiveDate::from_ymd_opt(2023, m, day).unwrap();
    let s = |x: &str| x.to_owned();
    vec![
        (
            d(1, 10),
            s("K1"),
            2,
            s("Trafikkontroll"),
            s("E4"),
            s("Polisen"),
            4,
        ),
        // Antal empty: 1.
        (
            d(2, 14),
            s("K1"),
            1,
            s("Trafikkontroll"),
            s("Centrum"),
            s("Polisen"),
            5,
        ),
        // After a blank row.
        (
            d(3, 20),
            s("K2"),
            1,
            s("Trygghetsvandring"),
            s("Centrum"),
            s("Polis, Kommun"),
            7,
        ),
    ]
}

#[test]
fn every_format_and_encoding_gives_the_same_rows() {
    for name in [
        "base.xlsx",
        "lo-base.xlsx",
        "base.ods",
        "base.xls",
        "base-utf8.csv",
        "base-bom.csv",
        "base-cp1252.csv",
        "base-utf16.txt",
    ] {
        let (i, problems) = read(&[name], &IngestOptions::default());
        let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert_eq!(rows(&i), expected(), "{name}");
        // The Summa row is skipped, said so, and never counted.
        assert_eq!(i.excluded.len(), 1, "{name}");
        assert!(
            i.excluded[0].location.to_string().ends_with(" 8"),
            "{name}: {}",
            i.excluded[0].location
        );
        assert!(
            problems.iter().any(|d| d.code.as_str() == "summary-row"),
            "{name}"
        );
        assert_eq!(i.sources[0].rows_read, 3, "{name}");
        assert_eq!(i.sources[0].sha256.len(), 64);
    }
}

#[test]
fn sheets_without_a_header_are_listed_as_skipped() {
    let (i, _) = read(&["base.xlsx"], &IngestOptions::default());
    assert_eq!(i.sources[0].sheets_read, ["Polisen"]);
    assert_eq!(i.sources[0].sheets_skipped, ["Anteckningar"]);
    let only = IngestOptions {
        sheet: Some("Anteckningar".to_owned()),
        ..IngestOptions::default()
    };
    let (_, problems) = read(&["base.xlsx"], &only);
    assert!(problems.iter().any(|d| d.code.as_str() == "no-header"));
    let missing = IngestOptions {
        sheet: Some("Kommunen".to_owned()),
        ..IngestOptions::default()
    };
    let (_, problems) = read(&["base.xlsx"], &missing);
    let e = problems.iter().find(|d| d.is_error()).unwrap();
    assert!(e.message.contains("Polisen, Anteckningar"), "{}", e.message);
}

#[test]
fn every_bad_cell_is_named_exactly_in_every_format() {
    for name in ["fel.xlsx", "lo-fel.xlsx", "fel.ods", "fel.xls"] {
        let (i, problems) = read(&[name], &IngestOptions::default());
        let mut found: Vec<(String, &str)> = problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.location.as_ref().unwrap().a1().unwrap(), d.code.as_str()))
            .collect();
        found.sort();
        assert_eq!(
            found,
            vec![
                ("B5".to_owned(), "ambiguous-date"),
                ("B7".to_owned(), "date-out-of-range"),
                ("D4".to_owned(), "bad-count"),
                ("D6".to_owned(), "error-cell"),
                ("D8".to_owned(), "bad-count"),
            ],
            "{name}"
        );
        assert!(i.activities.is_empty(), "{name}: a bad row was counted");
        let text = problems[0].to_string();
        assert!(
            text.contains(&format!("{name}, sheet \"Polisen\", cell")),
            "{text}"
        );
    }
}

#[test]
fn a_stated_date_order_reads_the_ambiguous_date() {
    let options = IngestOptions {
        date_order: Some(lofte::ingest::DateOrder::DayMonth),
        ..IngestOptions::default()
    };
    let (_, problems) = read(&["fel.xlsx"], &options);
    assert!(!problems.iter().any(|d| d.code.as_str() == "ambiguous-date"));
}

/// The same log in two formats: every row of the second repeats one of
/// the first, so it is a copy (an error naming both), not three warnings
/// beside doubled figures.
#[test]
fn the_same_log_in_two_formats_is_a_copy_naming_both() {
    let (i, problems) = read(&["base.xlsx", "base-utf8.csv"], &IngestOptions::default());
    let codes: Vec<&str> = problems.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"copied-log"), "{codes:?}");
    assert!(!codes.contains(&"duplicate-row"), "{codes:?}");
    let copy = problems
        .iter()
        .find(|d| d.code.as_str() == "copied-log")
        .unwrap();
    assert!(copy.is_error());
    assert_eq!(
        copy.message,
        "the log base-utf8.csv is a copy of the sheet \"Polisen\" of base.xlsx: each of its 3 rows is identical to a row there, so every one would be counted twice"
    );
    assert_eq!(copy.location.as_ref().unwrap().to_string(), "base-utf8.csv");
    assert_eq!(
        copy.related[0].location.to_string(),
        "base.xlsx, sheet \"Polisen\""
    );
    assert_eq!(i.activities.len(), 6);
}

#[test]
fn the_same_row_in_two_files_is_a_warning_naming_both() {
    // The csv form of base.xlsx with two of its three rows at other places.
    let csv = std::fs::read_to_string(fixture("base-utf8.csv"))
        .unwrap()
        .replace(
            "\"Trafikkontroll\";\"Centrum\"",
            "\"Trafikkontroll\";\"Hamnen\"",
        )
        .replace(
            "\"Trygghetsvandring\";\"Centrum\"",
            "\"Trygghetsvandring\";\"Torget\"",
        );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kommunen.csv"), csv).unwrap();
    let inputs = [
        LogInput {
            path: fixture("base.xlsx"),
            display: "base.xlsx".to_owned(),
        },
        LogInput {
            path: dir.path().join("kommunen.csv"),
            display: "kommunen.csv".to_owned(),
        },
    ];
    let (i, problems) = read_logs(&inputs, &IngestOptions::default());
    let dups: Vec<_> = problems
        .iter()
        .filter(|d| d.code.as_str() == "duplicate-row")
        .collect();
    assert_eq!(dups.len(), 1, "{problems:#?}");
    assert!(!problems.iter().any(|d| d.code.as_str() == "copied-log"));
    assert!(!dups[0].is_error());
    // One warning per group, naming the first row and then its repeats.
    assert_eq!(
        dups[0].location.as_ref().unwrap().to_string(),
        "base.xlsx, sheet \"Polisen\", row 4"
    );
    assert_eq!(
        dups[0].related[0].location.to_string(),
        "kommunen.csv, line 4"
    );
    assert_eq!(
        dups[0].message,
        "2 identical rows: base.xlsx, sheet \"Polisen\", row 4; kommunen.csv, line 4"
    );
    assert_eq!(
        i.activities.len(),
        6,
        "duplicates are still counted: both may have happened"
    );
}

#[test]
fn limits_refuse_before_reading() {
    let tiny = |f: fn(&mut Limits)| {
        let mut limits = Limits::default();
        f(&mut limits);
        IngestOptions {
            limits,
            ..IngestOptions::default()
        }
    };
    let (i, problems) = read(&["base.xlsx"], &tiny(|l| l.max_unzipped_bytes = 1000));
    let e = problems.iter().find(|d| d.is_error()).unwrap();
    assert!(e.message.contains("--max-unzipped-mb"), "{}", e.message);
    assert!(i.activities.is_empty());
    let (_, problems) = read(&["base-utf8.csv"], &tiny(|l| l.max_file_bytes = 10));
    assert!(problems.iter().any(|d| d.code.as_str() == "file-too-large"));
    let (_, problems) = read(&["base.ods"], &tiny(|l| l.max_cells = 5));
    assert!(
        problems
            .iter()
            .any(|d| d.is_error() && d.message.contains("--max-cells"))
    );
}

#[test]
fn files_that_are_not_spreadsheets_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("rapport.xlsx", b"%PDF-1.7 not a sheet", "PDF"),
        (
            "brus.xlsx",
            &[0x00, 0x9f, 0x13, 0x00, 0xff, 0x00, 0x01],
            "not a spreadsheet",
        ),
        ("trasig.xlsx", b"PK\x03\x04broken zip", "workbook"),
        ("tom.csv", b"", "empty"),
    ];
    for (name, bytes, fragment) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (_, problems) = read_logs(
            &[LogInput {
                path,
                display: name.to_owned(),
            }],
            &IngestOptions::default(),
        );
        let e = problems.iter().find(|d| d.is_error());
        let text = e.map(ToString::to_string).unwrap_or_default();
        assert!(
            text.contains(fragment) && text.contains(name),
            "{name}: {text}"
        );
    }
}

/// Crashes found by fuzzing (docs/fuzzing.md), kept as regression tests:
/// each file must give an error naming it, never a panic.
#[test]
fn fuzz_findings_are_errors_not_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (_, problems) = read_logs(
            &[LogInput {
                path: path.clone(),
                display: name.clone(),
            }],
            &IngestOptions::default(),
        );
        let e = problems.iter().find(|d| d.is_error());
        let text = e.map(ToString::to_string).unwrap_or_default();
        assert!(text.contains(&name), "{name}: {text}");
        seen += 1;
    }
    assert!(seen >= 1);
}

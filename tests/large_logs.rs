//! Large logs are read from their file in pieces (a quote-free UTF-8 csv
//! from 8 MiB) or opened from it (a zipped workbook from 1 MiB), never
//! held whole; `read_bytes` (what `lofte serve` is given) reads the same
//! bytes at once. Both must give the same rows, line numbers, problems and
//! hash: these tests compare them at lofte's own thresholds.

use lofte::diag::{Diagnostic, Sink};
use lofte::ingest::{IngestOptions, Ingested, LogInput, Selection};

/// Read from the file at `path`, as `lofte report` reads a log.
fn from_file(path: &std::path::Path, options: &IngestOptions) -> (Ingested, Vec<Diagnostic>) {
    let mut sink = Sink::default();
    let input = LogInput {
        path: path.to_owned(),
        display: "logg.csv".to_owned(),
    };
    let read = lofte::ingest::read_logs(&[input], options, &mut sink);
    (read, sink.into_vec())
}

/// The same bytes read at once, as `lofte serve` reads an upload.
fn from_memory(path: &std::path::Path, options: &IngestOptions) -> (Ingested, Vec<Diagnostic>) {
    let mut sink = Sink::default();
    let bytes = std::fs::read(path).unwrap();
    let read = lofte::ingest::read_bytes("logg.csv", bytes, options, &mut sink);
    (read, sink.into_vec())
}

/// A 9 MiB log with a problem every 89 lines, CRLF on some lines, blank
/// lines and rows of three municipalities.
fn large_log() -> String {
    let mut text = String::from("\u{feff}Export 2023\r\n\r\nDatum;Löfte;Antal;Plats;Kommun\r\n");
    let mut k = 0usize;
    while text.len() < 9 << 20 {
        k += 1;
        let line = match k % 89 {
            0 => "2023-02-30;K1;1;Torget;Kalix\n".to_owned(),
            1 => "Summa;;40;;Kalix\n".to_owned(),
            2 => "2023-03-01;K2;ca 5;Skolan;Luleå\n".to_owned(),
            3 => "\n".to_owned(),
            _ => format!(
                "2023-{:02}-{:02};K{};{};Plats {};{}\r\n",
                1 + k % 12,
                1 + k % 28,
                k % 4,
                k % 5,
                k % 50,
                ["Kalix", "Luleå", "Piteå"][k % 3]
            ),
        };
        text.push_str(&line);
    }
    text
}

#[test]
fn a_large_csv_read_from_its_file_reads_as_from_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logg.csv");
    std::fs::write(&path, large_log()).unwrap();
    let tagged = IngestOptions {
        selection: Some(Selection {
            column: "Kommun".to_owned(),
            values: vec!["Kalix".to_owned()],
        }),
        ..IngestOptions::default()
    };
    for options in [IngestOptions::default(), tagged] {
        let (file_rows, file_problems) = from_file(&path, &options);
        let (memory_rows, memory_problems) = from_memory(&path, &options);
        assert!(file_rows.activities.len() > 50_000);
        assert!(file_problems.len() > 1_000);
        assert_eq!(file_rows.sources, memory_rows.sources);
        assert_eq!(file_rows.activities, memory_rows.activities);
        assert_eq!(file_rows.excluded, memory_rows.excluded);
        assert_eq!(file_problems, memory_problems);
    }
}

/// A quote on the last line: a cell may span lines, so the file is read
/// whole, with the same rows.
#[test]
fn a_large_csv_with_a_quote_far_down_reads_as_from_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logg.csv");
    let mut text = large_log();
    text.push_str("2023-05-01;K1;1;\"Torget; norra\";Kalix\n");
    std::fs::write(&path, text).unwrap();
    let options = IngestOptions::default();
    let (file_rows, file_problems) = from_file(&path, &options);
    let (memory_rows, memory_problems) = from_memory(&path, &options);
    assert_eq!(
        file_rows.activities.last().map(|a| a.place()),
        Some(Some("Torget; norra"))
    );
    assert_eq!(file_rows, memory_rows);
    assert_eq!(file_problems, memory_problems);
}

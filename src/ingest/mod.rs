//! Stage 1, ingest: activity logs (xlsx, xlsm, xls, xlsb, ods, csv) →
//! typed [`Activity`] rows, each remembering its file, sheet and row.
//!
//! Ingest knows nothing of promises or windows: it finds the header, reads
//! every cell it can, and reports every cell it cannot as a [`Diagnostic`]
//! naming file, sheet and cell. It never panics on any input, and it never
//! writes to the files it reads. `calamine` and `csv` are used only here.

mod activity;
pub mod cells;
pub mod duplicates;
pub mod indicators;
mod selection;
mod table;
mod text;
mod workbook;

pub use activity::{Activity, ClockTime, ExtraValue, KnownColumns, RowRef, Text};
pub use table::{Column, ColumnMap, DEFAULT_MAX_COUNT};

use crate::diag::{Code, Diagnostic, Location, Sink};
use serde::Serialize;
use std::path::PathBuf;

/// How an ambiguous numeric date such as `03/04/2023` is to be read. Without
/// one, such a date is an error naming the cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// 03/04/2023 is 3 April.
    DayMonth,
    /// 03/04/2023 is 4 March.
    MonthDay,
}

/// Size limits checked before memory is spent; raised with flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_file_bytes: u64,
    /// Most cells (rows × used columns) read from one sheet.
    pub max_cells: u64,
    /// Largest total uncompressed size of a zipped workbook's parts.
    pub max_unzipped_bytes: u64,
}

impl Limits {
    /// Default largest log file, MiB.
    pub const MAX_FILE_MB: u64 = 200;
    /// Default most cells in one sheet: two million rows of six columns,
    /// which lofte reads in about 4 s and 700 MiB (BENCHMARKS.md); a
    /// municipality's log holds a few thousand rows a year.
    pub const MAX_CELLS: u64 = 12_000_000;
    /// Default largest unpacked workbook, MiB.
    pub const MAX_UNZIPPED_MB: u64 = 2048;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: Self::MAX_FILE_MB * 1024 * 1024,
            max_cells: Self::MAX_CELLS,
            max_unzipped_bytes: Self::MAX_UNZIPPED_MB * 1024 * 1024,
        }
    }
}

/// What to read and how.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Only this sheet (`--sheet`); every sheet with a header otherwise.
    pub sheet: Option<String>,
    /// Order for ambiguous numeric dates, from the promise file.
    pub date_order: Option<DateOrder>,
    /// Size limits.
    pub limits: Limits,
    /// Headers the promise file names for the known columns (`[kolumner]`).
    pub columns: ColumnMap,
    /// Largest Antal one row may hold; `None` is [`DEFAULT_MAX_COUNT`].
    pub max_count: Option<u64>,
    /// Read hidden sheets too (`--include-hidden`, `dolda_blad = true`).
    pub include_hidden: bool,
    /// Only the rows of one municipality from a shared log (`urval`).
    pub selection: Option<Selection>,
}

/// `urval`: of a log shared by several agreements (a police region's
/// export), only the rows whose `column` holds one of `values`, compared
/// trimmed and without regard to case. The other rows are no one's
/// concern here: not counted, not warned about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The column's header ("Kommun").
    pub column: String,
    /// The values selected ("Kalix").
    pub values: Vec<String>,
}

impl IngestOptions {
    fn settings(&self) -> table::ReadSettings {
        table::ReadSettings {
            order: self.date_order,
            columns: self.columns.clone(),
            max_count: self.max_count.unwrap_or(DEFAULT_MAX_COUNT),
            selection_column: self.selection.as_ref().map(|s| s.column.clone()),
        }
    }
}

/// One log file to read.
#[derive(Debug, Clone)]
pub struct LogInput {
    /// Where it is.
    pub path: PathBuf,
    /// How to name it to the user (usually the path as given).
    pub display: String,
}

/// What was read from one file, for provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceFile {
    /// The file as named to the user.
    pub file: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Sheets read (empty for csv).
    pub sheets_read: Vec<String>,
    /// Sheets skipped because they hold no log (no header row, no Datum
    /// column, or a chart).
    pub sheets_skipped: Vec<String>,
    /// Hidden sheets, not read unless asked for.
    pub sheets_hidden: Vec<String>,
    /// Data rows read (activities produced, before any window or matching).
    pub rows_read: u64,
}

impl SourceFile {
    /// A file as read: its name, hash and size, nothing read from it yet.
    pub fn of(file: &str, bytes: &[u8]) -> SourceFile {
        SourceFile {
            sha256: sha256_hex(bytes),
            ..SourceFile::of_size(file, bytes.len())
        }
    }

    /// A file of `len` bytes whose hash is yet to be filled in.
    fn of_size(file: &str, len: usize) -> SourceFile {
        SourceFile {
            file: file.to_owned(),
            sha256: String::new(),
            bytes: len as u64,
            sheets_read: Vec::new(),
            sheets_skipped: Vec::new(),
            sheets_hidden: Vec::new(),
            rows_read: 0,
        }
    }
}

/// Why a row was left out on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionKind {
    /// A "Summa"/"Totalt" row, or a number with no date under a date column.
    SummaryRow,
    /// A row with an error in it (the error is among the diagnostics).
    Invalid,
    /// The header row repeated under the data.
    RepeatedHeader,
}

/// A row that was not turned into an activity, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excluded {
    /// The row.
    pub location: Location,
    /// The kind of reason.
    pub kind: ExclusionKind,
    /// The reason in words (Swedish: it is printed in the report).
    pub reason: String,
}

/// Everything read from all logs: the rows and where they came from. The
/// problems found on the way go to the run's [`Sink`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ingested {
    /// The activities, in file, sheet and row order.
    pub activities: Vec<Activity>,
    /// One entry per input file, in input order.
    pub sources: Vec<SourceFile>,
    /// Rows left out on purpose.
    pub excluded: Vec<Excluded>,
}

/// An [`Ingested`] being read, with the problems found so far in the
/// order found: a selection column tags a row's problems by their index
/// in this one list. Handed to the caller's [`Sink`] when reading ends.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    /// What was read so far.
    rows: Ingested,
    /// Every problem found so far, errors and warnings.
    diagnostics: Vec<Diagnostic>,
}

impl Reading {
    /// The rows, and the problems into `sink`.
    fn finish(self, sink: &mut Sink) -> Ingested {
        sink.extend(self.diagnostics);
        self.rows
    }
}

/// The rows are read as an [`Ingested`]; the problems beside them are the
/// only thing a [`Reading`] adds.
impl std::ops::Deref for Reading {
    type Target = Ingested;
    fn deref(&self) -> &Ingested {
        &self.rows
    }
}

impl std::ops::DerefMut for Reading {
    fn deref_mut(&mut self) -> &mut Ingested {
        &mut self.rows
    }
}

/// Reads every log, in order, and merges their rows. Never stops at a
/// problem: a bad cell loses its row, a bad file its rows, and every
/// problem goes to `sink`, so evaluation still runs and names its own. A
/// file given twice (by two names, or through a link) or two files with
/// the same bytes are read once, with a warning: counted twice, every
/// figure would double.
pub fn read_logs(inputs: &[LogInput], options: &IngestOptions, sink: &mut Sink) -> Ingested {
    let mut out = Reading::default();
    let mut seen: Vec<(PathBuf, String)> = Vec::new();
    for input in inputs {
        let real = input.path.canonicalize().ok();
        if let Some(real) = &real
            && let Some((_, first)) = seen.iter().find(|(p, _)| p == real)
        {
            out.diagnostics
                .push(same_file(&input.display, first, "is the same file as"));
            continue;
        }
        read_one(input, options, &mut out);
        if let Some(real) = real {
            seen.push((real, input.display.clone()));
        }
    }
    duplicates::warn(&mut out);
    out.finish(sink)
}

/// Whether `source` holds the same bytes as a log `out` already read, with
/// a warning when it does: read again, every figure would double.
pub(super) fn already_read(out: &mut Reading, display: &str, source: &SourceFile) -> bool {
    let Some(first) = out
        .sources
        .iter()
        .find(|s| s.sha256 == source.sha256 && s.bytes > 0)
    else {
        return false;
    };
    let first = first.file.clone();
    out.diagnostics.push(same_file(
        display,
        &first,
        "holds exactly the same bytes as",
    ));
    true
}

/// A log given twice: read once.
fn same_file(display: &str, first: &str, how: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::SameLogTwice,
        format!("the log {how} {first}; it is read once"),
    )
    .at(Location::file(display.to_owned()))
    .hint("remove one of them from loggar or --activities")
}

/// What a path given as a log is, when it is not a file lofte can read.
pub fn not_a_log_file(path: &std::path::Path) -> Option<(Code, String, &'static str)> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Some((
            Code::NotAFile,
            "the activity log is a folder, not a file".to_owned(),
            "name the log file inside it (loggar = [\"mapp/logg.xlsx\"])",
        )),
        Ok(m) if !m.is_file() => Some((
            Code::NotAFile,
            "the activity log is not an ordinary file (a device or a pipe)".to_owned(),
            "save the log as a file and name that",
        )),
        Ok(_) => match std::fs::File::open(path) {
            Ok(_) => None,
            Err(e) => Some((
                Code::UnreadableFile,
                format!("cannot read the file: {e}"),
                "check that you may read it (file permissions), and that no other program locks it",
            )),
        },
        Err(e) => match std::fs::symlink_metadata(path) {
            Ok(_) => Some((
                Code::BrokenLink,
                format!("the activity log is a link that leads to no file ({e})"),
                "the link loops or its target was moved; name the file itself",
            )),
            Err(_) => Some((
                Code::MissingFile,
                "the activity log does not exist".to_owned(),
                "check the path in loggar (relative to the promise file) or --activities",
            )),
        },
    }
}

/// What a file's bytes are, by content first (a PDF renamed .xlsx is still
/// a PDF), then by extension.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Zip,
    Ole,
    Text,
    Pdf,
    Binary,
}

fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Kind::Ole
    } else if bytes.starts_with(b"%PDF") {
        Kind::Pdf
    } else if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || looks_like_text(&bytes[..bytes.len().min(8192)])
    {
        Kind::Text
    } else {
        Kind::Binary
    }
}

/// Text with a stray NUL or two (a damaged save) is still text: the csv
/// reader names the line. Binary data has control bytes everywhere.
fn looks_like_text(head: &[u8]) -> bool {
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    control <= 2 || control * 100 < head.len()
}

fn read_one(input: &LogInput, options: &IngestOptions, out: &mut Reading) {
    match &options.selection {
        Some(selection) => selection::read_one(input, options, selection, out),
        None => read_file(input, options, out, &mut Keys::default()),
    }
}

/// Whose each row is, beside an [`Ingested`] read with a selection column
/// (see [`table::GridOutcome`]).
#[derive(Debug, Default)]
struct Keys {
    activities: Vec<Option<Text>>,
    diagnostics: Vec<(usize, Text)>,
    excluded: Vec<(usize, Text)>,
}

fn read_file(input: &LogInput, options: &IngestOptions, out: &mut Reading, keys: &mut Keys) {
    if let Some((code, message, hint)) = not_a_log_file(&input.path) {
        return out
            .diagnostics
            .push(file_error(&input.display, code, message, hint));
    }
    let unreadable = |e: std::io::Error| {
        file_error(
            &input.display,
            Code::UnreadableFile,
            format!("cannot read the file: {e}"),
            "check the path",
        )
    };
    // The size is checked before the file is read.
    let bytes = match std::fs::metadata(&input.path) {
        Ok(m) if m.len() > options.limits.max_file_bytes => {
            return out
                .diagnostics
                .push(too_large(&input.display, m.len(), &options.limits));
        }
        Ok(_) => match std::fs::read(&input.path) {
            Ok(b) => b,
            Err(e) => return out.diagnostics.push(unreadable(e)),
        },
        Err(e) => return out.diagnostics.push(unreadable(e)),
    };
    let ext = input
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    read_bytes_into(&input.display, ext.as_deref(), bytes, options, out, keys);
}

/// An error about a log file as a whole.
fn file_error(display: &str, code: Code, message: String, hint: &str) -> Diagnostic {
    Diagnostic::error(code, message)
        .at(Location::file(display.to_owned()))
        .hint(hint.to_owned())
}

/// A log over `--max-file-mb`.
fn too_large(display: &str, len: u64, limits: &Limits) -> Diagnostic {
    file_error(
        display,
        Code::FileTooLarge,
        format!(
            "the file is {} MiB, over the limit of {} MiB",
            len / 1024 / 1024,
            limits.max_file_bytes / 1024 / 1024
        ),
        "raise the limit with --max-file-mb, or split the log by year",
    )
}

/// Reads one log from its bytes, as [`read_logs`] reads a file: `name`
/// names it in messages and its extension (if any) tells a csv from a
/// workbook when the content does not. Never fails and never panics,
/// whatever the bytes: problems go to `sink`.
pub fn read_bytes(
    name: &str,
    bytes: Vec<u8>,
    options: &IngestOptions,
    sink: &mut Sink,
) -> Ingested {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    let mut out = Reading::default();
    if bytes.len() as u64 > options.limits.max_file_bytes {
        out.diagnostics
            .push(too_large(name, bytes.len() as u64, &options.limits));
        return out.finish(sink);
    }
    let mut keys = Keys::default();
    match &options.selection {
        Some(selection) => {
            let mut read = Reading::default();
            read_bytes_into(name, ext.as_deref(), bytes, options, &mut read, &mut keys);
            selection::select_into(&read, &keys, name, selection, &mut out);
        }
        None => read_bytes_into(name, ext.as_deref(), bytes, options, &mut out, &mut keys),
    }
    duplicates::warn(&mut out);
    out.finish(sink)
}

/// What parsing one file gave: problems with the file as a whole, and
/// each table read (sheet name for workbooks, what was read from it).
type Parsed = (
    Vec<Diagnostic>,
    Vec<(
        Option<String>,
        Result<table::GridOutcome, workbook::Skipped>,
    )>,
);

/// Files at least this large are hashed on a second thread while they are
/// parsed; a small one is hashed faster than a thread starts.
const HASH_ASIDE_BYTES: usize = 1 << 20;

fn read_bytes_into(
    display: &str,
    ext: Option<&str>,
    bytes: Vec<u8>,
    options: &IngestOptions,
    out: &mut Reading,
    keys: &mut Keys,
) {
    let whole = Location::file(display.to_owned());
    let empty = bytes.iter().all(|b| b.is_ascii_whitespace());
    // The SHA-256 of the file (its provenance, and how a log given twice
    // is told) is computed beside the parsing: on a large log it is as
    // much work as splitting it. A file found to be one already read is
    // then dropped, parsed for nothing; that is rare, a hash per log is not.
    let parse = || {
        if empty {
            (Vec::new(), Vec::new())
        } else {
            parse_bytes(display, ext, &bytes, options)
        }
    };
    let (sha256, (early, tables)) = if bytes.len() >= HASH_ASIDE_BYTES {
        std::thread::scope(|scope| {
            let hashing = scope.spawn(|| sha256_hex(&bytes));
            let parsed = parse();
            let sha256 = hashing.join().unwrap_or_else(|_| sha256_hex(&bytes));
            (sha256, parsed)
        })
    } else {
        (sha256_hex(&bytes), parse())
    };
    let mut source = SourceFile {
        sha256,
        ..SourceFile::of_size(display, bytes.len())
    };
    drop(bytes);
    if already_read(out, display, &source) {
        return;
    }
    if empty {
        out.diagnostics.push(file_error(
            display,
            Code::EmptyFile,
            "the file is empty".to_owned(),
            "save the log again from the spreadsheet program, or remove it from loggar",
        ));
        out.sources.push(source);
        return;
    }
    out.diagnostics.extend(early);
    let mut any_header = false;
    let mut any_log = false;
    let grid_count = tables.len();
    let workbook = tables.iter().any(|(sheet, _)| sheet.is_some());
    let mut no_date = Vec::new();
    let mut hidden = Vec::new();
    for (sheet, read) in tables {
        let mut read = match read {
            Ok(r) => r,
            Err(workbook::Skipped::Hidden) => {
                if let Some(name) = sheet {
                    hidden.push(name.clone());
                    source.sheets_hidden.push(name);
                }
                continue;
            }
            Err(workbook::Skipped::NotAWorksheet) => {
                if let Some(name) = sheet {
                    source.sheets_skipped.push(name);
                }
                continue;
            }
        };
        if let Some(d) = read.no_date_column.take() {
            any_header = true;
            no_date.push((sheet.clone(), d));
            if let Some(name) = &sheet {
                source.sheets_skipped.push(name.clone());
            }
            continue;
        }
        if read.has_header {
            any_header = true;
            any_log = true;
            if let Some(name) = &sheet {
                source.sheets_read.push(name.clone());
            }
        } else if let Some(name) = &sheet {
            source.sheets_skipped.push(name.clone());
        }
        if read.has_header
            && read.activities.is_empty()
            && read.excluded.is_empty()
            && read.diagnostics.is_empty()
        {
            let at = Location {
                sheet: sheet.clone(),
                ..whole.clone()
            };
            out.diagnostics.push(
                Diagnostic::warning(Code::EmptyLog, "the log has a header but no rows under it")
                    .at(at)
                    .hint("nothing from it is counted; check that this is the right file or sheet"),
            );
        }
        if let Some(name) = &sheet
            && !read.activities.is_empty()
            && is_example_sheet(name)
        {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::ExampleSheet,
                    format!("the sheet \"{name}\" looks like an example or a template, and its rows would be counted"),
                )
                .at(Location {
                    sheet: Some(name.clone()),
                    ..whole.clone()
                })
                .hint("delete or hide the sheet (hidden sheets are not read), or rename it if it is a real log"),
            );
        }
        source.rows_read += read.activities.len() as u64;
        keys.activities.extend(read.activity_keys);
        let (d0, e0) = (out.diagnostics.len(), out.excluded.len());
        keys.diagnostics
            .extend(read.diagnostic_keys.into_iter().map(|(k, v)| (k + d0, v)));
        keys.excluded
            .extend(read.excluded_keys.into_iter().map(|(k, v)| (k + e0, v)));
        if out.activities.is_empty() {
            // Moved, not copied: a large log is not held twice.
            out.activities = read.activities;
        } else {
            out.activities.extend(read.activities);
        }
        out.excluded.extend(read.excluded);
        out.diagnostics.extend(read.diagnostics);
    }
    // A sheet without Datum beside sheets that hold logs is a summary or a
    // notes sheet: listed as skipped. Alone, or in a csv, it is an error.
    for (sheet, d) in no_date {
        if workbook && any_log {
            out.diagnostics.push(
                Diagnostic::warning(
                    Code::SheetSkipped,
                    format!(
                        "the sheet \"{}\" has no Datum column, so it is not read as a log",
                        sheet.as_deref().unwrap_or_default()
                    ),
                )
                .at(Location {
                    sheet,
                    ..whole.clone()
                })
                .hint("a summary or notes sheet is fine; if it is a log, give it a Datum column"),
            );
        } else {
            out.diagnostics.push(d);
        }
    }
    if !hidden.is_empty() {
        out.diagnostics.push(
            Diagnostic::warning(
                Code::HiddenSheets,
                format!(
                    "hidden sheets are not read: {}",
                    hidden
                        .iter()
                        .map(|h| format!("\"{h}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .at(whole.clone())
            .hint("a hidden sheet is often an old copy; to count it, unhide it in Excel, or run with --include-hidden (or dolda_blad = true in the promise file)"),
        );
    }
    if !any_header && (grid_count > 0 && source.sheets_hidden.len() < grid_count) {
        out.diagnostics.push(
            Diagnostic::error(Code::NoHeader, "no header row found: the log needs a row naming its columns")
                .at(whole)
                .expected(format!(
                    "within the first {} rows, a row with Datum and at least one of Löfte, Antal, Aktivitet, Plats, Ansvarig",
                    table::HEADER_SEARCH_ROWS
                ))
                .hint("add a header row such as: Datum | Löfte | Antal | Aktivitet | Plats | Ansvarig | Kommentar"),
        );
    } else if !any_header && grid_count > 0 {
        out.diagnostics.push(
            Diagnostic::error(
                Code::OnlyHiddenSheets,
                "every sheet of the workbook is hidden",
            )
            .at(whole)
            .hint("unhide the log's sheet in Excel, or run with --include-hidden"),
        );
    }
    out.sources.push(source);
}

/// Parses one log's bytes into its tables, without looking at what was
/// read before: problems with the file as a whole are returned, not
/// pushed, so a file that turns out to be one already read leaves no trace.
fn parse_bytes(display: &str, ext: Option<&str>, bytes: &[u8], options: &IngestOptions) -> Parsed {
    let file: std::sync::Arc<str> = std::sync::Arc::from(display);
    let mut early = Vec::new();
    let mut fail = |code: Code, message: String, hint: &str| {
        early.push(file_error(display, code, message, hint));
    };
    let hint_formats = "lofte reads xlsx, xlsm, xlsb, xls, ods, csv, tsv and txt";
    let settings = options.settings();
    let tables = match sniff(bytes) {
        Kind::Pdf => {
            fail(
                Code::NotASpreadsheet,
                "the file is a PDF, not a spreadsheet".to_owned(),
                hint_formats,
            );
            Vec::new()
        }
        Kind::Binary => {
            fail(
                Code::NotASpreadsheet,
                "the file is not a spreadsheet lofte can read".to_owned(),
                hint_formats,
            );
            Vec::new()
        }
        Kind::Ole if workbook::is_encrypted(bytes) => {
            fail(
                Code::EncryptedWorkbook,
                "the workbook is password-protected, so its cells cannot be read".to_owned(),
                "open it in Excel, remove the password (Arkiv › Information › Skydda arbetsbok), save it, and run again",
            );
            Vec::new()
        }
        kind @ (Kind::Zip | Kind::Ole) => {
            // A zip is measured before it is unpacked (zip bombs).
            let checked = match kind {
                Kind::Zip => workbook::check_zip(bytes, &options.limits),
                _ => Ok(()),
            };
            let read = checked.and_then(|()| {
                workbook::read_tables(
                    bytes,
                    options.sheet.as_deref(),
                    &options.limits,
                    &file,
                    &settings,
                    options.include_hidden,
                )
            });
            match read {
                Ok(t) => t.into_iter().map(|(n, r)| (Some(n), r)).collect(),
                Err(message) => {
                    let hint = match kind {
                        Kind::Zip => hint_formats,
                        _ => {
                            "a damaged xls: open it in the spreadsheet program and save it again as xlsx"
                        }
                    };
                    fail(Code::UnreadableWorkbook, message, hint);
                    Vec::new()
                }
            }
        }
        Kind::Text => {
            if matches!(ext, Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods")) {
                fail(
                    Code::NotASpreadsheet,
                    format!(
                        "the file is named .{} but holds text, not a workbook",
                        ext.unwrap_or_default()
                    ),
                    "save it from the spreadsheet program again, or rename it .csv if it is a csv",
                );
                Vec::new()
            } else {
                let decoded = text::decode(bytes);
                early.extend(decoded.mixed_encoding_warnings(display));
                match text::read(&decoded.text, options.limits.max_cells, &file, &settings) {
                    Ok(read) => vec![(None, Ok(read))],
                    Err(text::CsvError::At(line, code, message, hint)) => {
                        early.push(
                            Diagnostic::error(code, message)
                                .at(Location::row(
                                    display.to_owned(),
                                    None,
                                    u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX),
                                ))
                                .hint(hint),
                        );
                        Vec::new()
                    }
                    Err(text::CsvError::Whole(message)) => {
                        early.push(file_error(
                            display,
                            Code::UnreadableCsv,
                            message,
                            hint_formats,
                        ));
                        Vec::new()
                    }
                }
            }
        }
    };
    (early, tables)
}

/// A sheet named as an example, a template or instructions: its rows are
/// made up, and would be counted like real ones.
fn is_example_sheet(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    [
        "exempel",
        "exempelrader",
        "example",
        "examples",
        "mall",
        "template",
        "instruktion",
        "instruktioner",
        "instructions",
        "lathund",
    ]
    .contains(&n.as_str())
}

/// Lower-case hex SHA-256: how every input file (logs, promise file,
/// template) is identified in the results.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

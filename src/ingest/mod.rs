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
mod halves;
mod hidden;
pub mod indicators;
mod municipalities;
mod plain_sheet;
mod projected;
mod selection;
mod summed;
mod table;
mod text;
mod workbook;

pub use activity::{
    Activity, BlankDone, ClockTime, ExtraValue, KnownColumns, LogSheet, Text, TextField, TextId,
    Texts,
};
pub use municipalities::{
    code_of as municipality_code, name_of as municipality_name, names as municipality_names,
};
pub use table::{Column, ColumnMap, DEFAULT_MAX_COUNT, RequestRows, is_time_header};

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
    /// The most `--max-cells` may allow: a sheet's texts are numbered in
    /// four bytes ([`TextId`]), and a sheet has no more texts than cells.
    pub const MAX_CELLS_CEILING: u64 = 4_000_000_000;
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
    /// Parse every sheet on one thread, never a tall one in two halves at
    /// once ([`halves`]): a batch's cores are busy with other agreements
    /// already, and a second half only adds its copy of the sheet
    /// (BENCHMARKS.md 10.27).
    pub whole_sheets: bool,
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
            // A workbook's own, set as it is opened.
            date_1904: false,
            whole_sheets: self.whole_sheets,
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
    /// The day a workbook was last saved, as its properties say (xlsx,
    /// ods): a row dated after it was a plan when it was entered.
    #[serde(skip)]
    pub saved_on: Option<chrono::NaiveDate>,
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
            saved_on: None,
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
    /// A row its log marks as not done ("Status: Inställd").
    NotDone,
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
    /// Rows not read for where they stand (above the header, on a sheet
    /// without one): an error where they name one of the promise file's
    /// promises, which only evaluation knows.
    pub unheaded: Vec<Unheaded>,
    /// Whether the rows were selected from a shared log by a column
    /// (`urval`): each is then the agreement's own.
    pub selected: bool,
}

/// Rows not read for where they stand, with their texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Unheaded {
    /// The error to give when the rows name a promise.
    pub diagnostic: Diagnostic,
    /// The rows' cells, as text.
    pub texts: Vec<String>,
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
    out.selected = options.selection.is_some();
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
    .subject(first)
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
        || text::utf16_without_bom(bytes).is_some()
        || looks_like_text(&bytes[..bytes.len().min(SNIFF_BYTES)])
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
#[derive(Debug, Default, PartialEq)]
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
    let meta = match std::fs::metadata(&input.path) {
        Ok(m) if m.len() > options.limits.max_file_bytes => {
            return out
                .diagnostics
                .push(too_large(&input.display, m.len(), &options.limits));
        }
        Ok(m) => m,
        Err(e) => return out.diagnostics.push(unreadable(e)),
    };
    let ext = input
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    let large = read_large(
        &input.path,
        &input.display,
        ext.as_deref(),
        &meta,
        options,
        (text::Pieces::DEFAULT, ZIP_FROM_FILE),
    );
    if let Some((source, parsed)) = large {
        return add_parsed(&input.display, source, false, parsed, out, keys);
    }
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => return out.diagnostics.push(unreadable(e)),
    };
    read_bytes_into(&input.display, ext.as_deref(), bytes, options, out, keys);
}

/// A large log read from its file, never held whole: a quote-free UTF-8
/// text log in pieces of lines (`text::scan`), a zipped workbook from
/// `zip_from` bytes ([`read_zip_file`]). `None` when it is to be
/// read whole, as a small log is: not such a log, or one that changed
/// while it was read (its size, modification time or hash differ).
fn read_large(
    path: &std::path::Path,
    display: &str,
    ext: Option<&str>,
    meta: &std::fs::Metadata,
    options: &IngestOptions,
    (how, zip_from): (text::Pieces, u64),
) -> Option<(SourceFile, Parsed)> {
    if meta.len() < how.from.min(zip_from) {
        return None;
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    {
        use std::io::Read;
        let file = std::fs::File::open(path).ok()?;
        file.take(SNIFF_BYTES as u64).read_to_end(&mut head).ok()?;
    }
    let kind = sniff(&head);
    if kind == Kind::Zip && meta.len() >= zip_from {
        return read_zip_file(path, display, meta, options);
    }
    if kind != Kind::Text || meta.len() < how.from || is_workbook_name(ext) {
        return None;
    }
    read_text_file(path, display, meta, options, how)
}

/// A text log read from its file in pieces: its head scanned
/// ([`text::scan`]), then its rows read and the file hashed from the same
/// bytes ([`text::read_scanned`]). `None` when it is to be read whole: not
/// plain, or not what was scanned (its size or modification time differ,
/// or it changed while it was read).
fn read_text_file(
    path: &std::path::Path,
    display: &str,
    meta: &std::fs::Metadata,
    options: &IngestOptions,
    how: text::Pieces,
) -> Option<(SourceFile, Parsed)> {
    let file: std::sync::Arc<str> = std::sync::Arc::from(display);
    let settings = options.settings();
    let scanned = text::scan(path, how)?;
    let max_cells = options.limits.max_cells;
    let (read, hashed) = text::read_scanned(path, &scanned, max_cells, &file, &settings, how)?;
    // The bytes hashed are the bytes read; the file must also be the one
    // whose size and time were taken before.
    let after = std::fs::metadata(path).ok()?;
    if hashed.len != scanned.len
        || hashed.len != meta.len()
        || after.len() != hashed.len
        || after.modified().ok() != meta.modified().ok()
    {
        return None;
    }
    let mut early = Vec::new();
    let read = text::TextRead {
        rows: read,
        broken: Vec::new(),
    };
    let tables = text_tables(display, read, &mut early);
    let source = SourceFile {
        sha256: hashed.sha256,
        ..SourceFile::of_size(display, hashed.len as usize)
    };
    Some((source, (early, tables)))
}

/// Zipped workbooks at least this large are read from their file (see
/// [`read_zip_file`]); a smaller one is read at once from memory.
const ZIP_FROM_FILE: u64 = 1 << 20;

/// A zipped workbook (xlsx, xlsm, xlsb, ods) read from its file, never
/// held whole: calamine opens the archive from a handle of the file, the
/// search for merged cells from another, and the file is hashed in pieces
/// on a second thread meanwhile, and checked once more after. `None` (read
/// it whole) when it cannot be hashed, or changed while it was read:
/// another size, modification time or checksum after (the time and size
/// alone could be the same for other bytes, on a file system that keeps
/// times to two seconds).
fn read_zip_file(
    path: &std::path::Path,
    display: &str,
    meta: &std::fs::Metadata,
    options: &IngestOptions,
) -> Option<(SourceFile, Parsed)> {
    use sha2::{Digest, Sha256};
    let (hashed, parsed) = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| {
            let (mut sha, mut check) = (Sha256::new(), xxhash_rust::xxh3::Xxh3::new());
            let len = each_read(path, |bytes| {
                sha.update(bytes);
                check.update(bytes);
            })?;
            Ok::<_, std::io::Error>((hex(&sha.finalize()), check.digest128(), len))
        });
        let mut early = Vec::new();
        let source = workbook::Source::ZipFile(path);
        let tables = read_workbook(display, true, source, options, &mut early);
        (hashing.join(), (early, tables))
    });
    let (sha256, check, len) = hashed.ok()?.ok()?;
    let after = std::fs::metadata(path).ok()?;
    if len != meta.len() || after.len() != len || after.modified().ok() != meta.modified().ok() {
        return None;
    }
    // The same bytes as were hashed, checked by a checksum several times
    // quicker than a second SHA-256 (a million-row workbook: 8 ms against
    // 20).
    let mut again = xxhash_rust::xxh3::Xxh3::new();
    if each_read(path, |bytes| again.update(bytes)).ok()? != len || again.digest128() != check {
        return None;
    }
    let source = SourceFile {
        sha256,
        ..SourceFile::of_size(display, len as usize)
    };
    Some((source, parsed))
}

/// The SHA-256 of a file read in pieces ([`sha256_hex`] of its bytes),
/// and its size.
pub(super) fn sha256_of_file(path: &std::path::Path) -> std::io::Result<(String, u64)> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let len = each_read(path, |bytes| hasher.update(bytes))?;
    Ok((hex(&hasher.finalize()), len))
}

/// Gives `each` the bytes of the file at `path`, read in pieces; returns
/// its size.
fn each_read(path: &std::path::Path, mut each: impl FnMut(&[u8])) -> std::io::Result<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buffer = vec![0u8; text::BUFFER_BYTES];
    let mut len = 0u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        each(&buffer[..n]);
        len += n as u64;
    }
    Ok(len)
}

/// Whether a file is named as a workbook: text in it is an error.
fn is_workbook_name(ext: Option<&str>) -> bool {
    matches!(ext, Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods"))
}

/// A text log's table as read, or the problem that stopped it into
/// `early`.
fn text_tables(
    display: &str,
    read: text::TextRead,
    early: &mut Vec<Diagnostic>,
) -> Vec<(
    Option<String>,
    Result<table::GridOutcome, workbook::Skipped>,
)> {
    let refused = |e: text::CsvError| match e {
        text::CsvError::At(line, code, message, hint) => Diagnostic::error(code, message)
            .at(Location::row(
                display.to_owned(),
                None,
                u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX),
            ))
            .hint(hint),
        text::CsvError::Whole(message) => {
            file_error(display, Code::UnreadableCsv, message, HINT_FORMATS)
        }
    };
    early.extend(read.broken.into_iter().map(refused));
    match read.rows {
        Ok(read) => vec![(None, Ok(read))],
        Err(e) => {
            early.push(refused(e));
            Vec::new()
        }
    }
}

/// What lofte reads, said where a file is not one of them.
const HINT_FORMATS: &str = "lofte reads xlsx, xlsm, xlsb, xls, ods, csv, tsv and txt";

/// How much of a file's start tells what it is ([`sniff`]).
const SNIFF_BYTES: usize = 8192;

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
    let source = SourceFile {
        sha256,
        ..SourceFile::of_size(display, bytes.len())
    };
    drop(bytes);
    add_parsed(display, source, empty, (early, tables), out, keys);
}

/// What was parsed from one log, into `out`: its rows and problems, and
/// the problems of the file as a whole — unless it holds the same bytes
/// as a log already read.
fn add_parsed(
    display: &str,
    mut source: SourceFile,
    empty: bool,
    (early, tables): Parsed,
    out: &mut Reading,
    keys: &mut Keys,
) {
    let whole = Location::file(display.to_owned());
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
    // A log whose lines were left out for an error (a quote never closed)
    // is not called empty when no other line holds a row.
    let lines_left_out = early.iter().any(Diagnostic::is_error);
    out.diagnostics.extend(early);
    let mut any_header = false;
    let mut any_log = false;
    let grid_count = tables.len();
    let workbook = tables.iter().any(|(sheet, _)| sheet.is_some());
    let mut no_date = Vec::new();
    let mut hidden = Vec::new();
    // Sheets without a header whose rows look like activities: errors
    // where another sheet holds a log (else the file has no header at all,
    // which is said once).
    let mut headerless = Vec::new();
    for (sheet, read) in tables {
        let mut read = match read {
            Ok(r) => {
                source.saved_on = source.saved_on.or(r.saved_on);
                r
            }
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
            headerless.append(&mut read.unheaded);
        }
        if read.has_header
            && read.activities.is_empty()
            && read.excluded.is_empty()
            && read.diagnostics.is_empty()
            && !lines_left_out
        {
            let at = Location {
                sheet: sheet.as_deref().map(Into::into),
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
                    sheet: Some(name.as_str().into()),
                    ..whole.clone()
                })
                .hint("delete or hide the sheet (hidden sheets are not read), or rename it if it is a real log"),
            );
        }
        if let Some(name) = &sheet
            && !read.activities.is_empty()
            && let Some(looks) = plan_sheet(name)
        {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::PlanSheet,
                    format!("the sheet \"{name}\" looks like {looks}, and its rows would be counted as activities done"),
                )
                .at(Location {
                    sheet: Some(name.as_str().into()),
                    ..whole.clone()
                })
                .hint("move planned activities out of the log, or hide the sheet (hidden sheets are not read); rename it if it logs what was done"),
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
        out.unheaded.append(&mut read.unheaded);
        out.diagnostics.extend(read.diagnostics);
    }
    if any_header {
        out.unheaded.extend(headerless);
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
                    sheet: sheet.as_deref().map(Into::into),
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
            .subject(hidden.join(", "))
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
    let hint_formats = HINT_FORMATS;
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
            let source = workbook::Source::Bytes(bytes);
            read_workbook(display, kind == Kind::Zip, source, options, &mut early)
        }
        Kind::Text => {
            if is_workbook_name(ext) {
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
                early.extend(decoded.encoding_problems(display));
                if decoded.unknown.is_some() {
                    // Read, its garbled names would be counted toward
                    // nothing, or said as unknown promises by the dozen.
                    Vec::new()
                } else {
                    let read =
                        text::read(&decoded.text, options.limits.max_cells, &file, &settings);
                    text_tables(display, read, &mut early)
                }
            }
        }
    };
    (early, tables)
}

/// The sheets of a workbook (a zip, or an xls), or the problem that
/// stopped it into `early`.
fn read_workbook(
    display: &str,
    zipped: bool,
    source: workbook::Source<'_>,
    options: &IngestOptions,
    early: &mut Vec<Diagnostic>,
) -> Vec<(
    Option<String>,
    Result<table::GridOutcome, workbook::Skipped>,
)> {
    let file: std::sync::Arc<str> = std::sync::Arc::from(display);
    // A zip is measured before it is unpacked (zip bombs).
    let checked = match source {
        workbook::Source::Bytes(bytes) if zipped => workbook::check_zip(bytes, &options.limits),
        workbook::Source::Bytes(_) => Ok(None),
        workbook::Source::ZipFile(path) => std::fs::File::open(path)
            .map_err(|e| format!("the workbook cannot be read: {e}"))
            .and_then(|f| {
                let reader = std::io::BufReader::new(f);
                workbook::check_zip_from(reader, &options.limits)
            }),
    };
    let read = checked.and_then(|saved_on| {
        workbook::read_tables(
            source,
            options.sheet.as_deref(),
            &options.limits,
            &file,
            &options.settings(),
            options.include_hidden,
        )
        .map(|mut tables| {
            for (_, read) in &mut tables {
                if let Ok(outcome) = read {
                    outcome.saved_on = saved_on;
                }
            }
            tables
        })
    });
    match read {
        Ok(t) => t.into_iter().map(|(n, r)| (Some(n), r)).collect(),
        Err(message) => {
            let hint = if zipped {
                HINT_FORMATS
            } else {
                "a damaged xls: open it in the spreadsheet program and save it again as xlsx"
            };
            early.push(file_error(display, Code::UnreadableWorkbook, message, hint));
            Vec::new()
        }
    }
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

/// What a sheet's name says it holds, when that is not activities done:
/// a plan ("Planering", "Plan 2024", "Prognos", "Kommande"), rows not done
/// ("Inställda", "Ej genomförda", "Avbokade"), or no log at all
/// ("Dubbletter", "Test", "Utkast", "Arkiv", "Papperskorg").
fn plan_sheet(name: &str) -> Option<&'static str> {
    let n = name.trim().to_lowercase();
    let mut words = n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    // "Planerade & genomförda" holds what was done too; "Plan- och bygg"
    // and "Budget- och skuldrådgivning" are departments.
    let compound = n
        .trim_start()
        .get(first.len()..)
        .is_some_and(|rest| rest.starts_with('-'));
    let negated = matches!(first, "ej" | "inte" | "not");
    if compound || (!negated && ["genomför", "utför", "done"].iter().any(|w| n.contains(w))) {
        return None;
    }
    let plan = [
        "plan",
        "planer",
        "planering",
        "planeringar",
        "planerat",
        "planerad",
        "planerade",
        "prognos",
        "budget",
        "planned",
        "kommande",
        "inplanerat",
        "inplanerade",
    ];
    let not_done = [
        "inställda",
        "inställt",
        "inställd",
        "avbokade",
        "avbokat",
        "struket",
        "strukna",
        "struken",
        "makulerade",
        "makulerat",
        "cancelled",
        "canceled",
        "avlysta",
    ];
    let no_log = [
        "dubbletter",
        "dubblett",
        "test",
        "utkast",
        "arkiv",
        "papperskorg",
        "skräp",
        "draft",
        "archive",
    ];
    if plan.contains(&first) {
        Some("a plan")
    } else if not_done.contains(&first)
        || (matches!(first, "ej" | "inte" | "not")
            && ["genomförda", "genomfört", "utförda", "utfört", "done"].contains(&second))
    {
        Some("activities not done")
    } else if no_log.contains(&first) {
        Some("no log of activities done (duplicates, a test, a draft or an archive)")
    } else {
        None
    }
}

/// Lower-case hex SHA-256: how every input file (logs, promise file,
/// template) is identified in the results.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// A digest in lower-case hex.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A log read whole from its bytes, as a small log is.
    fn whole(path: &Path, display: &str, options: &IngestOptions) -> (Reading, Keys) {
        let bytes = std::fs::read(path).unwrap();
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        let (mut out, mut keys) = (Reading::default(), Keys::default());
        read_bytes_into(display, ext.as_deref(), bytes, options, &mut out, &mut keys);
        (out, keys)
    }

    /// The same log read from its file as a large one is, in pieces of
    /// about `piece` bytes and in halves from `halves_from`; `None` when it
    /// would be read whole.
    fn from_file(
        path: &Path,
        display: &str,
        options: &IngestOptions,
        (piece, halves_from): (usize, usize),
    ) -> Option<(Reading, Keys)> {
        let meta = std::fs::metadata(path).unwrap();
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        let how = text::Pieces {
            bytes: piece,
            halves_from,
            from: 0,
        };
        let (source, parsed) = read_large(path, display, ext.as_deref(), &meta, options, (how, 0))?;
        let (mut out, mut keys) = (Reading::default(), Keys::default());
        add_parsed(display, source, false, parsed, &mut out, &mut keys);
        Some((out, keys))
    }

    fn assert_same(a: &(Reading, Keys), b: &(Reading, Keys), what: &str) {
        assert_eq!(a.0.sources, b.0.sources, "{what}");
        assert_eq!(a.0.diagnostics, b.0.diagnostics, "{what}");
        assert_eq!(a.0.excluded, b.0.excluded, "{what}");
        assert_eq!(a.0.activities.len(), b.0.activities.len(), "{what}");
        assert_eq!(a.0.activities, b.0.activities, "{what}");
        assert_eq!(a.1, b.1, "{what}");
    }

    /// A log of `rows` rows with a problem every few lines (dates and
    /// counts that cannot be read, summary rows, the header repeated,
    /// blank lines, rows of no municipality), a title above the header,
    /// CRLF on some lines and a long comment on one.
    fn generated(rows: usize, long_line: usize) -> String {
        let mut text = String::from("Rapport 2023\n\nDatum;Löfte;Antal;Plats;Kommun;Kommentar\n");
        for k in 0..rows {
            let line = match k % 97 {
                0 => "2023-02-30;K1;1;Torget;Kalix;\n".to_owned(),
                1 => "Summa;;40;;Kalix;\n".to_owned(),
                2 => "Datum;Löfte;Antal;Plats;Kommun;Kommentar\n".to_owned(),
                3 => "2023-03-01;K2;ca 5;Skolan;Luleå;\n".to_owned(),
                4 => "\n".to_owned(),
                5 => "   \r\n".to_owned(),
                6 => "2023-03-01;K2;1;Skolan;;\n".to_owned(),
                7 => "2023-03-01;K2;1;Skolan;Kalix;a;b;c\n".to_owned(),
                _ if k == long_line => format!(
                    "2023-04-01;K1;2;Torget;Kalix;{}\n",
                    "lång kommentar ".repeat(400)
                ),
                _ => format!(
                    "2023-{:02}-{:02};K{};{};Plats {};{}\r\n",
                    1 + k % 12,
                    1 + k % 28,
                    k % 5,
                    1 + k % 4,
                    k % 3,
                    ["Kalix", "Luleå", "Piteå"][k % 3]
                ),
            };
            text.push_str(&line);
        }
        text
    }

    /// A large log read from its file in pieces gives exactly what it
    /// gives read whole: rows, line numbers, problems, exclusions, the
    /// hash, and whose each row is (urval) — with problems on both sides
    /// of every piece boundary, a line longer than a piece, CRLF, a BOM,
    /// blank lines, no last line feed, in halves and in order.
    #[test]
    fn a_log_read_in_pieces_reads_as_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let plain = IngestOptions::default();
        let tagged = IngestOptions {
            selection: Some(Selection {
                column: "Kommun".to_owned(),
                values: vec!["Kalix".to_owned()],
            }),
            ..IngestOptions::default()
        };
        let mut texts = vec![generated(3000, 1500), generated(500, 0)];
        let mut bom = vec!["\u{feff}".to_owned() + &texts[0]];
        texts.append(&mut bom);
        texts.push(texts[1].trim_end().to_owned());
        texts.push(texts[1].replace(';', "\t"));
        let mut read_in_pieces = 0;
        for (n, text) in texts.iter().enumerate() {
            let path = dir.path().join(format!("logg{n}.csv"));
            std::fs::write(&path, text).unwrap();
            for options in [&plain, &tagged] {
                let expected = whole(&path, "logg.csv", options);
                assert!(expected.0.activities.len() > 100);
                assert!(expected.0.diagnostics.len() > 10);
                for how in [
                    (64, 256),
                    (1000, 256),
                    (1 << 14, 1 << 10),
                    (300, usize::MAX),
                ] {
                    let what = format!("text {n}, pieces {how:?}");
                    let streamed = from_file(&path, "logg.csv", options, how).expect(&what);
                    assert_same(&streamed, &expected, &what);
                    read_in_pieces += 1;
                }
            }
        }
        assert_eq!(read_in_pieces, 5 * 2 * 4);
    }

    /// A limit hit reads the same in pieces: the cell limit estimated up
    /// front, and one found only on a line far down (wider than the first).
    #[test]
    fn a_limit_hit_in_pieces_is_refused_as_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let text = generated(2000, 0);
        let path = dir.path().join("logg.csv");
        std::fs::write(&path, &text).unwrap();
        // The first line, the title, has one field: the estimate up front
        // is one cell a line; the rows have six or more.
        let lines = text.lines().count() as u64;
        let cells: u64 = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .filter(|l| !l.is_empty())
            .map(|l| l.split(';').count() as u64)
            .sum();
        for max_cells in [lines - 1, cells - 1] {
            let options = IngestOptions {
                limits: Limits {
                    max_cells,
                    ..Limits::default()
                },
                ..IngestOptions::default()
            };
            let expected = whole(&path, "logg.csv", &options);
            let refused = expected
                .0
                .diagnostics
                .iter()
                .filter(|d| d.message.contains("more than"));
            assert_eq!(refused.count(), 1, "{max_cells}");
            assert!(expected.0.activities.is_empty());
            for how in [(64, 256), (4096, usize::MAX)] {
                let streamed = from_file(&path, "logg.csv", &options, how).unwrap();
                assert_same(&streamed, &expected, &format!("{max_cells} {how:?}"));
            }
        }
    }

    /// Each line of a log read from its file counts once against the cell
    /// limit. The lines the first reader read to find the header were
    /// counted again by the second reader, which counts from the start
    /// (and a reading in order after the halves gave up counted them all
    /// again), so a log within a few lines of the limit looked too large
    /// and was read whole, where it is refused as read in pieces (here:
    /// more cells than allowed only counting both halves).
    #[test]
    fn each_line_counts_once_against_the_cell_limit() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("Datum;Löfte;Antal;Plats\n");
        for k in 0..3000 {
            text.push_str(if k == 100 {
                "2023-03-01;K1;1;Torget;x;y\n"
            } else {
                "2023-03-01;K1;1;Torget\n"
            });
        }
        let path = dir.path().join("logg.csv");
        std::fs::write(&path, &text).unwrap();
        // Every line as wide as the header but one, two cells wider: the
        // estimate up front passes, the cells read do not.
        let lines = text.lines().count() as u64;
        let options = IngestOptions {
            limits: Limits {
                max_cells: lines * 4 + 1,
                ..Limits::default()
            },
            ..IngestOptions::default()
        };
        let expected = whole(&path, "logg.csv", &options);
        assert!(expected.0.activities.is_empty());
        assert!(expected.0.diagnostics.iter().any(|d| d.is_error()));
        let streamed = from_file(&path, "logg.csv", &options, (64, 256)).expect("read in pieces");
        assert_same(&streamed, &expected, "halves, then in order");
    }

    /// What cannot be split at line feeds, or is not UTF-8, is read whole:
    /// a quote far down the file (a cell may span lines), a line of
    /// Windows-1252, a NUL byte, a lone carriage return.
    #[test]
    fn a_log_not_plain_utf8_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let text = generated(2000, 0);
        let at = text.len() - 200;
        let at = at + text[at..].find('\n').unwrap() + 1;
        let mut cases: Vec<Vec<u8>> = Vec::new();
        for insert in [
            &b"2023-05-01;K1;1;\"Torget\";Kalix;\n"[..],
            b"2023-05-01;K1;1;Torg\xe5n;Kalix;\n",
            b"2023-05-01;K1;1;Torget\0;Kalix;\n",
            b"2023-05-01;K1;1;Torget\r;Kalix;\n",
        ] {
            let mut bytes = text.as_bytes()[..at].to_vec();
            bytes.extend_from_slice(insert);
            bytes.extend_from_slice(&text.as_bytes()[at..]);
            cases.push(bytes);
        }
        // Only blanks: the file is empty, said as of a small one.
        cases.push(" \n\n\t\r\n".repeat(2000).into_bytes());
        for (n, bytes) in cases.iter().enumerate() {
            let path = dir.path().join(format!("logg{n}.csv"));
            std::fs::write(&path, bytes).unwrap();
            let options = IngestOptions::default();
            assert!(
                from_file(&path, "logg.csv", &options, (64, 256)).is_none(),
                "case {n}"
            );
            // read_logs reads it whole: the same as from its bytes.
            let mut sink = Sink::default();
            let input = LogInput {
                path: path.clone(),
                display: "logg.csv".to_owned(),
            };
            let read = read_logs(&[input], &options, &mut sink);
            let expected = whole(&path, "logg.csv", &options);
            assert_eq!(read.activities, expected.0.activities);
        }
    }

    /// A quote or a Windows-1252 letter far below the head, which the scan
    /// of the head does not see: the reading in pieces stops at its piece,
    /// and the log is read whole, as one held whole is.
    #[test]
    fn a_quote_or_another_encoding_below_the_head_reads_the_log_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logg.csv");
        let text = generated(3000, 0);
        let at = text.len() * 3 / 4;
        let at = at + text[at..].find('\n').unwrap() + 1;
        let lines: [&[u8]; 2] = [
            b"2023-05-01;K1;1;\"Torget\";Kalix;\n",
            b"2023-05-01;K1;1;Torg\xe4t;Kalix;\n",
        ];
        let options = IngestOptions::default();
        for line in lines {
            let mut bytes = text.as_bytes()[..at].to_vec();
            bytes.extend_from_slice(line);
            bytes.extend_from_slice(&text.as_bytes()[at..]);
            std::fs::write(&path, &bytes).unwrap();
            for how in [(64, 256), (4096, usize::MAX)] {
                let pieces = text::Pieces {
                    bytes: how.0,
                    halves_from: how.1,
                    from: 0,
                };
                assert!(text::scan(&path, pieces).is_some(), "the head is plain");
                assert!(from_file(&path, "logg.csv", &options, how).is_none());
            }
        }
    }

    /// A log changed after its head was scanned: a shorter one is not read
    /// from pieces (reading it whole then sees one file); one of the same
    /// size, with other lines or other letters below the head, is read
    /// from pieces with the hash of the bytes its rows were read from, the
    /// rows and hash of the file as it is now.
    #[test]
    fn a_log_changed_after_its_head_was_scanned_is_read_as_it_is_now() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logg.csv");
        let text = generated(2000, 0);
        let file: std::sync::Arc<str> = std::sync::Arc::from("logg.csv");
        let options = IngestOptions::default();
        let settings = options.settings();
        for how in [(64, 256), (4096, usize::MAX)] {
            let how = text::Pieces {
                bytes: how.0,
                halves_from: how.1,
                from: 0,
            };
            let changed = [
                text[..text.len() / 2].to_owned(),
                text.replacen("\n\n", "\n ", 1),
                text.replace("Kalix", "Kalis"),
            ];
            for (n, change) in changed.iter().enumerate() {
                std::fs::write(&path, &text).unwrap();
                let scanned = text::scan(&path, how).unwrap();
                std::fs::write(&path, change).unwrap();
                let read = text::read_scanned(&path, &scanned, u64::MAX, &file, &settings, how);
                let what = format!("change {n}, {how:?}");
                if n == 0 {
                    assert!(read.is_none(), "{what}");
                    continue;
                }
                let (read, hashed) = read.expect(&what);
                assert_eq!(hashed.sha256, sha256_hex(change.as_bytes()), "{what}");
                let now = whole(&path, "logg.csv", &options);
                assert_eq!(read.expect(&what).activities, now.0.activities, "{what}");
            }
        }
    }

    /// A log saved again with the same size, lines and modification time
    /// (a file system that keeps times to two seconds) but other letters:
    /// the hash the report names is that of the bytes its rows were read
    /// from, never the other file's.
    #[test]
    fn a_log_resaved_with_the_same_size_and_time_is_hashed_as_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logg.csv");
        let text = generated(2000, 0);
        std::fs::write(&path, &text).unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let options = IngestOptions::default();
        let how = text::Pieces {
            bytes: 4096,
            halves_from: 1 << 14,
            from: 0,
        };
        let (source, _) = read_text_file(&path, "logg.csv", &meta, &options, how).unwrap();
        assert_eq!(source.sha256, sha256_hex(text.as_bytes()));
        let resaved = text.replace("Kalix", "Kalis");
        std::fs::write(&path, &resaved).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(meta.modified().unwrap())
            .unwrap();
        let (source, _) = read_text_file(&path, "logg.csv", &meta, &options, how).unwrap();
        assert_eq!(source.sha256, sha256_hex(resaved.as_bytes()));
    }

    /// Every log among the fixtures and samples (good and bad) reads the
    /// same from its file as from its bytes: csv in pieces, workbooks
    /// opened from the file.
    #[test]
    fn every_fixture_reads_alike_from_its_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut folders = vec![root.join("tests/fixtures"), root.join("samples")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| {
                    ["csv", "tsv", "txt", "xlsx", "xlsm", "ods", "xlsb"]
                        .contains(&e.to_string_lossy().to_lowercase().as_str())
                }) {
                    files.push(path);
                }
            }
        }
        files.sort();
        let (mut text_files, mut workbooks) = (0, 0);
        let options = IngestOptions::default();
        for path in &files {
            let display = path.file_name().unwrap().to_string_lossy().into_owned();
            let expected = whole(path, &display, &options);
            for how in [(64, 256), (1 << 20, usize::MAX)] {
                let Some(streamed) = from_file(path, &display, &options, how) else {
                    continue;
                };
                assert_same(&streamed, &expected, &path.display().to_string());
                match path.extension().map(|e| e.to_string_lossy().to_lowercase()) {
                    Some(e) if ["csv", "tsv", "txt"].contains(&e.as_str()) => text_files += 1,
                    _ => workbooks += 1,
                }
            }
        }
        assert!(text_files >= 10, "{text_files} csv read in pieces");
        assert!(workbooks >= 10, "{workbooks} workbooks read from the file");
    }

    /// What a header problem or a log given twice is about travels as its
    /// subject, as the log (or the other file's name) writes it: the web
    /// page shows no English message.
    #[test]
    fn a_problem_names_the_header_or_file_it_is_about() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logg.csv");
        std::fs::write(&path, "Datun;Löfte;Antal;Antal\n2023-01-10;K1;1;2\n").unwrap();
        let options = IngestOptions {
            selection: Some(Selection {
                column: "Kommun".to_owned(),
                values: vec!["Kalix".to_owned()],
            }),
            ..IngestOptions::default()
        };
        let (out, _) = whole(&path, "logg.csv", &options);
        let subjects: Vec<(Code, Option<&str>)> = out
            .diagnostics
            .iter()
            .map(|d| (d.code, d.subject_text()))
            .collect();
        for expected in [
            (Code::NearHeader, Some("Datun")),
            (Code::DuplicateColumn, Some("Antal")),
            (Code::SelectionColumnMissing, Some("Kommun")),
        ] {
            assert!(subjects.contains(&expected), "{subjects:?}");
        }

        let input = |display: &str| LogInput {
            path: path.clone(),
            display: display.to_owned(),
        };
        let mut sink = Sink::default();
        read_logs(
            &[input("logg.csv"), input("kopia.csv")],
            &IngestOptions::default(),
            &mut sink,
        );
        let twice: Vec<Option<&str>> = sink
            .iter()
            .filter(|d| d.code == Code::SameLogTwice)
            .map(|d| d.subject_text())
            .collect();
        assert_eq!(twice, [Some("logg.csv")]);
    }
}

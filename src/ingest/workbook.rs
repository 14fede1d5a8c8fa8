//! Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine, each sheet a
//! [`Grid`]. Zipped formats are checked for a zip bomb before calamine
//! opens them.

use std::collections::HashMap;
use std::io::Cursor;

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use calamine::{Data, DataRef, Reader, Sheets};
use chrono::NaiveDate;

use super::Limits;
use super::cells::Cell;
use super::halves::{self, Reopen};
use super::hidden::{self, SheetsUnseen};
use super::plain_sheet;
use super::table::{
    Grid, GridOutcome, Mark, Merged, ReadSettings, TableReader, is_today_formula, is_total_formula,
    read_grid,
};
use super::text::MAX_COLUMNS;

/// One sheet: its name, and what was read from it or why it was not.
pub type SheetRead = (String, Result<GridOutcome, Skipped>);

/// Why a sheet was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// Hidden (often an old copy), and hidden sheets were not asked for.
    Hidden,
    /// A chart, dialog or macro sheet: no cells to read.
    NotAWorksheet,
}

/// The number of shared strings an xlsx declares, checked against what its
/// part can hold: calamine reserves room for every declared string before
/// reading one, so a tiny file declaring four thousand million aborts the
/// process.
fn check_shared_strings<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    limits: &Limits,
) -> Result<(), String> {
    use std::io::Read;
    // calamine reads "<workbook folder>/sharedStrings.xml"; the folder is
    // usually xl/, but need not be.
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(std::borrow::Cow::into_owned)
        .collect();
    for name in names {
        let Ok(entry) = archive.by_name(&name) else {
            continue;
        };
        let size = entry.size();
        let mut head = Vec::new();
        entry
            .take(4096)
            .read_to_end(&mut head)
            .map_err(|e| format!("the workbook is damaged: {e}"))?;
        let head = String::from_utf8_lossy(&head);
        let Some(tag) = head.find("<sst").or_else(|| head.find(":sst")) else {
            continue;
        };
        let tag = &head[tag..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        // calamine reserves by uniqueCount ("count" is how often they are used).
        let attr = "uniqueCount=\"";
        let Some(at) = tag.find(attr) else { continue };
        let digits: String = tag[at + attr.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let declared: u128 = digits.parse().unwrap_or(u128::MAX);
        // Each string takes at least "<si><t/></si>", 12 bytes.
        let room = u128::from(size / 12 + 1);
        let most = room.min(u128::from(limits.max_cells));
        if declared > most {
            return Err(format!(
                "the workbook declares {declared} shared strings, more than its {size} bytes of strings can hold; the file is damaged or made to exhaust memory"
            ));
        }
    }
    Ok(())
}

/// The declared unpacked size of a zip's entries, refused beyond the limit.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<Option<NaiveDate>, String> {
    check_zip_from(Cursor::new(bytes), limits)
}

/// [`check_zip`] of a zip read from `reader` (a file). Gives the day the
/// workbook was last saved, as its own properties say ([`saved_on`]).
pub fn check_zip_from<R: std::io::Read + std::io::Seek>(
    reader: R,
    limits: &Limits,
) -> Result<Option<NaiveDate>, String> {
    let mut archive = zip::ZipArchive::new(reader)
        .map_err(|e| format!("the file is not a valid workbook (a broken zip: {e})"))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("the workbook is damaged: {e}"))?;
        if entry.encrypted() {
            return Err(
                "the workbook is password-protected; save a copy without a password".to_owned(),
            );
        }
        total = total.saturating_add(entry.size());
    }
    if total > limits.max_unzipped_bytes {
        return Err(format!(
            "the workbook unpacks to {} MiB, over the limit of {} MiB (a zip bomb?); raise it with --max-unzipped-mb",
            total / 1024 / 1024,
            limits.max_unzipped_bytes / 1024 / 1024
        ));
    }
    check_shared_strings(&mut archive, limits)?;
    Ok(saved_on(&mut archive))
}

/// The Swedish day a zipped workbook was last saved, from its properties:
/// `dcterms:modified` in xlsx (UTC), `dc:date` in ods (local time). A row
/// dated after it was entered before the day it names. A workbook saved at
/// the very moment it was made was written by a program, not edited and
/// saved (`lofte logg` stamps its workbook with the agreement's first day,
/// and a conversion keeps both): its day says nothing of its rows.
fn saved_on<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Option<NaiveDate> {
    use std::io::Read;
    let (part, created, modified) = if archive.index_for_name("docProps/core.xml").is_some() {
        ("docProps/core.xml", "dcterms:created", "dcterms:modified")
    } else {
        ("meta.xml", "meta:creation-date", "dc:date")
    };
    let mut xml = String::new();
    archive
        .by_name(part)
        .ok()?
        .take(1 << 16)
        .read_to_string(&mut xml)
        .ok()?;
    let element = |name: &str| {
        let open = xml.find(&format!("<{name}"))?;
        let from = open + xml[open..].find('>')? + 1;
        let to = from + xml[from..].find('<')?;
        Some(xml[from..to].trim())
    };
    let saved = element(modified)?;
    if element(created) == Some(saved) {
        return None;
    }
    super::cells::parse_date_text(saved, None).ok()
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Cell::Date(d),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => Cell::Text(s.clone()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// Whether some part of a zipped workbook other than its shared strings
/// holds the word `mergeCell` — in a sheet, the element that lists its
/// merged cells — and what each xlsx sheet hides ([`hidden`]). Each part
/// is unpacked in pieces and searched as bytes, not parsed; a part that
/// cannot be read counts as mentioning it, so the answer errs only
/// towards looking. `found` is called as soon as the word is found (the
/// sheets hidden rows are still looked for in the parts after it).
fn scan_zip<R: std::io::Read + std::io::Seek>(reader: R, found: &dyn Fn()) -> Scanned {
    use std::io::Read;
    const WORD: &[u8] = b"mergeCell";
    let mut scanned = Scanned::default();
    let mention = |scanned: &mut Scanned| {
        if !scanned.merged {
            scanned.merged = true;
            found();
        }
    };
    let Ok(mut archive) = zip::ZipArchive::new(reader) else {
        mention(&mut scanned);
        return scanned;
    };
    let styles = hidden::xlsx_styles(&mut archive);
    let finder = memchr::memmem::Finder::new(WORD);
    let mut buffer = vec![0u8; 1 << 16];
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            mention(&mut scanned);
            return scanned;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        if let Some(styles) = &styles
            && let Some(sheet) = styles.sheets.get(&name)
        {
            match hidden::scan_sheet_part(&mut entry, &styles.struck) {
                Ok((unseen, mentions)) => {
                    if mentions {
                        mention(&mut scanned);
                    }
                    if !unseen.is_empty() {
                        scanned.unseen.insert(sheet.clone(), unseen);
                    }
                }
                Err(_) => mention(&mut scanned),
            }
            continue;
        }
        if scanned.merged {
            continue;
        }
        // The tail of the last piece is kept, so a word split between two
        // pieces is found.
        let mut kept = 0usize;
        loop {
            let n = match entry.read(&mut buffer[kept..]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(_) => {
                    mention(&mut scanned);
                    break;
                }
            };
            let end = kept + n;
            if finder.find(&buffer[..end]).is_some() {
                mention(&mut scanned);
                break;
            }
            kept = (WORD.len() - 1).min(end);
            buffer.copy_within(end - kept..end, 0);
        }
    }
    scanned
}

/// What [`scan_zip`] finds.
#[derive(Default)]
struct Scanned {
    /// Whether some part mentions merged cells.
    merged: bool,
    /// What each xlsx sheet hides, by sheet name.
    unseen: SheetsUnseen,
}

/// What lofte reads of an ods's content itself, as calamine does not.
#[derive(Default)]
struct OdsContent {
    /// The merged cells of each sheet, by sheet name (a Löfte or Antal
    /// merged over several rows was read in its first row only, and the
    /// others counted as rows without it).
    merged: HashMap<String, Vec<Merged>>,
    /// Its days count from 1904-01-01 (`table:null-date`), as a workbook
    /// of old Excel for Mac's, converted, does.
    date_1904: bool,
    /// Rows hidden by hand and cells struck through, by sheet
    /// ([`hidden`]).
    unseen: SheetsUnseen,
}

/// The [`OdsContent`] of an ods: its merged cells, date system, rows
/// hidden by hand and cells struck through. Empty for any other file, or
/// one whose content cannot be read (calamine then says what is wrong
/// with it).
fn ods_content<R: std::io::Read + std::io::Seek>(reader: R) -> OdsContent {
    use quick_xml::events::Event;
    use std::io::Read;
    let mut found = OdsContent::default();
    let Ok(mut archive) = zip::ZipArchive::new(reader) else {
        return found;
    };
    let mut mimetype = String::new();
    let is_ods = archive.by_name("mimetype").is_ok_and(|m| {
        m.take(128).read_to_string(&mut mimetype).is_ok()
            && mimetype.trim() == "application/vnd.oasis.opendocument.spreadsheet"
    });
    let Some(content) = is_ods
        .then(|| archive.by_name("content.xml").ok())
        .flatten()
    else {
        return found;
    };
    let mut xml =
        quick_xml::Reader::from_reader(std::io::BufReader::with_capacity(FILE_BUFFER, content));
    let mut buffer = Vec::new();
    let number = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> u32 {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .and_then(|a| a.value.parse().ok())
            .unwrap_or(1)
            .max(1)
    };
    let text = hidden::element_attribute;
    // The sheet, and the 0-based row and column of the next cell.
    let mut sheet: Option<String> = None;
    let (mut row, mut column, mut rows_repeated) = (0u32, 0u32, 1u32);
    // Cell styles that strike their text through; the cell style being
    // read; whether each row group around the row is collapsed; the row's
    // own cell style.
    let mut struck_styles: std::collections::HashSet<String> = Default::default();
    let mut style: Option<String> = None;
    let mut groups: Vec<bool> = Vec::new();
    let mut row_style: Option<String> = None;
    loop {
        let (e, empty) = match xml.read_event_into(&mut buffer) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                match e.local_name().as_ref() {
                    "table-row" => row = row.saturating_add(rows_repeated),
                    "table" => sheet = None,
                    "table-row-group" => drop(groups.pop()),
                    "style" => style = None,
                    _ => {}
                }
                buffer.clear();
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {
                buffer.clear();
                continue;
            }
        };
        match e.local_name().as_ref() {
            "null-date" => {
                found.date_1904 = e.attributes().flatten().any(|a| {
                    a.key.local_name().as_ref() == "date-value" && a.value.starts_with("1904-01-01")
                });
            }
            "table" => {
                sheet = text(&e, "name");
                row = 0;
            }
            "style" if !empty && text(&e, "family").as_deref() == Some("table-cell") => {
                style = text(&e, "name");
            }
            "text-properties" => {
                if let Some(name) = &style
                    && text(&e, "text-line-through-style").is_some_and(|s| s != "none")
                {
                    struck_styles.insert(name.clone());
                }
            }
            "table-row-group" if !empty => {
                groups.push(text(&e, "display").as_deref() == Some("false"));
            }
            "table-row" => {
                column = 0;
                rows_repeated = number(&e, "number-rows-repeated");
                row_style = text(&e, "default-cell-style-name");
                // Hidden by hand, not by a filter ("filter") or a collapsed
                // group around it.
                if text(&e, "visibility").as_deref() == Some("collapse")
                    && !groups.contains(&true)
                    && let Some(sheet) = &sheet
                {
                    found
                        .unseen
                        .entry(sheet.clone())
                        .or_default()
                        .hide(row, row.saturating_add(rows_repeated - 1));
                }
                if empty {
                    row = row.saturating_add(rows_repeated);
                }
            }
            name @ ("table-cell" | "covered-table-cell") => {
                let down = number(&e, "number-rows-spanned");
                let across = number(&e, "number-columns-spanned");
                if let Some(sheet) = &sheet {
                    if name == "table-cell" && (down > 1 || across > 1) {
                        found
                            .merged
                            .entry(sheet.clone())
                            .or_default()
                            .push(Merged::new(
                                (row, row.saturating_add(down - 1)),
                                (column, column.saturating_add(across - 1)),
                            ));
                    }
                    let cell_style = text(&e, "style-name").or_else(|| row_style.clone());
                    if !struck_styles.is_empty()
                        && cell_style.is_some_and(|s| struck_styles.contains(&s))
                        && text(&e, "value-type").is_some()
                    {
                        found
                            .unseen
                            .entry(sheet.clone())
                            .or_default()
                            .struck
                            .push((row, column));
                    }
                }
                column = column.saturating_add(number(&e, "number-columns-repeated"));
            }
            _ => {}
        }
        buffer.clear();
    }
    found
}

/// A formula saved without its value (written by a program, never
/// recalculated) reads as an empty cell, and an empty Antal counts as 1: a
/// wrong number. Such a cell becomes an error naming the formula.
fn formula_without_value(formula: &str) -> Cell {
    Cell::Error(format!("={formula} (a formula saved without its value)"))
}

/// The cell of a formula [`is_today_formula`]: an error naming it.
fn volatile_date(formula: &str) -> Cell {
    Cell::Error(format!(
        "={formula} (a formula that gives the day the file is opened, not the day of the activity: type the date)"
    ))
}

/// Where a workbook is read from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// Its bytes, in memory.
    Bytes(&'a [u8]),
    /// A zipped workbook (xlsx, xlsm, xlsb, ods) in a file, opened anew
    /// by each reader (the sheets, the search for merged cells): a large
    /// one is never held whole.
    ZipFile(&'a std::path::Path),
}

/// Every sheet of a workbook (or only `only`), read into activities; sheet
/// names that do not exist are an error listing those that do. Hidden
/// sheets are skipped unless `include_hidden` (or named with `only`), and
/// chart sheets always. xlsx sheets are streamed cell by cell, never held
/// whole; the other formats are read one sheet at a time, each dropped
/// before the next.
pub fn read_tables(
    source: Source<'_>,
    only: Option<&str>,
    limits: &Limits,
    file: &Arc<str>,
    settings: &ReadSettings,
    include_hidden: bool,
) -> Result<Vec<SheetRead>, String> {
    let mut how = SheetsWanted {
        only,
        limits,
        file,
        settings,
        include_hidden,
        ods: OdsContent::default(),
        reopen: None,
        zipped: None,
    };
    // Our own checks run first: calamine trusts what these files declare.
    guarded(|| match source {
        Source::Bytes(bytes) => {
            if bytes.starts_with(&OLE_MAGIC) {
                compound_is_safe(bytes, limits.max_cells)?;
            }
            let open = || {
                calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
                    .map_err(|e| format!("the workbook cannot be read: {e}"))
            };
            if !bytes.starts_with(b"PK") {
                let mut read =
                    read_sheets(&open, &how, &Merges::new(MAYBE)).map(Option::unwrap_or_default)?;
                let unseen = Compound::parse(bytes)
                    .ok()
                    .flatten()
                    .and_then(|c| c.stream(&["Workbook", "Book"], bytes.len()))
                    .map(|book| hidden::xls_unseen(&book))
                    .unwrap_or_default();
                refuse_unseen(&mut read, &unseen, file);
                return Ok(read);
            }
            how.ods = ods_content(Cursor::new(bytes));
            how.zipped = Some(Reopen::Bytes(bytes));
            how.reopen = how.zipped.filter(|_| !settings.whole_sheets);
            read_zipped(&open, |found| scan_zip(Cursor::new(bytes), found), &how)
        }
        Source::ZipFile(path) => {
            let scan = |found: &dyn Fn()| match std::fs::File::open(path) {
                Ok(f) => scan_zip(std::io::BufReader::with_capacity(FILE_BUFFER, f), found),
                // A file that cannot be opened again counts as mentioning
                // merged cells: the answer errs only towards looking.
                Err(_) => {
                    found();
                    Scanned {
                        merged: true,
                        ..Scanned::default()
                    }
                }
            };
            if let Ok(f) = std::fs::File::open(path) {
                how.ods = ods_content(std::io::BufReader::with_capacity(FILE_BUFFER, f));
            }
            how.zipped = Some(Reopen::Path(path));
            how.reopen = how.zipped.filter(|_| !settings.whole_sheets);
            read_zipped(&|| open_zipped(path), scan, &how)
        }
    })
}

/// What [`read_tables`] is asked to read, and how.
struct SheetsWanted<'a> {
    only: Option<&'a str>,
    limits: &'a Limits,
    file: &'a Arc<str>,
    settings: &'a ReadSettings,
    include_hidden: bool,
    /// What lofte read of an ods itself ([`ods_content`]).
    ods: OdsContent,
    /// Where a zipped workbook can be opened again, for a tall sheet's
    /// second half ([`halves`]).
    reopen: Option<Reopen<'a>>,
    /// Where a zipped workbook can be opened again, for its sheet's XML
    /// ([`plain_sheet`]).
    zipped: Option<Reopen<'a>>,
}

/// Bytes a workbook file is read by at a time: calamine and the zip
/// reader read in small steps.
const FILE_BUFFER: usize = 1 << 16;

/// A zipped workbook in a file, opened as calamine's
/// `open_workbook_auto_from_rs` opens one from memory (an xls is no zip,
/// so the zipped formats are tried in its order), each try with a new
/// handle of the file.
fn open_zipped(
    path: &std::path::Path,
) -> Result<Sheets<std::io::BufReader<std::fs::File>>, String> {
    use calamine::{Ods, Xlsb, Xlsx, open_workbook_from_rs};
    let open = || {
        std::fs::File::open(path)
            .map(|f| std::io::BufReader::with_capacity(FILE_BUFFER, f))
            .map_err(|e| format!("the workbook cannot be read: {e}"))
    };
    if let Ok(book) = open_workbook_from_rs::<Xlsx<_>, _>(open()?) {
        Ok(Sheets::Xlsx(book))
    } else if let Ok(book) = open_workbook_from_rs::<Xlsb<_>, _>(open()?) {
        Ok(Sheets::Xlsb(book))
    } else if let Ok(book) = open_workbook_from_rs::<Ods<_>, _>(open()?) {
        Ok(Sheets::Ods(book))
    } else {
        let e = calamine::Error::Msg("Cannot detect file format");
        Err(format!("the workbook cannot be read: {e}"))
    }
}

/// The sheets of a zipped workbook. calamine finds an xlsx sheet's merged
/// cells by parsing the whole sheet once more. Whether any part of the
/// file mentions one (`scan`) is found on a second thread while the
/// sheets are read as if none did: nearly no large log merges cells. If
/// one does, the reading stops (or is done again) with the merged cells.
fn read_zipped<RS: std::io::Read + std::io::Seek>(
    open: &dyn Fn() -> Result<Sheets<RS>, String>,
    scan: impl FnOnce(&dyn Fn()) -> Scanned + Send,
    how: &SheetsWanted<'_>,
) -> Result<Vec<SheetRead>, String> {
    let merges = Merges::new(UNKNOWN);
    let again = || read_sheets(open, how, &Merges::new(MAYBE)).map(Option::unwrap_or_default);
    let read = std::thread::scope(|scope| {
        let scan = scope.spawn(|| {
            // Its panics are a damaged file's, handled below, as on
            // the reading thread (see `guarded`).
            IN_READER.with(|r| r.set(true));
            let scanned = scan(&|| merges.0.store(MAYBE, Ordering::Release));
            if !scanned.merged {
                merges.0.store(NONE, Ordering::Release);
            }
            scanned
        });
        let first = read_sheets(open, how, &merges)?;
        // Merged cells found while the sheets were read: they are read
        // again while the scan goes on through the parts after.
        let early = (first.is_none() || merges.state() == MAYBE).then(again);
        // A panic in the scan is a damaged file, as in calamine.
        let scanned = scan.join().unwrap_or_else(|_| Scanned {
            merged: true,
            ..Scanned::default()
        });
        let read = match (early, first) {
            (Some(read), _) => read?,
            (None, Some(read)) if !scanned.merged => read,
            _ => again()?,
        };
        Ok::<_, String>((read, scanned.unseen))
    })?;
    let (mut sheets, mut unseen) = read;
    unseen.extend(how.ods.unseen.iter().map(|(k, v)| (k.clone(), v.clone())));
    refuse_unseen(&mut sheets, &unseen, how.file);
    Ok(sheets)
}

/// The errors of rows hidden by hand or struck through, in each sheet
/// read ([`hidden::refuse_unseen`]).
fn refuse_unseen(sheets: &mut [SheetRead], unseen: &SheetsUnseen, file: &str) {
    for (name, outcome) in sheets {
        if let Ok(outcome) = outcome
            && let Some(unseen) = unseen.get(name.as_str())
        {
            hidden::refuse_unseen(outcome, unseen, file, name);
        }
    }
}

/// Whether a workbook has merged cells: not known yet, none, or maybe.
const UNKNOWN: u8 = 0;
const NONE: u8 = 1;
const MAYBE: u8 = 2;

/// What is known of a workbook's merged cells, shared with the thread
/// that looks for them.
struct Merges(AtomicU8);

impl Merges {
    fn new(state: u8) -> Self {
        Merges(AtomicU8::new(state))
    }

    fn state(&self) -> u8 {
        self.0.load(Ordering::Acquire)
    }
}

/// The sheets of a workbook, read as [`read_tables`] says. `None` when an
/// xlsx sheet was read as if the workbook had no merged cells and it was
/// found, meanwhile, to mention some: it must be read again.
fn read_sheets<RS: std::io::Read + std::io::Seek>(
    open: &dyn Fn() -> Result<Sheets<RS>, String>,
    how: &SheetsWanted<'_>,
    merges: &Merges,
) -> Result<Option<Vec<SheetRead>>, String> {
    let &SheetsWanted {
        only,
        limits,
        file,
        settings,
        include_hidden,
        ..
    } = how;
    let mut book = open()?;
    // A workbook of the 1904 date system (old Excel for Mac): calamine
    // reads its date cells so, but a date typed as a plain number is
    // read by lofte, and was four years early.
    let date_1904 = match &book {
        Sheets::Xlsx(x) => x.has_1904_epoch(),
        Sheets::Xlsb(x) => x.has_1904_epoch(),
        Sheets::Xls(x) => x.has_1904_epoch(),
        Sheets::Ods(_) => how.ods.date_1904,
    };
    let in_1904;
    let settings = if date_1904 {
        in_1904 = ReadSettings {
            date_1904,
            ..settings.clone()
        };
        &in_1904
    } else {
        settings
    };
    let sheets = book.sheets_metadata().to_vec();
    let names = book.sheet_names();
    if let Some(wanted) = only
        && !names.iter().any(|n| n == wanted)
    {
        return Err(format!(
            "the workbook has no sheet \"{wanted}\"; it has: {}",
            names.join(", ")
        ));
    }
    let mut out = Vec::new();
    for name in names {
        if only.is_some_and(|w| w != name) {
            continue;
        }
        let meta = sheets.iter().find(|s| s.name == name);
        if meta.is_some_and(|m| m.typ != calamine::SheetType::WorkSheet) {
            out.push((name, Err(Skipped::NotAWorksheet)));
            continue;
        }
        if only.is_none()
            && !include_hidden
            && meta.is_some_and(|m| m.visible != calamine::SheetVisible::Visible)
        {
            out.push((name, Err(Skipped::Hidden)));
            continue;
        }
        let merged: Vec<Merged> = match &mut book {
            Sheets::Xlsx(_) if merges.state() != MAYBE => Vec::new(),
            Sheets::Xlsx(x) => x
                .merge_cells_by_sheet_name(&name)
                .map(|m| m.iter().map(merged_of).collect())
                .unwrap_or_default(),
            Sheets::Xls(x) => x
                .merge_cells_by_sheet_name(&name)
                .map(|m| m.iter().map(merged_of).collect())
                .unwrap_or_default(),
            Sheets::Ods(_) => how.ods.merged.get(&name).cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
        let read = match &mut book {
            Sheets::Xlsx(xlsx) => {
                let speculative = merges.state() == UNKNOWN;
                let stop = || speculative && merges.state() == MAYBE;
                let plain = how
                    .zipped
                    .and_then(|from| plain_sheet::prepare(from, &name, date_1904));
                match stream_xlsx(
                    xlsx,
                    &name,
                    limits,
                    file,
                    settings,
                    merged,
                    Streaming {
                        two_threads_from: TWO_THREADS_ROWS,
                        stop: &stop,
                        // Read plain, a sheet is read faster than its
                        // second half is made.
                        halves: how
                            .reopen
                            .filter(|_| plain.is_none())
                            .map(|from| (HALVES_ROWS, from)),
                        plain: plain.as_ref(),
                    },
                )? {
                    Some(read) => read,
                    None => return Ok(None),
                }
            }
            other => read_grid(&grid(other, &name, limits)?, file, settings, merged),
        };
        out.push((name, Ok(read)));
    }
    Ok(Some(out))
}

fn merged_of(d: &calamine::Dimensions) -> Merged {
    Merged::new((d.start.0, d.end.0), (d.start.1, d.end.1))
}

thread_local! {
    /// Set while a spreadsheet reader runs: its panics are caught, and
    /// reported as a damaged file rather than printed as a crash.
    pub(super) static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic inside the spreadsheet reader (calamine
/// asserts on some damaged files, found by fuzzing) into an error.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_READER.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    IN_READER.with(|r| r.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_READER.with(|r| r.set(false));
    result.unwrap_or_else(|_| {
        Err(
            "the workbook is damaged: its structure is inconsistent, so it cannot be read"
                .to_owned(),
        )
    })
}

/// Sheets at least this many rows tall are read on two threads: calamine
/// unpacks and parses the sheet on this one while a second reads the rows
/// it has made (see [`stream_xlsx`]). A smaller sheet is read faster than
/// a thread starts.
const TWO_THREADS_ROWS: u64 = 2_000;

/// Rows handed from the parsing thread to the reading one at a time.
const BATCH_ROWS: usize = 256;

/// A cell's value as calamine gave it, on its way to the reading thread,
/// which makes it a [`Cell`]. The parsing thread, the busier, only copies
/// an inline text into its batch's buffer: calamine's string is then freed
/// on the thread that made it, where freeing and making again are cheap.
/// A value's own kind is kept, in 24 bytes: the reading thread converts
/// it as any cell is converted ([`cell`]).
enum Raw<'a> {
    /// The batch's text from `.0` to `.1`.
    Text(u32, u32),
    /// One of the workbook's shared strings.
    Shared(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    DateTime(calamine::ExcelDateTime),
    Error(calamine::CellErrorType),
    Empty,
    /// A formula saved without its value, made into a cell already.
    Made(Box<Cell>),
}

impl Raw<'_> {
    fn into_cell(self, text: &str) -> Cell {
        match self {
            Raw::Text(from, to) => Cell::Text(text[from as usize..to as usize].to_owned()),
            Raw::Shared(text) => Cell::Text(text.to_owned()),
            Raw::Int(i) => cell(&Data::Int(i)),
            Raw::Float(f) => cell(&Data::Float(f)),
            Raw::Bool(b) => cell(&Data::Bool(b)),
            Raw::DateTime(d) => cell(&Data::DateTime(d)),
            Raw::Error(e) => cell(&Data::Error(e)),
            Raw::Empty => Cell::Empty,
            Raw::Made(made) => *made,
        }
    }
}

/// A cell of a sheet: its row and column (under [`MAX_COLUMNS`]), what
/// its formula says of it ([`Mark`]), and its value.
struct Placed<'a> {
    row: u32,
    column: u16,
    mark: Option<Mark>,
    raw: Raw<'a>,
}

// A batch of a few thousand cells stays small (see `Raw`).
const _: () = assert!(std::mem::size_of::<Placed<'static>>() == 32);

/// Cells of whole rows on their way to a [`TableReader`], with the inline
/// texts they hold. Batches go to the reading thread and come back empty,
/// so their room is reused.
#[derive(Default)]
struct Batch<'a> {
    cells: Vec<Placed<'a>>,
    text: String,
    /// Rows begun in this batch.
    rows: usize,
}

/// The reading side of [`stream_xlsx`]: cells into rows, rows into the
/// [`TableReader`]. Rows without a cell are blank rows.
#[derive(Default)]
struct Rows {
    /// The row of the last cell read.
    current: Option<u32>,
    /// The current row's cells and the columns whose formula is marked,
    /// not yet given to the reader.
    cells: Vec<Cell>,
    marks: Vec<(usize, Mark)>,
    pending: bool,
}

impl Rows {
    /// The batch's rows into `reader`, in order; the batch is then empty.
    /// A batch ends where a row ends (see [`stream_xlsx`]).
    fn read(&mut self, batch: &mut Batch<'_>, reader: &mut TableReader) {
        for placed in batch.cells.drain(..) {
            if self.current != Some(placed.row) {
                self.flush(reader);
                let blank = self
                    .current
                    .map_or(0, |p| placed.row.saturating_sub(p.saturating_add(1)));
                for _ in 0..blank {
                    reader.push_with_marks(&[], &[]);
                }
                self.current = Some(placed.row);
                self.pending = true;
            }
            if let Some(mark) = placed.mark {
                self.marks.push((usize::from(placed.column), mark));
            }
            let value = placed.raw.into_cell(&batch.text);
            let c = usize::from(placed.column);
            if self.cells.len() <= c {
                self.cells.resize(c + 1, Cell::Empty);
            }
            self.cells[c] = value;
        }
        batch.text.clear();
        batch.rows = 0;
        self.flush(reader);
    }

    /// The current row into `reader`, if not given yet.
    fn flush(&mut self, reader: &mut TableReader) {
        if std::mem::take(&mut self.pending) {
            reader.push_with_marks(&self.cells, &self.marks);
            self.cells.clear();
            self.marks.clear();
        }
    }
}

/// How a sheet is streamed: from how many rows on two threads, and what
/// says to stop (the rows read so far are then thrown away).
struct Streaming<'a> {
    two_threads_from: u64,
    stop: &'a dyn Fn() -> bool,
    /// From how many rows on the sheet's second half is parsed on a third
    /// thread, and where the workbook is opened again for it.
    halves: Option<(u64, Reopen<'a>)>,
    /// The sheet read from its XML ([`plain_sheet`]), calamine reading on
    /// where that reader gives up.
    plain: Option<&'a plain_sheet::Plain>,
}

/// Sheets at least this many rows tall are cut in two halves parsed at
/// once ([`halves`]): below it, copying the workbook for the second half
/// costs more than the half saves.
const HALVES_ROWS: u64 = 4_000;

/// How the parsing of a sheet's cells ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parsed {
    /// Every cell was read.
    Whole,
    /// Stopped by [`Streaming::stop`]: the rows so far are to be thrown
    /// away.
    Stopped,
    /// Stopped at the row the second half begins with.
    Half,
}

/// One xlsx sheet, cell by cell into a [`TableReader`]: only a few rows
/// are held at a time. A formula without a saved value becomes an error
/// cell. A tall sheet is read on two threads at once: this one runs
/// calamine (unpacking and parsing the XML, the larger part), another
/// reads the finished rows in batches; the rows reach the reader in sheet
/// order either way, so what is read does not depend on it.
fn stream_xlsx<'x, RS: std::io::Read + std::io::Seek>(
    xlsx: &'x mut calamine::Xlsx<RS>,
    name: &str,
    limits: &Limits,
    file: &Arc<str>,
    settings: &ReadSettings,
    merged: Vec<Merged>,
    streaming: Streaming<'x>,
) -> Result<Option<GridOutcome>, String> {
    let Streaming {
        two_threads_from,
        stop,
        halves: halves_from,
        plain,
    } = streaming;
    let unreadable = |e: calamine::XlsxError| format!("sheet \"{name}\" cannot be read: {e}");
    let cells = xlsx.worksheet_cells_reader(name).map_err(unreadable)?;
    let dims = cells.dimensions();
    let mut cells = Records {
        calamine: cells,
        plain: plain.map(plain_sheet::Plain::cells),
        given: 0,
    };
    let height = u64::from(dims.end.0.saturating_sub(dims.start.0)) + 1;
    let width = u64::from(dims.end.1.saturating_sub(dims.start.1)) + 1;
    if height.saturating_mul(width) > limits.max_cells {
        return Err(format!(
            "sheet \"{name}\" has {height} × {width} cells, over the limit of {}; raise it with --max-cells",
            limits.max_cells
        ));
    }
    let Some(first) = cells.next().map_err(unreadable)? else {
        return Ok(Some(
            TableReader::new(file, Some(name), (0, 0), settings).finish(),
        ));
    };
    let mut reader = TableReader::new(file, Some(name), (first.pos.0, 0), settings);
    reader.set_merged(merged);
    let mut next = Some(first);
    // Cells read by this thread, on every call of `parse`.
    let count = std::cell::Cell::new(0u64);
    let split = halves::Split::new();
    let split = &split;
    // `given`: cells read already (by the second half, which then
    // failed), parsed again but not delivered. Counted, not found by row
    // number: rows past the cut need not rise (see `halves::cut_point`),
    // while both threads meet the same cells in the same order.
    let mut parse = |deliver: &mut dyn FnMut(&mut Batch<'x>),
                     halves: bool,
                     mut given: u64|
     -> Result<Parsed, String> {
        let mut batch = Batch::default();
        let mut current: Option<u32> = None;
        while let Some(record) = match next.take() {
            Some(first) => Some(first),
            None => cells.next().map_err(unreadable)?,
        } {
            if given > 0 {
                given -= 1;
                continue;
            }
            let r = record.pos.0;
            if current != Some(r) && halves && split.stop_at(r, current) {
                next = Some(record);
                deliver(&mut batch);
                return Ok(Parsed::Half);
            }
            count.set(count.get() + 1);
            too_many_cells(count.get(), limits, name)?;
            if current != Some(r) {
                // A batch ends where a row ends.
                if batch.rows >= BATCH_ROWS {
                    if stop() {
                        return Ok(Parsed::Stopped);
                    }
                    deliver(&mut batch);
                }
                batch.rows += 1;
                current = Some(r);
            }
            let placed = placed(record, name, &mut batch.text)?;
            batch.cells.push(placed);
        }
        deliver(&mut batch);
        Ok(Parsed::Whole)
    };
    if height < two_threads_from {
        let mut rows = Rows::default();
        let whole = parse(
            &mut |batch: &mut Batch<'x>| rows.read(batch, &mut reader),
            false,
            0,
        )?;
        return Ok((whole == Parsed::Whole).then(|| reader.finish()));
    }
    std::thread::scope(|scope| {
        // Batches go to the reading thread and come back emptied, so their
        // room is reused. The channels live in this closure: if parsing
        // stops (an error, or a panic in calamine that `guarded` catches),
        // the sender is dropped and the reader ends.
        let (to_reader, batches) = std::sync::mpsc::sync_channel::<Batch<'x>>(4);
        let (to_parser, emptied) = std::sync::mpsc::channel::<Batch<'x>>();
        let reading = scope.spawn(move || {
            // A panic here is reported as a damaged file (below), not
            // printed, as on the parsing thread (see `guarded`).
            IN_READER.with(|r| r.set(true));
            let mut rows = Rows::default();
            for mut batch in batches {
                rows.read(&mut batch, &mut reader);
                // The parser may be gone (an error): nothing to give back.
                let _ = to_parser.send(batch);
            }
            reader.finish()
        });
        // The second half's batches, sent as they are made: once the first
        // half is read, its rows are read while the rest is still parsed.
        let (to_first, second_batches) = std::sync::mpsc::channel::<Batch<'static>>();
        let second = halves_from
            .filter(|&(from, _)| height >= from)
            .map(|(_, from)| {
                scope.spawn(move || {
                    IN_READER.with(|r| r.set(true));
                    parse_second_half(from, split, name, limits, &to_first)
                })
            });
        let mut send = |batch: &mut Batch<'x>| {
            let full = std::mem::replace(batch, emptied.try_recv().unwrap_or_default());
            // The reader ends only once this sender is dropped.
            let _ = to_reader.send(full);
        };
        let mut parsed = parse(&mut send, second.is_some(), 0);
        if parsed != Ok(Parsed::Half) {
            // Read whole (or failed): the second half is not wanted.
            split.decline();
            drop(second_batches);
        } else {
            // The second half's rows follow, as they are parsed. The
            // channel ends when its thread does.
            let mut given = 0;
            for batch in second_batches {
                given += batch.cells.len() as u64;
                count.set(count.get() + batch.cells.len() as u64);
                too_many_cells(count.get(), limits, name)?;
                let _ = to_reader.send(batch);
            }
            let finished = second.map(|second| second.join());
            parsed = if matches!(finished, Some(Ok(Ok(true)))) {
                Ok(Parsed::Whole)
            } else {
                // The second half could not be made or read (its error is
                // met again, named as one thread names it): this thread
                // reads on from where it stopped, past the rows the second
                // half gave already.
                parse(&mut send, false, given)
            };
        }
        drop(to_reader);
        let read = reading.join().map_err(|_| {
            "the workbook is damaged: its structure is inconsistent, so it cannot be read"
                .to_owned()
        });
        let whole = parsed?;
        Ok((whole == Parsed::Whole).then_some(read?))
    })
}

/// Where a sheet's cells come from: calamine's cell reader, or the plain
/// reader ([`plain_sheet`]) with calamine's behind it, which reads on
/// where the plain one gives up.
struct Records<'x, RS: std::io::Read + std::io::Seek> {
    calamine: calamine::XlsxCellReader<'x, RS>,
    plain: Option<plain_sheet::Cells<'x>>,
    /// Cells the plain reader gave: calamine passes as many before it
    /// takes over (both give one for each `<c>`, in the XML's order).
    given: u64,
}

impl<'x, RS: std::io::Read + std::io::Seek> Records<'x, RS> {
    fn next(&mut self) -> Result<Option<calamine::XlsxCellFormula<'x>>, calamine::XlsxError> {
        if let Some(plain) = &mut self.plain {
            match plain.next_cell() {
                Ok(cell) => {
                    self.given += u64::from(cell.is_some());
                    return Ok(cell);
                }
                Err(plain_sheet::GiveUp) => {
                    self.plain = None;
                    for _ in 0..self.given {
                        if self.calamine.next_cell_with_formula()?.is_none() {
                            break;
                        }
                    }
                }
            }
        }
        self.calamine.next_cell_with_formula()
    }
}

/// The error of a sheet with more cells than `limits` allow.
fn too_many_cells(count: u64, limits: &Limits, name: &str) -> Result<(), String> {
    if count > limits.max_cells {
        return Err(format!(
            "sheet \"{name}\" has more than {} cells; raise the limit with --max-cells",
            limits.max_cells
        ));
    }
    Ok(())
}

/// The second half of a tall sheet, parsed from the workbook
/// [`halves::second_half`] makes of it, in batches sent to the first
/// thread as they are made. `Ok(true)` once every batch is sent; `Ok(false)`
/// where the sheet is not cut, the first thread has read past the cut, or
/// no one receives any more; an error is one this half met (the first
/// thread then reads on past the rows sent, and meets it itself).
fn parse_second_half(
    from: Reopen<'_>,
    split: &halves::Split,
    name: &str,
    limits: &Limits,
    to_first: &std::sync::mpsc::Sender<Batch<'static>>,
) -> Result<bool, String> {
    let Some(workbook) = halves::second_half(from, split) else {
        return Ok(false);
    };
    let mut book = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(workbook))
        .map_err(|e| e.to_string())?;
    let mut cells = book
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    let mut batch = Batch::default();
    let mut current: Option<u32> = None;
    let mut count = 0u64;
    let mut sent = 0;
    while let Some(record) = cells.next_cell_with_formula().map_err(|e| e.to_string())? {
        count += 1;
        too_many_cells(count, limits, name)?;
        let r = record.pos.0;
        if current != Some(r) {
            if batch.rows >= BATCH_ROWS {
                if split.declined() || to_first.send(std::mem::take(&mut batch)).is_err() {
                    return Ok(false);
                }
                sent += 1;
                failing_for_tests(name, sent)?;
            }
            batch.rows += 1;
            current = Some(r);
        }
        // This half's shared strings go with its workbook: the batch keeps
        // a copy of each, as of an inline text.
        let placed: Placed<'static> = placed(plain_sheet::owned(record), name, &mut batch.text)?;
        batch.cells.push(placed);
    }
    Ok(to_first.send(batch).is_ok())
}

/// Tests make the second half of a sheet named
/// [`tests::SECOND_HALF_FAILS`] fail after it sent two batches of rows.
#[cfg(test)]
fn failing_for_tests(name: &str, sent: usize) -> Result<(), String> {
    if name == tests::SECOND_HALF_FAILS && sent == 2 {
        return Err("made to fail after two batches".to_owned());
    }
    Ok(())
}

#[cfg(not(test))]
fn failing_for_tests(_: &str, _: usize) -> Result<(), String> {
    Ok(())
}

/// A cell as calamine read it, made ready for the reading thread: an
/// inline text is copied into the batch's `text`.
fn placed<'x>(
    record: calamine::XlsxCellFormula<'x>,
    name: &str,
    text: &mut String,
) -> Result<Placed<'x>, String> {
    let (r, c) = record.pos;
    let Some(column) = u16::try_from(c)
        .ok()
        .filter(|c| usize::from(*c) < MAX_COLUMNS)
    else {
        return Err(format!(
            "sheet \"{name}\" has a cell beyond column {MAX_COLUMNS}, which no spreadsheet program writes"
        ));
    };
    let mut mark = record
        .formula
        .as_deref()
        .is_some_and(|f| is_total_formula(f, Some(name), r.saturating_add(1)))
        .then_some(Mark::Sum);
    if record.formula.as_deref().is_some_and(|f| !f.is_empty()) {
        if matches!(&record.value, DataRef::String(t) if super::cells::trim(t).is_empty()) {
            mark = Some(Mark::Empty);
        } else if mark.is_none() {
            mark = Some(Mark::Formula);
        }
    }
    let raw = match (record.formula, record.value) {
        (Some(f), DataRef::Empty) if !f.is_empty() => {
            Raw::Made(Box::new(formula_without_value(&f)))
        }
        (Some(f), _) if is_today_formula(&f) => Raw::Made(Box::new(volatile_date(&f))),
        (_, DataRef::SharedString(shared)) => Raw::Shared(shared),
        (_, DataRef::String(t) | DataRef::DateTimeIso(t) | DataRef::DurationIso(t)) => {
            let from = text.len();
            text.push_str(&t);
            // A batch's texts are far under 4 GiB: a cell holds at most
            // 32 767 characters, a batch a few thousand cells.
            let (Ok(from), Ok(to)) = (u32::try_from(from), u32::try_from(text.len())) else {
                return Err(format!(
                    "sheet \"{name}\" has more text in a few rows than any spreadsheet holds"
                ));
            };
            Raw::Text(from, to)
        }
        (_, DataRef::Int(i)) => Raw::Int(i),
        (_, DataRef::Float(f)) => Raw::Float(f),
        (_, DataRef::Bool(b)) => Raw::Bool(b),
        (_, DataRef::DateTime(d)) => Raw::DateTime(d),
        (_, DataRef::Error(e)) => Raw::Error(e),
        (_, DataRef::Empty) => Raw::Empty,
    };
    Ok(Placed {
        row: r,
        column,
        mark,
        raw,
    })
}

/// One sheet of an xls, xlsb or ods workbook as a grid.
fn grid<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Grid, String> {
    let range = book
        .worksheet_range(name)
        .map_err(|e| format!("sheet \"{name}\" cannot be read: {e}"))?;
    let (height, width) = range.get_size();
    if (height as u64).saturating_mul(width as u64) > limits.max_cells {
        return Err(format!(
            "sheet \"{name}\" has {height} × {width} cells, over the limit of {}; raise it with --max-cells",
            limits.max_cells
        ));
    }
    let origin = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Cell>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
    drop(range);
    // Formulas without a value, and sums (a total row). An empty text is
    // a formula's "": no program saves a typed cell so, and calamine gives
    // no formulas of an xls file to tell by.
    let mut marks = Vec::new();
    for (rr, row) in rows.iter().enumerate() {
        for (cc, c) in row.iter().enumerate() {
            if matches!(c, Cell::Text(t) if t.is_empty()) {
                marks.push((rr, cc, Mark::Empty));
            }
        }
    }
    if let Ok(formulas) = book.worksheet_formula(name) {
        let (fr, fc) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            if f.is_empty() {
                continue;
            }
            let (ar, ac) = (fr as usize + r, fc as usize + c);
            let (Some(rr), Some(cc)) = (
                ar.checked_sub(origin.0 as usize),
                ac.checked_sub(origin.1 as usize),
            ) else {
                continue;
            };
            if is_total_formula(f, Some(name), u32::try_from(ar + 1).unwrap_or(u32::MAX)) {
                marks.push((rr, cc, Mark::Sum));
            } else {
                marks.push((rr, cc, Mark::Formula));
            }
            if let Some(slot) = rows.get_mut(rr).and_then(|row| row.get_mut(cc)) {
                if is_today_formula(f) {
                    *slot = volatile_date(f);
                } else if matches!(slot, Cell::Empty) {
                    // calamine gives a formula's "" and a value never saved
                    // alike in ods (both empty); where a blank would be
                    // read as something, the row is refused (`Mark::Empty`).
                    marks.push((rr, cc, Mark::Empty));
                }
            }
        }
    }
    Ok(Grid {
        sheet: Some(name.to_owned()),
        origin,
        rows,
        marks,
    })
}

/// One small table of a workbook as a grid (the indicator table): the
/// worksheet named `preferred` (case ignored), else the first visible
/// worksheet. Returns the grid with its sheet name.
pub(super) fn small_table(
    bytes: Vec<u8>,
    preferred: &str,
    limits: &Limits,
) -> Result<Grid, String> {
    guarded(|| {
        if bytes.starts_with(&OLE_MAGIC) {
            compound_is_safe(&bytes, limits.max_cells)?;
        }
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
            .map_err(|e| format!("the workbook cannot be read: {e}"))?;
        let sheets = book.sheets_metadata().to_vec();
        let worksheet = |s: &&calamine::Sheet| s.typ == calamine::SheetType::WorkSheet;
        let name = sheets
            .iter()
            .filter(worksheet)
            .find(|s| s.name.trim().eq_ignore_ascii_case(preferred))
            .or_else(|| {
                sheets
                    .iter()
                    .filter(worksheet)
                    .find(|s| s.visible == calamine::SheetVisible::Visible)
            })
            .map(|s| s.name.clone())
            .ok_or_else(|| "the workbook has no visible worksheet".to_owned())?;
        grid(&mut book, &name, limits)
    })
}

/// Whether `bytes` are an encrypted Office document: a compound file holding
/// an `EncryptedPackage` stream (how Excel stores a password-protected
/// xlsx), or an xls with a FILEPASS record that calamine reports.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return false;
    }
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// The first bytes of a compound file (xls, and encrypted xlsx).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The parts of a compound file (the container of xls) that lofte checks
/// before calamine reads it: calamine trusts them, and fuzzing found files
/// whose sector chains loop (memory without bound) and whose declared sheet
/// dimensions make it reserve terabytes.
struct Compound<'a> {
    bytes: &'a [u8],
    size: usize,
    fat: Vec<u32>,
    minifat: Vec<u32>,
}

const SPECIAL: u32 = 0xFFFF_FFFA;

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at.checked_add(4)?)
        .and_then(|w| w.try_into().ok())
        .map(u32::from_le_bytes)
}

impl<'a> Compound<'a> {
    /// The sector tables, when they hold no cycle; `Err` when a chain
    /// loops; `Ok(None)` when the file is not one lofte can check (left to
    /// calamine's own errors).
    fn parse(bytes: &'a [u8]) -> Result<Option<Self>, ()> {
        let size: usize = match bytes.get(30..32) {
            Some([9, 0]) => 512,
            Some([12, 0]) => 4096,
            _ => return Ok(None),
        };
        let per_sector = size / 4;
        let max_sectors = bytes.len() / size + 1;
        let mut c = Compound {
            bytes,
            size,
            fat: Vec::new(),
            minifat: Vec::new(),
        };
        // The sector table's own sectors: 109 in the header, then the DIFAT chain.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|k| u32_at(bytes, 76 + 4 * k))
            .filter(|id| *id < SPECIAL)
            .collect();
        let mut next = u32_at(bytes, 68).filter(|id| *id < SPECIAL);
        let mut steps = 0;
        while let Some(id) = next {
            steps += 1;
            if steps > max_sectors {
                return Err(());
            }
            let Some(s) = c.sector(id) else { break };
            fat_sectors.extend(
                (0..per_sector - 1)
                    .filter_map(|k| u32_at(s, 4 * k))
                    .filter(|id| *id < SPECIAL),
            );
            next = u32_at(s, 4 * (per_sector - 1)).filter(|id| *id < SPECIAL);
        }
        c.fat = fat_sectors
            .iter()
            .filter_map(|id| c.sector(*id))
            .flat_map(|s| (0..per_sector).filter_map(move |k| u32_at(s, 4 * k)))
            .collect();
        if has_cycle(&c.fat) {
            return Err(());
        }
        // The mini-sector table is a chain of sectors (finite now).
        let start = u32_at(bytes, 60).unwrap_or(u32::MAX);
        let minifat: Vec<u32> = c
            .chain(&c.fat, start)
            .iter()
            .filter_map(|id| c.sector(*id))
            .flat_map(|s| (0..per_sector).filter_map(move |k| u32_at(s, 4 * k)))
            .collect();
        if has_cycle(&minifat) {
            return Err(());
        }
        c.minifat = minifat;
        Ok(Some(c))
    }

    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.size)?;
        self.bytes.get(start..start.checked_add(self.size)?)
    }

    /// The chain from `start` in `table` (acyclic, so finite).
    fn chain(&self, table: &[u32], start: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut id = start;
        while id < SPECIAL && out.len() <= table.len() {
            out.push(id);
            match table.get(id as usize) {
                Some(next) => id = *next,
                None => break,
            }
        }
        out
    }

    /// The bytes of the stream named `name` (case ignored), at most
    /// `limit` of them.
    fn stream(&self, names: &[&str], limit: usize) -> Option<Vec<u8>> {
        let dir: Vec<u8> = self
            .chain(&self.fat, u32_at(self.bytes, 48)?)
            .iter()
            .filter_map(|id| self.sector(*id))
            .flatten()
            .copied()
            .collect();
        let entry = |e: &[u8]| -> Option<(String, u32, usize)> {
            let len = usize::from(*e.get(64)?).min(64);
            let units: Vec<u16> = e
                .get(..len)?
                .chunks_exact(2)
                .map(|w| u16::from_le_bytes([w[0], w[1]]))
                .take_while(|u| *u != 0)
                .collect();
            let size = u32_at(e, 120)? as usize;
            Some((String::from_utf16_lossy(&units), u32_at(e, 116)?, size))
        };
        let entries: Vec<(String, u32, usize)> = dir.chunks_exact(128).filter_map(entry).collect();
        let (root_start, _) = entries.first().map(|(_, s, l)| (*s, *l))?;
        let (_, start, len) = entries
            .iter()
            .find(|(n, _, _)| names.iter().any(|w| n.eq_ignore_ascii_case(w)))?;
        let full = *len;
        let len = full.min(limit);
        let mut out = Vec::with_capacity(len.min(self.bytes.len()));
        if full < 4096 {
            // Small streams live in 64-byte mini sectors inside the root's stream.
            let root: Vec<&[u8]> = self
                .chain(&self.fat, root_start)
                .iter()
                .filter_map(|id| self.sector(*id))
                .collect();
            for mini in self.chain(&self.minifat, *start) {
                let at = mini as usize * 64;
                let (sector, offset) = (at / self.size, at % self.size);
                out.extend_from_slice(root.get(sector)?.get(offset..offset + 64)?);
            }
        } else {
            for id in self.chain(&self.fat, *start) {
                out.extend_from_slice(self.sector(id)?);
                if out.len() >= len {
                    break;
                }
            }
        }
        out.truncate(len);
        Some(out)
    }
}

/// Whether a compound file can be handed to calamine: its sector chains
/// end, and no sheet of its workbook stream declares more than `max_cells`
/// cells (calamine reserves room for every declared cell at once).
fn compound_is_safe(bytes: &[u8], max_cells: u64) -> Result<(), String> {
    let c = match Compound::parse(bytes) {
        Ok(Some(c)) => c,
        Ok(None) => return Ok(()),
        Err(()) => {
            return Err(
                "the workbook is damaged: a chain of its sectors loops back on itself, so it cannot be read"
                    .to_owned(),
            );
        }
    };
    let Some(book) = c.stream(&["Workbook", "Book"], bytes.len()) else {
        return Ok(());
    };
    // BIFF records: type (u16), length (u16), data. DIMENSIONS is 0x0200;
    // cell records start with row and column (u16 each). calamine builds
    // each sheet as one rectangle spanning its cells, so the rectangle
    // (from BOF to EOF) must fit the limit too.
    let too_many = |rows: u64, cols: u64| {
        format!(
            "a sheet declares {rows} × {cols} cells, over the limit of {max_cells}; raise it with --max-cells if the file is genuine"
        )
    };
    let mut span: Option<(u16, u16, u16, u16)> = None;
    let mut at = 0usize;
    while let (Some(kind), Some(len)) = (book.get(at..at + 2), book.get(at + 2..at + 4)) {
        let kind = u16::from_le_bytes([kind[0], kind[1]]);
        let len = usize::from(u16::from_le_bytes([len[0], len[1]]));
        let data = book.get(at + 4..at + 4 + len).unwrap_or_default();
        let word = |k: usize| data.get(k..k + 2).map(|w| u16::from_le_bytes([w[0], w[1]]));
        match kind {
            // BOF and EOF: a new sheet (or substream) begins or ends.
            0x0809 | 0x000A => span = None,
            // NUMBER, LABEL, BOOLERR, BLANK, FORMULA, LABELSST, RSTRING, RK;
            // MULRK and MULBLANK name their last column at the end.
            0x0203 | 0x0204 | 0x0205 | 0x0201 | 0x0006 | 0x00FD | 0x00D6 | 0x027E | 0x00BD
            | 0x00BE => {
                let last = if matches!(kind, 0x00BD | 0x00BE) {
                    data.len().checked_sub(2).and_then(word)
                } else {
                    word(2)
                };
                if let (Some(r), Some(c0), Some(c1)) = (word(0), word(2), last) {
                    let (r0, r1, a, b) = span.unwrap_or((r, r, c0, c0));
                    let next = (r0.min(r), r1.max(r), a.min(c0).min(c1), b.max(c0).max(c1));
                    let rows = u64::from(next.1 - next.0) + 1;
                    let cols = u64::from(next.3 - next.2) + 1;
                    if rows.saturating_mul(cols) > max_cells {
                        return Err(too_many(rows, cols));
                    }
                    span = Some(next);
                }
            }
            _ => {}
        }
        if kind == 0x0200 {
            // Read as calamine reads it (u32 arithmetic that wraps), since
            // what matters is what calamine will reserve.
            let u16_at = |k: usize| {
                data.get(k..k + 2)
                    .map_or(0, |w| u32::from(u16::from_le_bytes([w[0], w[1]])))
            };
            let (rf, rl, mut cf, cl) = match data.len() {
                10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
                14 | 16 => (
                    u32_at(data, 0).unwrap_or(0),
                    u32_at(data, 4).unwrap_or(0),
                    u16_at(8),
                    u16_at(10),
                ),
                _ => (0, 0, 0, 0),
            };
            if cf > 0xFF || cl < cf {
                cf = 0;
            }
            let (er, ec) = if rl >= 1 && cl >= 1 {
                (rl - 1, cl - 1)
            } else {
                (rf, cf)
            };
            let rows = u64::from(er.wrapping_sub(rf).wrapping_add(1));
            let cols = u64::from(ec.wrapping_sub(cf).wrapping_add(1));
            if rows.saturating_mul(cols) > max_cells {
                return Err(too_many(rows, cols));
            }
        }
        at += 4 + len;
    }
    Ok(())
}

/// Whether following `next[i]` (while it is an index into `next`) from
/// some entry comes back to an entry already on the path.
fn has_cycle(next: &[u32]) -> bool {
    // 0 unvisited, 1 on the current path, 2 known to end.
    let mut state = vec![0u8; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut i = start;
        loop {
            match state.get(i).copied() {
                Some(0) => {
                    state[i] = 1;
                    path.push(i);
                    match next.get(i) {
                        Some(n) => i = *n as usize,
                        None => break,
                    }
                }
                Some(1) => return true,
                _ => break,
            }
        }
        for j in path.drain(..) {
            state[j] = 2;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of one part holding `text`.
    fn zipped(text: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        out.start_file(
            "xl/worksheets/sheet1.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        out.write_all(text).unwrap();
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn merged_cells_are_found_even_across_pieces() {
        let mut text = vec![b' '; (1 << 16) - 4];
        text.extend_from_slice(b"<mergeCell ref=\"A1:A2\"/>");
        let mentions = |bytes: &[u8]| scan_zip(Cursor::new(bytes), &|| ()).merged;
        assert!(mentions(&zipped(&text)));
        assert!(!mentions(&zipped(b"<sheetData/>")));
        assert!(mentions(b"PK not a zip"));
    }

    /// The sheet "Logg" of the xlsx `bytes`, streamed on two threads from
    /// `two_threads_from` rows on.
    fn read_logg(bytes: &[u8], two_threads_from: u64, halves: bool) -> GridOutcome {
        try_read_logg(bytes, two_threads_from, halves)
            .unwrap()
            .unwrap()
    }

    /// [`read_logg`], its error kept.
    fn try_read_logg(
        bytes: &[u8],
        two_threads_from: u64,
        halves: bool,
    ) -> Result<Option<GridOutcome>, String> {
        try_read_sheet(bytes, "Logg", two_threads_from, halves)
    }

    /// [`try_read_logg`] of the sheet `name`.
    fn try_read_sheet(
        bytes: &[u8],
        name: &str,
        two_threads_from: u64,
        halves: bool,
    ) -> Result<Option<GridOutcome>, String> {
        let file: Arc<str> = Arc::from("logg.xlsx");
        let mut xlsx: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        stream_xlsx(
            &mut xlsx,
            name,
            &Limits::default(),
            &file,
            &ReadSettings::default(),
            Vec::new(),
            Streaming {
                two_threads_from,
                stop: &|| false,
                halves: halves.then_some((0, Reopen::Bytes(bytes))),
                plain: None,
            },
        )
    }

    /// A tall sheet read on two threads gives what one thread gives: rows,
    /// problems (with their cells), summary rows by word and by SUM
    /// formula, blank rows, text from shared strings reused row to row.
    #[test]
    fn two_threads_read_a_sheet_as_one_does() {
        use rust_xlsxwriter::{Formula, Workbook};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Logg").unwrap();
        sheet.write_string(1, 1, "Aktivitetslogg 2023").unwrap();
        for (j, h) in ["Datum", "Löfte", "Antal", "Plats", "Kommentar"]
            .iter()
            .enumerate()
        {
            sheet.write_string(3, 1 + j as u16, *h).unwrap();
        }
        let mut r = 4u32;
        for k in 0..3000u32 {
            match k % 500 {
                // A blank row, then a row on the next.
                7 => r += 1,
                11 => {
                    sheet.write_string(r, 1, "Summa").unwrap();
                    sheet
                        .write_formula(r, 3, Formula::new("=SUM(D5:D9)").set_result("9"))
                        .unwrap();
                }
                13 => {
                    sheet.write_number(r, 1, 45000.0).unwrap();
                    sheet
                        .write_formula(r, 3, Formula::new("=SUM(D5:D9)").set_result("9"))
                        .unwrap();
                }
                17 => {
                    sheet.write_string(r, 1, "den 31 april").unwrap();
                    sheet.write_string(r, 3, "ca 5").unwrap();
                }
                19 => {
                    sheet.write_number(r, 1, 45000.0).unwrap();
                    sheet.write_formula(r, 3, Formula::new("=1+1")).unwrap();
                }
                _ => {
                    sheet
                        .write_number(r, 1, 44927.0 + f64::from(k % 365))
                        .unwrap();
                    sheet.write_string(r, 2, format!("K{}", k % 4)).unwrap();
                    sheet.write_number(r, 3, f64::from(k % 3)).unwrap();
                    sheet
                        .write_string(r, 4, format!("Plats {}", k % 50))
                        .unwrap();
                    if k % 3 == 0 {
                        sheet.write_string(r, 5, format!("anteckning {k}")).unwrap();
                    }
                }
            }
            r += 1;
        }
        let bytes = book.save_to_buffer().unwrap();
        let one = read_logg(&bytes, u64::MAX, false);
        let two = read_logg(&bytes, 0, false);
        let three = read_logg(&bytes, 0, true);
        // Cut in two halves parsed at once, not read whole after all.
        assert!(
            halves::second_half(Reopen::Bytes(&bytes), &halves::Split::new()).is_some(),
            "the sheet was not cut"
        );
        assert_eq!(one.activities, three.activities);
        assert_eq!(one.diagnostics, three.diagnostics);
        assert_eq!(one.excluded, three.excluded);
        assert!(one.activities.len() > 2900, "{}", one.activities.len());
        assert!(one.excluded.len() >= 18, "{}", one.excluded.len());
        assert_eq!(one.activities, two.activities);
        assert_eq!(one.diagnostics, two.diagnostics);
        assert_eq!(one.excluded, two.excluded);
    }

    /// A workbook of one sheet "Logg" of a header and 5 999 rows: a date,
    /// `promise(row)` and `count(row)`.
    fn logg_of_6000_rows(promise: impl Fn(u32) -> String, count: impl Fn(u32) -> f64) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("Logg").unwrap();
        for (j, h) in ["Datum", "Löfte", "Antal"].iter().enumerate() {
            sheet.write_string(0, j as u16, *h).unwrap();
        }
        for r in 1..6000u32 {
            sheet
                .write_number(r, 0, 44927.0 + f64::from(r % 365))
                .unwrap();
            sheet.write_string(r, 1, promise(r)).unwrap();
            sheet.write_number(r, 2, count(r)).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    /// The workbook `bytes` with its only sheet's XML edited.
    fn edited_sheet(bytes: &[u8], edit: impl FnOnce(String) -> String) -> Vec<u8> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let (_, xml) = halves::only_sheet(&mut zip, 0).unwrap();
        plain_sheet::with_sheet_xml(bytes, &edit(String::from_utf8(xml).unwrap()))
    }

    /// A sheet whose second half cannot be read fails as one thread fails:
    /// the first thread reads on where the second half stopped, and meets
    /// the same cell.
    #[test]
    fn a_sheet_broken_past_its_cut_fails_as_one_thread_reading_it_fails() {
        let good = logg_of_6000_rows(|_| "K1".to_owned(), |_| 1.0);
        // Row 5 000 made unreadable: an entity XML does not know.
        let broken = edited_sheet(&good, |xml| {
            assert!(xml.contains("<c r=\"C5000\"><v>1</v></c>"));
            xml.replace(
                "<c r=\"C5000\"><v>1</v></c>",
                "<c r=\"C5000\" t=\"str\"><v>&bogus;</v></c>",
            )
        });
        assert!(halves::second_half(Reopen::Bytes(&broken), &halves::Split::new()).is_some());
        let one = try_read_logg(&broken, u64::MAX, false).err();
        let three = try_read_logg(&broken, 0, true).err();
        assert!(one.is_some(), "the broken cell was read");
        assert_eq!(one, three);
    }

    /// Rows past the cut without their numbers (as some export tools write
    /// them) are read by the second half as one thread reads them.
    #[test]
    fn rows_without_numbers_past_the_cut_read_as_one_thread_reads_them() {
        let good = logg_of_6000_rows(|r| format!("K{}", r % 3), |r| f64::from(r % 5));
        // Rows 5 001–5 010 (one-based) lose their numbers and their cells'
        // references.
        let bytes = edited_sheet(&good, |mut xml| {
            for r in 5001..=5010 {
                xml = xml.replacen(&format!("<row r=\"{r}\""), "<row", 1);
                for c in ["A", "B", "C"] {
                    xml = xml.replacen(&format!(" r=\"{c}{r}\""), "", 1);
                }
            }
            assert!(!xml.contains("r=\"A5005\""));
            xml
        });
        assert!(halves::second_half(Reopen::Bytes(&bytes), &halves::Split::new()).is_some());
        let one = read_logg(&bytes, u64::MAX, false);
        let three = read_logg(&bytes, 0, true);
        assert_eq!(one.activities.len(), 5999);
        assert_eq!(one.activities, three.activities);
        assert_eq!(one.diagnostics, three.diagnostics);
        assert_eq!(one.excluded, three.excluded);
    }

    /// A cell as read, owned: its place, value and formula, or the error.
    type Record = Result<((u32, u32), Data, Option<String>), String>;

    /// Every cell of the sheet `name` of `bytes`: by the plain reader with
    /// calamine behind it, and by calamine alone; and whether the plain
    /// reader was used, and read to the end without giving up. The plain
    /// reader reads the sheet held whole, and again in pieces of 7 and of
    /// 100 bytes: those must give the same cells (asserted here).
    fn records_both_ways(bytes: &[u8], name: &str) -> (Vec<Record>, Vec<Record>, Option<bool>) {
        let whole = plain_sheet::Sizes {
            min: 0,
            whole_max: u64::MAX,
            piece: 1,
        };
        let (both, plain) = records_with(bytes, name, Some(whole));
        let (alone, _) = records_with(bytes, name, None);
        for piece in [7, 100] {
            let sizes = plain_sheet::Sizes {
                min: 0,
                whole_max: 0,
                piece,
            };
            let (in_pieces, read_plain) = records_with(bytes, name, Some(sizes));
            assert_eq!(in_pieces, alone, "in pieces of {piece} bytes");
            // Read whole to the end, read in pieces to the end too.
            if plain == Some(true) {
                assert_eq!(read_plain, Some(true), "in pieces of {piece} bytes");
            }
        }
        (both, alone, plain)
    }

    /// Every cell of the sheet `name` of `bytes`, read plain by `sizes`
    /// (calamine behind it), or by calamine alone; and whether the plain
    /// reader was used and read to the end.
    fn records_with(
        bytes: &[u8],
        name: &str,
        sizes: Option<plain_sheet::Sizes>,
    ) -> (Vec<Record>, Option<bool>) {
        let owned = |r: Result<Option<calamine::XlsxCellFormula<'_>>, calamine::XlsxError>| {
            r.map(|c| c.map(|c| (c.pos, Data::from(c.value), c.formula)))
                .map_err(|e| e.to_string())
                .transpose()
        };
        let mut book =
            calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(Cursor::new(bytes)).unwrap();
        let plain = sizes.and_then(|sizes| {
            plain_sheet::prepare_from(Reopen::Bytes(bytes), name, book.has_1904_epoch(), sizes)
        });
        let Ok(calamine) = book.worksheet_cells_reader(name) else {
            // Not a sheet of cells (a chart sheet): nothing to compare.
            return (Vec::new(), None);
        };
        let mut records = Records {
            calamine,
            plain: plain.as_ref().map(plain_sheet::Plain::cells),
            given: 0,
        };
        let mut read = Vec::new();
        while let Some(r) = owned(records.next()) {
            let failed = r.is_err();
            read.push(r);
            if failed {
                break;
            }
        }
        (read, plain.as_ref().map(|_| records.plain.is_some()))
    }

    /// Every sheet of every xlsx fixture and sample: the plain reader, with
    /// calamine reading on where it gives up, gives calamine's cells.
    #[test]
    fn every_fixture_reads_alike_plain_and_by_calamine() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut folders = vec![root.join("tests/fixtures"), root.join("samples")];
        let (mut compared, mut whole) = (0, 0);
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "xlsx") {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                // Damaged and oversized workbooks are refused before
                // calamine opens them (`check_zip`), and here too.
                if check_zip(&bytes, &Limits::default()).is_err() {
                    continue;
                }
                let Ok(book) = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(
                    Cursor::new(bytes.as_slice()),
                ) else {
                    continue;
                };
                for name in book.sheet_names() {
                    let (both, alone, plain) = records_both_ways(&bytes, &name);
                    assert_eq!(both, alone, "{} {name}", path.display());
                    if plain.is_some() {
                        compared += 1;
                    }
                    if plain == Some(true) {
                        whole += 1;
                    }
                }
            }
        }
        // The samples, and the fixtures LibreOffice and rust_xlsxwriter
        // wrote, of one sheet or several.
        assert!(compared >= 37, "{compared} sheets read plain");
        assert!(whole >= 37, "{whole} sheets read plain to the end");
    }

    /// A workbook of one sheet "Logg" with shared strings and four
    /// styles (dates, a decimal, a duration), its sheet's XML then
    /// replaced by `sheet_data` (the rows).
    fn written_sheet(sheet_data: &str) -> Vec<u8> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Logg").unwrap();
        sheet.write_string(0, 0, "delad").unwrap();
        sheet.write_string(1, 0, "två").unwrap();
        sheet
            .write_number_with_format(2, 0, 45000.0, &Format::new().set_num_format("yyyy-mm-dd"))
            .unwrap();
        sheet
            .write_number_with_format(3, 0, 1.5, &Format::new().set_num_format("0.00"))
            .unwrap();
        sheet
            .write_number_with_format(4, 0, 0.75, &Format::new().set_num_format("[h]:mm"))
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
             xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension \
             ref=\"A1:D12\"/><sheetData>{sheet_data}</sheetData></worksheet>"
        );
        plain_sheet::with_sheet_xml(&bytes, &xml)
    }

    /// Cells of every kind the plain reader reads: shared and inline texts
    /// (trimmed or kept, entities, empty), dates and durations by style,
    /// numbers, booleans, empty cells, white space between tags. Read to
    /// the end without giving up, as calamine reads them.
    #[test]
    fn plain_cells_read_as_calamine_reads_them() {
        let rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>\
            <row r=\"2\" spans=\"1:3\"><c r=\"A2\" s=\"1\"><v>45000</v></c><c r=\"B2\" s=\"2\"><v>1.5</v></c><c r=\"C2\" s=\"3\"><v>0.75</v></c><c r=\"D2\" s=\"0\"><v>7</v></c></row>\
            <row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>  trimmas  </t></is></c><c r=\"B3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">  kvar  </t></is></c></row>\
            <row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>a &amp; b &#229; &#xE4; &lt;&gt;</t></is></c><c r=\"B4\" t=\"inlineStr\"><is/></c><c r=\"C4\" t=\"inlineStr\"><is><t/></is></c><c r=\"D4\" t=\"inlineStr\"><is><t> &amp; </t></is></c></row>\
            <row r=\"5\"><c r=\"A5\"/><c r=\"B5\" s=\"1\"/><c r=\"C5\"><v/></c><c r=\"D5\" t=\"str\"><v>text &lt;x&gt;</v></c></row>\
            <row r=\"6\"><c r=\"A6\" t=\"b\"><v>1</v></c><c r=\"B6\" t=\"b\"><v>0</v></c><c r=\"C6\" t=\"n\"><v>-3.25E2</v></c><c r=\"D6\"><v></v></c></row>\
            <row r=\"7\">\n  <c r=\"A7\" t=\"inlineStr\">\n    <is>\n      <t>radbrytning\nmitt i</t>\n    </is>\n  </c>\n  <c r=\"C7\" t='s' s='1'><v>1</v></c>\n</row>\
            <row r=\"9\" customHeight=\"1\"><c r=\"B9\" t=\"s\"><v></v></c><c r=\"C9\" t=\"str\"><v></v></c><c r=\"D9\" cm=\"1\"><v>0.1</v></c></row>\
            <row r=\"10\"/>\
            <row r=\"11\"><c r=\"AA11\"><v>12345678901234567890</v></c></row>\
            <row r=\"12\"><c r=\"A12\" foo=\"x/>y\"><v>1</v></c></row>";
        let bytes = written_sheet(rows);
        let (both, alone, plain) = records_both_ways(&bytes, "Logg");
        assert_eq!(both, alone);
        assert_eq!(plain, Some(true), "the plain reader gave up");
        assert_eq!(both.len(), 27);
        // The dates are dates, the durations durations.
        assert!(matches!(&both[2], Ok((_, Data::DateTime(d), _)) if d.is_datetime()));
        assert!(matches!(&both[4], Ok((_, Data::DateTime(d), _)) if d.is_duration()));
    }

    /// Where the plain reader meets what it does not know for certain,
    /// calamine reads on from that cell: the cells are calamine's, errors
    /// included.
    #[test]
    fn calamine_reads_on_where_the_plain_reader_gives_up() {
        let before = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>45000</v></c></row>\
            <row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>före</t></is></c><c r=\"B2\"><v>2</v></c></row>";
        let after = "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>efter</t></is></c><c r=\"B4\" s=\"1\"><v>45001</v></c></row>";
        let odd = [
            "<c r=\"A3\" s=\"99\"><v>1</v></c>",
            "<c r=\"A3\" t=\"inlineStr\"><is><r><t>rik</t></r><r><rPr><b/></rPr><t> text</t></r></is></c>",
            "<c r=\"A3\" t=\"inlineStr\"><is><t>a</t><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></is></c>",
            "<c r=\"A3\" t=\"inlineStr\"><is><t>a_x000D_b</t></is></c>",
            "<c r=\"A3\" t=\"str\"><v>a&#10;b</v></c>",
            "<c r=\"A3\"><v>inf</v></c>",
            "<c r=\"A3\"><v> 12 </v></c>",
            "<c r=\"A3\" t=\"e\"><v>#N/A</v></c>",
            "<c r=\"A3\" t=\"d\"><v>2023-01-01</v></c>",
            "<c t=\"inlineStr\"><is><t>utan referens</t></is></c>",
            "<!-- en kommentar --><c r=\"A3\"><v>1</v></c>",
            "<c r=\"A3\" t=\"s\"><v>99</v></c>",
            "<c r=\"A3\" t=\"b\"><v>true</v></c>",
            "<c r=\"A3\"><f>1+1</f><v>2</v></c>",
            "<c r=\"A3\" t=\"inlineStr\"><is><t><![CDATA[a<b]]></t></is></c>",
            "<c r=\"A3\" t=\"inlineStr\"><is><t>\u{00e5}\r\n</t></is></c>",
        ];
        for cell in odd {
            let bytes = written_sheet(&format!("{before}<row r=\"3\">{cell}</row>{after}"));
            let (both, alone, plain) = records_both_ways(&bytes, "Logg");
            assert_eq!(both, alone, "{cell}");
            // A formula is seen before reading: the sheet is not prepared.
            assert_ne!(plain, Some(true), "{cell}: the plain reader read it");
            assert!(both.len() >= 4, "{cell}");
        }
    }

    /// A log of several sheets, as `lofte logg` writes one (the police's
    /// sheet, the municipality's and the instructions), has each sheet read
    /// plain from its own part, as calamine alone reads it.
    #[test]
    fn each_sheet_of_a_log_of_several_is_read_plain_as_calamine_reads_it() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        for (name, rows) in [("Polisen", 40u32), ("Kommunen", 30)] {
            let sheet = book.add_worksheet().set_name(name).unwrap();
            for (c, header) in ["Datum", "Löfte", "Antal", "Ansvarig"].iter().enumerate() {
                sheet.write_string(0, c as u16, *header).unwrap();
            }
            for r in 1..=rows {
                sheet
                    .write_number_with_format(r, 0, 45000.0 + f64::from(r), &date)
                    .unwrap();
                sheet.write_string(r, 1, format!("P{}", r % 3)).unwrap();
                sheet.write_number(r, 2, f64::from(r)).unwrap();
                sheet.write_string(r, 3, name).unwrap();
            }
        }
        book.add_worksheet()
            .set_name("Instruktioner")
            .unwrap()
            .write_string(0, 0, "En rad per aktivitet.")
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        for name in ["Polisen", "Kommunen", "Instruktioner"] {
            let (both, alone, plain) = records_both_ways(&bytes, name);
            assert_eq!(both, alone, "{name}");
            assert_eq!(plain, Some(true), "{name}: not read plain");
        }
    }

    /// The pieces random sheets are made of: cells of every kind the plain
    /// reader reads and some it gives up on.
    const PIECES: [&str; 24] = [
        "<c r=\"{c}\" t=\"s\"><v>0</v></c>",
        "<c r=\"{c}\" t=\"s\"><v>1</v></c>",
        "<c r=\"{c}\" s=\"1\"><v>45000.5</v></c>",
        "<c r=\"{c}\" s=\"3\"><v>0.25</v></c>",
        "<c r=\"{c}\" s=\"2\"><v>-12</v></c>",
        "<c r=\"{c}\"><v>7</v></c>",
        "<c r=\"{c}\" t=\"inlineStr\"><is><t> Sk\u{f6}n &amp; bra </t></is></c>",
        "<c r=\"{c}\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> kvar </t></is></c>",
        "<c r=\"{c}\" t=\"inlineStr\"><is/></c>",
        "<c r=\"{c}\" t=\"str\"><v>a&lt;b</v></c>",
        "<c r=\"{c}\" t=\"b\"><v>1</v></c>",
        "<c r=\"{c}\" s=\"1\"/>",
        "<c r=\"{c}\"><v/></c>",
        "<c r=\"{c}\" t=\"inlineStr\"><is><r><t>rik</t></r></is></c>",
        "<c r=\"{c}\" t=\"e\"><v>#DIV/0!</v></c>",
        "<c r=\"{c}\" t=\"inlineStr\">\n <is> <t>luft</t> </is>\n</c>",
        // Attributes as spreadsheet programs seldom write them: read by
        // the general path, not the one for the usual way.
        "<c t=\"inlineStr\" r=\"{c}\"><is><t>omv\u{e4}nd</t></is></c>",
        "<c r='{c}' s='2'><v>3</v></c>",
        "<c r=\"{c}\" s=\"1\" cm=\"1\"><v>45001</v></c>",
        "<c  r = \"{c}\"\ts=\"2\" ><v>1e3</v></c>",
        // Whole numbers: up to 15 digits read without a parser.
        "<c r=\"{c}\"><v>123456789012345</v></c>",
        "<c r=\"{c}\"><v>12345678901234567891</v></c>",
        "<c r=\"{c}\"><v>007</v></c>",
        "<c r=\"{c}\" t=\"inlineStr\"><is><t>\n l\u{f6}st\t</t></is></c>",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// Random sheets of those pieces, then bytes inserted or removed
        /// here and there (tags broken, quotes, entities, escapes, line
        /// ends): the plain reader with calamine behind it reads every one
        /// as calamine alone does, cell by cell and error by error, and
        /// never panics.
        #[test]
        fn random_and_damaged_sheets_read_as_calamine_reads_them(
            rows in proptest::collection::vec(proptest::collection::vec(0..PIECES.len(), 0..5), 1..12),
            edits in proptest::collection::vec((0.0..1.0f64, 0..12usize, proptest::bool::ANY), 0..4),
        ) {
            let mut xml = String::new();
            for (r, cells) in rows.iter().enumerate() {
                xml.push_str(&format!("<row r=\"{}\">", r + 1));
                for (c, &piece) in cells.iter().enumerate() {
                    let reference = format!("{}{}", char::from(b'A' + c as u8), r + 1);
                    xml.push_str(&PIECES[piece].replace("{c}", &reference));
                }
                xml.push_str("</row>");
            }
            let mut bytes = xml.into_bytes();
            const INSERTS: [&[u8]; 12] = [
                b"<", b">", b"/", b"\"", b"'", b"&", b"&#10;", b"_x000D_", b"\r", b" ", b"<!--x-->", b"=",
            ];
            for (at, what, insert) in edits {
                let at = ((bytes.len() as f64) * at) as usize;
                if insert {
                    bytes.splice(at..at, INSERTS[what].iter().copied());
                } else if at < bytes.len() {
                    bytes.remove(at);
                }
            }
            // Only text calamine's XML reader takes as UTF-8.
            let Ok(rows) = String::from_utf8(bytes) else {
                return Ok(());
            };
            let workbook = written_sheet(&rows);
            let (both, alone, _) = records_both_ways(&workbook, "Logg");
            proptest::prop_assert_eq!(both, alone);
        }
    }

    /// A sheet of this name has its second half fail after it sent two
    /// batches of rows (see `parse_second_half`).
    pub(super) const SECOND_HALF_FAILS: &str = "Halvt trasig";

    /// A workbook of one sheet [`SECOND_HALF_FAILS`], 5 999 rows of date,
    /// promise and count (and a place, with `place`).
    fn second_half_failing(place: bool) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name(SECOND_HALF_FAILS).unwrap();
        let headers = ["Datum", "Löfte", "Antal", "Plats"];
        for (j, h) in headers[..3 + usize::from(place)].iter().enumerate() {
            sheet.write_string(0, j as u16, *h).unwrap();
        }
        for r in 1..6000u32 {
            sheet
                .write_number(r, 0, 44927.0 + f64::from(r % 365))
                .unwrap();
            sheet.write_string(r, 1, format!("K{}", r % 4)).unwrap();
            sheet.write_number(r, 2, f64::from(r % 7)).unwrap();
            if place {
                sheet.write_string(r, 3, format!("Plats {r}")).unwrap();
            }
        }
        book.save_to_buffer().unwrap()
    }

    /// The sheet [`SECOND_HALF_FAILS`] of `bytes` read on one thread, and
    /// on three (its second half failing).
    fn on_one_thread_and_on_three(bytes: &[u8]) -> (GridOutcome, GridOutcome) {
        let read = |two_threads_from, halves| {
            try_read_sheet(bytes, SECOND_HALF_FAILS, two_threads_from, halves)
                .unwrap()
                .unwrap()
        };
        (read(u64::MAX, false), read(0, true))
    }

    /// A second half that fails after it sent some of its rows: the first
    /// thread reads on past them, so each row is read once, in order, as
    /// one thread reads the sheet.
    #[test]
    fn a_second_half_failing_after_sending_rows_reads_each_row_once() {
        let bytes = second_half_failing(true);
        let (one, three) = on_one_thread_and_on_three(&bytes);
        assert_eq!(one.activities.len(), 5999);
        assert_eq!(one.activities, three.activities);
        assert_eq!(one.diagnostics, three.diagnostics);
        assert_eq!(one.excluded, three.excluded);
    }

    /// Regression: the first thread, reading on after a failed second
    /// half, skipped the rows sent by their number, so a row past them
    /// numbered lower (rows past the cut need not rise) was lost. It now
    /// skips the cells sent, by their count.
    #[test]
    fn a_failed_second_half_loses_no_row_numbered_lower_past_it() {
        // Row 5 500 (one-based), far past the rows the second half sends
        // before it fails, numbered 3.
        let bytes = edited_sheet(&second_half_failing(false), |mut xml| {
            xml = xml.replacen("<row r=\"5500\"", "<row r=\"3\"", 1);
            for c in ["A", "B", "C"] {
                xml = xml.replacen(&format!(" r=\"{c}5500\""), &format!(" r=\"{c}3\""), 1);
            }
            assert!(!xml.contains("A5500"));
            xml
        });
        let (one, three) = on_one_thread_and_on_three(&bytes);
        assert_eq!(one.activities.len(), 5999);
        assert_eq!(one.activities, three.activities);
        assert_eq!(one.diagnostics, three.diagnostics);
    }

    /// A workbook of one sheet "Logg" whose texts are inline strings (as
    /// some export tools write them; spreadsheet programs write shared
    /// strings), from rows of cells: a number, or a text.
    fn inline_strings_workbook(rows: &[Vec<Result<f64, String>>]) -> Vec<u8> {
        use std::fmt::Write as _;
        use std::io::Write;
        let column = |j: usize| char::from(b'A' + u8::try_from(j).unwrap());
        let mut sheet = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        for (i, row) in rows.iter().enumerate() {
            let r = i + 1;
            write!(sheet, r#"<row r="{r}">"#).unwrap();
            for (j, cell) in row.iter().enumerate() {
                let at = format!("{}{r}", column(j));
                match cell {
                    Ok(n) => write!(sheet, r#"<c r="{at}"><v>{n}</v></c>"#),
                    Err(t) => write!(
                        sheet,
                        r#"<c r="{at}" t="inlineStr"><is><t>{t}</t></is></c>"#
                    ),
                }
                .unwrap();
            }
            sheet.push_str("</row>");
        }
        sheet.push_str("</sheetData></worksheet>");
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned(),
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Logg" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_owned(),
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    /// Texts written inline in the sheet (the parsing thread copies them
    /// into its batch) read as the same texts written as shared strings,
    /// on two threads and one, over many batches: rows, problems and all.
    #[test]
    fn inline_strings_read_as_shared_strings_do() {
        use rust_xlsxwriter::Workbook;
        let mut rows: Vec<Vec<Result<f64, String>>> = vec![
            ["Datum", "Löfte", "Antal", "Plats", "Kommentar"]
                .iter()
                .map(|h| Err((*h).to_owned()))
                .collect(),
        ];
        for k in 0..3000u32 {
            let date = if k % 700 == 5 {
                Err("den 31 april".to_owned())
            } else {
                Ok(44927.0 + f64::from(k % 365))
            };
            let mut row = vec![
                date,
                Err(format!("K{}", k % 4)),
                Ok(f64::from(k % 3)),
                Err(format!("Plats {} — Ö", k % 50)),
            ];
            if k % 3 == 0 {
                row.push(Err(format!("anteckning {k}")));
            }
            rows.push(row);
        }
        let mut shared = Workbook::new();
        let sheet = shared.add_worksheet().set_name("Logg").unwrap();
        for (i, row) in rows.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                let (i, j) = (u32::try_from(i).unwrap(), u16::try_from(j).unwrap());
                match cell {
                    Ok(n) => sheet.write_number(i, j, *n),
                    Err(t) => sheet.write_string(i, j, t),
                }
                .unwrap();
            }
        }
        let inline = inline_strings_workbook(&rows);
        let shared = shared.save_to_buffer().unwrap();
        let expected = read_logg(&shared, 0, false);
        assert_eq!(expected.activities.len(), 2995);
        assert!(
            expected
                .activities
                .iter()
                .any(|a| a.place() == Some("Plats 49 — Ö"))
        );
        for two_threads_from in [0, u64::MAX] {
            let got = read_logg(&inline, two_threads_from, true);
            assert_eq!(got.activities, expected.activities);
            assert_eq!(got.diagnostics, expected.diagnostics);
            assert_eq!(got.excluded, expected.excluded);
        }
    }

    /// A tall sheet whose dates are merged over rows far down: read while
    /// the merged cells are still being looked for, it is read again with
    /// them, and every row under the merged date has it.
    #[test]
    fn merged_cells_found_while_reading_are_read() {
        use rust_xlsxwriter::{Format, Workbook};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Logg").unwrap();
        for (j, h) in ["Datum", "Löfte", "Antal"].iter().enumerate() {
            sheet.write_string(0, j as u16, *h).unwrap();
        }
        for r in 1..6000u32 {
            if r != 5901 && r != 5902 {
                sheet.write_number(r, 0, 45000.0).unwrap();
            }
            sheet.write_string(r, 1, "K1").unwrap();
            sheet.write_number(r, 2, 1.0).unwrap();
        }
        sheet
            .merge_range(5900, 0, 5902, 0, "2023-03-01", &Format::new())
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let file: Arc<str> = Arc::from("logg.xlsx");
        let tables = read_tables(
            Source::Bytes(&bytes),
            None,
            &Limits::default(),
            &file,
            &ReadSettings::default(),
            false,
        )
        .unwrap();
        let [(_, Ok(read))] = tables.as_slice() else {
            panic!("one sheet")
        };
        assert_eq!(read.diagnostics, Vec::new());
        assert_eq!(read.activities.len(), 5999);
        let merged = chrono::NaiveDate::from_ymd_opt(2023, 3, 1).unwrap();
        assert_eq!(
            read.activities.iter().filter(|a| a.date == merged).count(),
            3
        );
    }

    #[test]
    fn cycles_are_found() {
        assert!(!has_cycle(&[1, 2, 0xFFFF_FFFE]));
        assert!(has_cycle(&[1, 2, 0]));
        assert!(has_cycle(&[0xFFFF_FFFE, 2, 1]));
        assert!(has_cycle(&[0]));
        assert!(!has_cycle(&[]));
    }
}

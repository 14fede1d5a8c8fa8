//! The second half of a tall xlsx sheet, made into a workbook of its own so
//! that calamine can parse it on a second thread while the first half is
//! parsed on the first. Parsing the XML is most of reading a workbook, and
//! one thread did all of it while the other core waited (BENCHMARKS.md,
//! 10.25).
//!
//! calamine parses a sheet only from a zip entry of a workbook it opened,
//! with that workbook's strings and styles. So the sheet's XML is unpacked,
//! cut at a row near its middle, and the cells from that row on are stored
//! (not compressed) in a copy of the workbook whose other parts are copied
//! as they are. The first thread stops at that row ([`Split`]); the second
//! half's rows are sent on as they are parsed, and read as soon as the
//! first half's are. What is
//! read does not depend on it: the rows reach the reader in sheet order,
//! and where anything is unusual (a shared formula, whose text is written
//! only at its first cell; a row without its number; several sheets; a
//! sheet too large to hold unpacked) the sheet is read whole on one thread
//! as before.

use std::io::{Cursor, Read, Seek, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

/// Where a zipped workbook can be read again: the second thread opens it
/// anew rather than share the first one's reader.
#[derive(Clone, Copy)]
pub(super) enum Reopen<'a> {
    Bytes(&'a [u8]),
    Path(&'a Path),
}

/// A sheet's unpacked XML is held whole to be cut, so only a sheet up to
/// this size is cut (some hundred thousand rows); a larger one streams on
/// one parsing thread in bounded memory, as before.
pub(super) const MAX_UNPACKED: u64 = 64 << 20;

/// The row the first thread stops at: agreed on once by both threads.
/// The second thread offers it; the first takes it when it reaches that
/// row, or declines it when it is already past it (or done), and the
/// second half is then thrown away.
pub(super) struct Split(AtomicU32);

/// No row offered yet (or none will be).
const OPEN: u32 = u32::MAX;
/// Declined: the first thread reads the whole sheet.
const DECLINED: u32 = u32::MAX - 1;
/// Taken: the first thread stopped at the offered row.
const TAKEN: u32 = u32::MAX - 2;

impl Split {
    pub(super) fn new() -> Self {
        Split(AtomicU32::new(OPEN))
    }

    /// Offers `row` (zero-based) as the second half's first.
    fn offer(&self, row: u32) -> bool {
        row < TAKEN
            && self
                .0
                .compare_exchange(OPEN, row, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
    }

    /// Asked by the first thread as it begins `row`, having read rows up
    /// to `previous`: whether to stop here and leave the rest to the
    /// second half. A row offered that the first thread has passed
    /// already is declined, so no row is read twice.
    pub(super) fn stop_at(&self, row: u32, previous: Option<u32>) -> bool {
        let offered = self.0.load(Ordering::Acquire);
        if offered >= TAKEN || offered > row {
            return false;
        }
        // The rows rise (see `cut_point`): the offered row is met where the
        // cut is, or it was passed before it was offered.
        let fresh = row == offered && previous.is_none_or(|p| p < offered);
        let next = if fresh { TAKEN } else { DECLINED };
        // Only the first thread changes an offer, so this cannot fail.
        let _ = self
            .0
            .compare_exchange(offered, next, Ordering::AcqRel, Ordering::Acquire);
        fresh
    }

    /// Declines the offer, if one was made and not taken: the first thread
    /// read the whole sheet, or the second half is not wanted.
    pub(super) fn decline(&self) {
        let _ = self
            .0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |s| {
                (s != TAKEN).then_some(DECLINED)
            });
    }

    /// Whether the second half is no longer wanted.
    pub(super) fn declined(&self) -> bool {
        self.0.load(Ordering::Acquire) == DECLINED
    }
}

/// A workbook holding only the second half of the sheet, and the half's
/// first row (zero-based), offered to the first thread through `split`.
/// `None` where the sheet is read whole on one thread (see the module's
/// comment).
pub(super) fn second_half(from: Reopen<'_>, split: &Split) -> Option<Vec<u8>> {
    match from {
        Reopen::Bytes(bytes) => cut(Cursor::new(bytes), split),
        Reopen::Path(path) => {
            let file = std::fs::File::open(path).ok()?;
            cut(std::io::BufReader::with_capacity(1 << 16, file), split)
        }
    }
}

fn cut<R: Read + Seek>(reader: R, split: &Split) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(reader).ok()?;
    let (sheet, xml) = only_sheet(&mut zip, 0)?;
    let (head, from, row) = cut_point(&xml)?;
    if !split.offer(row) {
        return None;
    }
    let parts = [xml.get(..head)?, xml.get(from..)?];
    copy_with_sheet_until(&mut zip, sheet, &parts, &|| split.declined())
}

/// The workbook's only worksheet part: its index in the zip and its XML,
/// unpacked. `None` with several sheets, or one smaller than `min` or
/// larger than a sheet is held whole (see `MAX_UNPACKED`).
pub(super) fn only_sheet<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    min: u64,
) -> Option<(usize, Vec<u8>)> {
    let sheet = only_sheet_index(zip)?;
    let size = zip.by_index_raw(sheet).ok()?.size();
    if size > MAX_UNPACKED || size < min {
        return None;
    }
    Some((sheet, unpack(zip, sheet)?))
}

/// The part `index` of the zip, unpacked whole.
pub(super) fn unpack<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    index: usize,
) -> Option<Vec<u8>> {
    let mut entry = zip.by_index(index).ok()?;
    let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).ok()?);
    entry.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The index in the zip of the workbook's only worksheet part; `None`
/// with several.
pub(super) fn only_sheet_index<R: Read + Seek>(zip: &zip::ZipArchive<R>) -> Option<usize> {
    let mut sheets = (0..zip.len()).filter(|&i| {
        zip.name_for_index(i)
            .and_then(Result::ok)
            .is_some_and(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
    });
    // Which entry is which sheet is in the workbook's relations: with one
    // sheet, there is nothing to look up.
    match (sheets.next(), sheets.next()) {
        (Some(sheet), None) => Some(sheet),
        _ => None,
    }
}

/// A copy of the workbook whose part `sheet` holds `parts`, one after
/// the other (stored, not compressed), its other parts copied as they are.
pub(super) fn copy_with_sheet<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    sheet: usize,
    parts: &[&[u8]],
) -> Option<Vec<u8>> {
    copy_with_sheet_until(zip, sheet, parts, &|| false)
}

/// [`copy_with_sheet`], given up (`None`) as soon as `unwanted` says so.
fn copy_with_sheet_until<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    sheet: usize,
    parts: &[&[u8]],
    unwanted: &dyn Fn() -> bool,
) -> Option<Vec<u8>> {
    let size: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(size + (64 << 10))));
    for i in 0..zip.len() {
        if i == sheet {
            let name = zip.name_for_index(i)?.ok()?.into_owned();
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
                .large_file(size as u64 >= u64::from(u32::MAX));
            out.start_file(name, stored).ok()?;
            for part in parts {
                out.write_all(part).ok()?;
            }
        } else {
            out.raw_copy_file(zip.by_index_raw(i).ok()?).ok()?;
        }
        if unwanted() {
            return None;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

/// Where to cut a sheet's XML: the end of its head (through
/// `<sheetData>`), the start of the `<row>` the second half begins with,
/// near the middle of the rows, and that row's number (zero-based).
/// `None` for a sheet that is not cut: one with shared formulas (their
/// text is written at their first cell only, which the second half may
/// not hold), whose row holds no number, or too short to be worth it.
fn cut_point(xml: &[u8]) -> Option<(usize, usize, u32)> {
    use memchr::memmem;
    if memmem::find(xml, b"t=\"shared\"").is_some() {
        return None;
    }
    let open = memmem::find(xml, b"<sheetData")?;
    // `<sheetData/>`: no rows at all.
    let head = open + memchr::memchr(b'>', xml.get(open..)?)? + 1;
    if xml.get(..head)?.ends_with(b"/>") {
        return None;
    }
    let end = head + memmem::find(xml.get(head..)?, b"</sheetData>")?;
    // Past the middle: the second thread also unpacks and copies the
    // sheet before it parses, and shares its core with the rows' reading
    // (61 %: the first thread ended its part 15 ms before the second at
    // 55 %; BENCHMARKS.md 10.27).
    let middle = head + (end - head) * 61 / 100;
    // A row's tag is `<row` and a space, `>` or `/`; text inside a cell
    // cannot hold `<` unescaped, so each is a row. Every row up to the cut
    // must carry its number, in rising order: the first thread stops at
    // the row of that number, and must meet it exactly where the cut is.
    // The rows after it are the second half's, read by calamine in the
    // copy as in the sheet, numbered or not.
    let mut last = 0u32;
    for at in memmem::find_iter(xml.get(head..end)?, b"<row") {
        let from = head + at;
        if !matches!(xml.get(from + 4), Some(b' ' | b'>' | b'/')) {
            continue;
        }
        let tag_end = from + memchr::memchr(b'>', xml.get(from..end)?)?;
        let row = row_number(xml.get(from..tag_end)?)?;
        if row <= last {
            return None;
        }
        last = row;
        if from >= middle {
            return Some((head, from, row.checked_sub(1)?));
        }
    }
    None
}

/// The `r` attribute of a `<row …>` tag: its one-based number.
fn row_number(tag: &[u8]) -> Option<u32> {
    let at = memchr::memmem::find_iter(tag, b"r=")
        .find(|&at| at > 0 && tag.get(at - 1).is_some_and(u8::is_ascii_whitespace))?;
    let quote = *tag.get(at + 2)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = tag.get(at + 3..)?;
    let value = value.get(..memchr::memchr(quote, value)?)?;
    std::str::from_utf8(value).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&str]) -> Vec<u8> {
        format!(
            "<worksheet><dimension ref=\"A1:B9\"/><sheetData>{}</sheetData><mergeCells/></worksheet>",
            rows.concat()
        )
        .into_bytes()
    }

    #[test]
    fn a_sheet_is_cut_at_a_row_past_its_middle() {
        let rows: Vec<String> = (1..=10)
            .map(|r| format!("<row r=\"{r}\" spans=\"1:2\"><c r=\"A{r}\"><v>{r}</v></c></row>"))
            .collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let xml = sheet(&refs);
        let (head, from, row) = cut_point(&xml).unwrap();
        assert!(xml[..head].ends_with(b"<sheetData>"));
        // Zero-based 7 is the eighth row: the first to start past 61 %.
        assert!(xml[from..].starts_with(b"<row r=\"8\""), "{row}");
        assert_eq!(row, 7);
    }

    #[test]
    fn rows_after_the_cut_need_no_rising_numbers() {
        let mut rows: Vec<String> = (1..=10)
            .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c></row>"))
            .collect();
        rows[9] = "<row><c><v>10</v></c></row>".to_owned();
        rows[8] = "<row r=\"3\"><c r=\"A3\"><v>9</v></c></row>".to_owned();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let xml = sheet(&refs);
        let (_, from, row) = cut_point(&xml).unwrap();
        // Zero-based 6 is the seventh row: the first to start past 61 % of
        // these rows' bytes.
        assert!(xml[from..].starts_with(b"<row r=\"7\""), "{row}");
        assert_eq!(row, 6);
    }

    #[test]
    fn sheets_that_are_not_cut() {
        // A shared formula, a row without its number, rows out of order,
        // no rows.
        let shared = sheet(&[
            "<row r=\"1\"><c r=\"A1\"><f t=\"shared\" si=\"0\" ref=\"A1:A2\">B1</f></c></row>",
            "<row r=\"2\"><c r=\"A2\"><f t=\"shared\" si=\"0\"/></c></row>",
        ]);
        assert_eq!(cut_point(&shared), None);
        let unnumbered = sheet(&["<row><c><v>1</v></c></row>", "<row><c><v>2</v></c></row>"]);
        assert_eq!(cut_point(&unnumbered), None);
        let backwards = sheet(&[
            "<row r=\"2\"><c><v>1</v></c></row>",
            "<row r=\"1\"><c><v>2</v></c></row>",
        ]);
        assert_eq!(cut_point(&backwards), None);
        assert_eq!(cut_point(b"<worksheet><sheetData/></worksheet>"), None);
    }

    #[test]
    fn an_offered_row_is_taken_once_and_never_after_it_was_passed() {
        let split = Split::new();
        assert!(!split.stop_at(3, Some(2)), "nothing offered yet");
        assert!(split.offer(5));
        assert!(!split.offer(6), "one offer");
        assert!(!split.stop_at(4, Some(3)));
        assert!(split.stop_at(5, Some(4)));
        assert_eq!(split.0.load(Ordering::Acquire), TAKEN);
        // Passed before it was offered: declined.
        let late = Split::new();
        assert!(late.offer(5));
        assert!(!late.stop_at(7, Some(6)));
        assert!(late.declined());
        assert!(!late.stop_at(8, Some(7)));
        let done = Split::new();
        done.decline();
        assert!(!done.offer(5));
    }
}

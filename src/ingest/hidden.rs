//! What a sheet hides from the eye: rows hidden by hand and cells struck
//! through. calamine reads neither, and a user hides or strikes a row to
//! say an activity was cancelled or wrong: read as written, it was counted
//! as done. Found in the file's own parts (an xlsx's sheet parts and
//! styles, an ods's content), and refused where such a row would count
//! ([`refuse_unseen`]).
//!
//! A row hidden by a filter or inside a collapsed group is a view, not a
//! verdict on the row: it is read as any other (docs/activity-logs.md).

use std::collections::HashMap;

use super::table::GridOutcome;
use crate::diag::{Code, Diagnostic, Location};

/// What one sheet hides: 0-based rows and cells.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Unseen {
    /// Rows hidden by hand (not by a filter or a collapsed group): first
    /// and last of each run, inclusive.
    pub hidden: Vec<(u32, u32)>,
    /// Cells holding a value in a struck-through font: (row, column).
    pub struck: Vec<(u32, u32)>,
}

impl Unseen {
    /// Whether nothing is hidden or struck.
    pub fn is_empty(&self) -> bool {
        self.hidden.is_empty() && self.struck.is_empty()
    }

    /// Adds the hidden rows `first..=last`, joined to the run before when
    /// they follow it.
    pub fn hide(&mut self, first: u32, last: u32) {
        match self.hidden.last_mut() {
            Some(run) if run.1.checked_add(1) == Some(first) => run.1 = last,
            _ => self.hidden.push((first, last)),
        }
    }

    /// Orders the runs and cells, for lookups.
    fn sorted(mut self) -> Self {
        self.hidden.sort_unstable();
        self.struck.sort_unstable();
        self
    }

    fn is_hidden(&self, row: u32) -> bool {
        let at = self.hidden.partition_point(|r| r.1 < row);
        self.hidden.get(at).is_some_and(|r| r.0 <= row)
    }

    /// The first struck cell of `row`, if any.
    fn struck_in(&self, row: u32) -> Option<(u32, u32)> {
        let at = self.struck.partition_point(|c| c.0 < row);
        self.struck.get(at).copied().filter(|c| c.0 == row)
    }
}

/// What each sheet of a workbook hides, by sheet name.
pub type SheetsUnseen = HashMap<String, Unseen>;

/// Errors for the rows of `outcome` (read from `sheet` of `file`) that
/// would count as activities though hidden by hand or struck through: one
/// per run of such rows, naming its first row and how many follow. Rows
/// left out anyway (totals, rows marked not done) are not named.
pub fn refuse_unseen(outcome: &mut GridOutcome, unseen: &Unseen, file: &str, sheet: &str) {
    if unseen.is_empty() || outcome.activities.is_empty() {
        return;
    }
    let unseen = unseen.clone().sorted();
    // (first row, last row, first struck cell, the rows' selection key):
    // a run of rows hidden, or of rows struck, one after the other.
    type Run = (u32, u32, Option<(u32, u32)>, Option<super::Text>);
    let mut hidden: Vec<Run> = Vec::new();
    let mut struck: Vec<Run> = Vec::new();
    let mut last_row = None;
    for (i, a) in outcome.activities.iter().enumerate() {
        let Some(row) = a.row.checked_sub(1) else {
            continue;
        };
        // A row read twice (a date merged over rows) is named once.
        if last_row == Some(row) {
            continue;
        }
        last_row = Some(row);
        let key = outcome.activity_keys.get(i).cloned().flatten();
        let add = |runs: &mut Vec<Run>, cell: Option<(u32, u32)>| match runs.last_mut() {
            Some(run) if run.1 + 1 == row && run.3 == key => run.1 = row,
            _ => runs.push((row, row, cell, key.clone())),
        };
        if unseen.is_hidden(row) {
            add(&mut hidden, None);
        }
        if let Some(cell) = unseen.struck_in(row) {
            add(&mut struck, Some(cell));
        }
    }
    for (first, last, _, key) in hidden {
        let diagnostic = Diagnostic::error(
            Code::HiddenRows,
            format!(
                "{} hidden, and would be counted as activities done",
                rows_words(first, last)
            ),
        )
        .at(Location::row(file, Some(sheet), first))
        .hint("a row is most often hidden because its activity was cancelled or is wrong: show the rows (select the rows around them, right-click › Unhide), then write \"Inställd\" in a Status or Kommentar column of each row not done, or delete it");
        push(outcome, diagnostic, key);
    }
    for (first, last, cell, key) in struck {
        let (row, column) = cell.unwrap_or((first, 0));
        let diagnostic = Diagnostic::error(
            Code::StruckRows,
            format!(
                "{} struck through, and would be counted as activities done",
                rows_words(first, last)
            ),
        )
        .at(Location::cell(file, Some(sheet), row, column))
        .hint("a row is most often struck through because its activity was cancelled or is wrong: write \"Inställd\" in a Status or Kommentar column of each row not done, or delete it; if it was done, remove the strikethrough");
        push(outcome, diagnostic, key);
    }
}

/// "row 7 is" or "rows 4–5 are", 1-based.
fn rows_words(first: u32, last: u32) -> String {
    if first == last {
        format!("row {} is", u64::from(first) + 1)
    } else {
        format!("rows {}–{} are", u64::from(first) + 1, u64::from(last) + 1)
    }
}

/// Adds `diagnostic` to `outcome`, tagged with its rows' selection key.
fn push(outcome: &mut GridOutcome, diagnostic: Diagnostic, key: Option<super::Text>) {
    if let Some(key) = key {
        outcome
            .diagnostic_keys
            .push((outcome.diagnostics.len(), key));
    }
    outcome.diagnostics.push(diagnostic);
}

// ---- xlsx

/// The parts of an xlsx a scan needs before its sheets: which part is
/// which sheet, and which cell formats strike their text through.
pub struct XlsxStyles {
    /// Sheet part (as named in the zip, "xl/worksheets/sheet1.xml") to
    /// sheet name.
    pub sheets: HashMap<String, String>,
    /// For each cell format (`s="N"`), whether its font is struck through.
    pub struck: Vec<bool>,
}

/// Reads the workbook's sheets and styles from `archive`; `None` for a
/// zip that is no xlsx (an ods, an xlsb).
pub fn xlsx_styles<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Option<XlsxStyles> {
    let workbook = part(archive, "xl/workbook.xml")?;
    let rels = part(archive, "xl/_rels/workbook.xml.rels")?;
    let mut ids = HashMap::new();
    each_element(&rels, |name, attrs| {
        if name == "Relationship"
            && let (Some(id), Some(target)) = (attrs("Id"), attrs("Target"))
        {
            let target = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("xl/{target}"),
            };
            ids.insert(id, target);
        }
    });
    let mut sheets = HashMap::new();
    each_element(&workbook, |name, attrs| {
        if name == "sheet"
            && let (Some(sheet), Some(id)) = (attrs("name"), attrs("id"))
            && let Some(target) = ids.get(&id)
        {
            sheets.insert(target.clone(), sheet);
        }
    });
    let mut struck = Vec::new();
    if let Some(styles) = part(archive, "xl/styles.xml") {
        // Fonts in order, each struck or not; then the cell formats in
        // order (cellXfs, not the named styles' cellStyleXfs), each naming
        // its font.
        let (mut fonts, mut font_struck) = (Vec::new(), None::<bool>);
        let mut in_cell_xfs = false;
        each_event(&styles, |event| match event {
            XmlEvent::Open("font", _) => font_struck = Some(false),
            XmlEvent::Open("strike", attrs) => {
                if let Some(s) = &mut font_struck {
                    *s = !matches!(attrs("val").as_deref(), Some("0" | "false"));
                }
            }
            XmlEvent::Close("font") => fonts.extend(font_struck.take()),
            XmlEvent::Open("cellXfs", _) => in_cell_xfs = true,
            XmlEvent::Close("cellXfs") => in_cell_xfs = false,
            XmlEvent::Open("xf", attrs) if in_cell_xfs => {
                let font: Option<usize> = attrs("fontId").and_then(|f| f.parse().ok());
                struck.push(font.is_some_and(|f| fonts.get(f) == Some(&true)));
            }
            _ => {}
        });
    }
    Some(XlsxStyles { sheets, struck })
}

/// A zip part as text, at most 16 MiB (a workbook's or styles part).
fn part<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<String> {
    use std::io::Read;
    let mut text = String::new();
    archive
        .by_name(name)
        .ok()?
        .take(16 << 20)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

/// An element opened (with a lookup of its attributes by local name,
/// unescaped) or closed, by its local name.
enum XmlEvent<'a> {
    Open(&'a str, &'a dyn Fn(&str) -> Option<String>),
    Close(&'a str),
}

/// Calls `each` for every element of `xml`, by local name (an empty
/// element is opened and closed).
fn each_event(xml: &str, mut each: impl FnMut(XmlEvent<'_>)) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                each(XmlEvent::Close(e.local_name().as_ref()));
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        let attrs = |key: &str| element_attribute(&e, key);
        let name = e.local_name();
        each(XmlEvent::Open(name.as_ref(), &attrs));
        if empty {
            each(XmlEvent::Close(name.as_ref()));
        }
    }
}

/// The attribute of element `e` whose local name is `name`, unescaped
/// and with its whitespace normalised as XML reads it.
pub(super) fn element_attribute(
    e: &quick_xml::events::BytesStart<'_>,
    name: &str,
) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Calls `each` with the local name and attributes of every element
/// opened in `xml`.
fn each_element(xml: &str, mut each: impl FnMut(&str, &dyn Fn(&str) -> Option<String>)) {
    each_event(xml, |event| {
        if let XmlEvent::Open(name, attrs) = event {
            each(name, attrs);
        }
    });
}

/// Bytes a sheet part is searched by at a time.
const PIECE: usize = 1 << 16;

/// What one xlsx sheet part hides, and whether it mentions merged cells
/// (`mergeCell`). The part is unpacked in pieces and searched as bytes,
/// not parsed: a million-row sheet costs one pass of `memchr`'s search
/// for each word, and a cell's style is looked at only when some format
/// of the workbook strikes its text through (`struck`, by format).
///
/// A row hidden (`hidden="1"`) is hidden by hand unless it is in a group
/// (`outlineLevel` above 0: a collapsed group) or the sheet is filtered
/// (an `autoFilter` with a `filterColumn`, or `filterMode` set): a filter
/// hides rows the same way, and the two cannot be told apart.
pub fn scan_sheet_part(
    mut part: impl std::io::Read,
    struck: &[bool],
) -> std::io::Result<(Unseen, bool)> {
    use memchr::memmem::Finder;
    let merge = Finder::new(b"mergeCell");
    // Each word is searched for once per piece, its value read after it:
    // LibreOffice writes hidden="false" on every row.
    let hidden = Finder::new(b" hidden=\"");
    let filter_mode = Finder::new(b"filterMode=\"");
    let filter_column = Finder::new(b"filterColumn");
    let is_true = |value: &[u8]| value.starts_with(b"1") || value.starts_with(b"true");
    let style = Finder::new(b" s=\"");
    let any_struck = struck.contains(&true);
    let (mut mentions, mut filtered) = (false, false);
    let mut unseen = Unseen::default();
    let mut buffer = vec![0u8; PIECE];
    let mut kept = 0usize;
    loop {
        if kept == buffer.len() {
            // One text longer than a piece: the piece grows to hold it.
            buffer.resize(buffer.len() * 2, 0);
        }
        let n = part.read(&mut buffer[kept..])?;
        let end = kept + n;
        let data = &buffer[..end];
        // Searched up to the last tag's start, so every tag searched is
        // whole; the rest is searched with the next piece.
        let cut = if n == 0 {
            end
        } else {
            memchr::memrchr(b'<', data).unwrap_or(0)
        };
        let region = &data[..cut];
        mentions = mentions || merge.find(region).is_some();
        filtered = filtered
            || filter_column.find(region).is_some()
            || filter_mode
                .find_iter(region)
                .any(|at| is_true(&region[at + b"filterMode=\"".len()..]));
        for at in hidden.find_iter(region) {
            if is_true(&region[at + b" hidden=\"".len()..])
                && let Some((b"row", tag, _)) = tag_at(data, at)
                && let Some(row) = attribute(tag, b"r").and_then(digits)
                && let Some(row) = row.checked_sub(1)
            {
                let grouped = attribute(tag, b"outlineLevel")
                    .and_then(digits)
                    .is_some_and(|l| l > 0);
                if !grouped {
                    unseen.hide(row, row);
                }
            }
        }
        if any_struck {
            for at in style.find_iter(region) {
                if let Some((b"c", tag, close)) = tag_at(data, at)
                    && let Some(format) = attribute(tag, b"s").and_then(digits)
                    && struck.get(format as usize) == Some(&true)
                    && holds_value(data, tag, close)
                    && let Some(cell) = attribute(tag, b"r").and_then(a1_cell)
                {
                    unseen.struck.push(cell);
                }
            }
        }
        if n == 0 {
            break;
        }
        buffer.copy_within(cut..end, 0);
        kept = end - cut;
    }
    if filtered {
        unseen.hidden.clear();
    }
    Ok((unseen, mentions))
}

/// The element around byte `at` of `data`: its local name, the bytes
/// between its `<` and `>`, and where its `>` is.
fn tag_at(data: &[u8], at: usize) -> Option<(&[u8], &[u8], usize)> {
    let open = memchr::memrchr(b'<', &data[..at])?;
    let close = at + memchr::memchr(b'>', &data[at..])?;
    let tag = &data[open + 1..close];
    let name_end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    let local = match memchr::memrchr(b':', name) {
        Some(colon) => &name[colon + 1..],
        None => name,
    };
    Some((local, tag, close))
}

/// The value of the attribute `name` in a tag's bytes (no prefix, as
/// xlsx writes `r` and `s`).
fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&tag[from..], name).map(|a| a + from) {
        let after = at + name.len();
        let starts = at > 0 && tag[at - 1].is_ascii_whitespace();
        if starts && tag[after..].starts_with(b"=\"") {
            let value = &tag[after + 2..];
            let end = memchr::memchr(b'"', value)?;
            return Some(&value[..end]);
        }
        from = after;
    }
    None
}

fn digits(text: &[u8]) -> Option<u32> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// An A1 reference as a 0-based (row, column).
fn a1_cell(text: &[u8]) -> Option<(u32, u32)> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let column = text[..letters].iter().fold(0u32, |c, b| {
        c * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = digits(&text[letters..])?;
    Some((row.checked_sub(1)?, column - 1))
}

/// Whether the cell whose tag ends at `close` holds something: not
/// `<c …/>` nor `<c …></c>`. Where the piece ends before saying, it is
/// taken to hold a value (the row is named, never missed).
fn holds_value(data: &[u8], tag: &[u8], close: usize) -> bool {
    if tag.last() == Some(&b'/') {
        return false;
    }
    // A cell's children (f, v, is) are opened; its own end is closed.
    !data[close + 1..].starts_with(b"</")
}

// ---- xls

/// What each sheet of an xls workbook stream (BIFF8) hides: rows hidden
/// by hand (a ROW record's `fDyZero`, not in a group nor on a sheet with
/// a filter on) and cells struck through (their XF's FONT has
/// `fStrikeOut`). Empty for an older BIFF, or where a record runs past
/// the stream's end.
pub fn xls_unseen(book: &[u8]) -> SheetsUnseen {
    let mut out = SheetsUnseen::new();
    let u16_at = |d: &[u8], at: usize| -> Option<u16> {
        d.get(at..at + 2).map(|w| u16::from_le_bytes([w[0], w[1]]))
    };
    let u32_at = |d: &[u8], at: usize| -> Option<u32> {
        d.get(at..at + 4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
    };
    // The records from `from` to the next EOF: (type, data).
    let records = |from: usize| {
        let mut at = from;
        std::iter::from_fn(move || {
            let kind = u16_at(book, at)?;
            let len = usize::from(u16_at(book, at + 2)?);
            let data = book.get(at + 4..at + 4 + len)?;
            at += 4 + len;
            (kind != 0x000A).then_some((kind, data))
        })
    };
    // BIFF8 only: its BOF says version 0x0600.
    if u16_at(book, 4) != Some(0x0600) {
        return out;
    }
    let (mut fonts, mut formats, mut sheets) = (Vec::new(), Vec::new(), Vec::new());
    for (kind, data) in records(0) {
        match kind {
            // FONT: grbit's fStrikeOut.
            0x0031 => fonts.push(u16_at(data, 2).is_some_and(|g| g & 0x0008 != 0)),
            // XF: its font (the font numbered 4 is never written).
            0x00E0 => {
                let font = u16_at(data, 0).map_or(0, usize::from);
                let font = if font >= 4 { font - 1 } else { font };
                formats.push(fonts.get(font) == Some(&true));
            }
            // BOUNDSHEET: the sheet's BOF, its kind, its name.
            0x0085 => {
                if let (Some(offset), Some(&0)) = (u32_at(data, 0), data.get(5))
                    && let Some(name) = short_string(data.get(6..).unwrap_or_default())
                {
                    sheets.push((offset as usize, name));
                }
            }
            _ => {}
        }
    }
    for (offset, name) in sheets {
        let mut unseen = Unseen::default();
        let mut filtered = false;
        let mut struck = |row: Option<u16>, column: Option<u16>, format: Option<u16>| {
            if let (Some(row), Some(column), Some(format)) = (row, column, format)
                && formats.get(usize::from(format)) == Some(&true)
            {
                unseen.struck.push((u32::from(row), u32::from(column)));
            }
        };
        let mut rows = Vec::new();
        for (kind, data) in records(offset).skip(1) {
            match kind {
                // ROW: fDyZero (hidden), iOutLevel (in a group).
                0x0208 => {
                    if let (Some(row), Some(flags)) = (u16_at(data, 0), u16_at(data, 12))
                        && flags & 0x0020 != 0
                        && flags & 0x0007 == 0
                    {
                        rows.push(u32::from(row));
                    }
                }
                // FILTERMODE: a filter hides rows the same way.
                0x009B => filtered = true,
                // NUMBER, LABELSST, RK, FORMULA, LABEL, BOOLERR: row,
                // column, XF.
                0x0203 | 0x00FD | 0x027E | 0x0006 | 0x0204 | 0x0205 => {
                    struck(u16_at(data, 0), u16_at(data, 2), u16_at(data, 4));
                }
                // MULRK: row, first column, then XF and value per cell.
                0x00BD => {
                    let (row, first) = (u16_at(data, 0), u16_at(data, 2).unwrap_or(0));
                    for k in 0..data.len().saturating_sub(6) / 6 {
                        let column = first.checked_add(u16::try_from(k).unwrap_or(u16::MAX));
                        struck(row, column, u16_at(data, 4 + 6 * k));
                    }
                }
                _ => {}
            }
        }
        if !filtered {
            for row in rows {
                unseen.hide(row, row);
            }
        }
        if !unseen.is_empty() {
            out.insert(name, unseen);
        }
    }
    out
}

/// A BIFF8 ShortXLUnicodeString: a length, a flag (bit 0: two bytes a
/// character) and the characters.
fn short_string(data: &[u8]) -> Option<String> {
    let len = usize::from(*data.first()?);
    let wide = data.get(1)? & 1 != 0;
    let text = data.get(2..)?;
    if wide {
        let units: Vec<u16> = text
            .get(..len * 2)?
            .chunks_exact(2)
            .map(|w| u16::from_le_bytes([w[0], w[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(text.get(..len)?.iter().map(|&b| char::from(b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet part of `rows` rows, row `hidden` hidden by hand, row
    /// `grouped` hidden in a group, and the cell B of row `struck` in
    /// format 1; each row padded so that tags fall across pieces.
    fn sheet(rows: u32, hidden: u32, grouped: u32, struck: u32, tail: &str) -> Vec<u8> {
        let mut xml = String::from("<worksheet><sheetData>");
        for r in 1..=rows {
            let flags = if r == hidden {
                " hidden=\"1\""
            } else if r == grouped {
                " hidden=\"true\" outlineLevel=\"1\""
            } else {
                " hidden=\"false\""
            };
            let style = if r == struck { 1 } else { 0 };
            xml.push_str(&format!(
                "<row r=\"{r}\"{flags} customHeight=\"false\"><c r=\"A{r}\" s=\"0\"><v>{r}</v></c><c r=\"B{r}\" s=\"{style}\" t=\"s\"><v>1</v></c><c r=\"C{r}\" s=\"1\"/></row>"
            ));
        }
        xml.push_str("</sheetData>");
        xml.push_str(tail);
        xml.push_str("</worksheet>");
        xml.into_bytes()
    }

    /// Read in pieces of 7 bytes: every tag falls across pieces.
    struct Trickle<'a>(&'a [u8]);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(7).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn hidden_rows_and_struck_cells_are_found_across_pieces() {
        let part = sheet(3000, 1200, 1201, 2500, "");
        for (unseen, merged) in [
            scan_sheet_part(&part[..], &[false, true]).unwrap(),
            scan_sheet_part(Trickle(&part), &[false, true]).unwrap(),
        ] {
            // Row 1200 hidden by hand; 1201 in a collapsed group; the
            // empty C cells in format 1 hold nothing.
            assert_eq!(unseen.hidden, vec![(1199, 1199)]);
            assert_eq!(unseen.struck, vec![(2499, 1)]);
            assert!(!merged);
        }
        // No format struck: styles are not looked at.
        let (unseen, _) = scan_sheet_part(&part[..], &[false, false]).unwrap();
        assert!(unseen.struck.is_empty());
    }

    #[test]
    fn a_filtered_sheet_hides_no_row_by_hand() {
        for tail in [
            "<autoFilter ref=\"A1:B3000\"><filterColumn colId=\"1\"/></autoFilter>",
            "<sheetPr filterMode=\"1\"/>",
        ] {
            let part = sheet(3000, 1200, 0, 0, tail);
            let (unseen, _) = scan_sheet_part(&part[..], &[false]).unwrap();
            assert!(unseen.hidden.is_empty(), "{tail}");
        }
        let part = sheet(10, 5, 0, 0, "<sheetPr filterMode=\"false\"/><mergeCells/>");
        let (unseen, merged) = scan_sheet_part(&part[..], &[false]).unwrap();
        assert_eq!(unseen.hidden, vec![(4, 4)]);
        assert!(merged);
    }

    #[test]
    fn cells_are_named_by_their_references() {
        assert_eq!(a1_cell(b"A1"), Some((0, 0)));
        assert_eq!(a1_cell(b"AB12"), Some((11, 27)));
        assert_eq!(a1_cell(b"12"), None);
        assert_eq!(attribute(b"c r=\"B5\" s=\"3\"", b"s"), Some(&b"3"[..]));
        // "s" inside another attribute's name is not it.
        assert_eq!(attribute(b"c ts=\"1\" r=\"B5\"", b"s"), None);
    }

    #[test]
    fn runs_of_rows_are_named_once() {
        let mut unseen = Unseen::default();
        unseen.hide(3, 3);
        unseen.hide(4, 4);
        unseen.hide(9, 11);
        assert_eq!(unseen.hidden, vec![(3, 4), (9, 11)]);
        let unseen = unseen.sorted();
        assert!(unseen.is_hidden(4) && unseen.is_hidden(10) && !unseen.is_hidden(5));
        assert_eq!(rows_words(3, 4), "rows 4–5 are");
        assert_eq!(rows_words(6, 6), "row 7 is");
    }
}

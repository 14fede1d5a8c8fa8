//! csv, tsv and txt logs: the encoding found (UTF-8 with or without BOM,
//! UTF-16 with BOM, else Windows-1252), the delimiter sniffed from the first
//! lines (`;`, `,` or tab), and the rows streamed into a [`TableReader`].

use std::sync::Arc;

use super::cells::{Cell, parse_number_text};
use super::table::{GridOutcome, ReadSettings, TableReader};

/// A text log decoded, with the lines that needed another encoding.
pub struct Decoded {
    /// The text.
    pub text: String,
    /// 1-based lines read as Windows-1252 in an otherwise UTF-8 file.
    pub windows_1252_lines: Vec<usize>,
}

/// Decodes the bytes of a text log. A UTF-8 file with a few lines pasted
/// from a Windows-1252 one is decoded line by line: decoded whole as
/// Windows-1252, its UTF-8 "Löfte" header would be lost. A UTF-8 file (the
/// common case) becomes the text without a copy.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    let whole = |text: String| Decoded {
        text,
        windows_1252_lines: Vec::new(),
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        if std::str::from_utf8(rest).is_ok() {
            let mut bytes = bytes;
            bytes.drain(..3);
            return whole(String::from_utf8(bytes).unwrap_or_default());
        }
        return decode_lines(rest, true);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(&bytes);
        return whole(text.trim_start_matches('\u{feff}').to_owned());
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16BE.decode(&bytes);
        return whole(text.trim_start_matches('\u{feff}').to_owned());
    }
    match String::from_utf8(bytes) {
        Ok(text) => whole(text),
        Err(e) => {
            let bytes = e.as_bytes();
            let utf8_somewhere = bytes
                .split(|b| *b == b'\n')
                .any(|line| !line.is_ascii() && std::str::from_utf8(line).is_ok());
            if utf8_somewhere {
                decode_lines(bytes, true)
            } else {
                // Swedish Excel saves "CSV (semikolonavgränsad)" as Windows-1252.
                whole(encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned())
            }
        }
    }
}

/// Each line as UTF-8 when it is, else as Windows-1252 (and listed).
fn decode_lines(bytes: &[u8], utf8: bool) -> Decoded {
    let mut text = String::with_capacity(bytes.len());
    let mut lines = Vec::new();
    for (k, line) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(l) if utf8 => text.push_str(l),
            _ => {
                text.push_str(&encoding_rs::WINDOWS_1252.decode(line).0);
                lines.push(k + 1);
            }
        }
    }
    Decoded {
        text,
        windows_1252_lines: lines,
    }
}

/// The delimiter that splits the first lines most consistently.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(40)
        .collect();
    let mut best = (b';', 0usize);
    for d in [b';', b'\t', b','] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|b| *b == d).count())
            .collect();
        let max = counts.iter().copied().max().unwrap_or(0);
        // Score: lines that have the delimiter at its most common count.
        let score = if max == 0 {
            0
        } else {
            let mut freq = std::collections::HashMap::new();
            for c in counts.iter().filter(|c| **c > 0) {
                *freq.entry(*c).or_insert(0usize) += 1;
            }
            freq.values().copied().max().unwrap_or(0) * 1000 + max
        };
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Excel's most columns (A to XFD): no real log has more.
pub const MAX_COLUMNS: usize = 16_384;

/// Why a text log cannot be read.
#[derive(Debug)]
pub enum CsvError {
    /// At a 1-based line: code, message, hint.
    At(usize, &'static str, String, &'static str),
    /// The file as a whole.
    Whole(String),
}

/// The first problem in the file's structure that would make the csv
/// reader swallow or mangle rows: a NUL byte, or a quote that is never
/// closed (every row below it would become one cell) or that runs on into
/// what looks like the next rows.
fn check_structure(text: &str, delimiter: u8) -> Result<(), CsvError> {
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(CsvError::At(
            line,
            "nul-byte",
            "the line holds a NUL byte (character 0), which no spreadsheet writes".to_owned(),
            "the file is damaged or was saved by another program: delete the odd character on this line in a text editor, or save the log again as csv",
        ));
    }
    let width = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .map_or(0, |l| l.bytes().filter(|b| *b == delimiter).count());
    if !text.contains('"') {
        return Ok(());
    }
    let bytes = text.as_bytes();
    let mut line = 1usize;
    let mut at_field_start = true;
    let mut k = 0usize;
    while k < bytes.len() {
        let b = bytes[k];
        if at_field_start && b == b'"' {
            let open = line;
            k += 1;
            loop {
                match bytes.get(k) {
                    None => {
                        return Err(CsvError::At(
                            open,
                            "unclosed-quote",
                            "a quote (\") opens a cell here and is never closed, so every row below it would be read as part of that cell".to_owned(),
                            "close the quote, or remove it; a quote inside a cell is written twice (\"\")",
                        ));
                    }
                    Some(b'"') if bytes.get(k + 1) == Some(&b'"') => k += 2,
                    Some(b'"') => {
                        k += 1;
                        break;
                    }
                    Some(b'\n') => {
                        line += 1;
                        k += 1;
                        // The quoted text runs into what looks like a row.
                        let rest = &text[k..];
                        let next = rest.lines().next().unwrap_or("");
                        if width > 0
                            && next.bytes().filter(|b| *b == delimiter).count() >= width
                            && next.trim_start().starts_with(|c: char| c.is_ascii_digit())
                        {
                            return Err(CsvError::At(
                                open,
                                "unclosed-quote",
                                format!(
                                    "a quote (\") opens a cell here and is not closed before line {line}, which looks like a row of its own"
                                ),
                                "close the quote at the end of the cell, or remove it; a quote inside a cell is written twice (\"\")",
                            ));
                        }
                    }
                    Some(_) => k += 1,
                }
            }
            at_field_start = false;
            continue;
        }
        if b == b'\n' {
            line += 1;
            at_field_start = true;
        } else {
            at_field_start = b == delimiter;
        }
        k += 1;
    }
    Ok(())
}

/// Reads a text log row by row into activities: no grid is built, so a
/// large csv is never held twice. Numbers are kept as text until their
/// column says what they are, except plain numbers (for summary detection).
/// Rows are numbered by the physical line they start on, as a text editor
/// shows it (blank lines and line breaks inside quotes counted).
pub fn read(
    text: &str,
    max_cells: u64,
    file: &Arc<str>,
    settings: &ReadSettings,
) -> Result<GridOutcome, CsvError> {
    let delimiter = sniff_delimiter(text);
    // Refused up front, before any row is read: lines × the first line's
    // fields (a quoted line break only makes the estimate larger).
    let lines =
        text.bytes().filter(|b| *b == b'\n').count() as u64 + u64::from(!text.ends_with('\n'));
    let width = text.lines().next().map_or(1, |l| {
        l.bytes().filter(|b| *b == delimiter).count() as u64 + 1
    });
    if lines.saturating_mul(width) > max_cells {
        return Err(CsvError::Whole(format!(
            "the file has {lines} lines of {width} fields, more than {max_cells} cells; raise the limit with --max-cells, or split the log by year"
        )));
    }
    check_structure(text, delimiter)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = TableReader::new(file, None, (0, 0), settings);
    let mut record = csv::StringRecord::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cells = 0u64;
    // Newlines counted up to `counted_to`, to turn byte offsets into lines.
    let (mut counted_to, mut newlines) = (0usize, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(CsvError::Whole(format!("the csv cannot be read: {e}"))),
        }
        let mut start = record
            .position()
            .map_or(counted_to, |p| {
                usize::try_from(p.byte()).unwrap_or(usize::MAX)
            })
            .min(text.len());
        // The position may be that of blank lines before the record.
        while matches!(text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        if start > counted_to {
            // str::matches runs std's (always optimised) search.
            newlines += text
                .get(counted_to..start)
                .map_or(0, |t| t.matches('\n').count());
            counted_to = start;
        }
        if record.len() > MAX_COLUMNS {
            return Err(CsvError::Whole(format!(
                "line {} has {} fields; a spreadsheet has at most {MAX_COLUMNS} columns, so this is not a log (check the delimiter, or split the file)",
                newlines + 1,
                record.len()
            )));
        }
        cells = cells.saturating_add(record.len() as u64);
        if cells > max_cells {
            return Err(CsvError::Whole(format!(
                "the file has more than {max_cells} cells; raise the limit with --max-cells"
            )));
        }
        // The row's cells are reused from the last row: a text cell's
        // buffer is overwritten, not allocated anew for every field.
        row.truncate(record.len());
        for (j, field) in record.iter().enumerate() {
            if j == row.len() {
                row.push(Cell::Empty);
            }
            let t = field.trim();
            let number = if t.is_empty() {
                row[j] = Cell::Empty;
                continue;
            } else if t.bytes().all(|b| b.is_ascii_digit()) {
                parse_number_text(t)
            } else {
                None
            };
            match (number, &mut row[j]) {
                (Some(x), cell) => *cell = Cell::Number(x),
                (None, Cell::Text(buffer)) => {
                    buffer.clear();
                    buffer.push_str(field);
                }
                (None, cell) => *cell = Cell::Text(field.to_owned()),
            }
        }
        table.push_at(newlines, &row);
    }
    Ok(table.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_decode_alike() {
        let text = "Datum;Löfte;Plats\n2023-01-02;K1;Storgatan\n";
        let utf8 = decode(text.as_bytes().to_vec());
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let utf8 = utf8.text;
        assert_eq!(decode(bom).text, utf8);
        assert_eq!(decode(cp1252.into_owned()).text, utf8);
        assert_eq!(decode(utf16).text, utf8);
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2,5\t3\n"), b'\t');
    }
}

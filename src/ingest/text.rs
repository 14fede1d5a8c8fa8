//! csv, tsv and txt logs: the encoding found (UTF-8 with or without BOM,
//! UTF-16 with BOM, else Windows-1252), the delimiter sniffed from the first
//! lines (`;`, `,` or tab), and the rows streamed into a [`TableReader`].

use std::sync::Arc;

use super::DateOrder;
use super::cells::{Cell, parse_number_text};
use super::table::{GridOutcome, TableReader};

/// Decodes the bytes of a text log.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return text.trim_start_matches('\u{feff}').to_owned();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16BE.decode(bytes);
        return text.trim_start_matches('\u{feff}').to_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        // Swedish Excel saves "CSV (semikolonavgränsad)" as Windows-1252.
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
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

/// Reads a text log row by row into activities: no grid is built, so a
/// large csv is never held twice. Numbers are kept as text until their
/// column says what they are, except plain numbers (for summary detection).
pub fn read(
    text: &str,
    max_cells: u64,
    file: &Arc<str>,
    order: Option<DateOrder>,
) -> Result<GridOutcome, String> {
    let delimiter = sniff_delimiter(text);
    // Refused up front, before any row is read: lines × the first line's
    // fields (a quoted line break only makes the estimate larger).
    let lines =
        text.bytes().filter(|b| *b == b'\n').count() as u64 + u64::from(!text.ends_with('\n'));
    let width = text.lines().next().map_or(1, |l| {
        l.bytes().filter(|b| *b == delimiter).count() as u64 + 1
    });
    if lines.saturating_mul(width) > max_cells {
        return Err(format!(
            "the file has {lines} lines of {width} fields, more than {max_cells} cells; raise the limit with --max-cells, or split the log by year"
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut table = TableReader::new(file, None, (0, 0), order);
    let mut record = csv::StringRecord::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut cells = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(format!("the csv cannot be read: {e}")),
        }
        if record.len() > MAX_COLUMNS {
            let line = record.position().map_or(0, csv::Position::line);
            return Err(format!(
                "line {line} has {} fields; a spreadsheet has at most {MAX_COLUMNS} columns, so this is not a log (check the delimiter, or split the file)",
                record.len()
            ));
        }
        cells = cells.saturating_add(record.len() as u64);
        if cells > max_cells {
            return Err(format!(
                "the file has more than {max_cells} cells; raise the limit with --max-cells"
            ));
        }
        row.clear();
        row.extend(record.iter().map(|field| {
            let t = field.trim();
            if t.is_empty() {
                Cell::Empty
            } else if t.bytes().all(|b| b.is_ascii_digit()) {
                parse_number_text(t).map_or_else(|| Cell::Text(field.to_owned()), Cell::Number)
            } else {
                Cell::Text(field.to_owned())
            }
        }));
        table.push(&row);
    }
    Ok(table.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_decode_alike() {
        let text = "Datum;Löfte;Plats\n2023-01-02;K1;Storgatan\n";
        let utf8 = decode(text.as_bytes());
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bom), utf8);
        assert_eq!(decode(&cp1252), utf8);
        assert_eq!(decode(&utf16), utf8);
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2,5\t3\n"), b'\t');
    }
}

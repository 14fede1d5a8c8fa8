//! csv, tsv and txt logs: the encoding found (UTF-8 with or without BOM,
//! UTF-16, else Windows-1252 or Mac Roman), the delimiter sniffed from the first
//! lines (`;`, `,` or tab), and the rows streamed into a [`TableReader`].

use std::borrow::Cow;
use std::sync::Arc;

use super::Activity;
use super::cells::{Cell, parse_number_text};
use super::table::{self, GridOutcome, ReadSettings, TableReader};
use crate::diag::Code;

/// A text log decoded, with the lines that needed another encoding.
pub struct Decoded<'a> {
    /// The text: the file's own bytes when they are UTF-8 (the common
    /// case), so a large log is not copied.
    pub text: Cow<'a, str>,
    /// 1-based lines read as [`Self::eight_bit`] in an otherwise UTF-8 file.
    pub windows_1252_lines: Vec<usize>,
    /// The 8-bit encoding the bytes that are not UTF-8 were read as:
    /// Windows-1252, or Mac Roman where that gives Swedish letters.
    pub eight_bit: &'static encoding_rs::Encoding,
    /// The first 1-based line, and its word, whose letters come out as no
    /// letters in either 8-bit encoding ("L”fte": a DOS code page): the
    /// file is refused, not read with its names garbled.
    pub unknown: Option<(usize, String)>,
}

impl Decoded<'_> {
    /// A warning for each line read as Windows-1252 (or Mac Roman), and the
    /// error of a file in an encoding lofte does not read, naming it in
    /// `display`: a log and an indicator table say it alike.
    pub fn encoding_problems(&self, display: &str) -> Vec<crate::diag::Diagnostic> {
        use crate::diag::{Diagnostic, Location};
        let at = |line: usize| {
            Location::row(
                display.to_owned(),
                None,
                u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX),
            )
        };
        let name = self.eight_bit_name();
        let mut problems: Vec<Diagnostic> = self
            .windows_1252_lines
            .iter()
            .map(|line| {
                Diagnostic::warning(
                    Code::MixedEncoding,
                    format!("the line is not UTF-8 like the rest of the file; it is read as {name}"),
                )
                .at(at(*line))
                .hint("check that å, ä and ö on this line look right; save the whole file again as UTF-8")
            })
            .collect();
        if let Some((line, word)) = &self.unknown {
            problems.push(
                Diagnostic::error(
                    Code::UnknownEncoding,
                    "the file is in a text encoding lofte does not read: its å, ä and ö would come out as other characters, and names would match nothing",
                )
                .at(at(*line))
                .found(word.clone())
                .expected("UTF-8, UTF-16, Windows-1252 or Mac Roman")
                .hint("open the file in the spreadsheet program and save it as \"CSV UTF-8\" (or as xlsx); in a text editor, save it with the encoding UTF-8"),
            );
        }
        problems
    }

    /// The name of [`Self::eight_bit`] as users know it.
    fn eight_bit_name(&self) -> &'static str {
        if self.eight_bit == encoding_rs::MACINTOSH {
            "Mac Roman"
        } else {
            "Windows-1252"
        }
    }
}

/// `bytes` as text when they are UTF-8, checked by encoding_rs (SIMD):
/// several times faster than `std::str::from_utf8` on text with å, ä and
/// ö, which breaks std's ASCII fast path at every other word. A large
/// log's pieces are checked as they are read, so this is on its path.
fn utf8(bytes: &[u8]) -> Option<&str> {
    match encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes)? {
        Cow::Borrowed(text) => Some(text),
        // Valid UTF-8 is always borrowed; should that change, std checks.
        Cow::Owned(_) => std::str::from_utf8(bytes).ok(),
    }
}

/// Decodes the bytes of a text log. A UTF-8 file with a few lines pasted
/// from a Windows-1252 one is decoded line by line: decoded whole as
/// Windows-1252, its UTF-8 "Löfte" header would be lost. A UTF-8 file (the
/// common case) is borrowed, not copied: the file's hash is computed from
/// the same bytes at the same time (see `read_bytes_into`).
pub fn decode<'a>(bytes: &'a [u8]) -> Decoded<'a> {
    let whole = |text: Cow<'a, str>| Decoded {
        text,
        windows_1252_lines: Vec::new(),
        eight_bit: encoding_rs::WINDOWS_1252,
        unknown: None,
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        if let Some(text) = utf8(rest) {
            return whole(Cow::Borrowed(text));
        }
        return decode_lines(rest, true);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return whole(Cow::Owned(text.trim_start_matches('\u{feff}').to_owned()));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16BE.decode(bytes);
        return whole(Cow::Owned(text.trim_start_matches('\u{feff}').to_owned()));
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return whole(Cow::Owned(text.into_owned()));
    }
    match utf8(bytes) {
        Some(text) => whole(Cow::Borrowed(text)),
        None => {
            let utf8_somewhere = bytes
                .split(|b| *b == b'\n')
                .any(|line| !line.is_ascii() && std::str::from_utf8(line).is_ok());
            decode_lines(bytes, utf8_somewhere)
        }
    }
}

/// UTF-16 saved without its byte order mark (some exports and scripts):
/// text of Latin letters in it has a zero byte beside nearly every other
/// byte, in the high half of each pair, which no 8-bit text has. Read as
/// 8-bit, every second byte was a NUL and the file no spreadsheet.
pub fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros = |at: usize| head.iter().skip(at).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= pairs * 7 && even * 20 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 20 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The letters of Swedish names: how many of them an 8-bit encoding makes
/// of a file's bytes tells which encoding it was saved in. Not é or ü: a
/// DOS code page's "å" and "Ä" are Mac Roman's "Ü" and "é".
const SWEDISH_LETTERS: &str = "åäöÅÄÖ";

/// The 8-bit encoding of bytes that are not UTF-8. Swedish Excel on
/// Windows saves "CSV (semikolonavgränsad)" as Windows-1252; Excel for Mac
/// and older Mac programs as Mac Roman, whose "ö" is the byte Windows-1252
/// reads as "š" ("Lšfte", "Skolbesšk": names that matched nothing). The
/// one that reads more of the bytes as å, ä or ö wins; Windows-1252 when
/// neither reads more.
fn eight_bit(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut seen = [0u64; 128];
    for b in bytes.iter().filter(|b| **b >= 0x80) {
        seen[usize::from(b - 0x80)] += 1;
    }
    let letters = |encoding: &'static encoding_rs::Encoding| -> u64 {
        (0x80u8..=0xFF)
            .filter(|b| {
                let byte = [*b];
                let (c, _) = encoding.decode_without_bom_handling(&byte);
                c.chars().all(|c| SWEDISH_LETTERS.contains(c))
            })
            .map(|b| seen[usize::from(b - 0x80)])
            .sum()
    };
    if letters(encoding_rs::MACINTOSH) > letters(encoding_rs::WINDOWS_1252) {
        encoding_rs::MACINTOSH
    } else {
        encoding_rs::WINDOWS_1252
    }
}

/// The first word that holds a character an 8-bit encoding made of a
/// letter it does not know ("L”fte", "Omr†de": a DOS code page read as
/// Windows-1252): a control character, or a sign such as † or ” between
/// two letters, where no text puts one. With its 1-based line.
fn unknown_letters(text: &str) -> Option<(usize, String)> {
    let odd = |c: char| {
        matches!(c, '\u{80}'..='\u{9f}' | '\u{fffd}')
            || "€‚ƒ„…†‡ˆ‰‹›“”•˜™¦¨¬¯°±²³´µ¶·¸¹º¼½¾¤¢£¥§«»¡¿×÷".contains(c)
    };
    for (k, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        for (j, c) in chars.iter().enumerate() {
            let between_letters = j > 0
                && chars.get(j - 1).is_some_and(|p| p.is_alphabetic())
                && chars.get(j + 1).is_some_and(|n| n.is_alphabetic());
            let control = matches!(c, '\u{80}'..='\u{9f}' | '\u{fffd}');
            if control || (odd(*c) && between_letters) {
                let start = chars[..j]
                    .iter()
                    .rposition(|c| !c.is_alphanumeric() && !odd(*c))
                    .map_or(0, |p| p + 1);
                let end = chars[j..]
                    .iter()
                    .position(|c| !c.is_alphanumeric() && !odd(*c))
                    .map_or(chars.len(), |p| j + p);
                return Some((k + 1, chars[start..end].iter().collect()));
            }
        }
    }
    None
}

/// Each line as UTF-8 when it is (and `utf8`: the file is UTF-8 in part),
/// else in the file's 8-bit encoding (and listed when `utf8`).
fn decode_lines(bytes: &[u8], utf8: bool) -> Decoded<'static> {
    let encoding = eight_bit(bytes);
    let mut text = String::with_capacity(bytes.len());
    let mut lines = Vec::new();
    let mut unknown = None;
    for (k, line) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(l) if utf8 => text.push_str(l),
            _ => {
                let (decoded, _) = encoding.decode_without_bom_handling(line);
                if unknown.is_none() {
                    unknown = unknown_letters(&decoded).map(|(_, word)| (k + 1, word));
                }
                text.push_str(&decoded);
                if utf8 {
                    lines.push(k + 1);
                }
            }
        }
    }
    Decoded {
        text: Cow::Owned(text),
        windows_1252_lines: lines,
        eight_bit: encoding,
        unknown,
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
    At(usize, Code, String, &'static str),
    /// The file as a whole.
    Whole(String),
}

/// The first problem in the file's structure that would make the csv
/// reader swallow or mangle rows: a NUL byte, or a quote that is never
/// closed (every row below it would become one cell), that runs on into
/// what looks like the next rows, or whose "closing" quote over several
/// lines is followed by more text (it opened a later cell instead).
pub(super) fn check_structure(text: &str, delimiter: u8) -> Result<(), CsvError> {
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(CsvError::At(
            line,
            Code::NulByte,
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
                            Code::UnclosedQuote,
                            "a quote (\") opens a cell here and is never closed, so every row below it would be read as part of that cell".to_owned(),
                            "close the quote, or remove it; a quote inside a cell is written twice (\"\")",
                        ));
                    }
                    Some(b'"') if bytes.get(k + 1) == Some(&b'"') => k += 2,
                    Some(b'"') => {
                        k += 1;
                        // A quote that closes a cell ends it. One that ran
                        // over lines and is followed by more text closed
                        // nothing: it opened the next cell (`;"Hamnen"`),
                        // and the rows between were swallowed.
                        let ends_cell = matches!(bytes.get(k), None | Some(b'\r' | b'\n'))
                            || bytes.get(k) == Some(&delimiter);
                        if line > open && !ends_cell {
                            return Err(CsvError::At(
                                open,
                                Code::UnclosedQuote,
                                format!(
                                    "a quote (\") opens a cell here and is not closed before line {line}, where a quote is followed by more text: the rows between would be read as part of one cell"
                                ),
                                "close the quote at the end of the cell, or remove it; a quote inside a cell is written twice (\"\")",
                            ));
                        }
                        break;
                    }
                    Some(b'\n') => {
                        line += 1;
                        k += 1;
                        // The quoted text runs into what looks like a row:
                        // as many fields as the header, starting with a
                        // digit; or, as a row may leave its last columns
                        // out, a date and two fields more.
                        let rest = &text[k..];
                        let next = rest.lines().next().unwrap_or("");
                        let fields = next.bytes().filter(|b| *b == delimiter).count();
                        let starts_with_digit =
                            next.trim_start().starts_with(|c: char| c.is_ascii_digit());
                        if width > 0
                            && ((fields >= width && starts_with_digit)
                                || (fields >= 2 && starts_with_date(next)))
                        {
                            return Err(CsvError::At(
                                open,
                                Code::UnclosedQuote,
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

/// Whether `line` starts with a date as logs write them: 2023-03-01,
/// 1/3 2023, 01.03.2023 (digits, a separator, a digit).
fn starts_with_date(line: &str) -> bool {
    let line = line.trim_start();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let mut rest = line.bytes().skip(digits);
    (1..=4).contains(&digits)
        && matches!(rest.next(), Some(b'-' | b'.' | b'/'))
        && rest.next().is_some_and(|b| b.is_ascii_digit())
}

/// A text log read by [`read`]: its rows (or why none can be read), and
/// the lines left out because their structure is broken ([`mend`]), each
/// an error of its own.
pub struct TextRead {
    /// The rows, or why the log cannot be read.
    pub rows: Result<GridOutcome, CsvError>,
    /// Lines left out: each [`CsvError::At`] a line, in order.
    pub broken: Vec<CsvError>,
}

/// Reads a text log row by row into activities: no grid is built, so a
/// large csv is never held twice. Numbers are kept as text until their
/// column says what they are, except plain numbers (for summary detection).
/// Rows are numbered by the physical line they start on, as a text editor
/// shows it (blank lines and line breaks inside quotes counted). A line
/// whose structure is broken (a quote never closed, a NUL byte) is an
/// error, and the other lines are still read, so one run names every
/// problem of the log ([`mend`]).
pub fn read(text: &str, max_cells: u64, file: &Arc<str>, settings: &ReadSettings) -> TextRead {
    let delimiter = sniff_delimiter(text);
    // Refused up front, before any row is read: lines × the first line's
    // fields (a quoted line break only makes the estimate larger).
    let newlines = memchr_count(text.as_bytes(), b'\n');
    let lines = newlines as u64 + u64::from(!text.ends_with('\n'));
    let mended = check_size(lines, first_width(text, delimiter), max_cells)
        .and_then(|()| mend(text, delimiter));
    let (text, broken) = match mended {
        Ok(mended) => mended,
        Err(e) => {
            return TextRead {
                rows: Err(e),
                broken: Vec::new(),
            };
        }
    };
    let rows = Whole {
        text: &text,
        newlines,
        delimiter,
        max_cells,
        plain: is_plain(&text),
    }
    .read(file, settings);
    TextRead { rows, broken }
}

/// How many broken lines a log may have and still be read around them:
/// past that, the first is named and nothing is read (each is found by a
/// pass over the text).
const MAX_BROKEN_LINES: usize = 20;

/// `text` with each line whose structure [`check_structure`] finds broken
/// left blank (its line feed kept, so the lines below keep their numbers),
/// until the rest is whole, with those problems. A blank line is no row,
/// so what is read is every other line, as written. The first problem as
/// the error when there are more than [`MAX_BROKEN_LINES`].
fn mend(text: &str, delimiter: u8) -> Result<(std::borrow::Cow<'_, str>, Vec<CsvError>), CsvError> {
    let mut text = std::borrow::Cow::Borrowed(text);
    let mut broken = Vec::new();
    loop {
        let line = match check_structure(&text, delimiter) {
            Ok(()) => {
                // Found NUL bytes first: named in the order of the lines.
                broken.sort_by_key(|e| match e {
                    CsvError::At(line, ..) => *line,
                    CsvError::Whole(_) => 0,
                });
                return Ok((text, broken));
            }
            Err(CsvError::At(line, code, message, hint)) => {
                broken.push(CsvError::At(line, code, message, hint));
                line
            }
            Err(whole) => return Err(whole),
        };
        if broken.len() > MAX_BROKEN_LINES {
            return Err(broken.swap_remove(0));
        }
        // Byte offsets of the line (1-based) and of its line feed.
        let start = match line.checked_sub(2) {
            None => 0,
            Some(before) => match memchr::memchr_iter(b'\n', text.as_bytes()).nth(before) {
                Some(feed) => feed + 1,
                None => return Err(broken.swap_remove(0)),
            },
        };
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |k| start + k);
        text.to_mut().replace_range(start..end, "");
    }
}

/// The fields of the first line of `text`, as the cell limit estimates
/// every line's.
fn first_width(text: &str, delimiter: u8) -> u64 {
    text.lines().next().map_or(1, |l| {
        l.bytes().filter(|b| *b == delimiter).count() as u64 + 1
    })
}

/// The cell limit, checked before any row is read: `lines` × the first
/// line's `width` (a quoted line break only makes the estimate larger).
fn check_size(lines: u64, width: u64, max_cells: u64) -> Result<(), CsvError> {
    if lines.saturating_mul(width) > max_cells {
        return Err(CsvError::Whole(format!(
            "the file has {lines} lines of {width} fields, more than {max_cells} cells; raise the limit with --max-cells, or split the log by year"
        )));
    }
    Ok(())
}

/// The parts of `s` between occurrences of the ASCII `byte`, found by a
/// plain byte loop: cells are short, and a vectorised search costs more
/// to start than it saves on them.
fn split_at_byte(s: &str, byte: u8) -> impl Iterator<Item = &str> {
    let bytes = s.as_bytes();
    let mut start = Some(0usize);
    std::iter::from_fn(move || {
        let from = start?;
        let rest = bytes.get(from..)?;
        match rest.iter().position(|b| *b == byte) {
            Some(k) => {
                start = Some(from + k + 1);
                s.get(from..from + k)
            }
            None => {
                start = None;
                s.get(from..)
            }
        }
    })
}

/// How many times `byte` occurs.
fn memchr_count(bytes: &[u8], byte: u8) -> usize {
    bytes.iter().filter(|b| **b == byte).count()
}

/// Whether the text has no quotes and no carriage return but before a
/// line feed: then each line is a record and each delimiter ends a cell,
/// exactly as the csv reader splits it, and the lines are split in place
/// (the csv reader copies every record and checks its UTF-8 again).
fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(b'"', bytes).is_none()
        && memchr::memchr_iter(b'\r', bytes).all(|k| bytes.get(k + 1) == Some(&b'\n'))
}

/// The cells of one record into `row`, reusing its text buffers: a text
/// cell's buffer is overwritten, not allocated anew for every field.
fn fill_row<'a>(row: &mut Vec<Cell>, fields: impl Iterator<Item = &'a str>) {
    let mut n = 0;
    for (j, field) in fields.enumerate() {
        n = j + 1;
        if j == row.len() {
            row.push(Cell::Empty);
        }
        let t = super::cells::trim(field);
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
    row.truncate(n);
}

/// The limits, checked for each record: its width, and the cells so far.
fn check_record(
    width: usize,
    line: usize,
    cells: &mut u64,
    max_cells: u64,
) -> Result<(), CsvError> {
    if width > MAX_COLUMNS {
        return Err(CsvError::Whole(format!(
            "line {} has {width} fields; a spreadsheet has at most {MAX_COLUMNS} columns, so this is not a log (check the delimiter, or split the file)",
            line + 1,
        )));
    }
    *cells = cells.saturating_add(width as u64);
    if *cells > max_cells {
        return Err(CsvError::Whole(format!(
            "the file has more than {max_cells} cells; raise the limit with --max-cells"
        )));
    }
    Ok(())
}

/// Quote-free logs at least this large are read in two halves, one on a
/// second thread (see [`in_halves`]).
const HALVES_BYTES: usize = 4 << 20;

/// Activities a second reader hands over at a time (see
/// [`TableReader::take_activities`]).
const PIECE_ROWS: usize = 1 << 14;

/// Why reading pieces stopped.
#[derive(Debug)]
enum Stop {
    /// The log is to be read whole instead: it is not (or no longer) a
    /// quote-free UTF-8 log, it changed since its head was scanned or
    /// while it was read, or it could not be read again (reading it whole
    /// names the error).
    Whole,
    /// A limit was hit (see [`check_record`]).
    Csv(CsvError),
    /// The lines of a log read from its file make more cells than allowed
    /// ([`InFile::too_large`]): it is refused once they are all counted.
    TooLarge,
}

/// A limit hit as `None`: the log is then read in order, which names the
/// first line over it.
fn unless_limit<T>(read: Result<T, Stop>) -> Result<Option<T>, Stop> {
    match read {
        Ok(read) => Ok(Some(read)),
        Err(Stop::Csv(_)) => Ok(None),
        Err(stop) => Err(stop),
    }
}

/// What is given each piece of a [`Source`], saying whether to go on.
/// A piece is many lines (about 64 KiB of a file, or a whole text held),
/// so a call through a reference costs nothing beside the work on it.
type Each<'e> = &'e mut dyn FnMut(&str) -> Result<bool, Stop>;

/// Where the lines of a quote-free log come from: its text held whole
/// ([`Held`]), or its file read again in pieces ([`InFile`]). One reader
/// in order ([`in_order`]) and one of two halves at once ([`in_halves`])
/// serve both, so the header search, the cut, the limits and the line
/// numbering are written once.
trait Source: Sync {
    /// Where the lines begin (past a BOM) and where they end, in bytes.
    fn span(&self) -> (u64, u64);
    /// The line feeds in the whole text; `None` when they cannot be known
    /// (a file that could not be hashed to its end). May wait for them.
    fn newlines(&self) -> Option<usize>;
    /// About how many lines the text has, to make room for its rows.
    fn lines_hint(&self) -> usize;
    /// Gives `each` the text from byte `from` (a line start) on in pieces
    /// of whole lines, the last of which may end without a line feed, for
    /// as long as `each` says to go on: to the end, or with `to` (a
    /// [`Source::target`]) up to the line start the text is cut at for it
    /// ([`Source::cut`]). Returns the byte where the pieces given ended.
    fn pieces(&self, from: u64, to: Option<u64>, each: Each<'_>) -> Result<u64, Stop>;
    /// Where to cut the text from byte `from` on in two halves: a byte
    /// near its middle, after `from`. `None` when there is none.
    fn target(&self, from: u64) -> Option<u64>;
    /// The line start at which the text is cut for `target` (where
    /// [`Source::pieces`] up to `target` ends) and its 0-based line; `None`
    /// when there is none. Asked by the second reader, on its own thread.
    fn cut(&self, target: u64) -> Option<(u64, usize)>;
}

/// A quote-free text held whole, given as one piece.
struct Held<'t> {
    text: &'t str,
    /// The line feeds in `text`.
    newlines: usize,
}

impl Held<'_> {
    /// The text from byte `from` on.
    fn rest(&self, from: u64) -> Option<&str> {
        self.text.get(usize::try_from(from).ok()?..)
    }
}

impl Held<'_> {
    /// Just past the first line feed at or after `target`; `None` when
    /// there is none.
    fn cut_at(&self, target: u64) -> Option<u64> {
        let rest = self.rest(target)?.as_bytes();
        let feed = memchr::memchr(b'\n', rest)?;
        Some(target + (feed + 1) as u64)
    }
}

impl Source for Held<'_> {
    fn span(&self) -> (u64, u64) {
        (0, self.text.len() as u64)
    }

    fn newlines(&self) -> Option<usize> {
        Some(self.newlines)
    }

    fn lines_hint(&self) -> usize {
        self.newlines
    }

    fn pieces(&self, from: u64, to: Option<u64>, each: Each<'_>) -> Result<u64, Stop> {
        let end = match to {
            Some(target) => self.cut_at(target).unwrap_or(self.text.len() as u64),
            None => self.text.len() as u64,
        };
        let piece = usize::try_from(from)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(from, end)| self.text.get(from..end))
            .ok_or(Stop::Whole)?;
        if !piece.is_empty() {
            each(piece)?;
        }
        Ok(end)
    }

    /// The middle of the text from `from` on.
    fn target(&self, from: u64) -> Option<u64> {
        let rest = self.rest(from)?;
        Some(from + (rest.len() / 2) as u64)
    }

    /// Counted from the end: the second reader counts the lines of its
    /// half while the first reads its own.
    fn cut(&self, target: u64) -> Option<(u64, usize)> {
        let cut = self.cut_at(target)?;
        let below = self.rest(cut)?;
        let line = self
            .newlines
            .checked_sub(memchr_count(below.as_bytes(), b'\n'))?;
        Some((cut, line))
    }
}

/// One reader of lines into a [`TableReader`], with what it carries from
/// one piece to the next.
struct LineReader {
    table: TableReader,
    /// The record being read, its text buffers reused (see [`fill_row`]).
    row: Vec<Cell>,
    /// The cells read so far, as the limit counts them.
    cells: u64,
    /// The 0-based line the next piece starts on.
    line: usize,
    /// Where a second reader hands its activities over as they pile up
    /// (see [`TableReader::take_activities`]); `None` for the first
    /// reader.
    handed: Option<std::sync::mpsc::Sender<Vec<Activity>>>,
}

impl LineReader {
    /// A reader into `table` whose first piece starts on `line`.
    fn new(table: TableReader, line: usize) -> Self {
        LineReader {
            table,
            row: Vec::new(),
            cells: 0,
            line,
            handed: None,
        }
    }

    /// The lines of `piece` (whole lines but perhaps the last), split in
    /// place; the next piece starts past its line feeds.
    fn read(&mut self, piece: &str, limits: (u8, u64)) -> Result<(), CsvError> {
        let LineReader {
            table,
            row,
            cells,
            line,
            handed,
        } = self;
        *line += read_lines(table, piece, *line, row, cells, limits, handed.as_ref())?;
        Ok(())
    }
}

/// The lines of `piece`, the first of which is line `first` (0-based) of
/// the file, split in place into `table`, handing the activities over to
/// `handed` as they pile up, when given. Returns the line feeds read.
/// The reader's parts come as arguments of their own, so the compiler may
/// keep them in registers across the calls for each row.
fn read_lines(
    table: &mut TableReader,
    piece: &str,
    first: usize,
    row: &mut Vec<Cell>,
    cells: &mut u64,
    (delimiter, max_cells): (u8, u64),
    handed: Option<&std::sync::mpsc::Sender<Vec<Activity>>>,
) -> Result<usize, CsvError> {
    let mut feeds = 0;
    for (k, record) in piece.split('\n').enumerate() {
        feeds = k;
        if let Some(handed) = handed
            && table.activities_read() >= PIECE_ROWS
        {
            // The receiver is dropped only after this reader's thread is
            // joined: a send cannot fail while its rows can still be used.
            let _ = handed.send(table.take_activities());
        }
        let line = first + k;
        let record = record.strip_suffix('\r').unwrap_or(record);
        // The csv reader skips empty lines.
        if record.is_empty() {
            continue;
        }
        fill_row(row, split_at_byte(record, delimiter));
        check_record(row.len(), line, cells, max_cells)?;
        table.push_at(line, row);
    }
    Ok(feeds)
}

/// Reads `source` from byte `from` to its end, or (with `to`, a
/// [`Source::target`]) to the line start it is cut at, into `reader`:
/// a limit hit is `Stop::Csv`, and a text read to its end that ends
/// elsewhere than the span (a file that changed since its head was
/// scanned) `Stop::Whole`. Returns the byte where the reading ended.
fn read_span(
    source: &impl Source,
    reader: &mut LineReader,
    (from, to): (u64, Option<u64>),
    limits: (u8, u64),
) -> Result<u64, Stop> {
    let end = source.pieces(from, to, &mut |piece| {
        reader.read(piece, limits).map_err(Stop::Csv)?;
        Ok(true)
    })?;
    if to.is_none() && end != source.span().1 {
        return Err(Stop::Whole);
    }
    Ok(end)
}

/// Every line of `source` into one [`TableReader`], in order.
fn in_order(
    source: &impl Source,
    limits: (u8, u64),
    file: &Arc<str>,
    settings: &ReadSettings,
) -> Result<GridOutcome, Stop> {
    let mut reader = LineReader::new(TableReader::new(file, None, (0, 0), settings), 0);
    // A line is a row, give or take the header and blank lines.
    reader.table.reserve(source.lines_hint());
    read_span(source, &mut reader, (source.span().0, None), limits)?;
    if Some(reader.line) != source.newlines() {
        return Err(Stop::Whole);
    }
    Ok(reader.table.finish())
}

/// A large log read as two halves at once: the lines down to the header
/// (and the first row under it) in order, then the rest cut in two at a
/// line start near its middle ([`Source::target`], [`Source::cut`]): the
/// first reader reads on up to it while a second reader, on another
/// thread, finds it and reads the lower half, which is appended. Each row
/// is read on its own once the header is known, so the rows, their line
/// numbers and every problem come out as when read in order. `Ok(None)` when the log cannot be split so
/// (the header is not settled within the first lines, the rest is under
/// half of `halves_from` bytes, there is no cut, the second reader
/// panicked) or a limit is hit: it is then read in order, which names the
/// first line over it.
fn in_halves(
    source: &impl Source,
    halves_from: u64,
    limits: (u8, u64),
    file: &Arc<str>,
    settings: &ReadSettings,
) -> Result<Option<GridOutcome>, Stop> {
    let (start, end) = source.span();
    let mut upper = LineReader::new(TableReader::new(file, None, (0, 0), settings), 0);
    // In order until a second reader can take over: past the header.
    let mut offset = start;
    let mut fork = None;
    let head = source.pieces(start, None, &mut |piece| {
        for record in piece.split_inclusive('\n') {
            upper.read(record, limits).map_err(Stop::Csv)?;
            offset += record.len() as u64;
            if upper.line >= table::HEADER_SEARCH_ROWS * 4 {
                return Ok(false);
            }
            fork = upper.table.fork(upper.line);
            if fork.is_some() {
                return Ok(false);
            }
        }
        Ok(true)
    });
    let Some(fork) = unless_limit(head)?.and(fork) else {
        return Ok(None);
    };
    if end.saturating_sub(offset) < halves_from / 2 {
        return Ok(None);
    }
    let Some(target) = source.target(offset) else {
        return Ok(None);
    };
    // Room for every row of the file in the upper reader's list (its pages
    // are touched only as rows fill it); the lower hands its rows over in
    // pieces, each dropped once appended.
    upper
        .table
        .reserve(source.lines_hint().saturating_sub(upper.line) + 1);
    let (hand, handed) = std::sync::mpsc::channel();
    let (upper_read, lower_read) = std::thread::scope(|scope| {
        let lower_read = scope.spawn(move || -> Result<Option<(LineReader, u64, usize)>, Stop> {
            // Line numbers are given with each row, so the second reader
            // may start at any; where it starts, it finds itself while the
            // first reader reads.
            let Some((cut, first)) = source.cut(target) else {
                return Ok(None);
            };
            let mut lower = LineReader {
                handed: Some(hand),
                ..LineReader::new(fork, first)
            };
            let read = unless_limit(read_span(source, &mut lower, (cut, None), limits))?;
            // Done handing over: the first reader stops waiting for more.
            lower.handed = None;
            Ok(read.map(|_| (lower, cut, first)))
        });
        let upper_read = read_span(source, &mut upper, (offset, Some(target)), limits);
        // Done first, the upper reader appends what the lower has handed
        // over while it reads on: the list's new pages are touched then,
        // not after both are done (13 ms of a million rows). The loop ends
        // when the lower drops its end, so every piece is appended. (When
        // the upper failed, nothing read is kept.)
        if upper_read.is_ok() {
            for rows in handed.iter() {
                upper.table.append_activities(rows);
            }
        }
        (upper_read, lower_read.join())
    });
    // A panic in the second reader: read in order.
    let Ok(lower_read) = lower_read else {
        return Ok(None);
    };
    // A limit hit in either half (the first's lines then not all read).
    let (Some(upper_end), Some((lower, cut, first))) = (unless_limit(upper_read)?, lower_read?)
    else {
        return Ok(None);
    };
    // The first half ends where the second starts, on the line it starts
    // on, and the second on the last: else the file changed while it was
    // read.
    if upper_end != cut || upper.line != first || Some(lower.line) != source.newlines() {
        return Err(Stop::Whole);
    }
    if upper.cells.saturating_add(lower.cells) > limits.1 {
        return Ok(None);
    }
    upper.table.absorb(lower.table);
    Ok(Some(upper.table.finish()))
}

/// A text log held whole, with what reading it takes: its line feeds,
/// its delimiter, the cell limit, and whether it is quote-free
/// ([`is_plain`]: its lines can be split in place).
struct Whole<'t> {
    text: &'t str,
    newlines: usize,
    delimiter: u8,
    max_cells: u64,
    plain: bool,
}

impl Whole<'_> {
    /// Every record into a [`TableReader`]: a large plain text as two
    /// halves at once when it can be, else in order.
    fn read(&self, file: &Arc<str>, settings: &ReadSettings) -> Result<GridOutcome, CsvError> {
        if self.plain
            && self.text.len() >= HALVES_BYTES
            && let Some(read) = self.halves(file, settings)
        {
            return Ok(read);
        }
        self.in_order(file, settings)
    }

    /// A large quote-free text read as two halves at once ([`in_halves`]);
    /// `None` when it is to be read in order.
    fn halves(&self, file: &Arc<str>, settings: &ReadSettings) -> Option<GridOutcome> {
        let source = self.held();
        let limits = (self.delimiter, self.max_cells);
        in_halves(&source, HALVES_BYTES as u64, limits, file, settings)
            .ok()
            .flatten()
    }

    fn held(&self) -> Held<'_> {
        Held {
            text: self.text,
            newlines: self.newlines,
        }
    }

    /// Every record into one [`TableReader`], in order: a plain text by
    /// [`in_order`], any other by the csv reader.
    fn in_order(&self, file: &Arc<str>, settings: &ReadSettings) -> Result<GridOutcome, CsvError> {
        let Whole {
            text,
            newlines,
            delimiter,
            max_cells,
            plain,
        } = *self;
        if plain {
            match in_order(&self.held(), (delimiter, max_cells), file, settings) {
                Ok(read) => return Ok(read),
                Err(Stop::Csv(e)) => return Err(e),
                // A text held whole is read to its end, with its line feeds
                // as counted; were it not, the csv reader reads it. (Only
                // a file is stopped for its size.)
                Err(Stop::Whole | Stop::TooLarge) => {}
            }
        }
        let mut table = TableReader::new(file, None, (0, 0), settings);
        // A line is a row, give or take the header and blank lines.
        table.reserve(newlines);
        let mut row: Vec<Cell> = Vec::new();
        let mut cells = 0u64;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
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
            check_record(record.len(), newlines, &mut cells, max_cells)?;
            fill_row(&mut row, record.iter());
            table.push_at(newlines, &row);
        }
        Ok(table.finish())
    }
}

// A large text log is read from its file in pieces of whole lines, never
// held whole. Its head is read first (that it is quote-free UTF-8 so far,
// the delimiter, the first line's width); then its rows are read as two
// halves from two handles of the file at once: the first reader from the
// top, the second from a line past the middle, which it finds by reading
// the part above it, counting its lines and hashing it. Every piece read is
// checked as the head was (else the log is read whole), and the file's
// SHA-256 is made from the bytes the rows are read from ([`InFile`]).

/// How a text log is read from its file: in pieces of about `bytes`
/// (whole lines: a longer line makes a longer piece), and in two halves
/// from `halves_from` bytes on. Tests read small files in small pieces.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pieces {
    /// About how many bytes are read at a time.
    pub bytes: usize,
    /// From what size (without a BOM) a log is read as two halves.
    pub halves_from: usize,
    /// From what size a log is read in pieces at all.
    pub from: u64,
}

impl Pieces {
    /// [`BUFFER_BYTES`] at a time. From 8 MiB on: a log that size held
    /// whole costs more memory than its rows; a smaller one is read whole
    /// in less time than two passes take.
    pub const DEFAULT: Pieces = Pieces {
        bytes: BUFFER_BYTES,
        halves_from: HALVES_BYTES,
        from: 8 << 20,
    };
}

/// How much of a large file is read at a time: enough that the reads cost
/// little beside the work on what they read, and under glibc's threshold
/// for giving an allocation pages of its own (128 KiB, where the command
/// line fixes it: `cli::memory`). Where glibc is left to itself, a buffer
/// over it, once freed, raises that threshold, and the lists of rows
/// allocated after it then stay in the heap when freed.
pub(super) const BUFFER_BYTES: usize = 64 << 10;

/// What the head of a text log says about reading the rest from its file
/// ([`scan`]).
#[derive(Debug)]
pub(super) struct Scanned {
    /// The file's size.
    pub len: u64,
    /// 3 when the file starts with a UTF-8 BOM, else 0.
    bom: u64,
    /// The delimiter, sniffed from the first lines as [`read`] does.
    delimiter: u8,
    /// The first line's fields (see [`check_size`]).
    width: u64,
    /// The bytes and line feeds of the head read, for a guess at the
    /// file's lines.
    head: (u64, usize),
    /// The bytes of each piece (see [`Pieces::bytes`]).
    piece: usize,
}

/// Reads `file` from byte `from` to its end in pieces of whole lines,
/// each given to `each`, which says whether to go on; the last piece may
/// end without a line feed. Returns the bytes read. A piece is what lies
/// up to the last line feed within `piece` bytes of its start (twice as
/// many, and so on, for a line longer than that), so the pieces read from
/// the start of any piece are the pieces read from the start of the file:
/// a second reader's and those hashed before it are the same bytes.
fn each_piece(
    file: &mut std::fs::File,
    from: u64,
    piece: usize,
    mut each: impl FnMut(&[u8]) -> Result<bool, Stop>,
) -> Result<u64, Stop> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(from)).map_err(|_| Stop::Whole)?;
    let piece = piece.max(1);
    let mut buffer = vec![0u8; piece];
    // The bytes read and not yet given are `buffer[start..filled]`; the
    // next piece is sought in the first `want` of them.
    let (mut start, mut filled, mut total) = (0usize, 0usize, 0u64);
    let (mut want, mut at_end) = (piece, false);
    loop {
        while filled - start < want && !at_end {
            if buffer.len() - start < want {
                buffer.copy_within(start..filled, 0);
                filled -= start;
                start = 0;
                if buffer.len() < want {
                    buffer.resize(want, 0);
                }
            }
            let n = match file.read(&mut buffer[filled..]) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(Stop::Whole),
            };
            at_end = n == 0;
            filled += n;
            total += n as u64;
        }
        let window = &buffer[start..filled.min(start + want)];
        if window.is_empty() {
            return Ok(total);
        }
        if at_end && filled - start <= want {
            each(window)?;
            return Ok(total);
        }
        match memchr::memrchr(b'\n', window) {
            Some(k) => {
                if !each(&window[..=k])? {
                    return Ok(total);
                }
                start += k + 1;
                want = piece;
            }
            // A line longer than a piece: the piece grows to hold it.
            None => want *= 2,
        }
    }
}

/// A piece as text, when it is what the head was: UTF-8, no quote, no
/// lone carriage return, no NUL. Pieces end at line feeds, so each is
/// checked on its own as the whole file would be.
fn plain_piece(piece: &[u8]) -> Result<&str, Stop> {
    let text = utf8(piece).ok_or(Stop::Whole)?;
    if memchr::memchr(0, piece).is_some() || !is_plain(text) {
        return Err(Stop::Whole);
    }
    Ok(text)
}

/// One piece of a file as it was read: where it starts, its length, and
/// its XXH3-128 checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PieceSum {
    at: u64,
    len: u64,
    sum: u128,
}

impl PieceSum {
    /// The piece `bytes`, starting at byte `at` of its file.
    fn of(at: u64, bytes: &[u8]) -> Self {
        PieceSum {
            at,
            len: bytes.len() as u64,
            sum: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// A file's SHA-256 made piece by piece as the file is read, with its
/// line feeds.
struct Hashing {
    sha: sha2::Sha256,
    /// The bytes hashed: the next piece starts here.
    at: u64,
    newlines: usize,
    ends_with_newline: bool,
}

impl Hashing {
    fn new() -> Self {
        use sha2::Digest;
        Hashing {
            sha: sha2::Sha256::new(),
            at: 0,
            newlines: 0,
            ends_with_newline: false,
        }
    }

    /// Hashes the next piece; returns its line feeds.
    fn update(&mut self, piece: &[u8]) -> usize {
        use sha2::Digest;
        self.sha.update(piece);
        let newlines = memchr::memchr_iter(b'\n', piece).count();
        self.at += piece.len() as u64;
        self.newlines += newlines;
        self.ends_with_newline = piece.last() == Some(&b'\n');
        newlines
    }

    fn finish(self) -> Hashed {
        use sha2::Digest;
        Hashed {
            sha256: super::hex(&self.sha.finalize()),
            len: self.at,
            newlines: self.newlines,
            ends_with_newline: self.ends_with_newline,
        }
    }
}

/// A text log's SHA-256 (lower-case hex, the hash the report names), made
/// from the very bytes its rows were read from ([`read_scanned`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Hashed {
    pub sha256: String,
    /// The bytes hashed.
    pub len: u64,
    newlines: usize,
    ends_with_newline: bool,
}

/// Where a second reader starts: this share of the way from the header to
/// the end goes to the first reader. The second reader also hashes the
/// file (the part above its start while the first reads it, then its own
/// part as it reads it), so it is given less to read.
const UPPER_SHARE: f64 = 0.57;

/// A log [`scan`] found plain at its head, read from its file: each read
/// from a handle of its own (the two halves are read at once), piece by
/// piece, each piece checked as the head was. The file is hashed by the
/// readers as they go, never in a pass of its own: read in order, by the
/// one reader; read in halves, by the second, which hashes the part above
/// its start while it counts its lines ([`Source::cut`]), keeping each
/// piece's checksum, and then hashes its own part as it reads it. The
/// first reader's pieces are checked against those checksums once all
/// are read ([`InFile::all_hashed`]), so the rows always come from the
/// bytes hashed: a file saved again meanwhile, even with the same size
/// and modification time, is read whole instead.
struct InFile<'a> {
    path: &'a std::path::Path,
    scanned: &'a Scanned,
    /// The cell limit, against the first line's width times the lines
    /// hashed so far ([`InFile::too_large`]).
    max_cells: u64,
    /// The line feeds hashed so far, by any pass.
    counted: std::sync::atomic::AtomicUsize,
    /// The checksum of each piece given to a reader.
    read: std::sync::Mutex<Vec<PieceSum>>,
    /// The checksum of each piece hashed into [`InFile::hash`], in order.
    hashed: std::sync::Mutex<Vec<PieceSum>>,
    /// The hash of the part above the second reader's start, which its
    /// reading goes on from.
    above: std::sync::Mutex<Option<Hashing>>,
    /// The whole file's hash, once a pass has hashed it to its end.
    hash: std::sync::Mutex<Option<Hashed>>,
    /// The starts of pieces known besides the first (the second reader's,
    /// found by [`Source::cut`]), where reading may begin.
    marks: std::sync::Mutex<Vec<u64>>,
}

/// `mutex` locked; a panic on another thread holding it has left nothing
/// half-done that matters here.
fn locked<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl<'a> InFile<'a> {
    fn new(path: &'a std::path::Path, scanned: &'a Scanned, max_cells: u64) -> Self {
        InFile {
            path,
            scanned,
            max_cells,
            counted: Default::default(),
            read: Default::default(),
            hashed: Default::default(),
            above: Default::default(),
            hash: Default::default(),
            marks: Default::default(),
        }
    }

    /// Whether every piece given to a reader is a piece hashed: else the
    /// file changed between the readings, and what was read from it is
    /// not kept.
    fn all_hashed(&self) -> bool {
        let hashed = locked(&self.hashed);
        locked(&self.read).iter().all(|piece| {
            hashed
                .binary_search_by_key(&piece.at, |p| p.at)
                .is_ok_and(|k| hashed[k] == *piece)
        })
    }

    /// Whether the lines hashed so far already make more cells than the
    /// limit allows: reading stops, and [`read_scanned`] refuses the file
    /// by [`check_size`] once its lines are all counted.
    fn too_large(&self) -> bool {
        let seen = self.counted.load(std::sync::atomic::Ordering::Relaxed);
        (seen as u64).saturating_mul(self.scanned.width) > self.max_cells
    }

    /// A hash of the file from its start, whose lines are then all the
    /// lines counted: a reading after one that stopped (the halves
    /// given up for a limit, then read in order) counts them anew.
    fn hash_from_start(&self) -> Hashing {
        self.counted.store(0, std::sync::atomic::Ordering::Relaxed);
        Hashing::new()
    }

    /// Counts `newlines` more hashed.
    fn count(&self, newlines: usize) {
        self.counted
            .fetch_add(newlines, std::sync::atomic::Ordering::Relaxed);
    }

    /// The start of the piece `from` lies in, among the pieces known.
    fn mark(&self, from: u64) -> u64 {
        let marks = locked(&self.marks);
        marks
            .iter()
            .copied()
            .filter(|at| *at <= from)
            .max()
            .unwrap_or(0)
    }

    /// The whole file's hash: made by the reading, or else (a reading
    /// stopped by a limit) by a pass of its own. `None` when it cannot be
    /// read.
    fn hash(&self) -> Option<Hashed> {
        if let Some(hashed) = locked(&self.hash).take() {
            return Some(hashed);
        }
        self.hash_until(None).map(Hashing::finish)
    }

    /// Hashes the file from its start, counting its lines and keeping each
    /// piece's checksum as the pieces hashed: to its end, or up to the
    /// first piece that starts at or past `until`. `None` when it cannot
    /// be read, or (with `until`) when no piece starts there.
    fn hash_until(&self, until: Option<u64>) -> Option<Hashing> {
        let mut handle = std::fs::File::open(self.path).ok()?;
        let mut hashing = self.hash_from_start();
        let mut pieces = Vec::new();
        let mut found = until.is_none();
        each_piece(&mut handle, 0, self.scanned.piece, |piece| {
            if until.is_some_and(|until| hashing.at >= until && hashing.at > 0) {
                found = true;
                return Ok(false);
            }
            pieces.push(PieceSum::of(hashing.at, piece));
            self.count(hashing.update(piece));
            Ok(true)
        })
        .ok()?;
        if !found {
            return None;
        }
        *locked(&self.hashed) = pieces;
        Some(hashing)
    }
}

impl Source for InFile<'_> {
    fn span(&self) -> (u64, u64) {
        (self.scanned.bom, self.scanned.len)
    }

    /// As hashed: known once a reading has hashed the file to its end.
    fn newlines(&self) -> Option<usize> {
        locked(&self.hash).as_ref().map(|h| h.newlines)
    }

    /// The file's bytes at the head's bytes a line, and a little more; at
    /// most the lines the cell limit lets through ([`check_size`]): room is
    /// made before the lines are all counted, and a head of short lines
    /// above long ones would ask for room for more rows than any log is
    /// let have.
    fn lines_hint(&self) -> usize {
        let (bytes, lines) = self.scanned.head;
        let per_line = (bytes / lines.max(1) as u64).max(1);
        let guess = self.scanned.len / per_line + self.scanned.len / per_line / 32;
        let allowed = (self.max_cells / self.scanned.width.max(1)).saturating_add(1);
        usize::try_from(guess.min(allowed)).unwrap_or(usize::MAX)
    }

    /// Read from the start of the piece `from` lies in, each piece whole
    /// (to be checked), and given from `from` on; with `to`, up to the
    /// first piece that starts at or past it. Read to the end from the
    /// start of the file, or from where the hash of the part above stops,
    /// the pieces are hashed as they are read.
    fn pieces(&self, from: u64, to: Option<u64>, each: Each<'_>) -> Result<u64, Stop> {
        let start = self.mark(from);
        let mut hashing = match to {
            Some(_) => None,
            None if start == 0 => Some(self.hash_from_start()),
            None => locked(&self.above).take().filter(|h| h.at == start),
        };
        let mut handle = std::fs::File::open(self.path).map_err(|_| Stop::Whole)?;
        let (mut at, mut given_to) = (start, from);
        let mut read = Vec::new();
        let mut to_the_end = true;
        each_piece(&mut handle, start, self.scanned.piece, |piece| {
            if to.is_some_and(|to| at >= to && at > from) {
                return Ok(false);
            }
            if self.too_large() {
                return Err(Stop::TooLarge);
            }
            read.push(PieceSum::of(at, piece));
            if let Some(hashing) = &mut hashing {
                self.count(hashing.update(piece));
            }
            let text = plain_piece(piece)?;
            let end = at + piece.len() as u64;
            // `from` is a line start, so a character boundary; a piece
            // that ends before it is given nothing.
            let part = usize::try_from(from.saturating_sub(at).min(piece.len() as u64))
                .ok()
                .and_then(|lo| text.get(lo..))
                .ok_or(Stop::Whole)?;
            at = end;
            given_to = end.max(from);
            if !part.is_empty() && !each(part)? {
                to_the_end = false;
                return Ok(false);
            }
            Ok(true)
        })?;
        if let Some(hashing) = hashing.filter(|_| to_the_end) {
            // From the start, the pieces hashed are these; else they go on
            // from the part above.
            let mut hashed = locked(&self.hashed);
            if start == 0 {
                hashed.clear();
            }
            hashed.extend(read.iter().copied());
            *locked(&self.hash) = Some(hashing.finish());
        }
        locked(&self.read).append(&mut read);
        Ok(given_to)
    }

    /// `UPPER_SHARE` of the way from `from` to the end.
    fn target(&self, from: u64) -> Option<u64> {
        let rest = self.scanned.len.checked_sub(from).filter(|r| *r > 1)?;
        Some(from + (rest as f64 * UPPER_SHARE) as u64)
    }

    /// The first piece that starts at or past `target`, found by reading
    /// the file from its start, counting the line feeds above it and
    /// hashing them, with each piece's checksum.
    fn cut(&self, target: u64) -> Option<(u64, usize)> {
        let hashing = self.hash_until(Some(target))?;
        let (cut, line) = (hashing.at, hashing.newlines);
        *locked(&self.above) = Some(hashing);
        locked(&self.marks).push(cut);
        Some((cut, line))
    }
}

/// The head of a text log at `path`, read piece by piece from its file
/// until the delimiter can be sniffed: what reading the rest from the file
/// needs. `None` when it must be read whole: its head is not UTF-8 (another
/// encoding), holds a quote (a cell may span lines), a lone carriage
/// return or a NUL byte, holds only blanks, its first lines are too long
/// to sniff the delimiter from, or it cannot be read. The rest is checked
/// as it is read.
pub(super) fn scan(path: &std::path::Path, how: Pieces) -> Option<Scanned> {
    /// The first lines kept to sniff the delimiter from, at most.
    const HEAD_BYTES: usize = 1 << 20;
    /// The lines with text the delimiter is sniffed from.
    const HEAD_LINES: usize = 40;
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut bom = 0;
    // The first line (the cell limit's width) and the first non-blank
    // lines, as many as the delimiter is sniffed from.
    let mut first_line: Option<String> = None;
    let mut head = String::new();
    let mut head_lines = 0usize;
    let mut read = (0u64, 0usize);
    each_piece(&mut file, 0, how.bytes, |piece| {
        let mut bytes = piece;
        if read.0 == 0
            && let Some(rest) = piece.strip_prefix(&[0xEF, 0xBB, 0xBF])
        {
            bom = 3;
            bytes = rest;
        }
        let text = plain_piece(bytes)?;
        read = (
            read.0 + piece.len() as u64,
            read.1 + memchr::memchr_iter(b'\n', piece).count(),
        );
        if first_line.is_none() {
            first_line = Some(text.lines().next().unwrap_or_default().to_owned());
        }
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            if head_lines == HEAD_LINES {
                break;
            }
            head.push_str(line);
            head.push('\n');
            head_lines += 1;
        }
        if head.len() + first_line.as_ref().map_or(0, String::len) > HEAD_BYTES {
            return Err(Stop::Whole);
        }
        Ok(head_lines < HEAD_LINES)
    })
    .ok()?;
    if head_lines == 0 {
        return None;
    }
    // Fewer lines with text: the file's whole head was seen.
    let delimiter = sniff_delimiter(&head);
    Some(Scanned {
        len,
        bom,
        delimiter,
        width: first_width(first_line.as_deref().unwrap_or_default(), delimiter),
        head: read,
        piece: how.bytes,
    })
}

/// Reads the rows of a log whose head [`scan`] found plain from its file,
/// piece by piece, exactly as [`read`] reads the whole text: the same
/// rows, line numbers and problems, by the same readers ([`in_halves`],
/// [`in_order`]), and the same refusal of a file with more cells than
/// `max_cells` ([`check_size`]); with the hash of the bytes read. `None`
/// when it must be read whole instead (it is not all plain, it changed
/// since it was scanned or while it was read, or could not be read
/// again).
pub(super) fn read_scanned(
    path: &std::path::Path,
    scanned: &Scanned,
    max_cells: u64,
    file: &Arc<str>,
    settings: &ReadSettings,
    how: Pieces,
) -> Option<(Result<GridOutcome, CsvError>, Hashed)> {
    let source = InFile::new(path, scanned, max_cells);
    let limits = (scanned.delimiter, max_cells);
    let halves_from = how.halves_from as u64;
    let read = 'read: {
        if scanned.len - scanned.bom >= halves_from {
            match in_halves(&source, halves_from, limits, file, settings) {
                Ok(Some(read)) => break 'read Ok(read),
                Ok(None) | Err(Stop::Csv(_)) => {}
                Err(stop) => break 'read Err(stop),
            }
        }
        in_order(&source, limits, file, settings)
    };
    if let Err(Stop::Whole) = read {
        return None;
    }
    let hashed = source.hash()?;
    // The cell limit, by every line of the file: checked before the rows
    // when the file is held whole, so it goes before any other outcome.
    let lines = hashed.newlines as u64 + u64::from(!hashed.ends_with_newline);
    if let Err(e) = check_size(lines, scanned.width, max_cells) {
        return Some((Err(e), hashed));
    }
    let read = match read {
        Ok(read) => Ok(read),
        Err(Stop::Csv(e)) => Err(e),
        // Stopped for too many cells, which the lines do not bear out: the
        // file changed meanwhile.
        Err(Stop::Whole | Stop::TooLarge) => return None,
    };
    // Rows (or a limit) stand only when read from the bytes hashed.
    source.all_hashed().then_some((read, hashed))
}

#[cfg(test)]
mod tests {
    use super::*;

    impl<'t> Whole<'t> {
        /// `text` as [`read`] reads it.
        fn of(text: &'t str, delimiter: u8, max_cells: u64) -> Self {
            Whole {
                text,
                newlines: memchr_count(text.as_bytes(), b'\n'),
                delimiter,
                max_cells,
                plain: is_plain(text),
            }
        }
    }

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
        let utf8 = utf8.text;
        assert_eq!(decode(&bom).text, utf8);
        assert_eq!(decode(&cp1252).text, utf8);
        assert_eq!(decode(&utf16).text, utf8);
    }

    /// Split in place or by the csv reader, a quote-free log reads the
    /// same: rows, line numbers, problems.
    #[test]
    fn plain_lines_read_as_the_csv_reader_reads_them() {
        let file: Arc<str> = Arc::from("logg.csv");
        let settings = ReadSettings::default();
        for text in [
            "Datum;Löfte;Antal;Plats\n2023-01-02;K1;2;Torget\n\n\n2023-01-03;K2;;Skolan \n",
            "Titel\r\n\r\nDatum;Löfte;Antal\r\n2023-01-02;K1;x\r\n  \r\n2023-13-01;K1;1\r\nSumma;;3",
            "Datum,Löfte,Plats,Kommentar\n2023-02-01,K1,Torget,a\n2023-02-01,K1,Torget,a,extra\n2023-02-02\n",
            "Datum\tLöfte\n2023-01-02\tK1\n2023-01-02\tK1\n",
        ] {
            assert!(is_plain(text));
            let delimiter = sniff_delimiter(text);
            let fast = Whole::of(text, delimiter, 1000)
                .read(&file, &settings)
                .unwrap();
            let csv = Whole {
                plain: false,
                ..Whole::of(text, delimiter, 1000)
            }
            .read(&file, &settings)
            .unwrap();
            assert!(
                !csv.activities.is_empty() || !csv.diagnostics.is_empty(),
                "{text}"
            );
            assert_eq!(fast.activities, csv.activities, "{text}");
            assert_eq!(fast.diagnostics, csv.diagnostics, "{text}");
            assert_eq!(fast.excluded, csv.excluded, "{text}");
        }
        assert!(!is_plain("a;b\rc;d\n"));
        let parts: Vec<&str> = split_at_byte("a;;bö;", b';').collect();
        assert_eq!(parts, ["a", "", "bö", ""]);
        assert!(!is_plain("a;\"b\"\n"));
    }

    /// A large log read as two halves on two threads gives what reading
    /// it in order gives: rows, line numbers, problems, exclusions and
    /// whose each row is (urval), with problems on both sides of the cut.
    #[test]
    fn halves_read_as_one_reader_reads_in_order() {
        let file: Arc<str> = Arc::from("logg.csv");
        let mut text = String::from("Rapport 2023\n\nDatum;Löfte;Antal;Plats;Kommun\n");
        let mut k = 0usize;
        while text.len() < HALVES_BYTES + 1000 {
            k += 1;
            let line = match k % 997 {
                0 => "2023-02-30;K1;1;Torget;Kalix\n".to_owned(),
                1 => "Summa;;40;;Kalix\n".to_owned(),
                2 => "Datum;Löfte;Antal;Plats;Kommun\n".to_owned(),
                3 => "2023-03-01;K2;ca 5;Skolan;Luleå\n".to_owned(),
                4 => "\n".to_owned(),
                5 => "2023-03-01;K2;1;Skolan;\n".to_owned(),
                _ => format!(
                    "2023-{:02}-{:02};K{};{};Plats {};Kalix\r\n",
                    1 + k % 12,
                    1 + k % 28,
                    k % 5,
                    k % 3,
                    k % 40
                ),
            };
            text.push_str(&line);
        }
        assert!(is_plain(&text));
        let plain = ReadSettings::default();
        let tagged = ReadSettings {
            selection_column: Some("Kommun".to_owned()),
            ..ReadSettings::default()
        };
        for settings in [plain, tagged] {
            let halves = Whole::of(&text, b';', u64::MAX)
                .halves(&file, &settings)
                .expect("split in two");
            let in_order = Whole::of(&text, b';', u64::MAX)
                .in_order(&file, &settings)
                .unwrap();
            assert!(in_order.activities.len() > 40_000);
            assert!(in_order.diagnostics.len() > 100);
            assert_eq!(halves.activities, in_order.activities);
            assert_eq!(halves.diagnostics, in_order.diagnostics);
            assert_eq!(halves.excluded, in_order.excluded);
            assert_eq!(halves.activity_keys, in_order.activity_keys);
            assert_eq!(halves.diagnostic_keys, in_order.diagnostic_keys);
            assert_eq!(halves.excluded_keys, in_order.excluded_keys);
        }
        // A line too wide in the lower half: refused naming that line, as
        // in order.
        let mut wide = text.clone();
        wide.push_str(&";".repeat(MAX_COLUMNS + 1));
        wide.push('\n');
        let settings = ReadSettings::default();
        let expected = match Whole::of(&wide, b';', u64::MAX).in_order(&file, &settings) {
            Err(CsvError::Whole(m)) => m,
            _ => panic!("not refused"),
        };
        match Whole::of(&wide, b';', u64::MAX).read(&file, &settings) {
            Err(CsvError::Whole(m)) => assert_eq!(m, expected),
            _ => panic!("not refused"),
        }
        // More cells than allowed only counting both halves.
        let cells = in_order_cells(&text);
        match Whole::of(&text, b';', cells - 1).read(&file, &settings) {
            Err(CsvError::Whole(m)) => assert!(m.contains("more than"), "{m}"),
            _ => panic!("not refused"),
        }
        assert!(Whole::of(&text, b';', cells).read(&file, &settings).is_ok());
    }

    /// Whether an empty Genomförd cell is a doubt depends on the whole
    /// column: read in two halves, a yes in one half makes the empty cells
    /// of the other doubtful, as read in order.
    #[test]
    fn halves_know_the_whole_genomford_column() {
        let file: Arc<str> = Arc::from("logg.csv");
        let settings = ReadSettings::default();
        for ticked_first in [true, false] {
            let mut text = String::from("Datum;Löfte;Antal;Genomförd\n");
            let mut lines = 0u32;
            while text.len() < HALVES_BYTES + 1000 {
                lines += 1;
                text.push_str(&format!("2023-03-{:02};K1;1;\n", 1 + lines % 28));
            }
            let ticked = if ticked_first {
                text.replacen(";1;\n", ";1;X\n", 1)
            } else {
                let cut = text.trim_end().rfind('\n').unwrap() + 1;
                format!("{}2023-04-01;K1;1;X\n", &text[..cut])
            };
            for read in [
                Whole::of(&ticked, b';', u64::MAX).halves(&file, &settings),
                Whole::of(&ticked, b';', u64::MAX)
                    .in_order(&file, &settings)
                    .ok(),
            ] {
                let read = read.expect("read");
                let doubtful = read
                    .activities
                    .iter()
                    .filter(|a| a.source.blank_done(a.row).is_some())
                    .count();
                assert_eq!(doubtful, read.activities.len() - 1, "{ticked_first}");
                let a = &read.activities[read.activities.len() / 2];
                let blank = a.source.blank_done(a.row).expect("doubtful");
                assert_eq!((blank.yes_rows, blank.column, blank.days), (1, 3, false));
            }
            // With no yes anywhere, an empty cell says nothing.
            let read = Whole::of(&text, b';', u64::MAX)
                .halves(&file, &settings)
                .expect("split in two");
            assert!(
                read.activities
                    .iter()
                    .all(|a| a.source.blank_done(a.row).is_none())
            );
        }
    }

    /// A log of `rows` rows under a title of `title` lines, with a problem
    /// every few lines (dates and counts that cannot be read, a summary
    /// row, the header again, blank lines) and CRLF on most.
    fn titled_log(title: usize, rows: usize) -> String {
        let mut text = "Aktiviteter enligt medborgarlöftet, Kalix kommun och Polisen\n\n"
            .repeat(title.div_ceil(2));
        text.push_str("Datum;Löfte;Antal;Plats\n");
        for k in 0..rows {
            text.push_str(&match k % 89 {
                0 => "2023-02-30;K1;1;Torget\n".to_owned(),
                1 => "Summa;;40;\n".to_owned(),
                2 => "Datum;Löfte;Antal;Plats\n".to_owned(),
                3 => "2023-03-01;K2;ca 5;Skolan\n".to_owned(),
                4 => "\n".to_owned(),
                _ => format!(
                    "2023-{:02}-{:02};K{};{};Plats {}\r\n",
                    1 + k % 12,
                    1 + k % 28,
                    k % 3,
                    k % 5,
                    k % 7
                ),
            });
        }
        text
    }

    /// `read` given the log of `text` written to a file, scanned, and to
    /// be read in pieces of about `piece` bytes.
    fn with_scanned_file<T>(text: &str, piece: usize, read: impl FnOnce(&InFile<'_>) -> T) -> T {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logg.csv");
        std::fs::write(&path, text).unwrap();
        let how = Pieces {
            bytes: piece,
            halves_from: 0,
            from: 0,
        };
        let scanned = scan(&path, how).expect("plain");
        read(&InFile::new(&path, &scanned, u64::MAX))
    }

    /// Room is made for no more rows than the cell limit lets through,
    /// however short the head's lines: under a head of blank lines, the
    /// guess was a row a byte of the file.
    #[test]
    fn room_is_made_for_no_more_rows_than_the_cell_limit_lets_through() {
        let text = "\n".repeat(5000)
            + "Datum;Löfte;Antal;Plats\n"
            + &"2023-03-01;K1;1;Torget\n".repeat(100);
        with_scanned_file(&text, 64, |file| {
            let unlimited = file.lines_hint();
            assert!(unlimited > 5000, "{unlimited}");
            let limited = InFile::new(file.path, file.scanned, 1000);
            assert!(limited.lines_hint() <= 1001, "{}", limited.lines_hint());
        });
    }

    /// [`in_halves`] of `source` from 4 KiB on, with no limit.
    fn halves_of(source: &impl Source) -> Result<Option<GridOutcome>, Stop> {
        let limits = (b';', u64::MAX);
        in_halves(
            source,
            1 << 12,
            limits,
            &Arc::from("logg.csv"),
            &ReadSettings::default(),
        )
    }

    /// The header found only past the first piece read from the file (a
    /// long title above it): the head is read across pieces, as from a
    /// text held whole, so the rest is still read in two halves, with
    /// what reading in order gives.
    #[test]
    fn a_header_past_the_first_piece_is_still_read_in_halves() {
        let text = titled_log(8, 3000);
        assert!(text.find("Datum").unwrap() > 3 * 64);
        let halves = with_scanned_file(&text, 64, |source| halves_of(source))
            .ok()
            .flatten()
            .expect("read in halves");
        let file = Arc::from("logg.csv");
        let settings = ReadSettings::default();
        let in_order = Whole::of(&text, b';', u64::MAX)
            .in_order(&file, &settings)
            .unwrap();
        assert!(in_order.activities.len() > 2500);
        assert!(in_order.diagnostics.len() > 100);
        assert_eq!(halves.activities, in_order.activities);
        assert_eq!(halves.diagnostics, in_order.diagnostics);
        assert_eq!(halves.excluded, in_order.excluded);
    }

    /// A text whose second reader panics (here: asked where it starts)
    /// is not read in halves, and the panic goes no further: the log is
    /// then read in order, as `Whole::read` does.
    #[test]
    fn a_panic_in_the_second_reader_reads_in_order() {
        struct Panicking<'t>(Held<'t>);
        impl Source for Panicking<'_> {
            fn span(&self) -> (u64, u64) {
                self.0.span()
            }
            fn newlines(&self) -> Option<usize> {
                self.0.newlines()
            }
            fn lines_hint(&self) -> usize {
                self.0.lines_hint()
            }
            fn pieces(&self, from: u64, to: Option<u64>, each: Each<'_>) -> Result<u64, Stop> {
                self.0.pieces(from, to, each)
            }
            fn target(&self, from: u64) -> Option<u64> {
                self.0.target(from)
            }
            fn cut(&self, _: u64) -> Option<(u64, usize)> {
                panic!("the second reader fails");
            }
        }
        let text = titled_log(1, 3000);
        let newlines = memchr_count(text.as_bytes(), b'\n');
        let held = Held {
            text: &text,
            newlines,
        };
        assert!(matches!(halves_of(&held), Ok(Some(_))));
        assert!(matches!(halves_of(&Panicking(held)), Ok(None)));
    }

    /// A file whose first half changed after the second reader hashed it,
    /// before the first reader read it: with a line lost (a blank line now
    /// a space, the same size), the lines the first reader counts no
    /// longer end where the second starts, which is checked across the two
    /// threads; with a letter changed, its pieces are not those hashed.
    /// Either way what was read is not kept.
    #[test]
    fn a_first_half_that_changed_after_it_was_hashed_is_not_kept() {
        /// The file changed once the second reader has found its start,
        /// before the first reader reads its half.
        struct ChangedAfterCut<'s, 'f> {
            file: &'s InFile<'f>,
            changed: String,
            cut: std::sync::Mutex<bool>,
            found: std::sync::Condvar,
        }
        impl Source for ChangedAfterCut<'_, '_> {
            fn span(&self) -> (u64, u64) {
                self.file.span()
            }
            fn newlines(&self) -> Option<usize> {
                self.file.newlines()
            }
            fn lines_hint(&self) -> usize {
                self.file.lines_hint()
            }
            fn pieces(&self, from: u64, to: Option<u64>, each: Each<'_>) -> Result<u64, Stop> {
                if to.is_some() {
                    let mut cut = self.cut.lock().unwrap();
                    while !*cut {
                        cut = self.found.wait(cut).unwrap();
                    }
                    // Rewritten in place, never truncated: the second
                    // reader reads on below, where nothing changes.
                    use std::io::Write;
                    std::fs::OpenOptions::new()
                        .write(true)
                        .open(self.file.path)
                        .and_then(|mut f| f.write_all(self.changed.as_bytes()))
                        .unwrap();
                }
                self.file.pieces(from, to, each)
            }
            fn target(&self, from: u64) -> Option<u64> {
                self.file.target(from)
            }
            fn cut(&self, target: u64) -> Option<(u64, usize)> {
                let cut = self.file.cut(target);
                *self.cut.lock().unwrap() = true;
                self.found.notify_all();
                cut
            }
        }
        let text = titled_log(1, 3000);
        let header = text.find("Datum").unwrap();
        // The first blank line under the header, well above the middle.
        let blank = header + text[header..].find("\n\n").unwrap();
        assert!(blank < text.len() / 4);
        let line_lost = format!("{}\n {}", &text[..blank], &text[blank + 2..]);
        let place = header + text[header..].find("Plats 1").unwrap();
        let letter_changed = format!("{}Plats X{}", &text[..place], &text[place + 7..]);
        for (changed, lines_differ) in [
            (text.clone(), false),
            (line_lost, true),
            (letter_changed, false),
        ] {
            assert_eq!(changed.len(), text.len());
            let unchanged = changed == text;
            with_scanned_file(&text, 256, |file| {
                let source = ChangedAfterCut {
                    file,
                    changed,
                    cut: Default::default(),
                    found: Default::default(),
                };
                let halves = halves_of(&source);
                if lines_differ {
                    assert!(matches!(halves, Err(Stop::Whole)));
                } else {
                    assert!(matches!(halves, Ok(Some(_))));
                    assert_eq!(file.all_hashed(), unchanged);
                }
            });
        }
    }

    /// A line too wide in the first half, read from the file: the halves
    /// give way to reading in order (which names the line), not to reading
    /// the file whole as if it had changed, though the first half's lines
    /// were not all counted.
    #[test]
    fn a_limit_in_the_first_half_reads_in_order_not_whole() {
        let mut text = titled_log(1, 3000);
        let at = text.len() / 4;
        let at = at + text[at..].find('\n').unwrap() + 1;
        text.insert_str(at, &format!("{}\n", ";".repeat(MAX_COLUMNS + 1)));
        let line = text[..at].matches('\n').count() + 1;
        with_scanned_file(&text, 256, |source| {
            assert!(matches!(halves_of(source), Ok(None)));
            let settings = ReadSettings::default();
            match in_order(source, (b';', u64::MAX), &Arc::from("logg.csv"), &settings) {
                Err(Stop::Csv(CsvError::Whole(m))) => {
                    assert!(m.starts_with(&format!("line {line} ")), "{m}")
                }
                _ => panic!("not refused"),
            }
        });
    }

    /// The cells a quote-free text holds, as the limit counts them.
    fn in_order_cells(text: &str) -> u64 {
        text.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .filter(|l| !l.is_empty())
            .map(|l| l.split(';').count() as u64)
            .sum()
    }

    /// Each broken line (a quote never closed, a NUL byte) is left blank,
    /// its line feed kept, and named in the order of the lines; the others
    /// are read as written. Past the limit, only the first is named.
    #[test]
    fn broken_lines_are_left_blank_and_the_rest_is_read() {
        let text = "Datum;Löfte;Antal\n2023-03-01;K1;\"1\n2023-03-02;K1;2\n2023-03-03;K1\0;3\r\n2023-03-04;K1;\"4\"\n";
        let (mended, broken) = mend(text, b';').unwrap();
        assert_eq!(
            mended,
            "Datum;Löfte;Antal\n\n2023-03-02;K1;2\n\n2023-03-04;K1;\"4\"\n"
        );
        let lines: Vec<(usize, Code)> = broken
            .iter()
            .map(|e| match e {
                CsvError::At(line, code, ..) => (*line, *code),
                CsvError::Whole(m) => panic!("{m}"),
            })
            .collect();
        assert_eq!(lines, [(2, Code::UnclosedQuote), (4, Code::NulByte)]);
        let many = "Datum;Löfte;Antal\n".to_owned()
            + &"2023-03-01;K1;\"1\n2023-03-02;K1;2\n".repeat(MAX_BROKEN_LINES + 1);
        match mend(&many, b';') {
            Err(CsvError::At(2, Code::UnclosedQuote, ..)) => {}
            other => panic!("{:?}", other.map(|(_, b)| b.len())),
        }
    }

    proptest::proptest! {
        /// Any text of cells, quotes, NUL bytes and line ends is read or
        /// refused, never a panic; each broken line named is a line of
        /// the text, in order, and the lines read are the others, as written.
        #[test]
        fn any_text_of_quotes_and_nul_bytes_is_read_around_its_broken_lines(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just("\""),
                    proptest::prelude::Just("\0"),
                    proptest::prelude::Just(";"),
                    proptest::prelude::Just("\n"),
                    proptest::prelude::Just("\r\n"),
                    proptest::prelude::Just("K1"),
                    proptest::prelude::Just("2023-03-01"),
                    proptest::prelude::Just("Datum;Löfte;Antal\n"),
                ],
                0..120,
            )
        ) {
            let text: String = parts.concat();
            let read = read(&text, u64::MAX, &Arc::from("logg.csv"), &ReadSettings::default());
            let lines = text.split('\n').count();
            let mut last = 0;
            for broken in &read.broken {
                let CsvError::At(line, ..) = broken else {
                    proptest::prop_assert!(false, "a broken line without its line");
                    continue;
                };
                proptest::prop_assert!(*line > last && *line <= lines, "{line} of {lines}");
                last = *line;
            }
            if !read.broken.is_empty()
                && let Ok(mended) = mend(&text, b';')
            {
                proptest::prop_assert_eq!(mended.0.split('\n').count(), lines);
            }
        }
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2,5\t3\n"), b'\t');
    }
}

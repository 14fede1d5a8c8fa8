//! Reading single cells: dates in every form Swedish logs use, whole
//! counts, and numbers with decimal comma and space-separated thousands.
//! Pure functions, so the fuzz targets can call them directly.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::DateOrder;

/// `c` (lower case) without its accent: how names are compared when a
/// log and a promise file may spell them with or without ("Kalíx",
/// "Trafiksakerhetsinsats").
pub fn unaccented(c: char) -> char {
    match c {
        'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'æ' => 'a',
        'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ü' | 'ú' | 'ù' | 'û' => 'u',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ç' | 'č' => 'c',
        'ñ' | 'ŋ' => 'n',
        'š' => 's',
        'ž' => 'z',
        'đ' => 'd',
        'ŧ' => 't',
        c => c,
    }
}

/// `text` composed (Unicode NFC). A log or a promise file saved on a Mac
/// may write "å" as "a" and a combining ring: read as written, its
/// "Område", "Löfte" or "Skolbesök" matched nothing written with the one
/// character "å", and its rows counted toward nothing. Borrowed where the
/// text is composed already (nearly always: all of ASCII is).
pub fn composed(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    // Every character below U+0300, where the combining marks begin, is
    // composed and combines with nothing before it: in UTF-8 those are
    // the bytes below 0xCC. Swedish text (å, ä, ö, é) is all such bytes,
    // and this scan is a tenth of the character-by-character check's cost
    // in a log's reading.
    if !text.bytes().any(|b| b >= 0xCC) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// The words of a text, lower case and without accents: "Kalíx  kommun
/// (2514)" → ["kalix", "kommun", "2514"].
pub fn folded_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(unaccented)
                .collect()
        })
        .collect()
}

/// A cell as read from any format, before its column gives it meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Blank.
    Empty,
    /// Text as written (trimmed only when interpreted).
    Text(String),
    /// A number (xlsx stores counts as floats; xls may give integers).
    Number(f64),
    /// A real date or date-time cell.
    Date(NaiveDateTime),
    /// A boolean.
    Bool(bool),
    /// An error cell (`#REF!`), or a formula without a cached value.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing (or only spaces).
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            // Asked of every cell several times a row: [`trim`] rules out
            // text starting with a printable ASCII character at once.
            Cell::Text(s) => trim(s).is_empty(),
            _ => false,
        }
    }

    /// The cell as text, for messages and text columns.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => trim(s).to_owned(),
            Cell::Number(x) => {
                if x.fract() == 0.0 && x.abs() < 1e15 {
                    format!("{}", *x as i64)
                } else {
                    format!("{x}")
                }
            }
            Cell::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.date().to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// `s.trim()`, returned at once when `s` starts and ends with a printable
/// ASCII character, as nearly every cell of a log does: `str::trim` steps
/// through both ends as Unicode, and ingestion trims several cells a row.
pub fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// `s.trim_start()`, at once when `s` starts with a printable ASCII
/// character (see [`trim`]).
pub fn trim_start(s: &str) -> &str {
    if s.as_bytes().first().is_some_and(u8::is_ascii_graphic) {
        s
    } else {
        s.trim_start()
    }
}

/// Error values as spreadsheets write them; ods gives them as text.
pub fn is_error_text(s: &str) -> bool {
    // Runs for several cells of every row: nearly all are ruled out by
    // their first byte.
    let s = trim_start(s);
    match s.as_bytes().first() {
        Some(b'#') => {}
        // LibreOffice's errors by number ("Err:502", invalid argument), as
        // it saves them in a csv; "Fel:502" with a Swedish user interface.
        Some(b'E' | b'F') => {
            let s = trim(s);
            return s
                .strip_prefix("Err:")
                .or_else(|| s.strip_prefix("Fel:"))
                .is_some_and(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()));
        }
        _ => return false,
    }
    matches!(
        trim(s),
        "#REF!"
            | "#N/A"
            | "#DIV/0!"
            | "#VALUE!"
            | "#NAME?"
            | "#NUM!"
            | "#NULL!"
            | "#GETTING_DATA"
            | "#SPILL!"
            | "#CALC!"
            // Swedish Excel writes its errors so in a csv it saves:
            // read as text, "#SAKNAS!" was a place or a party.
            | "#SAKNAS!"
            | "#REFERENS!"
            | "#DIVISION/0!"
            | "#VÄRDEFEL!"
            | "#NAMN?"
            | "#OGILTIGT!"
            | "#SKÄRNING!"
            // And so does LibreOffice with a Swedish user interface where
            // its names differ from Excel's.
            | "#SAKNAS"
            | "#VÄRDE!"
    )
}

/// Why a date cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in any accepted form.
    Unreadable,
    /// `03/04/2023`: day and month could be either way round; the date
    /// read day first, and month first.
    Ambiguous(NaiveDate, NaiveDate),
    /// `1/20/2023` with `datumordning = "dag-manad"` (or the other way
    /// round): a date only in the other order, read so.
    AgainstOrder(DateOrder, NaiveDate),
    /// Before 2000 or after 2100: almost certainly a typing error.
    OutOfRange(NaiveDate),
}

const EARLIEST: i32 = 2000;
const LATEST: i32 = 2100;

/// The date, when it lies in the years lofte accepts (2000–2100).
pub fn in_range(d: NaiveDate) -> Result<NaiveDate, DateError> {
    if d.year() < EARLIEST || d.year() > LATEST {
        Err(DateError::OutOfRange(d))
    } else {
        Ok(d)
    }
}

/// An Excel serial day number as a date: in the 1900 system, or in the
/// 1904 system of a workbook saved so (`date_1904`), whose day 0 is
/// 1904-01-01.
pub fn from_serial(serial: f64, date_1904: bool) -> Result<NaiveDate, DateError> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return Err(DateError::Unreadable);
    }
    let base = day_zero(date_1904).ok_or(DateError::Unreadable)?;
    let days = serial.floor() as i64;
    let date = base
        .checked_add_signed(chrono::Duration::days(days))
        .ok_or(DateError::Unreadable)?;
    in_range(date)
}

/// Day 0 of a workbook's serial day numbers: 1904-01-01 in the 1904
/// system; in the 1900 system 1899-12-30, once Excel's phantom 1900-02-29
/// is allowed for.
fn day_zero(date_1904: bool) -> Option<NaiveDate> {
    if date_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)
    }
}

/// The serial day number a workbook holds for `dt`, as calamine turns it
/// into a date (the other way from [`from_serial`]): in the 1900 system,
/// the days before 1 March 1900 count from the day after day 0, as Excel
/// counts a 29 February 1900 that never was.
pub(super) fn serial_of(dt: NaiveDateTime, date_1904: bool) -> Option<f64> {
    let mut zero = day_zero(date_1904)?;
    if !date_1904 && dt.date() < NaiveDate::from_ymd_opt(1900, 3, 1)? {
        zero = zero.succ_opt()?;
    }
    let seconds = dt
        .signed_duration_since(zero.and_time(NaiveTime::MIN))
        .num_seconds();
    // To the second: the number as the cell shows it in General.
    Some((seconds as f64 / 86_400.0 * 1e6).round() / 1e6)
}

const MONTHS: [(&str, u32); 24] = [
    ("januari", 1),
    ("februari", 2),
    ("mars", 3),
    ("april", 4),
    ("maj", 5),
    ("juni", 6),
    ("juli", 7),
    ("augusti", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("december", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("october", 10),
    ("okt", 10),
    ("sept", 9),
    ("aug", 8),
    ("dec", 12),
];

pub(super) fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| *name == w || (w.chars().count() >= 3 && name.starts_with(&w)))
        .map(|(_, n)| *n)
}

/// `YYYY-MM-DD` exactly, read without a format parser: nearly every date
/// in a csv log looks like this, and this is the hot path of ingestion.
pub(super) fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// The time of day written in a Datum cell, if any: the time part of a
/// date-time cell, the fraction of an Excel serial, or a clock time after
/// the date in text (`2023-05-03 07:30`, `2023-05-03T07:30:00`,
/// `3 maj 2023 kl. 7.30`). Two rows that differ only in it are two
/// activities, not one entered twice.
pub fn time_of_day(cell: &Cell) -> Option<NaiveTime> {
    let time = match cell {
        Cell::Date(dt) => Some(dt.time()),
        Cell::Number(x) if x.is_finite() && *x >= 0.0 => {
            // Whole seconds: a serial's fraction carries float noise.
            let seconds = (x.fract() * 86_400.0).round() as u32;
            NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0)
        }
        Cell::Text(t) if t.len() <= 64 => {
            // A zoned time ("…T09:00:00Z") is the Swedish time it names.
            let t = trim(t);
            let head = t.split(['T', ' ']).next().unwrap_or(t);
            let zoned = iso_date(head).and_then(|d| swedish_time_of_zoned(d, &t[head.len()..]));
            match zoned {
                Some(local) => Some(local.time()),
                None => {
                    let words: Vec<&str> = t
                        .split(|c: char| c.is_whitespace() || c == 'T')
                        .skip(1)
                        .collect();
                    // "… kl 18-21", "… kl. 18": the words after "kl".
                    let after_kl = words
                        .iter()
                        .position(|w| matches!(*w, "kl" | "kl."))
                        .and_then(|k| clock_or_span(&words[k + 1..].join(" "), true));
                    after_kl.or_else(|| {
                        words
                            .iter()
                            .find_map(|w| clock_time(w).or_else(|| clock_or_span(w, false)))
                    })
                }
            }
        }
        _ => None,
    };
    time.filter(|t| *t != NaiveTime::MIN)
        .map(|t| t.with_nanosecond(0).unwrap_or(t))
}

/// A time of day in a cell of its own (a "Tid" column): a time cell, a
/// day's fraction, or text ("18:30", "18.30", "kl. 18.30", "kl 18", or the
/// start of a span: "15-17", "18.00–21.00").
pub fn clock_of(cell: &Cell) -> Option<NaiveTime> {
    match cell {
        Cell::Text(t) => clock_or_span(trim(t), true).filter(|t| *t != NaiveTime::MIN),
        other => time_of_day(other),
    }
}

/// A time of day as text: a clock ("18:30", "18.30"), an hour after "kl"
/// ("kl 18"), or the start of a span of them ("kl 18-21", "18.00–21.00",
/// "kl 22-02" over midnight): an activity is at the time it starts.
/// `hours`: a bare hour is a time without "kl" too (in a "Tid" column,
/// where "15-17" can be nothing else).
fn clock_or_span(text: &str, hours: bool) -> Option<NaiveTime> {
    let t = text.trim();
    let (t, hours) = match t.strip_prefix("kl.").or_else(|| t.strip_prefix("kl")) {
        Some(rest) => (rest.trim(), true),
        None => (t, hours),
    };
    let one = |w: &str| {
        let w = w.trim();
        clock_time(w).or_else(|| {
            let h: u32 = w.parse().ok().filter(|_| hours && w.len() <= 2)?;
            NaiveTime::from_hms_opt(h, 0, 0)
        })
    };
    match t.split_once(['-', '–', '—']) {
        Some((from, to)) => {
            let (start, end) = (one(from)?, one(to)?);
            (start != end).then_some(start)
        }
        None => one(t),
    }
}

/// `18:30`, `18:30:00` or `18.30` as a time of day.
fn clock_time(word: &str) -> Option<NaiveTime> {
    ["%H:%M:%S", "%H:%M", "%H.%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(word, f).ok())
}

/// A clock time and the zone written after it: `Ok(Some((clock,
/// minutes east of UTC)))` for "22:00:00Z", "18:00:00+01:00", "18:00+0100"
/// or "12:00-05:00"; `Ok(None)` when no zone is written; `Err` for a sign
/// followed by no zone ("+99:00", "-5").
fn zoned(clock: &str) -> Result<Option<(&str, i64)>, ()> {
    if let Some(clock) = clock.strip_suffix(['Z', 'z']) {
        return Ok(Some((clock, 0)));
    }
    let Some(at) = clock.rfind(['+', '-']) else {
        return Ok(None);
    };
    let (clock, zone) = clock.split_at(at);
    let digits: Vec<u8> = zone.bytes().skip(1).filter(|b| *b != b':').collect();
    if digits.len() != 4 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(());
    }
    let two = |i: usize| i64::from(digits[i] - b'0') * 10 + i64::from(digits[i + 1] - b'0');
    let (hours, minutes) = (two(0), two(2));
    if hours > 14 || minutes > 59 {
        return Err(());
    }
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    Ok(Some((clock, sign * (hours * 60 + minutes))))
}

/// A time written with its zone on `day`, as the Swedish date and time:
/// UTC ("2023-03-31T22:00:00Z", as SharePoint and Power Automate write
/// midnight of 1 April: the UTC day is the day before for the first one
/// or two hours) or an offset ("2024-03-01T18:00:00+01:00", as JSON-based
/// exports write a local time). `None` when `rest` is no zoned time.
fn swedish_time_of_zoned(day: NaiveDate, rest: &str) -> Option<NaiveDateTime> {
    let clock = rest.trim_start_matches(['T', ' ']).trim();
    let (clock, offset_minutes) = zoned(clock).ok()??;
    // Fractions of a second ("22:00:00.000Z") say nothing of the day.
    let time = clock_time(clock.split('.').next().unwrap_or(clock))?;
    let utc = day.and_time(time) - chrono::Duration::minutes(offset_minutes);
    // Summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC
    // on the last Sunday of October (EU rules since 1996).
    let year = utc.year();
    let last_sunday = |month: u32| {
        let last = NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()?;
        let back = last.weekday().num_days_from_sunday();
        last.checked_sub_days(chrono::Days::new(u64::from(back)))
    };
    let one = NaiveTime::from_hms_opt(1, 0, 0)?;
    let summer = (last_sunday(3)?.and_time(one)..last_sunday(10)?.and_time(one)).contains(&utc);
    let hours = if summer { 2 } else { 1 };
    Some(utc + chrono::Duration::hours(hours))
}

/// Reads a date written as text: `2023-03-15`, `2023-03-15 18:30`,
/// `2023-03-15T18:30:00`, `15 mars 2023`, `15/3 2023`, `15.3.2023`,
/// `15/03/2023`; `03/04/2023` needs `order`.
pub fn parse_date_text(text: &str, order: Option<DateOrder>) -> Result<NaiveDate, DateError> {
    let t = trim(text);
    if t.is_empty() || t.len() > 64 {
        return Err(DateError::Unreadable);
    }
    // ISO, with an optional time after a space or T.
    let head = t.split(['T', ' ']).next().unwrap_or(t);
    let iso = iso_date(head)
        .or_else(|| NaiveDate::parse_from_str(head, "%Y-%m-%d").ok())
        .or_else(|| NaiveDate::parse_from_str(head, "%Y/%m/%d").ok());
    if let Some(d) = iso {
        // Only a time may follow: "2023-03-01 och 2023-03-08" holds two
        // activities, and reading the first alone would lose one.
        let rest = t.get(head.len()..).unwrap_or("");
        return if is_time(rest) {
            in_range(swedish_time_of_zoned(d, rest).map_or(d, |t| t.date()))
        } else {
            Err(DateError::Unreadable)
        };
    }
    // A weekday before the date ("mån 15 mars 2023", "Wed 15/3 2023").
    let t = strip_weekday(t);
    // "15-mar-2023", "Mar 15, 2023", "15. März 2023": a month name with
    // day and year around it, in either order.
    let named: Vec<&str> = t
        .split(|c: char| c == '-' || c == '/' || c == ',' || c.is_whitespace())
        .map(|p| p.trim_end_matches('.'))
        .filter(|p| !p.is_empty())
        .collect();
    if let [a, b, c] = named.as_slice() {
        let found = match (month_number(a), month_number(b)) {
            (None, Some(m)) => Some((a.parse::<u32>(), m, c.parse::<i32>())),
            (Some(m), None) => Some((b.parse::<u32>(), m, c.parse::<i32>())),
            _ => None,
        };
        if let Some((Ok(day), month, Ok(year))) = found {
            if c.len() != 4 {
                return Err(DateError::Unreadable);
            }
            return NaiveDate::from_ymd_opt(year, month, day)
                .ok_or(DateError::Unreadable)
                .and_then(in_range);
        }
    }
    // "15 mars 2023", "15 mar. 2023"
    let words: Vec<&str> = t.split_whitespace().collect();
    if let [day, month, year, rest @ ..] = words.as_slice()
        && let (Ok(day), Some(month), Ok(year)) = (
            day.trim_end_matches('.').parse::<u32>(),
            month_number(month),
            year.trim_end_matches(',').parse::<i32>(),
        )
    {
        // Only a time may follow, as after an ISO date: "15 mars 2023 och
        // 12 april 2023" is two activities, "20 juli 2023 inställd" a
        // remark in the wrong cell.
        if !rest.is_empty() && !is_time(&format!(" {}", rest.join(" "))) {
            return Err(DateError::Unreadable);
        }
        return NaiveDate::from_ymd_opt(year, month, day)
            .ok_or(DateError::Unreadable)
            .and_then(in_range);
    }
    // "15/3 2023 18:30", "15/3 2023 kl 18-21": only a time may follow, as
    // after the other forms.
    if let Some((head, rest)) = t
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(k, _)| t.split_at(k))
        .find(|(head, _)| numeric_parts(head).len() == 3)
        && numeric_parts(t).len() > 3
    {
        return if is_time(rest) {
            numeric_date(head, order)
        } else {
            Err(DateError::Unreadable)
        };
    }
    numeric_date(t, order)
}

/// The runs of digits of a date written with numbers alone, split at "/",
/// ".", "-" and spaces.
fn numeric_parts(t: &str) -> Vec<&str> {
    t.split(|c: char| c == '/' || c == '.' || c == '-' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether `t` is a date written day first with slashes that cannot be
/// read month first ("17/02/2023": there is no month 17): what a
/// spreadsheet in a locale writing the month first leaves as text when a
/// day-first date is typed, while it turns "03/02/2023" into 2 March.
pub fn only_day_first(t: &str) -> bool {
    if !t.contains('/') {
        return false;
    }
    let parts = numeric_parts(t.trim());
    let [a, b, y] = parts.as_slice() else {
        return false;
    };
    let (Ok(a), Ok(b), Ok(year)) = (a.parse::<u32>(), b.parse::<u32>(), y.parse::<i32>()) else {
        return false;
    };
    y.len() == 4 && a > 12 && NaiveDate::from_ymd_opt(year, b, a).is_some()
}

/// "15/3 2023", "15/3/2023", "15.3.2023", "3/15/2023": a date of three
/// numbers, the year last.
fn numeric_date(t: &str, order: Option<DateOrder>) -> Result<NaiveDate, DateError> {
    let parts = numeric_parts(t);
    if let [a, b, y] = parts.as_slice() {
        let (Ok(a), Ok(b), Ok(year)) = (a.parse::<u32>(), b.parse::<u32>(), y.parse::<i32>())
        else {
            return Err(DateError::Unreadable);
        };
        if y.len() != 4 {
            return Err(DateError::Unreadable);
        }
        let dm = NaiveDate::from_ymd_opt(year, b, a);
        let md = NaiveDate::from_ymd_opt(year, a, b);
        // "15/3 2023" (a space before the year) is the Swedish way: day first.
        // Spaces alone ("03 04 2023") say nothing of the order.
        let swedish = (t.contains(' ') && t.contains('/')) || t.contains('.');
        let date = match (dm, md) {
            // A date only month first where the promise file says day
            // first (or the other way round): the cell, or the setting, is
            // wrong, and neither reading can be trusted.
            (Some(d), None) if order == Some(DateOrder::MonthDay) => {
                return Err(DateError::AgainstOrder(DateOrder::MonthDay, d));
            }
            (None, Some(m)) if order == Some(DateOrder::DayMonth) => {
                return Err(DateError::AgainstOrder(DateOrder::DayMonth, m));
            }
            (Some(d), None) => d,
            (None, Some(d)) => d,
            (Some(d), Some(_)) if a == b => d,
            (Some(d), Some(m)) => match order {
                Some(DateOrder::DayMonth) => d,
                Some(DateOrder::MonthDay) => m,
                None if swedish => d,
                None => return Err(DateError::Ambiguous(d, m)),
            },
            (None, None) => return Err(DateError::Unreadable),
        };
        return in_range(date);
    }
    Err(DateError::Unreadable)
}

/// Whether what follows a date is nothing or a time of day ("18:30",
/// "T18:30:00", "00:00:00.000", "kl 18.30").
fn is_time(rest: &str) -> bool {
    let r = rest.trim_start_matches(['T', ' ']).trim();
    // A zone after the clock: "Z", "+01:00", "+0100", "-05:00". A "-"
    // that is no zone may end a span ("kl 18-21"), read below.
    let r = match zoned(r) {
        Ok(Some((clock, _))) => clock,
        _ => r,
    };
    // A fraction of a second says nothing: "18:30:00.000".
    let r = match r.rsplit_once(['.', ',']) {
        Some((hms, frac)) if hms.contains(':') && frac.bytes().all(|b| b.is_ascii_digit()) => hms,
        _ => r,
    };
    // "18,30" is "18.30"; the clock, or the start of a span, is read as
    // `time_of_day` reads it.
    let r = r.replacen(',', ".", 1);
    matches!(r.trim(), "" | "kl" | "kl.") || clock_or_span(&r, false).is_some()
}

/// The text after a leading weekday name ("mån", "måndag", "Mon,").
fn strip_weekday(t: &str) -> &str {
    const DAYS: [&str; 14] = [
        "mån", "tis", "ons", "tor", "fre", "lör", "sön", "mon", "tue", "wed", "thu", "fri", "sat",
        "sun",
    ];
    let Some((first, rest)) = t.split_once(|c: char| c.is_whitespace() || c == ',') else {
        return t;
    };
    let w = first.trim_end_matches(['.', ',']).to_lowercase();
    if w.chars().count() >= 3
        && DAYS.iter().any(|d| w.starts_with(d))
        && w.chars().all(char::is_alphabetic)
        && month_number(&w).is_none()
    {
        rest.trim_start_matches([',', ' '])
    } else {
        t
    }
}

/// Reads a number written as text: decimal comma or point, thousands
/// separated by spaces or no-break spaces, a leading minus.
pub fn parse_number_text(text: &str) -> Option<f64> {
    // Digits alone (an Antal cell, nearly always): read as they are, not
    // copied into a cleaned text first.
    let trimmed = trim(text);
    if !trimmed.is_empty() && trimmed.len() <= 40 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed.parse::<f64>().ok().filter(|x| x.is_finite());
    }
    if !spaces_between_thousands(trimmed) {
        return None;
    }
    let t: String = trimmed
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let t = if t.contains(',') && !t.contains('.') {
        t.replace(',', ".")
    } else {
        t
    };
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Whether the spaces of a number, if any, separate thousands: "1 234",
/// "12 345,5", "-1 000 000". "1 2" or "12 34" are two numbers or a typo,
/// not twelve or 1 234.
fn spaces_between_thousands(text: &str) -> bool {
    let mut groups = text
        .split([' ', '\u{a0}', '\u{202f}'])
        .filter(|g| !g.is_empty());
    let Some(first) = groups.next() else {
        return true;
    };
    let mut rest = groups.peekable();
    if rest.peek().is_none() {
        return true;
    }
    let digits = |g: &str| g.bytes().take_while(u8::is_ascii_digit).count();
    let first = first.trim_start_matches(['-', '+', '\u{2212}']);
    if first.is_empty() || first.len() > 3 || digits(first) != first.len() {
        return false;
    }
    while let Some(group) = rest.next() {
        let whole = digits(group) == group.len();
        let last = rest.peek().is_none();
        // The last group may carry the decimals: "234,5".
        let ok =
            digits(group) == 3 && (whole || (last && matches!(group.as_bytes()[3], b',' | b'.')));
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Swedish Excel saved "#SAKNAS!" into a csv where English Excel saves
    /// "#N/A": read as text, it was a Plats or an Ansvarig.
    #[test]
    fn swedish_excel_error_values_were_read_as_text() {
        for error in [
            "#SAKNAS!",
            "#REFERENS!",
            "#DIVISION/0!",
            "#VÄRDEFEL!",
            "#NAMN?",
            "#OGILTIGT!",
            "#SKÄRNING!",
            " #SAKNAS! ",
        ] {
            assert!(is_error_text(error), "{error}");
        }
        for text in ["#1 Torget", "SAKNAS", "#saknas", "Saknas!"] {
            assert!(!is_error_text(text), "{text}");
        }
        // LibreOffice saves its own errors by number, and with a Swedish
        // user interface some by other names.
        for error in [
            "Err:502", "Err:504 ", " Err:508", "Fel:502", "#SAKNAS", "#VÄRDE!",
        ] {
            assert!(is_error_text(error), "{error}");
        }
        for text in [
            "Err:",
            "Err:50",
            "Err:5022",
            "Err: 502",
            "Error:502",
            "err:502",
            "Fel: 502",
            "Fel:5",
            "Felaktig",
            "fel:502",
        ] {
            assert!(!is_error_text(text), "{text}");
        }
    }

    /// The quick byte scan in `composed` gives what full composition
    /// gives, for every character up to U+2FFF alone, after a letter and
    /// before a combining mark, and for Swedish written decomposed.
    #[test]
    fn composed_is_nfc_around_the_combining_marks() {
        use unicode_normalization::UnicodeNormalization;
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            for text in [format!("{c}"), format!("a{c}"), format!("{c}\u{301}")] {
                let nfc: String = text.nfc().collect();
                assert_eq!(composed(&text), nfc, "U+{:04X}", u32::from(c));
            }
        }
        assert_eq!(composed("Omra\u{30a}de"), "Område");
        assert!(matches!(
            composed("Område, Skolbesök"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    /// Regression: "1 2" was read as 12, "12 34" as 1 234: spaces were
    /// taken for thousands separators wherever they stood.
    #[test]
    fn spaces_separate_thousands_only() {
        for (text, want) in [
            ("1 234", Some(1234.0)),
            ("12\u{a0}345,5", Some(12345.5)),
            ("-1 000 000", Some(-1_000_000.0)),
            ("1 234.5", Some(1234.5)),
            (" 7 ", Some(7.0)),
            ("1 2", None),
            ("2 3", None),
            ("10 5", None),
            ("12 34", None),
            ("1 0", None),
            ("1234 567", None),
            ("1 2345", None),
            ("1 234,5 6", None),
        ] {
            assert_eq!(parse_number_text(text), want, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The quick trims are std's trims, whatever the ends hold:
        /// ASCII and Unicode spaces, controls, DEL, letters beyond ASCII.
        #[test]
        fn the_quick_trims_are_stds(
            s in proptest::collection::vec(
                proptest::sample::select(vec![
                    ' ', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{7f}', '\u{85}',
                    '\u{a0}', '\u{2028}', '\u{3000}', 'a', '1', '#', 'å', '-',
                ]),
                0..6,
            )
        ) {
            let s: String = s.into_iter().collect();
            proptest::prop_assert_eq!(trim(&s), s.trim());
            proptest::prop_assert_eq!(trim_start(&s), s.trim_start());
        }

        /// Digits alone, read without being copied, are the number they
        /// were read as before: the text trimmed and parsed.
        #[test]
        fn digits_alone_read_as_parsed(n in 0u64..u64::MAX, pad in 0usize..3) {
            let text = format!("{}{n}{}", " ".repeat(pad), "\u{a0}".repeat(pad));
            proptest::prop_assert_eq!(parse_number_text(&text), n.to_string().parse::<f64>().ok());
        }
    }

    /// A span of hours is the time it starts: after "kl", or as clocks,
    /// in Datum; in a Tid cell as bare hours too. A bare span after a
    /// date, or a zone, is not one.
    #[test]
    fn a_span_of_hours_is_the_time_it_starts() {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        let text = |t: &str| time_of_day(&Cell::Text(t.to_owned()));
        let tid = |t: &str| clock_of(&Cell::Text(t.to_owned()));
        let day = NaiveDate::from_ymd_opt(2023, 3, 15);
        for cell in [
            "2023-03-15 kl 18-21",
            "2023-03-15 18.00–21.00",
            "2023-03-15 18:00 - 21:00",
            "15/3 2023 kl 18-21",
            "15 mars 2023 kl. 18",
            "15/3 2023 18:00",
        ] {
            assert_eq!(parse_date_text(cell, None).ok(), day, "{cell}");
            assert_eq!(text(cell), hm(18, 0), "{cell}");
        }
        assert_eq!(text("2023-03-15 kl 22-02"), hm(22, 0));
        for cell in [
            "2023-03-15 18-21",
            "15/3 2023 och 16/3 2023",
            "2023-03-15 kl 18-18",
        ] {
            assert!(parse_date_text(cell, None).is_err(), "{cell}");
        }
        // A zone is still a zone: 18:00 at UTC-5 is midnight in Sweden.
        assert_eq!(
            parse_date_text("2023-03-15T18:00-05:00", None).ok(),
            NaiveDate::from_ymd_opt(2023, 3, 16)
        );
        for (cell, h) in [
            ("15-17", 15),
            ("kl 14-16", 14),
            ("13.00–15.00", 13),
            ("kl 10", 10),
            ("kl. 9", 9),
        ] {
            assert_eq!(tid(cell), hm(h, 0), "{cell}");
        }
        assert_eq!(tid("eftermiddag"), None);
    }

    #[test]
    fn time_of_day_from_every_kind_of_date_cell() {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        let text = |t: &str| time_of_day(&Cell::Text(t.to_owned()));
        assert_eq!(text("2023-05-03 07:30"), hm(7, 30));
        assert_eq!(text("2023-05-03T07:30:00"), hm(7, 30));
        assert_eq!(text("3 maj 2023 kl. 7.30"), hm(7, 30));
        assert_eq!(text("2023-05-03"), None);
        assert_eq!(text("15.3.2023"), None);
        assert_eq!(text("2023-05-03 00:00"), None);
        // 0.75 of a day is 18:00.
        assert_eq!(time_of_day(&Cell::Number(45049.75)), hm(18, 0));
        assert_eq!(time_of_day(&Cell::Number(45049.0)), None);
        let dt = d(2023, 5, 3).and_hms_opt(7, 30, 0).unwrap();
        assert_eq!(time_of_day(&Cell::Date(dt)), hm(7, 30));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_date_form() {
        for (text, want) in [
            ("2023-03-15", d(2023, 3, 15)),
            ("2023-03-15 18:30", d(2023, 3, 15)),
            ("2023-03-15T18:30:00", d(2023, 3, 15)),
            ("15 mars 2023", d(2023, 3, 15)),
            ("15 mar. 2023", d(2023, 3, 15)),
            ("15/3 2023", d(2023, 3, 15)),
            ("15.3.2023", d(2023, 3, 15)),
            ("15/03/2023", d(2023, 3, 15)),
            ("3/15/2023", d(2023, 3, 15)),
            ("4/4/2023", d(2023, 4, 4)),
            ("15-mar-2023", d(2023, 3, 15)),
            ("Mar 15, 2023", d(2023, 3, 15)),
            ("March 15, 2023", d(2023, 3, 15)),
            ("mån 15 mars 2023", d(2023, 3, 15)),
            ("onsdag 15/3 2023", d(2023, 3, 15)),
            ("2023-03-15 00:00:00.000", d(2023, 3, 15)),
            ("2023-03-15 kl 18.30", d(2023, 3, 15)),
            ("2023-03-15T18:30:00Z", d(2023, 3, 15)),
        ] {
            assert_eq!(parse_date_text(text, None), Ok(want), "{text}");
        }
    }

    /// Found by fuzzing (fuzz/fuzz_targets/date.rs): "08/3 2023" is read
    /// day first without an order (the Swedish way of writing it), and an
    /// explicit order in the promise file decides otherwise.
    #[test]
    fn swedish_form_yields_to_an_explicit_order() {
        assert_eq!(parse_date_text("08/3 2023", None), Ok(d(2023, 3, 8)));
        assert_eq!(
            parse_date_text("08/3 2023", Some(DateOrder::DayMonth)),
            Ok(d(2023, 3, 8))
        );
        assert_eq!(
            parse_date_text("08/3 2023", Some(DateOrder::MonthDay)),
            Ok(d(2023, 8, 3))
        );
    }

    #[test]
    fn iso_fast_path_agrees_with_the_parser() {
        for text in [
            "2023-03-15",
            "2023-02-29",
            "2024-02-29",
            "2023-13-01",
            "2023-1-015",
            "20a3-03-15",
        ] {
            assert_eq!(
                iso_date(text),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn ambiguous_and_out_of_range() {
        assert_eq!(
            parse_date_text("03/04/2023", None),
            Err(DateError::Ambiguous(d(2023, 4, 3), d(2023, 3, 4)))
        );
        assert_eq!(
            parse_date_text("03/04/2023", Some(DateOrder::DayMonth)),
            Ok(d(2023, 4, 3))
        );
        assert_eq!(
            parse_date_text("03/04/2023", Some(DateOrder::MonthDay)),
            Ok(d(2023, 3, 4))
        );
        assert!(matches!(
            parse_date_text("1899-12-31", None),
            Err(DateError::OutOfRange(_))
        ));
        assert!(matches!(
            parse_date_text("2200-01-01", None),
            Err(DateError::OutOfRange(_))
        ));
        assert_eq!(parse_date_text("igår", None), Err(DateError::Unreadable));
        // Two dates in one cell are two activities: never the first alone.
        assert_eq!(
            parse_date_text("2023-03-01 och 2023-03-08", None),
            Err(DateError::Unreadable)
        );
        assert_eq!(
            parse_date_text("2023-03-01 - 2023-03-03", None),
            Err(DateError::Unreadable)
        );
        assert_eq!(
            parse_date_text("2023-13-45", None),
            Err(DateError::Unreadable)
        );
    }

    /// Regression: "15 mars 2023 och 12 april 2023" and "20 juli 2023
    /// inställd" were read as their first date.
    #[test]
    fn month_name_date_with_more_after_it_is_refused() {
        for text in [
            "15 mars 2023 och 12 april 2023",
            "3 maj 2023, 7 juni 2023",
            "20 juli 2023 inställd",
            "15 mars 2023 K1",
        ] {
            assert_eq!(
                parse_date_text(text, None),
                Err(DateError::Unreadable),
                "{text}"
            );
        }
        assert_eq!(
            parse_date_text("15 mars 2023 18:30", None),
            Ok(d(2023, 3, 15))
        );
        assert_eq!(
            parse_date_text("15 mars 2023 kl 18.30", None),
            Ok(d(2023, 3, 15))
        );
    }

    /// Regression: "03 04 2023" was read day first without a word, while
    /// "03/04/2023" is refused as ambiguous.
    #[test]
    fn space_separated_dates_are_ambiguous() {
        assert_eq!(
            parse_date_text("03 04 2023", None),
            Err(DateError::Ambiguous(d(2023, 4, 3), d(2023, 3, 4)))
        );
        assert_eq!(parse_date_text("15 3 2023", None), Ok(d(2023, 3, 15)));
        assert_eq!(parse_date_text("3/4 2023", None), Ok(d(2023, 4, 3)));
    }

    /// Regression: "2023-03-31T22:00:00Z" (midnight of 1 April in Sweden,
    /// as SharePoint exports write it) was read as 31 March.
    #[test]
    fn utc_dates_are_read_as_the_swedish_day() {
        assert_eq!(
            parse_date_text("2023-03-31T22:00:00Z", None),
            Ok(d(2023, 4, 1))
        );
        assert_eq!(
            parse_date_text("2022-12-31T23:00:00Z", None),
            Ok(d(2023, 1, 1))
        );
        assert_eq!(
            parse_date_text("2023-01-31T22:59:59Z", None),
            Ok(d(2023, 1, 31))
        );
        // Summer time ends at 01:00 UTC on the last Sunday of October.
        assert_eq!(
            parse_date_text("2023-10-29T00:30:00Z", None),
            Ok(d(2023, 10, 29))
        );
        assert_eq!(
            parse_date_text("2023-10-28T22:30:00Z", None),
            Ok(d(2023, 10, 29))
        );
        assert_eq!(
            parse_date_text("2023-10-29T23:30:00Z", None),
            Ok(d(2023, 10, 30))
        );
        assert_eq!(
            parse_date_text("2023-03-15 18:30", None),
            Ok(d(2023, 3, 15))
        );
    }

    /// Regression: a Friday 09:00Z (10:00 in Sweden) lost its time of day
    /// and counted toward a weekend target as a Friday without a time, and
    /// "2024-03-01T18:00:00+01:00" was refused as no date.
    #[test]
    fn zoned_times_keep_their_swedish_time_of_day() {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        let text = |t: &str| time_of_day(&Cell::Text(t.to_owned()));
        assert_eq!(text("2024-03-01T09:00:00Z"), hm(10, 0));
        assert_eq!(text("2024-03-01T10:00:00.000Z"), hm(11, 0));
        assert_eq!(text("2024-06-07T13:30:00Z"), hm(15, 30));
        assert_eq!(text("2024-03-01T18:00:00+01:00"), hm(18, 0));
        assert_eq!(text("2024-03-01T17:00:00+0000"), hm(18, 0));
        assert_eq!(text("2024-03-01T12:00:00-05:00"), hm(18, 0));
        assert_eq!(
            parse_date_text("2024-03-01T18:00:00+01:00", None),
            Ok(d(2024, 3, 1))
        );
        // 23:30 in New York is 05:30 the next day in Sweden.
        assert_eq!(
            parse_date_text("2024-03-01T23:30:00-05:00", None),
            Ok(d(2024, 3, 2))
        );
        assert_eq!(
            parse_date_text("2024-03-01T18:00:00+99:00", None),
            Err(DateError::Unreadable)
        );
    }

    #[test]
    fn serials_and_numbers() {
        assert_eq!(from_serial(45000.0, false), Ok(d(2023, 3, 15)));
        assert_eq!(from_serial(43538.0, true), Ok(d(2023, 3, 15)));
        assert!(from_serial(-1.0, false).is_err());
        assert_eq!(parse_number_text("1 234"), Some(1234.0));
        assert_eq!(parse_number_text("1\u{a0}234,5"), Some(1234.5));
        assert_eq!(parse_number_text("−2"), Some(-2.0));
        assert_eq!(parse_number_text("ca 5"), None);
    }
}

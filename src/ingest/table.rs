//! From a grid of cells (one sheet, or one csv file) to activities: find
//! the header row, map the columns, read every row, and say exactly which
//! cell is wrong when one is.

use std::borrow::Cow;
use std::sync::Arc;

use super::cells::{
    Cell, DateError, composed, from_serial, in_range, is_error_text, iso_date, only_day_first,
    parse_date_text, parse_number_text, time_of_day,
};
use super::{
    Activity, DateOrder, Excluded, ExclusionKind, ExtraValue, KnownColumns, LogSheet, Text, TextId,
    Texts,
};
use crate::diag::{Code, Diagnostic, Location};
use serde::Serialize;

/// Excel's longest cell text, in characters.
pub const MAX_CELL_CHARS: usize = 32_767;

/// How many rows from the top may hold titles before the header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// One sheet (or csv file) as cells. `origin` is the absolute position of
/// `rows[0][0]` (calamine ranges need not start at A1).
pub struct Grid {
    /// Sheet name; `None` for csv.
    pub sheet: Option<String>,
    /// Absolute (row, column) of the first cell, 0-based.
    pub origin: (u32, u32),
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// Cells (row, column in `rows`) whose formula says something of the
    /// cell a value cannot ([`Mark`]).
    pub marks: Vec<(usize, usize, Mark)>,
}

/// What a cell's formula says of it where the value alone would mislead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A total of other rows ([`is_total_formula`]): not an activity's count.
    Sum,
    /// A formula whose value is empty (`=IF(…;"";1)` giving "", or no value
    /// saved in an ods file, where the two look alike): a blank Antal counts
    /// one activity, and this cell does not say one.
    Empty,
    /// Any other formula: a row holding nothing but formulas was typed by
    /// no one (helper columns filled down past the log).
    Formula,
}

/// Whether a formula in row `row` (1-based) of the sheet `sheet` (`None`
/// for csv) is a total of other rows or of another sheet, not an
/// activity's own count:
/// - an aggregate anywhere in it (`SUM`, `SUBTOTAL`, `SUMIFS`, `COUNTIFS`,
///   `SUMPRODUCT`, `ROWS` …: `=SUM(C2:C9)`, `=+SUM(…)`,
///   `=ROUND(SUM(…);0)`, `=COUNTIFS(Logg!B:B;"K1")`) of anything but
///   cells of its own row;
/// - or any formula naming two cells or more of other rows or sheets
///   (`=C2+C3+C5`, `=Underlag!B2:B5`).
///
/// `=SUM(D5:E5)` in row 5 (Antal as the sum of two columns of the same
/// activity) and `=C2` (one value repeated) are counts. A cell of the own
/// row is one however it is written: `$D$5`, `Logg!D5` or `'Logg'!D5` on
/// the sheet Logg, ods's `[.D5]` and `[$Logg.$D5:.$E5]`, or a table's
/// row (`Tabell1[[#This Row],[Bilar]:[Cyklar]]`, which Excel shows as
/// `Tabell1[@[Bilar]:[Cyklar]]`); a table's column (`Tabell1[Antal]`) is
/// other rows.
///
/// What a lookup reads (`VLOOKUP`, `HLOOKUP`, `LOOKUP`, `XLOOKUP`, `INDEX`,
/// `MATCH`, `XMATCH`: `=VLOOKUP(E2;Skolor!A2:B5;2;0)`) is not looked at:
/// it gives one value of a table, no aggregate of the log's rows. Under an
/// aggregate it is (`=SUM(INDEX(C2:C9;0))` sums what the lookup gives).
pub fn is_total_formula(formula: &str, sheet: Option<&str>, row: u32) -> bool {
    // Files keep formulas in English whatever the program's language; ods
    // writes "of:=SUM([.C2:.C3])".
    let f = formula.trim_start().to_ascii_uppercase();
    let f = f.strip_prefix("OF:").unwrap_or(&f);
    let refs = References::of(f, Here { sheet, row });
    (refs.aggregate && (refs.elsewhere > 0 || refs.names)) || refs.elsewhere >= 2
}

/// Whether a formula gives another value each day the file is opened
/// (`=TODAY()`, `=NOW()`): a date made by one is the day the file was last
/// saved, not the day of the activity. Files keep formulas in English
/// whatever the program's language.
pub fn is_today_formula(formula: &str) -> bool {
    let f = formula.trim_start().to_ascii_uppercase();
    let f = f.strip_prefix("OF:").unwrap_or(&f);
    References::of(f, Here::default()).today
}

/// Functions that add up or count cells.
const AGGREGATES: [&str; 15] = [
    "SUM",
    "SUBTOTAL",
    "SUMIF",
    "SUMIFS",
    "AGGREGATE",
    "COUNT",
    "COUNTA",
    "COUNTIF",
    "COUNTIFS",
    "SUMPRODUCT",
    "DSUM",
    "DCOUNT",
    "DCOUNTA",
    "ROWS",
    "SUMSQ",
];

/// Functions that read one value of a table: what they name is looked in,
/// not added up.
const LOOKUPS: [&str; 7] = [
    "VLOOKUP", "HLOOKUP", "LOOKUP", "XLOOKUP", "INDEX", "MATCH", "XMATCH",
];

/// Where a formula stands.
#[derive(Debug, Clone, Copy, Default)]
struct Here<'a> {
    /// Its sheet's name; `None` for csv.
    sheet: Option<&'a str>,
    /// Its row, 1-based.
    row: u32,
}

/// What a function call does with the references in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    /// Adds up or counts them ([`AGGREGATES`]).
    Aggregate,
    /// Looks one value up in them ([`LOOKUPS`]).
    Lookup,
    /// Anything else, and a bracket of arithmetic.
    Other,
}

impl Call {
    fn of(name: &str) -> Call {
        if AGGREGATES.contains(&name) {
            Call::Aggregate
        } else if LOOKUPS.contains(&name) {
            Call::Lookup
        } else {
            Call::Other
        }
    }
}

/// What an upper-cased formula refers to.
#[derive(Debug, Default)]
struct References {
    /// An aggregate function ([`AGGREGATES`]) anywhere in it.
    aggregate: bool,
    /// Cells of other rows or sheets; a range counts its two ends, a
    /// whole column or a table's column as other rows.
    elsewhere: usize,
    /// A name that may stand for any cells (`Polisen`).
    names: bool,
    /// A function whose value is the day the file is opened (`TODAY`,
    /// `NOW`).
    today: bool,
}

/// The reading of one formula, left to right.
struct Scan<'a> {
    here: Here<'a>,
    refs: References,
    /// The calls the reading is inside, innermost last.
    calls: Vec<Call>,
    /// The call the next "(" opens (a function's name was just read).
    opens: Option<Call>,
    /// The sheet named before the next reference (`Logg!`, `'Per år'!`,
    /// ods `$'Per år'.`).
    sheet: Option<String>,
    /// The sheet of a range's first end, for its second end (`Logg!F2:G2`,
    /// ods `[$Logg.F2:.G2]`): `Some(None)` is the formula's own sheet.
    range: Option<Option<String>>,
    /// A table's name was just read: the "[" after it opens its reference.
    table: bool,
}

impl References {
    fn of(f: &str, here: Here<'_>) -> References {
        let mut scan = Scan {
            here,
            refs: References::default(),
            calls: Vec::new(),
            opens: None,
            sheet: None,
            range: None,
            table: false,
        };
        scan.run(f);
        scan.refs
    }
}

impl Scan<'_> {
    fn run(&mut self, f: &str) {
        let b = f.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let table = std::mem::take(&mut self.table);
            match b[i] {
                // A text ("K1", ">="&A2): not a reference.
                b'"' => {
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        i += 1;
                    }
                    i += 1;
                }
                // A quoted sheet name: 'Per månad'!C2, ods [$'Per månad'.C2];
                // a quote in it is doubled.
                b'\'' => {
                    let mut name = String::new();
                    i += 1;
                    while i < b.len() {
                        if b[i] == b'\'' {
                            if b.get(i + 1) == Some(&b'\'') {
                                name.push('\'');
                                i += 2;
                                continue;
                            }
                            break;
                        }
                        let from = i;
                        i += 1;
                        while i < b.len() && !f.is_char_boundary(i) {
                            i += 1;
                        }
                        name.push_str(&f[from..i]);
                    }
                    i += 1;
                    if matches!(b.get(i), Some(b'!' | b'.')) {
                        self.sheet = Some(name);
                    }
                    // ods: the "." before the cell begins its word.
                    if b.get(i) == Some(&b'!') {
                        i += 1;
                    }
                }
                b'(' => {
                    self.calls.push(self.opens.take().unwrap_or(Call::Other));
                    i += 1;
                }
                b')' => {
                    self.calls.pop();
                    i += 1;
                }
                // An error value (#REF!, #N/A, #DIV/0!): no reference.
                b'#' => {
                    i += 1;
                    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'/') {
                        i += 1;
                    }
                    if matches!(b.get(i), Some(b'!' | b'?')) {
                        i += 1;
                    }
                }
                // ods brackets its references: [.C2], [$Logg.C2:.C3].
                b'[' if !table && matches!(b.get(i + 1), Some(b'.' | b'$' | b'\'')) => i += 1,
                // A table's reference: Tabell1[Antal], [@Antal],
                // Tabell1[[#This Row],[Bilar]:[Cyklar]].
                b'[' => {
                    let from = i;
                    let mut depth = 0;
                    while i < b.len() {
                        match b[i] {
                            // An escaped character of a column's name.
                            b'\'' => i += 1,
                            b'[' => depth += 1,
                            b']' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                    let inside = f[from + 1..i.min(f.len())].trim_start();
                    i += 1;
                    if !(inside.starts_with('@') || inside.contains("#THIS ROW")) {
                        self.elsewhere(2);
                    }
                }
                b'!' => i += 1,
                c if c.is_ascii_alphabetic() || c == b'$' || c == b'_' || c == b'.' => {
                    let start = i;
                    while i < b.len()
                        && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'$' | b'_' | b'.'))
                    {
                        i += 1;
                    }
                    let beside = (start > 0).then(|| b[start - 1]);
                    self.word(&f[start..i], beside, b.get(i).copied());
                }
                // A number, or a whole row (the 3 of 3:3).
                c if c.is_ascii_digit() => {
                    let start = i;
                    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                        i += 1;
                    }
                    if b.get(i) == Some(&b':') || (start > 0 && b[start - 1] == b':') {
                        let sheet = self.sheet_of(None, b.get(i).copied());
                        self.cell(sheet, f[start..i].parse().ok());
                    }
                }
                _ => i += 1,
            }
        }
    }

    /// One word of a formula, and the characters before and after it.
    fn word(&mut self, word: &str, before: Option<u8>, next: Option<u8>) {
        // "COM.MICROSOFT.AGGREGATE(" (ods), "_XLFN.SUMIFS" (xls keeps a
        // function newer than its format as an add-in:
        // "User(_xlfn.SUMIFS,Logg!$C$2:$C$9,…)").
        let name = word
            .strip_prefix("_XLFN.")
            .or_else(|| word.strip_prefix("COM.MICROSOFT."));
        if next == Some(b'(') || name.is_some() {
            let name = name.unwrap_or(word);
            let call = Call::of(name);
            self.refs.aggregate |= call == Call::Aggregate;
            self.refs.today |= matches!(name, "TODAY" | "NOW");
            if next == Some(b'(') {
                self.opens = Some(call);
            } else if let Some(top) = self.calls.last_mut() {
                // The add-in's call is this function's.
                if *top == Call::Other {
                    *top = call;
                }
            }
            return;
        }
        match next {
            // A sheet's name: the reference follows.
            Some(b'!') => {
                self.sheet = Some(word.to_owned());
                return;
            }
            // A table's name: its reference follows.
            Some(b'[') => {
                self.table = true;
                return;
            }
            _ => {}
        }
        // ods: "$LOGG.C2" is C2 of the sheet Logg; ".C2" of the sheet named
        // before it, or of this one; "$" alone is before a quoted name.
        let (own, cell) = match word.rfind('.') {
            Some(dot) if dot > 0 => (
                Some(word[..dot].trim_start_matches('$').to_owned()),
                &word[dot + 1..],
            ),
            _ => (None, word.trim_start_matches('.')),
        };
        if cell.is_empty() || cell == "$" {
            return;
        }
        let sheet = self.sheet_of(own, next);
        match cell_row(cell) {
            Some(r) => self.cell(sheet, Some(r)),
            // A whole row (the $3 of $3:$3; alone, ".5" is a number).
            None if (before == Some(b':') || next == Some(b':'))
                && cell
                    .trim_start_matches('$')
                    .bytes()
                    .all(|c| c.is_ascii_digit()) =>
            {
                self.cell(sheet, cell.trim_start_matches('$').parse().ok());
            }
            // A whole column (the C of C:C).
            None if is_column(cell) => self.elsewhere(1),
            None if matches!(cell, "TRUE" | "FALSE")
                || cell.bytes().all(|c| c.is_ascii_digit()) => {}
            None if self.read_by_lookup() => {}
            None => self.refs.names = true,
        }
    }

    /// The sheet of the reference just read, `None` for the formula's own:
    /// the one it names, or the one named before it, or its range's first
    /// end's. A reference before ":" begins a range.
    fn sheet_of(&mut self, own: Option<String>, next: Option<u8>) -> Option<String> {
        let before = self.sheet.take();
        let range = self.range.take().flatten();
        let sheet = own.or(before).or(range);
        if next == Some(b':') {
            self.range = Some(sheet.clone());
        }
        sheet
    }

    /// A cell (or whole row) `row` of `sheet`.
    fn cell(&mut self, sheet: Option<String>, row: Option<u32>) {
        let this_sheet = match (sheet, self.here.sheet) {
            (None, _) => true,
            // Sheet names are the same whatever their case.
            (Some(named), Some(here)) => named.to_lowercase() == here.to_lowercase(),
            (Some(_), None) => false,
        };
        if !(this_sheet && row == Some(self.here.row)) {
            self.elsewhere(1);
        }
    }

    /// `n` ends of references to other rows or sheets, unless a lookup
    /// reads them.
    fn elsewhere(&mut self, n: usize) {
        if !self.read_by_lookup() {
            self.refs.elsewhere += n;
        }
    }

    /// Whether what is read now is looked in by a lookup that no aggregate
    /// takes the value of.
    fn read_by_lookup(&self) -> bool {
        self.calls.contains(&Call::Lookup) && !self.calls.contains(&Call::Aggregate)
    }
}

/// Whether `word` is a column alone (`C`, `$AB`).
fn is_column(word: &str) -> bool {
    let w = word.trim_start_matches('$');
    (1..=3).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_alphabetic())
}

/// The row of a cell reference (`C5`, `$C$5`, ods `.C5`), if `word` is one.
fn cell_row(word: &str) -> Option<u32> {
    let w = word.strip_prefix('.').unwrap_or(word);
    let w = w.strip_prefix('$').unwrap_or(w);
    let letters = w.bytes().take_while(u8::is_ascii_alphabetic).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let digits = w[letters..].strip_prefix('$').unwrap_or(&w[letters..]);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A column lofte knows by meaning. The promise file may name the header
/// that holds each (`[kolumner]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// Datum.
    Date,
    /// Löfte.
    Promise,
    /// Antal.
    Count,
    /// Aktivitet.
    Activity,
    /// Plats.
    Place,
    /// Ansvarig/Deltagare.
    Responsible,
    /// Kommentar.
    Comment,
}

impl Column {
    /// Every known column, in the order of the header table in the docs.
    pub const ALL: [Column; 7] = [
        Column::Date,
        Column::Promise,
        Column::Count,
        Column::Activity,
        Column::Place,
        Column::Responsible,
        Column::Comment,
    ];

    /// The column's name in the log ("Datum").
    pub fn name(self) -> &'static str {
        match self {
            Column::Date => "Datum",
            Column::Promise => "Löfte",
            Column::Count => "Antal",
            Column::Activity => "Aktivitet",
            Column::Place => "Plats",
            Column::Responsible => "Ansvarig",
            Column::Comment => "Kommentar",
        }
    }

    /// The key naming it under `[kolumner]` in the promise file.
    pub fn key(self) -> &'static str {
        match self {
            Column::Date => "datum",
            Column::Promise => "lofte",
            Column::Count => "antal",
            Column::Activity => "aktivitet",
            Column::Place => "plats",
            Column::Responsible => "ansvarig",
            Column::Comment => "kommentar",
        }
    }
}

/// Header aliases, compared case-insensitively after trimming.
const ALIASES: &[(Column, &[&str])] = &[
    (
        Column::Date,
        &["datum", "date", "dag", "datum för aktivitet"],
    ),
    (
        Column::Promise,
        &[
            "löfte",
            "löfte-id",
            "löfte id",
            "löftes-id",
            "lofte",
            "promise",
            "promise id",
            "löftesnummer",
        ],
    ),
    (
        Column::Count,
        &["antal", "count", "st", "st.", "antal tillfällen"],
    ),
    (
        Column::Activity,
        &["aktivitet", "typ", "activity", "aktivitetstyp", "insats"],
    ),
    (Column::Place, &["plats", "place", "location", "ort"]),
    (
        Column::Responsible,
        &[
            "ansvarig",
            "deltagare",
            "ansvarig/deltagare",
            "responsible",
            "utförare",
            "part",
        ],
    ),
    (
        Column::Comment,
        &[
            "kommentar",
            "comment",
            "anteckning",
            "noteringar",
            "notering",
        ],
    ),
];

/// Headers that most likely name Antal but may not: read as it, with a
/// `near-header` warning. Without them "Ant." was no column, and every
/// row counted 1.
const COUNT_NEAR: &[&str] = &[
    "ant",
    "ant.",
    "antal st",
    "antal ggr",
    "antal gånger",
    "tillfällen",
    "gånger",
    "ggr",
    "kvantitet",
    "stycken",
    "styck",
    "qty",
    "quantity",
];

/// Headers the promise file names explicitly (`[kolumner]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    /// A header (as written, compared without case) for a known column.
    pub columns: Vec<(Column, String)>,
    /// Headers that are none of the known columns (`ovriga`).
    pub others: Vec<String>,
    /// Which rows are requests of an `önskemål` target: a row marked as
    /// not done there is an unanswered request, which the target counts,
    /// not a row to leave out.
    pub requests: RequestRows,
}

/// The rows the promise file's `önskemål` targets read as requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestRows {
    /// Promises whose requests target reads a column (`status`): each of
    /// their rows is a request, answered or not as that column says.
    pub promises: Vec<String>,
    /// Activity types of a request (`onskemal`, and the activities a
    /// `status` target or its promise counts).
    pub activities: Vec<String>,
    /// Promises with a requests target reading a column and another
    /// target that counts activities: a row of theirs marked not done is
    /// both a request not answered and no activity, which one row cannot
    /// say.
    pub mixed: Vec<String>,
}

/// Whether `text` is one of `list`, compared as headers are.
fn named_in(list: &[String], text: Option<&str>) -> bool {
    text.is_some_and(|t| list.iter().any(|v| norm(v) == norm(t)))
}

impl RequestRows {
    /// Whether a row naming `promise` and `activity` is a request.
    pub fn holds(&self, promise: Option<&str>, activity: Option<&str>) -> bool {
        named_in(&self.promises, promise) || named_in(&self.activities, activity)
    }

    /// Whether a row naming `promise` is of a promise counting requests
    /// and activities both.
    pub fn mixed(&self, promise: Option<&str>) -> bool {
        named_in(&self.mixed, promise)
    }
}

fn norm(header: &str) -> String {
    header
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl ColumnMap {
    fn explicit(&self, header: &str) -> Option<Column> {
        let h = norm(header);
        self.columns
            .iter()
            .find(|(_, name)| norm(name) == h)
            .map(|(c, _)| *c)
    }

    fn is_other(&self, header: &str) -> bool {
        let h = norm(header);
        self.others.iter().any(|o| norm(o) == h)
    }
}

fn field_of(header: &str) -> Option<Column> {
    let h = norm(header);
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(f, _)| *f)
}

/// What a header cell says about its column.
#[derive(Debug, Clone, PartialEq, Eq)]
enum HeaderMatch {
    /// An alias, or named in the promise file.
    Known(Column, bool),
    /// Clearly this column in the user's own words ("Löfte nr",
    /// "Antal (st)", "Datm"): read as it, with a warning.
    Near(Column),
    /// Holds a known column's word but may mean something else
    /// ("Medborgarlöfte", "Antal timmar"): an error unless the column is
    /// there under its own name, or the promise file says.
    Unclear(Vec<Column>),
    /// "Antal deltagare", "Antal personer": people, never activities.
    People,
    /// Another column, kept for `kolumn`.
    Other,
}

/// Words that add nothing to a column's meaning ("Löfte nr", "Antal (st)").
const NOISE: &[&str] = &[
    "nr",
    "nummer",
    "no",
    "id",
    "kod",
    "st",
    "styck",
    "stycken",
    "och",
    "/",
    "ev",
    "tid",
    "kl",
    "klockslag",
    "av",
    "åååå",
    "mm",
    "dd",
    "yyyy",
    "ååmmdd",
    "åååå-mm-dd",
    "text",
];

/// Inflections and suffixes that keep a word's meaning ("Löftesnr", "Platser").
const SUFFIXES: &[&str] = &[
    "s", "et", "en", "er", "ar", "na", "erna", "arna", "snr", "snummer", "nr", "nummer", "sid",
    "id", "t",
];

/// Counted things that are people, not activities.
const PEOPLE: &[&str] = &[
    "deltagare",
    "personer",
    "besökare",
    "elever",
    "deltagande",
    "närvarande",
    "ungdomar",
    "medverkande",
    "poliser",
    "timmar",
];

/// Optimal string alignment distance (adjacent swaps cost one).
fn osa(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    if let Some(first) = d.first_mut() {
        for (j, slot) in first.iter_mut().enumerate() {
            *slot = j;
        }
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// Single-word aliases long enough to compare loosely.
fn loose_aliases() -> impl Iterator<Item = (Column, &'static str)> {
    ALIASES.iter().flat_map(|(f, names)| {
        names
            .iter()
            .filter(|n| n.chars().count() >= 4 && n.chars().all(char::is_alphabetic))
            .map(move |n| (*f, *n))
    })
}

/// What one header cell means, given the promise file's `[kolumner]`.
/// The text `header` was before its UTF-8 was read as Windows-1252 and
/// encoded again ("LÃ¶fte" for "Löfte"), if it looks so and decodes.
fn encoded_twice(header: &str) -> Option<String> {
    if !header.contains(['Ã', 'Â']) {
        return None;
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(header);
    if unmappable {
        return None;
    }
    String::from_utf8(bytes.into_owned())
        .ok()
        .filter(|fixed| fixed != header)
}

fn classify(header: &str, map: &ColumnMap) -> HeaderMatch {
    if map.is_other(header) {
        return HeaderMatch::Other;
    }
    if let Some(c) = map.explicit(header) {
        return HeaderMatch::Known(c, true);
    }
    if let Some(f) = field_of(header) {
        return HeaderMatch::Known(f, false);
    }
    // Short or other words for how many ("Ant.", "Tillfällen", "Qty"):
    // read as the column, with a warning, as a near spelling is.
    let h = norm(header);
    if COUNT_NEAR.contains(&h.as_str()) {
        return HeaderMatch::Near(Column::Count);
    }
    // "LÃ¶fte": Löfte's UTF-8 read as Windows-1252 and saved again. Read
    // as the column it names, with a warning, as a near spelling is.
    if let Some(f) = encoded_twice(header).and_then(|h| field_of(&h)) {
        return HeaderMatch::Near(f);
    }
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return HeaderMatch::Other;
    }
    let mut clear: Vec<Column> = Vec::new();
    let mut unclear: Vec<Column> = Vec::new();
    let mut plain = 0usize;
    for word in &words {
        let mut hit = false;
        if let Some(f) = field_of(word) {
            clear.push(f);
            continue;
        }
        for (f, alias) in loose_aliases() {
            let n = alias.chars().count();
            let inflected = word
                .strip_prefix(alias)
                .is_some_and(|rest| SUFFIXES.contains(&rest));
            let typo = n >= 5 && osa(word, alias) == 1;
            if inflected || typo {
                clear.push(f);
                hit = true;
            } else if n >= 5 && word.contains(alias) {
                // A compound ("Medborgarlöfte", "Födelsedatum"): may or may
                // not be the column.
                unclear.push(f);
                hit = true;
            }
        }
        if !hit && !NOISE.contains(word) {
            plain += 1;
        }
    }
    clear.sort();
    clear.dedup();
    unclear.sort();
    unclear.dedup();
    if clear.contains(&Column::Count) && words.iter().any(|w| PEOPLE.contains(w)) {
        return HeaderMatch::People;
    }
    match (clear.as_slice(), unclear.is_empty(), plain) {
        ([], true, _) => HeaderMatch::Other,
        ([f], true, 0) => HeaderMatch::Near(*f),
        _ => {
            let mut all = clear;
            all.extend(unclear);
            all.sort();
            all.dedup();
            HeaderMatch::Unclear(all)
        }
    }
}

/// Words that mark a summary row rather than an activity.
const SUMMARY_WORDS: &[&str] = &[
    "summa",
    "totalt",
    "total",
    "sum",
    "totalsumma",
    "summering",
    "delsumma",
    "årssumma",
    "sammanlagt",
    "summa:",
    "totalt:",
    "s:a",
    "tot",
    "summerat",
    "ackumulerat",
    "ackumulerad",
    "ack",
];

/// Whether a cell's text is a summary word, or starts with one ("Summa K2
/// 2023", "Totalt antal 2022").
fn starts_with_summary_word(text: &str) -> bool {
    if !may_begin_summary_word(text.trim_start()) {
        return false;
    }
    text.split_whitespace().next().is_some_and(|w| {
        let w = w.trim_end_matches([':', '.', ',']);
        SUMMARY_WORDS.iter().any(|s| w.eq_ignore_ascii_case(s))
            || w.eq_ignore_ascii_case("årssumma")
    })
}

/// Whether `word` may be a summary word by its first byte (they begin
/// with s, t, d, a or å): asked of several cells of every row, most are
/// ruled out here.
fn may_begin_summary_word(word: &str) -> bool {
    matches!(
        word.as_bytes().first(),
        Some(b's' | b'S' | b't' | b'T' | b'd' | b'D' | b'a' | b'A' | 0xC3)
    )
}

/// Whether a cell of two words or more ends with a summary word ("Mars
/// totalt", "Trafikkontroll summa").
fn ends_with_summary_word(text: &str) -> bool {
    // The last word is found from the end, not by splitting the cell.
    let text = text.trim_end();
    let Some(space) = text.rfind(char::is_whitespace) else {
        return false;
    };
    let last = text[space..]
        .trim_start()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != ':');
    if !may_begin_summary_word(last) || text[..space].trim().is_empty() {
        return false;
    }
    let last = last.trim_matches(|c: char| !c.is_alphanumeric());
    SUMMARY_WORDS.iter().any(|s| last.eq_ignore_ascii_case(s))
}

/// Whether a cell starting with a word that may begin an activity's
/// name ("Total kontroll", "Summering av läget", "Total Sundsvall")
/// goes on to name one, rather than being a total's label ("Total",
/// "Summa K1", "Totalt 2023").
fn names_an_activity(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or("").trim_end_matches([':', '.', ',']);
    let open = ["total", "sum", "summering"]
        .iter()
        .any(|w| first.eq_ignore_ascii_case(w));
    // A word after it that is not an id, a year or a number: "K1", "2023"
    // and "antal" label a total.
    open && words.any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().count() > 2
            && w.chars().any(char::is_alphabetic)
            && !w.chars().any(|c| c.is_ascii_digit())
            && !["antal", "för", "av", "per"]
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
    })
}

/// How a column may say a row was not done ([`done_column`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DoneColumn {
    /// Genomförd, Utförd: "Nej" says so.
    Done,
    /// Status: "Inställd", "Planerad", "Flyttad" …
    Status,
    /// Inställd, Avbokad, Struken: "Ja" or "X" says so.
    Cancelled,
    /// Kommentar: a text beginning "Inställd", "Makulerad", "Dubblett" …
    /// alone or with its reason.
    Remark,
    /// Aktivitet: the same, or the activity named as cancelled
    /// ("Inställd trafikkontroll", "Trygghetsvandring (inställd)").
    Named,
}

/// Whether a column may say a row was not done, by its header.
fn done_column(header: &str) -> Option<DoneColumn> {
    let header = header.trim().to_lowercase();
    let mut words = header
        .split(|c: char| c.is_whitespace() || matches!(c, '?' | ':' | '(' | '/'))
        .filter(|w| !w.is_empty());
    let first = words.next().unwrap_or("");
    // "Utförd av", "Genomförd tillsammans med": who did it, not whether.
    let by = words.next().is_some_and(|w| {
        matches!(
            w,
            "av" | "by" | "hos" | "med" | "tillsammans" | "i" | "på" | "vid"
        )
    });
    match first {
        "genomförd" | "genomfört" | "utförd" | "utfört" if by => None,
        "genomförd" | "genomfört" | "utförd" | "utfört" => Some(DoneColumn::Done),
        "status" | "genomförande" => Some(DoneColumn::Status),
        "inställd" | "inställt" | "avbokad" | "avbokat" | "struken" | "struket" | "avlyst"
        | "makulerad" | "makulerat" | "cancelled" | "canceled" => Some(DoneColumn::Cancelled),
        "ställdes" if header.starts_with("ställdes in") => Some(DoneColumn::Cancelled),
        _ => None,
    }
}

/// Beginnings of a status, as whole words, that say an activity was not
/// done (or not this way): "Inställd pga sjukdom", "Ställdes in",
/// "Flyttad till maj", "Preliminär". A status that also says it was done
/// ("Flyttad från maj, genomförd") is done; one that reports a result
/// ("Ej anmärkning", "Pågående utredning") is not looked at. Marked
/// `true`, the markers a remark (Kommentar, Aktivitet) may be too: alone
/// or followed by a reason, as "INSTÄLLD", "Ställdes in pga väder" or
/// "Dubblett, se rad 2" ("Inställd skolbuss gjorde att …" is a remark on
/// what was done).
const NOT_DONE: &[(&str, bool)] = &[
    ("inställd", true),
    ("inställt", true),
    ("ställdes in", true),
    ("avlyst", true),
    ("avbokad", true),
    ("avbokat", true),
    ("avbruten", false),
    ("avbrutet", false),
    ("struken", true),
    ("struket", true),
    ("makulerad", true),
    ("makulerat", true),
    ("uppskjuten", false),
    ("uppskjutet", false),
    ("flyttad", false),
    ("flyttat", false),
    ("framflyttad", false),
    ("ombokad", false),
    ("ombokat", false),
    ("planerad", false),
    ("planerat", false),
    ("preliminär", false),
    ("preliminärt", false),
    ("kommande", false),
    ("dubblett", true),
    ("ej genomförd", true),
    ("ej genomfört", true),
    ("ej utförd", true),
    ("ej utfört", true),
    ("inte genomförd", true),
    ("inte genomfört", true),
    ("inte utförd", false),
    ("inte utfört", false),
    ("blev inte av", true),
    ("ej av", false),
    // The same said with a verb ("Blev inställd", "Genomfördes ej",
    // "Uteblev"): counted as done before.
    ("blev inställd", true),
    ("blev inställt", true),
    ("blev avlyst", true),
    ("blev avbokad", true),
    ("blev avbokat", true),
    ("inställdes", true),
    ("ställts in", true),
    ("avlystes", true),
    ("avbokades", true),
    ("ströks", true),
    ("makulerades", true),
    ("genomfördes ej", true),
    ("genomfördes inte", true),
    ("genomfördes aldrig", true),
    ("utfördes ej", true),
    ("utfördes inte", true),
    ("uteblev", true),
    ("hann inte", true),
    ("utgick", true),
    ("utgår", true),
    ("sköts upp", false),
    ("avbröts", false),
    ("flyttades", false),
    // Not done yet, as a checklist's Status says it ("Ej klar", "Att
    // göra"): counted as done before, "klar" read as done.
    ("ej klar", false),
    ("inte klar", false),
    ("ej slutförd", false),
    ("inte slutförd", false),
    ("ej påbörjad", true),
    ("ej påbörjat", true),
    ("inte påbörjad", true),
    ("inte påbörjat", true),
    ("ej startad", true),
    ("ej startat", true),
    ("inte startad", true),
    ("inte startat", true),
    ("ej gjord", true),
    ("ej gjort", true),
    ("inte gjord", true),
    ("inte gjort", true),
    ("ej bokad", false),
    ("att göra", false),
    ("återstår", false),
    ("cancelled", true),
    ("canceled", true),
    ("postponed", false),
    ("planned", false),
];

/// Words that say an activity was done, whatever else its status says.
const DONE_WORDS: &[&str] = &[
    "genomförd",
    "genomfört",
    "genomförts",
    "utförd",
    "utfört",
    "slutförd",
    "klar",
    "klart",
    "done",
];

/// Words that may follow a marker to give its reason ("Inställd pga
/// sjukdom", "Avbokad av skolan", "Inställd – snöstorm").
const REASONS: &[&str] = &["pga", "p.g.a", "på", "då", "eftersom", "av", "för"];

/// What follows `phrase` (lower case) at the start of `text`, when it
/// stands there as whole words, case ignored. Asked of two cells of every
/// row: nothing is allocated.
fn after_words<'t>(text: &'t str, phrase: &str) -> Option<&'t str> {
    let mut chars = text.char_indices();
    for want in phrase.chars() {
        match chars.next() {
            Some((_, c)) if c == want || c.to_lowercase().eq(std::iter::once(want)) => {}
            _ => return None,
        }
    }
    let rest = chars.next().map_or("", |(k, _)| &text[k..]);
    rest.chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
        .then_some(rest)
}

/// Whether `text` (lower case) holds a word saying done that no "ej",
/// "inte" or "aldrig" just before it negates.
fn says_done(text: &str) -> bool {
    let mut before = "";
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if DONE_WORDS.contains(&word) && !matches!(before, "ej" | "inte" | "icke" | "aldrig") {
            return true;
        }
        before = word;
    }
    false
}

/// Whether `text` holds one of `words` (lower case) as a whole word.
fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|d| w.to_lowercase() == *d))
}

/// What a cell of a column [`done_column`] names says of its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DoneMark {
    /// Done, or nothing said: counted.
    Done,
    /// Not done ("Genomförd: Nej", "Inställd: Ja"): not counted.
    NotDone,
    /// A yes-or-no column holding neither ("Genomförd: Delvis",
    /// "Inställd: Sjukdom"): counted or not, the figure would be a guess.
    Unclear,
}

/// What a cell of a column [`done_column`] names says of its row.
fn done_mark(kind: DoneColumn, cell: &Cell) -> DoneMark {
    let not_done = |yes: bool| {
        if yes {
            DoneMark::NotDone
        } else {
            DoneMark::Done
        }
    };
    let text = match cell {
        Cell::Text(t) => t.trim(),
        // A checkbox or TRUE/FALSE column: Genomförd FALSE is not done,
        // as Inställd TRUE is cancelled.
        Cell::Bool(b) => {
            return match kind {
                DoneColumn::Done => not_done(!*b),
                DoneColumn::Cancelled => not_done(*b),
                DoneColumn::Status | DoneColumn::Remark | DoneColumn::Named => DoneMark::Done,
            };
        }
        // 1 and 0 for yes and no, as a form or a database exports them.
        Cell::Number(n) => {
            return match kind {
                DoneColumn::Done | DoneColumn::Cancelled if *n != 0.0 && *n != 1.0 => {
                    DoneMark::Unclear
                }
                DoneColumn::Done => not_done(*n == 0.0),
                DoneColumn::Cancelled => not_done(*n == 1.0),
                DoneColumn::Status | DoneColumn::Remark | DoneColumn::Named => DoneMark::Done,
            };
        }
        // The day it was done; the day it was cancelled says too little.
        Cell::Date(_) if kind == DoneColumn::Cancelled => return DoneMark::Unclear,
        // "#N/A" from a lookup: whether the row counts is not known.
        Cell::Error(_) if matches!(kind, DoneColumn::Done | DoneColumn::Cancelled) => {
            return DoneMark::Unclear;
        }
        _ => return DoneMark::Done,
    };
    if text.is_empty() {
        return DoneMark::Done;
    }
    // Asked of Kommentar and Aktivitet in every row: answered before the
    // lower-cased copy the other kinds need.
    if kind == DoneColumn::Remark {
        return not_done(says_remark_not_done(text));
    }
    if kind == DoneColumn::Named {
        return not_done(names_not_done(text));
    }
    let value = text
        .trim_end_matches(['?', ':', '.', '!'])
        .trim()
        .to_lowercase();
    // A marker, unless what follows it says done ("Flyttad från maj,
    // genomförd"): a done word within the marker itself ("Ej genomförd")
    // or negated after it ("Flyttad, ej genomförd") says nothing of the
    // kind.
    let marker = || {
        NOT_DONE
            .iter()
            .any(|(w, _)| after_words(&value, w).is_some_and(|rest| !says_done(rest)))
    };
    let is_no = || {
        matches!(
            value.as_str(),
            "nej" | "n" | "no" | "false" | "falskt" | "0" | "ej" | "inte" | "✗" | "✘" | "❌" | "☐"
        ) || after_words(&value, "nej").is_some()
    };
    let is_yes = || {
        matches!(
            value.as_str(),
            "ja" | "j" | "x" | "yes" | "y" | "true" | "sant" | "1" | "ok" | "✓" | "✔" | "☑" | "✅"
        ) || after_words(&value, "ja").is_some()
    };
    match kind {
        DoneColumn::Status => not_done(marker()),
        DoneColumn::Done if is_no() || marker() => DoneMark::NotDone,
        // "Ja", "Genomförd 12/3", or the day it was done.
        DoneColumn::Done
            if is_yes()
                || has_word(&value, DONE_WORDS)
                || !matches!(parse_date_text(&value, None), Err(DateError::Unreadable)) =>
        {
            DoneMark::Done
        }
        DoneColumn::Cancelled if is_yes() || marker() => DoneMark::NotDone,
        // "-" in a column of cancellations: nothing was.
        DoneColumn::Cancelled if is_no() || matches!(value.as_str(), "-" | "–") => DoneMark::Done,
        DoneColumn::Done | DoneColumn::Cancelled => DoneMark::Unclear,
        DoneColumn::Remark => not_done(says_remark_not_done(text)),
        DoneColumn::Named => not_done(names_not_done(text)),
    }
}

/// Whether an Aktivitet names its activity as not done: a marker a remark
/// may be, alone or with its reason, or before the activity's name
/// ("Inställd trafikkontroll"), or after it in parentheses or after a
/// dash ("Trygghetsvandring (inställd)", "Skolbesök – avbokat").
fn names_not_done(text: &str) -> bool {
    // A marker first, whatever follows ("Inställd trafikkontroll").
    if remark_markers(text).next().is_some() {
        return true;
    }
    let text = text.trim_end();
    let last = match text.strip_suffix(')') {
        Some(open) => open.rfind('(').map(|k| &open[k + 1..]),
        None => [" - ", " – ", " — "]
            .iter()
            .find_map(|dash| text.rfind(dash).map(|k| &text[k + dash.len()..])),
    };
    last.is_some_and(|t| says_remark_not_done(t.trim()))
}

/// Whether a Kommentar or Aktivitet says its row was not done: a marker
/// alone or with its reason ("Inställd pga sjukdom").
fn says_remark_not_done(text: &str) -> bool {
    remark_markers(text).any(|(w, rest)| {
        let rest = rest.trim_start();
        // A duplicate's reason is the row it repeats ("Dubblett av rad
        // 5"), not any "av" ("Dubblett av fjolårets problem").
        let reasons: &[&str] = if w == "dubblett" {
            &["av rad", "av raden"]
        } else {
            REASONS
        };
        rest.is_empty()
            || rest.starts_with(|c: char| !c.is_alphanumeric())
            || reasons.iter().any(|r| after_words(rest, r).is_some())
    })
}

/// The markers a remark may be that begin `text` as whole words, each
/// with what follows it.
fn remark_markers(text: &str) -> impl Iterator<Item = (&'static str, &str)> {
    // Every phrase begins with one of these letters: most cells are
    // ruled out by their first.
    let first = text
        .chars()
        .next()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| {
            matches!(
                c,
                'i' | 's' | 'a' | 'm' | 'd' | 'e' | 'b' | 'c' | 'g' | 'u' | 'h'
            )
        });
    NOT_DONE
        .iter()
        .filter(move |(w, remark)| *remark && first.is_some_and(|f| w.starts_with(f)))
        .filter_map(move |(w, _)| Some((*w, after_words(text, w)?)))
}

/// Whether any word of the text is a summary word.
fn has_summary_word(text: &str) -> bool {
    // Dates and ids hold no s or t: ruled out without splitting.
    if !text
        .bytes()
        .any(|b| matches!(b, b's' | b'S' | b't' | b'T' | b'a' | b'A' | 0xC3))
    {
        return false;
    }
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        SUMMARY_WORDS.iter().any(|s| w.eq_ignore_ascii_case(s))
    })
}

/// Where the header is and what each column means.
#[derive(Clone)]
struct Header {
    row: usize,
    columns: Vec<(usize, HeaderMatch, String)>,
    /// How many cells the header row has, empty ones at its end too (a
    /// csv header "Datum;Löfte;Antal;" has four).
    fields: usize,
}

impl Header {
    /// The header's texts as a diagnostic's `found`: "Datum, Plats, Antal".
    fn texts(&self) -> String {
        self.columns
            .iter()
            .map(|(_, _, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether a cell holds a value rather than a header's name: a number, a
/// date, or text that reads as a date. A row holding one is not a header
/// ("Datum | 2024-01-10 | Plats | Kalix" is metadata above it).
fn is_value(cell: &Cell) -> bool {
    match cell {
        Cell::Number(_) | Cell::Date(_) | Cell::Bool(_) => true,
        Cell::Text(t) => parse_date_text(t, None).is_ok() || parse_number_text(t).is_some(),
        _ => false,
    }
}

/// How many known columns a row names, and whether Datum is one.
fn header_score(row: &[Cell], map: &ColumnMap) -> (usize, bool) {
    if row.iter().any(is_value) {
        return (0, false);
    }
    let mut known = 0;
    let mut date = false;
    for c in row {
        if let Cell::Text(t) = c {
            match classify(t, map) {
                HeaderMatch::Known(f, _) | HeaderMatch::Near(f) => {
                    known += 1;
                    date |= f == Column::Date;
                }
                HeaderMatch::Unclear(_) => known += 1,
                HeaderMatch::People | HeaderMatch::Other => {}
            }
        }
    }
    (known, date)
}

/// How many columns a row names clearly (aliases and near names only).
fn clear_score(row: &[Cell], map: &ColumnMap) -> usize {
    if row.iter().any(is_value) {
        return 0;
    }
    row.iter()
        .filter(|c| {
            matches!(c, Cell::Text(t) if matches!(classify(t, map), HeaderMatch::Known(..) | HeaderMatch::Near(_)))
        })
        .count()
}

/// Whether the row under a header is a second header row: it names at
/// least one column clearly, and every other cell in it is a name or a
/// note in brackets ("(st)"). A row holding anything else — "K1" beside an
/// activity called "Insats" — is data, whose errors must not be lost.
fn second_header_row(row: &[Cell], map: &ColumnMap) -> bool {
    if clear_score(row, map) == 0 {
        return false;
    }
    row.iter().all(|c| match c {
        Cell::Empty => true,
        Cell::Text(t) => {
            let t = t.trim();
            t.is_empty()
                || (t.starts_with(['(', '[']) && t.ends_with([')', ']']))
                || !matches!(classify(t, map), HeaderMatch::Other)
        }
        _ => false,
    })
}

fn header_at(cells: &[Cell], row: usize, map: &ColumnMap) -> Header {
    let columns = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_blank())
        .map(|(j, c)| {
            let text = c.text();
            (j, classify(&text, map), text)
        })
        .collect();
    Header {
        row,
        columns,
        fields: cells.len(),
    }
}

/// What reading one grid produced.
#[derive(Default)]
pub struct GridOutcome {
    /// The activities.
    pub activities: Vec<Activity>,
    /// Rows left out on purpose.
    pub excluded: Vec<Excluded>,
    /// Problems.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a header was found (else the sheet is skipped).
    pub has_header: bool,
    /// Set when the best header row has no Datum column: an error for a
    /// csv, a skipped sheet in a workbook where another sheet holds a log.
    pub no_date_column: Option<Diagnostic>,
    /// Rows not read for where they stand: above the header, or on a
    /// sheet without one (a month's rows pasted without the header).
    pub unheaded: Vec<super::Unheaded>,
    /// With a selection column: whose each activity is (its cell, trimmed),
    /// one per activity.
    /// `None` for rows read without knowing it (the header lacks the
    /// column: an error).
    pub activity_keys: Vec<Option<Text>>,
    /// With a selection column: the diagnostics and exclusions that belong
    /// to one row, by index, with that row's value. Those not listed
    /// concern the table as a whole.
    pub diagnostic_keys: Vec<(usize, Text)>,
    /// As `diagnostic_keys`, for `excluded`.
    pub excluded_keys: Vec<(usize, Text)>,
    /// The day the workbook was last saved, as its properties say.
    pub saved_on: Option<chrono::NaiveDate>,
}

/// How tables are read: from the promise file and the flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSettings {
    /// Order for ambiguous numeric dates.
    pub order: Option<DateOrder>,
    /// Headers named in the promise file.
    pub columns: ColumnMap,
    /// Largest Antal one row may hold.
    pub max_count: u64,
    /// The column whose value says whose a row is (`urval`'s `kolumn`):
    /// each row is tagged with it, so one reading of a shared log serves
    /// every agreement that selects from it.
    pub selection_column: Option<String>,
    /// The workbook counts its days from 1904 (`date1904`: saved by old
    /// Excel for Mac): a date written as a plain number is four years and
    /// a day later than the same number in the 1900 system.
    pub date_1904: bool,
    /// Never parse a sheet in two halves at once
    /// ([`IngestOptions::whole_sheets`](super::IngestOptions::whole_sheets)).
    pub whole_sheets: bool,
}

impl Default for ReadSettings {
    fn default() -> Self {
        ReadSettings {
            order: None,
            columns: ColumnMap::default(),
            max_count: DEFAULT_MAX_COUNT,
            selection_column: None,
            date_1904: false,
            whole_sheets: false,
        }
    }
}

/// Largest Antal in one row unless the promise file says otherwise: a row
/// is one activity or one batch of them, and a thousand is already a lot.
pub const DEFAULT_MAX_COUNT: u64 = 1000;

/// Reads a grid into activities. `file` names the file in messages.
pub fn read_grid(
    grid: &Grid,
    file: &Arc<str>,
    settings: &ReadSettings,
    merged: Vec<Merged>,
) -> GridOutcome {
    let mut reader = TableReader::new(file, grid.sheet.as_deref(), grid.origin, settings);
    reader.set_merged(merged);
    // The marks by row, taken row by row: a column of formulas filled
    // down marks every row, and a search of all marks for each row would
    // be rows × marks.
    let mut by_row: Vec<&(usize, usize, Mark)> = grid.marks.iter().collect();
    by_row.sort_by_key(|(r, _, _)| *r);
    let mut by_row = by_row.into_iter().peekable();
    let mut marks: Vec<(usize, Mark)> = Vec::new();
    for (i, row) in grid.rows.iter().enumerate() {
        marks.clear();
        while let Some((_, c, m)) = by_row.next_if(|(r, _, _)| *r <= i) {
            marks.push((*c, *m));
        }
        reader.push_with_marks(row, &marks);
    }
    reader.finish()
}

/// The set of shared texts. Hashed with FxHash: it is looked up for every
/// text cell, and SipHash's protection against chosen keys buys nothing
/// against a bounded set of a log's own texts.
type Interned = std::collections::HashSet<Text, rustc_hash::FxBuildHasher>;

/// Most distinct texts shared per table; past it (a column of unique
/// texts) new texts are simply allocated.
const MAX_INTERNED: usize = 4096;

/// The shared copy of `text`.
fn intern(set: &mut Interned, text: &str) -> Text {
    if let Some(t) = set.get(text) {
        return t.clone();
    }
    let t = Text::from(text);
    if set.len() < MAX_INTERNED {
        set.insert(t.clone());
    }
    t
}

/// The texts of a table's rows as they are read: each text the rows
/// repeat once (up to [`MAX_INTERNED`] of them), the rest as they come.
/// The sheet gets them when the reading ends ([`LogSheet::seal`]).
#[derive(Default)]
struct RowTexts {
    texts: Texts,
    known: std::collections::HashMap<Box<str>, TextId, rustc_hash::FxBuildHasher>,
    /// Set when a text found no room: past four billion texts in one
    /// sheet (more cells than `--max-cells` allows). The sheet is then an
    /// error, never a row without its text.
    full: bool,
}

impl RowTexts {
    /// The id of `text` in the table; `None` past four billion texts.
    fn id(&mut self, text: &str) -> Option<TextId> {
        if let Some(id) = self.known.get(text) {
            return Some(*id);
        }
        let Some(id) = self.texts.push(text) else {
            self.full = true;
            return None;
        };
        if self.known.len() < MAX_INTERNED {
            self.known.insert(text.into(), id);
        }
        Some(id)
    }

    /// Notes that the Löfte cell of `row` held a number.
    fn note_numbered(&mut self, row: u32) {
        self.texts.note_numbered(row);
    }

    /// The texts, for the sheet; the table is empty after.
    fn take(&mut self) -> Texts {
        self.known = Default::default();
        let mut texts = std::mem::take(&mut self.texts);
        texts.shrink_to_fit();
        texts
    }
}

/// What the header row says about the columns, once it is found.
#[derive(Clone)]
struct Columns {
    header: Header,
    fields: Vec<(Column, usize)>,
    /// Each known column's position, by [`Column`] (looked up several
    /// times for every row).
    by_column: [Option<usize>; Column::ALL.len()],
    extras: Vec<(usize, Text)>,
    /// A column of times of day beside Datum ("Tid", "Klockslag"): a row's
    /// time when its Datum holds none.
    time_col: Option<usize>,
    /// The sheet with its known columns, shared by every row of the
    /// table.
    sheet: Arc<LogSheet>,
    date_col: usize,
    /// The selection column, when one is asked for and the header has it.
    selection: Option<usize>,
    /// Columns that may say a row was not done ([`done_column`]), with
    /// their headers.
    done: Vec<(usize, DoneColumn, Text)>,
    /// Which of `done` is tallied ([`Columns::tallied`]): found once, not
    /// on every row.
    tallied: Option<usize>,
    /// How many fields the header has: one past its last named column,
    /// or its last field.
    width: usize,
    /// One past the header's last named column: a csv header ending in
    /// the delimiter ("Datum;Löfte;Antal;") has an empty field after it.
    named_width: usize,
}

// `Columns::by_column` is indexed by a column's discriminant: `ALL` lists
// them in that order.
const _: () = {
    let mut k = 0;
    while k < Column::ALL.len() {
        assert!(Column::ALL[k] as usize == k);
        k += 1;
    }
};

impl Columns {
    fn col(&self, f: Column) -> Option<usize> {
        self.by_column[f as usize]
    }

    /// The column whose empty cells are a doubt where others say done
    /// ([`DoneTally`]): the first Genomförd (or Utförd), else the first
    /// Status.
    fn tallied(&self) -> Option<&(usize, DoneColumn, Text)> {
        self.tallied.and_then(|k| self.done.get(k))
    }
}

/// Where a table's rows and columns sit in its file, to name cells.
struct Origin {
    file: Text,
    sheet: Option<Text>,
    /// Absolute (row, column) of the table's first cell, 0-based.
    origin: (u32, u32),
}

impl Origin {
    /// The absolute (row, column) of the table's row `r`, column `c`.
    fn abs(&self, r: usize, c: usize) -> (u32, u32) {
        (
            self.origin
                .0
                .saturating_add(u32::try_from(r).unwrap_or(u32::MAX)),
            self.origin
                .1
                .saturating_add(u32::try_from(c).unwrap_or(u32::MAX)),
        )
    }

    fn cell_at(&self, r: usize, c: usize) -> Location {
        let (row, column) = self.abs(r, c);
        Location::shared(
            &self.file,
            self.sheet.as_ref(),
            crate::diag::Place::Cell { row, column },
        )
    }
}

/// A merged block of cells, absolute and 0-based, inclusive; its value is
/// in its top-left cell only.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// First and last row.
    pub rows: (u32, u32),
    /// First and last column.
    pub columns: (u32, u32),
    /// The top-left cell's value, once its row is read.
    value: Option<Cell>,
}

impl Merged {
    /// A merged block from its corners.
    pub fn new(rows: (u32, u32), columns: (u32, u32)) -> Self {
        Merged {
            rows,
            columns,
            value: None,
        }
    }
}

/// Reads a table row by row, holding only the rows above the header: a
/// log is never held whole. Rows are given in sheet order from `origin`.
pub struct TableReader {
    at: Origin,
    settings: ReadSettings,
    /// Rows seen while the header is still sought (at most
    /// [`HEADER_SEARCH_ROWS`]), with their indices.
    pending: Vec<(usize, Vec<Cell>)>,
    /// The best header candidate without a Datum so far: (row, known).
    best: Option<(usize, usize)>,
    /// A header found, waiting for the next row: a second header row below
    /// it (a two-row header) is read together with it.
    tentative: Option<(usize, Vec<Cell>)>,
    /// Set once the header is found; `Err(())` once the table is given up.
    columns: Option<Result<Columns, ()>>,
    next_row: usize,
    out: GridOutcome,
    /// Selection values seen so far, each held once (see [`Text`]).
    interned: Interned,
    /// The texts of the rows read so far.
    texts: RowTexts,
    /// Merged blocks of the sheet that span rows.
    merged: Vec<Merged>,
    /// Blocks of one row merged over columns: their row, first and last
    /// column (an Antal header over two columns of counts).
    wide: Vec<(u32, (u32, u32))>,
    /// Columns of the current row whose formula is marked.
    marks: Vec<(usize, Mark)>,
    /// The selection value of the row being read, once it is known.
    row_key: Option<Text>,
    /// In a log without Antal, columns without a header whose cells hold
    /// numbers: each with the rows that do and the first such cell.
    unnamed_numbers: Vec<(usize, u32, Location)>,
    /// In a csv file, the lines with a field past the header's last one
    /// (a stray delimiter shifts the fields after it): how many, and the
    /// first such field.
    beyond_header: Option<(u32, Location)>,
    /// With no header found: rows that look like activities (how many,
    /// the first) and a header row below the rows searched.
    headerless: (u32, Option<usize>, Option<usize>),
    /// The texts of those rows (the first few hundred cells).
    headerless_texts: Vec<String>,
    /// Datum cells holding a plain number whose digits also read as a date
    /// ("050323" typed, kept as 50323): the day number, the dates the
    /// digits read as, and the cell.
    typed_digits: Vec<(chrono::NaiveDate, Vec<chrono::NaiveDate>, Location)>,
    /// What the sheet's Genomförd column says: whether an empty cell means
    /// done is known only once the whole column is read.
    done_tally: DoneTally,
    /// What the sheet's Datum cells say of the order they were typed in.
    swapped: SwapTally,
}

/// The Datum cells of a sheet read so far, as far as they tell a log typed
/// day first in a spreadsheet reading dates month first: "03/02/2023"
/// became the date 2 March, "17/02/2023" stayed text (no month 17). Such
/// date cells all have a day of 12 or less, beside text only day first.
#[derive(Debug, Default)]
struct SwapTally {
    /// Text dates with slashes that read only day first, and the first.
    day_first_text: u32,
    first_text: Option<(Location, String)>,
    /// Date cells (date-formatted or plain numbers), those with a day over
    /// 12, and the first.
    dates: u32,
    late_days: u32,
    first_date: Option<(Location, chrono::NaiveDate)>,
}

impl SwapTally {
    /// Text dates only day first, and date cells, that make a sheet's
    /// dates swapped: fewer is chance (a day of 12 or less is two in five).
    const TEXTS: u32 = 2;
    const DATES: u32 = 3;

    fn date(&mut self, d: chrono::NaiveDate, at: impl FnOnce() -> Location) {
        use chrono::Datelike;
        self.dates += 1;
        if d.day() > 12 {
            self.late_days += 1;
        } else if self.first_date.is_none() {
            self.first_date = Some((at(), d));
        }
    }

    /// A text date of a workbook's Datum: an ods date cell comes as its
    /// ISO text ("2023-03-02", "2023-03-02T18:30:00"), and counts as a
    /// date cell.
    fn text(&mut self, t: &str, d: chrono::NaiveDate, at: impl FnOnce() -> Location) {
        let t = t.trim();
        if t.len() >= 10
            && (t.len() == 10 || t.as_bytes()[10] == b'T')
            && t.get(..10).and_then(iso_date).is_some()
        {
            self.date(d, at);
        } else if only_day_first(t) {
            self.day_first_text += 1;
            if self.first_text.is_none() {
                self.first_text = Some((at(), t.to_owned()));
            }
        }
    }

    /// Adds the tally of the rows below.
    fn absorb(&mut self, other: SwapTally) {
        self.day_first_text += other.day_first_text;
        self.dates += other.dates;
        self.late_days += other.late_days;
        self.first_text = self.first_text.take().or(other.first_text);
        self.first_date = self.first_date.take().or(other.first_date);
    }

    /// The error of a sheet whose date cells were read month first.
    fn error(self) -> Option<Diagnostic> {
        use chrono::Datelike;
        if self.day_first_text < Self::TEXTS || self.dates < Self::DATES || self.late_days > 0 {
            return None;
        }
        let ((at, date), (text_at, text)) = (self.first_date?, self.first_text?);
        let typed = chrono::NaiveDate::from_ymd_opt(date.year(), date.day(), date.month())?;
        Some(
            Diagnostic::error(
                Code::SwappedDates,
                format!(
                    "the Datum cells seem typed day first and read month first by the spreadsheet: {} cells such as \"{text}\" stayed text (there is no month {}), and every one of the {} date cells has a day of 12 or less; this one reads {date}, most likely typed as {typed}",
                    self.day_first_text,
                    text.split('/').next().unwrap_or("").trim(),
                    self.dates,
                ),
            )
            .at(at)
            .related("text typed the same way", text_at)
            .hint(format!("the spreadsheet's language reads dates month first (English, United States): type each date year first ({typed}), or set the language to Swedish (Excel: File › Options › Language; LibreOffice: Tools › Options › Language Settings › Languages) and type them again")),
        )
    }
}

/// The cells of a Genomförd (or Utförd) column read so far, or of a
/// Status where the log has none ([`Columns::tallied`]).
#[derive(Debug, Default)]
struct DoneTally {
    /// Cells that say done ("Ja", "X", a date; a Status "Genomförd").
    yes: u32,
    /// Of those, the cells giving the day it was done.
    days: u32,
    /// Status cells that say neither ("Ej anmärkning"): a Status of
    /// results more than of done is no checklist.
    other: u32,
    /// The rows read as activities whose cell is empty, in order.
    blank: Vec<u32>,
}

impl DoneTally {
    /// Adds the counts of `other`, the tally of the rows below, and gives
    /// it the sums: each part's empty cells are then judged by the whole
    /// column.
    fn join(&mut self, other: &mut DoneTally) {
        self.yes += other.yes;
        self.days += other.days;
        self.other += other.other;
        (other.yes, other.days, other.other) = (self.yes, self.days, self.other);
    }
}

/// The texts of a row's cells, into `out` (a few hundred at most).
fn texts_into(row: &[Cell], out: &mut Vec<String>) {
    for c in row.iter().filter(|c| !c.is_blank()) {
        if out.len() < 500 {
            out.push(c.text());
        }
    }
}

/// Whether a row looks like an activity: a date (a date cell, or text
/// beginning year-month-day) beside something else.
fn looks_dated(row: &[Cell]) -> bool {
    row.iter().any(is_dated) && row.iter().filter(|c| !c.is_blank()).count() >= 2
}

/// Whether a cell holds a date: a date cell, or text beginning
/// year-month-day.
fn is_dated(cell: &Cell) -> bool {
    match cell {
        Cell::Date(_) => true,
        Cell::Text(t) => t.trim().get(..10).is_some_and(|d| iso_date(d).is_some()),
        _ => false,
    }
}

impl TableReader {
    /// A reader for one sheet (or csv file) of `file`.
    pub fn new(
        file: &Arc<str>,
        sheet: Option<&str>,
        origin: (u32, u32),
        settings: &ReadSettings,
    ) -> Self {
        TableReader {
            at: Origin {
                file: Text::from(&**file),
                sheet: sheet.map(Text::from),
                origin,
            },
            settings: settings.clone(),
            pending: Vec::new(),
            best: None,
            tentative: None,
            columns: None,
            next_row: 0,
            out: GridOutcome::default(),
            interned: Interned::default(),
            texts: RowTexts::default(),
            merged: Vec::new(),
            wide: Vec::new(),
            marks: Vec::new(),
            row_key: None,
            unnamed_numbers: Vec::new(),
            beyond_header: None,
            headerless: (0, None, None),
            headerless_texts: Vec::new(),
            typed_digits: Vec::new(),
            done_tally: DoneTally::default(),
            swapped: SwapTally::default(),
        }
    }

    /// Room for `rows` activities, when the table's size is known: the
    /// list of a large log is then allocated once, not grown by copying.
    pub fn reserve(&mut self, rows: usize) {
        self.out.activities.reserve(rows);
    }

    /// The sheet's merged blocks; only those spanning rows matter.
    pub fn set_merged(&mut self, merged: Vec<Merged>) {
        let (rows, wide): (Vec<Merged>, Vec<Merged>) =
            merged.into_iter().partition(|m| m.rows.1 > m.rows.0);
        self.merged = rows;
        // A header cell merged over columns, kept until the header is
        // found.
        self.wide = wide
            .into_iter()
            .filter(|m| m.columns.1 > m.columns.0)
            .map(|m| (m.rows.0, m.columns))
            .collect();
    }

    /// The errors of header columns meaning the same as one before them.
    /// A second Datum beside other known columns again, every one right of
    /// the columns it repeats, is a second table beside the first (the
    /// police's log in A–E, the municipality's in H–L): one error says
    /// so, and how to part them. Renaming one "Datum", as each column's
    /// own error said, would have left the second table's rows unread.
    fn two_tables_or_twice(
        &mut self,
        header: &Header,
        twice: Vec<(Column, usize, usize, Diagnostic)>,
    ) {
        let beside = twice.len() >= 2 && twice.iter().any(|(f, ..)| *f == Column::Date) && {
            let second = twice.iter().map(|t| t.1).min().unwrap_or(0);
            twice.iter().all(|(_, _, first, _)| *first < second)
        };
        if !beside {
            self.out.diagnostics.extend(twice.into_iter().map(|t| t.3));
            return;
        }
        let letters = |j: usize| crate::diag::column_letters(self.at.abs(header.row, j).1);
        let second = twice.iter().map(|t| t.1).min().unwrap_or(0);
        let first = twice.iter().map(|t| t.2).min().unwrap_or(0);
        let last = header.columns.iter().map(|c| c.0).max().unwrap_or(second);
        let names: Vec<&str> = header
            .columns
            .iter()
            .filter(|(j, _, _)| twice.iter().any(|t| t.1 == *j))
            .map(|(_, _, text)| text.as_str())
            .collect();
        self.out.diagnostics.push(
            Diagnostic::error(
                Code::DuplicateColumn,
                format!(
                    "the sheet holds two tables side by side: the header again from column {} ({}), and lofte reads one table a sheet",
                    letters(second),
                    names.join(", ")
                ),
            )
            .at(self.at.cell_at(header.row, second))
            .related("the first table's header", self.at.cell_at(header.row, first))
            .hint(format!(
                "move columns {}–{} to a sheet of their own (cut them and paste at A1 of a new sheet), or paste their rows under the first table's; each sheet with a header is read as a log",
                letters(second),
                letters(last)
            )),
        );
    }

    /// The next row, with the columns whose formula is marked ([`Mark`]).
    pub fn push_with_marks(&mut self, row: &[Cell], marks: &[(usize, Mark)]) {
        self.marks.clear();
        self.marks.extend_from_slice(marks);
        self.push_at(self.next_row, row);
        self.marks.clear();
    }

    /// Row `i` of the table (counted from `origin`); rows skipped since
    /// the last are blank. A csv passes its physical line here.
    pub fn push_at(&mut self, i: usize, row: &[Cell]) {
        // Texts decomposed (saved on a Mac) are read composed, as the
        // promise file's names are: one copy of the rare row that has one.
        let decomposed =
            |c: &Cell| matches!(c, Cell::Text(t) if matches!(composed(t), Cow::Owned(_)));
        if row.iter().any(decomposed) {
            let row: Vec<Cell> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => Cell::Text(composed(t).into_owned()),
                    c => c.clone(),
                })
                .collect();
            return self.push_composed(i, &row);
        }
        self.push_composed(i, row);
    }

    /// [`Self::push_at`] of a row whose texts are composed.
    fn push_composed(&mut self, i: usize, row: &[Cell]) {
        let i = i.max(self.next_row);
        self.next_row = i + 1;
        if !self.merged.is_empty() {
            let (abs, _) = self.at.abs(i, 0);
            for m in &mut self.merged {
                if m.rows.0 == abs {
                    let j = m.columns.0.saturating_sub(self.at.origin.1) as usize;
                    m.value = row.get(j).cloned();
                }
            }
        }
        match &self.columns {
            Some(Ok(_)) => self.read_row(i, row),
            Some(Err(())) => {
                // Given up: a header further down, or rows of activities,
                // are said, not skipped in silence.
                let (dated, first, late) = &mut self.headerless;
                if late.is_none() && {
                    let (known, has_date) = header_score(row, &self.settings.columns);
                    has_date && known >= 2
                } {
                    *late = Some(i);
                } else if looks_dated(row) {
                    *dated += 1;
                    first.get_or_insert(i);
                    texts_into(row, &mut self.headerless_texts);
                }
            }
            None => {
                if let Some((t, upper)) = self.tentative.take() {
                    if row.iter().all(Cell::is_blank) {
                        self.tentative = Some((t, upper));
                        return;
                    }
                    if second_header_row(row, &self.settings.columns) {
                        // A second header row: its names win, the upper
                        // row's fill the gaps (a merged "Datum" above).
                        let width = upper.len().max(row.len());
                        let names = |c: &Cell| {
                            matches!(c, Cell::Text(t) if matches!(
                                classify(t, &self.settings.columns),
                                HeaderMatch::Known(..) | HeaderMatch::Near(_)
                            ))
                        };
                        let combined: Vec<Cell> = (0..width)
                            .map(|j| match (row.get(j), upper.get(j)) {
                                (Some(c), Some(u)) if !c.is_blank() && !u.is_blank() => {
                                    // Both rows name this column: the one
                                    // that names a known column wins ("Datum"
                                    // over "(åååå-mm-dd)" below it).
                                    if names(c) || !names(u) {
                                        c.clone()
                                    } else {
                                        u.clone()
                                    }
                                }
                                (Some(c), _) if !c.is_blank() => c.clone(),
                                (_, Some(u)) => u.clone(),
                                _ => Cell::Empty,
                            })
                            .collect();
                        let header = header_at(&combined, i, &self.settings.columns);
                        self.rows_above(&header);
                        self.pending.clear();
                        self.use_header(header, true);
                        return;
                    }
                    let header = header_at(&upper, t, &self.settings.columns);
                    self.rows_above(&header);
                    self.pending.clear();
                    self.use_header(header, true);
                    self.read_row(i, row);
                    return;
                }
                let (known, has_date) = header_score(row, &self.settings.columns);
                if has_date && known >= 2 {
                    self.tentative = Some((i, row.to_vec()));
                } else {
                    if known >= 2 && self.best.is_none_or(|(_, k)| known > k) {
                        self.best = Some((i, known));
                    }
                    self.pending.push((i, row.to_vec()));
                    if self.pending.len() >= HEADER_SEARCH_ROWS {
                        self.settle();
                    }
                }
            }
        }
    }

    /// No header with a Datum among the top rows: the best other
    /// candidate is reported, or the table is skipped.
    fn settle(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        match self.best {
            Some((row, _)) => {
                let cells = pending
                    .iter()
                    .find(|(k, _)| *k == row)
                    .map_or(&[][..], |(_, c)| c.as_slice());
                let header = header_at(cells, row, &self.settings.columns);
                self.use_header(header, false);
            }
            None => {
                for (k, row) in &pending {
                    if looks_dated(row) {
                        self.headerless.0 += 1;
                        self.headerless.1.get_or_insert(*k);
                        texts_into(row, &mut self.headerless_texts);
                    }
                }
                self.columns = Some(Err(()));
            }
        }
    }

    /// A second reader for the rows further down the same table, once
    /// the header is settled (and no merged block spans rows): every row
    /// is then read on its own, so the two readers may read their parts at
    /// the same time. `None` while the header is still sought. The second
    /// reader's first row is `first_row`; its outcome goes back with
    /// [`TableReader::absorb`].
    pub fn fork(&self, first_row: usize) -> Option<TableReader> {
        let Some(Ok(columns)) = &self.columns else {
            return None;
        };
        if self.tentative.is_some() || !self.pending.is_empty() || !self.merged.is_empty() {
            return None;
        }
        // A sheet of its own for the second reader's rows, which hold
        // their texts in its own table; the same names, so the rows of
        // both are of one sheet.
        let mut columns = columns.clone();
        columns.sheet = Arc::new(columns.sheet.like());
        Some(TableReader {
            at: Origin {
                // A copy of the names, not a share: two threads counting
                // references to one name would contend for it on every row.
                file: Text::from(self.at.file.as_str()),
                sheet: self.at.sheet.as_deref().map(Text::from),
                origin: self.at.origin,
            },
            settings: self.settings.clone(),
            pending: Vec::new(),
            best: self.best,
            tentative: None,
            columns: Some(Ok(columns)),
            next_row: first_row.max(self.next_row),
            out: GridOutcome {
                has_header: self.out.has_header,
                ..GridOutcome::default()
            },
            interned: Interned::default(),
            texts: RowTexts::default(),
            merged: Vec::new(),
            wide: Vec::new(),
            marks: Vec::new(),
            row_key: None,
            unnamed_numbers: Vec::new(),
            beyond_header: None,
            headerless: (0, None, None),
            headerless_texts: Vec::new(),
            typed_digits: Vec::new(),
            done_tally: DoneTally::default(),
            swapped: SwapTally::default(),
        })
    }

    /// How many activities this reader holds.
    pub fn activities_read(&self) -> usize {
        self.out.activities.len()
    }

    /// The activities read so far, handed over (a reader made by
    /// [`TableReader::fork`] hands them over in pieces, so they are not
    /// all held twice while they are appended).
    pub fn take_activities(&mut self) -> Vec<Activity> {
        std::mem::take(&mut self.out.activities)
    }

    /// Appends activities a reader made by [`TableReader::fork`] handed
    /// over, once this reader's own are all read.
    pub fn append_activities(&mut self, rows: Vec<Activity>) {
        self.out.activities.extend(rows);
    }

    /// Appends what a reader made by [`TableReader::fork`] read and did
    /// not hand over ([`TableReader::append_activities`]): its rows come
    /// after those it handed over.
    pub fn absorb(&mut self, mut other: TableReader) {
        // The rows above come first: their first cell is the one named.
        for (j, n, first) in std::mem::take(&mut other.unnamed_numbers) {
            match self.unnamed_numbers.iter_mut().find(|(k, _, _)| *k == j) {
                Some((_, m, _)) => *m += n,
                None => self.unnamed_numbers.push((j, n, first)),
            }
        }
        if let Some((n, first)) = other.beyond_header.take() {
            match &mut self.beyond_header {
                Some((m, _)) => *m += n,
                None => self.beyond_header = Some((n, first)),
            }
        }
        // Whether an empty Genomförd cell is a doubt depends on the whole
        // column: both parts are sealed knowing every yes of it.
        self.done_tally.join(&mut other.done_tally);
        self.swapped.absorb(std::mem::take(&mut other.swapped));
        other.seal();
        let other = other.out;
        let out = &mut self.out;
        let (d0, e0) = (out.diagnostics.len(), out.excluded.len());
        out.activities.extend(other.activities);
        out.excluded.extend(other.excluded);
        out.diagnostics.extend(other.diagnostics);
        out.activity_keys.extend(other.activity_keys);
        out.diagnostic_keys
            .extend(other.diagnostic_keys.into_iter().map(|(k, v)| (k + d0, v)));
        out.excluded_keys
            .extend(other.excluded_keys.into_iter().map(|(k, v)| (k + e0, v)));
    }

    /// Everything read. Call once, after the last row.
    pub fn finish(mut self) -> GridOutcome {
        if let Some((t, upper)) = self.tentative.take() {
            let header = header_at(&upper, t, &self.settings.columns);
            self.use_header(header, true);
        }
        if self.columns.is_none() {
            self.settle();
        }
        // Sheets only: a csv without a header is refused as a whole.
        if let (dated, first, late) = self.headerless
            && (late.is_some() || dated > 0)
            && self.at.sheet.is_some()
        {
            let (message, hint, row) = match (late, first) {
                (Some(row), _) => (
                    format!(
                        "the header row is further down than the first {HEADER_SEARCH_ROWS} rows searched, so the sheet is not read"
                    ),
                    "move the rows above the header to another sheet, or delete them, so the header is near the top",
                    row,
                ),
                (None, Some(row)) => (
                    format!(
                        "the sheet has no header row, and {} look like activities: they are not read",
                        if dated == 1 {
                            "1 row with a date does".to_owned()
                        } else {
                            format!("{dated} rows with dates")
                        }
                    ),
                    "copy the header row of the other sheets (Datum, Löfte, Antal, …) above the rows; if the rows are no log, move them to a sheet of their own or hide the sheet",
                    row,
                ),
                (None, None) => unreachable!("checked above"),
            };
            let (abs, _) = self.at.abs(row, 0);
            // A header further down is said whatever the rows hold; rows
            // without one only when they name a promise (a list of
            // holidays or meetings beside the log is no log).
            let texts = if late.is_some() {
                Vec::new()
            } else {
                std::mem::take(&mut self.headerless_texts)
            };
            self.out.unheaded.push(super::Unheaded {
                diagnostic: Diagnostic::error(Code::NoHeader, message)
                    .at(Location::row(
                        self.at.file.as_str(),
                        self.at.sheet.as_deref(),
                        abs,
                    ))
                    .hint(hint),
                texts,
            });
        }
        for (j, n, first) in std::mem::take(&mut self.unnamed_numbers) {
            let header = self
                .columns
                .as_ref()
                .and_then(|c| c.as_ref().ok())
                .map(|c| c.header.row);
            let mut d = Diagnostic::error(
                Code::UnnamedNumbers,
                format!(
                    "the column {} has no header, and {n} of its cells hold numbers; the log has no Antal column, so each row would count 1",
                    crate::diag::column_letters(self.at.abs(0, j).1)
                ),
            )
            .at(first)
            .hint("if the numbers say how many, write Antal at the top of the column; if not, give the column a header of its own");
            if let Some(row) = header {
                d = d.related("the header", self.at.cell_at(row, j));
            }
            self.out.diagnostics.push(d);
        }
        if let Some((n, first)) = self.beyond_header.take() {
            let lines = if n == 1 {
                "a line has".to_owned()
            } else {
                format!("{n} lines have")
            };
            self.out.diagnostics.push(
                Diagnostic::error(
                    Code::FieldsBeyondHeader,
                    format!("{lines} more fields than the header; the fields after a stray delimiter are read in the wrong columns"),
                )
                .at(first)
                .hint("put quotes around a cell holding the delimiter (\"Kalix; centrum\") or remove the extra delimiter; if the fields are a column of their own, give it a header"),
            );
        }
        self.typed_digits();
        if let Some(d) = std::mem::take(&mut self.swapped).error() {
            self.out.diagnostics.push(d);
        }
        self.seal();
        self.out
    }

    /// A date typed without separators in a cell of numbers ("050323" for
    /// 5 March 2023, kept as 50323) is read as a day number (2037-10-10),
    /// a valid date far from the sheet's other rows: the row dropped out of
    /// every window with a warning. An error where the day number lies
    /// more than a year from the other rows' dates and the digits read as
    /// a date among them.
    fn typed_digits(&mut self) {
        let typed = std::mem::take(&mut self.typed_digits);
        if typed.is_empty() {
            return;
        }
        let candidates: std::collections::HashSet<chrono::NaiveDate> =
            typed.iter().map(|(d, _, _)| *d).collect();
        let others = self
            .out
            .activities
            .iter()
            .map(|a| a.date)
            .filter(|d| !candidates.contains(d));
        let Some((first, last)) = others.fold(None, |range, d| match range {
            None => Some((d, d)),
            Some((a, b)) => Some((d.min(a), d.max(b))),
        }) else {
            return;
        };
        let year = chrono::Days::new(366);
        let month = chrono::Days::new(31);
        let (far_before, far_after) = (first - year, last + year);
        let (near_from, near_to) = (first - month, last + month);
        for (day, readings, at) in typed {
            if (far_before..=far_after).contains(&day) {
                continue;
            }
            let near: Vec<String> = readings
                .iter()
                .filter(|r| (near_from..=near_to).contains(*r))
                .map(ToString::to_string)
                .collect();
            if near.is_empty() {
                continue;
            }
            self.out.diagnostics.push(
                Diagnostic::error(
                    Code::BadDate,
                    format!(
                        "the date was typed without separators and is read as a day number, {day}, far from the sheet's other dates"
                    ),
                )
                .at(at)
                .expected("a date such as 2023-03-15")
                .hint(format!(
                    "the digits read as {}: write the date with its separators (the cell is a number, so a leading zero is lost)",
                    near.join(" or ")
                )),
            );
        }
    }

    /// Gives the sheet the texts of its rows: they are read. A sheet with
    /// more texts than a row can number is an error.
    fn seal(&mut self) {
        if std::mem::take(&mut self.texts.full) {
            self.out.diagnostics.push(
                Diagnostic::error(
                    Code::FileTooLarge,
                    "the sheet holds more texts than lofte can number (over 4 294 967 295)",
                )
                .at(Location::shared(
                    &self.at.file,
                    self.at.sheet.as_ref(),
                    crate::diag::Place::File,
                ))
                .hint("split the log into smaller files, one a year"),
            );
        }
        if let Some(Ok(columns)) = &self.columns {
            let mut texts = self.texts.take();
            let tally = std::mem::take(&mut self.done_tally);
            if tally.yes > 0
                && !tally.blank.is_empty()
                && let Some((j, kind, header)) = columns.tallied()
                && (*kind == DoneColumn::Done || tally.yes > tally.other)
            {
                texts.set_blank_done(super::BlankDone {
                    column: self.at.abs(0, *j).1,
                    header: header.clone(),
                    yes_rows: tally.yes,
                    days: tally.days == tally.yes,
                    status: *kind == DoneColumn::Status,
                    rows: tally.blank,
                });
            }
            columns.sheet.seal(texts);
        }
    }

    /// Rows above the header that are activities: a date under Datum and
    /// a promise under Löfte (a row inserted at the top of a log kept
    /// newest first). Not read, so refused where the promise is one of the
    /// promise file's, which evaluation knows. A block of labels and values
    /// above the log ("Datum | 2023-01-10") has no date under the header's
    /// Datum, a title none under Löfte that names a promise.
    fn rows_above(&mut self, header: &Header) {
        let col_of = |c: Column| {
            header.columns.iter().find_map(|(j, m, _)| match m {
                HeaderMatch::Known(f, _) | HeaderMatch::Near(f) if *f == c => Some(*j),
                _ => None,
            })
        };
        let (Some(date), Some(promise)) = (col_of(Column::Date), col_of(Column::Promise)) else {
            return;
        };
        let (header_row, _) = self.at.abs(header.row, 0);
        let above = self.pending.iter().filter(|(k, row)| {
            *k < header.row
                && row.get(date).is_some_and(is_dated)
                && row.get(promise).is_some_and(|c| !c.is_blank())
        });
        for (k, cells) in above.take(100) {
            let (row, _) = self.at.abs(*k, 0);
            self.out.unheaded.push(super::Unheaded {
                diagnostic: Diagnostic::error(
                    Code::RowsAboveHeader,
                    "the row above the header row looks like an activity (a date under Datum, a promise under Löfte): rows above the header are not read",
                )
                .at(Location::row(self.at.file.as_str(), self.at.sheet.as_deref(), row))
                .related(
                    "the header",
                    Location::row(self.at.file.as_str(), self.at.sheet.as_deref(), header_row),
                )
                .hint("move the row below the header row (a log may list its newest rows first, under the header)"),
                texts: cells.get(promise).map(Cell::text).into_iter().collect(),
            });
        }
    }

    fn use_header(&mut self, header: Header, has_date: bool) {
        let file = self.at.file.clone();
        self.out.has_header = true;
        let has_date = has_date
            && header.columns.iter().any(|(_, m, _)| {
                matches!(
                    m,
                    HeaderMatch::Known(Column::Date, _) | HeaderMatch::Near(Column::Date)
                )
            });
        if !has_date {
            let (row, _) = self.at.abs(header.row, 0);
            self.out.no_date_column = Some(
                Diagnostic::error(Code::NoDateColumn, "the log has no Datum column")
                    .at(Location::row(file.as_str(), self.at.sheet.as_deref(), row))
                    .found(header.texts())
                    .expected("a column headed Datum (or Date, Dag)")
                    .hint("name the column of dates \"Datum\" in the header row, or say which column holds the dates under [kolumner] in the promise file (datum = \"…\")"),
            );
            self.columns = Some(Err(()));
            return;
        }
        // Columns named by an alias or by the promise file; a near name
        // only stands in for a column the row does not name outright.
        let explicit: Vec<Column> = header
            .columns
            .iter()
            .filter_map(|(_, m, _)| match m {
                HeaderMatch::Known(f, true) => Some(*f),
                _ => None,
            })
            .collect();
        let exact: Vec<Column> = header
            .columns
            .iter()
            .filter_map(|(_, m, _)| match m {
                HeaderMatch::Known(f, _) => Some(*f),
                _ => None,
            })
            .collect();
        // Each known field once; a second column with the same meaning is an error.
        let mut known = KnownColumns::default();
        let mut field_cols: Vec<(Column, usize)> = Vec::new();
        let mut extras: Vec<(usize, Text)> = Vec::new();
        // Columns meaning the same as one before them: (field, column,
        // the first one's column, the error).
        let mut twice: Vec<(Column, usize, usize, Diagnostic)> = Vec::new();
        for (j, m, text) in &header.columns {
            let field = match m {
                // The promise file named another header for this column:
                // this one is kept as an ordinary column.
                HeaderMatch::Known(f, false) if explicit.contains(f) => None,
                // "Dag" beside "Datum" is the weekday ("onsdag"), not a
                // second column of dates.
                HeaderMatch::Known(Column::Date, false)
                    if text.trim().eq_ignore_ascii_case("dag")
                        && header.columns.iter().any(|(k, m, t)| {
                            k != j
                                && matches!(m, HeaderMatch::Known(Column::Date, _))
                                && !t.trim().eq_ignore_ascii_case("dag")
                        }) =>
                {
                    None
                }
                HeaderMatch::Known(f, _) => Some(*f),
                HeaderMatch::Near(f) if exact.contains(f) => None,
                HeaderMatch::Near(f) => {
                    self.out.diagnostics.push(
                        Diagnostic::warning(
                            Code::NearHeader,
                            format!("the column \"{text}\" is read as {}", f.name()),
                        )
                        .at(self.at.cell_at(header.row, *j))
                        .subject(text.clone())
                        .hint(format!(
                            "to confirm it (and silence this), add to the promise file:\n      [kolumner]\n      {} = {}",
                            f.key(),
                            crate::diag::toml_string(text)
                        )),
                    );
                    Some(*f)
                }
                HeaderMatch::Unclear(fs) if fs.iter().all(|f| exact.contains(f)) => None,
                HeaderMatch::Unclear(fs) => {
                    let names: Vec<&str> = fs.iter().map(|f| f.name()).collect();
                    let lines: Vec<String> = fs
                        .iter()
                        .filter(|f| !exact.contains(f))
                        .map(|f| format!("{} = {}", f.key(), crate::diag::toml_string(text)))
                        .collect();
                    let lines = lines.join("\n      ");
                    self.out.diagnostics.push(
                        Diagnostic::error(
                            Code::UnclearColumn,
                            format!(
                                "the column \"{text}\" may be the column {}, or something else",
                                names.join(" or ")
                            ),
                        )
                        .at(self.at.cell_at(header.row, *j))
                        .subject(text.clone())
                        .hint(format!(
                            "say which in the promise file. If it is, add\n      [kolumner]\n      {}\n    and if it is not, add\n      [kolumner]\n      ovriga = [{}]",
                            lines,
                            crate::diag::toml_string(text)
                        )),
                    );
                    None
                }
                HeaderMatch::People => {
                    let has_count = header.columns.iter().any(|(_, m, _)| {
                        matches!(
                            m,
                            HeaderMatch::Known(Column::Count, _) | HeaderMatch::Near(Column::Count)
                        )
                    });
                    if !has_count {
                        self.out.diagnostics.push(
                            Diagnostic::warning(
                                Code::PeopleNotCount,
                                format!(
                                    "the column \"{text}\" counts {}, not activities, so it is not read as Antal: each row counts as 1",
                                    if has_word(text, &["timmar", "tim", "minuter", "min"]) { "hours" } else { "people" }
                                ),
                            )
                            .at(self.at.cell_at(header.row, *j))
                            .subject(text.clone())
                            .hint(format!(
                                "if it does hold the number of activities, add to the promise file\n      [kolumner]\n      antal = {quoted}\n    or, to silence this, ovriga = [{quoted}] under [kolumner]",
                                quoted = crate::diag::toml_string(text)
                            )),
                        );
                    }
                    None
                }
                HeaderMatch::Other => None,
            };
            match field {
                Some(f) => {
                    if let Some((_, first)) = field_cols.iter().find(|(g, _)| *g == f) {
                        twice.push((
                            f,
                            *j,
                            *first,
                            Diagnostic::error(
                                Code::DuplicateColumn,
                                format!("two columns mean the same: \"{text}\""),
                            )
                            .at(self.at.cell_at(header.row, *j))
                            .subject(text.clone())
                            .related("first here", self.at.cell_at(header.row, *first))
                            .hint("rename or remove one of them, or name the one to read under [kolumner] in the promise file"),
                        ));
                        continue;
                    }
                    field_cols.push((f, *j));
                }
                None => extras.push((*j, Text::from(text.as_str()))),
            }
        }
        self.two_tables_or_twice(&header, twice);
        let col = |f: Column| field_cols.iter().find(|(g, _)| *g == f).map(|(_, j)| *j);
        let as_u32 = |j: usize| self.at.abs(0, j).1;
        known.date = col(Column::Date).map(as_u32);
        known.promise = col(Column::Promise).map(as_u32);
        known.count = col(Column::Count).map(as_u32);
        known.activity = col(Column::Activity).map(as_u32);
        known.place = col(Column::Place).map(as_u32);
        known.responsible = col(Column::Responsible).map(as_u32);
        // An Antal header merged over columns ("Antal" over "Polisen" and
        // "Kommunen"): the count is split between them, and only the
        // first would be read.
        if let Some(j) = col(Column::Count) {
            let (row, column) = self.at.abs(header.row, j);
            let wide = self
                .merged
                .iter()
                .map(|m| (m.rows, m.columns))
                .chain(self.wide.iter().map(|(r, c)| ((*r, *r), *c)))
                .find(|(rows, columns)| {
                    rows.0 <= row && row <= rows.1 && columns.0 == column && columns.1 > column
                });
            if let Some((_, columns)) = wide {
                let letters = crate::diag::column_letters;
                self.out.diagnostics.push(
                    Diagnostic::error(
                        Code::MergedCount,
                        format!(
                            "the Antal header is merged over the columns {}–{}, and the count would be read from {} alone: the numbers under the others would not be counted",
                            letters(columns.0),
                            letters(columns.1),
                            letters(columns.0)
                        ),
                    )
                    .at(self.at.cell_at(header.row, j))
                    .hint("give each row its whole count in one Antal column (for example the sum of the others), and the other columns headers of their own"),
                );
            }
        }
        let Some(date_col) = col(Column::Date) else {
            self.columns = Some(Err(()));
            return;
        };

        let selection = self.settings.selection_column.as_deref().and_then(|wanted| {
            let found = header
                .columns
                .iter()
                .find(|(_, _, t)| norm(t) == norm(wanted))
                .map(|(j, _, _)| *j);
            if found.is_none() {
                let (row, _) = self.at.abs(header.row, 0);
                self.out.diagnostics.push(
                    Diagnostic::error(
                        Code::SelectionColumnMissing,
                        format!("the log has no column \"{wanted}\", which urval in the promise file selects rows by"),
                    )
                    .at(Location::row(file.as_str(), self.at.sheet.as_deref(), row))
                    .found(header.texts())
                    .subject(wanted)
                    .hint("write the header of the column that names the municipality in urval, for example urval = { kolumn = \"Kommun\", varde = \"Kalix\" }"),
                );
            }
            found
        });
        let by_column = Column::ALL.map(col);
        let mut done: Vec<(usize, DoneColumn, Text)> = extras
            .iter()
            .filter_map(|(j, h)| Some((*j, done_column(h)?, h.clone())))
            .collect();
        // A remark that the row was not done may stand in Kommentar or in
        // Aktivitet itself ("Inställd trafikkontroll").
        for (f, kind) in [
            (Column::Comment, DoneColumn::Remark),
            (Column::Activity, DoneColumn::Named),
        ] {
            if let Some(j) = col(f)
                && let Some((_, _, text)) = header.columns.iter().find(|(k, _, _)| *k == j)
            {
                done.push((j, kind, Text::from(text.as_str())));
            }
        }
        let named_width = header
            .columns
            .iter()
            .map(|(j, _, _)| j + 1)
            .max()
            .unwrap_or(0);
        let width = named_width.max(header.fields);
        let time_col = extras
            .iter()
            .find(|(_, h)| is_time_header(h))
            .map(|(j, _)| *j);
        let tallied = {
            let of = |want: DoneColumn| done.iter().position(|(_, kind, _)| *kind == want);
            of(DoneColumn::Done).or_else(|| of(DoneColumn::Status))
        };
        self.columns = Some(Ok(Columns {
            tallied,
            header,
            width,
            named_width,
            by_column,
            fields: field_cols,
            done,
            extras,
            time_col,
            sheet: Arc::new(LogSheet::unread(
                self.at.file.clone(),
                self.at.sheet.clone(),
                known,
            )),
            date_col,
            selection,
        }));
        // Rows under the header that came before it was settled.
        let rows = std::mem::take(&mut self.pending);
        for (i, row) in &rows {
            if let Some(Ok(c)) = &self.columns
                && *i > c.header.row
            {
                self.read_row(*i, row);
            }
        }
    }

    /// Reads one row; with a selection column, tags what the row gave
    /// (activity, problems, exclusion) with the row's value.
    fn read_row(&mut self, i: usize, row: &[Cell]) {
        if self.settings.selection_column.is_none() {
            return self.read_row_untagged(i, row);
        }
        let counts = (
            self.out.activities.len(),
            self.out.diagnostics.len(),
            self.out.excluded.len(),
        );
        self.row_key = None;
        self.read_row_untagged(i, row);
        let key = self.row_key.take();
        let out = &mut self.out;
        for _ in counts.0..out.activities.len() {
            out.activity_keys.push(key.clone());
        }
        let Some(key) = key else {
            return;
        };
        for k in counts.1..out.diagnostics.len() {
            out.diagnostic_keys.push((k, key.clone()));
        }
        for k in counts.2..out.excluded.len() {
            out.excluded_keys.push((k, key.clone()));
        }
    }

    fn read_row_untagged(&mut self, i: usize, row: &[Cell]) {
        let Some(Ok(columns)) = &self.columns else {
            return;
        };
        if row.iter().all(Cell::is_blank) {
            return;
        }
        // Helper columns filled down past the log (`=ISOWEEKNUM(A46)`, a
        // `VLOOKUP` giving #N/A where its row is empty) leave rows whose
        // every filled cell is a formula, beside empty columns of the log:
        // no one typed anything there, and each was called a summary row
        // (a number with no date) or an error cell. Such a row is blank.
        if columns
            .by_column
            .iter()
            .flatten()
            .all(|&j| row.get(j).is_none_or(Cell::is_blank))
            && row
                .iter()
                .enumerate()
                .all(|(j, c)| c.is_blank() || self.marks.iter().any(|&(k, _)| k == j))
        {
            return;
        }
        // A date (or promise, activity …) in a block merged over several
        // rows belongs to each of them; an Antal or a quantity merged so
        // cannot be split, and is an error.
        let mut filled: Option<Vec<Cell>> = None;
        let mut merge_errors = Vec::new();
        let mut merged_extras: Vec<usize> = Vec::new();
        if !self.merged.is_empty() {
            let (abs_row, _) = self.at.abs(i, 0);
            for m in &self.merged {
                if abs_row < m.rows.0 || abs_row > m.rows.1 {
                    continue;
                }
                let j = m.columns.0.saturating_sub(self.at.origin.1) as usize;
                let fillable = [
                    Column::Date,
                    Column::Promise,
                    Column::Activity,
                    Column::Place,
                    Column::Responsible,
                    Column::Comment,
                ]
                .iter()
                .any(|f| columns.col(*f) == Some(j))
                    // What is merged over a block in another column
                    // ("Kommun", "Område", "Vecka") belongs to each row. A
                    // target that adds the column up cannot split it: the
                    // value says it was merged (see `ExtraValue::merged`).
                    || columns.extras.iter().any(|(k, _)| *k == j);
                if columns.extras.iter().any(|(k, _)| *k == j) && m.rows.1 > m.rows.0 {
                    merged_extras.push(j);
                }
                if !fillable {
                    // Only Antal is left: every other column read is
                    // fillable, and a column not read is not looked at.
                    if abs_row == m.rows.0 && columns.col(Column::Count) == Some(j) {
                        let mut d = Diagnostic::error(
                                Code::MergedCount,
                                format!(
                                    "the Antal cell is merged over rows {}–{}, so it cannot be split between them",
                                    m.rows.0 + 1,
                                    m.rows.1 + 1
                                ),
                            )
                            .at(self.at.cell_at(i, j))
                            .hint("unmerge the cells (Excel: Start › Sammanfoga och centrera) and give each row its own number");
                        // The column's header as the log writes it.
                        d.set_subject(
                            columns
                                .header
                                .columns
                                .iter()
                                .find(|(k, _, t)| *k == j && !t.trim().is_empty())
                                .map(|(_, _, t)| t.clone()),
                        );
                        merge_errors.push(d);
                    }
                    continue;
                }
                if abs_row > m.rows.0
                    && row.get(j).is_none_or(Cell::is_blank)
                    && let Some(v) = &m.value
                {
                    let cells = filled.get_or_insert_with(|| row.to_vec());
                    if cells.len() <= j {
                        cells.resize(j + 1, Cell::Empty);
                    }
                    cells[j] = v.clone();
                }
            }
        }
        let row: &[Cell] = filled.as_deref().unwrap_or(row);
        let settings = &self.settings;
        let order = settings.order;
        let max_count = settings.max_count;
        let at = &self.at;
        let out = &mut self.out;
        out.diagnostics.extend(merge_errors);
        let abs = |r: usize, c: usize| at.abs(r, c);
        let cell_at = |r: usize, c: usize| at.cell_at(r, c);
        let col = |f: Column| columns.col(f);
        let date_col = columns.date_col;
        let extras = &columns.extras;
        let sheet = &columns.sheet;
        let (abs_row, _) = abs(i, 0);
        let row_number = abs_row.saturating_add(1);
        let row_location = || sheet.at(crate::diag::Place::Row { row: abs_row });
        let get = |j: Option<usize>| j.and_then(|j| row.get(j)).unwrap_or(&Cell::Empty);
        let text_of = |j: Option<usize>| {
            let t = get(j).text();
            (!t.is_empty()).then_some(t)
        };
        let date_cell = get(Some(date_col));

        // The header again (two logs pasted one under the other): not an
        // activity, and not an error either.
        // Checked only when the date cell is text not starting with a digit:
        // this runs for every row, and dates start with one.
        let repeats_header = matches!(date_cell, Cell::Text(t) if !super::cells::trim_start(t).starts_with(|c: char| c.is_ascii_digit()))
            && {
                let same = |j: usize| {
                    let header = columns
                        .header
                        .columns
                        .iter()
                        .find(|(k, _, _)| *k == j)
                        .map(|(_, _, t)| norm(t));
                    header.is_some_and(|h| norm(&get(Some(j)).text()) == h)
                };
                same(date_col)
                    && columns
                        .fields
                        .iter()
                        .any(|(f, j)| *f != Column::Date && same(*j))
            };
        if repeats_header {
            out.diagnostics.push(
                Diagnostic::warning(Code::RepeatedHeader, "the header row appears again; the row is skipped")
                    .at(row_location())
                    .hint("two logs pasted one under the other? Delete the repeated header row, and check that no rows are there twice"),
            );
            out.excluded.push(Excluded {
                location: row_location(),
                kind: ExclusionKind::RepeatedHeader,
                reason: "rubrikraden upprepad".to_owned(),
            });
            return;
        }

        // A row below naming more columns than the header (with Datum) is
        // the real header: the row taken for it was a block of metadata
        // ("Datum | Plats" over "2024-01-10 | Kalix"). Every row between
        // was read under the wrong names, so this stops the run.
        if matches!(date_cell, Cell::Text(t) if !super::cells::trim_start(t).starts_with(|c: char| c.is_ascii_digit()))
        {
            let (names, has_date) = header_score(row, &settings.columns);
            if has_date && names > columns.fields.len() {
                let header_row = at.abs(columns.header.row, 0).0;
                out.diagnostics.push(
                    Diagnostic::error(
                        Code::NotTheHeader,
                        "this row looks like the log's header, but a row above it was taken for the header",
                    )
                    .at(row_location())
                    .related(
                        "taken for the header",
                        Location::row(at.file.as_str(), at.sheet.as_deref(), header_row),
                    )
                    .hint("the rows above this one are not the log: delete them, or move them below the log or to another sheet"),
                );
                out.excluded.push(Excluded {
                    location: row_location(),
                    kind: ExclusionKind::Invalid,
                    reason: "rubrikrad under den rad som togs som rubrik".to_owned(),
                });
                return;
            }
        }

        // Whose the row is (urval): from here on, what the row gives
        // belongs to the agreements that select its value. A row without
        // a value belongs to none, and every one of them is told.
        if let Some(j) = columns.selection {
            let value = get(Some(j)).text();
            if value.is_empty() {
                out.diagnostics.push(
                    Diagnostic::warning(
                        Code::SelectionValueMissing,
                        "the row has no value in the column urval selects by, so it is not counted for any agreement",
                    )
                    .at(cell_at(i, j))
                    .hint("write the municipality (or whatever the column holds) in the cell"),
                );
                return;
            }
            self.row_key = Some(intern(&mut self.interned, &value));
        }

        // Excel holds at most 32 767 characters in a cell; a longer one did
        // not come from a spreadsheet and would swamp the report. Checked
        // once the row's urval value is known: another municipality's row
        // stops no one else's run.
        if let Some(j) = row
            .iter()
            // A text is at least as many bytes as characters: counting
            // them is needed only for a long one.
            .position(|c| matches!(c, Cell::Text(t) if t.len() > MAX_CELL_CHARS && t.chars().count() > MAX_CELL_CHARS))
        {
            let chars = row.get(j).map_or(0, |c| {
                if let Cell::Text(t) = c {
                    t.chars().count()
                } else {
                    0
                }
            });
            out.diagnostics.push(
                Diagnostic::error(
                    Code::CellTooLong,
                    "the cell is longer than a spreadsheet cell can be",
                )
                .at(cell_at(i, j))
                .found(format!("{chars} characters"))
                .expected(format!("at most {MAX_CELL_CHARS} characters, as in Excel"))
                .hint("shorten the text; long notes belong in a document, not in the log"),
            );
            out.excluded.push(Excluded {
                location: row_location(),
                kind: ExclusionKind::Invalid,
                reason: "cellen är för lång".to_owned(),
            });
            return;
        }
        let texts = &mut self.texts;

        // Summary rows: a summary word in the date, promise or count cell
        // ("Summa K2 2023"), a cell of another column starting with one
        // ("Totalt antal 2022"), or a number with no date. Free text in
        // Kommentar is not looked at: "totalt 30 deltagare" is a remark.
        let first_filled = row.iter().position(|c| !c.is_blank());
        // Looked up once per row, not once per cell.
        let exact_cols = [Some(date_col), col(Column::Promise), col(Column::Count)];
        let leading_cols = [
            first_filled,
            col(Column::Activity),
            col(Column::Place),
            col(Column::Responsible),
        ];
        // A dated row is an activity unless a cell says it is a total
        // plainly: "Total kontroll", "Summering av läget med skolan" or a
        // Plats "Total Sundsvall" (a petrol station) are activities.
        let dated = !date_cell.is_blank();
        let summary_word = row.iter().enumerate().any(|(j, c)| {
            let Cell::Text(t) = c else { return false };
            if exact_cols.contains(&Some(j)) {
                has_summary_word(t)
            } else if leading_cols.contains(&Some(j)) {
                (starts_with_summary_word(t) && !(dated && names_an_activity(t)))
                    || ends_with_summary_word(t)
            } else {
                // Kommentar and other columns hold free text ("totalt 30
                // deltagare"): a remark, not a summary.
                false
            }
        });
        // A row naming a promise or an activity is an activity missing its
        // date, not a summary: that is an error, never silently skipped.
        let names_something = [col(Column::Promise), col(Column::Activity)]
            .into_iter()
            .any(|j| !get(j).is_blank());
        let number_without_date = date_cell.is_blank()
            && !names_something
            && row.iter().any(|c| matches!(c, Cell::Number(_)));
        // An Antal that is a sum formula is a total row, dated or not:
        // counted, it would double the figure. So is a row whose Datum,
        // Löfte, Aktivitet, Plats or Ansvarig totals other rows: the row
        // Data › Subtotals inserts with the function Count
        // (`=SUBTOTAL(3;A2:A6)` under Datum or Plats, "K1 Antal" beside
        // it), which was read as a date (5: 1900-01-05) or a row without
        // one. Not Kommentar or other columns: they may hold a running
        // total on every row. (A sum saved without its value is an error
        // cell, reported as one.)
        let totalling = [
            col(Column::Count),
            Some(date_col),
            col(Column::Promise),
            col(Column::Activity),
            col(Column::Place),
            col(Column::Responsible),
        ];
        let sum_formula = self.marks.iter().any(|&(j, m)| {
            m == Mark::Sum
                && totalling.contains(&Some(j))
                && !matches!(row.get(j), Some(Cell::Error(_)))
        });
        let summary_word = summary_word || sum_formula;
        if summary_word || number_without_date {
            let reason = if summary_word {
                "summeringsrad (\"Summa\"/\"Totalt\") räknas inte".to_owned()
            } else {
                "rad med tal men utan datum (troligen en summering) räknas inte".to_owned()
            };
            out.diagnostics.push(
                Diagnostic::warning(Code::SummaryRow, "a summary row was skipped, not counted")
                    .at(row_location())
                    .hint("if the row is a total, nothing needs to change: lofte counts the activities itself; if it is an activity, write its date in Datum (and no \"Summa\" or \"Totalt\" in its cells)"),
            );
            out.excluded.push(Excluded {
                location: row_location(),
                kind: ExclusionKind::SummaryRow,
                reason,
            });
            return;
        }

        // A row its log marks as not done ("Genomförd: Nej", "Status:
        // Inställd") is no activity: counted, it would raise a figure.
        // A yes-or-no column holding neither, refused below unless the row
        // is marked not done elsewhere.
        let mut unclear = None;
        let not_done = columns.done.iter().find_map(|(j, kind, header)| {
            let cell = row.get(*j)?;
            match done_mark(*kind, cell) {
                DoneMark::NotDone => Some((&**header, cell.text(), *j)),
                DoneMark::Unclear => {
                    unclear.get_or_insert((&**header, cell.text(), *j, *kind));
                    None
                }
                DoneMark::Done => None,
            }
        });
        // The Genomförd (or Status) column: yes said, or nothing. An empty
        // cell is a doubt only once the column is known to say yes on
        // other rows ([`DoneTally`]).
        let done_cell = columns.tallied().map(|(j, kind, _)| (row.get(*j), *kind));
        let blank_done = done_cell.map(|(c, _)| c.is_none_or(Cell::is_blank));
        let said = match done_cell {
            Some((Some(cell), kind))
                if !cell.is_blank() && not_done.is_none() && unclear.is_none() =>
            {
                // A Status says yes in words ("Genomförd", "Klar"); a
                // result ("Ej anmärkning") says nothing of it.
                let yes = kind == DoneColumn::Done
                    || matches!(cell, Cell::Text(t) if has_word(t, DONE_WORDS));
                if !yes {
                    self.done_tally.other += 1;
                }
                yes.then_some(cell)
            }
            _ => None,
        };
        if let Some(cell) = said {
            self.done_tally.yes += 1;
            // "Utfört datum": the day it was done says yes. A date in text
            // begins with a digit: "Ja" and "X" are not parsed on every row.
            if matches!(cell, Cell::Date(_))
                || matches!(cell, Cell::Text(t) if t.trim_start().starts_with(|c: char| c.is_ascii_digit())
                    && parse_date_text(t.trim(), None).is_ok())
            {
                self.done_tally.days += 1;
            }
        }
        // Asked only of a row marked not done.
        let cell_text = |c: Column| col(c).and_then(|j| row.get(j)).map(Cell::text);
        let requests = &self.settings.columns.requests;
        // A request not answered ("Genomförd: Nej") is what an önskemål
        // target counts against: left out, the share would rise.
        let request = || {
            requests.holds(
                cell_text(Column::Promise).as_deref(),
                cell_text(Column::Activity).as_deref(),
            )
        };
        // A request's empty cell says it is not answered yet, which an
        // önskemål target counts as such: no doubt.
        let blank_done = blank_done == Some(true) && !request();
        // A row of a promise that counts both requests and activities:
        // left out, its request would be lost from the share; counted, a
        // visit not made would be.
        if let Some((header, value, j)) = &not_done
            && let Some(promise) = cell_text(Column::Promise)
            && requests.mixed(Some(&promise))
        {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::NotDoneRequest,
                    format!(
                        "the row of {promise} is marked as not done ({}: \"{value}\"), and {promise} counts both requests (önskemål) and activities: as a request it counts, as an activity it does not",
                        header.trim()
                    ),
                )
                .at(cell_at(i, *j))
                .hint("give the önskemål target a promise of its own in the promise file, with its own id in the log's Löfte column; then each row says one thing"),
            );
        }
        if let Some((header, value, j)) = not_done.filter(|_| !request()) {
            out.diagnostics.push(
                Diagnostic::warning(
                    Code::NotDone,
                    format!("the row is marked as not done ({}: \"{value}\"), so it is not counted", header.trim()),
                )
                .at(cell_at(i, j))
                .hint("if the activity was done after all, change the cell; a row that will never be done may be deleted"),
            );
            out.excluded.push(Excluded {
                location: row_location(),
                kind: ExclusionKind::NotDone,
                reason: format!(
                    "markerad som inte genomförd ({}: {value}) räknas inte",
                    header.trim()
                ),
            });
            return;
        }

        // In a csv file a field past the header's last is a delimiter too
        // many: every field after it is read one column to the left of
        // where it belongs ("2023-03-01;K1;;3" counts 1, not 3).
        // Under a header's empty last field (Excel's "Datum;Löfte;Antal;"),
        // a number right after an empty last named field is such a shifted
        // field too ("2023-05-10;K1;;3"); a note there, or a number beside
        // a full row, is the user's own column.
        let gap = || {
            columns
                .named_width
                .checked_sub(1)
                .and_then(|k| row.get(k))
                .is_some_and(Cell::is_blank)
        };
        let shifted = |j: usize| {
            let cell = &row[j];
            if j >= columns.width {
                !cell.is_blank()
            } else if !gap() {
                false
            } else {
                match cell {
                    Cell::Number(_) => true,
                    Cell::Text(t) => parse_number_text(t).is_some(),
                    _ => false,
                }
            }
        };
        if self.at.sheet.is_none()
            && row.len() > columns.named_width
            && let Some(j) = (columns.named_width..row.len()).find(|&j| shifted(j))
        {
            match &mut self.beyond_header {
                Some((n, _)) => *n += 1,
                None => self.beyond_header = Some((1, cell_at(i, j))),
            }
        }

        // Without Antal, numbers in a column without a header are most
        // likely how many: each row would count 1 instead.
        if col(Column::Count).is_none() {
            for (j, cell) in row.iter().enumerate() {
                let number = match cell {
                    Cell::Number(_) => true,
                    Cell::Text(t) => parse_number_text(t).is_some(),
                    _ => false,
                };
                if !number || columns.header.columns.iter().any(|(k, _, _)| *k == j) {
                    continue;
                }
                match self.unnamed_numbers.iter_mut().find(|(k, _, _)| *k == j) {
                    Some((_, n, _)) => *n += 1,
                    None => self.unnamed_numbers.push((j, 1, cell_at(i, j))),
                }
            }
        }

        let mut errors = Vec::new();
        if let Some((header, value, j, kind)) = unclear
            && !request()
        {
            let (says, expected, hint) = if kind == DoneColumn::Cancelled {
                (
                    "was cancelled",
                    "Ja or X for an activity cancelled; Nej or empty for one done",
                    "write Ja if the activity was cancelled (it is then not counted) or Nej if it was done; a reason belongs in Kommentar",
                )
            } else {
                (
                    "was done",
                    "Ja or X for an activity done; Nej for one not done",
                    "write Ja if the activity counts or Nej if it does not; a remark belongs in Kommentar, and a column that says who did it is headed so (\"Utförd av\")",
                )
            };
            errors.push(
                Diagnostic::error(
                    Code::UnclearDone,
                    format!(
                        "column \"{}\" says whether the activity {says}, and this cell says neither yes nor no",
                        header.trim()
                    ),
                )
                .at(cell_at(i, j))
                .found(value)
                .expected(expected)
                .hint(hint),
            );
        }
        let date = match date_cell {
            Cell::Date(dt) => match in_range(dt.date()) {
                Ok(d) => {
                    self.swapped.date(d, || cell_at(i, date_col));
                    Some(d)
                }
                Err(e) => {
                    errors.push(date_error(e, &date_cell.text(), cell_at(i, date_col)));
                    None
                }
            },
            Cell::Number(x) => match from_serial(*x, self.settings.date_1904) {
                Ok(d) => {
                    self.swapped.date(d, || cell_at(i, date_col));
                    let readings = digit_readings(*x);
                    if !readings.is_empty() && !readings.contains(&d) {
                        self.typed_digits.push((d, readings, cell_at(i, date_col)));
                    }
                    Some(d)
                }
                Err(e) => {
                    errors.push(date_error(e, &date_cell.text(), cell_at(i, date_col)));
                    None
                }
            },
            Cell::Error(e) => {
                errors.push(error_cell(e, cell_at(i, date_col)));
                None
            }
            Cell::Text(t) if is_error_text(t) => {
                errors.push(error_cell(t, cell_at(i, date_col)));
                None
            }
            Cell::Empty => {
                errors.push(
                    Diagnostic::error(Code::MissingDate, "the row has no date")
                        .at(cell_at(i, date_col))
                        .hint("every activity needs its date in the Datum column; a date in cells merged over several rows belongs in each row: unmerge them and fill the date down"),
                );
                None
            }
            // Text is read where it lies (the parser trims it), not copied.
            Cell::Text(t) => match parse_date_text(t, order) {
                Ok(d) => {
                    if self.at.sheet.is_some() {
                        self.swapped.text(t, d, || cell_at(i, date_col));
                    }
                    Some(d)
                }
                Err(e) => {
                    errors.push(date_error(e, &date_cell.text(), cell_at(i, date_col)));
                    None
                }
            },
            other => match parse_date_text(&other.text(), order) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(date_error(e, &other.text(), cell_at(i, date_col)));
                    None
                }
            },
        };

        // A formula giving "" in Antal or Löfte: read blank, the row would
        // count one activity, or none of the promise's, by a guess.
        let empty_formula = |j: Option<usize>| {
            j.is_some_and(|j| self.marks.contains(&(j, Mark::Empty)) && get(Some(j)).is_blank())
        };
        for j in [col(Column::Count), col(Column::Promise)] {
            if let Some(j) = j.filter(|&j| empty_formula(Some(j))) {
                errors.push(empty_formula_cell(cell_at(i, j)));
            }
        }
        let count = match col(Column::Count) {
            None => Some(1),
            Some(j) => match get(Some(j)) {
                _ if empty_formula(Some(j)) => None,
                c if c.is_blank() => Some(1),
                Cell::Error(e) => {
                    errors.push(error_cell(e, cell_at(i, j)));
                    None
                }
                Cell::Text(t) if is_error_text(t) => {
                    errors.push(error_cell(t, cell_at(i, j)));
                    None
                }
                other => match read_count(other) {
                    // The setting is at most u32::MAX, a row's count too.
                    Ok(n) if n > max_count || u32::try_from(n).is_err() => {
                        errors.push(
                            Diagnostic::error(
                                Code::ImplausibleCount,
                                format!("Antal {n} is more than one row can hold (at most {max_count})"),
                            )
                            .at(cell_at(i, j))
                            .found(other.text())
                            .expected(format!("a whole number from 0 to {max_count}"))
                            .hint(format!(
                                "a date or a phone number pasted into Antal? {}",
                                match u32::try_from(n) {
                                    Ok(_) => format!(
                                        "If the number is right, raise the limit in the promise file: max_antal_per_rad = {}",
                                        n.max(max_count.saturating_mul(10)).min(u64::from(u32::MAX))
                                    ),
                                    // No setting holds more.
                                    Err(_) => "Write the number of activities the row stands for"
                                        .to_owned(),
                                }
                            )),
                        );
                        None
                    }
                    // Within u32 (the arm above).
                    Ok(n) => u32::try_from(n).ok(),
                    Err(CountError::Grouped) => {
                        errors.push(
                            Diagnostic::error(
                                Code::AmbiguousCount,
                                "Antal can be read as a thousand or as one (a point or comma between thousands)",
                            )
                            .at(cell_at(i, j))
                            .found(other.text())
                            .expected("a whole number without separators, such as 1000")
                            .hint("write the number without a point or comma"),
                        );
                        None
                    }
                    Err(CountError::Bad) => {
                        errors.push(
                            Diagnostic::error(
                                Code::BadCount,
                                "column \"Antal\" expects a whole number, 0 or more",
                            )
                            .at(cell_at(i, j))
                            .found(other.text())
                            .expected("a whole number such as 1 or 12; empty means 1")
                            .hint(bad_count_hint(other, settings.date_1904)),
                        );
                        None
                    }
                },
            },
        };

        // "K1, K2": one row cannot count for two promises without saying
        // how; counted for neither it would lower both.
        if let Some(j) = col(Column::Promise)
            && let Cell::Text(t) = get(Some(j))
            && names_several_promises(t)
        {
            errors.push(
                Diagnostic::error(Code::SeveralPromises, "the Löfte cell names more than one promise")
                    .at(cell_at(i, j))
                    .found(t.trim().to_owned())
                    .expected("one promise id per row")
                    .hint("copy the row, one for each promise, so each activity is counted where it belongs"),
            );
        }

        // Error cells in the other known columns would silently change
        // matching: they are errors too.
        for f in [
            Column::Promise,
            Column::Activity,
            Column::Place,
            Column::Responsible,
        ] {
            if let Some(j) = col(f) {
                match get(Some(j)) {
                    Cell::Error(e) => errors.push(error_cell(e, cell_at(i, j))),
                    Cell::Text(t) if is_error_text(t) => errors.push(error_cell(t, cell_at(i, j))),
                    _ => {}
                }
            }
        }

        if !errors.is_empty() {
            out.diagnostics.extend(errors);
            out.excluded.push(Excluded {
                location: row_location(),
                kind: ExclusionKind::Invalid,
                reason: "raden har fel och räknas inte".to_owned(),
            });
            return;
        }
        let (Some(date), Some(count)) = (date, count) else {
            return;
        };
        let extra = extras
            .iter()
            .map(|(j, header)| {
                let cell = get(Some(*j));
                let number = match cell {
                    Cell::Number(x) => Some(*x),
                    Cell::Text(t) => parse_number_text(t),
                    _ => None,
                };
                ExtraValue {
                    header: header.clone(),
                    text: cell.text(),
                    number,
                    column: abs(0, *j).1,
                    merged: merged_extras.contains(j),
                }
            })
            .collect();
        // Text cells are trimmed in place, not copied, before sharing.
        let mut shared = |f: Column| match get(col(f)) {
            Cell::Text(t) => Some(super::cells::trim(t))
                .filter(|t| !t.is_empty())
                .and_then(|t| texts.id(t)),
            _ => text_of(col(f)).and_then(|t| texts.id(&t)),
        };
        let [promise, activity, place, responsible, comment] = [
            Column::Promise,
            Column::Activity,
            Column::Place,
            Column::Responsible,
            Column::Comment,
        ]
        .map(&mut shared);
        if promise.is_some() && matches!(get(col(Column::Promise)), Cell::Number(_)) {
            texts.note_numbered(row_number);
        }
        if blank_done {
            self.done_tally.blank.push(row_number);
        }
        out.activities.push(Activity {
            date,
            time: time_of_day(date_cell)
                .or_else(|| {
                    columns
                        .time_col
                        .and_then(|j| super::cells::clock_of(get(Some(j))))
                })
                .into(),
            promise,
            count,
            activity,
            place,
            responsible,
            comment,
            extra,
            row: row_number,
            source: sheet.clone(),
        });
    }
}

/// A header of a column of times of day ("Tid", "Klockslag", "Starttid").
pub fn is_time_header(header: &str) -> bool {
    matches!(
        header.trim().to_lowercase().trim_end_matches([':', '.']),
        "tid" | "klockslag" | "klockan" | "kl" | "starttid" | "tidpunkt" | "tid (start)" | "time"
    )
}

fn empty_formula_cell(at: Location) -> Diagnostic {
    Diagnostic::error(Code::EmptyFormula, "the cell's formula gives an empty value")
        .at(at)
        .hint("type the value, or make the formula give it (in Antal, 0 for a row that is no activity); an ods file saved by a program without the formulas' values shows the same: open and save it in LibreOffice")
}

fn error_cell(value: &str, at: Location) -> Diagnostic {
    Diagnostic::error(Code::ErrorCell, "the cell holds an error, not a value")
        .at(at)
        .found(value.to_owned())
        .hint("fix the formula or type the value; a formula needs a saved result (open and save the file in Excel)")
}

fn date_error(e: DateError, text: &str, at: Location) -> Diagnostic {
    match e {
        DateError::Ambiguous(day_first, month_first) => Diagnostic::error(
            Code::AmbiguousDate,
            "the date can be read two ways",
        )
        .at(at)
        .found(text.to_owned())
        .expected(format!(
            "{day_first} (day first) or {month_first} (month first), written year-month-day"
        ))
        .hint(format!(
            "write the date as {day_first} or {month_first}, or say how the log writes dates: datumordning = \"dag-manad\" (or \"manad-dag\") in the promise file"
        )),
        DateError::AgainstOrder(order, other) => {
            let (said, setting) = match order {
                DateOrder::DayMonth => ("day first (datumordning = \"dag-manad\")", "manad-dag"),
                DateOrder::MonthDay => ("month first (datumordning = \"manad-dag\")", "dag-manad"),
            };
            Diagnostic::error(
                Code::BadDate,
                format!("the date cannot be read {said}, as the promise file says dates are written"),
            )
            .at(at)
            .found(text.to_owned())
            .expected(format!("a date written {said}"))
            .hint(format!(
                "read the other way round it is {other}: if that is meant, write it so; if the log writes every date that way, set datumordning = \"{setting}\""
            ))
        }
        DateError::OutOfRange(d) => {
            let found = if text == d.to_string() {
                text.to_owned()
            } else {
                format!("{text} (read as {d})")
            };
            // "150323": 15 March 2023 typed day first, or 2015-03-23.
            let readings: Vec<String> = match text.trim().parse::<f64>() {
                Ok(x) if text.trim().len() <= 6 => digit_readings(x),
                _ => six_digit_date(text).into_iter().collect(),
            }
            .iter()
            .map(ToString::to_string)
            .collect();
            let hint = if readings.is_empty() {
                "check the year for a typing error".to_owned()
            } else {
                format!(
                    "a date typed without separators is read as a day number; write it as {}",
                    readings.join(" or ")
                )
            };
            Diagnostic::error(Code::DateOutOfRange, "the date lies before 2000 or after 2100")
                .at(at)
                .found(found)
                .expected("a date between 2000 and 2100, such as 2023-03-15")
                .hint(hint)
        }
        DateError::Unreadable => Diagnostic::error(Code::BadDate, "the cell is not a date")
            .at(at)
            .found(text.to_owned())
            .expected("a date such as 2023-03-15, 15 mars 2023 or 15/3 2023")
            .hint(unreadable_date_hint(text)),
    }
}

/// What to do about a Datum cell that is no date, by what it holds: a
/// date without separators, two dates, no year or a year of two digits
/// are each told so; anything else, to check the day and month.
fn unreadable_date_hint(text: &str) -> String {
    let t = text.trim();
    if t.len() == 8
        && let Some(d) = six_digit_date(t)
    {
        return format!("a date written without separators is not read: write it as {d}");
    }
    let dates = t
        .split_whitespace()
        .filter(|w| super::cells::parse_date_text(w, None).is_ok())
        .count();
    if dates > 1 {
        return format!(
            "the cell holds {dates} dates, and a row has one: give each date a row of its own"
        );
    }
    let numbers: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let names_month = t
        .split(|c: char| !c.is_alphabetic())
        .any(|w| super::cells::month_number(w).is_some());
    if let Some(period) = longer_period(t, &numbers, names_month) {
        return format!(
            "the cell names a {period}, not a day: lofte counts each activity on its day (a target per week or on weekends needs it), so give each activity a row with its date"
        );
    }
    // "1/3", "1.3": a day and a month of digits alone.
    let day_and_month = numbers.len() == 2
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'.' | b' '));
    if !numbers.iter().any(|n| n.len() == 4) && (names_month || day_and_month || numbers.len() == 3)
    {
        let short_year = numbers.len() == if names_month { 2 } else { 3 }
            && numbers.last().is_some_and(|n| n.len() == 2);
        return if short_year {
            "the year has two digits: write it with four, such as 2023-03-15 or 15 mars 2023"
                .to_owned()
        } else {
            "the date has no year: write the whole date, such as 2023-03-15 or 15 mars 2023"
                .to_owned()
        };
    }
    "check the day and month (a day that does not exist, such as 30 February, is not a date); remarks belong in the column \"Kommentar\"".to_owned()
}

/// The period a Datum cell names when it names a week ("v. 12", "vecka
/// 12 2023", "2023 v12"), a quarter ("Q2 2023", "kvartal 2") or a month
/// with no day ("mars 2023", "2023-03", "03/2023"): a log of sums per
/// period. `numbers` are the cell's runs of digits; `names_month`,
/// whether it names a month.
fn longer_period(text: &str, numbers: &[&str], names_month: bool) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // "v12" and "q2" are one word with their number.
    let led = |w: &str, by: &[&str]| {
        by.iter().any(|b| {
            w.strip_prefix(b)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
        })
    };
    let year_or_small = numbers.iter().all(|n| n.len() == 4 || n.len() <= 2);
    if !year_or_small || numbers.len() > 2 {
        return None;
    }
    let small: Vec<&&str> = numbers.iter().filter(|n| n.len() <= 2).collect();
    // A week or a quarter has its number ("Kv. Tallen" is a block).
    let has = |names: &[&str]| !small.is_empty() && words.iter().any(|w| names.contains(w));
    if has(&["v", "vecka", "veckan", "vek", "week"]) || words.iter().any(|w| led(w, &["v", "w"])) {
        return Some("week");
    }
    if has(&["q", "kv", "kvartal", "kvartalet", "quarter"])
        || words.iter().any(|w| led(w, &["q", "kv"]))
    {
        return Some("quarter");
    }
    let year = numbers.iter().any(|n| n.len() == 4);
    // "mars" or "mars 2023"; "2023-03", "03/2023".
    if (names_month && small.is_empty())
        || (year
            && small.len() == 1
            && !names_month
            && small[0].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.' | b' ')))
    {
        return Some("month");
    }
    None
}

/// The dates the digits of a whole number of five or six digits read as,
/// typed without separators and kept as a number: year-month-day and
/// day-month-year of the six digits, a leading zero restored ("050323" is
/// 50323: 5 March 2023, or 2005-03-23).
fn digit_readings(x: f64) -> Vec<chrono::NaiveDate> {
    if x.fract() != 0.0 || !(10_000.0..1_000_000.0).contains(&x) {
        return Vec::new();
    }
    let digits = format!("{:06}", x as u32);
    let two = |i: usize| digits[i..i + 2].parse::<u32>().unwrap_or(0);
    let mut out = Vec::new();
    for (y, m, d) in [(two(0), two(2), two(4)), (two(4), two(2), two(0))] {
        if let Some(date) = chrono::NaiveDate::from_ymd_opt(2000 + y as i32, m, d)
            && !out.contains(&date)
        {
            out.push(date);
        }
    }
    out
}

/// "230315" or "20230315" as the date it was probably meant to be.
fn six_digit_date(text: &str) -> Option<chrono::NaiveDate> {
    let t = text.trim();
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match t.len() {
        6 => (2000 + t.get(..2)?.parse::<i32>().ok()?, t.get(2..)?),
        8 => (t.get(..4)?.parse::<i32>().ok()?, t.get(4..)?),
        _ => return None,
    };
    chrono::NaiveDate::from_ymd_opt(
        y,
        rest.get(..2)?.parse().ok()?,
        rest.get(2..)?.parse().ok()?,
    )
}

/// Why an Antal cell is not a count.
enum CountError {
    /// "1.000", "1,000": a thousand or one.
    Grouped,
    /// Anything else that is not a whole number, 0 or more.
    Bad,
}

/// An Antal cell as a whole number: "12", "3 st", "5 stycken".
fn read_count(cell: &Cell) -> Result<u64, CountError> {
    let whole = |x: f64| {
        if x >= 0.0 && x.fract() == 0.0 && x < 1e15 {
            Ok(x as u64)
        } else {
            Err(CountError::Bad)
        }
    };
    match cell {
        Cell::Number(x) => whole(*x),
        other => {
            let text = other.text();
            let lower = text.to_lowercase();
            let t = lower
                .trim()
                .trim_end_matches('.')
                .trim_end_matches("stycken")
                .trim_end_matches("styck")
                .trim_end_matches("st")
                .trim_end_matches("ggr")
                .trim_end_matches("gånger")
                .trim();
            if is_grouped(t) {
                return Err(CountError::Grouped);
            }
            parse_number_text(t).map_or(Err(CountError::Bad), whole)
        }
    }
}

/// What to do about an Antal cell that is not a whole number, 0 or more,
/// by what it holds: a number formatted as a date shows the sheet's user
/// a date, not the number lofte refuses; a fraction may be shown rounded.
fn bad_count_hint(cell: &Cell, date_1904: bool) -> String {
    let number = match cell {
        // A small number shown as a date of 1900 is a count formatted as
        // a date; a date of this century was typed or pasted as one.
        Cell::Date(dt) => {
            return match super::cells::serial_of(*dt, date_1904) {
                Some(n) if n < 1000.0 => format!(
                    "the cell holds the number {n} formatted as a date, so the sheet shows a date: format the column as numbers (Excel: Start › Tal › Allmänt) and check each number"
                ),
                _ => "a date is no number of activities: are the columns shifted, or was the date typed one column too far? Write the number of activities".to_owned(),
            };
        }
        Cell::Number(x) => Some(*x),
        Cell::Text(t) => parse_number_text(t),
        _ => None,
    };
    match number {
        Some(x) if x < 0.0 => {
            "a negative Antal takes nothing back: to correct a row, change or delete it".to_owned()
        }
        Some(x) if matches!(cell, Cell::Number(_)) && x.fract() != 0.0 => format!(
            "the cell holds {x}, which the sheet may show rounded or as a percentage: write the number of activities as a whole number"
        ),
        Some(_) => "write the number of activities as a whole number; hours or shares belong in a column of their own".to_owned(),
        None => "put remarks in the column \"Kommentar\"".to_owned(),
    }
}

/// "1.000", "12,500", "1.000.000": digits grouped by threes with a point
/// or a comma, which a count cannot tell from a decimal.
fn is_grouped(t: &str) -> bool {
    for sep in ['.', ','] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() >= 2
            && parts[0].len() <= 3
            && !parts[0].is_empty()
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
            && parts[1..].iter().all(|p| p.len() == 3)
        {
            return true;
        }
    }
    false
}

/// "K1, K2", "K1 och K2", "K1/K2": several ids in one Löfte cell.
fn names_several_promises(text: &str) -> bool {
    let t = super::cells::trim(text);
    if !t
        .bytes()
        .any(|b| matches!(b, b',' | b';' | b'&' | b'+' | b'/'))
        && !t.contains(" och ")
    {
        return false;
    }
    let parts: Vec<&str> = t
        .split([',', ';', '&', '+', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let id_like = |p: &str| {
        p.chars().count() <= 8
            && p.chars().any(|c| c.is_ascii_digit())
            && p.chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '.' || c == '-')
    };
    (parts.len() >= 2 && parts.iter().all(|p| id_like(p)))
        || t.split(" och ").filter(|p| id_like(p.trim())).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every marker a remark may be is found in a remark, alone and with
    /// its reason: the first-letter filter rules none of them out.
    #[test]
    fn every_remark_marker_is_found() {
        for (w, remark) in NOT_DONE {
            let cased: String = w
                .chars()
                .enumerate()
                .map(|(k, c)| if k == 0 { c.to_ascii_uppercase() } else { c })
                .collect();
            // A duplicate's reason is the row it repeats.
            let reason = if *w == "dubblett" {
                "av rad 5"
            } else {
                "pga sjukdom"
            };
            for text in [w.to_string(), cased.clone(), format!("{cased} {reason}")] {
                assert_eq!(says_remark_not_done(&text), *remark, "{text}");
            }
        }
        // A verb's other sense, with no reason after it, is a remark.
        assert!(!says_remark_not_done("Utgick från stationen kl 18"));
        assert!(!says_remark_not_done("Hann inte prata med alla"));
    }

    /// A Datum cell that is no date is told what it lacks, where that can
    /// be seen: separators, one date alone, a year, four digits of it.
    #[test]
    fn a_date_cell_that_is_no_date_is_told_what_it_lacks() {
        let hint = unreadable_date_hint;
        assert!(hint("20230306").ends_with("write it as 2023-03-06"));
        assert!(hint("2023-03-01 - 2023-03-05").starts_with("the cell holds 2 dates"));
        assert!(hint("2023-03-01 och 2023-03-08").starts_with("the cell holds 2 dates"));
        for no_year in ["1 mars", "1/3", "1.3", "mars 1"] {
            assert!(
                hint(no_year).starts_with("the date has no year"),
                "{no_year}"
            );
        }
        for short in ["6 mars -23", "6/3-23", "06.03.23", "1/3 23"] {
            assert!(
                hint(short).starts_with("the year has two digits"),
                "{short}"
            );
        }
        for (period, cells) in [
            (
                "week",
                &[
                    "v. 12",
                    "v12 2023",
                    "2023 v12",
                    "Vecka 12",
                    "vecka 12, 2023",
                ][..],
            ),
            ("quarter", &["Q2 2023", "kv 2", "Kvartal 2 2023", "kv2"][..]),
            (
                "month",
                &[
                    "mars 2023",
                    "Mars",
                    "2023-03",
                    "03/2023",
                    "2023 03",
                    "mar. 2023",
                ][..],
            ),
        ] {
            for cell in cells {
                assert!(
                    hint(cell).starts_with(&format!("the cell names a {period}, not a day")),
                    "{cell}: {}",
                    hint(cell)
                );
            }
        }
        for other in [
            "30 februari 2023",
            "igår",
            "2023-02-30",
            "12:30",
            "K1",
            "2023-13",
            "Kv. Tallen",
        ] {
            assert!(
                hint(other).starts_with("check the day and month"),
                "{other}"
            );
        }
    }

    /// An Antal formatted as a date is named by the number the cell holds,
    /// in either date system; a date of this century is named a date.
    #[test]
    fn an_antal_shown_as_a_date_is_named_by_its_number() {
        let at = |y, m, d, h| {
            Cell::Date(
                chrono::NaiveDate::from_ymd_opt(y, m, d)
                    .unwrap()
                    .and_hms_opt(h, 0, 0)
                    .unwrap(),
            )
        };
        let hint = |c: Cell, date_1904| bad_count_hint(&c, date_1904);
        assert!(hint(at(1900, 1, 3, 0), false).contains("holds the number 3 formatted as a date"));
        // After Excel's 29 February 1900 the days count from 30 December.
        assert!(hint(at(1900, 3, 2, 0), false).contains("holds the number 62 formatted"));
        assert!(hint(at(1904, 1, 4, 0), true).contains("holds the number 3 formatted"));
        assert!(hint(at(1900, 1, 2, 12), false).contains("holds the number 2.5 formatted"));
        assert!(hint(at(2023, 3, 1, 0), false).starts_with("a date is no number of activities"));
    }

    /// Totals of other rows or sheets, in xlsx's and ods's words; and
    /// what is not one.
    #[test]
    fn a_date_of_today_is_known_by_its_function_not_its_letters() {
        for f in [
            "TODAY()",
            "=today()",
            "NOW()-1",
            "of:=TODAY()",
            "IF(A2=\"\";TODAY();A2)",
        ] {
            assert!(is_today_formula(f), "{f}");
        }
        for f in ["DATE(2023,3,1)", "\"TODAY()\"", "C2+1", "MYTODAY()"] {
            assert!(!is_today_formula(f), "{f}");
        }
    }

    #[test]
    fn a_total_formula_sums_other_rows_or_another_sheet() {
        let totals = [
            ("SUM(C2:C9)", 10),
            ("=sum($C$2:$C9)", 10),
            ("of:=SUM([.C2:.C3])", 4),
            ("SUBTOTAL(9,C2:C9)", 10),
            ("COUNTIFS(Logg!$B$2:$B$9,B3,Logg!$A$2:$A$9,\">=\"&A3)", 3),
            ("of:=COUNTIFS([$Logg.$B$2:.$B$9];[.B3])", 3),
            ("SUMIFS('Per år'!C:C,B2,\"K1\")", 2),
            ("COUNT(C:C)", 2),
            ("SUM(Polisen)", 2),
            ("SUM(3:3)", 2),
            ("_xlfn.AGGREGATE(9,4,C2:C9)", 10),
            ("of:=COM.MICROSOFT.AGGREGATE(9;4;[.C2:.C9])", 10),
            ("C2+C3+C5+C6", 7),
            ("+SUM(C2:C7)", 8),
            ("ROUND(SUM(C2:C7),0)", 8),
            ("IFERROR(SUM(C2:C7),0)", 8),
            ("C2+SUM(C3:C7)", 8),
            ("ROWS(A2:A7)", 8),
            ("MYSUM(C2:C9)", 10),
            ("Underlag!B2+Underlag!B3", 9),
            (
                "User(_xlfn.COUNTIFS,Logg!$B$2:$B$9,B3,Logg!$A$2:$A$9,\">=\"&A3)",
                3,
            ),
        ];
        for (f, row) in totals {
            assert!(is_total_formula(f, Some("Logg"), row), "{f} in row {row}");
        }
        let not_totals = [
            ("SUM(D5:E5)", 5),
            ("of:=SUM([.D5:.E5])", 5),
            ("COUNTA($E5:$H5)", 5),
            ("SUM(D5,E5,\"C2:C9\")", 5),
            ("D5+E5", 5),
            ("ROUND(C2*2,0)", 9),
            ("C2", 9),
            ("of:=[$Underlag.B2]", 9),
            ("Underlag!B2*2", 9),
            ("IF(F5=\"Inställd\",\"\",1)", 5),
            ("SUM(1,2)", 2),
            ("SUM(2:2)", 2),
        ];
        for (f, row) in not_totals {
            assert!(!is_total_formula(f, Some("Logg"), row), "{f} in row {row}");
        }
    }

    /// An Antal summing its own row is a count however the row is named:
    /// with the sheet's name, `$`-anchored, in ods's brackets or as a
    /// table's row. The same forms naming another row or sheet, or a
    /// table's column, are totals.
    #[test]
    fn an_own_row_sum_is_a_count_however_the_row_is_named() {
        let counts = [
            (
                "SUM(Tabell1[[#This Row],[Hastighet]:[Nykterhet]])",
                "Logg",
                2,
            ),
            ("SUM(Tabell1[@[Hastighet]:[Nykterhet]])", "Logg", 2),
            ("Tabell1[@Hastighet]+Tabell1[@Nykterhet]", "Logg", 2),
            ("SUM([@Hastighet],[@Nykterhet])", "Logg", 2),
            ("of:=SUM([$Logg.$F2:.$G2])", "Logg", 2),
            ("of:=[$Logg.F2]+[$Logg.G2]", "Logg", 2),
            ("Logg!F2+Logg!G2", "Logg", 2),
            ("logg!$F$2+'Logg'!G$2", "Logg", 2),
            ("SUM(Logg!F2:G2)", "Logg", 2),
            ("SUM('Per år'!F2:G2)", "Per år", 2),
            ("of:=SUM([$'Per år'.F2:.G2])", "Per år", 2),
            ("SUM('Kim''s'!F2:G2)", "Kim's", 2),
            ("SUM(Logg!2:2)", "Logg", 2),
        ];
        for (f, sheet, row) in counts {
            assert!(
                !is_total_formula(f, Some(sheet), row),
                "{f} in {sheet} row {row}"
            );
        }
        let totals = [
            ("SUM(Logg!F2:G2)", Some("Logg"), 3),
            ("SUM(Logg!F2:G2)", Some("Översikt"), 2),
            ("SUM(Logg!F2:G2)", None, 2),
            ("Logg!F2+Logg!G2", Some("Översikt"), 2),
            ("of:=SUM([$Logg.$F2:.$G2])", Some("Översikt"), 2),
            ("of:=SUM([$'Per år'.F2:.G2])", Some("Logg"), 2),
            ("SUM(Tabell1[Antal])", Some("Logg"), 2),
            ("SUM(Tabell1[[#All],[Antal]])", Some("Logg"), 2),
            ("Underlag!B2:B5", Some("Logg"), 5),
            ("of:=[$Underlag.B2:.B5]", Some("Logg"), 5),
            ("SUM(Logg!3:3)", Some("Logg"), 2),
        ];
        for (f, sheet, row) in totals {
            assert!(
                is_total_formula(f, sheet, row),
                "{f} in {sheet:?} row {row}"
            );
        }
    }

    /// A lookup reads one value of a table: what it names is not added up,
    /// in any row, unless an aggregate takes what it gives.
    #[test]
    fn a_lookup_is_no_total() {
        let counts = [
            ("VLOOKUP(E2,Skolor!$A$2:$B$5,2,0)", 2),
            ("VLOOKUP(E5,Skolor!$A$2:$B$5,2,0)", 5),
            ("of:=VLOOKUP([.E5];[$Skolor.$A$2:.$B$5];2;0)", 5),
            ("of:=VLOOKUP([.E2];[$Skolor.$A$2:.$B$5];2;0)", 2),
            ("INDEX(Skolor!$B$2:$B$5,MATCH(E2,Skolor!$A$2:$A$5,0))", 2),
            (
                "of:=INDEX([$Skolor.$B$2:.$B$5];MATCH([.E2];[$Skolor.$A$2:.$A$5];0))",
                2,
            ),
            ("_xlfn.XLOOKUP(E2,Skolor!A2:A5,Skolor!B2:B5)", 2),
            (
                "of:=COM.MICROSOFT.XLOOKUP([.E2];[$Skolor.A2:.A5];[$Skolor.B2:.B5])",
                2,
            ),
            ("LOOKUP(E2,Skolor!A2:A5,Skolor!B2:B5)", 2),
            ("HLOOKUP(E2,Skolor!A1:D2,2,0)", 2),
            ("IFERROR(VLOOKUP(E2,Skolor,2,0),0)", 2),
            ("VLOOKUP(E2:E5,Skolor!$A$2:$B$5,2,0)", 2),
            ("of:=VLOOKUP([.E2:.E5];[$Skolor.$A$2:.$B$5];2;0)", 2),
            ("VLOOKUP(E2,$H$2:$I$9,2,0)*2", 2),
        ];
        for (f, row) in counts {
            assert!(!is_total_formula(f, Some("Logg"), row), "{f} in row {row}");
        }
        let totals = [
            ("VLOOKUP(E2,Skolor!A2:B5,2,0)+SUM(C2:C9)", 10),
            ("SUM(INDEX(C2:C9,0))", 10),
            ("SUMPRODUCT(VLOOKUP(E2:E5,Skolor!A2:B5,2,0))", 2),
            ("VLOOKUP(SUM(C2:C9),Skolor!A2:B5,2,0)", 10),
            ("VLOOKUP(E2,Skolor!A2:B5,2,0)+C3+C4", 2),
        ];
        for (f, row) in totals {
            assert!(is_total_formula(f, Some("Logg"), row), "{f} in row {row}");
        }
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    /// A sheet whose texts found no room in its table (past four billion)
    /// is an error naming the sheet: never rows without their texts.
    #[test]
    fn a_sheet_with_more_texts_than_ids_is_an_error() {
        let file: Arc<str> = "logg.csv".into();
        let read = |full: bool| {
            let mut reader = TableReader::new(&file, None, (0, 0), &ReadSettings::default());
            reader.push_at(0, &[text("Datum"), text("Löfte"), text("Plats")]);
            reader.push_at(1, &[text("2023-05-01"), text("K1"), text("Torget")]);
            reader.texts.full = full;
            reader.finish()
        };
        let fine = read(false);
        assert_eq!(fine.activities.len(), 1);
        assert_eq!(fine.activities[0].place(), Some("Torget"));
        assert!(fine.diagnostics.is_empty(), "{:?}", fine.diagnostics);
        let full = read(true);
        let codes: Vec<Code> = full.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::FileTooLarge]);
        assert!(full.diagnostics[0].is_error());
        assert_eq!(
            full.diagnostics[0]
                .location
                .as_ref()
                .map(|l| l.file.as_str()),
            Some("logg.csv")
        );
    }
}

//! From a grid of cells (one sheet, or one csv file) to activities: find
//! the header row, map the columns, read every row, and say exactly which
//! cell is wrong when one is.

use std::sync::Arc;

use super::cells::{
    Cell, DateError, from_serial, in_range, is_error_text, parse_date_text, parse_number_text,
    time_of_day,
};
use super::{Activity, DateOrder, Excluded, ExclusionKind, ExtraValue, KnownColumns, RowRef, Text};
use crate::diag::{Diagnostic, Location};

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Date,
    Promise,
    Count,
    Activity,
    Place,
    Responsible,
    Comment,
}

/// Header aliases, compared case-insensitively after trimming.
const ALIASES: &[(Field, &[&str])] = &[
    (
        Field::Date,
        &["datum", "date", "dag", "datum för aktivitet"],
    ),
    (
        Field::Promise,
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
        Field::Count,
        &["antal", "count", "st", "st.", "antal tillfällen"],
    ),
    (
        Field::Activity,
        &["aktivitet", "typ", "activity", "aktivitetstyp", "insats"],
    ),
    (Field::Place, &["plats", "place", "location", "ort"]),
    (
        Field::Responsible,
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
        Field::Comment,
        &[
            "kommentar",
            "comment",
            "anteckning",
            "noteringar",
            "notering",
        ],
    ),
];

fn field_of(header: &str) -> Option<Field> {
    let h = header.trim().to_lowercase();
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(f, _)| *f)
}

/// Words that mark a summary row rather than an activity.
fn is_summary_word(text: &str) -> bool {
    // Called for every text cell of every row: compared without
    // allocating (the words are ASCII).
    let t = text.trim().trim_end_matches(':');
    ["summa", "totalt", "total", "sum", "totalsumma", "summering"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
}

/// Where the header is and what each column means.
struct Header {
    row: usize,
    columns: Vec<(usize, Option<Field>, String)>,
}

/// The header row: the first row among the top ones naming at least two
/// known columns (one of which is Datum), or the best such row without a
/// Datum (reported as an error).
/// How many known columns a row names, and whether Datum is one.
fn header_score(row: &[Cell]) -> (usize, bool) {
    let fields: Vec<Field> = row
        .iter()
        .filter_map(|c| match c {
            Cell::Text(t) => field_of(t),
            _ => None,
        })
        .collect();
    (fields.len(), fields.contains(&Field::Date))
}

fn header_at(cells: &[Cell], row: usize) -> Header {
    let columns = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_blank())
        .map(|(j, c)| {
            let text = c.text();
            (j, field_of(&text), text)
        })
        .collect();
    Header { row, columns }
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
}

/// Reads a grid into activities. `file` names the file in messages.
pub fn read_grid(grid: &Grid, file: &Arc<str>, order: Option<DateOrder>) -> GridOutcome {
    let mut reader = TableReader::new(file, grid.sheet.as_deref(), grid.origin, order);
    for row in &grid.rows {
        reader.push(row);
    }
    reader.finish()
}

/// Most distinct texts shared per table; past it (a column of unique
/// texts) new texts are simply allocated.
const MAX_INTERNED: usize = 4096;

/// The shared copy of `text`.
fn intern(set: &mut std::collections::HashSet<Text>, text: &str) -> Text {
    if let Some(t) = set.get(text) {
        return t.clone();
    }
    let t = Text::from(text);
    if set.len() < MAX_INTERNED {
        set.insert(t.clone());
    }
    t
}

/// What the header row says about the columns, once it is found.
struct Columns {
    header: Header,
    fields: Vec<(Field, usize)>,
    extras: Vec<(usize, String)>,
    known: KnownColumns,
    date_col: usize,
}

impl Columns {
    fn col(&self, f: Field) -> Option<usize> {
        self.fields.iter().find(|(g, _)| *g == f).map(|(_, j)| *j)
    }
}

/// Where a table's rows and columns sit in its file, to name cells.
struct Origin {
    file: Arc<str>,
    sheet: Option<Arc<str>>,
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
        Location::cell(self.file.as_ref(), self.sheet.as_deref(), row, column)
    }
}

/// Reads a table row by row, holding only the rows above the header: a
/// log is never held whole. Rows are given in sheet order from `origin`.
pub struct TableReader {
    at: Origin,
    order: Option<DateOrder>,
    /// Rows seen while the header is still sought (at most
    /// [`HEADER_SEARCH_ROWS`]).
    pending: Vec<Vec<Cell>>,
    /// The best header candidate without a Datum so far: (row, known).
    best: Option<(usize, usize)>,
    /// Set once the header is found; `Err(())` once the table is given up.
    columns: Option<Result<Columns, ()>>,
    next_row: usize,
    out: GridOutcome,
    /// Cell texts seen so far, each held once (see [`Text`]).
    interned: std::collections::HashSet<Text>,
}

impl TableReader {
    /// A reader for one sheet (or csv file) of `file`.
    pub fn new(
        file: &Arc<str>,
        sheet: Option<&str>,
        origin: (u32, u32),
        order: Option<DateOrder>,
    ) -> Self {
        TableReader {
            at: Origin {
                file: file.clone(),
                sheet: sheet.map(Arc::from),
                origin,
            },
            order,
            pending: Vec::new(),
            best: None,
            columns: None,
            next_row: 0,
            out: GridOutcome::default(),
            interned: std::collections::HashSet::new(),
        }
    }

    /// The next row of the table.
    pub fn push(&mut self, row: &[Cell]) {
        let i = self.next_row;
        self.next_row += 1;
        match &self.columns {
            Some(Ok(_)) => self.read_row(i, row),
            Some(Err(())) => {}
            None => {
                let (known, has_date) = header_score(row);
                if has_date && known >= 2 {
                    self.pending.clear();
                    self.use_header(header_at(row, i), true);
                } else {
                    if known >= 2 && self.best.is_none_or(|(_, k)| known > k) {
                        self.best = Some((i, known));
                    }
                    self.pending.push(row.to_vec());
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
                let first = self.next_row - pending.len();
                let cells = pending.get(row - first).map_or(&[][..], Vec::as_slice);
                self.use_header(header_at(cells, row), false);
            }
            None => self.columns = Some(Err(())),
        }
    }

    /// Everything read. Call once, after the last row.
    pub fn finish(mut self) -> GridOutcome {
        if self.columns.is_none() {
            self.settle();
        }
        self.out
    }

    fn use_header(&mut self, header: Header, has_date: bool) {
        let file = self.at.file.clone();
        self.out.has_header = true;
        if !has_date {
            let (row, _) = self.at.abs(header.row, 0);
            self.out.diagnostics.push(
                Diagnostic::error("no-date-column", "the log has no Datum column")
                    .at(Location::row(file.as_ref(), self.at.sheet.as_deref(), row))
                    .found(
                        header
                            .columns
                            .iter()
                            .map(|(_, _, t)| t.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                    .expected("a column headed Datum (or Date, Dag)")
                    .hint("name the column of dates \"Datum\" in the header row"),
            );
            self.columns = Some(Err(()));
            return;
        }
        // Each known field once; a second column with the same meaning is an error.
        let mut known = KnownColumns::default();
        let mut field_cols: Vec<(Field, usize)> = Vec::new();
        let mut extras: Vec<(usize, String)> = Vec::new();
        for (j, field, text) in &header.columns {
            match field {
                Some(f) => {
                    if let Some((_, first)) = field_cols.iter().find(|(g, _)| g == f) {
                        self.out.diagnostics.push(
                            Diagnostic::error(
                                "duplicate-column",
                                format!("two columns mean the same: \"{text}\""),
                            )
                            .at(self.at.cell_at(header.row, *j))
                            .related("first here", self.at.cell_at(header.row, *first))
                            .hint("rename or remove one of them"),
                        );
                        continue;
                    }
                    field_cols.push((*f, *j));
                }
                None => extras.push((*j, text.clone())),
            }
        }
        let col = |f: Field| field_cols.iter().find(|(g, _)| *g == f).map(|(_, j)| *j);
        let as_u32 = |j: usize| self.at.abs(0, j).1;
        known.date = col(Field::Date).map(as_u32);
        known.promise = col(Field::Promise).map(as_u32);
        known.count = col(Field::Count).map(as_u32);
        known.activity = col(Field::Activity).map(as_u32);
        known.place = col(Field::Place).map(as_u32);
        known.responsible = col(Field::Responsible).map(as_u32);
        let Some(date_col) = col(Field::Date) else {
            self.columns = Some(Err(()));
            return;
        };

        self.columns = Some(Ok(Columns {
            header,
            fields: field_cols,
            extras,
            known,
            date_col,
        }));
        // Rows under the header that came before it was settled.
        let rows = std::mem::take(&mut self.pending);
        let first = self.next_row - rows.len();
        for (k, row) in rows.iter().enumerate() {
            let i = first + k;
            if let Some(Ok(c)) = &self.columns
                && i > c.header.row
            {
                self.read_row(i, row);
            }
        }
    }

    fn read_row(&mut self, i: usize, row: &[Cell]) {
        let Some(Ok(columns)) = &self.columns else {
            return;
        };
        let at = &self.at;
        let order = self.order;
        let out = &mut self.out;
        let interned = &mut self.interned;
        let abs = |r: usize, c: usize| at.abs(r, c);
        let cell_at = |r: usize, c: usize| at.cell_at(r, c);
        let col = |f: Field| columns.col(f);
        let date_col = columns.date_col;
        let extras = &columns.extras;
        let known = columns.known;
        if row.iter().all(Cell::is_blank) {
            return;
        }
        let (abs_row, _) = abs(i, 0);
        let row_ref = RowRef {
            file: at.file.clone(),
            sheet: at.sheet.clone(),
            row: abs_row.saturating_add(1),
        };
        let get = |j: Option<usize>| j.and_then(|j| row.get(j)).unwrap_or(&Cell::Empty);
        let text_of = |j: Option<usize>| {
            let t = get(j).text();
            (!t.is_empty()).then_some(t)
        };
        let date_cell = get(Some(date_col));

        // Excel holds at most 32 767 characters in a cell; a longer one did
        // not come from a spreadsheet and would swamp the report.
        if let Some(j) = row
            .iter()
            .position(|c| matches!(c, Cell::Text(t) if t.chars().count() > MAX_CELL_CHARS))
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
                    "cell-too-long",
                    "the cell is longer than a spreadsheet cell can be",
                )
                .at(cell_at(i, j))
                .found(format!("{chars} characters"))
                .expected(format!("at most {MAX_CELL_CHARS} characters, as in Excel"))
                .hint("shorten the text; long notes belong in a document, not in the log"),
            );
            out.excluded.push(Excluded {
                location: row_ref.location(),
                kind: ExclusionKind::Invalid,
                reason: "cellen är för lång".to_owned(),
            });
            return;
        }

        // Summary rows: a "Summa" word anywhere, or a number with no date.
        let summary_word = row
            .iter()
            .any(|c| matches!(c, Cell::Text(t) if is_summary_word(t)));
        // A row naming a promise or an activity is an activity missing its
        // date, not a summary: that is an error, never silently skipped.
        let names_something = [col(Field::Promise), col(Field::Activity)]
            .into_iter()
            .any(|j| !get(j).is_blank());
        let number_without_date = date_cell.is_blank()
            && !names_something
            && row.iter().any(|c| matches!(c, Cell::Number(_)));
        if summary_word || number_without_date {
            let reason = if summary_word {
                "summeringsrad (\"Summa\"/\"Totalt\") räknas inte".to_owned()
            } else {
                "rad med tal men utan datum (troligen en summering) räknas inte".to_owned()
            };
            out.diagnostics.push(
                Diagnostic::warning("summary-row", "a summary row was skipped, not counted")
                    .at(row_ref.location())
                    .hint("if the row is a total, nothing needs to change: lofte counts the activities itself; if it is an activity, write its date in Datum (and no \"Summa\" or \"Totalt\" in its cells)"),
            );
            out.excluded.push(Excluded {
                location: row_ref.location(),
                kind: ExclusionKind::SummaryRow,
                reason,
            });
            return;
        }

        let mut errors = Vec::new();
        let date = match date_cell {
            Cell::Date(dt) => match in_range(dt.date()) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(date_error(e, &date_cell.text(), cell_at(i, date_col)));
                    None
                }
            },
            Cell::Number(x) => match from_serial(*x) {
                Ok(d) => Some(d),
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
                    Diagnostic::error("missing-date", "the row has no date")
                        .at(cell_at(i, date_col))
                        .hint("every activity needs its date in the Datum column"),
                );
                None
            }
            other => match parse_date_text(&other.text(), order) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(date_error(e, &other.text(), cell_at(i, date_col)));
                    None
                }
            },
        };

        let count = match col(Field::Count) {
            None => Some(1),
            Some(j) => match get(Some(j)) {
                c if c.is_blank() => Some(1),
                Cell::Number(x) if *x >= 0.0 && x.fract() == 0.0 && *x < 1e12 => Some(*x as u64),
                Cell::Error(e) => {
                    errors.push(error_cell(e, cell_at(i, j)));
                    None
                }
                Cell::Text(t) if is_error_text(t) => {
                    errors.push(error_cell(t, cell_at(i, j)));
                    None
                }
                other => {
                    let text = other.text();
                    match parse_number_text(&text) {
                        Some(x) if x >= 0.0 && x.fract() == 0.0 && x < 1e12 => Some(x as u64),
                        _ => {
                            errors.push(
                                Diagnostic::error(
                                    "bad-count",
                                    "column \"Antal\" expects a whole number, 0 or more",
                                )
                                .at(cell_at(i, j))
                                .found(text)
                                .expected("a whole number such as 1 or 12; empty means 1")
                                .hint("put remarks in the column \"Kommentar\""),
                            );
                            None
                        }
                    }
                }
            },
        };

        // Error cells in the other known columns would silently change
        // matching: they are errors too.
        for f in [
            Field::Promise,
            Field::Activity,
            Field::Place,
            Field::Responsible,
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
                location: row_ref.location(),
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
                }
            })
            .collect();
        // Text cells are trimmed in place, not copied, before sharing.
        let mut shared = |f: Field| match get(col(f)) {
            Cell::Text(t) => Some(t.trim())
                .filter(|t| !t.is_empty())
                .map(|t| intern(interned, t)),
            _ => text_of(col(f)).map(|t| intern(interned, &t)),
        };
        out.activities.push(Activity {
            date,
            time: time_of_day(date_cell),
            promise: shared(Field::Promise),
            count,
            activity: shared(Field::Activity),
            place: shared(Field::Place),
            responsible: shared(Field::Responsible),
            comment: text_of(col(Field::Comment)).map(Text::from),
            extra,
            source: row_ref,
            columns: known,
        });
    }
}

fn error_cell(value: &str, at: Location) -> Diagnostic {
    Diagnostic::error("error-cell", "the cell holds an error, not a value")
        .at(at)
        .found(value.to_owned())
        .hint("fix the formula or type the value; a formula needs a saved result (open and save the file in Excel)")
}

fn date_error(e: DateError, text: &str, at: Location) -> Diagnostic {
    match e {
        DateError::Ambiguous => Diagnostic::error(
            "ambiguous-date",
            "the date can be read two ways",
        )
        .at(at)
        .found(text.to_owned())
        .expected("2023-04-03 (year-month-day)")
        .hint("write dates as 2023-04-03, or add datumordning = \"dag-manad\" to the promise file"),
        DateError::OutOfRange(d) => Diagnostic::error(
            "date-out-of-range",
            "the date lies before 2000 or after 2100",
        )
        .at(at)
        .found(d.to_string())
        .expected("a date between 2000 and 2100")
        .hint("check the year for a typing error"),
        DateError::Unreadable => Diagnostic::error("bad-date", "the cell is not a date")
            .at(at)
            .found(text.to_owned())
            .expected("a date such as 2023-03-15, 15 mars 2023 or 15/3 2023")
            .hint("check the day and month (a day that does not exist, such as 30 February, is not a date); remarks belong in the column \"Kommentar\""),
    }
}

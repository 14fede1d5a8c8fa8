//! The typed activity row every log is read into.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};
use thin_vec::ThinVec;

use crate::diag::{Location, Place};

/// One sheet of a log (a csv file is one): the file's name as the user
/// gave it, the sheet's, the columns of the known fields and the texts of
/// its rows' cells. Every row read from the sheet shares one, so a row
/// names where it is in one pointer, and its texts in four bytes each.
///
/// Two sheets are equal by their names and columns: the texts are their
/// rows', which compare by what they say ([`Activity`]'s `==`).
#[derive(Debug, Clone)]
pub struct LogSheet {
    /// File name as the user gave it.
    pub file: Text,
    /// Sheet name for workbooks, `None` for csv.
    pub sheet: Option<Text>,
    /// 0-based columns of the known fields, to name their cells.
    pub columns: KnownColumns,
    /// The rows' texts, set once the sheet is read (rows are made while
    /// the table of their texts still grows).
    texts: OnceLock<Texts>,
}

impl LogSheet {
    /// A sheet of its own, without known columns or texts (rows made by
    /// hand, in tests and examples).
    pub fn new(file: impl Into<Text>, sheet: Option<Text>) -> Arc<Self> {
        let sheet = LogSheet::unread(file.into(), sheet, KnownColumns::default());
        sheet.seal(Texts::default());
        Arc::new(sheet)
    }

    /// A sheet whose rows are still being read: its texts are set by
    /// [`LogSheet::seal`] when they are.
    pub(crate) fn unread(file: Text, sheet: Option<Text>, columns: KnownColumns) -> Self {
        LogSheet {
            file,
            sheet,
            columns,
            texts: OnceLock::new(),
        }
    }

    /// A sheet of the same names and columns whose rows are still being
    /// read (a second reader's, or a row made by hand).
    pub(crate) fn like(&self) -> Self {
        LogSheet::unread(self.file.clone(), self.sheet.clone(), self.columns)
    }

    /// Sets the texts of the sheet's rows, once they are read. A second
    /// call changes nothing.
    pub(crate) fn seal(&self, texts: Texts) {
        let _ = self.texts.set(texts);
    }

    /// A place in this sheet ([`Location::shared`]).
    pub fn at(&self, place: Place) -> Location {
        Location::shared(&self.file, self.sheet.as_ref(), place)
    }

    /// Whether the Löfte cell of `row` held a number, not text.
    pub fn promise_numbered(&self, row: u32) -> bool {
        self.texts.get().is_some_and(|t| t.numbered(row))
    }

    /// The sheet's Genomförd column when it says yes on some rows and
    /// nothing on `row`: whether that row was done is not known.
    pub fn blank_done(&self, row: u32) -> Option<&BlankDone> {
        self.texts
            .get()
            .and_then(|t| t.blank_done.as_deref())
            .filter(|b| b.rows.binary_search(&row).is_ok())
    }

    /// The text `id` of one of this sheet's rows.
    pub fn text(&self, id: TextId) -> &str {
        // Rows reach evaluation only from sheets whose reading ended, and
        // ended readings are sealed: an unsealed sheet has no text.
        debug_assert!(self.texts.get().is_some(), "a sheet read but not sealed");
        self.texts.get().map_or("", |t| t.get(id))
    }
}

impl PartialEq for LogSheet {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file && self.sheet == other.sheet && self.columns == other.columns
    }
}

/// A text of a row's cell: its place in the sheet's [`Texts`]. Four
/// bytes where a shared pointer is eight, and nothing to count when a row
/// is made or dropped: a million rows held five counted texts each, and
/// giving them back was a sixth of reading a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextId(NonZeroU32);

impl TextId {
    /// The id as a number (1 for a table's first text).
    pub(crate) fn get(self) -> u32 {
        self.0.get()
    }
}

/// The texts of one sheet's rows, end to end in one buffer: each text a
/// log repeats (promise ids, activity types, places) once, up to a limit,
/// and past it (a column of unique comments) each as it comes, without an
/// allocation of its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts {
    bytes: String,
    /// Where each text ends in `bytes`; text `k` starts where `k - 1`
    /// ends.
    ends: Vec<usize>,
    /// The rows, in order, whose Löfte cell held a number, not text: its
    /// text is lofte's own writing of the number ("1.1"), and the cell
    /// may have shown another ("1.10"). Evaluation, which knows the ids,
    /// tells whether that matters.
    numbered: Vec<u32>,
    /// A Genomförd column that says yes on some rows and is empty on
    /// others (rarely any: boxed, one pointer).
    blank_done: Option<Box<BlankDone>>,
}

/// A Genomförd (or Utförd) column that says yes ("Ja", "X", a date) on
/// some rows and nothing on others. In a log that ticks each activity
/// done, an empty cell is one not done, or not yet: counted, it would
/// raise a figure; not counted, it might lower one.
#[derive(Debug, Clone, PartialEq)]
pub struct BlankDone {
    /// The column, 0-based, in the sheet.
    pub column: u32,
    /// Its header as written.
    pub header: Text,
    /// How many rows of the sheet it says yes on.
    pub yes_rows: u32,
    /// Whether every yes is the day the activity was done ("Utfört
    /// datum").
    pub days: bool,
    /// Whether the column is a Status ("Genomförd", "Planerad", …), not a
    /// yes-or-no column.
    pub status: bool,
    /// The rows read as activities whose cell is empty, in order.
    pub rows: Vec<u32>,
}

impl Texts {
    /// Appends `text`, and gives its id; `None` past four billion texts.
    pub fn push(&mut self, text: &str) -> Option<TextId> {
        let id = u32::try_from(self.ends.len() + 1)
            .ok()
            .and_then(NonZeroU32::new)?;
        self.bytes.push_str(text);
        self.ends.push(self.bytes.len());
        Some(TextId(id))
    }

    /// The text `id`; empty for an id of another table.
    pub fn get(&self, id: TextId) -> &str {
        let k = id.0.get() as usize - 1;
        let start = k
            .checked_sub(1)
            .map_or(Some(0), |j| self.ends.get(j).copied());
        match (start, self.ends.get(k)) {
            (Some(start), Some(&end)) => self.bytes.get(start..end).unwrap_or(""),
            _ => "",
        }
    }

    /// Gives back the room reserved and not used.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.numbered.shrink_to_fit();
    }

    /// Notes that the Löfte cell of `row` held a number. Rows are noted
    /// in order.
    pub(crate) fn note_numbered(&mut self, row: u32) {
        if self.numbered.last().is_none_or(|&last| last < row) {
            self.numbered.push(row);
        }
    }

    /// Whether the Löfte cell of `row` held a number.
    pub fn numbered(&self, row: u32) -> bool {
        self.numbered.binary_search(&row).is_ok()
    }

    /// Sets the sheet's Genomförd column that says yes on some rows and
    /// nothing on others.
    pub(crate) fn set_blank_done(&mut self, blank: BlankDone) {
        self.blank_done = Some(Box::new(blank));
    }
}

/// Which text of a row ([`Activity::text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextField {
    /// Löfte.
    Promise,
    /// Aktivitet.
    Activity,
    /// Plats.
    Place,
    /// Ansvarig/Deltagare.
    Responsible,
    /// Kommentar.
    Comment,
}

impl TextField {
    /// Every text field, in the order of a row's columns.
    pub const ALL: [TextField; 5] = [
        TextField::Promise,
        TextField::Activity,
        TextField::Place,
        TextField::Responsible,
        TextField::Comment,
    ];
}

/// A column the log has beyond the known ones ("Beslag (g)"), kept so a
/// promise can sum it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExtraValue {
    /// The column header as written (shared by the column's rows).
    pub header: Text,
    /// The cell as text.
    pub text: String,
    /// The cell as a number, when it reads as one (decimal comma accepted).
    pub number: Option<f64>,
    /// 0-based column, to name the cell in diagnostics.
    pub column: u32,
    /// Whether the cell is merged over several rows (its value stands in
    /// each): a target adding the column up cannot split it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub merged: bool,
}

/// Text from a cell. Shared: a log repeats the same few promise ids,
/// activity types and names thousands of times, and each is held once.
/// One pointer wide (an `Arc<str>` is two): a row holds seven of them,
/// and a million-row log a million rows.
pub type Text = arcstr::ArcStr;

/// A time of day in whole seconds, or none, in four bytes where an
/// `Option<NaiveTime>` takes twelve: a row holds one. Ingest keeps whole
/// seconds only (a serial's fraction carries float noise).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ClockTime(
    /// Seconds from midnight plus one; 0 is no time.
    u32,
);

impl ClockTime {
    /// The time, if there is one.
    pub fn get(self) -> Option<NaiveTime> {
        self.0
            .checked_sub(1)
            .and_then(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0))
    }
}

impl From<Option<NaiveTime>> for ClockTime {
    /// Fractions of a second are dropped.
    fn from(time: Option<NaiveTime>) -> Self {
        use chrono::Timelike;
        ClockTime(time.map_or(0, |t| t.num_seconds_from_midnight() + 1))
    }
}

/// One logged activity (or a batch of them, `count` > 1). Two are equal
/// when they say the same in the same place: their texts compare as text,
/// whichever table holds them.
#[derive(Debug, Clone)]
pub struct Activity {
    /// When (Datum).
    pub date: NaiveDate,
    /// The time of day written in the Datum cell, if any (`07:30`).
    pub time: ClockTime,
    /// Promise id as written in the Löfte column, trimmed; `None` if blank
    /// or the column is absent ([`Activity::promise`] reads it). This and
    /// the other texts are ids in the table of the row's own `source`: an
    /// id means nothing in another sheet's (rows made by hand set their
    /// texts with [`Activity::set_text`]).
    pub promise: Option<TextId>,
    /// How many (Antal); 1 when the column is absent or the cell empty.
    /// At most `max_antal_per_rad`, which is at most `u32::MAX`.
    pub count: u32,
    /// What was done (Aktivitet).
    pub activity: Option<TextId>,
    /// Where (Plats).
    pub place: Option<TextId>,
    /// Who (Ansvarig/Deltagare), as written.
    pub responsible: Option<TextId>,
    /// Comment (Kommentar).
    pub comment: Option<TextId>,
    /// Other columns, in sheet order (one pointer wide: most logs have
    /// none).
    pub extra: ThinVec<ExtraValue>,
    /// 1-based row number the row came from (spreadsheet row or csv
    /// line).
    pub row: u32,
    /// The sheet it came from (file and sheet names, the columns of the
    /// known fields), shared by the sheet's rows.
    pub source: Arc<LogSheet>,
}

/// 0-based column positions of the known fields in the row's sheet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KnownColumns {
    /// Datum.
    pub date: Option<u32>,
    /// Löfte.
    pub promise: Option<u32>,
    /// Antal.
    pub count: Option<u32>,
    /// Aktivitet.
    pub activity: Option<u32>,
    /// Plats.
    pub place: Option<u32>,
    /// Ansvarig/Deltagare.
    pub responsible: Option<u32>,
}

impl PartialEq for Activity {
    fn eq(&self, other: &Self) -> bool {
        self.date == other.date
            && self.time == other.time
            && self.count == other.count
            && self.row == other.row
            && self.source == other.source
            && self.extra == other.extra
            && TextField::ALL
                .iter()
                .all(|f| self.text(*f) == other.text(*f))
    }
}

impl Activity {
    /// The promise id as written in the Löfte column, trimmed.
    pub fn promise(&self) -> Option<&str> {
        self.text(TextField::Promise)
    }

    /// Whether `other` comes from the same log: the same sheet, or the
    /// other half of a large log (read as a sheet of its own, with the
    /// same file and sheet names).
    pub fn same_log(&self, other: &Activity) -> bool {
        Arc::ptr_eq(&self.source, &other.source)
            || (self.source.file == other.source.file && self.source.sheet == other.source.sheet)
    }

    /// Whether the Löfte cell held a number: then [`Activity::promise`]
    /// is the number as lofte writes it, and "1.10" in the cell's own
    /// format reads "1.1".
    pub fn promise_numbered(&self) -> bool {
        self.source.promise_numbered(self.row)
    }

    /// What was done (Aktivitet).
    pub fn activity(&self) -> Option<&str> {
        self.text(TextField::Activity)
    }

    /// Where (Plats).
    pub fn place(&self) -> Option<&str> {
        self.text(TextField::Place)
    }

    /// Who (Ansvarig/Deltagare), as written.
    pub fn responsible(&self) -> Option<&str> {
        self.text(TextField::Responsible)
    }

    /// Comment (Kommentar).
    pub fn comment(&self) -> Option<&str> {
        self.text(TextField::Comment)
    }

    /// One of the row's texts. A text the sheet shares among its rows is
    /// the same `&str` (the same address) in each of them.
    pub fn text(&self, field: TextField) -> Option<&str> {
        self.id(field).map(|id| self.source.text(id))
    }

    /// The id of one of the row's texts in its sheet's table.
    pub(crate) fn id(&self, field: TextField) -> Option<TextId> {
        match field {
            TextField::Promise => self.promise,
            TextField::Activity => self.activity,
            TextField::Place => self.place,
            TextField::Responsible => self.responsible,
            TextField::Comment => self.comment,
        }
    }

    /// Sets one text of a row made by hand (tests, examples): the row
    /// moves to a sheet of its own, with the same names and columns,
    /// holding its texts.
    pub fn set_text(&mut self, field: TextField, text: Option<&str>) {
        let mut texts = Texts::default();
        let mut ids = [None; 5];
        for (k, f) in TextField::ALL.into_iter().enumerate() {
            let value = if f == field { text } else { self.text(f) };
            ids[k] = value.and_then(|v| texts.push(v));
        }
        let sheet = self.source.like();
        sheet.seal(texts);
        self.source = Arc::new(sheet);
        [
            self.promise,
            self.activity,
            self.place,
            self.responsible,
            self.comment,
        ] = ids;
    }

    /// A row made by hand (tests, examples): `count` on `date`, row `row`
    /// of `source`, no time and no texts.
    pub fn by_hand(date: NaiveDate, count: u32, row: u32, source: Arc<LogSheet>) -> Activity {
        Activity {
            date,
            time: ClockTime::default(),
            promise: None,
            count,
            activity: None,
            place: None,
            responsible: None,
            comment: None,
            extra: ThinVec::new(),
            row,
            source,
        }
    }

    /// A row made by hand with `texts` set (see [`Activity::set_text`]).
    pub fn with_texts(mut self, texts: &[(TextField, &str)]) -> Self {
        for (field, text) in texts {
            self.set_text(*field, Some(text));
        }
        self
    }

    /// 0-based columns of the known fields in the row's sheet, to name
    /// their cells (each `None` when the column is absent).
    pub fn columns(&self) -> &KnownColumns {
        &self.source.columns
    }

    /// The location of one cell of this row (`column` 0-based).
    pub fn cell(&self, column: u32) -> Location {
        self.source.at(Place::Cell {
            row: self.row.saturating_sub(1),
            column,
        })
    }

    /// The location of this row's cell in `column` (one of
    /// [`Activity::columns`]), or of the whole row when the sheet has no
    /// such column.
    pub fn cell_or_row(&self, column: Option<u32>) -> Location {
        column.map_or_else(|| self.location(), |c| self.cell(c))
    }

    /// The location of the whole row.
    pub fn location(&self) -> Location {
        self.source.at(self.row_place())
    }

    /// The whole row as a place in its sheet.
    pub fn row_place(&self) -> Place {
        Place::Row {
            row: self.row.saturating_sub(1),
        }
    }

    /// The number in the extra column whose header matches `header`
    /// (case-insensitive, surrounding spaces ignored).
    pub fn extra_number(&self, header: &str) -> Option<&ExtraValue> {
        let wanted = header.trim().to_lowercase();
        self.extra
            .iter()
            .find(|e| e.header.trim().to_lowercase() == wanted)
    }
}

// A million-row log holds a million of these: 216 bytes before the texts
// were one pointer wide, the columns shared, the extras thin and the time
// packed (BENCHMARKS.md, section 9), 96 before the file, the sheet and the
// columns were one shared sheet, 80 before the count took four bytes, 72
// before the texts were places in the sheet's table (section 10).
const _: () = assert!(std::mem::size_of::<Activity>() <= 56);

#[cfg(test)]
mod tests {
    use super::*;

    /// A packed time of day reads back as written, midnight and the last
    /// second of the day included; no time stays none.
    #[test]
    fn a_time_of_day_reads_back_as_it_was_packed() {
        for (h, m, s) in [(0, 0, 0), (7, 30, 0), (12, 0, 1), (23, 59, 59)] {
            let t = NaiveTime::from_hms_opt(h, m, s);
            assert_eq!(ClockTime::from(t).get(), t);
        }
        assert_eq!(ClockTime::from(None).get(), None);
        assert_eq!(ClockTime::default().get(), None);
    }
}

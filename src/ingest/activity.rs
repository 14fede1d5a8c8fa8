//! The typed activity row every log is read into.

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::sync::Arc;
use thin_vec::ThinVec;

use crate::diag::{Location, Place};

/// One sheet of a log (a csv file is one): the file's name as the user
/// gave it, the sheet's, and the columns of the known fields. Every row
/// read from the sheet shares one, so a row names where it is in one
/// pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct LogSheet {
    /// File name as the user gave it.
    pub file: Text,
    /// Sheet name for workbooks, `None` for csv.
    pub sheet: Option<Text>,
    /// 0-based columns of the known fields, to name their cells.
    pub columns: KnownColumns,
}

impl LogSheet {
    /// A sheet of its own, without known columns (rows made by hand, in
    /// tests and examples).
    pub fn new(file: impl Into<Text>, sheet: Option<Text>) -> Arc<Self> {
        Arc::new(LogSheet {
            file: file.into(),
            sheet,
            columns: KnownColumns::default(),
        })
    }

    /// A place in this sheet ([`Location::shared`]).
    pub fn at(&self, place: Place) -> Location {
        Location::shared(&self.file, self.sheet.as_ref(), place)
    }
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

/// One logged activity (or a batch of them, `count` > 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// When (Datum).
    pub date: NaiveDate,
    /// The time of day written in the Datum cell, if any (`07:30`).
    pub time: ClockTime,
    /// Promise id as written in the Löfte column, trimmed; `None` if blank
    /// or the column is absent.
    pub promise: Option<Text>,
    /// How many (Antal); 1 when the column is absent or the cell empty.
    /// At most `max_antal_per_rad`, which is at most `u32::MAX`.
    pub count: u32,
    /// What was done (Aktivitet).
    pub activity: Option<Text>,
    /// Where (Plats).
    pub place: Option<Text>,
    /// Who (Ansvarig/Deltagare), as written.
    pub responsible: Option<Text>,
    /// Comment (Kommentar).
    pub comment: Option<Text>,
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

impl Activity {
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

    /// The location of the whole row.
    pub fn location(&self) -> Location {
        self.source.at(Place::Row {
            row: self.row.saturating_sub(1),
        })
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
// columns were one shared sheet, 80 before the count took four bytes
// (section 10).
const _: () = assert!(std::mem::size_of::<Activity>() <= 72);

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

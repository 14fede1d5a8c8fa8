//! Counted rows whose Genomförd cell is empty where the column says yes on
//! other rows. A log that ticks each activity as it is done ("X" or "Ja"
//! once done) leaves a planned one empty: counted, it raises a figure; left
//! out, an activity whose tick was forgotten lowers one. Only the user
//! knows which, so such a row is refused where it would be counted.

use crate::diag::{Code, Diagnostic};
use crate::ingest::{Activity, BlankDone};

/// How many more empty cells one error names beside its first.
const NAMED: usize = 4;

/// One error per sheet whose Genomförd column says yes on some rows and is
/// empty on rows counted here (`counted`, by ingest's order), at the first
/// such cell. Rows outside the report, of another municipality or left out
/// for a reason of their own are never asked about.
pub(super) fn blank_among_ticked(activities: &[Activity], counted: &[bool]) -> Vec<Diagnostic> {
    // Sheets in the order read; a sheet read in two halves is one sheet.
    let mut sheets: Vec<(&Activity, &BlankDone, Vec<&Activity>)> = Vec::new();
    for (a, _) in activities.iter().zip(counted).filter(|(_, c)| **c) {
        let Some(blank) = a.source.blank_done(a.row) else {
            continue;
        };
        let same = |first: &Activity| {
            first.source.file == a.source.file && first.source.sheet == a.source.sheet
        };
        match sheets.iter_mut().find(|(first, _, _)| same(first)) {
            Some((_, _, rows)) => rows.push(a),
            None => sheets.push((a, blank, vec![a])),
        }
    }
    sheets
        .into_iter()
        .map(|(_, blank, rows)| {
            let header = blank.header.trim();
            let count = |n: usize, one: &str, many: &str| {
                if n == 1 {
                    format!("1 {one}")
                } else {
                    format!("{n} {many}")
                }
            };
            // A column of the days activities were done asks for a day.
            let (says, expected, write) = if blank.status {
                (
                    "says an activity was done",
                    "Genomförd for an activity done; Planerad or Inställd for one not done",
                    "Genomförd, Planerad or Inställd",
                )
            } else if blank.days {
                (
                    "gives the day an activity was done",
                    "the day the activity was done; Nej for one planned or not done",
                    "the day it was done or Nej",
                )
            } else {
                (
                    "says an activity was done",
                    "Ja for an activity done; Nej for one planned or not done",
                    "Ja or Nej",
                )
            };
            let mut d = Diagnostic::error(
                Code::BlankDone,
                format!(
                    "column \"{header}\" {says} on {}, and is empty on {} counted here: whether those were done is not known",
                    count(blank.yes_rows as usize, "row", "rows"),
                    count(rows.len(), "row", "rows"),
                ),
            )
            .at(rows[0].cell(blank.column))
            .expected(expected)
            .hint(format!(
                "write {write} in \"{header}\" on every row (a row not done is not counted); if every row of the log was done, the column can be deleted"
            ));
            for a in rows.iter().skip(1).take(NAMED) {
                d = d.related("also empty", a.cell(blank.column));
            }
            d
        })
        .collect()
}

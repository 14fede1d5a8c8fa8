//! Rows dated after their workbook was last saved: entered before the day
//! they name, they were plans then ("Luciavandring 13 december" written in
//! November), and nothing in the file says they were done.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::agreement::DateRange;
use crate::diag::{Code, Diagnostic};
use crate::ingest::{Activity, SourceFile};

/// An error at the Datum cell of each row of a promise, in the window and
/// by the as-of date, dated after its workbook was last saved. A save day
/// before every row of its file is no save day of the log (a program that
/// writes a fixed date): only a day the file has rows on or before counts.
pub(super) fn after_saved(
    sources: &[SourceFile],
    activities: &[Activity],
    per_promise: &[Vec<&Activity>],
    window: DateRange,
    as_of: NaiveDate,
) -> Vec<Diagnostic> {
    let saved: Vec<(&str, NaiveDate)> = sources
        .iter()
        .filter_map(|s| Some((s.file.as_str(), s.saved_on?)))
        .filter(|&(file, day)| {
            activities
                .iter()
                .any(|a| a.date <= day && &*a.source.file == file)
        })
        .collect();
    if saved.is_empty() {
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for a in per_promise.iter().flatten() {
        if !window.contains(a.date) || a.date > as_of {
            continue;
        }
        let Some(&(_, day)) = saved
            .iter()
            .find(|&&(file, day)| a.date > day && &*a.source.file == file)
        else {
            continue;
        };
        if !seen.insert(std::ptr::from_ref::<Activity>(a)) {
            continue;
        }
        let at = a.cell_or_row(a.columns().date);
        out.push(
            Diagnostic::error(
                Code::AfterSaved,
                format!(
                    "the row is dated {}, after the file was last saved ({day}): it was entered before it happened",
                    a.date
                ),
            )
            .at(at)
            .hint("if it was done, open the file, check the row and save it; if it was only planned, mark it (Status \"Planerad\") or delete it"),
        );
    }
    out
}

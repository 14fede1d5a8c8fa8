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

/// Days the last save of the logs may lie before the as-of date: a
/// month without a new row is common (holidays, a vacancy), half a year
/// is a report written before the period was over.
const SAVED_DAYS_BEFORE: i64 = 31;

/// An error where every log is a workbook whose save day is believed, and
/// the latest of them lies more than [`SAVED_DAYS_BEFORE`] days before the
/// as-of date while rows of a promise are in the window: no activity after
/// that day can be in the logs, and each period after it would be judged
/// with none (a report run in July for the year, without `--as-of`, said
/// "Ej uppfyllt" of every promise per month). A log without a save day
/// (csv, xls, a program's file) may hold later rows: nothing is said.
pub(super) fn saved_before_as_of(
    sources: &[SourceFile],
    activities: &[Activity],
    per_promise: &[Vec<&Activity>],
    window: DateRange,
    as_of: NaiveDate,
) -> Option<Diagnostic> {
    let counted = per_promise
        .iter()
        .flatten()
        .any(|a| window.contains(a.date) && a.date <= as_of);
    if sources.is_empty() || !counted {
        return None;
    }
    let mut latest: Option<(&str, NaiveDate)> = None;
    for s in sources {
        // Only a save day the file has rows on or before is believed.
        let day = s.saved_on.filter(|&day| {
            activities
                .iter()
                .any(|a| a.date <= day && *a.source.file == *s.file)
        })?;
        if latest.is_none_or(|(_, d)| day > d) {
            latest = Some((s.file.as_str(), day));
        }
    }
    let (file, day) = latest?;
    let days = (as_of - day).num_days();
    if days <= SAVED_DAYS_BEFORE {
        return None;
    }
    let (which, them) = if sources.len() == 1 {
        (format!("{file} was last saved on {day}"), "it")
    } else {
        (
            format!("the logs were last saved on {day} ({file})"),
            "them",
        )
    };
    Some(
        Diagnostic::error(
            Code::SavedBeforeAsOf,
            format!(
                "{which}, {days} days before the report's as-of date {as_of}: no activity after {day} can be in {them}, and every period after it would be judged as if nothing was done"
            ),
        )
        .at(crate::diag::Location::file(file))
        .hint(format!(
            "if the report is written before the period is over, give --as-of {day} (each promise then says how far it has come); if the log is complete, open it, check that it holds every activity up to {as_of}, and save it"
        )),
    )
}

//! What the days the logs were last saved say: a row dated after its
//! workbook was last saved was entered before the day it names, a plan
//! then ("Luciavandring 13 december" written in November), and nothing in
//! the file says it was done; logs all last saved long before the as-of
//! date cannot hold what was done since.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::agreement::DateRange;
use crate::diag::{Code, Diagnostic};
use crate::ingest::{Activity, SourceFile};

/// The logs' save days beside what they are checked against: the rows of
/// each promise, the window and the as-of date.
pub(super) struct SaveDays<'p, 'a> {
    /// Each workbook with a save day that is believed: only a day the file
    /// has rows on or before counts (a save day before every row of its
    /// file is a program's fixed date, no save day of the log). `None`
    /// for a log without one (csv, xls, a program's file).
    days: Vec<(&'p str, Option<NaiveDate>)>,
    per_promise: &'p [Vec<&'a Activity>],
    window: DateRange,
    as_of: NaiveDate,
}

impl<'p, 'a> SaveDays<'p, 'a> {
    pub(super) fn new(
        sources: &'p [SourceFile],
        activities: &[Activity],
        per_promise: &'p [Vec<&'a Activity>],
        window: DateRange,
        as_of: NaiveDate,
    ) -> Self {
        let days = sources
            .iter()
            .map(|s| {
                let day = s.saved_on.filter(|&day| {
                    activities
                        .iter()
                        .any(|a| a.date <= day && *a.source.file == *s.file)
                });
                (s.file.as_str(), day)
            })
            .collect();
        SaveDays {
            days,
            per_promise,
            window,
            as_of,
        }
    }

    /// The rows of the promises in the window and by the as-of date.
    fn counted(&self) -> impl Iterator<Item = &'a Activity> + '_ {
        self.per_promise
            .iter()
            .flatten()
            .copied()
            .filter(|a| self.window.contains(a.date) && a.date <= self.as_of)
    }

    /// An error at the Datum cell of each row of a promise, in the window
    /// and by the as-of date, dated after its workbook was last saved.
    pub(super) fn after_saved(&self) -> Vec<Diagnostic> {
        let saved: Vec<(&str, NaiveDate)> = self
            .days
            .iter()
            .filter_map(|&(file, day)| Some((file, day?)))
            .collect();
        if saved.is_empty() {
            return Vec::new();
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for a in self.counted() {
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

    /// An error where every log is a workbook whose save day is believed,
    /// and the latest of them lies more than [`SAVED_DAYS_BEFORE`] days
    /// before the as-of date while rows of a promise are in the window: no
    /// activity after that day can be in the logs, and each period after
    /// it would be judged with none (a report run in July for the year,
    /// without `--as-of`, said "Ej uppfyllt" of every promise per month).
    /// A log without a save day may hold later rows: nothing is said.
    pub(super) fn saved_before_as_of(&self) -> Option<Diagnostic> {
        if self.days.is_empty() || self.counted().next().is_none() {
            return None;
        }
        let mut latest: Option<(&str, NaiveDate)> = None;
        for &(file, day) in &self.days {
            let day = day?;
            if latest.is_none_or(|(_, d)| day > d) {
                latest = Some((file, day));
            }
        }
        let (file, day) = latest?;
        let as_of = self.as_of;
        let days = (as_of - day).num_days();
        if days <= SAVED_DAYS_BEFORE {
            return None;
        }
        let (which, them) = if self.days.len() == 1 {
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
}

/// Days the last save of the logs may lie before the as-of date: a
/// month without a new row is common (holidays, a vacancy), half a year
/// is a report written before the period was over.
const SAVED_DAYS_BEFORE: i64 = 31;

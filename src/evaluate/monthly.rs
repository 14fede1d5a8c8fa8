//! A log of sums per month read as activities. Excel turns "mars 2023"
//! typed in Datum into 1 March 2023, shown as "mar-23"; a log kept as one
//! row per month then dates every sum on the 1st. A year's or a month's
//! figure is still right, but a target judged week by week or counting
//! days sees every month's activities on one day of one week.

use chrono::Datelike;

use crate::agreement::{Counting, Period, Target};
use crate::diag::{Code, Diagnostic};
use crate::ingest::Activity;

/// Fewer rows on the 1st than this may be activities that fell on it.
const MIN_ROWS: usize = 3;

/// How a target needs each activity's own day, if it does.
fn needs_the_day(t: &Target) -> Option<&'static str> {
    match t.counting {
        Counting::Days => return Some("counts the days with activities"),
        Counting::Weekends => return Some("counts the weekends with activities"),
        Counting::Weeks => return Some("counts the weeks with activities"),
        Counting::Sum | Counting::Places => {}
    }
    match super::targets::period_of(&t.kind)? {
        Period::Day => Some("is judged day by day"),
        Period::Week => Some("is judged week by week"),
        Period::Weekend => Some("is judged weekend by weekend"),
        _ => None,
    }
}

/// An error for each promise with a target that needs the day, whose rows
/// in the window are at least [`MIN_ROWS`], in as many months, and all
/// dated the 1st: sums per month, not activities.
pub(super) fn sums_per_month(promises: &super::InWindow<'_, '_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (promise, rows) in promises.each() {
        let Some(how) = promise.targets.iter().find_map(needs_the_day) else {
            continue;
        };
        let rows: Vec<&Activity> = rows.collect();
        if rows.len() < MIN_ROWS || rows.iter().any(|a| a.date.day() != 1) {
            continue;
        }
        let mut months: Vec<(i32, u32)> = rows
            .iter()
            .map(|a| (a.date.year(), a.date.month()))
            .collect();
        months.sort_unstable();
        months.dedup();
        if months.len() < MIN_ROWS {
            continue;
        }
        let first = rows[0];
        out.push(
            Diagnostic::error(
                Code::SumsPerMonth,
                format!(
                    "every row of {} in the report ({} rows) is dated the 1st of its month, and a target of it {how}: the rows look like sums per month, not activities on their days",
                    promise.id,
                    rows.len()
                ),
            )
            .at(first.cell_or_row(first.columns().date))
            .found(first.date.to_string())
            .expected("each activity on a row of its own, dated the day it was done")
            .hint("write each activity's own date (a month typed as \"mars 2023\" becomes 1 March); if the log can only give sums per month, judge the target per month or per year in the promise file"),
        );
    }
    out
}

//! A Friday row whose Tid cell holds no time of day ("eftermiddag",
//! "em"). A weekend counts from Friday 17:00, and a Friday without a time
//! counts whole: read so, an afternoon added a weekend. Whether it does is
//! the user's to say, so such a row of a weekend target is refused.

use chrono::{Datelike, Weekday};

use crate::agreement::{Counting, Period, Target};
use crate::diag::{Code, Diagnostic};
use crate::ingest::is_time_header;

/// Whether a target counts weekends or is judged weekend by weekend (an
/// average per weekend takes every row: its Friday times do not matter).
fn judges_weekends(t: &Target) -> bool {
    t.counting == Counting::Weekends || super::targets::period_of(&t.kind) == Some(Period::Weekend)
}

/// An error at the Tid cell of each Friday row in the window, of a
/// promise with a weekend target, whose time is not known though the cell
/// holds text.
pub(super) fn fridays(promises: &super::InWindow<'_, '_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (promise, rows) in promises.each() {
        if !promise.targets.iter().any(judges_weekends) {
            continue;
        }
        for a in rows.filter(|a| a.date.weekday() == Weekday::Fri && a.time.get().is_none()) {
            let Some(cell) = a
                .extra
                .iter()
                .find(|e| is_time_header(&e.header) && !e.text.trim().is_empty())
            else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    Code::FridayWithoutTime,
                    format!(
                        "the {} cell holds no time of day, and on a Friday a weekend counts from 17:00: whether the row adds a weekend to {} is not known",
                        cell.header.trim(),
                        promise.id
                    ),
                )
                .at(a.cell(cell.column))
                .found(cell.text.trim().to_owned())
                .expected("a time such as 18:30, kl 18 or 18-21")
                .hint("write the time the activity started; leave the cell empty for a Friday evening"),
            );
        }
    }
    out
}

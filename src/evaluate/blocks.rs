//! Rows that lean on the rows above them, as people lay out a log by
//! hand: a promise written once at the top of a block of its rows, and a
//! total typed under a block with no word saying it is one. Read row by
//! row, either gives a wrong figure: the block's other rows count toward
//! nothing, or the total counts again what it sums.

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic};
use crate::ingest::Activity;

use super::same_text;

/// Errors for rows whose Löfte is empty under a row naming a promise with
/// the same Aktivitet, when such a row counts toward no promise (`unmatched`):
/// the log writes the promise once per block.
pub(super) fn promise_written_once(rows: &[Activity], unmatched: &[&Activity]) -> Vec<Diagnostic> {
    if unmatched.is_empty() {
        return Vec::new();
    }
    let unmatched: HashSet<*const Activity> =
        unmatched.iter().map(|a| *a as *const Activity).collect();
    let mut out = Vec::new();
    // The block's first row, and the rows found under it.
    let mut block: Option<&Activity> = None;
    let mut found: Option<(&Activity, &Activity, usize)> = None;
    let mut flush = |found: &mut Option<(&Activity, &Activity, usize)>| {
        if let Some((head, first, n)) = found.take() {
            let id = head.promise().unwrap_or_default().trim();
            let (rows, count) = if n == 1 {
                ("a row has".to_owned(), "it counts")
            } else {
                (format!("{n} rows have"), "they count")
            };
            let mut d = Diagnostic::error(
                Code::PromiseWrittenOnce,
                format!(
                    "{rows} an empty Löfte under a row of {id} with the same Aktivitet, so {count} toward no promise: the log seems to write the promise once for a block of rows"
                ),
            )
            .at(first
                .columns()
                .promise
                .map_or_else(|| first.location(), |c| first.cell(c)))
            .hint(format!(
                "write {id} in each row of the block (in Excel: select the column and fill down); a row that belongs to no promise needs another Aktivitet than the rows of {id} above it"
            ));
            if let Some(c) = head.columns().promise {
                d = d.related("the row naming it", head.cell(c));
            }
            out.push(d);
        }
    };
    for a in rows {
        if a.columns().promise.is_none() {
            continue;
        }
        let named = a.promise().is_some_and(|p| !p.trim().is_empty());
        if named {
            flush(&mut found);
            block = Some(a);
            continue;
        }
        // The same Aktivitet, and the same Plats (or none): a row of
        // another place is another activity, whose promise may be none.
        let same = block.is_some_and(|head| {
            head.same_log(a)
                && match (head.activity(), a.activity()) {
                    (Some(x), Some(y)) => !y.trim().is_empty() && same_text(x, y),
                    _ => false,
                }
                && super::parties::same_place(head, a)
        });
        if !same {
            flush(&mut found);
            block = None;
            continue;
        }
        if unmatched.contains(&(a as *const Activity))
            && let Some(head) = block
        {
            match &mut found {
                Some((_, _, n)) => *n += 1,
                None => found = Some((head, a, 1)),
            }
        }
    }
    flush(&mut found);
    out
}

/// Whether a Plats is only the name of a month ("Mars", "april 2023"):
/// a total's label.
fn names_a_month(text: &str) -> bool {
    let mut words = text.split_whitespace();
    words.next().is_some_and(|w| {
        crate::locale::SV_MONTHS
            .iter()
            .any(|m| w.to_lowercase() == *m)
    }) && words.all(|w| w.chars().all(|c| c.is_ascii_digit()))
}

/// Errors for rows that look like a total typed under a block: no
/// Aktivitet (in a log without one, no Plats) while the rows above have
/// it, no Kommentar and no Plats but a month's name, and an Antal of
/// three or more that is exactly the sum of the rows above it of the same
/// promise (two or more, since the last such row). Counted, the block's
/// activities count twice.
pub(super) fn unlabelled_totals(rows: &[Activity]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The run of rows above: their sum and number, of one promise and
    // sheet.
    let mut run: Option<(&Activity, u64, usize)> = None;
    for a in rows {
        // What was done says a row is an activity; in a log without
        // Aktivitet, where.
        let filled = |t: Option<&str>| t.is_some_and(|t| !t.trim().is_empty());
        let described = if a.columns().activity.is_some() {
            filled(a.activity())
        } else {
            filled(a.place())
        };
        let same_run = |head: &Activity| {
            // One sheet's texts are numbered once each: the same number
            // is the same text (the common case, and no text is read).
            if std::sync::Arc::ptr_eq(&head.source, &a.source) && head.promise == a.promise {
                return true;
            }
            head.same_log(a)
                && match (head.promise(), a.promise()) {
                    (Some(x), Some(y)) => crate::agreement::same_id(x.trim(), y.trim()),
                    (None, None) => true,
                    _ => false,
                }
        };
        if described {
            match &mut run {
                Some((head, sum, n)) if same_run(head) => {
                    *sum += u64::from(a.count);
                    *n += 1;
                }
                _ => run = Some((a, u64::from(a.count), 1)),
            }
            continue;
        }
        let has_columns = a.columns().activity.is_some() || a.columns().place.is_some();
        // A total says nothing but its figure (a Plats at most names the
        // month), and sums more than a pair of single rows: an activity
        // whose Aktivitet was forgotten has a place or a remark, and 1 +
        // 1 = 2 is too common to mean anything.
        let bare = a.comment().is_none_or(|t| t.trim().is_empty())
            && a.place()
                .is_none_or(|t| t.trim().is_empty() || names_a_month(t));
        if let Some((head, sum, n)) = run
            && has_columns
            && bare
            && same_run(head)
            && n >= 2
            && a.count >= 3
            && u64::from(a.count) == sum
        {
            out.push(
                Diagnostic::error(
                    Code::UnlabelledTotal,
                    format!(
                        "the row says nothing of what was done, and its Antal {} is the sum of the {n} rows above it: a total would count them again",
                        a.count
                    ),
                )
                .at(a.cell_or_row(a.columns().count))
                .related("the first row it sums", head.location())
                .hint("if the row is a total, delete it or write \"Summa\" in its Aktivitet (lofte then leaves it out); if it is an activity, write what was done in Aktivitet"),
            );
        }
        run = None;
    }
    out
}

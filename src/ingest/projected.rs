//! Copies that are not alike in every column: the municipality's log made
//! from the police's with a column added ("Kommun"), a pivot table of the
//! log by Datum and Löfte (its columns some of the log's), an old copy of
//! the log with one cell corrected since. Each row would be counted
//! twice, and identical-row warnings beside a doubled figure are not
//! enough. (A copy alike in every column is
//! [`duplicates`](super::duplicates)' to find.)
//!
//! Log `s` copies log `t` when every column `s` fills in is one that `t`
//! fills in too (but for an Ansvarig column only `t` fills in: that tells
//! two parties' logs of the same activities apart), `s` names what its
//! rows are for (a Löfte or an Aktivitet column), and its rows, compared in its own columns, are rows of `t`,
//! one there for each here:
//! - all of them, when `t` has columns `s` has not;
//! - all but one in ten (one of fewer than twenty; at least five rows),
//!   when both have the same columns: a copy edited since.

use std::collections::{BTreeSet, HashMap};

use super::duplicates::{Logs, copy_hint, fold};
use super::{Activity, TextField};
use crate::diag::{Code, Diagnostic};

/// A log of fewer rows may share them with another by chance.
const MIN_ROWS: usize = 3;

/// A copy edited since has at least this many rows.
const EDITED_MIN_ROWS: usize = 5;

/// A column a log fills in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Text(TextField),
    Count,
    /// Another column, by its folded header.
    Extra(String),
}

impl Field {
    /// The column's name in a message.
    fn name(&self, headers: &HashMap<String, String>) -> String {
        match self {
            Field::Text(TextField::Promise) => "Löfte".into(),
            Field::Text(TextField::Activity) => "Aktivitet".into(),
            Field::Text(TextField::Place) => "Plats".into(),
            Field::Text(TextField::Responsible) => "Ansvarig".into(),
            Field::Text(TextField::Comment) => "Kommentar".into(),
            Field::Count => "Antal".into(),
            Field::Extra(h) => headers.get(h).cloned().unwrap_or_else(|| h.clone()),
        }
    }
}

/// The columns each log fills in, and each log's rows.
struct Columns<'a> {
    fields: Vec<BTreeSet<Field>>,
    rows: Vec<Vec<&'a Activity>>,
    /// Folded headers of other columns as first written.
    headers: HashMap<String, String>,
}

impl<'a> Columns<'a> {
    fn of(activities: &'a [Activity], logs: &Logs) -> Columns<'a> {
        let mut c = Columns {
            fields: vec![BTreeSet::new(); logs.len()],
            rows: vec![Vec::new(); logs.len()],
            headers: HashMap::new(),
        };
        for (log, a) in logs.each(activities) {
            let (Some(fields), Some(rows)) = (c.fields.get_mut(log), c.rows.get_mut(log)) else {
                continue;
            };
            rows.push(a);
            if a.source.columns.count.is_some() {
                fields.insert(Field::Count);
            }
            for f in TextField::ALL {
                if a.text(f).is_some_and(|t| !t.trim().is_empty()) {
                    fields.insert(Field::Text(f));
                }
            }
            for e in a.extra.iter().filter(|e| !e.text.trim().is_empty()) {
                // Folded (and a String made) only the first time a log
                // fills the column in, not on every row.
                let known = fields
                    .iter()
                    .any(|f| matches!(f, Field::Extra(h) if fold(&e.header).eq(h.chars())));
                if !known {
                    let header: String = fold(&e.header).collect();
                    c.headers
                        .entry(header.clone())
                        .or_insert_with(|| e.header.trim().to_owned());
                    fields.insert(Field::Extra(header));
                }
            }
        }
        c
    }
}

/// A row compared in `fields` (and its date and time, always).
fn key(a: &Activity, fields: &BTreeSet<Field>, key: &mut String) {
    use std::fmt::Write;
    key.clear();
    let _ = write!(key, "{}|{:?}", a.date, a.time);
    for f in fields {
        key.push('\u{1f}');
        match f {
            Field::Text(t) => key.extend(fold(a.text(*t).unwrap_or(""))),
            Field::Count => {
                let _ = write!(key, "{}", a.count);
            }
            Field::Extra(h) => {
                let text = a
                    .extra
                    .iter()
                    .find(|e| fold(&e.header).eq(h.chars()))
                    .map_or("", |e| e.text.as_str());
                key.extend(fold(text));
            }
        }
    }
}

/// The logs `t`'s rows, in `fields`, as a count of each.
fn counted(rows: &[&Activity], fields: &BTreeSet<Field>) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    let mut k = String::new();
    for a in rows {
        key(a, fields, &mut k);
        *counts.entry(k.clone()).or_default() += 1;
    }
    counts
}

/// An error for each log that copies another in fewer columns, or as it
/// was before an edit; `skip` are logs already named (copies alike in
/// every column, summaries). Also the logs named.
pub(super) fn copies(
    activities: &[Activity],
    logs: &Logs,
    skip: &[usize],
) -> (Vec<Diagnostic>, Vec<usize>) {
    let mut errors = Vec::new();
    let mut named = Vec::new();
    if logs.len() < 2 {
        return (errors, named);
    }
    let c = Columns::of(activities, logs);
    let names_what = |f: &BTreeSet<Field>| {
        f.contains(&Field::Text(TextField::Promise))
            || f.contains(&Field::Text(TextField::Activity))
    };
    for s in 0..logs.len() {
        let rows = &c.rows[s];
        if skip.contains(&s) || rows.len() < MIN_ROWS || !names_what(&c.fields[s]) {
            continue;
        }
        let copied = (0..logs.len()).find_map(|t| {
            // An Ansvarig column only `t` has says who did its rows: two
            // parties' logs of the same activities (a joint promise counts
            // such an event once), not a copy.
            let fewer = c.fields[s].is_subset(&c.fields[t])
                && c.fields[s] != c.fields[t]
                && (c.fields[s].contains(&Field::Text(TextField::Responsible))
                    || !c.fields[t].contains(&Field::Text(TextField::Responsible)));
            let same = c.fields[s] == c.fields[t];
            // Of two logs with the same columns, the copy is the smaller,
            // or, as large, the one read later.
            let later = c.rows[t].len() > rows.len() || (c.rows[t].len() == rows.len() && t < s);
            if t == s || !(fewer || (same && later && rows.len() >= EDITED_MIN_ROWS)) {
                return None;
            }
            if c.rows[t].len() < rows.len() && fewer {
                return None;
            }
            let mut theirs = counted(&c.rows[t], &c.fields[s]);
            let mut k = String::new();
            let mut different: Vec<&Activity> = Vec::new();
            for a in rows {
                key(a, &c.fields[s], &mut k);
                match theirs.get_mut(k.as_str()) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ => different.push(a),
                }
            }
            let copy = if fewer {
                different.is_empty()
            } else {
                // Alike in every column is the other check's; one row in
                // ten (one of fewer than twenty) may have been corrected
                // since.
                !different.is_empty() && different.len() <= (rows.len() / 10).max(1)
            };
            copy.then_some((t, fewer, different))
        });
        let Some((t, fewer, different)) = copied else {
            continue;
        };
        named.push(s);
        let same_file = logs.names[s].0 == logs.names[t].0;
        let columns: Vec<String> = std::iter::once("Datum".to_owned())
            .chain(c.fields[s].iter().map(|f| f.name(&c.headers)))
            .collect();
        let message = if fewer {
            format!(
                "{} holds the rows of {} in fewer columns: each of its {} rows is a row there, alike in {}, so every one would be counted twice",
                logs.name(s, t),
                logs.name(t, s),
                rows.len(),
                crate::diag::listed(&columns, "and"),
            )
        } else {
            format!(
                "{} is a copy of {} but for {} of its {} rows: the others are rows there, alike in every column, so they would be counted twice",
                logs.name(s, t),
                logs.name(t, s),
                different.len(),
                rows.len(),
            )
        };
        let mut d = Diagnostic::error(Code::CopiedLog, message)
            .at(logs.location(s))
            .related("copied from", logs.location(t));
        for a in &different {
            d = d.related("differs from the log copied", a.location());
        }
        errors.push(d.hint(copy_hint(same_file)));
    }
    (errors, named)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ExtraValue, LogSheet, Text};
    use chrono::NaiveDate;

    /// A row of `file` (and `sheet`) on day `day` of March 2023, for K1,
    /// with an Antal column and `place`.
    fn row(file: &str, sheet: Option<&str>, day: u32, count: u32, place: &str) -> Activity {
        let mut a = Activity::by_hand(
            NaiveDate::from_ymd_opt(2023, 3, day).unwrap(),
            count,
            day + 1,
            LogSheet::new(file, sheet.map(Text::from)),
        );
        std::sync::Arc::make_mut(&mut a.source).columns.count = Some(2);
        let texts = [(TextField::Promise, "K1"), (TextField::Place, place)];
        a.with_texts(if place.is_empty() {
            &texts[..1]
        } else {
            &texts
        })
    }

    const PLACES: [&str; 6] = ["E4", "Centrum", "Torget", "Skolan", "Hamnen", "E4"];

    /// The sheet "Logg": six K1 rows of March.
    fn log() -> Vec<Activity> {
        PLACES
            .iter()
            .enumerate()
            .map(|(k, p)| row("logg.xlsx", Some("Logg"), k as u32 + 1, k as u32 % 3 + 1, p))
            .collect()
    }

    fn found(rows: &[Activity]) -> Vec<Diagnostic> {
        copies(rows, &Logs::of(rows), &[]).0
    }

    /// Regression: a pivot table of the log by Datum and Löfte ("Sum -
    /// Antal" read as Antal) was counted beside the log.
    #[test]
    fn a_copy_in_fewer_columns_is_an_error() {
        let mut rows = log();
        rows.extend((0..6).map(|k| row("logg.xlsx", Some("Pivot"), k + 1, k % 3 + 1, "")));
        let found = found(&rows);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].code, Code::CopiedLog);
        assert_eq!(
            found[0].message,
            "the sheet \"Pivot\" holds the rows of the sheet \"Logg\" in fewer columns: each of its 6 rows is a row there, alike in Datum, Löfte and Antal, so every one would be counted twice"
        );
    }

    /// Regression: the municipality's log made from the police's, with a
    /// column "Kommun" filled in, was counted beside it with no warning.
    #[test]
    fn a_copy_with_a_column_added_is_an_error() {
        let mut rows: Vec<Activity> = log()
            .into_iter()
            .map(|mut a| {
                std::sync::Arc::make_mut(&mut a.source).file = "polisen.csv".into();
                std::sync::Arc::make_mut(&mut a.source).sheet = None;
                a
            })
            .collect();
        rows.extend(log().into_iter().map(|mut a| {
            std::sync::Arc::make_mut(&mut a.source).file = "kommunen.csv".into();
            std::sync::Arc::make_mut(&mut a.source).sheet = None;
            a.extra = thin_vec::thin_vec![ExtraValue {
                header: "Kommun".into(),
                text: "Testby".into(),
                number: None,
                column: 5,
                merged: false,
            }];
            a
        }));
        let found = found(&rows);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.starts_with(
                "the log polisen.csv holds the rows of the log kommunen.csv in fewer columns"
            ),
            "{}",
            found[0].message
        );
    }

    /// Regression: an old copy of the log, one row corrected in the log
    /// since, was counted beside it with warnings of identical rows.
    #[test]
    fn a_copy_edited_since_is_an_error_naming_the_row() {
        let mut rows = log();
        let mut old: Vec<Activity> = log()
            .into_iter()
            .map(|mut a| {
                std::sync::Arc::make_mut(&mut a.source).sheet = Some("Logg (gammal)".into());
                a
            })
            .collect();
        old[2].count = 9;
        rows.extend(old);
        let found = found(&rows);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message,
            "the sheet \"Logg (gammal)\" is a copy of the sheet \"Logg\" but for 1 of its 6 rows: the others are rows there, alike in every column, so they would be counted twice"
        );
        assert_eq!(
            found[0].related[1].location.to_string(),
            "logg.xlsx, sheet \"Logg (gammal)\", row 4"
        );
    }

    /// Not copies: another party's rows, told apart by Ansvarig; a log in
    /// fewer columns with a row of its own; three rows, one edited; a log
    /// that names no promise or activity.
    #[test]
    fn what_is_not_a_copy() {
        let with = |other: Vec<Activity>| {
            let mut rows = log();
            rows.extend(other);
            found(&rows)
        };
        let theirs = log()
            .into_iter()
            .map(|mut a| {
                std::sync::Arc::make_mut(&mut a.source).file = "kommunen.csv".into();
                a.with_texts(&[(TextField::Responsible, "Kommunen")])
            })
            .collect();
        assert!(with(theirs).is_empty());
        let mut pivot: Vec<Activity> = (0..6)
            .map(|k| row("logg.xlsx", Some("Pivot"), k + 1, k % 3 + 1, ""))
            .collect();
        pivot[5].count = 7;
        assert!(with(pivot).is_empty());
        let mut three: Vec<Activity> = log()
            .into_iter()
            .take(3)
            .map(|mut a| {
                std::sync::Arc::make_mut(&mut a.source).sheet = Some("Kopia".into());
                a
            })
            .collect();
        three[0].count = 5;
        assert!(with(three).is_empty());
    }
}

//! A sheet of sums beside the log it sums: "Per månad" with a Datum on
//! the 1st of each month, a Löfte and an Antal that is the month's total,
//! made for the council beside the sheet "Logg". Its columns are a log's
//! columns, so it is read as one, and every activity would be counted
//! twice. Sums made by a formula (`=COUNTIFS(...)`) are skipped row by row
//! as totals; this finds the sums pasted as values.
//!
//! A log is a summary of another when it has at least two rows, one per
//! period (month, quarter, half-year, year, ISO week or day) and names (promise, activity, place, participants: those it
//! fills in on every row), and each row's Antal is exactly the sum of the
//! other log's rows of that period and names, with at least one row the
//! sum of two or more. Two logs of activities of their own do not agree
//! on every figure of a month; when they do, they log the same
//! activities, and counting both would double them.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::duplicates::{Logs, fold};
use super::{Activity, TextField};
use crate::diag::{Code, Diagnostic};

/// A summary has at least this many rows with a sum ("Summering": K1 7
/// and K2 2 for the year); one may agree with another log by chance.
const SUMMARY_MIN_ROWS: usize = 2;

/// The periods a summary may sum by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Month,
    Quarter,
    HalfYear,
    Year,
    Week,
    Day,
}

impl Period {
    /// The finest first: the error names the period the sums are of.
    const ALL: [Period; 6] = [
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::HalfYear,
        Period::Year,
    ];

    /// A number for the period holding `date`, the same for every date of
    /// that period and different for every other period.
    fn of(self, date: NaiveDate) -> i64 {
        let year = i64::from(date.year());
        match self {
            Period::Month => year * 12 + i64::from(date.month0()),
            Period::Quarter => year * 4 + i64::from(date.month0() / 3),
            Period::HalfYear => year * 2 + i64::from(date.month0() / 6),
            Period::Year => year,
            Period::Week => {
                let week = date.iso_week();
                i64::from(week.year()) * 53 + i64::from(week.week0())
            }
            Period::Day => i64::from(date.num_days_from_ce()),
        }
    }

    /// "by month", as the message says it, and "that month's".
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Period::Month => ("by month", "that month's"),
            Period::Quarter => ("by quarter", "that quarter's"),
            Period::HalfYear => ("by half-year", "that half-year's"),
            Period::Year => ("by year", "that year's"),
            Period::Week => ("by week", "that week's"),
            Period::Day => ("by day", "that day's"),
        }
    }
}

/// The texts a summary's row names its sum by.
const NAMES: [TextField; 4] = [
    TextField::Promise,
    TextField::Activity,
    TextField::Place,
    TextField::Responsible,
];

/// Folded (trimmed, lower-cased) texts of `fields` of a row, one string.
fn names_of(a: &Activity, fields: &[TextField], key: &mut String) {
    key.clear();
    for f in fields {
        key.extend(fold(a.text(*f).unwrap_or("")));
        // A separator no cell text holds after trimming.
        key.push('\u{1f}');
    }
}

/// One row of a possible summary, and what the other log's rows of its
/// period and names add up to.
#[derive(Default)]
struct Sum {
    said: u64,
    found: u64,
    rows: u32,
}

/// An error for each log whose rows are sums of another's (see the
/// module's documentation), and the logs named.
pub(super) fn summaries(activities: &[Activity], logs: &Logs) -> (Vec<Diagnostic>, Vec<usize>) {
    if logs.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let largest = logs.rows.iter().copied().max().unwrap_or(0);
    // A summary has an Antal column and fewer rows than the log it sums.
    let mut candidates: HashMap<usize, Vec<&Activity>> = HashMap::new();
    for (log, a) in logs.each(activities) {
        if a.source.columns.count.is_none() {
            continue;
        }
        let rows = logs.rows.get(log).copied().unwrap_or(0);
        if rows >= SUMMARY_MIN_ROWS && rows < largest {
            candidates.entry(log).or_default().push(a);
        }
    }
    // Each summary, the log it sums (`None`: every other log together,
    // a summary of the police's and the municipality's logs), and by what.
    let mut found: Vec<(usize, Option<usize>, (Period, usize))> = Vec::new();
    let mut order: Vec<usize> = candidates.keys().copied().collect();
    order.sort_unstable();
    for s in order {
        let rows = &candidates[&s];
        // The names every row fills in.
        let fields: Vec<TextField> = NAMES
            .into_iter()
            .filter(|f| {
                rows.iter()
                    .all(|a| a.text(*f).is_some_and(|t| !t.trim().is_empty()))
            })
            .collect();
        let by = |theirs: &dyn Fn(usize) -> bool| {
            Period::ALL.into_iter().find_map(|period| {
                sums(activities, logs, rows, theirs, &fields, period).map(|exact| (period, exact))
            })
        };
        let one = (0..logs.len())
            .filter(|&t| t != s && logs.rows[t] > rows.len())
            .find_map(|t| by(&|log| log == t).map(|period| (s, Some(t), period)));
        let others = logs.len() > 2 && one.is_none();
        let all = others
            .then(|| by(&|log| log != s).map(|period| (s, None, period)))
            .flatten();
        found.extend(one.or(all));
    }
    let named = found.iter().map(|(s, _, _)| *s).collect();
    let errors = found
        .into_iter()
        .map(|(s, t, (period, exact))| {
            let (by, whose) = period.words();
            let each = if exact == logs.rows[s] {
                format!("each of its {} rows is", logs.rows[s])
            } else {
                format!(
                    "{exact} of its {} rows are (the others differ, as where a row was added or changed since)",
                    logs.rows[s]
                )
            };
            let (summed, same_file) = match t {
                Some(t) => (logs.name(t, s), logs.names[s].0 == logs.names[t].0),
                None => (
                    "the other logs together".to_owned(),
                    logs.names.iter().all(|(file, _)| *file == logs.names[s].0),
                ),
            };
            // The summary named by its sheet alone only beside a sheet of
            // its own file.
            let other = t.unwrap_or_else(|| {
                (0..logs.len())
                    .find(|&l| logs.names[l].0 != logs.names[s].0)
                    .unwrap_or(s)
            });
            let mut d = Diagnostic::error(
                Code::SummedLog,
                format!(
                    "{} sums {summed} {by}: {each} the sum of {whose} rows there, so every activity would be counted twice",
                    logs.name(s, other),
                ),
            )
            .at(logs.location(s));
            for t in t.map_or_else(|| (0..logs.len()).filter(|&t| t != s).collect(), |t| vec![t]) {
                d = d.related("summed from", logs.location(t));
            }
            d.hint(if same_file {
                "lofte sums the log itself: delete the summary sheet, or hide it (hidden sheets are read only with --include-hidden or dolda_blad = true); if its rows are activities of their own, say who did each in an Ansvarig column"
            } else {
                "lofte sums the log itself: take the summary out of loggar in the promise file (or out of --activities); if its rows are activities of their own, say who did each in an Ansvarig column"
            })
        })
        .collect();
    (errors, named)
}

/// Whether `rows` (a log) are the sums of the rows of their `period` and
/// `fields` in the logs `theirs` picks: how many are exactly, when nine in
/// ten are (a summary pasted as values for a meeting, the log added to
/// since, is still one).
fn sums(
    activities: &[Activity],
    logs: &Logs,
    rows: &[&Activity],
    theirs: &dyn Fn(usize) -> bool,
    fields: &[TextField],
    period: Period,
) -> Option<usize> {
    let mut key = String::new();
    // Names numbered, so that a row of `t` is looked up without a key of
    // its own.
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut table: HashMap<(i64, usize), Sum> = HashMap::with_capacity(rows.len());
    for a in rows {
        names_of(a, fields, &mut key);
        let next = names.len();
        let name = *names.entry(key.clone()).or_insert(next);
        let slot = table.entry((period.of(a.date), name)).or_default();
        if slot.rows > 0 {
            // Two rows of one period and names: not one sum per period.
            return None;
        }
        slot.said = u64::from(a.count);
        // Marks the slot taken until the other log's rows are counted.
        slot.rows = 1;
    }
    for slot in table.values_mut() {
        slot.rows = 0;
    }
    let periods: HashSet<i64> = table.keys().map(|(p, _)| *p).collect();
    for (log, a) in logs.each(activities) {
        let p = period.of(a.date);
        if !theirs(log) || !periods.contains(&p) {
            continue;
        }
        names_of(a, fields, &mut key);
        if let Some(slot) = names
            .get(key.as_str())
            .and_then(|name| table.get_mut(&(p, *name)))
        {
            slot.found += u64::from(a.count);
            slot.rows += 1;
        }
    }
    let with_rows = table.values().filter(|s| s.rows > 0).count();
    let exact = table.values().filter(|s| s.said == s.found).count();
    (with_rows >= SUMMARY_MIN_ROWS
        && exact >= SUMMARY_MIN_ROWS
        && table.values().any(|s| s.rows >= 2)
        && exact * 10 >= table.len() * 9)
        .then_some(exact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{LogSheet, Text};

    /// A row of `file` (and `sheet`) with an Antal column.
    fn row(
        file: &str,
        sheet: Option<&str>,
        date: (i32, u32, u32),
        promise: &str,
        count: u32,
    ) -> Activity {
        let mut a = Activity::by_hand(
            NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
            count,
            2,
            LogSheet::new(file, sheet.map(Text::from)),
        );
        std::sync::Arc::make_mut(&mut a.source).columns.count = Some(2);
        a.with_texts(&[(TextField::Promise, promise)])
    }

    /// The log "Logg": K1 and K2 in March, April and May 2023.
    fn log() -> Vec<Activity> {
        let logg = |date, promise, count| row("logg.xlsx", Some("Logg"), date, promise, count);
        vec![
            logg((2023, 3, 1), "K1", 1),
            logg((2023, 3, 8), "K1", 2),
            logg((2023, 3, 9), "K2", 1),
            logg((2023, 3, 22), "K2", 1),
            logg((2023, 4, 12), "K1", 1),
            logg((2023, 4, 13), "K2", 1),
            logg((2023, 5, 3), "K1", 1),
            logg((2023, 5, 17), "K1", 3),
        ]
    }

    /// The sheet "Per månad": `sums` as (month, promise, Antal), dated
    /// the 1st.
    fn per_month(sums: &[(u32, &str, u32)]) -> Vec<Activity> {
        sums.iter()
            .map(|&(m, p, n)| row("logg.xlsx", Some("Per månad"), (2023, m, 1), p, n))
            .collect()
    }

    fn found(rows: &[Activity]) -> Vec<Diagnostic> {
        summaries(rows, &Logs::of(rows)).0
    }

    /// Regression: a sheet of monthly sums pasted as values beside the
    /// log was read as a log, and every figure doubled with exit 0.
    #[test]
    fn a_sheet_of_monthly_sums_is_an_error_not_a_doubled_figure() {
        let mut rows = log();
        rows.extend(per_month(&[
            (3, "K1", 3),
            (3, "k2 ", 2),
            (4, "K1", 1),
            (4, "K2", 1),
            (5, "K1", 4),
            (5, "K2", 0),
        ]));
        let found = found(&rows);
        assert_eq!(found.len(), 1, "{found:#?}");
        let d = &found[0];
        assert_eq!(d.code, Code::SummedLog);
        assert!(d.is_error());
        assert_eq!(
            d.message,
            "the sheet \"Per månad\" sums the sheet \"Logg\" by month: each of its 6 rows is the sum of that month's rows there, so every activity would be counted twice"
        );
        assert_eq!(
            d.location.as_ref().unwrap().sheet.as_deref(),
            Some("Per månad")
        );
        assert_eq!(d.related[0].location.sheet.as_deref(), Some("Logg"));
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .contains("delete the summary sheet")
        );
    }

    /// A year's sums in two rows ("Summering"), sums by half-year, and a
    /// pivot table's sums by day are found too.
    #[test]
    fn sums_by_year_half_year_and_day() {
        let summary = |sheet: &str, sums: &[((i32, u32, u32), &str, u32)]| {
            let mut rows = log();
            rows.extend(
                sums.iter()
                    .map(|&(date, p, n)| row("logg.xlsx", Some(sheet), date, p, n)),
            );
            found(&rows)
                .into_iter()
                .map(|d| d.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            summary(
                "Summering",
                &[((2023, 12, 31), "K1", 8), ((2023, 12, 31), "K2", 3)]
            ),
            [
                "the sheet \"Summering\" sums the sheet \"Logg\" by year: each of its 2 rows is the sum of that year's rows there, so every activity would be counted twice"
            ]
        );
        let by_half = summary(
            "Per halvår",
            &[((2023, 1, 1), "K1", 8), ((2023, 1, 1), "K2", 3)],
        );
        assert!(by_half[0].contains("by half-year"), "{by_half:?}");
        let by_day = summary(
            "Pivot",
            &[
                ((2023, 3, 1), "K1", 1),
                ((2023, 3, 8), "K1", 2),
                ((2023, 5, 17), "K1", 3),
            ],
        );
        assert!(
            by_day.is_empty(),
            "each a row of the log: a copy's to name, {by_day:?}"
        );
        let mut rows = log();
        rows.push(row("logg.xlsx", Some("Logg"), (2023, 3, 8), "K1", 4));
        rows.extend(
            [
                ((2023, 3, 8), "K1", 6),
                ((2023, 3, 9), "K2", 1),
                ((2023, 4, 12), "K1", 1),
            ]
            .map(|(date, p, n)| row("logg.xlsx", Some("Pivot"), date, p, n)),
        );
        let by_day: Vec<String> = found(&rows).into_iter().map(|d| d.message).collect();
        assert!(by_day[0].contains("by day"), "{by_day:?}");
    }

    /// Sums by quarter in a file of their own are found, and named as a
    /// file.
    #[test]
    fn sums_by_quarter_in_another_file() {
        let mut rows = log();
        rows.extend(
            [(1, "K1", 3), (4, "K1", 5), (1, "K2", 2), (4, "K2", 1)]
                .map(|(m, p, n)| row("kvartal.csv", None, (2023, m, 1), p, n)),
        );
        let found = found(&rows);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message,
            "the log kvartal.csv sums the sheet \"Logg\" of logg.xlsx by quarter: each of its 4 rows is the sum of that quarter's rows there, so every activity would be counted twice"
        );
        assert!(
            found[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("take the summary out of loggar")
        );
    }

    /// A summary of two parties' logs together (the municipality's
    /// workbook summing its own log and the police's) is found, naming
    /// both.
    #[test]
    fn sums_of_two_logs_together() {
        let mut rows = log();
        rows.extend(
            [
                (3, 2, "K1", 1),
                (4, 20, "K1", 2),
                (5, 2, "K1", 1),
                (3, 30, "K2", 1),
            ]
            .map(|(m, d, p, n)| row("polisen.csv", None, (2023, m, d), p, n)),
        );
        rows.extend(
            [(3, "K1", 4), (3, "K2", 3), (4, "K1", 3), (5, "K1", 5)]
                .map(|(m, p, n)| row("logg.xlsx", Some("Summa"), (2023, m, 1), p, n)),
        );
        let found = found(&rows);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message,
            "the sheet \"Summa\" of logg.xlsx sums the other logs together by month: each of its 4 rows is the sum of that month's rows there, so every activity would be counted twice"
        );
        let related: Vec<String> = found[0]
            .related
            .iter()
            .map(|r| r.location.to_string())
            .collect();
        assert_eq!(related, ["logg.xlsx, sheet \"Logg\"", "polisen.csv"]);
    }

    /// Not summaries: a figure that differs from the log's (another
    /// party's own activities); one sum alone; a month logged
    /// twice; another party's rows, told apart by Ansvarig.
    #[test]
    fn what_is_not_a_summary() {
        let with = |sums: &[(u32, &str, u32)]| {
            let mut rows = log();
            rows.extend(per_month(sums));
            found(&rows)
        };
        assert!(with(&[(3, "K1", 3), (3, "K2", 2), (4, "K1", 2), (4, "K2", 1)]).is_empty());
        assert!(with(&[(3, "K1", 3), (6, "K1", 0)]).is_empty());
        assert!(with(&[(3, "K1", 3), (3, "K1", 3), (4, "K1", 1), (5, "K1", 4)]).is_empty());
        let mut rows = log();
        rows.extend(
            per_month(&[(3, "K1", 3), (3, "K2", 2), (4, "K1", 1), (5, "K1", 4)])
                .into_iter()
                .map(|a| a.with_texts(&[(TextField::Responsible, "Kommunen")])),
        );
        assert!(found(&rows).is_empty());
    }
}

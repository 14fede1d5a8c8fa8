//! Calendar intervals: ISO weeks (Monday first), months, quarters, years,
//! and blocks of N weeks or months. Pure date arithmetic.

use chrono::{Datelike, Duration, NaiveDate};

use crate::agreement::{DateRange, Period};

/// First day of the calendar `period` holding `date`.
pub fn start_of(period: Period, date: NaiveDate) -> NaiveDate {
    match period {
        Period::Day => date,
        Period::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
        Period::Month => date.with_day(1).unwrap_or(date),
        Period::Quarter => {
            let month = (date.month0() / 3) * 3 + 1;
            NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
        }
        Period::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date),
        Period::HalfYear | Period::Term | Period::Weekend => {
            super::periods::containing(period, date).map_or(date, |r| r.from)
        }
    }
}

/// First day of the period after the one starting at `start`.
pub fn next_start(period: Period, start: NaiveDate) -> NaiveDate {
    let months = |n: u32| {
        start
            .checked_add_months(chrono::Months::new(n))
            .unwrap_or(NaiveDate::MAX)
    };
    match period {
        Period::Day => start.succ_opt().unwrap_or(NaiveDate::MAX),
        Period::Week => start
            .checked_add_signed(Duration::days(7))
            .unwrap_or(NaiveDate::MAX),
        Period::Month => months(1),
        Period::Quarter => months(3),
        Period::Year => months(12),
        Period::HalfYear => months(6),
        // Vår starts in January, höst in August.
        Period::Term if start.month() < 8 => {
            NaiveDate::from_ymd_opt(start.year(), 8, 1).unwrap_or(NaiveDate::MAX)
        }
        Period::Term => NaiveDate::from_ymd_opt(start.year() + 1, 1, 1).unwrap_or(NaiveDate::MAX),
        Period::Weekend => start
            .checked_add_signed(Duration::days(7))
            .unwrap_or(NaiveDate::MAX),
    }
}

/// Every calendar interval that overlaps `span`, whole (edge intervals
/// reach outside it).
pub fn calendar(period: Period, span: DateRange) -> Vec<DateRange> {
    if let Some(gapped) = super::periods::calendar(period, span) {
        return gapped;
    }
    let mut out = Vec::new();
    let mut start = start_of(period, span.from);
    while start <= span.to {
        let next = next_start(period, start);
        let end = next.pred_opt().unwrap_or(next);
        if let Some(r) = DateRange::new(start, end) {
            out.push(r);
        }
        if next == NaiveDate::MAX {
            break;
        }
        start = next;
    }
    out
}

/// Consecutive blocks of `every` whole periods from the first period lying
/// wholly inside `span`; the last block may reach past the span's end.
pub fn blocks(period: Period, every: u32, span: DateRange) -> Vec<DateRange> {
    let whole: Vec<DateRange> = calendar(period, span)
        .into_iter()
        .filter(|r| r.from >= span.from)
        .collect();
    let every = usize::try_from(every.max(1)).unwrap_or(1);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = whole.get(i) {
        let mut end = first.to;
        let mut start = first.from;
        for _ in 0..every {
            // A weekend ends on its Sunday, not the Thursday before the
            // next one: a block of weekends ends on its last Sunday.
            end = match super::periods::containing(period, start) {
                Some(gapped) if period == Period::Weekend => gapped.to,
                _ => next_start(period, start).pred_opt().unwrap_or(end),
            };
            start = next_start(period, start);
        }
        if let Some(r) = DateRange::new(first.from, end) {
            out.push(r);
        }
        i += every;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weeks_are_iso_monday_first_with_edges() {
        // 2022-01-01 is a Saturday: its week began Monday 2021-12-27.
        let span = DateRange::new(d(2022, 1, 1), d(2022, 1, 31)).unwrap();
        let weeks = calendar(Period::Week, span);
        assert_eq!(weeks[0].from, d(2021, 12, 27));
        assert_eq!(weeks[1].from, d(2022, 1, 3));
        assert_eq!(weeks.last().unwrap().from, d(2022, 1, 31));
        assert_eq!(weeks.len(), 6);
    }

    #[test]
    fn months_quarters_years_and_leap_february() {
        let span = DateRange::new(d(2024, 1, 15), d(2024, 12, 31)).unwrap();
        let months = calendar(Period::Month, span);
        assert_eq!(months.len(), 12);
        assert_eq!(months[1].to, d(2024, 2, 29));
        assert_eq!(calendar(Period::Quarter, span).len(), 4);
        assert_eq!(
            calendar(Period::Year, span),
            vec![DateRange::new(d(2024, 1, 1), d(2024, 12, 31)).unwrap()]
        );
    }

    #[test]
    fn blocks_of_weekends_run_from_friday_to_the_last_sunday() {
        // 2023 starts on a Sunday: the first whole weekend is 6–8 January.
        let b = blocks(
            Period::Weekend,
            3,
            DateRange::new(d(2023, 1, 1), d(2023, 12, 31)).unwrap(),
        );
        assert_eq!(b[0], DateRange::new(d(2023, 1, 6), d(2023, 1, 22)).unwrap());
        assert_eq!(
            b[1],
            DateRange::new(d(2023, 1, 27), d(2023, 2, 12)).unwrap()
        );
        // 52 whole weekends in 2023 (6 January to 29 December): 18 blocks,
        // the last from 29 December reaching into 2024, so not judged.
        assert_eq!(b.len(), 18);
    }

    #[test]
    fn blocks_start_at_the_first_whole_week() {
        // Wednesday start: the first whole week is Monday 2023-03-06.
        let span = DateRange::new(d(2023, 3, 1), d(2023, 4, 30)).unwrap();
        let b = blocks(Period::Week, 3, span);
        assert_eq!(b[0], DateRange::new(d(2023, 3, 6), d(2023, 3, 26)).unwrap());
        assert_eq!(b[1].from, d(2023, 3, 27));
        // The third block (from 17 April) reaches past the end of April.
        assert_eq!(b[2].to, d(2023, 5, 7));
    }
}

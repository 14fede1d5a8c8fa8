//! The periods that are not a plain run of calendar units: half-years,
//! school terms (vår January–June, höst August–December, July in neither)
//! and weekends (Friday evening to Sunday). Pure date arithmetic; the
//! contiguous periods are in `intervals.rs`.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

use crate::agreement::{DateRange, Period};

/// From this time a Friday row belongs to the weekend ("fredag kväll").
pub const FRIDAY_EVENING: u32 = 17;

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The half-year, term or weekend holding `date`, whole; `None` for a
/// contiguous period (see `intervals.rs`) and for a day between intervals
/// (a day in July for a term, Monday to Thursday for a weekend).
pub fn containing(period: Period, date: NaiveDate) -> Option<DateRange> {
    let year = date.year();
    match period {
        Period::HalfYear if date.month() <= 6 => {
            DateRange::new(ymd(year, 1, 1)?, ymd(year, 6, 30)?)
        }
        Period::HalfYear => DateRange::new(ymd(year, 7, 1)?, ymd(year, 12, 31)?),
        Period::Term => match date.month() {
            1..=6 => DateRange::new(ymd(year, 1, 1)?, ymd(year, 6, 30)?),
            7 => None,
            _ => DateRange::new(ymd(year, 8, 1)?, ymd(year, 12, 31)?),
        },
        Period::Weekend => {
            let back = match date.weekday() {
                Weekday::Fri => 0,
                Weekday::Sat => 1,
                Weekday::Sun => 2,
                _ => return None,
            };
            let friday = date - Duration::days(back);
            DateRange::new(friday, friday + Duration::days(2))
        }
        Period::Day | Period::Week | Period::Month | Period::Quarter | Period::Year => None,
    }
}

/// Every half-year, term or weekend overlapping `span`, whole, in order;
/// `None` for a contiguous period.
pub fn calendar(period: Period, span: DateRange) -> Option<Vec<DateRange>> {
    if !matches!(period, Period::HalfYear | Period::Term | Period::Weekend) {
        return None;
    }
    let mut out: Vec<DateRange> = Vec::new();
    let mut day = span.from;
    while day <= span.to {
        if let Some(r) = containing(period, day) {
            out.push(r);
            // On to the day after it: a year of terms takes two steps.
            day = r.to;
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    Some(out)
}

/// Whether a row of `date` (at `time`, if written) can count toward a
/// target per `period`: a term has no July, and a weekend starts on Friday
/// evening. A Friday row without a time counts: evening patrols are logged
/// by their day. Rows that cannot count are left out before intervals and
/// blocks are summed.
pub fn belongs(period: Period, date: NaiveDate, time: Option<NaiveTime>) -> bool {
    match period {
        Period::Weekend => weekend_of(date, time).is_some(),
        Period::Term => date.month() != 7,
        Period::Day
        | Period::Week
        | Period::Month
        | Period::Quarter
        | Period::HalfYear
        | Period::Year => true,
    }
}

/// The Friday starting the weekend a row belongs to, if any: Friday from
/// [`FRIDAY_EVENING`] (or without a time), Saturday or Sunday.
pub fn weekend_of(date: NaiveDate, time: Option<NaiveTime>) -> Option<NaiveDate> {
    match date.weekday() {
        Weekday::Fri => {
            let evening = NaiveTime::from_hms_opt(FRIDAY_EVENING, 0, 0)?;
            time.is_none_or(|t| t >= evening).then_some(date)
        }
        Weekday::Sat => Some(date - Duration::days(1)),
        Weekday::Sun => Some(date - Duration::days(2)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn r(a: NaiveDate, b: NaiveDate) -> DateRange {
        DateRange::new(a, b).unwrap()
    }

    #[test]
    fn a_year_has_two_halves_and_two_terms_without_july() {
        let year = r(d(2023, 1, 1), d(2023, 12, 31));
        assert_eq!(
            calendar(Period::HalfYear, year).unwrap(),
            vec![
                r(d(2023, 1, 1), d(2023, 6, 30)),
                r(d(2023, 7, 1), d(2023, 12, 31))
            ]
        );
        assert_eq!(
            calendar(Period::Term, year).unwrap(),
            vec![
                r(d(2023, 1, 1), d(2023, 6, 30)),
                r(d(2023, 8, 1), d(2023, 12, 31))
            ]
        );
        assert_eq!(containing(Period::Term, d(2023, 7, 15)), None);
        assert_eq!(calendar(Period::Week, year), None);
    }

    #[test]
    fn weekends_run_friday_to_sunday_and_edges_are_whole() {
        // March 2023: 1 March is a Wednesday; Fridays are 3, 10, 17, 24, 31.
        let march = r(d(2023, 3, 1), d(2023, 3, 31));
        let w = calendar(Period::Weekend, march).unwrap();
        assert_eq!(w.len(), 5);
        assert_eq!(w[0], r(d(2023, 3, 3), d(2023, 3, 5)));
        // The last weekend reaches into April: whole, so not judged.
        assert_eq!(w[4], r(d(2023, 3, 31), d(2023, 4, 2)));
        // A span starting on a Sunday includes that weekend whole.
        let from_sunday = r(d(2023, 3, 5), d(2023, 3, 8));
        assert_eq!(
            calendar(Period::Weekend, from_sunday).unwrap(),
            vec![r(d(2023, 3, 3), d(2023, 3, 5))]
        );
    }

    #[test]
    fn a_friday_row_belongs_to_the_weekend_from_the_evening() {
        let fri = d(2023, 3, 10);
        let at = |h| NaiveTime::from_hms_opt(h, 30, 0);
        assert!(!belongs(Period::Weekend, fri, at(9)));
        assert!(belongs(Period::Weekend, fri, at(19)));
        assert!(belongs(Period::Weekend, fri, None));
        assert!(belongs(Period::Weekend, d(2023, 3, 12), at(9)));
        assert!(!belongs(Period::Weekend, d(2023, 3, 9), None));
        assert_eq!(weekend_of(d(2023, 3, 12), None), Some(fri));
        assert_eq!(weekend_of(d(2023, 3, 9), None), None);
        assert!(!belongs(Period::Term, d(2023, 7, 9), None));
        assert!(belongs(Period::Term, d(2023, 9, 1), at(9)));
    }
}

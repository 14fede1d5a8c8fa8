//! One target judged over its span: the figure in the target's own unit,
//! its intervals and its status.

use chrono::{Datelike, NaiveDate};

use super::intervals::{blocks, calendar};
use super::occasions::{self, measure};
use super::{IntervalResult, Kind, Pace, Status, TargetResult};
use super::{Row, periods, places, requests};
use crate::agreement::{Counting, DateRange, Direction, Period, Scope, Target, TargetKind};
use crate::ingest::Activity;

/// A counted row, with what targets need beside the row itself. A
/// target of a large promise holds hundreds of thousands: what the row
/// holds is read from it, not copied (24 bytes, was 40).
#[derive(Debug, Clone)]
pub struct Counted<'a> {
    /// Antal, or the quantity column's number.
    pub value: f64,
    /// Its index in the report's list of rows.
    pub index: u32,
    /// The whole row, for rules that read more of it (its time, activity
    /// type or a status column).
    pub row: &'a Activity,
}

impl<'a> Counted<'a> {
    /// Date.
    pub fn date(&self) -> NaiveDate {
        self.row.date
    }

    /// Plats.
    pub fn place(&self) -> Option<&'a str> {
        self.row.place()
    }
}

/// What a target is judged against.
pub struct Context<'a> {
    /// window ∩ promise validity ∩ target validity.
    pub span: DateRange,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Part-met share.
    pub part_met: f64,
    /// Rows of this target inside the span, up to the as-of date.
    pub rows: Vec<Counted<'a>>,
    /// Rows of this target at any date up to as-of (for trends).
    pub history: Vec<Counted<'a>>,
    /// Noun for what is counted, plural.
    pub noun: String,
    /// The same noun in the singular.
    pub noun_singular: String,
    /// The first year of the agreement: a trend's baseline stands for the
    /// year before it, so only this year is compared with the baseline;
    /// later years are compared with the log, whatever the window.
    pub first_year: i32,
    /// The agreement period's first day: a year before it is compared
    /// with only where the log holds its rows.
    pub period_start: NaiveDate,
    /// The last day the target runs to: the span's end, or for a total over
    /// the agreement period the period's end (it is in progress until then).
    pub ends: NaiveDate,
}

/// Whether `achieved` reaches `required`, which may be a product of
/// settings: 12 of 20 classes (0,6) reaches `delvis = 0.75` of `andel =
/// 0.8`, though 0.75 × 0.8 is 0.6000000000000001 in floating point. No
/// figure differs from a requirement by a billionth of it.
pub(crate) fn reaches(achieved: f64, required: f64) -> bool {
    achieved >= required - 1e-9 * required.abs().max(1.0)
}

/// Verdict on a figure against a requirement.
fn verdict(achieved: f64, required: f64, part_met: f64) -> Status {
    if reaches(achieved, required) {
        Status::Met
    } else if reaches(achieved, part_met * required) {
        Status::PartlyMet
    } else {
        Status::NotMet
    }
}

/// The verdict on a figure that may still grow: met once it reaches the
/// requirement, in progress while the period runs, else by how close it
/// came.
fn verdict_so_far(achieved: f64, required: f64, in_progress: bool, part_met: f64) -> Status {
    if reaches(achieved, required) {
        Status::Met
    } else if in_progress {
        Status::InProgress
    } else {
        verdict(achieved, required, part_met)
    }
}

/// Judges a share `part / whole` against `share` (rounded to four
/// decimals as the results show it); without a whole there is nothing to
/// judge and the target is reported in text.
fn judge_share(
    out: &mut TargetResult,
    part: f64,
    whole: f64,
    share: f64,
    in_progress: bool,
    part_met: f64,
) {
    if whole > 0.0 {
        let achieved = part / whole;
        out.achieved = (achieved * 10_000.0).round() / 10_000.0;
        out.status = verdict_so_far(achieved, share, in_progress, part_met);
    } else {
        out.achieved = 0.0;
        out.status = Status::ReportedInText;
    }
}

/// Per-interval verdict: met when every judged interval is met, not met when
/// none reaches the part-met share, part met otherwise.
fn interval_verdict(intervals: &[IntervalResult]) -> Option<Status> {
    let judged: Vec<&IntervalResult> = intervals.iter().filter(|i| i.met.is_some()).collect();
    if judged.is_empty() {
        return None;
    }
    if judged.iter().all(|i| i.met == Some(true)) {
        Some(Status::Met)
    } else if judged.iter().all(|i| i.met == Some(false) && !i.partly) {
        Some(Status::NotMet)
    } else {
        Some(Status::PartlyMet)
    }
}

fn interval(
    r: DateRange,
    place: Option<String>,
    achieved: f64,
    required: f64,
    judged: bool,
    part_met: f64,
) -> IntervalResult {
    IntervalResult {
        from: r.from,
        to: r.to,
        place,
        achieved,
        required: Some(required),
        met: judged.then_some(reaches(achieved, required)),
        partly: judged && !reaches(achieved, required) && reaches(achieved, part_met * required),
    }
}

/// The headline of an interval target: intervals judged (required) and
/// intervals met (achieved).
fn tally(out: &mut TargetResult) -> usize {
    let (judged, met) = out.tally();
    out.required = Some(judged as f64);
    out.achieved = met as f64;
    judged
}

/// An expectation as the report shows it: at one decimal.
fn shown_expectation(expected: f64) -> f64 {
    (expected * 10.0).round() / 10.0
}

/// Judges `target` in `cx`: figures, intervals and a status; the words
/// are the report's (`render::wording`).
pub fn judge(target: &Target, mut cx: Context<'_>) -> TargetResult {
    let span = cx.span;
    // A total over the agreement period runs on after the report window.
    let ends = cx.ends.max(span.to);
    let whole = DateRange {
        from: span.from,
        to: ends,
    };
    // A row that cannot add to the figure (a Friday morning for a weekend,
    // July for a term, a row without a Plats when places are counted) is
    // listed as not counted rather than shown as counted.
    // Taken out of the rows in place: a promise's rows are a twelfth of
    // a million-row log, and a copy of them was the peak of its report.
    let mut rows = std::mem::take(&mut cx.rows);
    let off_period: Vec<Counted<'_>> = rows
        .extract_if(.., |c| {
            !(period_of(&target.kind)
                .is_none_or(|p| periods::belongs(p, c.date(), c.row.time.get()))
                && occasions::can_count(c, target.counting))
        })
        .collect();
    let cx = &cx;
    let measure_in = |r: DateRange| {
        measure(
            rows.iter().filter(move |c| r.contains(c.date())),
            target.counting,
        )
    };
    let total: f64 = measure(rows.iter(), target.counting);
    let in_progress = cx.as_of < ends;
    let elapsed_to = cx.as_of.min(span.to);
    let elapsed_days = if elapsed_to < span.from {
        0
    } else {
        (elapsed_to - span.from).num_days() + 1
    };
    let pace = |required_total: f64| {
        in_progress.then(|| {
            let expected = required_total * elapsed_days as f64 / whole.days().max(1) as f64;
            Pace {
                elapsed_days,
                window_days: whole.days(),
                expected_so_far: expected,
                achieved_so_far: total,
                // Judged as shown, at one decimal: 1 done against 1,008
                // expected reads "1 väntat hittills" and is on track.
                on_track: total >= shown_expectation(expected),
                required: required_total,
                from: span.from,
                ends,
            }
        })
    };
    // The pace of a target judged interval by interval: that of the
    // interval the as-of date falls in, against its own requirement
    // (`required_in` of its part inside the window). A total over the
    // window would let one interval's surplus cover another's shortfall:
    // "kravet 8 är redan nått" while this year had none of its 4.
    let interval_pace = |intervals: &[IntervalResult],
                         required_in: &dyn Fn(DateRange, DateRange) -> f64|
     -> Option<Pace> {
        if !in_progress {
            return None;
        }
        let open = intervals
            .iter()
            .find(|i| i.from <= cx.as_of && cx.as_of < i.to)?;
        let interval = DateRange {
            from: open.from,
            to: open.to,
        };
        let part = DateRange::new(open.from.max(span.from), open.to.min(span.to))?;
        let required = required_in(part, interval);
        let elapsed = (cx.as_of - part.from).num_days() + 1;
        let expected = required * elapsed as f64 / part.days().max(1) as f64;
        let achieved = measure_in(part);
        Some(Pace {
            elapsed_days: elapsed,
            window_days: part.days(),
            expected_so_far: expected,
            achieved_so_far: achieved,
            on_track: achieved >= shown_expectation(expected),
            required,
            from: part.from,
            ends: part.to,
        })
    };
    let noun = target.unit.clone().unwrap_or_else(|| cx.noun.clone());
    let one = match (&target.unit, &target.unit_singular) {
        (_, Some(s)) => s.clone(),
        (Some(p), None) => crate::agreement::singular_of(p),
        (None, None) => cx.noun_singular.clone(),
    };
    let mut out = TargetResult {
        kind: Kind::Text,
        written: target.description.clone(),
        required: None,
        achieved: total,
        total,
        noun,
        noun_singular: one,
        status: Status::ReportedInText,
        intervals: Vec::new(),
        pace: None,
        missed_places: Vec::new(),
        judged: Some(span),
        rows: rows.iter().map(|c| c.index).collect(),
        counting: target.counting,
        occasion_noun: target.counting != Counting::Sum && target.unit.is_none(),
        not_counted: off_period.iter().map(|c| Row::of(c.row)).collect(),
        elsewhere: Vec::new(),
        places_within: target.within.as_ref().map(|w| w.name.clone()),
    };
    match &target.kind {
        TargetKind::Text => {}
        TargetKind::AtLeastPer { n: need, per } => {
            out.intervals = calendar(*per, span)
                .into_iter()
                .map(|r| {
                    let judged = r.from >= span.from && r.to <= span.to && r.to <= cx.as_of;
                    interval(r, None, measure_in(r), *need, judged, cx.part_met)
                })
                .collect();
            tally(&mut out);
            out.pace = interval_pace(&out.intervals, &|part, interval| {
                if part == interval {
                    *need
                } else {
                    need * share_of_interval(part, *per, interval)
                }
            });
            let mut prorated = false;
            match (in_progress, interval_verdict(&out.intervals)) {
                (true, _) => out.status = Status::InProgress,
                (false, Some(s)) => out.status = s,
                (false, None) => {
                    // The window holds no whole interval (a half year against
                    // "per år"): judge the total against the requirement
                    // pro-rated by the window's share of the interval.
                    let first = out.intervals.first().map_or(span, |i| DateRange {
                        from: i.from,
                        to: i.to,
                    });
                    let required = need * share_of_interval(span, *per, first);
                    out.required = Some(required);
                    out.achieved = total;
                    out.status = verdict(total, required, cx.part_met);
                    prorated = true;
                }
            }
            out.kind = Kind::AtLeastPer {
                per: *per,
                per_interval: *need,
                prorated,
            };
        }
        TargetKind::EveryN {
            n: need,
            every,
            per,
        } => {
            out.intervals = blocks(*per, *every, span)
                .into_iter()
                .map(|r| {
                    let judged = r.to <= span.to && r.to <= cx.as_of;
                    interval(r, None, measure_in(r), *need, judged, cx.part_met)
                })
                .collect();
            tally(&mut out);
            out.pace = interval_pace(&out.intervals, &|part, block| {
                if part == block {
                    *need
                } else {
                    need * block_share(part, block, *per, *every)
                }
            });
            let mut prorated = false;
            out.status = match (in_progress, interval_verdict(&out.intervals)) {
                (true, _) => Status::InProgress,
                (false, Some(s)) => s,
                (false, None) => {
                    // No block ends inside the window (a promise added in
                    // November, "var tredje månad"): nothing was judged, so
                    // the total is judged against the requirement
                    // pro-rated by the window's share of the first block,
                    // as a window holding no whole interval is.
                    let block = out.intervals.first().map_or(span, |i| DateRange {
                        from: i.from,
                        to: i.to,
                    });
                    let required = need * block_share(span, block, *per, *every);
                    out.required = Some(required);
                    out.achieved = total;
                    prorated = true;
                    verdict(total, required, cx.part_met)
                }
            };
            out.kind = Kind::EveryN {
                per: *per,
                per_interval: *need,
                every: *every,
                prorated,
            };
        }
        TargetKind::Average { n: need, per } => {
            out.kind = Kind::Average { per: *per };
            // Periods elapsed in calendar terms: a whole month is one
            // whatever its days, so ten a month through a leap year is
            // "i snitt 10,00 per månad" (days ÷ 30,44 made it 9,98).
            let elapsed = DateRange::new(span.from, elapsed_to).unwrap_or(DateRange {
                from: span.from,
                to: span.from,
            });
            let units = periods_in(*per, elapsed);
            let average = total / units;
            out.required = Some(*need);
            out.achieved = (average * 100.0).round() / 100.0;
            // Judged as shown: "i snitt 0,50 per vecka" against 0,5 is met,
            // whatever the third decimal (26 in a year of 52,14 weeks).
            out.status = if in_progress {
                Status::InProgress
            } else {
                verdict(out.achieved, *need, cx.part_met)
            };
            if in_progress {
                out.pace = Some(Pace {
                    elapsed_days,
                    window_days: span.days(),
                    expected_so_far: need * units,
                    achieved_so_far: total,
                    // As the status: on the average shown.
                    on_track: out.achieved >= *need,
                    required: need * periods_in(*per, span),
                    from: span.from,
                    ends: span.to,
                });
            }
        }
        TargetKind::Total { n: need } => {
            out.kind = Kind::Total {
                agreement_ends: (target.scope == Scope::Agreement).then_some(ends),
            };
            out.required = Some(*need);
            out.achieved = total;
            out.pace = pace(*need);
            out.status = verdict_so_far(total, *need, in_progress, cx.part_met);
        }
        TargetKind::Requests { share, answers } => {
            let a = requests::answered(&rows, answers);
            out.kind = Kind::Requests {
                requests: a.requests,
            };
            out.total = a.answered;
            out.required = Some(*share);
            // No request came in: nothing to answer, nothing to judge.
            judge_share(
                &mut out,
                a.answered,
                a.requests,
                *share,
                in_progress,
                cx.part_met,
            );
        }
        TargetKind::Coverage { share, of } => {
            let of = requests::denominator(&rows, of);
            out.kind = Kind::Coverage { of };
            out.required = Some(*share);
            // A column that sums to nothing gives no whole to judge by.
            judge_share(&mut out, total, of, *share, in_progress, cx.part_met);
        }
        TargetKind::Share { share, unit } => {
            let mut days: Vec<NaiveDate> = rows
                .iter()
                .filter(|c| c.value > 0.0)
                .map(|c| c.date())
                .collect();
            days.sort();
            days.dedup();
            let achieved = days.len() as f64 / elapsed_days.max(1) as f64;
            out.kind = Kind::Share {
                share_of: *unit,
                days_active: days.len() as u64,
                days: elapsed_days,
            };
            out.required = Some(*share);
            out.achieved = (achieved * 10_000.0).round() / 10_000.0;
            out.status = if in_progress {
                Status::InProgress
            } else {
                verdict(achieved, *share, cx.part_met)
            };
        }
        TargetKind::Trend {
            direction,
            baseline,
        } => {
            out.kind = Kind::Trend {
                per: Period::Year,
                direction: *direction,
                baseline: baseline.as_ref().map(|b| b.value),
                baseline_period: baseline.as_ref().and_then(|b| b.period.clone()),
            };
            let year_total = |year: i32| -> Option<f64> {
                let r = DateRange::new(
                    NaiveDate::from_ymd_opt(year, 1, 1)?,
                    NaiveDate::from_ymd_opt(year, 12, 31)?,
                )?;
                let rows: Vec<&Counted<'_>> =
                    cx.history.iter().filter(|c| r.contains(c.date())).collect();
                (!rows.is_empty()).then(|| rows.iter().map(|c| c.value).fold(0.0, |a, b| a + b))
            };
            let mut last = (None, 0.0);
            for year in span.from.year()..=span.to.year() {
                let Some(r) = DateRange::new(
                    NaiveDate::from_ymd_opt(year, 1, 1)
                        .unwrap_or(span.from)
                        .max(span.from),
                    NaiveDate::from_ymd_opt(year, 12, 31)
                        .unwrap_or(span.to)
                        .min(span.to),
                ) else {
                    continue;
                };
                let value = year_total(year).unwrap_or(0.0);
                // The year before, begun before the agreement, is known
                // only where the log reaches back: in a July–June agreement
                // whose log starts with it, 2022 holds July–December only,
                // and 2023 would be compared with half a year.
                let partial_before = NaiveDate::from_ymd_opt(year - 1, 1, 1).is_some_and(|jan| {
                    jan < cx.period_start
                        && !cx
                            .history
                            .iter()
                            .any(|c| c.date() >= jan && c.date() < cx.period_start)
                });
                let previous = if partial_before && year != cx.first_year {
                    None
                } else if year == cx.first_year {
                    baseline
                        .as_ref()
                        .map(|b| b.value)
                        .or_else(|| year_total(year - 1))
                } else {
                    Some(year_total(year - 1).unwrap_or(0.0))
                };
                let whole_year = r.from.ordinal() == 1
                    && r.to.month() == 12
                    && r.to.day() == 31
                    && r.to <= cx.as_of;
                let met = match (previous, whole_year) {
                    (Some(p), true) => Some(match direction {
                        Direction::Increase => value > p,
                        Direction::Decrease => value < p,
                    }),
                    _ => None,
                };
                if let Some(p) = previous {
                    last = (Some(p), value);
                }
                out.intervals.push(IntervalResult {
                    from: r.from,
                    to: r.to,
                    place: None,
                    achieved: value,
                    required: previous,
                    met,
                    partly: false,
                });
            }
            out.required = last.0;
            out.achieved = last.1;
            // A trend with no earlier year to compare with cannot be judged.
            out.status = match (in_progress, interval_verdict(&out.intervals)) {
                (true, _) => Status::InProgress,
                (false, Some(s)) => s,
                (false, None) => Status::ReportedInText,
            };
        }
        TargetKind::PerPlace {
            n: need,
            per,
            places,
            place_valid,
        } => {
            let periods: Vec<DateRange> = match per {
                Some(p) => calendar(*p, span)
                    .into_iter()
                    .filter(|r| r.from >= span.from && r.to <= span.to && r.to <= cx.as_of)
                    .collect(),
                None => vec![span],
            };
            // No whole interval yet (a June report against "per år"): each
            // place is shown over the span, not judged.
            let whole_intervals = !periods.is_empty();
            let periods = if whole_intervals { periods } else { vec![span] };
            let cells = places::grid(&rows, places, place_valid, &periods, target.counting);
            // One interval per place, or per place and interval when the
            // window holds several: each place in each year.
            let several = periods.len() > 1;
            out.kind = Kind::PerPlace {
                per: *per,
                per_interval: *need,
                each_interval: several,
            };
            for cell in &cells {
                let judged = whole_intervals && cell.in_force && (several || !in_progress);
                let range = if several { cell.period } else { span };
                out.intervals.push(interval(
                    range,
                    Some(cell.place.clone()),
                    cell.achieved,
                    *need,
                    judged,
                    cx.part_met,
                ));
            }
            let mut met_places = 0;
            for place in places {
                let missed = cells
                    .iter()
                    .zip(&out.intervals)
                    .filter(|(c, _)| &c.place == place)
                    .any(|(c, i)| {
                        if several {
                            i.met == Some(false)
                        } else {
                            c.in_force && c.achieved < *need
                        }
                    });
                if missed {
                    out.missed_places.push(place.clone());
                } else {
                    met_places += 1;
                }
            }
            out.required = Some(places.len() as f64);
            out.achieved = met_places as f64;
            out.status = if in_progress && !several {
                Status::InProgress
            } else {
                interval_verdict(&out.intervals).unwrap_or(if in_progress {
                    Status::InProgress
                } else {
                    Status::NotMet
                })
            };
        }
    }
    out
}

/// The calendar period a target's intervals run in, if any.
pub(super) fn period_of(kind: &TargetKind) -> Option<Period> {
    match kind {
        TargetKind::AtLeastPer { per, .. } | TargetKind::EveryN { per, .. } => Some(*per),
        TargetKind::PerPlace { per, .. } => *per,
        TargetKind::Average { .. }
        | TargetKind::Total { .. }
        | TargetKind::Share { .. }
        | TargetKind::Trend { .. }
        | TargetKind::Requests { .. }
        | TargetKind::Coverage { .. }
        | TargetKind::Text => None,
    }
}

/// The share of a block of `every` `per`s that `part` of it covers:
/// months by calendar months (two of three is 2/3), as a part interval is
/// pro-rated; weeks by days.
fn block_share(part: DateRange, block: DateRange, per: Period, every: u32) -> f64 {
    match per {
        Period::Month => months_in(part) / f64::from(every.max(1)),
        _ => part.days() as f64 / block.days().max(1) as f64,
    }
    .min(1.0)
}

/// The window's share of one interval of `per`, for a window holding no
/// whole one: by calendar months for months, quarters, half-years and
/// years (July–June is one year, July–December half of one, whatever
/// the leap days), by days for the others (`first`, the first interval,
/// gives their length).
fn share_of_interval(span: DateRange, per: Period, first: DateRange) -> f64 {
    match per {
        Period::Month | Period::Quarter | Period::HalfYear | Period::Year => periods_in(per, span),
        _ => span.days() as f64 / first.days().max(1) as f64,
    }
}

/// How many periods of `per` `span` holds, in calendar terms: a whole
/// month, quarter, half-year or year is one whatever its days (February,
/// a leap year), a part month its share of that month's days; weeks and
/// days by days. Terms and weekends, which no average is taken over, by
/// their share of each calendar interval.
fn periods_in(per: Period, span: DateRange) -> f64 {
    let months = |n: f64| months_in(span) / n;
    match per {
        Period::Day => span.days() as f64,
        Period::Week => span.days() as f64 / 7.0,
        Period::Month => months(1.0),
        Period::Quarter => months(3.0),
        Period::HalfYear => months(6.0),
        Period::Year => months(12.0),
        Period::Term | Period::Weekend => calendar_share(per, span),
    }
}

/// Calendar months in `span`, a part month by its share of that month's
/// days: 1 July to 31 December is 6, 1 to 15 March is 15/31, 15 January
/// to 14 February is 17/31 + 14/28.
fn months_in(span: DateRange) -> f64 {
    calendar_share(Period::Month, span)
}

/// The calendar intervals of `per` in `span`, each by its share of days
/// inside it.
fn calendar_share(per: Period, span: DateRange) -> f64 {
    calendar(per, span)
        .iter()
        .filter_map(|r| {
            let part = r.intersect(&span)?;
            Some(part.days() as f64 / r.days().max(1) as f64)
        })
        .sum()
}

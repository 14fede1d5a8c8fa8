//! One target judged over its span: the figure in the target's own unit,
//! its intervals and its status.

use chrono::{Datelike, NaiveDate};

use super::intervals::{self, blocks, calendar, label, plural, singular};
use super::occasions::{self, measure};
use super::{periods, places, requests};
use super::words::noun_for;
use super::{IntervalResult, Pace, Status, TargetResult};
use crate::agreement::{
    Counting, DateRange, Denominator, Direction, Period, Scope, ShareUnit, Target, TargetKind,
};
use crate::ingest::{Activity, RowRef};
use crate::locale::{self, Lang};

/// A counted row, reduced to what targets need.
#[derive(Debug, Clone)]
pub struct Counted<'a> {
    /// Date.
    pub date: NaiveDate,
    /// Antal, or the quantity column's number.
    pub value: f64,
    /// Plats.
    pub place: Option<&'a str>,
    /// Where the row is.
    pub source: &'a RowRef,
    /// The whole row, for rules that read more of it (its time, activity
    /// type or a status column).
    pub row: &'a Activity,
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
    /// The last day the target runs to: the span's end, or for a total over
    /// the agreement period the period's end (it is in progress until then).
    pub ends: NaiveDate,
}

fn n(x: f64) -> String {
    locale::number(Lang::Sv, x, 2)
}


/// The default wording of a target ("minst 4 per år").
pub fn describe(kind: &TargetKind) -> String {
    match kind {
        TargetKind::AtLeastPer { n: x, per } => format!("minst {} per {}", n(*x), singular(*per)),
        TargetKind::EveryN { n: x, every, per } => format!(
            "minst {} per block om {} {}",
            n(*x),
            every,
            if *every == 1 {
                singular(*per)
            } else {
                plural(*per)
            }
        ),
        TargetKind::Average { n: x, per } => {
            format!("minst {} i snitt per {}", n(*x), singular(*per))
        }
        TargetKind::Total { n: x } => format!("minst {} under perioden", n(*x)),
        TargetKind::Share { share, unit } => match unit {
            ShareUnit::Day => format!("aktivitet {} % av dagarna", n(share * 100.0)),
            ShareUnit::Shift => format!("aktivitet {} % av arbetspassen", n(share * 100.0)),
        },
        TargetKind::Trend {
            direction,
            baseline,
        } => {
            let verb = match direction {
                Direction::Increase => "ska öka",
                Direction::Decrease => "ska minska",
            };
            match baseline {
                Some(b) => format!(
                    "{verb} jämfört med {}{}",
                    n(b.value),
                    b.period
                        .as_ref()
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default()
                ),
                None => format!("{verb} jämfört med föregående år"),
            }
        }
        TargetKind::PerPlace { n: x, per, .. } => match per {
            Some(p) => format!("minst {} per {} och plats", n(*x), singular(*p)),
            None => format!("minst {} per plats", n(*x)),
        },
        TargetKind::Requests { share, .. } if *share >= 1.0 => {
            "varje önskemål besvaras".to_owned()
        }
        TargetKind::Requests { share, .. } => {
            format!("minst {} % av önskemålen besvaras", n(share * 100.0))
        }
        TargetKind::Coverage { share, of } => {
            let of = match of {
                Denominator::Fixed(x) => n(*x),
                Denominator::Column(c) => format!("kolumnen {c}"),
            };
            if *share >= 1.0 {
                format!("alla av {of}")
            } else {
                format!("minst {} % av {of}", n(share * 100.0))
            }
        }
        TargetKind::Text => "redovisas i text".to_owned(),
    }
}

/// The calendar period a target's intervals run in, if any.
fn period_of(kind: &TargetKind) -> Option<Period> {
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

/// Verdict on a figure against a requirement.
fn verdict(achieved: f64, required: f64, part_met: f64) -> Status {
    if achieved >= required {
        Status::Met
    } else if achieved >= part_met * required {
        Status::PartlyMet
    } else {
        Status::NotMet
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
    label: String,
    achieved: f64,
    required: f64,
    judged: bool,
    part_met: f64,
) -> IntervalResult {
    IntervalResult {
        from: r.from,
        to: r.to,
        label,
        achieved,
        required: Some(required),
        met: judged.then_some(achieved >= required),
        partly: judged && achieved < required && achieved >= part_met * required,
    }
}

/// The headline of an interval target: intervals judged (required) and
/// intervals met (achieved).
fn tally(out: &mut TargetResult) -> (usize, usize) {
    let judged = out.intervals.iter().filter(|i| i.met.is_some()).count();
    let met = out.intervals.iter().filter(|i| i.met == Some(true)).count();
    out.required = Some(judged as f64);
    out.achieved = met as f64;
    (judged, met)
}

/// "1 månad", "2 månader".
fn period_n(count: usize, per: Period) -> &'static str {
    if count == 1 {
        singular(per)
    } else {
        plural(per)
    }
}

/// Judges `target` in `cx`.
pub fn judge(target: &Target, cx: &Context<'_>) -> TargetResult {
    let span = cx.span;
    // A total over the agreement period runs on after the report window.
    let ends = cx.ends.max(span.to);
    let whole = DateRange {
        from: span.from,
        to: ends,
    };
    // A row that cannot fall in any interval of the target's period (a
    // Friday morning for a weekend, July for a term) is not counted.
    let (rows, off_period): (Vec<Counted<'_>>, Vec<Counted<'_>>) =
        cx.rows.iter().cloned().partition(|c| {
            period_of(&target.kind).is_none_or(|p| periods::belongs(p, c.date, c.row.time))
                && occasions::can_count(c, target.counting)
        });
    let measure_in = |r: DateRange| {
        let inside: Vec<&Counted<'_>> = rows.iter().filter(|c| r.contains(c.date)).collect();
        measure(&inside, target.counting)
    };
    let total: f64 = measure(&rows.iter().collect::<Vec<_>>(), target.counting);
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
                on_track: total >= expected,
                required: required_total,
                from: span.from,
                ends,
            }
        })
    };
    // Distinct occasions are counted in their own unit ("12 helger"),
    // unless the target names one.
    let occasion = match target.counting {
        Counting::Sum => None,
        Counting::Days => Some(("dag", "dagar")),
        Counting::Weekends => Some(("helg", "helger")),
        Counting::Weeks => Some(("vecka", "veckor")),
        Counting::Places => Some(("plats", "platser")),
    };
    let noun = match (&target.unit, occasion) {
        (Some(u), _) => u.clone(),
        (None, Some((_, plural))) => plural.to_owned(),
        (None, None) => cx.noun.clone(),
    };
    let one = match (&target.unit, &target.unit_singular, occasion) {
        (_, Some(s), _) => s.clone(),
        (Some(p), None, _) => crate::agreement::singular_of(p),
        (None, None, Some((singular, _))) => singular.to_owned(),
        (None, None, None) => cx.noun_singular.clone(),
    };
    // "1 insats", "2 insatser".
    let noun_n = |x: f64| noun_for(x, &one, &noun).to_owned();
    let mut out = TargetResult {
        kind: "text",
        description: target
            .description
            .clone()
            .unwrap_or_else(|| match (target.scope, &target.kind) {
                (Scope::Agreement, TargetKind::Total { n: x }) => {
                    format!("minst {} under avtalsperioden", n(*x))
                }
                _ => describe(&target.kind),
            }),
        required: None,
        achieved: total,
        unit: noun.clone(),
        per: None,
        per_interval: None,
        total,
        noun: noun.clone(),
        noun_singular: one.clone(),
        outcome_text: String::new(),
        status: Status::ReportedInText,
        intervals: Vec::new(),
        pace: None,
        missed_places: Vec::new(),
        judged: Some(span),
        rows: rows.iter().map(|c| c.source.clone()).collect(),
        out_of: None,
        not_counted: off_period.iter().map(|c| c.source.clone()).collect(),
        places_within: target.within.as_ref().map(|w| w.name.clone()),
    };
    match &target.kind {
        TargetKind::Text => {
            out.outcome_text = format!(
                "{} {} {}",
                n(total),
                noun_n(total),
                if noun_n(total) == one {
                    "loggad"
                } else {
                    "loggade"
                }
            );
        }
        TargetKind::AtLeastPer { n: need, per } => {
            out.kind = "at_least_per";
            out.per = Some(*per);
            out.per_interval = Some(*need);
            out.intervals = calendar(*per, span)
                .into_iter()
                .map(|r| {
                    let judged = r.from >= span.from && r.to <= span.to && r.to <= cx.as_of;
                    interval(
                        r,
                        label(Lang::Sv, *per, r),
                        measure_in(r),
                        *need,
                        judged,
                        cx.part_met,
                    )
                })
                .collect();
            let (judged, met) = tally(&mut out);
            out.unit = plural(*per).to_owned();
            let whole = out
                .intervals
                .iter()
                .filter(|i| i.from >= span.from && i.to <= span.to)
                .count();
            out.pace = pace(*need * whole.max(1) as f64);
            match interval_verdict(&out.intervals) {
                Some(s) if !in_progress => {
                    out.status = s;
                    out.outcome_text = format!(
                        "{met} av {judged} {} med minst {} {}; totalt {}",
                        period_n(judged, *per),
                        n(*need),
                        noun_n(*need),
                        n(total)
                    );
                }
                _ if in_progress && judged == 0 => {
                    // No interval has ended yet: "0 av 0 avslutade år" says
                    // nothing; the pace says the rest.
                    out.status = Status::InProgress;
                    out.outcome_text = format!("{} {} hittills", n(total), noun_n(total));
                }
                _ if in_progress => {
                    out.status = Status::InProgress;
                    out.outcome_text = format!(
                        "hittills {met} av {judged} avslutade {} med minst {} {}; totalt {}",
                        period_n(judged, *per),
                        n(*need),
                        noun_n(*need),
                        n(total)
                    );
                }
                _ => {
                    // The window holds no whole interval (a half year against
                    // "per år"): judge the total against the requirement
                    // pro-rated by the window's share of the interval.
                    let first = out.intervals.first().map_or(span, |i| DateRange {
                        from: i.from,
                        to: i.to,
                    });
                    let required = need * span.days() as f64 / first.days().max(1) as f64;
                    out.required = Some(required);
                    out.achieved = total;
                    out.unit = noun.clone();
                    out.status = verdict(total, required, cx.part_met);
                    out.outcome_text = format!(
                        "{} {} mot {} för periodens del av {}",
                        n(total),
                        noun_n(total),
                        n(required),
                        singular(*per)
                    );
                }
            }
        }
        TargetKind::EveryN {
            n: need,
            every,
            per,
        } => {
            out.kind = "every_n";
            out.per = Some(*per);
            out.per_interval = Some(*need);
            out.intervals = blocks(*per, *every, span)
                .into_iter()
                .map(|r| {
                    let judged = r.to <= span.to && r.to <= cx.as_of;
                    interval(
                        r,
                        intervals::block_label(Lang::Sv, r),
                        measure_in(r),
                        *need,
                        judged,
                        cx.part_met,
                    )
                })
                .collect();
            let (judged, met) = tally(&mut out);
            out.unit = "perioder".to_owned();
            out.pace = pace(*need * out.intervals.len().max(1) as f64);
            out.outcome_text = format!(
                "{met} av {judged} {} om {every} {} med minst {} {}",
                if judged == 1 { "period" } else { "perioder" },
                if *every == 1 {
                    singular(*per)
                } else {
                    plural(*per)
                },
                n(*need),
                noun_n(*need)
            );
            out.status = if in_progress {
                Status::InProgress
            } else {
                interval_verdict(&out.intervals).unwrap_or(Status::NotMet)
            };
        }
        TargetKind::Average { n: need, per } => {
            out.kind = "average";
            out.per = Some(*per);
            let units_in = |days: f64| match per {
                Period::Day => days,
                Period::Week => days / 7.0,
                Period::Month => days * 12.0 / 365.25,
                Period::Quarter => days * 4.0 / 365.25,
                Period::Year => days / 365.25,
                // Not offered for averages (the promise file refuses them);
                // the calendar's share of each, should that change.
                Period::HalfYear => days * 2.0 / 365.25,
                Period::Term => days * 2.0 / 334.0,
                Period::Weekend => days / 7.0,
            };
            let units = units_in(elapsed_days.max(1) as f64);
            let average = total / units;
            out.required = Some(*need);
            out.achieved = (average * 100.0).round() / 100.0;
            out.unit = format!("per {}", singular(*per));
            out.outcome_text = format!(
                "i snitt {} {} per {}",
                n(average),
                noun_n((average * 100.0).round() / 100.0),
                singular(*per)
            );
            out.status = if in_progress {
                Status::InProgress
            } else {
                verdict(average, *need, cx.part_met)
            };
            if in_progress {
                out.pace = Some(Pace {
                    elapsed_days,
                    window_days: span.days(),
                    expected_so_far: need * units,
                    achieved_so_far: total,
                    on_track: average >= *need,
                    required: need * units_in(span.days().max(1) as f64),
                    from: span.from,
                    ends: span.to,
                });
            }
        }
        TargetKind::Total { n: need } => {
            out.kind = "total";
            out.required = Some(*need);
            out.achieved = total;
            out.outcome_text = match target.scope {
                Scope::Agreement if in_progress && total < *need => format!(
                    "{} av {} hittills, avtalet löper till {}",
                    n(total),
                    n(*need),
                    locale::iso(ends)
                ),
                Scope::Agreement => format!(
                    "{} av {} under avtalsperioden",
                    n(total),
                    n(*need)
                ),
                Scope::Window => {
                    format!("{} {} (krav minst {})", n(total), noun_n(total), n(*need))
                }
            };
            out.pace = pace(*need);
            out.status = if total >= *need {
                Status::Met
            } else if in_progress {
                Status::InProgress
            } else {
                verdict(total, *need, cx.part_met)
            };
        }
        TargetKind::Requests { share, answers } => {
            out.kind = "requests";
            let a = requests::answered(&rows, answers);
            out.total = a.answered;
            out.out_of = Some(a.requests);
            out.required = Some(*share);
            out.unit = "andel av önskemål".to_owned();
            if a.requests > 0.0 {
                let achieved = a.answered / a.requests;
                out.achieved = (achieved * 10_000.0).round() / 10_000.0;
                out.outcome_text = format!(
                    "{} av {} önskemål besvarade ({} %)",
                    n(a.answered),
                    n(a.requests),
                    n((achieved * 100.0).round())
                );
                out.status = if achieved >= *share {
                    Status::Met
                } else if in_progress {
                    Status::InProgress
                } else {
                    verdict(achieved, *share, cx.part_met)
                };
            } else {
                // No request came in: nothing to answer, nothing to judge.
                out.achieved = 0.0;
                out.outcome_text = "inga önskemål loggade".to_owned();
                out.status = Status::ReportedInText;
            }
        }
        TargetKind::Coverage { share, of } => {
            out.kind = "coverage";
            let whole_of = requests::denominator(&rows, of);
            out.out_of = Some(whole_of);
            out.required = Some(*share);
            out.unit = format!("andel av {noun}");
            if whole_of > 0.0 {
                let achieved = total / whole_of;
                out.achieved = (achieved * 10_000.0).round() / 10_000.0;
                out.outcome_text = format!(
                    "{} av {} {noun} ({} %)",
                    n(total),
                    n(whole_of),
                    n((achieved * 100.0).round())
                );
                out.status = if achieved >= *share {
                    Status::Met
                } else if in_progress {
                    Status::InProgress
                } else {
                    verdict(achieved, *share, cx.part_met)
                };
            } else {
                out.achieved = 0.0;
                out.outcome_text = format!("{} {}; inget att räkna mot", n(total), noun_n(total));
                out.status = Status::ReportedInText;
            }
        }
        TargetKind::Share { share, unit } => {
            out.kind = "share";
            let mut days: Vec<NaiveDate> = cx
                .rows
                .iter()
                .filter(|c| c.value > 0.0)
                .map(|c| c.date)
                .collect();
            days.sort();
            days.dedup();
            let achieved = days.len() as f64 / elapsed_days.max(1) as f64;
            out.required = Some(*share);
            out.achieved = (achieved * 10_000.0).round() / 10_000.0;
            out.unit = match unit {
                ShareUnit::Day => "andel av dagar".to_owned(),
                ShareUnit::Shift => "andel av arbetspass".to_owned(),
            };
            let what = match unit {
                ShareUnit::Day => "dagar",
                ShareUnit::Shift => "arbetspass (dagar)",
            };
            out.outcome_text = format!(
                "{} av {} {what} med aktivitet ({} %)",
                days.len(),
                elapsed_days,
                n(achieved * 100.0)
            );
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
            out.kind = "trend";
            out.per = Some(Period::Year);
            let year_total = |year: i32| -> Option<f64> {
                let r = DateRange::new(
                    NaiveDate::from_ymd_opt(year, 1, 1)?,
                    NaiveDate::from_ymd_opt(year, 12, 31)?,
                )?;
                let rows: Vec<&Counted<'_>> =
                    cx.history.iter().filter(|c| r.contains(c.date)).collect();
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
                let previous = if year == cx.first_year {
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
                    label: year.to_string(),
                    achieved: value,
                    required: previous,
                    met,
                    partly: false,
                });
            }
            out.required = last.0;
            out.achieved = last.1;
            out.unit = noun.clone();
            let verb = match direction {
                Direction::Increase => "ökning",
                Direction::Decrease => "minskning",
            };
            let parts: Vec<String> = out
                .intervals
                .iter()
                .map(|i| match i.required {
                    Some(p) => format!("{}: {} (före: {})", i.label, n(i.achieved), n(p)),
                    None => format!("{}: {}", i.label, n(i.achieved)),
                })
                .collect();
            out.outcome_text = format!("{}; {verb} krävs", parts.join(", "));
            out.status = match interval_verdict(&out.intervals) {
                Some(s) if !in_progress => s,
                _ if in_progress => Status::InProgress,
                _ => Status::ReportedInText,
            };
        }
        TargetKind::PerPlace {
            n: need,
            per,
            places,
            place_valid,
        } => {
            out.kind = "per_place";
            out.per = *per;
            out.per_interval = Some(*need);
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
            for cell in &cells {
                let judged = whole_intervals && cell.in_force && (several || !in_progress);
                let (range, label) = match per {
                    Some(p) if several => (
                        cell.period,
                        format!("{} {}", cell.place, label(Lang::Sv, *p, cell.period)),
                    ),
                    _ => (span, cell.place.clone()),
                };
                out.intervals
                    .push(interval(range, label, cell.achieved, *need, judged, cx.part_met));
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
            out.unit = "platser".to_owned();
            out.outcome_text = match (out.missed_places.is_empty(), places.len()) {
                (true, 1) => format!("platsen nådde minst {}", n(*need)),
                (true, all) => format!("alla {all} platser nådde minst {}", n(*need)),
                (false, all) => format!(
                    "{met_places} av {all} {} nådde minst {}; saknas: {}",
                    if all == 1 { "plats" } else { "platser" },
                    n(*need),
                    out.missed_places.join(", ")
                ),
            };
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

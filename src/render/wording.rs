//! Every word the report says about a figure, in one place: statuses,
//! roles of inputs, periods (singular and plural), units, target
//! descriptions, outcomes, interval labels and the pace of a target not
//! yet due, per language. evaluate hands over figures and enums; this
//! module turns them into words.
//!
//! Every match over a [`Kind`], [`Status`], [`Role`] or [`Period`] here is
//! exhaustive, with no catch-all arm: a new kind of target does not compile
//! until it has its words in every language.

use chrono::{Datelike, NaiveDate};

use crate::agreement::{DateRange, Direction, IndicatorChange, Period, ShareUnit, Verdict};
use crate::evaluate::{DEFAULT_NOUN, IntervalResult, Kind, Pace, Role, Status, TargetResult};
use crate::locale::{self, Lang};

/// A number as outcomes print it (two decimals at most).
fn num(lang: Lang, x: f64) -> String {
    locale::number(lang, x, 2)
}

/// The label of a status ("Delvis uppfyllt", "Partly met").
pub fn status_label(lang: Lang, status: Status) -> &'static str {
    match (lang, status) {
        (Lang::Sv, Status::Met) => "Uppfyllt",
        (Lang::Sv, Status::PartlyMet) => "Delvis uppfyllt",
        (Lang::Sv, Status::NotMet) => "Ej uppfyllt",
        (Lang::Sv, Status::InProgress) => "Pågår",
        (Lang::Sv, Status::ReportedInText) => "Redovisas i text",
        (Lang::Sv, Status::NotApplicable) => "Ej aktuellt",
        (Lang::Sv, Status::NoData) => "Underlag saknas",
        (Lang::En, Status::Met) => "Met",
        (Lang::En, Status::PartlyMet) => "Partly met",
        (Lang::En, Status::NotMet) => "Not met",
        (Lang::En, Status::InProgress) => "In progress",
        (Lang::En, Status::ReportedInText) => "Reported in text",
        (Lang::En, Status::NotApplicable) => "Not applicable",
        (Lang::En, Status::NoData) => "No data",
    }
}

/// A symbol for each status, so that no meaning rests on colour alone;
/// all of them are glyphs the embedded font has.
pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Met => "✓",
        Status::PartlyMet => "◇",
        Status::NotMet => "✗",
        Status::InProgress => "→",
        Status::ReportedInText => "■",
        Status::NotApplicable => "–",
        Status::NoData => "⚠",
    }
}

/// What an input is to the report ("Aktivitetslogg").
pub fn role(lang: Lang, role: Role) -> &'static str {
    match (lang, role) {
        (Lang::Sv, Role::Promises) => "Löftesfil",
        (Lang::Sv, Role::Log) => "Aktivitetslogg",
        (Lang::Sv, Role::Indicators) => "Indikatortabell",
        (Lang::Sv, Role::Template) => "Mall",
        (Lang::En, Role::Promises) => "Promise file",
        (Lang::En, Role::Log) => "Activity log",
        (Lang::En, Role::Indicators) => "Indicator table",
        (Lang::En, Role::Template) => "Template",
    }
}

/// A period in the singular, after "per" ("vecka", "week").
pub fn period_singular(lang: Lang, per: Period) -> &'static str {
    match (lang, per) {
        (Lang::Sv, Period::Day) => "dag",
        (Lang::Sv, Period::Week) => "vecka",
        (Lang::Sv, Period::Month) => "månad",
        (Lang::Sv, Period::Quarter) => "kvartal",
        (Lang::Sv, Period::Year) => "år",
        (Lang::En, Period::Day) => "day",
        (Lang::En, Period::Week) => "week",
        (Lang::En, Period::Month) => "month",
        (Lang::En, Period::Quarter) => "quarter",
        (Lang::En, Period::Year) => "year",
    }
}

/// A period in the plural, after a number ("10 av 12 månader").
pub fn period_plural(lang: Lang, per: Period) -> &'static str {
    match (lang, per) {
        (Lang::Sv, Period::Day) => "dagar",
        (Lang::Sv, Period::Week) => "veckor",
        (Lang::Sv, Period::Month) => "månader",
        (Lang::Sv, Period::Quarter) => "kvartal",
        (Lang::Sv, Period::Year) => "år",
        (Lang::En, Period::Day) => "days",
        (Lang::En, Period::Week) => "weeks",
        (Lang::En, Period::Month) => "months",
        (Lang::En, Period::Quarter) => "quarters",
        (Lang::En, Period::Year) => "years",
    }
}

/// The singular or the plural a count asks for ("1 månad", "2 månader").
pub fn period_n(lang: Lang, count: f64, per: Period) -> &'static str {
    if (count - 1.0).abs() < f64::EPSILON {
        period_singular(lang, per)
    } else {
        period_plural(lang, per)
    }
}

/// "varje vecka", "every week": how often, for the log's instructions.
pub fn period_every(lang: Lang, per: Period) -> &'static str {
    match (lang, per) {
        (Lang::Sv, Period::Day) => "varje dag",
        (Lang::Sv, Period::Week) => "varje vecka",
        (Lang::Sv, Period::Month) => "varje månad",
        (Lang::Sv, Period::Quarter) => "varje kvartal",
        (Lang::Sv, Period::Year) => "varje kalenderår",
        (Lang::En, Period::Day) => "every day",
        (Lang::En, Period::Week) => "every week",
        (Lang::En, Period::Month) => "every month",
        (Lang::En, Period::Quarter) => "every quarter",
        (Lang::En, Period::Year) => "every calendar year",
    }
}

/// `singular` for exactly 1, else `plural`: "1 insats", "0 insatser",
/// "1,5 insatser".
pub fn noun_for<'a>(x: f64, singular: &'a str, plural: &'a str) -> &'a str {
    if (x - 1.0).abs() < f64::EPSILON {
        singular
    } else {
        plural
    }
}

/// A short label for a calendar interval: "v. 14 2023", "mars 2023",
/// "K1 2023", "2023", "2023-03-15".
pub fn calendar_label(lang: Lang, per: Period, r: DateRange) -> String {
    match per {
        Period::Day => locale::iso(r.from),
        Period::Week => {
            let iso = r.from.iso_week();
            match lang {
                Lang::Sv => format!("v. {} {}", iso.week(), iso.year()),
                Lang::En => format!("w. {} {}", iso.week(), iso.year()),
            }
        }
        Period::Month => format!(
            "{} {}",
            locale::month_name(lang, r.from.month()),
            r.from.year()
        ),
        Period::Quarter => match lang {
            Lang::Sv => format!("K{} {}", r.from.month0() / 3 + 1, r.from.year()),
            Lang::En => format!("Q{} {}", r.from.month0() / 3 + 1, r.from.year()),
        },
        Period::Year => r.from.year().to_string(),
    }
}

/// A block's label: first and last day ("6 mar 2023 – 26 mar 2023").
pub fn block_label(lang: Lang, r: DateRange) -> String {
    format!("{} – {}", short_date(lang, r.from), short_date(lang, r.to))
}

fn short_date(lang: Lang, d: NaiveDate) -> String {
    let month = locale::month_name(lang, d.month());
    let short: String = month.chars().take(3).collect();
    format!("{} {} {}", d.day(), short, d.year())
}

/// The label of one of a target's intervals, in `lang`.
pub fn interval_label(lang: Lang, kind: &Kind, i: &IntervalResult) -> String {
    let r = DateRange {
        from: i.from,
        to: i.to,
    };
    match kind {
        Kind::AtLeastPer { per, .. } => calendar_label(lang, *per, r),
        Kind::EveryN { .. } => block_label(lang, r),
        Kind::Trend { .. } => i.from.year().to_string(),
        Kind::PerPlace { .. } => i.place.clone().unwrap_or_default(),
        // These kinds have no intervals of their own; should one appear it
        // is named by its days.
        Kind::Average { .. } | Kind::Total | Kind::Share { .. } | Kind::Text => {
            format!("{} – {}", locale::iso(r.from), locale::iso(r.to))
        }
    }
}

/// The unit of a target's `required` and `achieved`, as the results JSON
/// names it (Swedish): "år", "perioder", "per vecka", "andel av dagar",
/// "platser", or the noun counted.
pub fn unit_sv(t: &TargetResult) -> String {
    let lang = Lang::Sv;
    match &t.kind {
        Kind::AtLeastPer { prorated: true, .. } => t.noun.clone(),
        Kind::AtLeastPer { per, .. } => period_plural(lang, *per).to_owned(),
        Kind::EveryN { .. } => "perioder".to_owned(),
        Kind::Average { per } => format!("per {}", period_singular(lang, *per)),
        Kind::Share {
            share_of: ShareUnit::Day,
            ..
        } => "andel av dagar".to_owned(),
        Kind::Share {
            share_of: ShareUnit::Shift,
            ..
        } => "andel av arbetspass".to_owned(),
        Kind::PerPlace { .. } => "platser".to_owned(),
        Kind::Total | Kind::Trend { .. } | Kind::Text => t.noun.clone(),
    }
}

/// The target in words: as the promise file writes it, or made from its
/// kind ("minst 4 per år"). Always the agreement's language, Swedish: it
/// restates the agreement.
pub fn target_description(t: &TargetResult) -> String {
    if let Some(written) = &t.written {
        return written.clone();
    }
    let lang = Lang::Sv;
    let n = |x: f64| num(lang, x);
    let required = t.required.unwrap_or(0.0);
    match &t.kind {
        Kind::AtLeastPer {
            per, per_interval, ..
        } => format!(
            "minst {} per {}",
            n(*per_interval),
            period_singular(lang, *per)
        ),
        Kind::EveryN {
            per,
            per_interval,
            every,
        } => format!(
            "minst {} per block om {} {}",
            n(*per_interval),
            every,
            period_n(lang, f64::from(*every), *per)
        ),
        Kind::Average { per } => {
            format!(
                "minst {} i snitt per {}",
                n(required),
                period_singular(lang, *per)
            )
        }
        Kind::Total => format!("minst {} under perioden", n(required)),
        Kind::Share { share_of, .. } => match share_of {
            ShareUnit::Day => format!("aktivitet {} % av dagarna", n(required * 100.0)),
            ShareUnit::Shift => format!("aktivitet {} % av arbetspassen", n(required * 100.0)),
        },
        Kind::Trend {
            direction,
            baseline,
            baseline_period,
            ..
        } => {
            let verb = match direction {
                Direction::Increase => "ska öka",
                Direction::Decrease => "ska minska",
            };
            match baseline {
                Some(b) => format!(
                    "{verb} jämfört med {}{}",
                    n(*b),
                    baseline_period
                        .as_ref()
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default()
                ),
                None => format!("{verb} jämfört med föregående år"),
            }
        }
        Kind::PerPlace {
            per, per_interval, ..
        } => match per {
            Some(p) => format!(
                "minst {} per {} och plats",
                n(*per_interval),
                period_singular(lang, *p)
            ),
            None => format!("minst {} per plats", n(*per_interval)),
        },
        Kind::Text => "redovisas i text".to_owned(),
    }
}

/// One piece of an outcome sentence: text, and whether it is the
/// agreement's own Swedish word (tagged Swedish in the PDF).
pub type Part = (String, bool);

/// The outcome of a target in words, in pieces ([`Part`]).
pub fn outcome(lang: Lang, t: &TargetResult) -> Vec<Part> {
    match lang {
        Lang::Sv => vec![(outcome_sv(t), false)],
        Lang::En => outcome_en(t),
    }
}

/// The outcome as one string ("1 av 2 år med minst 4
/// trafiksäkerhetsinsatser; totalt 8").
pub fn outcome_text(lang: Lang, t: &TargetResult) -> String {
    outcome(lang, t).into_iter().map(|(s, _)| s).collect()
}

fn outcome_sv(t: &TargetResult) -> String {
    let lang = Lang::Sv;
    let n = |x: f64| num(lang, x);
    let noun_n = |x: f64| noun_for(x, &t.noun_singular, &t.noun).to_owned();
    let total = t.total;
    match t.status {
        Status::NotApplicable => return "målet gällde inte under rapportperioden".to_owned(),
        Status::NoData => {
            return "inga rader räknades: löftesfilens aktivitet eller plats finns inte i loggarna"
                .to_owned();
        }
        Status::Met
        | Status::PartlyMet
        | Status::NotMet
        | Status::InProgress
        | Status::ReportedInText => {}
    }
    let in_progress = t.status == Status::InProgress;
    let (judged, met) = t.tally();
    match &t.kind {
        Kind::Text => format!(
            "{} {} {}",
            n(total),
            noun_n(total),
            if noun_n(total) == t.noun_singular {
                "loggad"
            } else {
                "loggade"
            }
        ),
        Kind::AtLeastPer {
            per,
            per_interval: need,
            prorated,
        } => {
            if *prorated {
                format!(
                    "{} {} mot {} för periodens del av {}",
                    n(total),
                    noun_n(total),
                    n(t.required.unwrap_or(0.0)),
                    period_singular(lang, *per)
                )
            } else if in_progress && judged == 0 {
                // No interval has ended yet: "0 av 0 avslutade år" says
                // nothing; the pace says the rest.
                format!("{} {} hittills", n(total), noun_n(total))
            } else if in_progress {
                format!(
                    "hittills {met} av {judged} avslutade {} med minst {} {}; totalt {}",
                    period_n(lang, judged as f64, *per),
                    n(*need),
                    noun_n(*need),
                    n(total)
                )
            } else {
                format!(
                    "{met} av {judged} {} med minst {} {}; totalt {}",
                    period_n(lang, judged as f64, *per),
                    n(*need),
                    noun_n(*need),
                    n(total)
                )
            }
        }
        Kind::EveryN {
            per,
            per_interval: need,
            every,
        } => format!(
            "{met} av {judged} {} om {every} {} med minst {} {}",
            if judged == 1 { "period" } else { "perioder" },
            period_n(lang, f64::from(*every), *per),
            n(*need),
            noun_n(*need)
        ),
        Kind::Average { per } => format!(
            "i snitt {} {} per {}",
            n(t.achieved),
            noun_n(t.achieved),
            period_singular(lang, *per)
        ),
        Kind::Total => format!(
            "{} {} (krav minst {})",
            n(total),
            noun_n(total),
            n(t.required.unwrap_or(0.0))
        ),
        Kind::Share {
            share_of,
            days_active,
            days,
        } => {
            let what = match share_of {
                ShareUnit::Day => "dagar",
                ShareUnit::Shift => "arbetspass (dagar)",
            };
            format!(
                "{days_active} av {days} {what} med aktivitet ({} %)",
                n(*days_active as f64 / (*days).max(1) as f64 * 100.0)
            )
        }
        Kind::Trend { direction, .. } => {
            let verb = match direction {
                Direction::Increase => "ökning",
                Direction::Decrease => "minskning",
            };
            let parts: Vec<String> = t
                .intervals
                .iter()
                .map(|i| {
                    let label = interval_label(lang, &t.kind, i);
                    match i.required {
                        Some(p) => format!("{label}: {} (före: {})", n(i.achieved), n(p)),
                        None => format!("{label}: {}", n(i.achieved)),
                    }
                })
                .collect();
            format!("{}; {verb} krävs", parts.join(", "))
        }
        Kind::PerPlace {
            per_interval: need, ..
        } => {
            let all = t.intervals.len();
            match (t.missed_places.is_empty(), all) {
                (true, 1) => format!("platsen nådde minst {}", n(*need)),
                (true, all) => format!("alla {all} platser nådde minst {}", n(*need)),
                (false, all) => format!(
                    "{} av {all} {} nådde minst {}; saknas: {}",
                    t.achieved,
                    if all == 1 { "plats" } else { "platser" },
                    n(*need),
                    t.missed_places.join(", ")
                ),
            }
        }
    }
}

/// The outcome in English, in parts: the unit counted
/// ("trafiksäkerhetsinsatser") is the agreement's Swedish word.
fn outcome_en(t: &TargetResult) -> Vec<Part> {
    let lang = Lang::En;
    let n = |x: f64| num(lang, x);
    let req = t.required.unwrap_or(0.0);
    let en = |s: String| (s, false);
    // The unit in the singular or plural the figure asks for; the
    // agreement's own Swedish word.
    let noun = |x: f64| {
        // Without an `enhet` the unit is lofte's own word, not the
        // agreement's: it is said in English.
        if t.noun == DEFAULT_NOUN {
            let word = if (x - 1.0).abs() < f64::EPSILON {
                "activity"
            } else {
                "activities"
            };
            return (word.to_owned(), false);
        }
        (noun_for(x, &t.noun_singular, &t.noun).to_owned(), true)
    };
    match t.status {
        Status::NoData => {
            return vec![en(
                "no rows counted: an activity type or place of the promise file is not in the logs"
                    .to_owned(),
            )];
        }
        Status::NotApplicable => {
            return vec![en(
                "the target was not in force during the report period".to_owned()
            )];
        }
        Status::Met
        | Status::PartlyMet
        | Status::NotMet
        | Status::InProgress
        | Status::ReportedInText => {}
    }
    match &t.kind {
        Kind::AtLeastPer {
            per,
            per_interval,
            prorated,
        } => {
            if *prorated {
                vec![
                    en(format!("{} ", n(t.total))),
                    noun(t.total),
                    en(format!(
                        " against {} for the period's part of a {}",
                        n(req),
                        period_singular(lang, *per)
                    )),
                ]
            } else if t.status == Status::InProgress && req == 0.0 {
                vec![
                    en(format!("{} ", n(t.total))),
                    noun(t.total),
                    en(" so far".to_owned()),
                ]
            } else {
                vec![
                    en(format!(
                        "{} of {} {} with at least {} ",
                        n(t.achieved),
                        n(req),
                        period_n(lang, req, *per),
                        n(*per_interval),
                    )),
                    noun(*per_interval),
                    en(format!("; {} in all", n(t.total))),
                ]
            }
        }
        Kind::EveryN { per_interval, .. } => vec![en(format!(
            "{} of {} blocks with at least {}",
            n(t.achieved),
            n(req),
            n(*per_interval)
        ))],
        Kind::Average { per } => vec![
            en(format!("on average {} ", n(t.achieved))),
            noun(t.achieved),
            en(format!(" per {}", period_singular(lang, *per))),
        ],
        Kind::Total => vec![
            en(format!("{} ", n(t.total))),
            noun(t.total),
            en(format!(" (at least {} required)", n(req))),
        ],
        Kind::Share { .. } => vec![en(format!(
            "activity on {} % of days",
            n(t.achieved * 100.0)
        ))],
        Kind::Trend { .. } => vec![en(t
            .intervals
            .iter()
            .map(|i| {
                let label = interval_label(lang, &t.kind, i);
                match i.required {
                    Some(p) => format!("{label}: {} (before: {})", n(i.achieved), n(p)),
                    None => format!("{label}: {}", n(i.achieved)),
                }
            })
            .collect::<Vec<_>>()
            .join(", "))],
        Kind::PerPlace { .. } if t.missed_places.is_empty() => {
            vec![en(format!("all {} places reached the target", n(req)))]
        }
        Kind::PerPlace { .. } => vec![
            en(format!("{} of {} places; missing: ", n(t.achieved), n(req))),
            (t.missed_places.join(", "), true),
        ],
        Kind::Text => vec![
            en(format!("{} ", n(t.total))),
            noun(t.total),
            en(" logged".to_owned()),
        ],
    }
}

/// The pace of a target whose window is not over:
/// "0 hittills; 1 väntas före årets slut",
/// "2 hittills (3 väntat hittills, efter plan); 2 till väntas före årets slut",
/// "5 hittills; kravet 4 är redan nått".
pub fn pace(lang: Lang, p: &Pace) -> String {
    let num = |x: f64| locale::number(lang, x, 1);
    let so_far = num(p.achieved_so_far);
    let whole_year = p.from.year() == p.ends.year() && p.ends.month() == 12 && p.ends.day() == 31;
    let by = match (lang, whole_year) {
        (Lang::Sv, true) => "före årets slut".to_owned(),
        (Lang::Sv, false) => format!("till och med {}", locale::date(lang, p.ends)),
        (Lang::En, true) => "by the end of the year".to_owned(),
        (Lang::En, false) => format!("by {}", locale::date(lang, p.ends)),
    };
    let remaining = p.required - p.achieved_so_far;
    if remaining <= 0.0 {
        return match lang {
            Lang::Sv => format!(
                "{so_far} hittills; kravet {} är redan nått",
                num(p.required)
            ),
            Lang::En => format!(
                "{so_far} so far; the requirement of {} is already reached",
                num(p.required)
            ),
        };
    }
    // Behind is said only when at least one whole row was due by now: half
    // an expected walk in June is not a shortfall.
    let behind = !p.on_track && p.expected_so_far >= 1.0;
    let started = p.achieved_so_far > 0.0;
    match lang {
        Lang::Sv => {
            let status = if behind {
                format!(" ({} väntat hittills, efter plan)", num(p.expected_so_far))
            } else {
                String::new()
            };
            let more = if started { " till" } else { "" };
            format!(
                "{so_far} hittills{status}; {}{more} väntas {by}",
                num(remaining)
            )
        }
        Lang::En => {
            let status = if behind {
                format!(" ({} expected by now, behind)", num(p.expected_so_far))
            } else {
                String::new()
            };
            let more = if started { " more" } else { "" };
            format!(
                "{so_far} so far{status}; {}{more} expected {by}",
                num(remaining)
            )
        }
    }
}

/// An indicator's verdict against the wished direction ("Bättre").
pub fn verdict(lang: Lang, verdict: Option<Verdict>) -> &'static str {
    match (lang, verdict) {
        (Lang::Sv, Some(Verdict::Better)) => "Bättre",
        (Lang::Sv, Some(Verdict::Worse)) => "Sämre",
        (Lang::Sv, Some(Verdict::Unchanged)) => "Oförändrat",
        (Lang::Sv, None) => "Kan inte jämföras",
        (Lang::En, Some(Verdict::Better)) => "Better",
        (Lang::En, Some(Verdict::Worse)) => "Worse",
        (Lang::En, Some(Verdict::Unchanged)) => "Unchanged",
        (Lang::En, None) => "Cannot be compared",
    }
}

/// Which way an indicator's figure went, as a symbol: the word of
/// [`verdict`] says whether that is the wished way, so no meaning rests
/// on the symbol or on colour alone.
pub fn movement_symbol(difference: Option<f64>) -> &'static str {
    match difference {
        Some(d) if d.abs() < 1e-9 => "●",
        Some(d) if d > 0.0 => "▲",
        Some(_) => "▼",
        None => "",
    }
}

/// The wished direction ("öka").
pub fn wish(lang: Lang, wish: Direction) -> &'static str {
    match (lang, wish) {
        (Lang::Sv, Direction::Increase) => "öka",
        (Lang::Sv, Direction::Decrease) => "minska",
        (Lang::En, Direction::Increase) => "increase",
        (Lang::En, Direction::Decrease) => "decrease",
    }
}

/// "71 procent": a figure with its unit.
fn with_unit(lang: Lang, x: f64, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("{} {u}", num(lang, x)),
        None => num(lang, x),
    }
}

/// The change an indicator shows: "71 procent 2018 → 77,5 procent 2023,
/// ökning med 6,5".
pub fn indicator_change(
    lang: Lang,
    change: Option<&IndicatorChange>,
    unit: Option<&str>,
) -> String {
    let Some(c) = change else {
        return match lang {
            Lang::Sv => "Färre än två år med värden: ingen jämförelse.",
            Lang::En => "Fewer than two years with figures: no comparison.",
        }
        .to_owned();
    };
    let span = format!(
        "{} {} → {} {}",
        with_unit(lang, c.from, unit),
        c.from_year,
        with_unit(lang, c.to, unit),
        c.to_year
    );
    let size = num(lang, c.difference.abs());
    match (lang, c.verdict == Verdict::Unchanged, c.difference >= 0.0) {
        (Lang::Sv, true, _) => format!("{span}, ingen förändring"),
        (Lang::Sv, false, true) => format!("{span}, ökning med {size}"),
        (Lang::Sv, false, false) => format!("{span}, minskning med {size}"),
        (Lang::En, true, _) => format!("{span}, no change"),
        (Lang::En, false, true) => format!("{span}, an increase of {size}"),
        (Lang::En, false, false) => format!("{span}, a decrease of {size}"),
    }
}

/// "Enhet: procent · Önskad riktning: öka".
pub fn indicator_about(lang: Lang, unit: Option<&str>, wished: Direction) -> String {
    let mut about = Vec::new();
    if let Some(u) = unit {
        about.push(match lang {
            Lang::Sv => format!("Enhet: {u}"),
            Lang::En => format!("Unit: {u}"),
        });
    }
    about.push(match lang {
        Lang::Sv => format!("Önskad riktning: {}", wish(lang, wished)),
        Lang::En => format!("Desired direction: {}", wish(lang, wished)),
    });
    about.join(" · ")
}

/// The alt text of an indicator's chart: what it shows, every figure, and
/// the result.
pub fn indicator_alt(
    lang: Lang,
    name: &str,
    unit: Option<&str>,
    figures: &[(String, String)],
    change: Option<&IndicatorChange>,
    wished: Direction,
) -> String {
    let figures = figures
        .iter()
        .map(|(y, v)| format!("{y} {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let unit = unit.map(|u| format!(" ({u})")).unwrap_or_default();
    let result = change.map(|c| match lang {
        Lang::Sv => format!(
            " {}: {} {} mot {} {}, önskad riktning {}.",
            verdict(lang, Some(c.verdict)),
            num(lang, c.to),
            c.to_year,
            num(lang, c.from),
            c.from_year,
            wish(lang, wished)
        ),
        Lang::En => format!(
            " {}: {} in {} against {} in {}, desired direction {}.",
            verdict(lang, Some(c.verdict)),
            num(lang, c.to),
            c.to_year,
            num(lang, c.from),
            c.from_year,
            wish(lang, wished)
        ),
    });
    let head = match lang {
        Lang::Sv => format!("Stapeldiagram, {name}{unit} per år: {figures}."),
        Lang::En => format!("Bar chart, {name}{unit} per year: {figures}."),
    };
    head + &result.unwrap_or_default()
}

/// "Källa: NTU".
pub fn indicator_source(lang: Lang, source: &str) -> String {
    match lang {
        Lang::Sv => format!("Källa: {source}"),
        Lang::En => format!("Source: {source}"),
    }
}

/// Figures left out because they are for years after the report window.
pub fn later_years(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Sv, 1) => "1 senare år visas inte: det ligger efter rapportperioden.".to_owned(),
        (Lang::Sv, n) => format!("{n} senare år visas inte: de ligger efter rapportperioden."),
        (Lang::En, 1) => "1 later year is not shown: it is after the report period.".to_owned(),
        (Lang::En, n) => {
            format!("{n} later years are not shown: they are after the report period.")
        }
    }
}

/// The direction rule as the report states it (docs/indicators.md).
pub fn indicator_rule(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => {
            "Det senaste värdet jämförs med det sista värdet före avtalsperioden, eller med det första värdet när inget är äldre. Bättre betyder att indikatorn rört sig i den önskade riktningen. Indikatorerna visar läget; de påverkar inte bedömningen av något löfte."
        }
        Lang::En => {
            "The latest figure is compared with the last figure before the agreement period, or with the first figure when none is older. Better means the indicator moved in the desired direction. The indicators show the situation; they do not affect the verdict on any promise."
        }
    }
}

/// The words of "Utfört av" for each kind of count.
pub struct DoneByWords {
    /// "Polisen".
    pub police: &'static str,
    /// "Kommunen", in the usual agreement.
    pub municipality: &'static str,
    /// "Gemensamt".
    pub joint: &'static str,
    /// "Annan part": the municipality's rows in a police-only agreement.
    pub other: &'static str,
    /// "Ej angivet".
    pub unknown: &'static str,
}

/// The words of "Utfört av".
pub fn done_by_words(lang: Lang) -> DoneByWords {
    match lang {
        Lang::Sv => DoneByWords {
            police: "Polisen",
            municipality: "Kommunen",
            joint: "Gemensamt",
            other: "Annan part",
            unknown: "Ej angivet",
        },
        Lang::En => DoneByWords {
            police: "Police",
            municipality: "Municipality",
            joint: "Joint",
            other: "Other party",
            unknown: "Not stated",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pace_of(achieved: f64, expected: f64, required: f64) -> Pace {
        Pace {
            elapsed_days: 181,
            window_days: 365,
            expected_so_far: expected,
            achieved_so_far: achieved,
            on_track: achieved >= expected,
            required,
            from: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            ends: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap(),
        }
    }

    #[test]
    fn a_walk_planned_for_september_is_not_behind_in_june() {
        assert_eq!(
            pace(Lang::Sv, &pace_of(0.0, 0.5, 1.0)),
            "0 hittills; 1 väntas före årets slut"
        );
        assert_eq!(
            pace(Lang::En, &pace_of(0.0, 0.5, 1.0)),
            "0 so far; 1 expected by the end of the year"
        );
        assert_eq!(
            pace(Lang::Sv, &pace_of(1.0, 2.0, 4.0)),
            "1 hittills (2 väntat hittills, efter plan); 3 till väntas före årets slut"
        );
        assert_eq!(
            pace(Lang::Sv, &pace_of(5.0, 2.0, 4.0)),
            "5 hittills; kravet 4 är redan nått"
        );
    }

    #[test]
    fn one_is_singular() {
        assert_eq!(noun_for(1.0, "insats", "insatser"), "insats");
        assert_eq!(noun_for(0.0, "insats", "insatser"), "insatser");
        assert_eq!(noun_for(2.0, "insats", "insatser"), "insatser");
        assert_eq!(period_n(Lang::Sv, 1.0, Period::Month), "månad");
        assert_eq!(period_n(Lang::En, 2.0, Period::Month), "months");
    }

    #[test]
    fn calendar_labels_in_both_languages() {
        let r = DateRange {
            from: NaiveDate::from_ymd_opt(2022, 1, 3).unwrap(),
            to: NaiveDate::from_ymd_opt(2022, 1, 9).unwrap(),
        };
        assert_eq!(calendar_label(Lang::Sv, Period::Week, r), "v. 1 2022");
        assert_eq!(calendar_label(Lang::En, Period::Week, r), "w. 1 2022");
        assert_eq!(calendar_label(Lang::Sv, Period::Month, r), "januari 2022");
        assert_eq!(calendar_label(Lang::En, Period::Quarter, r), "Q1 2022");
    }
}

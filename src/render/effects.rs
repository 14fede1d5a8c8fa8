//! *Lägesbild och effekter* as the template prints it, and the parties'
//! names where the usual agreement says "Polisen" and "Kommunen": every
//! word and figure made here, in the report's language, so the template
//! only lays out. Indicators are shown beside the promises and never
//! touch a status.

use serde::Serialize;

use crate::agreement::{
    AgreementParty, Direction, IndicatorOutcome, Party, Verdict, parties::default_parties,
};
use crate::evaluate::{Contributions, Results};
use crate::locale::{self, Lang};

/// The section.
#[derive(Debug, Serialize)]
pub struct EffectsView {
    /// "Lägesbild och effekter".
    pub heading: &'static str,
    /// The agreement's heading for its effects, or "Förväntad effekt".
    pub effects_heading: String,
    /// The agreement's expected effects, verbatim.
    pub effects: Vec<String>,
    /// Indicators, in the table's order.
    pub indicators: Vec<IndicatorView>,
    /// How the change is judged, and that indicators judge no promise.
    pub rule: String,
    /// Header of the values table's first column ("År").
    pub year: &'static str,
    /// Header of the values column ("Värde").
    pub value: &'static str,
}

/// One indicator as printed.
#[derive(Debug, Serialize)]
pub struct IndicatorView {
    /// Name, verbatim.
    pub name: String,
    /// "Enhet: procent · Önskad riktning: öka".
    pub about: String,
    /// The focus area's name, when it belongs to one.
    pub area: Option<String>,
    /// Years shown, as text.
    pub years: Vec<String>,
    /// Values, formatted, one per year.
    pub values: Vec<String>,
    /// `better`, `worse`, `unchanged` or `open` (fewer than two years).
    pub verdict_key: &'static str,
    /// ▲ rose, ▼ fell, ● unchanged; empty without a change.
    pub symbol: &'static str,
    /// "Bättre", "Sämre", "Oförändrat", "Kan inte jämföras".
    pub verdict: &'static str,
    /// "71 procent 2018 → 77,5 procent 2023, ökning med 6,5".
    pub change: String,
    /// Bars across the years, with an alt text stating the result.
    pub chart: Option<ChartView>,
    /// "Källa: Polisens trygghetsmätning".
    pub source: Option<String>,
    /// Later figures left out, said once ("2 senare år visas inte: de är
    /// efter rapportperioden").
    pub later: Option<String>,
}

/// A bar chart across the years, bars from zero (a bar from anywhere else
/// would make a small change look large).
#[derive(Debug, Serialize)]
pub struct ChartView {
    /// What the chart shows and the result, for a screen reader.
    pub alt: String,
    /// One bar per year.
    pub bars: Vec<Bar>,
}

/// One year's bar.
#[derive(Debug, Serialize)]
pub struct Bar {
    /// The year.
    pub year: String,
    /// The value, formatted.
    pub value: String,
    /// Height as a share of the tallest bar, 0–1.
    pub height: f64,
}

/// The verdict's words.
pub fn verdict_word(lang: Lang, verdict: Option<Verdict>) -> &'static str {
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

fn verdict_key(verdict: Option<Verdict>) -> &'static str {
    match verdict {
        Some(Verdict::Better) => "better",
        Some(Verdict::Worse) => "worse",
        Some(Verdict::Unchanged) => "unchanged",
        None => "open",
    }
}

/// Which way the figure went: a symbol, so the verdict's meaning rests on
/// neither colour nor the symbol alone (the word says better or worse).
fn movement_symbol(difference: Option<f64>) -> &'static str {
    match difference {
        Some(d) if d.abs() < 1e-9 => "●",
        Some(d) if d > 0.0 => "▲",
        Some(_) => "▼",
        None => "",
    }
}

fn wish_word(lang: Lang, wish: Direction) -> &'static str {
    match (lang, wish) {
        (Lang::Sv, Direction::Increase) => "öka",
        (Lang::Sv, Direction::Decrease) => "minska",
        (Lang::En, Direction::Increase) => "increase",
        (Lang::En, Direction::Decrease) => "decrease",
    }
}

fn num(lang: Lang, x: f64) -> String {
    locale::number(lang, x, 2)
}

/// "71 procent": a value with its unit.
fn with_unit(lang: Lang, x: f64, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("{} {u}", num(lang, x)),
        None => num(lang, x),
    }
}

fn indicator_view(lang: Lang, i: &IndicatorOutcome, results: &Results) -> IndicatorView {
    let unit = i.unit.as_deref();
    let verdict = i.change.as_ref().map(|c| c.verdict);
    let change = match (&i.change, lang) {
        (Some(c), Lang::Sv) if c.verdict == Verdict::Unchanged => format!(
            "{} {} → {} {}, ingen förändring",
            with_unit(lang, c.from, unit),
            c.from_year,
            with_unit(lang, c.to, unit),
            c.to_year
        ),
        (Some(c), Lang::En) if c.verdict == Verdict::Unchanged => format!(
            "{} {} → {} {}, no change",
            with_unit(lang, c.from, unit),
            c.from_year,
            with_unit(lang, c.to, unit),
            c.to_year
        ),
        (Some(c), Lang::Sv) => format!(
            "{} {} → {} {}, {} med {}",
            with_unit(lang, c.from, unit),
            c.from_year,
            with_unit(lang, c.to, unit),
            c.to_year,
            if c.difference >= 0.0 {
                "ökning"
            } else {
                "minskning"
            },
            num(lang, c.difference.abs())
        ),
        (Some(c), Lang::En) => format!(
            "{} {} → {} {}, {} of {}",
            with_unit(lang, c.from, unit),
            c.from_year,
            with_unit(lang, c.to, unit),
            c.to_year,
            if c.difference >= 0.0 {
                "an increase"
            } else {
                "a decrease"
            },
            num(lang, c.difference.abs())
        ),
        (None, Lang::Sv) => "Färre än två år med värden: ingen jämförelse.".to_owned(),
        (None, Lang::En) => "Fewer than two years with figures: no comparison.".to_owned(),
    };
    let mut about = Vec::new();
    if let Some(u) = unit {
        about.push(match lang {
            Lang::Sv => format!("Enhet: {u}"),
            Lang::En => format!("Unit: {u}"),
        });
    }
    about.push(match lang {
        Lang::Sv => format!("Önskad riktning: {}", wish_word(lang, i.wish)),
        Lang::En => format!("Desired direction: {}", wish_word(lang, i.wish)),
    });
    let years: Vec<String> = i.values.iter().map(|v| v.year.to_string()).collect();
    let values: Vec<String> = i.values.iter().map(|v| num(lang, v.value)).collect();
    let tallest = i
        .values
        .iter()
        .map(|v| v.value.abs())
        .fold(0.0_f64, f64::max);
    let chart = (i.values.len() >= 2 && tallest > 0.0).then(|| {
        let figures = years
            .iter()
            .zip(&values)
            .map(|(y, v)| format!("{y} {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        let result = match (lang, &i.change) {
            (Lang::Sv, Some(c)) => format!(
                "{}: {} {} mot {} {}, önskad riktning {}.",
                verdict_word(lang, verdict),
                num(lang, c.to),
                c.to_year,
                num(lang, c.from),
                c.from_year,
                wish_word(lang, i.wish)
            ),
            (Lang::En, Some(c)) => format!(
                "{}: {} in {} against {} in {}, desired direction {}.",
                verdict_word(lang, verdict),
                num(lang, c.to),
                c.to_year,
                num(lang, c.from),
                c.from_year,
                wish_word(lang, i.wish)
            ),
            (_, None) => String::new(),
        };
        let alt = match lang {
            Lang::Sv => format!(
                "Stapeldiagram, {}{} per år: {figures}. {result}",
                i.name,
                unit.map(|u| format!(" ({u})")).unwrap_or_default()
            ),
            Lang::En => format!(
                "Bar chart, {}{} per year: {figures}. {result}",
                i.name,
                unit.map(|u| format!(" ({u})")).unwrap_or_default()
            ),
        };
        ChartView {
            alt: alt.trim_end().to_owned(),
            bars: i
                .values
                .iter()
                .zip(years.iter().zip(&values))
                .map(|(v, (y, f))| Bar {
                    year: y.clone(),
                    value: f.clone(),
                    height: v.value.max(0.0) / tallest,
                })
                .collect(),
        }
    });
    IndicatorView {
        name: i.name.clone(),
        about: about.join(" · "),
        area: i.area.as_ref().and_then(|id| {
            results
                .areas
                .iter()
                .find(|a| &a.id == id)
                .map(|a| a.name.clone())
        }),
        years,
        values,
        verdict_key: verdict_key(verdict),
        symbol: movement_symbol(i.change.as_ref().map(|c| c.difference)),
        verdict: verdict_word(lang, verdict),
        change,
        chart,
        source: i.source.as_ref().map(|s| match lang {
            Lang::Sv => format!("Källa: {s}"),
            Lang::En => format!("Source: {s}"),
        }),
        later: (i.later_years > 0).then(|| match lang {
            Lang::Sv => format!(
                "{} senare år visas inte: de ligger efter rapportperioden.",
                i.later_years
            ),
            Lang::En => format!(
                "{} later years are not shown: they are after the report period.",
                i.later_years
            ),
        }),
    }
}

/// The section, or `None` when the agreement states no effect and has no
/// indicator (no heading with nothing under it).
pub fn view(lang: Lang, results: &Results) -> Option<EffectsView> {
    let effects = &results.agreement.effects;
    if effects.list.is_empty() && results.indicators.is_empty() {
        return None;
    }
    Some(EffectsView {
        heading: match lang {
            Lang::Sv => "Lägesbild och effekter",
            Lang::En => "Situation and effects",
        },
        effects_heading: effects.heading.clone().unwrap_or_else(|| {
            match lang {
                Lang::Sv => "Förväntad effekt",
                Lang::En => "Expected effects",
            }
            .to_owned()
        }),
        effects: effects.list.clone(),
        indicators: results
            .indicators
            .iter()
            .map(|i| indicator_view(lang, i, results))
            .collect(),
        rule: match lang {
            Lang::Sv => "Det senaste värdet jämförs med det sista värdet före avtalsperioden, eller med det första värdet när inget är äldre. Bättre betyder att indikatorn rört sig i den önskade riktningen. Indikatorerna visar läget; de påverkar inte bedömningen av något löfte.",
            Lang::En => "The latest figure is compared with the last figure before the agreement period, or with the first figure when none is older. Better means the indicator moved in the desired direction. The indicators show the situation; they do not affect the verdict on any promise.",
        }
        .to_owned(),
        year: match lang {
            Lang::Sv => "År",
            Lang::En => "Year",
        },
        value: match lang {
            Lang::Sv => "Värde",
            Lang::En => "Value",
        },
    })
}

/// The names of the indicators that belong to focus area `id`, for a line
/// under the area.
pub fn area_indicators(results: &Results, id: &str) -> Vec<String> {
    results
        .indicators
        .iter()
        .filter(|i| i.area.as_deref() == Some(id))
        .map(|i| i.name.clone())
        .collect()
}

/// Whether the agreement is the usual one: the police and the kommun as
/// lofte names them by default. Then the report says "Polisen" and
/// "Kommunen" as it always has.
fn usual(results: &Results) -> bool {
    let a = &results.agreement;
    a.district.is_none()
        && a.kommun.is_some()
        && a.parties == default_parties(a.kommun.as_deref(), None)
}

/// The partner's name in "Utfört av": "Kommunen" in the usual agreement,
/// else as the agreement names it ("Skärholmens stadsdelsförvaltning");
/// `None` when there is no partner (a police-only agreement).
pub fn partner_label(lang: Lang, results: &Results) -> Option<String> {
    if usual(results) {
        return Some(
            match lang {
                Lang::Sv => "Kommunen",
                Lang::En => "Municipality",
            }
            .to_owned(),
        );
    }
    results
        .agreement
        .parties
        .iter()
        .find(|p| p.side == Party::Municipality)
        .map(|p| p.name.clone())
}

/// "Utfört av": rows per party, with the agreement's own parties. A
/// police-only agreement leaves out the partner and "Gemensamt" unless a
/// row names them (nothing the logs say is hidden).
pub fn done_by(lang: Lang, results: &Results, c: &Contributions) -> String {
    let count = |n: u64| locale::count(lang, n);
    let (police, joint, other, unknown) = match lang {
        Lang::Sv => ("Polisen", "Gemensamt", "Annan part", "Ej angivet"),
        Lang::En => ("Police", "Joint", "Other party", "Not stated"),
    };
    let partner = partner_label(lang, results);
    let mut parts = vec![format!("{police} {}", count(c.police))];
    match &partner {
        Some(name) => {
            parts.push(format!("{name} {}", count(c.municipality)));
            parts.push(format!("{joint} {}", count(c.joint)));
        }
        None => {
            if c.municipality > 0 {
                parts.push(format!("{other} {}", count(c.municipality)));
            }
            if c.joint > 0 {
                parts.push(format!("{joint} {}", count(c.joint)));
            }
        }
    }
    if c.unknown > 0 {
        parts.push(format!("{unknown} {}", count(c.unknown)));
    }
    parts.join(" · ")
}

/// The title block's first line: "lokalpolisområde · kommun" as before for
/// the usual agreement, else the police area (or the police as the
/// agreement names them, when that names the area) and the partners.
pub fn parties_line(results: &Results) -> String {
    let a = &results.agreement;
    if usual(results) {
        return format!("{} · {}", a.police_area, a.place);
    }
    let police = a
        .parties
        .iter()
        .find(|p| p.side == Party::Police && p.name.contains(&a.police_area))
        .map_or(a.police_area.as_str(), |p| p.name.as_str());
    let mut names = vec![police];
    names.extend(
        a.parties
            .iter()
            .filter(|p: &&AgreementParty| p.side == Party::Municipality)
            .map(|p| p.name.as_str()),
    );
    names.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_symbol_says_the_movement_and_the_word_the_verdict() {
        // A fall wished for: ▼ and "Bättre"; a rise not wished: ▲ "Sämre".
        assert_eq!(movement_symbol(Some(-560.0)), "▼");
        assert_eq!(movement_symbol(Some(3.0)), "▲");
        assert_eq!(movement_symbol(Some(0.0)), "●");
        assert_eq!(movement_symbol(None), "");
        assert_eq!(verdict_word(Lang::Sv, Some(Verdict::Better)), "Bättre");
        assert_eq!(verdict_word(Lang::Sv, Some(Verdict::Worse)), "Sämre");
        assert_eq!(
            verdict_word(Lang::En, Some(Verdict::Unchanged)),
            "Unchanged"
        );
        assert_eq!(with_unit(Lang::Sv, 77.5, Some("procent")), "77,5 procent");
        assert_eq!(with_unit(Lang::Sv, 15210.0, None), "15\u{a0}210");
    }
}

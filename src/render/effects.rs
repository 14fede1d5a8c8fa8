//! Builds *Lägesbild och effekter* and the parties' names of the document
//! (render/document.rs) from the results, with the words of
//! render/wording.rs. Indicators are shown beside the promises and never
//! touch a status.

use crate::agreement::{AgreementParty, IndicatorOutcome, Party, parties::default_parties};
use crate::evaluate::{Contributions, Results};
use crate::locale::{self, Lang};

use super::document::{Bar, ChartView, EffectsView, IndicatorView};
use super::wording;

fn indicator_view(lang: Lang, i: &IndicatorOutcome, results: &Results) -> IndicatorView {
    let unit = i.unit.as_deref();
    let verdict = i.change.as_ref().map(|c| c.verdict);
    let years: Vec<String> = i.values.iter().map(|v| v.year.to_string()).collect();
    let values: Vec<String> = i
        .values
        .iter()
        .map(|v| locale::number(lang, v.value, 2))
        .collect();
    let tallest = i
        .values
        .iter()
        .map(|v| v.value.abs())
        .fold(0.0_f64, f64::max);
    let chart = (i.values.len() >= 2 && tallest > 0.0).then(|| {
        let figures: Vec<(String, String)> =
            years.iter().cloned().zip(values.iter().cloned()).collect();
        ChartView {
            alt: wording::indicator_alt(lang, &i.name, unit, &figures, i.change.as_ref(), i.wish),
            bars: i
                .values
                .iter()
                .zip(figures)
                .map(|(v, (year, value))| Bar {
                    year,
                    value,
                    // Four decimals are finer than a printer's dot.
                    height: (v.value.max(0.0) / tallest * 1e4).round() / 1e4,
                })
                .collect(),
        }
    });
    IndicatorView {
        name: i.name.clone(),
        about: wording::indicator_about(lang, unit, i.wish),
        area: i.area.as_ref().and_then(|id| {
            results
                .areas
                .iter()
                .find(|a| &a.id == id)
                .map(|a| a.name.clone())
        }),
        years,
        values,
        verdict_key: match verdict {
            Some(crate::agreement::Verdict::Better) => "better",
            Some(crate::agreement::Verdict::Worse) => "worse",
            Some(crate::agreement::Verdict::Unchanged) => "unchanged",
            None => "open",
        },
        symbol: wording::movement_symbol(i.change.as_ref().map(|c| c.difference)),
        verdict: wording::verdict(lang, verdict),
        change: wording::indicator_change(lang, i.change.as_ref(), unit),
        chart,
        source: i
            .source
            .as_deref()
            .map(|s| wording::indicator_source(lang, s)),
        later: (i.later_years > 0).then(|| wording::later_years(lang, i.later_years)),
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
        heading_sv: effects.heading.is_some(),
        effects_heading: effects
            .heading
            .clone()
            .unwrap_or_else(|| wording::words(lang).expected_effects.to_owned()),
        effects: effects.list.clone(),
        indicators: results
            .indicators
            .iter()
            .map(|i| indicator_view(lang, i, results))
            .collect(),
        rule: wording::indicator_rule(lang).to_owned(),
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

/// "Utfört av": rows per party, with the agreement's own parties: the
/// partner is "Kommunen" in the usual agreement, else as the agreement
/// names it ("Skärholmens stadsdelsförvaltning"). A police-only agreement
/// leaves out the partner and "Gemensamt" unless a row names them
/// (nothing the logs say is hidden).
pub fn done_by(lang: Lang, results: &Results, c: &Contributions) -> String {
    let count = |n: u64| locale::count(lang, n);
    let w = wording::done_by_words(lang);
    let partner: Option<String> = if usual(results) {
        Some(w.municipality.to_owned())
    } else {
        results
            .agreement
            .parties
            .iter()
            .find(|p| p.side == Party::Municipality)
            .map(|p| p.name.clone())
    };
    let mut parts = vec![format!("{} {}", w.police, count(c.police))];
    match &partner {
        Some(name) => {
            parts.push(format!("{name} {}", count(c.municipality)));
            parts.push(format!("{} {}", w.joint, count(c.joint)));
        }
        None => {
            if c.municipality > 0 {
                parts.push(format!("{} {}", w.other, count(c.municipality)));
            }
            if c.joint > 0 {
                parts.push(format!("{} {}", w.joint, count(c.joint)));
            }
        }
    }
    if c.unknown > 0 {
        parts.push(format!("{} {}", w.unknown, count(c.unknown)));
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
    use super::wording;
    use crate::agreement::Verdict;
    use crate::locale::Lang;

    #[test]
    fn the_symbol_says_the_movement_and_the_word_the_verdict() {
        // A fall wished for: ▼ and "Bättre"; a rise not wished: ▲ "Sämre".
        assert_eq!(wording::movement_symbol(Some(-560.0)), "▼");
        assert_eq!(wording::movement_symbol(Some(3.0)), "▲");
        assert_eq!(wording::movement_symbol(Some(0.0)), "●");
        assert_eq!(wording::movement_symbol(None), "");
        assert_eq!(wording::verdict(Lang::Sv, Some(Verdict::Better)), "Bättre");
        assert_eq!(wording::verdict(Lang::Sv, Some(Verdict::Worse)), "Sämre");
        assert_eq!(
            wording::verdict(Lang::En, Some(Verdict::Unchanged)),
            "Unchanged"
        );
        let change = crate::agreement::IndicatorChange {
            from_year: 2018,
            from: 15210.0,
            to_year: 2023,
            to: 14650.5,
            difference: -559.5,
            verdict: Verdict::Better,
        };
        assert_eq!(
            wording::indicator_change(Lang::Sv, Some(&change), Some("anmälda brott")),
            "15\u{a0}210 anmälda brott 2018 → 14\u{a0}650,5 anmälda brott 2023, minskning med 559,5"
        );
        assert_eq!(
            wording::indicator_change(Lang::En, Some(&change), None),
            "15,210 2018 → 14,650.5 2023, a decrease of 559.5"
        );
    }
}

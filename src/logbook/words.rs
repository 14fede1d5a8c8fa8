//! The Swedish words of the "Instruktioner" sheet: each target in words,
//! and what to write in the log for each promise. Made here, once, from
//! the typed targets; exhaustive matches so a new kind of target cannot
//! fall through unexplained.

use crate::agreement::{Direction, Period, Promise, ShareUnit, Target, TargetKind};
use crate::locale::{self, Lang};

fn n(x: f64) -> String {
    locale::number(Lang::Sv, x, 2)
}

/// "varje vecka", "varje månad" …
fn every(per: Period) -> &'static str {
    match per {
        Period::Day => "varje dag",
        Period::Week => "varje vecka",
        Period::Month => "varje månad",
        Period::Quarter => "varje kvartal",
        Period::Year => "varje kalenderår",
    }
}

/// "vecka", "månad" … after "per".
fn singular(per: Period) -> &'static str {
    match per {
        Period::Day => "dag",
        Period::Week => "vecka",
        Period::Month => "månad",
        Period::Quarter => "kvartal",
        Period::Year => "år",
    }
}

/// "veckor", "månader" … after a number.
fn plural(per: Period) -> &'static str {
    match per {
        Period::Day => "dagar",
        Period::Week => "veckor",
        Period::Month => "månader",
        Period::Quarter => "kvartal",
        Period::Year => "år",
    }
}

/// A target in words, as lofte will judge it ("minst 4
/// trafiksäkerhetsinsatser varje kalenderår"), with the agreement's own
/// words in front when the promise file gives them.
pub fn target_in_words(target: &Target, promise: &Promise) -> String {
    let unit = target
        .unit
        .as_deref()
        .or(promise.unit.as_deref())
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let rule = match &target.kind {
        TargetKind::AtLeastPer { n: x, per } => format!("minst {}{unit} {}", n(*x), every(*per)),
        TargetKind::EveryN {
            n: x,
            every: k,
            per,
        } => format!(
            "minst {}{unit} i varje block om {k} {} i följd",
            n(*x),
            plural(*per)
        ),
        TargetKind::Average { n: x, per } => {
            format!("i snitt minst {}{unit} per {}", n(*x), singular(*per))
        }
        TargetKind::Total { n: x } => format!("minst {}{unit} under hela perioden", n(*x)),
        TargetKind::Share { share, unit: u } => {
            let of = match u {
                ShareUnit::Day => "dagarna",
                ShareUnit::Shift => "arbetspassen",
            };
            if *share >= 1.0 {
                format!("aktivitet under alla {of}")
            } else {
                format!("aktivitet under minst {} % av {of}", n(share * 100.0))
            }
        }
        TargetKind::Trend {
            direction,
            baseline,
        } => {
            let what = if unit.is_empty() {
                "antalet"
            } else {
                unit.trim()
            };
            let verb = match direction {
                Direction::Increase => "ska öka",
                Direction::Decrease => "ska minska",
            };
            let against = match baseline {
                Some(b) => {
                    let mut s = format!("jämfört med {}", n(b.value));
                    if let Some(p) = &b.period {
                        s.push_str(&format!(" ({p}"));
                        if let Some(src) = &b.source {
                            s.push_str(&format!(", {src}"));
                        }
                        s.push(')');
                    }
                    s
                }
                None => "jämfört med året före".to_owned(),
            };
            format!("{what} {verb} {against}")
        }
        TargetKind::PerPlace { n: x, per, places } => format!(
            "minst {}{unit} {} på var och en av platserna {}",
            n(*x),
            per.map_or("under perioden", every),
            places.join(", ")
        ),
        TargetKind::Text => "inget antal: redovisas i text, utan bedömning".to_owned(),
    };
    let mut out = match &target.description {
        Some(d) if !d.trim().is_empty() => format!("\u{201d}{}\u{201d}: {rule}", d.trim()),
        _ => rule,
    };
    if let Some(v) = target.valid {
        out.push_str(&format!(" (gäller {} – {})", v.from, v.to));
    }
    out
}

/// What to write in the log for `promise`, in Swedish sentences.
pub fn logging_advice(promise: &Promise, quantity_columns: &[String]) -> String {
    let mut s = Vec::new();
    let aliases: Vec<&str> = promise
        .matching
        .ids
        .iter()
        .filter(|i| **i != promise.id)
        .map(String::as_str)
        .collect();
    if aliases.is_empty() {
        s.push(format!("Välj {} i Löfte.", promise.id));
    } else {
        s.push(format!(
            "Välj {} i Löfte (även {} räknas).",
            promise.id,
            aliases.join(", ")
        ));
    }
    if !promise.matching.activities.is_empty() {
        s.push(format!(
            "Rader utan Löfte räknas också när Aktivitet är {}.",
            promise.matching.activities.join(" eller ")
        ));
    }
    let is_text = promise
        .targets
        .iter()
        .all(|t| matches!(t.kind, TargetKind::Text));
    if is_text {
        s.push(
            "Logga det som görs; det beskrivs i uppföljningen men räknas inte mot ett tal."
                .to_owned(),
        );
    } else if let Some(unit) = &promise.unit {
        s.push(format!(
            "Antal: hur många {unit} raden gäller (tom ruta = 1)."
        ));
    }
    for target in &promise.targets {
        let label = target
            .description
            .as_deref()
            .map(|d| format!("Målet \u{201d}{}\u{201d}", d.trim()))
            .unwrap_or_else(|| "Ett av målen".to_owned());
        if !target.activities.is_empty() {
            s.push(format!(
                "{label} räknar bara rader med Aktivitet {}.",
                target.activities.join(" eller ")
            ));
        }
        if let Some(q) = &target.quantity {
            let column = quantity_columns
                .iter()
                .find(|c| c.eq_ignore_ascii_case(q))
                .map_or(q.as_str(), String::as_str);
            s.push(format!(
                "{label} summerar kolumnen {column} i stället för Antal: skriv mängden där."
            ));
        }
        match &target.kind {
            TargetKind::PerPlace { places, .. } => s.push(format!(
                "Skriv platsen i Plats precis som: {}.",
                places.join(", ")
            )),
            TargetKind::Share {
                unit: ShareUnit::Shift,
                ..
            } => s.push(
                "Logga en rad för varje arbetspass då det gjordes; pass utan rad räknas som pass utan insats.".to_owned(),
            ),
            TargetKind::Share {
                unit: ShareUnit::Day,
                ..
            } => s.push("Logga en rad för varje dag då det gjordes.".to_owned()),
            TargetKind::AtLeastPer { .. }
            | TargetKind::EveryN { .. }
            | TargetKind::Average { .. }
            | TargetKind::Total { .. }
            | TargetKind::Trend { .. }
            | TargetKind::Text => {}
        }
    }
    if promise.matching.joint {
        s.push("Gemensamt löfte: raden räknas bara när Deltagare visar både polis och kommun, t.ex. \u{201d}Polisen och kommunen\u{201d}. Logga aktiviteten en gång, inte på båda bladen.".to_owned());
    }
    if let Some(v) = promise.valid {
        s.push(format!("Löftet gäller {} – {}.", v.from, v.to));
    }
    s.join(" ")
}

//! The Swedish words of the "Instruktioner" sheet: what to write in the
//! log for each promise. Each target in words comes from the report's
//! wording module (`render::wording::target_in_words`), with the report's
//! period words; exhaustive matches so a new kind of target cannot fall
//! through unexplained.

use crate::agreement::{Answers, Denominator, Promise, ShareUnit, TargetKind};
use crate::render::wording;

/// The target in words as the log's instructions say it: made with the
/// report's other words, in one place.
pub use crate::render::wording::target_in_words;

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
        if let Some(within) = &target.within {
            s.push(format!(
                "{label} räknar bara rader med Plats {}: skriv platsen precis så.",
                within.places.join(", ")
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
            TargetKind::Requests {
                answers: Answers::Types { requests, answers },
                ..
            } => s.push(format!(
                "Logga varje önskemål som {} och varje svar som {}.",
                requests.join(" eller "),
                answers.join(" eller ")
            )),
            TargetKind::Requests {
                answers: Answers::Status { column, answered },
                ..
            } => s.push(format!(
                "Logga varje önskemål på en rad och skriv i kolumnen {column} {} när det är besvarat.",
                answered.first().map_or("Besvarad", String::as_str)
            )),
            TargetKind::Coverage {
                of: Denominator::Column(column),
                ..
            } => s.push(format!("Skriv i kolumnen {column} hur många det fanns att nå.")),
            TargetKind::Trend { baseline: None, .. } => s.push(format!(
                "{label} jämför varje år med året före i loggen: logga även året före det första som ska jämföras."
            )),
            TargetKind::AtLeastPer { .. }
            | TargetKind::EveryN { .. }
            | TargetKind::Average { .. }
            | TargetKind::Total { .. }
            | TargetKind::Trend { .. }
            | TargetKind::Coverage { .. }
            | TargetKind::Text => {}
        }
    }
    if promise.matching.joint {
        s.push("Gemensamt löfte: raden räknas bara när Deltagare visar både polis och kommun, t.ex. \u{201d}Polisen och kommunen\u{201d}. Logga aktiviteten en gång, inte på båda bladen.".to_owned());
    }
    if let Some(v) = promise.valid {
        s.push(format!("Löftet gäller {}.", wording::in_force_sv(v)));
    }
    s.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn promise(toml: &str) -> Promise {
        let text = format!(
            r#"
kommun = "Exempel"
lokalpolisomrade = "Exempelområdet"
period = {{ fran = 2023-01-01, till = 2024-12-31 }}

[[fokusomrade]]
id = "a"
namn = "Närvaro"

[[lofte]]
id = "N1"
fokusomrade = "a"
text = "x"
{toml}"#
        );
        let parsed = crate::agreement::parse(&text, "loften.toml", Path::new("."));
        assert!(
            parsed.problems().next().is_none(),
            "{:#?}",
            parsed.problems().collect::<Vec<_>>()
        );
        parsed.output.unwrap().promises.remove(0)
    }

    fn words(p: &Promise) -> Vec<String> {
        p.targets.iter().map(|t| target_in_words(t, p)).collect()
    }

    #[test]
    fn every_kind_of_target_in_words() {
        let p = promise(
            r#"ansvarig = "Polisen"
enhet = "kontroller"
mal = [
  { typ = "minst", antal = 10, per = "månad", beskrivning = "Minst 10 kontroller per månad" },
  { typ = "var", intervall = 3, per = "vecka" },
  { typ = "snitt", antal = 1.5, per = "vecka" },
  { typ = "totalt", antal = 1, till = 2023-06-30 },
  { typ = "andel", per = "arbetspass" },
  { typ = "andel", per = "dag", andel = 0.8 },
  { typ = "trend", riktning = "öka", enhet = "anmälningar", baslinje = { varde = 23, period = "2018", kalla = "BRÅ" } },
  { typ = "trend", riktning = "minska", kolumn = "Beslag (g)", enhet = "gram" },
  { typ = "per_plats", antal = 1, per = "år", platser = ["Åk 6", "Åk 7"] },
  { typ = "text" },
]
"#,
        );
        assert_eq!(
            words(&p),
            [
                "\u{201d}Minst 10 kontroller per månad\u{201d} – kontroller: minst 10 varje månad",
                "kontroller: minst 1 i varje block om 3 veckor i följd",
                "kontroller: i snitt minst 1,5 per vecka",
                "kontroller: minst 1 under hela perioden (gäller till och med 2023-06-30)",
                "kontroller: något under alla arbetspassen",
                "kontroller: något under minst 80 % av dagarna",
                "anmälningar: ska öka jämfört med 23 (2018, BRÅ)",
                "gram: ska minska jämfört med året före",
                "kontroller: minst 1 varje kalenderår på var och en av platserna Åk 6, Åk 7",
                "inget antal: redovisas i text, utan bedömning",
            ]
        );
    }

    #[test]
    fn what_to_log_names_the_id_the_activities_the_column_and_both_parties() {
        let p = promise(
            r#"ansvarig = "Polisen och kommunen"
alias = ["1"]
gemensamt = true
enhet = "beslag"
aktiviteter = ["Beslag"]
fran = 2023-07-01
mal = [{ typ = "trend", riktning = "öka", kolumn = "Beslag (g)", beskrivning = "Mängden ska öka" }]
"#,
        );
        assert_eq!(
            logging_advice(&p, &["Beslag (g)".to_owned()]),
            "Välj N1 i Löfte (även 1 räknas). \
             Rader utan Löfte räknas också när Aktivitet är Beslag. \
             Antal: hur många beslag raden gäller (tom ruta = 1). \
             Målet \u{201d}Mängden ska öka\u{201d} summerar kolumnen Beslag (g) i stället för Antal: skriv mängden där. \
             Målet \u{201d}Mängden ska öka\u{201d} jämför varje år med året före i loggen: logga även året före det första som ska jämföras. \
             Gemensamt löfte: raden räknas bara när Deltagare visar både polis och kommun, t.ex. \u{201d}Polisen och kommunen\u{201d}. Logga aktiviteten en gång, inte på båda bladen. \
             Löftet gäller från 2023-07-01."
        );
    }
}

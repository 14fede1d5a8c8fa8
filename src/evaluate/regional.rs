//! A log of several municipalities read without `urval`: every row of it
//! was counted, the other municipalities' rows among them.

use crate::diag::{Code, Diagnostic};
use std::collections::HashMap;

use crate::ingest::cells::folded_words;
use crate::ingest::{Activity, municipality_code, municipality_name, municipality_names};

/// Headers of a column saying whose municipality a row is, by their first
/// word.
const MUNICIPALITY_HEADERS: &[&str] = &[
    "kommun",
    "kommunnamn",
    "kommunkod",
    "kommunnr",
    "kommunnummer",
    "municipality",
];

/// How many of the other values the error names.
const NAMED: usize = 3;

/// An error where rows counted toward the promises, in the window, name
/// another municipality than the agreement's in a Kommun column: a
/// police region's export read as the municipality's own log (the
/// promise file selects no rows), whose every row was counted. Asked only
/// where the promise file has no `urval`.
pub(super) fn other_municipalities<'a>(promises: &super::InWindow<'_, 'a>) -> Option<Diagnostic> {
    let kommun = promises.agreement.kommun.as_deref()?;
    let mut rows = 0usize;
    let mut values: Vec<&str> = Vec::new();
    let mut first: Option<(&Activity, u32, &str)> = None;
    // Whether the column writes municipalities by code: urval then needs
    // the agreement's code too.
    let mut codes = false;
    // Whether each distinct value names another municipality.
    let mut other: HashMap<&str, bool> = HashMap::new();
    // Whether each header names such a column, asked once a header, not
    // once a row.
    let mut headers: Vec<(&str, bool)> = Vec::new();
    let mut is_header = |h: &'a str| match headers.iter().find(|(k, _)| *k == h) {
        Some(&(_, yes)) => yes,
        None => {
            let yes = is_municipality_header(h);
            headers.push((h, yes));
            yes
        }
    };
    for (_, in_window) in promises.each() {
        for a in in_window {
            let Some(cell) = a.extra.iter().find(|e| is_header(&e.header)) else {
                continue;
            };
            let value = cell.text.trim();
            codes |= !value.is_empty() && value.chars().all(|c| c.is_ascii_digit());
            if value.is_empty()
                || !*other
                    .entry(value)
                    .or_insert_with(|| names_another(value, kommun))
            {
                continue;
            }
            rows += 1;
            if !values.contains(&value) {
                values.push(value);
            }
            if first.is_none() {
                first = Some((a, cell.column, &cell.header));
            }
        }
    }
    let (a, column, header) = first?;
    let own = match municipality_code(kommun).filter(|_| codes) {
        Some(code) => format!("[\"{kommun}\", \"{code}\"]"),
        None => format!("\"{kommun}\""),
    };
    let header = header.trim();
    let shown: Vec<String> = values
        .iter()
        .take(NAMED)
        .map(|v| format!("\"{v}\""))
        .collect();
    let more = if values.len() > NAMED { ", …" } else { "" };
    let rows_text = if rows == 1 {
        "a row counted toward the promises names".to_owned()
    } else {
        format!("{rows} rows counted toward the promises name")
    };
    Some(
        Diagnostic::error(
            Code::OtherMunicipality,
            format!(
                "{rows_text} another municipality than {kommun} in the column \"{header}\" ({}{more}): the log holds several municipalities' rows, and every row would be counted",
                shown.join(", ")
            ),
        )
        .at(a.cell(column))
        .hint(format!(
            "to count only {kommun}'s rows, add urval = {{ kolumn = \"{header}\", varde = {own} }} at the top of the promise file; if the rows are {kommun}'s too, list their values: varde = [\"{kommun}\", {}]",
            shown.first().map_or("", String::as_str)
        )),
    )
}

/// Whether `value` names one of Sweden's municipalities, by name or code,
/// and not `kommun`: a column headed Kommun may also say which of the
/// municipality's own units took part ("Fältgruppen", "Soc"), which is
/// no other municipality.
fn names_another(value: &str, kommun: &str) -> bool {
    if names(value, kommun) {
        return false;
    }
    if value.chars().all(|c| c.is_ascii_digit()) {
        return municipality_name(value).is_some();
    }
    // Only a whole name: "Östra" is no Östra Göinge, nor "Bro" Upplands-Bro.
    municipality_names().any(|m| holds_name(value, m))
}

/// Whether a header names a column of municipalities ("Kommun",
/// "Kommunkod", "Kommun/ort").
fn is_municipality_header(header: &str) -> bool {
    header
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .is_some_and(|w| MUNICIPALITY_HEADERS.contains(&w.to_lowercase().as_str()))
}

/// Whether `value` names the municipality `kommun`: its name with or
/// without "kommun" or "stad" ("Kalix kommun", "Stockholms stad"), among
/// other words ("Kalix (2514)"), or its code ("2514", "0180" or 180); or
/// the other way round, a part of `kommun` ("Gotland" for "Region
/// Gotland", one municipality of an agreement written "Haparanda och
/// Övertorneå").
fn names(value: &str, kommun: &str) -> bool {
    if holds_name(value, kommun) {
        return true;
    }
    let own: Vec<String> = folded_words(value)
        .into_iter()
        .filter(|w| !matches!(w.as_str(), "kommun" | "stad" | "region"))
        .collect();
    !own.is_empty()
        && folded_words(kommun)
            .windows(own.len())
            .any(|w| w == own.as_slice())
}

/// Whether `value` holds the name `name` as whole words (or in the
/// genitive: "Stockholms stad"), or is its code.
fn holds_name(value: &str, name: &str) -> bool {
    let wanted = folded_words(name);
    if wanted.is_empty() {
        return false;
    }
    let cell = folded_words(value);
    let mut genitive = wanted.clone();
    if let Some(last) = genitive.last_mut() {
        last.push('s');
    }
    if [&wanted, &genitive]
        .iter()
        .any(|w| cell.windows(w.len()).any(|c| c == w.as_slice()))
    {
        return true;
    }
    value.chars().all(|c| c.is_ascii_digit())
        && municipality_code(name)
            .is_some_and(|c| c.trim_start_matches('0') == value.trim_start_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_municipality_is_named_by_name_or_code() {
        for value in [
            "Kalix",
            "kalix ",
            "Kalix kommun",
            "Kalix (2514)",
            "2514",
            "KALIX",
        ] {
            assert!(names(value, "Kalix"), "{value}");
        }
        for value in ["Överkalix", "Haparanda", "2583", "Luleå kommun"] {
            assert!(!names(value, "Kalix"), "{value}");
        }
        assert!(names("Stockholms stad", "Stockholm"));
        assert!(names("Gotland", "Region Gotland"));
        assert!(names("Region Gotland", "Gotland"));
        assert!(names("Övertorneå", "Haparanda och Övertorneå"));
        assert!(!names("Kommun", "Kalix"));
        assert!(!names("Pajala", "Haparanda och Övertorneå"));
        assert!(names("180", "Stockholm"));
        assert!(names("0180", "Stockholm"));
    }

    #[test]
    fn only_a_known_municipality_is_another() {
        for value in ["Haparanda", "Överkalix kommun", "2583", "Luleå"] {
            assert!(names_another(value, "Kalix"), "{value}");
        }
        for value in [
            "Kalix",
            "2514",
            "Fältgruppen",
            "Soc",
            "Polisen",
            "Annanstad",
            "999",
            "Östra",
            "Bro",
        ] {
            assert!(!names_another(value, "Kalix"), "{value}");
        }
    }

    #[test]
    fn municipality_headers() {
        for h in [
            "Kommun",
            "kommun",
            "Kommunkod",
            "Kommun/ort",
            "KOMMUN",
            "Municipality",
        ] {
            assert!(is_municipality_header(h), "{h}");
        }
        for h in [
            "Kommunens kontakt",
            "Ansvarig kommun",
            "Plats",
            "Kommunpolis",
        ] {
            assert!(!is_municipality_header(h), "{h}");
        }
    }
}

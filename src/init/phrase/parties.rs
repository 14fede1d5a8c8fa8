//! Who answers for a promise and who takes part: the subject of its first
//! sentence ("Polisen ska …", "Polis och kommun ska tillsammans …"),
//! "tillsammans med kommunen", and the partners the text names.

use super::{Tk, capitalise, is_clause_end, tokenize, word, word_in};

/// Who a promise names as responsible.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Subject {
    /// The police is named.
    pub police: bool,
    /// The municipality is named.
    pub municipality: bool,
    /// The subject as written, when it names someone else too
    /// ("Socialtjänsten och polisen").
    pub written: Option<String>,
    /// "tillsammans med kommunen": the other party joins.
    pub together_with: Option<Party>,
    /// "tillsammans", "gemensam", "gemensamt" appear.
    pub joint_words: bool,
    /// The subject is "vi": the agreement's parties together.
    pub we: bool,
}

/// The two parties of an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// Polisen.
    Police,
    /// Kommunen.
    Municipality,
}

pub(super) fn party_of(w: &str) -> Option<Party> {
    if w.starts_with("polis") || w.starts_with("lokalpolis") || w == "polismyndigheten" {
        Some(Party::Police)
    } else if (w.starts_with("kommun")
        && !w.starts_with("kommunikation")
        // "i varje kommundel": a place.
        && !w.starts_with("kommundel"))
        || matches!(w, "stad" | "staden" | "stadens")
        || w.starts_with("stadsdelsförvaltning")
    {
        // "Malmö stad", "Göteborgs Stad": a city is the municipality.
        Some(Party::Municipality)
    } else {
        None
    }
}

const VERB_MARKERS: &[&str] = &[
    "ska",
    "skall",
    "kommer",
    "lovar",
    "åtar",
    "att",
    "arbetar",
    "genomför",
    "har",
    "bör",
    "vill",
    "tar",
    "ansvarar",
    "utför",
    "erbjuder",
    "avser",
    "planerar",
    "deltar",
    "ser",
];

/// Reads the subject of the first sentence of `text`: the words before its
/// first verb ("Polis och kommun ska …", "Polisen att genomföra …").
pub fn subject(text: &str) -> Subject {
    let mut toks = tokenize(text);
    // "Löfte 1: Polisen ska …": the label is no subject.
    if word_in(toks.first(), &["löfte", "åtagande", "aktivitet", "punkt"])
        && matches!(toks.get(1).map(|t| &t.kind), Some(Tk::Num(_)))
        && matches!(
            toks.get(2).map(|t| &t.kind),
            Some(Tk::Punct(':' | '.' | '-' | '–'))
        )
    {
        toks.drain(..3);
    }
    // "varav minst fyra tillsammans med kommunen": a part of the promise
    // is joint, not the promise.
    if let Some(k) = toks.iter().position(|t| word(Some(t), "varav")) {
        toks.truncate(k);
    }
    let mut s = Subject {
        joint_words: toks
            .iter()
            .any(|t| t.s == "tillsammans" || t.s.starts_with("gemensam")),
        ..Subject::default()
    };
    // "tillsammans med kommunen": the party right after it.
    for i in 0..toks.len() {
        if word(toks.get(i), "tillsammans") && word(toks.get(i + 1), "med") {
            let mut j = i + 2;
            // "tillsammans med Kalix kommun".
            if toks
                .get(j)
                .is_some_and(|t| party_of(&t.s).is_none() && word(toks.get(j + 1), "kommun"))
            {
                j += 1;
            }
            if let Some(p) = toks.get(j).and_then(|t| party_of(&t.s)) {
                let after = toks.get(j + 1);
                let alone = after.is_none_or(|a| {
                    !matches!(a.s.as_str(), "," | "och" | "samt")
                        || word(toks.get(j + 2), "genomföra")
                }) || matches!(after.map(|a| a.s.as_str()), Some(","))
                    && i > 0
                    && toks[i - 1].s == ",";
                if alone {
                    s.together_with = Some(p);
                }
            }
            break;
        }
    }
    let end = toks
        .iter()
        .position(|t| {
            (t.kind == Tk::Word && VERB_MARKERS.contains(&t.s.as_str()))
                || matches!(t.kind, Tk::Punct(',' | '.' | ';' | ':'))
        })
        .unwrap_or(0);
    let words = &toks[..end.min(9)];
    // A subject starts with who: "Polisen …", "Kommun och polis …",
    // "Socialtjänsten och polisen …". "Genomföra …", "Tillsammans med
    // kommunen planlägga …" have none of their own.
    // "Malmö stad ska …", "Kalix kommun och polisen ska …": a name before
    // "kommun" or "stad".
    let named_municipality = words.len() >= 2
        && text[words[0].start..].starts_with(char::is_uppercase)
        && party_of(&words[1].s) == Some(Party::Municipality);
    let starts_with_who = named_municipality
        || words.first().is_some_and(|t| {
            party_of(&t.s).is_some()
                || matches!(t.s.as_str(), "både" | "vi")
                || PARTNERS.iter().any(|(stem, _)| t.s.starts_with(stem))
        });
    if !starts_with_who {
        // "Under året ska polisen …", "Senast juni 2026 ska kommunen …".
        if let Some(v) = toks
            .iter()
            .position(|t| matches!(t.s.as_str(), "ska" | "skall" | "kommer"))
            && let Some(who) = toks.get(v + 1).and_then(|t| party_of(&t.s))
            && !toks[..v]
                .iter()
                .any(|t| matches!(t.kind, Tk::Punct(',' | '.' | ';' | ':')))
        {
            match who {
                Party::Police => s.police = true,
                Party::Municipality => s.municipality = true,
            }
            if word(toks.get(v + 2), "och")
                && let Some(other) = toks.get(v + 3).and_then(|t| party_of(&t.s))
            {
                match other {
                    Party::Police => s.police = true,
                    Party::Municipality => s.municipality = true,
                }
            }
        }
        return s;
    }
    for t in words {
        match party_of(&t.s) {
            Some(Party::Police) => s.police = true,
            Some(Party::Municipality) => s.municipality = true,
            None => {}
        }
    }
    s.we = words.first().is_some_and(|t| t.s == "vi");
    let other = words.iter().any(|t| {
        t.kind == Tk::Word
            && party_of(&t.s).is_none()
            && PARTNERS.iter().any(|(stem, _)| t.s.starts_with(stem))
    });
    if other && let (Some(first), Some(last)) = (words.first(), words.last()) {
        s.written = Some(capitalise(&text[first.start..last.end]));
    }
    s
}

/// Partners lofte recognises, by the start of the word, with the name the
/// promise file gets.
const PARTNERS: &[(&str, &str)] = &[
    ("socialtjänst", "Socialtjänsten"),
    ("ifo", "IFO"),
    ("sjukvård", "Sjukvården"),
    ("hälsocentral", "Hälsocentralen"),
    ("vårdcentral", "Vårdcentralen"),
    ("tullverket", "Tullverket"),
    ("tullen", "Tullverket"),
    ("tull", "Tullverket"),
    ("länsstyrelse", "Länsstyrelsen"),
    ("systembolag", "Systembolaget"),
    ("räddningstjänst", "Räddningstjänsten"),
    ("trafikverket", "Trafikverket"),
    ("kriminalvård", "Kriminalvården"),
    ("frivård", "Frivården"),
    ("migrationsverket", "Migrationsverket"),
    ("försäkringskassan", "Försäkringskassan"),
    ("skatteverket", "Skatteverket"),
    ("kustbevakning", "Kustbevakningen"),
    ("näringsidkare", "Näringsidkare"),
    ("näringsliv", "Näringslivet"),
    ("handlare", "Handlare"),
    ("föreningar", "Föreningar"),
    ("hyresvärd", "Hyresvärdar"),
    ("fastighetsägare", "Fastighetsägare"),
    ("bostadsbolag", "Bostadsbolag"),
    ("banker", "Banker"),
    ("postombud", "Postombuden"),
    ("nattvandrare", "Nattvandrare"),
    ("fritidsgård", "Fritidsgården"),
    ("fältassistent", "Fältassistenter"),
    ("fältare", "Fältassistenter"),
    ("elevhälsa", "Elevhälsan"),
    ("skola", "Skolan"),
    ("skolan", "Skolan"),
    ("regionen", "Regionen"),
    ("brå", "Brå"),
    ("räddningsverket", "Räddningstjänsten"),
    ("samverkansparter", "Andra samverkansparter"),
    ("samverkanspartner", "Andra samverkansparter"),
];

/// Partners named in `text`, in order, each once.
pub fn partners(text: &str) -> Vec<String> {
    let toks = tokenize(text);
    let mut out: Vec<String> = Vec::new();
    for t in &toks {
        if t.kind != Tk::Word {
            continue;
        }
        if let Some((_, name)) = PARTNERS.iter().find(|(stem, _)| {
            if *stem == "skola" || *stem == "tull" || *stem == "ifo" || *stem == "brå" {
                t.s == *stem
            } else {
                t.s.starts_with(stem)
            }
        }) && !out.iter().any(|o| o == name)
        {
            out.push((*name).to_owned());
        }
    }
    out
}

/// The parties a promise says take part ("med kommunen", "Här skall
/// kommunen …", "polis och kommun"), not those named as a place ("i
/// kommunen", "kommunens byar"): ("kommun", "Kommunen") or ("polis", "Polisen").
pub fn parties_taking_part(text: &str) -> Vec<(&'static str, &'static str)> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(party) = party_of(&t.s) else {
            continue;
        };
        if t.s.ends_with('s') && t.s != "polis" {
            continue; // "kommunens", "polisens": a possessive
        }
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        let takes_part = prev.is_none_or(is_clause_end)
            || word_in(
                prev,
                &["med", "och", "samt", "ska", "skall", "kommer", "mellan"],
            )
            || prev.is_some_and(|p| p.s == ",");
        let entry = match party {
            Party::Police => ("polis", "Polisen"),
            Party::Municipality => ("kommun", "Kommunen"),
        };
        if takes_part && !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

/// Every party word in `text` (for lead-ins that name both somewhere).
pub fn parties_named(text: &str) -> (bool, bool) {
    let toks = tokenize(text);
    let police = toks.iter().any(|t| party_of(&t.s) == Some(Party::Police));
    let municipality = toks
        .iter()
        .any(|t| party_of(&t.s) == Some(Party::Municipality));
    (police, municipality)
}

//! Step 3, per promise: a [`RawPromise`] → a [`Promise`] with its targets,
//! responsible party, partners and the guesses a person must confirm.

use super::phrase::{self, Kind, Read};
use super::structure::RawPromise;

/// A promise ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Promise {
    /// The promise verbatim.
    pub text: String,
    /// Index of its focus area.
    pub area: usize,
    /// Why the area is a guess.
    pub area_guess: Option<String>,
    /// "Polisen", "Kommunen", "Polisen och kommunen" …
    pub responsible: String,
    /// Why the responsible party is a guess.
    pub responsible_guess: Option<String>,
    /// Partners.
    pub partners: Vec<String>,
    /// Joint: only rows naming both parties count.
    pub joint: bool,
    /// Why joint is a guess.
    pub joint_guess: Option<String>,
    /// Plural noun for what is counted.
    pub unit: Option<String>,
    /// Targets; at least one.
    pub targets: Vec<Read>,
}

const PROSE: &str = "löftet står i löptext, inte i en punktlista: är det ett löfte?";

/// The same measure read twice (a bullet and its sub-bullet restating it).
fn same_measure(a: &Read, b: &Read) -> bool {
    a.kind == b.kind && a.year == b.year && a.is_numeric()
}

/// Reads one promise. `lead` is the agreement's own "… lovar …" sentence,
/// the last place to look for who answers for a promise.
pub fn read(raw: &RawPromise, lead: Option<&str>) -> Promise {
    let mut targets: Vec<Read> = Vec::new();
    let row = raw.row.as_ref();
    match row.and_then(|r| r.when.as_deref()) {
        Some(when) => {
            targets.extend(phrase::targets(when));
            describe_by_cell(when, &mut targets);
        }
        None => {
            for part in &raw.parts {
                for t in phrase::targets(part) {
                    if !targets.iter().any(|e| same_measure(e, &t)) {
                        targets.push(t);
                    }
                }
            }
        }
    }
    // A table's follow-up column may say what should grow.
    if let Some(follow_up) = row.and_then(|r| r.follow_up.as_deref()) {
        targets.extend(phrase::trends(follow_up));
    }
    let target_words = match row.and_then(|r| r.when.as_deref()) {
        Some(w) => w.to_owned(),
        None => raw.text.clone(),
    };
    if let Some(hedge) = phrase::hedge(&target_words)
        && targets.iter().any(Read::is_numeric)
    {
        let said: Vec<String> = targets
            .iter()
            .filter_map(|t| t.description.clone())
            .collect();
        let mut text = Read {
            description: row.and_then(|r| r.when.clone()),
            ..Read::new(Kind::Text)
        };
        text.guesses.push(format!(
            "texten säger \"{hedge}\": är \"{}\" ett mål att bedöma? Lämnat som text",
            said.join("\", \"")
        ));
        targets = vec![text];
    }
    if let Some(word) = phrase::striving(&target_words) {
        for t in targets.iter_mut().filter(|t| t.is_numeric()) {
            t.guesses.push(format!(
                "\"{word}\" — ett mål att bedöma, eller bara att redovisa i text (typ = \"text\")?"
            ));
        }
    }
    if targets.is_empty() {
        let mut text = Read {
            description: row.and_then(|r| r.when.clone()),
            ..Read::new(Kind::Text)
        };
        if let Some(words) = phrase::effort_direction(&raw.text) {
            text.guesses.push(format!(
                "\"{words}\" utan antal: ska det följas upp som en trend (typ = \"trend\")?"
            ));
        }
        targets.push(text);
    }
    // A figure the reader could not turn into a target ("minst
    // tjugofem", "med 10 %") must not become an unmarked text: the user
    // trusts unmarked lines.
    if !targets.iter().any(Read::is_numeric)
        && targets.iter().all(|t| t.guesses.is_empty())
        && let Some(figure) = phrase::figure_in(&target_words)
        && let Some(first) = targets.first_mut()
    {
        first.guesses.push(format!(
            "texten nämner \"{figure}\" men inget mål med antal är läst: skriv målet (typ, antal, per) eller bekräfta att löftet bara redovisas i text"
        ));
    }
    let numeric = targets.iter().any(Read::is_numeric);
    let unit = targets.iter().find_map(|t| t.unit.clone());

    // Who answers for it.
    let (responsible, responsible_guess, joint, joint_guess) =
        match row.and_then(|r| r.responsible.clone()) {
            Some(cell) => {
                // "Polisen och kommunen", "Båda", "Gemensamt" in the
                // Ansvarig column: joint as the same words in a bullet.
                let joint = numeric && names_both(&cell);
                let guess = joint.then(|| JOINT_GUESS.to_owned());
                (cell, None, joint, guess)
            }
            None => responsible(raw, lead, numeric),
        };

    let mut partners: Vec<String> = match row.and_then(|r| r.partners.as_deref()) {
        Some(cell) => split_partners(cell),
        None => phrase::partners(&raw.text),
    };
    if row.is_none() {
        let resp = responsible.to_lowercase();
        for (party, name) in phrase::parties_taking_part(&raw.text) {
            if !resp.contains(party) && !partners.iter().any(|p| p == name) {
                partners.push(name.to_owned());
            }
        }
    }
    partners.retain(|p| !responsible.to_lowercase().contains(&p.to_lowercase()));

    let area_guess = match (&raw.area_guess, raw.prose) {
        (Some(g), true) => Some(format!("{g} · {PROSE}")),
        (None, true) => Some(PROSE.to_owned()),
        (g, false) => g.clone(),
    };
    Promise {
        text: raw.text.clone(),
        area: raw.area,
        area_guess,
        responsible,
        responsible_guess,
        partners,
        joint,
        joint_guess,
        unit,
        targets,
    }
}

type Responsible = (String, Option<String>, bool, Option<String>);

const JOINT_GUESS: &str = "båda parter står som ansvariga: räknas bara rader där båda deltog (gemensamt = true)? Annars ta bort raden";

/// An Ansvarig cell naming both parties ("Polisen och kommunen", "Båda",
/// "Gemensamt").
fn names_both(cell: &str) -> bool {
    let (police, municipality) = phrase::parties_named(cell);
    let lower = cell.to_lowercase();
    (police && municipality)
        || lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
            matches!(
                w,
                "båda" | "bägge" | "gemensamt" | "gemensam" | "tillsammans"
            )
        })
}

fn responsible(raw: &RawPromise, lead: Option<&str>, numeric: bool) -> Responsible {
    let s = phrase::subject(&raw.text);
    let both = |police_first: bool| {
        if police_first {
            "Polisen och kommunen".to_owned()
        } else {
            "Kommunen och polisen".to_owned()
        }
    };
    let police_first = |text: &str| {
        let l = text.to_lowercase();
        match (l.find("polis"), l.find("kommun")) {
            (Some(p), Some(k)) => p < k,
            (Some(_), None) => true,
            _ => false,
        }
    };
    let joint_guess = JOINT_GUESS.to_owned();
    if let Some(written) = &s.written {
        return (written.clone(), None, false, None);
    }
    match (s.police, s.municipality, s.together_with) {
        (true, true, _) => {
            let joint = numeric;
            let guess = (joint && !s.joint_words).then(|| joint_guess.clone());
            (both(police_first(&raw.text)), None, joint, guess)
        }
        (true, false, _) => ("Polisen".to_owned(), None, numeric && s.together_with.is_some(), None),
        (false, true, _) => ("Kommunen".to_owned(), None, numeric && s.together_with.is_some(), None),
        // "Tillsammans med kommunen planlägga …": the other party leads.
        (false, false, Some(phrase::Party::Municipality)) => (
            "Polisen och kommunen".to_owned(),
            Some("punkten säger \"tillsammans med kommunen\" utan att säga vem som leder; gissat polisen och kommunen".to_owned()),
            numeric,
            None,
        ),
        (false, false, Some(phrase::Party::Police)) => (
            "Kommunen och polisen".to_owned(),
            Some("punkten säger \"tillsammans med polisen\" utan att säga vem som leder; gissat kommunen och polisen".to_owned()),
            numeric,
            None,
        ),
        (false, false, None) if s.we => (
            both(true),
            Some("\"vi\" läses som polisen och kommunen".to_owned()),
            numeric && s.joint_words,
            None,
        ),
        (false, false, None) => {
            // "Tillsammans lovar vi att:", "Gemensamt ska vi:" over the list.
            if let Some(l) = raw.lead_in.as_deref() {
                let lower = l.to_lowercase();
                let ls = phrase::subject(l);
                if !ls.police
                    && !ls.municipality
                    && (lower.contains("tillsammans") || lower.contains("gemensamt"))
                    && lower.split(|c: char| !c.is_alphanumeric()).any(|w| w == "vi")
                {
                    return (both(true), None, numeric, None);
                }
            }
            // The list's lead-in, then the agreement's opening sentence.
            let from = raw
                .lead_in
                .as_deref()
                .map(|l| (l, "inledningen till punktlistan"))
                .into_iter()
                .chain(lead.map(|l| (l, "avtalets inledning")));
            for (text, where_) in from {
                let ls = phrase::subject(text);
                // "Polisen lovar att:", "Polisen och kommunen lovar att:"
                // over the list says it plainly.
                if where_ == "inledningen till punktlistan"
                    && (ls.police || ls.municipality)
                    && ls.together_with.is_none()
                    && text.split_whitespace().count() <= 6
                {
                    return match (ls.police, ls.municipality) {
                        (true, true) => (
                            both(police_first(text)),
                            None,
                            numeric,
                            (numeric && !ls.joint_words).then(|| joint_guess.clone()),
                        ),
                        (true, false) => ("Polisen".to_owned(), None, false, None),
                        _ => ("Kommunen".to_owned(), None, false, None),
                    };
                }
                let (p, m) = if ls.police || ls.municipality {
                    (ls.police, ls.municipality && ls.together_with.is_none())
                } else {
                    phrase::parties_named(text)
                };
                let name = match (p, m) {
                    (true, true) => both(police_first(text)),
                    (true, false) => "Polisen".to_owned(),
                    (false, true) => "Kommunen".to_owned(),
                    (false, false) => continue,
                };
                return (
                    name,
                    Some(format!(
                        "punkten säger inte vem som ansvarar; gissat utifrån {where_}"
                    )),
                    false,
                    None,
                );
            }
            (
                "Polisen och kommunen".to_owned(),
                Some("texten säger inte vem som ansvarar för löftet".to_owned()),
                false,
                None,
            )
        }
    }
}

/// A table cell is short and says the target in its own words: each
/// target is described by its part of the cell ("Besöka klasserna år 6-9,
/// 1 gång per år" and "Temadag för 6-9 årligen").
fn describe_by_cell(cell: &str, targets: &mut [Read]) {
    let count = targets.len();
    let mut start = 0;
    for (k, t) in targets.iter_mut().enumerate() {
        let end = if k + 1 == count {
            cell.len()
        } else {
            t.description
                .as_deref()
                .and_then(|d| cell.get(start..)?.find(d).map(|a| start + a + d.len()))
                .unwrap_or(cell.len())
        };
        let segment = cell
            .get(start..end)
            .unwrap_or_default()
            .trim_matches(|c: char| c.is_whitespace() || c == ',');
        if !segment.is_empty() {
            t.description = Some(segment.to_owned());
        }
        start = end;
    }
}

/// A table's partner cell: split at commas outside parentheses.
fn split_partners(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in cell.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out.into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .map(|p| phrase::capitalise(&p))
        .collect()
}

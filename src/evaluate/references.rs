//! Values in the promise file that must match something in the logs: an
//! activity type, a place, an alias, a quantity column. A reference that
//! matches nothing gives a figure the user did not mean with no sign of
//! it, so each is named here with its line and the nearest values the logs
//! do hold.

use crate::agreement::{Agreement, Answers, Denominator, TargetKind};
use crate::diag::{Code, Diagnostic, Location};
use crate::ingest::Activity;

use super::same_text;
use crate::agreement::same_id;

/// Levenshtein distance in characters, case ignored.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.trim().chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.trim().chars().flat_map(char::to_lowercase).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = i;
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `candidates` ordered nearest to `word` first (ties in their given
/// order), at most `max` of them.
pub fn nearest_first<'a>(word: &str, candidates: &[&'a str], max: usize) -> Vec<&'a str> {
    let mut ranked: Vec<(usize, usize, &'a str)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (distance(word, c), i, *c))
        .collect();
    ranked.sort();
    ranked.into_iter().take(max).map(|(_, _, c)| c).collect()
}

/// Distinct values of one field over all rows, first spelling kept, in
/// order of first appearance. A value seen before as written is skipped
/// without folding its case: logs repeat a few values thousands of times.
fn distinct<'a>(
    rows: &'a [Activity],
    field: impl Fn(&'a Activity) -> Option<&'a str>,
) -> Vec<&'a str> {
    let mut written: rustc_hash::FxHashSet<&'a str> = rustc_hash::FxHashSet::default();
    let mut folded: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    for a in rows {
        let Some(v) = field(a).map(str::trim).filter(|v| !v.is_empty()) else {
            continue;
        };
        if written.insert(v) && folded.insert(v.to_lowercase()) {
            out.push(v);
        }
    }
    out
}

fn quoted(list: &[&str]) -> String {
    list.iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the logs hold, to check the promise file's references against.
pub struct Held<'a> {
    activities: Vec<&'a str>,
    places: Vec<&'a str>,
    ids: Vec<&'a str>,
    columns: Vec<&'a str>,
}

impl<'a> Held<'a> {
    /// Collects the values of every row of every log, whatever its date.
    pub fn of(rows: &'a [Activity]) -> Self {
        let mut columns: Vec<&'a str> = Vec::new();
        for a in rows {
            for e in &a.extra {
                if !columns.iter().any(|c| same_text(c, &e.header)) {
                    columns.push(e.header.as_str());
                }
            }
        }
        Held {
            activities: distinct(rows, |a| a.activity()),
            places: distinct(rows, |a| a.place()),
            ids: distinct(rows, |a| a.promise()),
            columns,
        }
    }

    /// Whether any row's Aktivitet is `kind`.
    pub fn has_activity(&self, kind: &str) -> bool {
        self.activities.iter().any(|a| same_text(a, kind))
    }

    /// Whether any row's Plats is `place` as targets compare places: case,
    /// accents and repeated spaces ignored.
    pub fn has_place(&self, place: &str) -> bool {
        let key = crate::agreement::place_key(place);
        self.places
            .iter()
            .any(|p| crate::agreement::place_key(p) == key)
    }
}

/// A warning for a value that matches no row.
fn unmatched(
    what: &str,
    column: &str,
    value: &str,
    at: Option<&Location>,
    held: &[&str],
) -> Diagnostic {
    let mut d = Diagnostic::warning(
        Code::MatchesNoRow,
        format!("{what} \"{value}\" matches no row in any log (column {column})"),
    )
    .found(value);
    if let Some(at) = at {
        d = d.at(at.clone());
    }
    let near = nearest_first(value, held, 3);
    if near.is_empty() {
        d.hint(format!(
            "no row of the logs has anything in the column {column}"
        ))
    } else {
        d.hint(format!(
            "the logs hold {}; write the value as the log writes it",
            quoted(&near)
        ))
    }
}

/// Every reference of `agreement` that matches nothing in `rows`: warnings
/// for activity types, places and aliases, errors for quantity columns
/// (every row would add 0).
pub fn check(agreement: &Agreement, rows: &[Activity], held: &Held<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if rows.is_empty() {
        // Nothing was read: the logs' own errors say why.
        return out;
    }
    for p in &agreement.promises {
        for (i, kind) in p.matching.activities.iter().enumerate() {
            if !held.has_activity(kind) {
                out.push(unmatched(
                    "the activity type",
                    "Aktivitet",
                    kind,
                    p.written.item("aktiviteter", i),
                    &held.activities,
                ));
            }
        }
        // ids[0] is the promise's own id; no row for it is "Underlag saknas".
        for (i, alias) in p.matching.ids.iter().skip(1).enumerate() {
            if !held.ids.iter().any(|id| same_id(id, alias)) {
                out.push(unmatched(
                    "the alias",
                    "Löfte",
                    alias,
                    p.written.item("alias", i),
                    &held.ids,
                ));
            }
        }
        for t in &p.targets {
            for (i, kind) in t.activities.iter().enumerate() {
                if !held.has_activity(kind) {
                    out.push(unmatched(
                        "the activity type",
                        "Aktivitet",
                        kind,
                        t.written.item("aktiviteter", i),
                        &held.activities,
                    ));
                }
            }
            if let TargetKind::PerPlace { places, .. } = &t.kind {
                for (i, place) in places.iter().enumerate() {
                    if !held.has_place(place) {
                        out.push(unmatched(
                            "the place",
                            "Plats",
                            place,
                            t.written.item("platser", i),
                            &held.places,
                        ));
                    }
                }
            }
            // A group of twenty villages has some without a row in a year;
            // only a restriction that matches no row at all is a mistake.
            if let Some(filter) = &t.within
                && !filter.places.iter().any(|p| held.has_place(p))
            {
                out.push(unmatched(
                    if filter.places.len() == 1 {
                        "the place"
                    } else {
                        "the group of places"
                    },
                    "Plats",
                    &filter.name,
                    t.written.of("inom"),
                    &held.places,
                ));
            }
            // The columns a request or coverage target reads: without them
            // no request is answered and the whole is 0.
            let read = match &t.kind {
                TargetKind::Requests {
                    answers: Answers::Status { column, .. },
                    ..
                } => Some((column, "reads the status of a request from", "status")),
                TargetKind::Coverage {
                    of: Denominator::Column(column),
                    ..
                } => Some((column, "sums as the whole", "av_kolumn")),
                _ => None,
            };
            if let Some((column, what, key)) = read
                && !held.columns.iter().any(|c| same_text(c, column))
            {
                out.push(unknown_column(
                    column,
                    what,
                    held,
                    t.written.of(key),
                    "write the column's name exactly as its header",
                ));
            }
            if let Some(column) = &t.quantity
                && !held.columns.iter().any(|c| same_text(c, column))
            {
                out.push(unknown_column(
                    column,
                    "sums",
                    held,
                    t.written.of("kolumn"),
                    "write kolumn exactly as the column's header, such as \"Beslag (g)\"",
                ));
            }
        }
    }
    out
}

/// Rows of each sheet looked at for a column of promise ids: enough to
/// tell, and no cost on a long log.
const ID_COLUMN_SAMPLE: usize = 1000;

/// Errors for columns of promise ids that are not read as Löfte: a log
/// without a Löfte column whose column "Id", "Nr" or "Åtagande" holds the
/// ids. Its rows count only by their Aktivitet, or not at all. `known`
/// tells whether a text is a promise id or alias.
pub fn unread_promise_columns(
    rows: &[Activity],
    mut known: impl FnMut(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // (sheet, column) → (rows with a value, of them ids, first id's row).
    let mut columns: Vec<(*const crate::ingest::LogSheet, u32, usize, usize, &Activity)> =
        Vec::new();
    let mut seen_in_sheet: Vec<(*const crate::ingest::LogSheet, usize)> = Vec::new();
    for a in rows {
        if a.columns().promise.is_some() || a.extra.is_empty() {
            continue;
        }
        let sheet = std::sync::Arc::as_ptr(&a.source);
        match seen_in_sheet.iter_mut().find(|(s, _)| *s == sheet) {
            Some((_, n)) if *n >= ID_COLUMN_SAMPLE => continue,
            Some((_, n)) => *n += 1,
            None => seen_in_sheet.push((sheet, 1)),
        }
        for e in &a.extra {
            let text = e.text.trim();
            if text.is_empty() {
                continue;
            }
            let id = known(text);
            match columns
                .iter_mut()
                .find(|(s, c, ..)| *s == sheet && *c == e.column)
            {
                Some((_, _, filled, ids, _)) => {
                    *filled += 1;
                    *ids += usize::from(id);
                }
                None => columns.push((sheet, e.column, 1, usize::from(id), a)),
            }
        }
    }
    for (_, column, filled, ids, first) in columns {
        // Most of its cells, and at least two, are ids.
        if ids < 2 || ids * 5 < filled * 4 {
            continue;
        }
        let Some(header) = first.extra.iter().find(|e| e.column == column) else {
            continue;
        };
        let header = header.header.trim();
        out.push(
            Diagnostic::error(
                Code::UnreadPromiseColumn,
                format!(
                    "the column \"{header}\" holds promise ids, but the log has no Löfte column: its rows count only by their Aktivitet"
                ),
            )
            .at(first.cell(column))
            .found(header)
            .hint(format!(
                "name the column Löfte, or say it is under [kolumner] in the promise file: lofte = \"{header}\""
            )),
        );
    }
    out
}

/// A column a target names (`what` it does with it) that no log has, at
/// the key that names it, with the logs' columns nearest first.
fn unknown_column(
    column: &str,
    what: &str,
    held: &Held<'_>,
    written: Option<&Location>,
    hint: &str,
) -> Diagnostic {
    let near = nearest_first(column, &held.columns, held.columns.len());
    let d = Diagnostic::error(
        Code::UnknownColumn,
        format!("no log has the column \"{column}\" that this target {what}"),
    )
    .found(column)
    .expected(if near.is_empty() {
        "a column of the log beyond Datum, Löfte, Antal, Aktivitet, Plats, Ansvarig and Kommentar; the logs have none".to_owned()
    } else {
        format!("one of the logs' columns: {}", quoted(&near))
    })
    .hint(hint.to_owned());
    match written {
        Some(at) => d.at(at.clone()),
        None => d,
    }
}

/// Whether `target`'s own references (its activity types, or its places)
/// all match nothing: a target that then counts no row has no data, not a
/// low figure.
pub fn target_unmatched(
    target: &crate::agreement::Target,
    promise: &crate::agreement::Promise,
    held: &Held<'_>,
) -> bool {
    let kinds = if target.activities.is_empty() {
        &promise.matching.activities
    } else {
        &target.activities
    };
    let kinds_unmatched = !kinds.is_empty() && !kinds.iter().any(|k| held.has_activity(k));
    let places_unmatched = match &target.kind {
        TargetKind::PerPlace { places, .. } => {
            !places.is_empty() && !places.iter().any(|p| held.has_place(p))
        }
        _ => false,
    } || target
        .within
        .as_ref()
        .is_some_and(|w| !w.places.iter().any(|p| held.has_place(p)));
    kinds_unmatched || places_unmatched
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_values_come_first() {
        let held = ["Medborgardialog", "Trafiksäkerhetsinsats", "Trafikkontroll"];
        assert_eq!(
            nearest_first("Trafiksakerhetsinsatts", &held, 2),
            vec!["Trafiksäkerhetsinsats", "Trafikkontroll"]
        );
        assert_eq!(distance("Beslag", "beslag (g)"), 4);
    }
}

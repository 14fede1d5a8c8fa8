//! Activity types written nearly as the promise file writes them. A row
//! whose Aktivitet is "Trafikkontroller" where the promise file counts
//! "Trafikkontroll" counts toward nothing, and the figure is lower with
//! no sign of it but a line under *Datakvalitet*: each such spelling is
//! an error at its first cell, with how many rows it holds.

use std::collections::HashMap;

use crate::agreement::{Agreement, Promise};
use crate::diag::{Code, Diagnostic, Location};
use crate::ingest::Activity;

use super::same_text;
use crate::ingest::cells::folded_words;

/// Swedish endings a plural or definite form adds to an activity's name
/// ("kontroll" → "kontroller", "vandring" → "vandringar", "möte" →
/// "mötet").
const ENDINGS: &[&str] = &[
    "erna", "arna", "orna", "na", "er", "ar", "or", "en", "et", "n", "r", "t", "s",
];

/// Whether `written` (a row's Aktivitet) is `wanted` (the promise file's)
/// written another way: with other accents, spaces, hyphens or case, with
/// a Swedish plural or definite ending on its last word, or with one
/// letter wrong in a long word. Names with digits differ by their digits
/// ("Insats 1" is not "Insats 2"), and short words by any letter
/// ("Kontroll A" is not "Kontroll B").
pub(super) fn nearly(written: &str, wanted: &str) -> bool {
    if same_text(written, wanted) {
        return false;
    }
    let (a, b) = (folded_words(written), folded_words(wanted));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.concat() == b.concat() {
        return true;
    }
    if a.len() != b.len() {
        return false;
    }
    let differing: Vec<(&String, &String)> = a.iter().zip(&b).filter(|(x, y)| x != y).collect();
    let [(x, y)] = differing[..] else {
        return false;
    };
    let last = a.last() == Some(x) && b.last() == Some(y);
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    let ending = long
        .strip_prefix(short.as_str())
        .is_some_and(|e| ENDINGS.contains(&e));
    let letters = |s: &str| s.chars().all(char::is_alphabetic);
    if last && ending && short.chars().count() >= 4 && letters(long) {
        return true;
    }
    short.chars().count() >= 8 && letters(x) && letters(y) && one_edit_apart(x, y)
}

/// Whether one letter inserted, removed, changed or two swapped make `a`
/// of `b`.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (da, db) = (a.len() - start - end, b.len() - start - end);
    match (da, db) {
        (0, 1) | (1, 0) | (1, 1) => true,
        (2, 2) => a[start] == b[start + 1] && a[start + 1] == b[start],
        _ => false,
    }
}

/// One spelling of the logs near a value of the promise file: the rows
/// that write it, which count toward nothing (or not toward the target).
struct Near<'a> {
    written: &'a str,
    wanted: &'a str,
    promise: &'a str,
    first: &'a Activity,
    rows: u64,
    at: Option<&'a Location>,
}

impl Near<'_> {
    /// `left_out`: what becomes of one row, and of several.
    fn diagnostic(&self, left_out: (&str, &str)) -> Diagnostic {
        let rows = if self.rows == 1 {
            format!("its row {}", left_out.0)
        } else {
            format!("its {} rows {}", self.rows, left_out.1)
        };
        let at = self
            .first
            .columns()
            .activity
            .map_or_else(|| self.first.location(), |c| self.first.cell(c));
        let mut d = Diagnostic::error(
            Code::NearActivity,
            format!(
                "the activity \"{}\" is written nearly as \"{}\", which promise {} counts, and {rows}",
                self.written.trim(),
                self.wanted,
                self.promise
            ),
        )
        .at(at)
        .found(self.written.trim())
        .expected(format!("\"{}\"", self.wanted))
        .hint(format!(
            "if it is the same activity, write \"{}\" in the log, or add \"{}\" to aktiviteter of {} in the promise file; if it is another activity, name it so that it is not mistaken for this one",
            self.wanted,
            self.written.trim(),
            self.promise
        ));
        if let Some(at) = self.at {
            d = d.related("the promise file's value", at.clone());
        }
        d
    }
}

/// Adds `row`, whose Aktivitet is near `wanted`, to `found`.
fn note<'a>(
    found: &mut Vec<Near<'a>>,
    row: &'a Activity,
    written: &'a str,
    wanted: &'a str,
    promise: &'a Promise,
    at: Option<&'a Location>,
) {
    match found
        .iter_mut()
        .find(|n| same_text(n.written, written) && n.wanted == wanted)
    {
        Some(n) => n.rows += 1,
        None => found.push(Near {
            written,
            wanted,
            promise: &promise.id,
            first: row,
            rows: 1,
            at,
        }),
    }
}

/// A value of the promise file, its promise and its line.
type Wanted<'a> = (&'a str, &'a Promise, Option<&'a Location>);

/// The first of the promise file's activity values near `kind`, with its
/// promise and its line; none when one of them is `kind` itself.
fn wanted_near<'a>(agreement: &'a Agreement, kind: &str) -> Option<Wanted<'a>> {
    let mut exact = false;
    let mut near = None;
    for p in &agreement.promises {
        let promise_level = p
            .matching
            .activities
            .iter()
            .enumerate()
            .map(|(i, v)| (v, p.written.item("aktiviteter", i)));
        let targets = p.targets.iter().flat_map(|t| {
            t.activities
                .iter()
                .enumerate()
                .map(|(i, v)| (v, t.written.item("aktiviteter", i)))
        });
        for (value, at) in promise_level.chain(targets) {
            if same_text(value, kind) {
                exact = true;
            } else if near.is_none() && nearly(kind, value) {
                near = Some((value.as_str(), p, at));
            }
        }
    }
    if exact { None } else { near }
}

/// Errors for the rows of the report window whose Aktivitet is near an
/// activity type of the promise file and so is not counted: rows without
/// Löfte that match no promise (`unmatched`), and rows of a promise left
/// out of a target that counts some activity types only (`per_promise`,
/// in the agreement's order). Also for rows with no Aktivitet at all of a
/// promise whose every target counts some activity types only.
pub(super) fn check<'a>(
    agreement: &'a Agreement,
    per_promise: &[Vec<&'a Activity>],
    unmatched: &[&'a Activity],
    window: crate::agreement::DateRange,
) -> Vec<Diagnostic> {
    let any = agreement.promises.iter().any(|p| {
        !p.matching.activities.is_empty() || p.targets.iter().any(|t| !t.activities.is_empty())
    });
    if !any {
        return Vec::new();
    }
    let mut out = Vec::new();

    let mut found: Vec<Near<'a>> = Vec::new();
    // Each spelling is compared with the promise file once: a log may hold
    // a million rows and few spellings.
    let mut seen: HashMap<&'a str, Option<Wanted<'a>>> = HashMap::new();
    // Rows outside the report window count toward nothing whatever they
    // say: a log running on from the last agreement's years.
    for row in unmatched.iter().filter(|a| window.contains(a.date)) {
        if row.promise().is_some_and(|p| !p.trim().is_empty()) {
            continue;
        }
        let Some(kind) = row.activity().filter(|k| !k.trim().is_empty()) else {
            continue;
        };
        let near = *seen
            .entry(kind)
            .or_insert_with(|| wanted_near(agreement, kind));
        if let Some((wanted, p, at)) = near {
            note(&mut found, row, kind, wanted, p, at);
        }
    }
    out.extend(
        found
            .iter()
            .map(|n| n.diagnostic(("counts toward no promise", "count toward no promise"))),
    );

    for (p, rows) in agreement.promises.iter().zip(per_promise) {
        // A promise whose every target counts some activities only: a row
        // of it with no Aktivitet counts toward none of them.
        let all_filtered = !p.targets.is_empty()
            && p.targets
                .iter()
                .all(|t| !t.activities.is_empty() || t.kind == crate::agreement::TargetKind::Text);
        if all_filtered && p.targets.iter().any(|t| !t.activities.is_empty()) {
            let mut blank = rows
                .iter()
                .filter(|a| window.contains(a.date))
                .filter(|a| a.activity().is_none_or(|k| k.trim().is_empty()));
            if let Some(first) = blank.next() {
                let n = 1 + blank.count();
                let rows = if n == 1 {
                    "a row of it has".to_owned()
                } else {
                    format!("{n} rows of it have")
                };
                out.push(
                    Diagnostic::error(
                        Code::NoActivity,
                        format!(
                            "each target of {} counts some activities only, and {rows} no Aktivitet: they count toward none of them",
                            p.id
                        ),
                    )
                    .at(first
                        .columns()
                        .activity
                        .map_or_else(|| first.location(), |c| first.cell(c)))
                    .hint(format!(
                        "write what was done in Aktivitet, as {} names it in aktiviteter",
                        p.id
                    )),
                );
            }
        }
        for t in p.targets.iter().filter(|t| !t.activities.is_empty()) {
            let mut found: Vec<Near<'a>> = Vec::new();
            let mut seen: HashMap<&'a str, Option<usize>> = HashMap::new();
            for row in rows.iter().filter(|a| window.contains(a.date)) {
                let Some(kind) = row.activity().filter(|k| !k.trim().is_empty()) else {
                    continue;
                };
                let near = *seen.entry(kind).or_insert_with(|| {
                    if t.activities.iter().any(|v| same_text(v, kind)) {
                        None
                    } else {
                        t.activities.iter().position(|v| nearly(kind, v))
                    }
                });
                if let Some(i) = near {
                    note(
                        &mut found,
                        row,
                        kind,
                        &t.activities[i],
                        p,
                        t.written.item("aktiviteter", i),
                    );
                }
            }
            out.extend(found.iter().map(|n| {
                n.diagnostic((
                    "is not counted toward its target",
                    "are not counted toward its target",
                ))
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::nearly;

    #[test]
    fn forms_of_one_word_are_near_and_other_words_are_not() {
        for (a, b) in [
            ("Trafikkontroller", "Trafikkontroll"),
            ("Trygghetsvandringar", "Trygghetsvandring"),
            ("trafik-kontroll", "Trafikkontroll"),
            ("Trafiksakerhetsinsats", "Trafiksäkerhetsinsats"),
            ("Trafikkontrol", "Trafikkontroll"),
            ("Medborgardialgo", "Medborgardialog"),
            ("Skolbesöket", "Skolbesök"),
        ] {
            assert!(nearly(a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("Trafikkontroll", "trafikkontroll "),
            ("Insats 1", "Insats 2"),
            ("Möte", "Måte"),
            ("Hastighetskontroll", "Nykterhetskontroll"),
            ("Skolbesök åk 7", "Skolbesök"),
            ("Kontroll A", "Kontroll B"),
            ("Trafikinsats", "Trafikkontroll"),
        ] {
            assert!(!nearly(a, b), "{a} / {b}");
        }
    }
}

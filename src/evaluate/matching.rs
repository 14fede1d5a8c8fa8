//! Which promise each row counts toward, worked out once per distinct text.
//!
//! A log repeats a few Löfte, Aktivitet and Ansvarig texts on every row:
//! comparing folded ids for every row and every promise, folding every
//! row's activity type and reading every row's parties was half of
//! evaluation (BENCHMARKS.md, section 9). The answers depend on the text
//! alone, so each distinct text is judged once and rows look it up.

use std::collections::{BTreeMap, BTreeSet};

// FxHash: the keys are a log's own texts, looked up once a row; SipHash's
// guard against chosen keys buys nothing here (as in ingest).
use rustc_hash::FxHashMap as HashMap;

use crate::agreement::{Agreement, Party, PartyWords};
use crate::ingest::Activity;

use super::{fold, id_key, matches, parties_with};

/// A text as a memo's key by where it lies, not by what it says: a log's
/// texts are interned as it is read, so a million rows' Löfte cells are a
/// few hundred strings, told apart by their address and length without
/// being read. Two copies of one text (from two logs) are two keys with
/// the same answer: the memos hold what a function of the text gives.
#[derive(Clone, Copy)]
struct Same<'a>(&'a str);

impl PartialEq for Same<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Same<'_> {}

impl std::hash::Hash for Same<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state);
    }
}

/// Whether a Löfte cell names a promise of the agreement, once per text.
pub(super) struct KnownIds<'a, 'k> {
    /// Every promise id (and alias) folded as [`id_key`] folds.
    folded: &'k BTreeSet<String>,
    memo: HashMap<Same<'a>, bool>,
}

impl<'a, 'k> KnownIds<'a, 'k> {
    pub(super) fn new(folded: &'k BTreeSet<String>) -> Self {
        KnownIds {
            folded,
            memo: HashMap::default(),
        }
    }

    /// Whether `row` has a Löfte cell that names no promise.
    pub(super) fn names_unknown(&mut self, row: &'a Activity) -> bool {
        let Some(id) = row
            .promise()
            .filter(|s| !crate::ingest::cells::trim(s).is_empty())
        else {
            return false;
        };
        let folded = self.folded;
        !*self
            .memo
            .entry(Same(id))
            .or_insert_with(|| folded.contains(&id_key(id)))
    }
}

/// The rows of each promise (in the agreement's order), and the rows that
/// count toward none, each list in the order of `rows`.
pub(super) struct Matched<'a> {
    pub(super) per_promise: Vec<Vec<&'a Activity>>,
    pub(super) unmatched: Vec<&'a Activity>,
}

/// Sorts `rows` by the promises they count toward, as [`matches`] decides,
/// judging each distinct Löfte text (or, without one, Aktivitet text) once.
pub(super) fn by_promise<'a>(
    agreement: &Agreement,
    rows: impl IntoIterator<Item = &'a Activity>,
) -> Matched<'a> {
    /// A row is matched by its Löfte cell when it has one, else by its
    /// Aktivitet: the two texts are kept apart.
    #[derive(PartialEq, Eq, Hash)]
    enum Key<'s> {
        Id(Same<'s>),
        Kind(Option<Same<'s>>),
    }
    let mut memo: HashMap<Key<'a>, Vec<usize>> = HashMap::default();
    let mut out = Matched {
        per_promise: vec![Vec::new(); agreement.promises.len()],
        unmatched: Vec::new(),
    };
    for a in rows {
        let key = match a.promise().map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => Key::Id(Same(id)),
            None => Key::Kind(a.activity().map(Same)),
        };
        let promises = memo.entry(key).or_insert_with(|| {
            agreement
                .promises
                .iter()
                .enumerate()
                .filter(|(_, p)| matches(p, a))
                .map(|(i, _)| i)
                .collect()
        });
        if promises.is_empty() {
            out.unmatched.push(a);
        }
        for i in promises.iter() {
            if let Some(list) = out.per_promise.get_mut(*i) {
                list.push(a);
            }
        }
    }
    out
}

/// The parties an Ansvarig cell names ([`parties_with`]), once per text.
pub(super) struct KnownParties<'a, 'w> {
    words: &'w PartyWords,
    memo: HashMap<Same<'a>, BTreeSet<Party>>,
}

impl<'a, 'w> KnownParties<'a, 'w> {
    pub(super) fn new(words: &'w PartyWords) -> Self {
        KnownParties {
            words,
            memo: HashMap::default(),
        }
    }

    /// The parties `cell` names.
    pub(super) fn of(&mut self, cell: &'a str) -> &BTreeSet<Party> {
        let words = self.words;
        self.memo
            .entry(Same(cell))
            .or_insert_with(|| parties_with(cell, words))
    }
}

/// The activity types of `rows` with their summed Antal, keyed by the
/// folded type and written as the first row of each type wrote it.
/// Rows are summed per distinct text first (by address, see [`Same`]),
/// and only the distinct texts are folded, in the order each first
/// appears: the same first writing wins as when every row was folded.
pub(super) fn activity_totals<'a>(rows: &[&'a Activity]) -> BTreeMap<String, (String, u64)> {
    let mut exact: Vec<(&str, u64)> = Vec::new();
    // Each text's place in `exact`; `None` for a blank one.
    let mut position: HashMap<Same<'a>, Option<usize>> = HashMap::default();
    for &a in rows {
        let Some(kind) = a.activity() else {
            continue;
        };
        let slot = *position.entry(Same(kind)).or_insert_with(|| {
            (!kind.trim().is_empty()).then(|| {
                exact.push((kind, 0));
                exact.len() - 1
            })
        });
        if let Some((_, n)) = slot.and_then(|i| exact.get_mut(i)) {
            *n += u64::from(a.count);
        }
    }
    let mut out: BTreeMap<String, (String, u64)> = BTreeMap::new();
    for (kind, count) in exact {
        out.entry(fold(kind))
            .or_insert_with(|| (kind.trim().to_owned(), 0))
            .1 += count;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::tests_support::with;

    /// Texts are told apart by address: a text shared by rows (as ingest
    /// shares it) and the same text in a copy of its own (another log)
    /// sum into one type, written as the first row wrote it; blank types
    /// count for none.
    #[test]
    fn activity_types_sum_by_their_folded_text_whoever_holds_it() {
        let first = with("2023-01-02", " Trygghetsvandring", 2, &[]);
        let mut shared = with("2023-01-03", "", 3, &[]);
        // The first row's sheet, and the text it holds.
        shared.source = first.source.clone();
        shared.activity = first.activity;
        let rows = [
            first,
            with("2023-01-04", "Skolbesök", 1, &[]),
            shared,
            with("2023-01-05", "TRYGGHETSVANDRING ", 4, &[]),
            with("2023-01-06", " Trygghetsvandring", 5, &[]),
            with("2023-01-07", "   ", 7, &[]),
            with("2023-01-08", "", 9, &[]),
        ];
        let refs: Vec<&Activity> = rows.iter().collect();
        let totals = activity_totals(&refs);
        let got: Vec<(&str, &str, u64)> = totals
            .iter()
            .map(|(k, (written, n))| (k.as_str(), written.as_str(), *n))
            .collect();
        assert_eq!(
            got,
            [
                ("skolbesök", "Skolbesök", 1),
                ("trygghetsvandring", "Trygghetsvandring", 14),
            ]
        );
    }
}

//! What changed between two versions of a report: promises whose figures,
//! periods or status moved, edits to the promise file (texts, comments,
//! targets, dates), and activity rows added, removed or changed, each tied
//! to the promises it counts toward. Works on two [`Results`], the older
//! one read back from its results JSON (or the PDF it is attached to).
//! Only figures and names leave here; the few words the record keeps (a
//! target's description, its outcome, a period's label) come from the
//! report's wording through [`TargetWords`].

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

use super::{AreaResult, IntervalResult, Kind, PromiseResult, Results, Status, TargetResult};

/// The words of a target the change record keeps, made by the report's
/// wording (evaluate makes no words).
pub trait TargetWords {
    /// The target in words ("minst 4 per år").
    fn description(&self, t: &TargetResult) -> String;
    /// Its outcome in words.
    fn outcome(&self, t: &TargetResult) -> String;
    /// The label of one of its intervals ("mars 2023").
    fn interval_label(&self, kind: &Kind, i: &IntervalResult) -> String;
}

/// One period of a target whose figure differs ("2023: 3 → 4").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalChange {
    /// The period's label as the newer version has it ("2023", "mars 2023").
    pub label: String,
    /// Achieved before (`null` when the period is new).
    pub old: Option<f64>,
    /// Achieved now (`null` when the period is gone).
    pub new: Option<f64>,
}

/// A text or setting of the promise file that differs: a promise's text,
/// comment or next step, a target's wording, number or dates, or a field
/// of the agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextChange {
    /// The field's JSON name (`text`, `comment`, `next_step`, `description`,
    /// `required`, `judged`, `title`, `deadline_text` …).
    pub field: String,
    /// 0-based target index in the newer version, for a target's fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<usize>,
    /// Before, as text (`null` when absent).
    pub old: Option<String>,
    /// Now, as text (`null` when absent).
    pub new: Option<String>,
}

/// Where a version's date comes from, written as `date_flag`,
/// `source_date_epoch` or `as_of` in the results JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// `--date`.
    DateFlag,
    /// The environment variable SOURCE_DATE_EPOCH.
    SourceDateEpoch,
    /// The report's as-of date, when neither is given.
    AsOf,
}

/// The record of one version: when it was made, on what date basis, and
/// why (`--note`). Every version carries the records of those before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct VersionRecord {
    /// The version number.
    pub version: u32,
    /// The date the version was made, ISO 8601.
    pub date: String,
    /// Where the date comes from.
    pub date_source: DateSource,
    /// The reasons given with `--note`, in order.
    pub notes: Vec<String>,
}

/// One figure of a target that differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureChange {
    /// 0-based index of the target in the newer version's promise (a
    /// removed target's in the older). Targets are paired by what they
    /// are, not by this index: one only in the newer version has the old
    /// fields `null`, one only in the older the new fields.
    pub target: usize,
    /// The target in words.
    pub description: String,
    /// Achieved before.
    pub old_achieved: Option<f64>,
    /// Achieved now.
    pub new_achieved: Option<f64>,
    /// Outcome text before.
    pub old_text: Option<String>,
    /// Outcome text now.
    pub new_text: Option<String>,
    /// Total counted before.
    pub old_total: Option<f64>,
    /// Total counted now.
    pub new_total: Option<f64>,
    /// The noun counted ("trafiksäkerhetsinsatser").
    pub noun: String,
    /// The target's status before.
    pub old_status: Option<Status>,
    /// The target's status now.
    pub new_status: Option<Status>,
    /// Periods whose figure differs.
    pub intervals: Vec<IntervalChange>,
}

/// A promise whose status or figures differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromiseChange {
    /// Promise id.
    pub id: String,
    /// Status before (`null` when the promise is new).
    pub old_status: Option<Status>,
    /// Status now (`null` when the promise is gone).
    pub new_status: Option<Status>,
    /// Figures that differ.
    pub figures: Vec<FigureChange>,
    /// Edits to the promise in the promise file.
    pub texts: Vec<TextChange>,
    /// Activity rows counted toward the promise (in either version) that
    /// were added, removed or changed.
    pub rows: Vec<RowChange>,
}

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// At the same place, with other content.
    Changed,
    /// Only in the old version: the new version's log marks it as not
    /// done ("Status: Inställd"), and it is left out, not gone.
    NotDone,
}

/// An activity row as both versions record it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RowChange {
    /// Added, removed or changed.
    pub kind: RowChangeKind,
    /// Where the row is (file, sheet, row) in the version it comes from.
    pub place: String,
    /// Its content before, when it existed.
    pub old: Option<String>,
    /// Its content now, when it exists.
    pub new: Option<String>,
}

/// Everything that differs between two versions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// The version compared with.
    pub since_version: u32,
    /// Promises whose status or figures changed.
    pub promises: Vec<PromiseChange>,
    /// Rows only in the new version.
    pub rows_added: Vec<RowChange>,
    /// Rows only in the old version.
    pub rows_removed: Vec<RowChange>,
    /// Rows at the same place whose content changed.
    pub rows_changed: Vec<RowChange>,
    /// Edits to the agreement's own fields (title, period, deadline,
    /// signatories …).
    pub agreement: Vec<TextChange>,
    /// Whether the window or as-of date differ (then figures are not
    /// comparable one to one).
    pub window_changed: bool,
}

impl Changes {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.promises.is_empty()
            && self.rows_added.is_empty()
            && self.rows_removed.is_empty()
            && self.rows_changed.is_empty()
            && self.agreement.is_empty()
            && !self.window_changed
    }
}

/// Indicators as a reader compares them: "Anmälda bostadsinbrott: 2018 12,
/// 2019 14; …"; `None` when there are none.
fn indicator_text(list: &[crate::agreement::IndicatorOutcome]) -> Option<String> {
    (!list.is_empty()).then(|| {
        list.iter()
            .map(|i| {
                let values: Vec<String> = i
                    .values
                    .iter()
                    .map(|v| format!("{} {}", v.year, number_text(v.value)))
                    .collect();
                format!("{}: {}", i.name, values.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Focus areas as a reader compares them: "Trygghet: intro; effects";
/// which promises an area holds is each promise's own `area`.
fn area_text(list: &[AreaResult]) -> Option<String> {
    (!list.is_empty()).then(|| {
        list.iter()
            .map(|a| {
                let mut parts = vec![a.name.clone()];
                parts.extend(a.description.clone());
                parts.extend(a.effects.iter().cloned());
                parts.join("; ")
            })
            .collect::<Vec<_>>()
            .join(" | ")
    })
}

/// A JSON value as the text a reader sees: strings as they are, a date
/// range as "från – till", lists joined, numbers without trailing zeros.
fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.as_f64().map(number_text).unwrap_or_else(|| n.to_string())),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(value_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Value::Object(map) => {
            if let (Some(from), Some(to)) = (map.get("from"), map.get("to")) {
                return Some(format!(
                    "{} – {}",
                    value_text(from).unwrap_or_default(),
                    value_text(to).unwrap_or_default()
                ));
            }
            Some(
                map.values()
                    .filter_map(value_text)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        }
    }
}

/// The agreement's fields a schema-1 results JSON may lack.
const ADDED_LATER: [&str; 3] = ["district", "parties", "effects"];

/// A number as the change record shows it: whole numbers without decimals.
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

/// A value's text through its JSON form (a period as `year`, a date range
/// as "från – till"), as the results JSON records it.
fn json_text<T: Serialize>(x: &T) -> Option<String> {
    serde_json::to_value(x).ok().as_ref().and_then(value_text)
}

/// The JSON name of a target's kind (`at_least_per`).
fn kind_name(kind: &Kind) -> Option<String> {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.get("kind").and_then(Value::as_str).map(str::to_owned))
}

/// The places among `changed` of the rows a promise's targets counted:
/// each row's place is made in one buffer and looked up, so a promise
/// counting a million rows does not hold a million places.
fn promise_rows(
    report: &Results,
    p: Option<&PromiseResult>,
    changed: &rustc_hash::FxHashSet<&str>,
    hits: &mut BTreeSet<String>,
) {
    if changed.is_empty() {
        return;
    }
    let mut place = String::new();
    for r in p
        .into_iter()
        .flat_map(|p| &p.targets)
        .flat_map(|t| &t.rows)
        .filter_map(|i| report.activity_rows.get(*i as usize))
    {
        place.clear();
        r.push_place(&mut place);
        if changed.contains(place.as_str()) && !hits.contains(&place) {
            hits.insert(place.clone());
        }
    }
}

/// The places among `changed` of the rows of a joint event of promise
/// `id` that the other party also logged (`logged_by_both`): paired with
/// the row counted, counted once, but rows of the promise all the same —
/// not rows that count toward no promise.
fn partner_rows(
    report: &Results,
    id: &str,
    changed: &rustc_hash::FxHashSet<&str>,
    hits: &mut BTreeSet<String>,
) {
    if changed.is_empty() {
        return;
    }
    for row in report
        .data_quality
        .logged_by_both
        .iter()
        .filter(|b| b.promise == id)
        .flat_map(|b| std::iter::once(&b.counted).chain(&b.also))
    {
        let place = super::Row {
            file: file_name(&row.file),
            sheet: row.sheet.clone(),
            row: row.row,
        }
        .to_string();
        if changed.contains(place.as_str()) {
            hits.insert(place);
        }
    }
}

/// A file's name without its folders, as a row's place names it.
fn file_name(file: &str) -> String {
    super::rows::short(file).into_owned()
}

/// A field that differs, as text.
fn differs(
    field: &str,
    target: Option<usize>,
    old: Option<String>,
    new: Option<String>,
) -> Option<TextChange> {
    (old != new).then(|| TextChange {
        field: field.to_owned(),
        target,
        old,
        new,
    })
}

/// Edits to a promise's own fields (from the promise file): an edit to any
/// of them is a change even when no figure moves.
fn promise_field_changes(old: &PromiseResult, new: &PromiseResult) -> Vec<TextChange> {
    let joined = |p: &PromiseResult| Some(p.partners.join(", "));
    [
        differs("text", None, Some(old.text.clone()), Some(new.text.clone())),
        differs("area", None, Some(old.area.clone()), Some(new.area.clone())),
        differs(
            "responsible",
            None,
            Some(old.responsible.clone()),
            Some(new.responsible.clone()),
        ),
        differs("partners", None, joined(old), joined(new)),
        differs("comment", None, old.comment.clone(), new.comment.clone()),
        differs(
            "next_step",
            None,
            old.next_step.clone(),
            new.next_step.clone(),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Edits to a target in the promise file: its wording, kind, number,
/// period or dates.
fn target_field_changes(
    i: usize,
    old: &TargetResult,
    new: &TargetResult,
    words: &dyn TargetWords,
) -> Vec<TextChange> {
    let t = Some(i);
    [
        differs(
            "description",
            t,
            Some(words.description(old)),
            Some(words.description(new)),
        ),
        differs("kind", t, kind_name(&old.kind), kind_name(&new.kind)),
        differs(
            "per_interval",
            t,
            old.kind.per_interval().map(number_text),
            new.kind.per_interval().map(number_text),
        ),
        differs(
            "per",
            t,
            json_text(&old.kind.per()),
            json_text(&new.kind.per()),
        ),
        differs("judged", t, json_text(&old.judged), json_text(&new.judged)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The periods of two versions of a target whose figure differs, each
/// period known by its place (a per-place target's places share one
/// start) and its start: keyed by the start alone, every place but the
/// last was lost.
fn interval_changes(
    old: Option<&TargetResult>,
    new: Option<&TargetResult>,
    words: &dyn TargetWords,
) -> Vec<IntervalChange> {
    type Key = (chrono::NaiveDate, Option<String>);
    let by_key = |t: Option<&TargetResult>| -> BTreeMap<Key, (String, f64)> {
        t.into_iter()
            .flat_map(|t| {
                t.intervals.iter().map(|i| {
                    (
                        (i.from, i.place.clone()),
                        (words.interval_label(&t.kind, i), i.achieved),
                    )
                })
            })
            .collect()
    };
    let before = by_key(old);
    let after = by_key(new);
    let keys: BTreeSet<&Key> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let o = before.get(k);
            let n = after.get(k);
            let (ov, nv) = (o.map(|x| x.1), n.map(|x| x.1));
            (ov != nv).then(|| IntervalChange {
                label: n.or(o).map(|x| x.0.clone()).unwrap_or_default(),
                old: ov,
                new: nv,
            })
        })
        .collect()
}

/// What a target is, in words of the results JSON, for pairing it with
/// itself in another version.
type TargetKey = Vec<Option<String>>;

/// What a target is, apart from its number and wording: its kind, what it
/// counts and how, its period and the places it counts at. Two versions
/// of a target share it; a target added beside them does not.
fn target_identity(t: &TargetResult) -> TargetKey {
    vec![
        kind_name(&t.kind),
        Some(t.noun.clone()),
        json_text(&t.kind.per()),
        json_text(&t.counting),
        t.places_within.clone(),
    ]
}

/// A promise's targets of two versions paired by what they are, not by
/// their place in the list: first those alike in every word, then those
/// alike in kind, what they count and period (a number or a wording
/// edited), then those counting the same (a kind edited). A target left
/// over is added (only new) or removed (only old). Pairs come in the new
/// version's order, the removed after them; each with its index in the
/// version(s) it is in.
fn pair_targets(
    old: &[TargetResult],
    new: &[TargetResult],
    words: &dyn TargetWords,
) -> Vec<(Option<usize>, Option<usize>)> {
    let full = |t: &TargetResult| {
        let mut key = target_identity(t);
        key.push(Some(words.description(t)));
        key.push(json_text(&t.judged));
        key
    };
    let what = target_identity;
    let counts = |t: &TargetResult| {
        let mut key = target_identity(t);
        // Neither kind nor period: what is counted, how, and where.
        key.drain(..1);
        key.remove(1);
        key
    };
    let keys: [&dyn Fn(&TargetResult) -> TargetKey; 3] = [&full, &what, &counts];
    let mut old_of: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    for key in keys {
        for (j, n) in new.iter().enumerate() {
            if old_of.get(j).copied().flatten().is_some() {
                continue;
            }
            let k = key(n);
            let hit = old
                .iter()
                .enumerate()
                .find(|(i, o)| !taken.get(*i).copied().unwrap_or(true) && key(o) == k)
                .map(|(i, _)| i);
            if let Some(i) = hit {
                if let Some(t) = taken.get_mut(i) {
                    *t = true;
                }
                if let Some(slot) = old_of.get_mut(j) {
                    *slot = Some(i);
                }
            }
        }
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = old_of
        .into_iter()
        .enumerate()
        .map(|(j, i)| (i, Some(j)))
        .collect();
    pairs.extend(
        taken
            .iter()
            .enumerate()
            .filter(|(_, t)| !**t)
            .map(|(i, _)| (Some(i), None)),
    );
    pairs
}

/// One target's figures, when they differ.
fn figure_change(
    i: usize,
    o: Option<&TargetResult>,
    n: Option<&TargetResult>,
    words: &dyn TargetWords,
) -> Option<FigureChange> {
    let intervals = interval_changes(o, n, words);
    let same = match (o, n) {
        (Some(o), Some(n)) => {
            o.achieved == n.achieved
                && o.required == n.required
                && o.total == n.total
                && o.status == n.status
                && words.outcome(o) == words.outcome(n)
        }
        _ => false,
    };
    if same && intervals.is_empty() {
        return None;
    }
    let either = n.or(o)?;
    Some(FigureChange {
        target: i,
        description: words.description(either),
        old_achieved: o.map(|t| t.achieved),
        new_achieved: n.map(|t| t.achieved),
        old_text: o.map(|t| words.outcome(t)),
        new_text: n.map(|t| words.outcome(t)),
        old_total: o.map(|t| t.total),
        new_total: n.map(|t| t.total),
        noun: either.noun.clone(),
        old_status: o.map(|t| t.status),
        new_status: n.map(|t| t.status),
        intervals,
    })
}

/// Compares an old report with a new one.
pub fn compare(old: &Results, new: &Results, words: &dyn TargetWords) -> Changes {
    compare_rows(old, new, words, row_changes(old, new))
}

/// Compares an earlier version, read back whole or sifted, with the new
/// one: the same record either way.
pub fn compare_earlier(old: &Earlier, new: &Results, words: &dyn TargetWords) -> Changes {
    match old {
        Earlier::Whole(old) => compare(old, new, words),
        Earlier::Sifted {
            results,
            unmatched,
            matched,
        } => {
            let texts = |r: &super::ActivityRow| (r.place().into_owned(), r.content().into_owned());
            let olds = results
                .activity_rows
                .iter()
                .zip(unmatched)
                .filter(|(_, u)| **u)
                .map(|(r, _)| texts(r))
                .collect();
            let news = new
                .activity_rows
                .iter()
                .zip(matched)
                .filter(|(_, m)| !**m)
                .map(|(r, _)| texts(r))
                .collect();
            compare_rows(results, new, words, leftover_changes(olds, news))
        }
    }
}

/// An earlier version of a report, as the next one is compared with it.
#[derive(Debug)]
pub enum Earlier {
    /// Read back whole.
    Whole(Results),
    /// Read back sifted ([`RowMatch`]): of its activity rows only those
    /// the change record may name (each row left over, and each at the
    /// place of one), its targets' row indexes into that list.
    Sifted {
        /// The version, its rows sifted.
        results: Results,
        /// For each row kept, whether no row of the new version took it.
        unmatched: Vec<bool>,
        /// For each row of the new version, whether it took a row of this
        /// one.
        matched: Vec<bool>,
    },
}

impl Earlier {
    /// The version read back, whichever way.
    pub fn results(&self) -> &Results {
        match self {
            Earlier::Whole(r) | Earlier::Sifted { results: r, .. } => r,
        }
    }

    /// The version read back, whichever way, taken.
    pub fn into_results(self) -> Results {
        match self {
            Earlier::Whole(r) | Earlier::Sifted { results: r, .. } => r,
        }
    }
}

/// Which rows of an earlier version the rows of the new one take, paired
/// by the fingerprints of their content ([`super::RowPrints`]) as
/// [`row_changes`] pairs them by their text: a new row takes the last old
/// row of its content not yet taken.
#[derive(Debug)]
pub struct RowMatch {
    /// For each old row, whether a new row took it.
    used: Vec<bool>,
    /// For each new row, whether it took an old row.
    matched: Vec<bool>,
    /// For each old row, whether the change record may name it: read
    /// again, with its texts.
    keep: Vec<bool>,
}

impl RowMatch {
    /// Pairs the `old` rows' fingerprints with the `new` rows, the new
    /// rows in their order, each looked up among the old rows sorted by
    /// fingerprint: of one content, the old rows not yet taken are the
    /// first of their block (each new row takes the last of them).
    ///
    /// Each old row is one `u128`, the top 96 bits of its print above its
    /// index, sorted in place; a table of where each leading-bits prefix
    /// starts finds a new row's block in a step or two. Only the old rows
    /// are sorted, and a new row's print is made once: the new report's
    /// million rows get no list of their own beside it.
    pub fn of(old: super::RowPrints, new: &[super::ActivityRow]) -> RowMatch {
        const INDEX: u128 = u32::MAX as u128;
        let super::RowPrints {
            content: mut sorted,
            place: places_of,
        } = old;
        for (i, p) in sorted.iter_mut().enumerate() {
            *p = (*p & !INDEX) | (i as u128 & INDEX);
        }
        sorted.sort_unstable();
        let index = |e: &u128| (*e & INDEX) as usize;
        // One entry per row or so: a prefix's rows are found at once.
        let bits = (usize::BITS - sorted.len().leading_zeros()).clamp(1, 24);
        let prefix = |p: u128| (p >> (128 - bits)) as usize;
        let mut starts = vec![0u32; (1 << bits) + 1];
        for e in &sorted {
            if let Some(s) = starts.get_mut(prefix(*e) + 1) {
                *s += 1;
            }
        }
        for k in 1..starts.len() {
            let before = starts.get(k - 1).copied().unwrap_or(0);
            if let Some(s) = starts.get_mut(k) {
                *s += before;
            }
        }
        let mut used = vec![false; sorted.len()];
        let mut matched = vec![false; new.len()];
        let mut content = String::new();
        for (r, m) in new.iter().zip(matched.iter_mut()) {
            content.clear();
            r.push_content(&mut content);
            let p = super::written::content_print(&content) & !INDEX;
            let k = prefix(p);
            let (from, to) = (
                starts.get(k).copied().unwrap_or(0) as usize,
                starts.get(k + 1).copied().unwrap_or(0) as usize,
            );
            let bucket = sorted.get(from..to).unwrap_or_default();
            let start = bucket.partition_point(|e| *e & !INDEX < p);
            let block = bucket.get(start..).unwrap_or_default();
            let block = block
                .get(..block.partition_point(|e| *e & !INDEX == p))
                .unwrap_or_default();
            let free = block.partition_point(|e| !used.get(index(e)).copied().unwrap_or(true));
            if let Some(e) = free.checked_sub(1).and_then(|at| block.get(at))
                && let Some(u) = used.get_mut(index(e))
            {
                *u = true;
                *m = true;
            }
        }
        drop(sorted);
        drop(starts);
        let old = super::RowPrints {
            content: Vec::new(),
            place: places_of,
        };
        // The places the record names: of each row left over, old or new.
        let mut place = String::new();
        let mut places: rustc_hash::FxHashSet<u32> = old
            .place
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(p, _)| *p)
            .collect();
        places.extend(
            new.iter()
                .zip(&matched)
                .filter(|(_, m)| !**m)
                .map(|(r, _)| {
                    place.clear();
                    r.push_place(&mut place);
                    super::written::place_print(&place)
                }),
        );
        let keep = old
            .place
            .iter()
            .zip(&used)
            .map(|(p, u)| !*u || places.contains(p))
            .collect();
        RowMatch {
            used,
            matched,
            keep,
        }
    }

    /// How many rows the earlier version holds.
    pub fn old_rows(&self) -> usize {
        self.used.len()
    }

    /// Which old rows to read again with their texts; `None` when none
    /// (every row of each version took one of the other's).
    pub fn keep(&self) -> Option<&[bool]> {
        self.keep.contains(&true).then_some(&self.keep[..])
    }

    /// The earlier version once its rows `kept` (their indexes in the
    /// written list, ascending: those [`RowMatch::keep`] named, or none)
    /// are read again: each target's rows become indexes into them, a row
    /// not kept dropped (it is at no place the record names).
    pub fn earlier(self, mut results: Results, kept: &[u32]) -> Earlier {
        for t in results.promises.iter_mut().flat_map(|p| &mut p.targets) {
            t.rows = t
                .rows
                .iter()
                .filter_map(|i| kept.binary_search(i).ok())
                .filter_map(|at| u32::try_from(at).ok())
                .collect();
        }
        let unmatched = kept
            .iter()
            .map(|i| !self.used.get(*i as usize).copied().unwrap_or(true))
            .collect();
        Earlier::Sifted {
            results,
            unmatched,
            matched: self.matched,
        }
    }
}

/// Compares an old report with a new one, their rows' changes known.
fn compare_rows(
    old: &Results,
    new: &Results,
    words: &dyn TargetWords,
    (rows_added, mut rows_removed, rows_changed): (Vec<RowChange>, Vec<RowChange>, Vec<RowChange>),
) -> Changes {
    let window_changed = old.window != new.window || old.as_of != new.as_of;
    // A row the new version's log marks as not done is left out of its
    // rows: it is not removed, and the record says which it is.
    let not_done: BTreeSet<super::Row> = new
        .data_quality
        .excluded
        .iter()
        .filter(|e| e.kind == super::Exclusion::NotDone)
        .filter_map(|e| {
            let row = match e.location.place {
                crate::diag::Place::Row { row } | crate::diag::Place::Cell { row, .. } => row,
                _ => return None,
            };
            Some(super::Row {
                file: file_name(&e.location.file),
                sheet: e.location.sheet.as_deref().map(str::to_owned),
                row: row.saturating_add(1),
            })
        })
        .chain(new.data_quality.not_done_read.iter().map(|r| super::Row {
            file: file_name(&r.file),
            sheet: r.sheet.clone(),
            row: r.row,
        }))
        .collect();
    if !not_done.is_empty() {
        for r in &mut rows_removed {
            if super::Row::parse_place(&r.place).is_some_and(|row| not_done.contains(&row)) {
                r.kind = RowChangeKind::NotDone;
            }
        }
    }

    let by_id = |r: &'_ Results| -> BTreeMap<String, usize> {
        r.promises
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect()
    };
    let (old_ids, new_ids) = (by_id(old), by_id(new));
    let changed: rustc_hash::FxHashSet<&str> = rows_changed
        .iter()
        .chain(&rows_added)
        .chain(&rows_removed)
        .map(|r| r.place.as_str())
        .collect();
    let ids: BTreeSet<&String> = old_ids.keys().chain(new_ids.keys()).collect();
    let mut promise_changes = Vec::new();
    for id in ids {
        let before = old_ids.get(id).and_then(|i| old.promises.get(*i));
        let after = new_ids.get(id).and_then(|i| new.promises.get(*i));
        let mut figures = Vec::new();
        let mut texts = match (before, after) {
            (Some(b), Some(a)) => promise_field_changes(b, a),
            _ => Vec::new(),
        };
        let (old_targets, new_targets) = (
            before.map_or(&[][..], |p| &p.targets),
            after.map_or(&[][..], |p| &p.targets),
        );
        for (oi, ni) in pair_targets(old_targets, new_targets, words) {
            let o = oi.and_then(|i| old_targets.get(i));
            let n = ni.and_then(|i| new_targets.get(i));
            // The index the newer version prints; a removed target's in
            // the older.
            let i = ni.or(oi).unwrap_or(0);
            if let (Some(o), Some(n)) = (o, n) {
                texts.extend(target_field_changes(i, o, n, words));
            }
            figures.extend(figure_change(i, o, n, words));
        }
        let mut places = BTreeSet::new();
        promise_rows(old, before, &changed, &mut places);
        promise_rows(new, after, &changed, &mut places);
        partner_rows(old, id, &changed, &mut places);
        partner_rows(new, id, &changed, &mut places);
        let rows: Vec<RowChange> = rows_changed
            .iter()
            .chain(&rows_added)
            .chain(&rows_removed)
            .filter(|r| places.contains(&r.place))
            .cloned()
            .collect();
        let (old_status, new_status) = (before.map(|p| p.status), after.map(|p| p.status));
        if old_status != new_status || !figures.is_empty() || !texts.is_empty() || !rows.is_empty()
        {
            promise_changes.push(PromiseChange {
                id: id.clone(),
                old_status,
                new_status,
                figures,
                texts,
                rows,
            });
        }
    }

    // The agreement's own fields, each by its JSON name.
    let mut agreement: Vec<TextChange> = match (
        serde_json::to_value(&old.agreement),
        serde_json::to_value(&new.agreement),
    ) {
        (Ok(Value::Object(o)), Ok(Value::Object(n))) => {
            let keys: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
            keys.into_iter()
                // A field a lofte of an earlier version did not write reads
                // back empty: not an edit. Since schema 2 every file has
                // them, and an empty one filled in is an edit.
                .filter(|k| {
                    !(old.schema < 2
                        && ADDED_LATER.contains(&k.as_str())
                        && o.get(*k)
                            .is_none_or(|v| value_text(v).unwrap_or_default().is_empty()))
                })
                .filter_map(|k| {
                    let (a, b) = (
                        o.get(k).unwrap_or(&Value::Null),
                        n.get(k).unwrap_or(&Value::Null),
                    );
                    (a != b).then(|| TextChange {
                        field: k.clone(),
                        target: None,
                        old: value_text(a),
                        new: value_text(b),
                    })
                })
                .collect()
        }
        _ => Vec::new(),
    };
    // A corrected indicator table changes the report though no promise
    // changes: it must not count as "nothing changed".
    let (before, after) = (
        indicator_text(&old.indicators),
        indicator_text(&new.indicators),
    );
    if before != after {
        agreement.push(TextChange {
            field: "indicators".to_owned(),
            target: None,
            old: before,
            new: after,
        });
    }
    // So does an edited focus area (its name, intro or expected effects),
    // which the report prints above its promises.
    let (before, after) = (area_text(&old.areas), area_text(&new.areas));
    if before != after {
        agreement.push(TextChange {
            field: "areas".to_owned(),
            target: None,
            old: before,
            new: after,
        });
    }

    // The part-met share (`delvis`) decides every Delvis uppfyllt: an
    // edit to it moves verdicts while no row changes, and is named as
    // their cause.
    if old.rules.part_met != new.rules.part_met {
        agreement.push(TextChange {
            field: "part_met".to_owned(),
            target: None,
            old: Some(number_text(old.rules.part_met)),
            new: Some(number_text(new.rules.part_met)),
        });
    }

    Changes {
        since_version: old.version,
        promises: promise_changes,
        rows_added,
        rows_removed,
        rows_changed,
        agreement,
        window_changed,
    }
}

/// The hash rows are paired by in [`row_changes`]: 32 bits, so that an
/// entry of its lists is 8 bytes; the few contents of a million rows that
/// share one are told apart by their text.
#[cfg(not(test))]
fn content_hash(text: &str) -> u32 {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(text) >> 32) as u32
}

/// Two bits of it in the tests: contents that differ share a hash, as
/// they may (rarely) in a real report, and are told apart by their text.
#[cfg(test)]
fn content_hash(text: &str) -> u32 {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(text) >> 62) as u32
}

/// Rows: identical content anywhere is unchanged (a row inserted above
/// must not make every later row "changed"); what is left is paired by
/// place (changed) or stands alone (added, removed).
///
/// A new row takes the last old row of the same content not yet taken.
/// The rows of both are sorted by the hash of their content (each
/// content made in one buffer), the two lists walked side by side and
/// the same text confirmed; only the rows left over are made into
/// strings: two million-row reports are compared without a place and a
/// content string for every row of both.
fn row_changes(old: &Results, new: &Results) -> (Vec<RowChange>, Vec<RowChange>, Vec<RowChange>) {
    let texts = |r: &super::ActivityRow| (r.place().into_owned(), r.content().into_owned());
    let mut content = String::new();
    let mut by_hash = |rows: &[super::ActivityRow]| -> Vec<(u32, u32)> {
        let mut list: Vec<(u32, u32)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                content.clear();
                r.push_content(&mut content);
                (content_hash(&content), u32::try_from(i).unwrap_or(u32::MAX))
            })
            .collect();
        list.sort_unstable();
        list
    };
    let (olds, news) = (by_hash(&old.activity_rows), by_hash(&new.activity_rows));
    let mut used = vec![false; old.activity_rows.len()];
    let mut matched = vec![false; new.activity_rows.len()];
    // The end of the entries of `list` from `at` that share its hash.
    let block = |list: &[(u32, u32)], at: usize| -> usize {
        let h = list.get(at).map_or(0, |e| e.0);
        at + list
            .get(at..)
            .map_or(0, |rest| rest.partition_point(|e| e.0 == h))
    };
    let (mut a, mut b) = (0, 0);
    let (mut content, mut other) = (String::new(), String::new());
    while let (Some(&(ho, _)), Some(&(hn, _))) = (olds.get(a), news.get(b)) {
        let (a_end, b_end) = (block(&olds, a), block(&news, b));
        if ho < hn {
            a = a_end;
            continue;
        }
        if hn < ho {
            b = b_end;
            continue;
        }
        // New rows in their order, each taking the last old row of its
        // content not yet taken; taken rows gather at the block's end.
        let mut top = a_end;
        for &(_, j) in news.get(b..b_end).unwrap_or_default() {
            let Some(row) = new.activity_rows.get(j as usize) else {
                continue;
            };
            content.clear();
            row.push_content(&mut content);
            let taken = |at: usize| {
                olds.get(at)
                    .and_then(|(_, i)| used.get(*i as usize))
                    .copied()
                    .unwrap_or(true)
            };
            while top > a && taken(top - 1) {
                top -= 1;
            }
            let hit = (a..top).rev().find_map(|at| {
                let i = olds.get(at)?.1 as usize;
                if taken(at) {
                    return None;
                }
                other.clear();
                old.activity_rows.get(i)?.push_content(&mut other);
                (other == content).then_some(i)
            });
            if let Some(i) = hit {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                if let Some(m) = matched.get_mut(j as usize) {
                    *m = true;
                }
            }
        }
        (a, b) = (a_end, b_end);
    }
    let unmatched_new: Vec<(String, String)> = new
        .activity_rows
        .iter()
        .zip(&matched)
        .filter(|(_, matched)| !**matched)
        .map(|(r, _)| texts(r))
        .collect();
    let unmatched_old: Vec<(String, String)> = old
        .activity_rows
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(r, _)| texts(r))
        .collect();
    leftover_changes(unmatched_old, unmatched_new)
}

/// The rows no row of the other version took, as (place, content): those
/// at one place are one row changed, the others added or removed; each
/// list in row order.
fn leftover_changes(
    unmatched_old: Vec<(String, String)>,
    unmatched_new: Vec<(String, String)>,
) -> (Vec<RowChange>, Vec<RowChange>, Vec<RowChange>) {
    let mut rows_changed = Vec::new();
    let mut rows_added = Vec::new();
    // One place may hold several rows (files of one name in two folders):
    // each is paired or removed in turn, none dropped.
    let mut old_by_place: BTreeMap<String, std::collections::VecDeque<String>> = BTreeMap::new();
    for (place, content) in unmatched_old {
        old_by_place.entry(place).or_default().push_back(content);
    }
    for (place, content) in unmatched_new {
        match old_by_place
            .get_mut(&place)
            .and_then(std::collections::VecDeque::pop_front)
        {
            Some(before) => rows_changed.push(RowChange {
                kind: RowChangeKind::Changed,
                place,
                old: Some(before),
                new: Some(content),
            }),
            None => rows_added.push(RowChange {
                kind: RowChangeKind::Added,
                place,
                old: None,
                new: Some(content),
            }),
        }
    }
    let rows_removed = old_by_place
        .into_iter()
        .flat_map(|(place, contents)| {
            contents.into_iter().map(move |content| RowChange {
                kind: RowChangeKind::Removed,
                place: place.clone(),
                old: Some(content),
                new: None,
            })
        })
        .collect();
    let mut rows_removed: Vec<RowChange> = rows_removed;
    rows_changed.sort();
    rows_added.sort();
    for list in [&mut rows_changed, &mut rows_added, &mut rows_removed] {
        in_row_order(list);
    }
    (rows_added, rows_removed, rows_changed)
}

/// Rows in the order of their files: by file and sheet, then by row as a
/// number (as text, line 10 came before line 2, and the rows a change
/// line names were not the first).
fn in_row_order(list: &mut [RowChange]) {
    // Stable: rows of one place keep the order they were given in.
    list.sort_by_cached_key(|r| {
        super::Row::parse_place(&r.place).map_or_else(
            || (r.place.clone(), None, 0),
            |row| (row.file, row.sheet, row.row),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::{DateRange, Period};
    use crate::evaluate::{
        ActivityRow, AgreementInfo, Contributions, DataQuality, Row, Rules, Summary,
    };
    use chrono::NaiveDate;

    /// Words for the tests: the description as written, the outcome as the
    /// figure, the label as the start date.
    struct Plain;

    impl TargetWords for Plain {
        fn description(&self, t: &TargetResult) -> String {
            t.written.clone().unwrap_or_default()
        }
        fn outcome(&self, t: &TargetResult) -> String {
            t.achieved.to_string()
        }
        fn interval_label(&self, _: &Kind, i: &IntervalResult) -> String {
            i.from.format("%Y").to_string()
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn target(achieved: f64) -> TargetResult {
        TargetResult {
            kind: Kind::AtLeastPer {
                per: Period::Year,
                per_interval: 4.0,
                prorated: false,
            },
            written: Some("minst 4 per år".to_owned()),
            required: Some(1.0),
            achieved,
            total: achieved,
            noun: "insatser".to_owned(),
            noun_singular: "insats".to_owned(),
            status: Status::Met,
            intervals: Vec::new(),
            pace: None,
            missed_places: Vec::new(),
            judged: None,
            rows: Vec::new(),
            counting: crate::agreement::Counting::Sum,
            occasion_noun: false,
            not_counted: Vec::new(),
            elsewhere: Vec::new(),
            places_within: None,
        }
    }

    fn promise(id: &str, status: Status, targets: Vec<TargetResult>) -> PromiseResult {
        PromiseResult {
            id: id.to_owned(),
            area: "A".to_owned(),
            text: "text".to_owned(),
            responsible: "Polisen".to_owned(),
            partners: Vec::new(),
            status,
            targets,
            comment: None,
            next_step: None,
            comments: Vec::new(),
            contributions: Contributions::default(),
            activities: Vec::new(),
            rows_counted: 0,
        }
    }

    fn doc(status: Status, achieved: f64, rows: &[(&str, &str)]) -> Results {
        let year = DateRange::new(d(2023, 1, 1), d(2023, 12, 31)).unwrap();
        Results {
            schema: 1,
            lofte_version: "0".to_owned(),
            version: 2,
            agreement: AgreementInfo {
                kommun: Some("K".to_owned()),
                place: "K".to_owned(),
                district: None,
                parties: Vec::new(),
                effects: crate::agreement::Effects::default(),
                police_area: "P".to_owned(),
                title: None,
                period: year,
                deadline_text: None,
                deadline: None,
                diarienummer: None,
                signatories: Vec::new(),
                authors: Vec::new(),
                recipients: Vec::new(),
            },
            window: year,
            as_of: year.to,
            summary: Summary::default(),
            areas: Vec::new(),
            promises: vec![
                promise("K1", status, vec![target(achieved)]),
                promise("K2", Status::Met, Vec::new()),
            ],
            data_quality: DataQuality::default(),
            sources: Vec::new(),
            rules: Rules { part_met: 0.5 },
            activity_rows: rows
                .iter()
                .enumerate()
                .map(|(i, (place, content))| {
                    ActivityRow::written(
                        (*place).to_owned(),
                        (*content).to_owned(),
                        Row {
                            file: "a.xlsx".to_owned(),
                            sheet: None,
                            row: u32::try_from(i).unwrap() + 2,
                        },
                    )
                })
                .collect(),
            indicators: Vec::new(),
            changes: None,
            history: Vec::new(),
            rendering: None,
        }
    }

    /// An empty field of a schema-1 file was taken for one an earlier
    /// lofte did not write, whatever the file's schema: parties added
    /// between two current versions were "no change", and no new version
    /// was written.
    #[test]
    fn parties_added_between_current_versions_were_no_change() {
        let mut old = doc(Status::Met, 4.0, &[("a.xlsx!2", "x")]);
        old.schema = 2;
        let mut new = old.clone();
        new.agreement.parties = vec![crate::agreement::AgreementParty {
            name: "Skärholmens stadsdelsförvaltning".to_owned(),
            side: crate::agreement::Party::Municipality,
        }];
        let c = compare(&old, &new, &Plain);
        assert_eq!(
            c.agreement
                .iter()
                .map(|t| t.field.as_str())
                .collect::<Vec<_>>(),
            ["parties"]
        );
        // A schema-1 file without the field still reads as no change.
        old.schema = 1;
        new.schema = 1;
        assert!(compare(&old, &new, &Plain).agreement.is_empty());
    }

    /// `compare` looked at promises, rows, the agreement and indicators,
    /// never at the focus areas: an area's expected effects edited alone
    /// were "no change", and the report printing them was not written.
    #[test]
    fn an_areas_edited_effects_were_no_change() {
        let mut old = doc(Status::Met, 4.0, &[("a.xlsx!2", "x")]);
        old.areas = vec![AreaResult {
            id: "A".to_owned(),
            name: "Trygghet".to_owned(),
            description: None,
            effects: vec!["Fler känner sig trygga".to_owned()],
            promises: vec!["K1".to_owned()],
        }];
        let mut new = old.clone();
        new.areas[0].effects[0] = "Färre bostadsinbrott".to_owned();
        let c = compare(&old, &new, &Plain);
        assert!(!c.is_empty());
        assert_eq!(c.agreement.len(), 1);
        assert_eq!(c.agreement[0].field, "areas");
        assert_eq!(
            c.agreement[0].new.as_deref(),
            Some("Trygghet; Färre bostadsinbrott")
        );
        assert!(compare(&old, &old, &Plain).is_empty());
    }

    /// How rows were paired when every row of both reports was made into
    /// a place and a content string (the record `row_changes` must still
    /// give, now that it makes strings only of the rows left over), with
    /// every row of a place kept (see
    /// `a_removed_row_of_a_file_of_one_name_in_two_folders_was_lost`).
    fn paired_as_strings(
        old: &Results,
        new: &Results,
    ) -> (Vec<RowChange>, Vec<RowChange>, Vec<RowChange>) {
        let rows = |r: &Results| -> Vec<(String, String)> {
            r.activity_rows
                .iter()
                .map(|a| (a.place().into_owned(), a.content().into_owned()))
                .collect()
        };
        let old_rows = rows(old);
        let mut by_content: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, (_, content)) in old_rows.iter().enumerate() {
            by_content.entry(content.clone()).or_default().push(i);
        }
        let mut used = vec![false; old_rows.len()];
        let mut unmatched_new = Vec::new();
        for (place, content) in rows(new) {
            match by_content.get_mut(&content).and_then(Vec::pop) {
                Some(i) => used[i] = true,
                None => unmatched_new.push((place, content)),
            }
        }
        let mut old_by_place: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for ((place, content), used) in old_rows.into_iter().zip(used) {
            if !used {
                old_by_place.entry(place).or_default().push(content);
            }
        }
        let (mut changed, mut added) = (Vec::new(), Vec::new());
        for (place, content) in unmatched_new {
            let before = old_by_place
                .get_mut(&place)
                .filter(|l| !l.is_empty())
                .map(|l| l.remove(0));
            let (kind, old, list) = match before {
                Some(before) => (RowChangeKind::Changed, Some(before), &mut changed),
                None => (RowChangeKind::Added, None, &mut added),
            };
            list.push(RowChange {
                kind,
                place,
                old,
                new: Some(content),
            });
        }
        let removed = old_by_place
            .into_iter()
            .flat_map(|(place, contents)| {
                contents.into_iter().map(move |content| RowChange {
                    kind: RowChangeKind::Removed,
                    place: place.clone(),
                    old: Some(content),
                    new: None,
                })
            })
            .collect();
        changed.sort();
        added.sort();
        (added, removed, changed)
    }

    proptest::proptest! {
        /// Rows of few places and contents (the same content at several
        /// places, one place twice, as files of one name in two folders
        /// give) are paired as when every row was a string.
        #[test]
        fn rows_are_paired_as_when_every_row_was_a_string(
            old in proptest::collection::vec((0..6u8, 0..5u8), 0..24),
            new in proptest::collection::vec((0..6u8, 0..5u8), 0..24),
        ) {
            let texts = |rows: &[(u8, u8)]| -> Vec<(String, String)> {
                rows.iter()
                    .map(|(p, c)| (format!("a.csv, line {p}"), format!("2023-01-0{c} | K1 | 1 | x")))
                    .collect()
            };
            let (old, new) = (texts(&old), texts(&new));
            fn borrow(rows: &[(String, String)]) -> Vec<(&str, &str)> {
                rows.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect()
            }
            let old = doc(Status::Met, 4.0, &borrow(&old));
            let mut new = doc(Status::Met, 4.0, &borrow(&new));
            new.promises[0].targets[0].rows = (0..new.activity_rows.len())
                .step_by(2)
                .map(|i| u32::try_from(i).unwrap())
                .collect();
            proptest::prop_assert_eq!(row_changes(&old, &new), paired_as_strings(&old, &new));
            // A promise is named with the changed rows it counts, as when
            // each promise's places were collected whole.
            let c = compare(&old, &new, &Plain);
            let counted: BTreeSet<String> = new.promises[0].targets[0]
                .rows
                .iter()
                .map(|i| new.activity_rows[*i as usize].place().into_owned())
                .collect();
            let named: Vec<&RowChange> = c
                .rows_changed
                .iter()
                .chain(&c.rows_added)
                .chain(&c.rows_removed)
                .filter(|r| counted.contains(&r.place))
                .collect();
            let k1 = c.promises.iter().find(|p| p.id == "K1");
            proptest::prop_assert_eq!(
                k1.map(|p| p.rows.iter().collect::<Vec<_>>()).unwrap_or_default(),
                named
            );
            // Read back sifted, the earlier version gives the same record.
            let mut old = old;
            old.promises[0].targets[0].rows = (1..old.activity_rows.len())
                .step_by(2)
                .map(|i| u32::try_from(i).unwrap())
                .collect();
            proptest::prop_assert_eq!(sifted(&old, &new), compare(&old, &new, &Plain));
        }
    }

    /// The fingerprints of `results`' rows, as a report read back gives
    /// them.
    fn prints_of(results: &Results) -> super::super::RowPrints {
        let mut prints = super::super::RowPrints::default();
        for r in &results.activity_rows {
            prints
                .content
                .push(super::super::written::content_print(&r.content()));
            prints
                .place
                .push(super::super::written::place_print(&r.place()));
        }
        prints
    }

    /// `old` read back as `lofte report` run again reads it: its rows'
    /// fingerprints, then the rows the record may name; compared with
    /// `new`.
    fn sifted(old: &Results, new: &Results) -> Changes {
        let matching = RowMatch::of(prints_of(old), &new.activity_rows);
        let keep = matching.keep().map(<[bool]>::to_vec).unwrap_or_default();
        let mut read = old.clone();
        let kept: Vec<u32> = (0..old.activity_rows.len())
            .filter(|i| keep.get(*i).copied().unwrap_or(false))
            .map(|i| u32::try_from(i).unwrap())
            .collect();
        read.activity_rows = kept
            .iter()
            .map(|i| old.activity_rows[*i as usize].clone())
            .collect();
        compare_earlier(&matching.earlier(read, &kept), new, &Plain)
    }

    /// A re-run read the earlier version's million rows whole beside the
    /// new report's own (issue 19: a 1M-row re-run at twice the first
    /// run's memory). Sifted, a row inserted above the others, one
    /// corrected, one removed and one duplicated are said as from the
    /// whole file, and an unchanged version reads no row again.
    #[test]
    fn a_rerun_read_the_earlier_versions_rows_whole() {
        let rows: Vec<(String, String)> = (2..40)
            .map(|i| {
                (
                    format!("a.csv, line {i}"),
                    format!("2023-01-{:02} | K1 | 1 | x", i % 28 + 1),
                )
            })
            .collect();
        let borrow = |rows: &[(String, String)]| -> Vec<(String, String)> { rows.to_vec() };
        let as_refs = |rows: &[(String, String)]| -> Results {
            let refs: Vec<(&str, &str)> =
                rows.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
            doc(Status::Met, 4.0, &refs)
        };
        let mut old = as_refs(&rows);
        old.promises[0].targets[0].rows = (0..38).collect();
        let mut edited = borrow(&rows);
        edited.insert(
            0,
            (
                "a.csv, line 1".to_owned(),
                "2023-02-01 | K1 | 1 | y".to_owned(),
            ),
        );
        edited[10].1 = "2023-03-03 | K1 | 2 | x".to_owned();
        edited.remove(20);
        let dup = edited[5].clone();
        edited.push(("a.csv, line 99".to_owned(), dup.1));
        let mut new = as_refs(&edited);
        new.promises[0].targets[0].rows = (0..38).collect();
        let whole = compare(&old, &new, &Plain);
        assert!(!whole.rows_changed.is_empty() && !whole.rows_added.is_empty());
        assert_eq!(sifted(&old, &new), whole);

        let same = as_refs(&rows);
        assert!(
            RowMatch::of(prints_of(&old), &same.activity_rows)
                .keep()
                .is_none()
        );
    }

    /// Two rows at one place (files of one name in two folders) both gone
    /// from the new version: the change record kept one place per removed
    /// row and listed only the later, the other removal lost.
    #[test]
    fn a_removed_row_of_a_file_of_one_name_in_two_folders_was_lost() {
        let old = doc(
            Status::Met,
            4.0,
            &[
                ("logg.csv, line 2", "2023-01-02 | K1 | 1 | a"),
                ("logg.csv, line 2", "2023-01-02 | K1 | 1 | b"),
                ("logg.csv, line 3", "2023-01-03 | K1 | 1 | c"),
            ],
        );
        let new = doc(
            Status::Met,
            4.0,
            &[("logg.csv, line 3", "2023-01-03 | K1 | 1 | c")],
        );
        let c = compare(&old, &new, &Plain);
        let removed: Vec<(&str, Option<&str>)> = c
            .rows_removed
            .iter()
            .map(|r| (r.place.as_str(), r.old.as_deref()))
            .collect();
        assert_eq!(
            removed,
            [
                ("logg.csv, line 2", Some("2023-01-02 | K1 | 1 | a")),
                ("logg.csv, line 2", Some("2023-01-02 | K1 | 1 | b")),
            ]
        );
        // Both changed: each paired with a row of its place in turn.
        let new = doc(
            Status::Met,
            4.0,
            &[
                ("logg.csv, line 2", "2023-01-02 | K1 | 2 | a"),
                ("logg.csv, line 2", "2023-01-02 | K1 | 2 | b"),
                ("logg.csv, line 3", "2023-01-03 | K1 | 1 | c"),
            ],
        );
        let c = compare(&old, &new, &Plain);
        assert!(
            c.rows_removed.is_empty() && c.rows_added.is_empty(),
            "{c:?}"
        );
        let changed: Vec<(Option<&str>, Option<&str>)> = c
            .rows_changed
            .iter()
            .map(|r| (r.old.as_deref(), r.new.as_deref()))
            .collect();
        assert_eq!(
            changed,
            [
                (
                    Some("2023-01-02 | K1 | 1 | a"),
                    Some("2023-01-02 | K1 | 2 | a")
                ),
                (
                    Some("2023-01-02 | K1 | 1 | b"),
                    Some("2023-01-02 | K1 | 2 | b")
                ),
            ]
        );
    }

    /// A total target of `noun` with its description as written.
    fn total(noun: &str, required: f64, achieved: f64) -> TargetResult {
        TargetResult {
            kind: Kind::Total {
                agreement_ends: None,
            },
            written: Some(format!("minst {required} under perioden")),
            required: Some(required),
            noun: noun.to_owned(),
            ..target(achieved)
        }
    }

    /// Targets were paired by their place in the list: one written before
    /// another was said to have the other's figure, and the other to be
    /// new; two swapped were both edited.
    #[test]
    fn a_target_added_before_another_was_paired_by_position() {
        let mut old = doc(Status::PartlyMet, 4.0, &[]);
        old.promises[0].targets = vec![total("helgvandringar", 10.0, 6.0)];
        let mut new = old.clone();
        new.promises[0].targets = vec![
            total("föräldramöten", 4.0, 4.0),
            total("helgvandringar", 10.0, 6.0),
        ];
        let c = compare(&old, &new, &Plain);
        let p = &c.promises[0];
        assert!(p.texts.is_empty(), "{:?}", p.texts);
        assert_eq!(p.figures.len(), 1, "{:?}", p.figures);
        assert_eq!(p.figures[0].target, 0);
        assert_eq!(p.figures[0].noun, "föräldramöten");
        assert_eq!(
            (p.figures[0].old_achieved, p.figures[0].new_achieved),
            (None, Some(4.0))
        );
        // Removed: the old index, no new figure.
        let c = compare(&new, &old, &Plain);
        let f = &c.promises[0].figures;
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].target, f[0].new_achieved), (0, None));
        // Swapped: nothing.
        let mut swapped = new.clone();
        swapped.promises[0].targets.reverse();
        assert!(compare(&new, &swapped, &Plain).is_empty());
        // A number edited stays one target, edited.
        let mut raised = old.clone();
        raised.promises[0].targets[0] = total("helgvandringar", 12.0, 6.0);
        let c = compare(&old, &raised, &Plain);
        let p = &c.promises[0];
        assert_eq!(p.texts.len(), 1, "{:?}", p.texts);
        assert_eq!(p.texts[0].field, "description");
        assert_eq!(p.figures[0].old_achieved, Some(6.0));
    }

    /// The periods of a per-place target were keyed by their start, which
    /// every place shares: only the last place was compared.
    #[test]
    fn per_place_changes_kept_only_the_last_place() {
        let place = |name: &str, achieved: f64| IntervalResult {
            from: d(2023, 1, 1),
            to: d(2023, 12, 31),
            place: Some(name.to_owned()),
            achieved,
            required: Some(1.0),
            met: Some(achieved >= 1.0),
            partly: false,
        };
        let mut old = doc(Status::Met, 3.0, &[]);
        old.promises[0].targets[0].intervals =
            vec![place("Coop", 1.0), place("ICA", 1.0), place("OKQ8", 1.0)];
        let mut new = old.clone();
        new.promises[0].targets[0].intervals =
            vec![place("Coop", 0.0), place("ICA", 2.0), place("OKQ8", 1.0)];
        struct Places;
        impl TargetWords for Places {
            fn description(&self, t: &TargetResult) -> String {
                Plain.description(t)
            }
            fn outcome(&self, t: &TargetResult) -> String {
                Plain.outcome(t)
            }
            fn interval_label(&self, _: &Kind, i: &IntervalResult) -> String {
                i.place.clone().unwrap_or_default()
            }
        }
        let c = compare(&old, &new, &Places);
        let changed: Vec<(&str, Option<f64>, Option<f64>)> = c.promises[0].figures[0]
            .intervals
            .iter()
            .map(|i| (i.label.as_str(), i.old, i.new))
            .collect();
        assert_eq!(
            changed,
            [
                ("Coop", Some(1.0), Some(0.0)),
                ("ICA", Some(1.0), Some(2.0))
            ]
        );
    }

    /// The part-met share edited moved a target's verdict with no row
    /// changed: it is named among the agreement's edits, and the target's
    /// verdict kept.
    #[test]
    fn a_targets_verdict_changed_under_an_unchanged_status_was_not_said() {
        let old = doc(Status::PartlyMet, 4.0, &[]);
        let mut new = old.clone();
        new.rules.part_met = 0.7;
        new.promises[0].targets[0].status = Status::NotMet;
        let c = compare(&old, &new, &Plain);
        assert_eq!(
            c.agreement,
            vec![TextChange {
                field: "part_met".to_owned(),
                target: None,
                old: Some("0.5".to_owned()),
                new: Some("0.7".to_owned()),
            }]
        );
        let f = &c.promises[0].figures[0];
        assert_eq!(
            (f.old_status, f.new_status),
            (Some(Status::Met), Some(Status::NotMet))
        );
    }

    /// Rows were sorted as text: line 10 before line 2.
    #[test]
    fn change_rows_were_sorted_as_text() {
        let places: Vec<String> = (2..=12).map(|l| format!("k.csv, line {l}")).collect();
        let rows = |v: &str| -> Vec<(String, String)> {
            places
                .iter()
                .map(|p| (p.clone(), format!("{p} {v}")))
                .collect()
        };
        let (a, b) = (rows("a"), rows("b"));
        fn borrow(r: &[(String, String)]) -> Vec<(&str, &str)> {
            r.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect()
        }
        let old = doc(Status::Met, 4.0, &borrow(&a));
        let new = doc(Status::Met, 4.0, &borrow(&b));
        let c = compare(&old, &new, &Plain);
        let got: Vec<&str> = c.rows_changed.iter().map(|r| r.place.as_str()).collect();
        assert_eq!(got, places);
        let c = compare(&old, &doc(Status::Met, 4.0, &[]), &Plain);
        let got: Vec<&str> = c.rows_removed.iter().map(|r| r.place.as_str()).collect();
        assert_eq!(got, places);
    }

    #[test]
    fn identical_documents_have_no_changes() {
        let a = doc(Status::Met, 4.0, &[("a.xlsx!2", "x"), ("a.xlsx!3", "y")]);
        assert!(compare(&a, &a, &Plain).is_empty());
    }

    #[test]
    fn a_changed_cell_changes_one_promise_and_one_row() {
        let old = doc(
            Status::Met,
            4.0,
            &[
                ("a.xlsx!2", "2023-01-02 K1 1"),
                ("a.xlsx!3", "2023-02-02 K1 1"),
            ],
        );
        let new = doc(
            Status::PartlyMet,
            3.0,
            &[
                ("a.xlsx!2", "2023-01-02 K1 1"),
                ("a.xlsx!3", "2024-02-02 K1 1"),
            ],
        );
        let c = compare(&old, &new, &Plain);
        assert_eq!(c.since_version, 2);
        assert_eq!(c.promises.len(), 1);
        assert_eq!(c.promises[0].id, "K1");
        assert_eq!(c.promises[0].old_status, Some(Status::Met));
        assert_eq!(c.promises[0].figures[0].new_achieved, Some(3.0));
        assert_eq!(c.rows_changed.len(), 1);
        assert!(c.rows_added.is_empty() && c.rows_removed.is_empty());
    }

    #[test]
    fn an_inserted_row_is_one_addition_not_a_cascade() {
        let old = doc(Status::Met, 4.0, &[("a!2", "r1"), ("a!3", "r2")]);
        let new = doc(
            Status::Met,
            4.0,
            &[("a!2", "new"), ("a!3", "r1"), ("a!4", "r2")],
        );
        let c = compare(&old, &new, &Plain);
        assert_eq!(c.rows_added.len(), 1);
        assert_eq!(c.rows_added[0].new.as_deref(), Some("new"));
        assert!(c.rows_changed.is_empty() && c.rows_removed.is_empty());
    }

    #[test]
    fn a_changed_comment_alone_is_a_change() {
        let old = doc(Status::Met, 4.0, &[("a!2", "r1")]);
        let mut new = old.clone();
        new.promises[0].comment = Some("ny kommentar".to_owned());
        let c = compare(&old, &new, &Plain);
        assert!(!c.is_empty());
        assert_eq!(c.promises.len(), 1);
        assert_eq!(
            c.promises[0].texts,
            vec![TextChange {
                field: "comment".to_owned(),
                target: None,
                old: None,
                new: Some("ny kommentar".to_owned()),
            }]
        );
    }

    #[test]
    fn a_changed_requirement_is_an_edit_of_the_promise_file() {
        let old = doc(Status::Met, 4.0, &[]);
        let mut new = old.clone();
        new.promises[0].targets[0].kind = Kind::AtLeastPer {
            per: Period::Month,
            per_interval: 5.0,
            prorated: false,
        };
        let c = compare(&old, &new, &Plain);
        let fields: Vec<(&str, Option<&str>, Option<&str>)> = c.promises[0]
            .texts
            .iter()
            .map(|t| (t.field.as_str(), t.old.as_deref(), t.new.as_deref()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("per_interval", Some("4"), Some("5")),
                ("per", Some("year"), Some("month")),
            ]
        );
    }

    #[test]
    fn a_changed_period_is_named_with_its_rows() {
        let mut old = doc(
            Status::PartlyMet,
            3.0,
            &[("a.xlsx, sheet \"2023\", row 14", "x 2")],
        );
        old.promises[0].targets[0].intervals = vec![IntervalResult {
            from: d(2023, 1, 1),
            to: d(2023, 12, 31),
            place: None,
            achieved: 3.0,
            required: Some(4.0),
            met: Some(false),
            partly: true,
        }];
        old.promises[0].targets[0].rows = vec![0];
        let mut new = old.clone();
        new.promises[0].status = Status::Met;
        new.promises[0].targets[0].intervals[0].achieved = 4.0;
        new.activity_rows[0] = ActivityRow::written(
            old.activity_rows[0].place().into_owned(),
            "x 3".to_owned(),
            old.activity_rows[0].row(),
        );
        let c = compare(&old, &new, &Plain);
        let p = &c.promises[0];
        assert_eq!(
            p.figures[0].intervals,
            vec![IntervalChange {
                label: "2023".to_owned(),
                old: Some(3.0),
                new: Some(4.0)
            }]
        );
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].kind, RowChangeKind::Changed);
        assert_eq!(p.rows[0].place, "a.xlsx, sheet \"2023\", row 14");
    }
}

//! What changed between two versions of a report: promises whose figures,
//! periods or status moved, edits to the promise file (texts, comments,
//! targets, dates), and activity rows added, removed or changed, each tied
//! to the promises it counts toward. Works on the results JSON of both
//! versions, so an old version needs nothing but its JSON (or the PDF it is
//! attached to). Only figures and names leave here: the sentences are made
//! in render, in the report's language.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One period of a target whose figure differs ("2023: 3 → 4").
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextChange {
    /// The field's JSON name (`text`, `comment`, `next_step`, `description`,
    /// `required`, `judged`, `title`, `deadline_text` …).
    pub field: String,
    /// 0-based target index, for a target's fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<usize>,
    /// Before, as text (`null` when absent).
    pub old: Option<String>,
    /// Now, as text (`null` when absent).
    pub new: Option<String>,
}

/// The record of one version: when it was made, on what date basis, and
/// why (`--note`). Every version carries the records of those before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct VersionRecord {
    /// The version number.
    pub version: u32,
    /// The date the version was made, ISO 8601.
    pub date: String,
    /// Where the date comes from: `date_flag` (`--date`),
    /// `source_date_epoch` (the environment variable) or `as_of` (the
    /// report's as-of date, when neither is given).
    pub date_source: String,
    /// The reasons given with `--note`, in order.
    pub notes: Vec<String>,
}

/// One figure of a target that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureChange {
    /// 0-based index of the target in the promise.
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
    /// The target's status before and now.
    pub old_status: Option<String>,
    /// The target's status now.
    pub new_status: Option<String>,
    /// Periods whose figure differs.
    pub intervals: Vec<IntervalChange>,
}

/// A promise whose status or figures differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PromiseChange {
    /// Promise id.
    pub id: String,
    /// Status before (`null` when the promise is new).
    pub old_status: Option<String>,
    /// Status now (`null` when the promise is gone).
    pub new_status: Option<String>,
    /// Figures that differ.
    pub figures: Vec<FigureChange>,
    /// Edits to the promise in the promise file.
    pub texts: Vec<TextChange>,
    /// Activity rows counted toward the promise (in either version) that
    /// were added, removed or changed.
    pub rows: Vec<RowChange>,
}

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// At the same place, with other content.
    Changed,
}

/// An activity row as both versions record it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
/// 2019 14; …".
fn indicator_text(list: &[Value]) -> String {
    list.iter()
        .map(|i| {
            let name = i.get("name").and_then(text).unwrap_or_default();
            let values: Vec<String> = i
                .get("values")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|v| {
                    let year = v.get("year").and_then(text).unwrap_or_default();
                    let value = v.get("value").and_then(value_text).unwrap_or_default();
                    format!("{year} {value}")
                })
                .collect();
            format!("{name}: {}", values.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn promises(results: &Value) -> BTreeMap<String, &Value> {
    results
        .get("promises")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|p| Some((p.get("id")?.as_str()?.to_owned(), p)))
                .collect()
        })
        .unwrap_or_default()
}

/// `(place, content)` of every activity row the results list.
fn rows(results: &Value) -> Vec<(String, String)> {
    let Some(list) = results.get("activity_rows").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .map(|r| {
            let place = r.get("place").and_then(text).unwrap_or_default();
            let content = r.get("content").and_then(text).unwrap_or_default();
            (place, content)
        })
        .collect()
}

/// A JSON value as the text a reader sees: strings as they are, a date
/// range as "från – till", lists joined, numbers without trailing zeros.
pub fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(
            n.as_f64()
                .map(|x| {
                    if x.fract() == 0.0 && x.abs() < 1e15 {
                        format!("{x:.0}")
                    } else {
                        x.to_string()
                    }
                })
                .unwrap_or_else(|| n.to_string()),
        ),
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

/// The place string `activity_rows` uses for a target's row reference
/// (`{"file", "sheet", "row"}`), the file named without its folders.
fn row_place(r: &Value) -> Option<String> {
    let file = r.get("file")?.as_str()?;
    let file = std::path::Path::new(file)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_owned());
    let row = u32::try_from(r.get("row")?.as_u64()?).ok()?;
    let sheet = r.get("sheet").and_then(Value::as_str);
    Some(crate::diag::Location::row(file, sheet, row.saturating_sub(1)).to_string())
}

/// Every row place a promise's targets counted.
fn promise_rows(p: Option<&Value>) -> std::collections::BTreeSet<String> {
    p.and_then(|p| p.get("targets"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("rows").and_then(Value::as_array))
        .flatten()
        .filter_map(row_place)
        .collect()
}

/// Fields of a promise, and of each target, that come from the promise
/// file: an edit to any of them is a change even when no figure moves.
const PROMISE_FIELDS: [&str; 6] = [
    "text",
    "area",
    "responsible",
    "partners",
    "comment",
    "next_step",
];
const TARGET_FIELDS: [&str; 5] = ["description", "kind", "per_interval", "per", "judged"];

fn field_changes(
    old: Option<&Value>,
    new: Option<&Value>,
    fields: &[&str],
    target: Option<usize>,
) -> Vec<TextChange> {
    let (Some(old), Some(new)) = (old, new) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|f| {
            let (o, n) = (
                old.get(*f).unwrap_or(&Value::Null),
                new.get(*f).unwrap_or(&Value::Null),
            );
            (o != n).then(|| TextChange {
                field: (*f).to_owned(),
                target,
                old: value_text(o),
                new: value_text(n),
            })
        })
        .collect()
}

fn interval_changes(old: Option<&Value>, new: Option<&Value>) -> Vec<IntervalChange> {
    let list = |t: Option<&Value>| -> Vec<(String, String, Option<f64>)> {
        t.and_then(|t| t.get("intervals"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|i| {
                (
                    i.get("from").and_then(text).unwrap_or_default(),
                    i.get("label").and_then(text).unwrap_or_default(),
                    i.get("achieved").and_then(Value::as_f64),
                )
            })
            .collect()
    };
    let before: BTreeMap<String, (String, Option<f64>)> = list(old)
        .into_iter()
        .map(|(from, label, a)| (from, (label, a)))
        .collect();
    let after: BTreeMap<String, (String, Option<f64>)> = list(new)
        .into_iter()
        .map(|(from, label, a)| (from, (label, a)))
        .collect();
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let o = before.get(k);
            let n = after.get(k);
            let (ov, nv) = (o.and_then(|x| x.1), n.and_then(|x| x.1));
            (ov != nv).then(|| IntervalChange {
                label: n.or(o).map(|x| x.0.clone()).unwrap_or_default(),
                old: ov,
                new: nv,
            })
        })
        .collect()
}

/// Compares an old results document with a new one.
pub fn compare(old: &Value, new: &Value) -> Changes {
    let since_version = old
        .get("version")
        .and_then(Value::as_u64)
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(1);
    let window_changed =
        old.get("window") != new.get("window") || old.get("as_of") != new.get("as_of");

    let (rows_added, rows_removed, rows_changed) = row_changes(old, new);

    let old_promises = promises(old);
    let new_promises = promises(new);
    let mut ids: Vec<&String> = old_promises.keys().chain(new_promises.keys()).collect();
    ids.sort();
    ids.dedup();
    let mut promise_changes = Vec::new();
    for id in ids {
        let before = old_promises.get(id).copied();
        let after = new_promises.get(id).copied();
        let status = |p: Option<&Value>| p.and_then(|p| p.get("status")).and_then(text);
        let targets = |p: Option<&Value>| -> Vec<Value> {
            p.and_then(|p| p.get("targets"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (old_t, new_t) = (targets(before), targets(after));
        let mut figures = Vec::new();
        let mut texts = field_changes(before, after, &PROMISE_FIELDS, None);
        for i in 0..old_t.len().max(new_t.len()) {
            let o = old_t.get(i);
            let n = new_t.get(i);
            texts.extend(field_changes(o, n, &TARGET_FIELDS, Some(i)));
            let get = |t: Option<&Value>, key: &str| t.and_then(|t| t.get(key)).cloned();
            let intervals = interval_changes(o, n);
            let differs = ["achieved", "required", "total", "outcome_text", "status"]
                .iter()
                .any(|k| get(o, k) != get(n, k))
                || !intervals.is_empty();
            if differs {
                figures.push(FigureChange {
                    target: i,
                    description: get(n.or(o), "description")
                        .as_ref()
                        .and_then(text)
                        .unwrap_or_default(),
                    old_achieved: get(o, "achieved").and_then(|v| v.as_f64()),
                    new_achieved: get(n, "achieved").and_then(|v| v.as_f64()),
                    old_text: get(o, "outcome_text").as_ref().and_then(text),
                    new_text: get(n, "outcome_text").as_ref().and_then(text),
                    old_total: get(o, "total").and_then(|v| v.as_f64()),
                    new_total: get(n, "total").and_then(|v| v.as_f64()),
                    noun: get(n.or(o), "noun")
                        .as_ref()
                        .and_then(text)
                        .unwrap_or_default(),
                    old_status: get(o, "status").as_ref().and_then(text),
                    new_status: get(n, "status").as_ref().and_then(text),
                    intervals,
                });
            }
        }
        let places: std::collections::BTreeSet<String> = promise_rows(before)
            .union(&promise_rows(after))
            .cloned()
            .collect();
        let rows: Vec<RowChange> = rows_changed
            .iter()
            .chain(&rows_added)
            .chain(&rows_removed)
            .filter(|r| places.contains(&r.place))
            .cloned()
            .collect();
        let (old_status, new_status) = (status(before), status(after));
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

    let mut agreement: Vec<TextChange> = match (old.get("agreement"), new.get("agreement")) {
        (Some(Value::Object(o)), Some(Value::Object(n))) => {
            // A field one side lacks is one a lofte of another version
            // does not write (every field is always written): not an edit.
            let mut keys: Vec<&String> = o.keys().filter(|k| n.contains_key(*k)).collect();
            keys.sort();
            keys.into_iter()
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
    let indicators = |v: &Value| match v.get("indicators") {
        Some(Value::Array(list)) if !list.is_empty() => Some(indicator_text(list)),
        _ => None,
    };
    if indicators(old) != indicators(new) {
        agreement.push(TextChange {
            field: "indicators".to_owned(),
            target: None,
            old: indicators(old),
            new: indicators(new),
        });
    }

    Changes {
        since_version,
        promises: promise_changes,
        rows_added,
        rows_removed,
        rows_changed,
        agreement,
        window_changed,
    }
}

/// Rows: identical content anywhere is unchanged (a row inserted above
/// must not make every later row "changed"); what is left is paired by
/// place (changed) or stands alone (added, removed).
fn row_changes(old: &Value, new: &Value) -> (Vec<RowChange>, Vec<RowChange>, Vec<RowChange>) {
    let mut old_rows = rows(old);
    let mut new_rows = rows(new);
    let mut unmatched_new = Vec::new();
    let mut by_content: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (_, content)) in old_rows.iter().enumerate() {
        by_content.entry(content.clone()).or_default().push(i);
    }
    let mut used = vec![false; old_rows.len()];
    for (place, content) in new_rows.drain(..) {
        let hit = by_content.get_mut(&content).and_then(|v| v.pop());
        match hit {
            Some(i) => {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
            None => unmatched_new.push((place, content)),
        }
    }
    let unmatched_old: Vec<(String, String)> = old_rows
        .drain(..)
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(r, _)| r)
        .collect();
    let mut rows_changed = Vec::new();
    let mut rows_added = Vec::new();
    let mut old_by_place: BTreeMap<String, String> = unmatched_old.into_iter().collect();
    for (place, content) in unmatched_new {
        match old_by_place.remove(&place) {
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
        .map(|(place, content)| RowChange {
            kind: RowChangeKind::Removed,
            place,
            old: Some(content),
            new: None,
        })
        .collect();
    rows_changed.sort();
    rows_added.sort();
    (rows_added, rows_removed, rows_changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(status: &str, achieved: f64, rows: &[(&str, &str)]) -> Value {
        json!({
            "version": 2,
            "window": {"from": "2023-01-01", "to": "2023-12-31"},
            "as_of": "2023-12-31",
            "promises": [
                {"id": "K1", "status": status, "targets": [{"description": "minst 4 per år", "achieved": achieved, "outcome_text": "x"}]},
                {"id": "K2", "status": "met", "targets": []}
            ],
            "activity_rows": rows.iter().map(|(p, c)| json!({"place": p, "content": c})).collect::<Vec<_>>()
        })
    }

    #[test]
    fn identical_documents_have_no_changes() {
        let a = doc("met", 4.0, &[("a.xlsx!2", "x"), ("a.xlsx!3", "y")]);
        assert!(compare(&a, &a).is_empty());
    }

    #[test]
    fn a_changed_cell_changes_one_promise_and_one_row() {
        let old = doc(
            "met",
            4.0,
            &[
                ("a.xlsx!2", "2023-01-02 K1 1"),
                ("a.xlsx!3", "2023-02-02 K1 1"),
            ],
        );
        let new = doc(
            "partly_met",
            3.0,
            &[
                ("a.xlsx!2", "2023-01-02 K1 1"),
                ("a.xlsx!3", "2024-02-02 K1 1"),
            ],
        );
        let c = compare(&old, &new);
        assert_eq!(c.since_version, 2);
        assert_eq!(c.promises.len(), 1);
        assert_eq!(c.promises[0].id, "K1");
        assert_eq!(c.promises[0].old_status.as_deref(), Some("met"));
        assert_eq!(c.promises[0].figures[0].new_achieved, Some(3.0));
        assert_eq!(c.rows_changed.len(), 1);
        assert!(c.rows_added.is_empty() && c.rows_removed.is_empty());
    }

    #[test]
    fn an_inserted_row_is_one_addition_not_a_cascade() {
        let old = doc("met", 4.0, &[("a!2", "r1"), ("a!3", "r2")]);
        let new = doc("met", 4.0, &[("a!2", "new"), ("a!3", "r1"), ("a!4", "r2")]);
        let c = compare(&old, &new);
        assert_eq!(c.rows_added.len(), 1);
        assert_eq!(c.rows_added[0].new.as_deref(), Some("new"));
        assert!(c.rows_changed.is_empty() && c.rows_removed.is_empty());
    }

    #[test]
    fn a_changed_comment_alone_is_a_change() {
        let old = doc("met", 4.0, &[("a!2", "r1")]);
        let mut new = old.clone();
        new["promises"][0]["comment"] = json!("ny kommentar");
        let c = compare(&old, &new);
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
    fn a_changed_period_is_named_with_its_rows() {
        let mut old = doc(
            "partly_met",
            3.0,
            &[("a.xlsx, sheet \"2023\", row 14", "x 2")],
        );
        old["promises"][0]["targets"][0]["intervals"] =
            json!([{"from": "2023-01-01", "label": "2023", "achieved": 3.0}]);
        old["promises"][0]["targets"][0]["rows"] =
            json!([{"file": "/data/a.xlsx", "sheet": "2023", "row": 14}]);
        let mut new = old.clone();
        new["promises"][0]["status"] = json!("met");
        new["promises"][0]["targets"][0]["intervals"][0]["achieved"] = json!(4.0);
        new["activity_rows"][0]["content"] = json!("x 3");
        let c = compare(&old, &new);
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

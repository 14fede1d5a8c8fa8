//! What changed between two versions of a report: promises whose figures
//! or status moved, and activity rows added, removed or changed. Works on
//! the results JSON of both versions, so an old version needs nothing but
//! its JSON (or the PDF it is attached to).

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

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
}

/// An activity row as both versions record it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RowChange {
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
            && !self.window_changed
    }
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

/// Compares an old results document with a new one.
pub fn compare(old: &Value, new: &Value) -> Changes {
    let since_version = old
        .get("version")
        .and_then(Value::as_u64)
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(1);
    let window_changed =
        old.get("window") != new.get("window") || old.get("as_of") != new.get("as_of");

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
        for i in 0..old_t.len().max(new_t.len()) {
            let o = old_t.get(i);
            let n = new_t.get(i);
            let get = |t: Option<&Value>, key: &str| t.and_then(|t| t.get(key)).cloned();
            let differs = ["achieved", "required", "total", "outcome_text", "status"]
                .iter()
                .any(|k| get(o, k) != get(n, k));
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
                });
            }
        }
        let (old_status, new_status) = (status(before), status(after));
        if old_status != new_status || !figures.is_empty() {
            promise_changes.push(PromiseChange {
                id: id.clone(),
                old_status,
                new_status,
                figures,
            });
        }
    }

    // Rows: identical content anywhere is unchanged (a row inserted above
    // must not make every later row "changed"); what is left is paired by
    // place (changed) or stands alone (added, removed).
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
                place,
                old: Some(before),
                new: Some(content),
            }),
            None => rows_added.push(RowChange {
                place,
                old: None,
                new: Some(content),
            }),
        }
    }
    let rows_removed = old_by_place
        .into_iter()
        .map(|(place, content)| RowChange {
            place,
            old: Some(content),
            new: None,
        })
        .collect();
    rows_changed.sort();
    rows_added.sort();

    Changes {
        since_version,
        promises: promise_changes,
        rows_added,
        rows_removed,
        rows_changed,
        window_changed,
    }
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
}

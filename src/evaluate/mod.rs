//! Stage 3, evaluate: pure. (agreement, activities, window, as-of date) →
//! [`Results`]. No files, no clock, no randomness: the same inputs give the
//! same results, whatever the row order.
//!
//! Counting rules (also stated in `docs/counting-rules.md` and the report):
//! calendar intervals lying wholly inside the window are judged, edge
//! intervals are shown but not judged; every-N blocks start at the window's
//! first whole week or month; averages divide by days ÷ 7 (or days); a
//! figure reaching the part-met share of its requirement is part met.

mod changes;
mod results;

pub use changes::{Changes, FigureChange, PromiseChange, RowChange, compare};

pub use results::*;

mod intervals;

pub use intervals::{block_label, label as interval_label};
mod targets;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::agreement::{Agreement, DateRange, Party, Promise, TargetKind};
use crate::diag::{Diagnostic, nearest};
use crate::ingest::{Activity, Ingested, RowRef};
use targets::{Context, Counted};

/// Results and the problems found while matching rows to promises.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The evaluated report.
    pub results: Results,
    /// Errors (an unknown promise id) and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// A promise id as compared: case, spaces (also no-break and zero-width
/// ones, which Excel and copied web text leave behind) ignored, so "K 1",
/// "k1" and "K1\u{a0}" are K1, as docs/counting-rules.md says.
fn id_key(s: &str) -> String {
    id_chars(s).collect()
}

fn id_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{a0}'
                )
        })
        .flat_map(char::to_lowercase)
}

/// `id_key(a) == id_key(b)` without allocating: it runs for every row and
/// every promise.
fn same_id(a: &str, b: &str) -> bool {
    // The common cases first, with std's own comparison.
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let spaced = |s: &str| s.bytes().any(|c| c.is_ascii_whitespace());
    if a.is_ascii() && b.is_ascii() && !spaced(a) && !spaced(b) {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        fn strip(s: &str) -> impl Iterator<Item = u8> + '_ {
            s.bytes()
                .filter(|c| !c.is_ascii_whitespace())
                .map(|c| c.to_ascii_lowercase())
        }
        return strip(a).eq(strip(b));
    }
    id_chars(a).eq(id_chars(b))
}

/// Which parties an Ansvarig/Deltagare cell names. "Gemensamt" and
/// "tillsammans" name both; the municipality's services (socialtjänst,
/// skola, fritid …) count as the municipality.
pub fn parties(cell: &str) -> BTreeSet<Party> {
    let text = fold(cell);
    let mut out = BTreeSet::new();
    if text.contains("gemensam") || text.contains("tillsammans") || text.contains("båda") {
        out.insert(Party::Police);
        out.insert(Party::Municipality);
    }
    if text.contains("polis") {
        out.insert(Party::Police);
    }
    const MUNICIPAL: [&str; 9] = [
        "kommun",
        "socialtjänst",
        "ifo",
        "skola",
        "fritid",
        "samordnare",
        "strateg",
        "brå",
        "ungdom",
    ];
    if MUNICIPAL.iter().any(|m| text.contains(m)) {
        out.insert(Party::Municipality);
    }
    out
}

/// Whether a row counts toward `promise`: its Löfte names the promise, or
/// (with no Löfte) its Aktivitet is one of the promise's activity types or
/// of one of its targets'.
fn matches(promise: &Promise, activity: &Activity) -> bool {
    match activity
        .promise
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(id) => promise.matching.ids.iter().any(|p| same_id(p, id)),
        None => activity.activity.as_deref().is_some_and(|a| {
            promise.matching.activities.iter().any(|x| same_text(x, a))
                || promise
                    .targets
                    .iter()
                    .any(|t| t.activities.iter().any(|x| same_text(x, a)))
        }),
    }
}

/// `fold(a) == fold(b)` without allocating: matching runs for every row
/// and every promise.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The number a row adds to a target: Antal, or the target's quantity column.
fn value(activity: &Activity, quantity: Option<&str>, warnings: &mut Vec<Diagnostic>) -> f64 {
    match quantity {
        None => activity.count as f64,
        Some(column) => match activity.extra_number(column) {
            Some(extra) => match extra.number {
                Some(x) if x.is_finite() && x >= 0.0 => x,
                _ if extra.text.trim().is_empty() => 0.0,
                _ => {
                    warnings.push(
                        Diagnostic::warning(
                            "bad-quantity",
                            format!("column \"{column}\" should hold a number; the row adds 0"),
                        )
                        .at(activity.source.cell(extra.column))
                        .found(extra.text.clone())
                        .hint("write the number alone, such as 12 or 12,5; remarks belong in the column \"Kommentar\""),
                    );
                    0.0
                }
            },
            None => 0.0,
        },
    }
}

fn to_counted<'a>(
    a: &&'a Activity,
    quantity: Option<&str>,
    warnings: &mut Vec<Diagnostic>,
) -> Counted<'a> {
    let a: &'a Activity = a;
    Counted {
        date: a.date,
        value: value(a, quantity, warnings),
        place: a.place.as_deref(),
        source: &a.source,
    }
}

/// Evaluates every promise of `agreement` over `window` as of `as_of`.
pub fn evaluate(
    agreement: &Agreement,
    ingested: &Ingested,
    window: DateRange,
    as_of: NaiveDate,
) -> Evaluation {
    let mut diagnostics = Vec::new();
    let mut warnings = Vec::new();
    let known: Vec<&str> = agreement
        .promises
        .iter()
        .flat_map(|p| p.matching.ids.iter().map(String::as_str))
        .collect();
    let known_folded: BTreeSet<String> = known.iter().map(|k| id_key(k)).collect();

    // Rows with an unknown Löfte are errors: counting them nowhere would
    // silently lower a figure.
    let mut valid: Vec<&Activity> = Vec::new();
    for a in &ingested.activities {
        if let Some(id) = a.promise.as_deref().filter(|s| !s.trim().is_empty())
            && !known_folded.contains(&id_key(id))
        {
            let mut d = Diagnostic::error(
                "unknown-promise",
                format!("no promise has the id \"{}\"", id.trim()),
            )
            .at(a
                .columns
                .promise
                .map_or_else(|| a.source.location(), |c| a.source.cell(c)))
            .found(id.trim())
            .expected(format!("one of: {}", known.join(", ")));
            if let Some(near) = nearest(id.trim(), known.iter().copied()) {
                d = d.hint(format!("did you mean {near}?"));
            }
            diagnostics.push(d);
            continue;
        }
        valid.push(a);
    }

    let in_window = |a: &Activity| window.contains(a.date) && a.date <= as_of;
    let mut dq = DataQuality {
        rows_read: ingested.activities.len() as u64,
        excluded: ingested.excluded.clone(),
        ..DataQuality::default()
    };
    dq.rows_outside_window = valid.iter().filter(|a| !window.contains(a.date)).count() as u64;
    dq.rows_after_as_of = valid
        .iter()
        .filter(|a| window.contains(a.date) && a.date > as_of)
        .count() as u64;

    // Rows counted toward any promise, each once. Identified by address:
    // comparing their file names was the costliest part of evaluation.
    let mut counted_seen: std::collections::HashSet<*const Activity> =
        std::collections::HashSet::new();
    let mut counted_rows: Vec<&RowRef> = Vec::new();
    let mut promises = Vec::new();
    let mut summary = Summary::default();
    for promise in &agreement.promises {
        let matched: Vec<&Activity> = valid
            .iter()
            .copied()
            .filter(|a| matches(promise, a))
            .collect();
        let mut counted: Vec<&Activity> = Vec::new();
        let mut contributions = Contributions::default();
        for a in matched.iter().copied().filter(|a| in_window(a)) {
            let who = a.responsible.as_deref().map(parties).unwrap_or_default();
            let both = who.len() == 2;
            match (
                who.contains(&Party::Police),
                who.contains(&Party::Municipality),
            ) {
                (true, true) => contributions.joint += a.count,
                (true, false) => contributions.police += a.count,
                (false, true) => contributions.municipality += a.count,
                (false, false) => contributions.unknown += a.count,
            }
            if promise.matching.joint && !both {
                dq.missing_partner.push(MissingPartner {
                    promise: promise.id.clone(),
                    row: a.source.clone(),
                    responsible: a.responsible.as_deref().map(str::to_owned),
                });
                continue;
            }
            counted.push(a);
        }
        let history: Vec<&Activity> = matched
            .iter()
            .copied()
            .filter(|a| a.date <= as_of)
            .filter(|a| {
                !promise.matching.joint
                    || a.responsible
                        .as_deref()
                        .map(parties)
                        .unwrap_or_default()
                        .len()
                        == 2
            })
            .collect();
        for a in &counted {
            if counted_seen.insert(std::ptr::from_ref(a)) {
                counted_rows.push(&a.source);
            }
        }
        let promise_span = match promise.valid {
            Some(v) => window.intersect(&v),
            None => Some(window),
        };
        let noun = promise
            .unit
            .clone()
            .unwrap_or_else(|| "aktiviteter".to_owned());
        let mut target_results = Vec::new();
        for target in &promise.targets {
            let span = promise_span.and_then(|s| match target.valid {
                Some(v) => s.intersect(&v),
                None => Some(s),
            });
            let Some(span) = span else {
                let mut t = targets::judge(
                    target,
                    &Context {
                        span: window,
                        as_of,
                        part_met: agreement.part_met,
                        rows: Vec::new(),
                        history: Vec::new(),
                        noun: noun.clone(),
                        first_year: agreement.period.from.year(),
                    },
                );
                t.status = Status::NotApplicable;
                t.intervals.clear();
                t.judged = None;
                t.outcome_text = "målet gällde inte under rapportperioden".to_owned();
                target_results.push(t);
                continue;
            };
            let for_target = |a: &&&Activity| {
                target.activities.is_empty()
                    || a.activity
                        .as_deref()
                        .is_some_and(|x| target.activities.iter().any(|t| fold(t) == fold(x)))
            };
            let rows: Vec<Counted<'_>> = counted
                .iter()
                .filter(for_target)
                .filter(|a| span.contains(a.date))
                .map(|a| to_counted(a, target.quantity.as_deref(), &mut warnings))
                .collect();
            let history_rows: Vec<Counted<'_>> = if matches!(target.kind, TargetKind::Trend { .. })
            {
                history
                    .iter()
                    .filter(for_target)
                    .map(|a| to_counted(a, target.quantity.as_deref(), &mut Vec::new()))
                    .collect()
            } else {
                Vec::new()
            };
            target_results.push(targets::judge(
                target,
                &Context {
                    span,
                    as_of,
                    part_met: agreement.part_met,
                    rows,
                    history: history_rows,
                    noun: noun.clone(),
                    first_year: agreement.period.from.year(),
                },
            ));
        }
        let status = promise_status(promise_span.is_some(), &target_results, counted.is_empty());
        summary.add(status);
        let comment = promise
            .comments
            .iter()
            .find(|c| c.window == Some(window))
            .or_else(|| promise.comments.iter().find(|c| c.window.is_none()));
        let mut activities: BTreeMap<String, (String, u64)> = BTreeMap::new();
        for a in &counted {
            if let Some(kind) = a.activity.as_deref().filter(|s| !s.trim().is_empty()) {
                let entry = activities
                    .entry(fold(kind))
                    .or_insert_with(|| (kind.trim().to_owned(), 0));
                entry.1 += a.count;
            }
        }
        promises.push(PromiseResult {
            id: promise.id.clone(),
            area: agreement
                .areas
                .get(promise.area)
                .map(|a| a.id.clone())
                .unwrap_or_default(),
            text: promise.text.clone(),
            responsible: promise.responsible.clone(),
            partners: promise.partners.clone(),
            status,
            targets: target_results,
            comment: comment.and_then(|c| c.comment.clone()),
            next_step: comment.and_then(|c| c.next_step.clone()),
            contributions,
            activities: activities
                .into_values()
                .map(|(activity, count)| ActivitySummary { activity, count })
                .collect(),
            rows_counted: counted.len() as u64,
        });
    }

    dq.unmatched = valid
        .iter()
        .filter(|a| in_window(a) && !agreement.promises.iter().any(|p| matches(p, a)))
        .map(|a| UnmatchedRow {
            row: a.source.clone(),
            promise: a.promise.as_deref().map(str::to_owned),
            activity: a.activity.as_deref().map(str::to_owned),
        })
        .collect();
    dq.rows_counted = counted_rows.len() as u64;
    // A cell read by several promises or targets is one cause: one warning.
    crate::diag::dedup(&mut warnings);
    dq.warnings = ingested
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .chain(warnings.iter().cloned())
        .collect();

    let sources = ingested
        .sources
        .iter()
        .map(|s| {
            let n = counted_rows
                .iter()
                .filter(|r| r.file.as_ref() == s.file)
                .count() as u64;
            Source::from_log(s, n)
        })
        .collect();
    diagnostics.extend(warnings);

    let results = Results {
        schema: 1,
        lofte_version: env!("CARGO_PKG_VERSION").to_owned(),
        version: 1,
        agreement: AgreementInfo {
            kommun: agreement.kommun.clone(),
            police_area: agreement.police_area.clone(),
            title: agreement.title.clone(),
            period: agreement.period,
            deadline_text: agreement.deadline.as_ref().map(|d| d.text.clone()),
            deadline: agreement.deadline.as_ref().map(|d| d.date),
            diarienummer: agreement.diarienummer.clone(),
            signatories: agreement.signatories.clone(),
            authors: agreement.authors.clone(),
            recipients: agreement.recipients.clone(),
        },
        window,
        as_of,
        summary,
        areas: agreement
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| AreaResult {
                id: a.id.clone(),
                name: a.name.clone(),
                description: a.description.clone(),
                promises: agreement
                    .promises
                    .iter()
                    .filter(|p| p.area == i)
                    .map(|p| p.id.clone())
                    .collect(),
            })
            .collect(),
        promises,
        data_quality: dq,
        sources,
        rules: Rules {
            part_met: agreement.part_met,
        },
        activity_rows: Vec::new(),
        changes: None,
    };
    Evaluation {
        results,
        diagnostics,
    }
}

/// A promise's status from its targets' (see product.md).
fn promise_status(in_force: bool, targets: &[TargetResult], no_rows: bool) -> Status {
    if !in_force {
        return Status::NotApplicable;
    }
    let measurable: Vec<Status> = targets
        .iter()
        .filter(|t| t.kind != "text" && t.status != Status::NotApplicable)
        .map(|t| t.status)
        .collect();
    if measurable.is_empty() {
        return if targets.iter().all(|t| t.status == Status::NotApplicable) && !targets.is_empty() {
            Status::NotApplicable
        } else {
            Status::ReportedInText
        };
    }
    if no_rows {
        return Status::NoData;
    }
    // A target that could not be judged (a trend with no earlier year to
    // compare with) says nothing for or against the promise.
    let measurable: Vec<Status> = measurable
        .into_iter()
        .filter(|s| *s != Status::ReportedInText)
        .collect();
    if measurable.is_empty() {
        return Status::ReportedInText;
    }
    if measurable.contains(&Status::InProgress) {
        return Status::InProgress;
    }
    if measurable.iter().all(|s| *s == Status::Met) {
        Status::Met
    } else if measurable.iter().all(|s| *s == Status::NotMet) {
        Status::NotMet
    } else {
        Status::PartlyMet
    }
}

#[cfg(test)]
mod tests;

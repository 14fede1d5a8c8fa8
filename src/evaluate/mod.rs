//! Stage 3, evaluate: pure. (agreement, activities, window, as-of date) →
//! [`Results`]. No files, no clock, no randomness: the same inputs give the
//! same results, whatever the row order.
//!
//! Counting rules (also stated in `docs/counting-rules.md` and the report):
//! calendar intervals lying wholly inside the window are judged, edge
//! intervals are shown but not judged; every-N blocks start at the window's
//! first whole week or month; averages divide by days ÷ 7 (or days); a
//! figure reaching the part-met share of its requirement is part met.

mod blocks;
mod changes;
mod done;
mod results;

pub use changes::DateSource;
pub use changes::{
    Changes, Earlier, FigureChange, IntervalChange, PromiseChange, RowChange, RowChangeKind,
    RowMatch, TargetWords, TextChange, VersionRecord, compare, compare_earlier,
};
pub use written::RowPrints;
#[cfg(feature = "cli")]
pub(crate) use written::{Sift, Sifted, sifting};

pub use results::*;

mod intervals;
mod matching;
mod monthly;
mod occasions;
mod parties;
mod periods;
mod places;
mod provenance;
mod references;
mod regional;
mod requests;
mod rows;
mod saved;
mod spelling;
mod targets;
#[cfg(test)]
mod tests_support;
mod untimed;
mod written;

pub use parties::parties_with;
pub use provenance::{Made, Provenance, next_version};

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::agreement::{
    Agreement, Comment, DateRange, Party, Promise, Scope, TargetKind, id_key, same_id,
};
use crate::diag::{Code, Diagnostic, Errors, Sink, Warned, nearest};
use crate::ingest::{Activity, Ingested};
use targets::{Context, Counted};

/// The evaluated report, or the errors found matching rows to promises
/// (an unknown promise id), with the warnings found either way.
pub type Evaluation = Warned<Result<Results, Errors>>;

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The one known id a Löfte cell names among other words ("K1
/// (trafik)", "Löfte K1"), if it names exactly one.
fn named_within<'a>(cell: &str, known: &[&'a str]) -> Option<&'a str> {
    let mut named = cell
        .split(|c: char| c.is_whitespace() || "()[]{},;:/".contains(c))
        .filter(|word| !word.is_empty())
        .filter_map(|word| known.iter().copied().find(|k| same_id(k, word)));
    let first = named.next()?;
    named.all(|other| other == first).then_some(first)
}

/// The promise ids (and aliases) that are numbers, for Löfte cells that
/// hold a number: a spreadsheet keeps 1.10 typed in a General cell as the
/// number 1.1, and the cell's text is then lofte's writing of it.
struct NumberedIds<'a> {
    ids: Vec<(f64, &'a str)>,
}

impl<'a> NumberedIds<'a> {
    fn new(known: &[&'a str]) -> Self {
        let ids = known
            .iter()
            .filter_map(|id| id_number(id).map(|x| (x, *id)))
            .collect();
        NumberedIds { ids }
    }

    /// The ids the number in `row`'s Löfte cell reads as, each once;
    /// empty when the cell held text.
    fn read_as(&self, row: &Activity) -> Vec<&'a str> {
        if self.ids.is_empty() || !row.promise_numbered() {
            return Vec::new();
        }
        let Some(x) = row.promise().and_then(id_number) else {
            return Vec::new();
        };
        let mut ids: Vec<&'a str> = Vec::new();
        for (y, id) in &self.ids {
            if *y == x && !ids.iter().any(|k| same_id(k, id)) {
                ids.push(id);
            }
        }
        ids
    }

    /// The error for a row whose Löfte cell holds a number that two
    /// promises' ids read as: counted toward the one its digits spell
    /// ("1.1"), it may belong to the other ("1.10").
    fn ambiguous(&self, row: &Activity) -> Option<Diagnostic> {
        let ids = self.read_as(row);
        if ids.len() < 2 {
            return None;
        }
        let number = row.promise().unwrap_or_default().trim();
        let at = row
            .columns()
            .promise
            .map_or_else(|| row.location(), |c| row.cell(c));
        Some(
            Diagnostic::error(
                Code::NumberedPromise,
                format!(
                    "the Löfte cell holds the number {number}, not text: it may be promise {}",
                    crate::diag::listed(
                        &ids.iter().map(|k| (*k).to_owned()).collect::<Vec<_>>(),
                        "or"
                    )
                ),
            )
            .at(at)
            .found(number)
            .expected("the promise id as text")
            .hint(format!(
                "type the id as text: start it with an apostrophe ('{}), or format the Löfte column as Text and type the ids again",
                ids.last().copied().unwrap_or(number)
            )),
        )
    }
}

/// A promise id as a number ("1.10", "1,10", "3"), if it is one.
fn id_number(id: &str) -> Option<f64> {
    let t = crate::ingest::cells::trim(id);
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    t.replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// Which parties an Ansvarig/Deltagare cell names, with the built-in
/// words only (see [`parties_with`]).
/// The unit of a promise whose promise file gives no `enhet`: lofte's own
/// word, which an English report says in English.
pub const DEFAULT_NOUN: &str = "aktiviteter";
/// [`DEFAULT_NOUN`] in the singular.
pub const DEFAULT_NOUN_SINGULAR: &str = "aktivitet";

pub fn parties(cell: &str) -> BTreeSet<Party> {
    parties_with(cell, &crate::agreement::PartyWords::default())
}

/// Whether a row counts toward `promise`: its Löfte names the promise, or
/// (with no Löfte) its Aktivitet is one of the promise's activity types or
/// of one of its targets'.
fn matches(promise: &Promise, activity: &Activity) -> bool {
    match activity.promise().map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => promise.matching.ids.iter().any(|p| same_id(p, id)),
        None => activity.activity().is_some_and(|a| {
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
    use crate::ingest::cells::trim;
    let (a, b) = (trim(a), trim(b));
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
            Some(extra) => {
                // Added as 0, or once in each row of a merged block, it
                // would change the figure: an error, as a bad Antal is.
                let (code, message, hint) = match extra.number {
                    Some(_) if extra.merged => (
                        Code::MergedCount,
                        format!(
                            "the \"{column}\" cell is merged over several rows, and the target adds the column up: it cannot be split between them"
                        ),
                        "unmerge the cells (Excel: Start › Sammanfoga och centrera) and give each row its own number",
                    ),
                    Some(x) if x.is_finite() && x >= 0.0 => return x,
                    _ if extra.text.trim().is_empty() => return 0.0,
                    _ => (
                        Code::BadQuantity,
                        format!(
                            "column \"{column}\" should hold a number, and the target adds it up"
                        ),
                        "write the number alone, such as 12 or 12,5; remarks belong in the column \"Kommentar\"",
                    ),
                };
                warnings.push(
                    Diagnostic::error(code, message)
                        .at(activity.cell(extra.column))
                        .found(extra.text.clone())
                        .hint(hint),
                );
                0.0
            }
            None => 0.0,
        },
    }
}

/// All rows read and, for each, its index in the report's list of rows.
struct Listed<'a> {
    all: &'a [Activity],
    index: Vec<u32>,
}

impl Listed<'_> {
    /// The index of `a` in [`Results::activity_rows`].
    fn of(&self, a: &Activity) -> u32 {
        rows::position(self.all, a)
            .and_then(|i| self.index.get(i).copied())
            .unwrap_or(u32::MAX)
    }
}

fn to_counted<'a>(
    a: &&'a Activity,
    quantity: Option<&str>,
    listed: &Listed<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Counted<'a> {
    let a: &'a Activity = a;
    Counted {
        value: value(a, quantity, warnings),
        index: listed.of(a),
        row: a,
    }
}

/// The rows that count toward `promise` among its rows in the window, and
/// what each party did. A joint promise counts each joint event once and
/// lists the rows lacking the partner, and the events logged by both
/// parties, under data quality; when no row is left, a warning says why
/// the report will say "Underlag saknas".
fn counted_rows_of<'a>(
    promise: &Promise,
    in_window_rows: Vec<&'a Activity>,
    parties: &mut matching::KnownParties<'a, '_>,
    dq: &mut DataQuality,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<&'a Activity>, Contributions) {
    let mut contributions = Contributions::default();
    if !promise.matching.joint {
        for a in &in_window_rows {
            contributions.add(a, parties);
        }
        if promise.matching.merge_logs
            && let Some((days, first, second)) = parties::logged_twice(&in_window_rows, parties)
        {
            let days = if days == 1 {
                "on one day".to_owned()
            } else {
                format!("on {days} days")
            };
            let mut d = Diagnostic::error(
                Code::LoggedTwice,
                format!(
                    "{days}, two logs each hold a row of {} for what can be one event, together showing both parties: one joint event logged by each party is counted twice",
                    promise.id
                ),
            )
            .at(second.location())
            .related("the other log's row", first.location())
            .hint(format!(
                "if each such pair is one event, add gemensamt = true to {id} (an event logged by both parties then counts once); if the parties held an event each, add sla_samman = false to {id}",
                id = promise.id
            ));
            if let Some(at) = promise.written.of("id") {
                d = d.related("the promise", at.clone());
            }
            diagnostics.push(d);
        }
        return (in_window_rows, contributions);
    }
    let events = parties::joint_events(&in_window_rows, parties, promise.matching.merge_logs);
    for a in &events.lacking {
        dq.missing_partner.push(MissingPartner {
            promise: promise.id.clone(),
            row: Row::of(a),
            responsible: a.responsible().map(str::to_owned),
        });
        contributions.add(a, parties);
    }
    for m in &events.merged {
        dq.logged_by_both.push(LoggedByBoth {
            promise: promise.id.clone(),
            counted: Row::of(m.kept),
            also: m.also.iter().map(|a| Row::of(a)).collect(),
        });
    }
    if events.counted.is_empty()
        && let Some(first) = events.lacking.first()
    {
        // The report says "Underlag saknas" for this promise; check must
        // say why, or the two disagree.
        diagnostics.push(
            Diagnostic::warning(
                Code::JointWithoutPartner,
                format!(
                    "{} is a joint promise, and {} the police and the municipality: the report says \"Underlag saknas\"",
                    promise.id,
                    match events.lacking.len() {
                        1 => "its one row in the window does not show both".to_owned(),
                        n => format!("none of its {n} rows in the window shows both"),
                    }
                ),
            )
            .at(first.location())
            .found(first.responsible().unwrap_or_default())
            .subject(promise.id.clone())
            .hint("write both parties in Ansvarig/Deltagare (\"Polis, Kommun\" or \"Gemensamt\"), or name local services under parter in the promise file"),
        );
    }
    for a in &events.counted {
        contributions.joint += u64::from(a.count);
    }
    (events.counted, contributions)
}

/// A count of rows in lofte's own (English) messages: "1 row", "2 rows".
fn rows_en(n: usize) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}

/// What the report shows as a warning sign, in one line each, for `lofte
/// check` to print: promises and targets without data, joint events
/// counted once, rows lacking the partner. They are not diagnostics: a
/// promise with nothing logged is a finding of the follow-up, not a
/// mistake in a file.
/// `describe` words a target (the report's description of it).
pub fn attention(results: &Results, describe: impl Fn(&TargetResult) -> String) -> Vec<String> {
    let mut out = Vec::new();
    for p in &results.promises {
        if p.status == Status::NoData {
            out.push(format!(
                "{}: \"Underlag saknas\" ({} counted in {} – {})",
                p.id,
                rows_en(usize::try_from(p.rows_counted).unwrap_or(usize::MAX)),
                results.window.from,
                results.window.to
            ));
            continue;
        }
        for (i, t) in p.targets.iter().enumerate() {
            if t.status == Status::NoData {
                out.push(format!(
                    "{} target {} (\"{}\"): \"Underlag saknas\", no row counted",
                    p.id,
                    i + 1,
                    describe(t)
                ));
            }
        }
    }
    let dq = &results.data_quality;
    if !dq.unmatched.is_empty() {
        out.push(format!(
            "{} in the window {} no promise and {} not counted (listed under Datakvalitet)",
            rows_en(dq.unmatched.len()),
            if dq.unmatched.len() == 1 {
                "matches"
            } else {
                "match"
            },
            if dq.unmatched.len() == 1 { "is" } else { "are" }
        ));
    }
    if !dq.missing_partner.is_empty() {
        out.push(format!(
            "{} of joint promises {} the partner and {} not counted (listed under Datakvalitet)",
            rows_en(dq.missing_partner.len()),
            if dq.missing_partner.len() == 1 {
                "lacks"
            } else {
                "lack"
            },
            if dq.missing_partner.len() == 1 {
                "is"
            } else {
                "are"
            }
        ));
    }
    // The first few events by name; a log full of them is one finding.
    const NAMED: usize = 5;
    for m in dq.logged_by_both.iter().take(NAMED) {
        out.push(format!(
            "{}: {} and {} are the same joint event logged by both parties, counted once",
            m.promise,
            m.counted,
            m.also
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if dq.logged_by_both.len() > NAMED {
        out.push(format!(
            "{} more joint {} logged by both parties, counted once (listed under Datakvalitet)",
            dq.logged_by_both.len() - NAMED,
            if dq.logged_by_both.len() - NAMED == 1 {
                "event"
            } else {
                "events"
            }
        ));
    }
    out
}

/// Which promise an activity type belongs to, for the hint on an unknown
/// promise id: "V3" on a trygghetsvandring row most likely means the
/// promise of trygghetsvandringar, however V3 is spelt.
struct Suggestions<'a> {
    agreement: &'a Agreement,
    /// Folded activity type → promise id → rows naming a known promise.
    logged: BTreeMap<String, BTreeMap<&'a str, u64>>,
}

impl<'a> Suggestions<'a> {
    /// `unknown`: whether some row names no promise (else nothing is
    /// suggested, and the rows are not read).
    fn new(agreement: &'a Agreement, ingested: &Ingested, unknown: bool) -> Self {
        let mut logged: BTreeMap<String, BTreeMap<&'a str, u64>> = BTreeMap::new();
        if unknown {
            for a in &ingested.activities {
                let (Some(id), Some(kind)) = (a.promise(), a.activity()) else {
                    continue;
                };
                if let Some(p) = agreement
                    .promises
                    .iter()
                    .find(|p| p.matching.ids.iter().any(|x| same_id(x, id)))
                {
                    *logged
                        .entry(fold(kind))
                        .or_default()
                        .entry(p.id.as_str())
                        .or_default() += 1;
                }
            }
        }
        Suggestions { agreement, logged }
    }

    /// The promise whose activity types (in the promise file, or else in
    /// the rows that name a promise) include `kind`.
    fn by_activity(&self, kind: &str) -> Option<&'a str> {
        let configured = self.agreement.promises.iter().find(|p| {
            p.matching.activities.iter().any(|x| same_text(x, kind))
                || p.targets
                    .iter()
                    .any(|t| t.activities.iter().any(|x| same_text(x, kind)))
        });
        if let Some(p) = configured {
            return Some(p.id.as_str());
        }
        self.logged.get(&fold(kind)).and_then(|counts| {
            counts
                .iter()
                .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
                .map(|(id, _)| *id)
        })
    }
}

/// Evaluates every promise of `agreement` over `window` as of `as_of`.
///
/// The activities are taken, not borrowed: once evaluated they become the
/// report's list of rows, each dropped as its row is made (a million-row
/// log is never held twice).
pub fn evaluate(
    agreement: &Agreement,
    ingested: Ingested,
    window: DateRange,
    as_of: NaiveDate,
) -> Evaluation {
    let mut diagnostics = Vec::new();
    let mut warnings = Vec::new();
    // Every row once; targets refer to them by their place in the listing.
    // Only each row's place is held while the targets are judged; the
    // order is made again from it when the rows are listed (held, it was
    // 4 MB of a million-row report's peak).
    let index = rows::inverse(&rows::order(&ingested.activities));
    let listed = Listed {
        all: &ingested.activities,
        index,
    };
    let known: Vec<&str> = agreement
        .promises
        .iter()
        .flat_map(|p| p.matching.ids.iter().map(String::as_str))
        .collect();
    let known_folded: BTreeSet<String> = known.iter().map(|k| id_key(k)).collect();
    let mut known_ids = matching::KnownIds::new(&known_folded);
    let any_unknown = ingested
        .activities
        .iter()
        .any(|a| known_ids.names_unknown(a));
    let suggest = Suggestions::new(agreement, &ingested, any_unknown);

    // Rows with an unknown Löfte are errors: counting them nowhere would
    // silently lower a figure. The others are valid: a flag per row (a
    // list of a million references was 8 MB of a report's peak).
    let mut valid_flags = vec![true; ingested.activities.len()];
    let numbered_ids = NumberedIds::new(&known);
    for (a, valid) in ingested.activities.iter().zip(&mut valid_flags) {
        if let Some(d) = numbered_ids.ambiguous(a) {
            diagnostics.push(d);
            *valid = false;
            continue;
        }
        if let Some(id) = a
            .promise()
            .filter(|s| !crate::ingest::cells::trim(s).is_empty())
            && known_ids.names_unknown(a)
        {
            let mut d = Diagnostic::error(
                Code::UnknownPromise,
                format!("no promise has the id \"{}\"", id.trim()),
            )
            .at(a.cell_or_row(a.columns().promise))
            .found(id.trim())
            .expected(format!("one of: {}", known.join(", ")));
            let kind = a.activity().map(str::trim).filter(|k| !k.is_empty());
            let read_as = numbered_ids.read_as(a);
            let typed_as_date = typed_as_date(id, &known);
            match kind.and_then(|k| suggest.by_activity(k).map(|p| (k, p))) {
                Some((kind, p)) => {
                    d = d
                        .hint(format!(
                            "did you mean {p}? rows with the activity \"{kind}\" count toward {p}"
                        ))
                        .suggestion(p);
                }
                None if let Some((near, date)) = typed_as_date => {
                    d = d
                        .hint(format!(
                            "did you mean {near}? the cell holds the date {date}: a spreadsheet turns {near} typed in a cell into a date; format the column as text and type the id again ('{near})"
                        ))
                        .suggestion(near);
                }
                None if read_as.len() == 1 => {
                    let near = read_as[0];
                    d = d
                        .hint(format!(
                            "did you mean {near}? the cell holds the number {}, not text: type the id as text ('{near})",
                            id.trim()
                        ))
                        .suggestion(near);
                }
                None => {
                    let near = nearest(id.trim(), known.iter().copied())
                        .or_else(|| named_within(id, &known));
                    if let Some(near) = near {
                        d = d.hint(format!("did you mean {near}?")).suggestion(near);
                    }
                }
            }
            diagnostics.push(d);
            *valid = false;
        }
    }
    let valid = || {
        ingested
            .activities
            .iter()
            .zip(&valid_flags)
            .filter_map(|(a, valid)| valid.then_some(a))
    };

    let in_window = |a: &Activity| window.contains(a.date) && a.date <= as_of;
    let mut dq = DataQuality {
        rows_read: ingested.activities.len() as u64,
        excluded: ingested.excluded.iter().map(ExcludedRow::from).collect(),
        ..DataQuality::default()
    };
    dq.rows_outside_window = valid().filter(|a| !window.contains(a.date)).count() as u64;
    dq.rows_after_as_of = valid()
        .filter(|a| window.contains(a.date) && a.date > as_of)
        .count() as u64;

    // Rows counted toward any promise, each once: a flag per row of
    // ingest's list, found by the row's address (a set of a million
    // addresses was 20 MB; comparing file names was the costliest part of
    // evaluation). Every counted row is one of that list's: evaluation
    // only ever borrows them.
    let mut counted_flags = vec![false; ingested.activities.len()];
    let mut promises = Vec::new();
    let mut summary = Summary::default();
    let held = references::Held::of(&ingested.activities);
    diagnostics.extend(references::check(agreement, &ingested.activities, &held));
    // Rows not read for where they stand (above the header, on a sheet
    // without one) that name a promise: activities lost.
    diagnostics.extend(
        ingested
            .unheaded
            .iter()
            .filter(|u| {
                u.texts.is_empty() || u.texts.iter().any(|t| known_folded.contains(&id_key(t)))
            })
            .map(|u| u.diagnostic.clone()),
    );
    diagnostics.extend(references::unread_promise_columns(
        &ingested.activities,
        |text| known_folded.contains(&id_key(text)),
    ));
    let matching::Matched {
        per_promise,
        unmatched,
    } = matching::by_promise(agreement, valid());
    diagnostics.extend(spelling::check(agreement, &per_promise, &unmatched, window));
    diagnostics.extend(blocks::promise_written_once(
        &ingested.activities,
        &unmatched,
    ));
    diagnostics.extend(blocks::unlabelled_totals(&ingested.activities));
    let promise_rows = InWindow {
        agreement,
        per_promise: &per_promise,
        window,
    };
    diagnostics.extend(places::several_places(&promise_rows));
    diagnostics.extend(monthly::sums_per_month(&promise_rows));
    diagnostics.extend(untimed::fridays(&promise_rows));
    if !ingested.selected {
        diagnostics.extend(regional::other_municipalities(&promise_rows));
    }
    let save_days = saved::SaveDays::new(
        &ingested.sources,
        &ingested.activities,
        &per_promise,
        window,
        as_of,
    );
    diagnostics.extend(save_days.after_saved());
    diagnostics.extend(save_days.saved_before_as_of());
    // Each row is now in its promises' lists (or the unmatched one).
    drop(valid_flags);
    let judging = Judging {
        agreement,
        window,
        as_of,
        listed: &listed,
        held: &held,
    };
    for judged in judge_promises(judging, per_promise) {
        for a in judged.counted.iter().chain(&judged.counted_earlier) {
            let flag =
                rows::position(&ingested.activities, a).and_then(|i| counted_flags.get_mut(i));
            debug_assert!(flag.is_some(), "a counted row outside ingest's list");
            if let Some(flag) = flag {
                *flag = true;
            }
        }
        summary.add(judged.result.status);
        dq.missing_partner.extend(judged.missing_partner);
        dq.logged_by_both.extend(judged.logged_by_both);
        diagnostics.extend(judged.diagnostics);
        warnings.extend(judged.warnings);
        promises.push(judged.result);
    }
    dq.unmatched = unmatched
        .iter()
        .filter(|a| in_window(a))
        .map(|a| UnmatchedRow {
            row: Row::of(a),
            promise: a.promise().map(str::to_owned),
            activity: a.activity().map(str::to_owned),
        })
        .collect();
    // Counted rows per log, in one pass: ingest lists a log's rows
    // together, so the last log seen is nearly always the row's.
    let mut counted_per_file: Vec<(&str, u64)> = Vec::new();
    for (a, _) in ingested
        .activities
        .iter()
        .zip(&counted_flags)
        .filter(|(_, counted)| **counted)
    {
        let file: &str = a.source.file.as_ref();
        match counted_per_file.iter_mut().rev().find(|(f, _)| *f == file) {
            Some((_, n)) => *n += 1,
            None => counted_per_file.push((file, 1)),
        }
    }
    dq.rows_counted = counted_per_file.iter().map(|(_, n)| n).sum();
    diagnostics.extend(done::blank_among_ticked(
        &ingested.activities,
        &counted_flags,
    ));
    // A row before the window that a total over the agreement period
    // counts is counted: the report must not say it is not.
    dq.rows_before_window_counted = ingested
        .activities
        .iter()
        .zip(&counted_flags)
        .filter(|(a, counted)| **counted && !window.contains(a.date))
        .count() as u64;
    dq.rows_outside_window = dq
        .rows_outside_window
        .saturating_sub(dq.rows_before_window_counted);
    // A cell read by several promises or targets is one cause: one warning.
    crate::diag::dedup(&mut warnings);
    // The report lists what check warns about: values of the promise file
    // that match no row, joint promises without a partner (the caller
    // puts the logs' own warnings before them).
    dq.warnings = diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .chain(warnings.iter().cloned())
        .collect();

    let sources = ingested
        .sources
        .iter()
        .map(|s| {
            let n = counted_per_file
                .iter()
                .filter(|(f, _)| *f == s.file)
                .map(|(_, n)| n)
                .sum();
            Source::from_log(s, n)
        })
        .collect();
    diagnostics.extend(warnings);
    let order = rows::inverse(&listed.index);
    drop(listed);
    let activity_rows = rows::rows(ingested.activities, &order);

    let results = Results {
        schema: 2,
        lofte_version: env!("CARGO_PKG_VERSION").to_owned(),
        version: 1,
        agreement: AgreementInfo {
            kommun: agreement.kommun.clone(),
            place: agreement.place().to_owned(),
            district: agreement.parties.district.clone(),
            parties: agreement.parties.list.clone(),
            effects: agreement.effects.clone(),
            police_area: agreement.police_area.clone(),
            title: agreement.title.clone(),
            period: agreement.period,
            deadline_text: agreement.deadline.as_ref().map(|d| d.text.clone()),
            deadline: agreement.deadline.as_ref().and_then(|d| d.date),
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
                effects: a.effects.clone(),
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
        activity_rows,
        indicators: crate::agreement::indicators::outcomes(
            &agreement.indicators,
            agreement.period,
            window,
        ),
        changes: None,
        history: Vec::new(),
        rendering: None,
    };
    diagnostics.into_iter().collect::<Sink>().finish(results)
}

/// The comments shown for `promise` in `window` as of `as_of`, labelled
/// and in order: the one for every window first, then each one whose
/// window (clipped to the agreement period) lies inside the report window
/// and has started by the as-of date, earliest first. A two-year report
/// thus shows each year's comment beside that year; a June report does not
/// show what was written for the autumn.
fn comments_for(
    promise: &Promise,
    period: DateRange,
    window: DateRange,
    as_of: NaiveDate,
) -> Vec<(String, &Comment)> {
    let mut dated: Vec<(DateRange, &Comment)> = promise
        .comments
        .iter()
        .filter_map(|c| {
            let w = c.window?.intersect(&period)?;
            (w.from >= window.from && w.to <= window.to && w.from <= as_of).then_some((w, c))
        })
        .collect();
    dated.sort_by_key(|(w, _)| (w.from, w.to));
    let label = |w: DateRange| {
        if w == window {
            String::new()
        } else if w.from.year() == w.to.year() && dated_is_year(w, period) {
            w.from.year().to_string()
        } else {
            format!("{} – {}", w.from, w.to)
        }
    };
    promise
        .comments
        .iter()
        .filter(|c| c.window.is_none())
        .map(|c| (String::new(), c))
        .chain(dated.iter().map(|(w, c)| (label(*w), *c)))
        .collect()
}

/// Whether `w` is a calendar year cut to the agreement period (a period
/// starting in March has "2019" as 1 March – 31 December).
fn dated_is_year(w: DateRange, period: DateRange) -> bool {
    let year = w.from.year();
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return false;
    };
    DateRange::new(first, last).and_then(|y| y.intersect(&period)) == Some(w)
}

/// Whether a target with no rows is not yet due: its window is not over,
/// and by the as-of date less than one row was expected and no judged
/// interval has ended unmet. Half a walk expected in June is no shortfall.
/// A share of days has no pace: its days so far times the share are the
/// days expected ("varje dygn", half a year in: 182).
fn not_yet_due(t: &TargetResult) -> bool {
    let expected_days = match t.kind {
        Kind::Share { days, .. } => t.required.unwrap_or(0.0) * days as f64,
        _ => 0.0,
    };
    t.status == Status::InProgress
        && t.pace.as_ref().is_none_or(|p| p.expected_so_far < 1.0)
        && expected_days < 1.0
        && !t.intervals.iter().any(|i| i.met == Some(false))
}

impl Contributions {
    /// Adds a row's Antal to the party (or parties) its Ansvarig names.
    fn add<'a>(&mut self, a: &'a Activity, parties: &mut matching::KnownParties<'a, '_>) {
        let who = a
            .responsible()
            .map(|c| parties.of(c))
            .map(|who| {
                (
                    who.contains(&Party::Police),
                    who.contains(&Party::Municipality),
                )
            })
            .unwrap_or_default();
        let slot = match who {
            (true, true) => &mut self.joint,
            (true, false) => &mut self.police,
            (false, true) => &mut self.municipality,
            (false, false) => &mut self.unknown,
        };
        *slot += u64::from(a.count);
    }
}

/// What judging one promise found: merged into the report in the
/// promises' order ([`judge_promises`]), so that judged at once on two
/// threads they give what judged one by one gives.
struct Judged<'a> {
    result: PromiseResult,
    /// The rows counted toward it.
    counted: Vec<&'a Activity>,
    /// Rows before the window that a target over the agreement period
    /// counts (a row may be in several targets').
    counted_earlier: Vec<&'a Activity>,
    missing_partner: Vec<MissingPartner>,
    logged_by_both: Vec<LoggedByBoth>,
    diagnostics: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// What judging any promise reads.
#[derive(Clone, Copy)]
struct Judging<'a, 'g> {
    agreement: &'g Agreement,
    window: DateRange,
    as_of: NaiveDate,
    listed: &'g Listed<'a>,
    held: &'g references::Held<'a>,
}

/// Judges `promise` from the rows `matched` to it.
fn judge_promise<'a>(
    judging: Judging<'a, '_>,
    promise: &Promise,
    mut matched: Vec<&'a Activity>,
    parties: &mut matching::KnownParties<'a, '_>,
) -> Judged<'a> {
    let Judging {
        agreement,
        window,
        as_of,
        listed,
        held,
    } = judging;
    // A promise in force for part of the window counts, and names as
    // done by the parties, only its rows of those days.
    let in_force = |a: &Activity| promise.valid.is_none_or(|v| v.contains(a.date));
    let in_window = |a: &Activity| window.contains(a.date) && a.date <= as_of && in_force(a);
    let mut dq = DataQuality::default();
    let mut diagnostics = Vec::new();
    let mut warnings = Vec::new();
    if let Some(valid) = promise.valid {
        for a in matched
            .iter()
            .filter(|a| window.contains(a.date) && a.date <= as_of && !in_force(a))
        {
            let (side, key, day) = if a.date < valid.from {
                ("before", "fran", valid.from)
            } else {
                ("after", "till", valid.to)
            };
            warnings.push(
                Diagnostic::warning(
                    Code::OutsidePromiseDates,
                    format!(
                        "this row of {} is dated {}, {side} the promise's {key} {day}: not counted",
                        promise.id, a.date
                    ),
                )
                .at(a.location())
                .hint(format!(
                    "if the promise was in force that day, change {key} of {} in the promise file; otherwise nothing needs to change",
                    promise.id
                )),
            );
        }
    }
    // Trends compare with earlier years, totals over the agreement
    // period count them: both need rows before the window.
    let has_trend = promise
        .targets
        .iter()
        .any(|t| matches!(t.kind, TargetKind::Trend { .. }) || t.scope == Scope::Agreement);
    // Without them, the promise's rows are filtered in place, not
    // copied (a promise may have hundreds of thousands).
    let in_window_rows: Vec<&Activity> = if has_trend {
        matched.iter().copied().filter(|a| in_window(a)).collect()
    } else {
        matched.retain(|a| in_window(a));
        std::mem::take(&mut matched)
    };
    let (counted, contributions) =
        counted_rows_of(promise, in_window_rows, parties, &mut dq, &mut diagnostics);
    let history: Vec<&Activity> = if !has_trend {
        Vec::new()
    } else {
        let before: Vec<&Activity> = matched
            .iter()
            .copied()
            .filter(|a| a.date <= as_of)
            .collect();
        if promise.matching.joint {
            parties::joint_events(&before, parties, promise.matching.merge_logs).counted
        } else {
            before
        }
    };
    let promise_span = match promise.valid {
        Some(v) => window.intersect(&v),
        None => Some(window),
    };
    let noun = promise
        .unit
        .clone()
        .unwrap_or_else(|| DEFAULT_NOUN.to_owned());
    let noun_singular = match (&promise.unit, &promise.unit_singular) {
        (_, Some(s)) => s.clone(),
        (Some(p), None) => crate::agreement::singular_of(p),
        (None, None) => DEFAULT_NOUN_SINGULAR.to_owned(),
    };
    // What every target of the promise is judged in, but its span, its
    // end and its rows.
    let context = |span: DateRange, ends, rows, history| Context {
        span,
        as_of,
        part_met: agreement.part_met,
        rows,
        history,
        noun: noun.clone(),
        noun_singular: noun_singular.clone(),
        first_year: agreement.period.from.year(),
        period_start: agreement.period.from,
        ends,
    };
    let mut target_results = Vec::new();
    let mut counted_earlier: Vec<&'a Activity> = Vec::new();
    for target in &promise.targets {
        let span = promise_span.and_then(|s| match target.valid {
            Some(v) => s.intersect(&v),
            None => Some(s),
        });
        let Some(span) = span else {
            let mut t = targets::judge(target, context(window, window.to, Vec::new(), Vec::new()));
            t.status = Status::NotApplicable;
            t.intervals.clear();
            t.judged = None;
            t.pace = None;
            target_results.push(t);
            continue;
        };
        let for_target = |a: &&&Activity| {
            target.activities.is_empty()
                || a.activity()
                    .is_some_and(|x| target.activities.iter().any(|t| same_text(t, x)))
        };
        // A total over the agreement period counts from the period's
        // (or the promise's, or the target's) first day to the end of
        // the window, and runs on to its own last day.
        let (span, ends, source) = match target.scope {
            Scope::Window => (span, span.to, &counted),
            Scope::Agreement => {
                let full = [promise.valid, target.valid]
                    .into_iter()
                    .flatten()
                    .try_fold(agreement.period, |r, v| r.intersect(&v))
                    .unwrap_or(span);
                let upto = DateRange::new(full.from, span.to.min(full.to)).unwrap_or(span);
                (upto, full.to, &history)
            }
        };
        let rows: Vec<Counted<'_>> = source
            .iter()
            .filter(for_target)
            .filter(|a| span.contains(a.date))
            .map(|a| to_counted(a, target.quantity.as_deref(), listed, &mut warnings))
            .collect();
        // Rows at other places than the target's are shown as not
        // counted, so a reader sees what the restriction left out.
        let (rows, elsewhere) = match &target.within {
            Some(filter) => places::split(rows, filter),
            None => (rows, Vec::new()),
        };
        let history_rows: Vec<Counted<'_>> = if matches!(target.kind, TargetKind::Trend { .. }) {
            // Earlier years count at the same places as this one.
            history
                .iter()
                .filter(for_target)
                .filter(|a| target.within.as_ref().is_none_or(|w| w.admits(a.place())))
                .map(|a| to_counted(a, target.quantity.as_deref(), listed, &mut Vec::new()))
                .collect()
        } else {
            Vec::new()
        };
        // Rows before the window that a total over the agreement period
        // counts: counted, so not among the rows outside the window.
        let earlier: Vec<(u32, &'a Activity)> = rows
            .iter()
            .filter(|c| !window.contains(c.date()))
            .map(|c| (c.index, c.row))
            .collect();
        let mut result = targets::judge(target, context(span, ends, rows, history_rows));
        if !earlier.is_empty() {
            let kept: BTreeSet<u32> = result.rows.iter().copied().collect();
            counted_earlier.extend(
                earlier
                    .into_iter()
                    .filter(|(i, _)| kept.contains(i))
                    .map(|(_, a)| a),
            );
        }
        result.elsewhere = elsewhere.iter().map(|c| Row::of(c.row)).collect();
        // A target whose activity types or places match no row in any
        // log counts nothing because of the promise file, not because
        // nothing was done: it has no data, and says so as loudly as a
        // promise without rows.
        if result.rows.is_empty()
            && !matches!(target.kind, TargetKind::Text)
            && references::target_unmatched(target, promise, held)
        {
            result.status = Status::NoData;
            result.pace = None;
        }
        target_results.push(result);
    }
    // A total over the agreement period met by an earlier year's rows has
    // rows, though none lies in the window.
    let no_rows = counted.is_empty() && target_results.iter().all(|t| t.rows.is_empty());
    let status = promise_status(promise_span.is_some(), &target_results, no_rows);
    let comments = comments_for(promise, agreement.period, window, as_of);
    let joined = |part: fn(&Comment) -> Option<&String>| -> Option<String> {
        let labelled: Vec<(String, &String)> = comments
            .iter()
            .filter_map(|(label, c)| part(c).map(|t| (label.clone(), t)))
            .collect();
        // A comment written for the report's own window (or for
        // every window) stands as it is; one for a part of the window
        // says which part ("2021: …").
        let lines: Vec<String> = labelled
            .iter()
            .map(|(label, text)| {
                if label.is_empty() {
                    (*text).clone()
                } else {
                    format!("{label}: {text}")
                }
            })
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    };
    let activities = matching::activity_totals(&counted);
    let result = PromiseResult {
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
        comment: joined(|c| c.comment.as_ref()),
        next_step: joined(|c| c.next_step.as_ref()),
        comments: comments
            .iter()
            .map(|(label, c)| CommentResult {
                window: c.window,
                label: label.clone(),
                comment: c.comment.clone(),
                next_step: c.next_step.clone(),
            })
            .collect(),
        contributions,
        activities: activities
            .into_values()
            .map(|(activity, count)| ActivitySummary { activity, count })
            .collect(),
        rows_counted: counted.len() as u64,
    };
    Judged {
        result,
        counted,
        counted_earlier,
        missing_partner: dq.missing_partner,
        logged_by_both: dq.logged_by_both,
        diagnostics,
        warnings,
    }
}

/// Promises with at least this many rows between them are judged on two
/// threads: a million rows took 0.2 s on one. The unit tests judge every
/// agreement of two promises or more so, and must find what the command
/// line finds judging them one by one.
const TWO_THREADS_ROWS: usize = if cfg!(test) { 1 } else { 1 << 16 };

/// Each promise judged from its rows, in the promises' order: from
/// [`TWO_THREADS_ROWS`] rows on, the promises in two runs of about as many
/// rows each, the second on another thread, each with its own memo of
/// parties.
fn judge_promises<'a>(
    judging: Judging<'a, '_>,
    matched: Vec<Vec<&'a Activity>>,
) -> Vec<Judged<'a>> {
    let words = &judging.agreement.party_words;
    let promises = &judging.agreement.promises;
    let judge_all = |run: Vec<(&Promise, Vec<&'a Activity>)>| -> Vec<Judged<'a>> {
        let mut parties = matching::KnownParties::new(words);
        run.into_iter()
            .map(|(promise, rows)| judge_promise(judging, promise, rows, &mut parties))
            .collect()
    };
    let total: usize = matched.iter().map(Vec::len).sum();
    let mut all: Vec<(&Promise, Vec<&'a Activity>)> = promises.iter().zip(matched).collect();
    if total < TWO_THREADS_ROWS || all.len() < 2 {
        return judge_all(all);
    }
    // The first run takes promises until it holds half the rows.
    let mut first_rows = 0;
    let split = all
        .iter()
        .position(|(_, rows)| {
            first_rows += rows.len();
            first_rows * 2 >= total
        })
        .map_or(all.len() - 1, |k| k + 1)
        .clamp(1, all.len() - 1);
    let second = all.split_off(split);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| judge_all(second));
        let mut judged = judge_all(all);
        // A panic there is one here, as when judged one by one.
        judged.extend(
            other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        judged
    })
}

/// A promise's status from its targets' (docs/counting-rules.md, "Verdicts").
fn promise_status(in_force: bool, targets: &[TargetResult], no_rows: bool) -> Status {
    if !in_force {
        return Status::NotApplicable;
    }
    let measurable: Vec<Status> = targets
        .iter()
        .filter(|t| t.kind.is_measurable() && t.status != Status::NotApplicable)
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
        let measurable: Vec<&TargetResult> = targets
            .iter()
            .filter(|t| t.kind.is_measurable() && t.status != Status::NotApplicable)
            .collect();
        return if measurable.iter().all(|t| not_yet_due(t)) {
            Status::InProgress
        } else {
            Status::NoData
        };
    }
    // A target without data (its activity types match no row) is not met,
    // and when every target is without data, so is the promise.
    if measurable.iter().all(|s| *s == Status::NoData) {
        return Status::NoData;
    }
    let measurable: Vec<Status> = measurable
        .into_iter()
        .map(|s| {
            if s == Status::NoData {
                Status::NotMet
            } else {
                s
            }
        })
        .collect();
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

/// Each promise's rows in the report window: what the checks of a
/// promise's rows (places, sums per month, Friday times) look at.
struct InWindow<'p, 'a> {
    agreement: &'p Agreement,
    per_promise: &'p [Vec<&'a Activity>],
    window: DateRange,
}

impl<'p, 'a: 'p> InWindow<'p, 'a> {
    /// Each promise beside its rows in the window.
    fn each(
        &self,
    ) -> impl Iterator<Item = (&'p Promise, impl Iterator<Item = &'a Activity> + 'p)> + 'p {
        let window = self.window;
        self.agreement
            .promises
            .iter()
            .zip(self.per_promise)
            .map(move |(p, rows)| {
                (
                    p,
                    rows.iter()
                        .copied()
                        .filter(move |a| window.contains(a.date)),
                )
            })
    }
}

/// A promise id a spreadsheet turned into a date ("1.2" typed in Swedish
/// Excel is 1 February, kept as 2023-02-01): the known id whose day and
/// month it is, with the date as the reader saw it ("1 februari").
fn typed_as_date<'k>(id: &str, known: &[&'k str]) -> Option<(&'k str, String)> {
    let date = NaiveDate::parse_from_str(id.trim(), "%Y-%m-%d").ok()?;
    let (day, month) = (date.day(), date.month());
    let readings = [
        format!("{day}.{month}"),
        format!("{month}.{day}"),
        format!("{day}/{month}"),
        format!("{month}/{day}"),
        format!("{day}-{month}"),
        format!("{month}-{day}"),
    ];
    let near = known
        .iter()
        .find(|k| readings.iter().any(|r| id_key(r) == id_key(k)))?;
    let name = crate::locale::SV_MONTHS.get(month as usize - 1)?;
    Some((near, format!("{day} {name}")))
}

#[cfg(test)]
mod tests;

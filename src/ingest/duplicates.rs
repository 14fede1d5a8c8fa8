//! Rows identical in every column the user wrote, within a file or across
//! files: likely entered twice. Several activities on one day at one place
//! are normal (a traffic unit logs several controls a day at the same
//! spot), so only a row that repeats another in *every* column — date and
//! time, promise, count, activity, place, participants, comment and every
//! other column — is reported, once per group of identical rows.
//!
//! The rows are still counted: two identical rows may be two activities
//! the log does not tell apart, and dropping one silently would lower a
//! figure. The warning says so.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use super::{Activity, Reading, Text, TextField};
use crate::diag::{Code, Diagnostic, Location, NamedRow, Place, push_rows};

/// Text as compared: trimmed, case-folded. "Kalix" and "kalix " are the
/// same place typed twice.
pub(super) fn fold(s: &str) -> impl Iterator<Item = char> + '_ {
    s.trim().chars().flat_map(char::to_lowercase)
}

fn fold_opt(s: Option<&str>) -> impl Iterator<Item = char> + '_ {
    fold(s.unwrap_or(""))
}

/// The non-empty extra columns of a row as (header, text), folded and
/// sorted: files may order their columns differently, and a column one
/// file lacks is the same as an empty one.
fn extras(a: &Activity) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = a
        .extra
        .iter()
        .filter(|e| !e.text.trim().is_empty())
        .map(|e| (fold(&e.header).collect(), fold(&e.text).collect()))
        .collect();
    v.sort();
    v
}

/// Whether two rows say the same in every column.
fn same(a: &Activity, b: &Activity) -> bool {
    a.date == b.date
        && a.time == b.time
        && a.count == b.count
        && TextField::ALL
            .iter()
            .all(|f| match (a.text(*f), b.text(*f)) {
                // One shared text, or the same text in two sheets' tables
                // (the halves of a large log): equal without folding.
                (Some(x), Some(y)) if std::ptr::eq(x, y) || x == y => true,
                (x, y) => fold_opt(x).eq(fold_opt(y)),
            })
        && extras(a) == extras(b)
}

/// A hash of everything [`same`] compares. Each text field is folded and
/// hashed on its own; a text is folded once per sheet and id, not once
/// per row (ids the rows repeat, see [`TextId`](super::TextId)): folding
/// them row by row was the largest part of ingestion. Extra columns are
/// hashed one by one and summed, so their order does not matter.
struct Fingerprint {
    buffer: String,
    /// Folded hashes of the current sheet's texts, direct-mapped by id:
    /// each slot holds the tag (sheet generation and id) of the text whose
    /// hash it holds. Bounded, whatever the number of texts: a column of
    /// unique comments is folded row by row.
    memo: Box<[(u64, u64)]>,
    /// The address of the sheet whose texts the memo's current
    /// generation names.
    sheet: usize,
    /// Starts at 1: a slot tagged 0 is empty.
    generation: u64,
}

/// Slots of the memo (a power of two).
const MEMO_SLOTS: usize = 4096;

/// Appends `s` folded as [`fold`] folds it; ASCII text (most of a log)
/// without going through `char::to_lowercase`.
fn push_folded(buffer: &mut String, s: &str) {
    let s = s.trim();
    if s.is_ascii() {
        let start = buffer.len();
        buffer.push_str(s);
        buffer[start..].make_ascii_lowercase();
    } else {
        buffer.extend(fold(s));
    }
}

/// The hasher of fingerprints and of the maps keyed by them: FxHash, as
/// the keys are a log's own rows and a fast hash matters for a million.
type FastHasher = rustc_hash::FxHasher;

impl Fingerprint {
    fn new() -> Self {
        Fingerprint {
            buffer: String::new(),
            memo: vec![(0, 0); MEMO_SLOTS].into_boxed_slice(),
            sheet: 0,
            generation: 1,
        }
    }

    /// The hash of `text` folded; blank is blank, written or not.
    fn folded(&mut self, text: &str) -> u64 {
        self.buffer.clear();
        push_folded(&mut self.buffer, text);
        if self.buffer.is_empty() {
            return 0;
        }
        let mut h = FastHasher::default();
        self.buffer.hash(&mut h);
        h.finish()
    }

    /// The hash of one text field of `a`, folded. Its sheet is the
    /// memo's (see [`Fingerprint::of`]).
    fn field(&mut self, a: &Activity, field: TextField) -> u64 {
        let Some(id) = a.id(field) else { return 0 };
        let n = id.get();
        let tag = self.generation << 32 | u64::from(n);
        let slot = n as usize & (MEMO_SLOTS - 1);
        if let Some((t, h)) = self.memo.get(slot)
            && *t == tag
        {
            return *h;
        }
        let h = self.folded(a.source.text(id));
        if let Some(s) = self.memo.get_mut(slot) {
            *s = (tag, h);
        }
        h
    }

    fn of(&mut self, a: &Activity) -> u64 {
        // Ids mean something in their own sheet only: another sheet's rows
        // start a generation of tags (the rows of a sheet come together).
        let sheet = std::sync::Arc::as_ptr(&a.source) as usize;
        if sheet != self.sheet {
            self.sheet = sheet;
            self.generation += 1;
        }
        let fields = TextField::ALL.map(|f| self.field(a, f));
        let mut h = FastHasher::default();
        (a.date, a.time, a.count, fields).hash(&mut h);
        let mut sum = h.finish();
        for e in a.extra.iter().filter(|e| !e.text.trim().is_empty()) {
            self.buffer.clear();
            push_folded(&mut self.buffer, &e.header);
            self.buffer.push('\u{1F}');
            push_folded(&mut self.buffer, &e.text);
            let mut h = FastHasher::default();
            self.buffer.hash(&mut h);
            sum = sum.wrapping_add(h.finish());
        }
        sum
    }
}

/// Logs of at least this many rows are fingerprinted in two halves at
/// once, the second on another thread.
const TWO_THREADS_ROWS: usize = 1 << 16;

/// The fingerprint of every row, in order. A fingerprint depends only on
/// its row, so the halves of a large log are done at the same time.
fn fingerprints(activities: &[Activity]) -> Vec<u64> {
    by_halves(activities, TWO_THREADS_ROWS, |rows| {
        let mut fingerprint = Fingerprint::new();
        rows.iter().map(|a| fingerprint.of(a)).collect()
    })
}

/// `each` of `items`, in order: from `two_threads_from` items on, of each
/// half, the second on another thread (and here, should that thread fail).
fn by_halves<T: Sync, R: Send>(
    items: &[T],
    two_threads_from: usize,
    each: impl Fn(&[T]) -> Vec<R> + Sync,
) -> Vec<R> {
    if items.len() < two_threads_from {
        return each(items);
    }
    let (upper, lower) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let lower_done = scope.spawn(|| each(lower));
        let mut all = each(upper);
        all.extend(lower_done.join().unwrap_or_else(|_| each(lower)));
        all
    })
}

/// Groups of identical rows (indices into `activities`, in log order),
/// each of two rows or more, ordered by their first row.
///
/// Each row's fingerprint keeps only as many of its high bits as leave
/// room for the row's index below them, and the keys are sorted in
/// place: rows of one fingerprint are then side by side, in log order,
/// and no table of a million entries is built beside the rows (a hash
/// map of first rows was 34 MB of a million-row log's peak). Rows that
/// share the shortened fingerprint are compared column by column, so a
/// shared fingerprint never joins rows that differ.
pub fn identical_groups(activities: &[Activity]) -> Vec<Vec<usize>> {
    groups_by(activities, fingerprints(activities))
}

/// [`identical_groups`] with each row's fingerprint given (tests give
/// poor ones, to make rows that differ share them).
fn groups_by(activities: &[Activity], mut keys: Vec<u64>) -> Vec<Vec<usize>> {
    let index_bits = usize::BITS - activities.len().leading_zeros();
    let index_mask = 1u64.checked_shl(index_bits).map_or(u64::MAX, |b| b - 1);
    for (i, key) in keys.iter_mut().enumerate() {
        *key = (*key & !index_mask) | i as u64;
    }
    let mut keys = maybe_shared(keys, index_bits);
    let mut groups = if keys.len() < TWO_THREADS_ROWS || index_bits >= u64::BITS - 1 {
        keys.sort_unstable();
        groups_in(activities, &keys, index_mask)
    } else {
        // Rows of one fingerprint share its top bit: the keys with it
        // clear and those with it set are sorted and grouped apart, the
        // second on another thread. Half a million keys sort in a tenth
        // of the time that a million do on one thread.
        let (clear, set) = split_by_top_bit(&mut keys);
        let (mut groups, other) = std::thread::scope(|scope| {
            let other = scope.spawn(|| {
                set.sort_unstable();
                groups_in(activities, set, index_mask)
            });
            clear.sort_unstable();
            (groups_in(activities, clear, index_mask), other.join().ok())
        });
        match other {
            Some(other) => groups.extend(other),
            // Should the thread fail, its keys are done here.
            None => {
                let (_, set) = split_by_top_bit(&mut keys);
                set.sort_unstable();
                groups.extend(groups_in(activities, set, index_mask));
            }
        }
        groups
    };
    groups.sort_unstable();
    groups
}

/// The `keys` (shortened fingerprints above `index_bits` bits of a row's
/// index) whose fingerprint another key may share: those a filter of
/// fingerprint bits saw more than once. A fingerprint no other row has
/// leaves no group, and in a log of few repeated rows that is nearly every
/// row: sorting only the rest was a third of the time of finding the
/// groups in a million rows. Keys that share a fingerprint share its top
/// bits, so the filter never drops one of them.
fn maybe_shared(mut keys: Vec<u64>, index_bits: u32) -> Vec<u64> {
    // Sixteen bits of filter per key: about one in sixteen keys of
    // distinct rows shares its bit with another, and stays.
    let wanted = (usize::BITS - keys.len().leading_zeros() + 4).clamp(10, 24);
    let bits = wanted.min(u64::BITS.saturating_sub(index_bits));
    if bits < 10 {
        return keys;
    }
    let shift = u64::BITS - bits;
    let slot = |key: u64| {
        let b = (key >> shift) as usize;
        (b / 64, 1u64 << (b % 64))
    };
    let mut once = vec![0u64; 1 << (bits - 6)];
    let mut twice = vec![0u64; 1 << (bits - 6)];
    for &key in &keys {
        let (w, m) = slot(key);
        if let (Some(o), Some(t)) = (once.get_mut(w), twice.get_mut(w)) {
            *t |= *o & m;
            *o |= m;
        }
    }
    keys.retain(|&key| {
        let (w, m) = slot(key);
        twice.get(w).is_some_and(|t| t & m != 0)
    });
    keys
}

/// `keys` reordered in place so that those whose top bit is clear come
/// first: the two parts.
fn split_by_top_bit(keys: &mut [u64]) -> (&mut [u64], &mut [u64]) {
    let mut clear = 0;
    for k in 0..keys.len() {
        if keys[k] >> 63 == 0 {
            keys.swap(clear, k);
            clear += 1;
        }
    }
    keys.split_at_mut(clear)
}

/// The groups of identical rows among `keys` (shortened fingerprints with
/// the row's index below `index_mask`, sorted), in no particular order.
fn groups_in(activities: &[Activity], keys: &[u64], index_mask: u64) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // The rows of one run of equal fingerprints, split by content: each
    // class starts at its first row.
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for run in keys.chunk_by(|a, b| a & !index_mask == b & !index_mask) {
        if run.len() < 2 {
            continue;
        }
        classes.clear();
        for &key in run {
            let i = (key & index_mask) as usize;
            let Some(a) = activities.get(i) else { continue };
            let class = classes.iter_mut().find(|class| {
                class
                    .first()
                    .and_then(|&j| activities.get(j))
                    .is_some_and(|b| same(b, a))
            });
            match class {
                Some(class) => class.push(i),
                None => classes.push(vec![i]),
            }
        }
        groups.extend(classes.drain(..).filter(|class| class.len() > 1));
    }
    groups
}

/// What to do about `n` identical rows, `across_logs` when they are in
/// more than one log. A pair's words are not copied into each warning: a
/// log may have tens of thousands of pairs.
fn duplicate_hint(n: usize, across_logs: bool) -> std::borrow::Cow<'static, str> {
    macro_rules! advice {
        () => {
            ". If one activity was entered more than once, delete the extra rows; if each row is an activity of its own, the log is right as it is"
        };
    }
    // The counting rules merge a joint event that both parties logged,
    // each in their own log.
    macro_rules! joint {
        () => {
            ", except that a joint promise counts an event logged in each party's log once"
        };
    }
    match (n, across_logs) {
        (2, false) => concat!("both are counted", advice!()).into(),
        (2, true) => concat!("both are counted", joint!(), advice!()).into(),
        (n, across_logs) => format!(
            "all {n} are counted{}{}",
            if across_logs { joint!() } else { "" },
            advice!()
        )
        .into(),
    }
}

/// One warning per group of identical rows, and an error for each log
/// that copies another ([`copies`], [`super::projected`]) or sums it
/// ([`super::summed`]); the groups such a log explains are not warned
/// about again.
pub(super) fn warn(out: &mut Reading) {
    let logs = Logs::of(&out.activities);
    let mut groups = identical_groups(&out.activities);
    let (copied, mut named) = copies(&out.activities, &logs, &groups);
    out.diagnostics.extend(copied);
    let (summed, summaries) = super::summed::summaries(&out.activities, &logs);
    out.diagnostics.extend(summed);
    named.extend(summaries);
    let (copied, more) = super::projected::copies(&out.activities, &logs, &named);
    out.diagnostics.extend(copied);
    named.extend(more);
    let (repeated, mut again) = pasted(&out.activities, &logs, &groups);
    out.diagnostics.extend(repeated);
    let (left, more) = left_from_copy(&out.activities, &logs, &groups);
    out.diagnostics.extend(left);
    again.extend(more);
    if !named.is_empty() || !again.is_empty() {
        // A group is explained when, the named logs' rows and the rows
        // pasted again left out, at most one row is left: its rows are
        // identical only because a log was copied.
        let again: std::collections::HashSet<usize> = again.into_iter().collect();
        let activities = &out.activities;
        groups.retain(|group| {
            group
                .iter()
                .filter(|&&i| {
                    !again.contains(&i)
                        && activities
                            .get(i)
                            .is_some_and(|a| !named.contains(&logs.of_row(a)))
                })
                .count()
                > 1
        });
    }
    let activities = &out.activities;
    // A log of many repeated rows has tens of thousands of groups.
    let found = by_halves(&groups, TWO_THREADS_GROUPS, |groups| {
        let mut names = Names::default();
        groups
            .iter()
            .filter_map(|group| group_warning(activities, group, &mut names))
            .collect()
    });
    out.diagnostics.extend(found);
}

/// The logs rows come from, each a file or a sheet of a workbook, in the
/// order read. The halves of a large log are sheets of their own with one
/// name: one log.
pub(super) struct Logs {
    /// Each log's file and sheet names.
    pub names: Vec<(Text, Option<Text>)>,
    /// Each log's number of rows.
    pub rows: Vec<usize>,
    /// The log of each sheet, by its address: no list as long as the
    /// rows is made.
    sheets: HashMap<*const super::LogSheet, usize, rustc_hash::FxBuildHasher>,
}

impl Logs {
    /// The logs of `activities`.
    pub fn of(activities: &[Activity]) -> Logs {
        let mut logs = Logs {
            names: Vec::new(),
            rows: Vec::new(),
            sheets: HashMap::default(),
        };
        let mut last: Option<(*const super::LogSheet, usize)> = None;
        for a in activities {
            let sheet = std::sync::Arc::as_ptr(&a.source);
            let log = match last {
                // Rows of one sheet come one after another.
                Some((s, log)) if s == sheet => log,
                _ => {
                    let log = logs.sheets.get(&sheet).copied().unwrap_or_else(|| {
                        let name = (&a.source.file, a.source.sheet.as_ref());
                        let log = logs
                            .names
                            .iter()
                            .position(|(f, s)| (f, s.as_ref()) == name)
                            .unwrap_or_else(|| {
                                logs.names.push((name.0.clone(), name.1.cloned()));
                                logs.rows.push(0);
                                logs.names.len() - 1
                            });
                        logs.sheets.insert(sheet, log);
                        log
                    });
                    last = Some((sheet, log));
                    log
                }
            };
            logs.rows[log] += 1;
        }
        logs
    }

    /// How many logs there are.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Each of `activities` with the log it comes from, its sheet looked
    /// up once for each run of its rows, not once a row.
    pub fn each<'s, 'a>(
        &'s self,
        activities: &'a [Activity],
    ) -> impl Iterator<Item = (usize, &'a Activity)> + use<'s, 'a> {
        let mut last: Option<(*const super::LogSheet, usize)> = None;
        activities.iter().map(move |a| {
            let sheet = std::sync::Arc::as_ptr(&a.source);
            let log = match last {
                Some((s, log)) if s == sheet => log,
                _ => {
                    let log = self.of_row(a);
                    last = Some((sheet, log));
                    log
                }
            };
            (log, a)
        })
    }

    /// The log `a` comes from.
    pub fn of_row(&self, a: &Activity) -> usize {
        self.sheets
            .get(&std::sync::Arc::as_ptr(&a.source))
            .copied()
            .unwrap_or(usize::MAX)
    }

    /// Log `log` named for a message that also names log `other`: a sheet
    /// of the same file by its sheet name alone.
    pub fn name(&self, log: usize, other: usize) -> String {
        let (file, sheet) = &self.names[log];
        match sheet {
            Some(sheet) if *file == self.names[other].0 => format!("the sheet \"{sheet}\""),
            Some(sheet) => format!("the sheet \"{sheet}\" of {file}"),
            None => format!("the log {file}"),
        }
    }

    /// Where log `log` is: its file, and sheet.
    pub fn location(&self, log: usize) -> Location {
        let (file, sheet) = &self.names[log];
        Location::shared(file, sheet.as_ref(), Place::File)
    }
}

/// Each repeated row's group (its index in `groups`), by the row's index.
fn group_of(groups: &[Vec<usize>]) -> rustc_hash::FxHashMap<usize, usize> {
    groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| group.iter().map(move |&i| (i, g)))
        .collect()
}

/// A run of consecutive rows repeating an earlier run of the same log, in
/// the same order, is the log pasted in twice (or a block of it): at least
/// this many rows.
const PASTED_MIN_ROWS: usize = 3;

/// Runs of at least [`PASTED_MIN_ROWS`] consecutive rows of one log, not
/// all alike, each identical to the row at the same place of an earlier
/// run of that log: a log pasted under itself (with or without its header
/// again), whose rows would all be counted twice. An error for each, and
/// the rows of the later runs.
fn pasted(
    activities: &[Activity],
    logs: &Logs,
    groups: &[Vec<usize>],
) -> (Vec<Diagnostic>, Vec<usize>) {
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    if groups.is_empty() {
        return (errors, rows);
    }
    // Each row's group, and the nearest earlier row of its log alike.
    let group_of = group_of(groups);
    let mut earlier: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for group in groups {
        let mut last: Vec<(usize, usize)> = Vec::new();
        for &i in group {
            let Some(a) = activities.get(i) else { continue };
            let log = logs.of_row(a);
            match last.iter_mut().find(|(l, _)| *l == log) {
                Some((_, before)) => {
                    earlier.insert(i, *before);
                    *before = i;
                }
                None => last.push((log, i)),
            }
        }
    }
    let mut i = 0;
    while i < activities.len() {
        let Some(&from) = earlier.get(&i) else {
            i += 1;
            continue;
        };
        let log = logs.of_row(&activities[i]);
        let mut n = 0;
        // The earlier run ends before this one starts.
        while i + n < activities.len()
            && from + n < i
            && earlier.get(&(i + n)) == Some(&(from + n))
            && logs.of_row(&activities[i + n]) == log
        {
            n += 1;
        }
        let alike = (1..n).all(|k| group_of.get(&(i + k)) == group_of.get(&i));
        if n < PASTED_MIN_ROWS || alike {
            i += 1;
            continue;
        }
        let (first, last) = (&activities[i], &activities[i + n - 1]);
        let (was_first, was_last) = (&activities[from], &activities[from + n - 1]);
        let what = if first.source.sheet.is_some() {
            "rows"
        } else {
            "lines"
        };
        let name = match &first.source.sheet {
            Some(sheet) => format!("the sheet \"{sheet}\" of {}", first.source.file),
            None => first.source.file.to_string(),
        };
        errors.push(
            Diagnostic::error(
                Code::RepeatedRows,
                format!(
                    "{what} {}–{} of {name} repeat {what} {}–{} in the same order, every column alike: the log is there twice, and each row would be counted twice",
                    first.row, last.row, was_first.row, was_last.row,
                ),
            )
            .at(first.location())
            .related("repeats", was_first.location())
            .hint(format!(
                "delete {what} {}–{} if the log was pasted in twice; if they are activities of their own, write what tells each apart (its time, place or a comment)",
                first.row, last.row
            )),
        );
        rows.extend(i..i + n);
        i += n;
    }
    (errors, rows)
}

/// Identical rows of the last row of a sheet looked at in other sheets:
/// a real leftover repeats a few rows; a log of one row repeated
/// thousands of times is not gone through row by row.
const LEFT_CANDIDATES: usize = 16;

/// Runs of at least [`PASTED_MIN_ROWS`] rows, not all alike, at the end or
/// the start of a log, that repeat consecutive rows of another log (a
/// sheet of the same workbook, or another file) in the same order and are
/// dated in an earlier year than every other row of their log: a year's
/// sheet or file copied from last year's, the new rows typed over the old
/// and the old year's last rows left under or above them, each counted
/// twice. An error for each, and the rows of the runs. Rows of two logs
/// alike for another reason (a walk both parties logged, in the same
/// year) stay warnings.
fn left_from_copy(
    activities: &[Activity],
    logs: &Logs,
    groups: &[Vec<usize>],
) -> (Vec<Diagnostic>, Vec<usize>) {
    use chrono::Datelike;
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    if groups.is_empty() || logs.len() < 2 {
        return (errors, rows);
    }
    let group_of = group_of(groups);
    // Each log's rows in order, and where a repeated row is in its log.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); logs.len()];
    let mut position: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for (i, (log, _)) in logs.each(activities).enumerate() {
        if let Some(m) = members.get_mut(log) {
            if group_of.contains_key(&i) {
                position.insert(i, m.len());
            }
            m.push(i);
        }
    }
    let alike = |x: usize, y: usize| {
        group_of
            .get(&x)
            .is_some_and(|g| group_of.get(&y) == Some(g))
    };
    for (b, here) in members.iter().enumerate() {
        // The run needs rows of the log's own beside it.
        let m = here.len();
        if m <= PASTED_MIN_ROWS {
            continue;
        }
        for end in [End::Last, End::First] {
            // The log's rows from this end inwards, and another log's
            // from its row `p` the same way.
            let ours = |n: usize| match end {
                End::Last => here[m - 1 - n],
                End::First => here[n],
            };
            let Some(&g) = group_of.get(&ours(0)) else {
                continue;
            };
            // The longest run: (log, its position there, rows).
            let mut best: Option<(usize, usize, usize)> = None;
            let candidates = groups[g]
                .iter()
                .filter_map(|&j| Some((logs.of_row(activities.get(j)?), j)))
                .filter(|&(a, _)| a != b && a < logs.len())
                .take(LEFT_CANDIDATES);
            for (a, j) in candidates {
                let Some(&pj) = position.get(&j) else {
                    continue;
                };
                let there = &members[a];
                let theirs = |n: usize| match end {
                    End::Last => pj.checked_sub(n).map(|k| there[k]),
                    End::First => there.get(pj + n).copied(),
                };
                let mut n = 0;
                while n + 1 < m && theirs(n).is_some_and(|t| alike(ours(n), t)) {
                    n += 1;
                }
                if best.is_none_or(|(_, _, k)| n > k) {
                    best = Some((a, pj, n));
                }
            }
            let Some((a, pj, n)) = best else { continue };
            let (run, rest) = match end {
                End::Last => {
                    let (rest, run) = here.split_at(m - n);
                    (run, rest)
                }
                End::First => here.split_at(n),
            };
            if n < PASTED_MIN_ROWS || run.iter().all(|&i| alike(i, run[0])) {
                continue;
            }
            let year = |i: &usize| activities[*i].date.year();
            let (Some(latest), Some(earliest_rest)) =
                (run.iter().map(year).max(), rest.iter().map(year).min())
            else {
                continue;
            };
            if latest >= earliest_rest {
                continue;
            }
            // The other log's run, in its order.
            let was = match end {
                End::Last => &members[a][pj + 1 - n..=pj],
                End::First => &members[a][pj..pj + n],
            };
            errors.push(left_error(activities, logs, (b, run), (a, was), end));
            rows.extend_from_slice(run);
            // A log is left from one copy at one end at most.
            break;
        }
    }
    (errors, rows)
}

/// Which end of a log a run left from a copy is at.
#[derive(Clone, Copy)]
enum End {
    Last,
    First,
}

/// The error of rows `run` of log `b` left from log `a`'s rows `was`.
fn left_error(
    activities: &[Activity],
    logs: &Logs,
    (b, run): (usize, &[usize]),
    (a, was): (usize, &[usize]),
    end: End,
) -> Diagnostic {
    let (first, last) = (&activities[run[0]], &activities[run[run.len() - 1]]);
    let (was_first, was_last) = (&activities[was[0]], &activities[was[was.len() - 1]]);
    let what = if first.source.sheet.is_some() {
        "rows"
    } else {
        "lines"
    };
    let was_what = if was_first.source.sheet.is_some() {
        "rows"
    } else {
        "lines"
    };
    let (file, sheet) = &logs.names[b];
    let (log, kind) = match sheet {
        Some(sheet) => (format!("the sheet \"{sheet}\" of {file}"), "sheet"),
        None => (file.to_string(), "file"),
    };
    let at = match end {
        End::Last => "end",
        End::First => "start",
    };
    Diagnostic::error(
        Code::RepeatedRows,
        format!(
            "{what} {}–{} at the {at} of {log} repeat {was_what} {}–{} of {} in the same order, every column alike, and are dated in an earlier year than every other row there: left from the {kind} it was copied from, each would be counted twice",
            first.row,
            last.row,
            was_first.row,
            was_last.row,
            logs.name(a, b),
        ),
    )
    .at(first.location())
    .related("repeats", was_first.location())
    .hint(format!(
        "delete {what} {}–{} of {log} if they were left there when the {kind} was copied; if they are activities of their own, write what tells each apart (its time, place or a comment)",
        first.row, last.row
    ))
}

/// A log (a file, or a sheet of a workbook) with at least this many rows,
/// each identical to a row of another log, is a copy of it: a sheet
/// copied to keep the old version, or last year's file named again.
/// Fewer rows may be a few joint activities that each party logged.
const COPY_MIN_ROWS: usize = 3;

/// Logs whose every row is identical to a row of one other log, one row
/// there for each row here: copies, whose rows would all be counted
/// twice. A warning beside a doubled figure is not enough, so each is an
/// error naming the copy and the log it copies. A log is named as the
/// copy of a larger one, or of one read before it as large. Also the
/// logs named.
fn copies(
    activities: &[Activity],
    logs: &Logs,
    groups: &[Vec<usize>],
) -> (Vec<Diagnostic>, Vec<usize>) {
    // Without identical rows, or with one log, there is no copy, and the
    // rows need not be gone through.
    if groups.is_empty() || logs.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let log_of = |i: usize| activities.get(i).map_or(usize::MAX, |a| logs.of_row(a));
    // Rows of log `s` matched by rows of log `t`, one for one.
    let mut matched: HashMap<(usize, usize), usize> = HashMap::new();
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for group in groups {
        counts.clear();
        for &i in group {
            let log = log_of(i);
            match counts.iter_mut().find(|(l, _)| *l == log) {
                Some((_, n)) => *n += 1,
                None => counts.push((log, 1)),
            }
        }
        for &(s, cs) in &counts {
            for &(t, ct) in &counts {
                if s != t {
                    *matched.entry((s, t)).or_default() += cs.min(ct);
                }
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let rows = &logs.rows;
    for s in 0..logs.len() {
        if rows[s] < COPY_MIN_ROWS {
            continue;
        }
        let original = (0..logs.len()).find(|&t| {
            t != s
                && matched.get(&(s, t)) == Some(&rows[s])
                && (rows[t] > rows[s] || (rows[t] == rows[s] && t < s))
        });
        if let Some(t) = original {
            pairs.push((s, t));
        }
    }
    let errors = pairs
        .iter()
        .map(|&(s, t)| {
            let same_file = logs.names[s].0 == logs.names[t].0;
            Diagnostic::error(
                Code::CopiedLog,
                format!(
                    "{} is a copy of {}: each of its {} rows is identical to a row there, so every one would be counted twice",
                    logs.name(s, t),
                    logs.name(t, s),
                    rows[s],
                ),
            )
            .at(logs.location(s))
            .related("copied from", logs.location(t))
            .hint(copy_hint(same_file))
        })
        .collect();
    (errors, pairs.iter().map(|&(s, _)| s).collect())
}

/// What to do about a log that copies another, a sheet of the same file
/// (`same_file`) or a file of its own.
pub(super) fn copy_hint(same_file: bool) -> &'static str {
    if same_file {
        "delete the copied sheet, or hide it (hidden sheets are read only with --include-hidden or dolda_blad = true); if its rows are activities of their own, say who did each in an Ansvarig column"
    } else {
        "take the copy out of loggar in the promise file (or out of --activities); if its rows are activities of their own, say who did each in an Ansvarig column"
    }
}

/// Each sheet's names as the warnings of one thread name them: a copy of
/// its own, not a share of the rows' (two threads counting references to
/// one name would contend for it in every warning).
#[derive(Default)]
struct Names(HashMap<usize, (Text, Option<Text>), rustc_hash::FxBuildHasher>);

impl Names {
    /// Where `a` is, named by this thread's copy of its sheet's names.
    fn location(&mut self, a: &Activity) -> Location {
        let (file, sheet) = self
            .0
            .entry(std::sync::Arc::as_ptr(&a.source) as usize)
            .or_insert_with(|| {
                (
                    Text::from(a.source.file.as_str()),
                    a.source.sheet.as_deref().map(Text::from),
                )
            });
        Location::shared(file, sheet.as_ref(), a.row_place())
    }
}

/// Groups of identical rows from which their warnings are worded on two
/// threads.
const TWO_THREADS_GROUPS: usize = 4096;

/// The warning for one group of identical rows (indices into
/// `activities`).
fn group_warning(
    activities: &[Activity],
    group: &[usize],
    names: &mut Names,
) -> Option<Diagnostic> {
    let rows: Vec<&Activity> = group.iter().filter_map(|i| activities.get(*i)).collect();
    let (head, rest) = rows.split_first()?;
    let n = rows.len();
    // Worded as `RowList::text` words the rows' locations, without making
    // them first.
    let mut message = format!("{n} identical rows: ");
    push_rows(
        &mut message,
        crate::locale::Lang::En,
        n,
        rows.iter().filter_map(|a| {
            Some(NamedRow {
                file: &a.source.file,
                sheet: a.source.sheet.as_deref(),
                row: Ok(a.row_place().row_number()?),
            })
        }),
    );
    let mut d = Diagnostic::warning(Code::DuplicateRow, message)
        .at(names.location(head))
        .hint(duplicate_hint(
            n,
            rows.iter().any(|a| a.source.file != head.source.file),
        ));
    d.related.reserve_exact(rest.len());
    for a in rest {
        d = d.related("identical", names.location(a));
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ExtraValue, LogSheet};
    use chrono::{NaiveDate, NaiveTime};

    fn row(n: u32, place: &str) -> Activity {
        Activity::by_hand(
            NaiveDate::from_ymd_opt(2023, 5, 3).unwrap(),
            1,
            n,
            LogSheet::new("polisen.csv", None),
        )
        .with_texts(&[
            (TextField::Promise, "T1"),
            (TextField::Activity, "Hastighetskontroll"),
            (TextField::Place, place),
        ])
    }

    fn extra(header: &str, text: &str) -> ExtraValue {
        ExtraValue {
            header: header.into(),
            text: text.to_owned(),
            number: None,
            column: 7,
            merged: false,
        }
    }

    #[test]
    fn one_group_per_set_of_identical_rows() {
        let rows = vec![
            row(5, "E4"),
            row(6, "Centrum"),
            row(26, "e4 "),
            row(33, "E4"),
            row(40, "Centrum"),
        ];
        assert_eq!(identical_groups(&rows), vec![vec![0, 2, 3], vec![1, 4]]);
    }

    #[test]
    fn any_differing_column_makes_rows_distinct() {
        let base = row(2, "E4");
        let mut timed = row(3, "E4");
        timed.time = NaiveTime::from_hms_opt(7, 30, 0).into();
        let mut counted = row(4, "E4");
        counted.count = 2;
        let mut commented = row(5, "E4");
        commented.set_text(TextField::Comment, Some("morgon"));
        let mut other_column = row(6, "E4");
        other_column.extra = thin_vec::thin_vec![extra("Kontrollerade fordon", "12")];
        let mut by = row(7, "E4");
        by.set_text(TextField::Responsible, Some("Trafikpolis"));
        let rows = vec![base, timed, counted, commented, other_column, by];
        assert!(identical_groups(&rows).is_empty());
    }

    #[test]
    fn extra_columns_compare_by_header_not_position() {
        let mut a = row(2, "E4");
        a.extra = thin_vec::thin_vec![extra("Tid", "07:30"), extra("Fordon", "12")];
        let mut b = row(3, "E4");
        std::sync::Arc::make_mut(&mut b.source).file = "kommunen.csv".into();
        b.extra = thin_vec::thin_vec![
            extra("fordon", "12"),
            extra("Tid", "07:30"),
            extra("X", " "),
        ];
        assert_eq!(identical_groups(&[a, b]), vec![vec![0, 1]]);
    }

    /// The filter before the sort keeps every key whose fingerprint
    /// another key has, whatever bits the fingerprints differ in, and
    /// drops most keys of a fingerprint of their own; with no bits left
    /// to filter on, it keeps them all.
    #[test]
    fn the_filter_keeps_every_shared_fingerprint() {
        let n = 100_000u64;
        let index_bits = u64::BITS - n.leading_zeros();
        let index_mask = (1u64 << index_bits) - 1;
        // Every fifth row shares its fingerprint with the fifth after it;
        // a fingerprint differs from another in its low bits as often as
        // in its high ones.
        let fingerprint = |i: u64| {
            let seed = if i.is_multiple_of(5) { i / 10 } else { n + i };
            let mut h = FastHasher::default();
            seed.hash(&mut h);
            h.finish()
        };
        let keys: Vec<u64> = (0..n).map(|i| (fingerprint(i) & !index_mask) | i).collect();
        let mut count: HashMap<u64, usize> = HashMap::new();
        for k in &keys {
            *count.entry(k & !index_mask).or_default() += 1;
        }
        let shared: Vec<u64> = keys
            .iter()
            .copied()
            .filter(|k| count[&(k & !index_mask)] > 1)
            .collect();
        assert_eq!(shared.len() as u64, n / 5);
        let kept = maybe_shared(keys.clone(), index_bits);
        let kept_set: std::collections::HashSet<u64> = kept.iter().copied().collect();
        assert!(shared.iter().all(|k| kept_set.contains(k)));
        assert!(kept.len() < shared.len() * 2, "{} kept", kept.len());
        assert_eq!(maybe_shared(keys.clone(), 60), keys);
    }

    /// A log large enough to be fingerprinted on two threads finds the
    /// same groups, across the halves too.
    #[test]
    fn halves_find_groups_across_them() {
        let n = TWO_THREADS_ROWS + 10;
        let rows: Vec<Activity> = (0..n)
            .map(|k| {
                let mut a = row(k as u32 + 2, &format!("Plats {}", k % (n / 2)));
                a.set_text(TextField::Comment, (k % 3 == 0).then_some("morgon"));
                a
            })
            .collect();
        let groups = identical_groups(&rows);
        let mut expected: Vec<Vec<usize>> = Vec::new();
        for k in 0..n / 2 {
            let same: Vec<usize> = (k..n)
                .step_by(n / 2)
                .filter(|j| (j % 3 == 0) == (k % 3 == 0))
                .collect();
            if same.len() > 1 && same[0] == k {
                expected.push(same);
            }
        }
        assert!(expected.len() > 1000);
        assert_eq!(groups, expected);
    }

    /// Groups as comparing every row with every earlier one finds them.
    fn groups_pair_by_pair(rows: &[Activity]) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut grouped = vec![false; rows.len()];
        for i in 0..rows.len() {
            if grouped[i] {
                continue;
            }
            let group: Vec<usize> = (i..rows.len())
                .filter(|&j| same(&rows[i], &rows[j]))
                .collect();
            if group.len() > 1 {
                for &j in &group {
                    grouped[j] = true;
                }
                groups.push(group);
            }
        }
        groups
    }

    proptest::proptest! {
        /// Sorting shortened fingerprints finds exactly the groups that
        /// comparing every pair of rows finds, whatever the log's size
        /// (and so the number of bits left to the fingerprint).
        #[test]
        fn sorted_fingerprints_find_the_groups_pair_by_pair_finds(
            cells in proptest::collection::vec((0u8..3, 0u8..4, 0u8..2, 0u8..3), 0..300)
        ) {
            let places = ["E4", "e4 ", "Centrum"];
            let rows: Vec<Activity> = cells
                .iter()
                .enumerate()
                .map(|(n, &(place, comment, count, day))| {
                    let mut a = row(n as u32 + 2, places[usize::from(place)]);
                    let text = format!("K{comment}");
                    a.set_text(TextField::Comment, (comment > 0).then_some(text.as_str()));
                    a.count = u32::from(count) + 1;
                    a.date = NaiveDate::from_ymd_opt(2023, 5, u32::from(day) + 1).unwrap();
                    a
                })
                .collect();
            let expected = groups_pair_by_pair(&rows);
            proptest::prop_assert_eq!(identical_groups(&rows), expected.clone());
            // Fingerprints shared by rows that differ: only the columns
            // decide.
            let poor: Vec<u64> = rows.iter().map(|a| u64::from(a.count) << 62).collect();
            proptest::prop_assert_eq!(groups_by(&rows, poor), expected);
        }
    }

    /// The warning words its rows as the list of their locations does
    /// (it is worded without making them): files and sheets apart, at most
    /// ten rows, and its locations are the rows'.
    #[test]
    fn a_warning_names_its_rows_as_their_row_list_does() {
        let xlsx = LogSheet::new("logg.xlsx", Some("2023".into()));
        let rows: Vec<Activity> = (0..14u32)
            .map(|k| {
                let mut a = row(k + 2, "E4");
                if k % 4 == 1 {
                    a.source = xlsx.clone();
                    a.set_text(TextField::Place, Some("E4"));
                    a.set_text(TextField::Promise, Some("T1"));
                    a.set_text(TextField::Activity, Some("Hastighetskontroll"));
                }
                a
            })
            .collect();
        let group: Vec<usize> = (0..rows.len()).collect();
        let d = group_warning(&rows, &group, &mut Names::default()).unwrap();
        let locations: Vec<Location> = rows.iter().map(Activity::location).collect();
        let list = crate::diag::RowList(locations.clone());
        assert_eq!(
            d.message,
            format!("14 identical rows: {}", list.text(crate::locale::Lang::En))
        );
        assert!(
            d.message.contains("; logg.xlsx, sheet \"2023\", row 3; "),
            "{}",
            d.message
        );
        assert!(d.message.ends_with(" and 4 more"), "{}", d.message);
        assert_eq!(d.location.as_ref(), locations.first());
        let related: Vec<&Location> = d.related.iter().map(|r| &r.location).collect();
        assert_eq!(related, locations.iter().skip(1).collect::<Vec<_>>());
    }

    /// Enough groups to be worded on two threads: the same warnings, in
    /// the same order, as wording them one by one.
    #[test]
    fn many_groups_are_worded_as_one_by_one() {
        let n = TWO_THREADS_GROUPS + 7;
        // The second half in reverse: in the same order, the rows would be
        // the log pasted twice, an error of its own.
        let rows: Vec<Activity> = (0..2 * n)
            .map(|k| {
                row(
                    k as u32 + 2,
                    &format!("Plats {}", if k < n { k } else { 2 * n - 1 - k }),
                )
            })
            .collect();
        let groups = identical_groups(&rows);
        assert_eq!(groups.len(), n);
        let one_by_one: Vec<Diagnostic> = groups
            .iter()
            .filter_map(|group| group_warning(&rows, group, &mut Names::default()))
            .collect();
        let mut out = crate::ingest::Reading {
            rows: crate::ingest::Ingested {
                activities: rows,
                ..Default::default()
            },
            ..Default::default()
        };
        warn(&mut out);
        assert_eq!(out.diagnostics, one_by_one);
        assert_eq!(
            out.diagnostics[n - 1].message,
            format!("2 identical rows: polisen.csv, line {}, {}", n + 1, n + 2)
        );
    }

    #[test]
    fn the_warning_names_every_row_once() {
        let mut out = crate::ingest::Reading {
            rows: crate::ingest::Ingested {
                activities: vec![row(5, "E4"), row(26, "E4"), row(33, "E4")],
                ..Default::default()
            },
            ..Default::default()
        };
        warn(&mut out);
        assert_eq!(out.diagnostics.len(), 1);
        let d = &out.diagnostics[0];
        assert_eq!(d.message, "3 identical rows: polisen.csv, line 5, 26, 33");
        assert_eq!(d.related.len(), 2);
        assert!(d.hint.as_deref().unwrap().starts_with("all 3 are counted"));
    }

    /// Rows at `places` in the sheet `sheet` of `file`, numbered from
    /// row 2 (each row made by hand has a table of texts of its own, as
    /// the halves of a large log have).
    fn sheet_of(file: &str, sheet: Option<&str>, places: &[&str]) -> Vec<Activity> {
        places
            .iter()
            .enumerate()
            .map(|(k, place)| {
                let mut a = row(k as u32 + 2, place);
                let source = std::sync::Arc::make_mut(&mut a.source);
                source.file = file.into();
                source.sheet = sheet.map(Text::from);
                a
            })
            .collect()
    }

    fn reading(activities: Vec<Activity>) -> Reading {
        crate::ingest::Reading {
            rows: crate::ingest::Ingested {
                activities,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// Regression: a sheet copied beside the log ("Logg (2)") was read as
    /// a log of its own, and every figure doubled beside warnings of
    /// identical rows, with exit 0.
    #[test]
    fn a_copied_sheet_is_an_error_not_a_doubled_figure() {
        let places = ["E4", "Centrum", "Torget"];
        let mut rows = sheet_of("logg.xlsx", Some("Logg"), &places);
        rows.extend(sheet_of("logg.xlsx", Some("Logg (2)"), &places));
        let mut out = reading(rows);
        warn(&mut out);
        assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);
        let d = &out.diagnostics[0];
        assert_eq!(d.code, Code::CopiedLog);
        assert!(d.is_error());
        assert_eq!(
            d.message,
            "the sheet \"Logg (2)\" is a copy of the sheet \"Logg\": each of its 3 rows is identical to a row there, so every one would be counted twice"
        );
        let at = d.location.as_ref().unwrap();
        assert_eq!(at.sheet.as_deref(), Some("Logg (2)"));
        assert_eq!(d.related[0].location.sheet.as_deref(), Some("Logg"));
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .starts_with("delete the copied sheet")
        );
    }

    /// A sheet holding some of another's rows, in another order (a
    /// quarter copied out of the year's log), is a copy too; so is a
    /// file whose rows another file holds, named as a file.
    #[test]
    fn a_part_copied_or_another_file_is_a_copy() {
        let year = ["E4", "Centrum", "Torget", "Hamnen", "Skolan"];
        let mut rows = sheet_of("logg.xlsx", Some("Kvartal 1"), &["Torget", "E4", "Skolan"]);
        rows.extend(sheet_of("logg.xlsx", Some("2023"), &year));
        rows.extend(sheet_of("gammal.csv", None, &year));
        let mut out = reading(rows);
        warn(&mut out);
        let messages: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the sheet \"Kvartal 1\" is a copy of the sheet \"2023\": each of its 3 rows is identical to a row there, so every one would be counted twice",
                "the log gammal.csv is a copy of the sheet \"2023\" of logg.xlsx: each of its 5 rows is identical to a row there, so every one would be counted twice",
            ]
        );
        assert!(
            out.diagnostics[1]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("take the copy out of loggar")
        );
    }

    /// Regression: a log pasted under itself (its header again or not)
    /// was counted twice beside warnings of identical rows. Three rows
    /// alike repeated, or rows repeated out of order, are not a paste.
    #[test]
    fn a_log_pasted_twice_is_an_error_naming_both_runs() {
        let places = ["E4", "Centrum", "Torget", "Hamnen"];
        let mut rows = sheet_of("logg.csv", None, &places);
        rows.extend(sheet_of("logg.csv", None, &places));
        for (k, a) in rows.iter_mut().enumerate() {
            // Line 6 is the header again.
            a.row = k as u32 + 2 + u32::from(k >= 4);
        }
        let mut out = reading(rows);
        warn(&mut out);
        let codes: Vec<Code> = out.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::RepeatedRows], "{:#?}", out.diagnostics);
        assert_eq!(
            out.diagnostics[0].message,
            "lines 7–10 of logg.csv repeat lines 2–5 in the same order, every column alike: the log is there twice, and each row would be counted twice"
        );
        for (places, again) in [
            (["E4", "E4", "E4"], ["E4", "E4", "E4"]),
            (["E4", "Centrum", "Torget"], ["Torget", "Centrum", "E4"]),
        ] {
            let mut rows = sheet_of("logg.csv", None, &places);
            rows.extend(sheet_of("logg.csv", None, &again));
            let mut out = reading(rows);
            warn(&mut out);
            assert!(
                out.diagnostics.iter().all(|d| d.code == Code::DuplicateRow),
                "{places:?} {again:?}: {:#?}",
                out.diagnostics
            );
        }
    }

    /// Not copies: two rows that each party logged (fewer than
    /// [`COPY_MIN_ROWS`]); two parties' logs of the same days, told apart
    /// by Ansvarig; a sheet with one row of its own; a row there
    /// three times and once here; the halves of one large log. Their
    /// identical rows are warned about as before.
    #[test]
    fn what_is_not_a_copy() {
        let by = |mut rows: Vec<Activity>, who: &str| {
            for a in &mut rows {
                a.set_text(TextField::Responsible, Some(who));
            }
            rows
        };
        let cases: Vec<(Vec<Activity>, usize)> = vec![
            {
                let mut rows = sheet_of("polisen.xlsx", None, &["E4", "Centrum", "Torget"]);
                rows.extend(sheet_of("kommunen.xlsx", None, &["E4", "Centrum"]));
                (rows, 2)
            },
            {
                let places = ["E4", "Centrum", "Torget"];
                let mut rows = by(sheet_of("polisen.xlsx", None, &places), "Polisen");
                rows.extend(by(sheet_of("kommunen.xlsx", None, &places), "Kommunen"));
                (rows, 0)
            },
            {
                let mut rows = sheet_of(
                    "logg.xlsx",
                    Some("A"),
                    &["E4", "Centrum", "Torget", "Kyrkan"],
                );
                rows.extend(sheet_of(
                    "logg.xlsx",
                    Some("B"),
                    &["Hamnen", "Torget", "Centrum", "E4"],
                ));
                (rows, 3)
            },
            {
                let mut rows = sheet_of("logg.xlsx", Some("A"), &["E4", "E4", "E4"]);
                rows.extend(sheet_of(
                    "logg.xlsx",
                    Some("B"),
                    &["E4", "Centrum", "Torget", "Hamnen"],
                ));
                (rows, 1)
            },
            {
                let mut rows = sheet_of("stor.csv", None, &["E4", "Centrum", "Torget"]);
                rows.extend(sheet_of("stor.csv", None, &["Torget", "E4", "Centrum"]));
                (rows, 3)
            },
        ];
        for (k, (rows, groups)) in cases.into_iter().enumerate() {
            let mut out = reading(rows);
            warn(&mut out);
            assert!(
                out.diagnostics.iter().all(|d| d.code == Code::DuplicateRow),
                "case {k}: {:#?}",
                out.diagnostics
            );
            assert_eq!(out.diagnostics.len(), groups, "case {k}");
        }
    }

    /// Identical rows beside a copy that the copy does not explain are
    /// still warned about.
    #[test]
    fn rows_repeated_apart_from_a_copy_are_still_warned_about() {
        let mut rows = sheet_of(
            "logg.xlsx",
            Some("Logg"),
            &["E4", "Centrum", "Torget", "Hamnen", "Hamnen"],
        );
        rows.extend(sheet_of(
            "logg.xlsx",
            Some("Logg (2)"),
            &["E4", "Centrum", "Torget"],
        ));
        let mut out = reading(rows);
        warn(&mut out);
        let codes: Vec<Code> = out.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::CopiedLog, Code::DuplicateRow]);
        assert_eq!(
            out.diagnostics[1].message,
            "2 identical rows: logg.xlsx, sheet \"Logg\", row 5, 6"
        );
    }

    /// Regression: a sheet "2023" copied from "2022", the new rows typed
    /// over the old and the old year's last three rows left at the bottom,
    /// gave three warnings of identical rows, and 2022 counted them twice.
    /// A run at the end of a sheet repeating another sheet's rows in order,
    /// dated in an earlier year than the sheet's other rows, is an error;
    /// the same rows in the same year (walks both parties logged), fewer
    /// than three, or not at the end stay warnings.
    #[test]
    fn rows_left_from_last_years_sheet_are_an_error() {
        let dated = |mut rows: Vec<Activity>, year: i32| {
            for a in &mut rows {
                a.date = NaiveDate::from_ymd_opt(year, 5, 3).unwrap();
            }
            rows
        };
        let old = ["E4", "Centrum", "Torget", "Hamnen", "Kyrkan"];
        let with = |new_year: i32, new: &[&str], left: &[&str]| {
            let mut rows = dated(sheet_of("logg.xlsx", Some("2022"), &old), 2022);
            rows.extend(dated(sheet_of("logg.xlsx", Some("2023"), new), new_year));
            let mut tail = dated(sheet_of("logg.xlsx", Some("2023"), left), 2022);
            for (k, a) in tail.iter_mut().enumerate() {
                a.row = (new.len() + k) as u32 + 2;
            }
            rows.extend(tail);
            rows
        };
        let mut out = reading(with(2023, &["Skolan", "Biblioteket"], &old[2..]));
        warn(&mut out);
        let codes: Vec<Code> = out.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::RepeatedRows], "{:#?}", out.diagnostics);
        assert_eq!(
            out.diagnostics[0].message,
            "rows 4–6 at the end of the sheet \"2023\" of logg.xlsx repeat rows 4–6 of the sheet \"2022\" in the same order, every column alike, and are dated in an earlier year than every other row there: left from the sheet it was copied from, each would be counted twice"
        );
        for (k, (new_year, new, left)) in [
            (2022, &["Skolan", "Biblioteket"][..], &old[2..]),
            (2023, &["Skolan", "Biblioteket"][..], &old[3..]),
            (2023, &[][..], &old[2..]),
        ]
        .into_iter()
        .enumerate()
        {
            let mut out = reading(with(new_year, new, left));
            warn(&mut out);
            assert!(
                out.diagnostics.iter().all(|d| d.code != Code::RepeatedRows),
                "case {k}: {:#?}",
                out.diagnostics
            );
        }
        // Not at the end: a row of the new year under the old rows.
        let mut rows = with(2023, &["Skolan"], &old[2..]);
        let mut late = dated(sheet_of("logg.xlsx", Some("2023"), &["Skolan"]), 2023);
        late[0].row = 7;
        late[0].set_text(TextField::Comment, Some("kväll"));
        rows.extend(late);
        let mut out = reading(rows);
        warn(&mut out);
        assert!(
            out.diagnostics.iter().all(|d| d.code == Code::DuplicateRow),
            "{:#?}",
            out.diagnostics
        );
    }
}

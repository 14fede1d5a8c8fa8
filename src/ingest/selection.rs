//! `urval`: one municipality's rows from a log shared by several
//! agreements. The log is read once with each row tagged by the value of
//! the selection column; each agreement then takes the rows, problems and
//! exclusions of its own value. Within one process (a batch over the
//! agreements of a police region) a shared log is parsed once: the tagged
//! reading is kept, found by the file's real path, modification time and
//! size, and used only when the file's bytes still have its SHA-256.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use super::cells::folded_words;
use super::municipalities;
use super::{IngestOptions, Keys, LogInput, Reading, Selection, Text, already_read, read_file};
use crate::diag::{Code, Diagnostic, Location, nearest};

/// How many tagged readings are kept: a batch reads its region's log (or
/// two) over and over; a long-running `lofte serve` must not hold logs
/// without end.
const KEPT: usize = 4;

/// A shared log as read: the same file, unchanged, read the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    path: PathBuf,
    modified: Option<SystemTime>,
    bytes: u64,
    display: String,
    /// The reading options without the selected values.
    how: String,
}

/// One file read with its rows tagged.
struct Tagged {
    read: Reading,
    keys: Keys,
}

static KEPT_READINGS: Mutex<Vec<(Key, Arc<Tagged>)>> = Mutex::new(Vec::new());

fn key_of(input: &LogInput, options: &IngestOptions) -> Option<Key> {
    let path = input.path.canonicalize().ok()?;
    let meta = std::fs::metadata(&path).ok()?;
    let mut how = options.clone();
    if let Some(s) = &mut how.selection {
        s.values.clear();
    }
    Some(Key {
        path,
        modified: meta.modified().ok(),
        bytes: meta.len(),
        display: input.display.clone(),
        how: format!("{how:?}"),
    })
}

/// The file read with its rows tagged, parsed only when a reading of the
/// same bytes is kept.
///
/// The modification time and size only find the kept reading: a file saved
/// again within the file system's time granularity (two seconds on FAT and
/// some network shares) with the same size would keep both, and its old
/// rows would be counted. Hashing the file is a small part of parsing it
/// (SHA-256 runs at about 2 GB/s here, BENCHMARKS.md section 9: some 3 %
/// of reading a csv, less of a workbook), and far less than reading it
/// again for every agreement of a batch.
fn tagged(input: &LogInput, options: &IngestOptions) -> Arc<Tagged> {
    let key = key_of(input, options);
    let kept = key.as_ref().and_then(|key| {
        let kept = KEPT_READINGS.lock().ok()?;
        kept.iter().find(|(k, _)| k == key).map(|(_, t)| t.clone())
    });
    if let Some(kept) = kept
        && let Some(source) = kept.read.sources.first()
        && super::sha256_of_file(&input.path).is_ok_and(|(now, _)| now == source.sha256)
    {
        return kept;
    }
    let mut read = Reading::default();
    let mut keys = Keys::default();
    read_file(input, options, &mut read, &mut keys);
    let tagged = Arc::new(Tagged { read, keys });
    // A file that could not be read is read again next time.
    let readable = !tagged
        .read
        .diagnostics
        .iter()
        .any(|d| d.code == Code::UnreadableFile);
    if let Some(key) = key
        && readable
        && let Ok(mut kept) = KEPT_READINGS.lock()
    {
        // A reading of the file's earlier bytes, found by the same key,
        // is replaced.
        kept.retain(|(k, _)| *k != key);
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((key, tagged.clone()));
    }
    tagged
}

/// Trimmed and case-folded, as values are compared; a code without its
/// leading zeros ("0180", which a spreadsheet keeps as the number 180).
fn fold(s: &str) -> String {
    let t = s.trim();
    if is_code(t) {
        let digits = t.trim_start_matches('0');
        return if digits.is_empty() { "0" } else { digits }.to_owned();
    }
    t.to_lowercase()
}

/// Whether a value is a code (digits only), not a name.
fn is_code(value: &str) -> bool {
    let t = value.trim();
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// The values in quotes, joined by `between`.
fn quoted(values: &[String], between: &str) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(between)
}

/// Whether `value`, not one of the wanted values, still names one: its
/// words hold all of a wanted value's words in order ("Kalix kommun",
/// "Kalix kn", "Kalix/Överkalix" for "Kalix"; not "Överkalix").
fn names_within(value: &str, wanted: &[Vec<String>]) -> bool {
    let have = folded_words(value);
    wanted
        .iter()
        .filter(|w| !w.is_empty())
        .any(|w| have.windows(w.len()).any(|run| run == w.as_slice()))
}

/// The agreement's municipalities written the other way (as the words
/// [`names_within`] looks for): the codes of the names `values` gives, or
/// the names of its codes. `None` when one is no municipality the table
/// knows.
fn other_way(values: &[String]) -> Option<Vec<Vec<String>>> {
    values
        .iter()
        .map(|v| {
            if is_code(v) {
                municipalities::name_of(v).map(folded_words)
            } else {
                municipalities::code_of(v).map(|code| vec![fold(code)])
            }
        })
        .collect()
}

/// Reads `input` into `out`, keeping only what belongs to `selection`.
pub(super) fn read_one(
    input: &LogInput,
    options: &IngestOptions,
    selection: &Selection,
    out: &mut Reading,
) {
    let tagged = tagged(input, options);
    select_into(&tagged.read, &tagged.keys, &input.display, selection, out);
}

/// What of one file's tagged reading belongs to `selection`, into `out`.
pub(super) fn select_into(
    read: &Reading,
    keys: &Keys,
    display: &str,
    selection: &Selection,
    out: &mut Reading,
) {
    // The same bytes as a log this agreement already read: counted twice,
    // every figure would double.
    if let Some(source) = read.sources.first()
        && already_read(out, display, source)
    {
        return;
    }
    let wanted: Vec<String> = selection.values.iter().map(|v| fold(v)).collect();
    // Each distinct value is folded once (values are shared texts).
    let mut known: HashMap<usize, bool> = HashMap::new();
    let mut keep = |value: &Text| {
        *known
            .entry(value.as_ptr() as usize)
            .or_insert_with(|| wanted.contains(&fold(value)))
    };
    let mut selected = 0u64;
    let mut any_tagged = false;
    // Values that name the agreement's among other words or with other
    // accents ("Kalix kommun", "Kalix (2514)", "Kalíx"): their rows are
    // neither counted nor another municipality's.
    let wanted_words: Vec<Vec<String>> = selection.values.iter().map(|v| folded_words(v)).collect();
    let mut near_known: HashMap<usize, bool> = HashMap::new();
    let mut near: Vec<(&Text, u64, Location)> = Vec::new();
    // A column of codes and names where urval gives one kind only: the
    // rows written the other way may be the agreement's, and would not be
    // counted ("2514" for Kalix; "Kalix" where varde = 2514).
    let wants_codes = selection.values.iter().any(|v| is_code(v));
    let wants_names = selection.values.iter().any(|v| !is_code(v));
    // Which rows written the other way may be the agreement's: where the
    // table of municipalities knows every value of urval, only its codes
    // (names) are; another municipality's code in a column of names is
    // not this agreement's concern. A value it does not know (a district,
    // "Kalix kommun"): any row written the other way may be.
    let other_way = other_way(&selection.values);
    let mut may_be_ours: HashMap<usize, bool> = HashMap::new();
    let mut other_form: Option<(&Text, u64, Location)> = None;
    for (i, a) in read.activities.iter().enumerate() {
        match keys.activities.get(i).and_then(Option::as_ref) {
            Some(value) => {
                any_tagged = true;
                if !value.trim().is_empty()
                    && ((is_code(value) && !wants_codes) || (!is_code(value) && !wants_names))
                    && *may_be_ours
                        .entry(value.as_ptr() as usize)
                        .or_insert_with(|| match &other_way {
                            None => true,
                            Some(codes) if is_code(value) => codes.contains(&vec![fold(value)]),
                            Some(names) => names_within(value, names),
                        })
                {
                    match &mut other_form {
                        Some((_, n, _)) => *n += 1,
                        None => other_form = Some((value, 1, a.location())),
                    }
                }
                if keep(value) {
                    selected += 1;
                    out.activities.push(a.clone());
                } else if *near_known
                    .entry(value.as_ptr() as usize)
                    .or_insert_with(|| names_within(value, &wanted_words))
                {
                    match near
                        .iter_mut()
                        .find(|(v, _, _)| v.as_ptr() == value.as_ptr())
                    {
                        Some((_, n, _)) => *n += 1,
                        None => near.push((value, 1, a.location())),
                    }
                }
            }
            None => {
                selected += 1;
                out.activities.push(a.clone());
            }
        }
    }
    let mut tagged_diagnostics = keys.diagnostics.iter().peekable();
    for (i, d) in read.diagnostics.iter().enumerate() {
        match tagged_diagnostics.next_if(|(k, _)| *k == i) {
            Some((_, value)) => {
                any_tagged = true;
                if keep(value) {
                    out.diagnostics.push(d.clone());
                }
            }
            None => out.diagnostics.push(d.clone()),
        }
    }
    let mut tagged_excluded = keys.excluded.iter().peekable();
    for (i, e) in read.excluded.iter().enumerate() {
        match tagged_excluded.next_if(|(k, _)| *k == i) {
            Some((_, value)) => {
                any_tagged = true;
                if keep(value) {
                    out.excluded.push(e.clone());
                }
            }
            None => out.excluded.push(e.clone()),
        }
    }
    out.unheaded.extend(read.unheaded.iter().cloned());
    for source in &read.sources {
        let mut source = source.clone();
        source.rows_read = selected;
        out.sources.push(source);
    }
    for (value, n, at) in near {
        let rows = if n == 1 {
            "a row of the log says".to_owned()
        } else {
            format!("{n} rows of the log say")
        };
        let wanted = quoted(&selection.values, " or ");
        out.diagnostics.push(
            Diagnostic::error(
                Code::SelectionNear,
                format!(
                    "{rows} \"{}\" in the column \"{}\", which names {wanted} but is not it: lofte does not count such rows",
                    value.trim(),
                    selection.column
                ),
            )
            .at(at)
            .found(value.trim())
            .expected(wanted)
            .hint(format!(
                "if the rows are the agreement's, add the value to urval: varde = [{}, \"{}\"]; if they are not, write the column's value so that it does not name the municipality",
                quoted(&selection.values, ", "),
                value.trim()
            )),
        );
    }
    // Only when the column holds the agreement's own kind too: a log of
    // codes alone, selected by name, matches nothing, and says so below.
    let matched_any = known.values().any(|k| *k);
    if let Some((value, n, at)) = other_form
        && matched_any
    {
        let (given, written) = if is_code(value) {
            ("names", "codes")
        } else {
            ("codes", "names")
        };
        let rows = if n == 1 {
            "1 row".to_owned()
        } else {
            format!("{n} rows")
        };
        out.diagnostics.push(
            Diagnostic::error(
                Code::SelectionForms,
                format!(
                    "the column \"{}\" holds both codes and names, but urval gives {given} only ({}): {rows} written as {written}, the first \"{}\", are not counted, though some may be the agreement's",
                    selection.column,
                    quoted(&selection.values, " or "),
                    value.trim(),
                ),
            )
            .at(at)
            .found(value.trim())
            .hint(format!(
                "give the municipality both ways under urval, for example varde = [{}, \"{}\"], or write it one way on every row",
                quoted(&selection.values, ", "),
                // Known to be the agreement's, the value itself.
                if other_way.is_some() { value.trim() } else { "…" }
            )),
        );
    }
    // Rows were read, and none is the agreement's: a misspelt value, or
    // the wrong log. Said, with the values the log does hold.
    let matched = known.values().any(|k| *k);
    if any_tagged && !matched {
        let mut values: Vec<&str> = keys
            .activities
            .iter()
            .flatten()
            .chain(keys.diagnostics.iter().map(|(_, v)| v))
            .map(|v| v.as_ref())
            .collect();
        values.sort_unstable();
        values.dedup();
        let mut d = Diagnostic::warning(
            Code::SelectionMatchesNothing,
            format!(
                "no row of the log has {} in the column \"{}\", so nothing from it is counted",
                quoted(&selection.values, " or "),
                selection.column
            ),
        )
        .at(Location::file(display.to_owned()))
        .subject(selection.values.join(", "))
        .found({
            let shown = values
                .iter()
                .take(12)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            if values.len() > 12 {
                format!("{shown} … ({} values in all)", values.len())
            } else {
                shown
            }
        });
        let near = selection
            .values
            .first()
            .and_then(|v| nearest(v.trim(), values.iter().copied()));
        d = match near {
            Some(near) => d
                .hint(format!(
                    "did you mean \"{near}\"? Correct varde under urval in the promise file"
                ))
                .suggestion(near),
            None => d.hint(
                "check varde under urval in the promise file, and that this is the right log",
            ),
        };
        out.diagnostics.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(value: &str) -> IngestOptions {
        IngestOptions {
            selection: Some(Selection {
                column: "Kommun".to_owned(),
                values: vec![value.to_owned()],
            }),
            ..IngestOptions::default()
        }
    }

    /// A batch over the agreements of a region parses their shared log
    /// once; a changed log is read again.
    #[test]
    fn a_shared_log_is_parsed_once_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("region.csv");
        let mut text = String::from("Datum;Kommun;Löfte\n");
        for k in ["Kalix", "Luleå", "Boden"] {
            text.push_str(&format!("2024-01-02;{k};P1\n"));
        }
        std::fs::write(&path, &text).unwrap();
        let input = LogInput {
            path: path.clone(),
            display: "region.csv".to_owned(),
        };
        let first = tagged(&input, &options("Kalix"));
        let again = tagged(&input, &options("Boden"));
        assert!(Arc::ptr_eq(&first, &again), "read twice");
        assert_eq!(first.read.activities.len(), 3);

        let mut out = crate::ingest::Reading::default();
        read_one(
            &input,
            &options("boden "),
            &options("boden ").selection.unwrap(),
            &mut out,
        );
        assert_eq!(out.activities.len(), 1);
        assert_eq!(out.activities[0].row, 4);
        assert_eq!(out.sources[0].rows_read, 1);

        // Read from bytes (an upload), the same selection applies.
        let from_bytes = crate::ingest::read_bytes(
            "region.csv",
            text.clone().into_bytes(),
            &options("Luleå"),
            &mut crate::diag::Sink::default(),
        );
        assert_eq!(from_bytes.activities.len(), 1);
        assert_eq!(from_bytes.activities[0].row, 3);

        text.push_str("2024-01-03;Kalix;P1\n");
        std::fs::write(&path, &text).unwrap();
        let changed = tagged(&input, &options("Kalix"));
        assert!(
            !Arc::ptr_eq(&first, &changed),
            "a changed log is read again"
        );
        assert_eq!(changed.read.activities.len(), 4);
    }

    /// A regional log saved again with the same size and modification time
    /// (a file system that keeps times to two seconds) was found by them
    /// and its old reading used: the old rows were counted.
    #[test]
    fn a_log_resaved_with_the_same_size_and_time_was_served_from_its_old_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("region.csv");
        std::fs::write(&path, "Datum;Kommun;Löfte\n2024-01-02;Kalix;P1\n").unwrap();
        let when = std::fs::metadata(&path).unwrap().modified().unwrap();
        let input = LogInput {
            path: path.clone(),
            display: "region.csv".to_owned(),
        };
        let first = tagged(&input, &options("Kalix"));
        assert_eq!(first.read.activities[0].promise(), Some("P1"));
        // The same length, the same time: only the bytes differ.
        std::fs::write(&path, "Datum;Kommun;Löfte\n2024-01-02;Kalix;P2\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(when)
            .unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), when);
        let again = tagged(&input, &options("Kalix"));
        assert!(!Arc::ptr_eq(&first, &again), "the old reading was used");
        assert_eq!(again.read.activities[0].promise(), Some("P2"));
        // Unchanged, it is still read once.
        assert!(Arc::ptr_eq(&again, &tagged(&input, &options("Kalix"))));
    }
}

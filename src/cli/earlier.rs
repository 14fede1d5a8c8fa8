//! Which earlier version a report follows: the one given with
//! `--previous`, else the report already at the output. A report run
//! again over its own earlier version is that version's next one, with the
//! change record, never a second "Version 1" in its place; a file at the
//! output that is not an earlier version of this report is never written
//! over. Reads files; writes none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::agreement::DateRange;
use crate::evaluate::{Earlier, Results};

use super::load::Failure;
use super::output::{OutputPaths, resolved};

/// The earlier versions a `--watch` run found, one per output: the report
/// that was at the output (or given with `--previous`) when the run began,
/// and not the draft the watch itself wrote there since, so that one watch
/// makes one new version however often the log is saved. `None` for an
/// output that held nothing.
#[derive(Debug, Default)]
pub struct Remembered(
    Mutex<HashMap<PathBuf, Option<Results>>>,
    /// The outputs where the watch's last run wrote a draft, the next
    /// version: should the edit behind it be undone, the draft's change
    /// record is no longer true, and the remembered version is written
    /// back.
    Mutex<std::collections::HashSet<PathBuf>>,
);

impl Remembered {
    /// Whether the watch's last run wrote a draft to the output whose JSON
    /// is `json` (resolved).
    pub fn drafted(&self, json: &Path) -> bool {
        self.1
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(json)
    }

    /// Records whether the run just made wrote a draft to `json`
    /// (resolved), or the remembered version again.
    pub fn set_drafted(&self, json: PathBuf, drafted: bool) {
        let mut set = self
            .1
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if drafted {
            set.insert(json);
        } else {
            set.remove(&json);
        }
    }
}

/// The version the report at `paths` follows, read before anything is
/// written (sifted, [`super::diff::read_earlier`]; whole in a `--watch`,
/// which compares each of its runs with it): `--previous` (`given`), which may be the output's own PDF
/// or JSON, else the lofte report already at the output. `None` when there
/// is none: the report is version 1.
///
/// Refused, naming the file and what to do: a file at the output that is
/// not a lofte report, or the report of another place or window, and a
/// `--previous` of another place or window. A `--watch` run passes what it
/// `remembers`.
pub fn previous_version(
    given: Option<&Path>,
    paths: &OutputPaths,
    new: &Results,
    remembers: Option<&Remembered>,
) -> Result<Option<Earlier>, Failure> {
    let key = resolved(&paths.json);
    let Some(remembered) = remembers else {
        return read_earlier(given, paths, new, Reading::Sifted);
    };
    let known = remembered
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(earlier) = known.get(&key) {
        return Ok(earlier.clone().map(Earlier::Whole));
    }
    drop(known);
    let earlier = read_earlier(given, paths, new, Reading::Whole)?.map(Earlier::into_results);
    remembered
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(key, earlier.clone());
    Ok(earlier.map(Earlier::Whole))
}

/// How an earlier version is read back.
#[derive(Clone, Copy)]
enum Reading {
    /// Whole: a watch compares each of its runs with it.
    Whole,
    /// Sifted against the new version: only what its change record needs.
    Sifted,
}

impl Reading {
    fn read(self, file: &Path, new: &Results) -> Result<Earlier, Failure> {
        match self {
            Reading::Whole => super::diff::read_results(file).map(Earlier::Whole),
            Reading::Sifted => super::diff::read_earlier(file, new),
        }
    }
}

fn read_earlier(
    given: Option<&Path>,
    paths: &OutputPaths,
    new: &Results,
    reading: Reading,
) -> Result<Option<Earlier>, Failure> {
    let at_output = |p: &Path| {
        let p = resolved(p);
        p == resolved(&paths.pdf) || p == resolved(&paths.json)
    };
    // What is at the output is checked even when --previous names another
    // file: it is about to be replaced.
    let there = match given {
        Some(file) if at_output(file) => None,
        _ => at_the_output(paths, new, reading)?,
    };
    let Some(file) = given else {
        return Ok(there);
    };
    let previous = reading.read(file, new)?;
    if let Some(other) = other_report(previous.results(), new) {
        return Err(Failure::usage(format!(
            "--previous {} is the report of {other}, and this one is of {}: a new version follows the report of the same place and window; give that one, or leave --previous out",
            file.display(),
            described(&new.agreement.place, &new.window),
        )));
    }
    Ok(Some(previous))
}

/// The lofte report at the output, read from its JSON (else from the JSON
/// attached to its PDF), when it is one of this report's place and window;
/// `None` when the output holds nothing.
fn at_the_output(
    paths: &OutputPaths,
    new: &Results,
    reading: Reading,
) -> Result<Option<Earlier>, Failure> {
    let Some(file) = [&paths.json, &paths.pdf].into_iter().find(|p| p.is_file()) else {
        return Ok(None);
    };
    let earlier = match reading.read(file, new) {
        Ok(earlier) => earlier,
        // Not a results file (a user's own statistik.json, a PDF made by
        // something else, or one lofte wrote with --no-attach whose JSON
        // is gone): its version cannot be told, and it is not ours to
        // replace.
        Err(Failure::Data(_)) => {
            return Err(Failure::usage(format!(
                "the output {} already exists and is not a lofte report (no results can be read from it); lofte does not write over it: choose another -o, or move the file",
                file.display()
            )));
        }
        Err(unreadable) => return Err(unreadable),
    };
    if let Some(other) = other_report(earlier.results(), new) {
        return Err(Failure::usage(format!(
            "the output {} holds the report of {other}, not of {}; lofte does not write over it: choose another -o, or move the file",
            file.display(),
            described(&new.agreement.place, &new.window),
        )));
    }
    Ok(Some(earlier))
}

/// How `earlier` differs from `new` as a report, "Provby 2023-01-01 –
/// 2023-12-31", when it is of another place or window.
fn other_report(earlier: &Results, new: &Results) -> Option<String> {
    (earlier.agreement.place != new.agreement.place || earlier.window != new.window)
        .then(|| described(&earlier.agreement.place, &earlier.window))
}

fn described(place: &str, window: &DateRange) -> String {
    format!("{place} {} – {}", window.from, window.to)
}

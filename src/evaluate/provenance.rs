//! Provenance, stamped on a report in one place: which inputs it was made
//! from (the promise file first, then the logs evaluate read, the
//! indicator tables, then a template of one's own), and which version it
//! is — after an earlier version (`--previous`, or the report already at
//! the output) the next one, with what changed since and the records of
//! the versions before. Pure: the caller reads the files; nothing here
//! reads a clock.

use chrono::NaiveDate;

use super::{DateSource, Earlier, Results, Source, TargetWords, VersionRecord, compare_earlier};

/// When and why a version is made (`lofte report`; `check` and `serve`
/// make no version record).
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    /// `--date`, or SOURCE_DATE_EPOCH's day, and which of them it was;
    /// `None` for the as-of date.
    pub date: Option<(NaiveDate, DateSource)>,
    /// The reasons given with `--note`.
    pub notes: Vec<String>,
}

/// What a report is made from besides its logs, and which version it is.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// The promise file.
    pub promise_file: Source,
    /// The indicator tables (`indikatorfil`).
    pub indicator_tables: Vec<Source>,
    /// The template, when not the built-in one.
    pub template: Option<Source>,
}

impl Provenance {
    /// Stamps `results` (as [`super::evaluate`] made them, with the logs'
    /// sources and every row) with the rest of its sources. Which version
    /// it is, is [`next_version`]'s: the command line knows the previous
    /// one only once it knows where the report goes.
    pub fn stamp(self, results: &mut Results) {
        results.sources.insert(0, self.promise_file);
        results.sources.extend(self.indicator_tables);
        results.sources.extend(self.template);
    }
}

/// Makes `results` the version after `previous` (when there is one), with
/// the changes since it and the records of the versions before, and adds
/// this version's record when it is `made`. Called once the report's
/// place is known: `lofte report` and `lofte serve` take the report already
/// there as the previous version.
pub fn next_version(
    results: &mut Results,
    previous: Option<Earlier>,
    made: Option<Made>,
    words: &dyn TargetWords,
) {
    let mut history = Vec::new();
    if let Some(previous) = previous {
        results.version = previous.results().version.saturating_add(1);
        results.changes = Some(compare_earlier(&previous, results, words));
        history = previous.into_results().history;
    }
    if let Some(made) = made {
        let (date, date_source) = made.date.unwrap_or((results.as_of, DateSource::AsOf));
        history.push(VersionRecord {
            version: results.version,
            date: date.format("%Y-%m-%d").to_string(),
            date_source,
            notes: made.notes,
        });
    }
    results.history = history;
}

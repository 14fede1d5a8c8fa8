//! What the page's buttons do, as plain functions over one agreement
//! folder: check it, take a log, write a report. They call the same
//! library functions as `lofte check` and `lofte report`; the handlers in
//! [`super::app`] only turn requests into calls and results into pages.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::agreement::{Agreement, DateRange};
use crate::cli::load::{Failure, InputConfig, UsageError, load};
use crate::cli::output::{clashes_with_input, output_paths, write_atomically};
use crate::diag::{Code, Diagnostic, Errors, Location, Sink, Warned};
use crate::evaluate::Results;
use crate::ingest::IngestOptions;
use crate::locale::Lang;
use crate::render::{RenderOptions, Renderer};

use super::folder::{self, EARLIER, REPORTS};

/// What `lofte check` would say about an agreement: its outcomes or why
/// the check stopped, with the warnings found either way.
#[derive(Debug)]
pub struct Checked {
    /// The agreement, when the promise file could be read.
    pub agreement: Option<Agreement>,
    /// The evaluated outcomes, or what stopped them, and the warnings.
    pub outcome: Warned<Result<Results, Stopped>>,
}

/// Why a check gave no outcomes.
#[derive(Debug)]
pub enum Stopped {
    /// Errors in the data or its files.
    Errors(Errors),
    /// A problem with no place in the data (a bad window, no logs named).
    Usage(UsageError),
}

impl Checked {
    /// How many errors (a usage problem counts as one).
    pub fn errors(&self) -> usize {
        match &self.outcome.output {
            Ok(_) => 0,
            Err(Stopped::Errors(errors)) => errors.as_slice().len(),
            Err(Stopped::Usage(_)) => 1,
        }
    }
}

fn input(
    ingest: &IngestOptions,
    window: Option<DateRange>,
    as_of: Option<NaiveDate>,
) -> InputConfig {
    InputConfig {
        activities: Vec::new(),
        window,
        as_of,
        ingest: ingest.clone(),
    }
}

/// The agreement alone (for its name and period), without reading logs.
pub fn read_agreement(dir: &Path) -> Result<Agreement, Failure> {
    let promise_file = crate::cli::load::find_promise_file(dir)?;
    let text = std::fs::read_to_string(&promise_file).map_err(|e| {
        Failure::Io(vec![
            Diagnostic::error(Code::UnreadableFile, format!("cannot read the file: {e}"))
                .at(Location::file(promise_file.display().to_string())),
        ])
    })?;
    let name = promise_file.display().to_string();
    crate::agreement::parse(&text, &name, dir)
        .into_result()
        .map(|parsed| parsed.output)
        .map_err(Failure::Data)
}

/// Reads and evaluates the agreement in `dir` over its whole period, as
/// `lofte check DIR` does.
pub fn check(dir: &Path, ingest: &IngestOptions) -> Checked {
    match load(dir, &input(ingest, None, None)) {
        Ok(Warned {
            output: loaded,
            warnings,
        }) => Checked {
            agreement: Some(loaded.agreement),
            outcome: Warned::with(Ok(loaded.results), warnings),
        },
        Err(failure) => {
            let agreement = read_agreement(dir).ok();
            let outcome = match failure {
                Failure::Usage(usage) => Warned::new(Err(Stopped::Usage(usage))),
                Failure::Io(d) | Failure::Data(d) => {
                    let Warned { output, warnings } = d
                        .into_iter()
                        .collect::<Sink>()
                        .stop(|| Diagnostic::error(Code::Usage, "the check stopped"));
                    Warned::with(output.map_err(Stopped::Errors), warnings)
                }
            };
            Checked { agreement, outcome }
        }
    }
}

/// How the agreement in `dir` reads its logs: `base` with the promise
/// file's settings (`[kolumner]`, dates, hidden sheets), as `load` does.
fn ingest_for(dir: &Path, base: &IngestOptions) -> IngestOptions {
    let Ok(promise_file) = crate::cli::load::find_promise_file(dir) else {
        return base.clone();
    };
    let Ok(text) = std::fs::read_to_string(&promise_file) else {
        return base.clone();
    };
    let (settings, _) = crate::agreement::log_settings(&text, "");
    // The date order as load reads it: known even when the agreement is
    // not, from the text already read.
    let (_, sources) = crate::agreement::parse_with_sources(&text, "", dir);
    let date_order = sources.and_then(|s| s.date_order);
    crate::cli::load::ingest_options(base, date_order, settings)
}

/// What was done with an uploaded log.
#[derive(Debug, PartialEq)]
pub enum Stored {
    /// Saved; the file it replaced was kept at the path given.
    Saved {
        /// The file name.
        name: String,
        /// The earlier file's copy, if one was replaced.
        copy: Option<PathBuf>,
        /// Whether the promise file's `loggar` list was extended.
        added_to_promise_file: bool,
    },
    /// A file of that name exists: the upload waits under this key for the
    /// user to confirm.
    Exists {
        /// The file name.
        name: String,
        /// The key to confirm or cancel with.
        key: String,
    },
    /// Not saved: the file cannot be read as a log at all.
    Refused(Vec<Diagnostic>),
}

/// Where a log named `name` goes: the log of the agreement with that file
/// name when it has one inside the folder, else `dir/name`.
fn log_target(dir: &Path, agreement: Option<&Agreement>, name: &str) -> (PathBuf, bool) {
    let named = agreement.into_iter().flat_map(|a| a.logs.iter()).find(|p| {
        p.file_name().is_some_and(|n| n.to_string_lossy() == name)
            && p.parent()
                .and_then(|d| d.canonicalize().ok())
                .is_some_and(|d| dir.canonicalize().is_ok_and(|root| d.starts_with(root)))
    });
    match named {
        Some(p) => (p.clone(), true),
        None => (dir.join(name), false),
    }
}

/// Takes an uploaded log: refuses it when it cannot be read as a log at
/// all (a whole-file error such as a zip bomb, a password or the wrong
/// format: the log it would replace stays); parks it when a file of that
/// name exists and `replace` is not given; else saves it, keeping the
/// earlier file as a dated copy, and adds it to the promise file's
/// `loggar` when it is new.
pub fn store_log(
    dir: &Path,
    name: &str,
    bytes: Vec<u8>,
    ingest: &IngestOptions,
    replace: bool,
    today: NaiveDate,
    nonce: &str,
) -> std::io::Result<Stored> {
    let mut sink = crate::diag::Sink::default();
    crate::ingest::read_bytes(name, bytes.clone(), &ingest_for(dir, ingest), &mut sink);
    let whole_file: Vec<Diagnostic> = sink
        .errors()
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_none_or(|l| matches!(l.place, crate::diag::Place::File) && l.sheet.is_none())
        })
        .cloned()
        .collect();
    if !whole_file.is_empty() {
        return Ok(Stored::Refused(whole_file));
    }
    let agreement = read_agreement(dir).ok();
    let (target, named) = log_target(dir, agreement.as_ref(), name);
    if target.exists() && !replace {
        let key = folder::park(dir, name, &bytes, nonce)?;
        return Ok(Stored::Exists {
            name: name.to_owned(),
            key,
        });
    }
    let mut added = false;
    if !named {
        added = add_to_promise_file(dir, name, today)?;
    }
    let copy = folder::replace_file(dir, &target, &bytes, today)?;
    Ok(Stored::Saved {
        name: name.to_owned(),
        copy,
        added_to_promise_file: added,
    })
}

/// Adds `name` to the promise file's `loggar`, keeping the earlier promise
/// file as a dated copy. The edit is checked by reading the file again: it
/// is written only when the agreement then names the log.
fn add_to_promise_file(dir: &Path, name: &str, today: NaiveDate) -> std::io::Result<bool> {
    let invalid = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_owned());
    let promise_file = crate::cli::load::find_promise_file(dir)
        .map_err(|_| invalid("the agreement folder has no promise file"))?;
    let text = std::fs::read_to_string(&promise_file)?;
    let Some(new) = folder::add_log(&text, name) else {
        return Err(invalid(
            "the loggar list of the promise file could not be extended; add the log to it by hand",
        ));
    };
    let parsed = crate::agreement::parse(&new, "", dir);
    let names_it = parsed
        .output
        .is_ok_and(|a| a.logs.iter().any(|p| p == &dir.join(name)));
    if !names_it {
        return Err(invalid(
            "the promise file does not read cleanly after adding the log; add it to loggar by hand",
        ));
    }
    folder::replace_file(dir, &promise_file, new.as_bytes(), today)?;
    Ok(true)
}

/// What the user asked for on the Rapport step.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    /// The window; `None` is the whole agreement period.
    pub window: Option<DateRange>,
    /// The as-of date; `None` is the end of the window.
    pub as_of: Option<NaiveDate>,
    /// Language of the report.
    pub lang: Lang,
    /// Why this version is made, for the change record (`--note`).
    pub notes: Vec<String>,
}

/// A report that now exists in `rapporter/`.
#[derive(Debug)]
pub struct Reported {
    /// The PDF's file name.
    pub pdf: String,
    /// Its version.
    pub version: u32,
    /// True when nothing changed since the last version, so none was made.
    pub unchanged: bool,
    /// Warnings, as `lofte report` prints them.
    pub warnings: Vec<Diagnostic>,
}

/// Writes the report of the agreement in `dir` into `dir/rapporter/`. When
/// a report of the same window and language is there, the new one is its
/// next version with the changes since it, and the earlier files are kept
/// in `rapporter/tidigare/`; when nothing changed, nothing is written.
/// `commit` is asked just before anything is written: when it says no (the
/// time limit passed), nothing is. A failure leaves every file as it was.
pub fn report(
    dir: &Path,
    request: &ReportRequest,
    ingest: &IngestOptions,
    renderer: &Renderer,
    commit: impl FnOnce() -> bool,
) -> Result<Reported, Failure> {
    let crate::diag::Warned {
        output: loaded,
        mut warnings,
    } = load(dir, &input(ingest, request.window, request.as_of))?;
    let mut results = loaded.results;
    let reports = dir.join(REPORTS);
    let mut paths = output_paths(Some(&reports), &results.agreement.place, &results.window);
    if request.lang == Lang::En {
        let stem = paths
            .pdf
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        paths.pdf = reports.join(format!("{stem}-en.pdf"));
        paths.json = reports.join(format!("{stem}-en.json"));
    }
    for out in [&paths.pdf, &paths.json] {
        if let Some(input) = clashes_with_input(out, &loaded.inputs) {
            return Err(Failure::Usage(UsageError::OverwritesInput {
                output: out.display().to_string(),
                input: input.display().to_string(),
            }));
        }
    }
    let pdf_name = paths
        .pdf
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let previous = paths.json.is_file() && paths.pdf.is_file();
    let mut old_version = None;
    let earlier = if previous {
        Some(crate::cli::diff::read_earlier(&paths.json, &results)?)
    } else {
        None
    };
    // Dated by the as-of date, as `lofte report` does without --date: the
    // same inputs give the same bytes from the page and the command line.
    crate::evaluate::next_version(
        &mut results,
        earlier,
        Some(crate::evaluate::Made {
            date: None,
            notes: request.notes.clone(),
        }),
        &crate::render::wording::ResultsWords,
    );
    if previous {
        old_version = Some(results.version.saturating_sub(1));
        if results.changes.as_ref().is_some_and(|c| c.is_empty()) {
            return Ok(Reported {
                pdf: pdf_name,
                version: results.version.saturating_sub(1),
                unchanged: true,
                warnings,
            });
        }
    }
    let options = RenderOptions {
        lang: request.lang,
        attach_results: true,
        ..RenderOptions::default()
    };
    // Recorded as `lofte report` records it: the same inputs give the
    // same bytes from the page and the command line.
    results.rendering = Some(crate::cli::report::rendering(
        &options,
        &results.sources,
        None,
    ));
    let rendered = crate::cli::report::render_bytes(&results, &options, None, renderer)?;
    warnings.extend(rendered.warnings);
    let (json, pdf) = rendered.output;
    if !commit() {
        return Err(Failure::Usage(UsageError::TimeLimit));
    }
    let write = |path: &Path, bytes: &[u8]| {
        write_atomically(path, bytes).map_err(|e| {
            Failure::Io(vec![
                Diagnostic::error(Code::WriteFailed, format!("cannot write the report: {e}"))
                    .at(Location::file(path.display().to_string())),
            ])
        })
    };
    std::fs::create_dir_all(&reports).map_err(|e| {
        Failure::Io(vec![
            Diagnostic::error(Code::WriteFailed, format!("cannot create the folder: {e}"))
                .at(Location::file(reports.display().to_string())),
        ])
    })?;
    if let Some(version) = old_version {
        let earlier = reports.join(EARLIER);
        let _ = std::fs::create_dir_all(&earlier);
        for path in [&paths.json, &paths.pdf] {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem = Path::new(&name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            let copy = earlier.join(format!("{stem}-v{version}.{ext}"));
            if !copy.exists() {
                let bytes = std::fs::read(path).map_err(|e| {
                    Failure::Io(vec![
                        Diagnostic::error(
                            Code::UnreadableFile,
                            format!("cannot read the file: {e}"),
                        )
                        .at(Location::file(path.display().to_string())),
                    ])
                })?;
                write(&copy, &bytes)?;
            }
        }
    }
    // One pair: both from this run, or the previous pair untouched.
    crate::cli::output::write_pair(&paths, &json, &pdf).map_err(|e| {
        Failure::Io(vec![
            Diagnostic::error(Code::WriteFailed, format!("cannot write the report: {e}"))
                .at(Location::file(paths.pdf.display().to_string())),
        ])
    })?;
    Ok(Reported {
        pdf: pdf_name,
        version: results.version,
        unchanged: false,
        warnings,
    })
}

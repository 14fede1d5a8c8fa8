//! Reading and evaluating one agreement: everything `report` and `check`
//! share. Finds the promise file, reads it and the logs, evaluates, and
//! collects every diagnostic on the way.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::agreement::{self, Agreement, DateRange};
use crate::diag::{Code, Diagnostic, Errors, Location, Sink, Warned};
use crate::evaluate::{self, Provenance, Results, Source};
use crate::ingest::{self, IngestOptions, Ingested, Limits, LogInput};
use crate::locale::Lang;

use super::args::InputArgs;

/// Why a run stopped, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad flags or an impossible request: exit 2.
    Usage(UsageError),
    /// Missing or unreadable files: exit 2.
    Io(Vec<Diagnostic>),
    /// Errors in the user's data: exit 1. The errors come first, then
    /// the warnings found in the same pass, each in the order found (as
    /// [`crate::diag::Sink::into_vec`] gives them).
    Data(Vec<Diagnostic>),
}

impl Failure {
    /// A refusal said in English only: a flag only the terminal has, or an
    /// internal error (see [`UsageError::Other`]).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::Usage(UsageError::Other(message.into()))
    }

    /// How a run that failed so ended (see [`super::Outcome`]).
    pub fn outcome(&self) -> super::Outcome {
        match self {
            Failure::Data(_) => super::Outcome::DataErrors,
            Failure::Usage(_) | Failure::Io(_) => super::Outcome::Stopped,
        }
    }
}

/// A request lofte refuses before it reads or writes anything. The
/// refusals `serve` can meet have a variant each, so its page says them
/// in its own language; the terminal says them in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// The window asked for lies outside the agreement period.
    WindowOutsidePeriod {
        /// The window asked for.
        window: DateRange,
        /// The agreement period.
        period: DateRange,
    },
    /// The as-of date asked for lies before the window starts.
    AsOfBeforeWindow {
        /// The as-of date asked for.
        as_of: NaiveDate,
        /// The window's first day.
        from: NaiveDate,
    },
    /// The promise file names no activity logs, and none were given.
    NoLogs {
        /// The promise file, as the user named it.
        promise_file: String,
    },
    /// A folder with several `.toml` files and no `loften.toml`.
    SeveralPromiseFiles {
        /// The folder.
        folder: String,
    },
    /// A report that would be written over one of its own inputs.
    OverwritesInput {
        /// The report's file.
        output: String,
        /// The input it would replace.
        input: String,
    },
    /// `serve`'s time limit passed before the report was written.
    TimeLimit,
    /// A flag only the terminal has, or an internal error: said in English
    /// wherever it is said.
    Other(String),
}

impl UsageError {
    /// The refusal in words of `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use UsageError as U;
        match (self, lang) {
            (U::WindowOutsidePeriod { window, period }, Lang::En) => format!(
                "the window {} – {} lies outside the agreement period {} – {}",
                window.from, window.to, period.from, period.to
            ),
            (U::WindowOutsidePeriod { window, period }, Lang::Sv) => format!(
                "Perioden {} – {} ligger utanför avtalsperioden {} – {}. Välj en period inom avtalsperioden.",
                window.from, window.to, period.from, period.to
            ),
            (U::AsOfBeforeWindow { as_of, from }, Lang::En) => {
                format!("--as-of {as_of} is before the window starts ({from})")
            }
            (U::AsOfBeforeWindow { as_of, from }, Lang::Sv) => format!(
                "Per-datumet {as_of} ligger före periodens början ({from}). Välj ett senare datum, eller lämna det tomt."
            ),
            (U::NoLogs { promise_file }, Lang::En) => format!(
                "{promise_file} names no activity logs; add loggar = [\"…\"] to it or give --activities FILE"
            ),
            (U::NoLogs { promise_file }, Lang::Sv) => format!(
                "{promise_file} anger inga aktivitetsloggar. Ladda upp en logg, eller skriv loggar = [\"…\"] i löftesfilen."
            ),
            (U::SeveralPromiseFiles { folder }, Lang::En) => format!(
                "{folder} holds several .toml files; name one, or call the agreement loften.toml"
            ),
            (U::SeveralPromiseFiles { folder }, Lang::Sv) => format!(
                "Mappen {folder} har flera .toml-filer. Döp avtalets löftesfil till loften.toml."
            ),
            (U::OverwritesInput { output, input }, Lang::En) => {
                format!("the report {output} would overwrite the input {input}")
            }
            (U::OverwritesInput { output, input }, Lang::Sv) => format!(
                "Rapporten {output} skulle skriva över filen {input}, som rapporten läser. Byt namn på filen."
            ),
            (U::TimeLimit, Lang::En) => "the time limit passed; nothing was written".to_owned(),
            (U::TimeLimit, Lang::Sv) => {
                "Tidsgränsen passerades; ingenting skrevs. Försök igen.".to_owned()
            }
            (U::Other(message), _) => message.clone(),
        }
    }
}

/// In English, as the terminal says it.
impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// The checked input flags.
#[derive(Debug, Clone)]
pub struct InputConfig {
    /// `--activities`, overriding the promise file's logs.
    pub activities: Vec<PathBuf>,
    /// `--window`, parsed; `None` is the whole agreement period.
    pub window: Option<DateRange>,
    /// `--as-of`; `None` is the end of the window.
    pub as_of: Option<NaiveDate>,
    /// How to read logs.
    pub ingest: IngestOptions,
}

impl InputConfig {
    /// Checks the input flags.
    pub fn from_args(args: &InputArgs) -> Result<Self, Failure> {
        let window = match &args.window {
            None => None,
            Some(text) => Some(agreement::parse_window(text).ok_or_else(|| {
                Failure::usage(format!(
                    "--window {text:?} is not a window; write a year (2023) or FROM..TO (2023-01-01..2023-06-30)"
                ))
            })?),
        };
        let as_of = match &args.as_of {
            None => None,
            Some(text) => Some(NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(
                |_| {
                    Failure::usage(format!(
                        "--as-of {text:?} is not a date; write it as 2023-06-30"
                    ))
                },
            )?),
        };
        let mib = |n: u64| n.saturating_mul(1024 * 1024);
        Ok(InputConfig {
            activities: args.activities.clone(),
            window,
            as_of,
            ingest: IngestOptions {
                sheet: args.sheet.clone(),
                date_order: None,
                include_hidden: args.include_hidden,
                limits: Limits {
                    max_file_bytes: mib(args.max_file_mb),
                    max_cells: args.max_cells,
                    max_unzipped_bytes: mib(args.max_unzipped_mb),
                },
                ..IngestOptions::default()
            },
        })
    }
}

/// One agreement, read and evaluated.
#[derive(Debug)]
pub struct Loaded {
    /// The promise file as found.
    pub promise_file: PathBuf,
    /// The agreement.
    pub agreement: Agreement,
    /// The evaluated report (it carries every source, the promise file
    /// first).
    pub results: Results,
    /// Every input file (promise file and logs), to refuse overwriting
    /// them and to watch them.
    pub inputs: Vec<PathBuf>,
    /// The logs' warnings, held in `results` only (see [`LogWarnings`]).
    pub log_warnings: LogWarnings,
}

/// The logs' warnings, of which a large log has tens of thousands (13 MB
/// for a million rows with 38 616 duplicate rows): held once, as the first
/// `count` of the report's data-quality warnings, while the report is
/// made, and said among the run's warnings after the first `at` of them.
/// [`load`] puts a copy there at once; a report takes them out of its
/// results once the results JSON is written ([`LogWarnings::take`],
/// [`LogWarnings::restore`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct LogWarnings {
    count: usize,
    at: usize,
}

impl LogWarnings {
    /// Takes them out of `results`.
    pub fn take(self, results: &mut Results) -> Vec<Diagnostic> {
        let quality = &mut results.data_quality.warnings;
        quality.drain(..self.count.min(quality.len())).collect()
    }

    /// Puts `logs`, taken out of the results ([`LogWarnings::take`]),
    /// where they belong among `warnings`.
    pub fn restore(self, logs: Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) {
        let at = self.at.min(warnings.len());
        warnings.splice(at..at, logs);
    }

    /// Copies them from `results` to `warnings`: the results keep them.
    pub fn copy(self, results: &Results, warnings: &mut Vec<Diagnostic>) {
        let quality = &results.data_quality.warnings;
        self.restore(quality[..self.count.min(quality.len())].to_vec(), warnings);
    }
}

/// The promise file of AGREEMENT: the file itself, or `loften.toml` in a
/// folder, or the folder's only `.toml` file.
pub fn find_promise_file(path: &Path) -> Result<PathBuf, Failure> {
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    if !path.is_dir() {
        return Err(Failure::Io(vec![
            Diagnostic::error(Code::MissingFile, "no such promise file or folder")
                .at(Location::file(path.display().to_string()))
                .hint("give the promise file (loften.toml) or the folder that holds it"),
        ]));
    }
    let preferred = path.join("loften.toml");
    if preferred.is_file() {
        return Ok(preferred);
    }
    let mut tomls: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| io_failure(path, &e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    tomls.sort();
    match tomls.len() {
        1 => Ok(tomls.remove(0)),
        0 => Err(Failure::Io(vec![
            Diagnostic::error(Code::MissingFile, "the folder holds no promise file")
                .at(Location::file(path.display().to_string()))
                .hint("put the agreement in loften.toml (see docs/promise-file.md)"),
        ])),
        _ => Err(Failure::Usage(UsageError::SeveralPromiseFiles {
            folder: path.display().to_string(),
        })),
    }
}

fn io_failure(path: &Path, error: &std::io::Error) -> Failure {
    Failure::Io(vec![
        Diagnostic::error(
            Code::UnreadableFile,
            format!("cannot read the file: {error}"),
        )
        .at(Location::file(path.display().to_string())),
    ])
}

pub use crate::ingest::sha256_hex;

/// How a path is named to the user: as given, relative where it was.
fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Finds the promise file at `path` (the file, or the folder holding it)
/// and reads its text: a file error, or a data error when it is not UTF-8.
pub fn read_promise_file(path: &Path) -> Result<(PathBuf, String), Failure> {
    let promise_file = find_promise_file(path)?;
    let bytes = std::fs::read(&promise_file).map_err(|e| io_failure(&promise_file, &e))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((promise_file, text)),
        Err(_) => Err(Failure::Data(vec![
            Diagnostic::error(Code::NotUtf8, "the promise file is not UTF-8 text")
                .at(Location::file(display(&promise_file)))
                .hint("save it as UTF-8 (in Notepad: Save as → Encoding UTF-8)"),
        ])),
    }
}

/// What makes a report beyond its inputs (`lofte report`): a template of
/// one's own. Which version it is comes after, once the report's place is
/// known ([`super::earlier`]).
#[derive(Debug, Clone, Default)]
pub struct VersionInputs {
    /// `--template`: its `main.typ` is named among the sources.
    pub template: Option<PathBuf>,
}

/// The template folder's `main.typ` as a source of the report.
fn template_source(dir: &Path) -> Result<Source, Failure> {
    let main = dir.join("main.typ");
    let bytes = std::fs::read(&main).map_err(|e| {
        Failure::Io(vec![Diagnostic::error(
            Code::UnreadableFile,
            format!("cannot read the template: {e}"),
        )
        .at(Location::file(main.display().to_string()))
        .hint("--template takes a folder holding main.typ; `lofte template export DIR` writes one")])
    })?;
    // The report is public: name the template by its own folder, never by
    // the path it has on this computer (user names, server folders).
    let shown = match dir.file_name() {
        Some(folder) => format!("{}/main.typ", folder.to_string_lossy()),
        None => "main.typ".to_owned(),
    };
    Ok(Source {
        role: crate::evaluate::Role::Template,
        file: shown,
        sha256: sha256_hex(&bytes),
        bytes: bytes.len() as u64,
        rows_read: None,
        rows_counted: None,
        sheets: Vec::new(),
    })
}

/// Reads and evaluates the agreement at `path`, with the warnings of every
/// stage; errors stop it as a [`Failure`].
pub fn load(path: &Path, config: &InputConfig) -> Result<Warned<Loaded>, Failure> {
    let Warned {
        mut output,
        mut warnings,
    } = load_version(path, config, &VersionInputs::default())?;
    std::mem::take(&mut output.log_warnings).copy(&output.results, &mut warnings);
    Ok(Warned::with(output, warnings))
}

/// [`load`], with its template named among the sources. All sources are
/// stamped in one place, [`Provenance::stamp`]; the version in
/// [`crate::evaluate::next_version`].
pub fn load_version(
    path: &Path,
    config: &InputConfig,
    version: &VersionInputs,
) -> Result<Warned<Loaded>, Failure> {
    let (promise_file, text) = read_promise_file(path)?;
    let text = text.as_str();
    let name = display(&promise_file);
    let base = promise_file.parent().unwrap_or(Path::new("."));
    let (
        Warned {
            output: parsed,
            mut warnings,
        },
        sources,
    ) = agreement::parse_with_sources(text, &name, base);
    // How to read the logs ([kolumner] …), checked in the same pass.
    let (log_settings, settings_problems) = agreement::log_settings(text, &name);
    let mut agreement = match parsed {
        Ok(agreement) if settings_problems.is_empty() => agreement,
        parsed => {
            let mut all = parsed.err().map(Errors::into_vec).unwrap_or_default();
            all.extend(settings_problems);
            all.append(&mut warnings);
            return Err(with_log_problems(
                all,
                sources,
                log_settings,
                config,
                base,
                &name,
            ));
        }
    };

    let window = match config.window {
        None => agreement.period,
        Some(w) => w.intersect(&agreement.period).ok_or_else(|| {
            Failure::Usage(UsageError::WindowOutsidePeriod {
                window: w,
                period: agreement.period,
            })
        })?,
    };
    let as_of = config.as_of.unwrap_or(window.to);
    if as_of < window.from {
        return Err(Failure::Usage(UsageError::AsOfBeforeWindow {
            as_of,
            from: window.from,
        }));
    }

    let logs = logs_to_read(config, &agreement.logs);
    if logs.is_empty() {
        return Err(Failure::Usage(UsageError::NoLogs {
            promise_file: name.to_string(),
        }));
    }
    let inputs = log_inputs(&logs, base).map_err(|f| with_warnings(f, &warnings))?;
    agreement.logs = logs.clone();
    let options = ingest_options(&config.ingest, agreement.date_order, log_settings);
    // Every stage runs whatever the one before it found, so one run names
    // every problem; the run stops after them when any is an error.
    let mut sink = Sink::default();
    let ingested = ingest::read_logs(&inputs, &options, &mut sink);
    // The indicator tables (indikatorfil), read beside the logs: their
    // problems are reported with the logs' in the same pass.
    let (indicator_sources, indicator_problems) =
        read_indicator_tables(&mut agreement, base, &options.limits)
            .map_err(|f| with_warnings(f, &warnings))?;
    let indicator_warnings = indicator_problems.warnings().to_vec();
    unreadable(&sink).map_err(|f| with_warnings(f, &warnings))?;
    // What the warnings below need of the rows, found before evaluation
    // takes them.
    let outside = outside_period(&agreement, &ingested);
    let seen = Seen::of(&ingested);
    let Warned {
        output: evaluated,
        warnings: evaluation_warnings,
    } = evaluate::evaluate(&agreement, ingested, window, as_of);
    // So far the sink holds the logs' problems only. Made unique now, the
    // logs' warnings stay the first of the run's warnings through the
    // deduplication below (it keeps each first one), and are moved from
    // there to the report: held once (see `LogWarnings`).
    sink.dedup();
    let log_count = sink.warnings().len();

    sink.extend(indicator_problems.into_vec());
    let evaluated = match evaluated {
        Ok(results) => Some(results),
        Err(errors) => {
            sink.extend(errors.into_vec());
            None
        }
    };
    sink.extend(evaluation_warnings);
    sink.extend(outside.iter().cloned());
    sink.dedup();
    let mut results = match evaluated {
        Some(results) if !sink.has_errors() => results,
        _ => return Err(with_warnings(Failure::Data(sink.into_vec()), &warnings)),
    };
    let mut diagnostics = sink.into_warnings();
    let rest = diagnostics.split_off(log_count.min(diagnostics.len()));
    let log_warnings = std::mem::replace(&mut diagnostics, rest);
    let without_rows = promises_without_rows(&agreement, &seen, &results);
    diagnostics.extend(without_rows.iter().cloned());
    // Said in the report and its JSON too: the logs' warnings first, then
    // evaluation's own.
    let quality = &mut results.data_quality.warnings;
    let evaluation_quality = std::mem::replace(quality, log_warnings);
    let log_count = quality.len();
    quality.extend(evaluation_quality);
    quality.extend(outside);
    quality.extend(without_rows);
    quality.extend(indicator_warnings);
    // A period or deadline the file does not state and lofte assumed is
    // said in the report, not only on the terminal; the report names the
    // promise file without its folders (a public document).
    let short_name = promise_file
        .file_name()
        .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
    quality.extend(
        warnings
            .iter()
            .filter(|d| crate::agreement::parties::ASSUMPTIONS.contains(&d.code))
            .map(|d| {
                let mut d = d.clone();
                if let Some(at) = &mut d.location {
                    at.file = short_name.as_str().into();
                }
                d
            }),
    );
    let log_warnings = LogWarnings {
        count: log_count,
        at: warnings.len(),
    };
    warnings.extend(diagnostics);

    let provenance = Provenance {
        promise_file: Source {
            role: crate::evaluate::Role::Promises,
            file: promise_file
                .file_name()
                .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned()),
            sha256: sha256_hex(text.as_bytes()),
            bytes: text.len() as u64,
            rows_read: None,
            rows_counted: None,
            sheets: Vec::new(),
        },
        indicator_tables: indicator_sources,
        template: version
            .template
            .as_deref()
            .map(template_source)
            .transpose()?,
    };
    provenance.stamp(&mut results);

    let mut all_inputs = vec![promise_file.clone()];
    all_inputs.extend(logs);
    all_inputs.extend(agreement.indicator_files.iter().cloned());
    let loaded = Loaded {
        promise_file,
        agreement,
        results,
        inputs: all_inputs,
        log_warnings,
    };
    Ok(Warned::with(loaded, warnings))
}

/// `failure` with the problems found before it (the promise file's: a
/// period assumed from the title, say): a run that stops on a log's
/// errors names them too, not only the run after. A file error lists
/// them after its own.
pub(crate) fn with_warnings(failure: Failure, warnings: &[Diagnostic]) -> Failure {
    match failure {
        // Errors first, then the warnings in the order found: the promise
        // file's before the logs'.
        Failure::Data(found) => {
            let all: Sink = warnings.iter().cloned().chain(found).collect();
            Failure::Data(all.into_vec())
        }
        Failure::Io(mut found) => {
            found.extend(warnings.iter().cloned());
            Failure::Io(found)
        }
        usage @ Failure::Usage(_) => usage,
    }
}

/// The logs a run reads: `--activities`, else those the promise file
/// names.
fn logs_to_read(config: &InputConfig, named: &[PathBuf]) -> Vec<PathBuf> {
    if config.activities.is_empty() {
        named.to_vec()
    } else {
        config.activities.clone()
    }
}

/// `logs` as the logs to read, each checked to be a file that can be
/// read: a folder, a looping link or an unreadable file stops the run as a
/// file error (exit 2), each named for what it is.
///
/// Logs beside the promise file are named relative to it, others by their
/// file name (with as many folders as tell them apart): the report is a
/// public document, and must show no local folders, user names or server
/// paths, nor change when run from elsewhere.
fn log_inputs(logs: &[PathBuf], base: &Path) -> Result<Vec<LogInput>, Failure> {
    let missing: Vec<Diagnostic> = logs
        .iter()
        .filter_map(|p| {
            let (code, message, hint) = ingest::not_a_log_file(p)?;
            Some(
                Diagnostic::error(code, message)
                    .at(Location::file(display(p)))
                    .hint(hint),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Io(missing));
    }
    Ok(logs
        .iter()
        .map(|p| LogInput {
            path: p.clone(),
            display: public_name(p, base, logs),
        })
        .collect())
}

/// How the logs are read: `base` (the flags), with what the promise file
/// sets.
pub(crate) fn ingest_options(
    base: &IngestOptions,
    date_order: Option<ingest::DateOrder>,
    settings: agreement::LogSettings,
) -> IngestOptions {
    let mut options = base.clone();
    options.date_order = date_order;
    options.columns = settings.columns;
    options.max_count = settings.max_count;
    options.include_hidden |= settings.include_hidden;
    options.selection = settings.selection;
    options
}

/// A file that opened but could not be read (a disk or network error) is
/// a file error, not an error in the data.
fn unreadable(sink: &Sink) -> Result<(), Failure> {
    let unreadable: Vec<Diagnostic> = sink
        .errors()
        .iter()
        .filter(|d| d.code == Code::UnreadableFile)
        .cloned()
        .collect();
    if unreadable.is_empty() {
        Ok(())
    } else {
        Err(Failure::Io(unreadable))
    }
}

/// The failure of a promise file with `problems`, with the problems of
/// the logs and indicator tables it names found in the same pass, so that
/// one run names them all. Nothing is evaluated: the agreement is not
/// known. The logs are read when it is known how: not when the file is
/// not TOML, nor when `datumordning`, `kolumner` or `urval` is wrong
/// (every problem then found in the logs could stem from it).
fn with_log_problems(
    problems: Vec<Diagnostic>,
    sources: Option<agreement::LogSources>,
    settings: agreement::LogSettings,
    config: &InputConfig,
    base: &Path,
    name: &str,
) -> Failure {
    let mut all: Sink = problems.into_iter().collect();
    let not_read = || {
        Diagnostic::warning(
            Code::NoLogs,
            "the logs were not read: only the promise file was checked",
        )
        .at(Location::file(name))
        .hint("the logs are read once the promise file is valid TOML and its kolumner, urval and datumordning are right: until then, which column is which, which rows are the agreement's and how dates are written are not known")
    };
    let Some(sources) = sources else {
        all.push(not_read());
        return Failure::Data(all.into_vec());
    };
    let cells_unknown = settings.cells_unknown;
    let logs = (!cells_unknown).then(|| logs_to_read(config, &sources.logs));
    let read = || -> Result<Vec<Diagnostic>, Failure> {
        let mut found = Sink::default();
        if let Some(logs) = logs.filter(|logs| !logs.is_empty()) {
            let inputs = log_inputs(&logs, base)?;
            let options = ingest_options(&config.ingest, sources.date_order, settings);
            ingest::read_logs(&inputs, &options, &mut found);
            unreadable(&found)?;
            found.dedup();
        }
        // The tables' focus areas are not checked: the agreement's are
        // not known.
        let limits = &config.ingest.limits;
        let (_, indicators, tables) =
            read_indicator_files(&sources.indicator_files, None, base, limits)?;
        found.extend(tables.into_vec());
        found.extend(agreement::indicators::duplicates(&indicators));
        Ok(found.into_vec())
    };
    match read() {
        Ok(found) => {
            all.extend(found);
            if cells_unknown {
                all.push(not_read());
            }
            Failure::Data(all.into_vec())
        }
        // A log or table that cannot be read stops the run as a file
        // error, with the promise file's problems named beside it.
        Err(failure) => with_warnings(failure, &all.into_vec()),
    }
}

/// Reads the agreement's indicator tables (`indikatorfil`) into its
/// indicators: their sources for provenance and every problem in them. A
/// missing or unreadable file stops the run as a file error.
fn read_indicator_tables(
    agreement: &mut Agreement,
    base: &Path,
    limits: &ingest::Limits,
) -> Result<(Vec<Source>, Sink), Failure> {
    let (sources, indicators, mut problems) = read_indicator_files(
        &agreement.indicator_files,
        Some(&agreement.areas),
        base,
        limits,
    )?;
    agreement.indicators.extend(indicators);
    problems.extend(agreement::indicators::duplicates(&agreement.indicators));
    Ok((sources, problems))
}

/// The indicator tables `files`: their sources for provenance, their
/// indicators (their focus areas checked against `areas` when known) and
/// every problem in them. A missing or unreadable file stops the run as a
/// file error.
fn read_indicator_files(
    files: &[PathBuf],
    areas: Option<&[agreement::FocusArea]>,
    base: &Path,
    limits: &ingest::Limits,
) -> Result<(Vec<Source>, Vec<agreement::Indicator>, Sink), Failure> {
    let mut sources = Vec::new();
    let mut all = Vec::new();
    let mut problems = Sink::default();
    for path in files {
        if !path.is_file() {
            return Err(Failure::Io(vec![
                Diagnostic::error(Code::MissingFile, "no such indicator table")
                    .at(Location::file(display(path)))
                    .hint("indikatorfil names the table relative to the promise file"),
            ]));
        }
        let bytes = std::fs::read(path).map_err(|e| io_failure(path, &e))?;
        let name = public_name(path, base, files);
        let table = ingest::indicators::read_indicator_table(&name, bytes, limits, &mut problems);
        let (indicators, found) = agreement::indicators::from_table(table.rows, areas);
        problems.extend(found);
        all.extend(indicators);
        if let Some(s) = table.source {
            sources.push(Source {
                role: crate::evaluate::Role::Indicators,
                file: s.file,
                sha256: s.sha256,
                bytes: s.bytes,
                rows_read: Some(s.rows_read),
                rows_counted: None,
                sheets: s.sheets_read,
            });
        }
    }
    Ok((sources, all, problems))
}

/// How a log is named in the report: relative to the promise file when it
/// lies under its folder, else by its file name, with parent folders added
/// only as far as needed to tell two logs of the same name apart.
fn public_name(path: &Path, base: &Path, all: &[PathBuf]) -> String {
    if let Ok(rel) = path.strip_prefix(base)
        && !rel.as_os_str().is_empty()
        && !rel.is_absolute()
        && !rel
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return display(rel);
    }
    let parts = |p: &Path| -> Vec<String> {
        p.components()
            .filter_map(|c| match c {
                std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    let mine = parts(path);
    for depth in 1..=mine.len() {
        let tail = |v: &[String]| v[v.len().saturating_sub(depth)..].join("/");
        let name = tail(&mine);
        let clash = all
            .iter()
            .filter(|o| o.as_path() != path)
            .any(|o| tail(&parts(o)) == name);
        if !clash {
            return name;
        }
    }
    mine.last().cloned().unwrap_or_default()
}

/// Rows dated more than a year after the agreement period, or in a year
/// before it that no neighbouring year's rows surround: not counted
/// (correctly), but most often a mistyped year (2032 or 2013 for 2023), so
/// each is named.
fn outside_period(agreement: &Agreement, ingested: &Ingested) -> Vec<Diagnostic> {
    use chrono::Datelike;
    let period = agreement.period;
    let years: std::collections::BTreeSet<i32> =
        ingested.activities.iter().map(|a| a.date.year()).collect();
    // A year before the period cut off from it by two or more years
    // without a row (2013 in a log of 2022–2023) is a typing error; a log
    // running on through earlier agreements is not.
    let isolated_before = |y: i32| {
        let gap = (y + 1..period.from.year())
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| !years.contains(&w[0]) && !years.contains(&w[1]));
        y < period.from.year() - 1 && gap
    };
    let isolated: std::collections::BTreeSet<i32> = years
        .iter()
        .copied()
        .filter(|y| isolated_before(*y))
        .collect();
    let outside: Vec<&crate::ingest::Activity> = ingested
        .activities
        .iter()
        .filter(|a| !period.contains(a.date))
        // A log may run a little past the agreement; a date more than a
        // year after its end lies in the future of any follow-up.
        .filter(|a| (a.date - period.to).num_days() > 366 || isolated.contains(&a.date.year()))
        .collect();
    // Every row is named: the terminal shows the first few of the kind
    // and counts the rest, and the JSON keeps every one.
    outside
        .iter()
        .map(|a| {
            Diagnostic::warning(
                Code::FarOutsidePeriod,
                format!(
                    "the row is dated {}, far from the agreement period {} – {} and from the log's other rows; it is not counted",
                    a.date, period.from, period.to
                ),
            )
            .subject(a.date.to_string())
            .at(a.cell_or_row(a.columns().date))
            .hint("a mistyped year? Correct the date if the activity belongs to the agreement")
        })
        .collect()
}

/// What the logs' rows showed, for naming the likely cause of a promise
/// without rows.
struct Seen {
    /// Whether any row was read at all.
    any_row: bool,
    /// Whether any row's sheet has a Löfte column.
    any_promise_column: bool,
    /// Whether any row has an Aktivitet.
    any_activity: bool,
}

impl Seen {
    fn of(ingested: &Ingested) -> Self {
        let rows = &ingested.activities;
        Seen {
            any_row: !rows.is_empty(),
            any_promise_column: rows.iter().any(|a| a.columns().promise.is_some()),
            any_activity: rows.iter().any(|a| a.activity.is_some()),
        }
    }
}

/// A measurable promise that no row counted toward is loud on the
/// terminal, with its likely cause: in the PDF it is "Underlag saknas",
/// which a reader cannot tell from a log or a matching gone wrong.
fn promises_without_rows(agreement: &Agreement, seen: &Seen, results: &Results) -> Vec<Diagnostic> {
    let Seen {
        any_row,
        any_promise_column,
        any_activity: any_activity_column,
    } = *seen;
    let mut out = Vec::new();
    for result in &results.promises {
        // A comment for the window means the coordinators know and have
        // explained it in the report.
        if result.status != evaluate::Status::NoData || result.comment.is_some() {
            continue;
        }
        let Some(promise) = agreement.promises.iter().find(|p| p.id == result.id) else {
            continue;
        };
        // A joint promise whose rows all lack the partner has its own
        // warning (joint-without-partner), with the right cause.
        let lacking_partner = results
            .data_quality
            .missing_partner
            .iter()
            .any(|m| m.promise == promise.id);
        if lacking_partner {
            continue;
        }
        let by_activity = !promise.matching.activities.is_empty()
            || promise.targets.iter().any(|t| !t.activities.is_empty());
        let cause = if !any_row {
            "no rows were read from the logs at all".to_owned()
        } else if !any_promise_column && !by_activity {
            "no log has a Löfte column (a header lofte did not recognise? Name it under [kolumner] in the promise file: lofte = \"…\")".to_owned()
        } else if by_activity && !any_activity_column && !any_promise_column {
            "its activity types (aktiviteter) are matched against the Aktivitet column, which no log has".to_owned()
        } else if by_activity {
            format!(
                "no row has the id \"{}\" in Löfte, and no row without a Löfte has one of its activity types ({})",
                promise.id,
                promise
                    .matching
                    .activities
                    .iter()
                    .chain(promise.targets.iter().flat_map(|t| t.activities.iter()))
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!(
                "no row in the window has \"{}\" in the Löfte column",
                promise.id
            )
        };
        out.push(
            Diagnostic::warning(
                Code::NoRows,
                format!(
                    "the promise {} has no counted row: the report says \"Underlag saknas\"",
                    promise.id
                ),
            )
            .subject(promise.id.clone())
            .hint(format!("likely cause: {cause}")),
        );
    }
    out
}

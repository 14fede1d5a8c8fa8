//! Reading and evaluating one agreement: everything `report` and `check`
//! share. Finds the promise file, reads it and the logs, evaluates, and
//! collects every diagnostic on the way.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::agreement::{self, Agreement, DateRange};
use crate::diag::{Diagnostic, Location, has_errors};
use crate::evaluate::{self, Evaluation, Source};
use crate::ingest::{self, IngestOptions, Ingested, Limits, LogInput};

use super::args::InputArgs;

/// Why a run stopped, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad flags or an impossible request: exit 2.
    Usage(String),
    /// Missing or unreadable files: exit 2.
    Io(Vec<Diagnostic>),
    /// Errors in the user's data: exit 1.
    Data(Vec<Diagnostic>),
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Data(_) => 1,
            Failure::Usage(_) | Failure::Io(_) => 2,
        }
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
                Failure::Usage(format!(
                    "--window {text:?} is not a window; write a year (2023) or FROM..TO (2023-01-01..2023-06-30)"
                ))
            })?),
        };
        let as_of = match &args.as_of {
            None => None,
            Some(text) => Some(NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(
                |_| {
                    Failure::Usage(format!(
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
                limits: Limits {
                    max_file_bytes: mib(args.max_file_mb),
                    max_cells: args.max_cells,
                    max_unzipped_bytes: mib(args.max_unzipped_mb),
                },
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
    /// The logs as read.
    pub ingested: Ingested,
    /// The evaluation (results carry every source, the promise file first).
    pub evaluation: Evaluation,
    /// Every input file (promise file and logs), to refuse overwriting
    /// them and to watch them.
    pub inputs: Vec<PathBuf>,
    /// Warnings from every stage.
    pub warnings: Vec<Diagnostic>,
}

/// The promise file of AGREEMENT: the file itself, or `loften.toml` in a
/// folder, or the folder's only `.toml` file.
pub fn find_promise_file(path: &Path) -> Result<PathBuf, Failure> {
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    if !path.is_dir() {
        return Err(Failure::Io(vec![
            Diagnostic::error("missing-file", "no such promise file or folder")
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
            Diagnostic::error("missing-file", "the folder holds no promise file")
                .at(Location::file(path.display().to_string()))
                .hint("put the agreement in loften.toml (see docs/promise-file.md)"),
        ])),
        _ => Err(Failure::Usage(format!(
            "{} holds several .toml files; name one, or call the agreement loften.toml",
            path.display()
        ))),
    }
}

fn io_failure(path: &Path, error: &std::io::Error) -> Failure {
    Failure::Io(vec![
        Diagnostic::error("unreadable-file", format!("cannot read the file: {error}"))
            .at(Location::file(path.display().to_string())),
    ])
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How a path is named to the user: as given, relative where it was.
fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Reads and evaluates the agreement at `path`.
pub fn load(path: &Path, config: &InputConfig) -> Result<Loaded, Failure> {
    let promise_file = find_promise_file(path)?;
    let bytes = std::fs::read(&promise_file).map_err(|e| io_failure(&promise_file, &e))?;
    let name = display(&promise_file);
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(Failure::Data(vec![
            Diagnostic::error("not-utf8", "the promise file is not UTF-8 text")
                .at(Location::file(&name))
                .hint("save it as UTF-8 (in Notepad: Save as → Encoding UTF-8)"),
        ]));
    };
    let base = promise_file.parent().unwrap_or(Path::new("."));
    let parsed = agreement::parse(text, &name, base);
    let Some(mut agreement) = parsed.agreement else {
        return Err(Failure::Data(parsed.diagnostics));
    };
    let mut warnings = parsed.diagnostics;

    let window = match config.window {
        None => agreement.period,
        Some(w) => w.intersect(&agreement.period).ok_or_else(|| {
            Failure::Usage(format!(
                "the window {} – {} lies outside the agreement period {} – {}",
                w.from, w.to, agreement.period.from, agreement.period.to
            ))
        })?,
    };
    let as_of = config.as_of.unwrap_or(window.to);
    if as_of < window.from {
        return Err(Failure::Usage(format!(
            "--as-of {as_of} is before the window starts ({})",
            window.from
        )));
    }

    let logs: Vec<PathBuf> = if config.activities.is_empty() {
        agreement.logs.clone()
    } else {
        config.activities.clone()
    };
    if logs.is_empty() {
        return Err(Failure::Usage(format!(
            "{name} names no activity logs; add loggar = [\"…\"] to it or give --activities FILE"
        )));
    }
    let missing: Vec<Diagnostic> = logs
        .iter()
        .filter(|p| !p.is_file())
        .map(|p| {
            Diagnostic::error("missing-file", "the activity log does not exist")
                .at(Location::file(display(p)))
                .hint("check the path in loggar (relative to the promise file) or --activities")
        })
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Io(missing));
    }
    agreement.logs = logs.clone();

    // Logs beside the promise file are named relative to it, so the report
    // (a public document) shows no local folders and does not change when
    // run from elsewhere.
    let inputs: Vec<LogInput> = logs
        .iter()
        .map(|p| LogInput {
            path: p.clone(),
            display: p
                .strip_prefix(base)
                .ok()
                .filter(|r| !r.as_os_str().is_empty())
                .map_or_else(|| display(p), display),
        })
        .collect();
    let mut options = config.ingest.clone();
    options.date_order = agreement.date_order;
    let ingested = ingest::read_logs(&inputs, &options);
    let mut evaluation = evaluate::evaluate(&agreement, &ingested, window, as_of);
    evaluation.results.activity_rows = activity_rows(&ingested);
    evaluation.results.sources.insert(
        0,
        Source {
            role: "promises",
            file: promise_file
                .file_name()
                .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned()),
            sha256: sha256_hex(&bytes),
            bytes: bytes.len() as u64,
            rows_read: None,
            rows_counted: None,
            sheets: Vec::new(),
        },
    );

    let mut diagnostics: Vec<Diagnostic> = ingested.diagnostics.clone();
    diagnostics.extend(evaluation.diagnostics.iter().cloned());
    crate::diag::dedup(&mut diagnostics);
    if has_errors(&diagnostics) {
        return Err(Failure::Data(diagnostics));
    }
    warnings.extend(diagnostics);

    let mut all_inputs = vec![promise_file.clone()];
    all_inputs.extend(logs);
    Ok(Loaded {
        promise_file,
        agreement,
        ingested,
        evaluation,
        inputs: all_inputs,
        warnings,
    })
}

/// Every activity as an [`ActivityRow`](crate::evaluate::ActivityRow):
/// the file named without its folders, so reports made from another folder
/// still compare.
pub fn activity_rows(ingested: &Ingested) -> Vec<crate::evaluate::ActivityRow> {
    let mut rows: Vec<crate::evaluate::ActivityRow> = ingested
        .activities
        .iter()
        .map(|a| {
            let mut source = a.source.clone();
            if let Some(name) = Path::new(source.file.as_ref()).file_name() {
                source.file = name.to_string_lossy().as_ref().into();
            }
            let field =
                |f: &Option<crate::ingest::Text>| f.as_deref().unwrap_or_default().to_owned();
            crate::evaluate::ActivityRow {
                place: source.to_string(),
                content: format!(
                    "{} | {} | {} | {} | {} | {}",
                    a.date,
                    field(&a.promise),
                    a.count,
                    field(&a.activity),
                    field(&a.place),
                    field(&a.responsible)
                ),
            }
        })
        .collect();
    rows.sort();
    rows
}

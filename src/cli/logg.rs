//! `lofte logg`: write the activity-log workbook (or csv template) for an
//! agreement, beside its promise file unless told otherwise. Never
//! overwrites a file without `--force`, and never the promise file or a log
//! it names, even with it.

use std::path::{Path, PathBuf};

use super::args::LoggArgs;
use super::load::{Failure, read_promise_file};
use super::output::{clashes_with_input, slug, window_label, write_atomically};
use crate::agreement::{self, Agreement};
use crate::diag::Warned;
use crate::logbook;

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// The xlsx workbook with dropdowns.
    Xlsx,
    /// The csv template (header row only).
    Csv,
}

impl LogFormat {
    fn extension(self) -> &'static str {
        match self {
            LogFormat::Xlsx => "xlsx",
            LogFormat::Csv => "csv",
        }
    }
}

/// The checked `lofte logg` request.
#[derive(Debug)]
pub struct LoggConfig {
    /// The promise file found from AGREEMENT.
    pub promise_file: PathBuf,
    /// The agreement in it.
    pub agreement: Agreement,
    /// Where to write.
    pub output: PathBuf,
    /// xlsx or csv.
    pub format: LogFormat,
    /// Replace an existing file.
    pub force: bool,
}

/// `aktivitetslogg-kalix-2022-2023.xlsx`.
pub fn default_name(agreement: &Agreement, format: LogFormat) -> String {
    format!(
        "aktivitetslogg-{}-{}.{}",
        slug(agreement.place()),
        window_label(&agreement.period),
        format.extension()
    )
}

impl LoggConfig {
    /// Finds and reads the promise file and decides where to write; the
    /// promise file's warnings come with it.
    pub fn from_args(args: &LoggArgs) -> Result<Warned<Self>, Failure> {
        let (promise_file, text) = read_promise_file(&args.agreement)?;
        let text = text.as_str();
        let name = promise_file.display().to_string();
        let base = promise_file.parent().unwrap_or(Path::new("."));
        let Warned {
            output: agreement,
            warnings,
        } = agreement::parse(text, &name, base)
            .into_result()
            .map_err(Failure::Data)?;

        let by_extension = |p: &Path| match p
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref()
        {
            Some("xlsx") => Some(LogFormat::Xlsx),
            Some("csv") => Some(LogFormat::Csv),
            _ => None,
        };
        let wanted = if args.csv {
            LogFormat::Csv
        } else {
            LogFormat::Xlsx
        };
        let (output, format) = match &args.output {
            Some(p) if p.is_dir() => (p.join(default_name(&agreement, wanted)), wanted),
            Some(p) => match by_extension(p) {
                Some(LogFormat::Xlsx) if args.csv => {
                    return Err(Failure::usage(format!(
                        "-o {} names an xlsx file but --csv asks for a csv; name it .csv",
                        p.display()
                    )));
                }
                Some(f) => (p.clone(), f),
                None => {
                    return Err(Failure::usage(format!(
                        "-o {}: lofte logg writes an .xlsx workbook (or a .csv with --csv); name the file so, or give a folder",
                        p.display()
                    )));
                }
            },
            None => (base.join(default_name(&agreement, wanted)), wanted),
        };

        let mut inputs = vec![promise_file.clone()];
        inputs.extend(agreement.logs.iter().cloned());
        // A log the promise file names but that does not exist yet may be
        // created; an existing one holds the user's rows.
        if let Some(input) = clashes_with_input(&output, &inputs).filter(|i| i.exists()) {
            return Err(Failure::usage(format!(
                "{} is an input of this agreement (the promise file or a log it names) and is never overwritten; give -o another name",
                input.display()
            )));
        }
        let config = LoggConfig {
            promise_file,
            agreement,
            output,
            format,
            force: args.force,
        };
        Ok(Warned::with(config, warnings))
    }
}

/// Writes `bytes` to `path` only if nothing is there: through a temporary
/// file linked into place, so two runs cannot both think they created it
/// and a failed run leaves no half-written file.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lofte".to_owned());
    let tmp = dir.join(format!(".{name}.{}.new", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    let linked = match std::fs::hard_link(&tmp, path) {
        // Filesystems without hard links (FAT on a USB stick): check,
        // then rename; a narrow race, but never a half-written file.
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            if path.exists() {
                Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists))
            } else {
                return std::fs::rename(&tmp, path).inspect_err(|_| {
                    let _ = std::fs::remove_file(&tmp);
                });
            }
        }
        other => other,
    };
    let _ = std::fs::remove_file(&tmp);
    linked
}

/// Runs `lofte logg`: 0 written, 1 errors in the promise file, 2 usage or
/// file errors (an existing file without `--force` among them).
pub fn run(args: &LoggArgs) -> super::Outcome {
    let config = match LoggConfig::from_args(args) {
        Ok(c) => c,
        Err(f) => {
            super::print_failure(&f);
            return f.outcome();
        }
    };
    let Warned {
        output: config,
        warnings,
    } = config;
    super::print_diagnostics(&warnings);
    let bytes = match config.format {
        LogFormat::Xlsx => match logbook::workbook(&config.agreement) {
            Ok(b) => b,
            Err(d) => {
                super::print_failure(&Failure::Io(vec![d]));
                return super::Outcome::Stopped;
            }
        },
        LogFormat::Csv => logbook::csv_template(&config.agreement),
    };
    let shown = config.output.display();
    let written = if config.force {
        write_atomically(&config.output, &bytes)
    } else {
        write_new(&config.output, &bytes)
    };
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            errln!("error: {shown} already exists; give --force to replace it, or -o another name");
            return super::Outcome::Stopped;
        }
        Err(e) => {
            errln!("error: cannot write {shown}: {e}");
            return super::Outcome::Stopped;
        }
    }
    out!("{}", summary(&config));
    super::Outcome::Done
}

/// What `lofte logg` prints after writing.
pub fn summary(config: &LoggConfig) -> String {
    let layout = logbook::layout(&config.agreement);
    let mut out = format!("wrote {}\n", config.output.display());
    let headers: Vec<&str> = layout.columns.iter().map(|c| c.header.as_str()).collect();
    out.push_str(&format!("  columns: {}\n", headers.join(" | ")));
    if config.format == LogFormat::Xlsx {
        out.push_str(&format!(
            "  sheets: {} (log here), {} (every promise, its target and what to log)\n",
            layout.sheets.join(", "),
            logbook::INSTRUCTIONS_SHEET
        ));
        out.push_str(&format!(
            "  dropdowns: Löfte {} promise ids, Aktivitet {}, Deltagare {}\n",
            layout.promise_ids.len(),
            match layout.activities.len() {
                0 => "free text (the promise file names no activity types)".to_owned(),
                n => format!("{n} activity types"),
            },
            logbook::PARTICIPANTS.join(" / ")
        ));
    }
    let base = config.promise_file.parent().unwrap_or(Path::new("."));
    let file_name = config
        .output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let already_read = clashes_with_input(&config.output, &config.agreement.logs).is_some();
    if already_read {
        out.push_str(&format!(
            "{} already names it in loggar\n",
            config.promise_file.display()
        ));
    } else {
        let folder = |p: &Path| p.canonicalize().ok();
        let beside = config
            .output
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .and_then(folder)
            .is_some_and(|p| Some(p) == folder(base));
        let relative = if beside {
            file_name
        } else {
            config.output.display().to_string()
        };
        out.push_str(&format!(
            "next: name it in {}: loggar = [\"{}\"]\n",
            config.promise_file.display(),
            relative
        ));
    }
    out
}

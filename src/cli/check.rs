//! `lofte check`: read and evaluate, render nothing, print every problem.
//!
//! Text output names the first few problems of each kind and ends with a
//! count per kind (see [`super::problems`]); `--all` prints every one, and
//! `--format json` gives every one as a JSON array.

use super::args::{CheckArgs, FormatArg};
use std::path::Path;

use super::Outcome;
use super::load::{Failure, InputConfig, find_promise_file, load};
use super::problems::{self, Detail};
use crate::diag::{Code, Diagnostic, Location, Warned};

/// Runs `lofte check`; exit 1 on any error, 0 with only warnings.
pub fn run(args: &CheckArgs) -> Outcome {
    let config = match InputConfig::from_args(&args.input) {
        Ok(c) => c,
        Err(f) => {
            super::print_failure(&f);
            return f.outcome();
        }
    };
    let detail = if args.all { Detail::All } else { Detail::Few };
    let mut worst = Outcome::Done;
    let mut all = Vec::new();
    // Loaded once, and only when a log is read.
    let mut renderer: Option<crate::render::Renderer> = None;
    // A folder of agreement folders stands for each of them, as in
    // `lofte report`.
    let agreements = super::report::expand_agreements(&args.input.agreements);
    for agreement in &agreements {
        let mut notes = Vec::new();
        let outcome = match promises_only(agreement, &config) {
            Some(checked) => checked,
            None => load(agreement, &config).map(|loaded| {
                let Warned {
                    output: loaded,
                    mut warnings,
                } = loaded;
                // What the report shows loudly must not be silent here.
                notes = crate::evaluate::attention(
                    &loaded.results,
                    crate::render::wording::target_description,
                );
                notes.extend(crate::agreement::parties::unstated(&loaded.agreement));
                // Characters the PDF cannot print: found without
                // typesetting, in the report's words.
                let renderer = renderer.get_or_insert_with(crate::render::Renderer::new);
                warnings.extend(
                    renderer
                        .unprintable(&loaded.results)
                        .into_iter()
                        .map(super::report::unprintable_warning),
                );
                warnings
            }),
        };
        let (diagnostics, code) = match outcome {
            Ok(warnings) => (warnings, Outcome::Done),
            Err(Failure::Data(d)) => (d, Outcome::DataErrors),
            Err(Failure::Io(d)) => (d, Outcome::Stopped),
            Err(f @ Failure::Usage(_)) => {
                super::print_failure(&f);
                worst = worst.worst(Outcome::Stopped);
                continue;
            }
        };
        worst = worst.worst(code);
        match args.format {
            FormatArg::Text => {
                // What the report will show as a warning sign goes to
                // stdout: findings of the follow-up, not problems with
                // the files (those go to stderr).
                let name = agreement.display().to_string();
                // With several agreements, each note says whose it is.
                let whose = if agreements.len() > 1 {
                    format!("{name}: ")
                } else {
                    String::new()
                };
                for note in &notes {
                    outln!("note: {whose}{note}");
                }
                if diagnostics.is_empty() {
                    errln!("{name}: 0 errors, 0 warnings");
                } else {
                    err!("{}", problems::text(&diagnostics, detail, &name));
                }
            }
            FormatArg::Json => all.extend(diagnostics),
        }
    }
    if args.format == FormatArg::Json {
        match serde_json::to_string_pretty(&all) {
            Ok(text) => outln!("{text}"),
            Err(e) => {
                errln!("error: {e}");
                return Outcome::Stopped;
            }
        }
    }
    worst
}

/// A promise file that names no logs yet (as `lofte init` writes it) is
/// checked on its own: every problem in it, and a warning that no log was
/// read. `None` when there are logs to read (then the whole load runs).
fn promises_only(path: &Path, config: &InputConfig) -> Option<Result<Vec<Diagnostic>, Failure>> {
    if !config.activities.is_empty() {
        return None;
    }
    let file = find_promise_file(path).ok()?;
    let text = std::fs::read_to_string(&file).ok()?;
    let name = file.display().to_string();
    let parsed = crate::agreement::parse(&text, &name, file.parent().unwrap_or(Path::new(".")));
    match parsed.into_result() {
        Ok(Warned {
            output: a,
            warnings: mut diagnostics,
        }) if a.logs.is_empty() => {
            diagnostics.push(
                Diagnostic::warning(
                    Code::NoLogs,
                    "the promise file names no activity logs yet: only the promise file was checked",
                )
                .at(Location::file(&name))
                .hint("add loggar = [\"…\"] when the log exists (lofte logg writes one), or give --activities FILE"),
            );
            // How the logs are to be read is checked before there are any.
            let (_, settings) = crate::agreement::log_settings(&text, &name);
            if settings.is_empty() {
                Some(Ok(diagnostics))
            } else {
                let problems: crate::diag::Sink = settings.into_iter().chain(diagnostics).collect();
                Some(Err(Failure::Data(problems.into_vec())))
            }
        }
        // A promise file with errors is loaded whole too: the logs it
        // names are read for their own problems in the same pass.
        Ok(_) | Err(_) => None,
    }
}

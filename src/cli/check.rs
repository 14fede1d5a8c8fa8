//! `lofte check`: read and evaluate, render nothing, print every problem.
//!
//! Text output names the first few problems of each kind and ends with a
//! count per kind (see [`super::problems`]); `--all` prints every one, and
//! `--format json` gives every one as a JSON array.

use super::args::{CheckArgs, FormatArg};
use std::path::Path;

use super::load::{Failure, InputConfig, find_promise_file, load};
use super::problems::{self, Detail};
use crate::diag::{Diagnostic, Location};

/// Runs `lofte check`; exit 1 on any error, 0 with only warnings.
pub fn run(args: &CheckArgs) -> i32 {
    let config = match InputConfig::from_args(&args.input) {
        Ok(c) => c,
        Err(f) => {
            super::print_failure(&f);
            return f.exit_code();
        }
    };
    let detail = if args.all { Detail::All } else { Detail::Few };
    let mut worst = 0;
    let mut all = Vec::new();
    // Loaded once, and only when a log is read.
    let mut renderer: Option<crate::render::Renderer> = None;
    for agreement in &args.input.agreements {
        let mut notes = Vec::new();
        let outcome = match promises_only(agreement, &config) {
            Some(checked) => checked,
            None => load(agreement, &config).map(|loaded| {
                // What the report shows loudly must not be silent here.
                notes = crate::evaluate::attention(
                    &loaded.evaluation.results,
                    crate::render::wording::target_description,
                );
                notes.extend(crate::agreement::parties::unstated(&loaded.agreement));
                let mut warnings = loaded.warnings;
                // Characters the PDF cannot print: found without
                // typesetting, in the report's words.
                let renderer = renderer.get_or_insert_with(crate::render::Renderer::new);
                warnings.extend(
                    renderer
                        .unprintable(&loaded.evaluation.results)
                        .into_iter()
                        .map(super::report::unprintable_warning),
                );
                warnings
            }),
        };
        let (diagnostics, code) = match outcome {
            Ok(warnings) => (warnings, 0),
            Err(Failure::Data(d)) => (d, 1),
            Err(Failure::Io(d)) => (d, 2),
            Err(f @ Failure::Usage(_)) => {
                super::print_failure(&f);
                worst = worst.max(2);
                continue;
            }
        };
        worst = worst.max(code);
        match args.format {
            FormatArg::Text => {
                // What the report will show as a warning sign goes to
                // stdout: findings of the follow-up, not problems with
                // the files (those go to stderr).
                for note in &notes {
                    println!("note: {note}");
                }
                let name = agreement.display().to_string();
                if diagnostics.is_empty() {
                    eprintln!("{name}: 0 errors, 0 warnings");
                } else {
                    eprint!("{}", problems::text(&diagnostics, detail, &name));
                }
            }
            FormatArg::Json => all.extend(diagnostics),
        }
    }
    if args.format == FormatArg::Json {
        match serde_json::to_string_pretty(&all) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
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
    match parsed.agreement {
        Some(a) if a.logs.is_empty() => {
            let mut diagnostics = parsed.diagnostics;
            diagnostics.push(
                Diagnostic::warning(
                    "no-logs",
                    "the promise file names no activity logs yet: only the promise file was checked",
                )
                .at(Location::file(&name))
                .hint("add loggar = [\"…\"] when the log exists (lofte logg writes one), or give --activities FILE"),
            );
            Some(Ok(diagnostics))
        }
        Some(_) => None,
        None if parsed.diagnostics.iter().any(Diagnostic::is_error) => {
            Some(Err(Failure::Data(parsed.diagnostics)))
        }
        None => None,
    }
}

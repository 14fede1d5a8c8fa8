//! `lofte check`: read and evaluate, render nothing, print every problem.

use super::args::{CheckArgs, FormatArg};
use super::load::{Failure, InputConfig, load};

/// Runs `lofte check`; exit 1 on any error, 0 with only warnings.
pub fn run(args: &CheckArgs) -> i32 {
    let config = match InputConfig::from_args(&args.input) {
        Ok(c) => c,
        Err(f) => {
            super::print_failure(&f);
            return f.exit_code();
        }
    };
    let mut worst = 0;
    let mut all = Vec::new();
    for agreement in &args.input.agreements {
        let mut notes = Vec::new();
        let (diagnostics, code) = match load(agreement, &config) {
            Ok(loaded) => {
                // What the report shows loudly must not be silent here.
                notes = crate::evaluate::attention(&loaded.evaluation.results);
                (loaded.warnings, 0)
            }
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
                super::print_diagnostics(&diagnostics);
                for note in &notes {
                    eprintln!("note: {note}");
                }
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "{}: {} errors, {} warnings",
                    agreement.display(),
                    errors,
                    diagnostics.len() - errors
                );
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

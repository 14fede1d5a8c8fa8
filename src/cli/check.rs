//! `lofte check`: read and evaluate, render nothing, print every problem.
//!
//! Text output names the first few problems of each kind and ends with a
//! count per kind (see [`super::problems`]); `--all` prints every one, and
//! `--format json` gives every one as a JSON array.

use super::args::{CheckArgs, FormatArg};
use super::load::{Failure, InputConfig, load};
use super::problems::{self, Detail};

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
    for agreement in &args.input.agreements {
        let (diagnostics, code) = match load(agreement, &config) {
            Ok(loaded) => (loaded.warnings, 0),
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

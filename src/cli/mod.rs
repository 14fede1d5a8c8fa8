//! Stage 5, the command line: clap types ([`args`]), one checked
//! configuration per subcommand, one module per subcommand. The only module
//! that prints (through [`term`]) or decides exit codes ([`Outcome`], mapped
//! to a code once, in [`main`]).

/// `println!` that stops quietly at a closed pipe (see [`term`]).
macro_rules! outln {
    () => { $crate::cli::term::out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::term::out(format_args!("{}\n", format_args!($($arg)*))) };
}
/// `print!` that stops quietly at a closed pipe (see [`term`]).
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::term::out(format_args!($($arg)*)) };
}
/// `eprintln!` that stops quietly at a closed pipe (see [`term`]).
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::term::err(format_args!("{}\n", format_args!($($arg)*))) };
}
/// `eprint!` that stops quietly at a closed pipe (see [`term`]).
macro_rules! err {
    ($($arg:tt)*) => { $crate::cli::term::err(format_args!($($arg)*)) };
}
pub(crate) use {errln, outln};

pub mod args;
pub mod check;
pub mod diff;
pub mod earlier;
pub mod init;
pub mod load;
pub mod logg;
pub mod memory;
pub mod output;
pub mod problems;
pub mod report;
pub mod template;
pub mod term;

use clap::Parser;

use crate::diag::Diagnostic;
use args::{Cli, Command, TemplateCommand};
use load::Failure;

/// How a run ended. Subcommands return this; [`main`] alone turns it into
/// the process's exit code (documented in docs/bad-input.md and `--help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: done (warnings allowed), or `lofte diff` found no difference.
    Done,
    /// Exit 1: errors in the user's data; nothing was written.
    DataErrors,
    /// Exit 2: a usage error, or a file that could not be read or written.
    Stopped,
    /// Exit 3: `lofte diff` found differences.
    Different,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Done => 0,
            Outcome::DataErrors => 1,
            Outcome::Stopped => 2,
            Outcome::Different => 3,
        }
    }

    /// The worse of two outcomes, for a run over several agreements: a
    /// stop outweighs data errors, which outweigh success.
    pub fn worst(self, other: Outcome) -> Outcome {
        let rank = |o: Outcome| match o {
            Outcome::Done => 0,
            Outcome::Different => 1,
            Outcome::DataErrors => 2,
            Outcome::Stopped => 3,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// Prints problems to stderr: the first few of each kind, then the count
/// of each kind (see [`problems`]).
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    err!("{}", problems::text(diagnostics, problems::Detail::Few, ""));
}

/// Prints why a run stopped.
pub fn print_failure(failure: &Failure) {
    print_failure_with(failure, problems::Detail::Few);
}

/// Prints why a run stopped, with as much detail as asked (`--all`).
pub fn print_failure_with(failure: &Failure, detail: problems::Detail) {
    match failure {
        Failure::Usage(message) => errln!("error: {message}"),
        Failure::Io(d) | Failure::Data(d) => {
            err!("{}", problems::text(d, detail, ""));
            errln!("nothing was written");
        }
    }
}

/// Runs the command line and returns the exit code: 0 written (warnings
/// allowed), 1 errors in the data, 2 usage or file-system errors, 3 `diff`
/// found differences. The one place an [`Outcome`] becomes a code.
pub fn main() -> std::process::ExitCode {
    memory::for_reading();
    std::process::ExitCode::from(run_args(std::env::args_os()))
}

/// Runs the command line on `args` (the first is the program name), as
/// [`main`] does on the process's own; for benchmarks and embedding.
pub fn run_args<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let outcome = match Cli::try_parse_from(args) {
        Ok(cli) => dispatch(cli.command),
        Err(e) => {
            // Help and version go to stdout; a closed pipe there is fine.
            let _ = e.print();
            if e.use_stderr() {
                Outcome::Stopped
            } else {
                Outcome::Done
            }
        }
    };
    match term::write_failure() {
        // Output the user asked for was lost: that is not a success.
        Some(why) => {
            errln!("error: {why}");
            Outcome::Stopped.code()
        }
        None => outcome.code(),
    }
}

fn dispatch(command: Command) -> Outcome {
    match command {
        Command::Report(args) => match report::ReportConfig::from_args(&args) {
            Ok(config) => report::run(&config),
            Err(f) => {
                print_failure(&f);
                f.outcome()
            }
        },
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args.old, &args.new),
        Command::Serve(args) => crate::serve::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Logg(args) => logg::run(&args),
        Command::Template(TemplateCommand::Export { dir }) => template::export(&dir),
    }
}

#[cfg(test)]
mod tests {
    use super::Outcome;

    #[test]
    fn the_worst_outcome_wins_and_codes_are_fixed() {
        use Outcome::*;
        assert_eq!(Done.worst(DataErrors), DataErrors);
        assert_eq!(Stopped.worst(DataErrors), Stopped);
        assert_eq!(DataErrors.worst(Done), DataErrors);
        let codes: Vec<u8> = [Done, DataErrors, Stopped, Different]
            .map(Outcome::code)
            .to_vec();
        assert_eq!(codes, [0, 1, 2, 3]);
    }
}

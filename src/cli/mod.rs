//! Stage 5, the command line: clap types ([`args`]), one checked
//! configuration per subcommand, one module per subcommand. The only module
//! that prints or decides exit codes.

pub mod args;
pub mod check;
pub mod diff;
pub mod init;
pub mod load;
pub mod logg;
pub mod output;
pub mod problems;
pub mod report;
pub mod template;

use clap::Parser;

use crate::diag::Diagnostic;
use args::{Cli, Command, TemplateCommand};
use load::Failure;

/// Prints problems to stderr: the first few of each kind, then the count
/// of each kind (see [`problems`]).
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    eprint!("{}", problems::text(diagnostics, problems::Detail::Few, ""));
}

/// Prints why a run stopped.
pub fn print_failure(failure: &Failure) {
    print_failure_with(failure, problems::Detail::Few);
}

/// Prints why a run stopped, with as much detail as asked (`--all`).
pub fn print_failure_with(failure: &Failure, detail: problems::Detail) {
    match failure {
        Failure::Usage(message) => eprintln!("error: {message}"),
        Failure::Io(d) | Failure::Data(d) => {
            eprint!("{}", problems::text(d, detail, ""));
            eprintln!("nothing was written");
        }
    }
}

/// Runs the command line and returns the exit code: 0 written (warnings
/// allowed), 1 errors in the data, 2 usage or file-system errors.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    dispatch(cli.command)
}

/// Runs the command line on `args` (the first is the program name), as
/// [`main`] does on the process's own; for benchmarks and embedding.
pub fn run_args<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) => dispatch(cli.command),
        Err(e) => {
            let _ = e.print();
            if e.use_stderr() { 2 } else { 0 }
        }
    }
}

fn dispatch(command: Command) -> i32 {
    match command {
        Command::Report(args) => match report::ReportConfig::from_args(&args) {
            Ok(config) => report::run(&config),
            Err(f) => {
                print_failure(&f);
                f.exit_code()
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

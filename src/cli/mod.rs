//! Stage 5, the command line: clap types, one checked configuration, one
//! function per subcommand. The only module that prints or exits.

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    todo!("cli")
}

//! The only writer to the terminal: every line lofte prints goes through
//! [`out`] or [`err`] (by the `outln!`/`errln!` macros of [`super`]).
//!
//! `println!` panics when the reader has gone (`lofte diff a b | head -1`).
//! Here a closed pipe is not an error: the output simply stops and the run
//! finishes its work (a report still writes its files). Any other failed
//! write (a full disk behind `> file`) is remembered, and `main` ends with
//! exit 2 and says why, once.

use std::fmt;
use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once stdout's reader has gone: nothing more is written there.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// Set once stderr's reader has gone.
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
/// The first write that failed for another reason than a closed pipe.
static FAILED: Mutex<Option<String>> = Mutex::new(None);

/// Writes to stdout; a closed pipe stops further output silently.
pub fn out(args: fmt::Arguments<'_>) {
    write_to(&STDOUT_CLOSED, "standard output", || {
        let mut stdout = io::stdout().lock();
        stdout.write_fmt(args)?;
        stdout.flush()
    });
}

/// Writes to stderr; a closed pipe stops further output silently.
pub fn err(args: fmt::Arguments<'_>) {
    write_to(&STDERR_CLOSED, "standard error", || {
        io::stderr().lock().write_fmt(args)
    });
}

fn write_to(closed: &AtomicBool, name: &str, write: impl FnOnce() -> io::Result<()>) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = write() {
        closed.store(true, Ordering::Relaxed);
        if e.kind() != io::ErrorKind::BrokenPipe {
            let mut failed = FAILED
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            failed.get_or_insert_with(|| format!("cannot write to {name}: {e}"));
        }
    }
}

/// Why a write to the terminal failed (not a closed pipe), if one did.
pub fn write_failure() -> Option<String> {
    FAILED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_stops_output_and_is_no_failure() {
        let closed = AtomicBool::new(false);
        let mut calls = 0;
        for _ in 0..3 {
            write_to(&closed, "test", || {
                calls += 1;
                Err(io::Error::from(io::ErrorKind::BrokenPipe))
            });
        }
        assert_eq!(calls, 1, "nothing is written after the reader has gone");
        assert!(closed.load(Ordering::Relaxed));
        assert_eq!(write_failure(), None);
    }
}

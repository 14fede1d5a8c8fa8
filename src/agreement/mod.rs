//! Stage 2, agreement: the promise file (TOML, Swedish keys) → a validated
//! [`Agreement`]. Every mistake in the file is a [`Diagnostic`](crate::diag::Diagnostic) with line and
//! column; all of them are collected in one pass.
//!
//! This stage reads only the promise file; it never opens a log.

mod file;
pub mod indicators;
mod keyword;
mod log_settings;
mod model;
pub mod parties;

pub use file::{LogSources, Parsed, parse, parse_window, parse_with_sources, singular_of};
pub use indicators::{Indicator, IndicatorChange, IndicatorOutcome, IndicatorValue, Verdict};
pub use log_settings::{LOG_KEYS, LogSettings, log_settings};
pub use model::*;

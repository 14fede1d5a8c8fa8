//! Stage 3, evaluate: pure. (agreement, activities, window, as-of date) →
//! [`Results`]. No files, no clock, no randomness: the same inputs give the
//! same results, whatever the row order.
//!
//! Counting rules (also stated in `docs/counting-rules.md` and the report):
//! calendar intervals lying wholly inside the window are judged, edge
//! intervals are shown but not judged; every-N blocks start at the window's
//! first whole week or month; averages divide by days ÷ 7 (or days); a
//! figure reaching the part-met share of its requirement is part met.

mod changes;
mod results;

pub use changes::{Changes, FigureChange, PromiseChange, RowChange, compare};

pub use results::*;

use chrono::NaiveDate;

use crate::agreement::{Agreement, DateRange};
use crate::diag::Diagnostic;
use crate::ingest::Ingested;

/// Results and the problems found while matching rows to promises.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The evaluated report.
    pub results: Results,
    /// Errors (an unknown promise id) and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Evaluates every promise of `agreement` over `window` as of `as_of`.
pub fn evaluate(
    agreement: &Agreement,
    ingested: &Ingested,
    window: DateRange,
    as_of: NaiveDate,
) -> Evaluation {
    let _ = (agreement, ingested, window, as_of);
    todo!("evaluate")
}

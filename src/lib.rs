//! lofte writes the annual follow-up of Swedish *medborgarlöften*: the
//! promises a local police area and a municipality make together.
//!
//! # Steps
//! 1. [`ingest`]: activity logs (xlsx, ods, csv …) → [`ingest::Activity`]
//!    rows, each remembering its file, sheet and cell.
//! 2. [`agreement`]: the promise file (TOML) → a validated
//!    [`agreement::Agreement`].
//! 3. [`evaluate`]: pure — (agreement, rows, window, as-of date) →
//!    [`evaluate::Results`], every figure keeping the rows behind it.
//! 4. [`render`]: results → one JSON document → embedded typst template →
//!    PDF/A.
//! 5. `cli` (in the binary's library half, [`cli`]): flags → checked
//!    configuration → the steps above → files and exit codes.
//!
//! Beside the pipeline, [`init`] drafts a promise file from the published
//! agreement text (`lofte init`).
//! Beside the steps, [`logbook`] writes the activity-log workbook the
//! year's logging starts from (`lofte logg`): agreement in, xlsx out.
//!
//! Problems with user data travel as [`diag::Diagnostic`] values through
//! every step.

pub mod agreement;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diag;
pub mod evaluate;
pub mod ingest;
pub mod init;
pub mod locale;
#[cfg(feature = "cli")]
pub mod logbook;
#[cfg(feature = "cli")]
pub mod render;
#[cfg(feature = "cli")]
pub mod serve;

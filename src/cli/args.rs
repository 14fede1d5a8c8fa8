//! What the command line accepts. These types only describe flags; each
//! subcommand checks them into its own configuration
//! ([`super::report::ReportConfig`], [`super::load::InputConfig`], …).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// lofte — skriftlig uppföljning av medborgarlöften.
///
/// Reads the activity logs the police and the municipality keep and the
/// promise file of an agreement, computes achieved against target for every
/// promise, and writes the follow-up as an archival, accessible PDF with a
/// results JSON beside it.
///
/// Exit codes: 0 done (warnings allowed), 1 errors in the data (nothing
/// written), 2 usage or file-system errors, 3 `lofte diff` found
/// differences. A reader that goes away (`lofte check … | head -1`) is
/// not an error.
#[derive(Debug, Parser)]
#[command(name = "lofte", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the follow-up PDF and results JSON of an agreement.
    Report(ReportArgs),
    /// Read and evaluate an agreement without rendering; print every problem.
    Check(CheckArgs),
    /// Compare two results (JSON, or PDFs written by lofte) and print what changed.
    ///
    /// Exits 0 when the versions are the same, 3 when they differ, 1 when a
    /// file is not a lofte results file, 2 when a file cannot be read.
    Diff(DiffArgs),
    /// Write the activity-log workbook for an agreement: xlsx with the
    /// columns lofte reads, dropdowns and instructions (or a csv template).
    Logg(LoggArgs),
    /// Work with the report template.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Serve the follow-up as a local web page (docs/serve.md).
    Serve(ServeArgs),
    /// Draft a promise file (loften.toml) from the agreement's text.
    Init(InitArgs),
}

/// Which agreement, which logs, which window.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// The promise file, a folder holding `loften.toml`, or a folder of
    /// such folders (each agreement in it).
    #[arg(value_name = "AGREEMENT", required = true)]
    pub agreements: Vec<PathBuf>,

    /// Activity logs to read instead of those the promise file names.
    #[arg(long = "activities", value_name = "FILE", num_args = 1..)]
    pub activities: Vec<PathBuf>,

    /// Report window: a year of the agreement (`2023`) or `FROM..TO`
    /// (`2023-01-01..2023-06-30`). Default: the whole agreement period.
    #[arg(long, value_name = "WINDOW")]
    pub window: Option<String>,

    /// The date the report is written as of (`2023-06-30`). Default: the
    /// last day of the window. No wall clock is ever consulted.
    #[arg(long = "as-of", value_name = "DATE")]
    pub as_of: Option<String>,

    /// Read only this sheet of each workbook.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Read hidden sheets too. By default they are skipped, and named: a
    /// hidden sheet is most often an old copy of the log.
    #[arg(long = "include-hidden")]
    pub include_hidden: bool,

    /// Refuse log files larger than this many MiB.
    #[arg(long = "max-file-mb", value_name = "MIB", default_value_t = crate::ingest::Limits::MAX_FILE_MB)]
    pub max_file_mb: u64,

    /// Refuse sheets with more cells than this.
    #[arg(long = "max-cells", value_name = "N", default_value_t = crate::ingest::Limits::MAX_CELLS, value_parser = clap::value_parser!(u64).range(1..=crate::ingest::Limits::MAX_CELLS_CEILING))]
    pub max_cells: u64,

    /// Refuse workbooks whose parts unpack to more than this many MiB.
    #[arg(long = "max-unzipped-mb", value_name = "MIB", default_value_t = crate::ingest::Limits::MAX_UNZIPPED_MB)]
    pub max_unzipped_mb: u64,
}

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Svenska.
    Sv,
    /// English.
    En,
}

/// PDF standard to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StandardArg {
    /// PDF/A-2a with PDF/UA-1 (archival and accessible).
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-3a with PDF/UA-1 (allows the attached results JSON).
    #[value(name = "a-3a")]
    A3a,
}

/// `lofte report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,

    /// Where to write: a folder, or a file name ending in `.pdf`. The results
    /// JSON gets the same stem. Default: the current folder, named after
    /// kommun and window (`uppfoljning-kalix-2022-2023.pdf`). A report of
    /// the same kommun and window already there is replaced by its next
    /// version; any other file there is refused, never written over.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Language of the report.
    #[arg(long, value_enum, default_value = "sv")]
    pub lang: LangArg,

    /// PDF standard. Default: a-3a when the results JSON is attached
    /// (the default), else a-2a.
    #[arg(long = "pdf-standard", value_enum)]
    pub pdf_standard: Option<StandardArg>,

    /// Do not attach the results JSON inside the PDF (then PDF/A-2a).
    #[arg(long = "no-attach")]
    pub no_attach: bool,

    /// Render with your own typst template folder (holding `main.typ`).
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,

    /// A logo (png, jpg or svg) for the title block.
    #[arg(long, value_name = "FILE")]
    pub logo: Option<PathBuf>,

    /// Add an appendix listing the rows behind each promise.
    #[arg(long)]
    pub underlag: bool,

    /// An earlier results JSON (or PDF from lofte) of the same kommun and
    /// window: this report becomes its next version and lists what
    /// changed. It may be the output's own pair, which the next version
    /// replaces. Without it, a report already at the output is the earlier
    /// version.
    #[arg(long, value_name = "OLD")]
    pub previous: Option<PathBuf>,

    /// Why this version was made ("Rättelse efter påpekande från …"),
    /// printed in the report's change record. Repeat for several.
    #[arg(long = "note", value_name = "TEXT")]
    pub notes: Vec<String>,

    /// The date this version is made (`2024-02-15`), recorded in the report
    /// and as the PDF's date. Default: SOURCE_DATE_EPOCH when set, else the
    /// as-of date. No wall clock is ever consulted.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,

    /// Print every warning and error in full, not only the first few of
    /// each kind.
    #[arg(long)]
    pub all: bool,

    /// How many agreements of a batch are made at once. Default: one per
    /// CPU core.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Render again whenever the promise file, a log or the template
    /// changes, printing one line per run. Stop with Ctrl-C.
    #[arg(long)]
    pub watch: bool,
}

/// Output format for `lofte check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Compiler-style text.
    Text,
    /// A JSON array of diagnostics.
    Json,
}

/// `lofte check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,

    /// How to print the problems.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,

    /// Print every problem in full, not only the first few of each kind.
    #[arg(long)]
    pub all: bool,
}

/// `lofte logg`.
#[derive(Debug, Args)]
pub struct LoggArgs {
    /// The promise file, or a folder holding `loften.toml`.
    #[arg(value_name = "AGREEMENT")]
    pub agreement: PathBuf,

    /// Where to write: a file (`.xlsx`, or `.csv` with --csv) or a folder.
    /// Default: beside the promise file, named after kommun and period
    /// (`aktivitetslogg-kalix-2022-2023.xlsx`).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Write a csv template (the header row; semicolons, UTF-8 with BOM)
    /// instead of the workbook.
    #[arg(long)]
    pub csv: bool,

    /// Replace the file if it exists. The promise file and the logs it
    /// names are never replaced.
    #[arg(long)]
    pub force: bool,
}

/// `lofte diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier results (JSON, or a PDF written by lofte).
    pub old: PathBuf,
    /// The newer results.
    pub new: PathBuf,
}

/// `lofte init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The agreement as published: text copied from the web page or PDF
    /// (.txt), Markdown (.md) or a Word document (.docx).
    #[arg(value_name = "AGREEMENT")]
    pub agreement: PathBuf,

    /// Where to write the draft. Default: `loften.toml` in the current folder.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `lofte template …`.
#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// Write the default template into DIR as a starting point.
    Export {
        /// The folder to write into (created if missing).
        dir: PathBuf,
    },
}

/// `lofte serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The folder holding the agreement folders (or one agreement folder).
    #[arg(value_name = "FOLDER", default_value = ".")]
    pub folder: PathBuf,

    /// Port on 127.0.0.1. Default: a free port.
    #[arg(long, default_value_t = 0)]
    pub port: u16,

    /// Listen on this address instead of 127.0.0.1 (`0.0.0.0:8080`): the
    /// logs become reachable from other machines. See docs/serve.md.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<std::net::SocketAddr>,

    /// Also accept requests for this host name (`lofte.kommun.se`), as sent
    /// by a reverse proxy in front of lofte.
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allow_host: Vec<String>,

    /// Show agreements, problems and reports; accept no uploads and write
    /// nothing.
    #[arg(long = "read-only")]
    pub read_only: bool,

    /// Give up on a report that takes longer than this many seconds; what
    /// it would have written is then not written.
    #[arg(long = "render-timeout", value_name = "SECONDS", default_value_t = 120)]
    pub render_timeout: u64,

    /// Refuse uploaded and read log files larger than this many MiB.
    #[arg(long = "max-file-mb", value_name = "MIB", default_value_t = crate::ingest::Limits::MAX_FILE_MB)]
    pub max_file_mb: u64,

    /// Refuse sheets with more cells than this.
    #[arg(long = "max-cells", value_name = "N", default_value_t = crate::ingest::Limits::MAX_CELLS, value_parser = clap::value_parser!(u64).range(1..=crate::ingest::Limits::MAX_CELLS_CEILING))]
    pub max_cells: u64,

    /// Refuse workbooks whose parts unpack to more than this many MiB.
    #[arg(long = "max-unzipped-mb", value_name = "MIB", default_value_t = crate::ingest::Limits::MAX_UNZIPPED_MB)]
    pub max_unzipped_mb: u64,
}

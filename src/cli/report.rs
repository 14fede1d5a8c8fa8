//! `lofte report`: read, evaluate, render, write — for one agreement or
//! many.

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic, Location, Warned};
use crate::evaluate::{DateSource, Made, Status, Summary};
use crate::locale::Lang;
use crate::render::wording::{Counted, count};
use crate::render::{PdfStandard, RenderError, RenderOptions, Renderer};

use super::args::{LangArg, ReportArgs, StandardArg};
use super::earlier::Remembered;
use super::load::{Failure, InputConfig, Loaded, LogWarnings, VersionInputs, load_version};
use super::output::{Claims, OutputPaths, clashes_with_input, output_paths};
use super::problems::{self, Detail};

/// The checked configuration of a report run.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// The agreements to report (promise files or folders).
    pub agreements: Vec<PathBuf>,
    /// Inputs.
    pub input: InputConfig,
    /// `-o`.
    pub output: Option<PathBuf>,
    /// Rendering.
    pub render: RenderOptions,
    /// `--previous`.
    pub previous: Option<PathBuf>,
    /// `--note`, in order.
    pub notes: Vec<String>,
    /// `--date`, or SOURCE_DATE_EPOCH's day, and which of them it was.
    pub date: Option<(chrono::NaiveDate, DateSource)>,
    /// `--logo`.
    pub logo: Option<PathBuf>,
    /// `--quiet`.
    pub quiet: bool,
    /// `--watch`.
    pub watch: bool,
    /// `--all`: every warning in full, not the first few of each kind.
    pub all: bool,
    /// `--jobs`: agreements made at once in a batch (at least 1).
    pub jobs: usize,
}

impl ReportConfig {
    /// Checks the flags of `lofte report`.
    pub fn from_args(args: &ReportArgs) -> Result<Self, Failure> {
        let mut input = InputConfig::from_args(&args.input)?;
        let attach = !args.no_attach;
        let standard = match (args.pdf_standard, attach) {
            (Some(StandardArg::A2a), true) => {
                return Err(Failure::usage(
                    "PDF/A-2a cannot carry the attached results JSON; use --pdf-standard a-3a or add --no-attach",
                ));
            }
            (Some(StandardArg::A2a), false) | (None, false) => PdfStandard::A2a,
            (Some(StandardArg::A3a), _) | (None, true) => PdfStandard::A3a,
        };
        let agreements = expand_agreements(&args.input.agreements);
        // Several agreements keep the cores busy between them: a sheet is
        // not also cut in halves.
        input.ingest.whole_sheets = agreements.len() > 1;
        if agreements.len() > 1
            && let Some(out) = &args.output
            && out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            return Err(Failure::usage(
                "several agreements need -o to name a folder, not a .pdf file",
            ));
        }
        Ok(ReportConfig {
            agreements,
            input,
            output: args.output.clone(),
            render: RenderOptions {
                lang: match args.lang {
                    LangArg::Sv => Lang::Sv,
                    LangArg::En => Lang::En,
                },
                standard,
                template: args.template.clone(),
                attach_results: attach,
                underlag: args.underlag,
                logo: None,
            },
            previous: args.previous.clone(),
            notes: args.notes.clone(),
            date: version_date(
                args.date.as_deref(),
                std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(),
            )?,
            logo: args.logo.clone(),
            quiet: args.quiet,
            watch: args.watch,
            all: args.all,
            jobs: args.jobs.map(usize::from).unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
            }),
        })
    }
}

/// The date a version is made: `--date`, else SOURCE_DATE_EPOCH (seconds
/// since 1970, its UTC day), else `None` (the report's as-of date is used).
fn version_date(
    flag: Option<&str>,
    epoch: Option<&str>,
) -> Result<Option<(chrono::NaiveDate, DateSource)>, Failure> {
    if let Some(text) = flag {
        return chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map(|d| Some((d, DateSource::DateFlag)))
            .map_err(|_| {
                Failure::usage(format!(
                    "--date expects a date like 2024-02-15, found \"{text}\""
                ))
            });
    }
    match epoch.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .map(|t| Some((t.date_naive(), DateSource::SourceDateEpoch)))
            .ok_or_else(|| {
                Failure::usage(format!(
                    "SOURCE_DATE_EPOCH must be whole seconds since 1970, found \"{text}\""
                ))
            }),
    }
}

/// A folder of agreement folders (`samples/`) stands for each of them.
pub fn expand_agreements(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        let is_agreement = path.is_file()
            || !path.is_dir()
            || path.join("loften.toml").is_file()
            || std::fs::read_dir(path).is_ok_and(|entries| {
                entries
                    .filter_map(Result::ok)
                    .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
            });
        if is_agreement {
            out.push(path.clone());
            continue;
        }
        let mut children: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.join("loften.toml").is_file())
                    .collect()
            })
            .unwrap_or_default();
        children.sort();
        if children.is_empty() {
            out.push(path.clone());
        } else {
            out.extend(children);
        }
    }
    out
}

/// What one written report was.
#[derive(Debug)]
pub struct Written {
    /// Where.
    pub paths: OutputPaths,
    /// The kommun, for the summary table.
    pub kommun: String,
    /// Promises per status. Only the counts are kept, not the results:
    /// a batch of hundreds of agreements must not hold every report's rows.
    pub summary: Summary,
    /// The version written (1, or the next after the earlier one).
    pub version: u32,
    /// `Some(n)` when nothing changed since version `n` (given with
    /// `--previous`, or at the output): then nothing was written.
    pub unchanged_since: Option<u32>,
    /// Why version `version` was written again with the same figures, when
    /// it was.
    pub again: Option<Again>,
}

/// Why a version is written again with its own figures, number, change
/// record and history: no new version, as nothing in it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Again {
    /// Asked for in another rendering (`--lang`, `--template`, `--logo`,
    /// `--underlag`, `--pdf-standard`, `--no-attach`).
    Rendering,
    /// A `--watch` wrote the next version's draft over it, and the edit
    /// behind the draft was undone: the draft's change record was no
    /// longer true.
    DraftUndone,
}

/// Reads, evaluates and writes one agreement's report, with the warnings
/// of every stage.
///
/// The report follows the earlier version given with `--previous`, else
/// the one already at the output ([`super::earlier`]); `remembers` keeps
/// it for the runs of a `--watch`.
///
/// In a batch, `claims` holds the files the other agreements write: a file
/// already claimed is refused, not overwritten.
pub fn report_one(
    agreement: &Path,
    config: &ReportConfig,
    renderer: &Renderer,
    claims: Option<&Claims>,
    remembers: Option<&Remembered>,
) -> Result<Warned<Written>, Failure> {
    let Warned {
        output:
            Loaded {
                agreement: parsed,
                mut results,
                inputs,
                log_warnings,
                ..
            },
        mut warnings,
    } = load_version(
        agreement,
        &config.input,
        &VersionInputs {
            template: config.render.template.clone(),
        },
    )?;

    let mut paths = output_paths(config.output.as_deref(), parsed.place(), &results.window);
    // A mid-year report must not take the name of the full-year report of
    // the same window (nor overwrite it): its as-of date goes in the name.
    let named = config
        .output
        .as_ref()
        .is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")));
    if !named && results.as_of != results.window.to {
        let stem = paths
            .pdf
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        paths.pdf = paths
            .pdf
            .with_file_name(format!("{stem}-per-{}.pdf", results.as_of));
        paths.json = paths.pdf.with_extension("json");
    }
    let given = config.output.iter();
    // An earlier version given with --previous is an input too:
    // overwriting it would lose the report the council saw — unless it is
    // the output's own pair, which its next version replaces.
    let mut protected = inputs.clone();
    protected.extend(
        config
            .previous
            .iter()
            .filter(|p| clashes_with_input(p, &[paths.pdf.clone(), paths.json.clone()]).is_none())
            .cloned(),
    );
    protected.extend(config.logo.iter().cloned());
    for out in [&paths.pdf, &paths.json].into_iter().chain(given) {
        if let Some(input) = clashes_with_input(out, &protected) {
            return Err(Failure::usage(format!(
                "the output {} would overwrite the input {}; choose another -o",
                out.display(),
                input.display()
            )));
        }
    }

    if let Some(claims) = claims
        && let Some(taken) = [&paths.pdf, &paths.json]
            .into_iter()
            .find(|p| !claims.claim(p))
    {
        return Err(Failure::usage(format!(
            "another agreement of this run writes {} too; give each agreement its own -o folder or kommun",
            taken.display()
        )));
    }

    // Read before anything is written: the output's own pair may be the
    // version this one follows.
    let previous =
        super::earlier::previous_version(config.previous.as_deref(), &paths, &results, remembers)?;
    // What the earlier version is, kept for writing it again.
    let before = previous.as_ref().map(|p| {
        let r = p.results();
        (
            r.changes.clone(),
            r.history.clone(),
            // A version written before its rendering was recorded was
            // rendered as lofte renders by default (Swedish, PDF/A-3a with
            // the JSON attached), with the template its sources name.
            r.rendering.clone().unwrap_or_else(|| {
                let default = RenderOptions {
                    lang: Lang::Sv,
                    standard: PdfStandard::A3a,
                    attach_results: true,
                    ..RenderOptions::default()
                };
                rendering(&default, &r.sources, None)
            }),
        )
    });
    // The logo is read before anything is written: a bad one is refused
    // with no folder made. Its checksum is part of the rendering.
    let logo = config.logo.as_deref().map(read_logo).transpose()?;
    results.rendering = Some(rendering(&config.render, &results.sources, logo.as_ref()));
    crate::evaluate::next_version(
        &mut results,
        previous,
        Some(Made {
            date: config.date,
            notes: config.notes.clone(),
        }),
        &crate::render::wording::ResultsWords,
    );
    let key = super::output::resolved(&paths.json);
    let mut again = None;
    if let Some(changes) = &results.changes
        && changes.is_empty()
        && let Some((earlier_changes, history, earlier_rendering)) = before
    {
        let since = changes.since_version;
        again = if remembers.is_some_and(|r| r.drafted(&key)) {
            Some(Again::DraftUndone)
        } else if Some(earlier_rendering) != results.rendering {
            Some(Again::Rendering)
        } else {
            None
        };
        if again.is_none() {
            // No change, no new version: the council's copy stays the
            // latest, and nothing is written.
            let written = Written {
                paths,
                kommun: results.agreement.place.clone(),
                summary: results.summary.clone(),
                version: since,
                unchanged_since: Some(since),
                again: None,
            };
            let logs = log_warnings.take(&mut results);
            log_warnings.restore(logs, &mut warnings);
            return Ok(Warned::with(written, warnings));
        }
        // The same figures in the rendering asked for (or over the
        // watch's own draft): the earlier version again, its number, its
        // change record and its history, no record of a version not made.
        results.version = since;
        results.changes = earlier_changes;
        results.history = history;
    } else if let Some((_, history, _)) = &before
        && let Some(refused) = dated_before(&results, history)
    {
        return Err(refused);
    }
    let version = results.version;
    let mut made: Vec<PathBuf> = Vec::new();
    for dir in [&paths.pdf, &paths.json]
        .into_iter()
        .filter_map(|p| p.parent())
        .filter(|d| !d.as_os_str().is_empty())
    {
        if !dir.is_dir() {
            std::fs::create_dir_all(dir).map_err(|e| write_failure(dir, &e))?;
            made.push(dir.to_path_buf());
        }
    }
    let kommun = results.agreement.place.clone();
    let summary = results.summary.clone();
    let written = write_report(&paths, results, config, logo, renderer, log_warnings);
    if written.is_err() {
        // A folder made for a report that failed is removed again (only
        // when still empty: remove_dir refuses any other).
        for dir in made.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    // A template that fails names the data's warnings too, not only the
    // run after it is mended.
    let (logs, rendering) = written.map_err(|f| super::load::with_warnings(f, &warnings))?;
    log_warnings.restore(logs, &mut warnings);
    warnings.extend(rendering);
    if let Some(remembered) = remembers {
        remembered.set_drafted(key, again.is_none());
    }
    let written = Written {
        paths,
        kommun,
        summary,
        version,
        unchanged_since: None,
        again,
    };
    Ok(Warned::with(written, warnings))
}

/// How `render` renders, as the results record it (`logo`: the logo's
/// extension and bytes); `lofte serve` records its rendering the same way.
pub fn rendering(
    render: &RenderOptions,
    sources: &[crate::evaluate::Source],
    logo: Option<&(String, Vec<u8>)>,
) -> crate::evaluate::Rendering {
    crate::evaluate::Rendering {
        lang: render.lang.code().to_owned(),
        pdf_standard: match render.standard {
            PdfStandard::A2a => "a-2a",
            PdfStandard::A3a => "a-3a",
        }
        .to_owned(),
        attached: render.attach_results,
        underlag: render.underlag,
        template: sources
            .iter()
            .find(|s| s.role == crate::evaluate::Role::Template)
            .map(|s| s.sha256.clone()),
        logo: logo.map(|(_, bytes)| super::load::sha256_hex(bytes)),
    }
}

/// A new version dated before the version it follows (`--date`, or
/// SOURCE_DATE_EPOCH, or the as-of date, earlier than the last record of
/// `history`), refused naming both dates: the archive's order of versions
/// would contradict their dates.
fn dated_before(
    results: &crate::evaluate::Results,
    history: &[crate::evaluate::VersionRecord],
) -> Option<Failure> {
    let day = |r: &crate::evaluate::VersionRecord| {
        chrono::NaiveDate::parse_from_str(&r.date, "%Y-%m-%d").ok()
    };
    let earlier = history.last()?;
    let new = results.history.last()?;
    let (then, now) = (day(earlier)?, day(new)?);
    if now >= then {
        return None;
    }
    let source = |r: &crate::evaluate::VersionRecord| match r.date_source {
        DateSource::DateFlag => "--date",
        DateSource::SourceDateEpoch => "SOURCE_DATE_EPOCH",
        DateSource::AsOf => "the as-of date",
    };
    Some(Failure::usage(format!(
        "version {} would be dated {now} ({}), before version {} it follows, dated {then} ({}); a version cannot be older than the one before it: give --date {then} or later",
        new.version,
        source(new),
        earlier.version,
        source(earlier),
    )))
}

/// Writes the results JSON and the PDF of `results` as one pair at
/// `paths` (their folders exist); returns the logs' warnings (taken out of
/// the results once the JSON is written, see [`LogWarnings`]) and the
/// renderer's.
///
/// The results are taken: once the JSON is written and the template's
/// document made, they are dropped before typst lays the document out (a
/// million-row report's list of rows and warnings are tens of megabytes).
fn write_report(
    paths: &OutputPaths,
    results: crate::evaluate::Results,
    config: &ReportConfig,
    logo: Option<(String, Vec<u8>)>,
    renderer: &Renderer,
    log_warnings: LogWarnings,
) -> Result<(Vec<Diagnostic>, Vec<Diagnostic>), Failure> {
    // The results JSON goes to a temporary beside its file as it is
    // serialised, and to the PDF's attachment in the same pass: a
    // million-row log's JSON is never held whole. A failed render drops
    // the temporary; the pair is then written as one (write_pair_streamed).
    let json =
        super::output::temporary_for(&paths.json).map_err(|e| write_failure(&paths.json, &e))?;
    let prepared = crate::render::Prepared::of(&results, with_logo(&config.render, logo));
    let attach = config.render.attach_results;
    let (written, rendered) = if results.activity_rows.len() <= BESIDE_MAX_ROWS {
        // The JSON is written on a thread of its own while typst reads and
        // evaluates the template, which waits for the attachment only
        // where it attaches it: a tenth of a 10k-row report's time was the
        // JSON, with the second core idle (BENCHMARKS.md 10.27).
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || {
                write_json(json, results, attach, &paths.json, log_warnings, |a| {
                    // The render may have stopped before it asked for it.
                    let _ = sender.send(a);
                })
            });
            let attached = if attach {
                crate::render::Attached::Coming(receiver)
            } else {
                crate::render::Attached::Nothing
            };
            let rendered = render_prepared(prepared, renderer, attached);
            let written = writer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (written, rendered)
        })
    } else {
        // A large log's results (tens of megabytes) are dropped before
        // typst starts: beside its evaluation they raised a million-row
        // report's peak by 10 MiB.
        let mut attachment = None;
        let written = write_json(json, results, attach, &paths.json, log_warnings, |a| {
            attachment = Some(a);
        })?;
        (
            Ok(written),
            render_prepared(prepared, renderer, attachment.into()),
        )
    };
    // A JSON that could not be written is why the render found no
    // attachment: its error is the one to tell.
    let (json, logs) = written?;
    let rendered = rendered.map_err(|f| super::load::with_warnings(f, &logs))?;

    // One pair: both from this run, or the previous pair untouched.
    super::output::write_pair_streamed(paths, json, &rendered.output)
        .map_err(|e| write_failure(&paths.pdf, &e))?;
    Ok((logs, rendered.warnings))
}

/// Up to how many rows a report's results JSON is written beside typst's
/// evaluation of the template rather than before it (see [`write_report`]).
const BESIDE_MAX_ROWS: usize = 100_000;

/// Writes the results JSON to the temporary `json` (the file at `path`)
/// and, with `attach`, its gzip for the PDF's attachment, handed to
/// `deliver` once whole; then takes the logs' warnings out of the results
/// (see [`LogWarnings`]) and drops them. Returns the file, syncing to disk,
/// and those warnings.
fn write_json(
    json: tempfile::NamedTempFile,
    mut results: crate::evaluate::Results,
    attach: bool,
    path: &Path,
    log_warnings: LogWarnings,
    deliver: impl FnOnce(crate::render::results_file::Attachment),
) -> Result<(super::output::Syncing, Vec<Diagnostic>), Failure> {
    use crate::render::results_file::{AttachmentWriter, Tee, write_results};
    use std::io::{BufWriter, Write};
    // Buffered before the two are fed: the serialiser writes a few bytes
    // at a time, and the file and the compressor work best on large
    // pieces.
    const BUFFER: usize = 256 * 1024;
    let mut attachment = attach.then(AttachmentWriter::new);
    let written = match &mut attachment {
        Some(a) => {
            let mut out = BufWriter::with_capacity(BUFFER, Tee(json.as_file(), a));
            write_results(&results, &mut out).and_then(|()| out.flush())
        }
        None => {
            let mut out = BufWriter::with_capacity(BUFFER, json.as_file());
            write_results(&results, &mut out).and_then(|()| out.flush())
        }
    };
    written.map_err(|e| write_failure(path, &e))?;
    if let Some(attachment) = attachment
        .map(AttachmentWriter::finish)
        .transpose()
        .map_err(|e| write_failure(path, &e))?
    {
        deliver(attachment);
    }
    let logs = log_warnings.take(&mut results);
    drop(results);
    // Written whole: its bytes go to disk while the PDF is made.
    Ok((super::output::Syncing::start(json), logs))
}

/// The results JSON and the PDF of one report, in memory.
pub type Bytes = (Vec<u8>, Vec<u8>);

/// Renders `results` to the results JSON and the PDF, in memory, with the
/// renderer's warnings. Shared by `report` and `serve`: nothing is
/// written, so a failed render leaves every file as it was.
pub fn render_bytes(
    results: &crate::evaluate::Results,
    render: &RenderOptions,
    logo: Option<&Path>,
    renderer: &Renderer,
) -> Result<Warned<Bytes>, Failure> {
    let json = crate::render::results_file::results_json(results)
        .map_err(|e| Failure::usage(format!("internal error: results not serialisable: {e}")))?;
    let attachment = render
        .attach_results
        .then(|| crate::render::results_file::attachment(&json))
        .transpose()
        .map_err(|e| Failure::usage(format!("internal error: results not attachable: {e}")))?;
    let logo = logo.map(read_logo).transpose()?;
    let prepared = crate::render::Prepared::of(results, with_logo(render, logo));
    let rendered = render_prepared(prepared, renderer, attachment.into())?;
    Ok(Warned::with((json, rendered.output), rendered.warnings))
}

/// Renders the prepared document to the PDF with `attachment` (the
/// results JSON as [`crate::render::results_file::AttachmentWriter`]
/// collected it, or is collecting it), in memory, with the renderer's
/// warnings.
fn render_prepared(
    prepared: crate::render::Prepared,
    renderer: &Renderer,
    attachment: crate::render::Attached,
) -> Result<Warned<Vec<u8>>, Failure> {
    let mut warnings = Vec::new();
    let own_template = prepared.options().template.is_some();
    let rendered = renderer
        .render_prepared_with(prepared, attachment)
        .map_err(|e| match e {
            RenderError::Template(diagnostics) => Failure::Data(diagnostics),
            other => Failure::usage(other.to_string()),
        })?;
    warnings.extend(rendered.unprintable.iter().map(|c| unprintable_warning(*c)));
    for w in rendered.warnings {
        // typst's own hint, when it gave one, says more than ours.
        if w.hint.is_some() {
            warnings.push(w);
            continue;
        }
        let hint = if own_template {
            "typst said so while typesetting your template: fix it in the folder given with --template"
        } else {
            "lofte's own template said so: report it to the lofte maintainers with the results JSON"
        };
        warnings.push(w.hint(hint));
    }
    Ok(Warned::with(rendered.pdf, warnings))
}

/// `render` with the logo read for it.
fn with_logo(render: &RenderOptions, logo: Option<(String, Vec<u8>)>) -> RenderOptions {
    RenderOptions {
        logo,
        ..render.clone()
    }
}

/// The warning for a character no embedded font has: the report and
/// `lofte check` say it in the same words.
pub fn unprintable_warning(c: char) -> Diagnostic {
    Diagnostic::warning(
        Code::Unprintable,
        format!(
            "the character U+{:04X} ({c}) has no glyph in the embedded fonts; the PDF shows \u{FFFD} in its place",
            u32::from(c)
        ),
    )
    .subject(format!("{c} (U+{:04X})", u32::from(c)))
    .hint("to print it, replace the character in the log; the results JSON keeps the text as written, and fonts/README.md lists the scripts lofte can print")
}

/// The logo's bytes and kind; a file that is missing or not an image is
/// refused before anything is rendered.
fn read_logo(path: &Path) -> Result<(String, Vec<u8>), Failure> {
    let fail = |why: String| {
        Failure::Io(vec![
            Diagnostic::error(Code::UnreadableLogo, why)
                .at(Location::file(path.display().to_string()))
                .hint("--logo takes a png, jpg or svg file"),
        ])
    };
    let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read the logo: {e}")))?;
    let ext = if bytes.starts_with(b"\x89PNG") {
        "png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpg"
    } else if bytes.windows(4).take(1024).any(|w| w == b"<svg") {
        "svg"
    } else {
        return Err(fail("the logo is not a png, jpg or svg image".to_owned()));
    };
    Ok((ext.to_owned(), bytes))
}

fn write_failure(path: &Path, e: &std::io::Error) -> Failure {
    Failure::Io(vec![
        Diagnostic::error(Code::WriteFailed, format!("cannot write the report: {e}"))
            .at(Location::file(path.display().to_string()))
            .hint("check that the folder exists and is writable, or choose another -o"),
    ])
}

/// One line per status count: "4 uppfyllda, 2 delvis, …".
pub fn status_line(summary: &Summary) -> String {
    Status::ALL
        .iter()
        .filter_map(|s| {
            let n = summary.get(*s);
            (n > 0).then(|| {
                format!(
                    "{n} {}",
                    crate::render::wording::status_label(Lang::Sv, *s).to_lowercase()
                )
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The line `report` prints for a written report: "Kalix: out.pdf (1 löfte:
/// 1 uppfyllt; 1 varning)", with its version after the first ("Kalix:
/// out.pdf, version 2 (…)"): a report run again over its earlier version
/// says it made the next one.
fn written_line(
    kommun: &str,
    pdf: &Path,
    (version, again): (u32, Option<Again>),
    summary: &Summary,
    warnings: usize,
) -> String {
    let version = match again {
        Some(again) => format!(", {}", again_words(version, again)),
        None if version > 1 => format!(", version {version}"),
        None => String::new(),
    };
    format!(
        "{kommun}: {}{version} ({}: {}; {})",
        pdf.display(),
        count(Lang::Sv, summary.total() as usize, Counted::Promise),
        status_line(summary),
        count(Lang::Sv, warnings, Counted::Warning)
    )
}

/// "version 2 skriven igen: inga ändringar, andra inställningar": why a
/// version was written again with its own figures.
fn again_words(version: u32, again: Again) -> String {
    match again {
        Again::Rendering => format!(
            "version {version} skriven igen: inga ändringar sedan version {version}, andra inställningar för PDF:en (samma version)"
        ),
        Again::DraftUndone => format!(
            "version {version} skriven igen: siffrorna är åter de i version {version}, utkastet till version {} är ersatt",
            version.saturating_add(1)
        ),
    }
}

/// The outcome of one agreement in a batch.
type Finished = (PathBuf, Result<Warned<Written>, Failure>);

/// Renders every agreement of a batch, `config.jobs` at a time, on worker
/// threads of our own, each taking the next agreement when it is done with
/// one; every agreement shares one renderer and its parsed fonts. The
/// outcomes keep the order of the agreements.
///
/// The workers are deliberately not rayon's: typst lays out pages on
/// rayon's global pool, and a rayon worker that waits for that layout
/// steals queued work, so with agreements on the same pool one agreement's
/// report ran inside another's layout, every agreement of the batch was in
/// progress at once and a batch of 290 overflowed the stack. From a thread
/// outside the pool, typst's parallel layout blocks that thread instead.
fn render_all(config: &ReportConfig, renderer: &Renderer) -> Vec<Finished> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let progress = Progress::new(config.agreements.len(), config.quiet);
    let claims = Claims::default();
    let next = AtomicUsize::new(0);
    let workers = config.jobs.clamp(1, config.agreements.len().max(1));
    let mut done: Vec<(usize, Finished)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(agreement) = config.agreements.get(i) else {
                            break mine;
                        };
                        let outcome = report_one(agreement, config, renderer, Some(&claims), None);
                        progress.tick(agreement, outcome.is_ok());
                        mine.push((i, (agreement.clone(), outcome)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(mine) => mine,
                // A worker's panic is the program's own bug: pass it on
                // rather than drop its agreements from the outcomes.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    progress.finish();
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, finished)| finished).collect()
}

/// Progress over a batch: a bar on a terminal, plain lines otherwise,
/// nothing with `--quiet` or for a single report.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    plain: bool,
    total: usize,
    done: std::sync::atomic::AtomicUsize,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Self {
        use std::io::IsTerminal;
        let show = !quiet && total > 1;
        let terminal = std::io::stderr().is_terminal();
        let bar = (show && terminal).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            plain: show && !terminal,
            total,
            done: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn tick(&self, agreement: &Path, ok: bool) {
        let n = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let what = if ok { "klar" } else { "misslyckades" };
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{} {what}", agreement.display()));
            bar.inc(1);
        } else if self.plain {
            errln!("[{n}/{}] {} {what}", self.total, agreement.display());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Runs `lofte report`; returns the exit code.
pub fn run(config: &ReportConfig) -> super::Outcome {
    let many = config.agreements.len() > 1;
    let renderer = if config.watch {
        Renderer::new()
    } else if many {
        Renderer::for_batch()
    } else {
        Renderer::for_one_report()
    };
    if config.watch {
        return watch(config, &renderer);
    }
    if many {
        super::memory::for_many_documents();
    }
    let detail = if config.all { Detail::All } else { Detail::Few };
    let outcomes = render_all(config, &renderer);
    let mut worst = super::Outcome::Done;
    for (agreement, outcome) in &outcomes {
        match outcome {
            Ok(Warned {
                output: written, ..
            }) if written.unchanged_since.is_some() => {
                if !config.quiet {
                    outln!(
                        "{}: inga ändringar sedan version {}; ingen ny version skrevs{}",
                        written.kommun,
                        written.unchanged_since.unwrap_or(1),
                        if config.notes.is_empty() {
                            ""
                        } else {
                            " (--note används bara när något har ändrats)"
                        }
                    );
                }
            }
            Ok(Warned {
                output: written,
                warnings,
            }) => {
                if !config.quiet {
                    err!("{}", problems::text(warnings, detail, &written.kommun));
                    outln!(
                        "{}",
                        written_line(
                            &written.kommun,
                            &written.paths.pdf,
                            (written.version, written.again),
                            &written.summary,
                            warnings.len()
                        )
                    );
                }
            }
            Err(failure) => {
                if many {
                    errln!("{}: failed", agreement.display());
                }
                super::print_failure_with(failure, detail);
                worst = worst.worst(failure.outcome());
            }
        }
    }
    if many && !config.quiet {
        print_summary_table(&outcomes);
    }
    worst
}

fn print_summary_table(outcomes: &[Finished]) {
    outln!();
    // "övr": in progress, no data or not in force — so that a row's
    // counts add up to its promises.
    outln!(
        "{:<24} {:>4} {:>5} {:>4} {:>5} {:>4} {:>6}  rapport",
        "kommun",
        "upp",
        "delv",
        "ej",
        "text",
        "övr",
        "varn"
    );
    for (agreement, outcome) in outcomes {
        match outcome {
            Ok(Warned {
                output: w,
                warnings,
            }) => {
                let s = &w.summary;
                outln!(
                    "{:<24} {:>4} {:>5} {:>4} {:>5} {:>4} {:>6}  {}",
                    w.kommun,
                    s.met,
                    s.partly_met,
                    s.not_met,
                    s.reported_in_text,
                    s.in_progress + s.no_data + s.not_applicable,
                    warnings.len(),
                    match w.unchanged_since {
                        Some(v) => format!("oförändrad sedan version {v}, inget skrevs"),
                        None => w.paths.pdf.display().to_string(),
                    }
                );
            }
            Err(f) => outln!(
                "{:<24} {:>4} {:>5} {:>4} {:>5} {:>4} {:>6}  misslyckades (exit {})",
                agreement.display(),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                f.outcome().code()
            ),
        }
    }
}

/// The files a report depends on: the promise file, its logs and the
/// template folder's files. Read afresh after each run, since the promise
/// file may name other logs now.
fn watched_files(config: &ReportConfig) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for agreement in &config.agreements {
        if let Ok(promise_file) = super::load::find_promise_file(agreement) {
            if let Ok(text) = std::fs::read_to_string(&promise_file) {
                let base = promise_file.parent().unwrap_or(Path::new("."));
                let parsed = crate::agreement::parse(&text, "", base);
                if let Ok(a) = parsed.output {
                    files.extend(a.logs);
                }
            }
            files.push(promise_file);
        }
    }
    files.extend(config.input.activities.iter().cloned());
    if let Some(dir) = &config.render.template
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        files.extend(entries.filter_map(Result::ok).map(|e| e.path()));
    }
    files.sort();
    files
}

/// `--watch`: render, then render again whenever an input changes, one
/// line per run. Runs until interrupted. The folders of the inputs are
/// watched (an editor often saves by writing a new file and renaming it over
/// the old one, which a watch on the file itself would lose); events for
/// other files in them are ignored.
fn watch(config: &ReportConfig, renderer: &Renderer) -> super::Outcome {
    use notify::{EventKind, RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            errln!("error: cannot watch the inputs for changes: {e}");
            return super::Outcome::Stopped;
        }
    };
    let mut folders = std::collections::BTreeSet::new();
    // Every run of the watch follows the version that was there when it
    // began, not the draft it wrote itself.
    let remembered = Remembered::default();
    loop {
        // Read afresh before each run: the promise file may name other
        // logs now. Watched before the run, so no change is missed.
        let files: std::collections::BTreeSet<PathBuf> = watched_files(config)
            .iter()
            .map(|f| super::output::resolved(f))
            .collect();
        for file in &files {
            let folder = file.parent().unwrap_or(Path::new(".")).to_path_buf();
            if !folders.contains(&folder) {
                match watcher.watch(&folder, RecursiveMode::NonRecursive) {
                    Ok(()) => {
                        folders.insert(folder);
                    }
                    Err(e) => errln!("warning: cannot watch {}: {e}", folder.display()),
                }
            }
        }
        for agreement in &config.agreements {
            let clock = chrono::Local::now().format("%H:%M:%S");
            match report_one(agreement, config, renderer, None, Some(&remembered)) {
                Ok(Warned { output: w, .. }) if w.unchanged_since.is_some() => outln!(
                    "{clock} {}: inga ändringar sedan version {}; ingen ny version skrevs",
                    w.kommun,
                    w.unchanged_since.unwrap_or(1)
                ),
                Ok(Warned {
                    output: w,
                    warnings,
                }) => outln!(
                    "{clock} {}: {}{} ({}; {})",
                    w.kommun,
                    w.paths.pdf.display(),
                    w.again
                        .map(|a| format!(", {}", again_words(w.version, a)))
                        .unwrap_or_default(),
                    status_line(&w.summary),
                    count(Lang::Sv, warnings.len(), Counted::Warning)
                ),
                Err(f) => {
                    outln!(
                        "{clock} {}: fel, ingen ny PDF (exit {})",
                        agreement.display(),
                        f.outcome().code()
                    );
                    super::print_failure(&f);
                }
            }
        }
        // Reading the inputs is no change; writing, creating, renaming or
        // removing one is.
        let changed = |event: &notify::Event| {
            matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            ) && event
                .paths
                .iter()
                .any(|p| files.contains(&super::output::resolved(p)))
        };
        loop {
            match rx.recv() {
                Ok(Ok(event)) if changed(&event) => break,
                Ok(_) => {}
                Err(_) => {
                    errln!("error: the watch on the inputs ended");
                    return super::Outcome::Stopped;
                }
            }
        }
        // Let an editor finish saving, then take the burst as one change.
        std::thread::sleep(std::time::Duration::from_millis(200));
        while rx.try_recv().is_ok() {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary line said "1 varningar" and "1 löften".
    #[test]
    fn one_warning_is_not_varningar() {
        let mut summary = Summary {
            met: 1,
            ..Summary::default()
        };
        let line = written_line("Kalix", Path::new("ut.pdf"), (1, None), &summary, 1);
        assert_eq!(line, "Kalix: ut.pdf (1 löfte: 1 uppfyllt; 1 varning)");
        summary.not_met = 1;
        let line = written_line("Kalix", Path::new("ut.pdf"), (1, None), &summary, 2);
        assert_eq!(
            line,
            "Kalix: ut.pdf (2 löften: 1 uppfyllt, 1 ej uppfyllt; 2 varningar)"
        );
    }
}

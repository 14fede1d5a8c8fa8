//! `lofte report`: read, evaluate, render, write — for one agreement or
//! many.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Location};
use crate::evaluate::{Results, Status};
use crate::locale::Lang;
use crate::render::{PdfStandard, RenderError, RenderOptions, Renderer};

use super::args::{LangArg, ReportArgs, StandardArg};
use super::load::{Failure, InputConfig, Loaded, load};
use super::output::{OutputPaths, clashes_with_input, output_paths, write_atomically};
use super::print_diagnostics;

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
    /// `--quiet`.
    pub quiet: bool,
}

impl ReportConfig {
    /// Checks the flags of `lofte report`.
    pub fn from_args(args: &ReportArgs) -> Result<Self, Failure> {
        let input = InputConfig::from_args(&args.input)?;
        let attach = !args.no_attach;
        let standard = match (args.pdf_standard, attach) {
            (Some(StandardArg::A2a), true) => {
                return Err(Failure::Usage(
                    "PDF/A-2a cannot carry the attached results JSON; use --pdf-standard a-3a or add --no-attach"
                        .to_owned(),
                ));
            }
            (Some(StandardArg::A2a), false) | (None, false) => PdfStandard::A2a,
            (Some(StandardArg::A3a), _) | (None, true) => PdfStandard::A3a,
        };
        let agreements = expand_agreements(&args.input.agreements);
        if agreements.len() > 1
            && let Some(out) = &args.output
                && out
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
                {
                    return Err(Failure::Usage(
                        "several agreements need -o to name a folder, not a .pdf file".to_owned(),
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
                results_json: None,
            },
            previous: args.previous.clone(),
            quiet: args.quiet,
        })
    }
}

/// A folder of agreement folders (`samples/`) stands for each of them.
fn expand_agreements(paths: &[PathBuf]) -> Vec<PathBuf> {
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
    /// The results.
    pub results: Results,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Reads, evaluates and writes one agreement's report.
pub fn report_one(
    agreement: &Path,
    config: &ReportConfig,
    renderer: &Renderer,
) -> Result<Written, Failure> {
    let Loaded {
        agreement: parsed,
        mut evaluation,
        inputs,
        mut warnings,
        ..
    } = load(agreement, &config.input)?;
    let results = &mut evaluation.results;

    if let Some(template) = &config.render.template {
        let main = template.join("main.typ");
        match std::fs::read(&main) {
            Ok(bytes) => results.sources.push(crate::evaluate::Source {
                role: "template",
                file: main.display().to_string(),
                sha256: super::load::sha256_hex(&bytes),
                bytes: bytes.len() as u64,
                rows_read: None,
                rows_counted: None,
                sheets: Vec::new(),
            }),
            Err(e) => {
                return Err(Failure::Io(vec![Diagnostic::error(
                    "unreadable-file",
                    format!("cannot read the template: {e}"),
                )
                .at(Location::file(main.display().to_string()))
                .hint("--template takes a folder holding main.typ; `lofte template export DIR` writes one")]));
            }
        }
    }

    if let Some(previous) = &config.previous {
        super::diff::apply_previous(results, previous)?;
    }

    let paths = output_paths(config.output.as_deref(), &parsed.kommun, &results.window);
    for out in [&paths.pdf, &paths.json] {
        if let Some(input) = clashes_with_input(out, &inputs) {
            return Err(Failure::Usage(format!(
                "the output {} would overwrite the input {}; choose another -o",
                out.display(),
                input.display()
            )));
        }
    }

    let json = serde_json::to_vec_pretty(&*results)
        .map_err(|e| Failure::Usage(format!("internal error: results not serialisable: {e}")))?;
    let mut options = config.render.clone();
    options.results_json = Some(json.clone());
    let rendered = renderer.render(results, &options).map_err(|e| match e {
        RenderError::Template(diagnostics) => Failure::Data(diagnostics),
        other => Failure::Usage(other.to_string()),
    })?;
    for w in rendered.warnings {
        warnings.push(Diagnostic::warning("template", w));
    }

    if let Some(dir) = paths.pdf.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir() {
            std::fs::create_dir_all(dir).map_err(|e| write_failure(dir, &e))?;
        }
    // JSON first: a PDF on disk always has its JSON beside it.
    write_atomically(&paths.json, &json).map_err(|e| write_failure(&paths.json, &e))?;
    write_atomically(&paths.pdf, &rendered.pdf).map_err(|e| write_failure(&paths.pdf, &e))?;
    Ok(Written {
        paths,
        results: evaluation.results,
        warnings,
    })
}

fn write_failure(path: &Path, e: &std::io::Error) -> Failure {
    Failure::Io(vec![
        Diagnostic::error("write-failed", format!("cannot write the report: {e}"))
            .at(Location::file(path.display().to_string()))
            .hint("check that the folder exists and is writable, or choose another -o"),
    ])
}

/// One line per status count: "4 uppfyllda, 2 delvis, …".
pub fn status_line(results: &Results) -> String {
    Status::ALL
        .iter()
        .filter_map(|s| {
            let n = results.summary.get(*s);
            (n > 0).then(|| format!("{n} {}", s.label_sv().to_lowercase()))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `lofte report`; returns the exit code.
pub fn run(config: &ReportConfig) -> i32 {
    let renderer = Renderer::new();
    let mut worst = 0;
    let many = config.agreements.len() > 1;
    let mut rows = Vec::new();
    for agreement in &config.agreements {
        match report_one(agreement, config, &renderer) {
            Ok(written) => {
                if !config.quiet {
                    print_diagnostics(&written.warnings);
                    println!(
                        "{}: {} ({} löften: {}; {} varningar)",
                        written.results.agreement.kommun,
                        written.paths.pdf.display(),
                        written.results.promises.len(),
                        status_line(&written.results),
                        written.warnings.len()
                    );
                }
                rows.push((agreement.clone(), Some(written)));
            }
            Err(failure) => {
                if many {
                    eprintln!("{}: failed", agreement.display());
                }
                super::print_failure(&failure);
                worst = worst.max(failure.exit_code());
                rows.push((agreement.clone(), None));
            }
        }
    }
    if many && !config.quiet {
        println!();
        println!(
            "{:<28} {:>5} {:>5} {:>5} {:>5}  rapport",
            "kommun", "upp", "delv", "ej", "text"
        );
        for (agreement, written) in &rows {
            match written {
                Some(w) => {
                    let s = &w.results.summary;
                    println!(
                        "{:<28} {:>5} {:>5} {:>5} {:>5}  {}",
                        w.results.agreement.kommun,
                        s.met,
                        s.partly_met,
                        s.not_met,
                        s.reported_in_text,
                        w.paths.pdf.display()
                    );
                }
                None => println!(
                    "{:<28} {:>5} {:>5} {:>5} {:>5}  misslyckades",
                    agreement.display(),
                    "-",
                    "-",
                    "-",
                    "-"
                ),
            }
        }
    }
    worst
}

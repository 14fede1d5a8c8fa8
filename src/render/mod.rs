//! Stage 4, render: [`Results`] → one JSON document → the embedded typst
//! template → PDF bytes. Templates and fonts are compiled into the binary;
//! nothing is read from the system, and a user's template folder is the
//! only place files may come from. typst is used only here.
//!
//! Spreadsheet text reaches typst only inside `/data.json`, read by the
//! template with `json(..)`: it is data, never markup.

pub mod document;
pub mod effects;
pub mod problem_words;
pub mod quality;
pub mod results_file;
mod view;
pub mod wording;
mod world;

use std::path::{Path, PathBuf};

use chrono::Datelike;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards, Timestamp};

use crate::diag::{Code, Diagnostic, Location};
use crate::evaluate::Results;
use crate::locale::Lang;
use world::ReportWorld;

/// The default template, compiled in: (virtual path, content).
const TEMPLATE: &[(&str, &[u8])] = &[(
    "main.typ",
    include_bytes!("../../templates/report/main.typ"),
)];

/// The embedded fonts: Inter and its fallbacks (fonts/README.md).
const FONTS: &[&[u8]] = &[
    include_bytes!("../../fonts/Inter-Regular.otf"),
    include_bytes!("../../fonts/Inter-Italic.otf"),
    include_bytes!("../../fonts/Inter-SemiBold.otf"),
    include_bytes!("../../fonts/Inter-Bold.otf"),
    include_bytes!("../../fonts/Inter-BoldItalic.otf"),
    // Fallbacks for text Inter cannot show (fonts/README.md).
    include_bytes!("../../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../../fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../fonts/NotoSansHebrew-Bold.ttf"),
    include_bytes!("../../fonts/NotoSansEthiopic-Regular.ttf"),
    include_bytes!("../../fonts/Symbola.ttf"),
];

/// Largest user template folder accepted (files and bytes), so a wrong
/// `--template /` cannot read a whole disk.
const MAX_TEMPLATE_FILES: usize = 500;
const MAX_TEMPLATE_BYTES: u64 = 50 * 1024 * 1024;

/// Which PDF/A level to write; every level is combined with PDF/UA-1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/A-2a: archival and tagged. Cannot carry attachments.
    A2a,
    /// PDF/A-3a: like A-2a, and allows the attached results JSON.
    #[default]
    A3a,
}

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Report language.
    pub lang: Lang,
    /// PDF/A level.
    pub standard: PdfStandard,
    /// A user template folder holding `main.typ`, instead of the default.
    pub template: Option<PathBuf>,
    /// Attach the results JSON inside the PDF.
    pub attach_results: bool,
    /// Add an appendix listing the rows behind each promise.
    pub underlag: bool,
    /// A logo for the title block: file extension (png, jpg, svg) and bytes.
    pub logo: Option<(String, Vec<u8>)>,
}

/// What the template is given, made from the results, and the options it
/// was made with: all a render needs.
pub struct Prepared {
    document: document::Document,
    options: RenderOptions,
    /// The results' as-of date, the document's date.
    as_of: chrono::NaiveDate,
    /// The date of the results' latest version, the PDF's timestamp.
    version_date: Option<Datetime>,
}

impl Prepared {
    /// The options the document was made with.
    pub fn options(&self) -> &RenderOptions {
        &self.options
    }

    /// The document of `results` as `options` render it.
    pub fn of(results: &Results, options: RenderOptions) -> Self {
        Prepared {
            document: view::document(results, &options),
            options,
            as_of: results.as_of,
            version_date: version_date(results),
        }
    }
}

/// A rendered PDF and typst's warnings.
#[derive(Debug)]
pub struct Rendered {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Warnings from typst, each with its file, line and span.
    pub warnings: Vec<Diagnostic>,
    /// Characters no embedded font has, shown as U+FFFD in the PDF.
    pub unprintable: Vec<char>,
}

/// Why rendering failed.
#[derive(Debug)]
pub enum RenderError {
    /// The template has errors: typst's diagnostics with file, line, column.
    Template(Vec<Diagnostic>),
    /// The template folder could not be read.
    Io(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Template(d) => {
                for d in d {
                    writeln!(f, "{d}")?;
                }
                Ok(())
            }
            RenderError::Io(message) => f.write_str(message),
        }
    }
}

/// The parts every render shares: the fonts, the standard library.
/// `Sync`, so one renderer serves a whole batch on several threads.
pub struct Renderer {
    /// Made when first needed: a report's logs are read and evaluated
    /// (a million rows' peak memory) before anything is rendered, and the
    /// library and font book are 4 MB of it.
    parts: std::sync::OnceLock<Parts>,
    /// What becomes of typst's work after each render.
    after: AfterRender,
}

/// What a [`Renderer`] does with what typst made once a render is done.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AfterRender {
    /// Drops all of typst's memoised work ([`Renderer::new`]).
    DropAll,
    /// Keeps what the last render used ([`Renderer::for_batch`]).
    KeepLast,
    /// Frees nothing: the program ends ([`Renderer::for_one_report`]).
    Leave,
}

/// The results' attachment handed to [`Renderer::render_prepared_with`].
pub enum Attached {
    /// No attachment.
    Nothing,
    /// Made already.
    Ready(results_file::Attachment),
    /// Still being written: it arrives on the channel, or the channel
    /// closes when its writer gave up (the render then fails, and the
    /// writer's error is the one to report).
    Coming(std::sync::mpsc::Receiver<results_file::Attachment>),
}

impl From<Option<results_file::Attachment>> for Attached {
    fn from(attachment: Option<results_file::Attachment>) -> Self {
        attachment.map_or(Attached::Nothing, Attached::Ready)
    }
}

/// What a [`Renderer`] shares, once made.
struct Parts {
    fonts: world::Fonts,
    library: LazyHash<Library>,
    /// The template's files as typst parsed them ([`world::Sources`]).
    sources: world::Sources,
}

impl Default for Renderer {
    fn default() -> Self {
        Self::new()
    }
}

impl Renderer {
    /// The embedded fonts (parsed when first used) and the standard
    /// library, both made at the first render.
    pub fn new() -> Self {
        Renderer {
            parts: std::sync::OnceLock::new(),
            after: AfterRender::DropAll,
        }
    }

    /// A renderer for the one report of a run, after which the program
    /// ends: what typst made is left to the end of the process rather
    /// than freed after the render. A further render with it keeps all
    /// the earlier ones' memoised work, so it is for one render only.
    pub fn for_one_report() -> Self {
        Renderer {
            after: AfterRender::Leave,
            ..Renderer::new()
        }
    }

    /// A renderer for a batch, which renders its documents two or more at
    /// once: after each render, typst's memoised work is dropped only
    /// where the last render did not use it, not all of it. Dropping all
    /// of it, the render that finished threw away the work of the one
    /// still running, whose second layout pass (for "page n / m") then
    /// laid everything out again; and each document shapes some texts the
    /// one before shaped (headings, labels, activity types). The cache
    /// holds about two documents' work, so memory stays flat over any
    /// number (measured in BENCHMARKS.md 10.31). The documents are the
    /// same bytes either way: memoisation only skips work.
    pub fn for_batch() -> Self {
        Renderer {
            after: AfterRender::KeepLast,
            ..Renderer::new()
        }
    }

    /// Drops typst's memoised work after a render, as much as
    /// [`AfterRender`] says.
    fn evict(&self) {
        match self.after {
            AfterRender::DropAll => typst::comemo::evict(0),
            AfterRender::KeepLast => typst::comemo::evict(1),
            AfterRender::Leave => {}
        }
    }

    fn parts(&self) -> &Parts {
        self.parts.get_or_init(|| Parts {
            fonts: world::Fonts::new(FONTS),
            library: LazyHash::new(Library::builder().build()),
            sources: world::Sources::default(),
        })
    }

    /// The template's files parsed, kept from render to render.
    fn sources(&self) -> &world::Sources {
        &self.parts().sources
    }

    /// The embedded fonts.
    fn fonts(&self) -> &world::Fonts {
        &self.parts().fonts
    }

    /// typst's standard library.
    fn library(&self) -> &LazyHash<Library> {
        &self.parts().library
    }

    /// The data document typst reads (`/data.json`), as [`Renderer::render`]
    /// makes it: for the benchmark that times typst alone on the same input.
    #[doc(hidden)]
    pub fn data_json(&self, results: &Results, options: &RenderOptions) -> Vec<u8> {
        self.data_bytes(&mut view::document(results, options))
            .map(|(data, _)| data)
            .unwrap_or_default()
    }

    /// The data document typst reads, as JSON, with each character no
    /// embedded font can show replaced (see [`Renderer::scan_text`]),
    /// and those characters.
    ///
    /// The document's `marks` is set here, from the same scan: the text is
    /// only known whole once it is written.
    fn data_bytes(
        &self,
        document: &mut document::Document,
    ) -> serde_json::Result<(Vec<u8>, Vec<char>)> {
        let mut data = serde_json::to_vec(&*document)?;
        let scan = self.scan_text(&data);
        if scan.marks && !document.marks {
            // Rare (text with combining marks): written again with the flag.
            document.marks = true;
            data = serde_json::to_vec(&*document)?;
        }
        replace_chars(&mut data, &scan.unprintable);
        Ok((data, scan.unprintable))
    }

    /// Renders `results` to PDF bytes.
    pub fn render(
        &self,
        results: &Results,
        options: &RenderOptions,
    ) -> Result<Rendered, RenderError> {
        let attachment = options
            .attach_results
            .then(|| {
                let json = results_file::results_json(results).map_err(std::io::Error::other)?;
                results_file::attachment(&json)
            })
            .transpose()
            .map_err(|e| RenderError::Io(format!("internal error: {e}")))?;
        self.render_attaching(results, options, attachment)
    }

    /// Renders `results` to PDF bytes, attaching `attachment` (made while
    /// the results JSON was written, [`results_file::AttachmentWriter`])
    /// when `options.attach_results`: taken, not copied, since a large
    /// log's attachment is megabytes.
    pub fn render_attaching(
        &self,
        results: &Results,
        options: &RenderOptions,
        attachment: Option<results_file::Attachment>,
    ) -> Result<Rendered, RenderError> {
        self.render_prepared(Prepared::of(results, options.clone()), attachment)
    }

    /// Renders a document made beforehand from its results
    /// ([`Prepared::of`]): the caller may drop the results (a million-row
    /// report's list of rows and warnings) before typst lays it out.
    pub fn render_prepared(
        &self,
        prepared: Prepared,
        attachment: Option<results_file::Attachment>,
    ) -> Result<Rendered, RenderError> {
        self.render_prepared_with(prepared, attachment.into())
    }

    /// Renders a prepared document with the results' attachment given, or
    /// still being written on another thread ([`Attached::Coming`]): typst
    /// reads and evaluates the template meanwhile, and waits for the
    /// attachment only where the template attaches it.
    pub fn render_prepared_with(
        &self,
        prepared: Prepared,
        attached: Attached,
    ) -> Result<Rendered, RenderError> {
        let Prepared {
            mut document,
            options,
            as_of,
            version_date,
        } = prepared;
        let options = &options;
        // The world takes the attachment one way, as it arrives: one made
        // already has arrived.
        let coming = match attached {
            _ if !options.attach_results => None,
            Attached::Nothing => None,
            Attached::Ready(attachment) => {
                let (sender, receiver) = std::sync::mpsc::sync_channel(1);
                // The receiver is at hand: sending cannot fail.
                let _ = sender.send(attachment);
                Some(receiver)
            }
            Attached::Coming(receiver) => Some(receiver),
        };
        // What the template attaches is what is there to attach.
        document.attached = coming.is_some();
        document.attached_gzip = document.attached;
        let (data, unprintable) = self
            .data_bytes(&mut document)
            .map_err(|e| RenderError::Io(format!("internal error: {e}")))?;
        let mut files: Vec<(String, Vec<u8>)> = match &options.template {
            None => TEMPLATE
                .iter()
                .map(|(p, b)| ((*p).to_owned(), b.to_vec()))
                .collect(),
            Some(dir) => read_template_dir(dir)?,
        };
        if let Some((ext, bytes)) = &options.logo {
            files.push((format!("logo.{ext}"), bytes.clone()));
        }
        let ident = stable_id(&data);
        files.push((DATA_JSON.to_owned(), data));
        let today = Datetime::from_ymd(
            as_of.year(),
            u8::try_from(as_of.month()).unwrap_or(1),
            u8::try_from(as_of.day()).unwrap_or(1),
        );
        let world = ReportWorld::new(self, files, today)
            .and_then(|w| match coming {
                Some(receiver) => w.with_coming(receiver),
                None => Ok(w),
            })
            .map_err(|e| RenderError::Io(format!("the template cannot be used: {e}")))?;

        let compiled = typst::compile::<PagedDocument>(&world);
        let mut warnings: Vec<Diagnostic> = compiled
            .warnings
            .iter()
            .map(|w| world.diagnostic(w, options.template.as_deref()))
            .collect();
        let document = match compiled.output {
            Ok(doc) => doc,
            Err(errors) => {
                let diagnostics = errors
                    .iter()
                    .filter(|e| e.severity == Severity::Error)
                    .map(|e| world.diagnostic(e, options.template.as_deref()))
                    .collect();
                self.evict();
                return Err(RenderError::Template(diagnostics));
            }
        };
        let standards = match options.standard {
            PdfStandard::A2a => [typst_pdf::PdfStandard::A_2a, typst_pdf::PdfStandard::Ua_1],
            PdfStandard::A3a => [typst_pdf::PdfStandard::A_3a, typst_pdf::PdfStandard::Ua_1],
        };
        let pdf_options = PdfOptions {
            ident: Smart::Custom(format!("lofte-{ident:032x}")),
            creator: Smart::Custom(Some(format!("lofte {}", env!("CARGO_PKG_VERSION")))),
            // The version's date (--date, SOURCE_DATE_EPOCH or the as-of
            // date): the archive reads when the version was made from it.
            timestamp: version_date.or(today).map(Timestamp::new_utc),
            page_ranges: None,
            standards: PdfStandards::new(&standards)
                .map_err(|e| RenderError::Io(format!("internal error: {e:?}")))?,
            tagged: true,
            pretty: false,
        };
        let pdf = typst_pdf::pdf(&document, &pdf_options);
        let rendered = match pdf {
            Ok(pdf) => Ok(Rendered {
                pdf,
                warnings,
                unprintable,
            }),
            Err(errors) => {
                let diagnostics: Vec<Diagnostic> = errors
                    .iter()
                    .map(|e| world.diagnostic(e, options.template.as_deref()))
                    .collect();
                warnings.clear();
                Err(RenderError::Template(diagnostics))
            }
        };
        if self.after == AfterRender::Leave {
            // The program ends with this render: freeing the laid-out
            // document and typst's memoised work, a few milliseconds on
            // the way to writing the report, would be work for nothing.
            std::mem::forget(document);
            std::mem::forget(world);
        } else {
            // typst memoises across documents: what is kept must not grow
            // with them (keeping the last 10 renders' work grew a batch of
            // 290 from 258 to 323 MiB, BENCHMARKS.md section 4).
            drop(document);
            self.evict();
        }
        rendered
    }
}

impl Renderer {
    /// Whether some embedded font has a glyph for `c`.
    fn printable(&self, c: char) -> bool {
        self.has_glyph(c, |_| true)
    }

    /// Whether an embedded font that `which` picks has a glyph for `c`.
    fn has_glyph(&self, c: char, which: impl Fn(&typst::text::FontInfo) -> bool) -> bool {
        let fonts = self.fonts();
        (0..fonts.count())
            .filter_map(|i| fonts.info(i))
            .any(|f| which(f) && f.coverage.contains(u32::from(c)))
    }

    /// The characters of `results` that no embedded font has, found as
    /// [`Renderer::render`] finds them but without typesetting: what
    /// `lofte check` says before any PDF is made. The rows appendix is
    /// included, so every text a log holds is looked at.
    pub fn unprintable(&self, results: &Results) -> Vec<char> {
        let options = RenderOptions {
            underlag: true,
            ..RenderOptions::default()
        };
        self.data_bytes(&mut view::document(results, &options))
            .map(|(_, unprintable)| unprintable)
            .unwrap_or_default()
    }

    /// Scans the template's data (JSON text) for the characters no
    /// embedded font can show, which [`replace_chars`] then replaces with
    /// U+FFFD (PDF/A refuses a glyph it cannot embed, and one unusual
    /// character must not cost the whole report; the results JSON keeps
    /// the text as written), and for text whose marks a font composes.
    ///
    /// The JSON text is scanned as it is: outside its strings JSON is ASCII
    /// (the document's keys are its field names) and serde_json writes
    /// every other character unescaped, so each character looked at here
    /// is a character of a string of the document. Building a
    /// `serde_json::Value` to walk its strings cost more than the rest of
    /// the data document together.
    fn scan_text(&self, json: &[u8]) -> TextScan {
        let mut scan = TextScan::default();
        if json.is_ascii() {
            return scan;
        }
        let Ok(text) = std::str::from_utf8(json) else {
            // serde_json writes UTF-8 only; nothing to replace otherwise.
            return scan;
        };
        // ASCII is Inter's and composes nothing; the rest is looked up
        // once per render.
        let mut known: std::collections::HashMap<char, (bool, bool)> =
            std::collections::HashMap::new();
        let mut missing: std::collections::BTreeSet<char> = std::collections::BTreeSet::new();
        for c in text.chars().filter(|c| !c.is_ascii()) {
            let (printable, composes) = *known
                .entry(c)
                .or_insert_with(|| (invisible(c) || self.printable(c), self.composes(c)));
            if !printable {
                missing.insert(c);
            }
            scan.marks |= composes;
        }
        scan.unprintable = missing.into_iter().collect();
        scan
    }

    /// Whether the composition of marks (the fonts' `ccmp` feature) can
    /// change how text with `c` is set: a combining mark; a private-use
    /// character (Inter composes some of its own); or a letter with marks
    /// that Inter lacks, which the shaper takes apart for Inter to compose
    /// again. Without any of them no embedded font's `ccmp` rule matches
    /// (`ccmp_changes_nothing_without_marks`), and the default template
    /// leaves the feature out: its rules are tried at every letter, a
    /// tenth of a report's layout (BENCHMARKS.md 10.33).
    fn composes(&self, c: char) -> bool {
        if unicode_normalization::char::is_combining_mark(c)
            || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}')
        {
            return true;
        }
        let mut parts = 0;
        unicode_normalization::char::decompose_canonical(c, |_| parts += 1);
        parts > 1 && !self.in_inter(c)
    }

    /// Whether Inter (every face the same) has a glyph for `c`.
    fn in_inter(&self, c: char) -> bool {
        self.has_glyph(c, |f| f.family == "Inter")
    }
}

/// What [`Renderer::scan_text`] found in the template's data.
#[derive(Default)]
struct TextScan {
    /// The distinct characters no embedded font has, in order.
    unprintable: Vec<char>,
    /// Whether any text needs the composition of marks
    /// ([`Renderer::composes`]).
    marks: bool,
}

/// Replaces each of `chars` (in order) in the JSON text `json` with U+FFFD.
fn replace_chars(json: &mut Vec<u8>, chars: &[char]) {
    if chars.is_empty() {
        return;
    }
    let Ok(text) = std::str::from_utf8(json) else {
        return;
    };
    let replaced: String = text
        .chars()
        .map(|c| {
            if chars.binary_search(&c).is_ok() {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    *json = replaced.into_bytes();
}

/// Characters that are laid out without a glyph of their own: controls,
/// joiners, direction marks, variation selectors, the soft hyphen.
fn invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Every file of a user template folder, as (relative path, bytes).
fn read_template_dir(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
    let io = |e: std::io::Error, p: &Path| {
        RenderError::Io(format!("cannot read the template {}: {e}", p.display()))
    };
    if !dir.join("main.typ").is_file() {
        return Err(RenderError::Io(format!(
            "the template folder {} has no main.typ; `lofte template export DIR` writes a starting point",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    let mut total = 0u64;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .map_err(|e| io(e, &folder))?
            .filter_map(Result::ok)
            .collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                total += len;
                if out.len() >= MAX_TEMPLATE_FILES || total > MAX_TEMPLATE_BYTES {
                    return Err(RenderError::Io(format!(
                        "the template folder {} is too large (at most {MAX_TEMPLATE_FILES} files, {} MiB)",
                        dir.display(),
                        MAX_TEMPLATE_BYTES / 1024 / 1024
                    )));
                }
                let bytes = std::fs::read(&path).map_err(|e| io(e, &path))?;
                let Ok(relative) = path.strip_prefix(dir) else {
                    continue;
                };
                let name = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                // lofte serves the data; the exported sample beside the
                // template is for working on it alone.
                if name == DATA_JSON {
                    continue;
                }
                out.push((name, bytes));
            }
        }
    }
    Ok(out)
}

/// Writes the default template into `dir`, with `data` as its
/// `data.json` (a real document, see docs/template.md), as a starting
/// point for one's own. Nothing is overwritten: when any of the files
/// exists already, none is written.
pub fn export_template(dir: &Path, data: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let files: Vec<(&str, &[u8])> = TEMPLATE
        .iter()
        .copied()
        .chain([(DATA_JSON, data)])
        .collect();
    if let Some((name, _)) = files.iter().find(|(name, _)| dir.join(name).exists()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists already", dir.join(name).display()),
        ));
    }
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

/// The template's document, pretty-printed: what `/data.json` holds.
pub fn document_json(results: &Results, options: &RenderOptions) -> serde_json::Result<Vec<u8>> {
    let mut document = view::document(results, options);
    // `marks` set as a render sets it; the text itself is left as written.
    Renderer::new().data_bytes(&mut document)?;
    serde_json::to_vec_pretty(&document)
}

/// The document the template reads; a template folder's own file of that
/// name (the designer's sample) is not used.
const DATA_JSON: &str = "data.json";

fn convert(diag: &SourceDiagnostic, file: String, line_col: Option<(usize, usize)>) -> Diagnostic {
    let mut d = match diag.severity {
        Severity::Error => Diagnostic::error(Code::Template, diag.message.to_string()),
        Severity::Warning => Diagnostic::warning(Code::Template, diag.message.to_string()),
    };
    d = d.at(match line_col {
        Some((line, col)) => Location::line(
            file,
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(col + 1).unwrap_or(u32::MAX),
        ),
        None => Location::file(file),
    });
    if let Some(hint) = diag.hints.first() {
        d = d.hint(hint.v.to_string());
    }
    d
}

/// The date the current version was made, from its record.
fn version_date(results: &Results) -> Option<Datetime> {
    let record = results.history.last()?;
    let d = chrono::NaiveDate::parse_from_str(&record.date, "%Y-%m-%d").ok()?;
    Datetime::from_ymd(
        d.year(),
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
}

/// A stable document id: the first 128 bits of the data's SHA-256.
fn stable_id(data: &[u8]) -> u128 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(data);
    let mut first = [0u8; 16];
    for (slot, byte) in first.iter_mut().zip(digest.iter()) {
        *slot = *byte;
    }
    u128::from_be_bytes(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lofte report` makes its renderer before the logs are read; the
    /// library and the font book (4 MB) were then held through a million
    /// rows' evaluation, the report's peak.
    #[test]
    fn a_renderer_holds_nothing_until_it_is_used() {
        let renderer = Renderer::new();
        assert!(renderer.parts.get().is_none());
        assert!(renderer.printable('å'));
        assert!(renderer.parts.get().is_some());
    }

    /// Scanning the JSON text finds and replaces exactly what walking its
    /// strings would: characters inside strings, next to escapes and
    /// controls, each reported once; printable ones and the keys stay.
    #[test]
    fn unprintable_characters_are_replaced_in_the_json_text() {
        let renderer = Renderer::new();
        let value = serde_json::json!({
            "place": "Kalix \"文\" åäö\n",
            "list": ["文文", "한 é", "plain"],
            "n": 3,
        });
        let mut json = serde_json::to_vec(&value).expect("json");
        let missing = replaced(&renderer, &mut json);
        assert_eq!(missing, vec!['文', '한']);
        let back: serde_json::Value = serde_json::from_slice(&json).expect("still JSON");
        assert_eq!(
            back,
            serde_json::json!({
                "place": "Kalix \"\u{FFFD}\" åäö\n",
                "list": ["\u{FFFD}\u{FFFD}", "\u{FFFD} é", "plain"],
                "n": 3,
            })
        );
        let mut printable =
            serde_json::to_vec(&serde_json::json!({"a": "Östra Norrbotten – ✓"})).expect("json");
        let before = printable.clone();
        assert!(replaced(&renderer, &mut printable).is_empty());
        assert_eq!(printable, before);
    }

    /// What the render does to its data: the unprintable characters
    /// found, and replaced.
    fn replaced(renderer: &Renderer, json: &mut Vec<u8>) -> Vec<char> {
        let missing = renderer.scan_text(json).unprintable;
        replace_chars(json, &missing);
        missing
    }

    /// Which text keeps the composition of marks: Swedish, other Latin
    /// letters Inter has, symbols and the fallback fonts' letters do not;
    /// a combining mark (even one no font has), a private-use character
    /// and a letter with marks Inter lacks do.
    #[test]
    fn text_with_marks_is_found() {
        let renderer = Renderer::new();
        let marks = |text: &str| {
            renderer
                .scan_text(&serde_json::to_vec(&serde_json::json!({ "t": text })).expect("json"))
                .marks
        };
        assert!(!marks("Kalix"));
        assert!(!marks(
            "Östra Norrbotten – Åsa, Ärla, Čolić, Łódź ✓ ✗ ◐ Ωμέγα"
        ));
        assert!(!marks("שלום مرحبا ሰላም"));
        assert!(marks("Pite\u{0301}"));
        assert!(marks("x\u{1AB0}"));
        assert!(marks("\u{E000}"));
        // An Arabic letter with madda: Inter lacks it, and it decomposes.
        assert!(!renderer.in_inter('\u{0622}'));
        assert!(marks("\u{0622}"));
    }

    /// The default template leaves out the fonts' composition of marks
    /// (`ccmp`) when the text has none: it must then set every character
    /// any embedded font has exactly as with it, in every face of Inter
    /// and through the fallback fonts. Text with a mark is set otherwise,
    /// which shows the comparison can tell.
    #[test]
    fn ccmp_changes_nothing_without_marks() {
        let renderer = Renderer::new();
        let fonts = renderer.fonts();
        let chars: std::collections::BTreeSet<char> = (0..fonts.count())
            .filter_map(|i| fonts.info(i))
            .flat_map(|f| f.coverage.iter())
            .filter_map(char::from_u32)
            .filter(|&c| !c.is_control() && !c.is_whitespace() && !renderer.composes(c))
            .collect();
        assert!(chars.len() > 5_000, "{} characters", chars.len());
        // A space every 30 characters, so the lines can break.
        let mut text = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if i > 0 && i % 30 == 0 {
                text.push(' ');
            }
            text.push(c);
        }
        let pdf = |text: &str, ccmp: bool| {
            let literal = text.replace('\\', "\\\\").replace('"', "\\\"");
            let mut source = String::from("#set page(width: 18cm, height: auto)\n");
            if !ccmp {
                source.push_str("#set text(features: (ccmp: 0))\n");
            }
            for (weight, style) in [
                ("regular", "normal"),
                ("regular", "italic"),
                ("semibold", "normal"),
                ("bold", "normal"),
                ("bold", "italic"),
            ] {
                source.push_str(&format!(
                    "#text(font: \"Inter\", weight: \"{weight}\", style: \"{style}\", \"{literal}\")\n\n"
                ));
            }
            let world = world::ReportWorld::new(
                &renderer,
                vec![("main.typ".to_owned(), source.into_bytes())],
                None,
            )
            .expect("world");
            let document = typst::compile::<PagedDocument>(&world)
                .output
                .expect("compiles");
            let options = PdfOptions {
                ident: Smart::Custom("ccmp".to_owned()),
                ..PdfOptions::default()
            };
            typst_pdf::pdf(&document, &options).expect("pdf")
        };
        assert!(
            pdf(&text, true) == pdf(&text, false),
            "text without marks is set otherwise without ccmp"
        );
        let marked = "Pite\u{0301}a \u{0131}\u{0301} i\u{0301} A\u{030A}";
        assert!(pdf(marked, true) != pdf(marked, false));
    }
}

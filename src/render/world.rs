//! The in-memory typst `World` of one report: the template's files and the
//! data, all held in memory. Nothing is read from disk here, so a template
//! can read nothing but its own folder and the data.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, World, WorldExt};

use super::{Renderer, convert};
use crate::diag::Diagnostic;

/// What typst needs to know of each embedded font, in the order of the
/// fonts, prepared ahead so no font is parsed to build the font book.
/// Written by `LOFTE_WRITE_FONT_BOOK=1 cargo test --lib font_book`; the
/// test fails when it no longer matches the fonts.
const FONT_BOOK: &str = include_str!("../../fonts/book.json");

/// The embedded fonts. The book comes from [`FONT_BOOK`]; a font is parsed
/// only when typst first asks for it, so a report in Swedish never parses
/// the Arabic, Hebrew, Ethiopic or symbol fallbacks.
pub struct Fonts {
    /// Each font's bytes (one face per file).
    data: &'static [&'static [u8]],
    /// Each font, parsed on first use.
    parsed: Vec<OnceLock<Option<Font>>>,
    /// The book typst selects fonts from.
    book: LazyHash<FontBook>,
}

impl Fonts {
    /// The fonts of `data`, whose infos [`FONT_BOOK`] holds in order.
    pub fn new(data: &'static [&'static [u8]]) -> Self {
        let infos: Vec<FontInfo> = match serde_json::from_str(FONT_BOOK) {
            Ok(infos) => infos,
            // Unreachable while the test below passes; parsing the fonts
            // gives the same book, only slower.
            Err(_) => data
                .iter()
                .flat_map(|bytes| FontInfo::iter(bytes))
                .collect(),
        };
        Fonts {
            data,
            parsed: data.iter().map(|_| OnceLock::new()).collect(),
            book: LazyHash::new(FontBook::from_infos(infos)),
        }
    }

    /// The book typst selects fonts from.
    pub fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// What the book says of font `index`.
    pub fn info(&self, index: usize) -> Option<&FontInfo> {
        self.book.info(index)
    }

    /// How many fonts there are.
    pub fn count(&self) -> usize {
        self.parsed.len()
    }

    /// Font `index`, parsed the first time it is asked for.
    pub fn get(&self, index: usize) -> Option<Font> {
        let bytes = *self.data.get(index)?;
        self.parsed
            .get(index)?
            .get_or_init(|| Font::new(Bytes::new(bytes), 0))
            .clone()
    }
}

/// One report's world.
pub struct ReportWorld<'r> {
    /// Fonts and library, shared across reports.
    renderer: &'r Renderer,
    /// `main.typ`.
    main: FileId,
    /// Every file by id: template files and `/data.json`.
    files: HashMap<FileId, Bytes>,
    /// Names by id, for diagnostics.
    names: HashMap<FileId, String>,
    /// The as-of date: `datetime.today()` in a template gives it, never
    /// the clock.
    today: Option<Datetime>,
    /// The results' attachment while it is still being written.
    coming: Option<Coming>,
}

/// The results' attachment as a world receives it, made already or while
/// the results JSON is still being written ([`super::Attached`]): typst
/// waits for it only when the template reads it, at the end of its
/// evaluation.
struct Coming {
    /// `/results.json.gz` and `/results.json`.
    gzip: FileId,
    plain: FileId,
    receiver: std::sync::Mutex<Option<std::sync::mpsc::Receiver<super::results_file::Attachment>>>,
    /// The gzip and the JSON when within its limit; `None` when the writer
    /// gave up (its error is the run's).
    files: OnceLock<Option<(Bytes, Option<Bytes>)>>,
}

/// The template's files as typst parsed them, kept by a renderer from
/// one render to the next: each document of a batch parsed the same
/// template again, a hundredth of its instructions. A file is parsed anew
/// when its text is not the text kept (a template edited under `--watch`).
#[derive(Default)]
pub struct Sources(std::sync::Mutex<HashMap<FileId, Source>>);

impl Sources {
    /// The file `id` of `bytes`, parsed.
    fn get(&self, id: FileId, bytes: &[u8]) -> FileResult<Source> {
        // Poisoned only by a panic in typst elsewhere: what is kept is
        // whole (a source is put in once made).
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(source) = kept.get(&id)
            && source.text().as_bytes() == bytes
        {
            return Ok(source.clone());
        }
        let text = std::str::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_owned());
        kept.insert(id, source.clone());
        Ok(source)
    }
}

fn file_id(name: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(format!("/{name}")).map_err(|e| format!("{name}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl<'r> ReportWorld<'r> {
    /// A world of `files` (relative path, bytes) whose `main.typ` is the
    /// entry point.
    pub fn new(
        renderer: &'r Renderer,
        files: Vec<(String, Vec<u8>)>,
        today: Option<Datetime>,
    ) -> Result<Self, String> {
        let main = file_id("main.typ")?;
        let mut map = HashMap::new();
        let mut names = HashMap::new();
        for (name, bytes) in files {
            let id = file_id(&name)?;
            map.insert(id, Bytes::new(bytes));
            names.insert(id, name);
        }
        Ok(ReportWorld {
            renderer,
            main,
            files: map,
            names,
            today,
            coming: None,
        })
    }

    /// The world with the results' attachment, maybe still on its way: its
    /// files (`/results.json.gz`, and `/results.json` when within its
    /// limit) are there once `receiver` gives it.
    pub fn with_coming(
        mut self,
        receiver: std::sync::mpsc::Receiver<super::results_file::Attachment>,
    ) -> Result<Self, String> {
        let gzip = file_id(super::results_file::ATTACHMENT_NAME)?;
        let plain = file_id("results.json")?;
        for (id, name) in [
            (gzip, super::results_file::ATTACHMENT_NAME),
            (plain, "results.json"),
        ] {
            self.names.insert(id, name.to_owned());
        }
        self.coming = Some(Coming {
            gzip,
            plain,
            receiver: std::sync::Mutex::new(Some(receiver)),
            files: OnceLock::new(),
        });
        Ok(self)
    }

    /// A typst diagnostic as ours, naming the template file (inside the
    /// user's folder when there is one), line and column.
    pub fn diagnostic(&self, diag: &SourceDiagnostic, folder: Option<&Path>) -> Diagnostic {
        let id = diag.span.id();
        let name = id
            .and_then(|id| self.names.get(&id).cloned())
            .unwrap_or_else(|| "main.typ".to_owned());
        let file = match folder {
            Some(dir) => dir.join(&name).display().to_string(),
            None => format!("(built-in template)/{name}"),
        };
        let range = id.and_then(|_| self.range(diag.span));
        let line_col = id.and_then(|id| {
            let source = self.source(id).ok()?;
            source.lines().byte_to_line_column(range.clone()?.start)
        });
        let d = convert(diag, file, line_col);
        // The span lets the printer show the template's line with a caret.
        match range {
            Some(range) if line_col.is_some() => d.span(range),
            _ => d,
        }
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.renderer.library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.renderer.fonts().book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.file(id)?;
        self.renderer.sources().get(id, bytes.as_slice())
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let not_found = || FileError::NotFound(id.get().vpath().get_without_slash().into());
        if let Some(coming) = self
            .coming
            .as_ref()
            .filter(|c| id == c.gzip || id == c.plain)
        {
            let files = coming.files.get_or_init(|| {
                // Poisoned only by a panic elsewhere in typst, which ends
                // the render anyway.
                let receiver = coming.receiver.lock().ok()?.take()?;
                let attachment = receiver.recv().ok()?;
                Some((
                    Bytes::new(attachment.bytes),
                    attachment.plain.map(Bytes::new),
                ))
            });
            let (gzip, plain) = files.as_ref().ok_or_else(not_found)?;
            return if id == coming.gzip {
                Ok(gzip.clone())
            } else {
                plain.clone().ok_or_else(not_found)
            };
        }
        self.files.get(&id).cloned().ok_or_else(not_found)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.renderer.fonts().get(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prepared book is what parsing the embedded fonts gives, one
    /// face per file; `LOFTE_WRITE_FONT_BOOK=1` writes it anew.
    #[test]
    fn font_book_matches_the_embedded_fonts() {
        let parsed: Vec<FontInfo> = super::super::FONTS
            .iter()
            .map(|bytes| {
                let faces: Vec<FontInfo> = FontInfo::iter(bytes).collect();
                assert_eq!(faces.len(), 1, "a font file with one face");
                faces.into_iter().next().expect("one face")
            })
            .collect();
        if std::env::var_os("LOFTE_WRITE_FONT_BOOK").is_some() {
            let json = serde_json::to_string(&parsed).expect("json");
            std::fs::write(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/book.json"),
                json + "\n",
            )
            .expect("write fonts/book.json");
            return;
        }
        let prepared: Vec<FontInfo> = serde_json::from_str(FONT_BOOK).expect("fonts/book.json");
        assert!(
            prepared == parsed,
            "fonts/book.json does not match the embedded fonts: run LOFTE_WRITE_FONT_BOOK=1 cargo test --lib font_book"
        );
    }

    /// Every font the book names can be parsed, and only on demand.
    #[test]
    fn fonts_are_parsed_when_asked_for() {
        let fonts = Fonts::new(super::super::FONTS);
        assert_eq!(fonts.count(), super::super::FONTS.len());
        assert!(fonts.parsed.iter().all(|slot| slot.get().is_none()));
        for i in 0..fonts.count() {
            let font = fonts.get(i).expect("a font");
            assert_eq!(Some(font.info()), fonts.info(i));
        }
        assert!(fonts.get(fonts.count()).is_none());
    }

    /// A template edited between two renders (`--watch`) is parsed anew:
    /// the kept parse of its old text is not given for the new.
    #[test]
    fn a_kept_source_is_given_only_for_its_own_text() {
        let sources = Sources::default();
        let id = file_id("main.typ").unwrap();
        let first = sources.get(id, b"= Mall ett").unwrap();
        assert_eq!(first.text(), "= Mall ett");
        let again = sources.get(id, b"= Mall ett").unwrap();
        // The same parse, not a new one.
        assert!(std::ptr::eq(first.root(), again.root()));
        let edited = sources.get(id, b"= Mall tv\xc3\xa5").unwrap();
        assert_eq!(edited.text(), "= Mall två");
        let other = file_id("delar.typ").unwrap();
        assert_eq!(
            sources.get(other, b"#let x = 1").unwrap().text(),
            "#let x = 1"
        );
        assert_eq!(
            sources.get(id, b"= Mall tv\xc3\xa5").unwrap().text(),
            "= Mall två"
        );
        assert!(matches!(
            sources.get(id, b"\xff"),
            Err(FileError::InvalidUtf8)
        ));
    }
}

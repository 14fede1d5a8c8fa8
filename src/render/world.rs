//! The in-memory typst `World` of one report: the template's files and the
//! data, all held in memory. Nothing is read from disk here, so a template
//! can read nothing but its own folder and the data.

use std::collections::HashMap;
use std::path::Path;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World, WorldExt};

use super::{Renderer, convert};
use crate::diag::Diagnostic;

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
        })
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
        &self.renderer.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.renderer.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.renderer.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

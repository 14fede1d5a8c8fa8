//! Stage 4, render: [`Results`](crate::evaluate::Results) → one JSON
//! document → the embedded typst template → PDF bytes. Templates and fonts
//! are compiled into the binary; nothing is read from the system. typst is
//! used only here.

// Placeholder until the render stage lands (replaced on merge).
use crate::diag::Diagnostic;
use crate::evaluate::Results;
use crate::locale::Lang;
use std::path::{Path, PathBuf};

/// PDF standard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/A-2a with UA-1.
    #[default]
    A2a,
    /// PDF/A-3a with UA-1.
    A3a,
}
/// Options.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Language.
    pub lang: Lang,
    /// Standard.
    pub standard: PdfStandard,
    /// User template.
    pub template: Option<PathBuf>,
    /// Attach JSON.
    pub attach_results: bool,
    /// Appendix.
    pub underlag: bool,
    /// Results JSON bytes.
    pub results_json: Option<Vec<u8>>,
}
/// Renderer.
pub struct Renderer;
/// Output.
pub struct Rendered {
    /// PDF.
    pub pdf: Vec<u8>,
    /// Warnings.
    pub warnings: Vec<String>,
}
/// Error.
#[derive(Debug)]
pub enum RenderError {
    /// Template.
    Template(Vec<Diagnostic>),
    /// Other.
    Other(String),
}
impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}
impl Renderer {
    /// New.
    pub fn new() -> Self {
        Renderer
    }
    /// Render.
    pub fn render(&self, _r: &Results, _o: &RenderOptions) -> Result<Rendered, RenderError> {
        todo!()
    }
}
impl Default for Renderer {
    fn default() -> Self {
        Self::new()
    }
}
/// Export.
pub fn export_template(_dir: &Path) -> std::io::Result<()> {
    todo!()
}

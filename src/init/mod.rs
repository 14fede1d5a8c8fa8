//! `lofte init`: a draft promise file from the published agreement text.
//!
//! Beside the report pipeline, not in it: it writes the promise file that
//! [`crate::agreement`] later reads. A small pipeline of its own:
//!
//! 1. `clean`: the page → lines, without menus, buttons, captions and
//!    contact blocks;
//! 2. `blocks` and `structure`: lines → blocks (headings, paragraphs,
//!    lead-ins, bullet lists with levels, table rows) → title, parties,
//!    period, follow-up, signatories, focus areas and raw promises;
//! 3. `phrase` and `promise`: each promise's words → targets,
//!    responsible party, partners;
//! 4. `emit`: → `loften.toml` text, every guess a `# KONTROLLERA:`
//!    comment on its line.
//!
//! It never makes up a number the text does not say: where the words do
//! not give a number, the promise is `typ = "text"`, and every reading a
//! careful person could doubt is marked for them to confirm.

mod blocks;
mod clean;
mod emit;
mod phrase;
mod promise;
mod source;
mod structure;

pub use source::text_from_bytes;

/// A drafted promise file.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The promise file's text (TOML).
    pub toml: String,
    /// Every guess, in line order.
    pub guesses: Vec<Guess>,
    /// How many promises were found.
    pub promises: usize,
    /// How many focus areas.
    pub areas: usize,
}

/// One reading a person must confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    /// 1-based line in [`Draft::toml`] that carries the `# KONTROLLERA:` comment.
    pub line: usize,
    /// What to check, in Swedish.
    pub message: String,
}

/// Drafts a promise file from the agreement's text.
pub fn draft(text: &str) -> Draft {
    draft_named(text, None)
}

/// As [`draft`], naming the source file in the draft's first comment.
pub fn draft_named(text: &str, source: Option<&str>) -> Draft {
    let lines = clean::clean(text);
    let found = structure::read(&lines);
    let promises: Vec<promise::Promise> = found
        .promises
        .iter()
        .map(|raw| promise::read(raw, found.lead.as_deref()))
        .collect();
    emit::write(&found, &promises, source)
}

#[cfg(test)]
mod tests;

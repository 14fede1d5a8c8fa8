//! Problems as a person at a terminal reads them: a log with fifty bad
//! cells is one cause fifty times, so each kind is shown with its first
//! few examples, and the list ends with a count per kind and how to see
//! every one. Errors come before warnings.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::diag::{Code, Diagnostic, Place, Severity};

/// How many problems of one kind are named when not all are asked for:
/// the first in full, the next ones on a line each.
pub const SHOWN_PER_KIND: usize = 3;

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The first [`SHOWN_PER_KIND`] of each kind (the default).
    Few,
    /// Every problem in full (`--all`).
    All,
}

/// One kind of problem: its severity and code, and its problems in order.
struct Kind<'a> {
    severity: Severity,
    code: Code,
    items: Vec<&'a Diagnostic>,
}

/// The problems grouped by kind: errors first, each kind in the order of
/// its first problem.
fn kinds(diagnostics: &[Diagnostic]) -> Vec<Kind<'_>> {
    let mut kinds: Vec<Kind<'_>> = Vec::new();
    for d in diagnostics {
        match kinds
            .iter_mut()
            .find(|k| k.severity == d.severity && k.code == d.code)
        {
            Some(k) => k.items.push(d),
            None => kinds.push(Kind {
                severity: d.severity,
                code: d.code,
                items: vec![d],
            }),
        }
    }
    // Stable: kinds keep their order within each severity.
    kinds.sort_by_key(|k| k.severity);
    kinds
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A later example of a kind, under the first: where, and what differs.
fn also(first: &Diagnostic, d: &Diagnostic) -> String {
    let place = d
        .location
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    if d.message == first.message {
        match &d.found {
            Some(found) => format!("   = also at: {place} (found {found:?})"),
            None => format!("   = also at: {place}"),
        }
    } else if d.location.is_some() && !d.message.contains(place.as_str()) {
        format!("   = also: {} ({place})", d.message)
    } else {
        format!("   = also: {}", d.message)
    }
}

/// The text files that problems point into, read once each when a problem
/// with a span is printed. A file that cannot be read (or has changed so the
/// span no longer fits) is printed without its line.
#[derive(Default)]
pub struct Sources {
    texts: HashMap<String, Option<String>>,
}

impl Sources {
    /// The text of `file` as it is on disk now.
    fn get(&mut self, file: &str) -> Option<&str> {
        self.texts
            .entry(file.to_owned())
            .or_insert_with(|| std::fs::read_to_string(file).ok())
            .as_deref()
    }

    /// A source for tests and callers that hold the text already.
    pub fn with(mut self, file: &str, text: &str) -> Self {
        self.texts.insert(file.to_owned(), Some(text.to_owned()));
        self
    }
}

/// One problem in full. A problem in a text file (promise file, template)
/// with a span shows the line and a caret under the span, as a compiler
/// does; a problem in a log cell keeps its form (file, sheet, cell).
pub fn full(d: &Diagnostic, sources: &mut Sources) -> String {
    snippet(d, sources).unwrap_or_else(|| d.to_string())
}

fn snippet(d: &Diagnostic, sources: &mut Sources) -> Option<String> {
    let span = d.span?;
    let location = d.location.as_ref()?;
    if !matches!(location.place, Place::Line { .. }) {
        return None;
    }
    let text = sources.get(&location.file)?;
    let range = span.range();
    if range.end > text.len()
        || !text.is_char_boundary(range.start)
        || !text.is_char_boundary(range.end)
    {
        return None;
    }
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let report = &[level
        .primary_title(d.message.as_str())
        .id(d.code.as_str())
        .element(
            Snippet::source(text)
                .path(location.file.as_str())
                .fold(true)
                .annotation(AnnotationKind::Primary.span(range)),
        )];
    let mut out = Renderer::plain().render(report);
    // What was found, expected and what to do, in lofte's own form below
    // the snippet, as for every other problem; the `=` under the `|` of
    // the snippet's margin, which widens with the line number.
    let line = match location.place {
        Place::Line { line, .. } => line,
        _ => 1,
    };
    let margin = " ".repeat(line.to_string().len() + 1);
    for detail in d.details().split('\n').skip(1) {
        out.push('\n');
        match detail.strip_prefix("   = ") {
            Some(rest) => out.push_str(&format!("{margin}= {rest}")),
            None => out.push_str(detail),
        }
    }
    Some(out)
}

/// The problems as text, ending with the counts per kind; `what` names
/// the input in the count line (the promise file), if not empty. Empty
/// when there are no problems.
pub fn text(diagnostics: &[Diagnostic], detail: Detail, what: &str) -> String {
    text_with(diagnostics, detail, what, &mut Sources::default())
}

/// [`text`], reading the lines of text files from `sources`.
pub fn text_with(
    diagnostics: &[Diagnostic],
    detail: Detail,
    what: &str,
    sources: &mut Sources,
) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let kinds = kinds(diagnostics);
    let mut out = String::new();
    let mut hidden = false;
    for kind in &kinds {
        match detail {
            Detail::All => {
                for d in &kind.items {
                    out.push_str(&full(d, sources));
                    out.push_str("\n\n");
                }
            }
            Detail::Few => {
                let Some((first, rest)) = kind.items.split_first() else {
                    continue;
                };
                let shown = full(first, sources);
                // Under a source line the `=` stands under the margin's
                // `|`, which widens with the line number.
                let margin = shown
                    .lines()
                    .find(|l| l.ends_with('|') && l.trim() == "|")
                    .map(|l| l.trim_end_matches('|'));
                out.push_str(&shown);
                out.push('\n');
                let mut hints_said = vec![&first.hint];
                for d in rest.iter().take(SHOWN_PER_KIND - 1) {
                    let mut lines = vec![also(first, d)];
                    // A cell with its own remedy ("a negative Antal takes
                    // nothing back" under "put remarks in Kommentar"):
                    // under the first's hint alone, it would be left
                    // unfixed. Each remedy is said once.
                    if let Some(hint) = d.hint.as_deref()
                        && !hints_said.contains(&&d.hint)
                    {
                        hints_said.push(&d.hint);
                        lines.push(format!("   = hint: {hint}"));
                    }
                    for line in lines {
                        match (margin, line.strip_prefix("   = ")) {
                            (Some(margin), Some(rest)) => {
                                out.push_str(&format!("{margin}= {rest}"));
                            }
                            _ => out.push_str(&line),
                        }
                        out.push('\n');
                    }
                }
                let more = kind.items.len().saturating_sub(SHOWN_PER_KIND);
                if more > 0 {
                    hidden = true;
                    let (shown_items, hidden_items) = kind.items.split_at(SHOWN_PER_KIND);
                    let other_hint = hidden_items
                        .iter()
                        .any(|d| d.hint.is_some() && shown_items.iter().all(|s| s.hint != d.hint));
                    if other_hint {
                        out.push_str(&format!(
                            "   = and {more} more like it, some with another hint (--all shows each)\n"
                        ));
                    } else {
                        out.push_str(&format!("   = and {more} more like it\n"));
                    }
                }
                out.push('\n');
            }
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let counts = format!(
        "{}, {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    );
    if what.is_empty() {
        out.push_str(&format!("{counts}\n"));
    } else {
        out.push_str(&format!("{what}: {counts}\n"));
    }
    let width = kinds
        .iter()
        .map(|k| k.items.len().to_string().len())
        .max()
        .unwrap_or(1);
    for kind in &kinds {
        out.push_str(&format!(
            "  {:>width$}  {}[{}]\n",
            kind.items.len(),
            severity_word(kind.severity),
            kind.code
        ));
    }
    if hidden {
        out.push_str(&format!(
            "The first {SHOWN_PER_KIND} of each kind are shown: add --all to see every one (lofte check --format json lists them as JSON).\n"
        ));
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn bad_count(line: u32, found: &str) -> Diagnostic {
        Diagnostic::error(Code::BadCount, "column \"Antal\" expects a whole number")
            .at(Location::cell("logg.csv", None, line - 1, 2))
            .found(found)
            .hint("put remarks in the column \"Kommentar\"")
    }

    #[test]
    fn few_shows_three_of_each_kind_and_counts_them_all() {
        let mut list: Vec<Diagnostic> = (2..52).map(|n| bad_count(n, "två")).collect();
        list.insert(
            0,
            Diagnostic::warning(Code::EmptyLog, "the log has a header but no rows under it")
                .at(Location::file("tom.csv")),
        );
        let text = text(&list, Detail::Few, "loften.toml");
        assert_eq!(
            text,
            "error[bad-count]: column \"Antal\" expects a whole number
  --> logg.csv, line 2, column C
   = found: \"två\"
   = hint: put remarks in the column \"Kommentar\"
   = also at: logg.csv, line 3, column C (found \"två\")
   = also at: logg.csv, line 4, column C (found \"två\")
   = and 47 more like it

warning[empty-log]: the log has a header but no rows under it
  --> tom.csv

loften.toml: 50 errors, 1 warning
  50  error[bad-count]
   1  warning[empty-log]
The first 3 of each kind are shown: add --all to see every one (lofte check --format json lists them as JSON).
"
        );
    }

    /// Grouped under the first's hint, "-1" and "1,6" were told to put
    /// remarks in Kommentar: a hint of its own is shown with its cell,
    /// and hidden ones are said to exist.
    #[test]
    fn a_grouped_problem_with_its_own_hint_shows_it() {
        let negative = |line: u32| {
            let mut d = bad_count(line, "-1");
            d.hint = Some("a negative Antal takes nothing back".into());
            d
        };
        let list = vec![
            bad_count(2, "x"),
            negative(3),
            bad_count(4, "y"),
            bad_count(5, "z"),
        ];
        let shown = text(&list, Detail::Few, "");
        assert!(
            shown.contains(
                "   = also at: logg.csv, line 3, column C (found \"-1\")\n   = hint: a negative Antal takes nothing back\n   = also at: logg.csv, line 4, column C (found \"y\")\n   = and 1 more like it\n"
            ),
            "{shown}"
        );
        let list = vec![
            bad_count(2, "x"),
            bad_count(3, "y"),
            bad_count(4, "z"),
            negative(5),
        ];
        let shown = text(&list, Detail::Few, "");
        assert!(!shown.contains("takes nothing back"), "{shown}");
        assert!(
            shown.contains("   = and 1 more like it, some with another hint (--all shows each)\n"),
            "{shown}"
        );
        // A hint already said is not said again.
        let list = vec![negative(2), bad_count(3, "x"), bad_count(4, "y")];
        let shown = text(&list, Detail::Few, "");
        assert_eq!(shown.matches("put remarks").count(), 1, "{shown}");
    }

    #[test]
    fn all_shows_every_one_in_full() {
        let list: Vec<Diagnostic> = (2..7).map(|n| bad_count(n, "x")).collect();
        let text = text(&list, Detail::All, "loften.toml");
        assert_eq!(text.matches("error[bad-count]: column").count(), 5);
        assert!(!text.contains("--all"), "{text}");
        assert!(text.ends_with("loften.toml: 5 errors, 0 warnings\n  5  error[bad-count]\n"));
    }

    /// A problem in the promise file shows its line with a caret under
    /// the span; the same problem without its text (the file changed or
    /// is gone) keeps the plain form, as a cell always does.
    #[test]
    fn a_span_in_a_text_file_is_shown_with_its_line() {
        let text = "kommun = \"Testby\"\nenhett = \"insatser\"\n";
        let d = Diagnostic::error(Code::UnknownKey, "unknown key \"enhett\"")
            .at(Location::at_offset("loften.toml", text, 18))
            .span(18..24)
            .hint("did you mean \"enhet\"?");
        let mut sources = Sources::default().with("loften.toml", text);
        assert_eq!(
            full(&d, &mut sources),
            "error[unknown-key]: unknown key \"enhett\"
 --> loften.toml:2:1
  |
2 | enhett = \"insatser\"
  | ^^^^^^
  = hint: did you mean \"enhet\"?"
        );
        let mut changed = Sources::default().with("loften.toml", "kort");
        assert_eq!(full(&d, &mut changed), d.to_string());
        let cell = bad_count(5, "ca 5").span(0..1);
        assert_eq!(full(&cell, &mut sources), cell.to_string());
    }

    #[test]
    fn nothing_prints_nothing() {
        assert_eq!(text(&[], Detail::Few, "loften.toml"), "");
    }
}

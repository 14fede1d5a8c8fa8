//! How the promise file says the logs are to be read: `[kolumner]` (which
//! header holds which known column), `max_antal_per_rad` and `dolda_blad`.
//! Read on its own from the same text, so the main parser only has to
//! accept the keys.

use crate::ingest::cells::composed;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Code, Diagnostic, Location, nearest};
use crate::ingest::{Column, ColumnMap, RequestRows, Selection};

/// The promise file's settings for reading logs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogSettings {
    /// `[kolumner]`: headers for the known columns, and `ovriga`.
    pub columns: ColumnMap,
    /// `max_antal_per_rad`: the largest Antal one row may hold. When the
    /// value is wrong, the largest there is: the run stops on that error,
    /// and the logs, still read for their own problems, then get none
    /// from a limit the file did not manage to set.
    pub max_count: Option<u64>,
    /// `dolda_blad = true`: read hidden sheets too.
    pub include_hidden: bool,
    /// `urval = { kolumn = "Kommun", varde = "Kalix" }`: only these rows
    /// of a shared log.
    pub selection: Option<Selection>,
    /// The file is not TOML, or `kolumner` or `urval` is wrong: which
    /// header is which column, or which rows are this agreement's, is not
    /// known, so the logs are not read (every problem found in them could
    /// stem from the setting).
    pub cells_unknown: bool,
}

/// The top-level keys this module reads (the main parser accepts them).
pub const LOG_KEYS: &[&str] = &["kolumner", "max_antal_per_rad", "dolda_blad", "urval"];

/// Keys fold as every promise-file key does.
use super::keyword::fold_key as fold;

/// Reads the log settings of the promise file `text` (named `file` in
/// messages). A file that is not valid TOML gives defaults and no
/// diagnostics: the main parser reports its syntax.
pub fn log_settings(text: &str, file: &str) -> (LogSettings, Vec<Diagnostic>) {
    let mut settings = LogSettings::default();
    let mut problems = Vec::new();
    let Ok(root) = DeTable::parse(text) else {
        settings.cells_unknown = true;
        return (settings, problems);
    };
    let at = |span: std::ops::Range<usize>| Location::at_offset(file, text, span.start);
    for (key, value) in root.get_ref().iter() {
        let before = problems.len();
        let key = fold(key.get_ref());
        match key.as_str() {
            "kolumner" => columns(value, &at, &mut settings.columns, &mut problems),
            "max_antal_per_rad" => match value.get_ref() {
                DeValue::Integer(i) => {
                    match u64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                        // A row holds its count in four bytes (a million
                        // rows are held at once).
                        Ok(n) if (1..=u64::from(u32::MAX)).contains(&n) => {
                            settings.max_count = Some(n)
                        }
                        _ => problems.push(
                            Diagnostic::error(
                                Code::BadNumber,
                                "\"max_antal_per_rad\" must be a whole number from 1 to 4294967295",
                            )
                            .at(at(value.span()))
                            .span(value.span())
                            .subject("max_antal_per_rad"),
                        ),
                    }
                }
                _ => problems.push(
                    Diagnostic::error(
                        Code::WrongType,
                        "\"max_antal_per_rad\" must be a whole number",
                    )
                    .at(at(value.span()))
                    .span(value.span())
                    .subject("max_antal_per_rad")
                    .hint("for example max_antal_per_rad = 5000"),
                ),
            },
            "urval" => settings.selection = selection(value, &at, &mut problems),
            "dolda_blad" => match value.get_ref() {
                DeValue::Boolean(b) => settings.include_hidden = *b,
                _ => problems.push(
                    Diagnostic::error(Code::WrongType, "\"dolda_blad\" must be true or false")
                        .at(at(value.span()))
                        .span(value.span())
                        .subject("dolda_blad"),
                ),
            },
            _ => {}
        }
        if problems.len() > before {
            match key.as_str() {
                "max_antal_per_rad" => settings.max_count = Some(u64::from(u32::MAX)),
                "kolumner" | "urval" => settings.cells_unknown = true,
                // A wrong dolda_blad leaves hidden sheets unread, which is
                // a warning, not an error.
                _ => {}
            }
        }
    }
    settings.columns.requests = request_rows(root.get_ref());
    (settings, problems)
}

/// The rows the promise file's `önskemål` targets read as requests, from
/// `[[lofte]]`'s `mal` (the main parser reports what is wrong there).
fn request_rows(root: &DeTable<'_>) -> RequestRows {
    let mut rows = RequestRows::default();
    let texts = |v: Option<&Spanned<DeValue<'_>>>| -> Vec<String> {
        match v.map(Spanned::get_ref) {
            Some(DeValue::String(s)) => vec![composed(s.trim()).into_owned()],
            Some(DeValue::Array(items)) => items
                .iter()
                .filter_map(|i| {
                    i.get_ref()
                        .as_str()
                        .map(|s| composed(s.trim()).into_owned())
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    fn field<'a>(t: &DeTable<'a>, key: &str) -> Option<Spanned<DeValue<'a>>> {
        t.iter()
            .find(|(k, _)| fold(k.get_ref()) == key)
            .map(|(_, v)| v.clone())
    }
    fn tables(v: Option<Spanned<DeValue<'_>>>) -> Vec<DeTable<'_>> {
        match v.map(Spanned::into_inner) {
            Some(DeValue::Array(items)) => items
                .into_iter()
                .filter_map(|i| match i.into_inner() {
                    DeValue::Table(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
    for promise in tables(field(root, "lofte")) {
        let id = texts(field(&promise, "id").as_ref());
        let activities = texts(field(&promise, "aktiviteter").as_ref());
        let targets = tables(field(&promise, "mal"));
        // A row of a promise that also counts activities done ("minst 4
        // skolbesök") is left out when not done, as for any promise: one
        // row cannot be both a request and no visit.
        let requests_only = targets.iter().all(|t| {
            texts(field(t, "typ").as_ref())
                .iter()
                .any(|k| matches!(fold(k).as_str(), "onskemal" | "text"))
        });
        for target in targets {
            let kind = texts(field(&target, "typ").as_ref());
            if !kind.iter().any(|k| fold(k) == "onskemal") {
                continue;
            }
            rows.activities
                .extend(texts(field(&target, "onskemal").as_ref()));
            if field(&target, "status").is_none() {
                continue;
            }
            if !requests_only {
                rows.mixed.extend(id.iter().cloned());
            } else {
                rows.promises.extend(id.iter().cloned());
                rows.activities.extend(activities.iter().cloned());
                rows.activities
                    .extend(texts(field(&target, "aktiviteter").as_ref()));
            }
        }
    }
    rows
}

/// `urval = { kolumn = "Kommun", varde = "Kalix" }`; `varde` may be a
/// list (an agreement of two municipalities) and a number (a municipality
/// code).
fn selection(
    value: &Spanned<DeValue<'_>>,
    at: &dyn Fn(std::ops::Range<usize>) -> Location,
    problems: &mut Vec<Diagnostic>,
) -> Option<Selection> {
    let example = "for example urval = { kolumn = \"Kommun\", varde = \"Kalix\" }";
    let DeValue::Table(table) = value.get_ref() else {
        problems.push(
            Diagnostic::error(
                Code::WrongType,
                "\"urval\" must be a table of kolumn and varde",
            )
            .at(at(value.span()))
            .span(value.span())
            .subject("urval")
            .hint(example),
        );
        return None;
    };
    let one = |v: &Spanned<DeValue<'_>>| match v.get_ref() {
        DeValue::String(s) if !s.trim().is_empty() => Some(composed(s.trim()).into_owned()),
        DeValue::Integer(i) => Some(i.as_str().replace('_', "")),
        _ => None,
    };
    let mut column = None;
    let mut values = Vec::new();
    let mut ok = true;
    for (key, v) in table.iter() {
        match fold(key.get_ref()).as_str() {
            "kolumn" => match one(v) {
                Some(c) => column = Some(c),
                None => {
                    ok = false;
                    problems.push(
                        Diagnostic::error(
                            Code::WrongType,
                            "\"kolumn\" under urval must be the column's header in \"quotes\"",
                        )
                        .at(at(v.span()))
                        .span(v.span())
                        .subject("kolumn")
                        .hint(example),
                    );
                }
            },
            "varde" => {
                let found: Vec<Option<String>> = match v.get_ref() {
                    DeValue::Array(items) => items.iter().map(one).collect(),
                    _ => vec![one(v)],
                };
                if found.is_empty() || found.iter().any(Option::is_none) {
                    ok = false;
                    problems.push(
                        Diagnostic::error(Code::WrongType, "\"varde\" under urval must be the value in \"quotes\", or a list of values")
                            .at(at(v.span()))
                            .span(v.span())
                            .subject("varde")
                            .hint(example),
                    );
                } else {
                    values = found.into_iter().flatten().collect();
                }
            }
            other => {
                ok = false;
                let mut d = Diagnostic::error(
                    Code::UnknownKey,
                    format!("unknown key \"{}\" in urval", key.get_ref()),
                )
                .at(at(key.span()))
                .span(key.span())
                .subject(key.get_ref().to_string());
                d = match nearest(other, ["kolumn", "varde"]) {
                    Some(near) => d.did_you_mean(near),
                    None => d.hint(example),
                };
                problems.push(d);
            }
        }
    }
    if !ok {
        return None;
    }
    match column {
        Some(column) if !values.is_empty() => Some(Selection { column, values }),
        _ => {
            problems.push(
                Diagnostic::error(
                    Code::IncompleteSelection,
                    "urval needs both kolumn and varde",
                )
                .at(at(value.span()))
                .span(value.span())
                .hint(example),
            );
            None
        }
    }
}

fn columns(
    value: &Spanned<DeValue<'_>>,
    at: &dyn Fn(std::ops::Range<usize>) -> Location,
    map: &mut ColumnMap,
    problems: &mut Vec<Diagnostic>,
) {
    let DeValue::Table(table) = value.get_ref() else {
        problems.push(
            Diagnostic::error(Code::WrongType, "\"kolumner\" must be a table")
                .at(at(value.span()))
                .span(value.span())
                .subject("kolumner")
                .hint("write it as\n[kolumner]\nlofte = \"Löfte nr\""),
        );
        return;
    };
    let keys: Vec<&str> = Column::ALL
        .iter()
        .map(|c| c.key())
        .chain(["ovriga"])
        .collect();
    for (key, value) in table.iter() {
        let folded = fold(key.get_ref());
        let text = |v: &Spanned<DeValue<'_>>| v.get_ref().as_str().map(str::to_owned);
        if folded == "ovriga" {
            match value.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        match text(item) {
                            Some(t) => map.others.push(t),
                            None => problems.push(
                                Diagnostic::error(
                                    Code::WrongType,
                                    "\"ovriga\" lists headers in \"quotes\"",
                                )
                                .at(at(item.span()))
                                .span(item.span())
                                .subject("ovriga"),
                            ),
                        }
                    }
                }
                _ => problems.push(
                    Diagnostic::error(Code::WrongType, "\"ovriga\" must be a list of headers")
                        .at(at(value.span()))
                        .span(value.span())
                        .subject("ovriga")
                        .hint("for example ovriga = [\"Antal timmar\"]"),
                ),
            }
            continue;
        }
        let Some(column) = Column::ALL.iter().find(|c| c.key() == folded) else {
            let mut d = Diagnostic::error(
                Code::UnknownKey,
                format!("unknown key \"{}\" in [kolumner]", key.get_ref()),
            )
            .at(at(key.span()))
            .span(key.span())
            .subject(key.get_ref().to_string());
            d = match nearest(&folded, keys.iter().copied()) {
                Some(near) => d.did_you_mean(near),
                None => d.hint(format!("known keys: {}", keys.join(", "))),
            };
            problems.push(d);
            continue;
        };
        match text(value) {
            Some(t) if !t.trim().is_empty() => {
                map.columns.push((*column, composed(t.trim()).into_owned()))
            }
            _ => problems.push(
                Diagnostic::error(
                    Code::WrongType,
                    format!("\"{folded}\" must be the column's header in \"quotes\""),
                )
                .at(at(value.span()))
                .span(value.span())
                .subject(key.get_ref().to_string())
                .hint(format!("for example {folded} = \"{} nr\"", column.name())),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_limits_are_read() {
        let (s, d) = log_settings(
            "kommun = \"X\"\nmax_antal_per_rad = 5000\ndolda_blad = true\n[kolumner]\nlofte = \"Löfte nr\"\nantal = \"Antal (st)\"\novriga = [\"Antal timmar\"]\n",
            "l.toml",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.max_count, Some(5000));
        assert!(s.include_hidden);
        let mut columns = s.columns.columns.clone();
        columns.sort();
        assert_eq!(
            columns,
            vec![
                (Column::Promise, "Löfte nr".to_owned()),
                (Column::Count, "Antal (st)".to_owned())
            ]
        );
        assert_eq!(s.columns.others, vec!["Antal timmar".to_owned()]);
    }

    #[test]
    fn an_unknown_column_key_is_named_with_its_line() {
        let (_, d) = log_settings("[kolumner]\nlofet = \"Löfte nr\"\n", "l.toml");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.as_ref().unwrap().to_string(), "l.toml:2:1");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean \"lofte\"?"));
        assert_eq!(d[0].suggestion_text(), Some("lofte"));
    }

    #[test]
    fn a_selection_is_read_with_one_value_or_several() {
        let (s, d) = log_settings(
            "kommun = \"X\"\nurval = { kolumn = \"Kommun\", varde = \"Kalix\" }\n",
            "l.toml",
        );
        assert!(d.is_empty(), "{d:?}");
        let sel = s.selection.unwrap();
        assert_eq!(
            (sel.column.as_str(), sel.values),
            ("Kommun", vec!["Kalix".to_owned()])
        );
        let (s, d) = log_settings(
            "urval = { kolumn = \"Kommunkod\", varde = [2514, \" Haparanda \"] }\n",
            "l.toml",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            s.selection.unwrap().values,
            vec!["2514".to_owned(), "Haparanda".to_owned()]
        );
    }

    #[test]
    fn a_wrong_selection_is_an_error_at_its_place() {
        let (s, d) = log_settings(
            "urval = { kolumn = \"Kommun\", vardet = \"Kalix\" }\n",
            "l.toml",
        );
        assert!(s.selection.is_none());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, Code::UnknownKey);
        assert_eq!(d[0].hint.as_deref(), Some("did you mean \"varde\"?"));
        let (_, d) = log_settings("urval = { kolumn = \"Kommun\" }\n", "l.toml");
        assert_eq!(d[0].code, Code::IncompleteSelection);
        let (_, d) = log_settings("urval = \"Kalix\"\n", "l.toml");
        assert_eq!(d[0].code, Code::WrongType);
        assert_eq!(d[0].location.as_ref().unwrap().to_string(), "l.toml:1:9");
    }

    /// A misspelt key is named as written, for the page that shows no
    /// English message.
    #[test]
    fn a_misspelt_key_is_the_subject_as_written() {
        let (_, d) = log_settings("[kolumner]\nlofet = \"Löfte nr\"\n", "l.toml");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, Code::UnknownKey);
        assert_eq!(d[0].subject_text(), Some("lofet"));
        let (_, d) = log_settings("dolda_blad = \"ja\"\n", "l.toml");
        assert_eq!(d[0].code, Code::WrongType);
        assert_eq!(d[0].subject_text(), Some("dolda_blad"));
    }

    /// A wrong setting used to stop the run before the logs were read, so
    /// a bad date in the log was named only in the next run. The settings
    /// now say whether the logs can be read without them.
    #[test]
    fn a_wrong_setting_says_whether_the_logs_can_still_be_read() {
        let read = |text: &str| {
            let (s, d) = log_settings(text, "l.toml");
            (s.cells_unknown, s.max_count, d.len())
        };
        assert_eq!(read("max_antal_per_rad = 500\n"), (false, Some(500), 0));
        // No limit the file did not manage to set.
        assert_eq!(
            read("max_antal_per_rad = -5\n"),
            (false, Some(u64::from(u32::MAX)), 1)
        );
        assert_eq!(
            read("max_antal_per_rad = \"5000\"\n"),
            (false, Some(u64::from(u32::MAX)), 1)
        );
        assert_eq!(read("dolda_blad = \"ja\"\n"), (false, None, 1));
        assert_eq!(read("[kolumner]\nlofet = \"Löfte nr\"\n"), (true, None, 1));
        assert_eq!(read("kolumner = 3\n"), (true, None, 1));
        assert_eq!(read("urval = \"Kalix\"\n"), (true, None, 1));
        assert_eq!(read("urval = { kolumn = \"Kommun\" }\n"), (true, None, 1));
        // Not TOML: the main parser names the error.
        assert_eq!(read("kommun = \"X\n"), (true, None, 0));
    }
}

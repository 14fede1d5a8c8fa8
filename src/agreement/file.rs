//! Parsing and validating the promise file.
//!
//! The file is read into toml's spanned document tree rather than straight
//! into structs with serde: serde stops at the first mistake, and a
//! coordinator should see every mistake in the file at once, each with its
//! line and column.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::model::*;
use crate::diag::{Diagnostic, Location, nearest};
use crate::ingest::DateOrder;

/// The outcome of reading a promise file: the agreement when it is valid,
/// and every problem found (warnings may come with an agreement).
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The agreement, when the file has no errors.
    pub agreement: Option<Agreement>,
    /// Every problem, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `text`, the content of the promise file named `file` (for
/// messages) in folder `base` (log paths are resolved against it).
pub fn parse(text: &str, file: &str, base: &Path) -> Parsed {
    let mut reader = Reader {
        file,
        text,
        diagnostics: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let offset = error.span().map_or(0, |s| s.start);
            reader.diagnostics.push(
                Diagnostic::error("toml-syntax", "the promise file is not valid TOML")
                    .at(Location::at_offset(file, text, offset))
                    .span(error.span().unwrap_or(offset..offset))
                    .found(error.message().trim().to_owned())
                    .hint("see docs/promise-file.md for the layout; text values need \"quotes\""),
            );
        }
        return reader.finish(None);
    }
    let span = root.span();
    let agreement = reader.agreement(root.get_ref(), span, base);
    reader.finish(agreement)
}

const TOP_KEYS: &[&str] = &[
    "kommun",
    "lokalpolisomrade",
    "rubrik",
    "period",
    "uppfoljning",
    "diarienummer",
    "loggar",
    "datumordning",
    "delvis",
    "forfattare",
    "mottagare",
    "undertecknare",
    "fokusomrade",
    "lofte",
    "parter",
    // Read by log_settings.rs.
    "kolumner",
    "max_antal_per_rad",
    "dolda_blad",
    "urval",
];
const PARTY_KEYS: &[&str] = &["polisen", "kommunen"];
const PERIOD_KEYS: &[&str] = &["fran", "till"];
const DEADLINE_KEYS: &[&str] = &["text", "datum"];
const SIGNATORY_KEYS: &[&str] = &["namn", "roll", "part"];
const AREA_KEYS: &[&str] = &["id", "namn", "beskrivning"];
const PROMISE_KEYS: &[&str] = &[
    "id",
    "fokusomrade",
    "text",
    "ansvarig",
    "samverkan",
    "enhet",
    "aktiviteter",
    "alias",
    "gemensamt",
    "sla_samman",
    "fran",
    "till",
    "mal",
    "kommentar",
];
const TARGET_KEYS: &[&str] = &[
    "typ",
    "antal",
    "per",
    "intervall",
    "andel",
    "riktning",
    "baslinje",
    "platser",
    "beskrivning",
    "enhet",
    "aktiviteter",
    "kolumn",
    "fran",
    "till",
];
/// Keys every target may have, whatever its kind.
const COMMON_TARGET_KEYS: &[&str] = &[
    "typ",
    "beskrivning",
    "enhet",
    "aktiviteter",
    "kolumn",
    "fran",
    "till",
];

/// The keys of each kind of target beyond the common ones. A key of another
/// kind is an error, not ignored: `per` on a `totalt` target would
/// otherwise be read as "per month" by the user and as "the whole window"
/// by lofte.
fn kind_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "minst" | "snitt" => &["antal", "per"],
        "var" => &["antal", "intervall", "per"],
        "totalt" => &["antal"],
        "andel" => &["per", "andel"],
        "trend" => &["riktning", "baslinje"],
        "per_plats" => &["antal", "platser", "per"],
        _ => &[],
    }
}

/// What to write instead, for the mix-ups seen in real files.
fn kind_hint(kind: &str, key: &str) -> String {
    let takes = kind_keys(kind);
    let own = if takes.is_empty() {
        format!("a \"{kind}\" target takes no keys of its own")
    } else {
        format!("a \"{kind}\" target takes {}", takes.join(", "))
    };
    let instead = match (kind, key) {
        ("totalt", "per") => "; to judge every week, month or year, write typ = \"minst\"",
        (_, "intervall") => "; for \"var tredje vecka\", write typ = \"var\"",
        ("text", "antal") => {
            "; a target with a number needs a typ that counts, such as \"totalt\" or \"minst\""
        }
        (_, "platser") => "; to count at each place, write typ = \"per_plats\"",
        (_, "riktning") | (_, "baslinje") => "; for \"ska öka\", write typ = \"trend\"",
        _ => "",
    };
    format!("{own} (and beskrivning, enhet, aktiviteter, kolumn, fran, till){instead}")
}
const BASELINE_KEYS: &[&str] = &["varde", "period", "kalla"];
const COMMENT_KEYS: &[&str] = &["fonster", "kommentar", "nasta_steg"];
const TARGET_TYPES: &[&str] = &[
    "minst",
    "var",
    "snitt",
    "totalt",
    "andel",
    "trend",
    "per_plats",
    "text",
];

/// Keys may be written with å, ä, ö when quoted; they mean the same.
fn fold_key(key: &str) -> String {
    key.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            ' ' | '-' => '_',
            c => c,
        })
        .collect()
}

/// The singular of a Swedish plural noun phrase, for "1 insats" beside
/// "2 insatser", when the promise file gives one form only. The head noun
/// is the last word before a preposition ("dagar med insats", "insatser
/// mot bilinbrott"), else the last word; it loses -ar or -er
/// ("trygghetsvandringar", "insatser"), -or becomes -a ("kameror"), -en
/// after an e-stem loses its n ("tillfällen", "möten"); any other word is
/// taken as both ("besök", "gram"). An adjective before it in -ade or -iga
/// follows it ("riktade insatser" → "riktad insats").
pub fn singular_of(plural: &str) -> String {
    const PREPOSITIONS: [&str; 9] = ["med", "mot", "för", "i", "på", "av", "vid", "till", "om"];
    let words: Vec<&str> = plural.split_whitespace().collect();
    let head = words
        .iter()
        .position(|w| PREPOSITIONS.contains(&w.to_lowercase().as_str()))
        .unwrap_or(words.len())
        .saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| match i {
            _ if i == head => singular_word(w),
            _ if i < head => singular_adjective(w),
            _ => (*w).to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn singular_word(word: &str) -> String {
    let chars = word.chars().count();
    let stem = |n: usize| word.chars().take(chars - n).collect::<String>();
    if chars > 4 && (word.ends_with("ar") || word.ends_with("er")) {
        stem(2)
    } else if chars > 4 && word.ends_with("or") {
        format!("{}a", stem(2))
    } else if chars > 4 && word.ends_with("en") && stem(1).ends_with('e') {
        stem(1)
    } else {
        word.to_owned()
    }
}

fn singular_adjective(word: &str) -> String {
    let chars = word.chars().count();
    if chars > 4 && (word.ends_with("ade") || word.ends_with("iga")) {
        word.chars().take(chars - 1).collect()
    } else {
        word.to_owned()
    }
}

type Table<'i> = DeTable<'i>;

/// A table with its keys folded, remembering spans for messages.
struct Entries<'a, 'i> {
    map: HashMap<String, &'a Spanned<DeValue<'i>>>,
    /// Where each key is written, for messages about the key itself.
    keys: HashMap<String, Range<usize>>,
    /// Where the table starts, for "missing key" messages.
    span: Range<usize>,
    /// What the table is, for messages ("a promise", "a target").
    what: &'static str,
}

impl<'a, 'i> Entries<'a, 'i> {
    fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.map.get(key).copied()
    }
}

struct Reader<'t> {
    file: &'t str,
    text: &'t str,
    diagnostics: Vec<Diagnostic>,
}

impl<'t> Reader<'t> {
    fn finish(mut self, agreement: Option<Agreement>) -> Parsed {
        self.diagnostics.sort_by(|a, b| {
            a.location
                .cmp(&b.location)
                .then(a.severity.cmp(&b.severity))
        });
        let has_errors = crate::diag::has_errors(&self.diagnostics);
        Parsed {
            agreement: if has_errors { None } else { agreement },
            diagnostics: self.diagnostics,
        }
    }

    fn at(&self, span: &Range<usize>) -> Location {
        Location::at_offset(self.file, self.text, span.start)
    }

    fn error(
        &mut self,
        code: &'static str,
        message: impl Into<String>,
        span: &Range<usize>,
    ) -> &mut Diagnostic {
        let location = self.at(span);
        self.diagnostics.push(
            Diagnostic::error(code, message)
                .at(location)
                .span(span.clone()),
        );
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// Folds the keys of `table`, reporting unknown and doubled ones.
    fn entries<'a, 'i>(
        &mut self,
        table: &'a Table<'i>,
        span: Range<usize>,
        known: &[&str],
        what: &'static str,
    ) -> Entries<'a, 'i> {
        let mut map = HashMap::new();
        let mut keys = HashMap::new();
        for (key, value) in table.iter() {
            let folded = fold_key(key.get_ref());
            if !known.contains(&folded.as_str()) {
                let mut d = Diagnostic::error(
                    "unknown-key",
                    format!("unknown key \"{}\" in {what}", key.get_ref()),
                )
                .at(self.at(&key.span()))
                .span(key.span());
                d = match nearest(&folded, known.iter().copied()) {
                    Some(near) => d.hint(format!("did you mean \"{near}\"?")),
                    None => d.hint(format!("known keys: {}", known.join(", "))),
                };
                self.diagnostics.push(d);
                continue;
            }
            keys.insert(folded.clone(), key.span());
            if map.insert(folded.clone(), value).is_some() {
                self.error(
                    "duplicate-key",
                    format!("the key \"{folded}\" is given twice in {what}"),
                    &key.span(),
                );
            }
        }
        Entries {
            map,
            keys,
            span,
            what,
        }
    }

    fn missing(&mut self, entries: &Entries<'_, '_>, key: &str) {
        let what = entries.what;
        let span = entries.span.clone();
        self.error(
            "missing-key",
            format!("{what} needs the key \"{key}\""),
            &span,
        )
        .hint = Some("see docs/promise-file.md".to_owned());
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Spanned<DeValue<'_>>) {
        let found = value.get_ref().type_str();
        let span = value.span();
        let d = self.error("wrong-type", format!("\"{key}\" must be {expected}"), &span);
        d.found = Some(found.to_owned());
        d.expected = Some(expected.to_owned());
    }

    fn string(&mut self, entries: &Entries<'_, '_>, key: &str, required: bool) -> Option<String> {
        let Some(value) = entries.get(key) else {
            if required {
                self.missing(entries, key);
            }
            return None;
        };
        match value.get_ref().as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(_) => {
                if required {
                    self.error(
                        "empty-value",
                        format!("\"{key}\" must not be empty"),
                        &value.span(),
                    );
                }
                None
            }
            None => {
                self.wrong_type(key, "text in \"quotes\"", value);
                None
            }
        }
    }

    fn strings(&mut self, entries: &Entries<'_, '_>, key: &str) -> Vec<Spanned<String>> {
        let Some(value) = entries.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::String(s) => vec![Spanned::new(value.span(), s.trim().to_owned())],
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref().as_str() {
                        Some(s) => out.push(Spanned::new(item.span(), s.trim().to_owned())),
                        None => self.wrong_type(key, "a list of texts", item),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(key, "a list of texts, [\"…\", \"…\"]", value);
                Vec::new()
            }
        }
    }

    /// The locations of a list's items, for [`Written`].
    fn locations(&self, items: &[Spanned<String>]) -> Vec<Location> {
        items.iter().map(|i| self.at(&i.span())).collect()
    }

    /// `enhet`: one word, taken as the plural (its singular guessed), or
    /// `[singular, plural]`. Returns (plural, singular).
    fn noun(&mut self, entries: &Entries<'_, '_>) -> (Option<String>, Option<String>) {
        let Some(value) = entries.get("enhet") else {
            return (None, None);
        };
        if value.get_ref().as_str().is_some() {
            let plural = self.string(entries, "enhet", false);
            let singular = plural.as_deref().map(singular_of);
            return (plural, singular);
        }
        let words: Vec<String> = self
            .strings(entries, "enhet")
            .into_iter()
            .map(Spanned::into_inner)
            .filter(|w| !w.is_empty())
            .collect();
        match words.as_slice() {
            [one] => (Some(one.clone()), Some(singular_of(one))),
            [singular, plural] => (Some(plural.clone()), Some(singular.clone())),
            _ => {
                if value.get_ref().is_array() {
                    let span = value.span();
                    self.error(
                        "bad-value",
                        "\"enhet\" is one word (the plural), or the singular and the plural",
                        &span,
                    )
                    .hint = Some("enhet = [\"insats\", \"insatser\"]".to_owned());
                }
                (None, None)
            }
        }
    }

    fn number(&mut self, entries: &Entries<'_, '_>, key: &str, required: bool) -> Option<f64> {
        let Some(value) = entries.get(key) else {
            if required {
                self.missing(entries, key);
            }
            return None;
        };
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match parsed {
            Some(n) if n.is_finite() && n >= 0.0 => Some(n),
            Some(_) => {
                let span = value.span();
                self.error("bad-number", format!("\"{key}\" must be 0 or more"), &span);
                None
            }
            None => {
                self.wrong_type(key, "a number", value);
                None
            }
        }
    }

    fn date(&mut self, entries: &Entries<'_, '_>, key: &str, required: bool) -> Option<NaiveDate> {
        let Some(value) = entries.get(key) else {
            if required {
                self.missing(entries, key);
            }
            return None;
        };
        let date = match value.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                }
                _ => None,
            },
            DeValue::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if date.is_none() {
            let span = value.span();
            let d = self.error("bad-date", format!("\"{key}\" must be a date"), &span);
            d.expected = Some("a date such as 2024-02-29".to_owned());
        }
        date
    }

    fn table<'a, 'i>(
        &mut self,
        value: &'a Spanned<DeValue<'i>>,
        key: &str,
    ) -> Option<&'a Table<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, "a table, { … } or [section]", value);
                None
            }
        }
    }

    /// Tables of an array of tables (`[[lofte]]`), or of an inline array.
    fn tables<'a, 'i>(
        &mut self,
        entries: &Entries<'a, 'i>,
        key: &str,
    ) -> Vec<(&'a Table<'i>, Range<usize>)> {
        let Some(value) = entries.get(key) else {
            return Vec::new();
        };
        let items: &DeArray<'i> = match value.get_ref() {
            DeValue::Array(items) => items,
            DeValue::Table(t) => return vec![(t, value.span())],
            _ => {
                self.wrong_type(key, "a list of tables, [[…]]", value);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items.iter() {
            if let Some(t) = self.table(item, key) {
                out.push((t, item.span()));
            }
        }
        out
    }

    fn range(&mut self, entries: &Entries<'_, '_>, what: &str) -> Option<Option<DateRange>> {
        let from = self.date(entries, "fran", false);
        let to = self.date(entries, "till", false);
        let fail = entries.get("fran").is_some() && from.is_none()
            || entries.get("till").is_some() && to.is_none();
        if fail {
            return None;
        }
        match (from, to) {
            (None, None) => Some(None),
            (from, to) => {
                let from = from.unwrap_or(NaiveDate::MIN);
                let to = to.unwrap_or(NaiveDate::MAX);
                match DateRange::new(from, to) {
                    Some(r) => Some(Some(r)),
                    None => {
                        let span = entries
                            .get("till")
                            .map_or(entries.span.clone(), |v| v.span());
                        self.error(
                            "range-reversed",
                            format!("{what} ends before it starts"),
                            &span,
                        )
                        .hint = Some("\"till\" must not be before \"fran\"".to_owned());
                        None
                    }
                }
            }
        }
    }

    fn agreement(
        &mut self,
        root: &Table<'_>,
        span: Range<usize>,
        base: &Path,
    ) -> Option<Agreement> {
        let top = self.entries(root, span.start..span.start, TOP_KEYS, "the promise file");
        let kommun = self.string(&top, "kommun", true);
        let police_area = self.string(&top, "lokalpolisomrade", true);
        let title = self.string(&top, "rubrik", false);
        let diarienummer = self.string(&top, "diarienummer", false);

        let period = match top.get("period") {
            None => {
                self.missing(&top, "period");
                None
            }
            Some(value) => self.table(value, "period").and_then(|t| {
                let entries = self.entries(t, value.span(), PERIOD_KEYS, "the period");
                let from = self.date(&entries, "fran", true);
                let to = self.date(&entries, "till", true);
                let (from, to) = (from?, to?);
                let range = DateRange::new(from, to);
                if range.is_none() {
                    let span = entries.get("till").map_or(value.span(), |v| v.span());
                    self.error(
                        "range-reversed",
                        "the agreement period ends before it starts",
                        &span,
                    )
                    .hint = Some("\"till\" must not be before \"fran\"".to_owned());
                }
                range
            }),
        };

        let deadline = top.get("uppfoljning").and_then(|value| {
            let t = self.table(value, "uppfoljning")?;
            let entries = self.entries(t, value.span(), DEADLINE_KEYS, "the follow-up deadline");
            let text = self.string(&entries, "text", true);
            let date = self.date(&entries, "datum", true);
            Some(Deadline {
                text: text?,
                date: date?,
            })
        });

        let logs = self
            .strings(&top, "loggar")
            .into_iter()
            .map(|s| base.join(s.get_ref()))
            .collect();

        let date_order = top.get("datumordning").and_then(|value| {
            match value.get_ref().as_str().map(fold_key).as_deref() {
                Some("dag_manad") => Some(DateOrder::DayMonth),
                Some("manad_dag") => Some(DateOrder::MonthDay),
                _ => {
                    let span = value.span();
                    self.error(
                        "bad-value",
                        "\"datumordning\" must be \"dag-manad\" or \"manad-dag\"",
                        &span,
                    );
                    None
                }
            }
        });

        let part_met = match top.get("delvis") {
            None => Some(0.5),
            Some(value) => match self.number(&top, "delvis", false) {
                Some(n) if n > 0.0 && n < 1.0 => Some(n),
                Some(_) => {
                    let span = value.span();
                    self.error(
                        "bad-number",
                        "\"delvis\" must lie between 0 and 1, such as 0.5",
                        &span,
                    );
                    None
                }
                None => None,
            },
        };

        let mut party_words = PartyWords::default();
        if let Some(value) = top.get("parter")
            && let Some(t) = self.table(value, "parter")
        {
            let entries = self.entries(t, value.span(), PARTY_KEYS, "parter");
            let words = |reader: &mut Self, key: &str| -> Vec<String> {
                reader
                    .strings(&entries, key)
                    .into_iter()
                    .map(Spanned::into_inner)
                    .filter(|w| !w.is_empty())
                    .collect()
            };
            party_words.police = words(self, "polisen");
            party_words.municipality = words(self, "kommunen");
        }

        let authors = self
            .strings(&top, "forfattare")
            .into_iter()
            .map(Spanned::into_inner)
            .collect();
        let recipients = self
            .strings(&top, "mottagare")
            .into_iter()
            .map(Spanned::into_inner)
            .collect();

        let mut signatories = Vec::new();
        for (t, span) in self.tables(&top, "undertecknare") {
            let entries = self.entries(t, span, SIGNATORY_KEYS, "a signatory");
            let name = self.string(&entries, "namn", true);
            let role = self.string(&entries, "roll", false);
            let party = self.string(&entries, "part", false);
            if let Some(name) = name {
                signatories.push(Signatory { name, role, party });
            }
        }

        let mut areas: Vec<FocusArea> = Vec::new();
        let mut area_spans: Vec<Range<usize>> = Vec::new();
        let area_tables = self.tables(&top, "fokusomrade");
        if area_tables.is_empty() && top.get("fokusomrade").is_none() {
            self.missing(&top, "fokusomrade");
        }
        for (t, span) in area_tables {
            let entries = self.entries(t, span.clone(), AREA_KEYS, "a focus area");
            let name = self.string(&entries, "namn", true);
            let id = self.string(&entries, "id", false);
            let description = self.string(&entries, "beskrivning", false);
            let Some(name) = name else { continue };
            let id = id.unwrap_or_else(|| name.clone());
            if let Some(first) = areas.iter().position(|a| a.id == id) {
                let first = self.at(&area_spans[first]);
                self.error(
                    "duplicate-id",
                    format!("two focus areas have the id \"{id}\""),
                    &span,
                )
                .related
                .push(crate::diag::Related {
                    label: "first here".to_owned(),
                    location: first,
                });
                continue;
            }
            areas.push(FocusArea {
                id,
                name,
                description,
            });
            area_spans.push(span);
        }

        let mut promises: Vec<Promise> = Vec::new();
        let mut promise_spans: Vec<Range<usize>> = Vec::new();
        let promise_tables = self.tables(&top, "lofte");
        if promise_tables.is_empty() && top.get("lofte").is_none() {
            self.missing(&top, "lofte");
        }
        for (t, span) in promise_tables {
            let Some(promise) = self.promise(t, span.clone(), &areas, period) else {
                continue;
            };
            if let Some(first) = promises.iter().position(|p| p.id == promise.id) {
                let first = self.at(&promise_spans[first]);
                let id = promise.id.clone();
                self.error(
                    "duplicate-id",
                    format!("two promises have the id \"{id}\""),
                    &span,
                )
                .related
                .push(crate::diag::Related {
                    label: "first here".to_owned(),
                    location: first,
                });
                continue;
            }
            promises.push(promise);
            promise_spans.push(span);
        }

        Some(Agreement {
            kommun: kommun?,
            police_area: police_area?,
            title,
            period: period?,
            deadline,
            diarienummer,
            signatories,
            authors,
            recipients,
            logs,
            date_order,
            part_met: part_met?,
            party_words,
            areas,
            promises,
        })
    }

    fn promise(
        &mut self,
        table: &Table<'_>,
        span: Range<usize>,
        areas: &[FocusArea],
        period: Option<DateRange>,
    ) -> Option<Promise> {
        let entries = self.entries(table, span.clone(), PROMISE_KEYS, "a promise");
        let id = self.string(&entries, "id", true);
        let text = self.string(&entries, "text", true);
        let responsible = self.string(&entries, "ansvarig", true);
        let partners = self
            .strings(&entries, "samverkan")
            .into_iter()
            .map(Spanned::into_inner)
            .collect();
        let (unit, unit_singular) = self.noun(&entries);
        let activities = self.strings(&entries, "aktiviteter");
        let aliases = self.strings(&entries, "alias");
        let mut written = Written::default();
        written.set("aktiviteter", self.locations(&activities));
        written.set("alias", self.locations(&aliases));
        let activities: Vec<String> = activities.into_iter().map(Spanned::into_inner).collect();
        let aliases: Vec<String> = aliases.into_iter().map(Spanned::into_inner).collect();
        let mut flag = |key: &str, default: bool| match entries.get(key) {
            None => default,
            Some(value) => match value.get_ref().as_bool() {
                Some(b) => b,
                None => {
                    self.wrong_type(key, "true or false", value);
                    default
                }
            },
        };
        let joint = flag("gemensamt", false);
        let merge_logs = flag("sla_samman", true);

        let area = match entries.get("fokusomrade") {
            None => {
                self.missing(&entries, "fokusomrade");
                None
            }
            Some(value) => match value.get_ref().as_str() {
                None => {
                    self.wrong_type("fokusomrade", "text in \"quotes\"", value);
                    None
                }
                Some(name) => {
                    let name = name.trim();
                    let found = areas.iter().position(|a| a.id == name || a.name == name);
                    if found.is_none() {
                        let mut d = Diagnostic::error(
                            "unknown-area",
                            format!("no focus area is called \"{name}\""),
                        )
                        .at(self.at(&value.span()))
                        .span(value.span())
                        .expected(format!(
                            "one of: {}",
                            areas
                                .iter()
                                .map(|a| a.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                        if let Some(near) = nearest(name, areas.iter().map(|a| a.id.as_str())) {
                            d = d.hint(format!("did you mean \"{near}\"?"));
                        }
                        self.diagnostics.push(d);
                    }
                    found
                }
            },
        };

        let valid = self.range(&entries, "the promise")?;
        if let (Some(valid), Some(period)) = (valid, period) {
            self.check_inside(&entries, valid, period, "the promise");
        }

        let mut targets = Vec::new();
        match entries.get("mal") {
            None => self.missing(&entries, "mal"),
            Some(value) => {
                let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
                    DeValue::Array(a) => a.iter().collect(),
                    DeValue::Table(_) => vec![value],
                    _ => {
                        self.wrong_type("mal", "a list of targets, [{ typ = \"…\", … }]", value);
                        Vec::new()
                    }
                };
                if items.is_empty() && value.get_ref().is_array() {
                    self.error(
                        "missing-target",
                        "a promise needs at least one target",
                        &value.span(),
                    )
                    .hint =
                        Some("a promise with no number has mal = [{ typ = \"text\" }]".to_owned());
                }
                for item in items {
                    if let Some(t) = self.table(item, "mal")
                        && let Some(target) = self.target(t, item.span(), period, valid)
                    {
                        targets.push(target);
                    }
                }
            }
        }

        let mut comments = Vec::new();
        for (t, span) in self.tables(&entries, "kommentar") {
            let c = self.entries(t, span, COMMENT_KEYS, "a comment");
            let window = match c.get("fonster") {
                None => None,
                Some(value) => match value.get_ref().as_str().map(parse_window_spec) {
                    Some(Some(w)) => w,
                    _ => {
                        let span = value.span();
                        self.error(
                            "bad-window",
                            "\"fonster\" must be a year (\"2023\"), a range (\"2022-01-01..2023-12-31\") or \"hela\"",
                            &span,
                        );
                        continue;
                    }
                },
            };
            if let (Some(w), Some(period), Some(value)) = (window, period, c.get("fonster"))
                && w.intersect(&period).is_none()
            {
                let span = value.span();
                let d = Diagnostic::warning(
                    "comment-outside-period",
                    format!(
                        "this comment belongs to {} – {}, outside the agreement period {} – {}: no report will show it",
                        w.from, w.to, period.from, period.to
                    ),
                )
                .at(self.at(&span))
                .span(span.clone())
                .hint("write the year the comment is about, within the period, or \"hela\"");
                self.diagnostics.push(d);
            }
            let comment = self.string(&c, "kommentar", false);
            let next_step = self.string(&c, "nasta_steg", false);
            comments.push(Comment {
                window,
                comment,
                next_step,
            });
        }

        let id = id?;
        let mut ids = vec![id.clone()];
        ids.extend(aliases);
        Some(Promise {
            id,
            area: area?,
            text: text?,
            responsible: responsible?,
            partners,
            matching: Matching {
                ids,
                activities,
                joint,
                merge_logs,
            },
            unit,
            unit_singular,
            valid,
            targets,
            comments,
            written,
        })
    }

    fn check_inside(
        &mut self,
        entries: &Entries<'_, '_>,
        inner: DateRange,
        period: DateRange,
        what: &str,
    ) {
        for (key, date) in [("fran", inner.from), ("till", inner.to)] {
            if let Some(value) = entries.get(key)
                && !period.contains(date)
            {
                let span = value.span();
                self.error(
                    "outside-period",
                    format!(
                        "{what} has a date outside the agreement period {} – {}",
                        period.from, period.to
                    ),
                    &span,
                )
                .found = Some(date.to_string());
            }
        }
    }

    fn period_unit(&mut self, entries: &Entries<'_, '_>, allowed: &[Period]) -> Option<Period> {
        let Some(value) = entries.get("per") else {
            self.missing(entries, "per");
            return None;
        };
        let unit = match value.get_ref().as_str().map(fold_key).as_deref() {
            Some("dag") => Some(Period::Day),
            Some("vecka") => Some(Period::Week),
            Some("manad") => Some(Period::Month),
            Some("kvartal") => Some(Period::Quarter),
            Some("ar") => Some(Period::Year),
            _ => None,
        };
        match unit {
            Some(u) if allowed.contains(&u) => Some(u),
            _ => {
                let names: Vec<&str> = allowed.iter().map(|p| period_name(*p)).collect();
                let span = value.span();
                let d = self.error(
                    "unknown-unit",
                    format!(
                        "unknown \"per\" for this target: {}",
                        value.get_ref().as_str().unwrap_or("?")
                    ),
                    &span,
                );
                d.expected = Some(format!("one of: {}", names.join(", ")));
                None
            }
        }
    }

    fn target(
        &mut self,
        table: &Table<'_>,
        span: Range<usize>,
        period: Option<DateRange>,
        promise_valid: Option<DateRange>,
    ) -> Option<Target> {
        let entries = self.entries(table, span, TARGET_KEYS, "a target");
        let kind_name = match entries.get("typ") {
            None => {
                self.missing(&entries, "typ");
                return None;
            }
            Some(value) => match value.get_ref().as_str().map(fold_key) {
                Some(k) if TARGET_TYPES.contains(&k.as_str()) => k,
                _ => {
                    let span = value.span();
                    let mut d = Diagnostic::error(
                        "unknown-target-type",
                        format!(
                            "unknown target type \"{}\"",
                            value.get_ref().as_str().unwrap_or_default()
                        ),
                    )
                    .at(self.at(&span))
                    .span(span.clone())
                    .expected(format!("one of: {}", TARGET_TYPES.join(", ")));
                    if let Some(s) = value.get_ref().as_str()
                        && let Some(near) = nearest(&fold_key(s), TARGET_TYPES.iter().copied())
                    {
                        d = d.hint(format!("did you mean \"{near}\"?"));
                    }
                    self.diagnostics.push(d);
                    return None;
                }
            },
        };
        let own = kind_keys(&kind_name);
        let mut stray: Vec<(&String, &Range<usize>)> = entries
            .keys
            .iter()
            .filter(|(k, _)| {
                !COMMON_TARGET_KEYS.contains(&k.as_str()) && !own.contains(&k.as_str())
            })
            .collect();
        stray.sort_by_key(|(_, span)| span.start);
        for (key, span) in &stray {
            let hint = kind_hint(&kind_name, key);
            let span = (*span).clone();
            self.error(
                "key-not-for-kind",
                format!("the key \"{key}\" does not belong to a \"{kind_name}\" target"),
                &span,
            )
            .hint = Some(hint);
        }
        if !stray.is_empty() {
            return None;
        }
        let all = [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::Year,
        ];
        let positive = |reader: &mut Self, key: &str, default: Option<f64>| -> Option<f64> {
            match (reader.number(&entries, key, default.is_none()), default) {
                (Some(n), _) if n > 0.0 => Some(n),
                (Some(_), _) => {
                    let span = entries.get(key).map_or(entries.span.clone(), |v| v.span());
                    reader.error(
                        "bad-number",
                        format!("\"{key}\" must be more than 0"),
                        &span,
                    );
                    None
                }
                (None, Some(d)) if entries.get(key).is_none() => Some(d),
                (None, _) => None,
            }
        };
        let kind = match kind_name.as_str() {
            "minst" => {
                let n = positive(self, "antal", None);
                let per = self.period_unit(&entries, &all);
                TargetKind::AtLeastPer { n: n?, per: per? }
            }
            "var" => {
                let n = positive(self, "antal", Some(1.0));
                let every = positive(self, "intervall", None);
                let per = self.period_unit(&entries, &[Period::Week, Period::Month]);
                let every = every?;
                if every.fract() != 0.0 || every > 520.0 {
                    let span = entries
                        .get("intervall")
                        .map_or(entries.span.clone(), |v| v.span());
                    self.error("bad-number", "\"intervall\" must be a whole number", &span);
                    return None;
                }
                TargetKind::EveryN {
                    n: n?,
                    every: every as u32,
                    per: per?,
                }
            }
            "snitt" => {
                let n = positive(self, "antal", None);
                let per = self.period_unit(&entries, &[Period::Day, Period::Week, Period::Month]);
                TargetKind::Average { n: n?, per: per? }
            }
            "totalt" => TargetKind::Total {
                n: positive(self, "antal", None)?,
            },
            "andel" => {
                let unit = match entries.get("per") {
                    None => {
                        self.missing(&entries, "per");
                        None
                    }
                    Some(value) => match value.get_ref().as_str().map(fold_key).as_deref() {
                        Some("dag") => Some(ShareUnit::Day),
                        Some("arbetspass") | Some("pass") => Some(ShareUnit::Shift),
                        _ => {
                            let span = value.span();
                            let d = self.error(
                                "unknown-unit",
                                "unknown \"per\" for a share target",
                                &span,
                            );
                            d.expected = Some("\"dag\" or \"arbetspass\"".to_owned());
                            None
                        }
                    },
                };
                let share = positive(self, "andel", Some(1.0));
                if let Some(s) = share
                    && s > 1.0
                {
                    let span = entries
                        .get("andel")
                        .map_or(entries.span.clone(), |v| v.span());
                    self.error(
                        "bad-number",
                        "\"andel\" is a share between 0 and 1, such as 0.8",
                        &span,
                    );
                    return None;
                }
                TargetKind::Share {
                    share: share?,
                    unit: unit?,
                }
            }
            "trend" => {
                let direction = match entries.get("riktning") {
                    None => {
                        self.missing(&entries, "riktning");
                        None
                    }
                    Some(value) => match value.get_ref().as_str().map(fold_key).as_deref() {
                        Some("oka") => Some(Direction::Increase),
                        Some("minska") => Some(Direction::Decrease),
                        _ => {
                            let span = value.span();
                            let d = self.error(
                                "bad-value",
                                "\"riktning\" must be \"öka\" or \"minska\"",
                                &span,
                            );
                            d.expected = Some("\"öka\" or \"minska\"".to_owned());
                            None
                        }
                    },
                };
                let baseline = match entries.get("baslinje") {
                    None => Some(None),
                    Some(value) => self.table(value, "baslinje").and_then(|t| {
                        let b = self.entries(t, value.span(), BASELINE_KEYS, "a baseline");
                        let v = self.number(&b, "varde", true)?;
                        Some(Some(Baseline {
                            value: v,
                            period: self.string(&b, "period", false),
                            source: self.string(&b, "kalla", false),
                        }))
                    }),
                };
                TargetKind::Trend {
                    direction: direction?,
                    baseline: baseline?,
                }
            }
            "per_plats" => {
                let n = positive(self, "antal", Some(1.0));
                let per = if entries.get("per").is_some() {
                    Some(self.period_unit(&entries, &all)?)
                } else {
                    None
                };
                let places: Vec<String> = self
                    .strings(&entries, "platser")
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect();
                match entries.get("platser") {
                    None => {
                        self.missing(&entries, "platser");
                        return None;
                    }
                    Some(value) if places.is_empty() => {
                        let span = value.span();
                        self.error(
                            "empty-value",
                            "\"platser\" is empty: a \"per_plats\" target needs at least one place",
                            &span,
                        )
                        .hint = Some(
                            "write the places as the Plats column writes them, platser = [\"Coop\", \"ICA\"]"
                                .to_owned(),
                        );
                        return None;
                    }
                    Some(_) => {}
                }
                TargetKind::PerPlace { n: n?, per, places }
            }
            _ => TargetKind::Text,
        };
        let valid = self.range(&entries, "the target")?;
        if let Some(valid) = valid {
            let outer = promise_valid.or(period);
            if let Some(outer) = outer {
                self.check_inside(&entries, valid, outer, "the target");
            }
        }
        let (unit, unit_singular) = self.noun(&entries);
        let activities = self.strings(&entries, "aktiviteter");
        let places = self.strings(&entries, "platser");
        let mut written = Written::default();
        written.set("aktiviteter", self.locations(&activities));
        written.set("platser", self.locations(&places));
        if let Some(value) = entries.get("kolumn") {
            written.set("kolumn", vec![self.at(&value.span())]);
        }
        Some(Target {
            kind,
            description: self.string(&entries, "beskrivning", false),
            unit,
            unit_singular,
            activities: activities.into_iter().map(Spanned::into_inner).collect(),
            quantity: self.string(&entries, "kolumn", false),
            valid,
            written,
        })
    }
}

fn period_name(p: Period) -> &'static str {
    match p {
        Period::Day => "dag",
        Period::Week => "vecka",
        Period::Month => "månad",
        Period::Quarter => "kvartal",
        Period::Year => "år",
    }
}

/// `"2023"`, `"2022-01-01..2023-12-31"` or `"hela"`; `Some(None)` is every
/// window.
fn parse_window_spec(s: &str) -> Option<Option<DateRange>> {
    let s = s.trim();
    if fold_key(s) == "hela" {
        return Some(None);
    }
    crate::agreement::parse_window(s).map(Some)
}

/// Parses a window as the command line and comments write it: a year
/// (`2023`), or `FROM..TO` where each end is a date or a year.
pub fn parse_window(s: &str) -> Option<DateRange> {
    let s = s.trim();
    if let Some((from, to)) = s.split_once("..") {
        let from = window_end(from.trim(), true)?;
        let to = window_end(to.trim(), false)?;
        return DateRange::new(from, to);
    }
    let from = window_end(s, true)?;
    let to = window_end(s, false)?;
    DateRange::new(from, to)
}

fn window_end(s: &str, start: bool) -> Option<NaiveDate> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let year: i32 = s.parse().ok()?;
        return if start {
            NaiveDate::from_ymd_opt(year, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, 12, 31)
        };
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
kommun = "Kalix"
lokalpolisomrade = "Östra Norrbotten"
period = { fran = 2022-01-01, till = 2023-12-31 }
loggar = ["logg.xlsx"]

[uppfoljning]
text = "En skriftlig uppföljning sammanställs senast februari 2024."
datum = 2024-02-29

[[fokusomrade]]
id = "narvaro"
namn = "Polisiär närvaro"

[[lofte]]
id = "K1"
fokusomrade = "narvaro"
text = "Minst fyra trafiksäkerhetsinsatser per år."
ansvarig = "Polisen"
mal = [{ typ = "minst", antal = 4, per = "år" }]

[[lofte.kommentar]]
fonster = "2023"
kommentar = "Bra."
"#;

    fn parse_str(text: &str) -> Parsed {
        parse(text, "loften.toml", Path::new("/x"))
    }

    #[test]
    fn reads_a_whole_agreement() {
        let parsed = parse_str(GOOD);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let a = parsed.agreement.unwrap();
        assert_eq!(a.kommun, "Kalix");
        assert_eq!(a.period.days(), 730);
        assert_eq!(a.logs, vec![Path::new("/x/logg.xlsx").to_path_buf()]);
        assert_eq!(
            a.deadline.unwrap().date,
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        let p = &a.promises[0];
        assert_eq!(p.matching.ids, vec!["K1"]);
        assert_eq!(
            p.targets[0].kind,
            TargetKind::AtLeastPer {
                n: 4.0,
                per: Period::Year
            }
        );
        assert_eq!(p.comments[0].window, parse_window("2023"));
    }

    fn only_error(text: &str) -> Diagnostic {
        let parsed = parse_str(text);
        assert!(parsed.agreement.is_none());
        let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        errors[0].clone()
    }

    #[test]
    fn unknown_key_points_at_it_and_suggests() {
        let d = only_error(&GOOD.replace("antal = 4", "antl = 4, antal = 4"));
        assert_eq!(d.code, "unknown-key");
        assert_eq!(d.hint.as_deref(), Some("did you mean \"antal\"?"));
        let line = GOOD.lines().position(|l| l.starts_with("mal =")).unwrap() + 1;
        assert_eq!(
            d.location.unwrap().place,
            crate::diag::Place::Line {
                line: line as u32,
                column: 25
            }
        );
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let text = GOOD
            .replace("per = \"år\"", "per = \"fortnight\"")
            .replace(
                "fran = 2022-01-01, till = 2023-12-31",
                "fran = 2023-01-01, till = 2022-12-31",
            )
            .replace("fokusomrade = \"narvaro\"", "fokusomrade = \"narvar\"");
        let parsed = parse_str(&text);
        let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"unknown-unit"), "{codes:?}");
        assert!(codes.contains(&"range-reversed"), "{codes:?}");
        assert!(codes.contains(&"unknown-area"), "{codes:?}");
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let d = only_error("kommun = \"Kalix\nx = 1\n");
        assert_eq!(d.code, "toml-syntax");
        assert!(matches!(
            d.location.unwrap().place,
            crate::diag::Place::Line { line: 1, .. }
        ));
    }

    #[test]
    fn duplicate_ids_name_both() {
        let twice = format!(
            "{GOOD}\n[[lofte]]\nid = \"K1\"\nfokusomrade = \"narvaro\"\ntext = \"x\"\nansvarig = \"Polisen\"\nmal = [{{ typ = \"text\" }}]\n"
        );
        let d = only_error(&twice);
        assert_eq!(d.code, "duplicate-id");
        assert_eq!(d.related.len(), 1);
    }

    #[test]
    fn target_outside_period_is_an_error() {
        let d = only_error(&GOOD.replace("per = \"år\" }", "per = \"år\", fran = 2021-06-01 }"));
        assert_eq!(d.code, "outside-period");
    }

    #[test]
    fn quoted_swedish_keys_are_accepted() {
        let text = GOOD.replace("lokalpolisomrade =", "\"lokalpolisområde\" =");
        let parsed = parse_str(&text);
        assert!(parsed.agreement.is_some(), "{:?}", parsed.diagnostics);
    }

    #[test]
    fn singular_of_the_units_in_the_samples() {
        for (plural, singular) in [
            ("trafiksäkerhetsinsatser", "trafiksäkerhetsinsats"),
            ("trygghetsvandringar", "trygghetsvandring"),
            ("kontroller", "kontroll"),
            ("tillfällen", "tillfälle"),
            ("möten", "möte"),
            ("riktade insatser", "riktad insats"),
            ("dagar med insats", "dag med insats"),
            ("insatser mot bilinbrott", "insats mot bilinbrott"),
            (
                "arbetspass med riktad patrullering",
                "arbetspass med riktad patrullering",
            ),
            ("klassrumsbesök", "klassrumsbesök"),
            ("sök med hund", "sök med hund"),
            ("gram", "gram"),
            ("tillsyner", "tillsyn"),
        ] {
            assert_eq!(singular_of(plural), singular, "{plural}");
        }
    }

    #[test]
    fn windows_parse() {
        let w = parse_window("2022-03-01..2023").unwrap();
        assert_eq!(w.from, NaiveDate::from_ymd_opt(2022, 3, 1).unwrap());
        assert_eq!(w.to, NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
        assert!(parse_window("2023..2022").is_none());
        assert!(parse_window("nonsense").is_none());
    }
}

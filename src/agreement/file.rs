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

use super::keyword::{Keyword, fold_key};
use super::model::*;
use crate::diag::{Code, Diagnostic, Errors, Location, Sink, Warned, nearest};
use crate::ingest::DateOrder;
use crate::ingest::cells::composed;

/// The outcome of reading a promise file: the agreement, or the errors
/// that stop it, with the warnings found either way (a period assumed
/// from the title, say).
pub type Parsed = Warned<Result<Agreement, Errors>>;

/// Parses `text`, the content of the promise file named `file` (for
/// messages) in folder `base` (log paths are resolved against it).
pub fn parse(text: &str, file: &str, base: &Path) -> Parsed {
    parse_with_sources(text, file, base).0
}

/// What reading the logs needs of a promise file: the logs it names and
/// its date order. Known even when the agreement as a whole is not (a
/// promise's target is wrong, say), so that one run can name the logs'
/// problems beside the promise file's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogSources {
    /// `loggar`, resolved against the promise file's folder.
    pub logs: Vec<std::path::PathBuf>,
    /// `datumordning`.
    pub date_order: Option<DateOrder>,
    /// `indikatorfil`, resolved against the promise file's folder.
    pub indicator_files: Vec<std::path::PathBuf>,
}

/// [`parse`], with the file's [`LogSources`]: `None` when the file is not
/// TOML or its `datumordning` is wrong (every date read without it could
/// be misread, so the logs are better not read at all).
pub fn parse_with_sources(text: &str, file: &str, base: &Path) -> (Parsed, Option<LogSources>) {
    let mut reader = Reader {
        file,
        text,
        diagnostics: Vec::new(),
        sources: None,
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let offset = error.span().map_or(0, |s| s.start);
            reader.diagnostics.push(
                Diagnostic::error(Code::TomlSyntax, "the promise file is not valid TOML")
                    .at(Location::at_offset(file, text, offset))
                    .span(error.span().unwrap_or(offset..offset))
                    .found(error.message().trim().to_owned())
                    .hint("see docs/promise-file.md for the layout; text values need \"quotes\""),
            );
        }
        return (reader.finish(None), None);
    }
    let span = root.span();
    let agreement = reader.agreement(root.get_ref(), span, base);
    let sources = reader.sources.take();
    (reader.finish(agreement), sources)
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
    "platsgrupper",
    // Agreements of other shapes, effects and indicators (parties.rs,
    // indicators.rs).
    "stadsdel",
    "effekter",
    "effekter_rubrik",
    "indikator",
    "indikatorfil",
    // Read by log_settings.rs.
    "kolumner",
    "max_antal_per_rad",
    "dolda_blad",
    "urval",
];
const PARTY_KEYS: &[&str] = &["polisen", "kommunen", "namn"];
const PERIOD_KEYS: &[&str] = &["fran", "till"];
const DEADLINE_KEYS: &[&str] = &["text", "datum"];
const SIGNATORY_KEYS: &[&str] = &["namn", "roll", "part"];
const AREA_KEYS: &[&str] = &["id", "namn", "beskrivning", "effekter"];
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

/// The kind of a target, as `typ` names it. Each kind takes its own keys
/// ([`TargetType::keys`]) beside the common ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TargetType {
    AtLeastPer,
    EveryN,
    Average,
    Total,
    Share,
    Trend,
    PerPlace,
    Requests,
    Coverage,
    Text,
}

impl Keyword for TargetType {
    const WORDS: &'static [(Self, &'static [&'static str])] = &[
        (TargetType::AtLeastPer, &["minst"]),
        (TargetType::EveryN, &["var"]),
        (TargetType::Average, &["snitt"]),
        (TargetType::Total, &["totalt"]),
        (TargetType::Share, &["andel"]),
        (TargetType::Trend, &["trend"]),
        (TargetType::PerPlace, &["per_plats"]),
        (TargetType::Requests, &["önskemål"]),
        (TargetType::Coverage, &["täckning"]),
        (TargetType::Text, &["text"]),
    ];
}

impl TargetType {
    /// The keys of this kind beyond the common ones. A key of another kind
    /// is an error, not ignored: `per` on a `totalt` target would otherwise
    /// be read as "per month" by the user and as "the whole window" by
    /// lofte.
    fn keys(self) -> &'static [&'static str] {
        match self {
            TargetType::AtLeastPer => &["antal", "per", "rakna", "inom"],
            TargetType::EveryN => &["antal", "intervall", "per", "rakna", "inom"],
            TargetType::Average => &["antal", "per", "inom"],
            TargetType::Total => &["antal", "rakna", "inom", "over"],
            TargetType::Share => &["per", "andel", "inom"],
            TargetType::Trend => &["riktning", "baslinje", "inom"],
            TargetType::PerPlace => &["antal", "platser", "per"],
            TargetType::Requests => &[
                "onskemal", "svar", "status", "besvarad", "andel", "inom", "over",
            ],
            TargetType::Coverage => &["av", "av_kolumn", "andel", "rakna", "inom", "over"],
            TargetType::Text => &[],
        }
    }
}

/// Every key a target may have, of any kind: the others are unknown. The
/// first ones in the order messages have always listed them.
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
    "rakna",
    "inom",
    "over",
    "onskemal",
    "svar",
    "status",
    "besvarad",
    "av",
    "av_kolumn",
];

/// What to write instead, for the mix-ups seen in real files.
fn kind_hint(kind: TargetType, key: &str) -> String {
    let name = kind.word();
    let takes = kind.keys();
    let own = if takes.is_empty() {
        format!("a \"{name}\" target takes no keys of its own")
    } else {
        format!("a \"{name}\" target takes {}", takes.join(", "))
    };
    let instead = match (kind, key) {
        (TargetType::Total, "per") => "; to judge every week, month or year, write typ = \"minst\"",
        (_, "intervall") => "; for \"var tredje vecka\", write typ = \"var\"",
        (TargetType::Text, "antal") => {
            "; a target with a number needs a typ that counts, such as \"totalt\" or \"minst\""
        }
        (_, "platser") => {
            "; to count at each place, write typ = \"per_plats\"; to count only at some places, write inom = [\"…\"]"
        }
        (_, "riktning") | (_, "baslinje") => "; for \"ska öka\", write typ = \"trend\"",
        (_, "over") => {
            "; only a total (totalt, önskemål, täckning) is judged over the agreement period"
        }
        _ => "",
    };
    format!("{own} (and beskrivning, enhet, aktiviteter, kolumn, fran, till){instead}")
}
const BASELINE_KEYS: &[&str] = &["varde", "period", "kalla"];
const COMMENT_KEYS: &[&str] = &["fonster", "kommentar", "nasta_steg"];
const PLACE_KEYS: &[&str] = &["namn", "fran", "till"];
/// What a Status column says of an answered request, when `besvarad` is not
/// given.
const ANSWERED: &[&str] = &["besvarad", "besvarat", "klar", "genomförd", "utförd", "ja"];

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
    /// Set as soon as `loggar` and `datumordning` are read, whatever
    /// comes after them.
    sources: Option<LogSources>,
}

impl<'t> Reader<'t> {
    fn finish(mut self, agreement: Option<Agreement>) -> Parsed {
        // In file order; at one place, the error before the warning.
        self.diagnostics.sort_by(|a, b| {
            a.location
                .cmp(&b.location)
                .then(a.severity.cmp(&b.severity))
        });
        let sink: Sink = self.diagnostics.into_iter().collect();
        match agreement {
            Some(agreement) => sink.finish(agreement),
            // Every path that gives up on the agreement has said why;
            // should one not, the run still stops with a reason.
            None => sink.stop(|| {
                Diagnostic::error(
                    Code::InvalidPromiseFile,
                    "the promise file could not be read as an agreement",
                )
                .at(Location::file(self.file))
                .hint("see docs/promise-file.md for the layout")
            }),
        }
    }

    fn at(&self, span: &Range<usize>) -> Location {
        Location::at_offset(self.file, self.text, span.start)
    }

    fn error(
        &mut self,
        code: Code,
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
        for (key, value) in super::keyword::in_file_order(table) {
            let folded = fold_key(key.get_ref());
            if !known.contains(&folded.as_str()) {
                let mut d = Diagnostic::error(
                    Code::UnknownKey,
                    format!("unknown key \"{}\" in {what}", key.get_ref()),
                )
                .at(self.at(&key.span()))
                .span(key.span())
                .subject(key.get_ref().to_string());
                d = match nearest(&folded, known.iter().copied()) {
                    Some(near) => d.did_you_mean(near),
                    None => d.hint(format!("known keys: {}", known.join(", "))),
                };
                self.diagnostics.push(d);
                continue;
            }
            keys.insert(folded.clone(), key.span());
            if map.insert(folded.clone(), value).is_some() {
                self.error(
                    Code::DuplicateKey,
                    format!("the key \"{folded}\" is given twice in {what}"),
                    &key.span(),
                )
                .set_subject(Some(key.get_ref().to_string()));
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
        let d = self.error(
            Code::MissingKey,
            format!("{what} needs the key \"{key}\""),
            &span,
        );
        d.hint = Some("see docs/promise-file.md".into());
        d.set_subject(Some(key.to_owned()));
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Spanned<DeValue<'_>>) {
        let found = value.get_ref().type_str();
        let span = value.span();
        let d = self.error(
            Code::WrongType,
            format!("\"{key}\" must be {expected}"),
            &span,
        );
        d.found = Some(found.to_owned());
        d.expected = Some(expected.to_owned());
        d.set_subject(Some(key.to_owned()));
    }

    fn string(&mut self, entries: &Entries<'_, '_>, key: &str, required: bool) -> Option<String> {
        let Some(value) = entries.get(key) else {
            if required {
                self.missing(entries, key);
            }
            return None;
        };
        match value.get_ref().as_str() {
            Some(s) if !s.trim().is_empty() => Some(composed(s.trim()).into_owned()),
            Some(_) => {
                if required {
                    self.error(
                        Code::EmptyValue,
                        format!("\"{key}\" must not be empty"),
                        &value.span(),
                    )
                    .set_subject(Some(key.to_owned()));
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
            DeValue::String(s) => vec![Spanned::new(value.span(), composed(s.trim()).into_owned())],
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref().as_str() {
                        Some(s) => {
                            out.push(Spanned::new(item.span(), composed(s.trim()).into_owned()))
                        }
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
                    let d = self.error(
                        Code::BadValue,
                        "\"enhet\" is one word (the plural), or the singular and the plural",
                        &span,
                    );
                    d.hint = Some("enhet = [\"insats\", \"insatser\"]".into());
                    d.set_subject(Some("enhet".to_owned()));
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
                self.error(
                    Code::BadNumber,
                    format!("\"{key}\" must be 0 or more"),
                    &span,
                )
                .set_subject(Some(key.to_owned()));
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
            let d = self.error(Code::BadDate, format!("\"{key}\" must be a date"), &span);
            d.expected = Some("a date such as 2024-02-29".to_owned());
            d.set_subject(Some(key.to_owned()));
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
                            Code::RangeReversed,
                            format!("{what} ends before it starts"),
                            &span,
                        )
                        .hint = Some("\"till\" must not be before \"fran\"".into());
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
        let district = self.string(&top, "stadsdel", false);
        let party_names = self.party_names(&top);
        // A city district's or a police-only agreement names no kommun.
        let kommun_required = district.is_none() && party_names.is_empty();
        let kommun = self.string(&top, "kommun", kommun_required);
        let police_area = self.string(&top, "lokalpolisomrade", true);
        let title = self.string(&top, "rubrik", false);
        let diarienummer = self.string(&top, "diarienummer", false);

        let deadline = top.get("uppfoljning").and_then(|value| {
            let t = self.table(value, "uppfoljning")?;
            let entries = self.entries(t, value.span(), DEADLINE_KEYS, "the follow-up deadline");
            let text = self.string(&entries, "text", true)?;
            let date = match entries.get("datum") {
                Some(_) => Some(self.date(&entries, "datum", true)?),
                None => self.assumed_deadline(&text, &value.span()),
            };
            Some(Deadline { text, date })
        });

        let period = match top.get("period") {
            None => self.assumed_period(
                &top.span,
                title.as_deref(),
                deadline.as_ref().and_then(|d| d.date),
            ),
            Some(value) => self.table(value, "period").and_then(|t| {
                let entries = self.entries(t, value.span(), PERIOD_KEYS, "the period");
                let from = self.date(&entries, "fran", true);
                let to = self.date(&entries, "till", true);
                let (from, to) = (from?, to?);
                let range = DateRange::new(from, to);
                if range.is_none() {
                    let span = entries.get("till").map_or(value.span(), |v| v.span());
                    self.error(
                        Code::RangeReversed,
                        "the agreement period ends before it starts",
                        &span,
                    )
                    .hint = Some("\"till\" must not be before \"fran\"".into());
                }
                range
            }),
        };

        let logs = self
            .strings(&top, "loggar")
            .into_iter()
            .map(|s| base.join(s.get_ref()))
            .collect::<Vec<_>>();

        let mut date_order_known = true;
        let date_order = top.get("datumordning").and_then(|value| {
            match value.get_ref().as_str().and_then(DateOrder::parse) {
                Some(order) => Some(order),
                None => {
                    let span = value.span();
                    self.error(
                        Code::BadValue,
                        "\"datumordning\" must be \"dag-manad\" or \"manad-dag\"",
                        &span,
                    )
                    .set_subject(Some("datumordning".to_owned()));
                    date_order_known = false;
                    None
                }
            }
        });
        self.sources = date_order_known.then(|| LogSources {
            logs: logs.clone(),
            date_order,
            indicator_files: Vec::new(),
        });

        let part_met = match top.get("delvis") {
            None => Some(0.5),
            Some(value) => match self.number(&top, "delvis", false) {
                Some(n) if n > 0.0 && n < 1.0 => Some(n),
                Some(_) => {
                    let span = value.span();
                    self.error(
                        Code::BadNumber,
                        "\"delvis\" must lie between 0 and 1, such as 0.5",
                        &span,
                    )
                    .set_subject(Some("delvis".to_owned()));
                    None
                }
                None => None,
            },
        };

        let mut party_words = PartyWords::default();
        if let Some(value) = top.get("parter")
            && !value.get_ref().is_array()
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
            let effects = self.texts(&entries, "effekter");
            let Some(name) = name else { continue };
            let id = id.unwrap_or_else(|| name.clone());
            if let Some(first) = areas.iter().position(|a| a.id == id) {
                let first = self.at(&area_spans[first]);
                let d = self.error(
                    Code::DuplicateId,
                    format!("two focus areas have the id \"{id}\""),
                    &span,
                );
                d.related.push(crate::diag::Related {
                    label: "first here".into(),
                    location: first,
                });
                d.set_subject(Some(id));
                continue;
            }
            areas.push(FocusArea {
                id,
                name,
                description,
                effects,
            });
            area_spans.push(span);
        }

        let mut groups = PlaceGroups(Vec::new());
        if let Some(value) = top.get("platsgrupper")
            && let Some(t) = self.table(value, "platsgrupper")
        {
            for (name, places) in t.iter() {
                let name = name.get_ref().trim().to_owned();
                let e = Entries {
                    map: HashMap::from([(name.clone(), places)]),
                    keys: HashMap::new(),
                    span: value.span(),
                    what: "a group of places",
                };
                let places: Vec<String> = self
                    .strings(&e, &name)
                    .into_iter()
                    .map(Spanned::into_inner)
                    .filter(|p| !p.is_empty())
                    .collect();
                if places.is_empty() {
                    let span = places_span(&e, &name);
                    let d = self.error(
                        Code::EmptyValue,
                        format!("the group of places \"{name}\" is empty"),
                        &span,
                    );
                    d.hint = Some(
                        format!("{name} = [\"…\", \"…\"], as the Plats column writes them").into(),
                    );
                    d.set_subject(Some(name.clone()));
                }
                groups.0.push((name, places));
            }
        }

        let mut promises: Vec<Promise> = Vec::new();
        let mut promise_spans: Vec<Range<usize>> = Vec::new();
        let promise_tables = self.tables(&top, "lofte");
        if promise_tables.is_empty() && top.get("lofte").is_none() {
            self.missing(&top, "lofte");
        }
        for (t, span) in promise_tables {
            let Some(promise) = self.promise(t, span.clone(), &areas, period, &groups) else {
                continue;
            };
            // An id or alias that another promise's id or alias is, with
            // case and spaces ignored as the log's ids are: a row would
            // count toward both.
            let clash = promises.iter().enumerate().find_map(|(k, p)| {
                promise.matching.ids.iter().find_map(|mine| {
                    p.matching
                        .ids
                        .iter()
                        .find(|theirs| super::same_id(theirs, mine))
                        .map(|theirs| (k, mine.clone(), theirs.clone(), p.id.clone()))
                })
            });
            if let Some((first, mine, theirs, other)) = clash {
                let first = self.at(&promise_spans[first]);
                let id = promise.id;
                let message = if mine == id && theirs == other && id == other {
                    format!("two promises have the id \"{id}\"")
                } else {
                    format!(
                        "the promise \"{id}\" answers to \"{mine}\", and so does \"{other}\" (as \"{theirs}\"): a row of either would count toward both"
                    )
                };
                let d = self.error(Code::DuplicateId, message, &span);
                d.related.push(crate::diag::Related {
                    label: "first here".into(),
                    location: first,
                });
                d.set_subject(Some(id));
                continue;
            }
            promises.push(promise);
            promise_spans.push(span);
        }

        let parties = Parties {
            list: if party_names.is_empty() {
                super::parties::default_parties(kommun.as_deref(), district.as_deref())
            } else {
                party_names
            },
            district,
        };
        let effects = Effects {
            heading: self.string(&top, "effekter_rubrik", false),
            list: self.texts(&top, "effekter"),
        };
        let indicator_files: Vec<_> = self
            .strings(&top, "indikatorfil")
            .into_iter()
            .map(|s| base.join(s.get_ref()))
            .collect();
        if let Some(sources) = &mut self.sources {
            sources.indicator_files.clone_from(&indicator_files);
        }
        let (indicators, problems) =
            super::indicators::inline_indicators(self.text, self.file, &areas);
        self.diagnostics.extend(problems);

        Some(Agreement {
            kommun,
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
            parties,
            effects,
            indicators,
            indicator_files,
        })
    }

    fn promise(
        &mut self,
        table: &Table<'_>,
        span: Range<usize>,
        areas: &[FocusArea],
        period: Option<DateRange>,
        groups: &PlaceGroups,
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
                        let d = super::indicators::unknown_area(name, areas)
                            .at(self.at(&value.span()))
                            .span(value.span());
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
                        Code::MissingTarget,
                        "a promise needs at least one target",
                        &value.span(),
                    )
                    .hint = Some("a promise with no number has mal = [{ typ = \"text\" }]".into());
                }
                for item in items {
                    if let Some(t) = self.table(item, "mal")
                        && let Some(target) = self.target(t, item.span(), period, valid, groups)
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
                            Code::BadWindow,
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
                    Code::CommentOutsidePeriod,
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
                    Code::OutsidePeriod,
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
        match value.get_ref().as_str().and_then(Period::parse) {
            Some(u) if allowed.contains(&u) => Some(u),
            _ => {
                let names: Vec<&str> = allowed.iter().map(|p| p.word()).collect();
                let span = value.span();
                let d = self.error(
                    Code::UnknownUnit,
                    format!(
                        "unknown \"per\" for this target: {}",
                        value.get_ref().as_str().unwrap_or("?")
                    ),
                    &span,
                );
                d.expected = Some(format!("one of: {}", names.join(", ")));
                d.set_subject(value.get_ref().as_str().map(str::to_owned));
                None
            }
        }
    }

    /// An optional keyword such as `rakna` or `over`: `Some(default)` when
    /// absent, `None` (and an error) when it names no allowed value.
    fn keyword<K: Keyword>(
        &mut self,
        entries: &Entries<'_, '_>,
        key: &str,
        default: K,
        allowed: &[K],
    ) -> Option<K> {
        let Some(value) = entries.get(key) else {
            return Some(default);
        };
        match value.get_ref().as_str().and_then(K::parse) {
            Some(k) if allowed.contains(&k) => Some(k),
            _ => {
                let names: Vec<String> = allowed
                    .iter()
                    .map(|k| format!("\"{}\"", k.word()))
                    .collect();
                let span = value.span();
                let d = self.error(
                    Code::BadValue,
                    format!("\"{key}\" must be {}", crate::diag::listed(&names, "or")),
                    &span,
                );
                d.expected = Some(format!("one of: {}", names.join(", ")));
                d.set_subject(Some(key.to_owned()));
                None
            }
        }
    }

    /// A keyword a target cannot do without, such as a share's `per` or a
    /// trend's `riktning`: missing, or naming no value, is an error with
    /// `code` and `message`, the values it may take as what is expected.
    fn required_keyword<K: Keyword>(
        &mut self,
        entries: &Entries<'_, '_>,
        key: &str,
        code: Code,
        message: &str,
    ) -> Option<K> {
        let Some(value) = entries.get(key) else {
            self.missing(entries, key);
            return None;
        };
        if let Some(k) = value.get_ref().as_str().and_then(K::parse) {
            return Some(k);
        }
        let names: Vec<String> = K::words().iter().map(|w| format!("\"{w}\"")).collect();
        let span = value.span();
        let d = self.error(code, message, &span);
        d.expected = Some(crate::diag::listed(&names, "or"));
        d.set_subject(Some(key.to_owned()));
        None
    }

    /// A share between 0 and 1 (`andel`), 1 when absent.
    fn share(&mut self, entries: &Entries<'_, '_>) -> Option<f64> {
        let Some(value) = entries.get("andel") else {
            return Some(1.0);
        };
        let share = self.number(entries, "andel", false)?;
        if share <= 0.0 || share > 1.0 {
            let span = value.span();
            self.error(
                Code::BadNumber,
                "\"andel\" is a share between 0 and 1, such as 0.8",
                &span,
            )
            .set_subject(Some("andel".to_owned()));
            return None;
        }
        Some(share)
    }

    /// `inom`: places and names of `[platsgrupper]`, as one restriction.
    fn within(
        &mut self,
        entries: &Entries<'_, '_>,
        groups: &PlaceGroups,
    ) -> Option<Option<PlaceFilter>> {
        let Some(value) = entries.get("inom") else {
            return Some(None);
        };
        let items = self.strings(entries, "inom");
        if items.iter().all(|i| i.get_ref().is_empty()) {
            let span = value.span();
            let d = self.error(
                Code::EmptyValue,
                "\"inom\" is empty: name the places, or a group of [platsgrupper]",
                &span,
            );
            d.hint = Some("inom = [\"Svanstein\", \"Juoksengi\"] or inom = \"byar\"".into());
            d.set_subject(Some("inom".to_owned()));
            return None;
        }
        let mut places = Vec::new();
        let mut names = Vec::new();
        for item in &items {
            let item = item.get_ref();
            match groups.get(item) {
                Some(members) => places.extend(members.iter().cloned()),
                None => places.push(item.clone()),
            }
            names.push(item.clone());
        }
        Some(Some(PlaceFilter {
            name: names.join(", "),
            places,
        }))
    }

    /// `platser` of a per-place target: names, groups of `[platsgrupper]`,
    /// or `{ namn, fran, till }` for a place in force part of the time.
    /// Returns the places, their dates and where each was written.
    fn per_places(
        &mut self,
        entries: &Entries<'_, '_>,
        groups: &PlaceGroups,
        outer: Option<DateRange>,
    ) -> Option<(Vec<String>, PlaceDates, Vec<Location>)> {
        let Some(value) = entries.get("platser") else {
            self.missing(entries, "platser");
            return None;
        };
        let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            DeValue::String(_) => vec![value],
            _ => {
                self.wrong_type("platser", "a list of places, [\"…\", \"…\"]", value);
                return None;
            }
        };
        let mut places = Vec::new();
        let mut dates = PlaceDates::new();
        let mut at = Vec::new();
        let mut ok = true;
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => {
                    let name = s.trim().to_owned();
                    let members = groups.get(&name).cloned().unwrap_or_else(|| vec![name]);
                    for m in members {
                        places.push(m);
                        at.push(self.at(&item.span()));
                    }
                }
                DeValue::Table(t) => {
                    let e = self.entries(t, item.span(), PLACE_KEYS, "a place");
                    let name = self.string(&e, "namn", true);
                    let valid = self.range(&e, "the place");
                    if let (Some(Some(v)), Some(outer)) = (valid, outer) {
                        self.check_inside(&e, v, outer, "the place");
                    }
                    match (name, valid) {
                        (Some(name), Some(valid)) => {
                            if let Some(v) = valid {
                                dates.insert(name.clone(), v);
                            }
                            places.push(name);
                            at.push(self.at(&item.span()));
                        }
                        _ => ok = false,
                    }
                }
                _ => {
                    self.wrong_type(
                        "platser",
                        "a place, \"…\" or { namn = \"…\", fran = … }",
                        item,
                    );
                    ok = false;
                }
            }
        }
        if ok && places.is_empty() {
            let span = value.span();
            let d = self.error(
                Code::EmptyValue,
                "\"platser\" is empty: a \"per_plats\" target needs at least one place",
                &span,
            );
            d.hint = Some(
                "write the places as the Plats column writes them, platser = [\"Coop\", \"ICA\"]"
                    .into(),
            );
            d.set_subject(Some("platser".to_owned()));
            return None;
        }
        ok.then_some((places, dates, at))
    }

    /// How a request target tells answered requests: `onskemal` and `svar`
    /// (two activity types), or `status` (a column) with `besvarad`.
    fn answers(&mut self, entries: &Entries<'_, '_>) -> Option<Answers> {
        let words = |reader: &mut Self, key: &str| -> Vec<String> {
            reader
                .strings(entries, key)
                .into_iter()
                .map(Spanned::into_inner)
                .filter(|w| !w.is_empty())
                .collect()
        };
        let requests = words(self, "onskemal");
        let answers = words(self, "svar");
        let column = self.string(entries, "status", false);
        let answered = words(self, "besvarad");
        let hint = "write onskemal = [\"…\"] and svar = [\"…\"] (the activity types of a request and of its answer), or status = \"Status\" (a column saying which requests were answered)";
        match column {
            Some(column) => {
                if let Some((key, value)) = ["onskemal", "svar"]
                    .into_iter()
                    .find_map(|key| entries.get(key).map(|value| (key, value)))
                {
                    let span = value.span();
                    let d = self.error(
                        Code::BadValue,
                        "a request target counts by activity types or by a status column, not both",
                        &span,
                    );
                    d.hint = Some(hint.into());
                    d.set_subject(Some(key.to_owned()));
                    return None;
                }
                let answered = if answered.is_empty() {
                    ANSWERED.iter().map(|s| (*s).to_owned()).collect()
                } else {
                    answered
                };
                Some(Answers::Status { column, answered })
            }
            None => {
                if let Some(value) = entries.get("besvarad") {
                    let span = value.span();
                    let d = self.error(
                        Code::MissingKey,
                        "\"besvarad\" needs \"status\", the column it is read from",
                        &span,
                    );
                    d.hint = Some(hint.into());
                    d.set_subject(Some("status".to_owned()));
                    return None;
                }
                for (key, list) in [("onskemal", &requests), ("svar", &answers)] {
                    if list.is_empty() && entries.get(key).is_none() {
                        self.missing(entries, key);
                        let last = self.diagnostics.len() - 1;
                        self.diagnostics[last].hint = Some(hint.into());
                    }
                }
                (!requests.is_empty() && !answers.is_empty())
                    .then_some(Answers::Types { requests, answers })
            }
        }
    }

    fn target(
        &mut self,
        table: &Table<'_>,
        span: Range<usize>,
        period: Option<DateRange>,
        promise_valid: Option<DateRange>,
        groups: &PlaceGroups,
    ) -> Option<Target> {
        let entries = self.entries(table, span, TARGET_KEYS, "a target");
        let kind_name = match entries.get("typ") {
            None => {
                self.missing(&entries, "typ");
                return None;
            }
            Some(value) => match value.get_ref().as_str().and_then(TargetType::parse) {
                Some(k) => k,
                None => {
                    let span = value.span();
                    let words = TargetType::words();
                    let mut d = Diagnostic::error(
                        Code::UnknownTargetType,
                        format!(
                            "unknown target type \"{}\"",
                            value.get_ref().as_str().unwrap_or_default()
                        ),
                    )
                    .at(self.at(&span))
                    .span(span.clone())
                    .expected(format!("one of: {}", words.join(", ")));
                    if let Some(s) = value.get_ref().as_str() {
                        d = d.subject(s);
                    }
                    if let Some(s) = value.get_ref().as_str()
                        && let Some(near) = nearest(s.trim(), words.iter().copied())
                    {
                        d = d.did_you_mean(near);
                    }
                    self.diagnostics.push(d);
                    return None;
                }
            },
        };
        let own = kind_name.keys();
        let mut stray: Vec<(&String, &Range<usize>)> = entries
            .keys
            .iter()
            .filter(|(k, _)| {
                !COMMON_TARGET_KEYS.contains(&k.as_str()) && !own.contains(&k.as_str())
            })
            .collect();
        stray.sort_by_key(|(_, span)| span.start);
        for (key, span) in &stray {
            let hint = kind_hint(kind_name, key);
            let span = (*span).clone();
            let d = self.error(
                Code::KeyNotForKind,
                format!(
                    "the key \"{key}\" does not belong to a \"{}\" target",
                    kind_name.word()
                ),
                &span,
            );
            d.hint = Some(hint.into());
            d.set_subject(Some((*key).clone()));
        }
        if !stray.is_empty() {
            return None;
        }
        // The calendar units first, in the order messages have always
        // listed them.
        let all = [
            Period::Day,
            Period::Week,
            Period::Month,
            Period::Quarter,
            Period::Year,
            Period::HalfYear,
            Period::Term,
            Period::Weekend,
        ];
        let positive = |reader: &mut Self, key: &str, default: Option<f64>| -> Option<f64> {
            match (reader.number(&entries, key, default.is_none()), default) {
                (Some(n), _) if n > 0.0 => Some(n),
                (Some(_), _) => {
                    let span = entries.get(key).map_or(entries.span.clone(), |v| v.span());
                    reader
                        .error(
                            Code::BadNumber,
                            format!("\"{key}\" must be more than 0"),
                            &span,
                        )
                        .set_subject(Some(key.to_owned()));
                    None
                }
                (None, Some(d)) if entries.get(key).is_none() => Some(d),
                (None, _) => None,
            }
        };
        let outer = promise_valid.or(period);
        let mut place_at = Vec::new();
        let kind = match kind_name {
            TargetType::AtLeastPer => {
                let n = positive(self, "antal", None);
                let per = self.period_unit(&entries, &all);
                TargetKind::AtLeastPer { n: n?, per: per? }
            }
            TargetType::EveryN => {
                let n = positive(self, "antal", Some(1.0));
                let every = positive(self, "intervall", None);
                let per =
                    self.period_unit(&entries, &[Period::Week, Period::Weekend, Period::Month]);
                let every = every?;
                if every.fract() != 0.0 || every > 520.0 {
                    let span = entries
                        .get("intervall")
                        .map_or(entries.span.clone(), |v| v.span());
                    self.error(
                        Code::BadNumber,
                        "\"intervall\" must be a whole number",
                        &span,
                    )
                    .set_subject(Some("intervall".to_owned()));
                    return None;
                }
                TargetKind::EveryN {
                    n: n?,
                    every: every as u32,
                    per: per?,
                }
            }
            TargetType::Average => {
                let n = positive(self, "antal", None);
                let per = self.period_unit(&entries, &[Period::Day, Period::Week, Period::Month]);
                TargetKind::Average { n: n?, per: per? }
            }
            TargetType::Total => TargetKind::Total {
                n: positive(self, "antal", None)?,
            },
            TargetType::Share => {
                let unit: Option<ShareUnit> = self.required_keyword(
                    &entries,
                    "per",
                    Code::UnknownUnit,
                    "unknown \"per\" for a share target",
                );
                let share = self.share(&entries);
                TargetKind::Share {
                    share: share?,
                    unit: unit?,
                }
            }
            TargetType::Trend => {
                let direction: Option<Direction> = self.required_keyword(
                    &entries,
                    "riktning",
                    Code::BadValue,
                    "\"riktning\" must be \"öka\" or \"minska\"",
                );
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
            TargetType::PerPlace => {
                let n = positive(self, "antal", Some(1.0));
                let per = if entries.get("per").is_some() {
                    Some(self.period_unit(&entries, &all)?)
                } else {
                    None
                };
                let (places, place_valid, at) = self.per_places(&entries, groups, outer)?;
                place_at = at;
                TargetKind::PerPlace {
                    n: n?,
                    per,
                    places,
                    place_valid,
                }
            }
            TargetType::Requests => {
                let share = self.share(&entries);
                let answers = self.answers(&entries);
                TargetKind::Requests {
                    share: share?,
                    answers: answers?,
                }
            }
            TargetType::Coverage => {
                let share = self.share(&entries);
                let of = match (entries.get("av"), self.string(&entries, "av_kolumn", false)) {
                    (Some(value), Some(_)) => {
                        let span = value.span();
                        self.error(
                            Code::BadValue,
                            "write the whole as a number (av) or as a column (av_kolumn), not both",
                            &span,
                        )
                        .set_subject(Some("av".to_owned()));
                        None
                    }
                    (Some(_), None) => positive(self, "av", None).map(Denominator::Fixed),
                    (None, Some(column)) => Some(Denominator::Column(column)),
                    (None, None) => {
                        self.missing(&entries, "av");
                        let last = self.diagnostics.len() - 1;
                        self.diagnostics[last].hint = Some(
                            "write what the count is out of: av = 32 (\"32 klasser\"), or av_kolumn = \"…\" for a log column"
                                .into(),
                        );
                        None
                    }
                };
                TargetKind::Coverage {
                    share: share?,
                    of: of?,
                }
            }
            TargetType::Text => TargetKind::Text,
        };
        let counting = self.keyword(
            &entries,
            "rakna",
            Counting::Sum,
            &[
                Counting::Sum,
                Counting::Days,
                Counting::Weekends,
                Counting::Weeks,
                Counting::Places,
            ],
        )?;
        let scope = self.keyword(
            &entries,
            "over",
            Scope::Window,
            &[Scope::Window, Scope::Agreement],
        )?;
        let within = self.within(&entries, groups)?;
        let valid = self.range(&entries, "the target")?;
        if let Some(valid) = valid
            && let Some(outer) = outer
        {
            self.check_inside(&entries, valid, outer, "the target");
        }
        let (unit, unit_singular) = self.noun(&entries);
        let mut activities = self.strings(&entries, "aktiviteter");
        // A request target's rows are found by its two activity types when
        // it names no others.
        if activities.is_empty()
            && let TargetKind::Requests {
                answers: Answers::Types { requests, answers },
                ..
            } = &kind
        {
            let at = entries.get("onskemal").map_or(0..0, |v| v.span());
            activities = requests
                .iter()
                .chain(answers)
                .map(|a| Spanned::new(at.clone(), a.clone()))
                .collect();
        }
        let inom = self.strings(&entries, "inom");
        let mut written = Written::default();
        written.set("aktiviteter", self.locations(&activities));
        written.set("platser", place_at);
        written.set("inom", self.locations(&inom));
        // The keys naming a log column, for "no log has the column" messages.
        for key in ["kolumn", "status", "av_kolumn"] {
            if let Some(value) = entries.get(key) {
                written.set(key, vec![self.at(&value.span())]);
            }
        }
        Some(Target {
            kind,
            description: self.string(&entries, "beskrivning", false),
            unit,
            unit_singular,
            activities: activities.into_iter().map(Spanned::into_inner).collect(),
            quantity: self.string(&entries, "kolumn", false),
            valid,
            counting,
            scope,
            within,
            written,
        })
    }
}

fn places_span(e: &Entries<'_, '_>, name: &str) -> Range<usize> {
    e.get(name).map_or(e.span.clone(), |v| v.span())
}

/// Named groups of places, `[platsgrupper]`: group name → its places.
struct PlaceGroups(Vec<(String, Vec<String>)>);

impl PlaceGroups {
    /// The places of the group called `name` (case and accents ignored).
    fn get(&self, name: &str) -> Option<&Vec<String>> {
        let key = place_key(name);
        self.0
            .iter()
            .find(|(group, _)| place_key(group) == key)
            .map(|(_, places)| places)
    }
}

/// Agreements of other shapes (parties.rs): the parties listed, and the
/// period and deadline date assumed when the file states none.
impl Reader<'_> {
    /// A list of texts, empty ones dropped.
    fn texts(&mut self, entries: &Entries<'_, '_>, key: &str) -> Vec<String> {
        self.strings(entries, key)
            .into_iter()
            .map(Spanned::into_inner)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The parties `parter` lists: `parter = ["…", "…"]`, or `namn` in a
    /// `[parter]` table that also gives local words.
    fn party_names(&mut self, top: &Entries<'_, '_>) -> Vec<AgreementParty> {
        let Some(value) = top.get("parter") else {
            return Vec::new();
        };
        let names = match value.get_ref() {
            DeValue::Array(_) => self.texts(top, "parter"),
            DeValue::Table(t) => match t.iter().find(|(k, _)| fold_key(k.get_ref()) == "namn") {
                Some((_, list)) => match list.get_ref() {
                    DeValue::Array(items) => items
                        .iter()
                        .filter_map(|item| match item.get_ref().as_str() {
                            Some(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                            Some(_) => None,
                            None => {
                                self.wrong_type("namn", "a list of texts", item);
                                None
                            }
                        })
                        .collect(),
                    _ => {
                        self.wrong_type("namn", "a list of texts, [\"…\", \"…\"]", list);
                        Vec::new()
                    }
                },
                None => Vec::new(),
            },
            _ => Vec::new(),
        };
        names
            .into_iter()
            .map(|name| AgreementParty {
                side: super::parties::side_of(&name),
                name,
            })
            .collect()
    }

    /// The deadline date read from its text ("senast februari 2024"), with
    /// a warning saying so; `None` (and a warning) when the text names no
    /// month and year.
    fn assumed_deadline(&mut self, text: &str, span: &Range<usize>) -> Option<NaiveDate> {
        let at = self.at(span);
        let date = super::parties::deadline_in_text(text);
        let d = match date {
            Some(date) => Diagnostic::warning(
                Code::AssumedDeadline,
                format!("the follow-up has no \"datum\"; lofte takes {date}, the last day of the month its text names"),
            )
            .found(date.to_string())
            .hint(format!("write datum = {date} under [uppfoljning] if that is right")),
            None => Diagnostic::warning(
                Code::NoDeadlineDate,
                "the follow-up has no \"datum\" and its text names no month and year: the report quotes the text without a date",
            )
            .hint("write datum = 2024-02-29 under [uppfoljning] if the agreement gives a date"),
        };
        self.diagnostics.push(d.at(at));
        date
    }

    /// The agreement period when the file gives none: the years of the
    /// title, else the year the follow-up date reports on, each with a
    /// warning saying what was assumed; an error when neither names a year.
    fn assumed_period(
        &mut self,
        span: &Range<usize>,
        title: Option<&str>,
        deadline: Option<NaiveDate>,
    ) -> Option<DateRange> {
        let at = self.at(span);
        let write = "write the period as the agreement states it, period = { fran = 2023-01-01, till = 2023-12-31 }";
        let from_title = title.and_then(|t| super::parties::period_in_title(t).map(|p| (t, p)));
        let (period, reason) = match (from_title, deadline) {
            (Some((t, p)), _) => (p, format!("the years of the title \"{t}\"")),
            (None, Some(d)) => match super::parties::period_before_deadline(d) {
                Some(p) => (p, format!("the year a follow-up due {d} reports on")),
                None => return None,
            },
            (None, None) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::MissingKey,
                        "the promise file needs the key \"period\": neither the title (rubrik) nor the follow-up date (uppfoljning) names a year to assume",
                    )
                    .at(at)
                    .subject("period")
                    .hint(write),
                );
                return None;
            }
        };
        self.diagnostics.push(
            Diagnostic::warning(
                Code::AssumedPeriod,
                format!(
                    "the promise file gives no agreement period; lofte assumes {} – {}, {reason}",
                    period.from, period.to
                ),
            )
            .at(at)
            .found(format!("{} – {}", period.from, period.to))
            .hint(write),
        );
        Some(period)
    }
}

/// Per-place dates of a per-place target, by place name.
type PlaceDates = std::collections::BTreeMap<String, DateRange>;

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

    /// The logs of a promise file with errors are known, and read in the
    /// same run, unless how their dates are written is not.
    #[test]
    fn the_log_sources_are_known_beside_errors_unless_the_date_order_is_wrong() {
        let base = Path::new("/avtal");
        let broken = GOOD.replacen("kommun = \"Kalix\"", "kommun = 3", 1);
        let (parsed, sources) = parse_with_sources(&broken, "l.toml", base);
        assert!(parsed.output.is_err());
        assert_eq!(
            sources,
            Some(LogSources {
                logs: vec![base.join("logg.xlsx")],
                date_order: None,
                indicator_files: Vec::new(),
            })
        );
        let ordered = GOOD.replacen("loggar", "datumordning = \"manad-dag\"\nloggar", 1);
        let (parsed, sources) = parse_with_sources(&ordered, "l.toml", base);
        assert!(parsed.output.is_ok());
        assert_eq!(sources.unwrap().date_order, Some(DateOrder::MonthDay));
        let wrong = GOOD.replacen("loggar", "datumordning = \"vet ej\"\nloggar", 1);
        assert_eq!(parse_with_sources(&wrong, "l.toml", base).1, None);
        assert_eq!(parse_with_sources("kommun = \"X\n", "l.toml", base).1, None);
    }

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
        assert!(
            parsed.problems().next().is_none(),
            "{:?}",
            parsed.problems().collect::<Vec<_>>()
        );
        let a = parsed.output.unwrap();
        assert_eq!(a.kommun.as_deref(), Some("Kalix"));
        assert_eq!(a.period.days(), 730);
        assert_eq!(a.logs, vec![Path::new("/x/logg.xlsx").to_path_buf()]);
        assert_eq!(
            a.deadline.unwrap().date,
            NaiveDate::from_ymd_opt(2024, 2, 29)
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

    #[test]
    fn a_required_keyword_names_the_values_it_may_take() {
        let text = GOOD.replace(
            r#"mal = [{ typ = "minst", antal = 4, per = "år" }]"#,
            r#"mal = [{ typ = "andel", per = "timme" }, { typ = "trend", riktning = "upp" }, { typ = "trend" }]"#,
        );
        let parsed = parse_str(&text);
        let found: Vec<(&str, &str, Option<&str>)> = parsed
            .problems()
            .map(|d| (d.code.as_str(), d.message.as_str(), d.expected.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "unknown-unit",
                    "unknown \"per\" for a share target",
                    Some("\"dag\" or \"arbetspass\"")
                ),
                (
                    "bad-value",
                    "\"riktning\" must be \"öka\" or \"minska\"",
                    Some("\"öka\" or \"minska\"")
                ),
                ("missing-key", "a target needs the key \"riktning\"", None),
            ]
        );
    }

    #[test]
    fn a_list_of_choices_reads_as_words() {
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(crate::diag::listed(&names(&[]), "or"), "");
        assert_eq!(crate::diag::listed(&names(&["a"]), "or"), "a");
        assert_eq!(crate::diag::listed(&names(&["a", "b"]), "or"), "a or b");
        assert_eq!(
            crate::diag::listed(&names(&["a", "b", "c"]), "or"),
            "a, b or c"
        );
    }

    fn only_error(text: &str) -> Diagnostic {
        let parsed = parse_str(text);
        assert!(parsed.output.is_err());
        let errors: Vec<_> = parsed.problems().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        errors[0].clone()
    }

    #[test]
    fn unknown_key_points_at_it_and_suggests() {
        let d = only_error(&GOOD.replace("antal = 4", "antl = 4, antal = 4"));
        assert_eq!(d.code, Code::UnknownKey);
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
        let codes: Vec<_> = parsed.problems().map(|d| d.code).collect();
        assert!(codes.contains(&Code::UnknownUnit), "{codes:?}");
        assert!(codes.contains(&Code::RangeReversed), "{codes:?}");
        assert!(codes.contains(&Code::UnknownArea), "{codes:?}");
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let d = only_error("kommun = \"Kalix\nx = 1\n");
        assert_eq!(d.code, Code::TomlSyntax);
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
        assert_eq!(d.code, Code::DuplicateId);
        assert_eq!(d.related.len(), 1);
    }

    /// Regression: ids "K1" and "k 1", or an alias another promise's id
    /// or alias is, were accepted, and every such row counted toward two
    /// promises with exit 0.
    #[test]
    fn ids_and_aliases_alike_but_for_case_and_spaces_are_duplicates() {
        let second = |id: &str, alias: &str| {
            format!(
                "{GOOD}\n[[lofte]]\nid = \"{id}\"\n{alias}fokusomrade = \"narvaro\"\ntext = \"x\"\nansvarig = \"Polisen\"\nmal = [{{ typ = \"text\" }}]\n"
            )
        };
        for (text, message) in [
            (
                second("k 1", ""),
                "the promise \"k 1\" answers to \"k 1\", and so does \"K1\" (as \"K1\"): a row of either would count toward both",
            ),
            (
                second("K9", "alias = [\"K1\"]\n"),
                "the promise \"K9\" answers to \"K1\", and so does \"K1\" (as \"K1\"): a row of either would count toward both",
            ),
        ] {
            let d = only_error(&text);
            assert_eq!(d.code, Code::DuplicateId);
            assert_eq!(d.message, message);
            assert_eq!(d.related.len(), 1);
        }
    }

    /// `kommun` and `Kommun` are one key: the error pointed at the first
    /// (the parser keeps a table sorted by key, "Kommun" before
    /// "kommun"), not at the one written twice.
    #[test]
    fn a_key_given_twice_was_named_at_its_first_place() {
        let text = GOOD.replace(
            "lokalpolisomrade = ",
            "Kommun = \"Haparanda\"\nlokalpolisomrade = ",
        );
        let d = only_error(&text);
        assert_eq!(d.code, Code::DuplicateKey);
        assert_eq!(d.location.unwrap().to_string(), "loften.toml:3:1");
    }

    /// The web page shows no English message: what a problem is about
    /// travels as its subject, as the file writes it.
    #[test]
    fn a_problem_names_what_it_is_about_as_written() {
        let twice = format!(
            "{GOOD}\n[[lofte]]\nid = \"K1\"\nfokusomrade = \"narvaro\"\ntext = \"x\"\nansvarig = \"Polisen\"\nmal = [{{ typ = \"text\" }}]\n"
        );
        for (text, code, subject) in [
            (
                GOOD.replace("antal = 4", "antl = 4, antal = 4"),
                Code::UnknownKey,
                "antl",
            ),
            (
                GOOD.replace("ansvarig = \"Polisen\"\n", ""),
                Code::MissingKey,
                "ansvarig",
            ),
            (twice, Code::DuplicateId, "K1"),
            (
                GOOD.replace(
                    "lokalpolisomrade = ",
                    "Kommun = \"Haparanda\"\nlokalpolisomrade = ",
                ),
                Code::DuplicateKey,
                "Kommun",
            ),
            (
                GOOD.replace("kommun = \"Kalix\"", "kommun = 3"),
                Code::WrongType,
                "kommun",
            ),
            (
                GOOD.replace("per = \"år\" }", "per = \"fortnight\" }"),
                Code::UnknownUnit,
                "fortnight",
            ),
            (
                GOOD.replace(
                    "per = \"år\" }",
                    "per = \"år\", over = \"avtalsperioden\" }",
                ),
                Code::KeyNotForKind,
                "over",
            ),
        ] {
            let d = only_error(&text);
            assert_eq!(
                (d.code, d.subject_text()),
                (code, Some(subject)),
                "{}",
                d.message
            );
        }
    }

    #[test]
    fn target_outside_period_is_an_error() {
        let d = only_error(&GOOD.replace("per = \"år\" }", "per = \"år\", fran = 2021-06-01 }"));
        assert_eq!(d.code, Code::OutsidePeriod);
    }

    #[test]
    fn quoted_swedish_keys_are_accepted() {
        let text = GOOD.replace("lokalpolisomrade =", "\"lokalpolisområde\" =");
        let parsed = parse_str(&text);
        assert!(parsed.output.is_ok(), "{:?}", parsed.warnings);
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

    fn targets_of(extra: &str, mal: &str) -> Vec<Target> {
        let text = GOOD
            .replace("[uppfoljning]", &format!("{extra}\n[uppfoljning]"))
            .replace("mal = [{ typ = \"minst\", antal = 4, per = \"år\" }]", mal);
        let parsed = parse_str(&text);
        assert!(
            parsed.problems().next().is_none(),
            "{:#?}",
            parsed.problems().collect::<Vec<_>>()
        );
        parsed.output.unwrap().promises.remove(0).targets
    }

    #[test]
    fn new_periods_and_their_other_words() {
        let t = targets_of(
            "",
            r#"mal = [
  { typ = "minst", antal = 1, per = "Dygn" },
  { typ = "minst", antal = 1, per = "halvar" },
  { typ = "minst", antal = 1, per = "termin" },
  { typ = "var", intervall = 3, per = "helg" },
  { typ = "andel", per = "dygn" },
]"#,
        );
        let kinds: Vec<&TargetKind> = t.iter().map(|t| &t.kind).collect();
        assert_eq!(
            kinds,
            [
                &TargetKind::AtLeastPer {
                    n: 1.0,
                    per: Period::Day
                },
                &TargetKind::AtLeastPer {
                    n: 1.0,
                    per: Period::HalfYear
                },
                &TargetKind::AtLeastPer {
                    n: 1.0,
                    per: Period::Term
                },
                &TargetKind::EveryN {
                    n: 1.0,
                    every: 3,
                    per: Period::Weekend
                },
                &TargetKind::Share {
                    share: 1.0,
                    unit: ShareUnit::Day
                },
            ]
        );
    }

    #[test]
    fn place_groups_expand_and_places_keep_their_dates() {
        let t = targets_of(
            "[platsgrupper]\nbyar = [\"Svanstein\", \"Juoksengi\"]\n",
            r#"mal = [
  { typ = "totalt", antal = 30, inom = "Byar", rakna = "platser", over = "avtalsperioden" },
  { typ = "per_plats", per = "år", platser = ["byar", { namn = "ICA", fran = 2022-07-01 }] },
]"#,
        );
        assert_eq!(
            t[0].within,
            Some(PlaceFilter {
                name: "Byar".to_owned(),
                places: vec!["Svanstein".to_owned(), "Juoksengi".to_owned()],
            })
        );
        assert_eq!(t[0].counting, Counting::Places);
        assert_eq!(t[0].scope, Scope::Agreement);
        let TargetKind::PerPlace {
            places,
            place_valid,
            ..
        } = &t[1].kind
        else {
            panic!("{:?}", t[1].kind)
        };
        assert_eq!(places, &["Svanstein", "Juoksengi", "ICA"]);
        let ica = place_valid["ICA"];
        assert_eq!(ica.from, NaiveDate::from_ymd_opt(2022, 7, 1).unwrap());
        assert_eq!(ica.to, NaiveDate::MAX);
        assert!(!place_valid.contains_key("Svanstein"));
    }

    #[test]
    fn requests_and_coverage_read_their_keys() {
        let t = targets_of(
            "",
            r#"mal = [
  { typ = "onskemal", onskemal = ["Önskemål"], svar = ["Besök"], andel = 0.9 },
  { typ = "önskemål", status = "Status" },
  { typ = "täckning", av = 32, enhet = ["klass", "klasser"] },
  { typ = "tackning", av_kolumn = "Klasser", andel = 0.8 },
]"#,
        );
        assert_eq!(
            t[0].kind,
            TargetKind::Requests {
                share: 0.9,
                answers: Answers::Types {
                    requests: vec!["Önskemål".to_owned()],
                    answers: vec!["Besök".to_owned()],
                },
            }
        );
        // Rows without a Löfte are found by the two activity types.
        assert_eq!(t[0].activities, ["Önskemål", "Besök"]);
        let TargetKind::Requests {
            answers: Answers::Status { column, answered },
            ..
        } = &t[1].kind
        else {
            panic!("{:?}", t[1].kind)
        };
        assert_eq!(column, "Status");
        assert!(answered.iter().any(|a| a == "besvarad"));
        assert_eq!(
            t[2].kind,
            TargetKind::Coverage {
                share: 1.0,
                of: Denominator::Fixed(32.0),
            }
        );
        assert_eq!(
            t[3].kind,
            TargetKind::Coverage {
                share: 0.8,
                of: Denominator::Column("Klasser".to_owned()),
            }
        );
    }

    #[test]
    fn each_kind_refuses_the_keys_of_others() {
        for (target, code, message) in [
            (
                r#"{ typ = "minst", antal = 1, per = "år", over = "avtalsperioden" }"#,
                "key-not-for-kind",
                "the key \"over\" does not belong to a \"minst\" target",
            ),
            (
                r#"{ typ = "snitt", antal = 1, per = "helg" }"#,
                "unknown-unit",
                "unknown \"per\" for this target: helg",
            ),
            (
                r#"{ typ = "totalt", antal = 1, rakna = "gånger" }"#,
                "bad-value",
                "\"rakna\" must be \"antal\", \"dagar\", \"helger\", \"veckor\" or \"platser\"",
            ),
            (
                r#"{ typ = "önskemål", onskemal = ["Önskemål"] }"#,
                "missing-key",
                "a target needs the key \"svar\"",
            ),
            (
                r#"{ typ = "täckning", av = 32, av_kolumn = "Klasser" }"#,
                "bad-value",
                "write the whole as a number (av) or as a column (av_kolumn), not both",
            ),
            (
                r#"{ typ = "totalt", antal = 1, inom = [] }"#,
                "empty-value",
                "\"inom\" is empty: name the places, or a group of [platsgrupper]",
            ),
        ] {
            let d =
                only_error(&GOOD.replace("{ typ = \"minst\", antal = 4, per = \"år\" }", target));
            assert_eq!(
                (d.code.as_str(), d.message.as_str()),
                (code, message),
                "{target}"
            );
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

//! Step 2 of `lofte init`, second half: blocks → what the agreement says:
//! its title, parties, period, follow-up, signatories, focus areas and the
//! raw promises under them.
//!
//! Nothing here reads numbers in promises; that is [`super::phrase`].

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::blocks::{Block, Item, blocks, bullet, ends_sentence};
use super::phrase;

/// What a table row says in its columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// "När", "Mål", "Frekvens".
    pub when: Option<String>,
    /// "Ansvarig".
    pub responsible: Option<String>,
    /// "Samverkan".
    pub partners: Option<String>,
    /// "Uppföljning".
    pub follow_up: Option<String>,
}

/// A promise as found, before its phrases are read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPromise {
    /// Index into [`Found::areas`].
    pub area: usize,
    /// Why the area is a guess, when it is.
    pub area_guess: Option<String>,
    /// The promise verbatim (sub-bullets joined after their parent).
    pub text: String,
    /// The bullet and each sub-bullet, read one by one for targets.
    pub parts: Vec<String>,
    /// The lead-in of its list ("Polisen … arbetar förebyggande … genom att:").
    pub lead_in: Option<String>,
    /// The row's columns, for a promise from a table.
    pub row: Option<Row>,
    /// Found in running text, not in a list or table.
    pub prose: bool,
}

/// A focus area.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Heading or list item.
    pub name: String,
    /// The text under the heading, or the rest of the list item.
    pub description: Option<String>,
    /// Why the area is a guess, when it is.
    pub guess: Option<String>,
}

/// The agreement period as found.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Why it is a guess, when it is.
    pub guess: Option<String>,
}

/// The follow-up duty as found.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDeadline {
    /// The sentence as written.
    pub text: String,
    /// The date it means, when it names one.
    pub date: Option<NaiveDate>,
}

/// A person who signed.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundSignatory {
    /// Name.
    pub name: String,
    /// Title.
    pub role: String,
    /// Organisation, when the title or a "För …" line says it.
    pub party: Option<String>,
}

/// Everything found in the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Kommun.
    pub kommun: Option<String>,
    /// Stadsdelsområde, when the partner is its stadsdelsförvaltning
    /// ("Skärholmens stadsdelsförvaltning").
    pub district: Option<String>,
    /// Lokalpolisområde.
    pub police_area: Option<String>,
    /// "Medborgarlöfte 2022-2023".
    pub title: Option<String>,
    /// The period.
    pub period: Option<FoundPeriod>,
    /// The follow-up.
    pub deadline: Option<FoundDeadline>,
    /// Signatories.
    pub signatories: Vec<FoundSignatory>,
    /// Focus areas.
    pub areas: Vec<Area>,
    /// Promises in the text's order.
    pub promises: Vec<RawPromise>,
    /// The sentence that says who promises ("Lokalpolisområde … och … kommun lovar …").
    pub lead: Option<String>,
    /// "Dnr KS 2023/123".
    pub diarienummer: Option<String>,
}

// ---------------------------------------------------------------- agreement

static PARTIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:lokalpolisområde(?:t)?)\s+(\p{Lu}[\p{L}/ \-]*?)\s+(?:och|samt|tillsammans med)\s+(\p{Lu}\p{L}+(?:[ -]\p{Lu}\p{L}+)?)\s+(?i:kommun|stad)\b",
    )
    .expect("valid regex")
});
static PARTIES_REVERSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\p{Lu}\p{L}+)\s+(?i:kommun|stad)\s+(?:och|samt)\s+(?i:lokalpolisområde(?:t)?)\s+(\p{Lu}[\p{L}/ \-]*?)\s+(?:lovar|har|ska|skall|kommer|arbetar)\b",
    )
    .expect("valid regex")
});
static TITLE_KOMMUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L} \-]*?)\s+[–—-]\s+(?i:medborgarlöfte)").expect("valid regex")
});
static DISTRICT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Lu}\p{L}+(?:-\p{Lu}\p{L}+)?)s\s+(?i:stadsdelsförvaltning)")
        .expect("valid regex")
});
static ANY_KOMMUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{Lu}\p{L}+)\s+(?i:kommun|stad)\b").expect("valid regex"));
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d\-/])((?:19|20)\d{2})\s*(?:[-–—/]|till|t\.o\.m\.?)\s*((?:19|20)\d{2})(?:$|[^\d\-/])")
        .expect("valid regex")
});
/// "2024–25", "2024/25": the second year by its last two digits.
static SHORT_YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d\-/])((?:19|20)\d{2})\s*[-–—/]\s*(\d{2})(?:$|[^\d\-/])")
        .expect("valid regex")
});
/// "2024 och 2025".
static YEARS_AND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d\-/])((?:19|20)\d{2})\s+(?:och|samt|&)\s+((?:19|20)\d{2})(?:$|[^\d\-/])")
        .expect("valid regex")
});
static RUNS_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:löper|gäller|sträcker sig)\s+(?:på|under|i)\s+(\p{L}+|\d+)\s+(?:\(\d+\)\s+)?år\s+(?:med\s+(?:början|start)|från(?:\s+och\s+med)?|fr\.?\s?o\.?\s?m\.?)\s+(?:den\s+)?(\d{1,2})/(\d{1,2})\s*[-\s]?((?:19|20)\d{2})",
    )
    .expect("valid regex")
});
/// A registry's letters right before a year and a number ("KS 2024/25",
/// "KF-2023/117"): a case number, not a period.
static CASE_LETTERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\p{Lu}{2,6}[ -]?\d{4}/\d").expect("a valid pattern"));
static SINGLE_YEAR_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)medborgarlöften?\s+(?:för\s+|under\s+|år\s+)?((?:19|20)\d{2})\b")
        .expect("valid regex")
});
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})\b").expect("valid regex"));

/// The sentences of a paragraph, each with its final stop.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, (i, c)) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?')
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_whitespace())
            && chars
                .get(k + 2)
                .is_some_and(|(_, n)| n.is_uppercase() || n.is_ascii_digit())
        {
            out.push(text[start..i + c.len_utf8()].trim().to_owned());
            start = i + c.len_utf8();
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_owned());
    }
    out
}

fn texts(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(t) | Block::Para(t) | Block::LeadIn(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

fn find_parties(blocks: &[Block]) -> (Option<String>, Option<String>, Option<String>) {
    for t in texts(blocks) {
        if let Some(c) = PARTIES.captures(t) {
            let area = c.get(1).map(|m| tidy_name(m.as_str()));
            let kommun = c.get(2).map(|m| m.as_str().to_owned());
            return (kommun, area, Some(t.to_owned()));
        }
        if let Some(c) = PARTIES_REVERSED.captures(t) {
            let kommun = c.get(1).map(|m| m.as_str().to_owned());
            let area = c.get(2).map(|m| tidy_name(m.as_str()));
            return (kommun, area, Some(t.to_owned()));
        }
    }
    (None, None, None)
}

fn tidy_name(name: &str) -> String {
    name.replace("/ ", "/")
        .replace(" /", "/")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Jokkmokks kommun" → "Jokkmokk" when the text also writes "Jokkmokk".
fn nominative(kommun: &str, whole: &str) -> String {
    if let Some(stem) = kommun.strip_suffix('s')
        && stem.chars().count() >= 3
    {
        let pattern = format!(r"\b{}\b", regex::escape(stem));
        if Regex::new(&pattern).is_ok_and(|re| re.is_match(whole)) {
            return stem.to_owned();
        }
    }
    kommun.to_owned()
}

fn find_title(blocks: &[Block]) -> Option<String> {
    texts(blocks)
        .into_iter()
        .filter(|t| t.chars().count() <= 120)
        .find(|t| {
            t.to_lowercase().contains("medborgarlöfte")
                && (YEAR_RANGE.is_match(t) || SINGLE_YEAR_TITLE.is_match(t))
        })
        .map(str::to_owned)
}

fn year_start(y: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, 1, 1)
}
fn year_end(y: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, 12, 31)
}

/// A pattern's first two groups as numbers, with where the first begins
/// and the second ends.
fn two_numbers(c: &regex::Captures<'_>) -> Option<(usize, usize, i32, i32)> {
    let (first, last) = (c.get(1)?, c.get(2)?);
    Some((
        first.start(),
        last.end(),
        first.as_str().parse().ok()?,
        last.as_str().parse().ok()?,
    ))
}

/// The year ranges in one line of text, in the order written: first and
/// last year, and a question when the words leave the dates in doubt.
fn year_ranges(t: &str, telling: bool) -> Vec<(i32, i32, Option<String>)> {
    let lower = t.to_lowercase();
    let mut found: Vec<(usize, i32, i32, Option<String>)> = YEAR_RANGE
        .captures_iter(t)
        .filter_map(|c| {
            let (start, _, a, b) = two_numbers(&c)?;
            (a <= b && b - a <= 10).then_some((start, a, b, None))
        })
        .collect();
    // "Medborgarlöften 2024–25", "2023/24", "2024 och 2025": two years,
    // not the first alone. Only in a line that speaks of the agreement: a
    // case number under any name ("Dnr KS 2023/24", "Ärendenummer KS
    // 2024/25"), or a registry's letters before the year, is no period.
    let filed = ["dnr", "diarie", "ärende", "beteckning", "beslut", "§"]
        .iter()
        .any(|w| lower.contains(w))
        || CASE_LETTERS.is_match(t);
    if telling && !filed {
        for c in SHORT_YEAR_RANGE.captures_iter(t) {
            let Some((start, stop, a, end)) = two_numbers(&c) else {
                continue;
            };
            let b = a - a % 100 + end;
            if b <= a || b - a > 10 {
                continue;
            }
            let written = &t[start..stop];
            let guess = lower.contains("läsår").then(|| {
                format!(
                    "\"{written}\" är ett läsår — läst som hela åren {a}–{b}; gäller avtalet läsåret (till exempel {a}-08-01 – {b}-06-30)? Rätta då fran och till"
                )
            });
            found.push((start, a, b, guess));
        }
        for c in YEARS_AND.captures_iter(t) {
            if let Some((start, _, a, b)) = two_numbers(&c)
                && a < b
                && b - a <= 10
            {
                found.push((start, a, b, None));
            }
        }
    }
    found.sort_by_key(|f| f.0);
    found
        .into_iter()
        .map(|(_, a, b, guess)| (a, b, guess))
        .collect()
}

/// A range of years as a line states it.
struct StatedRange {
    first: i32,
    last: i32,
    /// The line speaks of the agreement ("Medborgarlöften", "gäller").
    telling: bool,
    /// A question about it ("läsåret 2024/25").
    guess: Option<String>,
    /// A first day stated beside it ("gäller från 1 juli 2024").
    start: Option<NaiveDate>,
}

/// "Medborgarlöfte 2024-2026 (gäller från 1 juli 2024)": the first day, when
/// the line with the range names one day in the first year as a start.
fn start_in(t: &str, first_year: i32) -> Option<NaiveDate> {
    let lower = t.to_lowercase();
    if !["från", "fr.o.m", "fr o m", "med början", "med start"]
        .iter()
        .any(|k| lower.contains(k))
    {
        return None;
    }
    match phrase::dates_in(t).as_slice() {
        // 1 January is the range's own start: nothing to ask.
        [one] if one.year() == first_year && one.ordinal() > 1 => Some(*one),
        _ => None,
    }
}

fn find_period(blocks: &[Block], deadline: Option<&FoundDeadline>) -> Option<FoundPeriod> {
    let all = texts(blocks);
    let ranges: Vec<StatedRange> = all
        .iter()
        .flat_map(|t| {
            let lower = t.to_lowercase();
            let telling = [
                "medborgarlöfte",
                "period",
                "åren",
                "avtal",
                "löper",
                "gäller",
                "lovar",
            ]
            .iter()
            .any(|k| lower.contains(k));
            year_ranges(t, telling)
                .into_iter()
                .map(move |(first, last, guess)| StatedRange {
                    first,
                    last,
                    telling,
                    guess,
                    start: start_in(t, first),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let chosen = ranges.iter().find(|r| r.telling).or_else(|| ranges.first());
    let range = chosen.map(|r| (r.first, r.last, r.telling));
    let range_guess = chosen.and_then(|r| r.guess.clone());
    let range_start = chosen.and_then(|r| r.start);
    // "Avtalet gäller 2024-01-01 – 2025-12-31", "från och med 1 januari
    // 2024 till och med 31 december 2025": two whole dates in a telling line.
    let dated = all.iter().find_map(|t| {
        let lower = t.to_lowercase();
        let telling = [
            "medborgarlöfte",
            "period",
            "avtal",
            "löper",
            "gäller",
            "från och med",
        ]
        .iter()
        .any(|k| lower.contains(k));
        let dates = phrase::dates_in(t);
        match dates.as_slice() {
            [from, to] if telling && from < to && (*to - *from).num_days() <= 3660 => {
                Some((*from, *to))
            }
            _ => None,
        }
    });
    if let Some((from, to)) = dated {
        return Some(FoundPeriod {
            from,
            to,
            guess: None,
        });
    }
    let runs_for = all.iter().find_map(|t| {
        let c = RUNS_FOR.captures(t)?;
        let years = phrase::number_in(c.get(1)?.as_str())? as i32;
        let day: u32 = c.get(2)?.as_str().parse().ok()?;
        let month: u32 = c.get(3)?.as_str().parse().ok()?;
        let year: i32 = c.get(4)?.as_str().parse().ok()?;
        let from = NaiveDate::from_ymd_opt(year, month, day)?;
        let to = NaiveDate::from_ymd_opt(year + years, month, day)?.pred_opt()?;
        Some((from, to, c.get(0)?.as_str().to_owned()))
    });
    match (range, runs_for) {
        (Some((a, b, _)), Some((from, to, words))) => {
            let guess = (year_start(a) != Some(from) || year_end(b) != Some(to)).then(|| {
                format!(
                    "texten säger både {a}–{b} och \"{words}\" ({from} – {to}); välj den som gäller"
                )
            });
            Some(FoundPeriod {
                from: year_start(a)?,
                to: year_end(b)?,
                guess,
            })
        }
        (Some((a, b, _)), None) if range_start.is_some() => {
            // "2024-2026 (gäller från 1 juli 2024)": the stated first day;
            // whether the last is 31 December or the day before 1 July is
            // the reader's to say.
            let from = range_start?;
            Some(FoundPeriod {
                from,
                to: year_end(b)?,
                guess: Some(format!(
                    "texten säger {a}–{b} och att avtalet gäller från {from}; slutar det {} eller {}?",
                    year_end(b)?,
                    NaiveDate::from_ymd_opt(b, from.month(), from.day())?.pred_opt()?
                )),
            })
        }
        (Some((a, b, telling)), None) => Some(FoundPeriod {
            from: year_start(a)?,
            to: year_end(b)?,
            guess: if telling {
                range_guess
            } else {
                Some(format!(
                    "perioden {a}–{b} är läst ur en mening som inte säger att den är avtalets"
                ))
            },
        }),
        (None, Some((from, to, _))) => Some(FoundPeriod {
            from,
            to,
            guess: None,
        }),
        (None, None) => {
            if let Some(y) = all.iter().find_map(|t| {
                SINGLE_YEAR_TITLE
                    .captures(t)
                    .and_then(|c| c.get(1)?.as_str().parse::<i32>().ok())
            }) {
                return Some(FoundPeriod {
                    from: year_start(y)?,
                    to: year_end(y)?,
                    guess: None,
                });
            }
            if let Some(date) = deadline.and_then(|d| d.date) {
                let y = date.year() - 1;
                return Some(FoundPeriod {
                    from: year_start(y)?,
                    to: year_end(y)?,
                    guess: Some(format!(
                        "texten anger ingen avtalsperiod; gissad som året före uppföljningen ({date})"
                    )),
                });
            }
            let items: Vec<String> = blocks
                .iter()
                .flat_map(|b| match b {
                    Block::List(items) => items.iter().map(|i| i.text.clone()).collect(),
                    Block::Table(rows) => rows.iter().map(|r| r.join(" ")).collect(),
                    _ => Vec::new(),
                })
                .collect();
            let mut years: Vec<i32> = all
                .iter()
                .copied()
                .chain(items.iter().map(String::as_str))
                .flat_map(|t| {
                    ANY_YEAR
                        .captures_iter(t)
                        .filter_map(|c| c.get(1)?.as_str().parse().ok())
                        .collect::<Vec<i32>>()
                })
                .collect();
            years.sort_unstable();
            years.dedup();
            let (first, last) = (*years.first()?, *years.last()?);
            Some(FoundPeriod {
                from: year_start(first)?,
                to: year_end(last)?,
                guess: Some(format!(
                    "texten anger ingen avtalsperiod; gissad utifrån årtalen i texten ({})",
                    years
                        .iter()
                        .map(i32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            })
        }
    }
}

fn find_deadline(blocks: &[Block]) -> Option<FoundDeadline> {
    let sentences: Vec<String> = texts(blocks).iter().flat_map(|t| sentences(t)).collect();
    let about_follow_up = |s: &str| {
        let l = s.to_lowercase();
        [
            "uppfölj",
            "sammanställ",
            "redovis",
            "rapport",
            "utvärder",
            "avstämning",
        ]
        .iter()
        .any(|k| l.contains(k))
    };
    let dated: Vec<(&String, NaiveDate)> = sentences
        .iter()
        .filter_map(|s| Some((s, phrase::deadline_date(s)?)))
        .collect();
    if let Some((s, d)) = dated
        .iter()
        .rev()
        .find(|(s, _)| about_follow_up(s) && s.to_lowercase().contains("skriftlig"))
        .or_else(|| dated.iter().rev().find(|(s, _)| about_follow_up(s)))
    {
        return Some(FoundDeadline {
            text: (*s).clone(),
            date: Some(*d),
        });
    }
    sentences
        .iter()
        .find(|s| {
            let l = s.to_lowercase();
            [
                "uppföljning av",
                "utvärderas",
                "följas upp",
                "följs upp",
                "skriftlig uppföljning",
            ]
            .iter()
            .any(|k| l.contains(k))
                && [
                    "årligen",
                    "senast",
                    "fortlöpande",
                    "varje år",
                    "ska ske",
                    "sker",
                ]
                .iter()
                .any(|k| l.contains(k))
        })
        .map(|s| FoundDeadline {
            text: s.clone(),
            date: None,
        })
}

fn is_name(line: &str) -> bool {
    static NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$").expect("valid regex"));
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| NAME.is_match(w))
        && !words.iter().any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "polisen" | "kommun" | "kommunen" | "medborgarlöften" | "medborgarlöfte"
            )
        })
}

fn find_signatories(lines: &[String], kommun: Option<&str>) -> Vec<FoundSignatory> {
    let mut out = Vec::new();
    let mut party_line: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let lower = line.to_lowercase();
        if let Some(rest) = lower.strip_prefix("för ")
            && line.split_whitespace().count() <= 4
            && (rest.contains("polis") || rest.contains("kommun"))
        {
            let rest: String = line.chars().skip(4).collect();
            party_line = Some(rest.trim().trim_end_matches(':').to_owned());
        }
        let before_blank = i == 0 || lines[i - 1].trim().is_empty() || party_line.is_some();
        let role = lines.get(i + 1).map_or("", |r| r.trim());
        // "Anna Andersson, kommunstyrelsens ordförande" on one line.
        if let Some((name, title)) = line.split_once(", ")
            && is_name(name)
            && !title.trim().is_empty()
            && title.split_whitespace().count() <= 6
            && !title.ends_with('.')
        {
            out.push(FoundSignatory {
                name: name.to_owned(),
                role: phrase::capitalise(title.trim()),
                party: party_of_title(title, kommun, party_line.as_deref()),
            });
            i += 1;
            continue;
        }
        if before_blank
            && is_name(line)
            && !role.is_empty()
            && role.split_whitespace().count() <= 8
            && !role.ends_with('.')
            && !is_name(role)
            && bullet(role).is_none()
        {
            out.push(FoundSignatory {
                name: line.to_owned(),
                role: role.to_owned(),
                party: party_of_title(role, kommun, party_line.as_deref()),
            });
            i += 2;
            continue;
        }
        i += 1;
    }
    // One name and a title is as likely a contact as a signature.
    if out.len() < 2 { Vec::new() } else { out }
}

/// The party a signatory's title names ("Lokalpolisområdeschef" →
/// Polisen, "Kommunstyrelsens ordförande" → the kommun), else the "För …"
/// line above.
fn party_of_title(title: &str, kommun: Option<&str>, party_line: Option<&str>) -> Option<String> {
    let lower = title.to_lowercase();
    if lower.contains("polis") {
        Some("Polisen".to_owned())
    } else if lower.contains("kommun") {
        kommun.map(|k| format!("{k} kommun"))
    } else {
        party_line.map(phrase::capitalise)
    }
}

// ---------------------------------------------------------------- areas

#[derive(Debug, Clone, Copy, PartialEq)]
enum ListRole {
    Areas,
    Effects,
    Other,
    Promises,
}

fn list_role(heading: Option<&str>, lead_in: Option<&str>, items: &[Item]) -> ListRole {
    let context = format!(
        "{} {}",
        heading.unwrap_or_default(),
        lead_in.unwrap_or_default()
    )
    .to_lowercase();
    let lead = lead_in.unwrap_or_default().to_lowercase();
    if [
        "effekt",
        "eftersträva",
        "förväntad",
        "vill uppnå",
        "målbild",
        "resultat",
    ]
    .iter()
    .any(|k| context.contains(k))
    {
        return ListRole::Effects;
    }
    if [
        "kontakt",
        "läs mer",
        "relaterat",
        "länkar",
        "dokument",
        "källor",
        "bilagor",
        "innehåll",
    ]
    .iter()
    .any(|k| heading.unwrap_or_default().to_lowercase().contains(k))
    {
        return ListRole::Other;
    }
    let area_words = [
        "fokusområd",
        "prioriterade område",
        "inriktning",
        "problembild",
        "problemområd",
        "områden",
        "områdena",
        "utvecklingsområd",
    ];
    let promises_lead = ["genom att", "lovar", "ska vi", "åtar"]
        .iter()
        .any(|k| lead.contains(k));
    let verbs = items
        .iter()
        .filter(|i| {
            let l = format!(" {} ", i.text.to_lowercase());
            [" ska ", " skall ", " kommer att ", "genomföra", " minst "]
                .iter()
                .any(|k| l.contains(k))
        })
        .count();
    if area_words.iter().any(|k| context.contains(k)) && !promises_lead && verbs * 2 < items.len() {
        return ListRole::Areas;
    }
    ListRole::Promises
}

/// Headings that do not name a focus area.
fn generic_heading(h: &str) -> bool {
    static GENERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)medborgarlöfte|löften|löftet|ska vi|^aktiviteter|^inledning|^bakgrund|^avtalet|genomförandeplan|handlingsplan|\b(19|20)\d\d\b|^problembild|^situationen|lägesbild|^syfte")
            .expect("valid regex")
    });
    GENERIC.is_match(h)
}

/// An area list item → name and description: "Insatser mot narkotika med
/// syfte att …" → "Insatser mot narkotika".
fn split_area_item(item: &str) -> (String, Option<String>) {
    let item = item.trim().trim_end_matches([':', ';', ',']);
    if item.chars().count() <= 60 && !item.contains(". ") {
        return (item.trim_end_matches('.').to_owned(), None);
    }
    let cut = [
        " med syfte",
        " i syfte",
        " såsom",
        " så som",
        " i form av",
        " genom ",
        ", ",
        ". ",
        " för att ",
    ]
    .iter()
    .filter_map(|k| phrase::find_ci(item, k))
    .min();
    match cut {
        Some(cut) => (item[..cut].trim().to_owned(), Some(item.to_owned())),
        None => (item.trim_end_matches('.').to_owned(), None),
    }
}

/// Words of a text for matching promises to areas.
fn stems(text: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "insatser",
        "insats",
        "arbete",
        "arbeta",
        "arbetet",
        "polisen",
        "polis",
        "kommunen",
        "kommun",
        "genom",
        "samverkan",
        "syfte",
        "särskilt",
        "andra",
        "eller",
        "minska",
        "ökad",
        "ökade",
        "mellan",
        "under",
        "kommer",
        "skall",
        "genomföra",
        "åtgärder",
        "medborgarna",
        "aktiviteter",
        "tillsammans",
        "gemensamt",
        "gemensam",
        "genomföras",
        "genomförs",
        "kommunens",
        "polisens",
    ];
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5 && !COMMON.contains(w))
        .map(str::to_owned)
        .collect()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The area whose words a promise shares, with the word that decided it.
fn area_by_words(promise: &str, areas: &[(String, Option<String>)]) -> Option<(usize, String)> {
    let words = stems(promise);
    let mut best: Option<(usize, usize, String)> = None;
    for (i, (name, description)) in areas.iter().enumerate() {
        let name_stems = stems(name);
        let desc_stems = stems(description.as_deref().unwrap_or_default());
        let mut score = 0;
        let mut why = String::new();
        for w in &words {
            let hit = |s: &String| {
                let p = common_prefix(w, s);
                p >= 6 || (p == w.chars().count().min(s.chars().count()) && p >= 5)
            };
            if name_stems.iter().any(hit) {
                score += 2;
                if why.is_empty() {
                    why = w.clone();
                }
            } else if desc_stems.iter().any(hit) {
                score += 1;
                if why.is_empty() {
                    why = w.clone();
                }
            }
        }
        if score > 0 && best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, i, why));
        }
    }
    best.map(|(_, i, why)| (i, why))
}

const HEADER_TEXT: &[&str] = &[
    "vad",
    "aktivitet",
    "aktiviteter",
    "åtgärd",
    "åtgärder",
    "insats",
    "insatser",
    "löfte",
    "löften",
    "beskrivning",
];
const HEADER_WHEN: &[&str] = &[
    "när",
    "mål",
    "målsättning",
    "frekvens",
    "hur ofta",
    "när/hur ofta",
    "omfattning",
    "tidpunkt",
    "antal",
    "när och hur ofta",
];
const HEADER_PARTNERS: &[&str] = &[
    "samverkan",
    "samarbete",
    "samverkanspart",
    "samverkansparter",
    "med vem",
    "i samverkan med",
];
const HEADER_RESPONSIBLE: &[&str] = &["ansvarig", "ansvar", "ansvarar", "vem", "ansvarig part"];
const HEADER_FOLLOW_UP: &[&str] = &[
    "uppföljning",
    "mätetal",
    "indikator",
    "indikatorer",
    "mått",
    "hur följs det upp",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Category,
    Text,
    When,
    Partners,
    Responsible,
    FollowUp,
    Other,
}

fn header(row: &[String]) -> Option<Vec<Column>> {
    let roles: Vec<Column> = row
        .iter()
        .map(|c| {
            let c = c.trim().trim_end_matches(':').to_lowercase();
            if HEADER_TEXT.contains(&c.as_str()) {
                Column::Text
            } else if HEADER_WHEN.contains(&c.as_str()) {
                Column::When
            } else if HEADER_PARTNERS.contains(&c.as_str()) {
                Column::Partners
            } else if HEADER_RESPONSIBLE.contains(&c.as_str()) {
                Column::Responsible
            } else if HEADER_FOLLOW_UP.contains(&c.as_str()) {
                Column::FollowUp
            } else {
                Column::Other
            }
        })
        .collect();
    let known = roles.iter().filter(|r| **r != Column::Other).count();
    if known < 2 {
        return None;
    }
    // The first column without a known header names the row's category.
    Some(
        roles
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if i == 0 && *r == Column::Other {
                    Column::Category
                } else {
                    *r
                }
            })
            .collect(),
    )
}

/// Pending area choice for a promise, resolved once all areas are known.
#[derive(Debug, Clone)]
enum AreaChoice {
    Fixed(usize, Option<String>),
    ByWords,
}

fn area_named(
    areas: &mut Vec<Area>,
    name: &str,
    description: Option<String>,
    guess: Option<String>,
) -> usize {
    // "Fokusområde 1: Trafiksäkerhet" → "Trafiksäkerhet".
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:fokusområde|område|prioriterat område|inriktning|löfte)\s*\d{0,2}\s*[:.–-]\s*(\S.*)$",
        )
        .expect("valid regex")
    });
    let name = LABEL
        .captures(name)
        .and_then(|c| c.get(1))
        .map_or(name, |m| m.as_str())
        .trim();
    // A heading of punctuation only: the promise file needs a name.
    let (name, guess) = if name.chars().any(char::is_alphanumeric) {
        (name, guess)
    } else {
        (
            "Medborgarlöften",
            Some("texten ger fokusområdet inget namn; skriv ett".to_owned()),
        )
    };
    if let Some(i) = areas.iter().position(|a| a.name == name) {
        return i;
    }
    areas.push(Area {
        name: name.to_owned(),
        description,
        guess,
    });
    areas.len() - 1
}

/// The area of a list of promises: its heading; else its lead-in when
/// the text has no list of areas; else the list of areas, by words; else
/// one area for all.
fn choose_area(
    heading: Option<&str>,
    lead_in: Option<&str>,
    description: &[String],
    area_list: &[(String, Option<String>)],
    areas: &mut Vec<Area>,
) -> AreaChoice {
    if let Some(h) = heading.filter(|h| !generic_heading(h)) {
        let desc = (!description.is_empty()).then(|| description.join(" "));
        return AreaChoice::Fixed(area_named(areas, h, desc, None), None);
    }
    if let Some(l) = lead_in.filter(|l| area_list.is_empty() && lead_in_names_area(l)) {
        let (name, desc) = area_from_lead_in(l);
        return AreaChoice::Fixed(
            area_named(
                areas,
                &name,
                desc,
                Some(
                    "fokusområdet är inledningen till punktlistan; skriv ett kortare namn om du vill"
                        .to_owned(),
                ),
            ),
            None,
        );
    }
    if !area_list.is_empty() {
        return AreaChoice::ByWords;
    }
    let name = heading
        .filter(|h| !h.to_lowercase().contains("medborgarlöfte") || YEAR_RANGE.is_match(h))
        .unwrap_or("Medborgarlöften");
    AreaChoice::Fixed(
        area_named(
            areas,
            name,
            None,
            Some("texten delar inte in löftena i fokusområden; ge området ett namn".to_owned()),
        ),
        None,
    )
}

/// Headings of the agreement's own administration, whose text is never a
/// promise.
fn administrative(heading: &str) -> bool {
    let h = heading.to_lowercase();
    [
        "inledning",
        "bakgrund",
        "uppföljning",
        "genomförande",
        "kommunikation",
        "målsättning",
        "syfte",
        "avtalet",
        "lägesbild",
        "problembild",
        "situationen",
        "effekter",
        "komplettering",
        "följ med",
        "kontakt",
    ]
    .iter()
    .any(|k| h.contains(k))
}

/// A paragraph that promises a number in a party's name ("Polisen och
/// kommunen ska gemensamt genomföra minst fyra utbildningsinsatser under
/// avtalsperioden."): a promise written as running text.
fn promise_in_prose(paragraph: &str) -> bool {
    let who = phrase::subject(paragraph);
    (who.police || who.municipality)
        && phrase::targets(paragraph).iter().any(|t| t.is_numeric())
        && sentences(paragraph).len() <= 3
}

/// Reads the whole agreement.
pub fn read(lines: &[String]) -> Found {
    let blocks = blocks(lines);
    let whole = lines.join("\n");
    let (kommun, police_area, lead) = find_parties(&blocks);
    let kommun = kommun
        .or_else(|| {
            texts(&blocks).iter().find_map(|t| {
                TITLE_KOMMUN
                    .captures(t)
                    .and_then(|c| Some(c.get(1)?.as_str().trim().to_owned()))
            })
        })
        .or_else(|| {
            let mut counts: Vec<(String, usize)> = Vec::new();
            for c in ANY_KOMMUN.captures_iter(&whole) {
                let Some(name) = c.get(1).map(|m| m.as_str().to_owned()) else {
                    continue;
                };
                match counts.iter_mut().find(|(n, _)| *n == name) {
                    Some(e) => e.1 += 1,
                    None => counts.push((name, 1)),
                }
            }
            counts
                .into_iter()
                .filter(|(n, _)| !matches!(n.as_str(), "Polisen" | "Och" | "Vår" | "Varje"))
                .max_by_key(|(_, c)| *c)
                .map(|(n, _)| n)
        })
        .map(|k| nominative(&k, &whole));
    let lead = lead.or_else(|| {
        texts(&blocks)
            .into_iter()
            .find(|t| t.to_lowercase().contains(" lovar "))
            .map(str::to_owned)
    });
    let deadline = find_deadline(&blocks);
    let period = find_period(&blocks, deadline.as_ref());
    let signatories = find_signatories(lines, kommun.as_deref());
    let title = find_title(&blocks);

    let mut areas: Vec<Area> = Vec::new();
    let mut area_list: Vec<(String, Option<String>)> = Vec::new();
    let mut pending: Vec<(RawPromise, AreaChoice)> = Vec::new();

    let mut heading: Option<String> = None;
    let mut description: Vec<String> = Vec::new();
    let mut lead_in: Option<String> = None;
    let mut columns: Option<Vec<Column>> = None;

    for block in &blocks {
        match block {
            Block::Heading(h) => {
                heading = Some(h.clone());
                description.clear();
                lead_in = None;
            }
            Block::Para(p) => {
                let in_section = heading.as_deref().is_some_and(|h| !administrative(h));
                if in_section && promise_in_prose(p) {
                    let choice = choose_area(
                        heading.as_deref(),
                        None,
                        &description,
                        &area_list,
                        &mut areas,
                    );
                    pending.push((
                        RawPromise {
                            area: 0,
                            area_guess: None,
                            text: p.clone(),
                            parts: vec![p.clone()],
                            lead_in: None,
                            row: None,
                            prose: true,
                        },
                        choice,
                    ));
                } else if heading.is_some() && lead_in.is_none() {
                    description.push(p.clone());
                }
            }
            Block::LeadIn(l) => lead_in = Some(l.clone()),
            Block::List(items) => {
                match list_role(heading.as_deref(), lead_in.as_deref(), items) {
                    ListRole::Areas => {
                        area_list = items
                            .iter()
                            .filter(|i| i.level == 0)
                            .map(|i| split_area_item(&i.text))
                            .filter(|(name, _)| name.chars().any(char::is_alphanumeric))
                            .collect();
                    }
                    ListRole::Effects | ListRole::Other => {}
                    ListRole::Promises => {
                        let choice = choose_area(
                            heading.as_deref(),
                            lead_in.as_deref(),
                            &description,
                            &area_list,
                            &mut areas,
                        );
                        let mut k = 0;
                        while k < items.len() {
                            let top = &items[k];
                            let mut parts = vec![top.text.clone()];
                            k += 1;
                            while k < items.len() && items[k].level > top.level {
                                parts.push(items[k].text.clone());
                                k += 1;
                            }
                            if parts.iter().all(|p| p.trim().is_empty()) {
                                continue;
                            }
                            pending.push((
                                RawPromise {
                                    area: 0,
                                    area_guess: None,
                                    text: join_parts(&parts),
                                    parts,
                                    lead_in: lead_in.clone(),
                                    row: None,
                                    prose: false,
                                },
                                choice.clone(),
                            ));
                        }
                    }
                }
                // Paragraphs after a list belong to no heading's description.
                lead_in = None;
                description.clear();
                if heading.as_deref().is_some_and(generic_heading) {
                    heading = None;
                }
            }
            Block::Table(rows) => {
                for row in rows {
                    if let Some(h) = header(row) {
                        columns = Some(h);
                        continue;
                    }
                    if row.iter().all(|c| c.is_empty()) {
                        continue;
                    }
                    let Some((raw, category)) = table_promise(row, columns.as_deref()) else {
                        continue;
                    };
                    let choice = if !area_list.is_empty() {
                        AreaChoice::ByWords
                    } else if let Some(cat) = category.filter(|c| !c.is_empty()) {
                        AreaChoice::Fixed(area_named(&mut areas, &cat, None, None), None)
                    } else if let Some(h) = heading.as_ref().filter(|h| !generic_heading(h)) {
                        AreaChoice::Fixed(area_named(&mut areas, h, None, None), None)
                    } else {
                        AreaChoice::Fixed(
                            area_named(
                                &mut areas,
                                "Medborgarlöften",
                                None,
                                Some("texten delar inte in löftena i fokusområden; ge området ett namn".to_owned()),
                            ),
                            None,
                        )
                    };
                    pending.push((raw, choice));
                }
            }
        }
    }

    // Areas from the list: all of them, in the list's order, after any
    // areas from headings.
    let list_base = areas.len();
    if pending
        .iter()
        .any(|(_, c)| matches!(c, AreaChoice::ByWords))
    {
        for (name, description) in &area_list {
            areas.push(Area {
                name: name.clone(),
                description: description.clone(),
                guess: None,
            });
        }
    }
    let mut promises = Vec::new();
    let mut previous: Option<usize> = None;
    for (mut raw, choice) in pending {
        let (area, guess) = match choice {
            AreaChoice::Fixed(i, g) => (i, g),
            AreaChoice::ByWords => {
                let words = match &raw.row {
                    Some(_) => raw.text.clone(),
                    None => raw.parts.join(" "),
                };
                match area_by_words(&words, &area_list) {
                    Some((i, why)) => (
                        list_base + i,
                        Some(format!("fokusområdet är gissat utifrån ordet \"{why}\"")),
                    ),
                    None => (
                        previous.unwrap_or(list_base),
                        Some("fokusområdet är gissat (samma som löftet före)".to_owned()),
                    ),
                }
            }
        };
        previous = Some(area);
        raw.area = area;
        raw.area_guess = guess;
        promises.push(raw);
    }

    static DNR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i:\b(?:dnr|diarienummer|diarienr)\b)[.:]?\s*([\p{Lu}]{1,6}[ -]?\d{4}[/.:-]\d+(?:[.:/-]\d+)*)")
            .expect("valid regex")
    });
    let diarienummer = DNR
        .captures(&whole)
        .and_then(|c| Some(c.get(1)?.as_str().to_owned()));
    // Stockholm's districts: "Polisen och Skärholmens stadsdelsförvaltning".
    let district = DISTRICT
        .captures(&whole)
        .and_then(|c| Some(c.get(1)?.as_str().to_owned()));
    Found {
        diarienummer,
        kommun,
        district,
        police_area,
        title,
        period,
        deadline,
        signatories,
        areas,
        promises,
        lead,
    }
}

fn lead_in_names_area(lead_in: &str) -> bool {
    let lower = lead_in.to_lowercase();
    let who = phrase::subject(lead_in);
    !who.police
        && !who.municipality
        && !lower.starts_with("lokalpolisområde")
        && !lower.contains("genom att")
        && !lower.contains("genom följande")
        && lead_in.split_whitespace().count() <= 30
}

/// "För att öka trafiksäkerheten kommer;" → "För att öka trafiksäkerheten".
fn area_from_lead_in(lead_in: &str) -> (String, Option<String>) {
    let text = lead_in.trim().trim_end_matches([':', ';']).trim();
    let cut = [" kommer", " lovar ", " ska ", " skall "]
        .iter()
        .filter_map(|k| phrase::find_ci(text, k))
        .min();
    match cut {
        Some(c) if c > 0 => {
            let name = text[..c].trim().trim_end_matches(',').to_owned();
            let desc = (c + " kommer".len() < text.len()).then(|| lead_in.trim().to_owned());
            (name, desc)
        }
        _ => (text.to_owned(), None),
    }
}

fn join_parts(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts.iter().filter(|p| !p.trim().is_empty()) {
        if !out.is_empty() {
            if !ends_sentence(&out) {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(p.trim());
    }
    out
}

fn table_promise(
    row: &[String],
    columns: Option<&[Column]>,
) -> Option<(RawPromise, Option<String>)> {
    let cell = |want: Column| -> Option<String> {
        let cols = columns?;
        let i = cols.iter().position(|c| *c == want)?;
        row.get(i)
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
    };
    let (text, category) = match columns {
        Some(_) if cell(Column::Text).is_some() => {
            let what = cell(Column::Text)?;
            let category = cell(Column::Category);
            let text = match &category {
                Some(c) => format!("{c}: {what}"),
                None => what,
            };
            (text, category)
        }
        _ => (
            row.iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" – "),
            None,
        ),
    };
    if text.trim().is_empty() {
        return None;
    }
    let parts = match cell(Column::Text) {
        Some(_) => vec![text.clone()],
        None => row.to_vec(),
    };
    Some((
        RawPromise {
            area: 0,
            area_guess: None,
            text,
            parts,
            lead_in: None,
            prose: false,
            row: Some(Row {
                when: cell(Column::When),
                responsible: cell(Column::Responsible),
                partners: cell(Column::Partners),
                follow_up: cell(Column::FollowUp),
            }),
        },
        category,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn period_from_a_title_a_duration_or_the_deadline() {
        let b = blocks(&lines("Medborgarlöfte 2022–2023\n"));
        let p = find_period(&b, None).unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2022-01-01".into(), "2023-12-31".into())
        );
        assert!(p.guess.is_none());

        let b = blocks(&lines(
            "Avtalet löper på fyra år med början 1/1 2019 och gäller.\n",
        ));
        let p = find_period(&b, None).unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2019-01-01".into(), "2022-12-31".into())
        );

        let b = blocks(&lines(
            "En skriftlig sammanställning görs senast 2020-01-31\n",
        ));
        let d = find_deadline(&b).unwrap();
        let p = find_period(&b, Some(&d)).unwrap();
        assert_eq!(p.from.to_string(), "2019-01-01");
        assert!(p.guess.is_some());
    }

    #[test]
    fn parties_in_either_order() {
        let b = blocks(&lines(
            "Lokalpolisområde Luleå/ Boden och Luleå kommun lovar att arbeta.\n",
        ));
        let (k, p, _) = find_parties(&b);
        assert_eq!(k.as_deref(), Some("Luleå"));
        assert_eq!(p.as_deref(), Some("Luleå/Boden"));
        let b = blocks(&lines(
            "Piteå kommun och lokalpolisområde Piteå älvdal lovar att arbeta.\n",
        ));
        let (k, p, _) = find_parties(&b);
        assert_eq!(k.as_deref(), Some("Piteå"));
        assert_eq!(p.as_deref(), Some("Piteå älvdal"));
    }

    #[test]
    fn signatories_are_name_and_title_pairs() {
        let text = "Norsjö den\n\n2019-01-01\n\nLars Westermark\nLokalpolisområdeschef\n\nMikael Lindfors\nKommunstyrelsens ordförande\n\nMari-Louise Skogh\nUngdoms- och folkhälsostrateg\n";
        let s = find_signatories(&lines(text), Some("Norsjö"));
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].party.as_deref(), Some("Polisen"));
        assert_eq!(s[1].party.as_deref(), Some("Norsjö kommun"));
        assert_eq!(s[2].name, "Mari-Louise Skogh");
        assert_eq!(s[2].party, None);
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn labels_and_other_year_forms() {
        let lines: Vec<String> = "Medborgarlöfte för 2025\n\nFokusområde 1: Trafiksäkerhet\n\n• Löfte 1: Polisen ska göra minst två kontroller per år.\n\nLöfte 2 – Trygghet i centrum\n\n• Kommunen ska göra en vandring per år.\n"
            .lines()
            .map(str::to_owned)
            .collect();
        let found = read(&lines);
        assert_eq!(found.areas[0].name, "Trafiksäkerhet");
        assert_eq!(found.areas[1].name, "Trygghet i centrum");
        let p = found.period.unwrap();
        assert_eq!(
            (p.from.to_string(), p.to.to_string()),
            ("2025-01-01".into(), "2025-12-31".into())
        );
        assert!(phrase::subject(&found.promises[0].text).police);
        let b = blocks(
            &"Medborgarlöften 2024/2026\n"
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>(),
        );
        let p = find_period(&b, None).unwrap();
        assert_eq!(p.to.to_string(), "2026-12-31");
    }

    #[test]
    fn a_city_is_the_municipality() {
        let lines: Vec<String> = "Lokalpolisområde Malmö Norr och Malmö stad lovar att arbeta.\n\nTrygghet\n\n• Malmö stad ska genomföra minst två vandringar per år.\n"
            .lines()
            .map(str::to_owned)
            .collect();
        let found = read(&lines);
        assert_eq!(found.kommun.as_deref(), Some("Malmö"));
        assert_eq!(found.police_area.as_deref(), Some("Malmö Norr"));
        assert!(phrase::subject(&found.promises[0].text).municipality);
    }

    #[test]
    fn signatories_on_one_line_each() {
        let text = "Kalix den 1 mars 2022\n\nAnna Andersson, kommunstyrelsens ordförande\nPer Persson, lokalpolisområdeschef\n";
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let s = find_signatories(&lines, Some("Kalix"));
        let got: Vec<(&str, &str, Option<&str>)> = s
            .iter()
            .map(|s| (s.name.as_str(), s.role.as_str(), s.party.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Anna Andersson",
                    "Kommunstyrelsens ordförande",
                    Some("Kalix kommun")
                ),
                ("Per Persson", "Lokalpolisområdeschef", Some("Polisen")),
            ]
        );
    }

    #[test]
    fn a_year_range_in_the_promise_sentence() {
        let b = blocks(&["Lokalpolisområde Örebro och Örebro kommun lovar att arbeta tillsammans under 2024–2025.".to_owned()]);
        let p = find_period(&b, None).unwrap();
        assert_eq!(p.to.to_string(), "2025-12-31");
        assert!(p.guess.is_none());
    }

    #[test]
    fn a_period_of_whole_dates() {
        for text in [
            "Avtalet gäller 2024-03-01 – 2026-02-28.",
            "Medborgarlöftet gäller från och med 1 mars 2024 till och med 28 februari 2026.",
        ] {
            let b = blocks(&[text.to_owned()]);
            let p = find_period(&b, None).unwrap();
            assert_eq!(
                (p.from.to_string(), p.to.to_string()),
                ("2024-03-01".into(), "2026-02-28".into()),
                "{text}"
            );
        }
    }

    /// Regression: "Ärendenummer KS 2024/25" under "Medborgarlöfte för
    /// 2025" was read as the period 2024–2025.
    #[test]
    fn case_number_is_no_period() {
        for line in [
            "Ärendenummer KS 2024/25",
            "Beteckning: KS 2024/25",
            "KS 2024/25",
        ] {
            let lines: Vec<String> = format!("Medborgarlöfte för 2025\n{line}\n\nTrafik\n\n• Polisen ska göra minst två kontroller per år.\n")
                .lines()
                .map(str::to_owned)
                .collect();
            let found = read(&lines);
            let period = found.period.expect("a period");
            assert_eq!(
                period.from,
                NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                "{line}"
            );
            assert_eq!(
                period.to,
                NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
                "{line}"
            );
        }
    }

    #[test]
    fn diarienummer_is_read() {
        let lines: Vec<String> = "Kalix – medborgarlöften\n\nDnr: KS 2023/117\n\nTrafik\n\n• Polisen ska göra minst två kontroller per år.\n"
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(read(&lines).diarienummer.as_deref(), Some("KS 2023/117"));
    }
}

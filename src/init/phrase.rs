//! Step 3 of `lofte init`: read each phrase. A promise's Swedish words →
//! its targets ("minst fyra … per år" → at least 4 each year), who answers
//! for it ("Polisen ska …"), its partners and what it counts.
//!
//! The reader works on words, not on whole sentences: a count ("minst
//! fyra", "två (2)", "10", "vid minst ett tillfälle") is paired with the
//! nearest period phrase in the same clause ("per år", "i månaden",
//! "under året", "varje dygn", "var tredje vecka"). A count with no period
//! is a total over the agreement, and a guess. A number the text does not
//! say is never made up: "en" and "ett" count only where the words around
//! them make them a number.

/// Calendar unit of a period phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// Day or dygn.
    Day,
    /// Week.
    Week,
    /// Weekend (Friday evening to Sunday).
    Weekend,
    /// Month.
    Month,
    /// Quarter.
    Quarter,
    /// Half-year (January–June, July–December).
    HalfYear,
    /// School term (vår January–June, höst August–December).
    Term,
    /// Year.
    Year,
}

impl Per {
    /// The promise file's word for it.
    pub fn key(self) -> &'static str {
        match self {
            Per::Day => "dag",
            Per::Week => "vecka",
            Per::Weekend => "helg",
            Per::Month => "månad",
            Per::Quarter => "kvartal",
            Per::HalfYear => "halvår",
            Per::Term => "termin",
            Per::Year => "år",
        }
    }
}

/// How a target is measured, as read from the text.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// At least `n` in each `per` ("minst fyra per år").
    AtLeast {
        /// Count.
        n: f64,
        /// Interval.
        per: Per,
    },
    /// Average per `per` ("i snitt tre per vecka").
    Average {
        /// Count.
        n: f64,
        /// Interval.
        per: Per,
    },
    /// In the whole window ("vid minst ett tillfälle").
    Total {
        /// Count.
        n: f64,
    },
    /// At least `n` in each block of `every` weeks or months.
    Every {
        /// Count per block.
        n: f64,
        /// Block length.
        every: u32,
        /// Week or month.
        per: Per,
    },
    /// Share of days ("dagligen") or shifts ("varje arbetspass").
    Share {
        /// `true` for shifts, `false` for days.
        shift: bool,
    },
    /// More or fewer than before ("antalet anmälningar ska öka").
    Trend {
        /// `true` for "öka".
        up: bool,
    },
    /// Requests answered ("svara på alla önskemål", "på begäran"): the
    /// share of requests logged that were answered.
    Requests,
    /// No number.
    Text,
}

/// One target read from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// What it measures.
    pub kind: Kind,
    /// The words it was read from ("minst tre medborgarkontakter i snitt per vecka").
    pub description: Option<String>,
    /// What is counted, plural ("riktade insatser"), when the text names it.
    pub unit: Option<String>,
    /// Activity types listed as alternatives ("någon av följande aktiviteter; …").
    pub activities: Vec<String>,
    /// Limited to a calendar year the text names ("under 2018").
    pub year: Option<i32>,
    /// What is counted when it is days, weeks or weekends with an
    /// activity, not the activities ("minst 30 helger": `rakna =
    /// "helger"`); the promise file's word.
    pub rakna: Option<&'static str>,
    /// The text counts over the whole agreement ("under avtalsperioden"):
    /// `over = "avtalsperioden"`, so a yearly report judges the total so
    /// far, not the whole number again each year.
    pub whole_period: bool,
    /// Questions for a person to answer, in Swedish.
    pub guesses: Vec<String>,
}

impl Read {
    /// A read of `kind` with nothing else known yet.
    pub(crate) fn new(kind: Kind) -> Self {
        Read {
            kind,
            description: None,
            unit: None,
            activities: Vec::new(),
            year: None,
            rakna: None,
            whole_period: false,
            guesses: Vec::new(),
        }
    }

    /// Whether the target has a number to judge.
    pub fn is_numeric(&self) -> bool {
        !matches!(self.kind, Kind::Text)
    }
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, PartialEq)]
enum Tk {
    Word,
    Num(f64),
    /// "6-9", "13–17": a span of numbers, never a count.
    Range,
    /// "114 14", "070-123 45 67", "+46 10 123 45 67": a phone number,
    /// never a count ("ring 114 14" was "minst 114").
    Phone,
    Punct(char),
}

/// Words a phone number follows ("ring 114 14", "tel. 0923-650 00").
const PHONE_WORDS: &[&str] = &[
    "ring",
    "ringa",
    "ringer",
    "ringt",
    "telefon",
    "telefonnummer",
    "telefonnumret",
    "tel",
    "tfn",
    "mobil",
    "mobilnummer",
    "växel",
    "växeln",
    "sms",
    "numret",
];

/// Where a phone number starting at `chars[i]` ends, if one does: digits
/// in groups split by a space or a hyphen. A number after a word of
/// [`PHONE_WORDS`], one with an area code ("070-123 45 67": a leading 0,
/// which no count has), one with a country code ("+46 …"), or the police's
/// own "114 14" and "113 13".
fn phone_end(chars: &[(usize, char)], i: usize, after_phone_word: bool) -> Option<usize> {
    let digit = |k: usize| chars.get(k).is_some_and(|(_, c)| c.is_ascii_digit());
    let plus = chars.get(i).is_some_and(|(_, c)| *c == '+');
    let first = if plus { i + 1 } else { i };
    if !digit(first) {
        return None;
    }
    let mut j = first;
    while digit(j) {
        j += 1;
    }
    let mut groups = vec![(first, j)];
    loop {
        let sep = chars
            .get(j)
            .is_some_and(|(_, c)| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '-' | '–'));
        let mut k = j + 1;
        while sep && digit(k) {
            k += 1;
        }
        if !sep || !(2..=4).contains(&(k - j - 1)) {
            break;
        }
        groups.push((j + 1, k));
        j = k;
    }
    let text = |(a, b): (usize, usize)| chars[a..b].iter().map(|(_, c)| *c).collect::<String>();
    let digits: usize = groups.iter().map(|(a, b)| b - a).sum();
    let first_group = text(groups[0]);
    let service = matches!(
        groups
            .iter()
            .map(|g| text(*g))
            .collect::<Vec<_>>()
            .join(" ")
            .as_str(),
        "114 14" | "113 13" | "11414" | "11313"
    );
    let area_code = first_group.starts_with('0') && first_group.len() >= 2 && groups.len() > 1;
    let phone = service
        || (plus && digits >= 8)
        || (area_code && digits >= 7)
        || (after_phone_word && digits >= 3 && !plus);
    phone.then_some(j)
}

#[derive(Debug, Clone)]
struct Tok {
    /// Lower case.
    s: String,
    start: usize,
    end: usize,
    kind: Tk,
}

fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // "ring 114 14", "tel. 0923-650 00": the word may be followed by
        // a full stop or a colon.
        let after_phone_word = match out.as_slice() {
            [
                ..,
                w,
                Tok {
                    kind: Tk::Punct('.' | ':'),
                    ..
                },
            ]
            | [.., w] => w.kind == Tk::Word && PHONE_WORDS.contains(&w.s.as_str()),
            [] => false,
        };
        if (c.is_ascii_digit() || c == '+')
            && let Some(j) = phone_end(&chars, i, after_phone_word)
        {
            out.push(Tok {
                s: text[start..end_of(j)].to_owned(),
                start,
                end: end_of(j),
                kind: Tk::Phone,
            });
            i = j;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && chars[j].1.is_ascii_digit() {
                j += 1;
            }
            // "1 000", "2 500": Swedish typography groups thousands with a
            // space (often a no-break space). One to three digits, then
            // groups of exactly three, each after one space; read as one
            // number, else "minst 1 000" was a target of 1.
            if j - i <= 3 && c != '0' {
                while chars
                    .get(j)
                    .is_some_and(|(_, s)| matches!(s, ' ' | '\u{a0}' | '\u{202f}'))
                    && (1..=3).all(|k| chars.get(j + k).is_some_and(|(_, d)| d.is_ascii_digit()))
                    && !chars.get(j + 4).is_some_and(|(_, d)| d.is_ascii_digit())
                {
                    j += 4;
                }
            }
            // Decimal comma or point: "1,5".
            if j + 1 < chars.len()
                && matches!(chars[j].1, ',' | '.')
                && chars[j + 1].1.is_ascii_digit()
                && !(j + 2 < chars.len() && chars[j + 2].1.is_ascii_digit() && chars[j].1 == '.')
            {
                j += 1;
                while j < chars.len() && chars[j].1.is_ascii_digit() {
                    j += 1;
                }
            }
            // A range or a date: "6-9", "2019-2023", "2019-01-01".
            let mut kind = None;
            if j + 1 < chars.len()
                && matches!(chars[j].1, '-' | '–' | '—')
                && chars[j + 1].1.is_ascii_digit()
            {
                j += 1;
                while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '-') {
                    j += 1;
                }
                kind = Some(Tk::Range);
            }
            let s = &text[start..end_of(j)];
            let kind = kind.unwrap_or_else(|| {
                s.replace(',', ".")
                    .replace([' ', '\u{a0}', '\u{202f}'], "")
                    .parse::<f64>()
                    .map_or(Tk::Word, Tk::Num)
            });
            out.push(Tok {
                s: s.to_owned(),
                start,
                end: end_of(j),
                kind,
            });
            i = j;
            continue;
        }
        if c.is_alphabetic() {
            let mut j = i;
            while j < chars.len()
                && (chars[j].1.is_alphanumeric()
                    || (matches!(chars[j].1, '-' | '\'')
                        && (j + 1 >= chars.len()
                            || !chars[j + 1].1.is_whitespace()
                            || chars[j].1 == '-')))
            {
                j += 1;
            }
            let s = &text[start..end_of(j)];
            out.push(Tok {
                s: s.to_lowercase(),
                start,
                end: end_of(j),
                kind: Tk::Word,
            });
            i = j;
            continue;
        }
        out.push(Tok {
            s: c.to_string(),
            start,
            end: end_of(i + 1),
            kind: Tk::Punct(c),
        });
        i += 1;
    }
    out
}

fn is_clause_end(t: &Tok) -> bool {
    matches!(t.kind, Tk::Punct('.' | ';' | ':' | '!' | '?'))
}

fn word(t: Option<&Tok>, w: &str) -> bool {
    t.is_some_and(|t| t.kind == Tk::Word && t.s == w)
}

fn word_in(t: Option<&Tok>, ws: &[&str]) -> bool {
    t.is_some_and(|t| t.kind == Tk::Word && ws.contains(&t.s.as_str()))
}

// ---------------------------------------------------------------- numbers

/// Swedish number words that are counts wherever they stand.
fn number_word(w: &str) -> Option<f64> {
    single_number_word(w).or_else(|| compound_number_word(w))
}

/// The number words of one part ("fem", "tjugo", "hundra").
fn single_number_word(w: &str) -> Option<f64> {
    Some(match w {
        "två" => 2.0,
        "tre" => 3.0,
        "fyra" => 4.0,
        "fem" => 5.0,
        "sju" => 7.0,
        "åtta" => 8.0,
        "nio" => 9.0,
        "tio" => 10.0,
        "elva" => 11.0,
        "tolv" => 12.0,
        "tretton" => 13.0,
        "fjorton" => 14.0,
        "femton" => 15.0,
        "sexton" => 16.0,
        "sjutton" => 17.0,
        "arton" | "aderton" => 18.0,
        "nitton" => 19.0,
        "tjugo" => 20.0,
        "trettio" => 30.0,
        "fyrtio" => 40.0,
        "femtio" => 50.0,
        "sextio" => 60.0,
        "sjuttio" => 70.0,
        "åttio" => 80.0,
        "nittio" => 90.0,
        "hundra" | "etthundra" => 100.0,
        "tusen" | "ettusen" | "etttusen" => 1000.0,
        _ => return None,
    })
}

/// A one ("en", "ett", "två" … "nio"), as a compound's last part.
fn one(w: &str) -> Option<f64> {
    weak_number_word(w)
        .or_else(|| single_number_word(w))
        .filter(|n| *n < 10.0)
}

/// "tjugofem", "trettiotvå", "tvåhundrafemtio": a number written as one
/// word. Without this, "minst tjugofem insatser" had no number and was
/// drafted as text with no mark.
fn compound_number_word(w: &str) -> Option<f64> {
    const TENS: &[(&str, f64)] = &[
        ("tjugo", 20.0),
        ("trettio", 30.0),
        ("fyrtio", 40.0),
        ("femtio", 50.0),
        ("sextio", 60.0),
        ("sjuttio", 70.0),
        ("åttio", 80.0),
        ("nittio", 90.0),
    ];
    let mut rest = w;
    let mut total = 0.0;
    let mut parts = 0;
    if let Some(at) = rest.find("hundra") {
        let before = &rest[..at];
        let times = match before {
            "" => 1.0,
            _ => one(before)?,
        };
        total += times * 100.0;
        rest = &rest[at + "hundra".len()..];
        parts += if before.is_empty() { 1 } else { 2 };
    }
    if let Some((word, n)) = TENS.iter().find(|(t, _)| rest.starts_with(t)) {
        total += n;
        rest = &rest[word.len()..];
        parts += 1;
    }
    if !rest.is_empty() {
        // After "hundra" a teen may follow ("hundratolv"); after tens only
        // a one ("tjugofem").
        let teen = (parts == 1 && total >= 100.0)
            .then(|| single_number_word(rest).filter(|n| (10.0..20.0).contains(n)))
            .flatten();
        total += teen.or_else(|| one(rest))?;
        parts += 1;
    }
    (parts >= 2 && total > 0.0).then_some(total)
}

/// Number words that are also ordinary words ("en" is an article, "sex" a
/// noun): counts only where the words around them say so.
fn weak_number_word(w: &str) -> Option<f64> {
    match w {
        "en" | "ett" => Some(1.0),
        "sex" => Some(6.0),
        _ => None,
    }
}

fn ordinal(w: &str) -> Option<u32> {
    Some(match w {
        "andra" => 2,
        "tredje" => 3,
        "fjärde" => 4,
        "femte" => 5,
        "sjätte" => 6,
        "sjunde" => 7,
        "åttonde" => 8,
        "nionde" => 9,
        "tionde" => 10,
        "elfte" => 11,
        "tolfte" => 12,
        "fjortonde" => 14,
        _ => return None,
    })
}

/// Words after which a number names a thing, not a count ("årskurs 7").
const NOT_COUNT_BEFORE: &[&str] = &[
    "årskurs", "åk", "år", "klass", "klasser", "nr", "nummer", "kapitel", "kap", "sidan", "sida",
    "kl", "klockan", "version", "steg", "nivå", "vecka", "v", "bilaga", "punkt", "paragraf", "lag",
    "rum", "väg", "gatan", "grad", "nivån", "kvartal",
];

/// Words that make a number an upper bound.
const UPPER: &[&str] = &["högst", "max", "maximalt", "maximum"];
/// Words that make a number approximate.
const ABOUT: &[&str] = &[
    "cirka", "ca", "ungefär", "omkring", "runt", "drygt", "nästan",
];
/// Words that make a number a wish, not a promise ("gärna tio").
const WISH: &[&str] = &["gärna", "helst", "förhoppningsvis", "önskvärt"];
/// Words that make a number a lower bound.
const LOWER: &[&str] = &["minst", "åtminstone", "lägst", "minimum"];
/// Words after a count that name how often, not what.
const TIMES: &[&str] = &["gång", "gånger", "ggr", "gg"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Bound {
    Exact,
    Lower,
    Upper,
    About,
    /// "1-2 gånger": read as the lower figure.
    Range,
    /// "fler än 10", "över 20": more than the number.
    Above,
    /// "tre av fyra": a share of a whole, read as its count.
    OutOf,
    /// "en handfull": no number at all.
    Vague,
}

/// The two figures of a span ("2–4").
fn range_bounds(s: &str) -> Option<(f64, f64)> {
    let mut parts = s.split(['-', '–', '—']);
    let low = parts.next()?.trim().replace(' ', "").parse::<f64>().ok()?;
    let high = parts.next()?.trim().replace(' ', "").parse::<f64>().ok()?;
    parts.next().is_none().then_some((low, high))
}

/// A span written in words ([`word_span`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordSpan {
    /// A span of things: one past its upper figure.
    Of(usize),
    /// A span of ages, times or days ("13 till 17 år", "1 till 3 mars"):
    /// no count at all.
    NoCount,
}

/// A span in words whose lower figure `low` stands at `i`: "fyra till
/// sex", "2 till 3", "två eller tre", "fyra à fem", "mellan fyra och
/// sex".
fn word_span(toks: &[Tok], i: usize, low: f64) -> Option<WordSpan> {
    let joined = match toks.get(i + 1)?.s.as_str() {
        "till" | "à" | "a" | "eller" => true,
        "och" => i > 0 && word(toks.get(i - 1), "mellan"),
        _ => false,
    };
    let high = figure(toks.get(i + 2)?)?;
    if !joined || low >= high || high >= 1000.0 {
        return None;
    }
    let next = toks.get(i + 3).filter(|n| n.kind == Tk::Word)?;
    if NOT_COUNT_AFTER_RANGE.contains(&next.s.as_str()) || dates::month_of(&next.s).is_some() {
        return Some(WordSpan::NoCount);
    }
    period_at(toks, i + 3)
        .is_none()
        .then_some(WordSpan::Of(i + 3))
}

#[derive(Debug, Clone)]
struct Count {
    n: f64,
    /// First token of the phrase (a bound word, or the number).
    start: usize,
    /// One past the number (and its "(2)").
    end: usize,
    bound: Bound,
    weak: bool,
}

/// "tiotal" (about ten), "ett 20-tal", "dussin": a number the text gives
/// only roughly. The value and one past its last token.
fn approximate_at(toks: &[Tok], i: usize) -> Option<(f64, usize)> {
    let t = toks.get(i)?;
    match &t.kind {
        // "20-tal": the tokenizer leaves "20", "-", "tal".
        Tk::Num(n)
            if matches!(toks.get(i + 1).map(|t| &t.kind), Some(Tk::Punct('-' | '–')))
                && word(toks.get(i + 2), "tal") =>
        {
            Some((*n, i + 3))
        }
        Tk::Word => {
            if matches!(t.s.as_str(), "dussin" | "dussintal") {
                return Some((12.0, i + 1));
            }
            let tens = t.s.strip_suffix("tal")?;
            let n = number_word(tens)?;
            // "tiotal", "tjugotal", "hundratal": a round number, not "femtal".
            (n >= 10.0 && n % 10.0 == 0.0).then_some((n, i + 1))
        }
        _ => None,
    }
}

/// Words for a small, unstated number ("en handfull"): not a count.
const VAGUE_AMOUNT: &[&str] = &["handfull", "handfullt"];

/// Words after a span of numbers that make it no count ("13–17 år").
const NOT_COUNT_AFTER_RANGE: &[&str] = &[
    "år", "års", "åriga", "åringar", "åring", "procent", "kl", "klockan",
];

fn count_at(toks: &[Tok], i: usize) -> Option<Count> {
    let t = &toks[i];
    let prev = i.checked_sub(1).map(|p| &toks[p]);
    // "1-2 gånger per år", "2–4 föräldraträffar per år": the lower
    // figure, marked. Not a span of years, ages, classes or times ("år
    // 6-9", "13–17 år", "kl 18-22"), nor one before a period word
    // ("Temadag för 6-9 årligen": the classes).
    if t.kind == Tk::Range
        && !word_in(prev, NOT_COUNT_BEFORE)
        && let Some((low, high)) = range_bounds(&t.s)
        && low < high
        && high < 1000.0
        && toks.get(i + 1).is_some_and(|n| {
            n.kind == Tk::Word
                && !NOT_COUNT_AFTER_RANGE.contains(&n.s.as_str())
                && dates::month_of(&n.s).is_none()
        })
        && period_at(toks, i + 1).is_none()
    {
        return Some(Count {
            n: low,
            start: i,
            end: i + 1,
            bound: Bound::Range,
            weak: false,
        });
    }
    // "ett tiotal", "ett 20-tal", "ett dussin": about that many.
    let article = word_in(Some(t), &["en", "ett"]);
    let approximate = if article {
        approximate_at(toks, i + 1)
    } else {
        approximate_at(toks, i)
    };
    if let Some((n, end)) = approximate {
        let start = if word_in(prev, LOWER) || word_in(prev, ABOUT) {
            i - 1
        } else {
            i
        };
        return Some(Count {
            n,
            start,
            end,
            bound: Bound::About,
            weak: false,
        });
    }
    // "en handfull": a number the text does not say.
    if article && word_in(toks.get(i + 1), VAGUE_AMOUNT) {
        return Some(Count {
            n: 1.0,
            start: i,
            end: i + 2,
            bound: Bound::Vague,
            weak: false,
        });
    }
    let (n, weak) = match &t.kind {
        Tk::Num(n) => (*n, false),
        Tk::Word => match number_word(&t.s) {
            Some(n) => (n, false),
            None => (weak_number_word(&t.s)?, true),
        },
        _ => return None,
    };
    // "0" is no target (the promise file refuses antal = 0).
    if n <= 0.0 {
        return None;
    }
    // A year, a class or a page is not a count.
    // ("2 000" with its thousands space is a count, not a year.)
    if matches!(t.kind, Tk::Num(_))
        && (1900.0..=2100.0).contains(&n)
        && n.fract() == 0.0
        && !t.s.contains(char::is_whitespace)
    {
        return None;
    }
    if word_in(prev, NOT_COUNT_BEFORE) {
        return None;
    }
    // "minst fem, gärna tio": a wish beside the promise, not a target.
    if word_in(prev, WISH) {
        return None;
    }
    let next = toks.get(i + 1);
    if next.is_some_and(|n| matches!(n.kind, Tk::Punct('%' | ':')) || n.s == "procent") {
        return None;
    }
    // "under 18 år", "över 15 år": an age.
    if word_in(prev, &["under", "över", "från", "till"]) && word_in(next, &["år", "års"]) {
        return None;
    }
    // "inom två veckor", "senast tre dagar efter": a time to act in, not
    // a count of anything.
    if word_in(prev, &["inom", "senast"]) && word_in(next, DURATIONS) {
        return None;
    }
    // "ett par", "en del", "ett antal", "en gång till": not a number.
    if weak
        && word_in(
            next,
            &["par", "del", "antal", "flertal", "stor", "viss", "sådan"],
        )
    {
        return None;
    }
    // "fyra till sex", "2 till 3", "två eller tre", "mellan fyra och sex":
    // a span in words, read as its lower figure like "4–6". Read as two
    // counts, the upper one was a second target, unmarked.
    let span = word_span(toks, i, n);
    if span == Some(WordSpan::NoCount) {
        return None;
    }
    // "minst tre av fyra skolor", "sex av årets tolv", "tre av de fyra":
    // that many of the whole, not a second target of the whole.
    let whole = |k: usize| toks.get(k).and_then(figure).is_some_and(|m| m > n);
    let between = toks
        .get(i + 2)
        .is_some_and(|w| w.kind == Tk::Word && figure(w).is_none());
    if word(toks.get(i + 1), "av")
        && let Some(end) = if whole(i + 2) {
            Some(i + 3)
        } else {
            (between && whole(i + 3)).then_some(i + 4)
        }
    {
        let start = if word_in(prev, LOWER) { i - 1 } else { i };
        return Some(Count {
            n,
            start,
            end,
            bound: Bound::OutOf,
            weak: false,
        });
    }
    // "öka … från 10 till 15 per år": 10 is where it starts, not a target.
    if word(prev, "från")
        && word(toks.get(i + 1), "till")
        && toks.get(i + 2).and_then(figure).is_some()
    {
        return None;
    }
    if let Some(WordSpan::Of(end)) = span {
        let start = if word(prev, "mellan") || word_in(prev, LOWER) || word_in(prev, ABOUT) {
            i - 1
        } else {
            i
        };
        return Some(Count {
            n,
            start,
            end,
            bound: Bound::Range,
            weak: false,
        });
    }
    let mut start = i;
    let mut bound = Bound::Exact;
    if let Some(p) = prev {
        if word_in(Some(p), LOWER) {
            bound = Bound::Lower;
            start = i - 1;
            if i >= 2 && word(toks.get(i - 2), "som") {
                start = i - 2;
            }
        } else if word_in(Some(p), UPPER) {
            bound = Bound::Upper;
            start = i - 1;
        } else if word_in(Some(p), ABOUT) {
            bound = Bound::About;
            start = i - 1;
        } else if i >= 2
            && word(Some(p), "än")
            && word_in(toks.get(i - 2), &["färre", "mindre"])
            && word(toks.get(i.wrapping_sub(3)), "inte")
        {
            bound = Bound::Lower;
            start = i - 3;
        } else if i >= 2 && word(Some(p), "till") && word(toks.get(i - 2), "upp") {
            // "upp till fem": a ceiling, as "högst".
            bound = Bound::Upper;
            start = i - 2;
        } else if i >= 2 && word(Some(p), "än") && word_in(toks.get(i - 2), &["fler", "mer"]) {
            // "fler än 10" is 11 or more; "inte fler än 10" a ceiling.
            if i >= 3 && word(toks.get(i - 3), "inte") {
                bound = Bound::Upper;
                start = i - 3;
            } else {
                bound = Bound::Above;
                start = i - 2;
            }
        } else if word(Some(p), "över") {
            bound = Bound::Above;
            start = i - 1;
        }
    }
    if start > 0 && word(toks.get(start - 1), "vid") {
        start -= 1;
    }
    // "två (2)", "2 (två)": the second repeats the first.
    let mut end = i + 1;
    if matches!(toks.get(end).map(|t| &t.kind), Some(Tk::Punct('(')))
        && toks.get(end + 1).and_then(figure) == Some(n)
        && matches!(toks.get(end + 2).map(|t| &t.kind), Some(Tk::Punct(')')))
    {
        end += 3;
    }
    // "fler än 10" counts 11 and up; the read says so in its mark.
    let n = if bound == Bound::Above && n.fract() == 0.0 {
        n + 1.0
    } else {
        n
    };
    Some(Count {
        n,
        start,
        end,
        bound,
        weak,
    })
}

// ---------------------------------------------------------------- periods

#[derive(Debug, Clone, PartialEq)]
enum P {
    /// "per år", "i månaden": with a count, at least that many each.
    Per(Per),
    /// "varje år", "årligen", "dagligen": as `Per`, and alone it means once.
    Each(Per),
    /// "varje arbetspass".
    Shift,
    /// "var tredje vecka".
    Every {
        every: u32,
        per: Per,
        note: Option<String>,
    },
    /// "under perioden".
    Whole,
    /// "under 2018".
    YearOf(i32),
    /// "per läsår": a unit lofte does not count in.
    Unsupported(String),
    /// "under sommaren": once a year, in one season.
    Season(String),
}

#[derive(Debug, Clone)]
struct PeriodMatch {
    p: P,
    start: usize,
    end: usize,
}

fn unit_word(w: &str) -> Option<Result<Per, &'static str>> {
    Some(Ok(match w {
        "år" | "året" | "kalenderår" | "kalenderåret" | "verksamhetsår" | "verksamhetsåret" => {
            Per::Year
        }
        "vecka" | "veckan" => Per::Week,
        "månad" | "månaden" | "mån" => Per::Month,
        "kvartal" | "kvartalet" => Per::Quarter,
        "dag" | "dagen" | "dygn" | "dygnet" => Per::Day,
        "termin" | "terminen" => Per::Term,
        "halvår" | "halvåret" => Per::HalfYear,

        "läsår" | "läsåret" => return Some(Err("läsår")),
        // "under varje lov": the school holidays, no calendar period.
        "lov" | "skollov" => return Some(Err("lov")),
        _ => return None,
    }))
}

fn is_shift_word(w: &str) -> bool {
    matches!(
        w,
        "arbetspass" | "pass" | "passet" | "arbetspasset" | "tjänstgöringspass"
    )
}

fn period_at(toks: &[Tok], i: usize) -> Option<PeriodMatch> {
    let t = &toks[i];
    let next = toks.get(i + 1);
    let m = |p: P, len: usize| {
        Some(PeriodMatch {
            p,
            start: i,
            end: i + len,
        })
    };
    if t.kind == Tk::Word {
        match t.s.as_str() {
            "årligen" | "årsvis" => return m(P::Each(Per::Year), 1),
            "månatligen" | "månadsvis" => return m(P::Each(Per::Month), 1),
            "veckovis" | "veckoligen" => return m(P::Each(Per::Week), 1),
            "dagligen" | "dagsvis" => return m(P::Each(Per::Day), 1),
            "kvartalsvis" => return m(P::Each(Per::Quarter), 1),
            "terminsvis" => return m(P::Each(Per::Term), 1),
            "halvårsvis" => return m(P::Each(Per::HalfYear), 1),
            "varannan" | "vartannat" => {
                let w = next?;
                return match w.s.as_str() {
                    "vecka" => m(
                        P::Every {
                            every: 2,
                            per: Per::Week,
                            note: None,
                        },
                        2,
                    ),
                    "helg" => m(
                        P::Every {
                            every: 2,
                            per: Per::Weekend,
                            note: None,
                        },
                        2,
                    ),
                    "månad" => m(
                        P::Every {
                            every: 2,
                            per: Per::Month,
                            note: None,
                        },
                        2,
                    ),
                    "år" => m(
                        P::Every {
                            every: 24,
                            per: Per::Month,
                            note: None,
                        },
                        2,
                    ),
                    _ => None,
                };
            }
            "var" | "vart" => {
                // "var tredje vecka", "var 3:e vecka", "var 14:e dag".
                let (every, len) = match toks.get(i + 1) {
                    Some(o) if ordinal(&o.s).is_some() => (ordinal(&o.s)?, 2),
                    // "var annan vecka": "varannan" in two words.
                    Some(o) if matches!(o.s.as_str(), "annan" | "annat") => (2, 2),
                    Some(Tok {
                        kind: Tk::Num(n), ..
                    }) if matches!(toks.get(i + 2).map(|t| &t.kind), Some(Tk::Punct(':')))
                        && word_in(toks.get(i + 3), &["e", "a"]) =>
                    {
                        (*n as u32, 4)
                    }
                    _ => return None,
                };
                let unit = toks.get(i + len)?;
                return match unit.s.as_str() {
                    "vecka" => m(
                        P::Every {
                            every,
                            per: Per::Week,
                            note: None,
                        },
                        len + 1,
                    ),
                    "helg" => m(
                        P::Every {
                            every,
                            per: Per::Weekend,
                            note: None,
                        },
                        len + 1,
                    ),
                    "månad" => m(
                        P::Every {
                            every,
                            per: Per::Month,
                            note: None,
                        },
                        len + 1,
                    ),
                    "år" => m(
                        P::Every {
                            every: every * 12,
                            per: Per::Month,
                            note: None,
                        },
                        len + 1,
                    ),
                    "dag" | "dygn" if every % 7 == 0 => m(
                        P::Every {
                            every: every / 7,
                            per: Per::Week,
                            note: None,
                        },
                        len + 1,
                    ),
                    "dag" | "dygn" => m(P::Unsupported(text_of(toks, i, i + len + 1)), len + 1),
                    _ => None,
                };
            }
            "per" | "varje" | "i" | "om" | "/" => {}
            "under" => {
                let w = next?;
                if let Some(y) = year_at(toks, i + 1) {
                    // "under 2024 och 2025" names more than one year: no
                    // target for 2024 alone.
                    if more_years_follow(toks, i + 2) {
                        return None;
                    }
                    return m(P::YearOf(y), 2);
                }
                // "under perioden april–oktober": part of each year.
                if w.s == "perioden"
                    && toks
                        .get(i + 2)
                        .is_some_and(|t| dates::month_of(&t.s).is_some())
                {
                    let mut end = i + 3;
                    if matches!(
                        toks.get(end).map(|t| &t.kind),
                        Some(Tk::Punct('-' | '–' | '—'))
                    ) && toks
                        .get(end + 1)
                        .is_some_and(|t| dates::month_of(&t.s).is_some())
                    {
                        end += 2;
                    }
                    return m(P::Season(text_of(toks, i + 1, end)), end - i);
                }
                if matches!(
                    w.s.as_str(),
                    "perioden"
                        | "avtalsperioden"
                        | "löftesperioden"
                        | "tidsperioden"
                        | "medborgarlöftesperioden"
                        | "avtalstiden"
                        | "löftestiden"
                ) {
                    return m(P::Whole, 2);
                }
                if w.s == "hela"
                    && word_in(
                        toks.get(i + 2),
                        &[
                            "perioden",
                            "avtalsperioden",
                            "avtalstiden",
                            "löftesperioden",
                        ],
                    )
                {
                    return m(P::Whole, 3);
                }
                if w.s == "året" {
                    return m(P::Per(Per::Year), 2);
                }
                if matches!(
                    w.s.as_str(),
                    "sommaren"
                        | "hösten"
                        | "våren"
                        | "vintern"
                        | "sommarlovet"
                        | "jullovet"
                        | "sportlovet"
                        | "höstlovet"
                        | "påsklovet"
                        | "julen"
                        | "skolavslutningen"
                        | "valborg"
                        | "midsommar"
                ) {
                    return m(P::Season(w.s.clone()), 2);
                }
                if w.s == "hela" && word(toks.get(i + 2), "året") {
                    return m(P::Per(Per::Year), 3);
                }
                if w.s == "varje" && word_in(toks.get(i + 2), &["år", "kalenderår"]) {
                    return m(P::Per(Per::Year), 3);
                }
                return None;
            }
            _ => return None,
        }
    }
    // "per år", "varje vecka", "i månaden", "om året", "/år".
    let lead = t.s.as_str();
    if !matches!(lead, "per" | "varje" | "i" | "om" | "/") {
        return None;
    }
    let w = next?;
    if w.kind != Tk::Word {
        return None;
    }
    if is_shift_word(&w.s) && matches!(lead, "per" | "varje" | "/") {
        return m(P::Shift, 2);
    }
    if w.s == "helg" && matches!(lead, "per" | "varje") {
        let p = if lead == "per" {
            P::Per(Per::Weekend)
        } else {
            P::Each(Per::Weekend)
        };
        return m(p, 2);
    }
    let unit = unit_word(&w.s)?;
    // "i" and "om" take only the definite form: "i månaden", not "i år".
    let definite = w.s.ends_with("en") || w.s.ends_with("et") || w.s.ends_with("an");
    match (lead, unit) {
        (_, Err(name)) => m(P::Unsupported(format!("{lead} {name}")), 2),
        ("i" | "om", Ok(_)) if !definite => None,
        ("varje", Ok(per)) => m(P::Each(per), 2),
        (_, Ok(per)) => m(P::Per(per), 2),
    }
}

/// The year written at `i` ("2024"), not a count.
fn year_at(toks: &[Tok], i: usize) -> Option<i32> {
    match toks.get(i) {
        Some(Tok {
            kind: Tk::Num(y),
            s,
            ..
        }) if (1900.0..=2100.0).contains(y) && y.fract() == 0.0 && !s.contains(' ') => {
            Some(*y as i32)
        }
        _ => None,
    }
}

/// "… och 2025", "…, 2025", "… – 2025" after a year: the text names
/// several years.
fn more_years_follow(toks: &[Tok], i: usize) -> bool {
    let joins = word_in(toks.get(i), &["och", "samt", "till"])
        || matches!(
            toks.get(i).map(|t| &t.kind),
            Some(Tk::Punct(',' | '-' | '–' | '—' | '/'))
        );
    joins && year_at(toks, i + 1).is_some()
}

fn text_of(toks: &[Tok], from: usize, to: usize) -> String {
    toks[from..to]
        .iter()
        .map(|t| t.s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_average(toks: &[Tok], from: usize, to: usize) -> bool {
    let to = to.min(toks.len());
    (from..to).any(|i| {
        (word(toks.get(i), "i")
            && word_in(
                toks.get(i + 1),
                &["snitt", "genomsnitt", "medeltal", "medel", "medeltal"],
            ))
            || word_in(toks.get(i), &["genomsnittligt", "genomsnittligen", "snitt"])
    })
}

// ---------------------------------------------------------------- targets

/// Stop words that end the noun after a count ("fyra riktade insatser i …").
const UNIT_STOP: &[&str] = &[
    "i",
    "på",
    "per",
    "under",
    "för",
    "mot",
    "med",
    "till",
    "av",
    "och",
    "eller",
    "enligt",
    "som",
    "vid",
    "tillsammans",
    "inom",
    "hos",
    "där",
    "när",
    "varje",
    "ska",
    "skall",
    "kommer",
    "samt",
    "från",
    "om",
    "genom",
    "gällande",
    "riktade",
    "riktad",
    "årligen",
    "dagligen",
    "var",
    "varannan",
    "att",
    "kan",
    "bör",
    "utifrån",
    "efter",
    "in",
    "ut",
    "runt",
    "kring",
    "avseende",
    "angående",
    "innan",
    "före",
];

fn unit_after(text: &str, toks: &[Tok], from: usize, n: f64) -> Option<String> {
    if n == 1.0 {
        // Written in the singular; the promise file wants the plural.
        return None;
    }
    let mut words: Vec<&Tok> = Vec::new();
    let mut i = from;
    while i < toks.len() && words.len() < 3 {
        let t = &toks[i];
        match &t.kind {
            Tk::Punct('"' | '”' | '“' | '\'' | '’' | '»' | '«') => {
                i += 1;
                continue;
            }
            Tk::Word => {}
            _ => break,
        }
        if TIMES.contains(&t.s.as_str()) {
            return None;
        }
        if words.is_empty() && t.s.starts_with("tillfälle") {
            return Some(text.get(t.start..t.end)?.to_owned());
        }
        // "riktade insatser": an adjective before the noun belongs to it.
        if UNIT_STOP.contains(&t.s.as_str()) && !(words.is_empty() && t.s.starts_with("riktad")) {
            break;
        }
        words.push(t);
        i += 1;
    }
    let first = words.first()?;
    let last = words.last()?;
    Some(
        text.get(first.start..last.end)?
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_owned(),
    )
    .filter(|s| !s.is_empty())
}

/// Reads the targets in `text`. No target means the text has no number
/// (a promise reported in words).
pub fn targets(text: &str) -> Vec<Read> {
    let toks = tokenize(text);
    let span = |a: usize, b: usize| -> String {
        let from = toks.get(a).map_or(text.len(), |t| t.start);
        let to = b
            .checked_sub(1)
            .and_then(|b| toks.get(b))
            .map_or(text.len(), |t| t.end);
        text.get(from..to.max(from)).unwrap_or("").trim().to_owned()
    };
    let mut periods: Vec<PeriodMatch> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some(p) = period_at(&toks, i) {
            i = p.end;
            periods.push(p);
        } else {
            i += 1;
        }
    }
    let in_period = |i: usize| periods.iter().any(|p| p.start <= i && i < p.end);
    let mut counts: Vec<Count> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !in_period(i)
            && let Some(c) = count_at(&toks, i)
        {
            i = c.end;
            counts.push(c);
        } else {
            i += 1;
        }
    }
    let clause_of = |i: usize| -> usize {
        toks[..i.min(toks.len())]
            .iter()
            .filter(|t| is_clause_end(t))
            .count()
    };

    // "under 2024 genomföra minst fem och under 2025 minst sju": each
    // period stands before its count, and the clause's last count has
    // none after it. Read after-first, fem took 2025 and sju 2024; in
    // such a clause each count takes the period before it.
    let leading_clauses: std::collections::BTreeSet<usize> = counts
        .iter()
        .map(|c| clause_of(c.start))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|&clause| {
            let in_clause = || counts.iter().filter(|k| clause_of(k.start) == clause);
            in_clause().next().is_some_and(|first| {
                periods
                    .iter()
                    .any(|p| p.end <= first.start && clause_of(p.start) == clause)
            }) && in_clause().next_back().is_some_and(|last| {
                !periods
                    .iter()
                    .any(|p| p.start >= last.end && clause_of(p.start) == clause)
            })
        })
        .collect();
    let mut used = vec![false; periods.len()];
    let mut reads: Vec<Read> = Vec::new();
    // The clause of each read from a count, for a year said elsewhere in it.
    let mut read_clauses: Vec<usize> = Vec::new();
    let mut loose: Vec<String> = Vec::new();
    let places = named_places(&toks, text);
    let part = part_of_target(&toks);
    // Counts a named place has of its own ("och fyra på Kungsvägen").
    let mut place_counts: Vec<f64> = Vec::new();
    for (ci, c) in counts.iter().enumerate() {
        if let Some(p) = &places
            && p.after_first.contains(&c.start)
        {
            place_counts.push(c.n);
            continue;
        }
        // "varav minst fyra tillsammans med kommunen": part of the count
        // before it, not a target of its own.
        if part.as_ref().is_some_and(|p| p.contains(&c.start)) {
            continue;
        }
        // "minst 30 helger", "40 dagar under året": the days, weeks or
        // weekends with an activity are counted, not the activities.
        let rakna = toks.get(c.end).and_then(|t| counted_days(&t.s));
        let clause = clause_of(c.start);
        let next_count = counts.get(ci + 1).map_or(usize::MAX, |n| n.start);
        let prev_count_end = ci.checked_sub(1).map_or(0, |p| counts[p].end);
        // The nearest period after the count in its clause, before the next
        // count; else the nearest before it.
        let after = periods.iter().enumerate().find(|(pi, p)| {
            !used[*pi]
                && p.start >= c.end
                && p.start < next_count
                && clause_of(p.start) == clause
                && p.start - c.end <= 14
        });
        let before = || {
            periods.iter().enumerate().rev().find(|(pi, p)| {
                !used[*pi]
                    && p.end <= c.start
                    && p.start >= prev_count_end
                    && clause_of(p.start) == clause
            })
        };
        let found = if leading_clauses.contains(&clause) {
            before().or(after)
        } else {
            after.or_else(before)
        };
        if c.weak && c.bound == Bound::Exact {
            let times_follow =
                word_in(toks.get(c.end), TIMES) || word_in(toks.get(c.end), &["tillfälle"]);
            let parenthesised = c.end > c.start + 1;
            if found.is_none() && !times_follow && !parenthesised {
                // "genomföra en informationskampanj": perhaps a target of one.
                if c.start > 0 && word_in(toks.get(c.start - 1), DOING) {
                    loose.push(span(c.start, unit_end(&toks, c.end)));
                }
                continue;
            }
        }
        let Some((pi, pm)) = found else {
            let phrase = span(c.start, c.end);
            let mut read = Read::new(Kind::Total { n: c.n });
            read.description = Some(span(c.start, (c.end + 4).min(unit_end(&toks, c.end))));
            read.unit = unit_after(text, &toks, c.end, c.n);
            read.rakna = rakna;
            read.guesses.push(format!(
                "\"{phrase}\" anger ingen period — per år eller hela avtalsperioden?"
            ));
            finish_bound(&mut read, c, &phrase);
            reads.push(read);
            read_clauses.push(clause);
            continue;
        };
        used[pi] = true;
        let (from, to) = (c.start.min(pm.start), c.end.max(pm.end));
        let average = has_average(&toks, from.saturating_sub(3), to + 3);
        let mut read = match &pm.p {
            P::Per(per) | P::Each(per) => {
                if average && matches!(per, Per::Day | Per::Week | Per::Month) {
                    Read::new(Kind::Average { n: c.n, per: *per })
                } else if average {
                    // The promise file averages per day, week or month
                    // only: "i snitt tio per år" was drafted as a target
                    // `lofte check` refuses.
                    let mut r = Read::new(Kind::AtLeast { n: c.n, per: *per });
                    r.guesses.push(format!(
                        "\"{}\" — lofte räknar snitt bara per dag, vecka eller månad; läst som minst {} per {} — stämmer det?",
                        span(from, to),
                        number_text(c.n),
                        per.key()
                    ));
                    r
                } else {
                    Read::new(Kind::AtLeast { n: c.n, per: *per })
                }
            }
            P::Shift => {
                let mut r = Read::new(Kind::Share { shift: true });
                if c.n != 1.0 {
                    r.guesses.push(format!(
                        "\"{}\" — lofte räknar andelen arbetspass med minst en aktivitet, inte {} per pass",
                        span(from, to),
                        c.n
                    ));
                }
                r
            }
            P::Every { every, per, note } => {
                let mut r = Read::new(Kind::Every {
                    n: c.n,
                    every: *every,
                    per: *per,
                });
                r.guesses.extend(note.clone());
                r
            }
            P::Whole => {
                let mut r = Read::new(Kind::Total { n: c.n });
                r.whole_period = true;
                r
            }
            P::Season(season) => {
                let mut r = Read::new(Kind::AtLeast {
                    n: c.n,
                    per: Per::Year,
                });
                r.guesses.push(format!(
                    "\"under {season}\" läses som minst {} per år — stämmer det?",
                    number_text(c.n)
                ));
                r
            }
            P::YearOf(y) => {
                let mut r = Read::new(Kind::Total { n: c.n });
                r.year = Some(*y);
                r
            }
            P::Unsupported(words) => {
                let mut r = Read::new(Kind::Text);
                r.guesses.push(format!(
                    "\"{}\" — lofte har ingen period \"{words}\"; skriv om målet per månad, kvartal eller år, eller lämna det som text",
                    span(from, to)
                ));
                r
            }
        };
        // "minst 4 … per år 2024 och minst 6 … per år 2025": each target
        // holds for its own year.
        let mut to = to;
        if matches!(pm.p, P::Per(_) | P::Each(_))
            && to == pm.end
            && let Some(y) = year_at(&toks, pm.end)
            && !more_years_follow(&toks, pm.end + 1)
        {
            read.year = Some(y);
            to += 1;
        }
        let to = if average {
            extend_average(&toks, to)
        } else {
            to
        };
        read.description = Some(span(from, to));
        read.unit = unit_after(text, &toks, c.end, c.n);
        if matches!(
            read.kind,
            Kind::AtLeast { .. } | Kind::Total { .. } | Kind::Every { .. }
        ) {
            read.rakna = rakna;
        }
        if let Some(unit) = &read.unit
            && ["timm", "minut"]
                .iter()
                .any(|u| unit.to_lowercase().starts_with(u))
        {
            read.guesses.push(format!(
                "målet räknas i {unit}: logga dem i kolumnen Antal, eller ange kolumn = \"…\" för en kolumn med {unit}"
            ));
        }
        let phrase = span(c.start, c.end);
        finish_bound(&mut read, c, &phrase);
        reads.push(read);
        read_clauses.push(clause);
    }

    // "Under 2024 genomföra minst 5 insatser per månad": the year stands
    // apart from the count's period but limits it all the same.
    for (pi, pm) in periods.iter().enumerate() {
        let P::YearOf(y) = pm.p else { continue };
        if used[pi] {
            continue;
        }
        let clause = clause_of(pm.start);
        for (r, _) in reads
            .iter_mut()
            .zip(&read_clauses)
            .filter(|(_, c)| **c == clause)
        {
            if r.year.is_none() && r.is_numeric() && !r.whole_period {
                r.year = Some(y);
                used[pi] = true;
            }
        }
    }

    // A frequency word alone means once: "dagligen", "varje arbetspass",
    // "var tredje vecka", "årligen".
    for (pi, pm) in periods.iter().enumerate() {
        if used[pi] {
            continue;
        }
        let words = span(pm.start, pm.end);
        let read = match &pm.p {
            P::Each(Per::Day) => Read::new(Kind::Share { shift: false }),
            P::Shift if toks[pm.start].s == "varje" => Read::new(Kind::Share { shift: true }),
            P::Each(per) => {
                let mut r = Read::new(Kind::AtLeast { n: 1.0, per: *per });
                r.guesses.push(format!(
                    "\"{words}\" utan antal läses som minst 1 per {} — stämmer det?",
                    per.key()
                ));
                r
            }
            P::Every { every, per, note } => {
                let mut r = Read::new(Kind::Every {
                    n: 1.0,
                    every: *every,
                    per: *per,
                });
                r.guesses.extend(note.clone());
                r
            }
            _ => continue,
        };
        let mut read = read;
        let segment = segment_before(text, &toks, pm, &reads);
        let start = if pm.start > 0 && word_in(toks.get(pm.start - 1), LOWER) {
            pm.start - 1
        } else {
            pm.start
        };
        let names_party = segment
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| party_of(&w.to_lowercase()).is_some());
        read.description = Some(if segment.split_whitespace().count() <= 4 && !names_party {
            segment
        } else {
            span(start, pm.end)
        });
        reads.push(read);
    }
    reads.sort_by_key(|r| {
        r.description
            .as_ref()
            .and_then(|d| text.find(d.as_str()))
            .unwrap_or(usize::MAX)
    });

    // "per vecka under sommarmånaderna juni–augusti", "per månad under
    // perioden april–oktober", "med undantag för juli": the target holds
    // for part of each year, but drafted alone every week (month) of the
    // year would be judged.
    if let Some(words) = part_of_year(&toks, text) {
        for r in reads.iter_mut() {
            let per = match &r.kind {
                Kind::AtLeast { per, .. } | Kind::Average { per, .. } | Kind::Every { per, .. } => {
                    *per
                }
                Kind::Share { shift: false } => Per::Day,
                _ => continue,
            };
            if matches!(per, Per::Year | Per::HalfYear | Per::Term) {
                continue;
            }
            r.guesses.push(format!(
                "\"{words}\" — målet gäller en del av året, men utkastet bedömer varje {} hela året: ange fran och till för målet (ett mål per år) eller skriv om det",
                per.key()
            ));
        }
    }
    // "under första året": part of the agreement, not every year of it.
    if let Some(words) = part_of_agreement(&toks, text) {
        for r in reads
            .iter_mut()
            .filter(|r| r.is_numeric() && r.year.is_none())
        {
            r.guesses.push(format!(
                "\"{words}\" — målet gäller bara en del av avtalsperioden: ange fran och till för målet"
            ));
        }
    }

    // "samtliga skolor", "alla försäljningsställen": perhaps per place.
    if let Some(places) = every_place(&toks, text)
        && let Some(first) = reads
            .iter_mut()
            .find(|r| matches!(r.kind, Kind::AtLeast { .. } | Kind::Total { .. }))
    {
        first.guesses.push(format!(
            "\"{places}\" — gäller målet varje plats för sig? Skriv då typ = \"per_plats\" med platserna"
        ));
    }

    // "varav hälften på kvällstid": a part the draft does not follow up,
    // asked of the target it is part of (the last one before it).
    if let Some(p) = &part {
        let from = toks[p.start].start;
        let words = text
            .get(from..toks[p.end - 1].end)
            .unwrap_or_default()
            .to_owned();
        let before = |r: &Read| {
            r.description
                .as_deref()
                .and_then(|d| text.find(d))
                .is_some_and(|at| at < from)
        };
        if let Some(r) = reads.iter_mut().rev().find(|r| r.is_numeric() && before(r)) {
            r.guesses.push(format!(
                "\"{words}\" — en del av målet som utkastet inte följer upp: skriv delen som ett eget mål (med aktiviteter eller inom, eller gemensamt i ett eget löfte) eller nämn den i kommentaren"
            ));
        }
    }

    // "i Centrum, Norrby och Söderby", "på Storgatan och fyra på
    // Kungsvägen": perhaps a count at each place.
    if let Some(p) = &places
        && let Some((first, n)) = reads.iter_mut().find_map(|r| match r.kind {
            Kind::AtLeast { n, .. } | Kind::Total { n } => Some((r, n)),
            _ => None,
        })
    {
        first.guesses.push(if place_counts.iter().all(|k| *k == n) {
            format!(
                "\"{}\" — gäller målet varje plats för sig? Skriv då typ = \"per_plats\" med platserna",
                p.words
            )
        } else {
            format!(
                "\"{}\" — platserna har olika antal: skriv ett mål för varje plats, med inom = [\"platsen\"]",
                p.words
            )
        });
    }

    // "vid tio tillfällen på olika offentliga platser": distinct places.
    if let Some(words) = different_places(&toks, text)
        && let Some(first) = reads.iter_mut().find(|r| {
            r.rakna.is_none() && matches!(r.kind, Kind::AtLeast { .. } | Kind::Total { .. })
        })
    {
        first.rakna = Some("platser");
        first.guesses.push(format!(
            "\"{words}\" läses som antalet olika platser (rakna = \"platser\"), inte antalet aktiviteter — stämmer det?"
        ));
    }

    // "någon av följande aktiviteter; trafikkontroll, skolbesök eller fotpatrull".
    let alternatives = listed_activities(text);
    if !alternatives.is_empty()
        && let Some(first) = reads.iter_mut().find(|r| r.is_numeric())
    {
        first.activities = alternatives;
        first.guesses.push(
            "aktiviteterna är lästa ur texten: skriv dem som de står i loggens kolumn Aktivitet"
                .to_owned(),
        );
    }

    // Trends: "Antalet anmälningar ska öka".
    if reads.is_empty() {
        reads.extend(trends(text));
    }
    // Requests: "svara på alla önskemål inom två veckor".
    if reads.is_empty() {
        reads.extend(requests(&toks, text));
    }
    for words in loose {
        let guess = format!(
            "\"{words}\" — ett eget mål (minst 1 under perioden eller per år)? Texten säger inget \"minst\""
        );
        match reads.last_mut() {
            Some(r) => r.guesses.push(guess),
            None => {
                let mut r = Read::new(Kind::Text);
                r.guesses.push(guess);
                reads.push(r);
            }
        }
    }
    reads
}

/// The promise file's `rakna` for a count of days, weeks or weekends.
/// Evenings and nights ("minst två kvällar i veckan", "tio helgnätter")
/// are days too: two activities of one evening are one evening.
fn counted_days(word: &str) -> Option<&'static str> {
    let part_of_day = [
        "kväll",
        "kvällar",
        "natt",
        "nätter",
        "eftermiddag",
        "eftermiddagar",
    ]
    .iter()
    .any(|p| word.ends_with(p));
    match word {
        _ if part_of_day => Some("dagar"),
        "dag" | "dagar" | "dygn" => Some("dagar"),
        "vecka" | "veckor" => Some("veckor"),
        "helg" | "helger" => Some("helger"),
        _ => None,
    }
}

/// Words of a length of time ("inom två veckor").
const DURATIONS: &[&str] = &[
    "timme",
    "timmar",
    "dag",
    "dagar",
    "dygn",
    "arbetsdag",
    "arbetsdagar",
    "vecka",
    "veckor",
    "månad",
    "månader",
];

/// Words of a request answered ("svara på önskemål", "på begäran").
const REQUEST_WORDS: &[&str] = &[
    "önskemål",
    "önskar",
    "önskan",
    "begäran",
    "förfrågan",
    "förfrågningar",
];

/// A promise to answer requests, with no count of its own.
fn requests(toks: &[Tok], text: &str) -> Option<Read> {
    toks.iter()
        .find(|t| REQUEST_WORDS.contains(&t.s.as_str()))?;
    let mut r = Read::new(Kind::Requests);
    r.guesses.push(
        "ett löfte att svara på önskemål: skriv aktivitetstyperna som loggen använder för önskemål och svar (onskemal, svar), eller status = kolumnen som säger om önskemålet är besvarat"
            .to_owned(),
    );
    // "inom två veckor": lofte counts the requests answered, not how soon.
    if let Some(i) = toks
        .iter()
        .position(|t| matches!(t.s.as_str(), "inom" | "senast"))
        && let Some(unit) = toks
            .get(i + 2)
            .filter(|t| DURATIONS.contains(&t.s.as_str()))
    {
        let from = toks[i].start;
        if let Some(words) = text.get(from..unit.end) {
            r.guesses.push(format!(
                "\"{words}\" — lofte följer upp andelen besvarade önskemål, inte hur snart de besvaras"
            ));
        }
    }
    Some(r)
}

/// Verbs after which "en"/"ett" may be a count: "genomföra en trygghetsvandring".
const DOING: &[&str] = &[
    "genomföra",
    "hålla",
    "anordna",
    "arrangera",
    "utföra",
    "ordna",
    "erbjuda",
    "göra",
    "planera",
    "och",
    "samt",
    "genomför",
    "håller",
    "anordnar",
];

/// "på olika platser", "på olika offentliga platser", "på olika ställen":
/// the words, when the text counts distinct places.
fn different_places(toks: &[Tok], text: &str) -> Option<String> {
    let at = toks.iter().position(|t| t.s == "olika")?;
    // "olika platser", "tre olika skolor", "olika delar av kommunen".
    let place = toks
        .iter()
        .enumerate()
        .skip(at + 1)
        .take(2)
        .find(|(_, t)| {
            matches!(t.s.as_str(), "platser" | "ställen" | "platserna")
                || PLACES_ENDS.iter().any(|end| t.s.ends_with(end))
        })?
        .1;
    text.get(toks[at].start..place.end).map(str::to_owned)
}

/// Ends of words for places of a kind, after "olika": "skolor",
/// "förskolorna", "orter", "byar", "bostadsområden", "stadsdelar".
const PLACES_ENDS: &[&str] = &[
    "skolor",
    "skolorna",
    "orter",
    "orterna",
    "byar",
    "byarna",
    "områden",
    "områdena",
    "delar",
    "gårdar",
    "gator",
    "parker",
];

/// Words naming a part of each year ("under sommarlovet").
fn season_word(w: &str) -> bool {
    matches!(
        w,
        "sommaren"
            | "hösten"
            | "våren"
            | "vintern"
            | "julen"
            | "vinterhalvåret"
            | "sommarhalvåret"
            | "terminerna"
            | "skolterminerna"
            | "terminstid"
            | "terminstiden"
            | "skolåret"
            | "läsåret"
            | "skoltiden"
    ) || [
        "lovet",
        "loven",
        "säsongen",
        "månaderna",
        "veckorna",
        "helgerna",
        "helgen",
    ]
    .iter()
    .any(|end| w.ends_with(end) && w.len() > end.len())
}

/// "under sommarmånaderna juni–augusti", "under perioden april–oktober",
/// "under mopedsäsongen (april–september)", "med undantag för juli",
/// "under juni, juli och augusti": the words, when a target holds for part
/// of each year only.
fn part_of_year(toks: &[Tok], text: &str) -> Option<String> {
    let month = |i: usize| toks.get(i).is_some_and(|t| dates::month_of(&t.s).is_some());
    // One past a run of months: "juni, juli och augusti", "(april–september)".
    let months_from = |mut i: usize| {
        let mut end = i;
        while let Some(t) = toks.get(i) {
            if month(i) {
                end = i + 1;
            } else if !(matches!(t.kind, Tk::Punct(',' | '-' | '–' | '—' | '(' | ')'))
                || word_in(Some(t), &["och", "till", "samt"]))
            {
                break;
            }
            i += 1;
        }
        if matches!(toks.get(end).map(|t| &t.kind), Some(Tk::Punct(')'))) {
            end += 1;
        }
        end
    };
    for (i, t) in toks.iter().enumerate() {
        let end = if word_in(Some(t), &["under", "i", "mellan", "från"]) && month(i + 1) {
            months_from(i + 1)
        } else if word(Some(t), "under")
            && toks
                .get(i + 1)
                .is_some_and(|w| season_word(&w.s) || (w.s == "perioden" && month(i + 2)))
        {
            months_from(i + 2).max(i + 2)
        } else if word(Some(t), "under")
            && let Some(end) = weeks_end(toks, i + 1)
        {
            // "under v. 24–33", "under vecka 24-33".
            end
        } else if word(Some(t), "under")
            && let Some(end) = joined_season_end(toks, i + 1)
        {
            // "under jul- och nyårshelgerna", "under sport- och påsklovet".
            end
        } else if word_in(Some(t), &["utom", "förutom"]) && month(i + 1) {
            months_from(i + 1)
        } else if word(Some(t), "med")
            && word(toks.get(i + 1), "undantag")
            && word(toks.get(i + 2), "för")
            && month(i + 3)
        {
            months_from(i + 3)
        } else {
            continue;
        };
        let to = toks.get(end - 1)?.end;
        return text.get(t.start..to).map(str::to_owned);
    }
    None
}

/// One past a span of week numbers from `i`: "v. 24–33", "vecka 24-33",
/// "veckorna 24–33".
fn weeks_end(toks: &[Tok], i: usize) -> Option<usize> {
    if !word_in(toks.get(i), &["v", "vecka", "veckorna", "veckor"]) {
        return None;
    }
    let k = if matches!(toks.get(i + 1).map(|t| &t.kind), Some(Tk::Punct('.'))) {
        i + 2
    } else {
        i + 1
    };
    (toks.get(k)?.kind == Tk::Range).then_some(k + 1)
}

/// One past a season word written with a first part joined to it: "jul-
/// och nyårshelgerna" (the words from `i` on).
fn joined_season_end(toks: &[Tok], i: usize) -> Option<usize> {
    let mut k = i;
    while k < i + 8 {
        let t = toks.get(k)?;
        match &t.kind {
            Tk::Word if k > i && season_word(&t.s) => return Some(k + 1),
            // The tokenizer keeps the hyphen with its word: "jul-".
            Tk::Word if t.s.ends_with('-') || t.s == "och" || t.s == "samt" => k += 1,
            Tk::Punct(',') => k += 1,
            _ => return None,
        }
    }
    None
}

/// "under första året", "det sista halvåret": a target for part of the
/// agreement period.
fn part_of_agreement(toks: &[Tok], text: &str) -> Option<String> {
    toks.windows(2).find_map(|w| {
        (word_in(Some(&w[0]), &["första", "andra", "tredje", "sista"])
            && word_in(
                Some(&w[1]),
                &[
                    "året",
                    "avtalsåret",
                    "verksamhetsåret",
                    "halvåret",
                    "kvartalet",
                ],
            ))
        .then(|| text.get(w[0].start..w[1].end).map(str::to_owned))
        .flatten()
    })
}

/// "samtliga skolor", "alla gångtunnlar", "varje skola": a target that may
/// hold for each place.
fn every_place(toks: &[Tok], text: &str) -> Option<String> {
    for (i, t) in toks.iter().enumerate() {
        // "samtliga 12 skolor", "alla fyra skolorna": the places after
        // their number.
        let counted = toks.get(i + 1).and_then(figure).is_some();
        if matches!(
            t.s.as_str(),
            "samtliga" | "alla" | "varje" | "respektive" | "vardera"
        ) && let Some(next) = toks.get(i + 1 + usize::from(counted))
            && next.kind == Tk::Word
            && unit_word(&next.s).is_none()
            && !is_shift_word(&next.s)
            && !matches!(
                next.s.as_str(),
                "helg"
                    | "parter"
                    | "medborgare"
                    | "invånare"
                    | "tillfälle"
                    | "gång"
                    | "större"
                    | "former"
            )
            && party_of(&next.s).is_none()
        {
            return text.get(t.start..next.end).map(str::to_owned);
        }
    }
    per_place(toks, text)
}

/// Places named after "i", "på" or "vid", two or more ("i Centrum, Norrby
/// och Söderby", "på Storgatan och fyra på Kungsvägen"): perhaps a count
/// for each place. The words from the first preposition to the last
/// place, and the token range of what follows the first place (a count
/// there is that place's own, not another target).
struct NamedPlaces {
    words: String,
    after_first: std::ops::Range<usize>,
}

fn named_places(toks: &[Tok], text: &str) -> Option<NamedPlaces> {
    let capital = |i: usize| {
        toks.get(i).is_some_and(|t| {
            t.kind == Tk::Word
                && text
                    .get(t.start..t.end)
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase)
                && party_of(&t.s).is_none()
                && dates::month_of(&t.s).is_none()
        })
    };
    let preposition = |i: usize| word_in(toks.get(i), &["i", "på", "vid"]);
    // A place of one or more capitalised words: where it ends.
    let place_end = |mut i: usize| {
        while capital(i) {
            i += 1;
        }
        i
    };
    for (i, _) in toks.iter().enumerate() {
        if !preposition(i) || !capital(i + 1) {
            continue;
        }
        let first_end = place_end(i + 1);
        let (mut end, mut places) = (first_end, 1);
        loop {
            let joined = matches!(toks.get(end).map(|t| &t.kind), Some(Tk::Punct(',')))
                || word_in(toks.get(end), &["och", "samt"]);
            if !joined {
                break;
            }
            // "och fyra [trafikkontroller] på Kungsvägen": a count of the
            // next place may stand before it.
            let mut next = end + 1;
            while next < end + 5
                && toks.get(next).is_some_and(|t| {
                    matches!(t.kind, Tk::Num(_))
                        || number_word(&t.s).is_some()
                        || (t.kind == Tk::Word && !capital(next) && !preposition(next))
                })
            {
                next += 1;
            }
            if preposition(next) {
                next += 1;
            }
            if !capital(next) {
                break;
            }
            end = place_end(next);
            places += 1;
        }
        if places >= 2 {
            return Some(NamedPlaces {
                words: text.get(toks[i].start..toks[end - 1].end)?.to_owned(),
                after_first: first_end..end,
            });
        }
    }
    None
}

/// The tokens of "varav …" up to the end of its clause ("varav hälften
/// på kvällstid", "varav minst fyra tillsammans med kommunen"): a part of
/// the count before it.
fn part_of_target(toks: &[Tok]) -> Option<std::ops::Range<usize>> {
    let start = toks.iter().position(|t| word(Some(t), "varav"))?;
    let end = toks[start..]
        .iter()
        .position(is_clause_end)
        .map_or(toks.len(), |k| start + k);
    (end > start + 1).then_some(start..end)
}

/// Words after "per" that name no place ("per person", "per tillfälle").
const PER_NOT_PLACE: &[&str] = &[
    "person",
    "personer",
    "deltagare",
    "invånare",
    "medborgare",
    "elev",
    "elever",
    "tillfälle",
    "tillfället",
    "gång",
    "gången",
    "st",
    "styck",
    "capita",
    "helg",
    "helgen",
];

/// "per år och försäljningsställe", "2 ggr per år per skola", "per år och
/// skola": a count for each place, written with "per".
fn per_place(toks: &[Tok], text: &str) -> Option<String> {
    let lower_case = |t: &Tok| {
        text.get(t.start..t.end)
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_lowercase)
    };
    let place = |i: usize| {
        toks.get(i).is_some_and(|t| {
            t.kind == Tk::Word
                && t.s.chars().count() >= 4
                && lower_case(t)
                && unit_word(&t.s).is_none()
                && !is_shift_word(&t.s)
                && !PER_NOT_PLACE.contains(&t.s.as_str())
                && !DURATIONS.contains(&t.s.as_str())
                && !UNIT_STOP.contains(&t.s.as_str())
                && !LOWER.contains(&t.s.as_str())
                && !ABOUT.contains(&t.s.as_str())
                && !UPPER.contains(&t.s.as_str())
                && number_word(&t.s).is_none()
                && weak_number_word(&t.s).is_none()
                && period_at(toks, i).is_none()
        })
    };
    for (i, t) in toks.iter().enumerate() {
        if !word(Some(t), "per") || !lower_case(t) {
            continue;
        }
        // "per skola", "per år per skola".
        if place(i + 1) {
            return text.get(t.start..toks[i + 1].end).map(str::to_owned);
        }
        // "per år och skola": the place closes the phrase.
        if unit_word(toks.get(i + 1).map_or("", |u| u.s.as_str())).is_some()
            && word(toks.get(i + 2), "och")
            && place(i + 3)
            && toks
                .get(i + 4)
                .is_none_or(|n| n.kind != Tk::Word || UNIT_STOP.contains(&n.s.as_str()))
        {
            return text.get(t.start..toks[i + 3].end).map(str::to_owned);
        }
    }
    None
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}").replace('.', ",")
    }
}

/// "i snitt per vecka" may follow the period: keep the average words in
/// the description.
fn extend_average(toks: &[Tok], to: usize) -> usize {
    if word(toks.get(to), "i") && word_in(toks.get(to + 1), &["snitt", "genomsnitt"]) {
        to + 2
    } else {
        to
    }
}

/// One past the noun after a count: "minst två riktade insatser", "vid
/// minst ett tillfälle".
fn unit_end(toks: &[Tok], from: usize) -> usize {
    let mut i = from;
    while i < toks.len()
        && toks[i].kind == Tk::Word
        && (!UNIT_STOP.contains(&toks[i].s.as_str())
            || (i == from && toks[i].s.starts_with("riktad")))
    {
        i += 1;
        if toks[i - 1].s.starts_with("tillfälle")
            || TIMES.contains(&toks[i - 1].s.as_str())
            || i - from >= 3
        {
            break;
        }
    }
    i
}

/// The words from the previous target (or the clause start) to a period
/// phrase standing alone: "Temadag för 6-9 årligen".
fn segment_before(text: &str, toks: &[Tok], pm: &PeriodMatch, reads: &[Read]) -> String {
    let end = toks[pm.end - 1].end;
    let mut start = 0;
    for t in &toks[..pm.start] {
        if is_clause_end(t) {
            start = t.end;
        }
    }
    for r in reads {
        if let Some(d) = &r.description
            && let Some(at) = text.find(d.as_str())
            && at + d.len() <= toks[pm.start].start
        {
            start = start.max(at + d.len());
        }
    }
    text.get(start..end)
        .unwrap_or("")
        .trim_matches(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .to_owned()
}

fn finish_bound(read: &mut Read, c: &Count, phrase: &str) {
    match c.bound {
        Bound::Upper => {
            read.kind = Kind::Text;
            read.guesses.push(format!(
                "\"{phrase}\" är ett tak — lofte bedömer bara \"minst\"; lämnat som text"
            ));
        }
        Bound::About => read.guesses.push(format!(
            "\"{phrase}\" är ungefärligt — läst som minst {}",
            number_text(c.n)
        )),
        Bound::Range => read.guesses.push(format!(
            "\"{phrase}\" är ett spann — läst som minst {}",
            number_text(c.n)
        )),
        Bound::OutOf => read.guesses.push(format!(
            "\"{phrase}\" är en andel — läst som minst {}; räknar målet olika platser (skolor, orter), skriv rakna = \"platser\"",
            number_text(c.n)
        )),
        Bound::Above => read.guesses.push(format!(
            "\"{phrase}\" betyder fler än talet — läst som minst {}; stämmer det?",
            number_text(c.n)
        )),
        Bound::Vague => {
            read.kind = Kind::Text;
            read.guesses.push(format!(
                "\"{phrase}\" anger inget antal — lämnat som text; skriv målet med antal om avtalet menar ett visst antal"
            ));
        }
        Bound::Exact | Bound::Lower => {}
    }
}

fn listed_activities(text: &str) -> Vec<String> {
    let Some(at) = [
        "följande aktiviteter",
        "någon av följande",
        "något av följande",
    ]
    .iter()
    .filter_map(|k| find_ci(text, k).map(|a| a + k.len()))
    .max() else {
        return Vec::new();
    };
    let Some(rest) = text.get(at..) else {
        return Vec::new();
    };
    let rest = rest.trim_start_matches(|c: char| c == ';' || c == ':' || c.is_whitespace());
    let rest = rest
        .trim_start_matches("aktiviteter")
        .trim_start_matches(|c: char| c == ';' || c == ':' || c.is_whitespace());
    let end = rest.find(['.', ';', '\n']).unwrap_or(rest.len());
    rest[..end]
        .split(',')
        .flat_map(|p| p.split(" eller "))
        .flat_map(|p| p.split(" och "))
        .map(|p| p.trim())
        .filter(|p| !p.is_empty() && p.split_whitespace().count() <= 4)
        .map(capitalise)
        .collect()
}

/// Byte index in `haystack` where `needle` (lower case) starts, compared
/// without regard to case. Searching a lower-cased copy would give indices
/// into the copy, which differ where lower-casing changes a letter's length.
pub fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let wanted = needle.chars().count();
    haystack.char_indices().map(|(i, _)| i).find(|&i| {
        haystack[i..]
            .chars()
            .flat_map(char::to_lowercase)
            .take(wanted)
            .eq(needle.chars())
    })
}

/// First letter in upper case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Antalet anmälningar ska öka", "Mängden beslagtagna narkotika ska öka":
/// a quantity that should go up or down. A party as subject ("Polisen ska
/// öka sin närvaro") is a promise of effort, not a trend.
pub fn trends(text: &str) -> Vec<Read> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut subject_start = 0;
    let mut i = 0;
    while i + 1 < toks.len() {
        let t = &toks[i];
        if is_clause_end(t) {
            subject_start = i + 1;
        }
        if word_in(Some(t), &["ska", "skall", "bör"]) {
            let verb = toks[i + 1].s.as_str();
            let up = match verb {
                "öka" | "öka," | "stiga" | "höjas" | "förbättras" | "bli" => Some(true),
                "minska" | "sjunka" | "sänkas" => Some(false),
                _ => None,
            };
            let up = match (verb, toks.get(i + 2)) {
                ("bli", Some(w)) if w.s == "fler" || w.s == "större" => Some(true),
                ("bli", Some(w)) if w.s == "färre" || w.s == "mindre" => Some(false),
                ("bli", _) => None,
                _ => up,
            };
            if let Some(up) = up {
                let subject: Vec<&Tok> = toks[subject_start..i].iter().collect();
                let party = subject
                    .iter()
                    .any(|w| w.s.starts_with("polis") || w.s.starts_with("kommun") || w.s == "vi");
                if !subject.is_empty() && !party {
                    let from = subject[0].start;
                    let end_tok = if verb == "bli" { i + 2 } else { i + 1 };
                    let to = toks[end_tok].end;
                    let mut r = Read::new(Kind::Trend { up });
                    r.description = Some(text[from..to].to_owned());
                    r.guesses.push(
                        "trend: jämförs med året före i loggen — ange vad som räknas (aktiviteter eller kolumn) och gärna en baslinje".to_owned(),
                    );
                    out.push(r);
                }
                subject_start = i + 2;
            }
        }
        // "Öka antalet trafikkontroller med 10 %", "Halvera antalet anmälda
        // skadegörelser": a bullet with no subject asks for a direction.
        let opens = i == subject_start || word(i.checked_sub(1).map(|p| &toks[p]), "att");
        if opens
            && let Some(up) = imperative_direction(&t.s)
            && word_in(toks.get(i + 1), &["antalet", "andelen", "mängden"])
        {
            let end = toks[i..]
                .iter()
                .position(is_clause_end)
                .map_or(toks.len(), |k| i + k);
            let words = text[t.start..toks[end - 1].end].trim().to_owned();
            let sized = !matches!(t.s.as_str(), "öka" | "minska" | "höja" | "sänka")
                || toks[i..end]
                    .iter()
                    .any(|t| matches!(t.kind, Tk::Num(_)) || number_word(&t.s).is_some());
            let mut r = Read::new(Kind::Trend { up });
            r.guesses.push(
                "trend: jämförs med året före i loggen — ange vad som räknas (aktiviteter eller kolumn) och gärna en baslinje".to_owned(),
            );
            if sized {
                r.guesses.push(format!(
                    "\"{words}\" anger hur mycket — lofte bedömer bara riktningen (fler eller färre än året före); ange baslinjen och redovisa storleken i text"
                ));
            }
            r.description = Some(words);
            out.push(r);
            i = end;
            continue;
        }
        i += 1;
    }
    out
}

/// "öka", "halvera", "fördubbla" … at the head of a bullet: more (`true`)
/// or fewer.
fn imperative_direction(w: &str) -> Option<bool> {
    match w {
        "öka" | "höja" | "fördubbla" | "utöka" => Some(true),
        "minska" | "sänka" | "halvera" | "reducera" => Some(false),
        _ => None,
    }
}

/// A figure in `text` that init could read as a count, or a percentage:
/// the words, for a promise drafted without a number.
pub fn figure_in(text: &str) -> Option<String> {
    let toks = tokenize(text);
    (0..toks.len()).find_map(|i| {
        let t = &toks[i];
        let percent = matches!(t.kind, Tk::Num(_))
            && toks
                .get(i + 1)
                .is_some_and(|n| matches!(n.kind, Tk::Punct('%')) || n.s == "procent");
        if percent {
            return text.get(t.start..toks[i + 1].end).map(str::to_owned);
        }
        let c = count_at(&toks, i).filter(|c| !c.weak)?;
        let end = toks.get(c.end.max(i + 1) - 1)?.end;
        text.get(toks[c.start].start..end).map(str::to_owned)
    })
}

/// A promise of effort with a direction ("Polisen ska öka sin närvaro"),
/// for a guess on a promise with no number.
pub fn effort_direction(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    [
        "ska öka",
        "skall öka",
        "ska minska",
        "skall minska",
        "ska utöka",
    ]
    .iter()
    .find(|k| lower.contains(*k))
    .map(|k| (*k).to_owned())
}

/// Words that make a number a possibility rather than a promise.
pub fn hedge(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    [
        "möjlighet att",
        "om möjligt",
        "i mån av",
        "om resurser finns",
        "om tid finns",
        "där det är möjligt",
    ]
    .into_iter()
    .find(|k| lower.contains(k))
}

/// Words of effort ("sträva efter") that soften a number without removing it.
pub fn striving(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    [
        "sträva efter",
        "strävar efter",
        "eftersträva",
        "verka för",
        "ambition",
        "målsättning",
    ]
    .into_iter()
    .find(|k| lower.contains(k))
}

mod dates;
mod parties;

pub use dates::{dates_in, deadline_date};
use parties::party_of;
pub use parties::{Party, parties_named, parties_taking_part, partners, subject};

/// A number written in digits or words ("fyra", "4", "fyra (4)").
pub fn number_in(words: &str) -> Option<f64> {
    let toks = tokenize(words);
    toks.iter().find_map(figure)
}

/// The number a token writes, in digits or words ("4", "fyra", "sex").
fn figure(t: &Tok) -> Option<f64> {
    match &t.kind {
        Tk::Num(n) => Some(*n),
        Tk::Word => number_word(&t.s).or_else(|| weak_number_word(&t.s)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

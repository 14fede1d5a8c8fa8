//! The validated agreement: what the promise file says, checked and typed.

use chrono::NaiveDate;
use serde::Serialize;
use std::path::PathBuf;

use crate::diag::Location;
use crate::ingest::DateOrder;

/// Where values were written in the promise file, by key: one location per
/// list item (or one for a single value). Evaluation names these lines when
/// a value matches nothing in the logs; it is not part of the results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Written(Vec<(&'static str, Vec<Location>)>);

impl Written {
    /// Records where `key`'s value (or each of its items) was written.
    pub fn set(&mut self, key: &'static str, at: Vec<Location>) {
        self.0.retain(|(k, _)| *k != key);
        self.0.push((key, at));
    }

    /// Where `key`'s value was written (its first item for a list).
    pub fn of(&self, key: &str) -> Option<&Location> {
        self.item(key, 0)
    }

    /// Where item `index` of the list `key` was written.
    pub fn item(&self, key: &str, index: usize) -> Option<&Location> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, at)| at.get(index).or_else(|| at.first()))
    }
}

/// An inclusive range of days.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct DateRange {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
}

impl DateRange {
    /// A range; `None` when `to` is before `from`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        (from <= to).then_some(DateRange { from, to })
    }

    /// Whether `date` lies inside.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Number of days, both ends counted.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The overlap of two ranges, if any.
    pub fn intersect(&self, other: &DateRange) -> Option<DateRange> {
        DateRange::new(self.from.max(other.from), self.to.min(other.to))
    }
}

/// The follow-up deadline, as the agreement writes it and as a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Verbatim ("En skriftlig uppföljning sammanställs senast februari 2024").
    pub text: String,
    /// The last day it allows: `datum`, or read from the text ("senast
    /// februari 2024" is 2024-02-29, a warning saying so); `None` when
    /// neither gives one.
    pub date: Option<NaiveDate>,
}

/// A person who signed the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Signatory {
    /// Name.
    pub name: String,
    /// Title ("Lokalpolisområdeschef").
    pub role: Option<String>,
    /// Organisation ("Polisen", "Norsjö kommun").
    pub party: Option<String>,
}

/// A focus area (fokusområde) grouping promises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FocusArea {
    /// Short id used by promises to refer to it.
    pub id: String,
    /// Heading as written.
    pub name: String,
    /// The problem picture or intro text, verbatim, if given.
    pub description: Option<String>,
    /// Expected effects of the area's work, verbatim ("Ökad upplevd
    /// trygghet"), printed under its heading (`effekter`).
    pub effects: Vec<String>,
}

/// Which party a row shows, as read from Ansvarig/Deltagare.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// Polisen.
    Police,
    /// Kommunen.
    Municipality,
}

/// Calendar unit of a per-interval target.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar day.
    Day,
    /// ISO week, Monday first.
    Week,
    /// Calendar month.
    Month,
    /// Calendar quarter.
    Quarter,
    /// Calendar year.
    Year,
    /// Half a calendar year: January–June, July–December.
    HalfYear,
    /// School term: vår January–June, höst August–December (July is in
    /// neither).
    Term,
    /// Weekend: Friday evening to Sunday (a Friday row counts when it has no
    /// time, or a time from 17:00).
    Weekend,
}

/// Whether a trend should go up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// "ska öka".
    Increase,
    /// "ska minska".
    Decrease,
}

/// A figure to compare a trend against, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// The figure.
    pub value: f64,
    /// What it is a figure for ("2018").
    pub period: Option<String>,
    /// Where it comes from ("BRÅ").
    pub source: Option<String>,
}

/// What "daily"-style share targets count per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareUnit {
    /// "dagligen": days with activity out of days in the window.
    Day,
    /// "varje arbetspass": logged shifts with activity; a shift is a day
    /// with at least one row for the promise (documented).
    Shift,
}

/// How a target is measured. Numbers are `f64` because averages and
/// quantities (grams) are not whole; counts are still whole in the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetKind {
    /// At least `n` in each calendar `per` lying wholly inside the window
    /// ("minst 4 per år", "minst 10 kontroller per månad").
    AtLeastPer {
        /// Required per interval.
        n: f64,
        /// Interval.
        per: Period,
    },
    /// At least `n` in every block of `every` consecutive `per`s from the
    /// window's first whole one ("var tredje vecka": every = 3, per = week).
    EveryN {
        /// Required per block.
        n: f64,
        /// Block length in units of `per`.
        every: u32,
        /// Week or month.
        per: Period,
    },
    /// Average per `per` over the window ≥ `n` ("i snitt tre per vecka").
    Average {
        /// Required average.
        n: f64,
        /// Day, week or month: a month is a calendar month whatever its
        /// days, a month begun its share of that month's days.
        per: Period,
    },
    /// At least `n` in the whole window ("vid minst ett tillfälle").
    Total {
        /// Required total.
        n: f64,
    },
    /// Share of days (or shifts) with activity ≥ `share` (0–1).
    Share {
        /// Required share, 0–1 (1 for "dagligen").
        share: f64,
        /// Days or shifts.
        unit: ShareUnit,
    },
    /// More (or fewer) than the previous year in the log, or than a baseline.
    Trend {
        /// Up or down.
        direction: Direction,
        /// A figure from the file; without it, the previous calendar year
        /// in the logs.
        baseline: Option<Baseline>,
    },
    /// At least `n` per `per` at every named place.
    PerPlace {
        /// Required per place and interval.
        n: f64,
        /// Interval, or `None` for the whole window.
        per: Option<Period>,
        /// The places, as they are written in the Plats column.
        places: Vec<String>,
        /// Places in force only part of the agreement (`{ namn, fran, till }`),
        /// by name; the others are in force throughout.
        #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
        place_valid: std::collections::BTreeMap<String, DateRange>,
    },
    /// Requests answered ("8 av 9 önskemål besvarade"): the share of
    /// requests answered must reach `share`.
    Requests {
        /// Required share of requests answered, 0–1 (1: every request).
        share: f64,
        /// How a request and its answer are told apart in the log.
        answers: Answers,
    },
    /// Coverage of a known whole ("28 av 32 klasser"): what was counted
    /// over the denominator must reach `share`.
    Coverage {
        /// Required share, 0–1 (1: "varje fjärdeklassare").
        share: f64,
        /// What the count is out of.
        of: Denominator,
    },
    /// No number: reported in text with what was logged, not judged.
    Text,
}

/// How the rows of a request target say which requests were answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Answers {
    /// Rows of one activity type are requests, of another answers
    /// (`onskemal`, `svar`).
    Types {
        /// Activity types of a request ("Önskemål om besök").
        requests: Vec<String>,
        /// Activity types of an answer ("Besök efter önskemål").
        answers: Vec<String>,
    },
    /// Every row is a request; it is answered when its status column holds
    /// one of `answered` (`status`, `besvarad`).
    Status {
        /// The status column ("Status").
        column: String,
        /// Values meaning answered, compared case-insensitively.
        answered: Vec<String>,
    },
}

/// What a coverage target's count is out of.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// A number written in the promise file (`av = 32`).
    Fixed(f64),
    /// A log column summed over the counted rows (`av_kolumn`).
    Column(String),
}

/// What a target counts in its rows (`rakna`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// Antal (or the quantity column), summed: the default.
    Sum,
    /// Distinct days with at least one row.
    Days,
    /// Distinct weekends (Friday evening to Sunday) with at least one row.
    Weekends,
    /// Distinct ISO weeks with at least one row.
    Weeks,
    /// Distinct places (Plats, case and accents ignored).
    Places,
}

/// The days a total is judged over (`over`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The report window: the default.
    Window,
    /// The whole agreement period: a one-year report shows the progress.
    Agreement,
}

/// The places a target counts at (`inom`): rows elsewhere are shown as not
/// counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceFilter {
    /// What the restriction is called: the group's name (`byar`) or the
    /// places joined.
    pub name: String,
    /// The places, as written in the promise file.
    pub places: Vec<String>,
}

impl PlaceFilter {
    /// Whether a row's Plats is one of the places (case and accents
    /// ignored, as [`place_key`] compares).
    pub fn admits(&self, place: Option<&str>) -> bool {
        place.is_some_and(|p| {
            let key = place_key(p);
            self.places.iter().any(|x| place_key(x) == key)
        })
    }
}

/// A place name as compared: trimmed, lower case, accents dropped and inner
/// space collapsed, so "Juoksengi", "juoksengi " and "Jüoksengi" are one
/// place, and so are "Nattavaara by" and "nattavaara  by".
pub fn place_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .flat_map(char::to_lowercase)
                .map(crate::ingest::cells::unaccented),
        );
    }
    out
}

/// One measurable (or textual) target of a promise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// How it is measured.
    pub kind: TargetKind,
    /// The target in the agreement's words, for the report
    /// ("minst fyra per år"); generated from the kind when not given.
    pub description: Option<String>,
    /// What is counted, plural noun ("trafiksäkerhetsinsatser"); falls back
    /// to the promise's unit.
    pub unit: Option<String>,
    /// The same noun in the singular ("trafiksäkerhetsinsats"), for "1 …".
    pub unit_singular: Option<String>,
    /// Activity types that count toward this target only (overrides the
    /// promise's; any of them counts).
    pub activities: Vec<String>,
    /// Sum this column instead of Antal ("Beslag (g)").
    pub quantity: Option<String>,
    /// The days this target is in force, when not the promise's whole span.
    pub valid: Option<DateRange>,
    /// What is counted: Antal summed, or distinct days, weekends, weeks or
    /// places (`rakna`).
    pub counting: Counting,
    /// The days a total is judged over: the window, or the agreement
    /// period (`over`).
    pub scope: Scope,
    /// The places rows must be at to count (`inom`), when restricted.
    pub within: Option<PlaceFilter>,
    /// Where `aktiviteter`, `platser`, `inom` and the column keys
    /// (`kolumn`, `status`, `av_kolumn`) were written.
    #[serde(skip)]
    pub written: Written,
}

/// A comment and next step written by the coordinators for one window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The window it belongs to; `None` for every window.
    pub window: Option<DateRange>,
    /// What happened and why.
    pub comment: Option<String>,
    /// What is done next.
    pub next_step: Option<String>,
}

/// How activity rows are matched to a promise. A row matches when its Löfte
/// column equals one of `ids`, or (when `activities` is not empty) its
/// Aktivitet equals one of `activities` (case-insensitive, trimmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matching {
    /// Promise ids accepted in the Löfte column (the promise's id, and any
    /// aliases).
    pub ids: Vec<String>,
    /// Activity types accepted in the Aktivitet column.
    pub activities: Vec<String>,
    /// Joint promise: only rows showing both police and municipality count.
    pub joint: bool,
    /// Joint promise: rows of the same day in different logs are one event
    /// logged by each party, counted once (`slå_samman`, default true).
    pub merge_logs: bool,
}

/// One promise (medborgarlöfte).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Promise {
    /// Short id ("K1").
    pub id: String,
    /// Index into [`Agreement::areas`].
    pub area: usize,
    /// The promise verbatim.
    pub text: String,
    /// Who answers for it ("Polisen", "Kommunen", "Polisen och kommunen").
    pub responsible: String,
    /// Partners (samverkan).
    pub partners: Vec<String>,
    /// How rows are matched.
    pub matching: Matching,
    /// Plural noun for what is counted ("medborgarkontakter").
    pub unit: Option<String>,
    /// The same noun in the singular ("medborgarkontakt"), for "1 …".
    pub unit_singular: Option<String>,
    /// The days the promise is in force, when not the whole agreement.
    pub valid: Option<DateRange>,
    /// Targets; at least one (a `Text` target when the promise has no number).
    pub targets: Vec<Target>,
    /// Coordinators' comments per window.
    pub comments: Vec<Comment>,
    /// Where `aktiviteter` and `alias` were written.
    #[serde(skip)]
    pub written: Written,
}

/// Words that name each party in the Ansvarig/Deltagare column, beyond the
/// built-in ones: local names of services (`parter` in the promise file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PartyWords {
    /// Words naming the police ("Ingripande", "LPO Kalix").
    pub police: Vec<String>,
    /// Words naming the municipality ("Fältgruppen", "Navet").
    pub municipality: Vec<String>,
}

/// A whole agreement, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Kommun ("Kalix"); `None` for an agreement that names a `stadsdel` or
    /// lists its `parter` instead (a city district, a police-only promise).
    pub kommun: Option<String>,
    /// Lokalpolisområde ("Östra Norrbotten").
    pub police_area: String,
    /// Title of the agreement, if it has one ("Medborgarlöfte 2022–2023").
    pub title: Option<String>,
    /// The agreement period.
    pub period: DateRange,
    /// The written follow-up deadline.
    pub deadline: Option<Deadline>,
    /// Diarienummer, when given.
    pub diarienummer: Option<String>,
    /// Signatories.
    pub signatories: Vec<Signatory>,
    /// Who wrote the follow-up.
    pub authors: Vec<String>,
    /// Who receives it.
    pub recipients: Vec<String>,
    /// Activity logs named in the file, resolved against its folder.
    pub logs: Vec<PathBuf>,
    /// Order of ambiguous numeric dates in the logs.
    pub date_order: Option<DateOrder>,
    /// Part-met threshold, share of the requirement (default 0.5).
    pub part_met: f64,
    /// Local words naming each party (`parter`).
    pub party_words: PartyWords,
    /// Focus areas, in the file's order.
    pub areas: Vec<FocusArea>,
    /// Promises, in the file's order.
    pub promises: Vec<Promise>,
    /// Who made the agreement: the stadsdel and the parties as written.
    pub parties: Parties,
    /// Expected effects of the whole agreement (`effekter`).
    pub effects: Effects,
    /// Indicators written in the promise file (`[[indikator]]`); those of
    /// `indikatorfil` are read by ingest and added by the command line.
    pub indicators: Vec<crate::agreement::Indicator>,
    /// Indicator tables named in the file (`indikatorfil`), resolved
    /// against its folder.
    pub indicator_files: Vec<PathBuf>,
}

impl Agreement {
    /// What the agreement is for, in a title or a file name: the stadsdel,
    /// else the kommun, else the lokalpolisområde (a police-only agreement).
    pub fn place(&self) -> &str {
        self.parties
            .district
            .as_deref()
            .or(self.kommun.as_deref())
            .unwrap_or(&self.police_area)
    }
}

/// One party of the agreement as the agreement names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct AgreementParty {
    /// Name as written ("Polisen", "Skärholmens stadsdelsförvaltning").
    pub name: String,
    /// Which side of the log's Ansvarig/Deltagare column it is: the police,
    /// or the partner the logs call "kommunen" (a kommun or a
    /// stadsdelsförvaltning).
    pub side: Party,
}

/// Who made the agreement, beyond the usual police and kommun.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Parties {
    /// The stadsdelsområde, for an agreement with a stadsdelsförvaltning
    /// (`stadsdel`, Stockholm's "Skärholmen").
    pub district: Option<String>,
    /// The parties in the agreement's order: the `parter` list when given,
    /// else the police and the kommun (or the stadsdelsförvaltning).
    pub list: Vec<AgreementParty>,
}

impl Parties {
    /// The partner on the municipality side, when there is one: what the
    /// report calls "Kommunen" in the usual agreement.
    pub fn partner(&self) -> Option<&AgreementParty> {
        self.list.iter().find(|p| p.side == Party::Municipality)
    }

    /// The police party as named.
    pub fn police(&self) -> Option<&AgreementParty> {
        self.list.iter().find(|p| p.side == Party::Police)
    }
}

/// Expected effects stated for the whole agreement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Effects {
    /// The agreement's own heading for them ("Effekter som eftersträvas",
    /// "Det här ska vi åstadkomma"); `None` prints "Förväntad effekt".
    pub heading: Option<String>,
    /// The effects, verbatim, in order.
    pub list: Vec<String>,
}

/// A promise id as compared: case, spaces (also no-break and zero-width
/// ones, which Excel and copied web text leave behind) ignored, so "K 1",
/// "k1" and "K1\u{a0}" are K1, as docs/counting-rules.md says.
pub fn id_key(s: &str) -> String {
    id_chars(s).collect()
}

/// The characters of [`id_key`], without collecting them.
pub fn id_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{a0}'
                )
        })
        .flat_map(char::to_lowercase)
}

/// `id_key(a) == id_key(b)` without allocating: it runs for every row and
/// every promise.
pub fn same_id(a: &str, b: &str) -> bool {
    // The common cases first, with std's own comparison.
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let spaced = |s: &str| s.bytes().any(|c| c.is_ascii_whitespace());
    if a.is_ascii() && b.is_ascii() && !spaced(a) && !spaced(b) {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        fn strip(s: &str) -> impl Iterator<Item = u8> + '_ {
            s.bytes()
                .filter(|c| !c.is_ascii_whitespace())
                .map(|c| c.to_ascii_lowercase())
        }
        return strip(a).eq(strip(b));
    }
    id_chars(a).eq(id_chars(b))
}

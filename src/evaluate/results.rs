//! The evaluated report: what the results JSON holds and what the template
//! is given. Field names are the JSON contract (`docs/results.md`); add
//! fields freely, never rename or remove one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::agreement::{Counting, DateRange, Direction, Period, ShareUnit};
use crate::diag::Diagnostic;
use crate::ingest::{self, SourceFile};

/// The verdict on a promise or a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Uppfyllt.
    Met,
    /// Delvis uppfyllt.
    PartlyMet,
    /// Ej uppfyllt.
    NotMet,
    /// Pågår: the window is not over at the as-of date.
    InProgress,
    /// Redovisas i text: no numeric target.
    ReportedInText,
    /// Ej aktuellt: not in force in the window.
    NotApplicable,
    /// Underlag saknas: a measurable promise with no rows at all.
    NoData,
}

impl Status {
    /// Every status, in the order the summary lists them.
    pub const ALL: [Status; 7] = [
        Status::Met,
        Status::PartlyMet,
        Status::NotMet,
        Status::InProgress,
        Status::NoData,
        Status::ReportedInText,
        Status::NotApplicable,
    ];
}

/// One calendar interval (or block, or year of a trend) of a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalResult {
    /// First day of the interval (may lie before the window for edge
    /// intervals; `judged` is then false).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// The place, for a per-place target (its "interval" is a place over
    /// the whole span); the other kinds' labels are words of the report
    /// (`render::wording`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Counted in the part of the interval inside the window.
    pub achieved: f64,
    /// Required in this interval, when there is a number.
    pub required: Option<f64>,
    /// `true` met, `false` not met, `null` when not judged (an edge
    /// interval, or one not yet over at the as-of date).
    pub met: Option<bool>,
    /// Reached the part-met threshold without being met.
    pub partly: bool,
}

/// The pace check for a target whose window is not over at the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pace {
    /// Days of the window elapsed at the as-of date.
    pub elapsed_days: i64,
    /// Days in the window.
    pub window_days: i64,
    /// The requirement pro-rated by elapsed days.
    pub expected_so_far: f64,
    /// Achieved so far.
    pub achieved_so_far: f64,
    /// Whether achieved ≥ expected so far.
    pub on_track: bool,
    /// The whole requirement over the window, in the same unit.
    pub required: f64,
    /// First day of the window judged.
    pub from: NaiveDate,
    /// Last day of the window judged: what "before the end" means.
    pub ends: NaiveDate,
}

/// What kind of target was judged, with what the wording of its outcome
/// needs besides the headline figures. Serialised flat into the target:
/// `kind` is the tag (`at_least_per`, …), the fields sit beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    /// At least `per_interval` in each calendar `per`.
    AtLeastPer {
        /// The interval.
        per: Period,
        /// Required in each interval.
        per_interval: f64,
        /// The window holds no whole interval: the total was judged
        /// against the requirement pro-rated by the window's share of one
        /// interval (`required` is that share, `achieved` the total).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        prorated: bool,
    },
    /// At least `per_interval` in every block of `every` `per`s.
    EveryN {
        /// The block's unit.
        per: Period,
        /// Required in each block.
        per_interval: f64,
        /// Block length in `per`s.
        #[serde(default = "old_layout::every")]
        every: u32,
        /// No block ends inside the window: the total was judged against
        /// the requirement pro-rated by the window's share of the first
        /// block (`required` is that share, `achieved` the total).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        prorated: bool,
    },
    /// An average per `per` (`required` the average asked for).
    Average {
        /// The unit of the average.
        per: Period,
    },
    /// A total over the window (`required` the total asked for), or over
    /// the agreement period up to the window's end.
    Total {
        /// For a total over the agreement period (`over =
        /// "avtalsperioden"`): its last day; before it the total is in
        /// progress.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agreement_ends: Option<NaiveDate>,
    },
    /// Requests answered (`required` and `achieved` shares 0–1, `total` the
    /// requests answered).
    Requests {
        /// Requests made.
        requests: f64,
    },
    /// Coverage of a whole (`required` and `achieved` shares 0–1, `total`
    /// what was counted).
    Coverage {
        /// The whole counted against ("32 klasser").
        of: f64,
    },
    /// A share of days or shifts with activity (`required` the share).
    Share {
        /// Days or shifts.
        #[serde(default = "old_layout::share_of")]
        share_of: ShareUnit,
        /// Days with activity.
        #[serde(default)]
        days_active: u64,
        /// Days judged so far.
        #[serde(default)]
        days: i64,
    },
    /// More (or fewer) than the year before, per year.
    Trend {
        /// Always years.
        per: Period,
        /// Up or down.
        #[serde(default = "old_layout::direction")]
        direction: Direction,
        /// The figure from the promise file the first year is compared with.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        baseline: Option<f64>,
        /// What the baseline is a figure for ("2018").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        baseline_period: Option<String>,
    },
    /// At least `per_interval` at every named place (per `per`, or over the
    /// whole span).
    PerPlace {
        /// The interval, or `None` for the whole span.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per: Option<Period>,
        /// Required per place (and interval).
        per_interval: f64,
        /// One interval per place and `per` (a report over several
        /// intervals), not one per place.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        each_interval: bool,
    },
    /// No number: reported in text.
    Text,
}

/// What a results JSON written before a kind's fields existed stands for:
/// such a file is read back only to compare figures, and its words are
/// taken from the file itself.
mod old_layout {
    use crate::agreement::{Counting, Direction, ShareUnit};

    pub fn counting() -> Counting {
        Counting::Sum
    }

    pub fn every() -> u32 {
        1
    }

    pub fn share_of() -> ShareUnit {
        ShareUnit::Day
    }

    pub fn direction() -> Direction {
        Direction::Increase
    }
}

impl Kind {
    /// The calendar interval of the kind, if it has one.
    pub fn per(&self) -> Option<Period> {
        match self {
            Kind::AtLeastPer { per, .. }
            | Kind::EveryN { per, .. }
            | Kind::Average { per }
            | Kind::Trend { per, .. } => Some(*per),
            Kind::PerPlace { per, .. } => *per,
            Kind::Total { .. }
            | Kind::Requests { .. }
            | Kind::Coverage { .. }
            | Kind::Share { .. }
            | Kind::Text => None,
        }
    }

    /// Required per interval (per-interval, every-N and per-place targets).
    pub fn per_interval(&self) -> Option<f64> {
        match self {
            Kind::AtLeastPer { per_interval, .. }
            | Kind::EveryN { per_interval, .. }
            | Kind::PerPlace { per_interval, .. } => Some(*per_interval),
            Kind::Average { .. }
            | Kind::Total { .. }
            | Kind::Requests { .. }
            | Kind::Coverage { .. }
            | Kind::Share { .. }
            | Kind::Trend { .. }
            | Kind::Text => None,
        }
    }

    /// Whether the kind has a number to judge (all but text targets).
    pub fn is_measurable(&self) -> bool {
        match self {
            Kind::Text => false,
            Kind::AtLeastPer { .. }
            | Kind::EveryN { .. }
            | Kind::Average { .. }
            | Kind::Total { .. }
            | Kind::Requests { .. }
            | Kind::Coverage { .. }
            | Kind::Share { .. }
            | Kind::Trend { .. }
            | Kind::PerPlace { .. } => true,
        }
    }
}

/// The outcome of one target: figures and enums only; its words are made
/// by `render::wording`. Read back from a results JSON, the words in it
/// are left aside.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TargetResult {
    /// The kind, with what its wording needs.
    #[serde(flatten)]
    pub kind: Kind,
    /// The target as the promise file words it, when it does
    /// (`beskrivning`); otherwise the report words it from the kind.
    #[serde(default, rename = "description_written")]
    pub written: Option<String>,
    /// The headline requirement (null for text targets). Per-interval
    /// targets: the number of judged intervals; average: the required
    /// average; total: the required total; share: the required share
    /// (0–1); trend: the figure to beat; per place: the places.
    pub required: Option<f64>,
    /// The headline outcome (intervals met, average, total, share, the
    /// latest figure of a trend, places that reached the requirement).
    pub achieved: f64,
    /// Sum of what was counted in the window (Antal, or the quantity column).
    pub total: f64,
    /// The noun for what was counted ("trafiksäkerhetsinsatser").
    pub noun: String,
    /// The same noun in the singular ("trafiksäkerhetsinsats"), for 1.
    pub noun_singular: String,
    /// The verdict.
    pub status: Status,
    /// Per interval, where the target has intervals (empty otherwise).
    pub intervals: Vec<IntervalResult>,
    /// The pace so far, when the window is not over at the as-of date.
    #[serde(default)]
    pub pace: Option<Pace>,
    /// Per-place targets: places with too few.
    #[serde(default)]
    pub missed_places: Vec<String>,
    /// The days the target was judged over (window ∩ its validity).
    #[serde(default)]
    pub judged: Option<DateRange>,
    /// The rows counted, for traceability: indexes into
    /// [`Results::activity_rows`] (`row_indexes` in the results JSON).
    #[serde(default, rename = "row_indexes")]
    pub rows: Vec<u32>,
    /// What is counted: Antal summed, or distinct days, weekends, weeks or
    /// places (`rakna`).
    #[serde(default = "old_layout::counting")]
    pub counting: Counting,
    /// The figure is in distinct occasions and the target names no unit of
    /// its own: the report says the occasion's word ("helger").
    #[serde(default)]
    pub occasion_noun: bool,
    /// Rows of the target that cannot add to its figure: outside every
    /// interval of its period (July for a term, a Friday morning for a
    /// weekend), or adding no occasion (a row without a Plats when places
    /// are counted).
    #[serde(default)]
    pub not_counted: Vec<Row>,
    /// Rows of the target at another place than `places_within`.
    #[serde(default)]
    pub elsewhere: Vec<Row>,
    /// The places the target counts at (`inom`), as the promise file names
    /// them ("byar").
    #[serde(default)]
    pub places_within: Option<String>,
}

/// A target's intervals counted by verdict, once, for every word said
/// about them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Intervals judged (over, and wholly inside the span).
    pub judged: usize,
    /// Judged and met.
    pub met: usize,
    /// Judged, not met, reaching the part-met share.
    pub partly: usize,
    /// Judged and short of the part-met share.
    pub missed: usize,
}

impl Tally {
    /// The tally of `intervals`.
    pub fn of(intervals: &[IntervalResult]) -> Self {
        let mut t = Tally::default();
        for i in intervals {
            match i.met {
                Some(true) => t.met += 1,
                Some(false) if i.partly => t.partly += 1,
                Some(false) => t.missed += 1,
                None => continue,
            }
            t.judged += 1;
        }
        t
    }
}

impl TargetResult {
    /// Intervals judged and intervals met.
    pub fn tally(&self) -> (usize, usize) {
        let t = Tally::of(&self.intervals);
        (t.judged, t.met)
    }
}

/// What each party did toward a promise (rows and their summed Antal).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contributions {
    /// Rows showing only the police.
    pub police: u64,
    /// Rows showing only the municipality.
    pub municipality: u64,
    /// Rows showing both.
    pub joint: u64,
    /// Rows showing neither (blank or another party).
    pub unknown: u64,
}

/// Activity types logged for a promise, with counts (for promises reported
/// in text, and as "what was done").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivitySummary {
    /// Aktivitet as written (first spelling seen).
    pub activity: String,
    /// Summed Antal.
    pub count: u64,
}

/// The outcome of one promise. Written out by `render::results_file`,
/// which adds the words of its targets.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PromiseResult {
    /// Id ("K1").
    pub id: String,
    /// Id of its focus area.
    pub area: String,
    /// Verbatim promise text.
    pub text: String,
    /// Responsible party.
    pub responsible: String,
    /// Partners.
    pub partners: Vec<String>,
    /// The verdict, from all its targets.
    pub status: Status,
    /// One per target.
    pub targets: Vec<TargetResult>,
    /// The coordinators' comment for this window.
    pub comment: Option<String>,
    /// The coordinators' next step for this window.
    pub next_step: Option<String>,
    /// Each comment shown, in order (one per year in a multi-year window);
    /// `comment` and `next_step` join them, labelled by year.
    pub comments: Vec<CommentResult>,
    /// What police and municipality each did (counted rows' Antal).
    pub contributions: Contributions,
    /// What was logged, by activity type.
    pub activities: Vec<ActivitySummary>,
    /// Rows matched to the promise inside the window.
    pub rows_counted: u64,
}

/// One comment shown under a promise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentResult {
    /// The window it was written for; `None` for every window.
    pub window: Option<DateRange>,
    /// "2021", a date range, or "" for every window.
    pub label: String,
    /// What happened and why.
    pub comment: Option<String>,
    /// What is done next.
    pub next_step: Option<String>,
}

/// Count of promises per status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Uppfyllt.
    pub met: u32,
    /// Delvis uppfyllt.
    pub partly_met: u32,
    /// Ej uppfyllt.
    pub not_met: u32,
    /// Pågår.
    pub in_progress: u32,
    /// Redovisas i text.
    pub reported_in_text: u32,
    /// Ej aktuellt.
    pub not_applicable: u32,
    /// Underlag saknas.
    pub no_data: u32,
}

impl Summary {
    /// Counts one status.
    pub fn add(&mut self, status: Status) {
        let slot = match status {
            Status::Met => &mut self.met,
            Status::PartlyMet => &mut self.partly_met,
            Status::NotMet => &mut self.not_met,
            Status::InProgress => &mut self.in_progress,
            Status::ReportedInText => &mut self.reported_in_text,
            Status::NotApplicable => &mut self.not_applicable,
            Status::NoData => &mut self.no_data,
        };
        *slot += 1;
    }

    /// Promises in all.
    pub fn total(&self) -> u32 {
        Status::ALL.iter().map(|s| self.get(*s)).sum()
    }

    /// The count for one status.
    pub fn get(&self, status: Status) -> u32 {
        match status {
            Status::Met => self.met,
            Status::PartlyMet => self.partly_met,
            Status::NotMet => self.not_met,
            Status::InProgress => self.in_progress,
            Status::ReportedInText => self.reported_in_text,
            Status::NotApplicable => self.not_applicable,
            Status::NoData => self.no_data,
        }
    }
}

/// A row that matched no promise, shown under data quality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnmatchedRow {
    /// The row.
    pub row: Row,
    /// Its Löfte cell, if any.
    pub promise: Option<String>,
    /// Its Aktivitet cell, if any.
    pub activity: Option<String>,
}

/// A row left out of a joint promise because it does not show both parties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingPartner {
    /// The promise.
    pub promise: String,
    /// The row.
    pub row: Row,
    /// Its Ansvarig/Deltagare cell.
    pub responsible: Option<String>,
}

/// A joint event logged by both parties, each in their own log, and
/// counted once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedByBoth {
    /// The promise.
    pub promise: String,
    /// The row counted for the event.
    pub counted: Row,
    /// The other logs' rows of the same event, not counted again.
    pub also: Vec<Row>,
}

/// Why a row was left out by the reader of the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// A "Summa"/"Totalt" row, or a number with no date under a date column.
    SummaryRow,
    /// A row with an error in it (the error is among the warnings).
    Invalid,
    /// The header row repeated under the data.
    RepeatedHeader,
    /// A row its log marks as not done ("Status: Inställd").
    NotDone,
}

/// A row the reader of the logs left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedRow {
    /// The row.
    pub location: crate::diag::Location,
    /// The kind of reason.
    pub kind: Exclusion,
    /// The reason in words (Swedish: it is printed in the report).
    pub reason: String,
}

impl From<&ingest::Excluded> for ExcludedRow {
    fn from(e: &ingest::Excluded) -> Self {
        ExcludedRow {
            location: e.location.clone(),
            kind: match e.kind {
                ingest::ExclusionKind::SummaryRow => Exclusion::SummaryRow,
                ingest::ExclusionKind::Invalid => Exclusion::Invalid,
                ingest::ExclusionKind::RepeatedHeader => Exclusion::RepeatedHeader,
                ingest::ExclusionKind::NotDone => Exclusion::NotDone,
            },
            reason: e.reason.clone(),
        }
    }
}

/// Data quality: what was not counted and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DataQuality {
    /// Data rows read from all logs.
    pub rows_read: u64,
    /// Rows counted toward at least one promise.
    pub rows_counted: u64,
    /// Rows dated outside the window and not counted.
    pub rows_outside_window: u64,
    /// Rows dated before the window that a target over the agreement
    /// period (`over = "avtalsperioden"`) counts; among `rows_counted`.
    #[serde(default)]
    pub rows_before_window_counted: u64,
    /// Rows dated after the as-of date (not counted).
    pub rows_after_as_of: u64,
    /// Rows that matched no promise.
    pub unmatched: Vec<UnmatchedRow>,
    /// Rows left out of joint promises.
    pub missing_partner: Vec<MissingPartner>,
    /// Joint events logged by both parties and counted once.
    pub logged_by_both: Vec<LoggedByBoth>,
    /// Rows ingest left out (summary rows). Not read back from a results
    /// JSON: versions are compared by their rows and figures.
    #[serde(skip_deserializing)]
    pub excluded: Vec<ExcludedRow>,
    /// Warnings from reading and evaluating. Not read back, as `excluded`.
    #[serde(skip_deserializing)]
    pub warnings: Vec<Diagnostic>,
    /// The rows of a results JSON's `excluded` that their log marks as
    /// not done, read back (`lofte diff` says such a row is left out, not
    /// removed); empty in a report evaluated now, whose `excluded` holds
    /// them. Never written.
    #[serde(
        default,
        rename = "excluded",
        skip_serializing,
        deserialize_with = "not_done_rows"
    )]
    pub not_done_read: Vec<Row>,
}

/// The rows of a written `excluded` list whose `kind` is `not_done`.
fn not_done_rows<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Row>, D::Error> {
    #[derive(Deserialize)]
    struct Written {
        location: WrittenLocation,
        // As text: a kind a later lofte adds is read, not refused.
        kind: Option<String>,
    }
    #[derive(Deserialize)]
    struct WrittenLocation {
        file: String,
        sheet: Option<String>,
        row: Option<u32>,
    }
    let list: Vec<Written> = Vec::deserialize(d)?;
    Ok(list
        .into_iter()
        .filter(|e| e.kind.as_deref() == Some("not_done"))
        .filter_map(|e| {
            Some(Row {
                file: e.location.file,
                sheet: e.location.sheet,
                row: e.location.row?,
            })
        })
        .collect())
}

/// What an input is to the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The promise file.
    Promises,
    /// An activity log.
    Log,
    /// An indicator table (`indikatorfil`).
    Indicators,
    /// The template, when not the built-in one.
    Template,
}

/// One input, for provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// What the file is to the report.
    pub role: Role,
    /// File name as given.
    pub file: String,
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Data rows read (logs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_read: Option<u64>,
    /// Rows counted toward a promise (logs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_counted: Option<u64>,
    /// Sheets read (workbooks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
}

impl Source {
    /// Provenance for a log, from what ingest read.
    pub fn from_log(file: &SourceFile, rows_counted: u64) -> Self {
        Source {
            role: Role::Log,
            file: file.file.clone(),
            sha256: file.sha256.clone(),
            bytes: file.bytes,
            rows_read: Some(file.rows_read),
            rows_counted: Some(rows_counted),
            sheets: file.sheets_read.clone(),
        }
    }
}

/// The agreement as the report restates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementInfo {
    /// Kommun; `null` when the agreement names a stadsdel or its parties
    /// instead.
    pub kommun: Option<String>,
    /// What the report is for: the stadsdel, else the kommun, else the
    /// lokalpolisområde.
    #[serde(default)]
    pub place: String,
    /// Stadsdelsområde, for a city district's agreement.
    #[serde(default)]
    pub district: Option<String>,
    /// The parties as the agreement names them, each with its side.
    #[serde(default)]
    pub parties: Vec<crate::agreement::AgreementParty>,
    /// Expected effects of the whole agreement, with its heading for them.
    #[serde(default)]
    pub effects: crate::agreement::Effects,
    /// Lokalpolisområde.
    pub police_area: String,
    /// Title.
    pub title: Option<String>,
    /// Agreement period.
    pub period: DateRange,
    /// Deadline text as written.
    pub deadline_text: Option<String>,
    /// Deadline date.
    pub deadline: Option<NaiveDate>,
    /// Diarienummer.
    pub diarienummer: Option<String>,
    /// Signatories.
    pub signatories: Vec<crate::agreement::Signatory>,
    /// Authors.
    pub authors: Vec<String>,
    /// Recipients.
    pub recipients: Vec<String>,
}

/// A focus area and the ids of its promises, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaResult {
    /// Id.
    pub id: String,
    /// Heading.
    pub name: String,
    /// Intro text.
    pub description: Option<String>,
    /// Expected effects of the area, verbatim.
    #[serde(default)]
    pub effects: Vec<String>,
    /// Promise ids in this area.
    pub promises: Vec<String>,
}

/// The counting rules as stated in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    /// Part-met threshold (share of requirement).
    pub part_met: f64,
}

/// The whole evaluated report: figures, enums and the rows behind them.
/// The results JSON is this report with its targets worded
/// (`render::results_file`), which also reads it back.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Results {
    /// Version of this JSON layout.
    pub schema: u32,
    /// lofte's version.
    pub lofte_version: String,
    /// Report version (1, or N+1 after `--previous`).
    pub version: u32,
    /// The agreement.
    pub agreement: AgreementInfo,
    /// The report window.
    pub window: DateRange,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Promises per status.
    pub summary: Summary,
    /// Focus areas in order.
    pub areas: Vec<AreaResult>,
    /// Every promise, in the file's order.
    pub promises: Vec<PromiseResult>,
    /// Data quality.
    pub data_quality: DataQuality,
    /// Inputs, for provenance.
    pub sources: Vec<Source>,
    /// Counting rules in force.
    pub rules: Rules,
    /// Every activity row read, in a form that survives re-sorting the
    /// spreadsheet: what `--previous` and `lofte diff` compare.
    #[serde(deserialize_with = "super::written::rows")]
    pub activity_rows: Vec<ActivityRow>,
    /// Indicators (lägesbild och effekter): figures up to the window's end
    /// and the change they show against the wished direction. They never
    /// change a promise's status.
    #[serde(default)]
    pub indicators: Vec<crate::agreement::IndicatorOutcome>,
    /// What changed since the previous version (`--previous`).
    #[serde(default)]
    pub changes: Option<crate::evaluate::Changes>,
    /// When each version up to this one was made and why (`--note`),
    /// oldest first; filled by the command line, empty in a bare
    /// evaluation.
    #[serde(default)]
    pub history: Vec<crate::evaluate::VersionRecord>,
    /// How the PDF beside it was rendered; `None` in a bare evaluation,
    /// and in a results JSON written before it was recorded.
    #[serde(default)]
    pub rendering: Option<Rendering>,
}

/// How a report's PDF was rendered, recorded beside its figures: the
/// same figures asked for in another rendering (`--lang en`, another
/// `--template`) are written again, as the same version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendering {
    /// The PDF's language (`sv`, `en`).
    pub lang: String,
    /// PDF/A level (`a-3a`, `a-2a`).
    pub pdf_standard: String,
    /// Whether the results JSON is attached inside the PDF.
    pub attached: bool,
    /// Whether the appendix of rows behind each promise is added.
    pub underlag: bool,
    /// The SHA-256 of the template's `main.typ`, when not the built-in one.
    pub template: Option<String>,
    /// The SHA-256 of the logo, when there is one.
    pub logo: Option<String>,
}

/// One activity row: where it is ([`ActivityRow::place`], "logg.xlsx,
/// sheet \"Polisen\", row 14") and what it says ([`ActivityRow::content`],
/// "2023-04-12 | K2 | 1 | Trafiksäkerhetsinsats | Centrum | Polisen").
///
/// A row of a log evaluated now holds its fields (the texts shared with
/// every other row saying the same) and makes both strings when asked or
/// written: a million rows are then a million small records, not two
/// million strings. A row read back from a results JSON is held the same
/// way (`written.rs`) and gives the strings as written. Equal when place,
/// content and row are.
#[derive(Debug, Clone)]
pub struct ActivityRow(pub(crate) RowForm);

/// The two forms of an [`ActivityRow`].
#[derive(Debug, Clone)]
pub(crate) enum RowForm {
    /// Read from a log now.
    Read(super::rows::ReadRow),
    /// Read back from a results JSON.
    Written(super::written::WrittenRow),
}

impl ActivityRow {
    /// A row as a results JSON names it.
    pub fn written(place: String, content: String, row: Row) -> Self {
        ActivityRow(RowForm::Written(super::written::WrittenRow::single(
            &place,
            &content,
            Some(row),
        )))
    }

    /// File name (without folders), sheet and row: "logg.xlsx, sheet
    /// \"Polisen\", row 14".
    pub fn place(&self) -> std::borrow::Cow<'_, str> {
        let mut out = String::new();
        self.push_place(&mut out);
        out.into()
    }

    /// Date, Löfte, Antal, Aktivitet, Plats, Ansvarig, in that order,
    /// joined by " | ".
    pub fn content(&self) -> std::borrow::Cow<'_, str> {
        let mut out = String::new();
        self.push_content(&mut out);
        out.into()
    }

    /// Appends [`ActivityRow::place`] to `out`: a caller going through
    /// every row of a report keeps one buffer.
    pub fn push_place(&self, out: &mut String) {
        match &self.0 {
            RowForm::Read(r) => r.push_place(out),
            RowForm::Written(w) => w.push_place(out),
        }
    }

    /// Appends [`ActivityRow::content`] to `out`.
    pub fn push_content(&self, out: &mut String) {
        match &self.0 {
            RowForm::Read(r) => r.push_content(out),
            RowForm::Written(w) => w.push_content(out),
        }
    }

    /// The row: file as the log was given (a row read back: as the report
    /// names it), sheet, 1-based row.
    pub fn row(&self) -> Row {
        let (file, sheet, row) = self.row_key();
        Row {
            file: file.to_owned(),
            sheet: sheet.map(str::to_owned),
            row,
        }
    }

    /// [`ActivityRow::row`] borrowed, for sorting without copying.
    pub fn row_key(&self) -> (&str, Option<&str>, u32) {
        match &self.0 {
            RowForm::Read(r) => r.row_key(),
            RowForm::Written(w) => w.row_key(),
        }
    }
}

impl PartialEq for ActivityRow {
    fn eq(&self, other: &Self) -> bool {
        self.row_key() == other.row_key()
            && self.place() == other.place()
            && self.content() == other.content()
    }
}

impl Eq for ActivityRow {}

impl Serialize for ActivityRow {
    /// `place` and `content`, each made in one buffer as it is written:
    /// no row's strings are held.
    /// The buffer is the thread's own, reused from row to row: a report
    /// writes a million rows.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        thread_local! {
            static TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        let mut st = serializer.serialize_struct("ActivityRow", 2)?;
        TEXT.with_borrow_mut(|text| {
            text.clear();
            self.push_place(text);
            st.serialize_field("place", text.as_str())?;
            text.clear();
            self.push_content(text);
            st.serialize_field("content", text.as_str())
        })?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for ActivityRow {
    /// A row alone; a report's list is read by `written::rows`, its rows
    /// sharing one table.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::written::WrittenRow::deserialize(d).map(|w| ActivityRow(RowForm::Written(w)))
    }
}

/// Where a row is: file (as the report names it), sheet and 1-based row
/// (the spreadsheet's row number, or the csv line).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Row {
    /// File name as the report names it.
    pub file: String,
    /// Sheet name for workbooks, `None` for csv.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based row number (spreadsheet row or csv line).
    pub row: u32,
}

impl Row {
    /// The location of the whole row.
    pub fn location(&self) -> crate::diag::Location {
        crate::diag::Location::row(
            self.file.as_str(),
            self.sheet.as_deref(),
            self.row.saturating_sub(1),
        )
    }
}

impl std::fmt::Display for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.location().fmt(f)
    }
}

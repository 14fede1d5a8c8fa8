//! The evaluated report: what the results JSON holds and what the template
//! is given. Field names are the JSON contract (`docs/results.md`); add
//! fields freely, never rename or remove one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::agreement::{DateRange, Direction, Period, ShareUnit};
use crate::diag::Diagnostic;
use crate::ingest::{Excluded, RowRef, SourceFile};

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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalResult {
    /// First day of the interval (may lie before the window for edge
    /// intervals; `judged` is then false).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// The place, for a per-place target (its "interval" is a place over
    /// the whole span); the other kinds' labels are words of the report
    /// (`render::wording`).
    #[serde(skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        prorated: bool,
    },
    /// At least `per_interval` in every block of `every` `per`s.
    EveryN {
        /// The block's unit.
        per: Period,
        /// Required in each block.
        per_interval: f64,
        /// Block length in `per`s.
        every: u32,
    },
    /// An average per `per` (`required` the average asked for).
    Average {
        /// The unit of the average.
        per: Period,
    },
    /// A total over the window (`required` the total asked for).
    Total,
    /// A share of days or shifts with activity (`required` the share).
    Share {
        /// Days or shifts.
        share_of: ShareUnit,
        /// Days with activity.
        days_active: u64,
        /// Days judged so far.
        days: i64,
    },
    /// More (or fewer) than the year before, per year.
    Trend {
        /// Always years.
        per: Period,
        /// Up or down.
        direction: Direction,
        /// The figure from the promise file the first year is compared with.
        #[serde(skip_serializing_if = "Option::is_none")]
        baseline: Option<f64>,
        /// What the baseline is a figure for ("2018").
        #[serde(skip_serializing_if = "Option::is_none")]
        baseline_period: Option<String>,
    },
    /// At least `per_interval` at every named place (per `per`, or over the
    /// whole span).
    PerPlace {
        /// The interval, or `None` for the whole span.
        #[serde(skip_serializing_if = "Option::is_none")]
        per: Option<Period>,
        /// Required per place (and interval).
        per_interval: f64,
    },
    /// No number: reported in text.
    Text,
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
            Kind::Total | Kind::Share { .. } | Kind::Text => None,
        }
    }

    /// Required per interval (per-interval, every-N and per-place targets).
    pub fn per_interval(&self) -> Option<f64> {
        match self {
            Kind::AtLeastPer { per_interval, .. }
            | Kind::EveryN { per_interval, .. }
            | Kind::PerPlace { per_interval, .. } => Some(*per_interval),
            Kind::Average { .. }
            | Kind::Total
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
            | Kind::Total
            | Kind::Share { .. }
            | Kind::Trend { .. }
            | Kind::PerPlace { .. } => true,
        }
    }
}

/// The outcome of one target: figures and enums only; its words are made
/// by `render::wording`.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetResult {
    /// The kind, with what its wording needs.
    pub kind: Kind,
    /// The target as the promise file words it, when it does
    /// (`beskrivning`); otherwise the report words it from the kind.
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
    pub pace: Option<Pace>,
    /// Per-place targets: places with too few.
    pub missed_places: Vec<String>,
    /// The days the target was judged over (window ∩ its validity).
    pub judged: Option<DateRange>,
    /// The rows counted, for traceability.
    pub rows: Vec<RowRef>,
}

impl TargetResult {
    /// Intervals judged and intervals met.
    pub fn tally(&self) -> (usize, usize) {
        let judged = self.intervals.iter().filter(|i| i.met.is_some()).count();
        let met = self
            .intervals
            .iter()
            .filter(|i| i.met == Some(true))
            .count();
        (judged, met)
    }
}

/// What each party did toward a promise (rows and their summed Antal).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivitySummary {
    /// Aktivitet as written (first spelling seen).
    pub activity: String,
    /// Summed Antal.
    pub count: u64,
}

/// The outcome of one promise. Written out by `render::results_file`,
/// which adds the words of its targets.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmatchedRow {
    /// The row.
    pub row: RowRef,
    /// Its Löfte cell, if any.
    pub promise: Option<String>,
    /// Its Aktivitet cell, if any.
    pub activity: Option<String>,
}

/// A row left out of a joint promise because it does not show both parties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingPartner {
    /// The promise.
    pub promise: String,
    /// The row.
    pub row: RowRef,
    /// Its Ansvarig/Deltagare cell.
    pub responsible: Option<String>,
}

/// A joint event logged by both parties, each in their own log, and
/// counted once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggedByBoth {
    /// The promise.
    pub promise: String,
    /// The row counted for the event.
    pub counted: RowRef,
    /// The other logs' rows of the same event, not counted again.
    pub also: Vec<RowRef>,
}

/// Data quality: what was not counted and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DataQuality {
    /// Data rows read from all logs.
    pub rows_read: u64,
    /// Rows counted toward at least one promise.
    pub rows_counted: u64,
    /// Rows dated outside the window (not counted).
    pub rows_outside_window: u64,
    /// Rows dated after the as-of date (not counted).
    pub rows_after_as_of: u64,
    /// Rows that matched no promise.
    pub unmatched: Vec<UnmatchedRow>,
    /// Rows left out of joint promises.
    pub missing_partner: Vec<MissingPartner>,
    /// Joint events logged by both parties and counted once.
    pub logged_by_both: Vec<LoggedByBoth>,
    /// Rows ingest left out (summary rows).
    pub excluded: Vec<Excluded>,
    /// Warnings from reading and evaluating.
    pub warnings: Vec<Diagnostic>,
}

/// What an input is to the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows_read: Option<u64>,
    /// Rows counted toward a promise (logs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows_counted: Option<u64>,
    /// Sheets read (workbooks).
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementInfo {
    /// Kommun; `null` when the agreement names a stadsdel or its parties
    /// instead.
    pub kommun: Option<String>,
    /// What the report is for: the stadsdel, else the kommun, else the
    /// lokalpolisområde.
    pub place: String,
    /// Stadsdelsområde, for a city district's agreement.
    pub district: Option<String>,
    /// The parties as the agreement names them, each with its side.
    pub parties: Vec<crate::agreement::AgreementParty>,
    /// Expected effects of the whole agreement, with its heading for them.
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaResult {
    /// Id.
    pub id: String,
    /// Heading.
    pub name: String,
    /// Intro text.
    pub description: Option<String>,
    /// Expected effects of the area, verbatim.
    pub effects: Vec<String>,
    /// Promise ids in this area.
    pub promises: Vec<String>,
}

/// The counting rules as stated in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rules {
    /// Part-met threshold (share of requirement).
    pub part_met: f64,
}

/// The whole evaluated report: figures, enums and the rows behind them.
/// The results JSON is this report with its targets worded
/// (`render::results_file`).
#[derive(Debug, Clone, PartialEq)]
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
    pub activity_rows: Vec<ActivityRow>,
    /// Indicators (lägesbild och effekter): figures up to the window's end
    /// and the change they show against the wished direction. They never
    /// change a promise's status.
    pub indicators: Vec<crate::agreement::IndicatorOutcome>,
    /// What changed since the previous version (`--previous`).
    pub changes: Option<crate::evaluate::Changes>,
    /// When each version up to this one was made and why (`--note`),
    /// oldest first; filled by the command line, empty in a bare
    /// evaluation.
    pub history: Vec<crate::evaluate::VersionRecord>,
}

/// One activity row: where it is and what it says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ActivityRow {
    /// File name (without folders), sheet and row: "logg.xlsx, sheet \"Polisen\", row 14".
    pub place: String,
    /// Date, Löfte, Antal, Aktivitet, Plats, Ansvarig, in that order.
    pub content: String,
}

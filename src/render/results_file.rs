//! The results JSON as written beside the PDF and attached inside it: the
//! evaluated report ([`Results`]) with the words of its targets added
//! (`description`, `unit`, `outcome_text`, interval `label`), in Swedish,
//! the agreement's language. The field names are the contract of
//! docs/results.md; `lofte diff` and `--previous` read the figures back
//! into [`Results`] and ignore the words.

use chrono::NaiveDate;
use serde::Serialize;

use super::wording;
use crate::agreement::DateRange;
use crate::evaluate::{
    ActivityRow, ActivitySummary, AgreementInfo, AreaResult, Changes, CommentResult, Contributions,
    DataQuality, Kind, Pace, PromiseResult, Results, Rules, Source, Status, Summary, TargetResult,
    VersionRecord,
};
use crate::ingest::RowRef;
use crate::locale::Lang;

/// The whole results JSON.
#[derive(Serialize)]
struct ResultsFile<'a> {
    schema: u32,
    lofte_version: &'a str,
    version: u32,
    agreement: &'a AgreementInfo,
    window: DateRange,
    as_of: NaiveDate,
    summary: &'a Summary,
    areas: &'a [AreaResult],
    promises: Vec<PromiseFile<'a>>,
    data_quality: &'a DataQuality,
    sources: &'a [Source],
    rules: &'a Rules,
    activity_rows: &'a [ActivityRow],
    /// Lägesbild och effekter (docs/indicators.md).
    indicators: &'a [crate::agreement::IndicatorOutcome],
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a Changes>,
    #[serde(skip_serializing_if = "empty")]
    history: &'a [VersionRecord],
}

#[derive(Serialize)]
struct PromiseFile<'a> {
    id: &'a str,
    area: &'a str,
    text: &'a str,
    responsible: &'a str,
    partners: &'a [String],
    status: Status,
    targets: Vec<TargetFile<'a>>,
    comment: &'a Option<String>,
    next_step: &'a Option<String>,
    comments: &'a [CommentResult],
    contributions: &'a Contributions,
    activities: &'a [ActivitySummary],
    rows_counted: u64,
}

#[derive(Serialize)]
struct TargetFile<'a> {
    #[serde(flatten)]
    kind: &'a Kind,
    description: String,
    required: Option<f64>,
    achieved: f64,
    unit: String,
    total: f64,
    noun: &'a str,
    noun_singular: &'a str,
    outcome_text: String,
    status: Status,
    intervals: Vec<IntervalFile<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pace: Option<&'a Pace>,
    #[serde(skip_serializing_if = "empty")]
    missed_places: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    judged: Option<DateRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description_written: Option<&'a str>,
    rows: &'a [RowRef],
}

#[derive(Serialize)]
struct IntervalFile<'a> {
    from: NaiveDate,
    to: NaiveDate,
    label: String,
    achieved: f64,
    required: Option<f64>,
    met: Option<bool>,
    partly: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
}

fn empty<T>(s: &&[T]) -> bool {
    s.is_empty()
}

fn target(t: &TargetResult) -> TargetFile<'_> {
    TargetFile {
        kind: &t.kind,
        description: wording::target_description(t),
        required: t.required,
        achieved: t.achieved,
        unit: wording::unit_sv(t),
        total: t.total,
        noun: &t.noun,
        noun_singular: &t.noun_singular,
        outcome_text: wording::outcome_text(Lang::Sv, t),
        status: t.status,
        intervals: t
            .intervals
            .iter()
            .map(|i| IntervalFile {
                from: i.from,
                to: i.to,
                label: wording::interval_label(Lang::Sv, &t.kind, i),
                achieved: i.achieved,
                required: i.required,
                met: i.met,
                partly: i.partly,
                place: i.place.as_deref(),
            })
            .collect(),
        pace: t.pace.as_ref(),
        missed_places: &t.missed_places,
        judged: t.judged,
        description_written: t.written.as_deref(),
        rows: &t.rows,
    }
}

fn promise(p: &PromiseResult) -> PromiseFile<'_> {
    PromiseFile {
        id: &p.id,
        area: &p.area,
        text: &p.text,
        responsible: &p.responsible,
        partners: &p.partners,
        status: p.status,
        targets: p.targets.iter().map(target).collect(),
        comment: &p.comment,
        next_step: &p.next_step,
        comments: &p.comments,
        contributions: &p.contributions,
        activities: &p.activities,
        rows_counted: p.rows_counted,
    }
}

fn file(r: &Results) -> ResultsFile<'_> {
    ResultsFile {
        schema: r.schema,
        lofte_version: &r.lofte_version,
        version: r.version,
        agreement: &r.agreement,
        window: r.window,
        as_of: r.as_of,
        summary: &r.summary,
        areas: &r.areas,
        promises: r.promises.iter().map(promise).collect(),
        data_quality: &r.data_quality,
        sources: &r.sources,
        rules: &r.rules,
        activity_rows: &r.activity_rows,
        indicators: &r.indicators,
        changes: r.changes.as_ref(),
        history: &r.history,
    }
}

/// The results JSON, pretty-printed, as written beside the PDF.
pub fn results_json(results: &Results) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec_pretty(&file(results))
}

/// The results JSON as a value (what `--previous` compares).
pub fn results_value(results: &Results) -> serde_json::Result<serde_json::Value> {
    serde_json::to_value(file(results))
}

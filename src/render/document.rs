//! The one contract between lofte and the template: the document the
//! template reads as `/data.json`, as types. Everything in it is already
//! worded and formatted in the report's language, so the template only
//! lays out; it holds what the template prints and nothing else (not the
//! results with every activity row: those go to the results JSON). A
//! designer works on a template with `lofte template export`, which writes
//! a real `data.json` of this shape beside it (docs/template.md).

use serde::Serialize;

use crate::agreement::Signatory;
use crate::evaluate::Status;

/// The whole document.
#[derive(Serialize)]
pub struct Document {
    /// `sv` or `en`.
    pub lang: &'static str,
    /// The report's fixed words in its language.
    pub words: &'static Words,
    /// "Uppföljning av medborgarlöften 2022–2023".
    pub title: String,
    /// What the report is for: the stadsdel, else the kommun, else the
    /// lokalpolisområde (`Agreement::place`, docs/other-agreements.md).
    pub kommun: String,
    /// The title block's first line: "lokalpolisområde · kommun", or the
    /// parties as the agreement names them.
    pub parties_line: String,
    /// Lägesbild och effekter; `None` without effects and indicators.
    pub effects: Option<EffectsView>,
    /// Lokalpolisområde.
    pub police_area: String,
    /// The agreement's own title.
    pub agreement_title: Option<String>,
    /// The report window, formatted.
    pub window: String,
    /// The as-of date, formatted.
    pub as_of: String,
    /// The deadline as written.
    pub deadline: Option<String>,
    /// Report version.
    pub version: u32,
    /// Diarienummer.
    pub diarienummer: Option<String>,
    /// Promises per status.
    pub summary: Vec<SummaryEntry>,
    /// Alt text of the summary chart.
    pub summary_alt: String,
    /// Promises in all.
    pub promise_count: usize,
    /// Focus areas with their promises.
    pub areas: Vec<AreaView>,
    /// The counting rules as sentences.
    pub rules: Vec<String>,
    /// Datakvalitet.
    pub data_quality: super::quality::QualityView,
    /// Inputs.
    pub sources: Vec<SourceView>,
    /// "lofte 0.1.0".
    pub tool: String,
    /// Signatories.
    pub signatories: Vec<Signatory>,
    /// Authors.
    pub authors: Vec<String>,
    /// Recipients.
    pub recipients: Vec<String>,
    /// What changed since the previous version.
    pub changes: Option<ChangesView>,
    /// Every version, oldest first.
    pub history: Vec<HistoryView>,
    /// Whether any target has periods drawn.
    pub has_strips: bool,
    /// Every period of the heat strips, for the appendix.
    pub periods: Vec<PeriodsView>,
    /// Whether to print the appendix of rows.
    pub underlag: bool,
    /// Whether the results are there to attach, as `/results.json.gz`
    /// (docs/results.md).
    pub attached: bool,
    /// The same as `attached`: the results are attached as their gzip.
    /// Kept for templates exported when only a large report's were, which
    /// attach `/results.json.gz` where it is true (docs/template.md).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub attached_gzip: bool,
    /// The logo's path, if any.
    pub logo: Option<String>,
    /// Whether any text has a combining mark, a private-use character or
    /// a letter with marks Inter lacks: only then does the default
    /// template keep the fonts' composition of marks (`ccmp`), which
    /// changes nothing in other text and costs a tenth of the layout. Set
    /// from the written text (`Renderer::data_bytes`), not by the view.
    pub marks: bool,
}

/// One status in the summary.
#[derive(Serialize)]
pub struct SummaryEntry {
    /// The status (`met`, …).
    pub key: Status,
    /// Its label.
    pub label: &'static str,
    /// Its symbol.
    pub symbol: &'static str,
    /// Promises with it.
    pub count: u32,
}

/// A focus area.
#[derive(Serialize)]
pub struct AreaView {
    /// Heading.
    pub name: String,
    /// Intro text.
    pub description: Option<String>,
    /// Expected effects ("Förväntad effekt"), verbatim.
    pub effects: Vec<String>,
    /// Names of the indicators that belong to the area.
    pub indicators: Vec<String>,
    /// Its promises.
    pub promises: Vec<PromiseView>,
}

/// A promise as printed.
#[derive(Serialize)]
pub struct PromiseView {
    /// Id.
    pub id: String,
    /// Promise text.
    pub text: String,
    /// Responsible party.
    pub responsible: String,
    /// Partners, joined.
    pub partners: String,
    /// Status key.
    pub status: Status,
    /// Status label.
    pub status_label: &'static str,
    /// Status symbol.
    pub symbol: &'static str,
    /// The one explanation of *Underlag saknas*.
    pub no_data_note: Option<&'static str>,
    /// Its targets.
    pub targets: Vec<TargetView>,
    /// The coordinators' comment.
    pub comment: Option<String>,
    /// Their next step.
    pub next_step: Option<String>,
    /// Who did what.
    pub done_by: String,
    /// What was logged, in one line.
    pub logged: String,
    /// What was logged, by activity: the largest first, at most
    /// [`ACTIVITIES_MAX`](super::view::ACTIVITIES_MAX).
    pub activities: Vec<ActivityView>,
    /// How many activity types the list leaves out.
    pub activities_left_out: usize,
    /// Those left out, said in words ("och 31 till, sammanlagt 412 …");
    /// `None` when the list has them all.
    pub activities_left_out_text: Option<String>,
    /// Rows counted, formatted.
    pub rows_counted: String,
    /// The appendix rows (`--underlag`), capped.
    pub underlag: Vec<UnderlagRow>,
    /// Whether rows were left out of the appendix.
    pub underlag_more: bool,
    /// How many.
    pub underlag_left_out: usize,
    /// Said in words.
    pub underlag_left_out_text: String,
}

/// An activity type and its count.
#[derive(Serialize)]
pub struct ActivityView {
    /// Aktivitet.
    pub activity: String,
    /// Summed Antal, formatted.
    pub count: String,
}

/// One row of the appendix.
#[derive(Serialize)]
pub struct UnderlagRow {
    /// Datum.
    pub date: String,
    /// Löfte.
    pub promise: String,
    /// Antal.
    pub count: String,
    /// Aktivitet.
    pub activity: String,
    /// Plats.
    pub place: String,
    /// Ansvarig/Deltagare.
    pub participants: String,
    /// Where the row is, in words.
    pub source: String,
}

/// A piece of an outcome sentence.
#[derive(Serialize)]
pub struct OutcomePart {
    /// The text.
    pub text: String,
    /// Whether it is the agreement's Swedish word.
    pub sv: bool,
}

/// A target as printed.
#[derive(Serialize)]
pub struct TargetView {
    /// The target in words.
    pub description: String,
    /// The outcome in words.
    pub outcome: String,
    /// The same, in pieces.
    pub outcome_parts: Vec<OutcomePart>,
    /// The status shown.
    pub status: Status,
    /// Its label.
    pub status_label: &'static str,
    /// Its symbol.
    pub symbol: &'static str,
    /// The period word, if any.
    pub per: Option<&'static str>,
    /// Every interval as a cell.
    pub intervals: Vec<Cell>,
    /// How to draw the periods.
    pub strip: Option<Strip>,
    /// Places short of the requirement.
    pub missed_places: Vec<String>,
    /// The pace in words.
    pub pace: Option<String>,
    /// Rows of the target that were not counted, and why, in words;
    /// absent when every row counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_counted: Vec<String>,
}

/// One input.
#[derive(Serialize)]
pub struct SourceView {
    /// Its role in words.
    pub role: &'static str,
    /// File name.
    pub file: String,
    /// SHA-256.
    pub sha256: String,
    /// "rows read / rows counted".
    pub rows: String,
}

/// The change record.
#[derive(Serialize)]
pub struct ChangesView {
    /// The version compared with.
    pub since: u32,
    /// Each change in words.
    pub lines: Vec<String>,
    /// This version's date and its source.
    pub date: Option<String>,
    /// `--note` texts.
    pub notes: Vec<String>,
}

/// One version in the history.
#[derive(Serialize)]
pub struct HistoryView {
    /// Version.
    pub version: u32,
    /// Its date in words.
    pub date: String,
    /// Its notes.
    pub notes: Vec<String>,
}

/// The periods of one heat strip, for the appendix.
#[derive(Serialize)]
pub struct PeriodsView {
    /// Promise id.
    pub id: String,
    /// The target in words.
    pub description: String,
    /// Its cells.
    pub cells: Vec<Cell>,
}

/// Words of the report in one language; serialised whole as `words`.
#[derive(Serialize)]
pub struct Words {
    pub title: &'static str,
    pub window: &'static str,
    pub as_of: &'static str,
    pub deadline: &'static str,
    pub version: &'static str,
    pub diarienummer: &'static str,
    pub summary: &'static str,
    pub promise: &'static str,
    pub responsible: &'static str,
    pub partners: &'static str,
    pub target: &'static str,
    pub outcome: &'static str,
    pub status: &'static str,
    pub comment: &'static str,
    pub next_step: &'static str,
    pub done_by: &'static str,
    pub logged: &'static str,
    pub data_quality: &'static str,
    pub provenance: &'static str,
    pub rules: &'static str,
    pub signatures: &'static str,
    pub authors: &'static str,
    pub recipients: &'static str,
    pub changes: &'static str,
    pub underlag: &'static str,
    pub file: &'static str,
    pub role: &'static str,
    pub rows: &'static str,
    pub intervals: &'static str,
    pub pace: &'static str,
    pub legend: &'static str,
    pub periods: &'static str,
    pub period: &'static str,
    pub required: &'static str,
    pub year: &'static str,
    pub place: &'static str,
    pub date: &'static str,
    pub count: &'static str,
    pub activity: &'static str,
    pub participants: &'static str,
    pub source: &'static str,
    pub notes: &'static str,
    pub version_date: &'static str,
    /// "Lägesbild och effekter".
    pub situation: &'static str,
    /// "Förväntad effekt", when the agreement has no heading of its own.
    pub expected_effects: &'static str,
    /// "Indikatorer (se Lägesbild och effekter)", under a focus area.
    pub area_indicators: &'static str,
    /// "Värde", the indicator table's column.
    pub value: &'static str,
}

#[derive(Serialize, Clone)]
pub struct Cell {
    /// The interval in words ("mars 2023", "v. 14 2023", "2 jan – 22 jan 2023").
    pub label: String,
    /// Achieved, formatted as the outcome is (two decimals at most).
    pub value: String,
    /// Required, formatted likewise (empty when there is no number).
    pub required: String,
    /// `met`, `partly`, `missed` or `open` (not judged).
    pub state: &'static str,
    pub symbol: &'static str,
    /// The verdict in words, for the appendix table.
    pub verdict: &'static str,
    /// A short start date for block cells ("2 jan").
    pub short: String,
}

#[derive(Serialize, Clone)]
pub struct StripLabel {
    pub target: String,
    pub result: String,
}

/// One row of a period table: a year (or a place) and its cells, `None`
/// where the year has no such interval.
#[derive(Serialize)]
pub struct StripRow {
    pub label: String,
    pub cells: Vec<Option<Cell>>,
}

/// How a target's periods are drawn. `table`: a real table, one row per
/// year (months, quarters, years, trend years, places), readable by a
/// screen reader as it is. `heat`: weeks and blocks, too many for a table
/// on the page: one compact row per year as a figure with a short alt
/// text, and every period in the appendix table `periods`.
#[derive(Serialize)]
pub struct Strip {
    pub kind: &'static str,
    /// Names the target the strip belongs to: `target` (the agreement's
    /// words) and `result` (the report's).
    pub label: StripLabel,
    /// The column headers after the first (months, quarters, "Utfall").
    pub header: Vec<String>,
    /// The first column's header ("År", "Plats").
    pub corner: String,
    pub rows: Vec<StripRow>,
    /// `heat` only: the alt text (at most about 250 characters).
    pub alt: String,
    /// `heat` only: the appendix anchor text the alt points to.
    pub appendix: String,
    /// Whether heat cells carry a value and a start date (blocks) or only
    /// a symbol (weeks).
    pub detailed: bool,
}

/// *Lägesbild och effekter*: the agreement's expected effects and each
/// indicator (docs/indicators.md).
#[derive(Debug, Serialize)]
pub struct EffectsView {
    /// The agreement's heading for its effects, or "Förväntad effekt".
    pub effects_heading: String,
    /// Whether the heading is the agreement's own (Swedish) words.
    pub heading_sv: bool,
    /// The agreement's expected effects, verbatim.
    pub effects: Vec<String>,
    /// Indicators, in the order they are written.
    pub indicators: Vec<IndicatorView>,
    /// How the change is judged, and that indicators judge no promise.
    pub rule: String,
}

/// One indicator as printed.
#[derive(Debug, Serialize)]
pub struct IndicatorView {
    /// Name, verbatim.
    pub name: String,
    /// "Enhet: procent · Önskad riktning: öka".
    pub about: String,
    /// The focus area's name, when it belongs to one.
    pub area: Option<String>,
    /// Years shown.
    pub years: Vec<String>,
    /// Values, formatted, one per year.
    pub values: Vec<String>,
    /// `better`, `worse`, `unchanged` or `open` (fewer than two years).
    pub verdict_key: &'static str,
    /// Which way the figure went: ▲ rose, ▼ fell, ● unchanged.
    pub symbol: &'static str,
    /// "Bättre", "Sämre", "Oförändrat", "Kan inte jämföras".
    pub verdict: &'static str,
    /// "71 procent 2018 → 77,5 procent 2023, ökning med 6,5".
    pub change: String,
    /// Bars across the years, with an alt text stating the result.
    pub chart: Option<ChartView>,
    /// "Källa: Polisens trygghetsmätning".
    pub source: Option<String>,
    /// Later figures left out, said once.
    pub later: Option<String>,
}

/// A bar chart across the years, bars from zero (a bar from anywhere else
/// would make a small change look large).
#[derive(Debug, Serialize)]
pub struct ChartView {
    /// The figures and the result, for a screen reader.
    pub alt: String,
    /// One bar per year.
    pub bars: Vec<Bar>,
}

/// One year's bar.
#[derive(Debug, Serialize)]
pub struct Bar {
    /// The year.
    pub year: String,
    /// The value, formatted.
    pub value: String,
    /// Height as a share of the tallest bar, 0–1.
    pub height: f64,
}

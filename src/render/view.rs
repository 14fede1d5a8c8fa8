//! The document the template reads as `/data.json`: the results as they
//! are, plus everything a reader sees already worded and formatted in the
//! report's language, so the template only lays out.

use chrono::Datelike;

use super::document::{
    ActivityView, AreaView, Cell, ChangesView, Document, HistoryView, OutcomePart, PeriodsView,
    PromiseView, SourceView, Strip, StripLabel, StripRow, SummaryEntry, TargetView, UnderlagRow,
    Words,
};
use super::{RenderOptions, wording};
use crate::agreement::Period;
use crate::evaluate::{IntervalResult, Kind, PromiseResult, Results, Status, Tally, TargetResult};
use crate::locale::{self, Lang};

/// How many rows per promise the `--underlag` appendix lists at most; the
/// results JSON always has them all.
pub const UNDERLAG_MAX_ROWS: usize = 200;

const SV: Words = Words {
    title: "Uppföljning av medborgarlöften",
    window: "Rapportperiod",
    as_of: "Underlag per",
    deadline: "Uppföljningen besvarar",
    version: "Version",
    diarienummer: "Diarienummer",
    summary: "Sammanfattning",
    promise: "Löfte",
    responsible: "Ansvarig",
    partners: "Samverkan",
    target: "Mål",
    outcome: "Utfall",
    status: "Bedömning",
    comment: "Kommentar",
    next_step: "Nästa steg",
    done_by: "Utfört av",
    logged: "Loggade aktiviteter",
    data_quality: "Datakvalitet",
    provenance: "Underlag och spårbarhet",
    rules: "Så räknas utfallet",
    signatures: "Underskrifter",
    authors: "Sammanställd av",
    recipients: "Mottagare",
    changes: "Ändringar sedan version",
    underlag: "Bilaga: rader bakom varje löfte",
    file: "Fil",
    role: "Roll",
    rows: "Rader",
    intervals: "Perioder",
    pace: "Takt",
    legend: "Tecken i periodtabellerna: ✓ uppfyllt · ◇ delvis uppfyllt · ✗ ej uppfyllt · · bedöms inte (period i kanten eller inte avslutad)",
    periods: "Bilaga: utfall per period",
    period: "Period",
    required: "Krav",
    year: "År",
    place: "Plats",
    date: "Datum",
    count: "Antal",
    activity: "Aktivitet",
    participants: "Deltagare",
    source: "Källa",
    notes: "Skäl",
    version_date: "Versionsdatum",
    situation: "Lägesbild och effekter",
    expected_effects: "Förväntad effekt",
    area_indicators: "Indikatorer (se Lägesbild och effekter)",
    value: "Värde",
};

const EN: Words = Words {
    title: "Follow-up of citizen promises",
    window: "Report period",
    as_of: "Data as of",
    deadline: "This follow-up answers",
    version: "Version",
    diarienummer: "Reference number",
    summary: "Summary",
    promise: "Promise",
    responsible: "Responsible",
    partners: "Partners",
    target: "Target",
    outcome: "Outcome",
    status: "Verdict",
    comment: "Comment",
    next_step: "Next step",
    done_by: "Done by",
    logged: "Logged activities",
    data_quality: "Data quality",
    provenance: "Sources and traceability",
    rules: "How the outcome is counted",
    signatures: "Signatures",
    authors: "Compiled by",
    recipients: "Recipients",
    changes: "Changes since version",
    underlag: "Appendix: rows behind each promise",
    file: "File",
    role: "Role",
    rows: "Rows",
    intervals: "Intervals",
    pace: "Pace",
    legend: "Symbols in the period tables: ✓ met · ◇ partly met · ✗ not met · · not judged (edge period or not yet over)",
    periods: "Appendix: outcome per period",
    period: "Period",
    required: "Required",
    year: "Year",
    place: "Place",
    date: "Date",
    count: "Count",
    activity: "Activity",
    participants: "Participants",
    source: "Source",
    notes: "Reason",
    version_date: "Version date",
    situation: "Situation and effects",
    expected_effects: "Expected effects",
    area_indicators: "Indicators (see Situation and effects)",
    value: "Value",
};

pub(super) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

fn interval_cell(lang: Lang, kind: &Kind, i: &IntervalResult) -> Cell {
    let (state, symbol, verdict) = match i.met {
        Some(true) => ("met", "✓", wording::status_label(lang, Status::Met)),
        Some(false) if i.partly => (
            "partly",
            "◇",
            wording::status_label(lang, Status::PartlyMet),
        ),
        Some(false) => ("missed", "✗", wording::status_label(lang, Status::NotMet)),
        None => (
            "open",
            "·",
            match lang {
                Lang::Sv => "Bedöms inte",
                Lang::En => "Not judged",
            },
        ),
    };
    let month: String = locale::month_name(lang, i.from.month())
        .chars()
        .take(3)
        .collect();
    Cell {
        label: wording::interval_label(lang, kind, i),
        value: locale::number(lang, i.achieved, 2),
        required: i
            .required
            .map(|r| locale::number(lang, r, 2))
            .unwrap_or_default(),
        state,
        symbol,
        verdict,
        short: format!("{} {month}", i.from.day()),
    }
}

fn month_abbrev(lang: Lang, m: u32) -> String {
    locale::month_name(lang, m).chars().take(3).collect()
}

/// A short alt text: the result first, then as many missed periods as fit
/// in about 250 characters, and where the full table is.
fn short_alt(lang: Lang, unit: &str, tally: Tally, cells: &[Cell], appendix: &str) -> String {
    let Tally {
        judged,
        met,
        partly,
        missed,
    } = tally;
    let mut alt = match lang {
        Lang::Sv => {
            format!("{met} av {judged} {unit} uppfyllda, {partly} delvis, {missed} ej uppfyllda.")
        }
        Lang::En => format!("{met} of {judged} {unit} met, {partly} partly, {missed} not met."),
    };
    let tail = match lang {
        Lang::Sv => format!(" Alla perioder i tabellen i {appendix}."),
        Lang::En => format!(" Every period is in the table in the {appendix}."),
    };
    let short: Vec<&Cell> = cells
        .iter()
        .filter(|c| c.state == "missed" || c.state == "partly")
        .collect();
    if !short.is_empty() {
        let head = match lang {
            Lang::Sv => " Ej nått kravet: ",
            Lang::En => " Short of the target: ",
        };
        let mut list = String::new();
        let mut shown = 0;
        for c in &short {
            let item = match lang {
                Lang::Sv => format!("{} {} av {}", c.label, c.value, c.required),
                Lang::En => format!("{} {} of {}", c.label, c.value, c.required),
            };
            if alt.len() + head.len() + list.len() + item.len() + tail.len() + 12 > 250 {
                break;
            }
            if !list.is_empty() {
                list.push_str(", ");
            }
            list.push_str(&item);
            shown += 1;
        }
        if shown > 0 {
            alt.push_str(head);
            alt.push_str(&list);
            if shown < short.len() {
                alt.push_str(&format!(" +{}", short.len() - shown));
            }
            alt.push('.');
        }
    }
    alt.push_str(&tail);
    alt
}

fn strip(lang: Lang, t: &TargetResult) -> Option<Strip> {
    let intervals = &t.intervals;
    if intervals.is_empty() {
        return None;
    }
    let w = words(lang);
    let cells: Vec<Cell> = intervals
        .iter()
        .map(|i| interval_cell(lang, &t.kind, i))
        .collect();
    // The result counts the cells the reader sees, so it cannot disagree
    // with them: judged and met as the target's own tally.
    let (judged, met) = t.tally();
    let unit = wording::intervals_unit(lang, &t.kind);
    let label = StripLabel {
        target: wording::target_description(t),
        result: match lang {
            Lang::Sv => format!("{met} av {judged} {unit} uppfyllda"),
            Lang::En => format!("{met} of {judged} {unit} met"),
        },
    };
    let by_year = |key: &dyn Fn(&IntervalResult) -> (i32, usize), slots: usize| {
        let mut rows: Vec<StripRow> = Vec::new();
        for (i, c) in intervals.iter().zip(&cells) {
            let (year, slot) = key(i);
            let name = year.to_string();
            if rows.last().is_none_or(|r| r.label != name) {
                rows.push(StripRow {
                    label: name,
                    cells: vec![None; slots],
                });
            }
            if let Some(row) = rows.last_mut() {
                if slots == 0 {
                    row.cells.push(Some(c.clone()));
                } else if let Some(s) = row.cells.get_mut(slot) {
                    *s = Some(c.clone());
                }
            }
        }
        rows
    };
    let table = |corner: &str, header: Vec<String>, rows: Vec<StripRow>| Strip {
        kind: "table",
        label: label.clone(),
        header,
        corner: corner.to_owned(),
        rows,
        alt: String::new(),
        appendix: String::new(),
        detailed: false,
    };
    let single = |first: &dyn Fn(&IntervalResult, &Cell) -> String| {
        intervals
            .iter()
            .zip(&cells)
            .map(|(i, c)| StripRow {
                label: first(i, c),
                cells: vec![Some(c.clone())],
            })
            .collect::<Vec<_>>()
    };
    // How the kind's intervals are laid out; a kind without intervals has
    // no strip.
    let layout = match &t.kind {
        Kind::PerPlace { .. } => Layout::Places,
        Kind::EveryN { .. } => Layout::Blocks,
        Kind::AtLeastPer { per, .. } | Kind::Average { per } | Kind::Trend { per, .. } => {
            Layout::Periods(*per)
        }
        Kind::Total { .. }
        | Kind::Requests { .. }
        | Kind::Coverage { .. }
        | Kind::Share { .. }
        | Kind::Text => return None,
    };
    let heat = |weekly: bool, rows: Vec<StripRow>| {
        let appendix = w.periods.to_lowercase();
        Strip {
            kind: "heat",
            label: label.clone(),
            header: Vec::new(),
            corner: w.year.to_owned(),
            rows,
            alt: short_alt(lang, unit, Tally::of(intervals), &cells, &appendix),
            appendix,
            detailed: !weekly,
        }
    };
    Some(match layout {
        Layout::Places => table(
            w.place,
            vec![w.outcome.to_owned()],
            single(&|_, c| c.label.clone()),
        ),
        Layout::Blocks => heat(false, by_year(&|i| (i.from.year(), 0), 0)),
        Layout::Periods(Period::Week) => heat(
            true,
            by_year(
                &|i| {
                    let iso = i.from.iso_week();
                    (iso.year(), usize::try_from(iso.week0()).unwrap_or(0))
                },
                53,
            ),
        ),
        Layout::Periods(Period::Day) => heat(true, by_year(&|i| (i.from.year(), 0), 0)),
        Layout::Periods(Period::Month) => table(
            w.year,
            (1..=12).map(|m| month_abbrev(lang, m)).collect(),
            by_year(&|i| (i.from.year(), i.from.month0() as usize), 12),
        ),
        Layout::Periods(Period::Quarter) => table(
            w.year,
            (1..=4)
                .map(|q| match lang {
                    Lang::Sv => format!("K{q}"),
                    Lang::En => format!("Q{q}"),
                })
                .collect(),
            by_year(&|i| (i.from.year(), (i.from.month0() / 3) as usize), 4),
        ),
        Layout::Periods(Period::HalfYear) => table(
            w.year,
            vec!["H1".to_owned(), "H2".to_owned()],
            by_year(&|i| (i.from.year(), (i.from.month0() / 6) as usize), 2),
        ),
        Layout::Periods(Period::Term) => table(
            w.year,
            [true, false]
                .into_iter()
                .map(|spring| match (lang, spring) {
                    (Lang::Sv, true) => "vt".to_owned(),
                    (Lang::Sv, false) => "ht".to_owned(),
                    (Lang::En, true) => "spring".to_owned(),
                    (Lang::En, false) => "autumn".to_owned(),
                })
                .collect(),
            by_year(&|i| (i.from.year(), usize::from(i.from.month() >= 8)), 2),
        ),
        // A year has some fifty weekends: a row of values per year, as
        // blocks are drawn.
        Layout::Periods(Period::Weekend) => heat(false, by_year(&|i| (i.from.year(), 0), 0)),
        Layout::Periods(Period::Year) => table(
            w.year,
            vec![w.outcome.to_owned()],
            single(&|_, c| c.label.clone()),
        ),
    })
}

/// How a target's intervals are drawn.
enum Layout {
    /// One row per place.
    Places,
    /// Blocks of N weeks or months: a heat row per year with values.
    Blocks,
    /// Calendar periods: weeks and days as heat rows, months and quarters
    /// as a table per year, years as rows.
    Periods(Period),
}

fn target_view(lang: Lang, t: &TargetResult, shown_status: Status) -> TargetView {
    // A promise without any row is "Underlag saknas" once, at the promise:
    // its targets then show no strip of zeros and no verdict of their own.
    let strip = if shown_status == Status::NoData {
        None
    } else {
        strip(lang, t)
    };
    let cells: Vec<Cell> = t
        .intervals
        .iter()
        .map(|i| interval_cell(lang, &t.kind, i))
        .collect();
    let outcome = wording::outcome(lang, t);
    TargetView {
        description: wording::target_description(t),
        outcome: outcome.iter().map(|(s, _)| s.as_str()).collect::<String>(),
        outcome_parts: outcome
            .into_iter()
            .map(|(text, sv)| OutcomePart { text, sv })
            .collect(),
        status: shown_status,
        status_label: wording::status_label(lang, shown_status),
        symbol: wording::status_symbol(shown_status),
        per: t.kind.per().map(|p| wording::period_singular(lang, p)),
        intervals: cells,
        strip,
        missed_places: t.missed_places.clone(),
        pace: t.pace.as_ref().map(|p| wording::pace(lang, p)),
        not_counted: wording::not_counted(lang, t),
    }
}

fn promise_view(
    lang: Lang,
    p: &PromiseResult,
    options: &RenderOptions,
    results: &Results,
) -> PromiseView {
    let c = &p.contributions;
    let done_by = super::effects::done_by(lang, results, c);
    let logged = p
        .activities
        .iter()
        .map(|a| format!("{} ({})", a.activity, locale::count(lang, a.count)))
        .collect::<Vec<_>>()
        .join(", ");
    // Each row once, in file, sheet and row order.
    let mut rows: Vec<&crate::evaluate::ActivityRow> = p
        .targets
        .iter()
        .flat_map(|t| t.rows.iter())
        .filter_map(|i| results.activity_rows.get(*i as usize))
        .collect();
    rows.sort_by(|a, b| a.row.cmp(&b.row));
    rows.dedup_by(|a, b| a.row == b.row);
    let underlag_total = rows.len();
    let underlag: Vec<UnderlagRow> = if options.underlag {
        rows.iter()
            .take(UNDERLAG_MAX_ROWS)
            .map(|r| {
                let mut short = r.row.clone();
                if let Some(name) = std::path::Path::new(&short.file).file_name() {
                    short.file = name.to_string_lossy().into_owned();
                }
                // Date | Löfte | Antal | Aktivitet | Plats | Ansvarig, as
                // `activity_rows` writes them.
                let mut fields = r.content.splitn(6, " | ").map(str::to_owned);
                let mut next = || fields.next().unwrap_or_default();
                UnderlagRow {
                    date: next(),
                    promise: next(),
                    count: next(),
                    activity: next(),
                    place: next(),
                    participants: next(),
                    source: location_text(lang, &short.location()),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let underlag_left_out = if options.underlag {
        underlag_total.saturating_sub(UNDERLAG_MAX_ROWS)
    } else {
        0
    };
    let measurable = |s: Status| !matches!(s, Status::ReportedInText | Status::NotApplicable);
    let targets: Vec<TargetView> = p
        .targets
        .iter()
        .map(|t| {
            let shown = if p.status == Status::NoData && measurable(t.status) {
                Status::NoData
            } else {
                t.status
            };
            target_view(lang, t, shown)
        })
        .collect();
    let no_data_note = (p.status == Status::NoData).then_some(match lang {
        Lang::Sv => "Inga rader i loggarna räknas mot löftet, så det kan inte bedömas. Kontrollera att aktiviteterna är loggade och att löftets id eller aktivitetstyper stämmer med loggen.",
        Lang::En => "No row in the logs counts toward this promise, so it cannot be judged. Check that the activities are logged and that the promise's id or activity types match the log.",
    });
    PromiseView {
        id: p.id.clone(),
        text: p.text.clone(),
        responsible: p.responsible.clone(),
        partners: p.partners.join(", "),
        status: p.status,
        status_label: wording::status_label(lang, p.status),
        symbol: wording::status_symbol(p.status),
        no_data_note,
        targets,
        comment: p.comment.clone(),
        next_step: p.next_step.clone(),
        done_by,
        logged,
        activities: p
            .activities
            .iter()
            .map(|a| ActivityView {
                activity: a.activity.clone(),
                count: locale::count(lang, a.count),
            })
            .collect(),
        rows_counted: locale::count(lang, p.rows_counted),
        underlag,
        underlag_more: underlag_left_out > 0,
        underlag_left_out,
        underlag_left_out_text: wording::rows_left_out(lang, underlag_left_out, UNDERLAG_MAX_ROWS),
    }
}

/// A location in the report's language: "polisen.xlsx, blad 2023, rad 14".
pub fn location_text(lang: Lang, l: &crate::diag::Location) -> String {
    use crate::diag::{Place, a1, column_letters};
    let (sheet_w, row_w, cell_w, line_w, col_w) = match lang {
        Lang::Sv => ("blad", "rad", "cell", "rad", "kolumn"),
        Lang::En => ("sheet", "row", "cell", "line", "column"),
    };
    let file = &l.file;
    match (&l.sheet, &l.place) {
        (_, Place::Line { line, column }) => format!("{file}, {line_w} {line}, {col_w} {column}"),
        (Some(sheet), Place::Cell { row, column }) => {
            format!("{file}, {sheet_w} {sheet}, {cell_w} {}", a1(*row, *column))
        }
        (None, Place::Cell { row, column }) => format!(
            "{file}, {row_w} {}, {col_w} {}",
            u64::from(*row) + 1,
            column_letters(*column)
        ),
        (Some(sheet), Place::Row { row }) => {
            format!("{file}, {sheet_w} {sheet}, {row_w} {}", u64::from(*row) + 1)
        }
        (None, Place::Row { row }) => format!("{file}, {row_w} {}", u64::from(*row) + 1),
        (Some(sheet), Place::File) => format!("{file}, {sheet_w} {sheet}"),
        (None, Place::File) => file.clone(),
    }
}

/// "15 februari 2024 (--date)": a version's date and where it came from.
fn version_date_text(lang: Lang, r: &crate::evaluate::VersionRecord) -> String {
    let date = chrono::NaiveDate::parse_from_str(&r.date, "%Y-%m-%d")
        .map(|d| locale::date(lang, d))
        .unwrap_or_else(|_| r.date.clone());
    let source = match (lang, r.date_source.as_str()) {
        (Lang::Sv, "date_flag") => "angivet med --date",
        (Lang::Sv, "source_date_epoch") => "från SOURCE_DATE_EPOCH",
        (Lang::Sv, _) => "underlagsdatum",
        (Lang::En, "date_flag") => "given with --date",
        (Lang::En, "source_date_epoch") => "from SOURCE_DATE_EPOCH",
        (Lang::En, _) => "the as-of date",
    };
    format!("{date} ({source})")
}

/// A status in words, or a dash when there is none.
fn status_word(lang: Lang, status: Option<Status>) -> String {
    status
        .map(|x| wording::status_label(lang, x).to_owned())
        .unwrap_or_else(|| "–".to_owned())
}

/// A place string as `activity_rows` writes it ("a.xlsx, sheet \"2023\",
/// row 14", "a.csv, line 3") in the report's language.
fn place_words(lang: Lang, place: &str) -> String {
    crate::evaluate::Row::parse_place(place)
        .map_or_else(|| place.to_owned(), |r| location_text(lang, &r.location()))
}

/// "en rad rättad i polisen.xlsx, blad 2023, rad 14"; several rows of a
/// kind are counted and the first few named.
fn rows_words(lang: Lang, rows: &[&crate::evaluate::RowChange]) -> String {
    use crate::evaluate::RowChangeKind as K;
    let mut parts = Vec::new();
    for kind in [K::Changed, K::Added, K::Removed] {
        let of: Vec<&&crate::evaluate::RowChange> =
            rows.iter().filter(|r| r.kind == kind).collect();
        if of.is_empty() {
            continue;
        }
        let n = of.len();
        let what = match (lang, kind, n) {
            (Lang::Sv, K::Changed, 1) => "en rad rättad i".to_owned(),
            (Lang::Sv, K::Changed, n) => format!("{n} rader rättade i"),
            (Lang::Sv, K::Added, 1) => "en rad tillagd i".to_owned(),
            (Lang::Sv, K::Added, n) => format!("{n} rader tillagda i"),
            (Lang::Sv, K::Removed, 1) => "en rad borttagen ur".to_owned(),
            (Lang::Sv, K::Removed, n) => format!("{n} rader borttagna ur"),
            (Lang::En, K::Changed, 1) => "one row corrected in".to_owned(),
            (Lang::En, K::Changed, n) => format!("{n} rows corrected in"),
            (Lang::En, K::Added, 1) => "one row added in".to_owned(),
            (Lang::En, K::Added, n) => format!("{n} rows added in"),
            (Lang::En, K::Removed, 1) => "one row removed from".to_owned(),
            (Lang::En, K::Removed, n) => format!("{n} rows removed from"),
        };
        let mut places: Vec<String> = of
            .iter()
            .take(3)
            .map(|r| place_words(lang, &r.place))
            .collect();
        if n > 3 {
            places.push(match lang {
                Lang::Sv => format!("och {} till", n - 3),
                Lang::En => format!("and {} more", n - 3),
            });
        }
        parts.push(format!("{what} {}", places.join("; ")));
    }
    parts.join("; ")
}

fn field_word(lang: Lang, field: &str) -> String {
    let sv = match field {
        "text" => "löftestexten",
        "area" => "fokusområdet",
        "responsible" => "ansvarig",
        "partners" => "samverkan",
        "comment" => "kommentaren",
        "next_step" => "nästa steg",
        "description" => "målet",
        "kind" => "måltypen",
        "per_interval" => "kravet",
        "per" => "perioden",
        "judged" => "målets datum",
        "kommun" => "kommun",
        "police_area" => "lokalpolisområde",
        "title" => "rubriken",
        "period" => "avtalsperioden",
        "deadline_text" => "uppföljningstexten",
        "deadline" => "uppföljningsdatumet",
        "diarienummer" => "diarienumret",
        "signatories" => "undertecknarna",
        "authors" => "författarna",
        "recipients" => "mottagarna",
        "place" => "vad rapporten gäller",
        "district" => "stadsdelen",
        "parties" => "parterna",
        "effects" => "de förväntade effekterna",
        "indicators" => "indikatorerna",
        other => other,
    };
    let en = match field {
        "text" => "the promise text",
        "area" => "the focus area",
        "responsible" => "responsible",
        "partners" => "partners",
        "comment" => "the comment",
        "next_step" => "the next step",
        "description" => "the target",
        "kind" => "the target kind",
        "per_interval" => "the requirement",
        "per" => "the period",
        "judged" => "the target's dates",
        "kommun" => "municipality",
        "police_area" => "police area",
        "title" => "the title",
        "period" => "the agreement period",
        "deadline_text" => "the follow-up text",
        "deadline" => "the follow-up date",
        "diarienummer" => "the reference number",
        "signatories" => "the signatories",
        "authors" => "the authors",
        "recipients" => "the recipients",
        "place" => "what the report is for",
        "district" => "the district",
        "parties" => "the parties",
        "effects" => "the expected effects",
        "indicators" => "the indicators",
        other => other,
    };
    match lang {
        Lang::Sv => sv.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// Long texts shortened for the change record: the whole old and new text
/// are in the two results JSONs.
fn quote(s: &Option<String>) -> String {
    match s {
        None => "–".to_owned(),
        Some(s) if s.chars().count() > 90 => {
            format!("”{}…”", s.chars().take(88).collect::<String>())
        }
        Some(s) => format!("”{s}”"),
    }
}

fn text_change_words(lang: Lang, t: &crate::evaluate::TextChange) -> String {
    let what = field_word(lang, &t.field);
    let what = match t.target {
        Some(i) => match lang {
            Lang::Sv => format!("mål {}: {what}", i + 1),
            Lang::En => format!("target {}: {what}", i + 1),
        },
        None => what,
    };
    match lang {
        Lang::Sv => format!(
            "{what} ändrad från {} till {}",
            quote(&t.old),
            quote(&t.new)
        ),
        Lang::En => format!("{what} changed from {} to {}", quote(&t.old), quote(&t.new)),
    }
}

/// The change record in words: per promise, what moved and why
/// ("K2 · 2023: 3 → 4 trafiksäkerhetsinsatser (en rad rättad i
/// polisen.xlsx, blad 2023, rad 14); status Delvis uppfyllt → Uppfyllt").
fn change_lines(lang: Lang, c: &crate::evaluate::Changes) -> Vec<String> {
    let num = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |x| locale::number(lang, x, 2));
    let mut lines = Vec::new();
    if c.window_changed {
        lines.push(match lang {
            Lang::Sv => "Rapportperioden eller underlagsdatumet har ändrats: siffrorna gäller olika perioder.".to_owned(),
            Lang::En => "The report period or the as-of date changed: the figures are for different periods.".to_owned(),
        });
    }
    for a in &c.agreement {
        let head = match lang {
            Lang::Sv => "Avtalet",
            Lang::En => "The agreement",
        };
        lines.push(format!("{head}: {}.", text_change_words(lang, a)));
    }
    let mut attributed = std::collections::BTreeSet::new();
    for p in &c.promises {
        let rows: Vec<&crate::evaluate::RowChange> = p.rows.iter().collect();
        for r in &rows {
            attributed.insert(r.place.clone());
        }
        let why = if rows.is_empty() {
            String::new()
        } else {
            format!(" ({})", rows_words(lang, &rows))
        };
        let mut figures: Vec<String> = Vec::new();
        for f in &p.figures {
            let noun = if lang == Lang::Sv {
                format!(" {}", f.noun)
            } else {
                String::new()
            };
            if f.intervals.is_empty() {
                if f.old_total != f.new_total {
                    figures.push(format!(
                        "{}: {} → {}{noun}",
                        f.description,
                        num(f.old_total),
                        num(f.new_total)
                    ));
                }
            } else {
                // A handful of periods in words; the rest counted (both
                // results JSONs have them all).
                for i in f.intervals.iter().take(6) {
                    figures.push(format!(
                        "{}: {} → {}{noun}",
                        i.label,
                        num(i.old),
                        num(i.new)
                    ));
                }
                if f.intervals.len() > 6 {
                    figures.push(wording::more_periods(lang, f.intervals.len() - 6));
                }
            }
        }
        let mut line = if figures.is_empty() {
            p.id.clone()
        } else {
            format!("{} · {}", p.id, figures.join(", "))
        };
        line.push_str(&why);
        for t in &p.texts {
            line.push_str("; ");
            line.push_str(&text_change_words(lang, t));
        }
        if p.old_status != p.new_status {
            line.push_str(&format!(
                "; status {} → {}",
                status_word(lang, p.old_status),
                status_word(lang, p.new_status)
            ));
        }
        if line == p.id {
            continue;
        }
        lines.push(line);
    }
    let rest: Vec<&crate::evaluate::RowChange> = c
        .rows_changed
        .iter()
        .chain(&c.rows_added)
        .chain(&c.rows_removed)
        .filter(|r| !attributed.contains(&r.place))
        .collect();
    if !rest.is_empty() {
        lines.push(match lang {
            Lang::Sv => format!(
                "Rader som inte räknas mot något löfte: {}.",
                rows_words(lang, &rest)
            ),
            Lang::En => format!(
                "Rows counted toward no promise: {}.",
                rows_words(lang, &rest)
            ),
        });
    }
    lines
}

fn rules_text(lang: Lang, part_met: f64) -> Vec<String> {
    let half = locale::number(lang, part_met * 100.0, 0);
    match lang {
        Lang::Sv => vec![
            "Mål per vecka, månad, kvartal eller år bedöms för varje kalenderperiod som ligger helt inom rapportperioden (ISO-veckor, måndag först). Perioder i kanterna visas men bedöms inte.".to_owned(),
            "”Var N:e vecka/månad” bedöms i följd av block om N hela veckor eller månader från periodens början.".to_owned(),
            "Genomsnitt per vecka är summan delad med antalet dagar / 7; per dag summan delad med antalet dagar.".to_owned(),
            format!("Ett utfall som når minst {half} % av kravet utan att nå det är delvis uppfyllt. Ett periodmål är uppfyllt när alla bedömda perioder är uppfyllda, ej uppfyllt när ingen når {half} %, annars delvis uppfyllt."),
            "Ett löfte med flera mål är uppfyllt när alla mätbara mål är uppfyllda. Mål utan siffra redovisas i text och bedöms inte.".to_owned(),
            "Rader daterade utanför rapportperioden räknas inte; antalet redovisas under Datakvalitet.".to_owned(),
            "Ett gemensamt löfte räknar bara rader som visar att både polisen och kommunen deltog. Samma gemensamma händelse som loggats av båda parter, samma dag i var sin logg, räknas en gång och redovisas under Datakvalitet.".to_owned(),
            "Ett mål vars period inte är slut bedöms som Pågår, med takten hittills. Underlag saknas sägs först när perioden är slut eller när minst en rad borde ha loggats.".to_owned(),
        ],
        Lang::En => vec![
            "Targets per week, month, quarter or year are judged for each calendar interval lying wholly inside the report period (ISO weeks, Monday first). Edge intervals are shown but not judged.".to_owned(),
            "“Every N weeks/months” is judged in consecutive blocks of N whole weeks or months from the start of the period.".to_owned(),
            "An average per week is the total divided by the number of days / 7; per day, by the number of days.".to_owned(),
            format!("An outcome reaching at least {half}% of the requirement without reaching it is partly met. An interval target is met when every judged interval is met, not met when none reaches {half}%, and partly met otherwise."),
            "A promise with several targets is met when all measurable targets are met. Targets without a number are reported in text, not judged.".to_owned(),
            "Rows dated outside the report period are not counted; their number is given under Data quality.".to_owned(),
            "A joint promise counts only rows showing that both the police and the municipality took part. The same joint event logged by both parties, on the same day in each party's log, is counted once and listed under Data quality.".to_owned(),
            "A target whose period is not over is In progress, with its pace so far. No data is said only when the period is over or when at least one row was due.".to_owned(),
        ],
    }
}

/// The whole document for the template.
pub fn document(results: &Results, options: &RenderOptions) -> Document {
    let lang = options.lang;
    let w = words(lang);
    let a = &results.agreement;
    let year_span = if results.window.from.year() == results.window.to.year() {
        results.window.from.format("%Y").to_string()
    } else {
        format!(
            "{}–{}",
            results.window.from.format("%Y"),
            results.window.to.format("%Y")
        )
    };
    let summary: Vec<SummaryEntry> = Status::ALL
        .iter()
        .map(|s| SummaryEntry {
            key: *s,
            label: wording::status_label(lang, *s),
            symbol: wording::status_symbol(*s),
            count: results.summary.get(*s),
        })
        .collect();
    let summary_alt = {
        let parts: Vec<String> = Status::ALL
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    wording::status_label(lang, *s),
                    results.summary.get(*s)
                )
            })
            .collect();
        wording::summary_alt(lang, results.promises.len(), &parts.join(", "))
    };
    let areas: Vec<AreaView> = results
        .areas
        .iter()
        .map(|area| AreaView {
            name: area.name.clone(),
            description: area.description.clone(),
            effects: area.effects.clone(),
            indicators: super::effects::area_indicators(results, &area.id),
            promises: area
                .promises
                .iter()
                .filter_map(|id| results.promises.iter().find(|p| &p.id == id))
                .map(|p| promise_view(lang, p, options, results))
                .collect(),
        })
        .collect();
    // Every period of the targets drawn as heat rows, for the appendix
    // their alt texts point to.
    let mut has_strips = false;
    let mut periods: Vec<PeriodsView> = Vec::new();
    for p in areas.iter().flat_map(|a| &a.promises) {
        for t in &p.targets {
            let Some(strip) = &t.strip else {
                continue;
            };
            has_strips = true;
            if strip.kind == "heat" {
                periods.push(PeriodsView {
                    id: p.id.clone(),
                    description: t.description.clone(),
                    cells: t.intervals.clone(),
                });
            }
        }
    }
    let count = |n: u64| locale::count(lang, n);
    let sources: Vec<SourceView> = results
        .sources
        .iter()
        .map(|s| SourceView {
            role: wording::role(lang, s.role),
            file: s.file.clone(),
            sha256: s.sha256.clone(),
            rows: match (s.rows_read, s.rows_counted) {
                (Some(r), Some(c)) => format!("{} / {}", count(r), count(c)),
                _ => String::new(),
            },
        })
        .collect();
    let changes = results.changes.as_ref().map(|c| {
        let record = results.history.last();
        ChangesView {
            since: c.since_version,
            lines: change_lines(lang, c),
            date: record.map(|r| version_date_text(lang, r)),
            notes: record.map(|r| r.notes.clone()).unwrap_or_default(),
        }
    });
    let history: Vec<HistoryView> = results
        .history
        .iter()
        .map(|r| HistoryView {
            version: r.version,
            date: version_date_text(lang, r),
            notes: r.notes.clone(),
        })
        .collect();
    Document {
        lang: match lang {
            Lang::Sv => "sv",
            Lang::En => "en",
        },
        words: w,
        title: format!("{} {}", w.title, year_span),
        kommun: a.place.clone(),
        parties_line: super::effects::parties_line(results),
        effects: super::effects::view(lang, results),
        police_area: a.police_area.clone(),
        agreement_title: a.title.clone(),
        window: format!(
            "{} – {}",
            locale::date(lang, results.window.from),
            locale::date(lang, results.window.to)
        ),
        as_of: locale::date(lang, results.as_of),
        deadline: a.deadline_text.clone(),
        version: results.version,
        diarienummer: a.diarienummer.clone(),
        summary,
        summary_alt,
        promise_count: results.promises.len(),
        areas,
        rules: rules_text(lang, results.rules.part_met),
        data_quality: super::quality::view(lang, &results.data_quality),
        sources,
        tool: format!("lofte {}", results.lofte_version),
        signatories: a.signatories.clone(),
        authors: a.authors.clone(),
        recipients: a.recipients.clone(),
        changes,
        history,
        has_strips,
        periods,
        underlag: options.underlag,
        attached: options.attach_results,
        logo: options.logo.as_ref().map(|(ext, _)| format!("/logo.{ext}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn places_are_named_in_the_reports_language() {
        let row = Location::row("polisen.xlsx", Some("2023"), 13);
        assert_eq!(
            location_text(Lang::Sv, &row),
            "polisen.xlsx, blad 2023, rad 14"
        );
        assert_eq!(
            location_text(Lang::En, &row),
            "polisen.xlsx, sheet 2023, row 14"
        );
        let cell = Location::cell("logg.csv", None, 2, 3);
        assert_eq!(location_text(Lang::Sv, &cell), "logg.csv, rad 3, kolumn D");
        assert_eq!(
            place_words(Lang::Sv, "polisen.xlsx, sheet \"2023\", row 14"),
            "polisen.xlsx, blad 2023, rad 14"
        );
        assert_eq!(place_words(Lang::Sv, "logg.csv, line 3"), "logg.csv, rad 3");
    }

    #[test]
    fn alt_texts_stay_short_however_many_periods() {
        let kind = Kind::AtLeastPer {
            per: Period::Week,
            per_interval: 2.0,
            prorated: false,
        };
        let intervals: Vec<IntervalResult> = (0..260)
            .map(|i| {
                let from = chrono::NaiveDate::from_ymd_opt(2019, 1, 7).unwrap()
                    + chrono::Duration::weeks(i64::from(i));
                IntervalResult {
                    from,
                    to: from + chrono::Duration::days(6),
                    place: None,
                    achieved: f64::from(i % 3),
                    required: Some(2.0),
                    met: Some(i % 3 == 2),
                    partly: i % 3 == 1,
                }
            })
            .collect();
        let cells: Vec<Cell> = intervals
            .iter()
            .map(|i| interval_cell(Lang::Sv, &kind, i))
            .collect();
        let alt = short_alt(
            Lang::Sv,
            "veckor",
            Tally::of(&intervals),
            &cells,
            "bilaga: utfall per period",
        );
        assert!(alt.chars().count() <= 250, "{alt}");
        assert!(alt.starts_with("86 av 260 veckor uppfyllda"), "{alt}");
    }
}

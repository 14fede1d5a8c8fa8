//! The document the template reads as `/data.json`: the results as they
//! are, plus everything a reader sees already worded and formatted in the
//! report's language, so the template only lays out.

use chrono::Datelike;

use super::document::{
    ActivityView, AreaView, Cell, ChangesView, Document, HistoryView, OutcomePart, PeriodsView,
    PromiseView, SourceView, Strip, StripLabel, StripRow, SummaryEntry, TargetView, UnderlagRow,
};
use super::{RenderOptions, wording};
use crate::agreement::Period;
use crate::evaluate::{IntervalResult, Kind, PromiseResult, Results, Status, Tally, TargetResult};
use crate::locale::{self, Lang};

/// How many rows per promise the `--underlag` appendix lists at most; the
/// results JSON always has them all.
pub const UNDERLAG_MAX_ROWS: usize = 200;

/// How many activity types a promise's "Loggade aktiviteter" list names at
/// most, the largest first; the rest are one count after them. A log of
/// free-text activities has hundreds a promise, which made the list pages
/// of run-on text (and its shaping a quarter of a report's render); the
/// results JSON always has them all.
pub const ACTIVITIES_MAX: usize = 10;

fn interval_cell(lang: Lang, kind: &Kind, i: &IntervalResult) -> Cell {
    let (state, symbol, verdict) = match i.met {
        Some(true) => ("met", "✓", wording::status_label(lang, Status::Met)),
        Some(false) if i.partly => (
            "partly",
            "◇",
            wording::status_label(lang, Status::PartlyMet),
        ),
        Some(false) => ("missed", "✗", wording::status_label(lang, Status::NotMet)),
        None => ("open", "·", wording::not_judged(lang)),
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
    let mut alt = wording::alt_tally(lang, unit, judged, met, partly, missed);
    let tail = wording::alt_tail(lang, appendix);
    let short: Vec<&Cell> = cells
        .iter()
        .filter(|c| c.state == "missed" || c.state == "partly")
        .collect();
    if !short.is_empty() {
        let head = wording::alt_short_head(lang);
        let mut list = String::new();
        let mut shown = 0;
        for c in &short {
            let item = wording::alt_short_item(lang, &c.label, &c.value, &c.required);
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
    let w = wording::words(lang);
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
        result: wording::strip_result(lang, met, judged, unit),
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
            (1..=4).map(|q| wording::quarter_label(lang, q)).collect(),
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
                .map(|spring| wording::term_label(lang, spring).to_owned())
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

/// The rows of `listed` at `indexes` (a promise's targets' rows), each
/// once, in the order of the listing. A row two targets count is found by
/// its index: each index is marked in a set of bits as large as the
/// listing, then the set is read in order. Sorting a million-row log's
/// references to find the repeated ones was most of the time `lofte check`
/// spent on the document.
fn rows_once(
    listed: &[crate::evaluate::ActivityRow],
    indexes: impl IntoIterator<Item = u32>,
) -> Vec<&crate::evaluate::ActivityRow> {
    let mut marked = vec![0u64; listed.len().div_ceil(64)];
    let mut count = 0usize;
    for i in indexes {
        let i = i as usize;
        if i < listed.len()
            && let Some(word) = marked.get_mut(i / 64)
        {
            let bit = 1u64 << (i % 64);
            count += usize::from(*word & bit == 0);
            *word |= bit;
        }
    }
    let mut rows = Vec::with_capacity(count);
    for (w, &word) in marked.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            let i = w * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let Some(row) = listed.get(i) {
                rows.push(row);
            }
        }
    }
    rows
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
    // The list names the largest activity types first (ties in the
    // results' order, by name), at most ACTIVITIES_MAX of them.
    let mut largest: Vec<&crate::evaluate::ActivitySummary> = p.activities.iter().collect();
    largest.sort_by_key(|a| std::cmp::Reverse(a.count));
    let left_out = largest.split_off(largest.len().min(ACTIVITIES_MAX));
    // Each row once ([`rows_once`]); only the rows the appendix shows are
    // put in file, sheet and row order (a promise of a million-row log has
    // hundreds of thousands: sorting them all by their places was a tenth
    // of its report).
    let indexes = p.targets.iter().flat_map(|t| t.rows.iter().copied());
    let mut rows = rows_once(&results.activity_rows, indexes);
    let underlag_total = rows.len();
    let underlag: Vec<UnderlagRow> = if options.underlag {
        let by_place = |a: &&crate::evaluate::ActivityRow, b: &&crate::evaluate::ActivityRow| {
            let ((file_a, sheet_a, row_a), (file_b, sheet_b, row_b)) = (a.row_key(), b.row_key());
            // The rows of one sheet share its names: the same text is
            // equal without comparing its bytes.
            let same = |x: &str, y: &str| std::ptr::eq(x, y) || x == y;
            if same(file_a, file_b)
                && match (sheet_a, sheet_b) {
                    (Some(x), Some(y)) => same(x, y),
                    (x, y) => x == y,
                }
            {
                return row_a.cmp(&row_b);
            }
            (file_a, sheet_a, row_a).cmp(&(file_b, sheet_b, row_b))
        };
        if rows.len() > UNDERLAG_MAX_ROWS {
            rows.select_nth_unstable_by(UNDERLAG_MAX_ROWS, by_place);
            rows.truncate(UNDERLAG_MAX_ROWS);
        }
        rows.sort_by(by_place);
        rows.iter()
            .map(|r| {
                let mut short = r.row();
                if let Some(name) = std::path::Path::new(&short.file).file_name() {
                    short.file = name.to_string_lossy().into_owned();
                }
                // Date | Löfte | Antal | Aktivitet | Plats | Ansvarig, as
                // `activity_rows` writes them.
                let content = r.content();
                let mut fields = content.splitn(6, " | ").map(str::to_owned);
                let mut next = || fields.next().unwrap_or_default();
                UnderlagRow {
                    date: next(),
                    promise: next(),
                    count: next(),
                    activity: next(),
                    place: next(),
                    participants: next(),
                    source: wording::location_text(lang, &short.location()),
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
    let no_data_note = (p.status == Status::NoData).then_some(wording::no_data_note(lang));
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
        activities: largest
            .iter()
            .map(|a| ActivityView {
                activity: a.activity.clone(),
                count: locale::count(lang, a.count),
            })
            .collect(),
        activities_left_out: left_out.len(),
        activities_left_out_text: (!left_out.is_empty()).then(|| {
            wording::activities_left_out(
                lang,
                left_out.len(),
                left_out.iter().map(|a| a.count).sum(),
            )
        }),
        rows_counted: locale::count(lang, p.rows_counted),
        underlag,
        underlag_more: underlag_left_out > 0,
        underlag_left_out,
        underlag_left_out_text: wording::rows_left_out(lang, underlag_left_out, UNDERLAG_MAX_ROWS),
    }
}

/// The whole document for the template.
pub fn document(results: &Results, options: &RenderOptions) -> Document {
    let lang = options.lang;
    let w = wording::words(lang);
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
            lines: wording::change_lines(lang, c),
            date: record.map(|r| wording::version_date_text(lang, r)),
            notes: record.map(|r| r.notes.clone()).unwrap_or_default(),
        }
    });
    let history: Vec<HistoryView> = results
        .history
        .iter()
        .map(|r| HistoryView {
            version: r.version,
            date: wording::version_date_text(lang, r),
            notes: r.notes.clone(),
        })
        .collect();
    Document {
        lang: lang.code(),
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
        rules: wording::rules_text(
            lang,
            results.rules.part_met,
            results.data_quality.rows_before_window_counted > 0,
        ),
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
        attached_gzip: false,
        logo: options.logo.as_ref().map(|(ext, _)| format!("/logo.{ext}")),
        marks: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row once, in the listing's order, as sorting the references
    /// and dropping the repeated ones gave: rows two targets count, an
    /// index past the listing, words of the set of bits full and empty.
    #[test]
    fn a_promises_rows_are_each_listed_once_in_order() {
        use crate::evaluate::{ActivityRow, Row};
        let listed: Vec<ActivityRow> = (0..200u32)
            .map(|k| {
                let row = Row {
                    file: "logg.csv".to_owned(),
                    sheet: None,
                    row: k + 2,
                };
                ActivityRow::written(format!("logg.csv, line {}", k + 2), format!("{k}"), row)
            })
            .collect();
        let mut seed = 5u64;
        let mut lists: Vec<Vec<u32>> = vec![
            vec![],
            vec![0],
            (0..200).collect(),
            vec![199, 64, 63, 64, 0, 500],
        ];
        for n in [10usize, 150, 400] {
            lists.push(
                (0..n)
                    .map(|_| {
                        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        (seed >> 33) as u32 % 210
                    })
                    .collect(),
            );
        }
        for indexes in lists {
            let mut sorted: Vec<&ActivityRow> = indexes
                .iter()
                .filter_map(|i| listed.get(*i as usize))
                .collect();
            sorted.sort_unstable_by_key(|r| std::ptr::from_ref(*r));
            sorted.dedup_by(|a, b| std::ptr::eq(*a, *b));
            let once = rows_once(&listed, indexes.iter().copied());
            assert!(once.iter().zip(&sorted).all(|(a, b)| std::ptr::eq(*a, *b)));
            assert_eq!(once.len(), sorted.len(), "{indexes:?}");
        }
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

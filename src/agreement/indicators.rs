//! Indicators: the figures coordinators keep on the problems themselves
//! (NTU, Polisens trygghetsmätning, reported crimes), with the direction
//! the agreement wishes them to go. They are read from the promise file
//! (`[[indikator]]`) or from a table ingest reads (`indikatorfil`), and
//! judged by one pure rule, [`judge`]. They never change a promise's
//! status: the report shows them beside the activities.

use std::ops::Range;

use serde::Serialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{DateRange, Direction, FocusArea};
use crate::diag::{Code, Diagnostic, Location, nearest};

/// One figure of an indicator: a year and its value.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct IndicatorValue {
    /// The year the figure is for.
    pub year: i32,
    /// The figure.
    pub value: f64,
}

/// One indicator, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Name as the coordinators write it ("Andel som känner sig trygga").
    pub name: String,
    /// Unit ("procent", "anmälda brott").
    pub unit: Option<String>,
    /// Where the figures come from ("NTU", "anmälda brott, BRÅ").
    pub source: Option<String>,
    /// Which way the agreement wants it to go.
    pub wish: Direction,
    /// The focus area's id, when the indicator belongs to one.
    pub area: Option<String>,
    /// Figures by year, earliest first, one per year.
    pub values: Vec<IndicatorValue>,
    /// Where it is written (promise-file line, or file, sheet and row).
    #[serde(skip)]
    pub written: Option<Location>,
}

/// How an indicator moved, judged against the wish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Moved the way the agreement wishes.
    Better,
    /// Moved the other way.
    Worse,
    /// The same figure.
    Unchanged,
}

/// The change an indicator shows in a report: from a reference year to the
/// latest year shown.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct IndicatorChange {
    /// The reference year: the last year before the agreement period when
    /// the table has one, else the first year shown.
    pub from_year: i32,
    /// Its figure.
    pub from: f64,
    /// The latest year shown (not after the report window).
    pub to_year: i32,
    /// Its figure.
    pub to: f64,
    /// `to − from`.
    pub difference: f64,
    /// Against the wish.
    pub verdict: Verdict,
}

/// An indicator as a report shows it: the figures up to the end of the
/// report window and the change they show. Part of the results JSON.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct IndicatorOutcome {
    /// Name.
    pub name: String,
    /// Unit.
    pub unit: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// The wished direction (`increase` / `decrease`).
    pub wish: Direction,
    /// Focus area id, if any.
    pub area: Option<String>,
    /// Figures shown: every year up to the end of the report window.
    pub values: Vec<IndicatorValue>,
    /// Figures left out because they are for years after the window.
    pub later_years: usize,
    /// The change, when at least two years are shown.
    pub change: Option<IndicatorChange>,
}

/// The direction rule. Of the figures for years up to `window`'s last
/// year, the latest is compared with a reference: the last figure before
/// the agreement `period` starts (what the agreement set out to change),
/// or, when there is none, the earliest figure shown. Moving the wished
/// way is better, the other way worse, the same figure unchanged. Fewer
/// than two figures shown give no change.
pub fn judge(
    indicator: &Indicator,
    period: DateRange,
    window: DateRange,
) -> (Vec<IndicatorValue>, usize, Option<IndicatorChange>) {
    use chrono::Datelike;
    let last_year = window.to.year();
    let shown: Vec<IndicatorValue> = indicator
        .values
        .iter()
        .filter(|v| v.year <= last_year)
        .cloned()
        .collect();
    let later = indicator.values.len() - shown.len();
    let change = shown.last().and_then(|latest| {
        let reference = shown
            .iter()
            .rev()
            .find(|v| v.year < period.from.year())
            .or(shown.first())?;
        if reference.year >= latest.year {
            return None;
        }
        // Rounded to ten decimals: 61.3 − 58.1 is 3.2, not
        // 3.1999999999999957, in the JSON a reader checks.
        let difference = ((latest.value - reference.value) * 1e10).round() / 1e10;
        // Figures are as the table writes them; a difference below this is
        // rounding in a spreadsheet, not a change.
        let verdict = if difference.abs() < 1e-9 {
            Verdict::Unchanged
        } else if (difference > 0.0) == (indicator.wish == Direction::Increase) {
            Verdict::Better
        } else {
            Verdict::Worse
        };
        Some(IndicatorChange {
            from_year: reference.year,
            from: reference.value,
            to_year: latest.year,
            to: latest.value,
            difference,
            verdict,
        })
    });
    (shown, later, change)
}

/// Every indicator of `indicators` as the report for `window` shows it.
pub fn outcomes(
    indicators: &[Indicator],
    period: DateRange,
    window: DateRange,
) -> Vec<IndicatorOutcome> {
    indicators
        .iter()
        .map(|i| {
            let (values, later_years, change) = judge(i, period, window);
            IndicatorOutcome {
                name: i.name.clone(),
                unit: i.unit.clone(),
                source: i.source.clone(),
                wish: i.wish,
                area: i.area.clone(),
                values,
                later_years,
                change,
            }
        })
        .collect()
}

/// The same indicator written twice (in the promise file, in a table, or
/// in both): an error at the second, naming the first. Names compare
/// without regard to case.
pub fn duplicates(indicators: &[Indicator]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (k, i) in indicators.iter().enumerate() {
        let Some(first) = indicators[..k]
            .iter()
            .find(|f| f.name.to_lowercase() == i.name.to_lowercase())
        else {
            continue;
        };
        let mut d = Diagnostic::error(
            Code::DuplicateIndicator,
            format!("the indicator \"{}\" is written twice", i.name),
        )
        .subject(i.name.clone())
        .hint("keep one row (or one [[indikator]]) per indicator, with all its years");
        if let Some(at) = &i.written {
            d = d.at(at.clone());
        }
        if let Some(at) = &first.written {
            d = d.related("first here", at.clone());
        }
        out.push(d);
    }
    out
}

/// Reads a wished direction as coordinators write it: "öka", "ska öka",
/// "minska", "ska minska", "högre", "lägre" (case and å/ä/ö ignored).
pub fn parse_wish(text: &str) -> Option<Direction> {
    let folded = fold(text);
    let word = folded.strip_prefix("ska_").unwrap_or(&folded);
    match word {
        "oka" | "hogre" | "upp" | "increase" | "up" => Some(Direction::Increase),
        "minska" | "lagre" | "ned" | "ner" | "decrease" | "down" => Some(Direction::Decrease),
        _ => None,
    }
}

/// The words [`parse_wish`] reads, for messages.
pub const WISH_WORDS: &str = "\"öka\" or \"minska\"";

pub use crate::ingest::indicators::parse_year;

/// Keys fold as every promise-file key does.
use super::keyword::fold_key as fold;

/// The focus area an indicator names (by id or name), or a diagnostic.
pub fn find_area(
    name: &str,
    areas: &[FocusArea],
    at: Option<Location>,
) -> Result<String, Box<Diagnostic>> {
    let name = name.trim();
    if let Some(a) = areas.iter().find(|a| a.id == name || a.name == name) {
        return Ok(a.id.clone());
    }
    let mut d = unknown_area(name, areas);
    if let Some(at) = at {
        d = d.at(at);
    }
    Err(Box::new(d))
}

/// The error for a focus area no area has as id or name, listing the ids
/// and suggesting the nearest; the caller places it.
pub(super) fn unknown_area(name: &str, areas: &[FocusArea]) -> Diagnostic {
    let mut d = Diagnostic::error(
        Code::UnknownArea,
        format!("no focus area is called \"{name}\""),
    )
    .subject(name)
    .expected(format!(
        "one of: {}",
        areas
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if let Some(near) = nearest(name, areas.iter().map(|a| a.id.as_str())) {
        d = d.did_you_mean(near);
    }
    d
}

/// The indicators of a table ingest read (`indikatorfil`), checked against
/// the agreement: the direction words and the focus areas, each problem
/// at its cell. Without `areas` (a promise file whose errors leave them
/// unknown), the focus areas are not checked: every one would seem
/// unknown.
pub fn from_table(
    rows: Vec<crate::ingest::indicators::IndicatorRow>,
    areas: Option<&[FocusArea]>,
) -> (Vec<Indicator>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for row in rows {
        let mut ok = true;
        let wish = row.wish.as_ref().and_then(|w| {
            let wish = parse_wish(&w.text);
            if wish.is_none() {
                ok = false;
                problems.push(
                    Diagnostic::error(
                        Code::BadDirection,
                        format!(
                            "the Riktning of \"{}\" is not a direction lofte knows",
                            row.name
                        ),
                    )
                    .at(w.at.clone())
                    .found(w.text.clone())
                    .subject(row.name.clone())
                    .expected(WISH_WORDS)
                    .hint("write the direction the agreement wishes: \"öka\" or \"minska\""),
                );
            }
            wish
        });
        let area = match (&row.area, areas) {
            (None, _) | (Some(_), None) => None,
            (Some(a), Some(areas)) => match find_area(&a.text, areas, Some(a.at.clone())) {
                Ok(id) => Some(id),
                Err(d) => {
                    ok = false;
                    problems.push(*d);
                    None
                }
            },
        };
        // A row without Riktning is already an error from ingest.
        let (true, Some(wish)) = (ok, wish) else {
            continue;
        };
        let mut values: Vec<IndicatorValue> = row
            .values
            .iter()
            .map(|&(year, value)| IndicatorValue { year, value })
            .collect();
        values.sort_by_key(|v| v.year);
        out.push(Indicator {
            name: row.name,
            unit: row.unit,
            source: row.source,
            wish,
            area,
            values,
            written: Some(row.row),
        });
    }
    (out, problems)
}

/// Keys of an `[[indikator]]`.
const INDICATOR_KEYS: &[&str] = &[
    "namn",
    "enhet",
    "kalla",
    "riktning",
    "fokusomrade",
    "varden",
];

/// Reads the `[[indikator]]` tables of the promise file `text` (named
/// `file` in messages) against the agreement's focus areas. A file that is
/// not valid TOML gives nothing: the main parser reports its syntax.
pub fn inline_indicators(
    text: &str,
    file: &str,
    areas: &[FocusArea],
) -> (Vec<Indicator>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let Ok(root) = DeTable::parse(text) else {
        return (out, problems);
    };
    let at = |span: Range<usize>| Location::at_offset(file, text, span.start);
    for (key, value) in root.get_ref().iter() {
        if fold(key.get_ref()) != "indikator" {
            continue;
        }
        let tables: Vec<(&DeTable<'_>, Range<usize>)> = match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::Table(t) => Some((t, item.span())),
                    _ => {
                        problems.push(
                            Diagnostic::error(
                                Code::WrongType,
                                "\"indikator\" must be a list of tables, [[indikator]]",
                            )
                            .at(at(item.span()))
                            .subject("indikator"),
                        );
                        None
                    }
                })
                .collect(),
            DeValue::Table(t) => vec![(t, value.span())],
            _ => {
                problems.push(
                    Diagnostic::error(
                        Code::WrongType,
                        "\"indikator\" must be a list of tables, [[indikator]]",
                    )
                    .at(at(value.span()))
                    .subject("indikator"),
                );
                continue;
            }
        };
        for (table, span) in tables {
            if let Some(i) = inline_indicator(table, span, areas, &at, &mut problems) {
                out.push(i);
            }
        }
    }
    problems.sort_by(|a, b| a.location.cmp(&b.location));
    (out, problems)
}

fn inline_indicator(
    table: &DeTable<'_>,
    span: Range<usize>,
    areas: &[FocusArea],
    at: &dyn Fn(Range<usize>) -> Location,
    problems: &mut Vec<Diagnostic>,
) -> Option<Indicator> {
    let before = problems.len();
    let mut name = None;
    let mut unit = None;
    let mut source = None;
    let mut wish = None;
    let mut area = None;
    let mut values: Vec<(IndicatorValue, Range<usize>)> = Vec::new();
    let mut has_values = false;
    let text_of = |v: &Spanned<DeValue<'_>>, key: &str, problems: &mut Vec<Diagnostic>| match v
        .get_ref()
        .as_str()
    {
        Some(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(_) => None,
        None => {
            problems.push(
                Diagnostic::error(
                    Code::WrongType,
                    format!("\"{key}\" must be text in \"quotes\""),
                )
                .at(at(v.span()))
                .found(v.get_ref().type_str())
                .subject(key),
            );
            None
        }
    };
    // A name or direction left blank would drop the indicator without a
    // word: it is an error like a missing one.
    let empty = |v: &Spanned<DeValue<'_>>, key: &str, problems: &mut Vec<Diagnostic>| {
        if v.get_ref().as_str().is_some() {
            problems.push(
                Diagnostic::error(Code::EmptyValue, format!("\"{key}\" must not be empty"))
                    .at(at(v.span()))
                    .subject(key),
            );
        }
    };
    // Keys are folded (case, å ä ö): "värden" and "varden" are one key,
    // and the second would be read over or beside the first.
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in super::keyword::in_file_order(table) {
        let folded = fold(key.get_ref());
        if INDICATOR_KEYS.contains(&folded.as_str()) {
            if seen.contains(&folded) {
                problems.push(
                    Diagnostic::error(
                        Code::DuplicateKey,
                        format!("the key \"{folded}\" is given twice in an indicator"),
                    )
                    .at(at(key.span()))
                    .span(key.span())
                    .subject(key.get_ref().to_string())
                    .hint("keep one of them: keys are read without regard to case or å, ä, ö"),
                );
                continue;
            }
            seen.push(folded.clone());
        }
        match folded.as_str() {
            "namn" => {
                name = text_of(value, "namn", problems);
                if name.is_none() {
                    empty(value, "namn", problems);
                }
            }
            "enhet" => unit = text_of(value, "enhet", problems),
            "kalla" => source = text_of(value, "kalla", problems),
            "riktning" => {
                let text = text_of(value, "riktning", problems);
                if text.is_none() {
                    empty(value, "riktning", problems);
                }
                if let Some(t) = text {
                    wish = parse_wish(&t);
                    if wish.is_none() {
                        problems.push(
                            Diagnostic::error(
                                Code::BadValue,
                                "\"riktning\" is the direction the agreement wishes: \"öka\" or \"minska\"",
                            )
                            .at(at(value.span()))
                            .found(t)
                            .subject("riktning")
                            .expected(WISH_WORDS),
                        );
                    }
                }
            }
            "fokusomrade" => {
                if let Some(t) = text_of(value, "fokusomrade", problems) {
                    match find_area(&t, areas, Some(at(value.span()))) {
                        Ok(id) => area = Some(id),
                        Err(d) => problems.push(*d),
                    }
                }
            }
            "varden" => {
                has_values = true;
                let DeValue::Table(years) = value.get_ref() else {
                    problems.push(
                        Diagnostic::error(Code::WrongType, "\"varden\" must be a table of years")
                            .at(at(value.span()))
                            .subject("varden")
                            .hint("varden = { 2021 = 62, 2022 = 64 }"),
                    );
                    continue;
                };
                for (year, figure) in years.iter() {
                    let Some(y) = parse_year(year.get_ref()) else {
                        problems.push(
                            Diagnostic::error(
                                Code::BadYear,
                                format!("\"{}\" is not a year", year.get_ref()),
                            )
                            .at(at(year.span()))
                            .subject(year.get_ref().to_string())
                            .expected("a year such as 2023")
                            .hint("varden = { 2021 = 62, 2022 = 64 }"),
                        );
                        continue;
                    };
                    let number = match figure.get_ref() {
                        DeValue::Integer(i) => {
                            i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                                .ok()
                                .map(|n| n as f64)
                        }
                        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
                        _ => None,
                    };
                    match number {
                        Some(n) if n.is_finite() => {
                            values.push((IndicatorValue { year: y, value: n }, year.span()));
                        }
                        _ => problems.push(
                            Diagnostic::error(
                                Code::WrongType,
                                format!("the figure for {y} must be a number"),
                            )
                            .at(at(figure.span()))
                            .subject(year.get_ref().to_string())
                            .found(figure.get_ref().type_str())
                            .hint("write 62 or 61.5, without quotes or %"),
                        ),
                    }
                }
            }
            _ => {
                let mut d = Diagnostic::error(
                    Code::UnknownKey,
                    format!("unknown key \"{}\" in an indicator", key.get_ref()),
                )
                .at(at(key.span()))
                .subject(key.get_ref().to_string());
                d = match nearest(&folded, INDICATOR_KEYS.iter().copied()) {
                    Some(near) => d.did_you_mean(near),
                    None => d.hint(format!("known keys: {}", INDICATOR_KEYS.join(", "))),
                };
                problems.push(d);
            }
        }
    }
    let missing = |key: &str, problems: &mut Vec<Diagnostic>| {
        problems.push(
            Diagnostic::error(
                Code::MissingKey,
                format!("an indicator needs the key \"{key}\""),
            )
            .at(at(span.clone()))
            .subject(key)
            .hint("see docs/indicators.md"),
        );
    };
    let has = |k: &str| table.iter().any(|(key, _)| fold(key.get_ref()) == k);
    if !has("namn") {
        missing("namn", problems);
    }
    if !has("riktning") {
        missing("riktning", problems);
    }
    if !has_values {
        missing("varden", problems);
    }
    values.sort_by_key(|(v, _)| v.year);
    if problems.len() > before {
        return None;
    }
    Some(Indicator {
        name: name?,
        unit,
        source,
        wish: wish?,
        area,
        values: values.into_iter().map(|(v, _)| v).collect(),
        written: Some(at(span)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn years(from: i32, to: i32) -> DateRange {
        DateRange::new(
            NaiveDate::from_ymd_opt(from, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(to, 12, 31).unwrap(),
        )
        .unwrap()
    }

    fn indicator(wish: Direction, values: &[(i32, f64)]) -> Indicator {
        Indicator {
            name: "Andel trygga".to_owned(),
            unit: Some("procent".to_owned()),
            source: Some("NTU".to_owned()),
            wish,
            area: None,
            values: values
                .iter()
                .map(|&(year, value)| IndicatorValue { year, value })
                .collect(),
            written: None,
        }
    }

    #[test]
    fn the_latest_year_is_compared_with_the_year_before_the_agreement() {
        // Agreement 2019–2023; figures 2017–2023; a 2021 report shows
        // 2017–2021 and compares 2021 (64) with 2018 (58), the last year
        // before the agreement: +6, wished up, better.
        let i = indicator(
            Direction::Increase,
            &[
                (2017, 60.0),
                (2018, 58.0),
                (2019, 61.0),
                (2020, 63.0),
                (2021, 64.0),
                (2022, 57.0),
                (2023, 59.0),
            ],
        );
        let (shown, later, change) = judge(&i, years(2019, 2023), years(2021, 2021));
        assert_eq!(shown.len(), 5);
        assert_eq!(later, 2);
        let c = change.unwrap();
        assert_eq!(
            (c.from_year, c.from, c.to_year, c.to),
            (2018, 58.0, 2021, 64.0)
        );
        assert_eq!(c.difference, 6.0);
        assert_eq!(c.verdict, Verdict::Better);
        // The whole period: 2023 (59) against 2018 (58): still better by 1.
        let (_, _, change) = judge(&i, years(2019, 2023), years(2019, 2023));
        let c = change.unwrap();
        assert_eq!(
            (c.to_year, c.difference, c.verdict),
            (2023, 1.0, Verdict::Better)
        );
    }

    #[test]
    fn without_an_earlier_year_the_first_year_shown_is_the_reference() {
        // Reported crimes, wished down: 412 in 2019, 380 in 2021: −32, better.
        let i = indicator(
            Direction::Decrease,
            &[(2019, 412.0), (2020, 398.0), (2021, 380.0)],
        );
        let (_, _, change) = judge(&i, years(2019, 2023), years(2019, 2023));
        let c = change.unwrap();
        assert_eq!((c.from_year, c.to_year, c.difference), (2019, 2021, -32.0));
        assert_eq!(c.verdict, Verdict::Better);
        // Wished up instead, the same fall is worse.
        let i = indicator(Direction::Increase, &[(2019, 412.0), (2021, 380.0)]);
        let (_, _, change) = judge(&i, years(2019, 2023), years(2019, 2023));
        assert_eq!(change.unwrap().verdict, Verdict::Worse);
    }

    #[test]
    fn the_same_figure_is_unchanged_and_one_figure_is_no_change() {
        let i = indicator(Direction::Decrease, &[(2020, 12.5), (2022, 12.5)]);
        let (_, _, change) = judge(&i, years(2019, 2023), years(2019, 2023));
        assert_eq!(change.unwrap().verdict, Verdict::Unchanged);
        let i = indicator(Direction::Decrease, &[(2020, 12.5), (2023, 11.0)]);
        let (shown, later, change) = judge(&i, years(2019, 2023), years(2020, 2020));
        assert_eq!((shown.len(), later), (1, 1));
        assert!(change.is_none());
    }

    #[test]
    fn differences_are_the_figures_written_not_float_noise() {
        let i = indicator(Direction::Increase, &[(2019, 58.1), (2020, 61.3)]);
        let (_, _, change) = judge(&i, years(2019, 2023), years(2019, 2023));
        assert_eq!(change.unwrap().difference, 3.2);
    }

    #[test]
    fn an_indicator_written_twice_is_named_at_the_second() {
        let mut a = indicator(Direction::Increase, &[(2019, 1.0)]);
        a.written = Some(Location::line("loften.toml", 3, 1));
        let mut b = indicator(Direction::Decrease, &[(2020, 2.0)]);
        b.name = "andel TRYGGA".to_owned();
        b.written = Some(Location::row("indikatorer.csv", None, 4));
        let d = duplicates(&[a, b]);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "the indicator \"andel TRYGGA\" is written twice"
        );
        assert_eq!(
            d[0].location.as_ref().unwrap().to_string(),
            "indikatorer.csv, line 5"
        );
        assert_eq!(d[0].related[0].location.to_string(), "loften.toml:3:1");
    }

    #[test]
    fn wishes_and_years_read_as_written() {
        assert_eq!(parse_wish("öka"), Some(Direction::Increase));
        assert_eq!(parse_wish("Ska minska"), Some(Direction::Decrease));
        assert_eq!(parse_wish("Lägre"), Some(Direction::Decrease));
        assert_eq!(parse_wish("bättre"), None);
        assert_eq!(parse_year("2023"), Some(2023));
        assert_eq!(parse_year("2023.0"), Some(2023));
        assert_eq!(parse_year("23"), None);
        assert_eq!(parse_year("Källa"), None);
    }

    fn areas() -> Vec<FocusArea> {
        vec![FocusArea {
            id: "trygghet".to_owned(),
            name: "Trygghetsskapande arbete".to_owned(),
            description: None,
            effects: Vec::new(),
        }]
    }

    #[test]
    fn inline_indicators_are_read_with_their_years() {
        let text = r#"
[[indikator]]
namn = "Andel som känner sig trygga"
enhet = "procent"
kalla = "Polisens trygghetsmätning"
riktning = "öka"
fokusomrade = "trygghet"
varden = { 2021 = 61.5, 2019 = 58 }
"#;
        let (found, problems) = inline_indicators(text, "loften.toml", &areas());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found.len(), 1);
        let i = &found[0];
        assert_eq!(i.area.as_deref(), Some("trygghet"));
        assert_eq!(i.wish, Direction::Increase);
        assert_eq!(
            i.values,
            vec![
                IndicatorValue {
                    year: 2019,
                    value: 58.0
                },
                IndicatorValue {
                    year: 2021,
                    value: 61.5
                }
            ]
        );
    }

    /// The problems of `text`'s inline indicators, none of which may be
    /// read, and each problem's code and where it is.
    fn refused(text: &str) -> (Vec<Diagnostic>, Vec<(&'static str, String)>) {
        let (found, problems) = inline_indicators(text, "loften.toml", &areas());
        assert!(found.is_empty(), "{found:?}");
        let lines = problems
            .iter()
            .map(|d| (d.code.as_str(), d.location.as_ref().unwrap().to_string()))
            .collect();
        (problems, lines)
    }

    #[test]
    fn every_mistake_in_an_inline_indicator_is_named_with_its_line() {
        let text = "[[indikator]]\nnamn = \"Trygghet\"\nriktning = \"bättre\"\nfokusomrade = \"tryghet\"\nvarden = { 2021 = \"61 %\", tjugo = 3 }\n\"källa\" = \"NTU\"\n";
        let (problems, lines) = refused(text);
        assert_eq!(
            lines,
            vec![
                ("bad-value", "loften.toml:3:12".to_owned()),
                ("unknown-area", "loften.toml:4:15".to_owned()),
                ("wrong-type", "loften.toml:5:19".to_owned()),
                ("bad-year", "loften.toml:5:27".to_owned()),
            ]
        );
        assert_eq!(
            problems[1].hint.as_deref(),
            Some("did you mean \"trygghet\"?")
        );
    }

    /// A key written twice under two spellings ("varden" and "värden",
    /// "namn" and "Namn") was read twice: the years of both were joined
    /// into one indicator, and the later name replaced the earlier.
    #[test]
    fn a_key_written_twice_in_an_indicator_was_read_twice() {
        let text = "[[indikator]]\nnamn = \"Trygghet\"\nriktning = \"öka\"\nvarden = { 2021 = 61 }\n\"värden\" = { 2022 = 70 }\nNamn = \"Otrygghet\"\n";
        let (problems, lines) = refused(text);
        assert_eq!(
            lines,
            vec![
                ("duplicate-key", "loften.toml:5:1".to_owned()),
                ("duplicate-key", "loften.toml:6:1".to_owned()),
            ]
        );
        assert!(problems.iter().all(|d| d.span.is_some()));
    }

    /// A blank `namn` or `riktning` was read as no value and no key
    /// missing: the indicator left the report without a word.
    #[test]
    fn a_blank_name_or_direction_dropped_the_indicator_silently() {
        let text = "[[indikator]]\nnamn = \"  \"\nriktning = \"\"\nvarden = { 2021 = 3 }\n";
        let (_, lines) = refused(text);
        assert_eq!(
            lines,
            vec![
                ("empty-value", "loften.toml:2:8".to_owned()),
                ("empty-value", "loften.toml:3:12".to_owned()),
            ]
        );
    }
}

//! The report's Datakvalitet section as words: each kind of row left out
//! and each kind of warning once, with its count and at most
//! [`EXAMPLES`] examples (file, sheet, row). A council reads a few lines,
//! not hundreds; the results JSON keeps every row and every warning.

use serde::Serialize;

use super::problem_words::problem_words;
use super::wording::{self, QualityCount};
use crate::diag::{Code, Diagnostic, RowList};
use crate::evaluate::DataQuality;
use crate::evaluate::Exclusion;
use crate::locale::{self, Lang};

/// How many examples each kind names.
pub const EXAMPLES: usize = 3;

/// One line of the section: a count in words, and examples under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// "Rader som inte hör till något löfte: 12".
    pub text: String,
    /// The first few cases, then "… och 9 till" when there are more.
    pub examples: Vec<String>,
    /// How many cases are not named.
    #[serde(skip)]
    pub more: usize,
}

fn item(lang: Lang, label: &str, count: usize, examples: Vec<String>) -> Item {
    // A bare count ("Rader lästa") has no examples to continue.
    let more = if examples.is_empty() {
        0
    } else {
        count.saturating_sub(EXAMPLES)
    };
    let mut shown: Vec<String> = examples.into_iter().take(EXAMPLES).collect();
    if more > 0 {
        shown.push(wording::quality_more(lang, more));
    }
    Item {
        text: format!("{label}: {}", locale::count(lang, count as u64)),
        examples: shown,
        more,
    }
}

fn warning_example(lang: Lang, d: &Diagnostic) -> String {
    let at = d.location.as_ref().map(|l| l.describe(lang));
    match d.code {
        Code::DuplicateRow => {
            let mut rows: Vec<_> = d.location.iter().cloned().collect();
            rows.extend(d.related.iter().map(|r| r.location.clone()));
            let list = RowList(rows);
            wording::identical_rows(lang, list.0.len(), &list.text(lang))
        }
        Code::EmptyLog => at.unwrap_or_default(),
        // Messages are English: a Swedish report names the place and what
        // was found (or what the problem is about: the promise, the
        // header), and the label says what is wrong.
        _ => {
            let what = match lang {
                Lang::En => d.found.as_deref(),
                Lang::Sv => d.found.as_deref().or(d.subject_text()),
            };
            match (at, what) {
                (Some(at), Some(what)) => format!("{at}: \u{201C}{what}\u{201D}"),
                (Some(at), None) if lang == Lang::En => format!("{at}: {}", d.message),
                (Some(at), None) => at,
                (None, Some(what)) => what.to_owned(),
                (None, None) if lang == Lang::En => d.message.clone(),
                (None, None) => problem_words(d.code).what.to_owned(),
            }
        }
    }
}

/// A row of a log: its file, sheet and 1-based row number.
type RowKey<'a> = (&'a str, Option<&'a str>, u64);

/// The row a cell or row location lies in.
fn row_key(l: &crate::diag::Location) -> Option<RowKey<'_>> {
    Some((&l.file, l.sheet.as_deref(), l.row_number()?))
}

/// The section: counts of rows first, then each kind of warning found.
pub fn items(lang: Lang, dq: &DataQuality) -> Vec<Item> {
    let n = |x: u64| usize::try_from(x).unwrap_or(usize::MAX);
    let mut out = vec![
        item(
            lang,
            wording::quality_label(lang, QualityCount::RowsRead),
            n(dq.rows_read),
            vec![],
        ),
        item(
            lang,
            wording::quality_label(lang, QualityCount::RowsCounted),
            n(dq.rows_counted),
            vec![],
        ),
        item(
            lang,
            wording::quality_label(lang, QualityCount::RowsOutsideWindow),
            n(dq.rows_outside_window),
            vec![],
        ),
        item(
            lang,
            wording::quality_label(lang, QualityCount::RowsAfterAsOf),
            n(dq.rows_after_as_of),
            vec![],
        ),
        item(
            lang,
            wording::quality_label(lang, QualityCount::Unmatched),
            dq.unmatched.len(),
            dq.unmatched
                .iter()
                .take(EXAMPLES)
                .map(|u| {
                    let what = u
                        .activity
                        .clone()
                        .or_else(|| u.promise.clone())
                        .unwrap_or_default();
                    let at = u.row.location().describe(lang);
                    if what.is_empty() {
                        at
                    } else {
                        format!("{at}: {what}")
                    }
                })
                .collect(),
        ),
        item(
            lang,
            wording::quality_label(lang, QualityCount::MissingPartner),
            dq.missing_partner.len(),
            dq.missing_partner
                .iter()
                .take(EXAMPLES)
                .map(|m| {
                    format!(
                        "{} ({}): {}",
                        m.row.location().describe(lang),
                        m.promise,
                        m.responsible.clone().unwrap_or_default()
                    )
                })
                .collect(),
        ),
        item(
            lang,
            wording::quality_label(lang, QualityCount::LoggedByBoth),
            dq.logged_by_both.len(),
            dq.logged_by_both
                .iter()
                .take(EXAMPLES)
                .map(|m| {
                    let also = m
                        .also
                        .iter()
                        .map(|r| r.location().describe(lang))
                        .collect::<Vec<_>>()
                        .join("; ");
                    wording::logged_by_both(
                        lang,
                        &m.counted.location().describe(lang),
                        &m.promise,
                        &also,
                    )
                })
                .collect(),
        ),
    ];
    // Rows of earlier years a total over the agreement period counts:
    // said beside the rows outside the window, which leave them out, and
    // only where there are some.
    if dq.rows_before_window_counted > 0 {
        out.insert(
            3,
            item(
                lang,
                wording::quality_label(lang, QualityCount::RowsBeforeWindowCounted),
                n(dq.rows_before_window_counted),
                vec![],
            ),
        );
    }
    // Rows ingest left out, per kind: each row once, with its reason.
    // Summary rows are always shown (0 is worth saying); other kinds only
    // when there are some.
    let mut kinds: std::collections::BTreeSet<Exclusion> =
        dq.excluded.iter().map(|e| e.kind).collect();
    kinds.insert(Exclusion::SummaryRow);
    for kind in kinds {
        let rows: Vec<_> = dq.excluded.iter().filter(|e| e.kind == kind).collect();
        out.push(item(
            lang,
            wording::excluded_label(lang, kind),
            rows.len(),
            rows.iter()
                .take(EXAMPLES)
                .map(|e| format!("{}: {}", e.location.describe(lang), e.reason))
                .collect(),
        ));
    }
    // Each kind of warning once, in the order first found. A warning about
    // a row listed above as left out (a summary row; a row marked not
    // done, whose warning names the cell that says so) is the same row:
    // it is not listed again.
    let left_out: std::collections::HashSet<RowKey<'_>> = dq
        .excluded
        .iter()
        .filter_map(|e| row_key(&e.location))
        .collect();
    let warnings: Vec<&Diagnostic> = dq
        .warnings
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .and_then(row_key)
                .is_none_or(|r| !left_out.contains(&r))
        })
        .collect();
    let mut codes: Vec<Code> = Vec::new();
    for d in &warnings {
        if !codes.contains(&d.code) {
            codes.push(d.code);
        }
    }
    for code in codes {
        let of_kind: Vec<&Diagnostic> = warnings
            .iter()
            .copied()
            .filter(|d| d.code == code)
            .collect();
        out.push(item(
            lang,
            &wording::warning_label(lang, code),
            of_kind.len(),
            of_kind
                .iter()
                .take(EXAMPLES)
                .map(|d| warning_example(lang, d))
                .collect(),
        ));
    }
    out
}

/// The section as the template reads it: `items` (each with `text` and
/// `examples`), and for templates written before items existed, `lines`
/// (the texts), `details` (the examples) and `more` (cases not named).
pub fn view(lang: Lang, dq: &DataQuality) -> QualityView {
    let items = items(lang, dq);
    let lines: Vec<String> = items.iter().map(|i| i.text.clone()).collect();
    let details: Vec<String> = items
        .iter()
        .flat_map(|i| i.examples.iter().take(EXAMPLES).cloned())
        .collect();
    let more: usize = items.iter().map(|i| i.more).sum();
    QualityView {
        items,
        lines,
        details,
        more,
    }
}

/// The *Datakvalitet* section of the template's document.
#[derive(Debug, Serialize)]
pub struct QualityView {
    /// Each kind of row left out and of warning once.
    pub items: Vec<Item>,
    /// The items' texts (for older templates).
    pub lines: Vec<String>,
    /// The items' examples (for older templates).
    pub details: Vec<String>,
    /// Cases not named.
    pub more: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::evaluate::ExcludedRow;

    fn summary_row(line: u32) -> ExcludedRow {
        ExcludedRow {
            location: Location::row("logg.csv", None, line - 1),
            kind: Exclusion::SummaryRow,
            reason: "summeringsrad (\"Summa\"/\"Totalt\") räknas inte".to_owned(),
        }
    }

    #[test]
    fn a_summary_row_is_listed_once() {
        let dq = DataQuality {
            rows_read: 2,
            excluded: vec![summary_row(3)],
            warnings: vec![
                Diagnostic::warning(Code::SummaryRow, "a summary row was skipped, not counted")
                    .at(Location::row("logg.csv", None, 2)),
            ],
            ..DataQuality::default()
        };
        let items = items(Lang::Sv, &dq);
        let mentions: Vec<&String> = items
            .iter()
            .flat_map(|i| i.examples.iter())
            .filter(|e| e.contains("logg.csv rad 3"))
            .collect();
        assert_eq!(
            mentions,
            ["logg.csv rad 3: summeringsrad (\"Summa\"/\"Totalt\") räknas inte"]
        );
        assert_eq!(
            items.last().unwrap().text,
            "Summeringsrader som inte räknats: 1"
        );
    }

    /// A row marked "Genomförd: Nej" was listed twice under Datakvalitet,
    /// as a row left out and as a warning: the warning names the cell
    /// that says so, the row left out the row.
    #[test]
    fn a_row_marked_not_done_is_listed_once() {
        let dq = DataQuality {
            rows_read: 2,
            excluded: vec![ExcludedRow {
                location: Location::row("logg.csv", None, 6),
                kind: Exclusion::NotDone,
                reason: "markerad som inte genomförd (Genomförd: Nej) räknas inte".to_owned(),
            }],
            warnings: vec![
                Diagnostic::warning(Code::NotDone, "the row is marked as not done")
                    .at(Location::cell("logg.csv", None, 6, 3)),
                // Another row's warning stays.
                Diagnostic::warning(Code::NotDone, "the row is marked as not done")
                    .at(Location::cell("logg.csv", None, 7, 3)),
            ],
            ..DataQuality::default()
        };
        let items = items(Lang::Sv, &dq);
        let mentions: Vec<&String> = items
            .iter()
            .flat_map(|i| i.examples.iter())
            .filter(|e| e.contains("logg.csv rad 7"))
            .collect();
        assert_eq!(
            mentions,
            ["logg.csv rad 7: markerad som inte genomförd (Genomförd: Nej) räknas inte"]
        );
        assert!(
            items
                .iter()
                .flat_map(|i| i.examples.iter())
                .any(|e| e.contains("logg.csv rad 8")),
            "{items:?}"
        );
    }

    /// A log shared through `urval` warned of rows without a selection
    /// value, and the report labelled them "Varningar
    /// (selection-value-missing)": the code, not words.
    #[test]
    fn a_selection_warning_is_labelled_in_words_not_by_its_code() {
        let dq =
            DataQuality {
                warnings: vec![
                    Diagnostic::warning(Code::SelectionValueMissing, "no value")
                        .at(Location::cell("region.csv", None, 4, 1)),
                    Diagnostic::warning(Code::SelectionMatchesNothing, "nothing")
                        .at(Location::file("region.csv")),
                ],
                ..DataQuality::default()
            };
        for lang in [Lang::Sv, Lang::En] {
            let texts: Vec<String> = items(lang, &dq).into_iter().map(|i| i.text).collect();
            assert!(texts.iter().all(|t| !t.contains("selection-")), "{texts:?}");
        }
        let texts: Vec<String> = items(Lang::Sv, &dq).into_iter().map(|i| i.text).collect();
        assert!(
            texts.contains(&"Rader utan värde i urvalskolumnen (räknas inte): 1".to_owned()),
            "{texts:?}"
        );
    }

    #[test]
    fn each_kind_names_three_and_counts_the_rest() {
        let groups: Vec<Diagnostic> = (0..40)
            .map(|k| {
                Diagnostic::warning(Code::DuplicateRow, "2 identical rows")
                    .at(Location::row("polisen.csv", None, 10 + 2 * k))
                    .related("identical", Location::row("polisen.csv", None, 11 + 2 * k))
            })
            .collect();
        let dq = DataQuality {
            warnings: groups,
            ..DataQuality::default()
        };
        let items = items(Lang::Sv, &dq);
        let dup = items.last().unwrap();
        assert_eq!(
            dup.text,
            "Grupper av rader som är identiska i varje kolumn (alla rader räknas): 40"
        );
        assert_eq!(
            dup.examples,
            [
                "2 identiska rader: polisen.csv rad 11, 12",
                "2 identiska rader: polisen.csv rad 13, 14",
                "2 identiska rader: polisen.csv rad 15, 16",
                "… och 37 till; resultatfilen (JSON) listar alla",
            ]
        );
    }
}

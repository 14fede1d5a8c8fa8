//! The report's Datakvalitet section as words: each kind of row left out
//! and each kind of warning once, with its count and at most
//! [`EXAMPLES`] examples (file, sheet, row). A council reads a few lines,
//! not hundreds; the results JSON keeps every row and every warning.

use serde::Serialize;

use crate::diag::{Diagnostic, RowList};
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
        shown.push(match lang {
            Lang::Sv => format!(
                "… och {} till; resultatfilen (JSON) listar alla",
                locale::count(lang, more as u64)
            ),
            Lang::En => format!(
                "… and {} more; the results file (JSON) lists every one",
                locale::count(lang, more as u64)
            ),
        });
    }
    Item {
        text: format!("{label}: {}", locale::count(lang, count as u64)),
        examples: shown,
        more,
    }
}

/// The words for a kind of row left out. Exhaustive: a new kind must be
/// named here before it can reach a report.
fn excluded_label(lang: Lang, kind: Exclusion) -> &'static str {
    match (kind, lang) {
        (Exclusion::SummaryRow, Lang::Sv) => "Summeringsrader som inte räknats",
        (Exclusion::SummaryRow, Lang::En) => "Summary rows not counted",
        (Exclusion::Invalid, Lang::Sv) => "Rader med fel som inte räknats",
        (Exclusion::Invalid, Lang::En) => "Rows with errors not counted",
        (Exclusion::RepeatedHeader, Lang::Sv) => "Upprepade rubrikrader som inte räknats",
        (Exclusion::RepeatedHeader, Lang::En) => "Repeated header rows not counted",
    }
}

/// The words for a kind of warning.
fn warning_label(lang: Lang, code: &str) -> String {
    match (code, lang) {
        ("duplicate-row", Lang::Sv) => {
            "Grupper av rader som är identiska i varje kolumn (alla rader räknas)".to_owned()
        }
        ("duplicate-row", Lang::En) => {
            "Groups of rows identical in every column (every row is counted)".to_owned()
        }
        ("bad-quantity", Lang::Sv) => "Celler som skulle ha varit tal (räknas som 0)".to_owned(),
        ("bad-quantity", Lang::En) => "Cells that should hold a number (counted as 0)".to_owned(),
        ("empty-log", Lang::Sv) => "Loggar med rubrikrad men utan rader".to_owned(),
        ("empty-log", Lang::En) => "Logs with a header but no rows".to_owned(),
        ("far-outside-period", Lang::Sv) => {
            "Rader daterade mer än ett år utanför avtalsperioden (räknas inte)".to_owned()
        }
        ("far-outside-period", Lang::En) => {
            "Rows dated more than a year outside the agreement period (not counted)".to_owned()
        }
        ("hidden-sheets", Lang::Sv) => "Loggar med dolda blad som inte lästs".to_owned(),
        ("hidden-sheets", Lang::En) => "Logs with hidden sheets not read".to_owned(),
        ("sheet-skipped", Lang::Sv) => "Blad utan Datum-kolumn (lästs inte)".to_owned(),
        ("sheet-skipped", Lang::En) => "Sheets without a Datum column (not read)".to_owned(),
        ("same-log-twice", Lang::Sv) => "Loggar angivna två gånger (lästa en gång)".to_owned(),
        ("same-log-twice", Lang::En) => "Logs given twice (read once)".to_owned(),
        ("mixed-encoding", Lang::Sv) => {
            "Rader i annan teckenkodning (lästa som Windows-1252)".to_owned()
        }
        ("mixed-encoding", Lang::En) => {
            "Lines in another encoding (read as Windows-1252)".to_owned()
        }
        ("near-header", Lang::Sv) => "Kolumnrubriker tolkade som kända kolumner".to_owned(),
        ("near-header", Lang::En) => "Column headers read as known columns".to_owned(),
        ("people-not-count", Lang::Sv) => {
            "Kolumner som räknar personer, inte aktiviteter (läses inte som Antal)".to_owned()
        }
        ("people-not-count", Lang::En) => {
            "Columns counting people, not activities (not read as Antal)".to_owned()
        }
        ("no-rows", Lang::Sv) => "Löften utan någon räknad rad".to_owned(),
        ("no-rows", Lang::En) => "Promises with no counted row".to_owned(),
        ("joint-without-partner", Lang::Sv) => {
            "Gemensamma löften där ingen rad visar båda parter".to_owned()
        }
        ("joint-without-partner", Lang::En) => {
            "Joint promises where no row shows both parties".to_owned()
        }
        ("matches-no-row", Lang::Sv) => "Värden i löftesfilen som ingen rad har".to_owned(),
        ("matches-no-row", Lang::En) => "Values in the promise file that no row holds".to_owned(),
        ("comment-outside-period", Lang::Sv) => "Kommentarer för en annan period".to_owned(),
        ("comment-outside-period", Lang::En) => "Comments for another period".to_owned(),
        ("assumed-period", Lang::Sv) => {
            "Avtalsperiod som löftesfilen inte anger: antagen ur rubriken eller uppföljningen"
                .to_owned()
        }
        ("assumed-period", Lang::En) => {
            "Agreement period the promise file does not state: assumed from the title or the follow-up"
                .to_owned()
        }
        ("assumed-deadline", Lang::Sv) => {
            "Uppföljningsdatum som lästs ur uppföljningstexten".to_owned()
        }
        ("assumed-deadline", Lang::En) => "Follow-up date read from the follow-up text".to_owned(),
        ("no-deadline-date", Lang::Sv) => "Uppföljning utan datum".to_owned(),
        ("no-deadline-date", Lang::En) => "Follow-up without a date".to_owned(),
        ("unknown-indicator-column", Lang::Sv) => {
            "Kolumner i indikatortabellen som inte lästs".to_owned()
        }
        ("unknown-indicator-column", Lang::En) => {
            "Columns of the indicator table not read".to_owned()
        }
        (other, Lang::Sv) => format!("Varningar ({other})"),
        (other, Lang::En) => format!("Warnings ({other})"),
    }
}

fn warning_example(lang: Lang, d: &Diagnostic) -> String {
    let at = d.location.as_ref().map(|l| l.describe(lang));
    match d.code {
        "duplicate-row" => {
            let mut rows: Vec<_> = d.location.iter().cloned().collect();
            rows.extend(d.related.iter().map(|r| r.location.clone()));
            let list = RowList(rows);
            match lang {
                Lang::Sv => format!("{} identiska rader: {}", list.0.len(), list.text(lang)),
                Lang::En => format!("{} identical rows: {}", list.0.len(), list.text(lang)),
            }
        }
        "empty-log" => at.unwrap_or_default(),
        // Messages are English: a Swedish report names the place and what
        // was found, and the label says what is wrong.
        _ => match (at, &d.found) {
            (Some(at), Some(found)) => format!("{at}: \u{201C}{found}\u{201D}"),
            (Some(at), None) if lang == Lang::En => format!("{at}: {}", d.message),
            (Some(at), None) => at,
            (None, Some(found)) => found.clone(),
            (None, None) => d.message.clone(),
        },
    }
}

/// The section: counts of rows first, then each kind of warning found.
pub fn items(lang: Lang, dq: &DataQuality) -> Vec<Item> {
    let n = |x: u64| usize::try_from(x).unwrap_or(usize::MAX);
    let sv = lang == Lang::Sv;
    let pick = |s: &'static str, e: &'static str| if sv { s } else { e };
    let mut out = vec![
        item(
            lang,
            pick("Rader lästa", "Rows read"),
            n(dq.rows_read),
            vec![],
        ),
        item(
            lang,
            pick(
                "Rader som räknats mot något löfte",
                "Rows counted toward a promise",
            ),
            n(dq.rows_counted),
            vec![],
        ),
        item(
            lang,
            pick(
                "Rader utanför rapportperioden (räknas inte)",
                "Rows outside the report period (not counted)",
            ),
            n(dq.rows_outside_window),
            vec![],
        ),
        item(
            lang,
            pick(
                "Rader efter underlagsdatum (räknas inte)",
                "Rows after the as-of date (not counted)",
            ),
            n(dq.rows_after_as_of),
            vec![],
        ),
        item(
            lang,
            pick(
                "Rader som inte hör till något löfte",
                "Rows matching no promise",
            ),
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
            pick(
                "Rader som saknar samverkanspart i gemensamma löften",
                "Rows of joint promises lacking the partner",
            ),
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
            pick(
                "Gemensamma händelser loggade av båda parter, räknade en gång",
                "Joint events logged by both parties, counted once",
            ),
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
                    match lang {
                        Lang::Sv => format!(
                            "{} ({}): loggad av båda parter, räknad en gång (också {also})",
                            m.counted.location().describe(lang),
                            m.promise
                        ),
                        Lang::En => format!(
                            "{} ({}): logged by both parties, counted once (also {also})",
                            m.counted.location().describe(lang),
                            m.promise
                        ),
                    }
                })
                .collect(),
        ),
    ];
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
            excluded_label(lang, kind),
            rows.len(),
            rows.iter()
                .take(EXAMPLES)
                .map(|e| format!("{}: {}", e.location.describe(lang), e.reason))
                .collect(),
        ));
    }
    // Each kind of warning once, in the order first found. A warning about
    // a row listed above as left out (a summary row) is the same row: it
    // is not listed again.
    let left_out: std::collections::HashSet<&crate::diag::Location> =
        dq.excluded.iter().map(|e| &e.location).collect();
    let warnings: Vec<&Diagnostic> = dq
        .warnings
        .iter()
        .filter(|d| d.location.as_ref().is_none_or(|l| !left_out.contains(l)))
        .collect();
    let mut codes: Vec<&'static str> = Vec::new();
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
            &warning_label(lang, code),
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
                Diagnostic::warning("summary-row", "a summary row was skipped, not counted")
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

    #[test]
    fn each_kind_names_three_and_counts_the_rest() {
        let groups: Vec<Diagnostic> = (0..40)
            .map(|k| {
                Diagnostic::warning("duplicate-row", "2 identical rows")
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

//! Beside the pipeline, on the way in: the activity-log workbook that
//! `lofte logg` writes for an agreement, so the logs kept during the year
//! have the columns [`crate::ingest`] reads, with dropdowns that only offer
//! what the promise file knows.
//!
//! It reads a validated [`Agreement`] and writes bytes; it never reads a
//! log and decides nothing about counting. `rust_xlsxwriter` is used only
//! here (and in tests and examples that make logs).
//!
//! The layout ([`layout`]) is decided once and shared by the xlsx and the
//! csv template, so both have the same header row:
//! `Datum | Löfte | Antal | Aktivitet | Plats | Deltagare | [kolumn …] | Kommentar`.

mod words;
mod xlsx;

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::agreement::{Agreement, Party, TargetKind};
use crate::diag::Diagnostic;

pub use words::{logging_advice, target_in_words};

/// What a column of the log holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Datum: a real date cell.
    Date,
    /// Löfte: a promise id from the dropdown.
    Promise,
    /// Antal: a whole number, 0 or more; empty is 1.
    Count,
    /// Aktivitet: what was done.
    Activity,
    /// Plats: where.
    Place,
    /// Deltagare: who took part (decides joint promises).
    Participants,
    /// A column a target sums instead of Antal (`kolumn = "Beslag (g)"`).
    Quantity,
    /// Kommentar: free text.
    Comment,
}

/// One column of the header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header as written in row 1.
    pub header: String,
    /// What it holds.
    pub kind: ColumnKind,
}

/// Everything the workbook and the csv template are built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The sheets rows are logged on: "Polisen" and "Kommunen" when both
    /// answer for promises, one of them when only one does, else
    /// "Aktiviteter".
    pub sheets: Vec<String>,
    /// The header row, in order.
    pub columns: Vec<Column>,
    /// The promise ids the Löfte dropdown offers, in the file's order.
    pub promise_ids: Vec<String>,
    /// The activity types the promise file names (promises' and targets'
    /// `aktiviteter`), in the file's order, each once.
    pub activities: Vec<String>,
    /// The places per-place targets name, each once.
    pub places: Vec<String>,
}

/// The name of the sheet with the instructions.
pub const INSTRUCTIONS_SHEET: &str = "Instruktioner";
/// The name of the sheet (last, visible) holding dropdown lists too long
/// for Excel's 255-character literal list, or with a comma in a value.
pub const LISTS_SHEET: &str = "Listor";
/// What the Deltagare dropdown offers; other text is accepted.
pub const PARTICIPANTS: [&str; 3] = ["Polisen", "Kommunen", "Polisen och kommunen"];

/// Pushes `item` unless an equal one (case-insensitively, trimmed) is there.
fn push_once(list: &mut Vec<String>, item: &str) {
    let item = item.trim();
    let folded = item.to_lowercase();
    if !item.is_empty() && !list.iter().any(|x| x.to_lowercase() == folded) {
        list.push(item.to_owned());
    }
}

/// The layout for `agreement`.
pub fn layout(agreement: &Agreement) -> Layout {
    let mut responsible = BTreeSet::new();
    for promise in &agreement.promises {
        responsible.extend(crate::evaluate::parties(&promise.responsible));
        if promise.matching.joint {
            responsible.extend([Party::Police, Party::Municipality]);
        }
    }
    let sheets = match (
        responsible.contains(&Party::Police),
        responsible.contains(&Party::Municipality),
    ) {
        (true, true) => vec!["Polisen".to_owned(), "Kommunen".to_owned()],
        (true, false) => vec!["Polisen".to_owned()],
        (false, true) => vec!["Kommunen".to_owned()],
        (false, false) => vec!["Aktiviteter".to_owned()],
    };

    let mut activities = Vec::new();
    let mut places = Vec::new();
    let mut quantities = Vec::new();
    for promise in &agreement.promises {
        for a in &promise.matching.activities {
            push_once(&mut activities, a);
        }
        for target in &promise.targets {
            for a in &target.activities {
                push_once(&mut activities, a);
            }
            if let TargetKind::PerPlace { places: named, .. } = &target.kind {
                for p in named {
                    push_once(&mut places, p);
                }
            }
            if let Some(within) = &target.within {
                for p in &within.places {
                    push_once(&mut places, p);
                }
            }
            if let Some(q) = &target.quantity {
                push_once(&mut quantities, q);
            }
        }
    }

    let fixed = |header: &str, kind| Column {
        header: header.to_owned(),
        kind,
    };
    let mut columns = vec![
        fixed("Datum", ColumnKind::Date),
        fixed("Löfte", ColumnKind::Promise),
        fixed("Antal", ColumnKind::Count),
        fixed("Aktivitet", ColumnKind::Activity),
        fixed("Plats", ColumnKind::Place),
        fixed("Deltagare", ColumnKind::Participants),
    ];
    for q in quantities {
        // A target summing one of the standard columns needs no new one.
        if !columns.iter().any(|c| c.header.eq_ignore_ascii_case(&q)) {
            columns.push(fixed(&q, ColumnKind::Quantity));
        }
    }
    columns.push(fixed("Kommentar", ColumnKind::Comment));

    Layout {
        sheets,
        columns,
        promise_ids: agreement.promises.iter().map(|p| p.id.clone()).collect(),
        activities,
        places,
    }
}

/// The activity-log workbook for an agreement, as xlsx bytes: one sheet
/// per party that logs, the header row lofte reads, date, number and
/// dropdown validations, a frozen header, and an "Instruktioner" sheet in
/// Swedish. The same agreement gives the same bytes.
// One diagnostic, on a path that is taken only for an extreme promise
// file: not worth boxing in an interface the web page also calls.
#[allow(clippy::result_large_err)]
pub fn workbook(agreement: &Agreement) -> Result<Vec<u8>, Diagnostic> {
    xlsx::write(agreement, &layout(agreement), &[])
}

/// One row to put into a workbook: what [`filled_workbook`] writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// Datum.
    pub date: Option<NaiveDate>,
    /// Löfte.
    pub promise: Option<String>,
    /// Antal; `None` leaves the cell empty (which counts as 1).
    pub count: Option<u64>,
    /// Aktivitet.
    pub activity: Option<String>,
    /// Plats.
    pub place: Option<String>,
    /// Deltagare.
    pub participants: Option<String>,
    /// Kommentar.
    pub comment: Option<String>,
    /// Numbers for quantity columns, by header.
    pub quantities: Vec<(String, f64)>,
}

/// The workbook with rows already in it, each on the sheet of the party
/// its Deltagare names (police only → Polisen, municipality only →
/// Kommunen; joint or unnamed → the first sheet). For carrying rows from
/// an old log into the new layout, and for testing the layout round trip.
#[allow(clippy::result_large_err)]
pub fn filled_workbook(agreement: &Agreement, entries: &[Entry]) -> Result<Vec<u8>, Diagnostic> {
    let layout = layout(agreement);
    let placed: Vec<(usize, &Entry)> = entries.iter().map(|e| (sheet_for(&layout, e), e)).collect();
    xlsx::write(agreement, &layout, &placed)
}

/// Index of the sheet an entry belongs on.
fn sheet_for(layout: &Layout, entry: &Entry) -> usize {
    let who = entry
        .participants
        .as_deref()
        .map(crate::evaluate::parties)
        .unwrap_or_default();
    let wanted = match (
        who.contains(&Party::Police),
        who.contains(&Party::Municipality),
    ) {
        (true, false) => "Polisen",
        (false, true) => "Kommunen",
        _ => return 0,
    };
    layout.sheets.iter().position(|s| s == wanted).unwrap_or(0)
}

/// The same columns as a csv template (semicolon-separated, UTF-8 with BOM,
/// as Swedish Excel writes).
pub fn csv_template(agreement: &Agreement) -> Vec<u8> {
    let layout = layout(agreement);
    let mut out = "\u{feff}".as_bytes().to_vec();
    let header: Vec<String> = layout
        .columns
        .iter()
        .map(|c| csv_field(&c.header))
        .collect();
    out.extend_from_slice(header.join(";").as_bytes());
    out.extend_from_slice(b"\r\n");
    out
}

/// A csv field, quoted when it holds a separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn agreement(promises: &str) -> Agreement {
        let text = format!(
            r#"
kommun = "Exempel"
lokalpolisomrade = "Exempelområdet"
period = {{ fran = 2023-01-01, till = 2023-12-31 }}

[[fokusomrade]]
id = "a"
namn = "Närvaro"
{promises}"#
        );
        let parsed = crate::agreement::parse(&text, "loften.toml", Path::new("."));
        assert!(
            parsed.problems().next().is_none(),
            "{:#?}",
            parsed.problems().collect::<Vec<_>>()
        );
        parsed.output.unwrap()
    }

    #[test]
    fn sheets_follow_who_answers_for_promises() {
        let police = agreement(
            r#"[[lofte]]
id = "P1"
fokusomrade = "a"
text = "x"
ansvarig = "Polisen"
mal = [{ typ = "text" }]
"#,
        );
        assert_eq!(layout(&police).sheets, ["Polisen"]);
        let both = agreement(
            r#"[[lofte]]
id = "P1"
fokusomrade = "a"
text = "x"
ansvarig = "Socialtjänsten och polisen"
mal = [{ typ = "text" }]
"#,
        );
        assert_eq!(layout(&both).sheets, ["Polisen", "Kommunen"]);
        let nobody = agreement(
            r#"[[lofte]]
id = "P1"
fokusomrade = "a"
text = "x"
ansvarig = "Länsstyrelsen"
mal = [{ typ = "text" }]
"#,
        );
        assert_eq!(layout(&nobody).sheets, ["Aktiviteter"]);
    }

    #[test]
    fn quantity_columns_come_before_the_comment_and_once() {
        let a = agreement(
            r#"[[lofte]]
id = "N1"
fokusomrade = "a"
text = "x"
ansvarig = "Polisen"
aktiviteter = ["Beslag", "beslag "]
mal = [
  { typ = "trend", riktning = "öka", kolumn = "Beslag (g)" },
  { typ = "totalt", antal = 1, kolumn = "beslag (g)", aktiviteter = ["Temadag"] },
  { typ = "per_plats", antal = 1, platser = ["Åk 6", "Åk 7"] },
]
"#,
        );
        let l = layout(&a);
        let headers: Vec<&str> = l.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(
            headers,
            [
                "Datum",
                "Löfte",
                "Antal",
                "Aktivitet",
                "Plats",
                "Deltagare",
                "Beslag (g)",
                "Kommentar"
            ]
        );
        assert_eq!(l.activities, ["Beslag", "Temadag"]);
        assert_eq!(l.places, ["Åk 6", "Åk 7"]);
    }

    #[test]
    fn csv_template_is_one_bom_header_line() {
        let a = agreement(
            r#"[[lofte]]
id = "N1"
fokusomrade = "a"
text = "x"
ansvarig = "Polisen"
mal = [{ typ = "trend", riktning = "öka", kolumn = "Vikt; g" }]
"#,
        );
        assert_eq!(
            String::from_utf8(csv_template(&a)).unwrap(),
            "\u{feff}Datum;Löfte;Antal;Aktivitet;Plats;Deltagare;\"Vikt; g\";Kommentar\r\n"
        );
    }
}

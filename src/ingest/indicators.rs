//! The indicator table the coordinators keep beside the logs
//! (`indikatorfil`): one row per indicator, one column per year.
//!
//! ```text
//! Indikator                    | Enhet   | Källa                     | Riktning | Fokusområde | 2019 | 2020 | 2021
//! Andel som känner sig trygga  | procent | Polisens trygghetsmätning | öka      | trygghet    | 58   | 61   | 63,5
//! ```
//!
//! Read with the same machinery as the logs (encodings, delimiters,
//! workbooks, damaged files); every problem names file, sheet and cell.
//! This reads the table only: what the direction words and focus areas
//! mean is the agreement's to judge (`agreement::indicators`).

use super::cells::{Cell, composed, is_error_text, parse_number_text};
use super::table::Grid;
use super::{Kind, Limits, SourceFile, sniff, text, workbook};
use crate::diag::{Code, Diagnostic, Location, Sink};

/// A text cell and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The text, trimmed.
    pub text: String,
    /// Its cell.
    pub at: Location,
}

/// One row of the indicator table as written.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// The row (file, sheet, row), for messages about the whole row.
    pub row: Location,
    /// Indikator / Namn.
    pub name: String,
    /// Enhet.
    pub unit: Option<String>,
    /// Källa.
    pub source: Option<String>,
    /// Riktning, as written (the agreement reads it).
    pub wish: Option<Placed>,
    /// Fokusområde, as written.
    pub area: Option<Placed>,
    /// Figures by year, in column order; empty cells left out.
    pub values: Vec<(i32, f64)>,
}

/// What was read from one indicator table; its problems, one per cell,
/// go to the caller's [`Sink`].
#[derive(Debug, Clone, Default)]
pub struct IndicatorTable {
    /// Rows with a name.
    pub rows: Vec<IndicatorRow>,
    /// Provenance of the file, when it could be read at all.
    pub source: Option<SourceFile>,
}

/// Which column holds what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Name,
    Unit,
    Source,
    Wish,
    Area,
    Year(i32),
    /// Remarks: read by people, not by lofte.
    Remark,
}

fn role_of(header: &Cell) -> Option<Role> {
    if let Cell::Number(x) = header
        && x.fract() == 0.0
    {
        return parse_year(&format!("{x}")).map(Role::Year);
    }
    let text = header.text();
    if let Some(year) = parse_year(&text) {
        return Some(Role::Year(year));
    }
    let folded = text
        .to_lowercase()
        .replace(['å', 'ä'], "a")
        .replace('ö', "o");
    Some(match folded.trim() {
        "indikator" | "namn" | "indicator" | "name" => Role::Name,
        "enhet" | "unit" => Role::Unit,
        "kalla" | "source" => Role::Source,
        "riktning" | "onskad riktning" | "onskad utveckling" | "direction"
        | "desired direction" => Role::Wish,
        "fokusomrade" | "omrade" | "focus area" => Role::Area,
        "kommentar" | "anmarkning" | "not" | "comment" => Role::Remark,
        _ => return None,
    })
}

/// Reads the indicator table in `bytes`, named `display` in messages.
/// Never panics, whatever the bytes: every problem goes to `sink`.
pub fn read_indicator_table(
    display: &str,
    bytes: Vec<u8>,
    limits: &Limits,
    sink: &mut Sink,
) -> IndicatorTable {
    let mut out = IndicatorTable::default();
    let file_error = |code: Code, message: String, hint: &str| {
        Diagnostic::error(code, message)
            .at(Location::file(display.to_owned()))
            .hint(hint.to_owned())
    };
    if bytes.len() as u64 > limits.max_file_bytes {
        sink.push(file_error(
            Code::FileTooLarge,
            format!(
                "the indicator table is {} MiB, more than the limit of {} MiB",
                bytes.len() / 1024 / 1024,
                limits.max_file_bytes / 1024 / 1024
            ),
            "an indicator table is a few rows; give the right file in indikatorfil",
        ));
        return out;
    }
    out.source = Some(SourceFile::of(display, &bytes));
    let formats = "lofte reads indicator tables as xlsx, xlsm, xlsb, xls, ods or csv";
    let grid = match sniff(&bytes) {
        Kind::Zip | Kind::Ole if workbook::is_encrypted(&bytes) => Err(file_error(
            Code::EncryptedWorkbook,
            "the workbook is password-protected, so its cells cannot be read".to_owned(),
            "remove the password in the spreadsheet program, save, and run again",
        )),
        kind @ (Kind::Zip | Kind::Ole) => {
            let checked = match kind {
                Kind::Zip => workbook::check_zip(&bytes, limits).map(drop),
                _ => Ok(()),
            };
            checked
                .and_then(|()| workbook::small_table(bytes, "Indikatorer", limits))
                .map_err(|message| file_error(Code::UnreadableWorkbook, message, formats))
        }
        Kind::Text => {
            // Read as a log is: a quote never closed or a NUL byte would
            // swallow or mangle the rows below it.
            let decoded = text::decode(&bytes);
            let mut problems = decoded.encoding_problems(display);
            let unknown = decoded.unknown.is_some().then(|| problems.pop()).flatten();
            for warning in problems {
                sink.push(warning);
            }
            match unknown {
                // Read, its garbled names would match nothing.
                Some(error) => Err(error),
                None => {
                    match text::check_structure(&decoded.text, text::sniff_delimiter(&decoded.text))
                    {
                        Err(text::CsvError::At(line, code, message, hint)) => {
                            Err(Diagnostic::error(code, message)
                                .at(Location::row(
                                    display.to_owned(),
                                    None,
                                    u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX),
                                ))
                                .hint(hint))
                        }
                        Err(text::CsvError::Whole(message)) => {
                            Err(file_error(Code::UnreadableCsv, message, formats))
                        }
                        Ok(()) => csv_grid(&decoded.text, limits)
                            .map_err(|message| file_error(Code::UnreadableCsv, message, formats)),
                    }
                }
            }
        }
        Kind::Pdf | Kind::Binary => Err(file_error(
            Code::NotASpreadsheet,
            "the indicator table is not a spreadsheet lofte can read".to_owned(),
            formats,
        )),
    };
    match grid {
        Ok(mut grid) => {
            // Names decomposed (saved on a Mac) are read composed, as a
            // log's are: "Upplevd otrygghet i Åby" matches the promise file.
            for cell in grid.rows.iter_mut().flatten() {
                if let Cell::Text(t) = cell
                    && let std::borrow::Cow::Owned(c) = composed(t)
                {
                    *t = c;
                }
            }
            if let (Some(source), Some(sheet)) = (&mut out.source, &grid.sheet) {
                source.sheets_read.push(sheet.clone());
            }
            read_grid(display, &grid, &mut out, sink);
            if let Some(source) = &mut out.source {
                source.rows_read = out.rows.len() as u64;
            }
        }
        Err(d) => sink.push(d),
    }
    out
}

/// A csv as a grid of text cells; rows are physical lines.
fn csv_grid(text: &str, limits: &Limits) -> Result<Grid, String> {
    let delimiter = text::sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut cells = 0u64;
    for record in reader.records() {
        let record = record.map_err(|e| format!("the csv cannot be read: {e}"))?;
        let line = record.position().map_or(rows.len() + 1, |p| {
            usize::try_from(p.line()).unwrap_or(usize::MAX)
        });
        cells = cells.saturating_add(record.len() as u64);
        if cells > limits.max_cells || line > 1_000_000 {
            return Err(format!(
                "the file has more than {} cells; an indicator table is a few rows",
                limits.max_cells
            ));
        }
        // Physical lines: a quoted line break leaves a blank row behind.
        while rows.len() + 1 < line {
            rows.push(Vec::new());
        }
        rows.push(
            record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok(Grid {
        sheet: None,
        origin: (0, 0),
        rows,
        marks: Vec::new(),
    })
}

fn read_grid(display: &str, grid: &Grid, out: &mut IndicatorTable, sink: &mut Sink) {
    let sheet = grid.sheet.as_deref();
    let cell_at = |r: usize, c: usize| {
        Location::cell(
            display.to_owned(),
            sheet,
            grid.origin
                .0
                .saturating_add(u32::try_from(r).unwrap_or(u32::MAX)),
            grid.origin
                .1
                .saturating_add(u32::try_from(c).unwrap_or(u32::MAX)),
        )
    };
    // The header is the first row (of the first 30) naming the indicator
    // column: titles above it are common.
    let header = grid
        .rows
        .iter()
        .take(30)
        .position(|row| row.iter().any(|c| role_of(c) == Some(Role::Name)));
    let Some(header) = header else {
        let mut d = Diagnostic::error(
            Code::NoIndicatorHeader,
            "the indicator table has no header row with a column \"Indikator\"",
        )
        .at(Location::file(display.to_owned()))
        .hint("the first row holds Indikator, Enhet, Källa, Riktning, Fokusområde and one column per year (2021, 2022 …)");
        if let Some(s) = sheet {
            d.location = Some(Location {
                sheet: Some(s.into()),
                ..Location::file(display.to_owned())
            });
        }
        sink.push(d);
        return;
    };
    let mut roles: Vec<Option<Role>> = Vec::new();
    let mut years_seen: Vec<(i32, usize)> = Vec::new();
    for (c, cell) in grid.rows[header].iter().enumerate() {
        let role = role_of(cell);
        match role {
            Some(Role::Year(y)) => {
                if let Some((_, first)) = years_seen.iter().find(|(seen, _)| *seen == y) {
                    sink.push(
                        Diagnostic::error(
                            Code::DuplicateColumn,
                            format!("the year {y} has two columns"),
                        )
                        .at(cell_at(header, c))
                        .subject(cell.text())
                        .related("first here", cell_at(header, *first))
                        .hint("give each year one column"),
                    );
                }
                years_seen.push((y, c));
            }
            None if !cell.is_blank() => {
                let text = cell.text();
                sink.push(
                    Diagnostic::warning(
                        Code::UnknownIndicatorColumn,
                        format!("the column \"{text}\" is not read"),
                    )
                    .at(cell_at(header, c))
                    .subject(text)
                    .expected("Indikator, Enhet, Källa, Riktning, Fokusområde, Kommentar or a year such as 2023"),
                );
            }
            _ => {}
        }
        roles.push(role);
    }
    let has = |role: Role| roles.contains(&Some(role));
    if !has(Role::Wish) {
        sink.push(
            Diagnostic::error(
                Code::MissingColumn,
                "the indicator table has no column \"Riktning\": lofte cannot tell better from worse",
            )
            .at(cell_at(header, roles.len()))
            .hint("add a column Riktning with \"öka\" or \"minska\" for each indicator"),
        );
    }
    if years_seen.is_empty() {
        sink.push(
            Diagnostic::error(
                Code::MissingColumn,
                "the indicator table has no year column",
            )
            .at(cell_at(header, roles.len()))
            .hint("put each year's figures in a column headed by the year, such as 2023"),
        );
    }
    let wish_column = roles.iter().position(|r| *r == Some(Role::Wish));
    for (r, row) in grid.rows.iter().enumerate().skip(header + 1) {
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        let mut item = IndicatorRow {
            row: Location::row(
                display.to_owned(),
                sheet,
                grid.origin
                    .0
                    .saturating_add(u32::try_from(r).unwrap_or(u32::MAX)),
            ),
            name: String::new(),
            unit: None,
            source: None,
            wish: None,
            area: None,
            values: Vec::new(),
        };
        let mut name_at = None;
        for (c, cell) in row.iter().enumerate() {
            let Some(Some(role)) = roles.get(c) else {
                continue;
            };
            let text = cell.text();
            let placed = || Placed {
                text: text.clone(),
                at: cell_at(r, c),
            };
            let some = |t: &str| (!t.is_empty()).then(|| t.to_owned());
            match role {
                Role::Name => {
                    item.name = text.clone();
                    name_at = Some(cell_at(r, c));
                }
                Role::Unit => item.unit = some(&text),
                Role::Source => item.source = some(&text),
                Role::Wish => item.wish = some(&text).map(|_| placed()),
                Role::Area => item.area = some(&text).map(|_| placed()),
                Role::Remark => {}
                Role::Year(year) => match figure(cell) {
                    Ok(None) => {}
                    Ok(Some(x)) => item.values.push((*year, x)),
                    Err(found) => sink.push(
                        Diagnostic::error(
                            Code::BadFigure,
                            format!("the figure for {year} is not a number"),
                        )
                        .at(cell_at(r, c))
                        .subject(year.to_string())
                        .found(found)
                        .hint("write the figure alone, such as 61,5; leave the cell empty for a year without a figure"),
                    ),
                },
            }
        }
        let at = name_at.unwrap_or_else(|| item.row.clone());
        if item.name.is_empty() {
            sink.push(
                Diagnostic::error(
                    Code::MissingName,
                    "this indicator row has figures but no name",
                )
                .at(at)
                .hint("write the indicator's name in the column Indikator, or delete the row"),
            );
            continue;
        }
        if let Some(c) = wish_column
            && item.wish.is_none()
        {
            sink.push(
                Diagnostic::error(
                    Code::MissingDirection,
                    format!("the indicator \"{}\" has no Riktning", item.name),
                )
                .at(cell_at(r, c))
                .subject(item.name.clone())
                .hint("write \"öka\" or \"minska\": the direction the agreement wishes"),
            );
        }
        // An indicator written twice (here, or here and in the promise
        // file) is one check, `agreement::indicators::duplicates`.
        out.rows.push(item);
    }
}

/// A figure cell: a number, a number written as text (decimal comma, a
/// trailing %), or empty. Anything else is returned as found.
fn figure(cell: &Cell) -> Result<Option<f64>, String> {
    let x = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(t) if t.trim().is_empty() => return Ok(None),
        Cell::Number(x) => Some(*x),
        Cell::Text(t) if !is_error_text(t) => {
            let t = t.trim();
            parse_number_text(t.strip_suffix('%').unwrap_or(t))
        }
        _ => None,
    };
    x.filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| cell.text())
}

/// Reads a year as a table header or a promise-file key writes it
/// ("2023", "2023.0" from a number cell): 1900–2200.
pub fn parse_year(text: &str) -> Option<i32> {
    let t = text.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|y| (1900..=2200).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table and every problem in it, errors first.
    fn read(text: &str) -> (IndicatorTable, Vec<Diagnostic>) {
        read_bytes("indikatorer.csv", text.as_bytes().to_vec())
    }

    fn read_bytes(name: &str, bytes: Vec<u8>) -> (IndicatorTable, Vec<Diagnostic>) {
        let mut sink = Sink::default();
        let t = read_indicator_table(name, bytes, &Limits::default(), &mut sink);
        (t, sink.into_vec())
    }

    #[test]
    fn a_swedish_csv_reads_with_its_title_line_and_decimal_commas() {
        let (t, diagnostics) = read(
            "Indikatorer för Norsjö\n\nIndikator;Enhet;Källa;Riktning;Fokusområde;2019;2020;2021\nAndel trygga;procent;NTU;öka;trygghet;58;61;63,5\nAnmälda brott;brott;BRÅ;minska;;412;;380\n",
        );
        assert!(diagnostics.is_empty(), "{:?}", diagnostics);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows[0].values,
            vec![(2019, 58.0), (2020, 61.0), (2021, 63.5)]
        );
        assert_eq!(t.rows[0].area.as_ref().unwrap().text, "trygghet");
        assert_eq!(t.rows[1].values, vec![(2019, 412.0), (2021, 380.0)]);
        assert_eq!(t.rows[1].area, None);
        assert_eq!(
            t.rows[1].wish.as_ref().unwrap().at.to_string(),
            "indikatorer.csv, line 5, column D"
        );
        assert_eq!(t.source.unwrap().rows_read, 2);
    }

    /// Each problem's code and where it is.
    fn codes_at(diagnostics: &[Diagnostic]) -> Vec<(&'static str, String)> {
        diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.location.as_ref().unwrap().to_string()))
            .collect()
    }

    #[test]
    fn every_bad_cell_is_named() {
        let (_, diagnostics) = read(
            "Indikator;Riktning;2020;2021;2021\nTrygghet;öka;ca 60;#N/A;1\n;öka;3;4;5\nBrott;;10;11;12\n",
        );
        let said = codes_at(&diagnostics);
        assert_eq!(
            said,
            vec![
                (
                    "duplicate-column",
                    "indikatorer.csv, line 1, column E".to_owned()
                ),
                ("bad-figure", "indikatorer.csv, line 2, column C".to_owned()),
                ("bad-figure", "indikatorer.csv, line 2, column D".to_owned()),
                (
                    "missing-name",
                    "indikatorer.csv, line 3, column A".to_owned()
                ),
                (
                    "missing-direction",
                    "indikatorer.csv, line 4, column B".to_owned()
                ),
            ]
        );
        assert_eq!(diagnostics[1].found.as_deref(), Some("ca 60"));
    }

    /// The csv reader took an unclosed quote's cell to the end of the
    /// file: the rows below it vanished from the table without a word.
    #[test]
    fn an_unclosed_quote_swallowed_the_indicators_below_it() {
        let (t, diagnostics) = read(
            "Indikator;Riktning;2020;2021\n\"Trygghet;öka;60;62\nBrott;minska;10;9\nInbrott;minska;4;3\n",
        );
        assert!(t.rows.is_empty());
        let said = codes_at(&diagnostics);
        assert_eq!(
            said,
            vec![("unclosed-quote", "indikatorer.csv, line 2".to_owned())]
        );
    }

    #[test]
    fn a_table_without_a_header_says_what_it_needs() {
        let (_, diagnostics) = read("Namnet;Värde\nx;1\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::NoIndicatorHeader);
    }

    #[test]
    fn a_workbook_sheet_starting_at_b3_names_absolute_cells() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Indikatorer").unwrap();
        for (c, h) in ["Indikator", "Riktning"].iter().enumerate() {
            sheet.write_string(2, 1 + c as u16, *h).unwrap();
        }
        sheet.write_number(2, 3, 2022).unwrap();
        sheet.write_number(2, 4, 2023).unwrap();
        sheet.write_string(3, 1, "Andel trygga").unwrap();
        sheet.write_string(3, 2, "öka").unwrap();
        sheet.write_number(3, 3, 61.5).unwrap();
        sheet.write_string(3, 4, "sextio").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let (t, diagnostics) = read_bytes("indikatorer.xlsx", bytes);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].values, vec![(2022, 61.5)]);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].location.as_ref().unwrap().to_string(),
            "indikatorer.xlsx, sheet \"Indikatorer\", cell E4"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any bytes, named anything: rows or diagnostics, never a panic.
        #[test]
        fn any_bytes_read_or_refused(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..3000)) {
            let (t, _) = read_bytes("x.xlsx", bytes);
            proptest::prop_assert!(t.rows.len() < 3000);
        }

        /// A csv of any cells keeps one row per named indicator and names
        /// every bad figure.
        #[test]
        fn csv_cells_read_or_named(cells in proptest::collection::vec("[a-zåäö0-9 ,%#/-]{0,6}", 0..24)) {
            let mut text = "Indikator;Riktning;2022;2023\n".to_owned();
            for row in cells.chunks(4) {
                text.push_str(&row.join(";"));
                text.push('\n');
            }
            let (_, diagnostics) = read(&text);
            for d in &diagnostics {
                proptest::prop_assert!(d.location.is_some(), "{d:?}");
            }
        }
    }
}

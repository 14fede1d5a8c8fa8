//! The workbook itself, written with `rust_xlsxwriter`: log sheets with
//! validations, the instructions, and (when a dropdown list is too long for
//! Excel's literal list) a sheet of lists.

use chrono::Datelike;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::words::{logging_advice, target_in_words};
use super::{ColumnKind, Entry, INSTRUCTIONS_SHEET, LISTS_SHEET, Layout, PARTICIPANTS};
use crate::agreement::Agreement;
use crate::diag::{Code, Diagnostic};

/// The last row (0-based) of a sheet: validations and formats reach it,
/// so a log can grow for years without losing its dropdowns.
const LAST_ROW: u32 = 1_048_575;
/// Excel's limits: a literal list, an input message, an input title and
/// a cell's text, in UTF-16 units.
const MAX_LIST: usize = 255;
const MAX_MESSAGE: usize = 255;
const MAX_CELL: usize = 32_767;
/// The 0-based row where the lists on the list sheet begin (below a note).
const LIST_FIRST_ROW: u32 = 2;
/// The date format of the Datum column: ISO 8601, how Swedish offices
/// write dates, shown as ÅÅÅÅ-MM-DD by Swedish Excel.
pub const DATE_FORMAT: &str = "yyyy-mm-dd";

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `s` cut to at most `max` UTF-16 units, ending in "…" when cut.
fn cut(s: &str, max: usize) -> String {
    if utf16_len(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if utf16_len(&out) + c.len_utf16() + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Lines joined by newlines, as many as fit in `max`, then `tail`.
fn fit_lines(lines: &[String], tail: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let next = if out.is_empty() {
            line.clone()
        } else {
            format!("{out}\n{line}")
        };
        let rest_needed = if i + 1 < lines.len() {
            utf16_len(tail) + 1
        } else {
            0
        };
        if utf16_len(&next) + rest_needed > max {
            return if out.is_empty() {
                cut(tail, max)
            } else {
                format!("{out}\n{tail}")
            };
        }
        out = next;
    }
    out
}

/// How a dropdown gets its values.
enum ListSource {
    /// Excel's literal list ("K1,K2,K3").
    Literal(Vec<String>),
    /// A range on the list sheet, for lists too long to be literal
    /// or holding commas.
    Range(String),
}

/// The dropdown lists, and the list sheet's columns when one is needed.
struct Lists {
    promises: Option<ListSource>,
    activities: Option<ListSource>,
    places: Option<ListSource>,
    participants: ListSource,
    /// Columns of the list sheet.
    sheet_columns: Vec<Vec<String>>,
}

impl Lists {
    fn new(layout: &Layout) -> Lists {
        let mut sheet_columns: Vec<Vec<String>> = Vec::new();
        let mut source = |items: &[String]| -> Option<ListSource> {
            if items.is_empty() {
                return None;
            }
            let literal_len: usize =
                items.iter().map(|s| utf16_len(s)).sum::<usize>() + items.len() - 1;
            let literal_ok = literal_len <= MAX_LIST && !items.iter().any(|s| s.contains(','));
            if literal_ok {
                return Some(ListSource::Literal(items.to_vec()));
            }
            // Column B onwards; column A numbers the rows.
            let column = sheet_columns.len() as u32 + 1;
            let letters = crate::diag::column_letters(column);
            sheet_columns.push(items.to_vec());
            Some(ListSource::Range(format!(
                "'{LISTS_SHEET}'!${letters}${first}:${letters}${}",
                LIST_FIRST_ROW + items.len() as u32,
                first = LIST_FIRST_ROW + 1,
            )))
        };
        let promises = source(&layout.promise_ids);
        let activities = source(&layout.activities);
        let places = source(&layout.places);
        let participants: Vec<String> = PARTICIPANTS.iter().map(|s| (*s).to_owned()).collect();
        let participants = source(&participants).unwrap_or(ListSource::Literal(Vec::new()));
        Lists {
            promises,
            activities,
            places,
            participants,
            sheet_columns,
        }
    }
}

fn list_validation(source: &ListSource) -> Result<DataValidation, XlsxError> {
    match source {
        ListSource::Literal(items) => DataValidation::new().allow_list_strings(items),
        ListSource::Range(range) => {
            Ok(DataValidation::new().allow_list_formula(Formula::new(range)))
        }
    }
}

/// Turns a writer error into what the user reads.
fn failed(e: XlsxError) -> Diagnostic {
    Diagnostic::error(
        Code::WorkbookNotWritten,
        format!("the activity-log workbook could not be made: {e}"),
    )
    .hint("this is a fault in lofte or an extreme promise file; please report it with the promise file")
}

/// Writes the workbook: `entries` are rows with the index of their sheet.
#[allow(clippy::result_large_err)]
pub fn write(
    agreement: &Agreement,
    layout: &Layout,
    entries: &[(usize, &Entry)],
) -> Result<Vec<u8>, Diagnostic> {
    build(agreement, layout, entries).map_err(failed)
}

fn excel_date(date: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(date.year()).unwrap_or(1900);
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

fn build(
    agreement: &Agreement,
    layout: &Layout,
    entries: &[(usize, &Entry)],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // The creation date comes from the agreement, not the clock: the same
    // promise file gives the same bytes.
    let created = excel_date(agreement.period.from)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(cut(
                &format!("Aktivitetslogg – medborgarlöften {}", agreement.place()),
                250,
            ))
            .set_comment("Skriven av lofte logg")
            .set_creation_datetime(&created),
    );
    let lists = Lists::new(layout);
    for (index, name) in layout.sheets.iter().enumerate() {
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        log_sheet(&mut sheet, agreement, layout, &lists)?;
        let rows = entries.iter().filter(|(i, _)| *i == index).map(|(_, e)| *e);
        write_entries(&mut sheet, layout, rows)?;
        if index == 0 {
            sheet.set_active(true);
        }
        workbook.push_worksheet(sheet);
    }
    let mut instructions = Worksheet::new();
    instructions.set_name(INSTRUCTIONS_SHEET)?;
    instructions_sheet(&mut instructions, agreement, layout)?;
    workbook.push_worksheet(instructions);
    if !lists.sheet_columns.is_empty() {
        // Visible: a hidden sheet would be reported each time the log is
        // read, and the values are worth seeing. Every row is numbered, so
        // no row is ever taken for a log's header.
        let mut sheet = Worksheet::new();
        sheet.set_name(LISTS_SHEET)?;
        sheet.write_string(
            0,
            0,
            "Värdena i rullgardinerna på loggbladen, ur löftesfilen. Ändra dem där och skriv en ny logg med lofte logg.",
        )?;
        let longest = lists.sheet_columns.iter().map(Vec::len).max().unwrap_or(0);
        for r in 0..longest {
            sheet.write_number(LIST_FIRST_ROW + r as u32, 0, (r + 1) as f64)?;
        }
        for (c, items) in lists.sheet_columns.iter().enumerate() {
            sheet.set_column_width(c as u16 + 1, 30)?;
            for (r, item) in items.iter().enumerate() {
                sheet.write_string(LIST_FIRST_ROW + r as u32, c as u16 + 1, cut(item, MAX_CELL))?;
            }
        }
        workbook.push_worksheet(sheet);
    }
    workbook.save_to_buffer()
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border_bottom(FormatBorder::Thin)
}

/// Text columns keep what is typed as text: a promise id "1.10" must not
/// become the number 1.1 (and count toward promise 1.1), nor "1/2" a date.
fn text_format() -> Format {
    Format::new().set_num_format("@")
}

fn date_format() -> Format {
    Format::new()
        .set_num_format(DATE_FORMAT)
        .set_align(FormatAlign::Left)
}

/// A short text for a promise in the Löfte input message: its unit, or
/// the first words of its text.
fn short_text(promise: &crate::agreement::Promise) -> String {
    match &promise.unit {
        Some(u) if !u.trim().is_empty() => u.trim().to_owned(),
        _ => cut(
            &promise
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            40,
        ),
    }
}

fn log_sheet(
    sheet: &mut Worksheet,
    agreement: &Agreement,
    layout: &Layout,
    lists: &Lists,
) -> Result<(), XlsxError> {
    let header = header_format();
    for (c, column) in layout.columns.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, &column.header, &header)?;
        let (width, validation): (f64, Option<DataValidation>) = match column.kind {
            ColumnKind::Date => {
                sheet.set_column_format(c, &date_format())?;
                let rule = DataValidationRule::Between(
                    ExcelDateTime::from_ymd(2000, 1, 1)?,
                    ExcelDateTime::from_ymd(2100, 12, 31)?,
                );
                let v = DataValidation::new()
                    .allow_date(rule)
                    .set_input_title("Datum")?
                    .set_input_message(
                        "Dagen då det gjordes, t.ex. 2024-03-15. En rad per aktivitet (eller flera likadana samma dag: skriv antalet i Antal).",
                    )?
                    .set_error_title("Inget datum")?
                    .set_error_message(
                        "Skriv ett datum mellan år 2000 och 2100, t.ex. 2024-03-15.",
                    )?;
                (12.0, Some(v))
            }
            ColumnKind::Promise => {
                sheet.set_column_format(c, &text_format())?;
                let v = match &lists.promises {
                    Some(source) => {
                        let lines: Vec<String> = agreement
                            .promises
                            .iter()
                            .map(|p| format!("{} {}", p.id, short_text(p)))
                            .collect();
                        Some(
                            list_validation(source)?
                                .set_input_title("Löfte")?
                                .set_input_message(fit_lines(
                                    &lines,
                                    "… (alla löften: bladet Instruktioner)",
                                    MAX_MESSAGE,
                                ))?
                                .set_error_title("Okänt löfte")?
                                .set_error_message(
                                    "Välj löftets id i listan. Alla löften står på bladet Instruktioner.",
                                )?,
                        )
                    }
                    None => None,
                };
                (10.0, v)
            }
            ColumnKind::Count => {
                sheet.set_column_format(c, &Format::new().set_num_format("0"))?;
                let v = DataValidation::new()
                    .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
                    .set_input_title("Antal")?
                    .set_input_message("Hur många gånger, som heltal. Tom ruta räknas som 1.")?
                    .set_error_title("Inte ett heltal")?
                    .set_error_message(
                        "Antal är ett heltal, 0 eller mer. Skriv anmärkningar i Kommentar.",
                    )?;
                (8.0, Some(v))
            }
            ColumnKind::Activity => {
                sheet.set_column_format(c, &text_format())?;
                let v = match &lists.activities {
                    Some(source) => Some(
                        list_validation(source)?
                            .set_error_style(DataValidationErrorStyle::Information)
                            .set_input_title("Aktivitet")?
                            .set_input_message(
                                "Vad som gjordes. Välj i listan när det gäller ett löfte som räknar aktiviteter; annars skriv fritt.",
                            )?
                            .set_error_title("Inte i listan")?
                            .set_error_message(
                                "Aktiviteten finns inte i löftesfilen. Den sparas, men räknas bara mot löften som anges i Löfte.",
                            )?,
                    ),
                    None => None,
                };
                (26.0, v)
            }
            ColumnKind::Place => {
                sheet.set_column_format(c, &text_format())?;
                let v = match &lists.places {
                    Some(source) => Some(
                        list_validation(source)?
                            .set_error_style(DataValidationErrorStyle::Information)
                            .set_input_title("Plats")?
                            .set_input_message(
                                "Var det gjordes. Mål per plats räknar bara platser skrivna som i listan.",
                            )?
                            .set_error_title("Inte i listan")?
                            .set_error_message(
                                "Platsen finns inte bland de platser löftesfilen räknar per plats. Den sparas ändå.",
                            )?,
                    ),
                    None => None,
                };
                (20.0, v)
            }
            ColumnKind::Participants => {
                sheet.set_column_format(c, &text_format())?;
                let joint: Vec<&str> = agreement
                    .promises
                    .iter()
                    .filter(|p| p.matching.joint)
                    .map(|p| p.id.as_str())
                    .collect();
                let mut message =
                    "Vilka som deltog. Välj i listan eller skriv, t.ex. \u{201d}Polisen, socialtjänsten\u{201d}."
                        .to_owned();
                if !joint.is_empty() {
                    message.push_str(&format!(
                        " Gemensamma löften ({}) räknas bara när både polis och kommun står här.",
                        joint.join(", ")
                    ));
                }
                let v = list_validation(&lists.participants)?
                    .set_error_style(DataValidationErrorStyle::Information)
                    .set_input_title("Deltagare")?
                    .set_input_message(cut(&message, MAX_MESSAGE))?
                    .set_error_title("Egen text")?
                    .set_error_message("Texten sparas. lofte läser polis, kommun, socialtjänst, skola, fritid m.fl. ur den.")?;
                (22.0, Some(v))
            }
            ColumnKind::Quantity => {
                let v = DataValidation::new()
                    .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
                    .set_input_title(cut(&column.header, 32))?
                    .set_input_message(cut(
                        &format!(
                            "Mängden för mål som summerar {}. Lämna tom på andra rader.",
                            column.header
                        ),
                        MAX_MESSAGE,
                    ))?
                    .set_error_title("Inte ett tal")?
                    .set_error_message("Skriv ett tal, 0 eller mer, t.ex. 12,5.")?;
                (14.0, Some(v))
            }
            ColumnKind::Comment => {
                sheet.set_column_format(c, &text_format().set_text_wrap())?;
                (50.0, None)
            }
        };
        sheet.set_column_width(c, width.max(utf16_len(&column.header) as f64 + 2.0))?;
        if let Some(v) = validation {
            sheet.add_data_validation(1, c, LAST_ROW, c, &v)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    // Printed, the header repeats on every page and the columns fit across.
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    let last = (layout.columns.len() as u16).saturating_sub(1);
    sheet.autofilter(0, 0, 0, last)?;
    Ok(())
}

fn write_entries<'a>(
    sheet: &mut Worksheet,
    layout: &Layout,
    entries: impl Iterator<Item = &'a Entry>,
) -> Result<(), XlsxError> {
    let date = date_format();
    for (i, entry) in entries.enumerate() {
        let row = i as u32 + 1;
        for (c, column) in layout.columns.iter().enumerate() {
            let c = c as u16;
            let text = |t: &Option<String>| t.as_deref().map(|s| cut(s, MAX_CELL));
            let value: Option<String> = match column.kind {
                ColumnKind::Date => {
                    if let Some(d) = entry.date {
                        sheet.write_datetime_with_format(row, c, excel_date(d)?, &date)?;
                    }
                    None
                }
                ColumnKind::Count => {
                    if let Some(n) = entry.count {
                        sheet.write_number(row, c, n as f64)?;
                    }
                    None
                }
                ColumnKind::Quantity => {
                    if let Some((_, x)) = entry
                        .quantities
                        .iter()
                        .find(|(h, _)| h.eq_ignore_ascii_case(&column.header))
                    {
                        sheet.write_number(row, c, *x)?;
                    }
                    None
                }
                ColumnKind::Promise => text(&entry.promise),
                ColumnKind::Activity => text(&entry.activity),
                ColumnKind::Place => text(&entry.place),
                ColumnKind::Participants => text(&entry.participants),
                ColumnKind::Comment => text(&entry.comment),
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                sheet.write_string(row, c, v)?;
            }
        }
    }
    Ok(())
}

/// A row height, in points, that shows every line of wrapped `cells`
/// (text, column width). Neither Excel nor LibreOffice sizes rows of a
/// written file to wrapped text on its own, and merged cells never.
fn row_height(cells: &[(&str, f64)]) -> f64 {
    // A width unit holds about 1.1 characters of running Swedish text in
    // the default font, less once words wrap in a narrow column: 0.9 keeps
    // the last line from being cut off. 15 points a line.
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 0.9).max(1.0);
            text.split('\n')
                .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * 15.0).min(409.0)
}

/// What each column is for, in the order of the header.
fn column_help(kind: ColumnKind, header: &str) -> String {
    match kind {
        ColumnKind::Date => "Dagen då det gjordes, t.ex. 2024-03-15. Måste vara ett datum, inte text. Obligatorisk.".to_owned(),
        ColumnKind::Promise => "Löftets id ur listan (se tabellen nedan). Lämna tom bara när Aktivitet räcker för att visa löftet.".to_owned(),
        ColumnKind::Count => "Hur många gånger (heltal, 0 eller mer). Tom ruta räknas som 1.".to_owned(),
        ColumnKind::Activity => "Vad som gjordes. Löften som räknar aktiviteter känner bara igen namnen i listan.".to_owned(),
        ColumnKind::Place => "Var det gjordes. Mål per plats räknar bara platser skrivna som i listan.".to_owned(),
        ColumnKind::Participants => "Vilka som deltog: Polisen, Kommunen eller Polisen och kommunen (eller egen text). Visar vad polisen och kommunen gjorde var för sig; gemensamma löften räknas bara när båda står här.".to_owned(),
        ColumnKind::Quantity => format!("Mängd som ett mål summerar i stället för Antal ({header}). Ett tal; tom på andra rader."),
        ColumnKind::Comment => "Fritt: vad som hände, vilka andra som var med. Anmärkningar hör hemma här, inte i Antal.".to_owned(),
    }
}

// Every row of the instructions carries a number in column A (a step, a
// column's position, a promise's place in the list): a row holding a
// number is never taken for a log's header row, however many column
// names its prose happens to mention. The sheet is then skipped, silently,
// when the workbook is read as a log.
fn instructions_sheet(
    sheet: &mut Worksheet,
    agreement: &Agreement,
    layout: &Layout,
) -> Result<(), XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let head = header_format().set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    const WIDTHS: [f64; 7] = [5.0, 10.0, 22.0, 60.0, 20.0, 40.0, 60.0];
    let merged_width: f64 = WIDTHS[2..].iter().sum();
    for (c, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    let mut row = 0u32;
    sheet.write_string_with_format(
        row,
        0,
        cut(
            &match &agreement.kommun {
                Some(kommun) if agreement.parties.district.is_none() => {
                    format!("Aktivitetslogg för medborgarlöftena i {kommun} kommun")
                }
                _ => format!(
                    "Aktivitetslogg för medborgarlöftena i {}",
                    agreement.place()
                ),
            },
            MAX_CELL,
        ),
        &title,
    )?;
    row += 1;
    let mut about = format!(
        "Lokalpolisområde {}. Avtalsperiod {} – {}.",
        agreement.police_area, agreement.period.from, agreement.period.to
    );
    if let Some(d) = agreement.deadline.as_ref().and_then(|d| d.date) {
        about.push_str(&format!(" Uppföljningen ska vara klar senast {d}."));
    }
    sheet.write_string(row, 0, cut(&about, MAX_CELL))?;
    row += 2;

    sheet.write_string_with_format(row, 0, "Så fyller du i loggen", &bold)?;
    row += 1;
    let mut points = vec![
        "En rad per aktivitet. Flera likadana samma dag kan stå på en rad med antalet i Antal."
            .to_owned(),
    ];
    match layout.sheets.as_slice() {
        [one] => points.push(format!("Alla loggar på bladet \u{201d}{one}\u{201d}.")),
        many => points.push(format!(
            "Varje part loggar på sitt blad: {}. Gemensamma aktiviteter loggas en gång, på ett av bladen, med \u{201d}Polisen och kommunen\u{201d} i Deltagare – annars räknas de två gånger eller inte alls.",
            many.iter()
                .map(|s| format!("\u{201d}{s}\u{201d}"))
                .collect::<Vec<_>>()
                .join(" och ")
        )),
    }
    points.push("Ändra inte rubrikraden. Egna kolumner får läggas till efter den sista; de följer med men räknas inte.".to_owned());
    points.push("Skriv ingen summa- eller totalrad: lofte räknar själv och hoppar över sådana rader med en varning.".to_owned());
    points.push("Rutorna visar vad som får stå i dem. Datum måste vara datum och Antal heltal; Löfte väljs i listan.".to_owned());
    points.push("Lägg filen i loggar i löftesfilen. lofte check kontrollerar varje rad och säger i vilken ruta något är fel; lofte report skriver uppföljningen.".to_owned());
    for (i, p) in points.iter().enumerate() {
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &number)?;
        sheet.merge_range(row, 1, row, 6, &cut(p, MAX_CELL), &wrap)?;
        sheet.set_row_height(row, row_height(&[(p, merged_width + WIDTHS[1])]))?;
        row += 1;
    }
    row += 1;

    sheet.write_string_with_format(row, 0, "Kolumnerna", &bold)?;
    row += 1;
    for (i, column) in layout.columns.iter().enumerate() {
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &number)?;
        sheet.write_string_with_format(row, 1, &column.header, &bold)?;
        let help = column_help(column.kind, &column.header);
        sheet.merge_range(row, 2, row, 6, &cut(&help, MAX_CELL), &wrap)?;
        sheet.set_row_height(row, row_height(&[(&help, merged_width)]))?;
        row += 1;
    }
    row += 1;

    sheet.write_string_with_format(row, 0, "Löftena", &bold)?;
    row += 1;
    // Headings chosen so that at most one reads as a column name of a log.
    for (c, h) in [
        "Nr",
        "Id",
        "Fokusområde",
        "Lydelse",
        "Ansvarar",
        "Mål",
        "Så skriver du",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, c as u16, *h, &head)?;
    }
    row += 1;
    let quantity_headers: Vec<String> = layout
        .columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Quantity)
        .map(|c| c.header.clone())
        .collect();
    for (i, promise) in agreement.promises.iter().enumerate() {
        let area = agreement
            .areas
            .get(promise.area)
            .map(|a| a.name.as_str())
            .unwrap_or_default();
        let targets: Vec<String> = promise
            .targets
            .iter()
            .map(|t| target_in_words(t, promise))
            .collect();
        let targets = if targets.len() == 1 {
            targets.concat()
        } else {
            targets
                .iter()
                .map(|t| format!("• {t}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let cells = [
            promise.id.clone(),
            area.to_owned(),
            promise.text.clone(),
            promise.responsible.clone(),
            targets,
            logging_advice(promise, &quantity_headers),
        ];
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &number)?;
        for (c, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, c as u16 + 1, cut(text, MAX_CELL), &wrap)?;
        }
        let sized: Vec<(&str, f64)> = cells
            .iter()
            .zip(&WIDTHS[1..])
            .map(|(t, w)| (t.as_str(), *w))
            .collect();
        sheet.set_row_height(row, row_height(&sized))?;
        row += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_cut_to_excels_limits() {
        let lines: Vec<String> = (1..100)
            .map(|i| format!("K{i} trygghetsvandringar"))
            .collect();
        let m = fit_lines(&lines, "… (se Instruktioner)", MAX_MESSAGE);
        assert!(utf16_len(&m) <= MAX_MESSAGE, "{}", utf16_len(&m));
        assert!(m.starts_with("K1 trygghetsvandringar\nK2 "));
        assert!(m.ends_with("\n… (se Instruktioner)"));
        let short = fit_lines(&lines[..2], "…", MAX_MESSAGE);
        assert_eq!(short, "K1 trygghetsvandringar\nK2 trygghetsvandringar");
        assert_eq!(cut("åäö😀x", 4), "åäö…");
    }
}

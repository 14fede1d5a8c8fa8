//! Writes the ingest test fixtures that rust_xlsxwriter makes (the "second
//! writer"); LibreOffice then converts them (see
//! tests/fixtures/ingest/README.md). Run with
//! `cargo run --release --example gen_fixtures`.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, XlsxError};

/// Year, month, day, Löfte, Antal, Aktivitet, Plats, Ansvarig.
type LogRow = (
    u16,
    u8,
    u8,
    &'static str,
    Option<f64>,
    &'static str,
    &'static str,
    &'static str,
);

const DIR: &str = "tests/fixtures/ingest";

fn book() -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2024, 1, 15)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    Ok(book)
}

/// The header sits at B3 under a title in B1: cell names must follow.
fn header(ws: &mut rust_xlsxwriter::Worksheet) -> Result<(), XlsxError> {
    ws.write_string(0, 1, "Aktivitetslogg 2023 – Testby")?;
    for (i, h) in ["Datum", "Löfte", "Antal", "Aktivitet", "Plats", "Ansvarig"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, 1 + i as u16, *h)?;
    }
    Ok(())
}

fn main() -> Result<(), XlsxError> {
    let date = Format::new().set_num_format("yyyy-mm-dd");

    // base: the good log, with a blank row, an empty Antal and a Summa row,
    // and a second sheet without a header.
    let mut b = book()?;
    let ws = b.add_worksheet();
    ws.set_name("Polisen")?;
    header(ws)?;
    let rows: [LogRow; 3] = [
        (
            2023,
            1,
            10,
            "K1",
            Some(2.0),
            "Trafikkontroll",
            "E4",
            "Polisen",
        ),
        (
            2023,
            2,
            14,
            "K1",
            None,
            "Trafikkontroll",
            "Centrum",
            "Polisen",
        ),
        (
            2023,
            3,
            20,
            "K2",
            Some(1.0),
            "Trygghetsvandring",
            "Centrum",
            "Polis, Kommun",
        ),
    ];
    for (i, (y, m, d, p, n, a, pl, r)) in rows.iter().enumerate() {
        // Row 6 (index 5) is left blank on purpose.
        let row = if i < 2 { 3 + i as u32 } else { 6 };
        ws.write_datetime_with_format(row, 1, &ExcelDateTime::from_ymd(*y, *m, *d)?, &date)?;
        ws.write_string(row, 2, *p)?;
        if let Some(n) = n {
            ws.write_number(row, 3, *n)?;
        }
        ws.write_string(row, 4, *a)?;
        ws.write_string(row, 5, *pl)?;
        ws.write_string(row, 6, *r)?;
    }
    ws.write_string(7, 1, "Summa")?;
    ws.write_formula(7, 3, Formula::new("=SUM(D4:D7)").set_result("3"))?;
    let notes = b.add_worksheet();
    notes.set_name("Anteckningar")?;
    notes.write_string(0, 0, "Här står bara anteckningar.")?;
    b.save(format!("{DIR}/base.xlsx"))?;

    // fel: one mistake per row, each in a known cell.
    let mut f = book()?;
    let ws = f.add_worksheet();
    ws.set_name("Polisen")?;
    header(ws)?;
    ws.write_datetime_with_format(3, 1, &ExcelDateTime::from_ymd(2023, 1, 10)?, &date)?;
    ws.write_string(3, 2, "K1")?;
    ws.write_string(3, 3, "ca 5")?; // D4: text Antal
    ws.write_string(4, 1, "03/04/2023")?; // B5: ambiguous date
    ws.write_string(4, 2, "K1")?;
    ws.write_datetime_with_format(5, 1, &ExcelDateTime::from_ymd(2023, 1, 12)?, &date)?;
    ws.write_string(5, 2, "K1")?;
    ws.write_formula(5, 3, Formula::new("=1/0").set_result("#DIV/0!"))?; // D6: error
    ws.write_string(6, 1, "1899-12-31")?; // B7: before 2000
    ws.write_string(6, 2, "K1")?;
    ws.write_datetime_with_format(7, 1, &ExcelDateTime::from_ymd(2023, 1, 14)?, &date)?;
    ws.write_string(7, 2, "K1")?;
    ws.write_number(7, 3, -2.0)?; // D8: negative
    f.save(format!("{DIR}/fel.xlsx"))?;
    println!("wrote {DIR}/base.xlsx and {DIR}/fel.xlsx");
    Ok(())
}

//! Writes the activity logs of the bundled samples, deterministically: the
//! same program gives the same bytes. Run with
//! `cargo run --release --example gen_samples`.
//!
//! Each log is a schedule written out by hand below, so that the expected
//! outcome of every promise can be counted by hand (see each sample's
//! README.md).

use chrono::{Datelike, Duration, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// One log row.
struct Row {
    date: NaiveDate,
    promise: &'static str,
    count: u32,
    activity: &'static str,
    place: &'static str,
    responsible: &'static str,
    comment: &'static str,
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date in the schedule")
}

fn row(
    date: NaiveDate,
    promise: &'static str,
    count: u32,
    activity: &'static str,
    place: &'static str,
    responsible: &'static str,
) -> Row {
    Row {
        date,
        promise,
        count,
        activity,
        place,
        responsible,
        comment: "",
    }
}

/// Kalix 2022–2023. See samples/kalix/README.md for the counts.
fn kalix() -> Vec<Row> {
    let mut rows = Vec::new();
    // K1: one row of citizen contacts every Thursday, Antal 2 every third
    // week (index 0, 3, 6 …), else 1.
    let places = [
        "Centrum",
        "Furunäsets skola",
        "Resecentrum",
        "Köpcentrum Kalix",
    ];
    let mut day = d(2022, 1, 6);
    let mut i = 0usize;
    while day <= d(2023, 12, 31) {
        let count = if i.is_multiple_of(3) { 2 } else { 1 };
        rows.push(row(
            day,
            "K1",
            count,
            "Medborgarkontakt",
            places[i % places.len()],
            "Polisen",
        ));
        day += Duration::days(7);
        i += 1;
    }
    // K2: five traffic operations in 2022, three in 2023.
    for (date, place) in [
        (d(2022, 3, 15), "E4 Kalix norra"),
        (d(2022, 5, 20), "Centrum, A-traktorer"),
        (d(2022, 6, 10), "Riksväg 99"),
        (d(2022, 8, 18), "Centrum, mopeder"),
        (d(2022, 10, 5), "E4 Kalix södra"),
        (d(2023, 4, 12), "Centrum, A-traktorer"),
        (d(2023, 6, 14), "E4 Kalix norra"),
        (d(2023, 9, 7), "Riksväg 99"),
    ] {
        rows.push(row(
            date,
            "K2",
            1,
            "Trafiksäkerhetsinsats",
            place,
            "Polisen",
        ));
    }
    // K3: two targeted drug operations each year, with social services.
    for date in [
        d(2022, 3, 25),
        d(2022, 11, 18),
        d(2023, 2, 10),
        d(2023, 10, 20),
    ] {
        rows.push(row(
            date,
            "K3",
            1,
            "Riktad insats narkotika",
            "Kalix",
            "Polisen, Socialtjänsten",
        ));
    }
    // K5: searches with a dog in schools: two in 2022, one in 2023.
    for date in [d(2022, 4, 6), d(2022, 9, 21), d(2023, 5, 17)] {
        rows.push(row(
            date,
            "K5",
            1,
            "Sök med hund",
            "Furunäsets skola",
            "Polisen, Kommunen",
        ));
    }
    // Promises reported in text, with what was done.
    for date in [d(2022, 2, 9), d(2022, 9, 14), d(2023, 2, 8), d(2023, 9, 13)] {
        rows.push(row(
            date,
            "K6",
            1,
            "Grannsamverkansmöte",
            "Medborgarhuset",
            "Polisen, Kommunen",
        ));
    }
    for date in [d(2022, 4, 27), d(2022, 11, 2), d(2023, 5, 3)] {
        rows.push(row(
            date,
            "K7",
            1,
            "Möte med näringsidkare",
            "Köpcentrum Kalix",
            "Polisen, Kommunen",
        ));
    }
    for date in [d(2022, 10, 12), d(2023, 3, 15)] {
        rows.push(row(
            date,
            "K8",
            1,
            "EST-möte",
            "Kommunhuset",
            "Kommunen, Polisen",
        ));
    }
    rows.push(Row {
        comment: "Utbildning för skolpersonal",
        ..row(
            d(2023, 1, 25),
            "K4",
            40,
            "Utbildning om narkotikans skadeverkningar",
            "Kommunhuset",
            "Kommunen",
        )
    });
    // K9: nothing logged (the sample's "Underlag saknas").
    rows.sort_by_key(|r| (r.date, r.promise));
    rows
}

/// Writes rows as an xlsx with a title above the header, as real logs have.
fn write_xlsx(path: &str, title: &str, sheet: &str, rows: &[Row]) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2024, 1, 15)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&fixed)
            .set_author("lofte samples"),
    );
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let bold = Format::new().set_bold();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    ws.write_string_with_format(0, 0, title, &bold)?;
    for (col, header) in [
        "Datum",
        "Löfte",
        "Antal",
        "Aktivitet",
        "Plats",
        "Ansvarig",
        "Kommentar",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(2, col as u16, *header, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let line = 3 + i as u32;
        let date = ExcelDateTime::from_ymd(
            r.date.year() as u16,
            r.date.month() as u8,
            r.date.day() as u8,
        )?;
        ws.write_datetime_with_format(line, 0, &date, &date_format)?;
        ws.write_string(line, 1, r.promise)?;
        ws.write_number(line, 2, f64::from(r.count))?;
        ws.write_string(line, 3, r.activity)?;
        ws.write_string(line, 4, r.place)?;
        ws.write_string(line, 5, r.responsible)?;
        if !r.comment.is_empty() {
            ws.write_string(line, 6, r.comment)?;
        }
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(3, 36)?;
    ws.set_column_width(4, 24)?;
    ws.set_column_width(5, 24)?;
    book.save(path)
}

fn main() -> Result<(), XlsxError> {
    write_xlsx(
        "samples/kalix/aktiviteter.xlsx",
        "Aktivitetslogg medborgarlöften Kalix 2022–2023",
        "Logg",
        &kalix(),
    )?;
    println!("wrote samples/kalix/aktiviteter.xlsx");
    Ok(())
}

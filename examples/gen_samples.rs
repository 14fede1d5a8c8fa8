//! Writes the activity logs of the bundled samples, deterministically: the
//! same program gives the same bytes. Run with
//! `cargo run --release --example gen_samples`.
//!
//! Each log is a schedule written out by hand below, so that the expected
//! outcome of every promise can be counted by hand (see each sample's
//! README.md).

use chrono::{Datelike, Duration, NaiveDate};
use std::io::Write;

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
    /// Seized grams (Norsjö's "Beslag (g)" column), when the log has it.
    grams: Option<f64>,
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
        grams: None,
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

/// Every day from `from` to `to` (inclusive).
fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |day| *day <= to)
}

/// Rows of one kind on the given dates.
fn on(
    rows: &mut Vec<Row>,
    dates: &[NaiveDate],
    promise: &'static str,
    activity: &'static str,
    place: &'static str,
    responsible: &'static str,
) {
    for date in dates {
        rows.push(row(*date, promise, 1, activity, place, responsible));
    }
}

/// Överkalix 2019. See samples/overkalix/README.md for the counts.
fn overkalix() -> Vec<Row> {
    let mut rows = Vec::new();
    // O1: a foot patrol every weekday (Monday–Friday) of 2019: 261 of 365 days.
    let places = ["Överkalix skola", "Ungdomsgården", "Centrum", "Konsum"];
    for (i, day) in days(d(2019, 1, 1), d(2019, 12, 31))
        .filter(|day| day.weekday().number_from_monday() <= 5)
        .enumerate()
    {
        rows.push(row(
            day,
            "O1",
            1,
            "Fotpatrullering",
            places[i % places.len()],
            "Polisen",
        ));
    }
    on(
        &mut rows,
        &[d(2019, 10, 2)],
        "O2",
        "Trygghetsvandring",
        "Centrum",
        "Polisen, Kommunen",
    );
    // O3: 18 citizen contacts, every second Friday in spring and in autumn.
    for start in [d(2019, 1, 11), d(2019, 9, 6)] {
        for k in 0..9 {
            rows.push(row(
                start + Duration::days(14 * k),
                "O3",
                1,
                "Medborgarkontakt",
                "Centrum",
                "Polisen",
            ));
        }
    }
    on(
        &mut rows,
        &[d(2019, 3, 8), d(2019, 6, 14), d(2019, 11, 22)],
        "O4",
        "Riktad insats narkotika",
        "Överkalix",
        "Polisen",
    );
    // O5: one risk night with social services, one by the police alone
    // (a joint promise: that row lacks the partner and is not counted).
    on(
        &mut rows,
        &[d(2019, 6, 6)],
        "O5",
        "Insats riskkväll",
        "Centrum",
        "Polisen, Socialtjänsten",
    );
    on(
        &mut rows,
        &[d(2019, 8, 31)],
        "O5",
        "Insats riskkväll",
        "Centrum",
        "Polisen",
    );
    on(
        &mut rows,
        &[d(2019, 3, 20)],
        "O6",
        "Utbildning för krögare",
        "Kommunhuset",
        "Polisen, Kommunen",
    );
    // O7: nothing logged.
    on(
        &mut rows,
        &[d(2019, 4, 10), d(2019, 10, 16)],
        "O8",
        "Tobakstillsyn",
        "Försäljningsställen i centrum",
        "Polisen, Kommunen",
    );
    on(
        &mut rows,
        &[d(2019, 5, 22)],
        "O9",
        "Utbildning \"Tillsammans mot nätdroger\"",
        "Postombudet",
        "Polisen, Kommunen",
    );
    on(
        &mut rows,
        &[d(2019, 11, 14)],
        "O10",
        "Aktivitetsdag narkotika åk 7",
        "Överkalix skola",
        "Polisen, Skolan",
    );
    on(
        &mut rows,
        &[d(2019, 4, 25), d(2019, 6, 27), d(2019, 9, 5)],
        "O11",
        "Trafiksäkerhetsinsats",
        "Riksväg 392",
        "Polisen",
    );
    on(
        &mut rows,
        &[
            d(2019, 2, 15),
            d(2019, 5, 3),
            d(2019, 7, 12),
            d(2019, 8, 16),
            d(2019, 12, 13),
        ],
        "O12",
        "Trafikinsats",
        "Riksväg 398",
        "Polisen",
    );
    rows.sort_by_key(|r| (r.date, r.promise));
    rows
}

/// Haparanda 2020–2022: the police's log. See samples/haparanda/README.md.
fn haparanda_police() -> Vec<Row> {
    let mut rows = Vec::new();
    // H1: a foot patrol every Wednesday, but none in every tenth week.
    let places = ["COOP", "MAX", "IKEA", "Ungdomsgården", "Språkskolan"];
    for (i, day) in days(d(2020, 1, 1), d(2022, 12, 31))
        .step_by(7)
        .enumerate()
        .filter(|(i, _)| i % 10 != 9)
    {
        rows.push(row(
            day,
            "H1",
            1,
            "Fotpatrullering",
            places[i % places.len()],
            "Polisen",
        ));
    }
    on(
        &mut rows,
        &[d(2020, 5, 15), d(2021, 4, 16), d(2022, 10, 7)],
        "H5",
        "Riktad insats narkotika",
        "Haparanda",
        "Polisen, Socialtjänsten",
    );
    on(
        &mut rows,
        &[
            d(2020, 3, 11),
            d(2020, 10, 21),
            d(2022, 2, 9),
            d(2022, 9, 28),
        ],
        "H6",
        "Sök med hund",
        "Marielundsskolan",
        "Polisen",
    );
    on(
        &mut rows,
        &[d(2020, 5, 29), d(2020, 8, 14), d(2021, 6, 18)],
        "H9",
        "Kontroll A-traktorer och mopeder",
        "Centrum",
        "Polisen",
    );
    on(
        &mut rows,
        &[d(2021, 3, 1)],
        "H11",
        "Utbildning i brottsofferstöd",
        "Polisstationen",
        "Polisen",
    );
    rows.sort_by_key(|r| (r.date, r.promise));
    rows
}

/// Haparanda 2020–2022: the municipality's log.
fn haparanda_municipality() -> Vec<Row> {
    let mut rows = Vec::new();
    on(
        &mut rows,
        &[
            d(2020, 4, 30),
            d(2020, 6, 5),
            d(2021, 4, 30),
            d(2021, 8, 20),
            d(2022, 4, 30),
        ],
        "H2",
        "Riskkväll",
        "Centrum",
        "Kommunen, Polisen",
    );
    on(
        &mut rows,
        &[d(2020, 9, 23), d(2021, 9, 22), d(2022, 9, 21)],
        "H3",
        "Trygghetsvandring",
        "Centrum och Näringen",
        "Kommunen, Polisen",
    );
    on(
        &mut rows,
        &[d(2020, 2, 12), d(2021, 2, 10), d(2022, 2, 9)],
        "H4",
        "Informationsmöte grannsamverkan",
        "Stadshuset",
        "Kommunen, Polisen",
    );
    rows.push(Row {
        comment: "35 vårdnadshavare",
        ..row(
            d(2020, 11, 10),
            "H7",
            1,
            "Föräldrautbildning om narkotika",
            "Språkskolan",
            "Kommunen",
        )
    });
    on(
        &mut rows,
        &[
            d(2020, 2, 17),
            d(2020, 9, 14),
            d(2021, 2, 15),
            d(2021, 9, 13),
            d(2022, 2, 14),
            d(2022, 9, 12),
        ],
        "H8",
        "PSS-möte",
        "Stadshuset",
        "Kommunen, Polisen",
    );
    rows.sort_by_key(|r| (r.date, r.promise));
    rows
}

/// Jokkmokk 2020–2022. See samples/jokkmokk/README.md.
fn jokkmokk() -> Vec<Row> {
    let mut rows = Vec::new();
    on(
        &mut rows,
        &[
            d(2020, 3, 13),
            d(2020, 10, 9),
            d(2021, 3, 12),
            d(2021, 11, 5),
            d(2022, 3, 11),
            d(2022, 10, 14),
        ],
        "J1",
        "Tillsyn alkohol och tobak",
        "Restaurang Ájtte",
        "Kommunen, Polisen",
    );
    on(
        &mut rows,
        &[
            d(2020, 4, 30),
            d(2021, 4, 30),
            d(2021, 6, 18),
            d(2022, 2, 4),
            d(2022, 6, 17),
        ],
        "J2",
        "Riskhelg, langning",
        "Jokkmokk",
        "Kommunen, Polisen",
    );
    on(
        &mut rows,
        &[
            d(2020, 5, 20),
            d(2020, 11, 18),
            d(2021, 5, 19),
            d(2021, 9, 15),
            d(2022, 6, 8),
        ],
        "J3",
        "Riktad insats narkotika",
        "Jokkmokk",
        "Polisen",
    );
    on(
        &mut rows,
        &[d(2020, 6, 10), d(2021, 6, 9), d(2022, 2, 3)],
        "J5",
        "Trafikkontroll",
        "Väg 97",
        "Polisen",
    );
    // J6: nothing logged. J8 from 1 July 2021: one per quarter, none in
    // the third quarter of 2022.
    on(
        &mut rows,
        &[
            d(2021, 8, 12),
            d(2021, 11, 24),
            d(2022, 2, 17),
            d(2022, 5, 12),
            d(2022, 11, 10),
        ],
        "J8",
        "Insats mot bilinbrott",
        "Parkeringar i centrum",
        "Polisen",
    );
    rows.sort_by_key(|r| (r.date, r.promise));
    rows
}

/// Norsjö 2019–2023. See samples/norsjo/README.md.
fn norsjo() -> Vec<Row> {
    let mut rows = Vec::new();
    let years = 2019..=2023;
    // N1: reports of drug crimes, one row a month (none in July 2021 and
    // July 2022), yearly sums 26, 30, 28, 33, 35 against 23 in 2018.
    let reports = [26u32, 30, 28, 33, 35];
    // Seizures in grams, four a year: sums 120.5, 180, 150.25, 210, 260.
    let seized = [
        [20.5, 35.0, 40.0, 25.0],
        [45.0, 60.0, 30.0, 45.0],
        [30.25, 40.0, 50.0, 30.0],
        [50.0, 55.0, 45.0, 60.0],
        [70.0, 65.0, 60.0, 65.0],
    ];
    for (k, year) in years.clone().enumerate() {
        let months: Vec<u32> = (1..=12)
            .filter(|m| !(*m == 7 && (year == 2021 || year == 2022)))
            .collect();
        let total = reports[k];
        let n = months.len() as u32;
        for (j, month) in months.iter().enumerate() {
            let count = total / n + u32::from((j as u32) < total % n);
            rows.push(row(
                d(year, *month, 10),
                "N1",
                count,
                "Anmälan narkotikabrott",
                "Norsjö",
                "Polisen",
            ));
        }
        for (month, grams) in [2, 5, 9, 11].iter().zip(seized[k]) {
            rows.push(Row {
                grams: Some(grams),
                ..row(d(year, *month, 20), "N1", 1, "Beslag", "Norsjö", "Polisen")
            });
        }
        // N2: information twice a year, once in 2022.
        let info: &[NaiveDate] = if year == 2022 {
            &[d(2022, 3, 15)]
        } else {
            &[d(year, 3, 15), d(year, 10, 15)]
        };
        on(
            &mut rows,
            info,
            "N2",
            "Information på hemsidan och i Norsjöbladet",
            "Norsjö",
            "Polisen, Kommunen",
        );
        // N5: traffic controls, two rows a month: 12 a month, 8 in July,
        // 3 in January 2021.
        for month in 1..=12 {
            let (a, b) = match (year, month) {
                (2021, 1) => (2, 1),
                (_, 7) => (4, 4),
                _ => (6, 6),
            };
            rows.push(row(
                d(year, month, 8),
                "N5",
                a,
                "Trafikkontroll",
                "Väg 365",
                "Polisen",
            ));
            rows.push(row(
                d(year, month, 22),
                "N5",
                b,
                "Trafikkontroll",
                "Väg 370",
                "Polisen",
            ));
        }
        // N6: meetings of the prevention council: 4, 4, 5, 3, 4.
        let meetings: &[u32] = match year {
            2021 => &[2, 4, 6, 9, 11],
            2022 => &[2, 4, 9],
            _ => &[2, 4, 9, 11],
        };
        for month in meetings {
            rows.push(row(
                d(year, *month, 12),
                "N6",
                1,
                "Möte i förebyggarrådet",
                "Kommunhuset",
                "Kommunen, Polisen",
            ));
        }
        on(
            &mut rows,
            &[d(year, 9, 5)],
            "N7",
            "Information på föräldramöte",
            "Norsjö skola",
            "Polisen, Kommunen",
        );
        // N8: class visits in years 6–9 each October (no year 9 in 2020),
        // and a theme day each April (none in 2020).
        for (j, class) in ["Åk 6", "Åk 7", "Åk 8", "Åk 9"].iter().enumerate() {
            if year == 2020 && *class == "Åk 9" {
                continue;
            }
            rows.push(row(
                d(year, 10, 6 + j as u32),
                "N8",
                1,
                "Klassrumsbesök",
                class,
                "Polisen, Skolan",
            ));
        }
        if year != 2020 {
            on(
                &mut rows,
                &[d(year, 4, 2)],
                "N8",
                "Temadag",
                "Norsjö skola",
                "Polisen, Skolan",
            );
        }
        on(
            &mut rows,
            &[d(year, 5, 8), d(year, 10, 9)],
            "N10",
            "Trygghetsvandring",
            "Norsjö centrum",
            "Kommunen, Polisen",
        );
        on(
            &mut rows,
            &[d(year, 4, 30)],
            "N12",
            "Nattvandring",
            "Norsjö centrum",
            "Kommunen, Fritidsgården",
        );
        on(
            &mut rows,
            &[d(year, 3, 4), d(year, 11, 4)],
            "N4",
            "Orossamtal",
            "Norsjö",
            "Polisen, IFO",
        );
    }
    // N3: directed patrols every Tuesday and Thursday.
    let areas = [
        "Norsjö centrum",
        "Industriområdet",
        "Bastuträsk",
        "Norsjövallen",
    ];
    for (i, day) in days(d(2019, 1, 1), d(2023, 12, 31))
        .filter(|day| matches!(day.weekday().number_from_monday(), 2 | 4))
        .enumerate()
    {
        rows.push(row(
            day,
            "N3",
            1,
            "Riktad patrullering",
            areas[i % areas.len()],
            "Polisen",
        ));
    }
    // N9: the youth centre every second Wednesday (even ISO weeks), but not
    // in June, July and August, when it is closed.
    for day in days(d(2019, 1, 1), d(2023, 12, 31)).filter(|day| {
        day.weekday().number_from_monday() == 3
            && day.iso_week().week() % 2 == 0
            && !(6..=8).contains(&day.month())
    }) {
        rows.push(row(
            day,
            "N9",
            1,
            "Fritidsgårdsbesök",
            "Fritidsgården",
            "Polisen",
        ));
    }
    rows.sort_by_key(|r| (r.date, r.promise));
    rows
}

/// Column headers of a log, with Norsjö's extra column when `grams`.
fn headers(responsible: &'static str, grams: bool) -> Vec<&'static str> {
    let mut h = vec!["Datum", "Löfte", "Antal", "Aktivitet", "Plats", responsible];
    if grams {
        h.push("Beslag (g)");
    }
    h.push("Kommentar");
    h
}

/// Writes rows as an xlsx with a title above the header, as real logs have.
fn write_xlsx(
    path: &str,
    title: &str,
    sheet: &str,
    rows: &[Row],
    grams: bool,
) -> Result<(), XlsxError> {
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
    let header = headers("Ansvarig", grams);
    for (col, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, col as u16, *h, &bold)?;
    }
    let comment_col = header.len() as u16 - 1;
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
        if let Some(g) = r.grams {
            ws.write_number(line, 6, g)?;
        }
        if !r.comment.is_empty() {
            ws.write_string(line, comment_col, r.comment)?;
        }
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(3, 36)?;
    ws.set_column_width(4, 24)?;
    ws.set_column_width(5, 24)?;
    book.save(path)
}

/// Writes rows as Swedish Excel saves "CSV (semikolonavgränsad)": `;`
/// between fields, CRLF, Windows-1252.
fn write_csv_cp1252(path: &str, rows: &[Row]) -> std::io::Result<()> {
    let mut text = headers("Deltagare", false).join(";");
    text.push_str("\r\n");
    for r in rows {
        text.push_str(&format!(
            "{};{};{};{};{};{};{}\r\n",
            r.date.format("%Y-%m-%d"),
            r.promise,
            r.count,
            r.activity,
            r.place,
            r.responsible,
            r.comment
        ));
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if unmappable {
        return Err(std::io::Error::other("text outside Windows-1252"));
    }
    std::fs::write(path, bytes)
}

/// Escapes text for XML content and attributes.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes rows as an OpenDocument spreadsheet, as LibreOffice stores one:
/// dates as `office:date-value`, numbers as floats, a title row above the
/// header. Every zip entry has a fixed time, so the bytes never change.
fn write_ods(path: &str, title: &str, sheet: &str, rows: &[Row]) -> std::io::Result<()> {
    use zip::write::SimpleFileOptions;
    let string = |s: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
            xml(s)
        )
    };
    let mut body = String::new();
    body.push_str(&format!(
        "<table:table-row>{}</table:table-row>",
        string(title)
    ));
    body.push_str("<table:table-row><table:table-cell/></table:table-row>");
    body.push_str("<table:table-row>");
    for h in headers("Ansvarig", false) {
        body.push_str(&string(h));
    }
    body.push_str("</table:table-row>");
    for r in rows {
        let date = r.date.format("%Y-%m-%d");
        body.push_str(&format!(
            "<table:table-row><table:table-cell office:value-type=\"date\" office:date-value=\"{date}\"><text:p>{date}</text:p></table:table-cell>{}<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>{}{}{}{}</table:table-row>",
            string(r.promise),
            string(r.activity),
            string(r.place),
            string(r.responsible),
            if r.comment.is_empty() { "<table:table-cell/>".to_owned() } else { string(r.comment) },
            n = r.count,
        ));
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\"><office:body><office:spreadsheet><table:table table:name=\"{}\">{body}</table:table></office:spreadsheet></office:body></office:document-content>\n",
        xml(sheet)
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>\n";
    let time = zip::DateTime::from_date_and_time(2024, 1, 15, 0, 0, 0)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // The mimetype entry comes first and uncompressed, as ODF requires.
    for (name, data) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(data.as_bytes())?;
    }
    let bytes = zip.finish().map_err(std::io::Error::other)?.into_inner();
    std::fs::write(path, bytes)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let xlsx: [(&str, &str, &str, Vec<Row>, bool); 4] = [
        (
            "samples/kalix/aktiviteter.xlsx",
            "Aktivitetslogg medborgarlöften Kalix 2022–2023",
            "Logg",
            kalix(),
            false,
        ),
        (
            "samples/overkalix/aktiviteter.xlsx",
            "Medborgarlöften Överkalix 2019 – aktiviteter",
            "2019",
            overkalix(),
            false,
        ),
        (
            "samples/haparanda/polisen.xlsx",
            "Polisens aktivitetslogg, LPO Östra Norrbotten – Haparanda",
            "Polisen",
            haparanda_police(),
            false,
        ),
        (
            "samples/norsjo/aktiviteter.xlsx",
            "Genomförandeplan medborgarlöften Norsjö – uppföljning",
            "Uppföljning",
            norsjo(),
            true,
        ),
    ];
    for (path, title, sheet, rows, grams) in &xlsx {
        write_xlsx(path, title, sheet, rows, *grams)?;
        println!("wrote {path} ({} rows)", rows.len());
    }
    let csv = haparanda_municipality();
    write_csv_cp1252("samples/haparanda/kommunen.csv", &csv)?;
    println!("wrote samples/haparanda/kommunen.csv ({} rows)", csv.len());
    let ods = jokkmokk();
    write_ods(
        "samples/jokkmokk/aktiviteter.ods",
        "Medborgarlöften Jokkmokk 2020–2022",
        "Aktiviteter",
        &ods,
    )?;
    println!(
        "wrote samples/jokkmokk/aktiviteter.ods ({} rows)",
        ods.len()
    );
    Ok(())
}

//! Warnings worth reading: none on normal data, one per cause on real
//! problems, and a terminal summary that fits a screen. What the user
//! reads is pinned whole (temporary folders filtered out).

mod support;

use support::{lofte, pdf_file_text as pdf_text, stderr, stdout};

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const SAMPLES: [&str; 5] = ["kalix", "overkalix", "haparanda", "jokkmokk", "norsjo"];

/// A traffic promise over May–December 2023, as a traffic unit's
/// follow-up states it: controls per day on average.
const TRAFFIC: &str = r#"
kommun = "Testby"
lokalpolisomrade = "Testområdet"
period = { fran = 2023-05-01, till = 2023-12-31 }
loggar = ["LOG"]

[[fokusomrade]]
id = "trafik"
namn = "Trafiksäkerhet"

[[lofte]]
id = "T1"
fokusomrade = "trafik"
text = "Polisen ska genomföra minst en fast trafikkontroll per dag i snitt."
ansvarig = "Polisen"
enhet = "kontroller"
mal = [{ typ = "snitt", antal = 1, per = "dag" }]
"#;

/// Pseudo-random numbers, the same every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// One fixed traffic control: day of the year 2023 (May 1 = 0), minutes
/// after midnight, place.
struct Control {
    day: u32,
    minutes: u32,
    place: &'static str,
}

/// 301 controls over the 245 days of May–December 2023: several on many
/// days, often at the same place, each at its own time of day — as a
/// traffic unit logs them.
fn traffic_controls() -> Vec<Control> {
    const PLACES: [&str; 4] = ["E4 Kalix", "Riksväg 99", "Centrum", "Björkfors"];
    let mut rng = Lcg(2023);
    let mut out = Vec::new();
    let mut day = 0;
    while out.len() < 301 {
        let on_day = match rng.below(10) {
            0..=2 => 0,
            3..=5 => 1,
            6..=8 => 2,
            _ => 4,
        };
        // A busy day keeps to one place: the unit stays at the spot.
        let place = PLACES[rng.below(4) as usize];
        for k in 0..on_day {
            if out.len() == 301 {
                break;
            }
            out.push(Control {
                day: day % 245,
                minutes: 7 * 60 + 30 + 150 * k + 5 * rng.below(6) as u32,
                place,
            });
        }
        day += 1;
    }
    out.sort_by_key(|c| (c.day, c.minutes));
    out
}

fn date_of(day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2023, 5, 1).unwrap() + chrono::Days::new(u64::from(day))
}

/// The controls as the police's workbook: Datum as date-time cells,
/// vehicles checked and reports written in columns of their own.
fn traffic_xlsx(path: &Path, controls: &[Control]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Trafik").unwrap();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (j, h) in [
        "Datum",
        "Löfte",
        "Aktivitet",
        "Plats",
        "Kontrollerade fordon",
        "Rapporter",
        "Ansvarig",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(0, j as u16, *h).unwrap();
    }
    let mut rng = Lcg(7);
    for (i, c) in controls.iter().enumerate() {
        let r = i as u32 + 1;
        let d = date_of(c.day);
        use chrono::Datelike;
        let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
            .unwrap()
            .and_hms((c.minutes / 60) as u16, (c.minutes % 60) as u8, 0)
            .unwrap();
        sheet.write_datetime_with_format(r, 0, &dt, &when).unwrap();
        sheet.write(r, 1, "T1").unwrap();
        sheet.write(r, 2, "Fast trafikkontroll").unwrap();
        sheet.write(r, 3, c.place).unwrap();
        sheet.write(r, 4, 5 + rng.below(40) as u32).unwrap();
        sheet.write(r, 5, rng.below(3) as u32).unwrap();
        sheet.write(r, 6, "Trafikpolisen").unwrap();
    }
    book.save(path).unwrap();
}

/// The same controls as a csv with the time in a column of its own.
fn traffic_csv(controls: &[Control]) -> String {
    let mut text = String::from("Datum;Tid;Löfte;Antal;Aktivitet;Plats;Kommentar\n");
    for c in controls {
        text.push_str(&format!(
            "{};{:02}:{:02};T1;1;Fast trafikkontroll;{};\n",
            date_of(c.day),
            c.minutes / 60,
            c.minutes % 60,
            c.place
        ));
    }
    text
}

/// The results JSON written into `out`.
fn results_json(out: &Path) -> serde_json::Value {
    let path = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn traffic_agreement(log: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), TRAFFIC.replace("LOG", log)).unwrap();
    dir
}

/// The generated log is what the test claims: several controls on one day
/// at one place, on many days.
#[test]
fn the_traffic_log_has_several_controls_a_day_at_one_place() {
    let controls = traffic_controls();
    assert_eq!(controls.len(), 301);
    let mut same_day_same_place = 0;
    for w in controls.windows(2) {
        if w[0].day == w[1].day && w[0].place == w[1].place {
            same_day_same_place += 1;
        }
    }
    assert!(same_day_same_place > 80, "{same_day_same_place}");
}

/// Regression: 301 fixed traffic controls, several a day at the same
/// place, gave 116 warnings "duplicate-row" asking the user to edit a
/// correct log. They give none, and the figure is the published one.
#[test]
fn several_controls_a_day_at_one_place_give_no_warning() {
    let controls = traffic_controls();
    let dir = traffic_agreement("trafik.xlsx");
    traffic_xlsx(&dir.path().join("trafik.xlsx"), &controls);

    let check = lofte(dir.path(), &["check", "."]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(stderr(&check), ".: 0 errors, 0 warnings\n");

    let json = lofte(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(stdout(&json).trim(), "[]");

    let report = lofte(dir.path(), &["report", ".", "-o", "ut"]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    assert_eq!(stderr(&report), "");
    let results = results_json(&dir.path().join("ut"));
    assert_eq!(results["data_quality"]["warnings"], serde_json::json!([]));
    assert_eq!(results["data_quality"]["rows_counted"], 301);
    let outcome = results["promises"][0]["targets"][0]["outcome_text"]
        .as_str()
        .unwrap();
    assert!(outcome.contains("1,23"), "{outcome}");
}

/// The same log as a csv with a Tid column: no warning either.
#[test]
fn several_controls_a_day_with_a_time_column_give_no_warning() {
    let dir = traffic_agreement("trafik.csv");
    std::fs::write(
        dir.path().join("trafik.csv"),
        traffic_csv(&traffic_controls()),
    )
    .unwrap();
    let check = lofte(dir.path(), &["check", "."]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(stderr(&check), ".: 0 errors, 0 warnings\n");
}

/// The five samples give no warning to `lofte check` either (tests/samples.rs
/// pins the same for `lofte report`).
#[test]
fn the_samples_give_no_warning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for name in SAMPLES {
        let check = lofte(&root, &["check", name]);
        assert_eq!(check.status.code(), Some(0), "{name}: {}", stderr(&check));
        assert_eq!(
            stderr(&check),
            format!("{name}: 0 errors, 0 warnings\n"),
            "{name}"
        );
    }
}

const SMALL: &str = r#"
kommun = "Testby"
lokalpolisomrade = "Testområdet"
period = { fran = 2023-01-01, till = 2023-12-31 }
loggar = ["polisen.csv", "kommunen.csv"]

[[fokusomrade]]
id = "trafik"
namn = "Trafiksäkerhet"

[[lofte]]
id = "T1"
fokusomrade = "trafik"
text = "Polisen ska genomföra minst fyra trafiksäkerhetsinsatser per år."
ansvarig = "Polisen"
mal = [{ typ = "minst", antal = 4, per = "år" }]
"#;

/// A promise summing "Beslag (g)"; where no log has that column it counts
/// rows instead, since a `kolumn` that no log has is an error
/// (tests/promise_rules.rs).
const SEIZURES: &str = r#"
[[lofte]]
id = "B1"
fokusomrade = "trafik"
text = "Beslagen ska redovisas."
ansvarig = "Polisen"
mal = [
  { typ = "totalt", antal = 1, kolumn = "Beslag (g)" },
  { typ = "minst", antal = 1, per = "år", kolumn = "Beslag (g)" },
]
"#;

/// A police log of 40 lines where lines 5, 26 and 33 are identical, lines
/// 10 and 11 too, and line 12 differs from line 10 only in its time.
fn police_log() -> String {
    let mut text = String::from("Datum;Löfte;Antal;Aktivitet;Plats;Ansvarig;Kommentar\n");
    for line in 2..=40 {
        let row = match line {
            5 | 26 | 33 => "2023-06-07;T1;1;Hastighetskontroll;E4;Polisen;".to_owned(),
            10 | 11 => "2023-03-01 08:00;T1;1;Nykterhetskontroll;Centrum;Polisen;".to_owned(),
            12 => "2023-03-01 09:00;T1;1;Nykterhetskontroll;Centrum;Polisen;".to_owned(),
            n => format!(
                "2023-{:02}-{:02};T1;1;Trafikkontroll;E4;Polisen;",
                4 + n / 28,
                n % 28 + 1
            ),
        };
        text.push_str(&row);
        text.push('\n');
    }
    text
}

fn small_agreement(police: &str, municipality: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let promises = if police.contains("Beslag (g)") || municipality.contains("Beslag (g)") {
        format!("{SMALL}{SEIZURES}")
    } else {
        format!(
            "{SMALL}{}",
            SEIZURES.replace(", kolumn = \"Beslag (g)\"", "")
        )
    };
    std::fs::write(dir.path().join("loften.toml"), promises).unwrap();
    std::fs::write(dir.path().join("polisen.csv"), police).unwrap();
    std::fs::write(dir.path().join("kommunen.csv"), municipality).unwrap();
    dir
}

/// Rows identical in every column: one warning per group, within a file
/// and across files, naming each row once; every row is still counted.
#[test]
fn identical_rows_give_one_warning_per_group() {
    // Line 2 of kommunen.csv repeats polisen.csv line 5, columns in
    // another order.
    let municipality = "Plats;Datum;Aktivitet;Löfte;Antal;Ansvarig\n\
E4;2023-06-07;Hastighetskontroll;T1;1;Polisen\n\
Skolan;2023-06-07;Hastighetskontroll;T1;1;Polisen\n";
    let dir = small_agreement(&police_log(), municipality);
    let check = lofte(dir.path(), &["check", "."]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(
        stderr(&check),
        r#"warning[duplicate-row]: 4 identical rows: polisen.csv, line 5, 26, 33; kommunen.csv, line 2
  --> polisen.csv, line 5
  --> polisen.csv, line 26 (identical)
  --> polisen.csv, line 33 (identical)
  --> kommunen.csv, line 2 (identical)
   = hint: all 4 are counted, except that a joint promise counts an event logged in each party's log once. If one activity was entered more than once, delete the extra rows; if each row is an activity of its own, the log is right as it is
   = also: 2 identical rows: polisen.csv, line 10, 11
   = hint: both are counted. If one activity was entered more than once, delete the extra rows; if each row is an activity of its own, the log is right as it is

warning[no-rows]: the promise B1 has no counted row: the report says "Underlag saknas"
   = hint: likely cause: no row in the window has "B1" in the Löfte column

.: 0 errors, 3 warnings
  2  warning[duplicate-row]
  1  warning[no-rows]
"#
    );
    let json = lofte(dir.path(), &["check", ".", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let list = list.as_array().unwrap();
    let groups: Vec<_> = list
        .iter()
        .filter(|d| d["code"] == "duplicate-row")
        .collect();
    assert_eq!(groups.len(), 2, "{list:?}");
    assert_eq!(groups[1]["related"][0]["location"]["row"], 11);

    // Counted: 39 police rows and 2 of the municipality's.
    let report = lofte(dir.path(), &["report", ".", "-o", "ut"]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    let results: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("ut/uppfoljning-testby-2023.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(results["data_quality"]["rows_counted"], 41);
}

/// The logs' warnings are held once while a report is made (in its
/// results, taken back once its JSON is written): the report says the
/// warnings `check` says, in the same order, and its JSON lists the logs'
/// first.
#[test]
fn a_report_says_the_warnings_check_says() {
    let municipality = "Plats;Datum;Aktivitet;Löfte;Antal;Ansvarig\n\
E4;2023-06-07;Hastighetskontroll;T1;1;Polisen\n";
    let dir = small_agreement(&police_log(), municipality);
    // The last line names the agreement as it was given ("." or the
    // municipality); the rest is the same.
    let said = |out: &std::process::Output| {
        let text = stderr(out);
        text.lines()
            .filter(|l| !l.ends_with("0 errors, 3 warnings"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let check = lofte(dir.path(), &["check", ".", "--all"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let report = lofte(dir.path(), &["report", ".", "-o", "ut", "--all"]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    assert!(said(&check).contains("2 identical rows: polisen.csv, line 10, 11"));
    assert_eq!(said(&report), said(&check));
    let results = results_json(&dir.path().join("ut"));
    let codes = support::warning_codes(&results);
    assert_eq!(codes[..2], ["duplicate-row", "duplicate-row"], "{codes:?}");
    assert!(codes.contains(&"no-rows"), "{codes:?}");
}

/// Regression: a bad quantity was warned once per target reading it; it
/// is now an error (added as 0, it lowered the figure), said once.
#[test]
fn a_cell_read_by_two_targets_is_one_error() {
    let police = "Datum;Löfte;Antal;Beslag (g)\n2023-03-01;B1;1;ca 5\n2023-03-02;B1;1;12\n";
    let dir = small_agreement(police, "Datum;Löfte\n2023-03-03;T1\n");
    let report = lofte(dir.path(), &["report", ".", "-o", "ut"]);
    assert_eq!(report.status.code(), Some(1), "{}", stderr(&report));
    assert!(!dir.path().join("ut").exists());
    assert_eq!(
        stderr(&report),
        r#"error[bad-quantity]: column "Beslag (g)" should hold a number, and the target adds it up
  --> polisen.csv, line 2, column D
   = found: "ca 5"
   = hint: write the number alone, such as 12 or 12,5; remarks belong in the column "Kommentar"

1 error, 0 warnings
  1  error[bad-quantity]
nothing was written
"#
    );
}

/// Regression: a summary row was listed twice under Datakvalitet (as a
/// row left out and as a warning). Each kind is listed once with its
/// count and at most three examples; the results JSON keeps every one.
#[test]
fn datakvalitet_lists_each_kind_once_with_a_few_examples() {
    let mut police = String::from("Datum;Löfte;Antal;Aktivitet;Plats\n");
    for k in 0..20 {
        let row = format!("2023-05-{:02};T1;1;Kontroll;E4\n", k + 1);
        police.push_str(&row);
        police.push_str(&row);
    }
    police.push_str("Summa;;40;;\n");
    let dir = small_agreement(&police, "Datum;Löfte\n2023-03-03;T1\n");
    let report = lofte(dir.path(), &["report", ".", "-o", "ut"]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    let text = pdf_text(&dir.path().join("ut/uppfoljning-testby-2023.pdf"));
    let section = &text[text.rfind("Datakvalitet").unwrap()..];
    let section = &section[..section.find("Underlag").unwrap_or(section.len())];
    assert_eq!(
        section.matches("polisen.csv rad 42").count(),
        1,
        "{section}"
    );
    assert!(
        section.contains("Rader lästa: 41 • Rader som räknats mot något löfte: 41 •"),
        "{section}"
    );
    assert!(
        section.contains("Summeringsrader som inte räknats: 1 ‣ polisen.csv rad 42: summeringsrad"),
        "{section}"
    );
    assert!(
        section.contains(
            "Grupper av rader som är identiska i varje kolumn (alla rader räknas): 20 \
             ‣ 2 identiska rader: polisen.csv rad 2, 3 \
             ‣ 2 identiska rader: polisen.csv rad 4, 5 \
             ‣ 2 identiska rader: polisen.csv rad 6, 7 \
             ‣ … och 17 till; resultatfilen (JSON) listar alla"
        ),
        "{section}"
    );
    let results: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("ut/uppfoljning-testby-2023.json")).unwrap(),
    )
    .unwrap();
    let warnings = results["data_quality"]["warnings"].as_array().unwrap();
    let groups = warnings
        .iter()
        .filter(|w| w["code"] == "duplicate-row")
        .count();
    assert_eq!(groups, 20);
}

/// A log with 50 problems: the terminal shows three of each kind and a
/// count per kind, in a screen's worth of lines; `--all` shows all 50.
#[test]
fn fifty_problems_fit_a_screen_with_a_summary() {
    let mut police = String::from("Datum;Löfte;Antal;Aktivitet;Plats\n");
    for k in 0..30 {
        police.push_str(&format!("2023-05-{:02};T1;ca 5;Kontroll;E4\n", k % 28 + 1));
    }
    for _ in 0..15 {
        police.push_str("31/2 2023;T1;1;Kontroll;E4\n");
    }
    for k in 0..5 {
        let row = format!("2023-06-{:02};T1;1;Kontroll;E4\n", k + 1);
        police.push_str(&row);
        police.push_str(&row);
    }
    let dir = small_agreement(&police, "Datum;Löfte\n2023-03-03;T1\n");
    let check = lofte(dir.path(), &["check", "."]);
    assert_eq!(check.status.code(), Some(1));
    let text = stderr(&check);
    assert_eq!(
        text,
        r#"error[bad-count]: column "Antal" expects a whole number, 0 or more
  --> polisen.csv, line 2, column C
   = found: "ca 5"
   = expected: a whole number such as 1 or 12; empty means 1
   = hint: put remarks in the column "Kommentar"
   = also at: polisen.csv, line 3, column C (found "ca 5")
   = also at: polisen.csv, line 4, column C (found "ca 5")
   = and 27 more like it

error[bad-date]: the cell is not a date
  --> polisen.csv, line 32, column A
   = found: "31/2 2023"
   = expected: a date such as 2023-03-15, 15 mars 2023 or 15/3 2023
   = hint: check the day and month (a day that does not exist, such as 30 February, is not a date); remarks belong in the column "Kommentar"
   = also at: polisen.csv, line 33, column A (found "31/2 2023")
   = also at: polisen.csv, line 34, column A (found "31/2 2023")
   = and 12 more like it

warning[duplicate-row]: 2 identical rows: polisen.csv, line 47, 48
  --> polisen.csv, line 47
  --> polisen.csv, line 48 (identical)
   = hint: both are counted. If one activity was entered more than once, delete the extra rows; if each row is an activity of its own, the log is right as it is
   = also: 2 identical rows: polisen.csv, line 49, 50
   = also: 2 identical rows: polisen.csv, line 51, 52
   = and 2 more like it

.: 45 errors, 5 warnings
  30  error[bad-count]
  15  error[bad-date]
   5  warning[duplicate-row]
The first 3 of each kind are shown: add --all to see every one (lofte check --format json lists them as JSON).
"#
    );
    assert!(text.lines().count() <= 35, "{} lines", text.lines().count());

    let all = stderr(&lofte(dir.path(), &["check", ".", "--all"]));
    assert_eq!(all.matches("error[bad-count]: ").count(), 30);
    assert_eq!(all.matches("error[bad-date]: ").count(), 15);
    assert_eq!(all.matches("warning[duplicate-row]: ").count(), 5);
    assert!(all.ends_with("   5  warning[duplicate-row]\n"), "{all}");

    let json = stdout(&lofte(dir.path(), &["check", ".", "--format", "json"]));
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 50);
}

/// Regression: rows dated far outside the period were named only up to 20,
/// then "N more rows" without a place. Every one is in the JSON; the
/// terminal names three and counts the rest.
#[test]
fn every_row_far_outside_the_period_is_in_the_json() {
    let mut police =
        String::from("Datum;Löfte;Antal;Aktivitet;Plats\n2023-05-01;T1;1;Kontroll;E4\n");
    for k in 0..25 {
        police.push_str(&format!("2032-05-{:02};T1;1;Kontroll;E4\n", k + 1));
    }
    let dir = small_agreement(&police, "Datum;Löfte\n2023-03-03;T1\n");
    let json = stdout(&lofte(dir.path(), &["check", ".", "--format", "json"]));
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    let far: Vec<&serde_json::Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "far-outside-period")
        .collect();
    assert_eq!(far.len(), 25);
    assert!(far.iter().all(|d| d["location"]["cell"].is_string()));
    let text = stderr(&lofte(dir.path(), &["check", "."]));
    assert!(text.contains("   = and 22 more like it\n"), "{text}");
    assert!(
        text.contains("  25  warning[far-outside-period]\n"),
        "{text}"
    );
}

/// A promise with no counted row was listed in the Swedish report's
/// Datakvalitet by the terminal's English message ("the promise B1 has no
/// counted row …"). It is named by its id; the English report keeps the
/// message.
#[test]
fn a_promise_without_rows_is_named_in_the_swedish_report_not_in_english() {
    let dir = small_agreement(&police_log(), "Datum;Löfte\n2023-03-03;T1\n");
    let report = lofte(dir.path(), &["report", ".", "-o", "ut"]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    assert!(
        stderr(&report).contains("warning[no-rows]"),
        "{}",
        stderr(&report)
    );
    let text = pdf_text(&dir.path().join("ut/uppfoljning-testby-2023.pdf"));
    let section = &text[text.rfind("Datakvalitet").unwrap()..];
    assert!(
        section.contains("Löften utan någon räknad rad: 1 ‣ B1"),
        "{section}"
    );
    assert!(!section.contains("has no counted row"), "{section}");

    let report = lofte(dir.path(), &["report", ".", "-o", "en", "--lang", "en"]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    let text = pdf_text(&dir.path().join("en/uppfoljning-testby-2023.pdf"));
    let section = &text[text.rfind("Data quality").unwrap()..];
    assert!(
        section.contains("‣ the promise B1 has no counted row"),
        "{section}"
    );
}

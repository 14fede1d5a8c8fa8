//! One regional log, many agreements (`urval`): twenty municipalities share
//! one export, and each agreement counts its own rows only. Rows of other
//! municipalities are neither counted nor warned about, and a misspelt
//! municipality or a missing column is said, never silently empty.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod support;

const MUNICIPALITIES: [&str; 20] = [
    "Kalix",
    "Haparanda",
    "Överkalix",
    "Övertorneå",
    "Pajala",
    "Kiruna",
    "Gällivare",
    "Jokkmokk",
    "Arjeplog",
    "Arvidsjaur",
    "Älvsbyn",
    "Boden",
    "Luleå",
    "Piteå",
    "Skellefteå",
    "Norsjö",
    "Malå",
    "Sorsele",
    "Storuman",
    "Vilhelmina",
];

/// Rows of municipality `k`: P1 on k + 3 days, P2 on 2 days.
fn rows_of(k: usize) -> (usize, usize) {
    (k + 3, 2)
}

/// The shared log: every municipality's rows interleaved by date, as a
/// regional export lists them; each row distinct (no duplicate warnings).
fn regional_log(extra_rows: &str) -> String {
    let mut out = String::from("Datum;Kommun;Löfte;Aktivitet;Antal;Plats\n");
    for day in 0..30 {
        for (k, name) in MUNICIPALITIES.iter().enumerate() {
            let (p1, p2) = rows_of(k);
            let date = format!("2024-03-{:02}", day + 1);
            if day < p1 {
                out.push_str(&format!(
                    "{date};{name};P1;Fotpatrullering;1;Torget {day}\n"
                ));
            }
            if day < p2 {
                out.push_str(&format!("{date};{name};P2;Skolbesök;2;Skolan {day}\n"));
            }
        }
    }
    out.push_str(extra_rows);
    out
}

fn promise_file(kommun: &str, log: &str, selection: &str) -> String {
    format!(
        r#"kommun = "{kommun}"
lokalpolisomrade = "Norrbotten"
rubrik = "Medborgarlöfte 2024"
period = {{ fran = 2024-01-01, till = 2024-12-31 }}
loggar = ["{log}"]
{selection}

[[fokusomrade]]
id = "trygghet"
namn = "Trygghet"
beskrivning = "Trygghet i centrum och i skolan."

[[lofte]]
id = "P1"
fokusomrade = "trygghet"
text = "Fotpatrullering i centrum"
ansvarig = "Polisen"
mal = [{{ typ = "minst", antal = 1, per = "år", beskrivning = "minst 1 per år" }}]

[[lofte]]
id = "P2"
fokusomrade = "trygghet"
text = "Skolbesök"
ansvarig = "Polisen och kommunen"
mal = [{{ typ = "minst", antal = 1, per = "år", beskrivning = "minst 1 per år" }}]
"#
    )
}

fn selection(kommun: &str) -> String {
    format!("urval = {{ kolumn = \"Kommun\", varde = \"{kommun}\" }}")
}

/// A fresh folder under the target dir.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One agreement folder per municipality under `root/avtal`, all naming
/// `root/region.csv`.
fn region(root: &Path, extra_rows: &str) {
    std::fs::write(root.join("region.csv"), regional_log(extra_rows)).unwrap();
    for name in MUNICIPALITIES {
        let dir = root.join("avtal").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("loften.toml"),
            promise_file(name, "../../region.csv", &selection(name)),
        )
        .unwrap();
    }
}

fn lofte(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(support::binary())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// `lofte report AGREEMENT -o OUT/r.pdf`, which must succeed: its JSON.
fn report_into(agreement: &Path, out: &Path) -> Value {
    let run = lofte(&[
        "report".as_ref(),
        agreement.as_os_str(),
        "-o".as_ref(),
        out.join("r.pdf").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    serde_json::from_str(&std::fs::read_to_string(out.join("r.json")).unwrap()).unwrap()
}

fn rows_counted(json: &Value, id: &str) -> u64 {
    json["promises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("promise {id} in {json}"))["rows_counted"]
        .as_u64()
        .unwrap()
}

#[test]
fn each_agreement_of_a_regional_log_counts_its_own_rows() {
    let root = scratch("regional-batch");
    region(&root, "");
    let out = root.join("ut");
    let run = lofte(&[
        "report".as_ref(),
        root.join("avtal").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let jsons: Vec<PathBuf> = walk(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert_eq!(jsons.len(), MUNICIPALITIES.len(), "{jsons:?}");
    let mut seen = 0;
    for path in jsons {
        let json: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let pdf = std::fs::read(path.with_extension("pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let kommun = json["agreement"]["kommun"].as_str().unwrap();
        let k = MUNICIPALITIES.iter().position(|m| *m == kommun).unwrap();
        let (p1, p2) = rows_of(k);
        assert_eq!(rows_counted(&json, "P1"), p1 as u64, "{kommun} P1");
        assert_eq!(rows_counted(&json, "P2"), p2 as u64, "{kommun} P2");
        assert_eq!(
            json["data_quality"]["rows_read"].as_u64(),
            Some((p1 + p2) as u64),
            "{kommun}: only its own rows are read"
        );
        seen += 1;
    }
    assert_eq!(seen, 20);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Problems in another municipality's rows are that municipality's: the
/// agreement selecting them is told, with the right line; the others are
/// not.
#[test]
fn rows_of_other_municipalities_are_not_warned_about() {
    let root = scratch("regional-other-rows");
    // Lines 144 and 145 of the log (a header and 142 rows above them).
    let bad = "2024-03-31;Piteå;X9;Fotpatrullering;1;Hamnen\n2024-13-45;Piteå;P1;Fotpatrullering;1;Hamnen\n2024-03-31;;P1;Fotpatrullering;1;Ingenstans\n";
    region(&root, bad);
    let lines = regional_log("").lines().count();
    let kalix = lofte(&["check".as_ref(), root.join("avtal/Kalix").as_os_str()]);
    let stderr = String::from_utf8_lossy(&kalix.stderr);
    assert_eq!(kalix.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("X9"), "{stderr}");
    assert!(!stderr.contains("2024-13-45"), "{stderr}");
    // The row with no municipality is nobody's, and everybody is told.
    assert!(stderr.contains("selection-value-missing"), "{stderr}");
    assert!(stderr.contains(&format!("line {}", lines + 3)), "{stderr}");

    let pitea = lofte(&[
        "check".as_ref(),
        "--all".as_ref(),
        root.join("avtal/Piteå").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&pitea.stderr);
    assert_eq!(pitea.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("unknown-promise"), "{stderr}");
    assert!(stderr.contains("X9"), "{stderr}");
    assert!(stderr.contains(&format!("line {}", lines + 1)), "{stderr}");
    assert!(stderr.contains(&format!("line {}", lines + 2)), "{stderr}");
}

/// A cell too long for a spreadsheet was refused before the row's
/// municipality was read: one over-long note in Piteå's row stopped
/// Kalix's run.
#[test]
fn another_municipalitys_over_long_cell_stopped_this_run() {
    let root = scratch("regional-long-cell");
    let long = "x".repeat(40_000);
    region(&root, &format!("2024-03-31;Piteå;P1;{long};1;Hamnen\n"));
    let line = regional_log("").lines().count() + 1;
    let kalix = lofte(&["check".as_ref(), root.join("avtal/Kalix").as_os_str()]);
    let stderr = String::from_utf8_lossy(&kalix.stderr);
    assert_eq!(kalix.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("cell-too-long"), "{stderr}");
    let pitea = lofte(&["check".as_ref(), root.join("avtal/Piteå").as_os_str()]);
    let stderr = String::from_utf8_lossy(&pitea.stderr);
    assert_eq!(pitea.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cell-too-long"), "{stderr}");
    assert!(stderr.contains(&format!("line {line}")), "{stderr}");
}

#[test]
fn a_misspelt_municipality_is_said_with_the_likely_one() {
    let root = scratch("regional-misspelt");
    region(&root, "");
    let dir = root.join("avtal/Kalix");
    std::fs::write(
        dir.join("loften.toml"),
        promise_file("Kalix", "../../region.csv", &selection("Kalx")),
    )
    .unwrap();
    let run = lofte(&["check".as_ref(), dir.as_os_str()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("selection-matches-nothing"), "{stderr}");
    assert!(stderr.contains("did you mean \"Kalix\""), "{stderr}");
}

#[test]
fn a_selection_column_the_log_lacks_is_an_error() {
    let root = scratch("regional-no-column");
    region(&root, "");
    let dir = root.join("avtal/Kalix");
    std::fs::write(
        dir.join("loften.toml"),
        promise_file(
            "Kalix",
            "../../region.csv",
            "urval = { kolumn = \"Kommunnamn\", varde = \"Kalix\" }",
        ),
    )
    .unwrap();
    let run = lofte(&["check".as_ref(), dir.as_os_str()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("selection-column-missing"), "{stderr}");
    assert!(stderr.contains("Kommunnamn"), "{stderr}");
}

/// Without `urval` the same log is every municipality's: the rows of the
/// others count too. (What the selection changes.)
/// Regression: the region's log named as Kalix's own, without `urval`,
/// counted every municipality's rows toward Kalix's promises (P1 250
/// where Kalix's own are 3), with exit 0 and no word. Rows naming another
/// municipality in the Kommun column are now an error pointing to urval;
/// a log whose Kommun column names Kalix alone counts as before.
#[test]
fn a_regional_log_without_urval_counted_every_municipalitys_rows() {
    let root = scratch("regional-unselected");
    region(&root, "");
    let dir = root.join("avtal/Kalix");
    std::fs::write(
        dir.join("loften.toml"),
        promise_file("Kalix", "../../region.csv", ""),
    )
    .unwrap();
    let out = root.join("ut");
    let run = lofte(&[
        "report".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let others: usize = (1..20).map(|k| rows_of(k).0 + rows_of(k).1).sum();
    assert!(
        stderr.contains(&format!("error[other-municipality]: {others} rows counted toward the promises name another municipality than Kalix in the column \"Kommun\" (\"Haparanda\", \"Överkalix\", \"Övertorneå\", …)")),
        "{stderr}"
    );
    assert!(
        stderr.contains("add urval = { kolumn = \"Kommun\", varde = \"Kalix\" }"),
        "{stderr}"
    );
    assert!(!out.exists() || walk(&out).is_empty(), "nothing is written");

    // Kalix's rows alone, the column kept: every row is Kalix's.
    let own: String = regional_log("")
        .lines()
        .filter(|l| l.starts_with("Datum") || l.contains(";Kalix;"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(root.join("region.csv"), own).unwrap();
    let run = lofte(&[
        "report".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json = walk(&out)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let json: Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    assert_eq!(rows_counted(&json, "P1"), rows_of(0).0 as u64);
}

/// The urval line `other-municipality` suggests is the one that reads the
/// log: where the column writes some municipalities by code, it gives the
/// agreement's code too (with the name alone, `selection-forms` then
/// refused the rows written "2514", a second step).
#[test]
fn the_suggested_urval_reads_a_column_of_names_and_codes() {
    let root = scratch("regional-suggested");
    let dir = root.join("Kalix");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("logg.csv"),
        "Datum;Kommun;Löfte;Antal\n2024-03-01;Kalix;P1;1\n2024-03-02;2514;P1;1\n2024-03-03;Haparanda;P1;1\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("loften.toml"),
        promise_file("Kalix", "logg.csv", ""),
    )
    .unwrap();
    let check = |dir: &Path| lofte(&["check".as_ref(), dir.as_os_str()]);
    let run = check(&dir);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let line = "urval = { kolumn = \"Kommun\", varde = [\"Kalix\", \"2514\"] }";
    assert!(
        stderr.contains(&format!("add {line} at the top")),
        "{stderr}"
    );
    std::fs::write(
        dir.join("loften.toml"),
        promise_file("Kalix", "logg.csv", line),
    )
    .unwrap();
    let run = check(&dir);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Regression: rows of Kalix written as its code 2514 were neither
/// counted for `varde = "Kalix"` nor warned about; the other way round,
/// rows "Kalix" under `varde = 2514`. A column of codes and names with
/// urval naming one kind is refused until urval gives both.
#[test]
fn urval_by_code_drops_rows_naming_the_municipality() {
    let root = scratch("regional-code-and-name");
    region(&root, "2024-04-02;2514;P1;Fotpatrullering;1;Torget\n");
    let dir = root.join("avtal/Kalix");
    let run = lofte(&["check".as_ref(), dir.as_os_str()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[selection-forms]"), "{stderr}");
    assert!(stderr.contains("\"2514\""), "{stderr}");
    assert!(stderr.contains("region.csv, line "), "{stderr}");

    std::fs::write(
        dir.join("loften.toml"),
        promise_file(
            "Kalix",
            "../../region.csv",
            "urval = { kolumn = \"Kommun\", varde = [\"Kalix\", 2514] }",
        ),
    )
    .unwrap();
    let json = report_into(&dir, &root.join("ut"));
    let (p1, _) = rows_of(0);
    assert_eq!(rows_counted(&json, "P1"), p1 as u64 + 1);
}

/// Regression: a regional log writing another municipality by its code
/// (Haparanda as 2583) stopped Kalix's report, `varde = "Kalix"`, with
/// `selection-forms`, though 2583 cannot be Kalix's rows; so a row "Luleå"
/// under `varde = 2514`. Only rows that may be the agreement's written the
/// other way (Kalix's own 2514, "Kalix") are refused.
#[test]
fn selection_forms_concerns_only_rows_that_may_be_the_agreements() {
    let root = scratch("regional-other-code");
    region(&root, "2024-04-02;2583;P1;Fotpatrullering;1;Torget\n");
    let kalix = report_into(&root.join("avtal/Kalix"), &root.join("ut-kalix"));
    assert_eq!(rows_counted(&kalix, "P1"), rows_of(0).0 as u64);
    // Haparanda's row written by its code is Haparanda's to give.
    let run = lofte(&["check".as_ref(), root.join("avtal/Haparanda").as_os_str()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[selection-forms]"), "{stderr}");
    assert!(
        stderr.contains("for example varde = [\"Haparanda\", \"2583\"]"),
        "{stderr}"
    );

    // The other way round: the log writes codes, Luleå by its name.
    let log = "Datum;Kommun;Löfte;Aktivitet;Antal;Plats\n\
               2024-03-01;2514;P1;Fotpatrullering;1;Torget\n\
               2024-03-02;2514;P1;Fotpatrullering;1;Hamnen\n\
               2024-03-03;Luleå;P1;Fotpatrullering;1;Torget\n";
    std::fs::write(root.join("koder.csv"), log).unwrap();
    let dir = root.join("avtal/Kalix");
    std::fs::write(
        dir.join("loften.toml"),
        promise_file(
            "Kalix",
            "../../koder.csv",
            "urval = { kolumn = \"Kommun\", varde = 2514 }",
        ),
    )
    .unwrap();
    let json = report_into(&dir, &root.join("ut-koder"));
    assert_eq!(rows_counted(&json, "P1"), 2);
    std::fs::write(
        root.join("koder.csv"),
        format!("{log}2024-03-04;Kalix;P1;Fotpatrullering;1;Torget\n"),
    )
    .unwrap();
    let run = lofte(&["check".as_ref(), dir.as_os_str()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[selection-forms]"), "{stderr}");
    assert!(stderr.contains("\"Kalix\""), "{stderr}");
}

/// Regression: a code typed "0180" is kept as text, the same code typed
/// into a number cell as 180: `varde = "0180"` counted only the first.
#[test]
fn urval_code_with_leading_zero_matches_the_number() {
    let root = scratch("regional-leading-zero");
    std::fs::write(
        root.join("region.csv"),
        "Datum;Kommun;Löfte;Antal\n2024-03-01;0180;P1;1\n2024-03-02;180;P1;1\n2024-03-03;0181;P1;1\n",
    )
    .unwrap();
    std::fs::write(
        root.join("loften.toml"),
        promise_file(
            "Stockholm",
            "region.csv",
            "urval = { kolumn = \"Kommun\", varde = \"0180\" }",
        ),
    )
    .unwrap();
    let json = report_into(&root, &root.join("ut"));
    assert_eq!(rows_counted(&json, "P1"), 2);
}

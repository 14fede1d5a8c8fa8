//! The change record of a report made again with `--previous`: what the
//! "Ändringar sedan version N" section says, what the results JSON's
//! `changes` holds and what `lofte diff` prints, each read back out of the
//! files lofte wrote. One test per way the record once stated a wrong or
//! missing figure, named after it; the inputs are under
//! tests/fixtures/changes.

mod support;

use std::path::Path;

use support::{fixture, lofte, pdf_file_text, stderr, stdout};

/// A copy of the fixture folder `name`, to edit and run in.
fn folder(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    support::copy_dir(&fixture(&format!("changes/{name}")), dir.path());
    dir
}

/// `lofte report . -o out/vN.pdf [--previous out/vM.json]`, which must
/// write the report.
fn version(dir: &Path, n: u32) {
    let out = format!("out/v{n}.pdf");
    let previous = format!("out/v{}.json", n - 1);
    let mut args = vec!["report", ".", "-o", &out, "-q"];
    if n > 1 {
        args.extend(["--previous", &previous]);
    }
    let o = lofte(dir, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The "Ändringar sedan version" section of a PDF, whitespace folded, up
/// to the legend or the focus area ("Trygghet", in every fixture) that
/// follows it.
fn change_section(dir: &Path, n: u32) -> String {
    let text = pdf_file_text(&dir.join(format!("out/v{n}.pdf")));
    let start = text
        .find("Ändringar sedan version")
        .unwrap_or_else(|| panic!("no change section in v{n}: {text}"));
    let rest = &text[start..];
    let end = ["Tecken i periodtabellerna", "Trygghet "]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// The results JSON of version `n`.
fn results(dir: &Path, n: u32) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join(format!("out/v{n}.json"))).unwrap()).unwrap()
}

/// `lofte diff out/vA.json out/vB.json`, which must find a difference.
fn diff(dir: &Path, a: u32, b: u32) -> String {
    let o = lofte(
        dir,
        &["diff", &format!("out/v{a}.json"), &format!("out/v{b}.json")],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    stdout(&o)
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} holds no {from:?}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

fn append(dir: &Path, file: &str, line: &str) {
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(line);
    std::fs::write(path, text).unwrap();
}

const HELGVANDRINGAR: &str = "  { typ = \"totalt\", antal = 10, aktiviteter = [\"Helgvandring\"], enhet = [\"helgvandring\", \"helgvandringar\"] },\n";
const FORALDRAMOTEN: &str = "  { typ = \"totalt\", antal = 4, aktiviteter = [\"Föräldramöte\"], enhet = [\"föräldramöte\", \"föräldramöten\"] },\n";

/// A promise's targets were paired by their place in `mal`: a target
/// written before the one there was said to have gone from the other's
/// 6 helgvandringar to 4 föräldramöten, and the helgvandringar to be new
/// ("– → 6"); two targets swapped were both "edited".
#[test]
fn a_target_added_before_another_was_paired_by_position() {
    let dir = folder("01-added-target");
    version(dir.path(), 1);
    edit(
        dir.path(),
        "loften.toml",
        HELGVANDRINGAR,
        &format!("{FORALDRAMOTEN}{HELGVANDRINGAR}"),
    );
    version(dir.path(), 2);
    let section = change_section(dir.path(), 2);
    assert!(
        section.contains("M1 · minst 4 under perioden: nytt mål, ”4 föräldramöten (krav minst 4)”"),
        "{section}"
    );
    for wrong in ["6 → 4", "– → 6", "målet ändrades", "helgvandringar"] {
        assert!(!section.contains(wrong), "{wrong:?} in {section}");
    }
    let changes = &results(dir.path(), 2)["changes"];
    let figures = changes["promises"][0]["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 1, "{figures:?}");
    assert_eq!(figures[0]["target"], 0);
    assert_eq!(figures[0]["old_achieved"], serde_json::Value::Null);
    assert_eq!(figures[0]["new_achieved"], 4.0);
    assert_eq!(changes["promises"][0]["texts"], serde_json::json!([]));
    assert_eq!(
        diff(dir.path(), 1, 2),
        "promise M1: partly_met -> partly_met\n  minst 4 under perioden: - -> 4 föräldramöten (krav minst 4)\n"
    );

    // The two targets swapped, nothing else: no change, no version 3.
    edit(
        dir.path(),
        "loften.toml",
        &format!("{FORALDRAMOTEN}{HELGVANDRINGAR}"),
        &format!("{HELGVANDRINGAR}{FORALDRAMOTEN}"),
    );
    let o = lofte(
        dir.path(),
        &[
            "report",
            ".",
            "-o",
            "out/v3.pdf",
            "--previous",
            "out/v2.json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("inga ändringar sedan version 2; ingen ny version skrevs"),
        "{}",
        stdout(&o)
    );
    assert!(!dir.path().join("out/v3.pdf").exists());
}

/// A change line named only the raw total, and only when it moved: a
/// request added (89 % → 80 %), a class size corrected (90 % → 73 %), a
/// requirement raised (12 → 0 av 12 månader) gave no figure, and a
/// föräldraträff added to an average said "11 → 12", which the report
/// never prints, not 0,92 → 1.
#[test]
fn the_change_line_left_out_the_headline_figure() {
    let dir = folder("02-headline");
    version(dir.path(), 1);
    append(
        dir.path(),
        "logg.csv",
        "2023-06-01;Önskemål om besök;1;;Polisen;;\n",
    );
    version(dir.path(), 2);
    edit(
        dir.path(),
        "logg.csv",
        "2023-03-10;Klassbesök;1;Skola B;Polisen;18;20\n",
        "2023-03-10;Klassbesök;1;Skola B;Polisen;18;30\n",
    );
    version(dir.path(), 3);
    edit(
        dir.path(),
        "loften.toml",
        "typ = \"minst\", antal = 2, per = \"månad\"",
        "typ = \"minst\", antal = 3, per = \"månad\"",
    );
    version(dir.path(), 4);
    append(
        dir.path(),
        "logg.csv",
        "2023-07-15;Föräldraträff;1;Skolan;Kommunen;;\n",
    );
    version(dir.path(), 5);

    // Each line quotes the outcome each version prints.
    let outcome = |n: u32, id: &str| -> String {
        let r = results(dir.path(), n);
        let p = r["promises"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone();
        p["targets"][0]["outcome_text"].as_str().unwrap().to_owned()
    };
    for (n, id, old, new) in [
        (
            2,
            "R1",
            "8 av 9 önskemål besvarade (89 %)",
            "8 av 10 önskemål besvarade (80 %)",
        ),
        (3, "C1", "38 av 42 elever (90 %)", "38 av 52 elever (73 %)"),
        (
            4,
            "T1",
            "12 av 12 månader med minst 2 trafikkontroller; totalt 24",
            "0 av 12 månader med minst 3 trafikkontroller; totalt 24",
        ),
        (
            5,
            "F1",
            "i snitt 0,92 föräldraträffar per månad",
            "i snitt 1 föräldraträff per månad",
        ),
    ] {
        assert_eq!(outcome(n - 1, id), old);
        assert_eq!(outcome(n, id), new);
        let section = change_section(dir.path(), n);
        assert!(
            section.contains(&format!("”{old}” → ”{new}”")),
            "v{n} {id}: {section}"
        );
    }
    assert!(!change_section(dir.path(), 5).contains("11 → 12"));
}

/// The periods of a per-place target were keyed by their start, which
/// every place shares: only the last place was compared, so Coop 1 → 0
/// and ICA 1 → 2 were missing from the line and the JSON, and of Coop
/// 0 → 1, OKQ8 1 → 0 only OKQ8 was said.
#[test]
fn per_place_changes_kept_only_the_last_place() {
    let dir = folder("03-per-place");
    version(dir.path(), 1);
    edit(
        dir.path(),
        "logg.csv",
        "2023-04-10;Tobakstillsyn;1;Coop;",
        "2023-04-10;Tobakstillsyn;1;ICA;",
    );
    version(dir.path(), 2);
    edit(
        dir.path(),
        "logg.csv",
        "2023-06-10;Tobakstillsyn;1;OKQ8;",
        "2023-06-10;Tobakstillsyn;1;ICA;",
    );
    edit(
        dir.path(),
        "logg.csv",
        "2023-05-10;Tobakstillsyn;1;ICA;",
        "2023-05-10;Tobakstillsyn;1;Coop;",
    );
    version(dir.path(), 3);
    let places = |n: u32| -> Vec<(String, f64, f64)> {
        results(dir.path(), n)["changes"]["promises"][0]["figures"][0]["intervals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["label"].as_str().unwrap().to_owned(),
                    i["old"].as_f64().unwrap(),
                    i["new"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        places(2),
        [("Coop".to_owned(), 1.0, 0.0), ("ICA".to_owned(), 1.0, 2.0)]
    );
    assert_eq!(
        places(3),
        [("Coop".to_owned(), 0.0, 1.0), ("OKQ8".to_owned(), 1.0, 0.0)]
    );
    let section = change_section(dir.path(), 2);
    assert!(
        section.contains("Coop: 1 → 0 tillsyner, ICA: 1 → 2 tillsyner"),
        "{section}"
    );
    let section = change_section(dir.path(), 3);
    assert!(
        section.contains("Coop: 0 → 1 tillsyner, OKQ8: 1 → 0 tillsyner"),
        "{section}"
    );
    let diff = diff(dir.path(), 2, 3);
    assert!(
        diff.contains("    Coop: 0 -> 1\n    OKQ8: 1 -> 0\n"),
        "{diff}"
    );
}

/// `delvis = 0.7` written in the promise file turned a target from
/// Delvis uppfyllt to Ej uppfyllt while its promise stayed Delvis
/// uppfyllt: version 2 was written with an empty change section, and
/// `lofte diff` printed the same figure twice without the verdict.
#[test]
fn a_targets_verdict_changed_under_an_unchanged_status_was_not_said() {
    let dir = folder("04-verdict");
    version(dir.path(), 1);
    edit(
        dir.path(),
        "loften.toml",
        "loggar = [\"logg.csv\"]\n",
        "loggar = [\"logg.csv\"]\ndelvis = 0.7\n",
    );
    version(dir.path(), 2);
    let target = |n: u32| results(dir.path(), n)["promises"][0]["targets"][1]["status"].clone();
    assert_eq!(target(1), "partly_met");
    assert_eq!(target(2), "not_met");
    let section = change_section(dir.path(), 2);
    assert!(
        section.contains(
            "Avtalet: andelen för delvis uppfyllt (delvis) ändrades från ”50 %” till ”70 %”."
        ),
        "{section}"
    );
    assert!(
        section.contains("M1 · minst 10 under perioden: Delvis uppfyllt → Ej uppfyllt"),
        "{section}"
    );
    let changes = &results(dir.path(), 2)["changes"];
    assert_eq!(changes["agreement"][0]["field"], "part_met");
    assert_eq!(
        changes["promises"][0]["figures"][0]["new_status"],
        "not_met"
    );
    assert_eq!(
        diff(dir.path(), 1, 2),
        "agreement part_met: 0.5 -> 0.7\n\
         promise M1: partly_met -> partly_met\n  \
         minst 10 under perioden: 6 helgvandringar (krav minst 10) -> 6 helgvandringar (krav minst 10) (partly_met -> not_met)\n"
    );
}

/// Eleven corrected rows, kommunen.csv lines 2–12, were named "rad 10;
/// rad 11; rad 12; och 8 till": rows sorted as text. And "målet ändrad"
/// and "kravet ändrad" are not Swedish.
#[test]
fn change_rows_were_sorted_as_text() {
    let dir = folder("10-row-order");
    version(dir.path(), 1);
    let path = dir.path().join("kommunen.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            ";T4;1;Föräldraträff;Skolan;",
            ";T4;1;Föräldraträff;Skolan, aulan;",
        ),
    )
    .unwrap();
    edit(
        dir.path(),
        "loften.toml",
        "mal = [{ typ = \"minst\", antal = 2, per = \"månad\" }]",
        "mal = [{ typ = \"minst\", antal = 3, per = \"månad\" }]",
    );
    version(dir.path(), 2);
    let rows: Vec<String> = results(dir.path(), 2)["changes"]["rows_changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["place"].as_str().unwrap().to_owned())
        .collect();
    let lines: Vec<String> = (2..=12)
        .map(|l| format!("kommunen.csv, line {l}"))
        .collect();
    assert_eq!(rows, lines);
    let section = change_section(dir.path(), 2);
    assert!(
        section.contains(
            "T4 (11 rader rättade i kommunen.csv, rad 2; kommunen.csv, rad 3; kommunen.csv, rad 4; och 8 till)"
        ),
        "{section}"
    );
    assert!(
        section.contains("mål 1: målet ändrades från ”minst 2 per månad” till ”minst 3 per månad”; mål 1: kravet ändrades från ”2” till ”3”"),
        "{section}"
    );
    assert!(!section.contains("ändrad "), "{section}");
}

/// The kommun's row of a joint walk that both parties logged (paired
/// with the police's row, which is counted, and counted once) corrected:
/// the record said it counted "toward no promise" ("Rader som inte
/// räknas mot något löfte: en rad rättad i kommunen.csv, rad 13"), though
/// it is T3's walk.
#[test]
fn a_joint_walks_partner_row_was_said_to_count_toward_no_promise() {
    let dir = folder("10-row-order");
    version(dir.path(), 1);
    let before = results(dir.path(), 1);
    let pair = &before["data_quality"]["logged_by_both"][0];
    assert_eq!(pair["also"][0]["file"], "kommunen.csv", "{pair}");
    assert_eq!(pair["also"][0]["row"], 13, "{pair}");
    edit(
        dir.path(),
        "kommunen.csv",
        "2023-05-16;T3;1;Trygghetsvandring;Centrum;Kommunen, polisen;",
        "2023-05-16;T3;1;Trygghetsvandring;Centrum;Kommunen, polisen, fältgruppen;",
    );
    version(dir.path(), 2);
    let section = change_section(dir.path(), 2);
    assert!(
        section.contains("T3 (en rad rättad i kommunen.csv, rad 13)"),
        "{section}"
    );
    assert!(
        !section.contains("inte räknas mot något löfte"),
        "{section}"
    );
    let changes = &results(dir.path(), 2)["changes"];
    let t3 = changes["promises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "T3")
        .expect("T3 in the record");
    assert_eq!(t3["rows"][0]["place"], "kommunen.csv, line 13");
    // The walk is still counted once: T3's figure did not move.
    assert_eq!(t3["figures"], serde_json::json!([]));
    assert_eq!(t3["old_status"], t3["new_status"]);
}

/// A row marked as not done (a Status column saying "Inställd") was
/// called removed ("en rad borttagen ur polisen.csv, rad 2"), though it
/// is still in the log, left out because it was cancelled.
#[test]
fn a_row_marked_installd_was_called_removed() {
    let dir = folder("10-row-order");
    version(dir.path(), 1);
    // A Status column added, one row in it cancelled.
    let path = dir.path().join("polisen.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let with_status: String = text
        .lines()
        .enumerate()
        .map(|(i, line)| match i {
            0 => format!("{line};Status\n"),
            1 => format!("{line};Inställd\n"),
            _ => format!("{line};\n"),
        })
        .collect();
    assert!(with_status.contains("2023-01-05;T1;1;Trafikkontroll;E4;Polisen;;Inställd"));
    std::fs::write(&path, with_status).unwrap();
    version(dir.path(), 2);
    let section = change_section(dir.path(), 2);
    assert!(
        section.contains("en rad markerad som inte genomförd (räknas inte) i polisen.csv, rad 2"),
        "{section}"
    );
    assert!(!section.contains("borttagen"), "{section}");
    let changes = &results(dir.path(), 2)["changes"];
    assert_eq!(changes["rows_removed"][0]["kind"], "not_done");
    assert_eq!(changes["rows_removed"][0]["place"], "polisen.csv, line 2");
    assert_eq!(
        changes["rows_removed"].as_array().map(Vec::len),
        Some(1),
        "{changes}"
    );
    assert!(
        diff(dir.path(), 1, 2)
            .contains("- polisen.csv, line 2: 2023-01-05 | T1 | 1 | Trafikkontroll | E4 | Polisen (marked not done)"),
        "{}",
        diff(dir.path(), 1, 2)
    );
}

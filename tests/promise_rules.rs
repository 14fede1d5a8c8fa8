//! The promise file and the counting rules: each case here once gave a
//! figure the user did not mean with "0 errors, 0 warnings". A reference
//! that matches nothing, a key of another target kind, a joint walk logged
//! by both parties, a comment shown in the wrong report, a target not yet
//! due, "1 insatser".

mod support;
use support::{lofte, pdf_file_text as pdf_text, stderr};

use std::path::Path;
use std::process::Output;

use serde_json::Value;

/// The head of every promise file here; promises follow it.
const HEAD: &str = r#"kommun = "Testby"
lokalpolisomrade = "Testområdet"
period = { fran = 2023-01-01, till = 2023-12-31 }
loggar = ["logg.csv"]

[[fokusomrade]]
id = "trygghet"
namn = "Trygghet"
"#;

/// A folder holding `loften.toml` (HEAD + `promises`) and the given logs.
fn folder(promises: &str, logs: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), format!("{HEAD}{promises}")).unwrap();
    for (name, text) in logs {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// A folder whose promise file runs over `period` ("2024-01-01",
/// "2025-12-31") with `promises`, and `logg.csv` holding `log`.
fn over_period(period: (&str, &str), promises: &str, log: &str) -> tempfile::TempDir {
    let head = HEAD.replace(
        "period = { fran = 2023-01-01, till = 2023-12-31 }",
        &format!("period = {{ fran = {}, till = {} }}", period.0, period.1),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), format!("{head}{promises}")).unwrap();
    std::fs::write(dir.path().join("logg.csv"), log).unwrap();
    dir
}

/// The diagnostic blocks of an output (blank-line separated), each whole.
fn blocks(o: &Output) -> Vec<String> {
    stderr(o)
        .split("\n\n")
        .map(|b| b.trim().to_owned())
        .filter(|b| !b.is_empty())
        .collect()
}

/// The block with this code, whole; fails when there is none.
fn block(o: &Output, code: &str) -> String {
    let all = blocks(o);
    all.iter()
        .find(|b| b.contains(&format!("[{code}]")))
        .cloned()
        .unwrap_or_else(|| panic!("no {code} in:\n{}", stderr(o)))
}

fn results(dir: &Path, name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
}

/// Where `needle` starts in `file`, as the messages print it:
/// `./loften.toml:LINE:COLUMN`, the column counted in characters.
fn at_in(file: &str, needle: &str) -> String {
    let (i, line) = file
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap();
    let column = line[..line.find(needle).unwrap()].chars().count() + 1;
    format!("./loften.toml:{}:{column}", i + 1)
}

/// [`at_in`] for a promise file made by [`folder`].
fn at(promises: &str, needle: &str) -> String {
    at_in(&format!("{HEAD}{promises}"), needle)
}

const REPORT: &str = "uppfoljning-testby-2023.pdf";
const REPORT_JSON: &str = "uppfoljning-testby-2023.json";

// ---------------------------------------------------------------- references

const SEIZURES: &str = r#"
[[lofte]]
id = "N1"
fokusomrade = "trygghet"
text = "Mängden beslagtagen narkotika ska vara minst 10 gram."
ansvarig = "Polisen"
mal = [{ typ = "totalt", antal = 10, kolumn = "Beslag" }]
"#;

#[test]
fn kolumn_that_no_log_has_is_an_error_naming_the_line_and_the_columns() {
    let log = "Datum;Löfte;Aktivitet;Beslag (g);Bil\n2023-03-01;N1;Beslag;12,5;ABC123\n";
    let dir = folder(SEIZURES, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        block(&out, "unknown-column"),
        format!(
            "error[unknown-column]: no log has the column \"Beslag\" that this target sums\n  \
             --> {}\n   \
             = found: \"Beslag\"\n   \
             = expected: one of the logs' columns: \"Beslag (g)\", \"Bil\"\n   \
             = hint: write kolumn exactly as the column's header, such as \"Beslag (g)\"",
            at(SEIZURES, "\"Beslag\"")
        )
    );
    // report refuses too: no "0 (krav minst 10)".
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.path().join(REPORT).exists());
}

const TRAFFIC: &str = r#"
[[lofte]]
id = "T1"
fokusomrade = "trygghet"
text = "Polisen ska genomföra minst en trafiksäkerhetsinsats under året."
ansvarig = "Polisen"
mal = [{ typ = "totalt", antal = 1, aktiviteter = ["Trafiksakerhetsinsatts"] }]
"#;

#[test]
fn activity_type_that_matches_no_row_warns_and_its_target_has_no_data() {
    let log = "Datum;Löfte;Aktivitet\n2023-03-01;T1;Trafikinsats\n2023-04-01;T1;Medborgardialog\n";
    let dir = folder(TRAFFIC, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        block(&out, "matches-no-row"),
        format!(
            "warning[matches-no-row]: the activity type \"Trafiksakerhetsinsatts\" matches no row in any log (column Aktivitet)\n  \
             --> {}\n   \
             = found: \"Trafiksakerhetsinsatts\"\n   \
             = hint: the logs hold \"Trafikinsats\", \"Medborgardialog\"; write the value as the log writes it",
            at(TRAFFIC, "\"Trafiksakerhetsinsatts\"")
        )
    );
    let json = results(dir.path(), REPORT_JSON);
    let target = &json["promises"][0]["targets"][0];
    assert_eq!(target["status"], "no_data", "{target:#}");
    assert_eq!(json["promises"][0]["status"], "no_data");
    let text = pdf_text(&dir.path().join(REPORT));
    assert!(text.contains("Underlag saknas"), "{text}");
    // The report's data quality names it too.
    assert_eq!(
        json["data_quality"]["warnings"][0]["code"],
        "matches-no-row"
    );
    // A row holding the value as it was meant ("Trafiksäkerhetsinsats",
    // one letter from the promise file's) is not left out in silence:
    // the report is refused, naming the row and the promise file's line.
    let log = "Datum;Löfte;Aktivitet\n2023-03-01;T1;Trafiksäkerhetsinsats\n";
    let dir = folder(TRAFFIC, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        block(&out, "near-activity").contains("--> logg.csv, line 2, column C"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn place_and_alias_that_match_no_row_warn_with_the_values_the_logs_hold() {
    let promises = r#"
[[lofte]]
id = "T1"
fokusomrade = "trygghet"
text = "Tobakstillsyn vid varje försäljningsställe."
ansvarig = "Polisen"
alias = ["Tobak"]
mal = [{ typ = "per_plats", antal = 1, platser = ["Coop", "Ika"] }]
"#;
    let log = "Datum;Löfte;Plats\n2023-03-01;T1;Coop\n2023-04-01;T1;ICA\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    // Two warnings of one kind: read them as JSON, each whole.
    let out = lofte(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let all: Value = serde_json::from_slice(&out.stdout).unwrap();
    let find = |found: &str| {
        all.as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "matches-no-row" && d["found"] == found)
            .cloned()
            .unwrap_or_else(|| panic!("no warning for {found}: {all:#}"))
    };
    let place = find("Ika");
    assert_eq!(
        place["message"],
        "the place \"Ika\" matches no row in any log (column Plats)"
    );
    assert_eq!(place["location"]["text"], at(promises, "\"Ika\""));
    assert_eq!(
        place["hint"],
        "the logs hold \"ICA\", \"Coop\"; write the value as the log writes it"
    );
    let alias = find("Tobak");
    assert_eq!(
        alias["message"],
        "the alias \"Tobak\" matches no row in any log (column Löfte)"
    );
    assert_eq!(alias["location"]["text"], at(promises, "\"Tobak\""));
    assert_eq!(
        alias["hint"],
        "the logs hold \"T1\"; write the value as the log writes it"
    );
}

// ---------------------------------------------------------------- keys per kind

fn one_target(target: &str) -> String {
    format!(
        r#"
[[lofte]]
id = "K1"
fokusomrade = "trygghet"
text = "Ett löfte."
ansvarig = "Polisen"
mal = [{target}]
"#
    )
}

const LOG: &str = "Datum;Löfte\n2023-03-01;K1\n";

#[test]
fn per_on_a_total_target_is_an_error_with_line_and_column() {
    let promises = one_target(r#"{ typ = "totalt", antal = 10, per = "månad" }"#);
    let dir = folder(&promises, &[("logg.csv", LOG)]);
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        block(&out, "key-not-for-kind"),
        format!(
            "error[key-not-for-kind]: the key \"per\" does not belong to a \"totalt\" target\n  \
             --> {}\n   \
             |\n\
             15 | mal = [{{ typ = \"totalt\", antal = 10, per = \"månad\" }}]\n   \
             |                                      ^^^\n   \
             = hint: a \"totalt\" target takes antal, rakna, inom, over (and beskrivning, enhet, aktiviteter, kolumn, fran, till); to judge every week, month or year, write typ = \"minst\"",
            at(&promises, "per =")
        )
    );
}

#[test]
fn intervall_on_minst_and_antal_on_text_are_errors() {
    for (target, key, kind) in [
        (
            r#"{ typ = "minst", antal = 1, per = "vecka", intervall = 3 }"#,
            "intervall",
            "minst",
        ),
        (r#"{ typ = "text", antal = 2 }"#, "antal", "text"),
        (
            r#"{ typ = "snitt", antal = 2, per = "vecka", platser = ["Torget"] }"#,
            "platser",
            "snitt",
        ),
    ] {
        let promises = one_target(target);
        let dir = folder(&promises, &[("logg.csv", LOG)]);
        let out = lofte(dir.path(), &["check", "."]);
        assert_eq!(out.status.code(), Some(1), "{target}: {}", stderr(&out));
        let b = block(&out, "key-not-for-kind");
        assert!(
            b.starts_with(&format!(
                "error[key-not-for-kind]: the key \"{key}\" does not belong to a \"{kind}\" target\n  --> {}\n",
                at(&promises, &format!("{key} ="))
            )),
            "{b}"
        );
    }
}

#[test]
fn empty_platser_says_empty_not_missing() {
    let promises = one_target(r#"{ typ = "per_plats", antal = 1, platser = [] }"#);
    let dir = folder(&promises, &[("logg.csv", LOG)]);
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let b = block(&out, "empty-value");
    assert!(
        b.starts_with(
            "error[empty-value]: \"platser\" is empty: a \"per_plats\" target needs at least one place"
        ),
        "{b}"
    );
    assert!(!stderr(&out).contains("needs the key \"platser\""));
}

// ---------------------------------------------------------------- who took part

const WALK: &str = r#"
[[lofte]]
id = "V1"
fokusomrade = "trygghet"
text = "Polis och kommun ska tillsammans genomföra minst två trygghetsvandringar."
ansvarig = "Polisen och kommunen"
gemensamt = true
enhet = "trygghetsvandringar"
mal = [{ typ = "totalt", antal = 2 }]
"#;

#[test]
fn check_reports_a_joint_promise_whose_only_row_lacks_the_partner() {
    let log = "Datum;Löfte;Ansvarig\n2023-05-02;V1;Polisen\n";
    let dir = folder(WALK, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        block(&out, "joint-without-partner"),
        "warning[joint-without-partner]: V1 is a joint promise, and its one row in the window does not show both the police and the municipality: the report says \"Underlag saknas\"\n  \
         --> logg.csv, line 2\n   \
         = found: \"Polisen\"\n   \
         = hint: write both parties in Ansvarig/Deltagare (\"Polis, Kommun\" or \"Gemensamt\"), or name local services under parter in the promise file"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("note: V1: \"Underlag saknas\""), "{stdout}");
}

#[test]
fn kommunpolis_alone_is_the_police_not_both_parties() {
    let log =
        "Datum;Löfte;Ansvarig\n2023-05-02;V1;Kommunpolis\n2023-09-12;V1;kommunpolisen i Kalix\n";
    let dir = folder(WALK, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), REPORT_JSON);
    assert_eq!(json["promises"][0]["status"], "no_data");
    assert_eq!(json["promises"][0]["rows_counted"], 0);
    assert_eq!(
        json["data_quality"]["missing_partner"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(json["promises"][0]["contributions"]["police"], 2);
}

#[test]
fn parter_names_local_services_as_a_party() {
    let promises = WALK.replace(
        "[[lofte]]",
        "[parter]\nkommunen = [\"Fältgruppen\"]\n\n[[lofte]]",
    );
    let log = "Datum;Löfte;Ansvarig\n2023-05-02;V1;Polisen, Fältgruppen\n2023-09-12;V1;Kommunpolis och fältgruppen\n";
    let dir = folder(&promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), REPORT_JSON);
    assert_eq!(json["promises"][0]["status"], "met", "{json:#}");
    assert_eq!(json["promises"][0]["rows_counted"], 2);
}

#[test]
fn joint_walk_logged_by_both_parties_counts_once() {
    let head = HEAD.replace(
        "loggar = [\"logg.csv\"]",
        "loggar = [\"polisen.csv\", \"kommunen.csv\"]",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), format!("{head}{WALK}")).unwrap();
    std::fs::write(
        dir.path().join("polisen.csv"),
        "Datum;Löfte;Ansvarig\n2023-05-02;V1;Polis, Kommun\n2023-09-12;V1;Polis, Kommun\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kommunen.csv"),
        "Datum;Löfte;Ansvarig\n2023-05-02;V1;Gemensamt\n2023-09-12;V1;Kommunen\n",
    )
    .unwrap();
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), REPORT_JSON);
    let v1 = &json["promises"][0];
    // Two walks, not four.
    assert_eq!(v1["targets"][0]["total"], 2.0, "{v1:#}");
    assert_eq!(v1["rows_counted"], 2);
    assert_eq!(v1["status"], "met");
    let merged = json["data_quality"]["logged_by_both"].as_array().unwrap();
    assert_eq!(merged.len(), 2, "{merged:#?}");
    assert_eq!(merged[0]["counted"]["file"], "polisen.csv");
    assert_eq!(merged[0]["also"][0]["file"], "kommunen.csv");
    let text = pdf_text(&dir.path().join(REPORT));
    assert!(
        text.contains("polisen.csv rad 2 (V1): loggad av båda parter, räknad en gång (också kommunen.csv rad 2)"),
        "{text}"
    );
    assert!(text.contains("räknas en gång"), "{text}");
    let check = lofte(dir.path(), &["check", "."]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains("are the same joint event logged by both parties, counted once"),
        "{stdout}"
    );
}

// ---------------------------------------------------------------- comments

const TWO_YEARS: &str = r#"kommun = "Testby"
lokalpolisomrade = "Testområdet"
period = { fran = 2020-01-01, till = 2021-12-31 }
loggar = ["logg.csv"]

[[fokusomrade]]
id = "trygghet"
namn = "Trygghet"

[[lofte]]
id = "K1"
fokusomrade = "trygghet"
text = "Löpande arbete med grannsamverkan."
ansvarig = "Polisen"
mal = [{ typ = "text" }]

[[lofte.kommentar]]
fonster = "2021"
kommentar = "Två nya områden."
nasta_steg = "Träff i mars."

[[lofte.kommentar]]
fonster = "2020"
kommentar = "Ett område startade."

[[lofte.kommentar]]
fonster = "2021-09-01..2021-12-31"
kommentar = "Hösten: kontaktombud bytte."

[[lofte.kommentar]]
fonster = "2024"
kommentar = "Skrivet för fel år."
"#;

fn two_years() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), TWO_YEARS).unwrap();
    std::fs::write(
        dir.path().join("logg.csv"),
        "Datum;Löfte\n2020-03-01;K1\n2021-03-01;K1\n",
    )
    .unwrap();
    dir
}

#[test]
fn each_years_comment_is_shown_in_a_two_year_report_in_year_order() {
    let dir = two_years();
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "uppfoljning-testby-2020-2021.json");
    let k1 = &json["promises"][0];
    assert_eq!(
        k1["comment"],
        "2020: Ett område startade.\n2021: Två nya områden.\n2021-09-01 – 2021-12-31: Hösten: kontaktombud bytte."
    );
    assert_eq!(k1["next_step"], "2021: Träff i mars.");
    let labels: Vec<&str> = k1["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2020", "2021", "2021-09-01 – 2021-12-31"]);
}

#[test]
fn a_comment_is_not_shown_before_its_window_has_started() {
    let dir = two_years();
    let out = lofte(
        dir.path(),
        &["report", ".", "--as-of", "2021-06-30", "-o", "juni.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "juni.json");
    // The whole period as of June 2021: both years have started, the
    // autumn has not.
    assert_eq!(
        json["promises"][0]["comment"],
        "2020: Ett område startade.\n2021: Två nya områden."
    );
    let text = pdf_text(&dir.path().join("juni.pdf"));
    assert!(!text.contains("Hösten"), "{text}");
    assert!(text.contains("Ett område startade."), "{text}");

    // The year 2021 alone, as of June: its own comment, unlabelled.
    let out = lofte(
        dir.path(),
        &[
            "report",
            ".",
            "--window",
            "2021",
            "--as-of",
            "2021-06-30",
            "-o",
            "juni-2021.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "juni-2021.json");
    assert_eq!(json["promises"][0]["comment"], "Två nya områden.");
}

#[test]
fn a_comment_outside_every_report_window_is_a_warning_in_check() {
    let dir = two_years();
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        block(&out, "comment-outside-period"),
        format!(
            "warning[comment-outside-period]: this comment belongs to 2024-01-01 – 2024-12-31, outside the agreement period 2020-01-01 – 2021-12-31: no report will show it\n  \
             --> {}\n   \
             |\n\
             31 | fonster = \"2024\"\n   \
             |           ^^^^^^\n   \
             = hint: write the year the comment is about, within the period, or \"hela\"",
            at_in(TWO_YEARS, "\"2024\"")
        )
    );
}

// ---------------------------------------------------------------- mid-year

#[test]
fn a_walk_planned_for_september_is_in_progress_in_june_not_without_data() {
    let promises = WALK.replace("antal = 2", "antal = 1");
    let log = "Datum;Löfte;Ansvarig\n2023-09-12;V1;Gemensamt\n";
    let dir = folder(&promises, &[("logg.csv", log)]);
    let out = lofte(
        dir.path(),
        &["report", ".", "--as-of", "2023-06-30", "-o", "juni.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "juni.json");
    assert_eq!(json["promises"][0]["status"], "in_progress", "{json:#}");
    let text = pdf_text(&dir.path().join("juni.pdf"));
    assert!(
        text.contains("0 hittills; 1 väntas före årets slut"),
        "{text}"
    );
    assert!(!text.contains("förväntade 0,5"), "{text}");
}

#[test]
fn rows_clearly_due_but_missing_are_without_data_mid_year() {
    let promises = one_target(r#"{ typ = "minst", antal = 2, per = "månad" }"#);
    let log = "Datum;Löfte\n2023-08-01;K1\n";
    let dir = folder(&promises, &[("logg.csv", log)]);
    let out = lofte(
        dir.path(),
        &["report", ".", "--as-of", "2023-06-30", "-o", "juni.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "juni.json");
    assert_eq!(json["promises"][0]["status"], "no_data", "{json:#}");
}

#[test]
fn mid_year_and_full_year_reports_get_different_names() {
    let promises = one_target(r#"{ typ = "totalt", antal = 1 }"#);
    let dir = folder(&promises, &[("logg.csv", LOG)]);
    let full = lofte(dir.path(), &["report", "."]);
    assert_eq!(full.status.code(), Some(0), "{}", stderr(&full));
    let full_pdf = std::fs::read(dir.path().join(REPORT)).unwrap();
    let mid = lofte(dir.path(), &["report", ".", "--as-of", "2023-06-30"]);
    assert_eq!(mid.status.code(), Some(0), "{}", stderr(&mid));
    assert!(
        dir.path()
            .join("uppfoljning-testby-2023-per-2023-06-30.pdf")
            .is_file()
    );
    assert!(
        dir.path()
            .join("uppfoljning-testby-2023-per-2023-06-30.json")
            .is_file()
    );
    // The full-year report is still there, untouched.
    assert_eq!(std::fs::read(dir.path().join(REPORT)).unwrap(), full_pdf);
}

// ---------------------------------------------------------------- words

#[test]
fn one_is_singular_in_swedish_and_english() {
    let promises = r#"
[[lofte]]
id = "K1"
fokusomrade = "trygghet"
text = "Minst en insats."
ansvarig = "Polisen"
enhet = ["insats", "insatser"]
mal = [{ typ = "totalt", antal = 1 }]

[[lofte]]
id = "K2"
fokusomrade = "trygghet"
text = "Minst en aktion per år."
ansvarig = "Polisen"
enhet = "aktioner"
mal = [{ typ = "minst", antal = 1, per = "år" }]
"#;
    let log = "Datum;Löfte\n2023-03-01;K1\n2023-03-02;K2\n2023-03-03;K2\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), REPORT_JSON);
    assert_eq!(
        json["promises"][0]["targets"][0]["outcome_text"],
        "1 insats (krav minst 1)"
    );
    assert_eq!(
        json["promises"][1]["targets"][0]["outcome_text"],
        "1 av 1 år med minst 1 aktion; totalt 2"
    );
    let text = pdf_text(&dir.path().join(REPORT));
    assert!(text.contains("1 insats (krav minst 1)"), "{text}");
    assert!(!text.contains("1 insatser"), "{text}");

    let en = lofte(dir.path(), &["report", ".", "--lang", "en", "-o", "en.pdf"]);
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    let text = pdf_text(&dir.path().join("en.pdf"));
    assert!(text.contains("1 insats (at least 1 required)"), "{text}");
    assert!(
        text.contains("1 of 1 year with at least 1 aktion"),
        "{text}"
    );
}

#[test]
fn unknown_promise_id_is_suggested_by_the_rows_activity_type() {
    let promises = r#"
[[lofte]]
id = "U3"
fokusomrade = "trygghet"
text = "Utbildning."
ansvarig = "Polisen"
mal = [{ typ = "text" }]

[[lofte]]
id = "T2"
fokusomrade = "trygghet"
text = "Trygghetsvandringar."
ansvarig = "Polisen"
mal = [{ typ = "totalt", antal = 1 }]
"#;
    let log =
        "Datum;Löfte;Aktivitet\n2023-03-01;T2;Trygghetsvandring\n2023-05-01;V3;Trygghetsvandring\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let b = block(&out, "unknown-promise");
    assert!(
        b.ends_with(
            "= hint: did you mean T2? rows with the activity \"Trygghetsvandring\" count toward T2"
        ),
        "{b}"
    );
}

// ---------------------------------------------------------------- forms (issue 16)

/// "Polisen genomför minst två riktade narkotikainsatser" in a 2020–2021
/// agreement: the 2020 report shows progress toward the two, not a
/// shortfall against them, and the 2021 report counts 2020's row too.
#[test]
fn a_total_over_the_agreement_period_is_in_progress_until_the_period_ends() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("loften.toml"),
        r#"kommun = "Testby"
lokalpolisomrade = "Testområdet"
period = { fran = 2020-01-01, till = 2021-12-31 }
loggar = ["logg.csv"]

[[fokusomrade]]
id = "narkotika"
namn = "Narkotika"

[[lofte]]
id = "R1"
fokusomrade = "narkotika"
text = "Polisen genomför minst två riktade narkotikainsatser."
ansvarig = "Polisen"
mal = [{ typ = "totalt", antal = 2, over = "avtalsperioden" }]
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("logg.csv"),
        "Datum;Löfte\n2020-05-12;R1\n2021-03-02;R1\n",
    )
    .unwrap();
    let out = lofte(dir.path(), &["report", ".", "--window", "2020"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "uppfoljning-testby-2020.json");
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["status"], "in_progress");
    assert_eq!(t["achieved"], 1.0);
    assert_eq!(t["required"], 2.0);
    assert_eq!(
        t["outcome_text"],
        "1 av 2 hittills, avtalet löper till 2021-12-31"
    );
    // The pace runs over the whole agreement: 2 × 366 / 731 = 1.0014 due by
    // the end of 2020 (a leap year), shown as 1,0: one row is on plan.
    assert_eq!(t["pace"]["window_days"], 731);
    assert_eq!(t["pace"]["elapsed_days"], 366);
    let expected = t["pace"]["expected_so_far"].as_f64().unwrap();
    assert!((expected - 2.0 * 366.0 / 731.0).abs() < 1e-9, "{expected}");
    assert_eq!(t["pace"]["on_track"], true);
    assert_eq!(t["pace"]["ends"], "2021-12-31");
    let text = pdf_text(&dir.path().join("uppfoljning-testby-2020.pdf"));
    assert!(
        text.contains("1 av 2 hittills, avtalet löper till 2021-12-31"),
        "{text}"
    );

    let en = lofte(
        dir.path(),
        &[
            "report", ".", "--window", "2020", "--lang", "en", "-o", "en.pdf",
        ],
    );
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    let text = pdf_text(&dir.path().join("en.pdf"));
    assert!(
        text.contains("1 of 2 so far; the agreement runs to 2021-12-31"),
        "{text}"
    );

    let out = lofte(dir.path(), &["report", ".", "--window", "2021"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "uppfoljning-testby-2021.json");
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["status"], "met");
    assert_eq!(t["achieved"], 2.0);
    assert_eq!(t["row_indexes"].as_array().unwrap().len(), 2);
}

/// Regression: a total over the agreement period met by the first year's
/// rows was "Underlag saknas" in the second year's report (its target
/// "1 av 1", met), because no row lay in the second year.
#[test]
fn total_over_agreement_met_earlier_is_not_underlag_saknas() {
    let dir = over_period(
        ("2024-01-01", "2025-12-31"),
        r#"
[[lofte]]
id = "H2"
fokusomrade = "trygghet"
text = "Kommunen genomför minst en drogvaneundersökning under avtalsperioden."
ansvarig = "Kommunen"
mal = [{ typ = "totalt", antal = 1, over = "avtalsperioden" }]
"#,
        "Datum;Löfte\n2024-10-01;H2\n",
    );
    let out = lofte(dir.path(), &["report", ".", "--window", "2025"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("no-rows"), "{}", stderr(&out));
    let json = results(dir.path(), "uppfoljning-testby-2025.json");
    assert_eq!(json["promises"][0]["targets"][0]["status"], "met");
    assert_eq!(json["promises"][0]["status"], "met");
    let text = pdf_text(&dir.path().join("uppfoljning-testby-2025.pdf"));
    assert!(text.contains("H2 · Uppfyllt"), "{text}");
}

/// "8 av 9 önskemål besvarade", from two activity types, and rows at other
/// places than `inom` listed as not counted.
#[test]
fn requests_answered_and_rows_outside_the_group_not_counted() {
    let promises = r#"
[platsgrupper]
byar = ["Svanstein", "Övre Soppero"]

[[lofte]]
id = "Ö1"
fokusomrade = "trygghet"
text = "Önskar en skola ett besök så lovar vi att komma."
ansvarig = "Polisen"
mal = [{ typ = "önskemål", onskemal = ["Önskemål"], svar = ["Besök"] }]

[[lofte]]
id = "B1"
fokusomrade = "trygghet"
text = "Minst 30 trafikkontroller i kommunens byar."
ansvarig = "Polisen"
enhet = "trafikkontroller"
aktiviteter = ["Trafikkontroll"]
mal = [{ typ = "totalt", antal = 30, inom = "byar" }]
"#;
    let log = "Datum;Aktivitet;Plats;Antal\n\
               2023-02-01;Önskemål;;5\n\
               2023-03-01;Önskemål;;4\n\
               2023-04-01;Besök;;8\n\
               2023-05-01;Trafikkontroll;svanstein;20\n\
               2023-05-02;Trafikkontroll;Ovre  Soppero;10\n\
               2023-05-03;Trafikkontroll;Centrum;7\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), REPORT_JSON);
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["outcome_text"], "8 av 9 önskemål besvarade (89 %)");
    assert_eq!(t["status"], "partly_met");
    assert_eq!(t["requests"], 9.0);
    let t = &json["promises"][1]["targets"][0];
    assert_eq!(t["outcome_text"], "30 trafikkontroller (krav minst 30)");
    assert_eq!(t["status"], "met");
    assert_eq!(t["places_within"], "byar");
    // The Centrum row (line 7 of the csv) is shown as not counted.
    let elsewhere: Vec<u64> = t["elsewhere"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap())
        .collect();
    assert_eq!(elsewhere, [7]);
    assert!(t.get("not_counted").is_none(), "{t}");
    let text = pdf_text(&dir.path().join(REPORT));
    assert!(text.contains("8 av 9 önskemål besvarade (89 %)"), "{text}");
    assert!(
        text.contains("Räknas inte, annan plats än byar: 1 rad (logg.csv rad 7)"),
        "{text}"
    );

    let en = lofte(dir.path(), &["report", ".", "--lang", "en", "-o", "en.pdf"]);
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    let text = pdf_text(&dir.path().join("en.pdf"));
    assert!(text.contains("8 of 9 requests answered (89 %)"), "{text}");
    assert!(
        text.contains("Not counted, elsewhere than byar: 1 row (logg.csv, line 7)"),
        "{text}"
    );
}

/// "under minst 30 helger": weekends with a row, not rows; a Friday
/// morning row is no weekend.
#[test]
fn weekends_are_counted_once_each_and_a_friday_morning_is_not_one() {
    let promises = one_target(r#"{ typ = "totalt", antal = 3, rakna = "helger" }"#);
    let log = "Datum;Löfte;Antal\n\
               2023-03-03 21:00;K1;2\n\
               2023-03-05;K1;4\n\
               2023-03-10 09:00;K1;1\n\
               2023-03-18;K1;1\n";
    let dir = folder(&promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), REPORT_JSON);
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["outcome_text"], "2 helger (krav minst 3)");
    assert_eq!(t["status"], "partly_met");
    assert_eq!(t["counting"], "weekends");
    assert_eq!(t["row_indexes"].as_array().unwrap().len(), 3);
    assert_eq!(t["not_counted"][0]["row"], 4);
    let text = pdf_text(&dir.path().join(REPORT));
    assert!(text.contains("2 helger (krav minst 3)"), "{text}");
    assert!(
        text.contains("Räknas inte, utanför helgerna (fredag från kl. 17 till söndag): 1 rad"),
        "{text}"
    );
    let en = lofte(dir.path(), &["report", ".", "--lang", "en", "-o", "en.pdf"]);
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    let text = pdf_text(&dir.path().join("en.pdf"));
    assert!(text.contains("2 weekends (at least 3 required)"), "{text}");
}

#[test]
fn an_inom_place_no_log_has_warns_and_a_status_column_no_log_has_is_an_error() {
    let promises = r#"
[[lofte]]
id = "K1"
fokusomrade = "trygghet"
text = "Ett löfte."
ansvarig = "Polisen"
mal = [
  { typ = "totalt", antal = 1, inom = ["Torgat"] },
  { typ = "önskemål", status = "Stauts" },
]
"#;
    let log = "Datum;Löfte;Plats;Status\n2023-03-01;K1;Torget;Klar\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let b = block(&out, "matches-no-row");
    assert!(
        b.starts_with(&format!(
            "warning[matches-no-row]: the place \"Torgat\" matches no row in any log (column Plats)\n  --> {}\n",
            at(promises, "\"Torgat\"")
        )),
        "{b}"
    );
    let b = block(&out, "unknown-column");
    assert!(
        b.starts_with(
            "error[unknown-column]: no log has the column \"Stauts\" that this target reads the status of a request from"
        ),
        "{b}"
    );
    assert!(b.contains("\"Status\""), "{b}");
}

/// A trend restricted to places compares the same places each year: the
/// year before counts only its rows in the group too.
#[test]
fn a_trend_within_places_compares_the_same_places_each_year() {
    let promises = r#"
[platsgrupper]
byar = ["Svanstein"]

[[lofte]]
id = "K1"
fokusomrade = "trygghet"
text = "Antalet kontroller i byarna ska öka."
ansvarig = "Polisen"
mal = [{ typ = "trend", riktning = "öka", inom = "byar" }]
"#;
    let log = "Datum;Löfte;Plats;Antal\n\
               2022-05-01;K1;Svanstein;3\n\
               2022-05-02;K1;Centrum;10\n\
               2023-05-01;K1;Svanstein;4\n\
               2023-05-02;K1;Centrum;1\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), REPORT_JSON);
    let t = &json["promises"][0]["targets"][0];
    // 4 in the villages in 2023 against 3 in 2022, not against 13.
    assert_eq!(t["outcome_text"], "2023: 4 (före: 3); ökning krävs");
    assert_eq!(t["status"], "met");
}

/// "erbjuda varje fjärdeklassare …": classes reached out of the classes
/// there were, the whole summed from a column of the log.
#[test]
fn coverage_against_a_column_in_both_languages() {
    let promises = r#"
[[lofte]]
id = "C1"
fokusomrade = "trygghet"
text = "Polisen ska erbjuda varje fjärdeklass ett besök."
ansvarig = "Polisen"
enhet = ["klass", "klasser"]
mal = [{ typ = "täckning", av_kolumn = "Klasser", andel = 0.9 }]
"#;
    // 16 of 18 classes at one school, 12 of 14 at another: 28 of 32.
    let log = "Datum;Löfte;Antal;Klasser\n\
               2023-02-01;C1;16;18\n\
               2023-03-01;C1;12;14\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), REPORT_JSON);
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["kind"], "coverage");
    assert_eq!(t["of"], 32.0);
    assert_eq!(t["total"], 28.0);
    assert_eq!(t["achieved"], 0.875);
    // 87.5 % against 90 %: part met.
    assert_eq!(t["status"], "partly_met");
    assert_eq!(t["outcome_text"], "28 av 32 klasser (88 %)");
    let en = lofte(dir.path(), &["report", ".", "--lang", "en", "-o", "en.pdf"]);
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    let text = pdf_text(&dir.path().join("en.pdf"));
    assert!(text.contains("28 of 32 klasser (88 %)"), "{text}");
}

/// A `status` or `av_kolumn` naming a column no log has was refused
/// without saying where in the promise file it is written.
#[test]
fn unknown_status_or_whole_column_was_refused_without_its_line() {
    let promises = r#"
[[lofte]]
id = "C1"
fokusomrade = "trygghet"
text = "Polisen ska erbjuda varje fjärdeklass ett besök."
ansvarig = "Polisen"
mal = [
  { typ = "täckning", av_kolumn = "Klaser", andel = 0.9 },
  { typ = "önskemål", status = "Stauts" },
]
"#;
    let log = "Datum;Löfte;Antal;Klasser;Status\n2023-02-01;C1;16;18;Klar\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["check", "."]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for needle in ["\"Klaser\"", "\"Stauts\""] {
        // The first at its arrow, the next on its "also" line.
        let place = at(promises, needle);
        assert!(err.contains(&place), "{place} missing in:\n{err}");
    }
}

/// Regression: an unanswered request ("Genomförd: Nej", or "Ej genomförd"
/// in Kommentar) was left out as a row not done, so the share of requests
/// answered rose to 100 %. It is a request, and counts as unanswered.
#[test]
fn requests_marked_nej_drop_out_of_onskemal_share() {
    let status = folder(
        &one_target(r#"{ typ = "önskemål", andel = 0.9, status = "Genomförd" }"#),
        &[(
            "logg.csv",
            "Datum;Löfte;Aktivitet;Genomförd\n\
             2023-02-01;K1;Klassbesök;Ja\n2023-03-01;K1;Klassbesök;Ja\n\
             2023-04-01;K1;Klassbesök;Nej\n2023-05-01;K1;Klassbesök;Nej\n\
             2023-05-02;K2;Trafikkontroll;Nej\n",
        )],
    );
    let out = lofte(status.path(), &["report", ".", "-o", "r.pdf"]);
    let json = results(status.path(), "r.json");
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["outcome_text"], "2 av 4 önskemål besvarade (50 %)");
    // A row of another promise marked Nej is still a row not done.
    assert!(
        stderr(&out).contains("warning[not-done]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        json["data_quality"]["excluded"].as_array().unwrap().len(),
        1
    );

    let kinds = folder(
        &one_target(
            r#"{ typ = "önskemål", andel = 0.9, onskemal = ["Önskemål"], svar = ["Besök"] }"#,
        ),
        &[(
            "logg.csv",
            "Datum;Löfte;Aktivitet;Kommentar\n\
             2023-02-01;K1;Önskemål;\n2023-02-10;K1;Besök;\n\
             2023-03-01;K1;Önskemål;\n2023-03-10;K1;Besök;Ej genomförd\n\
             2023-04-01;K1;Önskemål;Blev inte av\n",
        )],
    );
    let out = lofte(kinds.path(), &["report", ".", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(kinds.path(), "r.json");
    let t = &json["promises"][0]["targets"][0];
    // The answer not done is left out; the requests all stand.
    assert_eq!(t["outcome_text"], "1 av 3 önskemål besvarade (33 %)");
}

/// A request's empty Genomförd says it is not answered yet: the önskemål
/// target counts it so, with no doubt raised, where a row of another
/// promise with its cell empty beside "Ja" rows is one (`blank-done`).
#[test]
fn an_empty_status_cell_is_an_unanswered_request() {
    let log = "Datum;Löfte;Aktivitet;Genomförd\n\
         2023-02-01;K1;Klassbesök;Ja\n2023-03-01;K1;Klassbesök;Ja\n\
         2023-04-01;K1;Klassbesök;\n2023-05-01;K1;Klassbesök;\n";
    let dir = folder(
        &one_target(r#"{ typ = "önskemål", andel = 0.9, status = "Genomförd" }"#),
        &[("logg.csv", log)],
    );
    let out = lofte(dir.path(), &["report", ".", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "r.json");
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["outcome_text"], "2 av 4 önskemål besvarade (50 %)");
    assert!(!stderr(&out).contains("blank-done"), "{}", stderr(&out));

    let two = format!(
        "{}{}",
        one_target(r#"{ typ = "önskemål", andel = 0.9, status = "Genomförd" }"#),
        one_target(r#"{ typ = "minst", antal = 1, per = "år" }"#).replace("\"K1\"", "\"K2\"")
    );
    let dir = folder(
        &two,
        &[("logg.csv", &format!("{log}2023-05-02;K2;Trafikkontroll;\n"))],
    );
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[blank-done]")
            && stderr(&out).contains("logg.csv, line 6, column D"),
        "{}",
        stderr(&out)
    );
}

/// Two logs, the police's and the municipality's, under HEAD and `promises`.
fn two_logs(promises: &str, police: &str, municipality: &str) -> tempfile::TempDir {
    let head = HEAD.replace(
        "loggar = [\"logg.csv\"]",
        "loggar = [\"polisen.csv\", \"kommunen.csv\"]",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), format!("{head}{promises}")).unwrap();
    std::fs::write(dir.path().join("polisen.csv"), police).unwrap();
    std::fs::write(dir.path().join("kommunen.csv"), municipality).unwrap();
    dir
}

/// Regression: a promise not joint, whose walk the police logged as
/// "Polisen, kommunen" and the municipality as "Kommunen", counted the
/// walk twice; logged-twice fired only when both rows named both parties.
#[test]
fn logged_twice_when_one_row_names_one_party() {
    let dir = two_logs(
        &one_target(r#"{ typ = "totalt", antal = 2 }"#),
        "Datum;Löfte;Aktivitet;Ansvarig\n2023-05-02;K1;Trygghetsvandring;Polisen, kommunen\n",
        "Datum;Löfte;Aktivitet;Ansvarig\n2023-05-02;K1;Trygghetsvandring;Kommunen\n",
    );
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let error = block(&out, "logged-twice");
    assert!(error.contains("together showing both parties"), "{error}");
    assert!(error.contains("polisen.csv, line 2"), "{error}");
    assert!(error.contains("kommunen.csv, line 2"), "{error}");
}

/// Regression: a promise not joint, whose walk the police logged as
/// "Polisen" and the municipality as "Kommunen" (each naming itself, as
/// each party's own log does), counted the walk twice with exit 0:
/// logged-twice fired only where one of the rows named both parties.
#[test]
fn a_walk_each_party_logged_under_its_own_name_counted_twice() {
    let target = one_target(r#"{ typ = "totalt", antal = 3 }"#);
    let police = "Datum;Löfte;Aktivitet;Plats;Ansvarig\n2023-03-01;K1;Trygghetsvandring;Centrum;Polisen\n2023-04-01;K1;Trygghetsvandring;Norrby;Polisen\n2023-05-01;K1;Trygghetsvandring;Centrum;Polisen\n";
    let municipality = "Datum;Löfte;Aktivitet;Plats;Ansvarig\n2023-03-01;K1;Trygghetsvandring;centrum;Kommunen\n2023-04-01;K1;Trygghetsvandring;Norrby;Trygghetssamordnaren\n";
    let dir = two_logs(&target, police, municipality);
    let out = lofte(dir.path(), &["report", ".", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let error = block(&out, "logged-twice");
    assert!(error.contains("on 2 days"), "{error}");
    assert!(error.contains("polisen.csv, line 2"), "{error}");
    assert!(error.contains("kommunen.csv, line 2"), "{error}");
    assert!(!dir.path().join("r.pdf").exists());
    // Marked joint, each joint walk counts once: 2 (the police's walk of
    // 1 May lacks the partner); each party's own walks: every row, 5.
    let promises = std::fs::read_to_string(dir.path().join("loften.toml")).unwrap();
    for (setting, total) in [("gemensamt = true", 2.0), ("sla_samman = false", 5.0)] {
        std::fs::write(
            dir.path().join("loften.toml"),
            promises.replace(
                "ansvarig = \"Polisen\"",
                &format!("ansvarig = \"Polisen\"\n{setting}"),
            ),
        )
        .unwrap();
        let out = lofte(dir.path(), &["report", ".", "-o", "r.pdf"]);
        assert_eq!(out.status.code(), Some(0), "{setting}: {}", stderr(&out));
        assert_eq!(
            results(dir.path(), "r.json")["promises"][0]["targets"][0]["total"],
            total,
            "{setting}"
        );
    }

    // Not one event: another place, another activity, or the same party
    // in both logs (a copy of a row is warned about as identical rows).
    for municipality in [
        "Datum;Löfte;Aktivitet;Plats;Ansvarig\n2023-03-01;K1;Trygghetsvandring;Söderby;Kommunen\n",
        "Datum;Löfte;Aktivitet;Plats;Ansvarig\n2023-03-01;K1;Föräldramöte;Centrum;Kommunen\n",
        "Datum;Löfte;Aktivitet;Plats;Ansvarig\n2023-03-01;K1;Trygghetsvandring;Centrum;Polisen\n",
    ] {
        let dir = two_logs(&target, police, municipality);
        let out = lofte(dir.path(), &["check", "."]);
        assert_eq!(out.status.code(), Some(0), "{municipality}{}", stderr(&out));
    }
}

/// Regression: a joint walk the police logged as "1, Polisen och
/// kommunen" and the municipality as "3, Kommunen" (its own walks of the
/// day) counted 3 joint walks; the police's row says one.
#[test]
fn joint_walk_takes_the_larger_antal_of_one_party() {
    let dir = two_logs(
        &one_target(r#"{ typ = "totalt", antal = 2 }"#).replace(
            "ansvarig = \"Polisen\"",
            "ansvarig = \"Polisen\"\ngemensamt = true",
        ),
        "Datum;Löfte;Antal;Ansvarig\n2023-05-02;K1;1;Polisen och kommunen\n",
        "Datum;Löfte;Antal;Ansvarig\n2023-05-02;K1;3;Kommunen\n",
    );
    let out = lofte(dir.path(), &["report", ".", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "r.json");
    assert_eq!(json["promises"][0]["targets"][0]["total"], 1.0);
}

/// Regression: in a July–June agreement whose log starts with it,
/// "fler än föregående år" compared calendar 2023 (7) with July–December
/// 2022 (6) and said Uppfyllt, though the walks fell from 10 to 6 between
/// the agreement's years. A year before the agreement is compared with
/// only where the log holds its rows.
#[test]
fn trend_in_july_june_agreement_compares_half_a_year() {
    let mut log = String::from("Datum;Löfte\n");
    for (month, n) in [
        ("2022-08", 6),
        ("2023-03", 4),
        ("2023-09", 3),
        ("2024-03", 3),
    ] {
        for day in 1..=n {
            log.push_str(&format!("{month}-{day:02};TR\n"));
        }
    }
    let dir = over_period(
        ("2022-07-01", "2024-06-30"),
        r#"
[[lofte]]
id = "TR"
fokusomrade = "trygghet"
text = "Antalet trygghetsvandringar ska öka jämfört med föregående år."
ansvarig = "Polisen"
mal = [{ typ = "trend", riktning = "öka", baslinje = { varde = 4, period = "2021/2022" } }]
"#,
        &log,
    );
    let out = lofte(dir.path(), &["report", ".", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "r.json");
    let t = &json["promises"][0]["targets"][0];
    let y2023 = &t["intervals"][1];
    assert_eq!(y2023["from"], "2023-01-01");
    assert_eq!(y2023["achieved"], 7.0);
    assert!(y2023["met"].is_null(), "{t:#}");
    assert_ne!(t["status"], "met", "{t:#}");

    // A log that reaches back through 2022 is compared with it.
    let mut log = String::from("Datum;Löfte\n2022-02-01;TR\n");
    for (month, n) in [("2022-08", 6), ("2023-03", 4), ("2023-09", 3)] {
        for day in 1..=n {
            log.push_str(&format!("{month}-{day:02};TR\n"));
        }
    }
    std::fs::write(dir.path().join("logg.csv"), log).unwrap();
    let out = lofte(dir.path(), &["report", ".", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "r.json");
    let y2023 = &json["promises"][0]["targets"][0]["intervals"][1];
    assert_eq!(y2023["required"], 7.0, "{y2023:#}");
    assert_eq!(y2023["met"], false, "{y2023:#}");
}

/// Regression: rows of one day in the two parties' logs paired whatever
/// their time of day: a 10:00 walk and a 19:00 walk, each showing both
/// parties, counted as one, and a promise not joint was refused
/// (logged-twice) for a morning meeting and an evening one.
#[test]
fn joint_pairing_ignores_time_of_day() {
    let joint = one_target(r#"{ typ = "totalt", antal = 2 }"#).replace(
        "ansvarig = \"Polisen\"",
        "ansvarig = \"Polisen\"\ngemensamt = true",
    );
    let dir = two_logs(
        &joint,
        "Datum;Löfte;Ansvarig\n2023-04-12 10:00;K1;Polisen och kommunen\n",
        "Datum;Löfte;Ansvarig\n2023-04-12 19:00;K1;Kommunen och polisen\n",
    );
    let out = lofte(dir.path(), &["report", ".", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "r.json");
    assert_eq!(json["promises"][0]["targets"][0]["total"], 2.0);

    let dir = two_logs(
        &one_target(r#"{ typ = "totalt", antal = 2 }"#),
        "Datum;Löfte;Ansvarig\n2023-02-07 09:00;K1;Polisen och kommunen\n",
        "Datum;Löfte;Ansvarig\n2023-02-07 18:30;K1;Kommunen\n",
    );
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Within three hours they may still be one event.
    let dir = two_logs(
        &one_target(r#"{ typ = "totalt", antal = 2 }"#),
        "Datum;Löfte;Ansvarig\n2023-02-07 18:00;K1;Polisen och kommunen\n",
        "Datum;Löfte;Ansvarig\n2023-02-07 18:30;K1;Kommunen\n",
    );
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

/// Regression: a promise with an `önskemål` target reading Status and a
/// target of visits done: a row marked "Inställd" was left out, so the
/// share of requests answered was overstated (3 av 3, not 3 av 5); kept,
/// the visits would be. One row cannot say both: refused.
#[test]
fn onskemal_status_beside_another_target_is_refused() {
    let promise = r#"
[[lofte]]
id = "K1"
fokusomrade = "trygghet"
text = "Polisen besöker skolor som önskar det, minst fyra gånger per år."
ansvarig = "Polisen"
mal = [{ typ = "önskemål", andel = 0.9, status = "Status" }, { typ = "minst", antal = 4, per = "år" }]
"#;
    let dir = folder(
        promise,
        &[(
            "logg.csv",
            "Datum;Löfte;Status\n2023-02-01;K1;Genomförd\n2023-03-01;K1;Genomförd\n2023-04-01;K1;Inställd\n",
        )],
    );
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let error = block(&out, "not-done-request");
    assert!(error.contains("logg.csv, line 4, column C"), "{error}");
}

/// `delvis = 0.75` and `andel = 0.8`: 12 of 20 classes, requests or days
/// (60 %) were Ej uppfyllt, as 0.75 × 0.8 is 0.6000000000000001 in
/// floating point; 60 % reaches three quarters of 80 %.
#[test]
fn part_met_share_at_the_boundary_was_not_met_by_floating_point() {
    let promises = r#"
[[lofte]]
id = "C1"
fokusomrade = "trygghet"
text = "Polisen ska besöka minst 80 procent av kommunens 20 klasser."
ansvarig = "Polisen"
enhet = ["klass", "klasser"]
mal = [{ typ = "täckning", av = 20, andel = 0.8 }]

[[lofte]]
id = "A1"
fokusomrade = "trygghet"
text = "Polisen ska finnas på plats minst 80 procent av dagarna 1-10 mars."
ansvarig = "Polisen"
mal = [{ typ = "andel", per = "dag", andel = 0.8 }]
fran = 2023-03-01
till = 2023-03-10
"#;
    let log = "Datum;Löfte;Antal\n2023-02-05;C1;7\n2023-03-12;C1;5\n\
               2023-03-01;A1;1\n2023-03-02;A1;1\n2023-03-03;A1;1\n\
               2023-03-06;A1;1\n2023-03-07;A1;1\n2023-03-08;A1;1\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    // delvis is a top-level key: it goes before the tables.
    let toml = std::fs::read_to_string(dir.path().join("loften.toml")).unwrap();
    std::fs::write(
        dir.path().join("loften.toml"),
        toml.replacen(
            "loggar = [\"logg.csv\"]\n",
            "loggar = [\"logg.csv\"]\ndelvis = 0.75\n",
            1,
        ),
    )
    .unwrap();
    let out = lofte(dir.path(), &["report", ".", "-o", "ut/r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "ut/r.json");
    for (i, outcome) in [
        (0, "12 av 20 klasser (60 %)"),
        (1, "6 av 10 dagar med aktivitet (60 %)"),
    ] {
        let t = &json["promises"][i]["targets"][0];
        assert_eq!(t["outcome_text"], outcome);
        assert_eq!(t["status"], "partly_met", "{outcome}");
    }
}

/// A promise added on 1 November, "var tredje månad", two visits logged:
/// its only block (November–January) ends after the window, and the
/// report said "0 av 0 perioder", Ej uppfyllt. It is judged pro-rated,
/// as a quarter is: 2 visits against 2/3 of a block's one.
#[test]
fn every_n_without_a_whole_block_was_not_met() {
    let dir = folder(
        r#"
[[lofte]]
id = "F1"
fokusomrade = "trygghet"
text = "Polisen ska var tredje månad besöka fritidsgården."
ansvarig = "Polisen"
enhet = ["besök", "besök"]
fran = 2023-11-01
mal = [{ typ = "var", intervall = 3, per = "månad" }]
"#,
        &[("logg.csv", "Datum;Löfte\n2023-11-20;F1\n2023-12-11;F1\n")],
    );
    let out = lofte(dir.path(), &["report", ".", "-o", "ut/r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "ut/r.json");
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["status"], "met");
    assert_eq!(t["prorated"], true);
    assert_eq!(t["achieved"], 2.0);
    assert!((t["required"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        t["outcome_text"],
        "2 besök mot 0,67 för periodens del av en period om 3 månader"
    );
}

/// "Minst fyra per år" in 2022–2023, 8 in 2022 and none in 2023: as of 30
/// September 2023 the pace said "8 hittills; kravet 8 är redan nått". A
/// per-interval target's pace is that of the interval the as-of date is
/// in: 2023 has 0 of its 4.
#[test]
fn pace_of_a_yearly_target_said_reached_while_this_year_had_none() {
    let dir = over_period(
        ("2022-01-01", "2023-12-31"),
        r#"
[[lofte]]
id = "K2"
fokusomrade = "trygghet"
text = "Minst fyra trafiksäkerhetsinsatser per år."
ansvarig = "Polisen"
mal = [{ typ = "minst", antal = 4, per = "år" }]
"#,
        "Datum;Löfte;Antal\n2022-03-01;K2;2\n2022-05-01;K2;3\n2022-09-01;K2;3\n",
    );
    let out = lofte(
        dir.path(),
        &["report", ".", "--as-of", "2023-09-30", "-o", "ut/r.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "ut/r.json");
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["status"], "in_progress");
    assert_eq!(t["pace"]["achieved_so_far"], 0.0);
    assert_eq!(t["pace"]["required"], 4.0);
    assert_eq!(t["pace"]["from"], "2023-01-01");
    assert_eq!(t["pace"]["ends"], "2023-12-31");
    let text = pdf_text(&dir.path().join("ut/r.pdf"));
    assert!(
        text.contains("0 hittills (3 väntat hittills, efter plan); 4 väntas före årets slut"),
        "{text}"
    );
    assert!(!text.contains("redan nått"), "{text}");
}

/// A SharePoint export's "2023-03-10T09:00:00Z" (10:00 on a Friday in
/// Sweden) lost its time of day and counted as a weekend: "2 helger",
/// Uppfyllt instead of one weekend. A time with an offset
/// ("+01:00") is read too, where it was refused as no date.
#[test]
fn utc_times_of_a_friday_morning_counted_as_a_weekend() {
    let promises = one_target(r#"{ typ = "totalt", antal = 2, rakna = "helger" }"#);
    let log = "Datum;Löfte;Antal\n\
               2023-03-03T20:00:00Z;K1;1\n\
               2023-03-10T09:00:00Z;K1;1\n\
               2023-03-17T13:30:00.000Z;K1;1\n\
               2023-03-24T10:00:00+01:00;K1;1\n";
    let dir = folder(&promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), REPORT_JSON);
    let t = &json["promises"][0]["targets"][0];
    assert_eq!(t["outcome_text"], "1 helg (krav minst 2)");
    assert_eq!(t["status"], "partly_met");
    let not_counted: Vec<u64> = t["not_counted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap())
        .collect();
    assert_eq!(not_counted, [3, 4, 5]);
}

/// One trip to two schools logged on one row, Plats "Byskolan,
/// Norrskolan": the cell was none of the target's places, so the row
/// counted toward neither ("1 av 3 platser", exit 0). It is refused at its
/// cell, as "K1, K2" in Löfte is; a place written with more words after
/// a comma ("Centrum, norra delen") is still one place.
#[test]
fn two_places_in_one_plats_cell_counted_toward_neither() {
    let promises = r#"
[[lofte]]
id = "P1"
fokusomrade = "trygghet"
text = "Polisen besöker varje skola minst en gång per år."
ansvarig = "Polisen"
mal = [{ typ = "per_plats", antal = 1, per = "år", platser = ["Centrumskolan", "Byskolan", "Norrskolan"] }]
"#;
    let log = "Datum;Löfte;Plats\n\
               2023-03-01;P1;Centrumskolan\n\
               2023-04-01;P1;Byskolan, Norrskolan\n\
               2023-05-01;P1;\"Byskolan\nNorrskolan\"\n\
               2023-06-01;P1;Centrumskolan, matsalen\n";
    let dir = folder(promises, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["check", ".", "--all"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let b = block(&out, "several-places");
    assert!(
        b.starts_with(
            "error[several-places]: the Plats cell names 2 of P1's places, so the row counts toward none of them\n  --> logg.csv, line 3, column C"
        ),
        "{b}"
    );
    assert!(b.contains("found: \"Byskolan, Norrskolan\""), "{b}");
    assert!(
        stderr(&out).contains("logg.csv, line 4, column C"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("line 5"), "{}", stderr(&out));
    assert!(stderr(&out).contains(": 2 errors, "), "{}", stderr(&out));
}

/// A log with its times in a column of their own beside Datum ("Tid",
/// as LibreOffice and Excel users keep them): the times were not read, so
/// Friday 10:00 counted toward a weekend as a Friday without a time.
#[test]
fn a_separate_time_column_was_ignored_for_weekends() {
    let promises = one_target(r#"{ typ = "totalt", antal = 2, rakna = "helger" }"#);
    for header in ["Tid", "Klockslag", "Kl."] {
        let log = format!(
            "Datum;{header};Löfte;Antal\n\
             2023-03-03;18:30;K1;1\n\
             2023-03-10;10:00;K1;1\n\
             2023-03-17;14.30;K1;1\n\
             2023-03-24;kl. 11.00;K1;1\n"
        );
        let dir = folder(&promises, &[("logg.csv", &log)]);
        let out = lofte(dir.path(), &["report", "."]);
        assert_eq!(out.status.code(), Some(0), "{header}: {}", stderr(&out));
        let json = results(dir.path(), REPORT_JSON);
        let t = &json["promises"][0]["targets"][0];
        assert_eq!(t["outcome_text"], "1 helg (krav minst 2)", "{header}");
        assert_eq!(t["not_counted"].as_array().unwrap().len(), 3, "{header}");
    }
}

/// A Tid cell giving a span of hours ("15-17", "kl 14-16", "13.00–15.00")
/// or an hour after "kl" ("kl 10") was no time: four Friday daytime rows
/// counted as four weekends, met, with no warning. Such a cell is the time
/// the activity starts; in Datum too, after "kl" or as clocks.
#[test]
fn a_span_of_hours_in_tid_counted_friday_daytime_as_weekend() {
    let promises = one_target(r#"{ typ = "totalt", antal = 2, rakna = "helger" }"#);
    let log = "Datum;Tid;Löfte;Antal\n\
         2023-03-03;15-17;K1;1\n\
         2023-03-10;kl 14-16;K1;1\n\
         2023-03-17;13.00–15.00;K1;1\n\
         2023-03-24;kl 10;K1;1\n\
         2023-03-31;kl 19-22;K1;1\n\
         2023-04-07;;K1;1\n";
    let dated = "Datum;Löfte;Antal\n\
         3/3 2023 kl 15-17;K1;1\n\
         2023-03-10 kl 14-16;K1;1\n\
         2023-03-17 13.00–15.00;K1;1\n\
         2023-03-24 kl 10;K1;1\n\
         31 mars 2023 kl 19-22;K1;1\n\
         2023-04-07;K1;1\n";
    for log in [log, dated] {
        let dir = folder(&promises, &[("logg.csv", log)]);
        let out = lofte(dir.path(), &["report", "."]);
        assert_eq!(out.status.code(), Some(0), "{log}: {}", stderr(&out));
        let json = results(dir.path(), REPORT_JSON);
        let t = &json["promises"][0]["targets"][0];
        // The evening of 31 March and the Friday without a time.
        assert_eq!(t["outcome_text"], "2 helger (krav minst 2)", "{log}");
        assert_eq!(t["not_counted"].as_array().unwrap().len(), 4, "{log}");
    }
}

/// A Friday row whose Tid said "eftermiddag" had no time, and a Friday
/// without a time counts whole: an afternoon added a weekend, with no
/// warning. Such a row of a weekend target is refused at its Tid cell; a
/// Saturday's, or a Wednesday's, says nothing of the weekend and is not.
#[test]
fn a_friday_whose_tid_holds_no_time_is_refused_for_a_weekend_target() {
    let log = "Datum;Tid;Löfte;Antal\n\
         2023-03-03;eftermiddag;K1;1\n\
         2023-03-11;förmiddag;K1;1\n\
         2023-03-08;em;K1;1\n\
         2023-03-17;kl 19;K1;1\n";
    let weekends = one_target(r#"{ typ = "totalt", antal = 2, rakna = "helger" }"#);
    let dir = folder(&weekends, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("error[friday-without-time]: the Tid cell holds no time of day")
            && err.contains("logg.csv, line 2, column B")
            && err.contains("found: \"eftermiddag\""),
        "{err}"
    );
    assert_eq!(
        err.matches("error[friday-without-time]:").count(),
        1,
        "{err}"
    );
    // A target with no weekend in it counts the rows.
    let yearly = one_target(r#"{ typ = "minst", antal = 4, per = "år" }"#);
    let dir = folder(&yearly, &[("logg.csv", log)]);
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// "Varje dygn" with no row for half a year was Pågår, with no `no-rows`
/// warning: a share of days has no pace, and was taken for not yet due,
/// though 181 days with activity were due by 30 June.
#[test]
fn a_daily_share_without_rows_for_half_a_year_was_in_progress() {
    let promises = one_target(r#"{ typ = "andel", per = "dag", andel = 1.0 }"#);
    let log = "Datum;Löfte\n2023-08-01;K1\n";
    let dir = folder(&promises, &[("logg.csv", log)]);
    let out = lofte(
        dir.path(),
        &["report", ".", "--as-of", "2023-06-30", "-o", "juni.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(block(&out, "no-rows").contains("K1"), "{}", stderr(&out));
    let json = results(dir.path(), "juni.json");
    assert_eq!(json["promises"][0]["status"], "no_data", "{json:#}");
    // On the first day of the window that day is due.
    let out = lofte(
        dir.path(),
        &["report", ".", "--as-of", "2023-01-01", "-o", "jan.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "jan.json");
    assert_eq!(json["promises"][0]["status"], "no_data", "{json:#}");
}

/// Regression: "minst 10 i snitt per månad" with exactly 10 in every
/// month of 2024 read "i snitt 9,98 per månad" and Delvis uppfyllt (the
/// days were divided by 30,44; 2023 read 10,01). A month is a calendar
/// month whatever its days, a month begun its share of them.
#[test]
fn average_per_month_in_a_leap_year_read_9_98() {
    let promises = one_target(r#"{ typ = "snitt", antal = 10, per = "månad" }"#);
    for year in [2024, 2023] {
        let mut log = String::from("Datum;Löfte;Antal\n");
        for month in 1..=12 {
            log.push_str(&format!("{year}-{month:02}-15;K1;10\n"));
        }
        let dir = over_period(
            (&format!("{year}-01-01"), &format!("{year}-12-31")),
            &promises,
            &log,
        );
        let out = lofte(dir.path(), &["report", ".", "-o", "r.pdf"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json = results(dir.path(), "r.json");
        let t = &json["promises"][0]["targets"][0];
        assert_eq!(t["achieved"], 10.0, "{year}: {t:#}");
        assert_eq!(t["status"], "met", "{year}: {t:#}");
        let text = pdf_text(&dir.path().join("r.pdf"));
        assert!(text.contains("i snitt 10 aktiviteter per månad"), "{text}");
        assert!(text.contains("per månad summan delad med antalet kalendermånader"));

        // As of 15 February: January whole and 15 of February's 29 (28)
        // days, so 15 by then is 15 ÷ 1,52 (1,54) a month.
        let log = format!("Datum;Löfte;Antal\n{year}-01-15;K1;10\n{year}-02-10;K1;5\n");
        std::fs::write(dir.path().join("logg.csv"), &log).unwrap();
        let as_of = format!("{year}-02-15");
        let out = lofte(
            dir.path(),
            &["report", ".", "--as-of", &as_of, "-o", "feb.pdf"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json = results(dir.path(), "feb.json");
        let t = &json["promises"][0]["targets"][0];
        let months = 1.0 + 15.0 / if year == 2024 { 29.0 } else { 28.0 };
        let expected = ((15.0 / months) * 100.0_f64).round() / 100.0;
        assert_eq!(t["achieved"], expected, "{year}: {t:#}");
        assert_eq!(t["status"], "in_progress", "{t:#}");
    }
}

/// `one_target` with a total of 2 made a joint promise.
fn joint_total_of_two() -> String {
    one_target(r#"{ typ = "totalt", antal = 2 }"#).replace(
        "ansvarig = \"Polisen\"",
        "ansvarig = \"Polisen\"\ngemensamt = true",
    )
}

/// The joint target's total, the rows counted once for being logged by
/// both, and the rows lacking the partner, of the report `r.pdf` in `dir`.
fn joint_figures(dir: &Path) -> (f64, usize, usize) {
    let out = lofte(dir, &["report", ".", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir, "r.json");
    let dq = &json["data_quality"];
    (
        json["promises"][0]["targets"][0]["total"].as_f64().unwrap(),
        dq["logged_by_both"].as_array().unwrap().len(),
        dq["missing_partner"].as_array().unwrap().len(),
    )
}

/// Regression: the police's walk logged without a time took the
/// municipality's 10:15 row, which the police's 10:00 row was the same
/// walk as: the 10:00 and the 19:00 walk were left as two walks more, and
/// two joint walks read 3. Rows that both give a time pair first.
#[test]
fn a_joint_row_without_a_time_took_the_timed_row_of_another_walk() {
    let dir = two_logs(
        &joint_total_of_two(),
        "Datum;Löfte;Ansvarig\n2023-05-02;K1;Polisen, kommunen\n2023-05-02 10:00;K1;Polisen, kommunen\n",
        "Datum;Löfte;Ansvarig\n2023-05-02 10:15;K1;Kommunen, polisen\n2023-05-02 19:00;K1;Kommunen, polisen\n",
    );
    assert_eq!(joint_figures(dir.path()), (2.0, 2, 0));
    let json = results(dir.path(), "r.json");
    let merged = &json["data_quality"]["logged_by_both"];
    // 10:00 with 10:15, and the walk without a time with 19:00.
    assert_eq!(merged[0]["counted"]["row"], 3, "{merged:#}");
    assert_eq!(merged[0]["also"][0]["row"], 2, "{merged:#}");
    assert_eq!(merged[1]["counted"]["row"], 2, "{merged:#}");
    assert_eq!(merged[1]["also"][0]["row"], 3, "{merged:#}");
}

/// Regression: the municipality's row without a Plats took the police's
/// walk at Centrum, whose own row at Centrum then stood alone: a walk at
/// Centrum and one at Skolan, each logged by both, read one joint walk and
/// two rows lacking the partner.
#[test]
fn a_joint_row_without_a_plats_took_the_walk_another_row_named() {
    let dir = two_logs(
        &joint_total_of_two(),
        "Datum;Löfte;Plats;Ansvarig\n2023-05-02;K1;Centrum;Polisen\n2023-05-02;K1;Skolan;Polisen\n",
        "Datum;Löfte;Plats;Ansvarig\n2023-05-02;K1;;Kommunen\n2023-05-02;K1;Centrum;Kommunen\n",
    );
    assert_eq!(joint_figures(dir.path()), (2.0, 2, 0));
}

/// Regression: one log both parties keep, each writing its own row of a
/// walk ("Polisen" and "Kommunen" under Part): rows of one log were
/// separate events, so each lacked the partner, and two joint walks read
/// "Underlag saknas".
#[test]
fn a_shared_logs_rows_of_one_walk_by_each_party_lacked_the_partner() {
    let dir = folder(
        &joint_total_of_two(),
        &[(
            "logg.csv",
            "Datum;Löfte;Aktivitet;Plats;Ansvarig;Inlagd av\n\
             2023-05-02;K1;Trygghetsvandring;Centrum;Polisen;Polisen\n\
             2023-05-02;K1;Trygghetsvandring;Centrum;Kommunen;Kommunen\n\
             2023-09-12;K1;Trygghetsvandring;Skolan;Kommunen;Kommunen\n\
             2023-09-12;K1;Trygghetsvandring;Skolan;Polisen;Polisen\n",
        )],
    );
    assert_eq!(joint_figures(dir.path()), (2.0, 2, 0));
    let json = results(dir.path(), "r.json");
    assert_eq!(json["promises"][0]["status"], "met");
    let text = pdf_text(&dir.path().join("r.pdf"));
    assert!(
        text.contains(
            "logg.csv rad 2 (K1): loggad av båda parter, räknad en gång (också logg.csv rad 3)"
        ),
        "{text}"
    );
    // A log only the police keep holds separate events: its walk alone
    // at Centrum is not the joint one.
    let dir = folder(
        &joint_total_of_two(),
        &[(
            "logg.csv",
            "Datum;Löfte;Plats;Ansvarig\n\
             2023-05-02;K1;Centrum;Polisen, kommunen\n\
             2023-05-02;K1;Centrum;Polisen\n",
        )],
    );
    assert_eq!(joint_figures(dir.path()), (1.0, 0, 1));
}

/// Regression: a log of both parties' work whose Ansvarig names one party
/// on each row ("Polisen", "Kommun", "Gemensamt", as most logs are kept)
/// was read as a log both parties write in: a police row and a joint row
/// of one promise on one day were refused as one walk logged twice, and
/// under a joint promise the police's walk and the municipality's paired
/// as one. Ansvarig says who did the activity, not who wrote the row.
#[test]
fn a_log_naming_one_party_per_row_was_read_as_kept_by_both() {
    let log = "Datum;Löfte;Aktivitet;Plats;Ansvarig\n\
               2023-05-02;K1;Trygghetsvandring;Centrum;Polisen\n\
               2023-05-02;K1;Trygghetsvandring;Centrum;Gemensamt\n\
               2023-05-02;K1;Trygghetsvandring;Centrum;Kommun\n";
    let dir = folder(
        &one_target(r#"{ typ = "totalt", antal = 3 }"#),
        &[("logg.csv", log)],
    );
    let out = lofte(dir.path(), &["report", ".", "-o", "r.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "r.json");
    assert_eq!(
        json["promises"][0]["targets"][0]["total"].as_f64(),
        Some(3.0)
    );
    assert_eq!(json["promises"][0]["status"], "met");
    // A joint promise: the police's walk and the municipality's are not
    // one joint walk.
    let log = "Datum;Löfte;Aktivitet;Plats;Ansvarig\n\
               2023-05-02;K1;Trygghetsvandring;Centrum;Polisen\n\
               2023-05-02;K1;Trygghetsvandring;Centrum;Kommun\n";
    let dir = folder(&joint_total_of_two(), &[("logg.csv", log)]);
    assert_eq!(joint_figures(dir.path()), (0.0, 0, 2));
}

/// Regression: one log both parties keep, with a column saying who wrote
/// each row ("Loggad av"): the police's and the municipality's rows of one
/// walk, each "Polisen, kommunen", counted the walk twice. A promise not
/// joint is refused for it, as for two logs.
#[test]
fn a_shared_log_with_a_loggad_av_column_counted_one_walk_twice() {
    let log = "Datum;Löfte;Aktivitet;Plats;Deltagare;Loggad av\n\
               2023-05-02;K1;Trygghetsvandring;Centrum;Polisen, kommunen;Polisen\n\
               2023-05-02;K1;Trygghetsvandring;Centrum;Polisen, kommunen;Kommunen\n";
    let dir = folder(&joint_total_of_two(), &[("logg.csv", log)]);
    assert_eq!(joint_figures(dir.path()), (1.0, 1, 0));

    let dir = folder(
        &one_target(r#"{ typ = "totalt", antal = 2 }"#),
        &[("logg.csv", log)],
    );
    let out = lofte(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let error = block(&out, "logged-twice");
    assert!(error.contains("logg.csv, line 2"), "{error}");
    assert!(error.contains("logg.csv, line 3"), "{error}");
}

/// Regression: a 2023 report of a total over a 2022–2023 agreement
/// counted the 2022 row ("2 av 2", Uppfyllt) and said under Datakvalitet
/// "Rader utanför rapportperioden (räknas inte): 1", with the rule
/// "Rader daterade utanför rapportperioden räknas inte".
#[test]
fn rows_counted_over_the_agreement_period_were_said_not_counted() {
    let dir = over_period(
        ("2022-01-01", "2023-12-31"),
        r#"
[[lofte]]
id = "N1"
fokusomrade = "trygghet"
text = "Minst två riktade narkotikainsatser under avtalsperioden."
ansvarig = "Polisen"
mal = [{ typ = "totalt", antal = 2, over = "avtalsperioden" }]
"#,
        "Datum;Löfte\n2021-11-01;N1\n2022-03-01;N1\n2023-04-01;N1\n",
    );
    let out = lofte(
        dir.path(),
        &["report", ".", "--window", "2023", "-o", "r.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(dir.path(), "r.json");
    assert_eq!(json["promises"][0]["targets"][0]["total"], 2.0);
    let dq = &json["data_quality"];
    // 2021, before the agreement, is not counted; 2022 is.
    assert_eq!(dq["rows_outside_window"], 1, "{dq:#}");
    assert_eq!(dq["rows_before_window_counted"], 1, "{dq:#}");
    assert_eq!(dq["rows_counted"], 2, "{dq:#}");
    let text = pdf_text(&dir.path().join("r.pdf"));
    assert!(
        text.contains("Rader utanför rapportperioden (räknas inte): 1"),
        "{text}"
    );
    assert!(
        text.contains("Rader före rapportperioden som räknas mot mål över hela avtalsperioden: 1"),
        "{text}"
    );
    assert!(
        text.contains("utom mot mål som räknas över hela avtalsperioden"),
        "{text}"
    );
    // A report without such rows says neither.
    let out = lofte(
        dir.path(),
        &["report", ".", "--window", "2022", "-o", "r22.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&dir.path().join("r22.pdf"));
    assert!(!text.contains("Rader före rapportperioden"), "{text}");
    assert!(!text.contains("utom mot mål"), "{text}");
}

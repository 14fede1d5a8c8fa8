//! The command line end to end on small agreements written by the tests:
//! exit codes, what the user reads, what is (and is not) written.

mod support;

use support::{binary, lofte, pdf_file_text as pdf_text, stderr};

use std::path::{Path, PathBuf};
use std::process::Command;

const PROMISES: &str = r#"
kommun = "Testby"
lokalpolisomrade = "Testområdet"
period = { fran = 2023-01-01, till = 2023-12-31 }
loggar = ["logg.csv"]

[uppfoljning]
text = "En skriftlig uppföljning sammanställs senast februari 2024."
datum = 2024-02-29

[[fokusomrade]]
id = "trafik"
namn = "Trafiksäkerhet"

[[lofte]]
id = "T1"
fokusomrade = "trafik"
text = "Polisen ska genomföra minst fyra trafiksäkerhetsinsatser per år."
ansvarig = "Polisen"
enhet = "trafiksäkerhetsinsatser"
mal = [{ typ = "minst", antal = 4, per = "år" }]

[[lofte]]
id = "T2"
fokusomrade = "trafik"
text = "Polis och kommun ska vid minst ett tillfälle genomföra en trygghetsvandring."
ansvarig = "Polisen och kommunen"
mal = [{ typ = "totalt", antal = 1 }]
"#;

const LOG: &str = "Datum;Löfte;Antal;Aktivitet;Plats;Ansvarig\n\
2023-02-01;T1;1;Trafikkontroll;E4;Polisen\n\
2023-05-10;T1;2;Trafikkontroll;Centrum;Polisen\n\
2023-09-20;T1;1;Mopedkontroll;Skolan;Polisen\n\
2023-10-03;T2;1;Trygghetsvandring;Centrum;Polis, Kommun\n";

/// A folder with the promise file and the log.
fn agreement(log: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), PROMISES).unwrap();
    std::fs::write(dir.path().join("logg.csv"), log).unwrap();
    dir
}

/// An agreement folder at `dir` for `kommun`, with `log` as its log.
fn write_agreement(dir: &Path, kommun: &str, log: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("loften.toml"),
        PROMISES.replace("kommun = \"Testby\"", &format!("kommun = \"{kommun}\"")),
    )
    .unwrap();
    std::fs::write(dir.join("logg.csv"), log).unwrap();
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

fn results(dir: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
}

#[test]
fn report_writes_pdf_and_json_named_after_kommun_and_window() {
    let dir = agreement(LOG);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("uppfoljning-testby-2023.pdf").is_file());
    let json = results(dir.path(), "uppfoljning-testby-2023.json");
    let t1 = &json["promises"][0];
    assert_eq!(t1["id"], "T1");
    // 1 + 2 + 1 insatser in 2023 against at least 4: met.
    assert_eq!(t1["status"], "met");
    assert_eq!(t1["targets"][0]["total"], 4.0);
    assert_eq!(json["promises"][1]["status"], "met");
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let dir = agreement(LOG);
    let first = lofte(dir.path(), &["report", ".", "-o", "a"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let second = lofte(dir.path(), &["report", ".", "-o", "b"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    for name in [
        "uppfoljning-testby-2023.pdf",
        "uppfoljning-testby-2023.json",
    ] {
        let a = std::fs::read(dir.path().join("a").join(name)).unwrap();
        let b = std::fs::read(dir.path().join("b").join(name)).unwrap();
        assert!(a == b, "{name} differs between two runs");
    }
}

#[test]
fn missing_agreement_is_exit_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = lofte(dir.path(), &["report", "finns-inte"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("finns-inte"), "{}", stderr(&out));
    assert!(pdfs(dir.path()).is_empty());
}

#[test]
fn broken_toml_names_line_and_column() {
    let dir = agreement(LOG);
    let text = PROMISES.replace("antal = 4,", "antal = 4 per,");
    std::fs::write(dir.path().join("loften.toml"), text).unwrap();
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(1));
    let line = PROMISES
        .lines()
        .position(|l| l.contains("antal = 4,"))
        .unwrap()
        + 1;
    assert!(
        stderr(&out).contains(&format!("loften.toml:{line}:")),
        "{}",
        stderr(&out)
    );
    assert!(pdfs(dir.path()).is_empty());
}

#[test]
fn log_without_a_date_column_is_exit_1_naming_the_file() {
    let dir = agreement("När;Löfte;Antal\n2023-02-01;T1;1\n");
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("logg.csv"), "{err}");
    assert!(err.contains("Datum"), "{err}");
    assert!(pdfs(dir.path()).is_empty());
}

#[test]
fn unknown_promise_id_suggests_the_nearest() {
    let dir = agreement(&format!("{LOG}2023-11-01;T3;1;Trafikkontroll;E4;Polisen\n"));
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("T3"), "{err}");
    assert!(err.contains("line 6, column B"), "{err}");
    assert!(pdfs(dir.path()).is_empty());
}

#[test]
fn check_prints_every_problem_in_one_pass_as_json() {
    let log = "Datum;Löfte;Antal\n2023-02-01;T1;ca 5\n2023-13-45;T1;1\n2023-03-01;T9;1\n";
    let dir = agreement(log);
    let out = lofte(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diags: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cells: Vec<&str> = diags
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["location"]["cell"].as_str())
        .collect();
    assert!(cells.contains(&"C2"), "{diags:#}");
    assert!(cells.contains(&"A3"), "{diags:#}");
    assert!(cells.contains(&"B4"), "{diags:#}");
}

/// A run that stops lists its errors first, then its warnings, in JSON as
/// in the text: a header read as a known column (a warning, found while
/// reading the log) comes after an unknown promise id (an error, found
/// when the rows were matched to promises).
#[test]
fn check_json_lists_errors_before_warnings() {
    let log = "Datum;Löfte;Antal;Aktivitet;Platts;Ansvarig\n\
        2023-02-01;T1;1;Trafikkontroll;E4;Polisen\n\
        2023-03-01;T9;1;Trafikkontroll;E4;Polisen\n";
    let dir = agreement(log);
    let out = lofte(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diags: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let said: Vec<(&str, &str)> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["severity"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        said,
        [("error", "unknown-promise"), ("warning", "near-header")]
    );
}

#[test]
fn output_over_an_input_is_refused() {
    let dir = agreement(LOG);
    let out = lofte(dir.path(), &["report", ".", "-o", "./logg.csv"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("would overwrite the input"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("logg.csv")).unwrap(),
        LOG
    );
    assert!(pdfs(dir.path()).is_empty());
}

#[test]
fn a_failed_run_leaves_the_previous_report_untouched() {
    let dir = agreement(LOG);
    assert_eq!(lofte(dir.path(), &["report", "."]).status.code(), Some(0));
    let before = std::fs::read(dir.path().join("uppfoljning-testby-2023.pdf")).unwrap();
    std::fs::write(
        dir.path().join("logg.csv"),
        format!("{LOG}2023-11-01;T1;-3\n"),
    )
    .unwrap();
    assert_eq!(lofte(dir.path(), &["report", "."]).status.code(), Some(1));
    let after = std::fs::read(dir.path().join("uppfoljning-testby-2023.pdf")).unwrap();
    assert!(before == after);
}

#[test]
fn previous_version_and_diff_say_what_changed() {
    let dir = agreement(LOG);
    assert_eq!(
        lofte(dir.path(), &["report", ".", "-o", "v1"])
            .status
            .code(),
        Some(0)
    );
    // One corrected cell: the 2 in C3 was really 1.
    std::fs::write(
        dir.path().join("logg.csv"),
        LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll"),
    )
    .unwrap();
    let out = lofte(
        dir.path(),
        &[
            "report",
            ".",
            "-o",
            "v2",
            "--previous",
            "v1/uppfoljning-testby-2023.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v2 = results(&dir.path().join("v2"), "uppfoljning-testby-2023.json");
    assert_eq!(v2["version"], 2);
    let changes = &v2["changes"];
    assert_eq!(
        changes["promises"].as_array().unwrap().len(),
        1,
        "{changes:#}"
    );
    assert_eq!(changes["promises"][0]["id"], "T1");
    assert_eq!(changes["promises"][0]["old_status"], "met");
    assert_eq!(changes["promises"][0]["new_status"], "partly_met");
    assert_eq!(changes["rows_changed"].as_array().unwrap().len(), 1);

    let same = lofte(
        dir.path(),
        &[
            "diff",
            "v1/uppfoljning-testby-2023.json",
            "v1/uppfoljning-testby-2023.pdf",
        ],
    );
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    let diff = lofte(
        dir.path(),
        &[
            "diff",
            "v1/uppfoljning-testby-2023.json",
            "v2/uppfoljning-testby-2023.json",
        ],
    );
    assert_eq!(diff.status.code(), Some(3));
    let text = String::from_utf8_lossy(&diff.stdout);
    assert!(text.contains("promise T1: met -> partly_met"), "{text}");
}

#[test]
fn spreadsheet_text_is_printed_as_written_never_run() {
    let hostile = "#read(\"/etc/passwd\") $x$ *fet* _k_ <a> ] @ref \\ `kod` #panic()";
    let dir = agreement(&format!("{LOG}2023-11-05;T1;1;{hostile};Torget;Polisen\n"));
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&dir.path().join("uppfoljning-testby-2023.pdf"));
    assert!(text.contains("#read(\"/etc/passwd\")"), "{text}");
    assert!(text.contains("#panic()"), "{text}");
    assert!(!text.contains("root:"), "a template read a system file");
}

/// The default template exported to `mall` in `dir`: its main file, and
/// what it holds.
fn exported_template(dir: &Path) -> (PathBuf, String) {
    let out = lofte(dir, &["template", "export", "mall"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let main = dir.join("mall/main.typ");
    let text = std::fs::read_to_string(&main).unwrap();
    (main, text)
}

/// The report attaches its results as their gzip; a template may still
/// read the plain `/results.json` for a figure the document does not hold
/// (docs/template.md).
#[test]
fn a_template_reads_the_results_json_while_the_pdf_attaches_its_gzip() {
    let dir = agreement(LOG);
    let (main, text) = exported_template(dir.path());
    std::fs::write(
        &main,
        format!(
            "{text}\n#let r = json(\"/results.json\")\nRaderna i resultatfilen: #r.activity_rows.len() st.\n"
        ),
    )
    .unwrap();
    let out = lofte(
        dir.path(),
        &["report", ".", "--template", "mall", "-o", "egen"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(&dir.path().join("egen"), "uppfoljning-testby-2023.json");
    let rows = json["activity_rows"].as_array().unwrap().len();
    let pdf = dir.path().join("egen/uppfoljning-testby-2023.pdf");
    let printed = pdf_text(&pdf);
    assert!(
        printed.contains(&format!("Raderna i resultatfilen: {rows} st.")),
        "{printed}"
    );
    let raw = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
    assert!(raw.contains("results.json.gz"), "the attachment's name");
}

#[test]
fn own_template_renders_and_a_broken_one_points_at_its_line() {
    let dir = agreement(LOG);
    let (main, text) = exported_template(dir.path());
    std::fs::write(
        &main,
        text.replace(
            "#let w = data.words",
            "#let w = data.words\n#let lokal = \"Egen mall\"",
        ),
    )
    .unwrap();
    let out = lofte(
        dir.path(),
        &["report", ".", "--template", "mall", "-o", "egen"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = results(&dir.path().join("egen"), "uppfoljning-testby-2023.json");
    let roles: Vec<&str> = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["promises", "log", "template"]);

    // Line 3 gets an unclosed call.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(2, "#let broken = (");
    std::fs::write(&main, lines.join("\n")).unwrap();
    // A report with the template, which fails: what it printed.
    let failing = || {
        let out = lofte(
            dir.path(),
            &["report", ".", "--template", "mall", "-o", "trasig"],
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        stderr(&out)
    };
    let err = failing();
    assert!(err.contains("main.typ:3:"), "{err}");
    assert!(
        !dir.path()
            .join("trasig/uppfoljning-testby-2023.pdf")
            .exists()
    );
    // A broken template used to hide the data's warnings until it was
    // mended: a row logged twice is named beside it.
    let log = std::fs::read_to_string(dir.path().join("logg.csv")).unwrap();
    let twice = log.lines().nth(1).unwrap();
    std::fs::write(dir.path().join("logg.csv"), format!("{log}{twice}\n")).unwrap();
    let err = failing();
    assert!(err.contains("main.typ:3:"), "{err}");
    assert!(err.contains("warning[duplicate-row]"), "{err}");
    std::fs::write(dir.path().join("logg.csv"), log).unwrap();

    // A template cannot read outside its folder.
    std::fs::write(&main, "#read(\"/etc/passwd\")").unwrap();
    let err = failing();
    assert!(err.contains("main.typ:1:"), "{err}");
}

#[test]
fn one_corrected_cell_changes_only_what_depends_on_it() {
    let dir = agreement(LOG);
    assert_eq!(
        lofte(dir.path(), &["report", ".", "-o", "v1"])
            .status
            .code(),
        Some(0)
    );
    // The T2 walk's Antal 1 → 2: T1 must not move.
    std::fs::write(
        dir.path().join("logg.csv"),
        LOG.replace("T2;1;Trygghetsvandring", "T2;2;Trygghetsvandring"),
    )
    .unwrap();
    assert_eq!(
        lofte(dir.path(), &["report", ".", "-o", "v2"])
            .status
            .code(),
        Some(0)
    );
    let a = results(&dir.path().join("v1"), "uppfoljning-testby-2023.json");
    let b = results(&dir.path().join("v2"), "uppfoljning-testby-2023.json");
    let top: Vec<&String> = a
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| a[*k] != b[*k])
        .collect();
    assert_eq!(top, ["activity_rows", "promises", "sources"]);
    assert_eq!(a["promises"][0], b["promises"][0], "T1 changed");
    assert_ne!(
        a["promises"][1]["targets"][0]["total"],
        b["promises"][1]["targets"][0]["total"]
    );
    // Provenance: the log's checksum changed, the promise file's did not.
    assert_eq!(a["sources"][0], b["sources"][0]);
    assert_ne!(a["sources"][1]["sha256"], b["sources"][1]["sha256"]);
}

/// `lofte report . --watch -o w` in `dir`, and its stdout line by line.
fn watch(dir: &std::path::Path) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = Command::new(binary())
        .current_dir(dir)
        .args(["report", ".", "--watch", "-o", "w"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// What a `--watch` of `dir` printed for its first run and for each of
/// `logs` saved as `logg.csv` in turn, one line a run.
fn watch_runs(dir: &std::path::Path, logs: &[String]) -> Vec<String> {
    let (mut child, rx) = watch(dir);
    let wait = std::time::Duration::from_secs(60);
    let mut lines = vec![rx.recv_timeout(wait)];
    for log in logs {
        std::fs::write(dir.join("logg.csv"), log).unwrap();
        lines.push(rx.recv_timeout(wait));
    }
    let _ = child.kill();
    let _ = child.wait();
    lines
        .into_iter()
        .map(|l| l.expect("a run of the watch"))
        .collect()
}

#[test]
fn watch_renders_again_when_a_log_changes() {
    let dir = agreement(LOG);
    // A correction that turns T1 from met to part met (4 → 3), saved
    // at once: the inputs are watched before the first run.
    let lines = watch_runs(
        dir.path(),
        &[LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll")],
    );
    let (first, second) = (&lines[0], &lines[1]);
    assert!(first.contains("2 uppfyllt"), "{first}");
    assert!(second.contains("1 delvis uppfyllt"), "{second}");
    let json = results(&dir.path().join("w"), "uppfoljning-testby-2023.json");
    assert_eq!(json["promises"][0]["status"], "partly_met");
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x60, 0x60, 0xF8,
    0x0F, 0x00, 0x01, 0x04, 0x01, 0x00, 0x5F, 0xE5, 0xC3, 0x4B, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[test]
fn a_logo_is_embedded_and_a_bad_one_refused() {
    let dir = agreement(LOG);
    std::fs::write(dir.path().join("logo.png"), PNG).unwrap();
    let out = lofte(
        dir.path(),
        &["report", ".", "--logo", "logo.png", "-o", "med"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = lopdf::Document::load(dir.path().join("med/uppfoljning-testby-2023.pdf")).unwrap();
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .count();
    assert!(images >= 1, "no image in the PDF");

    std::fs::write(dir.path().join("logo.png"), b"not an image").unwrap();
    let out = lofte(
        dir.path(),
        &["report", ".", "--logo", "logo.png", "-o", "utan"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("logo.png"), "{}", stderr(&out));
    assert!(!dir.path().join("utan").exists());
}

/// Right-to-left text, emoji, zero-width characters, very long words and
/// typst markup, in the promise file and in the log: printed as written
/// (read back from the PDF), never run, never a failed report. A character
/// no embedded font has becomes U+FFFD in the PDF with a warning naming
/// it, and stays exact in the results JSON.
#[test]
fn any_script_and_any_markup_prints_as_written() {
    let hebrew = "שלום עולם";
    let arabic = "مرحبا بالعالم";
    let tigrinya = "ሰላም";
    let long =
        "Trafiksäkerhetsinsatsplaneringsuppföljningsdokumentationsansvarighetsfördelningsprincip";
    let text = format!(
        "Löfte med #read(\"/etc/passwd\") och $x$ och {hebrew} och {arabic} och {tigrinya} och 🚓 och noll\u{200B}bredd och {long} och 文."
    );
    let promises = PROMISES
        .replace(
            "Polisen ska genomföra minst fyra trafiksäkerhetsinsatser per år.",
            &text.replace('"', "\\\""),
        )
        .replace("kommun = \"Testby\"", "kommun = \"Testby #panic() *fet*\"");
    let dir = agreement(&format!(
        "{LOG}2023-11-05;T1;1;Kontroll 🚲 `x` <y> @z {arabic};Torget;Polisen\n"
    ));
    std::fs::write(dir.path().join("loften.toml"), promises).unwrap();
    let out = lofte(dir.path(), &["report", ".", "-o", "ut.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let warnings = stderr(&out);
    assert!(warnings.contains("warning[unprintable]"), "{warnings}");
    assert!(warnings.contains("U+6587"), "{warnings}");
    let pdf = pdf_text(&dir.path().join("ut.pdf"));
    for expected in [
        "#read(\"/etc/passwd\")",
        "$x$",
        "Testby #panic() *fet*",
        tigrinya,
        "🚓",
        "🚲",
        long,
        "Kontroll 🚲 `x` <y> @z",
        "\u{FFFD}",
    ] {
        assert!(pdf.contains(expected), "PDF lacks {expected:?}:\n{pdf}");
    }
    // Right-to-left runs come out of the PDF in visual order: compare the
    // letters, not their order.
    for rtl in [hebrew, arabic] {
        for word in rtl.split(' ') {
            let mut letters: Vec<char> = word.chars().collect();
            letters.sort_unstable();
            let found = pdf.split_whitespace().any(|w| {
                let mut l: Vec<char> = w.chars().filter(|c| !c.is_control()).collect();
                l.sort_unstable();
                l == letters
            });
            assert!(found, "PDF lacks {word:?}:\n{pdf}");
        }
    }
    assert!(!pdf.contains("root:"), "a template read a system file");
    let json = results(dir.path(), "ut.json");
    assert_eq!(json["promises"][0]["text"], text);
}

/// A folder of agreements renders in one run; a broken one does not stop
/// the others, is named with its diagnostics, and makes the exit code 1;
/// the summary table counts every promise of each report.
#[test]
fn batch_renders_every_agreement_and_reports_the_broken_one() {
    let root = tempfile::tempdir().unwrap();
    for (name, kommun) in [("a", "Alby"), ("b", "Bby")] {
        write_agreement(&root.path().join(name), kommun, LOG);
    }
    let broken = root.path().join("c");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(broken.join("loften.toml"), "kommun = \"Cby\"\nperiod = {").unwrap();
    let out = lofte(root.path(), &["report", ".", "-o", "ut"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let mut written: Vec<String> = pdfs(&root.path().join("ut"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["uppfoljning-alby-2023.pdf", "uppfoljning-bby-2023.pdf"]
    );
    let err = stderr(&out);
    assert!(err.contains("loften.toml:2:"), "{err}");
    assert!(
        err.contains("c: failed") || err.contains("/c: failed"),
        "{err}"
    );
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    // Alby: T1 met (4 of 4), T2 met; 2 promises in all.
    let alby = table.lines().find(|l| l.starts_with("Alby ")).unwrap();
    let cells: Vec<&str> = alby.split_whitespace().collect();
    assert_eq!(&cells[1..7], ["2", "0", "0", "0", "0", "0"], "{table}");
    assert!(
        table.lines().any(|l| l.contains("misslyckades (exit 1)")),
        "{table}"
    );
}

/// Two agreements of one batch that write the same file (two copies of
/// one agreement) raced each other's temporaries on the batch's threads:
/// one report silently replaced the other. The second is now refused.
#[test]
fn two_agreements_of_a_batch_writing_one_file_do_not_race() {
    let root = tempfile::tempdir().unwrap();
    for copy in ["a", "b"] {
        let folder = root.path().join("alla").join(copy);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("loften.toml"), PROMISES).unwrap();
        std::fs::write(folder.join("logg.csv"), LOG).unwrap();
    }
    let out = lofte(root.path(), &["report", "alla", "-o", "ut", "--quiet"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.matches("another agreement of this run writes ut/uppfoljning-testby-2023.pdf too")
            .count(),
        1,
        "{err}"
    );
    let written = pdfs(&root.path().join("ut"));
    assert_eq!(written.len(), 1, "{written:?}");
    let json = results(&root.path().join("ut"), "uppfoljning-testby-2023.json");
    assert_eq!(json["promises"][0]["status"], "met");
}

/// A batch on rayon's pool nested agreements: a worker waiting for one
/// report's page layout stole the next agreement, so every report of the
/// batch was in progress at once, they finished in reverse order, and a
/// batch of 290 overflowed the stack. With `--jobs 1` one agreement is
/// made at a time, so they finish in the order given.
#[test]
fn batch_reports_nested_inside_each_others_layout() {
    let root = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..12).map(|i| format!("k{i:02}")).collect();
    for name in &names {
        write_agreement(&root.path().join("alla").join(name), name, LOG);
    }
    let out = lofte(root.path(), &["report", "alla", "-o", "ut", "--jobs", "1"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let finished: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with('[') && l.ends_with(" klar"))
        .map(|l| l.rsplit('/').next().unwrap().trim_end_matches(" klar"))
        .collect();
    assert_eq!(finished, names, "{err}");
    assert_eq!(pdfs(&root.path().join("ut")).len(), names.len());

    let zero = lofte(root.path(), &["report", "alla", "-o", "ut", "--jobs", "0"]);
    assert_eq!(zero.status.code(), Some(2), "{}", stderr(&zero));
}

/// A batch keeps typst's memoised work from one render for the next and
/// for the one rendered beside it (`Renderer::for_batch`): each report of
/// a batch is still the same bytes as the report made alone.
#[test]
fn a_batchs_reports_are_the_bytes_each_makes_alone() {
    let root = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..6).map(|i| format!("k{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        // Documents that differ, and share most of their texts.
        let extra: String = (0..i)
            .map(|d| format!("2023-11-{:02};T1;1;Trafikkontroll;E4;Polisen\n", d + 1))
            .collect();
        write_agreement(
            &root.path().join("alla").join(name),
            name,
            &format!("{LOG}{extra}"),
        );
    }
    let batch = lofte(
        root.path(),
        &["report", "alla", "-o", "ihop", "--jobs", "2", "--quiet"],
    );
    assert_eq!(batch.status.code(), Some(0), "{}", stderr(&batch));
    for name in &names {
        let alone = lofte(
            root.path(),
            &["report", &format!("alla/{name}"), "-o", "ensam", "--quiet"],
        );
        assert_eq!(alone.status.code(), Some(0), "{}", stderr(&alone));
    }
    let files = |dir: &str| {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(root.path().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let (together, apart) = (files("ihop"), files("ensam"));
    assert_eq!(together.len(), 2 * names.len());
    for ((name, bytes), (alone_name, alone)) in together.iter().zip(&apart) {
        assert_eq!(name, alone_name);
        assert!(bytes == alone, "{name} differs from the report made alone");
    }
}

/// A sheet's texts are numbered in four bytes: `--max-cells` past four
/// billion is refused before anything is read, not a sheet whose texts
/// are lost past the last number.
#[test]
fn max_cells_past_what_a_sheet_can_number_is_refused() {
    let dir = agreement(LOG);
    let refused = lofte(dir.path(), &["check", ".", "--max-cells", "4000000001"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        stderr(&refused).lines().next().unwrap(),
        "error: invalid value '4000000001' for '--max-cells <N>': 4000000001 is not in 1..=4000000000"
    );
    let most = lofte(dir.path(), &["check", ".", "--max-cells", "4000000000"]);
    assert_eq!(most.status.code(), Some(0), "{}", stderr(&most));
}

/// The version, and the change record's heading, as the PDF at `pdf`
/// prints them: ("Version 2", Some("Ändringar sedan version 1 … ")).
fn version_lines(pdf: &Path) -> (String, Option<String>) {
    let text = pdf_text(pdf);
    let version = text
        .split(" Versionsdatum")
        .next()
        .and_then(|head| head.rfind("Version ").map(|at| head[at..].to_owned()))
        .unwrap_or_default();
    let changes = text.find("Ändringar sedan version").map(|at| {
        let rest = &text[at..];
        rest[..rest.find("Tecken i periodtabellerna").unwrap_or(rest.len())].to_owned()
    });
    (version, changes)
}

/// "Fix the spreadsheet and run it again" wrote over the report the
/// council received with another "Version 1" of other figures, with no
/// change record: run again over its own earlier report, a report is that
/// report's next version, said on the terminal, in the JSON and the PDF;
/// run again with nothing changed, it writes nothing.
#[test]
fn a_report_run_again_replaced_version_1_with_another_version_1() {
    let dir = agreement(LOG);
    let name = "uppfoljning-testby-2023";
    let pdf = dir.path().join(format!("{name}.pdf"));
    assert_eq!(lofte(dir.path(), &["report", "."]).status.code(), Some(0));
    assert_eq!(version_lines(&pdf), ("Version 1".to_owned(), None));
    // One corrected cell: the 2 in C3 was really 1.
    std::fs::write(
        dir.path().join("logg.csv"),
        LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll"),
    )
    .unwrap();
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "Testby: {name}.pdf, version 2 (2 löften: 1 uppfyllt, 1 delvis uppfyllt; 0 varningar)\n"
        )
    );
    let v2 = results(dir.path(), &format!("{name}.json"));
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["changes"]["since_version"], 1);
    assert_eq!(v2["changes"]["promises"][0]["id"], "T1");
    assert_eq!(
        v2["history"].as_array().map(Vec::len),
        Some(2),
        "{:#}",
        v2["history"]
    );
    let (version, changes) = version_lines(&pdf);
    assert_eq!(version, "Version 2");
    let changes = changes.unwrap_or_default();
    assert!(
        changes.starts_with("Ändringar sedan version 1 ")
            && changes.contains("T1 · minst 4 per år")
            && changes.contains("(en rad rättad i logg.csv, rad 3)")
            && changes.contains("status Uppfyllt → Delvis uppfyllt"),
        "{changes}"
    );

    // Nothing changed since: no version 3, the pair as it was.
    let before = (std::fs::read(&pdf).unwrap(), v2);
    let out = lofte(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Testby: inga ändringar sedan version 2; ingen ny version skrevs\n"
    );
    assert!(std::fs::read(&pdf).unwrap() == before.0);
    assert_eq!(results(dir.path(), &format!("{name}.json")), before.1);
}

/// The guide's own `--previous uppfoljning-kalix-2022-2023.pdf`, with the
/// default output, was refused: the previous version was the output. It
/// is read before anything is written, and its next version replaces it;
/// so with `-o v1.pdf --previous v1.json`.
#[test]
fn previous_naming_the_output_itself_was_refused() {
    let dir = agreement(LOG);
    let name = "uppfoljning-testby-2023";
    for (out, previous) in [
        (None, format!("{name}.pdf")),
        (Some("v1.pdf"), "v1.json".to_owned()),
    ] {
        let mut first = vec!["report", ".", "-q"];
        first.extend(out.iter().flat_map(|o| ["-o", *o]));
        std::fs::write(dir.path().join("logg.csv"), LOG).unwrap();
        assert_eq!(lofte(dir.path(), &first).status.code(), Some(0));
        std::fs::write(
            dir.path().join("logg.csv"),
            LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll"),
        )
        .unwrap();
        let mut again = first.clone();
        again.extend(["--previous", &previous, "--note", "Rättelse"]);
        let run = lofte(dir.path(), &again);
        assert_eq!(run.status.code(), Some(0), "{previous}: {}", stderr(&run));
        let stem = out.map_or(name, |o| o.trim_end_matches(".pdf"));
        let json = results(dir.path(), &format!("{stem}.json"));
        assert_eq!(json["version"], 2, "{previous}");
        assert_eq!(json["changes"]["since_version"], 1, "{previous}");
        let (version, changes) = version_lines(&dir.path().join(format!("{stem}.pdf")));
        assert_eq!(version, "Version 2", "{previous}");
        let changes = changes.unwrap_or_default();
        assert!(
            changes.starts_with("Ändringar sedan version 1 ")
                && changes.contains("Skäl: Rättelse")
                && changes.contains("(en rad rättad i logg.csv, rad 3)"),
            "{previous}: {changes}"
        );
        // No temporary or copy is left beside the pair.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }
}

/// A report of another kommun at the output, or a file lofte did not
/// write (the user's own `statistik.json` beside `-o statistik.pdf`), was
/// written over; `--previous` of another kommun made the report its
/// "Version 2" with every promise changed. Each is refused, naming the
/// file (and both reports), and every file is left as it was.
#[test]
fn a_report_of_another_agreement_was_written_over_or_followed() {
    let dir = agreement(LOG);
    let provby = dir.path().join("provby");
    std::fs::create_dir(&provby).unwrap();
    std::fs::write(
        provby.join("loften.toml"),
        PROMISES.replace("Testby", "Provby"),
    )
    .unwrap();
    std::fs::write(provby.join("logg.csv"), LOG).unwrap();
    let run = lofte(dir.path(), &["report", "provby", "-o", "ut.pdf", "-q"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    std::fs::write(dir.path().join("statistik.json"), "{\"egen\": 1}\n").unwrap();
    let files = |d: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut all: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
            .collect();
        all.sort();
        all
    };
    let before = files(dir.path());
    for (args, message) in [
        (
            &["report", ".", "-o", "ut.pdf"][..],
            "error: the output ut.json holds the report of Provby 2023-01-01 – 2023-12-31, not of Testby 2023-01-01 – 2023-12-31; lofte does not write over it: choose another -o, or move the file\n",
        ),
        (
            &["report", ".", "-o", "statistik.pdf"][..],
            "error: the output statistik.json already exists and is not a lofte report (no results can be read from it); lofte does not write over it: choose another -o, or move the file\n",
        ),
        (
            &["report", ".", "-o", "v2.pdf", "--previous", "ut.pdf"][..],
            "error: --previous ut.pdf is the report of Provby 2023-01-01 – 2023-12-31, and this one is of Testby 2023-01-01 – 2023-12-31: a new version follows the report of the same place and window; give that one, or leave --previous out\n",
        ),
    ] {
        let run = lofte(dir.path(), args);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", stderr(&run));
        assert_eq!(stderr(&run), message, "{args:?}");
        assert_eq!(files(dir.path()), before, "{args:?}");
    }
}

/// Run again over its earlier report, every save under `--watch` would
/// have made a version of its own (2, 3, 4 … for one correction typed in
/// three saves): a watch follows the version that was at the output when
/// it began, so its drafts are each that version's next one.
#[test]
fn a_watch_made_a_version_for_every_save() {
    let dir = agreement(LOG);
    assert_eq!(
        lofte(dir.path(), &["report", ".", "-o", "w", "-q"])
            .status
            .code(),
        Some(0)
    );
    let lines = watch_runs(
        dir.path(),
        &[
            LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll"),
            LOG.replace(";2;Trafikkontroll", ";0;Trafikkontroll"),
        ],
    );
    assert!(
        lines[0].contains("inga ändringar sedan version 1"),
        "{lines:?}"
    );
    let json = results(&dir.path().join("w"), "uppfoljning-testby-2023.json");
    assert_eq!(json["version"], 2, "{lines:?}");
    assert_eq!(json["changes"]["since_version"], 1);
    assert_eq!(json["history"].as_array().map(Vec::len), Some(2));
    let (version, changes) = version_lines(&dir.path().join("w/uppfoljning-testby-2023.pdf"));
    assert_eq!(version, "Version 2");
    assert!(
        changes.is_some_and(|c| c.starts_with("Ändringar sedan version 1 ")),
        "{lines:?}"
    );
}

/// The same figures asked for in English (`--lang en`) said "inga
/// ändringar" and left the Swedish PDF: the rendering asked for was never
/// written. It is written, as the same version (no figure changed): its
/// number, change record and history kept, no version record added.
#[test]
fn a_rerun_with_another_language_wrote_nothing() {
    let dir = agreement(LOG);
    let name = "uppfoljning-testby-2023";
    let run = |args: &[&str]| {
        let mut all = vec!["report", ".", "-o", "r"];
        all.extend(args);
        let o = lofte(dir.path(), &all);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    run(&["-q", "--date", "2024-01-20"]);
    // A correction: version 2, with its change record.
    std::fs::write(
        dir.path().join("logg.csv"),
        LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll"),
    )
    .unwrap();
    run(&["-q", "--date", "2024-01-25"]);
    let v2 = results(&dir.path().join("r"), &format!("{name}.json"));
    assert_eq!(v2["version"], 2);
    let pdf = dir.path().join(format!("r/{name}.pdf"));
    assert!(pdf_text(&pdf).contains("Uppföljning av medborgarlöften"));

    let stdout = run(&["--lang", "en", "--date", "2024-01-30"]);
    assert!(
        stdout.contains(
            "version 2 skriven igen: inga ändringar sedan version 2, andra inställningar för PDF:en (samma version)"
        ),
        "{stdout}"
    );
    let text = pdf_text(&pdf);
    assert!(text.contains("Follow-up of citizen promises"), "{text}");
    assert!(text.contains("Version 2"), "{text}");
    let again = results(&dir.path().join("r"), &format!("{name}.json"));
    assert_eq!(again["version"], 2);
    assert_eq!(again["rendering"]["lang"], "en");
    assert_eq!(again["changes"], v2["changes"], "the change record kept");
    assert_eq!(
        again["history"], v2["history"],
        "no record of a version not made"
    );
    assert_eq!(again["promises"], v2["promises"]);

    // Asked again in English: nothing to write.
    let stdout = run(&["--lang", "en"]);
    assert!(
        stdout.contains("inga ändringar sedan version 2; ingen ny version skrevs"),
        "{stdout}"
    );
}

/// `--date` made a version dated before the version it follows: version
/// 2 dated 10 January 2024 after version 1 of 15 February, and, with no
/// date given, dated by the as-of date (31 December 2023).
#[test]
fn a_version_was_dated_before_the_version_it_follows() {
    let dir = agreement(LOG);
    let name = "uppfoljning-testby-2023";
    let o = lofte(
        dir.path(),
        &["report", ".", "-o", "r", "-q", "--date", "2024-02-15"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(
        dir.path().join("logg.csv"),
        LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll"),
    )
    .unwrap();
    let o = lofte(
        dir.path(),
        &["report", ".", "-o", "r", "--date", "2024-01-10"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "version 2 would be dated 2024-01-10 (--date), before version 1 it follows, dated 2024-02-15 (--date); a version cannot be older than the one before it: give --date 2024-02-15 or later"
        ),
        "{}",
        stderr(&o)
    );
    let o = lofte(dir.path(), &["report", ".", "-o", "r"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("dated 2023-12-31 (the as-of date), before version 1"),
        "{}",
        stderr(&o)
    );
    let json = results(&dir.path().join("r"), &format!("{name}.json"));
    assert_eq!(json["version"], 1, "nothing was written");
    let o = lofte(
        dir.path(),
        &["report", ".", "-o", "r", "-q", "--date", "2024-02-15"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = results(&dir.path().join("r"), &format!("{name}.json"));
    assert_eq!(json["version"], 2);
}

/// A watch that made version 2 and then saw the edit undone left version
/// 2's draft at the output: a change record of changes no longer true.
/// Version 1, the version the watch began with, is written back.
#[test]
fn a_watch_left_a_draft_whose_edit_was_undone() {
    let dir = agreement(LOG);
    assert_eq!(
        lofte(dir.path(), &["report", ".", "-o", "w", "-q"])
            .status
            .code(),
        Some(0)
    );
    let json = dir.path().join("w/uppfoljning-testby-2023.json");
    let v1 = std::fs::read(&json).unwrap();
    let lines = watch_runs(
        dir.path(),
        &[
            LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll"),
            LOG.to_owned(),
        ],
    );
    assert!(lines[1].contains("1 delvis uppfyllt"), "{lines:?}");
    assert!(
        lines[2].contains(
            "version 1 skriven igen: siffrorna är åter de i version 1, utkastet till version 2 är ersatt"
        ),
        "{lines:?}"
    );
    let back = results(&dir.path().join("w"), "uppfoljning-testby-2023.json");
    assert_eq!(back["version"], 1, "{lines:?}");
    assert!(back.get("changes").is_none(), "{back}");
    assert_eq!(back["history"].as_array().map(Vec::len), Some(1));
    assert_eq!(std::fs::read(&json).unwrap(), v1, "version 1 as it was");
    let (version, changes) = version_lines(&dir.path().join("w/uppfoljning-testby-2023.pdf"));
    assert_eq!(version, "Version 1");
    assert_eq!(changes, None);
}

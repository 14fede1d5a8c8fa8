//! What the user reads at the terminal, pinned whole: the exit code, stdout
//! and stderr (apart) of the main commands, as insta snapshots under
//! tests/snapshots/. A change to any message fails here; when the change
//! is meant, review and accept it with `cargo insta review` (or run with
//! INSTA_UPDATE=always and read the diff before committing), as the
//! README's "Contributing" says.
//!
//! Also here: the exit codes as documented, and a reader that goes away
//! (`lofte … | head -1`) is no error.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};

use support::{binary, fixture, lofte, repo, sample, transcript};

const SAMPLES: [&str; 5] = ["kalix", "overkalix", "haparanda", "jokkmokk", "norsjo"];

/// A small agreement of two promises, one counted and one in text.
const PROMISES: &str = r#"kommun = "Testby"
lokalpolisomrade = "Testområdet"
period = { fran = 2023-01-01, till = 2023-12-31 }
loggar = ["logg.csv"]

[[fokusomrade]]
id = "trafik"
namn = "Trafiksäkerhet"

[[lofte]]
id = "T1"
fokusomrade = "trafik"
text = "Polisen ska genomföra minst fyra trafiksäkerhetsinsatser per år."
ansvarig = "Polisen"
mal = [{ typ = "minst", antal = 4, per = "år" }]

[[lofte]]
id = "T2"
fokusomrade = "trafik"
text = "Polis och kommun ska samverka med skolan."
ansvarig = "Polisen och kommunen"
mal = [{ typ = "text" }]
"#;

const LOG: &str = "Datum;Löfte;Antal;Aktivitet\n\
2023-02-01;T1;1;Trafikkontroll\n\
2023-05-10;T1;2;Trafikkontroll\n\
2023-09-20;T1;1;Mopedkontroll\n";

fn agreement(promises: &str, log: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), promises).unwrap();
    std::fs::write(dir.path().join("logg.csv"), log).unwrap();
    dir
}

/// The agreement reported twice, `v1` and then `v2` after a correction
/// of one row (T1 goes from met to part met).
fn two_versions() -> tempfile::TempDir {
    let dir = agreement(PROMISES, LOG);
    for (version, log) in [
        ("v1.pdf", LOG.to_owned()),
        ("v2.pdf", LOG.replace(";2;", ";1;")),
    ] {
        std::fs::write(dir.path().join("logg.csv"), log).unwrap();
        let out = lofte(dir.path(), &["report", ".", "-o", version]);
        assert!(out.status.success(), "{}", support::stderr(&out));
    }
    dir
}

/// Runs `lofte ARGS` in `dir` and pins what it printed as `name`.
fn pin(name: &str, dir: &Path, args: &[&str]) -> std::process::Output {
    let out = lofte(dir, args);
    insta::assert_snapshot!(name, transcript(&out, &[dir]));
    out
}

#[test]
fn check_on_every_sample() {
    for name in SAMPLES {
        let folder = format!("samples/{name}");
        pin(&format!("check_{name}"), &repo(), &["check", &folder]);
    }
}

/// `lofte check samples` said "the folder holds no promise file", while
/// `lofte report samples` wrote every report: a folder of agreement
/// folders now stands for each of them in `check` too.
#[test]
fn check_of_a_folder_of_agreements_checks_each() {
    let out = pin("check_samples_folder", &repo(), &["check", "samples"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_names_every_problem_in_the_promise_file_with_its_line() {
    let promises = PROMISES
        .replace("typ = \"minst\"", "typ = \"minstt\"")
        .replace(
            "ansvarig = \"Polisen\"\n",
            "ansvarig = \"Polisen\"\nenhett = \"insatser\"\n",
        );
    let dir = agreement(&promises, LOG);
    let out = pin("check_promise_file_errors", dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(1));
    // The same problems as JSON, each with its byte span.
    let out = pin(
        "check_promise_file_errors_json",
        dir.path(),
        &["check", ".", "--format", "json"],
    );
    let problems: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let span = &problems[1]["span"];
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&promises[start..end], "\"minstt\"");
}

#[test]
fn check_names_bad_cells_by_file_and_cell() {
    let log = format!("{LOG}2023-10-01;T1;ca 5;Trafikkontroll\n2023-10-02;T9;1;Trafikkontroll\n");
    let dir = agreement(PROMISES, &log);
    pin("check_bad_cells", dir.path(), &["check", "."]);
    pin(
        "check_bad_cells_json",
        dir.path(),
        &["check", ".", "--format", "json"],
    );
}

#[test]
fn report_prints_one_line_per_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let kalix = sample("kalix");
    let out = pin(
        "report_kalix",
        dir.path(),
        &["report", kalix.to_str().unwrap(), "-o", "ut"],
    );
    assert_eq!(out.status.code(), Some(0));
}

/// A typst warning was printed inside another warning:
/// `warning[template]: warning[template]: unknown font family`.
#[test]
fn a_template_warning_is_printed_once_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let kalix = sample("kalix");
    let export = lofte(dir.path(), &["template", "export", "mall"]);
    assert!(export.status.success());
    let main = dir.path().join("mall/main.typ");
    let mut text = std::fs::read_to_string(&main).unwrap();
    text.push_str("\n#text(font: \"Nonexistent Font\")[x]\n");
    std::fs::write(&main, text).unwrap();
    let out = pin(
        "report_template_warning",
        dir.path(),
        &[
            "report",
            kalix.to_str().unwrap(),
            "--template",
            "mall",
            "-o",
            "ut",
        ],
    );
    let err = support::stderr(&out);
    assert_eq!(err.matches("warning[template]").count(), 2, "{err}");
    assert!(!err.contains("warning[template]: warning"), "{err}");
}

/// A report run again over its own earlier version says it wrote the
/// next one; run again with nothing changed, that it wrote nothing; over a
/// file lofte did not write, that it refuses and what to do.
#[test]
fn report_run_again_says_which_version_it_wrote() {
    let dir = agreement(PROMISES, LOG);
    pin("report_again_v1", dir.path(), &["report", "."]);
    std::fs::write(dir.path().join("logg.csv"), LOG.replace(";2;", ";1;")).unwrap();
    pin("report_again_v2", dir.path(), &["report", "."]);
    pin("report_again_unchanged", dir.path(), &["report", "."]);
    std::fs::write(dir.path().join("egen.json"), "[1, 2]\n").unwrap();
    let out = pin(
        "report_again_not_ours",
        dir.path(),
        &["report", ".", "-o", "egen.pdf"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diff_says_what_changed_and_exits_3() {
    let dir = two_versions();
    pin("diff_same", dir.path(), &["diff", "v1.json", "v1.json"]);
    pin("diff_changed", dir.path(), &["diff", "v1.json", "v2.json"]);
    pin(
        "diff_not_results",
        dir.path(),
        &["diff", "loften.toml", "v2.json"],
    );
    pin(
        "diff_missing",
        dir.path(),
        &["diff", "finns-inte.json", "v2.json"],
    );
}

#[test]
fn init_drafts_and_says_what_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("init/kalix.txt");
    pin("init_kalix", dir.path(), &["init", text.to_str().unwrap()]);
    pin("init_exists", dir.path(), &["init", text.to_str().unwrap()]);
}

#[test]
fn logg_writes_the_workbook_and_says_what_next() {
    let dir = agreement(PROMISES, LOG);
    pin("logg_xlsx", dir.path(), &["logg", ".", "-o", "ny.xlsx"]);
    pin("logg_exists", dir.path(), &["logg", ".", "-o", "ny.xlsx"]);
}

#[test]
fn usage_errors_exit_2() {
    let dir = agreement(PROMISES, LOG);
    pin(
        "usage_window",
        dir.path(),
        &["check", ".", "--window", "snart"],
    );
    pin("usage_unknown_command", dir.path(), &["rapport", "."]);
}

/// The help a newcomer reads first, exit codes included.
#[test]
fn help_lists_the_commands_and_the_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = pin("help", dir.path(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
}

/// The exit codes as docs/bad-input.md and `--help` state them.
#[test]
fn exit_codes_are_as_documented() {
    let good = agreement(PROMISES, LOG);
    let bad = agreement(&PROMISES.replace("typ = \"minst\"", "typ = \"x\""), LOG);
    let code = |dir: &Path, args: &[&str]| lofte(dir, args).status.code();
    assert_eq!(code(good.path(), &["check", "."]), Some(0));
    assert_eq!(code(bad.path(), &["check", "."]), Some(1));
    assert_eq!(code(good.path(), &["check", "finns-inte"]), Some(2));
    assert_eq!(
        code(good.path(), &["check", ".", "--as-of", "igår"]),
        Some(2)
    );
    assert_eq!(code(good.path(), &["report", ".", "-o", "a.pdf"]), Some(0));
    assert_eq!(code(good.path(), &["diff", "a.json", "a.json"]), Some(0));
    std::fs::write(good.path().join("logg.csv"), LOG.replace(";2;", ";1;")).unwrap();
    assert_eq!(code(good.path(), &["report", ".", "-o", "b.pdf"]), Some(0));
    assert_eq!(code(good.path(), &["diff", "a.json", "b.json"]), Some(3));
    let doc = std::fs::read_to_string(repo().join("docs/bad-input.md")).unwrap();
    for line in ["| 0 |", "| 1 |", "| 2 |", "| 3 |"] {
        assert!(doc.contains(line), "docs/bad-input.md lacks the row {line}");
    }
    let help = support::stdout(&lofte(good.path(), &["--help"]));
    assert!(help.contains("Exit codes"), "{help}");
}

/// `lofte diff a b | head -1` panicked: println! fails once the reader
/// has gone. Now the output stops, the run ends as it would have, and
/// nothing is said about it.
#[test]
fn a_reader_that_goes_away_is_no_error() {
    let dir = two_versions();
    let runs: [(&[&str], i32); 4] = [
        (&["diff", "v1.json", "v2.json"], 3),
        (&["check", "."], 0),
        (&["check", ".", "--format", "json"], 0),
        (&["report", ".", "-o", "v3.pdf"], 0),
    ];
    for (args, expected) in runs {
        // A pipe whose reading end is closed before lofte starts: its
        // first write fails, every time.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(binary())
            .current_dir(dir.path())
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = support::stderr(&out);
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
    // The report was still written, though nobody read its line.
    assert!(dir.path().join("v3.pdf").is_file());
}

/// Output that cannot be written for another reason than a closed pipe
/// (a full disk) is not a success.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_is_exit_2() {
    let dir = agreement(PROMISES, LOG);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(binary())
        .current_dir(dir.path())
        .args(["check", ".", "--format", "json"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        support::stderr(&out),
        "error: cannot write to standard output: No space left on device (os error 28)\n"
    );
}

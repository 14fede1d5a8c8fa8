//! The catalogue of bad inputs: for each, how it is made, the exit code,
//! and the message fragments the user must see, location included; the
//! whole of what it prints (stdout and stderr apart) is pinned as a
//! snapshot, tests/snapshots/catalogue__*.snap. For every case lofte must
//! also leave the inputs byte for byte as they were and write no PDF when
//! it fails. The table is documented in docs/bad-input.md.

mod support;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::{binary, fixture, transcript};

const PROMISES: &str = r#"kommun = "Testby"
lokalpolisomrade = "Test"
period = { fran = 2023-01-01, till = 2023-12-31 }
loggar = ["logg.csv"]

[[fokusomrade]]
id = "trafik"
namn = "Trafik"

[[lofte]]
id = "K1"
fokusomrade = "trafik"
text = "Minst fyra trafikinsatser per år."
ansvarig = "Polisen"
mal = [{ typ = "minst", antal = 4, per = "år" }]

[[lofte]]
id = "K2"
fokusomrade = "trafik"
text = "Samverka med skolan."
ansvarig = "Polisen"
mal = [{ typ = "text" }]
"#;

const LOG: &str =
    "Datum;Löfte;Antal;Aktivitet\n2023-03-01;K1;1;Trafikinsats\n2023-05-02;K1;2;Trafikinsats\n";

/// One bad input.
struct Case {
    /// What is wrong, as in docs/bad-input.md.
    name: &'static str,
    /// Writes the inputs into the folder (which already holds a valid
    /// `loften.toml` and `logg.csv`).
    make: Box<dyn Fn(&Path)>,
    /// Arguments after `lofte`; `DIR` stands for the folder.
    args: &'static [&'static str],
    /// Expected exit code.
    exit: i32,
    /// Fragments the output must hold (stdout and stderr together).
    expect: &'static [&'static str],
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn log(text: &'static str) -> Box<dyn Fn(&Path)> {
    Box::new(move |dir| write(dir, "logg.csv", text))
}

fn promises(from: &'static str, to: &'static str) -> Box<dyn Fn(&Path)> {
    Box::new(move |dir| write(dir, "loften.toml", PROMISES.replacen(from, to, 1)))
}

/// A promise file and a log of the case's own.
fn both(promises: String, log: String) -> Box<dyn Fn(&Path)> {
    Box::new(move |dir| {
        write(dir, "loften.toml", &promises);
        write(dir, "logg.csv", &log);
    })
}

/// A row whose date does not exist.
const BAD_DATE: &str = "2023-13-45;K1;1;Trafikinsats\n";

fn copy(fixture_name: &'static str, as_name: &'static str) -> Box<dyn Fn(&Path)> {
    Box::new(move |dir| {
        std::fs::copy(fixture(fixture_name), dir.join(as_name)).unwrap();
    })
}

/// The promise file reading `logg.xlsx`, a copy of the fixture.
fn workbook_log(fixture_name: &'static str) -> Box<dyn Fn(&Path)> {
    Box::new(move |dir| {
        write(
            dir,
            "loften.toml",
            PROMISES.replace("logg.csv", "logg.xlsx"),
        );
        std::fs::copy(fixture(fixture_name), dir.join("logg.xlsx")).unwrap();
    })
}

/// Pseudo-random bytes, the same every run.
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

const CHECK: &[&str] = &["check", "DIR"];
const CHECK_XLSX: &[&str] = &["check", "DIR", "--activities", "DIR/logg.xlsx"];

fn cases() -> Vec<Case> {
    vec![
        // ---- the log file as a whole
        Case {
            name: "empty file",
            make: log(""),
            args: CHECK,
            exit: 1,
            expect: &["the file is empty", "logg.csv"],
        },
        Case {
            name: "random bytes named .xlsx",
            make: Box::new(|dir| write(dir, "logg.xlsx", noise(4096))),
            args: CHECK_XLSX,
            exit: 1,
            expect: &["not a spreadsheet", "logg.xlsx"],
        },
        Case {
            name: "random bytes named .csv",
            make: Box::new(|dir| write(dir, "logg.csv", noise(4096))),
            args: CHECK,
            exit: 1,
            expect: &["not a spreadsheet", "logg.csv"],
        },
        Case {
            name: "a PDF renamed .xlsx",
            make: Box::new(|dir| {
                write(
                    dir,
                    "logg.xlsx",
                    b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
                )
            }),
            args: CHECK_XLSX,
            exit: 1,
            expect: &["the file is a PDF", "logg.xlsx"],
        },
        Case {
            name: "a corrupt zip named .xlsx",
            make: Box::new(|dir| {
                let mut bytes = b"PK\x03\x04".to_vec();
                bytes.extend(noise(2000));
                write(dir, "logg.xlsx", bytes)
            }),
            args: CHECK_XLSX,
            exit: 1,
            expect: &["logg.xlsx", "not a valid workbook"],
        },
        Case {
            name: "a truncated xlsx",
            make: Box::new(|dir| {
                let bytes = std::fs::read(fixture("ingest/base.xlsx")).unwrap();
                write(dir, "logg.xlsx", &bytes[..bytes.len() / 2])
            }),
            args: CHECK_XLSX,
            exit: 1,
            expect: &["logg.xlsx", "not a valid workbook", "broken zip"],
        },
        Case {
            name: "text named .xlsx",
            make: Box::new(|dir| write(dir, "logg.xlsx", LOG)),
            args: CHECK_XLSX,
            exit: 1,
            expect: &["named .xlsx but holds text", "rename it .csv"],
        },
        Case {
            name: "a password-protected xlsx",
            make: copy("bad/losenord.xlsx", "logg.xlsx"),
            args: CHECK_XLSX,
            exit: 1,
            expect: &["password-protected", "logg.xlsx", "remove the password"],
        },
        Case {
            name: "a zip bomb (200 MiB of spaces in 200 KiB)",
            make: copy("bad/bomb.xlsx", "logg.xlsx"),
            args: &[
                "check",
                "DIR",
                "--activities",
                "DIR/logg.xlsx",
                "--max-unzipped-mb",
                "100",
            ],
            exit: 1,
            expect: &[
                "unpacks to 200 MiB",
                "over the limit of 100 MiB",
                "logg.xlsx",
            ],
        },
        Case {
            name: "a zip declaring a 4 GiB sheet",
            make: copy("bad/storlek-4g.xlsx", "logg.xlsx"),
            args: CHECK_XLSX,
            exit: 1,
            expect: &["unpacks to 4096 MiB", "over the limit of 2048 MiB"],
        },
        Case {
            name: "a file over the size limit",
            make: Box::new(|dir| {
                let mut f = std::fs::File::create(dir.join("logg.csv")).unwrap();
                f.write_all(LOG.as_bytes()).unwrap();
                f.write_all(&vec![b'\n'; 2 * 1024 * 1024]).unwrap();
            }),
            args: &["check", "DIR", "--max-file-mb", "1"],
            exit: 1,
            expect: &["the file is 2 MiB, over the limit of 1 MiB", "logg.csv"],
        },
        Case {
            name: "more cells than --max-cells",
            make: Box::new(|_| {}),
            args: &["check", "DIR", "--max-cells", "10"],
            exit: 1,
            expect: &[
                "3 lines of 4 fields, more than 10 cells",
                "--max-cells",
                "logg.csv",
            ],
        },
        Case {
            name: "a log that does not exist",
            make: Box::new(|dir| std::fs::remove_file(dir.join("logg.csv")).unwrap()),
            args: CHECK,
            exit: 2,
            expect: &[
                "the activity log does not exist",
                "logg.csv",
                "check the path",
            ],
        },
        Case {
            name: "a 10 MB cell",
            make: Box::new(|dir| {
                let text = format!(
                    "Datum;Löfte;Antal;Plats\n2023-03-01;K1;1;{}\n2023-03-02;K1;1;Torget\n",
                    "x".repeat(10_000_000)
                );
                write(dir, "logg.csv", text)
            }),
            args: CHECK,
            exit: 1,
            expect: &[
                "longer than a spreadsheet cell can be",
                "logg.csv, line 2, column D",
                "10000000 characters",
            ],
        },
        Case {
            name: "20,000 columns",
            make: Box::new(|dir| {
                let mut text = String::from("Datum;Löfte;Antal");
                for i in 0..20_000 {
                    text.push_str(&format!(";k{i}"));
                }
                text.push_str("\n2023-03-01;K1;1\n");
                write(dir, "logg.csv", text)
            }),
            args: CHECK,
            exit: 1,
            expect: &[
                "line 1 has 20003 fields",
                "at most 16384 columns",
                "logg.csv",
            ],
        },
        Case {
            name: "a sheet of only headers",
            make: log("Datum;Löfte;Antal\n"),
            args: CHECK,
            exit: 0,
            expect: &["warning[empty-log]", "header but no rows", "logg.csv"],
        },
        Case {
            name: "duplicate headers",
            make: log("Datum;Löfte;Antal;Datum\n2023-03-01;K1;1;2023-03-02\n"),
            args: CHECK,
            exit: 1,
            expect: &[
                "two columns mean the same: \"Datum\"",
                "logg.csv, line 1, column D",
                "column A (first here)",
            ],
        },
        Case {
            name: "no Datum column",
            make: log("När;Löfte;Antal\n2023-03-01;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &["no Datum column", "logg.csv, line 1", "När, Löfte, Antal"],
        },
        Case {
            name: "no header at all",
            make: log("2023-03-01;K1;1\n2023-03-02;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &["no header row found", "add a header row"],
        },
        Case {
            name: "an unclosed quote",
            make: log(
                "Datum;Löfte;Antal;Plats\n2023-03-01;K1;1;\"Torget\n2023-03-02;K1;1;Skolan\n",
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[unclosed-quote]",
                "logg.csv, line 2",
                "not closed before line 3",
            ],
        },
        Case {
            name: "a NUL byte in a csv",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1\u{0};1\n"),
            args: CHECK,
            exit: 1,
            expect: &["error[nul-byte]", "logg.csv, line 2"],
        },
        Case {
            name: "an unclosed quote above other problems",
            make: log(
                "Datum;Löfte;Antal;Plats\n2023-03-01;K1;1;\"Torget\n2023-03-02;K1;ca 5;Skolan\n2023-03-03;K1;1;Hamnen\n",
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[unclosed-quote]",
                "logg.csv, line 2",
                "error[bad-count]",
                "logg.csv, line 3, column C",
            ],
        },
        Case {
            name: "a header that may be Löfte or not",
            make: log("Datum;Medborgarlöfte;Antal\n2023-03-01;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[unclear-column]",
                "logg.csv, line 1, column B",
                "lofte = \"Medborgarlöfte\"",
            ],
        },
        Case {
            name: "a date pasted into Antal",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1;20230315\n"),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[implausible-count]",
                "logg.csv, line 2, column C",
                "max_antal_per_rad",
            ],
        },
        Case {
            name: "a thousands point in Antal (1.000)",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1;1.000\n"),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[ambiguous-count]",
                "logg.csv, line 2, column C",
                "1.000",
            ],
        },
        Case {
            name: "two promise ids in one cell",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1, K2;1\n"),
            args: CHECK,
            exit: 1,
            expect: &["error[several-promises]", "logg.csv, line 2, column B"],
        },
        Case {
            name: "a date typed 230315",
            make: log("Datum;Löfte;Antal\n230315;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &["230315 (read as 2530-07-30)", "write it as 2023-03-15"],
        },
        Case {
            name: "a folder given as a log",
            make: Box::new(|dir| {
                std::fs::remove_file(dir.join("logg.csv")).unwrap();
                std::fs::create_dir(dir.join("logg.csv")).unwrap();
            }),
            args: CHECK,
            exit: 2,
            expect: &["the activity log is a folder, not a file", "logg.csv"],
        },
        Case {
            name: "a looping link given as a log",
            make: Box::new(|dir| {
                std::fs::remove_file(dir.join("logg.csv")).unwrap();
                std::os::unix::fs::symlink("logg.csv", dir.join("logg.csv")).unwrap();
            }),
            args: CHECK,
            exit: 2,
            expect: &["a link that leads to no file", "logg.csv"],
        },
        Case {
            name: "a log that cannot be read",
            make: Box::new(|_| {}),
            args: &["check", "DIR", "--activities", "/proc/self/mem"],
            exit: 2,
            expect: &["cannot read the file", "--> mem"],
        },
        Case {
            name: "a shared-string count of 4 294 967 296",
            make: copy("real/strangar-4g.xlsx", "logg.xlsx"),
            args: CHECK_XLSX,
            exit: 1,
            expect: &["declares 4294967296 shared strings", "logg.xlsx"],
        },
        Case {
            name: "promise file: an unknown key under [kolumner]",
            make: Box::new(|dir| {
                write(
                    dir,
                    "loften.toml",
                    format!("{PROMISES}\n[kolumner]\nlofet = \"Löfte nr\"\n"),
                )
            }),
            args: CHECK,
            exit: 1,
            expect: &[
                "unknown key \"lofet\" in [kolumner]",
                "loften.toml:25:1",
                "did you mean \"lofte\"",
            ],
        },
        Case {
            name: "a hidden sheet",
            make: copy("real/dolt-och-sammanfogat.xlsx", "logg.xlsx"),
            args: CHECK_XLSX,
            exit: 0,
            expect: &[
                "warning[hidden-sheets]: hidden sheets are not read: \"Logg (gammal)\"",
                "--include-hidden",
            ],
        },
        Case {
            name: "a sheet copied beside the log",
            make: copy("real/kopierat-blad.xlsx", "logg.xlsx"),
            args: CHECK_XLSX,
            exit: 1,
            expect: &[
                "error[copied-log]: the sheet \"Logg (2)\" is a copy of the sheet \"Logg\"",
                "each of its 5 rows is identical to a row there",
                "logg.xlsx, sheet \"Logg (2)\"",
            ],
        },
        Case {
            name: "a sheet of the log's sums by month beside it",
            make: copy("real/per-manad-varden.xlsx", "logg.xlsx"),
            args: CHECK_XLSX,
            exit: 1,
            expect: &[
                "error[summed-log]: the sheet \"Per månad\" sums the sheet \"Logg\" by month",
                "each of its 6 rows is the sum of that month's rows there",
                "logg.xlsx, sheet \"Per månad\"",
            ],
        },
        Case {
            name: "a header in the user's words (Löfte nr)",
            make: log("Datum;Löfte nr;Antal\n2023-03-01;K1;1\n"),
            args: CHECK,
            exit: 0,
            expect: &[
                "warning[near-header]: the column \"Löfte nr\" is read as Löfte",
                "logg.csv, line 1, column B",
            ],
        },
        Case {
            name: "a promise no row counts toward",
            make: log("Datum;Aktivitet\n2023-03-01;Trafikinsats\n"),
            args: CHECK,
            exit: 0,
            expect: &[
                "warning[no-rows]: the promise K1 has no counted row",
                "no log has a Löfte column",
            ],
        },
        Case {
            name: "the same log given twice",
            make: Box::new(|_| {}),
            args: &[
                "check",
                "DIR",
                "--activities",
                "DIR/logg.csv",
                "DIR/logg.csv",
            ],
            exit: 0,
            expect: &["warning[same-log-twice]", "it is read once"],
        },
        Case {
            name: "an error cell (#REF!)",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1;#REF!\n"),
            args: CHECK,
            exit: 1,
            expect: &["holds an error", "logg.csv, line 2, column C", "#REF!"],
        },
        Case {
            name: "error cells in an xlsx (#DIV/0!)",
            make: copy("ingest/fel.xlsx", "logg.xlsx"),
            args: CHECK_XLSX,
            exit: 1,
            expect: &["holds an error", "sheet \"Polisen\", cell D6", "#DIV/0!"],
        },
        Case {
            name: "a formula without a saved value",
            make: copy("bad/formel-utan-varde.xlsx", "logg.xlsx"),
            args: CHECK_XLSX,
            exit: 1,
            expect: &[
                "sheet \"Logg\", cell C2",
                "=SUM(D2:D3)",
                "without its value",
            ],
        },
        Case {
            name: "a date in 1899",
            make: log("Datum;Löfte;Antal\n1899-12-31;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &["1899", "logg.csv, line 2, column A"],
        },
        Case {
            name: "a date in 2200",
            make: log("Datum;Löfte;Antal\n2200-01-01;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &["2200", "logg.csv, line 2, column A"],
        },
        Case {
            name: "an ambiguous date",
            make: log("Datum;Löfte;Antal\n03/04/2023;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &["ambiguous", "03/04/2023", "logg.csv, line 2, column A"],
        },
        Case {
            name: "an impossible date",
            make: log("Datum;Löfte;Antal\n2023-02-30;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &["2023-02-30", "logg.csv, line 2, column A"],
        },
        Case {
            name: "a row without a date",
            make: log("Datum;Löfte;Antal;Aktivitet\n;K1;1;Trafikinsats\n"),
            args: CHECK,
            exit: 1,
            expect: &["the row has no date", "logg.csv, line 2, column A"],
        },
        Case {
            name: "a negative Antal",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1;-2\n"),
            args: CHECK,
            exit: 1,
            expect: &[
                "-2",
                "logg.csv, line 2, column C",
                "a negative Antal takes nothing back",
            ],
        },
        Case {
            name: "a fractional Antal",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1;1,5\n"),
            args: CHECK,
            exit: 1,
            expect: &[
                "1,5",
                "logg.csv, line 2, column C",
                "write the number of activities as a whole number",
            ],
        },
        Case {
            name: "text in Antal",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1;två\n"),
            args: CHECK,
            exit: 1,
            expect: &["två", "logg.csv, line 2, column C"],
        },
        Case {
            name: "an unknown promise id",
            make: log("Datum;Löfte;Antal\n2023-03-01;K3;1\n"),
            args: CHECK,
            exit: 1,
            expect: &["K3", "logg.csv, line 2, column B", "K1"],
        },
        Case {
            name: "a Summa row",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1;1\nSumma;;1\n"),
            args: CHECK,
            exit: 0,
            expect: &["warning[summary-row]", "logg.csv, line 3"],
        },
        Case {
            name: "a row logged twice",
            make: log(
                "Datum;Löfte;Antal;Aktivitet\n2023-03-01;K1;1;Trafikinsats\n2023-03-01;K1;1;Trafikinsats\n",
            ),
            args: CHECK,
            exit: 0,
            expect: &[
                "warning[duplicate-row]",
                "logg.csv, line 3",
                "logg.csv, line 2",
            ],
        },
        Case {
            name: "a sheet that does not exist",
            make: copy("ingest/base.xlsx", "logg.xlsx"),
            args: &[
                "check",
                "DIR",
                "--activities",
                "DIR/logg.xlsx",
                "--sheet",
                "Nope",
            ],
            exit: 1,
            expect: &["no sheet \"Nope\"", "it has: Polisen, Anteckningar"],
        },
        // ---- the promise file
        Case {
            name: "promise file: TOML syntax error",
            make: promises("kommun = \"Testby\"", "kommun = \"Testby"),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[toml-syntax]: the promise file is not valid TOML",
                "loften.toml:1:17",
            ],
        },
        Case {
            name: "promise file: unknown key",
            make: promises(
                "ansvarig = \"Polisen\"",
                "ansvarig = \"Polisen\"\nansvarg = \"x\"",
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "unknown key \"ansvarg\"",
                "loften.toml:15:1",
                "did you mean \"ansvarig\"",
            ],
        },
        Case {
            name: "promise file: unknown unit",
            make: promises("per = \"år\"", "per = \"fortnight\""),
            args: CHECK,
            exit: 1,
            expect: &[
                "fortnight",
                "loften.toml:15:42",
                "dag, vecka, månad, kvartal, år",
            ],
        },
        Case {
            name: "promise file: unknown kind of target",
            make: promises("typ = \"minst\"", "typ = \"ungefär\""),
            args: CHECK,
            exit: 1,
            expect: &["unknown target type \"ungefär\"", "loften.toml:15:16"],
        },
        Case {
            name: "promise file: period ending before it starts",
            make: promises("till = 2023-12-31", "till = 2022-12-31"),
            args: CHECK,
            exit: 1,
            expect: &["ends before it starts", "loften.toml:3:38"],
        },
        Case {
            name: "promise file: duplicate ids",
            make: promises("id = \"K2\"", "id = \"K1\""),
            args: CHECK,
            exit: 1,
            expect: &[
                "two promises have the id \"K1\"",
                "loften.toml:17:1",
                "loften.toml:10:1 (first here)",
            ],
        },
        Case {
            name: "promise file: a target dated outside the period",
            make: promises(
                "per = \"år\" }",
                "per = \"år\", fran = 2025-01-01, till = 2025-12-31 }",
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "outside the agreement period",
                "loften.toml:15:55",
                "2025-01-01",
            ],
        },
        Case {
            name: "promise file: a required key missing",
            make: promises("text = \"Samverka med skolan.\"\n", ""),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[missing-key]: a promise needs the key \"text\"",
                "loften.toml:17:1",
            ],
        },
        Case {
            name: "promise file: an unknown focus area",
            make: promises(
                "fokusomrade = \"trafik\"\ntext = \"Minst",
                "fokusomrade = \"trafk\"\ntext = \"Minst",
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "no focus area is called \"trafk\"",
                "loften.toml:12:15",
                "did you mean \"trafik\"?",
            ],
        },
        Case {
            name: "promise file: not UTF-8",
            make: Box::new(|dir| {
                let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(PROMISES);
                write(dir, "loften.toml", bytes)
            }),
            args: CHECK,
            exit: 1,
            expect: &["loften.toml", "not UTF-8", "save it as UTF-8"],
        },
        Case {
            name: "promise file: missing",
            make: Box::new(|dir| std::fs::remove_file(dir.join("loften.toml")).unwrap()),
            args: CHECK,
            exit: 2,
            expect: &[
                "error[missing-file]: the folder holds no promise file",
                "put the agreement in loften.toml",
            ],
        },
        Case {
            name: "promise file and log both wrong",
            make: both(
                PROMISES.replacen("antal = 4", "antal = \"fyra\"", 1),
                format!("{LOG}{BAD_DATE}"),
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "\"antal\" must be a number",
                "loften.toml:15:33",
                "error[bad-date]",
                "logg.csv, line 4, column A",
            ],
        },
        Case {
            name: "promise file: a wrong max_antal_per_rad, and the log wrong",
            // Antal 7000 is over the default limit: with the limit not
            // known, it is no error of its own.
            make: both(
                PROMISES.replacen("loggar", "max_antal_per_rad = -5\nloggar", 1),
                format!("{LOG}2023-06-01;K1;7000;Trafikinsats\n{BAD_DATE}"),
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "\"max_antal_per_rad\" must be a whole number from 1",
                "loften.toml:4:21",
                "error[bad-date]",
                "logg.csv, line 5, column A",
            ],
        },
        Case {
            name: "promise file: a wrong [kolumner], and the log wrong",
            make: both(
                format!("{PROMISES}\n[kolumner]\nlofet = \"Löfte nr\"\n"),
                format!("{LOG}{BAD_DATE}"),
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "unknown key \"lofet\" in [kolumner]",
                "warning[no-logs]: the logs were not read",
            ],
        },
        Case {
            name: "promise file naming no logs yet: a wrong [kolumner]",
            make: Box::new(|dir| {
                let no_logs = PROMISES.replacen("loggar = [\"logg.csv\"]\n", "", 1);
                write(
                    dir,
                    "loften.toml",
                    format!("{no_logs}\n[kolumner]\nlofet = \"Löfte nr\"\n"),
                )
            }),
            args: CHECK,
            exit: 1,
            expect: &[
                "unknown key \"lofet\" in [kolumner]",
                "loften.toml:24:1",
                "warning[no-logs]: the promise file names no activity logs yet",
            ],
        },
        Case {
            name: "a log wrong beside a promise file's warning",
            make: both(
                PROMISES.replacen(
                    "period = { fran = 2023-01-01, till = 2023-12-31 }",
                    "rubrik = \"Medborgarlöfte 2023\"",
                    1,
                ),
                format!("{LOG}{BAD_DATE}"),
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[bad-date]",
                "logg.csv, line 4, column A",
                "warning[assumed-period]",
                "loften.toml:1:1",
            ],
        },
        Case {
            name: "promise file wrong and the log missing",
            make: Box::new(|dir| {
                write(
                    dir,
                    "loften.toml",
                    PROMISES.replacen("antal = 4", "antal = \"fyra\"", 1),
                );
                std::fs::remove_file(dir.join("logg.csv")).unwrap();
            }),
            args: CHECK,
            exit: 2,
            expect: &[
                "the activity log does not exist",
                "\"antal\" must be a number",
                "loften.toml:15:33",
            ],
        },
        // ---- the command line
        Case {
            name: "a window outside the period",
            make: Box::new(|_| {}),
            args: &["check", "DIR", "--window", "2019"],
            exit: 2,
            expect: &["2019", "2023-01-01"],
        },
        Case {
            name: "a malformed window",
            make: Box::new(|_| {}),
            args: &["check", "DIR", "--window", "förra året"],
            exit: 2,
            expect: &["förra året"],
        },
        Case {
            name: "a malformed as-of date",
            make: Box::new(|_| {}),
            args: &["check", "DIR", "--as-of", "31/12"],
            exit: 2,
            expect: &["31/12"],
        },
        // ---- rendering and writing
        Case {
            name: "a template with a syntax error",
            make: Box::new(|dir| {
                std::fs::create_dir(dir.join("mall")).unwrap();
                write(dir, "mall/main.typ", "#let x = (\n= Rubrik\n");
            }),
            args: &["report", "DIR", "-o", "DIR/ut", "--template", "DIR/mall"],
            exit: 1,
            expect: &[
                "unclosed delimiter",
                "mall/main.typ:1:10",
                "nothing was written",
            ],
        },
        Case {
            name: "a template reading outside its folder",
            make: Box::new(|dir| {
                std::fs::create_dir(dir.join("mall")).unwrap();
                write(dir, "mall/main.typ", "#read(\"/etc/passwd\")\n");
            }),
            args: &["report", "DIR", "-o", "DIR/ut", "--template", "DIR/mall"],
            exit: 1,
            expect: &["file not found", "mall/main.typ:1:7"],
        },
        Case {
            name: "an unreadable logo",
            make: Box::new(|dir| write(dir, "logo.png", noise(500))),
            args: &["report", "DIR", "-o", "DIR/ut", "--logo", "DIR/logo.png"],
            exit: 2,
            expect: &["not a png, jpg or svg", "logo.png", "nothing was written"],
        },
        Case {
            name: "an unwritable output folder",
            make: Box::new(|dir| write(dir, "fil", "inte en mapp")),
            args: &["report", "DIR", "-o", "DIR/fil/ut.pdf"],
            exit: 2,
            expect: &["cannot write the report", "fil", "nothing was written"],
        },
        Case {
            name: "output path equal to an input",
            make: Box::new(|_| {}),
            args: &["report", "DIR", "-o", "DIR/logg.csv"],
            exit: 2,
            expect: &["would overwrite the input", "logg.csv", "choose another -o"],
        },
        Case {
            name: "an output holding a file lofte did not write",
            make: Box::new(|dir| write(dir, "statistik.json", "{\"egen\": \"data\"}\n")),
            args: &["report", "DIR", "-o", "DIR/statistik.pdf"],
            exit: 2,
            expect: &[
                "statistik.json",
                "is not a lofte report",
                "choose another -o",
            ],
        },
        Case {
            name: "an agreement that does not exist",
            make: Box::new(|_| {}),
            args: &["check", "DIR/finns-inte"],
            exit: 2,
            expect: &["no such promise file or folder", "finns-inte"],
        },
        Case {
            name: "id 1.10 typed into a General cell beside a promise 1.1",
            make: Box::new(|dir| {
                let promises = PROMISES
                    .replacen("id = \"K1\"", "id = \"1.1\"", 1)
                    .replacen("id = \"K2\"", "id = \"1.10\"", 1);
                write(dir, "loften.toml", promises);
                let mut book = rust_xlsxwriter::Workbook::new();
                let sheet = book.add_worksheet().set_name("Logg").unwrap();
                for (j, h) in ["Datum", "Löfte", "Antal"].iter().enumerate() {
                    sheet.write_string(0, j as u16, *h).unwrap();
                }
                sheet.write_string(1, 0, "2023-03-01").unwrap();
                sheet.write_number(1, 1, 1.10).unwrap();
                sheet.write_number(1, 2, 2).unwrap();
                write(dir, "logg.xlsx", book.save_to_buffer().unwrap());
            }),
            args: CHECK_XLSX,
            exit: 1,
            expect: &[
                "error[numbered-promise]: the Löfte cell holds the number 1.1, not text: it may be promise 1.1 or 1.10",
                "logg.xlsx, sheet \"Logg\", cell B2",
            ],
        },
        Case {
            name: "a csv line with a stray delimiter",
            make: log("Datum;Löfte;Antal\n2023-03-01;K1;;3\n2023-03-02;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[fields-beyond-header]: a line has more fields than the header",
                "logg.csv, line 2, column D",
            ],
        },
        Case {
            name: "an activity spelt nearly as the promise file's",
            make: both(
                PROMISES.replacen(
                    "mal = [{ typ = \"minst\", antal = 4, per = \"år\" }]",
                    "aktiviteter = [\"Trafikkontroll\"]\nmal = [{ typ = \"minst\", antal = 4, per = \"år\" }]",
                    1,
                ),
                "Datum;Aktivitet;Antal\n2023-03-01;Trafikkontroll;1\n2023-03-02;Trafikkontroller;2\n"
                    .to_owned(),
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[near-activity]: the activity \"Trafikkontroller\" is written nearly as \"Trafikkontroll\", which promise K1 counts, and its row counts toward no promise",
                "logg.csv, line 3, column B",
            ],
        },
        Case {
            name: "a joint walk in both parties' logs, the promise not joint",
            make: Box::new(|dir| {
                write(
                    dir,
                    "loften.toml",
                    PROMISES.replacen(
                        "loggar = [\"logg.csv\"]",
                        "loggar = [\"logg.csv\", \"kommunen.csv\"]",
                        1,
                    ),
                );
                write(
                    dir,
                    "logg.csv",
                    "Datum;Löfte;Deltagare\n2023-03-14;K1;Polisen och kommunen\n",
                );
                write(
                    dir,
                    "kommunen.csv",
                    "Datum;Löfte;Deltagare\n2023-03-14;K1;Kommunen, polisen\n",
                );
            }),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[logged-twice]: on one day, two logs each hold a row of K1 for what can be one event, together showing both parties",
                "kommunen.csv, line 2",
            ],
        },
        Case {
            name: "a regional log naming the municipality another way",
            make: both(
                PROMISES.replacen(
                    "loggar = [\"logg.csv\"]",
                    "loggar = [\"logg.csv\"]\nurval = { kolumn = \"Kommun\", varde = \"Kalix\" }",
                    1,
                ),
                "Datum;Kommun;Löfte\n2023-03-01;Kalix;K1\n2023-03-02;Kalix kommun;K1\n"
                    .to_owned(),
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[selection-near]: a row of the log says \"Kalix kommun\" in the column \"Kommun\"",
                "logg.csv, line 3",
            ],
        },
        Case {
            name: "promise ids under the header Id",
            make: log("Datum;Id;Antal\n2023-03-01;K1;2\n2023-03-02;K1;1\n"),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[unread-promise-column]: the column \"Id\" holds promise ids",
                "logg.csv, line 2, column B",
            ],
        },
        Case {
            name: "a total under a block with no word",
            make: log(
                "Datum;Löfte;Antal;Aktivitet\n2023-03-01;K1;1;Trafikinsats\n2023-03-02;K1;2;Trafikinsats\n2023-03-31;K1;3;\n",
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[unlabelled-total]: the row says nothing of what was done, and its Antal 3 is the sum of the 2 rows above it",
                "logg.csv, line 4, column C",
            ],
        },
        Case {
            name: "a promise written once for a block of rows",
            make: log(
                "Datum;Löfte;Antal;Aktivitet\n2023-03-01;K1;1;Trafikinsats\n2023-03-02;;2;Trafikinsats\n",
            ),
            args: CHECK,
            exit: 1,
            expect: &[
                "error[promise-written-once]: a row has an empty Löfte under a row of K1 with the same Aktivitet",
                "logg.csv, line 3, column B",
            ],
        },
        Case {
            name: "an output holding the report of another window",
            make: Box::new(|dir| report_first(dir, &["--window", "2023-01-01..2023-06-30"], "r.pdf")),
            args: &["report", "DIR", "-o", "DIR/r.pdf"],
            exit: 2,
            expect: &[
                "r.json",
                "holds the report of Testby 2023-01-01 – 2023-06-30, not of Testby 2023-01-01 – 2023-12-31",
                "choose another -o",
            ],
        },
        Case {
            name: "an Antal formatted as a date",
            make: Box::new(|dir| {
                // Excel stores the count 3 and shows it, formatted as a
                // date, as 1900-01-03; a decimal shown rounded beside it.
                let mut book = rust_xlsxwriter::Workbook::new();
                let sheet = book.add_worksheet().set_name("Logg").unwrap();
                for (j, h) in ["Datum", "Löfte", "Antal"].iter().enumerate() {
                    sheet.write_string(0, j as u16, *h).unwrap();
                }
                let as_date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                let rounded = rust_xlsxwriter::Format::new().set_num_format("0");
                sheet.write_string(1, 0, "2023-03-01").unwrap();
                sheet.write_string(1, 1, "K1").unwrap();
                sheet.write_number_with_format(1, 2, 3, &as_date).unwrap();
                sheet.write_string(2, 0, "2023-03-02").unwrap();
                sheet.write_string(2, 1, "K1").unwrap();
                sheet.write_number_with_format(2, 2, 1.6, &rounded).unwrap();
                write(dir, "logg.xlsx", book.save_to_buffer().unwrap());
            }),
            args: &["check", "DIR", "--all", "--activities", "DIR/logg.xlsx"],
            exit: 1,
            expect: &[
                "logg.xlsx, sheet \"Logg\", cell C2",
                "found: \"1900-01-03\"",
                "the cell holds the number 3 formatted as a date",
                "logg.xlsx, sheet \"Logg\", cell C3",
                "the cell holds 1.6, which the sheet may show rounded",
            ],
        },
        Case {
            name: "Datum cells that lack a year or hold two dates",
            make: log(
                "Datum;Löfte;Antal\n1 mars;K1;1\n2023-03-01 och 2023-03-08;K1;1\n20230306;K1;1\n6/3-23;K1;1\n",
            ),
            args: &["check", "DIR", "--all"],
            exit: 1,
            expect: &[
                "logg.csv, line 2, column A",
                "the date has no year",
                "logg.csv, line 3, column A",
                "the cell holds 2 dates, and a row has one",
                "logg.csv, line 4, column A",
                "write it as 2023-03-06",
                "logg.csv, line 5, column A",
                "the year has two digits",
            ],
        },
        Case {
            name: "Swedish Excel's and LibreOffice's error values in a csv",
            make: log(
                "Datum;Löfte;Antal;Plats;Ansvarig\n2023-03-01;K1;1;#SAKNAS!;Polisen\n2023-03-02;K1;1;Torget;#VÄRDEFEL!\n2023-03-03;K1;1;Err:502;Polisen\n",
            ),
            args: &["check", "DIR", "--all"],
            exit: 1,
            expect: &[
                "error[error-cell]",
                "logg.csv, line 2, column D",
                "#SAKNAS!",
                "logg.csv, line 3, column E",
                "#VÄRDEFEL!",
                "logg.csv, line 4, column D",
                "Err:502",
            ],
        },
        Case {
            name: "a Genomförd cell that says neither yes nor no",
            make: log(
                "Datum;Löfte;Antal;Genomförd;Inställd\n2023-03-01;K1;1;Delvis;\n2023-03-02;K1;1;Ja;Sjukdom\n2023-03-03;K1;1;0;\n",
            ),
            args: &["check", "DIR", "--all"],
            exit: 1,
            expect: &[
                "error[unclear-done]",
                "logg.csv, line 2, column D",
                "\"Delvis\"",
                "logg.csv, line 3, column E",
                "\"Sjukdom\"",
                "warning[not-done]",
                "logg.csv, line 4, column D",
            ],
        },
        Case {
            name: "a Genomförd column ticked on some rows and empty on others",
            make: log(
                "Datum;Löfte;Antal;Genomförd\n2023-03-01;K1;1;X\n2023-03-02;K1;1;\n2023-03-03;K1;1;X\n2023-03-04;K1;1;\n2024-03-05;K1;1;\n",
            ),
            args: &["check", "DIR"],
            exit: 1,
            expect: &[
                "error[blank-done]",
                "says an activity was done on 2 rows, and is empty on 2 rows counted here",
                "logg.csv, line 3, column D",
                "logg.csv, line 5, column D (also empty)",
                "write Ja or Nej in \"Genomförd\" on every row",
            ],
        },
        Case {
            name: "a log of sums per month under a weekly target",
            make: both(
                PROMISES.replacen(
                    r#"mal = [{ typ = "minst", antal = 4, per = "år" }]"#,
                    r#"mal = [{ typ = "minst", antal = 1, per = "vecka" }]"#,
                    1,
                ),
                "Datum;Löfte;Antal\n2023-01-01;K1;5\n2023-02-01;K1;4\n2023-03-01;K1;6\nmars 2023;K1;2\nv. 12;K1;1\n".to_owned(),
            ),
            args: &["check", "DIR", "--all"],
            exit: 1,
            expect: &[
                "error[sums-per-month]",
                "every row of K1 in the report (3 rows) is dated the 1st of its month",
                "logg.csv, line 2, column A",
                "error[bad-date]",
                "the cell names a month, not a day",
                "the cell names a week, not a day",
            ],
        },
        Case {
            name: "a log last saved half a year before the as-of date",
            make: workbook_log("real/sparad-i-juli.xlsx"),
            args: &["report", "DIR", "-o", "DIR/r.pdf"],
            exit: 1,
            expect: &[
                "error[saved-before-as-of]",
                "logg.xlsx was last saved on 2023-07-05, 179 days before the report's as-of date 2023-12-31",
                "give --as-of 2023-07-05",
                "nothing was written",
            ],
        },
        Case {
            name: "dates typed day first in a spreadsheet reading them month first",
            make: workbook_log("real/engelska-datum.xlsx"),
            args: &["check", "DIR"],
            exit: 1,
            expect: &[
                "error[swapped-dates]",
                "4 cells such as \"17/02/2023\" stayed text",
                "this one reads 2023-03-02, most likely typed as 2023-02-03",
                "logg.xlsx, sheet \"Logg\", cell A2",
            ],
        },
        Case {
            name: "a log of several municipalities without urval",
            make: log("Datum;Löfte;Antal;Kommun\n2023-03-01;K1;1;Testby\n2023-03-02;K1;1;Haparanda\n2023-03-03;K1;1;Testby kommun\n2023-03-04;K1;1;Luleå\n2023-03-05;K1;1;Fältgruppen\n"),
            args: &["check", "DIR"],
            exit: 1,
            expect: &[
                "error[other-municipality]",
                "2 rows counted toward the promises name another municipality than Testby in the column \"Kommun\" (\"Haparanda\", \"Luleå\")",
                "logg.csv, line 3, column D",
                "urval = { kolumn = \"Kommun\", varde = \"Testby\" }",
            ],
        },
        Case {
            name: "--previous of another window",
            make: Box::new(|dir| report_first(dir, &["--window", "2023-01-01..2023-06-30"], "v1.pdf")),
            args: &["report", "DIR", "-o", "DIR/v2.pdf", "--previous", "DIR/v1.pdf"],
            exit: 2,
            expect: &[
                "--previous",
                "v1.pdf",
                "Testby 2023-01-01 – 2023-06-30",
                "Testby 2023-01-01 – 2023-12-31",
            ],
        },
    ]
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_symlink() {
                // A link is compared by where it points (it may loop).
                let target = std::fs::read_link(&p).unwrap();
                out.insert(p, target.to_string_lossy().as_bytes().to_vec());
            } else if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn every_bad_input_gets_its_exit_code_and_message() {
    let cases = cases();
    assert!(cases.len() >= 40, "the catalogue has {} cases", cases.len());
    let mut failures = Vec::new();
    let mut transcripts = Vec::new();
    for case in &cases {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(dir, "loften.toml", PROMISES);
        write(dir, "logg.csv", LOG);
        (case.make)(dir);
        let before = snapshot(dir);
        let d = dir.display().to_string();
        let args: Vec<String> = case.args.iter().map(|a| a.replace("DIR", &d)).collect();
        let run = Command::new(binary())
            .args(&args)
            .current_dir(dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        transcripts.push((case.name, transcript(&run, &[dir])));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        let mut problems = Vec::new();
        if run.status.code() != Some(case.exit) {
            problems.push(format!(
                "exit {:?}, expected {}",
                run.status.code(),
                case.exit
            ));
        }
        for fragment in case.expect {
            if !text.contains(fragment) {
                problems.push(format!("no \"{fragment}\""));
            }
        }
        let after = snapshot(dir);
        if before.iter().any(|(p, bytes)| after.get(p) != Some(bytes)) {
            problems.push("an input file changed".to_owned());
        }
        let new: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
        if case.exit != 0 && !new.is_empty() {
            problems.push(format!("something was written: {new:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n--- output ---\n{}",
                case.name,
                problems.join("; "),
                text.chars().take(1500).collect::<String>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The whole text, after the checks above have named every failing case.
    for (name, text) in transcripts {
        insta::assert_snapshot!(slug(name), text);
    }
}

/// `lofte report DIR -o DIR/{pdf} {flags}`, which must write the report:
/// a case's earlier version.
fn report_first(dir: &Path, flags: &[&str], pdf: &str) {
    let run = Command::new(binary())
        .arg("report")
        .arg(dir)
        .arg("-o")
        .arg(dir.join(pdf))
        .args(flags)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A case's name as a snapshot's file name.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            c if c.is_ascii_alphanumeric() => c,
            _ => '_',
        };
        if c != '_' || !out.ends_with('_') {
            out.push(c);
        }
    }
    out.trim_matches('_').to_owned()
}

/// docs/bad-input.md has a row for every case of the catalogue, and every
/// case has its own snapshot name.
#[test]
fn bad_input_doc_lists_every_case() {
    let doc = std::fs::read_to_string(support::repo().join("docs/bad-input.md")).unwrap();
    let cases = cases();
    let mut slugs = std::collections::BTreeSet::new();
    for case in &cases {
        assert!(
            doc.contains(&format!("| {} |", case.name)),
            "docs/bad-input.md lacks {}",
            case.name
        );
        assert!(
            slugs.insert(slug(case.name)),
            "two cases are {}",
            slug(case.name)
        );
    }
}

//! Effects and indicators end to end, and agreements of other shapes
//! (docs/indicators.md, docs/other-agreements.md): figures and directions
//! are read back out of the results JSON and the PDF's text.

mod support;
use support::{lofte, pdf_file_text as pdf_text, stderr, toml_blocks};

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the Norsjö sample in a temporary folder.
fn norsjo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("samples/norsjo")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Runs `lofte report` in `dir` with `args`; the results JSON and the PDF.
fn report(dir: &Path, args: &[&str]) -> (Value, PathBuf) {
    let out_dir = dir.join("ut");
    let mut all = vec!["report", ".", "-o", "ut"];
    all.extend_from_slice(args);
    let run = lofte(dir, &all);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let pdf = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .unwrap();
    let json = serde_json::from_slice(&std::fs::read(pdf.with_extension("json")).unwrap()).unwrap();
    (json, pdf)
}

fn indicator<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no indicator {name}"))
}

/// (name, from year, from, to year, to, verdict) of each indicator.
fn changes(json: &Value) -> Vec<(String, i64, f64, i64, f64, String)> {
    json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let c = &i["change"];
            (
                i["name"].as_str().unwrap().to_owned(),
                c["from_year"].as_i64().unwrap(),
                c["from"].as_f64().unwrap(),
                c["to_year"].as_i64().unwrap(),
                c["to"].as_f64().unwrap(),
                c["verdict"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const SAFE: &str = "Andel som känner sig trygga utomhus en sen kväll";
const CRIMES: &str = "Anmälda brott per 100 000 invånare";
const AVOID: &str = "Andel som avstått från aktiviteter av oro för brott";
const BURGLARY: &str = "Anmälda bostadsinbrott";

#[test]
fn norsjo_indicators_compare_the_latest_year_with_the_year_before_the_agreement() {
    let dir = norsjo();
    let (json, _) = report(dir.path(), &[]);
    // samples/norsjo/indikatorer.csv, against 2018 (the year before the
    // agreement's 2019–2023).
    let s = |x: &str| x.to_owned();
    assert_eq!(
        changes(&json),
        vec![
            (s(SAFE), 2018, 71.0, 2023, 77.5, s("better")),
            (s(CRIMES), 2018, 5210.0, 2023, 4650.0, s("better")),
            (s(AVOID), 2018, 18.0, 2023, 21.0, s("worse")),
            (s(BURGLARY), 2018, 12.0, 2023, 12.0, s("unchanged")),
        ]
    );
    let safe = indicator(&json, SAFE);
    assert_eq!(safe["source"], "Polisens trygghetsmätning");
    assert_eq!(safe["wish"], "increase");
    assert_eq!(safe["area"], "trygghet");
    assert_eq!(safe["values"].as_array().unwrap().len(), 6);
    assert_eq!(
        json["agreement"]["effects"]["heading"],
        "Effekter som eftersträvas"
    );
    assert_eq!(
        json["agreement"]["effects"]["list"][0],
        "Ökad upplevd trygghet."
    );
    assert_eq!(
        json["agreement"]["effects"]["list"][1],
        "Minskad brottslighet."
    );
    let roles: Vec<&str> = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["promises", "log", "indicators"]);
}

#[test]
fn a_year_report_shows_no_later_figures() {
    let dir = norsjo();
    let (json, _) = report(dir.path(), &["--window", "2021"]);
    let safe = indicator(&json, SAFE);
    let years: Vec<i64> = safe["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2018, 2019, 2020, 2021]);
    assert_eq!(safe["later_years"], 2);
    // 2021 (73) against 2018 (71): up, wished up.
    assert_eq!(safe["change"]["to"], 73.0);
    assert_eq!(safe["change"]["verdict"], "better");
    // Crimes 5 120 in 2021 against 5 210: down, wished down.
    assert_eq!(indicator(&json, CRIMES)["change"]["difference"], -90.0);
    // Avoiding activities 20 against 18: up, wished down.
    assert_eq!(indicator(&json, AVOID)["change"]["verdict"], "worse");
}

#[test]
fn indicators_never_change_a_promises_status() {
    let dir = norsjo();
    let (before, _) = report(dir.path(), &[]);
    // Every indicator wished the other way, and every figure collapsed.
    let table = std::fs::read_to_string(dir.path().join("indikatorer.csv")).unwrap();
    let flipped = table
        .replace(";öka;", ";tmp;")
        .replace(";minska;", ";öka;")
        .replace(";tmp;", ";minska;");
    std::fs::write(dir.path().join("indikatorer.csv"), &flipped).unwrap();
    std::fs::remove_dir_all(dir.path().join("ut")).unwrap();
    let (after, _) = report(dir.path(), &[]);
    assert_ne!(changes(&before), changes(&after));
    assert_eq!(before["promises"], after["promises"]);
    assert_eq!(before["summary"], after["summary"]);
}

/// An indicator table with a wrong direction, a figure that is no number
/// and a misspelt focus area (`tryghet`), checked in the Norsjö sample
/// with its promise file made `promises`: the exit code and what is
/// printed.
fn check_with_a_bad_table(promises: impl FnOnce(String) -> String) -> (Option<i32>, String) {
    let dir = norsjo();
    let path = dir.path().join("loften.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, promises(text)).unwrap();
    std::fs::write(
        dir.path().join("indikatorer.csv"),
        "Indikator;Enhet;Källa;Riktning;Fokusområde;2021;2022\n\
         Andel trygga;procent;NTU;bättre;trygghet;61;ca 60\n\
         Anmälda brott;brott;BRÅ;minska;tryghet;10;11\n",
    )
    .unwrap();
    let run = lofte(dir.path(), &["check", "."]);
    assert!(!dir.path().join("ut").exists());
    (run.status.code(), stderr(&run))
}

/// The table's own problems, each at its cell.
const TABLE_PROBLEMS: [&str; 2] = [
    "error[bad-direction]: the Riktning of \"Andel trygga\" is not a direction lofte knows\n  --> indikatorer.csv, line 2, column D",
    "error[bad-figure]: the figure for 2022 is not a number\n  --> indikatorer.csv, line 2, column G",
];

#[test]
fn every_problem_in_the_indicator_table_is_named_with_its_cell() {
    let (code, err) = check_with_a_bad_table(|text| text);
    assert_eq!(code, Some(1));
    for expected in TABLE_PROBLEMS.into_iter().chain([
        "error[unknown-area]: no focus area is called \"tryghet\"\n  --> indikatorer.csv, line 3, column E",
    ]) {
        assert!(err.contains(expected), "missing:\n{expected}\nin:\n{err}");
    }
}

/// A promise file with an error used to stop the run before the indicator
/// table was read: its problems came one run later. The table's own
/// problems are named beside the promise file's; its focus areas, checked
/// against an agreement not known, are not.
#[test]
fn a_promise_file_error_does_not_hide_the_indicator_tables_problems() {
    let (code, err) = check_with_a_bad_table(|text| {
        let broken = text.replacen("lokalpolisomrade = ", "lokalpolisomrade = 3 # ", 1);
        assert_ne!(broken, text);
        broken
    });
    assert_eq!(code, Some(1));
    for expected in TABLE_PROBLEMS
        .into_iter()
        .chain(["\"lokalpolisomrade\" must be"])
    {
        assert!(err.contains(expected), "missing:\n{expected}\nin:\n{err}");
    }
    assert!(!err.contains("tryghet"), "{err}");
}

#[test]
fn a_corrected_indicator_table_is_a_new_version() {
    let dir = norsjo();
    let (first, _) = report(dir.path(), &[]);
    assert_eq!(first["version"], 1);
    let json_path = std::fs::read_dir(dir.path().join("ut"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let previous = dir.path().join("forra.json");
    std::fs::copy(&json_path, &previous).unwrap();
    let table = std::fs::read_to_string(dir.path().join("indikatorer.csv")).unwrap();
    std::fs::write(
        dir.path().join("indikatorer.csv"),
        table.replace(";12;14;9;11;13;12", ";12;14;9;11;13;10"),
    )
    .unwrap();
    let (second, _) = report(dir.path(), &["--previous", "forra.json"]);
    assert_eq!(second["version"], 2);
    let edits = second["changes"]["agreement"].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(edits[0]["field"], "indicators");
    assert_eq!(indicator(&second, BURGLARY)["change"]["verdict"], "better");
}

/// The TOML blocks of a document.
#[test]
fn the_examples_of_the_docs_parse_as_they_say() {
    // (document, block, the diagnostics it says the block gives)
    let expected: &[(&str, usize, &[&str])] = &[
        ("docs/indicators.md", 0, &[]),
        ("docs/indicators.md", 2, &[]),
        ("docs/other-agreements.md", 0, &[]),
        ("docs/other-agreements.md", 1, &[]),
        ("docs/other-agreements.md", 2, &[]),
        ("docs/other-agreements.md", 3, &[]),
        (
            "docs/other-agreements.md",
            4,
            &["assumed-period", "assumed-deadline"],
        ),
    ];
    for (doc, index, codes) in expected {
        let text = std::fs::read_to_string(root().join(doc)).unwrap();
        let block = &toml_blocks(&text)[*index];
        let parsed = lofte::agreement::parse(block, "loften.toml", Path::new("."));
        let got: Vec<&str> = parsed.problems().map(|d| d.code.as_str()).collect();
        assert_eq!(
            &got,
            codes,
            "{doc} block {index}:\n{block}\n{:#?}",
            parsed.problems().collect::<Vec<_>>()
        );
        assert!(parsed.output.is_ok(), "{doc} block {index}");
    }
    // The indicator example is the table the docs show.
    let text = std::fs::read_to_string(root().join("docs/indicators.md")).unwrap();
    let a = lofte::agreement::parse(&toml_blocks(&text)[2], "loften.toml", Path::new("."))
        .output
        .unwrap();
    assert_eq!(a.indicators.len(), 1);
    assert_eq!(a.indicators[0].values.len(), 3);
    // The other-agreements example assumes the period of its title and the
    // deadline of its text.
    let text = std::fs::read_to_string(root().join("docs/other-agreements.md")).unwrap();
    let a = lofte::agreement::parse(&toml_blocks(&text)[4], "loften.toml", Path::new("."))
        .output
        .unwrap();
    assert_eq!(a.period.from.to_string(), "2024-01-01");
    assert_eq!(a.deadline.unwrap().date.unwrap().to_string(), "2025-02-28");
}

/// A district's agreement, with a log, in a temporary folder.
fn district(promise_file: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), promise_file).unwrap();
    std::fs::write(
        dir.path().join("logg.csv"),
        "Datum;Löfte;Antal;Aktivitet;Plats;Ansvarig\n\
         2024-03-01;S1;1;Trygghetsvandring;Centrum;Polisen, stadsdelsförvaltningen\n\
         2024-05-03;S1;1;Trygghetsvandring;Centrum;Polisen\n\
         2024-09-06;S1;1;Trygghetsvandring;Centrum;Kommunen\n",
    )
    .unwrap();
    dir
}

const SKARHOLMEN: &str = r#"lokalpolisomrade = "Skärholmen"
stadsdel = "Skärholmen"
rubrik = "Medborgarlöfte för Skärholmen 2024"
loggar = ["logg.csv"]
uppfoljning = { text = "Löftet följs upp senast februari 2025.", datum = 2025-02-28 }

[[fokusomrade]]
id = "centrum"
namn = "Trygg offentlig miljö"

[[lofte]]
id = "S1"
fokusomrade = "centrum"
text = "Polisen och stadsdelsförvaltningen genomför trygghetsvandringar i Skärholmens centrum."
ansvarig = "Polisen och stadsdelsförvaltningen"
mal = [{ typ = "totalt", antal = 3 }]
"#;

#[test]
fn a_district_agreement_names_the_district_and_assumes_its_period() {
    let dir = district(SKARHOLMEN);
    let check = lofte(dir.path(), &["check", "."]);
    assert_eq!(check.status.code(), Some(0));
    assert!(
        stderr(&check).contains(
            "warning[assumed-period]: the promise file gives no agreement period; lofte assumes 2024-01-01 – 2024-12-31, the years of the title \"Medborgarlöfte för Skärholmen 2024\""
        ),
        "{}",
        stderr(&check)
    );
    let (json, pdf) = report(dir.path(), &[]);
    assert!(pdf.ends_with("uppfoljning-skarholmen-2024.pdf"), "{pdf:?}");
    let a = &json["agreement"];
    assert_eq!(a["kommun"], Value::Null);
    assert_eq!(a["place"], "Skärholmen");
    assert_eq!(a["district"], "Skärholmen");
    assert_eq!(a["parties"][1]["name"], "Skärholmens stadsdelsförvaltning");
    assert_eq!(a["parties"][1]["side"], "municipality");
    assert_eq!(json["promises"][0]["status"], "met");
    // The assumption is in the report's data quality too.
    let codes = support::warning_codes(&json);
    assert_eq!(codes, ["assumed-period"]);
}

#[test]
fn no_follow_up_date_is_a_note_not_a_failure() {
    let text = SKARHOLMEN.replace(
        "uppfoljning = { text = \"Löftet följs upp senast februari 2025.\", datum = 2025-02-28 }\n",
        "",
    );
    let dir = district(&text);
    let check = lofte(dir.path(), &["check", "."]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains("note: the promise file states no follow-up date ([uppfoljning]): the report does not say which deadline it answers"),
        "{stdout}"
    );
}

#[test]
fn init_drafts_a_district_agreement_without_a_kommun() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("avtal.txt"),
        "Medborgarlöfte för Skärholmen 2024\n\n\
         Lokalpolisområde Skärholmen och Skärholmens stadsdelsförvaltning lovar att under 2024 arbeta för ökad trygghet i Skärholmens centrum.\n\n\
         Fokusområde: Trygg offentlig miljö\n\n\
         Polisen och stadsdelsförvaltningen ska genomföra minst fyra trygghetsvandringar under året.\n\n\
         Uppföljning sker senast februari 2025.\n",
    )
    .unwrap();
    let run = lofte(dir.path(), &["init", "avtal.txt", "-o", "loften.toml"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let draft = std::fs::read_to_string(dir.path().join("loften.toml")).unwrap();
    assert!(
        draft.contains("stadsdel = \"Skärholmen\"  # KONTROLLERA: texten nämner Skärholmens stadsdelsförvaltning"),
        "{draft}"
    );
    assert!(!draft.contains("kommun ="), "{draft}");
    let parsed = lofte::agreement::parse(&draft, "loften.toml", dir.path());
    let a = parsed.output.expect("the draft parses");
    assert_eq!(a.place(), "Skärholmen");
    assert_eq!(a.parties.list[1].name, "Skärholmens stadsdelsförvaltning");
}

/// The text of the PDF from the heading "Lägesbild och effekter" (the
/// section, not the lines under the areas that point to it) to the next
/// section.
fn section(text: &str, heading: &str, next: &str) -> String {
    let start = text
        .match_indices(heading)
        .map(|(i, _)| i)
        .find(|&i| !text[..i].ends_with("(se ") && !text[..i].ends_with("(see "))
        .unwrap_or_else(|| panic!("no section {heading} in {text}"));
    let rest = &text[start..];
    rest[..rest.find(next).unwrap_or(rest.len())].to_owned()
}

#[test]
fn the_pdf_shows_each_indicators_figures_direction_and_source() {
    let dir = norsjo();
    let (_, pdf) = report(dir.path(), &[]);
    let text = pdf_text(&pdf);
    let s = section(&text, "Lägesbild och effekter", "Så räknas utfallet");
    for expected in [
        "Effekter som eftersträvas",
        "Ökad upplevd trygghet.",
        "Minskad brottslighet.",
        "Andel som känner sig trygga utomhus en sen kväll",
        "Enhet: procent · Önskad riktning: öka",
        "▲ Bättre · 71 procent 2018 → 77,5 procent 2023, ökning med 6,5",
        "Källa: Polisens trygghetsmätning",
        "▼ Bättre · 5210 anmälda brott 2018 → 4650 anmälda brott 2023, minskning med 560",
        "Källa: anmälda brott, BRÅ",
        "▲ Sämre · 18 procent 2018 → 21 procent 2023, ökning med 3",
        "Källa: NTU",
        "● Oförändrat · 12 anmälda brott 2018 → 12 anmälda brott 2023, ingen förändring",
        "de påverkar inte bedömningen av något löfte",
    ] {
        assert!(s.contains(expected), "missing {expected:?} in:\n{s}");
    }
    // Every year's figure of the first indicator, in the table.
    let safe = &s[s.find("Andel som känner sig trygga").unwrap()..];
    let safe = &safe[..safe.find("Källa").unwrap()];
    for (year, value) in [
        ("2018", "71"),
        ("2019", "72"),
        ("2020", "74"),
        ("2021", "73"),
        ("2022", "76"),
        ("2023", "77,5"),
    ] {
        assert!(
            safe.contains(&format!("{year} {value}")),
            "{year} {value} in {safe}"
        );
    }
    // The areas name their indicators.
    assert!(
        text.contains("Indikatorer (se Lägesbild och effekter): Andel som känner sig trygga utomhus en sen kväll"),
        "{text}"
    );
}

#[test]
fn the_indicator_charts_have_alt_texts_that_state_the_result() {
    let dir = norsjo();
    let (_, pdf) = report(dir.path(), &[]);
    let doc = lopdf::Document::load(&pdf).unwrap();
    let mut alts: Vec<String> = Vec::new();
    for (_, object) in doc.objects.iter() {
        if let Ok(dict) = object.as_dict()
            && let Ok(alt) = dict.get(b"Alt")
            && let Ok(bytes) = alt.as_str()
        {
            alts.push(
                lopdf::decode_text_string(&lopdf::Object::String(
                    bytes.to_vec(),
                    lopdf::StringFormat::Literal,
                ))
                .unwrap_or_default(),
            );
        }
    }
    let expected = "Stapeldiagram, Andel som avstått från aktiviteter av oro för brott (procent) per år: 2018 18, 2019 17, 2020 19, 2021 20, 2022 22, 2023 21. Sämre: 21 2023 mot 18 2018, önskad riktning minska.";
    assert!(alts.iter().any(|a| a == expected), "{alts:#?}");
}

#[test]
fn a_district_report_names_its_parties_in_the_title_and_done_by() {
    let dir = district(SKARHOLMEN);
    let (_, pdf) = report(dir.path(), &[]);
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Skärholmen · Skärholmens stadsdelsförvaltning"),
        "{text}"
    );
    assert!(
        text.contains("Utfört av: Polisen 1 · Skärholmens stadsdelsförvaltning 1 · Gemensamt 1"),
        "{text}"
    );
    assert!(!text.contains("Kommunen"), "{text}");
    // The assumed period is said under Datakvalitet, the promise file
    // named without its folder.
    assert!(
        text.contains(
            "Avtalsperiod som löftesfilen inte anger: antagen ur rubriken eller uppföljningen: 1"
        ),
        "{text}"
    );
    assert!(
        text.contains(" loften.toml rad 1, kolumn 1: “2024-01-01 – 2024-12-31”"),
        "{text}"
    );
    assert!(!text.contains("./loften.toml"), "{text}");
}

#[test]
fn a_police_only_report_counts_the_police_alone() {
    let text = SKARHOLMEN
        .replace(
            "stadsdel = \"Skärholmen\"",
            "parter = [\"Polisen i lokalpolisområde Skärholmen\"]",
        )
        .replace(
            "mal = [{ typ = \"totalt\", antal = 3 }]",
            "mal = [{ typ = \"totalt\", antal = 2 }]",
        );
    let dir = district(&text);
    // Only the police's row and the joint one would be the police's own
    // log; the municipality's row is still shown, as another party.
    let (json, pdf) = report(dir.path(), &[]);
    assert_eq!(json["agreement"]["place"], "Skärholmen");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Polisen i lokalpolisområde Skärholmen"),
        "{text}"
    );
    assert!(
        text.contains("Utfört av: Polisen 1 · Annan part 1 · Gemensamt 1"),
        "{text}"
    );
}

#[test]
fn a_column_the_indicator_table_does_not_know_is_a_warning_in_the_report() {
    let dir = norsjo();
    let table = std::fs::read_to_string(dir.path().join("indikatorer.csv")).unwrap();
    let mut lines: Vec<String> = table.lines().map(|l| format!("{l};x")).collect();
    lines[0] = lines[0].replace(";x", ";Mätmetod");
    std::fs::write(dir.path().join("indikatorer.csv"), lines.join("\n") + "\n").unwrap();
    let run = lofte(dir.path(), &["report", ".", "-o", "ut"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("warning[unknown-indicator-column]: the column \"Mätmetod\" is not read\n  --> indikatorer.csv, line 1, column L"),
        "{}",
        stderr(&run)
    );
    let json_path = std::fs::read_dir(dir.path().join("ut"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let json: Value = serde_json::from_slice(&std::fs::read(json_path).unwrap()).unwrap();
    let codes = support::warning_codes(&json);
    assert_eq!(codes, ["unknown-indicator-column"]);
    assert_eq!(json["indicators"].as_array().unwrap().len(), 4);
}

/// Within the table, the same indicator twice is refused by the one
/// check that also compares the table with the promise file, case and
/// å/ä/ö folded alike.
#[test]
fn an_indicator_twice_in_the_table_is_refused_at_its_row() {
    let dir = norsjo();
    let path = dir.path().join("indikatorer.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}ANMÄLDA BOSTADSINBROTT;anmälda brott;BRÅ;minska;;12;14;9;11;13;12\n"),
    )
    .unwrap();
    let run = lofte(dir.path(), &["check", "."]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("error[duplicate-indicator]: the indicator \"ANMÄLDA BOSTADSINBROTT\" is written twice\n  --> indikatorer.csv, line 6"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn an_indicator_in_both_the_promise_file_and_the_table_is_refused() {
    let dir = norsjo();
    let text = std::fs::read_to_string(dir.path().join("loften.toml")).unwrap();
    std::fs::write(
        dir.path().join("loften.toml"),
        format!(
            "{text}\n[[indikator]]\nnamn = \"Anmälda bostadsinbrott\"\nriktning = \"minska\"\nvarden = {{ 2023 = 12 }}\n"
        ),
    )
    .unwrap();
    let run = lofte(dir.path(), &["check", "."]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("error[duplicate-indicator]: the indicator \"Anmälda bostadsinbrott\" is written twice\n  --> indikatorer.csv, line 5"),
        "{}",
        stderr(&run)
    );
}

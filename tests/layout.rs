//! Layouts that break naive templates: 40 promises in one area, long
//! promise texts and words, an area with no measurable promise, a
//! one-promise agreement, twelve months of intervals. Each renders, every
//! promise is in the text and has a bookmark.

mod support;

use std::fmt::Write;
use std::path::Path;
use std::process::Command;

fn write_agreement(dir: &Path, promises: usize, text_area: bool) {
    let mut toml = String::from(
        "kommun = \"Långby\"\nlokalpolisomrade = \"Långa området\"\nperiod = { fran = 2023-01-01, till = 2023-12-31 }\nloggar = [\"logg.csv\"]\n\n[[fokusomrade]]\nid = \"a\"\nnamn = \"Ett område med väldigt många löften och en lång rubrik som måste få plats på raden\"\n",
    );
    if text_area {
        toml.push_str("\n[[fokusomrade]]\nid = \"t\"\nnamn = \"Bara text\"\n");
    }
    let mut log = String::from("Datum;Löfte;Antal;Aktivitet\n");
    for i in 1..=promises {
        let long = "Polisen och kommunen ska tillsammans genomföra insatser på utvalda platser under de tider då många människor rör sig ute i samhället, ".repeat(4);
        writeln!(
            toml,
            "\n[[lofte]]\nid = \"L{i}\"\nfokusomrade = \"a\"\ntext = \"{long}Trafiksäkerhetsinsatsutvärderingsrapporteringsskyldighetsförordningen.\"\nansvarig = \"Polisen\"\nenhet = \"kontroller\"\nmal = [{{ typ = \"minst\", antal = 3, per = \"månad\" }}]"
        )
        .unwrap();
        for month in 1..=12u32 {
            // Promise i has (i + month) % 4 controls in each month.
            let n = (i as u32 + month) % 4;
            if n > 0 {
                writeln!(log, "2023-{month:02}-15;L{i};{n};Kontroll").unwrap();
            }
        }
    }
    if text_area {
        toml.push_str("\n[[lofte]]\nid = \"T1\"\nfokusomrade = \"t\"\ntext = \"Löpande arbeta med grannsamverkan.\"\nansvarig = \"Kommunen\"\nmal = [{ typ = \"text\" }]\n");
    }
    std::fs::write(dir.join("loften.toml"), toml).unwrap();
    std::fs::write(dir.join("logg.csv"), log).unwrap();
}

fn render(dir: &Path) -> lopdf::Document {
    let out = Command::new(support::binary())
        .current_dir(dir)
        .args(["report", ".", "-o", "ut.pdf"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    lopdf::Document::load(dir.join("ut.pdf")).unwrap()
}

fn outline_titles(doc: &lopdf::Document) -> Vec<String> {
    let mut titles = Vec::new();
    let catalog = doc.catalog().unwrap();
    let outlines = catalog
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .unwrap();
    let mut stack = vec![
        doc.get_dictionary(outlines)
            .unwrap()
            .get(b"First")
            .and_then(|f| f.as_reference())
            .unwrap(),
    ];
    while let Some(id) = stack.pop() {
        let item = doc.get_dictionary(id).unwrap();
        if let Ok(title) = item.get(b"Title").and_then(|t| t.as_str()) {
            titles.push(
                lopdf::decode_text_string(&lopdf::Object::String(
                    title.to_vec(),
                    lopdf::StringFormat::Literal,
                ))
                .unwrap_or_default(),
            );
        }
        for key in [b"Next".as_slice(), b"First".as_slice()] {
            if let Ok(next) = item.get(key).and_then(|n| n.as_reference()) {
                stack.push(next);
            }
        }
    }
    titles
}

#[test]
fn forty_long_promises_and_a_text_only_area() {
    let dir = tempfile::tempdir().unwrap();
    write_agreement(dir.path(), 40, true);
    let doc = render(dir.path());
    assert!(doc.get_pages().len() > 10);
    let titles = outline_titles(&doc);
    for i in 1..=40 {
        assert!(
            titles.iter().any(|t| t.starts_with(&format!("L{i} "))),
            "no bookmark for L{i}: {titles:?}"
        );
    }
    assert!(titles.iter().any(|t| t == "Bara text"), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("T1 ")), "{titles:?}");
}

#[test]
fn a_one_promise_agreement() {
    let dir = tempfile::tempdir().unwrap();
    write_agreement(dir.path(), 1, false);
    let doc = render(dir.path());
    let titles = outline_titles(&doc);
    assert!(titles.iter().any(|t| t.starts_with("L1 ")), "{titles:?}");
}

/// A promise's logged activities are printed as one list, each activity
/// with its count, in the report's language, however the template splits
/// the paragraph into text runs (each activity is its own run, so line
/// breaking does not reshape the whole paragraph at every hyphenation
/// point; BENCHMARKS.md section 8). Forty long Swedish names force line
/// breaks and hyphenation inside names. The list names the ten largest,
/// largest first, and counts the other thirty after them; the results
/// JSON keeps all forty.
#[test]
fn logged_activities_read_as_one_list_with_their_counts() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (1..=40)
        .map(|i| format!("Trygghetsvandring med föreningslivet i kvarter {i:02}"))
        .collect();
    let toml = "kommun = \"Långby\"\nlokalpolisomrade = \"Långa området\"\nperiod = { fran = 2023-01-01, till = 2023-12-31 }\nloggar = [\"logg.csv\"]\n\n[[fokusomrade]]\nid = \"a\"\nnamn = \"Trygghet\"\n\n[[lofte]]\nid = \"L1\"\nfokusomrade = \"a\"\ntext = \"Trygghetsvandringar.\"\nansvarig = \"Polisen\"\nmal = [{ typ = \"minst\", antal = 3, per = \"år\" }]\n";
    std::fs::write(dir.path().join("loften.toml"), toml).unwrap();
    let mut log = String::from("Datum;Löfte;Antal;Aktivitet\n");
    for (i, name) in names.iter().enumerate() {
        writeln!(log, "2023-03-{:02};L1;{};{name}", i % 28 + 1, i + 1).unwrap();
    }
    std::fs::write(dir.path().join("logg.csv"), log).unwrap();
    // The ten largest are the last ten (counts 40 down to 31); the thirty
    // others sum to 1 + 2 + … + 30 = 465.
    let list = |label: &str, rest: &str| {
        let items: Vec<String> = names
            .iter()
            .enumerate()
            .rev()
            .take(10)
            .map(|(i, name)| format!("{name} ({})", i + 1))
            .collect();
        format!("{label}: {} {rest}", items.join(", "))
    };
    // Line ends fold to spaces, and a word hyphenated at a line end reads
    // with its hyphen in the English report (whose Swedish names are
    // tagged as Swedish): compare without whitespace and hyphens (the
    // names have none).
    let bare = |s: &str| {
        s.split_whitespace()
            .collect::<String>()
            .replace(['-', '\u{ad}'], "")
    };
    for (lang, label, rest) in [
        (
            "sv",
            "Loggade aktiviteter",
            "och 30 till, sammanlagt 465 (resultat-JSON:en har alla)",
        ),
        (
            "en",
            "Logged activities",
            "and 30 more, 465 in all (the results JSON has them all)",
        ),
    ] {
        let pdf = dir.path().join(format!("ut-{lang}.pdf"));
        let out = Command::new(support::binary())
            .current_dir(dir.path())
            .args(["report", ".", "--lang", lang, "-o"])
            .arg(&pdf)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = support::pdf_file_text(&pdf);
        assert!(
            bare(&text).contains(&bare(&list(label, rest))),
            "{lang}: the list of logged activities is not in the PDF:\n{text}"
        );
        assert!(
            !bare(&text).contains(&bare("kvarter 30 (30)")),
            "{lang}: an activity left out of the list is printed:\n{text}"
        );
        let results: serde_json::Value =
            serde_json::from_slice(&std::fs::read(pdf.with_extension("json")).unwrap()).unwrap();
        assert_eq!(
            results["promises"][0]["activities"]
                .as_array()
                .map(Vec::len),
            Some(40),
            "{lang}: the results JSON lists every activity"
        );
    }
}

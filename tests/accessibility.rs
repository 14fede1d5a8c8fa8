//! The follow-up PDF read back as a screen reader and a council member get
//! it: the structure tree (roles, languages, alt texts) through lopdf, the
//! words through the text layer, the colours from the template itself.
//! One test per defect of issue 17, each named after it, and the change
//! record (`--previous`, `--note`, `--date`, `lofte diff`).

mod support;

use support::{binary, lofte, sample, stderr};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use lopdf::{Document, Object, ObjectId};

// ------------------------------------------------------------- helpers

/// Renders a sample into a temporary folder; returns the folder (kept
/// alive by the caller), the PDF and the results JSON.
fn render_sample(name: &str, extra: &[&str]) -> (tempfile::TempDir, Vec<u8>, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("ut.pdf");
    let mut args = vec![
        "report".to_owned(),
        sample(name).display().to_string(),
        "-o".to_owned(),
        pdf.display().to_string(),
        "-q".to_owned(),
    ];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = lofte(out.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = serde_json::from_slice(&std::fs::read(pdf.with_extension("json")).unwrap()).unwrap();
    let bytes = std::fs::read(&pdf).unwrap();
    (out, bytes, json)
}

/// The text layer of each page as lopdf extracts it (a line per text
/// object), soft hyphens removed.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .keys()
        .map(|p| {
            doc.extract_text(&[*p])
                .unwrap()
                .replace(" \u{ad} ", "")
                .replace('\u{ad}', "")
        })
        .collect()
}

/// The whole text layer, whitespace folded.
fn folded(pdf: &[u8]) -> String {
    page_texts(pdf)
        .join("\n")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One element of the structure tree.
#[derive(Debug, Clone)]
struct Elem {
    role: String,
    lang: Option<String>,
    alt: Option<String>,
}

fn string_of(o: &Object) -> Option<String> {
    lopdf::decode_text_string(o).ok()
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// Every structure element in document order (depth first).
fn struct_elems(pdf: &[u8]) -> Vec<Elem> {
    let doc = Document::load_mem(pdf).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .map(|o| resolve(&doc, o))
        .and_then(Object::as_dict)
        .unwrap()
        .clone();
    let mut out = Vec::new();
    let mut seen: std::collections::HashSet<ObjectId> = std::collections::HashSet::new();
    fn walk(
        doc: &Document,
        o: &Object,
        out: &mut Vec<Elem>,
        seen: &mut std::collections::HashSet<ObjectId>,
    ) {
        if let Object::Reference(id) = o
            && !seen.insert(*id)
        {
            return;
        }
        match resolve(doc, o) {
            Object::Array(items) => {
                for i in items {
                    walk(doc, i, out, seen);
                }
            }
            Object::Dictionary(d) => {
                if let Ok(role) = d.get(b"S").and_then(Object::as_name) {
                    out.push(Elem {
                        role: String::from_utf8_lossy(role).into_owned(),
                        lang: d.get(b"Lang").ok().and_then(string_of),
                        alt: d.get(b"Alt").ok().and_then(string_of),
                    });
                }
                if let Ok(k) = d.get(b"K") {
                    walk(doc, k, out, seen);
                }
            }
            _ => {}
        }
    }
    if let Ok(k) = root.get(b"K") {
        walk(&doc, k, &mut out, &mut seen);
    }
    out
}

/// The text a screen reader gets from each innermost structure element
/// (one holding marked content and no further elements: a paragraph, a
/// span, a cell): its marked content joined as the PDF gives it — with no
/// space added where none is in the text.
fn element_texts(pdf: &[u8]) -> Vec<(String, String)> {
    let doc = Document::load_mem(pdf).unwrap();
    // (page, MCID) → text.
    let mut marked: BTreeMap<(ObjectId, i64), String> = BTreeMap::new();
    for (_, page) in doc.get_pages() {
        let encodings: BTreeMap<Vec<u8>, lopdf::Encoding> = doc
            .get_page_fonts(page)
            .unwrap()
            .into_iter()
            .filter_map(|(name, font)| font.get_font_encoding(&doc).ok().map(|e| (name, e)))
            .collect();
        let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
        let mut font: Option<&lopdf::Encoding> = None;
        let mut mcids: Vec<Option<i64>> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => mcids.push(op.operands.get(1).and_then(|d| match d {
                    Object::Dictionary(d) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                    _ => None,
                })),
                "BMC" => mcids.push(None),
                "EMC" => {
                    mcids.pop();
                }
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| encodings.get(n));
                }
                "Tj" | "TJ" => {
                    let (Some(enc), Some(Some(mcid))) =
                        (font, mcids.iter().rev().find(|m| m.is_some()))
                    else {
                        continue;
                    };
                    let out = marked.entry((page, *mcid)).or_default();
                    let mut strings = Vec::new();
                    for o in &op.operands {
                        match o {
                            Object::String(b, _) => strings.push(b.clone()),
                            Object::Array(items) => {
                                strings.extend(items.iter().filter_map(|i| match i {
                                    Object::String(b, _) => Some(b.clone()),
                                    _ => None,
                                }))
                            }
                            _ => {}
                        }
                    }
                    for b in strings {
                        out.push_str(&Document::decode_text(enc, &b).unwrap_or_default());
                    }
                }
                _ => {}
            }
        }
    }
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .map(|o| resolve(&doc, o))
        .and_then(Object::as_dict)
        .unwrap()
        .clone();
    /// (text, whether a structure element is among the descendants).
    fn text_of(
        doc: &Document,
        o: &Object,
        page: Option<ObjectId>,
        marked: &BTreeMap<(ObjectId, i64), String>,
        out: &mut Vec<(String, String)>,
    ) -> (String, bool) {
        match resolve(doc, o) {
            Object::Integer(mcid) => (
                page.and_then(|p| marked.get(&(p, *mcid)).cloned())
                    .unwrap_or_default(),
                false,
            ),
            Object::Array(items) => {
                let mut text = String::new();
                let mut nested = false;
                for i in items {
                    let (t, n) = text_of(doc, i, page, marked, out);
                    text.push_str(&t);
                    nested |= n;
                }
                (text, nested)
            }
            Object::Dictionary(d) => {
                let page = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                if let Ok(mcid) = d.get(b"MCID").and_then(Object::as_i64) {
                    return (
                        page.and_then(|p| marked.get(&(p, mcid)).cloned())
                            .unwrap_or_default(),
                        false,
                    );
                }
                let (text, nested) = d
                    .get(b"K")
                    .map(|k| text_of(doc, k, page, marked, out))
                    .unwrap_or_default();
                match d.get(b"S").and_then(Object::as_name) {
                    Ok(role) => {
                        if !nested {
                            out.push((String::from_utf8_lossy(role).into_owned(), text.clone()));
                        }
                        (text, true)
                    }
                    Err(_) => (text, nested),
                }
            }
            _ => (String::new(), false),
        }
    }
    let mut out = Vec::new();
    if let Ok(k) = root.get(b"K") {
        text_of(&doc, k, None, &marked, &mut out);
    }
    out
}

/// The outline as (depth, title), in order.
fn outline(pdf: &[u8]) -> Vec<(usize, String)> {
    let doc = Document::load_mem(pdf).unwrap();
    let mut out = Vec::new();
    let first = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .and_then(|d| d.get(b"First"))
        .and_then(Object::as_reference)
        .unwrap();
    fn walk(doc: &Document, id: ObjectId, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut next = Some(id);
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            out.push((
                depth,
                item.get(b"Title")
                    .ok()
                    .and_then(string_of)
                    .unwrap_or_default(),
            ));
            if let Ok(child) = item.get(b"First").and_then(Object::as_reference) {
                walk(doc, child, depth + 1, out);
            }
            next = item.get(b"Next").and_then(Object::as_reference).ok();
        }
    }
    walk(&doc, first, 0, &mut out);
    out
}

const PROMISES: &str = r#"
kommun = "Testby"
lokalpolisomrade = "Testområdet"
period = { fran = 2023-01-01, till = 2023-12-31 }
loggar = ["logg.csv"]

[[undertecknare]]
namn = "Lars Westermark"
roll = "Lokalpolisområdeschef"
part = "Polisen"

[[undertecknare]]
namn = "Anna Berg"
roll = "Kommunstyrelsens ordförande"
part = "Testby kommun"

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

[[lofte.kommentar]]
fonster = "2023"
kommentar = "Insatserna gjordes vid skolorna."

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
2023-10-03;T2;1;Trygghetsvandring;Centrum;Polis, Kommun\n\
2023-11-03;;1;Okänt;Centrum;Polisen\n\
Summa;;6;;;\n";

fn agreement(promises: &str, log: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("loften.toml"), promises).unwrap();
    std::fs::write(dir.path().join("logg.csv"), log).unwrap();
    dir
}

fn report(dir: &Path, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["report", "."];
    all.extend_from_slice(args);
    let o = lofte(dir, &all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = args
        .iter()
        .position(|a| *a == "-o")
        .map(|i| dir.join(args[i + 1]))
        .unwrap_or_else(|| dir.to_path_buf());
    let pdf = if out.extension().is_some_and(|e| e == "pdf") {
        out
    } else {
        out.join("uppfoljning-testby-2023.pdf")
    };
    std::fs::read(pdf).unwrap()
}

// ---------------------------------------------------------- the tests

/// Alt texts listed every period ("2019 26, 2020 30, …", up to 2 500
/// characters) and never said which were met.
#[test]
fn chart_alt_texts_are_short_and_state_the_result() {
    for name in ["norsjo", "haparanda"] {
        let (_dir, pdf, _) = render_sample(name, &[]);
        let alts: Vec<String> = struct_elems(&pdf)
            .into_iter()
            .filter_map(|e| e.alt)
            .filter(|a| !a.starts_with("Stapeldiagram"))
            .collect();
        assert!(!alts.is_empty(), "{name}: no chart with an alt text");
        for alt in &alts {
            assert!(
                alt.chars().count() <= 250,
                "{name}: {} characters: {alt}",
                alt.chars().count()
            );
            assert!(
                alt.contains(" av ") && alt.contains("uppfyllda"),
                "{name}: {alt}"
            );
            assert!(
                alt.contains("bilaga"),
                "{name}: the alt names no table: {alt}"
            );
        }
    }
}

/// The per-period figures were only in a picture: now every target with
/// periods has a real table (months, years, places), and weeks and blocks
/// are all in the appendix table the alt text names.
#[test]
fn per_period_figures_are_in_tagged_tables() {
    let (_dir, pdf, json) = render_sample("norsjo", &[]);
    let elems = struct_elems(&pdf);
    let tables = elems.iter().filter(|e| e.role == "Table").count();
    let promises = json["promises"].as_array().unwrap();
    let with_periods = promises
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap())
        .filter(|t| !t["intervals"].as_array().unwrap().is_empty())
        .count();
    // One outcome table per promise, one per target with periods, the
    // provenance table (the blocks of N9 are in the appendix table, not
    // beside it, which evens out with the appendix).
    assert!(
        tables > promises.len() + with_periods,
        "{tables} tables for {} promises and {with_periods} targets with periods",
        promises.len()
    );
    let text = folded(&pdf);
    assert!(text.contains("Bilaga: utfall per period"), "{text}");
    // N9's first block, in the appendix with its figure and requirement.
    assert!(text.contains("7 jan 2019 – 27 jan 2019"), "{text}");
}

/// With --lang en the Swedish agreement texts carried no language tag.
#[test]
fn english_report_tags_the_swedish_agreement_text() {
    let (_dir, pdf, json) = render_sample("kalix", &["--lang", "en"]);
    let doc = Document::load_mem(&pdf).unwrap();
    let lang = doc
        .catalog()
        .unwrap()
        .get(b"Lang")
        .ok()
        .and_then(string_of)
        .unwrap();
    assert!(lang.starts_with("en"), "{lang}");
    let swedish = struct_elems(&pdf)
        .iter()
        .filter(|e| e.lang.as_deref().is_some_and(|l| l.starts_with("sv")))
        .count();
    let promises = json["promises"].as_array().unwrap().len();
    let areas = json["areas"].as_array().unwrap().len();
    // At least each promise text, target and area name.
    assert!(
        swedish >= 2 * promises + areas,
        "{swedish} elements tagged Swedish for {promises} promises in {areas} areas"
    );

    // And the Swedish report tags nothing as English.
    let (_dir, pdf, _) = render_sample("kalix", &[]);
    let english = struct_elems(&pdf)
        .iter()
        .filter(|e| e.lang.as_deref().is_some_and(|l| l.starts_with("en")))
        .count();
    assert_eq!(english, 0);
}

/// The Swedish report said "sheet", "row", "line" and "a summary row was
/// skipped, not counted".
#[test]
fn swedish_report_names_places_in_swedish() {
    let dir = agreement(PROMISES, LOG);
    let text = folded(&report(dir.path(), &[]));
    // "logg.csv, rad 7" or "logg.csv rad 7": the place in Swedish.
    let named = |row: u32| {
        text.contains(&format!("logg.csv, rad {row}"))
            || text.contains(&format!("logg.csv rad {row}"))
    };
    assert!(named(7), "the summary row: {text}");
    assert!(named(6), "the unmatched row: {text}");
    for english in [
        " line ",
        " row ",
        " sheet ",
        "summary row",
        "skipped",
        " logged",
    ] {
        assert!(!text.contains(english), "found {english:?} in {text}");
    }
    // Workbooks: "blad" and "rad".
    let (_dir, pdf, _) = render_sample("norsjo", &["--underlag"]);
    let text = folded(&pdf);
    assert!(text.contains("aktiviteter.xlsx, blad "), "{text}");
    assert!(!text.contains(", sheet "), "{text}");
    // And no sample's Swedish report has an English word of lofte's.
    for name in ["kalix", "overkalix", "haparanda", "jokkmokk"] {
        let (_dir, pdf, _) = render_sample(name, &["--underlag"]);
        let text = folded(&pdf);
        for english in [
            " line ",
            " row ",
            " sheet ",
            "summary row",
            "skipped",
            " logged",
            " of ",
        ] {
            assert!(
                !text.contains(english),
                "{name}: found {english:?} in {text}"
            );
        }
    }
}

/// Heading navigation and the outline started at "Sammanfattning".
#[test]
fn the_title_is_the_first_heading_and_the_outline_nests_under_it() {
    let (_dir, pdf, _) = render_sample("kalix", &[]);
    let headings: Vec<String> = struct_elems(&pdf)
        .into_iter()
        .map(|e| e.role)
        .filter(|r| r.starts_with('H') && r.len() <= 2)
        .collect();
    assert_eq!(
        headings.first().map(String::as_str),
        Some("H1"),
        "{headings:?}"
    );
    assert_eq!(
        headings.iter().filter(|h| *h == "H1").count(),
        1,
        "{headings:?}"
    );
    let outline = outline(&pdf);
    assert_eq!(
        outline.first(),
        Some(&(0, "Uppföljning av medborgarlöften 2022–2023".to_owned())),
        "{outline:?}"
    );
    assert_eq!(
        outline.iter().filter(|(d, _)| *d == 0).count(),
        1,
        "{outline:?}"
    );
    assert!(
        outline.contains(&(1, "Sammanfattning".to_owned())),
        "{outline:?}"
    );
    assert!(
        outline.contains(&(2, "K1 · Ej uppfyllt".to_owned())),
        "{outline:?}"
    );
}

fn luminance(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

fn hex(s: &str) -> [u8; 3] {
    let v = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).unwrap();
    [v(0), v(2), v(4)]
}

/// The `name: rgb("#xxxxxx")` entries of a `#let NAME = ( … )` block.
fn palette(template: &str, name: &str) -> BTreeMap<String, [u8; 3]> {
    let start = template.find(&format!("#let {name} = (")).unwrap();
    let block = &template[start..];
    let block = &block[..block.find("\n)").unwrap()];
    block
        .lines()
        .filter_map(|l| {
            let (key, rest) = l.trim().split_once(": rgb(\"#")?;
            Some((key.to_owned(), hex(rest.get(..6)?)))
        })
        .collect()
}

/// "Ej aktuellt" grey #777777 on white was 4.48:1. Every status colour is
/// text (badges, labels, verdicts): 7:1 on white, 4.5:1 on every period
/// cell colour; every grey used for text 7:1 on white.
#[test]
fn every_text_colour_has_enough_contrast() {
    let template = include_str!("../templates/report/main.typ");
    let colours = palette(template, "colours");
    let cells = palette(template, "cell-colours");
    assert_eq!(colours.len(), 7, "{colours:?}");
    assert_eq!(cells.len(), 4, "{cells:?}");
    let white = [255, 255, 255];
    for (name, c) in &colours {
        let r = contrast(*c, white);
        assert!(r >= 7.0, "{name} on white: {r:.2}:1");
        for (cell, bg) in &cells {
            let r = contrast(*c, *bg);
            assert!(r >= 4.5, "{name} on {cell}: {r:.2}:1");
        }
    }
    // Body text on the period cells is black; greys: luma(N).
    for (cell, bg) in &cells {
        assert!(contrast([0, 0, 0], *bg) >= 7.0, "black on {cell}");
    }
    let mut greys = 0;
    for part in template.split("luma(").skip(1) {
        let n: u8 = part[..part.find(')').unwrap()].parse().unwrap();
        // Strokes and rules may be light; text greys are all below 100.
        if n >= 150 {
            continue;
        }
        greys += 1;
        let r = contrast([n, n, n], white);
        assert!(r >= 7.0, "luma({n}) on white: {r:.2}:1");
        for (cell, bg) in &cells {
            assert!(contrast([n, n, n], *bg) >= 4.5, "luma({n}) on {cell}");
        }
    }
    assert!(greys > 0);
}

/// The appendix joined six fields with pipes in one cell under "Löfte",
/// and said nothing of the rows it left out.
#[test]
fn underlag_is_a_real_table_with_repeated_headers_and_the_rows_left_out() {
    let mut log = String::from("Datum;Löfte;Antal;Aktivitet;Plats;Ansvarig\n");
    for i in 0..230 {
        let day = 1 + i % 28;
        let month = 1 + i / 28 % 12;
        log.push_str(&format!(
            "2023-{month:02}-{day:02};T1;1;Trafikkontroll;Väg {i};Polisen\n"
        ));
    }
    let dir = agreement(PROMISES, &log);
    let pdf = report(dir.path(), &["--underlag"]);
    let pages = page_texts(&pdf);
    let header = "Datum Löfte Antal Aktivitet Plats Deltagare Källa";
    let with_header = pages
        .iter()
        .filter(|p| {
            p.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(header)
        })
        .count();
    assert!(
        with_header >= 2,
        "the header is not repeated: {with_header} page(s)"
    );
    let text = folded(&pdf);
    assert!(!text.contains(" | "), "fields joined with pipes");
    assert!(
        text.contains("2023-01-01 T1 1 Trafikkontroll Väg 0 Polisen logg.csv, rad 2"),
        "{text}"
    );
    assert!(
        text.contains("30 rader till räknas men visas inte här"),
        "{text}"
    );
    // The first 200 rows by their row numbers (not as the text of their
    // places orders them, where line 10 comes before line 9).
    assert!(text.contains("logg.csv, rad 201"), "{text}");
    assert!(!text.contains("logg.csv, rad 202"), "{text}");
    let header_cells = struct_elems(&pdf).iter().filter(|e| e.role == "TH").count();
    assert!(header_cells >= 7);
}

/// Line breaks put no space into the text layer: "Lars
/// WestermarkLokalpolisområdeschefPolisen", "logg.csv63d2…".
#[test]
fn every_line_break_is_a_break_in_the_text_layer() {
    let dir = agreement(PROMISES, LOG);
    let pdf = report(dir.path(), &[]);
    let raw = page_texts(&pdf).join("\n");
    let elements = element_texts(&pdf);
    assert!(
        elements.iter().any(|(_, t)| t.contains("Lars Westermark")),
        "{elements:?}"
    );
    for glued in [
        "WestermarkLokalpolis",
        "LokalpolisområdeschefPolisen",
        "BergKommunstyrelsens",
    ] {
        assert!(!raw.contains(glued), "{glued} in the text layer");
        for (role, text) in &elements {
            assert!(!text.contains(glued), "{glued} in a {role}: {text}");
        }
    }
    let folded = folded(&pdf);
    assert!(
        folded.contains("Lars Westermark Lokalpolisområdeschef Polisen"),
        "{folded}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("uppfoljning-testby-2023.json")).unwrap(),
    )
    .unwrap();
    let sha = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"].as_str().unwrap().ends_with("logg.csv"))
        .unwrap()["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        !raw.contains(&format!("logg.csv{}", &sha[..8])),
        "file and checksum glued"
    );
    for (role, text) in &elements {
        assert!(
            !text.contains(&format!("logg.csv{}", &sha[..8])),
            "file and checksum glued in a {role}: {text}"
        );
    }
    assert!(
        folded.contains(&format!("logg.csv {}", &sha[..8])),
        "{folded}"
    );

    // The title block's lines.
    let (_dir, pdf, _) = render_sample("kalix", &[]);
    for (role, text) in element_texts(&pdf) {
        assert!(
            !text.contains("KalixMedborgarlöfte"),
            "glued in a {role}: {text}"
        );
    }

    // An outcome and its pace, in one table cell, on two lines.
    let (_dir, pdf, _) = render_sample("kalix", &["--window", "2023", "--as-of", "2023-06-30"]);
    let elements = element_texts(&pdf);
    assert!(
        elements.iter().any(|(_, t)| t.contains("Takt: ")),
        "{elements:?}"
    );
    for (role, text) in &elements {
        let glued = text
            .find("Takt: ")
            .is_some_and(|i| i > 0 && !text[..i].ends_with(char::is_whitespace));
        assert!(!glued, "outcome and pace glued in a {role}: {text}");
    }
}

/// A strip wrapped 60 months in 13 columns, had no legend and no label,
/// and printed "150,2" where its table said "150,25".
#[test]
fn interval_strips_have_a_row_per_year_a_label_one_legend_and_the_tables_figures() {
    let (_dir, pdf, json) = render_sample("norsjo", &[]);
    let text = folded(&pdf);
    let legend = "Tecken i periodtabellerna:";
    assert_eq!(text.matches(legend).count(), 1, "{text}");
    assert!(
        text.contains("Minst 10 kontroller per månad: 54 av 60 månader uppfyllda"),
        "{text}"
    );
    // Months in one header row, then one row per year.
    assert!(
        text.contains("År jan feb mar apr maj jun jul aug sep okt nov dec 2019"),
        "{text}"
    );
    // Every figure a strip shows is formatted as the outcome is: two
    // decimals at most, never fewer than the value has.
    for p in json["promises"].as_array().unwrap() {
        for t in p["targets"].as_array().unwrap() {
            for i in t["intervals"].as_array().unwrap() {
                let x = i["achieved"].as_f64().unwrap();
                if (x * 100.0).fract() == 0.0 && (x * 10.0).fract() != 0.0 {
                    let shown = format!("{x:.2}").replace('.', ",");
                    assert!(text.contains(&shown), "{shown} not in the report");
                }
            }
        }
    }
}

/// A promise badge "Underlag saknas" stood beside a target row "✗ Ej
/// uppfyllt" (Jokkmokk J6).
#[test]
fn a_promise_without_rows_has_one_status() {
    let (_dir, pdf, json) = render_sample("jokkmokk", &[]);
    let j6 = json["promises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "J6")
        .unwrap();
    assert_eq!(j6["status"], "no_data");
    let text = folded(&pdf);
    let start = text.find("J6 · Underlag saknas").unwrap();
    let end = start + text[start..].find("J7 ·").unwrap();
    let section = &text[start..end];
    assert!(!section.contains("Ej uppfyllt"), "{section}");
    assert!(section.matches("Underlag saknas").count() >= 2, "{section}");
    assert!(section.contains("Inga rader i loggarna"), "{section}");
}

/// "Underskrifter" stood with nothing under it when the agreement named
/// authors and recipients but no signatories.
#[test]
fn no_signature_heading_without_signatories() {
    let (_dir, pdf, json) = render_sample("kalix", &[]);
    assert!(
        json["agreement"]["signatories"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let text = folded(&pdf);
    assert!(!text.contains("Underskrifter"), "{text}");
    // The authors are still there, in the title block.
    assert!(
        text.contains("Sammanställd av Kommunpolisen i Kalix"),
        "{text}"
    );
    let dir = agreement(PROMISES, LOG);
    let text = folded(&report(dir.path(), &[]));
    assert!(text.contains("Underskrifter Lars Westermark"), "{text}");
}

/// Transformation matrix product: `a` then `b`.
fn mul(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// (x0, y0, x1, y1) of every shape the first page fills in the colour
/// `rgb` (0–1), in points, and the page width.
fn filled_boxes(pdf: &[u8], rgb: [f64; 3]) -> (Vec<[f64; 4]>, f64) {
    let doc = Document::load_mem(pdf).unwrap();
    let (_, page) = doc.get_pages().into_iter().next().unwrap();
    let width = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .map(|a| a[2].as_float().unwrap_or(595.0))
        .unwrap_or(595.0);
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let nums = |o: &[Object]| -> Vec<f64> {
        o.iter()
            .filter_map(|o| o.as_float().ok().map(f64::from))
            .collect()
    };
    let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack = Vec::new();
    let mut fill = vec![0.0; 3];
    let mut points: Vec<(f64, f64)> = Vec::new();
    let mut boxes = Vec::new();
    let at = |ctm: &[f64; 6], x: f64, y: f64| {
        (
            x * ctm[0] + y * ctm[2] + ctm[4],
            x * ctm[1] + y * ctm[3] + ctm[5],
        )
    };
    for op in &content.operations {
        let n = nums(&op.operands);
        match op.operator.as_str() {
            "q" => stack.push((ctm, fill.clone())),
            "Q" => {
                if let Some((c, f)) = stack.pop() {
                    ctm = c;
                    fill = f;
                }
            }
            "cm" if n.len() == 6 => ctm = mul([n[0], n[1], n[2], n[3], n[4], n[5]], ctm),
            "sc" | "scn" | "rg" if n.len() == 3 => fill = n,
            "m" | "l" if n.len() == 2 => points.push(at(&ctm, n[0], n[1])),
            "c" if n.len() == 6 => points.push(at(&ctm, n[4], n[5])),
            "re" if n.len() == 4 => {
                points.push(at(&ctm, n[0], n[1]));
                points.push(at(&ctm, n[0] + n[2], n[1] + n[3]));
            }
            "f" | "f*" | "F" | "B" | "B*" | "n" | "S" => {
                let same = fill.len() == 3 && (0..3).all(|i| (fill[i] - rgb[i]).abs() < 0.01);
                if same && !points.is_empty() && op.operator != "n" && op.operator != "S" {
                    let xs = points.iter().map(|p| p.0);
                    let ys = points.iter().map(|p| p.1);
                    boxes.push([
                        xs.clone().fold(f64::INFINITY, f64::min),
                        ys.clone().fold(f64::INFINITY, f64::min),
                        xs.fold(f64::NEG_INFINITY, f64::max),
                        ys.fold(f64::NEG_INFINITY, f64::max),
                    ]);
                }
                points.clear();
            }
            _ => {}
        }
    }
    (boxes, f64::from(width))
}

/// The logo was placed over the title's corner: it overlapped the period
/// and a wide SVG was cut. It now sits in a fixed box of its own.
#[test]
fn a_wide_logo_fits_its_own_box_beside_the_title() {
    let dir = agreement(PROMISES, LOG);
    std::fs::write(
        dir.path().join("logo.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="100" viewBox="0 0 2000 100"><rect width="2000" height="100" fill="#00ff00"/></svg>"##,
    )
    .unwrap();
    let pdf = report(dir.path(), &["--logo", "logo.svg"]);
    let (boxes, page_width) = filled_boxes(&pdf, [0.0, 1.0, 0.0]);
    let logo = boxes
        .first()
        .unwrap_or_else(|| panic!("no logo drawn: {boxes:?}"));
    let cm = 72.0 / 2.54;
    let margin = 2.0 * cm;
    // Inside the page's margin, at most 4 cm wide, in the right column.
    assert!(
        logo[2] <= page_width - margin + 0.5,
        "cut at the right: {logo:?}"
    );
    assert!(
        logo[2] - logo[0] <= 4.0 * cm + 0.5,
        "wider than its box: {logo:?}"
    );
    assert!(
        logo[0] >= page_width - margin - 4.0 * cm - 0.5,
        "over the title: {logo:?}"
    );
}

/// No heading may end a page: its content must follow it.
#[test]
fn headings_are_kept_with_their_content() {
    for (name, extra) in [
        ("norsjo", &[][..]),
        ("haparanda", &[][..]),
        ("kalix", &["--lang", "en"][..]),
        ("jokkmokk", &["--underlag"][..]),
    ] {
        let (_dir, pdf, _) = render_sample(name, extra);
        let headings: Vec<String> = outline(&pdf).into_iter().map(|(_, t)| t).collect();
        let pages = page_texts(&pdf);
        for (n, page) in pages.iter().enumerate() {
            let lines: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // The footer is the last two lines.
            let body = &lines[..lines.len().saturating_sub(2)];
            // A page opening on period cells has torn a strip from its
            // target table.
            if n > 0
                && let Some(first) = body.first()
            {
                assert!(
                    !first.starts_with(['✓', '◇', '✗']),
                    "{name}, page {} opens with period cells: {first:?}",
                    n + 1
                );
            }
            if let Some(last) = body.last() {
                assert!(
                    !headings.iter().any(|h| h.trim() == *last),
                    "{name}, page {}: ends with the heading {last:?}",
                    n + 1
                );
            }
        }
    }
}

// ------------------------------------------------- the change record

fn v1_then(dir: &Path) {
    let o = lofte(dir, &["report", ".", "-o", "v1", "--date", "2024-01-20"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The change record read like machine output ("N3: Redovisas i text →
/// Redovisas i text … ≠ polisen.xlsx, sheet …"), without reason or date.
#[test]
fn the_change_record_says_in_words_what_changed_why_and_when() {
    let dir = agreement(PROMISES, LOG);
    v1_then(dir.path());
    // One corrected cell: the 2 on row 3 was really 1.
    std::fs::write(
        dir.path().join("logg.csv"),
        LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll"),
    )
    .unwrap();
    let pdf = report(
        dir.path(),
        &[
            "-o",
            "v2",
            "--previous",
            "v1/uppfoljning-testby-2023.pdf",
            "--note",
            "Rättelse efter påpekande från kommunen",
            "--date",
            "2024-02-15",
        ],
    );
    let text = folded(&pdf);
    assert!(text.contains("Ändringar sedan version 1"), "{text}");
    // The headline the report prints, then the period; the line may be
    // hyphenated between them.
    assert!(
        text.contains(
            "T1 · minst 4 per år: ”1 av 1 år med minst 4 trafiksäkerhetsinsatser; totalt 4” → ”0 av 1 år med minst 4"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "totalt 3”, 2023: 4 → 3 trafiksäkerhetsinsatser (en rad rättad i logg.csv, rad 3); status Uppfyllt → Delvis uppfyllt"
        ),
        "{text}"
    );
    assert!(
        text.contains("Skäl: Rättelse efter påpekande från kommunen"),
        "{text}"
    );
    assert!(
        text.contains("15 februari 2024 (angivet med --date)"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("v2/uppfoljning-testby-2023.json")).unwrap(),
    )
    .unwrap();
    let history = json["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[0]["date"], "2024-01-20");
    assert_eq!(history[1]["date"], "2024-02-15");
    assert_eq!(
        history[1]["notes"][0],
        "Rättelse efter påpekande från kommunen"
    );
}

/// A changed comment gave "no differences".
#[test]
fn an_edit_to_the_promise_file_is_a_change() {
    let dir = agreement(PROMISES, LOG);
    v1_then(dir.path());
    std::fs::write(
        dir.path().join("loften.toml"),
        PROMISES.replace("gjordes vid skolorna", "gjordes vid skolorna och i centrum"),
    )
    .unwrap();
    // Dated after version 1 (a version is never older than the one it
    // follows).
    let pdf = report(
        dir.path(),
        &[
            "-o",
            "v2",
            "--previous",
            "v1/uppfoljning-testby-2023.json",
            "--date",
            "2024-02-15",
        ],
    );
    let text = folded(&pdf);
    assert!(
        text.contains("T1; kommentaren ändrades från ”Insatserna gjordes vid skolorna.” till ”Insatserna gjordes vid skolorna och i centrum.”"),
        "{text}"
    );
    let diff = lofte(
        dir.path(),
        &[
            "diff",
            "v1/uppfoljning-testby-2023.json",
            "v2/uppfoljning-testby-2023.json",
        ],
    );
    assert_eq!(diff.status.code(), Some(3), "{}", stderr(&diff));
    assert!(String::from_utf8_lossy(&diff.stdout).contains("comment"));
}

/// A rerun with nothing changed became a new version with an empty
/// section.
#[test]
fn no_change_no_new_version() {
    let dir = agreement(PROMISES, LOG);
    v1_then(dir.path());
    let o = lofte(
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
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("inga ändringar sedan version 1; ingen ny version skrevs"),
        "{stdout}"
    );
    assert!(!dir.path().join("v2").exists(), "something was written");
}

/// `lofte diff` said 1 for "differences", which the README reserves for
/// errors in the data.
#[test]
fn diff_exit_codes_agree_with_the_readme() {
    let dir = agreement(PROMISES, LOG);
    v1_then(dir.path());
    std::fs::write(
        dir.path().join("logg.csv"),
        LOG.replace(";2;Trafikkontroll", ";1;Trafikkontroll"),
    )
    .unwrap();
    report(
        dir.path(),
        &[
            "-o",
            "v2",
            "--previous",
            "v1/uppfoljning-testby-2023.pdf",
            "--date",
            "2024-02-15",
        ],
    );
    let code = |a: &str, b: &str| lofte(dir.path(), &["diff", a, b]).status.code();
    let v1 = "v1/uppfoljning-testby-2023.json";
    let v2 = "v2/uppfoljning-testby-2023.json";
    assert_eq!(code(v1, "v1/uppfoljning-testby-2023.pdf"), Some(0));
    assert_eq!(code(v1, v2), Some(3));
    assert_eq!(
        code(v1, "logg.csv"),
        Some(1),
        "not a results file is a data error"
    );
    assert_eq!(code(v1, "saknas.json"), Some(2));
    let readme = include_str!("../README.md");
    assert!(
        readme.contains("`lofte diff` exits 0 when the versions are the same, 3 when they differ")
    );
    let help = lofte(dir.path(), &["diff", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("3 when they differ"));

    // `lofte diff a b | head -1`: the reader goes away; no panic.
    let mut child = Command::new(binary())
        .current_dir(dir.path())
        .args(["diff", v1, v2])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(3), "{err}");
}

/// The archive must tell when a version was made: SOURCE_DATE_EPOCH dates
/// it when --date is not given, in the report, the JSON and the PDF's own
/// creation date.
#[test]
fn a_version_is_dated_from_source_date_epoch() {
    let dir = agreement(PROMISES, LOG);
    let out = Command::new(binary())
        .current_dir(dir.path())
        .args(["report", ".", "-o", "v1"])
        .env("SOURCE_DATE_EPOCH", "1707955200")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = std::fs::read(dir.path().join("v1/uppfoljning-testby-2023.pdf")).unwrap();
    assert!(
        folded(&pdf).contains("Versionsdatum 15 februari 2024 (från SOURCE_DATE_EPOCH)"),
        "{}",
        folded(&pdf)
    );
    let doc = Document::load_mem(&pdf).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .unwrap();
    let created = info.get(b"CreationDate").ok().and_then(string_of).unwrap();
    assert!(created.starts_with("D:20240215"), "{created}");
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("v1/uppfoljning-testby-2023.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["history"][0]["date_source"], "source_date_epoch");
    // Without either, the as-of date, and said so.
    let pdf = report(dir.path(), &["-o", "v0"]);
    assert!(folded(&pdf).contains("31 december 2023 (underlagsdatum)"));
}

/// The merge of singular/plural with Swedish-tagged units brought back
/// "10 aktiviteter logged" in English reports: lofte's own default unit is
/// said in English; only the agreement's own `enhet` stays Swedish.
#[test]
fn english_report_says_activities_not_aktiviteter() {
    let (_dir, pdf, _) = render_sample("norsjo", &["--lang", "en"]);
    let text = folded(&pdf);
    assert!(text.contains("10 activities logged"), "{text}");
    assert!(!text.contains("aktiviteter logged"), "{text}");
    assert!(!text.contains("aktivitet logged"), "{text}");
}

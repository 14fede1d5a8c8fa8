//! lofte's benchmarks, against their floors, in one run:
//!
//! ```text
//! cargo bench --bench pipeline                 # everything (about 10 minutes)
//! cargo bench --bench pipeline -- ingest       # one part: ingest, limits, render, document, report, batch
//! ```
//!
//! Every measurement runs in a child process of this binary, so each has its
//! own peak resident memory (`VmHWM` from /proc/self/status) and nothing is
//! shared between them but the disk cache. Times are the median of several
//! runs. Generated data is kept in `target/bench-data/` (deterministic, made
//! once). The figures are written down in BENCHMARKS.md.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::{Duration, NaiveDate};

const ACTIVITIES: [&str; 6] = [
    "Trafikkontroll",
    "Fotpatrullering",
    "Trygghetsvandring",
    "Riktad insats narkotika",
    "Skolbesök",
    "Möte",
];
const PLACES: [&str; 5] = ["Centrum", "Skolan", "E4", "Resecentrum", "Hamnen"];
const WHO: [&str; 3] = ["Polisen", "Kommunen", "Polisen, Kommunen"];

/// A tiny deterministic generator (xorshift), so the data never changes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One generated row: (date, promise, count, activity, place, who). The
/// place has a street number, so rows repeat about as rarely as in real
/// logs (a repeated row is a warning).
fn rows(
    n: usize,
    seed: u64,
) -> impl Iterator<Item = (NaiveDate, String, u32, usize, String, usize)> {
    let mut rng = Rng(seed | 1);
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a date");
    (0..n).map(move |_| {
        let date = start + Duration::days(rng.below(365) as i64);
        let promise = format!("P{}", 1 + rng.below(12));
        let count = 1 + rng.below(3) as u32;
        let activity = rng.below(ACTIVITIES.len());
        let place = format!(
            "{} {}",
            PLACES[rng.below(PLACES.len())],
            1 + rng.below(2000)
        );
        (date, promise, count, activity, place, rng.below(WHO.len()))
    })
}

fn write_csv(path: &Path, n: usize, seed: u64) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create csv"));
    writeln!(out, "Datum;Löfte;Antal;Aktivitet;Plats;Ansvarig").expect("write");
    for (d, p, c, a, pl, w) in rows(n, seed) {
        writeln!(out, "{d};{p};{c};{};{pl};{}", ACTIVITIES[a], WHO[w]).expect("write");
    }
}

fn write_xlsx(path: &Path, n: usize, seed: u64) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    // Constant-memory mode: a million rows are streamed to disk.
    let ws = book
        .add_worksheet_with_constant_memory()
        .expect("worksheet");
    for (j, h) in ["Datum", "Löfte", "Antal", "Aktivitet", "Plats", "Ansvarig"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, j as u16, *h).expect("header");
    }
    for (i, (d, p, c, a, pl, w)) in rows(n, seed).enumerate() {
        let r = 1 + i as u32;
        let date = ExcelDateTime::parse_from_str(&d.to_string()).expect("date");
        ws.write_datetime_with_format(r, 0, &date, &date_format)
            .expect("cell");
        ws.write_string(r, 1, &p).expect("cell");
        ws.write_number(r, 2, f64::from(c)).expect("cell");
        ws.write_string(r, 3, ACTIVITIES[a]).expect("cell");
        ws.write_string(r, 4, &pl).expect("cell");
        ws.write_string(r, 5, WHO[w]).expect("cell");
    }
    book.save(path).expect("save xlsx");
}

/// A promise file with 12 promises of the kinds real agreements use.
fn promise_file(kommun: &str, log: &str) -> String {
    let mut s = format!(
        "kommun = \"{kommun}\"\nlokalpolisomrade = \"Benchmark\"\nperiod = {{ fran = 2023-01-01, till = 2023-12-31 }}\nloggar = [\"{log}\"]\n\n[[fokusomrade]]\nid = \"a\"\nnamn = \"Trygghet\"\n\n[[fokusomrade]]\nid = \"b\"\nnamn = \"Trafik\"\n"
    );
    let targets = [
        "{ typ = \"minst\", antal = 3, per = \"vecka\" }",
        "{ typ = \"minst\", antal = 20, per = \"månad\" }",
        "{ typ = \"minst\", antal = 4, per = \"år\" }",
        "{ typ = \"snitt\", antal = 10, per = \"vecka\" }",
        "{ typ = \"totalt\", antal = 500 }",
        "{ typ = \"andel\", per = \"dag\" }",
        "{ typ = \"minst\", antal = 30, per = \"kvartal\" }",
        "{ typ = \"var\", intervall = 2, per = \"vecka\" }",
        "{ typ = \"per_plats\", antal = 1, per = \"månad\", platser = [\"Centrum 1\", \"Skolan 2\", \"E4 3\"] }",
        "{ typ = \"trend\", riktning = \"öka\", baslinje = { varde = 100, period = \"2022\" } }",
        "{ typ = \"minst\", antal = 1, per = \"dag\" }",
        "{ typ = \"text\" }",
    ];
    for (i, t) in targets.iter().enumerate() {
        s.push_str(&format!(
            "\n[[lofte]]\nid = \"P{}\"\nfokusomrade = \"{}\"\ntext = \"Löfte nummer {} om trygghet och trafik i kommunen.\"\nansvarig = \"Polisen\"\nmal = [{t}]\n",
            i + 1,
            if i < 6 { "a" } else { "b" },
            i + 1
        ));
    }
    s
}

fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench data folder");
    dir
}

/// The log of `n` rows in `ext` (`csv` or `xlsx`), written once.
fn log_file(n: usize, ext: &str) -> PathBuf {
    let path = data_dir().join(format!("logg-{n}.{ext}"));
    if !path.exists() {
        eprintln!("  (writing {})", path.display());
        let tmp = path.with_extension(format!("{ext}.tmp"));
        match ext {
            "csv" => write_csv(&tmp, n, 7),
            _ => write_xlsx(&tmp, n, 7),
        }
        std::fs::rename(&tmp, &path).expect("rename");
    }
    path
}

/// An agreement folder with a log of `n` rows.
fn agreement(dir: &Path, kommun: &str, n: usize, seed: u64) {
    std::fs::create_dir_all(dir).expect("agreement folder");
    std::fs::write(dir.join("loften.toml"), promise_file(kommun, "logg.csv")).expect("write");
    write_csv(&dir.join("logg.csv"), n, seed);
}

/// Peak resident memory of this process so far, KiB.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The agreement in `arg` read and evaluated as `lofte report` does with
/// no flags, before any clock starts.
fn load_agreement(arg: &Path) -> lofte::cli::load::Loaded {
    let config = lofte::cli::load::InputConfig {
        activities: Vec::new(),
        window: None,
        as_of: None,
        ingest: lofte::ingest::IngestOptions::default(),
    };
    lofte::cli::load::load(arg, &config).expect("load").output
}

/// The measurement a child process makes: prints "seconds peak_kib".
fn child(task: &str, arg: &Path) {
    let t = Instant::now();
    match task {
        "ingest-lofte" => {
            let input = lofte::ingest::LogInput {
                path: arg.to_path_buf(),
                display: "logg".to_owned(),
            };
            let mut sink = lofte::diag::Sink::default();
            let got = lofte::ingest::read_logs(
                &[input],
                &lofte::ingest::IngestOptions::default(),
                &mut sink,
            );
            assert!(!got.activities.is_empty(), "{:?}", sink.iter().next());
        }
        "ingest-refused" => {
            let input = lofte::ingest::LogInput {
                path: arg.to_path_buf(),
                display: "logg".to_owned(),
            };
            let mut sink = lofte::diag::Sink::default();
            lofte::ingest::read_logs(
                &[input],
                &lofte::ingest::IngestOptions::default(),
                &mut sink,
            );
            assert!(
                sink.errors()
                    .iter()
                    .any(|d| d.is_error() && d.to_string().contains("--max-cells")),
                "not refused"
            );
        }
        "ingest-floor" => {
            let cells = if arg.extension().is_some_and(|e| e == "csv") {
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(b';')
                    .from_path(arg)
                    .expect("open csv");
                let mut record = csv::ByteRecord::new();
                let mut cells = 0usize;
                while reader.read_byte_record(&mut record).expect("record") {
                    cells += record.len();
                }
                cells
            } else {
                use calamine::Reader;
                let mut book: calamine::Xlsx<_> = calamine::open_workbook(arg).expect("open xlsx");
                let name = book.sheet_names()[0].clone();
                let mut reader = book.worksheet_cells_reader(&name).expect("sheet");
                let mut cells = 0usize;
                while let Some(cell) = reader.next_cell().expect("cell") {
                    std::hint::black_box(&cell);
                    cells += 1;
                }
                cells
            };
            assert!(cells > 0);
        }
        "report" => {
            let out = arg.join("ut");
            let code = lofte::cli::run_args([
                "lofte".as_ref(),
                "report".as_ref(),
                arg.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
                "--quiet".as_ref(),
            ]);
            assert_eq!(code, 0);
        }
        "render-floor" => {
            // The document evaluated beforehand; only typst is timed: the
            // fonts parsed, the same template compiled from the same JSON,
            // the PDF written to memory.
            let loaded = load_agreement(arg);
            // As `lofte report` renders: PDF/A-3a with the results JSON
            // attached (serialised before the clock starts).
            let options = lofte::render::RenderOptions {
                standard: lofte::render::PdfStandard::A3a,
                attach_results: true,
                ..lofte::render::RenderOptions::default()
            };
            let json = lofte::render::results_file::results_json(&loaded.results).expect("json");
            let attachment = lofte::render::results_file::attachment(&json).expect("attachment");
            let t = Instant::now();
            let renderer = lofte::render::Renderer::new();
            let pdf = renderer
                .render_attaching(&loaded.results, &options, Some(attachment))
                .expect("render");
            assert!(pdf.pdf.len() > 1000);
            println!("{} {}", t.elapsed().as_secs_f64(), peak_kib());
            return;
        }
        "render-repeat" => {
            // One document rendered ten times in one process: the first
            // render pays what typst does once per process, the others
            // what a document costs in a batch (the results JSON serialised
            // and attached, as `lofte report` does); then without it.
            let loaded = load_agreement(arg);
            let results = &loaded.results;
            let renderer = lofte::render::Renderer::new();
            let time = |options: &lofte::render::RenderOptions| {
                let t = Instant::now();
                let pdf = renderer.render(results, options).expect("render");
                assert!(pdf.pdf.len() > 1000);
                t.elapsed().as_secs_f64()
            };
            let attached = lofte::render::RenderOptions {
                attach_results: true,
                ..lofte::render::RenderOptions::default()
            };
            let first = time(&attached);
            let mut next: Vec<f64> = (0..9).map(|_| time(&attached)).collect();
            let mut bare: Vec<f64> = (0..9)
                .map(|_| time(&lofte::render::RenderOptions::default()))
                .collect();
            next.sort_by(f64::total_cmp);
            bare.sort_by(f64::total_cmp);
            println!("{first} {} {} {}", next[4], bare[4], peak_kib());
            return;
        }
        "typst-bare" => {
            // What typst itself needs for the document: the same template,
            // data.json and results.json in a plain world whose fonts are
            // parsed up front, as a program using typst directly would.
            let loaded = load_agreement(arg);
            let results = &loaded.results;
            let data = lofte::render::Renderer::new()
                .data_json(results, &lofte::render::RenderOptions::default());
            let json = lofte::render::results_file::results_json(results).expect("json");
            let t = Instant::now();
            let pdf = bare::compile(data, json, results.as_of);
            assert!(pdf.len() > 1000);
            println!("{} {}", t.elapsed().as_secs_f64(), peak_kib());
            return;
        }
        other => panic!("unknown task {other}"),
    }
    println!("{} {}", t.elapsed().as_secs_f64(), peak_kib());
}

/// typst with nothing of lofte's around it.
mod bare {
    use chrono::Datelike;
    use std::collections::HashMap;
    use typst::diag::{FileError, FileResult};
    use typst::foundations::{Bytes, Datetime, Duration, Smart};
    use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
    use typst::text::{Font, FontBook};
    use typst::utils::LazyHash;
    use typst::{Library, LibraryExt, World};

    const FONTS: &[&[u8]] = &[
        include_bytes!("../fonts/Inter-Regular.otf"),
        include_bytes!("../fonts/Inter-Italic.otf"),
        include_bytes!("../fonts/Inter-SemiBold.otf"),
        include_bytes!("../fonts/Inter-Bold.otf"),
        include_bytes!("../fonts/Inter-BoldItalic.otf"),
        include_bytes!("../fonts/NotoSansArabic-Regular.ttf"),
        include_bytes!("../fonts/NotoSansArabic-Bold.ttf"),
        include_bytes!("../fonts/NotoSansHebrew-Regular.ttf"),
        include_bytes!("../fonts/NotoSansHebrew-Bold.ttf"),
        include_bytes!("../fonts/NotoSansEthiopic-Regular.ttf"),
        include_bytes!("../fonts/Symbola.ttf"),
    ];

    struct Bare {
        library: LazyHash<Library>,
        book: LazyHash<FontBook>,
        fonts: Vec<Font>,
        files: HashMap<FileId, Bytes>,
        main: FileId,
        today: Option<Datetime>,
    }

    fn id(name: &str) -> FileId {
        let path = VirtualPath::new(format!("/{name}")).expect("path");
        RootedPath::new(VirtualRoot::Project, path).intern()
    }

    impl World for Bare {
        fn library(&self) -> &LazyHash<Library> {
            &self.library
        }
        fn book(&self) -> &LazyHash<FontBook> {
            &self.book
        }
        fn main(&self) -> FileId {
            self.main
        }
        fn source(&self, id: FileId) -> FileResult<Source> {
            let bytes = self.file(id)?;
            let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_owned()))
        }
        fn file(&self, id: FileId) -> FileResult<Bytes> {
            self.files.get(&id).cloned().ok_or(FileError::AccessDenied)
        }
        fn font(&self, index: usize) -> Option<Font> {
            self.fonts.get(index).cloned()
        }
        fn today(&self, _: Option<Duration>) -> Option<Datetime> {
            self.today
        }
    }

    /// The default template compiled to PDF/A-3a + UA-1 from `data` with
    /// `results` attached, fonts parsed first.
    pub fn compile(data: Vec<u8>, results: Vec<u8>, as_of: chrono::NaiveDate) -> Vec<u8> {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|b| Font::iter(Bytes::new(*b)))
            .collect();
        let mut files = HashMap::new();
        files.insert(
            id("main.typ"),
            Bytes::new(include_bytes!("../templates/report/main.typ").to_vec()),
        );
        files.insert(id("data.json"), Bytes::new(data));
        files.insert(id("results.json"), Bytes::new(results));
        let today = Datetime::from_ymd(as_of.year(), as_of.month() as u8, as_of.day() as u8);
        let world = Bare {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            files,
            main: id("main.typ"),
            today,
        };
        let document = typst::compile::<typst_layout::PagedDocument>(&world)
            .output
            .expect("compiles");
        let standards = typst_pdf::PdfStandards::new(&[
            typst_pdf::PdfStandard::A_3a,
            typst_pdf::PdfStandard::Ua_1,
        ])
        .expect("standards");
        let options = typst_pdf::PdfOptions {
            ident: Smart::Auto,
            creator: Smart::Auto,
            timestamp: today.map(typst_pdf::Timestamp::new_utc),
            page_ranges: None,
            standards,
            tagged: true,
            pretty: false,
        };
        typst_pdf::pdf(&document, &options).expect("pdf")
    }
}

/// Runs `task` on `arg` in `runs` fresh processes: median seconds, largest
/// peak memory (KiB).
fn measure(task: &str, arg: &Path, runs: usize) -> (f64, u64) {
    let exe = std::env::current_exe().expect("own path");
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let out = Command::new(&exe)
            .args(["--child", task])
            .arg(arg)
            .output()
            .expect("child");
        assert!(
            out.status.success(),
            "{task}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let mut parts = text.split_whitespace();
        let secs: f64 = parts.next().and_then(|s| s.parse().ok()).expect("seconds");
        let kib: u64 = parts.next().and_then(|s| s.parse().ok()).expect("kib");
        times.push(secs);
        peak = peak.max(kib);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], peak)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn ingest() {
    println!("\n## Ingest: lofte against the floor (median of runs; peak RSS)\n");
    println!("| log | rows | floor s | lofte s | ratio | floor MiB | lofte MiB |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for ext in ["csv", "xlsx"] {
        for n in [10_000, 100_000, 1_000_000] {
            let file = log_file(n, ext);
            let runs = if n >= 1_000_000 { 3 } else { 5 };
            let (ft, fm) = measure("ingest-floor", &file, runs);
            let (lt, lm) = measure("ingest-lofte", &file, runs);
            println!(
                "| {ext} | {n} | {ft:.3} | {lt:.3} | {:.2}× | {:.1} | {:.1} |",
                lt / ft,
                mib(fm),
                mib(lm)
            );
        }
    }
}

/// The largest log the default limits accept, and one row more.
fn limits() {
    println!("\n## The largest accepted log (default --max-cells 12 000 000)\n");
    println!("| log | rows × columns | outcome | s | peak MiB |");
    println!("|---|---|---|---:|---:|");
    let largest = 1_999_999;
    // An xlsx sheet holds at most 1 048 576 rows, under the cell limit.
    for (ext, rows) in [("csv", largest), ("xlsx", 1_048_575)] {
        let file = log_file(rows, ext);
        let (t, m) = measure("ingest-lofte", &file, 1);
        println!(
            "| {ext} | {rows} × 6 ({} cells with the header) | read | {t:.2} | {:.0} |",
            (rows + 1) * 6,
            mib(m)
        );
    }
    let file = log_file(largest + 2, "csv");
    let (t, m) = measure("ingest-refused", &file, 1);
    println!(
        "| csv | {} × 6 | refused (over --max-cells) | {t:.2} | {:.0} |",
        largest + 2,
        mib(m)
    );
}

/// typst alone against lofte's render, on one document (an agreement
/// folder given as `LOFTE_BENCH_DOCUMENT`, default the Kalix sample).
fn render() {
    let dir = std::env::var_os("LOFTE_BENCH_DOCUMENT").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kalix"),
        PathBuf::from,
    );
    println!(
        "\n## Render: typst alone against lofte's render ({})\n",
        dir.display()
    );
    let (bare, bare_mem) = measure("typst-bare", &dir, 9);
    let (lofte, lofte_mem) = measure("render-floor", &dir, 9);
    println!("| measure | s | peak MiB |");
    println!("|---|---:|---:|");
    println!(
        "| typst alone (fonts parsed, compile, PDF) | {bare:.3} | {:.1} |",
        mib(bare_mem)
    );
    println!(
        "| lofte's render (Renderer::new + render) | {lofte:.3} | {:.1} |",
        mib(lofte_mem)
    );
    println!("\nratio: {:.2}×", lofte / bare);
}

/// What one document costs once the data is in: its first render in a
/// process, the next ones, and the next ones without the attachment.
fn document() {
    let dir = std::env::var_os("LOFTE_BENCH_DOCUMENT").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/kalix"),
        PathBuf::from,
    );
    println!(
        "\n## One document, rendered ten times in one process ({})\n",
        dir.display()
    );
    let lofte = std::env::current_exe().expect("this benchmark");
    let out = Command::new(lofte)
        .args(["--child", "render-repeat"])
        .arg(&dir)
        .output()
        .expect("child");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout);
    let f: Vec<f64> = line
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    println!("| measure | value |");
    println!("|---|---:|");
    println!("| first render in the process | {:.3} s |", f[0]);
    println!("| next renders (median of 9) | {:.3} s |", f[1]);
    println!(
        "| next renders without the results attachment | {:.3} s |",
        f[2]
    );
    println!("| peak memory | {:.1} MiB |", mib(f[3] as u64));
}

fn report() {
    println!("\n## One report end to end (10 000 rows, 12 promises)\n");
    let dir = data_dir().join("report-10k");
    if !dir.join("loften.toml").exists() {
        agreement(&dir, "Benchby", 10_000, 11);
    }
    let file = dir.join("logg.csv");
    let (ingest_floor, _) = measure("ingest-floor", &file, 7);
    let (render_floor, render_mem) = measure("render-floor", &dir, 7);
    let (whole, whole_mem) = measure("report", &dir, 7);
    println!("| measure | s | peak MiB |");
    println!("|---|---:|---:|");
    println!("| ingest floor (csv crate) | {ingest_floor:.3} | |");
    println!(
        "| render floor (typst, same JSON, in process) | {render_floor:.3} | {:.1} |",
        mib(render_mem)
    );
    println!(
        "| lofte report, end to end | {whole:.3} | {:.1} |",
        mib(whole_mem)
    );
    println!(
        "\nratio to the sum of the floors: {:.2}×",
        whole / (ingest_floor + render_floor)
    );
}

/// RSS of process `pid`, KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn batch() {
    println!("\n## Batch: 290 agreements of 5 000 rows, one process\n");
    let root = data_dir().join("batch-290");
    if !root.join("a289/loften.toml").exists() {
        eprintln!("  (writing 290 agreements)");
        for i in 0..290 {
            agreement(
                &root.join(format!("a{i:03}")),
                &format!("Kommun {i}"),
                5_000,
                100 + i as u64,
            );
        }
    }
    let out = data_dir().join("batch-out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("out");
    let lofte = Path::new(env!("CARGO_BIN_EXE_lofte"));
    let t = Instant::now();
    let mut child = Command::new(lofte)
        .arg("report")
        .arg(&root)
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("lofte");
    let pid = child.id();
    // Progress lines ("[n/290] … klar") arrive on stderr when it is not a
    // terminal; the RSS is sampled at each.
    let stderr = child.stderr.take().expect("stderr");
    let mut samples: Vec<(usize, u64)> = Vec::new();
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if let Some(n) = line
            .strip_prefix('[')
            .and_then(|l| l.split('/').next())
            .and_then(|n| n.parse::<usize>().ok())
            && let Some(kib) = rss_kib(pid)
        {
            samples.push((n, kib));
        }
    }
    let status = child.wait().expect("wait");
    let secs = t.elapsed().as_secs_f64();
    assert!(status.success());
    let at = |n: usize| {
        samples
            .iter()
            .filter(|(k, _)| *k <= n)
            .map(|(_, kib)| *kib)
            .max()
            .unwrap_or(0)
    };
    println!("| measure | value |");
    println!("|---|---:|");
    println!("| wall time | {secs:.1} s |");
    println!("| reports per second | {:.1} |", 290.0 / secs);
    for n in [10, 50, 100, 200, 290] {
        println!("| RSS by report {n} | {:.1} MiB |", mib(at(n)));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        let task = args.get(1).expect("task");
        let arg = args.get(2).expect("argument");
        child(task, Path::new(arg));
        return;
    }
    // `cargo bench` passes `--bench`; anything else names the parts to run.
    let wanted: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let run = |part: &str| wanted.is_empty() || wanted.contains(&part);
    println!(
        "# lofte benchmarks — lofte {}, {} cores",
        env!("CARGO_PKG_VERSION"),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if run("ingest") {
        ingest();
    }
    if run("limits") {
        limits();
    }
    if run("render") {
        render();
    }
    if run("document") {
        document();
    }
    if run("report") {
        report();
    }
    if run("batch") {
        batch();
    }
}

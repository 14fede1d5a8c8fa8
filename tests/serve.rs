//! `lofte serve` over HTTP: every route, and every refusal — wrong Host,
//! wrong Origin, no token, a path in an upload name, an upload over the
//! limit, a zip bomb, uploads and renders at once, a render past its time
//! limit — against the real binary on a free port.

mod support;

use std::path::Path;

use support::{Request, Server, kalix_folder, pdf_text, repo};

fn kalix_log() -> Vec<u8> {
    std::fs::read(repo().join("samples/kalix/aktiviteter.xlsx")).unwrap()
}

/// The text of the Location header, which every successful post answers
/// with.
fn location(r: &support::Response) -> String {
    assert_eq!(r.status, 303, "{}", r.text());
    r.header("location").unwrap().to_owned()
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out.sort();
    out
}

#[test]
fn every_request_needs_the_token_which_the_printed_address_sets_as_a_cookie() {
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert_eq!(server.token.len(), 64);

    for path in [
        "/",
        "/stil.css",
        "/sida.js",
        "/avtal/kalix",
        "/avtal/kalix/kontroll",
    ] {
        let bare = Request::new(&server.addr, "GET", path).send();
        assert_eq!(bare.status, 401, "{path} without the token");
        assert!(bare.text().contains("Nyckel saknas"), "{path}");
    }
    let wrong = Request::new(&server.addr, "GET", "/?t=0000").send();
    assert_eq!(wrong.status, 401);
    let wrong_cookie = Request::new(&server.addr, "GET", "/")
        .header("Cookie", &format!("{}0", server.cookie()))
        .send();
    assert_eq!(wrong_cookie.status, 401);
    // A post without the token writes nothing.
    let post = Request::new(&server.addr, "POST", "/avtal/kalix/rapport")
        .header("Origin", &format!("http://{}", server.addr))
        .form("fonster=&per=&sprak=sv")
        .send();
    assert_eq!(post.status, 401);
    assert!(!folder.path().join("kalix/rapporter").exists());

    // The printed address: the token becomes an HttpOnly, same-site cookie
    // and leaves the address bar.
    let first = Request::new(&server.addr, "GET", &format!("/?t={}", server.token)).send();
    assert_eq!(first.status, 303);
    assert_eq!(first.header("location"), Some("/"));
    let cookie = first.header("set-cookie").unwrap();
    assert!(cookie.starts_with(&server.cookie()), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );

    let page = server.get("/");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(
        html.contains("<a href=\"/avtal/kalix\">Kalix</a>"),
        "{html}"
    );
    assert!(html.contains("2022-01-01 – 2023-12-31"));
    assert!(html.contains("aktiviteter.xlsx"));
    assert!(html.contains("ingen ännu"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );

    let css = server.get("/stil.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.text().contains(":focus"));
    let js = server.get("/sida.js");
    assert_eq!(js.status, 200);
    assert!(js.text().contains("dataTransfer"));
    assert_eq!(server.get("/finns-inte").status, 404);
}

#[test]
fn a_request_for_another_host_name_is_refused() {
    // DNS rebinding: a page at evil.example resolves its name to 127.0.0.1;
    // the browser then sends Host: evil.example:PORT.
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &[]);
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".to_owned(),
        String::new(),
    ] {
        let r = server.req("GET", "/").host(&host).send();
        assert_eq!(r.status, 403, "Host {host:?}");
        assert!(r.text().contains("Fel adress"));
    }
    assert_eq!(
        server
            .req("GET", "/")
            .host(&format!("localhost:{port}"))
            .send()
            .status,
        200
    );

    // --allow-host names a reverse proxy's host.
    let proxied = Server::start(folder.path(), &["--allow-host", "lofte.kommun.example"]);
    let r = proxied.req("GET", "/").host("lofte.kommun.example").send();
    assert_eq!(r.status, 200);
    let r = proxied
        .req("POST", "/avtal/kalix/rapport")
        .host("lofte.kommun.example")
        .header("Origin", "https://lofte.kommun.example")
        .form("fonster=2023&per=&sprak=sv")
        .send();
    assert_eq!(r.status, 303, "{}", r.text());
}

#[test]
fn a_post_from_another_site_is_refused_and_writes_nothing() {
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &[]);
    let report = || {
        server
            .req("POST", "/avtal/kalix/rapport")
            .form("fonster=&per=&sprak=sv")
    };
    let r = report().header("Origin", "http://evil.example").send();
    assert_eq!(r.status, 403);
    assert!(r.text().contains("en annan webbplats"));
    let r = report().header("Origin", "null").send();
    assert_eq!(r.status, 403);
    let r = report()
        .without("Origin")
        .header("Referer", "http://evil.example/page")
        .send();
    assert_eq!(r.status, 403);
    let r = report().header("Sec-Fetch-Site", "cross-site").send();
    assert_eq!(r.status, 403);
    // Following a link to the printed address from another site (a chat,
    // a mail) is a cross-site GET: it works.
    let link = Request::new(&server.addr, "GET", &format!("/?t={}", server.token))
        .header("Sec-Fetch-Site", "cross-site")
        .send();
    assert_eq!(link.status, 303);
    let upload = server
        .req("POST", "/avtal/kalix/loggar")
        .header("Origin", "http://evil.example")
        .multipart(&[("filer", Some("x.csv"), b"Datum;Antal\n2023-01-01;1\n")])
        .send();
    assert_eq!(upload.status, 403);
    assert!(!folder.path().join("kalix/rapporter").exists());
    assert!(!folder.path().join("kalix/x.csv").exists());
    // The same post from the page itself goes through.
    let r = report()
        .header("Referer", &format!("http://{}/avtal/kalix", server.addr))
        .send();
    assert_eq!(r.status, 303, "{}", r.text());
}

#[test]
fn the_agreement_page_shows_logs_check_and_report_and_unknown_ones_are_not_found() {
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &[]);
    let html = server.get("/avtal/kalix").text();
    for needle in [
        "<h1>Kalix</h1>",
        "Lokalpolisområde Östra Norrbotten",
        "<th scope=\"row\">aktiviteter.xlsx</th>",
        "<strong>0 fel, 0 varningar.</strong>",
        "<th scope=\"row\">K1</th><td>minst tre medborgarkontakter i snitt per vecka</td><td>i snitt 1,33 medborgarkontakter per vecka</td><td class=\"status-not_met\">✗ Ej uppfyllt</td>",
        "<td class=\"status-no_data\">⚠ Underlag saknas</td>",
        "<label for=\"filer\">Välj loggar att ladda upp</label>",
        "<option value=\"2023\">2023</option>",
        "<button type=\"submit\" id=\"skapa\">Skapa rapport</button>",
    ] {
        assert!(html.contains(needle), "page lacks {needle:?}");
    }
    // The English page said the outcomes in Swedish. The target stays as
    // the agreement writes it; the outcome is the English report's.
    let en = server.get("/avtal/kalix?lang=en").text();
    assert!(
        en.contains(
            "<th scope=\"row\">K1</th><td>minst tre medborgarkontakter i snitt per vecka</td><td>on average 1.33 medborgarkontakter per week</td>"
        ),
        "{en}"
    );
    let fragment = server.get("/avtal/kalix/kontroll").text();
    assert!(fragment.starts_with("<p class=\"ok\"><strong>0 fel, 0 varningar.</strong>"));
    assert!(!fragment.contains("<html"));
    let stamp = server.get("/avtal/kalix/andrad").text();
    assert_eq!(stamp.len(), 16);
    assert_eq!(server.get("/avtal/kalix/andrad").text(), stamp);
    std::fs::write(folder.path().join("kalix/ny.txt"), "x").unwrap();
    assert_ne!(server.get("/avtal/kalix/andrad").text(), stamp);

    for path in [
        "/avtal/nope",
        "/avtal/..",
        "/avtal/..%2F..%2Fetc",
        "/avtal/kalix/rapporter/loften.toml",
        "/avtal/kalix/rapporter/..%2Floften.toml",
        "/avtal/kalix/rapporter/%2Fetc%2Fpasswd",
    ] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }

    // English, remembered in a cookie.
    let en = server.get("/avtal/kalix?lang=en");
    let html = en.text();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<strong>0 errors, 0 warnings.</strong>"));
    assert!(html.contains("✗ Not met"));
    assert!(
        en.all("set-cookie")
            .iter()
            .any(|c| c.starts_with("lofte-lang=en"))
    );
}

#[test]
fn upload_the_log_see_the_check_make_the_report_and_download_it() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    std::fs::remove_file(dir.join("aktiviteter.xlsx")).unwrap();
    let server = Server::start(folder.path(), &[]);

    let before = server.get("/avtal/kalix").text();
    assert!(
        before.contains("<strong>1 fel, 0 varningar.</strong>"),
        "{before}"
    );
    assert!(before.contains(&html_escaped(
        lofte::render::problem_words::problem_words(lofte::diag::Code::MissingFile).what
    )));
    assert!(
        before.contains("<td>aktiviteter.xlsx</td>"),
        "the file is named without its folder"
    );
    assert!(
        !before.contains(&folder.path().display().to_string()),
        "no local folders shown"
    );
    assert!(before.contains("<button type=\"submit\" id=\"skapa\" disabled>"));

    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("aktiviteter.xlsx"), &kalix_log())])
        .send();
    assert_eq!(
        location(&r),
        "/avtal/kalix?sparad=aktiviteter.xlsx#kontroll"
    );
    assert_eq!(
        std::fs::read(dir.join("aktiviteter.xlsx")).unwrap(),
        kalix_log()
    );
    assert!(!dir.join("tidigare").exists(), "nothing was replaced");
    let after = server.get("/avtal/kalix?sparad=aktiviteter.xlsx").text();
    assert!(after.contains("Sparad: aktiviteter.xlsx."));
    assert!(after.contains("<strong>0 fel, 0 varningar.</strong>"));

    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=&per=&sprak=sv")
        .send();
    assert_eq!(
        location(&r),
        "/avtal/kalix?rapport=uppfoljning-kalix-2022-2023.pdf#rapport"
    );
    let page = server
        .get("/avtal/kalix?rapport=uppfoljning-kalix-2022-2023.pdf")
        .text();
    assert!(page.contains("Ladda ner PDF"));
    assert!(page.contains("Ladda ner JSON"));
    assert!(page.contains(
        "<object data=\"/avtal/kalix/rapporter/uppfoljning-kalix-2022-2023.pdf?visa=1\""
    ));

    let pdf = server.get("/avtal/kalix/rapporter/uppfoljning-kalix-2022-2023.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(
        pdf.header("content-disposition"),
        Some("attachment; filename=\"uppfoljning-kalix-2022-2023.pdf\"")
    );
    let text = pdf_text(&pdf.body);
    assert!(
        text.contains("i snitt 1,33 medborgarkontakter per vecka"),
        "{text}"
    );
    let inline = server.get("/avtal/kalix/rapporter/uppfoljning-kalix-2022-2023.pdf?visa=1");
    assert!(
        inline
            .header("content-disposition")
            .unwrap()
            .starts_with("inline")
    );
    let json = server.get("/avtal/kalix/rapporter/uppfoljning-kalix-2022-2023.json");
    assert_eq!(json.header("content-type"), Some("application/json"));
    let value: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    assert_eq!(value["summary"]["met"], 1);
    assert_eq!(value["version"], 1);

    // The same report as the command line writes.
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(support::binary())
        .args(["report", "-q", "-o"])
        .arg(out.path())
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        std::fs::read(out.path().join("uppfoljning-kalix-2022-2023.pdf")).unwrap(),
        pdf.body,
        "serve and report write the same bytes"
    );

    // The overview now shows the last report.
    let overview = server.get("/").text();
    assert!(
        overview.contains(
            "<a href=\"/avtal/kalix?rapport=uppfoljning-kalix-2022-2023.pdf#rapport\">version 1</a>, per 2023-12-31, skapad 20"
        ),
        "{overview}"
    );
    assert!(
        overview.contains("1 ✓ Uppfyllt, 2 ◇ Delvis uppfyllt"),
        "{overview}"
    );
}

/// The page said "◐ Delvis uppfyllt" and "✎ Redovisas i text" where the
/// PDF it made says "◇ Delvis uppfyllt" and "■ Redovisas i text": a
/// status is now written with one symbol wherever lofte writes it.
#[test]
fn the_page_and_its_report_mark_each_status_with_one_symbol() {
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &[]);
    let page = server.get("/avtal/kalix").text();
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(support::binary())
        .args(["report", "-q", "-o"])
        .arg(out.path().join("r.pdf"))
        .arg(folder.path().join("kalix"))
        .status()
        .unwrap();
    assert!(status.success());
    let pdf = support::pdf_text(&std::fs::read(out.path().join("r.pdf")).unwrap());
    // The symbol before " Ej uppfyllt" (and so on) wherever one stands
    // there: arrows, shapes, dingbats (U+2190 on), not the punctuation
    // before a status in running text.
    let symbols = |text: &str, label: &str| -> std::collections::BTreeSet<char> {
        text.match_indices(&format!(" {label}"))
            .filter_map(|(at, _)| text[..at].chars().next_back())
            .filter(|c| u32::from(*c) >= 0x2190)
            .collect()
    };
    for label in [
        "Uppfyllt",
        "Delvis uppfyllt",
        "Ej uppfyllt",
        "Redovisas i text",
        "Underlag saknas",
    ] {
        let on_page = symbols(&page, label);
        assert_eq!(on_page.len(), 1, "{label} on the page: {on_page:?}");
        assert_eq!(on_page, symbols(&pdf, label), "{label}");
    }
}

#[test]
fn replacing_a_log_asks_first_and_keeps_the_old_one_as_a_dated_copy() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    let server = Server::start(folder.path(), &[]);
    let old = kalix_log();
    let new = std::fs::read(repo().join("samples/overkalix/aktiviteter.xlsx")).unwrap();

    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("aktiviteter.xlsx"), &new)])
        .send();
    assert_eq!(r.status, 409);
    let html = r.text();
    assert!(html.contains("Ersätta filen?"));
    assert_eq!(
        std::fs::read(dir.join("aktiviteter.xlsx")).unwrap(),
        old,
        "not replaced yet"
    );
    let key = html
        .split("name=\"nyckel\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();

    // Cancel: nothing changes, the parked upload is gone.
    let r = server
        .req("POST", "/avtal/kalix/loggar/bekrafta")
        .form(&format!("nyckel={key}&val=avbryt"))
        .send();
    assert_eq!(location(&r), "/avtal/kalix#loggar");
    assert_eq!(std::fs::read(dir.join("aktiviteter.xlsx")).unwrap(), old);
    assert!(files_under(&dir).iter().all(|f| !f.contains(&key)));

    // Ask again and say yes.
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("aktiviteter.xlsx"), &new)])
        .send();
    let key = r
        .text()
        .split("name=\"nyckel\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    // A key naming another file is ignored.
    let r = server
        .req("POST", "/avtal/kalix/loggar/bekrafta")
        .form("nyckel=00-..%2Floften.toml&val=ersatt")
        .send();
    assert_eq!(location(&r), "/avtal/kalix#loggar");
    let r = server
        .req("POST", "/avtal/kalix/loggar/bekrafta")
        .form(&format!("nyckel={key}&val=ersatt"))
        .send();
    assert_eq!(
        location(&r),
        "/avtal/kalix?sparad=aktiviteter.xlsx#kontroll"
    );
    assert_eq!(std::fs::read(dir.join("aktiviteter.xlsx")).unwrap(), new);
    let copies: Vec<_> = std::fs::read_dir(dir.join("tidigare")).unwrap().collect();
    assert_eq!(copies.len(), 1);
    let copy = copies[0].as_ref().unwrap().path();
    let name = copy.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("aktiviteter-20") && name.ends_with(".xlsx"),
        "{name}"
    );
    assert_eq!(std::fs::read(&copy).unwrap(), old);

    // With "replace without asking" ticked, the third version goes straight in.
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[
            ("ersatt", None, b"ja"),
            ("filer", Some("aktiviteter.xlsx"), &old),
        ])
        .send();
    assert_eq!(r.status, 303);
    assert_eq!(std::fs::read(dir.join("aktiviteter.xlsx")).unwrap(), old);
    assert_eq!(std::fs::read_dir(dir.join("tidigare")).unwrap().count(), 2);
}

#[test]
fn an_upload_name_with_a_path_is_saved_inside_the_agreement_folder() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    let server = Server::start(folder.path(), &[]);
    let csv = "Datum;Löfte;Antal;Aktivitet;Ansvarig\n2023-05-10;K9;1;Trygghetsvandring;Polisen och kommunen\n";
    let toml_before = std::fs::read_to_string(dir.join("loften.toml")).unwrap();
    for raw in [
        "../../utanfor.csv",
        "..\\..\\utanfor.csv",
        "/etc/utanfor.csv",
    ] {
        let r = server
            .req("POST", "/avtal/kalix/loggar")
            .multipart(&[
                ("ersatt", None, b"ja"),
                ("filer", Some(raw), csv.as_bytes()),
            ])
            .send();
        assert_eq!(r.status, 303, "{raw}: {}", r.text());
    }
    assert!(!folder.path().join("utanfor.csv").exists());
    assert!(!folder.path().parent().unwrap().join("utanfor.csv").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("utanfor.csv")).unwrap(),
        csv
    );
    // The new log is added to the promise file once; the earlier promise
    // file is kept.
    let toml = std::fs::read_to_string(dir.join("loften.toml")).unwrap();
    assert!(
        toml.contains("loggar = [\"aktiviteter.xlsx\", \"utanfor.csv\"]"),
        "{toml}"
    );
    assert_eq!(toml.matches("utanfor.csv").count(), 1);
    let kept: Vec<String> = files_under(&dir.join("tidigare"));
    assert!(kept.iter().any(|f| f.contains("loften-20")), "{kept:?}");
    let copy = kept.iter().find(|f| f.contains("loften-20")).unwrap();
    assert_eq!(std::fs::read_to_string(copy).unwrap(), toml_before);
    // And it is counted: K9 now has its walk.
    let html = server.get("/avtal/kalix").text();
    assert!(html.contains("<th scope=\"row\">utanfor.csv</th>"));
    assert!(!html.contains("⚠ Underlag saknas"), "K9 has a row now");

    for (raw, status) in [
        ("..", 400),
        (".hemlig.csv", 400),
        ("virus.exe", 400),
        ("loften.toml", 400),
    ] {
        let r = server
            .req("POST", "/avtal/kalix/loggar")
            .multipart(&[("filer", Some(raw), b"x")])
            .send();
        assert_eq!(r.status, status, "{raw}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("loften.toml")).unwrap(),
        toml
    );
}

#[test]
fn an_upload_over_the_size_limit_is_refused() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    let server = Server::start(folder.path(), &["--max-file-mb", "1"]);
    let big = vec![b'x'; 1024 * 1024 + 10];
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("stor.csv"), &big)])
        .send();
    assert_eq!(r.status, 413);
    assert!(r.text().contains("Filen är för stor"), "{}", r.text());
    assert!(!dir.join("stor.csv").exists());
    // A body announced far over the limit is refused before it is sent.
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .header(
            "Content-Type",
            &format!("multipart/form-data; boundary={}", support::BOUNDARY),
        )
        .send_expecting(500 * 1024 * 1024);
    assert_eq!(r.status, 413);
    // Under the limit is fine.
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("liten.csv"), b"Datum;Antal\n2023-01-01;1\n")])
        .send();
    assert_eq!(r.status, 303, "{}", r.text());
}

#[test]
fn a_zip_bomb_is_refused_and_the_log_it_would_replace_is_kept() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    let server = Server::start(folder.path(), &["--max-unzipped-mb", "100"]);
    let bomb = std::fs::read(repo().join("tests/fixtures/bad/bomb.xlsx")).unwrap();
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[
            ("ersatt", None, b"ja"),
            ("filer", Some("aktiviteter.xlsx"), &bomb),
        ])
        .send();
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("Filen sparades inte"));
    assert!(
        html.contains(&html_escaped(
            lofte::render::problem_words::problem_words(lofte::diag::Code::UnreadableWorkbook).what
        )),
        "{html}"
    );
    let en = server
        .req("POST", "/avtal/kalix/loggar")
        .header("Cookie", &format!("{}; lofte-lang=en", server.cookie()))
        .multipart(&[
            ("ersatt", None, b"ja"),
            ("filer", Some("aktiviteter.xlsx"), &bomb),
        ])
        .send();
    assert!(
        en.text()
            .contains("unpacks to 200 MiB, over the limit of 100 MiB"),
        "{}",
        en.text()
    );
    assert_eq!(
        std::fs::read(dir.join("aktiviteter.xlsx")).unwrap(),
        kalix_log()
    );
    assert!(!dir.join("tidigare").exists());
    // The server still answers.
    assert_eq!(server.get("/avtal/kalix").status, 200);
}

#[test]
fn uploads_and_renders_at_once_leave_a_matching_pdf_and_json_and_no_temporary_files() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    let server = Server::start(folder.path(), &[]);
    let log = kalix_log();
    let statuses: Vec<(char, u16)> = std::thread::scope(|s| {
        let mut handles = Vec::new();
        for i in 0..8 {
            let server = &server;
            let log = &log;
            handles.push(s.spawn(move || {
                if i % 2 == 0 {
                    let r = server
                        .req("POST", "/avtal/kalix/rapport")
                        .form("fonster=&per=&sprak=sv")
                        .send();
                    ('r', r.status)
                } else {
                    let r = server
                        .req("POST", "/avtal/kalix/loggar")
                        .multipart(&[
                            ("ersatt", None, b"ja"),
                            ("filer", Some("aktiviteter.xlsx"), log),
                        ])
                        .send();
                    ('u', r.status)
                }
            }));
        }
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (kind, status) in &statuses {
        match kind {
            // A render runs, or is told another one is running.
            'r' => assert!(*status == 303 || *status == 409, "render {status}"),
            _ => assert_eq!(*status, 303, "upload"),
        }
    }
    assert!(statuses.iter().any(|(k, s)| *k == 'r' && *s == 303));
    let files = files_under(&dir);
    assert!(files.iter().all(|f| !f.ends_with(".tmp")), "{files:?}");
    assert_eq!(std::fs::read(dir.join("aktiviteter.xlsx")).unwrap(), log);
    let pdf = std::fs::read(dir.join("rapporter/uppfoljning-kalix-2022-2023.pdf")).unwrap();
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("rapporter/uppfoljning-kalix-2022-2023.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        json["version"], 1,
        "the same data never makes a new version"
    );
    assert!(pdf_text(&pdf).contains("i snitt 1,33 medborgarkontakter per vecka"));
    // A busy answer says so.
    let locked = statuses.iter().filter(|(_, s)| *s == 409).count();
    println!("{locked} of 4 renders were told another was running");
}

#[test]
fn a_failed_render_never_replaces_the_last_good_pdf() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    let server = Server::start(folder.path(), &[]);
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=&per=&sprak=sv")
        .send();
    assert_eq!(r.status, 303);
    let pdf_path = dir.join("rapporter/uppfoljning-kalix-2022-2023.pdf");
    let good = std::fs::read(&pdf_path).unwrap();

    // A log with a date that does not exist: an error naming the cell.
    let bad = "Datum;Löfte;Antal\n2023-02-30;K1;1\n";
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("fel.csv"), bad.as_bytes())])
        .send();
    assert_eq!(
        r.status, 303,
        "a log with bad cells is saved, so the check can show them"
    );
    let html = server.get("/avtal/kalix").text();
    assert!(
        html.contains("<strong>1 fel, 0 varningar.</strong>"),
        "{html}"
    );
    assert!(
        html.contains("<td>fel.csv</td><td></td><td>A2</td>"),
        "{html}"
    );

    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=&per=&sprak=sv")
        .send();
    assert_eq!(r.status, 422);
    let page = r.text();
    assert!(page.contains("Rapporten kunde inte skapas"));
    assert!(page.contains("fel.csv"));
    assert_eq!(std::fs::read(&pdf_path).unwrap(), good);
    assert!(!dir.join("rapporter/tidigare").exists());

    // Past the time limit: nothing is written either.
    std::fs::remove_file(dir.join("fel.csv")).unwrap();
    let toml = std::fs::read_to_string(dir.join("loften.toml")).unwrap();
    std::fs::write(dir.join("loften.toml"), toml.replace(", \"fel.csv\"", "")).unwrap();
    let slow = Server::start(folder.path(), &["--render-timeout", "0"]);
    let r = slow
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=2023&per=&sprak=sv")
        .send();
    assert_eq!(r.status, 504, "{}", r.text());
    assert!(r.text().contains("Rapporten tog för lång tid"));
    drop(slow);
    assert!(!dir.join("rapporter/uppfoljning-kalix-2023.pdf").exists());
    assert_eq!(std::fs::read(&pdf_path).unwrap(), good);
}

#[test]
fn a_new_version_only_when_the_data_changed_with_the_earlier_one_kept() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    let server = Server::start(folder.path(), &[]);
    let report = || {
        server
            .req("POST", "/avtal/kalix/rapport")
            .form("fonster=&per=&sprak=sv")
            .send()
    };
    assert_eq!(
        location(&report()),
        "/avtal/kalix?rapport=uppfoljning-kalix-2022-2023.pdf#rapport"
    );
    let v1 = std::fs::read(dir.join("rapporter/uppfoljning-kalix-2022-2023.pdf")).unwrap();
    assert_eq!(
        location(&report()),
        "/avtal/kalix?oforandrad=uppfoljning-kalix-2022-2023.pdf#rapport"
    );
    assert!(
        server
            .get("/avtal/kalix?oforandrad=uppfoljning-kalix-2022-2023.pdf")
            .text()
            .contains("Inget har ändrats sedan den senaste versionen")
    );
    assert!(!dir.join("rapporter/tidigare").exists());

    let csv = "Datum;Löfte;Antal;Aktivitet;Ansvarig\n2023-05-10;K9;1;Trygghetsvandring;Polisen och kommunen\n";
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("vandring.csv"), csv.as_bytes())])
        .send();
    assert_eq!(r.status, 303);
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form(
            "fonster=&per=&sprak=sv\
             &anteckning=R%C3%A4ttad+efter+trygghetsvandringen%0D%0A%0D%0AEn+rad+till",
        )
        .send();
    assert_eq!(
        location(&r),
        "/avtal/kalix?rapport=uppfoljning-kalix-2022-2023.pdf#rapport"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("rapporter/uppfoljning-kalix-2022-2023.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(json["changes"]["since_version"], 1);
    // The note goes into the change record of version 2.
    let last = &json["history"][1];
    assert_eq!(last["version"], 2);
    assert_eq!(
        last["notes"],
        serde_json::json!(["Rättad efter trygghetsvandringen", "En rad till"])
    );
    assert_eq!(
        std::fs::read(dir.join("rapporter/tidigare/uppfoljning-kalix-2022-2023-v1.pdf")).unwrap(),
        v1
    );
    let page = server
        .get("/avtal/kalix?rapport=uppfoljning-kalix-2022-2023.pdf")
        .text();
    assert!(page.contains("Ändringar sedan version 1"), "{page}");
    let text =
        pdf_text(&std::fs::read(dir.join("rapporter/uppfoljning-kalix-2022-2023.pdf")).unwrap());
    assert!(
        text.contains("Version 2") || text.contains("version 2"),
        "{text}"
    );

    // A window of one's own; half a window is refused.
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=&fran=2022-01-01&till=2022-06-30&per=&sprak=sv")
        .send();
    assert_eq!(
        location(&r),
        "/avtal/kalix?rapport=uppfoljning-kalix-2022-01-01--2022-06-30.pdf#rapport"
    );
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=&fran=2022-01-01&till=&per=&sprak=sv")
        .send();
    assert_eq!(r.status, 400);
    assert!(r.text().contains("fyll i både Från och Till"));

    // English goes beside it, not over it.
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=2023&per=2023-06-30&sprak=en")
        .send();
    assert_eq!(
        location(&r),
        "/avtal/kalix?rapport=uppfoljning-kalix-2023-en.pdf#rapport"
    );
    let text =
        pdf_text(&std::fs::read(dir.join("rapporter/uppfoljning-kalix-2023-en.pdf")).unwrap());
    assert!(text.contains("In progress"), "{text}");
}

#[test]
fn read_only_serves_reports_and_accepts_nothing() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    {
        let server = Server::start(folder.path(), &[]);
        let r = server
            .req("POST", "/avtal/kalix/rapport")
            .form("fonster=&per=&sprak=sv")
            .send();
        assert_eq!(r.status, 303);
    }
    let before = files_under(folder.path());
    let server = Server::start(folder.path(), &["--read-only"]);
    let html = server.get("/avtal/kalix").text();
    assert!(!html.contains("<form"), "no forms in read-only mode");
    assert!(html.contains("uppfoljning-kalix-2022-2023.pdf"));
    assert!(server.get("/").text().contains("Skrivskyddat läge"));
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("x.csv"), b"Datum;Antal\n2023-01-01;1\n")])
        .send();
    assert_eq!(r.status, 403);
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=2023&per=&sprak=sv")
        .send();
    assert_eq!(r.status, 403);
    let r = server
        .req("POST", "/avtal/kalix/loggar/bekrafta")
        .form("nyckel=00-x.csv&val=ersatt")
        .send();
    assert_eq!(r.status, 403);
    let pdf = server.get("/avtal/kalix/rapporter/uppfoljning-kalix-2022-2023.pdf");
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF"));
    assert_eq!(files_under(folder.path()), before, "nothing written");
    assert!(dir.join("aktiviteter.xlsx").is_file());
}

#[test]
fn listening_elsewhere_warns_and_a_missing_folder_is_a_usage_error() {
    let out = std::process::Command::new(support::binary())
        .args(["serve", "/finns/inte"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/finns/inte is not a folder"));

    let folder = kalix_folder();
    let mut child = std::process::Command::new(support::binary())
        .arg("serve")
        .arg(folder.path())
        .args(["--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.starts_with("warning: lofte serve listens on 127.0.0.1:"),
        "{line}"
    );
    assert!(line.contains("reverse proxy"), "{line}");
}

/// Every form field of every page has a label, every table a caption and
/// column headers, every page one h1 and a language: checked on the pages
/// as served, in both languages.
#[test]
fn every_field_is_labelled_and_every_table_captioned() {
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &[]);
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=&per=&sprak=sv")
        .send();
    assert_eq!(r.status, 303);
    let conflict = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("aktiviteter.xlsx"), &kalix_log())])
        .send()
        .text();
    let mut pages = vec![conflict, server.get("/nytt").text()];
    let kalix_text = std::fs::read(repo().join("tests/fixtures/init/kalix.txt")).unwrap();
    pages.push(
        server
            .req("POST", "/nytt")
            .multipart(&[
                ("mapp", None, b"ny"),
                ("fil", Some("kalix.txt"), &kalix_text),
            ])
            .send()
            .text(),
    );
    for lang in ["sv", "en"] {
        for path in [
            "/",
            "/avtal/kalix",
            "/avtal/kalix?rapport=uppfoljning-kalix-2022-2023.pdf",
        ] {
            let sep = if path.contains('?') { '&' } else { '?' };
            pages.push(server.get(&format!("{path}{sep}lang={lang}")).text());
        }
    }
    let mut fields = 0;
    let mut per_page = Vec::new();
    for html in &pages {
        per_page.push(fields);
        assert!(
            html.contains("<html lang=\"sv\">") || html.contains("<html lang=\"en\">"),
            "{html}"
        );
        assert_eq!(html.matches("<h1>").count(), 1, "{html}");
        assert!(html.contains("<a class=\"hoppa\" href=\"#innehall\">"));
        for field in html
            .split("<input")
            .skip(1)
            .chain(html.split("<select").skip(1))
            .chain(html.split("<textarea").skip(1))
        {
            let tag = field.split('>').next().unwrap();
            if tag.contains("type=\"hidden\"") {
                continue;
            }
            let id = tag
                .split("id=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_else(|| panic!("a field without id: {tag}"));
            assert!(
                html.contains(&format!("<label for=\"{id}\"")),
                "no label for {id}"
            );
            fields += 1;
        }
        let tables = html.matches("<table").count();
        assert_eq!(html.matches("<caption>").count(), tables, "{html}");
        assert_eq!(html.matches("<thead>").count(), tables);
        assert!(!html.contains("<th>"), "every th has a scope");
        assert!(
            !html.contains("style="),
            "no inline style (the CSP forbids it)"
        );
        assert!(
            !html.contains("<script>"),
            "no inline script (the CSP forbids it)"
        );
    }
    // filer, ersatt, fonster, fran, till, per, sprak-sv, sprak-en,
    // anteckning on four agreement pages; mapp, text, fil on the
    // new-agreement form; toml on the draft.
    assert_eq!(fields, 40, "{per_page:?}");
}

/// `lofte serve samples` serves the five bundled agreements (read-only
/// here, so the test writes nothing into the repository).
#[test]
fn the_samples_folder_is_served() {
    let server = Server::start(&repo().join("samples"), &["--read-only"]);
    let html = server.get("/").text();
    for kommun in ["Haparanda", "Jokkmokk", "Kalix", "Norsjö", "Överkalix"] {
        assert!(html.contains(&format!(">{kommun}</a>")), "{kommun} missing");
    }
    assert!(html.contains("polisen.xlsx<br>kommunen.csv"), "{html}");
    let jokkmokk = server.get("/avtal/jokkmokk").text();
    assert!(
        jokkmokk.contains("<strong>0 fel, 0 varningar.</strong>"),
        "{jokkmokk}"
    );
}

/// The value of the textarea `id` in `html`, unescaped.
fn textarea(html: &str, id: &str) -> String {
    let start = html.find(&format!("<textarea id=\"{id}\"")).unwrap();
    let open = start + html[start..].find('>').unwrap() + 1;
    let close = open + html[open..].find("</textarea>").unwrap();
    html[open..close]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn a_new_agreement_is_drafted_from_its_text_shown_and_saved_only_when_confirmed() {
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &[]);
    assert!(
        server
            .get("/")
            .text()
            .contains("<a class=\"knapp\" href=\"/nytt\">Nytt avtal</a>")
    );
    let form = server.get("/nytt");
    assert_eq!(form.status, 200);
    assert!(
        form.text()
            .contains("<label for=\"text\">Avtalets text</label>")
    );

    // Pasted text.
    let text = std::fs::read_to_string(repo().join("tests/fixtures/init/kalix.txt")).unwrap();
    let r = server
        .req("POST", "/nytt")
        .multipart(&[("mapp", None, b"kalix-ny"), ("text", None, text.as_bytes())])
        .send();
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    let expected = lofte::init::draft(&text);
    assert!(html.contains("<h1>Utkast till avtalsfil</h1>"));
    assert!(
        html.contains(&format!("lofte hittade {} löften", expected.promises)),
        "{html}"
    );
    assert!(!expected.guesses.is_empty());
    for guess in &expected.guesses {
        assert!(
            html.contains(&format!("<tr><th scope=\"row\">{}</th>", guess.line)),
            "guess on line {} not shown",
            guess.line
        );
    }
    assert_eq!(textarea(&html, "toml"), expected.toml);
    assert!(
        !folder.path().join("kalix-ny").exists(),
        "nothing saved before confirming"
    );

    // The same from a Word document.
    let docx = std::fs::read(repo().join("tests/fixtures/init/haparanda.docx")).unwrap();
    let r = server
        .req("POST", "/nytt")
        .multipart(&[
            ("mapp", None, b"haparanda"),
            ("fil", Some("haparanda.docx"), &docx),
        ])
        .send();
    assert_eq!(r.status, 200);
    assert!(textarea(&r.text(), "toml").contains("Haparanda"));

    // Bad names and existing folders are refused; a file lofte cannot read
    // says why.
    for (name, status) in [("../ut", 400), (".dold", 400), ("", 400), ("kalix", 409)] {
        let r = server
            .req("POST", "/nytt")
            .multipart(&[
                ("mapp", None, name.as_bytes()),
                ("text", None, text.as_bytes()),
            ])
            .send();
        assert_eq!(r.status, status, "{name:?}");
    }
    let r = server
        .req("POST", "/nytt")
        .multipart(&[
            ("mapp", None, b"x"),
            ("fil", Some("avtal.pdf"), b"%PDF-1.7"),
        ])
        .send();
    assert_eq!(r.status, 422);
    assert!(
        r.text().contains("lofte init läser .txt, .md och .docx"),
        "{}",
        r.text()
    );

    // Confirm, with a correction made on the page.
    let toml = expected
        .toml
        .replacen("kommun = ", "# rättat på sidan\nkommun = ", 1);
    let r = server
        .req("POST", "/nytt/spara")
        .form(&format!("mapp=kalix-ny&toml={}", form_encode(&toml)))
        .send();
    assert_eq!(location(&r), "/avtal/kalix-ny#loggar");
    let saved = folder.path().join("kalix-ny/loften.toml");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), toml);
    // Never over an existing folder.
    let r = server
        .req("POST", "/nytt/spara")
        .form("mapp=kalix-ny&toml=x")
        .send();
    assert_eq!(r.status, 409);
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), toml);
    let r = server
        .req("POST", "/nytt/spara")
        .form("mapp=..&toml=x")
        .send();
    assert_eq!(r.status, 400);

    // The new agreement is listed, and asks for its logs.
    assert!(
        server
            .get("/")
            .text()
            .contains("<a href=\"/avtal/kalix-ny\">")
    );
    let page = server.get("/avtal/kalix-ny").text();
    assert!(page.contains("Avtalet har inga loggar än."), "{page}");

    // Read-only: no new agreements.
    let ro = Server::start(folder.path(), &["--read-only"]);
    assert_eq!(ro.get("/nytt").status, 403);
    assert!(!ro.get("/").text().contains("href=\"/nytt\""));
}

#[test]
fn the_log_template_is_the_workbook_lofte_logg_writes() {
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &["--read-only"]);
    let page = server.get("/avtal/kalix").text();
    assert!(page.contains("href=\"/avtal/kalix/loggmall\" download>Ladda ner loggmall</a>"));
    let r = server.get("/avtal/kalix/loggmall");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-disposition"),
        Some("attachment; filename=\"loggmall-kalix.xlsx\"")
    );
    let text = std::fs::read_to_string(folder.path().join("kalix/loften.toml")).unwrap();
    let agreement = lofte::agreement::parse(&text, "loften.toml", &folder.path().join("kalix"))
        .output
        .unwrap();
    assert_eq!(r.body, lofte::logbook::workbook(&agreement).unwrap());
    assert_eq!(server.get("/avtal/nope/loggmall").status, 404);
}

/// Text from a spreadsheet is data: shown as written, never as markup.
#[test]
fn spreadsheet_text_is_shown_escaped() {
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &[]);
    let csv = "Datum;Löfte;Antal\n2023-05-10;K1;<script>alert(1)</script>\n";
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("farlig.csv"), csv.as_bytes())])
        .send();
    assert_eq!(r.status, 303);
    let html = server.get("/avtal/kalix").text();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"));
}

#[cfg(unix)]
#[test]
fn a_linked_folder_that_leads_out_is_not_served() {
    let folder = kalix_folder();
    let outside = kalix_folder();
    std::os::unix::fs::symlink(outside.path().join("kalix"), folder.path().join("lank")).unwrap();
    let server = Server::start(folder.path(), &[]);
    let html = server.get("/").text();
    assert!(html.contains("href=\"/avtal/kalix\""));
    assert!(!html.contains("/avtal/lank"), "{html}");
    assert_eq!(server.get("/avtal/lank").status, 404);
    let r = server
        .req("POST", "/avtal/lank/loggar")
        .multipart(&[("filer", Some("x.csv"), b"Datum;Antal\n2023-01-01;1\n")])
        .send();
    assert_eq!(r.status, 404);
    assert!(!outside.path().join("kalix/x.csv").exists());
}

/// The whole way on the page alone: an agreement's text, a log, a PDF.
#[test]
fn from_an_agreement_text_and_a_log_to_a_pdf_in_an_empty_folder() {
    let folder = tempfile::tempdir().unwrap();
    let server = Server::start(folder.path(), &[]);
    assert!(
        server
            .get("/")
            .text()
            .contains("Mappen innehåller inga avtal")
    );
    let text = std::fs::read(repo().join("tests/fixtures/init/kalix.txt")).unwrap();
    let draft = server
        .req("POST", "/nytt")
        .multipart(&[("mapp", None, b"kalix"), ("fil", Some("kalix.txt"), &text)])
        .send()
        .text();
    let toml = textarea(&draft, "toml");
    let r = server
        .req("POST", "/nytt/spara")
        .form(&format!("mapp=kalix&toml={}", form_encode(&toml)))
        .send();
    assert_eq!(location(&r), "/avtal/kalix#loggar");
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("aktiviteter.xlsx"), &kalix_log())])
        .send();
    assert_eq!(
        location(&r),
        "/avtal/kalix?sparad=aktiviteter.xlsx#kontroll"
    );
    let saved = std::fs::read_to_string(folder.path().join("kalix/loften.toml")).unwrap();
    assert!(
        saved.contains("\nloggar = [\"aktiviteter.xlsx\"]\n"),
        "{saved}"
    );
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=&per=&sprak=sv")
        .send();
    assert_eq!(
        location(&r),
        "/avtal/kalix?rapport=uppfoljning-kalix-2022-2023.pdf#rapport"
    );
    let pdf = server.get("/avtal/kalix/rapporter/uppfoljning-kalix-2022-2023.pdf");
    assert!(pdf_text(&pdf.body).contains("i snitt 1,33 medborgarkontakter per vecka"));
}

/// As the page escapes text.
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The Swedish page said every problem in the English of the terminal:
/// its message and its hint. It now says what each kind of problem is and
/// what to do in Swedish, beside its place and what was found; the English
/// page still says the terminal's words.
#[test]
fn the_swedish_page_says_each_problem_in_swedish() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    let server = Server::start(folder.path(), &[]);
    let bad = "Datum;Löfte;Antal\n2023-02-30;K1;1\n2023-03-01;K1;ca 5\n2023-03-02;K1;1\n2023-03-02;K1;1\n";
    let r = server
        .req("POST", "/avtal/kalix/loggar")
        .multipart(&[("filer", Some("fel.csv"), bad.as_bytes())])
        .send();
    assert_eq!(r.status, 303);

    // What the terminal says of the same folder.
    let out = support::lofte(&dir, &["check", "--format", "json", "."]);
    let problems: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = problems
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["bad-date", "bad-count", "duplicate-row"]);

    let sv = server.get("/avtal/kalix").text();
    assert!(sv.contains("<strong>2 fel, 1 varning.</strong>"), "{sv}");
    let en = server.get("/avtal/kalix?lang=en").text();
    for p in &problems {
        let code = lofte::diag::Code::ALL
            .iter()
            .find(|c| c.as_str() == p["code"].as_str().unwrap())
            .unwrap();
        let words = lofte::render::problem_words::problem_words(*code);
        assert!(sv.contains(&html_escaped(words.what)), "{code}: {sv}");
        assert!(sv.contains(&html_escaped(words.todo)), "{code}: {sv}");
        let message = html_escaped(p["message"].as_str().unwrap());
        let hint = html_escaped(p["hint"].as_str().unwrap());
        assert!(
            !sv.contains(&message),
            "{code}: English on the Swedish page"
        );
        assert!(!sv.contains(&hint), "{code}: English on the Swedish page");
        assert!(en.contains(&message), "{code}: {en}");
        assert!(en.contains(&hint), "{code}: {en}");
        if let Some(found) = p["found"].as_str() {
            let said = format!("Hittat: \u{201C}{}\u{201D}", html_escaped(found));
            assert!(sv.contains(&said), "{code}: {sv}");
        }
    }
    // The duplicate's rows, by their places in Swedish.
    assert!(
        sv.contains("<td>fel.csv</td><td></td><td>rad 4</td>"),
        "{sv}"
    );
    assert!(sv.contains("Se även fel.csv rad 5"), "{sv}");
    assert!(
        en.contains("<td>fel.csv</td><td></td><td>row 4</td>"),
        "{en}"
    );
}

/// A report asked for a window outside the agreement period was refused
/// in English on the Swedish page.
#[test]
fn a_refused_report_is_said_in_the_pages_language() {
    let folder = kalix_folder();
    let server = Server::start(folder.path(), &[]);
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .form("fonster=2030&per=&sprak=sv")
        .send();
    assert_eq!(r.status, 400);
    let page = r.text();
    assert!(
        page.contains(
            "Perioden 2030-01-01 – 2030-12-31 ligger utanför avtalsperioden 2022-01-01 – 2023-12-31. Välj en period inom avtalsperioden."
        ),
        "{page}"
    );
    assert!(!page.contains("lies outside"), "{page}");
    let r = server
        .req("POST", "/avtal/kalix/rapport")
        .header("Cookie", &format!("{}; lofte-lang=en", server.cookie()))
        .form("fonster=2030&per=&sprak=sv")
        .send();
    assert_eq!(r.status, 400);
    assert!(
        r.text().contains(
            "the window 2030-01-01 – 2030-12-31 lies outside the agreement period 2022-01-01 – 2023-12-31"
        ),
        "{}",
        r.text()
    );
}

/// A misspelt key of the promise file was named only in the English
/// message, and the key it is near only in the English hint; the Swedish
/// page names both beside the Swedish words, with the line it is on.
#[test]
fn a_misspelt_key_is_named_on_the_swedish_page() {
    let folder = kalix_folder();
    let dir = folder.path().join("kalix");
    let toml = std::fs::read_to_string(dir.join("loften.toml")).unwrap();
    std::fs::write(
        dir.join("loften.toml"),
        format!("{toml}\n[kolumner]\nlofet = \"Löfte nr\"\n"),
    )
    .unwrap();
    let line = toml.lines().count() + 3;
    let server = Server::start(folder.path(), &[]);
    let sv = server.get("/avtal/kalix").text();
    let words = lofte::render::problem_words::problem_words(lofte::diag::Code::UnknownKey);
    assert!(
        sv.contains(&format!(
            "<td>loften.toml</td><td></td><td>rad {line}, kolumn 1</td><td>{}<br>Gäller: \u{201C}lofet\u{201D}</td>",
            html_escaped(words.what)
        )),
        "{sv}"
    );
    assert!(
        sv.contains(&format!(
            "<td>Menade du \u{201C}lofte\u{201D}? {}</td>",
            html_escaped(words.todo)
        )),
        "{sv}"
    );
}

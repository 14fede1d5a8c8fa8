//! `lofte serve` in a real browser: headless Chromium, driven through
//! chromedriver's WebDriver protocol (plain JSON over HTTP), goes through
//! the page as a user would — open the printed address, upload the Kalix
//! log, read the check table, make the report, download the PDF — and the
//! downloaded PDF is read back for a figure.
//!
//! Skips with a message when no Chromium and chromedriver are installed,
//! unless `CI` is set: in CI it must run (`.ci/run` installs them). With
//! `LOFTE_SCREENSHOTS=1` it writes a screenshot of each step to
//! `docs/serve-*.png`.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Request, Server, kalix_folder, pdf_text, repo};

/// The W3C name of an element reference in WebDriver answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    addr: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Driver {
    fn start(program: &Path) -> Driver {
        let port = free_port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let addr = format!("127.0.0.1:{port}");
        let driver = Driver { child, addr };
        let start = Instant::now();
        loop {
            // A chromedriver still starting may accept and close without
            // an answer: ask again until it says it is ready.
            if std::net::TcpStream::connect(&driver.addr).is_ok()
                && let Some(status) = Request::new(&driver.addr, "GET", "/status").try_send()
                && serde_json::from_slice::<Value>(&status.body)
                    .is_ok_and(|v| v["value"]["ready"] == true)
            {
                return driver;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let mut request = Request::new(&self.addr, method, path);
        if let Some(body) = body {
            request = request.json(&body);
        } else if method == "POST" {
            request = request.json(&json!({}));
        }
        let response = request.send();
        serde_json::from_slice(&response.body).unwrap_or_else(|_| {
            panic!(
                "chromedriver answered {} {}: {}",
                response.status,
                path,
                response.text()
            )
        })
    }
}

/// One browser session.
struct Browser<'a> {
    driver: &'a Driver,
    session: String,
    /// Whether to save screenshots (LOFTE_SCREENSHOTS=1, run with JavaScript).
    shots: bool,
}

impl Browser<'_> {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let value = self
            .driver
            .call(method, &format!("/session/{}{path}", self.session), body);
        if let Some(error) = value["value"].get("error") {
            panic!(
                "WebDriver {method} {path}: {error} {}",
                value["value"]["message"]
            );
        }
        value["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_owned()
    }

    fn find(&self, css: &str) -> String {
        let value = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        match value[ELEMENT].as_str() {
            Some(id) => id.to_owned(),
            None => panic!(
                "no element {css:?} on {}: {value}\n{}",
                self.url(),
                self.call("GET", "/source", None)
            ),
        }
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn click(&self, element: &str) {
        self.call("POST", &format!("/element/{element}/click"), None);
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn script(&self, code: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": code, "args": [] })),
        )
    }

    fn wait_for_url(&self, part: &str) -> String {
        let start = Instant::now();
        loop {
            // Asked without panicking: a page mid-navigation may answer
            // with an error instead.
            let session = format!("/session/{}", self.session);
            let url = self.driver.call("GET", &format!("{session}/url"), None)["value"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let ready = self.driver.call(
                "POST",
                &format!("{session}/execute/sync"),
                Some(json!({ "script": "return document.readyState", "args": [] })),
            )["value"]
                == "complete";
            if url.contains(part) && ready {
                return url;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the page never reached {part:?}; it is at {url}:\n{}",
                self.call("GET", "/source", None)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Scrolls `css` to the top and, with LOFTE_SCREENSHOTS=1, saves the
    /// window as docs/serve-NAME.png.
    fn screenshot(&self, css: Option<&str>, name: &str) {
        if let Some(css) = css {
            self.script(&format!(
                "document.querySelector({css:?}).scrollIntoView({{block: 'start'}}); return 0"
            ));
        }
        if !self.shots {
            return;
        }
        let png = self.call("GET", "/screenshot", None);
        let bytes = decode_base64(png.as_str().unwrap());
        assert!(bytes.starts_with(b"\x89PNG"));
        std::fs::write(repo().join(format!("docs/serve-{name}.png")), bytes).unwrap();
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            n |= d << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}

fn wait_for_download(dir: &Path) -> PathBuf {
    let start = Instant::now();
    loop {
        if let Some(pdf) = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        {
            return pdf;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the PDF was never downloaded"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Browser<'_> {
    /// Presses keys on whatever has the focus.
    fn keys(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|c| {
                [
                    json!({ "type": "keyDown", "value": c.to_string() }),
                    json!({ "type": "keyUp", "value": c.to_string() }),
                ]
            })
            .collect();
        self.call(
            "POST",
            "/actions",
            Some(
                json!({ "actions": [{ "type": "key", "id": "tangentbord", "actions": actions }] }),
            ),
        );
    }

    /// The page's h1, or `None` while there is none (a page loading).
    fn heading(&self) -> Option<String> {
        let found = self.driver.call(
            "POST",
            &format!("/session/{}/element", self.session),
            Some(json!({ "using": "css selector", "value": "h1" })),
        );
        let id = found["value"][ELEMENT].as_str()?.to_owned();
        let text = self.driver.call(
            "GET",
            &format!("/session/{}/element/{id}/text", self.session),
            None,
        );
        text["value"].as_str().map(str::to_owned)
    }

    /// The text of the element that has the focus.
    fn focused_text(&self) -> String {
        let active = self.call("GET", "/element/active", None);
        self.text(active[ELEMENT].as_str().unwrap())
    }
}

/// WebDriver's Tab and Enter keys.
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

#[test]
fn a_user_uploads_the_kalix_log_and_downloads_the_report_in_chromium() {
    walk(true);
}

/// The same walk with JavaScript switched off and the keyboard alone for
/// every button: the page needs script only for drag and drop.
#[test]
fn the_same_walk_works_without_javascript_by_keyboard() {
    walk(false);
}

fn walk(javascript: bool) {
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = find_program(&["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: install chromium and chromium-driver (.ci/run does)"
        );
        eprintln!(
            "SKIPPED: no chromium and chromedriver on PATH; install them \
             (apt-get install chromium chromium-driver) to run the browser test"
        );
        return;
    };

    // The agreement without its log: the user brings it.
    let folder = kalix_folder();
    let log = folder.path().join("kalix/aktiviteter.xlsx");
    let upload = tempfile::tempdir().unwrap();
    let to_upload = upload.path().join("aktiviteter.xlsx");
    std::fs::rename(&log, &to_upload).unwrap();
    let server = Server::start(folder.path(), &[]);

    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let driver = Driver::start(&chromedriver);
    let capabilities = json!({
        "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    "--lang=sv-SE",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.path(),
                    "download.prompt_for_download": false,
                    "profile.managed_default_content_settings.javascript":
                        if javascript { 1 } else { 2 },
                },
            },
        }},
    });
    let session = driver.call("POST", "/session", Some(capabilities));
    let session_id = session["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {session}"))
        .to_owned();
    let browser = Browser {
        driver: &driver,
        session: session_id,
        shots: javascript && std::env::var_os("LOFTE_SCREENSHOTS").is_some(),
    };
    // Downloads in headless Chromium go where the DevTools command says.
    driver.call(
        "POST",
        &format!("/session/{}/chromium/send_command", browser.session),
        Some(json!({
            "cmd": "Page.setDownloadBehavior",
            "params": { "behavior": "allow", "downloadPath": downloads.path() },
        })),
    );

    // 1. Avtal: the printed address, as the user pastes it.
    browser.go(&server.url);
    browser.wait_for_url("/");
    assert!(
        !browser.url().contains("t="),
        "the token leaves the address bar"
    );
    let scripted = browser.script("return document.documentElement.classList.contains('js')");
    assert_eq!(scripted, javascript, "JavaScript is on only when asked for");
    let table = browser.text(&browser.find("main table"));
    assert!(table.contains("Kalix"), "{table}");
    assert!(table.contains("aktiviteter.xlsx (saknas)"), "{table}");
    browser.screenshot(None, "1-avtal");
    // The keyboard: the first Tab reaches the skip link, the next ones the
    // header and the agreement; Enter follows it.
    let mut order = Vec::new();
    for _ in 0..6 {
        browser.keys(TAB);
        order.push(browser.focused_text());
    }
    assert_eq!(
        order,
        [
            "Hoppa till innehållet",
            "lofte",
            "English",
            "1 Avtal",
            "Nytt avtal",
            "Kalix"
        ]
    );
    browser.keys(ENTER);
    browser.wait_for_url("/avtal/kalix");
    let check = browser.text(&browser.find("#kontroll + div"));
    assert!(check.contains("1 fel"), "{check}");

    // 2. Loggar: choose the file and upload it.
    let input = browser.find("#filer");
    browser.type_into(&input, &to_upload.display().to_string());
    let upload = browser.find("form[action$='/loggar'] button[type=submit]");
    if javascript {
        browser.click(&upload);
    } else {
        browser.type_into(&upload, ENTER);
    }
    browser.wait_for_url("sparad=");
    let status = browser.text(&browser.find("p[role=status]"));
    assert_eq!(status, "Sparad: aktiviteter.xlsx.");
    browser.screenshot(Some("#loggar"), "2-loggar");

    // 3. Kontroll: no problems, and the outcome of every promise.
    let check = browser.text(&browser.find("#kontroll + div"));
    assert!(check.contains("0 fel, 0 varningar."), "{check}");
    let outcome = browser.text(&browser.find("table.utfall"));
    assert!(
        outcome.contains("i snitt 1,33 medborgarkontakter per vecka"),
        "{outcome}"
    );
    assert!(outcome.contains("Ej uppfyllt"));
    browser.screenshot(Some("#kontroll"), "3-kontroll");

    // 4. Rapport: make it, see it, download it.
    let make = browser.find("#skapa");
    assert_eq!(browser.text(&make), "Skapa rapport");
    if javascript {
        browser.click(&make);
    } else {
        browser.type_into(&make, ENTER);
    }
    browser.wait_for_url("rapport=uppfoljning-kalix-2022-2023.pdf");
    let made = browser.text(&browser.find("p[role=status]"));
    assert!(made.contains("uppfoljning-kalix-2022-2023.pdf"), "{made}");
    if browser.shots {
        // Give the PDF viewer time to draw the first page for the picture.
        std::thread::sleep(Duration::from_secs(3));
    }
    browser.screenshot(Some("#rapport"), "4-rapport");
    for entry in std::fs::read_dir(downloads.path()).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    browser.click(&browser.find("#ladda-pdf"));
    let pdf_path = wait_for_download(downloads.path());
    let mut pdf = std::fs::read(&pdf_path).unwrap();
    // Chromium renames the file into place when it is complete; wait for
    // a whole PDF.
    let start = Instant::now();
    while !pdf.windows(5).any(|w| w == b"%%EOF") && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
        pdf = std::fs::read(&pdf_path).unwrap();
    }
    let text = pdf_text(&pdf);
    assert!(
        text.contains("i snitt 1,33 medborgarkontakter per vecka"),
        "{text}"
    );
    assert_eq!(
        pdf,
        std::fs::read(
            folder
                .path()
                .join("kalix/rapporter/uppfoljning-kalix-2022-2023.pdf")
        )
        .unwrap()
    );
    // The check follows the files: with the log gone, the page says so by
    // itself (with JavaScript; without, on the next load).
    std::fs::remove_file(folder.path().join("kalix/aktiviteter.xlsx")).unwrap();
    if javascript {
        let start = Instant::now();
        loop {
            let check = browser.text(&browser.find("#kontroll + div"));
            if check.contains("1 fel") {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the check never noticed the missing log: {check}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    } else {
        browser.go(&format!("http://{}/avtal/kalix", server.addr));
        browser.wait_for_url("/avtal/kalix");
        assert!(
            browser
                .text(&browser.find("#kontroll + div"))
                .contains("1 fel")
        );
    }
    // A new agreement from its text: the draft with its guesses, saved
    // only when confirmed.
    browser.go(&format!("http://{}/", server.addr));
    browser.wait_for_url("/");
    let new = browser.find("a[href='/nytt']");
    if javascript {
        browser.click(&new);
    } else {
        browser.type_into(&new, ENTER);
    }
    browser.wait_for_url("/nytt");
    browser.type_into(&browser.find("#mapp"), "kalix-ny");
    let text = repo().join("tests/fixtures/init/kalix.txt");
    browser.type_into(&browser.find("#fil"), &text.display().to_string());
    let draft = browser.find("form[action='/nytt'] button[type=submit]");
    if javascript {
        browser.click(&draft);
    } else {
        browser.type_into(&draft, ENTER);
    }
    let start = Instant::now();
    // The form posts to its own address: wait for the new page's heading
    // (while the page loads there may be none).
    while !browser
        .heading()
        .is_some_and(|h| h.contains("Utkast till avtalsfil"))
    {
        assert!(start.elapsed() < Duration::from_secs(60), "no draft");
        std::thread::sleep(Duration::from_millis(100));
    }
    let guesses = browser.text(&browser.find("main table"));
    assert!(
        guesses.contains("Kontrollera de här gissningarna"),
        "{guesses}"
    );
    browser.screenshot(None, "5-nytt-avtal");
    assert!(!folder.path().join("kalix-ny").exists());
    let save = browser.find("form[action='/nytt/spara'] button[type=submit]");
    if javascript {
        browser.click(&save);
    } else {
        browser.type_into(&save, ENTER);
    }
    browser.wait_for_url("/avtal/kalix-ny");
    assert!(folder.path().join("kalix-ny/loften.toml").is_file());
    browser.find("#loggmall");
    // …and on to its report with the same log: from an agreement text and
    // a log to a PDF, on the page alone.
    browser.type_into(&browser.find("#filer"), &to_upload.display().to_string());
    let upload = browser.find("form[action$='/loggar'] button[type=submit]");
    if javascript {
        browser.click(&upload);
    } else {
        browser.type_into(&upload, ENTER);
    }
    browser.wait_for_url("sparad=");
    let make = browser.find("#skapa");
    if javascript {
        browser.click(&make);
    } else {
        browser.type_into(&make, ENTER);
    }
    browser.wait_for_url("rapport=uppfoljning-kalix-2022-2023.pdf");
    let pdf = std::fs::read(
        folder
            .path()
            .join("kalix-ny/rapporter/uppfoljning-kalix-2022-2023.pdf"),
    )
    .unwrap();
    assert!(pdf_text(&pdf).contains("i snitt 1,33 medborgarkontakter per vecka"));
    browser
        .driver
        .call("DELETE", &format!("/session/{}", browser.session), None);
}

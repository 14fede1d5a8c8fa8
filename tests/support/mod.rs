//! Helpers shared by the integration tests: run the `lofte` binary and read
//! what it printed ([`lofte`], [`transcript`]), find fixtures and samples,
//! read a PDF's text; and for tests/serve.rs and tests/browser.rs, start
//! `lofte serve` on a free port and speak plain HTTP/1.1 to it (and to
//! chromedriver), with full control over every header.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The lofte binary: `LOFTE_BIN` when set (a private copy, where several
/// checkouts share one target folder), else the one cargo built.
pub fn binary() -> PathBuf {
    std::env::var_os("LOFTE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_lofte")))
}

/// Runs `lofte ARGS` in `dir`, with nothing from the environment that
/// changes what it prints (SOURCE_DATE_EPOCH, colours).
pub fn lofte(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(binary())
        .current_dir(dir)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// What the run printed on stdout.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What the run printed on stderr.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What a user reads from one run, for a snapshot: the exit code, then
/// stdout and stderr apart. Temporary folders read `[DIR]` and the
/// repository `[REPO]`, so the snapshot is the same on every machine.
pub fn transcript(o: &std::process::Output, dirs: &[&Path]) -> String {
    let filter = |text: String| {
        let mut text = text;
        for dir in dirs {
            // Both forms: as given, and resolved (/tmp may be a link).
            let resolved = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            for form in [resolved.display().to_string(), dir.display().to_string()] {
                text = text.replace(&form, "[DIR]");
            }
        }
        text.replace(&repo().display().to_string(), "[REPO]")
    };
    let code = o
        .status
        .code()
        .map_or_else(|| "killed by a signal".to_owned(), |c| c.to_string());
    format!(
        "exit: {code}\n----- stdout -----\n{}----- stderr -----\n{}",
        filter(stdout(o)),
        filter(stderr(o))
    )
}

/// A file under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A sample agreement's folder (samples/NAME).
pub fn sample(name: &str) -> PathBuf {
    repo().join("samples").join(name)
}

/// A running `lofte serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The token from the printed address.
    pub token: String,
    /// The printed address.
    pub url: String,
}

impl Server {
    /// Starts `lofte serve FOLDER --port 0 EXTRA…` and waits for its address.
    pub fn start(folder: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(binary())
            .arg("serve")
            .arg(folder)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start lofte serve");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("lofte serve ended before printing its address")
                .unwrap();
            if line.starts_with("http://") {
                break line;
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let rest = url.strip_prefix("http://").unwrap();
        let (addr, query) = rest.split_once("/?t=").unwrap();
        Server {
            child,
            addr: addr.to_owned(),
            token: query.to_owned(),
            url,
        }
    }

    /// The cookie header value that carries the token.
    pub fn cookie(&self) -> String {
        let port = self.addr.rsplit(':').next().unwrap();
        format!("lofte-{port}={}", self.token)
    }

    /// A request with the right Host, the token cookie and this server's
    /// Origin on anything but GET.
    pub fn req(&self, method: &str, path: &str) -> Request {
        let mut r = Request::new(&self.addr, method, path);
        r.headers.push(("Cookie".into(), self.cookie()));
        if method != "GET" {
            r.headers
                .push(("Origin".into(), format!("http://{}", self.addr)));
        }
        r
    }

    /// GET with the token.
    pub fn get(&self, path: &str) -> Response {
        self.req("GET", path).send()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP request, built up and sent on a fresh connection.
pub struct Request {
    /// host:port to connect to.
    pub addr: String,
    /// GET, POST …
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Headers besides Host, Content-Length and Connection.
    pub headers: Vec<(String, String)>,
    /// The Host header (default: `addr`).
    pub host: String,
    /// The body.
    pub body: Vec<u8>,
}

pub const BOUNDARY: &str = "----lofteTestGrans7MA4YWxkTrZu0gW";

impl Request {
    /// A request to `addr`.
    pub fn new(addr: &str, method: &str, path: &str) -> Request {
        Request {
            addr: addr.to_owned(),
            method: method.to_owned(),
            path: path.to_owned(),
            headers: Vec::new(),
            host: addr.to_owned(),
            body: Vec::new(),
        }
    }

    /// Sets or replaces a header.
    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Removes a header.
    pub fn without(mut self, name: &str) -> Request {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self
    }

    /// Sets the Host header.
    pub fn host(mut self, host: &str) -> Request {
        self.host = host.to_owned();
        self
    }

    /// A url-encoded form body.
    pub fn form(self, body: &str) -> Request {
        let mut r = self.header("Content-Type", "application/x-www-form-urlencoded");
        r.body = body.as_bytes().to_vec();
        r
    }

    /// A JSON body.
    pub fn json(self, body: &serde_json::Value) -> Request {
        let mut r = self.header("Content-Type", "application/json");
        r.body = serde_json::to_vec(body).unwrap();
        r
    }

    /// A multipart body: (field, file name, bytes).
    pub fn multipart(self, parts: &[(&str, Option<&str>, &[u8])]) -> Request {
        let mut body = Vec::new();
        for (field, file, bytes) in parts {
            body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
            match file {
                Some(name) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
                         Content-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{field}\"\r\n\r\n").as_bytes(),
                ),
            }
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let mut r = self.header(
            "Content-Type",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
        );
        r.body = body;
        r
    }

    fn head(&self, content_length: usize) -> String {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.method, self.path, self.host
        );
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if self.method != "GET" || !self.body.is_empty() {
            head.push_str(&format!("Content-Length: {content_length}\r\n"));
        }
        head.push_str("\r\n");
        head
    }

    /// Sends it and reads the whole response.
    pub fn send(&self) -> Response {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(300)))
            .unwrap();
        let mut bytes = self.head(self.body.len()).into_bytes();
        bytes.extend_from_slice(&self.body);
        stream.write_all(&bytes).expect("send");
        read_response(&mut stream)
    }

    /// As [`Request::send`], or `None` when the connection fails or closes
    /// without an answer.
    pub fn try_send(&self) -> Option<Response> {
        let mut stream = TcpStream::connect(&self.addr).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        let mut bytes = self.head(self.body.len()).into_bytes();
        bytes.extend_from_slice(&self.body);
        stream.write_all(&bytes).ok()?;
        let raw = read_raw(&mut stream);
        raw.windows(4)
            .any(|w| w == b"\r\n\r\n")
            .then(|| parse_response(&raw))
    }

    /// Announces a body of `length` bytes with `Expect: 100-continue` and
    /// sends it only if the server asks for it; returns the final response.
    pub fn send_expecting(&self, length: usize) -> Response {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let head = self
            .head(length)
            .replacen("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n", 1);
        stream.write_all(head.as_bytes()).unwrap();
        let mut buf = [0u8; 25];
        let n = stream.peek(&mut buf).unwrap();
        if buf[..n].starts_with(b"HTTP/1.1 100") {
            panic!("the server asked for a body it should have refused by its length");
        }
        read_response(&mut stream)
    }
}

/// A response.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers, names lower case.
    pub headers: Vec<(String, String)>,
    /// Body, de-chunked.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header of that name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header of that name.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads one response: up to its Content-Length, through its last chunk,
/// or to the end of the connection (some servers keep it open whatever
/// `Connection: close` asked).
fn read_response(stream: &mut TcpStream) -> Response {
    parse_response(&read_raw(stream))
}

fn read_raw(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            let body = raw.len() - split - 4;
            if head.starts_with("http/1.1 100") {
                raw.drain(..split + 4);
                continue;
            }
            if length.is_some_and(|n| body >= n) {
                break;
            }
            if head.contains("transfer-encoding: chunked") && raw.ends_with(b"\r\n0\r\n\r\n") {
                break;
            }
            if head.starts_with("http/1.1 204") || head.starts_with("http/1.1 304") {
                break;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    raw
}

/// Parses a whole HTTP/1.1 response.
pub fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
            let size_text = String::from_utf8_lossy(&rest[..end]).into_owned();
            let size =
                usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap_or(0);
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest = &rest[end + 2 + size + 2..];
        }
        body = out;
    }
    Response {
        status,
        headers,
        body,
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The repository's folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A served folder holding a copy of the Kalix sample as `kalix/`.
pub fn kalix_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("samples/kalix"), &dir.path().join("kalix"));
    dir
}

/// The text of every page of the PDF at `path`, whitespace folded.
pub fn pdf_file_text(path: &Path) -> String {
    pdf_text(&std::fs::read(path).unwrap())
}

/// The text of every page of a PDF, whitespace folded.
pub fn pdf_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" \u{ad} ", "")
        .replace('\u{ad}', "")
}

/// The ```toml blocks of a Markdown document, each whole: the examples
/// the docs tests parse.
pub fn toml_blocks(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```toml") => current = Some(String::new()),
            (Some(block), l) if l.starts_with("```") => {
                out.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    out
}

/// The codes of a results JSON's data-quality warnings, in order.
pub fn warning_codes(results: &serde_json::Value) -> Vec<&str> {
    results["data_quality"]["warnings"]
        .as_array()
        .expect("data_quality.warnings is a list")
        .iter()
        .map(|w| w["code"].as_str().expect("each warning has a code"))
        .collect()
}

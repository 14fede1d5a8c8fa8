//! The routes: each handler finds the agreement, runs one function of
//! [`super::work`] off the async threads, and answers with a page from
//! [`super::pages`] or a redirect.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::cli::load::Failure;
use crate::ingest::IngestOptions;
use crate::locale::Lang;
use crate::render::Renderer;

use super::folder::{self, AgreementDir};
use super::pages::{self, Flash};
use super::work::{self, ReportRequest, Stored};

/// Everything a handler needs; shared by all requests.
pub struct App {
    /// The served folder.
    pub root: PathBuf,
    /// The secret every request must carry.
    pub token: String,
    /// The cookie that carries it (named after the port, so two servers on
    /// one machine do not log each other out).
    pub cookie: String,
    /// Host header values accepted, lower case, with port where one is
    /// needed.
    pub hosts: Vec<String>,
    /// `--read-only`.
    pub read_only: bool,
    /// Longest a report may take.
    pub timeout: Duration,
    /// How logs are read (the same limits as `lofte report`).
    pub ingest: IngestOptions,
    /// Fonts parsed once.
    pub renderer: Arc<Renderer>,
    locks: std::sync::Mutex<HashMap<PathBuf, Arc<Locks>>>,
}

/// Per agreement: one report at a time, and no upload while a report or a
/// check reads the files.
struct Locks {
    rendering: Arc<tokio::sync::Mutex<()>>,
    files: Arc<tokio::sync::RwLock<()>>,
}

impl App {
    /// A new application state.
    pub fn new(
        root: PathBuf,
        token: String,
        cookie: String,
        hosts: Vec<String>,
        read_only: bool,
        timeout: Duration,
        ingest: IngestOptions,
    ) -> Self {
        App {
            root,
            token,
            cookie,
            hosts,
            read_only,
            timeout,
            ingest,
            renderer: Arc::new(Renderer::new()),
            locks: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The page language: `?lang=`, else the `lofte-lang` cookie, else
    /// Swedish.
    pub fn lang(&self, headers: &HeaderMap, query: Option<&str>) -> Lang {
        let chosen = query
            .and_then(|q| super::guard::query_param(Some(q), "lang"))
            .or_else(|| super::guard::cookie(headers, "lofte-lang"));
        match chosen {
            Some("en") => Lang::En,
            _ => Lang::Sv,
        }
    }

    fn locks(&self, dir: &std::path::Path) -> Arc<Locks> {
        let mut map = self
            .locks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(dir.to_path_buf())
            .or_insert_with(|| {
                Arc::new(Locks {
                    rendering: Arc::new(tokio::sync::Mutex::new(())),
                    files: Arc::new(tokio::sync::RwLock::new(())),
                })
            })
            .clone()
    }

    /// The agreement folder with this id, if the served folder has it.
    pub fn find(&self, id: &str) -> Option<AgreementDir> {
        folder::agreements(&self.root)
            .into_iter()
            .find(|a| a.id == id)
    }
}

/// The router with every route behind the guard.
pub fn router(app: Arc<App>) -> Router {
    let upload_limit = usize::try_from(app.ingest.limits.max_file_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024);
    Router::new()
        .route("/", get(overview))
        .route("/stil.css", get(style))
        .route("/sida.js", get(script))
        .route(
            "/nytt",
            get(super::nytt::new_form)
                .post(super::nytt::new_draft)
                .layer(DefaultBodyLimit::max(
                    super::nytt::MAX_AGREEMENT_BYTES + 1024 * 1024,
                )),
        )
        .route("/nytt/spara", post(super::nytt::save))
        .route("/avtal/{id}", get(agreement))
        .route("/avtal/{id}/loggmall", get(super::nytt::log_template))
        .route("/avtal/{id}/kontroll", get(check_fragment))
        .route("/avtal/{id}/andrad", get(stamp))
        .route(
            "/avtal/{id}/loggar",
            post(upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/avtal/{id}/loggar/bekrafta", post(confirm))
        .route("/avtal/{id}/rapport", post(make_report))
        .route("/avtal/{id}/rapporter/{file}", get(download))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            super::guard::check,
        ))
        .with_state(app)
}

/// The query of a request, for the language.
fn query_of(uri: &axum::http::Uri) -> Option<String> {
    uri.query().map(str::to_owned)
}

/// An HTML response.
pub(super) fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// A message page.
pub(super) fn message(
    lang: Lang,
    status: StatusCode,
    title: &str,
    lines: &[String],
    back: &str,
) -> Response {
    html(status, pages::message(lang, title, lines, back))
}

/// The refusal of a write under `--read-only`, with what was refused.
fn read_only(lang: Lang, lines: &[String], back: &str) -> Response {
    let t = pages::T(lang);
    message(
        lang,
        StatusCode::FORBIDDEN,
        t.s("Skrivskyddat läge", "Read-only mode"),
        lines,
        back,
    )
}

/// The agreement folder a handler that writes works in, or the page
/// that refuses: read-only mode (saying `why`, Swedish and English, when
/// given), or no agreement with that id.
async fn folder_to_write(
    app: &Arc<App>,
    headers: &HeaderMap,
    id: &str,
    back: &str,
    why: Option<(&'static str, &'static str)>,
) -> Result<AgreementDir, Response> {
    let lang = app.lang(headers, None);
    if app.read_only {
        let lines: Vec<String> = why
            .map(|(sv, en)| pages::T(lang).s(sv, en).to_owned())
            .into_iter()
            .collect();
        return Err(read_only(lang, &lines, back));
    }
    match app.find(id) {
        Some(dir) => Ok(dir),
        None => Err(not_found(headers.clone(), State(Arc::clone(app))).await),
    }
}

/// 404, in the page language.
pub(super) async fn not_found(headers: HeaderMap, State(app): State<Arc<App>>) -> Response {
    let lang = app.lang(&headers, None);
    let t = pages::T(lang);
    message(
        lang,
        StatusCode::NOT_FOUND,
        t.s("Sidan finns inte", "No such page"),
        &[],
        "/",
    )
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/stil.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/sida.js"),
    )
        .into_response()
}

/// Runs blocking work on tokio's blocking threads.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

async fn overview(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let lang = app.lang(&headers, query_of(&uri).as_deref());
    let root = app.root.clone();
    let listing = blocking(move || {
        folder::agreements(&root)
            .into_iter()
            .map(|a| {
                let agreement = work::read_agreement(&a.path).ok();
                let reports = folder::reports(&a.path);
                (a, agreement, reports)
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    html(
        StatusCode::OK,
        pages::overview(lang, &listing, app.read_only),
    )
}

#[derive(Deserialize, Default)]
struct PageQuery {
    sparad: Option<String>,
    rapport: Option<String>,
    oforandrad: Option<String>,
}

async fn agreement(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let lang = app.lang(&headers, query_of(&uri).as_deref());
    let Some(dir) = app.find(&id) else {
        return not_found(headers, State(app)).await;
    };
    let locks = app.locks(&dir.path);
    let _read = locks.files.read().await;
    let ingest = app.ingest.clone();
    let path = dir.path.clone();
    let Some((checked, reports, logs, stamp)) = blocking(move || {
        let checked = work::check(&path, &ingest);
        let reports = folder::reports(&path);
        let logs = pages::log_files(&path, checked.agreement.as_ref());
        let stamp = stamp_of(&path);
        (checked, reports, logs, stamp)
    })
    .await
    else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let flash = if let Some(name) = &q.sparad {
        Some(Flash::Saved(name.clone()))
    } else if let Some(name) = &q.oforandrad {
        Some(Flash::Unchanged(name.clone()))
    } else {
        q.rapport.clone().map(Flash::Reported)
    };
    let shown = q
        .rapport
        .as_deref()
        .or(q.oforandrad.as_deref())
        .and_then(|name| folder::report_file(&dir.path, name).map(|p| (name.to_owned(), p)))
        .and_then(|(name, p)| {
            let json = std::fs::read(p.with_extension("json")).ok()?;
            Some((name, serde_json::from_slice(&json).ok()?))
        });
    html(
        StatusCode::OK,
        pages::agreement(
            lang,
            &pages::AgreementView {
                id: &dir.id,
                dir: &dir.path,
                checked: &checked,
                logs: &logs,
                reports: &reports,
                read_only: app.read_only,
                flash,
                shown,
                stamp: &stamp,
            },
        ),
    )
}

/// A fingerprint of the agreement folder's files (names, sizes, times), so
/// the page can tell when to check again.
fn stamp_of(dir: &std::path::Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut seen: Vec<(String, u64, Option<std::time::SystemTime>)> = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|e| e.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    if let Ok(agreement) = work::read_agreement(dir) {
        files.extend(agreement.logs);
    }
    for f in files {
        if let Ok(meta) = std::fs::metadata(&f) {
            seen.push((f.display().to_string(), meta.len(), meta.modified().ok()));
        }
    }
    seen.sort();
    seen.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

async fn stamp(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let Some(dir) = app.find(&id) else {
        return not_found(headers, State(app)).await;
    };
    let stamp = blocking(move || stamp_of(&dir.path))
        .await
        .unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], stamp).into_response()
}

async fn check_fragment(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    let lang = app.lang(&headers, query_of(&uri).as_deref());
    let Some(dir) = app.find(&id) else {
        return not_found(headers, State(app)).await;
    };
    let locks = app.locks(&dir.path);
    let _read = locks.files.read().await;
    let ingest = app.ingest.clone();
    let path = dir.path.clone();
    let Some(checked) = blocking(move || work::check(&path, &ingest)).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    html(
        StatusCode::OK,
        pages::check_section(lang, &dir.path, &checked),
    )
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // Without an entropy source there is no safe token: stop.
    getrandom::fill(&mut buf).expect("the system offers no random numbers");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh random token for the printed address.
pub fn new_token() -> String {
    random_hex(32)
}

fn today() -> chrono::NaiveDate {
    // Only names the dated copy of a replaced file; no figure depends on it.
    chrono::Local::now().date_naive()
}

async fn upload(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let lang = app.lang(&headers, None);
    let t = pages::T(lang);
    let back = format!("/avtal/{id}");
    let why = (
        "Servern startades med --read-only och tar inte emot filer.",
        "The server was started with --read-only and accepts no files.",
    );
    let dir = match folder_to_write(&app, &headers, &id, &back, Some(why)).await {
        Ok(dir) => dir,
        Err(refused) => return refused,
    };
    let max = app.ingest.limits.max_file_bytes;
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut replace = false;
    let too_large = |name: &str| {
        message(
            lang,
            StatusCode::PAYLOAD_TOO_LARGE,
            t.s("Filen är för stor", "The file is too large"),
            &[format!(
                "{}: {} {} MiB.",
                name,
                t.s("filer större än", "files larger than"),
                max / 1024 / 1024
            ) + t.s(
                " tas inte emot (samma gräns som lofte report, --max-file-mb).",
                " are not accepted (the same limit as lofte report, --max-file-mb).",
            )],
            &back,
        )
    };
    // Refused by its announced length before a byte of it is read (a
    // client that waits for "100 Continue" never sends it).
    if announced.is_some_and(|n| n > max.saturating_add(1024 * 1024)) {
        return too_large("—");
    }
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large("—"),
            Err(e) => {
                return message(
                    lang,
                    StatusCode::BAD_REQUEST,
                    t.s("Uppladdningen avbröts", "The upload was cut off"),
                    &[e.body_text()],
                    &back,
                );
            }
        };
        match field.name() {
            Some("ersatt") => replace = true,
            Some("filer") => {
                let raw = field.file_name().unwrap_or("").to_owned();
                if raw.is_empty() {
                    continue;
                }
                let name = match folder::safe_log_name(&raw) {
                    Ok(name) => name,
                    Err(e) => {
                        return message(
                            lang,
                            StatusCode::BAD_REQUEST,
                            t.s("Filen togs inte emot", "The file was not accepted"),
                            &[pages::name_error(lang, &raw, &e)],
                            &back,
                        );
                    }
                };
                let mut field = field;
                let mut bytes = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if (bytes.len() + chunk.len()) as u64 > max {
                                return too_large(&name);
                            }
                            bytes.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                            return too_large(&name);
                        }
                        Err(e) => {
                            return message(
                                lang,
                                StatusCode::BAD_REQUEST,
                                t.s("Uppladdningen avbröts", "The upload was cut off"),
                                &[e.body_text()],
                                &back,
                            );
                        }
                    }
                }
                files.push((name, bytes));
            }
            _ => {}
        }
    }
    if files.is_empty() {
        return message(
            lang,
            StatusCode::BAD_REQUEST,
            t.s("Ingen fil vald", "No file chosen"),
            &[t.s(
                "Välj en eller flera loggar (xlsx, xls, ods, csv) och försök igen.",
                "Choose one or more logs (xlsx, xls, ods, csv) and try again.",
            )
            .to_owned()],
            &back,
        );
    }
    let locks = app.locks(&dir.path);
    let _write = locks.files.write().await;
    let ingest = app.ingest.clone();
    let path = dir.path.clone();
    let outcomes = blocking(move || {
        files
            .into_iter()
            .map(|(name, bytes)| {
                work::store_log(
                    &path,
                    &name,
                    bytes,
                    &ingest,
                    replace,
                    today(),
                    &random_hex(8),
                )
                .map_err(|e| (name, e))
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    let mut saved = Vec::new();
    let mut waiting = Vec::new();
    let mut refused = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(Stored::Saved { name, .. }) => saved.push(name),
            Ok(Stored::Exists { name, key }) => waiting.push((name, key)),
            Ok(Stored::Refused(d)) => refused.extend(d),
            Err((name, e)) => {
                return message(
                    lang,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    t.s("Filen kunde inte sparas", "The file could not be saved"),
                    &[format!("{name}: {e}")],
                    &back,
                );
            }
        }
    }
    if !refused.is_empty() {
        return html(
            StatusCode::UNPROCESSABLE_ENTITY,
            pages::refused_upload(lang, &id, &dir.path, &refused, &saved),
        );
    }
    if !waiting.is_empty() {
        return html(
            StatusCode::CONFLICT,
            pages::confirm_replace(lang, &id, &waiting, &saved),
        );
    }
    let names = saved.join(", ");
    Redirect::to(&format!(
        "/avtal/{id}?sparad={}#kontroll",
        pages::url_encode(&names)
    ))
    .into_response()
}

#[derive(Deserialize)]
struct ConfirmForm {
    nyckel: Vec<String>,
    val: String,
}

/// Forms with repeated fields: `nyckel=a&nyckel=b&val=ersatt`.
fn parse_confirm(body: &str) -> ConfirmForm {
    let mut form = ConfirmForm {
        nyckel: Vec::new(),
        val: String::new(),
    };
    for (k, v) in body.split('&').filter_map(|p| p.split_once('=')) {
        let v = pages::url_decode(v);
        match k {
            "nyckel" => form.nyckel.push(v),
            "val" => form.val = v,
            _ => {}
        }
    }
    form
}

async fn confirm(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let lang = app.lang(&headers, None);
    let t = pages::T(lang);
    let dir = match folder_to_write(&app, &headers, &id, &format!("/avtal/{id}"), None).await {
        Ok(dir) => dir,
        Err(refused) => return refused,
    };
    let form = parse_confirm(&body);
    let locks = app.locks(&dir.path);
    let _write = locks.files.write().await;
    let ingest = app.ingest.clone();
    let path = dir.path.clone();
    let replace = form.val == "ersatt";
    let saved = blocking(move || {
        let mut saved = Vec::new();
        for key in &form.nyckel {
            if replace && let Some((name, bytes)) = folder::parked(&path, key) {
                match work::store_log(&path, &name, bytes, &ingest, true, today(), "0") {
                    Ok(Stored::Saved { name, .. }) => saved.push(name),
                    Ok(_) => {}
                    Err(e) => return Err(e.to_string()),
                }
            }
            folder::unpark(&path, key);
        }
        Ok(saved)
    })
    .await
    .unwrap_or_else(|| Err("internal error".to_owned()));
    match saved {
        Ok(saved) if !saved.is_empty() => Redirect::to(&format!(
            "/avtal/{id}?sparad={}#kontroll",
            pages::url_encode(&saved.join(", "))
        ))
        .into_response(),
        Ok(_) => Redirect::to(&format!("/avtal/{id}#loggar")).into_response(),
        Err(e) => message(
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            t.s("Filen kunde inte sparas", "The file could not be saved"),
            &[e],
            &format!("/avtal/{id}"),
        ),
    }
}

#[derive(Deserialize)]
struct ReportForm {
    #[serde(default)]
    fonster: String,
    #[serde(default)]
    fran: String,
    #[serde(default)]
    till: String,
    #[serde(default)]
    per: String,
    #[serde(default)]
    sprak: String,
    #[serde(default)]
    anteckning: String,
}

/// Where the time-limited render stands, so that a render that runs past
/// its limit never writes, and one that is writing is not called failed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Working,
    Writing,
    Cancelled,
}

async fn make_report(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    Form(form): Form<ReportForm>,
) -> Response {
    let lang = app.lang(&headers, None);
    let t = pages::T(lang);
    let back = format!("/avtal/{id}#rapport");
    let why = (
        "Servern startades med --read-only och skriver inga rapporter.",
        "The server was started with --read-only and writes no reports.",
    );
    let dir = match folder_to_write(&app, &headers, &id, &back, Some(why)).await {
        Ok(dir) => dir,
        Err(refused) => return refused,
    };
    let mut request = ReportRequest {
        lang: if form.sprak == "en" {
            Lang::En
        } else {
            Lang::Sv
        },
        notes: form
            .anteckning
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        ..ReportRequest::default()
    };
    let own = (form.fran.trim(), form.till.trim());
    let window = if own.0.is_empty() && own.1.is_empty() {
        form.fonster.trim().to_owned()
    } else {
        format!("{}..{}", own.0, own.1)
    };
    if !window.is_empty() {
        match crate::agreement::parse_window(&window) {
            Some(w) => request.window = Some(w),
            None => {
                return message(
                    lang,
                    StatusCode::BAD_REQUEST,
                    t.s("Perioden går inte att läsa", "The window cannot be read"),
                    &[t.s(
                        "Välj ett år, eller fyll i både Från och Till.",
                        "Choose a year, or fill in both From and To.",
                    )
                    .to_owned()],
                    &back,
                );
            }
        }
    }
    if !form.per.trim().is_empty() {
        match chrono::NaiveDate::parse_from_str(form.per.trim(), "%Y-%m-%d") {
            Ok(d) => request.as_of = Some(d),
            Err(_) => {
                return message(
                    lang,
                    StatusCode::BAD_REQUEST,
                    t.s("Datumet går inte att läsa", "The date cannot be read"),
                    &[t.s("Skriv det som 2023-06-30.", "Write it as 2023-06-30.")
                        .to_owned()],
                    &back,
                );
            }
        }
    }
    let locks = app.locks(&dir.path);
    let Ok(rendering) = locks.rendering.clone().try_lock_owned() else {
        return message(
            lang,
            StatusCode::CONFLICT,
            t.s("En rapport skapas redan", "A report is already being made"),
            &[t.s(
                "Vänta tills den är klar och försök sedan igen.",
                "Wait until it is done, then try again.",
            )
            .to_owned()],
            &back,
        );
    };
    let files = locks.files.clone().read_owned().await;
    let phase = Arc::new(std::sync::Mutex::new(Phase::Working));
    let worker_phase = phase.clone();
    let ingest = app.ingest.clone();
    let renderer = app.renderer.clone();
    let path = dir.path.clone();
    let task = tokio::task::spawn_blocking(move || {
        // Held until the work really ends, even past the time limit: one
        // report at a time, and no upload under it.
        let _guards = (rendering, files);
        let commit = || {
            let mut p = worker_phase
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if *p == Phase::Cancelled {
                return false;
            }
            *p = Phase::Writing;
            true
        };
        work::report(&path, &request, &ingest, &renderer, commit)
    });
    tokio::pin!(task);
    let outcome = match tokio::time::timeout(app.timeout, &mut task).await {
        Ok(joined) => joined.ok(),
        Err(_) => {
            let writing = {
                let mut p = phase
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if *p == Phase::Working {
                    *p = Phase::Cancelled;
                    false
                } else {
                    true
                }
            };
            if writing { task.await.ok() } else { None }
        }
    };
    match outcome {
        Some(Ok(done)) if done.unchanged => Redirect::to(&format!(
            "/avtal/{id}?oforandrad={}#rapport",
            pages::url_encode(&done.pdf)
        ))
        .into_response(),
        Some(Ok(done)) => Redirect::to(&format!(
            "/avtal/{id}?rapport={}#rapport",
            pages::url_encode(&done.pdf)
        ))
        .into_response(),
        Some(Err(failure)) => {
            let status = match failure {
                Failure::Data(_) => StatusCode::UNPROCESSABLE_ENTITY,
                Failure::Usage(_) => StatusCode::BAD_REQUEST,
                Failure::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
            };
            html(status, pages::report_failed(lang, &id, &dir.path, &failure))
        }
        None => message(
            lang,
            StatusCode::GATEWAY_TIMEOUT,
            t.s("Rapporten tog för lång tid", "The report took too long"),
            &[format!(
                "{} {} s{}",
                t.s("Gränsen är", "The limit is"),
                app.timeout.as_secs(),
                t.s(
                    ". Ingenting skrevs; den senaste rapporten finns kvar.",
                    ". Nothing was written; the last report is kept."
                )
            )],
            &back,
        ),
    }
}

#[derive(Deserialize)]
struct DownloadQuery {
    visa: Option<String>,
}

async fn download(
    State(app): State<Arc<App>>,
    UrlPath((id, file)): UrlPath<(String, String)>,
    Query(q): Query<DownloadQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(dir) = app.find(&id) else {
        return not_found(headers, State(app)).await;
    };
    let Some(path) = folder::report_file(&dir.path, &file) else {
        return not_found(headers, State(app)).await;
    };
    let Some(Ok(bytes)) = blocking(move || std::fs::read(path)).await else {
        return not_found(headers, State(app)).await;
    };
    let kind = if file.ends_with(".pdf") {
        "application/pdf"
    } else {
        "application/json"
    };
    let disposition = if q.visa.is_some() {
        "inline"
    } else {
        "attachment"
    };
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "{disposition}; filename=\"{}\"",
                    file.replace(['"', '\\'], "_")
                ),
            ),
        ],
        bytes,
    )
        .into_response()
}

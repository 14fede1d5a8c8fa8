//! "Nytt avtal" and "Ladda ner loggmall": the agreement text through
//! `lofte init` to a draft the user reads, corrects and confirms before it
//! is saved; and the activity-log workbook of `lofte logg`.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Multipart, Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::locale::Lang;

use super::app::{App, blocking, html, message, not_found};
use super::pages::{T, esc, layout_page, url_encode};

/// Largest agreement text or document accepted.
pub const MAX_AGREEMENT_BYTES: usize = 20 * 1024 * 1024;

/// A folder name for a new agreement: letters, digits, `-` and `_`, not
/// starting with a dot, at most 60 characters.
pub fn safe_folder_name(raw: &str) -> Option<String> {
    let name = raw.trim();
    let ok = !name.is_empty()
        && name.chars().count() <= 60
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    ok.then(|| name.to_owned())
}

fn read_only(app: &App, lang: Lang) -> Option<Response> {
    let t = T(lang);
    app.read_only.then(|| {
        message(
            lang,
            StatusCode::FORBIDDEN,
            t.s("Skrivskyddat läge", "Read-only mode"),
            &[t.s(
                "Servern startades med --read-only och skapar inga avtal.",
                "The server was started with --read-only and creates no agreements.",
            )
            .to_owned()],
            "/",
        )
    })
}

/// The form: a folder name, and the agreement as pasted text or a file.
pub fn form_page(lang: Lang, folder: &str, error: Option<&str>) -> String {
    let t = T(lang);
    let title = t.s("Nytt avtal", "New agreement");
    let mut body = format!("<h1>{title}</h1>");
    if let Some(error) = error {
        let _ = write!(body, "<p class=\"fel\" role=\"alert\">{}</p>", esc(error));
    }
    let _ = write!(
        body,
        "<p>{intro}</p>\
         <form method=\"post\" action=\"/nytt\" enctype=\"multipart/form-data\" data-progress>\
         <p><label for=\"mapp\">{folder_label}</label><br>\
         <input type=\"text\" id=\"mapp\" name=\"mapp\" value=\"{folder}\" required pattern=\"[^./\\\\]+\" aria-describedby=\"mapp-hjalp\">\
         <br><span id=\"mapp-hjalp\" class=\"hjalp\">{folder_help}</span></p>\
         <p><label for=\"text\">{text_label}</label><br>\
         <textarea id=\"text\" name=\"text\" rows=\"12\" cols=\"80\" aria-describedby=\"text-hjalp\"></textarea>\
         <br><span id=\"text-hjalp\" class=\"hjalp\">{text_help}</span></p>\
         <div class=\"slapp\" data-slapp><label for=\"fil\">{file_label}</label>\
         <input type=\"file\" id=\"fil\" name=\"fil\" accept=\".txt,.md,.docx\"></div>\
         <p><button type=\"submit\">{make}</button> <span class=\"pagar\" hidden role=\"status\">{busy} <progress></progress></span></p>\
         </form>",
        intro = t.s(
            "Klistra in avtalets text, eller välj den som fil. lofte gör ett utkast till avtalsfilen och markerar allt den har gissat; du läser utkastet och bekräftar innan det sparas.",
            "Paste the agreement's text, or choose it as a file. lofte drafts the promise file and marks everything it guessed; you read the draft and confirm before it is saved."
        ),
        folder_label = t.s("Mappens namn", "Folder name"),
        folder = esc(folder),
        folder_help = t.s(
            "Till exempel kalix. Bokstäver, siffror, - och _.",
            "For example kalix. Letters, digits, - and _."
        ),
        text_label = t.s("Avtalets text", "The agreement's text"),
        text_help = t.s(
            "Kopiera texten från kommunens webbplats eller avtalsdokumentet.",
            "Copy the text from the municipality's website or the agreement document."
        ),
        file_label = t.s(
            "… eller välj avtalet som fil (.txt, .md eller .docx)",
            "… or choose the agreement as a file (.txt, .md or .docx)"
        ),
        make = t.s("Gör utkast", "Make a draft"),
        busy = t.s("Läser avtalet …", "Reading the agreement …"),
    );
    layout_page(lang, title, &body)
}

/// The draft, editable, with every guess listed, and the button that saves.
pub fn draft_page(lang: Lang, folder: &str, draft: &crate::init::Draft) -> String {
    let t = T(lang);
    let title = t.s("Utkast till avtalsfil", "Draft promise file");
    let mut body = format!(
        "<h1>{title}</h1><p>{} {} {}, {} {}.</p>",
        t.s("lofte hittade", "lofte found"),
        draft.promises,
        t.s("löften", "promises"),
        draft.areas,
        t.s("fokusområden", "focus areas"),
    );
    if draft.guesses.is_empty() {
        let _ = write!(
            body,
            "<p>{}</p>",
            t.s("Inga gissningar att kontrollera.", "No guesses to check.")
        );
    } else {
        let _ = write!(
            body,
            "<table><caption>{} ({})</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            t.s("Kontrollera de här gissningarna", "Check these guesses"),
            draft.guesses.len(),
            t.s("Rad", "Line"),
            t.s("Vad du ska kontrollera", "What to check"),
        );
        for g in &draft.guesses {
            let _ = write!(
                body,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                g.line,
                esc(&g.message)
            );
        }
        body.push_str("</tbody></table>");
    }
    let lines = draft.toml.lines().count().clamp(10, 40);
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/nytt/spara\">\
         <input type=\"hidden\" name=\"mapp\" value=\"{folder}\">\
         <p><label for=\"toml\">{label}</label><br>\
         <textarea id=\"toml\" name=\"toml\" rows=\"{lines}\" cols=\"100\" spellcheck=\"false\" aria-describedby=\"toml-hjalp\">{toml}</textarea>\
         <br><span id=\"toml-hjalp\" class=\"hjalp\">{help}</span></p>\
         <p><button type=\"submit\">{save}</button> <a href=\"/nytt\">{again}</a></p></form>",
        folder = esc(folder),
        label = t.s("Avtalsfilen (loften.toml)", "The promise file (loften.toml)"),
        toml = esc(&draft.toml),
        help = t.s(
            "Rätta det som är fel här; raderna med # KONTROLLERA: är gissningar. Du kan ändra filen senare också.",
            "Correct what is wrong here; the lines with # KONTROLLERA: are guesses. You can change the file later too."
        ),
        save = t.s("Spara avtalet", "Save the agreement"),
        again = t.s("Börja om", "Start again"),
    );
    layout_page(lang, title, &body)
}

/// `GET /nytt`.
pub async fn new_form(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let lang = app.lang(&headers, None);
    if let Some(refused) = read_only(&app, lang) {
        return refused;
    }
    html(StatusCode::OK, form_page(lang, "", None))
}

/// `POST /nytt`: reads the text, drafts, shows the draft. Writes nothing.
pub async fn new_draft(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let lang = app.lang(&headers, None);
    let t = T(lang);
    if let Some(refused) = read_only(&app, lang) {
        return refused;
    }
    let mut folder = String::new();
    let mut text = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let status = e.status();
                return html(status, form_page(lang, &folder, Some(&e.body_text())));
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let Ok(bytes) = field.bytes().await else {
            return html(
                StatusCode::PAYLOAD_TOO_LARGE,
                form_page(
                    lang,
                    &folder,
                    Some(t.s(
                        "Texten är för stor (högst 20 MiB).",
                        "The text is too large (at most 20 MiB).",
                    )),
                ),
            );
        };
        match name.as_str() {
            "mapp" => folder = String::from_utf8_lossy(&bytes).into_owned(),
            "text" => text = String::from_utf8_lossy(&bytes).into_owned(),
            "fil" => {
                if let Some(n) = file_name.filter(|n| !n.is_empty() && !bytes.is_empty()) {
                    file = Some((n, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    let Some(folder) = safe_folder_name(&folder) else {
        return html(
            StatusCode::BAD_REQUEST,
            form_page(
                lang,
                &folder,
                Some(t.s(
                    "Mappens namn får bara ha bokstäver, siffror, - och _.",
                    "The folder name may have only letters, digits, - and _.",
                )),
            ),
        );
    };
    if app.root.join(&folder).exists() {
        return html(
            StatusCode::CONFLICT,
            form_page(
                lang,
                &folder,
                Some(t.s(
                    "Det finns redan en mapp med det namnet; välj ett annat.",
                    "A folder of that name is already there; choose another.",
                )),
            ),
        );
    }
    if file.is_none() && text.trim().is_empty() {
        return html(
            StatusCode::BAD_REQUEST,
            form_page(
                lang,
                &folder,
                Some(t.s(
                    "Klistra in avtalets text eller välj en fil.",
                    "Paste the agreement's text or choose a file.",
                )),
            ),
        );
    }
    let drafted = blocking(
        // The message is all the page shows of a file it cannot read.
        move || -> Result<crate::init::Draft, String> {
            let text = match file {
                Some((name, bytes)) => crate::init::text_from_bytes(&name, &bytes)
                    .map_err(|d| super::pages::Said::line(lang, std::path::Path::new(""), &d))?,
                None => text,
            };
            Ok(crate::init::draft(&text))
        },
    )
    .await;
    match drafted {
        Some(Ok(draft)) => html(StatusCode::OK, draft_page(lang, &folder, &draft)),
        Some(Err(message)) => html(
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(lang, &folder, Some(&message)),
        ),
        None => html(
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(
                lang,
                &folder,
                Some(t.s("Ingen text att läsa.", "No text to read.")),
            ),
        ),
    }
}

/// `POST /nytt/spara`: the confirmed draft into a new folder. Never
/// replaces an existing folder or file.
pub async fn save(State(app): State<Arc<App>>, headers: HeaderMap, body: String) -> Response {
    let lang = app.lang(&headers, None);
    let t = T(lang);
    if let Some(refused) = read_only(&app, lang) {
        return refused;
    }
    let mut folder = String::new();
    let mut toml = String::new();
    for (k, v) in body.split('&').filter_map(|p| p.split_once('=')) {
        match k {
            "mapp" => folder = super::pages::url_decode(v),
            "toml" => toml = super::pages::url_decode(v),
            _ => {}
        }
    }
    let Some(folder) = safe_folder_name(&folder) else {
        return message(
            lang,
            StatusCode::BAD_REQUEST,
            t.s(
                "Mappens namn går inte att använda",
                "The folder name cannot be used",
            ),
            &[],
            "/nytt",
        );
    };
    let dir = app.root.join(&folder);
    let saved = blocking(move || -> std::io::Result<()> {
        // create_dir fails when the folder exists: nothing is replaced.
        std::fs::create_dir(&dir)?;
        crate::cli::output::write_atomically(&dir.join("loften.toml"), toml.as_bytes())
    })
    .await;
    match saved {
        Some(Ok(())) => {
            Redirect::to(&format!("/avtal/{}#loggar", url_encode(&folder))).into_response()
        }
        Some(Err(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => message(
            lang,
            StatusCode::CONFLICT,
            t.s("Mappen finns redan", "The folder is already there"),
            &[t.s(
                "Ingenting skrevs över. Välj ett annat namn.",
                "Nothing was overwritten. Choose another name.",
            )
            .to_owned()],
            "/nytt",
        ),
        other => message(
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            t.s(
                "Avtalet kunde inte sparas",
                "The agreement could not be saved",
            ),
            &[other
                .and_then(Result::err)
                .map(|e| e.to_string())
                .unwrap_or_default()],
            "/nytt",
        ),
    }
}

/// `GET /avtal/{id}/loggmall`: the workbook `lofte logg` writes.
pub async fn log_template(
    State(app): State<Arc<App>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&headers, None);
    let t = T(lang);
    let Some(dir) = app.find(&id) else {
        return not_found(headers, State(app)).await;
    };
    let made = blocking(move || {
        let agreement = super::work::read_agreement(&dir.path)
            .map_err(|f| super::pages::failure_lines(lang, &dir.path, &f))?;
        let name = format!(
            "loggmall-{}.xlsx",
            crate::cli::output::slug(agreement.place())
        );
        crate::logbook::workbook(&agreement)
            .map(|bytes| (name, bytes))
            .map_err(|d| vec![super::pages::Said::line(lang, &dir.path, &d)])
    })
    .await;
    match made {
        Some(Ok((name, bytes))) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        other => message(
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            t.s(
                "Loggmallen kunde inte skapas",
                "The log template could not be made",
            ),
            &other.and_then(Result::err).unwrap_or_default(),
            &format!("/avtal/{id}"),
        ),
    }
}

//! The HTML of every page, written out here: server-rendered, escaped
//! everywhere (log text is data, never markup), usable without JavaScript
//! and with the keyboard alone. Swedish, English with `?lang=en`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::agreement::Agreement;
use crate::cli::load::Failure;
use crate::diag::{Diagnostic, Severity};
use crate::evaluate::Status;
use crate::locale::Lang;
use crate::render::problem_words::problem_words;
use crate::render::wording::{Counted, count};

use super::folder::{AgreementDir, NameError, ReportFile};
use super::work::{Checked, Stopped};

/// Picks the Swedish or the English text.
#[derive(Clone, Copy)]
pub struct T(pub Lang);

impl T {
    /// The text in the page language.
    pub fn s(self, sv: &'static str, en: &'static str) -> &'static str {
        match self.0 {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
}

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query value.
pub fn url_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Decodes a form value (`+` is a space).
pub fn url_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(text.get(i + 1..i + 3).unwrap_or(""), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The status in the page language, with its symbol: never colour alone.
/// Symbol and words are the report's, so the page and the PDF it makes
/// say a status the same way.
pub fn status_label(lang: Lang, status: Status) -> String {
    format!(
        "{} {}",
        crate::render::wording::status_symbol(status),
        crate::render::wording::status_label(lang, status)
    )
}

/// The frame of every page: language, title, skip link, header with the
/// language switch, the steps, and the content.
fn layout(lang: Lang, title: &str, step: Option<usize>, body: &str) -> String {
    let t = T(lang);
    let (code, other, other_name) = match lang {
        Lang::Sv => ("sv", "en", "English"),
        Lang::En => ("en", "sv", "Svenska"),
    };
    let steps = [
        (t.s("Avtal", "Agreements"), "/"),
        (t.s("Loggar", "Logs"), "#loggar"),
        (t.s("Kontroll", "Check"), "#kontroll"),
        (t.s("Rapport", "Report"), "#rapport"),
    ];
    let mut nav = String::new();
    if let Some(current) = step {
        let _ = write!(
            nav,
            "<nav aria-label=\"{}\"><ol class=\"steg\">",
            t.s("Steg", "Steps")
        );
        for (i, (name, href)) in steps.iter().enumerate() {
            let here = if i == current {
                " aria-current=\"step\""
            } else {
                ""
            };
            if current == 0 && i > 0 {
                // Steps 2–4 belong to one agreement: not links until one
                // is chosen.
                let _ = write!(
                    nav,
                    "<li><span class=\"senare\"><span class=\"nr\">{}</span> {name}</span></li>",
                    i + 1
                );
            } else {
                let _ = write!(
                    nav,
                    "<li><a href=\"{href}\"{here}><span class=\"nr\">{}</span> {name}</a></li>",
                    i + 1
                );
            }
        }
        nav.push_str("</ol></nav>");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} – lofte</title>\n<link rel=\"stylesheet\" href=\"/stil.css\">\n\
         <script src=\"/sida.js\" defer></script>\n</head>\n<body>\n\
         <a class=\"hoppa\" href=\"#innehall\">{skip}</a>\n\
         <header><p class=\"namn\"><a href=\"/\">lofte</a> <span>{tagline}</span></p>\
         <p class=\"sprak\"><a href=\"?lang={other}\" lang=\"{other}\" hreflang=\"{other}\">{other_name}</a></p></header>\n\
         {nav}\n<main id=\"innehall\" tabindex=\"-1\">\n{body}\n</main>\n\
         <footer><p>{footer}</p></footer>\n</body>\n</html>\n",
        title = esc(title),
        skip = t.s("Hoppa till innehållet", "Skip to content"),
        tagline = t.s(
            "uppföljning av medborgarlöften",
            "follow-up of citizen promises"
        ),
        footer = t.s(
            "Allt stannar på den här datorn: lofte hämtar och skickar ingenting.",
            "Everything stays on this computer: lofte fetches and sends nothing."
        ),
    )
}

/// A page outside the four steps (the new-agreement form and draft).
pub fn layout_page(lang: Lang, title: &str, body: &str) -> String {
    layout(lang, title, None, body)
}

/// Why the guard refused a request.
#[derive(Debug, Clone, Copy)]
pub enum Refusal {
    /// The Host header is not this server's.
    Host,
    /// The Origin (or Referer) is another site.
    Origin,
    /// No valid token.
    Token,
}

/// The page for a refused request.
pub fn refusal(lang: Lang, why: Refusal) -> axum::response::Html<String> {
    let t = T(lang);
    let (title, text) = match why {
        Refusal::Host => (
            t.s("Fel adress", "Wrong address"),
            t.s(
                "Begäran gällde ett annat värdnamn än det lofte lyssnar på. Använd adressen som lofte skrev ut.",
                "The request named another host than the one lofte listens on. Use the address lofte printed.",
            ),
        ),
        Refusal::Origin => (
            t.s("Begäran kom från en annan webbplats", "The request came from another site"),
            t.s(
                "lofte tar bara emot formulär från sina egna sidor.",
                "lofte only accepts forms from its own pages.",
            ),
        ),
        Refusal::Token => (
            t.s("Nyckel saknas", "Key missing"),
            t.s(
                "Öppna adressen precis som lofte skrev ut den, med ?t=… på slutet. Den visas i fönstret där lofte serve startades.",
                "Open the address exactly as lofte printed it, with ?t=… at the end. It is shown in the window where lofte serve was started.",
            ),
        ),
    };
    axum::response::Html(layout(
        lang,
        title,
        None,
        &format!("<h1>{}</h1><p>{}</p>", esc(title), esc(text)),
    ))
}

/// A page with a heading, some lines and a way back.
pub fn message(lang: Lang, title: &str, lines: &[String], back: &str) -> String {
    let t = T(lang);
    let mut body = format!("<h1>{}</h1>", esc(title));
    for line in lines {
        let _ = write!(body, "<p>{}</p>", esc(line));
    }
    let _ = write!(
        body,
        "<p><a href=\"{}\">{}</a></p>",
        esc(back),
        t.s("Tillbaka", "Back")
    );
    layout(lang, title, None, &body)
}

/// Why a file name was refused, in words.
pub fn name_error(lang: Lang, raw: &str, e: &NameError) -> String {
    let t = T(lang);
    let why = match e {
        NameError::Empty | NameError::Hidden => t.s(
            "namnet går inte att använda som filnamn",
            "the name cannot be used as a file name",
        ),
        NameError::NotALog(_) => t.s(
            "lofte läser loggar i formaten xlsx, xlsm, xls, xlsb, ods och csv",
            "lofte reads logs in the formats xlsx, xlsm, xls, xlsb, ods and csv",
        ),
    };
    format!("{raw:?}: {why}.")
}

/// `date` of a file time, as 2024-01-31 (local time).
fn day(time: Option<std::time::SystemTime>) -> String {
    time.map(|t| {
        chrono::DateTime::<chrono::Local>::from(t)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    })
    .unwrap_or_default()
}

/// The JSON name of a status (`partly_met`), for a CSS class.
fn status_key(status: Status) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn summary_text(lang: Lang, summary: &crate::evaluate::Summary) -> String {
    Status::ALL
        .iter()
        .filter_map(|s| {
            let n = summary.get(*s);
            (n > 0).then(|| format!("{n} {}", status_label(lang, *s)))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Step 1, Avtal: every agreement with kommun, period, logs and last report.
pub fn overview(
    lang: Lang,
    listing: &[(AgreementDir, Option<Agreement>, Vec<ReportFile>)],
    read_only: bool,
) -> String {
    let t = T(lang);
    let mut body = format!("<h1>{}</h1>", t.s("Avtal", "Agreements"));
    if !read_only {
        let _ = write!(
            body,
            "<p><a class=\"knapp\" href=\"/nytt\">{}</a> <span class=\"hjalp\">{}</span></p>",
            t.s("Nytt avtal", "New agreement"),
            t.s(
                "från avtalets text: lofte gör ett utkast som du bekräftar.",
                "from the agreement's text: lofte drafts it for you to confirm."
            )
        );
    }
    if read_only {
        let _ = write!(
            body,
            "<p class=\"notis\">{}</p>",
            t.s(
                "Skrivskyddat läge: här kan du läsa kontrollen och hämta rapporter, men inte ladda upp eller skapa.",
                "Read-only mode: you can read the check and download reports, but not upload or create."
            )
        );
    }
    if listing.is_empty() {
        let _ = write!(
            body,
            "<p>{}</p>",
            t.s(
                "Mappen innehåller inga avtal (mappar med en loften.toml).",
                "The folder holds no agreements (folders with a loften.toml)."
            )
        );
        return layout(lang, t.s("Avtal", "Agreements"), Some(0), &body);
    }
    let _ = write!(
        body,
        "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        t.s("Avtalen i mappen", "The agreements in the folder"),
        t.s("Kommun", "Municipality"),
        t.s("Period", "Period"),
        t.s("Loggar", "Logs"),
        t.s("Senaste rapport", "Last report"),
    );
    for (dir, agreement, reports) in listing {
        let (kommun, period, logs) = match agreement {
            Some(a) => (
                a.place().to_owned(),
                format!("{} – {}", a.period.from, a.period.to),
                a.logs
                    .iter()
                    .map(|p| {
                        let name = p.strip_prefix(&dir.path).unwrap_or(p).display().to_string();
                        if p.is_file() {
                            esc(&name)
                        } else {
                            format!(
                                "{} <span class=\"fel\">({})</span>",
                                esc(&name),
                                t.s("saknas", "missing")
                            )
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("<br>"),
            ),
            None => (
                dir.id.clone(),
                t.s("(avtalsfilen har fel)", "(the promise file has errors)")
                    .to_owned(),
                String::new(),
            ),
        };
        let last = reports.first().map_or_else(
            || t.s("ingen ännu", "none yet").to_owned(),
            |r| {
                format!(
                    "<a href=\"/avtal/{}?rapport={}#rapport\">{} {}</a>, {} {}, {} {}<br>{}",
                    url_encode(&dir.id),
                    url_encode(&r.pdf),
                    t.s("version", "version"),
                    r.version,
                    t.s("per", "as of"),
                    esc(&r.as_of),
                    t.s("skapad", "made"),
                    esc(&day(r.modified)),
                    esc(&summary_text(lang, &r.summary))
                )
            },
        );
        let _ = write!(
            body,
            "<tr><th scope=\"row\"><a href=\"/avtal/{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>",
            url_encode(&dir.id),
            esc(&kommun),
            esc(&period),
            logs,
            last
        );
    }
    body.push_str("</tbody></table>");
    layout(lang, t.s("Avtal", "Agreements"), Some(0), &body)
}

/// A log file of an agreement, as listed on the Loggar step.
#[derive(Debug)]
pub struct LogFile {
    /// Name relative to the agreement folder.
    pub name: String,
    /// Size and time, when it exists.
    pub found: Option<(u64, Option<std::time::SystemTime>)>,
}

/// The logs the agreement names, or the log files in its folder when the
/// promise file cannot be read.
pub fn log_files(dir: &Path, agreement: Option<&Agreement>) -> Vec<LogFile> {
    let paths: Vec<PathBuf> = match agreement {
        Some(a) => a.logs.clone(),
        None => std::fs::read_dir(dir)
            .map(|e| {
                let mut v: Vec<PathBuf> = e
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p.extension().is_some_and(|x| {
                            super::folder::LOG_EXTENSIONS
                                .contains(&x.to_string_lossy().to_lowercase().as_str())
                        })
                    })
                    .collect();
                v.sort();
                v
            })
            .unwrap_or_default(),
    };
    paths
        .iter()
        .map(|p| LogFile {
            name: p.strip_prefix(dir).unwrap_or(p).display().to_string(),
            found: std::fs::metadata(p)
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|m| (m.len(), m.modified().ok())),
        })
        .collect()
}

/// A message shown at the top of the agreement page after an action.
#[derive(Debug)]
pub enum Flash {
    /// Logs saved.
    Saved(String),
    /// A report written.
    Reported(String),
    /// Nothing changed since the last report.
    Unchanged(String),
}

/// What the agreement page shows.
pub struct AgreementView<'a> {
    /// The folder name.
    pub id: &'a str,
    /// The folder.
    pub dir: &'a Path,
    /// The check.
    pub checked: &'a Checked,
    /// Its logs.
    pub logs: &'a [LogFile],
    /// Its reports.
    pub reports: &'a [ReportFile],
    /// `--read-only`.
    pub read_only: bool,
    /// After an action.
    pub flash: Option<Flash>,
    /// A report to show: its PDF name and its results JSON.
    pub shown: Option<(String, Value)>,
    /// The folder's fingerprint, for the page to notice changes.
    pub stamp: &'a str,
}

/// Steps 2–4 for one agreement: Loggar, Kontroll, Rapport.
pub fn agreement(lang: Lang, view: &AgreementView<'_>) -> String {
    let t = T(lang);
    let id = url_encode(view.id);
    let title = view
        .checked
        .agreement
        .as_ref()
        .map_or_else(|| view.id.to_owned(), |a| a.place().to_owned());
    let mut body = format!("<h1>{}</h1>", esc(&title));
    if let Some(a) = &view.checked.agreement {
        let _ = write!(
            body,
            "<p>{} {} – {}. {} {}.</p>",
            t.s("Avtalsperiod", "Agreement period"),
            a.period.from,
            a.period.to,
            t.s("Lokalpolisområde", "Local police area"),
            esc(&a.police_area)
        );
    }
    let flash = match &view.flash {
        Some(Flash::Saved(names)) => Some((t.s("Sparad:", "Saved:"), names)),
        Some(Flash::Reported(name)) => {
            Some((t.s("Rapporten är skapad:", "The report is made:"), name))
        }
        Some(Flash::Unchanged(name)) => Some((
            t.s(
                "Inget har ändrats sedan den senaste versionen, så ingen ny skapades:",
                "Nothing changed since the last version, so no new one was made:",
            ),
            name,
        )),
        None => None,
    };
    if let Some((said, what)) = flash {
        let _ = write!(
            body,
            "<p class=\"notis\" role=\"status\">{said} {}.</p>",
            esc(what)
        );
    }

    // Step 2: Loggar.
    let _ = write!(
        body,
        "<section aria-labelledby=\"loggar\"><h2 id=\"loggar\" tabindex=\"-1\"><span class=\"nr\">2</span> {}</h2>",
        t.s("Loggar", "Logs")
    );
    if view.logs.is_empty() {
        let _ = write!(
            body,
            "<p>{}</p>",
            t.s(
                "Avtalet har inga loggar än.",
                "The agreement has no logs yet."
            )
        );
    } else {
        let _ = write!(
            body,
            "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            t.s("Loggarna som avtalet läser", "The logs the agreement reads"),
            t.s("Fil", "File"),
            t.s("Storlek", "Size"),
            t.s("Ändrad", "Modified"),
        );
        for log in view.logs {
            let (size, when) = match log.found {
                Some((bytes, time)) => (format!("{} kB", bytes.div_ceil(1024)), day(time)),
                None => (
                    format!("<span class=\"fel\">{}</span>", t.s("saknas", "missing")),
                    String::new(),
                ),
            };
            let _ = write!(
                body,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                esc(&log.name),
                size,
                esc(&when)
            );
        }
        body.push_str("</tbody></table>");
    }
    if view.checked.agreement.is_some() {
        let _ = write!(
            body,
            "<p><a class=\"knapp andra\" id=\"loggmall\" href=\"/avtal/{id}/loggmall\" download>{}</a> <span class=\"hjalp\">{}</span></p>",
            t.s("Ladda ner loggmall", "Download the log template"),
            t.s(
                "En arbetsbok med rätt kolumner och listor för det här avtalets löften (samma som lofte logg).",
                "A workbook with the right columns and lists for this agreement's promises (the same as lofte logg)."
            )
        );
    }
    if !view.read_only {
        let _ = write!(
            body,
            "<form method=\"post\" action=\"/avtal/{id}/loggar\" enctype=\"multipart/form-data\" data-progress>\
             <div class=\"slapp\" data-slapp>\
             <label for=\"filer\">{choose}</label>\
             <input type=\"file\" id=\"filer\" name=\"filer\" multiple required accept=\".xlsx,.xlsm,.xls,.xlsb,.ods,.csv\" aria-describedby=\"filer-hjalp\">\
             <p id=\"filer-hjalp\" class=\"hjalp\">{help}</p></div>\
             <p><input type=\"checkbox\" id=\"ersatt\" name=\"ersatt\" value=\"ja\"> <label for=\"ersatt\">{replace}</label></p>\
             <p><button type=\"submit\">{upload}</button> <span class=\"pagar\" hidden role=\"status\">{busy} <progress></progress></span></p>\
             </form>",
            choose = t.s("Välj loggar att ladda upp", "Choose logs to upload"),
            help = t.s(
                "xlsx, xlsm, xls, xlsb, ods eller csv. Du kan också dra filerna hit. En fil med samma namn som en logg ersätter den; den gamla sparas som en daterad kopia i mappen tidigare.",
                "xlsx, xlsm, xls, xlsb, ods or csv. You can also drag the files here. A file with the same name as a log replaces it; the old one is kept as a dated copy in the folder tidigare."
            ),
            replace = t.s(
                "Ersätt filer med samma namn utan att fråga",
                "Replace files with the same name without asking"
            ),
            upload = t.s("Ladda upp", "Upload"),
            busy = t.s("Laddar upp …", "Uploading …"),
        );
    }
    body.push_str("</section>");

    // Step 3: Kontroll.
    let _ = write!(
        body,
        "<section aria-labelledby=\"kontroll\"><h2 id=\"kontroll\" tabindex=\"-1\"><span class=\"nr\">3</span> {}</h2>\
         <div aria-live=\"polite\" data-stamp=\"{}\" data-stamp-url=\"/avtal/{id}/andrad\" data-fragment-url=\"/avtal/{id}/kontroll\">{}</div></section>",
        t.s("Kontroll", "Check"),
        esc(view.stamp),
        check_section(lang, view.dir, view.checked)
    );

    // Step 4: Rapport.
    let _ = write!(
        body,
        "<section aria-labelledby=\"rapport\"><h2 id=\"rapport\" tabindex=\"-1\"><span class=\"nr\">4</span> {}</h2>",
        t.s("Rapport", "Report")
    );
    if let Some((name, results)) = &view.shown {
        body.push_str(&shown_report(lang, &id, name, results));
    }
    if !view.read_only {
        body.push_str(&report_form(lang, &id, view.checked));
    }
    if !view.reports.is_empty() {
        let _ = write!(
            body,
            "<table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            t.s("Rapporter", "Reports"),
            t.s("Rapport", "Report"),
            t.s("Version", "Version"),
            t.s("Period och datum", "Window and date"),
            t.s("Utfall", "Outcome"),
            t.s("Hämta", "Download"),
        );
        for r in view.reports {
            let _ = write!(
                body,
                "<tr><th scope=\"row\"><a href=\"/avtal/{id}?rapport={}#rapport\">{}</a></th><td>{}</td><td>{} – {}, {} {}<br>{} {}</td><td>{}</td>\
                 <td><a href=\"/avtal/{id}/rapporter/{}\" download>{}</a><br><a href=\"/avtal/{id}/rapporter/{}\" download>{}</a></td></tr>",
                url_encode(&r.pdf),
                esc(&r.pdf),
                r.version,
                esc(&r.window.0),
                esc(&r.window.1),
                t.s("per", "as of"),
                esc(&r.as_of),
                t.s("skapad", "made"),
                esc(&day(r.modified)),
                esc(&summary_text(lang, &r.summary)),
                url_encode(&r.pdf),
                t.s("PDF", "PDF"),
                url_encode(&r.json),
                t.s("JSON", "JSON"),
            );
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("</section>");
    layout(lang, &title, Some(1), &body)
}

/// One problem in words of the page: what is wrong, what more is known
/// (what was found, the other places it concerns), and what to do.
///
/// The diagnostics' messages and hints are English, as the terminal says
/// them. A Swedish page says instead what every problem of its kind is
/// ([`problem_words`]) beside its place and what was found, as the
/// report's Datakvalitet section does; the table's own columns name the
/// file, sheet and cell.
pub struct Said {
    /// What is wrong.
    pub what: String,
    /// What was found, and other places the problem concerns.
    pub more: Vec<String>,
    /// What to do.
    pub todo: String,
}

impl Said {
    /// `d` in words of `lang`; places inside `dir` are named from it.
    pub fn of(lang: Lang, dir: &Path, d: &Diagnostic) -> Said {
        let within = |location: &crate::diag::Location| describe_within(lang, dir, location);
        let mut more = Vec::new();
        let (what, todo) = match lang {
            Lang::En => {
                more.extend(d.found.as_ref().map(|found| format!("found: {found:?}")));
                more.extend(d.expected.as_ref().map(|e| format!("expected: {e}")));
                (
                    d.message.clone(),
                    d.hint.as_deref().unwrap_or_default().to_owned(),
                )
            }
            Lang::Sv => {
                let quoted = |label: &str, text: &str| format!("{label}: \u{201C}{text}\u{201D}");
                more.extend(d.subject_text().map(|s| quoted("Gäller", s)));
                more.extend(d.found.as_ref().map(|f| quoted("Hittat", f)));
                let words = problem_words(d.code);
                let todo = match d.suggestion_text() {
                    Some(near) => format!("Menade du \u{201C}{near}\u{201D}? {}", words.todo),
                    None => words.todo.to_owned(),
                };
                (words.what.to_owned(), todo)
            }
        };
        more.extend(d.related.iter().map(|r| match lang {
            Lang::En => format!("{}: {}", r.label, within(&r.location)),
            Lang::Sv => format!("Se även {}", within(&r.location)),
        }));
        Said { what, more, todo }
    }

    /// On one line, with its place: for pages that show a problem as a
    /// sentence rather than in the table.
    pub fn line(lang: Lang, dir: &Path, d: &Diagnostic) -> String {
        let said = Said::of(lang, dir, d);
        let mut line = match &d.location {
            Some(location) => format!("{}: {}", describe_within(lang, dir, location), said.what),
            None => said.what,
        };
        for more in said.more {
            line.push(' ');
            line.push_str(&more);
            if !line.ends_with('.') {
                line.push('.');
            }
        }
        if !said.todo.is_empty() {
            line.push(' ');
            line.push_str(&said.todo);
        }
        line
    }
}

/// Why a run stopped, in words of `lang`: one line for each problem.
pub fn failure_lines(lang: Lang, dir: &Path, failure: &Failure) -> Vec<String> {
    match failure {
        Failure::Usage(usage) => vec![usage.text(lang)],
        Failure::Io(d) | Failure::Data(d) => d.iter().map(|d| Said::line(lang, dir, d)).collect(),
    }
}

/// A file's name with the agreement folder left out.
fn short_file(dir: &Path, file: &str) -> String {
    let file = Path::new(file);
    file.strip_prefix(dir).unwrap_or(file).display().to_string()
}

/// A place in words of `lang`, with the agreement folder left out.
fn describe_within(lang: Lang, dir: &Path, location: &crate::diag::Location) -> String {
    let mut location = location.clone();
    location.file = short_file(dir, &location.file).into();
    location.describe(lang)
}

/// A diagnostic's place in words of `lang` (file, sheet, and cell, row
/// or line), with the agreement folder left out.
fn place(lang: Lang, dir: &Path, d: &Diagnostic) -> (String, String, String) {
    let Some(location) = &d.location else {
        return (String::new(), String::new(), String::new());
    };
    let file = short_file(dir, &location.file);
    let row = location.row_number().unwrap_or_default();
    let cell = match (location.place.clone(), lang) {
        (crate::diag::Place::Cell { row, column }, _) => crate::diag::a1(row, column),
        (crate::diag::Place::Row { .. }, Lang::Sv) => format!("rad {row}"),
        (crate::diag::Place::Row { .. }, Lang::En) => format!("row {row}"),
        (crate::diag::Place::Line { line, column }, Lang::Sv) => {
            format!("rad {line}, kolumn {column}")
        }
        (crate::diag::Place::Line { line, column }, Lang::En) => {
            format!("line {line}, column {column}")
        }
        (crate::diag::Place::File, _) => String::new(),
    };
    (
        file,
        location.sheet.as_deref().unwrap_or_default().to_owned(),
        cell,
    )
}

/// Step 3's content: the problems as a table (the diagnostics of `lofte
/// check`), then the outcome per promise when there are no errors.
pub fn check_section(lang: Lang, dir: &Path, checked: &Checked) -> String {
    let (errors, usage, results) = match &checked.outcome.output {
        Ok(results) => (&[][..], None, Some(results)),
        Err(Stopped::Errors(errors)) => (errors.as_slice(), None, None),
        Err(Stopped::Usage(usage)) => (&[][..], Some(usage.text(lang)), None),
    };
    problems_section(
        lang,
        dir,
        errors,
        usage.as_deref(),
        &checked.outcome.warnings,
        results,
    )
}

/// The problems as a table, errors first, then the outcome per promise
/// when there are `results`.
fn problems_section(
    lang: Lang,
    dir: &Path,
    errors: &[Diagnostic],
    usage: Option<&str>,
    warnings: &[Diagnostic],
    results: Option<&crate::evaluate::Results>,
) -> String {
    let t = T(lang);
    let mut out = String::new();
    let problems: Vec<&Diagnostic> = errors.iter().chain(warnings).collect();
    let (warnings, errors) = (warnings.len(), errors.len() + usize::from(usage.is_some()));
    let _ = write!(
        out,
        "<p class=\"{}\"><strong>{}, {}.</strong> {}</p>",
        if errors > 0 { "fel" } else { "ok" },
        count(lang, errors, Counted::Error),
        count(lang, warnings, Counted::Warning),
        if errors > 0 {
            t.s(
                "Rätta felen i loggen eller avtalsfilen och ladda upp igen; rapporten kan inte skapas förrän dess.",
                "Fix the errors in the log or the promise file and upload again; the report cannot be made until then.",
            )
        } else {
            t.s(
                "Underlaget går att rapportera.",
                "The data can be reported.",
            )
        }
    );
    if let Some(usage) = usage {
        let _ = write!(out, "<p class=\"fel\">{}</p>", esc(usage));
    }
    if !problems.is_empty() {
        let _ = write!(
            out,
            "<table class=\"problem\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            t.s("Problem i underlaget", "Problems in the data"),
            t.s("Typ", "Kind"),
            t.s("Fil", "File"),
            t.s("Blad", "Sheet"),
            t.s("Cell", "Cell"),
            t.s("Meddelande", "Message"),
            t.s("Vad du kan göra", "What to do"),
        );
        for d in problems {
            let (file, sheet, cell) = place(lang, dir, d);
            let kind = match d.severity {
                Severity::Error => t.s("✗ Fel", "✗ Error"),
                Severity::Warning => t.s("⚠ Varning", "⚠ Warning"),
            };
            let words = Said::of(lang, dir, d);
            let mut message = esc(&words.what);
            for line in &words.more {
                let _ = write!(message, "<br>{}", esc(line));
            }
            let _ = write!(
                out,
                "<tr><td>{kind}</td><td>{}</td><td>{}</td><td>{}</td><td>{message}</td><td>{}</td></tr>",
                esc(&file),
                esc(&sheet),
                esc(&cell),
                esc(&words.todo)
            );
        }
        out.push_str("</tbody></table>");
    }
    if let Some(results) = results {
        let _ = write!(
            out,
            "<table class=\"utfall\"><caption>{} {} – {}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            t.s("Utfall för hela perioden", "Outcome over the whole period"),
            results.window.from,
            results.window.to,
            t.s("Löfte", "Promise"),
            t.s("Mål", "Target"),
            t.s("Utfall", "Outcome"),
            t.s("Status", "Status"),
        );
        for p in &results.promises {
            let targets = p
                .targets
                .iter()
                .map(|t| esc(&crate::render::wording::target_description(t)))
                .collect::<Vec<_>>()
                .join("<br>");
            let outcomes = p
                .targets
                .iter()
                .map(|t| esc(&crate::render::wording::outcome_text(lang, t)))
                .collect::<Vec<_>>()
                .join("<br>");
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{targets}</td><td>{outcomes}</td><td class=\"status-{}\">{}</td></tr>",
                esc(&p.id),
                status_key(p.status),
                esc(&status_label(lang, p.status))
            );
        }
        out.push_str("</tbody></table>");
    }
    out
}

fn report_form(lang: Lang, id: &str, checked: &Checked) -> String {
    let t = T(lang);
    let mut windows = format!(
        "<option value=\"\">{}</option>",
        t.s("Hela avtalsperioden", "The whole agreement period")
    );
    if let Some(a) = &checked.agreement {
        use chrono::Datelike;
        for year in a.period.from.year()..=a.period.to.year() {
            let _ = write!(windows, "<option value=\"{year}\">{year}</option>");
        }
    }
    let disabled = if checked.errors() > 0 {
        " disabled"
    } else {
        ""
    };
    format!(
        "<form method=\"post\" action=\"/avtal/{id}/rapport\" data-progress>\
         <p><label for=\"fonster\">{window}</label><br><select id=\"fonster\" name=\"fonster\">{windows}</select></p>\
         <fieldset><legend>{own}</legend><label for=\"fran\">{from}</label> <input type=\"date\" id=\"fran\" name=\"fran\">          <label for=\"till\">{to}</label> <input type=\"date\" id=\"till\" name=\"till\"></fieldset>         <p><label for=\"per\">{asof}</label><br><input type=\"date\" id=\"per\" name=\"per\" aria-describedby=\"per-hjalp\">\
         <br><span id=\"per-hjalp\" class=\"hjalp\">{asof_help}</span></p>\
         <fieldset><legend>{language}</legend>\
         <input type=\"radio\" id=\"sprak-sv\" name=\"sprak\" value=\"sv\"{sv}> <label for=\"sprak-sv\">Svenska</label> \
         <input type=\"radio\" id=\"sprak-en\" name=\"sprak\" value=\"en\"{en}> <label for=\"sprak-en\" lang=\"en\">English</label></fieldset>\
         <p><label for=\"anteckning\">{note}</label><br><textarea id=\"anteckning\" name=\"anteckning\" rows=\"3\" cols=\"80\" aria-describedby=\"anteckning-hjalp\"></textarea>\
         <br><span id=\"anteckning-hjalp\" class=\"hjalp\">{note_help}</span></p>\
         <p><button type=\"submit\" id=\"skapa\"{disabled}>{make}</button> <span class=\"pagar\" hidden role=\"status\">{busy} <progress></progress></span></p>\
         </form>",
        window = t.s("Rapportperiod", "Report window"),
        own = t.s(
            "… eller en egen period (fyll i båda)",
            "… or a window of your own (fill in both)"
        ),
        from = t.s("Från", "From"),
        to = t.s("Till", "To"),
        asof = t.s("Per datum (valfritt)", "As of (optional)"),
        asof_help = t.s(
            "Lämna tomt för periodens sista dag. Före den är löftena ”Pågår”.",
            "Leave empty for the last day of the window. Before it, promises are “In progress”."
        ),
        language = t.s("Rapportens språk", "Language of the report"),
        sv = if lang == Lang::Sv { " checked" } else { "" },
        en = if lang == Lang::En { " checked" } else { "" },
        note = t.s(
            "Anteckning till ändringsförteckningen (valfri)",
            "Note for the change record (optional)"
        ),
        note_help = t.s(
            "Varför en ny version görs, till exempel ”Rättad rad 14 i polisens logg”. En rad per anteckning. Används bara när något har ändrats sedan förra versionen.",
            "Why a new version is made, for example “Corrected row 14 of the police's log”. One line per note. Used only when something changed since the last version."
        ),
        make = t.s("Skapa rapport", "Make the report"),
        busy = t.s("Skapar rapporten …", "Making the report …"),
    )
}

fn shown_report(lang: Lang, id: &str, name: &str, results: &Value) -> String {
    let t = T(lang);
    let json_name = Path::new(name).with_extension("json").display().to_string();
    let file = url_encode(name);
    let mut out = format!(
        "<div class=\"rapport\"><h3>{} {}</h3><p><a class=\"knapp\" id=\"ladda-pdf\" href=\"/avtal/{id}/rapporter/{file}\" download>{}</a> \
         <a class=\"knapp\" href=\"/avtal/{id}/rapporter/{}\" download>{}</a></p>",
        esc(name),
        format_args!(
            "({} {})",
            t.s("version", "version"),
            results["version"].as_u64().unwrap_or(1)
        ),
        t.s("Ladda ner PDF", "Download PDF"),
        url_encode(&json_name),
        t.s("Ladda ner JSON", "Download JSON"),
    );
    if let Some(changes) = results.get("changes").filter(|c| !c.is_null()) {
        let promises = changes["promises"].as_array().map_or(0, Vec::len);
        let added = changes["rows_added"].as_array().map_or(0, Vec::len);
        let removed = changes["rows_removed"].as_array().map_or(0, Vec::len);
        let changed = changes["rows_changed"].as_array().map_or(0, Vec::len);
        let _ = write!(
            out,
            "<p>{} {}: {promises} {}, {added} {}, {removed} {}, {changed} {}.</p>",
            t.s("Ändringar sedan version", "Changes since version"),
            changes["since_version"].as_u64().unwrap_or(1),
            t.s(
                "löften med ändrat utfall",
                "promises with a changed outcome"
            ),
            t.s("nya rader", "rows added"),
            t.s("borttagna", "removed"),
            t.s("ändrade", "changed"),
        );
    }
    let _ = write!(
        out,
        "<object data=\"/avtal/{id}/rapporter/{file}?visa=1\" type=\"application/pdf\" class=\"pdf\" aria-label=\"{}\">\
         <p>{} <a href=\"/avtal/{id}/rapporter/{file}\" download>{}</a></p></object></div>",
        esc(&format!("{} {name}", t.s("Rapporten", "The report"))),
        t.s(
            "Webbläsaren kan inte visa PDF-filen här.",
            "The browser cannot show the PDF here."
        ),
        t.s("Ladda ner PDF", "Download PDF"),
    );
    out
}

fn diagnostics_table(lang: Lang, dir: &Path, diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        diagnostics.iter().cloned().partition(Diagnostic::is_error);
    problems_section(lang, dir, &errors, None, &warnings, None)
}

/// An upload refused because a file cannot be read as a log at all.
pub fn refused_upload(
    lang: Lang,
    id: &str,
    dir: &Path,
    diagnostics: &[Diagnostic],
    saved: &[String],
) -> String {
    let t = T(lang);
    let mut body = format!(
        "<h1>{}</h1><p>{}</p>",
        t.s("Filen sparades inte", "The file was not saved"),
        t.s(
            "lofte kan inte läsa filen som en logg. Den logg som fanns finns kvar.",
            "lofte cannot read the file as a log. The log that was there is kept."
        )
    );
    if !saved.is_empty() {
        let _ = write!(
            body,
            "<p>{} {}.</p>",
            t.s("Sparad:", "Saved:"),
            esc(&saved.join(", "))
        );
    }
    body.push_str(&diagnostics_table(lang, dir, diagnostics));
    let _ = write!(
        body,
        "<p><a href=\"/avtal/{}#loggar\">{}</a></p>",
        url_encode(id),
        t.s("Tillbaka", "Back")
    );
    layout(
        lang,
        t.s("Filen sparades inte", "The file was not saved"),
        None,
        &body,
    )
}

/// Asks before replacing files of the same name.
pub fn confirm_replace(
    lang: Lang,
    id: &str,
    waiting: &[(String, String)],
    saved: &[String],
) -> String {
    let t = T(lang);
    let title = t.s("Ersätta filen?", "Replace the file?");
    let mut body = format!("<h1>{title}</h1>");
    if !saved.is_empty() {
        let _ = write!(
            body,
            "<p>{} {}.</p>",
            t.s("Sparad:", "Saved:"),
            esc(&saved.join(", "))
        );
    }
    let _ = write!(
        body,
        "<p>{}</p><ul>",
        t.s(
            "Det finns redan en fil med samma namn:",
            "A file of the same name is already there:"
        )
    );
    for (name, _) in waiting {
        let _ = write!(body, "<li>{}</li>", esc(name));
    }
    let _ = write!(
        body,
        "</ul><p>{}</p><form method=\"post\" action=\"/avtal/{}/loggar/bekrafta\">",
        t.s(
            "Om du ersätter den sparas den gamla som en daterad kopia i mappen tidigare.",
            "If you replace it, the old one is kept as a dated copy in the folder tidigare."
        ),
        url_encode(id)
    );
    for (_, key) in waiting {
        let _ = write!(
            body,
            "<input type=\"hidden\" name=\"nyckel\" value=\"{}\">",
            esc(key)
        );
    }
    let _ = write!(
        body,
        "<p><button type=\"submit\" name=\"val\" value=\"ersatt\" autofocus>{}</button> \
         <button type=\"submit\" name=\"val\" value=\"avbryt\" class=\"andra\">{}</button></p></form>",
        t.s("Ersätt", "Replace"),
        t.s("Avbryt", "Cancel"),
    );
    layout(lang, title, None, &body)
}

/// A report that could not be made, with every problem.
pub fn report_failed(lang: Lang, id: &str, dir: &Path, failure: &Failure) -> String {
    let t = T(lang);
    let title = t.s(
        "Rapporten kunde inte skapas",
        "The report could not be made",
    );
    let mut body = format!(
        "<h1>{title}</h1><p>{}</p>",
        t.s(
            "Ingenting skrevs: den senaste rapporten finns kvar som den var.",
            "Nothing was written: the last report is kept as it was."
        )
    );
    match failure {
        Failure::Usage(usage) => {
            let _ = write!(body, "<p class=\"fel\">{}</p>", esc(&usage.text(lang)));
        }
        Failure::Io(d) | Failure::Data(d) => body.push_str(&diagnostics_table(lang, dir, d)),
    }
    let _ = write!(
        body,
        "<p><a href=\"/avtal/{}#rapport\">{}</a></p>",
        url_encode(id),
        t.s("Tillbaka", "Back")
    );
    layout(lang, title, None, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_urls_round_trip() {
        assert_eq!(
            esc("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
        let name = "Logg 2023 (v2)åäö.xlsx";
        assert_eq!(url_decode(&url_encode(name)), name);
        assert_eq!(url_decode("a+b%2Fc%"), "a b/c%");
    }
}

//! The document the template reads as `/data.json`: the results as they
//! are, plus everything a reader sees already worded and formatted in the
//! report's language, so the template only lays out.

use serde::Serialize;
use serde_json::{Value, json};

use crate::agreement::Period;
use crate::evaluate::{IntervalResult, PromiseResult, Results, Status, TargetResult};
use crate::locale::{self, Lang};

use super::RenderOptions;

/// How many rows per promise the `--underlag` appendix lists at most; the
/// results JSON always has them all.
pub const UNDERLAG_MAX_ROWS: usize = 200;

/// Words of the report in one language.
struct Words {
    title: &'static str,
    window: &'static str,
    as_of: &'static str,
    deadline: &'static str,
    version: &'static str,
    diarienummer: &'static str,
    summary: &'static str,
    promise: &'static str,
    responsible: &'static str,
    partners: &'static str,
    target: &'static str,
    outcome: &'static str,
    status: &'static str,
    comment: &'static str,
    next_step: &'static str,
    done_by: &'static str,
    logged: &'static str,
    data_quality: &'static str,
    provenance: &'static str,
    rules: &'static str,
    signatures: &'static str,
    authors: &'static str,
    recipients: &'static str,
    changes: &'static str,
    underlag: &'static str,
    file: &'static str,
    role: &'static str,
    rows: &'static str,
    intervals: &'static str,
    pace: &'static str,
}

const SV: Words = Words {
    title: "Uppföljning av medborgarlöften",
    window: "Rapportperiod",
    as_of: "Underlag per",
    deadline: "Uppföljningen besvarar",
    version: "Version",
    diarienummer: "Diarienummer",
    summary: "Sammanfattning",
    promise: "Löfte",
    responsible: "Ansvarig",
    partners: "Samverkan",
    target: "Mål",
    outcome: "Utfall",
    status: "Bedömning",
    comment: "Kommentar",
    next_step: "Nästa steg",
    done_by: "Utfört av",
    logged: "Loggade aktiviteter",
    data_quality: "Datakvalitet",
    provenance: "Underlag och spårbarhet",
    rules: "Så räknas utfallet",
    signatures: "Underskrifter",
    authors: "Sammanställd av",
    recipients: "Mottagare",
    changes: "Ändringar sedan version",
    underlag: "Bilaga: rader bakom varje löfte",
    file: "Fil",
    role: "Roll",
    rows: "Rader",
    intervals: "Perioder",
    pace: "Takt",
};

const EN: Words = Words {
    title: "Follow-up of citizen promises",
    window: "Report period",
    as_of: "Data as of",
    deadline: "This follow-up answers",
    version: "Version",
    diarienummer: "Reference number",
    summary: "Summary",
    promise: "Promise",
    responsible: "Responsible",
    partners: "Partners",
    target: "Target",
    outcome: "Outcome",
    status: "Verdict",
    comment: "Comment",
    next_step: "Next step",
    done_by: "Done by",
    logged: "Logged activities",
    data_quality: "Data quality",
    provenance: "Sources and traceability",
    rules: "How the outcome is counted",
    signatures: "Signatures",
    authors: "Compiled by",
    recipients: "Recipients",
    changes: "Changes since version",
    underlag: "Appendix: rows behind each promise",
    file: "File",
    role: "Role",
    rows: "Rows",
    intervals: "Intervals",
    pace: "Pace",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// Label of a status in the report's language.
pub fn status_label(lang: Lang, status: Status) -> &'static str {
    match lang {
        Lang::Sv => status.label_sv(),
        Lang::En => match status {
            Status::Met => "Met",
            Status::PartlyMet => "Partly met",
            Status::NotMet => "Not met",
            Status::InProgress => "In progress",
            Status::ReportedInText => "Reported in text",
            Status::NotApplicable => "Not applicable",
            Status::NoData => "No data",
        },
    }
}

/// A symbol for each status, so that no meaning rests on colour alone;
/// all of them are glyphs the embedded font has.
pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Met => "✓",
        Status::PartlyMet => "◇",
        Status::NotMet => "✗",
        Status::InProgress => "→",
        Status::ReportedInText => "■",
        Status::NotApplicable => "–",
        Status::NoData => "⚠",
    }
}

#[derive(Serialize)]
struct Cell {
    label: String,
    value: String,
    /// `met`, `partly`, `missed` or `open` (not judged).
    state: &'static str,
    symbol: &'static str,
}

fn interval_cell(lang: Lang, i: &IntervalResult) -> Cell {
    let (state, symbol) = match i.met {
        Some(true) => ("met", "✓"),
        Some(false) if i.partly => ("partly", "◇"),
        Some(false) => ("missed", "✗"),
        None => ("open", "·"),
    };
    Cell {
        label: i.label.clone(),
        value: locale::number(lang, i.achieved, 1),
        state,
        symbol,
    }
}

fn per_word(lang: Lang, p: Period) -> &'static str {
    match (lang, p) {
        (Lang::Sv, Period::Day) => "dag",
        (Lang::Sv, Period::Week) => "vecka",
        (Lang::Sv, Period::Month) => "månad",
        (Lang::Sv, Period::Quarter) => "kvartal",
        (Lang::Sv, Period::Year) => "år",
        (Lang::En, Period::Day) => "day",
        (Lang::En, Period::Week) => "week",
        (Lang::En, Period::Month) => "month",
        (Lang::En, Period::Quarter) => "quarter",
        (Lang::En, Period::Year) => "year",
    }
}

/// The outcome in English, from the figures (the results carry it in
/// Swedish, the report's first language).
fn outcome_en(t: &TargetResult) -> String {
    let num = |x: f64| locale::number(Lang::En, x, 2);
    let per = t.per.map(|p| per_word(Lang::En, p)).unwrap_or("period");
    let req = t.required.unwrap_or(0.0);
    let noun = |x: f64| crate::evaluate::noun_for(x, &t.noun_singular, &t.noun);
    if t.status == Status::NoData && t.rows.is_empty() {
        return "no rows counted: an activity type or place of the promise file is not in the logs"
            .to_owned();
    }
    if t.kind == "at_least_per" && t.status == Status::InProgress && req == 0.0 {
        return format!("{} {} so far", num(t.total), noun(t.total));
    }
    match t.kind {
        "at_least_per" => format!(
            "{} of {} {per}{} with at least {} {}; {} in all",
            num(t.achieved),
            num(req),
            if req == 1.0 { "" } else { "s" },
            num(t.per_interval.unwrap_or(0.0)),
            noun(t.per_interval.unwrap_or(0.0)),
            num(t.total)
        ),
        "every_n" => format!(
            "{} of {} blocks with at least {}",
            num(t.achieved),
            num(req),
            num(t.per_interval.unwrap_or(0.0))
        ),
        "average" => format!(
            "on average {} {} per {per}",
            num(t.achieved),
            noun(t.achieved)
        ),
        "total" => format!(
            "{} {} (at least {} required)",
            num(t.total),
            noun(t.total),
            num(req)
        ),
        "share" => format!("activity on {} % of days", num(t.achieved * 100.0)),
        "trend" => t
            .intervals
            .iter()
            .map(|i| match i.required {
                Some(p) => format!("{}: {} (before: {})", i.label, num(i.achieved), num(p)),
                None => format!("{}: {}", i.label, num(i.achieved)),
            })
            .collect::<Vec<_>>()
            .join(", "),
        "per_place" if t.missed_places.is_empty() => {
            format!("all {} places reached the target", num(req))
        }
        "per_place" => format!(
            "{} of {} places; missing: {}",
            num(t.achieved),
            num(req),
            t.missed_places.join(", ")
        ),
        _ => format!("{} {} logged", num(t.total), noun(t.total)),
    }
}

fn target_view(lang: Lang, t: &TargetResult) -> Value {
    let relabelled: Vec<IntervalResult>;
    let intervals = match (lang, t.per, t.kind) {
        (Lang::En, Some(per), "at_least_per") => {
            relabelled = t
                .intervals
                .iter()
                .map(|i| IntervalResult {
                    label: crate::evaluate::interval_label(
                        lang,
                        per,
                        crate::agreement::DateRange {
                            from: i.from,
                            to: i.to,
                        },
                    ),
                    ..i.clone()
                })
                .collect();
            &relabelled
        }
        _ => &t.intervals,
    };
    let cells: Vec<Cell> = intervals.iter().map(|i| interval_cell(lang, i)).collect();
    let judged = cells.iter().filter(|c| c.state != "open").count();
    let met = cells.iter().filter(|c| c.state == "met").count();
    let alt = if cells.is_empty() {
        String::new()
    } else {
        let list = intervals
            .iter()
            .map(|i| format!("{} {}", i.label, locale::number(lang, i.achieved, 1)))
            .collect::<Vec<_>>()
            .join(", ");
        match lang {
            Lang::Sv => format!(
                "Diagram över {} perioder: {met} av {judged} bedömda uppfyllda. {list}.",
                cells.len()
            ),
            Lang::En => format!(
                "Chart of {} intervals: {met} of {judged} judged met. {list}.",
                cells.len()
            ),
        }
    };
    let pace = t
        .pace
        .as_ref()
        .map(|p| crate::evaluate::pace_words(lang, p));
    json!({
        "description": t.description,
        "outcome": match lang {
            Lang::Sv => t.outcome_text.clone(),
            Lang::En => outcome_en(t),
        },
        "status": t.status.key(),
        "status_label": status_label(lang, t.status),
        "symbol": status_symbol(t.status),
        "per": t.per.map(|p| per_word(lang, p)),
        "intervals": cells,
        "intervals_alt": alt,
        "missed_places": t.missed_places,
        "pace": pace,
    })
}

fn promise_view(
    lang: Lang,
    p: &PromiseResult,
    options: &RenderOptions,
    results: &Results,
) -> Value {
    let c = &p.contributions;
    let done_by = match lang {
        Lang::Sv => format!(
            "Polisen {} · Kommunen {} · Gemensamt {}{}",
            locale::count(lang, c.police),
            locale::count(lang, c.municipality),
            locale::count(lang, c.joint),
            if c.unknown > 0 {
                format!(" · Ej angivet {}", locale::count(lang, c.unknown))
            } else {
                String::new()
            }
        ),
        Lang::En => format!(
            "Police {} · Municipality {} · Joint {}{}",
            locale::count(lang, c.police),
            locale::count(lang, c.municipality),
            locale::count(lang, c.joint),
            if c.unknown > 0 {
                format!(" · Not stated {}", locale::count(lang, c.unknown))
            } else {
                String::new()
            }
        ),
    };
    let logged = p
        .activities
        .iter()
        .map(|a| format!("{} ({})", a.activity, locale::count(lang, a.count)))
        .collect::<Vec<_>>()
        .join(", ");
    let underlag: Vec<Value> = if options.underlag {
        let mut rows: Vec<&crate::ingest::RowRef> =
            p.targets.iter().flat_map(|t| t.rows.iter()).collect();
        rows.sort();
        rows.dedup();
        let by_place: std::collections::HashMap<String, &str> = results
            .activity_rows
            .iter()
            .map(|r| (r.place.clone(), r.content.as_str()))
            .collect();
        rows.iter()
            .take(UNDERLAG_MAX_ROWS)
            .map(|r| {
                let mut short = (*r).clone();
                if let Some(name) = std::path::Path::new(short.file.as_ref()).file_name() {
                    short.file = name.to_string_lossy().as_ref().into();
                }
                let place = short.to_string();
                let content = by_place.get(&place).copied().unwrap_or("").to_owned();
                json!({"place": place, "content": content})
            })
            .collect()
    } else {
        Vec::new()
    };
    json!({
        "id": p.id,
        "text": p.text,
        "responsible": p.responsible,
        "partners": p.partners.join(", "),
        "status": p.status.key(),
        "status_label": status_label(lang, p.status),
        "symbol": status_symbol(p.status),
        "targets": p.targets.iter().map(|t| target_view(lang, t)).collect::<Vec<_>>(),
        "comment": p.comment,
        "next_step": p.next_step,
        "done_by": done_by,
        "logged": logged,
        "rows_counted": locale::count(lang, p.rows_counted),
        "underlag": underlag,
        "underlag_more": p.targets.iter().map(|t| t.rows.len()).max().unwrap_or(0) > UNDERLAG_MAX_ROWS,
    })
}

fn rules_text(lang: Lang, part_met: f64) -> Vec<String> {
    let half = locale::number(lang, part_met * 100.0, 0);
    match lang {
        Lang::Sv => vec![
            "Mål per vecka, månad, kvartal eller år bedöms för varje kalenderperiod som ligger helt inom rapportperioden (ISO-veckor, måndag först). Perioder i kanterna visas men bedöms inte.".to_owned(),
            "”Var N:e vecka/månad” bedöms i följd av block om N hela veckor eller månader från periodens början.".to_owned(),
            "Genomsnitt per vecka är summan delad med antalet dagar / 7; per dag summan delad med antalet dagar.".to_owned(),
            format!("Ett utfall som når minst {half} % av kravet utan att nå det är delvis uppfyllt. Ett periodmål är uppfyllt när alla bedömda perioder är uppfyllda, ej uppfyllt när ingen når {half} %, annars delvis uppfyllt."),
            "Ett löfte med flera mål är uppfyllt när alla mätbara mål är uppfyllda. Mål utan siffra redovisas i text och bedöms inte.".to_owned(),
            "Rader daterade utanför rapportperioden räknas inte; antalet redovisas under Datakvalitet.".to_owned(),
            "Ett gemensamt löfte räknar bara rader som visar att både polisen och kommunen deltog. Samma gemensamma händelse som loggats av båda parter, samma dag i var sin logg, räknas en gång och redovisas under Datakvalitet.".to_owned(),
            "Ett mål vars period inte är slut bedöms som Pågår, med takten hittills. Underlag saknas sägs först när perioden är slut eller när minst en rad borde ha loggats.".to_owned(),
        ],
        Lang::En => vec![
            "Targets per week, month, quarter or year are judged for each calendar interval lying wholly inside the report period (ISO weeks, Monday first). Edge intervals are shown but not judged.".to_owned(),
            "“Every N weeks/months” is judged in consecutive blocks of N whole weeks or months from the start of the period.".to_owned(),
            "An average per week is the total divided by the number of days / 7; per day, by the number of days.".to_owned(),
            format!("An outcome reaching at least {half}% of the requirement without reaching it is partly met. An interval target is met when every judged interval is met, not met when none reaches {half}%, and partly met otherwise."),
            "A promise with several targets is met when all measurable targets are met. Targets without a number are reported in text, not judged.".to_owned(),
            "Rows dated outside the report period are not counted; their number is given under Data quality.".to_owned(),
            "A joint promise counts only rows showing that both the police and the municipality took part. The same joint event logged by both parties, on the same day in each party's log, is counted once and listed under Data quality.".to_owned(),
            "A target whose period is not over is In progress, with its pace so far. No data is said only when the period is over or when at least one row was due.".to_owned(),
        ],
    }
}

/// The whole document for the template.
pub fn document(results: &Results, options: &RenderOptions) -> Value {
    let lang = options.lang;
    let w = words(lang);
    let a = &results.agreement;
    let year_span = if results.window.from.format("%Y").to_string()
        == results.window.to.format("%Y").to_string()
    {
        results.window.from.format("%Y").to_string()
    } else {
        format!(
            "{}–{}",
            results.window.from.format("%Y"),
            results.window.to.format("%Y")
        )
    };
    let summary: Vec<Value> = Status::ALL
        .iter()
        .map(|s| {
            json!({
                "key": s.key(),
                "label": status_label(lang, *s),
                "symbol": status_symbol(*s),
                "count": results.summary.get(*s),
            })
        })
        .collect();
    let summary_alt = {
        let parts: Vec<String> = Status::ALL
            .iter()
            .map(|s| format!("{} {}", status_label(lang, *s), results.summary.get(*s)))
            .collect();
        match lang {
            Lang::Sv => format!(
                "Stapeldiagram över {} löften: {}.",
                results.promises.len(),
                parts.join(", ")
            ),
            Lang::En => format!(
                "Bar chart of {} promises: {}.",
                results.promises.len(),
                parts.join(", ")
            ),
        }
    };
    let areas: Vec<Value> = results
        .areas
        .iter()
        .map(|area| {
            let promises: Vec<Value> = area
                .promises
                .iter()
                .filter_map(|id| results.promises.iter().find(|p| &p.id == id))
                .map(|p| promise_view(lang, p, options, results))
                .collect();
            json!({"name": area.name, "description": area.description, "promises": promises})
        })
        .collect();
    let count = |n: u64| locale::count(lang, n);
    let data_quality = super::quality::view(lang, &results.data_quality);
    let sources: Vec<Value> = results
        .sources
        .iter()
        .map(|s| {
            let role = match (lang, s.role) {
                (Lang::Sv, "promises") => "Löftesfil",
                (Lang::Sv, "log") => "Aktivitetslogg",
                (Lang::Sv, "template") => "Mall",
                (Lang::En, "promises") => "Promise file",
                (Lang::En, "log") => "Activity log",
                (Lang::En, "template") => "Template",
                (_, other) => other,
            };
            let rows = match (s.rows_read, s.rows_counted) {
                (Some(r), Some(c)) => format!("{} / {}", count(r), count(c)),
                _ => String::new(),
            };
            json!({"role": role, "file": s.file, "sha256": s.sha256, "rows": rows})
        })
        .collect();
    let changes = results.changes.as_ref().map(|c| {
        let lines: Vec<String> = c
            .promises
            .iter()
            .map(|p| {
                let st = |s: &Option<String>| {
                    s.as_deref()
                        .and_then(|k| Status::ALL.iter().find(|x| x.key() == k))
                        .map(|x| status_label(lang, *x).to_owned())
                        .unwrap_or_else(|| "–".to_owned())
                };
                let figures = p
                    .figures
                    .iter()
                    .map(|f| {
                        format!(
                            "{}: {} → {}",
                            f.description,
                            f.old_text.as_deref().unwrap_or("–"),
                            f.new_text.as_deref().unwrap_or("–")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                format!(
                    "{}: {} → {}. {figures}",
                    p.id,
                    st(&p.old_status),
                    st(&p.new_status)
                )
            })
            .chain(
                c.rows_added
                    .iter()
                    .map(|r| format!("+ {}: {}", r.place, r.new.as_deref().unwrap_or(""))),
            )
            .chain(
                c.rows_removed
                    .iter()
                    .map(|r| format!("− {}: {}", r.place, r.old.as_deref().unwrap_or(""))),
            )
            .chain(c.rows_changed.iter().map(|r| {
                format!(
                    "≠ {}: {} → {}",
                    r.place,
                    r.old.as_deref().unwrap_or(""),
                    r.new.as_deref().unwrap_or("")
                )
            }))
            .collect();
        json!({"since": c.since_version, "lines": lines})
    });
    let window_text = format!(
        "{} – {}",
        locale::date(lang, results.window.from),
        locale::date(lang, results.window.to)
    );
    json!({
        "lang": match lang { Lang::Sv => "sv", Lang::En => "en" },
        "words": {
            "title": w.title, "window": w.window, "as_of": w.as_of, "deadline": w.deadline,
            "version": w.version, "diarienummer": w.diarienummer, "summary": w.summary,
            "promise": w.promise, "responsible": w.responsible, "partners": w.partners,
            "target": w.target, "outcome": w.outcome, "status": w.status, "comment": w.comment,
            "next_step": w.next_step, "done_by": w.done_by, "logged": w.logged,
            "data_quality": w.data_quality, "provenance": w.provenance, "rules": w.rules,
            "signatures": w.signatures, "authors": w.authors, "recipients": w.recipients,
            "changes": w.changes, "underlag": w.underlag, "file": w.file, "role": w.role,
            "rows": w.rows, "intervals": w.intervals, "pace": w.pace,
        },
        "title": format!("{} {}", w.title, year_span),
        "kommun": a.kommun,
        "police_area": a.police_area,
        "agreement_title": a.title,
        "window": window_text,
        "as_of": locale::date(lang, results.as_of),
        "deadline": a.deadline_text,
        "version": results.version,
        "diarienummer": a.diarienummer,
        "summary": summary,
        "summary_alt": summary_alt,
        "promise_count": results.promises.len(),
        "areas": areas,
        "rules": rules_text(lang, results.rules.part_met),
        "data_quality": data_quality,
        "sources": sources,
        "tool": format!("lofte {}", results.lofte_version),
        "signatories": a.signatories,
        "authors": a.authors,
        "recipients": a.recipients,
        "changes": changes,
        "underlag": options.underlag,
        "attached": options.attach_results,
        "logo": options.logo.as_ref().map(|(ext, _)| format!("/logo.{ext}")),
        "results": results,
    })
}

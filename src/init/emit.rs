//! Writing the draft: what was found → `loften.toml` text in the layout of
//! docs/promise-file.md, with every guess as a `# KONTROLLERA:` comment on
//! the line it concerns, and the list of guesses with their line numbers.

use chrono::{Datelike, NaiveDate};

use super::phrase::{Kind, Read};
use super::promise::Promise;
use super::structure::Found;
use super::{Draft, Guess};

/// Lines of TOML with the guesses attached to them.
struct Writer {
    lines: Vec<String>,
    guesses: Vec<Guess>,
}

impl Writer {
    fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    /// A line with a guess as its comment.
    fn guessed(&mut self, text: impl Into<String>, guesses: &[String]) {
        let mut text = text.into();
        let guesses: Vec<String> = guesses
            .iter()
            .map(|g| g.replace(['\n', '\r'], " "))
            .collect();
        if !guesses.is_empty() {
            let message = guesses.join(" · ");
            text.push_str("  # KONTROLLERA: ");
            text.push_str(&message);
            self.guesses.push(Guess {
                line: self.lines.len() + 1,
                message,
            });
        }
        self.lines.push(text);
    }
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    crate::diag::toml_string(text)
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| quote(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// `narvaro`-style ids: lower case, å/ä/ö folded, the first word.
fn slug(text: &str) -> String {
    let folded: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    const VAGUE: &[&str] = &[
        "insatser", "insats", "arbete", "arbeta", "mot", "och", "for", "med",
    ];
    folded
        .split_whitespace()
        .find(|w| w.len() >= 3 && !VAGUE.contains(w))
        .or_else(|| folded.split_whitespace().next())
        .unwrap_or("omrade")
        .to_owned()
}

/// The promise id prefix: the kommun's first letter ("Överkalix" → "O").
fn prefix(kommun: Option<&str>) -> String {
    let first = kommun.and_then(|k| k.chars().next()).unwrap_or('L');
    match first.to_uppercase().next().unwrap_or('L') {
        'Å' | 'Ä' => "A".to_owned(),
        'Ö' => "O".to_owned(),
        c if c.is_ascii_alphabetic() => c.to_string(),
        _ => "L".to_owned(),
    }
}

fn single_year(period: Option<(NaiveDate, NaiveDate)>) -> bool {
    period.is_some_and(|(from, to)| {
        from.year() == to.year() && from.ordinal() == 1 && to.month() == 12 && to.day() == 31
    })
}

/// One target as an inline table, with its guesses.
fn target(read: &Read, period: Option<(NaiveDate, NaiveDate)>) -> (String, Vec<String>) {
    let mut fields: Vec<String> = Vec::new();
    let mut guesses: Vec<String> = Vec::new();
    match &read.kind {
        Kind::AtLeast { n, per } => {
            fields.push("typ = \"minst\"".into());
            fields.push(format!("antal = {}", number(*n)));
            fields.push(format!("per = {}", quote(per.key())));
        }
        Kind::Average { n, per } => {
            fields.push("typ = \"snitt\"".into());
            fields.push(format!("antal = {}", number(*n)));
            fields.push(format!("per = {}", quote(per.key())));
        }
        Kind::Total { n } => {
            fields.push("typ = \"totalt\"".into());
            fields.push(format!("antal = {}", number(*n)));
            // "under avtalsperioden" in an agreement of several years: a
            // yearly report judges the total so far, not the whole number
            // within each year.
            if read.whole_period && !single_year(period) {
                fields.push("over = \"avtalsperioden\"".into());
            }
        }
        Kind::Every { n, every, per } => {
            fields.push("typ = \"var\"".into());
            if *n != 1.0 {
                fields.push(format!("antal = {}", number(*n)));
            }
            fields.push(format!("intervall = {every}"));
            fields.push(format!("per = {}", quote(per.key())));
        }
        Kind::Share { shift } => {
            fields.push("typ = \"andel\"".into());
            fields.push(format!(
                "per = {}",
                quote(if *shift { "arbetspass" } else { "dag" })
            ));
        }
        Kind::Trend { up } => {
            fields.push("typ = \"trend\"".into());
            fields.push(format!(
                "riktning = {}",
                quote(if *up { "öka" } else { "minska" })
            ));
        }
        Kind::Requests => {
            fields.push("typ = \"önskemål\"".into());
            fields.push("onskemal = [\"Önskemål\"]".into());
            fields.push("svar = [\"Svar på önskemål\"]".into());
        }
        Kind::Text => fields.push("typ = \"text\"".into()),
    }
    if let Some(year) = read.year {
        let covers_only_that_year =
            period.is_some_and(|(from, to)| from.year() == year && to.year() == year);
        if !covers_only_that_year {
            if let (Some(from), Some(to)) = (
                NaiveDate::from_ymd_opt(year, 1, 1),
                NaiveDate::from_ymd_opt(year, 12, 31),
            ) && period.is_none_or(|(pf, pt)| pf <= from && to <= pt)
            {
                fields.push(format!("fran = {from}"));
                fields.push(format!("till = {to}"));
            } else {
                guesses.push(format!(
                    "målet gäller {year}, som ligger utanför avtalsperioden"
                ));
            }
        }
    }
    if let Some(rakna) = read.rakna {
        fields.push(format!("rakna = {}", quote(rakna)));
    }
    if !read.activities.is_empty() {
        fields.push(format!("aktiviteter = {}", list(&read.activities)));
    }
    if let Some(d) = &read.description
        && !d.is_empty()
    {
        fields.push(format!("beskrivning = {}", quote(d)));
    }
    for g in &read.guesses {
        // "No period" does not matter when the agreement is one calendar year.
        if g.contains("anger ingen period") && single_year(period) {
            continue;
        }
        guesses.push(g.clone());
    }
    (format!("{{ {} }}", fields.join(", ")), guesses)
}

/// Writes the draft.
pub fn write(found: &Found, promises: &[Promise], source: Option<&str>) -> Draft {
    let mut w = Writer {
        lines: Vec::new(),
        guesses: Vec::new(),
    };
    let period = found.period.as_ref().map(|p| (p.from, p.to));
    w.line(
        "# Utkast till löftesfil, skrivet av `lofte init`".to_owned()
            + &source.map(|s| format!(" från {s}")).unwrap_or_default()
            + ".",
    );
    w.line("# Läs filen mot avtalstexten. Rader märkta KONTROLLERA är gissningar som");
    w.line("# en människa ska bekräfta: rätta raden och ta bort markeringen.");
    w.line("# Formatet beskrivs i docs/promise-file.md; prova filen med `lofte check`.");
    w.line("");

    if let Some(d) = &found.district {
        w.guessed(
            format!("stadsdel = {}", quote(d)),
            &[format!(
                "texten nämner {}s stadsdelsförvaltning: avtalet gäller stadsdelen (docs/other-agreements.md)",
                d
            )],
        );
    }
    match &found.kommun {
        Some(k) => w.line(format!("kommun = {}", quote(k))),
        // A district's agreement needs no kommun.
        None if found.district.is_some() => {}
        None => w.guessed(
            "kommun = \"Kommunen\"",
            &["texten namnger ingen kommun — skriv in den".to_owned()],
        ),
    }
    match &found.police_area {
        Some(p) => w.line(format!("lokalpolisomrade = {}", quote(p))),
        None => w.guessed(
            "lokalpolisomrade = \"Polisen\"",
            &["texten namnger inget lokalpolisområde — skriv in det".to_owned()],
        ),
    }
    if let Some(t) = &found.title {
        w.line(format!("rubrik = {}", quote(t)));
    }
    if let Some(d) = &found.diarienummer {
        w.line(format!("diarienummer = {}", quote(d)));
    }
    match &found.period {
        Some(p) => w.guessed(
            format!("period = {{ fran = {}, till = {} }}", p.from, p.to),
            &p.guess.iter().cloned().collect::<Vec<_>>(),
        ),
        None => w.guessed(
            "# period = { fran = ÅÅÅÅ-01-01, till = ÅÅÅÅ-12-31 }",
            &["texten anger ingen avtalsperiod — skriv in den och ta bort # (utan den godtar lofte check inte filen)".to_owned()],
        ),
    }
    w.line("# loggar = [\"aktiviteter.xlsx\"]  # aktivitetsloggarna, när de finns (lofte logg skriver en)");

    match &found.deadline {
        Some(d) if d.date.is_some() => {
            w.line("");
            w.line("[uppfoljning]");
            w.line(format!("text = {}", quote(&d.text)));
            w.line(format!(
                "datum = {}",
                d.date.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
        Some(d) => {
            w.line("");
            w.guessed(
                "# [uppfoljning]",
                &["texten anger inget datum för uppföljningen — skriv in det och ta bort # på de tre raderna".to_owned()],
            );
            w.line(format!("# text = {}", quote(&d.text)));
            w.line("# datum = ÅÅÅÅ-MM-DD");
        }
        None => {}
    }

    for s in &found.signatories {
        w.line("");
        w.line("[[undertecknare]]");
        w.line(format!("namn = {}", quote(&s.name)));
        w.line(format!("roll = {}", quote(&s.role)));
        match &s.party {
            Some(p) => w.line(format!("part = {}", quote(p))),
            None => w.guessed(
                "# part = \"\"",
                &[format!(
                    "vilken part företräder {}? Skriv \"Polisen\" eller kommunen och ta bort #",
                    s.name
                )],
            ),
        }
    }

    // Area ids, unique.
    let mut ids: Vec<String> = Vec::new();
    for a in &found.areas {
        let base = slug(&a.name);
        let mut id = base.clone();
        let mut k = 2;
        while ids.contains(&id) {
            id = format!("{base}{k}");
            k += 1;
        }
        ids.push(id);
    }
    for (a, id) in found.areas.iter().zip(&ids) {
        w.line("");
        w.line("[[fokusomrade]]");
        w.line(format!("id = {}", quote(id)));
        w.guessed(
            format!("namn = {}", quote(&a.name)),
            &a.guess.iter().cloned().collect::<Vec<_>>(),
        );
        if let Some(d) = &a.description {
            w.line(format!("beskrivning = {}", quote(d)));
        }
    }

    let prefix = prefix(found.kommun.as_deref());
    for (n, p) in promises.iter().enumerate() {
        w.line("");
        w.line("[[lofte]]");
        w.line(format!("id = \"{prefix}{}\"", n + 1));
        let area_id = ids.get(p.area).cloned().unwrap_or_default();
        w.guessed(
            format!("fokusomrade = {}", quote(&area_id)),
            &p.area_guess.iter().cloned().collect::<Vec<_>>(),
        );
        w.line(format!("text = {}", quote(&p.text)));
        w.guessed(
            format!("ansvarig = {}", quote(&p.responsible)),
            &p.responsible_guess.iter().cloned().collect::<Vec<_>>(),
        );
        if !p.partners.is_empty() {
            w.line(format!("samverkan = {}", list(&p.partners)));
        }
        if p.joint {
            w.guessed(
                "gemensamt = true",
                &p.joint_guess.iter().cloned().collect::<Vec<_>>(),
            );
        }
        if let Some(u) = &p.unit {
            w.line(format!("enhet = {}", quote(u)));
        }
        let targets: Vec<(String, Vec<String>)> =
            p.targets.iter().map(|t| target(t, period)).collect();
        match targets.as_slice() {
            [(one, guesses)] => w.guessed(format!("mal = [{one}]"), guesses),
            many => {
                w.line("mal = [");
                for (t, guesses) in many {
                    w.guessed(format!("  {t},"), guesses);
                }
                w.line("]");
            }
        }
    }

    let mut toml = w.lines.join("\n");
    toml.push('\n');
    Draft {
        toml,
        guesses: w.guesses,
        promises: promises.len(),
        areas: found.areas.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_toml() {
        assert_eq!(quote("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
        assert_eq!(slug("Polisiär närvaro, tillgänglighet"), "polisiar");
        assert_eq!(prefix(Some("Överkalix")), "O");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(1.5), "1.5");
    }
}

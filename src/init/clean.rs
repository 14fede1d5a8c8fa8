//! Step 1 of `lofte init`: clean the page. Text copied from a web page or a
//! PDF carries menus, buttons, breadcrumbs, image captions, logos and
//! contact blocks around the agreement; they are dropped here so the later
//! steps see only the agreement. Layout that carries meaning (blank lines,
//! indentation of bullets, tabs between table cells) is kept.

/// Lines of the page that are navigation or buttons, compared case-folded
/// with surrounding punctuation removed.
const NOISE: &[&str] = &[
    "sök",
    "stäng",
    "stäng meny",
    "meny",
    "öppna meny",
    "visa meny",
    "meny stäng",
    "till toppen",
    "tillbaka till toppen",
    "upp",
    "tillbaka",
    "hoppa till innehållet",
    "hoppa till huvudinnehåll",
    "gå till innehåll",
    "gå direkt till innehållet",
    "skriv ut",
    "dela",
    "dela sidan",
    "dela på facebook",
    "lyssna",
    "lyssna på sidan",
    "läs upp",
    "läs mer",
    "relaterat",
    "relaterade länkar",
    "relaterade sidor",
    "startsida",
    "hem",
    "cookies",
    "kakor",
    "om webbplatsen",
    "logga in",
    "english",
    "in english",
    "lättläst",
    "teckenspråk",
    "other languages",
    "andra språk",
    "polisen",
    "kommun",
    "kontakt",
    "kontakta oss",
    "kontaktuppgifter",
    "kontaktinformation",
    "följ oss",
    "dela artikeln",
    "publicerad",
    "senast uppdaterad",
    "sidan uppdaterades",
];

/// Line prefixes of captions, social links and page metadata.
const NOISE_PREFIXES: &[&str] = &[
    "foto:",
    "foto ",
    "bild:",
    "bildtext:",
    "illustration:",
    "facebook:",
    "instagram:",
    "twitter:",
    "x:",
    "linkedin:",
    "youtube:",
    "publicerad ",
    "publicerad:",
    "senast uppdaterad",
    "sidan uppdaterad",
    "uppdaterad ",
    "uppdaterad:",
    "telefon:",
    "telefon ",
    "tel:",
    "tel.",
    "tfn",
    "e-post:",
    "epost:",
    "mejl:",
    "e-mail:",
    "växel:",
    "besöksadress",
    "postadress",
    "organisationsnummer",
];

/// The agreement text as lines: page noise removed, whitespace normalised,
/// markdown emphasis removed. Blank lines are kept (as empty strings) since
/// they separate headings from paragraphs; leading spaces are kept since
/// they show the level of a bullet.
pub fn clean(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let line: String = raw
            .chars()
            .filter(|c| !matches!(c, '\r' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}'))
            .map(|c| match c {
                '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}' => ' ',
                c => c,
            })
            .collect();
        let line = line.replace("**", "").replace("__", "");
        let line = line.trim_end().to_owned();
        if is_noise(&line) {
            // A logo printed as text: "NORSJÖ" above "kommun".
            if line.trim().eq_ignore_ascii_case("kommun")
                && lines.last().is_some_and(|l| is_shouted_word(l))
            {
                lines.pop();
            }
            continue;
        }
        // Several bullets run together on one line: "• Trafik • Droger".
        let bullets = line.matches(" • ").count();
        if bullets >= 2 || (bullets == 1 && line.trim_start().starts_with('•')) {
            let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
            let mut parts = line.trim_start().split(" • ");
            if let Some(first) = parts.next() {
                lines.push(format!("{indent}{first}"));
            }
            for part in parts {
                lines.push(format!("{indent}• {}", part.trim()));
            }
            continue;
        }
        lines.push(line);
    }
    lines
}

/// Whether a whole line is navigation, a caption, a link or contact data.
fn is_noise(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return false;
    }
    let folded = trimmed
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if NOISE.contains(&folded.as_str()) {
        return true;
    }
    let lower = trimmed.to_lowercase();
    if NOISE_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return !lower.contains(' ');
    }
    // An e-mail address or a phone number standing alone.
    if !lower.contains(' ') && lower.contains('@') && lower.contains('.') {
        return true;
    }
    // A phone number standing alone ("010-123 45 67", "+46 10 123 45 67").
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    if digits >= 6
        && (trimmed.starts_with('0') || trimmed.starts_with('+'))
        && trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
    {
        return true;
    }
    // Page numbers and running footers from a PDF: "Sida 2 av 4", "2 (4)", "3".
    let words: Vec<&str> = lower.split_whitespace().collect();
    let number = |w: &str| !w.is_empty() && w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit());
    let page = match words.as_slice() {
        [n] => number(n),
        ["sida", n] => number(n),
        ["sida", n, "av" | "(av", m] => number(n) && number(m.trim_end_matches(')')),
        [n, m] => number(n) && m.starts_with('(') && number(m.trim_matches(['(', ')'])),
        _ => false,
    };
    if page {
        return true;
    }
    // Breadcrumbs: "Start > Om polisen > Medborgarlöften".
    for separator in ['>', '›', '»'] {
        let parts: Vec<&str> = trimmed.split(separator).collect();
        if parts.len() >= 3 && parts.iter().all(|p| p.split_whitespace().count() <= 5) {
            return true;
        }
    }
    // Images named by their file.
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// One word in capitals ("NORSJÖ").
fn is_shouted_word(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 3 && t.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn menus_buttons_captions_and_contacts_are_dropped() {
        let page = "Sök\nStäng Meny\nStart > Om polisen > Medborgarlöften\n\nKalix – medborgarlöften\n\
                    Foto: Polisen\nbild.jpg\n\n • Genomföra minst fyra insatser per år.\n\
                    Kontakt\nanna.andersson@polisen.se\n010-123 45 67\nwww.kalix.se\nTill toppen\n";
        let lines = clean(page);
        let kept: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            kept,
            vec![
                "Kalix – medborgarlöften",
                " • Genomföra minst fyra insatser per år."
            ]
        );
    }

    #[test]
    fn dates_and_sentences_with_numbers_stay() {
        let lines = clean(
            "2019-2023\n2019-01-01\nEn skriftlig uppföljning görs senast 2020-01-31\nAKTIVITETER\nNORSJÖ\nkommun\nSida 2 av 4\n3 (4)\n7\n",
        );
        assert_eq!(
            lines,
            vec![
                "2019-2023",
                "2019-01-01",
                "En skriftlig uppföljning görs senast 2020-01-31",
                "AKTIVITETER",
                ""
            ]
        );
    }

    #[test]
    fn bullets_run_together_are_split() {
        assert_eq!(
            clean("  • Trafik • Droger • Våld i nära relation\nFokusområden: • A • B"),
            vec![
                "  • Trafik",
                "  • Droger",
                "  • Våld i nära relation",
                "Fokusområden:",
                "• A",
                "• B"
            ]
        );
    }

    #[test]
    fn no_break_spaces_and_bold_markers_are_normalised() {
        let lines = clean("Polisen ska\u{a0}genomföra **minst två** insatser.\u{a0}\r\n");
        assert_eq!(lines[0], "Polisen ska genomföra minst två insatser.");
    }
}

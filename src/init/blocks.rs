//! Step 2 of `lofte init`, first half: clean lines → blocks. Headings,
//! paragraphs, lead-ins (text ending in ":" before a list), bullet lists
//! with their levels, and table rows, told apart by layout alone.

use std::sync::LazyLock;

use regex::Regex;

use super::phrase;

/// A run of the text with one role.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A short line on its own.
    Heading(String),
    /// Running text.
    Para(String),
    /// Text ending in ":" that introduces the list after it.
    LeadIn(String),
    /// Bullets, each with its level (0 is the outermost).
    List(Vec<Item>),
    /// Rows of a table (cells split at tabs), headers included.
    Table(Vec<Vec<String>>),
}

/// One bullet.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// 0 for the outermost bullets.
    pub level: usize,
    /// The bullet's text, its wrapped lines joined.
    pub text: String,
}

/// The bullet marker of a line: (indent, marker, text).
pub(super) fn bullet(line: &str) -> Option<(usize, String, String)> {
    let indent: usize = line
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum();
    let t = line.trim_start();
    const MARKS: &[&str] = &[
        "•", "●", "◦", "○", "▪", "■", "□", "·", "‣", "⁃", "\u{f0b7}", "\u{f0a7}", "✓", "✔", "➢",
        "►", "▶", "–", "—", "-", "*", "+",
    ];
    for m in MARKS {
        if let Some(rest) = t.strip_prefix(m) {
            let spaced = rest.starts_with(char::is_whitespace) || rest.is_empty();
            // "-" and "*" and "+" must be followed by a space ("-5" is not a bullet).
            let needs_space = matches!(*m, "-" | "*" | "+" | "–" | "—");
            if needs_space && !spaced {
                return None;
            }
            return Some((indent, (*m).to_owned(), rest.trim().to_owned()));
        }
    }
    if indent > 0
        && let Some(rest) = t.strip_prefix("o ")
    {
        return Some((indent, "o".to_owned(), rest.trim().to_owned()));
    }
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2}|[a-z])[.)]\s+(\S.*)$").expect("valid regex"));
    let caps = NUMBERED.captures(t)?;
    let marker = caps.get(1)?.as_str();
    Some((
        indent,
        if marker.chars().all(|c| c.is_ascii_digit()) {
            "1.".to_owned()
        } else {
            "a)".to_owned()
        },
        caps.get(2)?.as_str().trim().to_owned(),
    ))
}

fn is_row(line: &str) -> bool {
    line.matches('\t').count() >= 2
}

pub(super) fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', ':', ';'])
}

/// Lines → blocks.
pub fn blocks(lines: &[String]) -> Vec<Block> {
    #[derive(PartialEq)]
    enum Open {
        None,
        Para,
        List,
    }
    let mut out: Vec<Block> = Vec::new();
    let mut para: Vec<String> = Vec::new();
    // Raw bullets of the open list: (indent, marker, text).
    let mut list: Vec<(usize, String, String)> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut open = Open::None;
    let mut blank_before = true;

    // A paragraph keeps its lines apart (LINE_BREAK) until it is
    // classified: a heading is one short line, and the lines under a
    // lead-in may be bullets whose marks were lost in copying.
    let flush_para = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Para(para.join(LINE_BREAK)));
            para.clear();
        }
    };
    let flush_list = |list: &mut Vec<(usize, String, String)>, out: &mut Vec<Block>| {
        if !list.is_empty() {
            out.push(Block::List(levels(list)));
            list.clear();
        }
    };
    let flush_rows = |rows: &mut Vec<Vec<String>>, out: &mut Vec<Block>| {
        if !rows.is_empty() {
            if let Some(Block::Table(t)) = out.last_mut() {
                t.append(rows);
            } else {
                out.push(Block::Table(std::mem::take(rows)));
            }
        }
    };

    for line in lines {
        if line.trim().is_empty() {
            flush_para(&mut para, &mut out);
            if open == Open::Para {
                open = Open::None;
            }
            blank_before = true;
            continue;
        }
        if is_row(line) {
            flush_para(&mut para, &mut out);
            flush_list(&mut list, &mut out);
            open = Open::None;
            rows.push(line.split('\t').map(|c| c.trim().to_owned()).collect());
            blank_before = false;
            continue;
        }
        flush_rows(&mut rows, &mut out);
        if let Some((indent, marker, text)) = bullet(line) {
            flush_para(&mut para, &mut out);
            // After a blank line, a bullet of another kind at the list's
            // outer indent starts a new list ("1. Våld i nära relationer"
            // after a list of "-").
            if blank_before
                && let Some((first_indent, first_marker, _)) = list.first()
                && *first_marker != marker
                && indent <= *first_indent
            {
                flush_list(&mut list, &mut out);
            }
            list.push((indent, marker, text));
            open = Open::List;
            blank_before = false;
            continue;
        }
        let text = line.trim().to_owned();
        if open == Open::List && !blank_before {
            // A wrapped bullet line, or the text of an empty bullet.
            if let Some(last) = list.last_mut() {
                let continues = last.2.is_empty()
                    || text.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
                    || (!ends_sentence(&last.2)
                        && !ends_sentence(&text)
                        && last.2.starts_with(char::is_uppercase));
                if continues {
                    if !last.2.is_empty() {
                        last.2.push(' ');
                    }
                    last.2.push_str(&text);
                    continue;
                }
            }
        }
        flush_list(&mut list, &mut out);
        // A colon ends a lead-in: what follows is its list.
        if para.last().is_some_and(|l| l.ends_with(':')) {
            flush_para(&mut para, &mut out);
        }
        para.push(text);
        open = Open::Para;
        blank_before = false;
    }
    flush_para(&mut para, &mut out);
    flush_list(&mut list, &mut out);
    flush_rows(&mut rows, &mut out);

    classify(out)
}

/// Separates the lines of a paragraph until it is classified.
const LINE_BREAK: &str = "\u{2}";

/// A line that reads as a promise rather than a heading: a sentence, a
/// number to judge, or a party with a verb.
fn item_like(line: &str) -> bool {
    let lower = format!(" {} ", line.to_lowercase());
    let verb = [" ska ", " skall ", " kommer ", " lovar ", " att "]
        .iter()
        .any(|v| lower.contains(v));
    let who = phrase::subject(line);
    line.trim_end().ends_with('.')
        || phrase::targets(line).iter().any(|t| t.is_numeric())
        || ((who.police || who.municipality) && verb)
}

/// Paragraphs → headings and lead-ins, by what follows them; lines under a
/// lead-in that lost their bullet marks → a list.
fn classify(out: Vec<Block>) -> Vec<Block> {
    let lines_of = |p: &str| -> Vec<String> { p.split(LINE_BREAK).map(str::to_owned).collect() };
    let mut result = Vec::with_capacity(out.len());
    let mut i = 0;
    while i < out.len() {
        let next_is_list = matches!(out.get(i + 1), Some(Block::List(_)));
        let next_is_text = matches!(out.get(i + 1), Some(Block::Para(_)));
        let block = match &out[i] {
            // "1. Våld i nära relationer" over a paragraph: a numbered heading.
            Block::List(items)
                if items.len() == 1
                    && next_is_text
                    && looks_like_heading(&items[0].text)
                    && items[0].text.split_whitespace().count() <= 8 =>
            {
                Block::Heading(items[0].text.clone())
            }
            Block::Para(raw) => {
                let lines = lines_of(raw);
                let single = lines.len() == 1;
                let p = lines.join(" ");
                let colon = p.ends_with(':') || p.ends_with(';');
                // "Trygghet i centrum:" over a list names the list's area;
                // "Polisen lovar att:" introduces it.
                let short_name = single
                    && p.split_whitespace().count() <= 6
                    && !p
                        .to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| {
                            matches!(
                                w,
                                "att" | "genom" | "ska" | "skall" | "lovar" | "kommer" | "vi"
                            )
                        });
                if colon && !next_is_list && !short_name {
                    // Bullets whose marks were lost: the lines after the lead-in.
                    let mut items: Vec<Item> = Vec::new();
                    let mut j = i + 1;
                    while let Some(Block::Para(next)) = out.get(j) {
                        let next_lines = lines_of(next);
                        if next_lines.len() == 1 && !item_like(&next_lines[0]) {
                            break;
                        }
                        if next_lines.len() > 1 && !item_like(&next_lines[0]) {
                            break;
                        }
                        for line in next_lines {
                            match items.last_mut() {
                                Some(last)
                                    if line.starts_with(char::is_lowercase)
                                        && !ends_sentence(&last.text) =>
                                {
                                    last.text.push(' ');
                                    last.text.push_str(&line);
                                }
                                _ => items.push(Item {
                                    level: 0,
                                    text: line,
                                }),
                            }
                        }
                        j += 1;
                    }
                    if items.len() >= 2 {
                        result.push(Block::LeadIn(p));
                        result.push(Block::List(items));
                        i = j;
                        continue;
                    }
                }
                if next_is_list && colon && !short_name {
                    Block::LeadIn(p)
                } else if single && looks_like_heading(&p) {
                    Block::Heading(p.trim_end_matches([':', ';']).trim().to_owned())
                } else {
                    Block::Para(p)
                }
            }
            b => b.clone(),
        };
        result.push(block);
        i += 1;
    }
    result
}

fn looks_like_heading(p: &str) -> bool {
    let words = p.split_whitespace().count();
    p.chars().count() <= 90
        && words <= 12
        && !p.ends_with(['.', ','])
        && p.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// Indents and markers → levels: the first bullet's indent and marker are
/// level 0; a deeper indent, or another marker at the same indent, one more.
fn levels(raw: &[(usize, String, String)]) -> Vec<Item> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut out = Vec::new();
    for (indent, marker, text) in raw {
        while let Some((i, m)) = stack.last() {
            if *i > *indent || (*i == *indent && m != marker && stack.len() > 1) {
                stack.pop();
            } else {
                break;
            }
        }
        match stack.last() {
            Some((i, m)) if *i == *indent && m == marker => {}
            Some((i, m)) if *i < *indent || m != marker => {
                stack.push((*indent, marker.clone()));
            }
            Some(_) => {}
            None => stack.push((*indent, marker.clone())),
        }
        out.push(Item {
            level: stack.len().saturating_sub(1),
            text: text.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn sub_bullets_get_deeper_levels() {
        let b = blocks(&lines(
            "Inledning som leder in:\n • Första\n  • Under första\n  • Också under\n • Andra\n",
        ));
        let Some(Block::List(items)) = b.get(1) else {
            panic!("{b:?}")
        };
        let levels: Vec<usize> = items.iter().map(|i| i.level).collect();
        assert_eq!(levels, vec![0, 1, 1, 0]);
    }

    #[test]
    fn wrapped_bullet_lines_join_their_bullet() {
        let b = blocks(&lines(
            "Rubrik\n\n• Polisen ska genomföra minst\ntvå insatser per år.\n• Nästa.\n",
        ));
        let Some(Block::List(items)) = b.get(1) else {
            panic!("{b:?}")
        };
        assert_eq!(
            items[0].text,
            "Polisen ska genomföra minst två insatser per år."
        );
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn headings_and_lead_ins_are_told_apart() {
        let b = blocks(&lines(
            "Trafiksäkerhet\n\nTrafiken är ett problem i kommunen och det märks.\n\nPolisen arbetar genom att:\n\n• Göra något.\n",
        ));
        assert_eq!(b[0], Block::Heading("Trafiksäkerhet".to_owned()));
        assert!(matches!(b[1], Block::Para(_)));
        assert!(matches!(b[2], Block::LeadIn(_)));
    }
}

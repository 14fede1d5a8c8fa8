//! The agreement's text from its file: plain text (UTF-8, UTF-16 or the
//! Windows-1252 that Notepad saves), Markdown, or a Word document (.docx,
//! read with the zip crate). The layout that carries meaning — paragraphs,
//! list levels, table cells — is kept as blank lines, indentation and tabs,
//! which is how text copied from a web page looks to the later steps.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

use crate::diag::{Code, Diagnostic, Location};

/// A Word document's text may not unpack to more than this (a zip bomb).
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Text of an agreement file by its name's extension: .txt, .md, .docx.
// The diagnostic is returned whole, as every stage returns problems; it is
// made once per file, so its size costs nothing.
#[allow(clippy::result_large_err)]
pub fn text_from_bytes(file_name: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let extension = std::path::Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let text = match extension.as_str() {
        "txt" | "text" | "" => decode(bytes),
        "md" | "markdown" => markdown(&decode(bytes)),
        "docx" => docx(bytes).map_err(|why| {
            Diagnostic::error(
                Code::UnreadableAgreement,
                format!("cannot read the Word document: {why}"),
            )
            .at(Location::file(file_name))
            .hint("save it again from Word as .docx, or copy the text into a .txt file")
        })?,
        other => {
            return Err(Diagnostic::error(
                Code::UnknownAgreementFormat,
                format!("lofte init reads .txt, .md and .docx, not .{other}"),
            )
            .at(Location::file(file_name))
            .hint("copy the agreement's text from the web page or PDF into a .txt file"));
        }
    };
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(Code::EmptyAgreement, "the agreement file holds no text")
                .at(Location::file(file_name))
                .hint("copy the agreement's text from the web page or PDF into the file"),
        );
    }
    Ok(text)
}

/// UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1252.
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE.decode(bytes).0.into_owned();
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return encoding_rs::UTF_16BE.decode(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Markdown → the plain layout: "#" headings lose their marks, tables
/// become tab-separated rows, links keep their words.
fn markdown(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('|') {
            let cells: Vec<&str> = trimmed
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            if cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            {
                continue;
            }
            out.push(cells.join("\t"));
            continue;
        }
        if trimmed.starts_with('#') {
            out.push(String::new());
            out.push(trimmed.trim_start_matches('#').trim().to_owned());
            out.push(String::new());
            continue;
        }
        out.push(unlink(line));
    }
    out.join("\n")
}

/// "[text](url)" → "text".
fn unlink(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A Word document's paragraphs, list items (indented by level, with a
/// bullet) and tables (cells joined by tabs).
fn docx(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("it is not a Word document (a broken zip: {e})"))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| "it has no word/document.xml; is it a Word document?".to_owned())?;
    if entry.encrypted() {
        return Err("it is password-protected".to_owned());
    }
    if entry.size() > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "its text unpacks to {} MiB, more than lofte reads",
            entry.size() / 1024 / 1024
        ));
    }
    let mut xml = String::new();
    entry
        .take(MAX_DOCUMENT_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| format!("its text cannot be read: {e}"))?;
    document_text(&xml)
}

fn document_text(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut paragraph = String::new();
    let mut in_text = false;
    // Inside a table: the cells of the row, the paragraphs of the cell.
    let mut table_depth = 0usize;
    let mut row: Vec<String> = Vec::new();
    let mut cell: Vec<String> = Vec::new();
    // List level of the paragraph (w:numPr/w:ilvl), heading style.
    let mut list_level: Option<usize> = None;
    let mut heading = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("its XML is damaged: {e}"))?;
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "p" => {
                    paragraph.clear();
                    list_level = None;
                    heading = false;
                }
                "t" => in_text = true,
                "tab" => paragraph.push('\t'),
                "br" | "cr" => paragraph.push(' '),
                "tbl" => table_depth += 1,
                "tr" => row.clear(),
                "tc" => cell.clear(),
                "numPr" => list_level = Some(list_level.unwrap_or(0)),
                "ilvl" => {
                    let level = attribute(&e, "val")
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(0);
                    list_level = Some(level);
                }
                "pStyle" => {
                    let style = attribute(&e, "val").unwrap_or_default().to_lowercase();
                    if style.starts_with("heading")
                        || style.starts_with("rubrik")
                        || style == "title"
                    {
                        heading = true;
                    }
                    if style.contains("list") && list_level.is_none() {
                        list_level = Some(0);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => paragraph.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                let c = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let Some(c) = c {
                    paragraph.push(c);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let text = paragraph.trim().to_owned();
                    if table_depth > 0 {
                        if !text.is_empty() {
                            cell.push(text.replace('\t', " "));
                        }
                    } else if let Some(level) = list_level {
                        out.push(format!("{}• {text}", "  ".repeat(level + 1)));
                    } else {
                        // Paragraphs are separated by blank lines, as on a web page.
                        out.push(String::new());
                        out.push(text);
                        if heading {
                            out.push(String::new());
                        }
                    }
                    paragraph.clear();
                }
                "tc" => row.push(cell.join(" ")),
                // A one-cell row carries no columns: keep it as text.
                "tr" if row.len() == 1 && !row[0].is_empty() => {
                    out.push(String::new());
                    out.push(row[0].clone());
                }
                "tr" if row.iter().any(|c| !c.is_empty()) => out.push(row.join("\t")),
                "tbl" => {
                    table_depth = table_depth.saturating_sub(1);
                    out.push(String::new());
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.join("\n"))
}

fn attribute(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_and_bom_are_read() {
        let latin = b"Tr\xe4ffar \xf6ver \xe5ret";
        assert_eq!(decode(latin), "Träffar över året");
        assert_eq!(decode("\u{feff}Sök".as_bytes()), "Sök");
    }

    #[test]
    fn markdown_tables_become_rows() {
        let md = "# Rubrik\n\n| Vad | När | Ansvarig |\n|---|---|---|\n| Kontroller | Minst 10 per månad | Polisen |\n- [Länk](https://x.se) text\n";
        let text = markdown(md);
        assert!(text.contains("\nRubrik\n"), "{text}");
        assert!(text.contains("Vad\tNär\tAnsvarig"), "{text}");
        assert!(!text.contains("---"), "{text}");
        assert!(text.contains("- Länk text"), "{text}");
    }

    #[test]
    fn docx_paragraphs_lists_and_tables() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Trafik &amp; säkerhet</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Minst fyra</w:t></w:r><w:r><w:t xml:space="preserve"> insatser per år.</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Under</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Vad</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>När</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Ansvarig</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:body></w:document>"#;
        let text = document_text(xml).unwrap();
        assert_eq!(
            text,
            "\nTrafik & säkerhet\n\n  • Minst fyra insatser per år.\n    • Under\nVad\tNär\tAnsvarig\n"
        );
    }

    #[test]
    fn unknown_formats_and_broken_documents_are_refused() {
        let e = text_from_bytes("avtal.pdf", b"%PDF-1.7").unwrap_err();
        assert_eq!(e.code, Code::UnknownAgreementFormat);
        let e = text_from_bytes("avtal.docx", b"not a zip").unwrap_err();
        assert_eq!(e.code, Code::UnreadableAgreement);
        let e = text_from_bytes("avtal.txt", b"  \n").unwrap_err();
        assert_eq!(e.code, Code::EmptyAgreement);
    }
}

//! `lofte init AGREEMENT.txt`: read the agreement's text, draft the promise
//! file, write it (never over an existing file without `--force`, never
//! over the agreement itself) and print the guesses to confirm.

use std::path::{Path, PathBuf};

use super::args::InitArgs;
use super::output::{clashes_with_input, write_atomically};
use crate::diag::{Code, Diagnostic, Location};
use crate::locale::Lang;
use crate::render::wording::{Counted, count};

/// Runs `lofte init`: 0 written, 1 nothing to draft from, 2 usage or files.
pub fn run(args: &InitArgs) -> super::Outcome {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("loften.toml"));
    let source = args.agreement.display().to_string();
    let bytes = match std::fs::read(&args.agreement) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(Code::UnreadableFile, format!("cannot read the file: {e}"))
                .at(Location::file(&source))
                .hint("give the agreement's text as a .txt, .md or .docx file");
            super::print_diagnostics(&[d]);
            return super::Outcome::Stopped;
        }
    };
    let text = match crate::init::text_from_bytes(&source, &bytes) {
        Ok(t) => t,
        Err(d) => {
            super::print_diagnostics(&[d]);
            return super::Outcome::DataErrors;
        }
    };
    if clashes_with_input(&output, std::slice::from_ref(&args.agreement)).is_some() {
        errln!(
            "error: {} is the agreement itself; write the draft elsewhere with -o FILE",
            output.display()
        );
        return super::Outcome::Stopped;
    }
    if output.exists() && !args.force {
        errln!(
            "error: {} already exists; nothing was written. Give another name with -o FILE, or --force to replace it",
            output.display()
        );
        return super::Outcome::Stopped;
    }
    let name = Path::new(&source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    let draft = crate::init::draft_named(&text, name.as_deref());
    if draft.promises == 0 {
        let d = Diagnostic::error(Code::NoPromises, "found no promises in the agreement's text")
            .at(Location::file(&source))
            .hint("lofte init looks for bullets (•, -, 1.) and table rows; copy the whole agreement, with its lists");
        super::print_diagnostics(&[d]);
        return super::Outcome::DataErrors;
    }
    if let Err(e) = write_atomically(&output, draft.toml.as_bytes()) {
        errln!("error: cannot write {}: {e}", output.display());
        return super::Outcome::Stopped;
    }
    // One write: a closed pipe (`lofte init … | head`) is not a failure,
    // and the file is already written.
    let shown = output.display();
    let mut text = format!(
        "Skrev {shown}: {} i {}.\n",
        count(Lang::Sv, draft.promises, Counted::Promise),
        count(Lang::Sv, draft.areas, Counted::FocusArea)
    );
    if draft.guesses.is_empty() {
        text.push_str("Inga gissningar att kontrollera; läs ändå filen mot avtalet.\n");
    } else {
        text.push_str(&format!(
            "{} att kontrollera (märkta KONTROLLERA i filen):\n",
            count(Lang::Sv, draft.guesses.len(), Counted::Guess)
        ));
        for g in &draft.guesses {
            text.push_str(&format!("  {shown}:{}: {}\n", g.line, g.message));
        }
    }
    text.push_str(&format!(
        "Nästa steg: läs filen mot avtalet, rätta gissningarna och kör `lofte check {shown}`.\n"
    ));
    out!("{text}");
    super::Outcome::Done
}

//! `lofte diff` and `--previous`: reading an earlier version (its results
//! JSON, or the JSON attached inside a PDF lofte wrote) and saying what
//! changed.

use std::path::Path;

use crate::diag::{Code, Diagnostic, Location};
use crate::evaluate::{
    Changes, Earlier, Results, RowChangeKind, RowMatch, Sift, Sifted, Status, compare, sifting,
};
use crate::render::results_file;
use crate::render::wording::ResultsWords;

use super::load::Failure;

/// Reads a report back from its results JSON, or from the JSON attached
/// inside a PDF lofte wrote. The JSON is parsed as it is read from the
/// file or inflated from the attachment, never held whole.
pub fn read_results(path: &Path) -> Result<Results, Failure> {
    read_json(path, |open| results_file::read_results_from(open))
}

/// Reads the earlier version of `new` back from `path` (its results JSON
/// or PDF), as [`read_results`] does but sifted: its activity rows are
/// first read as fingerprints and paired with `new`'s, then (when any row
/// of either is left over) read again keeping only the rows the change
/// record may name. A million-row report's rows read back whole took tens
/// of megabytes beside the new report's own; the record is the same.
pub fn read_earlier(path: &Path, new: &Results) -> Result<Earlier, Failure> {
    read_json(path, |open| {
        let (first, sifted) = sifting(Sift::Prints, || results_file::read_results_from(&mut *open));
        let first = first?;
        // A file of an earlier layout is brought up to date from the
        // whole of it, rows and all: it is compared whole.
        let Some(Sifted::Prints(prints)) = sifted.filter(|_| first.activity_rows.is_empty()) else {
            return Ok(Earlier::Whole(first));
        };
        let matching = RowMatch::of(prints, &new.activity_rows);
        let Some(keep) = matching.keep().map(<[bool]>::to_vec) else {
            return Ok(matching.earlier(first, &[]));
        };
        drop(first);
        let (again, sifted) = sifting(Sift::Keep(keep), || {
            results_file::read_results_from(&mut *open)
        });
        match (again?, sifted) {
            // The same list of rows, or the indexes kept name other rows.
            (again, Some(Sifted::Kept(kept, rows))) if rows as usize == matching.old_rows() => {
                Ok(matching.earlier(again, &kept))
            }
            _ => Err("it changed while it was read; run again".to_owned()),
        }
    })
}

/// Opens a results JSON from its start, each time it is called.
type Opener<'a> = dyn FnMut() -> std::io::Result<Box<dyn std::io::Read + 'a>> + 'a;

/// Reads the results JSON of `path` (a JSON, or a PDF lofte wrote with
/// the JSON attached) with `read`, which may open it from its start more
/// than once. The PDF's attachment is taken out once.
fn read_json<T>(
    path: &Path,
    read: impl for<'a> FnOnce(&mut Opener<'a>) -> Result<T, String>,
) -> Result<T, Failure> {
    let unreadable = |e: std::io::Error| {
        Failure::Io(vec![
            Diagnostic::error(Code::UnreadableFile, format!("cannot read the file: {e}"))
                .at(Location::file(path.display().to_string())),
        ])
    };
    let not_results = |why: &str| {
        Failure::Data(vec![
            Diagnostic::error(Code::NotResults, format!("not a lofte results file: {why}"))
                .at(Location::file(path.display().to_string()))
                .hint("give the .json written beside the report, or a PDF written by lofte"),
        ])
    };
    let mut start = [0u8; 4];
    let is_pdf = {
        use std::io::Read;
        let mut file = std::fs::File::open(path).map_err(unreadable)?;
        let mut read = 0;
        while read < start.len() {
            match file.read(start.get_mut(read..).unwrap_or_default()) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(unreadable(e)),
            }
        }
        start.get(..read) == Some(b"%PDF".as_slice())
    };
    let read = if is_pdf {
        let pdf = std::fs::read(path).map_err(unreadable)?;
        let attached = attached_json(pdf)
            .ok_or_else(|| not_results("the PDF carries no attached results JSON"))?;
        read(&mut || Ok(results_file::attachment_reader(&attached)))
    } else {
        read(&mut || std::fs::File::open(path).map(|f| Box::new(f) as Box<dyn std::io::Read>))
    };
    read.map_err(|why| not_results(&why))
}

/// The results JSON attached inside a PDF, if there is one, as attached
/// (a large one as its gzip, [`results_file::attachment_reader`] inflates
/// it). The PDF itself is let go before the JSON is read.
fn attached_json(pdf: Vec<u8>) -> Option<Vec<u8>> {
    let mut doc = lopdf::Document::load_mem(&pdf).ok()?;
    drop(pdf);
    for object in doc.objects.values_mut() {
        let Ok(stream) = object.as_stream_mut() else {
            continue;
        };
        let is_embedded = stream
            .dict
            .get(b"Type")
            .and_then(|t| t.as_name())
            .is_ok_and(|n| n == b"EmbeddedFile");
        if !is_embedded {
            continue;
        }
        // A stream without a filter (the gzip, stored as it is) is taken
        // as it is rather than copied.
        let content = match stream.decompressed_content() {
            Ok(content) => content,
            Err(_) => std::mem::take(&mut stream.content),
        };
        if results_file::looks_like_results(results_file::attachment_reader(&content)) {
            return Some(content);
        }
    }
    None
}

/// Changes as lines of text, for `lofte diff`.
pub fn changes_text(changes: &Changes) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let or_dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".to_owned());
    if changes.window_changed {
        out.push_str("window or as-of date differ: figures are for different periods\n");
    }
    for a in &changes.agreement {
        let _ = writeln!(
            out,
            "agreement {}: {} -> {}",
            a.field,
            or_dash(&a.old),
            or_dash(&a.new)
        );
    }
    for p in &changes.promises {
        // The status's JSON name, as the results JSON writes it.
        let status = |s: &Option<Status>| {
            s.and_then(|s| serde_json::to_value(s).ok())
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_else(|| "(none)".to_owned())
        };
        let _ = writeln!(
            out,
            "promise {}: {} -> {}",
            p.id,
            status(&p.old_status),
            status(&p.new_status)
        );
        for t in &p.texts {
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                t.field,
                or_dash(&t.old),
                or_dash(&t.new)
            );
        }
        for f in &p.figures {
            // A target's verdict may move while its figure does not (the
            // part-met share edited): the line says so.
            let verdict = match (f.old_status, f.new_status) {
                (Some(o), Some(n)) if o != n => {
                    format!(" ({} -> {})", status(&f.old_status), status(&f.new_status))
                }
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {}: {} -> {}{verdict}",
                f.description,
                f.old_text.as_deref().unwrap_or("-"),
                f.new_text.as_deref().unwrap_or("-")
            );
            for i in &f.intervals {
                let n = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |x| x.to_string());
                let _ = writeln!(out, "    {}: {} -> {}", i.label, n(i.old), n(i.new));
            }
        }
    }
    for r in &changes.rows_added {
        let _ = writeln!(out, "+ {}: {}", r.place, r.new.as_deref().unwrap_or(""));
    }
    for r in &changes.rows_removed {
        // A row marked not done is left out, not gone.
        let why = if r.kind == RowChangeKind::NotDone {
            " (marked not done)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "- {}: {}{why}",
            r.place,
            r.old.as_deref().unwrap_or("")
        );
    }
    for r in &changes.rows_changed {
        let _ = writeln!(
            out,
            "~ {}: {} -> {}",
            r.place,
            r.old.as_deref().unwrap_or(""),
            r.new.as_deref().unwrap_or("")
        );
    }
    out
}

/// Runs `lofte diff OLD NEW`: exit 0 when nothing differs, 3 when
/// something does, 1 when a file is not a lofte results file, 2 when a
/// file cannot be read. A closed pipe (`lofte diff a b | head -1`) is not
/// an error: the output simply stops.
pub fn run(old: &Path, new: &Path) -> super::Outcome {
    let (old, new) = match (read_results(old), read_results(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(f), _) | (_, Err(f)) => {
            // diff writes no file, so "nothing was written" would mislead.
            match &f {
                Failure::Usage(_) => super::print_failure(&f),
                Failure::Io(d) | Failure::Data(d) => super::print_diagnostics(d),
            }
            return f.outcome();
        }
    };
    let changes = compare(&old, &new, &ResultsWords);
    if changes.is_empty() {
        outln!("no differences");
        super::Outcome::Done
    } else {
        // 1 and 2 keep their meaning from the rest of lofte, so
        // differences get a code of their own.
        out!("{}", changes_text(&changes));
        super::Outcome::Different
    }
}

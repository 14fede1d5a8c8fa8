//! Where the report goes and how it gets there: default names, refusing to
//! overwrite an input, and writing through a temporary file so a failed run
//! never leaves a half-written PDF or destroys the previous one.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::agreement::DateRange;
use chrono::Datelike;

/// The PDF and JSON paths of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputPaths {
    /// The PDF.
    pub pdf: PathBuf,
    /// The results JSON beside it.
    pub json: PathBuf,
}

/// `kalix`, `overkalix`: lower case, å/ä/ö folded, anything else a dash.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_owned()
}

/// `2023` for a calendar year, `2022-2023` for whole calendar years, else
/// `2023-01-01--2023-06-30`.
pub fn window_label(window: &DateRange) -> String {
    let whole_years = window.from.month() == 1
        && window.from.day() == 1
        && window.to.month() == 12
        && window.to.day() == 31;
    if whole_years && window.from.year() == window.to.year() {
        window.from.year().to_string()
    } else if whole_years {
        format!("{}-{}", window.from.year(), window.to.year())
    } else {
        format!("{}--{}", window.from, window.to)
    }
}

/// The output paths for kommun and window, under `output` (a folder, or a
/// file ending in `.pdf`), or the current folder.
pub fn output_paths(output: Option<&Path>, kommun: &str, window: &DateRange) -> OutputPaths {
    let default_name = format!("uppfoljning-{}-{}.pdf", slug(kommun), window_label(window));
    let pdf = match output {
        Some(p) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) => p.to_path_buf(),
        Some(dir) => dir.join(default_name),
        None => PathBuf::from(default_name),
    };
    let json = pdf.with_extension("json");
    OutputPaths { pdf, json }
}

/// The absolute, resolved form of a path that may not exist yet: its
/// folder resolved, its name kept.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let parent = parent.canonicalize().unwrap_or(parent);
    match path.file_name() {
        Some(name) => parent.join(name),
        None => parent,
    }
}

/// The input that `output` would overwrite, if any.
pub fn clashes_with_input<'a>(output: &Path, inputs: &'a [PathBuf]) -> Option<&'a Path> {
    let out = resolved(output);
    inputs
        .iter()
        .find(|i| resolved(i) == out)
        .map(PathBuf::as_path)
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed into place: readers see the old file or the new one, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "lofte".to_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn range(a: (i32, u32, u32), b: (i32, u32, u32)) -> DateRange {
        DateRange::new(
            NaiveDate::from_ymd_opt(a.0, a.1, a.2).unwrap(),
            NaiveDate::from_ymd_opt(b.0, b.1, b.2).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn default_names_say_kommun_and_window() {
        let two = range((2022, 1, 1), (2023, 12, 31));
        let p = output_paths(None, "Kalix", &two);
        assert_eq!(p.pdf, PathBuf::from("uppfoljning-kalix-2022-2023.pdf"));
        assert_eq!(p.json, PathBuf::from("uppfoljning-kalix-2022-2023.json"));
        let one = range((2023, 1, 1), (2023, 12, 31));
        assert_eq!(window_label(&one), "2023");
        let half = range((2023, 1, 1), (2023, 6, 30));
        assert_eq!(window_label(&half), "2023-01-01--2023-06-30");
        assert_eq!(slug("Överkalix kommun"), "overkalix-kommun");
        let p = output_paths(Some(Path::new("ut/rapport.pdf")), "Kalix", &one);
        assert_eq!(p.json, PathBuf::from("ut/rapport.json"));
    }

    #[test]
    fn atomic_write_replaces_and_detects_clash() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        write_atomically(&target, b"one").unwrap();
        write_atomically(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let inputs = vec![target.clone()];
        let same = dir.path().join(".").join("a.pdf");
        assert!(clashes_with_input(&same, &inputs).is_some());
        assert!(clashes_with_input(&dir.path().join("b.pdf"), &inputs).is_none());
        // A folder that does not exist: the write fails, nothing is left.
        assert!(write_atomically(&dir.path().join("nope/x.pdf"), b"x").is_err());
    }
}

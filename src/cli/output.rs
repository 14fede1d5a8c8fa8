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
pub(crate) fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A folder not made yet is made absolute all the same: another
    // agreement of the batch may claim the same file after the folder was
    // made, and must resolve it to the same path.
    let parent = parent
        .canonicalize()
        .or_else(|_| std::path::absolute(&parent))
        .unwrap_or(parent);
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

/// The output files of one batch: two agreements of a batch that would
/// write the same file (two copies of one agreement, say) must not race
/// each other's temporaries and leave one report where two were asked for.
#[derive(Debug, Default)]
pub struct Claims(std::sync::Mutex<std::collections::HashSet<PathBuf>>);

impl Claims {
    /// Claims `path` for one agreement; `false` when another agreement of
    /// the batch claimed it first.
    pub fn claim(&self, path: &Path) -> bool {
        let mut claimed = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        claimed.insert(resolved(path))
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed into place: readers see the old file or the new one, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = folder_of(path);
    let tmp = temporary(dir, bytes)?;
    tmp.persist(path).map(drop).map_err(|e| e.error)
}

/// The folder a path lies in ("." for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The prefix of every temporary lofte writes, with the process id, so
/// the next run can tell a dead run's leftovers from a live one's.
const TEMP_PREFIX: &str = ".lofte-";
const TEMP_SUFFIX: &str = ".tmp";

/// `bytes` in a synced temporary file in `dir`.
fn temporary(dir: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut tmp = temporary_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// An empty temporary file in the folder of `target`, named as lofte's
/// temporaries are (a killed run's are removed by the next), for writing
/// a file that is too large to build in memory first. Hand it to
/// [`write_pair_streamed`] once written.
pub fn temporary_for(target: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    remove_stale_temporaries(folder_of(target));
    temporary_in(folder_of(target))
}

/// An empty temporary file in `dir`, readable by all.
fn temporary_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    // A temporary is private (0600); the report is not: readable by all,
    // as a file the user saved would be.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(tmp)
}

/// Writes the results JSON and the PDF as one pair: both from this run, or
/// (when anything fails) the previous pair untouched. Both are written to
/// temporaries in the target folder first (a full disk fails there); the
/// old pair is moved aside, the new one renamed into place, and on a failed
/// rename the old pair is put back. A run killed half-way leaves no PDF
/// beside a JSON of another run: the old PDF is moved aside before the new
/// JSON arrives, and the new PDF comes last.
pub fn write_pair(paths: &OutputPaths, json: &[u8], pdf: &[u8]) -> std::io::Result<()> {
    refuse_folders(paths)?;
    remove_stale_temporaries(folder_of(&paths.pdf));
    let mut new_json = temporary_in(folder_of(&paths.json))?;
    new_json.write_all(json)?;
    write_pair_streamed(paths, Syncing::start(new_json), pdf)
}

fn refuse_folders(paths: &OutputPaths) -> std::io::Result<()> {
    for target in [&paths.json, &paths.pdf] {
        if target.is_dir() {
            return Err(std::io::Error::other(format!(
                "{} is a folder; remove it or choose another -o",
                target.display()
            )));
        }
    }
    Ok(())
}

/// A written temporary on its way to disk: its bytes are synced on a
/// thread of their own from the moment it is written, so a large results
/// JSON (160 MB for a million rows, a tenth of a second to sync) reaches
/// the disk while the PDF is made, not after.
pub struct Syncing {
    file: tempfile::NamedTempFile,
    /// The thread syncing a second handle of the file; `None` when none
    /// could be made: the file is then synced in [`Syncing::finish`].
    synced: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Syncing {
    /// Starts syncing `file`, whose every byte is written.
    pub fn start(file: tempfile::NamedTempFile) -> Self {
        let synced = file.as_file().try_clone().ok().and_then(|handle| {
            std::thread::Builder::new()
                .name("lofte-sync".to_owned())
                .spawn(move || handle.sync_all())
                .ok()
        });
        Syncing { file, synced }
    }

    /// The file, once its bytes are on disk.
    fn finish(self) -> std::io::Result<tempfile::NamedTempFile> {
        match self.synced {
            Some(thread) => thread
                .join()
                .map_err(|_| std::io::Error::other("syncing the file to disk failed"))??,
            None => self.file.as_file().sync_all()?,
        }
        Ok(self.file)
    }
}

/// [`write_pair`] with the results JSON already written to a temporary
/// from [`temporary_for`] in its folder (a large log's JSON is written as
/// it is serialised, never held whole), and being synced.
pub fn write_pair_streamed(
    paths: &OutputPaths,
    new_json: Syncing,
    pdf: &[u8],
) -> std::io::Result<()> {
    refuse_folders(paths)?;
    let dir = folder_of(&paths.pdf);
    let new_pdf = temporary(dir, pdf)?;
    let new_json = new_json.finish()?;
    // The old pair, moved aside (PDF first).
    let mut aside: Vec<(PathBuf, tempfile::TempPath)> = Vec::new();
    let restore = |aside: &mut Vec<(PathBuf, tempfile::TempPath)>| {
        for (target, old) in aside.drain(..).rev() {
            let _ = old.persist(&target);
        }
    };
    for target in [&paths.pdf, &paths.json] {
        if target.exists() {
            let slot = tempfile::Builder::new()
                .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
                .suffix(TEMP_SUFFIX)
                .make_in(folder_of(target), |p| std::fs::rename(target, p));
            match slot {
                Ok(moved) => aside.push((target.clone(), moved.into_temp_path())),
                Err(e) => {
                    restore(&mut aside);
                    return Err(e);
                }
            }
        }
    }
    if let Err(e) = new_json.persist(&paths.json) {
        restore(&mut aside);
        return Err(e.error);
    }
    if let Err(e) = new_pdf.persist(&paths.pdf) {
        let _ = std::fs::remove_file(&paths.json);
        restore(&mut aside);
        return Err(e.error);
    }
    // The old pair's temporaries are removed as `aside` drops.
    Ok(())
}

/// Removes the temporaries of runs that were killed: lofte's prefix, and a
/// process id that is not running (or, where that cannot be told, a day
/// old). A live run's temporaries (another report of a batch) are kept.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(TEMP_PREFIX) else {
            continue;
        };
        if !name.ends_with(TEMP_SUFFIX) {
            continue;
        }
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid == me {
            continue;
        }
        let proc = Path::new("/proc");
        let dead = if proc.is_dir() {
            !proc.join(pid.to_string()).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 3600)
        };
        if dead {
            let _ = std::fs::remove_file(entry.path());
        }
    }
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

#[cfg(test)]
mod pair_tests {
    use super::*;

    fn pair(dir: &Path) -> OutputPaths {
        OutputPaths {
            pdf: dir.join("r.pdf"),
            json: dir.join("r.json"),
        }
    }

    /// A folder named like the PDF made the JSON be written and the PDF
    /// not, under a message saying nothing was written.
    #[test]
    fn a_folder_named_like_the_pdf_leaves_the_old_pair() {
        let dir = tempfile::tempdir().unwrap();
        let p = pair(dir.path());
        write_pair(&p, b"json1", b"pdf1").unwrap();
        std::fs::remove_file(&p.pdf).unwrap();
        std::fs::create_dir(&p.pdf).unwrap();
        assert!(write_pair(&p, b"json2", b"pdf2").is_err());
        assert_eq!(std::fs::read(&p.json).unwrap(), b"json1");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    /// Written through a private temporary, the report was left readable
    /// only by its owner.
    #[cfg(unix)]
    #[test]
    fn the_report_is_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = pair(dir.path());
        write_pair(&p, b"j", b"p").unwrap();
        for f in [&p.pdf, &p.json] {
            let mode = std::fs::metadata(f).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644, "{}", f.display());
        }
    }

    #[test]
    fn the_pair_is_replaced_whole_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let p = pair(dir.path());
        write_pair(&p, b"json1", b"pdf1").unwrap();
        write_pair(&p, b"json2", b"pdf2").unwrap();
        assert_eq!(std::fs::read(&p.json).unwrap(), b"json2");
        assert_eq!(std::fs::read(&p.pdf).unwrap(), b"pdf2");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    /// The results JSON of `lofte report` is written as it is serialised
    /// and synced on a thread of its own while the PDF is made: the pair
    /// arrives whole, from the temporary that was written.
    #[test]
    fn a_json_synced_while_the_pdf_is_made_arrives_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = pair(dir.path());
        write_pair(&p, b"json1", b"pdf1").unwrap();
        let mut json = temporary_for(&p.json).unwrap();
        for piece in [&b"{\"rows\": "[..], b"[1, 2, 3]", b"}"] {
            json.write_all(piece).unwrap();
        }
        write_pair_streamed(&p, Syncing::start(json), b"pdf2").unwrap();
        assert_eq!(std::fs::read(&p.json).unwrap(), br#"{"rows": [1, 2, 3]}"#);
        assert_eq!(std::fs::read(&p.pdf).unwrap(), b"pdf2");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    /// A killed run's temporaries are removed by the next run; a live
    /// run's (this process) are kept.
    #[test]
    fn temporaries_of_a_killed_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // No process has id 4 000 000 000 (above Linux's pid_max).
        let dead = dir.path().join(".lofte-4000000000-abc.tmp");
        let live = dir
            .path()
            .join(format!(".lofte-{}-abc.tmp", std::process::id()));
        let other = dir.path().join("anteckning.tmp");
        for f in [&dead, &live, &other] {
            std::fs::write(f, b"x").unwrap();
        }
        write_pair(&pair(dir.path()), b"j", b"p").unwrap();
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(other.exists());
    }
}

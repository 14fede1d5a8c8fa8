//! The served folder: which agreements it holds, which reports they have,
//! and the only code in `serve` that writes. Every write lands inside one
//! agreement folder, under a sanitised name, through a temporary file; a
//! file it replaces is first kept as a dated copy in `tidigare/`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;

use crate::cli::output::write_atomically;

/// The file types accepted as activity logs.
pub const LOG_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "csv"];

/// Where earlier versions of replaced files are kept, inside the
/// agreement folder.
pub const EARLIER: &str = "tidigare";

/// Where reports are written, inside the agreement folder.
pub const REPORTS: &str = "rapporter";

/// Where uploads wait for the user to confirm replacing a file.
const PENDING: &str = ".lofte-vantande";

/// Longest file name kept from an upload, in characters.
const MAX_NAME_CHARS: usize = 100;

/// One agreement folder under the served folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDir {
    /// Its folder name: the id in every address.
    pub id: String,
    /// The folder, resolved.
    pub path: PathBuf,
}

/// The agreement folders under `root` (or `root` itself when it is one),
/// sorted by id. Folders that resolve outside `root` (symbolic links out)
/// are left out.
pub fn agreements(root: &Path) -> Vec<AgreementDir> {
    let Ok(root) = root.canonicalize() else {
        return Vec::new();
    };
    let mut out: Vec<AgreementDir> = Vec::new();
    for path in crate::cli::report::expand_agreements(std::slice::from_ref(&root)) {
        let Ok(path) = path.canonicalize() else {
            continue;
        };
        if !path.is_dir() || !path.starts_with(&root) {
            continue;
        }
        if crate::cli::load::find_promise_file(&path).is_err() {
            continue;
        }
        let Some(id) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        if out.iter().all(|a| a.id != id) {
            out.push(AgreementDir { id, path });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Why an upload's file name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nothing left after taking the last path component.
    Empty,
    /// `.`, `..`, or a hidden name.
    Hidden,
    /// Not one of [`LOG_EXTENSIONS`].
    NotALog(String),
}

/// The name an uploaded file is saved under: the last component of what
/// the browser sent (old browsers send a whole Windows path), letters,
/// digits and `-_.() ` kept, anything else `_`, at most 100 characters,
/// with a log file extension. A name can therefore never leave the folder.
pub fn safe_log_name(raw: &str) -> Result<String, NameError> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if base.is_empty() {
        return Err(NameError::Empty);
    }
    if base.starts_with('.') {
        return Err(NameError::Hidden);
    }
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = Path::new(&cleaned);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !LOG_EXTENSIONS.contains(&ext.as_str()) {
        return Err(NameError::NotALog(ext));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let keep = MAX_NAME_CHARS.saturating_sub(ext.chars().count() + 1);
    let stem: String = stem.chars().take(keep).collect();
    let stem = stem.trim();
    if stem.is_empty() || stem.chars().all(|c| c == '.') {
        return Err(NameError::Empty);
    }
    Ok(format!("{stem}.{ext}"))
}

/// `name` with `tag` before its extension: `aktiviteter-2024-01-31.xlsx`.
fn tagged(name: &str, tag: &str) -> String {
    let path = Path::new(name);
    match (path.file_stem(), path.extension()) {
        (Some(stem), Some(ext)) => {
            format!("{}-{tag}.{}", stem.to_string_lossy(), ext.to_string_lossy())
        }
        _ => format!("{name}-{tag}"),
    }
}

/// A path in `dir` for `name` tagged with `tag` that does not exist yet.
fn free_path(dir: &Path, name: &str, tag: &str) -> PathBuf {
    let first = dir.join(tagged(name, tag));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(tagged(name, &format!("{tag}-{n}"))))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Refuses a path that is a symbolic link or resolves outside `dir`.
fn check_inside(dir: &Path, target: &Path) -> std::io::Result<()> {
    let outside = || {
        std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{} lies outside the agreement folder", target.display()),
        )
    };
    let dir = dir.canonicalize()?;
    if let Ok(meta) = std::fs::symlink_metadata(target)
        && meta.file_type().is_symlink()
    {
        return Err(outside());
    }
    let parent = target.parent().ok_or_else(outside)?.canonicalize()?;
    if !parent.starts_with(&dir) {
        return Err(outside());
    }
    Ok(())
}

/// Writes `bytes` to `target` inside `dir`. An existing file is first
/// copied to `dir/tidigare/NAME-DATE.EXT` (never overwriting an earlier
/// copy); returns that copy. The new file replaces the old one in a single
/// rename, so a reader sees one or the other.
pub fn replace_file(
    dir: &Path,
    target: &Path,
    bytes: &[u8],
    today: NaiveDate,
) -> std::io::Result<Option<PathBuf>> {
    check_inside(dir, target)?;
    let mut copy = None;
    if target.is_file() {
        let earlier = dir.join(EARLIER);
        std::fs::create_dir_all(&earlier)?;
        check_inside(dir, &earlier.join("x"))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = free_path(&earlier, &name, &today.to_string());
        std::fs::copy(target, &path)?;
        copy = Some(path);
    }
    write_atomically(target, bytes)?;
    Ok(copy)
}

/// Stores an upload that would replace a file until the user says yes;
/// returns its key (hex, from `nonce`).
pub fn park(dir: &Path, name: &str, bytes: &[u8], nonce: &str) -> std::io::Result<String> {
    let pending = dir.join(PENDING);
    std::fs::create_dir_all(&pending)?;
    check_inside(dir, &pending.join("x"))?;
    // Uploads nobody confirmed or cancelled go after a day.
    if let Ok(entries) = std::fs::read_dir(&pending) {
        for entry in entries.filter_map(Result::ok) {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(24 * 60 * 60));
            if old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let key = format!("{nonce}-{name}");
    write_atomically(&pending.join(&key), bytes)?;
    Ok(key)
}

/// A parked upload: its file name and bytes. `key` must be one [`park`]
/// gave: hex, a dash, and a name that [`safe_log_name`] keeps unchanged.
pub fn parked(dir: &Path, key: &str) -> Option<(String, Vec<u8>)> {
    let (nonce, name) = key.split_once('-')?;
    if nonce.is_empty() || !nonce.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    if safe_log_name(name).ok()? != name {
        return None;
    }
    let path = dir.join(PENDING).join(key);
    check_inside(dir, &path).ok()?;
    let bytes = std::fs::read(&path).ok()?;
    Some((name.to_owned(), bytes))
}

/// Forgets a parked upload.
pub fn unpark(dir: &Path, key: &str) {
    if parked(dir, key).is_some() {
        let _ = std::fs::remove_file(dir.join(PENDING).join(key));
    }
}

/// `text` (a promise file) with `name` added to its `loggar` list, or a
/// `loggar` line added before the first table when it has none. `None`
/// when the list is written in a way this does not follow; the caller
/// re-reads the result and refuses it unless the log is then named.
pub fn add_log(text: &str, name: &str) -> Option<String> {
    let quoted = format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""));
    let mut offset = 0;
    let mut first_table = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            first_table = Some(offset);
            break;
        }
        if let Some(rest) = trimmed.strip_prefix("loggar")
            && rest.trim_start().starts_with('=')
        {
            let eq = offset + line.find('=')?;
            let after = &text[eq + 1..];
            let open = eq + 1 + after.find('[')?;
            if !text[eq + 1..open].trim().is_empty() {
                return None;
            }
            let (close, last) = scan_array(text, open)?;
            let (at, insert) = match last {
                None => (open + 1, quoted),
                Some(i) if text.as_bytes()[i] == b',' => (i + 1, format!(" {quoted}")),
                Some(i) => (i + 1, format!(", {quoted}")),
            };
            debug_assert!(at <= close);
            return Some(format!("{}{insert}{}", &text[..at], &text[at..]));
        }
        offset += line.len();
    }
    let line = format!("loggar = [{quoted}]\n");
    Some(match first_table {
        Some(at) => format!("{}{line}\n{}", &text[..at], &text[at..]),
        None if text.ends_with('\n') || text.is_empty() => format!("{text}{line}"),
        None => format!("{text}\n{line}"),
    })
}

/// The `]` that closes the array opened at `open`, and the last character
/// inside it that is neither blank nor in a comment; strings and comments
/// are skipped.
fn scan_array(text: &str, open: usize) -> Option<(usize, Option<usize>)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut last = None;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some((i, last));
                }
            }
            b'"' | b'\'' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'#' => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        if i > open && !bytes.get(i).is_some_and(u8::is_ascii_whitespace) && depth > 0 {
            last = Some(i);
        }
        i += 1;
    }
    None
}

/// A report found in `rapporter/`.
#[derive(Debug, Clone)]
pub struct ReportFile {
    /// The PDF's file name.
    pub pdf: String,
    /// The JSON's file name.
    pub json: String,
    /// Report version.
    pub version: u64,
    /// Report window, as written in the JSON (`2022-01-01`, `2023-12-31`).
    pub window: (String, String),
    /// As-of date.
    pub as_of: String,
    /// Promises per status.
    pub summary: crate::evaluate::Summary,
    /// When the PDF was last written.
    pub modified: Option<std::time::SystemTime>,
}

/// The reports of the agreement in `dir`: every PDF in `rapporter/` with
/// its results JSON beside it, newest first.
pub fn reports(dir: &Path) -> Vec<ReportFile> {
    let Ok(entries) = std::fs::read_dir(dir.join(REPORTS)) else {
        return Vec::new();
    };
    let mut out: Vec<ReportFile> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            let meta = std::fs::symlink_metadata(&path).ok()?;
            if !meta.is_file() || path.extension().is_none_or(|x| x != "pdf") {
                return None;
            }
            let json_path = path.with_extension("json");
            let value: Value = serde_json::from_slice(&std::fs::read(&json_path).ok()?).ok()?;
            let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
            Some(ReportFile {
                pdf: path.file_name()?.to_string_lossy().into_owned(),
                json: json_path.file_name()?.to_string_lossy().into_owned(),
                version: value["version"].as_u64().unwrap_or(1),
                window: (text(&value["window"]["from"]), text(&value["window"]["to"])),
                as_of: text(&value["as_of"]),
                summary: serde_json::from_value(value["summary"].clone()).unwrap_or_default(),
                modified: meta.modified().ok(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.pdf.cmp(&b.pdf)));
    out
}

/// A file of `rapporter/` by exact name, if it is a report PDF or JSON that
/// is there (not a link): the only files `serve` hands out.
pub fn report_file(dir: &Path, name: &str) -> Option<PathBuf> {
    let listed = reports(dir)
        .into_iter()
        .any(|r| r.pdf == name || r.json == name);
    let path = dir.join(REPORTS).join(name);
    (listed && check_inside(dir, &path).is_ok()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_stay_in_the_folder() {
        assert_eq!(
            safe_log_name("aktiviteter.xlsx").unwrap(),
            "aktiviteter.xlsx"
        );
        assert_eq!(safe_log_name("../../etc/passwd.csv").unwrap(), "passwd.csv");
        assert_eq!(
            safe_log_name("C:\\Users\\polis\\Logg 2023 (v2).XLSX").unwrap(),
            "Logg 2023 (v2).xlsx"
        );
        assert_eq!(safe_log_name("å;ä|ö.ods").unwrap(), "å_ä_ö.ods");
        assert_eq!(safe_log_name(".."), Err(NameError::Hidden));
        assert_eq!(safe_log_name("../.hidden.csv"), Err(NameError::Hidden));
        assert_eq!(safe_log_name("a/"), Err(NameError::Empty));
        assert_eq!(
            safe_log_name("x.exe"),
            Err(NameError::NotALog("exe".into()))
        );
        assert_eq!(safe_log_name("...csv"), Err(NameError::Hidden));
        let long = format!("{}.csv", "a".repeat(500));
        assert_eq!(
            safe_log_name(&long).unwrap().chars().count(),
            MAX_NAME_CHARS
        );
    }

    #[test]
    fn add_log_extends_the_list_or_adds_one() {
        let one = "kommun = \"K\"\nloggar = [\"a.xlsx\"] # polisen\n\n[[lofte]]\n";
        assert_eq!(
            add_log(one, "b.csv").unwrap(),
            "kommun = \"K\"\nloggar = [\"a.xlsx\", \"b.csv\"] # polisen\n\n[[lofte]]\n"
        );
        let many = "loggar = [\n  \"a].xlsx\", # ]\n]\n";
        assert_eq!(
            add_log(many, "b.csv").unwrap(),
            "loggar = [\n  \"a].xlsx\", \"b.csv\" # ]\n]\n"
        );
        let none = "kommun = \"K\"\n\n[uppfoljning]\n";
        assert_eq!(
            add_log(none, "b.csv").unwrap(),
            "kommun = \"K\"\n\nloggar = [\"b.csv\"]\n\n[uppfoljning]\n"
        );
        assert_eq!(
            add_log("loggar = []\n", "b.csv").unwrap(),
            "loggar = [\"b.csv\"]\n"
        );
    }

    #[test]
    fn replacing_keeps_a_dated_copy_and_never_overwrites_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.csv");
        let day = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
        assert_eq!(replace_file(dir.path(), &target, b"1", day).unwrap(), None);
        let first = replace_file(dir.path(), &target, b"2", day)
            .unwrap()
            .unwrap();
        let second = replace_file(dir.path(), &target, b"3", day)
            .unwrap()
            .unwrap();
        assert_eq!(first, dir.path().join("tidigare/a-2024-01-31.csv"));
        assert_eq!(second, dir.path().join("tidigare/a-2024-01-31-2.csv"));
        assert_eq!(std::fs::read(&first).unwrap(), b"1");
        assert_eq!(std::fs::read(&second).unwrap(), b"2");
        assert_eq!(std::fs::read(&target).unwrap(), b"3");
        // A target outside the folder is refused.
        let other = tempfile::tempdir().unwrap();
        assert!(replace_file(dir.path(), &other.path().join("x.csv"), b"x", day).is_err());
        assert!(!other.path().join("x.csv").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_not_followed_out() {
        let dir = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let secret = other.path().join("s.csv");
        std::fs::write(&secret, b"secret").unwrap();
        let link = dir.path().join("s.csv");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
        assert!(replace_file(dir.path(), &link, b"x", day).is_err());
        assert_eq!(std::fs::read(&secret).unwrap(), b"secret");
    }

    #[test]
    fn parked_keys_cannot_name_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let key = park(dir.path(), "a.csv", b"x", "00ff").unwrap();
        assert_eq!(
            parked(dir.path(), &key).unwrap(),
            ("a.csv".into(), b"x".to_vec())
        );
        assert!(parked(dir.path(), "00ff-../a.csv").is_none());
        assert!(parked(dir.path(), "zz-a.csv").is_none());
        unpark(dir.path(), &key);
        assert!(parked(dir.path(), &key).is_none());
    }
}

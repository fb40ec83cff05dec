//! Writing result files safely: never over an existing file without `--force`, and never
//! half-written (a temporary file in the same folder, then a rename).

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Fails when `path` exists and overwriting was not asked for.
pub fn refuse_to_overwrite(path: &Path, force: bool) -> Result<()> {
    if !force && path.exists() {
        bail!("{} already exists; choose another name, or add --force to overwrite it", path.display());
    }
    Ok(())
}

/// Writes `text` to `path` through a temporary file and a rename, so that readers see the old
/// file or the new one, never a part.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().with_context(|| format!("{} is not a file name", path.display()))?;
    let temporary = dir.join(format!(".{}.shipwise-{}.tmp", name.to_string_lossy(), std::process::id()));
    let written = std::fs::File::create(&temporary)
        .and_then(|mut file| file.write_all(text.as_bytes()).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(err) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(err).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// `path` made absolute against the current folder, with `.` and `..` resolved lexically.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")).join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path of `to` relative to the folder `from_dir` (both absolute), with `/` separators.
pub fn relative(from_dir: &Path, to: &Path) -> String {
    let from: Vec<Component<'_>> = from_dir.components().collect();
    let target: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(target[common..].iter().map(|c| c.as_os_str().to_string_lossy().to_string()));
    parts.join("/")
}

/// Today's date as `YYYY-MM-DD` (UTC), for decision records.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    civil_date(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_and_down() {
        assert_eq!(relative(Path::new("/r/decisions"), Path::new("/r/workloads/a.yaml")), "../workloads/a.yaml");
        assert_eq!(relative(Path::new("/r"), Path::new("/r/a.yaml")), "a.yaml");
        assert_eq!(absolute(Path::new("/r/x/../y/./z.yaml")), PathBuf::from("/r/y/z.yaml"));
    }

    #[test]
    fn civil_dates_are_right() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_419), "2025-11-27");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn atomic_writes_replace_the_whole_file_and_leave_no_temporary() {
        let dir = std::env::temp_dir().join(format!("shipwise-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("out.yaml");
        write_atomically(&path, "one\n").expect("writes");
        assert!(refuse_to_overwrite(&path, false).is_err());
        assert!(refuse_to_overwrite(&path, true).is_ok());
        write_atomically(&path, "two\n").expect("writes");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "two\n");
        assert_eq!(std::fs::read_dir(&dir).expect("lists").count(), 1);
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }
}

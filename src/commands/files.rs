//! Paths and dates for the files commands write (the writing itself is in `write`).

use std::path::{Component, Path};

pub use crate::fence::absolute;

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
pub fn today() -> crate::date::Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    crate::date::Date::from_days(i64::try_from(seconds / 86_400).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_and_down() {
        use std::path::PathBuf;
        assert_eq!(relative(Path::new("/r/decisions"), Path::new("/r/workloads/a.yaml")), "../workloads/a.yaml");
        assert_eq!(relative(Path::new("/r"), Path::new("/r/a.yaml")), "a.yaml");
        assert_eq!(absolute(Path::new("/r/x/../y/./z.yaml")), PathBuf::from("/r/y/z.yaml"));
    }
}

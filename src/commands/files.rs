//! Paths and dates for the files commands write (the writing itself is in `write`).

use std::path::{Component, Path};

use crate::error::{Error, Location};
use crate::yaml::{MAX_INPUT_BYTES, Source};

pub(super) use crate::fence::absolute;

/// The path of `to` relative to the folder `from_dir` (both absolute), with `/` separators.
pub(super) fn relative(from_dir: &Path, to: &Path) -> String {
    let from: Vec<Component<'_>> = from_dir.components().collect();
    let target: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(target[common..].iter().map(|c| c.as_os_str().to_string_lossy().to_string()));
    parts.join("/")
}

/// Today's date as `YYYY-MM-DD` (UTC), for decision records.
pub(super) fn today() -> crate::date::Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    crate::date::Date::from_days(i64::try_from(seconds / 86_400).unwrap_or(0))
}

/// Reads a file (or standard input for `-`) as a [`Source`] named by its path, refusing
/// directories, special files, files over [`MAX_INPUT_BYTES`] and bytes that are not UTF-8.
pub fn read_source(path: &Path) -> Result<Source, Error> {
    read_source_as(path, &path.display().to_string())
}

/// Like [`read_source`], with `name` shown in messages instead of the path (such as
/// `../.shipwise.yaml` for a file found in a parent folder).
pub fn read_source_as(path: &Path, name: &str) -> Result<Source, Error> {
    Source::from_bytes(name, read_bytes(path, name)?)
}

/// At most [`MAX_INPUT_BYTES`] and one more of a file (or standard input for `-`).
pub fn read_bytes(path: &Path, name: &str) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let here = Location::file(&std::sync::Arc::from(name));
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().lock().take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
    } else {
        let (file, length) = open_regular(path).map_err(|message| Error::at(here.clone(), message))?;
        bytes.reserve(usize::try_from(length.min(MAX_INPUT_BYTES + 1)).unwrap_or(0));
        file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
    };
    read.map_err(|err| Error::at(here, describe_io(&err)))?;
    Ok(bytes)
}

/// Opens a regular file for reading, and its length; anything else (a folder, a FIFO, a socket, a
/// device) is refused with a message saying so. A FIFO is refused before it is opened, since
/// opening one waits for a writer; the open file is asked again, in case the path changed.
pub(super) fn open_regular(path: &Path) -> Result<(std::fs::File, u64), String> {
    let what = |meta: &std::fs::Metadata| {
        if meta.is_dir() {
            Some("is a directory; give a workload file (a .yaml file)")
        } else if !meta.is_file() {
            Some(
                "is not a regular file (a FIFO, socket or device); shipwise reads only regular files (`-` reads standard input)",
            )
        } else {
            None
        }
    };
    let meta = std::fs::metadata(path).map_err(|err| describe_io(&err))?;
    if let Some(message) = what(&meta) {
        return Err(message.to_string());
    }
    let file = std::fs::File::open(path).map_err(|err| describe_io(&err))?;
    let meta = file.metadata().map_err(|err| describe_io(&err))?;
    match what(&meta) {
        Some(message) => Err(message.to_string()),
        None => Ok((file, meta.len())),
    }
}

fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file; check the path".to_string(),
        std::io::ErrorKind::PermissionDenied => "cannot be read: permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory; give a workload file (a .yaml file)".to_string(),
        _ => format!("cannot be read: {err}"),
    }
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

//! Finding input files under a folder, inside the fence: links are followed only into the project
//! (a link out, or to nothing, is reported when its name is one the command reads, and never
//! walked), and what cannot be walked (an unreadable folder, a link loop) is reported too, so
//! one bad entry never stops the rest from being read.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::fence::Fence;

/// A file to read, or a problem found while looking for files (its place and what is wrong).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Found {
    /// A file inside the fence whose name the command reads.
    File(PathBuf),
    /// A place that could not be read, and why (in one line, starting with the place).
    Problem(PathBuf, String),
}

impl Found {
    /// The path, for sorting and for reports.
    pub(super) fn path(&self) -> &Path {
        match self {
            Found::File(path) | Found::Problem(path, _) => path,
        }
    }
}

/// Every file under `root` that `wanted` accepts, and the problems met on the way. `builder` says
/// how to walk (hidden files, .gitignore); links are followed only where the fence allows, and a
/// path given as the root is checked against the fence like any other.
pub(super) fn walk(
    root: &Path,
    mut builder: ignore::WalkBuilder,
    fence: &Fence,
    wanted: impl Fn(&Path) -> bool + Send + Sync + 'static,
    skip: fn(&ignore::DirEntry) -> bool,
) -> Vec<Found> {
    let wanted = Arc::new(wanted);
    if let Err(message) = fence.admit(root) {
        return vec![problem(root, &message)];
    }
    if root.is_file() {
        return vec![Found::File(root.to_path_buf())];
    }
    let pruned: Arc<Mutex<Vec<Found>>> = Arc::default();
    let (seen, inside, wanted_here) = (Arc::clone(&pruned), fence.clone(), Arc::clone(&wanted));
    builder.follow_links(true).filter_entry(move |entry| {
        if skip(entry) {
            return false;
        }
        if !entry.path_is_symlink() {
            return true;
        }
        let path = entry.path();
        match inside.admit(path) {
            Ok(()) => true,
            // A folder linked from outside is left alone: it is not part of the project.
            Err(_) if path.is_dir() => false,
            Err(message) => {
                if wanted_here(path) {
                    seen.lock().expect("no walker thread panics").push(problem(path, &message));
                }
                false
            }
        }
    });
    let mut found = Vec::new();
    for entry in builder.build() {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                let path = entry.into_path();
                if wanted(&path) {
                    found.push(Found::File(path));
                }
            }
            Ok(_) => {}
            Err(err) => {
                let place = walk_error_path(&err).map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                // A link to nothing fails before the filter sees it: say so in words, and only
                // for a name the command reads.
                let dangling = matches!(&err, ignore::Error::WithPath { .. } | ignore::Error::WithDepth { .. })
                    && place.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink())
                    && !place.exists();
                if dangling {
                    if wanted(&place) {
                        found.push(problem(&place, "is a symbolic link to nothing; fix or remove the link"));
                    }
                } else {
                    found.push(Found::Problem(place, crate::escape::escape(&err.to_string()).into_owned()));
                }
            }
        }
    }
    found.extend(pruned.lock().expect("no walker thread panics").drain(..));
    found
}

fn problem(path: &Path, message: &str) -> Found {
    Found::Problem(path.to_path_buf(), format!("{}: {message}", path.display()))
}

/// The path a walk error is about (a symlink loop's link, an unreadable folder).
fn walk_error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error_path(err),
        _ => None,
    }
}

//! Writing result files, one way for every command that writes (`check --output-file`, `ask
//! --save` and `--record`, `man --dir`): the text goes to a temporary file created exclusively,
//! under a random name, in the target's folder (so a link planted there is never followed), keeps
//! the permissions of the file it replaces, is synced, renamed over the target, and the folder is
//! synced too. Readers see the old file or the new one, never a part.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// What an existing file at the target may be replaced by the new one.
#[derive(Clone, Copy, Debug)]
pub(super) enum Replace<'a> {
    /// Never: a person's file (`ask` without `--force`). Checked again at the rename, which
    /// refuses a file that appeared in the meantime.
    Never,
    /// An earlier output of the same kind (a report, a man page, `ask --force`), but never a
    /// symbolic link, a special file, a read-only file, or one of these inputs (canonical paths).
    Output(&'a [PathBuf]),
}

/// Fails when `path` exists and may not be replaced (before any work, so that `ask` refuses
/// before the first question); [`write_file`] checks again when it writes.
pub(super) fn check_target(path: &Path, replace: Replace<'_>) -> Result<()> {
    match path.symlink_metadata() {
        Ok(meta) => replaceable(path, &meta, replace),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(err).with_context(|| format!("cannot write {}", path.display())),
    }
}

/// Writes `text` to `path` atomically, replacing what is there only as `replace` allows.
pub(super) fn write_file(path: &Path, text: &str, replace: Replace<'_>) -> Result<()> {
    let shown = path.display();
    let name = path.file_name().with_context(|| format!("{shown} is not a file name"))?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    check_target(path, replace)?;
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{}.", name.to_string_lossy());
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets the permissions File::create would give it (0666 less the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temporary = builder
        .tempfile_in(&folder)
        .with_context(|| format!("cannot write {shown}: cannot create a file in {}", folder.display()))?;
    temporary.write_all(text.as_bytes()).with_context(|| format!("cannot write {shown}"))?;
    if let Ok(meta) = std::fs::metadata(path) {
        temporary.as_file().set_permissions(meta.permissions()).with_context(|| format!("cannot write {shown}"))?;
    }
    temporary.as_file().sync_all().with_context(|| format!("cannot write {shown}"))?;
    // Whatever is at the target now is judged again: it may have appeared, or changed, since.
    match replace {
        Replace::Never => temporary.persist_noclobber(path).map_err(|err| {
            if err.error.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!("{shown} appeared while shipwise was working; choose another name, or add --force")
            } else {
                anyhow::Error::new(err.error).context(format!("cannot write {shown}"))
            }
        })?,
        Replace::Output(_) => {
            check_target(path, replace)?;
            temporary.persist(path).map_err(|err| err.error).with_context(|| format!("cannot write {shown}"))?
        }
    };
    // The rename is durable once the folder is synced (where a folder can be opened at all).
    if let Ok(dir) = std::fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn replaceable(path: &Path, meta: &std::fs::Metadata, replace: Replace<'_>) -> Result<()> {
    let shown = path.display();
    let inputs = match replace {
        Replace::Never => bail!("{shown} already exists; choose another name, or add --force to overwrite it"),
        Replace::Output(inputs) => inputs,
    };
    if meta.file_type().is_symlink() {
        bail!("{shown} is a symbolic link; shipwise neither writes through links nor replaces them: name another file");
    }
    if !meta.is_file() {
        bail!("{shown} is not a regular file (a folder, FIFO, socket or device); name a file to write");
    }
    if meta.permissions().readonly() || std::fs::OpenOptions::new().write(true).open(path).is_err() {
        bail!("{shown} is read-only; shipwise does not replace it: make it writable, or name another file");
    }
    if let Ok(real) = path.canonicalize()
        && inputs.contains(&real)
    {
        bail!("{shown} is one of the files this run reads (a record, a workload or a pack file); write elsewhere");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        crate::testing::scratch(&format!("write-{name}"))
    }

    #[test]
    fn writes_replace_the_whole_file_keep_its_mode_and_leave_no_temporary() {
        let dir = scratch("replace");
        let path = dir.join("out.yaml");
        write_file(&path, "one\n", Replace::Never).expect("writes a new file");
        assert!(write_file(&path, "two\n", Replace::Never).is_err(), "a person's file stays");
        #[cfg(unix)]
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o640)).expect("chmod");
        write_file(&path, "two\n", Replace::Output(&[])).expect("replaces an earlier output");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "two\n");
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&path).expect("meta").permissions()) & 0o777,
            0o640
        );
        assert_eq!(std::fs::read_dir(&dir).expect("lists").count(), 1);
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
        // Writes used to open `.NAME.shipwise-PID.tmp` with File::create, which follows a link.
        let dir = scratch("planted");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "precious\n").expect("write");
        let planted = dir.join(format!(".report.xml.shipwise-{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).expect("link");
        write_file(&dir.join("report.xml"), "<report/>\n", Replace::Output(&[])).expect("writes");
        assert_eq!(std::fs::read_to_string(&victim).expect("reads"), "precious\n");
        assert_eq!(std::fs::read_to_string(dir.join("report.xml")).expect("reads"), "<report/>\n");
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[cfg(unix)]
    #[test]
    fn links_special_read_only_and_input_files_are_never_replaced() {
        let dir = scratch("refuse");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "precious\n").expect("write");
        std::os::unix::fs::symlink(&victim, dir.join("link.xml")).expect("link");
        let err = write_file(&dir.join("link.xml"), "report", Replace::Output(&[])).expect_err("a link");
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        std::fs::set_permissions(&victim, std::os::unix::fs::PermissionsExt::from_mode(0o444)).expect("chmod");
        let err = write_file(&victim, "report", Replace::Output(&[])).expect_err("read-only");
        assert!(err.to_string().contains("is read-only"), "{err}");
        std::fs::set_permissions(&victim, std::os::unix::fs::PermissionsExt::from_mode(0o644)).expect("chmod");
        let inputs = [victim.canonicalize().expect("real path")];
        let err = write_file(&dir.join("./victim.txt"), "report", Replace::Output(&inputs)).expect_err("an input");
        assert!(err.to_string().contains("is one of the files this run reads"), "{err}");
        assert!(write_file(&dir, "report", Replace::Output(&[])).is_err(), "a folder");
        assert_eq!(std::fs::read_to_string(&victim).expect("reads"), "precious\n");
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }
}

//! Atomic output: the generated crate replaces the output directory all at once, or not at all.
//!
//! The files are written into a fresh temporary directory beside the output, then the old
//! directory is renamed away and the new one renamed into place. On any error before the swap the
//! old output is untouched; files that are not generated (`target/`) are never in the output.

use std::path::{Path, PathBuf};

use crate::diag::{Error, Result};
use crate::emit::Files;

/// Replaces `out_dir` with exactly `files`.
pub fn write_atomically(out_dir: &Path, files: &Files) -> Result<()> {
    let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let staging = tempfile::Builder::new().prefix(".codegen-staging-").tempdir_in(parent).map_err(|e| Error::io(parent, e))?;
    for (path, content) in files {
        let target = staging.path().join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&target, content).map_err(|e| Error::io(&target, e))?;
    }
    let staged = staging.keep();
    let backup = parent.join(format!(".codegen-old-{}", std::process::id()));
    let had_old = out_dir.exists();
    if had_old {
        std::fs::rename(out_dir, &backup).map_err(|e| Error::io(out_dir, e))?;
    }
    if let Err(e) = std::fs::rename(&staged, out_dir) {
        // Put the old output back before reporting.
        if had_old {
            let _ = std::fs::rename(&backup, out_dir);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io(out_dir, e));
    }
    if had_old {
        std::fs::remove_dir_all(&backup).map_err(|e| Error::io(&backup, e))?;
    }
    Ok(())
}

/// The files under `dir` that differ from `files`: changed, missing or extra (paths relative to
/// `dir`, sorted). `ignore` names top-level entries that are not generated (e.g. `target`).
pub fn stale_files(dir: &Path, files: &Files, ignore: &[&str]) -> Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for (path, content) in files {
        match std::fs::read(dir.join(path)) {
            Ok(bytes) if bytes == content.as_bytes() => {}
            _ => stale.push(path.clone()),
        }
    }
    let mut on_disk = Vec::new();
    list_files(dir, Path::new(""), ignore, &mut on_disk)?;
    for path in on_disk {
        if !files.contains_key(&path) {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}

fn list_files(root: &Path, rel: &Path, ignore: &[&str], out: &mut Vec<PathBuf>) -> Result<()> {
    let dir = root.join(rel);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(&dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name();
        if rel.as_os_str().is_empty() && ignore.iter().any(|i| name == *i) {
            continue;
        }
        let path = rel.join(&name);
        if entry.file_type().map_err(|e| Error::io(entry.path(), e))?.is_dir() {
            list_files(root, &path, ignore, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_replaces_everything_and_check_finds_drift() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        std::fs::create_dir_all(out.join("old")).unwrap();
        std::fs::write(out.join("old/stale.rs"), "x").unwrap();
        let mut files = Files::new();
        files.insert("src/lib.rs".into(), "fn main() {}".into());
        write_atomically(&out, &files).unwrap();
        assert!(!out.join("old").exists());
        assert_eq!(std::fs::read_to_string(out.join("src/lib.rs")).unwrap(), "fn main() {}");
        assert!(stale_files(&out, &files, &[]).unwrap().is_empty());
        files.insert("src/lib.rs".into(), "changed".into());
        assert_eq!(stale_files(&out, &files, &[]).unwrap(), [PathBuf::from("src/lib.rs")]);
        let leftovers: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging or backup directory is left behind");
    }
}

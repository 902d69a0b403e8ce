//! Paths as the user should see them: relative to the directory the command was run in, without
//! `.` or `..` detours (`generated/`, not `specs/../generated`).

use std::path::{Component, Path, PathBuf};

/// `path` for display: relative to the current directory when it is below it (or near it, with
/// leading `..`), absolute otherwise; `/` separators.
pub fn shown(path: &Path) -> String {
    let Ok(cwd) = std::env::current_dir() else {
        return path.display().to_string();
    };
    shown_from(path, &cwd)
}

/// A directory for display: [`shown`] with a trailing `/`.
pub fn shown_dir(path: &Path) -> String {
    let text = shown(path);
    if text.ends_with('/') { text } else { format!("{text}/") }
}

/// [`shown`], relative to `cwd`.
pub fn shown_from(path: &Path, cwd: &Path) -> String {
    let absolute = clean(&cwd.join(path));
    // Symbolic links (say /tmp → /private/tmp) are resolved on both sides when both exist.
    let (absolute, cwd) = match (std::fs::canonicalize(&absolute), std::fs::canonicalize(cwd)) {
        (Ok(p), Ok(c)) => (p, c),
        _ => (absolute, clean(cwd)),
    };
    let relative = relative_to(&absolute, &cwd).unwrap_or(absolute);
    let text = relative.to_string_lossy().replace('\\', "/");
    if text.is_empty() { ".".to_string() } else { text }
}

/// `path` with `.` removed and `..` applied to the component before it, without touching the
/// file system.
pub fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let popped = matches!(out.components().next_back(), Some(Component::Normal(_))) && out.pop();
                if !popped && !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base` (both absolute and clean), with at most three `..`; `None` if
/// they share nothing but the root or are further apart.
fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let common = path.components().zip(base.components()).take_while(|(a, b)| a == b).count();
    let ups = base.components().count() - common;
    if common <= 1 || ups > 3 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in 0..ups {
        out.push("..");
    }
    for component in path.components().skip(common) {
        out.push(component.as_os_str());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detours_are_removed_and_paths_are_relative() {
        let cwd = Path::new("/no/such/root/project");
        assert_eq!(shown_from(Path::new("specs/../generated"), cwd), "generated");
        assert_eq!(shown_from(Path::new("./specs/./sso.yaml"), cwd), "specs/sso.yaml");
        assert_eq!(shown_from(Path::new("/no/such/root/project/generated"), cwd), "generated");
        assert_eq!(shown_from(Path::new("../other/x.yaml"), cwd), "../other/x.yaml");
        assert_eq!(shown_from(Path::new("/elsewhere/x.yaml"), cwd), "/elsewhere/x.yaml");
        assert_eq!(shown_from(Path::new("."), cwd), ".");
        assert_eq!(clean(Path::new("../a/../../b")), PathBuf::from("../../b"));
    }
}

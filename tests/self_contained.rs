//! The repository is self-contained: no tracked file outside Markdown refers to the folder that
//! sits beside the repository on the developers' machines (and on no user's), so a clone alone
//! builds, runs and passes its tests. Markdown may name it as history or design background.

use std::path::{Path, PathBuf};
use std::process::Command;

use tests::workspace_root;

/// The folder beside the repository, spelt in pieces so that this file does not match itself.
fn needles() -> [String; 2] {
    let sibling = ["..", "shared"].join("/");
    [sibling.clone(), sibling.replace('/', "\\")]
}

/// The tracked files (`git ls-files`), or every file outside `target/`, `node_modules/` and
/// `.git/` when this is not a git checkout.
fn files(root: &Path) -> Vec<PathBuf> {
    let listed = Command::new("git").args(["ls-files", "-z"]).current_dir(root).output();
    if let Some(out) = listed.as_ref().ok().filter(|o| o.status.success()) {
        return out.stdout.split(|b| *b == 0).filter(|p| !p.is_empty()).map(|p| root.join(String::from_utf8_lossy(p).as_ref())).collect();
    }
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if !matches!(name.to_str(), Some("target" | "node_modules" | ".git")) {
                    walk(&path, out);
                }
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out
}

#[test]
fn no_tracked_file_outside_markdown_reads_the_folder_beside_the_repository() {
    let root = workspace_root();
    let files = files(&root);
    assert!(files.len() > 100, "the file list is implausibly short ({}): the test would be blind", files.len());
    let needles = needles();
    let mut offenders = Vec::new();
    for file in &files {
        if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            continue;
        }
        let Ok(bytes) = std::fs::read(file) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle.as_str())) {
                offenders.push(format!("{}:{}: {}", file.strip_prefix(&root).unwrap_or(file).display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "files that refer to the folder beside the repository:\n{}", offenders.join("\n"));
}

#[test]
fn the_postman_corpus_is_in_the_repository_with_its_licenses() {
    let dir = workspace_root().join(tests::postman_corpus::CORPUS_DIR);
    let collections = tests::postman_corpus::collection_files(&dir).expect("the corpus is in the repository");
    assert_eq!(collections.len(), 19);
    assert!(dir.join("README.md").is_file(), "the corpus README (sources) is copied");
    for collection in &collections {
        let name = collection.file_name().and_then(|n| n.to_str()).unwrap_or_default().trim_end_matches(".postman_collection.json");
        assert!(dir.join("licenses").join(format!("{name}.LICENSE")).is_file(), "{name} has its license");
    }
}

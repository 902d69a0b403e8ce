//! Compile-fail checks of the generated crate's ergonomics: each `tests/compile_fail/*.rs` must
//! fail to compile with the error its first line names (`//~ ERROR E0061 3 arguments`: the
//! error code, then a fragment of the message). Only the code and the fragment are compared, not
//! rustc's whole rendering, so the checks hold across compiler versions (trybuild's exact
//! `.stderr` snapshots broke with each new rustc).
//!
//! Each case is a binary of one scratch crate under `target/compile-fail/` that depends on the
//! generated crate; `cargo check --message-format json` reports the errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tests::workspace_root;

/// A case: its file and the error it must fail with.
struct Case {
    name: String,
    code: String,
    fragment: String,
}

fn cases(dir: &Path) -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/compile_fail exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("readable");
            let first = text.lines().next().unwrap_or_default();
            let spec = first.strip_prefix("//~ ERROR ").unwrap_or_else(|| panic!("{}: first line must be `//~ ERROR <code> <fragment>`", file.display()));
            let (code, fragment) = spec.split_once(' ').unwrap_or((spec, ""));
            Case {
                name: file.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string(),
                code: code.to_string(),
                fragment: fragment.trim().to_string(),
            }
        })
        .collect()
}

#[test]
fn misuse_does_not_compile_and_says_why() {
    let root = workspace_root();
    let source = root.join("tests/compile_fail");
    let cases = cases(&source);
    assert_eq!(cases.len(), 3, "the three cases are found");
    let krate = root.join("target/compile-fail");
    std::fs::create_dir_all(krate.join("src")).expect("scratch crate");
    let mut manifest = format!(
        "[package]\nname = \"compile-fail\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nsendgrid-access = {{ path = {:?} }}\n\n[workspace]\n",
        root.join("generated").display().to_string()
    );
    for case in &cases {
        let file = source.join(format!("{}.rs", case.name));
        manifest.push_str(&format!("\n[[bin]]\nname = \"{}\"\npath = {:?}\n", case.name, file.display().to_string()));
    }
    std::fs::write(krate.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).expect("lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut failures = Vec::new();
    for case in &cases {
        let output = Command::new(&cargo)
            .args(["check", "--quiet", "--message-format", "json", "--bin", &case.name, "--manifest-path"])
            .arg(krate.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", root.join("target/compile-fail-build"))
            .output()
            .expect("cargo runs");
        let errors: Vec<(String, String)> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-message" && m["message"]["level"] == "error")
            .map(|m| {
                let code = m["message"]["code"]["code"].as_str().unwrap_or_default().to_string();
                (code, m["message"]["rendered"].as_str().unwrap_or_default().to_string())
            })
            .collect();
        if output.status.success() {
            failures.push(format!("{}: compiled, but must not", case.name));
        } else if !errors.iter().any(|(code, rendered)| *code == case.code && rendered.contains(&case.fragment)) {
            failures.push(format!(
                "{}: expected error[{}] mentioning `{}`, got:\n{}",
                case.name,
                case.code,
                case.fragment,
                errors.iter().map(|(_, r)| r.as_str()).collect::<Vec<_>>().join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

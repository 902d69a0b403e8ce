#![doc = include_str!("../README.md")]
//!
//! Shared helpers for the integration tests: paths into the workspace and fixture loading.
//! (The README above is this crate's documentation so that its usage example is compiled.)

pub mod postman_corpus;
pub mod prism;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A path under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(relative)
}

/// Writes generated `files` as its own crate under `target/<dir>` (its own workspace, with the
/// workspace's lock file), runs `cargo test --test <test>` in it (target directory
/// `target/fixture-build`, shared), and returns whether it passed and its output.
pub fn test_generated_crate(dir: &str, files: &codegen::emit::Files, test: &str) -> (bool, String) {
    let root = workspace_root();
    let out = root.join("target").join(dir);
    codegen::write::write_atomically(&out, files).expect("written");
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("manifest");
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).expect("lock file");
    let output = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--test", test, "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-build"))
        .env_remove("POSTMAN_REPLAY_OUT")
        .output()
        .expect("cargo runs");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), report)
}

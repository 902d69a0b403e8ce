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

//! Helpers shared by the command-line tests: a project in a temporary directory and a run of the
//! `codegen` binary in it.

#![allow(dead_code)] // each test file uses some of them

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What the output directory holds before a run; a failed run must leave it there.
pub const MARKER: &str = "previous output, must survive a failed run\n";

/// A project in a temp dir: `specs/codegen.toml` naming `input` (copied from `source`), and an
/// output directory holding a marker file.
pub fn project(source: &Path, input_name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(&specs).expect("specs dir");
    std::fs::copy(source, specs.join(input_name)).expect("copy input");
    std::fs::write(
        specs.join("codegen.toml"),
        format!(
            "[crate]\nname = \"t\"\nversion = \"0.1.0\"\ndescription = \"t\"\noutput = \"../out\"\n\n[[module]]\nname = \"m\"\ninput = \"{input_name}\"\n"
        ),
    )
    .expect("config");
    std::fs::create_dir_all(dir.path().join("out")).expect("out dir");
    std::fs::write(dir.path().join("out/marker.txt"), MARKER).expect("marker");
    dir
}

/// Runs `codegen ARGS specs/codegen.toml` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    codegen(dir, args, Some("specs/codegen.toml"))
}

/// Runs `codegen ARGS [CONFIG]` in `dir`, without colour settings from the environment.
pub fn codegen(dir: &Path, args: &[&str], config: Option<&str>) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(args)
        .args(config)
        .output()
        .expect("the binary runs")
}

/// A file of `tests/fixtures/` at the workspace root.
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(path)
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Stdout and stderr as text.
pub fn texts(output: &Output) -> (String, String) {
    (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

//! Stoplight Prism, the independent mock server of the contract tests (`tests/contract.rs`):
//! found, or installed with npm, before `cargo xtask test` runs them.
//!
//! Order: `$PRISM_BIN`; `prism` on `PATH`; an earlier install in [`PREFIX`]; otherwise
//! `npm install` of [`PACKAGE`] into [`PREFIX`]. With `CONTRACT_TESTS=skip` nothing is installed
//! and the contract tests report as ignored (see `tests/build.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The npm package (major version pinned; the contract tests are written against Prism 5).
pub const PACKAGE: &str = "@stoplight/prism-cli@5";
/// Where `cargo xtask test` installs it, relative to the workspace root.
pub const PREFIX: &str = "target/prism";
/// The environment variable of the explicit opt-out (`CONTRACT_TESTS=skip`).
pub const OPT_OUT: &str = "CONTRACT_TESTS";

/// Whether the user opted out of the contract tests.
pub fn opted_out() -> bool {
    std::env::var(OPT_OUT).is_ok_and(|v| v == "skip")
}

/// The Prism executable, installing it when it is nowhere to be found.
pub fn ensure() -> Result<PathBuf, String> {
    if let Some(bin) = std::env::var_os("PRISM_BIN") {
        let bin = PathBuf::from(bin);
        return if bin.is_file() { Ok(bin) } else { Err(format!("PRISM_BIN={} does not exist", bin.display())) };
    }
    if let Some(on_path) = on_path("prism") {
        return Ok(on_path);
    }
    let installed = Path::new(PREFIX).join("node_modules/.bin/prism");
    if !installed.is_file() {
        eprintln!("xtask: installing {PACKAGE} into {PREFIX} (for the contract tests)");
        std::fs::create_dir_all(PREFIX).map_err(|e| format!("cannot create {PREFIX}: {e}"))?;
        let status = Command::new("npm")
            .args(["install", "--no-save", "--no-audit", "--no-fund", "--prefix", PREFIX, PACKAGE])
            .env("SCARF_ANALYTICS", "false")
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run npm ({e}); install Node.js and npm, or Prism itself"))?;
        if !status.success() {
            return Err(format!("`npm install {PACKAGE}` failed ({status})"));
        }
    }
    if installed.is_file() {
        std::path::absolute(&installed).map_err(|e| e.to_string())
    } else {
        Err(format!("npm reported success but {} is missing", installed.display()))
    }
}

/// The first `name` on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

//! clippy on one generated crate, in the shared target directory of `cargo xtask wild`, with its
//! JSON messages counted so that "compiles" and "warning-free" are told apart.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::BUILD;

/// What clippy said about one crate.
pub struct Checked {
    /// Whether it compiled (clippy's exit status).
    pub compiles: bool,
    /// Warnings in the crate's own code.
    pub warnings: usize,
    /// The first error, or else the first warning, with its code.
    pub first: Option<String>,
}

/// Runs clippy on the crate written at `out` (module `module`, package `crate_name`), made a
/// workspace of its own with the repository's lock file.
pub fn check(module: &str, crate_name: &str, out: &Path) -> Checked {
    let failed = |e: String| Checked { compiles: false, warnings: 0, first: Some(format!("cannot prepare the crate: {e}")) };
    let manifest = out.join("Cargo.toml");
    let written = std::fs::read_to_string(&manifest)
        .and_then(|text| std::fs::write(&manifest, format!("{text}\n[workspace]\n")))
        .and_then(|()| std::fs::copy("Cargo.lock", out.join("Cargo.lock")).map(|_| ()));
    if let Err(e) = written {
        return failed(e.to_string());
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["clippy", "--all-targets", "--message-format", "json", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", BUILD)
        .stderr(Stdio::piped())
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) => return failed(format!("cannot run cargo: {e}")),
    };
    let mut warnings = 0;
    let (mut first_error, mut first_warning) = (None, None);
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        if message.get("reason").and_then(Value::as_str) != Some("compiler-message") {
            continue;
        }
        let package = message.get("package_id").and_then(Value::as_str).unwrap_or_default();
        if !package.contains(&format!("/{module}#")) && !package.contains(crate_name) {
            continue;
        }
        let Some(diagnostic) = message.get("message") else { continue };
        let level = diagnostic.get("level").and_then(Value::as_str).unwrap_or_default();
        let text = diagnostic.get("message").and_then(Value::as_str).unwrap_or_default();
        let code = diagnostic.pointer("/code/code").and_then(Value::as_str).map(|c| format!("[{c}] ")).unwrap_or_default();
        let at = diagnostic
            .pointer("/spans/0")
            .map(|s| format!(" at {}:{}", s.get("file_name").and_then(Value::as_str).unwrap_or_default(), s.get("line_start").and_then(Value::as_u64).unwrap_or(0)))
            .unwrap_or_default();
        match level {
            "error" if first_error.is_none() && !text.starts_with("aborting") && !text.starts_with("could not compile") => first_error = Some(format!("error{code}: {text}{at}")),
            "warning" if !text.contains("warning emitted") && !text.contains("warnings emitted") => {
                warnings += 1;
                first_warning.get_or_insert_with(|| format!("warning{code}: {text}{at}"));
            }
            _ => {}
        }
    }
    let compiles = output.status.success();
    if !compiles && first_error.is_none() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        first_error = Some(stderr.lines().find(|l| l.starts_with("error")).unwrap_or("clippy failed").to_string());
    }
    Checked { compiles, warnings, first: first_error.or(first_warning) }
}


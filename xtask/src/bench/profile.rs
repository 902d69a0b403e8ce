//! `cargo xtask bench profile`: where rustc's front end spends its time per kind of generated
//! item. Each crate the compile and split steps generated (the product, the corpus crate,
//! GitHub split by tag) is checked once more under `-Z self-profile` (with query keys), and
//! `benches/self-profile` (a small reader of rustc's profile files, outside the workspace, built
//! on first use) sums the self time per query and kind of item: all `into_future` methods of the
//! call builders in one row, all `visit_map` of the structs' `Deserialize` in another.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::tools::{absolute, cargo};

/// The generated crates profiled, if present: (name in the report, crate directory, target
/// directory with its dependencies built).
const CRATES: &[(&str, &str, &str)] = &[
    ("specs", "target/bench/out/specs/ours", "target/bench/build/ours"),
    ("sendgrid-46", "target/bench/out/sendgrid-46/ours", "target/bench/build/ours"),
    ("GitHub split by tag, every tag", "target/bench/split/out", "target/bench/split/target"),
];

/// Rows per crate.
const TOP: &str = "25";

/// Profiles the crates present; returns the Markdown report.
pub fn run() -> Result<String, String> {
    let tool = build_reader()?;
    let mut md = String::new();
    for (name, dir, target) in CRATES {
        let dir = absolute(Path::new(dir));
        if !dir.join("Cargo.toml").exists() {
            eprintln!("==> bench profile: {name}: no crate at {} (run `cargo xtask bench compile` / `split` first)", dir.display());
            continue;
        }
        eprintln!("==> bench profile: {name}");
        let krate = crate_name(&dir)?;
        let profile = record(&dir, &absolute(Path::new(target)))?;
        let out = Command::new(&tool).arg(&profile).arg(&krate).arg(TOP).output().map_err(|e| format!("{}: {e}", tool.display()))?;
        if !out.status.success() {
            return Err(format!("{}: {}", tool.display(), String::from_utf8_lossy(&out.stderr)));
        }
        md.push_str(&format!("\n### {name} (`cargo check` of `{krate}`)\n\n{}", String::from_utf8_lossy(&out.stdout)));
    }
    if md.is_empty() {
        return Err("no generated crate to profile: run `cargo xtask bench compile` or `cargo xtask bench split` first".into());
    }
    Ok(md)
}

/// Builds the profile reader; returns its executable.
fn build_reader() -> Result<PathBuf, String> {
    let target = absolute(Path::new("target/bench/self-profile-reader"));
    let status = cargo()
        .args(["build", "--release", "--quiet", "--manifest-path", "benches/self-profile/Cargo.toml"])
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err("building benches/self-profile failed".into());
    }
    Ok(target.join("release/self-profile-summary"))
}

/// The `name` of the crate's `[package]`, as rustc spells it.
fn crate_name(dir: &Path) -> Result<String, String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    text.lines()
        .find_map(|line| line.strip_prefix("name = \"").and_then(|rest| rest.strip_suffix('"')))
        .map(|name| name.replace('-', "_"))
        .ok_or_else(|| format!("{}: no package name", manifest.display()))
}

/// Checks the crate (dependencies built first, untimed) under `-Z self-profile`; returns the
/// profile file.
fn record(dir: &Path, target: &Path) -> Result<PathBuf, String> {
    let manifest = dir.join("Cargo.toml");
    let warm = cargo().args(["check", "--quiet", "--manifest-path"]).arg(&manifest).env("CARGO_TARGET_DIR", target).status();
    if !warm.is_ok_and(|s| s.success()) {
        return Err(format!("cargo check {} failed", dir.display()));
    }
    let out = target.join("self-profile");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    std::fs::write(&lib, text).map_err(|e| e.to_string())?;
    let status = cargo()
        .args(["rustc", "--quiet", "--lib", "--profile", "check", "--manifest-path"])
        .arg(&manifest)
        .arg("--")
        .arg(format!("-Zself-profile={}", out.display()))
        .arg("-Zself-profile-events=default,query-keys")
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env("RUSTC_BOOTSTRAP", "1")
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo rustc -Z self-profile {} failed", dir.display()));
    }
    std::fs::read_dir(&out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "mm_profdata"))
        .ok_or_else(|| format!("{}: no profile written", out.display()))
}

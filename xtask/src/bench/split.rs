//! `cargo xtask bench split`: GitHub's REST description generated with `split_by_tag = true`
//! (one module and cargo feature per tag, shared types in `common`), then `cargo check` of the
//! crate with one small tag enabled, with the largest tag, and with every tag — the cost a user
//! pays for the parts they use against the cost of the whole API, in one run.
//!
//! Each check follows an untimed `cargo check --no-default-features` (dependencies and `common`
//! built) and a touch of `src/lib.rs`, so it times the crate itself; CPU time is reported beside
//! wall time because it is less sensitive to other load on the machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::measure::run_timed;
use super::tools::{self, Tool};

/// The small tag checked alone.
const SMALL_TAG: &str = "github_gists";

/// Runs the step and returns its Markdown table.
pub fn run(install: bool) -> Result<String, String> {
    let spec = tools::github_spec(install)?;
    let exe = tools::ensure(Tool::Ours, install)?;
    let dir = tools::absolute(Path::new("target/bench/split"));
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let config = dir.join("codegen.toml");
    let text = format!(
        "[crate]\nname = \"github-split\"\nversion = \"0.1.0\"\ndescription = \"GitHub's REST API, split by tag.\"\noutput = \"out\"\nmodule_features = true\n\n[[module]]\nname = \"github\"\ninput = {:?}\nsplit_by_tag = true\n",
        spec.display().to_string()
    );
    std::fs::write(&config, text).map_err(|e| format!("{}: {e}", config.display()))?;
    let generated = run_timed(Command::new(&exe).arg(&config).current_dir(&dir), &dir)?;
    let manifest = out.join("Cargo.toml");
    let mut cargo_toml = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    cargo_toml.push_str("\n[workspace]\n");
    std::fs::write(&manifest, cargo_toml).map_err(|e| e.to_string())?;
    std::fs::copy("Cargo.lock", out.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let largest = largest_tag(&out)?;
    let target = dir.join("target");
    let check = |features: Option<&str>| -> Command {
        let mut c = tools::cargo();
        c.args(["check", "--quiet", "--manifest-path"]).arg(&manifest).env("CARGO_TARGET_DIR", &target).env("CARGO_INCREMENTAL", "0");
        match features {
            Some("all") => {}
            Some(f) => {
                c.args(["--no-default-features", "--features", f]);
            }
            None => {
                c.arg("--no-default-features");
            }
        }
        c
    };
    eprintln!("==> bench split: dependencies and `common` (untimed)");
    run_timed(&mut check(None), &dir)?;
    let mut rows = Vec::new();
    for (label, features) in [(format!("one small tag (`{SMALL_TAG}`)"), SMALL_TAG.to_string()), (format!("the largest tag (`{}`, {} operations)", largest.0, largest.1), largest.0.clone()), ("every tag (all default features)".to_string(), "all".to_string())] {
        touch(&out.join("src/lib.rs"))?;
        eprintln!("==> bench split: cargo check with {label}");
        let sample = run_timed(&mut check(Some(&features)), &dir)?;
        rows.push((label, sample));
    }
    let all_cpu = rows.last().map_or(1.0, |(_, s)| s.cpu_secs.max(0.001));
    let mut md = format!(
        "GitHub's REST description split by tag: generated in {:.1} s into {} modules (`{}`); `cargo check` of the crate, dependencies and `common` already built:\n\n\
         | features | wall | CPU | share of the whole crate's CPU | peak RSS |\n|---|---:|---:|---:|---:|\n",
        generated.secs,
        std::fs::read_dir(out.join("src")).map(|d| d.filter_map(Result::ok).filter(|e| e.path().is_dir()).count()).unwrap_or(0),
        out.display()
    );
    for (label, s) in &rows {
        md.push_str(&format!(
            "| {label} | {:.1} s | {:.1} s | {:.1} % | {:.2} GiB |\n",
            s.secs,
            s.cpu_secs,
            100.0 * s.cpu_secs / all_cpu,
            s.max_rss_kb as f64 / 1_048_576.0
        ));
    }
    Ok(md)
}

/// The tag module with the most operations: (module name, operations).
fn largest_tag(out: &Path) -> Result<(String, usize), String> {
    let src = out.join("src");
    let mut best: Option<(String, usize)> = None;
    for entry in std::fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))?.filter_map(Result::ok) {
        let mod_rs: PathBuf = entry.path().join("mod.rs");
        let Ok(text) = std::fs::read_to_string(&mod_rs) else { continue };
        let ops = text.matches("\n    pub fn ").count();
        let name = entry.file_name().to_string_lossy().into_owned();
        if best.as_ref().is_none_or(|(_, n)| ops > *n) {
            best = Some((name, ops));
        }
    }
    best.ok_or_else(|| "no tag module was generated".to_string())
}

/// Sets a file's modification time to now (rewriting it), so cargo rebuilds the crate.
fn touch(path: &Path) -> Result<(), String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

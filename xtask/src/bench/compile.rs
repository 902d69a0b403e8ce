//! `cargo xtask bench compile`: the cost of the generated code: lines of Rust, and the time of
//! an incremental-off `cargo build` of the generated crate after touching its source, with its
//! dependencies already built (`CARGO_INCREMENTAL=0`, one shared target directory per tool).
//! Peers make one crate per document; their figures are the sums over those crates.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::codegen::Outcome;
use super::inputs::{Input, ONE_OPERATION};
use super::measure::{fmt_secs, median, run_timed, Sample};
use super::scale::{count_doc_operations, count_operations};
use super::tools::{absolute, cargo, Tool};

/// Builds each tool's output for each input; returns a Markdown table.
pub fn run(inputs: &[Input], outcomes: &[Vec<Outcome>], runs: usize) -> String {
    let mut md = String::from(
        "| input | operations | tool | crates | lines of Rust | rebuild (median) | ms / operation | CPU ms / operation |\n|---|---:|---|---:|---:|---:|---:|---:|\n",
    );
    let mut timed = Vec::new();
    for (input, row) in inputs.iter().zip(outcomes) {
        let ops = count_operations(input);
        for outcome in row {
            if let Err(e) = &outcome.result {
                let _ = writeln!(md, "| {} | {ops} | {} | — | — | not generated ({e}) | — | — |", input.name, outcome.tool.name());
                continue;
            }
            eprintln!("==> bench compile: {} output for {}", outcome.tool.name(), input.name);
            let crates = crate_dirs(outcome.tool, &outcome.out);
            let lines: usize = crates.iter().map(|c| rust_lines(c)).sum();
            let target = absolute(&Path::new("target/bench/build").join(outcome.tool.key()));
            let built = if crates.is_empty() {
                Err("no Cargo.toml in the output".to_string())
            } else {
                rebuild_time(outcome.tool, &crates, &target, runs)
            };
            let (crates_cell, cell) = match built {
                Ok(b) if b.failed.is_empty() => {
                    // A peer may have generated crates for only some documents: count the
                    // operations of those.
                    let counted = match outcome.tool {
                        Tool::Ours => ops,
                        _ => b.built.iter().map(|dir| operations_of(input, dir)).sum(),
                    };
                    timed.push(Timed { input: input.name.clone(), tool: outcome.tool, crates: b.built.len(), operations: counted, cpu_secs: b.sample.cpu_secs });
                    let per_op = |secs: f64| secs * 1000.0 / counted.max(1) as f64;
                    let of = if counted == ops { String::new() } else { format!(" for {counted} operations") };
                    (crates.len().to_string(), format!("{}{of} | {:.1} | {:.1}", fmt_secs(b.sample.secs), per_op(b.sample.secs), per_op(b.sample.cpu_secs)))
                }
                Ok(b) => {
                    // Only the crates that compile are timed; their operations are counted from
                    // the documents they came from.
                    let built_ops: usize = b.built.iter().map(|dir| operations_of(input, dir)).sum();
                    timed.push(Timed { input: input.name.clone(), tool: outcome.tool, crates: b.built.len(), operations: built_ops, cpu_secs: b.sample.cpu_secs });
                    (
                        format!("{} of {} compile (fail: {})", b.built.len(), crates.len(), b.failed.join("; ")),
                        format!(
                            "{} for {built_ops} operations | {:.1} | {:.1}",
                            fmt_secs(b.sample.secs),
                            b.sample.secs * 1000.0 / built_ops.max(1) as f64,
                            b.sample.cpu_secs * 1000.0 / built_ops.max(1) as f64
                        ),
                    )
                }
                Err(e) => (crates.len().to_string(), format!("failed: {e} | — | —")),
            };
            let _ = writeln!(md, "| {} | {ops} | {} | {crates_cell} | {lines} | {cell} |", input.name, outcome.tool.name());
        }
    }
    md.push_str(&above_fixed_cost(&timed));
    md
}

/// One tool's timed rebuild of one input (of the crates that compiled).
struct Timed {
    input: String,
    tool: Tool,
    /// How many crates were built (a peer makes one per document).
    crates: usize,
    /// The operations of those crates.
    operations: usize,
    /// The median CPU time of the rebuild.
    cpu_secs: f64,
}

/// With the `one-operation` input among the timed ones: each tool's cost per operation once the
/// fixed cost of a crate (its one-operation rebuild, counted once per crate the tool makes) is
/// taken away, so that what a tool writes once per crate (our runtime module; a peer's client
/// glue, whose runtime is a dependency and not rebuilt) is told apart from what it writes per
/// operation.
fn above_fixed_cost(timed: &[Timed]) -> String {
    let fixed = |tool: Tool| timed.iter().find(|t| t.input == ONE_OPERATION && t.tool == tool).map(|t| t.cpu_secs);
    let mut md = String::new();
    for t in timed.iter().filter(|t| t.input != ONE_OPERATION) {
        let Some(fixed_secs) = fixed(t.tool) else { continue };
        if md.is_empty() {
            md.push_str(
                "\nAbove the fixed cost (the `one-operation` rebuild, once per crate):\n\n| input | tool | crates | fixed CPU per crate | CPU above it | CPU ms / operation above it |\n|---|---|---:|---:|---:|---:|\n",
            );
        }
        let above = t.cpu_secs - fixed_secs * t.crates as f64;
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {:.1} |",
            t.input,
            t.tool.name(),
            t.crates,
            fmt_secs(fixed_secs),
            fmt_secs(above),
            above * 1000.0 / t.operations.max(1) as f64
        );
    }
    md
}

/// The generated crates: the output itself for ours, one per document directory for peers.
fn crate_dirs(tool: Tool, out: &Path) -> Vec<PathBuf> {
    if tool == Tool::Ours {
        return vec![absolute(out)];
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(out)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join("Cargo.toml").exists()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs.into_iter().map(|d| absolute(&d)).collect()
}

/// Lines in the `.rs` files under `dir` (not under `target/`).
fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut total = 0;
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "target") {
            total += rust_lines(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            total += std::fs::read_to_string(&path).map(|t| t.lines().count()).unwrap_or(0);
        }
    }
    total
}

/// The operations of the document a peer's crate in `dir` was generated from (crates are named
/// after their document).
fn operations_of(input: &Input, dir: &Path) -> usize {
    let name = dir.file_name().unwrap_or_default().to_string_lossy().to_string();
    input.specs.iter().filter(|s| s.module == name).map(|s| count_doc_operations(&s.peer)).sum()
}

/// The rebuild time of the crates that compile, and the ones that do not.
struct Built {
    /// The median of the summed rebuild times of `built`.
    sample: Sample,
    /// The crates that compiled.
    built: Vec<PathBuf>,
    /// `crate: first error line` for each crate that did not compile.
    failed: Vec<String>,
}

/// Makes each crate its own workspace, builds it once (dependencies), then times `runs`
/// rebuilds after touching `src/lib.rs`; the median of the summed times over the crates that
/// built. A crate whose first build fails is reported and left out of the timing.
fn rebuild_time(tool: Tool, crates: &[PathBuf], target: &Path, runs: usize) -> Result<Built, String> {
    let mut built = Vec::new();
    let mut failed = Vec::new();
    for dir in crates {
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
        if !text.contains("[workspace]") {
            std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| e.to_string())?;
        }
        if tool == Tool::Ours {
            // The workspace's lock file: the same dependency versions as the product.
            std::fs::copy("Cargo.lock", dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
        }
        let mut warm = cargo();
        warm.arg("build").arg("--quiet").arg("--manifest-path").arg(&manifest).env("CARGO_TARGET_DIR", target);
        let scratch = target.join("scratch");
        std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
        let name = dir.file_name().unwrap_or_default().to_string_lossy().to_string();
        match run_timed(&mut warm, &scratch) {
            Ok(_) => built.push(dir.clone()),
            Err(e) => failed.push(format!("{name}: {}", e.lines().next().unwrap_or_default())),
        }
    }
    if built.is_empty() {
        return Err(format!("no crate compiles: {}", failed.join("; ")));
    }
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        let mut total = Sample::default();
        for dir in &built {
            let lib = dir.join("src/lib.rs");
            let text = std::fs::read(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
            std::fs::write(&lib, text).map_err(|e| e.to_string())?;
            let mut build = cargo();
            build
                .arg("build")
                .arg("--quiet")
                .arg("--manifest-path")
                .arg(dir.join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", target)
                .env("CARGO_INCREMENTAL", "0");
            total.add(run_timed(&mut build, &target.join("scratch"))?);
        }
        samples.push(total);
    }
    let sample = median(&samples).ok_or("no runs")?;
    Ok(Built { sample, built, failed })
}

//! `cargo xtask bench codegen`: wall time and peak memory of each generator on each input,
//! median of several runs, with the ratio ours/theirs. Ours runs once per input (one crate, one
//! module per document); each peer runs once per document (one crate per document), and its
//! sample is the sum of those processes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::inputs::{Input, Spec, OUT_DIR};
use super::measure::{fmt_mib, fmt_secs, median, run_timed, Sample};
use super::tools::Tool;
use super::Opts;

/// The outcome of one tool on one input.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The tool.
    pub tool: Tool,
    /// The median sample, or why the tool failed on every document.
    pub result: Result<Sample, String>,
    /// Documents the tool failed on (`module: reason`); the sample covers the others.
    pub failures: Vec<String>,
    /// How many runs the median is of.
    pub runs: usize,
    /// Where its output is (per document for peers: `<dir>/<module>`).
    pub out: PathBuf,
}

/// Runs every available tool on every input; returns the outcomes per input and a Markdown table.
pub fn compare(inputs: &[Input], tools: &[(Tool, Result<PathBuf, String>)], opts: &Opts) -> (Vec<Vec<Outcome>>, String) {
    let mut all = Vec::new();
    for input in inputs {
        let mut row = Vec::new();
        for (tool, exe) in tools {
            // openapi-generator starts a JVM per document: fewer runs.
            let runs = if *tool == Tool::OpenApiGenerator { opts.slow_runs } else { opts.runs };
            eprintln!("==> bench codegen: {} on {} ({runs} runs)", tool.name(), input.name);
            let out = Path::new(OUT_DIR).join(&input.name).join(tool.key());
            let (result, failures) = match exe {
                Ok(exe) => match run_tool(*tool, exe, input, &out, runs) {
                    Ok((sample, failures)) => (Ok(sample), failures),
                    Err(e) => (Err(e), vec![]),
                },
                Err(e) => (Err(e.clone()), vec![]),
            };
            for f in &failures {
                eprintln!("    failed on {f}");
            }
            if let Err(e) = &result {
                eprintln!("    failed: {e}");
            } else if let Ok(s) = &result {
                eprintln!("    {} {}", fmt_secs(s.secs), fmt_mib(s.max_rss_kb));
            }
            row.push(Outcome { tool: *tool, result, failures, runs, out });
        }
        all.push(row);
    }
    let table = table(inputs, &all);
    (all, table)
}

/// `runs` timed runs of `tool` on `input`: the median, and the documents a peer failed on
/// (`module: reason`, found in the first run and skipped afterwards; the sample covers the
/// rest). Fails when ours fails, or a peer fails on every document.
pub fn run_tool(tool: Tool, exe: &Path, input: &Input, out: &Path, runs: usize) -> Result<(Sample, Vec<String>), String> {
    let scratch = out.with_extension("scratch");
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let mut samples = Vec::new();
    let mut failures = Vec::new();
    let mut failed_modules: Vec<&str> = Vec::new();
    for _ in 0..runs.max(1) {
        let _ = std::fs::remove_dir_all(out);
        let sample = match tool {
            Tool::Ours => {
                let mut cmd = Command::new(exe);
                cmd.arg(&input.config);
                run_timed(&mut cmd, &scratch)?
            }
            _ => {
                let mut total = Sample::default();
                for spec in &input.specs {
                    if failed_modules.contains(&spec.module.as_str()) {
                        continue;
                    }
                    let dir = out.join(&spec.module);
                    let mut cmd = peer_command(tool, exe, spec, &dir);
                    match run_timed(&mut cmd, &scratch) {
                        Ok(sample) => total.add(sample),
                        Err(e) => {
                            failures.push(format!("{}: {e}", spec.module));
                            failed_modules.push(&spec.module);
                        }
                    }
                }
                if failed_modules.len() == input.specs.len() {
                    return Err(format!("every document failed; first: {}", failures[0]));
                }
                total
            }
        };
        samples.push(sample);
    }
    median(&samples).map(|m| (m, failures)).ok_or_else(|| "no runs".to_string())
}

/// The command line of a peer generating one crate from one document into `dir`.
fn peer_command(tool: Tool, exe: &Path, spec: &Spec, dir: &Path) -> Command {
    let crate_name = format!("bench-{}", spec.module.replace('_', "-"));
    let mut cmd = Command::new(exe);
    cmd.env("RUST_BACKTRACE", "0");
    match tool {
        Tool::Ours => {}
        Tool::OpenApiToRust => {
            // It writes a module (mod.rs, types.rs, client.rs, REQUIRED_DEPS.toml), not a crate.
            cmd.arg("generate").arg(&spec.peer).arg("--output-dir").arg(dir).arg("--module-name").arg(&spec.module).arg("--quiet");
        }
        Tool::Progenitor => {
            cmd.arg("progenitor")
                .arg("-i")
                .arg(&spec.peer_30)
                .arg("-o")
                .arg(dir)
                .arg("-n")
                .arg(&crate_name)
                .arg("-v")
                .arg("0.1.0");
        }
        Tool::OpenApiGenerator => {
            cmd.args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
                .arg(&spec.peer)
                .arg("-o")
                .arg(dir)
                .arg(format!("--package-name={}", crate_name.replace('-', "_")));
        }
    }
    cmd
}

/// The Markdown table: per input, each tool's median time and memory and the ratio ours/theirs.
fn table(inputs: &[Input], all: &[Vec<Outcome>]) -> String {
    let mut md = String::from(
        "| input | docs | tool | runs | median wall | median CPU | peak RSS | ours / theirs (wall) |\n|---|---:|---|---:|---:|---:|---:|---:|\n",
    );
    for (input, row) in inputs.iter().zip(all) {
        let ours = row.iter().find(|o| o.tool == Tool::Ours).and_then(|o| o.result.as_ref().ok()).map(|s| s.secs);
        for o in row {
            match &o.result {
                Ok(s) => {
                    let ratio = match ours {
                        Some(ours) if !o.failures.is_empty() => format!(
                            "{:.3} on {}/{} docs only; failed on {}",
                            ours / s.secs,
                            input.specs.len() - o.failures.len(),
                            input.specs.len(),
                            o.failures.join("; ")
                        ),
                        Some(ours) if o.tool != Tool::Ours && s.secs > 0.0 => {
                            format!("{:.3} ({:.1}× faster)", ours / s.secs, s.secs / ours)
                        }
                        _ => "—".to_string(),
                    };
                    let _ = writeln!(
                        md,
                        "| {} | {} | {} | {} | {} | {} | {} | {ratio} |",
                        input.name,
                        input.specs.len(),
                        o.tool.name(),
                        o.runs,
                        fmt_secs(s.secs),
                        fmt_secs(s.cpu_secs),
                        fmt_mib(s.max_rss_kb)
                    );
                }
                Err(e) => {
                    let _ = writeln!(md, "| {} | {} | {} | — | failed: {e} | — | — | — |", input.name, input.specs.len(), o.tool.name());
                }
            }
        }
    }
    md
}

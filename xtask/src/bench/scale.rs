//! `cargo xtask bench scale`: our generator's wall time against input size (1, 10 and 46
//! SendGrid documents, GitHub's description, a synthetic 10,000-operation document), to show
//! whether time grows linearly with the number of operations.

use std::fmt::Write as _;
use std::path::Path;

use super::codegen::run_tool;
use super::inputs::{Input, OUT_DIR};
use super::measure::{fmt_mib, fmt_secs};
use super::tools::Tool;

/// The operations of every document of `input` (methods under `paths`).
pub fn count_operations(input: &Input) -> usize {
    input.specs.iter().map(|s| count_doc_operations(&s.peer)).sum()
}

/// The operations of one OpenAPI document (0 when it does not load).
pub fn count_doc_operations(path: &Path) -> usize {
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    codegen::load::read_document(path, path)
        .ok()
        .and_then(|doc| {
            doc.get("paths")
                .and_then(serde_json::Value::as_object)
                .map(|paths| paths.values().map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count()).sum())
        })
        .unwrap_or(0)
}

/// Times ours on each input; returns a Markdown table.
pub fn run(inputs: &[Input], exe: &Path, runs: usize) -> String {
    let mut md = String::from(
        "| input | docs | operations | input size | median wall | median CPU | peak RSS | µs / operation (wall) | ms / MB (wall) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for input in inputs {
        eprintln!("==> bench scale: ours on {} ({runs} runs)", input.name);
        let ops = count_operations(input);
        let mb = input.bytes as f64 / 1_000_000.0;
        let out = Path::new(OUT_DIR).join(&input.name).join(Tool::Ours.key());
        match run_tool(Tool::Ours, exe, input, &out, runs) {
            Ok((s, _)) => {
                let per_op = if ops > 0 { format!("{:.0}", s.secs * 1e6 / ops as f64) } else { "—".into() };
                let _ = writeln!(
                    md,
                    "| {} | {} | {ops} | {mb:.2} MB | {} | {} | {} | {per_op} | {:.0} |",
                    input.name,
                    input.specs.len(),
                    fmt_secs(s.secs),
                    fmt_secs(s.cpu_secs),
                    fmt_mib(s.max_rss_kb),
                    s.secs * 1000.0 / mb.max(1e-9)
                );
            }
            Err(e) => {
                let _ = writeln!(md, "| {} | {} | {ops} | {mb:.2} MB | failed: {e} | — | — | — | — |", input.name, input.specs.len());
            }
        }
    }
    md
}

//! What a generation run prints: one summary line (what was written, how many normalisations,
//! how many acknowledged warnings are not shown), one line per normalisation pass (every change
//! with `-v`), the warnings (grouped by kind, or each with `-v`).
//!
//! Warnings about examples that `codegen.toml` already lists as known mismatches
//! (`[[example_mismatch]]`) are acknowledged: by default they are counted, not shown.

use std::path::Path;

use super::args::Verbosity;
use super::paths::{shown, shown_dir};
use super::render::Printer;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::pipeline::Generated;

/// Prints the summary of a run that wrote `generated` into `out_dir`.
pub fn print(printer: &Printer, generated: &Generated, out_dir: &Path, config: &Config, config_path: &Path) {
    let dir = shown_dir(out_dir);
    let built = format!(
        "wrote {dir}: {}, {}, {}, {}",
        count(generated.api.modules.len(), "module"),
        count(generated.operation_count(), "operation"),
        count(generated.type_count(), "type"),
        count(generated.files.len(), "file")
    );
    let changes = &generated.report.changes;
    let warnings = &generated.report.warnings;
    match printer.verbosity() {
        Verbosity::Quiet => printer.warnings(warnings),
        Verbosity::Verbose => {
            printer.say(&built);
            printer.say(&format!("normalised: {}", count(changes.len(), "change")));
            let mut lines = String::new();
            for change in changes {
                lines.push_str(&format!("  [{}] {}: {}\n", change.source, change.location, change.what));
            }
            if !lines.is_empty() {
                printer.say(&lines);
            }
            printer.say(&format!("warnings: {}", warnings.len()));
            printer.warnings(warnings);
        }
        Verbosity::Normal => {
            let (acknowledged, shown_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = match printer.json() {
                true => (Vec::new(), warnings.clone()),
                false => warnings.iter().cloned().partition(|w| is_acknowledged(w, config)),
            };
            // One line for what was built, how much was normalised and what is not shown.
            let mut line = built;
            if !changes.is_empty() {
                line.push_str(&format!(", {} (each listed in {dir}NORMALIZATION.md)", count(changes.len(), "normalisation")));
            }
            if !acknowledged.is_empty() {
                let n = count(acknowledged.len(), "warning");
                line.push_str(&format!("; {n} on example mismatches acknowledged in {} not shown (`-v`)", shown(config_path)));
            }
            printer.say(&line);
            if !changes.is_empty() {
                printer.say(&pass_lines(changes.iter().map(|c| pass_of(&c.source))));
            }
            printer.warnings(&shown_warnings);
        }
    }
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    match n {
        1 => format!("1 {thing}"),
        n => format!("{n} {thing}s"),
    }
}

/// The pass a change's source names: `overlay` for `overlay <file> action <i>`.
fn pass_of(source: &str) -> &str {
    source.split(' ').next().unwrap_or(source)
}

/// One line per pass, in order of first appearance, with its number of changes, aligned.
fn pass_lines<'a>(passes: impl Iterator<Item = &'a str>) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for pass in passes {
        match counts.iter_mut().find(|(p, _)| *p == pass) {
            Some((_, n)) => *n += 1,
            None => counts.push((pass, 1)),
        }
    }
    let width = counts.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
    counts.iter().map(|(pass, n)| format!("  {pass:<width$}  {n:>4}\n")).collect()
}

/// Whether `warning` is an example-drift warning about an example that the configuration lists
/// as a known mismatch.
fn is_acknowledged(warning: &Diagnostic, config: &Config) -> bool {
    if warning.pass != crate::normalise::example_drift::NAME {
        return false;
    }
    let at = warning.location.to_string();
    config.example_mismatches.iter().any(|m| at.strip_prefix(m.example.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_aligned_line_per_pass() {
        let sources = ["overlay a.yaml action 0", "overlay b.yaml action 1", "downlevel", "dedupe-enums", "downlevel"];
        assert_eq!(pass_lines(sources.iter().map(|s| pass_of(s))), "  overlay          2\n  downlevel        2\n  dedupe-enums     1\n");
    }
}

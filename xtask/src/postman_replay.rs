//! `cargo xtask postman-replay [--ci] [FILE…]`: every request of Postman collections sent through
//! its generated method, and compared with the request Postman sends for it.
//!
//! The collections (the given files; else the training corpus `tests/corpus/postman-real/` and
//! the Postman fixtures; with `--ci`, [`CI_SUBSET`]) are generated as one crate, one module per
//! collection, under `target/postman-replay/`. Its generated `tests/postman_replay.rs` calls
//! each request's method with the collection's values against a loopback recorder and compares
//! the request received with the one the collection describes (see `codegen/src/emit/replay.rs`);
//! with `POSTMAN_REPLAY_OUT` set it writes every outcome as a JSON line instead of failing. This
//! command reads those lines and prints a table per collection: requests, replayed, identical,
//! different (by aspect), not replayable (with the reasons). A difference is either fixed or
//! explained in [`EXPLAINED`] (collection, item, aspect, reason); the command fails on any
//! difference that is not explained.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde::Deserialize;
use serde_json::Value;
use tests::postman_corpus::{collection_files, count_requests, CORPUS_DIR};

/// Where the crate and the report are written.
const OUT: &str = "target/postman-replay";
/// The target directory of the crate: the corpus crate's (`cargo xtask corpus`), whose
/// dependencies are the same, so CI builds them once.
const BUILD: &str = "target/corpus-build";
/// The differences that are explained, with their reasons.
const EXPLAINED: &str = "tests/corpus/postman-replay-explained.toml";
/// What CI replays: the Postman fixtures and three training collections: urlencoded bodies and
/// auth at the collection and request levels (Brightspace), form-data with a file and basic auth
/// (VeniceGeo), GraphQL with bearer, basic and no auth, and a second host (Xray Cloud, the only
/// training collection with GraphQL).
pub const CI_SUBSET: &[&str] = &["brightspace-notification-settings", "venicegeo-piazza-docs", "xray-cloud-graphql"];

/// One collection to replay.
struct Input {
    file: PathBuf,
    module: String,
    requests: usize,
    unsendable: Vec<String>,
}

/// One outcome line of the generated test.
#[derive(Debug, Deserialize)]
struct Outcome {
    module: String,
    item: String,
    pointer: String,
    status: String,
    #[serde(default)]
    differences: Vec<Difference>,
}

/// One aspect that differs.
#[derive(Debug, Deserialize)]
struct Difference {
    aspect: String,
    detail: String,
}

/// An explained difference.
#[derive(Debug, Deserialize)]
struct Explanation {
    collection: String,
    /// The item's name, or its JSON pointer.
    item: String,
    aspect: String,
    reason: String,
}

#[derive(Debug, Deserialize, Default)]
struct ExplainedFile {
    #[serde(default)]
    difference: Vec<Explanation>,
}

/// Runs the command.
pub fn run(ci: bool, files: &[PathBuf]) -> ExitCode {
    match replay(ci, files) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("postman-replay: {e}");
            ExitCode::FAILURE
        }
    }
}

fn replay(ci: bool, files: &[PathBuf]) -> Result<bool, String> {
    let inputs = inputs(ci, files)?;
    let out = Path::new(OUT);
    let _ = std::fs::remove_dir_all(out.join("crate"));
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {OUT}: {e}"))?;
    let config = out.join("codegen.toml");
    let mut text = String::from("[crate]\nname = \"postman-replay\"\nversion = \"0.0.0\"\ndescription = \"Postman collections replayed through their generated methods.\"\noutput = \"crate\"\n");
    for input in &inputs {
        let path = std::fs::canonicalize(&input.file).map_err(|e| format!("{}: {e}", input.file.display()))?;
        text.push_str(&format!("\n[[module]]\nname = \"{}\"\ninput = {:?}\n", input.module, path.display().to_string()));
    }
    std::fs::write(&config, text).map_err(|e| format!("cannot write {}: {e}", config.display()))?;
    let generated = codegen::generate(&config).map_err(|e| format!("generation failed: {e}"))?;
    let crate_dir = out.join("crate");
    codegen::write::write_atomically(&crate_dir, &generated.files).map_err(|e| e.to_string())?;
    // Its own workspace, with the workspace's lock file: the same dependency versions.
    let manifest = crate_dir.join("Cargo.toml");
    let cargo_toml = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(&manifest, format!("{cargo_toml}\n[workspace]\n")).map_err(|e| e.to_string())?;
    std::fs::copy("Cargo.lock", crate_dir.join("Cargo.lock")).map_err(|e| e.to_string())?;

    let report = std::fs::canonicalize(out).map_err(|e| e.to_string())?.join("report.jsonl");
    let _ = std::fs::remove_file(&report);
    eprintln!("postman-replay: {} collections, replaying (cargo test --test postman_replay)…", inputs.len());
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .args(["--test", "postman_replay"])
        .env("CARGO_TARGET_DIR", BUILD)
        .env("POSTMAN_REPLAY_OUT", &report)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let outcomes: Vec<Outcome> = std::fs::read_to_string(&report)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).map_err(|e| format!("{}: {e}", report.display())))
        .collect::<Result<_, _>>()?;
    let explained: ExplainedFile = match std::fs::read_to_string(EXPLAINED) {
        Ok(text) => toml::from_str(&text).map_err(|e| format!("{EXPLAINED}: {e}"))?,
        Err(_) => ExplainedFile::default(),
    };
    let clean = table(&inputs, &outcomes, &explained.difference);
    if !status.success() {
        eprintln!("postman-replay: the replay test run failed ({status}): items it did not report are counted as not replayed");
    }
    Ok(clean && status.success())
}

/// The collections to replay, each with its module name and request count.
fn inputs(ci: bool, files: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut paths: Vec<PathBuf> = files.to_vec();
    if paths.is_empty() {
        let corpus = collection_files(Path::new(CORPUS_DIR)).map_err(|e| format!("cannot read {CORPUS_DIR}: {e}"))?;
        paths.extend(corpus.into_iter().filter(|p| !ci || CI_SUBSET.iter().any(|n| p.to_string_lossy().contains(n))));
        paths.extend(crate::postman_real::fixture_files());
    }
    let mut inputs: Vec<Input> = Vec::new();
    for file in paths {
        let doc: Value = std::fs::read(&file)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let (requests, unsendable) = count_requests(&doc);
        let stem = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = stem.trim_end_matches(".postman_collection.json").trim_end_matches(".json");
        let prefix = if file.starts_with("tests/fixtures") { "fixture_" } else { "" };
        let mut module: String = format!("{prefix}{stem}").chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        if module.starts_with(|c: char| c.is_ascii_digit()) {
            module.insert(0, 'c');
        }
        while inputs.iter().any(|i| i.module == module) {
            module.push('_');
        }
        // A collection that does not generate on its own is reported, not replayed.
        match codegen::generate_document(&module, &file, doc) {
            Ok(_) => inputs.push(Input { file, module, requests, unsendable }),
            Err(e) => eprintln!("postman-replay: {} does not generate, left out: {e}", file.display()),
        }
    }
    Ok(inputs)
}

/// Prints the table and the differences; whether every difference is explained.
fn table(inputs: &[Input], outcomes: &[Outcome], explained: &[Explanation]) -> bool {
    let aspects = ["method", "path", "query", "header", "body", "auth", "sent"];
    println!("| collection | requests | replayed | identical | different ({}) | explained | not replayable |", aspects.join(" / "));
    println!("|---|---:|---:|---:|---|---:|---|");
    let (mut total_replayed, mut total_identical, mut total_explained, mut unexplained) = (0, 0, 0, Vec::new());
    let mut reasons_given: Vec<String> = Vec::new();
    let mut total_requests = 0;
    for input in inputs {
        let mine: Vec<&Outcome> = outcomes.iter().filter(|o| o.module == input.module).collect();
        let replayed: Vec<&&Outcome> = mine.iter().filter(|o| o.status != "not_replayable").collect();
        let identical = replayed.iter().filter(|o| o.status == "identical").count();
        let mut by_aspect: BTreeMap<&str, usize> = BTreeMap::new();
        let mut explained_here = 0;
        // Explained by the generator itself (it knows the difference it makes).
        for outcome in replayed.iter().filter(|o| o.status == "explained") {
            explained_here += 1;
            for d in &outcome.differences {
                *by_aspect.entry(d.aspect.as_str()).or_default() += 1;
                reasons_given.push(format!("{} `{}`: {}: {} (the importer's own note)", input.module, outcome.item, d.aspect, d.detail.trim_start_matches("explained: ")));
            }
        }
        for outcome in replayed.iter().filter(|o| o.status == "different" || o.status == "not_sent") {
            let mut all_explained = true;
            for d in &outcome.differences {
                *by_aspect.entry(d.aspect.as_str()).or_default() += 1;
                let reason = explained.iter().find(|e| {
                    e.collection == input.module && (e.item == outcome.item || e.item == outcome.pointer) && e.aspect == d.aspect
                });
                if let Some(reason) = reason {
                    reasons_given.push(format!("{} `{}`: {}: {}", input.module, outcome.item, d.aspect, reason.reason));
                } else {
                    all_explained = false;
                    unexplained.push(format!("{} `{}` ({}): {}: {}", input.module, outcome.item, outcome.pointer, d.aspect, d.detail));
                }
            }
            if all_explained {
                explained_here += 1;
            }
        }
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        for outcome in mine.iter().filter(|o| o.status == "not_replayable") {
            let reason = outcome.differences.first().map(|d| short_reason(&d.detail)).unwrap_or_default();
            *reasons.entry(reason).or_default() += 1;
        }
        if !input.unsendable.is_empty() {
            *reasons.entry("no URL".into()).or_default() += input.unsendable.len();
        }
        let unreported = input.requests.saturating_sub(mine.len() + input.unsendable.len());
        if unreported > 0 {
            *reasons.entry("no outcome reported".into()).or_default() += unreported;
            unexplained.push(format!("{}: {unreported} requests reported no outcome", input.module));
        }
        let different: Vec<String> = aspects.iter().map(|a| by_aspect.get(a).copied().unwrap_or(0).to_string()).collect();
        let reasons: Vec<String> = reasons.iter().map(|(r, n)| format!("{n}: {r}")).collect();
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            input.module,
            input.requests,
            replayed.len(),
            identical,
            different.join(" / "),
            explained_here,
            if reasons.is_empty() { "0".to_string() } else { reasons.join("; ") }
        );
        total_requests += input.requests;
        total_replayed += replayed.len();
        total_identical += identical;
        total_explained += explained_here;
    }
    let share = if total_replayed == 0 { 100.0 } else { 100.0 * total_identical as f64 / total_replayed as f64 };
    println!("| **total** | {total_requests} | {total_replayed} | {total_identical} ({share:.1} %) | | {total_explained} | |");
    // An explanation whose difference is gone is stale: remove it, so the list stays true.
    for e in explained.iter().filter(|e| inputs.iter().any(|i| i.module == e.collection)) {
        let used = outcomes.iter().any(|o| {
            o.module == e.collection && (o.item == e.item || o.pointer == e.item) && o.differences.iter().any(|d| d.aspect == e.aspect)
        });
        if !used {
            unexplained.push(format!("{EXPLAINED}: {} `{}` {}: explained, but the difference no longer occurs", e.collection, e.item, e.aspect));
        }
    }
    if !reasons_given.is_empty() {
        println!("\nExplained differences (by the importer, which knows it makes them, or in {EXPLAINED}):\n");
        for line in &reasons_given {
            println!("- {line}");
        }
    }
    if !unexplained.is_empty() {
        eprintln!("\npostman-replay: {} unexplained differences:", unexplained.len());
        for line in &unexplained {
            eprintln!("  {line}");
        }
    }
    unexplained.is_empty()
}

/// A reason without the names and values that make each one different (for counting).
fn short_reason(detail: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in detail.chars() {
        if c == '`' {
            quoted = !quoted;
            if quoted {
                out.push_str("`…`");
            }
        } else if !quoted {
            out.push(c);
        }
    }
    out
}

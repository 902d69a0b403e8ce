//! `cargo xtask mutants [runtime|wire|all] [--jobs N]`: the mutation score of the parts whose
//! mistakes would reach users unnoticed, with `cargo-mutants` (installed on demand into
//! `target/tools/`).
//!
//! - `runtime`: the runtime every generated crate carries (`encode`, `multipart`, `retry`,
//!   `response`, `request`, `client`; `stream` and `sse` in crates that stream). It is compiled only inside generated crates, so it is
//!   mutated in two of them, and a mutant counts as caught when either's tests catch it: the
//!   product (`generated/src/runtime/`: its unit and generated operation tests, and the
//!   hand-written tests of the client — `faults`, `faults_headers`, `client_behaviour`,
//!   `generated_types`, `scopes_api`, `hooks`, `tracing`; `hooks.rs` and `raw.rs` are mutated
//!   there only) and the golden fixture crate (`target/mutants/fixture-client`,
//!   generated first: its generated tests cover every wire format the product does not use —
//!   forms, multipart, query styles, cookies, every security scheme — and its hand-written
//!   stream tests cover `stream` and `sse`, which the product does not carry).
//! - `wire`: the generator's expected wire forms (`codegen/src/emit/wire.rs`), killed by the
//!   generator's unit tests and the golden test (whose fixture crate runs its generated tests).
//!
//! Prints caught / missed / timeout / unviable per part, and the missed mutants. Not in CI (a
//! few hours on 2 cores); the figures and the survivors are in the README.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Where `cargo-mutants` is installed.
const TOOLS: &str = "target/tools";
/// Where the golden fixture crate is generated for mutation (not `target/fixture-client`, which
/// the golden test rewrites).
const FIXTURE: &str = "target/mutants/fixture-client";

/// One part to mutate: its name, the crate (directory and package), files, and the tests that
/// should kill its mutants.
struct Part {
    name: &'static str,
    dir: &'static str,
    package: &'static str,
    files: &'static [&'static str],
    test_packages: &'static [&'static str],
    cargo_test_args: &'static [&'static str],
}

const PARTS: &[Part] = &[
    Part {
        name: "runtime",
        dir: ".",
        package: "sendgrid-access",
        files: &[
            "generated/src/runtime/encode.rs",
            "generated/src/runtime/multipart.rs",
            "generated/src/runtime/retry.rs",
            "generated/src/runtime/response.rs",
            "generated/src/runtime/rate_limit.rs",
            "generated/src/runtime/request.rs",
            "generated/src/runtime/client.rs",
            "generated/src/runtime/hooks.rs",
            "generated/src/runtime/raw.rs",
        ],
        test_packages: &["sendgrid-access", "tests"],
        cargo_test_args: &[
            "--lib",
            "--test", "operations",
            "--test", "faults",
            "--test", "faults_headers",
            "--test", "client_behaviour",
            "--test", "generated_types",
            "--test", "scopes_api",
            "--test", "hooks",
            "--test", "tracing",
        ],
    },
    Part {
        name: "runtime",
        dir: FIXTURE,
        package: "fixture-client",
        files: &[
            "src/runtime/encode.rs",
            "src/runtime/multipart.rs",
            "src/runtime/retry.rs",
            "src/runtime/response.rs",
            "src/runtime/request.rs",
            "src/runtime/client.rs",
            "src/runtime/stream.rs",
            "src/runtime/sse.rs",
        ],
        test_packages: &["fixture-client"],
        cargo_test_args: &["--lib", "--test", "operations", "--test", "examples", "--test", "streams"],
    },
    Part {
        name: "wire",
        dir: ".",
        package: "codegen",
        files: &["codegen/src/emit/wire.rs"],
        test_packages: &["codegen", "tests"],
        cargo_test_args: &["--lib", "--test", "golden"],
    },
];

/// Runs the command.
pub fn run(which: &str, jobs: usize, reuse: bool, recheck: bool) -> ExitCode {
    let bin = match ensure_tool() {
        Ok(bin) => bin,
        Err(e) => {
            eprintln!("mutants: {e}");
            return ExitCode::FAILURE;
        }
    };
    let parts: Vec<&Part> = PARTS.iter().filter(|p| which == "all" || p.name == which).collect();
    if parts.is_empty() {
        eprintln!("mutants: no part named `{which}` (runtime, wire or all)");
        return ExitCode::FAILURE;
    }
    if parts.iter().any(|p| p.dir != ".") {
        if let Err(e) = fixture_crate() {
            eprintln!("mutants: {e}");
            return ExitCode::FAILURE;
        }
    }
    let mut table = vec!["| part | mutants | caught | missed | timeout | unviable | caught of viable |".to_string(), "|---|---:|---:|---:|---:|---:|---:|".to_string()];
    let mut missed_all = Vec::new();
    let mut names: Vec<&str> = parts.iter().map(|p| p.name).collect();
    names.dedup();
    for name in names {
        // Mutant → its outcome in each crate the part is mutated in ("caught" wins).
        let mut outcomes: std::collections::BTreeMap<String, &'static str> = std::collections::BTreeMap::new();
        let mut files_seen: Vec<String> = Vec::new();
        for (i, part) in parts.iter().filter(|p| p.name == name).enumerate() {
            let out = std::path::absolute(Path::new("target/mutants").join(format!("{name}-{i}"))).unwrap_or_default();
            // A later crate is asked only about what the earlier ones did not catch: the mutants
            // they missed, and every mutant of a file they do not carry (a union needs no more).
            let examine = (i > 0).then(|| {
                let missed = outcomes.iter().filter(|(_, o)| **o == "missed").map(|(key, _)| regex_escape(key));
                let new_files = part.files.iter().map(|f| runtime_key(f)).filter(|f| !files_seen.contains(f)).map(|f| format!("{}:", regex_escape(&f)));
                missed.chain(new_files).collect::<Vec<_>>().join("|")
            });
            files_seen.extend(part.files.iter().map(|f| runtime_key(f)));
            let reused = reuse && out.join("mutants.out/outcomes.json").is_file();
            // After tests were added: the survivors of the reused results are tested again.
            let recheck_out = out.with_file_name(format!("{name}-{i}-recheck"));
            if reused && recheck {
                let missed = std::fs::read_to_string(out.join("mutants.out/missed.txt")).unwrap_or_default();
                let pattern = missed.lines().filter(|l| !l.is_empty()).map(|l| format!("^{}$", regex_escape(l))).collect::<Vec<_>>().join("|");
                if !pattern.is_empty() {
                    if let Err(e) = mutate(&bin, part, &recheck_out, jobs, Some(&pattern)) {
                        eprintln!("mutants: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            if reused {
                eprintln!("==> mutants: {} in {}: the results in {} are reused", part.name, part.dir, out.display());
            } else if examine.as_deref() == Some("") {
                eprintln!("==> mutants: {} in {}: nothing left to examine", part.name, part.dir);
                continue;
            } else if let Err(e) = mutate(&bin, part, &out, jobs, examine.as_deref()) {
                eprintln!("mutants: {e}");
                return ExitCode::FAILURE;
            }
            for (dir, (file, outcome)) in [&out, &recheck_out]
                .into_iter()
                .flat_map(|dir| [("caught.txt", "caught"), ("timeout.txt", "timeout"), ("missed.txt", "missed"), ("unviable.txt", "unviable")].map(|f| (dir, f)))
            {
                let text = std::fs::read_to_string(dir.join("mutants.out").join(file)).unwrap_or_default();
                for line in text.lines().filter(|l| !l.is_empty()) {
                    // The same mutant in two crates: compared from `runtime/` on.
                    let key = line.find("runtime/").map_or(line, |at| &line[at..]).to_string();
                    let entry = outcomes.entry(key).or_insert(outcome);
                    if outcome == "caught" || (outcome == "timeout" && *entry != "caught") {
                        *entry = outcome;
                    }
                }
            }
        }
        let count = |kind: &str| outcomes.values().filter(|o| **o == kind).count();
        let (caught, missed, timeout, unviable) = (count("caught"), count("missed"), count("timeout"), count("unviable"));
        let viable = caught + missed + timeout;
        let score = if viable == 0 { 0.0 } else { 100.0 * (caught + timeout) as f64 / viable as f64 };
        table.push(format!("| {name} | {} | {caught} | {missed} | {timeout} | {unviable} | {score:.1} % |", viable + unviable));
        missed_all.extend(outcomes.iter().filter(|(_, o)| **o == "missed").map(|(m, _)| format!("{name}: {m}")));
    }
    println!("{}", table.join("\n"));
    println!("\nMissed mutants ({}):", missed_all.len());
    for m in &missed_all {
        println!("- {m}");
    }
    ExitCode::SUCCESS
}

/// A mutated file's path from `runtime/` on (the same file in every crate).
fn runtime_key(file: &str) -> String {
    file.find("runtime/").map_or(file, |at| &file[at..]).to_string()
}

/// `text` matched literally in a regular expression.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs cargo-mutants on `part`, writing its results under `out`; with `examine`, only the
/// mutants whose names match it.
fn mutate(bin: &Path, part: &Part, out: &Path, jobs: usize, examine: Option<&str>) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut command = Command::new(bin);
    // cargo-mutants runs its baseline with the mutated package's tests only, which cannot name
    // tests of the other packages: the baseline is skipped (`cargo xtask test` is it), and the
    // time limit of one mutant's tests is set instead.
    command
        .args(["mutants", "--no-shuffle", "--baseline", "skip", "--timeout", "60", "--build-timeout", "900"])
        .args(["--jobs", &jobs.to_string(), "--package", part.package, "--dir", part.dir, "--output"])
        .arg(out);
    for file in part.files {
        command.args(["--file", file]);
    }
    if let Some(examine) = examine {
        command.args(["--examine-re", examine]);
    }
    for package in part.test_packages {
        command.args(["--test-package", package]);
    }
    command.arg("--").args(part.cargo_test_args);
    // No debug info: each mutant links every test binary again, and linking is most of its time.
    command.env("CARGO_PROFILE_DEV_DEBUG", "0").env("CARGO_PROFILE_TEST_DEBUG", "0");
    eprintln!("==> mutants: {} in {} ({} files)", part.name, part.dir, part.files.len());
    // Exit 2: a mutant survived; 3: one timed out. The counts tell; anything else stops here.
    match command.status() {
        Ok(status) if matches!(status.code(), Some(0 | 2 | 3)) => Ok(()),
        Ok(status) => Err(format!("cargo-mutants failed ({status}) in {}", part.dir)),
        Err(e) => Err(format!("cannot run cargo-mutants: {e}")),
    }
}

/// Generates the golden fixture crate into [`FIXTURE`] (its own workspace, the repository's
/// lock file; its hand-written tests come with the generation), as `tests/golden.rs` does.
fn fixture_crate() -> Result<(), String> {
    let files = codegen::generate(Path::new("tests/fixtures/emit/codegen.toml")).map_err(|e| e.to_string())?.files;
    let out = Path::new(FIXTURE);
    codegen::write::write_atomically(out, &files).map_err(|e| e.to_string())?;
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| e.to_string())?;
    std::fs::copy("Cargo.lock", out.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(())
}

/// `cargo-mutants`: on `PATH`, or installed into [`TOOLS`].
fn ensure_tool() -> Result<PathBuf, String> {
    let installed = Path::new(TOOLS).join("bin/cargo-mutants");
    if installed.is_file() {
        return Ok(installed);
    }
    eprintln!("mutants: installing cargo-mutants into {TOOLS}");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["install", "--locked", "cargo-mutants", "--root", TOOLS])
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() && installed.is_file() {
        Ok(installed)
    } else {
        Err(format!("cargo install cargo-mutants failed ({status})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examine_patterns_match_literally() {
        let key = "runtime/client.rs:101:24: replace > with >= in Client::send_attempts";
        let name = format!("src/{key}");
        let pattern = regex_escape(key);
        assert!(regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(&name)), "{pattern}");
        assert_eq!(runtime_key("generated/src/runtime/client.rs"), "runtime/client.rs");
    }
}

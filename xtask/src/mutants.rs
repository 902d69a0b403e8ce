//! `cargo xtask mutants [runtime|wire|all] [--jobs N]`: the mutation score of the parts whose
//! mistakes would reach users unnoticed, with `cargo-mutants` (installed on demand into
//! `target/tools/`).
//!
//! - `runtime`: the runtime every generated crate carries (`encode`, `multipart`, `retry`,
//!   `response`, `request`, `client`), mutated in the product's copy (`generated/src/runtime/`),
//!   killed by the product's own tests (its unit tests and generated operation tests) and the
//!   hand-written tests of the generated client (`faults`, `faults_headers`,
//!   `client_behaviour`, `generated_types`, `scopes_api`).
//! - `wire`: the generator's expected wire forms (`codegen/src/emit/wire.rs`), killed by the
//!   generator's unit tests and the golden test (whose fixture crate runs its generated tests).
//!
//! Prints caught / missed / timeout / unviable per part, and the missed mutants. Not in CI (a
//! few hours on 2 cores); the figures and the survivors are in the README.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Where `cargo-mutants` is installed.
const TOOLS: &str = "target/tools";

/// One part to mutate: its name, package, files, and the tests that should kill its mutants.
struct Part {
    name: &'static str,
    package: &'static str,
    files: &'static [&'static str],
    test_packages: &'static [&'static str],
    cargo_test_args: &'static [&'static str],
}

const PARTS: &[Part] = &[
    Part {
        name: "runtime",
        package: "sendgrid-access",
        files: &[
            "generated/src/runtime/encode.rs",
            "generated/src/runtime/multipart.rs",
            "generated/src/runtime/retry.rs",
            "generated/src/runtime/response.rs",
            "generated/src/runtime/request.rs",
            "generated/src/runtime/client.rs",
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
        ],
    },
    Part {
        name: "wire",
        package: "codegen",
        files: &["codegen/src/emit/wire.rs"],
        test_packages: &["codegen", "tests"],
        cargo_test_args: &["--lib", "--test", "golden"],
    },
];

/// Runs the command.
pub fn run(which: &str, jobs: usize) -> ExitCode {
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
    let mut table = vec!["| part | mutants | caught | missed | timeout | unviable | caught of viable |".to_string(), "|---|---:|---:|---:|---:|---:|---:|".to_string()];
    let mut missed_all = Vec::new();
    for part in parts {
        let out = Path::new("target/mutants").join(part.name);
        if let Err(e) = std::fs::create_dir_all(&out) {
            eprintln!("mutants: cannot create {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
        let mut command = Command::new(&bin);
        // cargo-mutants runs its baseline with the mutated package's tests only, which cannot
        // name tests of the other packages: the baseline is skipped (`cargo xtask test` is it),
        // and the time limit of one mutant's tests is set instead.
        command
            .args(["mutants", "--no-shuffle", "--baseline", "skip", "--timeout", "300", "--build-timeout", "900"])
            .args(["--jobs", &jobs.to_string(), "--package", part.package, "--output"])
            .arg(&out);
        for file in part.files {
            command.args(["--file", file]);
        }
        for package in part.test_packages {
            command.args(["--test-package", package]);
        }
        command.arg("--").args(part.cargo_test_args);
        eprintln!("==> mutants: {} ({} files)", part.name, part.files.len());
        // cargo-mutants exits with 2 when a mutant survives and 3 when one timed out: the
        // counts below tell. Any other failure (a baseline that fails, bad options) stops here.
        match command.status() {
            Ok(status) if matches!(status.code(), Some(0 | 2 | 3)) => {}
            Ok(status) => {
                eprintln!("mutants: cargo-mutants failed ({status}) for `{}`", part.name);
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("mutants: cannot run cargo-mutants: {e}");
                return ExitCode::FAILURE;
            }
        }
        let read = |name: &str| -> Vec<String> {
            std::fs::read_to_string(out.join("mutants.out").join(name)).unwrap_or_default().lines().map(str::to_string).filter(|l| !l.is_empty()).collect()
        };
        let (caught, missed, timeout, unviable) = (read("caught.txt"), read("missed.txt"), read("timeout.txt"), read("unviable.txt"));
        let viable = caught.len() + missed.len() + timeout.len();
        let total = viable + unviable.len();
        let score = if viable == 0 { 0.0 } else { 100.0 * (caught.len() + timeout.len()) as f64 / viable as f64 };
        table.push(format!(
            "| {} | {total} | {} | {} | {} | {} | {score:.1} % |",
            part.name,
            caught.len(),
            missed.len(),
            timeout.len(),
            unviable.len()
        ));
        missed_all.extend(missed.into_iter().map(|m| format!("{}: {m}", part.name)));
    }
    println!("{}", table.join("\n"));
    println!("\nMissed mutants ({}):", missed_all.len());
    for m in &missed_all {
        println!("- {m}");
    }
    ExitCode::SUCCESS
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

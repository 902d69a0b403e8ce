//! `cargo xtask corpus`: generate one crate from all 46 official SendGrid documents
//! (`tests/corpus/codegen.toml`: one module per document, each behind a cargo feature) into
//! `target/corpus-crate`, then check it with clippy (`-D warnings`, all features) and run its
//! generated tests: every operation against a mock server, every spec example round-tripped.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

const CONFIG: &str = "tests/corpus/codegen.toml";

/// Runs the whole corpus check; stops at the first failure.
pub fn run() -> ExitCode {
    match generate() {
        Ok(()) => {}
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    }
    let out = Path::new("target/corpus-crate");
    // Its own workspace, the workspace's lock file: the same dependency versions.
    let prepared = std::fs::read_to_string(out.join("Cargo.toml"))
        .and_then(|text| std::fs::write(out.join("Cargo.toml"), format!("{text}\n[workspace]\n")))
        .and_then(|()| std::fs::copy("Cargo.lock", out.join("Cargo.lock")).map(|_| ()));
    if let Err(e) = prepared {
        eprintln!("corpus: cannot prepare {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    // Hand-written tests of the corpus crate (e.g. discriminator dispatch) join the generated ones.
    if let Err(e) = copy_tests(Path::new("tests/corpus/tests"), &out.join("tests")) {
        eprintln!("corpus: cannot copy the hand-written tests: {e}");
        return ExitCode::FAILURE;
    }
    let manifest = out.join("Cargo.toml");
    let steps: [(&str, Vec<&str>); 2] = [
        ("clippy, all features, warnings denied", vec!["clippy", "--all-features", "--all-targets", "--", "-D", "warnings"]),
        // `--tests`: the generated tests, not the 391 doc examples (the product crate's are compiled by
        // `cargo xtask test`; the same emitter writes these).
        ("tests: operations against mocks, examples round-trip", vec!["test", "--all-features", "--tests"]),
    ];
    for (name, args) in steps {
        eprintln!("==> corpus: {name}");
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(&args[..1])
            .arg("--manifest-path")
            .arg(&manifest)
            .args(&args[1..])
            .env("CARGO_TARGET_DIR", "target/corpus-build")
            .status();
        match status {
            Ok(s) if s.success() => {}
            other => {
                eprintln!("corpus: step `{name}` failed: {other:?}");
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!("corpus: all modules generated, compile warning-free and pass their tests");
    ExitCode::SUCCESS
}

/// Generates the corpus crate and prints a summary.
fn generate() -> codegen::Result<()> {
    let started = Instant::now();
    let generated = codegen::generate(Path::new(CONFIG))?;
    let out = codegen::config::Config::load(Path::new(CONFIG))?.output_dir();
    codegen::write::write_atomically(&out, &generated.files)?;
    let examples: usize = generated.api.modules.iter().map(|m| m.examples.len()).sum();
    println!(
        "corpus: generated {} modules, {} operations, {} types, {} examples in {:.2?} ({} normalisations, {} warnings)",
        generated.api.modules.len(),
        generated.operation_count(),
        generated.type_count(),
        examples,
        started.elapsed(),
        generated.report.changes.len(),
        generated.report.warnings.len()
    );
    Ok(())
}

/// Copies every `.rs` file of `from` into `to`.
fn copy_tests(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, to.join(name))?;
            }
        }
    }
    Ok(())
}

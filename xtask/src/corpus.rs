//! `cargo xtask corpus`: generate one crate from all 46 official SendGrid documents
//! (`tests/corpus/codegen.toml`: one module per document, each behind a cargo feature) into
//! `target/corpus-crate`, then check it with clippy (`-D warnings`, all features) and run its
//! generated tests: every operation against a mock server, every spec example round-tripped.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use tests::prism::Prism;

const CONFIG: &str = "tests/corpus/codegen.toml";

/// The modules whose every operation is also sent to Stoplight Prism serving its document (see
/// `emit/op_tests.rs`: any request violation fails the test). A fixed sample of the corpus: all
/// 46 would start 46 servers on a 2-core CI machine; `CORPUS_PRISM=all` checks every module.
const PRISM_MODULES: &[&str] = &[
    "alerts",
    "api_keys",
    "domain_authentication",
    "enforced_tls",
    "ip_access_management",
    "link_branding",
    "reverse_dns",
    "sso",
    "subusers",
    "suppressions",
    "teammates",
    "webhooks",
];

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
    let prisms = match start_prisms() {
        Ok(prisms) => prisms,
        Err(e) => {
            eprintln!("corpus: {e}");
            return ExitCode::FAILURE;
        }
    };
    let steps: [(&str, Vec<&str>); 2] = [
        ("clippy, all features, warnings denied", vec!["clippy", "--all-features", "--all-targets", "--", "-D", "warnings"]),
        // `--tests`: the generated tests, not the 391 doc examples (the product crate's are compiled by
        // `cargo xtask test`; the same emitter writes these).
        ("tests: operations against mocks, examples round-trip", vec!["test", "--all-features", "--tests"]),
    ];
    for (name, args) in steps {
        eprintln!("==> corpus: {name}");
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command.args(&args[..1]).arg("--manifest-path").arg(&manifest).args(&args[1..]).env("CARGO_TARGET_DIR", "target/corpus-build");
        for (module, prism) in &prisms {
            command.env(format!("CODEGEN_PRISM_{}", module.to_ascii_uppercase()), &prism.base_url);
        }
        let status = command.status();
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

/// Starts Prism on the document of each module of [`PRISM_MODULES`] (every module with
/// `CORPUS_PRISM=all`).
fn start_prisms() -> Result<Vec<(String, Prism)>, String> {
    let bin = crate::prism::ensure().map_err(|e| format!("Stoplight Prism is needed for the contract check: {e}"))?;
    let config = codegen::config::Config::load(Path::new(CONFIG)).map_err(|e| e.to_string())?;
    let all = std::env::var("CORPUS_PRISM").is_ok_and(|v| v == "all");
    let mut prisms = Vec::new();
    for module in &config.modules {
        if all || PRISM_MODULES.contains(&module.name.as_str()) {
            let prism = Prism::start(&bin, &config.resolve(&module.input));
            prisms.push((module.name.clone(), prism));
        }
    }
    let missing: Vec<&&str> = PRISM_MODULES.iter().filter(|m| !prisms.iter().any(|(n, _)| n == **m)).collect();
    if !missing.is_empty() {
        return Err(format!("no such corpus modules: {missing:?}"));
    }
    eprintln!("corpus: {} modules' operations are also sent to Prism", prisms.len());
    Ok(prisms)
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

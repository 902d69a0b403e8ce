//! Developer commands, run as `cargo xtask <command>` from anywhere in the workspace.
//!
//! - `codegen [--check] [--bump]`: regenerate `generated/` from `specs/codegen.toml` (or check it is
//!   fresh) and report the API changes; `--bump` also applies the suggested version bump.
//! - `test`: run every test (the command CI runs), including clippy and rustdoc on the generated crate.
//! - `postman2openapi IN OUT`: write the OpenAPI document a Postman collection converts to.
//! - `corpus`: generate, build and test one crate from all 46 official SendGrid documents.
//! - `postman-real [--tests] [NAME…]`: generate each Postman collection of
//!   `../shared/corpus/postman-real/` and each Postman fixture as its own crate and check it with
//!   clippy (`-D warnings`); prints requests, methods and warnings per collection.
//! - `bench [codegen|compile|client|scale|all] [--runs N] ...`: the benchmarks of `BENCHMARKS.md`
//!   (peers installed into `target/bench-tools/`); see `bench/mod.rs`.

mod bench;
mod corpus;
mod postman_real;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("corpus") => corpus::run(),
        Some("postman-real") => postman_real::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("postman2openapi") => match &args[1..] {
            [input, output] => match codegen::cli::postman_to_openapi(input.as_ref(), output.as_ref()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            },
            _ => {
                eprintln!("usage: cargo xtask postman2openapi IN OUT");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("usage: cargo xtask <codegen [--check] [--bump] | test | corpus | postman-real [--tests] [NAME…] | bench [STEP] | postman2openapi IN OUT>");
            ExitCode::from(2)
        }
    }
}

fn codegen(args: &[String]) -> ExitCode {
    let check = args.iter().any(|a| a == "--check");
    let bump = args.iter().any(|a| a == "--bump");
    if check && bump {
        eprintln!("error: --check writes nothing, so it cannot --bump");
        return ExitCode::from(2);
    }
    match codegen::cli::run_with(Path::new("specs/codegen.toml"), check, bump) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

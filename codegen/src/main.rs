//! The `codegen` command line.
//!
//! - `codegen [--check | --bump] [CONFIG]`: generates the crate described by `CONFIG` (default
//!   `specs/codegen.toml`) into its output directory, atomically, and reports the API changes.
//!   With `--check`, writes nothing and exits 1 if the output is stale; with `--bump`, first
//!   writes the suggested version into CONFIG.
//! - `codegen postman2openapi IN OUT`: converts a Postman collection into an OpenAPI 3.0 document
//!   (YAML, or JSON when `OUT` ends in `.json`) so it can be inspected.

use std::path::PathBuf;
use std::process::ExitCode;

/// Emission builds and drops millions of small token trees; mimalloc serves them faster than the
/// system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("postman2openapi") {
        return match args.as_slice() {
            [_, input, output] => report(codegen::cli::postman_to_openapi(input.as_ref(), output.as_ref())),
            _ => {
                eprintln!("usage: codegen postman2openapi IN OUT");
                ExitCode::from(2)
            }
        };
    }
    let mut check = false;
    let mut bump = false;
    let mut config = PathBuf::from("specs/codegen.toml");
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            "--bump" => bump = true,
            "-h" | "--help" => {
                println!("usage: codegen [--check | --bump] [CONFIG]\n       codegen postman2openapi IN OUT\n\nGenerates the client crate described by CONFIG (default specs/codegen.toml) and reports the API changes.\n--check  write nothing; exit 1 if the output differs from what the specs produce\n--bump   write the suggested semver bump into CONFIG first, then generate");
                return ExitCode::SUCCESS;
            }
            other if other.starts_with('-') => {
                eprintln!("error: unknown option `{other}` (see --help)");
                return ExitCode::from(2);
            }
            other => config = PathBuf::from(other),
        }
    }
    if check && bump {
        eprintln!("error: --check writes nothing, so it cannot --bump");
        return ExitCode::from(2);
    }
    match codegen::cli::run_with(&config, check, bump) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => report(Err(e)),
    }
}

/// Prints an error, if any, and turns the outcome into an exit code.
fn report(result: codegen::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

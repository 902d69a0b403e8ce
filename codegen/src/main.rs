//! The `codegen` command line: `codegen [--check] [CONFIG]`.
//!
//! Generates the crate described by `CONFIG` (default `specs/codegen.toml`) into its output
//! directory, atomically. With `--check`, writes nothing and exits 1 if the output is stale.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut check = false;
    let mut config = PathBuf::from("specs/codegen.toml");
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: codegen [--check] [CONFIG]\n\nGenerates the client crate described by CONFIG (default specs/codegen.toml).\n--check  write nothing; exit 1 if the output differs from what the specs produce");
                return ExitCode::SUCCESS;
            }
            other if other.starts_with('-') => {
                eprintln!("error: unknown option `{other}` (see --help)");
                return ExitCode::from(2);
            }
            other => config = PathBuf::from(other),
        }
    }
    match codegen::cli::run(&config, check) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

//! The `codegen` command line: `codegen [--check | --bump] [CONFIG]`.
//!
//! Generates the crate described by `CONFIG` (default `specs/codegen.toml`) into its output
//! directory, atomically, and reports the API changes. With `--check`, writes nothing and exits 1 if
//! the output is stale; with `--bump`, first writes the suggested version into CONFIG.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut check = false;
    let mut bump = false;
    let mut config = PathBuf::from("specs/codegen.toml");
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check = true,
            "--bump" => bump = true,
            "-h" | "--help" => {
                println!("usage: codegen [--check | --bump] [CONFIG]\n\nGenerates the client crate described by CONFIG (default specs/codegen.toml) and reports the API changes.\n--check  write nothing; exit 1 if the output differs from what the specs produce\n--bump   write the suggested semver bump into CONFIG first, then generate");
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
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

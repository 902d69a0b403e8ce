//! The `codegen` command line: `codegen --help` lists the subcommands (`generate`, the default;
//! `new`; `postman2openapi`), their options and the exit statuses. Everything is done by
//! [`codegen::cli`].

use clap::Parser;

/// Emission builds and drops millions of small token trees; mimalloc serves them faster than the
/// system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    codegen::cli::main(codegen::cli::Cli::parse())
}

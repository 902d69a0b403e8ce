//! `cargo xtask test`: every test of the project, in the order that fails fastest.
//!
//! 0. Stoplight Prism, for the contract tests, found or installed with npm (`prism.rs`); its
//!    path is passed to the tests as `PRISM_BIN`. Without it the contract tests fail, unless
//!    `CONTRACT_TESTS=skip` is set (then they report as ignored).
//! 1. `cargo test --workspace` (generator unit tests, golden tests, the generated crate's tests);
//! 2. `cargo clippy` on the generated crate with `-D warnings`, with no feature and with every
//!    feature (`blocking`, `tracing`, `mock`), and its tests with every feature;
//! 3. `cargo doc` on the generated crate (every feature) with warnings denied;
//! 4. `cargo xtask corpus`: the crate generated from all 46 SendGrid documents;
//! 5. `cargo xtask postman-replay --ci`: the Postman fixtures and three training collections,
//!    every request replayed through its generated method (no unexplained difference).

use std::process::{Command, ExitCode};

/// Runs every step; stops at the first failure.
pub fn run() -> ExitCode {
    let prism = if crate::prism::opted_out() {
        eprintln!("xtask test: {}=skip: the Prism contract tests will report as ignored", crate::prism::OPT_OUT);
        None
    } else {
        match crate::prism::ensure() {
            Ok(bin) => {
                eprintln!("xtask test: Prism at {}", bin.display());
                Some(bin)
            }
            Err(e) => {
                eprintln!(
                    "xtask test: cannot provide Stoplight Prism for the contract tests: {e}\n\
                     The contract tests will fail. Install npm (or Prism, then set PRISM_BIN), or set \
                     {}=skip to report them as ignored.",
                    crate::prism::OPT_OUT
                );
                None
            }
        }
    };
    let steps: Vec<(&str, Command)> = vec![
        ("tests", cargo(&["test", "--workspace", "--all-targets"])),
        ("doctests", cargo(&["test", "--workspace", "--doc"])),
        ("clippy (generated crate)", cargo(&["clippy", "-p", "sendgrid-access", "--all-targets", "--", "-D", "warnings"])),
        (
            "clippy (generated crate, every feature: blocking, tracing, mock)",
            cargo(&["clippy", "-p", "sendgrid-access", "--all-targets", "--all-features", "--", "-D", "warnings"]),
        ),
        ("tests (generated crate, every feature)", cargo(&["test", "-p", "sendgrid-access", "--all-features"])),
        ("clippy (workspace)", cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])),
        ("rustdoc (generated crate)", {
            let mut c = cargo(&["doc", "-p", "sendgrid-access", "--no-deps", "--all-features"]);
            c.env("RUSTDOCFLAGS", "-D warnings");
            c
        }),
    ];
    let mut steps = steps;
    // Last, the slowest: the 46-document corpus crate (`cargo xtask corpus`).
    let mut corpus = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    corpus.args(["run", "--quiet", "--package", "xtask", "--", "corpus"]);
    steps.push(("corpus: 46 SendGrid documents generate, compile warning-free and pass their tests", corpus));
    // After the corpus, whose target directory (and dependencies) it shares.
    let mut replay = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    replay.args(["run", "--quiet", "--package", "xtask", "--", "postman-replay", "--ci"]);
    steps.push(("postman replay: the Postman fixtures and 3 training collections send what they describe", replay));
    for (name, mut command) in steps {
        eprintln!("==> {name}");
        if let Some(bin) = &prism {
            command.env("PRISM_BIN", bin);
        }
        match command.status() {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("xtask test: step `{name}` failed ({status})");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("xtask test: cannot run step `{name}`: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    eprintln!("xtask test: all steps passed");
    ExitCode::SUCCESS
}

fn cargo(args: &[&str]) -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.args(args);
    c
}

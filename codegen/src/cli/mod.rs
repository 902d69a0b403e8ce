//! The `codegen` command line, also behind `cargo xtask codegen`: generate (write or check),
//! start a project (`new`), convert a Postman collection; then summarise and show diagnostics.
//!
//! [`args`] declares the command line (clap), [`render`] shows diagnostics (rustc-style excerpts
//! or JSON lines), `summary` prints what a run did, `new` writes a starter configuration, and
//! [`paths`] shows paths relative to the current directory. Exit statuses: [`EXIT_INPUT`] for an
//! input error or stale output under `--check`, [`EXIT_USAGE`] for a usage error (clap's own).

pub mod args;
mod new;
pub mod paths;
pub mod render;
mod summary;

use std::path::Path;
use std::process::ExitCode;

use crate::apilock;
use crate::config::Config;
use crate::diag::{Diagnostic, Result};
use crate::write::{stale_files, write_atomically};

pub use args::{Cli, ColorChoice, Command, GenerateArgs, MessageFormat, NewArgs, OutputArgs, PostmanArgs, Verbosity};
pub use render::Printer;

/// The exit status of an input error, or of stale output under `--check`.
pub const EXIT_INPUT: u8 = 1;
/// The exit status of a usage error (clap exits with it on a bad command line).
pub const EXIT_USAGE: u8 = 2;

/// Runs a parsed `codegen` command line.
pub fn main(cli: Cli) -> ExitCode {
    let generate_options = cli.generate.check || cli.generate.bump || cli.generate.config != Path::new(args::DEFAULT_CONFIG);
    if cli.command.is_some() && generate_options {
        use clap::CommandFactory;
        let message = "CONFIG, --check and --bump belong to `generate`: give them after it, not before another subcommand";
        Cli::command().error(clap::error::ErrorKind::ArgumentConflict, message).exit();
    }
    match cli.command {
        None => generate(&cli.generate, &cli.output),
        Some(Command::Generate(args)) => generate(&args, &cli.output),
        Some(Command::New(args)) => new::run(&args, &cli.output),
        Some(Command::PostmanToOpenapi(args)) => postman(&args, &cli.output),
    }
}

/// `codegen generate`: generates from the configuration and writes the output (or, with
/// `--check`, compares it); prints the summary, the warnings and the API changes.
pub fn generate(args: &GenerateArgs, output: &OutputArgs) -> ExitCode {
    let printer = Printer::new(output);
    exit(generate_with(args, &printer), &printer)
}

/// The outcome of a run as an exit status, printing the error, if any.
fn exit(outcome: Result<bool>, printer: &Printer) -> ExitCode {
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(EXIT_INPUT),
        Err(e) => {
            printer.error(&e);
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// [`generate`]'s work: returns whether the output is up to date (always true when writing).
fn generate_with(args: &GenerateArgs, printer: &Printer) -> Result<bool> {
    let config_path = &args.config;
    printer.add_sources([(config_path.clone(), config_path.clone())]);
    let config = Config::load(config_path).map_err(|e| e.in_pass(crate::config::PASS))?;
    printer.add_sources(config.sources());
    let out_dir = config.output_dir();
    let shown_dir = paths::shown_dir(&out_dir);
    let (generated, plan) = crate::regen::prepare_loaded(&config, config_path, &out_dir, args.bump && !args.check)?;
    if args.check {
        let stale = stale_files(&out_dir, &generated.files, &[])?;
        if stale.is_empty() {
            printer.say(&format!("{shown_dir} is up to date ({} files)", generated.files.len()));
            return Ok(true);
        }
        let mut text = format!("error: {shown_dir} is stale: regenerate it from {}. Stale files:\n", paths::shown(config_path));
        for path in &stale {
            text.push_str(&format!("  {}\n", paths::shown(&out_dir.join(path))));
        }
        if stale.iter().any(|p| p == Path::new(apilock::LOCK_FILE)) {
            text.push_str(&crate::regen::report(&plan));
        }
        eprint!("{text}");
        return Ok(false);
    }
    crate::timing::timed("write", || write_atomically(&out_dir, &generated.files))?;
    crate::timing::timed("summary", || summary::print(printer, &generated, &out_dir, &config, config_path));
    printer.say(&crate::regen::report(&plan));
    Ok(true)
}

/// `codegen postman2openapi IN OUT`: writes the OpenAPI document and shows the warnings.
pub fn postman(args: &PostmanArgs, output: &OutputArgs) -> ExitCode {
    let printer = Printer::new(output);
    let outcome = postman_to_openapi(&args.input, &args.output).map(|(operations, warnings)| {
        printer.warnings(&warnings);
        printer.say(&format!("wrote {} ({operations} operations)", paths::shown(&args.output)));
        true
    });
    exit(outcome, &printer)
}

/// Converts the Postman collection `input` into an OpenAPI 3.0 document written to `output`
/// (JSON if it ends in `.json`, else YAML); returns its number of operations and the warnings.
pub fn postman_to_openapi(input: &Path, output: &Path) -> Result<(usize, Vec<Diagnostic>)> {
    let collection = crate::load::read_document(input, input).map_err(|e| e.in_pass(crate::load::PASS))?;
    let mut warnings = crate::diag::Warnings::default();
    let document = crate::load::postman::import(&collection, input, &mut warnings).map_err(|e| e.in_pass(crate::load::postman::PASS))?;
    let document = crate::load::postman::plain_openapi(&document, input, &mut warnings);
    crate::diag::attribute(&mut warnings.0, 0, crate::load::postman::PASS);
    let is_json = output.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let text = if is_json {
        serde_json::to_string_pretty(&document).map(|t| t + "\n").map_err(|e| e.to_string())
    } else {
        yaml_serde::to_string(&document).map_err(|e| e.to_string())
    };
    let text = text.map_err(|e| crate::diag::Error::input(crate::diag::Location::new(output, ""), format!("cannot serialise: {e}")))?;
    std::fs::write(output, text).map_err(|e| crate::diag::Error::io(output, e))?;
    Ok((count_operations(&document), warnings.0))
}

fn count_operations(document: &serde_json::Value) -> usize {
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    document
        .get("paths")
        .and_then(serde_json::Value::as_object)
        .map(|paths| paths.values().map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count()).sum())
        .unwrap_or(0)
}

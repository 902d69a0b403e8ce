//! The command line of `codegen` (clap, derive): subcommands, their arguments and the output
//! options every subcommand shares. `xtask` flattens [`GenerateArgs`] and [`OutputArgs`] into its
//! own `cargo xtask codegen`, so both accept the same options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// What `--help` says about exit statuses (also in the README).
pub const EXIT_STATUS_HELP: &str = "Exit status:\n  0  success\n  1  an input error (the diagnostic says where), or stale output under --check\n  2  a usage error (unknown option, missing argument)";

/// Generates a typed Rust client crate from OpenAPI 3.0/3.1 documents and Postman collections.
///
/// Without a subcommand, `codegen [CONFIG]` is `codegen generate [CONFIG]`.
#[derive(Debug, Parser)]
#[command(name = "codegen", version, after_help = EXIT_STATUS_HELP)]
pub struct Cli {
    /// The subcommand; `generate` when none is given.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The arguments of the default `generate`.
    #[command(flatten)]
    pub generate: GenerateArgs,
    /// How output is shown.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The subcommands of `codegen`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate the crate a codegen.toml describes (the default subcommand).
    #[command(after_help = EXIT_STATUS_HELP)]
    Generate(GenerateArgs),
    /// Write a starter codegen.toml for one or more API documents, then generate the crate.
    #[command(after_help = EXIT_STATUS_HELP)]
    New(NewArgs),
    /// Convert a Postman collection into the OpenAPI 3.0 document the generator reads.
    #[command(name = "postman2openapi", after_help = EXIT_STATUS_HELP)]
    PostmanToOpenapi(PostmanArgs),
}

/// The configuration `generate` reads when none is given.
pub const DEFAULT_CONFIG: &str = "specs/codegen.toml";

/// `codegen generate [CONFIG] [--check | --bump]`.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// The configuration naming the crate and its input documents.
    #[arg(default_value = DEFAULT_CONFIG)]
    pub config: PathBuf,
    /// Write nothing; exit with status 1 if the output differs from what the inputs produce.
    #[arg(long, conflicts_with = "bump")]
    pub check: bool,
    /// First write the suggested semver bump (from the API changes) into CONFIG, then generate.
    #[arg(long)]
    pub bump: bool,
}

/// `codegen new SPEC... --name NAME --out DIR`.
#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The API documents: OpenAPI (YAML or JSON) or Postman collections; one module each.
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// The name of the generated package, e.g. `petstore-client`.
    #[arg(long, value_parser = package_name)]
    pub name: String,
    /// The directory the crate is generated into; it must not exist or be empty.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Where the starter configuration is written (paths in it are relative to it).
    #[arg(long, value_name = "PATH", default_value = "codegen.toml")]
    pub config: PathBuf,
}

/// `codegen postman2openapi IN OUT`.
#[derive(Debug, Clone, Args)]
pub struct PostmanArgs {
    /// The Postman collection (v2.0 or v2.1, JSON).
    #[arg(value_name = "IN")]
    pub input: PathBuf,
    /// The OpenAPI document to write: JSON if it ends in `.json`, YAML otherwise.
    #[arg(value_name = "OUT")]
    pub output: PathBuf,
}

/// Options on how results are shown, accepted before or after any subcommand.
#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every normalisation change and every warning, not just the counts and groups.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to colour diagnostics (NO_COLOR in the environment also turns colour off).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// `human` (rustc-style excerpts) or `json` (one JSON object per diagnostic on stdout).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human, value_name = "FMT")]
    pub message_format: MessageFormat,
}

/// When diagnostics are coloured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stderr is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// For people: rustc-style, with the source line underlined.
    #[default]
    Human,
    /// For tools: one JSON object per line.
    Json,
}

/// How much is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Only errors.
    Quiet,
    /// The summary, warnings grouped by kind, the API changes.
    Normal,
    /// Every change and every warning.
    Verbose,
}

impl OutputArgs {
    /// The verbosity the flags ask for.
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

/// A Cargo package name: ASCII letters, digits, `-` and `_`, starting with a letter.
fn package_name(name: &str) -> Result<String, String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    match valid {
        true => Ok(name.to_string()),
        false => Err(format!("`{name}` is not a package name (ASCII letters, digits, `-` and `_`, starting with a letter)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::path::Path;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn generate_is_the_default_and_options_go_anywhere() {
        let cli = Cli::try_parse_from(["codegen", "x/codegen.toml", "--check", "-v"]).expect("parses");
        assert!(cli.command.is_none());
        assert_eq!(cli.generate.config, PathBuf::from("x/codegen.toml"));
        assert!(cli.generate.check && cli.output.verbose);
        let cli = Cli::try_parse_from(["codegen", "generate", "--bump", "--color", "never"]).expect("parses");
        let Some(Command::Generate(args)) = cli.command else { panic!("generate") };
        assert!(args.bump && args.config == Path::new("specs/codegen.toml"));
        assert_eq!(cli.output.color, ColorChoice::Never);
        assert!(Cli::try_parse_from(["codegen", "--check", "--bump"]).is_err());
        let cli = Cli::try_parse_from(["codegen", "-q", "new", "a.yaml", "--name", "a", "--out", "a"]).expect("options before a subcommand");
        assert!(matches!(cli.command, Some(Command::New(_))) && cli.output.quiet);
        assert!(Cli::try_parse_from(["codegen", "-q", "-v"]).is_err());
    }

    #[test]
    fn new_needs_a_spec_a_valid_name_and_a_directory() {
        let cli = Cli::try_parse_from(["codegen", "new", "a.yaml", "b.json", "--name", "pets", "--out", "pets", "--message-format", "json"])
            .expect("parses");
        let Some(Command::New(args)) = cli.command else { panic!("new") };
        assert_eq!(args.specs.len(), 2);
        assert_eq!(cli.output.message_format, MessageFormat::Json);
        assert!(Cli::try_parse_from(["codegen", "new", "--name", "pets", "--out", "pets"]).is_err());
        assert!(Cli::try_parse_from(["codegen", "new", "a.yaml", "--name", "9 lives", "--out", "x"]).is_err());
    }
}

//! `cargo xtask bench [codegen|compile|client|scale|split|profile|all] [options]`: the benchmarks published in
//! `BENCHMARKS.md`. Peers are installed into `target/bench-tools/` on first use; every step
//! writes its Markdown table to `target/bench/results/<step>.md` and prints it.
//!
//! Options: `--runs N` (runs per median, default 5), `--slow-runs N` (for openapi-generator,
//! default 3), `--inputs a,b` (of `one-operation`, `specs`, `sendgrid-46`, `github`), `--tools a,b` (of `ours`,
//! `openapi-to-rust`, `progenitor`, `openapi-generator`), `--no-install`, `--measurement S`
//! (criterion seconds, default 3), `--rounds N` (client benchmark repetitions, default 5).

mod client;
mod codegen;
mod compile;
mod inputs;
mod measure;
mod profile;
mod scale;
mod split;
mod stream;
mod synth;
mod tools;

use std::path::Path;
use std::process::ExitCode;

use tools::Tool;

/// How one named input is prepared.
type MakeInput = fn(&Opts) -> Result<inputs::Input, String>;

/// Command-line options shared by the steps.
#[derive(Debug, Clone)]
pub struct Opts {
    /// Runs per median.
    pub runs: usize,
    /// Runs per median for openapi-generator (a JVM start per document).
    pub slow_runs: usize,
    /// The inputs of the codegen and compile steps, by name; empty means all.
    pub inputs: Vec<String>,
    /// The tools, by name; empty means all.
    pub tools: Vec<String>,
    /// Whether missing peers and downloads are installed.
    pub install: bool,
    /// Criterion measurement time per function, in seconds.
    pub measurement: u32,
    /// How many times the client benchmark is repeated (the median ratio is reported).
    pub rounds: usize,
}

/// The command line of `cargo xtask bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// The step to run.
    #[arg(value_enum, default_value_t = Step::All)]
    pub step: Step,
    /// Runs per median.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub runs: usize,
    /// Runs per median for openapi-generator (a JVM start per document).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub slow_runs: usize,
    /// The inputs of the codegen and compile steps (of `one-operation`, `specs`, `sendgrid-46`,
    /// `github`); all by default.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub inputs: Vec<String>,
    /// The tools (of `ours`, `openapi-to-rust`, `progenitor`, `openapi-generator`); all by default.
    #[arg(long, value_delimiter = ',', value_name = "A,B")]
    pub tools: Vec<String>,
    /// Do not install missing peers or download inputs.
    #[arg(long)]
    pub no_install: bool,
    /// Criterion measurement time per function, in seconds.
    #[arg(long, default_value_t = 3, value_name = "S")]
    pub measurement: u32,
    /// How many times the client benchmark is repeated (the median ratio is reported).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub rounds: usize,
}

/// The steps of `cargo xtask bench`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Step {
    /// Codegen time per input per tool.
    Codegen,
    /// Lines and rebuild time of the generated crates.
    Compile,
    /// The generated client's overhead against a call by hand (criterion), and the stream step.
    Client,
    /// Server-sent events read through the client against by hand, and a download's peak memory.
    Stream,
    /// Codegen time against input size.
    Scale,
    /// Codegen and check time of a large description split by tag.
    Split,
    /// Where rustc's front end spends its time per kind of generated item (`-Z self-profile`),
    /// on the crates the compile and split steps generated. Not part of `all`.
    Profile,
    /// Every step.
    All,
}

/// Runs the chosen steps.
pub fn run(args: &BenchArgs) -> ExitCode {
    let opts = Opts {
        runs: args.runs,
        slow_runs: args.slow_runs,
        inputs: args.inputs.clone(),
        tools: args.tools.clone(),
        install: !args.no_install,
        measurement: args.measurement,
        rounds: args.rounds,
    };
    let step = match args.step {
        Step::Codegen => "codegen",
        Step::Compile => "compile",
        Step::Client => "client",
        Step::Stream => "stream",
        Step::Scale => "scale",
        Step::Split => "split",
        Step::Profile => "profile",
        Step::All => "all",
    };
    let all = step == "all";
    let mut ok = true;
    if all || step == "codegen" || step == "compile" {
        ok &= comparison(&opts, all || step == "codegen", all || step == "compile");
    }
    if all || step == "scale" {
        ok &= scale_step(&opts);
    }
    if all || step == "split" {
        match split::run(opts.install) {
            Ok(md) => publish("split", &md),
            Err(e) => {
                eprintln!("bench split: {e}");
                ok = false;
            }
        }
    }
    if step == "profile" {
        match profile::run() {
            Ok(md) => publish("profile", &md),
            Err(e) => {
                eprintln!("bench profile: {e}");
                ok = false;
            }
        }
    }
    if all || step == "client" {
        match client::run(opts.measurement, opts.rounds) {
            Ok(md) => publish("client", &md),
            Err(e) => {
                eprintln!("bench client: {e}");
                ok = false;
            }
        }
    }
    if all || step == "client" || step == "stream" {
        match stream::run(opts.rounds) {
            Ok(md) => publish("client-stream", &md),
            Err(e) => {
                eprintln!("bench client (streams): {e}");
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The codegen comparison and, on its outputs, the compile-cost step.
fn comparison(opts: &Opts, time_codegen: bool, time_compile: bool) -> bool {
    let wanted = |name: &str| opts.inputs.is_empty() || opts.inputs.iter().any(|i| i == name);
    let mut inputs = Vec::new();
    let mut failed = Vec::new();
    let candidates: [(&str, MakeInput); 4] = [
        (inputs::ONE_OPERATION, |_| inputs::one_operation()),
        ("specs", |_| inputs::product()),
        ("sendgrid-46", |_| inputs::sendgrid(None)),
        ("github", |o| tools::github_spec(o.install).and_then(|p| inputs::single("github", &p))),
    ];
    for (name, make) in candidates {
        if wanted(name) {
            match make(opts) {
                Ok(input) => inputs.push(input),
                Err(e) => failed.push(format!("input {name} unavailable: {e}")),
            }
        }
    }
    let tools: Vec<(Tool, Result<std::path::PathBuf, String>)> = Tool::ALL
        .iter()
        .filter(|t| opts.tools.is_empty() || opts.tools.iter().any(|n| n == t.name()))
        .map(|t| (*t, tools::ensure(*t, opts.install)))
        .collect();
    // Timing is needed for the outputs even when only compile cost is asked for: one run then.
    let runs_opts = if time_codegen { opts.clone() } else { Opts { runs: 1, slow_runs: 1, ..opts.clone() } };
    let (outcomes, table) = codegen::compare(&inputs, &tools, &runs_opts);
    let mut md = table;
    for f in &failed {
        md.push_str(&format!("\n{f}\n"));
    }
    if time_codegen {
        publish("codegen", &md);
    }
    if time_compile {
        publish("compile", &compile::run(&inputs, &outcomes, opts.runs.min(3)));
    }
    failed.is_empty()
}

/// The scale curve of our generator.
fn scale_step(opts: &Opts) -> bool {
    let exe = match tools::ensure(Tool::Ours, opts.install) {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("bench scale: {e}");
            return false;
        }
    };
    let mut inputs = Vec::new();
    let mut notes = String::new();
    let made = [
        inputs::sendgrid(Some(1)),
        inputs::sendgrid(Some(10)),
        inputs::sendgrid(None),
        tools::github_spec(opts.install).and_then(|p| inputs::single("github", &p)),
        synth::write(1_000).and_then(|p| inputs::single("synthetic-1000", &p)),
        synth::write(10_000).and_then(|p| inputs::single("synthetic-10000", &p)),
    ];
    for input in made {
        match input {
            Ok(i) => inputs.push(i),
            Err(e) => notes.push_str(&format!("\ninput unavailable: {e}\n")),
        }
    }
    let md = scale::run(&inputs, &exe, opts.runs) + &notes;
    publish("scale", &md);
    notes.is_empty()
}

/// Prints a step's table and writes it to `target/bench/results/<step>.md`.
fn publish(step: &str, md: &str) {
    let dir = Path::new("target/bench/results");
    let _ = std::fs::create_dir_all(dir);
    let path = dir.join(format!("{step}.md"));
    if let Err(e) = std::fs::write(&path, md) {
        eprintln!("bench: cannot write {}: {e}", path.display());
    }
    println!("\n## {step}\n\n{md}");
}

//! What `codegen` and `cargo xtask codegen` do: generate, then write or check, then summarise.

use std::path::Path;

use crate::apilock;
use crate::config::Config;
use crate::diag::Result;
use crate::pipeline::Generated;
use crate::write::{stale_files, write_atomically};

/// Generates from `config`; writes the output (or, with `check`, compares it). Returns whether
/// the output is up to date (always true when writing).
pub fn run(config: &Path, check: bool) -> Result<bool> {
    run_with(config, check, false)
}

/// [`run`], and with `bump` (ignored with `check`) first writes the suggested version (see
/// [`crate::apilock`]) into `config`. Prints the API changes since the previous output.
pub fn run_with(config: &Path, check: bool, bump: bool) -> Result<bool> {
    let out_dir = Config::load(config)?.output_dir();
    let (generated, plan) = apilock::regen::prepare(config, &out_dir, bump && !check)?;
    if check {
        let stale = stale_files(&out_dir, &generated.files, &[])?;
        if stale.is_empty() {
            println!("{} is up to date ({} files)", out_dir.display(), generated.files.len());
            return Ok(true);
        }
        eprintln!("{} is stale: run `cargo xtask codegen`. Stale files:", out_dir.display());
        for path in &stale {
            eprintln!("  {}", out_dir.join(path).display());
        }
        if stale.iter().any(|p| p == Path::new(apilock::LOCK_FILE)) {
            eprint!("{}", apilock::regen::report(&plan));
        }
        return Ok(false);
    }
    write_atomically(&out_dir, &generated.files)?;
    print_summary(&generated, &out_dir);
    print!("{}", apilock::regen::report(&plan));
    Ok(true)
}

/// The short summary printed after generation.
pub fn print_summary(generated: &Generated, out_dir: &Path) {
    println!(
        "generated {}: {} modules, {} operations, {} types, {} files",
        out_dir.display(),
        generated.api.modules.len(),
        generated.operation_count(),
        generated.type_count(),
        generated.files.len()
    );
    println!("normalisations applied: {}", generated.report.changes.len());
    for change in &generated.report.changes {
        println!("  [{}] {}: {}", change.source, change.location, change.what);
    }
    println!("warnings: {}", generated.report.warnings.len());
    for warning in &generated.report.warnings {
        println!("  {warning}");
    }
}

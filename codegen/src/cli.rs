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

/// Converts the Postman collection `input` into an OpenAPI 3.0 document written to `output`
/// (JSON if it ends in `.json`, else YAML); warnings go to stderr.
pub fn postman_to_openapi(input: &Path, output: &Path) -> Result<()> {
    let collection = crate::load::read_document(input, input)?;
    let mut warnings = crate::diag::Warnings::default();
    let document = crate::load::postman::import(&collection, input, &mut warnings)?;
    let document = crate::load::postman::plain_openapi(&document, input, &mut warnings);
    for warning in &warnings.0 {
        eprintln!("{warning}");
    }
    let is_json = output.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let text = if is_json {
        serde_json::to_string_pretty(&document).map(|t| t + "\n").map_err(|e| e.to_string())
    } else {
        yaml_serde::to_string(&document).map_err(|e| e.to_string())
    };
    let text = text.map_err(|e| crate::diag::Error::input(crate::diag::Location::new(output, ""), format!("cannot serialise: {e}")))?;
    std::fs::write(output, text).map_err(|e| crate::diag::Error::io(output, e))?;
    println!("wrote {} ({} operations)", output.display(), count_operations(&document));
    Ok(())
}

fn count_operations(document: &serde_json::Value) -> usize {
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    document
        .get("paths")
        .and_then(serde_json::Value::as_object)
        .map(|paths| paths.values().map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count()).sum())
        .unwrap_or(0)
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
    for line in crate::warning_groups::summary_lines(&generated.report.warnings) {
        println!("  {line}");
    }
}

//! The whole run: configuration → load → normalise → model → emit, for every module.

use std::path::Path;

use crate::config::Config;
use crate::diag::{Diagnostic, Location, Result, Warnings};
use crate::emit::{emit, Files};
use crate::model::{build_module, Api, Param};
use crate::report::Report;
use crate::{load, normalise};

/// The generated crate, in memory, with what was learnt on the way.
#[derive(Debug)]
pub struct Generated {
    /// The files of the crate, relative to its root.
    pub files: Files,
    /// The model the files were emitted from.
    pub api: Api,
    /// Every normalisation change, and the warnings of every stage.
    pub report: Report,
}

impl Generated {
    /// The number of operations in the crate.
    pub fn operation_count(&self) -> usize {
        self.api.modules.iter().map(|m| m.operations.len()).sum()
    }

    /// The number of named types in the crate.
    pub fn type_count(&self) -> usize {
        self.api.modules.iter().map(|m| m.types.len()).sum()
    }
}

/// Runs the generator for the configuration at `config_path`; nothing is written.
pub fn generate(config_path: &Path) -> Result<Generated> {
    let config = Config::load(config_path)?;
    let mut report = Report::default();
    let mut modules = Vec::new();
    for module in &config.modules {
        let input = config.display_path(&module.input);
        let mut doc = load::read_document(&config.resolve(&module.input), &input)?;
        let mut warnings = Warnings::default();
        if load::postman::is_collection(&doc) {
            doc = load::postman::import(&doc, &input, &mut warnings)?;
        }
        let mut overlays = Vec::new();
        for overlay in &module.overlays {
            let display = config.display_path(overlay);
            overlays.push((display.clone(), load::read_document(&config.resolve(overlay), &display)?));
        }
        normalise::normalise(&mut doc, &input, &overlays, &mut report)?;
        let source = Location::new(&input, "");
        let built = build_module(&module.name, &doc, &source, &mut warnings)?;
        report.warnings.extend(warnings.0);
        modules.push(built);
    }
    let api = assemble(&config, modules);
    let mismatches: Vec<(String, String)> =
        config.example_mismatches.iter().map(|m| (m.example.clone(), m.reason.clone())).collect();
    let mut files = emit(&api, &report, &mismatches)?;
    crate::apilock::add_lock(&mut files, &api);
    Ok(Generated { files, api, report })
}

/// Joins the modules into one crate: servers and client-wide header defaults are shared.
fn assemble(config: &Config, modules: Vec<crate::model::Module>) -> Api {
    let mut servers: Vec<crate::model::Server> = Vec::new();
    let mut default_headers: Vec<Param> = Vec::new();
    for module in &modules {
        for server in &module.servers {
            if !servers.iter().any(|s| s.url == server.url) {
                servers.push(server.clone());
            }
        }
        for op in &module.operations {
            for p in op.params.iter().filter(|p| crate::model::is_client_default_header(p)) {
                if !default_headers.iter().any(|d| d.name.eq_ignore_ascii_case(&p.name)) {
                    default_headers.push(p.clone());
                }
            }
        }
    }
    Api {
        crate_name: config.krate.name.clone(),
        version: config.krate.version.clone(),
        description: config.krate.description.clone(),
        modules,
        servers,
        default_headers,
        module_features: config.krate.module_features,
    }
}

/// Prints diagnostics one per line (for the CLI and xtask).
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

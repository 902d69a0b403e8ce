//! The whole run: configuration → load → normalise → model → emit, for every module.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{Error, Location, Result, Warnings};
use crate::emit::{emit, Files};
use crate::model::{build_module, Api, Module, Param};
use crate::report::Report;
use crate::{load, normalise, parallel};

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
///
/// The modules are independent until they are joined into one crate, so each is loaded,
/// normalised and modelled on its own thread (see [`crate::parallel`]); their reports are merged
/// in configuration order, so the result does not depend on which finished first.
pub fn generate(config_path: &Path) -> Result<Generated> {
    let config = Config::load(config_path).map_err(|e| e.in_pass(crate::config::PASS))?;
    generate_loaded(&config, config_path)
}

/// [`generate`] for a configuration already loaded from `config_path` (which names it in
/// diagnostics), so that a caller that needs it too reads it once.
pub fn generate_loaded(config: &Config, config_path: &Path) -> Result<Generated> {
    on_big_stack(|| {
        let built = parallel::map(&config.modules, |module| {
            let input = config.display_path(&module.input);
            let doc = crate::timing::timed("load", || load::read_document(&config.resolve(&module.input), &input))
                .map_err(|e| e.in_pass(load::PASS))?;
            let mut overlays = Vec::new();
            for overlay in &module.overlays {
                let display = config.display_path(overlay);
                let overlay_doc = load::read_document(&config.resolve(overlay), &display).map_err(|e| e.in_pass(load::PASS))?;
                overlays.push((display.clone(), overlay_doc));
            }
            let mut report = Report::default();
            let built = build_one(&module.name, &input, doc, &overlays, module.idempotency_header.as_deref(), &mut report)?;
            let parts = if module.split_by_tag { crate::model::split::by_tag(built) } else { vec![built] };
            Ok((parts, report))
        });
        let mut report = Report::default();
        let mut modules = Vec::new();
        for one in built {
            let (parts, module_report) = one?;
            report.changes.extend(module_report.changes);
            report.warnings.extend(module_report.warnings);
            modules.extend(parts);
        }
        let mismatches: Vec<(String, String)> =
            config.example_mismatches.iter().map(|m| (m.example.clone(), m.reason.clone())).collect();
        let mut generated = finish(&config.krate, modules, report, &mismatches)?;
        if let Some(dir) = &config.krate.tests {
            add_hand_written_tests(config, config_path, dir, &mut generated.files).map_err(|e| e.in_pass(crate::config::PASS))?;
        }
        Ok(generated)
    })
}

/// Copies the hand-written tests of `dir` (every `*.rs` file, by name) into the crate's
/// `tests/`, each under a line naming its original.
fn add_hand_written_tests(config: &Config, config_path: &Path, dir: &Path, files: &mut crate::emit::Files) -> Result<()> {
    let at = Location::new(config_path, "/crate/tests");
    let on_disk = config.resolve(dir);
    let entries = std::fs::read_dir(&on_disk).map_err(|e| Error::input(at.clone(), format!("cannot read the tests directory `{}`: {e}", dir.display())))?;
    let mut names: Vec<std::ffi::OsString> = entries.flatten().map(|e| e.file_name()).filter(|n| Path::new(n).extension().is_some_and(|x| x == "rs")).collect();
    names.sort();
    for name in names {
        let target = PathBuf::from("tests").join(&name);
        if files.contains_key(&target) {
            return Err(Error::input(at.clone(), format!("the hand-written test `{}` has the name of a generated one", name.to_string_lossy())));
        }
        let text = std::fs::read_to_string(on_disk.join(&name))
            .map_err(|e| Error::input(at.clone(), format!("cannot read the test `{}`: {e}", dir.join(&name).display())))?;
        let original = config.display_path(&dir.join(&name)).display().to_string().replace('\\', "/");
        files.insert(target, format!("// Copied by codegen from `{original}`; edit that file, not this one.\n\n{text}"));
    }
    Ok(())
}

/// Runs the generator on one document already in memory, as module `module` of a crate named
/// after it; `file` names the document in diagnostics. Nothing is read or written: this is the
/// entry point for tools and for the robustness tests that feed the generator mutated documents.
pub fn generate_document(module: &str, file: &Path, doc: serde_json::Value) -> Result<Generated> {
    on_big_stack(|| {
        let mut report = Report::default();
        let built = build_one(module, file, doc, &[], None, &mut report)?;
        let krate = crate::config::CrateConfig {
            name: module.replace('_', "-"),
            version: "0.1.0".into(),
            description: format!("Generated from {}.", file.display()),
            output: PathBuf::from("."),
            module_features: false,
            share_types: true,
            tests: None,
        };
        finish(&krate, vec![built], report, &[])
    })
}

/// One document (with its overlays) through load checks → normalise → model; `idempotency_header`
/// is the module's configured idempotency-key header, if any.
fn build_one(
    name: &str,
    input: &Path,
    mut doc: serde_json::Value,
    overlays: &[(PathBuf, serde_json::Value)],
    idempotency_header: Option<&str>,
    report: &mut Report,
) -> Result<Module> {
    load::check_nesting(&doc, input).map_err(|e| e.in_pass(load::PASS))?;
    for (file, overlay) in overlays {
        load::check_nesting(overlay, file).map_err(|e| e.in_pass(load::PASS))?;
    }
    let mut warnings = Warnings::default();
    if load::postman::is_collection(&doc) {
        doc = load::postman::import(&doc, input, &mut warnings).map_err(|e| e.in_pass(load::postman::PASS))?;
        crate::diag::attribute(&mut warnings.0, 0, load::postman::PASS);
    }
    normalise::normalise(&mut doc, input, overlays, report)?;
    if let Some(header) = idempotency_header {
        normalise::idempotency::declare(&mut doc, input, header, report);
    }
    let source = Location::new(input, "");
    let first_model_warning = warnings.0.len();
    let built = crate::timing::timed("model", || build_module(name, &doc, &source, &mut warnings, report))
        .map_err(|e| e.in_pass(crate::model::PASS))?;
    crate::diag::attribute(&mut warnings.0, first_model_warning, crate::model::PASS);
    report.warnings.extend(warnings.0);
    Ok(built)
}

/// The modules → the crate's files, with the API lock.
fn finish(krate: &crate::config::CrateConfig, modules: Vec<Module>, mut report: Report, mismatches: &[(String, String)]) -> Result<Generated> {
    let api = crate::timing::timed("assemble", || assemble(krate, modules, &mut report));
    let mut files = crate::timing::timed("emit", || emit(&api, &report, mismatches)).map_err(|e| e.in_pass(crate::emit::PASS))?;
    crate::timing::timed("lock", || crate::apilock::add_lock(&mut files, &api));
    Ok(Generated { files, api, report })
}

/// Runs `stage` on a thread with a [`parallel::STACK_BYTES`] stack; a panic is passed on unchanged.
fn on_big_stack<T: Send>(stage: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().name("codegen".into()).stack_size(parallel::STACK_BYTES).spawn_scoped(scope, stage);
        match thread {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(e) => Err(crate::diag::Error::io("<generator thread>", e)),
        }
    })
}

/// Joins the modules into one crate: servers and client-wide header defaults are shared, and so
/// are same-shaped types (unless `share_types = false`; one report line per shared type). A
/// server of a later module whose `Region` name is already taken by another URL is named after
/// its module (`PostmanRequests`), then numbered.
fn assemble(krate: &crate::config::CrateConfig, mut modules: Vec<Module>, report: &mut Report) -> Api {
    let common_module = crate::model::common::module_name(&modules);
    let common = if krate.share_types {
        let (common, groups) = crate::model::common::share(&mut modules);
        for (group, def) in groups.iter().zip(&common) {
            let what = format!(
                "{} same-shaped types of {} modules shared as `{common_module}::{}`: {}",
                group.members.len(),
                group.members.iter().map(|m| m.split("::").next().unwrap_or_default()).collect::<std::collections::BTreeSet<_>>().len(),
                group.name,
                group.members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            );
            report.change(SHARE_TYPES, def.location.clone(), what);
        }
        common
    } else {
        Vec::new()
    };
    let mut servers: Vec<crate::model::Server> = Vec::new();
    let mut default_headers: Vec<Param> = Vec::new();
    for module in &modules {
        for server in &module.servers {
            if !servers.iter().any(|s| s.url == server.url) {
                let mut server = server.clone();
                let taken = |name: &str, servers: &[crate::model::Server]| servers.iter().any(|s| s.variant == name);
                if taken(&server.variant, &servers) {
                    let base = crate::model::pascal_case(&module.name);
                    let mut name = base.clone();
                    let mut n = 1;
                    while taken(&name, &servers) {
                        n += 1;
                        name = format!("{base}{n}");
                    }
                    server.variant = name;
                }
                servers.push(server);
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
    let modules_flow = crate::model::merge_flows(modules.iter().flat_map(|m| m.client_credentials.iter().cloned()));
    Api {
        crate_name: krate.name.clone(),
        version: krate.version.clone(),
        description: krate.description.clone(),
        modules,
        servers,
        default_headers,
        module_features: krate.module_features,
        common,
        common_module,
        client_credentials: modules_flow,
    }
}

/// The name of the crate-level step that shares types between modules, in the report.
pub const SHARE_TYPES: &str = "share-types";

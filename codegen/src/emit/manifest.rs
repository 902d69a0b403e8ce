//! The crate's non-Rust files: `Cargo.toml` and `README.md` (askama templates) and
//! `NORMALIZATION.md` (the normalisation report).

use askama::Template;

use super::usage;
use crate::diag::{Error, Location, Result};
use crate::model::Api;
use crate::report::Report;

#[derive(Template)]
#[template(path = "Cargo.toml.txt", escape = "none")]
struct CargoToml<'a> {
    name: &'a str,
    version: &'a str,
    description: String,
    /// The module features, when modules are behind features (empty otherwise).
    module_features: Vec<String>,
    /// Whether a response is binary (`bytes::Bytes`), which needs the `bytes` crate.
    uses_bytes: bool,
    /// Whether bodies are streamed (`runtime/stream.rs`): reqwest's `stream` feature, `bytes`,
    /// and Tokio's file reading for uploads.
    streams: bool,
    /// Whether responses are server-sent events (`runtime/sse.rs`): `eventsource-stream`.
    events: bool,
}

struct ModuleRow {
    name: String,
    title: String,
    operations: usize,
    ops: Vec<String>,
}

#[derive(Template)]
#[template(path = "README.md.txt", escape = "none")]
struct Readme<'a> {
    name: &'a str,
    lib_name: String,
    description: &'a str,
    modules: Vec<ModuleRow>,
    /// The usage example's lines after the client is built: one call per module.
    calls: Vec<String>,
    /// The hidden first line of the usage example.
    hidden_fn: String,
    /// The example's `use` line: the client and the modules whose types it names.
    use_line: String,
    /// The `mock` feature's example (the `mock` module's doc test), if there is one.
    mock_example: Vec<String>,
}

fn render(template: &impl Template, what: &str) -> Result<String> {
    let mut text = template
        .render()
        .map_err(|e| Error::input(Location::new(what, ""), format!("internal error: template failed: {e}")))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// The generated crate's `Cargo.toml`.
pub fn cargo_toml(api: &Api) -> Result<String> {
    let description = api.description.replace('\\', "\\\\").replace('"', "\\\"");
    let module_features = if api.module_features { api.modules.iter().map(|m| m.name.clone()).collect() } else { Vec::new() };
    let streaming = api.streaming();
    let uses_bytes = api.uses_custom(crate::model::BYTES) || streaming.bodies;
    let (streams, events) = (streaming.bodies, streaming.events);
    render(&CargoToml { name: &api.crate_name, version: &api.version, description, module_features, uses_bytes, streams, events }, "Cargo.toml")
}

/// The generated crate's `README.md`.
pub fn readme(api: &Api) -> Result<String> {
    let modules = api
        .modules
        .iter()
        .map(|m| ModuleRow {
            name: m.name.clone(),
            title: m.title.clone(),
            operations: m.operations.len(),
            ops: m
                .operations
                .iter()
                .map(|op| format!("`client.{}().{}()`: `{} {}`", m.name, op.fn_name, op.method.as_str(), op.path))
                .collect(),
        })
        .collect();
    let lib_name = api.crate_name.replace('-', "_");
    let (calls, hidden, used) = module_calls(api, &lib_name);
    let params: Vec<String> = hidden.iter().map(|(name, ty)| format!("{name}: {ty}")).collect();
    let hidden_fn = format!("# async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{", params.join(", "));
    // A module named like the crate (`shop::shop`) would make the crate's name in the same `use`
    // ambiguous: `::shop` is the crate.
    let root = if used.contains(&lib_name) { format!("::{lib_name}") } else { lib_name.clone() };
    let use_line = match used.is_empty() {
        true => format!("use {root}::Client;"),
        false => format!("use {root}::{{{}, Client}};", used.join(", ")),
    };
    // The `mock` module's example (its docs run it), compiled here only with the feature on.
    let mock_example = super::mock::example_code(api, &lib_name)
        .map(|code| {
            let body = code.into_iter().filter(|l| !l.starts_with("# "));
            ["# #[cfg(feature = \"mock\")]".to_string(), "# async fn example() {".to_string()].into_iter().chain(body).chain(["# }".to_string()]).collect()
        })
        .unwrap_or_default();
    render(&Readme { name: &api.crate_name, lib_name, description: &api.description, modules, calls, hidden_fn, use_line, mock_example }, "README.md")
}

/// One call per module for the README: the operation whose example is simplest (no argument
/// taken from the hidden function, fewest lines, a `GET` if possible). Returns the lines, the
/// hidden arguments and the modules whose types the lines name.
fn module_calls(api: &Api, lib: &str) -> (Vec<String>, Vec<(String, String)>, Vec<String>) {
    let mut lines = Vec::new();
    let mut hidden = Vec::new();
    let mut used = Vec::new();
    for module in &api.modules {
        let best = module
            .operations
            .iter()
            .map(|op| (op, usage::usage(lib, module, op, usage::Naming::Qualified)))
            .min_by_key(|(op, u)| (u.hidden.len(), u.lines.len(), op.method.as_str() != "GET"));
        let Some((op, call)) = best else { continue };
        lines.push(String::new());
        lines.push(format!("// {}: `{} {}`", module.name, op.method.as_str(), op.path));
        if call.lines.iter().any(|l| l.contains(&format!("{}::", module.name))) {
            used.push(module.name.clone());
        }
        lines.extend(call.lines);
        hidden.extend(call.hidden);
    }
    (lines, hidden, used)
}

/// `NORMALIZATION.md`: how the crate differs from the upstream documents.
pub fn normalization(report: &Report) -> String {
    let mut out = String::from(
        "<!-- @generated by codegen from the specs; do not edit. -->\n# Normalisation report\n\n\
         Every change the generator made to the input documents before generating this crate: \
         built-in passes and overlay actions, each with the JSON pointer it touched.\n\n",
    );
    out.push_str("| source | location | change |\n|---|---|---|\n");
    for c in &report.changes {
        let cell = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!("| {} | `{}` | {} |\n", cell(&c.source), cell(&c.location.to_string()), cell(&c.what)));
    }
    if !report.warnings.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for w in &report.warnings {
            out.push_str(&format!("- `{}`: {}\n", w.location, w.message.replace('\n', " ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn a_module_named_like_the_crate_is_imported_unambiguously() {
        let doc = serde_json::json!({"openapi": "3.0.3", "info": {"title": "Shop", "version": "1"},
            "paths": {"/items": {"post": {"operationId": "AddItem", "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}},
                "responses": {"200": {"description": "ok"}}}}}});
        let generated = crate::generate_document("shop", Path::new("shop.yaml"), doc).expect("generates");
        let readme = &generated.files[Path::new("README.md")];
        // In a README doc test, `use shop::{shop, Client}` resolves `shop::Client` through the
        // imported module, whose `Client` import is private.
        assert!(readme.contains("use ::shop::{shop, Client};"), "{readme}");
    }
}

//! A normalised document → one [`Module`].

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

use std::collections::BTreeSet;

use super::dedupe::{self, Merge};
use super::family::FamilyNames;
use super::names::pascal_case;
use super::operation::Operations;
use super::schema::Types;
use super::{uses, Example, Method, Module, Operation, Server, TypeDef};
use crate::diag::{pointer_push, Error, Location, Result, Warnings};
use crate::report::Report;

/// The name of the model step that merges same-shaped types, in the report.
pub const MERGE_TYPES: &str = "merge-types";

/// Parses the normalised document `doc` (read from `source`) and builds module `name` from it.
/// Same-shaped types are merged (one line per merged family goes to `report`).
pub fn build_module(name: &str, doc: &Value, source: &Location, warnings: &mut Warnings, report: &mut Report) -> Result<Module> {
    let api: OpenAPI = serde_path_to_error::deserialize(doc).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Error::input(Location::new(&source.file, pointer), format!("not a valid OpenAPI 3.0 document: {}", e.inner()))
    })?;
    let reserved: Vec<String> = Vec::new();
    let mut types = Types::new(&api, source.clone(), &reserved);
    types.define_components();
    let mut operations = Vec::new();
    let mut examples;
    {
        let mut ops = Operations::new(&mut types);
        for (path, item) in api.paths.paths.iter() {
            let item_at = source.child("paths").child(path);
            let ReferenceOr::Item(item) = item else {
                return Err(Error::input(item_at, "path item references are not supported"));
            };
            for (method, op) in item.iter() {
                let method = match method {
                    "get" => Method::Get,
                    "put" => Method::Put,
                    "post" => Method::Post,
                    "delete" => Method::Delete,
                    "options" => Method::Options,
                    "head" => Method::Head,
                    "patch" => Method::Patch,
                    _ => Method::Trace,
                };
                let op_at = item_at.child(&method.as_str().to_ascii_lowercase());
                operations.push(ops.build(&api, path, method, op, op_at)?);
            }
        }
        examples = std::mem::take(&mut ops.examples);
    }
    examples.extend(component_examples(&api, source, &types));
    for merge in merge_same_shapes(&mut types.defs, &mut operations, &mut examples) {
        let what = format!(
            "{} same-shaped types merged into `{}`: {}",
            merge.members.len(),
            merge.kept,
            merge.members.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        );
        let at = types.defs.iter().find(|d| d.name == merge.kept).map_or_else(|| source.clone(), |d| d.location.clone());
        report.change(MERGE_TYPES, at, what);
    }
    uses::describe(&mut types.defs, &operations);
    let error_body = shared_error_body(&operations).map(|ty| super::SharedErrorBody { trait_name: types.unique_name("HasErrorBody"), ty });
    for op in &mut operations {
        op.pagination = super::pagination::detect(op, &types.defs);
    }
    super::recursion::box_cycles(&mut types.defs);
    warnings.0.append(&mut types.warnings.0);
    let title = api.info.title.clone();
    let description = api.info.description.clone().or_else(|| api.info.extensions.get("x-summary").and_then(Value::as_str).map(str::to_string));
    Ok(Module {
        name: name.to_string(),
        source: source.clone(),
        title,
        description,
        operations,
        types: types.defs,
        servers: servers(&api),
        examples,
        error_body,
    })
}

/// The body type of non-2xx responses that the most operations share (at least two; the first
/// in operation order on a tie).
fn shared_error_body(operations: &[Operation]) -> Option<super::TypeRef> {
    let mut counts: Vec<(&super::TypeRef, usize)> = Vec::new();
    for op in operations {
        let mut seen: Vec<&super::TypeRef> = Vec::new();
        for ty in op.failures().filter_map(|r| r.ty.as_ref()) {
            if seen.contains(&ty) {
                continue;
            }
            seen.push(ty);
            match counts.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, n)) => *n += 1,
                None => counts.push((ty, 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max().filter(|n| *n >= 2)?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(t, _)| t.clone())
}

/// Merges same-shaped types ([`dedupe`]), naming merged inline families by [`FamilyNames`].
fn merge_same_shapes(types: &mut Vec<TypeDef>, operations: &mut [Operation], examples: &mut [Example]) -> Vec<Merge> {
    let all_uses = uses::uses(types, operations);
    let mut taken: BTreeSet<String> = types.iter().map(|d| d.name.clone()).collect();
    for op in operations.iter() {
        taken.extend([op.call_name.clone(), op.error_name.clone()]);
        taken.extend(op.success_enum.clone());
    }
    let explicit = types.iter().filter(|d| d.explicit_name && !dedupe::is_component(d)).map(|d| d.name.clone()).collect();
    let mut names = FamilyNames::new(&all_uses, taken, explicit);
    dedupe::merge(types, operations, examples, &mut |defs, groups| names.names(defs, groups))
}

/// `example`s on component schemas, checked against the component's type.
fn component_examples(api: &OpenAPI, source: &Location, types: &Types) -> Vec<super::Example> {
    let Some(components) = &api.components else { return Vec::new() };
    components
        .schemas
        .iter()
        .filter_map(|(name, schema)| {
            let schema = schema.as_item()?;
            let value = schema.schema_data.example.clone()?;
            let def = types.defs.iter().find(|d| d.location.pointer == pointer_push("/components/schemas", name))?;
            Some(super::Example {
                location: source.child("components").child("schemas").child(name).child("example"),
                ty: super::TypeRef::Named(def.name.clone()),
                value,
            })
        })
        .collect()
}

/// The document's servers, each with a `Region` variant name.
///
/// Naming rule: `x-rust-name` if the server has one; else the host labels that set it apart from
/// the first server (`api.eu.sendgrid.com` vs `api.sendgrid.com` → `Eu`); the first server is
/// `Global` when its description says "global", else `Default`.
fn servers(api: &OpenAPI) -> Vec<Server> {
    let host = |url: &str| url.split("://").nth(1).unwrap_or(url).split('/').next().unwrap_or("").to_string();
    let first_host = api.servers.first().map(|s| host(&s.url)).unwrap_or_default();
    let first_labels: Vec<&str> = first_host.split('.').collect();
    let mut names = super::names::Namespace::default();
    api.servers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let explicit = s.extensions.get("x-rust-name").and_then(Value::as_str).map(pascal_case);
            let derived = if i == 0 {
                let global = s.description.as_deref().is_some_and(|d| d.to_lowercase().contains("global"));
                if global { "Global".to_string() } else { "Default".to_string() }
            } else {
                let h = host(&s.url);
                let own: Vec<&str> = h.split('.').filter(|l| !first_labels.contains(l)).collect();
                if own.is_empty() { format!("Server{}", i + 1) } else { pascal_case(&own.join(" ")) }
            };
            Server {
                url: s.url.trim_end_matches('/').to_string(),
                description: s.description.clone(),
                variant: names.unique(&explicit.unwrap_or(derived)),
            }
        })
        .collect()
}

/// Converts a `serde_path_to_error` path into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

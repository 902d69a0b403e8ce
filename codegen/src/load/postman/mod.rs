//! Postman collection (v2.1, and v2.0 where it differs) → OpenAPI 3.0.3 document.
//!
//! [`import`] checks that the input is a collection, walks its folders ([`walk`]), turns each
//! request into an operation ([`operation`]: URL in [`url`], parameters in [`params`], body in
//! [`body`], example responses in [`response`] with schemas from [`infer`], auth in [`auth`]),
//! names the operations ([`ids`]) and assembles the document ([`assemble`]) with keys in a fixed
//! order and paths in collection order. Collection variables ([`vars`]) give the `servers`. The
//! mapping and the inference rules are described in `docs/postman.md`.
//!
//! Every request that can be sent becomes an operation, even when another request has the same
//! method and path or its method is not one of OpenAPI's eight: such an operation sits at the
//! path key `{path}#{operationId}` with its real path in `x-path` (and its method in `x-method`),
//! which the model reads. [`export`] turns this into plain OpenAPI for `postman2openapi`.
//!
//! Problems in the input are errors with the file and JSON pointer (not a collection, absurd
//! nesting) or warnings (a request that cannot be sent, unsupported auth, duplicate names,
//! example bodies that are not JSON, undefined variables, requests without examples). Nothing
//! panics and no request is dropped without a warning.

mod assemble;
mod auth;
mod body;
mod export;
pub use export::plain_openapi;
mod ids;
pub mod infer;
pub use infer::PLACEHOLDER_MARK;
mod operation;
mod params;
mod placeholder;
pub mod replay;
mod response;
mod text;
mod url;
mod vars;
mod walk;

#[cfg(test)]
mod fidelity_tests;
#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod scopes_tests;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::diag::{Error, Location, Result, Warnings};
use operation::{Context, Operation};
use vars::Variables;

/// The pass name of the importer's diagnostics (`--message-format json`, warning groups).
pub const PASS: &str = "postman";
/// The extension holding an operation's real path when its path key is `{path}#{operationId}`.
pub const X_PATH: &str = "x-path";
/// The extension holding the method of an operation whose method OpenAPI has no field for.
pub const X_METHOD: &str = "x-method";
/// The operation extension naming the media range the request's `Accept` header asks for
/// (`application/fhir+json`): the client sends the same.
pub const X_ACCEPT: &str = "x-accept";
/// The media type extension marking a body that is sent as text, as written, in a media type
/// that would otherwise be encoded (a raw body declared JSON that is not JSON).
pub const X_RAW_TEXT: &str = "x-raw-text";

/// Converts the Postman collection `collection` (read from `file`) into an OpenAPI 3.0 document.
///
/// Warnings (see the module documentation) go to `warnings`; errors name `file` and the JSON
/// pointer of the offending node.
pub fn import(collection: &Value, file: &Path, warnings: &mut Warnings) -> Result<Value> {
    let root = Location::new(file, "");
    let (info, items) = check_collection(collection, &root, warnings)?;

    let mut vars = Variables::default();
    vars.define(collection.get("variable"));
    let auth_loc = root.child("auth");
    let mut unsupported = auth::Unsupported::default();
    let collection_auth =
        auth::read(collection.get("auth"), &auth_loc, &mut unsupported, warnings);

    let tree = walk::walk(
        items,
        &root.child("item"),
        &collection_auth,
        &mut vars,
        &mut unsupported,
        warnings,
    )?;

    let mut reported = Vec::new();
    let mut operations: Vec<(Operation, Option<String>)> = Vec::new();
    {
        let mut cx = Context { vars: &mut vars, reported: &mut reported, warnings };
        for request in &tree.requests {
            if let Some(op) = operation::build(request, &mut cx)? {
                let postman_id = request.item.get("id").and_then(Value::as_str).map(str::to_string);
                operations.push((op, postman_id));
            }
        }
    }
    unsupported.report(warnings);
    vars.report_undefined(&reported, warnings);
    assemble::split_server_paths(&mut operations);
    assemble::note_other_servers(&mut operations);
    for (op, _) in &mut operations {
        replay::set_base_path(&mut op.object, &op.server.url);
    }
    let ids = ids::assign(&operations, warnings);

    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.0.3"));
    doc.insert("info".into(), info_object(info, file));
    let parts = assemble::assemble(operations, ids, &collection_auth);
    if let Some(server) = &parts.server {
        doc.insert("servers".into(), json!([server.to_value()]));
    }
    if let Some(security) = parts.security.filter(|s| s.as_array().is_some_and(|a| !a.is_empty())) {
        doc.insert("security".into(), security);
    }
    if !tree.tags.is_empty() {
        let tags: Vec<Value> =
            tree.tags.iter().map(|(name, desc)| tag_object(name, desc.as_deref())).collect();
        doc.insert("tags".into(), Value::Array(tags));
    }
    doc.insert("paths".into(), parts.paths);
    if let Some(schemes) = parts.schemes {
        doc.insert("components".into(), json!({ "securitySchemes": schemes }));
    }
    Ok(Value::Object(doc))
}

/// Checks the shape of a collection and returns its `info` and `item`.
fn check_collection<'a>(
    collection: &'a Value,
    root: &Location,
    warnings: &mut Warnings,
) -> Result<(&'a Map<String, Value>, &'a [Value])> {
    let info = collection.get("info");
    let items = collection.get("item");
    if info.is_none() && items.is_none() {
        let message = if collection.get("requests").is_some() && collection.get("order").is_some() {
            "this is a Postman v1 collection, which is not supported: export it as v2.1"
        } else {
            "not a Postman collection: it has neither `info` nor `item`"
        };
        return Err(Error::input(root.clone(), message));
    }
    let info = info.and_then(Value::as_object).ok_or_else(|| {
        Error::input(
            root.child("info"),
            "not a Postman collection: `info` is missing or not an object",
        )
    })?;
    let items = items.and_then(Value::as_array).ok_or_else(|| {
        Error::input(
            root.child("item"),
            "not a Postman collection: `item` is missing or not an array",
        )
    })?;
    let schema = info.get("schema").and_then(Value::as_str).unwrap_or_default();
    if !(schema.contains("/v2.1") || schema.contains("/v2.0")) {
        warnings.push(
            root.child("info").child("schema"),
            format!("unrecognised collection schema `{schema}`: reading it as Postman v2.1"),
        );
    }
    Ok((info, items.as_slice()))
}

/// The OpenAPI `info`: title from `name` (else the file name), description, version.
fn info_object(info: &Map<String, Value>, file: &Path) -> Value {
    let title = info
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
        });
    let mut out = Map::new();
    out.insert("title".into(), json!(title));
    if let Some(d) = text::description(info.get("description")) {
        out.insert("description".into(), json!(d));
    }
    let version = match info.get("version") {
        Some(Value::String(v)) if !v.trim().is_empty() => v.trim().to_string(),
        Some(Value::Object(v)) => {
            let part = |k: &str| v.get(k).and_then(text::scalar_text).unwrap_or_else(|| "0".into());
            format!("{}.{}.{}", part("major"), part("minor"), part("patch"))
        }
        _ => "1.0.0".to_string(),
    };
    out.insert("version".into(), json!(version));
    Value::Object(out)
}

fn tag_object(name: &str, description: Option<&str>) -> Value {
    let mut tag = Map::new();
    tag.insert("name".into(), json!(name));
    if let Some(d) = description {
        tag.insert("description".into(), json!(d));
    }
    Value::Object(tag)
}

/// Whether `doc` is a Postman collection (it has `info.schema` naming the collection schema).
pub fn is_collection(doc: &Value) -> bool {
    doc.pointer("/info/schema").and_then(Value::as_str).is_some_and(|s| s.contains("getpostman.com"))
}

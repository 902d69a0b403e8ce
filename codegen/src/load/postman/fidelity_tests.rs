//! Fidelity of the import: the Scopes collection's import compared with the official OpenAPI
//! description of the same API (`tests/fixtures/scopes.openapi.reference.yaml`), twice:
//!
//! - the raw import, which can only know what the collection says: the differences the
//!   collection cannot express are listed in [`ACCEPTED_RAW`], each with its reason;
//! - the import with `specs/scopes.overlay.yaml` applied, which is what the product is built
//!   from: it must match the reference with no accepted difference at all ([`ACCEPTED_OVERLAID`]
//!   is empty), operation names and property types included.
//!
//! Both documents are reduced to a set of facts (operations and their operationIds, parameters
//! with location, required flag and type, response codes and media types, response schema types
//! and required properties, security scheme kinds, servers). Every fact found in only one of them
//! is printed. Any difference not accepted fails the test, and so does an accepted difference
//! that no longer occurs (so the lists stay true).

use std::path::Path;

use serde_json::Value;

use super::scopes_tests::import_scopes;
use crate::load::parse_document;

const REFERENCE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/scopes.openapi.reference.yaml");
const OVERLAY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs/scopes.overlay.yaml");

/// Where a fact is missing: `Missing` = only in the reference, `Extra` = only in the import.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Missing,
    Extra,
}

/// An accepted difference: (side, fact pattern, reason). A pattern is the fact itself, or
/// contains `*`s, each standing for any text.
type Accepted = (Side, &'static str, &'static str);

/// Differences between the raw import and the reference that the collection cannot express.
const ACCEPTED_RAW: &[Accepted] = &[
    (
        Side::Missing,
        "server https://api.eu.sendgrid.com",
        "the collection defines one `baseUrl`; the EU server exists only in the reference",
    ),
    (
        Side::Missing,
        "operation-id *",
        "the collection names requests by their titles (`Approve access request`); SendGrid's \
         operationIds (`ApproveScopeRequest`) are not in it",
    ),
    (
        Side::Extra,
        "operation-id *",
        "the operationIds derived from the request titles (see the entry above)",
    ),
    (
        Side::Missing,
        "schema * string*",
        "every leaf of the collection's examples is the placeholder `\"\"`, which names no type: \
         the import leaves these properties untyped (free-form JSON) rather than guess `string`",
    ),
    (
        Side::Missing,
        "schema GET /v3/scopes/requests 200 $[].id integer",
        "the collection's example ids are the placeholder `\"\"`, which says nothing of the type",
    ),
    (
        Side::Extra,
        "schema * any",
        "the untyped (free-form) properties of the two entries above",
    ),
    (
        Side::Missing,
        "required *",
        "response keys inferred from examples are never required (a server may omit any key an \
         example shows); the reference requires a few",
    ),
];

/// Differences between the import with `specs/scopes.overlay.yaml` and the reference: none.
const ACCEPTED_OVERLAID: &[Accepted] = &[];

/// Whether `fact` matches the accepted `pattern`, in which each `*` stands for any text.
fn matches(pattern: &str, fact: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = fact.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Resolves a local `$ref` (repeatedly) in `doc`.
fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => match doc.pointer(pointer) {
                Some(target) => value = target,
                None => break,
            },
            None => break,
        }
    }
    value
}

fn type_of(schema: &Value) -> String {
    let mut kind = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("|"),
        _ => "any".to_string(),
    };
    if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        kind.push_str(",nullable");
    }
    kind
}

/// Facts about a schema at `at` (`$`, `$.a`, `$.a[]`).
fn schema_facts(
    doc: &Value,
    schema: &Value,
    prefix: &str,
    at: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    let schema = resolve(doc, schema);
    out.push(format!("schema {prefix} {at} {}", type_of(schema)));
    if depth > 16 {
        return;
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (name, sub) in props {
            schema_facts(doc, sub, prefix, &format!("{at}.{name}"), out, depth + 1);
        }
    }
    for name in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        out.push(format!("required {prefix} {at}.{name}"));
    }
    if let Some(items) = schema.get("items") {
        schema_facts(doc, items, prefix, &format!("{at}[]"), out, depth + 1);
    }
}

/// Every fact about `doc`, sorted.
fn facts(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for server in doc.get("servers").and_then(Value::as_array).into_iter().flatten() {
        out.push(format!(
            "server {}",
            server.get("url").and_then(Value::as_str).unwrap_or_default()
        ));
    }
    let top_security = doc.get("security");
    for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let shared: Vec<&Value> =
            item.get("parameters").and_then(Value::as_array).into_iter().flatten().collect();
        for (method, op) in
            item.as_object().into_iter().flatten().filter(|(k, _)| *k != "parameters")
        {
            let op_name = format!("{} {path}", method.to_uppercase());
            out.push(format!("op {op_name}"));
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                out.push(format!("operation-id {op_name} {id}"));
            }
            let own = op.get("parameters").and_then(Value::as_array).into_iter().flatten();
            for param in shared.iter().copied().chain(own).map(|p| resolve(doc, p)) {
                let name = param.get("name").and_then(Value::as_str).unwrap_or_default();
                let place = param.get("in").and_then(Value::as_str).unwrap_or_default();
                let required = param.get("required").and_then(Value::as_bool).unwrap_or(false);
                let schema = resolve(doc, param.get("schema").unwrap_or(&Value::Null));
                out.push(format!("param {op_name} {place} {name}"));
                out.push(format!("param-required {op_name} {place} {name} {required}"));
                let default =
                    schema.get("default").map(|d| format!(" default={d}")).unwrap_or_default();
                out.push(format!(
                    "param-type {op_name} {place} {name} {}{default}",
                    type_of(schema)
                ));
            }
            for (code, response) in
                op.get("responses").and_then(Value::as_object).into_iter().flatten()
            {
                out.push(format!("response {op_name} {code}"));
                let response = resolve(doc, response);
                for (media, object) in
                    response.get("content").and_then(Value::as_object).into_iter().flatten()
                {
                    out.push(format!("media {op_name} {code} {media}"));
                    if let Some(schema) = object.get("schema") {
                        schema_facts(doc, schema, &format!("{op_name} {code}"), "$", &mut out, 0);
                    }
                }
            }
            let security = op.get("security").or(top_security);
            for requirement in security.and_then(Value::as_array).into_iter().flatten() {
                for name in requirement.as_object().into_iter().flatten().map(|(k, _)| k) {
                    let scheme = doc
                        .pointer(&format!("/components/securitySchemes/{name}"))
                        .unwrap_or(&Value::Null);
                    let kind = ["type", "scheme", "in", "name"]
                        .iter()
                        .filter_map(|k| scheme.get(*k).and_then(Value::as_str))
                        .collect::<Vec<_>>()
                        .join("/");
                    out.push(format!("security {op_name} {kind}"));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Compares `imported` with the reference; fails on any difference not in `accepted` and on any
/// entry of `accepted` that matches no difference.
fn compare(imported: &Value, accepted: &[Accepted], what: &str) {
    let bytes = std::fs::read(REFERENCE).unwrap();
    let reference = parse_document(&bytes, Path::new(REFERENCE)).unwrap();
    let (want, got) = (facts(&reference), facts(imported));
    let mut differences: Vec<(Side, &str)> =
        want.iter().filter(|f| !got.contains(f)).map(|f| (Side::Missing, f.as_str())).collect();
    differences.extend(got.iter().filter(|f| !want.contains(f)).map(|f| (Side::Extra, f.as_str())));

    let mut unexplained = Vec::new();
    for (side, fact) in &differences {
        match accepted.iter().find(|(s, p, _)| s == side && matches(p, fact)) {
            Some((_, _, reason)) => println!("{what}: accepted {side:?}: {fact} — {reason}"),
            None => {
                println!("{what}: UNEXPLAINED {side:?}: {fact}");
                unexplained.push(format!("{side:?}: {fact}"));
            }
        }
    }
    let stale: Vec<&str> = accepted
        .iter()
        .filter(|(s, p, _)| !differences.iter().any(|(ds, df)| ds == s && matches(p, df)))
        .map(|(_, f, _)| *f)
        .collect();
    assert!(
        unexplained.is_empty(),
        "{what}: unexplained differences from the reference:\n{}",
        unexplained.join("\n")
    );
    assert!(stale.is_empty(), "{what}: accepted differences that no longer occur (remove them): {stale:?}");
}

#[test]
fn import_matches_the_reference_openapi() {
    let (imported, _) = import_scopes();
    compare(&imported, ACCEPTED_RAW, "raw import");
}

#[test]
fn import_with_the_product_overlay_matches_the_reference_exactly() {
    let (mut imported, _) = import_scopes();
    let bytes = std::fs::read(OVERLAY).unwrap();
    let overlay = parse_document(&bytes, Path::new(OVERLAY)).unwrap();
    let mut report = crate::report::Report::default();
    crate::normalise::overlay::apply(&mut imported, &overlay, Path::new(OVERLAY), &mut report)
        .unwrap_or_else(|e| panic!("{e}"));
    compare(&imported, ACCEPTED_OVERLAID, "import + scopes.overlay.yaml");
}

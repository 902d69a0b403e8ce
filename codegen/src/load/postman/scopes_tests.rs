//! Tests on the real Scopes collection (`specs/scopes.postman_collection.json`): the imported
//! operations, and a sweep that mutates every node of it and checks the importer never panics.

use std::path::Path;

use serde_json::{json, Value};

use super::import;
use super::tests::read;
use crate::diag::Warnings;

const SCOPES: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../specs/scopes.postman_collection.json");

/// Imports the real Scopes collection (shared with the fidelity test).
pub(super) fn import_scopes() -> (Value, Vec<String>) {
    let mut warnings = Warnings::default();
    let doc = read(SCOPES).and_then(|v| import(&v, Path::new(SCOPES), &mut warnings));
    match doc {
        Ok(doc) => (
            doc,
            warnings.0.iter().map(|d| format!("{}: {}", d.location.pointer, d.message)).collect(),
        ),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn imports_the_scopes_collection() {
    let (doc, warnings) = import_scopes();
    // `{{bearerToken}}` appears only in the collection's auth: a credential, not an undefined use.
    assert_eq!(warnings, Vec::<String>::new());
    let api: openapiv3::OpenAPI = serde_json::from_value(doc.clone()).unwrap();
    let mut ops = Vec::new();
    for (path, method, op) in api.operations() {
        let params: Vec<String> = op
            .parameters
            .iter()
            .filter_map(|p| p.as_item())
            .map(|p| {
                let d = p.parameter_data_ref();
                format!(
                    "{}:{}",
                    d.name,
                    match p {
                        openapiv3::Parameter::Query { .. } => "query",
                        openapiv3::Parameter::Header { .. } => "header",
                        openapiv3::Parameter::Path { .. } => "path",
                        openapiv3::Parameter::Cookie { .. } => "cookie",
                    }
                )
            })
            .collect();
        let codes: Vec<String> = op.responses.responses.keys().map(|c| c.to_string()).collect();
        ops.push(format!(
            "{} {path} {} [{}] [{}]",
            method.to_uppercase(),
            op.operation_id.as_deref().unwrap_or(""),
            params.join(" "),
            codes.join(" ")
        ));
    }
    assert_eq!(
        ops,
        [
            "PATCH /v3/scopes/requests/{request_id}/approve ApproveAccessRequest [request_id:path] [200 401 404]",
            "DELETE /v3/scopes/requests/{request_id} DenyAccessRequest [request_id:path] [204 401 404]",
            "GET /v3/scopes/requests RetrieveAccessRequests [limit:query offset:query] [200]",
            "GET /v3/scopes RetrieveAListOfScopesForWhichThisUserHasAccess [on-behalf-of:header] [200 401 403 404 500]",
        ]
    );
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["info"]["title"], "Twilio SendGrid Scopes API");
    assert_eq!(doc["info"]["version"], "1.0.0");
    assert_eq!(doc["servers"], json!([{"url": "https://api.sendgrid.com"}]));
    assert_eq!(doc["security"], json!([{"bearerAuth": []}]));
    assert_eq!(
        doc["components"]["securitySchemes"],
        json!({"bearerAuth": {"type": "http", "scheme": "bearer"}})
    );
    let approve = &doc["paths"]["/v3/scopes/requests/{request_id}/approve"]["patch"];
    assert_eq!(approve["summary"], "This endpoint allows you to approve an access attempt.");
    assert_eq!(approve["tags"], json!(["approve"]));
    assert_eq!(
        approve["parameters"][0],
        json!({"name": "request_id", "in": "path", "description": "The ID of the request that you want to approve.",
               "required": true, "schema": {"type": "string"}})
    );
    assert_eq!(
        approve["responses"]["401"]["content"]["application/json"]["schema"],
        json!({"type": "object"})
    );
    let list = &doc["paths"]["/v3/scopes/requests"]["get"];
    assert_eq!(list["parameters"][0]["schema"], json!({"type": "integer", "default": 50}));
    assert_eq!(list["parameters"][1]["required"], false);
    let media = &list["responses"]["200"]["content"]["application/json"];
    let items = &media["schema"]["items"];
    assert_eq!(items["required"], Value::Null, "response keys are optional");
    assert_eq!(
        items["properties"]["id"],
        json!({"x-from-placeholders": true}),
        "`\"\"` is a placeholder, not a string"
    );
    assert_eq!(media.get("example"), None, "an example of placeholders only is not kept");
    let scopes = &doc["paths"]["/v3/scopes"]["get"]["responses"];
    assert_eq!(scopes["403"]["description"], "Scopes forbidden response.");
    assert_eq!(
        scopes["200"]["content"]["application/json"]["schema"]["properties"]["scopes"],
        json!({"type": "array", "items": {"x-from-placeholders": true}})
    );
}

/// All JSON pointers of `value`'s nodes.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(v, crate::diag::pointer_push(&at, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// The number of items with a `request` in an item tree.
fn count_requests(items: &Value) -> usize {
    items.as_array().map_or(0, |list| {
        list.iter()
            .map(|item| match item.get("item") {
                Some(children) => count_requests(children),
                None => usize::from(item.get("request").is_some()),
            })
            .sum()
    })
}

/// Replacing any node of the real collection by a value of another kind never panics, and a
/// successful import still accounts for every request (an operation, or a warning naming it).
#[test]
fn no_panic_on_any_mutation_of_the_scopes_collection() {
    let original = read(SCOPES).unwrap();
    let mut all = Vec::new();
    pointers(&original, String::new(), &mut all);
    let replacements = [json!(null), json!("x{{v}}"), json!([7]), json!({})];
    for pointer in all.iter().filter(|p| !p.is_empty()) {
        for replacement in &replacements {
            let mut doc = original.clone();
            if let Some(node) = doc.pointer_mut(pointer) {
                *node = replacement.clone();
            }
            let mut warnings = Warnings::default();
            if let Ok(out) = import(&doc, Path::new("m.json"), &mut warnings) {
                let ops: usize = out["paths"]
                    .as_object()
                    .map_or(0, |p| p.values().filter_map(Value::as_object).map(|m| m.len()).sum());
                let requests = count_requests(&doc["item"]);
                assert!(
                    ops + warnings.0.len() >= requests,
                    "{pointer} = {replacement}: {ops} operations for {requests} requests"
                );
                serde_json::from_value::<openapiv3::OpenAPI>(out)
                    .unwrap_or_else(|e| panic!("{pointer} = {replacement}: {e}"));
            }
        }
    }
}

//! The import of the Postman fixtures written for "every request is a method": variants of one
//! method and path, methods OpenAPI has no field for, URL shapes, GraphQL, every auth kind,
//! hand-written auth headers and a v2.0 collection (`tests/fixtures/postman/`; the golden test
//! also compiles them and runs their generated tests).

use std::path::Path;

use serde_json::{json, Value};

use super::import;
use super::tests::read;
use crate::diag::Warnings;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/postman/");

/// Imports a fixture; returns the document and the warnings as `pointer: message`.
fn import_ok(name: &str) -> (Value, Vec<String>) {
    let path = format!("{FIXTURES}{name}");
    let mut warnings = Warnings::default();
    let doc = read(&path).and_then(|v| import(&v, Path::new(name), &mut warnings));
    match doc {
        Ok(doc) => (doc, warnings.0.iter().map(|d| format!("{}: {}", d.location.pointer, d.message)).collect()),
        Err(e) => panic!("{name}: {e}"),
    }
}

#[test]
fn every_request_is_an_operation() {
    let (doc, warnings) = import_ok("requests.json");
    let paths = doc["paths"].as_object().expect("paths");
    let keys: Vec<&String> = paths.keys().collect();
    assert_eq!(
        keys,
        [
            "/notes",
            "/notes#CreateChecklist",
            "/notes/{noteId}#LinkNote",
            "/cache/{key}#PurgeCachedNote",
            "/dav/{folder}#ListFolderProperties",
            "/profiles/celeb_{USERNAME}",
            "/v1.0/users('{UserName}')/people",
            "/reports/{reportId}.csv",
            "/{hello_var}/items",
            "/files/reports%2F2024/meta",
            "/schemas/pet",
            "/session",
            "/notes/{noteId}/attachment",
            "/import",
            "/a/{a}/b/{b}/c/{c}/d/{d}/e/{e}/f/{f}/g/{g}",
        ]
    );
    // Two requests on `POST /notes`, each with its own body and query.
    let note = &doc["paths"]["/notes"]["post"];
    let checklist = &doc["paths"]["/notes#CreateChecklist"]["post"];
    assert_eq!(note["operationId"], "CreateNote");
    assert_eq!(checklist["x-path"], "/notes");
    assert_eq!(checklist["parameters"][0]["name"], "kind");
    let schema = |op: &Value| op["requestBody"]["content"]["application/json"]["schema"]["properties"].clone();
    assert_eq!(schema(note), json!({"title": {"type": "string"}, "body": {"type": "string"}}));
    assert_eq!(schema(checklist), json!({"title": {"type": "string"}, "items": {"type": "array", "items": {"type": "string"}}}));
    // Methods OpenAPI has no field for, in `x-method`.
    assert_eq!(doc["paths"]["/cache/{key}#PurgeCachedNote"]["post"]["x-method"], "PURGE");
    assert_eq!(doc["paths"]["/dav/{folder}#ListFolderProperties"]["post"]["x-method"], "PROPFIND");
    assert_eq!(doc["paths"]["/notes/{noteId}#LinkNote"]["post"]["x-method"], "LINK");
    // Variables inside segments are path parameters.
    let params = |key: &str, method: &str| -> Vec<Value> {
        doc["paths"][key][method]["parameters"].as_array().map(|p| p.iter().map(|p| p["name"].clone()).collect()).unwrap_or_default()
    };
    // A header name given by a variable is resolved; one that stays a variable is left out.
    assert_eq!(params("/profiles/celeb_{USERNAME}", "get"), [json!("USERNAME"), json!("X-App-Id")]);
    assert!(
        warnings.iter().any(|w| w.starts_with("/item/3/request/header: request `Celebrity profile`: the header name `{{undefinedHeader}}` is not a valid HTTP header name")),
        "{warnings:#?}"
    );
    assert_eq!(params("/v1.0/users('{UserName}')/people", "get"), [json!("UserName")]);
    assert_eq!(params("/{hello_var}/items", "get"), [json!("hello_var")]);
    assert!(params("/files/reports%2F2024/meta", "get").is_empty());
    // An example body with `$ref` keys is data: kept as the example, `$ref` a property.
    let pet = &doc["paths"]["/schemas/pet"]["put"]["requestBody"]["content"]["application/json"];
    assert_eq!(pet["example"]["$ref"], "#/definitions/Pet");
    assert_eq!(pet["schema"]["properties"]["$ref"], json!({"type": "string"}));
    // Form, file and XML bodies in their media types.
    let content = |key: &str, method: &str| doc["paths"][key][method]["requestBody"]["content"].clone();
    assert_eq!(
        content("/session", "post")["application/x-www-form-urlencoded"]["schema"]["required"],
        json!(["username", "password"])
    );
    assert_eq!(content("/notes/{noteId}/attachment", "put")["image/png"]["schema"], json!({"type": "string", "format": "binary"}));
    assert_eq!(content("/import", "post")["application/xml"]["schema"], json!({"type": "string"}));
    // The request without a URL is the one left out, by name.
    assert!(
        warnings.contains(&"/item/13/request/url: request `Draft without URL` cannot be sent: the request has no URL; it is left out".to_string()),
        "{warnings:#?}"
    );
}

#[test]
fn graphql_requests_on_an_environment_host() {
    let (doc, warnings) = import_ok("graphql.json");
    assert_eq!(doc["servers"][0]["url"], "{gqlHost}");
    assert_eq!(doc["servers"][0]["variables"]["gqlHost"]["default"], "");
    assert!(warnings[0].contains("the server variable `{{gqlHost}}` is not defined in the collection"), "{warnings:?}");
    let ops: Vec<(&String, &Value)> = doc["paths"].as_object().expect("paths").iter().collect();
    assert_eq!(ops.len(), 3, "three queries on `POST /graphql`, three operations");
    let search = &doc["paths"]["/graphql#SearchIssues"]["post"]["requestBody"]["content"]["application/json"];
    assert_eq!(
        search["schema"]["properties"]["variables"],
        json!({"type": "object", "properties": {"text": {"type": "string"}, "first": {"type": "integer"}}, "required": ["text", "first"]})
    );
    assert!(search["schema"]["properties"]["query"]["default"].as_str().is_some_and(|q| q.starts_with("query Search(")));
    assert_eq!(search["example"]["variables"], json!({"text": "crash", "first": 10}));
    assert_eq!(doc["security"], json!([{"bearerAuth": []}]));
}

#[test]
fn each_auth_kind_at_its_level() {
    let (doc, warnings) = import_ok("auth.json");
    assert_eq!(doc["security"], json!([{"basicAuth": []}]));
    let security = |path: &str| doc["paths"][path]["get"].get("security").cloned();
    assert_eq!(security("/basic"), None, "the collection's basic applies");
    assert_eq!(security("/bearer"), Some(json!([{"bearerAuth": []}])), "the folder's bearer");
    assert_eq!(security("/public"), Some(json!([])), "noauth");
    assert_eq!(security("/digest"), Some(json!([{"bearerAuth": []}])), "digest: the folder's auth applies");
    assert_eq!(security("/key-header"), Some(json!([{"apiKeyAuth": []}])));
    assert_eq!(security("/key-query"), Some(json!([{"apiKeyAuthApiKeyQuery": []}])));
    assert_eq!(security("/oauth"), Some(json!([{"oauth2Auth": ["read", "write"]}])));
    for path in ["/hawk", "/oauth1", "/aws", "/ntlm", "/edgegrid", "/digest2"] {
        assert_eq!(security(path), None, "{path}: the collection's basic applies");
    }
    assert_eq!(
        doc["components"]["securitySchemes"],
        json!({
            "basicAuth": {"type": "http", "scheme": "basic"},
            "bearerAuth": {"type": "http", "scheme": "bearer"},
            "apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            "apiKeyAuthApiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
            "oauth2Auth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://auth.example.com/token", "scopes": {"read": "", "write": ""}}}}
        })
    );
    let auth_warnings: Vec<&String> = warnings.iter().filter(|w| w.contains("auth type")).collect();
    assert_eq!(auth_warnings.len(), 6, "one per kind: {auth_warnings:#?}");
    assert!(auth_warnings[0].starts_with("/item/1/item/2/request/auth/type: auth type `digest` (2 uses, the first here)"), "{auth_warnings:#?}");
}

#[test]
fn hand_written_auth_headers_are_schemes_not_parameters() {
    let (doc, warnings) = import_ok("auth_headers.json");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        doc["components"]["securitySchemes"],
        json!({"tokenAuth": {"type": "http", "scheme": "Token"}, "apiKeyAuth": {"type": "apiKey", "in": "header", "name": "x-api-key"}})
    );
    // Not every request has `Authorization: Token`, so each operation states its own.
    assert_eq!(doc["paths"]["/projects"]["get"]["security"], json!([{"tokenAuth": []}]));
    assert_eq!(doc["paths"]["/metrics"]["get"]["security"], json!([{"apiKeyAuth": []}]));
    for (path, method) in [("/projects", "get"), ("/projects", "post"), ("/metrics", "get")] {
        assert!(doc["paths"][path][method].get("parameters").is_none(), "{method} {path}: no auth header parameter");
    }
    // When every request writes the same header, it is the document's security.
    let mut collection = read(&format!("{FIXTURES}auth_headers.json")).expect("fixture");
    if let Some(items) = collection["item"].as_array_mut() {
        items.truncate(2);
    }
    let mut warnings = Warnings::default();
    let doc = import(&collection, Path::new("auth_headers.json"), &mut warnings).expect("imports");
    assert_eq!(doc["security"], json!([{"tokenAuth": []}]));
    assert!(doc["paths"]["/projects"]["get"].get("security").is_none());
}

#[test]
fn v20_collection_with_object_style_auth() {
    let (doc, _) = import_ok("v20_auth.json");
    assert_eq!(doc["security"], json!([{"apiKeyAuth": []}]));
    assert_eq!(doc["components"]["securitySchemes"]["apiKeyAuth"], json!({"type": "apiKey", "in": "header", "name": "X-Legacy-Key"}));
    assert_eq!(doc["paths"]["/login"]["post"]["security"], json!([{"basicAuth": []}]));
    assert_eq!(doc["paths"]["/me"]["get"]["security"], json!([{"bearerAuth": []}]));
    assert_eq!(doc["servers"], json!([{"url": "https://legacy.example.com"}]));
}

//! Tests of the whole importer: bad input (one test per case) and the mapping on small fixtures.

use std::path::Path;

use serde_json::{json, Value};

use super::import;
use crate::diag::{Error, Warnings};
use crate::load::parse_document;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/postman/");

/// Reads and parses an input file as the loader does.
pub(super) fn read(path: &str) -> crate::Result<Value> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_document(&bytes, Path::new(path))
}

/// Imports a fixture; returns the document (or error) and the warnings as `pointer: message`.
fn import_fixture(name: &str) -> (crate::Result<Value>, Vec<String>) {
    let path = format!("{FIXTURES}{name}");
    let mut warnings = Warnings::default();
    let result = read(&path).and_then(|v| import(&v, Path::new(&path), &mut warnings));
    (result, warnings.0.iter().map(|d| format!("{}: {}", d.location.pointer, d.message)).collect())
}

fn import_ok(name: &str) -> (Value, Vec<String>) {
    let (result, warnings) = import_fixture(name);
    match result {
        Ok(doc) => (doc, warnings),
        Err(e) => panic!("{name}: {e}"),
    }
}

/// The pointer and message of an input error (and checks that it names the file).
fn input_error(result: crate::Result<Value>, file: &str) -> (String, String) {
    match result {
        Err(Error::Input(d)) => {
            assert!(d.location.file.ends_with(file), "{}", d.location);
            (d.location.pointer.clone(), d.message.clone())
        }
        other => panic!("expected an input error, got {other:?}"),
    }
}

fn import_inline(value: Value) -> (crate::Result<Value>, Warnings) {
    let mut warnings = Warnings::default();
    (import(&value, Path::new("inline.json"), &mut warnings), warnings)
}

#[test]
fn not_json_is_an_error_naming_the_file() {
    let (result, _) = import_fixture("not_json.json");
    let (pointer, message) = input_error(result, "not_json.json");
    assert_eq!(pointer, "");
    assert!(message.starts_with("invalid JSON: "), "{message}");
    let err = read(&format!("{FIXTURES}not_json.json")).unwrap_err();
    assert_eq!(err.diagnostic().and_then(|d| d.position).map(|p| p.line), Some(1), "the position is kept for the excerpt");
}

#[test]
fn json_that_is_not_a_collection_is_an_error() {
    let (result, _) = import_inline(json!({"openapi": "3.0.3", "paths": {}}));
    let (pointer, message) = input_error(result, "inline.json");
    assert_eq!(pointer, "");
    assert!(message.contains("neither `info` nor `item`"), "{message}");

    let (result, _) = import_inline(json!({"item": []}));
    assert_eq!(input_error(result, "inline.json").0, "/info");
    let (result, _) = import_inline(json!({"info": {"name": "x"}, "item": {}}));
    assert_eq!(input_error(result, "inline.json").0, "/item");
    let (result, _) = import_inline(json!({"requests": [], "order": []}));
    assert!(input_error(result, "inline.json").1.contains("v1"));
}

#[test]
fn absurd_nesting_is_an_error_with_pointer() {
    let mut item = json!({"name": "leaf", "request": {"url": "https://x/y"}});
    for depth in 0..100 {
        item = json!({"name": format!("f{depth}"), "item": [item]});
    }
    let (result, _) = import_inline(json!({"info": {"name": "deep"}, "item": [item]}));
    let (pointer, message) = input_error(result, "inline.json");
    // The 65th folder (index 64 from the top) is one too many.
    assert_eq!(pointer, format!("{}/item/0", "/item/0".repeat(64)));
    assert!(message.contains("64 levels"), "{message}");
}

#[test]
fn request_without_url_is_left_out_with_a_warning_naming_it() {
    let (doc, warnings) = import_ok("request_without_url.json");
    assert_eq!(
        warnings[1],
        "/item/0/item/1/request/url: request `Broken` cannot be sent: the request has no URL; it is left out"
    );
    assert_eq!(doc["paths"].as_object().map(|p| p.len()), Some(1));
    assert_eq!(doc["paths"]["/things"]["get"]["operationId"], "ListThings");
}

#[test]
fn unknown_auth_type_is_a_warning_and_auth_is_inherited() {
    let (doc, warnings) = import_ok("unknown_auth.json");
    assert_eq!(
        warnings,
        ["/item/0/request/auth/type: auth type `hawk` (1 use, the first here) has no security scheme a generated client can apply: ignored, the enclosing level's auth applies"]
    );
    assert_eq!(doc["security"], json!([{"bearerAuth": []}]));
    // The hawk request falls back to the collection's bearer auth: no security of its own.
    assert!(doc["paths"]["/hawk"]["get"].get("security").is_none());
    // noauth on the folder stops inheritance; a request's own auth overrides the folder's.
    assert_eq!(doc["paths"]["/health"]["get"]["security"], json!([]));
    assert_eq!(doc["paths"]["/keyed"]["get"]["security"], json!([{"apiKeyAuth": []}]));
    assert_eq!(
        doc["components"]["securitySchemes"],
        json!({"bearerAuth": {"type": "http", "scheme": "bearer"},
               "apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-Key"}})
    );
    assert_eq!(doc["paths"]["/health"]["get"]["tags"], json!(["public"]));
    assert_eq!(
        doc["paths"]["/health"]["get"]["responses"]["200"]["content"]["text/plain"]["example"],
        "ok"
    );
}

#[test]
fn duplicate_request_names_warn_and_both_are_kept() {
    let (doc, warnings) = import_ok("duplicate_names.json");
    assert_eq!(
        warnings,
        ["/item/1/item/0: request name `Get thing` is also used by the request at /item/0: this one becomes `GetThingGetOtherId`"]
    );
    assert_eq!(doc["paths"]["/things/{id}"]["get"]["operationId"], "GetThing");
    assert_eq!(doc["paths"]["/other/{id}"]["get"]["operationId"], "GetThingGetOtherId");
    assert_eq!(doc["paths"]["/things/{id}"]["delete"]["operationId"], "DeleteThing");
    assert_eq!(
        doc["paths"]["/things/{id}"]["delete"]["responses"],
        json!({"204": {"description": "gone"}})
    );
}

#[test]
fn operation_ids_do_not_depend_on_other_requests_names() {
    let (doc, _) = import_ok("duplicate_names.json");
    let mut renamed = read(&format!("{FIXTURES}duplicate_names.json")).unwrap();
    renamed["item"][2]["name"] = json!("Remove thing");
    let mut warnings = Warnings::default();
    let after = import(&renamed, Path::new("d.json"), &mut warnings).unwrap();
    assert_eq!(after["paths"]["/things/{id}"]["delete"]["operationId"], "RemoveThing");
    assert_eq!(after["paths"]["/things/{id}"]["get"], doc["paths"]["/things/{id}"]["get"]);
    assert_eq!(after["paths"]["/other/{id}"], doc["paths"]["/other/{id}"]);
}

#[test]
fn example_body_that_is_not_json_warns_and_becomes_text() {
    let (doc, warnings) = import_ok("bad_example_json.json");
    assert_eq!(
        warnings,
        ["/item/0/response/0/body: example body is declared as `application/json` but is not valid JSON: typed as a text/plain string"]
    );
    assert_eq!(
        doc["paths"]["/report"]["get"]["responses"]["200"]["content"],
        json!({"text/plain": {"schema": {"type": "string"}, "example": "{\"total\": 3, oops}"}})
    );
}

#[test]
fn undefined_variables_warn_and_the_server_is_a_variable() {
    let (doc, warnings) = import_ok("undefined_variable.json");
    assert_eq!(
        warnings,
        [
            "/item/0/request/url: the server variable `{{baseUrl}}` is not defined in the collection (an environment variable?): the server is `{baseUrl}`, a variable the client cannot fill in; set the base URL (`base_url()`)",
            "/item/0/request/header/0/value: variable `{{tenant}}` is used but never defined in the collection",
        ]
    );
    assert_eq!(
        doc["servers"],
        json!([{"url": "{baseUrl}", "variables": {"baseUrl": {"default": "",
            "description": "The Postman variable `{{baseUrl}}`, which is not defined in the collection (an environment variable?)."}}}])
    );
    assert_eq!(
        doc["paths"]["/things"]["get"]["parameters"][0]["schema"],
        json!({"type": "string"})
    );
    assert_eq!(
        doc["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"type": "array", "items": {}})
    );
}

#[test]
fn v20_collection_with_forms_servers_and_merged_examples() {
    let (doc, warnings) = import_ok("v20_features.json");
    assert_eq!(warnings, ["/item/0/item/1: request `Upload receipt` has no example response: it gets a `default` response"]);
    assert_eq!(
        doc["info"],
        json!({"title": "Shop", "description": "A shop API.", "version": "2.1.0"})
    );
    assert_eq!(doc["servers"], json!([{"url": "https://shop.example.com/api"}]));
    assert_eq!(doc["tags"], json!([{"name": "orders", "description": "Orders."}]));
    let create = &doc["paths"]["/orders"]["post"];
    assert_eq!(create["summary"], "Creates an order.");
    assert_eq!(create["operationId"], "CreateOrder");
    assert_eq!(
        create["parameters"],
        json!([
            {"name": "dry_run", "in": "query", "required": false, "schema": {"type": "boolean", "default": false}},
            {"name": "X-Request-Id", "in": "header", "required": false, "schema": {"type": "string", "default": "abc"}}
        ])
    );
    assert_eq!(
        create["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["required"],
        json!(["item"])
    );
    let created = &create["responses"]["201"]["content"]["application/json"];
    assert_eq!(
        created["schema"],
        json!({"type": "object", "properties": {
            "id": {"type": "integer"}, "total": {"type": "number"},
            "tags": {"type": "array", "items": {"type": "string"}}, "meta": {"type": "object"},
            "note": {"x-from-placeholders": true}}})
    );
    assert_eq!(created["examples"]["Created with note"]["value"]["id"], 2);
    assert_eq!(
        create["responses"]["500"]["content"]["text/plain"]["schema"],
        json!({"type": "string"})
    );
    let upload = &doc["paths"]["/receipts/{order}"]["put"];
    assert_eq!(
        upload["description"],
        "This request goes to `https://files.example.com`, not to the module's base URL (`https://shop.example.com/api`): call it with a client whose `base_url` is that server."
    );
    assert_eq!(upload["servers"], json!([{"url": "https://files.example.com"}]));
    assert_eq!(
        upload["responses"],
        json!({"default": {"description": "no example response in the collection"}})
    );
    assert_eq!(upload["parameters"][0]["name"], "order");
    assert!(upload["requestBody"]["content"]["multipart/form-data"].is_object());
}

#[test]
fn output_is_deterministic_and_parses_as_openapi() {
    for name in [
        "unknown_auth.json",
        "duplicate_names.json",
        "bad_example_json.json",
        "undefined_variable.json",
        "v20_features.json",
    ] {
        let (a, _) = import_ok(name);
        let (b, _) = import_ok(name);
        assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
        if let Err(e) = serde_json::from_value::<openapiv3::OpenAPI>(a) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn same_method_and_path_twice_and_odd_methods_are_kept() {
    let (result, warnings) = import_inline(json!({
        "info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "baseUrl", "value": "https://{{region}}.example.com/"}, {"key": "region", "value": "eu"}],
        "item": [
            {"name": "List", "request": {"method": "GET", "url": "{{baseUrl}}/a"}, "response": [{"code": 200}]},
            {"name": "List again", "request": {"method": "GET", "url": "{{baseUrl}}/a?x=1"}, "response": [{"code": 200}]},
            {"name": "Purge", "request": {"method": "PURGE", "url": "{{baseUrl}}/a"}, "response": [{"code": 200}]}
        ]
    }));
    let doc = result.unwrap();
    assert!(warnings.0.is_empty(), "{:?}", warnings.0);
    assert_eq!(doc["servers"], json!([{"url": "https://eu.example.com"}]));
    assert_eq!(doc["paths"]["/a"]["get"]["operationId"], "List");
    let again = &doc["paths"]["/a#ListAgain"]["get"];
    assert_eq!(again["operationId"], "ListAgain");
    assert_eq!(again["x-path"], "/a");
    assert_eq!(again["parameters"][0]["name"], "x");
    let purge = &doc["paths"]["/a#Purge"]["post"];
    assert_eq!((&purge["x-method"], &purge["x-path"]), (&json!("PURGE"), &json!("/a")));
    // The export for other tools is plain OpenAPI: the variant merged, the method in `x-methods`.
    let mut export_warnings = Warnings::default();
    let plain = super::plain_openapi(&doc, Path::new("x.json"), &mut export_warnings);
    assert_eq!(plain["paths"].as_object().map(|p| p.keys().collect::<Vec<_>>()), Some(vec![&"/a".to_string()]));
    assert_eq!(plain["paths"]["/a"]["get"]["parameters"][0]["required"], false);
    assert_eq!(plain["paths"]["/a"]["x-methods"]["PURGE"]["operationId"], "Purge");
    assert_eq!(export_warnings.0.len(), 2);
}

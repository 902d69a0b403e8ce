//! The generated operation tests can fail for the reason they exist. A client generated from a
//! model whose route or parameter name went wrong must fail its own generated tests: they expect
//! the request the *document* describes (`Operation::document`), not the model's fields.
//!
//! Three crates from one small document, each compiled and tested (`cargo test`, one shared
//! target directory): as generated (passes); with the model's path broken (`/v1/things/{id}` →
//! `/v1/thing/{id}`); with a query parameter renamed in the model (`filter` → `filtre`). The
//! broken ones must fail, and say why.

use std::path::Path;

use codegen::model::ParamLocation;
use serde_json::json;

fn document() -> serde_json::Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/v1/things/{thing_id}": {"get": {
            "operationId": "GetThing",
            "parameters": [
                {"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "filter", "in": "query", "schema": {"type": "string"}}
            ],
            "responses": {"200": {"description": "the thing", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"name": {"type": "string"}, "size": {"type": "integer"}}
            }}}}}
        }}}
    })
}

/// Generates the crate (after `breaking` changes its model), runs its tests, returns whether
/// they passed and their output.
fn generate_and_test(case: &str, breaking: impl FnOnce(&mut codegen::model::Api)) -> (bool, String) {
    let mut generated = codegen::generate_document("things", Path::new("things.yaml"), document()).expect("generates");
    breaking(&mut generated.api);
    let files = codegen::emit::emit(&generated.api, &generated.report, &[]).expect("emits");
    tests::test_generated_crate(&format!("strict-operation-tests/{case}"), &files, "operations")
}

#[test]
fn a_model_with_a_wrong_path_or_parameter_name_fails_its_generated_tests() {
    let (passed, report) = generate_and_test("as-generated", |_| {});
    assert!(passed, "the crate as generated passes its tests:\n{report}");
    assert!(report.contains("test things_get_thing ... ok"), "{report}");

    let (passed, report) = generate_and_test("wrong-path", |api| {
        api.modules[0].operations[0].path = "/v1/thing/{thing_id}".into();
    });
    assert!(!passed, "a client sending to a wrong path must fail its tests:\n{report}");
    assert!(report.contains("test things_get_thing ... FAILED") && report.contains("path segments of /v1/thing/thing_id"), "{report}");
    assert!(report.contains("\"things\"") && report.contains("\"thing\""), "the message shows both paths:\n{report}");

    let (passed, report) = generate_and_test("wrong-query-name", |api| {
        let op = &mut api.modules[0].operations[0];
        let filter = op.params.iter_mut().find(|p| p.location == ParamLocation::Query).expect("the query parameter");
        filter.name = "filtre".into();
    });
    assert!(!passed, "a client sending a misspelt query parameter must fail its tests:\n{report}");
    assert!(report.contains("query parameters (all of them, and no others)"), "{report}");
    assert!(report.contains("filtre") && report.contains("\"filter\""), "the message shows both names:\n{report}");
}

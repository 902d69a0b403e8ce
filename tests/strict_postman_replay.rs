//! The generated Postman replay test can fail for the reason it exists. It compares what the
//! client sends with the request the *collection* describes (the importer's record of the item,
//! `x-postman-replay`), not with the model the client is generated from: a client whose route,
//! query name, header name, body media type or credential went wrong fails it.
//!
//! Two crates from one small collection, each compiled and tested (one shared target
//! directory): as generated (every request replays identically), and with one thing broken in
//! the model of each request. Every broken request must fail, naming the aspect.

use std::path::Path;

use codegen::model::{AuthScheme, ParamLocation};
use serde_json::json;

fn collection() -> serde_json::Value {
    let get = |name: &str, url: serde_json::Value, extra: serde_json::Value| {
        let mut request = json!({"method": "GET", "url": url});
        if let (Some(r), Some(e)) = (request.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        json!({"name": name, "request": request})
    };
    json!({
        "info": {"name": "Things", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
        "variable": [{"key": "baseUrl", "value": "https://api.example.com/v1"}],
        "item": [
            get("Get thing", json!({"raw": "{{baseUrl}}/things/:id", "host": ["{{baseUrl}}"], "path": ["things", ":id"],
                "variable": [{"key": "id", "value": "42"}]}), json!({})),
            get("Search things", json!("{{baseUrl}}/search?q=box&limit=5"), json!({})),
            get("Trace things", json!("{{baseUrl}}/trace"), json!({"header": [{"key": "X-Trace", "value": "abc"}]})),
            {"name": "Create thing", "request": {"method": "POST", "url": "{{baseUrl}}/things",
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": {"mode": "raw", "raw": "{\"name\": \"box\", \"size\": 3}"}}},
            get("Public things", json!("{{baseUrl}}/public"), json!({"auth": {"type": "noauth"}}))
        ]
    })
}

/// Generates the crate (after `breaking` changes its model), runs its replay test, returns
/// whether it passed and its output.
fn generate_and_replay(case: &str, breaking: impl FnOnce(&mut codegen::model::Api)) -> (bool, String) {
    let mut generated =
        codegen::generate_document("things", Path::new("things.postman_collection.json"), collection()).expect("generates");
    breaking(&mut generated.api);
    let files = codegen::emit::emit(&generated.api, &generated.report, &[]).expect("emits");
    tests::test_generated_crate(&format!("strict-postman-replay/{case}"), &files, "postman_replay")
}

/// The operation of the module called `fn_name`.
fn op<'a>(api: &'a mut codegen::model::Api, fn_name: &str) -> &'a mut codegen::model::Operation {
    api.modules[0].operations.iter_mut().find(|o| o.fn_name == fn_name).unwrap_or_else(|| panic!("no operation {fn_name}"))
}

#[test]
fn a_client_that_sends_other_than_the_collection_says_fails_its_replay() {
    let (passed, report) = generate_and_replay("as-generated", |_| {});
    assert!(passed, "the crate as generated replays its collection:\n{report}");
    assert!(report.contains("test result: ok. 5 passed"), "every request is replayed:\n{report}");

    let (passed, report) = generate_and_replay("broken", |api| {
        op(api, "get_thing").path = "/thing/{id}".into();
        let search = op(api, "search_things");
        search.params.iter_mut().find(|p| p.location == ParamLocation::Query && p.name == "q").expect("q").name = "query".into();
        let trace = op(api, "trace_things");
        trace.params.iter_mut().find(|p| p.location == ParamLocation::Header).expect("X-Trace").name = "X-Trail".into();
        op(api, "create_thing").body.as_mut().expect("a body").content_type = "application/vnd.thing+json".into();
        op(api, "public_things").auth = vec![AuthScheme::Http("Bearer".into())];
    });
    assert!(!passed, "a client sending other requests than the collection's fails its replay:\n{report}");
    for (test, says) in [
        ("things_get_thing", "path: sent `/v1/thing/42`, the collection says `/v1/things/42`"),
        ("things_search_things", "query: sent [(\"limit\", \"5\"), (\"query\", \"box\")]"),
        ("things_trace_things", "header: `X-Trace`: sent [], the collection says \"abc\""),
        ("things_create_thing", "body: content type `application/vnd.thing+json`, the collection says `application/json`"),
        ("things_public_things", "auth: sent `Authorization"),
    ] {
        assert!(report.contains(&format!("test {test} ... FAILED")), "{test} fails:\n{report}");
        assert!(report.contains(says), "{test}: the failure says `{says}`:\n{report}");
    }
}

//! `tests/postman_replay.rs` of a crate generated from Postman collections: one test per request
//! item, calling its generated method with the values the collection uses and comparing the
//! request a loopback server receives with the request Postman sends for the item (the record
//! the importer wrote from the item's own text, `model::replay`): method, path, query pairs
//! (as a multiset), the headers the collection sets, the credential's scheme and place, and the
//! body (JSON as values, forms and multipart field by field, text byte for byte, GraphQL as
//! query + variables). The comparison helpers are `templates/postman_replay_support.rs.txt`.
//!
//! An item whose values do not fit the method's types (a placeholder such as `<integer>` for an
//! integer parameter) is not called; it is listed with the reason, and reported with the
//! outcomes when `POSTMAN_REPLAY_OUT` asks for a report.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

use super::op_values::{Values, Want};
use super::tokens::{feature_cfg, format_file, format_items, ident};
use crate::diag::Result;
use crate::model::replay::Replay;
use crate::model::{Api, AuthScheme, BodyEncoding, Module, Operation, ParamLocation, TypeKind, TypeRef, FILE_PART};

/// The comparison helpers, appended to the generated file as they are.
const SUPPORT: &str = include_str!("../../templates/postman_replay_support.rs.txt");

/// The file's text, or `None` when no operation was imported from a Postman request.
pub fn replay_rs(api: &Api) -> Result<Option<String>> {
    let replayed: Vec<(&Module, &Operation, &Replay)> =
        api.modules.iter().flat_map(|m| m.operations.iter().filter_map(move |op| Some((m, op, op.replay.as_ref()?)))).collect();
    if replayed.is_empty() {
        return Ok(None);
    }
    let lib = api.crate_name.replace('-', "_");
    let lib_ident = ident(&lib);
    let basic = replayed.iter().any(|(_, op, _)| op.auth.contains(&AuthScheme::Basic)).then(|| quote!(.basic_auth("replay-user", "replay-pass")));
    let mut tests = Vec::new();
    let mut skipped = Vec::new();
    for (module, op, replay) in &replayed {
        match call(&lib, module, op, replay) {
            Ok(test) => {
                let gate = feature_cfg(api, &module.name);
                tests.push(quote!(#gate #test));
            }
            Err(reason) => {
                let (m, item, pointer) = (module.name.as_str(), replay.item.as_str(), replay.pointer.as_str());
                skipped.push(quote!((#m, #item, #pointer, #reason)));
            }
        }
    }
    let head = quote! {
        //! Every request of the Postman collections this crate was generated from, replayed: its
        //! method called with the collection's values, and the request sent compared with the
        //! one Postman sends (method, path, query, headers, credential, body).
        #![allow(deprecated)] // deprecated operations are replayed too
        #![allow(dead_code)] // helpers the requests of an API may not all need

        use #lib_ident::Client;
        use wiremock::{Mock, MockServer, Request, ResponseTemplate};

        /// A client of the recorder at `server`, under the base path `prefix` of the request's server.
        fn client(server: &MockServer, prefix: &str) -> Client {
            Client::builder()
                .api_key("replay-key")
                #basic
                .base_url(format!("{}{prefix}", server.uri()))
                .allow_http(true)
                .max_retries(0)
                .build()
                .expect("client builds")
        }

        #[allow(dead_code)] // an API may have no JSON sample to parse
        fn json(text: &str) -> serde_json::Value {
            serde_json::from_str(text).expect("sample JSON")
        }

        /// The items that are not called, as (module, item, pointer, reason): reported with the
        /// outcomes.
        const NOT_REPLAYED: &[(&str, &str, &str, &str)] = &[#( #skipped ),*];
    };
    let mut text = format_file(head, "tests/postman_replay.rs")?;
    text.push_str(SUPPORT);
    if !tests.is_empty() {
        text.push('\n');
        text.push_str(&format_items(quote!(#( #tests )*), "tests/postman_replay.rs")?);
    }
    Ok(Some(text))
}

/// The test of one item, or why its values cannot call the method.
fn call(lib: &str, module: &Module, op: &Operation, replay: &Replay) -> std::result::Result<TokenStream, String> {
    let lib_ident = ident(lib);
    let file_part = quote!(#lib_ident::FilePart::new(b"replayed file".to_vec()).file_name("replay.bin"));
    let values = Values { lib, module, file_part };
    if let Some(reason) = &replay.values.unreplayable {
        return Err(reason.clone());
    }
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        let (wire, location) = op.document.params.get(i).cloned().unwrap_or_else(|| (p.name.clone(), p.location));
        let given: Option<Value> = match location {
            ParamLocation::Path => replay.values.path.get(&wire).map(|v| Value::String(v.clone())),
            ParamLocation::Query => replay.values.query.get(&wire).and_then(|list| match &p.ty {
                TypeRef::Array(_) => Some(Value::Array(list.iter().cloned().map(Value::String).collect())),
                _ => list.first().cloned().map(Value::String),
            }),
            ParamLocation::Header => {
                replay.values.header.iter().find(|(k, _)| k.eq_ignore_ascii_case(&wire)).map(|(_, v)| Value::String(v.clone()))
            }
            ParamLocation::Cookie => None,
        };
        let Some(given) = given else {
            if p.required {
                let place = format!("{location:?}").to_lowercase();
                return Err(format!("the method requires the {place} parameter `{wire}`, which the request does not set"));
            }
            continue;
        };
        if location == ParamLocation::Header && !given.as_str().is_some_and(is_field_value) {
            return Err(format!("the value of header `{wire}` is not one HTTP can carry (a line break or a character outside ASCII)"));
        }
        let value = coerce(module, &p.ty, &given, 0).map_err(|e| format!("parameter `{wire}`: {e}"))?;
        let expr = values.expr(&p.ty, &value, Want::Arg);
        if p.required {
            args.push(expr);
        } else {
            let setter = ident(&p.rust_name);
            setters.push(quote!(.#setter(#expr)));
        }
    }
    let mut body_setup = quote!();
    if let Some(body) = &op.body {
        let given = &replay.values.body;
        match body.encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                // A form whose every field is unticked sends no field.
                let empty_form = Value::Object(Map::new());
                let given = match (given, body.encoding) {
                    (Value::Null, BodyEncoding::Form | BodyEncoding::Multipart) => &empty_form,
                    (Value::Null, _) => return Err("the method takes a body, which the request does not send".into()),
                    (given, _) => given,
                };
                let value = coerce(module, &body.ty, given, 0).map_err(|e| format!("body: {e}"))?;
                let built = values.expr(&body.ty, &value, Want::Owned);
                body_setup = quote!(let body = #built;);
                args.push(quote!(&body));
            }
            BodyEncoding::Text => {
                let text = match given {
                    Value::String(s) => s.clone(),
                    Value::Null => return Err("the method takes a text body, which the request does not send".into()),
                    other => other.to_string(),
                };
                args.push(quote!(#text));
            }
            // Raw text of another media type (`multipart/mixed`) as its bytes; a file as the
            // test's own content (Postman reads it from disk).
            BodyEncoding::Bytes => {
                let bytes = match given {
                    Value::String(text) => proc_macro2::Literal::byte_string(text.as_bytes()),
                    _ => proc_macro2::Literal::byte_string(b"replayed file"),
                };
                args.push(quote!(#bytes));
            }
        }
    }
    let test_name = ident(&format!("{}_{}", module.name, op.fn_name));
    let module_ident = ident(&module.name);
    let fn_name = ident(&op.fn_name);
    let prefix = replay.base_path.as_str();
    let (m, item, pointer) = (module.name.as_str(), replay.item.as_str(), replay.pointer.as_str());
    let expected = serde_json::to_string(&replay.request).unwrap_or_default();
    Ok(quote! {
        #[tokio::test]
        async fn #test_name() {
            let server = recorder().await;
            let client = client(&server, #prefix);
            #body_setup
            let outcome = client.#module_ident().#fn_name(#( #args ),*) #( #setters )*.send_with_response().await;
            replayed(#m, #item, #pointer, #expected, &server, outcome.err().map(|e| e.to_string())).await;
        }
    })
}

/// Whether `text` can be an HTTP field value as sent (visible ASCII, spaces and tabs).
fn is_field_value(text: &str) -> bool {
    text.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
}

/// How deep values are followed.
const MAX_DEPTH: usize = 32;

/// `value` (texts, as Postman writes them) as a JSON value of type `ty`: `"5"` as `5` for an
/// integer, `"true"` as `true` for a boolean, field by field in objects; `Err` says what does
/// not fit.
fn coerce(module: &Module, ty: &TypeRef, value: &Value, depth: usize) -> std::result::Result<Value, String> {
    if depth > MAX_DEPTH {
        return Ok(value.clone());
    }
    match (ty, value) {
        (TypeRef::Integer(_), Value::String(s)) => {
            s.trim().parse::<i64>().map(Value::from).map_err(|_| format!("`{s}` is not an integer"))
        }
        (TypeRef::Number, Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{s}` is not a number")),
        (TypeRef::Boolean, Value::String(s)) => match s.trim() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{s}` is not a boolean")),
        },
        (TypeRef::Array(item), Value::Array(items)) => {
            items.iter().map(|v| coerce(module, item, v, depth + 1)).collect::<std::result::Result<Vec<_>, _>>().map(Value::Array)
        }
        (TypeRef::Map(inner), Value::Object(map)) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(k.clone(), coerce(module, inner, v, depth + 1)?);
            }
            Ok(Value::Object(out))
        }
        // The file's content is the test's own (`replayed file`); Postman reads it from disk.
        (TypeRef::Custom(custom), _) if custom == FILE_PART => Ok(Value::String("replayed file".into())),
        (TypeRef::Named(name), _) => match module.type_def(name).map(|d| &d.kind) {
            Some(TypeKind::Alias(target)) => coerce(module, target, value, depth + 1),
            Some(TypeKind::Struct(fields)) => {
                let Value::Object(map) = value else { return Err(format!("{value} is not an object")) };
                let mut out = Map::new();
                for (k, v) in map {
                    match fields.iter().find(|f| f.name == *k) {
                        Some(f) if v.is_null() && f.ty != TypeRef::Custom(FILE_PART.into()) => {
                            out.insert(k.clone(), Value::Null);
                        }
                        Some(f) => {
                            out.insert(k.clone(), coerce(module, &f.ty, v, depth + 1)?);
                        }
                        None => return Err(format!("the type has no field `{k}`")),
                    }
                }
                if let Some(missing) = fields.iter().find(|f| f.required && !out.contains_key(&f.name)) {
                    return Err(format!("the required field `{}` has no value", missing.name));
                }
                Ok(Value::Object(out))
            }
            Some(TypeKind::Enum(variants)) => match value.as_str() {
                Some(text) if variants.iter().any(|v| v.value == text) => Ok(value.clone()),
                _ => Err(format!("{value} is not one of the enum's values")),
            },
            _ => Ok(value.clone()),
        },
        _ => Ok(value.clone()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    #[test]
    fn calls_take_typed_values_and_placeholders_are_listed() {
        let doc = json!({
            "info": {"name": "Shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "variable": [{"key": "baseUrl", "value": "https://api.example.com/v2"}],
            "item": [
                {"name": "List items", "request": {"method": "GET", "url": "{{baseUrl}}/items?limit=5&code=007&flag=true&q=a+b"}},
                {"name": "Get item", "request": {"method": "GET", "url": {"raw": "{{baseUrl}}/items/:id", "host": ["{{baseUrl}}"],
                    "path": ["items", ":id"], "variable": [{"key": "id", "value": "<long>"}]}}},
                {"name": "Greet", "request": {"method": "GET", "url": "{{baseUrl}}/greet", "header": [{"key": "X-Name", "value": "Jos\u{e9}"}]}}
            ]
        });
        let generated = crate::generate_document("shop", Path::new("shop.json"), doc).expect("generates");
        let text = &generated.files[Path::new("tests/postman_replay.rs")];
        // Typed as the importer typed them: an integer, a code that keeps its leading zero, a
        // boolean, and the query text as the server reads it (`+` is a space).
        for call in [".limit(5)", ".code(\"007\")", ".flag(true)", ".q(\"a b\")", "client(&server, \"/v2\")"] {
            assert!(text.contains(call), "{call} in:\n{text}");
        }
        // A placeholder for an integer cannot call the method: listed with the reason.
        assert!(text.contains("\"parameter `id`: `<long>` is not an integer\""), "{text}");
        assert!(!text.contains("async fn shop_get_item"), "{text}");
        // A header value HTTP cannot carry as text: listed, not sent.
        assert!(text.contains("the value of header `X-Name` is not one HTTP can carry"), "{text}");
    }

    #[test]
    fn no_replay_file_without_a_collection() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}});
        let generated = crate::generate_document("t", Path::new("t.yaml"), doc).expect("generates");
        assert!(!generated.files.contains_key(Path::new("tests/postman_replay.rs")));
    }
}

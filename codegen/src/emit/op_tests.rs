//! `tests/operations.rs` of the generated crate: one test per operation against an in-process
//! mock server (wiremock over loopback). Each test sends the operation with every parameter set
//! and checks method, path, query, headers and body on the server side, then decodes the success
//! response and every declared error response into their types.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::samples::sample;
use super::wire::{base64, cookie_value, field_parts, form_encoded, multipart_pieces, query_pairs, Part};
use super::tokens::{feature_cfg, format_file, format_items, ident};
use crate::diag::{Error, Location, Result};
use crate::model::{Api, AuthScheme, Body, BodyEncoding, IntWidth, Module, Operation, ParamLocation, ResponseMedia, Status, TypeKind, TypeRef, FILE_PART};

/// The API key the generated tests' client sends.
const TEST_KEY: &str = "test-key";
/// The user name and password the generated tests' client sends for basic authentication.
const TEST_USER: (&str, &str) = ("test-user", "test-pass");

/// The start of the generated test file `tests/operations.rs`: its docs, imports and helpers
/// (only those the tests use, so the file compiles warning-free whatever the API). The tests of
/// each module ([`module_tests`]) follow, in module order.
pub fn header(api: &Api) -> Result<String> {
    let lib = ident(&api.crate_name.replace('-', "_"));
    let ops: Vec<&Operation> = api.modules.iter().flat_map(|m| &m.operations).collect();
    let docs = quote! {
        //! One test per operation against an in-process mock server: the request the client
        //! sends (method, path, query, headers, body) and the decoding of every declared response.
    };
    if ops.is_empty() {
        return format_file(docs, "tests/operations.rs");
    }
    let first_auth = |op: &&Operation| op.auth.first().cloned();
    let any_param = |at: ParamLocation| ops.iter().any(|op| op.params.iter().any(|p| p.location == at));
    let encodings: Vec<BodyEncoding> = ops.iter().filter_map(|op| op.body.as_ref().map(|b| b.encoding)).collect();
    let mut matchers = Vec::new();
    if encodings.contains(&BodyEncoding::Bytes) {
        matchers.push(quote!(body_bytes));
    }
    if encodings.contains(&BodyEncoding::Json) {
        matchers.push(quote!(body_json));
    }
    if encodings.iter().any(|e| matches!(e, BodyEncoding::Form | BodyEncoding::Text)) {
        matchers.push(quote!(body_string));
    }
    if encodings.iter().any(|e| *e != BodyEncoding::Multipart)
        || any_param(ParamLocation::Header)
        || any_param(ParamLocation::Cookie)
        || ops.iter().any(|op| accept_checked(op).is_some())
        || ops.iter().filter_map(first_auth).any(|a| !matches!(a, AuthScheme::Query(_)))
    {
        matchers.push(quote!(header));
    }
    let multi_valued_header = api.modules.iter().any(|m| {
        m.operations.iter().flat_map(|op| &op.params).any(|p| {
            p.location == ParamLocation::Header && render(&sample(m, &p.ty, &p.validation)).contains(',')
        })
    });
    if multi_valued_header {
        matchers.push(quote!(headers));
    }
    matchers.extend([quote!(method), quote!(path)]);
    if any_param(ParamLocation::Query) || ops.iter().filter_map(first_auth).any(|a| matches!(a, AuthScheme::Query(_))) {
        matchers.push(quote!(query_param));
    }
    let error = ops.iter().any(|op| op.failures().next().is_some()).then(|| quote!(, Error));
    let uses_json = ops.iter().any(|op| {
        !op.params.is_empty() || op.body.is_some() || op.responses.iter().any(|r| r.ty.as_ref().is_some_and(|t| *t != TypeRef::String))
    });
    let json = uses_json.then(|| {
        quote! {
            #[allow(dead_code)] // an API may have no JSON sample to parse
            fn json(text: &str) -> serde_json::Value {
                serde_json::from_str(text).expect("sample JSON")
            }
        }
    });
    let basic = ops.iter().any(|op| op.auth.contains(&AuthScheme::Basic)).then(|| {
        let (user, password) = TEST_USER;
        quote!(.basic_auth(#user, #password))
    });
    let tokens = quote! {
        #docs
        #![allow(deprecated)] // deprecated operations are tested too

        use #lib::{Client #error};
        use wiremock::matchers::{#( #matchers ),*};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        fn client(server: &MockServer) -> Client {
            Client::builder()
                .api_key(#TEST_KEY)
                #basic
                .base_url(server.uri())
                .allow_http(true)
                .max_retries(0)
                .build()
                .expect("client builds")
        }

        #json
    };
    format_file(tokens, "tests/operations.rs")
}

/// The `Accept` header the test checks: a non-JSON answer is asked for by its media type (when
/// the successes declare one).
fn accept_checked(op: &Operation) -> Option<&str> {
    if op.successes().all(|r| r.media == ResponseMedia::Json) {
        return None;
    }
    match op.successes().filter_map(|r| r.media_type.as_deref()).collect::<Vec<_>>().as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

/// The matcher for the credential an operation sends: the first kind it accepts (the test client
/// has every credential).
fn auth_matcher(auth: Option<&AuthScheme>) -> TokenStream {
    match auth {
        None => quote!(),
        Some(AuthScheme::Http(scheme)) => {
            let value = format!("{scheme} {TEST_KEY}");
            quote!(.and(header("authorization", #value)))
        }
        Some(AuthScheme::Basic) => {
            let value = format!("Basic {}", base64(format!("{}:{}", TEST_USER.0, TEST_USER.1).as_bytes()));
            quote!(.and(header("authorization", #value)))
        }
        Some(AuthScheme::Header(name)) => {
            let name = name.to_ascii_lowercase();
            quote!(.and(header(#name, #TEST_KEY)))
        }
        Some(AuthScheme::Query(name)) => quote!(.and(query_param(#name, #TEST_KEY))),
        Some(AuthScheme::Cookie(name)) => {
            let value = format!("{name}={TEST_KEY}");
            quote!(.and(header("cookie", #value)))
        }
    }
}

/// The tests of the operations of `module` in `range`, formatted, to follow [`header`]; empty
/// for an empty range.
pub fn module_tests(api: &Api, module: &Module, range: Range<usize>) -> Result<String> {
    let gate = feature_cfg(api, &module.name);
    let mut tests = Vec::new();
    super::samples::cached(|| {
        for op in &module.operations[range] {
            let test = operation_test(&api.crate_name.replace('-', "_"), module, op)?;
            tests.push(quote!(#gate #test));
        }
        Ok::<(), crate::diag::Error>(())
    })?;
    if tests.is_empty() {
        return Ok(String::new());
    }
    format_items(quote!(#( #tests )*), "tests/operations.rs")
}

fn operation_test(lib: &str, module: &Module, op: &Operation) -> Result<TokenStream> {
    let test_name = ident(&format!("{}_{}", module.name, op.fn_name));
    let module_ident = ident(&module.name);
    let fn_name = ident(&op.fn_name);
    let verb = op.method.as_str();
    let mut matchers = Vec::new();
    let mut args = Vec::new();
    let mut setters = Vec::new();
    let mut path_text = op.path.clone();
    let mut cookies = Vec::new();
    for p in &op.params {
        let value = sample(module, &p.ty, &p.validation);
        let ty = parse_type(&type_path(lib, &module.name, &p.ty), &op.location)?;
        let text = json_text(&value);
        let expr = quote!(serde_json::from_value::<#ty>(json(#text)).expect("sample parameter"));
        let wire = &p.name;
        let rendered = render(&value);
        match p.location {
            ParamLocation::Path => path_text = path_text.replace(&format!("{{{wire}}}"), &rendered),
            ParamLocation::Query => {
                for (name, value) in query_pairs(wire, &value, p.style, p.explode) {
                    matchers.push(quote!(.and(query_param(#name, #value))));
                }
            }
            // The mock server reads a header's values split at commas.
            ParamLocation::Header if rendered.contains(',') => {
                let values = rendered.split(',').map(str::trim);
                matchers.push(quote!(.and(headers(#wire, vec![#( #values ),*]))));
            }
            ParamLocation::Header => matchers.push(quote!(.and(header(#wire, #rendered)))),
            ParamLocation::Cookie => cookies.push(format!("{wire}={}", cookie_value(&rendered))),
        }
        if p.required {
            args.push(expr);
        } else {
            let setter = ident(&p.rust_name);
            setters.push(quote!(.#setter(#expr)));
        }
    }
    match op.auth.first() {
        Some(AuthScheme::Cookie(name)) => cookies.push(format!("{name}={TEST_KEY}")),
        auth => matchers.push(auth_matcher(auth)),
    }
    if let Some(accept) = accept_checked(op) {
        matchers.push(quote!(.and(header("accept", #accept))));
    }
    if !cookies.is_empty() {
        let cookie = cookies.join("; ");
        matchers.push(quote!(.and(header("cookie", #cookie))));
    }
    let mut body_setup = quote!();
    let mut body_check = quote!();
    if let Some(body) = &op.body {
        let content_type = body.content_type.as_str();
        if body.encoding != BodyEncoding::Multipart {
            matchers.push(quote!(.and(header("content-type", #content_type))));
        }
        match body.encoding {
            BodyEncoding::Multipart => {
                let (setup, check) = multipart_test(lib, module, op, body)?;
                body_setup = setup;
                body_check = check;
                args.push(quote!(&body));
            }
            BodyEncoding::Json | BodyEncoding::Form => {
                let value = sample(module, &body.ty, &Default::default());
                let text = json_text(&value);
                let ty = parse_type(&type_path(lib, &module.name, &body.ty), &op.location)?;
                matchers.push(match (body.encoding, form_encoded(&value)) {
                    (BodyEncoding::Form, Some(form)) => quote!(.and(body_string(#form))),
                    _ => quote!(.and(body_json(json(#text)))),
                });
                body_setup = quote!(let body: #ty = serde_json::from_value(json(#text)).expect("sample body"););
                args.push(quote!(&body));
            }
            BodyEncoding::Text => {
                matchers.push(quote!(.and(body_string("sample text"))));
                args.push(quote!("sample text"));
            }
            BodyEncoding::Bytes => {
                matchers.push(quote!(.and(body_bytes(b"sample \x00\xff bytes".to_vec()))));
                args.push(quote!(b"sample \x00\xff bytes"));
            }
        }
    }
    let success = op.successes().next();
    let success_status = match success.map(|r| r.status) {
        Some(Status::Code(c)) => c,
        _ => 200,
    };
    let success_body = respond(module, success.and_then(|r| r.ty.as_ref()), success_status);
    // `security: []` (or no scheme the client can send): no credential on the wire.
    let no_credential = op.auth.is_empty().then(|| {
        quote! {
            let sent = server.received_requests().await.expect("requests are recorded");
            assert!(sent.iter().all(|r| !r.headers.contains_key("authorization")), "no credential is sent");
        }
    });
    let success_check = match success {
        Some(r) if r.media == ResponseMedia::Binary && r.ty.is_some() && op.success_enum.is_none() => {
            quote!(assert_eq!(response.value().as_ref(), b"sample \x00\xff bytes");)
        }
        _ => quote!(),
    };
    let mut error_checks = Vec::new();
    for r in op.failures() {
        let status: u16 = match r.status {
            Status::Code(c) => c,
            Status::Range(r) => r * 100,
            Status::Default => 418,
        };
        let reply = respond(module, r.ty.as_ref(), status);
        let error = ident(&op.error_name);
        let variant = ident(&r.variant);
        let lib_ident = ident(lib);
        let pattern = if r.ty.is_some() {
            quote!(#lib_ident::#module_ident::#error::#variant(_))
        } else {
            quote!(#lib_ident::#module_ident::#error::#variant)
        };
        let what = format!("{} {status}", op.fn_name);
        error_checks.push(quote! {
            server.reset().await;
            Mock::given(method(#verb)).respond_with(#reply).mount(&server).await;
            match call.clone().await {
                Err(Error::Api(e)) => {
                    assert_eq!(e.status(), #status, #what);
                    assert!(matches!(e.body(), #pattern), "{}: {:?}", #what, e.body());
                }
                other => panic!("{}: expected the declared error, got {other:?}", #what),
            }
        });
    }
    Ok(quote! {
        #[tokio::test]
        async fn #test_name() {
            let server = MockServer::start().await;
            let client = client(&server);
            Mock::given(method(#verb))
                .and(path(#path_text))
                #( #matchers )*
                .respond_with(#success_body)
                .expect(1)
                .mount(&server)
                .await;
            #body_setup
            let call = client.#module_ident().#fn_name(#( #args ),*) #( #setters )*;
            let response = call.clone().send_with_response().await.expect("the success response decodes");
            assert_eq!(response.status(), #success_status);
            #success_check
            server.verify().await;
            #no_credential
            #body_check
            #( #error_checks )*
        }
    })
}

/// The setup of a `multipart/form-data` body (the sample value, each file field set to a named
/// file) and the check of the body received: the media type names a boundary, and the body is
/// exactly the expected parts framed by it.
fn multipart_test(lib: &str, module: &Module, op: &Operation, body: &Body) -> Result<(TokenStream, TokenStream)> {
    let value = sample(module, &body.ty, &Default::default());
    let text = json_text(&value);
    let ty = parse_type(&type_path(lib, &module.name, &body.ty), &op.location)?;
    let lib_ident = ident(lib);
    let file_ty = TypeRef::Custom(FILE_PART.into());
    let (file_name, file_type, file_bytes) = ("sample.bin", "application/octet-stream", b"sample \x00\xff bytes");
    let file = quote!(#lib_ident::FilePart::new(b"sample \x00\xff bytes".to_vec()).file_name(#file_name).content_type(#file_type));
    let fields = match &body.ty {
        TypeRef::Named(name) => module.type_def(name).and_then(|t| match &t.kind {
            TypeKind::Struct(fields) => Some(fields),
            _ => None,
        }),
        _ => None,
    };
    let mut sets = Vec::new();
    let mut parts: Vec<Part<'_>> = Vec::new();
    let file_part = |name| Part { name, file: Some((file_name, file_type)), content_type: None, bytes: file_bytes.to_vec() };
    match fields {
        Some(fields) => {
            for f in fields {
                let name = ident(&f.rust_name);
                let wrap = |v: TokenStream| if f.is_optional() { quote!(Some(#v)) } else { v };
                if f.ty == file_ty {
                    let v = wrap(file.clone());
                    sets.push(quote!(body.#name = #v;));
                    parts.push(file_part(&f.name));
                } else if matches!(&f.ty, TypeRef::Array(item) if **item == file_ty) {
                    let v = wrap(quote!(vec![#file]));
                    sets.push(quote!(body.#name = #v;));
                    parts.push(file_part(&f.name));
                } else {
                    parts.extend(field_parts(&f.name, value.get(&f.name).unwrap_or(&Value::Null)));
                }
            }
        }
        None => {
            for (name, v) in value.as_object().into_iter().flatten() {
                parts.extend(field_parts(name, v));
            }
        }
    }
    let pieces = multipart_pieces(&parts);
    let mut chunks = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            chunks.push(quote!(boundary.as_bytes()));
        }
        let lit = proc_macro2::Literal::byte_string(piece);
        chunks.push(quote!(#lit.as_slice()));
    }
    let binding = if sets.is_empty() { quote!(let body) } else { quote!(let mut body) };
    let setup = quote! {
        #binding: #ty = serde_json::from_value(json(#text)).expect("sample body");
        #( #sets )*
    };
    let check = quote! {
        let received = server.received_requests().await.expect("requests are recorded");
        let content_type = received[0].headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a multipart/form-data body with a boundary");
        let expected: Vec<u8> = [#( #chunks ),*].concat();
        assert_eq!(String::from_utf8_lossy(&received[0].body), String::from_utf8_lossy(&expected));
        assert_eq!(received[0].body, expected);
    };
    Ok((setup, check))
}

/// A mock response with `status` and a sample body of `ty` (none for a body-less response).
fn respond(module: &Module, ty: Option<&TypeRef>, status: u16) -> TokenStream {
    match ty {
        Some(TypeRef::String) => quote!(ResponseTemplate::new(#status).set_body_string("sample")),
        Some(TypeRef::Custom(c)) if c == crate::model::BYTES => quote!(ResponseTemplate::new(#status).set_body_bytes(b"sample \x00\xff bytes".to_vec())),
        Some(ty) => {
            let text = json_text(&sample(module, ty, &Default::default()));
            quote!(ResponseTemplate::new(#status).set_body_json(json(#text)))
        }
        None => quote!(ResponseTemplate::new(#status)),
    }
}

/// How a parameter value appears on the wire (path segment, query value, header value).
fn render(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(render).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn json_text(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn parse_type(text: &str, at: &Location) -> Result<syn::Type> {
    syn::parse_str(text).map_err(|e| Error::input(at.clone(), format!("internal error: type `{text}` does not parse: {e}")))
}

/// The path of a type from outside the crate.
pub fn type_path(lib: &str, module: &str, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Integer(IntWidth::I32) => "i32".into(),
        TypeRef::Integer(IntWidth::I64) => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Named(n) => format!("{lib}::{module}::{n}"),
        TypeRef::Array(item) => format!("Vec<{}>", type_path(lib, module, item)),
        TypeRef::Map(v) => format!("std::collections::BTreeMap<String, {}>", type_path(lib, module, v)),
        TypeRef::Custom(c) => match c.strip_prefix("crate::") {
            Some(rest) => format!("{lib}::{rest}"),
            None => c.clone(),
        },
    }
}

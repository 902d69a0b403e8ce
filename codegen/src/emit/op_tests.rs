//! `tests/operations.rs` of the generated crate: one test per operation against an in-process
//! mock server (wiremock over loopback). Each test builds the call as a user writes it (the
//! body through its constructor and setters, every parameter set; see `op_values.rs`), sends it,
//! and compares the one request received with what the *document* describes
//! (`Operation::document`, not the model the client was generated from): method, exact path,
//! exactly the query pairs expected and no others, the headers (credential, content type,
//! `Accept`, header and cookie parameters) and the body (JSON as values, forms and text
//! exactly, bytes, multipart part by part). It then checks that the success response decodes
//! and keeps every value sent, and that every declared error status (mocked on method and
//! path) decodes into its variant.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::op_tests_stream;
use super::op_values::{Values, Want};
use super::samples::{sample, sample_named};
use super::wire::{base64, cookie_value, field_parts, form_encoded, multipart_pieces, query_pairs, Part};
use super::tokens::{feature_cfg, format_file, format_items, ident};
use crate::diag::Result;
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
    let error_paths = ops.iter().any(|op| op.failures().next().is_some()).then(|| quote!(, path));
    let error = ops.iter().any(|op| op.failures().next().is_some()).then(|| quote!(, Error));
    let json = quote! {
        #[allow(dead_code)] // an API may have no JSON sample to parse
        fn json(text: &str) -> serde_json::Value {
            serde_json::from_str(text).expect("sample JSON")
        }
    };
    let basic = ops.iter().any(|op| op.auth.contains(&AuthScheme::Basic)).then(|| {
        let (user, password) = TEST_USER;
        quote!(.basic_auth(#user, #password))
    });
    let tokens = quote! {
        #docs
        #![allow(deprecated)] // deprecated operations are tested too

        use #lib::{Client #error};
        use wiremock::matchers::{method #error_paths};
        use wiremock::{Mock, MockServer, Request, ResponseTemplate};

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

        /// A client for Stoplight Prism serving the document of `module`, when
        /// `CODEGEN_PRISM_<MODULE>` names its URL (the contract runs start Prism and set it).
        #[allow(dead_code)]
        fn prism_client(module: &str) -> Option<Client> {
            let url = std::env::var(format!("CODEGEN_PRISM_{}", module.to_ascii_uppercase())).ok()?;
            Some(
                Client::builder()
                    .api_key(#TEST_KEY)
                    #basic
                    .base_url(url)
                    .allow_http(true)
                    .max_retries(0)
                    .build()
                    .expect("client builds"),
            )
        }

        /// Fails on every request-side violation Prism reports for a call (`sl-violations`),
        /// and on an answer saying the route or the credentials are not the document's.
        #[allow(dead_code)]
        fn check_contract(test: &str, status: Option<u16>, headers: Option<&reqwest::header::HeaderMap>) {
            let violations: serde_json::Value = headers
                .and_then(|h| h.get("sl-violations"))
                .and_then(|v| v.to_str().ok())
                .map(|text| serde_json::from_str(text).expect("sl-violations is JSON"))
                .unwrap_or(serde_json::Value::Null);
            // Prism's own limits, not violations: an `http` scheme other than basic, bearer or
            // digest (`Authorization: Token …`) is one it cannot check; the generated test checks
            // that header byte for byte.
            let unsupported = |v: &serde_json::Value| v["message"].as_str().is_some_and(|m| m.contains("do not support this type of security scheme"));
            let request: Vec<String> = violations
                .as_array()
                .into_iter()
                .flatten()
                .filter(|v| v["location"][0] == "request" && !unsupported(v))
                .map(|v| format!("{} at {}", v["message"], v["location"]))
                .collect();
            assert!(request.is_empty(), "{test}: Prism reports request violations:\n{}", request.join("\n"));
            assert!(!matches!(status, Some(401 | 404 | 405)), "{test}: Prism answered {status:?}: the route or the credentials are not the document's");
        }

        /// The request an operation's document describes, as the server must receive it.
        struct Expected {
            method: &'static str,
            /// The path's segments, decoded: a value with a `/` is one segment, so it must have
            /// been sent encoded; other characters may be encoded or not, as RFC 3986 allows.
            path: &'static [&'static str],
            /// Every query pair, decoded: the request must carry exactly these, no others.
            query: &'static [(&'static str, &'static str)],
            /// Headers that must be present, with their values (a list compared item by item).
            headers: &'static [(&'static str, &'static str)],
            body: Sent,
        }

        /// The body the server must receive.
        #[allow(dead_code)] // an API may not use every kind
        enum Sent {
            /// No body at all.
            Nothing,
            /// JSON equal to this text (as values).
            Json(&'static str),
            /// Exactly this text.
            Text(&'static str),
            /// Exactly these bytes.
            Bytes(&'static [u8]),
            /// A multipart body, checked on its own (its boundary is random).
            Multipart,
        }

        /// The one request the server received.
        async fn the_request(server: &MockServer) -> Request {
            let mut requests = server.received_requests().await.expect("requests are recorded");
            assert_eq!(requests.len(), 1, "exactly one request is sent");
            requests.remove(0)
        }

        /// `text` with its `%XX` escapes decoded.
        fn percent_decoded(text: &str) -> String {
            let bytes = text.as_bytes();
            let mut out = Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                let hex = |b: u8| (b as char).to_digit(16);
                match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
                    (b'%', Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        i += 3;
                    }
                    (b, _, _) => {
                        out.push(b);
                        i += 1;
                    }
                }
            }
            String::from_utf8_lossy(&out).into_owned()
        }

        /// Compares `request` with `expected`, aspect by aspect, naming what differs.
        fn check_request(request: &Request, expected: &Expected) {
            assert_eq!(request.method.as_str(), expected.method, "method");
            let segments: Vec<String> = request.url.path().split('/').skip(1).map(percent_decoded).collect();
            assert_eq!(segments, expected.path, "path segments of {}", request.url.path());
            let mut query: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            query.sort();
            let mut want: Vec<(String, String)> = expected.query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            want.sort();
            assert_eq!(query, want, "query parameters (all of them, and no others)");
            for (name, value) in expected.headers {
                let got: Vec<String> = request
                    .headers
                    .get_all(*name)
                    .iter()
                    .flat_map(|v| v.to_str().unwrap_or("<not text>").split(',').map(|s| s.trim().to_string()).collect::<Vec<_>>())
                    .collect();
                let want: Vec<String> = value.split(',').map(|s| s.trim().to_string()).collect();
                assert_eq!(got, want, "header `{name}`");
            }
            match &expected.body {
                Sent::Nothing => assert!(request.body.is_empty(), "no body is sent, got {:?}", String::from_utf8_lossy(&request.body)),
                Sent::Json(text) => {
                    let got: serde_json::Value = serde_json::from_slice(&request.body).expect("the body is JSON");
                    assert_eq!(got, json(text), "JSON body");
                }
                Sent::Text(text) => assert_eq!(String::from_utf8_lossy(&request.body), *text, "body"),
                Sent::Bytes(bytes) => assert_eq!(request.body.as_slice(), *bytes, "body bytes"),
                Sent::Multipart => {}
            }
        }

        /// The decoded response, encoded again, keeps every value of the JSON the server sent
        /// (a `null` of an optional field may be left out).
        #[allow(dead_code)] // an API may have no JSON response
        fn assert_decoded<T: serde::Serialize>(decoded: &T, sent: &str) {
            fn covers(before: &serde_json::Value, after: &serde_json::Value) -> bool {
                use serde_json::Value;
                match (before, after) {
                    (Value::Object(b), Value::Object(a)) => b.iter().all(|(k, v)| a.get(k).map_or(v.is_null(), |av| covers(v, av))),
                    (Value::Array(b), Value::Array(a)) => b.len() == a.len() && b.iter().zip(a).all(|(x, y)| covers(x, y)),
                    (Value::Number(b), Value::Number(a)) => b.as_f64() == a.as_f64(),
                    (b, a) => b == a,
                }
            }
            let after = serde_json::to_value(decoded).expect("the decoded value encodes");
            let before = json(sent);
            assert!(covers(&before, &after), "decoded {after} lost values of {before}");
        }
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
    let lib_ident = ident(lib);
    let file_part = quote!(#lib_ident::FilePart::new(b"sample \x00\xff bytes".to_vec()).file_name("sample.bin").content_type("application/octet-stream"));
    let values = Values { lib, module, file_part };
    // What the document says is sent: its method, its route, its parameter names. The client is
    // generated from the model; the expectation comes from the document's own record of the
    // request (`Operation::document`), so the two can disagree and the test catch it.
    let document = &op.document;
    let verb = document.method.as_str();
    // The route's own text may be percent-encoded (`reports%2F2024`): compared decoded too.
    let mut segments: Vec<String> = document.path.split('/').skip(1).map(percent_decoded).collect();
    // As sent, for the error mocks' path matcher: parameter values percent-encoded.
    let mut expected_path = document.path.clone();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut cookies = Vec::new();
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        let value = sample_named(module, &p.ty, &p.validation, &p.name, p.format.as_deref());
        let (wire, location) = document.params.get(i).cloned().unwrap_or_else(|| (p.name.clone(), p.location));
        let rendered = render(&value);
        match location {
            ParamLocation::Path => {
                for segment in &mut segments {
                    *segment = segment.replace(&format!("{{{wire}}}"), &rendered);
                }
                expected_path = expected_path.replace(&format!("{{{wire}}}"), &percent_encoded(&rendered));
            }
            ParamLocation::Query => query.extend(query_pairs(&wire, &value, p.style, p.explode)),
            ParamLocation::Header => headers.push((wire.to_ascii_lowercase(), rendered.clone())),
            ParamLocation::Cookie => cookies.push(format!("{wire}={}", cookie_value(&rendered))),
        }
        let expr = values.expr(&p.ty, &value, Want::Arg);
        if p.required {
            args.push(expr);
        } else {
            let setter = ident(&p.rust_name);
            setters.push(quote!(.#setter(#expr)));
        }
    }
    match op.auth.first() {
        Some(AuthScheme::Http(scheme)) => headers.push(("authorization".into(), format!("{scheme} {TEST_KEY}"))),
        Some(AuthScheme::OAuth2(_)) => headers.push(("authorization".into(), format!("Bearer {TEST_KEY}"))),
        Some(AuthScheme::Basic) => {
            headers.push(("authorization".into(), format!("Basic {}", base64(format!("{}:{}", TEST_USER.0, TEST_USER.1).as_bytes()))));
        }
        Some(AuthScheme::Header(name)) => headers.push((name.to_ascii_lowercase(), TEST_KEY.into())),
        Some(AuthScheme::Query(name)) => query.push((name.clone(), TEST_KEY.into())),
        Some(AuthScheme::Cookie(name)) => cookies.push(format!("{name}={TEST_KEY}")),
        None => {}
    }
    if let Some(accept) = accept_checked(op) {
        headers.push(("accept".into(), accept.to_string()));
    }
    if !cookies.is_empty() {
        headers.push(("cookie".into(), cookies.join("; ")));
    }
    let mut body_setup = quote!();
    let mut body_check = quote!();
    let mut sent = quote!(Sent::Nothing);
    // The JSON body sent, for the streaming twin's expectation.
    let mut json_body: Option<String> = None;
    if let Some(body) = &op.body {
        if body.encoding != BodyEncoding::Multipart {
            headers.push(("content-type".into(), body.content_type.clone()));
        }
        match body.encoding {
            BodyEncoding::Multipart => {
                let (setup, check) = multipart_test(&values, op, body)?;
                body_setup = setup;
                body_check = check;
                sent = quote!(Sent::Multipart);
                args.push(quote!(&body));
            }
            BodyEncoding::Json | BodyEncoding::Form => {
                let value = sample(module, &body.ty, &Default::default());
                let text = json_text(&value);
                sent = match (body.encoding, form_encoded(&value)) {
                    (BodyEncoding::Form, Some(form)) => quote!(Sent::Text(#form)),
                    _ => {
                        json_body = Some(text.clone());
                        quote!(Sent::Json(#text))
                    }
                };
                let built = values.expr(&body.ty, &value, Want::Owned);
                body_setup = quote!(let body = #built;);
                args.push(quote!(&body));
            }
            BodyEncoding::Text => {
                sent = quote!(Sent::Text("sample text"));
                args.push(quote!("sample text"));
            }
            BodyEncoding::Bytes => {
                sent = quote!(Sent::Bytes(b"sample \x00\xff bytes"));
                args.push(quote!(b"sample \x00\xff bytes"));
            }
        }
    }
    let expected_with = |headers: &[(String, String)], sent: &TokenStream| {
        let query_items = query.iter().map(|(k, v)| quote!((#k, #v)));
        let header_items = headers.iter().map(|(k, v)| quote!((#k, #v)));
        let segment_items = segments.iter().map(|s| quote!(#s));
        quote! {
            Expected { method: #verb, path: &[#( #segment_items ),*], query: &[#( #query_items ),*], headers: &[#( #header_items ),*], body: #sent }
        }
    };
    let expected = expected_with(&headers, &sent);
    let success = op.successes().next();
    let success_status = match success.map(|r| r.status) {
        Some(Status::Code(c)) => c,
        _ => 200,
    };
    let (mut success_body, success_sample) = respond(module, success.and_then(|r| r.ty.as_ref()), success_status);
    let streamed = super::streaming::streamed_success(op);
    let streamed_check = streamed.map(|streamed| {
        let (answer, check) = op_tests_stream::answer_and_check(module, streamed, success_status);
        success_body = answer;
        check
    });
    // `security: []` (or no scheme the client can send): no credential on the wire.
    let no_credential = op.auth.is_empty().then(|| {
        quote! {
            assert!(!request.headers.contains_key("authorization"), "no credential is sent");
        }
    });
    let success_check = match (success, success_sample) {
        _ if streamed_check.is_some() => streamed_check.clone().unwrap_or_default(),
        (Some(r), _) if r.media == ResponseMedia::Binary && r.ty.is_some() && op.success_enum.is_none() => {
            quote!(assert_eq!(response.value().as_ref(), b"sample \x00\xff bytes");)
        }
        (Some(r), _) if r.ty == Some(TypeRef::String) && op.success_enum.is_none() => quote!(assert_eq!(response.value(), "sample");),
        (Some(_), Some(text)) if op.success_enum.is_none() => quote!(assert_decoded(response.value(), #text);),
        _ => quote!(),
    };
    let mut error_checks = Vec::new();
    for r in op.failures() {
        let status: u16 = match r.status {
            Status::Code(c) => c,
            Status::Range(r) => r * 100,
            Status::Default => 418,
        };
        let (reply, _) = respond(module, r.ty.as_ref(), status);
        let error = ident(&op.error_name);
        let variant = ident(&r.variant);
        let pattern = if r.ty.is_some() {
            quote!(#lib_ident::#module_ident::#error::#variant(_))
        } else {
            quote!(#lib_ident::#module_ident::#error::#variant)
        };
        let what = format!("{} {status}", op.fn_name);
        error_checks.push(quote! {
            server.reset().await;
            Mock::given(method(#verb)).and(path(#expected_path)).respond_with(#reply).mount(&server).await;
            match call.clone().await {
                Err(Error::Api(e)) => {
                    assert_eq!(e.status(), #status, #what);
                    assert!(matches!(e.body(), #pattern), "{}: {:?}", #what, e.body());
                }
                other => panic!("{}: expected the declared error, got {other:?}", #what),
            }
        });
    }
    // A binary answer can also be streamed, in chunks.
    let download = super::streaming::streams_bytes(op).then(|| {
        let (answer, check) = op_tests_stream::answer_and_check(module, super::streaming::Streamed::Bytes, success_status);
        quote! {
            server.reset().await;
            Mock::given(method(#verb)).respond_with(#answer).mount(&server).await;
            let response = call.clone().send_streaming().await.expect("the body streams");
            #check
        }
    });
    // The streaming twin (`…_stream`): the same request asking for events (and with the body's
    // `stream` flag set, when it has one), answered with events.
    let twin = match (&op.stream_variant, op.stream_alternative()) {
        (Some(variant), Some(alternative)) => {
            let twin_name = ident(&format!("{}_{}", module.name, variant.fn_name));
            let twin_fn = ident(&variant.fn_name);
            let (answer, check) = op_tests_stream::answer_and_check(module, super::streaming::Streamed::Events(&alternative.item), success_status);
            let mut twin_headers: Vec<(String, String)> = headers.iter().filter(|(k, _)| k != "accept").cloned().collect();
            twin_headers.push(("accept".into(), alternative.media_type.clone()));
            let flag = op.body.as_ref().is_some_and(|b| super::operations::has_stream_flag(module, &b.ty));
            let twin_sent = match (&json_body, flag) {
                (Some(text), true) => {
                    let flagged = op_tests_stream::flagged(text);
                    quote!(Sent::Json(#flagged))
                }
                _ => sent.clone(),
            };
            let twin_expected = expected_with(&twin_headers, &twin_sent);
            Some(quote! {
                #[tokio::test]
                async fn #twin_name() {
                    let server = MockServer::start().await;
                    let client = client(&server);
                    Mock::given(method(#verb)).respond_with(#answer).expect(1).mount(&server).await;
                    #body_setup
                    let call = client.#module_ident().#twin_fn(#( #args ),*) #( #setters )*;
                    let response = call.send_with_response().await.expect("the events arrive");
                    assert_eq!(response.status(), #success_status);
                    #check
                    let request = the_request(&server).await;
                    check_request(&request, &#twin_expected);
                }
            })
        }
        _ => None,
    };
    // The same call, sent to Prism serving the module's document when a contract run asks; not
    // for a method OpenAPI has no field for (`PROPFIND`), which no OpenAPI tool can route.
    let test_label = format!("{}_{}", module.name, op.fn_name);
    let module_label = module.name.as_str();
    let routable = !matches!(op.method, crate::model::Method::Other(_));
    let contract = routable.then(|| quote! {
        if let Some(prism) = prism_client(#module_label) {
            let outcome = prism.#module_ident().#fn_name(#( #args ),*) #( #setters )*.send_with_response().await;
            let (status, headers) = match &outcome {
                Ok(response) => (Some(response.status()), Some(response.headers().clone())),
                Err(e) => (e.status(), e.headers().cloned()),
            };
            check_contract(#test_label, status, headers.as_ref());
        }
    });
    Ok(quote! {
        #[tokio::test]
        async fn #test_name() {
            let server = MockServer::start().await;
            let client = client(&server);
            Mock::given(method(#verb)).respond_with(#success_body).expect(1).mount(&server).await;
            #body_setup
            let call = client.#module_ident().#fn_name(#( #args ),*) #( #setters )*;
            let response = call.clone().send_with_response().await.expect("the success response decodes");
            assert_eq!(response.status(), #success_status);
            #success_check
            let request = the_request(&server).await;
            check_request(&request, &#expected);
            #no_credential
            #body_check
            #download
            #contract
            #( #error_checks )*
        }

        #twin
    })
}

/// The setup of a `multipart/form-data` body (built with its constructor and setters, each file
/// field a named file) and the check of the body received: the media type names a boundary, and
/// the body is exactly the expected parts framed by it.
fn multipart_test(values: &Values<'_>, op: &Operation, body: &Body) -> Result<(TokenStream, TokenStream)> {
    let module = values.module;
    let value = sample(module, &body.ty, &Default::default());
    let file_ty = TypeRef::Custom(FILE_PART.into());
    let (file_name, file_type, file_bytes) = ("sample.bin", "application/octet-stream", b"sample \x00\xff bytes");
    let fields = match &body.ty {
        TypeRef::Named(name) => module.type_def(name).and_then(|t| match &t.kind {
            TypeKind::Struct(fields) => Some(fields),
            _ => None,
        }),
        _ => None,
    };
    let mut parts: Vec<Part<'_>> = Vec::new();
    let file_part = |name| Part { name, file: Some((file_name, file_type)), content_type: None, bytes: file_bytes.to_vec() };
    match fields {
        Some(fields) => {
            for f in fields {
                let is_file = f.ty == file_ty || matches!(&f.ty, TypeRef::Array(item) if **item == file_ty);
                if is_file {
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
    let _ = op;
    let pieces = multipart_pieces(&parts);
    let mut chunks = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            chunks.push(quote!(boundary.as_bytes()));
        }
        let lit = proc_macro2::Literal::byte_string(piece);
        chunks.push(quote!(#lit.as_slice()));
    }
    let built = values.expr(&body.ty, &value, Want::Owned);
    let setup = quote!(let body = #built;);
    let check = quote! {
        let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a multipart/form-data body with a boundary");
        let expected: Vec<u8> = [#( #chunks ),*].concat();
        assert_eq!(String::from_utf8_lossy(&request.body), String::from_utf8_lossy(&expected));
        assert_eq!(request.body, expected);
    };
    Ok((setup, check))
}

/// A mock response with `status` and a sample body of `ty` (none for a body-less response), and
/// the sample JSON it sends, if any.
fn respond(module: &Module, ty: Option<&TypeRef>, status: u16) -> (TokenStream, Option<String>) {
    match ty {
        Some(TypeRef::String) => (quote!(ResponseTemplate::new(#status).set_body_string("sample")), None),
        Some(TypeRef::Custom(c)) if c == crate::model::BYTES => {
            (quote!(ResponseTemplate::new(#status).set_body_bytes(b"sample \x00\xff bytes".to_vec())), None)
        }
        Some(ty) => {
            let text = json_text(&sample(module, ty, &Default::default()));
            (quote!(ResponseTemplate::new(#status).set_body_json(json(#text))), Some(text))
        }
        None => (quote!(ResponseTemplate::new(#status)), None),
    }
}

/// `text` with its `%XX` escapes decoded (bytes that are not UTF-8 are replaced).
fn percent_decoded(text: &str) -> String {
    crate::load::percent::decode_lossy(text)
}

/// A parameter value with every character outside RFC 3986's unreserved set percent-encoded:
/// for the path an error mock matches (wiremock compares the path as sent; the success check
/// compares decoded segments, so there either encoding is accepted).
fn percent_encoded(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
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

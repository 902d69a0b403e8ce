//! Typed test doubles (the generated crate's `mock` feature): `src/mock.rs`, a mock server of
//! the API built on `wiremock` with a client pointed at it, and `src/<module>/mock.rs`, one typed
//! method per operation that declares what the server answers — matched on the operation's
//! method, its path with the given path parameters and the query parameters set, answered with
//! the operation's generated success type or any declared error body — and what it received.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{feature_cfg, ident, rust_type};
use crate::diag::Result;
use crate::model::{Api, BodyEncoding, Module, Operation, ParamLocation, ResponseMedia, Status, TypeRef};

/// The crate-level `src/mock.rs`.
pub fn crate_mock(api: &Api) -> TokenStream {
    let lib = api.crate_name.replace('-', "_");
    let accessors = api.modules.iter().filter(|m| !m.operations.is_empty()).map(|m| {
        let name = ident(&m.name);
        let gate = feature_cfg(api, &m.name);
        let text = format!(" What the {} operations answer.", m.title.replace('`', ""));
        quote! {
            #gate
            #[doc = #text]
            pub fn #name(&self) -> crate::#name::mock::Mocks<'_> {
                crate::#name::mock::Mocks { api: self }
            }
        }
    });
    let example = example(api, &lib);
    quote! {
        //! Typed test doubles (the `mock` feature, for dev-dependencies): a mock server of this
        //! API with a [`Client`](crate::Client) pointed at it, and one method per operation to
        //! declare what it answers and see what it received — no paths or JSON written by hand.
        //!
        #( #example )*

        use std::marker::PhantomData;

        use serde::de::DeserializeOwned;
        use serde::Serialize;
        use wiremock::matchers::{method, path, query_param};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        /// A mock server of this API (a real HTTP server on loopback, from `wiremock`).
        #[derive(Debug)]
        pub struct MockApi {
            server: MockServer,
        }

        impl MockApi {
            /// Starts a server on a free loopback port.
            pub async fn start() -> Self {
                MockApi { server: MockServer::start().await }
            }

            /// A client of this server: an API key (`mock-key`), plain http allowed, no retries.
            pub fn client(&self) -> crate::Client {
                crate::Client::builder()
                    .api_key("mock-key")
                    .base_url(self.server.uri())
                    .allow_http(true)
                    .max_retries(0)
                    .build()
                    .expect("a client of the mock server")
            }

            /// The server's base URL.
            pub fn uri(&self) -> String {
                self.server.uri()
            }

            /// The `wiremock` server, for what the typed methods do not cover.
            pub fn server(&self) -> &MockServer {
                &self.server
            }

            #( #accessors )*
        }

        /// One operation's answer being declared: its method, path and query matchers.
        #[derive(Debug)]
        #[doc(hidden)]
        pub struct OperationMock<'a> {
            api: &'a MockApi,
            method: &'static str,
            path: String,
            query: Vec<(String, String)>,
        }

        impl<'a> OperationMock<'a> {
            /// Calls of `method` on `path` (encoded as the client encodes it).
            pub(crate) fn new(api: &'a MockApi, method: &'static str, path: String) -> Self {
                OperationMock { api, method, path, query: Vec::new() }
            }

            /// Only calls whose query has `name` = `value` (each item of an array).
            pub(crate) fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
                let texts = match serde_json::to_value(value) {
                    Ok(serde_json::Value::Array(items)) => items.iter().map(text).collect(),
                    Ok(other) => vec![text(&other)],
                    Err(_) => Vec::new(),
                };
                self.query.extend(texts.into_iter().map(|t| (name.to_string(), t)));
            }

            /// Answers `status` with `body` as JSON.
            pub(crate) async fn json<B, T: Serialize + ?Sized>(self, status: u16, body: &T) -> Expectation<'a, B> {
                let bytes = serde_json::to_vec(body).expect("a mock answer serialises");
                self.raw(status, "application/json", bytes).await
            }

            /// Answers `status` with no body.
            pub(crate) async fn empty<B>(self, status: u16) -> Expectation<'a, B> {
                self.mount(ResponseTemplate::new(status)).await
            }

            /// Answers `status` with `body` as `content_type`.
            pub(crate) async fn raw<B>(self, status: u16, content_type: &str, body: Vec<u8>) -> Expectation<'a, B> {
                self.mount(ResponseTemplate::new(status).set_body_raw(body, content_type)).await
            }

            async fn mount<B>(self, answer: ResponseTemplate) -> Expectation<'a, B> {
                let mut mock = Mock::given(method(self.method)).and(path(self.path.as_str()));
                for (name, value) in &self.query {
                    mock = mock.and(query_param(name.as_str(), value.as_str()));
                }
                mock.respond_with(answer).mount(&self.api.server).await;
                Expectation { api: self.api, method: self.method, path: self.path, query: self.query, body: PhantomData }
            }
        }

        /// The text a query value is sent as.
        fn text(value: &serde_json::Value) -> String {
            match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            }
        }

        /// A declared answer: what the server received for it (`B` is the operation's request
        /// body type, `()` when it has none).
        #[derive(Debug)]
        pub struct Expectation<'a, B> {
            api: &'a MockApi,
            method: &'static str,
            path: String,
            query: Vec<(String, String)>,
            body: PhantomData<fn() -> B>,
        }

        impl<B> Expectation<'_, B> {
            /// The requests that matched this answer, in the order they came.
            pub async fn requests(&self) -> Vec<wiremock::Request> {
                let received = self.api.server.received_requests().await.unwrap_or_default();
                received
                    .into_iter()
                    .filter(|r| r.method.as_str() == self.method && r.url.path() == self.path)
                    .filter(|r| self.query.iter().all(|(k, v)| r.url.query_pairs().any(|(qk, qv)| qk == k.as_str() && qv == v.as_str())))
                    .collect()
            }

            /// How many calls matched this answer.
            pub async fn calls(&self) -> usize {
                self.requests().await.len()
            }
        }

        impl<B: DeserializeOwned> Expectation<'_, B> {
            /// The request bodies received, decoded into the operation's body type.
            ///
            /// # Panics
            ///
            /// When a body is not JSON of that type (the client sent something else).
            pub async fn bodies(&self) -> Vec<B> {
                self.requests()
                    .await
                    .iter()
                    .map(|r| serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("a request body is not the operation's body type: {e}")))
                    .collect()
            }
        }
    }
}

/// The crate docs' example: a call answered by the mock, with the first operation that has a
/// JSON success (compiled as a doc test when the feature is on).
fn example(api: &Api, lib: &str) -> Vec<TokenStream> {
    let Some(code) = example_code(api, lib) else { return Vec::new() };
    let lines = std::iter::once("```".to_string()).chain(code).chain(std::iter::once("```".to_string()));
    lines.map(|l| if l.is_empty() { quote!(#![doc = ""]) } else { let l = format!(" {l}"); quote!(#![doc = #l]) }).collect()
}

/// The lines of the mock example (lines starting `# ` are hidden in rendered docs), or `None`
/// when no operation can be called without arguments.
pub fn example_code(api: &Api, lib: &str) -> Option<Vec<String>> {
    let (module, op) = api.modules.iter().find_map(|m| m.operations.iter().find(|op| simple(m, op)).map(|op| (m, op)))?;
    let ty = match op.success_type()? {
        TypeRef::Named(name) => name,
        _ => return None,
    };
    let sample = serde_json::to_string(&super::samples::sample(module, &TypeRef::Named(ty.clone()), &Default::default())).ok()?;
    Some(vec![
        format!("use {lib}::mock::MockApi;"),
        format!("use {lib}::{}::{ty};", module.name),
        String::new(),
        "# #[tokio::main(flavor = \"current_thread\")]".into(),
        "# async fn main() {".into(),
        "let api = MockApi::start().await;".into(),
        format!("let answer: {ty} = serde_json::from_str(r##\"{sample}\"##).unwrap();"),
        format!("let expectation = api.{}().{}().respond(&answer).await;", module.name, op.fn_name),
        String::new(),
        "// The code under test calls the API through this client.".into(),
        format!("let got = api.client().{}().{}().await.unwrap();", module.name, op.fn_name),
        String::new(),
        "assert_eq!(got, answer);".into(),
        "assert_eq!(expectation.calls().await, 1);".into(),
        "# }".into(),
    ])
}

/// An operation the crate example can call with no arguments and answer with a sample value: no
/// required parameters or body, one JSON success of a named type.
fn simple(_module: &Module, op: &Operation) -> bool {
    op.params.iter().all(|p| !p.required)
        && op.body.is_none()
        && op.success_enum.is_none()
        && op.stream_variant.is_none()
        && op.successes().count() == 1
        && op.successes().all(|r| r.media == ResponseMedia::Json && matches!(r.ty, Some(TypeRef::Named(_))))
}

/// A module's `src/<module>/mock.rs`.
pub fn module_mock(module: &Module) -> Result<TokenStream> {
    let mut methods = Vec::new();
    let mut types = Vec::new();
    for op in &module.operations {
        let (method, ty) = operation_mock(op)?;
        methods.push(method);
        types.push(ty);
    }
    let title = format!(" What the {} operations answer on a [`MockApi`].", module.title.replace('`', ""));
    Ok(quote! {
        //! Typed test doubles of this module's operations (the `mock` feature): see [`crate::mock`].

        #[allow(unused_imports)] // each module uses some of these
        use std::collections::BTreeMap;

        #[allow(unused_imports)] // each module uses some of these
        use super::*;
        #[allow(unused_imports)] // each module uses some of these
        use crate::mock::{Expectation, MockApi, OperationMock};

        #[doc = #title]
        #[derive(Debug, Clone, Copy)]
        pub struct Mocks<'a> {
            pub(crate) api: &'a MockApi,
        }

        impl<'a> Mocks<'a> {
            #( #methods )*
        }

        #( #types )*
    })
}

/// The `Mocks` method of one operation and its declaration type.
fn operation_mock(op: &Operation) -> Result<(TokenStream, TokenStream)> {
    let fn_name = ident(&op.fn_name);
    let mock_ty = ident(&format!("{}Mock", op.call_name));
    let verb = op.method.as_str();
    // The path, with the given path parameters encoded as the client encodes them.
    let mut format = String::new();
    let mut rest = op.path.as_str();
    let mut args = Vec::new();
    let mut format_args = Vec::new();
    while let Some(open) = rest.find('{') {
        format.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        let close = rest[open..].find('}').map(|c| open + c).unwrap_or(rest.len() - 1);
        let wire = &rest[open + 1..close];
        if let Some(p) = op.params.iter().find(|p| p.location == ParamLocation::Path && p.name == wire) {
            let name = ident(&p.rust_name);
            let ty = rust_type(&p.ty, &op.location)?;
            let arg_ty = if p.ty == TypeRef::String { quote!(&str) } else { quote!(#ty) };
            args.push(quote!(#name: #arg_ty));
            format_args.push(quote!(crate::runtime::encode_path_segment(&#name, #wire).unwrap_or_default()));
            format.push_str("{}");
        }
        rest = &rest[close + 1..];
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path = if format_args.is_empty() { quote!(String::from(#format)) } else { quote!(format!(#format, #( #format_args ),*)) };
    // Query matchers: one setter per query parameter.
    let setters = op.params.iter().filter(|p| p.location == ParamLocation::Query).map(|p| {
        let name = ident(&p.rust_name);
        let wire = p.name.as_str();
        let ty = rust_type(&p.ty, &op.location)?;
        let arg_ty = if p.ty == TypeRef::String { quote!(&str) } else { quote!(#ty) };
        let doc = format!(" Matches only calls whose `{wire}` query parameter is `value`.");
        Ok(quote! {
            #[doc = #doc]
            pub fn #name(mut self, value: #arg_ty) -> Self {
                self.inner.query(#wire, &value);
                self
            }
        })
    }).collect::<Result<Vec<_>>>()?;
    let body_ty = match &op.body {
        Some(body) if body.encoding == BodyEncoding::Json => rust_type(&body.ty, &op.location)?,
        Some(_) => quote!(serde_json::Value),
        None => quote!(()),
    };
    // The success answer, typed by the operation's first success response.
    let success = op.successes().next();
    let status = match success.map(|r| r.status) {
        Some(Status::Code(code)) => code,
        _ => 200,
    };
    let streamed = op.stream_variant.is_some() || super::streaming::streamed_success(op).is_some();
    let respond = match success.and_then(|r| r.ty.as_ref().map(|t| (r, t))) {
        _ if streamed => quote!(),
        Some((r, _)) if r.media == ResponseMedia::Binary => {
            let media = r.media_type.clone().unwrap_or_else(|| "application/octet-stream".into());
            quote! {
                /// Answers with `body` as the operation's success (status and media type as declared).
                pub async fn respond(self, body: &[u8]) -> Expectation<'a, #body_ty> {
                    self.inner.raw(#status, #media, body.to_vec()).await
                }
            }
        }
        Some((r, TypeRef::String)) if r.media == ResponseMedia::Text => {
            let media = r.media_type.clone().unwrap_or_else(|| "text/plain".into());
            quote! {
                /// Answers with `body` as the operation's success (status and media type as declared).
                pub async fn respond(self, body: &str) -> Expectation<'a, #body_ty> {
                    self.inner.raw(#status, #media, body.as_bytes().to_vec()).await
                }
            }
        }
        Some((_, ty)) => {
            let ty = rust_type(ty, &op.location)?;
            quote! {
                /// Answers with `body` as the operation's success (status as declared).
                pub async fn respond(self, body: &#ty) -> Expectation<'a, #body_ty> {
                    self.inner.json(#status, body).await
                }
            }
        }
        None => quote! {
            /// Answers with the operation's success status and no body.
            pub async fn respond(self) -> Expectation<'a, #body_ty> {
                self.inner.empty(#status).await
            }
        },
    };
    let doc = format!(" Declares what `{}` answers: calls of `{verb} {}` with these path parameters.", op.fn_name, op.path.replace('`', ""));
    let type_doc = format!(" What `{}` answers (see [`Mocks::{}`]).", op.fn_name, op.fn_name);
    let many_args = (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let method = quote! {
        #[doc = #doc]
        #many_args
        pub fn #fn_name(&self, #( #args ),*) -> #mock_ty<'a> {
            #mock_ty { inner: OperationMock::new(self.api, #verb, #path) }
        }
    };
    let ty = quote! {
        #[doc = #type_doc]
        #[derive(Debug)]
        #[must_use = "nothing is answered until `respond` is awaited"]
        pub struct #mock_ty<'a> {
            inner: OperationMock<'a>,
        }

        impl<'a> #mock_ty<'a> {
            #( #setters )*

            #respond

            /// Answers `status` with `body` as JSON: a declared error body, say.
            pub async fn respond_error<T: serde::Serialize + ?Sized>(self, status: u16, body: &T) -> Expectation<'a, #body_ty> {
                self.inner.json(status, body).await
            }

            /// Answers `status` with `body` as `content_type`, for anything else (an event stream, say).
            pub async fn respond_raw(self, status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Expectation<'a, #body_ty> {
                self.inner.raw(status, content_type, body.into()).await
            }
        }
    };
    Ok((method, ty))
}

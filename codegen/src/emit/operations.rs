//! Operations → the module's API handle, one call builder per operation, and the typed error
//! enums.
//!
//! A call is made in three steps: `client.sso().get_sso_certificate(id)` returns a call builder
//! holding the required arguments; optional parameters and per-call settings are chained; the
//! builder is `.await`ed (it implements `IntoFuture`) or sent with `send_with_response()` to also
//! get status and headers. How a builder sends (its `send` methods, `IntoFuture`, its `Call`
//! implementation) is written by `sending.rs`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::sending::Sending;
use super::streaming;
use super::usage;
use super::validate::call_checks;
use super::tokens::{arg_type, arg_value, doc, ident, rust_type};
use crate::diag::{Location, Result};
use crate::model::{AuthScheme, Body, BodyEncoding, Method, Module, Operation, PageItems, ParamLocation, QueryStyle, Response, ResponseMedia, Status, TypeKind, TypeRef, FILE_PART};

/// The `Api` handle of a module, with one method per operation; `lib` is the crate's name as a
/// Rust identifier, for the examples.
pub fn api_handle(lib: &str, module: &Module, first: std::ops::Range<usize>) -> Result<TokenStream> {
    let methods = module.operations[first].iter().map(|op| api_method(lib, module, op)).collect::<Result<Vec<_>>>()?;
    let title = format!(" Operations of the {} (`client.{}()`).", module.title, module.name);
    // A module without operations (a webhooks-only document) never reads its client.
    let unread = module.operations.is_empty().then(|| quote!(#[allow(dead_code)]));
    Ok(quote! {
        #[doc = #title]
        #[derive(Debug, Clone, Copy)]
        pub struct Api<'a> {
            #unread
            pub(crate) client: &'a Client,
        }

        impl<'a> Api<'a> {
            #( #methods )*
        }
    })
}

/// More methods of the module's `Api` handle (those of the operations in `range`), in an `impl`
/// block of their own: a big module's handle is built and formatted in parts, in parallel.
pub fn api_methods(lib: &str, module: &Module, range: std::ops::Range<usize>) -> Result<TokenStream> {
    let methods = module.operations[range].iter().map(|op| api_method(lib, module, op)).collect::<Result<Vec<_>>>()?;
    Ok(quote! {
        impl<'a> Api<'a> {
            #( #methods )*
        }
    })
}

/// The operation's method on `Api`: required parameters in, call builder out; its docs end with
/// an example calling it.
fn api_method(lib: &str, module: &Module, op: &Operation) -> Result<TokenStream> {
    let fn_name = ident(&op.fn_name);
    let call = ident(&op.call_name);
    let docs = operation_doc(op);
    let example = usage::doc_example(lib, module, op).into_iter().map(|line| {
        let line = if line.is_empty() { line } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    let docs = quote!(#docs #[doc = ""] #( #example )*);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in &op.params {
        let name = ident(&p.rust_name);
        let ty = rust_type(&p.ty, &op.location)?;
        if p.required {
            let arg = arg_type(&p.ty, &ty);
            args.push(quote!(#name: #arg));
            // Shorthand `name` where the argument is the value, `name: name.into()` otherwise.
            inits.push(if p.ty == TypeRef::String { quote!(#name: #name.into()) } else { quote!(#name) });
        } else {
            inits.push(quote!(#name: None));
        }
    }
    if let Some(body) = &op.body {
        if body.encoding == BodyEncoding::Bytes {
            // Bytes, a file or a stream (see `Upload`).
            args.push(quote!(body: impl Into<crate::Upload>));
            inits.push(quote!(body: body.into()));
        } else {
            let ty = body_type(body, &op.location)?;
            args.push(quote!(body: &'a #ty));
            inits.push(quote!(body));
        }
    }
    let deprecated = if op.deprecated { quote!(#[deprecated = "the API marks this operation as deprecated"]) } else { quote!() };
    // `&self` and the required parameters: an operation may have many path parameters.
    let many_args = if args.len() + 1 > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let twin = op.stream_variant.as_ref().map(|variant| {
        let (twin_fn, twin_call) = (ident(&variant.fn_name), ident(&variant.call_name));
        let main = &op.fn_name;
        let twin_doc = format!(
            " The same call as [`{main}`](Self::{main}), answered with an event stream: it asks for `text/event-stream` (and sets the body's `stream` flag, when it has one), and `.await` gives the events as they arrive."
        );
        quote! {
            #[doc = #twin_doc]
            #deprecated
            #many_args
            pub fn #twin_fn(&self, #( #args ),*) -> #twin_call<'a> {
                #twin_call { client: self.client, options: CallOptions::default(), #( #inits, )* }
            }
        }
    });
    Ok(quote! {
        #docs
        #deprecated
        #many_args
        pub fn #fn_name(&self, #( #args ),*) -> #call<'a> {
            #call { client: self.client, options: CallOptions::default(), #( #inits, )* }
        }

        #twin
    })
}

fn operation_doc(op: &Operation) -> TokenStream {
    let docs = doc(op.summary.as_deref(), op.description.as_deref(), &format!("The `{}` operation.", op.id));
    let route = format!(" `{} {}` (operation `{}`)", op.method.as_str(), op.path, op.id);
    quote! { #docs #[doc = ""] #[doc = #route] }
}

/// The call builder and the error enum of one operation, and the call builder of its
/// streaming twin, if it has one.
pub fn call(module: &Module, op: &Operation, validated: &BTreeSet<String>) -> Result<TokenStream> {
    let main = call_builder(module, op, validated, None)?;
    let twin = match (&op.stream_variant, op.stream_alternative()) {
        (Some(variant), Some(alternative)) => call_builder(module, op, validated, Some((&variant.call_name, &variant.fn_name, &alternative.item)))?,
        _ => quote!(),
    };
    Ok(quote!(#main #twin))
}

/// One call builder: the operation's, or (`twin`: its type name, method name and event type)
/// that of its streaming twin, which shares the operation's error enum.
fn call_builder(module: &Module, op: &Operation, validated: &BTreeSet<String>, twin: Option<(&String, &String, &TypeRef)>) -> Result<TokenStream> {
    let call = ident(twin.map_or(&op.call_name, |(name, _, _)| name));
    let error = ident(&op.error_name);
    let fn_name = twin.map_or(&op.fn_name, |(_, name, _)| name);
    let call_doc = format!(
        " A pending [`Api::{fn_name}`](super::Api::{fn_name}) call: chain optional settings, then `.await` it (or use [`send_with_response`](Self::send_with_response) to also get status and headers)."
    );
    let streamed = match twin {
        Some((_, _, item)) => Some(streaming::Streamed::Events(item)),
        None => streaming::streamed_success(op),
    };
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let name = ident(&p.rust_name);
        let ty = rust_type(&p.ty, &op.location)?;
        if p.required {
            fields.push(quote!(pub(super) #name: #ty));
        } else {
            fields.push(quote!(pub(super) #name: Option<#ty>));
            let sdoc = doc(p.description.as_deref(), None, &format!("Sets the `{}` parameter.", p.name));
            let (arg, conv) = (arg_type(&p.ty, &ty), arg_value(&p.ty, &ident("value")));
            setters.push(quote! {
                #sdoc
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#name = Some(#conv);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        if body.encoding == BodyEncoding::Bytes {
            fields.push(quote!(pub(super) body: crate::Upload));
        } else {
            let ty = body_type(body, &op.location)?;
            fields.push(quote!(pub(super) body: &'a #ty));
        }
    }
    let (success_ty, success_arms) = match &streamed {
        Some(streamed) => (streamed.rust_type(op)?, Vec::new()),
        None => success(op)?,
    };
    let failure_arms = op.failures().map(|r| failure_arm(op, r)).collect::<Vec<_>>();
    let (validate_method, checks) = call_checks(op, validated);
    let build = build_request(module, op, twin.is_some())?;
    // A declared `default` response already catches every other status.
    let unexpected = if op.responses.iter().any(|r| r.status == Status::Default) { quote!() } else { quote!(_ => Err(raw.unexpected()),) };
    let (pages, error_enum, success_enum) = match (twin, &streamed) {
        (Some(_), _) => (quote!(), quote!(), quote!()),
        (None, Some(_)) => (quote!(), error_enum(op)?, quote!()),
        (None, None) => (pagination(op, &success_ty)?, error_enum(op)?, success_enum(op)?),
    };
    let parts = Sending { call: &call, error: &error, success_ty: &success_ty, checks: &checks, build: &build };
    let (send, call_impl, into_future) = match &streamed {
        Some(streamed) => parts.streamed(streaming::send_open(op, *streamed, &failure_arms, &unexpected)?),
        None => parts.read_whole(&success_arms, &failure_arms, &unexpected),
    };
    // A stream is read with `.await`s: no blocking variant.
    let blocking = streamed.is_none().then(|| {
        quote! {
            /// Sends the request and waits for the decoded body, blocking the thread.
            #[cfg(feature = "blocking")]
            pub fn send_blocking(self) -> Result<#success_ty, Error<#error>> {
                crate::runtime::block_on(self.send())
            }

            /// Like [`send_with_response`](Self::send_with_response), blocking the thread.
            #[cfg(feature = "blocking")]
            pub fn send_with_response_blocking(self) -> Result<Response<#success_ty>, Error<#error>> {
                crate::runtime::block_on(self.send_with_response())
            }
        }
    });
    let send_streaming = (streamed.is_none() && streaming::streams_bytes(op)).then(|| -> Result<TokenStream> {
        let open = streaming::send_open(op, streaming::Streamed::Bytes, &failure_arms, &unexpected)?;
        Ok(quote! {
            /// Sends the request and streams the body as it arrives, in chunks (memory stays
            /// bounded by a chunk), with the status and headers.
            pub async fn send_streaming(self) -> Result<Response<crate::ByteStream>, Error<#error>> {
                #checks
                #build
                #open
            }
        })
    }).transpose()?;
    let extra_body = op.body.as_ref().filter(|b| b.encoding == BodyEncoding::Json).map(|_| {
        quote! {
            /// Adds a field the API description does not list to the JSON body (replacing the
            /// body's own field of that name); a body that is not a JSON object fails the call
            /// before it is sent.
            pub fn extra_body_field(mut self, name: &str, value: serde_json::Value) -> Self {
                self.options.extra_body.push((name.to_string(), value));
                self
            }
        }
    });
    Ok(quote! {
        #[doc = #call_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct #call<'a> {
            pub(super) client: &'a Client,
            pub(super) options: CallOptions,
            #( #fields, )*
        }

        impl<'a> #call<'a> {
            #( #setters )*

            /// Overrides the client's timeout for this call (each attempt).
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Overrides the client's number of retries for this call.
            pub fn max_retries(mut self, max_retries: u32) -> Self {
                self.options.max_retries = Some(max_retries);
                self
            }

            /// Adds a query parameter the API description does not list (sent after the
            /// operation's own).
            pub fn extra_query(mut self, name: &str, value: &str) -> Self {
                self.options.add_query(name, value);
                self
            }

            /// Adds a header the API description does not list (replacing the operation's own
            /// header of that name); an invalid name or value fails the call before it is sent.
            pub fn extra_header(mut self, name: &str, value: &str) -> Self {
                self.options.extra_headers.push((name.to_string(), value.to_string()));
                self
            }

            #extra_body

            #send

            #blocking

            #send_streaming

            #pages

            #validate_method
        }

        impl<'a> IntoFuture for #call<'a> {
            type Output = Result<#success_ty, Error<#error>>;
            type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                #into_future
            }
        }

        #call_impl

        #error_enum

        #success_enum
    })
}

/// The type a call borrows its body as: `str` for text, `[u8]` for bytes, else the model type.
fn body_type(body: &Body, at: &Location) -> Result<TokenStream> {
    Ok(match body.encoding {
        BodyEncoding::Text => quote!(str),
        BodyEncoding::Bytes => quote!([u8]),
        BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => rust_type(&body.ty, at)?,
    })
}

/// The request-building statements of `send_with_response`; `events` for a streaming twin,
/// which asks for an event stream and sets the body's `stream` flag when it has one.
fn build_request(module: &Module, op: &Operation, events: bool) -> Result<TokenStream> {
    let method = match &op.method {
        Method::Other(name) => quote!(extension_method(#name).map_err(Error::InvalidRequest)?),
        standard => {
            let name = ident(standard.as_str());
            quote!(Method::#name)
        }
    };
    let (format, path_args) = path_format(op);
    let operation_id = op.id.as_str();
    let template = op.path.as_str();
    let kinds = op.auth.iter().map(|a| match a {
        AuthScheme::Http(scheme) => quote!(Auth::Http(#scheme)),
        AuthScheme::Basic => quote!(Auth::Basic),
        AuthScheme::Header(name) => quote!(Auth::Header(#name)),
        AuthScheme::Query(name) => quote!(Auth::Query(#name)),
        AuthScheme::Cookie(name) => quote!(Auth::Cookie(#name)),
        AuthScheme::OAuth2(token_url) => quote!(Auth::OAuth2(#token_url)),
    });
    let mut steps = Vec::new();
    for p in &op.params {
        let name = ident(&p.rust_name);
        let wire = p.name.as_str();
        let value = if p.required { quote!(Some(&self.#name)) } else { quote!(self.#name.as_ref()) };
        match p.location {
            ParamLocation::Path => {}
            ParamLocation::Query if p.style == QueryStyle::Form && !p.allow_reserved => {
                let explode = p.explode;
                steps.push(quote!(request.query(#wire, #value, #explode).map_err(Error::InvalidRequest)?;));
            }
            ParamLocation::Query => {
                let (explode, reserved) = (p.explode, p.allow_reserved);
                let style = match p.style {
                    QueryStyle::Form => quote!(Form),
                    QueryStyle::SpaceDelimited => quote!(SpaceDelimited),
                    QueryStyle::PipeDelimited => quote!(PipeDelimited),
                    QueryStyle::DeepObject => quote!(DeepObject),
                };
                steps.push(quote! {
                    request
                        .query_styled(#wire, #value, crate::runtime::QueryStyle::#style, #explode, #reserved)
                        .map_err(Error::InvalidRequest)?;
                });
            }
            ParamLocation::Cookie => steps.push(quote!(request.cookie(#wire, #value).map_err(Error::InvalidRequest)?;)),
            ParamLocation::Header if p.idempotency_key && p.ty == TypeRef::String => {
                let wire = wire.to_ascii_lowercase();
                steps.push(quote!(request.idempotency_key(#wire, #value).map_err(Error::InvalidRequest)?;));
            }
            ParamLocation::Header => {
                let wire = wire.to_ascii_lowercase();
                steps.push(quote!(request.header(#wire, #value).map_err(Error::InvalidRequest)?;));
            }
        }
    }
    if let Some(body) = &op.body {
        let content_type = body.content_type.as_str();
        let flagged = events && has_stream_flag(module, &body.ty);
        steps.push(match body.encoding {
            BodyEncoding::Json if flagged => quote!(request.json_flagged(self.body, "stream", #content_type).map_err(Error::InvalidRequest)?;),
            BodyEncoding::Json => quote!(request.json(self.body, #content_type).map_err(Error::InvalidRequest)?;),
            BodyEncoding::Form => quote!(request.form(self.body, #content_type).map_err(Error::InvalidRequest)?;),
            BodyEncoding::Text => quote!(request.bytes(self.body.as_bytes(), #content_type);),
            BodyEncoding::Bytes => quote!(request.body_source(self.body.source(), #content_type);),
            BodyEncoding::Multipart => multipart_body(module, body),
        });
    }
    // Responses that are not JSON: ask for the media types the successes declare.
    if events {
        let accept = op.stream_alternative().map_or("text/event-stream", |a| a.media_type.as_str());
        steps.push(quote!(request.accept(#accept);));
    } else if let Some(accept) = op.accept.as_ref().filter(|a| *a != "application/json" || op.successes().any(|r| r.media != ResponseMedia::Json)) {
        // The `Accept` the document asks for (`x-accept`), unless it is the runtime's default.
        steps.push(quote!(request.accept(#accept);));
    } else if op.successes().any(|r| r.media != ResponseMedia::Json) {
        let mut accept: Vec<&str> = Vec::new();
        for media_type in op.successes().filter_map(|r| r.media_type.as_deref()) {
            if !accept.contains(&media_type) {
                accept.push(media_type);
            }
        }
        let accept = accept.join(", ");
        steps.push(quote!(request.accept(#accept);));
    }
    let request_binding = if steps.is_empty() { quote!(let request) } else { quote!(let mut request) };
    let path = if path_args.is_empty() { quote!(String::from(#format)) } else { quote!(format!(#format)) };
    Ok(quote! {
        #( #path_args )*
        #request_binding = Request::new(#operation_id, #template, #method, #path, &[#( #kinds ),*]);
        #( #steps )*
    })
}

/// Whether the body type is a struct with a boolean field `stream` (OpenAI's switch between a
/// JSON answer and an event stream).
pub(super) fn has_stream_flag(module: &Module, ty: &TypeRef) -> bool {
    let TypeRef::Named(name) = ty else { return false };
    match module.type_def(name).map(|t| &t.kind) {
        Some(TypeKind::Struct(fields)) => fields.iter().any(|f| f.name == "stream" && f.ty == TypeRef::Boolean),
        _ => false,
    }
}

/// The statements that write a `multipart/form-data` body: one part per field of the body's
/// struct (files as file parts), or per top-level key of any other body.
fn multipart_body(module: &Module, body: &Body) -> TokenStream {
    let file = TypeRef::Custom(FILE_PART.into());
    let fields = match &body.ty {
        TypeRef::Named(name) => module.type_def(name).and_then(|t| match &t.kind {
            TypeKind::Struct(fields) => Some(fields),
            _ => None,
        }),
        _ => None,
    };
    let Some(fields) = fields else {
        return quote! {
            let mut form = crate::runtime::Multipart::new();
            form.fields(self.body).map_err(Error::InvalidRequest)?;
            request.multipart(form);
        };
    };
    let parts = fields.iter().map(|f| {
        let (wire, name) = (f.name.as_str(), ident(&f.rust_name));
        let value = if f.is_optional() { quote!(self.body.#name.as_ref()) } else { quote!(Some(&self.body.#name)) };
        match &f.ty {
            t if *t == file => quote!(form.file(#wire, #value);),
            TypeRef::Array(item) if **item == file => quote!(form.files(#wire, #value);),
            _ => quote!(form.field(#wire, #value).map_err(Error::InvalidRequest)?;),
        }
    });
    quote! {
        let mut form = crate::runtime::Multipart::new();
        #( #parts )*
        request.multipart(form);
    }
}

/// The `format!` string of the path and the statements that encode each path parameter.
fn path_format(op: &Operation) -> (String, Vec<TokenStream>) {
    let mut format = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        format.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        let close = rest[open..].find('}').map(|c| open + c).unwrap_or(rest.len() - 1);
        let wire = &rest[open + 1..close];
        if let Some(p) = op.params.iter().find(|p| p.location == ParamLocation::Path && p.name == wire) {
            let var = ident(&format!("path_{}", p.rust_name));
            let name = ident(&p.rust_name);
            args.push(quote! {
                let #var = encode_path_segment(&self.#name, #wire).map_err(Error::InvalidRequest)?;
            });
            format.push_str(&format!("{{path_{}}}", p.rust_name));
        }
        rest = &rest[close + 1..];
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    (format, args)
}

/// The success type and the match arms that decode it.
fn success(op: &Operation) -> Result<(TokenStream, Vec<TokenStream>)> {
    let ty = match op.success_type() {
        Some(t) => rust_type(&t, &op.location)?,
        None => quote!(()),
    };
    let successes: Vec<&Response> = op.successes().collect();
    if successes.is_empty() {
        return Ok((ty, vec![quote!(200..=299 => raw.empty(),)]));
    }
    let arms = successes
        .iter()
        .map(|r| {
            let pattern = status_pattern(r.status);
            let decode = match (&r.ty, r.media) {
                (Some(_), ResponseMedia::Binary) => quote!(raw.bytes().map(|response| response.map(bytes::Bytes::from))),
                (Some(TypeRef::String), _) => quote!(raw.text()),
                (Some(_), _) => quote!(raw.decode()),
                (None, _) => quote!(raw.empty()),
            };
            match &op.success_enum {
                Some(name) => {
                    let (name, variant) = (ident(name), ident(&r.variant));
                    let wrap = if r.ty.is_some() { quote!(#name::#variant) } else { quote!(|()| #name::#variant) };
                    quote!(#pattern => #decode.map(|response| response.map(#wrap)),)
                }
                None => quote!(#pattern => #decode,),
            }
        })
        .collect();
    Ok((ty, arms))
}

/// The enum of an operation's success responses, when their bodies differ.
fn success_enum(op: &Operation) -> Result<TokenStream> {
    let Some(name) = &op.success_enum else { return Ok(quote!()) };
    let name = ident(name);
    let sdoc = format!(" The success responses [`Api::{0}`](super::Api::{0}) declares, decoded.", op.fn_name);
    let mut variants = Vec::new();
    for r in op.successes() {
        let variant = ident(&r.variant);
        let status = match r.status {
            Status::Code(c) => c.to_string(),
            Status::Range(r) => format!("{r}XX"),
            Status::Default => "default".to_string(),
        };
        let vdoc = doc(r.description.as_deref().map(|d| format!("{status}: {d}")).as_deref(), None, &format!("{status}."));
        variants.push(match &r.ty {
            Some(ty) => {
                let ty = rust_type(ty, &op.location)?;
                quote!(#vdoc #variant(#ty),)
            }
            None => quote!(#vdoc #variant,),
        });
    }
    Ok(quote! {
        #[doc = #sdoc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // one variant per status: boxing would make matching clumsier
        pub enum #name {
            #( #variants )*
        }
    })
}

fn failure_arm(op: &Operation, r: &Response) -> TokenStream {
    let error = ident(&op.error_name);
    let variant = ident(&r.variant);
    let pattern = status_pattern(r.status);
    match &r.ty {
        Some(_) if r.media == ResponseMedia::Binary => quote!(#pattern => Err(raw.api_bytes(|body| #error::#variant(bytes::Bytes::from(body)))),),
        // Text, as for success responses: a non-JSON media type.
        Some(TypeRef::String) => quote!(#pattern => Err(raw.api_text(#error::#variant)),),
        Some(_) => quote!(#pattern => Err(raw.api(#error::#variant)),),
        None => quote!(#pattern => Err(raw.api_empty(#error::#variant)),),
    }
}

fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(c) => quote!(#c),
        Status::Range(r) => {
            let (lo, hi) = (r * 100, r * 100 + 99);
            quote!(#lo..=#hi)
        }
        Status::Default => quote!(_),
    }
}

/// The enum of the operation's declared error responses.
fn error_enum(op: &Operation) -> Result<TokenStream> {
    let error = ident(&op.error_name);
    let edoc = format!(" The error responses [`Api::{0}`](super::Api::{0}) declares, decoded.", op.fn_name);
    let mut variants = Vec::new();
    for r in op.failures() {
        let variant = ident(&r.variant);
        let status = match r.status {
            Status::Code(c) => format!("{c}"),
            Status::Range(r) => format!("{r}XX"),
            Status::Default => "any other status".to_string(),
        };
        let vdoc = doc(r.description.as_deref().map(|d| format!("{status}: {d}")).as_deref(), None, &format!("{status}."));
        variants.push(match &r.ty {
            Some(ty) => {
                let ty = rust_type(ty, &Location::new(&op.location.file, &op.location.pointer))?;
                quote!(#vdoc #variant(#ty),)
            }
            None => quote!(#vdoc #variant,),
        });
    }
    Ok(quote! {
        #[doc = #edoc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // one variant per status: boxing would make matching clumsier
        pub enum #error {
            #( #variants )*
        }
    })
}

/// `pages()` and `items()` for offset-paginated list operations.
fn pagination(op: &Operation, page_ty: &TokenStream) -> Result<TokenStream> {
    let Some(p) = &op.pagination else { return Ok(quote!()) };
    let error = ident(&op.error_name);
    let (limit, offset) = (ident(&p.limit), ident(&p.offset));
    let item_ty = rust_type(&p.item_ty, &op.location)?;
    let items_of = match &p.items {
        PageItems::Body => quote!(page),
        PageItems::OptionalField(field) => {
            let field = ident(field);
            quote!(page.#field.unwrap_or_default())
        }
        PageItems::RequiredField(field) => {
            let field = ident(field);
            quote!(page.#field)
        }
    };
    let count_of = match &p.items {
        PageItems::Body => quote!(page.len()),
        PageItems::OptionalField(field) => {
            let field = ident(field);
            quote!(page.#field.as_ref().map_or(0, Vec::len))
        }
        PageItems::RequiredField(field) => {
            let field = ident(field);
            quote!(page.#field.len())
        }
    };
    // `limit` and `offset` may be `i32` or `i64`: counts are compared and added in `i64`.
    let is_i32 = |name: &str| op.params.iter().any(|q| q.rust_name == name && q.ty == TypeRef::Integer(crate::model::IntWidth::I32));
    let limit_wide = if is_i32(&p.limit) { quote!(i64::from(limit)) } else { quote!(limit) };
    let advance = if is_i32(&p.offset) {
        quote! {
            let advanced = i64::from(start).saturating_add(i64::try_from(received).unwrap_or(i64::MAX));
            i32::try_from(advanced).ok().map(|offset| {
                let mut next = next;
                next.#offset = Some(offset);
                next
            })
        }
    } else {
        quote! {
            let mut next = next;
            next.#offset = Some(start.saturating_add(i64::try_from(received).unwrap_or(i64::MAX)));
            next
        }
    };
    // A 32-bit offset that cannot advance ends the stream.
    let flatten = if is_i32(&p.offset) { quote!(.flatten()) } else { quote!() };
    let limit_wire = &p.limit;
    let offset_wire = &p.offset;
    let pages_doc = format!(
        " Pages through the whole list: sends this call, then again with `{offset_wire}` advanced by the number of items received, until a page is shorter than `{limit_wire}` (or empty, when no `{limit_wire}` is set)."
    );
    Ok(quote! {
        #[doc = #pages_doc]
        pub fn pages(self) -> impl Stream<Item = Result<#page_ty, Error<#error>>> + Send + 'a {
            stream::try_unfold(Some(self), |state| async move {
                let Some(call) = state else { return Ok(None) };
                let next = call.clone();
                let page = call.send().await?;
                let received = #count_of;
                let full = match next.#limit {
                    Some(limit) => i64::try_from(received).unwrap_or(i64::MAX) >= #limit_wide && limit > 0,
                    None => received > 0,
                };
                let next = full.then(|| {
                    let start = next.#offset.unwrap_or(0);
                    #advance
                }) #flatten;
                Ok(Some((page, next)))
            })
        }

        /// Every item of every page, in order (see [`pages`](Self::pages)).
        pub fn items(self) -> impl Stream<Item = Result<#item_ty, Error<#error>>> + Send + 'a {
            self.pages()
                .map_ok(|page| stream::iter(#items_of.into_iter().map(Ok)))
                .try_flatten()
        }
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::json;

    use crate::model::names::CALL_BUILDER_MEMBERS;

    /// Every field and method a call builder has besides its parameters' is in
    /// `CALL_BUILDER_MEMBERS`, the list parameter names keep clear of (all kinds of member:
    /// pagination, validation, a body, blocking sends).
    #[test]
    fn call_builder_members_are_the_reserved_list() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/things/{id}": {"post": {
            "operationId": "ListThings",
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "maxLength": 9}},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                {"name": "offset", "in": "query", "schema": {"type": "integer"}}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}}}}});
        let generated = crate::generate_document("m", std::path::Path::new("m.yaml"), doc).expect("generates");
        let calls = &generated.files[std::path::Path::new("src/m/calls.rs")];
        let file = syn::parse_file(calls).expect("calls.rs parses");
        let mut members = BTreeSet::new();
        for item in &file.items {
            match item {
                syn::Item::Struct(s) if s.ident == "ListThings" => {
                    members.extend(s.fields.iter().filter_map(|f| f.ident.as_ref()).map(ToString::to_string));
                }
                syn::Item::Impl(i) if i.trait_.is_none() => {
                    members.extend(i.items.iter().filter_map(|item| match item {
                        syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                        _ => None,
                    }));
                }
                _ => {}
            }
        }
        for param in ["id", "limit", "offset"] {
            assert!(members.remove(param), "{param} in {members:?}");
        }
        let unlisted: Vec<&String> = members.iter().filter(|m| !CALL_BUILDER_MEMBERS.contains(&m.as_str())).collect();
        assert!(unlisted.is_empty(), "call builder members missing from CALL_BUILDER_MEMBERS: {unlisted:?}");
        for expected in ["pages", "items", "validate", "body", "send_blocking"] {
            assert!(members.contains(expected), "the test document should give the builder `{expected}`: {members:?}");
        }
    }
}

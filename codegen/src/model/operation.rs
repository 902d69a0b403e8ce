//! Operations → [`Operation`]s: names, parameters, bodies and responses.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody, Response as OaResponse, StatusCode,
};
use serde_json::Value;

use super::media;
use super::names::{param_name, pascal_case, snake_case, Namespace};
use super::schema::{param_validation, Types};
use super::security::{auth_of, Reported};
use super::{Body, BodyEncoding, Example, Method, Operation, Param, ParamLocation, Response, ResponseMedia, Status, StreamAlternative, TypeRef, BYTES};
use crate::diag::{Error, Location, Result};

/// Headers the client sets itself; declaring them as parameters adds nothing for the user (and
/// framing headers such as `Content-Length` set by hand would break the request).
const MANAGED_HEADERS: &[&str] = &[
    "accept", "content-type", "authorization", "content-length", "host", "connection", "keep-alive",
    "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection",
];

/// How a response is read: its description, body type, media kind and the event stream it also
/// offers.
type ReadResponse = (Option<String>, Option<TypeRef>, ResponseMedia, Option<StreamAlternative>);

/// State shared by the operations of one module.
pub struct Operations<'t, 'a> {
    /// The type converter (it owns the module's type namespace).
    pub types: &'t mut Types<'a>,
    /// Function names used so far.
    pub fn_names: Namespace,
    /// The function names of the operations named explicitly (`operationId` or `x-rust-name`),
    /// which operations named after their method and path never take.
    explicit: BTreeSet<String>,
    /// The explicit names (`operationId` or `x-rust-name`) built so far, as written.
    explicit_seen: BTreeSet<String>,
    /// Examples found so far.
    pub examples: Vec<Example>,
    /// Types of shared component responses and request bodies, so each is converted once.
    shared: BTreeMap<String, Option<TypeRef>>,
    /// Security schemes already reported as not sendable.
    reported: Reported,
}

impl<'t, 'a> Operations<'t, 'a> {
    /// Starts with the module's type converter.
    pub fn new(types: &'t mut Types<'a>) -> Self {
        Operations {
            types,
            fn_names: Namespace::default(),
            explicit: BTreeSet::new(),
            explicit_seen: BTreeSet::new(),
            examples: Vec::new(),
            shared: BTreeMap::new(),
            reported: Reported::default(),
        }
    }

    /// Records the function name of every operation of `doc` that is named explicitly, before
    /// any operation is built, so that a name derived from a method and path never takes one of
    /// them, wherever it is in the document.
    pub fn reserve_explicit_names(&mut self, doc: &openapiv3::OpenAPI) {
        for (_, item) in doc.paths.paths.iter() {
            let ReferenceOr::Item(item) = item else { continue };
            for (_, op) in item.iter() {
                if let Some(base) = explicit_name(op) {
                    self.explicit.insert(snake_case(&base));
                }
            }
        }
    }

    /// Builds one operation.
    pub fn build(
        &mut self,
        doc: &openapiv3::OpenAPI,
        path: &str,
        method: Method,
        op: &openapiv3::Operation,
        at: Location,
    ) -> Result<Operation> {
        let id = op.operation_id.clone().unwrap_or_else(|| format!("{} {path}", method.as_str().to_lowercase()));
        let (fn_name, pascal) = match explicit_name(op) {
            // The same explicit name twice is an error in the document; two different ones
            // that give one Rust name (`List rules` and `list_rules`) are told apart by a
            // numeric suffix on the later one, with a warning.
            Some(base) => {
                let fn_name = snake_case(&base);
                if !self.explicit_seen.insert(base.clone()) {
                    return Err(Error::input(
                        at.child("operationId"),
                        format!("operation `{id}` would be named `{fn_name}`, which another operation of this document already uses; rename one with x-rust-name"),
                    ));
                }
                if self.fn_names.reserve(&fn_name) {
                    (fn_name, pascal_case(&base))
                } else {
                    let unique = self.fn_names.unique_except(&fn_name, &BTreeSet::new());
                    self.types.warnings.push(
                        at.child("operationId"),
                        format!("operation `{id}` would be named `{fn_name}`, which another operation of this document already uses: named `{unique}` (set x-rust-name to choose)"),
                    );
                    let pascal = pascal_case(&unique);
                    (unique, pascal)
                }
            }
            // Named after method and path: `get /users` and `get /users/~` both give
            // `get_users`; the later one in document order gets a numeric suffix (`get_users2`),
            // skipping the names of explicitly named operations.
            None => {
                let derived = snake_case(&id);
                let fn_name = self.fn_names.unique_except(&derived, &self.explicit);
                if fn_name == derived {
                    (fn_name, pascal_case(&id))
                } else {
                    self.types.warnings.push(
                        at.clone(),
                        format!("operation `{id}` has no operationId and the name derived from it, `{derived}`, is taken: named `{fn_name}` (set an operationId or x-rust-name to choose)"),
                    );
                    let pascal = pascal_case(&fn_name);
                    (fn_name, pascal)
                }
            }
        };
        let mut params = Vec::new();
        let mut param_names = Namespace::default();
        for (i, p) in op.parameters.iter().enumerate() {
            let p_at = at.child("parameters").child(&i.to_string());
            let Some(param) = resolve_param(doc, p) else {
                return Err(Error::input(p_at, "parameter reference does not resolve to a parameter"));
            };
            if let Some(param) = self.param(param, &pascal, &mut param_names, &p_at)? {
                params.push(param);
            }
        }
        drop_unused_path_params(path, &mut params, &at, &mut self.types.warnings);
        check_path_params(path, &params, &at)?;
        if let Some(server) = op.servers.first() {
            self.types.warnings.push(
                at.child("servers"),
                format!("operation-level server `{}` is not used: calls go to the client's base URL (set it with base_url())", server.url),
            );
        }
        let body = match &op.request_body {
            Some(b) => self.body(doc, b, &pascal, &at.child("requestBody"))?,
            None => None,
        };
        let mut responses = Vec::new();
        let mut variants = Namespace::default();
        let declared = op.responses.responses.iter().map(|(s, r)| (status_of(s), s.to_string(), r));
        let default = op.responses.default.iter().map(|r| (Status::Default, "default".to_string(), r));
        for (status, key, response) in declared.chain(default) {
            let r_at = at.child("responses").child(&key);
            let variant = variants.unique(&variant_name(status));
            let hint = if status.is_success() { format!("{pascal}Response") } else { format!("{pascal}{variant}Body") };
            let (description, ty, media, stream) = self.response(doc, response, &hint, &r_at)?;
            let content = match response {
                ReferenceOr::Item(r) => Some(&r.content),
                ReferenceOr::Reference { reference } => doc
                    .components
                    .as_ref()
                    .and_then(|c| c.responses.get(reference.rsplit('/').next().unwrap_or(reference)))
                    .and_then(|r| r.as_item())
                    .map(|r| &r.content),
            };
            let media_type = content.and_then(|c| match media {
                ResponseMedia::Json => media::json_media(c).map(|(k, _)| k.clone()),
                ResponseMedia::EventStream => media::find(c, media::is_event_stream).map(|(k, _)| k.clone()),
                ResponseMedia::JsonLines => media::find(c, media::is_json_lines).map(|(k, _)| k.clone()),
                _ => c.keys().next().cloned(),
            });
            responses.push(Response { status, variant, description, ty, media, media_type, stream });
        }
        responses.sort_by_key(|r| r.status);
        let call_name = self.types.unique_name(&pascal);
        let error_name = self.types.unique_name(&format!("{pascal}Error"));
        let success_types: Vec<&Option<TypeRef>> = responses.iter().filter(|r| r.status.is_success()).map(|r| &r.ty).collect();
        let distinct = success_types.first().is_some_and(|first| success_types.iter().any(|t| t != first));
        let success_enum = distinct.then(|| self.types.unique_name(&format!("{pascal}Success")));
        let security = op.security.as_ref().or(doc.security.as_ref());
        let auth = auth_of(doc, security, &at, &mut self.reported, &mut self.types.warnings);
        let stream_variant = responses.iter().any(|r| r.status.is_success() && r.stream.is_some()).then(|| super::StreamVariant {
            fn_name: self.fn_names.unique_except(&format!("{fn_name}_stream"), &self.explicit),
            call_name: self.types.unique_name(&format!("{pascal}Stream")),
        });
        let document = super::DocumentRequest {
            method: method.as_str().to_string(),
            path: path.to_string(),
            params: params.iter().map(|p| (p.name.clone(), p.location)).collect(),
        };
        Ok(Operation {
            id,
            fn_name,
            call_name,
            error_name,
            success_enum,
            method,
            path: path.to_string(),
            tags: op.tags.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            params,
            body,
            responses,
            auth,
            deprecated: op.deprecated,
            pagination: None,
            location: at,
            document,
            stream_variant,
            replay: super::replay::read(&op.extensions),
            accept: op.extensions.get(crate::load::postman::X_ACCEPT).and_then(Value::as_str).map(str::to_string),
        })
    }

    fn param(&mut self, param: &Parameter, op: &str, names: &mut Namespace, at: &Location) -> Result<Option<Param>> {
        let (data, location, explode_default) = match param {
            Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path, false),
            Parameter::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query, true),
            Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header, false),
            Parameter::Cookie { parameter_data, .. } => (parameter_data, ParamLocation::Cookie, true),
        };
        let (style, allow_reserved) = match param {
            Parameter::Query { style, allow_reserved, .. } => (
                match style {
                    QueryStyle::Form => super::QueryStyle::Form,
                    QueryStyle::SpaceDelimited => super::QueryStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => super::QueryStyle::PipeDelimited,
                    QueryStyle::DeepObject => super::QueryStyle::DeepObject,
                },
                *allow_reserved,
            ),
            _ => (super::QueryStyle::Form, false),
        };
        if location == ParamLocation::Header && MANAGED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) {
            self.types.warnings.push(at.clone(), format!("header parameter `{}` is set by the client itself; omitted", data.name));
            return Ok(None);
        }
        let (ty, validation, format) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (
                self.types.type_of(schema, &format!("{op}{}", pascal_case(&data.name)), &at.child("schema")),
                param_validation(schema),
                self.types.string_format(schema),
            ),
            ParameterSchemaOrContent::Content(_) => (TypeRef::String, Default::default(), None),
        };
        let wanted = data.extensions.get("x-rust-name").and_then(Value::as_str).unwrap_or(&data.name);
        let idempotency_key = location == ParamLocation::Header
            && (data.name.eq_ignore_ascii_case(crate::normalise::idempotency::DEFAULT_HEADER)
                || data.extensions.get(crate::normalise::idempotency::EXTENSION) == Some(&Value::Bool(true)));
        Ok(Some(Param {
            name: data.name.clone(),
            rust_name: names.unique(&param_name(&snake_case(wanted))),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            description: match (idempotency_key, &data.description) {
                // The configured declaration says it already.
                (true, Some(d)) if d.contains("UUID v4") => Some(d.clone()),
                (true, d) => Some(format!(
                    "{}When not set, the client sends a new UUID v4, the same on every retry of the call.",
                    d.as_deref().map(|d| format!("{}\n\n", d.trim_end())).unwrap_or_default()
                )),
                (false, d) => d.clone(),
            },
            explode: data.explode.unwrap_or(explode_default),
            style,
            allow_reserved,
            validation,
            format,
            idempotency_key,
        }))
    }

    fn body(&mut self, doc: &openapiv3::OpenAPI, body: &ReferenceOr<RequestBody>, op: &str, at: &Location) -> Result<Option<Body>> {
        let (body, hint, key) = match body {
            ReferenceOr::Item(b) => (b, format!("{op}Request"), None),
            ReferenceOr::Reference { reference } => {
                let name = reference.rsplit('/').next().unwrap_or(reference);
                let b = doc
                    .components
                    .as_ref()
                    .and_then(|c| c.request_bodies.get(name))
                    .and_then(|b| b.as_item())
                    .ok_or_else(|| Error::input(at.clone(), format!("request body reference `{reference}` does not resolve")))?;
                (b, format!("{}Request", pascal_case(name)), Some(reference.clone()))
            }
        };
        let Some((content_type, media, encoding)) = body_media(&body.content) else {
            let types: Vec<&String> = body.content.keys().collect();
            // Never a body in a media type the document does not declare.
            self.types.warnings.push(at.clone(), format!("request body has no media type the client can send (declares {types:?}); calls send no body"));
            return Ok(None);
        };
        let at = at.child("content").child(content_type);
        let ty = match encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => self.media_type(media, &hint, &at, key)?.unwrap_or(TypeRef::Json),
            BodyEncoding::Text => {
                self.examples_of(media, &TypeRef::String, &at);
                TypeRef::String
            }
            BodyEncoding::Bytes => TypeRef::Custom("Vec<u8>".into()),
        };
        Ok(Some(Body { ty, content_type: content_type.clone(), encoding, required: body.required }))
    }

    fn response(
        &mut self,
        doc: &openapiv3::OpenAPI,
        response: &ReferenceOr<OaResponse>,
        hint: &str,
        at: &Location,
    ) -> Result<ReadResponse> {
        let (response, hint, key) = match response {
            ReferenceOr::Item(r) => (r, hint.to_string(), None),
            ReferenceOr::Reference { reference } => {
                let name = reference.rsplit('/').next().unwrap_or(reference);
                let r = doc
                    .components
                    .as_ref()
                    .and_then(|c| c.responses.get(name))
                    .and_then(|r| r.as_item())
                    .ok_or_else(|| Error::input(at.clone(), format!("response reference `{reference}` does not resolve")))?;
                (r, format!("{}Body", pascal_case(name)), Some(reference.clone()))
            }
        };
        let description = Some(response.description.clone()).filter(|d| !d.trim().is_empty());
        let content_at = at.child("content");
        let events = media::find(&response.content, media::is_event_stream);
        let Some((content_type, json)) = media::json_media(&response.content) else {
            if let Some((content_type, events)) = events {
                let item = self.stream_item(events, &format!("{hint}Event"), &content_at.child(content_type), false);
                return Ok((description, Some(item), ResponseMedia::EventStream, None));
            }
            if let Some((content_type, lines)) = media::find(&response.content, media::is_json_lines) {
                let item = self.stream_item(lines, &format!("{hint}Item"), &content_at.child(content_type), true);
                return Ok((description, Some(item), ResponseMedia::JsonLines, None));
            }
            let Some(other) = response.content.keys().next() else { return Ok((description, None, ResponseMedia::Json, None)) };
            return Ok(if media::is_text(other) || other.trim() == "*/*" {
                (description, Some(TypeRef::String), ResponseMedia::Text, None)
            } else {
                (description, Some(TypeRef::Custom(BYTES.into())), ResponseMedia::Binary, None)
            });
        };
        let ty = self.media_type(json, &hint, &content_at.child(content_type), key)?;
        let stream = events.map(|(media_type, events)| StreamAlternative {
            media_type: media_type.clone(),
            item: self.stream_item(events, &format!("{hint}Event"), &content_at.child(media_type), false),
        });
        Ok((description, ty, ResponseMedia::Json, stream))
    }

    /// The type of each item of a streamed response: its schema's type (the `items` of an
    /// array schema for JSON lines, whose document may describe the whole sequence); a string
    /// for events whose schema is a string or absent (`data` read as it comes), any JSON for
    /// JSON lines without a schema.
    fn stream_item(&mut self, media: &MediaType, hint: &str, at: &Location, lines: bool) -> TypeRef {
        let Some(schema) = &media.schema else { return if lines { TypeRef::Json } else { TypeRef::String } };
        if lines {
            if let ReferenceOr::Item(openapiv3::Schema { schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)), .. }) = schema {
                if let Some(items) = &array.items {
                    let items = match items {
                        ReferenceOr::Item(b) => ReferenceOr::Item((**b).clone()),
                        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference: reference.clone() },
                    };
                    return self.types.type_of(&items, hint, &at.child("schema").child("items"));
                }
            }
        }
        self.types.type_of(schema, hint, &at.child("schema"))
    }

    /// The type of a media type's schema, and its examples recorded for the example test.
    fn media_type(&mut self, media: &MediaType, hint: &str, at: &Location, shared_key: Option<String>) -> Result<Option<TypeRef>> {
        let ty = match (&shared_key, &media.schema) {
            (_, None) => None,
            (Some(key), Some(_)) if self.shared.contains_key(key) => self.shared.get(key).cloned().flatten(),
            (key, Some(schema)) => {
                let ty = Some(self.types.type_of(schema, hint, &at.child("schema")));
                if let Some(key) = key {
                    self.shared.insert(key.clone(), ty.clone());
                }
                ty
            }
        };
        if let Some(ty) = &ty {
            self.examples_of(media, ty, at);
        }
        Ok(ty)
    }

    /// Records the examples of a media type for the example test, as values of `ty`.
    fn examples_of(&mut self, media: &MediaType, ty: &TypeRef, at: &Location) {
        {
            if let Some(value) = &media.example {
                self.examples.push(Example { location: at.child("example"), ty: ty.clone(), value: value.clone() });
            }
            for (name, example) in &media.examples {
                if let ReferenceOr::Item(example) = example {
                    if let Some(value) = &example.value {
                        let location = at.child("examples").child(name).child("value");
                        self.examples.push(Example { location, ty: ty.clone(), value: value.clone() });
                    }
                }
            }
            if let Some(ReferenceOr::Item(schema)) = &media.schema {
                if let Some(value) = &schema.schema_data.example {
                    self.examples.push(Example { location: at.child("schema").child("example"), ty: ty.clone(), value: value.clone() });
                }
            }
        }
    }
}

/// The name an operation is given explicitly: its `x-rust-name`, else its `operationId`.
fn explicit_name(op: &openapiv3::Operation) -> Option<String> {
    op.extensions.get("x-rust-name").and_then(Value::as_str).map(str::to_string).or_else(|| op.operation_id.clone())
}

/// The media type a request body is sent in, and how: text as written if marked `x-raw-text`;
/// JSON if declared (see [`json_media`]);
/// else `application/x-www-form-urlencoded` as a form; else `multipart/form-data` as parts; else
/// text (`text/*`, XML) as a string; else the first media type as bytes the caller encodes
/// (`multipart/mixed` too). Only media types that are valid header values are considered.
fn body_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType, BodyEncoding)> {
    // Text sent as written whatever its media type says (`x-raw-text`, from a Postman body
    // declared JSON that is not).
    if let Some((k, m)) = content.iter().find(|(_, m)| m.extensions.get(crate::load::postman::X_RAW_TEXT) == Some(&Value::Bool(true))) {
        return Some((k, m, BodyEncoding::Text));
    }
    if let Some((k, m)) = media::json_media(content) {
        return Some((k, m, BodyEncoding::Json));
    }
    let usable = |k: &String| !k.is_empty() && k.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
    let candidates: Vec<_> = content.iter().filter(|(k, _)| usable(k)).collect();
    for (wanted, encoding) in [("application/x-www-form-urlencoded", BodyEncoding::Form), ("multipart/form-data", BodyEncoding::Multipart)] {
        if let Some((k, m)) = candidates.iter().find(|(k, _)| media::essence(k) == wanted) {
            return Some((k, m, encoding));
        }
    }
    if let Some((k, m)) = candidates.iter().find(|(k, _)| media::is_text(k)) {
        return Some((k, m, BodyEncoding::Text));
    }
    candidates.first().map(|(k, m)| (*k, *m, BodyEncoding::Bytes))
}

fn resolve_param<'d>(doc: &'d openapiv3::OpenAPI, p: &'d ReferenceOr<Parameter>) -> Option<&'d Parameter> {
    match p {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            doc.components.as_ref()?.parameters.get(name)?.as_item()
        }
    }
}

/// Every `{name}` in the path must be a declared path parameter, and vice versa.
fn check_path_params(path: &str, params: &[Param], at: &Location) -> Result<()> {
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(Error::input(at.clone(), format!("path `{path}` has an unclosed `{{`")));
        };
        let name = &rest[open + 1..open + close];
        if !params.iter().any(|p| p.location == ParamLocation::Path && p.name == name) {
            return Err(Error::input(at.child("parameters"), format!("path parameter `{name}` of `{path}` is not declared")));
        }
        rest = &rest[open + close + 1..];
    }
    Ok(())
}

/// Leaves out, with a warning, the path parameters that `path` has no `{name}` for (they could
/// not be sent anywhere; ClickSend declares one).
fn drop_unused_path_params(path: &str, params: &mut Vec<Param>, at: &Location, warnings: &mut crate::diag::Warnings) {
    params.retain(|p| {
        let used = p.location != ParamLocation::Path || path.contains(&format!("{{{}}}", p.name));
        if !used {
            warnings.push(at.child("parameters"), format!("path parameter `{}` does not appear in `{path}`: left out", p.name));
        }
        used
    });
}

fn status_of(code: &StatusCode) -> Status {
    match code {
        StatusCode::Code(c) => Status::Code(*c),
        StatusCode::Range(r) => Status::Range(*r),
    }
}

/// The Rust variant name of a status: its reason phrase, or `Status418`-style.
fn variant_name(status: Status) -> String {
    let name = match status {
        Status::Code(200) => "Ok",
        Status::Code(201) => "Created",
        Status::Code(202) => "Accepted",
        Status::Code(204) => "NoContent",
        Status::Code(303) => "SeeOther",
        Status::Code(400) => "BadRequest",
        Status::Code(401) => "Unauthorized",
        Status::Code(403) => "Forbidden",
        Status::Code(404) => "NotFound",
        Status::Code(405) => "MethodNotAllowed",
        Status::Code(406) => "NotAcceptable",
        Status::Code(409) => "Conflict",
        Status::Code(413) => "PayloadTooLarge",
        Status::Code(415) => "UnsupportedMediaType",
        Status::Code(422) => "UnprocessableEntity",
        Status::Code(429) => "TooManyRequests",
        Status::Code(500) => "InternalServerError",
        Status::Code(502) => "BadGateway",
        Status::Code(503) => "ServiceUnavailable",
        Status::Code(504) => "GatewayTimeout",
        Status::Code(c) => return format!("Status{c}"),
        Status::Range(r) => return format!("Status{r}xx"),
        Status::Default => "Other",
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(types: &[&str]) -> indexmap::IndexMap<String, MediaType> {
        types.iter().map(|t| (t.to_string(), MediaType::default())).collect()
    }

    #[test]
    fn body_media_prefers_json_then_form_multipart_text_bytes() {
        let pick = |types: &[&str]| body_media(&content(types)).map(|(k, _, e)| (k.clone(), e));
        let upper = ["text/plain", "application/JSON"];
        assert_eq!(pick(&upper), Some(("application/JSON".into(), BodyEncoding::Json)));
        let all = ["text/plain", "multipart/form-data", "application/x-www-form-urlencoded", "application/json"];
        assert_eq!(pick(&all), Some(("application/json".into(), BodyEncoding::Json)));
        assert_eq!(pick(&all[..3]), Some(("application/x-www-form-urlencoded".into(), BodyEncoding::Form)));
        assert_eq!(pick(&all[..2]), Some(("multipart/form-data".into(), BodyEncoding::Multipart)));
        assert_eq!(pick(&["application/pdf", "text/csv"]), Some(("text/csv".into(), BodyEncoding::Text)));
        assert_eq!(pick(&["multipart/mixed"]), Some(("multipart/mixed".into(), BodyEncoding::Bytes)));
        assert_eq!(pick(&["bad\ntype"]), None, "never a media type the document does not declare");
        assert_eq!(pick(&[]), None);
    }
}

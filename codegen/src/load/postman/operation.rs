//! One request → one OpenAPI operation (everything but its operationId and its `security`,
//! which need to know the other operations; see [`super::ids`] and [`super::assemble`]).
//!
//! Any method Postman can send becomes an operation: the eight OpenAPI knows, and others
//! (`PURGE`, `LINK`, `PROPFIND`, …: any RFC 9110 token), which the document carries in `x-method`.
//! A request that cannot be sent at all (no URL, or a method that is not a token) is left out
//! with a warning naming it.

use serde_json::{json, Map, Value};

use super::auth::{self, Auth};
use super::body::request_body;
use super::params::{headers, parameters, Header};
use super::response::responses;
use super::text::{description, summary};
use super::url::Url;
use super::vars::Variables;
use super::walk::RequestItem;
use crate::diag::{Location, Result, Warnings};

/// The HTTP methods OpenAPI 3.0 has path-item fields for.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many levels of variables inside variable values a server URL may use.
const MAX_RESOLVE: usize = 4;

/// An operation built from one request.
#[derive(Debug)]
pub struct Operation {
    /// Where the request item is.
    pub loc: Location,
    /// The request's name.
    pub name: String,
    /// The HTTP method: lower case for the eight OpenAPI knows (`get`), else as sent (`PURGE`).
    pub method: String,
    /// The OpenAPI path template.
    pub path: String,
    /// The server the request goes to.
    pub server: Server,
    /// The auth that applies to the request: its own or inherited `auth`, else a hand-written
    /// auth header.
    pub auth: Auth,
    /// The operation object, without `operationId` and `security`.
    pub object: Map<String, Value>,
}

impl Operation {
    /// Whether the method is one of the eight OpenAPI has path-item fields for.
    pub fn standard_method(&self) -> bool {
        METHODS.contains(&self.method.as_str())
    }
}

/// A server URL, with the variables it still names (`{name}`, for a host Postman takes from an
/// environment the collection does not include).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Server {
    /// The URL, e.g. `https://api.example.com` or `{base_domain}`.
    pub url: String,
    /// The variables in `url`: name and description (they have no value in the collection).
    pub variables: Vec<(String, String)>,
}

impl Server {
    /// The OpenAPI server object.
    pub fn to_value(&self) -> Value {
        let mut server = Map::new();
        server.insert("url".into(), json!(self.url));
        if !self.variables.is_empty() {
            let vars: Map<String, Value> = self
                .variables
                .iter()
                .map(|(name, description)| (name.clone(), json!({"default": "", "description": description})))
                .collect();
            server.insert("variables".into(), Value::Object(vars));
        }
        Value::Object(server)
    }
}

/// What building operations shares: variables and server warnings.
#[derive(Debug)]
pub struct Context<'c> {
    /// The collection's variables.
    pub vars: &'c mut Variables,
    /// Variables already reported as undefined server hosts.
    pub reported: &'c mut Vec<String>,
    /// The warnings.
    pub warnings: &'c mut Warnings,
}

/// Builds the operation of `request`. `Ok(None)` (with a warning naming the request) when it
/// cannot be sent at all: no usable URL, or a method that is not an HTTP token.
pub fn build(request: &RequestItem<'_>, cx: &mut Context<'_>) -> Result<Option<Operation>> {
    let req_loc = request.loc.child("request");
    let req = request.item.get("request").unwrap_or(&Value::Null);
    cx.vars.scan_request(req, &req_loc);
    // v2.x allows `"request": "https://…"`: a GET of that URL.
    let (url_value, url_loc) = match req {
        Value::String(_) => (req, req_loc.clone()),
        _ => (req.get("url").unwrap_or(&Value::Null), req_loc.child("url")),
    };
    let url = match Url::parse(url_value) {
        Ok(url) => url,
        Err(reason) => {
            cx.warnings.push(
                url_loc,
                format!("request `{}` cannot be sent: {reason}; it is left out", request.name),
            );
            return Ok(None);
        }
    };
    let written = req.get("method").and_then(Value::as_str).map(str::trim).filter(|m| !m.is_empty());
    let method = match written.unwrap_or("GET") {
        m if METHODS.contains(&m.to_ascii_lowercase().as_str()) => m.to_ascii_lowercase(),
        m if is_token(m) => m.to_ascii_uppercase(),
        m => {
            cx.warnings.push(
                req_loc.child("method"),
                format!("request `{}` cannot be sent: its method `{m}` is not an HTTP method name; it is left out", request.name),
            );
            return Ok(None);
        }
    };
    let path = url.template();
    let server = server_url(url.host.as_deref(), &url_loc, cx);
    let header_list = header_names(headers(req.get("header")), &req_loc.child("header"), &request.name, cx);
    let (auth, auth_header) = effective_auth(&request.auth, &header_list);

    let mut op = Map::new();
    if let Some(tag) = &request.tag {
        op.insert("tags".into(), json!([tag]));
    }
    let desc = description(req.get("description"));
    let summary_text = desc
        .as_deref()
        .and_then(summary)
        .or_else(|| Some(request.name.clone()).filter(|n| !n.is_empty()));
    if let Some(s) = summary_text {
        op.insert("summary".into(), json!(s));
    }
    if let Some(d) = desc {
        op.insert("description".into(), json!(d));
    }
    let param_headers: Vec<Header> = header_list
        .iter()
        .filter(|h| auth_header.as_deref().is_none_or(|name| !h.key.eq_ignore_ascii_case(name)))
        .cloned()
        .collect();
    let params = parameters(&url, &path, &param_headers, &url_loc, cx.warnings);
    // The `Accept` the request sets (a literal media range): the client asks for the same.
    let accept = header_list.iter().find(|h| !h.disabled && h.key.eq_ignore_ascii_case("accept")).and_then(|h| h.value.as_deref()).map(str::trim);
    if let Some(accept) = accept.filter(|a| !a.is_empty() && !a.contains("{{") && a.bytes().all(|b| b.is_ascii_graphic() || b == b' ')) {
        op.insert(super::X_ACCEPT.into(), json!(accept));
    }
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if let Some(body) =
        request_body(req.get("body"), &header_list, &req_loc.child("body"), cx.warnings)
    {
        op.insert("requestBody".into(), body);
    }
    let mut replay = super::replay::record(req, &method, &url, &header_list, &auth, auth_header.as_deref(), cx.vars);
    if let Some(map) = replay.as_object_mut() {
        map.insert("item".into(), json!(request.name));
        map.insert("pointer".into(), json!(request.loc.pointer));
    }
    op.insert(super::replay::EXTENSION.into(), replay);
    op.insert(
        "responses".into(),
        responses(
            request.item.get("response"),
            &request.loc,
            &request.name,
            cx.warnings,
        ),
    );
    Ok(Some(Operation {
        loc: request.loc.clone(),
        name: request.name.clone(),
        method,
        path,
        server,
        auth,
        object: op,
    }))
}

/// The headers with `{{variables}}` in their names replaced by the variables' values; a header
/// whose name is still not an HTTP field name (an undefined variable, a space) is left out with
/// a warning.
fn header_names(list: Vec<Header>, loc: &Location, request: &str, cx: &mut Context<'_>) -> Vec<Header> {
    let mut out = Vec::with_capacity(list.len());
    for mut header in list {
        let mut name = header.key.trim().to_string();
        for _ in 0..MAX_RESOLVE {
            let refs: Vec<String> = super::text::variable_refs(&name).into_iter().map(str::to_string).collect();
            let Some(value) = refs.first().and_then(|r| cx.vars.value(r).map(|v| (r.clone(), v.to_string()))) else { break };
            name = name.replace(&format!("{{{{{}}}}}", value.0), value.1.trim());
        }
        if is_token(&name) && !name.is_empty() {
            header.key = name;
            out.push(header);
        } else if !header.disabled {
            cx.warnings.push(
                loc.clone(),
                format!("request `{request}`: the header name `{}` is not a valid HTTP header name (a variable without a value?): the header is left out", header.key),
            );
        }
    }
    out
}

/// Whether `method` is an HTTP method name: an RFC 9110 token.
fn is_token(method: &str) -> bool {
    method.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The auth of a request: its `auth` (own or inherited); when none applies (or `noauth`), an
/// auth header written by hand (see [`auth::from_headers`]), whose name is returned so that it
/// is not also a parameter.
fn effective_auth(inherited: &Auth, headers: &[Header]) -> (Auth, Option<String>) {
    if matches!(inherited, Auth::Scheme { .. }) {
        return (inherited.clone(), None);
    }
    match auth::from_headers(headers) {
        Some((scheme, header)) => (scheme, Some(header)),
        None => (inherited.clone(), None),
    }
}

/// The server for a request `host` (with protocol and port): `{{variables}}` are replaced by
/// their values (which may use variables in turn). A variable without a value in the collection
/// (Postman takes it from an environment) stays a server variable `{name}`, with a warning: the
/// user sets the base URL. A host without protocol gets `http://`, as Postman sends it. No
/// host gives `/`.
fn server_url(host: Option<&str>, url_loc: &Location, cx: &mut Context<'_>) -> Server {
    let Some(host) = host else { return Server { url: "/".into(), variables: Vec::new() } };
    let mut url = host.to_string();
    let mut variables: Vec<(String, String)> = Vec::new();
    // Values may refer to other variables (`{{baseUrl}}` → `https://{{region}}.example.com`):
    // resolve a few levels deep, then give up on what is left.
    for _ in 0..MAX_RESOLVE {
        let names: Vec<String> =
            super::text::variable_refs(&url).into_iter().map(str::to_string).collect();
        if names.is_empty() {
            break;
        }
        for name in names {
            let reference = format!("{{{{{name}}}}}");
            match cx.vars.value(&name) {
                Some(value) => url = url.replace(&reference, value),
                None => {
                    let what = if cx.vars.is_defined(&name) {
                        "has no value in the collection"
                    } else {
                        "is not defined in the collection (an environment variable?)"
                    };
                    let var = server_variable_name(&name);
                    if !cx.reported.contains(&name) {
                        cx.warnings.push(
                            url_loc.clone(),
                            format!(
                                "the server variable `{reference}` {what}: the server is `{{{var}}}`, a variable the client cannot fill in; set the base URL (`base_url()`)"
                            ),
                        );
                        cx.reported.push(name.clone());
                    }
                    url = url.replace(&reference, &format!("{{{var}}}"));
                    if !variables.iter().any(|(n, _)| *n == var) {
                        variables.push((var, format!("The Postman variable `{reference}`, which {what}.")));
                    }
                }
            }
        }
    }
    if !super::text::variable_refs(&url).is_empty() {
        cx.warnings.push(
            url_loc.clone(),
            format!("the server URL `{host}` refers to variables too deeply: using `/`"),
        );
        return Server { url: "/".into(), variables: Vec::new() };
    }
    let url = url.trim_end_matches('/');
    let url = if url.is_empty() {
        "/".to_string()
    } else if url.contains("://") || url.starts_with('/') || url.starts_with('{') {
        url.to_string()
    } else {
        format!("http://{url}")
    };
    Server { url, variables }
}

/// A server variable's name from a Postman variable's: only letters, digits, `_`, `-`, `.`.
pub(super) fn server_variable_name(name: &str) -> String {
    name.chars().map(|c| if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '_' }).collect()
}

//! One request → one OpenAPI operation (everything but its operationId, which needs to know
//! the other operations; see [`super::ids`]).

use serde_json::{json, Map, Value};

use super::auth::{requirement, Auth, Schemes};
use super::body::request_body;
use super::params::{headers, parameters};
use super::response::responses;
use super::text::{description, summary};
use super::url::Url;
use super::vars::Variables;
use super::walk::RequestItem;
use crate::diag::{Error, Location, Result, Warnings};

/// The HTTP methods OpenAPI 3.0 has path-item fields for.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many levels of variables inside variable values a server URL may use.
const MAX_RESOLVE: usize = 4;

/// An operation built from one request.
#[derive(Debug)]
pub struct Operation {
    /// Where the request item is.
    pub loc: Location,
    /// The request's name.
    pub name: String,
    /// The lower-case HTTP method.
    pub method: String,
    /// The OpenAPI path template.
    pub path: String,
    /// The server URL the request goes to.
    pub server: String,
    /// The operation object, without `operationId`.
    pub object: Map<String, Value>,
}

/// What building operations shares: variables, security schemes and server warnings.
#[derive(Debug)]
pub struct Context<'c> {
    /// The collection's variables.
    pub vars: &'c mut Variables,
    /// The security schemes used so far.
    pub schemes: &'c mut Schemes,
    /// The collection-level auth (requests with the same auth need no `security` of their own).
    pub collection_auth: &'c Auth,
    /// Variables already reported as undefined server hosts.
    pub reported: &'c mut Vec<String>,
    /// The warnings.
    pub warnings: &'c mut Warnings,
}

/// Builds the operation of `request`. `Ok(None)` (with a warning) when the method has no
/// OpenAPI equivalent; an error when the request has no usable URL.
pub fn build(request: &RequestItem<'_>, cx: &mut Context<'_>) -> Result<Option<Operation>> {
    let req_loc = request.loc.child("request");
    let req = request.item.get("request").unwrap_or(&Value::Null);
    cx.vars.scan(req, &req_loc);
    // v2.x allows `"request": "https://…"`: a GET of that URL.
    let (url_value, url_loc) = match req {
        Value::String(_) => (req, req_loc.clone()),
        _ => (req.get("url").unwrap_or(&Value::Null), req_loc.child("url")),
    };
    let url = Url::parse(url_value).map_err(|reason| {
        Error::input(url_loc.clone(), format!("request `{}`: {reason}", request.name))
    })?;
    let method =
        req.get("method").and_then(Value::as_str).unwrap_or("GET").trim().to_ascii_lowercase();
    if !METHODS.contains(&method.as_str()) {
        cx.warnings.push(
            req_loc.child("method"),
            format!(
                "request `{}`: method `{}` cannot be expressed in OpenAPI: left out",
                request.name,
                method.to_uppercase()
            ),
        );
        return Ok(None);
    }
    let path = url.template();
    let server = server_url(url.host.as_deref(), &url_loc, cx);
    let header_list = headers(req.get("header"));

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
    let params = parameters(&url, &path, &header_list, &url_loc, cx.warnings);
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if let Some(body) =
        request_body(req.get("body"), &header_list, &req_loc.child("body"), cx.warnings)
    {
        op.insert("requestBody".into(), body);
    }
    op.insert(
        "responses".into(),
        responses(
            request.item.get("response"),
            &request.loc,
            &request.name,
            cx.warnings,
        ),
    );
    if request.auth != *cx.collection_auth {
        if let Some(security) = requirement(&request.auth, cx.schemes) {
            op.insert("security".into(), security);
        }
    }
    Ok(Some(Operation {
        loc: request.loc.clone(),
        name: request.name.clone(),
        method,
        path,
        server,
        object: op,
    }))
}

/// The server URL for a request `host` (with protocol and port): `{{variables}}` are replaced by
/// their values (which may use variables in turn); an undefined or empty one is a warning
/// and gives `/`. A host without protocol
/// gets `http://`, as Postman sends it. No host gives `/`.
fn server_url(host: Option<&str>, url_loc: &Location, cx: &mut Context<'_>) -> String {
    let Some(host) = host else { return "/".into() };
    let mut url = host.to_string();
    // Values may refer to other variables (`{{baseUrl}}` → `https://{{region}}.example.com`):
    // resolve a few levels deep, then give up on what is left.
    for _ in 0..MAX_RESOLVE {
        let names: Vec<String> =
            super::text::variable_refs(&url).into_iter().map(str::to_string).collect();
        if names.is_empty() {
            break;
        }
        for name in names {
            match cx.vars.value(&name) {
                Some(value) => url = url.replace(&format!("{{{{{name}}}}}"), value),
                None => {
                    if !cx.reported.contains(&name) {
                        let what = if cx.vars.is_defined(&name) {
                            "has no value"
                        } else {
                            "is never defined in the collection"
                        };
                        cx.warnings.push(
                            url_loc.clone(),
                            format!(
                                "the server variable `{{{{{name}}}}}` {what}: using the server URL `/`"
                            ),
                        );
                        cx.reported.push(name);
                    }
                    return "/".into();
                }
            }
        }
    }
    if !super::text::variable_refs(&url).is_empty() {
        cx.warnings.push(
            url_loc.clone(),
            format!("the server URL `{host}` refers to variables too deeply: using `/`"),
        );
        return "/".into();
    }
    let url = url.trim_end_matches('/');
    if url.is_empty() {
        "/".into()
    } else if url.contains("://") || url.starts_with('/') {
        url.to_string()
    } else {
        format!("http://{url}")
    }
}

//! What a request item sends, as Postman sends it, recorded on its operation for the generated
//! replay test (`tests/postman_replay.rs` of the crate; see `emit/replay.rs`).
//!
//! A collection is an executable description: each item says the method, URL, headers and body
//! Postman sends. The operation carries `x-postman-replay` with two parts:
//!
//! - `request`: the request Postman sends for the item, read from the item's own text with
//!   Postman's rules, never from the operation built from it: the method; the path (the host's
//!   path part, then every segment with `:name` replaced by its `url.variable` value and
//!   `{{variables}}` by theirs); the enabled query items in order; the enabled headers (their
//!   names with variables resolved); the content type and the body by mode (raw JSON as a value,
//!   raw text as text, urlencoded and form-data fields in order, GraphQL as query + variables);
//!   where the credential goes (`credential`: header or query, name, HTTP scheme).
//! - `values`: the values the generated method is called with: each path, query and header
//!   parameter's by its name (as the importer names parameters), and the body.
//!
//! A variable without a value (undefined, empty, or a stand-in such as `<your key>`), and a
//! dynamic variable (`{{$guid}}`), is given the value `sample-<name>` on both sides: the user
//! supplies it when Postman runs the item. The credential's value is not compared (the test's
//! client has its own): only its scheme and where it goes.

use serde_json::{json, Map, Value};

use super::auth::Auth;
use super::body::{is_json, language_media_type, media_type};
use super::params::Header;
use super::text::{scalar_text, strict_json};
use super::url::{template_params, Url};
use super::vars::Variables;

/// The operation extension holding the replay record.
pub const EXTENSION: &str = "x-postman-replay";

/// How many levels of variables inside variable values are resolved.
const MAX_RESOLVE: usize = 4;

/// Headers the HTTP client manages itself (framing, connection): Postman computes them too, so
/// neither side's value is compared.
const MANAGED_HEADERS: [&str; 10] =
    ["content-length", "host", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection", "content-type"];

/// `text` with every `{{name}}` replaced as Postman does: by the variable's value, or by
/// `sample-<name>` when the collection gives none.
pub fn resolve(text: &str, vars: &Variables) -> String {
    let mut out = text.to_string();
    for _ in 0..MAX_RESOLVE {
        if !out.contains("{{") {
            break;
        }
        let mut next = String::with_capacity(out.len());
        let mut rest = out.as_str();
        let mut changed = false;
        while let Some(open) = rest.find("{{") {
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else { break };
            let name = &after[..close];
            if name.contains("{{") {
                // A nested reference: resolve the inner one first, on the next round.
                next.push_str(&rest[..open + 2]);
                rest = after;
                continue;
            }
            next.push_str(&rest[..open]);
            next.push_str(&value_of(name.trim(), vars));
            rest = &after[close + 2..];
            changed = true;
        }
        next.push_str(rest);
        out = next;
        if !changed {
            break;
        }
    }
    out
}

/// The value a variable has when the item is replayed.
fn value_of(name: &str, vars: &Variables) -> String {
    match vars.value(name) {
        Some(value) if !name.starts_with('$') => value.to_string(),
        _ => format!("sample-{name}"),
    }
}

/// The replay record of one request (see the module docs). `auth` is the auth that applies to
/// it and `auth_header` the name of a hand-written credential header the importer took as its
/// scheme.
pub fn record(request: &Value, method: &str, url: &Url, headers: &[Header], auth: &Auth, auth_header: Option<&str>, vars: &Variables) -> Value {
    let mut values = Map::new();
    let mut sent = Map::new();
    sent.insert("method".into(), json!(method.to_ascii_uppercase()));
    sent.insert("path".into(), json!(path(url, vars)));
    values.insert("path".into(), Value::Object(path_values(url, vars)));

    let credential = credential(auth, auth_header);
    let mut query = Vec::new();
    let mut query_values: Map<String, Value> = Map::new();
    for item in url.query.iter().filter(|q| !q.disabled) {
        let Some(key) = item.key.as_deref().filter(|k| !k.is_empty()) else { continue };
        let value = resolve(item.value.as_deref().unwrap_or_default(), vars);
        query.push(json!([key, value]));
        // The method takes what the server reads: the text as written is URL-encoded already
        // (`a+b`, `%21`), and the client encodes what it is given.
        if let Value::Array(list) = query_values.entry(form_decoded(key)).or_insert_with(|| json!([])) {
            list.push(json!(form_decoded(&value)));
        }
    }
    sent.insert("query".into(), Value::Array(query));
    values.insert("query".into(), Value::Object(query_values));

    let mut sent_headers = Vec::new();
    let mut header_values = Map::new();
    for header in headers.iter().filter(|h| !h.disabled) {
        let lower = header.key.to_ascii_lowercase();
        let credential_header = credential["in"] == "header" && credential["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(&header.key));
        if MANAGED_HEADERS.contains(&lower.as_str()) || credential_header || auth_header.is_some_and(|a| a.eq_ignore_ascii_case(&header.key)) {
            continue;
        }
        // Whitespace around a field value is not part of it (RFC 9110 §5.5).
        let value = resolve(header.value.as_deref().unwrap_or_default(), vars).trim().to_string();
        sent_headers.push(json!([header.key, value]));
        if !header_values.contains_key(&header.key) {
            header_values.insert(header.key.clone(), json!(value));
        }
    }
    sent.insert("headers".into(), Value::Array(sent_headers));
    values.insert("header".into(), Value::Object(header_values));

    let declared = headers
        .iter()
        .find(|h| !h.disabled && h.key.eq_ignore_ascii_case("content-type"))
        .and_then(|h| h.value.as_deref())
        .map(|v| media_type(&resolve(v, vars)))
        .filter(|m| !m.is_empty());
    if let Some(reason) = variable_key(request.get("body"), vars) {
        values.insert("unreplayable".into(), json!(reason));
    }
    let (content_type, body, value) = body(request.get("body"), declared, vars);
    sent.insert("content_type".into(), content_type.map_or(Value::Null, Value::String));
    sent.insert("body".into(), body);
    values.insert("body".into(), value);
    sent.insert("credential".into(), credential);
    sent.insert("known".into(), Value::Array(known_differences(url, request, vars)));
    json!({"request": sent, "values": values})
}

/// Records the path part of the base URL the operation's path is relative to (its server once
/// the importer has split base URLs): the replay's client is the recorder's address followed by
/// it. A request on another host than the module's first is replayed with a client for its own
/// host, as a user calls it.
pub fn set_base_path(object: &mut Map<String, Value>, server_url: &str) {
    let path = if server_url.starts_with('/') {
        server_url
    } else {
        let after_scheme = server_url.split_once("://").map_or(server_url, |(_, rest)| rest);
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    };
    if let Some(Value::Object(record)) = object.get_mut(EXTENSION) {
        record.insert("base_path".into(), json!(path.trim_end_matches('/')));
    }
}

/// The differences the importer knows it makes, each `{aspect, reason}`: the replay reports them
/// as explained, not as failures.
fn known_differences(url: &Url, request: &Value, vars: &Variables) -> Vec<Value> {
    let mut known = Vec::new();
    let host = resolve(url.host.as_deref().unwrap_or_default(), vars);
    let after_scheme = host.split_once("://").map_or(host.as_str(), |(_, rest)| rest);
    if after_scheme.contains("//") {
        known.push(json!({"aspect": "path", "reason": "the base URL has an empty segment (`//`, a variable ending in `/` followed by one), which Postman sends and the client's base URL and path join with one `/`"}));
    }
    let body = request.get("body");
    let mode = body.and_then(|b| b.get("mode")).and_then(Value::as_str).unwrap_or_default();
    if let Some(fields) = body.and_then(|b| b.get(mode)).and_then(Value::as_array).filter(|_| matches!(mode, "formdata" | "urlencoded")) {
        if !fields.is_empty() && fields.iter().all(|f| f.get("disabled").and_then(Value::as_bool) == Some(true)) {
            known.push(json!({"aspect": "body", "reason": "every form field is unticked: Postman sends no body, the method an empty form"}));
        }
    }
    known
}

/// The path Postman sends: the host's own path part, then the segments.
fn path(url: &Url, vars: &Variables) -> String {
    let host = resolve(url.host.as_deref().unwrap_or_default(), vars);
    let after_scheme = host.split_once("://").map_or(host.as_str(), |(_, rest)| rest);
    let prefix = after_scheme.find('/').map_or("", |i| &after_scheme[i..]).trim_end_matches('/');
    let segments: Vec<String> = url.segments.iter().map(|s| segment(url, s, vars)).collect();
    match (prefix, segments.is_empty()) {
        ("", true) => "/".to_string(),
        (prefix, true) => prefix.to_string(),
        (prefix, false) => format!("{prefix}/{}", segments.join("/")),
    }
}

/// One path segment as sent: `:name` is the path variable's value, `{{name}}` the variable's.
fn segment(url: &Url, segment: &str, vars: &Variables) -> String {
    match segment.strip_prefix(':').filter(|n| !n.is_empty()) {
        Some(name) => path_variable(url, name, vars),
        None => resolve(segment, vars),
    }
}

/// The value of the path variable `:name` (its `url.variable` value, variables resolved).
fn path_variable(url: &Url, name: &str, vars: &Variables) -> String {
    match url.variables.iter().find(|v| v.key == name).and_then(|v| v.value.as_deref()).filter(|v| !v.is_empty()) {
        Some(value) => resolve(value, vars),
        None => format!("sample-{name}"),
    }
}

/// The value of each path parameter of the operation (`url.template()`'s names): found by
/// matching each segment's template against the segment as sent.
fn path_values(url: &Url, vars: &Variables) -> Map<String, Value> {
    let mut out = Map::new();
    // Variables of the host without a value become server variables, which the importer moves
    // into the path when base URLs differ only in path (`{{Site}}/api/{{version}}/me`).
    for name in host_variables(url.host.as_deref().unwrap_or_default(), vars) {
        out.insert(super::operation::server_variable_name(&name), json!(format!("sample-{name}")));
    }
    for raw in &url.segments {
        let template = Url { segments: vec![raw.clone()], ..Url::default() }.template();
        let names = template_params(&template);
        if names.is_empty() {
            continue;
        }
        if let Some(name) = raw.strip_prefix(':') {
            out.insert(names[0].clone(), json!(path_variable(url, name, vars)));
            continue;
        }
        // `{{a}}` anywhere in the segment: its value is the variable's.
        let refs: Vec<String> = reference_names(raw);
        for (name, reference) in names.iter().zip(refs) {
            out.entry(name.clone()).or_insert_with(|| json!(resolve(&format!("{{{{{reference}}}}}"), vars)));
        }
    }
    out
}

/// The variables without a value that the host names, through the values of those it names.
fn host_variables(host: &str, vars: &Variables) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![(host.to_string(), 0)];
    while let Some((text, depth)) = pending.pop() {
        for name in super::text::variable_refs(&text) {
            match vars.value(name) {
                Some(value) if depth < MAX_RESOLVE => pending.push((value.to_string(), depth + 1)),
                Some(_) => {}
                None => out.push(name.to_string()),
            }
        }
    }
    out
}

/// Query or form text as a server reads it: `+` a space, `%XX` escapes decoded.
fn form_decoded(text: &str) -> String {
    crate::load::percent::decode_lossy(&text.replace('+', " "))
}

/// The outermost `{{…}}` references of a segment, in order (inner braces kept).
fn reference_names(segment: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = segment.as_bytes();
    let (mut i, mut depth, mut start) = (0, 0usize, 0);
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'{', b'{') => {
                if depth == 0 {
                    start = i + 2;
                }
                depth += 1;
                i += 2;
            }
            (b'}', b'}') if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(segment[start..i].to_string());
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    out
}

/// Where the credential goes: `{in, name, scheme}`, or null for none.
fn credential(auth: &Auth, auth_header: Option<&str>) -> Value {
    let Auth::Scheme { scheme, .. } = auth else { return Value::Null };
    let kind = scheme.get("type").and_then(Value::as_str).unwrap_or_default();
    match kind {
        "http" => {
            let word = scheme.get("scheme").and_then(Value::as_str).unwrap_or_default();
            let word = match word.to_ascii_lowercase().as_str() {
                "bearer" => "Bearer".to_string(),
                "basic" => "Basic".to_string(),
                _ => word.to_string(),
            };
            json!({"in": "header", "name": auth_header.unwrap_or("Authorization"), "scheme": word})
        }
        "oauth2" => json!({"in": "header", "name": "Authorization", "scheme": "Bearer"}),
        "apiKey" => {
            let place = scheme.get("in").and_then(Value::as_str).unwrap_or("header");
            let name = scheme.get("name").and_then(Value::as_str).unwrap_or_default();
            json!({"in": place, "name": name, "scheme": null})
        }
        _ => Value::Null,
    }
}

/// Why a raw JSON body cannot be replayed, if a key of it is a `{{variable}}`: the key is only
/// known when Postman runs, so the body's type has the variable's name, not its value.
fn variable_key(body: Option<&Value>, vars: &Variables) -> Option<String> {
    fn find(value: &Value) -> Option<String> {
        match value {
            Value::Object(map) => map.keys().find(|k| k.contains("{{")).cloned().or_else(|| map.values().find_map(find)),
            Value::Array(items) => items.iter().find_map(find),
            _ => None,
        }
    }
    let raw = body?.get("raw")?.as_str()?;
    let parsed: Value = serde_json::from_str(&strict_json(raw, |name| vars.value(name).map(str::to_string))).ok()?;
    find(&parsed).map(|key| format!("the JSON body's key `{key}` is a variable, whose value only Postman knows"))
}

/// The content type, the body as sent and the body value the method is called with.
fn body(body: Option<&Value>, declared: Option<String>, vars: &Variables) -> (Option<String>, Value, Value) {
    let none = (declared.clone(), Value::Null, Value::Null);
    let Some(body) = body.and_then(Value::as_object) else { return none };
    if body.get("disabled").and_then(Value::as_bool) == Some(true) {
        return none;
    }
    match body.get("mode").and_then(Value::as_str).unwrap_or("raw") {
        "raw" => {
            let Some(raw) = body.get("raw").and_then(Value::as_str).filter(|t| !t.trim().is_empty()) else { return none };
            let language = body.get("options").and_then(|o| o.pointer("/raw/language")).and_then(Value::as_str).and_then(language_media_type);
            let strict = strict_json(raw, |name| vars.value(name).map(str::to_string));
            let parsed = serde_json::from_str::<Value>(&resolve(&strict, vars)).ok();
            let media = declared.or(language.map(str::to_string)).unwrap_or_else(|| {
                if serde_json::from_str::<Value>(&strict).is_ok() { "application/json" } else { "text/plain" }.to_string()
            });
            let text = match &parsed {
                Some(_) if is_json(&media) => resolve(&strict, vars),
                _ => resolve(raw, vars),
            };
            match parsed {
                Some(value) if is_json(&media) => (Some(media), json!({"json": value}), value),
                _ => (Some(media), json!({"text": text}), json!(text)),
            }
        }
        mode @ ("urlencoded" | "formdata") => {
            let mut fields = Vec::new();
            let mut value = Map::new();
            for field in body.get(mode).and_then(Value::as_array).into_iter().flatten() {
                if field.get("disabled").and_then(Value::as_bool) == Some(true) {
                    continue;
                }
                let Some(key) = field.get("key").and_then(scalar_text).filter(|k| !k.is_empty()) else { continue };
                if field.get("type").and_then(Value::as_str) == Some("file") {
                    fields.push(json!([key, null]));
                    value.entry(key).or_insert(Value::Null);
                } else {
                    let text = resolve(&field.get("value").and_then(scalar_text).unwrap_or_default(), vars);
                    fields.push(json!([key, text]));
                    value.entry(key).or_insert(json!(text));
                }
            }
            if fields.is_empty() {
                return none;
            }
            let (media, kind) = match mode {
                "urlencoded" => ("application/x-www-form-urlencoded", "form"),
                _ => ("multipart/form-data", "multipart"),
            };
            (Some(media.to_string()), json!({ kind: fields }), Value::Object(value))
        }
        "graphql" => {
            let graphql = body.get("graphql");
            let query = graphql.and_then(|g| g.get("query")).and_then(Value::as_str).unwrap_or_default();
            let variables_text = graphql.and_then(|g| g.get("variables")).and_then(Value::as_str).unwrap_or_default();
            let variables = serde_json::from_str::<Value>(&resolve(variables_text, vars)).ok().filter(Value::is_object);
            let query = resolve(query, vars);
            let mut value = Map::new();
            value.insert("query".into(), json!(query));
            if let Some(v) = &variables {
                value.insert("variables".into(), v.clone());
            }
            let sent = json!({"graphql": {"query": query, "variables": variables.unwrap_or_else(|| json!({}))}});
            (Some("application/json".into()), sent, Value::Object(value))
        }
        "file" => (declared.or_else(|| Some("application/octet-stream".into())), json!({"file": null}), Value::Null),
        _ => none,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Variables {
        let mut vars = Variables::default();
        vars.define(Some(&json!([{"key": "baseUrl", "value": "https://api.example.com/v3"}, {"key": "id", "value": "42"}, {"key": "empty", "value": ""}])));
        vars
    }

    #[test]
    fn variables_resolve_or_get_a_sample_value() {
        let vars = vars();
        assert_eq!(resolve("{{baseUrl}}/a/{{id}}", &vars), "https://api.example.com/v3/a/42");
        assert_eq!(resolve("x={{empty}}&y={{undefined}}&z={{$guid}}", &vars), "x=sample-empty&y=sample-undefined&z=sample-$guid");
    }

    #[test]
    fn request_as_postman_sends_it() {
        let vars = vars();
        let request = json!({"method": "post", "url": {"raw": "{{baseUrl}}/users/:user/items/{{id}}?limit=5&off=1",
            "host": ["{{baseUrl}}"], "path": ["users", ":user", "items", "{{id}}"],
            "query": [{"key": "limit", "value": "5"}, {"key": "off", "value": "1", "disabled": true}],
            "variable": [{"key": "user", "value": "u-{{id}}"}]},
            "header": [{"key": "X-Trace", "value": "{{id}}"}, {"key": "Content-Type", "value": "application/json"}],
            "body": {"mode": "raw", "raw": "{\"n\": \"{{id}}\"}"}});
        let url = Url::parse(&request["url"]).unwrap();
        let headers = super::super::params::headers(request.get("header"));
        let bearer = Auth::Scheme { name: "b".into(), scheme: json!({"type": "http", "scheme": "bearer"}), scopes: vec![] };
        let record = record(&request, "post", &url, &headers, &bearer, None, &vars);
        assert_eq!(
            record["request"],
            json!({"method": "POST", "path": "/v3/users/u-42/items/42", "query": [["limit", "5"]],
                "headers": [["X-Trace", "42"]], "content_type": "application/json", "body": {"json": {"n": "42"}},
                "credential": {"in": "header", "name": "Authorization", "scheme": "Bearer"}, "known": []})
        );
        assert_eq!(
            record["values"],
            json!({"path": {"user": "u-42", "id": "42"}, "query": {"limit": ["5"]}, "header": {"X-Trace": "42"}, "body": {"n": "42"}})
        );
    }

    #[test]
    fn what_the_importer_knows_it_does_differently() {
        let mut vars = vars();
        vars.define(Some(&json!([{"key": "site", "value": "https://h.example.com/s/"}, {"key": "notes", "value": "{{site}}/notes"}])));
        let url = Url::parse(&json!("{{notes}}/x")).unwrap();
        let known = known_differences(&url, &json!({}), &vars);
        assert_eq!(known[0]["aspect"], "path", "the host is https://h.example.com/s//notes");
        let unticked = json!({"body": {"mode": "formdata", "formdata": [{"key": "a", "value": "1", "disabled": true}]}});
        let known = known_differences(&Url::parse(&json!("{{baseUrl}}/a")).unwrap(), &unticked, &vars);
        assert_eq!(known, vec![json!({"aspect": "body", "reason": "every form field is unticked: Postman sends no body, the method an empty form"})]);
        assert!(known_differences(&Url::parse(&json!("{{baseUrl}}/a")).unwrap(), &json!({}), &vars).is_empty());
        let key = json!({"mode": "raw", "raw": "{\"fields\": {\"{{field}}\": 1}}"});
        assert!(variable_key(Some(&key), &vars).is_some_and(|r| r.contains("`{{field}}`")));
    }

    #[test]
    fn base_paths() {
        for (server, want) in [("https://api.example.com/v3/", "/v3"), ("https://jira.example.com", ""), ("/v1", "/v1"), ("{base}/x", "/x")] {
            let mut object = Map::new();
            object.insert(EXTENSION.into(), json!({}));
            set_base_path(&mut object, server);
            assert_eq!(object[EXTENSION]["base_path"], want, "{server}");
        }
    }

    #[test]
    fn forms_and_graphql() {
        let vars = vars();
        let (media, sent, value) = body(Some(&json!({"mode": "formdata", "formdata": [
            {"key": "a", "value": "{{id}}"}, {"key": "f", "type": "file", "src": "/x"}, {"key": "off", "value": "1", "disabled": true}]})), None, &vars);
        assert_eq!(media.as_deref(), Some("multipart/form-data"));
        assert_eq!(sent, json!({"multipart": [["a", "42"], ["f", null]]}));
        assert_eq!(value, json!({"a": "42", "f": null}));
        let (_, sent, value) = body(Some(&json!({"mode": "graphql", "graphql": {"query": "{ me }", "variables": ""}})), None, &vars);
        assert_eq!(sent, json!({"graphql": {"query": "{ me }", "variables": {}}}));
        assert_eq!(value, json!({"query": "{ me }"}));
    }
}

//! The operations → the document's `paths`, `servers`, `security` and security schemes.
//!
//! - **Every request is an operation.** The first request with a method and path takes the
//!   path key and the method's field, as in any OpenAPI document. A later request with the same
//!   method and path, and any request whose method OpenAPI has no field for (`PURGE`, `LINK`,
//!   …), keeps its own operation at the path key `{path}#{operationId}` (a `#` cannot occur in a
//!   path, whose literal text is percent-encoded), with its real path in `x-path`, and, for a
//!   method without a field, the method in `x-method` and the operation under `post`. The model
//!   reads both extensions; `postman2openapi` merges the variants back ([`super::export`]).
//! - **Servers.** The first request's server is the document's; a request with another server
//!   gets an operation-level `servers`. Requests whose servers share the document server's origin
//!   but not its path (collections that use a variable per URL prefix, such as
//!   `{{MeNotebooks}}` = `https://www.onenote.com/api/v1.0/me/notes/notebooks`) are first split
//!   ([`split_server_paths`]): the server keeps the common path, the rest joins each path.
//! - **Security.** The collection's auth is the document's `security`; without one, an auth
//!   that every request shares (for example a hand-written `Authorization` header on each) is.
//!   An operation whose auth differs gets its own `security` (`[]` for none).

use serde_json::{json, Map, Value};

use super::auth::{requirement, Auth, Schemes};
use super::operation::{Operation, Server};
use super::url::encode_literal;
use super::{X_METHOD, X_PATH};

/// What [`assemble`] produces.
#[derive(Debug)]
pub struct Parts {
    /// The document's server (the first request's).
    pub server: Option<Server>,
    /// The document's `security`.
    pub security: Option<Value>,
    /// The `paths` object.
    pub paths: Value,
    /// `components.securitySchemes`, if any scheme is used.
    pub schemes: Option<Value>,
}

/// Builds `paths` from `operations` (with their operationIds `ids`, in the same order), and the
/// document-level server, security and schemes. `collection_auth` is the collection's own auth.
pub fn assemble(
    operations: Vec<(Operation, Option<String>)>,
    ids: Vec<String>,
    collection_auth: &Auth,
) -> Parts {
    let top_auth = match collection_auth {
        Auth::Inherit => shared_auth(&operations),
        other => other.clone(),
    };
    let mut schemes = Schemes::default();
    let security = requirement(&top_auth, &mut schemes);
    let server = operations.first().map(|(op, _)| op.server.clone());
    let mut paths: Map<String, Value> = Map::new();
    let mut owners: Vec<(String, String)> = Vec::new();
    for ((op, _), id) in operations.into_iter().zip(ids) {
        let route = (op.method.clone(), op.path.clone());
        let standard = op.standard_method();
        let own_key = standard && !owners.contains(&route);
        let (key, field) = if own_key {
            owners.push(route);
            (op.path.clone(), op.method.clone())
        } else if standard {
            (format!("{}#{id}", op.path), op.method.clone())
        } else {
            (format!("{}#{id}", op.path), "post".to_string())
        };
        let mut object = Map::new();
        let mut id = Some(id);
        for (k, value) in op.object {
            if !["tags", "summary", "description"].contains(&k.as_str()) {
                if let Some(id) = id.take() {
                    object.insert("operationId".into(), json!(id));
                }
            }
            object.insert(k, value);
        }
        if let Some(id) = id {
            object.insert("operationId".into(), json!(id));
        }
        if op.auth != top_auth {
            let own = match (&op.auth, &top_auth) {
                (Auth::Inherit, Auth::Scheme { .. }) => Some(json!([])),
                (auth, _) => requirement(auth, &mut schemes),
            };
            if let Some(own) = own {
                object.insert("security".into(), own);
            }
        }
        if server.as_ref() != Some(&op.server) {
            object.insert("servers".into(), json!([op.server.to_value()]));
        }
        if !own_key {
            object.insert(X_PATH.into(), json!(op.path));
        }
        if !standard {
            object.insert(X_METHOD.into(), json!(op.method));
        }
        let item = paths.entry(key).or_insert_with(|| Value::Object(Map::new()));
        if let Some(item) = item.as_object_mut() {
            item.insert(field, Value::Object(object));
        }
    }
    Parts { server, security, paths: Value::Object(paths), schemes: schemes.to_value() }
}

/// The auth every operation has, when it is one scheme; else none.
fn shared_auth(operations: &[(Operation, Option<String>)]) -> Auth {
    let mut auths = operations.iter().map(|(op, _)| &op.auth);
    match auths.next() {
        Some(first @ Auth::Scheme { .. }) if auths.all(|a| a == first) => first.clone(),
        _ => Auth::Inherit,
    }
}

/// `scheme://authority` of an absolute URL, or the leading `{variable}` of one given by a
/// variable (`{Site}/api`); `None` for a URL without a host (`/`).
fn origin(url: &str) -> Option<&str> {
    let start = match url.find("://") {
        Some(at) => at + 3,
        None if url.starts_with('{') => 0,
        None => return None,
    };
    let end = url[start..].find('/').map_or(url.len(), |at| start + at);
    Some(&url[..end])
}

/// Tells the user of each request that goes to another server than the first request's (the
/// module's base URL) where it goes, in its description: a client has one base URL, so these
/// requests need a client built for their own host. (The model warns once per such operation
/// that its operation-level server is not used.)
pub fn note_other_servers(operations: &mut [(Operation, Option<String>)]) {
    let Some(first) = operations.first().map(|(op, _)| op.server.url.clone()) else { return };
    for (op, _) in operations.iter_mut().filter(|(op, _)| op.server.url != first) {
        let note = format!(
            "This request goes to `{}`, not to the module's base URL (`{first}`): call it with a client whose `base_url` is that server.",
            op.server.url
        );
        let description = match op.object.get("description").and_then(Value::as_str) {
            Some(text) => format!("{text}\n\n{note}"),
            None => note,
        };
        op.object.insert("description".into(), json!(description));
    }
}

/// Moves what differs between the paths of servers with the document server's origin into the
/// operations' paths: the servers become the origin with the common path segments, each path
/// gets its server's remaining segments in front. Nothing changes when those servers agree. A
/// server variable (`{version}`, a Postman variable the collection does not define) that moves
/// into a path becomes a path parameter.
pub fn split_server_paths(operations: &mut [(Operation, Option<String>)]) {
    let Some(top) = operations.first().and_then(|(op, _)| origin(&op.server.url)).map(str::to_string) else {
        return;
    };
    let server_path = |url: &str| -> Option<Vec<String>> {
        let rest = url.strip_prefix(top.as_str())?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        Some(rest.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect())
    };
    let mut distinct: Vec<Vec<String>> = Vec::new();
    for (op, _) in operations.iter() {
        if let Some(segments) = server_path(&op.server.url) {
            if !distinct.contains(&segments) {
                distinct.push(segments);
            }
        }
    }
    if distinct.len() < 2 {
        return;
    }
    let mut common = distinct[0].clone();
    for segments in &distinct[1..] {
        let n = common.iter().zip(segments).take_while(|(a, b)| a == b).count();
        common.truncate(n);
    }
    let common_url = format!("{top}{}", common.iter().map(|s| format!("/{s}")).collect::<String>());
    for (op, _) in operations.iter_mut() {
        let Some(segments) = server_path(&op.server.url) else { continue };
        let rest = &segments[common.len()..];
        let mut moved: Vec<String> = Vec::new();
        let rest: String = rest
            .iter()
            .map(|segment| {
                // `{name}` is a server variable; the text around it is literal.
                let mut out = String::new();
                let mut text = segment.as_str();
                while let Some(open) = text.find('{') {
                    let Some(close) = text[open..].find('}').map(|c| open + c) else { break };
                    out.push_str(&encode_literal(&text[..open]));
                    out.push_str(&text[open..=close]);
                    moved.push(text[open + 1..close].to_string());
                    text = &text[close + 1..];
                }
                out.push_str(&encode_literal(text));
                format!("/{out}")
            })
            .collect();
        declare_path_params(&mut op.object, &moved);
        op.path = match op.path.as_str() {
            "/" if !rest.is_empty() => rest,
            path => format!("{rest}{path}"),
        };
        op.server.url.clone_from(&common_url);
        op.server.variables.retain(|(name, _)| common_url.contains(&format!("{{{name}}}")));
    }
}

/// Adds a required string path parameter for each of `names` the operation does not declare.
fn declare_path_params(object: &mut Map<String, Value>, names: &[String]) {
    if names.is_empty() {
        return;
    }
    let params = object.entry("parameters").or_insert_with(|| json!([]));
    let Some(params) = params.as_array_mut() else { return };
    for (i, name) in names.iter().enumerate() {
        let declared = params.iter().any(|p| p.get("in") == Some(&json!("path")) && p.get("name") == Some(&json!(name)));
        if !declared {
            params.insert(
                i,
                json!({"name": name, "in": "path", "description": format!("The Postman variable `{{{{{name}}}}}`, part of the request's base URL; the collection gives it no value."),
                    "required": true, "schema": {"type": "string"}}),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn op(method: &str, path: &str, server: &str) -> (Operation, Option<String>) {
        let op = Operation {
            loc: Location::new("c.json", "/item/0"),
            name: path.into(),
            method: method.into(),
            path: path.into(),
            server: Server { url: server.into(), variables: Vec::new() },
            auth: Auth::Inherit,
            object: Map::new(),
        };
        (op, None)
    }

    #[test]
    fn servers_that_differ_in_path_only_are_split() {
        let mut ops = vec![
            op("get", "/", "https://x.com/api/v1/me/notebooks"),
            op("get", "/{id}", "https://x.com/api/v1/me/pages"),
            op("get", "/a", "https://other.com/z"),
        ];
        split_server_paths(&mut ops);
        let got: Vec<(&str, &str)> = ops.iter().map(|(o, _)| (o.server.url.as_str(), o.path.as_str())).collect();
        assert_eq!(
            got,
            [("https://x.com/api/v1/me", "/notebooks"), ("https://x.com/api/v1/me", "/pages/{id}"), ("https://other.com/z", "/a")]
        );
        let mut vars = vec![op("get", "/", "{Site}/api/{v}/me/notebooks"), op("get", "/", "{Site}/api/{v}/users/{id}/notebooks")];
        split_server_paths(&mut vars);
        assert_eq!((vars[0].0.server.url.as_str(), vars[0].0.path.as_str()), ("{Site}/api/{v}", "/me/notebooks"));
        assert_eq!(vars[1].0.path, "/users/{id}/notebooks", "a server variable becomes a path parameter");
        assert_eq!(vars[1].0.object["parameters"][0]["name"], "id");
        assert!(vars[0].0.object.get("parameters").is_none());
        let mut same = vec![op("get", "/a", "https://x.com/api"), op("get", "/b", "https://x.com/api")];
        split_server_paths(&mut same);
        assert_eq!(same[1].0.server.url, "https://x.com/api");
        assert_eq!(same[1].0.path, "/b");
    }

    #[test]
    fn every_request_keeps_its_operation() {
        let ops = vec![op("post", "/a", "https://x.com"), op("post", "/a", "https://x.com"), op("PURGE", "/a", "https://x.com")];
        let parts = assemble(ops, vec!["One".into(), "Two".into(), "Three".into()], &Auth::Inherit);
        assert_eq!(
            parts.paths,
            json!({
                "/a": {"post": {"operationId": "One"}},
                "/a#Two": {"post": {"operationId": "Two", "x-path": "/a"}},
                "/a#Three": {"post": {"operationId": "Three", "x-path": "/a", "x-method": "PURGE"}}
            })
        );
    }
}

//! Security requirements → how an operation sends its credentials ([`AuthScheme`]).
//!
//! The client holds two credentials: an API key (or token) and a user name with password. An
//! operation lists the schemes of its `security` (its own, else the document's), in order; the
//! client sends the first one it has a credential for. Mapping:
//!
//! | scheme | sent as |
//! |---|---|
//! | `http` `bearer`, `oauth2`, `openIdConnect` | `Authorization: Bearer <key>` (a token the user supplies) |
//! | `oauth2` with a `clientCredentials` flow | the same, or a token the client fetches itself ([`client_credentials`]) |
//! | `http` `basic` | `Authorization: Basic <user:password>` |
//! | `http` with another scheme name (`Token`) | `Authorization: <name> <key>` |
//! | `apiKey` in `header` / `query` / `cookie` | the key in that header / query parameter / cookie |
//!
//! An operation with `security: []` sends none; one without `security` the document's. HTTP
//! schemes that sign each request (`digest`, `hoba`, `mutual`,
//! `negotiate`, `vapid`, `scram-*`, `aws4-hmac-sha256`) are not sent: one warning per scheme
//! name. A requirement naming no declared scheme is a warning too. A `mutualTLS` scheme (listed in
//! `components.x-mutual-tls` by the down-level pass) sends nothing per call: it is the
//! certificate of the HTTP client, noted in the module's docs.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::AuthScheme;
use crate::diag::{Location, Warnings};

/// HTTP authentication schemes that need more than a credential in a header.
const SIGNED_HTTP_SCHEMES: &[&str] = &["digest", "hoba", "mutual", "negotiate", "vapid", "aws4-hmac-sha256"];

/// The schemes named so far that cannot be sent (reported once each).
#[derive(Debug, Default)]
pub struct Reported(Vec<String>);

/// How an operation with `security` (its own or the document's) authenticates: the schemes it
/// lists, in order, each once; empty for none. `at` locates the operation for warnings.
pub fn auth_of(
    doc: &OpenAPI,
    security: Option<&Vec<SecurityRequirement>>,
    at: &Location,
    reported: &mut Reported,
    warnings: &mut Warnings,
) -> Vec<AuthScheme> {
    let mut out: Vec<AuthScheme> = Vec::new();
    let mutual_tls = doc.components.as_ref().and_then(|c| c.extensions.get("x-mutual-tls")).and_then(serde_json::Value::as_array);
    for name in security.into_iter().flatten().flat_map(|r| r.keys()) {
        // A mutual TLS scheme is the HTTP client's certificate: nothing per call (the down-level
        // pass warned about it once, and the module's docs say how to configure it).
        if mutual_tls.is_some_and(|names| names.iter().any(|n| n == name.as_str())) {
            continue;
        }
        let scheme = doc.components.as_ref().and_then(|c| c.security_schemes.get(name));
        let auth = match scheme {
            Some(ReferenceOr::Item(scheme)) => send_as(scheme),
            _ => Err("is not declared in `components.securitySchemes`".to_string()),
        };
        match auth {
            Ok(auth) if !out.contains(&auth) => out.push(auth),
            Ok(_) => {}
            Err(why) => {
                if !reported.0.contains(name) {
                    reported.0.push(name.clone());
                    warnings.push(at.child("security"), format!("security scheme `{name}` {why}: calls do not send it"));
                }
            }
        }
    }
    out
}

/// How a credential for `scheme` is sent, or why it cannot be.
fn send_as(scheme: &SecurityScheme) -> Result<AuthScheme, String> {
    match scheme {
        SecurityScheme::HTTP { scheme, .. } => {
            let lower = scheme.to_ascii_lowercase();
            let token = !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if lower == "bearer" {
                Ok(AuthScheme::Http("Bearer".into()))
            } else if lower == "basic" {
                Ok(AuthScheme::Basic)
            } else if SIGNED_HTTP_SCHEMES.contains(&lower.as_str()) || lower.starts_with("scram-") {
                Err(format!("(HTTP `{scheme}`) signs each request, which a generated client does not do"))
            } else if token {
                Ok(AuthScheme::Http(scheme.clone()))
            } else {
                Err(format!("names the HTTP scheme `{scheme}`, which is not a valid scheme name"))
            }
        }
        SecurityScheme::APIKey { location: APIKeyLocation::Header, name, .. } => Ok(AuthScheme::Header(name.clone())),
        SecurityScheme::APIKey { location: APIKeyLocation::Query, name, .. } => Ok(AuthScheme::Query(name.clone())),
        SecurityScheme::APIKey { location: APIKeyLocation::Cookie, name, .. } => Ok(AuthScheme::Cookie(name.clone())),
        SecurityScheme::OAuth2 { flows, .. } => match &flows.client_credentials {
            Some(flow) if fetchable(&flow.token_url) => Ok(AuthScheme::OAuth2(flow.token_url.clone())),
            _ => Ok(AuthScheme::Http("Bearer".into())),
        },
        SecurityScheme::OpenIDConnect { .. } => Ok(AuthScheme::Http("Bearer".into())),
    }
}

/// An OAuth 2 `clientCredentials` flow: where the client fetches its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentialsFlow {
    /// The name of the (first) security scheme with this token URL.
    pub scheme: String,
    /// The token endpoint, as the document writes it (absolute, or relative to the server).
    pub token_url: String,
    /// The scopes the operations ask of the scheme, in order of first use.
    pub scopes: Vec<String>,
}
/// Flows with the same token URL made one (the first scheme's name, every scope once, in order).
pub fn merge_flows(flows: impl IntoIterator<Item = ClientCredentialsFlow>) -> Vec<ClientCredentialsFlow> {
    let mut out: Vec<ClientCredentialsFlow> = Vec::new();
    for flow in flows {
        match out.iter_mut().find(|f| f.token_url == flow.token_url) {
            Some(known) => {
                for scope in flow.scopes {
                    if !known.scopes.contains(&scope) {
                        known.scopes.push(scope);
                    }
                }
            }
            None => out.push(flow),
        }
    }
    out
}

/// Whether a client can ask `token_url` for tokens: a URL reference, not empty and without a
/// template variable (`{{tokenUrl}}` from a Postman collection, `{tenant}`). Otherwise the
/// scheme takes a token the user supplies, like any other OAuth 2 flow.
fn fetchable(token_url: &str) -> bool {
    !token_url.trim().is_empty() && !token_url.contains(['{', '}']) && !token_url.contains(char::is_whitespace)
}

/// The OAuth 2 client-credentials flows the client can fetch its tokens with: each scheme with
/// a `clientCredentials` flow that an operation's `security` (its own, else the document's)
/// names, with the scopes the operations ask of it in order of first use; schemes with the same
/// token URL are one flow.
pub fn client_credentials(doc: &OpenAPI) -> Vec<ClientCredentialsFlow> {
    let Some(components) = doc.components.as_ref() else { return Vec::new() };
    let mut found = Vec::new();
    for (_, item) in doc.paths.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (_, op) in item.iter() {
            let security = op.security.as_ref().or(doc.security.as_ref());
            for (name, scopes) in security.into_iter().flatten().flat_map(|r| r.iter()) {
                if let Some(ReferenceOr::Item(SecurityScheme::OAuth2 { flows, .. })) = components.security_schemes.get(name) {
                    if let Some(flow) = flows.client_credentials.as_ref().filter(|f| fetchable(&f.token_url)) {
                        found.push(ClientCredentialsFlow { scheme: name.clone(), token_url: flow.token_url.clone(), scopes: scopes.clone() });
                    }
                }
            }
        }
    }
    merge_flows(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemes_map_to_how_they_are_sent() {
        let doc: OpenAPI = serde_json::from_value(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"securitySchemes": {
                "b": {"type": "http", "scheme": "bearer"}, "basic": {"type": "http", "scheme": "Basic"},
                "tok": {"type": "http", "scheme": "Token"}, "dig": {"type": "http", "scheme": "digest"},
                "h": {"type": "apiKey", "in": "header", "name": "X-Key"}, "q": {"type": "apiKey", "in": "query", "name": "key"},
                "c": {"type": "apiKey", "in": "cookie", "name": "sid"},
                "o": {"type": "oauth2", "flows": {}}
            }}
        }))
        .unwrap();
        let security: Vec<SecurityRequirement> = serde_json::from_value(json!([
            {"b": []}, {"basic": []}, {"tok": []}, {"dig": []}, {"h": [], "q": []}, {"c": []}, {"o": ["s"]}, {"nope": []}
        ]))
        .unwrap();
        let mut warnings = Warnings::default();
        let mut reported = Reported::default();
        let at = Location::new("a.yaml", "/paths/~1x/get");
        let auth = auth_of(&doc, Some(&security), &at, &mut reported, &mut warnings);
        assert_eq!(
            auth,
            [
                AuthScheme::Http("Bearer".into()),
                AuthScheme::Basic,
                AuthScheme::Http("Token".into()),
                AuthScheme::Header("X-Key".into()),
                AuthScheme::Query("key".into()),
                AuthScheme::Cookie("sid".into()),
            ]
        );
        assert_eq!(warnings.0.len(), 2, "{:?}", warnings.0);
        auth_of(&doc, Some(&security), &at, &mut reported, &mut warnings);
        assert_eq!(warnings.0.len(), 2, "reported once per scheme");
        assert!(auth_of(&doc, Some(&Vec::new()), &at, &mut reported, &mut warnings).is_empty());
    }

    #[test]
    fn client_credentials_flows_with_the_scopes_used() {
        let doc: OpenAPI = serde_json::from_value(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "security": [{"code": ["x"]}, {"cc": ["read"]}],
            "paths": {
                "/a": {"get": {"responses": {"200": {"description": "ok"}}}},
                "/b": {"post": {"security": [{"cc": ["write", "read"]}], "responses": {"200": {"description": "ok"}}}},
                "/c": {"put": {"security": [{"other": []}, {"same": ["admin"]}], "responses": {"200": {"description": "ok"}}}},
                "/e": {"put": {"security": [{"templated": []}, {"blank": []}], "responses": {"200": {"description": "ok"}}}},
                "/d": {"get": {"security": [], "responses": {"200": {"description": "ok"}}}}
            },
            "components": {"securitySchemes": {
                "code": {"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a/auth", "tokenUrl": "https://a/token", "scopes": {}}}},
                "cc": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {"read": "", "write": ""}}}},
                "same": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": {"admin": ""}}}},
                "other": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://b/token", "scopes": {}}}},
                "templated": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "{{tokenUrl}}", "scopes": {}}}},
                "blank": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "", "scopes": {}}}},
                "unused": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://c/token", "scopes": {}}}}
            }}
        }))
        .unwrap();
        let flow = |scheme: &str, url: &str, scopes: &[&str]| ClientCredentialsFlow {
            scheme: scheme.into(),
            token_url: url.into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(client_credentials(&doc), [flow("cc", "/oauth/token", &["read", "write", "admin"]), flow("other", "https://b/token", &[])]);
        let mut warnings = Warnings::default();
        let mut reported = Reported::default();
        let security: Vec<SecurityRequirement> = serde_json::from_value(json!([{"code": []}, {"cc": []}, {"templated": []}])).unwrap();
        let auth = auth_of(&doc, Some(&security), &Location::new("a.yaml", ""), &mut reported, &mut warnings);
        // A token URL with a template variable cannot be fetched: a token the user supplies.
        assert_eq!(auth, [AuthScheme::Http("Bearer".into()), AuthScheme::OAuth2("/oauth/token".into())]);
        let none: OpenAPI = serde_json::from_value(json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}})).unwrap();
        assert!(client_credentials(&none).is_empty());
    }
}

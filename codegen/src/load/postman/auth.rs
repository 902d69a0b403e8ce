//! Authentication: Postman `auth` blocks → OpenAPI security schemes and requirements.
//!
//! `auth` may appear on the collection, on folders and on requests; a request uses the nearest
//! one (itself, then its folders from the innermost out, then the collection). A missing or
//! `null` auth, or type `inherit`, inherits. Mapping:
//!
//! | Postman | OpenAPI scheme (name) |
//! |---|---|
//! | `bearer` | `http`/`bearer` (`bearerAuth`) |
//! | `basic` | `http`/`basic` (`basicAuth`) |
//! | `apikey` | `apiKey` in header or query, with its key name (`apiKeyAuth`) |
//! | `oauth2` | `oauth2` with one flow from `grant_type` (`oauth2Auth`): a bearer token the user supplies |
//! | `noauth` | operation `security: []` |
//!
//! Other types (digest, hawk, oauth1, awsv4, ntlm, edgegrid, …) need a signature computed per
//! request, which a generated client does not do: one warning per type (with how many places
//! use it), no scheme, and the level is treated as if it had no `auth` (so the enclosing level
//! applies). Both the v2.1 form (`"bearer": [{"key": "token", "value": ..}]`) and the v2.0 form
//! (`"bearer": {"token": ..}`) of the parameters are read.
//!
//! A request to which no `auth` applies may carry its credentials in a header written by hand
//! ([`from_headers`]): `Authorization: Bearer {{token}}` (bearer), `Authorization: Basic …`
//! (basic), `Authorization: Token {{token}}` (an HTTP scheme of that name), or an API-key header
//! such as `x-api-key: {{key}}` (`apiKey` in that header). It becomes the request's scheme, not a
//! parameter.

use heck::{ToLowerCamelCase, ToUpperCamelCase};
use serde_json::{json, Map, Value};

use super::text::scalar_text;
use crate::diag::{Location, Warnings};

/// The auth of one level (collection, folder or request).
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// No auth of its own: the enclosing level applies.
    Inherit,
    /// Explicitly no authentication (`noauth`).
    Disabled,
    /// A security scheme, by its (preferred) name, with the OAuth scopes it requires.
    Scheme {
        /// The preferred name in `components.securitySchemes`.
        name: String,
        /// The OpenAPI security scheme object.
        scheme: Value,
        /// The scopes the requirement lists (OAuth 2 only).
        scopes: Vec<String>,
    },
}

/// The auth types without a scheme met so far: type, where it was first met, how many times.
#[derive(Debug, Default)]
pub struct Unsupported(Vec<(String, Location, usize)>);

impl Unsupported {
    fn add(&mut self, kind: &str, loc: &Location) {
        match self.0.iter_mut().find(|(k, _, _)| k == kind) {
            Some(entry) => entry.2 += 1,
            None => self.0.push((kind.to_string(), loc.clone(), 1)),
        }
    }

    /// One warning per type, at its first use.
    pub fn report(&self, warnings: &mut Warnings) {
        for (kind, loc, count) in &self.0 {
            let uses = if *count == 1 { String::from("1 use") } else { format!("{count} uses") };
            warnings.push(
                loc.clone(),
                format!("auth type `{kind}` ({uses}, the first here) has no security scheme a generated client can apply: ignored, the enclosing level's auth applies"),
            );
        }
    }
}

/// Reads the `auth` member at `loc` (the location of the `auth` member itself); types without a
/// scheme are recorded in `unsupported`.
pub fn read(
    auth: Option<&Value>,
    loc: &Location,
    unsupported: &mut Unsupported,
    warnings: &mut Warnings,
) -> Auth {
    let Some(auth) = auth.filter(|a| !a.is_null()) else {
        return Auth::Inherit;
    };
    let Some(kind) = auth.get("type").and_then(Value::as_str) else {
        warnings.push(loc.clone(), "auth without a `type`: ignored");
        return Auth::Inherit;
    };
    let scheme =
        |name: &str, scheme: Value| Auth::Scheme { name: name.into(), scheme, scopes: Vec::new() };
    match kind {
        "inherit" => Auth::Inherit,
        "noauth" => Auth::Disabled,
        "bearer" => scheme("bearerAuth", json!({"type": "http", "scheme": "bearer"})),
        "basic" => scheme("basicAuth", json!({"type": "http", "scheme": "basic"})),
        "apikey" => {
            let name = param(auth, kind, "key").unwrap_or_else(|| "X-API-Key".into());
            let place = match param(auth, kind, "in").as_deref() {
                Some("query") => "query",
                _ => "header",
            };
            scheme("apiKeyAuth", json!({"type": "apiKey", "in": place, "name": name}))
        }
        "oauth2" => oauth2(auth),
        other => {
            unsupported.add(other, &loc.child("type"));
            Auth::Inherit
        }
    }
}

/// One parameter of an auth block, in the v2.1 (array of key/value) or v2.0 (map) form.
fn param(auth: &Value, kind: &str, key: &str) -> Option<String> {
    let value = match auth.get(kind)? {
        Value::Array(items) => items
            .iter()
            .find(|i| i.get("key").and_then(Value::as_str) == Some(key))?
            .get("value")?,
        Value::Object(map) => map.get(key)?,
        _ => return None,
    };
    scalar_text(value).filter(|s| !s.is_empty())
}

fn oauth2(auth: &Value) -> Auth {
    let scopes: Vec<String> = param(auth, "oauth2", "scope")
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    let scope_map: Map<String, Value> = scopes.iter().map(|s| (s.clone(), json!(""))).collect();
    let token_url = param(auth, "oauth2", "accessTokenUrl").unwrap_or_default();
    let auth_url = param(auth, "oauth2", "authUrl").unwrap_or_default();
    let grant = param(auth, "oauth2", "grant_type").unwrap_or_else(|| "authorization_code".into());
    let (flow, body) = match grant.as_str() {
        "client_credentials" => {
            ("clientCredentials", json!({"tokenUrl": token_url, "scopes": scope_map}))
        }
        "password" | "password_credentials" => {
            ("password", json!({"tokenUrl": token_url, "scopes": scope_map}))
        }
        "implicit" => ("implicit", json!({"authorizationUrl": auth_url, "scopes": scope_map})),
        _ => (
            "authorizationCode",
            json!({"authorizationUrl": auth_url, "tokenUrl": token_url, "scopes": scope_map}),
        ),
    };
    let mut flows = Map::new();
    flows.insert(flow.into(), body);
    Auth::Scheme {
        name: "oauth2Auth".into(),
        scheme: json!({"type": "oauth2", "flows": flows}),
        scopes,
    }
}

/// Header names (lower case, without `-` and `_`) that carry an API key when their value is a
/// `{{variable}}`: they end with one of these.
const KEY_HEADER_ENDINGS: &[&str] =
    &["apikey", "appkey", "apitoken", "authtoken", "accesstoken", "authkey", "subscriptionkey"];

/// The scheme of an auth header written by hand, with the header's name: `Authorization` with
/// any value (`Bearer …`, `Basic …`, `Token …`: an HTTP scheme; a bare value: an API key in
/// `Authorization`), or an API-key header (a name ending in `api-key`, `app-key`, `api-token`,
/// `auth-token`, `access-token`, `auth-key` or `subscription-key`) whose value uses a
/// `{{variable}}`. Disabled headers do not count.
pub fn from_headers(headers: &[super::params::Header]) -> Option<(Auth, String)> {
    let scheme =
        |name: &str, scheme: Value| Auth::Scheme { name: name.into(), scheme, scopes: Vec::new() };
    for header in headers.iter().filter(|h| !h.disabled) {
        let value = header.value.as_deref().unwrap_or_default().trim();
        if header.key.eq_ignore_ascii_case("authorization") {
            let (word, rest) = value.split_once(' ').unwrap_or((value, ""));
            let is_scheme = !rest.trim().is_empty()
                && !word.contains("{{")
                && word.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+".contains(&b));
            let auth = match word.to_ascii_lowercase().as_str() {
                "bearer" if is_scheme => scheme("bearerAuth", json!({"type": "http", "scheme": "bearer"})),
                "basic" if is_scheme => scheme("basicAuth", json!({"type": "http", "scheme": "basic"})),
                _ if is_scheme => {
                    let name = format!("{}Auth", word.to_lower_camel_case());
                    scheme(&name, json!({"type": "http", "scheme": word}))
                }
                _ => scheme(
                    "apiKeyAuth",
                    json!({"type": "apiKey", "in": "header", "name": header.key}),
                ),
            };
            return Some((auth, header.key.clone()));
        }
        let squashed: String =
            header.key.chars().filter(|c| !matches!(c, '-' | '_')).collect::<String>().to_ascii_lowercase();
        let uses_variable = !super::text::variable_refs(value).is_empty();
        if uses_variable && KEY_HEADER_ENDINGS.iter().any(|e| squashed.ends_with(e)) {
            let auth = scheme("apiKeyAuth", json!({"type": "apiKey", "in": "header", "name": header.key}));
            return Some((auth, header.key.clone()));
        }
    }
    None
}

/// The security schemes used so far, in order of first use, with unique names.
#[derive(Debug, Default)]
pub struct Schemes(Vec<(String, Value)>);

impl Schemes {
    /// Registers `scheme` under `name` (or a variant of it if that name is taken by a different
    /// scheme) and returns the name it is registered under.
    pub fn register(&mut self, name: &str, scheme: &Value) -> String {
        if let Some((n, _)) = self.0.iter().find(|(_, s)| s == scheme) {
            return n.clone();
        }
        let mut candidate = name.to_string();
        if self.0.iter().any(|(n, _)| *n == candidate) {
            // Derived from the scheme's own content, so it does not depend on order.
            let detail = ["scheme", "name", "in"]
                .iter()
                .filter_map(|k| scheme.get(*k).and_then(Value::as_str))
                .collect::<Vec<_>>()
                .join(" ")
                .to_upper_camel_case();
            candidate = format!("{name}{detail}");
            while self.0.iter().any(|(n, _)| *n == candidate) {
                candidate.push('_');
            }
        }
        self.0.push((candidate.clone(), scheme.clone()));
        candidate
    }

    /// `components.securitySchemes`, or `None` if no scheme was used.
    pub fn to_value(&self) -> Option<Value> {
        (!self.0.is_empty()).then(|| Value::Object(self.0.iter().cloned().collect()))
    }
}

/// The security requirement list for `auth`: `[]` for no auth, `[{name: scopes}]` for a scheme,
/// `None` when nothing applies.
pub fn requirement(auth: &Auth, schemes: &mut Schemes) -> Option<Value> {
    match auth {
        Auth::Inherit => None,
        Auth::Disabled => Some(json!([])),
        Auth::Scheme { name, scheme, scopes } => {
            let name = schemes.register(name, scheme);
            let mut req = Map::new();
            req.insert(name, json!(scopes));
            Some(json!([req]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ok(v: Value) -> (Auth, Warnings) {
        let mut w = Warnings::default();
        let mut unsupported = Unsupported::default();
        let auth = read(Some(&v), &Location::new("c.json", "/auth"), &mut unsupported, &mut w);
        unsupported.report(&mut w);
        (auth, w)
    }

    #[test]
    fn bearer_in_both_versions() {
        let (v21, _) =
            read_ok(json!({"type": "bearer", "bearer": [{"key": "token", "value": "t"}]}));
        let (v20, _) = read_ok(json!({"type": "bearer", "bearer": {"token": "t"}}));
        assert_eq!(v21, v20);
        let mut schemes = Schemes::default();
        assert_eq!(requirement(&v21, &mut schemes), Some(json!([{"bearerAuth": []}])));
        assert_eq!(
            schemes.to_value(),
            Some(json!({"bearerAuth": {"type": "http", "scheme": "bearer"}}))
        );
    }

    #[test]
    fn apikey_and_oauth2() {
        let (a, _) = read_ok(
            json!({"type": "apikey", "apikey": [{"key": "key", "value": "X-Key"}, {"key": "in", "value": "query"}]}),
        );
        let (b, _) = read_ok(json!({"type": "apikey", "apikey": {"key": "X-Other"}}));
        let mut schemes = Schemes::default();
        assert_eq!(requirement(&a, &mut schemes), Some(json!([{"apiKeyAuth": []}])));
        assert_eq!(requirement(&b, &mut schemes), Some(json!([{"apiKeyAuthXOtherHeader": []}])));
        let defined = schemes.to_value().expect("two schemes");
        assert_eq!(defined["apiKeyAuth"], json!({"type": "apiKey", "in": "query", "name": "X-Key"}));
        assert_eq!(defined["apiKeyAuthXOtherHeader"], json!({"type": "apiKey", "in": "header", "name": "X-Other"}));
        let (o, _) = read_ok(
            json!({"type": "oauth2", "oauth2": [{"key": "grant_type", "value": "client_credentials"},
            {"key": "accessTokenUrl", "value": "https://t"}, {"key": "scope", "value": "a b"}]}),
        );
        assert_eq!(requirement(&o, &mut schemes), Some(json!([{"oauth2Auth": ["a", "b"]}])));
    }

    #[test]
    fn unknown_type_warns_once_per_kind_and_inherits() {
        let (a, w) = read_ok(json!({"type": "hawk", "hawk": []}));
        assert_eq!(a, Auth::Inherit);
        assert_eq!(w.0[0].location.pointer, "/auth/type");
        assert!(w.0[0].message.contains("`hawk` (1 use"), "{}", w.0[0].message);
        let (n, _) = read_ok(json!({"type": "noauth"}));
        assert_eq!(requirement(&n, &mut Schemes::default()), Some(json!([])));
        let mut w = Warnings::default();
        let mut unsupported = Unsupported::default();
        for (i, kind) in ["digest", "ntlm", "digest", "awsv4", "edgegrid", "oauth1", "digest"].iter().enumerate() {
            let loc = Location::new("c.json", format!("/item/{i}/request/auth"));
            assert_eq!(read(Some(&json!({"type": kind})), &loc, &mut unsupported, &mut w), Auth::Inherit);
        }
        unsupported.report(&mut w);
        let lines: Vec<String> = w.0.iter().map(|d| format!("{} {}", d.location.pointer, d.message)).collect();
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert!(lines[0].starts_with("/item/0/request/auth/type auth type `digest` (3 uses, the first here)"), "{lines:?}");
    }

    #[test]
    fn hand_written_auth_headers() {
        use super::super::params::headers;
        let of = |h: Value| from_headers(&headers(Some(&h)));
        let scheme_of = |h: Value| match of(h) {
            Some((Auth::Scheme { scheme, .. }, name)) => Some((scheme, name)),
            _ => None,
        };
        assert_eq!(
            scheme_of(json!([{"key": "Authorization", "value": "Token {{token}}"}])),
            Some((json!({"type": "http", "scheme": "Token"}), "Authorization".to_string()))
        );
        assert_eq!(
            scheme_of(json!([{"key": "authorization", "value": "Bearer {{access_token}}"}])).map(|s| s.0),
            Some(json!({"type": "http", "scheme": "bearer"}))
        );
        assert_eq!(
            scheme_of(json!([{"key": "Authorization", "value": "Basic YmQ4NGYw"}])).map(|s| s.0),
            Some(json!({"type": "http", "scheme": "basic"}))
        );
        assert_eq!(
            scheme_of(json!([{"key": "Authorization", "value": "{{key}}"}])).map(|s| s.0),
            Some(json!({"type": "apiKey", "in": "header", "name": "Authorization"}))
        );
        assert_eq!(
            scheme_of(json!([{"key": "Accept", "value": "x"}, {"key": "x-api-key", "value": "{{key}}"}])),
            Some((json!({"type": "apiKey", "in": "header", "name": "x-api-key"}), "x-api-key".to_string()))
        );
        assert_eq!(of(json!([{"key": "x-api-key", "value": "literal"}])), None, "no variable, no secret");
        assert_eq!(of(json!([{"key": "X-CSRF-Token", "value": "{{csrf}}"}])), None);
        assert_eq!(of(json!([{"key": "Authorization", "value": "Bearer x", "disabled": true}])), None);
    }
}

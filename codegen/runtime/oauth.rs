//! OAuth 2 client credentials (RFC 6749 §4.4): the client fetches its own bearer tokens from the
//! token endpoint, keeps one, fetches a new one shortly before it expires and once when the API
//! refuses it (401). Concurrent calls wait for one fetch rather than each making their own.
//!
//! The client authenticates to the token endpoint with HTTP Basic (RFC 6749 §2.3.1, the way
//! every server must accept), or with `client_id` and `client_secret` in the form body when
//! asked. Neither the secret nor a token appears in `Debug` output or an error message.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};

use super::encode::{form_escape, form_urlencoded};
use super::error::AuthError;

/// How long before its expiry a token is replaced: a minute, or half its lifetime when that is
/// shorter, so a call never leaves with a token about to lapse.
const MAX_MARGIN: Duration = Duration::from_secs(60);

/// The API's client-credentials flows: each token URL as the document writes it (absolute, or
/// relative to the base URL), with the scopes its operations ask for.
pub(crate) type Flows = &'static [(&'static str, &'static [&'static str])];

/// The settings of the client-credentials flows, as the builder collects them.
#[derive(Clone)]
pub(crate) struct ClientCredentialsSettings {
    pub(crate) flows: Flows,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    /// A token URL replacing every flow's.
    pub(crate) token_url: Option<String>,
    /// Scopes replacing every flow's (empty: the server's default).
    pub(crate) scopes: Option<Vec<String>>,
    /// Whether the id and secret go in the form body (`client_secret_post`) instead of HTTP Basic.
    pub(crate) in_body: bool,
}

impl fmt::Debug for ClientCredentialsSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("flows", &self.flows)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("token_url", &self.token_url)
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl ClientCredentialsSettings {
    /// One flow per token URL of the API, each with its token, resolved against `base_url`;
    /// each is found by the token URL the document writes.
    pub(crate) fn flows(&self, base_url: &str, allow_http: bool) -> Result<Vec<(&'static str, ClientCredentials)>, String> {
        let mut out = Vec::new();
        for (key, scopes) in self.flows {
            let token_url = self.token_url.as_deref().unwrap_or(key);
            let scopes = self.scopes.clone().unwrap_or_else(|| scopes.iter().map(|s| s.to_string()).collect());
            out.push((*key, ClientCredentials::new(self, token_url, scopes, base_url, allow_http)?));
        }
        Ok(out)
    }
}

/// A token in use.
struct Token {
    value: Arc<str>,
    /// When to fetch the next one; `None` when the server said nothing of expiry (kept until the
    /// API refuses it).
    renew_at: Option<Instant>,
}

/// A client-credentials flow with its current token.
pub(crate) struct ClientCredentials {
    /// The token endpoint, resolved against the base URL.
    token_url: String,
    client_id: String,
    client_secret: String,
    scopes: Vec<String>,
    in_body: bool,
    /// Held across a fetch, so concurrent calls share it.
    current: tokio::sync::Mutex<Option<Token>>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// A flow fetching from `token_url`, resolved against `base_url` (RFC 3986: the OpenAPI
    /// Specification reads relative URLs against the server's).
    fn new(settings: &ClientCredentialsSettings, token_url: &str, scopes: Vec<String>, base_url: &str, allow_http: bool) -> Result<Self, String> {
        let base = reqwest::Url::parse(&format!("{base_url}/")).map_err(|_| format!("invalid base URL `{base_url}`"))?;
        let url = base.join(token_url.trim_start_matches("./")).map_err(|_| format!("invalid OAuth 2 token URL `{token_url}`"))?;
        match url.scheme() {
            "https" => {}
            "http" if allow_http => {}
            "http" => return Err(format!("OAuth 2 token URL `{url}` is not https; call allow_http(true) to permit plain http")),
            _ => return Err(format!("invalid OAuth 2 token URL `{url}`")),
        }
        Ok(ClientCredentials {
            token_url: url.to_string(),
            client_id: settings.client_id.clone(),
            client_secret: settings.client_secret.clone(),
            scopes,
            in_body: settings.in_body,
            current: tokio::sync::Mutex::new(None),
        })
    }

    /// The token endpoint, resolved.
    #[cfg(test)]
    pub(crate) fn token_url(&self) -> &str {
        &self.token_url
    }

    /// A token to send: the current one while it is fresh, else a new one from the endpoint.
    pub(crate) async fn token(&self, http: &reqwest::Client, timeout: Duration) -> Result<Arc<str>, AuthError> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref() {
            if token.renew_at.is_none_or(|at| Instant::now() < at) {
                return Ok(token.value.clone());
            }
        }
        let token = self.fetch(http, timeout).await?;
        let value = token.value.clone();
        *current = Some(token);
        Ok(value)
    }

    /// Forgets `token`, which the API refused, unless another call has already replaced it.
    pub(crate) async fn refused(&self, token: &str) {
        let mut current = self.current.lock().await;
        if current.as_ref().is_some_and(|t| &*t.value == token) {
            *current = None;
        }
    }

    /// Asks the token endpoint for a token.
    async fn fetch(&self, http: &reqwest::Client, timeout: Duration) -> Result<Token, AuthError> {
        let settings = self;
        let mut form = vec![("grant_type".to_string(), "client_credentials".to_string())];
        if !settings.scopes.is_empty() {
            form.push(("scope".to_string(), settings.scopes.join(" ")));
        }
        let mut request = http.post(&self.token_url).timeout(timeout).header(ACCEPT, "application/json");
        request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        if settings.in_body {
            form.push(("client_id".to_string(), settings.client_id.clone()));
            form.push(("client_secret".to_string(), settings.client_secret.clone()));
        } else {
            // RFC 6749 §2.3.1: each part form-urlencoded, then joined and base64-encoded.
            let pair = format!("{}:{}", form_escape(&settings.client_id), form_escape(&settings.client_secret));
            let mut value = HeaderValue::from_str(&format!("Basic {}", super::client::base64(pair.as_bytes())))
                .map_err(|_| self.error(None, "the client id cannot be sent in a header".into()))?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        let asked_at = Instant::now();
        let response = request.body(form_urlencoded(&form)).send().await.map_err(|e| self.error(None, transport_problem(&e)))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| self.error(Some(status), transport_problem(&e)))?;
        let json: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
        if !status.is_success() {
            // RFC 6749 §5.2: `error` and `error_description`.
            let field = |name: &str| json.as_ref().and_then(|j| j.get(name)).and_then(serde_json::Value::as_str).map(str::to_string);
            let problem = match (field("error"), field("error_description")) {
                (Some(code), Some(text)) => format!("the endpoint answered {status}: {code} ({text})"),
                (Some(code), None) => format!("the endpoint answered {status}: {code}"),
                _ => format!("the endpoint answered {status}"),
            };
            return Err(AuthError { token_url: self.token_url.clone(), status: Some(status), code: field("error"), problem });
        }
        let Some(value) = json.as_ref().and_then(|j| j.get("access_token")).and_then(serde_json::Value::as_str).filter(|t| !t.is_empty()) else {
            return Err(self.error(Some(status), "the answer has no `access_token`".into()));
        };
        if HeaderValue::from_str(&format!("Bearer {value}")).is_err() {
            return Err(self.error(Some(status), "the token cannot be sent in a header".into()));
        }
        // A number of seconds; some servers send it as a string.
        let lifetime = json.as_ref().and_then(|j| j.get("expires_in")).and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok())));
        // A lifetime too long for the clock (`u64::MAX` seconds) is no expiry.
        let renew_at = lifetime.and_then(|seconds| {
            let lifetime = Duration::from_secs(seconds);
            asked_at.checked_add(lifetime - MAX_MARGIN.min(lifetime / 2))
        });
        Ok(Token { value: Arc::from(value), renew_at })
    }

    fn error(&self, status: Option<reqwest::StatusCode>, problem: String) -> AuthError {
        AuthError { token_url: self.token_url.clone(), status, code: None, problem }
    }
}

/// What went wrong on the way to the token endpoint, without reqwest's text (it holds the URL).
fn transport_problem(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "the request timed out".into()
    } else if e.is_connect() {
        "cannot connect".into()
    } else {
        "the request failed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOWS: Flows = &[("https://auth.example.com/token", &["read"]), ("/oauth/token", &[])];

    fn settings() -> ClientCredentialsSettings {
        ClientCredentialsSettings { flows: FLOWS, client_id: "id".into(), client_secret: "secret-value".into(), token_url: None, scopes: None, in_body: false }
    }

    /// A flow's key, resolved token URL and scopes.
    type Resolved = (&'static str, String, Vec<String>);

    fn urls(settings: &ClientCredentialsSettings, base: &str, allow_http: bool) -> Result<Vec<Resolved>, String> {
        Ok(settings.flows(base, allow_http)?.into_iter().map(|(key, flow)| (key, flow.token_url().to_string(), flow.scopes.clone())).collect())
    }

    /// Relative token URLs resolve against the base URL; plain http only when allowed; the
    /// settings' token URL and scopes replace every flow's.
    #[test]
    fn token_urls_resolve_against_the_base_url() {
        let flows = urls(&settings(), "https://api.example.com/v1", false).unwrap();
        assert_eq!(
            flows,
            [
                ("https://auth.example.com/token", "https://auth.example.com/token".to_string(), vec!["read".to_string()]),
                ("/oauth/token", "https://api.example.com/oauth/token".to_string(), vec![]),
            ]
        );
        let one = |token_url: &str| ClientCredentialsSettings { flows: &[("x", &[])], token_url: Some(token_url.into()), ..settings() };
        let url = |token_url: &str, base: &str| urls(&one(token_url), base, true).map(|f| f[0].1.clone());
        assert_eq!(url("oauth/token", "https://api.example.com/v1").unwrap(), "https://api.example.com/v1/oauth/token");
        assert_eq!(url("./token", "http://127.0.0.1:9").unwrap(), "http://127.0.0.1:9/token");
        assert!(urls(&one("http://auth.example.com/token"), "https://api.example.com", false).is_err());
        assert!(url("ftp://auth.example.com/token", "https://api.example.com").is_err());
        let replaced = ClientCredentialsSettings { token_url: Some("/t".into()), scopes: Some(vec!["s".into()]), ..settings() };
        for (_, url, scopes) in urls(&replaced, "https://api.example.com", false).unwrap() {
            assert_eq!((url.as_str(), scopes), ("https://api.example.com/t", vec!["s".to_string()]));
        }
        let debug = format!("{:?} {:?}", settings(), settings().flows("https://api.example.com", false).unwrap()[0].1);
        assert!(debug.contains("auth.example.com") && !debug.contains("secret-value"), "{debug}");
    }
}

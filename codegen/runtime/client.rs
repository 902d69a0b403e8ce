//! The HTTP client: configuration, authentication and the send loop with retries.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE};

use super::error::{BuildError, SendError, TransportError};
use super::hooks::{Attempt, AttemptOutcome, Hooks};
use super::oauth::{ClientCredentials, ClientCredentialsSettings, Flows};
use super::request::{Auth, CallOptions, Request};
use super::response::RawResponse;
use super::retry::RetryPolicy;

/// An API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// The API key or token; never logged.
    api_key: Option<String>,
    /// The `Authorization: Basic` value, marked sensitive so it is never logged.
    basic: Option<HeaderValue>,
    /// Bearer tokens fetched by the client itself (OAuth 2 client credentials), one flow per
    /// token URL as the document writes it.
    oauth2: Vec<(&'static str, ClientCredentials)>,
    default_headers: HeaderMap,
    timeout: Duration,
    retry: RetryPolicy,
    hooks: Hooks,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &self.inner.api_key.as_ref().map(|_| "<redacted>"))
            .field("basic_auth", &self.inner.basic.as_ref().map(|_| "<redacted>"))
            .field("oauth2", &self.inner.oauth2)
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.retry.max_retries)
            .field("hooks", &self.inner.hooks)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request`, retrying as the policy allows, and returns the final response whatever
    /// its status. Not generic over the operation's error type (a call's `?` converts the
    /// error), so its state machine is compiled once for the crate, not once per operation.
    pub(crate) async fn execute(&self, request: Request, options: &CallOptions) -> Result<RawResponse, SendError> {
        let request = options.with_extras(request).map_err(SendError::Invalid)?;
        self.send_retrying(request, options).await
    }

    /// The work of [`execute`](Self::execute), kept free of the operation's error type so that it
    /// is compiled once for the crate rather than once per operation.
    async fn send_retrying(&self, request: Request, options: &CallOptions) -> Result<RawResponse, SendError> {
        match self.send_attempts(request, options, false).await? {
            Sent::Read(raw) => Ok(raw),
            // Not asked for: every answer is read.
            Sent::Open(response) => Ok(RawResponse { status: response.status(), headers: response.headers().clone(), body: Vec::new() }),
        }
    }

    /// Sends `request`, retrying as the policy allows. With `open_success`, a 2xx answer is
    /// returned unread ([`Sent::Open`]: its body is streamed by the caller, and nothing after it
    /// is retried); any other answer, and every answer without it, is read whole.
    pub(crate) async fn send_attempts(&self, request: Request, options: &CallOptions, open_success: bool) -> Result<Sent, SendError> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            // OpenTelemetry's HTTP client span (semantic conventions 1.26): `{method} {template}`,
            // the URL without a credential sent in the query, no header.
            let shown = url_of(&self.inner.base_url, &request.path, &request.query);
            let name = if request.template.is_empty() { request.method.to_string() } else { format!("{} {}", request.method, request.template) };
            let span = tracing::info_span!(
                "http.client.request",
                otel.name = %name,
                otel.kind = "client",
                operation.id = request.operation_id,
                http.request.method = %request.method,
                url.template = request.template,
                url.full = %shown,
                http.response.status_code = tracing::field::Empty,
                http.request.resend_count = tracing::field::Empty,
                error.type = tracing::field::Empty,
            );
            let (outcome, retries) = self.attempts(request, options, open_success).instrument(span.clone()).await;
            if retries > 0 {
                span.record("http.request.resend_count", retries);
            }
            match &outcome {
                Ok(Sent::Read(raw)) => span.record("http.response.status_code", raw.status.as_u16()),
                Ok(Sent::Open(response)) => span.record("http.response.status_code", response.status().as_u16()),
                Err(SendError::Transport(e)) => span.record("error.type", error_kind(&e.0)),
                Err(SendError::Auth(_)) => span.record("error.type", "oauth2_token"),
                Err(SendError::Invalid(_)) => span.record("error.type", "invalid_request"),
            };
            outcome
        }
        #[cfg(not(feature = "tracing"))]
        self.attempts(request, options, open_success).await.0
    }

    /// The attempts of [`send_attempts`](Self::send_attempts); also returns how many retries
    /// were made.
    async fn attempts(&self, request: Request, options: &CallOptions, open_success: bool) -> (Result<Sent, SendError>, u32) {
        let inner = &self.inner;
        use reqwest::Method;
        // RFC 9110 §9.2.2; a method the RFC does not define (`PURGE`) is not assumed to be.
        // A body that cannot be sent again (a stream) makes any call unsafe to retry.
        let replayable = request.source.as_ref().is_none_or(|(source, _)| source.replayable());
        // A call carrying an idempotency key is performed once per key by the server.
        let idempotent = replayable
            && (request.idempotency_keyed || matches!(request.method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE));
        let retry_unsafe = !replayable;
        let max_retries = if retry_unsafe { 0 } else { options.max_retries.unwrap_or(inner.retry.max_retries) };
        let credential = self.credential(request.auth);
        let mut query = request.query;
        // What hooks see: the URL without a credential sent in the query.
        let shown_url = url_of(&inner.base_url, &request.path, &query);
        if let Some(Credential::Query(name, key)) = &credential {
            query.push(super::encode::query_pair(name, key, false));
        }
        let url = url_of(&inner.base_url, &request.path, &query);
        let mut cookies = request.cookies;
        if let Some(Credential::Cookie(name, key)) = &credential {
            cookies.push(format!("{name}={}", super::encode::cookie_value(key)));
        }
        // Marked sensitive: it may carry an API key.
        let cookie = (!cookies.is_empty()).then(|| HeaderValue::from_str(&cookies.join("; ")).ok()).flatten().map(|mut value| {
            value.set_sensitive(true);
            value
        });
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let mut attempt = 0;
        // Whether the call has fetched a new token after the API refused one (done once).
        let mut refreshed = false;
        loop {
            // A fetched token, taken afresh for each attempt (it may have expired or been refused).
            let flow = match &credential {
                Some(Credential::OAuth2(index)) => inner.oauth2.get(*index).map(|(_, flow)| flow),
                _ => None,
            };
            let token = match flow {
                Some(flow) => match flow.token(&inner.http, timeout).await {
                    Ok(token) => Some(token),
                    Err(e) => return (Err(SendError::Auth(e)), attempt),
                },
                _ => None,
            };
            // One header map, so that a call's own value replaces a client default.
            let mut headers = inner.default_headers.clone();
            let accept = HeaderValue::from_str(request.accept).unwrap_or_else(|_| HeaderValue::from_static("application/json"));
            headers.insert(ACCEPT, accept);
            for (name, value) in &request.headers {
                headers.insert(name.clone(), value.clone());
            }
            if let Some(Credential::Header(name, value)) = &credential {
                headers.insert(name.clone(), value.clone());
            }
            if let Some(mut value) = token.as_ref().and_then(|t| HeaderValue::from_str(&format!("Bearer {t}")).ok()) {
                value.set_sensitive(true);
                headers.insert(AUTHORIZATION, value);
            }
            if let Some(cookie) = &cookie {
                headers.insert(COOKIE, cookie.clone());
            }
            let mut builder = inner.http.request(request.method.clone(), &url).timeout(timeout);
            if let Some((body, content_type)) = &request.body {
                if let Ok(value) = HeaderValue::from_str(content_type) {
                    headers.insert(CONTENT_TYPE, value);
                }
                builder = builder.body(body.clone());
            }
            if let Some((source, content_type)) = &request.source {
                if let Ok(value) = HeaderValue::from_str(content_type) {
                    headers.insert(CONTENT_TYPE, value);
                }
                // Only a stream gives none, and a call with a stream is never retried.
                if let Some(body) = source.body() {
                    builder = builder.body(body);
                }
            }
            for hook in &inner.hooks.before {
                hook(&mut Attempt { operation_id: request.operation_id, method: &request.method, url: &shown_url, attempt, headers: &mut headers });
            }
            let builder = builder.headers(headers);
            let started = std::time::Instant::now();
            let outcome = match builder.send().await {
                Ok(response) if open_success && response.status().is_success() => {
                    let seen = AttemptOutcome {
                        operation_id: request.operation_id,
                        method: &request.method,
                        url: &shown_url,
                        attempt,
                        status: Some(response.status()),
                        headers: Some(response.headers()),
                        error: None,
                        elapsed: started.elapsed(),
                        retry_in: None,
                    };
                    inner.hooks.after.iter().for_each(|hook| hook(&seen));
                    return (Ok(Sent::Open(response)), attempt);
                }
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(body) => Ok(RawResponse { status, headers, body: body.to_vec() }),
                        Err(e) => Err(e),
                    }
                }
                Err(e) => Err(e),
            };
            let elapsed = started.elapsed();
            // A fetched token the API refuses is replaced once, at once, whatever the method:
            // the server did not act on the request. It does not count as a retry.
            let refresh = replayable && !refreshed && token.is_some() && outcome.as_ref().is_ok_and(|raw| raw.status == reqwest::StatusCode::UNAUTHORIZED);
            let retries = attempt - u32::from(refreshed);
            let retry_after = match &outcome {
                _ if refresh => Some(Duration::ZERO),
                Ok(raw) if retries < max_retries && inner.retry.should_retry_status(raw.status, idempotent) => {
                    Some(inner.retry.delay(retries, Some((raw.status, &raw.headers))))
                }
                Err(e) if retries < max_retries && inner.retry.should_retry_error(e, idempotent) => Some(inner.retry.delay(retries, None)),
                _ => None,
            };
            if !inner.hooks.after.is_empty() {
                let seen = AttemptOutcome {
                    operation_id: request.operation_id,
                    method: &request.method,
                    url: &shown_url,
                    attempt,
                    status: outcome.as_ref().ok().map(|raw| raw.status),
                    headers: outcome.as_ref().ok().map(|raw| &raw.headers),
                    error: outcome.as_ref().err(),
                    elapsed,
                    retry_in: retry_after,
                };
                inner.hooks.after.iter().for_each(|hook| hook(&seen));
            }
            #[cfg(feature = "tracing")]
            if let Some(delay) = retry_after {
                // The cause names a status or a kind of failure, never a URL (reqwest's error
                // text has one, and it may carry an API key sent in the query).
                let cause = match &outcome {
                    Ok(raw) => raw.status.as_u16().to_string(),
                    Err(e) => error_kind(e).to_string(),
                };
                tracing::info!(http.request.resend_count = attempt + 1, delay_ms = delay.as_millis() as u64, cause = %cause, "retrying");
            }
            if refresh {
                if let (Some(flow), Some(token)) = (flow, &token) {
                    flow.refused(token).await;
                }
                refreshed = true;
            }
            match retry_after {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => return (outcome.map(Sent::Read).map_err(|e| SendError::Transport(TransportError(e))), attempt),
            }
        }
    }
}

/// A transport failure's kind, for `error.type`: `timeout`, `connect`, `body`, `request`.
#[cfg(feature = "tracing")]
fn error_kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else if e.is_body() || e.is_decode() {
        "body"
    } else {
        "request"
    }
}

/// `base` + `path` + `?query` (when there is one).
fn url_of(base: &str, path: &str, query: &[String]) -> String {
    if query.is_empty() {
        format!("{base}{path}")
    } else {
        format!("{base}{path}?{}", query.join("&"))
    }
}

/// What [`Client::send_attempts`] got back.
pub(crate) enum Sent {
    /// The answer, read whole.
    Read(RawResponse),
    /// A 2xx answer whose body is still to be read (streamed).
    #[allow(dead_code)] // only APIs with streamed responses ask for it
    Open(reqwest::Response),
}

/// A credential as a request carries it.
enum Credential {
    /// A header (marked sensitive).
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, String),
    /// A cookie.
    Cookie(&'static str, String),
    /// `Authorization: Bearer` with a token the client fetches: the flow at this index of
    /// the client's (OAuth 2 client credentials).
    OAuth2(usize),
}

impl Client {
    /// The credential to send for a request that accepts `auth`: the first kind the client has
    /// a credential for.
    fn credential(&self, auth: &[Auth]) -> Option<Credential> {
        let inner = &self.inner;
        for kind in auth {
            let sensitive = |text: String| {
                HeaderValue::from_str(&text).ok().map(|mut value| {
                    value.set_sensitive(true);
                    value
                })
            };
            let credential = match (kind, &inner.api_key) {
                (Auth::Basic, _) => match &inner.basic {
                    Some(value) => Some(Credential::Header(AUTHORIZATION, value.clone())),
                    None => continue,
                },
                // A token the user gives wins over one the client would fetch.
                (Auth::OAuth2(token_url), None) => match inner.oauth2.iter().position(|(key, _)| key == token_url) {
                    Some(index) => Some(Credential::OAuth2(index)),
                    None => continue,
                },
                (_, None) => continue,
                (Auth::Http(scheme), Some(key)) => sensitive(format!("{scheme} {key}")).map(|v| Credential::Header(AUTHORIZATION, v)),
                (Auth::OAuth2(_), Some(key)) => sensitive(format!("Bearer {key}")).map(|v| Credential::Header(AUTHORIZATION, v)),
                (Auth::Header(name), Some(key)) => {
                    HeaderName::from_bytes(name.as_bytes()).ok().zip(sensitive(key.clone())).map(|(n, v)| Credential::Header(n, v))
                }
                (Auth::Query(name), Some(key)) => Some(Credential::Query(name, key.clone())),
                (Auth::Cookie(name), Some(key)) => Some(Credential::Cookie(name, key.clone())),
            };
            return credential;
        }
        None
    }
}

/// Settings for a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    basic_auth: Option<(String, String)>,
    base_url: Option<String>,
    allow_http: bool,
    timeout: Duration,
    retry: RetryPolicy,
    default_headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
    hooks: Hooks,
    oauth2: Option<ClientCredentialsSettings>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            basic_auth: None,
            base_url: crate::client::DEFAULT_BASE_URL.map(str::to_string),
            allow_http: false,
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            default_headers: Vec::new(),
            http: None,
            hooks: Hooks::default(),
            oauth2: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("basic_auth", &self.basic_auth.as_ref().map(|(user, _)| (user, "<redacted>")))
            .field("base_url", &self.base_url)
            .field("oauth2", &self.oauth2)
            .field("allow_http", &self.allow_http)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key or token, sent as each operation's security scheme asks: as a bearer token
    /// (`Authorization: Bearer …`, also for OAuth 2), under another `Authorization` scheme the
    /// API names, or in an API-key header, query parameter or cookie. It never appears in `Debug` output.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The user name and password for operations that use HTTP basic authentication. The
    /// password never appears in `Debug` output.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic_auth = Some((username.into(), password.into()));
        self
    }

    /// A base URL other than the API's servers, such as a proxy or a mock server.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Permits a plain-http base URL (for example a mock server on loopback). Off by default.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The timeout of each attempt (default 60 s). A call can override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a failed call is retried (default 2).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry.max_retries = max_retries;
        self
    }

    /// Whether POST and PATCH calls are retried after a timeout or a 408/5xx status, which may
    /// repeat their effect (default false). 429 responses are always retried.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry.retry_non_idempotent = retry;
        self
    }

    /// The longest wait between attempts, whatever `Retry-After` asks for (default 60 s).
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.retry.max_delay = delay;
        self
    }

    /// The first backoff delay, doubled at each retry (default 500 ms).
    pub fn initial_retry_delay(mut self, delay: Duration) -> Self {
        self.retry.initial_delay = delay;
        self
    }

    /// A header sent with every request (a call's own value for the same header wins).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Uses `client` for HTTP (to share a connection pool or set proxies).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Runs `hook` before each attempt of every call (retries included): it sees the operation
    /// id, method, URL and attempt number, and may add, change or remove headers. Credentials
    /// are visible only by name ([`Attempt::header`](crate::Attempt::header)). Hooks run in the
    /// order they are added.
    pub fn before_attempt(mut self, hook: impl Fn(&mut crate::Attempt<'_>) + Send + Sync + 'static) -> Self {
        self.hooks.before.push(Arc::new(hook));
        self
    }

    /// Runs `hook` after each attempt of every call: status and headers (or the transport
    /// error), elapsed time, attempt number, and the wait before the next attempt if the client
    /// retries.
    pub fn after_attempt(mut self, hook: impl Fn(&crate::AttemptOutcome<'_>) + Send + Sync + 'static) -> Self {
        self.hooks.after.push(Arc::new(hook));
        self
    }

    /// Fetches bearer tokens with the OAuth 2 client-credentials `flows`, as `client_id`. The
    /// generated crate's `oauth2_client_credentials` calls this with the API's flows.
    #[allow(dead_code)] // used only by APIs with an OAuth 2 client-credentials flow
    pub(crate) fn client_credentials(mut self, flows: Flows, client_id: String, client_secret: String) -> Self {
        self.oauth2 = Some(ClientCredentialsSettings { flows, client_id, client_secret, token_url: None, scopes: None, in_body: false });
        self
    }

    /// Changes the settings of the client-credentials flow, if one is set.
    #[allow(dead_code)] // used only by APIs with an OAuth 2 client-credentials flow
    pub(crate) fn client_credentials_settings(mut self, change: impl FnOnce(&mut ClientCredentialsSettings)) -> Self {
        if let Some(settings) = &mut self.oauth2 {
            change(settings);
        }
        self
    }

    /// Checks the settings and creates the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.base_url.ok_or(BuildError::MissingBaseUrl)?;
        let base_url = base_url.trim_end_matches('/').to_string();
        let scheme = base_url.split("://").next().unwrap_or("");
        if !base_url.contains("://") || reqwest::Url::parse(&base_url).is_err() {
            return Err(BuildError::InvalidBaseUrl(base_url));
        }
        match scheme {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => return Err(BuildError::InsecureBaseUrl(base_url)),
            _ => return Err(BuildError::InvalidBaseUrl(base_url)),
        }
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| BuildError::InvalidHeader(name.clone()))?;
            let header_value = HeaderValue::from_str(value).map_err(|_| BuildError::InvalidHeader(name.clone()))?;
            default_headers.insert(header_name, header_value);
        }
        if let Some(key) = &self.api_key {
            HeaderValue::from_str(key).map_err(|_| BuildError::InvalidHeader("authorization".into()))?;
        }
        let basic = match &self.basic_auth {
            Some((user, password)) => {
                let encoded = base64(format!("{user}:{password}").as_bytes());
                let mut value = HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| BuildError::InvalidHeader("authorization".into()))?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let oauth2 = match &self.oauth2 {
            Some(settings) => settings.flows(&base_url, self.allow_http).map_err(BuildError::InvalidOAuth2)?,
            None => Vec::new(),
        };
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
                .build()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                api_key: self.api_key,
                basic,
                oauth2,
                default_headers,
                timeout: self.timeout,
                retry: self.retry,
                hooks: self.hooks,
            }),
        })
    }
}

/// Standard base64 with padding (RFC 4648 §4), for `Authorization: Basic`.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{base64, BuildError, Client};
    use std::time::Duration;

    /// Every setting reaches the client, the base URL loses its trailing slash, and `Debug`
    /// shows the settings but never a credential.
    #[test]
    fn builder_settings_reach_the_client() {
        let client = Client::builder()
            .base_url("https://example.test/v3/")
            .api_key("SG.secret-key")
            .basic_auth("user", "secret-password")
            .timeout(Duration::from_secs(7))
            .max_retries(5)
            .retry_non_idempotent(true)
            .max_retry_delay(Duration::from_secs(9))
            .initial_retry_delay(Duration::from_millis(3))
            .default_header("x-team", "blue")
            .http_client(reqwest::Client::new())
            .build()
            .expect("valid settings");
        assert_eq!(client.base_url(), "https://example.test/v3");
        let inner = &client.inner;
        assert_eq!(inner.api_key.as_deref(), Some("SG.secret-key"));
        assert_eq!(inner.basic.as_ref().map(|v| v.to_str().unwrap().to_string()), Some(format!("Basic {}", base64(b"user:secret-password"))));
        assert_eq!(inner.timeout, Duration::from_secs(7));
        assert_eq!(inner.retry.max_retries, 5);
        assert!(inner.retry.retry_non_idempotent);
        assert_eq!(inner.retry.max_delay, Duration::from_secs(9));
        assert_eq!(inner.retry.initial_delay, Duration::from_millis(3));
        assert_eq!(inner.default_headers["x-team"], "blue");
        let debug = format!("{client:?}");
        assert!(debug.contains("base_url: \"https://example.test/v3\""), "{debug}");
        assert!(debug.contains("max_retries: 5") && debug.contains("<redacted>"), "{debug}");
        assert!(!debug.contains("secret"), "a credential in Debug output: {debug}");
        let builder_debug = format!("{:?}", Client::builder().api_key("SG.secret-key").base_url("https://example.test"));
        assert!(builder_debug.contains("example.test") && !builder_debug.contains("secret"), "{builder_debug}");
    }

    /// https is accepted; plain http only when allowed; anything else, or a URL that does not
    /// parse, is refused.
    #[test]
    fn base_url_schemes() {
        let build = |url: &str, allow_http: bool| Client::builder().base_url(url).allow_http(allow_http).build();
        assert!(build("https://api.example.test", false).is_ok());
        assert!(matches!(build("http://127.0.0.1:8080", false), Err(BuildError::InsecureBaseUrl(_))));
        assert_eq!(build("http://127.0.0.1:8080", true).expect("http allowed").base_url(), "http://127.0.0.1:8080");
        assert!(matches!(build("https://exa mple.test", false), Err(BuildError::InvalidBaseUrl(_))));
        assert!(matches!(build("ftp://example.test", true), Err(BuildError::InvalidBaseUrl(_))));
        assert!(matches!(build("example.test", true), Err(BuildError::InvalidBaseUrl(_))));
        assert!(matches!(Client::builder().base_url("https://example.test").default_header("bad name", "x").build(), Err(BuildError::InvalidHeader(_))));
    }

    #[test]
    fn base64_of_basic_credentials() {
        assert_eq!(base64(b"Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
        assert_eq!(base64(b""), "");
    }
}

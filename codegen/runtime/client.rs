//! The HTTP client: configuration, authentication and the send loop with retries.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};

use super::error::{BuildError, Error, TransportError};
use super::request::{CallOptions, Request};
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
    /// The `Authorization` value, marked sensitive so it is never logged.
    api_key: Option<HeaderValue>,
    default_headers: HeaderMap,
    timeout: Duration,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &self.inner.api_key.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.retry.max_retries)
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
    /// its status.
    pub(crate) async fn execute<E>(&self, request: Request, options: &CallOptions) -> Result<RawResponse, Error<E>> {
        self.send_retrying(request, options).await.map_err(Error::Transport)
    }

    /// The work of [`execute`](Self::execute), kept free of the operation's error type so that it
    /// is compiled once for the crate rather than once per operation.
    async fn send_retrying(&self, request: Request, options: &CallOptions) -> Result<RawResponse, TransportError> {
        let inner = &self.inner;
        let idempotent = !matches!(request.method, reqwest::Method::POST | reqwest::Method::PATCH);
        let max_retries = options.max_retries.unwrap_or(inner.retry.max_retries);
        let url = format!("{}{}", inner.base_url, request.path);
        let mut attempt = 0;
        loop {
            // One header map, so that a call's own value replaces a client default.
            let mut headers = inner.default_headers.clone();
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            for (name, value) in &request.headers {
                headers.insert(name.clone(), value.clone());
            }
            if request.authenticated {
                if let Some(key) = &inner.api_key {
                    headers.insert(AUTHORIZATION, key.clone());
                }
            }
            let mut builder = inner.http.request(request.method.clone(), &url).timeout(options.timeout.unwrap_or(inner.timeout));
            if !request.query.is_empty() {
                builder = builder.query(&request.query);
            }
            if let Some(body) = &request.body {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                builder = builder.body(body.clone());
            }
            let builder = builder.headers(headers);
            let outcome = match builder.send().await {
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
            let retry_after = match &outcome {
                Ok(raw) if attempt < max_retries && inner.retry.should_retry_status(raw.status, idempotent) => {
                    Some(inner.retry.delay(attempt, Some((raw.status, &raw.headers))))
                }
                Err(e) if attempt < max_retries && inner.retry.should_retry_error(e, idempotent) => Some(inner.retry.delay(attempt, None)),
                _ => None,
            };
            match retry_after {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => return outcome.map_err(TransportError),
            }
        }
    }
}

/// Settings for a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    allow_http: bool,
    timeout: Duration,
    retry: RetryPolicy,
    default_headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: crate::client::DEFAULT_BASE_URL.map(str::to_string),
            allow_http: false,
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            default_headers: Vec::new(),
            http: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("allow_http", &self.allow_http)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key, sent as a bearer token. It never appears in `Debug` output.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
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
        let api_key = match self.api_key {
            Some(key) => {
                let mut value = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| BuildError::InvalidHeader("authorization".into()))?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
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
                api_key,
                default_headers,
                timeout: self.timeout,
                retry: self.retry,
            }),
        })
    }
}

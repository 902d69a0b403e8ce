//! The crate root (`lib.rs`) and `client.rs`: servers as a `Region` enum, module accessors on
//! `Client`, and client-wide defaults for optional header parameters.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::sanitize;
use super::tokens::{doc_lines, feature_cfg, format_file, ident};
use crate::diag::Result;
use crate::model::Api;

/// `src/lib.rs`.
pub fn lib_rs(api: &Api) -> Result<String> {
    let mut text = format!("{}\n\nModules:\n", sanitize(&api.description));
    for m in &api.modules {
        // Not `[name]: Title (n operations)`, which Markdown may read as a link definition.
        text.push_str(&format!("\n- [`{}`] — {} ({} operations)", m.name, sanitize(&m.title), m.operations.len()));
    }
    if !api.common.is_empty() {
        text.push_str(&format!(
            "\n- [`{}`] — {} types shared by several modules (each module re-exports the ones it uses)",
            api.common_module,
            api.common.len()
        ));
    }
    text.push_str(
        "\n\nStart with [`Client::builder`]; each module is reached through the client \
         (`client.module_name()`), and each operation returns a call builder that you `.await`.",
    );
    let crate_doc: Vec<TokenStream> = text
        .lines()
        .map(|l| {
            let l = if l.is_empty() { String::new() } else { format!(" {l}") };
            quote!(#![doc = #l])
        })
        .collect();
    let modules: Vec<_> = api.modules.iter().map(|m| ident(&m.name)).collect();
    let gates: Vec<_> = api.modules.iter().map(|m| feature_cfg(api, &m.name)).collect();
    let common = (!api.common.is_empty()).then(|| {
        let name = ident(&api.common_module);
        quote!(pub mod #name;)
    });
    let file_part = api.uses_custom(crate::model::FILE_PART).then(|| quote!(pub use runtime::FilePart;));
    let streaming = api.streaming();
    let streams = streaming.bodies.then(|| quote!(pub use runtime::{ByteStream, JsonLines, StreamError, Streamed, Upload};));
    let events = streaming.events.then(|| quote!(pub use runtime::{Event, EventStream};));
    // Without operations (a webhooks-only document) nothing sends a request: the runtime's
    // sending half is unused, and only that is allowed to be.
    let no_calls = api.modules.iter().all(|m| m.operations.is_empty()).then(|| quote!(#[allow(dead_code)]));
    let tokens = quote! {
        #( #crate_doc )*
        #![deny(missing_docs)]

        mod client;
        #no_calls
        mod runtime;

        #common
        #( #gates pub mod #modules; )*

        #[cfg(feature = "mock")]
        pub mod mock;

        pub use client::Region;
        pub use runtime::{
            ApiError, Attempt, AttemptOutcome, AuthError, BuildError, Client, ClientBuilder, DecodeError, Error, InvalidRequest, Method, RateLimit, RawRequest, Response,
            TransportError, UnexpectedResponse,
        };
        #file_part
        #streams
        #events

        /// The README's examples, compiled as doc tests.
        #[doc = include_str!("../README.md")]
        #[cfg(doctest)]
        pub struct ReadmeDoctests;
    };
    format_file(tokens, "lib.rs")
}

/// `src/client.rs`.
pub fn client_rs(api: &Api) -> Result<String> {
    let variants: Vec<_> = api.servers.iter().map(|s| ident(&s.variant)).collect();
    let urls: Vec<_> = api.servers.iter().map(|s| s.url.as_str()).collect();
    let variant_docs: Vec<TokenStream> = api
        .servers
        .iter()
        .map(|s| {
            let text = match &s.description {
                Some(d) => format!("`{}`: {}", s.url, sanitize(d)),
                None => format!("`{}`.", s.url),
            };
            doc_lines(&text)
        })
        .collect();
    let default_url = match urls.first() {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let region = if api.servers.is_empty() {
        quote! {
            /// The API declares no servers: set a base URL with [`ClientBuilder::base_url`].
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub enum Region {}

            impl Region {
                /// The base URL of this region.
                pub fn base_url(self) -> &'static str {
                    match self {}
                }
            }
        }
    } else {
        let items = variants.iter().zip(&variant_docs).enumerate().map(|(i, (variant, docs))| {
            let default = if i == 0 { quote!(#[default]) } else { quote!() };
            quote!(#docs #default #variant,)
        });
        let lower: Vec<String> = api.servers.iter().map(|s| s.variant.to_ascii_lowercase()).collect();
        quote! {
            /// The servers the API declares. [`ClientBuilder::base_url`] sets any other.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            #[non_exhaustive]
            pub enum Region {
                #( #items )*
            }

            impl Region {
                /// The base URL of this region.
                pub fn base_url(self) -> &'static str {
                    match self {
                        #( Region::#variants => #urls, )*
                    }
                }
            }

            impl std::str::FromStr for Region {
                type Err = String;

                /// Parses a region name, ignoring case (e.g. `"eu"`).
                fn from_str(s: &str) -> Result<Self, Self::Err> {
                    match s.to_ascii_lowercase().as_str() {
                        #( #lower => Ok(Region::#variants), )*
                        other => Err(format!("unknown region `{other}`")),
                    }
                }
            }
        }
    };
    let accessors = api.modules.iter().map(|m| {
        let name = ident(&m.name);
        let gate = feature_cfg(api, &m.name);
        let text = format!(" The {} operations.", sanitize(&m.title));
        quote! {
            #gate
            #[doc = #text]
            pub fn #name(&self) -> crate::#name::Api<'_> {
                crate::#name::Api { client: self }
            }
        }
    });
    let builder_reserved = [
        "api_key", "base_url", "allow_http", "timeout", "max_retries", "retry_non_idempotent", "max_retry_delay", "initial_retry_delay", "default_header",
        "http_client", "build", "region", "before_attempt", "after_attempt", "oauth2_client_credentials", "oauth2_scopes", "oauth2_token_url",
        "oauth2_credentials_in_body",
    ];
    // How `Client::request` sends the credential: every way the API's operations send one, in
    // the order they first appear (the client uses the first it has a credential for).
    let mut auth_kinds: Vec<&crate::model::AuthScheme> = Vec::new();
    for scheme in api.modules.iter().flat_map(|m| &m.operations).flat_map(|op| &op.auth) {
        if !auth_kinds.contains(&scheme) {
            auth_kinds.push(scheme);
        }
    }
    let auth_kinds = auth_kinds.into_iter().map(|a| match a {
        crate::model::AuthScheme::Http(scheme) => quote!(crate::runtime::Auth::Http(#scheme)),
        crate::model::AuthScheme::Basic => quote!(crate::runtime::Auth::Basic),
        crate::model::AuthScheme::Header(name) => quote!(crate::runtime::Auth::Header(#name)),
        crate::model::AuthScheme::Query(name) => quote!(crate::runtime::Auth::Query(#name)),
        crate::model::AuthScheme::Cookie(name) => quote!(crate::runtime::Auth::Cookie(#name)),
        crate::model::AuthScheme::OAuth2(token_url) => quote!(crate::runtime::Auth::OAuth2(#token_url)),
    });
    let defaults = api.default_headers.iter().filter(|p| !builder_reserved.contains(&p.rust_name.as_str())).map(|p| {
        let name = ident(&p.rust_name);
        let wire = p.name.to_ascii_lowercase();
        let docs = doc_lines(&format!(
            "Sends `{}` with every call (a call's own value wins).\n\n{}",
            p.name,
            p.description.as_deref().map(sanitize).unwrap_or_default()
        ));
        quote! {
            #docs
            pub fn #name(self, value: impl Into<String>) -> Self {
                self.default_header(#wire, value)
            }
        }
    });
    let oauth2 = (!api.client_credentials.is_empty()).then(|| client_credentials(&api.client_credentials));
    let tokens = quote! {
        //! Servers, module accessors and client-wide defaults.

        use crate::{Client, ClientBuilder};

        /// The base URL used when neither a region nor a base URL is set.
        pub(crate) const DEFAULT_BASE_URL: Option<&str> = #default_url;

        /// How [`Client::request`] sends the credential: as the API's operations do.
        pub(crate) const DEFAULT_AUTH: &[crate::runtime::Auth] = &[#( #auth_kinds ),*];

        #region

        impl ClientBuilder {
            /// Sends requests to the servers of `region`.
            pub fn region(self, region: Region) -> Self {
                self.base_url(region.base_url())
            }

            #( #defaults )*
            #oauth2
        }

        impl Client {
            #( #accessors )*
        }
    };
    format_file(tokens, "client.rs")
}

/// `text` as a Markdown code span (a backtick in it becomes a quote).
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'").replace(['\r', '\n'], " "))
}

/// The builder methods of the API's OAuth 2 client-credentials flows.
fn client_credentials(flows: &[crate::model::ClientCredentialsFlow]) -> TokenStream {
    let described: Vec<String> = flows
        .iter()
        .map(|flow| {
            let scopes = if flow.scopes.is_empty() {
                "no scope (the server's default)".to_string()
            } else {
                format!("the scopes {}", flow.scopes.iter().map(|s| code(s)).collect::<Vec<_>>().join(", "))
            };
            format!("- {} (scheme {}), asking for {scopes}", code(&flow.token_url), code(&flow.scheme))
        })
        .collect();
    let docs = doc_lines(&format!(
        "Fetches bearer tokens with the OAuth 2 client-credentials flow (RFC 6749 §4.4) for the \
         operations that accept it, instead of a token set with [`api_key`](Self::api_key) (which \
         wins if both are set). The token endpoint{}:\n\n{}\n\n\
         The client authenticates there with `client_id` and `client_secret` (HTTP Basic; see \
         [`oauth2_credentials_in_body`](Self::oauth2_credentials_in_body)), keeps the token, fetches \
         the next one a minute (or half its lifetime) before it expires and once when the API \
         answers 401; concurrent calls share one fetch. A failure of the token endpoint is \
         [`Error::Auth`](crate::Error::Auth). The secret and the tokens never appear in `Debug` output.",
        if flows.len() == 1 { "" } else { "s (one token each; the same client id and secret)" },
        described.join("\n")
    ));
    let urls = flows.iter().map(|f| f.token_url.as_str());
    let scopes = flows.iter().map(|f| {
        let scopes = &f.scopes;
        quote!(&[#( #scopes ),*])
    });
    quote! {
        #docs
        pub fn oauth2_client_credentials(self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
            const FLOWS: &[(&str, &[&str])] = &[#( (#urls, #scopes) ),*];
            self.client_credentials(FLOWS, client_id.into(), client_secret.into())
        }

        /// The scopes to ask the token endpoint for, instead of those the API's operations
        /// require (none: the server's default). Call after
        /// [`oauth2_client_credentials`](Self::oauth2_client_credentials).
        pub fn oauth2_scopes<S: Into<String>>(self, scopes: impl IntoIterator<Item = S>) -> Self {
            let scopes: Vec<String> = scopes.into_iter().map(Into::into).collect();
            self.client_credentials_settings(|s| s.scopes = Some(scopes))
        }

        /// Another token endpoint than the API's (absolute, or relative to the base URL), such as
        /// a mock server's. Call after [`oauth2_client_credentials`](Self::oauth2_client_credentials).
        pub fn oauth2_token_url(self, token_url: impl Into<String>) -> Self {
            let token_url = token_url.into();
            self.client_credentials_settings(|s| s.token_url = Some(token_url))
        }

        /// Sends `client_id` and `client_secret` in the token request's form body
        /// (`client_secret_post`) instead of HTTP Basic, for token endpoints that want them
        /// there. Call after [`oauth2_client_credentials`](Self::oauth2_client_credentials).
        pub fn oauth2_credentials_in_body(self) -> Self {
            self.client_credentials_settings(|s| s.in_body = true)
        }
    }
}

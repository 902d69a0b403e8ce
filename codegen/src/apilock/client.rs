//! The part of the public API that is not an operation or a type: the `Region` enum (from the
//! documents' `servers`), the builder methods the API adds (client-wide header defaults), the
//! credentials its security schemes take, and the crate's cargo features; and how changes to
//! them are classified.
//!
//! `Region` is `#[non_exhaustive]`, so a new region breaks nothing; a region removed or renamed
//! (SendGrid's `Default` became `Global` when the EU server was added) breaks code that names
//! it. A builder method or feature removed breaks builds; a credential the API stops taking is
//! a behaviour change (the builder method stays, calls no longer send it).

use serde::{Deserialize, Serialize};

use super::diff::{ApiChange, ChangeKind};
use super::VariantLock;
use crate::model::{Api, AuthScheme};

/// What the crate exposes beyond its modules' operations and types.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientLock {
    /// The `Region` variants, each with its base URL, in declaration order.
    pub regions: Vec<VariantLock>,
    /// The builder methods the API adds (client-wide header defaults), each with the header it
    /// sets, sorted.
    pub defaults: Vec<VariantLock>,
    /// The builder methods whose credentials the API's security schemes send (`api_key`,
    /// `basic_auth`), sorted.
    pub credentials: Vec<String>,
    /// The cargo features, sorted.
    pub features: Vec<String>,
    /// The runtime's public items, by path (see [`super::runtime`]); `None` in locks written
    /// before they were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<Vec<VariantLock>>,
}

/// The client part of the lock of `api`.
pub fn client_lock(api: &Api) -> ClientLock {
    let regions = api.servers.iter().map(|s| VariantLock { name: s.variant.clone(), value: s.url.clone() }).collect();
    let mut defaults: Vec<VariantLock> =
        api.default_headers.iter().map(|p| VariantLock { name: p.rust_name.clone(), value: p.name.clone() }).collect();
    defaults.sort_by(|a, b| a.name.cmp(&b.name));
    let mut credentials: Vec<String> = api
        .modules
        .iter()
        .flat_map(|m| &m.operations)
        .flat_map(|op| &op.auth)
        .map(|scheme| match scheme {
            AuthScheme::Basic => "basic_auth".to_string(),
            AuthScheme::Http(_) | AuthScheme::Header(_) | AuthScheme::Query(_) | AuthScheme::Cookie(_) => "api_key".to_string(),
            // A token the user gives, or one the client fetches (`oauth2_client_credentials`).
            AuthScheme::OAuth2(_) => "api_key or oauth2_client_credentials".to_string(),
        })
        .collect();
    credentials.sort();
    credentials.dedup();
    // The `[features]` of `templates/Cargo.toml.txt` (a test compares them).
    let mut features = vec!["blocking".to_string(), "mock".to_string(), "tracing".to_string()];
    if api.module_features {
        features.push("default".into());
        features.push("full".into());
        features.extend(api.modules.iter().map(|m| m.name.clone()));
    }
    features.sort();
    ClientLock { regions, defaults, credentials, features, runtime: Some(super::runtime::runtime_lock(api)) }
}

/// The changes from `old` to `new`.
pub fn changes(old: &ClientLock, new: &ClientLock) -> Vec<ApiChange> {
    let mut out = Vec::new();
    let mut push = |kind, path: String, breaking, description: String| out.push(ApiChange { kind, path, breaking, description });
    for r in &old.regions {
        match new.regions.iter().find(|n| n.name == r.name) {
            None => {
                let now = match new.regions.iter().find(|n| n.value == r.value) {
                    Some(n) => format!("; its server `{}` is now `Region::{}`", r.value, n.name),
                    None => String::new(),
                };
                push(ChangeKind::RegionRemoved, format!("Region::{}", r.name), true, format!("region removed (`{}`){now}", r.value));
            }
            Some(n) if n.value != r.value => {
                push(ChangeKind::RegionChanged, format!("Region::{}", r.name), false, format!("base URL changed from `{}` to `{}`", r.value, n.value));
            }
            Some(_) => {}
        }
    }
    for n in new.regions.iter().filter(|n| !old.regions.iter().any(|r| r.name == n.name)) {
        push(ChangeKind::RegionAdded, format!("Region::{}", n.name), false, format!("region added (`{}`)", n.value));
    }
    for d in &old.defaults {
        match new.defaults.iter().find(|n| n.name == d.name) {
            None => push(ChangeKind::BuilderMethodRemoved, format!("ClientBuilder::{}", d.name), true, format!("builder method removed (it set `{}`)", d.value)),
            Some(n) if n.value != d.value => push(
                ChangeKind::BuilderMethodChanged,
                format!("ClientBuilder::{}", d.name),
                false,
                format!("now sets the header `{}` instead of `{}`", n.value, d.value),
            ),
            Some(_) => {}
        }
    }
    for n in new.defaults.iter().filter(|n| !old.defaults.iter().any(|d| d.name == n.name)) {
        push(ChangeKind::BuilderMethodAdded, format!("ClientBuilder::{}", n.name), false, format!("builder method added (sets `{}`)", n.value));
    }
    for c in old.credentials.iter().filter(|c| !new.credentials.contains(c)) {
        push(ChangeKind::CredentialRemoved, format!("ClientBuilder::{c}"), false, "no operation sends these credentials any more".to_string());
    }
    for c in new.credentials.iter().filter(|c| !old.credentials.contains(c)) {
        push(ChangeKind::CredentialAdded, format!("ClientBuilder::{c}"), false, "operations now send these credentials".to_string());
    }
    for f in old.features.iter().filter(|f| !new.features.contains(f)) {
        push(ChangeKind::FeatureRemoved, format!("features.{f}"), true, "cargo feature removed".to_string());
    }
    for f in new.features.iter().filter(|f| !old.features.contains(f)) {
        push(ChangeKind::FeatureAdded, format!("features.{f}"), false, "cargo feature added".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(name: &str, value: &str) -> VariantLock {
        VariantLock { name: name.into(), value: value.into() }
    }

    #[test]
    fn regions_builder_methods_credentials_and_features() {
        let old = ClientLock {
            regions: vec![v("Default", "https://api.x.com")],
            defaults: vec![v("on_behalf_of", "on-behalf-of"), v("tenant", "x-tenant")],
            credentials: vec!["api_key".into(), "basic_auth".into()],
            features: vec!["a".into(), "blocking".into()],
            runtime: None,
        };
        let new = ClientLock {
            regions: vec![v("Global", "https://api.x.com"), v("Eu", "https://api.eu.x.com")],
            defaults: vec![v("on_behalf_of", "on-behalf-of")],
            credentials: vec!["api_key".into()],
            features: vec!["b".into(), "blocking".into()],
            runtime: None,
        };
        let got: Vec<(ChangeKind, String, bool)> = changes(&old, &new).into_iter().map(|c| (c.kind, c.path, c.breaking)).collect();
        assert_eq!(
            got,
            [
                (ChangeKind::RegionRemoved, "Region::Default".to_string(), true),
                (ChangeKind::RegionAdded, "Region::Global".to_string(), false),
                (ChangeKind::RegionAdded, "Region::Eu".to_string(), false),
                (ChangeKind::BuilderMethodRemoved, "ClientBuilder::tenant".to_string(), true),
                (ChangeKind::CredentialRemoved, "ClientBuilder::basic_auth".to_string(), false),
                (ChangeKind::FeatureRemoved, "features.a".to_string(), true),
                (ChangeKind::FeatureAdded, "features.b".to_string(), false),
            ]
        );
        assert!(changes(&new, &new).is_empty());
    }
}

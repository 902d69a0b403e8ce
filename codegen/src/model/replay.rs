//! The replay record of an operation imported from a Postman request (`x-postman-replay`, written
//! by `load::postman::replay`): the request Postman sends for the item, and the values the
//! generated method is called with to send it. The generated replay test (`emit/replay.rs`)
//! compares the two on the wire.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// What an operation imported from a Postman request replays.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Replay {
    /// The request item's name.
    #[serde(default)]
    pub item: String,
    /// The JSON pointer of the item in the collection.
    #[serde(default)]
    pub pointer: String,
    /// The request Postman sends, as recorded by the importer (JSON: method, path, query,
    /// headers, content type, body, credential); the test compares the wire with it.
    pub request: Value,
    /// The path part of the base URL the operation's path is relative to (`/v3`; empty for a
    /// host without one).
    #[serde(default)]
    pub base_path: String,
    /// The values the method is called with.
    pub values: ReplayValues,
}

/// The values of one replayed call, by the parameter names the document gives.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ReplayValues {
    /// Path parameters.
    #[serde(default)]
    pub path: BTreeMap<String, String>,
    /// Query parameters: every value given for the name, in order.
    #[serde(default)]
    pub query: BTreeMap<String, Vec<String>>,
    /// Header parameters.
    #[serde(default)]
    pub header: BTreeMap<String, String>,
    /// The body: JSON for JSON, form and GraphQL bodies (file fields `null`), a string for text.
    #[serde(default)]
    pub body: Value,
    /// Why the request cannot be replayed, when the importer knows (a JSON key that is a
    /// variable).
    #[serde(default)]
    pub unreplayable: Option<String>,
}

/// The replay record in an operation's extensions, if it has a readable one.
pub fn read(extensions: &indexmap::IndexMap<String, Value>) -> Option<Replay> {
    serde_json::from_value(extensions.get(crate::load::postman::replay::EXTENSION)?.clone()).ok()
}

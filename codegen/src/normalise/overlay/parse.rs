//! Reading and validating an Overlay document (the shape rules of the Overlay JSON Schemas 1.0,
//! 1.1 and the 1.2 draft) into an [`Overlay`].
//!
//! Only the document's own shape is checked here; JSONPath syntax is checked when the actions are
//! compiled, before any of them runs. Every error names the overlay file and the JSON pointer of
//! the offending node in the overlay document (e.g. `/actions/3/target`).

use std::path::Path;

use serde_json::{Map, Value};

use crate::diag::{pointer_push, Error, Location, Result};

/// The version of the Overlay Specification a document declares in its `overlay` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    /// `1.0.x`: `update` appends its value to array targets as one entry; no `copy`.
    V1_0,
    /// `1.1.x`: `update` concatenates arrays and may replace primitives; adds `copy`.
    V1_1,
    /// `1.2.x` (draft): the same rules as 1.1, as far as the draft goes.
    V1_2,
}

impl Version {
    /// Parses an `overlay` field value such as `1.1.0` (the patterns `^1\.(0|1|2)\.\d+$`).
    fn from_field(text: &str) -> Option<Self> {
        let rest = text.strip_prefix("1.")?;
        let (minor, patch) = rest.split_once('.')?;
        if patch.is_empty() || !patch.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match minor {
            "0" => Some(Version::V1_0),
            "1" => Some(Version::V1_1),
            "2" => Some(Version::V1_2),
            _ => None,
        }
    }

    /// Whether this version has the `copy` action and the 1.1 array/primitive update rules.
    pub fn has_copy(self) -> bool {
        self >= Version::V1_1
    }
}

/// What one action does to the nodes its target selects.
#[derive(Debug, Clone, PartialEq)]
pub enum Operation {
    /// Merge (objects), append or concatenate (arrays) or replace (primitives) with this value.
    Update(Value),
    /// Merge the single node selected by this JSONPath (1.1+), with the same rules as `Update`.
    Copy(String),
    /// Remove each selected node from its parent.
    Remove,
    /// The action has no `update`, `copy` or `remove: true`; it selects nodes and changes nothing.
    Nothing,
}

/// One validated action of an Overlay document.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// The action's 0-based position in `actions`.
    pub index: usize,
    /// The RFC 9535 JSONPath query selecting the nodes to change (not yet compiled).
    pub target: String,
    /// What to do with them.
    pub operation: Operation,
    /// Set when the action also had an `update` that the specification says to ignore (because
    /// `remove` is `true`); the caller reports it as a warning.
    pub ignored_update: bool,
}

/// A validated Overlay document.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// The declared specification version.
    pub version: Version,
    /// The `info.title`.
    pub title: String,
    /// The `extends` URI reference, if any (informational: the caller chooses the document).
    pub extends: Option<String>,
    /// The actions, in the order they must be applied.
    pub actions: Vec<Action>,
}

/// Validates `doc` (the parsed content of `file`) as an Overlay document.
pub fn parse(doc: &Value, file: &Path) -> Result<Overlay> {
    let err = |pointer: &str, msg: String| Error::input(Location::new(file, pointer), msg);
    let root = doc.as_object().ok_or_else(|| err("", "the overlay document is not a mapping".into()))?;

    let version_text = match root.get("overlay") {
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            return Err(err("/overlay", format!("`overlay` must be a string like `1.1.0`, found {}", kind(other))))
        }
        None => return Err(err("", "missing `overlay` (the Overlay Specification version, e.g. `1.1.0`)".into())),
    };
    let version = Version::from_field(version_text).ok_or_else(|| {
        err("/overlay", format!("unsupported overlay version `{version_text}` (supported: 1.0.x, 1.1.x, 1.2.x)"))
    })?;
    check_fields(root, &["overlay", "info", "extends", "actions"], "", "overlay document", file)?;

    let title = parse_info(root.get("info"), version, file)?;
    let extends = match root.get("extends") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => return Err(err("/extends", format!("`extends` must be a string, found {}", kind(other)))),
    };

    let items = match root.get("actions") {
        Some(Value::Array(items)) => items,
        Some(other) => return Err(err("/actions", format!("`actions` must be a list, found {}", kind(other)))),
        None => return Err(err("", "missing `actions` (the list of changes to apply)".into())),
    };
    if items.is_empty() {
        return Err(err("/actions", "`actions` must contain at least one action".into()));
    }
    let mut actions = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        if let Some(first) = items.iter().take(index).position(|earlier| earlier == item) {
            return Err(err(
                &format!("/actions/{index}"),
                format!("action {index} is identical to action {first}; actions must be unique"),
            ));
        }
        actions.push(parse_action(item, index, version, file)?);
    }
    Ok(Overlay { version, title, extends, actions })
}

/// Validates the Info Object and returns its title.
fn parse_info(info: Option<&Value>, version: Version, file: &Path) -> Result<String> {
    let err = |pointer: &str, msg: String| Error::input(Location::new(file, pointer), msg);
    let info = match info {
        Some(Value::Object(info)) => info,
        Some(other) => return Err(err("/info", format!("`info` must be a mapping, found {}", kind(other)))),
        None => return Err(err("", "missing `info` (with `title` and `version`)".into())),
    };
    let allowed: &[&str] =
        if version == Version::V1_0 { &["title", "version"] } else { &["title", "version", "description"] };
    check_fields(info, allowed, "/info", "Info Object", file)?;
    let title = required_string(info, "title", "/info", file)?;
    required_string(info, "version", "/info", file)?;
    optional_string(info, "description", "/info", file)?;
    Ok(title)
}

/// Validates one Action Object at `/actions/<index>`.
fn parse_action(item: &Value, index: usize, version: Version, file: &Path) -> Result<Action> {
    let at = format!("/actions/{index}");
    let err = |pointer: String, msg: String| Error::input(Location::new(file, pointer), msg);
    let action = item
        .as_object()
        .ok_or_else(|| err(at.clone(), format!("action {index} must be a mapping, found {}", kind(item))))?;
    let allowed: &[&str] = if version.has_copy() {
        &["target", "description", "update", "copy", "remove"]
    } else {
        &["target", "description", "update", "remove"]
    };
    check_fields(action, allowed, &at, "Action Object", file)?;

    let target = required_string(action, "target", &at, file)?;
    if !target.starts_with('$') {
        return Err(err(
            pointer_push(&at, "target"),
            format!("action {index}: target `{target}` is not a JSONPath query (it must start with `$`)"),
        ));
    }
    optional_string(action, "description", &at, file)?;
    let copy = optional_string(action, "copy", &at, file)?;
    let remove = match action.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(err(
                pointer_push(&at, "remove"),
                format!("action {index}: `remove` must be true or false, found {}", kind(other)),
            ))
        }
    };
    let update = action.get("update");
    if let (Some(_), Some(_)) = (update, &copy) {
        if !remove {
            return Err(err(
                at,
                format!("action {index} has both `update` and `copy`; the specification gives neither precedence"),
            ));
        }
    }
    let operation = match (remove, copy, update) {
        (true, _, _) => Operation::Remove,
        (false, Some(source), _) => Operation::Copy(source),
        (false, None, Some(value)) => Operation::Update(value.clone()),
        (false, None, None) => Operation::Nothing,
    };
    Ok(Action { index, target, operation, ignored_update: remove && update.is_some() })
}

/// Rejects fields other than `allowed` and `x-` extensions (the schemas'
/// `unevaluatedProperties: false`).
fn check_fields(map: &Map<String, Value>, allowed: &[&str], at: &str, what: &str, file: &Path) -> Result<()> {
    match map.keys().find(|k| !k.starts_with("x-") && !allowed.contains(&k.as_str())) {
        Some(key) => Err(Error::input(
            Location::new(file, pointer_push(at, key)),
            format!("unknown field `{key}` in the {what} (allowed: {}, and `x-` extensions)", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

/// The string field `key` of `map` at `at`, which must be present.
fn required_string(map: &Map<String, Value>, key: &str, at: &str, file: &Path) -> Result<String> {
    optional_string(map, key, at, file)?
        .ok_or_else(|| Error::input(Location::new(file, at), format!("missing required field `{key}`")))
}

/// The string field `key` of `map` at `at`, if present; an error if it is not a string.
fn optional_string(map: &Map<String, Value>, key: &str, at: &str, file: &Path) -> Result<Option<String>> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Error::input(
            Location::new(file, pointer_push(at, key)),
            format!("`{key}` must be a string, found {}", kind(other)),
        )),
    }
}

/// A short name for the JSON type of `value`, for messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

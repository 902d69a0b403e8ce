//! The `update`/`copy` merge rules of the Overlay Specification, applied to one selected node.
//!
//! - Object node: the value must be an object; it is merged recursively (see [`merge_objects`]).
//! - Array node: 1.1+ concatenates an array value and appends any other value; 1.0 appends the
//!   value as one entry ("the value of this field MUST be an entry to append to the array").
//! - Primitive node (including `null`): 1.1+ replaces it with a primitive value; 1.0 forbids
//!   primitive targets ("the result of the target JSONPath expression MUST be zero or more objects
//!   or arrays").
//!
//! Inside an object merge (all versions; 1.0 only says "recursively merged", 1.1 spells it out):
//! a property only in the target is kept, one only in the value is inserted, and for one in both a
//! primitive replaces a primitive, an array is concatenated with an array, an object is merged
//! into an object; any other combination is incompatible and an error.

use serde_json::{Map, Value};

use super::parse::{kind, Version};
use crate::diag::pointer_push;

/// Why a value could not be merged into a node: where (a pointer into the target document) and
/// what was incompatible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The JSON pointer, in the target document, of the node that could not take the value.
    pub pointer: String,
    /// What was incompatible, in one line.
    pub message: String,
}

/// Merges `value` into `node` (at `pointer` in the target document) by the rules of `version`;
/// returns a one-line summary of the change, e.g. `set description, summary`.
pub fn merge_into(node: &mut Value, value: &Value, version: Version, pointer: &str) -> Result<String, Conflict> {
    match (node, value) {
        (Value::Object(target), Value::Object(update)) => {
            merge_objects(target, update, pointer)?;
            Ok(describe_keys(update))
        }
        (Value::Object(_), other) => Err(Conflict {
            pointer: pointer.to_string(),
            message: format!("cannot merge {} into the mapping at `{pointer}` (expected a mapping)", kind(other)),
        }),
        (Value::Array(items), Value::Array(more)) if version.has_copy() => {
            items.extend(more.iter().cloned());
            Ok(format!("appended {}", count(more.len())))
        }
        (Value::Array(items), other) => {
            items.push(other.clone());
            Ok("appended 1 item".to_string())
        }
        (_, _) if !version.has_copy() => Err(Conflict {
            pointer: pointer.to_string(),
            message: format!(
                "overlay 1.0 cannot update the primitive value at `{pointer}`; target its containing mapping instead"
            ),
        }),
        (target, replacement) if is_primitive(replacement) => {
            *target = replacement.clone();
            Ok(format!("replaced value with {}", short(replacement)))
        }
        (_, other) => Err(Conflict {
            pointer: pointer.to_string(),
            message: format!("cannot replace the primitive value at `{pointer}` with {}", kind(other)),
        }),
    }
}

/// Recursively merges the properties of `update` into `target` (at `pointer`).
pub fn merge_objects(
    target: &mut Map<String, Value>,
    update: &Map<String, Value>,
    pointer: &str,
) -> Result<(), Conflict> {
    for (key, new) in update {
        let at = pointer_push(pointer, key);
        let Some(old) = target.get_mut(key) else {
            target.insert(key.clone(), new.clone());
            continue;
        };
        match (old, new) {
            (Value::Object(old), Value::Object(new)) => merge_objects(old, new, &at)?,
            (Value::Array(old), Value::Array(new)) => old.extend(new.iter().cloned()),
            (old, new) if is_primitive(old) && is_primitive(new) => *old = new.clone(),
            (old, new) => {
                return Err(Conflict {
                    message: format!("cannot merge {} into {} at `{at}`", kind(new), kind(old)),
                    pointer: at,
                })
            }
        }
    }
    Ok(())
}

/// Whether `value` is a primitive in the specification's sense (not an object or array).
pub fn is_primitive(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

/// `set a, b, c` for the top-level keys of an update mapping (at most six named).
fn describe_keys(update: &Map<String, Value>) -> String {
    const SHOWN: usize = 6;
    if update.is_empty() {
        return "merged an empty mapping (no change)".to_string();
    }
    let names: Vec<&str> = update.keys().take(SHOWN).map(String::as_str).collect();
    let more = update.len().saturating_sub(SHOWN);
    if more == 0 {
        format!("set {}", names.join(", "))
    } else {
        format!("set {} and {more} more", names.join(", "))
    }
}

/// `1 item` / `3 items`.
fn count(n: usize) -> String {
    if n == 1 {
        "1 item".to_string()
    } else {
        format!("{n} items")
    }
}

/// The value as compact JSON, cut to 60 characters, on one line.
fn short(value: &Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    if text.chars().count() <= MAX {
        text
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

//! The nesting limit: a document nested deeper than [`MAX_NESTING`] levels is refused with a
//! diagnostic naming the first node too deep, before any stage walks it recursively.
//!
//! JSON files cannot exceed it (`serde_json` stops at 128 levels while parsing); YAML files and
//! documents built in memory can. Real API descriptions nest a few dozen levels at most.

use std::path::Path;

use serde_json::Value;

use crate::diag::{pointer_push, Error, Location, Result};

/// The deepest nesting of objects and arrays accepted.
pub const MAX_NESTING: usize = 128;

/// Fails if `doc` nests objects and arrays more than [`MAX_NESTING`] levels deep. Iterative, so
/// the check itself cannot exhaust the stack.
pub fn check_nesting(doc: &Value, file: &Path) -> Result<()> {
    let mut stack: Vec<(&Value, usize)> = vec![(doc, 0)];
    let mut too_deep = false;
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            too_deep = true;
            break;
        }
        match node {
            Value::Object(map) => stack.extend(map.values().map(|child| (child, depth + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|child| (child, depth + 1))),
            _ => {}
        }
    }
    if !too_deep {
        return Ok(());
    }
    Err(Error::input(
        Location::new(file, first_too_deep(doc)),
        format!("the document nests deeper than {MAX_NESTING} levels; it is refused rather than walked"),
    ))
}

/// The pointer of the first node (depth-first, in document order) deeper than the limit.
fn first_too_deep(doc: &Value) -> String {
    let mut node = doc;
    let mut pointer = String::new();
    // Follow, at each level, the first child that itself reaches past the limit.
    for depth in 0..=MAX_NESTING {
        let next = match node {
            Value::Object(map) => map.iter().find(|(_, c)| reaches(c, MAX_NESTING - depth)).map(|(k, c)| (k.clone(), c)),
            Value::Array(items) => items.iter().enumerate().find(|(_, c)| reaches(c, MAX_NESTING - depth)).map(|(i, c)| (i.to_string(), c)),
            _ => None,
        };
        let Some((key, child)) = next else { break };
        pointer = pointer_push(&pointer, &key);
        node = child;
    }
    pointer
}

/// Whether `node` has a container `levels` levels below it (iteratively).
fn reaches(node: &Value, levels: usize) -> bool {
    let mut stack = vec![(node, 0usize)];
    while let Some((n, depth)) = stack.pop() {
        if depth >= levels && (n.is_object() || n.is_array()) {
            return true;
        }
        match n {
            Value::Object(map) => stack.extend(map.values().map(|c| (c, depth + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|c| (c, depth + 1))),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize) -> Value {
        let mut v = json!("leaf");
        for _ in 0..levels {
            v = json!({ "a": v });
        }
        v
    }

    #[test]
    fn a_document_at_the_limit_passes() {
        check_nesting(&json!({ "paths": {}, "deep": nested(MAX_NESTING - 1) }), Path::new("a.yaml")).unwrap();
    }

    #[test]
    fn a_deeper_document_is_refused_at_its_deepest_node() {
        let doc = json!({ "ok": [1, 2], "deep": [nested(MAX_NESTING + 5)] });
        let err = check_nesting(&doc, Path::new("a.yaml")).unwrap_err().to_string();
        assert!(err.starts_with("error: a.yaml#/deep/0/a/a/a"), "{err}");
        assert!(err.contains("deeper than 128 levels"), "{err}");
        assert_eq!(err.matches("/a").count(), MAX_NESTING - 1, "{err}");
    }
}

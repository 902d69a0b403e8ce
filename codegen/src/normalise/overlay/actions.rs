//! Running the actions of a validated [`Overlay`] against a document: compiling the JSONPath
//! queries, locating the selected nodes, and applying `update`, `copy` and `remove` to them, one
//! report line per node touched.

use std::path::Path;

use serde_json::Value;
use serde_json_path::{JsonPath, PathElement};

use super::merge::{merge_into, Conflict};
use super::parse::{Action, Operation, Overlay};
use super::OverlayOptions;
use crate::diag::{pointer_push, Error, Location, Result};
use crate::report::Report;

/// One step of a path from the document root to a node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// A member of a mapping.
    Key(String),
    /// An element of a list.
    Index(usize),
}

/// An action with its queries compiled.
pub struct Compiled<'a> {
    action: &'a Action,
    target: JsonPath,
    copy: Option<JsonPath>,
}

/// Compiles every JSONPath query of `overlay` (so that a syntax error stops the overlay before any
/// action has run). Errors point at `/actions/<i>/target` or `/actions/<i>/copy`.
pub fn compile<'a>(overlay: &'a Overlay, file: &Path) -> Result<Vec<Compiled<'a>>> {
    let parse = |query: &str, index: usize, field: &str| {
        JsonPath::parse(query).map_err(|e| {
            Error::input(
                Location::new(file, format!("/actions/{index}/{field}")),
                format!("action {index}: `{query}` is not an RFC 9535 JSONPath query: {e}"),
            )
        })
    };
    overlay
        .actions
        .iter()
        .map(|action| {
            let target = parse(&action.target, action.index, "target")?;
            let copy = match &action.operation {
                Operation::Copy(source) => Some(parse(source, action.index, "copy")?),
                _ => None,
            };
            Ok(Compiled { action, target, copy })
        })
        .collect()
}

/// Applies the compiled actions to `doc` in order, each to the result of the previous one.
pub fn run(
    doc: &mut Value,
    overlay: &Overlay,
    actions: &[Compiled<'_>],
    file: &Path,
    options: &OverlayOptions,
    report: &mut Report,
) -> Result<()> {
    let name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    for compiled in actions {
        let action = compiled.action;
        let index = action.index;
        let at = |field: &str| Location::new(file, format!("/actions/{index}{}", field));
        let source = format!("overlay {name} action {index}");

        let nodes = locate(doc, &compiled.target);
        if nodes.is_empty() {
            let message = format!(
                "overlay action {index} (target `{}`) matches nothing; upstream may have fixed what it patches",
                action.target
            );
            if options.strict {
                return Err(Error::input(at("/target"), message));
            }
            report.warn(at("/target"), message);
            continue;
        }
        if action.ignored_update {
            report.warn(at("/update"), format!("action {index}: `update` is ignored because `remove` is true"));
        }
        let conflict = |c: Conflict, field: &str| {
            Error::input(at(field), format!("overlay action {index} (target `{}`): {}", action.target, c.message))
        };
        match &action.operation {
            Operation::Nothing => {
                report.warn(at(""), format!("action {index} has no `update`, `copy` or `remove`; it changes nothing"))
            }
            Operation::Remove => remove_all(doc, nodes, file, index, &source, report)?,
            Operation::Update(value) => {
                check_same_kind(doc, &nodes).map_err(|c| conflict(c, "/target"))?;
                for path in nodes {
                    let pointer = to_pointer(&path);
                    let node = node_mut(doc, &path).ok_or_else(|| conflict(vanished(&pointer), "/target"))?;
                    let what =
                        merge_into(node, value, overlay.version, &pointer).map_err(|c| conflict(c, "/update"))?;
                    report.change(&source, Location::new(file, pointer), format!("updated: {what}"));
                }
            }
            Operation::Copy(query) => {
                let (from, value) =
                    copy_source(doc, compiled.copy.as_ref(), query).map_err(|c| conflict(c, "/copy"))?;
                check_same_kind(doc, &nodes).map_err(|c| conflict(c, "/target"))?;
                for path in nodes {
                    let pointer = to_pointer(&path);
                    let node = node_mut(doc, &path).ok_or_else(|| conflict(vanished(&pointer), "/target"))?;
                    let what = merge_into(node, &value, overlay.version, &pointer).map_err(|c| conflict(c, "/copy"))?;
                    report.change(&source, Location::new(file, pointer), format!("copied from {from}: {what}"));
                }
            }
        }
    }
    Ok(())
}

/// The paths of the nodes `query` selects in `doc`, without duplicates, in query order.
fn locate(doc: &Value, query: &JsonPath) -> Vec<Vec<Step>> {
    let mut paths: Vec<Vec<Step>> = Vec::new();
    for node in query.query_located(doc).iter() {
        let path: Vec<Step> = node
            .location()
            .iter()
            .map(|element| match element {
                PathElement::Name(name) => Step::Key((*name).to_string()),
                PathElement::Index(i) => Step::Index(*i),
            })
            .collect();
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    paths
}

/// The pointer and a clone of the single node the copy source selects.
fn copy_source(doc: &Value, query: Option<&JsonPath>, text: &str) -> Result<(String, Value), Conflict> {
    let paths = query.map(|q| locate(doc, q)).unwrap_or_default();
    let [path] = paths.as_slice() else {
        return Err(Conflict {
            pointer: String::new(),
            message: format!("copy source `{text}` selects {} nodes; it must select exactly one", paths.len()),
        });
    };
    let pointer = to_pointer(path);
    let value = node_ref(doc, path).cloned().ok_or_else(|| vanished(&pointer))?;
    let shown = if pointer.is_empty() { "the document root".to_string() } else { pointer };
    Ok((shown, value))
}

/// Removes every selected node from its parent, deepest and last first so that no removal shifts
/// the position of a node still to be removed (a node and its descendant may both be selected);
/// one report line per node removed, in the order the query selected them.
fn remove_all(
    doc: &mut Value,
    paths: Vec<Vec<Step>>,
    file: &Path,
    index: usize,
    source: &str,
    report: &mut Report,
) -> Result<()> {
    let mut order = paths.clone();
    order.sort_unstable_by(|a, b| b.cmp(a));
    let mut removed_paths = Vec::new();
    for path in order {
        let Some((last, parent_path)) = path.split_last() else {
            return Err(Error::input(
                Location::new(file, format!("/actions/{index}/target")),
                format!("overlay action {index}: cannot remove the document root"),
            ));
        };
        let removed = match (node_mut(doc, parent_path), last) {
            (Some(Value::Object(map)), Step::Key(key)) => map.shift_remove(key).is_some(),
            (Some(Value::Array(items)), Step::Index(i)) if *i < items.len() => {
                items.remove(*i);
                true
            }
            _ => false,
        };
        if removed {
            removed_paths.push(path);
        }
    }
    // Report in the order the query selected the nodes, which is what the user wrote.
    for path in paths.iter().filter(|p| removed_paths.contains(p)) {
        report.change(source, Location::new(file, to_pointer(path)), "removed");
    }
    Ok(())
}

/// Checks the specification's rule that the nodes an `update` or `copy` selects are all objects,
/// all arrays or all primitives.
fn check_same_kind(doc: &Value, paths: &[Vec<Step>]) -> Result<(), Conflict> {
    let class = |v: &Value| match v {
        Value::Object(_) => "mappings",
        Value::Array(_) => "lists",
        _ => "primitives",
    };
    let mut first: Option<(&'static str, String)> = None;
    for path in paths {
        let Some(node) = node_ref(doc, path) else { continue };
        let pointer = to_pointer(path);
        match &first {
            None => first = Some((class(node), pointer)),
            Some((kind, at)) if *kind != class(node) => {
                return Err(Conflict {
                    message: format!(
                    "the target selects {kind} (e.g. `{at}`) and {} (e.g. `{pointer}`); they must all be of one kind",
                    class(node)
                ),
                    pointer,
                })
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The conflict for a node that disappeared between locating and changing it (an earlier change
/// of the same action removed or replaced an ancestor).
fn vanished(pointer: &str) -> Conflict {
    Conflict { pointer: pointer.to_string(), message: format!("the node at `{pointer}` no longer exists") }
}

/// The node at `path`, if it exists.
fn node_ref<'v>(doc: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(doc, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get(key),
        (Value::Array(items), Step::Index(i)) => items.get(*i),
        _ => None,
    })
}

/// The node at `path`, mutably, if it exists.
fn node_mut<'v>(doc: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(doc, |node, step| match (node, step) {
        (Value::Object(map), Step::Key(key)) => map.get_mut(key),
        (Value::Array(items), Step::Index(i)) => items.get_mut(*i),
        _ => None,
    })
}

/// The RFC 6901 pointer of `path`.
fn to_pointer(path: &[Step]) -> String {
    path.iter().fold(String::new(), |pointer, step| match step {
        Step::Key(key) => pointer_push(&pointer, key),
        Step::Index(i) => format!("{pointer}/{i}"),
    })
}

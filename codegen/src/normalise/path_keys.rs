//! Path keys with a query string (`/search/articles?query={query}`, as some documents write
//! them): OpenAPI path templates have no query part, and a variable in it is a query parameter.
//! The query string is cut from the key (the operations keep their declared parameters; a
//! variable of the query string that no operation declares becomes a required query parameter)
//! with a change in the report; when the shorter key is already taken, the path is left as it
//! is, with a warning.

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::diag::{pointer_push, Location, Result};
use crate::normalise::METHODS;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "path-keys";

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return Ok(()) };
    let with_query: Vec<String> = paths.keys().filter(|k| k.contains('?')).cloned().collect();
    for key in with_query {
        let at = Location::new(file, pointer_push("/paths", &key));
        let (path, query) = key.split_once('?').unwrap_or((&key, ""));
        if paths.contains_key(path) {
            report.warn(at, format!("path `{key}` has a query string, but `{path}` is already a path: left as it is"));
            continue;
        }
        let Some(mut item) = paths.remove(&key) else { continue };
        let variables = query_variables(query);
        if let Some(item) = item.as_object_mut() {
            for method in METHODS {
                if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                    declare(op, &variables, item_parameters_of(op));
                }
            }
        }
        report.change(NAME, at, format!("path `{key}` → `{path}`: the query string is not part of a path template"));
        paths.insert(path.to_string(), item);
    }
    Ok(())
}

/// The `{name}` variables of a query string, in order (`a={a}&b={b}` → `a`, `b`).
fn query_variables(query: &str) -> Vec<String> {
    query
        .split('&')
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            (value.starts_with('{') && value.ends_with('}')).then(|| name.to_string())
        })
        .collect()
}

/// The names of the parameters an operation declares.
fn item_parameters_of(op: &Map<String, Value>) -> Vec<String> {
    op.get("parameters")
        .and_then(Value::as_array)
        .map(|ps| ps.iter().filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_string)).collect())
        .unwrap_or_default()
}

/// Declares each variable the operation does not already declare as a required string query
/// parameter; a declared one that says `in: path` becomes `in: query`.
fn declare(op: &mut Map<String, Value>, variables: &[String], declared: Vec<String>) {
    let params = op.entry("parameters").or_insert_with(|| json!([]));
    let Some(params) = params.as_array_mut() else { return };
    for p in params.iter_mut() {
        let is_variable = p.get("name").and_then(Value::as_str).is_some_and(|n| variables.iter().any(|v| v == n));
        if is_variable && p.get("in").and_then(Value::as_str) == Some("path") {
            p["in"] = json!("query");
        }
    }
    for v in variables.iter().filter(|v| !declared.contains(v)) {
        params.push(json!({"name": v, "in": "query", "required": true, "schema": {"type": "string"}}));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_leaves_the_key() {
        let mut doc = json!({"paths": {
            "/search?query={query}&limit={limit}": {"get": {"parameters": [{"name": "query", "in": "path", "required": true}], "responses": {}}},
            "/a?x={x}": {"get": {"responses": {}}},
            "/a": {"get": {"responses": {}}}
        }});
        let mut report = Report::default();
        run(&mut doc, Path::new("a.json"), &mut report).expect("runs");
        let params = &doc["paths"]["/search"]["get"]["parameters"];
        assert_eq!(params[0]["in"], "query");
        assert_eq!(params[1], json!({"name": "limit", "in": "query", "required": true, "schema": {"type": "string"}}));
        assert!(doc["paths"].get("/a?x={x}").is_some());
        assert_eq!((report.changes.len(), report.warnings.len()), (1, 1));
    }
}

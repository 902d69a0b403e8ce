//! Collection variables: which `{{name}}`s are defined, their values, and where undefined ones
//! are used.
//!
//! Definitions come from the collection's `variable` array and from folders' and requests'
//! `variable` arrays (v2.1 item variables), each `{key (or v2.0 id), value}`. A value that is a
//! placeholder stand-in (`<your user id>`) counts as no value. Uses are found in every string of
//! each request (URL, headers, body). A variable that is used but never defined is reported once,
//! at its first use. Variables inside an `auth` block (the collection's, a folder's or a
//! request's) are not uses in this sense: they are the credentials a user supplies at run time
//! (`{{bearerToken}}`), which the generated client takes from its builder, so leaving them
//! undefined is not a defect of the collection.

use serde_json::Value;

use super::placeholder::classify;
use super::text::{scalar_text, variable_refs};
use crate::diag::{Location, Warnings};

/// Strings nested deeper than this are not scanned for variables.
const MAX_SCAN_DEPTH: usize = 64;

/// The variables a collection defines and the first use of each variable name.
#[derive(Debug, Default)]
pub struct Variables {
    defined: Vec<(String, Option<String>)>,
    first_use: Vec<(String, Location)>,
}

impl Variables {
    /// Records the definitions in a `variable` member (an array of `{key|id, value}`).
    pub fn define(&mut self, variables: Option<&Value>) {
        let Some(list) = variables.and_then(Value::as_array) else {
            return;
        };
        for var in list {
            let Some(name) = var.get("key").or_else(|| var.get("id")).and_then(scalar_text) else {
                continue;
            };
            if name.is_empty() || self.defined.iter().any(|(n, _)| *n == name) {
                continue;
            }
            // A stand-in such as `<Update current value only>` is a placeholder, not a value.
            let value = var
                .get("value")
                .and_then(scalar_text)
                .filter(|v| !v.is_empty() && !is_stand_in(v));
            self.defined.push((name, value));
        }
    }

    /// Whether `name` is defined (with or without a value).
    pub fn is_defined(&self, name: &str) -> bool {
        self.defined.iter().any(|(n, _)| n == name)
    }

    /// The value of `name`, if it is defined with a non-empty value.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.defined.iter().find(|(n, _)| n == name).and_then(|(_, v)| v.as_deref())
    }

    /// Records the variable uses in every string of `value` (found at `loc`).
    pub fn scan(&mut self, value: &Value, loc: &Location) {
        self.scan_at(value, loc, 0);
    }

    /// Records the variable uses of a request (found at `loc`): every string except those of its
    /// `auth` member, which holds credentials (see the module docs).
    pub fn scan_request(&mut self, request: &Value, loc: &Location) {
        match request {
            Value::Object(map) => {
                for (key, item) in map.iter().filter(|(key, _)| key.as_str() != "auth") {
                    self.scan_at(item, &loc.child(key), 1);
                }
            }
            other => self.scan(other, loc),
        }
    }

    fn scan_at(&mut self, value: &Value, loc: &Location, depth: usize) {
        if depth > MAX_SCAN_DEPTH {
            return;
        }
        match value {
            Value::String(text) => {
                for name in variable_refs(text) {
                    if !self.first_use.iter().any(|(n, _)| n == name) {
                        self.first_use.push((name.to_string(), loc.clone()));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.scan_at(item, &loc.child(&i.to_string()), depth + 1);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    self.scan_at(item, &loc.child(key), depth + 1);
                }
            }
            _ => {}
        }
    }


    /// Warns about every used but undefined variable, except those in `already_reported`.
    pub fn report_undefined(&self, already_reported: &[String], warnings: &mut Warnings) {
        for (name, loc) in &self.first_use {
            if !self.is_defined(name) && !already_reported.contains(name) {
                warnings.push(
                    loc.clone(),
                    format!(
                        "variable `{{{{{name}}}}}` is used but never defined in the collection"
                    ),
                );
            }
        }
    }
}

/// Whether `value` is a placeholder stand-in such as `<your user id>`.
fn is_stand_in(value: &str) -> bool {
    value.trim().starts_with('<') && classify(value).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn undefined_uses_are_reported_once() {
        let mut vars = Variables::default();
        vars.define(Some(&json!([{"key": "a", "value": "1"}, {"id": "b"}, {"key": "u", "value": "<Update current value only>"}])));
        assert!(vars.is_defined("u") && vars.value("u").is_none(), "a stand-in is no value");
        let loc = Location::new("c.json", "/item/0/request");
        vars.scan(&json!({"url": "{{a}}/{{b}}/{{c}}", "header": [{"value": "{{c}}"}, {"value": "{{d}}"}]}), &loc);
        let mut w = Warnings::default();
        vars.report_undefined(&["d".to_string()], &mut w);
        assert_eq!(w.0.len(), 1);
        assert_eq!(w.0[0].location.pointer, "/item/0/request/url");
        assert_eq!(w.0[0].message, "variable `{{c}}` is used but never defined in the collection");
        assert_eq!(vars.value("a"), Some("1"));
        assert!(vars.is_defined("b") && vars.value("b").is_none());
    }

    #[test]
    fn variables_only_in_auth_are_credentials_not_undefined_uses() {
        let mut vars = Variables::default();
        let loc = Location::new("c.json", "/item/0/request");
        let request = json!({
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{bearerToken}}"}]},
            "url": "{{host}}/a",
            "header": [{"key": "X-Token", "value": "{{both}}"}],
            "body": {"raw": "{\"auth\": \"{{inBody}}\"}"}
        });
        vars.scan_request(&request, &loc);
        let mut w = Warnings::default();
        vars.report_undefined(&[], &mut w);
        let reported: Vec<&str> = w.0.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            reported,
            [
                "variable `{{host}}` is used but never defined in the collection",
                "variable `{{both}}` is used but never defined in the collection",
                "variable `{{inBody}}` is used but never defined in the collection",
            ]
        );
        assert_eq!(w.0[0].location.pointer, "/item/0/request/url");
    }
}

//! Part of the `refs` pass: a reference to a schema that is not a component makes that schema
//! a component.
//!
//! Converters from Swagger with several files write references into the middle of other
//! schemas (`#/components/schemas/Gateway/properties/subnet`,
//! `#/paths/~1a/get/responses/200/content/application~1json/schema`). The target moves to
//! `components/schemas/{Name}` (named after its place: `GatewaySubnet`), and its old place and
//! every reference to it become references to that component, so a schema referred to from many
//! places, or from inside itself, is one type. Copying the target into each referring place
//! instead multiplies without bound when copies refer into other copies: Azure's
//! `network-applicationGateway` (155 KB) filled 24 GB that way.
//!
//! References to other nodes (a parameter inside `paths`, a response) are still copied by the
//! `refs` pass, within a size budget.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::refs::{names_component, resolve_pointer, NAME};
use crate::diag::{escape_token, pointer_push, unescape_token, Error, Location, Result};
use crate::report::Report;

/// Where a reference leads, after following references that lead to references.
enum Target {
    /// A component (`#/components/{kind}/{name}`), as a reference string.
    Component(String),
    /// Any other node, as a decoded JSON pointer.
    Node(String),
}

/// Promotes the schema targets of `sites` (each: the pointer of an object holding `$ref`, and
/// the reference) to components and points the sites at them; a site whose reference only
/// needed decoding (`#/components/schemas/A%20B`) is rewritten to the component. Returns the
/// sites left for copying: references to nodes that are not schemas.
pub fn promote(doc: &mut Value, file: &Path, report: &mut Report, sites: Vec<(String, String)>) -> Result<Vec<(String, String)>> {
    let mut taken: BTreeSet<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    // Target pointer → (component name, number of references to it).
    let mut promoted: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut rewrites: Vec<(String, String)> = Vec::new();
    let mut rest = Vec::new();
    for (site, reference) in sites {
        let at = Location::new(file, pointer_push(&site, "$ref"));
        match target(doc, &reference).map_err(|why| Error::input(at, format!("unresolvable $ref `{reference}`: {why}")))? {
            Target::Component(component) => rewrites.push((site, component)),
            Target::Node(pointer) if is_schema_pointer(&segments(&pointer)) => {
                let entry = promoted.entry(pointer.clone()).or_insert_with(|| {
                    let name = unique(component_name(&segments(&pointer)), &mut taken);
                    (name, 0)
                });
                entry.1 += 1;
                rewrites.push((site, format!("#/components/schemas/{}", escape_token(&entry.0))));
            }
            Target::Node(_) => rest.push((site, reference)),
        }
    }
    if promoted.is_empty() && rewrites.is_empty() {
        return Ok(rest);
    }
    // Rewrite the references first: moving targets changes pointers, rewriting a string does not.
    for (site, reference) in &rewrites {
        if let Some(Value::Object(holder)) = doc.pointer_mut(site) {
            holder.insert("$ref".into(), Value::String(reference.clone()));
        }
    }
    // Deepest targets first, so a target inside another moves before its ancestor is copied.
    let mut order: Vec<(&String, &(String, usize))> = promoted.iter().collect();
    order.sort_by(|a, b| segments(b.0).len().cmp(&segments(a.0).len()).then_with(|| a.0.cmp(b.0)));
    let mut moved = Vec::new();
    for (pointer, (name, uses)) in order {
        let reference = Value::String(format!("#/components/schemas/{}", escape_token(name)));
        let Some(node) = doc.pointer_mut(pointer) else { continue };
        let schema = std::mem::replace(node, Value::Object(Map::from_iter([("$ref".to_string(), reference)])));
        moved.push((name.clone(), schema));
        report.change(
            NAME,
            Location::new(file, pointer.clone()),
            format!("schema referred to by {uses} `$ref`(s) that name no component: made the component `{name}`"),
        );
    }
    let schemas = component_schemas(doc, file)?;
    for (name, schema) in moved {
        schemas.insert(name, schema);
    }
    Ok(rest)
}

/// `components.schemas` of `doc`, created when missing.
fn component_schemas<'d>(doc: &'d mut Value, file: &Path) -> Result<&'d mut Map<String, Value>> {
    let not_object = |pointer: &str, what: &str| Error::input(Location::new(file, pointer), format!("`{what}` must be an object"));
    let root = doc.as_object_mut().ok_or_else(|| not_object("", "the document"))?;
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let components = components.as_object_mut().ok_or_else(|| not_object("/components", "components"))?;
    let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
    schemas.as_object_mut().ok_or_else(|| not_object("/components/schemas", "components.schemas"))
}

/// Follows `reference` through references to references, to a component or another node.
fn target(root: &Value, reference: &str) -> Result<Target, String> {
    let mut current = reference.to_string();
    for _ in 0..64 {
        if names_component(&current) {
            return Ok(Target::Component(current));
        }
        let pointer = resolve_pointer(root, &current)?;
        let parts = segments(&pointer);
        if parts.len() == 3 && parts[0] == "components" {
            return Ok(Target::Component(format!("#{pointer}")));
        }
        match root.pointer(&pointer).and_then(|n| n.get("$ref")).and_then(Value::as_str) {
            Some(next) => current = next.to_string(),
            None => return Ok(Target::Node(pointer)),
        }
    }
    Err("the reference chain is too long".into())
}

/// The unescaped segments of a JSON pointer.
fn segments(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(unescape_token).collect()
}

/// Whether `segments` lead to a schema object of an OpenAPI 3 document: a component schema or a
/// part of one, or the `schema` of a parameter, header or media type, or a part of that.
pub(super) fn is_schema_pointer(segments: &[String]) -> bool {
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    match s.as_slice() {
        ["components", "schemas", _, rest @ ..] => schema_part(rest),
        ["components", "parameters" | "headers", _, rest @ ..] => parameter_part(rest),
        ["components", "responses", _, rest @ ..] => response_part(rest),
        ["components", "requestBodies", _, rest @ ..] => content_part(rest),
        ["paths", _, "parameters", _, rest @ ..] => parameter_part(rest),
        ["paths", _, _method, rest @ ..] => operation_part(rest),
        _ => false,
    }
}

fn operation_part(s: &[&str]) -> bool {
    match s {
        ["parameters", _, rest @ ..] => parameter_part(rest),
        ["requestBody", rest @ ..] => content_part(rest),
        ["responses", _, rest @ ..] => response_part(rest),
        _ => false,
    }
}

fn parameter_part(s: &[&str]) -> bool {
    match s {
        ["schema", rest @ ..] => schema_part(rest),
        _ => content_part(s),
    }
}

fn response_part(s: &[&str]) -> bool {
    match s {
        ["headers", _, rest @ ..] => parameter_part(rest),
        _ => content_part(s),
    }
}

fn content_part(s: &[&str]) -> bool {
    matches!(s, ["content", _, "schema", rest @ ..] if schema_part(rest))
}

/// Whether `s` is a path inside a schema that ends on a schema.
fn schema_part(s: &[&str]) -> bool {
    match s {
        [] => true,
        ["properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas", _, rest @ ..] => schema_part(rest),
        ["allOf" | "anyOf" | "oneOf" | "prefixItems", _, rest @ ..] => schema_part(rest),
        ["items" | "additionalProperties" | "not" | "contains" | "propertyNames" | "if" | "then" | "else", rest @ ..] => {
            schema_part(rest)
        }
        _ => false,
    }
}

/// A component name for the schema at `segments`, from the names along the way:
/// `components/schemas/Gateway/properties/subnet/items` → `GatewaySubnetItem`,
/// `paths/~1users/get/responses/200/content/…/schema` → `GetUsersResponse200`.
fn component_name(segments: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut i = 0;
    let s = segments;
    if s.first().map(String::as_str) == Some("paths") && s.len() > 2 {
        words.push(s[2].clone());
        words.push(s[1].clone());
        i = 3;
    } else if s.first().map(String::as_str) == Some("components") && s.len() > 2 {
        words.push(s[2].clone());
        i = 3;
    }
    while i < s.len() {
        let next = s.get(i + 1).cloned().unwrap_or_default();
        match s[i].as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" | "headers" => {
                words.push(next);
                i += 2;
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" | "parameters" => {
                words.push(format!("{}{next}", s[i]));
                i += 2;
            }
            "responses" => {
                words.push(format!("Response{next}"));
                i += 2;
            }
            "content" => i += 2,
            "schema" => i += 1,
            "requestBody" => {
                words.push("Request".into());
                i += 1;
            }
            "items" | "prefixItem" => {
                words.push("Item".into());
                i += 1;
            }
            "additionalProperties" => {
                words.push("Value".into());
                i += 1;
            }
            other => {
                words.push(other.to_string());
                i += 1;
            }
        }
    }
    let name: String = words.iter().flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric())).map(capitalised).collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Schema{name}")
    } else {
        name
    }
}

/// `word` with its first letter upper-cased.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// `wanted`, or `wanted` with the first free numeric suffix, recorded as taken.
fn unique(wanted: String, taken: &mut BTreeSet<String>) -> String {
    let mut name = wanted.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{wanted}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parts(pointer: &str) -> Vec<String> {
        segments(pointer)
    }

    #[test]
    fn schema_pointers_follow_the_openapi_grammar() {
        for yes in [
            "/components/schemas/A",
            "/components/schemas/A/properties/b/items/allOf/0",
            "/components/schemas/A/properties/properties/additionalProperties",
            "/components/parameters/P/schema",
            "/components/headers/H/content/text~1plain/schema",
            "/components/responses/R/content/application~1json/schema/properties/x",
            "/components/responses/R/headers/X-Rate/schema",
            "/components/requestBodies/B/content/application~1json/schema",
            "/paths/~1a/get/responses/200/content/application~1json/schema",
            "/paths/~1a/post/requestBody/content/application~1json/schema/items",
            "/paths/~1a/parameters/0/schema",
            "/paths/~1a/get/parameters/1/schema",
        ] {
            assert!(is_schema_pointer(&parts(yes)), "{yes} is a schema");
        }
        for no in [
            "/components/parameters/P",
            "/components/headers/schema",
            "/components/schemas/A/example",
            "/components/schemas/A/x-extra",
            "/components/schemas/A/properties",
            "/paths/~1a/get/parameters/0",
            "/paths/~1a/get/responses/200",
            "/paths/~1a/get/responses/200/content/application~1json/example",
            "/info",
        ] {
            assert!(!is_schema_pointer(&parts(no)), "{no} is not a schema");
        }
    }

    #[test]
    fn component_names_come_from_the_place() {
        assert_eq!(component_name(&parts("/components/schemas/Gateway/properties/subnet/items")), "GatewaySubnetItem");
        assert_eq!(component_name(&parts("/components/schemas/Gateway/allOf/0")), "GatewayAllOf0");
        assert_eq!(
            component_name(&parts("/paths/~1users~1{id}/get/responses/200/content/application~1json/schema")),
            "GetUsersIdResponse200"
        );
        assert_eq!(component_name(&parts("/components/schemas/a-b/properties/9x")), "AB9x");
        let mut taken = BTreeSet::from(["AB".to_string()]);
        assert_eq!(unique("AB".into(), &mut taken), "AB2");
    }

    /// Schemas that refer into each other (as Azure's do) become components; nothing is
    /// copied, so the document does not grow with each round.
    #[test]
    fn schema_targets_become_components_referred_to_everywhere() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Gateway/properties/sub"}
            }}}}}}},
            "components": {"schemas": {
                "Gateway": {"type": "object", "properties": {
                    "sub": {"type": "object", "properties": {
                        "id": {"type": "string"},
                        "again": {"$ref": "#/components/schemas/Gateway/properties/sub"},
                        "peer": {"$ref": "#/components/schemas/Other/properties/peer"}
                    }}
                }},
                "Other": {"type": "object", "properties": {"peer": {"type": "object", "properties": {
                    "back": {"$ref": "#/components/schemas/Gateway/properties/sub"}
                }}}},
                "GatewaySub": {"type": "string"}
            }}
        });
        let mut report = Report::default();
        let sites = {
            let mut out = Vec::new();
            super::super::refs::non_component_refs(&doc, "", false, &mut out);
            out
        };
        assert_eq!(sites.len(), 4);
        let rest = promote(&mut doc, Path::new("a.json"), &mut report, sites).expect("promotes");
        assert!(rest.is_empty());
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["GatewaySub"], json!({"type": "string"}), "an existing component keeps its name");
        assert_eq!(schemas["Gateway"]["properties"]["sub"], json!({"$ref": "#/components/schemas/GatewaySub2"}));
        assert_eq!(schemas["GatewaySub2"]["properties"]["again"], json!({"$ref": "#/components/schemas/GatewaySub2"}));
        assert_eq!(schemas["GatewaySub2"]["properties"]["peer"], json!({"$ref": "#/components/schemas/OtherPeer"}));
        assert_eq!(schemas["OtherPeer"]["properties"]["back"], json!({"$ref": "#/components/schemas/GatewaySub2"}));
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/GatewaySub2"})
        );
        assert_eq!(report.changes.len(), 2, "one change per promoted schema: {:?}", report.changes);
    }
}

//! A normalised document → one [`Module`].

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

use std::collections::BTreeSet;

use super::dedupe::{self, Merge};
use super::family::FamilyNames;
use super::names::pascal_case;
use super::operation::Operations;
use super::schema::Types;
use super::{uses, Example, Method, Module, Operation, Server, TypeDef};
use crate::diag::{pointer_push, Error, Location, Result, Warnings};
use crate::report::Report;

/// The name of the model step that merges same-shaped types, in the report.
pub const MERGE_TYPES: &str = "merge-types";

/// Parses the normalised document `doc` (read from `source`) and builds module `name` from it.
/// Same-shaped types are merged (one line per merged family goes to `report`).
pub fn build_module(name: &str, doc: &Value, source: &Location, warnings: &mut Warnings, report: &mut Report) -> Result<Module> {
    let api = parse(doc, source, warnings)?;
    let reserved: Vec<String> = Vec::new();
    let mut types = Types::new(&api, source.clone(), &reserved);
    types.limit_types(type_limit(doc));
    types.define_components();
    let mut operations = Vec::new();
    let mut examples;
    {
        let mut ops = Operations::new(&mut types);
        ops.reserve_explicit_names(&api);
        for (path, item) in api.paths.paths.iter() {
            let item_at = source.child("paths").child(path);
            let ReferenceOr::Item(item) = item else {
                return Err(Error::input(item_at, "path item references are not supported"));
            };
            for (field, op) in item.iter() {
                let op_at = item_at.child(field);
                let (method, path) = route(field, path, op, &op_at)?;
                operations.push(ops.build(&api, &path, method, op, op_at)?);
            }
        }
        examples = std::mem::take(&mut ops.examples);
    }
    if let Some((at, message)) = types.overflow.take() {
        return Err(Error::input(at, message));
    }
    examples.extend(component_examples(&api, source, &types));
    for merge in merge_same_shapes(&mut types.defs, &mut operations, &mut examples) {
        let what = format!(
            "{} same-shaped types merged into `{}`: {}",
            merge.members.len(),
            merge.kept,
            merge.members.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        );
        let at = types.defs.iter().find(|d| d.name == merge.kept).map_or_else(|| source.clone(), |d| d.location.clone());
        report.change(MERGE_TYPES, at, what);
    }
    uses::describe(&mut types.defs, &operations);
    let error_body = shared_error_body(&operations).map(|ty| super::SharedErrorBody { trait_name: types.unique_name("HasErrorBody"), ty });
    for op in &mut operations {
        op.pagination = super::pagination::detect(op, &types.defs);
    }
    super::recursion::box_cycles(&mut types.defs);
    warnings.0.append(&mut types.warnings.0);
    let title = api.info.title.clone();
    let description = api.info.description.clone().or_else(|| api.info.extensions.get("x-summary").and_then(Value::as_str).map(str::to_string));
    Ok(Module {
        name: name.to_string(),
        source: source.clone(),
        title,
        description,
        operations,
        types: types.defs,
        servers: servers(&api, source, warnings),
        examples,
        error_body,
        notes: notes(&api),
        client_credentials: super::security::client_credentials(&api),
        type_index: super::TypeIndex::default(),
    })
}

/// The most named types a document of this size may define: four per JSON object of the
/// document, and never fewer than 20,000. (Real documents define far fewer than one per object:
/// Microsoft Graph's 47 MB, about 6,000 types; see `Types::limit_types`.)
fn type_limit(doc: &Value) -> usize {
    fn objects(node: &Value) -> usize {
        match node {
            Value::Object(map) => 1 + map.values().map(objects).sum::<usize>(),
            Value::Array(items) => items.iter().map(objects).sum(),
            _ => 0,
        }
    }
    objects(doc).saturating_mul(4).max(20_000)
}

/// The module docs' notes: the webhooks the document describes (requests the API sends, which
/// the down-level pass keeps as `x-webhooks`) and its mutual TLS schemes (`x-mutual-tls`).
fn notes(api: &OpenAPI) -> Vec<String> {
    let mut notes = Vec::new();
    let quoted = |names: Vec<&str>| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    if let Some(Value::Object(webhooks)) = api.extensions.get("x-webhooks") {
        let names = quoted(webhooks.keys().map(String::as_str).collect());
        let ops = if api.paths.paths.is_empty() { "The document declares no operations, so this module has none; its" } else { "Their" };
        notes.push(format!(
            "Webhooks: the API describes requests it sends to you ({names}). They are not operations a client calls and have no methods here. {ops} types are generated from `components`."
        ));
    }
    let mtls = api.components.as_ref().and_then(|c| c.extensions.get("x-mutual-tls")).and_then(Value::as_array);
    if let Some(schemes) = mtls.filter(|s| !s.is_empty()) {
        let names = quoted(schemes.iter().filter_map(Value::as_str).collect());
        notes.push(format!(
            "Mutual TLS: the API accepts client certificates (scheme {names}). Calls send none themselves: build a `reqwest::Client` with a certificate (`reqwest::Identity`) and pass it to the client builder's `http_client()`."
        ));
    }
    notes
}

/// The body type of non-2xx responses that the most operations share (at least two; the first
/// in operation order on a tie).
fn shared_error_body(operations: &[Operation]) -> Option<super::TypeRef> {
    let mut counts: Vec<(&super::TypeRef, usize)> = Vec::new();
    for op in operations {
        let mut seen: Vec<&super::TypeRef> = Vec::new();
        for ty in op.failures().filter_map(|r| r.ty.as_ref()) {
            if seen.contains(&ty) {
                continue;
            }
            seen.push(ty);
            match counts.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, n)) => *n += 1,
                None => counts.push((ty, 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max().filter(|n| *n >= 2)?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(t, _)| t.clone())
}

/// Merges same-shaped types ([`dedupe`]), naming merged inline families by [`FamilyNames`].
fn merge_same_shapes(types: &mut Vec<TypeDef>, operations: &mut [Operation], examples: &mut [Example]) -> Vec<Merge> {
    let all_uses = uses::uses(types, operations);
    let mut taken: BTreeSet<String> = types.iter().map(|d| d.name.clone()).collect();
    for op in operations.iter() {
        taken.extend([op.call_name.clone(), op.error_name.clone()]);
        taken.extend(op.success_enum.clone());
    }
    let explicit = types.iter().filter(|d| d.explicit_name && !dedupe::is_component(d)).map(|d| d.name.clone()).collect();
    let mut names = FamilyNames::new(&all_uses, taken, explicit);
    dedupe::merge(types, operations, examples, &mut |defs, groups| names.names(defs, groups))
}

/// The method and path of the operation in path-item field `field` of path `key`: the field and
/// the key, unless the operation names its method in `x-method` (any RFC 9110 token, e.g.
/// `PURGE`, which OpenAPI has no field for) or its path in `x-path` (an operation that shares its
/// method and path with another, under a distinct key such as `/things#CreateOther`).
fn route(field: &str, key: &str, op: &openapiv3::Operation, at: &Location) -> Result<(Method, String)> {
    let path = match op.extensions.get("x-path") {
        None => key.to_string(),
        Some(Value::String(p)) if p.starts_with('/') => p.clone(),
        Some(_) => return Err(Error::input(at.child("x-path"), "`x-path` must be a path starting with `/`")),
    };
    let method = match op.extensions.get("x-method") {
        None => match field {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            _ => Method::Trace,
        },
        Some(Value::String(m)) if !m.is_empty() && m.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) => {
            match m.to_ascii_lowercase().as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    return Err(Error::input(at.child("x-method"), format!("`x-method: {m}` names a method OpenAPI has a field for: put the operation there")));
                }
                _ => Method::Other(m.clone()),
            }
        }
        Some(_) => return Err(Error::input(at.child("x-method"), "`x-method` must be an HTTP method name (an RFC 9110 token)")),
    };
    Ok((method, path))
}

/// `example`s on component schemas, checked against the component's type.
fn component_examples(api: &OpenAPI, source: &Location, types: &Types) -> Vec<super::Example> {
    let Some(components) = &api.components else { return Vec::new() };
    components
        .schemas
        .iter()
        .filter_map(|(name, schema)| {
            let schema = schema.as_item()?;
            let value = schema.schema_data.example.clone()?;
            let def = types.defs.iter().find(|d| d.location.pointer == pointer_push("/components/schemas", name))?;
            Some(super::Example {
                location: source.child("components").child("schemas").child(name).child("example"),
                ty: super::TypeRef::Named(def.name.clone()),
                value,
            })
        })
        .collect()
}

/// The document's servers, each with a `Region` variant name.
///
/// A server's `{variables}` are replaced by their `default`s. A server that still names a
/// variable (no default, or an empty one: a Postman host taken from an environment) cannot be a
/// `Region`: it is left out with a warning, and the user sets the base URL.
///
/// Naming rule: `x-rust-name` if the server has one; else the host labels that set it apart from
/// the first server (`api.eu.sendgrid.com` vs `api.sendgrid.com` → `Eu`); the first server is
/// `Global` when its description says "global", else `Default`.
fn servers(api: &OpenAPI, source: &Location, warnings: &mut Warnings) -> Vec<Server> {
    let mut usable: Vec<(&openapiv3::Server, String)> = Vec::new();
    for (i, s) in api.servers.iter().enumerate() {
        let mut url = s.url.clone();
        for (name, var) in s.variables.iter().flatten() {
            if !var.default.is_empty() {
                url = url.replace(&format!("{{{name}}}"), &var.default);
            }
        }
        if url.contains('{') {
            warnings.push(
                source.child("servers").child(&i.to_string()),
                format!("server `{}` needs a value for a variable without a default: it is not a `Region`; set the base URL with `base_url()`", s.url),
            );
            continue;
        }
        usable.push((s, url));
    }
    let host = |url: &str| url.split("://").nth(1).unwrap_or(url).split('/').next().unwrap_or("").to_string();
    let first_host = usable.first().map(|(_, url)| host(url)).unwrap_or_default();
    let first_labels: Vec<&str> = first_host.split('.').collect();
    let mut names = super::names::Namespace::default();
    usable
        .iter()
        .enumerate()
        .map(|(i, (s, url))| {
            let explicit = s.extensions.get("x-rust-name").and_then(Value::as_str).map(pascal_case);
            let derived = if i == 0 {
                let global = s.description.as_deref().is_some_and(|d| d.to_lowercase().contains("global"));
                if global { "Global".to_string() } else { "Default".to_string() }
            } else {
                let h = host(url);
                let own: Vec<&str> = h.split('.').filter(|l| !first_labels.contains(l)).collect();
                if own.is_empty() { format!("Server{}", i + 1) } else { pascal_case(&own.join(" ")) }
            };
            Server {
                url: url.trim_end_matches('/').to_string(),
                description: s.description.clone(),
                variant: names.unique(&explicit.unwrap_or(derived)),
            }
        })
        .collect()
}

/// Converts a `serde_path_to_error` path into a JSON pointer.
/// How many invalid schemas [`parse`] replaces before it gives up.
const MAX_REPAIRS: usize = 64;

/// The typed document. A schema the typed parser cannot read (`pattern: 0`, a `type` that is an
/// object: mistakes in real documents) is replaced by `{}`, any JSON, with a warning naming it
/// and the parser's complaint, so that one bad schema does not stop the whole document; any
/// other invalid node is an error.
fn parse(doc: &Value, source: &Location, warnings: &mut Warnings) -> Result<OpenAPI> {
    let mut repaired: Option<Value> = None;
    for _ in 0..=MAX_REPAIRS {
        let current = repaired.as_ref().unwrap_or(doc);
        // The plain parse first: tracking the path of every node costs as much again, and is
        // only needed to say where a document is invalid.
        if let Ok(api) = <OpenAPI as serde::Deserialize>::deserialize(current) {
            return Ok(api);
        }
        let e = match serde_path_to_error::deserialize::<_, OpenAPI>(current) {
            Ok(api) => return Ok(api),
            Err(e) => e,
        };
        let pointer = path_to_pointer(e.path());
        let at = Location::new(&source.file, pointer.clone());
        let message = format!("not a valid OpenAPI 3.0 document: {}", e.inner());
        if !is_schema_position(&pointer) || current.pointer(&pointer).is_none_or(|n| *n == serde_json::json!({})) {
            return Err(Error::input(at, message));
        }
        let mut next = current.clone();
        if let Some(node) = next.pointer_mut(&pointer) {
            *node = serde_json::json!({});
        }
        warnings.push(at, format!("schema is {message}: typed as any JSON"));
        repaired = Some(next);
    }
    Err(Error::input(source.clone(), format!("more than {MAX_REPAIRS} schemas are not valid OpenAPI 3.0")))
}

/// Whether `pointer` names a schema: a component schema, a `schema` of a parameter, header or
/// media type, or a subschema (`items`, a property, an `allOf`/`anyOf`/`oneOf` part, …).
fn is_schema_position(pointer: &str) -> bool {
    let tokens: Vec<&str> = pointer.split('/').collect();
    let n = tokens.len();
    let last = tokens[n - 1];
    let parent = if n >= 2 { tokens[n - 2] } else { "" };
    let grandparent = if n >= 3 { tokens[n - 3] } else { "" };
    matches!(last, "schema" | "items" | "additionalProperties" | "not")
        || (grandparent == "components" && parent == "schemas")
        || matches!(parent, "properties" | "allOf" | "anyOf" | "oneOf") && grandparent != "components"
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn build(paths: Value) -> Result<Module> {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths,
            "servers": [{"url": "{host}/v1", "variables": {"host": {"default": ""}}}, {"url": "https://{region}.x.com", "variables": {"region": {"default": "eu"}}}]});
        build_module("m", &doc, &Location::new("t.json", ""), &mut Warnings::default(), &mut Report::default())
    }

    /// `allOf` merges copy the inline properties of the parts they merge into every merging
    /// type: 250 components merging one with 250 inline objects would define 62,500 types. The
    /// model stops at its bound with an error naming the schema, never grows without end.
    #[test]
    fn a_model_that_would_outgrow_its_bound_is_an_error_naming_the_schema() {
        let props: serde_json::Map<String, Value> =
            (0..250).map(|i| (format!("p{i}"), json!({"type": "object", "properties": {"x": {"type": "string"}}}))).collect();
        let mut schemas = serde_json::Map::new();
        schemas.insert("Base".into(), json!({"type": "object", "properties": props}));
        for i in 0..250 {
            schemas.insert(format!("C{i}"), json!({"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"own": {"type": "string"}}}]}));
        }
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}});
        let err = build_module("m", &doc, &Location::new("t.json", ""), &mut Warnings::default(), &mut Report::default()).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("expand to more than 20000 Rust types"), "{message}");
        assert!(message.starts_with("error: t.json#/components/schemas/C"), "the error names the schema: {message}");
    }

    /// A schema the typed parser rejects becomes any JSON with a warning; the rest builds.
    #[test]
    fn an_invalid_schema_is_any_json() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Bad": {"type": "object", "properties": {"at": {"type": "string", "pattern": 0}}},
                "Good": {"type": "object", "properties": {"name": {"type": "string"}}}
            }}});
        let mut warnings = Warnings::default();
        let module = build_module("m", &doc, &Location::new("t.json", ""), &mut warnings, &mut Report::default()).expect("builds");
        assert!(module.types.iter().any(|t| t.name == "Good"));
        assert_eq!(warnings.0.len(), 1, "{:?}", warnings.0);
        assert!(warnings.0[0].message.starts_with("schema is not a valid OpenAPI 3.0 document"), "{}", warnings.0[0].message);
        assert!(is_schema_position("/paths/~1a/get/responses/200/content/application~1json/schema"));
        assert!(!is_schema_position("/paths/~1a/get/responses"));
    }

    #[test]
    fn x_path_and_x_method_give_the_route() {
        let ok = json!({"responses": {"200": {"description": "ok"}}});
        let mut purge = ok.clone();
        purge["operationId"] = json!("Purge");
        purge["x-method"] = json!("PURGE");
        purge["x-path"] = json!("/a");
        let mut again = ok.clone();
        again["operationId"] = json!("Again");
        again["x-path"] = json!("/a");
        let module = build(json!({"/a": {"get": ok}, "/a#Purge": {"post": purge}, "/a#Again": {"get": again}})).unwrap();
        let routes: Vec<(String, String)> = module.operations.iter().map(|o| (o.method.as_str().to_string(), o.path.clone())).collect();
        assert_eq!(routes, [("GET".into(), "/a".into()), ("PURGE".into(), "/a".into()), ("GET".into(), "/a".into())]);
        assert!(!module.operations[1].method.is_idempotent());
        // A server that still needs a variable is not a Region; defaults fill the others in.
        assert_eq!(module.servers.iter().map(|s| s.url.as_str()).collect::<Vec<_>>(), ["https://eu.x.com"]);
    }

    #[test]
    fn derived_names_that_coincide_get_a_suffix_and_explicit_names_win() {
        let ok = || json!({"responses": {"200": {"description": "ok"}}});
        let mut named = ok();
        named["operationId"] = json!("getUsers2");
        let mut warnings = Warnings::default();
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
            "/users": {"get": ok()}, "/users/~": {"get": ok()}, "/users/~~": {"get": ok()}, "/named": {"get": named}}});
        let module = build_module("m", &doc, &Location::new("t.json", ""), &mut warnings, &mut Report::default()).unwrap();
        let names: Vec<(&str, &str)> = module.operations.iter().map(|o| (o.fn_name.as_str(), o.call_name.as_str())).collect();
        // `get_users2` belongs to the operation whose operationId says so, further down.
        assert_eq!(names, [("get_users", "GetUsers"), ("get_users3", "GetUsers3"), ("get_users4", "GetUsers4"), ("get_users2", "GetUsers2")]);
        let text: Vec<String> = warnings.0.iter().map(|w| w.to_string()).collect();
        assert_eq!(text.len(), 2, "{text:#?}");
        assert!(text[0].contains("t.json#/paths/~1users~1~0/get") && text[0].contains("named `get_users3`"), "{text:#?}");
    }

    #[test]
    fn parameters_named_like_call_builder_members_are_renamed() {
        let op = json!({"operationId": "list", "parameters": [
            {"name": "client", "in": "query", "schema": {"type": "string"}},
            {"name": "timeout", "in": "query", "required": true, "schema": {"type": "integer"}},
            {"name": "client_param", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}}});
        let module = build(json!({"/a": {"get": op}})).unwrap();
        let names: Vec<(&str, &str)> = module.operations[0].params.iter().map(|p| (p.name.as_str(), p.rust_name.as_str())).collect();
        assert_eq!(names, [("client", "client_param"), ("timeout", "timeout_param"), ("client_param", "client_param2")]);
    }

    #[test]
    fn bad_routes_are_errors_with_their_pointer() {
        let mut op = json!({"x-method": "GET ME", "responses": {"200": {"description": "ok"}}});
        let err = build(json!({"/a#x": {"post": op.clone()}})).unwrap_err().to_string();
        assert!(err.contains("#/paths/~1a#x/post/x-method: `x-method` must be an HTTP method name"), "{err}");
        op["x-method"] = json!("get");
        let err = build(json!({"/a#x": {"post": op.clone()}})).unwrap_err().to_string();
        assert!(err.contains("names a method OpenAPI has a field for"), "{err}");
        op["x-method"] = json!("PURGE");
        op["x-path"] = json!("a");
        let err = build(json!({"/a#x": {"post": op}})).unwrap_err().to_string();
        assert!(err.contains("`x-path` must be a path starting with `/`"), "{err}");
    }
}

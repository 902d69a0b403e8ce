//! Sample JSON values synthesised from the model, for the generated operation tests: every field
//! present (so serialisation is exercised), and values that satisfy the schema's constraints.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{json, Value};

use crate::model::{IntWidth, Module, TypeDef, TypeKind, TypeRef, Validation};

/// Remembered samples: (type, name, format) → value.
type Samples = HashMap<(TypeRef, String, Option<String>), Value>;

thread_local! {
    /// Samples of types without constraints (by type, name and format), while [`cached`] runs
    /// (one module's job).
    static CACHE: RefCell<Option<Samples>> = const { RefCell::new(None) };
}

/// Runs `f` (the emission of some of one module's operations) with the samples of unconstrained
/// types remembered: big documents use one entity type in many operations (Microsoft Graph's
/// `user` in dozens), and its sample is computed once per job instead of once per use.
pub fn cached<T>(f: impl FnOnce() -> T) -> T {
    CACHE.with(|c| *c.borrow_mut() = Some(HashMap::new()));
    let out = f();
    CACHE.with(|c| *c.borrow_mut() = None);
    out
}

/// How deep nested objects are filled before only required fields are kept.
const MAX_DEPTH: usize = 6;

/// A sample value of `ty` that satisfies `validation`.
pub fn sample(module: &Module, ty: &TypeRef, validation: &Validation) -> Value {
    sample_named(module, ty, validation, "", None)
}

/// A sample value of `ty` that satisfies `validation` and the string `format`, for something
/// called `name` (a parameter or field): strings are made from the name (`first_name`), so
/// values put in the wrong place (two string arguments swapped) show; a `format` gives a value
/// of its kind (`email`, `uuid`, `date-time`, `ipv4`…), as a validator of the document expects.
pub fn sample_named(module: &Module, ty: &TypeRef, validation: &Validation, name: &str, format: Option<&str>) -> Value {
    let hint = Hint { name, format };
    if !validation.is_empty() {
        return sample_at(module, ty, validation, hint, 0, &mut Vec::new());
    }
    let key = (ty.clone(), name.to_string(), format.map(str::to_string));
    if let Some(hit) = CACHE.with(|c| c.borrow().as_ref().and_then(|cache| cache.get(&key).cloned())) {
        return hit;
    }
    let value = sample_at(module, ty, validation, hint, 0, &mut Vec::new());
    CACHE.with(|c| {
        if let Some(cache) = c.borrow_mut().as_mut() {
            cache.insert(key, value.clone());
        }
    });
    value
}

/// Whether `ty` names (directly, or as the items of a list or map) a type in `path`, the types
/// being sampled around it: such a value is left out (optional), `null` (nullable) or empty
/// (a list or map), so that recursive schemas give small finite samples.
fn recursive(ty: &TypeRef, path: &[&str]) -> bool {
    match ty {
        TypeRef::Named(name) => path.contains(&name.as_str()),
        TypeRef::Array(item) | TypeRef::Map(item) => recursive(item, path),
        _ => false,
    }
}

/// Where sampling stops altogether: a schema that requires itself (`next: Node`, not nullable)
/// has no finite value, so the sample is cut off with `null` rather than recursing forever.
const CUT_OFF_DEPTH: usize = 32;

/// What a value is for: its name and the string format the document gives it.
#[derive(Debug, Clone, Copy)]
struct Hint<'a> {
    name: &'a str,
    format: Option<&'a str>,
}

const NO_HINT: Hint<'static> = Hint { name: "", format: None };

fn sample_at<'m>(module: &'m Module, ty: &TypeRef, v: &Validation, hint: Hint<'_>, depth: usize, path: &mut Vec<&'m str>) -> Value {
    if depth > CUT_OFF_DEPTH {
        return Value::Null;
    }
    match ty {
        TypeRef::String => json!(sample_string(v, hint)),
        TypeRef::Integer(width) => {
            let min = v.minimum.map(|m| m.ceil() as i64).unwrap_or(1).max(1);
            let max = v.maximum.map(|m| m.floor() as i64).unwrap_or(i64::MAX);
            let n = min.min(max);
            match width {
                IntWidth::I32 => json!(i32::try_from(n).unwrap_or(1)),
                IntWidth::I64 => json!(n),
            }
        }
        TypeRef::Number => {
            let n = v.minimum.unwrap_or(1.5).max(1.5);
            json!(v.maximum.map_or(n, |max| n.min(max)))
        }
        TypeRef::Boolean => json!(true),
        TypeRef::Json => json!({ "sample": true }),
        TypeRef::Array(_) if recursive(ty, path) => json!([]),
        TypeRef::Map(_) if recursive(ty, path) => json!({}),
        TypeRef::Array(item) => json!([sample_at(module, item, &Validation::default(), hint, depth + 1, path)]),
        TypeRef::Map(value) => json!({ "key": sample_at(module, value, &Validation::default(), hint, depth + 1, path) }),
        TypeRef::Custom(text) => match text.as_str() {
            "f32" | "f64" => json!(1.5),
            "String" | "&str" => json!(sample_string(v, hint)),
            crate::model::FILE_PART => json!("sample"),
            "bool" => json!(true),
            _ => json!(1),
        },
        TypeRef::Named(name) => match module.type_def(name) {
            Some(def) => {
                path.push(&def.name);
                let value = sample_def(module, def, depth, path);
                path.pop();
                value
            }
            None => Value::Null,
        },
    }
}

fn sample_def<'m>(module: &'m Module, def: &'m TypeDef, depth: usize, path: &mut Vec<&'m str>) -> Value {
    match &def.kind {
        TypeKind::Struct(fields) => {
            let mut object = serde_json::Map::new();
            for field in fields.iter().filter(|f| f.required || depth < MAX_DEPTH) {
                let value = match recursive(&field.ty, path) {
                    true if !field.required => continue,
                    true if field.nullable => Value::Null,
                    _ => sample_at(module, &field.ty, &field.validation, Hint { name: &field.name, format: field.format.as_deref() }, depth + 1, path),
                };
                object.insert(field.name.clone(), value);
            }
            Value::Object(object)
        }
        TypeKind::Enum(variants) => variants.first().map_or(json!("sample"), |v| json!(v.value)),
        TypeKind::Alias(target) => sample_at(module, target, &Validation::default(), Hint { name: &def.name, format: None }, depth, path),
        TypeKind::Tagged(tagged) => {
            let Some((value, index)) = tagged.mapping.first() else { return Value::Null };
            let Some(variant) = tagged.variants.get(*index) else { return Value::Null };
            let mut sample = sample_at(module, &variant.ty, &Validation::default(), NO_HINT, depth + 1, path);
            if let Value::Object(object) = &mut sample {
                object.insert(tagged.property.clone(), json!(value));
            }
            sample
        }
        TypeKind::Union(variants) => {
            // The first alternative that does not lead back into a type being sampled.
            let chosen = variants.iter().find(|v| !recursive(&v.ty, path)).or(variants.first());
            chosen.map_or(Value::Null, |v| sample_at(module, &v.ty, &Validation::default(), NO_HINT, depth + 1, path))
        }
    }
}

/// A string within the length bounds: an email address when the pattern asks for an `@`;
/// `sample` under another pattern or without a name; else the name, with characters other than
/// ASCII letters, digits, `-` and `_` made `-` (it may go into a path segment or a header).
fn sample_string(v: &Validation, hint: Hint<'_>) -> String {
    let name = hint.name;
    let from_name: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if let Some(formatted) = hint.format.and_then(|f| formatted_string(f, &from_name)) {
        return formatted;
    }
    let mut s = if v.pattern.as_deref().is_some_and(|p| p.contains('@')) {
        "user@example.com".to_string()
    } else if v.pattern.is_some() || from_name.trim_matches('-').is_empty() {
        "sample".to_string()
    } else {
        from_name
    };
    let min = usize::try_from(v.min_length.unwrap_or(0)).unwrap_or(0);
    while s.chars().count() < min {
        s.push('x');
    }
    if let Some(max) = v.max_length.and_then(|m| usize::try_from(m).ok()) {
        s = s.chars().take(max.max(1)).collect();
    }
    s
}

/// A value of the string `format` (JSON Schema's and OpenAPI's common ones), made from `name`
/// where the format allows, so that two values stay distinct; `None` for another format.
fn formatted_string(format: &str, name: &str) -> Option<String> {
    let name = name.trim_matches('-');
    let name = if name.is_empty() { "sample" } else { name };
    // A stable number from the name (FNV-1a), for formats made of digits.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    Some(match format.to_ascii_lowercase().as_str() {
        "email" | "idn-email" => format!("{}@example.com", name.replace('_', ".")),
        "uuid" => format!("00000000-0000-4000-8000-{:012x}", hash & 0xffff_ffff_ffff),
        "date" => "2024-01-02".to_string(),
        "date-time" => "2024-01-02T03:04:05Z".to_string(),
        "time" => "03:04:05".to_string(),
        "ipv4" => format!("192.0.2.{}", 1 + hash % 254),
        "ipv6" => format!("2001:db8::{:x}", 1 + hash % 0xfffe),
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => format!("https://example.com/{name}"),
        "hostname" | "idn-hostname" => format!("{}.example.com", name.replace('_', "-").to_ascii_lowercase()),
        "byte" => super::wire::base64(name.as_bytes()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_respect_bounds_and_email_patterns() {
        let email = Validation { min_length: Some(5), max_length: Some(255), pattern: Some("^.*@.*\\..*".into()), ..Default::default() };
        let named = |name| Hint { name, format: None };
        assert_eq!(sample_string(&email, named("to")), "user@example.com");
        assert_eq!(sample_string(&Validation { min_length: Some(8), ..Default::default() }, NO_HINT), "samplexx");
        assert_eq!(sample_string(&Validation { max_length: Some(3), ..Default::default() }, NO_HINT), "sam");
        assert_eq!(sample_string(&Validation::default(), named("first_name")), "first_name");
        assert_eq!(sample_string(&Validation::default(), named("filter[a b]")), "filter-a-b-");
        assert_eq!(sample_string(&Validation::default(), named("@")), "sample");
    }

    #[test]
    fn formats_give_values_of_their_kind() {
        let with = |name, format| sample_string(&Validation::default(), Hint { name, format: Some(format) });
        assert_eq!(with("from_email", "email"), "from.email@example.com");
        assert_eq!(with("send_at", "date-time"), "2024-01-02T03:04:05Z");
        assert_eq!(with("start_date", "date"), "2024-01-02");
        let uuid = with("list_id", "uuid");
        assert_eq!(uuid.len(), 36);
        assert_ne!(uuid, with("template_id", "uuid"), "distinct names, distinct uuids");
        assert!(with("ip", "ipv4").starts_with("192.0.2."));
        assert_eq!(with("ip", "byte"), "aXA=");
        assert_eq!(with("name", "no-such-format"), "name");
    }
}

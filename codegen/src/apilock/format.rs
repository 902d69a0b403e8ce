//! The lock file's layout: pretty-printed JSON with every object or array of plain values on
//! one line, so that one field, parameter or variant is one line of a review diff.

use serde_json::Value;

/// `value` as JSON: nested containers indented by two spaces, flat ones on one line.
pub fn to_text(value: &Value) -> String {
    let mut out = String::new();
    write(value, 0, &mut out);
    out.push('\n');
    out
}

fn is_flat(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().all(is_scalar),
        Value::Object(map) => map.values().all(is_scalar),
        _ => true,
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn scalar(value: &Value) -> String {
    // Serialising a JSON value to a string cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

fn write(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) if is_flat(value) => {
            let items: Vec<String> = items.iter().map(scalar).collect();
            out.push_str(&format!("[{}]", items.join(", ")));
        }
        Value::Object(map) if is_flat(value) => {
            let entries: Vec<String> = map.iter().map(|(k, v)| format!("{}: {}", scalar(&Value::from(k.as_str())), scalar(v))).collect();
            out.push_str(&format!("{{ {} }}", entries.join(", ")));
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&"  ".repeat(indent + 1));
                write(item, indent + 1, out);
            }
            out.push('\n');
            out.push_str(&"  ".repeat(indent));
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&"  ".repeat(indent + 1));
                out.push_str(&scalar(&Value::from(key.as_str())));
                out.push_str(": ");
                write(item, indent + 1, out);
            }
            out.push('\n');
            out.push_str(&"  ".repeat(indent));
            out.push('}');
        }
        other => out.push_str(&scalar(other)),
    }
}

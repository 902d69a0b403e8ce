//! Rust naming: case conversion, keywords, and unique names within a namespace.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain identifiers (strict and reserved keywords of Rust 2021).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names that would shadow what generated code uses unqualified.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Value", "BTreeMap", "Client", "Error",
    "Response", "Self", "Serialize", "Deserialize", "Default", "Debug", "Clone",
    // Names the generated modules use unqualified (runtime types and std/futures imports).
    "Api", "Auth", "CallOptions", "Duration", "Future", "InvalidRequest", "IntoFuture", "Method", "Pin", "Request", "Stream",
    "StreamExt", "TryStreamExt",
];

/// `snake_case` for functions, fields and modules; never a keyword, never starts with a digit.
pub fn snake_case(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let mut s = cleaned.to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `PascalCase` for types and variants; never a keyword or a prelude name, never starts with a digit.
pub fn pascal_case(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let mut s = cleaned.to_upper_camel_case();
    if s.is_empty() {
        s = "Empty".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("V{s}");
    }
    if KEYWORDS.contains(&s.as_str()) || RESERVED_TYPES.contains(&s.as_str()) {
        s.push_str("Value");
    }
    s
}

/// `PascalCase` of one part of a longer name (a property name appended to its parent's): no
/// suffix for keywords or prelude names, which only matter for a whole name (`result` →
/// `Result`, so `ListTeammateResponse` + `result` → `ListTeammateResponseResult`).
pub fn pascal_part(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    cleaned.to_upper_camel_case()
}

/// A set of names in which every new name is made unique by a numeric suffix, deterministically.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    used: BTreeSet<String>,
}

impl Namespace {
    /// Reserves `name` as is; returns false if it was taken.
    pub fn reserve(&mut self, name: &str) -> bool {
        self.used.insert(name.to_string())
    }

    /// Returns `base`, or `base2`, `base3`, ... whichever is free first, and reserves it.
    pub fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_else(|| base.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_keywords() {
        assert_eq!(snake_case("CreateSsoCertificate"), "create_sso_certificate");
        assert_eq!(snake_case("type"), "type_");
        assert_eq!(snake_case("self"), "self_");
        assert_eq!(snake_case("smtp-id"), "smtp_id");
        assert_eq!(snake_case("_metadata"), "metadata");
        assert_eq!(snake_case("1st"), "n1st");
        assert_eq!(pascal_case("application/json"), "ApplicationJson");
        assert_eq!(pascal_case(""), "Empty");
        assert_eq!(pascal_case("1"), "V1");
        assert_eq!(pascal_case("legacy,dynamic"), "LegacyDynamic");
        assert_eq!(pascal_case("error"), "ErrorValue");
    }

    #[test]
    fn unique_names_are_deterministic() {
        let mut ns = Namespace::default();
        assert_eq!(ns.unique("Item"), "Item");
        assert_eq!(ns.unique("Item"), "Item2");
        assert_eq!(ns.unique("Type1"), "Type1");
        assert_eq!(ns.unique("Type1"), "Type1_2");
    }
}

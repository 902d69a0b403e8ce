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

/// The fields and methods every call builder has (`emit/operations.rs`), besides one per
/// parameter: a parameter whose `snake_case` name is one of these is named `<name>_param` in Rust
/// (its wire name is unchanged), so that the builder's field or setter cannot collide with them.
/// `clone`/`fmt` are the derived `Clone`/`Debug` methods, which an inherent setter would shadow.
pub const CALL_BUILDER_MEMBERS: &[&str] = &[
    "client", "options", "body", "timeout", "max_retries", "send", "send_with_response", "send_blocking",
    "send_with_response_blocking", "pages", "items", "validate", "into_future", "clone", "fmt", "extra_query",
    "extra_header", "extra_body_field",
];

/// The Rust name of a parameter called `snake` (already `snake_case`): itself, or `<snake>_param`
/// when it is one of the [`CALL_BUILDER_MEMBERS`].
pub fn param_name(snake: &str) -> String {
    if CALL_BUILDER_MEMBERS.contains(&snake) {
        format!("{snake}_param")
    } else {
        snake.to_string()
    }
}

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
        self.unique_except(base, &BTreeSet::new())
    }

    /// Like [`unique`](Self::unique), but also skips the names in `except` (names that are not
    /// taken yet but will be, e.g. explicit operationIds further down the document).
    pub fn unique_except(&mut self, base: &str, except: &BTreeSet<String>) -> String {
        if !except.contains(base) && self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| !except.contains(candidate) && self.used.insert(candidate.clone()))
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
        let except: BTreeSet<String> = ["get_users2".to_string()].into();
        assert_eq!(ns.unique_except("get_users", &except), "get_users");
        assert_eq!(ns.unique_except("get_users", &except), "get_users3");
    }

    #[test]
    fn parameters_never_take_a_call_builder_member() {
        assert_eq!(param_name("client"), "client_param");
        assert_eq!(param_name("timeout"), "timeout_param");
        assert_eq!(param_name("client_id"), "client_id");
    }
}

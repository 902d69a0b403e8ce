//! Characters that must never appear as themselves in generated Rust source.
//!
//! Specs and collections carry text in any script, and sometimes characters a reader cannot
//! see: the Unicode direction controls (U+202A–U+202E, U+2066–U+2069, and the marks U+200E,
//! U+200F, U+061C), which make source read differently from how it compiles (rustc denies them
//! in literals and comments: `text_direction_codepoint_in_literal`,
//! `text_direction_codepoint_in_comment`), and control characters (C0, DEL, C1), line and
//! paragraph separators and the byte-order mark. Right-to-left letters themselves are fine.
//!
//! String literals built with `quote` are escaped by `proc_macro2` already; this module escapes
//! the rest: comments (doc comments included) as `\u{202e}`, and JSON written into raw string
//! literals as JSON escapes (`\u202e`), which decode to the same text.

use std::borrow::Cow;

/// Whether `c` must be escaped in generated source.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `text` with every hidden character written as a Rust escape (`\u{202e}`), for comments.
pub fn escape_for_comment(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_hidden(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect())
}

/// JSON text with every hidden character written as a JSON escape (`\u202e`). Hidden characters
/// can only occur inside JSON strings (JSON's whitespace is space, tab, CR and LF), where the
/// escape means the same character.
pub fn escape_in_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_hidden) {
        return Cow::Borrowed(json);
    }
    Cow::Owned(json.chars().map(|c| if is_hidden(c) { format!("\\u{:04x}", c as u32) } else { c.to_string() }).collect())
}

/// Formatted Rust source with the hidden characters of its comment lines (`//`, `///`, `//!`)
/// escaped. Other lines hold code, whose string literals `proc_macro2` has escaped.
pub fn escape_comments(source: String) -> String {
    if !source.chars().any(is_hidden) {
        return source;
    }
    let mut out = String::with_capacity(source.len() + 64);
    for line in source.split_inclusive('\n') {
        if line.trim_start().starts_with("//") {
            out.push_str(&escape_for_comment(line.strip_suffix('\n').unwrap_or(line)));
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    const SAMPLES: [char; 12] =
        ['\u{202e}', '\u{202a}', '\u{2066}', '\u{2069}', '\u{200f}', '\u{61c}', '\u{7}', '\u{1b}', '\u{85}', '\u{2028}', '\u{feff}', '\u{7f}'];

    #[test]
    fn comments_and_json_are_escaped_and_mean_the_same() {
        assert_eq!(escape_for_comment("a\u{202e}b\u{7}"), "a\\u{202e}b\\u{7}");
        assert_eq!(escape_for_comment("שלום"), "שלום", "right-to-left letters are not hidden");
        let value = serde_json::json!({"k\u{202e}": "v\u{2066}\u{7}"});
        let json = serde_json::to_string(&value).unwrap();
        let escaped = escape_in_json(&json);
        assert!(!escaped.chars().any(is_hidden), "{escaped}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&escaped).unwrap(), value);
        let source = "/// doc \u{202e}\nlet s = \"\\u{202e}\";\n    //! inner \u{2067}\n".to_string();
        assert_eq!(escape_comments(source), "/// doc \\u{202e}\nlet s = \"\\u{202e}\";\n    //! inner \\u{2067}\n");
    }

    /// String literals made by `quote` (the generator's only way of writing them into code)
    /// already escape every hidden character.
    #[test]
    fn quoted_string_literals_escape_hidden_characters() {
        for c in SAMPLES {
            let text = format!("a{c}b");
            let rendered = quote!(#text).to_string();
            assert!(!rendered.chars().any(is_hidden), "{c:?} is escaped in {rendered}");
            assert!(is_hidden(c));
        }
    }
}

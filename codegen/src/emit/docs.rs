//! Spec Markdown → rustdoc-safe doc comments.
//!
//! Descriptions come from the spec and are written for a web page, not for rustdoc. Left as they
//! are they would trigger rustdoc warnings (bare URLs, `[text]` read as intra-doc links, `<tags>`
//! read as HTML) or, worse, become doctests (indented or unlabelled code blocks). This module
//! rewrites them: outside code spans, bare URLs become `<autolinks>`, lone brackets and angle
//! brackets are escaped; lines are dedented; code fences without a language are marked `text`.

/// Makes `text` safe as the body of a doc comment.
pub fn sanitize(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    // The indentation that continues the current list item, if inside one.
    let mut list_indent: Option<usize> = None;
    for line in text.replace("\r\n", "\n").replace('\t', "    ").lines() {
        let trimmed = line.trim();
        if let Some(lang) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push("```".to_string());
            } else {
                let lang = lang.trim();
                let lang = if lang.is_empty() || lang == "rust" { "text" } else { lang };
                out.push(format!("```{lang}"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
        } else if trimmed.is_empty() {
            list_indent = None;
            out.push(String::new());
        } else if let Some(marker) = list_marker(trimmed) {
            list_indent = Some(marker);
            out.push(escape_line(trimmed));
        } else {
            // A continuation line of a list item is indented under it, as rustdoc expects.
            let indent = " ".repeat(list_indent.unwrap_or(0));
            out.push(format!("{indent}{}", escape_line(trimmed)));
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// The width of a list marker (`- `, `*   `, `1. `) that starts `line`, if any: the marker and
/// the spaces after it, where the item's text starts (CommonMark: one to four spaces; more make
/// the text an indented code block, which starts after the first).
fn list_marker(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !line[digits..].starts_with('.') {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// Escapes one line of prose, leaving `code spans` alone.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
        } else {
            out.push_str(&escape_prose(part));
        }
    }
    // An odd number of backticks would open a span that swallows the next line: close it.
    if line.matches('`').count() % 2 == 1 {
        out.push('`');
    }
    out
}

/// Escapes prose: links stay links, bare URLs become autolinks, other brackets are escaped.
///
/// Linear in the length of `text` (descriptions can be megabytes long): the searches for the
/// next `[`, `]`, `](` and `)` only move forward.
fn escape_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut next = [Finder::new("["), Finder::new("]"), Finder::new("]("), Finder::new(")")];
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i..];
        if let Some(len) = markdown_link_len(text, i, &mut next) {
            out.push_str(&rest[..len]);
            i += len;
        } else if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | '(' | '`')).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
        } else {
            match c {
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
            i += c.len_utf8();
        }
    }
    out
}

/// The next occurrence of a pattern at or after a position that only grows.
struct Finder {
    pattern: &'static str,
    /// The last answer: `Some(p)` is valid while the position is at most `p`; `None` means none
    /// is left.
    found: Option<Option<usize>>,
}

impl Finder {
    fn new(pattern: &'static str) -> Self {
        Finder { pattern, found: None }
    }

    fn at_or_after(&mut self, text: &str, from: usize) -> Option<usize> {
        match self.found {
            Some(None) => return None,
            Some(Some(p)) if p >= from => return Some(p),
            _ => {}
        }
        let answer = text[from..].find(self.pattern).map(|p| from + p);
        self.found = Some(answer);
        answer
    }
}

/// The byte length of a Markdown link `[text](url)` starting at byte `at` of `text`, if there is
/// one: the link text holds no bracket, the URL no whitespace.
fn markdown_link_len(text: &str, at: usize, next: &mut [Finder; 4]) -> Option<usize> {
    if !text[at..].starts_with('[') {
        return None;
    }
    let [open, close, close_paren, paren] = next;
    let link_close = close_paren.at_or_after(text, at + 1)?;
    // No other bracket between `[` and `](`.
    if open.at_or_after(text, at + 1).is_some_and(|p| p < link_close) || close.at_or_after(text, at + 1)? != link_close {
        return None;
    }
    let end = paren.at_or_after(text, link_close + 2)?;
    let url = &text[link_close + 2..end];
    if url.contains(char::is_whitespace) || url.is_empty() {
        return None;
    }
    Some(end + 1 - at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_brackets_and_tags() {
        assert_eq!(sanitize("see https://x.io/a."), "see <https://x.io/a>.");
        assert_eq!(sanitize("[docs](https://x.io) and [note]"), "[docs](https://x.io) and \\[note\\]");
        assert_eq!(sanitize("`on-behalf-of: <id>` or <id>"), "`on-behalf-of: <id>` or &lt;id&gt;");
    }

    #[test]
    fn list_continuations_are_indented_and_tabs_expanded() {
        assert_eq!(sanitize("- item\ncontinued\n\nafter"), "- item\n  continued\n\nafter");
        assert_eq!(sanitize("12. item\n\tmore"), "12. item\n    more");
        assert_eq!(sanitize("*   item\n  more"), "*   item\n    more");
    }

    #[test]
    fn no_doctests_and_no_indented_code() {
        assert_eq!(sanitize("a\n    indented\n```\ncode\n```"), "a\nindented\n```text\ncode\n```");
        assert_eq!(sanitize("```json\n{}"), "```json\n{}\n```");
    }
}

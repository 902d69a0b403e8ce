//! Where a JSON pointer is in a source text: the span to underline in a diagnostic.
//!
//! Documents are loaded into `serde_json::Value`s, which forget where each node was written, so
//! when a diagnostic is shown its pointer is looked up again in the text of its file, with a
//! parser that keeps positions: `saphyr-parser` (a YAML 1.2 event parser; its markers give line and
//! column) for YAML and `jsonc-parser` (an AST with byte ranges) for JSON. Only files that have
//! diagnostics are parsed again, once for all their pointers.
//!
//! What is underlined: for a mapping entry whose value is a scalar on the key's line, the key and
//! the value (`intergration_id: abc`); for one whose value is a collection or starts on another
//! line, the key; for a sequence item, the item's first line. A pointer that does not exist in
//! the text (it names a node a normalisation pass added) falls back to its nearest ancestor that
//! does, other than the whole document.

use std::collections::HashSet;
use std::ops::Range;

use crate::diag::escape_token;
#[cfg(test)]
use crate::diag::Position;

/// Where a pointer was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The bytes to underline, within one line.
    pub span: Range<usize>,
    /// Whether the pointer itself was found (false: only an ancestor of it was).
    pub exact: bool,
}

/// The spans of `pointers` in `text` (JSON when `json`, else YAML), in the order asked; `None`
/// where neither the pointer nor an ancestor below the root is in the text, or the text does not
/// parse.
pub fn locate(text: &str, json: bool, pointers: &[&str]) -> Vec<Option<Found>> {
    let mut wanted: HashSet<String> = HashSet::new();
    for pointer in pointers {
        let mut prefix = String::new();
        for token in pointer.split('/').skip(1) {
            prefix.push('/');
            prefix.push_str(token);
            wanted.insert(prefix.clone());
        }
    }
    let found = if json { json_spans(text, &wanted) } else { yaml_spans(text, &wanted) };
    pointers
        .iter()
        .map(|pointer| {
            let mut candidate: &str = pointer;
            let mut exact = true;
            while !candidate.is_empty() {
                if let Some(span) = found.get(candidate) {
                    return Some(Found { span: one_line(text, span.clone()), exact });
                }
                candidate = candidate.rfind('/').map_or("", |i| &candidate[..i]);
                exact = false;
            }
            None
        })
        .collect()
}

/// `span`, cut at the end of its first line (and never empty unless the line is).
fn one_line(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len()));
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = if end <= start { line_end } else { end.min(line_end) };
    let end = text[start..end].trim_end().len() + start;
    start..end
}

use crate::diag::floor_char_boundary;

/// The span of a node: from `key` (if any) to the end of a scalar value on the same line, else
/// the key alone, else the value.
fn node_span(text: &str, key: Option<Range<usize>>, value: Range<usize>, scalar: bool) -> Range<usize> {
    match key {
        Some(key) if scalar && !text[key.start..value.start.max(key.start)].contains('\n') => key.start..value.end.max(key.end),
        Some(key) => key,
        None => value,
    }
}

type Spans = std::collections::HashMap<String, Range<usize>>;

/// YAML: walks the parser's events with a stack of open collections, recording the spans of the
/// wanted pointers and skipping the subtrees that hold none.
fn yaml_spans(text: &str, wanted: &HashSet<String>) -> Spans {
    use saphyr_parser::{Event, Parser};

    enum Frame {
        Map { pointer: String, key: Option<(String, Range<usize>)> },
        Seq { pointer: String, next: usize },
        /// A subtree without wanted pointers, or a complex key (`true`): only its depth is tracked.
        Skip(usize, bool),
    }
    let lines = LineStarts::new(text);
    let mut found = Spans::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut started = false;
    while let Some(Ok((event, span))) = parser.next_event() {
        let range = lines.byte(span.start.line(), span.start.col())..lines.byte(span.end.line(), span.end.col());
        let opens = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
        let closes = matches!(event, Event::MappingEnd | Event::SequenceEnd);
        let is_node = opens || matches!(event, Event::Scalar(..) | Event::Alias(..));
        if let Some(Frame::Skip(depth, is_key)) = stack.last_mut() {
            if opens {
                *depth += 1;
            } else if closes {
                *depth -= 1;
                if *depth == 0 {
                    let is_key = *is_key;
                    stack.pop();
                    if !is_key {
                        finish_value(&mut stack);
                    }
                }
            }
            continue;
        }
        if closes {
            stack.pop();
            finish_value(&mut stack);
            continue;
        }
        if !is_node {
            continue;
        }
        // The node's pointer and key span, or a key being read.
        let (pointer, key) = match stack.last_mut() {
            None if started => break, // a second document: only the first is read
            None => {
                started = true;
                (String::new(), None)
            }
            Some(Frame::Map { key: key @ None, .. }) => {
                match event {
                    Event::Scalar(name, ..) => *key = Some((name.into_owned(), range)),
                    _ => *key = Some((String::new(), range)),
                }
                if opens {
                    stack.push(Frame::Skip(1, true));
                }
                continue;
            }
            Some(Frame::Map { pointer, key: Some((name, key_span)) }) => (format!("{pointer}/{}", escape_token(name)), Some(key_span.clone())),
            Some(Frame::Seq { pointer, next }) => {
                *next += 1;
                (format!("{pointer}/{}", *next - 1), None)
            }
            Some(Frame::Skip(..)) => continue,
        };
        let is_wanted = pointer.is_empty() || wanted.contains(&pointer);
        if is_wanted && !pointer.is_empty() {
            found.insert(pointer.clone(), node_span(text, key, range, !opens));
        }
        match event {
            Event::MappingStart(..) if is_wanted => stack.push(Frame::Map { pointer, key: None }),
            Event::SequenceStart(..) if is_wanted => stack.push(Frame::Seq { pointer, next: 0 }),
            _ if opens => stack.push(Frame::Skip(1, false)),
            _ => finish_value(&mut stack),
        }
    }

    /// A mapping's value is complete: the next scalar is a key again.
    fn finish_value(stack: &mut [Frame]) {
        if let Some(Frame::Map { key, .. }) = stack.last_mut() {
            *key = None;
        }
    }
    found
}

/// JSON: the AST of `jsonc-parser`, walked down the wanted pointers only.
fn json_spans(text: &str, wanted: &HashSet<String>) -> Spans {
    use jsonc_parser::ast::Value;
    use jsonc_parser::common::Ranged;

    let mut found = Spans::new();
    let Ok(parsed) = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default()) else {
        return found;
    };
    let Some(root) = parsed.value else {
        return found;
    };
    let mut pending: Vec<(String, &Value)> = vec![(String::new(), &root)];
    while let Some((pointer, value)) = pending.pop() {
        let mut visit = |child: String, key: Option<Range<usize>>, node: &'_ Value| -> bool {
            if !wanted.contains(&child) {
                return false;
            }
            let range = node.range();
            let scalar = !matches!(node, Value::Object(_) | Value::Array(_));
            found.insert(child, node_span(text, key, range.start..range.end, scalar));
            true
        };
        match value {
            Value::Object(object) => {
                for prop in &object.properties {
                    let child = format!("{pointer}/{}", escape_token(prop.name.as_str()));
                    let name = prop.name.range();
                    if visit(child.clone(), Some(name.start..name.end), &prop.value) {
                        pending.push((child, &prop.value));
                    }
                }
            }
            Value::Array(array) => {
                for (i, element) in array.elements.iter().enumerate() {
                    let child = format!("{pointer}/{i}");
                    if visit(child.clone(), None, element) {
                        pending.push((child, element));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Byte offsets of line starts, to turn the parser's (line, column in characters) into bytes.
struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineStarts { text, starts }
    }

    /// The byte offset of column `col` (from 0, in characters) of line `line` (from 1).
    fn byte(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        start + rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /v3/a~b:\n    get:\n      responses:\n        \"200\": {$ref: \"#/x\"}\n      tags:\n        - one\n        - name: é two\nlist: [1, {k: v}]\n";

    fn text_of(text: &str, found: &Option<Found>) -> String {
        found.as_ref().map(|f| text[f.span.clone()].to_string()).unwrap_or_default()
    }

    #[test]
    fn yaml_keys_values_and_items() {
        let pointers = [
            "/openapi",
            "/paths/~1v3~1a~0b/get",
            "/paths/~1v3~1a~0b/get/responses/200/$ref",
            "/paths/~1v3~1a~0b/get/tags/1/name",
            "/paths/~1v3~1a~0b/get/tags/0",
            "/list/1/k",
            "/paths/~1v3~1a~0b/get/parameters/0",
            "/missing",
        ];
        let found = locate(YAML, false, &pointers);
        let texts: Vec<String> = found.iter().map(|f| text_of(YAML, f)).collect();
        assert_eq!(texts, ["openapi: 3.1.0", "get", "$ref: \"#/x\"", "name: é two", "one", "k: v", "get", ""]);
        assert!(found[1].as_ref().is_some_and(|f| f.exact));
        assert!(found[6].as_ref().is_some_and(|f| !f.exact), "an added node falls back to its parent");
        let at = found[3].as_ref().map(|f| Position::at_offset(YAML, f.span.start));
        assert_eq!(at, Some(Position { line: 9, column: 11 }));
    }

    #[test]
    fn json_keys_values_and_items() {
        let text = "{\n  \"info\": {\"name\": \"é\", \"schema\": \"x\"},\n  \"item\": [\n    {\"request\": {\"url\": 5}}\n  ]\n}\n";
        let found = locate(text, true, &["/info/schema", "/item/0/request", "/item/0", "/item/0/request/url/raw"]);
        let texts: Vec<String> = found.iter().map(|f| text_of(text, f)).collect();
        assert_eq!(texts, ["\"schema\": \"x\"", "\"request\"", "{\"request\": {\"url\": 5}}", "\"url\": 5"]);
        assert_eq!(Position::at_offset(text, found[0].as_ref().map_or(0, |f| f.span.start)), Position { line: 2, column: 25 });
    }

    #[test]
    fn broken_text_finds_nothing_and_positions_round_trip() {
        assert_eq!(locate("{", true, &["/a"]), [None]);
        assert_eq!(locate("a: [", false, &["/b"]), [None]);
        let text = "ab\néc\n";
        assert_eq!(Position { line: 2, column: 2 }.offset_in(text), 5);
        assert_eq!(Position::at_offset(text, 5), Position { line: 2, column: 2 });
        assert_eq!(Position { line: 9, column: 1 }.offset_in(text), text.len());
        assert_eq!(Position { line: 1, column: 40 }.offset_in(text), 2);
    }
}

//! Where in a JSON body a decode error happened, as a path like `result[1].username`.
//!
//! serde_json reports the line and column of an error; this scans the body up to there and
//! names the object keys and array indexes around that point. It is plain code, not generic over
//! the decoded type, so it is compiled once per crate rather than once per response type (which
//! is what tracking the path while decoding would cost).

/// One open container on the way to the error.
enum Frame {
    /// An object, with the last key read in it.
    Object(Option<String>),
    /// An array, with the index of the current element.
    Array(usize),
}

/// The path to the value at `line` and `column` (1-based, in bytes, as serde_json counts them)
/// of `body`: object keys joined with `.`, array indexes in brackets; `.` for the top level.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize) -> String {
    let end = offset_of(body, line, column);
    let mut stack: Vec<Frame> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < end {
        match body[i] {
            b'"' => {
                let start = i + 1;
                i = start;
                while i < end && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if expecting_key && i < end {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(String::from_utf8_lossy(&body[start..i]).into_owned());
                    }
                }
            }
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                expecting_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b':' => expecting_key = false,
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(_)) => expecting_key = true,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    // An error reported on a closing brace (a missing field) is about the object itself.
    if body.get(end) == Some(&b'}') {
        if let Some(Frame::Object(key)) = stack.last_mut() {
            *key = None;
        }
    }
    render(&stack)
}

/// The byte offset of `line`:`column`, clamped to the body.
fn offset_of(body: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match body[line_start..].iter().position(|b| *b == b'\n') {
            Some(newline) => line_start += newline + 1,
            None => return body.len(),
        }
    }
    (line_start + column.saturating_sub(1)).min(body.len())
}

/// `result[1].username` for the frames of the path; `.` when there are none.
fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::path_at;

    /// The path serde_json's own error position leads to, decoding `body` as `T`.
    fn path_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(body: &str) -> String {
        let error = serde_json::from_str::<T>(body).expect_err("does not decode");
        path_at(body.as_bytes(), error.line(), error.column())
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct User {
        username: String,
        #[serde(default)]
        email: Option<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        result: Vec<User>,
    }

    #[test]
    fn a_wrong_type_is_located_at_its_field() {
        assert_eq!(path_of::<Page>(r#"{"result": [{"username": "ok"}, {"username": 42}]}"#), "result[1].username");
        assert_eq!(path_of::<Page>("{\n  \"result\": [\n    {\"username\": \"a\", \"email\": 7}\n  ]\n}"), "result[0].email");
    }

    #[test]
    fn a_missing_field_is_located_at_its_object() {
        assert_eq!(path_of::<Page>(r#"{"result": [{"username": "a"}, {"email": "b@example.com"}]}"#), "result[1]");
    }

    #[test]
    fn keys_with_escapes_and_nesting_are_followed() {
        assert_eq!(path_of::<Page>(r#"{"note": "a \"quoted\" {[", "result": [{"username": null}]}"#), "result[0].username");
    }

    #[test]
    fn top_level_errors_are_a_dot() {
        assert_eq!(path_of::<Page>(r#""just a string""#), ".");
        assert_eq!(path_of::<Page>(r#"{"result": []} trailing"#), ".");
    }

    #[test]
    fn broken_json_is_located_where_it_stops() {
        assert_eq!(path_of::<Page>(r#"{"result": [{"username": "#), "result[0].username");
    }
}

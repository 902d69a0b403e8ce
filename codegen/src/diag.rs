//! Diagnostics: where in which input something is wrong (or was changed), and what.
//!
//! Every problem the generator finds in its input is reported as a [`Diagnostic`] that names the
//! file and the JSON pointer (RFC 6901) of the offending node, and the stage or pass that found
//! it. Errors stop generation; warnings are collected and printed in the summary. Where a finding
//! is shown (`cli::render`), the pointer is looked up in the source text for a line, a column and
//! an excerpt; syntax errors, which have no pointer, carry their [`Position`] directly.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on; the user should look.
    Warning,
    /// Generation stops.
    Error,
}

/// A place in an input document: the file and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The input file, as named in the configuration (relative paths stay relative).
    pub file: PathBuf,
    /// An RFC 6901 JSON pointer; empty for the whole document.
    pub pointer: String,
}

impl Location {
    /// A location in `file` at `pointer`.
    pub fn new(file: impl AsRef<Path>, pointer: impl Into<String>) -> Self {
        Location { file: file.as_ref().to_path_buf(), pointer: pointer.into() }
    }

    /// The location of a child node: `key` is appended to the pointer, escaped per RFC 6901.
    pub fn child(&self, key: &str) -> Self {
        Location { file: self.file.clone(), pointer: pointer_push(&self.pointer, key) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file.display(), self.pointer)
    }
}

/// A line and column in a source text, both counted from 1 (the column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
}

impl Position {
    /// The line and column of byte `offset` of `text` (clamped to the text).
    pub fn at_offset(text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 }
    }

    /// The byte offset of this position in `text`, clamped to the text (a column past the end of
    /// its line is the line's end; a line past the end of the text is the end of the text).
    pub fn offset_in(&self, text: &str) -> usize {
        let mut start = 0;
        for _ in 1..self.line {
            match text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return text.len(),
            }
        }
        let line = text[start..].split('\n').next().unwrap_or("");
        start + line.char_indices().nth(self.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i)
    }
}

/// The largest char boundary of `text` at or before byte `i` (which must be at most its length).
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One finding about an input document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where the finding is.
    pub location: Location,
    /// What is wrong, in one line.
    pub message: String,
    /// The stage or normalisation pass that found it (`load`, `postman`, `overlay`,
    /// `example-drift`, `model`, ...); empty until the stage that ran it is known
    /// (see [`Diagnostic::in_pass`]).
    pub pass: &'static str,
    /// The position in the source text, when the finder knows it (a syntax error); otherwise
    /// it is looked up from the pointer when the diagnostic is shown.
    pub position: Option<Position>,
    /// Other places in the same source text that explain the finding, each with its label
    /// (an unclosed sequence: where it was opened, "this sequence is never closed").
    pub related: Vec<(Position, String)>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location, message: message.into(), pass: "", position: None, related: Vec::new() }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, location, message: message.into(), pass: "", position: None, related: Vec::new() }
    }

    /// The diagnostic, attributed to `pass` unless a more precise pass already claimed it.
    pub fn in_pass(mut self, pass: &'static str) -> Self {
        if self.pass.is_empty() {
            self.pass = pass;
        }
        self
    }

    /// The diagnostic at `position` in the source text.
    pub fn at_position(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// The diagnostic with another place that explains it, labelled `label`.
    pub fn with_related(mut self, position: Position, label: impl Into<String>) -> Self {
        self.related.push((position, label.into()));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        // One line, always: messages never contain raw newlines.
        let message = self.message.replace(['\n', '\r'], " ");
        write!(f, "{level}: {}: {message}", self.location)
    }
}

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is wrong; the diagnostic says where and what.
    #[error("{0}")]
    Input(Box<Diagnostic>),
    /// A file could not be read or written.
    #[error("error: {}: {source}", path.display())]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl Error {
    /// An input error at `location`.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input(Box::new(Diagnostic::error(location, message)))
    }

    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    /// The error, its diagnostic attributed to `pass` unless a more precise pass already claimed
    /// it (see [`Diagnostic::in_pass`]).
    pub fn in_pass(self, pass: &'static str) -> Self {
        match self {
            Error::Input(d) => Error::Input(Box::new(d.in_pass(pass))),
            other => other,
        }
    }

    /// The diagnostic of an input error; `None` for an I/O error.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            Error::Input(d) => Some(d),
            Error::Io { .. } => None,
        }
    }
}

/// Attributes the diagnostics from `first` on to `pass`, for stages that collect warnings in a
/// list: those already attributed keep their pass.
pub fn attribute(diagnostics: &mut [Diagnostic], first: usize, pass: &'static str) {
    for d in diagnostics.iter_mut().skip(first) {
        if d.pass.is_empty() {
            d.pass = pass;
        }
    }
}

/// The result type of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escapes one reference token per RFC 6901 (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token per RFC 6901.
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends `key` to `pointer` as one escaped reference token.
pub fn pointer_push(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", escape_token(key))
}

/// Collects warnings while a stage runs.
#[derive(Debug, Default, Clone)]
pub struct Warnings(pub Vec<Diagnostic>);

impl Warnings {
    /// Records a warning at `location`.
    pub fn push(&mut self, location: Location, message: impl Into<String>) {
        self.0.push(Diagnostic::warning(location, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        let loc = Location::new("a.yaml", "").child("paths").child("/v3/a~b");
        assert_eq!(loc.pointer, "/paths/~1v3~1a~0b");
        assert_eq!(unescape_token("~1v3~1a~0b"), "/v3/a~b");
    }

    #[test]
    fn diagnostics_print_on_one_line() {
        let d = Diagnostic::error(Location::new("x.yaml", "/paths"), "bad\nthing");
        assert_eq!(d.to_string(), "error: x.yaml#/paths: bad thing");
    }
}

//! Showing diagnostics: rustc-style text with the source line underlined (rendered by
//! `annotate-snippets`, the library cargo uses), or one JSON object per diagnostic.
//!
//! A diagnostic names a file as the generator saw it (`specs/sso.openapi.yaml`, relative to the
//! configuration's directory); the [`Printer`] knows where that file is on disk, reads it again,
//! finds the pointers in it ([`crate::load::spans`]) and shows the path relative to the current
//! directory. Warnings are grouped by kind unless `-v` asks for each one.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::args::{ColorChoice, MessageFormat, OutputArgs, Verbosity};
use super::paths::shown;
use crate::diag::{Diagnostic, Error, Position, Severity};
use crate::load::spans;

/// Lines longer than this are not excerpted (the position is still given); shorter long lines
/// (minified JSON) are cut around the underline by the renderer.
const MAX_EXCERPT_LINE: usize = 1 << 20;

/// How many further locations a warning group names.
const GROUP_LOCATIONS: usize = 3;

/// Prints summaries and diagnostics as the output options ask.
#[derive(Debug)]
pub struct Printer {
    verbosity: Verbosity,
    format: MessageFormat,
    color: bool,
    /// Where the files named in diagnostics are on disk (display path → path).
    sources: RefCell<BTreeMap<PathBuf, PathBuf>>,
    /// The text of each file read so far (`None`: unreadable).
    texts: RefCell<BTreeMap<PathBuf, Option<Rc<str>>>>,
}

/// A diagnostic with what was found in its source text.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The file, as shown to the user.
    pub path: String,
    /// Line and column, when known.
    pub position: Option<Position>,
    /// The source line (or lines), the number of its first line and the part to underline,
    /// when it can be shown.
    excerpt: Option<(String, usize, Range<usize>)>,
    /// The diagnostic's related places, as spans of the excerpt, with their labels.
    related: Vec<(Range<usize>, String)>,
    /// Whether the pointer itself was found (not just an ancestor).
    exact: bool,
}

impl Printer {
    /// A printer for `args`; colour when `--color` says so, or, by default, when stderr is a
    /// terminal and `NO_COLOR` is not set.
    pub fn new(args: &OutputArgs) -> Self {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color_env && std::io::stderr().is_terminal(),
        };
        Printer {
            verbosity: args.verbosity(),
            format: args.message_format,
            color,
            sources: RefCell::default(),
            texts: RefCell::default(),
        }
    }

    /// Records where files named in diagnostics are on disk: `(display path, path)` pairs.
    pub fn add_sources(&self, sources: impl IntoIterator<Item = (PathBuf, PathBuf)>) {
        self.sources.borrow_mut().extend(sources);
    }

    /// How much to print.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Whether diagnostics are JSON lines.
    pub fn json(&self) -> bool {
        self.format == MessageFormat::Json
    }

    /// A line of the summary: on stdout (stderr when stdout carries JSON); nothing under `-q`.
    pub fn say(&self, text: &str) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        let text = if text.ends_with('\n') { text.to_string() } else { format!("{text}\n") };
        match self.format {
            MessageFormat::Human => print_out(&text),
            MessageFormat::Json => print_err(&text),
        }
    }

    /// An error: rendered on stderr, or a JSON line on stdout. Always printed.
    pub fn error(&self, error: &Error) {
        match (error, self.format) {
            (Error::Input(d), MessageFormat::Human) => print_err(&self.render(d, None)),
            (Error::Input(d), MessageFormat::Json) => print_out(&format!("{}\n", self.json_line(d))),
            (Error::Io { path, source }, MessageFormat::Human) => {
                let shown = shown(path);
                print_err(&self.finish(&[Group::with_title(Level::ERROR.primary_title(format!("{shown}: {source}")))]));
            }
            (Error::Io { path, source }, MessageFormat::Json) => {
                let line = serde_json::json!({
                    "severity": "error", "message": source.to_string(), "file": shown(path),
                    "line": null, "column": null, "pointer": null, "pass": "io",
                });
                print_out(&format!("{line}\n"));
            }
        }
    }

    /// Warnings: every one as a JSON line (`--message-format json`) or rendered (`-v`); by
    /// default one rendered warning per kind, with the count and the next locations of its kind;
    /// nothing under `-q`.
    pub fn warnings(&self, warnings: &[Diagnostic]) {
        if self.json() {
            let all: Vec<&Diagnostic> = warnings.iter().collect();
            let mut out = String::new();
            for (d, p) in all.iter().zip(self.place(&all)) {
                out.push_str(&format!("{}\n", json_line(d, &p)));
            }
            print_out(&out);
            return;
        }
        match self.verbosity {
            Verbosity::Quiet => {}
            Verbosity::Verbose => {
                let all: Vec<&Diagnostic> = warnings.iter().collect();
                let placed = self.place(&all);
                for (d, p) in all.iter().zip(&placed) {
                    print_err(&self.render_placed(d, p, None));
                }
            }
            Verbosity::Normal => {
                // Each file is read and parsed once for all the groups.
                let all: Vec<&Diagnostic> = warnings.iter().collect();
                let placed = self.place(&all);
                let mut out = String::new();
                for group in group_by_kind(warnings) {
                    let group: Vec<(&Diagnostic, &Placed)> = group.into_iter().map(|i| (&warnings[i], &placed[i])).collect();
                    out.push_str(&self.render_group(&group));
                }
                print_err(&out);
            }
        }
    }

    /// One warning group: the first warning rendered, and, when there are more, a note with the
    /// count and where the next ones are.
    fn render_group(&self, group: &[(&Diagnostic, &Placed)]) -> String {
        let Some((first, first_placed)) = group.first() else {
            return String::new();
        };
        let note = (group.len() > 1).then(|| {
            let more: Vec<String> = group.iter().skip(1).take(GROUP_LOCATIONS).map(|(d, p)| short_location(d, p)).collect();
            let rest = group.len() - 1 - more.len();
            let rest = if rest > 0 { format!(" and {rest} more") } else { String::new() };
            format!("{} warnings of this kind; also at {}{rest} (`-v` shows each)", group.len(), more.join(", "))
        });
        self.render_placed(first, first_placed, note.as_deref())
    }

    /// One diagnostic, rendered with its excerpt (and `note`, if any), ending in a newline.
    pub fn render(&self, d: &Diagnostic, note: Option<&str>) -> String {
        let placed = self.place(&[d]);
        match placed.first() {
            Some(p) => self.render_placed(d, p, note),
            None => String::new(),
        }
    }

    fn render_placed(&self, d: &Diagnostic, placed: &Placed, note: Option<&str>) -> String {
        let level = match d.severity {
            Severity::Warning => Level::WARNING,
            Severity::Error => Level::ERROR,
        };
        let mut title = level.primary_title(d.message.replace(['\n', '\r'], " "));
        if !d.pass.is_empty() {
            title = title.id(d.pass);
        }
        let label = (!placed.exact).then(|| format!("`#{}` is inside this", d.location.pointer));
        let mut group = match (&placed.excerpt, placed.position) {
            (Some((line, number, span)), _) => {
                let annotation = AnnotationKind::Primary.span(span.clone()).label(label);
                let context = placed.related.iter().map(|(span, label)| AnnotationKind::Context.span(span.clone()).label(label.as_str()));
                let snippet = Snippet::source(line.as_str()).line_start(*number).path(placed.path.as_str()).annotation(annotation);
                title.element(snippet.annotations(context))
            }
            (None, Some(at)) => title.element(Origin::path(placed.path.as_str()).line(at.line).char_column(at.column)),
            (None, None) if d.location.pointer.is_empty() => title.element(Origin::path(placed.path.as_str())),
            (None, None) => title.element(Origin::path(format!("{}#{}", placed.path, d.location.pointer))),
        };
        if let Some(note) = note {
            group = group.element(Level::NOTE.message(note));
        }
        self.finish(&[group])
    }

    fn finish(&self, report: &[Group<'_>]) -> String {
        let renderer = if self.color { Renderer::styled() } else { Renderer::plain() };
        format!("{}\n", renderer.render(report))
    }

    /// One diagnostic as a JSON object: severity, message, file, line, column, pointer, pass.
    pub fn json_line(&self, d: &Diagnostic) -> String {
        match self.place(&[d]).pop() {
            Some(placed) => json_line(d, &placed),
            None => String::new(),
        }
    }

    /// Finds every diagnostic in its source text, reading and parsing each file once.
    pub fn place(&self, diagnostics: &[&Diagnostic]) -> Vec<Placed> {
        let mut placed: Vec<Placed> = diagnostics
            .iter()
            .map(|d| Placed { path: shown(&self.on_disk(&d.location.file)), position: None, excerpt: None, related: Vec::new(), exact: true })
            .collect();
        let mut by_file: BTreeMap<&Path, Vec<usize>> = BTreeMap::new();
        for (i, d) in diagnostics.iter().enumerate() {
            by_file.entry(d.location.file.as_path()).or_default().push(i);
        }
        for (file, indexes) in by_file {
            let disk = self.on_disk(file);
            let Some(text) = self.text(&disk) else {
                // Unreadable as text (say, not UTF-8): a known position is still worth giving.
                for &i in &indexes {
                    placed[i].position = diagnostics[i].position;
                }
                continue;
            };
            let json = disk.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let lookups: Vec<usize> = indexes.iter().copied().filter(|&i| diagnostics[i].position.is_none() && !diagnostics[i].location.pointer.is_empty()).collect();
            let pointers: Vec<&str> = lookups.iter().map(|&i| diagnostics[i].location.pointer.as_str()).collect();
            let found = if pointers.is_empty() { Vec::new() } else { spans::locate(&text, json, &pointers) };
            for (&i, found) in lookups.iter().zip(found) {
                if let Some(found) = found {
                    placed[i].exact = found.exact;
                    set_excerpt(&mut placed[i], &text, found.span);
                }
            }
            for &i in &indexes {
                if let Some(at) = diagnostics[i].position {
                    let offset = at.offset_in(&text);
                    set_excerpt(&mut placed[i], &text, offset..offset);
                    add_related(&mut placed[i], &text, offset, &diagnostics[i].related);
                }
            }
        }
        placed
    }

    fn on_disk(&self, display: &Path) -> PathBuf {
        self.sources.borrow().get(display).cloned().unwrap_or_else(|| display.to_path_buf())
    }

    fn text(&self, path: &Path) -> Option<Rc<str>> {
        let mut texts = self.texts.borrow_mut();
        texts.entry(path.to_path_buf()).or_insert_with(|| std::fs::read_to_string(path).ok().map(Rc::from)).clone()
    }
}

/// Sets the position and, for a line of reasonable length, the excerpt of `span` in `text`.
fn set_excerpt(placed: &mut Placed, text: &str, span: Range<usize>) {
    let start = span.start.min(text.len());
    placed.position = Some(Position::at_offset(text, start));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    if line.len() > MAX_EXCERPT_LINE {
        return;
    }
    let end = span.end.clamp(start, line_start + line.len());
    let number = placed.position.map_or(1, |p| p.line);
    placed.excerpt = Some((line.to_string(), number, start - line_start..end - line_start));
}

/// Widens the excerpt of a diagnostic at byte `primary` of `text` to the lines of its related
/// places and records their spans (one character each) and labels.
fn add_related(placed: &mut Placed, text: &str, primary: usize, related: &[(Position, String)]) {
    if related.is_empty() || placed.excerpt.is_none() {
        return;
    }
    let offsets: Vec<usize> = related.iter().map(|(at, _)| at.offset_in(text)).collect();
    let first = offsets.iter().copied().chain([primary]).min().unwrap_or(primary);
    let last = offsets.iter().copied().chain([primary]).max().unwrap_or(primary);
    let start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let end = text[last..].find('\n').map_or(text.len(), |i| last + i);
    if end - start > MAX_EXCERPT_LINE {
        return;
    }
    let mut lines = text[start..end].to_string();
    if primary == text.len() && text.ends_with('\n') {
        // The parser stopped at the end of the text, on the empty line after the last newline:
        // that line is shown, as it is when the primary position is alone.
        lines.push('\n');
    }
    let one_char = |offset: usize| {
        let len = text[offset..].chars().next().filter(|c| *c != '\n').map_or(0, char::len_utf8);
        offset - start..offset - start + len
    };
    let number = Position::at_offset(text, start).line;
    placed.excerpt = Some((lines, number, primary - start..primary - start));
    placed.related = offsets.iter().zip(related).map(|(&offset, (_, label))| (one_char(offset), label.clone())).collect();
}

/// A diagnostic as a JSON object: severity, message, file, line, column, pointer, pass.
fn json_line(d: &Diagnostic, placed: &Placed) -> String {
    let value = serde_json::json!({
        "severity": match d.severity { Severity::Warning => "warning", Severity::Error => "error" },
        "message": d.message,
        "file": placed.path,
        "line": placed.position.map(|p| p.line),
        "column": placed.position.map(|p| p.column),
        "pointer": d.location.pointer,
        "pass": d.pass,
    });
    value.to_string()
}

/// `file:line:column`, or `file#pointer` when the position is unknown.
fn short_location(d: &Diagnostic, p: &Placed) -> String {
    match p.position {
        Some(at) => format!("{}:{}:{}", p.path, at.line, at.column),
        None => format!("{}#{}", p.path, d.location.pointer),
    }
}

/// Warnings grouped by kind (pass and message shape, see [`crate::warning_groups::kind`]), as
/// indexes into `warnings`; groups in order of first appearance.
pub fn group_by_kind(warnings: &[Diagnostic]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, w) in warnings.iter().enumerate() {
        let key = format!("{}\u{0}{}", w.pass, crate::warning_groups::kind(&w.message));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn print_err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    /// A sequence opened on one line and never closed, the parser stopping lines later: the
    /// lines between are folded, the opening bracket has the secondary label.
    #[test]
    fn an_unclosed_sequence_has_two_labels() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("open.yaml");
        let text = "openapi: 3.1.0\ntags: [a,\n  b,\n  c,\n  d,\n  e,\n  f\npaths: {}\n";
        std::fs::write(&path, text).expect("written");
        let err = crate::load::parse_document(text.as_bytes(), Path::new("open.yaml")).unwrap_err();
        let Error::Input(d) = err else { panic!("an input error") };
        let printer = Printer::new(&OutputArgs::default());
        printer.add_sources([(PathBuf::from("open.yaml"), path.clone())]);
        let rendered = printer.render(&d, None);
        let expected = "error: invalid YAML: did not find expected ',' or ']'
 --> PATH:8:6
  |
2 | tags: [a,
  |       - this sequence is never closed
...
8 | paths: {}
  |      ^
";
        // The file is shown relative to the current directory, wherever the temporary one is.
        assert_eq!(rendered, expected.replace("PATH", &shown(&path)), "{rendered}");
    }

    #[test]
    fn groups_are_by_pass_and_kind() {
        let a = "example key `a` is not a property of the schema at x.yaml#/components/schemas/A";
        let b = "example key `bb` is not a property of the schema at y.yaml#/paths/~1b";
        let ws = vec![
            Diagnostic::warning(Location::new("x", "/a"), a).in_pass("example-drift"),
            Diagnostic::warning(Location::new("x", "/v"), "variable `{{x}}` is used but never defined").in_pass("postman"),
            Diagnostic::warning(Location::new("y", "/b"), b).in_pass("example-drift"),
        ];
        assert_eq!(group_by_kind(&ws), [vec![0, 2], vec![1]]);
    }
}

//! `CHANGELOG.md` of the generated crate: the API changes of every regeneration, newest first.
//!
//! The output directory is rewritten from scratch on every run, so the previous changelog is read
//! back and emitted again with at most one new section on top. Changes found by a run without
//! `--bump` collect under `## Unreleased` (merged with what is already there); a run with `--bump`
//! turns them into a `## <new version>` section. Nothing depends on the date or the clock, so the
//! same inputs always give the same text (and `--check` predicts it exactly). Text outside the
//! `## Unreleased` section is kept byte for byte.

use super::ApiChange;
use crate::apilock::semver::Impact;

/// The text of a changelog that has no entries yet.
pub const HEADER: &str = "# Changelog\n\nChanges to the public API of this crate, newest first. Written by `cargo xtask codegen`\nfrom the difference between the previous and the new `api.lock.json`.\n";

/// The heading of the section that collects changes not yet released under a version.
pub const UNRELEASED: &str = "Unreleased";

const BREAKING: &str = "### Breaking";
const COMPATIBLE: &str = "### Non-breaking";

/// The entries of one section: one Markdown list item per change, without the `- `.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// Breaking changes.
    pub breaking: Vec<String>,
    /// Non-breaking changes.
    pub compatible: Vec<String>,
}

impl Section {
    /// The entries for `changes`, in their order.
    pub fn from_changes(changes: &[ApiChange]) -> Section {
        let (breaking, compatible): (Vec<&ApiChange>, Vec<&ApiChange>) = changes.iter().partition(|c| c.breaking);
        Section {
            breaking: breaking.iter().map(|c| c.to_string()).collect(),
            compatible: compatible.iter().map(|c| c.to_string()).collect(),
        }
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.breaking.is_empty() && self.compatible.is_empty()
    }

    /// The semver impact of the entries.
    pub fn impact(&self) -> Impact {
        if !self.breaking.is_empty() {
            Impact::Breaking
        } else if self.compatible.is_empty() {
            Impact::None
        } else {
            Impact::Compatible
        }
    }

    /// `self`'s entries followed by `older`'s that are not already there.
    pub fn merged(&self, older: &Section) -> Section {
        let join = |new: &[String], old: &[String]| {
            let mut all = new.to_vec();
            all.extend(old.iter().filter(|o| !new.contains(o)).cloned());
            all
        };
        Section { breaking: join(&self.breaking, &older.breaking), compatible: join(&self.compatible, &older.compatible) }
    }

    fn render(&self, heading: &str, note: &str) -> String {
        let mut out = format!("## {heading}\n\n{note}\n");
        for (title, items) in [(BREAKING, &self.breaking), (COMPATIBLE, &self.compatible)] {
            if !items.is_empty() {
                out.push_str(&format!("\n{title}\n\n"));
                for item in items {
                    out.push_str(&format!("- {item}\n"));
                }
            }
        }
        out
    }
}

/// A changelog split around its `## Unreleased` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changelog {
    /// Everything before the first `## ` heading.
    preamble: String,
    /// The entries under `## Unreleased`, if it is the first section.
    pub pending: Section,
    /// The released sections, verbatim.
    released: String,
    /// The whole text, verbatim.
    original: String,
}

impl Changelog {
    /// Splits `text` (the previous changelog; `None` when there is none).
    pub fn parse(text: Option<&str>) -> Changelog {
        let text = text.unwrap_or(HEADER);
        let original = text.to_string();
        let first = section_start(text, 0);
        let (preamble, rest) = text.split_at(first);
        let unreleased = format!("## {UNRELEASED}");
        if rest.lines().next().map(str::trim_end) != Some(unreleased.as_str()) {
            return Changelog { preamble: preamble.to_string(), pending: Section::default(), released: rest.to_string(), original };
        }
        let end = section_start(rest, unreleased.len());
        let pending = parse_section(&rest[..end]);
        Changelog { preamble: preamble.to_string(), pending, released: rest[end..].to_string(), original }
    }

    /// The changelog with `section` under `heading` as its newest section, replacing any
    /// `## Unreleased` section; the previous text when `section` is empty.
    pub fn with_section(&self, heading: &str, note: &str, section: &Section) -> String {
        if section.is_empty() {
            return self.original.clone();
        }
        let mut out = self.preamble.clone();
        while !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&section.render(heading, note));
        if !self.released.is_empty() {
            out.push('\n');
        }
        out.push_str(&self.released);
        out
    }
}

/// The byte offset of the first line starting with `## ` at or after `from`, or the end.
fn section_start(text: &str, from: usize) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset >= from && line.starts_with("## ") {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

/// The list items of one section, by subheading.
fn parse_section(text: &str) -> Section {
    let mut section = Section::default();
    let mut current: Option<bool> = None;
    for line in text.lines() {
        match line.trim_end() {
            BREAKING => current = Some(true),
            COMPATIBLE => current = Some(false),
            l if l.starts_with("### ") => current = None,
            l => match (current, l.strip_prefix("- ")) {
                (Some(true), Some(item)) => section.breaking.push(item.to_string()),
                (Some(false), Some(item)) => section.compatible.push(item.to_string()),
                _ => {}
            },
        }
    }
    section
}

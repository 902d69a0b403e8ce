//! Regeneration against the previous output: read the old `api.lock.json` and `CHANGELOG.md`,
//! compare, optionally bump the crate version in the configuration, and add the changelog to the
//! files to write.
//!
//! The changes of runs without `--bump` are kept under `## Unreleased` in the changelog, so that
//! "regenerate, read the report, then `--bump`" bumps for everything since the last release even
//! though the first run already rewrote `api.lock.json`.

use std::path::Path;

use crate::apilock::changelog::{Changelog, Section, UNRELEASED};
use crate::apilock::semver::{suggest, Impact, Suggestion};
use crate::apilock::{diff, ApiChange, ApiLock, CHANGELOG_FILE, LOCK_FILE};
use crate::diag::{Error, Location, Result};
use crate::config::Config;
use crate::pipeline::{generate_loaded, Generated};

/// What a regeneration changes in the public API, and what it does about the version.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Whether the output directory had an `api.lock.json` to compare with.
    pub had_lock: bool,
    /// The changes from the previous lock to the new one.
    pub changes: Vec<ApiChange>,
    /// Changes of earlier runs still listed under `## Unreleased` in the changelog.
    pub pending: Section,
    /// The suggested bump for the changes and the pending ones, from the configured version.
    pub suggestion: Option<Suggestion>,
    /// Whether the suggestion was applied (`--bump`): the configuration now has `suggestion.to`.
    pub bumped: bool,
}

impl Plan {
    /// Whether the new and the pending changes together break the API.
    pub fn impact(&self) -> Impact {
        Impact::of(&self.changes).max(self.pending.impact())
    }
}

/// Generates from `config`, compares the public API with the one recorded in `out_dir`, and adds
/// `CHANGELOG.md` to the files. With `bump`, first writes the suggested version into `config`
/// and generates with it.
pub fn prepare(config: &Path, out_dir: &Path, bump: bool) -> Result<(Generated, Plan)> {
    let loaded = Config::load(config).map_err(|e| e.in_pass(crate::config::PASS))?;
    prepare_loaded(&loaded, config, out_dir, bump)
}

/// [`prepare`] for a configuration already loaded from `config_path`.
pub fn prepare_loaded(loaded: &Config, config: &Path, out_dir: &Path, bump: bool) -> Result<(Generated, Plan)> {
    let mut generated = generate_loaded(loaded, config)?;
    let old_lock = match read_optional(&out_dir.join(LOCK_FILE))? {
        Some(text) => Some(ApiLock::parse(&text, &out_dir.join(LOCK_FILE))?),
        None => None,
    };
    let changelog = Changelog::parse(read_optional(&out_dir.join(CHANGELOG_FILE))?.as_deref());
    let new_lock = ApiLock::from_api(&generated.api);
    let changes = old_lock.as_ref().map(|old| diff(old, &new_lock)).unwrap_or_default();
    let mut plan = Plan { had_lock: old_lock.is_some(), changes, pending: changelog.pending.clone(), suggestion: None, bumped: false };
    plan.suggestion = suggest(&generated.api.version, plan.impact());
    if let (true, Some(suggestion)) = (bump, &plan.suggestion) {
        set_crate_version(config, &suggestion.to)?;
        // The configuration as now written: only its version changed.
        let mut bumped = loaded.clone();
        bumped.krate.version = suggestion.to.clone();
        generated = generate_loaded(&bumped, config)?;
        plan.bumped = true;
    }
    let section = Section::from_changes(&plan.changes).merged(&plan.pending);
    let (heading, note) = match (&plan.suggestion, plan.bumped) {
        (Some(s), true) => (s.to.clone(), format!("A {} release after {} (`cargo xtask codegen --bump`).", s.bump, s.from)),
        (Some(s), false) => (UNRELEASED.to_string(), format!("Suggested version: {} ({} bump from {}); apply with `cargo xtask codegen --bump`.", s.to, s.bump, s.from)),
        (None, _) => (UNRELEASED.to_string(), "Changes since the last version.".to_string()),
    };
    generated.files.insert(CHANGELOG_FILE.into(), changelog.with_section(&heading, &note, &section));
    Ok((generated, plan))
}

/// The report printed after regeneration (or for a stale `--check`), one change per line.
pub fn report(plan: &Plan) -> String {
    if !plan.had_lock {
        return format!("API changes: no previous {LOCK_FILE}; recording the current API as the baseline\n");
    }
    let (breaking, compatible): (Vec<&ApiChange>, Vec<&ApiChange>) = plan.changes.iter().partition(|c| c.breaking);
    let mut out = if plan.changes.is_empty() {
        format!("API changes: none since the previous {LOCK_FILE}\n")
    } else {
        format!("API changes since the previous {LOCK_FILE}: {} breaking, {} non-breaking\n", breaking.len(), compatible.len())
    };
    for (title, list) in [("breaking", &breaking), ("non-breaking", &compatible)] {
        if !list.is_empty() {
            out.push_str(&format!("  {title}:\n"));
            for change in list.iter() {
                out.push_str(&format!("    {change}\n"));
            }
        }
    }
    if !plan.pending.is_empty() {
        let n = plan.pending.breaking.len() + plan.pending.compatible.len();
        out.push_str(&format!("  plus {n} earlier change(s) listed under `## {UNRELEASED}` in {CHANGELOG_FILE}\n"));
    }
    match (&plan.suggestion, plan.bumped) {
        (Some(s), true) => out.push_str(&format!("version: {s} (applied to the configuration)\n")),
        (Some(s), false) => out.push_str(&format!("suggested version: {s} (apply with `cargo xtask codegen --bump`)\n")),
        (None, _) if plan.impact() != Impact::None => out.push_str("suggested version: none (the configured version is not MAJOR.MINOR.PATCH)\n"),
        (None, _) => {}
    }
    out
}

/// Rewrites the `version` of the `[crate]` table in the configuration at `config`, keeping the
/// rest of the file byte for byte.
pub fn set_crate_version(config: &Path, version: &str) -> Result<()> {
    let text = std::fs::read_to_string(config).map_err(|e| Error::io(config, e))?;
    let updated = rewrite_version(&text, version)
        .ok_or_else(|| Error::input(Location::new(config, "/crate/version"), "cannot find a `version = \"...\"` line in the [crate] table to bump"))?;
    std::fs::write(config, updated).map_err(|e| Error::io(config, e))
}

/// `text` with the quoted value of the first `version = "..."` line of `[crate]` replaced.
pub fn rewrite_version(text: &str, version: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_crate = false;
    let mut done = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let header: String = trimmed.split('#').next().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
            in_crate = header == "[crate]";
        } else if in_crate && !done {
            if let Some(replaced) = replace_value(line, version) {
                out.push_str(&replaced);
                done = true;
                continue;
            }
        }
        out.push_str(line);
    }
    done.then_some(out)
}

/// `line` with its quoted value replaced, if it is a `version = "..."` line.
fn replace_value(line: &str, version: &str) -> Option<String> {
    let key_start = line.len() - line.trim_start().len();
    let rest = line[key_start..].strip_prefix("version")?;
    let after_eq = rest.trim_start().strip_prefix('=')?;
    let open = line.len() - after_eq.trim_start().len();
    if !line[open..].starts_with('"') {
        return None;
    }
    let close = open + 1 + line[open + 1..].find('"')?;
    Some(format!("{}\"{version}\"{}", &line[..open], &line[close + 1..]))
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

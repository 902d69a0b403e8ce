//! The version bump that a set of API changes calls for, by Cargo's semver rules.
//!
//! Cargo treats the left-most non-zero component as the major one: at `≥ 1.0.0` a breaking
//! change bumps the major version and an addition the minor; at `0.x.y` (x > 0) a breaking change
//! bumps the minor and an addition the patch; at `0.0.z` every release is incompatible with every
//! other, so any change bumps the patch. Pre-release and build suffixes are dropped on a bump.

use std::fmt;

use super::ApiChange;

/// How much of the version to bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// `x.y.z` → `x.y.(z+1)`.
    Patch,
    /// `x.y.z` → `x.(y+1).0`.
    Minor,
    /// `x.y.z` → `(x+1).0.0`.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// What changed, at the coarsest: the input to the semver rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Nothing in the public API changed.
    None,
    /// Only non-breaking changes (additions, wire-only changes).
    Compatible,
    /// At least one breaking change.
    Breaking,
}

impl Impact {
    /// The impact of `changes`.
    pub fn of(changes: &[ApiChange]) -> Impact {
        if changes.iter().any(|c| c.breaking) {
            Impact::Breaking
        } else if changes.is_empty() {
            Impact::None
        } else {
            Impact::Compatible
        }
    }
}

/// A suggested version bump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The current version.
    pub from: String,
    /// The suggested version.
    pub to: String,
    /// Which component is bumped.
    pub bump: Bump,
}

impl fmt::Display for Suggestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bump {} → {}", self.bump, self.from, self.to)
    }
}

/// The suggested bump from `version` for changes of `impact`; `None` when nothing changed or the
/// version is not `MAJOR.MINOR.PATCH` (optionally with a `-pre`/`+build` suffix).
pub fn suggest(version: &str, impact: Impact) -> Option<Suggestion> {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let parts: Vec<u64> = core.split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
    let [major, minor, patch] = parts[..] else { return None };
    let bump = match (impact, major, minor) {
        (Impact::None, ..) => return None,
        (_, 0, 0) => Bump::Patch,
        (Impact::Breaking, 0, _) => Bump::Minor,
        (Impact::Compatible, 0, _) => Bump::Patch,
        (Impact::Breaking, ..) => Bump::Major,
        (Impact::Compatible, ..) => Bump::Minor,
    };
    let to = match bump {
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    };
    Some(Suggestion { from: version.to_string(), to, bump })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(version: &str, impact: Impact) -> Option<String> {
        suggest(version, impact).map(|s| s.to)
    }

    #[test]
    fn cargo_rules_while_zero_and_after_one() {
        assert_eq!(to("0.1.0", Impact::Breaking).as_deref(), Some("0.2.0"));
        assert_eq!(to("0.1.3", Impact::Compatible).as_deref(), Some("0.1.4"));
        assert_eq!(to("0.0.3", Impact::Breaking).as_deref(), Some("0.0.4"));
        assert_eq!(to("1.4.2", Impact::Breaking).as_deref(), Some("2.0.0"));
        assert_eq!(to("1.4.2", Impact::Compatible).as_deref(), Some("1.5.0"));
        assert_eq!(to("1.0.0-rc.1", Impact::Compatible).as_deref(), Some("1.1.0"));
        assert_eq!(to("1.4.2", Impact::None), None);
        assert_eq!(to("1.4", Impact::Breaking), None);
        assert_eq!(to("one.two.three", Impact::Breaking), None);
    }
}

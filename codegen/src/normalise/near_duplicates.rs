//! Property names one edit away from another property name are pointed out as possible typos.
//!
//! Quirk: a response says `intergration_id` where the requests say `integration_id`. Both
//! spellings are valid JSON names, so nothing fails until a user looks for the field. Only the
//! author can say which spelling the server really sends, so this pass changes nothing.
//!
//! Related schemas: every object schema of the document (components and inline ones alike) — a
//! typo usually sits in a different operation from its correct spelling, so restricting the
//! comparison to one operation would miss it. Two property names are reported when they are
//! distinct, both at least [`MIN_LEN`] characters long, at Damerau–Levenshtein distance 1, never
//! declared side by side in one schema (`address`/`address2` are meant to differ), and differ by
//! more than a trailing plural `s` or trailing digits. The warning goes to every occurrence of the
//! rarer name (the likely typo), naming the first occurrence of the other; on a tie, to both.
//! Properties that already carry `x-rust-name` are skipped.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use crate::diag::{pointer_push, Location, Result};
use crate::normalise::walk::for_each_schema;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "near-duplicates";

/// Shorter names are skipped: `id`/`ids`, `to`/`top` differ by one edit on purpose.
pub const MIN_LEN: usize = 6;

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    // Property name → (schema pointer, property pointer) of its declarations, in document order.
    let mut places: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for_each_schema(doc, &mut |schema, pointer| {
        let Some(props) = schema.get("properties").and_then(Value::as_object) else { return };
        let props_ptr = pointer_push(pointer, "properties");
        for (name, _) in props.iter().filter(|(_, p)| p.get("x-rust-name").is_none()) {
            places.entry(name.clone()).or_default().push((pointer.to_string(), pointer_push(&props_ptr, name)));
        }
    });
    let names: Vec<&String> = places.keys().filter(|n| n.chars().count() >= MIN_LEN).collect();
    let mut found: Vec<(String, String)> = Vec::new();
    for (a, b) in candidate_pairs(&names) {
        let (a, b) = (names[a], names[b]);
        if !near(a, b) {
            continue;
        }
        let (Some(at_a), Some(at_b)) = (places.get(a), places.get(b)) else { continue };
        if at_a.iter().any(|(schema, _)| at_b.iter().any(|(other, _)| other == schema)) {
            continue; // declared side by side: meant to differ
        }
        if at_a.len() <= at_b.len() {
            flag(a, at_a, b, at_b, file, &mut found);
        }
        if at_b.len() <= at_a.len() {
            flag(b, at_b, a, at_a, file, &mut found);
        }
    }
    found.sort();
    for (pointer, msg) in found {
        report.warn(Location::new(file, pointer), msg);
    }
    Ok(())
}

/// The pairs of names (indices into `names`, the smaller first, sorted) that may be one edit
/// apart: those that share a deletion key. A name's keys are the name itself and the name with
/// any one character deleted; two names one substitution, insertion, deletion or swap of
/// adjacent characters apart always share one (a swap of `ab` and `ba` at position i: deleting
/// either character leaves the same text). So only names that share a key are compared, instead
/// of every pair of similar length: Microsoft Graph's 40,000 property names take milliseconds.
fn candidate_pairs(names: &[&String]) -> BTreeSet<(usize, usize)> {
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        let chars: Vec<char> = name.chars().collect();
        let mut keys: Vec<String> = (0..chars.len())
            .map(|skip| chars.iter().enumerate().filter(|(j, _)| *j != skip).map(|(_, c)| *c).collect())
            .collect();
        keys.push(name.to_string());
        keys.sort();
        keys.dedup();
        for key in keys {
            by_key.entry(key).or_default().push(i);
        }
    }
    let mut pairs = BTreeSet::new();
    for group in by_key.values().filter(|g| g.len() > 1) {
        for (k, &a) in group.iter().enumerate() {
            for &b in &group[k + 1..] {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    pairs
}

/// Where a property name is declared: (schema pointer, property pointer), in document order.
type Places = [(String, String)];

/// Records one warning per occurrence of `name`, naming the first occurrence of `other`.
fn flag(name: &str, at: &Places, other: &str, other_at: &Places, file: &Path, found: &mut Vec<(String, String)>) {
    let Some((_, first)) = other_at.first() else { return };
    let more = match other_at.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    for (_, pointer) in at {
        let msg = format!(
            "`{name}` is one edit away from `{other}` at {}#{first}{more}; a typo? an overlay can set x-rust-name",
            file.display()
        );
        found.push((pointer.clone(), msg));
    }
}

/// True when `a` and `b` are one edit apart and the edit is not a plural `s` or a digit suffix.
fn near(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.strip_prefix(short).is_some_and(|rest| rest == "s" || rest.chars().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let trim = |s: &str| s.trim_end_matches(|c: char| c.is_ascii_digit()).to_string();
    if trim(a) == trim(b) {
        return false;
    }
    edit_distance(a, b) == 1
}

/// The optimal-string-alignment (restricted Damerau–Levenshtein) distance between `a` and `b`:
/// insertions, deletions, substitutions and swaps of adjacent characters each cost one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the dynamic-programming table: two rows back, the previous one, the current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a.get(i - 1) != b.get(j - 1));
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                best = best.min(before[j - 2] + 1);
            }
            cur[j] = best;
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn warnings(mut doc: Value) -> Vec<String> {
        let mut report = Report::default();
        run(&mut doc, Path::new("t.yaml"), &mut report).unwrap();
        assert!(report.changes.is_empty());
        report.warnings.iter().map(|w| format!("{} {}", w.location.pointer, w.message)).collect()
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("intergration_id", "integration_id"), 1);
        assert_eq!(edit_distance("recieve", "receive"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn flags_the_rarer_spelling_with_both_pointers() {
        let doc = json!({
            "paths": {
                "/a": {"post": {"requestBody": {"content": {"j": {"schema": {"properties": {"integration_id": {}}}}}}}},
                "/b": {"post": {"requestBody": {"content": {"j": {"schema": {"properties": {"integration_id": {}}}}}}}}
            },
            "components": {"schemas": {
                "Cert": {"properties": {"intergration_id": {}, "address": {}, "address2": {}, "scope": {}}},
                "Other": {"properties": {"scopes": {}, "address3": {}, "ids": {}}},
                "Named": {"properties": {"integration_ib": {"x-rust-name": "integration_id"}}}
            }}
        });
        assert_eq!(
            warnings(doc),
            ["/components/schemas/Cert/properties/intergration_id `intergration_id` is one edit away from `integration_id` at t.yaml#/paths/~1a/post/requestBody/content/j/schema/properties/integration_id (and 1 more); a typo? an overlay can set x-rust-name"]
        );
    }

    /// The candidate pairs find every pair one edit apart that a comparison of all pairs finds.
    #[test]
    fn candidates_cover_every_pair_one_edit_apart() {
        let words: Vec<String> = [
            "integration_id", "intergration_id", "integartion_id", "integration_ip", "integration_i", "xintegration_id",
            "receive", "recieve", "receiver", "deceive", "abcdef", "bacdef", "abcdfe", "abcdefg", "zzzzzz",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let names: Vec<&String> = words.iter().collect();
        let candidates = candidate_pairs(&names);
        for a in 0..names.len() {
            for b in a + 1..names.len() {
                if edit_distance(names[a], names[b]) == 1 {
                    assert!(candidates.contains(&(a, b)), "{} / {} is a candidate", names[a], names[b]);
                }
            }
        }
    }

    #[test]
    fn ties_flag_both_sides() {
        let doc = json!({"components": {"schemas": {
            "A": {"properties": {"recieve": {}}},
            "B": {"properties": {"receive": {}}}
        }}});
        let found = warnings(doc);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].starts_with("/components/schemas/A/properties/recieve `recieve` is one edit away from `receive`"));
    }
}

//! Warnings grouped by kind, so that a large input's summary stays readable.
//!
//! A collection of 300 requests without saved examples gives 300 warnings that differ only in
//! the request they name. [`kind`] masks what varies in a message (the `quoted` names, JSON
//! pointers, numbers), and [`group`] gathers the warnings of one kind in order of first
//! appearance. The CLI prints each group (per pass) as its first warning, the count and the next
//! locations; `NORMALIZATION.md` keeps the full list.

use crate::diag::Diagnostic;

/// The warnings of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    /// The kind: the message with what varies masked (see [`kind`]).
    pub kind: String,
    /// The warnings of this kind, in their original order.
    pub warnings: Vec<&'a Diagnostic>,
}

/// The kind of a warning message: every `` `quoted` `` part becomes `` `…` ``, every JSON
/// pointer or `file#pointer` becomes `…`, every run of digits `N`.
pub fn kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_quote = false;
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if in_quote {
            out.push('…');
        } else {
            out.push_str(&mask_words(part));
        }
        in_quote = !in_quote;
    }
    out
}

/// Masks pointers and numbers in text outside quotes.
fn mask_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut first = true;
    for word in text.split(' ') {
        if !first {
            out.push(' ');
        }
        first = false;
        if word.len() > 1 && (word.starts_with('/') || word.contains("#/")) {
            out.push('…');
            out.extend(word.chars().rev().take_while(|c| matches!(c, ')' | ',' | ':' | ';')).collect::<Vec<_>>().into_iter().rev());
            continue;
        }
        let mut digits = false;
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !digits {
                    out.push('N');
                }
                digits = true;
            } else {
                digits = false;
                out.push(c);
            }
        }
    }
    out
}

/// The warnings grouped by [`kind`], groups in order of their first warning.
pub fn group(warnings: &[Diagnostic]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for warning in warnings {
        let k = kind(&warning.message);
        match groups.iter_mut().find(|g| g.kind == k) {
            Some(group) => group.warnings.push(warning),
            None => groups.push(Group { kind: k, warnings: vec![warning] }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn warning(pointer: &str, message: &str) -> Diagnostic {
        Diagnostic::warning(Location::new("c.json", pointer), message)
    }

    #[test]
    fn kinds_mask_names_pointers_and_numbers() {
        assert_eq!(
            kind("request `List things` is `GET /a` like the request at /item/0/item/3: left out"),
            "request `…` is `…` like the request at …: left out"
        );
        assert_eq!(kind("12 properties have only placeholders"), "N properties have only placeholders");
        assert_eq!(kind("a typo at c.json#/paths/~1a (and 3 more)"), "a typo at … (and N more)");
        assert_eq!(kind("no quotes / here"), "no quotes / here");
    }

    #[test]
    fn groups_keep_order() {
        let warnings: Vec<Diagnostic> = (0..5)
            .map(|i| warning(&format!("/item/{i}"), &format!("request `r{i}` has no example response")))
            .chain([warning("/auth", "auth type `hawk` is not supported")])
            .collect();
        let groups = group(&warnings);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].kind, "request `…` has no example response");
        assert_eq!(groups[0].warnings.len(), 5);
        assert_eq!(groups[0].warnings[4].location.pointer, "/item/4");
        assert_eq!(groups[1].warnings.len(), 1);
    }
}

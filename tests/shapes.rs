//! One type per shape, and docs that say something: checked on the model of the product crate
//! (`specs/codegen.toml`) and of the 46-document corpus crate (`tests/corpus/codegen.toml`).
//!
//! - no two structs or enums of a module have the same shape (the model's own comparison,
//!   [`codegen::model::dedupe::same_shapes`], finds no group left);
//! - every type has a description, and none is only its name repeated;
//! - the counts: the product has at most 40 public structs, and merging removed at least a third
//!   of the corpus crate's public types (the count before merging is the count after plus what
//!   each merge reported in `NORMALIZATION.md` removed); the README states both figures.

use codegen::model::{dedupe, Module, TypeKind, TypeRef};
use codegen::Generated;
use tests::workspace_root;

fn generate(config: &str) -> Generated {
    codegen::generate(&workspace_root().join(config)).unwrap_or_else(|e| panic!("{config}: {e}"))
}

/// Whether a type is a distinct public type (not an alias of another named type).
fn distinct(kind: &TypeKind) -> bool {
    !matches!(kind, TypeKind::Alias(TypeRef::Named(_)))
}

/// Structs and enums of `module` that still share a shape, as "A = B" lines.
fn same_shaped(module: &Module) -> Vec<String> {
    dedupe::same_shapes(&module.types)
        .into_iter()
        .map(|group| {
            group
                .into_iter()
                .filter(|&i| matches!(module.types[i].kind, TypeKind::Struct(_) | TypeKind::Enum(_)))
                .map(|i| module.types[i].name.clone())
                .collect::<Vec<_>>()
        })
        .filter(|names| names.len() > 1)
        .map(|names| format!("{}::{}", module.name, names.join(" = ")))
        .collect()
}

/// Types whose doc is missing or only repeats the name.
fn undocumented(module: &Module) -> Vec<String> {
    module
        .types
        .iter()
        .filter(|t| {
            let doc = t.description.as_deref().unwrap_or("").trim();
            let bare = doc.trim_end_matches('.').trim_matches('`');
            doc.is_empty() || bare == t.name || doc == format!("The `{}` schema.", t.name)
        })
        .map(|t| format!("{}::{}", module.name, t.name))
        .collect()
}

/// (distinct public types after merging, before merging, public structs).
fn counts(generated: &Generated) -> (usize, usize, usize) {
    let after: usize = generated.api.modules.iter().map(|m| m.types.iter().filter(|t| distinct(&t.kind)).count()).sum();
    let structs: usize =
        generated.api.modules.iter().map(|m| m.types.iter().filter(|t| matches!(t.kind, TypeKind::Struct(_))).count()).sum();
    let merged_away: usize = generated
        .report
        .changes
        .iter()
        .filter(|c| c.source == "merge-types")
        .filter_map(|c| c.what.split_whitespace().next()?.parse::<usize>().ok())
        .map(|members| members - 1)
        .sum();
    (after, after + merged_away, structs)
}

fn check(config: &str) -> (usize, usize, usize) {
    let generated = generate(config);
    let shapes: Vec<String> = generated.api.modules.iter().flat_map(same_shaped).collect();
    assert!(shapes.is_empty(), "{config}: types with the same shape:\n{}", shapes.join("\n"));
    let docs: Vec<String> = generated.api.modules.iter().flat_map(undocumented).collect();
    assert!(docs.is_empty(), "{config}: types without a real description:\n{}", docs.join("\n"));
    counts(&generated)
}

#[test]
fn product_has_one_type_per_shape() {
    let (after, before, structs) = check("specs/codegen.toml");
    println!("product: {structs} public structs, {after} distinct public types ({before} before merging)");
    assert!(structs <= 40, "the product crate has {structs} public structs; at most 40");
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README");
    let claim = format!("{structs} public structs ({after} distinct public types, {before} before merging)");
    assert!(readme.contains(&claim), "README should say: {claim}");
}

#[test]
fn corpus_has_one_type_per_shape() {
    let (after, before, structs) = check("tests/corpus/codegen.toml");
    println!("corpus: {structs} public structs, {after} distinct public types ({before} before merging)");
    assert!(after * 3 <= before * 2, "merging removed {} of {before} public types: less than a third", before - after);
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README");
    let claim = format!("{after} distinct public types ({before} before merging)");
    assert!(readme.contains(&claim), "README should say: {claim}");
}


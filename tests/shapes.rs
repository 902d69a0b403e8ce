//! One type per shape, and docs that say something: checked on the model of the product crate
//! (`specs/codegen.toml`) and of the 46-document corpus crate (`tests/corpus/codegen.toml`).
//!
//! - no two structs or enums of the crate have the same shape (the model's own comparison,
//!   [`codegen::model::dedupe::same_shapes`], run over every module's own types and the shared
//!   ones of `common`, finds no group left);
//! - every type has a description, and none is only its name repeated;
//! - the counts: the product has at most 40 public structs, and merging removed at least a third
//!   of the corpus crate's public types (the count before merging is the count after plus what
//!   each merge reported in `NORMALIZATION.md` removed); the README states both figures.

use std::collections::BTreeMap;

use codegen::model::{dedupe, Api, TypeDef, TypeKind, TypeRef};
use codegen::Generated;
use tests::workspace_root;

fn generate(config: &str) -> Generated {
    codegen::generate(&workspace_root().join(config)).unwrap_or_else(|e| panic!("{config}: {e}"))
}

/// Whether a type is a distinct public type (not an alias of another named type, not a
/// re-export of a shared type).
fn distinct(def: &TypeDef) -> bool {
    def.shared_as.is_none() && !matches!(def.kind, TypeKind::Alias(TypeRef::Named(_)))
}

/// Every distinct type of the crate, named `module::Type` (`common::Type` for shared ones), with
/// its references qualified the same way.
fn crate_types(api: &Api) -> Vec<TypeDef> {
    let mut out = Vec::new();
    let mut add = |module: &str, types: &[TypeDef], shared: &BTreeMap<String, String>| {
        let mut renames: BTreeMap<String, String> = types.iter().map(|t| (t.name.clone(), format!("{module}::{}", t.name))).collect();
        renames.extend(shared.iter().map(|(local, common)| (local.clone(), format!("{}::{common}", api.common_module))));
        let mut copies: Vec<TypeDef> = types.iter().filter(|t| t.shared_as.is_none()).cloned().collect();
        for t in &mut copies {
            t.name = format!("{module}::{}", t.name);
        }
        dedupe::rename_uses(&mut copies, &mut [], &mut [], &renames);
        out.extend(copies);
    };
    add(&api.common_module, &api.common, &BTreeMap::new());
    for m in &api.modules {
        let shared: BTreeMap<String, String> =
            m.types.iter().filter_map(|t| t.shared_as.clone().map(|c| (t.name.clone(), c))).collect();
        add(&m.name, &m.types, &shared);
    }
    out
}

/// Structs and enums of the crate that still share a shape, as "a::A = b::B" lines.
fn same_shaped(api: &Api) -> Vec<String> {
    let types = crate_types(api);
    dedupe::same_shapes(&types)
        .into_iter()
        .map(|group| {
            group
                .into_iter()
                .filter(|&i| matches!(types[i].kind, TypeKind::Struct(_) | TypeKind::Enum(_)))
                .map(|i| types[i].name.clone())
                .collect::<Vec<_>>()
        })
        .filter(|names| names.len() > 1)
        .map(|names| names.join(" = "))
        .collect()
}

/// Types whose doc is missing or only repeats the name.
fn undocumented(module: &str, types: &[TypeDef]) -> Vec<String> {
    types
        .iter()
        .filter(|t| {
            let doc = t.description.as_deref().unwrap_or("").trim();
            let bare = doc.trim_end_matches('.').trim_matches('`');
            doc.is_empty() || bare == t.name || doc == format!("The `{}` schema.", t.name)
        })
        .map(|t| format!("{module}::{}", t.name))
        .collect()
}

/// (distinct public types after merging, before merging, public structs).
fn counts(generated: &Generated) -> (usize, usize, usize) {
    let api = &generated.api;
    let all = || api.modules.iter().flat_map(|m| m.types.iter()).chain(&api.common);
    let after = all().filter(|t| distinct(t)).count();
    let structs = all().filter(|t| distinct(t) && matches!(t.kind, TypeKind::Struct(_))).count();
    // Each merge (within a module) and each sharing (across modules) reports its members.
    let merged_away: usize = generated
        .report
        .changes
        .iter()
        .filter(|c| c.source == "merge-types" || c.source == "share-types")
        .filter_map(|c| c.what.split_whitespace().next()?.parse::<usize>().ok())
        .map(|members| members - 1)
        .sum();
    (after, after + merged_away, structs)
}

fn check(config: &str) -> (usize, usize, usize) {
    let generated = generate(config);
    let shapes = same_shaped(&generated.api);
    assert!(shapes.is_empty(), "{config}: types with the same shape:\n{}", shapes.join("\n"));
    let mut docs: Vec<String> = generated.api.modules.iter().flat_map(|m| undocumented(&m.name, &m.types)).collect();
    docs.extend(undocumented(&generated.api.common_module, &generated.api.common));
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


//! Real generator runs: generate from one spec, regenerate from its next version, read the report.

use std::path::{Path, PathBuf};

use super::changelog::Changelog;
use crate::regen::{prepare, report, rewrite_version, Plan};
use super::semver::Bump;
use super::{diff, ApiLock, ChangeKind, CHANGELOG_FILE, LOCK_FILE};
use crate::write::{stale_files, write_atomically};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/apilock").join(name)
}

/// A temporary project: a `codegen.toml` with one module, generating into `out/`.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        Project { dir: tempfile::tempdir().unwrap() }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("codegen.toml")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Points the configuration at `spec` (keeping the version, 0.1.0 at first).
    fn use_spec(&self, module: &str, spec: &str) {
        let version = std::fs::read_to_string(self.config())
            .ok()
            .and_then(|t| t.lines().find_map(|l| l.strip_prefix("version = \"").and_then(|v| v.split('"').next()).map(str::to_string)))
            .unwrap_or_else(|| "0.1.0".into());
        let input = fixture(spec).display().to_string();
        let text = format!(
            "# A test project.\n[crate]\nname = \"test-client\"\nversion = \"{version}\" # bumped by --bump\ndescription = \"A test.\"\noutput = \"out\"\n\n[[module]]\nname = \"{module}\"\ninput = {input:?}\n"
        );
        std::fs::write(self.config(), text).unwrap();
    }

    /// `cargo xtask codegen [--bump]`: prepare, then write.
    fn regenerate(&self, bump: bool) -> Plan {
        let (generated, plan) = prepare(&self.config(), &self.out(), bump).unwrap();
        write_atomically(&self.out(), &generated.files).unwrap();
        plan
    }

    /// `cargo xtask codegen --check`: the stale files.
    fn check(&self) -> Vec<PathBuf> {
        let (generated, _) = prepare(&self.config(), &self.out(), false).unwrap();
        stale_files(&self.out(), &generated.files, &[]).unwrap()
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.out().join(file)).unwrap()
    }
}

/// `(kind, path, breaking)` of every change, in report order.
fn summary(plan: &Plan) -> Vec<(ChangeKind, &str, bool)> {
    plan.changes.iter().map(|c| (c.kind, c.path.as_str(), c.breaking)).collect()
}

/// Generates from `pets_base.yaml`, then from `spec`.
fn pets_change(spec: &str) -> (Project, Plan) {
    let project = Project::new();
    project.use_spec("pets", "pets_base.yaml");
    let first = project.regenerate(false);
    assert!(!first.had_lock && first.changes.is_empty() && first.suggestion.is_none());
    project.use_spec("pets", spec);
    let plan = project.regenerate(false);
    (project, plan)
}

#[test]
fn upstream_scopes_lost_three_operations() {
    let project = Project::new();
    project.use_spec("scopes", "scopes_before.yaml");
    project.regenerate(false);
    let lock = ApiLock::parse(&project.read(LOCK_FILE), Path::new(LOCK_FILE)).unwrap();
    assert_eq!(lock.modules["scopes"].operations.len(), 4);
    project.use_spec("scopes", "scopes_after.yaml");
    let stale = project.check();
    assert!(stale.contains(&PathBuf::from(LOCK_FILE)) && stale.contains(&PathBuf::from(CHANGELOG_FILE)), "{stale:?}");
    let plan = project.regenerate(false);
    // The three operations, and every type only they used: a user may have named those types,
    // so each removal is reported (and breaking) on its own line.
    let expected = vec![
        (ChangeKind::OperationRemoved, "scopes::approve_scope_request", true),
        (ChangeKind::OperationRemoved, "scopes::deny_scope_request", true),
        (ChangeKind::OperationRemoved, "scopes::list_scope_request", true),
        (ChangeKind::TypeRemoved, "scopes::ApproveScopeRequestResponse", true),
        (ChangeKind::TypeRemoved, "scopes::ErrorBody", true),
        (ChangeKind::TypeRemoved, "scopes::ErrorItem", true),
        (ChangeKind::TypeRemoved, "scopes::ListScopeRequestResponseItem", true),
    ];
    assert_eq!(summary(&plan), expected, "{}", report(&plan));
    let suggestion = plan.suggestion.clone().unwrap();
    assert_eq!((suggestion.from.as_str(), suggestion.to.as_str(), suggestion.bump), ("0.1.0", "0.2.0", Bump::Minor));
    let text = report(&plan);
    assert!(text.contains("7 breaking, 0 non-breaking"), "{text}");
    assert!(text.contains("`scopes::deny_scope_request`: operation removed (DELETE /v3/scopes/requests/{request_id})"), "{text}");
    assert!(text.contains("suggested version: minor bump 0.1.0 → 0.2.0"), "{text}");
    // The changes wait under Unreleased; --check agrees with what was written.
    let changelog = project.read(CHANGELOG_FILE);
    assert!(changelog.contains("## Unreleased\n\nSuggested version: 0.2.0"), "{changelog}");
    assert_eq!(Changelog::parse(Some(&changelog)).pending.breaking.len(), 7);
    assert!(project.check().is_empty());

    // `--bump` afterwards still sees the pending changes, though the lock is already new.
    let bumped = project.regenerate(true);
    assert!(bumped.changes.is_empty() && bumped.bumped);
    assert_eq!(bumped.suggestion.map(|s| s.to).as_deref(), Some("0.2.0"));
    let config = std::fs::read_to_string(project.config()).unwrap();
    assert!(config.starts_with("# A test project.\n[crate]\nname = \"test-client\"\nversion = \"0.2.0\" # bumped by --bump\n"), "{config}");
    assert!(project.read("Cargo.toml").contains("version = \"0.2.0\""));
    let changelog = project.read(CHANGELOG_FILE);
    assert!(!changelog.contains("Unreleased"), "{changelog}");
    assert!(changelog.contains("## 0.2.0\n\nA minor release after 0.1.0"), "{changelog}");
    assert!(changelog.contains("- `scopes::approve_scope_request`: operation removed (PATCH /v3/scopes/requests/{request_id}/approve)\n"));
    assert!(project.check().is_empty(), "--check predicts the carried-over changelog");

    // Nothing changed: the changelog is carried over byte for byte, and --bump does nothing.
    let again = project.regenerate(true);
    assert!(again.changes.is_empty() && again.suggestion.is_none() && !again.bumped);
    assert_eq!(project.read(CHANGELOG_FILE), changelog);
    assert!(std::fs::read_to_string(project.config()).unwrap().contains("version = \"0.2.0\""));
}

#[test]
fn new_optional_field_is_not_breaking() {
    let (project, plan) = pets_change("pets_optional_field.yaml");
    assert_eq!(summary(&plan), [(ChangeKind::FieldAdded, "pets::Pet.nickname", false)]);
    assert_eq!(plan.changes[0].description, "optional field added (`nickname: Option<String>`)");
    assert_eq!(plan.suggestion.map(|s| (s.to, s.bump)), Some(("0.1.1".into(), Bump::Patch)));
    assert!(project.read(CHANGELOG_FILE).contains("### Non-breaking\n\n- `pets::Pet.nickname`: optional field added"));
}

#[test]
fn new_required_parameter_is_breaking() {
    let (_, plan) = pets_change("pets_required_param.yaml");
    assert_eq!(summary(&plan), [(ChangeKind::ParamAdded, "pets::list_pets(owner)", true)]);
    assert_eq!(plan.changes[0].description, "required parameter added (`owner: String` in query)");
    assert_eq!(plan.suggestion.map(|s| (s.to, s.bump)), Some(("0.2.0".into(), Bump::Minor)));
}

#[test]
fn new_enum_variant_is_not_breaking() {
    let (_, plan) = pets_change("pets_enum_variant.yaml");
    assert_eq!(summary(&plan), [(ChangeKind::VariantAdded, "pets::Kind::Bird", false)]);
    assert_eq!(plan.suggestion.map(|s| s.to).as_deref(), Some("0.1.1"));
}

#[test]
fn changed_field_type_is_breaking() {
    let (project, plan) = pets_change("pets_field_type.yaml");
    assert_eq!(summary(&plan), [(ChangeKind::FieldRetyped, "pets::Pet.age", true)]);
    assert_eq!(plan.changes[0].description, "field type changed from `i64` to `String`");
    assert_eq!(plan.suggestion.map(|s| s.to).as_deref(), Some("0.2.0"));
    // Going back is another change, merged on top of the pending one.
    project.use_spec("pets", "pets_base.yaml");
    let back = project.regenerate(false);
    assert_eq!(back.changes.len(), 1);
    let pending = Changelog::parse(Some(&project.read(CHANGELOG_FILE))).pending;
    assert_eq!(
        pending.breaking,
        ["`pets::Pet.age`: field type changed from `String` to `i64`", "`pets::Pet.age`: field type changed from `i64` to `String`"]
    );
}

#[test]
fn same_route_under_a_new_name_is_a_rename() {
    let project = Project::new();
    project.use_spec("pets", "pets_base.yaml");
    project.regenerate(false);
    let old = ApiLock::parse(&project.read(LOCK_FILE), Path::new(LOCK_FILE)).unwrap();
    let mut new = old.clone();
    let ops = &mut new.modules.get_mut("pets").unwrap().operations;
    let op = ops.remove("list_pets").unwrap();
    ops.insert("get_pets".into(), op);
    let changes = diff(&old, &new);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!((changes[0].kind, changes[0].path.as_str(), changes[0].breaking), (ChangeKind::OperationRenamed, "pets::get_pets", true));
    assert_eq!(changes[0].description, "operation renamed from `list_pets` (GET /v1/pets)");
}

#[test]
fn lock_is_sorted_pretty_json() {
    let project = Project::new();
    project.use_spec("pets", "pets_base.yaml");
    project.regenerate(false);
    let text = project.read(LOCK_FILE);
    assert!(text.starts_with("{\n  \"crate\": \"test-client\",\n  \"client\": {\n    \"regions\": [\n      { \"name\": \"Default\", \"value\": \"https://api.example.com\" }\n    ],\n"), "{text}");
    assert!(text.contains("  \"modules\": {\n    \"pets\": {"), "{text}");
    let lock = ApiLock::parse(&text, Path::new(LOCK_FILE)).unwrap();
    assert_eq!(lock.to_json(), text);
    let names: Vec<&String> = lock.modules["pets"].operations.keys().collect();
    assert_eq!(names, ["create_pet", "list_pets"]);
    assert!(text.contains("\n            { \"name\": \"age\", \"wire\": \"age\", \"type\": \"i64\", \"optional\": true },\n"), "{text}");
}

#[test]
fn version_rewrite_keeps_the_rest_of_the_file() {
    let text = "[package]\nversion = \"9.9.9\"\n\n[ crate ] # the crate\nname = \"x\"\nversion   =  \"0.1.0\"   # keep\nversions = 1\n";
    let done = rewrite_version(text, "0.2.0").unwrap();
    assert_eq!(done, text.replace("\"0.1.0\"", "\"0.2.0\""));
    assert_eq!(rewrite_version("[crate]\nname = \"x\"\n[other]\nversion = \"1.0.0\"\n", "2.0.0"), None);
}

/// A type that plays the same part under a new name is one rename, found through the operations
/// that use it and through the fields of renamed types; what it is used in is not "changed".
#[test]
fn renamed_types_are_reported_once_with_their_own_changes() {
    let project = Project::new();
    project.use_spec("pets", "pets_base.yaml");
    project.regenerate(false);
    let old = ApiLock::parse(&project.read(LOCK_FILE), Path::new(LOCK_FILE)).unwrap();
    let text = old.to_json().replace("\"Pet\"", "\"Animal\"").replace("Vec<Pet>", "Vec<Animal>").replace("\"Kind\"", "\"AnimalKind\"");
    let mut new = ApiLock::parse(&text, Path::new(LOCK_FILE)).unwrap();
    if let Some(super::TypeLock::Struct { fields }) = new.modules.get_mut("pets").and_then(|m| m.types.get_mut("Animal")) {
        fields.iter_mut().filter(|f| f.name == "age").for_each(|f| f.optional = false);
    }
    let changes = diff(&old, &new);
    let got: Vec<(ChangeKind, &str, &str)> = changes.iter().map(|c| (c.kind, c.path.as_str(), c.description.as_str())).collect();
    assert_eq!(
        got,
        [
            (ChangeKind::TypeRenamed, "pets::AnimalKind", "enum renamed from `Kind`"),
            (ChangeKind::TypeRenamed, "pets::Animal", "struct renamed from `Pet`"),
            (ChangeKind::FieldOptionalityChanged, "pets::Animal.age", "field is now required"),
        ]
    );
}

/// Generates from `before`, then from `after` (one module `m`), and returns the report.
fn change(before: &str, after: &str) -> Plan {
    let project = Project::new();
    project.use_spec("m", before);
    project.regenerate(false);
    project.use_spec("m", after);
    project.regenerate(false)
}

/// Error enums are part of the API: a payload that changes type or a variant that goes away
/// breaks a `match`, a new variant does not (the enums are `#[non_exhaustive]`).
#[test]
fn error_enum_changes_are_reported() {
    let plan = change("errors_before.yaml", "errors_after.yaml");
    let got: Vec<(ChangeKind, &str, bool, &str)> =
        plan.changes.iter().map(|c| (c.kind, c.path.as_str(), c.breaking, c.description.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                ChangeKind::ErrorVariantRetyped,
                "m::update_campaign",
                true,
                "error variant `BadRequest` now carries `ErrorResponse` instead of `BTreeMap<String, serde_json::Value>`"
            ),
            (
                ChangeKind::ErrorVariantRetyped,
                "m::update_campaign",
                true,
                "error variant `Forbidden` now carries `ErrorResponse` instead of `BTreeMap<String, serde_json::Value>`"
            ),
            (ChangeKind::ErrorVariantRemoved, "m::update_campaign", true, "error variant `NotFound` removed (it carried `()`)"),
            (ChangeKind::ErrorVariantAdded, "m::update_campaign", false, "error variant `InternalServerError` added (carrying `()`)"),
            (ChangeKind::TypeAdded, "m::ErrorResponse", false, "struct added"),
            (ChangeKind::TypeAdded, "m::ErrorResponseErrorsItem", false, "struct added"),
        ]
    );
    assert_eq!(plan.suggestion.map(|s| s.bump), Some(Bump::Minor), "breaking while 0.x");
}

/// A renamed path parameter is one non-breaking change: Rust has no named arguments, so callers
/// compile unchanged.
#[test]
fn path_parameter_rename_is_not_breaking() {
    let plan = change("path_param_before.yaml", "path_param_after.yaml");
    assert_eq!(summary(&plan), [(ChangeKind::ParamRenamed, "m::get_list(lists_id)", false)], "{}", report(&plan));
    assert_eq!(
        plan.changes[0].description,
        "path parameter renamed from `list_id` (/v3/lists/{list_id} → /v3/lists/{lists_id}); it is passed by position, so callers are unchanged"
    );
    assert_eq!(plan.suggestion.map(|s| s.bump), Some(Bump::Patch));
}

/// The EU server added upstream: the crate's `Region` changes from `{Default}` to
/// `{Global, Eu}`, and code naming `Region::Default` no longer compiles.
#[test]
fn a_region_renamed_by_new_servers_is_breaking() {
    let plan = change("servers_before.yaml", "servers_after.yaml");
    assert_eq!(
        summary(&plan),
        [
            (ChangeKind::RegionRemoved, "Region::Default", true),
            (ChangeKind::RegionAdded, "Region::Global", false),
            (ChangeKind::RegionAdded, "Region::Eu", false),
        ],
        "{}",
        report(&plan)
    );
    assert_eq!(plan.changes[0].description, "region removed (`https://api.example.com`); its server `https://api.example.com` is now `Region::Global`");
    assert_eq!(plan.suggestion.map(|s| s.bump), Some(Bump::Minor), "breaking while 0.x");
}

/// A type moved into a component that is an alias (`pub type Valid = bool`) is its target:
/// nothing changed for a user.
#[test]
fn an_alias_of_the_same_type_is_no_change() {
    let plan = change("alias_before.yaml", "alias_after.yaml");
    assert!(plan.changes.is_empty(), "{}", report(&plan));
    assert_eq!(plan.suggestion, None);
}

/// A suffixed path argument (`list_id2`, beside a query `list_id`) renamed upstream is one
/// non-breaking change: same position, same type.
#[test]
fn a_suffixed_path_argument_renamed_is_not_breaking() {
    let plan = change("suffix_before.yaml", "suffix_after.yaml");
    assert_eq!(summary(&plan), [(ChangeKind::ParamRenamed, "m::get_list(lists_id)", false)], "{}", report(&plan));
    assert_eq!(
        plan.changes[0].description,
        "argument renamed from `list_id2` to `lists_id` at the same position, with the same type; callers pass it by position, so they are unchanged"
    );
    assert_eq!(plan.suggestion.map(|s| s.bump), Some(Bump::Patch));
}

/// A success status 200 → 201 with the same body: the generated call accepts another status,
/// reported as a non-breaking behaviour change.
#[test]
fn a_success_status_change_is_reported_and_not_breaking() {
    let plan = change("status_before.yaml", "status_after.yaml");
    assert_eq!(summary(&plan), [(ChangeKind::SuccessStatusChanged, "m::create_invite", false)], "{}", report(&plan));
    assert_eq!(plan.changes[0].description, "success status changed from 200 to 201: the call now accepts 201 as success");
    assert_eq!(plan.suggestion.map(|s| s.bump), Some(Bump::Patch));
}

/// The lock's cargo features are the generated `Cargo.toml`'s, with and without module features.
#[test]
fn the_lock_lists_every_cargo_feature() {
    let doc: serde_json::Value = serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}
    });
    let mut generated = crate::generate_document("m", Path::new("m.json"), doc).expect("generates");
    for module_features in [false, true] {
        generated.api.module_features = module_features;
        let manifest = crate::emit::emit(&generated.api, &generated.report, &[]).expect("emits")[Path::new("Cargo.toml")].clone();
        let manifest: toml::Value = toml::from_str(&manifest).expect("Cargo.toml parses");
        let declared: Vec<String> = manifest["features"].as_table().expect("[features]").keys().cloned().collect();
        let lock = ApiLock::from_api(&generated.api);
        assert_eq!(lock.client.expect("client part").features, declared, "module_features = {module_features}");
    }
}

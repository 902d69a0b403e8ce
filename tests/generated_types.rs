//! Behaviour of the generated models: the repairs made by overlays and passes hold in the crate
//! users get.

use sendgrid_access::sso::{CreateSsoCertificateRequest, SsoCertificateBody};
use sendgrid_access::teammates::GetTeammateResponse;

/// SendGrid's responses spell `intergration_id`; a fixed API would say `integration_id`. Both
/// decode into the field `integration_id`.
#[test]
fn certificate_accepts_both_spellings_of_integration_id() {
    for key in ["intergration_id", "integration_id"] {
        let json = format!(r#"{{"id": 66138975, "not_before": 1621289880, "not_after": 1621289881, "{key}": "b0b9"}}"#);
        let cert: SsoCertificateBody = serde_json::from_str(&json).expect("decodes");
        assert_eq!(cert.integration_id.as_deref(), Some("b0b9"), "{key}");
        // Ids and unix times are integers, not f64.
        let (id, before, after): (Option<i64>, Option<i64>, Option<i64>) = (cert.id, cert.not_before, cert.not_after);
        assert_eq!((id, before, after), (Some(66138975), Some(1621289880), Some(1621289881)));
    }
}

/// Requests send `integration_id`, the spelling the API reads.
#[test]
fn certificate_request_serialises_integration_id() {
    let body = CreateSsoCertificateRequest::new("-----BEGIN CERTIFICATE-----", "b0b9").enabled(true);
    let json = serde_json::to_value(&body).expect("encodes");
    assert_eq!(json, serde_json::json!({"public_certificate": "-----BEGIN CERTIFICATE-----", "enabled": true, "integration_id": "b0b9"}));
}

/// The overlay adds `company`, which the API returns but the upstream schema lacks.
#[test]
fn teammate_has_company() {
    let teammate: GetTeammateResponse = serde_json::from_str(r#"{"username": "jane", "company": "ACME Inc."}"#).expect("decodes");
    assert_eq!(teammate.company.as_deref(), Some("ACME Inc."));
}

/// Unknown enum values and unknown fields never break decoding.
#[test]
fn forward_compatible_decoding() {
    let teammate: GetTeammateResponse =
        serde_json::from_str(r#"{"user_type": "superuser", "brand_new_field": 1}"#).expect("decodes");
    let user_type = teammate.user_type.expect("present");
    assert_eq!(user_type.as_str(), "superuser");
    assert_eq!(serde_json::to_value(&user_type).expect("encodes"), "superuser");
}

/// Structurally identical enums that differ by a numeric suffix (`PermissionType`/
/// `PermissionType1`, `UserType`/`UserType1`/`UserType2`) are collapsed into one per module.
#[test]
fn duplicate_enums_are_collapsed() {
    let root = tests::workspace_root().join("generated/src");
    for module in ["sso", "teammates"] {
        let types = std::fs::read_to_string(root.join(module).join("types.rs")).expect("types.rs");
        for family in ["PermissionType", "UserType"] {
            let count = types.lines().filter(|l| l.starts_with(&format!("pub enum {family}"))).count();
            assert!(count <= 1, "{module}: {count} `{family}` enums");
        }
    }
    // The collapsed types are the ones the fields use.
    let access = sendgrid_access::sso::AccessibleSubuser::default();
    let _: Option<sendgrid_access::sso::PermissionType> = access.permission_type;
    let teammate = GetTeammateResponse::default();
    let _: Option<sendgrid_access::teammates::UserType> = teammate.user_type;
}

/// SendGrid's Teammates documentation (and the upstream examples) list teammates under
/// `results` and call the invite token `pending_id`; the schema says `result` and `token`. Both
/// spellings decode into the schema's field, and encoding uses the schema's name.
#[test]
fn teammates_read_the_documented_and_the_schema_key_names() {
    use sendgrid_access::teammates::{ListPendingTeammateResponse, ListTeammateResponse, ResendTeammateInviteResponse};

    for key in ["results", "result"] {
        let json = format!(r#"{{"{key}": [{{"username": "teammate1", "email": "t1@example.com", "company": "ACME"}}]}}"#);
        let list: ListTeammateResponse = serde_json::from_str(&json).expect("decodes");
        let teammates = list.result.as_deref().expect("the list is read");
        assert_eq!(teammates.len(), 1, "{key}");
        assert_eq!(teammates[0].username.as_deref(), Some("teammate1"));
        assert_eq!(teammates[0].company.as_deref(), Some("ACME"));
        assert_eq!(serde_json::to_value(&list).expect("encodes")["result"][0]["username"], "teammate1");
    }
    for key in ["pending_id", "token"] {
        let json = format!(r#"{{"result": [{{"email": "a@example.com", "{key}": "abcd123abc", "expiration_date": 1456424263}}]}}"#);
        let pending: ListPendingTeammateResponse = serde_json::from_str(&json).expect("decodes");
        let invite = &pending.result.as_deref().expect("the list is read")[0];
        assert_eq!(invite.token.as_deref(), Some("abcd123abc"), "{key}");
        assert_eq!(invite.expiration_date, Some(1456424263));

        let json = format!(r#"{{"{key}": "abc123abc", "email": "teammate1@example.com", "is_admin": false}}"#);
        let resent: ResendTeammateInviteResponse = serde_json::from_str(&json).expect("decodes");
        assert_eq!(resent.token.as_deref(), Some("abc123abc"), "{key}");
        assert_eq!(serde_json::to_value(&resent).expect("encodes")["token"], "abc123abc");
    }
}

/// The written-out `Deserialize` (issue 25) keeps the derive's rules for renamed fields: the
/// wire spelling (`intergration_id`, as SendGrid answers) and its alias fill one field, so both
/// at once is serde's `duplicate field` error naming the wire spelling, as the derive's was; a
/// missing required field names its wire name.
#[test]
fn an_alias_and_its_field_are_one_field() {
    let both = r#"{"id": 1, "intergration_id": "a", "integration_id": "b"}"#;
    let err = serde_json::from_str::<SsoCertificateBody>(both).expect_err("both spellings at once");
    assert!(err.to_string().starts_with("duplicate field `intergration_id`"), "{err}");
    let err = serde_json::from_str::<CreateSsoCertificateRequest>(r#"{"public_certificate": "x"}"#).expect_err("required");
    assert!(err.to_string().starts_with("missing field `integration_id`"), "{err}");
    let request: CreateSsoCertificateRequest =
        serde_json::from_reader(&br#"{"public_certificate": "x", "integration_id": "b0b9", "enabled": null}"#[..]).expect("decodes");
    assert_eq!((request.integration_id.as_str(), request.enabled), ("b0b9", None));
}

//! Contract test: the generated client's real requests, checked by an independent mock.
//!
//! Stoplight Prism (`prism mock`) serves each OpenAPI spec on 127.0.0.1 and validates every
//! request it receives against that spec; it reports what is wrong in the `sl-violations` response
//! header (a JSON array whose entries have a `location` such as `["request", "body", "email"]`).
//! Each test starts one Prism per spec, calls EVERY operation of the module through the generated
//! client with valid arguments (bodies built with the generated constructors), and fails on any
//! request-side violation, on any call that does not end in a 2xx the operation declares (a
//! decoded success), and on any response the client cannot decode. A response-side violation
//! fails the test too, unless it is listed in `KNOWN_RESPONSE_VIOLATIONS` with its reason (Prism
//! flags the SSO spec's own example `public_certificate: null`, which the client must, and does,
//! accept); a listed one that no longer occurs fails it as well.
//!
//! Covered: `sso` (specs/sso.openapi.yaml, 12 operations), `teammates`
//! (specs/teammates.openapi.yaml, 9 operations) and `scopes` (4 operations). `scopes` is generated
//! from a Postman collection, so Prism serves SendGrid's own OpenAPI description of the Scopes API
//! (tests/fixtures/scopes.openapi.reference.yaml): the client's requests are validated against
//! the real API's description, and its responses — the reference's examples, and responses
//! Prism generates from the schemas (`Prefer: dynamic=true`) — must decode.
//!
//! Finding Prism: `$PRISM_BIN`, else `target/prism/node_modules/.bin/prism` (where `cargo xtask
//! test` installs it with npm), else `node_modules/.bin/prism`, else `prism` on `PATH`. Without
//! it the tests fail with a message saying how to install it. The explicit opt-out,
//! `CONTRACT_TESTS=skip` at build time, marks them ignored (`tests/build.rs`), never passed.

use std::fmt::Debug;
use std::future::Future;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use sendgrid_access::sso::{
    CreateSsoCertificateRequest, PatchSsoTeammatesRequest, PermissionType,
    Persona, PostPatchIntegrationRequest, PostSsoTeammatesRequest, SubuserAccessItem,
    UpdateSsoCertificateRequest,
};
use sendgrid_access::teammates::{InviteTeammateRequest, UpdateTeammateRequest};
use sendgrid_access::{Client, Error, Response};
use tests::prism::{find_prism, Prism};
use tests::workspace_root;

/// How long one call may take.
const CALL_LIMIT: Duration = Duration::from_secs(20);

/// Clients of the product crate for a running Prism.
trait ProductClients {
    fn client(&self) -> Client;
    fn dynamic_client(&self) -> Client;
    fn builder(&self) -> sendgrid_access::ClientBuilder;
}

impl ProductClients for Prism {
    fn client(&self) -> Client {
        self.builder().build().expect("client builds")
    }

    /// A client whose every request asks Prism for a response generated from the schema
    /// (`Prefer: dynamic=true`) instead of the example.
    fn dynamic_client(&self) -> Client {
        self.builder().default_header("Prefer", "dynamic=true").build().expect("client builds")
    }

    fn builder(&self) -> sendgrid_access::ClientBuilder {
        Client::builder()
            .api_key("SG.contract-test-key")
            .base_url(&self.base_url)
            .allow_http(true)
            .max_retries(0)
            .timeout(Duration::from_secs(10))
    }
}


/// One `sl-violations` entry.
#[derive(Debug)]
struct Violation {
    location: Vec<String>,
    message: String,
}

/// Parses the `sl-violations` header value.
fn violations(header: Option<&str>) -> Vec<Violation> {
    let Some(text) = header else { return Vec::new() };
    let entries: Vec<serde_json::Value> =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("sl-violations is not a JSON array ({e}): {text}"));
    entries
        .iter()
        .map(|entry| Violation {
            location: entry["location"].as_array().into_iter().flatten().map(|s| s.as_str().unwrap_or("?").to_string()).collect(),
            message: entry["message"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

/// Sends `body` to `POST path` without the generated client (plain HTTP/1.1 over a loopback
/// socket) and returns the `sl-violations` header, so the test can prove that its detector sees
/// request-side violations from this version of Prism.
fn raw_post_violations(base_url: &str, path: &str, body: &str) -> Option<String> {
    let addr = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).expect("connect to prism");
    stream.set_read_timeout(Some(CALL_LIMIT)).expect("read timeout");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let head = response.split("\r\n\r\n").next().unwrap_or_default();
    head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("sl-violations").then(|| value.trim().to_string())
    })
}

/// Calls every operation and collects what went wrong.
#[derive(Default)]
struct Report {
    calls: usize,
    failures: Vec<String>,
    /// How many times each entry of [`KNOWN_RESPONSE_VIOLATIONS`] was seen.
    known_seen: Vec<usize>,
}

/// Response-side violations Prism reports about the specs' own examples, each with its reason
/// (as `[[example_mismatch]]` lists the examples that disagree with their schema). Any other
/// response violation fails the test; an entry that no call produces any more fails it too, so
/// an upstream fix is noticed. (operation prefix, message fragment, reason)
const KNOWN_RESPONSE_VIOLATIONS: &[(&str, &str, &str)] = &[(
    "",
    "public_certificate must be string",
    "the SSO spec's certificate examples give `public_certificate: null` (the seed document lost the \
     certificate text); Prism serves the example and flags it. The client accepts null there.",
)];

impl Report {
    /// Runs one call (bounded) and records request-side violations, non-2xx outcomes and
    /// decoding failures.
    async fn check<T: Debug, E: Debug>(&mut self, name: &str, call: impl Future<Output = Result<Response<T>, Error<E>>>) {
        self.calls += 1;
        let result = match tokio::time::timeout(CALL_LIMIT, call).await {
            Ok(result) => result,
            Err(_) => {
                self.failures.push(format!("{name}: no answer within {CALL_LIMIT:?}"));
                return;
            }
        };
        let headers = match &result {
            Ok(response) => Some(response.headers()),
            Err(e) => e.headers(),
        };
        let header = headers.and_then(|h| h.get("sl-violations")).map(|v| v.to_str().expect("sl-violations is text"));
        for violation in violations(header) {
            let line = format!("{name}: {} at {}", violation.message, violation.location.join("."));
            if violation.location.first().map(String::as_str) == Some("request") {
                self.failures.push(format!("request violation: {line}"));
                continue;
            }
            let known = KNOWN_RESPONSE_VIOLATIONS
                .iter()
                .position(|(op, fragment, _)| name.starts_with(op) && violation.message.contains(fragment));
            match known {
                Some(i) => {
                    self.known_seen.resize(KNOWN_RESPONSE_VIOLATIONS.len(), 0);
                    self.known_seen[i] += 1;
                    eprintln!("(known response violation: {}) {line}", KNOWN_RESPONSE_VIOLATIONS[i].2);
                }
                None => self.failures.push(format!("response violation (not a known one): {line}")),
            }
        }
        match &result {
            Ok(response) if (200..300).contains(&response.status()) => {
                eprintln!("{name}: {} ok", response.status());
            }
            Ok(response) => self.failures.push(format!("{name}: status {} is not 2xx", response.status())),
            Err(e) => self.failures.push(format!("{name}: {e:?}")),
        }
    }

    fn assert_clean(&self, prism: &Prism, expected_calls: usize) {
        assert_eq!(self.calls, expected_calls, "every operation of the module is called");
        self.assert_clean_calls(prism);
    }

    /// [`Self::assert_clean`], and every known response violation was seen (the module whose
    /// spec has them).
    fn assert_clean_with_known_violations(&self, prism: &Prism, expected_calls: usize) {
        self.assert_clean(prism, expected_calls);
        for (i, (_, fragment, _)) in KNOWN_RESPONSE_VIOLATIONS.iter().enumerate() {
            assert!(
                self.known_seen.get(i).is_some_and(|n| *n > 0),
                "the known response violation `{fragment}` no longer occurs: remove it from KNOWN_RESPONSE_VIOLATIONS"
            );
        }
    }

    fn assert_clean_calls(&self, prism: &Prism) {
        assert!(
            self.failures.is_empty(),
            "contract failures:\n  {}\n--- prism output ---\n{}",
            self.failures.join("\n  "),
            prism.output()
        );
    }
}

const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIC8DCCAdigAwIBAgIQ\n-----END CERTIFICATE-----";
const INTEGRATION_ID: &str = "b0b98502-9408-4b24-9e3d-31ed7cb15312";

/// All 12 SSO operations against Prism serving specs/sso.openapi.yaml.
#[tokio::test]
#[cfg_attr(contract_tests_skipped, ignore = "CONTRACT_TESTS=skip: the Prism contract tests were not run")]
async fn sso_requests_match_the_spec() {
    let bin = find_prism();
    let prism = Prism::start(&bin, &workspace_root().join("specs/sso.openapi.yaml"));
    let client = prism.client();
    let sso = client.sso();
    let mut report = Report::default();

    let new_cert = CreateSsoCertificateRequest::new(PEM, INTEGRATION_ID).enabled(true);
    report.check("create_sso_certificate", sso.create_sso_certificate(&new_cert).send_with_response()).await;
    report.check("get_sso_certificate", sso.get_sso_certificate("66138975").send_with_response()).await;
    let cert_update = UpdateSsoCertificateRequest::new().public_certificate(PEM).enabled(false).integration_id(INTEGRATION_ID);
    report.check("update_sso_certificate", sso.update_sso_certificate("66138975", &cert_update).send_with_response()).await;
    report.check("delete_sso_certificate", sso.delete_sso_certificate("66138975").send_with_response()).await;

    let integration = PostPatchIntegrationRequest::new(
        "Twilio SendGrid",
        true,
        "https://idp.example.com/saml/signin",
        "https://idp.example.com/saml/signout",
        "https://idp.example.com/entity",
    )
    .completed_integration(false);
    report.check("list_sso_integration", sso.list_sso_integration().si(true).send_with_response()).await;
    report.check("create_sso_integration", sso.create_sso_integration(&integration).send_with_response()).await;
    report.check("get_sso_integration", sso.get_sso_integration(INTEGRATION_ID).si(true).send_with_response()).await;
    report
        .check("update_sso_integration", sso.update_sso_integration(INTEGRATION_ID, &integration).si(false).send_with_response())
        .await;
    report
        .check("list_sso_integration_certificate", sso.list_sso_integration_certificate(INTEGRATION_ID).send_with_response())
        .await;
    report.check("delete_sso_integration", sso.delete_sso_integration(INTEGRATION_ID).send_with_response()).await;

    let new_teammate = PostSsoTeammatesRequest::new("jane@example.com", "Jane", "Doe").persona(Persona::Developer);
    report.check("create_sso_teammate", sso.create_sso_teammate(&new_teammate).send_with_response()).await;
    let restricted = PatchSsoTeammatesRequest::new("Jane", "Doe").has_restricted_subuser_access(true).subuser_access(vec![
        SubuserAccessItem::new(1234, PermissionType::Restricted).scopes(vec!["mail.send".into()]),
    ]);
    report
        .check("update_sso_teammate", sso.update_sso_teammate("jane@example.com", &restricted).send_with_response())
        .await;
    // The POST body with restricted subuser access too, so both item types are serialised.
    let restricted_new = PostSsoTeammatesRequest::new("joe@example.com", "Joe", "Doe")
        .has_restricted_subuser_access(true)
        .subuser_access(vec![SubuserAccessItem::new(1234, PermissionType::Admin)]);
    report.check("create_sso_teammate (restricted)", sso.create_sso_teammate(&restricted_new).send_with_response()).await;

    report.assert_clean_with_known_violations(&prism, 13);
}

/// All 9 Teammates operations against Prism serving specs/teammates.openapi.yaml.
#[tokio::test]
#[cfg_attr(contract_tests_skipped, ignore = "CONTRACT_TESTS=skip: the Prism contract tests were not run")]
async fn teammates_requests_match_the_spec() {
    let bin = find_prism();
    let prism = Prism::start(&bin, &workspace_root().join("specs/teammates.openapi.yaml"));
    let client = prism.client();
    let teammates = client.teammates();
    let mut report = Report::default();

    report
        .check("list_teammate", teammates.list_teammate().limit(10).offset(0).on_behalf_of("subuser1").send_with_response())
        .await;
    let invite = InviteTeammateRequest::new("teammate1@example.com", vec!["user.profile.read".into(), "user.profile.update".into()], false);
    report.check("invite_teammate", teammates.invite_teammate(&invite).send_with_response()).await;
    report
        .check(
            "list_subuser_access",
            teammates.list_subuser_access("teammate1").after_subuser_id(0).limit(10).username("subuser1").send_with_response(),
        )
        .await;
    report.check("get_teammate", teammates.get_teammate("teammate1").send_with_response()).await;
    let update = UpdateTeammateRequest::new(vec!["user.profile.read".into()], false);
    report.check("update_teammate", teammates.update_teammate("teammate1", &update).send_with_response()).await;
    report.check("delete_teammate", teammates.delete_teammate("teammate1").on_behalf_of("subuser1").send_with_response()).await;
    report.check("list_pending_teammate", teammates.list_pending_teammate().send_with_response()).await;
    report.check("resend_teammate_invite", teammates.resend_teammate_invite("abc123token").send_with_response()).await;
    report.check("delete_pending_teammate", teammates.delete_pending_teammate("abc123token").send_with_response()).await;

    report.assert_clean(&prism, 9);

    // The detector is live: an invalid body sent by hand is reported as a request violation.
    let header = raw_post_violations(&prism.base_url, "/v3/teammates", r#"{"email": 1}"#);
    let found = violations(header.as_deref());
    assert!(
        found.iter().any(|v| v.location.first().map(String::as_str) == Some("request")),
        "prism reported no request violation for an invalid body (header: {header:?}); the contract test would be blind"
    );
}

/// All 4 Scopes operations against Prism serving SendGrid's own description of the Scopes API,
/// once with the reference's examples as responses and once with responses Prism generates
/// from the schemas (random values, optional keys left out or present).
#[tokio::test]
#[cfg_attr(contract_tests_skipped, ignore = "CONTRACT_TESTS=skip: the Prism contract tests were not run")]
async fn scopes_requests_match_the_real_api_description() {
    let bin = find_prism();
    let prism = Prism::start(&bin, &tests::fixture("scopes.openapi.reference.yaml"));
    let mut report = Report::default();
    for (mode, client) in [("example", prism.client()), ("dynamic", prism.dynamic_client())] {
        let scopes = client.scopes();
        report.check(&format!("list_scope ({mode})"), scopes.list_scope().on_behalf_of("subuser1").send_with_response()).await;
        report
            .check(
                &format!("list_scope_request ({mode})"),
                scopes.list_scope_request().limit(10).offset(0).send_with_response(),
            )
            .await;
        report.check(&format!("deny_scope_request ({mode})"), scopes.deny_scope_request("17").send_with_response()).await;
        report
            .check(&format!("approve_scope_request ({mode})"), scopes.approve_scope_request("17").send_with_response())
            .await;
    }
    report.assert_clean(&prism, 8);
}

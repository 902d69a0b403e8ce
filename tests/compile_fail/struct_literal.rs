//~ ERROR E0639 non-exhaustive
// Models are #[non_exhaustive]: construct them with `new`, so new optional fields are not breaking.
fn main() {
    let _ = sendgrid_access::sso::CreateSsoCertificateRequest {
        public_certificate: String::new(),
        enabled: None,
        integration_id: String::new(),
    };
}

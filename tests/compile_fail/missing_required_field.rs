//~ ERROR E0061 3 arguments
// The invite request requires email, scopes and is_admin: leaving one out does not compile.
fn main() {
    let _ = sendgrid_access::teammates::InviteTeammateRequest::new("jane@example.com", vec![]);
}

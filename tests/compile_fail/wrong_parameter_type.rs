//~ ERROR E0308 mismatched types
// `limit` is an integer: a string does not compile.
async fn list(client: &sendgrid_access::Client) {
    let _ = client.teammates().list_teammate().limit("10").await;
}

fn main() {}

//! Support for the client-overhead benchmark (`benches/client.rs`, run by
//! `cargo xtask bench client`): a loopback HTTP/1.1 server that answers every request with one
//! fixed JSON body, and the hand-written reqwest call the generated client is compared with.

use sendgrid_access::teammates::ListTeammateResponse;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The response body: a page of 20 teammates, as `GET /v3/teammates` returns it.
pub fn body() -> String {
    let teammates: Vec<serde_json::Value> = (0..20)
        .map(|i| {
            serde_json::json!({
                "username": format!("teammate{i}"),
                "email": format!("teammate{i}@example.com"),
                "first_name": "Jane",
                "last_name": "Doe",
                "user_type": if i == 0 { "owner" } else { "teammate" },
                "is_admin": i % 3 == 0,
                "phone": "+1 555 0100",
                "website": "https://example.com",
                "address": "1 Main St",
                "city": "Denver",
                "state": "CO",
                "country": "US",
                "zip": "80202"
            })
        })
        .collect();
    serde_json::json!({ "result": teammates }).to_string()
}

/// Starts the server on an ephemeral loopback port; returns its base URL (`http://127.0.0.1:N`).
/// Connections are kept alive; every request (headers only, no body) gets `body()` as JSON.
pub async fn serve() -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let body = body();
    let response: &'static [u8] = Box::leak(
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
            .into_bytes()
            .into_boxed_slice(),
    );
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let mut filled = 0;
                loop {
                    match socket.read(&mut buf[filled..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => filled += n,
                    }
                    // Answer every complete request head in the buffer.
                    while let Some(end) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                        if socket.write_all(response).await.is_err() {
                            return;
                        }
                        buf.copy_within(end + 4..filled, 0);
                        filled -= end + 4;
                    }
                    if filled == buf.len() {
                        return;
                    }
                }
            });
        }
    });
    Ok(format!("http://{addr}"))
}

/// `GET /v3/teammates?limit=50` by hand: the same request the generated client sends (bearer
/// token, query), decoded into the same model type.
pub async fn list_teammates_by_hand(
    http: &reqwest::Client,
    base_url: &str,
    api_key: &str,
) -> Result<ListTeammateResponse, Box<dyn std::error::Error + Send + Sync>> {
    let response = http
        .get(format!("{base_url}/v3/teammates"))
        .query(&[("limit", "50")])
        .bearer_auth(api_key)
        .send()
        .await?
        .error_for_status()?;
    let bytes = response.bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}

/// The same call by hand with the settings the generated client applies to every request: a
/// per-request timeout (60 s), `Accept: application/json`, and the response headers kept. It
/// separates the cost of those settings from the cost of the generated layer itself.
pub async fn list_teammates_by_hand_same_settings(
    http: &reqwest::Client,
    base_url: &str,
    api_key: &str,
) -> Result<(ListTeammateResponse, reqwest::header::HeaderMap), Box<dyn std::error::Error + Send + Sync>> {
    let response = http
        .get(format!("{base_url}/v3/teammates"))
        .query(&[("limit", "50")])
        .bearer_auth(api_key)
        .header(reqwest::header::ACCEPT, "application/json")
        .timeout(std::time::Duration::from_secs(60))
        .send()
        .await?
        .error_for_status()?;
    let headers = response.headers().clone();
    let bytes = response.bytes().await?;
    Ok((serde_json::from_slice(&bytes)?, headers))
}

//! The event-stream and download benchmark of `cargo xtask bench client` (see
//! `xtask/src/bench/stream.rs`, which builds this file against a client generated from
//! `tests/fixtures/emit/streaming.yaml`). Not part of the workspace.
//!
//! - `events N`: a loopback server sends N server-sent events (`data: {"seq":…}`); the generated
//!   client's `watch_ticks()` stream and a hand-written loop (reqwest's body stream, the same
//!   `eventsource-stream` parser, `serde_json` per event) each read them all, alternately, and
//!   the median time of each is printed as JSON: `{"generated_ms":…,"by_hand_ms":…}`.
//! - `download MODE BYTES`: the server sends a body of BYTES; the client reads it with
//!   `send_streaming()` (MODE `streaming`, counting the chunks) or whole (`buffered`); prints the
//!   process's peak resident memory: `{"peak_kib":…}`.

use std::time::Instant;

use eventsource_stream::Eventsource;
use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(serde::Deserialize)]
struct Tick {
    #[allow(dead_code)]
    seq: i64,
    #[allow(dead_code)]
    message: Option<String>,
}

/// The `i`-th piece of a body.
type Piece = std::sync::Arc<dyn Fn(usize) -> Vec<u8> + Send + Sync>;

/// Serves a body of `length` bytes, made of `piece(0)`, `piece(1)`, …, to every connection.
async fn serve(content_type: &'static str, length: usize, piece: Piece) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let piece = piece.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if socket.read_exact(&mut byte).await.is_err() {
                        return;
                    }
                    head.push(byte[0]);
                }
                let header = format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n");
                let _ = socket.write_all(header.as_bytes()).await;
                let mut sent = 0;
                let mut index = 0;
                while sent < length {
                    let mut part = piece(index);
                    part.truncate(length - sent);
                    if socket.write_all(&part).await.is_err() {
                        return;
                    }
                    sent += part.len();
                    index += 1;
                }
            });
        }
    });
    base
}

fn client(base: &str) -> stream_bench_client::Client {
    stream_bench_client::Client::builder().api_key("k").base_url(base).allow_http(true).build().expect("client")
}

fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

/// `n` events, `data: {"seq":…,"message":…}`.
fn events_body(n: usize) -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..n {
        body.extend_from_slice(format!("data: {{\"seq\":{i},\"message\":\"tick number {i}\"}}\n\n").as_bytes());
    }
    body
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("events") => {
            let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100_000);
            let body = std::sync::Arc::new(events_body(n));
            let length = body.len();
            let piece: Piece = std::sync::Arc::new(move |i| {
                let start = (i * 65_536).min(body.len());
                body[start..(start + 65_536).min(body.len())].to_vec()
            });
            let base = serve("text/event-stream", length, piece).await;
            let client = client(&base);
            let http = reqwest::Client::new();
            let (mut generated, mut by_hand) = (Vec::new(), Vec::new());
            for _ in 0..11 {
                let started = Instant::now();
                let mut events = client.streaming().watch_ticks().await.expect("stream");
                let mut count = 0;
                while let Some(event) = events.next().await {
                    event.expect("event");
                    count += 1;
                }
                assert_eq!(count, n);
                generated.push(started.elapsed().as_secs_f64() * 1000.0);

                let started = Instant::now();
                let response = http.get(format!("{base}/events")).send().await.expect("send");
                let mut events = response.bytes_stream().eventsource();
                let mut count = 0;
                while let Some(event) = events.next().await {
                    let event = event.expect("event");
                    let _: Tick = serde_json::from_str(&event.data).expect("decodes");
                    count += 1;
                }
                assert_eq!(count, n);
                by_hand.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            generated.sort_by(f64::total_cmp);
            by_hand.sort_by(f64::total_cmp);
            println!("{{\"generated_ms\":{},\"by_hand_ms\":{}}}", generated[5], by_hand[5]);
        }
        Some("download") => {
            let streaming = args.get(2).map(String::as_str) == Some("streaming");
            let length: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(50 * 1024 * 1024);
            let base = serve("application/octet-stream", length, std::sync::Arc::new(|i| vec![(i % 251) as u8; 65_536])).await;
            let client = client(&base);
            let before = peak_kib();
            let received = if streaming {
                let mut chunks = client.streaming().download_file("f").send_streaming().await.expect("download").into_inner();
                let mut total = 0;
                while let Some(chunk) = chunks.next().await {
                    total += chunk.expect("chunk").len();
                }
                total
            } else {
                client.streaming().download_file("f").await.expect("download").len()
            };
            assert_eq!(received, length);
            println!("{{\"peak_kib\":{},\"before_kib\":{before},\"bytes\":{received}}}", peak_kib());
        }
        _ => eprintln!("usage: stream-bench events N | download streaming|buffered BYTES"),
    }
}

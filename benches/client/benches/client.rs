//! One call, three steps — build the request, send it to a loopback server, decode the JSON
//! body — made with the generated `sendgrid-access` client and by hand with reqwest. Run with
//! `cargo xtask bench client` (or `cargo bench -p bench-client`).
//!
//! The calls are interleaved: each timed call is preceded by an untimed call of the other kind,
//! so that both see the same server, connection and CPU state. (Timed back to back, whichever
//! function criterion runs first came out up to 10 % slower on this machine.)

use std::future::Future;
use std::hint::black_box;
use std::time::{Duration, Instant};

use bench_client::{list_teammates_by_hand, list_teammates_by_hand_same_settings, serve};
use criterion::{criterion_group, criterion_main, Criterion};
use sendgrid_access::Client;

const API_KEY: &str = "SG.bench";

/// Times `timed` over `iters` calls, each after one untimed call of `partner`.
async fn interleaved<A, B>(iters: u64, mut partner: impl FnMut() -> A, mut timed: impl FnMut() -> B) -> Duration
where
    A: Future,
    B: Future,
{
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        black_box(partner().await);
        let start = Instant::now();
        black_box(timed().await);
        total += start.elapsed();
    }
    total
}

/// Benchmarks the calls on one runtime and one server; each client keeps its connection alive.
fn list_teammates(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    let base_url = rt.block_on(serve()).expect("loopback server");
    let client = Client::builder().api_key(API_KEY).base_url(&base_url).allow_http(true).build().expect("client");
    let http = reqwest::Client::new();
    // Both must decode the same data before they are timed.
    let generated = rt.block_on(async { client.teammates().list_teammate().limit(50).await }).expect("generated call");
    let by_hand = rt.block_on(list_teammates_by_hand(&http, &base_url, API_KEY)).expect("call by hand");
    assert_eq!(generated, by_hand);

    let (client, http, base_url) = (&client, &http, base_url.as_str());
    let generated_call = || async move { client.teammates().list_teammate().limit(50).await.expect("generated call") };
    let by_hand_call = || async move { list_teammates_by_hand(http, base_url, API_KEY).await.expect("call by hand") };
    let same_settings_call =
        || async move { list_teammates_by_hand_same_settings(http, base_url, API_KEY).await.expect("call by hand") };

    let mut group = c.benchmark_group("list_teammates");
    group.bench_function("generated_client", |b| {
        b.to_async(&rt).iter_custom(|iters| interleaved(iters, by_hand_call, generated_call))
    });
    group.bench_function("reqwest_by_hand", |b| {
        b.to_async(&rt).iter_custom(|iters| interleaved(iters, generated_call, by_hand_call))
    });
    group.bench_function("reqwest_by_hand_same_settings", |b| {
        b.to_async(&rt).iter_custom(|iters| interleaved(iters, generated_call, same_settings_call))
    });
    group.finish();
}

criterion_group!(benches, list_teammates);
criterion_main!(benches);

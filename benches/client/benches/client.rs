//! One call, three steps — build the request, send it to a loopback server, decode the JSON
//! body — made with the generated `sendgrid-access` client and by hand with reqwest. Run with
//! `cargo xtask bench client` (or `cargo bench -p bench-client`).

use std::hint::black_box;

use bench_client::{list_teammates_by_hand, list_teammates_by_hand_same_settings, serve};
use criterion::{criterion_group, criterion_main, Criterion};
use sendgrid_access::Client;

/// Benchmarks both calls on one runtime and one server; each client keeps its connection alive.
fn list_teammates(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    let base_url = rt.block_on(serve()).expect("loopback server");
    let client = Client::builder().api_key("SG.bench").base_url(&base_url).allow_http(true).build().expect("client");
    let http = reqwest::Client::new();
    // Both must decode the same data before they are timed.
    let generated = rt.block_on(async { client.teammates().list_teammate().limit(50).await }).expect("generated call");
    let by_hand = rt.block_on(list_teammates_by_hand(&http, &base_url, "SG.bench")).expect("call by hand");
    assert_eq!(generated, by_hand);

    let mut group = c.benchmark_group("list_teammates");
    group.bench_function("generated_client", |b| {
        b.to_async(&rt).iter(|| async { black_box(client.teammates().list_teammate().limit(50).await.expect("call")) })
    });
    group.bench_function("reqwest_by_hand", |b| {
        b.to_async(&rt).iter(|| async {
            black_box(list_teammates_by_hand(&http, &base_url, "SG.bench").await.expect("call"))
        })
    });
    group.bench_function("reqwest_by_hand_same_settings", |b| {
        b.to_async(&rt).iter(|| async {
            black_box(list_teammates_by_hand_same_settings(&http, &base_url, "SG.bench").await.expect("call"))
        })
    });
    group.finish();
}

criterion_group!(benches, list_teammates);
criterion_main!(benches);

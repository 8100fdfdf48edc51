//! A Stripe double for Checkout: realistic session and event objects (from
//! Stripe's published examples, in tests/fixtures/stripe) served by wiremock.
//! Shared by core's tests and the end-to-end tests.
#![allow(dead_code)]

use serde_json::{json, Value};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub fn session(id: &str, status: &str, payment_status: &str, amount: i64, expires_at: i64) -> Value {
    let mut s: Value = serde_json::from_str(include_str!("../fixtures/stripe/checkout_session.json")).unwrap();
    s["id"] = json!(id);
    s["status"] = json!(status);
    s["payment_status"] = json!(payment_status);
    s["amount_total"] = json!(amount);
    s["amount_subtotal"] = json!(amount);
    s["expires_at"] = json!(expires_at);
    s["url"] = if status == "open" { json!(format!("https://checkout.stripe.com/c/pay/{id}")) } else { Value::Null };
    if payment_status == "paid" {
        s["payment_intent"] = json!(format!("pi_{}", &id[3..id.len().min(27)]));
    }
    s
}

pub fn event(id: &str, kind: &str, created: i64, session: Value) -> Value {
    let mut e: Value = serde_json::from_str(include_str!("../fixtures/stripe/event.json")).unwrap();
    e["id"] = json!(id);
    e["type"] = json!(kind);
    e["created"] = json!(created);
    e["data"]["object"] = session;
    e
}

pub fn list(data: Vec<Value>, has_more: bool) -> Value {
    json!({ "object": "list", "data": data, "has_more": has_more, "url": "/v1/events" })
}

/// POST /v1/checkout/sessions answers with `body` (status 200).
pub async fn on_create(server: &MockServer, body: Value) {
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

/// GET /v1/checkout/sessions/{id} answers with `body` (reset the server to change it).
pub async fn on_retrieve(server: &MockServer, id: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(format!("/v1/checkout/sessions/{id}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .with_priority(1)
        .mount(server)
        .await;
}

pub async fn on_expire(server: &MockServer, id: &str, body: Value) {
    Mock::given(method("POST"))
        .and(path(format!("/v1/checkout/sessions/{id}/expire")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

/// GET /v1/events: no events unless a test mounts some.
pub async fn no_events(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path_regex("^/v1/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list(vec![], false)))
        .with_priority(10)
        .mount(server)
        .await;
}

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

/// Answers `POST /v1/checkout/sessions` with a new open session each time
/// (`cs_test_e2e_1`, `_2`, …) for the amount asked, expiring when asked, and
/// `GET /v1/checkout/sessions/{id}` with that session still open. Tests
/// mount higher-priority mocks to report one paid or expired.
pub struct SessionFactory {
    count: std::sync::atomic::AtomicUsize,
}

impl SessionFactory {
    pub async fn mount(server: &MockServer) {
        Mock::given(method("POST"))
            .and(path("/v1/checkout/sessions"))
            .respond_with(SessionFactory { count: Default::default() })
            .with_priority(10)
            .mount(server)
            .await;
        Mock::given(method("GET"))
            .and(path_regex("^/v1/checkout/sessions/cs_[A-Za-z0-9_]+$"))
            .respond_with(|req: &wiremock::Request| {
                let id = req.url.path().rsplit('/').next().unwrap_or_default().to_string();
                ResponseTemplate::new(200).set_body_json(session(&id, "open", "unpaid", 3000, 4_102_444_800))
            })
            .with_priority(10)
            .mount(server)
            .await;
    }
}

impl wiremock::Respond for SessionFactory {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let form: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(&req.body).into_owned().collect();
        let amount = form.get("line_items[0][price_data][unit_amount]").and_then(|a| a.parse().ok()).unwrap_or(0);
        let expires = form.get("expires_at").and_then(|a| a.parse().ok()).unwrap_or(0);
        ResponseTemplate::new(200).set_body_json(session(
            &format!("cs_test_e2e_{n}"),
            "open",
            "unpaid",
            amount,
            expires,
        ))
    }
}

/// Reports session `id` as `status`/`payment_status` from now on.
pub async fn report(server: &MockServer, id: &str, status: &str, payment_status: &str, amount: i64) {
    Mock::given(method("GET"))
        .and(path(format!("/v1/checkout/sessions/{id}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(session(
            id,
            status,
            payment_status,
            amount,
            1_794_996_400,
        )))
        .with_priority(1)
        .mount(server)
        .await;
}

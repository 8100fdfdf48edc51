//! Stripe's objects as Stripe sends them, built from Stripe's published
//! examples (fixtures/, from Stripe's OpenAPI fixtures) so a strict client
//! (async-stripe) parses them exactly as it parses Stripe's.

use crate::form::Params;
use crate::rules::CheckoutCreate;
use crate::state::Account;
use serde_json::{json, Map, Value};

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

pub fn account(a: &Account) -> Value {
    let mut v = fixture(include_str!("fixtures/account.json"));
    v["id"] = json!(a.id);
    v["settings"]["dashboard"]["display_name"] = json!(a.display_name);
    v["business_profile"]["url"] = json!(a.business_url);
    v
}

fn metadata(params: &Params, prefix: &str) -> Value {
    Value::Object(params.under(prefix).into_iter().map(|(k, v)| (k, json!(v))).collect::<Map<_, _>>())
}

/// A new, open Checkout Session for a request that passed the rules.
pub fn session(id: &str, account: &Account, params: &Params, create: &CheckoutCreate, now: i64) -> Value {
    let mut s = fixture(include_str!("fixtures/checkout_session.json"));
    s["id"] = json!(id);
    s["created"] = json!(now);
    s["expires_at"] = json!(create.expires_at.unwrap_or(now + 24 * 3600));
    s["livemode"] = json!(account.livemode);
    s["mode"] = json!(create.mode);
    s["currency"] = json!(create.currency);
    s["amount_subtotal"] = json!(create.amount_total);
    s["amount_total"] = json!(create.amount_total);
    s["customer_email"] = json!(params.get("customer_email"));
    s["client_reference_id"] = json!(params.get("client_reference_id"));
    s["metadata"] = metadata(params, "metadata");
    s["success_url"] = json!(params.get("success_url"));
    s["cancel_url"] = json!(params.get("cancel_url"));
    s["ui_mode"] = json!(params.get("ui_mode").unwrap_or("hosted_page"));
    s["status"] = json!("open");
    s["payment_status"] = json!("unpaid");
    s["payment_intent"] = Value::Null;
    s["url"] = json!(format!("https://checkout.stripe.com/c/pay/{id}"));
    s
}

pub fn event(id: &str, kind: &str, created: i64, livemode: bool, object: Value) -> Value {
    let mut e = fixture(include_str!("fixtures/event.json"));
    e["id"] = json!(id);
    e["type"] = json!(kind);
    e["created"] = json!(created);
    e["livemode"] = json!(livemode);
    e["data"]["object"] = object;
    e
}

pub fn list(data: Vec<Value>, has_more: bool, url: &str) -> Value {
    json!({ "object": "list", "data": data, "has_more": has_more, "url": url })
}

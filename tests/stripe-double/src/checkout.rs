//! `/v1/checkout/sessions`: create, retrieve, expire; and what a patient
//! does on the payment page (pay, pay by a delayed method, walk away), with
//! the events Stripe emits for each.

use crate::error::StripeError;
use crate::form::Params;
use crate::objects;
use crate::rules::check_checkout_create;
use crate::state::{Account, Owned, State};
use serde_json::{json, Value};

pub(crate) fn create(state: &mut State, account: &Account, params: &Params, now: i64) -> Result<Value, StripeError> {
    let create = check_checkout_create(params, now)?;
    let id = state.next_id("cs", account.livemode);
    let session = objects::session(&id, account, params, &create, now);
    state.sessions.push(Owned { account: account.id.clone(), object: session.clone() });
    Ok(session)
}

/// Another account's session is, to this key, no such session.
pub(crate) fn retrieve(state: &mut State, account: &Account, id: &str) -> Result<Value, StripeError> {
    state
        .session_mut(&account.id, id)
        .map(|s| s.clone())
        .ok_or_else(|| StripeError::no_such("checkout.session", id, None, 404))
}

/// "A Checkout Session can be expired when it is in one of these statuses:
/// open" (API reference, "Expire a Checkout Session").
pub(crate) fn expire(state: &mut State, account: &Account, id: &str, now: i64) -> Result<Value, StripeError> {
    let session = retrieve(state, account, id)?;
    if session["status"] != "open" {
        return Err(StripeError::invalid(
            None,
            None,
            format!("Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of \"{}\".", session["status"].as_str().unwrap_or("")),
        ));
    }
    Ok(change(state, &account.id, id, now, "checkout.session.expired", |s| {
        s["status"] = json!("expired");
        s["url"] = Value::Null;
    }))
}

/// Changes a session and records the event Stripe sends for the change.
pub(crate) fn change(
    state: &mut State,
    account: &str,
    id: &str,
    at: i64,
    event: &str,
    edit: impl FnOnce(&mut Value),
) -> Value {
    let livemode;
    let snapshot = {
        let s = state.session_mut(account, id).unwrap_or_else(|| panic!("the double has no session {id}"));
        edit(s);
        livemode = s["livemode"].as_bool().unwrap_or(false);
        s.clone()
    };
    let event_id = state.next_id("evt", livemode);
    state.events.push(Owned {
        account: account.to_string(),
        object: objects::event(&event_id, event, at, livemode, snapshot.clone()),
    });
    snapshot
}

/// Stripe expires open sessions by itself once `expires_at` has passed.
pub(crate) fn expire_due(state: &mut State, now: i64) {
    let due: Vec<(String, String, i64)> = state
        .sessions
        .iter()
        .filter(|s| s.object["status"] == "open" && s.object["expires_at"].as_i64().is_some_and(|at| at <= now))
        .map(|s| {
            (
                s.account.clone(),
                s.object["id"].as_str().unwrap_or("").to_string(),
                s.object["expires_at"].as_i64().unwrap_or(now),
            )
        })
        .collect();
    for (account, id, at) in due {
        change(state, &account, &id, at, "checkout.session.expired", |s| {
            s["status"] = json!("expired");
            s["url"] = Value::Null;
        });
    }
}

pub(crate) fn payment_intent_id(session_id: &str) -> String {
    format!("pi_{}", session_id.trim_start_matches("cs_test_").trim_start_matches("cs_live_"))
}

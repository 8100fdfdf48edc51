//! `/v1/refunds`: create, retrieve, list; checked as Stripe checks them
//! (API reference, "Create a refund": https://docs.stripe.com/api/refunds/create):
//! - one of `payment_intent` or `charge` is required;
//! - the PaymentIntent must exist for this account and have succeeded;
//! - `amount` is a positive integer, at most what is left unrefunded
//!   (`amount_too_large`; nothing left: `charge_already_refunded`);
//! - `reason` is one of `duplicate`, `fraudulent`, `requested_by_customer`;
//! - `metadata` within Stripe's limits.
//!
//! A refund starts `pending` (as refunds of many methods do) unless the test
//! says otherwise; the test settles it, and Stripe's events follow.

use crate::error::StripeError;
use crate::form::Params;
use crate::objects;
use crate::rules::check_metadata;
use crate::state::{Account, Owned, State};
use serde_json::{json, Value};

const CREATE_PARAMS: &[&str] = &[
    "amount",
    "charge",
    "currency",
    "customer",
    "expand",
    "instructions_email",
    "metadata",
    "origin",
    "payment_intent",
    "reason",
    "refund_application_fee",
    "reverse_transfer",
];
const LIST_PARAMS: &[&str] =
    &["charge", "created", "ending_before", "expand", "limit", "payment_intent", "starting_after"];

fn refunded(state: &State, account: &str, intent: &str) -> i64 {
    state
        .refunds
        .iter()
        .filter(|r| r.account == account && r.object["payment_intent"] == intent)
        .filter(|r| matches!(r.object["status"].as_str(), Some("pending" | "succeeded" | "requires_action")))
        .map(|r| r.object["amount"].as_i64().unwrap_or(0))
        .sum()
}

pub(crate) fn create(state: &mut State, account: &Account, params: &Params, now: i64) -> Result<Value, StripeError> {
    for name in params.top_level() {
        if !CREATE_PARAMS.contains(&name) {
            return Err(StripeError::unknown(name));
        }
    }
    let Some(intent_id) = params.get("payment_intent") else {
        if params.has("charge") {
            return Err(StripeError::no_such("charge", params.get("charge").unwrap_or(""), Some("charge"), 400));
        }
        return Err(StripeError::invalid(
            Some("parameter_missing"),
            Some("payment_intent"),
            "One of the following params should be provided for this request: payment_intent or charge.",
        ));
    };
    let Some(intent) = state.intents.iter().find(|i| i.account == account.id && i.object["id"] == intent_id).cloned()
    else {
        return Err(StripeError::no_such("payment_intent", intent_id, Some("payment_intent"), 400));
    };
    if intent.object["status"] != "succeeded" {
        return Err(StripeError::invalid(
            Some("payment_intent_unexpected_state"),
            Some("payment_intent"),
            "This PaymentIntent has not succeeded, so it can't be refunded.",
        ));
    }
    if let Some(reason) = params.get("reason") {
        if !matches!(reason, "duplicate" | "fraudulent" | "requested_by_customer") {
            return Err(StripeError::invalid(
                None,
                Some("reason"),
                format!(
                    "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer (got {reason})"
                ),
            ));
        }
    }
    check_metadata(params, "metadata")?;
    let received = intent.object["amount_received"].as_i64().unwrap_or(0);
    let left = received - refunded(state, &account.id, intent_id);
    if left <= 0 {
        return Err(StripeError::invalid(
            Some("charge_already_refunded"),
            None,
            format!("Charge for PaymentIntent {intent_id} has already been refunded."),
        ));
    }
    let amount = match params.get("amount") {
        None => left,
        Some(a) => a.parse::<i64>().ok().filter(|a| *a > 0).ok_or_else(|| {
            StripeError::invalid(
                Some("parameter_invalid_integer"),
                Some("amount"),
                "This value must be greater than or equal to 1.",
            )
        })?,
    };
    if amount > left {
        return Err(StripeError::invalid(
            Some("amount_too_large"),
            Some("amount"),
            format!("Refund amount ({amount}) is greater than unrefunded amount on charge ({left})"),
        ));
    }
    let id = state.next_id("re", account.livemode);
    let mut refund: Value = serde_json::from_str(include_str!("fixtures/refund.json")).expect("fixture");
    refund["id"] = json!(id);
    refund["amount"] = json!(amount);
    refund["currency"] = intent.object["currency"].clone();
    refund["payment_intent"] = json!(intent_id);
    refund["charge"] = json!(format!("ch_{}", intent_id.trim_start_matches("pi_")));
    refund["created"] = json!(now);
    refund["reason"] = json!(params.get("reason"));
    refund["metadata"] = Value::Object(params.under("metadata").into_iter().map(|(k, v)| (k, json!(v))).collect());
    refund["status"] = json!(if state.refunds_succeed_at_once { "succeeded" } else { "pending" });
    state.refunds.push(Owned { account: account.id.clone(), object: refund.clone() });
    let event_id = state.next_id("evt", account.livemode);
    state.events.push(Owned {
        account: account.id.clone(),
        object: objects::event(&event_id, "refund.created", now, account.livemode, refund.clone()),
    });
    Ok(refund)
}

pub(crate) fn retrieve(state: &State, account: &Account, id: &str) -> Result<Value, StripeError> {
    state
        .refunds
        .iter()
        .find(|r| r.account == account.id && r.object["id"] == id)
        .map(|r| r.object.clone())
        .ok_or_else(|| StripeError::no_such("refund", id, None, 404))
}

pub(crate) fn list(state: &State, account: &Account, params: &Params) -> Result<Value, StripeError> {
    for (key, _) in &params.0 {
        let name = key.split('[').next().unwrap_or(key);
        if !LIST_PARAMS.contains(&name) {
            return Err(StripeError::unknown(key));
        }
    }
    let data: Vec<Value> = state
        .refunds
        .iter()
        .rev()
        .filter(|r| r.account == account.id)
        .filter(|r| params.get("payment_intent").is_none_or(|pi| r.object["payment_intent"] == pi))
        .map(|r| r.object.clone())
        .collect();
    Ok(objects::list(data, false, "/v1/refunds"))
}

/// The bank answers: succeeded, or failed with Stripe's reason.
pub(crate) fn settle(state: &mut State, id: &str, succeeded: bool, now: i64) -> Value {
    let (account, livemode, snapshot) = {
        let r = state.refunds.iter_mut().find(|r| r.object["id"] == id).unwrap_or_else(|| panic!("no refund {id}"));
        assert_eq!(r.object["status"], "pending", "refund {id} is not pending");
        if succeeded {
            r.object["status"] = json!("succeeded");
        } else {
            r.object["status"] = json!("failed");
            r.object["failure_reason"] = json!("expired_or_canceled_card");
        }
        (r.account.clone(), r.object["livemode"].as_bool().unwrap_or(false), r.object.clone())
    };
    for kind in if succeeded { vec!["refund.updated"] } else { vec!["refund.updated", "refund.failed"] } {
        let event_id = state.next_id("evt", livemode);
        state.events.push(Owned {
            account: account.clone(),
            object: objects::event(&event_id, kind, now, livemode, snapshot.clone()),
        });
    }
    snapshot
}

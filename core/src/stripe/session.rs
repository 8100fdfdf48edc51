//! The parts of a Checkout Session object we keep, read from Stripe's JSON
//! (an answer to create, retrieve or expire, or an event's object). Read here
//! rather than through async-stripe's generated Checkout Session type, whose
//! deserializer (the whole object graph behind it) was megabytes of the
//! binary for the eleven fields we use.

use super::billing::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct RawSession {
    id: String,
    status: String,
    payment_status: String,
    url: Option<String>,
    expires_at: i64,
    payment_intent: Option<serde_json::Value>,
    livemode: bool,
    amount_total: Option<i64>,
    currency: Option<String>,
    #[serde(default)]
    metadata: std::collections::HashMap<String, String>,
}

pub(crate) fn session_info(object: serde_json::Value) -> Option<CheckoutSessionInfo> {
    let s: RawSession = serde_json::from_value(object).ok()?;
    let status = match s.status.as_str() {
        "open" => SessionStatus::Open,
        "complete" => SessionStatus::Complete,
        "expired" => SessionStatus::Expired,
        _ => return None,
    };
    let payment_status = match s.payment_status.as_str() {
        "paid" => SessionPaymentStatus::Paid,
        "unpaid" => SessionPaymentStatus::Unpaid,
        "no_payment_required" => SessionPaymentStatus::NoPaymentRequired,
        _ => return None,
    };
    let payment_intent = match s.payment_intent {
        Some(serde_json::Value::String(id)) => Some(id),
        Some(serde_json::Value::Object(o)) => o.get("id").and_then(|v| v.as_str()).map(str::to_string),
        _ => None,
    };
    Some(CheckoutSessionInfo {
        id: s.id,
        status,
        payment_status,
        url: s.url,
        expires_at: s.expires_at,
        payment_intent,
        livemode: s.livemode,
        amount_total: s.amount_total,
        currency: s.currency.map(|c| c.to_ascii_lowercase()),
        made_for: AttemptRef::from_metadata(|k| s.metadata.get(k).map(String::as_str)),
        for_invoice: InvoiceLinkRef::from_metadata(|k| s.metadata.get(k).map(String::as_str)),
    })
}

/// An answer's text as a session: what Stripe sent must be one.
pub(crate) fn read_session(json: &str) -> Result<CheckoutSessionInfo, BillingError> {
    serde_json::from_str(json).ok().and_then(session_info).ok_or_else(|| {
        tracing::error!("Stripe's Checkout Session could not be read");
        BillingError::Malformed
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(changes: serde_json::Value) -> serde_json::Value {
        let mut s = serde_json::json!({
            "id": "cs_test_a1", "object": "checkout.session", "status": "open", "payment_status": "unpaid",
            "url": "https://checkout.stripe.com/c/pay/cs_test_a1", "expires_at": 1_795_000_000,
            "payment_intent": null, "livemode": false, "amount_total": 3000, "currency": "aud",
            "metadata": { "clinicdesk_database_id": "db1", "clinicdesk_payment_id": "7" }
        });
        for (k, v) in changes.as_object().unwrap() {
            s[k] = v.clone();
        }
        s
    }

    #[test]
    fn reads_what_we_keep() {
        let info = read_session(&session(serde_json::json!({})).to_string()).unwrap();
        assert_eq!(
            (info.id.as_str(), info.status, info.payment_status),
            ("cs_test_a1", SessionStatus::Open, SessionPaymentStatus::Unpaid)
        );
        assert_eq!((info.amount_total, info.currency.as_deref(), info.livemode), (Some(3000), Some("aud"), false));
        assert_eq!(info.url.as_deref(), Some("https://checkout.stripe.com/c/pay/cs_test_a1"));
        assert!(info.made_for.is_some());
    }

    #[test]
    fn a_payment_intent_is_an_id_or_an_expanded_object() {
        let paid =
            |pi| session(serde_json::json!({ "status": "complete", "payment_status": "paid", "payment_intent": pi }));
        let as_id = session_info(paid(serde_json::json!("pi_1"))).unwrap();
        let expanded = session_info(paid(serde_json::json!({ "id": "pi_1", "object": "payment_intent" }))).unwrap();
        assert_eq!(as_id.payment_intent.as_deref(), Some("pi_1"));
        assert_eq!(expanded.payment_intent, as_id.payment_intent);
    }

    #[test]
    fn an_unknown_status_or_a_missing_field_is_malformed() {
        assert!(session_info(session(serde_json::json!({ "status": "archived" }))).is_none());
        assert!(session_info(session(serde_json::json!({ "payment_status": "partly" }))).is_none());
        let mut no_id = session(serde_json::json!({}));
        no_id.as_object_mut().unwrap().remove("id");
        assert!(session_info(no_id).is_none());
        assert_eq!(read_session("<html>502</html>").unwrap_err(), BillingError::Malformed);
    }
}

//! A page of `GET /v1/events`, read one event at a time: an event we can't
//! read is kept as `Unreadable` (so the cursor can move past it) instead of
//! failing the whole page.

use super::billing::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct RawPage {
    data: Vec<serde_json::Value>,
    has_more: bool,
}

#[derive(Deserialize)]
struct Envelope {
    id: String,
    created: i64,
    #[serde(rename = "type")]
    kind: String,
    data: EnvelopeData,
}

#[derive(Deserialize)]
struct EnvelopeData {
    object: serde_json::Value,
}

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

fn session(object: serde_json::Value) -> Option<CheckoutSessionInfo> {
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

fn entry(raw: serde_json::Value) -> Option<EventEntry> {
    let envelope: Envelope = match serde_json::from_value(raw.clone()) {
        Ok(e) => e,
        Err(e) => {
            // Without an id and a time the cursor can't move past it: Stripe
            // never sends such an event, so say so loudly and skip it.
            tracing::error!(error = %e, "a Stripe event without an id or time; skipped");
            return None;
        }
    };
    if REFUND_EVENT_TYPES.contains(&envelope.kind.as_str()) {
        return Some(match super::refunds::refund_info(envelope.data.object) {
            Some(refund) => EventEntry::Refund { id: envelope.id, created: envelope.created, refund },
            None => {
                tracing::warn!(event = %envelope.id, kind = %envelope.kind, "a Stripe event that could not be read; passed over");
                EventEntry::Unreadable { id: envelope.id, created: envelope.created }
            }
        });
    }
    let kind = CheckoutEventKind::parse(&envelope.kind);
    match (kind, kind.and_then(|_| session(envelope.data.object))) {
        (Some(kind), Some(session)) => {
            Some(EventEntry::Checkout { id: envelope.id, created: envelope.created, kind, session })
        }
        _ => {
            tracing::warn!(event = %envelope.id, kind = %envelope.kind, "a Stripe event that could not be read; passed over");
            Some(EventEntry::Unreadable { id: envelope.id, created: envelope.created })
        }
    }
}

pub(crate) fn read_event_page(json: &str) -> Result<EventPage, BillingError> {
    let page: RawPage = serde_json::from_str(json).map_err(|e| {
        tracing::error!(error = %e, "the event list could not be read");
        BillingError::Malformed
    })?;
    Ok(EventPage { events: page.data.into_iter().filter_map(entry).collect(), has_more: page.has_more })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bad_event_does_not_spoil_the_page() {
        let page = r#"{"object":"list","has_more":true,"data":[
            {"id":"evt_2","created":20,"type":"checkout.session.completed","data":{"object":
              {"id":"cs_1","status":"complete","payment_status":"paid","url":null,"expires_at":99,
               "payment_intent":"pi_1","livemode":false,"amount_total":3000,"currency":"aud"}}},
            {"id":"evt_1","created":10,"type":"checkout.session.completed","data":{"object":
              {"id":"cs_0","status":"complete","payment_status":42}}}
        ]}"#;
        let read = read_event_page(page).unwrap();
        assert!(read.has_more);
        assert_eq!(read.events.len(), 2);
        assert!(matches!(&read.events[0], EventEntry::Checkout { id, kind: CheckoutEventKind::Completed, session, .. }
            if id == "evt_2" && session.amount_total == Some(3000) && session.payment_intent.as_deref() == Some("pi_1")));
        assert_eq!(read.events[1], EventEntry::Unreadable { id: "evt_1".into(), created: 10 });
    }
}

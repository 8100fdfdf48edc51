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
    match (kind, kind.and_then(|_| super::session::session_info(envelope.data.object))) {
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

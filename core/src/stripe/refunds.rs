//! Refunds through Stripe (`POST /v1/refunds`): the parameters, encoded once
//! and stored with the attempt, and the parts of a Refund object we keep.
//! Refunds are few and small, so they are encoded and read here rather than
//! compiling async-stripe's generated refund module.

use super::{AttemptRef, BillingError};
use serde::Deserialize;

/// A refund of (part of) one PaymentIntent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundParams {
    pub payment_intent: String,
    pub amount_minor: i64,
    /// Our ids, so the refund in the Stripe Dashboard names its appointment
    /// and a lost answer can be found again.
    pub metadata: Vec<(String, String)>,
}

/// Form-encoded as Stripe takes it: `payment_intent`, `amount`, `reason`
/// (always `requested_by_customer`: the clinic gives the money back), and
/// `metadata[…]`.
pub fn refund_form(p: &RefundParams) -> String {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("payment_intent", &p.payment_intent);
    form.append_pair("amount", &p.amount_minor.to_string());
    form.append_pair("reason", "requested_by_customer");
    for (k, v) in &p.metadata {
        form.append_pair(&format!("metadata[{k}]"), v);
    }
    form.finish()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundState {
    Pending,
    RequiresAction,
    Succeeded,
    Failed,
    Canceled,
}

/// What we keep of a Refund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundInfo {
    pub id: String,
    pub status: RefundState,
    pub amount: i64,
    pub payment_intent: Option<String>,
    pub failure_reason: Option<String>,
    /// Our refund attempt, from the metadata.
    pub made_for: Option<AttemptRef>,
}

#[derive(Deserialize)]
struct RawRefund {
    id: String,
    status: Option<String>,
    amount: i64,
    payment_intent: Option<serde_json::Value>,
    failure_reason: Option<String>,
    #[serde(default)]
    metadata: std::collections::HashMap<String, String>,
}

pub(crate) fn refund_info(value: serde_json::Value) -> Option<RefundInfo> {
    let r: RawRefund = serde_json::from_value(value).ok()?;
    let status = match r.status.as_deref()? {
        "pending" => RefundState::Pending,
        "requires_action" => RefundState::RequiresAction,
        "succeeded" => RefundState::Succeeded,
        "failed" => RefundState::Failed,
        "canceled" => RefundState::Canceled,
        _ => return None,
    };
    let payment_intent = match r.payment_intent {
        Some(serde_json::Value::String(id)) => Some(id),
        Some(serde_json::Value::Object(o)) => o.get("id").and_then(|v| v.as_str()).map(str::to_string),
        _ => None,
    };
    Some(RefundInfo {
        id: r.id,
        status,
        amount: r.amount,
        payment_intent,
        failure_reason: r.failure_reason,
        made_for: AttemptRef::from_metadata(|k| {
            if k == "clinicdesk_payment_id" {
                r.metadata.get("clinicdesk_refund_id").map(String::as_str)
            } else {
                r.metadata.get(k).map(String::as_str)
            }
        }),
    })
}

pub(crate) fn read_refund(json: &str) -> Result<RefundInfo, BillingError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|_| BillingError::Malformed)?;
    refund_info(value).ok_or(BillingError::Malformed)
}

pub(crate) fn read_refund_list(json: &str) -> Result<Vec<RefundInfo>, BillingError> {
    #[derive(Deserialize)]
    struct Page {
        data: Vec<serde_json::Value>,
    }
    let page: Page = serde_json::from_str(json).map_err(|_| BillingError::Malformed)?;
    Ok(page.data.into_iter().filter_map(refund_info).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_and_reads_a_refund() {
        let body = refund_form(&RefundParams {
            payment_intent: "pi_1".into(),
            amount_minor: 1000,
            metadata: vec![("clinicdesk_refund_id".into(), "3".into()), ("clinicdesk_database_id".into(), "db".into())],
        });
        assert_eq!(
            body,
            "payment_intent=pi_1&amount=1000&reason=requested_by_customer&metadata%5Bclinicdesk_refund_id%5D=3&metadata%5Bclinicdesk_database_id%5D=db"
        );
        let read = read_refund(
            r#"{"id":"re_1","object":"refund","amount":1000,"status":"pending","payment_intent":"pi_1",
               "metadata":{"clinicdesk_refund_id":"3","clinicdesk_database_id":"db"}}"#,
        )
        .unwrap();
        assert_eq!((read.status, read.amount), (RefundState::Pending, 1000));
        assert_eq!(read.made_for, Some(AttemptRef { database_id: "db".into(), attempt_id: 3 }));
    }
}

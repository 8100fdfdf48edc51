//! Payment Links (`POST /v1/payment_links`), the lasting link an invoice
//! carries: a Checkout Session lives 24 hours at most, a Payment Link until
//! it is made inactive. Encoded here (like refunds) rather than compiling
//! async-stripe's payment-link and price modules for two small requests.

use super::{BillingError, StoredRequest};
use serde::Deserialize;

/// A link for one amount (the invoice's balance due), paid at most once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentLinkParams {
    pub amount_minor: i64,
    /// Lower-case, as Stripe writes it.
    pub currency: String,
    /// What the patient sees on Stripe's page ("Invoice INV-000042").
    pub name: String,
    /// Shown on Stripe's page after paying.
    pub thanks: String,
    /// Shown if the link is opened after it was replaced or paid.
    pub inactive_message: String,
    /// Copied by Stripe to each session the link makes, so a payment names
    /// its invoice and link.
    pub metadata: Vec<(String, String)>,
    /// The PaymentIntent's description (the bank statement side).
    pub description: String,
}

/// Form-encoded as the API reference lists the parameters: one line item
/// with an inline price (`price_data`), `quantity` 1, Stripe's own
/// confirmation page (a desktop app has no page of its own to return to),
/// and `restrictions[completed_sessions][limit]=1` so the link can be paid
/// only once.
pub fn payment_link_form(p: &PaymentLinkParams) -> String {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("line_items[0][price_data][currency]", &p.currency);
    form.append_pair("line_items[0][price_data][unit_amount]", &p.amount_minor.to_string());
    form.append_pair("line_items[0][price_data][product_data][name]", &p.name);
    form.append_pair("line_items[0][quantity]", "1");
    form.append_pair("after_completion[type]", "hosted_confirmation");
    form.append_pair("after_completion[hosted_confirmation][custom_message]", &p.thanks);
    form.append_pair("inactive_message", &p.inactive_message);
    form.append_pair("restrictions[completed_sessions][limit]", "1");
    for (k, v) in &p.metadata {
        form.append_pair(&format!("metadata[{k}]"), v);
    }
    form.append_pair("payment_intent_data[description]", &p.description);
    for (k, v) in &p.metadata {
        form.append_pair(&format!("payment_intent_data[metadata][{k}]"), v);
    }
    form.finish()
}

/// `POST /v1/payment_links/:id` with `active=false`: the link stops taking
/// payments and shows its inactive message.
pub fn deactivate_form() -> String {
    "active=false".to_string()
}

/// What we keep of a Payment Link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentLinkInfo {
    pub id: String,
    pub url: String,
    pub active: bool,
}

#[derive(Deserialize)]
struct RawLink {
    id: String,
    url: String,
    active: bool,
}

pub(crate) fn read_payment_link(json: &str) -> Result<PaymentLinkInfo, BillingError> {
    let raw: RawLink = serde_json::from_str(json).map_err(|e| {
        tracing::error!(error = %e, "a payment link could not be read");
        BillingError::Malformed
    })?;
    Ok(PaymentLinkInfo { id: raw.id, url: raw.url, active: raw.active })
}

/// The request to (re-)send to make a link inactive.
pub fn deactivate_request(idempotency_key: &str) -> StoredRequest {
    StoredRequest { idempotency_key: idempotency_key.to_string(), body: deactivate_form() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_one_inline_price_paid_once() {
        let body = payment_link_form(&PaymentLinkParams {
            amount_minor: 12_345,
            currency: "aud".into(),
            name: "Invoice HP-000007".into(),
            thanks: "Thank you".into(),
            inactive_message: "Replaced".into(),
            metadata: vec![("clinicdesk_invoice_id".into(), "7".into())],
            description: "Invoice HP-000007".into(),
        });
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("line_items[0][price_data][unit_amount]"), Some("12345"));
        assert_eq!(get("restrictions[completed_sessions][limit]"), Some("1"));
        assert_eq!(get("metadata[clinicdesk_invoice_id]"), Some("7"));
        assert_eq!(get("payment_intent_data[metadata][clinicdesk_invoice_id]"), Some("7"));
        let link = read_payment_link(
            r#"{"id":"plink_1","object":"payment_link","active":true,"url":"https://buy.stripe.com/test_1"}"#,
        )
        .unwrap();
        assert_eq!(
            link,
            PaymentLinkInfo { id: "plink_1".into(), url: "https://buy.stripe.com/test_1".into(), active: true }
        );
    }
}

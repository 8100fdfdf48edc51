//! The parameters of `POST /v1/checkout/sessions`, form-encoded once, when an
//! attempt is made, by async-stripe's typed builder (generated from Stripe's
//! OpenAPI spec, so every name is one Stripe knows). The encoded text is
//! stored with the attempt and every re-send sends exactly it.

use super::BillingError;
use std::collections::HashMap;
use stripe::StripeRequest;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionPaymentIntentData, ProductData,
};

/// A one-line Checkout Session in payment mode, on Stripe's hosted page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutParams {
    pub amount_minor: i64,
    /// Lower-case ISO code ("aud").
    pub currency: String,
    /// "Initial consultation — Fri 27 Nov 2026, 09:30 — Dr Mia Lee": what the
    /// patient sees on Stripe's page and receipt.
    pub line_item: String,
    pub customer_email: Option<String>,
    /// Unix seconds: 30 minutes to 24 hours after Stripe receives it.
    pub expires_at: i64,
    /// Our ids, on the session and on its PaymentIntent (so a payment in the
    /// Stripe Dashboard names its appointment).
    pub metadata: Vec<(String, String)>,
    /// Where the patient lands after paying (hosted Checkout requires it),
    /// and where "back" on Stripe's page goes.
    pub success_url: String,
    pub cancel_url: String,
}

pub fn checkout_form(p: &CheckoutParams) -> Result<String, BillingError> {
    let currency: stripe_types::Currency = p.currency.parse().map_err(|_| BillingError::Malformed)?;
    let mut price = CreateCheckoutSessionLineItemsPriceData::new(currency);
    price.unit_amount = Some(p.amount_minor);
    price.product_data = Some(ProductData::new(p.line_item.clone()));
    let mut item = CreateCheckoutSessionLineItems::new();
    item.price_data = Some(price);
    item.quantity = Some(1);
    let metadata: HashMap<String, String> = p.metadata.iter().cloned().collect();
    let mut intent = CreateCheckoutSessionPaymentIntentData::new();
    intent.metadata = Some(metadata.clone());
    intent.description = Some(p.line_item.clone());
    let mut create = CreateCheckoutSession::new()
        .mode(stripe_shared::CheckoutSessionMode::Payment)
        .line_items(vec![item])
        .expires_at(p.expires_at)
        .metadata(metadata)
        .payment_intent_data(intent)
        .success_url(p.success_url.clone())
        .cancel_url(p.cancel_url.clone());
    if let Some(email) = &p.customer_email {
        create = create.customer_email(email.clone());
    }
    create.build().body.ok_or(BillingError::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_every_parameter_stripe_needs() {
        let body = checkout_form(&CheckoutParams {
            amount_minor: 3000,
            currency: "aud".into(),
            line_item: "Initial consultation — Fri 27 Nov 2026, 09:30 — Dr Mia Lee".into(),
            customer_email: Some("sam@example.com".into()),
            expires_at: 1_795_000_000,
            metadata: vec![("clinicdesk_appointment_id".into(), "7".into())],
            success_url: "https://harbourside.example/".into(),
            cancel_url: "https://harbourside.example/".into(),
        })
        .unwrap();
        let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        assert_eq!(form["mode"], "payment");
        assert_eq!(form["success_url"], "https://harbourside.example/");
        assert_eq!(form["cancel_url"], "https://harbourside.example/");
        assert_eq!(form["line_items[0][price_data][unit_amount]"], "3000");
        assert_eq!(form["line_items[0][price_data][currency]"], "aud");
        assert_eq!(form["line_items[0][quantity]"], "1");
        assert_eq!(form["expires_at"], "1795000000");
        assert_eq!(form["metadata[clinicdesk_appointment_id]"], "7");
        assert_eq!(form["payment_intent_data[metadata][clinicdesk_appointment_id]"], "7");
        assert_eq!(form["customer_email"], "sam@example.com");
        assert!(form["line_items[0][price_data][product_data][name]"].starts_with("Initial consultation"));
    }
}

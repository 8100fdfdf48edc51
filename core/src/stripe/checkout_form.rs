//! The parameters of `POST /v1/checkout/sessions`, form-encoded once, when an
//! attempt is made, as Stripe's API reference names them (the strict Stripe
//! double in the tests refuses any other). The encoded text is stored with
//! the attempt and every re-send sends exactly it.

use super::BillingError;

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
    let currency_ok = p.currency.len() == 3 && p.currency.bytes().all(|b| b.is_ascii_lowercase());
    if !currency_ok || p.amount_minor < 0 {
        return Err(BillingError::Malformed);
    }
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("mode", "payment");
    form.append_pair("line_items[0][price_data][currency]", &p.currency);
    form.append_pair("line_items[0][price_data][unit_amount]", &p.amount_minor.to_string());
    form.append_pair("line_items[0][price_data][product_data][name]", &p.line_item);
    form.append_pair("line_items[0][quantity]", "1");
    form.append_pair("expires_at", &p.expires_at.to_string());
    if let Some(email) = &p.customer_email {
        form.append_pair("customer_email", email);
    }
    for (k, v) in &p.metadata {
        form.append_pair(&format!("metadata[{k}]"), v);
    }
    form.append_pair("payment_intent_data[description]", &p.line_item);
    for (k, v) in &p.metadata {
        form.append_pair(&format!("payment_intent_data[metadata][{k}]"), v);
    }
    form.append_pair("success_url", &p.success_url);
    form.append_pair("cancel_url", &p.cancel_url);
    Ok(form.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::collections::HashMap;

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
        assert_eq!(form["payment_intent_data[description]"], form["line_items[0][price_data][product_data][name]"]);
    }

    #[test]
    fn refuses_a_currency_stripe_would_not_take() {
        let params = |currency: &str| CheckoutParams {
            amount_minor: 3000,
            currency: currency.into(),
            line_item: "Review".into(),
            customer_email: None,
            expires_at: 1_795_000_000,
            metadata: vec![],
            success_url: "https://harbourside.example/".into(),
            cancel_url: "https://harbourside.example/".into(),
        };
        assert!(checkout_form(&params("aud")).is_ok());
        for bad in ["AUD", "au", "audd", "a1d", ""] {
            assert_eq!(checkout_form(&params(bad)), Err(BillingError::Malformed), "{bad}");
        }
        let no_email: HashMap<String, String> =
            url::form_urlencoded::parse(checkout_form(&params("aud")).unwrap().as_bytes()).into_owned().collect();
        assert!(!no_email.contains_key("customer_email"));
    }
}

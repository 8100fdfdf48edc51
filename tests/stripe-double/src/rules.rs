//! Stripe's rules for creating a Checkout Session, each checked as Stripe
//! checks it and refused with Stripe's error. Sources:
//! - API reference, "Create a Checkout Session":
//!   https://docs.stripe.com/api/checkout/sessions/create (API 2026-09-30)
//! - Minimum charges and decimal places:
//!   https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts and
//!   https://docs.stripe.com/currencies#zero-decimal
//! - Metadata limits: https://docs.stripe.com/api/metadata
//! - Idempotency: https://docs.stripe.com/api/idempotent_requests
//!
//! The double keeps its own tables, on purpose: a copy of the app's
//! currency table would agree with the app's mistakes.

use crate::error::StripeError;
use crate::form::Params;

/// Every top-level parameter of `POST /v1/checkout/sessions` in the API
/// reference; anything else is `parameter_unknown`.
const CREATE_PARAMS: &[&str] = &[
    "adaptive_pricing",
    "after_expiration",
    "allow_promotion_codes",
    "allowed_payment_method_types",
    "automatic_tax",
    "billing_address_collection",
    "branding_settings",
    "cancel_url",
    "client_reference_id",
    "consent_collection",
    "currency",
    "custom_fields",
    "custom_text",
    "customer",
    "customer_account",
    "customer_creation",
    "customer_email",
    "customer_update",
    "discounts",
    "excluded_payment_method_types",
    "expand",
    "expires_at",
    "integration_identifier",
    "invoice_creation",
    "line_items",
    "locale",
    "managed_payments",
    "metadata",
    "mode",
    "name_collection",
    "optional_items",
    "origin_context",
    "payment_intent_data",
    "payment_method_collection",
    "payment_method_configuration",
    "payment_method_data",
    "payment_method_options",
    "permissions",
    "phone_number_collection",
    "redirect_on_completion",
    "return_url",
    "saved_payment_method_options",
    "setup_intent_data",
    "shipping_address_collection",
    "shipping_options",
    "submit_type",
    "subscription_data",
    "success_url",
    "tax_id_collection",
    "ui_mode",
    "wallet_options",
];

/// What a line item may hold (`line_items[i][…]`), per the API reference.
const LINE_ITEM_PARAMS: &[&str] =
    &["adjustable_quantity", "dynamic_tax_rates", "metadata", "price", "price_data", "quantity", "tax_rates"];
const PRICE_DATA_PARAMS: &[&str] =
    &["currency", "product", "product_data", "recurring", "tax_behavior", "unit_amount", "unit_amount_decimal"];
const PRODUCT_DATA_PARAMS: &[&str] = &["description", "images", "metadata", "name", "tax_code", "unit_label"];
/// `payment_intent_data[…]` (payment mode only).
const PAYMENT_INTENT_DATA_PARAMS: &[&str] = &[
    "application_fee_amount",
    "capture_method",
    "description",
    "metadata",
    "on_behalf_of",
    "receipt_email",
    "setup_future_usage",
    "shipping",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "transfer_data",
    "transfer_group",
];

/// Minimum charge per currency, in minor units (Stripe's currencies guide).
pub fn minimum_charge(currency: &str) -> Option<i64> {
    Some(match currency {
        "usd" | "aud" | "brl" | "cad" | "chf" | "eur" | "inr" | "nzd" | "sgd" => 50,
        "gbp" => 30,
        "jpy" => 50,
        "aed" | "myr" | "pln" | "ron" => 200,
        "bgn" => 100,
        "czk" => 1500,
        "dkk" => 250,
        "hkd" => 400,
        "huf" => 17500,
        "mxn" | "thb" => 1000,
        "nok" | "sek" => 300,
        _ => return None,
    })
}

/// Stripe's three-decimal currencies: amounts must be multiples of 10.
fn three_decimal(currency: &str) -> bool {
    matches!(currency, "bhd" | "jod" | "kwd" | "omr" | "tnd")
}

/// "Amount must be at least $0.50 usd": the minimum in the currency's units.
pub(crate) fn describe_minimum(currency: &str, minor: i64) -> String {
    let zero_decimal = matches!(currency, "jpy" | "krw" | "vnd" | "clp");
    if zero_decimal {
        format!("{minor} {currency}")
    } else {
        format!("{}.{:02} {currency}", minor / 100, minor % 100)
    }
}

pub(crate) fn unknown_under(params: &Params, prefix: &str, allowed: &[&str]) -> Result<(), StripeError> {
    for (rest, _) in params.under(prefix) {
        let head = rest.split('[').next().unwrap_or(&rest);
        if !allowed.contains(&head) {
            return Err(StripeError::unknown(&format!("{prefix}[{head}]")));
        }
    }
    Ok(())
}

/// Metadata: "up to 50 keys, with key names up to 40 characters long and
/// values up to 500 characters long" (https://docs.stripe.com/api/metadata).
pub fn check_metadata(params: &Params, prefix: &str) -> Result<(), StripeError> {
    let entries = params.under(prefix);
    if entries.len() > 50 {
        return Err(StripeError::invalid(
            None,
            Some(prefix),
            format!("Metadata can have up to 50 keys, but you've set {}.", entries.len()),
        ));
    }
    for (key, value) in entries {
        if key.is_empty() || key.chars().count() > 40 || key.contains('[') || key.contains(']') {
            return Err(StripeError::invalid(
                None,
                Some(prefix),
                format!("Invalid key: {key} must be a string under 40 characters"),
            ));
        }
        if value.chars().count() > 500 {
            return Err(StripeError::invalid(
                None,
                Some(prefix),
                format!("Invalid val: {value} must be a string under 500 characters"),
            ));
        }
    }
    Ok(())
}

/// A URL Stripe will redirect to: absolute http(s), at most 5000 characters.
pub(crate) fn check_url(params: &Params, name: &str) -> Result<(), StripeError> {
    let Some(value) = params.get(name) else { return Ok(()) };
    let ok = value.len() <= 5000
        && url::Url::parse(value).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if ok {
        Ok(())
    } else {
        Err(StripeError::invalid(Some("url_invalid"), Some(name), "Not a valid URL"))
    }
}

pub(crate) fn integer(params: &Params, name: &str) -> Result<Option<i64>, StripeError> {
    match params.get(name) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| {
            StripeError::invalid(Some("parameter_invalid_integer"), Some(name), format!("Invalid integer: {v}"))
        }),
    }
}

/// One line item with an ad-hoc price (`line_items[i][price_data]`), as
/// Checkout Sessions and Payment Links both check it: its lower-case
/// currency and its amount (unit amount × quantity).
pub(crate) fn check_inline_price(params: &Params, i: usize) -> Result<(String, i64), StripeError> {
    let p = |rest: &str| format!("line_items[{i}]{rest}");
    let has_price = params.has(&p("[price]"));
    let has_data = !params.under(&p("[price_data]")).is_empty();
    if !has_price && !has_data {
        return Err(StripeError::invalid(
            None,
            Some(&p("")),
            "You must specify either `price` or `price_data` in each line_item.",
        ));
    }
    // This app sends only ad-hoc prices; a `price` id would need a Price
    // object the double doesn't have.
    if has_price {
        return Err(StripeError::no_such("price", params.get(&p("[price]")).unwrap_or(""), Some(&p("[price]")), 400));
    }
    let Some(item_currency) = params.get(&p("[price_data][currency]")) else {
        return Err(StripeError::missing(&p("[price_data][currency]")));
    };
    if params.get(&p("[price_data][product]")).is_none() && params.get(&p("[price_data][product_data][name]")).is_none()
    {
        return Err(StripeError::missing(&p("[price_data][product_data][name]")));
    }
    let Some(unit) = integer(params, &p("[price_data][unit_amount]"))? else {
        return Err(StripeError::missing(&p("[price_data][unit_amount]")));
    };
    // Payment line items need a quantity.
    let Some(quantity) = integer(params, &p("[quantity]"))? else {
        return Err(StripeError::missing(&p("[quantity]")));
    };
    if unit < 0 || quantity < 1 {
        return Err(StripeError::invalid(
            Some("parameter_invalid_integer"),
            Some(&p("[price_data][unit_amount]")),
            "This value must be greater than or equal to 0.",
        ));
    }
    let lower = item_currency.to_ascii_lowercase();
    if three_decimal(&lower) && unit % 10 != 0 {
        return Err(StripeError::invalid(
            Some("invalid_amount"),
            Some(&p("[price_data][unit_amount]")),
            format!("Amounts in {lower} must be divisible by 10 (the last digit must be 0)."),
        ));
    }
    Ok((lower, unit * quantity))
}

/// What a valid create request asks for.
pub struct CheckoutCreate {
    pub mode: String,
    pub currency: String,
    pub amount_total: i64,
    pub expires_at: Option<i64>,
}

/// Checks `POST /v1/checkout/sessions` as Stripe would, with `now` as the
/// moment Stripe receives it.
pub fn check_checkout_create(params: &Params, now: i64) -> Result<CheckoutCreate, StripeError> {
    // Unknown parameters first: Stripe names the first one it doesn't know.
    for name in params.top_level() {
        if !CREATE_PARAMS.contains(&name) {
            return Err(StripeError::unknown(name));
        }
    }
    for i in params.indices("line_items") {
        let item = format!("line_items[{i}]");
        unknown_under(params, &item, LINE_ITEM_PARAMS)?;
        unknown_under(params, &format!("{item}[price_data]"), PRICE_DATA_PARAMS)?;
        unknown_under(params, &format!("{item}[price_data][product_data]"), PRODUCT_DATA_PARAMS)?;
    }
    unknown_under(params, "payment_intent_data", PAYMENT_INTENT_DATA_PARAMS)?;

    // `mode` (required in API 2023-08-16 and how this app uses Checkout).
    let Some(mode) = params.get("mode") else { return Err(StripeError::missing("mode")) };
    if !matches!(mode, "payment" | "setup" | "subscription") {
        return Err(StripeError::invalid(
            None,
            Some("mode"),
            format!("Invalid mode: must be one of payment, setup, or subscription (got {mode})"),
        ));
    }

    // `ui_mode`: hosted by default. A hosted session needs `success_url`
    // (stripe-node#1944: "the success_url is required today for creating a
    // normal Checkout Session"); embedded and elements modes refuse it and
    // take `return_url` instead.
    let ui_mode = params.get("ui_mode").unwrap_or("hosted_page");
    let hosted = matches!(ui_mode, "hosted_page" | "hosted");
    if hosted && !params.has("success_url") {
        return Err(StripeError::missing("success_url"));
    }
    if !hosted && (params.has("success_url") || params.has("cancel_url")) {
        return Err(StripeError::invalid(
            None,
            Some("success_url"),
            format!("You may not specify `success_url` or `cancel_url` when `ui_mode` is `{ui_mode}`. Use `return_url` instead."),
        ));
    }
    check_url(params, "success_url")?;
    check_url(params, "cancel_url")?;

    // `line_items`: "Required for payment and subscription mode."
    let items = params.indices("line_items");
    if mode != "setup" && items.is_empty() {
        return Err(StripeError::missing("line_items"));
    }
    let mut currency: Option<String> = None;
    let mut total: i64 = 0;
    for &i in &items {
        let p = |rest: &str| format!("line_items[{i}]{rest}");
        let (lower, amount) = check_inline_price(params, i)?;
        if currency.as_deref().is_some_and(|c| c != lower) {
            return Err(StripeError::invalid(
                None,
                Some(&p("[price_data][currency]")),
                "All line items in a Checkout Session must use the same currency.",
            ));
        }
        currency = Some(lower);
        total += amount;
    }
    let currency = currency.unwrap_or_default();
    if mode == "payment" {
        if let Some(minimum) = minimum_charge(&currency) {
            if total < minimum {
                return Err(StripeError::invalid(
                    Some("amount_too_small"),
                    Some("line_items"),
                    format!(
                        "The Checkout Session's total amount due must add up to at least {}",
                        describe_minimum(&currency, minimum)
                    ),
                ));
            }
        }
        if total > 99_999_999 {
            return Err(StripeError::invalid(
                Some("amount_too_large"),
                Some("line_items"),
                "The Checkout Session's total amount due must be no more than 99999999.",
            ));
        }
    }

    // `expires_at`: "anywhere from 30 minutes to 24 hours after Checkout
    // Session creation", counted from when Stripe receives the request.
    let expires_at = integer(params, "expires_at")?;
    if let Some(at) = expires_at {
        if at < now + 30 * 60 {
            return Err(StripeError::invalid(
                None,
                Some("expires_at"),
                "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
            ));
        }
        if at > now + 24 * 3600 {
            return Err(StripeError::invalid(
                None,
                Some("expires_at"),
                "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
            ));
        }
    }

    check_metadata(params, "metadata")?;
    check_metadata(params, "payment_intent_data[metadata]")?;

    if let Some(email) = params.get("customer_email") {
        let (local, domain) = email.split_once('@').unwrap_or(("", ""));
        if local.is_empty() || !domain.contains('.') || email.len() > 512 || email.contains(char::is_whitespace) {
            return Err(StripeError::invalid(
                Some("email_invalid"),
                Some("customer_email"),
                format!("Invalid email address: {email}"),
            ));
        }
    }

    Ok(CheckoutCreate { mode: mode.to_string(), currency, amount_total: total, expires_at })
}

/// Stripe's idempotency keys are at most 255 characters.
pub fn check_idempotency_key(key: &str) -> Result<(), StripeError> {
    if key.is_empty() || key.len() > 255 {
        return Err(StripeError::new(
            400,
            "idempotency_error",
            None,
            None,
            "Idempotency keys must be between 1 and 255 characters long.",
        ));
    }
    Ok(())
}

/// "Keys for idempotent requests can only be used with the same parameters
/// they were first used with."
pub fn idempotency_mismatch(key: &str) -> StripeError {
    StripeError::new(
        400,
        "idempotency_error",
        None,
        None,
        format!(
            "Keys for idempotent requests can only be used with the same parameters they were first used with. \
             Try using a key other than '{key}' if you meant to execute a different request."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn valid() -> Vec<(String, String)> {
        [
            ("mode", "payment"),
            ("line_items[0][price_data][currency]", "aud"),
            ("line_items[0][price_data][unit_amount]", "3000"),
            ("line_items[0][price_data][product_data][name]", "Initial consultation"),
            ("line_items[0][quantity]", "1"),
            ("success_url", "https://harbourside.example/"),
            ("expires_at", &(NOW + 3600).to_string()),
            ("metadata[clinicdesk_payment_id]", "1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn check(params: Vec<(String, String)>) -> Result<CheckoutCreate, StripeError> {
        check_checkout_create(&Params(params), NOW)
    }

    fn without(key: &str) -> Vec<(String, String)> {
        valid().into_iter().filter(|(k, _)| k != key).collect()
    }

    fn with(key: &str, value: &str) -> Vec<(String, String)> {
        let mut p = without(key);
        p.push((key.to_string(), value.to_string()));
        p
    }

    fn refusal(params: Vec<(String, String)>) -> (Option<String>, Option<String>) {
        let e = check(params).err().expect("refused");
        assert_eq!(e.status, 400);
        assert_eq!(e.body["error"]["type"], "invalid_request_error");
        assert!(e.body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
        (e.code().map(str::to_string), e.param().map(str::to_string))
    }

    fn pair(code: Option<&str>, param: &str) -> (Option<String>, Option<String>) {
        (code.map(str::to_string), Some(param.to_string()))
    }

    #[test]
    fn a_complete_request_passes() {
        let ok = check(valid()).unwrap();
        assert_eq!((ok.mode.as_str(), ok.currency.as_str(), ok.amount_total), ("payment", "aud", 3000));
    }

    #[test]
    fn required_parameters() {
        assert_eq!(refusal(without("success_url")), pair(Some("parameter_missing"), "success_url"));
        assert_eq!(refusal(without("mode")), pair(Some("parameter_missing"), "mode"));
        let no_items: Vec<_> = valid().into_iter().filter(|(k, _)| !k.starts_with("line_items")).collect();
        assert_eq!(refusal(no_items), pair(Some("parameter_missing"), "line_items"));
        assert_eq!(
            refusal(without("line_items[0][quantity]")),
            pair(Some("parameter_missing"), "line_items[0][quantity]")
        );
        // Embedded pages take return_url and refuse success_url.
        assert_eq!(refusal(with("ui_mode", "embedded_page")).1.as_deref(), Some("success_url"));
        assert!(check(with("ui_mode", "hosted_page")).is_ok());
    }

    #[test]
    fn unknown_parameters() {
        assert_eq!(refusal(with("succes_url", "https://x.example/")), pair(Some("parameter_unknown"), "succes_url"));
        assert_eq!(
            refusal(with("line_items[0][price_data][amount]", "3000")),
            pair(Some("parameter_unknown"), "line_items[0][price_data][amount]")
        );
        assert_eq!(
            refusal(with("payment_intent_data[bogus]", "1")),
            pair(Some("parameter_unknown"), "payment_intent_data[bogus]")
        );
        assert!(check(with("payment_intent_data[metadata][clinicdesk_payment_id]", "1")).is_ok());
    }

    #[test]
    fn expiry_between_30_minutes_and_24_hours() {
        assert!(check(with("expires_at", &(NOW + 30 * 60).to_string())).is_ok());
        assert_eq!(refusal(with("expires_at", &(NOW + 30 * 60 - 1).to_string())).1.as_deref(), Some("expires_at"));
        assert!(check(with("expires_at", &(NOW + 24 * 3600).to_string())).is_ok());
        assert_eq!(refusal(with("expires_at", &(NOW + 24 * 3600 + 1).to_string())).1.as_deref(), Some("expires_at"));
    }

    #[test]
    fn minimum_charge_and_decimals() {
        assert!(check(with("line_items[0][price_data][unit_amount]", "50")).is_ok());
        assert_eq!(
            refusal(with("line_items[0][price_data][unit_amount]", "49")).0.as_deref(),
            Some("amount_too_small")
        );
        let mut gbp = with("line_items[0][price_data][currency]", "gbp");
        gbp.retain(|(k, _)| k != "line_items[0][price_data][unit_amount]");
        gbp.push(("line_items[0][price_data][unit_amount]".into(), "29".into()));
        assert_eq!(refusal(gbp).0.as_deref(), Some("amount_too_small"));
        let mut kwd = with("line_items[0][price_data][currency]", "kwd");
        kwd.retain(|(k, _)| k != "line_items[0][price_data][unit_amount]");
        kwd.push(("line_items[0][price_data][unit_amount]".into(), "1505".into()));
        assert_eq!(refusal(kwd).0.as_deref(), Some("invalid_amount"));
    }

    #[test]
    fn metadata_limits() {
        let mut fifty = without("metadata[clinicdesk_payment_id]");
        for i in 0..50 {
            fifty.push((format!("metadata[k{i}]"), "v".into()));
        }
        assert!(check(fifty.clone()).is_ok());
        fifty.push(("metadata[k50]".into(), "v".into()));
        assert_eq!(refusal(fifty).1.as_deref(), Some("metadata"));
        assert!(check(with(&format!("metadata[{}]", "k".repeat(40)), "v")).is_ok());
        assert_eq!(refusal(with(&format!("metadata[{}]", "k".repeat(41)), "v")).1.as_deref(), Some("metadata"));
        assert!(check(with("metadata[k]", &"v".repeat(500))).is_ok());
        assert_eq!(refusal(with("metadata[k]", &"v".repeat(501))).1.as_deref(), Some("metadata"));
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(refusal(with("success_url", "harbourside.example")), pair(Some("url_invalid"), "success_url"));
        assert_eq!(refusal(with("cancel_url", "javascript:alert(1)")), pair(Some("url_invalid"), "cancel_url"));
        assert_eq!(refusal(with("customer_email", "sam at example")), pair(Some("email_invalid"), "customer_email"));
    }

    #[test]
    fn idempotency_keys() {
        assert!(check_idempotency_key(&"k".repeat(255)).is_ok());
        assert!(check_idempotency_key(&"k".repeat(256)).is_err());
        assert_eq!(idempotency_mismatch("abc").body["error"]["type"], "idempotency_error");
    }
}

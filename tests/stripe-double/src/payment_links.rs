//! `/v1/payment_links`: create, update (make inactive), retrieve; and a
//! patient paying through a link (a Checkout Session made by the link, with
//! the link's metadata, and the events Stripe sends for it). Rules from the
//! API reference, "Create a payment link" and "Update a payment link"
//! (https://docs.stripe.com/api/payment-link/create, …/update, API
//! 2026-09-30), and the Payment Links guide:
//! - `line_items` is required, 1 to 20 items, each with `price` or
//!   `price_data` and a `quantity`;
//! - `after_completion[type]` is `hosted_confirmation` or `redirect`, and
//!   `redirect` needs `after_completion[redirect][url]`;
//! - `restrictions[completed_sessions][limit]`: once that many sessions
//!   complete, the link stops taking payments;
//! - "Metadata associated with this Payment Link will automatically be
//!   copied to checkout sessions created by this payment link";
//! - a link's line items' prices can't be changed once it has been created
//!   (only `active`, metadata and a few settings are updatable).

use crate::error::StripeError;
use crate::form::Params;
use crate::rules::{
    check_inline_price, check_metadata, check_url, describe_minimum, integer, minimum_charge, unknown_under,
};
use crate::state::{Account, Owned, State};
use serde_json::{json, Map, Value};

const CREATE_PARAMS: &[&str] = &[
    "after_completion",
    "allow_promotion_codes",
    "application_fee_amount",
    "application_fee_percent",
    "automatic_tax",
    "billing_address_collection",
    "consent_collection",
    "currency",
    "custom_fields",
    "custom_text",
    "customer_creation",
    "expand",
    "inactive_message",
    "invoice_creation",
    "line_items",
    "metadata",
    "name_collection",
    "on_behalf_of",
    "optional_items",
    "payment_intent_data",
    "payment_method_collection",
    "payment_method_types",
    "phone_number_collection",
    "restrictions",
    "shipping_address_collection",
    "shipping_options",
    "submit_type",
    "subscription_data",
    "tax_id_collection",
    "transfer_data",
];

/// Update takes no `currency` or `transfer_data`, and a line item only its
/// `id`, `quantity` and `adjustable_quantity`: never a new price.
const UPDATE_PARAMS: &[&str] = &[
    "active",
    "after_completion",
    "allow_promotion_codes",
    "automatic_tax",
    "billing_address_collection",
    "custom_fields",
    "custom_text",
    "customer_creation",
    "expand",
    "inactive_message",
    "invoice_creation",
    "line_items",
    "metadata",
    "name_collection",
    "payment_intent_data",
    "payment_method_collection",
    "payment_method_types",
    "phone_number_collection",
    "restrictions",
    "shipping_address_collection",
    "submit_type",
    "subscription_data",
    "tax_id_collection",
];

const LINE_ITEM_PARAMS: &[&str] = &["adjustable_quantity", "price", "price_data", "quantity"];
const PRICE_DATA_PARAMS: &[&str] =
    &["currency", "product", "product_data", "recurring", "tax_behavior", "unit_amount", "unit_amount_decimal"];
const PRODUCT_DATA_PARAMS: &[&str] = &["description", "images", "metadata", "name", "tax_code", "unit_label"];
const PAYMENT_INTENT_DATA_PARAMS: &[&str] = &[
    "capture_method",
    "description",
    "metadata",
    "setup_future_usage",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "transfer_group",
];
const AFTER_COMPLETION_PARAMS: &[&str] = &["hosted_confirmation", "redirect", "type"];

fn metadata(params: &Params, prefix: &str) -> Value {
    Value::Object(params.under(prefix).into_iter().map(|(k, v)| (k, json!(v))).collect::<Map<_, _>>())
}

fn check_after_completion(params: &Params) -> Result<(), StripeError> {
    unknown_under(params, "after_completion", AFTER_COMPLETION_PARAMS)?;
    match params.get("after_completion[type]") {
        None if params.under("after_completion").is_empty() => Ok(()),
        None => Err(StripeError::missing("after_completion[type]")),
        Some("hosted_confirmation") => {
            if params
                .get("after_completion[hosted_confirmation][custom_message]")
                .is_some_and(|m| m.chars().count() > 500)
            {
                return Err(StripeError::invalid(
                    None,
                    Some("after_completion[hosted_confirmation][custom_message]"),
                    "The custom message must be at most 500 characters.",
                ));
            }
            Ok(())
        }
        Some("redirect") => {
            if !params.has("after_completion[redirect][url]") {
                return Err(StripeError::missing("after_completion[redirect][url]"));
            }
            check_url(params, "after_completion[redirect][url]")
        }
        Some(other) => Err(StripeError::invalid(
            None,
            Some("after_completion[type]"),
            format!("Invalid after_completion[type]: must be one of hosted_confirmation or redirect (got {other})"),
        )),
    }
}

fn check_restrictions(params: &Params) -> Result<(), StripeError> {
    unknown_under(params, "restrictions", &["completed_sessions"])?;
    unknown_under(params, "restrictions[completed_sessions]", &["limit"])?;
    if params.under("restrictions[completed_sessions]").is_empty() {
        return Ok(());
    }
    match integer(params, "restrictions[completed_sessions][limit]")? {
        None => Err(StripeError::missing("restrictions[completed_sessions][limit]")),
        Some(limit) if limit < 1 => Err(StripeError::invalid(
            Some("parameter_invalid_integer"),
            Some("restrictions[completed_sessions][limit]"),
            "This value must be greater than or equal to 1.",
        )),
        Some(_) => Ok(()),
    }
}

/// The link's total and currency, as Stripe checks `line_items`.
fn check_line_items(params: &Params) -> Result<(String, i64), StripeError> {
    let items = params.indices("line_items");
    if items.is_empty() {
        return Err(StripeError::missing("line_items"));
    }
    if items.len() > 20 {
        return Err(StripeError::invalid(None, Some("line_items"), "A payment link can have at most 20 line items."));
    }
    let mut currency: Option<String> = None;
    let mut total = 0;
    for i in items {
        let p = |rest: &str| format!("line_items[{i}]{rest}");
        unknown_under(params, &p(""), LINE_ITEM_PARAMS)?;
        unknown_under(params, &p("[price_data]"), PRICE_DATA_PARAMS)?;
        unknown_under(params, &p("[price_data][product_data]"), PRODUCT_DATA_PARAMS)?;
        let (lower, amount) = check_inline_price(params, i)?;
        if currency.as_deref().is_some_and(|c| c != lower) {
            return Err(StripeError::invalid(
                None,
                Some(&p("[price_data][currency]")),
                "All prices on a payment link must use the same currency.",
            ));
        }
        currency = Some(lower);
        total += amount;
    }
    let currency = currency.unwrap_or_default();
    if let Some(minimum) = minimum_charge(&currency) {
        if total < minimum {
            return Err(StripeError::invalid(
                Some("amount_too_small"),
                Some("line_items"),
                format!("The payment link's total must add up to at least {}", describe_minimum(&currency, minimum)),
            ));
        }
    }
    if total > 99_999_999 {
        return Err(StripeError::invalid(
            Some("amount_too_large"),
            Some("line_items"),
            "Amount must be no more than 99999999.",
        ));
    }
    Ok((currency, total))
}

pub(crate) fn create(state: &mut State, account: &Account, params: &Params) -> Result<Value, StripeError> {
    for name in params.top_level() {
        if !CREATE_PARAMS.contains(&name) {
            return Err(StripeError::unknown(name));
        }
    }
    let (currency, total) = check_line_items(params)?;
    check_after_completion(params)?;
    check_restrictions(params)?;
    unknown_under(params, "payment_intent_data", PAYMENT_INTENT_DATA_PARAMS)?;
    check_metadata(params, "metadata")?;
    check_metadata(params, "payment_intent_data[metadata]")?;
    if params.get("inactive_message").is_some_and(|m| m.chars().count() > 500) {
        return Err(StripeError::invalid(
            None,
            Some("inactive_message"),
            "The inactive message must be at most 500 characters.",
        ));
    }
    let id = state.next_id("plink", account.livemode);
    let mode = if account.livemode { "" } else { "test_" };
    let link = json!({
        "id": id, "object": "payment_link", "active": true, "livemode": account.livemode,
        "currency": currency, "url": format!("https://buy.stripe.com/{mode}{}", id.trim_start_matches("plink_")),
        "metadata": metadata(params, "metadata"),
        "after_completion": { "type": params.get("after_completion[type]").unwrap_or("hosted_confirmation") },
        "inactive_message": params.get("inactive_message"),
        "restrictions": params.get("restrictions[completed_sessions][limit]").map(|l| json!({
            "completed_sessions": { "count": 0, "limit": l.parse::<i64>().unwrap_or(1) } })),
        // Not part of Stripe's object: what the double needs to make a
        // session when the patient pays.
        "x_double": { "amount_total": total, "pi_metadata": metadata(params, "payment_intent_data[metadata]") },
    });
    state.payment_links.push(Owned { account: account.id.clone(), object: link.clone() });
    Ok(public(link))
}

/// The link as Stripe shows it (without the double's own notes).
pub(crate) fn public(mut link: Value) -> Value {
    if let Some(o) = link.as_object_mut() {
        o.remove("x_double");
    }
    link
}

pub(crate) fn retrieve(state: &mut State, account: &Account, id: &str) -> Result<Value, StripeError> {
    state
        .payment_links
        .iter()
        .find(|l| l.account == account.id && l.object["id"] == id)
        .map(|l| public(l.object.clone()))
        .ok_or_else(|| StripeError::no_such("payment_link", id, None, 404))
}

pub(crate) fn update(state: &mut State, account: &Account, id: &str, params: &Params) -> Result<Value, StripeError> {
    for name in params.top_level() {
        if !UPDATE_PARAMS.contains(&name) {
            return Err(StripeError::unknown(name));
        }
    }
    for i in params.indices("line_items") {
        unknown_under(params, &format!("line_items[{i}]"), &["adjustable_quantity", "id", "quantity"])?;
    }
    let active = match params.get("active") {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            return Err(StripeError::invalid(
                Some("parameter_invalid_boolean"),
                Some("active"),
                format!("Invalid boolean: {other}"),
            ))
        }
    };
    check_metadata(params, "metadata")?;
    let link = state
        .payment_links
        .iter_mut()
        .find(|l| l.account == account.id && l.object["id"] == id)
        .ok_or_else(|| StripeError::no_such("payment_link", id, None, 404))?;
    if let Some(active) = active {
        link.object["active"] = json!(active);
    }
    for (k, v) in params.under("metadata") {
        link.object["metadata"][k] = json!(v);
    }
    Ok(public(link.object.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> Account {
        Account { id: "acct_1".into(), livemode: false, display_name: "Clinic".into(), business_url: None }
    }

    fn code(r: Result<Value, StripeError>) -> (Option<String>, Option<String>) {
        let e = r.expect_err("Stripe refuses this");
        (e.code().map(str::to_string), e.param().map(str::to_string))
    }

    const OK: &str = "line_items[0][price_data][currency]=aud&line_items[0][price_data][unit_amount]=4500\
        &line_items[0][price_data][product_data][name]=Invoice&line_items[0][quantity]=1\
        &restrictions[completed_sessions][limit]=1&metadata[clinicdesk_invoice_id]=7";

    #[test]
    fn refuses_what_stripe_refuses() {
        let mut state = State::default();
        let a = account();
        let p = |s: &str| Params::parse(s.as_bytes());
        let link = create(&mut state, &a, &p(OK)).unwrap();
        assert_eq!(link["active"], true);
        assert!(link["url"].as_str().unwrap().starts_with("https://buy.stripe.com/test_"));
        assert!(link.get("x_double").is_none());
        let missing = code(create(&mut state, &a, &p("metadata[a]=b")));
        assert_eq!(missing, (Some("parameter_missing".into()), Some("line_items".into())));
        let redirect = code(create(&mut state, &a, &p(&format!("{OK}&after_completion[type]=redirect"))));
        assert_eq!(redirect.1.as_deref(), Some("after_completion[redirect][url]"));
        let unknown = code(create(&mut state, &a, &p(&format!("{OK}&expires_at=99"))));
        assert_eq!(unknown, (Some("parameter_unknown".into()), Some("expires_at".into())));
        let small = OK.replace("unit_amount]=4500", "unit_amount]=20");
        assert_eq!(code(create(&mut state, &a, &p(&small))).0.as_deref(), Some("amount_too_small"));
        let limit = OK.replace("limit]=1", "limit]=0");
        assert_eq!(code(create(&mut state, &a, &p(&limit))).0.as_deref(), Some("parameter_invalid_integer"));
        // A link's price can't be changed: line items' prices are not updatable.
        let id = link["id"].as_str().unwrap().to_string();
        let change = code(update(&mut state, &a, &id, &p("line_items[0][price_data][unit_amount]=100")));
        assert_eq!(change, (Some("parameter_unknown".into()), Some("line_items[0][price_data]".into())));
        assert_eq!(update(&mut state, &a, &id, &p("active=false")).unwrap()["active"], false);
        assert_eq!(
            code(update(&mut state, &a, "plink_nope", &p("active=false"))).0.as_deref(),
            Some("resource_missing")
        );
    }
}

//! The ledger's refusals as field errors, with the amounts the UI words
//! them with (`params`); Rust's message is the plain fallback.

use crate::domain::{Currency, Money, Refusal};
use crate::error::{Error, FieldError};

pub(crate) fn refusal_error(refusal: Refusal, currency: Currency, field: &str) -> Error {
    let money = |minor: i64| Money::new(minor, currency);
    let e = match refusal {
        Refusal::ExceedsBalance { owing } => {
            FieldError::new(field, "exceeds_balance", format!("That is more than is owing ({}).", money(owing)))
                .with("owingMinor", owing)
        }
        Refusal::ExceedsRefundable { left } => FieldError::new(
            field,
            "exceeds_refundable",
            format!("At most {} of this payment is left to refund.", money(left)),
        )
        .with("leftMinor", left),
        Refusal::WouldOverpay { by } => FieldError::new(
            field,
            "would_overpay",
            format!("This would leave {} paid too much; refund it as well.", money(by)),
        )
        .with("byMinor", by),
        Refusal::NotPositive => FieldError::new(field, "not_positive", "Enter an amount more than zero."),
        Refusal::NotAPayment => FieldError::new(field, "not_a_payment", "That is not a payment of this appointment."),
        Refusal::AlreadyReversed => FieldError::new(field, "already_reversed", "That entry was already corrected."),
        Refusal::IsAReversal => {
            FieldError::new(field, "is_a_reversal", "A correction can't be corrected; add the entry again instead.")
        }
        Refusal::HasRefunds => {
            FieldError::new(field, "has_refunds", "This payment has refunds; it can't be corrected as a whole.")
        }
    };
    Error::Validation(vec![e])
}

//! What the account's dialogs send, as typed, and what it becomes once
//! parsed. Amounts are checked against the currency (decimals, Stripe's
//! minimum) and the account (the balance, what is left to refund) by core.

use crate::domain::appointment_type::amount_error;
use crate::domain::{parse_percentage, DecimalAmount, EntryId, PaymentMethod, Percentage};
use crate::error::{Error, FieldErrors, Invalid};
use serde::Deserialize;

/// Free text a person typed (a reason, a note, a fund's name): trimmed,
/// `max` characters at most, no NUL or other control characters except line
/// breaks in longer notes. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Text(String);

impl Text {
    pub fn parse(value: &str, max: usize, required: &'static str) -> Result<Option<Text>, Invalid> {
        let text = value.trim();
        if text.is_empty() {
            return if required.is_empty() { Ok(None) } else { Err(Invalid::new("required", required)) };
        }
        let chars = text.chars().count();
        if chars > max {
            return Err(Invalid::new("too_long", format!("Use at most {max} characters (this has {chars}).")));
        }
        crate::domain::text::check_note(text)?;
        Ok(Some(Text(text.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Text(<redacted>)")
    }
}

fn amount(errors: &mut FieldErrors, text: &str) -> Option<DecimalAmount> {
    amount_at(errors, "amount", text)
}

fn amount_at(errors: &mut FieldErrors, field: &str, text: &str) -> Option<DecimalAmount> {
    errors.check(field, DecimalAmount::try_from(text).map_err(amount_error))
}

fn finish<T>(errors: FieldErrors, value: impl FnOnce() -> Option<T>) -> Result<T, Error> {
    errors.finish()?;
    value().ok_or_else(|| Error::Corrupt("a field failed without an error".into()))
}

/// "Take payment".
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TakePaymentForm {
    pub amount: String,
    pub method: String,
    pub fund_name: String,
    pub claim_reference: String,
    pub note: String,
}

impl std::fmt::Debug for TakePaymentForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TakePaymentForm")
            .field("amount", &self.amount)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct TakePaymentDraft {
    pub amount: DecimalAmount,
    pub method: PaymentMethod,
    pub fund_name: Option<Text>,
    pub claim_reference: Option<Text>,
    pub note: Option<Text>,
}

impl TryFrom<TakePaymentForm> for TakePaymentDraft {
    type Error = Error;
    fn try_from(form: TakePaymentForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let amount = amount(&mut errors, &form.amount);
        let method = errors.check("method", PaymentMethod::try_from(form.method.as_str()));
        let fund = method == Some(PaymentMethod::HealthFund);
        let fund_name = errors
            .check(
                "fundName",
                Text::parse(&form.fund_name, 100, if fund { "Enter the health fund's name." } else { "" }),
            )
            .flatten();
        let claim_reference = errors
            .check(
                "claimReference",
                Text::parse(&form.claim_reference, 100, if fund { "Enter the claim's reference number." } else { "" }),
            )
            .flatten();
        let other = method == Some(PaymentMethod::Other);
        let note = errors
            .check("note", Text::parse(&form.note, 500, if other { "Say how it was paid." } else { "" }))
            .flatten();
        finish(errors, || {
            Some(TakePaymentDraft {
                amount: amount?,
                method: method?,
                fund_name: fund_name.filter(|_| fund),
                claim_reference: claim_reference.filter(|_| fund),
                note,
            })
        })
    }
}

/// "Add discount": an amount, a percentage of the service, or a concession.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiscountForm {
    /// "amount", "percent" or "concession".
    pub kind: String,
    pub amount: String,
    pub percent: String,
    pub concession_id: String,
    pub reason: String,
    /// Refund what the discount leaves paid too much, instead of refusing.
    pub refund_excess: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscountBy {
    Amount(DecimalAmount),
    Percent(Percentage),
    Concession(i64),
}

#[derive(Debug, Clone)]
pub struct DiscountDraft {
    pub by: DiscountBy,
    pub reason: Option<Text>,
    pub refund_excess: bool,
}

impl DiscountForm {
    /// The form left empty: no discount (the booking dialog's default).
    pub fn is_empty(&self) -> bool {
        self.kind.trim().is_empty() || self.kind == "none"
    }
}

impl TryFrom<DiscountForm> for DiscountDraft {
    type Error = Error;
    fn try_from(form: DiscountForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let by = match form.kind.as_str() {
            "amount" => amount(&mut errors, &form.amount).map(DiscountBy::Amount),
            "percent" => errors.check("percent", parse_percentage(&form.percent)).map(DiscountBy::Percent),
            "concession" => errors
                .check(
                    "concessionId",
                    form.concession_id
                        .trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|id| *id > 0)
                        .ok_or_else(|| Invalid::new("required", "Choose a concession.")),
                )
                .map(DiscountBy::Concession),
            _ => {
                errors.push(
                    Invalid::new("invalid_choice", "Choose an amount, a percentage or a concession.")
                        .at("discountKind"),
                );
                None
            }
        };
        let needs_reason = !matches!(by, Some(DiscountBy::Concession(_)));
        let reason = errors
            .check(
                "reason",
                Text::parse(&form.reason, 500, if needs_reason { "Say why the discount is given." } else { "" }),
            )
            .flatten();
        finish(errors, || Some(DiscountDraft { by: by?, reason, refund_excess: form.refund_excess }))
    }
}

/// "Refund" on a payment.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RefundForm {
    pub payment_id: String,
    pub amount: String,
    pub reason: String,
}

impl std::fmt::Debug for RefundForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefundForm")
            .field("payment_id", &self.payment_id)
            .field("amount", &self.amount)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct RefundDraft {
    pub payment: EntryId,
    pub amount: DecimalAmount,
    pub reason: Text,
}

impl TryFrom<RefundForm> for RefundDraft {
    type Error = Error;
    fn try_from(form: RefundForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let payment = errors.check(
            "paymentId",
            form.payment_id
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(EntryId)
                .ok_or_else(|| Invalid::new("required", "Choose the payment to refund.")),
        );
        let amount = amount(&mut errors, &form.amount);
        let reason = errors.check("reason", Text::parse(&form.reason, 500, "Say why the money is refunded.")).flatten();
        finish(errors, || Some(RefundDraft { payment: payment?, amount: amount?, reason: reason? }))
    }
}

/// "Correct" (reverse) an entry, or waive a fee.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CorrectionForm {
    pub entry_id: String,
    pub reason: String,
    pub refund_excess: bool,
}

impl std::fmt::Debug for CorrectionForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CorrectionForm").field("entry_id", &self.entry_id).finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct CorrectionDraft {
    pub entry: EntryId,
    pub reason: Text,
    pub refund_excess: bool,
}

impl TryFrom<CorrectionForm> for CorrectionDraft {
    type Error = Error;
    fn try_from(form: CorrectionForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let entry = errors.check(
            "entryId",
            form.entry_id
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .map(EntryId)
                .ok_or_else(|| Invalid::new("required", "Choose the entry to correct.")),
        );
        let reason = errors.check("reason", Text::parse(&form.reason, 500, "Say why it is corrected.")).flatten();
        finish(errors, || Some(CorrectionDraft { entry: entry?, reason: reason?, refund_excess: form.refund_excess }))
    }
}

/// What becomes of the money when an appointment is cancelled or marked a
/// no-show: waive the fee or not, and refund what was paid beyond it or keep
/// it as the fee.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CloseMoneyForm {
    pub waive_fee: bool,
    pub waive_reason: String,
    /// "refund", "part" or "keep" (asked only when more was paid than is
    /// charged).
    pub surplus: String,
    /// With "part": how much to refund; the rest is kept as the fee.
    pub refund_amount: String,
}

impl std::fmt::Debug for CloseMoneyForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloseMoneyForm")
            .field("waive_fee", &self.waive_fee)
            .field("surplus", &self.surplus)
            .field("refund_amount", &self.refund_amount)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surplus {
    Refund,
    /// Refund this much; keep the rest as the fee.
    RefundPart(DecimalAmount),
    Keep,
}

#[derive(Debug, Clone, Default)]
pub struct CloseMoney {
    pub waive_fee: Option<Text>,
    pub surplus: Option<Surplus>,
}

impl TryFrom<CloseMoneyForm> for CloseMoney {
    type Error = Error;
    fn try_from(form: CloseMoneyForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let waive_fee = if form.waive_fee {
            errors.check("waiveReason", Text::parse(&form.waive_reason, 500, "Say why the fee is waived.")).flatten()
        } else {
            None
        };
        let surplus = match form.surplus.as_str() {
            "" => None,
            "refund" => Some(Surplus::Refund),
            "part" => amount_at(&mut errors, "refundAmount", &form.refund_amount).map(Surplus::RefundPart),
            "keep" => Some(Surplus::Keep),
            _ => {
                errors.push(
                    Invalid::new("invalid_choice", "Choose to refund it, refund part, or keep it.").at("surplus"),
                );
                None
            }
        };
        errors.finish()?;
        Ok(CloseMoney { waive_fee, surplus })
    }
}

/// Settings → Concessions: a name and a percentage.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConcessionForm {
    pub name: String,
    pub percent: String,
}

#[derive(Debug, Clone)]
pub struct ConcessionDraft {
    pub name: String,
    pub percent: Percentage,
}

impl TryFrom<ConcessionForm> for ConcessionDraft {
    type Error = Error;
    fn try_from(form: ConcessionForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let name =
            errors.check("name", Text::parse(&form.name, 60, "Enter the concession's name, e.g. Pensioner.")).flatten();
        let percent = errors.check("percent", parse_percentage(&form.percent));
        finish(errors, || Some(ConcessionDraft { name: name?.as_str().to_string(), percent: percent? }))
    }
}

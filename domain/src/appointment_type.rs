//! Appointment types and their online payment settings.

use super::money::{AmountError, Currency, DecimalAmount, Money, Percentage};
use crate::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AppointmentTypeId(pub i64);

/// A type's name: trimmed, 1–100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct AppointmentTypeName(String);

impl AppointmentTypeName {
    pub const MAX_CHARS: usize = 100;

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What uniqueness is decided on: "Massage" and "MASSAGE" are one name.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl TryFrom<String> for AppointmentTypeName {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Invalid> {
        let name = value.trim();
        if name.is_empty() {
            return Err(Invalid::new("required", "Enter a name."));
        }
        let chars = name.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(Invalid::new(
                "too_long",
                format!("Use at most {} characters (this has {chars}).", Self::MAX_CHARS),
            )
            .with("max", Self::MAX_CHARS)
            .with("actual", chars));
        }
        super::text::check_name(name)?;
        Ok(AppointmentTypeName(name.to_string()))
    }
}

/// Free text shown to staff, up to 2 000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Description(String);

impl Description {
    pub const MAX_CHARS: usize = 2000;
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Description {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Invalid> {
        let text = value.trim();
        let chars = text.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(Invalid::new(
                "too_long",
                format!("Use at most {} characters (this has {chars}).", Self::MAX_CHARS),
            )
            .with("max", Self::MAX_CHARS)
            .with("actual", chars));
        }
        super::text::check_note(text)?;
        Ok(Description(text.to_string()))
    }
}

/// How long an appointment of this type lasts: 5 to 720 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DurationMinutes(u16);

impl DurationMinutes {
    pub const MIN: i64 = 5;
    pub const MAX: i64 = 720;
    pub fn get(self) -> u16 {
        self.0
    }
    pub fn new(minutes: i64) -> Result<Self, Invalid> {
        if (Self::MIN..=Self::MAX).contains(&minutes) {
            Ok(DurationMinutes(minutes as u16))
        } else {
            Err(Invalid::new("out_of_range", "Enter a duration from 5 to 720 minutes.")
                .with("min", Self::MIN)
                .with("max", Self::MAX))
        }
    }
}

impl TryFrom<&str> for DurationMinutes {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Self, Invalid> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Invalid::new("required", "Enter how many minutes it takes."));
        }
        let minutes: i64 = text
            .parse()
            .map_err(|_| Invalid::new("not_a_whole_number", "Enter the duration as a whole number of minutes."))?;
        DurationMinutes::new(minutes)
    }
}

/// A colour for the calendar, as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Colour(String);

impl Colour {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for Colour {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Self, Invalid> {
        let text = text.trim();
        let ok = text.len() == 7 && text.starts_with('#') && text[1..].chars().all(|c| c.is_ascii_hexdigit());
        if ok {
            Ok(Colour(text.to_ascii_lowercase()))
        } else {
            Err(Invalid::new("invalid_colour", "Pick a colour."))
        }
    }
}

/// Whether patients pay online when they book this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMode {
    Disabled,
    Allowed,
    Required,
}

impl PaymentMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMode::Disabled => "disabled",
            PaymentMode::Allowed => "allowed",
            PaymentMode::Required => "required",
        }
    }
}

impl TryFrom<&str> for PaymentMode {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Self, Invalid> {
        match text {
            "disabled" => Ok(PaymentMode::Disabled),
            "allowed" => Ok(PaymentMode::Allowed),
            "required" => Ok(PaymentMode::Required),
            _ => Err(Invalid::new("invalid_choice", "Choose Disabled, Allowed or Required.")),
        }
    }
}

/// How much of the price is taken online.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AmountRule {
    Full,
    Fixed { amount: Money },
    Percent { percent: Percentage },
}

impl AmountRule {
    pub fn kind(&self) -> &'static str {
        match self {
            AmountRule::Full => "full",
            AmountRule::Fixed { .. } => "fixed",
            AmountRule::Percent { .. } => "percent",
        }
    }

    /// The amount this rule takes of `price`.
    pub fn amount_of(&self, price: Money) -> Money {
        match *self {
            AmountRule::Full => price,
            AmountRule::Fixed { amount } => amount,
            AmountRule::Percent { percent } => price.percent(percent),
        }
    }
}

/// The rule as the owner entered it, before the currency is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountRuleDraft {
    Full,
    Fixed(DecimalAmount),
    Percent(Percentage),
}

/// A type's online payment settings, checked against its price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnlinePayment {
    pub mode: PaymentMode,
    pub rule: AmountRule,
}

impl OnlinePayment {
    pub const DISABLED: OnlinePayment = OnlinePayment { mode: PaymentMode::Disabled, rule: AmountRule::Full };

    /// What a patient pays online at booking, or `None` when this type takes
    /// no online payment.
    pub fn amount(&self, price: Money) -> Option<Money> {
        match self.mode {
            PaymentMode::Disabled => None,
            PaymentMode::Allowed | PaymentMode::Required => Some(self.rule.amount_of(price)),
        }
    }
}

/// Field names shared by the form, the validation and the UI.
pub mod fields {
    pub const NAME: &str = "name";
    pub const DESCRIPTION: &str = "description";
    pub const DURATION: &str = "durationMinutes";
    pub const PRICE: &str = "price";
    pub const COLOUR: &str = "colour";
    pub const ONLINE_MODE: &str = "onlineMode";
    pub const AMOUNT_RULE: &str = "amountRule";
    pub const FIXED_AMOUNT: &str = "fixedAmount";
    pub const PERCENTAGE: &str = "percentage";
    pub const CANCELLATION_FEE: &str = "cancellationFee";
    pub const NO_SHOW_FEE: &str = "noShowFee";
}

/// The largest price a type may have: 1 000 000 in the major unit.
pub fn max_price(currency: Currency) -> Money {
    Money::new(1_000_000 * currency.minor_per_major(), currency)
}

/// Reads typed money for a field, in words for the person who typed it.
pub fn amount_in(text: &str, currency: Currency) -> Result<Money, Invalid> {
    let decimal = DecimalAmount::try_from(text).map_err(amount_error)?;
    decimal.to_money(currency).map_err(amount_error)
}

pub fn amount_error(e: AmountError) -> Invalid {
    match e {
        AmountError::Empty => Invalid::new("required", "Enter an amount."),
        AmountError::NotANumber => Invalid::new("not_an_amount", "Enter an amount such as 90 or 90.00."),
        AmountError::Negative => Invalid::new("negative", "Enter an amount of zero or more."),
        AmountError::TooManyDecimals { max: 0 } => {
            Invalid::new("too_many_decimals", "This currency has no decimal places.").with("max", 0)
        }
        AmountError::TooManyDecimals { max } => {
            Invalid::new("too_many_decimals", format!("Use at most {max} decimal places.")).with("max", max)
        }
        AmountError::TooLarge => Invalid::new("too_large", "That amount is too large."),
        AmountError::Ambiguous => Invalid::new(
            "ambiguous_amount",
            "Write thousands without a separator (1234) and at most two decimals (12.34).",
        ),
    }
}

pub fn parse_percentage(text: &str) -> Result<Percentage, Invalid> {
    let text = text.trim();
    let text = text.strip_suffix('%').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(Invalid::new("required", "Enter a percentage."));
    }
    text.parse::<i64>().ok().and_then(Percentage::new).ok_or_else(|| {
        Invalid::new("out_of_range", "Enter a whole percentage from 1 to 100.").with("min", 1).with("max", 100)
    })
}

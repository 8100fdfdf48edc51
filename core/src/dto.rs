//! What the UI sends: forms as typed, every field a string. `TryFrom` turns
//! each into domain types, reporting every bad field at once.

use crate::domain::appointment_type::fields;
use crate::domain::*;
use crate::error::{Error, FieldError, FieldErrors};
use serde::Deserialize;

/// A type's price and how much of it is taken online, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PricingForm {
    pub price: String,
    pub online_mode: String,
    pub amount_rule: String,
    pub fixed_amount: String,
    pub percentage: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppointmentTypeForm {
    pub name: String,
    pub description: String,
    pub duration_minutes: String,
    pub colour: String,
    #[serde(flatten)]
    pub pricing: PricingForm,
}

/// Price and online payment as entered; amounts become money once the
/// clinic's currency is known.
#[derive(Debug, Clone, Copy)]
pub struct PricingDraft {
    pub price: DecimalAmount,
    pub mode: PaymentMode,
    pub rule: AmountRuleDraft,
}

impl PricingDraft {
    fn parse(form: PricingForm, errors: &mut FieldErrors) -> Option<PricingDraft> {
        let price = errors.check(fields::PRICE, DecimalAmount::try_from(form.price.as_str()).map_err(amount_error));
        let mode = errors.check(fields::ONLINE_MODE, PaymentMode::try_from(form.online_mode.as_str()));
        // The amount rule is hidden, and ignored, while online payment is off.
        let rule = match mode {
            Some(PaymentMode::Disabled) | None => Some(AmountRuleDraft::Full),
            Some(_) => match form.amount_rule.as_str() {
                "full" => Some(AmountRuleDraft::Full),
                "fixed" => errors
                    .check(
                        fields::FIXED_AMOUNT,
                        DecimalAmount::try_from(form.fixed_amount.as_str()).map_err(amount_error),
                    )
                    .map(AmountRuleDraft::Fixed),
                "percent" => {
                    errors.check(fields::PERCENTAGE, parse_percentage(&form.percentage)).map(AmountRuleDraft::Percent)
                }
                _ => {
                    errors.push(FieldError::new(
                        fields::AMOUNT_RULE,
                        "invalid_choice",
                        "Choose full price, a fixed amount or a percentage.",
                    ));
                    None
                }
            },
        };
        Some(PricingDraft { price: price?, mode: mode?, rule: rule? })
    }
}

impl TryFrom<PricingForm> for PricingDraft {
    type Error = Error;
    fn try_from(form: PricingForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let draft = PricingDraft::parse(form, &mut errors);
        errors.finish()?;
        draft.ok_or_else(|| Error::Corrupt("a field failed without an error".into()))
    }
}

/// An appointment type as entered, every field valid on its own.
#[derive(Debug, Clone)]
pub struct AppointmentTypeDraft {
    pub name: AppointmentTypeName,
    pub description: Description,
    pub duration: DurationMinutes,
    pub colour: Colour,
    pub pricing: PricingDraft,
}

impl TryFrom<AppointmentTypeForm> for AppointmentTypeDraft {
    type Error = Error;

    fn try_from(form: AppointmentTypeForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let name = errors.check(fields::NAME, AppointmentTypeName::try_from(form.name));
        let description = errors.check(fields::DESCRIPTION, Description::try_from(form.description));
        let duration = errors.check(fields::DURATION, DurationMinutes::try_from(form.duration_minutes.as_str()));
        let pricing = PricingDraft::parse(form.pricing, &mut errors);
        let colour = errors.check(fields::COLOUR, Colour::try_from(form.colour.as_str()));
        errors.finish()?;
        match (name, description, duration, colour, pricing) {
            (Some(name), Some(description), Some(duration), Some(colour), Some(pricing)) => {
                Ok(AppointmentTypeDraft { name, description, duration, colour, pricing })
            }
            _ => Err(Error::Corrupt("a field failed without an error".into())),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClinicSettingsForm {
    pub name: String,
    pub time_zone: String,
    pub currency: String,
}

impl TryFrom<ClinicSettingsForm> for ClinicSettingsUpdate {
    type Error = Error;

    fn try_from(form: ClinicSettingsForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", ClinicName::try_from(form.name));
        let time_zone = errors.check("timeZone", TimeZoneName::try_from(form.time_zone));
        let currency = errors.check("currency", parse_currency(&form.currency));
        errors.finish()?;
        match (name, time_zone, currency) {
            (Some(name), Some(time_zone), Some(currency)) => Ok(ClinicSettingsUpdate { name, time_zone, currency }),
            _ => Err(Error::Corrupt("a field failed without an error".into())),
        }
    }
}

/// What the Integrations form sends. Its `Debug` hides the key, so even a
/// traced command argument cannot leak it.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConnectStripeForm {
    pub secret_key: String,
}

impl std::fmt::Debug for ConnectStripeForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConnectStripeForm { secret_key: <redacted> }")
    }
}

impl TryFrom<ConnectStripeForm> for crate::secrets::StripeSecret {
    type Error = Error;
    fn try_from(form: ConnectStripeForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let secret = errors.check("secretKey", crate::secrets::StripeSecret::try_from(form.secret_key));
        errors.finish()?;
        secret.ok_or_else(|| Error::Corrupt("a field failed without an error".into()))
    }
}

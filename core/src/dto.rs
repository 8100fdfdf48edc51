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
    /// Optional fees, empty for none.
    pub cancellation_fee: String,
    pub no_show_fee: String,
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
    pub cancellation_fee: Option<DecimalAmount>,
    pub no_show_fee: Option<DecimalAmount>,
}

/// An optional amount: empty is none.
fn optional_amount(errors: &mut FieldErrors, field: &str, text: &str) -> Option<Option<DecimalAmount>> {
    if text.trim().is_empty() {
        return Some(None);
    }
    errors.check(field, DecimalAmount::try_from(text).map_err(amount_error)).map(Some)
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
        let cancellation_fee = optional_amount(&mut errors, fields::CANCELLATION_FEE, &form.cancellation_fee);
        let no_show_fee = optional_amount(&mut errors, fields::NO_SHOW_FEE, &form.no_show_fee);
        errors.finish()?;
        match (name, description, duration, colour, pricing, cancellation_fee, no_show_fee) {
            (
                Some(name),
                Some(description),
                Some(duration),
                Some(colour),
                Some(pricing),
                Some(cancellation_fee),
                Some(no_show_fee),
            ) => {
                Ok(AppointmentTypeDraft { name, description, duration, colour, pricing, cancellation_fee, no_show_fee })
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
    /// Booking settings: absent means "leave as it is".
    pub slot_minutes: Option<String>,
    pub hold_minutes: Option<String>,
    pub allow_outside_hours: Option<bool>,
    pub late_cancel_hours: Option<String>,
    /// Sent after the window asked "N appointments will show at other times".
    pub confirm_time_zone_change: bool,
}

impl TryFrom<ClinicSettingsForm> for ClinicSettingsUpdate {
    type Error = Error;

    fn try_from(form: ClinicSettingsForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", ClinicName::try_from(form.name));
        let time_zone = errors.check("timeZone", TimeZoneName::try_from(form.time_zone));
        let currency = errors.check("currency", parse_currency(&form.currency));
        let slot_minutes =
            form.slot_minutes.and_then(|s| errors.check("slotMinutes", SlotMinutes::try_from(s.as_str())));
        let hold_minutes =
            form.hold_minutes.and_then(|s| errors.check("holdMinutes", HoldMinutes::try_from(s.as_str())));
        let late_cancel_hours =
            form.late_cancel_hours.and_then(|s| errors.check("lateCancelHours", LateCancelHours::try_from(s.as_str())));
        errors.finish()?;
        match (name, time_zone, currency) {
            (Some(name), Some(time_zone), Some(currency)) => Ok(ClinicSettingsUpdate {
                name,
                time_zone,
                currency,
                slot_minutes,
                hold_minutes,
                allow_outside_hours: form.allow_outside_hours,
                late_cancel_hours,
                time_zone_change_confirmed: form.confirm_time_zone_change,
            }),
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

// ---- Front desk -----------------------------------------------------------

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PractitionerForm {
    pub name: String,
}

impl TryFrom<PractitionerForm> for PractitionerName {
    type Error = Error;
    fn try_from(form: PractitionerForm) -> Result<Self, Error> {
        PractitionerName::try_from(form.name.as_str()).map_err(|e| Error::Validation(vec![e.at("name")]))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OpeningDayForm {
    pub weekday: i64,
    pub open: bool,
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OpeningHoursForm {
    pub days: Vec<OpeningDayForm>,
}

impl TryFrom<OpeningHoursForm> for WeeklyHours {
    type Error = Error;
    fn try_from(form: OpeningHoursForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let mut hours = WeeklyHours::default();
        for day in form.days {
            let Some(slot) = usize::try_from(day.weekday - 1).ok().and_then(|i| hours.days.get_mut(i)) else {
                return Err(Error::Refused { code: "invalid_weekday", message: "Weekdays run from 1 to 7.".into() });
            };
            if !day.open {
                *slot = None;
                continue;
            }
            let opens = errors.check(&format!("opens-{}", day.weekday), parse_clock(&day.opens));
            let closes = errors.check(&format!("closes-{}", day.weekday), parse_clock(&day.closes));
            if let (Some(opens), Some(closes)) = (opens, closes) {
                if closes <= opens {
                    errors.push(FieldError::new(
                        format!("closes-{}", day.weekday),
                        "closes_before_opens",
                        "Closing time must be after opening time.",
                    ));
                } else if opens >= 1440 {
                    errors.push(FieldError::new(
                        format!("opens-{}", day.weekday),
                        "invalid_time",
                        "Opening must be before midnight.",
                    ));
                } else {
                    *slot = Some(DayHours { opens, closes });
                }
            }
        }
        errors.finish()?;
        Ok(hours)
    }
}

/// A patient's details as typed. Health records: `Debug` shows none of it,
/// so a traced command argument can't put it in a log.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PatientForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub date_of_birth: String,
    pub notes: String,
}

impl std::fmt::Debug for PatientForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PatientForm(<redacted>)")
    }
}

/// A patient's details, parsed. The date of birth is checked against the
/// clinic's today by core, so it stays text here. `Debug` is redacted.
#[derive(Clone)]
pub struct PatientDraft {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub phone: Phone,
    pub date_of_birth: String,
    pub notes: Notes,
}

impl std::fmt::Debug for PatientDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PatientDraft(<redacted>)")
    }
}

impl TryFrom<PatientForm> for PatientDraft {
    type Error = Error;
    fn try_from(form: PatientForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let first_name = errors.check("firstName", PersonName::first(&form.first_name));
        let last_name = errors.check("lastName", PersonName::last(&form.last_name));
        let email = errors.check("email", Email::try_from(form.email.as_str()));
        let phone = errors.check("phone", Phone::try_from(form.phone.as_str()));
        let notes = errors.check("notes", Notes::try_from(form.notes.as_str()));
        // Shape only here; "not in the future" needs the clinic's today.
        if !form.date_of_birth.trim().is_empty() {
            errors.check(
                "dateOfBirth",
                DateOfBirth::parse(&form.date_of_birth, jiff::civil::date(9999, 12, 31)).map(|_| ()),
            );
        }
        errors.finish()?;
        match (first_name, last_name, email, phone, notes) {
            (Some(first_name), Some(last_name), Some(email), Some(phone), Some(notes)) => Ok(PatientDraft {
                first_name,
                last_name,
                email,
                phone,
                date_of_birth: form.date_of_birth.trim().to_string(),
                notes,
            }),
            _ => Err(Error::Corrupt("a field failed without an error".into())),
        }
    }
}

/// A booking as typed. `Debug` leaves out the free-text reason.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BookingForm {
    pub patient_id: String,
    pub practitioner_id: String,
    pub appointment_type_id: String,
    /// "YYYY-MM-DD" in the clinic's time zone.
    pub date: String,
    /// "HH:MM" in the clinic's time zone.
    pub time: String,
    /// Only for booking a "required" type without online payment.
    pub override_reason: String,
    /// A discount given while booking (its fields come back as
    /// `discountAmount`, `discountPercent`, `discountConcessionId`,
    /// `discountReason`).
    pub discount: crate::account::forms::DiscountForm,
}

impl std::fmt::Debug for BookingForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BookingForm")
            .field("patient_id", &self.patient_id)
            .field("practitioner_id", &self.practitioner_id)
            .field("appointment_type_id", &self.appointment_type_id)
            .field("date", &self.date)
            .field("time", &self.time)
            .field("override_reason", &(!self.override_reason.is_empty()).then_some("<redacted>"))
            .field("discount", &self.discount.kind)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct BookingDraft {
    pub patient: PatientId,
    pub practitioner: PractitionerId,
    pub appointment_type: AppointmentTypeId,
    pub date: jiff::civil::Date,
    /// Minutes after local midnight.
    pub minutes: i64,
    pub override_reason: Option<OverrideReason>,
    pub discount: Option<crate::account::forms::DiscountDraft>,
}

/// A discount's field errors as the booking form names them.
fn discount_field(field: &str) -> String {
    let mut chars = field.chars();
    match chars.next() {
        Some(first) => format!("discount{}{}", first.to_ascii_uppercase(), chars.as_str()),
        None => "discount".into(),
    }
}

fn chosen_id(text: &str, what: &'static str) -> Result<i64, crate::error::Invalid> {
    text.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| crate::error::Invalid::new("required", what))
}

impl TryFrom<BookingForm> for BookingDraft {
    type Error = Error;
    fn try_from(form: BookingForm) -> Result<Self, Error> {
        let mut errors = FieldErrors::new();
        let patient = errors.check("patientId", chosen_id(&form.patient_id, "Choose a patient, or add a new one."));
        let practitioner = errors.check("practitionerId", chosen_id(&form.practitioner_id, "Choose a practitioner."));
        let appointment_type =
            errors.check("appointmentTypeId", chosen_id(&form.appointment_type_id, "Choose an appointment type."));
        let date = errors.check(
            "date",
            form.date.trim().parse::<jiff::civil::Date>().map_err(|_| {
                crate::error::Invalid::new("invalid_date", "Enter the date as YYYY-MM-DD, e.g. 2026-11-27.")
            }),
        );
        let minutes = errors.check(
            "time",
            parse_clock(&form.time).and_then(|m| {
                if m >= 1440 {
                    Err(crate::error::Invalid::new("invalid_time", "Enter a time before midnight."))
                } else {
                    Ok(m)
                }
            }),
        );
        let override_reason = if form.override_reason.trim().is_empty() {
            None
        } else {
            errors.check("overrideReason", OverrideReason::try_from(form.override_reason.as_str()))
        };
        let discount = if form.discount.is_empty() {
            Some(None)
        } else {
            match crate::account::forms::DiscountDraft::try_from(form.discount) {
                Ok(d) => Some(Some(d)),
                Err(e) => {
                    for mut f in e.field_errors().to_vec() {
                        f.field = discount_field(&f.field);
                        errors.push(f);
                    }
                    None
                }
            }
        };
        errors.finish()?;
        match (patient, practitioner, appointment_type, date, minutes, discount) {
            (Some(p), Some(pr), Some(t), Some(date), Some(minutes), Some(discount)) => Ok(BookingDraft {
                patient: PatientId(p),
                practitioner: PractitionerId(pr),
                appointment_type: AppointmentTypeId(t),
                date,
                minutes,
                override_reason,
                discount,
            }),
            _ => Err(Error::Corrupt("a field failed without an error".into())),
        }
    }
}

/// "After paying, patients go to" (Settings → Integrations).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReturnUrlForm {
    pub return_url: String,
}

impl TryFrom<ReturnUrlForm> for ReturnUrl {
    type Error = Error;
    fn try_from(form: ReturnUrlForm) -> Result<Self, Error> {
        ReturnUrl::try_from(form.return_url.as_str()).map_err(|e| Error::Validation(vec![e.at("returnUrl")]))
    }
}

/// What was done about an item under Needs attention. Free text: `Debug`
/// leaves it out.
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResolutionForm {
    pub note: String,
}

impl std::fmt::Debug for ResolutionForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResolutionForm(<redacted>)")
    }
}

impl TryFrom<ResolutionForm> for ResolutionNote {
    type Error = Error;
    fn try_from(form: ResolutionForm) -> Result<Self, Error> {
        ResolutionNote::try_from(form.note.as_str()).map_err(|e| Error::Validation(vec![e.at("note")]))
    }
}

#[cfg(test)]
mod redaction {
    use super::*;

    #[test]
    fn personal_details_and_free_text_never_print() {
        let patient = PatientForm {
            first_name: "Mia".into(),
            last_name: "Chen".into(),
            email: "mia@example.com".into(),
            phone: "0412 345 678".into(),
            date_of_birth: "1990-01-01".into(),
            notes: "Knee pain".into(),
        };
        let draft: PatientDraft = patient.clone().try_into().unwrap();
        let booking = BookingForm { override_reason: "Owes money from last visit".into(), ..Default::default() };
        let reason = OverrideReason::try_from("Owes money from last visit").unwrap();
        let note = ResolutionForm { note: "Refunded Mia".into() };
        let printed = format!("{patient:?} {draft:?} {booking:?} {reason:?} {note:?}");
        for secret in ["Mia", "Chen", "mia@", "0412", "1990", "Knee", "Owes money", "Refunded"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
    }
}

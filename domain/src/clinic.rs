//! The clinic itself: its name, time zone and currency.

use super::money::Currency;
use crate::Invalid;
use serde::Serialize;

/// The clinic's name as patients know it: trimmed, 1–100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ClinicName(String);

impl ClinicName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClinicName {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Invalid> {
        let name = value.trim();
        let chars = name.chars().count();
        if name.is_empty() {
            Err(Invalid::new("required", "Enter the clinic's name."))
        } else if chars > 100 {
            Err(Invalid::new("too_long", format!("Use at most 100 characters (this has {chars})."))
                .with("max", 100)
                .with("actual", chars))
        } else {
            super::text::check_name(name)?;
            Ok(ClinicName(name.to_string()))
        }
    }
}

/// An IANA time zone name that this machine's time zone database knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.0).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// The operating system's zone, or UTC if it has no IANA name.
    pub fn system() -> TimeZoneName {
        jiff::tz::TimeZone::try_system()
            .ok()
            .and_then(|tz| tz.iana_name().map(str::to_string))
            .and_then(|name| TimeZoneName::try_from(name).ok())
            .unwrap_or_else(|| TimeZoneName("UTC".into()))
    }

    /// Every zone name the time zone database knows, sorted.
    pub fn all() -> Vec<String> {
        let mut names: Vec<String> = jiff::tz::db().available().map(|n| n.as_str().to_string()).collect();
        names.sort();
        names.dedup();
        names
    }
}

impl TryFrom<String> for TimeZoneName {
    type Error = Invalid;
    fn try_from(value: String) -> Result<Self, Invalid> {
        let name = value.trim();
        if name.is_empty() {
            return Err(Invalid::new("required", "Choose the clinic's time zone."));
        }
        match jiff::tz::TimeZone::get(name) {
            Ok(tz) => Ok(TimeZoneName(tz.iana_name().unwrap_or(name).to_string())),
            Err(_) => {
                Err(Invalid::new("unknown_time_zone", "Choose a time zone from the list, such as Australia/Sydney."))
            }
        }
    }
}

pub fn parse_currency(text: &str) -> Result<Currency, Invalid> {
    Currency::from_code(text)
        .ok_or_else(|| Invalid::new("unsupported_currency", "Choose one of the listed currencies."))
}

/// The clinic's settings as stored.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClinicSettings {
    /// Empty until the owner names the clinic.
    pub name: String,
    pub time_zone: String,
    pub currency: Currency,
    /// Whether any appointment type holds prices in `currency`, which then
    /// can no longer change.
    pub currency_locked: bool,
    /// The calendar's granularity in minutes.
    pub slot_minutes: i64,
    /// How long a "required" booking holds its slot for payment.
    pub hold_minutes: i64,
    /// Whether bookings outside opening hours are accepted.
    pub allow_outside_hours: bool,
    /// Cancelling later than this many hours before the start charges the
    /// type's cancellation fee.
    pub late_cancel_hours: i64,
}

/// Validated changes to the clinic's settings.
#[derive(Debug, Clone)]
pub struct ClinicSettingsUpdate {
    pub name: ClinicName,
    pub time_zone: TimeZoneName,
    pub currency: Currency,
    /// `None` keeps what is stored.
    pub slot_minutes: Option<super::SlotMinutes>,
    pub hold_minutes: Option<super::HoldMinutes>,
    pub allow_outside_hours: Option<bool>,
    pub late_cancel_hours: Option<LateCancelHours>,
    /// The owner was told how many appointments a new time zone shows at
    /// other clock times, and still wants it.
    pub time_zone_change_confirmed: bool,
}

/// The late-cancellation window: 0 (never late) to 168 hours (a week).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateCancelHours(u8);

impl LateCancelHours {
    pub fn get(self) -> i64 {
        i64::from(self.0)
    }
}

impl TryFrom<&str> for LateCancelHours {
    type Error = crate::Invalid;
    fn try_from(text: &str) -> Result<Self, Self::Error> {
        text.trim().parse::<u8>().ok().filter(|h| *h <= 168).map(LateCancelHours).ok_or_else(|| {
            crate::Invalid::new("out_of_range", "Enter a number of hours from 0 to 168 (a week).")
                .with("min", 0)
                .with("max", 168)
        })
    }
}

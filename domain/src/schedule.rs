//! The calendar: appointment states and their transitions, slots, opening
//! hours, and how long a slot is held for payment.

use crate::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AppointmentId(pub i64);

/// Where an appointment is in its life (see ARCHITECTURE.md for the diagram).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentState {
    AwaitingPayment,
    Booked,
    Arrived,
    Completed,
    Cancelled,
    NoShow,
    Expired,
}

impl AppointmentState {
    pub const ALL: [AppointmentState; 7] = [
        AppointmentState::AwaitingPayment,
        AppointmentState::Booked,
        AppointmentState::Arrived,
        AppointmentState::Completed,
        AppointmentState::Cancelled,
        AppointmentState::NoShow,
        AppointmentState::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentState::AwaitingPayment => "awaiting_payment",
            AppointmentState::Booked => "booked",
            AppointmentState::Arrived => "arrived",
            AppointmentState::Completed => "completed",
            AppointmentState::Cancelled => "cancelled",
            AppointmentState::NoShow => "no_show",
            AppointmentState::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<AppointmentState> {
        AppointmentState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether an appointment in this state keeps its practitioner busy.
    pub fn occupies_slot(self) -> bool {
        !matches!(self, AppointmentState::Cancelled | AppointmentState::Expired)
    }

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            AppointmentState::Completed
                | AppointmentState::Cancelled
                | AppointmentState::NoShow
                | AppointmentState::Expired
        )
    }

    /// The transitions the clinic's workflow allows. Everything else is
    /// refused with `invalid_transition`, never ignored.
    pub fn can_become(self, to: AppointmentState) -> bool {
        use AppointmentState::*;
        matches!(
            (self, to),
            (AwaitingPayment, Booked | Expired | Cancelled)
                | (Booked, Arrived | Cancelled | NoShow)
                | (Arrived, Completed | Cancelled)
        )
    }
}

/// The calendar's granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SlotMinutes(u8);

impl SlotMinutes {
    pub const CHOICES: [u8; 6] = [5, 10, 15, 20, 30, 60];
    pub fn get(self) -> i64 {
        i64::from(self.0)
    }
}

impl TryFrom<&str> for SlotMinutes {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Self, Invalid> {
        text.trim()
            .parse::<u8>()
            .ok()
            .filter(|m| SlotMinutes::CHOICES.contains(m))
            .map(SlotMinutes)
            .ok_or_else(|| Invalid::new("invalid_choice", "Choose 5, 10, 15, 20, 30 or 60 minutes."))
    }
}

/// How long a "required" booking holds its slot for payment: Stripe lets a
/// Checkout Session live from 30 minutes to 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct HoldMinutes(u16);

impl HoldMinutes {
    pub const MIN: u16 = 30;
    pub const MAX: u16 = 1440;
    pub fn get(self) -> i64 {
        i64::from(self.0)
    }
}

impl TryFrom<&str> for HoldMinutes {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Self, Invalid> {
        text.trim()
            .parse::<u16>()
            .ok()
            .filter(|m| (HoldMinutes::MIN..=HoldMinutes::MAX).contains(m))
            .map(HoldMinutes)
            .ok_or_else(|| {
                Invalid::new("out_of_range", "Enter a number of minutes from 30 (half an hour) to 1440 (24 hours).")
                    .with("min", HoldMinutes::MIN)
                    .with("max", HoldMinutes::MAX)
            })
    }
}

/// A wall-clock time of day, "HH:MM", as minutes after midnight.
pub fn parse_clock(text: &str) -> Result<i64, Invalid> {
    let bad = || Invalid::new("invalid_time", "Enter a time as HH:MM, e.g. 09:30.");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m != 0) || h.to_string().len() > 2 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

pub fn clock_label(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// One weekday's opening interval, in minutes after local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayHours {
    pub opens: i64,
    pub closes: i64,
}

/// Opening hours for a week; `days[0]` is Monday. `None` is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WeeklyHours {
    pub days: [Option<DayHours>; 7],
}

impl WeeklyHours {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn on(&self, weekday: i8) -> Option<DayHours> {
        self.days.get(usize::try_from(weekday - 1).ok()?).copied().flatten()
    }
}

/// Why a "required" appointment was booked without online payment; kept in
/// the audit log. Free text a receptionist typed: `Debug` never shows it,
/// so it can't reach a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct OverrideReason(String);

impl std::fmt::Debug for OverrideReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OverrideReason(<redacted>)")
    }
}

impl OverrideReason {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for OverrideReason {
    type Error = Invalid;
    fn try_from(value: &str) -> Result<Self, Invalid> {
        let text = value.trim();
        if text.is_empty() {
            return Err(Invalid::new("required", "Say why this appointment is booked without payment."));
        }
        let chars = text.chars().count();
        if chars > 500 {
            return Err(Invalid::new("too_long", format!("Use at most 500 characters (this has {chars}).")));
        }
        Ok(OverrideReason(text.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentState::*;

    #[test]
    fn transitions_follow_the_diagram() {
        let allowed = [
            (AwaitingPayment, Booked),
            (AwaitingPayment, Expired),
            (AwaitingPayment, Cancelled),
            (Booked, Arrived),
            (Booked, Cancelled),
            (Booked, NoShow),
            (Arrived, Completed),
            (Arrived, Cancelled),
        ];
        for from in AppointmentState::ALL {
            for to in AppointmentState::ALL {
                assert_eq!(from.can_become(to), allowed.contains(&(from, to)), "{from:?} → {to:?}");
            }
            if from.is_terminal() {
                assert!(AppointmentState::ALL.iter().all(|to| !from.can_become(*to)), "{from:?} is terminal");
            }
            assert_eq!(AppointmentState::parse(from.as_str()), Some(from));
        }
    }

    #[test]
    fn clock_times() {
        assert_eq!(parse_clock("09:30"), Ok(570));
        assert_eq!(parse_clock("9:05"), Ok(545));
        assert_eq!(parse_clock("24:00"), Ok(1440));
        for bad in ["", "930", "25:00", "12:60", "24:30", "ab:cd", "-1:00"] {
            assert!(parse_clock(bad).is_err(), "{bad}");
        }
        assert_eq!(clock_label(570), "09:30");
    }

    #[test]
    fn hold_and_slot_limits() {
        assert!(HoldMinutes::try_from("29").is_err());
        assert_eq!(HoldMinutes::try_from("30").unwrap().get(), 30);
        assert_eq!(HoldMinutes::try_from("1440").unwrap().get(), 1440);
        assert!(HoldMinutes::try_from("1441").is_err());
        assert_eq!(SlotMinutes::try_from("15").unwrap().get(), 15);
        assert!(SlotMinutes::try_from("7").is_err());
    }
}

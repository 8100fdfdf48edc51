//! Staff at the desk: roles, what each may do, and PINs.

use crate::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StaffId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Receptionist,
    Practitioner,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Receptionist, Role::Practitioner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Receptionist => "receptionist",
            Role::Practitioner => "practitioner",
        }
    }

    pub fn parse(text: &str) -> Result<Role, Invalid> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| Invalid::new("invalid_role", "Choose owner, receptionist or practitioner."))
    }

    /// The one table of who may do what. Core asks it at the start of every
    /// use case the window can call.
    pub fn may(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Owner => true,
            Role::Receptionist => matches!(p, SeeDay | SeePatients | EditPatients | FrontDesk | Money | RefundOnline),
            Role::Practitioner => matches!(p, SeeDay | SeePatients | EditPatients),
        }
    }
}

/// What a use case needs. Coarse on purpose: a clinic owner must be able to
/// read this list and know what a receptionist can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// The day's calendar, appointment types, practitioners, opening hours
    /// (a practitioner sees only their own column).
    SeeDay,
    /// Finding and reading patients, with their notes.
    SeePatients,
    /// Changing a patient's details and notes.
    EditPatients,
    /// Booking, holds, payment links, appointment states, Needs attention,
    /// new patients.
    FrontDesk,
    /// Payments at the desk, discounts, desk refunds, receipts, invoices,
    /// the cash-up (not reopening a closed day: nobody can).
    Money,
    /// Refunds through Stripe; a receptionist's are capped by the owner.
    RefundOnline,
    /// Appointment types and what is taken online, concessions, Stripe.
    PaymentSettings,
    /// The clinic's details, hours, practitioners, email, backups, restore.
    ClinicSettings,
    /// Staff, the lock, the audit log.
    StaffAdmin,
}

/// A PIN of 4 to 8 digits. Never printed: `Debug` says `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl TryFrom<&str> for Pin {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Pin, Invalid> {
        if text.is_empty() {
            return Err(Invalid::new("required", "Enter a PIN of 4 to 8 digits."));
        }
        if !(4..=8).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::new("invalid_pin", "A PIN is 4 to 8 digits, nothing else."));
        }
        Ok(Pin(text.to_string()))
    }
}

/// A staff member's name as shown on the lock screen and in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct StaffName(String);

impl StaffName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl TryFrom<&str> for StaffName {
    type Error = Invalid;
    fn try_from(value: &str) -> Result<Self, Invalid> {
        super::people::short_text(value, 100, "Enter the staff member's name.").map(StaffName)
    }
}

/// Minutes without a touch before the app locks itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleMinutes(pub i64);

impl TryFrom<&str> for IdleMinutes {
    type Error = Invalid;
    fn try_from(text: &str) -> Result<Self, Invalid> {
        match text.trim().parse::<i64>() {
            Ok(m) if (1..=240).contains(&m) => Ok(IdleMinutes(m)),
            _ => Err(Invalid::new("invalid_idle_minutes", "Enter whole minutes from 1 to 240.")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_pin_is_four_to_eight_digits(text in "\\PC{0,10}") {
            let ok = (4..=8).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
            prop_assert_eq!(Pin::try_from(text.as_str()).is_ok(), ok);
        }
    }

    #[test]
    fn a_pin_never_prints() {
        let pin = Pin::try_from("482913").unwrap();
        assert_eq!(format!("{pin:?}"), "<redacted>");
    }

    #[test]
    fn owner_may_all_and_practitioner_touches_no_money() {
        use Permission::*;
        let all = [
            SeeDay,
            SeePatients,
            EditPatients,
            FrontDesk,
            Money,
            RefundOnline,
            PaymentSettings,
            ClinicSettings,
            StaffAdmin,
        ];
        assert!(all.iter().all(|p| Role::Owner.may(*p)));
        for p in [Money, RefundOnline, PaymentSettings, FrontDesk] {
            assert!(!Role::Practitioner.may(p), "{p:?}");
        }
        for p in [PaymentSettings, ClinicSettings, StaffAdmin] {
            assert!(!Role::Receptionist.may(p), "{p:?}");
        }
    }
}

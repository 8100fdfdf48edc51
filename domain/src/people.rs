//! Practitioners and patients: names, contact details, dates of birth.

use crate::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PractitionerId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PatientId(pub i64);

/// Trimmed, 1..=`max` characters, no control characters.
pub(crate) fn short_text(value: &str, max: usize, empty: &'static str) -> Result<String, Invalid> {
    let text = value.trim();
    if text.is_empty() {
        return Err(Invalid::new("required", empty));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(Invalid::new("too_long", format!("Use at most {max} characters (this has {chars})."))
            .with("max", max)
            .with("actual", chars));
    }
    super::text::check_name(text)?;
    Ok(text.to_string())
}

/// A practitioner's name as shown on the calendar ("Dr Mia Lee").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PractitionerName(String);

impl PractitionerName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Case-folded: two active practitioners may not share a name.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl TryFrom<&str> for PractitionerName {
    type Error = Invalid;
    fn try_from(value: &str) -> Result<Self, Invalid> {
        short_text(value, 100, "Enter the practitioner's name.").map(PractitionerName)
    }
}

/// A first or last name of a patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn first(value: &str) -> Result<Self, Invalid> {
        short_text(value, 100, "Enter the first name.").map(PersonName)
    }
    pub fn last(value: &str) -> Result<Self, Invalid> {
        short_text(value, 100, "Enter the last name.").map(PersonName)
    }
}

/// An email address, or nothing. Checked for shape only: the mail server is
/// the judge of whether it exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<&str> for Email {
    type Error = Invalid;
    fn try_from(value: &str) -> Result<Self, Invalid> {
        let text = value.trim();
        if text.is_empty() {
            return Ok(Email::default());
        }
        let bad = || Invalid::new("invalid_email", "Enter an email address like name@example.com.");
        if text.len() > 254 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = text.rsplit_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(bad());
        }
        Ok(Email(text.to_string()))
    }
}

/// A phone number as typed (kept for display), with its digits for search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn digits(&self) -> String {
        self.0.chars().filter(char::is_ascii_digit).collect()
    }
}

impl TryFrom<&str> for Phone {
    type Error = Invalid;
    fn try_from(value: &str) -> Result<Self, Invalid> {
        let text = value.trim();
        if text.is_empty() {
            return Ok(Phone::default());
        }
        let allowed = |c: char| c.is_ascii_digit() || " +-().".contains(c);
        let digits = text.chars().filter(char::is_ascii_digit).count();
        if text.chars().count() > 40 || !text.chars().all(allowed) || !(6..=15).contains(&digits) {
            return Err(Invalid::new(
                "invalid_phone",
                "Enter a phone number of 6 to 15 digits; spaces, +, -, ( ) are fine.",
            ));
        }
        Ok(Phone(text.to_string()))
    }
}

/// A date of birth: a real date, not in the future, not before 1900.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOfBirth(jiff::civil::Date);

impl DateOfBirth {
    pub fn date(self) -> jiff::civil::Date {
        self.0
    }
    /// `today` is the clinic's today, so a birth "tomorrow" is refused.
    pub fn parse(value: &str, today: jiff::civil::Date) -> Result<Option<DateOfBirth>, Invalid> {
        let text = value.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let date: jiff::civil::Date =
            text.parse().map_err(|_| Invalid::new("invalid_date", "Enter the date as YYYY-MM-DD, e.g. 1985-04-23."))?;
        if date > today {
            return Err(Invalid::new("date_in_future", "The date of birth can't be in the future."));
        }
        if date.year() < 1900 {
            return Err(Invalid::new("invalid_date", "Enter a date of birth after 1900."));
        }
        Ok(Some(DateOfBirth(date)))
    }
}

/// Free-text notes about a patient, up to 2 000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notes(String);

impl Notes {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for Notes {
    type Error = Invalid;
    fn try_from(value: &str) -> Result<Self, Invalid> {
        let text = value.trim();
        let chars = text.chars().count();
        if chars > 2000 {
            return Err(Invalid::new("too_long", format!("Use at most 2000 characters (this has {chars}).")));
        }
        super::text::check_note(text)?;
        Ok(Notes(text.to_string()))
    }
}

/// Case-folded, whitespace-collapsed text for prefix search.
pub fn search_key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert!(Email::try_from("mia@example.com").is_ok());
        assert!(Email::try_from("").unwrap().is_empty());
        for bad in ["mia", "mia@", "@example.com", "mia@example", "mia @example.com", "mia@example..com"] {
            assert_eq!(Email::try_from(bad).unwrap_err().code, "invalid_email", "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(Phone::try_from("+61 (2) 9876-5432").unwrap().digits(), "61298765432");
        assert_eq!(Phone::try_from("12345").unwrap_err().code, "invalid_phone");
        assert_eq!(Phone::try_from("0400 abc 123").unwrap_err().code, "invalid_phone");
    }

    #[test]
    fn dates_of_birth() {
        let today = jiff::civil::date(2026, 11, 26);
        assert!(DateOfBirth::parse("1985-04-23", today).unwrap().is_some());
        assert_eq!(DateOfBirth::parse("2026-11-27", today).unwrap_err().code, "date_in_future");
        assert_eq!(DateOfBirth::parse("2026-02-30", today).unwrap_err().code, "invalid_date");
        assert_eq!(DateOfBirth::parse("23/04/1985", today).unwrap_err().code, "invalid_date");
    }

    proptest! {
        #[test]
        fn phone_digits_are_the_typed_digits(digits in "[0-9]{6,15}") {
            let spaced: String = digits.chars().enumerate()
                .flat_map(|(i, c)| if i % 3 == 2 { vec![c, ' '] } else { vec![c] }).collect();
            prop_assert_eq!(Phone::try_from(spaced.as_str()).unwrap().digits(), digits);
        }

        #[test]
        fn names_never_panic_and_stay_trimmed(text in "\\PC{0,120}") {
            if let Ok(name) = PersonName::first(&text) {
                prop_assert_eq!(name.as_str(), name.as_str().trim());
                prop_assert!(!name.as_str().is_empty() && name.as_str().chars().count() <= 100);
            }
        }
    }
}

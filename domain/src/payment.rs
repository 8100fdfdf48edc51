//! Online payment attempts (one per Checkout Session asked of Stripe), what
//! can need a person's attention about them, and where patients land after
//! paying.

use crate::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttemptId(pub i64);

/// Where an attempt is (see ARCHITECTURE.md, "Payments").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptStatus {
    /// Key and request stored; Stripe has not answered yet.
    Creating,
    /// A session exists and its link can be paid.
    Open,
    /// Paid by a delayed method (a bank debit): the bank has not answered yet.
    Processing,
    Paid,
    Failed,
    Expired,
    /// Never answered, or superseded before anyone could see its link.
    Abandoned,
    /// No longer followed here (made with another Stripe account).
    Closed,
    /// Stripe reported a payment whose amount, currency or mode differs from
    /// what was asked: not counted as paid until a person has looked.
    Mismatch,
}

impl AttemptStatus {
    pub const ALL: [AttemptStatus; 9] = [
        AttemptStatus::Creating,
        AttemptStatus::Open,
        AttemptStatus::Processing,
        AttemptStatus::Paid,
        AttemptStatus::Failed,
        AttemptStatus::Expired,
        AttemptStatus::Abandoned,
        AttemptStatus::Closed,
        AttemptStatus::Mismatch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::Creating => "creating",
            AttemptStatus::Open => "open",
            AttemptStatus::Processing => "processing",
            AttemptStatus::Paid => "paid",
            AttemptStatus::Failed => "failed",
            AttemptStatus::Expired => "expired",
            AttemptStatus::Abandoned => "abandoned",
            AttemptStatus::Closed => "closed",
            AttemptStatus::Mismatch => "mismatch",
        }
    }

    pub fn parse(text: &str) -> Option<AttemptStatus> {
        AttemptStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Still waiting on Stripe: at most one per appointment.
    pub fn is_pending(self) -> bool {
        matches!(self, AttemptStatus::Creating | AttemptStatus::Open | AttemptStatus::Processing)
    }
}

/// What an attempt asks to be paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptKind {
    /// The appointment type's online amount, at or after booking.
    Booking,
    /// An amount of the balance, taken online at any time ("Take payment").
    Balance,
}

impl AttemptKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptKind::Booking => "booking",
            AttemptKind::Balance => "balance",
        }
    }

    pub fn parse(text: &str) -> Option<AttemptKind> {
        match text {
            "booking" => Some(AttemptKind::Booking),
            "balance" => Some(AttemptKind::Balance),
            _ => None,
        }
    }
}

/// A refund asked of Stripe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    /// Key and request stored; Stripe has not answered yet.
    Creating,
    Pending,
    Succeeded,
    Failed,
    Canceled,
}

impl RefundStatus {
    pub const ALL: [RefundStatus; 5] = [
        RefundStatus::Creating,
        RefundStatus::Pending,
        RefundStatus::Succeeded,
        RefundStatus::Failed,
        RefundStatus::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefundStatus::Creating => "creating",
            RefundStatus::Pending => "pending",
            RefundStatus::Succeeded => "succeeded",
            RefundStatus::Failed => "failed",
            RefundStatus::Canceled => "canceled",
        }
    }

    pub fn parse(text: &str) -> Option<RefundStatus> {
        RefundStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn is_pending(self) -> bool {
        matches!(self, RefundStatus::Creating | RefundStatus::Pending)
    }
}

/// Something about an online payment that a person must look at; listed
/// under "Needs attention" on the front desk until someone deals with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttentionKind {
    /// Stripe reports another amount, currency or mode than was asked.
    AmountMismatch,
    /// Paid after the appointment was cancelled.
    PaidAfterCancel,
    /// Paid after the hold expired and the slot was freed.
    PaidAfterExpiry,
    /// Paid on a link Clinicdesk had stopped following.
    PaidAfterClose,
    /// A delayed payment (bank debit) failed.
    AsyncPaymentFailed,
    /// A delayed payment has been processing for more than 5 days.
    ProcessingTooLong,
    /// A link made with a previous Stripe account ran out; whether it was
    /// paid can only be seen in that account.
    OldAccountUnverified,
    /// Two links were open for one appointment (from before one-link-per-
    /// appointment was enforced); the older one is no longer followed.
    DuplicateLink,
    /// Stripe could not refund a payment (the money is still with the clinic).
    RefundFailed,
    /// An online payment arrived for more than was owing (a credit).
    Overpaid,
    /// Stripe reports a payment made through a link the restored backup
    /// doesn't know (made after the backup was taken).
    PaidBeforeRestore,
}

impl AttentionKind {
    pub const ALL: [AttentionKind; 11] = [
        AttentionKind::AmountMismatch,
        AttentionKind::PaidAfterCancel,
        AttentionKind::PaidAfterExpiry,
        AttentionKind::PaidAfterClose,
        AttentionKind::AsyncPaymentFailed,
        AttentionKind::ProcessingTooLong,
        AttentionKind::OldAccountUnverified,
        AttentionKind::DuplicateLink,
        AttentionKind::RefundFailed,
        AttentionKind::Overpaid,
        AttentionKind::PaidBeforeRestore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttentionKind::AmountMismatch => "amount_mismatch",
            AttentionKind::PaidAfterCancel => "paid_after_cancel",
            AttentionKind::PaidAfterExpiry => "paid_after_expiry",
            AttentionKind::PaidAfterClose => "paid_after_close",
            AttentionKind::AsyncPaymentFailed => "async_payment_failed",
            AttentionKind::ProcessingTooLong => "processing_too_long",
            AttentionKind::OldAccountUnverified => "old_account_unverified",
            AttentionKind::DuplicateLink => "duplicate_link",
            AttentionKind::RefundFailed => "refund_failed",
            AttentionKind::Overpaid => "overpaid",
            AttentionKind::PaidBeforeRestore => "paid_before_restore",
        }
    }

    pub fn parse(text: &str) -> Option<AttentionKind> {
        AttentionKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// What was done about an item under Needs attention ("Refunded in the
/// Stripe Dashboard"). Free text: `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct ResolutionNote(String);

impl ResolutionNote {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ResolutionNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResolutionNote(<redacted>)")
    }
}

impl TryFrom<&str> for ResolutionNote {
    type Error = Invalid;
    fn try_from(value: &str) -> Result<Self, Invalid> {
        let text = value.trim();
        if text.is_empty() {
            return Err(Invalid::new("required", "Say what was done, e.g. \"Refunded in the Stripe Dashboard\"."));
        }
        let chars = text.chars().count();
        if chars > 500 {
            return Err(Invalid::new("too_long", format!("Use at most 500 characters (this has {chars}).")));
        }
        if text.contains('\0') {
            return Err(Invalid::new("invalid_characters", "Remove the invisible characters from the text."));
        }
        Ok(ResolutionNote(text.to_string()))
    }
}

/// The page patients land on after paying on Stripe's page (Checkout's
/// `success_url`): https, or http on this computer only (for trying it out).
/// "harbourside.com.au" is read as "https://harbourside.com.au/".
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ReturnUrl(String);

impl ReturnUrl {
    pub const MAX: usize = 2000;

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ReturnUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReturnUrl({})", self.0)
    }
}

impl TryFrom<&str> for ReturnUrl {
    type Error = Invalid;
    fn try_from(value: &str) -> Result<Self, Invalid> {
        let text = value.trim();
        if text.is_empty() {
            return Err(Invalid::new(
                "required",
                "Enter the page patients see after paying, such as your website's home page.",
            ));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Invalid::new("url_invalid", "A web address can't contain spaces."));
        }
        let with_scheme = if text.contains("://") { text.to_string() } else { format!("https://{text}") };
        let invalid = || Invalid::new("url_invalid", "Enter a web address such as https://www.yourclinic.com.au.");
        let url = url::Url::parse(&with_scheme).map_err(|_| invalid())?;
        let host = url.host_str().ok_or_else(invalid)?;
        let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
        match url.scheme() {
            "https" => {}
            "http" if local => {}
            "http" => {
                return Err(Invalid::new(
                    "url_not_https",
                    "Use an https:// address: patients are sent there from a payment page.",
                ))
            }
            _ => return Err(invalid()),
        }
        if !local && !host.contains('.') {
            return Err(invalid());
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Invalid::new("url_invalid", "Leave out any user name or password in the address."));
        }
        let text = url.to_string();
        if text.len() > ReturnUrl::MAX {
            return Err(Invalid::new("too_long", format!("Use an address of at most {} characters.", ReturnUrl::MAX)));
        }
        Ok(ReturnUrl(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn statuses_and_kinds_round_trip() {
        for s in AttemptStatus::ALL {
            assert_eq!(AttemptStatus::parse(s.as_str()), Some(s));
        }
        for k in AttentionKind::ALL {
            assert_eq!(AttentionKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(AttemptKind::parse("booking"), Some(AttemptKind::Booking));
        assert_eq!(AttemptStatus::parse("PAID"), None);
        let pending: Vec<_> = AttemptStatus::ALL.into_iter().filter(|s| s.is_pending()).collect();
        assert_eq!(pending, [AttemptStatus::Creating, AttemptStatus::Open, AttemptStatus::Processing]);
    }

    #[test]
    fn return_urls() {
        let ok = |t: &str| ReturnUrl::try_from(t).map(|u| u.as_str().to_string());
        assert_eq!(ok("https://harbourside.com.au/thanks").unwrap(), "https://harbourside.com.au/thanks");
        assert_eq!(ok("  harbourside.com.au ").unwrap(), "https://harbourside.com.au/");
        assert_eq!(ok("http://localhost:8080/paid").unwrap(), "http://localhost:8080/paid");
        assert_eq!(ok("http://127.0.0.1/").unwrap(), "http://127.0.0.1/");
        let code = |t: &str| ReturnUrl::try_from(t).unwrap_err().code;
        assert_eq!(code(""), "required");
        assert_eq!(code("http://harbourside.com.au"), "url_not_https");
        assert_eq!(code("ftp://harbourside.com.au"), "url_invalid");
        assert_eq!(code("https://harbour side.com"), "url_invalid");
        assert_eq!(code("https://intranet/"), "url_invalid");
        assert_eq!(code("javascript:alert(1)"), "url_invalid");
        assert_eq!(code("https://user:pw@harbourside.com.au/"), "url_invalid");
        assert_eq!(code(&format!("https://a.com/{}", "x".repeat(2000))), "too_long");
    }

    proptest! {
        /// Whatever is typed, an accepted address is https (or http on
        /// this computer), parses again, and fits Stripe's limit.
        #[test]
        fn accepted_addresses_are_safe_to_send(text in "\\PC{0,80}") {
            if let Ok(url) = ReturnUrl::try_from(text.as_str()) {
                let parsed = url::Url::parse(url.as_str()).unwrap();
                let local = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
                prop_assert!(parsed.scheme() == "https" || (parsed.scheme() == "http" && local));
                prop_assert!(url.as_str().len() <= ReturnUrl::MAX);
                prop_assert!(!url.as_str().chars().any(char::is_whitespace));
            }
        }
    }
}

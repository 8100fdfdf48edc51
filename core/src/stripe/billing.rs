//! Stripe, behind the small `Billing` trait: what we ask of it and what we
//! keep of its answers. `StripeBilling` (client.rs) is the real thing.

use crate::secrets::StripeSecret;

/// What we keep of a Stripe account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeAccount {
    pub id: String,
    pub display_name: String,
    pub country: String,
    /// Lower-case, as Stripe writes it ("aud").
    pub default_currency: String,
    /// `business_profile.url`: the account's public website, if it has one.
    pub business_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BillingError {
    /// 401: Stripe does not know this key (mistyped, rolled or revoked).
    #[error("Stripe refused the key")]
    InvalidKey,
    /// 403: a restricted key without a permission we need.
    #[error("the key lacks a permission: {permission:?}")]
    PermissionDenied { permission: Option<String> },
    #[error("Stripe is rate limiting requests")]
    RateLimited,
    #[error("Stripe is having problems (HTTP {status:?})")]
    StripeUnavailable { status: Option<u16> },
    #[error("Stripe did not answer in time")]
    Timeout,
    #[error("Stripe could not be reached")]
    Network,
    /// This computer trusts no certificate authority at all, so no TLS
    /// connection can be made (a broken certificate store).
    #[error("no trusted certificates on this computer")]
    NoTrustedCertificates,
    #[error("Stripe's answer could not be read")]
    Malformed,
    /// Any other refusal, with Stripe's code and the parameter at fault.
    #[error("Stripe refused the request ({status}, {code}, param {param:?})")]
    Refused { status: u16, code: String, param: Option<String> },
}

impl BillingError {
    /// Worth asking again after a pause: Stripe said "later", not "no".
    pub fn is_transient(&self) -> bool {
        matches!(self, BillingError::RateLimited | BillingError::StripeUnavailable { .. })
    }

    /// A definite "no": asking again with the same key and parameters gets
    /// the same answer. (409 is a concurrent request with the same key, 429
    /// "slow down": neither is a no.)
    pub fn is_definite_refusal(&self) -> bool {
        match self {
            BillingError::InvalidKey | BillingError::PermissionDenied { .. } => true,
            BillingError::Refused { status, .. } => (400..500).contains(status) && *status != 409 && *status != 429,
            _ => false,
        }
    }

    /// Stripe says the object (or cursor) named by `param` doesn't exist.
    pub fn is_missing(&self, param: &str) -> bool {
        matches!(self, BillingError::Refused { code, param: Some(p), .. } if code == "resource_missing" && p == param)
    }
}

/// A write request exactly as it is (re-)sent: the idempotency key and the
/// form-encoded parameters, both stored before the first try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRequest {
    pub idempotency_key: String,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Open,
    Complete,
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionPaymentStatus {
    Paid,
    Unpaid,
    NoPaymentRequired,
}

/// What we keep of a Checkout Session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSessionInfo {
    pub id: String,
    pub status: SessionStatus,
    pub payment_status: SessionPaymentStatus,
    pub url: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
    pub payment_intent: Option<String>,
    pub livemode: bool,
    pub amount_total: Option<i64>,
    /// Lower-case ISO code, as Stripe writes it.
    pub currency: Option<String>,
    /// Which of our attempts the session was made for, from its metadata
    /// (`clinicdesk_database_id`, `clinicdesk_payment_id`).
    pub made_for: Option<AttemptRef>,
    /// The invoice link whose session this is (`clinicdesk_database_id`,
    /// `clinicdesk_invoice_link_id`, copied by Stripe from the link).
    pub for_invoice: Option<InvoiceLinkRef>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLinkRef {
    pub database_id: String,
    pub link_id: i64,
}

impl InvoiceLinkRef {
    pub fn from_metadata<'a>(mut get: impl FnMut(&str) -> Option<&'a str>) -> Option<InvoiceLinkRef> {
        Some(InvoiceLinkRef {
            database_id: get("clinicdesk_database_id")?.to_string(),
            link_id: get("clinicdesk_invoice_link_id")?.parse().ok()?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRef {
    pub database_id: String,
    pub attempt_id: i64,
}

impl AttemptRef {
    pub fn from_metadata<'a>(mut get: impl FnMut(&str) -> Option<&'a str>) -> Option<AttemptRef> {
        Some(AttemptRef {
            database_id: get("clinicdesk_database_id")?.to_string(),
            attempt_id: get("clinicdesk_payment_id")?.parse().ok()?,
        })
    }
}

/// The checkout event types that move an attempt on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutEventKind {
    Completed,
    Expired,
    AsyncPaymentSucceeded,
    AsyncPaymentFailed,
}

impl CheckoutEventKind {
    pub const ALL: [CheckoutEventKind; 4] = [
        CheckoutEventKind::Completed,
        CheckoutEventKind::Expired,
        CheckoutEventKind::AsyncPaymentSucceeded,
        CheckoutEventKind::AsyncPaymentFailed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckoutEventKind::Completed => "checkout.session.completed",
            CheckoutEventKind::Expired => "checkout.session.expired",
            CheckoutEventKind::AsyncPaymentSucceeded => "checkout.session.async_payment_succeeded",
            CheckoutEventKind::AsyncPaymentFailed => "checkout.session.async_payment_failed",
        }
    }

    pub fn parse(text: &str) -> Option<CheckoutEventKind> {
        CheckoutEventKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Refund events: a refund was made, changed (pending → succeeded, say), or
/// failed.
pub const REFUND_EVENT_TYPES: [&str; 3] = ["refund.created", "refund.updated", "refund.failed"];

/// One event of a page of `GET /v1/events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventEntry {
    Checkout {
        id: String,
        created: i64,
        kind: CheckoutEventKind,
        session: CheckoutSessionInfo,
    },
    Refund {
        id: String,
        created: i64,
        refund: super::RefundInfo,
    },
    /// An event we could not read (logged and passed over; the cursor still
    /// moves past it).
    Unreadable {
        id: String,
        created: i64,
    },
}

impl EventEntry {
    pub fn id(&self) -> &str {
        match self {
            EventEntry::Checkout { id, .. } | EventEntry::Refund { id, .. } | EventEntry::Unreadable { id, .. } => id,
        }
    }

    pub fn created(&self) -> i64 {
        match self {
            EventEntry::Checkout { created, .. }
            | EventEntry::Refund { created, .. }
            | EventEntry::Unreadable { created, .. } => *created,
        }
    }
}

/// Which page of the event list to read. Stripe lists newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventPageQuery {
    /// The events just newer than this one (`ending_before`).
    NewerThan(String),
    /// Events created at or after this time (`created[gte]`), from the
    /// newest, older than `starting_after` when given.
    Since { created_gte: i64, starting_after: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventPage {
    /// Newest first, as Stripe lists them.
    pub events: Vec<EventEntry>,
    pub has_more: bool,
}

#[async_trait::async_trait]
pub trait Billing: Send + Sync {
    /// `GET /v1/account`: the account the key belongs to. Verifies the key.
    async fn retrieve_account(&self, key: &StripeSecret) -> Result<StripeAccount, BillingError>;

    /// `POST /v1/checkout/sessions` with exactly the stored parameters and key.
    async fn create_checkout_session(
        &self,
        key: &StripeSecret,
        request: &StoredRequest,
    ) -> Result<CheckoutSessionInfo, BillingError>;

    /// `GET /v1/checkout/sessions/:id`.
    async fn retrieve_checkout_session(
        &self,
        key: &StripeSecret,
        id: &str,
    ) -> Result<CheckoutSessionInfo, BillingError>;

    /// `POST /v1/checkout/sessions/:id/expire`, so the link stops working.
    async fn expire_checkout_session(
        &self,
        key: &StripeSecret,
        id: &str,
        idempotency_key: &str,
    ) -> Result<CheckoutSessionInfo, BillingError>;

    /// `POST /v1/refunds` with exactly the stored parameters and key.
    async fn create_refund(
        &self,
        key: &StripeSecret,
        request: &StoredRequest,
    ) -> Result<super::RefundInfo, BillingError>;

    /// `GET /v1/refunds/:id`.
    async fn retrieve_refund(&self, key: &StripeSecret, id: &str) -> Result<super::RefundInfo, BillingError>;

    /// `GET /v1/refunds?payment_intent=…`: a payment's refunds (newest 100).
    async fn list_refunds(
        &self,
        key: &StripeSecret,
        payment_intent: &str,
    ) -> Result<Vec<super::RefundInfo>, BillingError>;

    /// `POST /v1/payment_links` with exactly the stored parameters and key.
    async fn create_payment_link(
        &self,
        key: &StripeSecret,
        request: &StoredRequest,
    ) -> Result<super::PaymentLinkInfo, BillingError>;

    /// `POST /v1/payment_links/:id` with the stored parameters and key (to
    /// make a link inactive).
    async fn update_payment_link(
        &self,
        key: &StripeSecret,
        id: &str,
        request: &StoredRequest,
    ) -> Result<super::PaymentLinkInfo, BillingError>;

    /// `GET /v1/events` for the checkout and refund event types, `limit` per page.
    async fn list_events(
        &self,
        key: &StripeSecret,
        query: &EventPageQuery,
        limit: u8,
    ) -> Result<EventPage, BillingError>;
}

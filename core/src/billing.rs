//! Stripe, behind the small `Billing` trait. `StripeBilling` talks to the real
//! API (or whatever `CLINICDESK_STRIPE_API_BASE` points at: a local mock, a
//! test double) through async-stripe.

use crate::secrets::StripeSecret;
use std::time::Duration;
use stripe::StripeRequest;

/// What we keep of a Stripe account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeAccount {
    pub id: String,
    pub display_name: String,
    pub country: String,
    /// Lower-case, as Stripe writes it ("aud").
    pub default_currency: String,
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
    #[error("Stripe's answer could not be read")]
    Malformed,
    /// Any other refusal, with Stripe's code.
    #[error("Stripe refused the request ({status}, {code})")]
    Refused { status: u16, code: String },
}

impl BillingError {
    /// Worth asking again after a pause: Stripe said "later", not "no".
    pub fn is_transient(&self) -> bool {
        matches!(self, BillingError::RateLimited | BillingError::StripeUnavailable { .. })
    }
}

/// What we ask Stripe for when a patient is to pay online: a one-line
/// Checkout Session in payment mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutRequest {
    /// Stored in the database before the request is sent.
    pub idempotency_key: String,
    pub amount_minor: i64,
    /// Lower-case ISO code ("aud").
    pub currency: String,
    /// "Initial consultation — Fri 27 Nov 2026, 09:30 — Dr Mia Lee".
    pub line_item: String,
    pub customer_email: Option<String>,
    /// Unix seconds; Stripe allows 30 minutes to 24 hours ahead.
    pub expires_at: i64,
    pub metadata: Vec<(String, String)>,
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
}

/// One of the checkout events we read from `GET /v1/events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutEvent {
    pub id: String,
    /// "checkout.session.completed", "…expired", "…async_payment_succeeded",
    /// "…async_payment_failed".
    pub kind: String,
    /// Unix seconds.
    pub created: i64,
    /// The session as it was when the event happened.
    pub session: CheckoutSessionInfo,
}

/// The event types that move a payment on.
pub const CHECKOUT_EVENT_TYPES: [&str; 4] = [
    "checkout.session.completed",
    "checkout.session.expired",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
];

#[async_trait::async_trait]
pub trait Billing: Send + Sync {
    /// `GET /v1/account`: the account the key belongs to. Verifies the key.
    async fn retrieve_account(&self, key: &StripeSecret) -> Result<StripeAccount, BillingError>;

    /// `POST /v1/checkout/sessions` with the request's idempotency key.
    async fn create_checkout_session(
        &self,
        key: &StripeSecret,
        request: &CheckoutRequest,
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

    /// `GET /v1/events` for the checkout event types, newer than
    /// `ending_before` (or the newest `limit` when `None`), newest first as
    /// Stripe lists them; the flag says whether more are newer still.
    async fn list_checkout_events(
        &self,
        key: &StripeSecret,
        ending_before: Option<&str>,
        limit: i64,
    ) -> Result<(Vec<CheckoutEvent>, bool), BillingError>;
}

pub const STRIPE_API_BASE_ENV: &str = "CLINICDESK_STRIPE_API_BASE";

#[derive(Debug, Clone)]
pub struct StripeBilling {
    base_url: Option<String>,
    timeout: Duration,
    attempts: u32,
    backoff: Duration,
}

impl StripeBilling {
    /// Stripe itself, or the base URL in `CLINICDESK_STRIPE_API_BASE`.
    pub fn from_env() -> StripeBilling {
        StripeBilling::new(std::env::var(STRIPE_API_BASE_ENV).ok().filter(|u| !u.is_empty()))
    }

    pub fn new(base_url: Option<String>) -> StripeBilling {
        StripeBilling { base_url, timeout: Duration::from_secs(15), attempts: 3, backoff: Duration::from_millis(500) }
    }

    /// Shorter waits, for tests against a local double.
    pub fn with_timing(mut self, timeout: Duration, attempts: u32, backoff: Duration) -> StripeBilling {
        self.timeout = timeout;
        self.attempts = attempts.max(1);
        self.backoff = backoff;
        self
    }

    fn client(&self, key: &StripeSecret) -> Result<stripe::Client, BillingError> {
        let mut builder = stripe::ClientBuilder::new(key.expose()).timeout(self.timeout).app_info(
            "Clinicdesk",
            Some(env!("CARGO_PKG_VERSION").to_string()),
            None,
        );
        if let Some(url) = &self.base_url {
            builder = builder.url(url.as_str());
        }
        builder.build().map_err(|e| {
            tracing::error!(error = %e, "the Stripe client could not be built");
            BillingError::Network
        })
    }

    /// Runs `call` up to `attempts` times while Stripe answers "later"
    /// (429, 5xx), waiting longer each time, with a little jitter.
    async fn with_retries<T, F, Fut>(&self, mut call: F) -> Result<T, BillingError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, BillingError>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match call().await {
                Err(e) if e.is_transient() && attempt < self.attempts => {
                    let jitter = Duration::from_millis(u64::from(uuid::Uuid::new_v4().as_bytes()[0]) % 50);
                    let wait = self.backoff * 2u32.pow(attempt - 1) + jitter;
                    tracing::warn!(attempt, ?wait, error = %e, "Stripe asked us to wait; retrying");
                    tokio::time::sleep(wait).await;
                }
                other => return other,
            }
        }
    }
}

/// Stripe's 403 names the missing permission ("Having the
/// 'rak_accounts_kyc_basic_read' permission would allow this request").
fn missing_permission(message: &str) -> Option<String> {
    let start = message.find("Having the '")? + "Having the '".len();
    let end = message[start..].find('\'')? + start;
    Some(message[start..end].to_string())
}

fn classify(e: stripe::StripeError) -> BillingError {
    match e {
        stripe::StripeError::Stripe(api, status) => match status {
            401 => BillingError::InvalidKey,
            403 => BillingError::PermissionDenied { permission: api.message.as_deref().and_then(missing_permission) },
            429 => BillingError::RateLimited,
            500..=599 => BillingError::StripeUnavailable { status: Some(status) },
            _ => BillingError::Refused {
                status,
                code: api
                    .code
                    .as_ref()
                    .map(|c| c.as_str().to_string())
                    .unwrap_or_else(|| api.type_.as_str().to_string()),
            },
        },
        stripe::StripeError::Timeout => BillingError::Timeout,
        stripe::StripeError::ClientError(_) | stripe::StripeError::ConfigError(_) => BillingError::Network,
        // A failing status whose body isn't Stripe's error JSON (a proxy's
        // HTML 502, say): the status is lost, but it was not an answer.
        stripe::StripeError::JSONDeserialize(m) if m.contains("Stripe error") => {
            BillingError::StripeUnavailable { status: None }
        }
        stripe::StripeError::JSONDeserialize(_) => BillingError::Malformed,
    }
}

#[async_trait::async_trait]
impl Billing for StripeBilling {
    async fn retrieve_account(&self, key: &StripeSecret) -> Result<StripeAccount, BillingError> {
        let client = self.client(key)?;
        let account = self
            .with_retries(|| async {
                stripe_connect::account::RetrieveForMyAccountAccount::new().send(&client).await.map_err(classify)
            })
            .await?;
        let display_name = account
            .settings
            .as_ref()
            .and_then(|s| s.dashboard.display_name.clone())
            .or_else(|| account.business_profile.as_ref().and_then(|b| b.name.clone()))
            .unwrap_or_default();
        Ok(StripeAccount {
            id: account.id.as_str().to_string(),
            display_name,
            country: account.country.clone().unwrap_or_default(),
            default_currency: account.default_currency.as_ref().map(|c| c.to_string()).unwrap_or_default(),
        })
    }

    async fn create_checkout_session(
        &self,
        key: &StripeSecret,
        request: &CheckoutRequest,
    ) -> Result<CheckoutSessionInfo, BillingError> {
        use stripe_checkout::checkout_session::{
            CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData, ProductData,
        };
        let client = self.client(key)?;
        let currency: stripe_types::Currency = request.currency.parse().map_err(|_| BillingError::Malformed)?;
        let mut price = CreateCheckoutSessionLineItemsPriceData::new(currency);
        price.unit_amount = Some(request.amount_minor);
        price.product_data = Some(ProductData::new(request.line_item.clone()));
        let mut item = CreateCheckoutSessionLineItems::new();
        item.price_data = Some(price);
        item.quantity = Some(1);
        let mut create = CreateCheckoutSession::new()
            .mode(stripe_shared::CheckoutSessionMode::Payment)
            .line_items(vec![item])
            .expires_at(request.expires_at)
            .metadata(request.metadata.iter().cloned().collect::<std::collections::HashMap<_, _>>());
        if let Some(email) = &request.customer_email {
            create = create.customer_email(email.clone());
        }
        let idempotency = idempotency_key(&request.idempotency_key)?;
        let session = self
            .with_retries(|| async {
                create
                    .customize()
                    .request_strategy(stripe::RequestStrategy::Idempotent(idempotency.clone()))
                    .send(&client)
                    .await
                    .map_err(classify)
            })
            .await?;
        session_info(session)
    }

    async fn retrieve_checkout_session(
        &self,
        key: &StripeSecret,
        id: &str,
    ) -> Result<CheckoutSessionInfo, BillingError> {
        let client = self.client(key)?;
        let session = self
            .with_retries(|| async {
                stripe_checkout::checkout_session::RetrieveCheckoutSession::new(id)
                    .send(&client)
                    .await
                    .map_err(classify)
            })
            .await?;
        session_info(session)
    }

    async fn expire_checkout_session(
        &self,
        key: &StripeSecret,
        id: &str,
        idempotency_key: &str,
    ) -> Result<CheckoutSessionInfo, BillingError> {
        let client = self.client(key)?;
        let idempotency = self::idempotency_key(idempotency_key)?;
        let session = self
            .with_retries(|| async {
                stripe_checkout::checkout_session::ExpireCheckoutSession::new(id)
                    .customize()
                    .request_strategy(stripe::RequestStrategy::Idempotent(idempotency.clone()))
                    .send(&client)
                    .await
                    .map_err(classify)
            })
            .await?;
        session_info(session)
    }

    async fn list_checkout_events(
        &self,
        key: &StripeSecret,
        ending_before: Option<&str>,
        limit: i64,
    ) -> Result<(Vec<CheckoutEvent>, bool), BillingError> {
        let client = self.client(key)?;
        let mut list = stripe_core::event::ListEvent::new()
            .types(CHECKOUT_EVENT_TYPES.iter().map(|t| t.to_string()).collect::<Vec<_>>())
            .limit(limit);
        if let Some(cursor) = ending_before {
            list = list.ending_before(cursor);
        }
        let page = self.with_retries(|| async { list.send(&client).await.map_err(classify) }).await?;
        let mut events = Vec::with_capacity(page.data.len());
        for event in page.data {
            let kind = event.type_.as_str().to_string();
            match event_session(&event.data.object) {
                Some(session) => events.push(CheckoutEvent {
                    id: event.id.as_str().to_string(),
                    kind,
                    created: event.created,
                    session,
                }),
                None => {
                    tracing::warn!(event = %event.id.as_str(), %kind, "a checkout event without a readable session")
                }
            }
        }
        Ok((events, page.has_more))
    }
}

/// Our stored key, as the client sends it (it refuses empty or over-long keys).
fn idempotency_key(key: &str) -> Result<stripe::IdempotencyKey, BillingError> {
    stripe::IdempotencyKey::new(key).map_err(|e| {
        tracing::error!(error = %e, "idempotency key refused by the client");
        BillingError::Malformed
    })
}

fn session_info(s: stripe_shared::CheckoutSession) -> Result<CheckoutSessionInfo, BillingError> {
    use stripe_shared::{CheckoutSessionPaymentStatus as P, CheckoutSessionStatus as S};
    let status = match s.status {
        Some(S::Open) => SessionStatus::Open,
        Some(S::Complete) => SessionStatus::Complete,
        Some(S::Expired) => SessionStatus::Expired,
        _ => return Err(BillingError::Malformed),
    };
    let payment_status = match s.payment_status {
        P::Paid => SessionPaymentStatus::Paid,
        P::Unpaid => SessionPaymentStatus::Unpaid,
        P::NoPaymentRequired => SessionPaymentStatus::NoPaymentRequired,
        _ => return Err(BillingError::Malformed),
    };
    Ok(CheckoutSessionInfo {
        id: s.id.as_str().to_string(),
        status,
        payment_status,
        url: s.url,
        expires_at: s.expires_at,
        payment_intent: s.payment_intent.as_ref().map(|p| p.id().as_str().to_string()),
        livemode: s.livemode,
        amount_total: s.amount_total,
    })
}

/// The session inside an event, read from its JSON (the event object is
/// untyped in async-stripe, as it can be any resource).
#[derive(serde::Deserialize)]
struct EventSession {
    id: String,
    status: Option<String>,
    payment_status: String,
    url: Option<String>,
    expires_at: i64,
    payment_intent: Option<serde_json::Value>,
    livemode: bool,
    amount_total: Option<i64>,
}

fn event_session(object: &miniserde::json::Value) -> Option<CheckoutSessionInfo> {
    let text = miniserde::json::to_string(object);
    let s: EventSession = serde_json::from_str(&text).ok()?;
    let status = match s.status.as_deref()? {
        "open" => SessionStatus::Open,
        "complete" => SessionStatus::Complete,
        "expired" => SessionStatus::Expired,
        _ => return None,
    };
    let payment_status = match s.payment_status.as_str() {
        "paid" => SessionPaymentStatus::Paid,
        "unpaid" => SessionPaymentStatus::Unpaid,
        "no_payment_required" => SessionPaymentStatus::NoPaymentRequired,
        _ => return None,
    };
    let payment_intent = match s.payment_intent {
        Some(serde_json::Value::String(id)) => Some(id),
        Some(serde_json::Value::Object(o)) => o.get("id").and_then(|v| v.as_str()).map(str::to_string),
        _ => None,
    };
    Some(CheckoutSessionInfo {
        id: s.id,
        status,
        payment_status,
        url: s.url,
        expires_at: s.expires_at,
        payment_intent,
        livemode: s.livemode,
        amount_total: s.amount_total,
    })
}

/// Installs rustls' crypto provider once per process. With more than one
/// provider compiled in, rustls cannot choose and the client would panic.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_missing_permission() {
        let m = "The provided key 'rk_test_***abcd' does not have the required permissions for this endpoint on \
                 account 'acct_1'. Having the 'rak_accounts_kyc_basic_read' permission would allow this request to continue.";
        assert_eq!(missing_permission(m).as_deref(), Some("rak_accounts_kyc_basic_read"));
        assert_eq!(missing_permission("nothing here"), None);
    }
}

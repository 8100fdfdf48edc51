//! `StripeBilling`: the `Billing` trait over async-stripe's client, talking to
//! Stripe (or, in debug builds and for a loopback address, to the URL in
//! `CLINICDESK_STRIPE_API_BASE`: a local mock or a test double).

use super::billing::*;
use super::events::read_event_page;
use super::payment_links::PaymentLinkInfo;
use super::refunds::{read_refund, read_refund_list, RefundInfo};
use crate::secrets::StripeSecret;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use stripe::StripeRequest;
use stripe_client_core::{RequestBuilder, StripeMethod};

pub const STRIPE_API_BASE_ENV: &str = "CLINICDESK_STRIPE_API_BASE";

pub struct StripeBilling {
    /// Another API base than Stripe's, ending with `/`.
    base_url: Option<String>,
    timeout: Duration,
    attempts: u32,
    backoff: Duration,
    /// One client per key: building one loads the OS certificate store.
    client: Mutex<Option<(StripeSecret, stripe::Client)>>,
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A base URL other than Stripe's is honoured in debug and test builds, or
/// when it is on this computer: a clinic's release build never sends a key
/// to an address someone slipped into its environment.
pub fn allowed_base(url: &str, debug_build: bool) -> Option<String> {
    let Ok(parsed) = url::Url::parse(url) else {
        tracing::warn!(env = STRIPE_API_BASE_ENV, "ignored: not a URL");
        return None;
    };
    if !matches!(parsed.scheme(), "http" | "https") || !(debug_build || is_loopback(&parsed)) {
        tracing::warn!(env = STRIPE_API_BASE_ENV, "ignored: only a loopback address is honoured in this build");
        return None;
    }
    let text = parsed.to_string();
    Some(if text.ends_with('/') { text } else { format!("{text}/") })
}

/// Whether this computer trusts any certificate authority. hyper-rustls
/// panics when it finds none; we say so instead.
fn trusts_some_roots() -> bool {
    static ROOTS: OnceLock<bool> = OnceLock::new();
    *ROOTS.get_or_init(|| {
        let found = rustls_native_certs::load_native_certs();
        for e in &found.errors {
            tracing::warn!(error = %e, "a certificate in the OS store could not be read");
        }
        !found.certs.is_empty()
    })
}

impl StripeBilling {
    /// Stripe itself, or the base URL in `CLINICDESK_STRIPE_API_BASE` where
    /// this build honours it.
    pub fn from_env() -> StripeBilling {
        StripeBilling::new(std::env::var(STRIPE_API_BASE_ENV).ok().filter(|u| !u.is_empty()))
    }

    pub fn new(base_url: Option<String>) -> StripeBilling {
        StripeBilling {
            base_url: base_url.and_then(|u| allowed_base(&u, cfg!(debug_assertions))),
            timeout: Duration::from_secs(15),
            attempts: 3,
            backoff: Duration::from_millis(500),
            client: Mutex::new(None),
        }
    }

    /// Shorter waits, for tests against a local double.
    pub fn with_timing(mut self, timeout: Duration, attempts: u32, backoff: Duration) -> StripeBilling {
        self.timeout = timeout;
        self.attempts = attempts.max(1);
        self.backoff = backoff;
        self
    }

    /// Where requests made with `key` go: a live key only ever to Stripe.
    pub fn base_for(&self, key: &StripeSecret) -> Option<&str> {
        if key.livemode() {
            None
        } else {
            self.base_url.as_deref()
        }
    }

    fn client(&self, key: &StripeSecret) -> Result<stripe::Client, BillingError> {
        let mut cached = self.client.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, c)) = cached.as_ref() {
            if k.expose() == key.expose() {
                return Ok(c.clone());
            }
        }
        if !trusts_some_roots() {
            return Err(BillingError::NoTrustedCertificates);
        }
        let mut builder = stripe::ClientBuilder::new(key.expose()).timeout(self.timeout).app_info(
            "Clinicdesk",
            Some(env!("CARGO_PKG_VERSION").to_string()),
            None,
        );
        if let Some(url) = self.base_for(key) {
            builder = builder.url(url);
        }
        let client = builder.build().map_err(|e| {
            tracing::error!(error = %e, "the Stripe client could not be built");
            BillingError::Network
        })?;
        *cached = Some((key.clone(), client.clone()));
        Ok(client)
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
                param: api.param.clone(),
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
        currency: s.currency.as_ref().map(|c| c.to_string().to_ascii_lowercase()),
        made_for: s.metadata.as_ref().and_then(|m| AttemptRef::from_metadata(|k| m.get(k).map(String::as_str))),
        for_invoice: s
            .metadata
            .as_ref()
            .and_then(|m| super::InvoiceLinkRef::from_metadata(|k| m.get(k).map(String::as_str))),
    })
}

impl StripeBilling {
    /// A write sent as stored: the body, byte for byte, with its key. Returns
    /// Stripe's object as JSON text (refunds and payment links are read from it).
    async fn post_stored(
        &self,
        key: &StripeSecret,
        path: String,
        request: &StoredRequest,
    ) -> Result<String, BillingError> {
        let client = self.client(key)?;
        let idempotency = idempotency_key(&request.idempotency_key)?;
        let raw = self
            .with_retries(|| async {
                let mut raw = RequestBuilder::new(StripeMethod::Post, path.clone());
                raw.body = Some(request.body.clone());
                raw.customize::<miniserde::json::Value>()
                    .request_strategy(stripe::RequestStrategy::Idempotent(idempotency.clone()))
                    .send(&client)
                    .await
                    .map_err(classify)
            })
            .await?;
        Ok(miniserde::json::to_string(&raw))
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
            business_url: account.business_profile.as_ref().and_then(|b| b.url.clone()).filter(|u| !u.is_empty()),
        })
    }

    async fn create_checkout_session(
        &self,
        key: &StripeSecret,
        request: &StoredRequest,
    ) -> Result<CheckoutSessionInfo, BillingError> {
        let client = self.client(key)?;
        let idempotency = idempotency_key(&request.idempotency_key)?;
        let session = self
            .with_retries(|| async {
                let mut raw = RequestBuilder::new(StripeMethod::Post, "/checkout/sessions");
                raw.body = Some(request.body.clone());
                raw.customize::<stripe_shared::CheckoutSession>()
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

    async fn create_refund(&self, key: &StripeSecret, request: &StoredRequest) -> Result<RefundInfo, BillingError> {
        read_refund(&self.post_stored(key, "/refunds".to_string(), request).await?)
    }

    async fn retrieve_refund(&self, key: &StripeSecret, id: &str) -> Result<RefundInfo, BillingError> {
        let client = self.client(key)?;
        let raw = self
            .with_retries(|| async {
                RequestBuilder::new(StripeMethod::Get, format!("/refunds/{id}"))
                    .customize::<miniserde::json::Value>()
                    .send(&client)
                    .await
                    .map_err(classify)
            })
            .await?;
        read_refund(&miniserde::json::to_string(&raw))
    }

    async fn list_refunds(&self, key: &StripeSecret, payment_intent: &str) -> Result<Vec<RefundInfo>, BillingError> {
        let client = self.client(key)?;
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("payment_intent", payment_intent)
            .append_pair("limit", "100")
            .finish();
        let raw = self
            .with_retries(|| async {
                let mut raw = RequestBuilder::new(StripeMethod::Get, "/refunds");
                raw.query = Some(query.clone());
                raw.customize::<miniserde::json::Value>().send(&client).await.map_err(classify)
            })
            .await?;
        read_refund_list(&miniserde::json::to_string(&raw))
    }

    async fn create_payment_link(
        &self,
        key: &StripeSecret,
        request: &StoredRequest,
    ) -> Result<PaymentLinkInfo, BillingError> {
        super::payment_links::read_payment_link(&self.post_stored(key, "/payment_links".to_string(), request).await?)
    }

    async fn update_payment_link(
        &self,
        key: &StripeSecret,
        id: &str,
        request: &StoredRequest,
    ) -> Result<PaymentLinkInfo, BillingError> {
        super::payment_links::read_payment_link(&self.post_stored(key, format!("/payment_links/{id}"), request).await?)
    }

    async fn list_events(
        &self,
        key: &StripeSecret,
        query: &EventPageQuery,
        limit: u8,
    ) -> Result<EventPage, BillingError> {
        let client = self.client(key)?;
        let mut pairs: Vec<(String, String)> = CheckoutEventKind::ALL
            .iter()
            .map(|k| k.as_str())
            .chain(REFUND_EVENT_TYPES)
            .map(|t| ("types[]".to_string(), t.to_string()))
            .collect();
        pairs.push(("limit".into(), limit.to_string()));
        match query {
            EventPageQuery::NewerThan(id) => pairs.push(("ending_before".into(), id.clone())),
            EventPageQuery::Since { created_gte, starting_after } => {
                pairs.push(("created[gte]".into(), created_gte.to_string()));
                if let Some(id) = starting_after {
                    pairs.push(("starting_after".into(), id.clone()));
                }
            }
        }
        let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
        let page = self
            .with_retries(|| async {
                let mut raw = RequestBuilder::new(StripeMethod::Get, "/events");
                raw.query = Some(encoded.clone());
                raw.customize::<miniserde::json::Value>().send(&client).await.map_err(classify)
            })
            .await?;
        read_event_page(&miniserde::json::to_string(&page))
    }
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

    #[test]
    fn another_api_base_only_in_debug_builds_or_on_this_computer() {
        assert_eq!(allowed_base("http://127.0.0.1:12111", false).as_deref(), Some("http://127.0.0.1:12111/"));
        assert_eq!(allowed_base("http://localhost:12111/", false).as_deref(), Some("http://localhost:12111/"));
        assert_eq!(allowed_base("http://[::1]:9/", false).as_deref(), Some("http://[::1]:9/"));
        assert_eq!(allowed_base("https://stripe-proxy.example.com/", false), None);
        assert_eq!(allowed_base("http://10.0.0.5:12111/", false), None);
        assert_eq!(
            allowed_base("https://stripe-proxy.example.com", true).as_deref(),
            Some("https://stripe-proxy.example.com/")
        );
        assert_eq!(allowed_base("file:///etc/passwd", true), None);
        assert_eq!(allowed_base("not a url", true), None);
    }

    #[test]
    fn a_live_key_goes_only_to_stripe() {
        let billing = StripeBilling::new(Some("http://127.0.0.1:12111/".into()));
        let test = StripeSecret::try_from(format!("sk_test_{}", "A1".repeat(16))).unwrap();
        let live = StripeSecret::try_from(format!("rk_live_{}", "B2".repeat(16))).unwrap();
        assert_eq!(billing.base_for(&test), Some("http://127.0.0.1:12111/"));
        assert_eq!(billing.base_for(&live), None);
    }
}

//! `StripeBilling`: the `Billing` trait over Stripe's HTTP API (`http.rs`;
//! the forms we send and the objects we read are in this folder), talking to
//! Stripe (or, in debug builds and for a loopback address, to the URL in
//! `CLINICDESK_STRIPE_API_BASE`: a local mock or a test double).

use super::account::read_account;
use super::billing::*;
use super::events::read_event_page;
use super::http::{HttpError, StripeHttp, STRIPE_API_BASE};
use super::payment_links::PaymentLinkInfo;
use super::refunds::{read_refund, read_refund_list, RefundInfo};
use super::session::read_session;
use crate::secrets::StripeSecret;
use hyper::Method;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

pub const STRIPE_API_BASE_ENV: &str = "CLINICDESK_STRIPE_API_BASE";

pub struct StripeBilling {
    /// Another API base than Stripe's, ending with `/`.
    base_url: Option<String>,
    timeout: Duration,
    attempts: u32,
    backoff: Duration,
    /// One client per key: building one loads the OS certificate store.
    client: Mutex<Option<(StripeSecret, StripeHttp)>>,
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

    fn client(&self, key: &StripeSecret) -> Result<StripeHttp, BillingError> {
        let mut cached = self.client.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, c)) = cached.as_ref() {
            if k.expose() == key.expose() {
                return Ok(c.clone());
            }
        }
        if !trusts_some_roots() {
            return Err(BillingError::NoTrustedCertificates);
        }
        let client = StripeHttp::new(key, self.base_for(key).unwrap_or(STRIPE_API_BASE), self.timeout)?;
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

fn classify(e: HttpError) -> BillingError {
    match e {
        HttpError::Stripe { status, error } => match status {
            401 => BillingError::InvalidKey,
            403 => BillingError::PermissionDenied { permission: error.message.as_deref().and_then(missing_permission) },
            429 => BillingError::RateLimited,
            500..=599 => BillingError::StripeUnavailable { status: Some(status) },
            _ => BillingError::Refused { status, code: error.code.unwrap_or(error.kind), param: error.param },
        },
        // Not an answer from Stripe (a proxy's page, say): try again later.
        HttpError::NotStripe { status } => BillingError::StripeUnavailable { status: Some(status) },
        HttpError::Timeout => BillingError::Timeout,
        HttpError::Network => BillingError::Network,
        HttpError::Malformed => BillingError::Malformed,
    }
}

/// Our stored key, as Stripe takes it: 1 to 255 visible ASCII characters.
fn idempotency_key(key: &str) -> Result<&str, BillingError> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        tracing::error!("an idempotency key Stripe would refuse");
        return Err(BillingError::Malformed);
    }
    Ok(key)
}

impl StripeBilling {
    /// A write: `body` (form-encoded, or empty) with its idempotency key.
    /// Returns Stripe's object as JSON text, read by the caller's reader.
    async fn post(
        &self,
        key: &StripeSecret,
        path: String,
        body: &str,
        idempotency_key: &str,
    ) -> Result<String, BillingError> {
        let client = self.client(key)?;
        let idempotency = self::idempotency_key(idempotency_key)?;
        self.with_retries(|| async {
            client.send(Method::POST, &path, None, Some(body), Some(idempotency)).await.map_err(classify)
        })
        .await
    }

    /// A write sent as stored: the body, byte for byte, with its key.
    async fn post_stored(
        &self,
        key: &StripeSecret,
        path: String,
        request: &StoredRequest,
    ) -> Result<String, BillingError> {
        self.post(key, path, &request.body, &request.idempotency_key).await
    }

    /// A read, with its query (already encoded), as JSON text.
    async fn get(&self, key: &StripeSecret, path: String, query: Option<String>) -> Result<String, BillingError> {
        let client = self.client(key)?;
        self.with_retries(|| async {
            client.send(Method::GET, &path, query.as_deref(), None, None).await.map_err(classify)
        })
        .await
    }
}

#[async_trait::async_trait]
impl Billing for StripeBilling {
    async fn retrieve_account(&self, key: &StripeSecret) -> Result<StripeAccount, BillingError> {
        read_account(&self.get(key, "/account".to_string(), None).await?)
    }

    async fn create_checkout_session(
        &self,
        key: &StripeSecret,
        request: &StoredRequest,
    ) -> Result<CheckoutSessionInfo, BillingError> {
        read_session(&self.post_stored(key, "/checkout/sessions".to_string(), request).await?)
    }

    async fn retrieve_checkout_session(
        &self,
        key: &StripeSecret,
        id: &str,
    ) -> Result<CheckoutSessionInfo, BillingError> {
        read_session(&self.get(key, format!("/checkout/sessions/{id}"), None).await?)
    }

    async fn expire_checkout_session(
        &self,
        key: &StripeSecret,
        id: &str,
        idempotency_key: &str,
    ) -> Result<CheckoutSessionInfo, BillingError> {
        read_session(&self.post(key, format!("/checkout/sessions/{id}/expire"), "", idempotency_key).await?)
    }

    async fn create_refund(&self, key: &StripeSecret, request: &StoredRequest) -> Result<RefundInfo, BillingError> {
        read_refund(&self.post_stored(key, "/refunds".to_string(), request).await?)
    }

    async fn retrieve_refund(&self, key: &StripeSecret, id: &str) -> Result<RefundInfo, BillingError> {
        read_refund(&self.get(key, format!("/refunds/{id}"), None).await?)
    }

    async fn list_refunds(&self, key: &StripeSecret, payment_intent: &str) -> Result<Vec<RefundInfo>, BillingError> {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("payment_intent", payment_intent)
            .append_pair("limit", "100")
            .finish();
        read_refund_list(&self.get(key, "/refunds".to_string(), Some(query)).await?)
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
        read_event_page(&self.get(key, "/events".to_string(), Some(encoded)).await?)
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

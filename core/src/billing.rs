//! Stripe, behind the small `Billing` trait. `StripeBilling` talks to the real
//! API (or whatever `CLINICDESK_STRIPE_API_BASE` points at: a local mock, a
//! test double) through async-stripe.

use crate::secrets::StripeSecret;
use std::time::Duration;

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

#[async_trait::async_trait]
pub trait Billing: Send + Sync {
    /// `GET /v1/account`: the account the key belongs to. Verifies the key.
    async fn retrieve_account(&self, key: &StripeSecret) -> Result<StripeAccount, BillingError>;
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

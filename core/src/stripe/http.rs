//! Stripe's HTTP API, spoken directly over hyper and rustls: a request with
//! the key, Stripe's API version, an idempotency key on writes and a timeout;
//! an answer as JSON text, or Stripe's error with its status. This is what
//! async-stripe's client did for us; it also parsed every error into Stripe's
//! full object graph (an error may carry a PaymentIntent, a Source…), which
//! was 3.4 MiB of the binary for the four fields we read.

use super::billing::BillingError;
use crate::secrets::StripeSecret;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use hyper::{Method, Request};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use serde::Deserialize;
use std::time::Duration;

/// The API version the objects we read were written against.
pub const STRIPE_VERSION: &str = "2026-09-30.endive";
pub const STRIPE_API_BASE: &str = "https://api.stripe.com/";

type Https = hyper_rustls::HttpsConnector<HttpConnector>;

/// One clinic key's connection to Stripe (or to the test base URL).
#[derive(Clone)]
pub(crate) struct StripeHttp {
    client: Client<Https, Full<Bytes>>,
    base: String,
    auth: HeaderValue,
    user_agent: HeaderValue,
    timeout: Duration,
}

/// Stripe's `error` object: the fields we act on.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub(crate) struct ApiError {
    #[serde(rename = "type")]
    pub kind: String,
    pub code: Option<String>,
    pub message: Option<String>,
    pub param: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ApiError,
}

#[derive(Debug)]
pub(crate) enum HttpError {
    /// Stripe answered with its error.
    Stripe {
        status: u16,
        error: ApiError,
    },
    /// A failing status whose body isn't Stripe's error (a proxy's HTML 502).
    NotStripe {
        status: u16,
    },
    Timeout,
    /// No answer: DNS, connection, TLS.
    Network,
    /// An answer that isn't text.
    Malformed,
}

impl StripeHttp {
    /// `base` is Stripe's, or a test double's, ending with `/`. Fails when the
    /// key can't be a header, or the OS store has no certificate authority.
    pub fn new(key: &StripeSecret, base: &str, timeout: Duration) -> Result<StripeHttp, BillingError> {
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|e| {
                tracing::error!(error = %e, "no certificate authorities to trust Stripe with");
                BillingError::NoTrustedCertificates
            })?
            .https_or_http()
            .enable_http1()
            .build();
        let mut auth =
            HeaderValue::try_from(format!("Bearer {}", key.expose())).map_err(|_| BillingError::InvalidKey)?;
        auth.set_sensitive(true);
        Ok(StripeHttp {
            // Requests are minutes apart: no idle connections kept (as
            // async-stripe did), so a sleeping laptop never reuses a dead one.
            client: Client::builder(TokioExecutor::new()).pool_max_idle_per_host(0).build(connector),
            base: base.to_string(),
            auth,
            user_agent: HeaderValue::from_static(concat!("Clinicdesk/", env!("CARGO_PKG_VERSION"))),
            timeout,
        })
    }

    /// Sends one request: `query` and `body` already form-encoded; a write
    /// (POST) carries its idempotency key. Returns the answer's JSON text.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        query: Option<&str>,
        body: Option<&str>,
        idempotency_key: Option<&str>,
    ) -> Result<String, HttpError> {
        let mut uri = format!("{}v1{path}", self.base);
        if let Some(q) = query {
            uri.push('?');
            uri.push_str(q);
        }
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(AUTHORIZATION, self.auth.clone())
            .header(USER_AGENT, self.user_agent.clone())
            .header(HeaderName::from_static("stripe-version"), STRIPE_VERSION);
        if let Some(key) = idempotency_key {
            request = request.header(HeaderName::from_static("idempotency-key"), key);
        }
        if body.is_some() {
            request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or_default().to_string())))
            .map_err(|_| HttpError::Malformed)?;
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| {
                tracing::warn!(error = %e, "no answer from Stripe");
                HttpError::Network
            })?;
            let status = response.status();
            let bytes = response.into_body().collect().await.map_err(|_| HttpError::Network)?.to_bytes();
            Ok::<_, HttpError>((status, bytes))
        };
        let (status, bytes) = tokio::time::timeout(self.timeout, exchange).await.map_err(|_| HttpError::Timeout)??;
        if status.is_success() {
            return String::from_utf8(bytes.to_vec()).map_err(|_| HttpError::Malformed);
        }
        match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(body) => Err(HttpError::Stripe { status: status.as_u16(), error: body.error }),
            Err(_) => Err(HttpError::NotStripe { status: status.as_u16() }),
        }
    }
}

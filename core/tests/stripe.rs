//! Connecting Stripe, against a local HTTP double that answers like Stripe.

mod common;

use clinicdesk_core::secrets::{keychain_user, MemoryStore, SecretStore, SecretStoreError, StripeSecret};
use clinicdesk_core::stripe::StripeBilling;
use clinicdesk_core::stripe::StripeState;
use clinicdesk_core::{Clinicdesk, Error};
use common::*;
use serde_json::Value;
use sqlx::SqlitePool;
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{bearer_token, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_test_51QHarbourside0123456789abcdefGHIJ";
const OTHER_KEY: &str = "rk_test_51QHarbourside9876543210zyxwvuTSRQ";
const LIVE_KEY: &str = "rk_live_51QHarbourside9876543210zyxwvuTSRQ";

fn fixture(name: &str) -> Value {
    let text = match name {
        "account" => include_str!("fixtures/stripe/account.json"),
        "401" => include_str!("fixtures/stripe/error-401.json"),
        "403" => include_str!("fixtures/stripe/error-403.json"),
        "429" => include_str!("fixtures/stripe/error-429.json"),
        "500" => include_str!("fixtures/stripe/error-500.json"),
        _ => unreachable!(),
    };
    serde_json::from_str(text).unwrap()
}

fn secret(key: &str) -> StripeSecret {
    StripeSecret::try_from(key.to_string()).unwrap()
}

struct Setup {
    desk: Clinicdesk,
    store: Arc<MemoryStore>,
    server: MockServer,
}

async fn setup(pool: SqlitePool) -> Setup {
    let server = MockServer::start().await;
    let store = Arc::new(MemoryStore::default());
    let billing =
        StripeBilling::new(Some(server.uri())).with_timing(Duration::from_millis(400), 3, Duration::from_millis(10));
    let desk = desk_in(pool, "AUD").await.with_billing(Arc::new(billing)).with_secret_store(store.clone());
    Setup { desk, store, server }
}

async fn account_answers(server: &MockServer, status: u16, body: Value) {
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

async fn stored_key(s: &Setup) -> Option<StripeSecret> {
    s.store.get(&keychain_user(&s.desk.database_id().await.unwrap())).unwrap()
}

async fn connection_rows(s: &Setup) -> i64 {
    common::raw!(s.desk.db(), e => sqlx::query_scalar("SELECT COUNT(*) FROM stripe_connection").fetch_one(e).await)
        .unwrap()
}

fn refused_code(r: clinicdesk_core::Result<impl std::fmt::Debug>) -> &'static str {
    match r {
        Err(e) => e.code(),
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_key_stripe_accepts_is_stored_and_the_account_shown(pool: SqlitePool) {
    let s = setup(pool).await;
    let mut account = fixture("account");
    account["business_profile"]["url"] = "https://harbourside.example".into();
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .and(bearer_token(KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(account))
        .expect(1)
        .mount(&s.server)
        .await;
    assert_eq!(s.desk.stripe_status().await.unwrap().state, StripeState::NotConnected);

    let status = s.desk.connect_stripe(secret(KEY)).await.unwrap();
    assert_eq!(status.state, StripeState::Connected);
    assert!(status.payments_active);
    assert_eq!(
        status.return_url.as_deref(),
        Some("https://harbourside.example/"),
        "prefilled from the account's website"
    );
    let a = status.account.unwrap();
    assert_eq!(
        (a.account_id.as_str(), a.display_name.as_str(), a.country.as_str(), a.default_currency.as_str()),
        ("acct_1QHarbourside01", "Harbourside Physio", "AU", "aud")
    );
    assert!(!a.livemode && !a.restricted);
    assert_eq!(a.key_hint, "sk_test_…GHIJ");
    assert_eq!(status.currency_mismatch, None, "AUD clinic, AUD account");
    assert_eq!(stored_key(&s).await, Some(secret(KEY)), "the key is in the keychain");
    // ...and nowhere in the database.
    let dump: Vec<String> = common::raw!(s.desk.db(), e => sqlx::query_scalar(
        "SELECT account_id || display_name || key_hint FROM stripe_connection UNION ALL
         SELECT COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_log",
    )
    .fetch_all(e).await)
    .unwrap();
    assert!(dump.iter().all(|row| !row.contains(KEY)), "{dump:?}");
    let requests = s.server.received_requests().await.unwrap();
    let ua = requests[0].headers.get("user-agent").unwrap().to_str().unwrap().to_string();
    assert!(ua.contains("Clinicdesk/"), "app info is sent: {ua}");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_currency_other_than_the_clinics_is_a_warning_not_a_refusal(pool: SqlitePool) {
    let s = setup(pool).await;
    let mut account = fixture("account");
    account["default_currency"] = "nzd".into();
    account_answers(&s.server, 200, account).await;
    let status = s.desk.connect_stripe(secret(KEY)).await.unwrap();
    assert_eq!(status.state, StripeState::Connected);
    let m = status.currency_mismatch.unwrap();
    assert_eq!((m.clinic.as_str(), m.account.as_str()), ("AUD", "NZD"));
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn an_invalid_key_is_refused_at_the_field_and_nothing_is_stored(pool: SqlitePool) {
    let s = setup(pool).await;
    account_answers(&s.server, 401, fixture("401")).await;
    let err = s.desk.connect_stripe(secret(KEY)).await;
    assert_eq!(field_codes(err), vec![pair("secretKey", "stripe_invalid_key")]);
    assert_eq!(stored_key(&s).await, None);
    assert_eq!(connection_rows(&s).await, 0);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_restricted_key_without_permission_says_which(pool: SqlitePool) {
    let s = setup(pool).await;
    account_answers(&s.server, 403, fixture("403")).await;
    match s.desk.connect_stripe(secret(OTHER_KEY)).await {
        Err(Error::Validation(errors)) => {
            assert_eq!((errors[0].field.as_str(), errors[0].code), ("secretKey", "stripe_permission_missing"));
            assert_eq!(errors[0].params["permission"], "rak_accounts_kyc_basic_read");
            assert!(errors[0].message.contains("rak_accounts_kyc_basic_read"), "{}", errors[0].message);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(stored_key(&s).await, None);
    assert_eq!(connection_rows(&s).await, 0);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn rate_limits_are_retried_with_backoff(pool: SqlitePool) {
    let s = setup(pool).await;
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .respond_with(ResponseTemplate::new(429).set_body_json(fixture("429")))
        .up_to_n_times(2)
        .expect(2)
        .mount(&s.server)
        .await;
    account_answers(&s.server, 200, fixture("account")).await;
    let status = s.desk.connect_stripe(secret(KEY)).await.unwrap();
    assert_eq!(status.state, StripeState::Connected);
    assert_eq!(s.server.received_requests().await.unwrap().len(), 3);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn stripe_errors_after_retries_say_so_and_store_nothing(pool: SqlitePool) {
    let s = setup(pool).await;
    account_answers(&s.server, 500, fixture("500")).await;
    assert_eq!(refused_code(s.desk.connect_stripe(secret(KEY)).await), "stripe_unavailable");
    assert_eq!(s.server.received_requests().await.unwrap().len(), 3, "three attempts");
    assert_eq!(stored_key(&s).await, None);
    assert_eq!(connection_rows(&s).await, 0);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_proxy_error_page_counts_as_stripe_being_down(pool: SqlitePool) {
    let s = setup(pool).await;
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>"))
        .mount(&s.server)
        .await;
    assert_eq!(refused_code(s.desk.connect_stripe(secret(KEY)).await), "stripe_unavailable");
    assert_eq!(connection_rows(&s).await, 0);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_timeout_says_so_and_stores_nothing(pool: SqlitePool) {
    let s = setup(pool).await;
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("account")).set_delay(Duration::from_secs(3)))
        .mount(&s.server)
        .await;
    assert_eq!(refused_code(s.desk.connect_stripe(secret(KEY)).await), "stripe_timeout");
    assert_eq!(stored_key(&s).await, None);
    assert_eq!(connection_rows(&s).await, 0);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn no_network_says_so_and_stores_nothing(pool: SqlitePool) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let store = Arc::new(MemoryStore::default());
    let billing = StripeBilling::new(Some(format!("http://127.0.0.1:{port}/"))).with_timing(
        Duration::from_millis(400),
        3,
        Duration::from_millis(10),
    );
    let desk = desk_in(pool, "AUD").await.with_billing(Arc::new(billing)).with_secret_store(store.clone());
    assert_eq!(refused_code(desk.connect_stripe(secret(KEY)).await), "stripe_unreachable");
    assert_eq!(desk.stripe_status().await.unwrap().state, StripeState::NotConnected);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_malformed_answer_stores_nothing(pool: SqlitePool) {
    let s = setup(pool).await;
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"id\": 42"))
        .mount(&s.server)
        .await;
    assert_eq!(refused_code(s.desk.connect_stripe(secret(KEY)).await), "stripe_unexpected");
    assert_eq!(connection_rows(&s).await, 0);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn replacing_the_key_is_atomic(pool: SqlitePool) {
    let s = setup(pool).await;
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .and(bearer_token(KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("account")))
        .mount(&s.server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .and(bearer_token(OTHER_KEY))
        .respond_with(ResponseTemplate::new(401).set_body_json(fixture("401")))
        .mount(&s.server)
        .await;
    s.desk.connect_stripe(secret(KEY)).await.unwrap();
    // A key Stripe refuses leaves the old connection exactly as it was.
    let before = s.desk.stripe_status().await.unwrap();
    assert!(s.desk.connect_stripe(secret(OTHER_KEY)).await.is_err());
    assert_eq!(stored_key(&s).await, Some(secret(KEY)));
    assert_eq!(s.desk.stripe_status().await.unwrap(), before);

    // A keychain failure while storing the new key also leaves it intact.
    s.store.fail_with(Some(SecretStoreError::Locked("locked".into())));
    assert_eq!(refused_code(s.desk.connect_stripe(secret(KEY)).await), "keychain_locked");
    s.store.fail_with(None);
    assert_eq!(s.desk.stripe_status().await.unwrap(), before);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn disconnect_removes_the_key_and_the_account(pool: SqlitePool) {
    let s = setup(pool).await;
    account_answers(&s.server, 200, fixture("account")).await;
    s.desk.connect_stripe(secret(KEY)).await.unwrap();
    let status = s.desk.disconnect_stripe().await.unwrap();
    assert_eq!(status.state, StripeState::NotConnected);
    assert_eq!(stored_key(&s).await, None);
    assert_eq!(connection_rows(&s).await, 0);
    let actions: Vec<String> =
        common::raw!(s.desk.db(), e => sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'stripe_connection' ORDER BY id")
            .fetch_all(e).await)
            .unwrap();
    assert_eq!(actions, vec!["stripe_connected", "stripe_disconnected"]);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_revoked_key_is_noticed_at_start_up(pool: SqlitePool) {
    let s = setup(pool).await;
    Mock::given(method("GET"))
        .and(path("/v1/account"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("account")))
        .up_to_n_times(1)
        .mount(&s.server)
        .await;
    account_answers(&s.server, 401, fixture("401")).await;
    s.desk.connect_stripe(secret(KEY)).await.unwrap();
    let status = s.desk.verify_stripe().await.unwrap();
    assert_eq!(status.state, StripeState::KeyInvalid);
    assert!(!status.payments_active);
    assert_eq!(status.problem.as_deref(), Some("Stripe key no longer valid — reconnect in Settings → Integrations."));
    // The owner's payment settings are kept, only inactive.
    assert_eq!(stored_key(&s).await, Some(secret(KEY)));
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_locked_keychain_is_reported_and_the_rest_works(pool: SqlitePool) {
    let s = setup(pool).await;
    account_answers(&s.server, 200, fixture("account")).await;
    s.desk.connect_stripe(secret(KEY)).await.unwrap();
    s.store.fail_with(Some(SecretStoreError::Locked("the collection is locked".into())));
    let status = s.desk.stripe_status().await.unwrap();
    assert_eq!(status.state, StripeState::KeychainUnavailable);
    assert!(status.problem.unwrap().contains("keychain is locked"));
    // Everything that isn't payments goes on.
    create(&s.desk, form("Consult", "90")).await.unwrap();
    s.store.fail_with(Some(SecretStoreError::Unavailable("no D-Bus".into())));
    assert_eq!(s.desk.stripe_status().await.unwrap().state, StripeState::KeychainUnavailable);
}

/// `CLINICDESK_STRIPE_API_BASE` is for test keys: a live key goes to
/// Stripe itself (here, where only package registries are reachable, that
/// means it gets no answer), never to the local double.
#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_live_key_is_never_sent_to_another_address(pool: SqlitePool) {
    let s = setup(pool).await;
    account_answers(&s.server, 200, fixture("account")).await;
    let result = s.desk.connect_stripe(secret(LIVE_KEY)).await;
    assert!(s.server.received_requests().await.unwrap().is_empty(), "the double saw nothing");
    if let Ok(status) = result {
        // Only possible where the real Stripe is reachable and accepts it.
        assert_ne!(status.account.unwrap().account_id, "acct_1QHarbourside01");
    }
}

#[tokio::test]
async fn the_account_name_falls_back_to_the_business_name() {
    let server = MockServer::start().await;
    let mut account = fixture("account");
    account["settings"]["dashboard"]["display_name"] = Value::Null;
    account_answers(&server, 200, account).await;
    use clinicdesk_core::stripe::Billing;
    let account = StripeBilling::new(Some(server.uri())).retrieve_account(&secret(KEY)).await.unwrap();
    assert_eq!(account.display_name, "Harbourside Physiotherapy Pty Ltd");
    assert_eq!(account.id, "acct_1QHarbourside01");
}

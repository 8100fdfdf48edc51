//! A clinic owner connects Stripe (a local double of Stripe's API), sees the
//! account, gets bad keys explained, disconnects, and restarts in between.
//! Afterwards no trace of the keys is in the logs or the database.

use clinicdesk_e2e::{files_under, fresh_data_dir, App, Driver};
use clinicdesk_stripe_double::{harbourside, StripeDouble};

const GOOD_KEY: &str = "sk_test_51QHarbourside0123456789abcdefGHIJ";
/// A key Stripe doesn't know (the double answers 401, as Stripe does).
const REFUSED_KEY: &str = "sk_test_51QRevokedKey0000000000000000ZZZZ";

async fn stripe_double() -> StripeDouble {
    let stripe = StripeDouble::start().await;
    stripe.add_key(GOOD_KEY, harbourside());
    stripe
}

async fn open_integrations(app: &App) {
    app.click(&app.button("Integrations").await).await;
    app.wait_for_css("[data-testid='stripe-state']").await;
}

async fn connect_with(app: &App, key: &str) {
    app.fill("Stripe secret key", key).await;
    let submit = app
        .button(if app.all("[data-testid='stripe-account']").await.is_empty() {
            "Connect Stripe"
        } else {
            "Replace key"
        })
        .await;
    app.click(&submit).await;
}

#[tokio::test]
async fn owner_connects_and_disconnects_stripe_and_the_key_never_leaks() {
    let stripe = stripe_double().await;
    let data = fresh_data_dir("stripe-connect");
    // Debug logging, so the scan for the key below covers as much as possible.
    let driver = Driver::start_with(&data, &[("CLINICDESK_STRIPE_API_BASE", &stripe.uri()), ("RUST_LOG", "debug")]);
    let app = driver.launch().await;
    open_integrations(&app).await;
    assert_eq!(app.text_of("[data-testid='stripe-state']").await, "Not connected");
    app.wait_for_text("Stripe: not connected").await;
    app.screenshot("10-stripe-not-connected").await;

    // Keys that can't be right are refused before anything is sent.
    connect_with(&app, "pk_test_51QHarbourside0123456789abcdef").await;
    app.wait_for_css("[data-testid='error-secretKey']:not([hidden])").await;
    assert!(app.text_of("[data-testid='error-secretKey']").await.starts_with("This is a publishable key (pk_…)."));
    connect_with(&app, "sk_test_abc").await;
    app.wait_for_text("The key looks cut short.").await;
    assert_eq!(stripe.requests().len(), 0, "no request for a malformed key");

    // A key Stripe refuses is explained at the field.
    connect_with(&app, REFUSED_KEY).await;
    app.wait_for_text("Stripe does not accept this key.").await;
    app.screenshot("11-stripe-refused-key").await;
    assert_eq!(app.text_of("[data-testid='stripe-state']").await, "Not connected");

    // The right key connects and shows the account.
    connect_with(&app, GOOD_KEY).await;
    app.wait_for_css("[data-testid='stripe-account']").await;
    assert_eq!(app.text_of("[data-testid='stripe-state']").await, "Connected");
    assert_eq!(app.text_of("[data-testid='stripe-mode']").await, "Test mode");
    assert_eq!(app.text_of("[data-testid='stripe-account-name']").await, "Harbourside Physio");
    let facts = app.text_of("[data-testid='stripe-account']").await;
    for expected in ["acct_1QHarbourside01", "AU", "AUD", "sk_test_…GHIJ"] {
        assert!(facts.contains(expected), "{expected} missing from {facts}");
    }
    assert!(!facts.contains(GOOD_KEY));
    // The clinic is still on the default currency (USD here): a warning, not a refusal.
    assert!(app
        .text_of("[data-testid='currency-warning']")
        .await
        .contains("default currency is AUD, but the clinic charges in USD"));
    app.screenshot("12-stripe-connected").await;
    app.quit().await;

    // Restart: still connected (the key came back from the keychain and was
    // verified again in the background).
    let app = driver.launch().await;
    open_integrations(&app).await;
    assert_eq!(app.text_of("[data-testid='stripe-state']").await, "Connected");
    assert!(app.all("[data-testid='stripe-banner']:not([hidden])").await.is_empty());

    // Disconnect, after a confirmation that says what stops working.
    app.click(&app.button("Disconnect Stripe").await).await;
    app.wait_for_text("will not take online payments until you connect again").await;
    app.click(&app.css("[data-testid='confirm-yes']").await).await;
    app.wait_for_text("Stripe: not connected").await;
    app.quit().await;

    let app = driver.launch().await;
    open_integrations(&app).await;
    assert_eq!(app.text_of("[data-testid='stripe-state']").await, "Not connected");
    app.quit().await;

    // The keys appear nowhere in the data folder: not in the logs, not in the
    // database or its write-ahead log.
    let mut scanned = 0;
    for entry in files_under(&data) {
        let bytes = std::fs::read(&entry).unwrap();
        scanned += 1;
        for key in [GOOD_KEY, REFUSED_KEY] {
            assert!(!contains(&bytes, key.as_bytes()), "{} contains a Stripe key", entry.display());
        }
    }
    assert!(scanned >= 2, "the log and the database were scanned ({scanned} files)");
    let logs: Vec<_> = files_under(&data.join("logs"));
    assert!(!logs.is_empty(), "the app wrote a log file");
}

#[tokio::test]
async fn a_revoked_key_shows_a_banner_and_types_show_payments_inactive() {
    let stripe = stripe_double().await;
    let data = fresh_data_dir("stripe-revoked");
    let driver = Driver::start_with(&data, &[("CLINICDESK_STRIPE_API_BASE", &stripe.uri())]);
    let app = driver.launch().await;
    app.fill("Clinic name", "Harbourside Physiotherapy").await;
    app.by_label("Currency").await.select_by_value("AUD").await.unwrap();
    app.click(&app.button("Save clinic settings").await).await;
    app.wait_for_text("Clinic settings saved").await;
    open_integrations(&app).await;
    connect_with(&app, GOOD_KEY).await;
    app.wait_for_css("[data-testid='stripe-account']").await;

    // A type that requires online payment.
    app.click(&app.button("Appointment types").await).await;
    app.click(&app.button("Add appointment type").await).await;
    app.fill("Name", "Initial assessment").await;
    app.fill("Price in AUD", "150").await;
    app.click(&app.css("[data-testid='mode-required']").await).await;
    app.click(&app.button("Save appointment type").await).await;
    app.wait_for_css("[data-testid='type-row']").await;
    assert!(app.all("[data-testid='payments-inactive']").await.is_empty(), "active while Stripe works");
    app.quit().await;

    // Meanwhile the key is rolled in the Stripe Dashboard.
    stripe.revoke_key(GOOD_KEY);

    let app = driver.launch().await;
    app.wait_for_css("[data-testid='stripe-banner']:not([hidden])").await;
    assert!(app
        .text_of("[data-testid='stripe-banner']")
        .await
        .starts_with("Stripe key no longer valid — reconnect in Settings → Integrations."));
    app.click(&app.button("Appointment types").await).await;
    app.wait_for_css("[data-testid='payments-inactive']").await;
    assert_eq!(app.text_of("[data-testid='inactive-badge']").await, "Inactive");
    assert_eq!(app.text_of("[data-testid='badge']").await, "Online payment required", "the setting is kept");
    app.screenshot("13-stripe-key-revoked").await;
    app.quit().await;
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

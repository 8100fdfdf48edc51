//! The clinic's own stories, clicked through the real app with the strict
//! Stripe double: a 50 % deposit online at booking, a health-fund claim and
//! the gap by card at the visit, and the calendar saying Paid; a no-show
//! whose deposit covers the fee, the rest refunded online; the rest of a
//! deposit paid through a link after the visit; the patient's balances;
//! bad amounts refused at their field with nothing saved.

use clinicdesk_e2e::{fresh_data_dir, App, Driver};
use clinicdesk_stripe_double::{harbourside, StripeDouble};
use serde_json::json;

const KEY: &str = "sk_test_51QHarbourside0123456789abcdefGHIJ";

async fn choose(app: &App, testid: &str, value: &str) {
    app.eval(
        "const s = document.querySelector(`[data-testid='${arguments[0]}']`); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(testid), json!(value)],
    )
    .await;
}

async fn fill_testid(app: &App, testid: &str, text: &str) {
    let input = app.css(&format!("[data-testid='{testid}']")).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

async fn account_entries(app: &App, id: i64) -> usize {
    app.invoke("get_account", json!({ "id": id })).await["entries"].as_array().unwrap().len()
}

#[tokio::test]
async fn deposits_health_funds_gaps_no_shows_and_refunds() {
    let stripe = StripeDouble::start().await;
    stripe.add_key(KEY, harbourside());
    let data = fresh_data_dir("account");
    let driver = Driver::start_with(
        &data,
        &[("CLINICDESK_STRIPE_API_BASE", &stripe.uri()), ("CLINICDESK_PAYMENT_POLL_MS", "400")],
    );
    let app = driver.launch().await;
    app.wait_for_text("Your clinic's name, time zone, currency").await;
    app.invoke(
        "save_clinic_settings",
        json!({ "form": { "name": "Harbourside Physiotherapy", "timeZone": "Australia/Sydney", "currency": "AUD" } }),
    )
    .await;
    app.invoke("connect_stripe", json!({ "form": { "secretKey": KEY } })).await;
    let days: Vec<_> =
        (1..=7).map(|d| json!({ "weekday": d, "open": true, "opens": "07:00", "closes": "20:00" })).collect();
    app.invoke("save_opening_hours", json!({ "form": { "days": days } })).await;
    app.invoke(
        "create_appointment_type",
        json!({ "form": { "name": "Assessment", "description": "", "durationMinutes": "60", "colour": "#0f766e",
            "price": "120", "onlineMode": "required", "amountRule": "percent", "fixedAmount": "", "percentage": "50",
            "cancellationFee": "", "noShowFee": "20" } }),
    )
    .await;
    let pid =
        app.invoke("create_practitioner", json!({ "form": { "name": "Dr Mia Lee" } })).await["id"].as_i64().unwrap();
    let patient = app
        .invoke(
            "create_patient",
            json!({ "form": { "firstName": "Noah", "lastName": "Brown", "email": "noah@example.com", "phone": "",
                              "dateOfBirth": "", "notes": "" } }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    // Set up behind the window's back: reload it, as a restart would, so it
    // knows Stripe is connected (Settings → Integrations tells it directly).
    app.reload().await;
    app.click(&app.button("Front desk").await).await;
    app.wait_for_css("[data-testid='day-grid']").await;
    app.click(&app.css("[data-testid='next-day']").await).await;
    app.wait_for_css(&format!("[data-testid='slot-{pid}-09:00']")).await;

    // 1. A 50 % deposit paid online at booking.
    app.book(pid, "09:00", "noah", patient, "Assessment").await;
    app.wait_for_css("[data-testid='payment-qr']").await;
    stripe.pay(stripe.last_session()["id"].as_str().unwrap());
    app.wait_until(
        "the deposit to arrive",
        "document.querySelector(\"[data-testid='account-status']\")?.textContent === 'Part-paid (A$60.00 owing)'",
    )
    .await;

    // At the visit: arrived; the health fund's part, then the gap by card.
    app.click(&app.css("[data-testid='mark-arrived']").await).await;
    // The panel is drawn again once the change is saved: wait for that one.
    app.wait_until("the arrival", "document.querySelector(\"[data-testid='state-badge']\")?.textContent === 'Arrived'")
        .await;
    app.click(&app.css("[data-testid='take-payment']").await).await;
    app.wait_for_css("[data-testid='take-payment-dialog'][open]").await;
    assert_eq!(app.css("[data-testid='amount']").await.prop("value").await.unwrap().as_deref(), Some("60.00"));
    // Bad amounts are refused at the field; nothing is saved.
    let id = app.invoke("day_view", json!({ "date": "" })).await["next"].as_str().unwrap().to_string();
    let first = app.invoke("day_view", json!({ "date": id })).await["appointments"][0]["id"].as_i64().unwrap();
    let before = account_entries(&app, first).await;
    for (typed, words) in [
        ("10.1234", "Use at most 2 decimal places."),
        ("10.123", "Write thousands without a separator (1234) and at most two decimals (12.34)."),
        ("0", "Enter an amount more than zero."),
        ("500", "That is more than is owing (A$60.00)."),
    ] {
        fill_testid(&app, "amount", typed).await;
        app.click(&app.css("[data-testid='confirm-take-payment']").await).await;
        app.wait_for_css("[data-testid='error-amount']:not([hidden])").await;
        assert_eq!(app.text_of("[data-testid='error-amount']").await, words, "{typed}");
    }
    assert_eq!(account_entries(&app, first).await, before, "nothing saved");
    let refused = app
        .eval(
            "return window.__TAURI__.core.invoke('take_payment', { id: arguments[0], form: { amount: '10', method: 'cheque' } }).then(() => null, e => e);",
            vec![json!(first)],
        )
        .await;
    assert_eq!(refused["fields"][0]["field"], "method");
    fill_testid(&app, "amount", "45").await;
    choose(&app, "method", "health_fund").await;
    fill_testid(&app, "fund-name", "Bupa").await;
    fill_testid(&app, "claim-reference", "CLM-7781").await;
    app.click(&app.css("[data-testid='confirm-take-payment']").await).await;
    app.wait_for_css("[data-testid='receipt-dialog'][open]").await;
    let receipt = app.text_of("[data-testid='receipt']").await;
    assert!(receipt.contains("A$45.00") && receipt.contains("Bupa") && receipt.contains("CLM-7781"), "{receipt}");
    assert!(receipt.contains("A$15.00"), "balance after: {receipt}");
    app.screenshot("40-receipt").await;
    app.click(&app.css("[data-testid='close-receipt']").await).await;
    app.wait_until(
        "the balance to update",
        "document.querySelector(\"[data-testid='account-balance']\")?.textContent === 'A$15.00'",
    )
    .await;
    app.click(&app.css("[data-testid='take-payment']").await).await;
    app.wait_for_css("[data-testid='take-payment-dialog'][open]").await;
    assert_eq!(app.css("[data-testid='amount']").await.prop("value").await.unwrap().as_deref(), Some("15.00"));
    app.click(&app.css("[data-testid='confirm-take-payment']").await).await;
    app.click(&app.wait_for_css("[data-testid='close-receipt']").await).await;
    app.wait_until(
        "the account to be paid",
        "document.querySelector(\"[data-testid='account-status']\")?.textContent === 'Paid'",
    )
    .await;
    assert_eq!(app.text_of("[data-testid='account-balance']").await, "A$0.00");
    app.screenshot("41-paid-at-the-visit").await;
    app.close_panel().await;
    let card = app.text_of(&format!("[data-testid='appointment-{first}']")).await;
    assert!(card.contains("Paid"), "the calendar says Paid: {card}");

    // 2. A no-show with a deposit: the A$20 fee is charged, the deposit
    // covers it, and the other A$40 is refunded online.
    app.book(pid, "11:00", "brown", patient, "Assessment").await;
    app.wait_for_css("[data-testid='payment-qr']").await;
    stripe.pay(stripe.last_session()["id"].as_str().unwrap());
    app.wait_until(
        "the deposit to arrive",
        "document.querySelector(\"[data-testid='account-status']\")?.textContent === 'Part-paid (A$60.00 owing)'",
    )
    .await;
    app.click(&app.css("[data-testid='mark-no-show']").await).await;
    app.wait_for_css("[data-testid='close-dialog'][open]").await;
    let question = app.text_of("[data-testid='close-money']").await;
    assert!(question.contains("A$20.00") && question.contains("Refund A$40.00"), "{question}");
    // "Refund part" asks how much; more than the A$40 is refused at the field.
    app.click(&app.css("[data-testid='surplus-part']").await).await;
    fill_testid(&app, "refund-amount", "45").await;
    app.click(&app.css("[data-testid='confirm-close']").await).await;
    app.wait_for_css("[data-testid='error-refundAmount']:not([hidden])").await;
    assert_eq!(
        app.text_of("[data-testid='error-refundAmount']").await,
        "At most A$40.00 was paid beyond what is charged."
    );
    app.screenshot("42-no-show-money").await;
    app.click(&app.css("[data-testid='surplus-refund']").await).await;
    app.click(&app.css("[data-testid='confirm-close']").await).await;
    app.wait_until("the no-show", "document.querySelector(\"[data-testid='state-badge']\")?.textContent === 'No-show'")
        .await;
    app.wait_for_text("Refund pending at Stripe").await;
    let refund = stripe.refunds()[0].clone();
    assert_eq!(refund["amount"], 4000);
    stripe.settle_refund(refund["id"].as_str().unwrap(), true);
    app.wait_until("the refund to be done", "!document.body.innerText.includes('Refund pending at Stripe')").await;
    assert_eq!(app.text_of("[data-testid='account-status']").await, "Paid");
    let entries = app.text_of("[data-testid='account']").await;
    assert!(entries.contains("No-show fee") && entries.contains("Refund: Online (card)"), "{entries}");
    assert!(entries.contains("Refunded by Stripe"), "the refund shows refunded: {entries}");
    app.screenshot("43-no-show-refunded").await;
    app.close_panel().await;

    // 3. The rest paid online after the visit: "Take payment" makes a link
    // for the balance, with its QR code, and the payment arrives by itself.
    app.book(pid, "14:00", "noah", patient, "Assessment").await;
    app.wait_for_css("[data-testid='payment-qr']").await;
    stripe.pay(stripe.last_session()["id"].as_str().unwrap());
    app.wait_until(
        "the deposit to arrive",
        "document.querySelector(\"[data-testid='account-status']\")?.textContent === 'Part-paid (A$60.00 owing)'",
    )
    .await;
    app.click(&app.css("[data-testid='take-payment']").await).await;
    app.wait_for_css("[data-testid='take-payment-dialog'][open]").await;
    choose(&app, "method", "online").await;
    app.click(&app.css("[data-testid='confirm-take-payment']").await).await;
    app.wait_for_css("[data-testid='payment-qr']").await;
    let link = stripe.last_session();
    assert_eq!(link["amount_total"], 6000, "a link for the balance");
    assert!(
        !app.all("[data-testid='copy-link']").await.is_empty()
            && !app.all("[data-testid='email-link']").await.is_empty()
    );
    app.screenshot("44-balance-link").await;
    stripe.pay(link["id"].as_str().unwrap());
    app.wait_until(
        "the balance to be paid online",
        "document.querySelector(\"[data-testid='account-status']\")?.textContent === 'Paid'",
    )
    .await;
    app.close_panel().await;

    // The patient's page: every appointment with its balance; nothing owed.
    app.click(&app.button("Patients").await).await;
    app.click(&app.wait_for_css(&format!("[data-testid='patient-row-{patient}'] button")).await).await;
    app.wait_for_css("[data-testid='patient-owing']").await;
    assert_eq!(app.text_of("[data-testid='patient-owing']").await, "Owes nothing");
    let rows = app.all("[data-testid^='patient-appointment-']").await.len();
    assert_eq!(rows, 3);
    app.screenshot("45-patient-balances").await;
    app.quit().await;
}

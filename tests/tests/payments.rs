//! Online payments on a real clinic day, through the strict Stripe double:
//! the owner sets where patients land after paying (a bad address refused at
//! its field); a bank payment that is still processing stops the appointment
//! being cancelled, and says why; a payment Stripe reports differently lands
//! in Needs attention and is dealt with; and nothing a patient or
//! receptionist typed reaches the app's log.

use clinicdesk_e2e::{files_under, fresh_data_dir, Driver};
use clinicdesk_stripe_double::{harbourside, StripeDouble};
use serde_json::json;

const KEY: &str = "sk_test_51QHarbourside0123456789abcdefGHIJ";

fn type_form(name: &str, minutes: &str, price: &str, mode: &str, rule: &str, fixed: &str) -> serde_json::Value {
    json!({ "form": { "name": name, "description": "", "durationMinutes": minutes, "colour": "#0f766e",
        "price": price, "onlineMode": mode, "amountRule": rule, "fixedAmount": fixed, "percentage": "" } })
}

#[tokio::test]
async fn a_day_of_online_payments_at_the_front_desk() {
    // An account without a website: the owner must say where patients go.
    let stripe = StripeDouble::start().await;
    let mut account = harbourside();
    account.business_url = None;
    stripe.add_key(KEY, account);
    let data = fresh_data_dir("payments");
    let driver = Driver::start_with(
        &data,
        &[
            ("CLINICDESK_STRIPE_API_BASE", &stripe.uri()),
            ("CLINICDESK_PAYMENT_POLL_MS", "400"),
            ("RUST_LOG", "clinicdesk=debug,clinicdesk_core=debug"),
        ],
    );
    let app = driver.launch().await;
    app.wait_for_text("Your clinic's name, time zone, currency").await;
    app.invoke(
        "save_clinic_settings",
        json!({ "form": { "name": "Harbourside Physiotherapy", "timeZone": "Australia/Sydney", "currency": "AUD",
                          "slotMinutes": "15", "holdMinutes": "60", "allowOutsideHours": false } }),
    )
    .await;
    let days: Vec<_> =
        (1..=7).map(|d| json!({ "weekday": d, "open": true, "opens": "07:00", "closes": "20:00" })).collect();
    app.invoke("save_opening_hours", json!({ "form": { "days": days } })).await;
    app.invoke("create_appointment_type", type_form("Massage", "60", "90", "allowed", "full", "")).await;
    app.invoke("create_appointment_type", type_form("Initial consultation", "45", "120", "required", "fixed", "30"))
        .await;
    let pid =
        app.invoke("create_practitioner", json!({ "form": { "name": "Dr Mia Lee" } })).await["id"].as_i64().unwrap();
    let patient = app
        .invoke(
            "create_patient",
            json!({ "form": { "firstName": "Ava", "lastName": "Nguyen", "email": "ava.nguyen@example.com",
                              "phone": "0400 111 222", "dateOfBirth": "", "notes": "" } }),
        )
        .await["id"]
        .as_i64()
        .unwrap();

    // 1. Settings → Integrations: connect, then say where patients land.
    app.click(&app.button("Integrations").await).await;
    app.fill("Stripe secret key", KEY).await;
    app.click(&app.button("Connect Stripe").await).await;
    app.wait_for_css("[data-testid='return-url-form']").await;
    app.wait_for_text("Say where patients go after paying").await;
    app.fill("Page after paying", "http://harbourside.example").await;
    app.click(&app.button("Save page").await).await;
    app.wait_for_css("[data-testid='error-returnUrl']:not([hidden])").await;
    assert!(app.text_of("[data-testid='error-returnUrl']").await.contains("https://"));
    assert_eq!(app.invoke("stripe_status", json!({})).await["returnUrl"], serde_json::Value::Null, "nothing saved");
    assert_eq!(app.value("Page after paying").await, "http://harbourside.example", "what was typed is kept");
    app.fill("Page after paying", "harbourside.example/thanks").await;
    app.click(&app.button("Save page").await).await;
    app.wait_for_text("Saved: patients go there after paying").await;
    assert_eq!(app.value("Page after paying").await, "https://harbourside.example/thanks");
    app.screenshot("30-return-url").await;

    // 2. A massage paid by bank debit: processing, and it can't be cancelled.
    app.click(&app.button("Front desk").await).await;
    app.wait_for_css("[data-testid='day-grid']").await;
    app.click(&app.css("[data-testid='next-day']").await).await;
    app.wait_for_css(&format!("[data-testid='slot-{pid}-10:00']")).await;
    app.book(pid, "10:00", "ava", patient, "Massage").await;
    app.click(&app.css("[data-testid='send-link']").await).await;
    app.wait_for_css("[data-testid='payment-qr']").await;
    let massage = stripe.last_session();
    assert_eq!(massage["success_url"], "https://harbourside.example/thanks");
    stripe.pay_by_bank_debit(massage["id"].as_str().unwrap());
    app.wait_until(
        "the panel to show the bank payment",
        "document.querySelector(\"[data-testid='payment-state']\")?.textContent === 'Bank payment processing'",
    )
    .await;
    assert!(app.text_of("[data-testid='payment-problem']").await.contains("bank"));
    app.click(&app.css("[data-testid='cancel-appointment']").await).await;
    // The dialog says why at once, and its button can't be pressed.
    app.wait_for_css("[data-testid='close-blocked']").await;
    assert!(app.text_of("[data-testid='close-blocked']").await.contains("still being processed"));
    assert_eq!(app.css("[data-testid='confirm-close']").await.prop("disabled").await.unwrap().as_deref(), Some("true"));
    app.screenshot("31-processing-cancel-refused").await;
    app.click(&app.css("[data-testid='cancel-close']").await).await;
    app.wait_until("the dialog to close", "!document.querySelector(\"[data-testid='close-dialog'][open]\")").await;
    assert_eq!(app.text_of("[data-testid='state-badge']").await, "Booked", "not cancelled");
    app.close_panel().await;

    // 3. A consultation Stripe reports paid for another amount: not counted,
    // listed under Needs attention, and dealt with.
    app.book(pid, "11:00", "nguyen", patient, "Initial consultation").await;
    app.wait_for_css("[data-testid='payment-qr']").await;
    let consultation = stripe.last_session();
    stripe.pay_reporting(consultation["id"].as_str().unwrap(), 2000, "aud", false);
    app.wait_for_css("[data-testid='attention-amount_mismatch']").await;
    let item = app.text_of("[data-testid='attention-amount_mismatch']").await;
    assert!(item.contains("A$20.00") && item.contains("A$30.00") && item.contains("Ava Nguyen"), "{item}");
    app.wait_for_text("Payment needs checking").await;
    assert_eq!(app.text_of("[data-testid='state-badge']").await, "Awaiting payment", "not booked by it");
    app.close_panel().await;
    app.screenshot("32-needs-attention").await;
    app.click(&app.css("[data-testid^='attention-done-']").await).await;
    app.wait_for_css("[data-testid='note-dialog'][open]").await;
    app.click(&app.css("[data-testid='confirm-note']").await).await;
    app.wait_for_css("[data-testid='error-note']:not([hidden])").await;
    app.fill("What was done", "Refunded the A$20.00 in the Stripe Dashboard").await;
    app.click(&app.css("[data-testid='confirm-note']").await).await;
    app.wait_until("the list to empty", "document.querySelector(\"[data-testid='needs-attention']\").hidden").await;

    // The receptionist books it without online payment, with a reason.
    let next = app.invoke("day_view", json!({ "date": "" })).await["next"].as_str().unwrap().to_string();
    let day = app.invoke("day_view", json!({ "date": next })).await;
    let consultation = day["appointments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["typeName"] == "Initial consultation")
        .expect("the consultation is on the calendar");
    let held = consultation["id"].as_i64().unwrap();
    app.show_time(consultation["startLabel"].as_str().unwrap()).await;
    app.click(&app.css(&format!("[data-testid='appointment-{held}']")).await).await;
    app.wait_for_css("[data-testid='book-without-payment']").await;
    app.click(&app.css("[data-testid='book-without-payment']").await).await;
    app.wait_for_css("[data-testid='reason-dialog'][open]").await;
    app.fill("Reason for booking without payment", "Ava pays cash at the desk").await;
    app.click(&app.css("[data-testid='confirm-reason']").await).await;
    app.wait_for_text("Booked without online payment").await;
    app.quit().await;

    // 4. Nothing typed about the patient reached the log (RUST_LOG=debug).
    let logs = files_under(&data.join("logs"));
    assert!(!logs.is_empty());
    let text: String = logs.iter().map(|f| std::fs::read_to_string(f).unwrap_or_default()).collect();
    assert!(text.contains("book_without_payment"), "the commands were logged");
    for private in ["Ava", "Nguyen", "ava.nguyen@", "0400 111", "pays cash", "Refunded the"] {
        assert!(!text.contains(private), "the log contains {private:?}");
    }
}

//! The end of day, clicked through: a day's takings online and in cash,
//! a count that isn't an amount refused at its field with nothing saved, a
//! till 50 cents short that must be explained, closing the day, a refund
//! afterwards that shows on the next day and on the closed day as a later
//! change, and the CSV for the accountant read back from the disk.

use clinicdesk_e2e::{fresh_data_dir, App, Driver};
use clinicdesk_stripe_double::{harbourside, StripeDouble};
use serde_json::json;

const KEY: &str = "sk_test_51QHarbourside0123456789abcdefGHIJ";

async fn fill_field(app: &App, id: &str, text: &str) {
    let input = app.css(&format!("#{id}")).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

/// The method's row: its cells, " | " between them.
async fn row(app: &App, method: &str) -> String {
    app.texts(&format!("[data-testid='eod-method-{method}'] td")).await.join(" | ")
}

#[tokio::test]
async fn a_day_counted_closed_corrected_and_exported() {
    let stripe = StripeDouble::start().await;
    stripe.add_key(KEY, harbourside());
    let data = fresh_data_dir("end-of-day");
    let home = data.with_extension("home");
    std::fs::create_dir_all(&home).unwrap();
    let driver = Driver::start_with(
        &data,
        &[
            ("CLINICDESK_STRIPE_API_BASE", &stripe.uri()),
            ("CLINICDESK_PAYMENT_POLL_MS", "400"),
            // Exports go to the Downloads folder, or home when there is none.
            ("HOME", home.to_str().unwrap()),
        ],
    );
    let app = driver.launch().await;
    app.set_up_clinic().await;
    app.invoke("connect_stripe", json!({ "form": { "secretKey": KEY } })).await;
    app.create_type("Initial consultation", "90", "required", "full", "").await;
    app.create_type("Review", "60", "disabled", "full", "").await;
    let pid = app.create_practitioner("Dr Mia Lee").await;
    let patient = app.create_patient("Noah", "Brown", "noah@example.com").await;
    app.reload().await;
    app.front_desk_tomorrow(pid).await;

    // The day's money: A$90 online at booking, A$60 cash for a review.
    app.book(pid, "09:00", "noah", patient, "Initial consultation").await;
    app.wait_for_css("[data-testid='payment-qr']").await;
    stripe.pay(stripe.last_session()["id"].as_str().unwrap());
    app.wait_until("the payment", "document.querySelector(\"[data-testid='account-status']\")?.textContent === 'Paid'")
        .await;
    app.close_panel().await;
    app.book(pid, "11:00", "noah", patient, "Review").await;
    let next = app.invoke("day_view", json!({ "date": "" })).await["next"].as_str().unwrap().to_string();
    let review = app.invoke("day_view", json!({ "date": next })).await["appointments"][1]["id"].as_i64().unwrap();
    let taken = app.invoke("take_payment", json!({ "id": review, "form": { "amount": "60", "method": "cash" } })).await;
    let cash_entry = taken["receipt"]["entryId"].as_i64().unwrap();
    app.close_panel().await;

    // End of day: by method, with the till.
    app.click(&app.css("[data-nav='end-of-day']").await).await;
    app.wait_for_css("[data-testid='eod-methods']").await;
    assert_eq!(row(&app, "online").await, "Online (card) | A$90.00 | A$0.00 | A$90.00");
    assert_eq!(row(&app, "cash").await, "Cash | A$60.00 | A$0.00 | A$60.00");
    assert_eq!(app.text_of("[data-testid='eod-total']").await, "A$150.00");
    assert!(app.text_of("[data-testid='eod-status']").await.starts_with("Open"));
    let today = app.invoke("cash_up", json!({})).await["day"].as_str().unwrap().to_string();

    // A count that isn't an amount: refused at its field; nothing saved.
    fill_field(&app, "float", "100").await;
    fill_field(&app, "counted", "abc").await;
    app.click(&app.button("Save").await).await;
    app.wait_for_css("[data-testid='error-counted']:not([hidden])").await;
    assert_eq!(app.text_of("[data-testid='error-counted']").await, "Enter an amount such as 90 or 90.00.");
    let saved = app.invoke("cash_up", json!({ "day": today })).await;
    assert_eq!(
        (saved["figures"]["till"]["float"].as_i64(), saved["figures"]["till"]["counted"].as_i64()),
        (Some(0), None)
    );

    // 50 cents short: closing asks why, at the note.
    fill_field(&app, "counted", "159.50").await;
    app.click(&app.css("[data-testid='eod-close']").await).await;
    app.click(&app.wait_for_css("[data-testid='confirm-yes']").await).await;
    app.wait_for_css("[data-testid='error-note']:not([hidden])").await;
    assert_eq!(
        app.text_of("[data-testid='error-note']").await,
        "The till is short by A$0.50: say why before closing the day."
    );
    assert!(app.invoke("cash_up", json!({ "day": today })).await["closed"].is_null(), "not closed");
    app.screenshot("50-end-of-day-open").await;
    fill_field(&app, "note", "50c coin under the drawer").await;
    app.click(&app.css("[data-testid='eod-close']").await).await;
    app.click(&app.wait_for_css("[data-testid='confirm-yes']").await).await;
    app.wait_until(
        "the day to close",
        "document.querySelector(\"[data-testid='eod-status']\")?.textContent.startsWith('Closed')",
    )
    .await;
    assert_eq!(app.text_of("[data-testid='eod-difference']").await, "-A$0.50");

    // A refund after closing: the closed day keeps its figures and says so;
    // the refund counts on the next day.
    app.invoke(
        "refund_payment",
        json!({ "id": review, "form": { "paymentId": cash_entry.to_string(), "amount": "60", "reason": "Paid twice" } }),
    )
    .await;
    app.click(&app.css("[aria-label='Next day']").await).await;
    app.wait_until(
        "the next day",
        "!document.querySelector(\"[data-testid='eod-status']\")?.textContent.startsWith('Closed')",
    )
    .await;
    assert_eq!(row(&app, "cash").await, "Cash | A$0.00 | A$60.00 | -A$60.00", "refunded on the next day");
    assert_eq!(app.text_of("[data-testid='eod-total']").await, "-A$60.00");
    app.click(&app.css("[aria-label='Previous day']").await).await;
    app.wait_for_css("[data-testid='eod-later']").await;
    assert_eq!(app.text_of("[data-testid='eod-total']").await, "A$150.00", "the closed day is unchanged");
    let later = app.text_of("[data-testid='eod-later']").await;
    assert!(later.contains("refund") && later.contains("-A$60.00") && later.contains("Noah Brown"), "{later}");
    app.screenshot("51-end-of-day-closed").await;

    // The accountant's CSV of both days, read back from the disk.
    let tomorrow = app.invoke("cash_up", json!({ "day": today })).await["today"].as_str().unwrap().to_string();
    assert_eq!(tomorrow, today);
    app.eval(
        "const f = document.querySelector('#to'); const d = new Date(arguments[0] + 'T12:00:00Z'); d.setUTCDate(d.getUTCDate() + 1); f.value = d.toISOString().slice(0, 10);",
        vec![json!(today)],
    )
    .await;
    app.click(&app.button("Export CSV").await).await;
    app.wait_for_css("[data-testid='eod-exported']:not([hidden])").await;
    let said = app.text_of("[data-testid='eod-exported']").await;
    let path = said.split(" to ").last().unwrap().to_string();
    assert!(said.starts_with("Saved 3 entries"), "{said}");
    let csv = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("day,recorded_date,recorded_time,patient"));
    assert!(lines[1].contains(",online,90.00,AUD,") && lines[1].contains(",cs_test_"), "{}", lines[1]);
    assert!(lines[2].contains(",cash,60.00,AUD,"), "{}", lines[2]);
    assert!(lines[3].contains(",refund,cash,-60.00,AUD,Paid twice,"), "{}", lines[3]);
    assert!(path.starts_with(home.to_str().unwrap()), "{path}");

    // Owing: nothing yet (the appointments are tomorrow and paid).
    app.click(&app.css("[data-nav='outstanding']").await).await;
    app.wait_for_css("[data-testid='owing-empty']").await;
    app.quit().await;
}

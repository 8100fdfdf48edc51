//! A receptionist's day: books one appointment of each payment mode from the
//! day calendar, shows the patient the payment link and QR code, and watches
//! the Stripe double's news arrive on its own (paid; an expired hold freeing
//! its slot). A double booking is refused with a clear message.

use clinicdesk_e2e::{fresh_data_dir, Driver};
use clinicdesk_stripe_double::{harbourside, StripeDouble};
use serde_json::json;

const KEY: &str = "sk_test_51QHarbourside0123456789abcdefGHIJ";

/// Stripe as the app meets it: the strict double, which refuses what
/// Stripe refuses.
async fn stripe() -> StripeDouble {
    let stripe = StripeDouble::start().await;
    stripe.add_key(KEY, harbourside());
    stripe
}

fn type_form(name: &str, minutes: &str, price: &str, mode: &str, rule: &str, fixed: &str) -> serde_json::Value {
    json!({ "form": { "name": name, "description": "", "durationMinutes": minutes, "colour": "#0f766e",
        "price": price, "onlineMode": mode, "amountRule": rule, "fixedAmount": fixed, "percentage": "" } })
}

#[tokio::test]
async fn receptionist_books_each_payment_mode_and_sees_payments_arrive() {
    let stripe = stripe().await;
    let data = fresh_data_dir("front-desk");
    let driver = Driver::start_with(
        &data,
        &[("CLINICDESK_STRIPE_API_BASE", &stripe.uri()), ("CLINICDESK_PAYMENT_POLL_MS", "400")],
    );
    let app = driver.launch().await;

    // The owner's setup, quickly through the app's own commands.
    app.wait_for_text("Your clinic's name, time zone, currency").await;
    app.invoke(
        "save_clinic_settings",
        json!({ "form": { "name": "Harbourside Physiotherapy", "timeZone": "Australia/Sydney", "currency": "AUD",
                          "slotMinutes": "15", "holdMinutes": "60", "allowOutsideHours": false } }),
    )
    .await;
    app.invoke("connect_stripe", json!({ "form": { "secretKey": KEY } })).await;
    let days: Vec<_> =
        (1..=7).map(|d| json!({ "weekday": d, "open": true, "opens": "07:00", "closes": "20:00" })).collect();
    app.invoke("save_opening_hours", json!({ "form": { "days": days } })).await;
    app.invoke("create_appointment_type", type_form("Review", "30", "60", "disabled", "full", "")).await;
    app.invoke("create_appointment_type", type_form("Massage", "60", "90", "allowed", "full", "")).await;
    app.invoke("create_appointment_type", type_form("Initial consultation", "45", "120", "required", "fixed", "30"))
        .await;

    // Practitioners are added under Settings, as the owner would.
    app.click(&app.button("Practitioners").await).await;
    app.fill("Name", "Dr Mia Lee").await;
    app.click(&app.css("[data-testid='add-practitioner']").await).await;
    app.wait_for_css("[data-testid='practitioner-row']").await;
    app.screenshot("19-practitioners").await;

    // Opening hours that close before they open are refused at the field; nothing changes.
    app.eval(
        "const t = document.getElementById('closes-1'); t.value = '06:00'; t.dispatchEvent(new Event('input', { bubbles: true })); t.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await;
    app.click(&app.css("[data-testid='save-hours']").await).await;
    app.wait_for_css("[data-testid='error-closes-1']:not([hidden])").await;
    assert_eq!(app.text_of("[data-testid='error-closes-1']").await, "Closing time must be after opening time.");
    let monday = &app.invoke("get_opening_hours", json!({})).await["days"][0];
    assert_eq!((monday["opens"].as_str(), monday["closes"].as_str()), (Some("07:00"), Some("20:00")));
    let pid = app.invoke("list_practitioners", json!({ "includeInactive": false })).await[0]["id"].as_i64().unwrap();

    // Tomorrow on the front desk (leaving the unsaved hours asks first).
    app.click(&app.button("Front desk").await).await;
    app.wait_for_text("Discard your changes?").await;
    app.click(&app.css("[data-testid='confirm-yes']").await).await;
    app.wait_for_css("[data-testid='day-grid']").await;
    app.click(&app.css("[data-testid='next-day']").await).await;
    app.wait_for_css(&format!("[data-testid='slot-{pid}-09:00']")).await;

    // 1. Disabled: a new patient, created inside the booking dialog.
    app.click_css(&format!("[data-testid='slot-{pid}-09:00']")).await;
    app.wait_for_css("[data-testid='booking-dialog'][open]").await;
    app.fill("Patient", "Sam Taylor").await;
    app.click(&app.css("[data-testid='new-patient']").await).await;
    app.wait_for_css("[data-testid='booking-new-patient']:not([hidden]) [data-testid='patient-form']").await;
    app.fill("Email", "sam.taylor@example.com").await;
    app.fill("Phone", "0412 345 678").await;
    app.click(&app.css("[data-testid='save-patient']").await).await;
    app.wait_for_css("[data-testid='selected-patient']:not([hidden])").await;
    let patient =
        app.invoke("search_patients", json!({ "query": "sam", "page": 0 })).await["items"][0]["id"].as_i64().unwrap();
    let review = app.option_label("Review").await;
    app.by_label("Appointment type").await.select_by_label(&review).await.unwrap();
    app.click(&app.css("[data-testid='book-button']").await).await;
    app.wait_for_css("[data-testid='appointment-panel']:not([hidden])").await;
    assert_eq!(app.text_of("[data-testid='state-badge']").await, "Booked");
    assert!(app.all("[data-testid='send-link']").await.is_empty(), "no online payment for this type");
    app.close_panel().await;

    // 2. Allowed: booked at once; the link is sent on request.
    app.book(pid, "10:00", "sam", patient, "Massage").await;
    assert_eq!(app.text_of("[data-testid='state-badge']").await, "Booked");
    app.click(&app.css("[data-testid='send-link']").await).await;
    app.wait_for_css("[data-testid='payment-qr']").await;
    let link = app.css("[data-testid='payment-link']").await.prop("value").await.unwrap().unwrap_or_default();
    let massage = stripe.last_session();
    assert_eq!(link, massage["url"].as_str().unwrap());
    let massage = massage["id"].as_str().unwrap().to_string();
    app.close_panel().await;

    // 3. Required: the slot is held until the patient pays A$30.00 online.
    app.book(pid, "11:00", "taylor", patient, "Initial consultation").await;
    assert_eq!(app.text_of("[data-testid='state-badge']").await, "Awaiting payment");
    let qr = app.wait_for_css("svg[data-testid='payment-qr']").await;
    assert!(qr.is_displayed().await.unwrap());
    let link = app.css("[data-testid='payment-link']").await.prop("value").await.unwrap().unwrap_or_default();
    let consultation = stripe.last_session();
    assert_eq!(link, consultation["url"].as_str().unwrap());
    assert_eq!(consultation["success_url"], "https://harbourside.example/", "where the patient lands after paying");
    assert!(app.text_of("[data-testid='payment-waiting']").await.contains("A$30.00"));
    assert!(
        !app.all("[data-testid='copy-link']").await.is_empty()
            && !app.all("[data-testid='email-link']").await.is_empty()
    );
    app.screenshot("20-pending-payment").await;

    // The patient pays (the double now says so); nobody touches anything.
    stripe.pay(consultation["id"].as_str().unwrap());
    app.wait_until(
        "the panel to show the payment",
        "document.querySelector(\"[data-testid='payment-state']\")?.textContent.includes('Paid A$30.00 online')",
    )
    .await;
    assert_eq!(app.text_of("[data-testid='state-badge']").await, "Booked");
    app.close_panel().await;
    // The calendar says what the account says: A$30 of A$120 paid.
    app.wait_for_text("Part-paid (A$90.00 owing)").await;
    // The massage's optional link is paid too: all of it.
    stripe.pay(&massage);
    app.wait_until(
        "the massage to show Paid",
        "[...document.querySelectorAll(\"[data-testid='appointment-badge']\")].some((b) => b.textContent === 'Paid')",
    )
    .await;

    // 4. Another required booking whose hold expires: the slot comes back.
    app.book(pid, "12:00", "sam", patient, "Initial consultation").await;
    assert_eq!(app.text_of("[data-testid='state-badge']").await, "Awaiting payment");
    app.close_panel().await;
    app.show_time("12:00").await; // its row is drawn, so a missing slot means taken
    assert!(app.all(&format!("[data-testid='slot-{pid}-12:00']")).await.is_empty(), "held");
    stripe.expire_session(stripe.last_session()["id"].as_str().unwrap());
    app.wait_for_css(&format!("[data-testid='slot-{pid}-12:00']")).await;

    // 5. Double booking: 09:00 is taken.
    app.show_time("13:00").await;
    app.click_css(&format!("[data-testid='slot-{pid}-13:00']")).await;
    app.wait_for_css("[data-testid='booking-dialog'][open]").await;
    app.fill("Patient", "sam").await;
    app.click(&app.wait_for_css(&format!("[data-testid='patient-result-{patient}']")).await).await;
    app.by_label("Appointment type").await.select_by_label(&review).await.unwrap();
    // WebKit's time field is segmented; its value is set as a picker would.
    app.eval(
        "const t = document.getElementById('time'); t.value = '09:00'; t.dispatchEvent(new Event('input', { bubbles: true })); t.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await;
    app.click(&app.css("[data-testid='book-button']").await).await;
    app.wait_for_css("[data-testid='error-time']:not([hidden])").await;
    assert_eq!(app.text_of("[data-testid='error-time']").await, "That slot was just taken — pick another time.");
    app.screenshot("21-slot-taken").await;
    app.click(&app.css("[data-testid='cancel-booking']").await).await;
    app.click(&app.wait_for_css("[data-testid='confirm-yes']").await).await;
    app.wait_until("the dialog to close", "!document.querySelector(\"[data-testid='booking-dialog'][open]\")").await;
    let day = app.invoke("day_view", json!({ "date": "" })).await;
    let tomorrow = day["next"].as_str().unwrap().to_string();
    let booked = app.invoke("day_view", json!({ "date": tomorrow })).await["appointments"].as_array().unwrap().len();
    assert_eq!(booked, 3, "09:00, 10:00 and the paid 11:00; nothing from the refused booking");
    app.screenshot("22-day-view").await;
    app.quit().await;

    // Restart: everything is as it was, the payment recorded.
    let app = driver.launch().await;
    app.wait_for_css("[data-testid='day-grid']").await;
    app.click(&app.css("[data-testid='next-day']").await).await;
    app.wait_for_text("Part-paid (A$90.00 owing)").await;
    let payments: Vec<(String, i64)> = {
        let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&format!(
            "sqlite://{}",
            data.join("clinicdesk.db").display()
        ))
        .await
        .unwrap();
        sqlx::query_as("SELECT status, amount_minor FROM checkout_attempts ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(payments, vec![("paid".into(), 9000), ("paid".into(), 3000), ("expired".into(), 3000)]);

    // The patient list finds Sam by phone digits, typed as people type them.
    app.click(&app.button("Patients").await).await;
    app.fill("Search patients", "0412 345").await;
    app.wait_for_css(&format!("[data-testid='patient-row-{patient}']")).await;
    assert_eq!(app.all("[data-testid^='patient-row-']").await.len(), 1);
    app.screenshot("23-patients").await;
    app.quit().await;
}

/// A long day with many practitioners: the grid draws what is in view (and a
/// little beyond), scrolling draws the rest, and the arrow keys walk from the
/// first free slot to one that was not drawn when the day opened.
#[tokio::test]
async fn the_day_grid_draws_what_is_in_view_and_the_rest_on_the_way() {
    let data = fresh_data_dir("day-grid-window");
    let driver = Driver::start(&data);
    let app = driver.launch().await;
    app.set_up_clinic().await; // open 07:00–20:00, 15-minute slots
    let mut ids = Vec::new();
    for n in 1..=12 {
        ids.push(app.create_practitioner(&format!("Practitioner {n:02}")).await);
    }
    let (first, last) = (ids[0], ids[11]);
    app.front_desk_tomorrow(first).await;
    let day = app
        .invoke(
            "day_view",
            json!({ "date": app.eval("return document.getElementById('jump-date').value", vec![]).await }),
        )
        .await;
    let rows = day["rows"].as_array().unwrap();
    let late = rows.last().unwrap()["label"].as_str().unwrap().to_string();
    let cells = rows.len() * ids.len();

    // Opened at 07:00: the late slots and the far columns are not in the page.
    let drawn = app.all(".slot").await.len();
    assert!(drawn > 0 && drawn < cells / 2, "{drawn} of {cells} slots drawn at first");
    assert!(app.all(&format!("[data-testid='slot-{first}-{late}']")).await.is_empty(), "{late} is out of view");
    assert!(app.all(&format!("[data-testid='slot-{last}-07:00']")).await.is_empty(), "column 12 is out of view");

    // Scrolled to the end of the day (and across), they are there to click.
    app.show_time(&late).await;
    app.wait_for_css(&format!("[data-testid='slot-{first}-{late}']")).await;
    app.eval("document.querySelector('[data-testid=\"day-grid\"]').scrollLeft = 1e6", vec![]).await;
    app.wait_for_css(&format!("[data-testid='slot-{last}-{late}']")).await;
    app.screenshot("24-day-grid-scrolled").await;
    assert!(app.all(".slot").await.len() < cells / 2, "what scrolled away is taken out again");

    // Back at the start, the arrow keys walk down past what was drawn: 40
    // rows down from 07:00 is 17:00, and focus is on its slot.
    app.eval("const g = document.querySelector('[data-testid=\"day-grid\"]'); g.scrollLeft = 0;", vec![]).await;
    app.show_time("07:00").await;
    app.eval(&format!("document.querySelector(\"[data-testid='slot-{first}-07:00']\").focus()"), vec![]).await;
    for _ in 0..40 {
        let focused = app.client.active_element().await.unwrap();
        app.press(&focused, fantoccini::key::Key::Down).await;
    }
    let focused = app.eval("return document.activeElement.dataset.testid", vec![]).await;
    assert_eq!(focused, json!(format!("slot-{first}-17:00")));
    assert_eq!(app.all(".slot[tabindex='0']").await.len(), 1, "one slot in the tab order");
    app.wait_until(
        "the 17:00 row to be drawn around the focused slot",
        &format!("document.querySelector(\"[data-testid='slot-{ids1}-17:00']\")", ids1 = ids[1]),
    )
    .await;
    app.quit().await;
}

/// The last day switch the page recorded once there are `n`: `{ date, kept }`,
/// kept when it was drawn from a day read ahead.
async fn switch_number(app: &clinicdesk_e2e::App, n: usize) -> serde_json::Value {
    app.wait_until(
        &format!("day switch {n}"),
        &format!("performance.getEntriesByName('day-view-switch', 'measure').length >= {n}"),
    )
    .await;
    app.eval(
        "const m = performance.getEntriesByName('day-view-switch', 'measure')[arguments[0] - 1]; return { date: m.detail.date, kept: m.detail.kept };",
        vec![json!(n)],
    )
    .await
}

async fn measure_count(app: &clinicdesk_e2e::App, name: &str) -> usize {
    app.eval("return performance.getEntriesByName(arguments[0], 'measure').length;", vec![json!(name)])
        .await
        .as_u64()
        .unwrap() as usize
}

async fn badges(app: &clinicdesk_e2e::App, id: i64) -> Vec<String> {
    let mut out = Vec::new();
    for badge in app.all(&format!("[data-testid='appointment-{id}'] [data-testid='appointment-badge']")).await {
        out.push(badge.text().await.unwrap());
    }
    out
}

/// The days either side of the one on screen are read ahead, so the day
/// buttons draw without asking core; a day read ahead is never shown once
/// something changed: a payment the background check announced, or a
/// booking made here.
#[tokio::test]
async fn the_days_either_side_are_read_ahead_and_never_shown_stale() {
    let stripe = stripe().await;
    let data = fresh_data_dir("days-ahead");
    let driver = Driver::start_with(
        &data,
        &[("CLINICDESK_STRIPE_API_BASE", &stripe.uri()), ("CLINICDESK_PAYMENT_POLL_MS", "400")],
    );
    let app = driver.launch().await;
    app.set_up_clinic().await;
    app.invoke("connect_stripe", json!({ "form": { "secretKey": KEY } })).await;
    app.create_type("Massage", "90", "allowed", "full", "").await;
    let pid = app.create_practitioner("Dr Mia Lee").await;
    let patient = app.create_patient("Noah", "Brown", "noah@example.com").await;
    app.reload().await;
    app.front_desk_tomorrow(pid).await;
    let tomorrow = app.eval("return document.getElementById('jump-date').value", vec![]).await;
    // The switch to tomorrow is the page's first; its measure is recorded
    // once it is painted, which may be after its slots are found.
    let mut switches = 1;
    assert_eq!(switch_number(&app, switches).await["date"], tomorrow);

    // Tomorrow: a massage whose payment link is sent.
    app.book(pid, "10:00", "noah", patient, "Massage").await;
    app.click(&app.css("[data-testid='send-link']").await).await;
    app.wait_for_css("[data-testid='payment-qr']").await;
    let session = stripe.last_session()["id"].as_str().unwrap().to_string();
    app.close_panel().await;
    let massage = app.invoke("day_view", json!({ "date": tomorrow })).await["appointments"][0]["id"].as_i64().unwrap();
    app.wait_for_css(&format!("[data-testid='appointment-{massage}']")).await;
    assert!(!badges(&app, massage).await.contains(&"Paid".to_string()));

    // Back to today, where tomorrow is read ahead; then the patient pays, and
    // the background check announces it while today is on screen.
    app.click(&app.css("[data-testid='prev-day']").await).await;
    switches += 1;
    let today = switch_number(&app, switches).await;
    assert_ne!(today["date"], tomorrow);
    tokio::time::sleep(std::time::Duration::from_millis(800)).await; // a look at the day
    let refreshes = measure_count(&app, "day-view-refresh").await;
    stripe.pay(&session);
    app.wait_until(
        "the announced change to be shown",
        &format!("performance.getEntriesByName('day-view-refresh', 'measure').length > {refreshes}"),
    )
    .await;

    // Tomorrow again: paid, at once (read ahead again after the news).
    app.click(&app.css("[data-testid='next-day']").await).await;
    switches += 1;
    let paid = switch_number(&app, switches).await;
    assert_eq!((&paid["date"], &paid["kept"]), (&tomorrow, &json!(true)));
    app.show_time("10:00").await;
    assert!(badges(&app, massage).await.contains(&"Paid".to_string()), "{:?}", badges(&app, massage).await);

    // Nothing changes while today is looked at: tomorrow comes from the days
    // read ahead.
    app.click(&app.css("[data-testid='prev-day']").await).await;
    switches += 1;
    switch_number(&app, switches).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.click(&app.css("[data-testid='next-day']").await).await;
    switches += 1;
    let again = switch_number(&app, switches).await;
    assert_eq!((&again["date"], &again["kept"]), (&tomorrow, &json!(true)));

    // From today, "New appointment" books tomorrow at 11:00: the grid moves
    // to tomorrow and asks core again, so the new booking is there.
    app.click(&app.css("[data-testid='prev-day']").await).await;
    switches += 1;
    switch_number(&app, switches).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.click(&app.css("[data-testid='new-appointment']").await).await;
    app.wait_for_css("[data-testid='booking-dialog'][open]").await;
    app.fill("Patient", "noah").await;
    app.click(&app.wait_for_css(&format!("[data-testid='patient-result-{patient}']")).await).await;
    app.by_label("Practitioner").await.select_by_label("Dr Mia Lee").await.unwrap();
    let option = app.option_label("Massage").await;
    app.by_label("Appointment type").await.select_by_label(&option).await.unwrap();
    app.eval(
        "for (const [id, v] of [['date', arguments[0]], ['time', '11:00']]) { const t = document.getElementById(id); t.value = v; t.dispatchEvent(new Event('input', { bubbles: true })); t.dispatchEvent(new Event('change', { bubbles: true })); }",
        vec![tomorrow.clone()],
    )
    .await;
    app.click(&app.css("[data-testid='book-button']").await).await;
    app.wait_for_css("[data-testid='appointment-panel']:not([hidden])").await;
    switches += 1;
    let booked = switch_number(&app, switches).await;
    assert_eq!((&booked["date"], &booked["kept"]), (&tomorrow, &json!(false)));
    let second = app.invoke("day_view", json!({ "date": tomorrow })).await["appointments"][1]["id"].as_i64().unwrap();
    app.close_panel().await;
    app.show_time("11:00").await;
    app.wait_for_css(&format!("[data-testid='appointment-{second}']")).await;
    app.screenshot("25-days-read-ahead").await;
    app.quit().await;
}

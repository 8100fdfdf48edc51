//! An invoice with a payment link, clicked through: a provider number set
//! in Settings → Practitioners; Patients → the patient → Invoice… with a due
//! date before the issue date and with no appointments refused at their
//! fields (nothing saved); issued with its link and QR code; emailed to the
//! real test SMTP server (recipient, subject, the PDF, the link in the
//! body read back); paid through the link at the Stripe double; the
//! invoice shows Paid and the day's cash-up counts it as online.

use clinicdesk_e2e::smtp::{SmtpServer, PASSWORD, USER};
use clinicdesk_e2e::{fresh_data_dir, App, Driver};
use clinicdesk_stripe_double::{harbourside, StripeDouble};
use serde_json::json;

const KEY: &str = "sk_test_51QHarbourside0123456789abcdefGHIJ";

async fn set_value(app: &App, css: &str, value: &str) {
    app.eval(
        "const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input'));",
        vec![json!(css), json!(value)],
    )
    .await;
}

#[tokio::test]
async fn an_invoice_issued_emailed_and_paid_through_its_link() {
    let stripe = StripeDouble::start().await;
    stripe.add_key(KEY, harbourside());
    let smtp = SmtpServer::start();
    let data = fresh_data_dir("invoices");
    let home = data.with_extension("home");
    std::fs::create_dir_all(&home).unwrap();
    let driver = Driver::start_with(
        &data,
        &[
            ("CLINICDESK_STRIPE_API_BASE", &stripe.uri()),
            ("CLINICDESK_PAYMENT_POLL_MS", "400"),
            ("CLINICDESK_INVOICE_POLL_MS", "400"),
            ("HOME", home.to_str().unwrap()),
        ],
    );
    let app = driver.launch().await;
    app.set_up_clinic().await;
    app.invoke("connect_stripe", json!({ "form": { "secretKey": KEY } })).await;
    app.invoke(
        "save_clinic_details",
        json!({ "form": { "legalName": "Harbourside Physiotherapy Pty Ltd", "address": "10 Quay Street\nSydney NSW 2000",
            "phone": "02 9000 1234", "email": "desk@harbourside.example", "taxNumber": "ABN 12 345 678 901",
            "footer": "Thank you.", "paper": "a4", "invoicePrefix": "HP-", "invoiceDueDays": "14" } }),
    )
    .await;
    app.invoke(
        "save_mail_server",
        json!({ "form": { "host": "127.0.0.1", "port": smtp.port.to_string(), "security": "none", "username": USER,
            "password": PASSWORD, "fromEmail": "desk@harbourside.example", "fromName": "Harbourside Physiotherapy" } }),
    )
    .await;
    app.create_type("Review", "60", "disabled", "full", "").await;
    let pid = app.create_practitioner("Dr Mia Lee").await;
    let patient = app.create_patient("Noah", "Brown", "noah@example.com").await;
    app.reload().await;

    // Settings → Practitioners: the provider number printed on invoices.
    app.click(&app.css("[data-nav='practitioners']").await).await;
    app.click(&app.wait_for_css("[data-testid='provider-number']").await).await;
    let input = app.wait_for_css("[data-testid='provider-number-input']").await;
    input.send_keys("2447891A").await.unwrap();
    app.click(&app.css("[data-testid='confirm-provider-number']").await).await;
    app.wait_for_text("Provider no. 2447891A").await;

    app.front_desk_tomorrow(pid).await;
    app.book(pid, "09:00", "noah", patient, "Review").await;
    app.close_panel().await;
    app.book(pid, "11:00", "noah", patient, "Review").await;
    app.close_panel().await;

    // Patients → Noah → Invoice…
    app.click(&app.button("Patients").await).await;
    app.click(&app.wait_for_css(&format!("[data-testid='patient-row-{patient}'] button")).await).await;
    app.click(&app.wait_for_css("[data-testid='patient-invoice']").await).await;
    app.wait_for_css("[data-testid='new-invoice-dialog'][open]").await;
    assert_eq!(app.all("[data-testid^='invoice-appt-']:checked").await.len(), 2, "both owing, both ticked");
    // A due date before the issue date: refused at its field.
    set_value(&app, "[data-testid='due-date']", "2020-01-01").await;
    app.click(&app.css("[data-testid='confirm-new-invoice']").await).await;
    app.wait_for_css("[data-testid='error-dueDate']:not([hidden])").await;
    assert_eq!(app.text_of("[data-testid='error-dueDate']").await, "The due date can't be before the issue date.");
    app.screenshot("70-invoice-due-before-issue").await;
    // No appointments: refused at the list.
    set_value(&app, "[data-testid='due-date']", "").await;
    for box_ in app.all("[data-testid^='invoice-appt-']").await {
        app.click(&box_).await;
    }
    app.click(&app.css("[data-testid='confirm-new-invoice']").await).await;
    app.wait_for_css("[data-testid='error-appointments']:not([hidden])").await;
    assert!(app.text_of("[data-testid='error-appointments']").await.starts_with("Choose at least one appointment"));
    assert_eq!(app.invoke("list_invoices", json!({ "page": 0 })).await["invoices"], json!([]), "nothing saved");
    // Both ticked again: issued, with its link.
    for box_ in app.all("[data-testid^='invoice-appt-']").await {
        app.click(&box_).await;
    }
    app.click(&app.css("[data-testid='confirm-new-invoice']").await).await;
    app.wait_for_css("[data-testid='invoice-link']").await;
    assert!(app.text_of("[data-testid='invoice-number']").await.starts_with("Invoice HP-000001"));
    assert_eq!(app.text_of("[data-testid='invoice-status']").await, "Due");
    assert_eq!(app.text_of("[data-testid='invoice-balance'] td").await, "A$120.00");
    let url = app.text_of("[data-testid='invoice-link-url']").await;
    assert!(url.starts_with("https://buy.stripe.com/test_"), "{url}");
    assert_eq!(stripe.payment_links().len(), 1);
    assert_eq!(stripe.payment_links()[0]["url"], json!(url));
    app.screenshot("71-invoice-issued").await;

    // Emailed: the PDF attached and the link in the body.
    app.click(&app.css("[data-testid='email-invoice']").await).await;
    app.wait_for_text("Sent to noah@example.com.").await;
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let (envelope, raw) = &received[0];
    assert_eq!(envelope["to"], json!(["noah@example.com"]));
    let mail = mailparse::parse_mail(raw).unwrap();
    let subject = mail.headers.iter().find(|h| h.get_key() == "Subject").unwrap().get_value();
    assert_eq!(subject, "Invoice HP-000001 from Harbourside Physiotherapy Pty Ltd");
    let body = mail.subparts[0].get_body().unwrap();
    assert!(body.contains("Dear Noah Brown") && body.contains("A$120.00") && body.contains(&url), "{body}");
    let attachment = mail.subparts[1].get_body_raw().unwrap();
    assert!(attachment.starts_with(b"%PDF-"));
    let disposition = mail.subparts[1].get_content_disposition();
    assert_eq!(disposition.params.get("filename").map(String::as_str), Some("invoice-HP-000001.pdf"));

    // The patient pays through the link: the page shows it paid.
    stripe.pay_link(&url);
    app.wait_until(
        "the invoice to be paid",
        "document.querySelector(\"[data-testid='invoice-status']\")?.textContent === 'Paid'",
    )
    .await;
    assert_eq!(app.text_of("[data-testid='invoice-balance'] td").await, "A$0.00");
    assert!(app.all("[data-testid='invoice-link']").await.is_empty(), "no link once paid");
    app.screenshot("72-invoice-paid").await;

    // The day's cash-up counts it as online.
    app.click(&app.css("[data-nav='end-of-day']").await).await;
    app.wait_for_css("[data-testid='eod-methods']").await;
    let online = app.texts("[data-testid='eod-method-online'] td").await.join(" | ");
    assert_eq!(online, "Online (card) | A$120.00 | A$0.00 | A$120.00");
    // And the list says so.
    app.click(&app.css("[data-nav='invoices']").await).await;
    app.wait_for_css("[data-testid='invoice-list']").await;
    assert_eq!(app.text_of("[data-testid='invoice-list'] [data-testid='invoice-status']").await, "Paid");
    app.screenshot("73-invoice-list").await;
    app.quit().await;
}

/// Owing → "Send an invoice": an appointment of 40 days ago with nothing
/// paid is listed in the 31–60 days column; the invoice is made from there.
/// (A booking can't be made in the past, so the appointment is moved back
/// in the database, as if it had been booked then.)
#[tokio::test]
async fn owing_sends_an_invoice() {
    let data = fresh_data_dir("invoices-owing");
    let driver = Driver::start(&data);
    let app = driver.launch().await;
    app.set_up_clinic().await;
    app.create_type("Review", "60", "disabled", "full", "").await;
    let pid = app.create_practitioner("Dr Mia Lee").await;
    let patient = app.create_patient("Ava", "Chen", "ava@example.com").await;
    app.reload().await;
    app.front_desk_tomorrow(pid).await;
    app.book(pid, "09:00", "ava", patient, "Review").await;
    app.close_panel().await;
    {
        let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&format!(
            "sqlite://{}",
            data.join("clinicdesk.db").display()
        ))
        .await
        .unwrap();
        let back = jiff::Timestamp::now() - jiff::Span::new().hours(40 * 24);
        let ends = back + jiff::Span::new().minutes(30);
        sqlx::query("UPDATE appointments SET starts_at = $1, ends_at = $2, state = 'completed'")
            .bind(back.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
            .bind(ends.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
            .execute(&mut conn)
            .await
            .unwrap();
    }
    app.click(&app.css("[data-nav='outstanding']").await).await;
    app.wait_for_css(&format!("[data-testid='owing-patient-{patient}']")).await;
    assert_eq!(app.text_of("[data-testid='owing-bucket-1'] strong").await, "A$60.00");
    app.click(&app.css(&format!("[data-testid='invoice-patient-{patient}']")).await).await;
    app.wait_for_css("[data-testid='new-invoice-dialog'][open]").await;
    app.click(&app.css("[data-testid='confirm-new-invoice']").await).await;
    app.wait_for_css("[data-testid='invoice-lines']").await;
    assert!(app.text_of("[data-testid='invoice-number']").await.starts_with("Invoice INV-000001"));
    assert_eq!(app.text_of("[data-testid='invoice-status']").await, "Due");
    // Stripe isn't connected: the invoice says so instead of a link.
    assert!(app
        .text_of("[data-testid='invoice-link-problem']")
        .await
        .starts_with("No payment link: Stripe is not connected"));
    app.screenshot("74-invoice-from-owing").await;
    app.quit().await;
}

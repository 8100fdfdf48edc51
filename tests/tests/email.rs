//! Receipts by email and as PDF, clicked through: Settings → Email with a
//! port that can't be one refused at its field (nothing saved), then the
//! real test SMTP server; a test email; a card payment at the desk whose
//! receipt is emailed to the patient and saved as a PDF; what arrived read
//! back (recipient, subject, the attachment byte for byte); the end-of-day
//! report saved as a PDF.

use clinicdesk_e2e::smtp::{SmtpServer, PASSWORD, USER};
use clinicdesk_e2e::{fresh_data_dir, App, Driver};
use serde_json::json;

async fn fill_field(app: &App, id: &str, text: &str) {
    let input = app.css(&format!("#{id}")).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

#[tokio::test]
async fn receipts_emailed_and_saved_as_pdf() {
    let smtp = SmtpServer::start();
    let data = fresh_data_dir("email");
    let home = data.with_extension("home");
    std::fs::create_dir_all(&home).unwrap();
    let driver = Driver::start_with(&data, &[("HOME", home.to_str().unwrap())]);
    let app = driver.launch().await;
    app.set_up_clinic().await;
    app.invoke(
        "save_clinic_details",
        json!({ "form": { "legalName": "Harbourside Physiotherapy Pty Ltd", "address": "10 Quay Street\nSydney NSW 2000",
            "phone": "02 9000 1234", "email": "desk@harbourside.example", "taxNumber": "ABN 12 345 678 901",
            "footer": "Thank you.", "paper": "a4", "invoicePrefix": "INV-", "invoiceDueDays": "14" } }),
    )
    .await;
    app.create_type("Review", "60", "disabled", "full", "").await;
    let pid = app.create_practitioner("Dr Mia Lee").await;
    let patient = app.create_patient("Noah", "Brown", "noah@example.com").await;
    app.reload().await;

    // Settings → Email: a port that can't be one is refused at its field.
    app.click(&app.css("[data-nav='email']").await).await;
    app.wait_for_css("[data-testid='save-mail']").await;
    fill_field(&app, "host", "127.0.0.1").await;
    fill_field(&app, "port", "70000").await;
    app.css("#security").await.select_by_value("none").await.unwrap();
    fill_field(&app, "username", USER).await;
    fill_field(&app, "password", PASSWORD).await;
    fill_field(&app, "fromEmail", "desk@harbourside.example").await;
    fill_field(&app, "fromName", "Harbourside Physiotherapy").await;
    app.click(&app.css("[data-testid='save-mail']").await).await;
    app.wait_for_css("[data-testid='error-port']:not([hidden])").await;
    assert_eq!(
        app.text_of("[data-testid='error-port']").await,
        "Enter a port from 1 to 65535 (usually 587, or 465 for TLS)."
    );
    assert!(app.invoke("get_mail_server", json!({})).await.is_null(), "nothing saved");
    fill_field(&app, "port", &smtp.port.to_string()).await;
    app.click(&app.css("[data-testid='save-mail']").await).await;
    app.wait_for_text("Mail server saved").await;
    let saved = app.invoke("get_mail_server", json!({})).await;
    assert_eq!(saved["passwordSaved"], true);
    assert!(saved.get("password").is_none(), "the password never comes back to the window");
    app.click(&app.css("[data-testid='send-test-email']").await).await;
    app.wait_for_css("[data-testid='test-email-result']:not([hidden])").await;
    assert_eq!(
        app.text_of("[data-testid='test-email-result']").await,
        "Sent to desk@harbourside.example. Check that it arrived."
    );
    app.screenshot("60-email-settings").await;

    // A card payment at the desk; its receipt emailed and saved as a PDF.
    app.front_desk_tomorrow(pid).await;
    app.book(pid, "09:00", "noah", patient, "Review").await;
    app.click(&app.css("[data-testid='take-payment']").await).await;
    app.wait_for_css("[data-testid='take-payment-dialog'][open]").await;
    app.click(&app.css("[data-testid='confirm-take-payment']").await).await;
    app.wait_for_css("[data-testid='receipt-dialog'][open]").await;
    app.click(&app.css("[data-testid='email-receipt']").await).await;
    app.wait_for_css("[data-testid='receipt-status']:not([hidden])").await;
    assert_eq!(app.text_of("[data-testid='receipt-status']").await, "Emailed to noah@example.com");
    app.click(&app.css("[data-testid='receipt-pdf']").await).await;
    app.wait_until(
        "the PDF to be saved",
        "document.querySelector(\"[data-testid='receipt-status']\")?.textContent.startsWith('Saved to ')",
    )
    .await;
    app.screenshot("61-receipt-emailed").await;
    let said = app.text_of("[data-testid='receipt-status']").await;
    let path = said.trim_start_matches("Saved to ").to_string();
    assert!(path.starts_with(home.to_str().unwrap()) && path.ends_with(".pdf"), "{path}");
    let pdf = std::fs::read(&path).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    let received = smtp.received();
    assert_eq!(received.len(), 2, "the test email and the receipt");
    let (envelope, raw) = &received[1];
    assert_eq!(envelope["to"], json!(["noah@example.com"]));
    let mail = mailparse::parse_mail(raw).unwrap();
    let subject = mail.headers.iter().find(|h| h.get_key() == "Subject").unwrap().get_value();
    assert!(
        subject.starts_with("Your receipt R-") && subject.ends_with("from Harbourside Physiotherapy Pty Ltd"),
        "{subject}"
    );
    let body = mail.subparts[0].get_body().unwrap();
    assert!(body.contains("Dear Noah Brown") && body.contains("A$60.00"), "{body}");
    assert_eq!(mail.subparts[1].get_body_raw().unwrap(), pdf, "the email carries the same receipt");

    // The end-of-day report as a PDF.
    app.click(&app.css("[data-testid='close-receipt']").await).await;
    // The panel is drawn again once the payment is saved: wait for that one.
    app.wait_until(
        "the account to be paid",
        "document.querySelector(\"[data-testid='account-status']\")?.textContent === 'Paid'",
    )
    .await;
    app.close_panel().await;
    app.click(&app.css("[data-nav='end-of-day']").await).await;
    app.click(&app.wait_for_css("[data-testid='eod-pdf']").await).await;
    app.wait_for_text("clinicdesk-end-of-day-").await;
    let day = app.invoke("cash_up", json!({})).await["day"].as_str().unwrap().to_string();
    let report = std::fs::read(home.join(format!("clinicdesk-end-of-day-{day}.pdf"))).unwrap();
    assert!(report.starts_with(b"%PDF-"));
    app.quit().await;
}

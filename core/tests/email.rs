//! Email through a real SMTP server (aiosmtpd on loopback): the settings
//! (password in the keychain store, never in the database), a test email,
//! a receipt with its PDF attached read back byte for byte, and each way a
//! sending fails said in words, with nothing marked sent.

mod common;

use clinicdesk_core::account::forms::*;
use clinicdesk_core::email::forms::MailServerForm;
use clinicdesk_core::secrets::{mail_keychain_user, SecretStore};
use common::desk::*;
use common::smtp::{SmtpServer, PASSWORD, USER};
use common::*;
use sqlx::SqlitePool;

fn server_form(port: u16, password: &str) -> MailServerForm {
    MailServerForm {
        host: "127.0.0.1".into(),
        port: port.to_string(),
        security: "none".into(),
        username: USER.into(),
        password: password.into(),
        from_email: "desk@harbourside.example".into(),
        from_name: "Harbourside Physiotherapy".into(),
    }
}

fn part_text(part: &mailparse::ParsedMail) -> String {
    part.get_body().unwrap()
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn a_receipt_arrives_with_its_pdf(pool: SqlitePool) {
    let smtp = SmtpServer::start();
    let d = front_desk(pool).await;
    let saved = d.desk.save_mail_server(server_form(smtp.port, PASSWORD).try_into().unwrap()).await.unwrap();
    assert!(saved.password_saved);
    // The password is in the keychain store, not in the database.
    let user = mail_keychain_user(&d.desk.database_id().await.unwrap());
    assert_eq!(d.store.get_text(&user).unwrap().unwrap().expose(), PASSWORD);
    let dump = d.text("SELECT COALESCE(string_agg(host || username || from_email, ','), '') FROM mail_server").await;
    assert!(!dump.contains(PASSWORD));
    // Saving again without a password keeps the one saved.
    d.desk.save_mail_server(server_form(smtp.port, "").try_into().unwrap()).await.unwrap();

    let test = d.desk.send_test_email(None).await.unwrap();
    assert_eq!(test.recipient, "desk@harbourside.example");

    let a = d.booked(d.disabled, "09:00").await;
    let taken = d
        .desk
        .take_payment(
            a.id,
            TakePaymentForm { amount: "45".into(), method: "card".into(), ..Default::default() }.try_into().unwrap(),
        )
        .await
        .unwrap();
    let entry = taken.receipt.unwrap().entry_id;
    let sent = d.desk.email_receipt(entry).await.unwrap();
    assert_eq!(sent.recipient, "sam@example.com");

    let received = smtp.received();
    assert_eq!(received.len(), 2, "the test email and the receipt");
    let (envelope, raw) = &received[1];
    assert_eq!(envelope["to"], serde_json::json!(["sam@example.com"]));
    assert_eq!(envelope["from"], "desk@harbourside.example");
    let mail = mailparse::parse_mail(raw).unwrap();
    let subject = mail.headers.iter().find(|h| h.get_key() == "Subject").unwrap().get_value();
    assert_eq!(subject, format!("Your receipt R-{:06} from Test clinic", entry.0));
    assert_eq!(mail.subparts.len(), 2);
    let body = part_text(&mail.subparts[0]);
    assert!(
        body.contains("Dear Sam Taylor") && body.contains("A$45.00") && body.contains("A$15.00 is still owing"),
        "{body}"
    );
    let attachment = &mail.subparts[1];
    assert_eq!(attachment.ctype.mimetype, "application/pdf");
    let disposition = attachment.get_content_disposition();
    assert_eq!(
        disposition.params.get("filename").map(String::as_str),
        Some(format!("receipt-R-{:06}.pdf", entry.0).as_str())
    );
    let bytes = attachment.get_body_raw().unwrap();
    assert_eq!(bytes, d.desk.receipt_pdf(entry).await.unwrap().bytes, "the attachment is the receipt, byte for byte");
    assert_eq!(d.count("SELECT COUNT(*) FROM sent_emails WHERE status = 'sent'").await, 2);
    assert_eq!(d.count("SELECT COUNT(*) FROM audit_log WHERE action = 'email_sent'").await, 2);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn failures_say_what_went_wrong_and_nothing_is_marked_sent(pool: SqlitePool) {
    let smtp = SmtpServer::start();
    let d = front_desk(pool).await;
    assert_eq!(code(d.desk.send_test_email(None).await), "mail_not_set_up");

    // A wrong password.
    d.desk.save_mail_server(server_form(smtp.port, "wrong").try_into().unwrap()).await.unwrap();
    assert_eq!(code(d.desk.send_test_email(None).await), "mail_auth");

    // A refused recipient.
    d.desk.save_mail_server(server_form(smtp.port, PASSWORD).try_into().unwrap()).await.unwrap();
    let to = clinicdesk_core::domain::Email::try_from("nobody@refused.example").unwrap();
    assert_eq!(code(d.desk.send_test_email(Some(to)).await), "mail_recipient_refused");

    // Nothing listening there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    d.desk.save_mail_server(server_form(closed, "").try_into().unwrap()).await.unwrap();
    assert_eq!(code(d.desk.send_test_email(None).await), "mail_unreachable");

    // A patient without an email address.
    d.desk.save_mail_server(server_form(smtp.port, "").try_into().unwrap()).await.unwrap();
    let mut f = patient_form("Ana", "Ruiz", "");
    f.phone = "0400 000 000".into();
    let ana = d.desk.create_patient(f.try_into().unwrap()).await.unwrap().id;
    let mut booking = d.booking(d.disabled, tomorrow(), "11:00");
    booking.patient_id = ana.0.to_string();
    let a = d.book(booking).await.unwrap();
    let taken = d
        .desk
        .take_payment(
            a.id,
            TakePaymentForm { amount: "10".into(), method: "cash".into(), ..Default::default() }.try_into().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(code(d.desk.email_receipt(taken.receipt.unwrap().entry_id).await), "no_patient_email");

    assert!(smtp.received().is_empty(), "nothing arrived");
    assert_eq!(d.count("SELECT COUNT(*) FROM sent_emails WHERE status = 'sent'").await, 0);
    assert_eq!(d.count("SELECT COUNT(*) FROM sent_emails WHERE status = 'failed'").await, 3);
    assert_eq!(d.count("SELECT COUNT(*) FROM audit_log WHERE action = 'email_failed'").await, 3);
    let codes = d.text("SELECT string_agg(failure_code, ',' ORDER BY id) FROM sent_emails").await;
    assert_eq!(codes, "mail_auth,mail_recipient_refused,mail_unreachable");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn bad_settings_are_refused_at_their_fields_and_nothing_is_saved(pool: SqlitePool) {
    let d = front_desk(pool).await;
    d.desk.save_mail_server(server_form(2525, PASSWORD).try_into().unwrap()).await.unwrap();
    for port in ["0", "70000"] {
        let mut f = server_form(2525, "");
        f.port = port.into();
        assert_eq!(
            field_codes(clinicdesk_core::email::forms::MailServerDraft::try_from(f)),
            vec![pair("port", "port_range")]
        );
    }
    let saved = d.desk.mail_server().await.unwrap().unwrap();
    assert_eq!((saved.port, saved.host.as_str()), (2525, "127.0.0.1"), "what was saved stays");
}

//! Sending through the clinic's SMTP server (lettre, rustls): a test email,
//! and a receipt with its PDF attached. What went wrong is said in words
//! (the password, the server unreachable, the recipient refused) and only
//! what the server accepted is marked sent. Every attempt is recorded in
//! `sent_emails` and the audit log.

use super::forms::{is_loopback, MailSecurity};
use crate::app::Clinicdesk;
use crate::db::{self, mail_server::MailServerRow, sent_emails::NewSentEmail};
use crate::documents::{receipt_number, words, Pdf};
use crate::domain::{Email, EntryId};
use crate::error::{Error, Result};
use crate::secrets::mail_keychain_user;
use crate::stripe::connection::keychain_error;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Serialize;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sent {
    pub recipient: String,
    pub subject: String,
}

pub(super) struct Outgoing {
    pub kind: &'static str,
    pub entry: Option<EntryId>,
    pub invoice: Option<i64>,
    pub to: Mailbox,
    pub subject: String,
    pub body: String,
    pub attachment: Option<Pdf>,
}

pub(super) fn refused(code: &'static str, message: impl Into<String>) -> Error {
    Error::Refused { code, message: message.into() }
}

fn not_set_up() -> Error {
    refused("mail_not_set_up", "Set up the clinic's mail server in Settings → Email first.")
}

/// What a failed sending means for the person at the desk.
fn mail_error(e: &lettre::transport::smtp::Error, server: &MailServerRow, to: &str) -> Error {
    let code = e.status().map(|c| c.to_string());
    tracing::warn!(error = %e, "the mail server did not take the email");
    match code.as_deref() {
        Some("535" | "534" | "530" | "538") => {
            refused("mail_auth", "The mail server refused the user name or password. Check them in Settings → Email.")
        }
        Some("550" | "551" | "553" | "501" | "554") => {
            refused("mail_recipient_refused", format!("The mail server refused to deliver to {to}. Check the address."))
        }
        Some(other) => refused("mail_refused", format!("The mail server refused the email (it answered {other}).")),
        None if e.is_tls() => refused(
            "mail_tls",
            format!(
                "A secure connection to {}:{} could not be made. Check the security setting and the port (587 for \
                 STARTTLS, 465 for TLS).",
                server.host, server.port
            ),
        ),
        None => refused(
            "mail_unreachable",
            format!(
                "The mail server {}:{} could not be reached. Check the server name, the port and the network.",
                server.host, server.port
            ),
        ),
    }
}

impl Clinicdesk {
    async fn transport(&self, server: &MailServerRow) -> Result<AsyncSmtpTransport<Tokio1Executor>> {
        let host = server.host.as_str();
        let builder = match server.security {
            MailSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
            MailSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
            // Refused when saved for any other host; checked again here.
            MailSecurity::None if is_loopback(host) => {
                Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host))
            }
            MailSecurity::None => return Err(refused("mail_tls", "Mail to another computer must be encrypted.")),
        }
        .map_err(|e| mail_error(&e, server, ""))?;
        let mut builder = builder.port(server.port as u16).timeout(Some(Duration::from_secs(30)));
        if !server.username.is_empty() {
            let password = self
                .keychain_entry(mail_keychain_user, |s, user| s.get_text(user))
                .await
                .map_err(keychain_error)?
                .ok_or_else(|| refused("mail_no_password", "Enter the mail server's password in Settings → Email."))?;
            builder = builder.credentials(Credentials::new(server.username.clone(), password.expose().to_string()));
        }
        Ok(builder.build())
    }

    pub(super) async fn deliver(&self, out: Outgoing) -> Result<Sent> {
        let server = db::mail_server::get(&self.db).await?.ok_or_else(not_set_up)?;
        let from_address = server
            .from_email
            .parse()
            .map_err(|_| refused("mail_bad_sender", "The sender address in Settings → Email is not valid."))?;
        let from_name = if server.from_name.is_empty() { None } else { Some(server.from_name.clone()) };
        let body = SinglePart::plain(out.body.clone());
        let builder =
            Message::builder().from(Mailbox::new(from_name, from_address)).to(out.to.clone()).subject(&out.subject);
        let message = match &out.attachment {
            Some(pdf) => builder.multipart(
                MultiPart::mixed().singlepart(body).singlepart(
                    Attachment::new(pdf.file_name.clone())
                        .body(pdf.bytes.clone(), ContentType::parse("application/pdf").expect("a MIME type")),
                ),
            ),
            None => builder.singlepart(body),
        }
        .map_err(|e| Error::Corrupt(format!("building the email: {e}")))?;
        let recipient = out.to.email.to_string();
        let outcome = match self.transport(&server).await {
            Ok(transport) => transport.send(message).await.map(|_| ()).map_err(|e| mail_error(&e, &server, &recipient)),
            Err(e) => Err(e),
        };
        let now = self.stamp();
        let failure = outcome.as_ref().err().map(|e| e.code());
        let mut tx = self.write().await?;
        let record = NewSentEmail {
            kind: out.kind,
            entry_id: out.entry.map(|e| e.0),
            invoice_id: out.invoice,
            recipient: &recipient,
            subject: &out.subject,
            sent: outcome.is_ok(),
            failure_code: failure,
        };
        let id = db::sent_emails::insert(&mut *tx, &record, &self.workstation, &now).await?;
        let action = if outcome.is_ok() { "email_sent" } else { "email_failed" };
        let after = serde_json::json!({ "kind": out.kind, "entryId": record.entry_id, "invoiceId": out.invoice,
                                        "to": recipient,
                                        "subject": out.subject, "failure": failure });
        self.audit(&mut tx, &now, "email", id, action, (None, Some(after))).await?;
        tx.commit().await?;
        outcome.map(|()| Sent { recipient, subject: out.subject })
    }

    /// "Send test email": to `to`, or to the clinic's own sender address.
    pub async fn send_test_email(&self, to: Option<Email>) -> Result<Sent> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let server = db::mail_server::get(&self.db).await?.ok_or_else(not_set_up)?;
        let address = to.map(|e| e.as_str().to_string()).unwrap_or(server.from_email.clone());
        let to = Mailbox::new(
            None,
            address
                .parse()
                .map_err(|_| Error::field("to", "invalid_email", "Enter an email address like name@example.com."))?,
        );
        let clinic = db::clinic::get(&self.db).await?.name;
        self.deliver(Outgoing {
            kind: "test",
            entry: None,
            invoice: None,
            to,
            subject: format!("Test email from {clinic}"),
            body: format!("This is a test from Clinicdesk at {clinic}. Receipts will be sent like this one.\n"),
            attachment: None,
        })
        .await
    }

    /// Emails the receipt of a payment to the patient, its PDF attached.
    pub async fn email_receipt(&self, entry: EntryId) -> Result<Sent> {
        self.allow(crate::domain::Permission::Money)?;
        let receipt = self.receipt(entry).await?;
        if receipt.patient_email.is_empty() {
            return Err(refused(
                "no_patient_email",
                "This patient has no email address. Add one on the Patients page.",
            ));
        }
        let to = Mailbox::new(
            Some(receipt.patient_name.clone()),
            receipt
                .patient_email
                .parse()
                .map_err(|_| refused("no_patient_email", "The patient's email address is not valid."))?,
        );
        let pdf = self.receipt_pdf(entry).await?;
        let clinic = self.clinic_details_now().await?;
        let number = receipt_number(entry);
        let when = receipt
            .appointment_date
            .parse::<jiff::civil::Date>()
            .map(words::date)
            .unwrap_or(receipt.appointment_date.clone());
        let mut body = format!(
            "Dear {},\n\nThank you for your payment of {} for {} with {} on {when}. Your receipt {number} is attached.\n",
            receipt.patient_name, words::money(receipt.amount), receipt.service, receipt.practitioner
        );
        if receipt.balance_after.minor > 0 {
            body.push_str(&format!("\n{} is still owing for this appointment.\n", words::money(receipt.balance_after)));
        }
        body.push_str(&format!("\n{}\n", clinic.heading()));
        for line in [clinic.phone.as_str(), clinic.email.as_str()].into_iter().filter(|l| !l.is_empty()) {
            body.push_str(&format!("{line}\n"));
        }
        self.deliver(Outgoing {
            kind: "receipt",
            entry: Some(entry),
            invoice: None,
            to,
            subject: format!("Your receipt {number} from {}", clinic.heading()),
            body,
            attachment: Some(pdf),
        })
        .await
    }
}

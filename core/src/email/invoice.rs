//! Emailing an invoice: its PDF attached, and the payment link for the
//! balance due in the body (made or renewed first, so the link sent is the
//! one that works).

use super::send::{refused, Outgoing, Sent};
use crate::app::Clinicdesk;
use crate::documents::words;
use crate::domain::{InvoiceId, InvoiceStatus};
use crate::error::Result;
use lettre::message::Mailbox;

impl Clinicdesk {
    pub async fn email_invoice(&self, id: InvoiceId) -> Result<Sent> {
        self.allow(crate::domain::Permission::Money)?;
        let invoice = self.prepare_invoice(id).await?;
        let Some(number) = invoice.number.clone() else {
            return Err(refused("not_issued", "Issue the invoice before sending it."));
        };
        if invoice.patient_email.is_empty() {
            return Err(refused(
                "no_patient_email",
                "This patient has no email address. Add one on the Patients page.",
            ));
        }
        let to = Mailbox::new(
            Some(invoice.patient_name.clone()),
            invoice
                .patient_email
                .parse()
                .map_err(|_| refused("no_patient_email", "The patient's email address is not valid."))?,
        );
        let pdf = self.invoice_pdf_of(&invoice).await?;
        let clinic = self.clinic_details_now().await?;
        let due = invoice.due_date.parse::<jiff::civil::Date>().map(words::date).unwrap_or(invoice.due_date.clone());
        let mut body = format!("Dear {},\n\n", invoice.patient_name);
        match invoice.status {
            InvoiceStatus::Paid => {
                body.push_str(&format!("Your invoice {number} is attached. It is paid in full — thank you.\n"))
            }
            InvoiceStatus::Void => body.push_str(&format!("Invoice {number} is attached. It has been voided.\n")),
            _ => {
                body.push_str(&format!(
                    "Your invoice {number} is attached. The balance due is {}, by {due}.\n",
                    words::money(invoice.balance_due)
                ));
                if let Some(link) = &invoice.link {
                    body.push_str(&format!("\nPay securely online (card, by Stripe):\n{}\n", link.url));
                }
            }
        }
        body.push_str(&format!("\n{}\n", clinic.heading()));
        for line in [clinic.phone.as_str(), clinic.email.as_str()].into_iter().filter(|l| !l.is_empty()) {
            body.push_str(&format!("{line}\n"));
        }
        self.deliver(Outgoing {
            kind: "invoice",
            entry: None,
            invoice: Some(id.0),
            to,
            subject: format!("Invoice {number} from {}", clinic.heading()),
            body,
            attachment: Some(pdf),
        })
        .await
    }
}

//! Voiding an issued invoice: it keeps its number and lines and says VOID;
//! its appointments may go on another invoice; its payment link is made
//! inactive. Payments already made stay on the appointments' accounts.

use super::forms::VoidReason;
use super::view::Invoice;
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::{InvoiceId, InvoiceState};
use crate::error::{Error, Result};
use serde_json::json;

impl Clinicdesk {
    pub async fn void_invoice(&self, id: InvoiceId, reason: VoidReason) -> Result<Invoice> {
        self.allow(crate::domain::Permission::Money)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let row = db::invoices::get(&mut *tx, id.0).await?.ok_or(Error::NotFound { entity: "invoice", id: id.0 })?;
        match row.state {
            InvoiceState::Issued => {}
            InvoiceState::Void => {
                return Err(Error::Refused { code: "already_void", message: "This invoice is already void.".into() })
            }
            InvoiceState::Draft => {
                return Err(Error::Refused {
                    code: "not_issued",
                    message: "A draft has no number to keep: delete it instead.".into(),
                })
            }
        }
        if db::invoices::void(&mut *tx, id.0, reason.0.as_str(), &now).await? == 0 {
            return Err(Error::changed_elsewhere());
        }
        db::invoice_appointments::release(&mut *tx, id.0).await?;
        let change =
            (Some(json!({ "state": "issued" })), Some(json!({ "state": "void", "reason": reason.0.as_str() })));
        self.audit(&mut tx, &now, "invoice", id.0, "voided", change).await?;
        tx.commit().await?;
        // The link stops taking payments (the payment watch tries again if
        // Stripe doesn't answer now).
        self.refresh_invoice_link(id).await?;
        self.invoice(id).await
    }
}

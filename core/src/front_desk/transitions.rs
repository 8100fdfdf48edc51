//! An appointment's workflow at the desk: arrived, completed, no-show,
//! cancelled. Cancelling and no-shows settle the account too (fees, and what
//! was paid beyond them refunded or kept), in the same transaction.

use super::view::Appointment;
use crate::account::forms::CloseMoney;
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::payments::processing_refusal;
use serde_json::json;

impl Clinicdesk {
    /// Moves an appointment along its workflow. Cancelling or marking a
    /// no-show where money must be refunded or kept asks for that choice
    /// (`close_appointment`).
    pub async fn set_appointment_state(&self, id: AppointmentId, to: AppointmentState) -> Result<Appointment> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        self.close_appointment(id, to, CloseMoney::default()).await
    }

    /// As `set_appointment_state`, saying what becomes of the money when the
    /// appointment is cancelled or missed. Cancelling one that awaits
    /// payment releases its hold; cancelling stops its payment link; neither
    /// happens while a bank payment is processing.
    pub async fn close_appointment(
        &self,
        id: AppointmentId,
        to: AppointmentState,
        money: CloseMoney,
    ) -> Result<Appointment> {
        self.allow(crate::domain::Permission::Money)?;
        let row = self.appointment_row(id).await?;
        let from = row.state;
        if from == AppointmentState::AwaitingPayment && to == AppointmentState::Cancelled {
            return self.release_hold(id).await;
        }
        if !matches!(
            to,
            AppointmentState::Arrived
                | AppointmentState::Completed
                | AppointmentState::NoShow
                | AppointmentState::Cancelled
        ) || !from.can_become(to)
        {
            return Err(Error::invalid_transition(from, to));
        }
        if to == AppointmentState::Cancelled {
            if self.processing_payment(id.0).await?.is_some() {
                return Err(processing_refusal("cancelled"));
            }
            // A link still open on a cancelled appointment must stop working
            // (now, or by the background check if Stripe can't be reached).
            self.stop_link(id.0).await?;
        }
        let now = self.stamp();
        let mut tx = self.write().await?;
        if to == AppointmentState::Cancelled {
            self.abandon_unanswered(&mut tx, id.0, &now).await?;
        }
        if db::appointments::transition(&mut *tx, id.0, from, to, &now).await? == 0 {
            return Err(Error::changed_elsewhere());
        }
        let change = (Some(json!({ "state": from.as_str() })), Some(json!({ "state": to.as_str() })));
        self.audit(&mut tx, &now, "appointment", id.0, "state_changed", change).await?;
        let refunds = if matches!(to, AppointmentState::Cancelled | AppointmentState::NoShow) {
            self.settle_on_close(&mut tx, &row, to, &money, &now).await?
        } else {
            Vec::new()
        };
        tx.commit().await?;
        let changed = self.after_refunds(id, refunds).await?;
        self.appointment_with_problem(id, changed.problem).await
    }
}

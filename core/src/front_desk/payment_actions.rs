//! The receptionist's payment actions on one appointment: send (or retry)
//! the link, release a hold, book without payment, email the link. The
//! payment work is the payments feature's; this decides what the
//! appointment becomes and answers with what the panel shows.

use super::view::Appointment;
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::payments::{mailto, processing_refusal, LinkStop};
use serde_json::json;

impl Clinicdesk {
    /// "Send payment link" on an appointment whose type takes online
    /// payment: its one payable link (made, re-sent or shown as it is).
    pub async fn send_payment_link(&self, id: AppointmentId) -> Result<Appointment> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        let row = self.appointment_row(id).await?;
        let Some(amount_minor) = row.online_amount_minor else {
            return Err(Error::Refused {
                code: "online_payment_disabled",
                message: "This appointment type doesn't take online payment.".into(),
            });
        };
        if !matches!(
            row.state,
            AppointmentState::AwaitingPayment
                | AppointmentState::Booked
                | AppointmentState::Arrived
                | AppointmentState::Completed
        ) {
            return Err(Error::Refused {
                code: "invalid_transition",
                message: "A payment link can't be sent for a cancelled or expired appointment.".into(),
            });
        }
        let attempts = db::checkout_attempts::for_appointment(&self.db, id.0).await?;
        if attempts.iter().any(|a| a.status == AttemptStatus::Paid) {
            return Err(Error::Refused {
                code: "already_paid",
                message: "This appointment is already paid online.".into(),
            });
        }
        let pending = attempts.iter().any(|a| a.status.is_pending());
        if !pending {
            if let Some((code, why)) = self.online_payments_unavailable().await? {
                return Err(Error::Refused { code, message: format!("Online payment isn't available: {why}.") });
            }
        }
        let currency = parse_currency(&row.currency).map_err(|_| Error::Corrupt(row.currency.clone()))?;
        let problem = self.request_link(id.0, Money::new(amount_minor, currency), AttemptKind::Booking).await?;
        self.appointment_with_problem(id, problem).await
    }

    /// "Retry payment link": the same request again if Stripe never answered
    /// it (while that is still valid), else a new link.
    pub async fn retry_payment_link(&self, id: AppointmentId) -> Result<Appointment> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        self.send_payment_link(id).await
    }

    /// "Release hold": the patient won't pay; the link stops working and the
    /// slot is free again. Not while a bank payment is processing.
    pub async fn release_hold(&self, id: AppointmentId) -> Result<Appointment> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        let from = self.appointment_row(id).await?.state;
        if from != AppointmentState::AwaitingPayment {
            return Err(Error::invalid_transition(from, AppointmentState::Cancelled));
        }
        if self.processing_payment(id.0).await?.is_some() {
            return Err(processing_refusal("released"));
        }
        // Paid just now: applying that news booked the appointment.
        if self.stop_link(id.0).await? == LinkStop::PaidMeanwhile {
            return Err(Error::Refused {
                code: "already_paid",
                message: "The patient has just paid, so the appointment is now booked and the slot was not released."
                    .into(),
            });
        }
        let now = self.stamp();
        let mut tx = self.write().await?;
        self.abandon_unanswered(&mut tx, id.0, &now).await?;
        if db::appointments::transition(&mut *tx, id.0, from, AppointmentState::Cancelled, &now).await? == 0 {
            return Err(Error::changed_elsewhere());
        }
        let change = (Some(json!({ "state": from.as_str() })), Some(json!({ "state": "cancelled" })));
        self.audit(&mut tx, &now, "appointment", id.0, "hold_released", change).await?;
        self.reverse_charges(&mut tx, id.0, ChargeFor::Service, "Hold released", &now).await?;
        tx.commit().await?;
        self.appointment(id).await
    }

    /// "Book without payment": confirms a held appointment, with a reason
    /// kept in the audit log; any open link is cancelled so nobody pays for
    /// an appointment that no longer needs it. Not while a bank payment is
    /// processing (it may yet clear).
    pub async fn book_without_payment(&self, id: AppointmentId, reason: OverrideReason) -> Result<Appointment> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        let from = self.appointment_row(id).await?.state;
        if from != AppointmentState::AwaitingPayment {
            return Err(Error::invalid_transition(from, AppointmentState::Booked));
        }
        if self.processing_payment(id.0).await?.is_some() {
            return Err(processing_refusal("booked without payment"));
        }
        if self.stop_link(id.0).await? == LinkStop::PaidMeanwhile {
            return self.appointment(id).await;
        }
        let now = self.stamp();
        let mut tx = self.write().await?;
        self.abandon_unanswered(&mut tx, id.0, &now).await?;
        if db::appointments::transition(&mut *tx, id.0, from, AppointmentState::Booked, &now).await? == 0 {
            return Err(Error::changed_elsewhere());
        }
        db::appointments::set_override_reason(&mut *tx, id.0, reason.as_str(), &now).await?;
        let change =
            (Some(json!({ "state": from.as_str() })), Some(json!({ "state": "booked", "reason": reason.as_str() })));
        self.audit(&mut tx, &now, "appointment", id.0, "booked_without_payment", change).await?;
        tx.commit().await?;
        self.appointment(id).await
    }

    /// A `mailto:` link with the payment link in a short message.
    pub async fn payment_link_mailto(&self, id: AppointmentId) -> Result<String> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        let appointment = self.appointment(id).await?;
        let Some(link) = appointment.link else {
            return Err(Error::Refused {
                code: "no_link",
                message: "This appointment has no open payment link.".into(),
            });
        };
        if appointment.patient.email.is_empty() {
            return Err(Error::Refused { code: "no_email", message: "This patient has no email address.".into() });
        }
        let clinic = self.clinic_settings().await?.name;
        let subject = format!("Payment for your appointment at {clinic}");
        let body = format!(
            "Hello {},\n\nTo confirm your {} appointment on {} at {} with {}, please pay online here:\n{}\n\nThe link works until {} ({}).\n\n{}",
            appointment.patient.first_name,
            appointment.appointment_type.name,
            appointment.local_date,
            appointment.start_label,
            appointment.practitioner.name,
            link.url,
            link.expires_label,
            appointment.time_zone,
            clinic
        );
        Ok(mailto(&appointment.patient.email, &subject, &body))
    }
}

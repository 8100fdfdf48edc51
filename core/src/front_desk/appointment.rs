//! One appointment as the panel shows it: who, when, its online payment
//! (link, QR code, history, what went wrong) and what can be done next.

use super::time::{label, parse_money};
use super::view::*;
use crate::app::Clinicdesk;
use crate::db::{self, appointments::AppointmentRow};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::payments::{qr_svg, Problem};

impl Clinicdesk {
    pub async fn appointment(&self, id: AppointmentId) -> Result<Appointment> {
        let who = self.allow(crate::domain::Permission::SeeDay)?;
        let a = self.appointment_with_problem(id, None).await?;
        if who.own_column().is_some_and(|own| own != a.practitioner.id.0) {
            return Err(crate::staff::forbidden());
        }
        Ok(a)
    }

    pub(crate) async fn appointment_row(&self, id: AppointmentId) -> Result<AppointmentRow> {
        db::appointments::get(&self.db, id.0).await?.ok_or(Error::NotFound { entity: "appointment", id: id.0 })
    }

    pub(crate) async fn appointment_with_problem(
        &self,
        id: AppointmentId,
        problem: Option<Problem>,
    ) -> Result<Appointment> {
        let row = self.appointment_row(id).await?;
        // The rest at once: each read is a round trip on the clinic server.
        let (tz, patient, practitioner, attempts, entries) = tokio::try_join!(
            self.clinic_time_zone(),
            self.patient(PatientId(row.patient_id)),
            db::practitioners::get(&self.db, row.practitioner_id),
            db::checkout_attempts::for_appointment(&self.db, row.id),
            db::account_entries::for_appointment(&self.db, row.id),
        )?;
        let practitioner = practitioner.ok_or(Error::NotFound { entity: "practitioner", id: row.practitioner_id })?;
        let state = row.state;
        let mode = row.payment_mode;
        let price = parse_money(row.price_minor, &row.currency)?;
        let online_amount = row.online_amount_minor.map(|m| parse_money(m, &row.currency)).transpose()?;
        let latest = attempts.last();
        let latest_status = latest.map(|a| a.status);
        let paid_minor: i64 = attempts.iter().filter(|a| a.status == AttemptStatus::Paid).map(|a| a.amount_minor).sum();
        let payment = online_amount
            .map(|amount| -> Result<PaymentSummary> {
                Ok(PaymentSummary {
                    status: PaymentStatus::of(latest_status),
                    amount,
                    paid_amount: (paid_minor > 0).then(|| parse_money(paid_minor, &row.currency)).transpose()?,
                })
            })
            .transpose()?;
        let open = attempts.iter().rev().find(|a| a.status == AttemptStatus::Open);
        let link = match open.and_then(|a| Some((a.url.clone()?, a.expires_at.clone()?))) {
            Some((url, expires_at)) => Some(PaymentLink {
                qr_svg: qr_svg(&url),
                expires_label: label(db::parse_instant(&expires_at)?, &tz),
                url,
                expires_at,
            }),
            None => None,
        };
        let problem = problem.or_else(|| {
            let a = latest?;
            match a.status {
                AttemptStatus::Creating => Some(Problem::new(
                    "stripe_pending",
                    "Stripe has not confirmed the payment link yet. Retry to ask again; the patient can't be charged twice.",
                )),
                AttemptStatus::Failed => Some(Problem::new(
                    a.failure_code.as_deref().unwrap_or("payment_failed"),
                    a.failure_message.clone().unwrap_or_else(|| "Stripe refused to create the payment link.".into()),
                )),
                AttemptStatus::Processing => Some(Problem::new(
                    "payment_processing",
                    "The patient paid by bank debit and the bank is still processing it (this can take a few \
                     business days). The appointment can't be released or cancelled until it clears or fails.",
                )),
                AttemptStatus::Mismatch => Some(Problem::new(
                    "payment_mismatch",
                    "Stripe reported a payment that differs from the link's amount. It is not counted as paid: see \
                     Needs attention on the front desk.",
                )),
                _ => None,
            }
        });
        let pending = latest_status.is_some_and(AttemptStatus::is_pending);
        let paid = paid_minor > 0;
        let mut actions = Vec::new();
        use AppointmentState::*;
        match state {
            AwaitingPayment => {
                actions.extend(["release_hold", "book_without_payment"]);
                if !latest_status.is_some_and(|s| matches!(s, AttemptStatus::Open | AttemptStatus::Processing)) {
                    actions.push("retry_payment_link");
                }
            }
            Booked => actions.extend(["arrive", "no_show", "cancel"]),
            Arrived => actions.extend(["complete", "cancel"]),
            _ => {}
        }
        if mode == PaymentMode::Allowed && matches!(state, Booked | Arrived | Completed) && !paid {
            if latest_status == Some(AttemptStatus::Creating) {
                actions.push("retry_payment_link");
            } else if !pending {
                actions.push("send_payment_link");
            }
        }
        if link.is_some() && !patient.email.is_empty() {
            actions.push("email_payment_link");
        }
        let start = db::parse_instant(&row.starts_at)?;
        let lines = attempts
            .iter()
            .map(|a| -> Result<PaymentLine> {
                Ok(PaymentLine {
                    id: a.id,
                    kind: a.kind,
                    status: a.status,
                    amount: parse_money(a.amount_minor, &a.currency)?,
                    checkout_session_id: a.checkout_session_id.clone(),
                    payment_intent_id: a.payment_intent_id.clone(),
                    created_at: a.created_at.clone(),
                    paid_at: a.paid_at.clone(),
                })
            })
            .collect::<Result<_>>()?;
        // The account from the rows already read, plus its entries.
        let waiting = attempts.iter().find(|a| a.status.is_pending()).map(|a| a.amount_minor);
        let account = crate::account::account_view(&row, &entries, waiting)?;
        Ok(Appointment {
            id,
            state,
            local_date: start.to_zoned(tz.clone()).date().to_string(),
            start_label: label(start, &tz),
            end_label: label(db::parse_instant(&row.ends_at)?, &tz),
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            time_zone: tz.iana_name().unwrap_or("UTC").to_string(),
            patient,
            practitioner: PractitionerColumn { id: PractitionerId(practitioner.id), name: practitioner.name },
            appointment_type: TypeRef {
                id: AppointmentTypeId(row.appointment_type_id),
                name: row.type_name,
                colour: row.colour,
            },
            price,
            payment_mode: mode,
            online_amount,
            override_reason: row.override_reason,
            payment,
            link,
            payment_problem: problem,
            actions,
            payments: lines,
            account,
        })
    }
}

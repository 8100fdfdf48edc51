//! Making an attempt (key and request stored before anything is sent) and
//! sending it, or re-sending exactly what was stored.

use super::presentation::{problem_for, refusal};
use super::Problem;
use crate::app::Clinicdesk;
use crate::db::{self, appointments::AppointmentRow, checkout_attempts::AttemptRow};
use crate::domain::{AttemptKind, AttemptStatus, Money};
use crate::error::{Error, Result};
use crate::stripe::{checkout_form, BillingError, CheckoutParams, CheckoutSessionInfo, SessionStatus, StoredRequest};
use jiff::{tz::TimeZone, Timestamp};
use serde_json::json;

/// Stripe's `expires_at` must be 30 minutes to 24 hours after it receives
/// the request. A new attempt asks for at least this lead, leaving room for
/// the request's journey, retries and a workstation clock a little slow…
const NEW_LEAD: i64 = 35 * 60;
/// …and at most this one, for a clock a little fast.
const MAX_LEAD: i64 = 24 * 3600 - 5 * 60;
/// A stored request is re-sent only while its `expires_at` is at least this
/// far off: a first try that never reached Stripe is then still valid. Any
/// later, a new attempt with a new key replaces it.
pub(crate) const RESEND_LEAD: i64 = 31 * 60;
// Inside Stripe's window, and a new attempt can be re-sent for a while.
const _: () = assert!(NEW_LEAD > 30 * 60 && RESEND_LEAD > 30 * 60 && MAX_LEAD < 24 * 3600 && NEW_LEAD > RESEND_LEAD);

/// When a new attempt's session expires: after the clinic's hold, within
/// what Stripe accepts.
pub(crate) fn session_expiry(now: Timestamp, hold_minutes: i64) -> i64 {
    let now = now.as_second();
    (now + hold_minutes * 60).clamp(now + NEW_LEAD, now + MAX_LEAD)
}

/// Whether a stored request can still be re-sent as it is.
pub(crate) fn resendable(attempt: &AttemptRow, now: Timestamp) -> Result<bool> {
    let expires = db::parse_instant(&attempt.requested_expires_at)?;
    Ok(attempt.request_body.is_some() && expires.as_second() - now.as_second() >= RESEND_LEAD)
}

pub(crate) fn unix_to_instant(seconds: i64) -> Result<String> {
    Ok(db::instant(Timestamp::from_second(seconds).map_err(|e| Error::Corrupt(e.to_string()))?))
}

fn not_ready() -> Error {
    Error::Refused {
        code: "stripe_not_ready",
        message: "Stripe is not connected or its key was refused; reconnect in Settings → Integrations.".into(),
    }
}

impl Clinicdesk {
    /// Inserts a `creating` attempt with its key and its request, inside the
    /// caller's write transaction (which must commit before `send_attempt`).
    /// The caller has checked that the appointment has no payable attempt;
    /// the unique index makes sure of it.
    pub(crate) async fn new_attempt(
        &self,
        tx: &mut crate::db::Tx,
        appointment: &AppointmentRow,
        amount: Money,
        kind: AttemptKind,
    ) -> Result<i64> {
        let now = self.now();
        let stamp = db::stamp(now);
        let clinic = db::clinic::get(&mut **tx).await?;
        let Some(return_url) = clinic.return_url.clone() else {
            return Err(Error::Refused {
                code: "no_return_url",
                message:
                    "Online payment needs the page patients go to after paying: set it in Settings → Integrations."
                        .into(),
            });
        };
        let connection = db::stripe_connection::get(&mut **tx).await?.ok_or_else(not_ready)?;
        let expires = session_expiry(now, clinic.hold_minutes);
        let expires_at = unix_to_instant(expires)?;
        let new = db::checkout_attempts::NewAttempt {
            appointment_id: appointment.id,
            kind,
            amount_minor: amount.minor,
            currency: amount.currency.code(),
            requested_expires_at: &expires_at,
            stripe_account_id: &connection.account_id,
            livemode: connection.livemode,
        };
        let id = match db::checkout_attempts::insert_creating(&mut **tx, &new, &stamp).await {
            Err(Error::Database(e)) if db::is_unique_violation(&e, "appointment_id") => {
                return Err(Error::Refused {
                    code: "link_pending",
                    message: "This appointment already has a payment link waiting; it is shown instead.".into(),
                })
            }
            other => other?,
        };
        let key = format!("clinicdesk-{}-payment-{id}", clinic.database_id);
        let patient = db::patients::get(&mut **tx, appointment.patient_id)
            .await?
            .ok_or(Error::NotFound { entity: "patient", id: appointment.patient_id })?;
        let practitioner = db::practitioners::get(&mut **tx, appointment.practitioner_id)
            .await?
            .ok_or(Error::NotFound { entity: "practitioner", id: appointment.practitioner_id })?;
        let tz = TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let start = db::parse_instant(&appointment.starts_at)?.to_zoned(tz);
        let ids = [
            ("clinicdesk_appointment_id".to_string(), appointment.id.to_string()),
            ("clinicdesk_payment_id".to_string(), id.to_string()),
            ("clinicdesk_database_id".to_string(), clinic.database_id.clone()),
        ];
        let params = CheckoutParams {
            amount_minor: amount.minor,
            currency: amount.currency.stripe_code(),
            // Stripe shows this to the patient; it is not part of our UI.
            line_item: format!(
                "{} — {}, {} — {}",
                appointment.type_name,
                start.strftime("%a %-d %b %Y"),
                start.strftime("%H:%M"),
                practitioner.name
            ),
            customer_email: (!patient.email.is_empty()).then(|| patient.email.clone()),
            expires_at: expires,
            metadata: ids.to_vec(),
            success_url: return_url.clone(),
            cancel_url: return_url,
        };
        let body = checkout_form(&params).map_err(|e| Error::Corrupt(format!("checkout request: {e}")))?;
        db::checkout_attempts::set_request(&mut **tx, id, &key, &body).await?;
        let after = json!({ "attemptId": id, "kind": kind.as_str(), "status": "creating", "amountMinor": amount.minor,
                            "currency": amount.currency.code(), "idempotencyKey": key, "expiresAt": expires_at,
                            "stripeAccountId": connection.account_id, "livemode": connection.livemode });
        self.audit(tx, &stamp, "appointment", appointment.id, "payment_requested", (None, Some(after))).await?;
        Ok(id)
    }

    /// Sends (or re-sends, byte for byte, with the same key) a `creating`
    /// attempt. Returns the problem to show when Stripe gave no usable answer.
    pub(crate) async fn send_attempt(&self, attempt_id: i64) -> Result<Option<Problem>> {
        let attempt = db::checkout_attempts::get(&self.db, attempt_id)
            .await?
            .ok_or(Error::NotFound { entity: "payment", id: attempt_id })?;
        if attempt.status != AttemptStatus::Creating {
            return Ok(None);
        }
        let Some(body) = attempt.request_body.clone() else {
            return Ok(Some(Problem::new(
                "stripe_pending",
                "This payment link was started by an earlier version; retry to make a new one.",
            )));
        };
        let Some(key) = self.payment_key().await? else {
            return Ok(Some(Problem::new(
                "stripe_not_ready",
                "Stripe is not connected or its key was refused; reconnect in Settings → Integrations, then retry.",
            )));
        };
        if !self.made_with_current_account(&attempt).await? {
            return Ok(Some(Problem::new(
                "other_account",
                "This payment link was started with another Stripe account; retry to make a new one with this account.",
            )));
        }
        let request = StoredRequest { idempotency_key: attempt.idempotency_key.clone(), body };
        match self.billing.create_checkout_session(&key, &request).await {
            Ok(session) => {
                self.record_session_created(&attempt, &session).await?;
                // A re-sent request can return a session that has moved on
                // since (paid, or expired).
                if session.status != SessionStatus::Open {
                    self.apply_session(&session, None).await?;
                }
                Ok(None)
            }
            Err(e) if e.is_definite_refusal() => {
                if e == BillingError::InvalidKey {
                    self.record_key_refused().await?;
                }
                let problem = refusal(&e);
                let now = self.stamp();
                let mut tx = self.write().await?;
                let change = db::checkout_attempts::Change {
                    failure: Some((&problem.code, &problem.message)),
                    ..Default::default()
                };
                let moved = db::checkout_attempts::transition(
                    &mut *tx,
                    attempt.id,
                    AttemptStatus::Creating,
                    AttemptStatus::Failed,
                    change,
                    &now,
                )
                .await?;
                if moved == 1 {
                    let change = (
                        Some(json!({ "attemptId": attempt.id, "status": "creating" })),
                        Some(json!({ "attemptId": attempt.id, "status": "failed", "code": problem.code })),
                    );
                    self.audit(&mut tx, &now, "appointment", attempt.appointment_id, "payment_failed", change).await?;
                }
                tx.commit().await?;
                Ok(Some(problem))
            }
            Err(e) => {
                tracing::warn!(attempt = attempt.id, error = %e, "no answer from Stripe; the attempt stays 'creating'");
                Ok(Some(problem_for(&e)))
            }
        }
    }

    async fn record_session_created(&self, attempt: &AttemptRow, session: &CheckoutSessionInfo) -> Result<()> {
        let now = self.stamp();
        let expires_at = unix_to_instant(session.expires_at)?;
        let mut tx = self.write().await?;
        let rows = db::checkout_attempts::mark_open(
            &mut *tx,
            attempt.id,
            &session.id,
            session.url.as_deref(),
            &expires_at,
            &now,
        )
        .await?;
        if rows == 1 {
            let change = (
                Some(json!({ "attemptId": attempt.id, "status": "creating" })),
                Some(json!({ "attemptId": attempt.id, "status": "open", "checkoutSessionId": session.id,
                             "expiresAt": expires_at })),
            );
            self.audit(&mut tx, &now, "appointment", attempt.appointment_id, "payment_link_created", change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether the attempt was made with the Stripe account and mode now
    /// connected (an attempt of another can't be read with this key).
    pub(crate) async fn made_with_current_account(&self, attempt: &AttemptRow) -> Result<bool> {
        let Some(connection) = db::stripe_connection::get(&self.db).await? else { return Ok(false) };
        Ok(attempt.stripe_account_id.as_deref().is_none_or(|a| a == connection.account_id)
            && attempt.livemode.is_none_or(|l| l == connection.livemode))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_stays_inside_stripes_window_with_room_to_spare() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let n = now.as_second();
        // The shortest hold (30 min) still reaches Stripe with over 30 min left.
        assert_eq!(session_expiry(now, 30), n + NEW_LEAD);
        assert_eq!(session_expiry(now, 60), n + 3600);
        // The longest (24 h) stays under Stripe's maximum.
        assert_eq!(session_expiry(now, 1440), n + MAX_LEAD);
    }
}

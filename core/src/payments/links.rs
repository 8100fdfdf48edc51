//! An appointment's payment link, as the front desk asks for it: one payable
//! link at a time, re-sent or replaced when Stripe didn't answer, stopped
//! when the appointment no longer needs it.

use super::apply::Holds;
use super::attempt::resendable;
use super::Problem;
use crate::app::Clinicdesk;
use crate::db::{self, checkout_attempts::AttemptRow};
use crate::domain::{parse_currency, AttemptKind, AttemptStatus, Money};
use crate::error::{Error, Result};
use crate::stripe::{BillingError, SessionPaymentStatus, SessionStatus};
use serde_json::json;

impl Clinicdesk {
    /// Makes sure the appointment has a payable link for `amount`: the one
    /// already waiting, a re-send of one Stripe never answered, or a new
    /// attempt. The check and the insert run in one `BEGIN IMMEDIATE`
    /// transaction, backed by a unique index: two windows pressing "Send
    /// payment link" at once make one session.
    pub(crate) async fn request_link(
        &self,
        appointment_id: i64,
        amount: Money,
        kind: AttemptKind,
    ) -> Result<Option<Problem>> {
        let mut tx = self.write().await?;
        let appointment = db::appointments::get(&mut *tx, appointment_id)
            .await?
            .ok_or(Error::NotFound { entity: "appointment", id: appointment_id })?;
        if let Some(pending) = db::checkout_attempts::pending_for(&mut *tx, appointment_id).await? {
            tx.rollback().await?;
            return match pending.status {
                AttemptStatus::Creating => self.resend_or_replace(pending).await,
                _ => Ok(None),
            };
        }
        let id = self.new_attempt(&mut tx, &appointment, amount, kind).await?;
        tx.commit().await?;
        self.send_attempt(id).await
    }

    /// An attempt Stripe never answered: the same request again while it is
    /// still valid at Stripe; after that (or for an earlier version's
    /// attempt, or another account's) a new attempt with a new key replaces
    /// it, so a re-send late in a hold is never refused for its expiry.
    pub(crate) async fn resend_or_replace(&self, attempt: AttemptRow) -> Result<Option<Problem>> {
        if resendable(&attempt, self.now())? && self.made_with_current_account(&attempt).await? {
            return self.send_attempt(attempt.id).await;
        }
        let now = self.stamp();
        let mut tx = self.write().await?;
        let appointment = db::appointments::get(&mut *tx, attempt.appointment_id)
            .await?
            .ok_or(Error::NotFound { entity: "appointment", id: attempt.appointment_id })?;
        let change = db::checkout_attempts::Change {
            failure: Some(("replaced", "Replaced by a new payment link before Stripe answered.")),
            ..Default::default()
        };
        if db::checkout_attempts::transition(
            &mut *tx,
            attempt.id,
            AttemptStatus::Creating,
            AttemptStatus::Abandoned,
            change,
            &now,
        )
        .await?
            == 0
        {
            return Err(Error::changed_elsewhere());
        }
        let audit = (
            Some(json!({ "attemptId": attempt.id, "status": "creating" })),
            Some(json!({ "attemptId": attempt.id, "status": "abandoned", "reason": "replaced" })),
        );
        self.audit(&mut tx, &now, "appointment", attempt.appointment_id, "payment_replaced", audit).await?;
        let currency = parse_currency(&attempt.currency).map_err(|_| Error::Corrupt(attempt.currency.clone()))?;
        let id =
            self.new_attempt(&mut tx, &appointment, Money::new(attempt.amount_minor, currency), attempt.kind).await?;
        tx.commit().await?;
        self.send_attempt(id).await
    }

    /// The appointment's payment that a bank is still processing, if any:
    /// while there is one, nothing may release or cancel the appointment.
    pub(crate) async fn processing_payment(&self, appointment_id: i64) -> Result<Option<AttemptRow>> {
        Ok(db::checkout_attempts::pending_for(&self.db, appointment_id)
            .await?
            .filter(|a| a.status == AttemptStatus::Processing))
    }

    /// Stops the appointment's open link from being paid: its session is
    /// expired at Stripe (with a key stored first). The desk never waits on
    /// Stripe for this: when it can't be done now the appointment still
    /// changes, the background check expires the link later, and a payment
    /// made meanwhile is listed under Needs attention.
    pub(crate) async fn stop_link(&self, appointment_id: i64) -> Result<LinkStop> {
        let open = db::checkout_attempts::pending_for(&self.db, appointment_id)
            .await?
            .filter(|a| a.status == AttemptStatus::Open && a.checkout_session_id.is_some());
        match open {
            Some(attempt) => self.expire_attempt(&attempt).await,
            None => Ok(LinkStop::NoLink),
        }
    }

    pub(crate) async fn expire_attempt(&self, attempt: &AttemptRow) -> Result<LinkStop> {
        let session_id = attempt.checkout_session_id.clone().unwrap_or_default();
        let Some(key) = self.payment_key().await? else { return Ok(LinkStop::NotNow) };
        if !self.made_with_current_account(attempt).await? {
            return Ok(LinkStop::NotNow);
        }
        let database_id = self.database_id().await?;
        let key_text = format!("clinicdesk-{database_id}-expire-{}", attempt.id);
        db::checkout_attempts::set_expire_key(&self.db, attempt.id, &key_text).await?;
        let stored = db::checkout_attempts::get(&self.db, attempt.id)
            .await?
            .and_then(|p| p.expire_idempotency_key)
            .ok_or_else(|| Error::Corrupt("expire key not stored".into()))?;
        let session = match self.billing.expire_checkout_session(&key, &session_id, &stored).await {
            Ok(session) => session,
            // Stripe refuses to expire a session that is no longer open (just
            // paid, say): find out what it is now.
            Err(BillingError::Refused { .. }) => {
                match self.billing.retrieve_checkout_session(&key, &session_id).await {
                    Ok(session) => session,
                    Err(e) => {
                        tracing::warn!(attempt = attempt.id, error = %e, "payment link not stopped now");
                        return Ok(LinkStop::NotNow);
                    }
                }
            }
            Err(e) => {
                tracing::warn!(attempt = attempt.id, error = %e, "payment link not stopped now");
                return Ok(LinkStop::NotNow);
            }
        };
        // The caller decides what becomes of the appointment.
        self.apply_session_with(&session, None, Holds::CallerDecides).await?;
        Ok(if session.status == SessionStatus::Complete && session.payment_status == SessionPaymentStatus::Paid {
            LinkStop::PaidMeanwhile
        } else {
            LinkStop::Stopped
        })
    }

    /// Inside the caller's transaction: attempts Stripe never answered are
    /// abandoned (nobody saw their link, so nobody can pay it).
    pub(crate) async fn abandon_unanswered(
        &self,
        tx: &mut crate::db::Tx,
        appointment_id: i64,
        now: &str,
    ) -> Result<()> {
        for a in db::checkout_attempts::for_appointment(&mut **tx, appointment_id).await? {
            if a.status == AttemptStatus::Creating {
                db::checkout_attempts::transition(
                    &mut **tx,
                    a.id,
                    AttemptStatus::Creating,
                    AttemptStatus::Abandoned,
                    Default::default(),
                    now,
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// What became of an appointment's open link when the desk stopped it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkStop {
    NoLink,
    Stopped,
    /// Stripe says it was paid just now (applied).
    PaidMeanwhile,
    /// Stripe couldn't be asked now; tried again in the background.
    NotNow,
}

/// Refused while a bank payment is processing, saying why.
pub(crate) fn processing_refusal(action: &str) -> Error {
    Error::Refused {
        code: "payment_processing",
        message: format!(
            "The patient's bank payment is still being processed (bank debits can take a few business days). \
             The appointment can't be {action} until the bank confirms or declines it."
        ),
    }
}

//! One pass of "what happened at Stripe", run by the shell's payment watch
//! at start-up and every few seconds while anything is pending. Safe to run
//! at any time, twice, and from two workstations.

use super::attempt::resendable;
use super::links::LinkStop;
use crate::app::Clinicdesk;
use crate::db::{self, checkout_attempts::AttemptRow};
use crate::domain::{AppointmentState, AttemptStatus, AttentionKind, ChargeFor};
use crate::error::Result;
use crate::secrets::StripeSecret;
use futures_util::stream::{self, StreamExt};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;

/// How many sessions are asked about at once.
const CONCURRENCY: usize = 4;
/// A bank payment still processing after this long is listed under Needs
/// attention (Stripe: most delayed methods settle within 2–5 business days).
const PROCESSING_TOO_LONG: i64 = 5 * 24 * 3600;

/// What one reconciliation pass found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileReport {
    /// Appointments whose payment or state changed.
    pub changed: Vec<i64>,
    /// Attempts still waiting on Stripe afterwards.
    pub pending: i64,
    /// Requests that got no usable answer (tried again next pass).
    pub failures: usize,
}

impl Clinicdesk {
    /// Re-sends attempts Stripe never answered (while their request is still
    /// valid), asks about open and processing sessions, and reads new
    /// checkout events from the stored cursor.
    pub async fn reconcile_payments(&self) -> Result<ReconcileReport> {
        let mut report = ReconcileReport::default();
        let Some(key) = self.payment_key().await? else {
            report.pending = self.payments_pending().await?;
            return Ok(report);
        };
        let pending = db::checkout_attempts::pending(&self.db).await?;
        let refunds = db::refund_attempts::pending(&self.db).await?;
        // Taken before this pass can end anything: its news may be in the
        // event list even when polling is what ends it.
        let mut oldest_pending = None;
        for created in pending.iter().map(|a| &a.created_at).chain(refunds.iter().map(|r| &r.created_at)) {
            let t = db::parse_instant(created)?.as_second();
            oldest_pending = Some(oldest_pending.map_or(t, |o: i64| o.min(t)));
        }
        let results: Vec<Result<(Option<i64>, bool)>> = stream::iter(pending)
            .map(|a| {
                let key = key.clone();
                async move { self.reconcile_one(&key, a).await }
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
        for r in results {
            match r {
                Ok((changed, failed)) => {
                    report.changed.extend(changed);
                    report.failures += usize::from(failed);
                }
                Err(e) => {
                    tracing::error!(error = %e, "reconciling a payment failed");
                    report.failures += 1;
                }
            }
        }
        match self.reconcile_refunds(&key).await {
            Ok((changed, failures)) => {
                report.changed.extend(changed);
                report.failures += failures;
            }
            Err(e) => {
                tracing::error!(error = %e, "reconciling refunds failed");
                report.failures += 1;
            }
        }
        match self.reconcile_invoice_links(&key).await {
            Ok(failures) => report.failures += failures,
            Err(e) => {
                tracing::error!(error = %e, "reconciling invoice links failed");
                report.failures += 1;
            }
        }
        match self.read_checkout_events(&key, oldest_pending).await {
            Ok(changed) => report.changed.extend(changed),
            Err(e) => {
                tracing::warn!(error = %e, "Stripe events could not be read now");
                report.failures += 1;
            }
        }
        report.changed.sort_unstable();
        report.changed.dedup();
        report.pending = self.payments_pending().await?;
        Ok(report)
    }

    /// Payment links, refunds and invoice links still waiting on Stripe or a
    /// patient (the payment watch asks Stripe often while there are any).
    pub async fn payments_pending(&self) -> Result<i64> {
        Ok(db::checkout_attempts::count_pending(&self.db).await?
            + db::refund_attempts::count_pending(&self.db).await?
            + db::invoice_links::count_unsettled(&self.db).await?)
    }

    /// Invoice payment links a patient can pay: the payment watch reads
    /// Stripe's events now and then while there are any.
    pub async fn invoice_links_open(&self) -> Result<i64> {
        db::invoice_links::count_active(&self.db).await
    }

    async fn reconcile_one(&self, key: &StripeSecret, a: AttemptRow) -> Result<(Option<i64>, bool)> {
        let now = self.now();
        if !self.made_with_current_account(&a).await? {
            // This key can't read it; once its link has run out, stop
            // holding the slot for it.
            return Ok((self.close_run_out(&a, now).await?, false));
        }
        if a.status == AttemptStatus::Creating {
            let expires = db::parse_instant(&a.requested_expires_at)?;
            if a.request_body.is_none() || expires <= now {
                return Ok((self.abandon(&a).await?, false));
            }
            if !resendable(&a, now)? {
                // Too late to re-send as it was; its session, if Stripe made
                // one, runs out by itself. "Retry" makes a new link.
                return Ok((None, false));
            }
            let problem = self.send_attempt(a.id).await?;
            let moved = db::checkout_attempts::get(&self.db, a.id).await?.is_some_and(|now| now.status != a.status);
            return Ok((moved.then_some(a.appointment_id), problem.is_some()));
        }
        let Some(session_id) = a.checkout_session_id.as_deref() else { return Ok((None, false)) };
        if a.status == AttemptStatus::Open && self.appointment_cancelled(a.appointment_id).await? {
            // Cancelled while Stripe couldn't be reached: stop the link now.
            return Ok(match self.expire_attempt(&a).await? {
                LinkStop::NotNow => (None, true),
                _ => (Some(a.appointment_id), false),
            });
        }
        let changed = match self.billing.retrieve_checkout_session(key, session_id).await {
            Ok(session) => self.apply_session(&session, None).await?,
            Err(e) => {
                tracing::info!(attempt = a.id, error = %e, "checkout session not checked now");
                return Ok((None, true));
            }
        };
        self.flag_slow_processing(a.id, now).await?;
        Ok((changed, false))
    }

    async fn appointment_cancelled(&self, appointment_id: i64) -> Result<bool> {
        Ok(db::appointments::get(&self.db, appointment_id)
            .await?
            .is_some_and(|a| a.state == AppointmentState::Cancelled))
    }

    async fn flag_slow_processing(&self, attempt_id: i64, now: Timestamp) -> Result<()> {
        let Some(a) = db::checkout_attempts::get(&self.db, attempt_id).await? else { return Ok(()) };
        let Some(since) = a.processing_since.as_deref().filter(|_| a.status == AttemptStatus::Processing) else {
            return Ok(());
        };
        if now.as_second() - db::parse_instant(since)?.as_second() > PROCESSING_TOO_LONG {
            let stamp = db::stamp(now);
            let mut tx = self.write().await?;
            self.raise_attention(&mut tx, AttentionKind::ProcessingTooLong, &a, json!({ "since": since }), &stamp)
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// An attempt Stripe never answered whose link has run out (or an
    /// earlier version's, which is never re-sent): nobody saw its link.
    async fn abandon(&self, a: &AttemptRow) -> Result<Option<i64>> {
        self.end_attempt(a, AttemptStatus::Abandoned, None).await
    }

    /// An attempt of another Stripe account whose link has run out.
    async fn close_run_out(&self, a: &AttemptRow, now: Timestamp) -> Result<Option<i64>> {
        let ends = a.expires_at.as_deref().unwrap_or(&a.requested_expires_at);
        let run_out = db::parse_instant(ends)?.as_second() <= now.as_second();
        if !run_out || !matches!(a.status, AttemptStatus::Creating | AttemptStatus::Open) {
            return Ok(None);
        }
        let unverified = (a.status == AttemptStatus::Open).then_some(AttentionKind::OldAccountUnverified);
        self.end_attempt(a, AttemptStatus::Closed, unverified).await
    }

    /// Ends a pending attempt and, when it was the held appointment's last,
    /// frees the slot.
    pub(crate) async fn end_attempt(
        &self,
        a: &AttemptRow,
        to: AttemptStatus,
        attention: Option<AttentionKind>,
    ) -> Result<Option<i64>> {
        let now = self.stamp();
        let mut tx = self.write().await?;
        if db::checkout_attempts::transition(&mut *tx, a.id, a.status, to, Default::default(), &now).await? == 0 {
            return Ok(None);
        }
        let change = (
            Some(json!({ "attemptId": a.id, "status": a.status.as_str() })),
            Some(json!({ "attemptId": a.id, "status": to.as_str() })),
        );
        self.audit(&mut tx, &now, "appointment", a.appointment_id, &format!("payment_{}", to.as_str()), change).await?;
        if let Some(kind) = attention {
            self.raise_attention(&mut tx, kind, a, json!({}), &now).await?;
        }
        let others_pending = db::checkout_attempts::pending_for(&mut *tx, a.appointment_id).await?.is_some();
        if !others_pending
            && db::appointments::transition(
                &mut *tx,
                a.appointment_id,
                AppointmentState::AwaitingPayment,
                AppointmentState::Expired,
                &now,
            )
            .await?
                == 1
        {
            let change = (Some(json!({ "state": "awaiting_payment" })), Some(json!({ "state": "expired" })));
            self.audit(&mut tx, &now, "appointment", a.appointment_id, "hold_expired", change).await?;
            self.reverse_charges(&mut tx, a.appointment_id, ChargeFor::Service, "The hold ended unpaid", &now).await?;
        }
        tx.commit().await?;
        Ok(Some(a.appointment_id))
    }
}

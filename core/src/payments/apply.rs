//! What Stripe says about a session, applied once: paid only when the
//! session's amount, currency and mode are what was asked; money that
//! arrives for an appointment that no longer wants it is never dropped but
//! listed under Needs attention.

use crate::app::Clinicdesk;
use crate::db::account_entries::NewEntry;
use crate::db::{self, checkout_attempts::AttemptRow};
use crate::domain::{AppointmentState, AttemptStatus, AttentionKind, ChargeFor, EntryKind, PaymentMethod, PaymentMode};
use crate::error::{Error, Result};
use crate::stripe::{CheckoutEventKind, CheckoutSessionInfo, SessionPaymentStatus, SessionStatus};
use serde_json::json;

/// Whether applying an expiry may expire a held appointment too. The desk's
/// own actions (release, book without payment, cancel) decide the
/// appointment's fate themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holds {
    Follow,
    CallerDecides,
}

fn target(session: &CheckoutSessionInfo, event: Option<CheckoutEventKind>) -> Option<AttemptStatus> {
    match (session.status, session.payment_status) {
        (SessionStatus::Complete, SessionPaymentStatus::Paid | SessionPaymentStatus::NoPaymentRequired) => {
            Some(AttemptStatus::Paid)
        }
        (SessionStatus::Complete, SessionPaymentStatus::Unpaid)
            if event == Some(CheckoutEventKind::AsyncPaymentFailed) =>
        {
            Some(AttemptStatus::Failed)
        }
        (SessionStatus::Complete, SessionPaymentStatus::Unpaid) => Some(AttemptStatus::Processing),
        (SessionStatus::Expired, _) => Some(AttemptStatus::Expired),
        (SessionStatus::Open, _) => None,
    }
}

fn allowed_from(to: AttemptStatus) -> &'static [AttemptStatus] {
    use AttemptStatus::*;
    match to {
        // Money is money: a link we had stopped following (or never heard
        // back about) can still have been paid.
        Paid | Mismatch => &[Creating, Open, Processing, Closed, Abandoned],
        Processing => &[Creating, Open],
        Failed => &[Open, Processing],
        Expired => &[Creating, Open],
        _ => &[],
    }
}

/// What Stripe reports differently from what the attempt asked, if anything.
fn mismatch(attempt: &AttemptRow, s: &CheckoutSessionInfo) -> Option<serde_json::Value> {
    let amount_differs = s.amount_total != Some(attempt.amount_minor);
    let currency_differs = !s.currency.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&attempt.currency));
    let mode_differs = attempt.livemode.is_some_and(|l| l != s.livemode);
    (amount_differs || currency_differs || mode_differs).then(|| {
        json!({ "reportedAmountMinor": s.amount_total, "reportedCurrency": s.currency, "reportedLivemode": s.livemode,
                "askedAmountMinor": attempt.amount_minor, "askedCurrency": attempt.currency,
                "askedLivemode": attempt.livemode, "checkoutSessionId": s.id })
    })
}

impl Clinicdesk {
    /// A paid session for an attempt (or invoice link) this database has
    /// never had, though its id is one a restored-over database gave out:
    /// money made after the backup was taken. Listed once under Needs
    /// attention, never dropped.
    pub(crate) async fn flag_if_lost_in_restore(
        &self,
        session: &CheckoutSessionInfo,
        attempt_id: Option<i64>,
        link_id: Option<i64>,
    ) -> Result<Option<i64>> {
        let paid = session.status == SessionStatus::Complete && session.payment_status == SessionPaymentStatus::Paid;
        let same_database = match (&session.made_for, &session.for_invoice) {
            (Some(m), _) => Some(&m.database_id),
            (None, Some(i)) => Some(&i.database_id),
            (None, None) => None,
        };
        if !paid || same_database.is_none() {
            return Ok(None);
        }
        let now = self.stamp();
        let mut tx = self.write().await?;
        if same_database != Some(&db::clinic::get(&mut *tx).await?.database_id) {
            return Ok(None);
        }
        let (attempt_floor, link_floor) = db::restores::stripe_floors(&mut *tx).await?;
        let lost = attempt_id.is_some_and(|a| a <= attempt_floor) || link_id.is_some_and(|l| l <= link_floor);
        if !lost
            || db::attention_items::exists_for_session(&mut *tx, AttentionKind::PaidBeforeRestore, &session.id).await?
        {
            return Ok(None);
        }
        let item = db::attention_items::NewItem {
            kind: AttentionKind::PaidBeforeRestore,
            appointment_id: None,
            attempt_id: None,
            amount_minor: session.amount_total,
            currency: session.currency.as_deref(),
            detail: json!({ "checkoutSessionId": session.id, "paymentIntentId": session.payment_intent,
                            "attemptId": attempt_id, "invoiceLinkId": link_id })
            .to_string(),
        };
        self.raise_item(&mut tx, &item, &now).await?;
        tx.commit().await?;
        Ok(None)
    }

    /// The attempt a session belongs to: by its id, or, for a session whose
    /// create answer never reached us, by the attempt its metadata names.
    async fn attempt_of(
        &self,
        tx: &mut crate::db::Tx,
        session: &CheckoutSessionInfo,
        now: &str,
    ) -> Result<Option<AttemptRow>> {
        if let Some(a) = db::checkout_attempts::by_session(&mut **tx, &session.id).await? {
            return Ok(Some(a));
        }
        let Some(made_for) = &session.made_for else { return Ok(None) };
        if made_for.database_id != db::clinic::get(&mut **tx).await?.database_id {
            return Ok(None);
        }
        if db::checkout_attempts::attach_session(&mut **tx, made_for.attempt_id, &session.id, now).await? == 0 {
            return Ok(None);
        }
        tracing::info!(attempt = made_for.attempt_id, "a session we never heard back about, found by its metadata");
        db::checkout_attempts::get(&mut **tx, made_for.attempt_id).await
    }

    /// Applies Stripe's news about a session. Every change names the status
    /// it expects, so applying the same news twice changes nothing. Returns
    /// the appointment id when something changed.
    pub(crate) async fn apply_session(
        &self,
        session: &CheckoutSessionInfo,
        event: Option<CheckoutEventKind>,
    ) -> Result<Option<i64>> {
        self.apply_session_with(session, event, Holds::Follow).await
    }

    pub(crate) async fn apply_session_with(
        &self,
        session: &CheckoutSessionInfo,
        event: Option<CheckoutEventKind>,
        holds: Holds,
    ) -> Result<Option<i64>> {
        if let Some(made_for) = &session.for_invoice {
            return self.apply_invoice_session(session, made_for).await;
        }
        let Some(mut to) = target(session, event) else { return Ok(None) };
        let now = self.stamp();
        let mut tx = self.write().await?;
        let Some(attempt) = self.attempt_of(&mut tx, session, &now).await? else {
            drop(tx);
            return self.flag_if_lost_in_restore(session, session.made_for.as_ref().map(|m| m.attempt_id), None).await;
        };
        let reported = if to == AttemptStatus::Paid { mismatch(&attempt, session) } else { None };
        if reported.is_some() {
            to = AttemptStatus::Mismatch;
        }
        if !allowed_from(to).contains(&attempt.status) {
            return Ok(None);
        }
        let change = db::checkout_attempts::Change {
            payment_intent_id: session.payment_intent.as_deref(),
            failure: (to == AttemptStatus::Failed)
                .then_some(("async_payment_failed", "The patient's bank payment did not go through.")),
            paid_at: (to == AttemptStatus::Paid).then_some(now.as_str()),
            processing_since: (to == AttemptStatus::Processing).then_some(now.as_str()),
        };
        if db::checkout_attempts::transition(&mut *tx, attempt.id, attempt.status, to, change, &now).await? == 0 {
            return Ok(None);
        }
        let source = event.map_or("checkout session retrieved", |e| e.as_str());
        let audit = (
            Some(json!({ "attemptId": attempt.id, "status": attempt.status.as_str() })),
            Some(json!({ "attemptId": attempt.id, "status": to.as_str(), "checkoutSessionId": session.id,
                         "paymentIntentId": session.payment_intent, "amountTotal": session.amount_total,
                         "currency": session.currency, "livemode": session.livemode, "source": source })),
        );
        self.audit(&mut tx, &now, "appointment", attempt.appointment_id, &format!("payment_{}", to.as_str()), audit)
            .await?;

        let appointment = db::appointments::get(&mut *tx, attempt.appointment_id)
            .await?
            .ok_or(Error::NotFound { entity: "appointment", id: attempt.appointment_id })?;
        let others_pending = db::checkout_attempts::pending_for(&mut *tx, appointment.id).await?.is_some();
        let mut attention = None;
        let mut next = None;
        match to {
            AttemptStatus::Paid => match appointment.state {
                AppointmentState::AwaitingPayment => next = Some((AppointmentState::Booked, "paid_online")),
                AppointmentState::Cancelled => attention = Some((AttentionKind::PaidAfterCancel, json!({}))),
                AppointmentState::Expired => attention = Some((AttentionKind::PaidAfterExpiry, json!({}))),
                _ if matches!(attempt.status, AttemptStatus::Closed | AttemptStatus::Abandoned) => {
                    attention = Some((AttentionKind::PaidAfterClose, json!({})))
                }
                _ => {}
            },
            AttemptStatus::Mismatch => attention = reported.map(|r| (AttentionKind::AmountMismatch, r)),
            AttemptStatus::Expired
                if holds == Holds::Follow
                    && appointment.state == AppointmentState::AwaitingPayment
                    && !others_pending =>
            {
                next = Some((AppointmentState::Expired, "hold_expired"));
            }
            AttemptStatus::Failed => {
                // A required type's hold ends with its payment; an allowed
                // type stays booked and is paid another way.
                if appointment.state == AppointmentState::AwaitingPayment
                    && appointment.payment_mode == PaymentMode::Required
                    && !others_pending
                {
                    next = Some((AppointmentState::Expired, "hold_released_payment_failed"));
                }
                attention = Some((AttentionKind::AsyncPaymentFailed, json!({ "slotReleased": next.is_some() })));
            }
            _ => {}
        }
        if to == AttemptStatus::Paid {
            // The money is on the appointment's account, once (the entry's
            // attempt is unique). More than was owing is a credit to refund.
            let (ledger, _) = self.load_ledger(&mut tx, appointment.id).await?;
            let owing = ledger.balance();
            let mut entry = NewEntry::new(appointment.id, EntryKind::Payment, attempt.amount_minor, &attempt.currency);
            entry.method = Some(PaymentMethod::Online);
            entry.attempt_id = Some(attempt.id);
            self.append_entry(&mut tx, &entry, &now).await?;
            if attempt.amount_minor > owing && attention.is_none() {
                attention = Some((AttentionKind::Overpaid, json!({ "owingMinor": owing.max(0) })));
            }
        }
        if let Some((state, action)) = next {
            if db::appointments::transition(&mut *tx, appointment.id, appointment.state, state, &now).await? == 1 {
                let change =
                    (Some(json!({ "state": appointment.state.as_str() })), Some(json!({ "state": state.as_str() })));
                self.audit(&mut tx, &now, "appointment", appointment.id, action, change).await?;
                if state == AppointmentState::Expired {
                    self.reverse_charges(&mut tx, appointment.id, ChargeFor::Service, "The hold ended unpaid", &now)
                        .await?;
                }
            }
        }
        if let Some((kind, detail)) = attention {
            self.raise_attention(&mut tx, kind, &attempt, detail, &now).await?;
        }
        tx.commit().await?;
        Ok(Some(attempt.appointment_id))
    }
}

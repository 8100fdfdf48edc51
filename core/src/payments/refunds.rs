//! Online refunds (`POST /v1/refunds`), kept like payment attempts: the
//! refund entry, the key and the request are written in one transaction
//! before anything is sent; a re-send sends the same bytes with the same key;
//! Stripe's answer, its refund events and retrieving the refund move it to
//! succeeded or failed. A refund that fails is cancelled out on the account
//! (a reversing entry) and listed under Needs attention.

use super::Problem;
use crate::app::Clinicdesk;
use crate::db::{self, account_entries::NewEntry, attention_items::NewItem, refund_attempts::RefundRow};
use crate::domain::{AttentionKind, EntryKind, Money, PaymentMethod, RefundStatus};
use crate::error::{Error, Result};
use crate::ledger::Tx;
use crate::secrets::StripeSecret;
use crate::stripe::{refund_form, BillingError, RefundInfo, RefundParams, RefundState, StoredRequest};
use serde_json::json;

/// Stripe forgets idempotency keys after 24 hours: past this, a refund it
/// never answered is looked for by its metadata before it is sent again.
const KEY_MEMORY: i64 = 23 * 3600;

impl Clinicdesk {
    /// Inside the caller's transaction (which wrote the refund entry): the
    /// attempt with its key and request. Send it after commit.
    pub(crate) async fn new_refund_attempt(
        &self,
        tx: &mut Tx,
        appointment_id: i64,
        refund_entry_id: i64,
        payment_intent: &str,
        amount: Money,
        now: &str,
    ) -> Result<i64> {
        let connection = db::stripe_connection::get(&mut **tx).await?.ok_or_else(|| Error::Refused {
            code: "stripe_not_ready",
            message: "Stripe is not connected; reconnect in Settings → Integrations to refund online.".into(),
        })?;
        let new = db::refund_attempts::NewRefund {
            refund_entry_id,
            appointment_id,
            payment_intent_id: payment_intent,
            amount_minor: amount.minor,
            currency: amount.currency.code(),
            stripe_account_id: &connection.account_id,
            livemode: connection.livemode,
        };
        let id = db::refund_attempts::insert_creating(&mut **tx, &new, now).await?;
        let database_id = db::clinic::get(&mut **tx).await?.database_id;
        let key = format!("clinicdesk-{database_id}-refund-{id}");
        let body = refund_form(&RefundParams {
            payment_intent: payment_intent.to_string(),
            amount_minor: amount.minor,
            metadata: vec![
                ("clinicdesk_appointment_id".into(), appointment_id.to_string()),
                ("clinicdesk_refund_id".into(), id.to_string()),
                ("clinicdesk_database_id".into(), database_id),
            ],
        });
        db::refund_attempts::set_request(&mut **tx, id, &key, &body).await?;
        let after = json!({ "refundAttemptId": id, "refundEntryId": refund_entry_id, "paymentIntentId": payment_intent,
                            "amountMinor": amount.minor, "idempotencyKey": key });
        self.audit(tx, now, "appointment", appointment_id, "refund_requested", (None, Some(after))).await?;
        Ok(id)
    }

    /// Sends (or re-sends, byte for byte, with the same key) a refund.
    pub(crate) async fn send_refund(&self, id: i64) -> Result<Option<Problem>> {
        let r = db::refund_attempts::get(&self.db, id).await?.ok_or(Error::NotFound { entity: "refund", id })?;
        if r.status != RefundStatus::Creating {
            return Ok(None);
        }
        let Some(key) = self.payment_key().await? else {
            return Ok(Some(Problem::new(
                "stripe_not_ready",
                "Stripe is not connected; the refund is sent once it is.",
            )));
        };
        let request = StoredRequest { idempotency_key: r.idempotency_key.clone(), body: r.request_body.clone() };
        match self.billing.create_refund(&key, &request).await {
            Ok(refund) => {
                self.apply_refund(&refund, Some(r.id)).await?;
                Ok(None)
            }
            Err(e) if e.is_definite_refusal() => {
                if e == BillingError::InvalidKey {
                    self.record_key_refused().await?;
                }
                let reason = match &e {
                    BillingError::Refused { code, .. } => code.clone(),
                    other => other.to_string(),
                };
                self.refund_failed(&r, RefundStatus::Creating, RefundStatus::Failed, None, &reason).await?;
                Ok(Some(Problem::new(
                    "refund_refused",
                    format!("Stripe refused the refund ({reason}); the money was not returned."),
                )))
            }
            Err(e) => {
                tracing::warn!(refund = r.id, error = %e, "no answer from Stripe; the refund stays 'creating'");
                Ok(Some(Problem::new(
                    "stripe_unavailable",
                    "Stripe did not answer; the refund is recorded and will be sent again until Stripe confirms it.",
                )))
            }
        }
    }

    /// What Stripe says about a refund, applied once. `ours` names the
    /// attempt when the answer is to our own request.
    pub(crate) async fn apply_refund(&self, refund: &RefundInfo, ours: Option<i64>) -> Result<Option<i64>> {
        let r = match ours {
            Some(id) => db::refund_attempts::get(&self.db, id).await?,
            None => match db::refund_attempts::by_stripe_id(&self.db, &refund.id).await? {
                Some(r) => Some(r),
                None => self.refund_made_for(refund).await?,
            },
        };
        let Some(r) = r else { return Ok(None) };
        let to = match refund.status {
            RefundState::Pending | RefundState::RequiresAction => RefundStatus::Pending,
            RefundState::Succeeded => RefundStatus::Succeeded,
            RefundState::Failed => RefundStatus::Failed,
            RefundState::Canceled => RefundStatus::Canceled,
        };
        let allowed = match to {
            RefundStatus::Pending => r.status == RefundStatus::Creating,
            _ => r.status.is_pending(),
        };
        if !allowed {
            return Ok(None);
        }
        if matches!(to, RefundStatus::Failed | RefundStatus::Canceled) {
            let reason = refund.failure_reason.clone().unwrap_or_else(|| to.as_str().to_string());
            return self.refund_failed(&r, r.status, to, Some(&refund.id), &reason).await;
        }
        let now = self.stamp();
        let mut tx = self.write().await?;
        if db::refund_attempts::transition(&mut *tx, r.id, r.status, to, Some(&refund.id), None, &now).await? == 0 {
            return Ok(None);
        }
        let change = (
            Some(json!({ "refundAttemptId": r.id, "status": r.status.as_str() })),
            Some(json!({ "refundAttemptId": r.id, "status": to.as_str(), "stripeRefundId": refund.id })),
        );
        self.audit(&mut tx, &now, "appointment", r.appointment_id, &format!("refund_{}", to.as_str()), change).await?;
        tx.commit().await?;
        Ok(Some(r.appointment_id))
    }

    /// A refund we never heard back about, named by its metadata.
    async fn refund_made_for(&self, refund: &RefundInfo) -> Result<Option<RefundRow>> {
        let Some(made_for) = &refund.made_for else { return Ok(None) };
        if made_for.database_id != self.database_id().await? {
            return Ok(None);
        }
        Ok(db::refund_attempts::get(&self.db, made_for.attempt_id).await?.filter(|r| r.stripe_refund_id.is_none()))
    }

    /// The money was not returned: the refund entry is cancelled out (the
    /// payment can be refunded again) and the desk is told.
    async fn refund_failed(
        &self,
        r: &RefundRow,
        from: RefundStatus,
        to: RefundStatus,
        stripe_id: Option<&str>,
        reason: &str,
    ) -> Result<Option<i64>> {
        let now = self.stamp();
        let mut tx = self.write().await?;
        if db::refund_attempts::transition(&mut *tx, r.id, from, to, stripe_id, Some(reason), &now).await? == 0 {
            return Ok(None);
        }
        let note = format!("Stripe could not refund it ({reason})");
        let mut reversal = NewEntry::new(r.appointment_id, EntryKind::Refund, r.amount_minor, &r.currency);
        reversal.method = Some(PaymentMethod::Online);
        reversal.reverses = Some(r.refund_entry_id);
        reversal.note = Some(&note);
        self.append_entry(&mut tx, &reversal, &now).await?;
        let item = NewItem {
            kind: AttentionKind::RefundFailed,
            appointment_id: Some(r.appointment_id),
            attempt_id: None,
            amount_minor: Some(r.amount_minor),
            currency: Some(&r.currency),
            detail: json!({ "refundAttemptId": r.id, "reason": reason, "stripeRefundId": stripe_id }).to_string(),
        };
        self.raise_item(&mut tx, &item, &now).await?;
        tx.commit().await?;
        Ok(Some(r.appointment_id))
    }

    /// The background check's part for refunds: re-send those Stripe never
    /// answered (after a day, look for them first: Stripe has forgotten the
    /// key), and ask about pending ones.
    pub(crate) async fn reconcile_refunds(&self, key: &StripeSecret) -> Result<(Vec<i64>, usize)> {
        let mut changed = Vec::new();
        let mut failures = 0;
        for r in db::refund_attempts::pending(&self.db).await? {
            let outcome = match r.status {
                RefundStatus::Creating => {
                    let age = self.now().as_second() - db::parse_instant(&r.created_at)?.as_second();
                    if age > KEY_MEMORY {
                        match self.billing.list_refunds(key, &r.payment_intent_id).await {
                            Ok(found) => {
                                match found.iter().find(|f| f.made_for.as_ref().is_some_and(|m| m.attempt_id == r.id)) {
                                    Some(f) => self.apply_refund(f, Some(r.id)).await.map(|c| (c, false)),
                                    None => self.send_refund(r.id).await.map(|p| (None, p.is_some())),
                                }
                            }
                            Err(_) => Ok((None, true)),
                        }
                    } else {
                        self.send_refund(r.id).await.map(|p| (None, p.is_some()))
                    }
                }
                _ => match r.stripe_refund_id.as_deref() {
                    Some(id) => match self.billing.retrieve_refund(key, id).await {
                        Ok(refund) => self.apply_refund(&refund, Some(r.id)).await.map(|c| (c, false)),
                        Err(_) => Ok((None, true)),
                    },
                    None => Ok((None, false)),
                },
            };
            match outcome {
                Ok((c, failed)) => {
                    changed.extend(c);
                    failures += usize::from(failed);
                }
                Err(e) => {
                    tracing::error!(error = %e, refund = r.id, "reconciling a refund failed");
                    failures += 1;
                }
            }
            let now_status = db::refund_attempts::get(&self.db, r.id).await?.map(|x| x.status);
            if now_status != Some(r.status) {
                changed.push(r.appointment_id);
            }
        }
        Ok((changed, failures))
    }
}

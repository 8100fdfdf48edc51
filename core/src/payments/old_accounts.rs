//! Payment links made with another Stripe account or mode than the one now
//! connected (the owner changed the key, or went from test to live). This key
//! can't read them, so the background check leaves them alone; the owner
//! sees them in Settings → Integrations and can close them here, which frees
//! any slot they hold. Whether one was paid shows only in that account.

use super::attention::AttentionAppointment;
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::{parse_currency, AppointmentId, AttemptStatus, Money};
use crate::error::{Error, Result};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OtherAccountAttempt {
    pub attempt_id: i64,
    pub appointment_id: AppointmentId,
    pub status: AttemptStatus,
    pub amount: Money,
    pub stripe_account_id: Option<String>,
    pub livemode: Option<bool>,
    pub created_at: String,
    pub appointment: Option<AttentionAppointment>,
}

impl Clinicdesk {
    /// Pending attempts made with another account or mode than the one
    /// connected now (none while nothing is connected).
    pub async fn other_account_attempts(&self) -> Result<Vec<OtherAccountAttempt>> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        self.other_account_attempts_now().await
    }

    /// Without the gate: for use cases that already passed theirs, and
    /// Clinicdesk's background work.
    pub async fn other_account_attempts_now(&self) -> Result<Vec<OtherAccountAttempt>> {
        if db::stripe_connection::get(&self.db).await?.is_none() {
            return Ok(Vec::new());
        }
        let tz = self.clinic_time_zone().await?;
        let mut out = Vec::new();
        for a in db::checkout_attempts::pending(&self.db).await? {
            if self.made_with_current_account(&a).await? {
                continue;
            }
            let currency = parse_currency(&a.currency).map_err(|_| Error::Corrupt(a.currency.clone()))?;
            out.push(OtherAccountAttempt {
                attempt_id: a.id,
                appointment_id: AppointmentId(a.appointment_id),
                status: a.status,
                amount: Money::new(a.amount_minor, currency),
                stripe_account_id: a.stripe_account_id,
                livemode: a.livemode,
                created_at: a.created_at,
                appointment: self.attention_appointment(a.appointment_id, &tz).await?,
            });
        }
        Ok(out)
    }

    /// "Close these links": every pending attempt of another account is
    /// closed, and the slots they held are freed. Returns how many.
    pub async fn close_other_account_attempts(&self) -> Result<usize> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        if db::stripe_connection::get(&self.db).await?.is_none() {
            return Ok(0);
        }
        let mut closed = 0;
        for a in db::checkout_attempts::pending(&self.db).await? {
            if !self.made_with_current_account(&a).await?
                && self.end_attempt(&a, AttemptStatus::Closed, None).await?.is_some()
            {
                closed += 1;
            }
        }
        tracing::info!(closed, "payment links of another Stripe account closed");
        Ok(closed)
    }
}

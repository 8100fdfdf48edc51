//! "Needs attention" on the front desk: online payments a person must look
//! at (Stripe reports another amount; money arrived for a cancelled
//! appointment; a bank payment failed or takes too long; a link made with a
//! previous Stripe account). Raised once per attempt and kind; listed until
//! someone says what was done. The UI words each kind (ui/js/attention.js).

use crate::app::Clinicdesk;
use crate::db::{self, checkout_attempts::AttemptRow};
use crate::domain::{parse_currency, AppointmentId, AppointmentState, AttentionKind, Money, ResolutionNote};
use crate::error::{Error, Result};
use jiff::tz::TimeZone;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttentionItem {
    pub id: i64,
    pub kind: AttentionKind,
    pub raised_at: String,
    /// The amount the attempt asked for.
    pub amount: Option<Money>,
    /// What Stripe reported instead (amount mismatches).
    pub reported: Option<Money>,
    /// The mode Stripe reported, when it is not the link's.
    pub reported_livemode: Option<bool>,
    pub checkout_session_id: Option<String>,
    pub stripe_account_id: Option<String>,
    pub slot_released: bool,
    pub appointment: Option<AttentionAppointment>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttentionAppointment {
    pub id: AppointmentId,
    pub patient_name: String,
    pub type_name: String,
    pub practitioner_name: String,
    pub local_date: String,
    pub start_label: String,
    pub state: AppointmentState,
}

fn money(minor: Option<i64>, currency: Option<&str>) -> Option<Money> {
    let currency = parse_currency(currency?).ok()?;
    Some(Money::new(minor?, currency))
}

impl Clinicdesk {
    /// Inside the caller's transaction; the same kind for the same attempt
    /// is raised once.
    pub(crate) async fn raise_attention(
        &self,
        tx: &mut crate::db::Tx,
        kind: AttentionKind,
        attempt: &AttemptRow,
        detail: serde_json::Value,
        now: &str,
    ) -> Result<()> {
        let item = db::attention_items::NewItem {
            kind,
            appointment_id: Some(attempt.appointment_id),
            attempt_id: Some(attempt.id),
            amount_minor: Some(attempt.amount_minor),
            currency: Some(&attempt.currency),
            detail: detail.to_string(),
        };
        self.raise_item(tx, &item, now).await
    }

    /// Inside the caller's transaction: any item (a refund that failed, say).
    pub(crate) async fn raise_item(
        &self,
        tx: &mut crate::db::Tx,
        item: &db::attention_items::NewItem<'_>,
        now: &str,
    ) -> Result<()> {
        if db::attention_items::raise(&mut **tx, item, now).await? {
            tracing::warn!(kind = item.kind.as_str(), attempt = ?item.attempt_id, "a payment needs attention");
            let after = json!({ "kind": item.kind.as_str(), "attemptId": item.attempt_id, "detail": item.detail });
            if let Some(appointment) = item.appointment_id {
                self.audit(tx, now, "appointment", appointment, "attention_raised", (None, Some(after))).await?;
            }
        }
        Ok(())
    }

    /// What needs a person's attention now, oldest first.
    pub async fn needs_attention(&self) -> Result<Vec<AttentionItem>> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        let clinic = db::clinic::get(&self.db).await?;
        let tz = TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let mut items = Vec::new();
        for row in db::attention_items::open_items(&self.db).await? {
            let detail: serde_json::Value = serde_json::from_str(&row.detail).unwrap_or_default();
            let attempt = match row.attempt_id {
                Some(id) => db::checkout_attempts::get(&self.db, id).await?,
                None => None,
            };
            let appointment = match row.appointment_id {
                Some(id) => self.attention_appointment(id, &tz).await?,
                None => None,
            };
            items.push(AttentionItem {
                id: row.id,
                kind: row.kind,
                raised_at: row.raised_at,
                amount: money(row.amount_minor, row.currency.as_deref()),
                reported: money(
                    detail["reportedAmountMinor"].as_i64(),
                    detail["reportedCurrency"].as_str().map(|c| c.to_ascii_uppercase()).as_deref(),
                ),
                // Only worth saying when it differs from the link's.
                reported_livemode: detail["reportedLivemode"]
                    .as_bool()
                    .filter(|r| detail["askedLivemode"].as_bool().is_some_and(|asked| asked != *r)),
                checkout_session_id: attempt.as_ref().and_then(|a| a.checkout_session_id.clone()),
                stripe_account_id: attempt.as_ref().and_then(|a| a.stripe_account_id.clone()),
                slot_released: detail["slotReleased"].as_bool().unwrap_or(false),
                appointment,
            });
        }
        Ok(items)
    }

    pub(crate) async fn attention_appointment(&self, id: i64, tz: &TimeZone) -> Result<Option<AttentionAppointment>> {
        let Some(a) = db::appointments::get(&self.db, id).await? else { return Ok(None) };
        let patient = db::patients::get(&self.db, a.patient_id).await?;
        let practitioner = db::practitioners::get(&self.db, a.practitioner_id).await?;
        let start = db::parse_instant(&a.starts_at)?.to_zoned(tz.clone());
        Ok(Some(AttentionAppointment {
            id: AppointmentId(a.id),
            patient_name: patient.map(|p| format!("{} {}", p.first_name, p.last_name)).unwrap_or_default(),
            type_name: a.type_name,
            practitioner_name: practitioner.map(|p| p.name).unwrap_or_default(),
            local_date: start.date().to_string(),
            start_label: format!("{:02}:{:02}", start.hour(), start.minute()),
            state: a.state,
        }))
    }

    /// "Mark as dealt with", saying what was done (kept in the audit log).
    pub async fn resolve_attention(&self, id: i64, note: ResolutionNote) -> Result<Vec<AttentionItem>> {
        self.allow(crate::domain::Permission::FrontDesk)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let item =
            db::attention_items::get(&mut *tx, id).await?.ok_or(Error::NotFound { entity: "attention item", id })?;
        if db::attention_items::resolve(&mut *tx, id, note.as_str(), &now).await? == 1 {
            let (entity, entity_id) = match item.appointment_id {
                Some(a) => ("appointment", a.to_string()),
                None => ("attention_item", id.to_string()),
            };
            let change = (
                Some(json!({ "attentionId": id, "kind": item.kind.as_str() })),
                Some(json!({ "attentionId": id, "resolution": note.as_str() })),
            );
            self.audit(&mut tx, &now, entity, entity_id, "attention_resolved", change).await?;
        }
        tx.commit().await?;
        self.needs_attention().await
    }
}

//! A patient's money: each appointment with its balance, and what is owed
//! in all.

use crate::app::Clinicdesk;
use crate::db;
use crate::domain::*;
use crate::error::{Error, Result};
use serde::Serialize;

/// The most recent appointments listed; the total owing counts them all.
const LISTED: i64 = 100;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatientAccount {
    pub appointments: Vec<AppointmentBalance>,
    /// Older appointments exist beyond those listed.
    pub more: bool,
    /// What the patient owes across every appointment.
    pub owing: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentBalance {
    pub id: AppointmentId,
    pub local_date: String,
    pub start_label: String,
    pub type_name: String,
    pub practitioner: String,
    pub state: AppointmentState,
    pub charged: Money,
    pub paid: Money,
    pub balance: Money,
    pub status: AccountStatus,
}

impl Clinicdesk {
    pub async fn patient_account(&self, patient: PatientId) -> Result<PatientAccount> {
        self.allow(crate::domain::Permission::Money)?;
        let clinic = db::clinic::get(&self.db).await?;
        let tz = jiff::tz::TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let currency = parse_currency(&clinic.currency).map_err(|_| Error::Corrupt(clinic.currency.clone()))?;
        let mut rows = db::account_entries::patient_balances(&self.db, patient.0, LISTED + 1).await?;
        let more = rows.len() as i64 > LISTED;
        rows.truncate(LISTED as usize);
        let mut appointments = Vec::with_capacity(rows.len());
        for r in rows {
            let c = parse_currency(&r.currency).map_err(|_| Error::Corrupt(r.currency.clone()))?;
            let start = db::parse_instant(&r.starts_at)?.to_zoned(tz.clone());
            let totals = Totals { charges: r.charged, discounts: 0, payments: r.paid, refunds: r.refunded };
            appointments.push(AppointmentBalance {
                id: AppointmentId(r.appointment_id),
                local_date: start.date().to_string(),
                start_label: start.strftime("%H:%M").to_string(),
                type_name: r.type_name,
                practitioner: r.practitioner_name,
                state: r.state,
                charged: Money::new(r.charged, c),
                paid: Money::new(r.paid - r.refunded, c),
                balance: Money::new(r.balance, c),
                status: totals.status(),
            });
        }
        let owing = db::account_entries::patient_owing(&self.db, patient.0).await?;
        Ok(PatientAccount { appointments, more, owing: (owing > 0).then(|| Money::new(owing, currency)) })
    }
}

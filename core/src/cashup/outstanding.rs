//! Outstanding balances: the patients who owe, aged by how long ago the
//! appointment was (0–30, 31–60, 61–90, over 90 days), each with its total.
//! An appointment that hasn't started yet isn't owed.

use crate::app::Clinicdesk;
use crate::db;
use crate::domain::parse_currency;
use crate::error::{Error, Result};
use serde::Serialize;

/// The ages' upper bounds in days; the last bucket is everything older.
pub const AGES: [i64; 3] = [30, 60, 90];
/// The patients listed at most (the largest totals first); the totals count all.
pub const LISTED: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OwingPatient {
    pub patient_id: i64,
    pub name: String,
    pub email: String,
    /// Owed in each age: 0–30, 31–60, 61–90 and over 90 days.
    pub buckets: [i64; 4],
    pub total: i64,
    pub appointments: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outstanding {
    pub currency: String,
    pub exponent: u8,
    pub as_of: String,
    pub buckets: [i64; 4],
    pub total: i64,
    pub patients: Vec<OwingPatient>,
    /// More patients owe than are listed.
    pub more: bool,
}

impl Clinicdesk {
    pub async fn outstanding(&self) -> Result<Outstanding> {
        self.allow(crate::domain::Permission::Money)?;
        let mut conn = self.db.acquire().await?;
        let clinic = db::clinic::get(&mut *conn).await?;
        let tz = jiff::tz::TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let currency = parse_currency(&clinic.currency).map_err(|_| Error::Corrupt(clinic.currency.clone()))?;
        let now = self.now();
        let today = now.to_zoned(tz.clone()).date();
        // The first instant of the day `days` ago: an appointment that started
        // then or later is at most `days` old.
        let since = |days: i64| -> Result<String> {
            let day = today.checked_sub(jiff::Span::new().days(days)).map_err(|e| Error::Corrupt(e.to_string()))?;
            Ok(db::instant(crate::front_desk::day_start(&tz, day)?))
        };
        let rows = db::money_rows::owing(
            &mut *conn,
            &db::instant(now),
            &since(AGES[0])?,
            &since(AGES[1])?,
            &since(AGES[2])?,
            LISTED as i64 + 1,
        )
        .await?;
        let buckets = rows.first().map_or([0; 4], |r| [r.all0, r.all1, r.all2, r.all3]);
        let more = rows.first().is_some_and(|r| r.patients > LISTED as i64);
        let patients = rows
            .into_iter()
            .take(LISTED)
            .map(|r| OwingPatient {
                patient_id: r.patient_id,
                name: r.patient,
                email: r.email,
                buckets: [r.b0, r.b1, r.b2, r.b3],
                total: r.total,
                appointments: r.appointments,
            })
            .collect();
        Ok(Outstanding {
            currency: currency.code().to_string(),
            exponent: currency.exponent(),
            as_of: today.to_string(),
            total: buckets.iter().sum(),
            buckets,
            patients,
            more,
        })
    }
}

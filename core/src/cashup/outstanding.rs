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

pub(crate) fn bucket(age_days: i64) -> usize {
    AGES.iter().position(|limit| age_days <= *limit).unwrap_or(AGES.len())
}

impl Clinicdesk {
    pub async fn outstanding(&self) -> Result<Outstanding> {
        let mut conn = self.db.acquire().await?;
        let clinic = db::clinic::get(&mut *conn).await?;
        let tz = jiff::tz::TimeZone::get(&clinic.time_zone).map_err(|_| Error::Corrupt(clinic.time_zone.clone()))?;
        let currency = parse_currency(&clinic.currency).map_err(|_| Error::Corrupt(clinic.currency.clone()))?;
        let now = self.now();
        let today = now.to_zoned(tz.clone()).date();
        let mut patients: Vec<OwingPatient> = Vec::new();
        let mut buckets = [0_i64; 4];
        for r in db::money_rows::owing(&mut *conn).await? {
            let start = db::parse_instant(&r.starts_at)?;
            if start > now {
                continue;
            }
            let age = (today - start.to_zoned(tz.clone()).date()).get_days() as i64;
            let b = bucket(age);
            buckets[b] += r.balance;
            if patients.last().is_none_or(|p| p.patient_id != r.patient_id) {
                patients.push(OwingPatient {
                    patient_id: r.patient_id,
                    name: r.patient.clone(),
                    email: r.email.clone(),
                    buckets: [0; 4],
                    total: 0,
                    appointments: 0,
                });
            }
            if let Some(p) = patients.last_mut() {
                p.buckets[b] += r.balance;
                p.total += r.balance;
                p.appointments += 1;
            }
        }
        patients.sort_by(|a, b| b.total.cmp(&a.total).then(a.name.cmp(&b.name)));
        let more = patients.len() > LISTED;
        patients.truncate(LISTED);
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

#[cfg(test)]
mod tests {
    #[test]
    fn ages_fall_in_their_buckets() {
        let b: Vec<usize> = [0, 30, 31, 60, 61, 90, 91, 400].into_iter().map(super::bucket).collect();
        assert_eq!(b, vec![0, 0, 1, 1, 2, 2, 3, 3]);
    }
}

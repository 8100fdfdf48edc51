//! Use cases: the clinic's settings.

use crate::app::Clinicdesk;
use crate::db;
use crate::domain::{parse_currency, ClinicSettings, ClinicSettingsUpdate, Currency, TimeZoneName};
use crate::error::{Error, Result};
use serde::Serialize;

/// Choices the settings forms offer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsOptions {
    pub currencies: Vec<CurrencyOption>,
    pub time_zones: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyOption {
    pub code: &'static str,
    pub exponent: u8,
    pub min_charge_minor: i64,
}

impl Clinicdesk {
    pub async fn clinic_settings(&self) -> Result<ClinicSettings> {
        self.allow(crate::domain::Permission::SeeDay)?;
        let row = db::clinic::get(&self.db).await?;
        let currency = parse_currency(&row.currency)
            .map_err(|_| Error::Corrupt(format!("unknown clinic currency {:?}", row.currency)))?;
        let currency_locked = db::appointment_types::count_all(&self.db).await? > 0;
        Ok(ClinicSettings {
            name: row.name,
            time_zone: row.time_zone,
            currency,
            currency_locked,
            slot_minutes: row.slot_minutes,
            hold_minutes: row.hold_minutes,
            allow_outside_hours: row.allow_outside_hours,
            late_cancel_hours: row.late_cancel_hours,
        })
    }

    pub async fn update_clinic_settings(&self, update: ClinicSettingsUpdate) -> Result<ClinicSettings> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let mut tx = self.write().await?;
        let before = db::clinic::get(&mut *tx).await?;
        if !before.currency.eq_ignore_ascii_case(update.currency.code())
            && db::appointment_types::count_all(&mut *tx).await? > 0
        {
            // Prices are stored in minor units of the currency: switching
            // currency would silently turn A$90.00 into ¥9000.
            return Err(Error::field(
                "currency",
                "currency_locked",
                "The currency can't change once appointment types have prices in it.",
            ));
        }
        if before.time_zone != update.time_zone.as_str() && !update.time_zone_change_confirmed {
            let shifted = shifted_appointments(&mut tx, &before.time_zone, &update.time_zone).await?;
            if shifted > 0 {
                let them = if shifted == 1 { "1 appointment".to_string() } else { format!("{shifted} appointments") };
                return Err(Error::Refused {
                    code: "time_zone_shift",
                    message: format!(
                        "{them} will show at other clock times in {} (they stay at the same moment). Change the time \
                         zone anyway?",
                        update.time_zone.as_str().replace('_', " ")
                    ),
                });
            }
        }
        let now = db::now();
        let after = db::clinic::ClinicRow {
            database_id: before.database_id.clone(),
            name: update.name.as_str().to_string(),
            time_zone: update.time_zone.as_str().to_string(),
            currency: update.currency.code().to_string(),
            slot_minutes: update.slot_minutes.map_or(before.slot_minutes, |s| s.get()),
            hold_minutes: update.hold_minutes.map_or(before.hold_minutes, |h| h.get()),
            allow_outside_hours: update.allow_outside_hours.unwrap_or(before.allow_outside_hours),
            return_url: before.return_url.clone(),
            late_cancel_hours: update.late_cancel_hours.map_or(before.late_cancel_hours, |h| h.get()),
        };
        db::clinic::update(&mut *tx, &after, &now).await?;
        let json = |r: &db::clinic::ClinicRow| {
            serde_json::json!({
                "name": r.name, "timeZone": r.time_zone, "currency": r.currency, "slotMinutes": r.slot_minutes,
                "holdMinutes": r.hold_minutes, "allowOutsideHours": r.allow_outside_hours,
                "lateCancelHours": r.late_cancel_hours })
        };
        let change = (Some(json(&before)), Some(json(&after)));
        self.audit(&mut tx, &now, "clinic", 1, "settings_changed", change).await?;
        tx.commit().await?;
        self.clinic_settings().await
    }

    pub fn settings_options(&self) -> Result<SettingsOptions> {
        self.allow(crate::domain::Permission::SeeDay)?;
        Ok(SettingsOptions {
            currencies: Currency::all()
                .map(|c| CurrencyOption {
                    code: c.code(),
                    exponent: c.exponent(),
                    min_charge_minor: c.min_charge().minor,
                })
                .collect(),
            time_zones: TimeZoneName::all(),
        })
    }
}

/// Appointments (not cancelled or expired) whose wall-clock time differs
/// between the two zones: what a time zone change moves on the calendar.
async fn shifted_appointments(tx: &mut crate::db::Tx, from: &str, to: &TimeZoneName) -> Result<i64> {
    let from = jiff::tz::TimeZone::get(from).map_err(|_| Error::Corrupt(from.to_string()))?;
    let to = to.time_zone();
    let mut shifted = 0;
    for start in db::appointments::active_starts(&mut **tx).await? {
        let at = db::parse_instant(&start)?;
        if at.to_zoned(from.clone()).time() != at.to_zoned(to.clone()).time() {
            shifted += 1;
        }
    }
    Ok(shifted)
}

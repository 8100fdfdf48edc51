//! Use cases: practitioners and the clinic's opening hours.

use crate::app::Clinicdesk;
use crate::db;
use crate::domain::*;
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Practitioner {
    pub id: PractitionerId,
    pub name: String,
    pub active: bool,
    /// Printed on invoice lines; empty when none.
    pub provider_number: String,
}

impl From<db::practitioners::PractitionerRow> for Practitioner {
    fn from(r: db::practitioners::PractitionerRow) -> Self {
        Practitioner {
            id: PractitionerId(r.id),
            name: r.name,
            active: r.active,
            provider_number: r.provider_number.unwrap_or_default(),
        }
    }
}

/// A provider number as a health fund or Medicare prints it: letters and
/// digits (spaces and hyphens allowed between), 1 to 30 characters, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderNumber(Option<String>);

impl TryFrom<&str> for ProviderNumber {
    type Error = crate::error::Invalid;
    fn try_from(text: &str) -> std::result::Result<Self, Self::Error> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(ProviderNumber(None));
        }
        if text.chars().count() > 30 {
            return Err(crate::error::Invalid::new("too_long", "Use at most 30 characters."));
        }
        if !text.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-' || c == '/') {
            return Err(crate::error::Invalid::new(
                "invalid_provider_number",
                "Use the letters and digits of the provider number (spaces and hyphens are fine).",
            ));
        }
        Ok(ProviderNumber(Some(text.to_string())))
    }
}

impl TryFrom<String> for ProviderNumber {
    type Error = Error;
    fn try_from(text: String) -> std::result::Result<Self, Error> {
        ProviderNumber::try_from(text.as_str()).map_err(|e| Error::Validation(vec![e.at("providerNumber")]))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpeningDay {
    pub weekday: i64,
    pub open: bool,
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpeningHours {
    pub days: Vec<OpeningDay>,
}

fn name_taken() -> Error {
    Error::field("name", "name_taken", "An active practitioner already has this name.")
}

impl Clinicdesk {
    pub async fn list_practitioners(&self, include_inactive: bool) -> Result<Vec<Practitioner>> {
        self.allow(crate::domain::Permission::SeeDay)?;
        Ok(db::practitioners::list(&self.db, include_inactive).await?.into_iter().map(Into::into).collect())
    }

    async fn practitioner(&self, id: PractitionerId) -> Result<Practitioner> {
        db::practitioners::get(&self.db, id.0)
            .await?
            .map(Into::into)
            .ok_or(Error::NotFound { entity: "practitioner", id: id.0 })
    }

    pub async fn create_practitioner(&self, name: PractitionerName) -> Result<Practitioner> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let now = db::now();
        let mut tx = self.write().await?;
        let id = match db::practitioners::insert(&mut *tx, name.as_str(), &name.key(), &now).await {
            Err(Error::Database(e)) if db::is_unique_violation(&e, "name_key") => return Err(name_taken()),
            other => other?,
        };
        self.audit(&mut tx, &now, "practitioner", id, "created", (None, Some(json!({ "name": name.as_str() }))))
            .await?;
        tx.commit().await?;
        self.practitioner(PractitionerId(id)).await
    }

    pub async fn rename_practitioner(&self, id: PractitionerId, name: PractitionerName) -> Result<Practitioner> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let now = db::now();
        let mut tx = self.write().await?;
        let before = db::practitioners::get(&mut *tx, id.0)
            .await?
            .ok_or(Error::NotFound { entity: "practitioner", id: id.0 })?;
        match db::practitioners::rename(&mut *tx, id.0, name.as_str(), &name.key(), &now).await {
            Err(Error::Database(e)) if db::is_unique_violation(&e, "name_key") => return Err(name_taken()),
            other => other?,
        }
        let change = (Some(json!({ "name": before.name })), Some(json!({ "name": name.as_str() })));
        self.audit(&mut tx, &now, "practitioner", id.0, "renamed", change).await?;
        tx.commit().await?;
        self.practitioner(id).await
    }

    pub async fn set_provider_number(&self, id: PractitionerId, number: ProviderNumber) -> Result<Practitioner> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let now = db::now();
        let mut tx = self.write().await?;
        let before = db::practitioners::get(&mut *tx, id.0)
            .await?
            .ok_or(Error::NotFound { entity: "practitioner", id: id.0 })?;
        db::practitioners::set_provider_number(&mut *tx, id.0, number.0.as_deref(), &now).await?;
        let change =
            (Some(json!({ "providerNumber": before.provider_number })), Some(json!({ "providerNumber": number.0 })));
        self.audit(&mut tx, &now, "practitioner", id.0, "provider_number_changed", change).await?;
        tx.commit().await?;
        self.practitioner(id).await
    }

    /// Deactivating keeps existing appointments; the practitioner simply
    /// can't be booked any more.
    pub async fn set_practitioner_active(&self, id: PractitionerId, active: bool) -> Result<Practitioner> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let now = db::now();
        let mut tx = self.write().await?;
        let before = db::practitioners::get(&mut *tx, id.0)
            .await?
            .ok_or(Error::NotFound { entity: "practitioner", id: id.0 })?;
        if before.active != active {
            match db::practitioners::set_active(&mut *tx, id.0, active, &now).await {
                Err(Error::Database(e)) if db::is_unique_violation(&e, "name_key") => return Err(name_taken()),
                other => other?,
            }
            let action = if active { "activated" } else { "deactivated" };
            self.audit(&mut tx, &now, "practitioner", id.0, action, (None, None)).await?;
        }
        tx.commit().await?;
        self.practitioner(id).await
    }

    pub(crate) async fn weekly_hours(&self) -> Result<WeeklyHours> {
        weekly_hours(&self.db).await
    }

    pub async fn opening_hours(&self) -> Result<OpeningHours> {
        self.allow(crate::domain::Permission::SeeDay)?;
        let hours = self.weekly_hours().await?;
        Ok(OpeningHours {
            days: (1..=7)
                .map(|weekday| match hours.on(weekday) {
                    Some(h) => OpeningDay {
                        weekday: i64::from(weekday),
                        open: true,
                        opens: clock_label(h.opens),
                        closes: clock_label(h.closes),
                    },
                    None => OpeningDay {
                        weekday: i64::from(weekday),
                        open: false,
                        opens: String::new(),
                        closes: String::new(),
                    },
                })
                .collect(),
        })
    }

    pub async fn save_opening_hours(&self, hours: WeeklyHours) -> Result<OpeningHours> {
        self.allow(crate::domain::Permission::ClinicSettings)?;
        let before = self.opening_hours().await?;
        let now = db::now();
        let mut tx = self.write().await?;
        db::opening_hours::clear(&mut *tx).await?;
        for (i, day) in hours.days.iter().enumerate() {
            if let Some(h) = day {
                db::opening_hours::insert(&mut *tx, i as i64 + 1, h.opens, h.closes).await?;
            }
        }
        let after: Vec<_> =
            hours.days.iter().map(|d| d.map(|h| (clock_label(h.opens), clock_label(h.closes)))).collect();
        let change = (Some(serde_json::to_value(&before.days).unwrap_or_default()), Some(json!(after)));
        self.audit(&mut tx, &now, "clinic", 1, "opening_hours_changed", change).await?;
        tx.commit().await?;
        self.opening_hours().await
    }
}

/// The clinic's opening hours, read with `e` (the day view reads everything
/// on one connection).
pub(crate) async fn weekly_hours(e: impl Into<db::Exec<'_>>) -> Result<WeeklyHours> {
    let mut hours = WeeklyHours::default();
    for row in db::opening_hours::all(e).await? {
        if let Some(day) = usize::try_from(row.weekday - 1).ok().and_then(|i| hours.days.get_mut(i)) {
            *day = Some(DayHours { opens: row.opens_min, closes: row.closes_min });
        }
    }
    Ok(hours)
}

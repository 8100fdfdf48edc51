//! The owner's staff page: adding members, changing their role or PIN,
//! making them inactive; the idle lock and a receptionist's refund limit.

use super::gate::SignedIn;
use super::pin;
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::{
    amount_error, Currency, DecimalAmount, IdleMinutes, Money, Permission, Pin, PractitionerId, Role, StaffId,
    StaffName,
};
use crate::error::{Error, FieldErrors, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffMember {
    pub id: StaffId,
    pub name: String,
    pub role: Role,
    pub practitioner_id: Option<i64>,
    pub active: bool,
    /// Locked out now after five wrong PINs.
    pub locked_out: bool,
}

/// A staff member as typed on the staff page. `pin` is required for a new
/// member and ignored on an update (a PIN changes on its own).
#[derive(Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StaffForm {
    pub name: String,
    pub role: String,
    pub practitioner_id: Option<i64>,
    pub active: Option<bool>,
    pub pin: String,
}

/// The PIN is never printed, even if a form is logged.
impl std::fmt::Debug for StaffForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffForm")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("practitioner_id", &self.practitioner_id)
            .field("active", &self.active)
            .field("pin", &"<redacted>")
            .finish()
    }
}

impl std::fmt::Debug for StaffDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffDraft").field("name", &self.name).field("role", &self.role).finish_non_exhaustive()
    }
}

pub struct StaffDraft {
    name: StaffName,
    role: Role,
    practitioner: Option<PractitionerId>,
    active: bool,
    pin: Option<Pin>,
}

impl StaffDraft {
    fn parse(form: &StaffForm, pin_required: bool) -> Result<StaffDraft> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", StaffName::try_from(form.name.as_str()));
        let role = errors.check("role", Role::parse(&form.role));
        let pin = if pin_required { errors.check("pin", Pin::try_from(form.pin.as_str())) } else { None };
        if role == Some(Role::Practitioner) && form.practitioner_id.is_none() {
            errors.push(crate::error::FieldError::new(
                "practitionerId",
                "required",
                "Choose which practitioner's calendar is theirs.",
            ));
        }
        errors.finish()?;
        let role = role.expect("checked");
        Ok(StaffDraft {
            name: name.expect("checked"),
            role,
            practitioner: form.practitioner_id.filter(|_| role == Role::Practitioner).map(PractitionerId),
            active: form.active.unwrap_or(true),
            pin,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecuritySettings {
    pub idle_lock_minutes: i64,
    pub receptionist_refund_limit: Money,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityForm {
    pub idle_lock_minutes: String,
    pub receptionist_refund_limit: String,
}

impl Clinicdesk {
    pub async fn list_staff(&self) -> Result<Vec<StaffMember>> {
        self.allow(Permission::StaffAdmin)?;
        let now = db::stamp(self.now());
        Ok(db::staff::list(&self.db)
            .await?
            .into_iter()
            .map(|r| StaffMember {
                id: StaffId(r.id),
                locked_out: r.locked_until.as_deref().is_some_and(|u| u > now.as_str()),
                name: r.name,
                role: r.role,
                practitioner_id: r.practitioner_id,
                active: r.active,
            })
            .collect())
    }

    pub async fn add_staff(&self, form: StaffForm) -> Result<StaffId> {
        self.allow(Permission::StaffAdmin)?;
        let d = StaffDraft::parse(&form, true)?;
        let hash = pin::hash(d.pin.as_ref().expect("required for a new member")).await?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        self.check_practitioner(&mut tx, d.practitioner).await?;
        let new = db::staff::NewStaff {
            name: d.name.as_str(),
            name_key: &d.name.key(),
            role: d.role,
            practitioner_id: d.practitioner.map(|p| p.0),
            pin_hash: &hash,
        };
        let id = db::staff::insert(&mut *tx, new, &now).await.map_err(|e| name_taken(e, &d.name))?;
        let after = json!({ "name": d.name.as_str(), "role": d.role.as_str(), "practitionerId": d.practitioner });
        self.audit(&mut tx, &now, "staff", id, "added", (None, Some(after))).await?;
        tx.commit().await?;
        Ok(StaffId(id))
    }

    pub async fn update_staff(&self, id: StaffId, form: StaffForm) -> Result<()> {
        self.allow(Permission::StaffAdmin)?;
        let d = StaffDraft::parse(&form, false)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let before =
            db::staff::get(&mut *tx, id.0).await?.ok_or(Error::NotFound { entity: "staff member", id: id.0 })?;
        self.check_practitioner(&mut tx, d.practitioner).await?;
        let pid = d.practitioner.map(|p| p.0);
        let key = d.name.key();
        let update = db::staff::StaffUpdate {
            name: d.name.as_str(),
            name_key: &key,
            role: d.role,
            practitioner_id: pid,
            active: d.active,
        };
        db::staff::update(&mut *tx, id.0, update, &now)
            .await
            .map_err(|e| name_taken(e, &d.name))
            .map_err(last_owner)?;
        let change = (
            Some(json!({ "name": before.name, "role": before.role.as_str(), "active": before.active })),
            Some(json!({ "name": d.name.as_str(), "role": d.role.as_str(), "active": d.active })),
        );
        self.audit(&mut tx, &now, "staff", id.0, "changed", change).await?;
        tx.commit().await?;
        let now_is =
            d.active.then(|| SignedIn { id, name: d.name.as_str().to_string(), role: d.role, practitioner_id: pid });
        self.staff_changed(id, now_is);
        Ok(())
    }

    /// A new PIN for `id` (which also ends a lockout).
    pub async fn set_staff_pin(&self, id: StaffId, pin: &str) -> Result<()> {
        self.allow(Permission::StaffAdmin)?;
        let pin = Pin::try_from(pin).map_err(|e| Error::Validation(vec![e.at("pin")]))?;
        let hash = pin::hash(&pin).await?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        db::staff::get(&mut *tx, id.0).await?.ok_or(Error::NotFound { entity: "staff member", id: id.0 })?;
        db::staff::set_pin(&mut *tx, id.0, &hash, &now).await?;
        self.audit(&mut tx, &now, "staff", id.0, "pin_changed", (None, None)).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn security_settings(&self) -> Result<SecuritySettings> {
        self.allow(Permission::StaffAdmin)?;
        self.security_now().await
    }

    pub(crate) async fn security_now(&self) -> Result<SecuritySettings> {
        let row = db::clinic::security(&self.db).await?;
        let currency = self.clinic_currency().await?;
        Ok(SecuritySettings {
            idle_lock_minutes: row.idle_lock_minutes,
            receptionist_refund_limit: Money::new(row.receptionist_refund_limit_minor, currency),
        })
    }

    pub async fn save_security_settings(&self, form: SecurityForm) -> Result<SecuritySettings> {
        self.allow(Permission::StaffAdmin)?;
        let currency = self.clinic_currency().await?;
        let mut errors = FieldErrors::new();
        let idle = errors.check("idleLockMinutes", IdleMinutes::try_from(form.idle_lock_minutes.as_str()));
        let limit = errors.check(
            "receptionistRefundLimit",
            DecimalAmount::try_from(form.receptionist_refund_limit.as_str())
                .and_then(|a| a.to_money(currency))
                .map_err(amount_error),
        );
        errors.finish()?;
        let row = db::clinic::SecurityRow {
            idle_lock_minutes: idle.expect("checked").0,
            receptionist_refund_limit_minor: limit.expect("checked").minor,
        };
        let now = self.stamp();
        let mut tx = self.write().await?;
        let before = db::clinic::security(&mut *tx).await?;
        db::clinic::save_security(&mut *tx, &row, &now).await?;
        let change = (
            Some(json!({ "idleLockMinutes": before.idle_lock_minutes,
                         "refundLimitMinor": before.receptionist_refund_limit_minor })),
            Some(json!({ "idleLockMinutes": row.idle_lock_minutes,
                         "refundLimitMinor": row.receptionist_refund_limit_minor })),
        );
        self.audit(&mut tx, &now, "clinic", 1, "security_changed", change).await?;
        tx.commit().await?;
        self.set_idle(row.idle_lock_minutes);
        self.security_now().await
    }

    async fn clinic_currency(&self) -> Result<Currency> {
        let code = db::clinic::get(&self.db).await?.currency;
        Currency::from_code(&code).ok_or_else(|| Error::Corrupt(format!("unknown clinic currency {code:?}")))
    }

    async fn check_practitioner(&self, tx: &mut crate::ledger::Tx, p: Option<PractitionerId>) -> Result<()> {
        if let Some(p) = p {
            if db::practitioners::get(&mut **tx, p.0).await?.is_none() {
                return Err(Error::field("practitionerId", "not_found", "Choose a practitioner from the list."));
            }
        }
        Ok(())
    }

    /// A receptionist's online refunds of a day are capped by the owner:
    /// this one plus what they refunded through Stripe today.
    pub(crate) async fn allow_online_refund(&self, tx: &mut crate::ledger::Tx, amount: Money, now: &str) -> Result<()> {
        let Some((who, Role::Receptionist)) = self.acting_staff().zip(self.session_role()) else { return Ok(()) };
        let limit = db::clinic::security(&mut **tx).await?.receptionist_refund_limit_minor;
        let day = crate::ledger::cash_day_for(tx, now).await?;
        let done = db::account_entries::online_refunded_by(&mut **tx, who, &day).await?;
        if done + amount.minor > limit {
            let (limit, done) = (Money::new(limit, amount.currency), Money::new(done, amount.currency));
            return Err(Error::Refused {
                code: "forbidden",
                message: format!(
                    "A receptionist can refund up to {limit} a day through Stripe ({done} refunded today). \
                     Ask the owner to make this refund."
                ),
            });
        }
        Ok(())
    }
}

fn name_taken(e: Error, name: &StaffName) -> Error {
    match &e {
        Error::Database(db_err) if db::is_unique_violation(db_err, "name_key") => Error::field(
            "name",
            "taken",
            format!("{} is already a staff member: use another name (add an initial).", name.as_str()),
        ),
        _ => e,
    }
}

fn last_owner(e: Error) -> Error {
    match &e {
        Error::Database(sqlx::Error::Database(d)) if d.message().contains("staff_last_owner") => {
            Error::field("role", "last_owner", "The clinic needs an active owner: make someone else owner first.")
        }
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_staff_form_never_prints_its_pin() {
        let form = super::StaffForm { name: "Rita".into(), pin: "135790".into(), ..Default::default() };
        let printed = format!("{form:?}");
        assert!(printed.contains("Rita") && !printed.contains("135790"), "{printed}");
    }
}

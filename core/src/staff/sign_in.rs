//! The lock screen: the first owner, choosing your name, the PIN, and five
//! wrong PINs locking that member out for five minutes.

use super::gate::SignedIn;
use super::pin;
use crate::app::Clinicdesk;
use crate::db;
use crate::domain::{Pin, Role, StaffId, StaffName};
use crate::error::{Error, FieldErrors, Result};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use serde_json::json;

/// Wrong PINs in a row before the member is locked out, and for how long.
pub const PIN_TRIES: i64 = 5;
pub const LOCKOUT: SignedDuration = SignedDuration::from_mins(5);

/// What the lock screen may show: names and roles, nothing of patients.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LockScreen {
    /// No staff yet (a new clinic, or one upgraded to this version): the
    /// window asks for the owner first.
    pub needs_owner: bool,
    pub clinic_name: String,
    pub members: Vec<LockScreenMember>,
    pub signed_in: Option<SignedIn>,
    pub idle_lock_minutes: i64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LockScreenMember {
    pub id: StaffId,
    pub name: String,
    pub role: Role,
}

impl Clinicdesk {
    /// Open to anyone at the workstation: it is what the lock shows.
    pub async fn lock_screen(&self) -> Result<LockScreen> {
        let rows = db::staff::list(&self.db).await?;
        let clinic = db::clinic::get(&self.db).await?;
        let security = db::clinic::security(&self.db).await?;
        Ok(LockScreen {
            needs_owner: rows.is_empty(),
            clinic_name: clinic.name,
            members: rows
                .into_iter()
                .filter(|r| r.active)
                .map(|r| LockScreenMember { id: StaffId(r.id), name: r.name, role: r.role })
                .collect(),
            signed_in: self.signed_in(),
            idle_lock_minutes: security.idle_lock_minutes,
        })
    }

    /// The first staff member, on a clinic that has none: the owner, who is
    /// then signed in. Refused once anyone exists (the owner adds the rest).
    pub async fn create_owner(&self, name: &str, pin: &str) -> Result<SignedIn> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", StaffName::try_from(name));
        let pin = errors.check("pin", Pin::try_from(pin));
        errors.finish()?;
        let (name, pin) = (name.expect("checked"), pin.expect("checked"));
        let hash = pin::hash(&pin).await?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        if db::staff::count(&mut *tx).await? > 0 {
            return Err(Error::Refused {
                code: "owner_exists",
                message: "This clinic already has an owner: sign in with your PIN.".into(),
            });
        }
        let new = db::staff::NewStaff {
            name: name.as_str(),
            name_key: &name.key(),
            role: Role::Owner,
            practitioner_id: None,
            pin_hash: &hash,
        };
        let id = db::staff::insert(&mut *tx, new, &now).await?;
        let after = json!({ "name": name.as_str(), "role": "owner" });
        self.audit_by(&mut tx, Some(id), &now, "staff", id, "owner_created", (None, Some(after))).await?;
        tx.commit().await?;
        let who =
            SignedIn { id: StaffId(id), name: name.as_str().to_string(), role: Role::Owner, practitioner_id: None };
        let idle = db::clinic::security(&self.db).await?.idle_lock_minutes;
        self.start_session(who.clone(), idle);
        Ok(who)
    }

    /// Signs `id` in with `pin` (switching user if someone else was).
    /// One sign-in at a time, inside the write transaction: tries sent in
    /// parallel can't all pass the lockout check before the fifth is counted.
    pub async fn sign_in(&self, id: StaffId, pin: &str) -> Result<SignedIn> {
        let pin = Pin::try_from(pin).map_err(|e| Error::Validation(vec![e.at("pin")]))?;
        let now = self.now();
        let at = self.stamp();
        let mut tx = self.write().await?;
        let row = db::staff::get(&mut *tx, id.0)
            .await?
            .filter(|r| r.active)
            .ok_or(Error::NotFound { entity: "staff member", id: id.0 })?;
        let lockout = locked_until(&row.locked_until)?;
        if let Some(until) = lockout.filter(|u| *u > now) {
            return Err(locked_out(until, now));
        }
        let stored = db::staff::pin_hash(&mut *tx, id.0).await?;
        if !pin::verify(&pin, stored.0).await? {
            // A lockout that has run out starts the count again.
            let restart = lockout.is_some();
            let until = db::stamp(now + LOCKOUT);
            let failed = db::staff::pin_failed(&mut *tx, id.0, PIN_TRIES, &until, restart).await?;
            let action = if failed >= PIN_TRIES { "locked_out" } else { "wrong_pin" };
            self.audit_by(&mut tx, Some(id.0), &at, "staff", id.0, action, (None, Some(json!({ "failed": failed }))))
                .await?;
            tx.commit().await?;
            if failed >= PIN_TRIES {
                return Err(locked_out(now + LOCKOUT, now));
            }
            let left = PIN_TRIES - failed;
            return Err(Error::Validation(vec![crate::error::FieldError::new(
                "pin",
                "wrong_pin",
                format!("That PIN is not right. {left} more tries before a 5-minute lockout."),
            )
            .with("triesLeft", left)]));
        }
        db::staff::pin_accepted(&mut *tx, id.0).await?;
        self.audit_by(&mut tx, Some(id.0), &at, "staff", id.0, "signed_in", (None, None)).await?;
        let idle = db::clinic::security(&mut *tx).await?.idle_lock_minutes;
        tx.commit().await?;
        let who = SignedIn { id, name: row.name, role: row.role, practitioner_id: row.practitioner_id };
        self.start_session(who.clone(), idle);
        Ok(who)
    }

    /// The window saw a key or the mouse: the idle time starts again.
    pub fn keep_alive(&self) -> Result<SignedIn> {
        self.allow(crate::domain::Permission::SeeDay)
    }
}

fn locked_until(text: &Option<String>) -> Result<Option<Timestamp>> {
    text.as_deref()
        .map(|t| t.parse::<Timestamp>().map_err(|e| Error::Corrupt(format!("staff.locked_until {t:?}: {e}"))))
        .transpose()
}

fn locked_out(until: Timestamp, now: Timestamp) -> Error {
    let minutes = (until.duration_since(now).as_secs() + 59) / 60;
    Error::Refused {
        code: "pin_locked_out",
        message: format!(
            "Five wrong PINs: this name is locked for {minutes} more minute{}. Ask another staff member, or wait.",
            if minutes == 1 { "" } else { "s" }
        ),
    }
}

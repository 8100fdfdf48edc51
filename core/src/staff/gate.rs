//! The gate: who is signed in, whether the app has locked itself, and
//! whether their role may do what they ask.

use crate::app::Clinicdesk;
use crate::domain::{Permission, Role, StaffId};
use crate::error::{Error, Result};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    pub id: StaffId,
    pub name: String,
    pub role: Role,
    /// A practitioner's own column on the calendar.
    pub practitioner_id: Option<i64>,
}

impl SignedIn {
    /// For a practitioner, the one calendar column they see (`Some(-1)`,
    /// nobody's, when no practitioner is linked); None: every column.
    pub fn own_column(&self) -> Option<i64> {
        (self.role == Role::Practitioner).then(|| self.practitioner_id.unwrap_or(-1))
    }
}

#[derive(Debug)]
enum Who {
    /// Nobody: the lock screen.
    Locked,
    Staff {
        who: SignedIn,
        last_touch: Timestamp,
    },
    /// Clinicdesk's own background work (the payment watch, daily backups):
    /// it writes the audit log as nobody and may call no use case of the window.
    Background,
}

/// Shared by the clones of one `Clinicdesk`, so the window's commands all
/// see the same person.
#[derive(Debug, Clone)]
pub struct StaffSession(Arc<Mutex<Session>>);

#[derive(Debug)]
struct Session {
    who: Who,
    idle: SignedDuration,
    /// Who was signed in last: a call that passed the gate before the app
    /// locked still writes its audit row (and meets its limits) as them.
    last: Option<SignedIn>,
}

impl StaffSession {
    pub(crate) fn locked() -> StaffSession {
        StaffSession(Arc::new(Mutex::new(Session { who: Who::Locked, idle: SignedDuration::from_mins(5), last: None })))
    }
    pub(crate) fn background() -> StaffSession {
        StaffSession(Arc::new(Mutex::new(Session { who: Who::Background, idle: SignedDuration::ZERO, last: None })))
    }
    fn with<T>(&self, f: impl FnOnce(&mut Session) -> T) -> T {
        // A panic while holding it can't leave a half-made session: every
        // change is one assignment. Recover the guard rather than die.
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

pub(crate) fn locked_error() -> Error {
    Error::Refused { code: "locked", message: "Clinicdesk is locked. Choose your name and enter your PIN.".into() }
}

pub(crate) fn forbidden() -> Error {
    Error::Refused {
        code: "forbidden",
        message: "Your role can't do this. Ask the clinic's owner, or sign in as someone who can.".into(),
    }
}

impl Clinicdesk {
    /// Who may go on, or `locked` / `forbidden`. Each call counts as a touch:
    /// the idle time starts again.
    pub(crate) fn allow(&self, p: Permission) -> Result<SignedIn> {
        let now = self.now();
        self.session.with(|s| match &mut s.who {
            Who::Staff { who, last_touch } => {
                if now.duration_since(*last_touch) >= s.idle {
                    tracing::info!("locked after the idle time");
                    s.who = Who::Locked;
                    return Err(locked_error());
                }
                if !who.role.may(p) {
                    tracing::info!(role = who.role.as_str(), permission = ?p, "refused: not this role's to do");
                    return Err(forbidden());
                }
                *last_touch = now;
                Ok(who.clone())
            }
            Who::Locked => Err(locked_error()),
            Who::Background => Err(forbidden()),
        })
    }

    /// The staff member the audit log names for a change (None: Clinicdesk).
    pub(crate) fn acting_staff(&self) -> Option<i64> {
        self.acting().map(|w| w.id.0)
    }

    fn acting(&self) -> Option<SignedIn> {
        self.session.with(|s| match &s.who {
            Who::Staff { who, .. } => Some(who.clone()),
            Who::Locked => s.last.clone(),
            Who::Background => None,
        })
    }

    pub(crate) fn start_session(&self, who: SignedIn, idle_minutes: i64) {
        let now = self.now();
        self.session.with(|s| {
            s.idle = SignedDuration::from_mins(idle_minutes);
            s.last = Some(who.clone());
            s.who = Who::Staff { who, last_touch: now };
        });
    }

    pub(crate) fn set_idle(&self, idle_minutes: i64) {
        self.session.with(|s| s.idle = SignedDuration::from_mins(idle_minutes));
    }

    /// Locks now (the window's Lock button, or its own idle timer).
    pub fn lock(&self) {
        self.session.with(|s| {
            if matches!(s.who, Who::Staff { .. }) {
                s.who = Who::Locked;
            }
        });
    }

    /// The one signed in now, if the lock has not fallen.
    pub fn signed_in(&self) -> Option<SignedIn> {
        // Every role may see the day: None means locked.
        self.allow(Permission::SeeDay).ok()
    }

    /// A handle for background work: same database, its own session that
    /// writes the audit log as Clinicdesk and can't act for the window.
    pub fn background(&self) -> Clinicdesk {
        let mut desk = self.clone();
        desk.session = StaffSession::background();
        desk
    }
}

impl Clinicdesk {
    pub(crate) fn session_role(&self) -> Option<Role> {
        self.acting().map(|w| w.role)
    }

    /// The owner changed `id`: a session of theirs on this workstation takes
    /// the change at once (made inactive: locked).
    pub(crate) fn staff_changed(&self, id: StaffId, now_is: Option<SignedIn>) {
        self.session.with(|s| {
            if s.last.as_ref().is_some_and(|l| l.id == id) {
                s.last = now_is.clone();
            }
            let theirs = matches!(&s.who, Who::Staff { who, .. } if who.id == id);
            match now_is {
                Some(n) if theirs => {
                    if let Who::Staff { who, .. } = &mut s.who {
                        *who = n;
                    }
                }
                None if theirs => s.who = Who::Locked,
                _ => {}
            }
        });
    }
}

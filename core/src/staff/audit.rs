//! The owner's audit viewer: every change, who made it, on which workstation.

use crate::app::Clinicdesk;
use crate::db;
use crate::db::audit_log::AuditEntry;
use crate::domain::{Permission, StaffId};
use crate::error::{Error, FieldError, FieldErrors, Invalid, Result};
use jiff::civil;
use serde::{Deserialize, Serialize};

pub const PAGE: i64 = 100;

/// Filters, each optional: a staff member, a day range in the clinic's
/// time zone, a kind of thing changed; `before` pages back.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub staff: Option<StaffId>,
    pub from: Option<civil::Date>,
    pub to: Option<civil::Date>,
    pub kind: Option<String>,
    pub before: Option<i64>,
}

/// The viewer's filters as the window sends them; empty means any.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilterForm {
    pub staff_id: Option<i64>,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub before: Option<i64>,
}

impl TryFrom<AuditFilterForm> for AuditQuery {
    type Error = Error;
    fn try_from(f: AuditFilterForm) -> Result<AuditQuery> {
        let mut errors = FieldErrors::new();
        let date = |text: &str| -> std::result::Result<Option<civil::Date>, Invalid> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            text.parse().map(Some).map_err(|_| Invalid::new("invalid_date", "Enter a date such as 2026-11-28."))
        };
        let from = errors.check("from", date(&f.from)).flatten();
        let to = errors.check("to", date(&f.to)).flatten();
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                errors.push(FieldError::new("to", "before_from", "The end date is before the start date."));
            }
        }
        errors.finish()?;
        let kind = Some(f.kind.trim().to_string()).filter(|k| !k.is_empty());
        Ok(AuditQuery { staff: f.staff_id.map(StaffId), from, to, kind, before: f.before })
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; None at the end.
    pub next_before: Option<i64>,
    /// What the kind filter can choose from.
    pub kinds: Vec<String>,
}

impl Clinicdesk {
    pub async fn audit_log(&self, q: AuditQuery) -> Result<AuditPage> {
        self.allow(Permission::StaffAdmin)?;
        let tz = self.clinic_time_zone().await?;
        let start_of = |d: civil::Date| -> Result<String> {
            let at = d.to_zoned(tz.clone()).map_err(|e| Error::Corrupt(format!("day start: {e}")))?;
            // Stored stamps carry milliseconds only when not zero, and "."
            // sorts before "Z": a bound with ".000Z" compares right with both.
            Ok(at.timestamp().strftime("%Y-%m-%dT%H:%M:%S.000Z").to_string())
        };
        let from = q.from.map(start_of).transpose()?;
        let to =
            q.to.map(|d| d.tomorrow().map_err(|e| Error::Corrupt(e.to_string())).and_then(start_of)).transpose()?;
        let filter = db::audit_log::AuditFilter {
            staff_id: q.staff.map(|s| s.0),
            from: from.as_deref(),
            to: to.as_deref(),
            entity: q.kind.as_deref(),
            before_id: q.before,
            limit: PAGE + 1,
        };
        let mut entries = db::audit_log::search(&self.db, &filter).await?;
        let next_before = if entries.len() as i64 > PAGE {
            entries.truncate(PAGE as usize);
            entries.last().map(|e| e.id)
        } else {
            None
        };
        let kinds = db::audit_log::entities(&self.db).await?;
        Ok(AuditPage { entries, next_before, kinds })
    }
}

//! Table `audit_log`: append-only on both stores.

use serde::Serialize;

pub struct NewAuditEntry<'a> {
    pub at: &'a str,
    pub workstation: &'a str,
    pub staff_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: String,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub workstation: String,
    pub staff_id: Option<i64>,
    pub staff_name: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// What the owner's audit viewer asks for; `None` means any.
pub struct AuditFilter<'a> {
    pub staff_id: Option<i64>,
    /// UTC stamps: from (inclusive) and to (exclusive).
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub entity: Option<&'a str>,
    /// Entries older than this id (the next page), newest first.
    pub before_id: Option<i64>,
    pub limit: i64,
}

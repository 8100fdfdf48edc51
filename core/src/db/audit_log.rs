//! Table `audit_log`: append-only (triggers refuse UPDATE and DELETE).

use crate::error::Result;
use serde::Serialize;
use sqlx::{Executor, Sqlite};

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

pub async fn append(e: impl Executor<'_, Database = Sqlite>, entry: NewAuditEntry<'_>) -> Result<()> {
    let before = entry.before.map(|v| v.to_string());
    let after = entry.after.map(|v| v.to_string());
    sqlx::query!(
        "INSERT INTO audit_log (at, workstation, staff_id, entity, entity_id, action, before_json, after_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        entry.at,
        entry.workstation,
        entry.staff_id,
        entry.entity,
        entry.entity_id,
        entry.action,
        before,
        after
    )
    .execute(e)
    .await?;
    Ok(())
}

/// An entity's history, oldest first.
pub async fn for_entity(
    e: impl Executor<'_, Database = Sqlite>,
    entity: &str,
    entity_id: &str,
) -> Result<Vec<AuditEntry>> {
    Ok(sqlx::query_as!(
        AuditEntry,
        r#"SELECT a.id AS "id!", a.at, a.workstation, a.staff_id, s.name AS "staff_name?", a.entity, a.entity_id,
                  a.action, a.before_json, a.after_json
           FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
           WHERE a.entity = $1 AND a.entity_id = $2 ORDER BY a.id"#,
        entity,
        entity_id
    )
    .fetch_all(e)
    .await?)
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

pub async fn search(e: impl Executor<'_, Database = Sqlite>, f: &AuditFilter<'_>) -> Result<Vec<AuditEntry>> {
    Ok(sqlx::query_as!(
        AuditEntry,
        r#"SELECT a.id AS "id!", a.at, a.workstation, a.staff_id, s.name AS "staff_name?", a.entity, a.entity_id,
                  a.action, a.before_json, a.after_json
           FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
           WHERE ($1 IS NULL OR a.staff_id = $1) AND ($2 IS NULL OR a.at >= $2) AND ($3 IS NULL OR a.at < $3)
             AND ($4 IS NULL OR a.entity = $4) AND ($5 IS NULL OR a.id < $5)
           ORDER BY a.id DESC LIMIT $6"#,
        f.staff_id,
        f.from,
        f.to,
        f.entity,
        f.before_id,
        f.limit
    )
    .fetch_all(e)
    .await?)
}

/// The kinds of thing the log has entries for, for the viewer's filter.
pub async fn entities(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar!("SELECT DISTINCT entity FROM audit_log ORDER BY entity").fetch_all(e).await?)
}

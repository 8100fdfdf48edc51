//! Table `audit_log`: append-only (triggers refuse UPDATE and DELETE).

use crate::error::Result;
use serde::Serialize;
use sqlx::{Executor, Sqlite};

pub struct NewAuditEntry<'a> {
    pub at: &'a str,
    pub workstation: &'a str,
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
        "INSERT INTO audit_log (at, workstation, entity, entity_id, action, before_json, after_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        entry.at,
        entry.workstation,
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
        r#"SELECT id AS "id!", at, workstation, entity, entity_id, action, before_json, after_json
         FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id"#,
        entity,
        entity_id
    )
    .fetch_all(e)
    .await?)
}

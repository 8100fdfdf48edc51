//! Table `audit_log` on PostgreSQL: append-only (its triggers refuse UPDATE
//! and DELETE), the twin of core's `db::audit_log`.

use crate::error::Result;
use clinicdesk_domain::rows::audit_log::{AuditEntry, AuditFilter, NewAuditEntry};
use sqlx::{Executor, Postgres};

pub async fn append(e: impl Executor<'_, Database = Postgres>, entry: NewAuditEntry<'_>) -> Result<()> {
    let before = entry.before.map(|v| v.to_string());
    let after = entry.after.map(|v| v.to_string());
    sqlx::query_file!(
        "../queries/audit_log/append.sql",
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
    e: impl Executor<'_, Database = Postgres>,
    entity: &str,
    entity_id: &str,
) -> Result<Vec<AuditEntry>> {
    Ok(sqlx::query_file_as!(AuditEntry, "../queries/audit_log/for_entity.sql", entity, entity_id).fetch_all(e).await?)
}

pub async fn search(e: impl Executor<'_, Database = Postgres>, f: &AuditFilter<'_>) -> Result<Vec<AuditEntry>> {
    Ok(sqlx::query_as!(
        AuditEntry,
        r#"SELECT a.id, a.at, a.workstation, a.staff_id, s.name AS "staff_name?", a.entity, a.entity_id,
                  a.action, a.before_json, a.after_json
           FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
           WHERE ($1::bigint IS NULL OR a.staff_id = $1) AND ($2::text IS NULL OR a.at >= $2)
             AND ($3::text IS NULL OR a.at < $3) AND ($4::text IS NULL OR a.entity = $4)
             AND ($5::bigint IS NULL OR a.id < $5)
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
pub async fn entities(e: impl Executor<'_, Database = Postgres>) -> Result<Vec<String>> {
    Ok(sqlx::query_file_scalar!("../queries/audit_log/entities.sql").fetch_all(e).await?)
}

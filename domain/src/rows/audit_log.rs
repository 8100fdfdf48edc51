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

/// The `audit_log` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::audit_log_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/audit_log/` against its own database, from one copy of the code.
#[macro_export]
macro_rules! audit_log_queries {
    ($db:ty) => {
        pub use $crate::rows::audit_log::{AuditEntry, AuditFilter, NewAuditEntry};

        pub async fn append(e: impl sqlx::Executor<'_, Database = $db>, entry: NewAuditEntry<'_>) -> Result<()> {
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
            e: impl sqlx::Executor<'_, Database = $db>,
            entity: &str,
            entity_id: &str,
        ) -> Result<Vec<AuditEntry>> {
            Ok(sqlx::query_file_as!(AuditEntry, "../queries/audit_log/for_entity.sql", entity, entity_id)
                .fetch_all(e)
                .await?)
        }

        pub async fn search(
            e: impl sqlx::Executor<'_, Database = $db>,
            f: &AuditFilter<'_>,
        ) -> Result<Vec<AuditEntry>> {
            Ok(sqlx::query_file_as!(
                AuditEntry,
                "../queries/audit_log/search.sql",
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
        pub async fn entities(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Vec<String>> {
            Ok(sqlx::query_file_scalar!("../queries/audit_log/entities.sql").fetch_all(e).await?)
        }
    };
}

//! Table `audit_log`: append-only (triggers refuse UPDATE and DELETE).
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::audit_log`.

pub use clinicdesk_domain::rows::audit_log::*;
use clinicdesk_store_postgres::db::audit_log as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::audit_log_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn append(entry: NewAuditEntry<'_>) -> ();
    pub async fn for_entity(entity: &str, entity_id: &str) -> Vec<AuditEntry>;
    pub async fn search(f: &AuditFilter<'_>) -> Vec<AuditEntry>;
    pub async fn entities() -> Vec<String>;
}

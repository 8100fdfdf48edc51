//! Table `stripe_connection`: the connected account as last verified (one
//! row at most). The secret key is never here.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::stripe_connection`.

pub use clinicdesk_domain::rows::stripe_connection::*;
use clinicdesk_store_postgres::db::stripe_connection as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::stripe_connection_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn get() -> Option<ConnectionRow>;
    pub async fn replace(row: &ConnectionRow) -> ();
    pub async fn record_verification(key_status: clinicdesk_domain::KeyStatus, display_name: &str, country: &str, default_currency: &str, verified_at: &str) -> ();
    pub async fn delete() -> ();
}

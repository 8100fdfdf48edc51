//! Table `restores`: each backup put back, with the ids the replaced
//! database had reached (new rows are numbered above them).
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::restores`.

pub use clinicdesk_domain::rows::restores::*;
use clinicdesk_store_postgres::db::restores as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::restores_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert(r: &NewRestore<'_>, by: &str, at: &str) -> ();
    pub async fn stripe_floors() -> (i64, i64);
    pub async fn move_invoice_numbers_past(issued: i64) -> ();
}

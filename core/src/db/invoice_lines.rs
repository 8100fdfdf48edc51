//! Table `invoice_lines`: an invoice's lines as issued.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::invoice_lines`.

pub use clinicdesk_domain::rows::invoice_lines::*;
use clinicdesk_store_postgres::db::invoice_lines as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::invoice_lines_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert(invoice_id: i64, l: &LineRow) -> ();
    pub async fn of_invoice(invoice_id: i64) -> Vec<LineRow>;
    pub async fn delete_for(invoice_id: i64) -> ();
}

//! Table `mail_server`: the clinic's SMTP server (one row). The password is
//! in the OS keychain, not here.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::mail_server`.

pub use clinicdesk_domain::rows::mail_server::*;
use clinicdesk_store_postgres::db::mail_server as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::mail_server_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn get() -> Option<MailServerRow>;
    pub async fn save(row: &MailServerRow, now: &str) -> ();
}

//! Table `stripe_event_cursor`: the newest Stripe event already read.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::stripe_event_cursor`.

pub use clinicdesk_domain::rows::stripe_event_cursor::*;
use clinicdesk_store_postgres::db::stripe_event_cursor as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::stripe_event_cursor_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn get() -> Option<CursorRow>;
    pub async fn set(event_id: &str, created: i64, now: &str) -> ();
    pub async fn clear() -> ();
}

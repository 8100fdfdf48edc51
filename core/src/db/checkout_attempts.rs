//! Table `checkout_attempts`: one row per Checkout Session asked of Stripe.
//! Every status change names the status it expects, so the same news applied
//! twice changes nothing the second time.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::checkout_attempts`.

pub use clinicdesk_domain::rows::checkout_attempts::*;
use clinicdesk_store_postgres::db::checkout_attempts as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::checkout_attempts_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert_creating(a: &NewAttempt<'_>, now: &str) -> i64;
    pub async fn set_request(id: i64, key: &str, body: &str) -> ();
    pub async fn get(id: i64) -> Option<AttemptRow>;
    pub async fn by_session(session_id: &str) -> Option<AttemptRow>;
    pub async fn for_appointment(appointment_id: i64) -> Vec<AttemptRow>;
    pub async fn pending_for(appointment_id: i64) -> Option<AttemptRow>;
    pub async fn pending() -> Vec<AttemptRow>;
    pub async fn count_pending() -> i64;
    pub async fn mark_open(id: i64, session_id: &str, url: Option<&str>, expires_at: &str, now: &str) -> u64;
    pub async fn transition(id: i64, from: clinicdesk_domain::AttemptStatus, to: clinicdesk_domain::AttemptStatus, change: Change<'_>, now: &str) -> u64;
    pub async fn set_expire_key(id: i64, key: &str) -> ();
    pub async fn attach_session(id: i64, session_id: &str, now: &str) -> u64;
}

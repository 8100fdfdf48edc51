//! Table `refund_attempts`: one row per refund asked of Stripe, its key and
//! request stored before it is sent.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::refund_attempts`.

pub use clinicdesk_domain::rows::refund_attempts::*;
use clinicdesk_store_postgres::db::refund_attempts as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::refund_attempts_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert_creating(r: &NewRefund<'_>, now: &str) -> i64;
    pub async fn set_request(id: i64, key: &str, body: &str) -> ();
    pub async fn get(id: i64) -> Option<RefundRow>;
    pub async fn by_stripe_id(refund_id: &str) -> Option<RefundRow>;
    pub async fn pending() -> Vec<RefundRow>;
    pub async fn count_pending() -> i64;
    pub async fn transition(id: i64, from: clinicdesk_domain::RefundStatus, to: clinicdesk_domain::RefundStatus, stripe_refund_id: Option<&str>, failure_reason: Option<&str>, now: &str) -> u64;
}

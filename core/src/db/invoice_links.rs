//! Table `invoice_links`: an invoice's Stripe Payment Links. The key and
//! request are stored (status `creating`) and committed before the request
//! is sent; a re-send sends exactly those bytes with that key.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::invoice_links`.

pub use clinicdesk_domain::rows::invoice_links::*;
use clinicdesk_store_postgres::db::invoice_links as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::invoice_links_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn insert_creating(n: &NewLink<'_>, now: &str) -> i64;
    pub async fn set_request(id: i64, body: &str) -> ();
    pub async fn get(id: i64) -> Option<LinkRow>;
    pub async fn live_for(invoice_id: i64) -> Option<LinkRow>;
    pub async fn unsettled() -> Vec<LinkRow>;
    pub async fn count_unsettled() -> i64;
    pub async fn count_active() -> i64;
    pub async fn activate(id: i64, stripe_id: &str, url: &str, now: &str) -> u64;
    pub async fn start_retiring(id: i64, key: &str, now: &str) -> u64;
    pub async fn set_status(id: i64, from: clinicdesk_domain::LinkStatus, to: clinicdesk_domain::LinkStatus, now: &str) -> u64;
}

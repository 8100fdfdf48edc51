//! Table `attention_items`: what a person must look at about online
//! payments, until someone marks it dealt with.
//! Each operation runs on either store (see `db::Exec`); it is written once,
//! with what it does, in `clinicdesk_domain::rows::attention_items`.

pub use clinicdesk_domain::rows::attention_items::*;
use clinicdesk_store_postgres::db::attention_items as postgres;

mod sqlite {
    use crate::error::Result;

    clinicdesk_domain::attention_items_queries!(sqlx::Sqlite);
}

super::dispatch! {
    pub async fn raise(item: &NewItem<'_>, now: &str) -> bool;
    pub async fn open_items() -> Vec<ItemRow>;
    pub async fn get(id: i64) -> Option<ItemRow>;
    pub async fn count_open() -> i64;
    pub async fn resolve(id: i64, note: &str, now: &str) -> u64;
    pub async fn exists_for_session(kind: clinicdesk_domain::AttentionKind, session_id: &str) -> bool;
}

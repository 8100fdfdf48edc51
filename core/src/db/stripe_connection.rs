//! Table `stripe_connection`: the connected account as last verified (one
//! row at most). The secret key is never here.

use super::codec::KeyStatus;
use crate::error::Result;
use sqlx::{Executor, Sqlite};

#[derive(Debug, Clone)]
pub struct ConnectionRow {
    pub account_id: String,
    pub display_name: String,
    pub country: String,
    pub default_currency: String,
    pub livemode: bool,
    pub key_hint: String,
    pub restricted: bool,
    pub key_status: KeyStatus,
    pub connected_at: String,
    pub verified_at: String,
    /// `business_profile.url`, or empty.
    pub business_url: String,
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>) -> Result<Option<ConnectionRow>> {
    Ok(sqlx::query_as!(
        ConnectionRow,
        r#"SELECT account_id, display_name, country, default_currency, livemode AS "livemode: bool", key_hint,
                  restricted AS "restricted: bool", key_status AS "key_status: KeyStatus", connected_at, verified_at,
                  business_url
           FROM stripe_connection WHERE id = 1"#
    )
    .fetch_optional(e)
    .await?)
}

/// Stores a newly verified connection, replacing any earlier one.
pub async fn replace(e: impl Executor<'_, Database = Sqlite>, row: &ConnectionRow) -> Result<()> {
    sqlx::query!(
        "INSERT INTO stripe_connection (id, account_id, display_name, country, default_currency, livemode, key_hint,
                                        restricted, key_status, connected_at, verified_at, business_url)
         VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET
           account_id = excluded.account_id, display_name = excluded.display_name, country = excluded.country,
           default_currency = excluded.default_currency, livemode = excluded.livemode, key_hint = excluded.key_hint,
           restricted = excluded.restricted, key_status = excluded.key_status, connected_at = excluded.connected_at,
           verified_at = excluded.verified_at, business_url = excluded.business_url",
        row.account_id,
        row.display_name,
        row.country,
        row.default_currency,
        row.livemode,
        row.key_hint,
        row.restricted,
        row.key_status,
        row.connected_at,
        row.verified_at,
        row.business_url
    )
    .execute(e)
    .await?;
    Ok(())
}

/// Records a verification of the stored key: what Stripe now says about the
/// account, or that it refused the key.
pub async fn record_verification(
    e: impl Executor<'_, Database = Sqlite>,
    key_status: KeyStatus,
    display_name: &str,
    country: &str,
    default_currency: &str,
    verified_at: &str,
) -> Result<()> {
    sqlx::query!(
        "UPDATE stripe_connection
         SET key_status = $1, display_name = $2, country = $3, default_currency = $4, verified_at = $5
         WHERE id = 1",
        key_status,
        display_name,
        country,
        default_currency,
        verified_at
    )
    .execute(e)
    .await?;
    Ok(())
}

pub async fn delete(e: impl Executor<'_, Database = Sqlite>) -> Result<()> {
    sqlx::query!("DELETE FROM stripe_connection WHERE id = 1").execute(e).await?;
    Ok(())
}

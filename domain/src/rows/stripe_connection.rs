//! Table `stripe_connection`, as both stores read and write it.

use crate::KeyStatus;

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

/// The `stripe_connection` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::stripe_connection_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/stripe_connection/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! stripe_connection_queries {
    ($db:ty) => {
        pub use $crate::rows::stripe_connection::ConnectionRow;

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Option<ConnectionRow>> {
            Ok(sqlx::query_file_as!(ConnectionRow, "../queries/stripe_connection/get.sql").fetch_optional(e).await?)
        }

        /// Stores a newly verified connection, replacing any earlier one.
        pub async fn replace(e: impl sqlx::Executor<'_, Database = $db>, row: &ConnectionRow) -> Result<()> {
            let key_status = row.key_status.as_str();
            sqlx::query_file!(
                "../queries/stripe_connection/replace.sql",
                row.account_id,
                row.display_name,
                row.country,
                row.default_currency,
                row.livemode,
                row.key_hint,
                row.restricted,
                key_status,
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
            e: impl sqlx::Executor<'_, Database = $db>,
            key_status: $crate::KeyStatus,
            display_name: &str,
            country: &str,
            default_currency: &str,
            verified_at: &str,
        ) -> Result<()> {
            let key_status = key_status.as_str();
            sqlx::query_file!(
                "../queries/stripe_connection/record_verification.sql",
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

        pub async fn delete(e: impl sqlx::Executor<'_, Database = $db>) -> Result<()> {
            sqlx::query_file!("../queries/stripe_connection/delete.sql").execute(e).await?;
            Ok(())
        }
    };
}

//! Table `appointment_types`, as both stores read and write it.

use crate::PaymentMode;

/// A row as stored; core's `appointment_types` turns it into the domain type.
#[derive(Debug, Clone)]
pub struct TypeRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub duration_minutes: i64,
    pub price_minor: i64,
    pub currency: String,
    pub colour: String,
    pub display_order: i64,
    pub archived: bool,
    pub online_mode: PaymentMode,
    pub online_amount_rule: String,
    pub online_fixed_minor: Option<i64>,
    pub online_percent: Option<i64>,
    pub cancellation_fee_minor: Option<i64>,
    pub no_show_fee_minor: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

/// The columns a create or an edit writes.
pub struct TypeFields<'a> {
    pub name: &'a str,
    pub name_key: &'a str,
    pub description: &'a str,
    pub duration_minutes: i64,
    pub price_minor: i64,
    pub currency: &'a str,
    pub colour: &'a str,
    pub online_mode: PaymentMode,
    pub online_amount_rule: &'a str,
    pub online_fixed_minor: Option<i64>,
    pub online_percent: Option<i64>,
    pub cancellation_fee_minor: Option<i64>,
    pub no_show_fee_minor: Option<i64>,
}

/// The `appointment_types` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::appointment_types_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/appointment_types/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! appointment_types_queries {
    ($db:ty) => {
        pub use $crate::rows::appointment_types::{TypeFields, TypeRow};

        pub async fn list(e: impl sqlx::Executor<'_, Database = $db>, include_archived: bool) -> Result<Vec<TypeRow>> {
            Ok(sqlx::query_file_as!(TypeRow, "../queries/appointment_types/list.sql", include_archived)
                .fetch_all(e)
                .await?)
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<TypeRow>> {
            Ok(sqlx::query_file_as!(TypeRow, "../queries/appointment_types/get.sql", id).fetch_optional(e).await?)
        }

        /// Whether an active type other than `except_id` already has this name.
        pub async fn active_name_taken(
            e: impl sqlx::Executor<'_, Database = $db>,
            name_key: &str,
            except_id: i64,
        ) -> Result<bool> {
            let found =
                sqlx::query_file_scalar!("../queries/appointment_types/active_name_taken.sql", name_key, except_id)
                    .fetch_optional(e)
                    .await?;
            Ok(found.is_some())
        }

        pub async fn count_all(e: impl sqlx::Executor<'_, Database = $db>) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/appointment_types/count_all.sql").fetch_one(e).await?)
        }

        /// The position after the last active type.
        pub async fn next_display_order(e: impl sqlx::Executor<'_, Database = $db>) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/appointment_types/next_display_order.sql").fetch_one(e).await?)
        }

        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            f: &TypeFields<'_>,
            display_order: i64,
            now: &str,
        ) -> Result<i64> {
            let online_mode = f.online_mode.as_str();
            Ok(sqlx::query_file_scalar!(
                "../queries/appointment_types/insert.sql",
                f.name,
                f.name_key,
                f.description,
                f.duration_minutes,
                f.price_minor,
                f.currency,
                f.colour,
                display_order,
                online_mode,
                f.online_amount_rule,
                f.online_fixed_minor,
                f.online_percent,
                f.cancellation_fee_minor,
                f.no_show_fee_minor,
                now
            )
            .fetch_one(e)
            .await?)
        }

        pub async fn update(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            f: &TypeFields<'_>,
            now: &str,
        ) -> Result<()> {
            let online_mode = f.online_mode.as_str();
            sqlx::query_file!(
                "../queries/appointment_types/update.sql",
                f.name,
                f.name_key,
                f.description,
                f.duration_minutes,
                f.price_minor,
                f.currency,
                f.colour,
                online_mode,
                f.online_amount_rule,
                f.online_fixed_minor,
                f.online_percent,
                f.cancellation_fee_minor,
                f.no_show_fee_minor,
                now,
                id
            )
            .execute(e)
            .await?;
            Ok(())
        }

        pub async fn set_archived(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            archived: bool,
            display_order: i64,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/appointment_types/set_archived.sql", archived, display_order, now, id)
                .execute(e)
                .await?;
            Ok(())
        }

        /// The nearest active type above (`up`) or below the given position.
        pub async fn neighbour(
            e: impl sqlx::Executor<'_, Database = $db>,
            display_order: i64,
            up: bool,
        ) -> Result<Option<(i64, i64)>> {
            let row = sqlx::query_file!("../queries/appointment_types/neighbour.sql", up, display_order)
                .fetch_optional(e)
                .await?;
            Ok(row.map(|r| (r.id, r.display_order)))
        }

        pub async fn set_display_order(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            display_order: i64,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/appointment_types/set_display_order.sql", display_order, now, id)
                .execute(e)
                .await?;
            Ok(())
        }
    };
}

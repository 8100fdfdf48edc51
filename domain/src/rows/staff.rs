//! Table `staff`, as both stores read and write it.

use crate::Role;

#[derive(Debug, Clone)]
pub struct StaffRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub practitioner_id: Option<i64>,
    pub active: bool,
    pub failed_pins: i64,
    pub locked_until: Option<String>,
}

/// The stored hash, kept apart from the row so it is never serialised by accident.
pub struct PinHash(pub String);

pub struct NewStaff<'a> {
    pub name: &'a str,
    pub name_key: &'a str,
    pub role: Role,
    pub practitioner_id: Option<i64>,
    pub pin_hash: &'a str,
}

/// A member's details as the owner changed them.
pub struct StaffUpdate<'a> {
    pub name: &'a str,
    pub name_key: &'a str,
    pub role: Role,
    pub practitioner_id: Option<i64>,
    pub active: bool,
}

/// The `staff` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::staff_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/staff/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
#[macro_export]
macro_rules! staff_queries {
    ($db:ty) => {
        pub use $crate::rows::staff::{NewStaff, PinHash, StaffRow, StaffUpdate};

        pub async fn list(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Vec<StaffRow>> {
            Ok(sqlx::query_file_as!(StaffRow, "../queries/staff/list.sql").fetch_all(e).await?)
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<StaffRow>> {
            Ok(sqlx::query_file_as!(StaffRow, "../queries/staff/get.sql", id).fetch_optional(e).await?)
        }

        pub async fn pin_hash(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<PinHash> {
            Ok(PinHash(sqlx::query_file_scalar!("../queries/staff/pin_hash.sql", id).fetch_one(e).await?))
        }

        pub async fn count(e: impl sqlx::Executor<'_, Database = $db>) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/staff/count.sql").fetch_one(e).await?)
        }

        pub async fn insert(e: impl sqlx::Executor<'_, Database = $db>, s: NewStaff<'_>, now: &str) -> Result<i64> {
            let role = s.role.as_str();
            Ok(sqlx::query_file_scalar!(
                "../queries/staff/insert.sql",
                s.name,
                s.name_key,
                role,
                s.practitioner_id,
                s.pin_hash,
                now
            )
            .fetch_one(e)
            .await?)
        }

        pub async fn update(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            u: StaffUpdate<'_>,
            now: &str,
        ) -> Result<u64> {
            let role = u.role.as_str();
            Ok(sqlx::query_file!(
                "../queries/staff/update.sql",
                id,
                u.name,
                u.name_key,
                role,
                u.practitioner_id,
                u.active,
                now
            )
            .execute(e)
            .await?
            .rows_affected())
        }

        pub async fn set_pin(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            pin_hash: &str,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/staff/set_pin.sql", id, pin_hash, now).execute(e).await?;
            Ok(())
        }

        /// Counts a wrong PIN (from 1 again when `restart`: a lockout ran out);
        /// the `limit`th in a row sets `locked_until`. Returns the count.
        pub async fn pin_failed(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            limit: i64,
            until: &str,
            restart: bool,
        ) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/staff/pin_failed.sql", id, limit, until, restart)
                .fetch_one(e)
                .await?)
        }

        pub async fn pin_accepted(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<()> {
            sqlx::query_file!("../queries/staff/pin_accepted.sql", id).execute(e).await?;
            Ok(())
        }
    };
}

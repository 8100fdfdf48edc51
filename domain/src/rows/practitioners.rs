//! Table `practitioners`, as both stores read and write it.

#[derive(Debug, Clone)]
pub struct PractitionerRow {
    pub id: i64,
    pub name: String,
    pub active: bool,
    pub provider_number: Option<String>,
}

/// The `practitioners` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::practitioners_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/practitioners/` against its own database, from one copy of the code.
#[macro_export]
macro_rules! practitioners_queries {
    ($db:ty) => {
        pub use $crate::rows::practitioners::PractitionerRow;

        pub async fn list(
            e: impl sqlx::Executor<'_, Database = $db>,
            include_inactive: bool,
        ) -> Result<Vec<PractitionerRow>> {
            Ok(sqlx::query_file_as!(PractitionerRow, "../queries/practitioners/list.sql", include_inactive)
                .fetch_all(e)
                .await?)
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<PractitionerRow>> {
            Ok(sqlx::query_file_as!(PractitionerRow, "../queries/practitioners/get.sql", id).fetch_optional(e).await?)
        }

        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            name: &str,
            name_key: &str,
            now: &str,
        ) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/practitioners/insert.sql", name, name_key, now)
                .fetch_one(e)
                .await?)
        }

        pub async fn rename(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            name: &str,
            name_key: &str,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/practitioners/rename.sql", name, name_key, now, id).execute(e).await?;
            Ok(())
        }

        pub async fn set_active(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            active: bool,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/practitioners/set_active.sql", active, now, id).execute(e).await?;
            Ok(())
        }

        pub async fn set_provider_number(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            provider_number: Option<&str>,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!("../queries/practitioners/set_provider_number.sql", provider_number, now, id)
                .execute(e)
                .await?;
            Ok(())
        }
    };
}

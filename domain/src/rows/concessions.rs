//! Table `concessions`, as both stores read and write it.

#[derive(Debug, Clone)]
pub struct ConcessionRow {
    pub id: i64,
    pub name: String,
    pub percent: i64,
    pub archived: bool,
}

/// The `concessions` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::concessions_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/concessions/` against its own database, from one copy of the code.
#[macro_export]
macro_rules! concessions_queries {
    ($db:ty) => {
        pub use $crate::rows::concessions::ConcessionRow;

        pub async fn list(
            e: impl sqlx::Executor<'_, Database = $db>,
            include_archived: bool,
        ) -> Result<Vec<ConcessionRow>> {
            Ok(sqlx::query_file_as!(ConcessionRow, "../queries/concessions/list.sql", include_archived)
                .fetch_all(e)
                .await?)
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<ConcessionRow>> {
            Ok(sqlx::query_file_as!(ConcessionRow, "../queries/concessions/get.sql", id).fetch_optional(e).await?)
        }

        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            name: &str,
            name_key: &str,
            percent: i64,
            now: &str,
        ) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/concessions/insert.sql", name, name_key, percent, now)
                .fetch_one(e)
                .await?)
        }

        pub async fn set_archived(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            archived: bool,
            now: &str,
        ) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/concessions/set_archived.sql", archived, now, id)
                .execute(e)
                .await?
                .rows_affected())
        }
    };
}

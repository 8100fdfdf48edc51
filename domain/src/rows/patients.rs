//! Table `patients`, as both stores read and write it.

#[derive(Debug, Clone)]
pub struct PatientRow {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub date_of_birth: Option<String>,
    pub notes: String,
}

pub struct PatientFields<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub date_of_birth: Option<String>,
    pub notes: &'a str,
    pub name_key: String,
    pub rname_key: String,
    pub email_key: String,
    pub phone_digits: String,
}

/// The `patients` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::patients_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/patients/` against its own database, from one copy of the code.
#[macro_export]
macro_rules! patients_queries {
    ($db:ty) => {
        pub use $crate::rows::patients::{PatientFields, PatientRow};

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<PatientRow>> {
            Ok(sqlx::query_file_as!(PatientRow, "../queries/patients/get.sql", id).fetch_optional(e).await?)
        }

        pub async fn insert(
            e: impl sqlx::Executor<'_, Database = $db>,
            f: &PatientFields<'_>,
            now: &str,
        ) -> Result<i64> {
            Ok(sqlx::query_file_scalar!(
                "../queries/patients/insert.sql",
                f.first_name,
                f.last_name,
                f.email,
                f.phone,
                f.date_of_birth,
                f.notes,
                f.name_key,
                f.rname_key,
                f.email_key,
                f.phone_digits,
                now
            )
            .fetch_one(e)
            .await?)
        }

        pub async fn update(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            f: &PatientFields<'_>,
            now: &str,
        ) -> Result<()> {
            sqlx::query_file!(
                "../queries/patients/update.sql",
                f.first_name,
                f.last_name,
                f.email,
                f.phone,
                f.date_of_birth,
                f.notes,
                f.name_key,
                f.rname_key,
                f.email_key,
                f.phone_digits,
                now,
                id
            )
            .execute(e)
            .await?;
            Ok(())
        }

        /// Everyone, by last name: the list before anything is typed.
        pub async fn list(
            e: impl sqlx::Executor<'_, Database = $db>,
            limit: i64,
            offset: i64,
        ) -> Result<Vec<PatientRow>> {
            Ok(sqlx::query_file_as!(PatientRow, "../queries/patients/list.sql", limit, offset).fetch_all(e).await?)
        }

        /// Patients whose last name ("last first") starts with `prefix`, then
        /// those whose first name ("first last") does, each in its own index order.
        /// Each arm reads at most `limit + offset` rows through its index, so a short
        /// prefix matching thousands of patients costs no more than a long one.
        /// `upper` is the prefix with its last character bumped (a range scan).
        pub async fn search_names(
            e: impl sqlx::Executor<'_, Database = $db>,
            prefix: &str,
            upper: &str,
            limit: i64,
            offset: i64,
        ) -> Result<Vec<PatientRow>> {
            Ok(sqlx::query_file_as!(PatientRow, "../queries/patients/search_names.sql", prefix, upper, limit, offset)
                .fetch_all(e)
                .await?)
        }

        /// Patients whose email starts with `prefix`, in email order.
        pub async fn search_email(
            e: impl sqlx::Executor<'_, Database = $db>,
            prefix: &str,
            upper: &str,
            limit: i64,
            offset: i64,
        ) -> Result<Vec<PatientRow>> {
            Ok(sqlx::query_file_as!(PatientRow, "../queries/patients/search_email.sql", prefix, upper, limit, offset)
                .fetch_all(e)
                .await?)
        }

        /// Patients whose phone digits start with `digits`, in that order.
        pub async fn search_phone(
            e: impl sqlx::Executor<'_, Database = $db>,
            digits: &str,
            upper: &str,
            limit: i64,
            offset: i64,
        ) -> Result<Vec<PatientRow>> {
            Ok(sqlx::query_file_as!(PatientRow, "../queries/patients/search_phone.sql", digits, upper, limit, offset)
                .fetch_all(e)
                .await?)
        }
    };
}

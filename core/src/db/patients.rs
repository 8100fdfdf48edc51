//! Table `patients`, with prefix search on indexed, case-folded keys.

use crate::error::Result;
use sqlx::{Executor, Sqlite};

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

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<PatientRow>> {
    Ok(sqlx::query_as!(
        PatientRow,
        r#"SELECT id AS "id!", first_name, last_name, email, phone, date_of_birth, notes FROM patients WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, f: &PatientFields<'_>, now: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO patients (first_name, last_name, email, phone, date_of_birth, notes, name_key, rname_key,
                                 email_key, phone_digits, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
           RETURNING id AS "id!""#,
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

pub async fn update(e: impl Executor<'_, Database = Sqlite>, id: i64, f: &PatientFields<'_>, now: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE patients SET first_name = $1, last_name = $2, email = $3, phone = $4, date_of_birth = $5, notes = $6,
                             name_key = $7, rname_key = $8, email_key = $9, phone_digits = $10, updated_at = $11
         WHERE id = $12",
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
pub async fn list(e: impl Executor<'_, Database = Sqlite>, limit: i64, offset: i64) -> Result<Vec<PatientRow>> {
    Ok(sqlx::query_as!(
        PatientRow,
        r#"SELECT id AS "id!", first_name, last_name, email, phone, date_of_birth, notes
           FROM patients ORDER BY rname_key, id LIMIT $1 OFFSET $2"#,
        limit,
        offset
    )
    .fetch_all(e)
    .await?)
}

/// Patients whose last name ("last first") starts with `prefix`, then
/// those whose first name ("first last") does, each in its own index order.
/// Each arm reads at most `limit + offset` rows through its index, so a short
/// prefix matching thousands of patients costs no more than a long one.
/// `upper` is the prefix with its last character bumped (a range scan).
pub async fn search_names(
    e: impl Executor<'_, Database = Sqlite>,
    prefix: &str,
    upper: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<PatientRow>> {
    Ok(sqlx::query_as!(
        PatientRow,
        r#"SELECT id AS "id!", first_name, last_name, email, phone, date_of_birth, notes FROM (
             SELECT * FROM (SELECT id, first_name, last_name, email, phone, date_of_birth, notes, 0 AS arm,
                                   rname_key AS sort_key
                            FROM patients WHERE rname_key >= $1 AND rname_key < $2
                            ORDER BY rname_key, id LIMIT $3 + $4)
             UNION ALL
             SELECT * FROM (SELECT id, first_name, last_name, email, phone, date_of_birth, notes, 1 AS arm,
                                   name_key AS sort_key
                            FROM patients WHERE name_key >= $1 AND name_key < $2
                                            AND NOT (rname_key >= $1 AND rname_key < $2)
                            ORDER BY name_key, id LIMIT $3 + $4))
           ORDER BY arm, sort_key, id LIMIT $3 OFFSET $4"#,
        prefix,
        upper,
        limit,
        offset
    )
    .fetch_all(e)
    .await?)
}

/// Patients whose email starts with `prefix`, in email order.
pub async fn search_email(
    e: impl Executor<'_, Database = Sqlite>,
    prefix: &str,
    upper: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<PatientRow>> {
    Ok(sqlx::query_as!(
        PatientRow,
        r#"SELECT id AS "id!", first_name, last_name, email, phone, date_of_birth, notes FROM patients
           WHERE email_key >= $1 AND email_key < $2 AND email_key <> ''
           ORDER BY email_key, id LIMIT $3 OFFSET $4"#,
        prefix,
        upper,
        limit,
        offset
    )
    .fetch_all(e)
    .await?)
}

/// Patients whose phone digits start with `digits`, in that order.
pub async fn search_phone(
    e: impl Executor<'_, Database = Sqlite>,
    digits: &str,
    upper: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<PatientRow>> {
    Ok(sqlx::query_as!(
        PatientRow,
        r#"SELECT id AS "id!", first_name, last_name, email, phone, date_of_birth, notes FROM patients
           WHERE phone_digits >= $1 AND phone_digits < $2 AND phone_digits <> ''
           ORDER BY phone_digits, id LIMIT $3 OFFSET $4"#,
        digits,
        upper,
        limit,
        offset
    )
    .fetch_all(e)
    .await?)
}

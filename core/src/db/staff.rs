//! Table `staff`. The role is parsed here; core never compares its text.

use crate::domain::Role;
use crate::error::{Error, Result};
use sqlx::{Executor, Sqlite};

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

struct Raw {
    id: i64,
    name: String,
    role: String,
    practitioner_id: Option<i64>,
    active: bool,
    failed_pins: i64,
    locked_until: Option<String>,
}

impl TryFrom<Raw> for StaffRow {
    type Error = Error;
    fn try_from(r: Raw) -> Result<StaffRow> {
        let role = Role::parse(&r.role).map_err(|_| Error::Corrupt(format!("staff {} role {:?}", r.id, r.role)))?;
        Ok(StaffRow {
            id: r.id,
            name: r.name,
            role,
            practitioner_id: r.practitioner_id,
            active: r.active,
            failed_pins: r.failed_pins,
            locked_until: r.locked_until,
        })
    }
}

pub async fn list(e: impl Executor<'_, Database = Sqlite>) -> Result<Vec<StaffRow>> {
    sqlx::query_as!(
        Raw,
        r#"SELECT id AS "id!", name, role, practitioner_id, active AS "active: bool", failed_pins, locked_until
           FROM staff ORDER BY active DESC, name_key"#
    )
    .fetch_all(e)
    .await?
    .into_iter()
    .map(StaffRow::try_from)
    .collect()
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<StaffRow>> {
    sqlx::query_as!(
        Raw,
        r#"SELECT id AS "id!", name, role, practitioner_id, active AS "active: bool", failed_pins, locked_until
           FROM staff WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?
    .map(StaffRow::try_from)
    .transpose()
}

pub async fn pin_hash(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<PinHash> {
    Ok(PinHash(sqlx::query_scalar!("SELECT pin_hash FROM staff WHERE id = $1", id).fetch_one(e).await?))
}

pub async fn count(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(r#"SELECT count(*) AS "n!: i64" FROM staff"#).fetch_one(e).await?)
}

pub struct NewStaff<'a> {
    pub name: &'a str,
    pub name_key: &'a str,
    pub role: Role,
    pub practitioner_id: Option<i64>,
    pub pin_hash: &'a str,
}

pub async fn insert(e: impl Executor<'_, Database = Sqlite>, s: NewStaff<'_>, now: &str) -> Result<i64> {
    let role = s.role.as_str();
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO staff (name, name_key, role, practitioner_id, pin_hash, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id AS "id!""#,
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

/// A member's details as the owner changed them.
pub struct StaffUpdate<'a> {
    pub name: &'a str,
    pub name_key: &'a str,
    pub role: Role,
    pub practitioner_id: Option<i64>,
    pub active: bool,
}

pub async fn update(e: impl Executor<'_, Database = Sqlite>, id: i64, u: StaffUpdate<'_>, now: &str) -> Result<u64> {
    let role = u.role.as_str();
    Ok(sqlx::query!(
        "UPDATE staff SET name = $2, name_key = $3, role = $4, practitioner_id = $5, active = $6, updated_at = $7
         WHERE id = $1",
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

pub async fn set_pin(e: impl Executor<'_, Database = Sqlite>, id: i64, pin_hash: &str, now: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE staff SET pin_hash = $2, failed_pins = 0, locked_until = NULL, updated_at = $3 WHERE id = $1",
        id,
        pin_hash,
        now
    )
    .execute(e)
    .await?;
    Ok(())
}

/// Counts a wrong PIN (from 1 again when `restart`: a lockout ran out);
/// the `limit`th in a row sets `locked_until`. Returns the count.
pub async fn pin_failed(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    limit: i64,
    until: &str,
    restart: bool,
) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"UPDATE staff SET
               failed_pins = CASE WHEN $4 THEN 1 ELSE failed_pins + 1 END,
               locked_until = CASE WHEN (CASE WHEN $4 THEN 1 ELSE failed_pins + 1 END) >= $2 THEN $3
                                   WHEN $4 THEN NULL ELSE locked_until END
           WHERE id = $1 RETURNING failed_pins AS "failed!: i64""#,
        id,
        limit,
        until,
        restart
    )
    .fetch_one(e)
    .await?)
}

pub async fn pin_accepted(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<()> {
    sqlx::query!("UPDATE staff SET failed_pins = 0, locked_until = NULL WHERE id = $1", id).execute(e).await?;
    Ok(())
}

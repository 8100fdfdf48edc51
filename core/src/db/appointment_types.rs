//! Table `appointment_types`.

use crate::domain::PaymentMode;
use crate::error::Result;
use sqlx::{Executor, Sqlite};

/// A row as stored; `crate::appointment_types` turns it into the domain type.
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

pub async fn list(e: impl Executor<'_, Database = Sqlite>, include_archived: bool) -> Result<Vec<TypeRow>> {
    Ok(sqlx::query_as!(
        TypeRow,
        r#"SELECT id AS "id!", name, description, duration_minutes, price_minor, currency, colour, display_order,
                  archived AS "archived: bool", online_mode AS "online_mode: PaymentMode", online_amount_rule,
                  online_fixed_minor, online_percent, cancellation_fee_minor, no_show_fee_minor, created_at, updated_at
           FROM appointment_types
           WHERE archived = FALSE OR $1
           ORDER BY archived, display_order, id"#,
        include_archived
    )
    .fetch_all(e)
    .await?)
}

pub async fn get(e: impl Executor<'_, Database = Sqlite>, id: i64) -> Result<Option<TypeRow>> {
    Ok(sqlx::query_as!(
        TypeRow,
        r#"SELECT id AS "id!", name, description, duration_minutes, price_minor, currency, colour, display_order,
                  archived AS "archived: bool", online_mode AS "online_mode: PaymentMode", online_amount_rule,
                  online_fixed_minor, online_percent, cancellation_fee_minor, no_show_fee_minor, created_at, updated_at
           FROM appointment_types WHERE id = $1"#,
        id
    )
    .fetch_optional(e)
    .await?)
}

/// Whether an active type other than `except_id` already has this name.
pub async fn active_name_taken(
    e: impl Executor<'_, Database = Sqlite>,
    name_key: &str,
    except_id: i64,
) -> Result<bool> {
    let found = sqlx::query_scalar!(
        r#"SELECT id AS "id!: i64" FROM appointment_types
           WHERE name_key = $1 AND archived = FALSE AND id <> $2"#,
        name_key,
        except_id
    )
    .fetch_optional(e)
    .await?;
    Ok(found.is_some())
}

pub async fn count_all(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM appointment_types"#).fetch_one(e).await?)
}

/// The position after the last active type.
pub async fn next_display_order(e: impl Executor<'_, Database = Sqlite>) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COALESCE(MAX(display_order), 0) + 1 AS "n!: i64" FROM appointment_types WHERE archived = FALSE"#
    )
    .fetch_one(e)
    .await?)
}

pub async fn insert(
    e: impl Executor<'_, Database = Sqlite>,
    f: &TypeFields<'_>,
    display_order: i64,
    now: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO appointment_types
             (name, name_key, description, duration_minutes, price_minor, currency, colour, display_order,
              archived, online_mode, online_amount_rule, online_fixed_minor, online_percent, cancellation_fee_minor,
              no_show_fee_minor, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE, $9, $10, $11, $12, $13, $14, $15, $15)
           RETURNING id AS "id!: i64""#,
        f.name,
        f.name_key,
        f.description,
        f.duration_minutes,
        f.price_minor,
        f.currency,
        f.colour,
        display_order,
        f.online_mode,
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

pub async fn update(e: impl Executor<'_, Database = Sqlite>, id: i64, f: &TypeFields<'_>, now: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE appointment_types
         SET name = $1, name_key = $2, description = $3, duration_minutes = $4, price_minor = $5, currency = $6,
             colour = $7, online_mode = $8, online_amount_rule = $9, online_fixed_minor = $10,
             online_percent = $11, cancellation_fee_minor = $12, no_show_fee_minor = $13, updated_at = $14
         WHERE id = $15",
        f.name,
        f.name_key,
        f.description,
        f.duration_minutes,
        f.price_minor,
        f.currency,
        f.colour,
        f.online_mode,
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
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    archived: bool,
    display_order: i64,
    now: &str,
) -> Result<()> {
    sqlx::query!(
        "UPDATE appointment_types SET archived = $1, display_order = $2, updated_at = $3 WHERE id = $4",
        archived,
        display_order,
        now,
        id
    )
    .execute(e)
    .await?;
    Ok(())
}

/// The nearest active type above (`up`) or below the given position.
pub async fn neighbour(
    e: impl Executor<'_, Database = Sqlite>,
    display_order: i64,
    up: bool,
) -> Result<Option<(i64, i64)>> {
    let row = sqlx::query!(
        r#"SELECT id AS "id!: i64", display_order AS "display_order!: i64" FROM appointment_types
           WHERE archived = FALSE
             AND (($1 AND display_order < $2) OR (NOT $1 AND display_order > $2))
           ORDER BY CASE WHEN $1 THEN -display_order ELSE display_order END
           LIMIT 1"#,
        up,
        display_order
    )
    .fetch_optional(e)
    .await?;
    Ok(row.map(|r| (r.id, r.display_order)))
}

pub async fn set_display_order(
    e: impl Executor<'_, Database = Sqlite>,
    id: i64,
    display_order: i64,
    now: &str,
) -> Result<()> {
    sqlx::query!(
        "UPDATE appointment_types SET display_order = $1, updated_at = $2 WHERE id = $3",
        display_order,
        now,
        id
    )
    .execute(e)
    .await?;
    Ok(())
}

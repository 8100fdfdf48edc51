//! Table `attention_items`, as both stores read and write it.

use crate::AttentionKind;

pub struct NewItem<'a> {
    pub kind: AttentionKind,
    pub appointment_id: Option<i64>,
    pub attempt_id: Option<i64>,
    pub amount_minor: Option<i64>,
    pub currency: Option<&'a str>,
    /// What Stripe said, as JSON.
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct ItemRow {
    pub id: i64,
    pub kind: AttentionKind,
    pub appointment_id: Option<i64>,
    pub attempt_id: Option<i64>,
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub detail: String,
    pub raised_at: String,
    pub resolved_at: Option<String>,
    pub resolution: Option<String>,
}

/// The `attention_items` operations both stores share, over the database `$db`. Each
/// store's crate expands it (`clinicdesk_domain::attention_items_queries!(sqlx::Sqlite)`)
/// beside its own `Result`, so its own sqlx checks each query in
/// `queries/attention_items/` against its own database, from one copy of the code.
/// Enums are bound as their text (see `appointments_queries!`).
/// Whether an item's detail (JSON) names this very Checkout Session.
pub fn names_session(detail: &str, session_id: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(detail)
        .ok()
        .is_some_and(|d| d.get("checkoutSessionId").and_then(|s| s.as_str()) == Some(session_id))
}

#[macro_export]
macro_rules! attention_items_queries {
    ($db:ty) => {
        pub use $crate::rows::attention_items::{ItemRow, NewItem};

        /// Raises an item; the same kind for the same attempt is raised once.
        /// Returns whether a new item was added.
        pub async fn raise(e: impl sqlx::Executor<'_, Database = $db>, item: &NewItem<'_>, now: &str) -> Result<bool> {
            let kind = item.kind.as_str();
            Ok(sqlx::query_file!(
                "../queries/attention_items/raise.sql",
                kind,
                item.appointment_id,
                item.attempt_id,
                item.amount_minor,
                item.currency,
                item.detail,
                now
            )
            .execute(e)
            .await?
            .rows_affected()
                == 1)
        }

        /// Items nobody has dealt with yet, oldest first.
        pub async fn open_items(e: impl sqlx::Executor<'_, Database = $db>) -> Result<Vec<ItemRow>> {
            Ok(sqlx::query_file_as!(ItemRow, "../queries/attention_items/open_items.sql").fetch_all(e).await?)
        }

        pub async fn get(e: impl sqlx::Executor<'_, Database = $db>, id: i64) -> Result<Option<ItemRow>> {
            Ok(sqlx::query_file_as!(ItemRow, "../queries/attention_items/get.sql", id).fetch_optional(e).await?)
        }

        pub async fn count_open(e: impl sqlx::Executor<'_, Database = $db>) -> Result<i64> {
            Ok(sqlx::query_file_scalar!("../queries/attention_items/count_open.sql").fetch_one(e).await?)
        }

        /// Marks an item dealt with; 0 rows when someone already did.
        pub async fn resolve(
            e: impl sqlx::Executor<'_, Database = $db>,
            id: i64,
            note: &str,
            now: &str,
        ) -> Result<u64> {
            Ok(sqlx::query_file!("../queries/attention_items/resolve.sql", now, note, id)
                .execute(e)
                .await?
                .rows_affected())
        }

        /// Whether an item of `kind` already names this Checkout Session (items
        /// without an attempt are told apart by the session in their detail).
        /// LIKE only narrows the rows: it ignores case on SQLite and not on
        /// PostgreSQL, and `_` in an id matches any character, so the session
        /// is compared exactly here, the same on both.
        pub async fn exists_for_session(
            e: impl sqlx::Executor<'_, Database = $db>,
            kind: $crate::AttentionKind,
            session_id: &str,
        ) -> Result<bool> {
            let kind = kind.as_str();
            let needle = format!("%\"checkoutSessionId\":\"{session_id}\"%");
            let details = sqlx::query_file_scalar!("../queries/attention_items/exists_for_session.sql", kind, needle)
                .fetch_all(e)
                .await?;
            Ok(details.iter().any(|d| $crate::rows::attention_items::names_session(d, session_id)))
        }
    };
}

#[cfg(test)]
mod tests {
    use super::names_session;

    #[test]
    fn a_session_is_named_exactly() {
        let detail = r#"{"checkoutSessionId":"cs_test_AbC1","amountMinor":4500}"#;
        assert!(names_session(detail, "cs_test_AbC1"));
        // What LIKE lets through on one database or the other.
        assert!(!names_session(detail, "cs_test_abc1"), "case counts");
        assert!(!names_session(detail, "cs_testXAbC1"), "an underscore is a character, not a wildcard");
        assert!(!names_session(detail, "cs_test_AbC"), "the whole id");
        assert!(!names_session("not json", "cs_test_AbC1"));
    }
}

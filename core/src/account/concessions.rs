//! Settings → Concessions: the clinic's standing discounts ("Pensioner
//! 20 %"), offered when discounting. Archived, never deleted: entries keep
//! pointing at them.

use super::forms::ConcessionDraft;
use crate::app::Clinicdesk;
use crate::db;
use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Concession {
    pub id: i64,
    pub name: String,
    pub percent: i64,
    pub archived: bool,
}

impl Clinicdesk {
    pub async fn concessions(&self, include_archived: bool) -> Result<Vec<Concession>> {
        self.allow(crate::domain::Permission::Money)?;
        Ok(db::concessions::list(&self.db, include_archived)
            .await?
            .into_iter()
            .map(|c| Concession { id: c.id, name: c.name, percent: c.percent, archived: c.archived })
            .collect())
    }

    pub async fn create_concession(&self, draft: ConcessionDraft) -> Result<Vec<Concession>> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        let key = draft.name.to_lowercase();
        let id = match db::concessions::insert(&mut *tx, &draft.name, &key, i64::from(draft.percent.get()), &now).await
        {
            Err(Error::Database(e)) if db::is_unique_violation(&e, "name_key") => {
                return Err(Error::field("name", "name_taken", "There is already a concession with this name."))
            }
            other => other?,
        };
        let after = json!({ "name": draft.name, "percent": draft.percent.get() });
        self.audit(&mut tx, &now, "concession", id, "created", (None, Some(after))).await?;
        tx.commit().await?;
        self.concessions(true).await
    }

    pub async fn archive_concession(&self, id: i64) -> Result<Vec<Concession>> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        let now = self.stamp();
        let mut tx = self.write().await?;
        if db::concessions::set_archived(&mut *tx, id, true, &now).await? == 0 {
            return Err(Error::NotFound { entity: "concession", id });
        }
        self.audit(&mut tx, &now, "concession", id, "archived", (None, None)).await?;
        tx.commit().await?;
        self.concessions(true).await
    }
}

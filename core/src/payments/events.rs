//! Reading Stripe's event list for checkout and refund news (a desktop app
//! receives no webhooks). Every page is read (`has_more`) and applied oldest first; an
//! event that can't be read is passed over; a cursor Stripe no longer knows
//! (events are kept 30 days) is recognised by Stripe's `resource_missing` at
//! `ending_before`, and reading resumes from the cursor's time instead.

use crate::app::Clinicdesk;
use crate::db;
use crate::error::Result;
use crate::secrets::StripeSecret;
use crate::stripe::{BillingError, EventEntry, EventPageQuery};

const PAGE: u8 = 100;
/// Stripe lists events of the last 30 days.
const RETENTION: i64 = 30 * 24 * 3600;
/// Events a little older than the cursor's time are read again on a resume
/// (applying news twice changes nothing).
const OVERLAP: i64 = 60;

impl Clinicdesk {
    /// Applies checkout events newer than the stored cursor, oldest first,
    /// and moves the cursor to the newest read. Returns the appointments
    /// that changed.
    pub(crate) async fn read_checkout_events(
        &self,
        key: &StripeSecret,
        oldest_pending: Option<i64>,
    ) -> Result<Vec<i64>> {
        let cursor = db::stripe_event_cursor::get(&self.db).await?;
        let events = match &cursor {
            Some(c) => match self.events_newer_than(key, &c.last_event_id).await {
                Err(e) if e.is_missing("ending_before") => {
                    tracing::warn!("Stripe no longer knows the event cursor; reading from its time instead");
                    self.events_since(key, c.last_created - OVERLAP).await
                }
                other => other,
            },
            None => {
                // First read: from the oldest attempt that was waiting (its
                // news may already be there), or from now.
                let since = oldest_pending.unwrap_or_else(|| self.now().as_second());
                self.events_since(key, since - OVERLAP).await
            }
        };
        let events = events.map_err(crate::stripe::payment_billing_error)?;
        let mut changed = Vec::new();
        // Oldest first: a session's news arrive in the order they happened.
        for event in &events {
            match event {
                EventEntry::Checkout { kind, session, .. } => {
                    changed.extend(self.apply_session(session, Some(*kind)).await?)
                }
                EventEntry::Refund { refund, .. } => changed.extend(self.apply_refund(refund, None).await?),
                EventEntry::Unreadable { .. } => {}
            }
        }
        if let Some(newest) = events.last() {
            db::stripe_event_cursor::set(&self.db, newest.id(), newest.created(), &self.stamp()).await?;
        }
        Ok(changed)
    }

    /// Every event newer than `cursor`, oldest first.
    async fn events_newer_than(
        &self,
        key: &StripeSecret,
        cursor: &str,
    ) -> std::result::Result<Vec<EventEntry>, BillingError> {
        let mut all = Vec::new();
        let mut cursor = cursor.to_string();
        loop {
            let page = self.billing.list_events(key, &EventPageQuery::NewerThan(cursor.clone()), PAGE).await?;
            // Each page is newest first and holds the events just after the
            // cursor; the next page starts after its newest.
            let Some(newest) = page.events.first() else { break };
            cursor = newest.id().to_string();
            all.extend(page.events.into_iter().rev());
            if !page.has_more {
                break;
            }
        }
        Ok(all)
    }

    /// Every event created at or after `since` (within Stripe's 30 days),
    /// oldest first.
    async fn events_since(&self, key: &StripeSecret, since: i64) -> std::result::Result<Vec<EventEntry>, BillingError> {
        let since = since.max(self.now().as_second() - RETENTION);
        let mut newest_first = Vec::new();
        let mut starting_after = None;
        loop {
            let query = EventPageQuery::Since { created_gte: since, starting_after: starting_after.clone() };
            let page = self.billing.list_events(key, &query, PAGE).await?;
            let Some(oldest) = page.events.last() else { break };
            starting_after = Some(oldest.id().to_string());
            newest_first.extend(page.events);
            if !page.has_more {
                break;
            }
        }
        newest_first.reverse();
        Ok(newest_first)
    }
}

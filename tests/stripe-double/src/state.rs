//! What the double remembers: accounts by key, sessions, events, saved
//! idempotent results, every request it received, and failures to inject.

use crate::form::Params;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// A Stripe account, reached with one or more secret keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub livemode: bool,
    pub display_name: String,
    /// `business_profile.url`, the account's public website.
    pub business_url: Option<String>,
}

/// A way for one request to go wrong on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The request never reaches Stripe; the client waits until it gives up.
    Unreachable,
    /// Stripe does the work (and saves the idempotent result), but the
    /// answer never arrives: the client gives up waiting.
    AnswerLost,
    /// Stripe answers 500 before doing anything.
    ServerError,
    /// Stripe answers 400 with this code at this parameter.
    Refused { code: &'static str, param: &'static str },
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub params: Params,
    pub idempotency_key: Option<String>,
    /// The account the key belongs to, when the double knew the key.
    pub account: Option<String>,
    pub status: u16,
    /// Answered from a saved idempotent result.
    pub replayed: bool,
    /// Seconds, on the double's clock.
    pub at: i64,
}

pub(crate) struct Saved {
    pub method: String,
    pub path: String,
    pub params: Params,
    pub status: u16,
    pub body: Value,
    pub at: i64,
}

#[derive(Clone)]
pub(crate) struct Owned {
    pub account: String,
    pub object: Value,
}

#[derive(Default)]
pub(crate) struct State {
    pub keys: HashMap<String, Account>,
    pub sessions: Vec<Owned>,
    pub events: Vec<Owned>,
    /// PaymentIntents of paid sessions (what a refund refers to).
    pub intents: Vec<Owned>,
    pub refunds: Vec<Owned>,
    pub payment_links: Vec<Owned>,
    /// New refunds succeed at once (as many card refunds do) instead of
    /// starting `pending`.
    pub refunds_succeed_at_once: bool,
    pub idempotency: HashMap<(String, String), Saved>,
    pub requests: Vec<Recorded>,
    pub failures: VecDeque<(String, Failure)>,
    pub counter: u64,
}

impl State {
    pub fn next_id(&mut self, prefix: &str, livemode: bool) -> String {
        self.counter += 1;
        let mode = if livemode { "live" } else { "test" };
        match prefix {
            "cs" => format!("cs_{mode}_a1Double{:06}", self.counter),
            _ => format!("{prefix}_1Double{:06}", self.counter),
        }
    }

    pub fn session_mut(&mut self, account: &str, id: &str) -> Option<&mut Value> {
        self.sessions.iter_mut().find(|s| s.account == account && s.object["id"] == id).map(|s| &mut s.object)
    }

    pub fn account_of_session(&self, id: &str) -> Option<String> {
        self.sessions.iter().find(|s| s.object["id"] == id).map(|s| s.account.clone())
    }
}

/// The double's own clock: the system's, moved on by tests that need time
/// to pass (a hold running out, a key forgotten after 24 hours).
#[derive(Clone, Default)]
pub struct Clock(pub Arc<AtomicI64>);

impl Clock {
    pub fn now(&self) -> i64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
            + self.0.load(Ordering::SeqCst)
    }

    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }

    /// Seconds the clock is ahead of the system's.
    pub fn offset(&self) -> Arc<AtomicI64> {
        self.0.clone()
    }
}

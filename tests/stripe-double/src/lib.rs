//! A strict, stateful stand-in for Stripe's API, served on a loopback port by
//! wiremock, shared by core's tests and the end-to-end tests.
//!
//! It refuses what Stripe refuses, with Stripe's error objects (rules.rs
//! cites the API reference for each rule), keeps what Stripe keeps (sessions
//! per account, events for 30 days, idempotent results for 24 hours), and
//! lets a test play the patient (pay, pay by bank debit, walk away), the
//! network (an answer lost, Stripe unreachable) and time (`advance`).

mod checkout;
mod error;
mod events;
pub mod form;
mod objects;
mod payment_links;
mod refunds;
mod respond;
pub mod rules;
mod state;

pub use error::StripeError;
pub use form::Params;
pub use state::{Account, Clock, Failure, Recorded};

use serde_json::{json, Value};
use state::{Owned, State};
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex, MutexGuard};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

pub struct StripeDouble {
    server: MockServer,
    state: Arc<Mutex<State>>,
    clock: Clock,
}

/// The account most tests use: Harbourside Physio, test mode, with a website.
pub fn harbourside() -> Account {
    Account {
        id: "acct_1QHarbourside01".into(),
        livemode: false,
        display_name: "Harbourside Physio".into(),
        business_url: Some("https://harbourside.example/".into()),
    }
}

impl StripeDouble {
    pub async fn start() -> StripeDouble {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        let clock = Clock::default();
        Mock::given(any())
            .respond_with(respond::Handler { state: state.clone(), clock: clock.clone() })
            .mount(&server)
            .await;
        StripeDouble { server, state, clock }
    }

    /// The base URL to hand the app (`CLINICDESK_STRIPE_API_BASE`); ends with `/`.
    pub fn uri(&self) -> String {
        format!("{}/", self.server.uri())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("double state")
    }

    /// Requests made with `secret` act on `account`.
    pub fn add_key(&self, secret: &str, account: Account) {
        self.state().keys.insert(secret.to_string(), account);
    }

    /// The key is revoked: Stripe answers 401 from now on.
    pub fn revoke_key(&self, secret: &str) {
        self.state().keys.remove(secret);
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Moves the double's clock (sessions expire, keys and events age).
    pub fn advance(&self, seconds: i64) {
        self.clock.advance(seconds);
    }

    /// The shared offset, so an app under test can follow the same clock.
    pub fn clock_offset(&self) -> Arc<AtomicI64> {
        self.clock.offset()
    }

    /// The next request whose path starts with `path` goes wrong this way.
    pub fn fail_next(&self, path: &str, failure: Failure) {
        self.state().failures.push_back((path.to_string(), failure));
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state().requests.clone()
    }

    /// `POST /v1/checkout/sessions` requests Stripe answered with a new session.
    pub fn sessions_created(&self) -> usize {
        self.state().sessions.len()
    }

    pub fn sessions(&self) -> Vec<Value> {
        self.state().sessions.iter().map(|s| s.object.clone()).collect()
    }

    pub fn session(&self, id: &str) -> Value {
        self.sessions().into_iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("no session {id}"))
    }

    /// The newest session (the link the patient was just given).
    pub fn last_session(&self) -> Value {
        self.sessions().pop().expect("no session was created")
    }

    fn change(&self, id: &str, event: &str, edit: impl FnOnce(&mut Value)) -> Value {
        let now = self.clock.now();
        let mut state = self.state();
        checkout::expire_due(&mut state, now);
        let account = state.account_of_session(id).unwrap_or_else(|| panic!("no session {id}"));
        let status = state.session_mut(&account, id).map(|s| s["status"].clone());
        assert_eq!(status, Some(json!("open")), "session {id} is not open, so it can't be completed");
        checkout::change(&mut state, &account, id, now, event, edit)
    }

    /// A session's PaymentIntent: `succeeded` with what was paid, or
    /// `processing` while a bank debit clears.
    fn intent(&self, session: &Value, status: &str) {
        let mut state = self.state();
        let id = session["payment_intent"].as_str().unwrap_or_default().to_string();
        let account = state.account_of_session(session["id"].as_str().unwrap_or_default()).unwrap_or_default();
        state.intents.retain(|i| i.object["id"] != id.as_str());
        let object = json!({ "id": id, "object": "payment_intent", "status": status,
                             "amount": session["amount_total"], "currency": session["currency"],
                             "amount_received": if status == "succeeded" { session["amount_total"].clone() } else { json!(0) },
                             "livemode": session["livemode"] });
        state.intents.push(Owned { account, object });
    }

    /// New refunds succeed at once, or (the default) start `pending`.
    pub fn refunds_succeed_at_once(&self, yes: bool) {
        self.state().refunds_succeed_at_once = yes;
    }

    /// The bank answers a pending refund.
    pub fn settle_refund(&self, id: &str, succeeded: bool) -> Value {
        let now = self.clock.now();
        refunds::settle(&mut self.state(), id, succeeded, now)
    }

    pub fn refunds(&self) -> Vec<Value> {
        self.state().refunds.iter().map(|r| r.object.clone()).collect()
    }

    /// The session's time is up (as if its `expires_at` had come): Stripe
    /// expires it and says so.
    pub fn expire_session(&self, id: &str) -> Value {
        self.change(id, "checkout.session.expired", |s| {
            s["status"] = json!("expired");
            s["url"] = Value::Null;
        })
    }

    /// The patient pays by card: `complete` and `paid`.
    pub fn pay(&self, id: &str) -> Value {
        let pi = checkout::payment_intent_id(id);
        let session = self.change(id, "checkout.session.completed", |s| {
            s["status"] = json!("complete");
            s["payment_status"] = json!("paid");
            s["payment_intent"] = json!(pi);
            s["url"] = Value::Null;
        });
        self.intent(&session, "succeeded");
        session
    }

    /// The patient pays, but Stripe reports other figures than were asked
    /// (as after a currency conversion, or a session tampered with).
    pub fn pay_reporting(&self, id: &str, amount_total: i64, currency: &str, livemode: bool) -> Value {
        let pi = checkout::payment_intent_id(id);
        let currency = currency.to_string();
        let session = self.change(id, "checkout.session.completed", |s| {
            s["status"] = json!("complete");
            s["payment_status"] = json!("paid");
            s["payment_intent"] = json!(pi);
            s["url"] = Value::Null;
            s["amount_total"] = json!(amount_total);
            s["currency"] = json!(currency);
            s["livemode"] = json!(livemode);
        });
        self.intent(&session, "succeeded");
        session
    }

    /// The patient pays by a delayed method (a bank debit): the session is
    /// `complete` but `unpaid` until the bank answers.
    pub fn pay_by_bank_debit(&self, id: &str) -> Value {
        let pi = checkout::payment_intent_id(id);
        let session = self.change(id, "checkout.session.completed", |s| {
            s["status"] = json!("complete");
            s["payment_status"] = json!("unpaid");
            s["payment_intent"] = json!(pi);
            s["url"] = Value::Null;
        });
        self.intent(&session, "processing");
        session
    }

    fn settle(&self, id: &str, event: &str, paid: bool) -> Value {
        let now = self.clock.now();
        let mut state = self.state();
        let account = state.account_of_session(id).unwrap_or_else(|| panic!("no session {id}"));
        let s = state.session_mut(&account, id).expect("session");
        assert!(s["status"] == "complete" && s["payment_status"] == "unpaid", "session {id} is not processing");
        checkout::change(&mut state, &account, id, now, event, |s| {
            if paid {
                s["payment_status"] = json!("paid");
            }
        })
    }

    /// The bank debit went through.
    pub fn async_payment_succeeded(&self, id: &str) -> Value {
        let session = self.settle(id, "checkout.session.async_payment_succeeded", true);
        self.intent(&session, "succeeded");
        session
    }

    /// The bank debit failed.
    pub fn async_payment_failed(&self, id: &str) -> Value {
        self.settle(id, "checkout.session.async_payment_failed", false)
    }

    /// Payment Links as Stripe shows them, oldest first.
    pub fn payment_links(&self) -> Vec<Value> {
        self.state().payment_links.iter().map(|l| payment_links::public(l.object.clone())).collect()
    }

    /// The patient opens a Payment Link and pays it by card: Stripe makes a
    /// Checkout Session for the link (with the link's metadata and
    /// `payment_link`), completes it, and counts it against the link's
    /// `restrictions[completed_sessions][limit]`. An inactive link can't be
    /// paid (Stripe shows its inactive message instead).
    pub fn pay_link(&self, url_or_id: &str) -> Value {
        let now = self.clock.now();
        let session = {
            let mut state = self.state();
            let index = state
                .payment_links
                .iter()
                .position(|l| l.object["id"] == url_or_id || l.object["url"] == url_or_id)
                .unwrap_or_else(|| panic!("no payment link {url_or_id}"));
            let link = state.payment_links[index].clone();
            assert_eq!(link.object["active"], json!(true), "payment link {url_or_id} is inactive: it can't be paid");
            let livemode = link.object["livemode"].as_bool().unwrap_or(false);
            let id = state.next_id("cs", livemode);
            let account = state.keys.values().find(|a| a.id == link.account).cloned().expect("the link's account");
            let create = rules::CheckoutCreate {
                mode: "payment".into(),
                currency: link.object["currency"].as_str().unwrap_or("").to_string(),
                amount_total: link.object["x_double"]["amount_total"].as_i64().unwrap_or(0),
                expires_at: None,
            };
            let mut s = objects::session(&id, &account, &Params::default(), &create, now);
            s["metadata"] = link.object["metadata"].clone();
            s["payment_link"] = link.object["id"].clone();
            s["success_url"] = Value::Null;
            s["cancel_url"] = Value::Null;
            state.sessions.push(state::Owned { account: link.account.clone(), object: s });
            let l = &mut state.payment_links[index].object;
            if let Some(limit) = l["restrictions"]["completed_sessions"]["limit"].as_i64() {
                let count = l["restrictions"]["completed_sessions"]["count"].as_i64().unwrap_or(0) + 1;
                l["restrictions"]["completed_sessions"]["count"] = json!(count);
                if count >= limit {
                    l["active"] = json!(false);
                }
            }
            id
        };
        self.pay(&session)
    }

    /// `count` checkout events of sessions this app never made (another
    /// integration on the same account), all now.
    pub fn foreign_events(&self, account: &str, count: usize) {
        let now = self.clock.now();
        let mut state = self.state();
        for i in 0..count {
            let id = state.next_id("evt", false);
            let session = json!({ "id": format!("cs_test_foreign{i}"), "object": "checkout.session" });
            let event = objects::event(&id, "checkout.session.completed", now, false, session);
            state.events.push(Owned { account: account.to_string(), object: event });
        }
    }

    /// An event whose session can't be read (a field of the wrong type).
    pub fn malformed_event(&self, account: &str, session_id: &str) {
        let now = self.clock.now();
        let mut state = self.state();
        let id = state.next_id("evt", false);
        let object =
            json!({ "id": session_id, "object": "checkout.session", "status": "complete", "payment_status": 42 });
        state.events.push(Owned {
            account: account.to_string(),
            object: objects::event(&id, "checkout.session.completed", now, false, object),
        });
    }

    /// Ids of the events Stripe would list for `account`, oldest first.
    pub fn event_ids(&self, account: &str) -> Vec<String> {
        self.state()
            .events
            .iter()
            .filter(|e| e.account == account)
            .map(|e| e.object["id"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

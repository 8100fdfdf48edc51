//! One handler for every request: authentication, idempotency, routing,
//! injected failures, and a record of what was asked.

use crate::error::StripeError;
use crate::form::{same_parameters, Params};
use crate::rules::{check_idempotency_key, idempotency_mismatch};
use crate::state::{Clock, Failure, Recorded, Saved, State};
use crate::{checkout, events, objects, payment_links, refunds};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::{Request, ResponseTemplate};

/// Keys "are eligible to be removed from the system automatically after
/// they're at least 24 hours old" (Idempotent requests, API reference).
const KEY_LIFETIME: i64 = 24 * 3600;
/// Long enough that any client under test gives up first.
const NEVER: Duration = Duration::from_secs(20);

pub(crate) struct Handler {
    pub state: Arc<Mutex<State>>,
    pub clock: Clock,
}

fn reply(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(body)
        .insert_header("request-id", format!("req_double{}", body.to_string().len()))
}

impl wiremock::Respond for Handler {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let now = self.clock.now();
        let mut state = self.state.lock().expect("double state");
        checkout::expire_due(&mut state, now);
        let method = request.method.to_string();
        let path = request.url.path().to_string();
        let query = request.url.query().unwrap_or("").to_string();
        let params = if method == "GET" { Params::parse(query.as_bytes()) } else { Params::parse(&request.body) };
        let secret = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_string);
        let key = request.headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string);
        let mut record = Recorded {
            method,
            path,
            query,
            params,
            idempotency_key: key,
            account: None,
            status: 0,
            replayed: false,
            at: now,
        };

        let failure = match state.failures.front() {
            Some((prefix, f)) if record.path.starts_with(prefix.as_str()) => {
                let f = *f;
                state.failures.pop_front();
                Some(f)
            }
            _ => None,
        };
        let template = match failure {
            Some(Failure::Unreachable) => {
                record.status = 0;
                ResponseTemplate::new(500).set_delay(NEVER)
            }
            Some(Failure::ServerError) => {
                record.status = 500;
                let e = StripeError::new(500, "api_error", None, None, "An unknown error occurred");
                reply(500, &e.body).insert_header("stripe-should-retry", "true")
            }
            Some(Failure::Refused { code, param }) => {
                record.status = 400;
                let e = StripeError::invalid(Some(code), Some(param), format!("Invalid {param}."));
                reply(400, &e.body)
            }
            Some(Failure::AnswerLost) => {
                let (status, body) = handle(&mut state, &mut record, secret.clone(), now);
                record.status = status;
                reply(status, &body).set_delay(NEVER)
            }
            None => {
                let (status, body) = handle(&mut state, &mut record, secret.clone(), now);
                record.status = status;
                let mut t = reply(status, &body);
                if record.replayed {
                    t = t.insert_header("idempotent-replayed", "true");
                }
                t
            }
        };
        state.requests.push(record);
        template
    }
}

fn handle(state: &mut State, record: &mut Recorded, secret: Option<String>, now: i64) -> (u16, Value) {
    let Some(secret) = secret else {
        let e = StripeError::new(401, "invalid_request_error", None, None, "You did not provide an API key.");
        return (e.status, e.body);
    };
    let Some(account) = state.keys.get(&secret).cloned() else {
        let tail: String = secret.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        let e = StripeError::new(
            401,
            "invalid_request_error",
            None,
            None,
            format!("Invalid API Key provided: {}****{tail}", &secret[..secret.len().min(8)]),
        );
        return (e.status, e.body);
    };
    record.account = Some(account.id.clone());

    if let (Some(key), "POST") = (record.idempotency_key.clone(), record.method.as_str()) {
        if let Err(e) = check_idempotency_key(&key) {
            return (e.status, e.body);
        }
        let slot = (account.id.clone(), key.clone());
        if state.idempotency.get(&slot).is_some_and(|s| now - s.at >= KEY_LIFETIME) {
            state.idempotency.remove(&slot);
        }
        if let Some(saved) = state.idempotency.get(&slot) {
            if saved.method != record.method
                || saved.path != record.path
                || !same_parameters(&saved.params, &record.params)
            {
                let e = idempotency_mismatch(&key);
                return (e.status, e.body);
            }
            record.replayed = true;
            return (saved.status, saved.body.clone());
        }
        let (status, body) = route(state, &account, record, now);
        // "Results are only saved if an API endpoint started executing. If
        // incoming parameters failed validation … no idempotent result is
        // saved."
        if status != 400 {
            state.idempotency.insert(
                slot,
                Saved {
                    method: record.method.clone(),
                    path: record.path.clone(),
                    params: record.params.clone(),
                    status,
                    body: body.clone(),
                    at: now,
                },
            );
        }
        return (status, body);
    }
    route(state, &account, record, now)
}

fn route(state: &mut State, account: &crate::state::Account, record: &Recorded, now: i64) -> (u16, Value) {
    let segments: Vec<&str> = record.path.trim_start_matches('/').split('/').collect();
    let result = match (record.method.as_str(), segments.as_slice()) {
        ("GET", ["v1", "account"]) => Ok(objects::account(account)),
        ("POST", ["v1", "checkout", "sessions"]) => checkout::create(state, account, &record.params, now),
        ("GET", ["v1", "checkout", "sessions", id]) => checkout::retrieve(state, account, id),
        ("POST", ["v1", "checkout", "sessions", id, "expire"]) => checkout::expire(state, account, id, now),
        ("POST", ["v1", "payment_links"]) => payment_links::create(state, account, &record.params),
        ("GET", ["v1", "payment_links", id]) => payment_links::retrieve(state, account, id),
        ("POST", ["v1", "payment_links", id]) => payment_links::update(state, account, id, &record.params),
        ("GET", ["v1", "events"]) => events::list(state, &account.id, &record.params, now),
        ("POST", ["v1", "refunds"]) => refunds::create(state, account, &record.params, now),
        ("GET", ["v1", "refunds"]) => refunds::list(state, account, &record.params),
        ("GET", ["v1", "refunds", id]) => refunds::retrieve(state, account, id),
        _ => Err(StripeError::new(
            404,
            "invalid_request_error",
            None,
            None,
            format!("Unrecognized request URL ({}: {}).", record.method, record.path),
        )),
    };
    match result {
        Ok(body) => (200, body),
        Err(e) => (e.status, e.body),
    }
}

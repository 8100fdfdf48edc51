//! `GET /v1/events`: newest first, paged with `starting_after` (older) and
//! `ending_before` (newer), filtered by `types[]`/`type` and `created[…]`.
//! Stripe lists events of the last 30 days only
//! (https://docs.stripe.com/api/events/list); a cursor it no longer has is
//! `resource_missing` at that parameter.

use crate::error::StripeError;
use crate::form::Params;
use crate::objects;
use crate::state::State;
use serde_json::Value;

const RETENTION: i64 = 30 * 24 * 3600;
const KNOWN: &[&str] = &[
    "created",
    "created[gt]",
    "created[gte]",
    "created[lt]",
    "created[lte]",
    "delivery_success",
    "ending_before",
    "limit",
    "starting_after",
    "type",
    "types",
];

pub(crate) fn list(state: &State, account: &str, params: &Params, now: i64) -> Result<Value, StripeError> {
    for (key, _) in &params.0 {
        let name = if key.starts_with("types[") { "types" } else { key.as_str() };
        if !KNOWN.contains(&name) {
            return Err(StripeError::unknown(key));
        }
    }
    let limit: usize = match params.get("limit") {
        None => 10,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(StripeError::invalid(
                    Some("parameter_invalid_integer"),
                    Some("limit"),
                    "This value must be greater than or equal to 1 and less than or equal to 100.",
                ))
            }
        },
    };
    let types = params.all("types");
    let single = params.get("type");
    let bound = |name: &str| params.get(name).and_then(|v| v.parse::<i64>().ok());
    // Oldest first; listed newest first.
    let kept: Vec<&Value> = state
        .events
        .iter()
        .filter(|e| e.account == account)
        .map(|e| &e.object)
        .filter(|e| e["created"].as_i64().is_some_and(|c| c > now - RETENTION))
        .collect();
    let position = |param: &str, id: &str| -> Result<usize, StripeError> {
        kept.iter().position(|e| e["id"] == id).ok_or_else(|| StripeError::no_such("event", id, Some(param), 400))
    };
    let matches = |e: &&&Value| {
        let kind = e["type"].as_str().unwrap_or("");
        let created = e["created"].as_i64().unwrap_or(0);
        (types.is_empty() || types.contains(&kind))
            && single.is_none_or(|t| t == kind)
            && bound("created[gt]").is_none_or(|b| created > b)
            && bound("created[gte]").is_none_or(|b| created >= b)
            && bound("created[lt]").is_none_or(|b| created < b)
            && bound("created[lte]").is_none_or(|b| created <= b)
            && bound("created").is_none_or(|b| created == b)
    };
    let (page, has_more): (Vec<Value>, bool) = if let Some(cursor) = params.get("ending_before") {
        // Newer than the cursor: the `limit` just after it, listed newest first.
        let at = position("ending_before", cursor)?;
        let newer: Vec<&Value> = kept[at + 1..].iter().filter(matches).copied().collect();
        let take: Vec<Value> = newer.iter().take(limit).rev().map(|e| (*e).clone()).collect();
        (take, newer.len() > limit)
    } else if let Some(cursor) = params.get("starting_after") {
        let at = position("starting_after", cursor)?;
        let older: Vec<&Value> = kept[..at].iter().rev().filter(matches).copied().collect();
        (older.iter().take(limit).map(|e| (*e).clone()).collect(), older.len() > limit)
    } else {
        let all: Vec<&Value> = kept.iter().rev().filter(matches).copied().collect();
        (all.iter().take(limit).map(|e| (*e).clone()).collect(), all.len() > limit)
    };
    Ok(objects::list(page, has_more, "/v1/events"))
}

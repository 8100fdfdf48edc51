//! Stripe's error objects. Shape from https://docs.stripe.com/api/errors:
//! `{"error": {"type", "code", "param", "message", "doc_url"}}`, HTTP 400 for
//! invalid requests, 401 for a bad key, 404 for an unknown object.

use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct StripeError {
    pub status: u16,
    pub body: Value,
}

impl StripeError {
    pub fn new(status: u16, kind: &str, code: Option<&str>, param: Option<&str>, message: impl Into<String>) -> Self {
        let mut error = json!({ "type": kind, "message": message.into() });
        if let Some(code) = code {
            error["code"] = json!(code);
            error["doc_url"] = json!(format!("https://docs.stripe.com/error-codes/{}", code.replace('_', "-")));
        }
        if let Some(param) = param {
            error["param"] = json!(param);
        }
        StripeError { status, body: json!({ "error": error }) }
    }

    /// 400 `invalid_request_error`.
    pub fn invalid(code: Option<&str>, param: Option<&str>, message: impl Into<String>) -> Self {
        StripeError::new(400, "invalid_request_error", code, param, message)
    }

    pub fn missing(param: &str) -> Self {
        StripeError::invalid(Some("parameter_missing"), Some(param), format!("Missing required param: {param}."))
    }

    pub fn unknown(param: &str) -> Self {
        StripeError::invalid(Some("parameter_unknown"), Some(param), format!("Received unknown parameter: {param}"))
    }

    pub fn no_such(object: &str, id: &str, param: Option<&str>, status: u16) -> Self {
        StripeError::new(
            status,
            "invalid_request_error",
            Some("resource_missing"),
            param.or(Some("id")),
            format!("No such {object}: '{id}'"),
        )
    }

    pub fn code(&self) -> Option<&str> {
        self.body["error"]["code"].as_str()
    }

    pub fn param(&self) -> Option<&str> {
        self.body["error"]["param"].as_str()
    }
}

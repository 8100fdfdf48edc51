//! Why a value could not become a domain type, and where on a form.

use serde::Serialize;
use serde_json::{Map, Value};

/// A problem with one field of a form, in words a person can act on.
/// `code` is stable (the UI maps it to its own wording); `params` carries
/// values such as amounts for that wording; `message` is a plain fallback.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub params: Map<String, Value>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code, message: message.into(), params: Map::new() }
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.params.insert(key.to_string(), value.into());
        self
    }
}

/// Why a value could not become a domain type, before we know which field
/// of which form it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub code: &'static str,
    pub message: String,
    pub params: Map<String, Value>,
}

impl Invalid {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Invalid { code, message: message.into(), params: Map::new() }
    }
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.params.insert(key.to_string(), value.into());
        self
    }
    pub fn at(self, field: &str) -> FieldError {
        FieldError { field: field.to_string(), code: self.code, message: self.message, params: self.params }
    }
}

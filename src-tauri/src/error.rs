use clinicdesk_core::{Error, FieldError};
use serde::Serialize;
use std::fmt;

/// The error every command returns: a stable `code` the UI switches on, a
/// message safe to show, and for forms the fields at fault. Internal errors
/// never pass their text on; they are logged here with their whole chain.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: &'static str,
    pub message: String,
    /// The first field at fault, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        if e.is_internal() {
            tracing::error!(error = %chain(&e), "internal error");
        } else if e.is_connection_lost() {
            tracing::warn!(error = %chain(&e), "the clinic's data could not be reached");
        }
        let fields = e.field_errors().to_vec();
        IpcError { code: e.code(), message: e.public_message(), field: fields.first().map(|f| f.field.clone()), fields }
    }
}

impl fmt::Display for IpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        for field in &self.fields {
            write!(f, " [{}: {}]", field.field, field.code)?;
        }
        Ok(())
    }
}

/// A fault of the shell (a folder the platform can't name): logged, and
/// shown as the generic internal message.
pub fn io(e: tauri::Error) -> IpcError {
    IpcError::from(Error::Io(std::io::Error::other(e.to_string())))
}

/// "outer: inner: root", for the log.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_show_their_text() {
        let e = Error::Corrupt("SELECT secret FROM somewhere failed".into());
        let ipc = IpcError::from(e);
        assert_eq!(ipc.code, "internal");
        assert!(!ipc.message.contains("SELECT"), "{}", ipc.message);
        let json = serde_json::to_string(&ipc).unwrap();
        assert!(!json.contains("secret"), "{json}");
    }

    #[test]
    fn field_errors_name_their_field() {
        let e = Error::Validation(vec![
            FieldError::new("price", "too_large", "Enter a smaller price."),
            FieldError::new("name", "required", "Enter a name."),
        ]);
        let json = serde_json::to_value(IpcError::from(e)).unwrap();
        assert_eq!(json["code"], "validation");
        assert_eq!(json["field"], "price");
        assert_eq!(json["fields"][1]["field"], "name");
        assert_eq!(json["fields"][1]["code"], "required");
    }
}

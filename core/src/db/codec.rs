//! Statuses and kinds are TEXT in the database and enums everywhere else:
//! they are parsed here, where rows are read, so core never compares a
//! status as a string. An unknown value is a decode error (a database
//! written by something else), never a silent default.

use crate::domain::{
    AppointmentState, AttemptKind, AttemptStatus, AttentionKind, ChargeFor, EntryKind, PaymentMethod, PaymentMode,
    RefundStatus,
};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Sqlite, Type};

/// A status or kind stored as TEXT.
pub(crate) trait TextEnum: Sized {
    fn from_text(text: &str) -> Option<Self>;
}

/// For rows read as one JSON value (see `appointments::cards_between`): the
/// same strict parse as a column, an unknown value an error.
pub(crate) fn json_text<'de, D: serde::Deserializer<'de>, T: TextEnum>(d: D) -> Result<T, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(d)?;
    T::from_text(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown value {text:?}")))
}

pub(crate) fn json_text_opt<'de, D: serde::Deserializer<'de>, T: TextEnum>(d: D) -> Result<Option<T>, D::Error> {
    match <Option<String> as serde::Deserialize>::deserialize(d)? {
        None => Ok(None),
        Some(text) => {
            T::from_text(&text).map(Some).ok_or_else(|| serde::de::Error::custom(format!("unknown value {text:?}")))
        }
    }
}

/// SQLite's booleans are 0 and 1, in JSON too.
pub(crate) fn json_bool<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match <i64 as serde::Deserialize>::deserialize(d)? {
        0 => Ok(false),
        1 => Ok(true),
        n => Err(serde::de::Error::custom(format!("not a boolean: {n}"))),
    }
}

macro_rules! text_enum {
    ($t:ty, $parse:expr) => {
        impl TextEnum for $t {
            fn from_text(text: &str) -> Option<Self> {
                let parse: fn(&str) -> Option<$t> = $parse;
                parse(text)
            }
        }

        impl Type<Sqlite> for $t {
            fn type_info() -> SqliteTypeInfo {
                <str as Type<Sqlite>>::type_info()
            }
            fn compatible(ty: &SqliteTypeInfo) -> bool {
                <str as Type<Sqlite>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Sqlite> for $t {
            fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&str as Decode<Sqlite>>::decode(value)?;
                let parse: fn(&str) -> Option<$t> = $parse;
                parse(text).ok_or_else(|| format!("unknown {} {text:?}", stringify!($t)).into())
            }
        }

        impl<'q> Encode<'q, Sqlite> for $t {
            fn encode_by_ref(&self, args: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
                <&str as Encode<'q, Sqlite>>::encode(self.as_str(), args)
            }
        }
    };
}

text_enum!(AppointmentState, AppointmentState::parse);
text_enum!(AttemptStatus, AttemptStatus::parse);
text_enum!(AttemptKind, AttemptKind::parse);
text_enum!(AttentionKind, AttentionKind::parse);
text_enum!(PaymentMode, |t| PaymentMode::try_from(t).ok());
text_enum!(KeyStatus, KeyStatus::parse);
text_enum!(EntryKind, EntryKind::parse);
text_enum!(ChargeFor, ChargeFor::parse);
text_enum!(PaymentMethod, PaymentMethod::parse);
text_enum!(RefundStatus, RefundStatus::parse);
text_enum!(crate::domain::InvoiceState, crate::domain::InvoiceState::parse);
text_enum!(crate::domain::LineKind, crate::domain::LineKind::parse);
text_enum!(crate::domain::LinkStatus, crate::domain::LinkStatus::parse);
text_enum!(crate::email::MailSecurity, crate::email::MailSecurity::parse);
text_enum!(crate::documents::pdf::Paper, crate::documents::pdf::Paper::parse);

/// Whether Stripe still accepts the stored key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStatus {
    Ok,
    /// Stripe refused it (revoked, rolled).
    Invalid,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Ok => "ok",
            KeyStatus::Invalid => "invalid",
        }
    }

    pub fn parse(text: &str) -> Option<KeyStatus> {
        match text {
            "ok" => Some(KeyStatus::Ok),
            "invalid" => Some(KeyStatus::Invalid),
            _ => None,
        }
    }
}

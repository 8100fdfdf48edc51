//! Statuses and kinds are TEXT in the database and enums everywhere else:
//! they are parsed here, where rows are read, so core never compares a
//! status as a string. An unknown value is a decode error (a database
//! written by something else), never a silent default.

use crate::domain::{AppointmentState, AttemptKind, AttemptStatus, AttentionKind, PaymentMode};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Sqlite, Type};

macro_rules! text_enum {
    ($t:ty, $parse:expr) => {
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

//! Statuses and kinds are TEXT in the database and enums everywhere else:
//! they are parsed here, where rows are read, so core never compares a
//! status as a string. An unknown value is a decode error (a database
//! written by something else), never a silent default. One definition for
//! both stores: SQLite always, PostgreSQL with the `postgres` feature.

use crate::{
    AppointmentState, AttemptKind, AttemptStatus, AttentionKind, ChargeFor, EntryKind, InvoiceState, KeyStatus,
    LineKind, LinkStatus, MailSecurity, Paper, PaymentMethod, PaymentMode, RefundStatus, Role,
};

/// A status or kind stored as TEXT.
pub trait TextEnum: Sized {
    fn from_text(text: &str) -> Option<Self>;
}

/// For rows read as one JSON value (see core's `appointments::cards_between`):
/// the same strict parse as a column, an unknown value an error.
pub fn json_text<'de, D: serde::Deserializer<'de>, T: TextEnum>(d: D) -> Result<T, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(d)?;
    T::from_text(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown value {text:?}")))
}

pub fn json_text_opt<'de, D: serde::Deserializer<'de>, T: TextEnum>(d: D) -> Result<Option<T>, D::Error> {
    match <Option<String> as serde::Deserialize>::deserialize(d)? {
        None => Ok(None),
        Some(text) => {
            T::from_text(&text).map(Some).ok_or_else(|| serde::de::Error::custom(format!("unknown value {text:?}")))
        }
    }
}

/// TEXT in and out of one database, parsed by `TextEnum`.
macro_rules! text_column {
    ($t:ty, $db:ty, $info:ty, $value:ty, $args:ty) => {
        impl sqlx::Type<$db> for $t {
            fn type_info() -> $info {
                <str as sqlx::Type<$db>>::type_info()
            }
            fn compatible(ty: &$info) -> bool {
                <str as sqlx::Type<$db>>::compatible(ty)
            }
        }

        impl<'r> sqlx::Decode<'r, $db> for $t {
            fn decode(value: $value) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&str as sqlx::Decode<$db>>::decode(value)?;
                <$t as TextEnum>::from_text(text).ok_or_else(|| format!("unknown {} {text:?}", stringify!($t)).into())
            }
        }

        impl<'q> sqlx::Encode<'q, $db> for $t {
            fn encode_by_ref(&self, args: &mut $args) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, $db>>::encode(self.as_str(), args)
            }
        }
    };
}

macro_rules! text_enum {
    ($t:ty, $parse:expr) => {
        impl TextEnum for $t {
            fn from_text(text: &str) -> Option<Self> {
                let parse: fn(&str) -> Option<$t> = $parse;
                parse(text)
            }
        }
        text_column!(
            $t,
            sqlx::Sqlite,
            sqlx::sqlite::SqliteTypeInfo,
            sqlx::sqlite::SqliteValueRef<'r>,
            Vec<sqlx::sqlite::SqliteArgumentValue<'q>>
        );
        #[cfg(feature = "postgres")]
        text_column!(
            $t,
            sqlx::Postgres,
            sqlx::postgres::PgTypeInfo,
            sqlx::postgres::PgValueRef<'r>,
            sqlx::postgres::PgArgumentBuffer
        );
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
text_enum!(InvoiceState, InvoiceState::parse);
text_enum!(LineKind, LineKind::parse);
text_enum!(LinkStatus, LinkStatus::parse);
text_enum!(MailSecurity, MailSecurity::parse);
text_enum!(Paper, Paper::parse);
text_enum!(Role, |t| Role::parse(t).ok());

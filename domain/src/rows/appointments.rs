//! Table `appointments`, as both stores read and write it.

use crate::{AppointmentState, AttemptStatus, PaymentMode};
use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct AppointmentRow {
    pub id: i64,
    pub patient_id: i64,
    pub practitioner_id: i64,
    pub appointment_type_id: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub state: AppointmentState,
    pub type_name: String,
    pub colour: String,
    pub price_minor: i64,
    pub currency: String,
    pub payment_mode: PaymentMode,
    pub online_amount_minor: Option<i64>,
    pub override_reason: Option<String>,
    pub cancellation_fee_minor: Option<i64>,
    pub no_show_fee_minor: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

pub struct NewAppointment<'a> {
    pub patient_id: i64,
    pub practitioner_id: i64,
    pub appointment_type_id: i64,
    pub starts_at: &'a str,
    pub ends_at: &'a str,
    pub state: AppointmentState,
    pub type_name: &'a str,
    pub colour: &'a str,
    pub price_minor: i64,
    pub currency: &'a str,
    pub payment_mode: PaymentMode,
    pub online_amount_minor: Option<i64>,
    pub override_reason: Option<&'a str>,
    pub cancellation_fee_minor: Option<i64>,
    pub no_show_fee_minor: Option<i64>,
}

/// One card, read from the JSON array `cards_between` builds (fields in
/// the array's order).
#[derive(Debug, Clone, Deserialize)]
pub struct CardRow {
    pub id: i64,
    pub practitioner_id: i64,
    pub starts_at: String,
    pub ends_at: String,
    #[serde(deserialize_with = "crate::codec::json_text")]
    pub state: AppointmentState,
    pub type_name: String,
    pub colour: String,
    pub currency: String,
    pub online_amount_minor: Option<i64>,
    pub first_name: String,
    pub last_name: String,
    #[serde(deserialize_with = "crate::codec::json_text_opt")]
    pub payment_status: Option<AttemptStatus>,
    pub paid_minor: i64,
}

//! What the window is sent: the day calendar and one appointment with its
//! payment. Built by day_view.rs and appointment.rs.

use crate::domain::*;
use crate::patients::Patient;
use crate::payments::Problem;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayView {
    pub date: String,
    pub today: String,
    pub previous: String,
    pub next: String,
    pub time_zone: String,
    pub slot_minutes: i64,
    pub closed: bool,
    pub hours: Option<HoursLabel>,
    pub rows: Vec<SlotRow>,
    pub practitioners: Vec<PractitionerColumn>,
    pub appointments: Vec<AppointmentCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoursLabel {
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlotRow {
    pub index: i64,
    pub starts_at: String,
    pub label: String,
    pub within_hours: bool,
    pub past: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PractitionerColumn {
    pub id: PractitionerId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentCard {
    pub id: AppointmentId,
    pub practitioner_id: PractitionerId,
    pub row: i64,
    pub row_span: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub start_label: String,
    pub end_label: String,
    pub patient_name: String,
    pub type_name: String,
    pub colour: String,
    pub state: AppointmentState,
    pub payment: Option<PaymentSummary>,
    /// The account in a word, and what is owing (or in credit).
    pub account: AccountSummary,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountSummary {
    pub status: AccountStatus,
    pub balance: Money,
}

/// The online payment as the calendar and the panel summarise it: the
/// newest attempt's status, with "none" before any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    None,
    Creating,
    Open,
    Processing,
    Paid,
    Failed,
    Expired,
    /// Stripe reported other figures than were asked: see Needs attention.
    Mismatch,
}

impl PaymentStatus {
    pub(crate) fn of(latest: Option<AttemptStatus>) -> PaymentStatus {
        match latest {
            None => PaymentStatus::None,
            Some(AttemptStatus::Creating) => PaymentStatus::Creating,
            Some(AttemptStatus::Open) => PaymentStatus::Open,
            Some(AttemptStatus::Processing) => PaymentStatus::Processing,
            Some(AttemptStatus::Paid) => PaymentStatus::Paid,
            Some(AttemptStatus::Failed) => PaymentStatus::Failed,
            Some(AttemptStatus::Mismatch) => PaymentStatus::Mismatch,
            Some(AttemptStatus::Expired | AttemptStatus::Abandoned | AttemptStatus::Closed) => PaymentStatus::Expired,
        }
    }
}

/// What the calendar and the panel say about online payment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSummary {
    pub status: PaymentStatus,
    pub amount: Money,
    pub paid_amount: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    pub id: AppointmentId,
    pub state: AppointmentState,
    pub starts_at: String,
    pub ends_at: String,
    pub local_date: String,
    pub start_label: String,
    pub end_label: String,
    pub time_zone: String,
    pub patient: Patient,
    pub practitioner: PractitionerColumn,
    #[serde(rename = "type")]
    pub appointment_type: TypeRef,
    pub price: Money,
    pub payment_mode: PaymentMode,
    pub online_amount: Option<Money>,
    pub override_reason: Option<String>,
    pub payment: Option<PaymentSummary>,
    pub link: Option<PaymentLink>,
    pub payment_problem: Option<Problem>,
    pub actions: Vec<&'static str>,
    pub payments: Vec<PaymentLine>,
    /// Every charge, discount, payment and refund, and the balance.
    pub account: crate::account::Account,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeRef {
    pub id: AppointmentTypeId,
    pub name: String,
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentLink {
    pub url: String,
    pub expires_at: String,
    pub expires_label: String,
    pub qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentLine {
    pub id: i64,
    pub kind: AttemptKind,
    pub status: AttemptStatus,
    pub amount: Money,
    pub checkout_session_id: Option<String>,
    pub payment_intent_id: Option<String>,
    pub created_at: String,
    pub paid_at: Option<String>,
}

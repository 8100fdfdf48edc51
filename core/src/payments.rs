//! Use cases: online payment attempts (Checkout Sessions) and finding out
//! what became of them. See ARCHITECTURE.md, "Payments".
//!
//! The rule that makes retries safe: an attempt's idempotency key is stored
//! (status `creating`) and committed before the request is sent; any retry of
//! that attempt re-sends the same request with the same key.

use crate::app::Clinicdesk;
use crate::billing::{BillingError, CheckoutRequest, CheckoutSessionInfo, SessionPaymentStatus, SessionStatus};
use crate::db::{self, payments::PaymentRow};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::front_desk::{changed_elsewhere, invalid_transition, Appointment, Problem};
use crate::secrets::StripeSecret;
use futures_util::stream::{self, StreamExt};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;

/// Stripe may forget an idempotency key after 24 hours; an attempt that
/// never got an answer by then was never seen by a patient.
const ABANDON_AFTER_SECONDS: i64 = 24 * 3600;
/// How many Checkout Sessions are asked about at once.
const CONCURRENCY: usize = 4;
const EVENTS_PAGE: i64 = 100;

/// What one reconciliation pass found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileReport {
    /// Appointments whose payment or state changed.
    pub changed: Vec<i64>,
    /// Attempts still waiting on Stripe afterwards.
    pub pending: i64,
    /// Requests that got no usable answer (tried again next pass).
    pub failures: usize,
}

pub fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color>().min_dimensions(180, 180).quiet_zone(true).build(),
        Err(e) => {
            tracing::error!(error = %e, "payment link too long for a QR code");
            String::new()
        }
    }
}

/// RFC 3986 percent-encoding for a `mailto:` query value.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unix_to_instant(seconds: i64) -> Result<String> {
    Ok(db::instant(Timestamp::from_second(seconds).map_err(|e| Error::Corrupt(e.to_string()))?))
}

/// A definite "no" from Stripe: asking again with the same key won't help.
fn definite_refusal(e: &BillingError) -> bool {
    match e {
        BillingError::InvalidKey | BillingError::PermissionDenied { .. } => true,
        BillingError::Refused { status, .. } => (400..500).contains(status) && *status != 409 && *status != 429,
        _ => false,
    }
}

fn failure_code(e: &BillingError) -> (String, String) {
    match e {
        BillingError::InvalidKey => (
            "stripe_invalid_key".into(),
            "Stripe no longer accepts the clinic's key — reconnect in Settings → Integrations.".into(),
        ),
        BillingError::PermissionDenied { .. } => (
            "stripe_permission_missing".into(),
            "The Stripe key lacks permission to create Checkout Sessions — allow it in the Stripe Dashboard.".into(),
        ),
        BillingError::Refused { code, .. } => {
            (code.clone(), format!("Stripe refused to create the payment link ({code})."))
        }
        other => ("stripe_error".into(), other.to_string()),
    }
}

fn problem_for(e: &BillingError) -> Problem {
    let message = match e {
        BillingError::Timeout => "Stripe did not answer in time. The booking is saved; retry the payment link in a moment.",
        BillingError::Network => "Stripe could not be reached. The booking is saved; check the internet connection and retry the payment link.",
        _ => "Stripe is having problems right now. The booking is saved; retry the payment link in a few minutes.",
    };
    Problem { code: "stripe_unavailable".into(), message: message.into() }
}

impl Clinicdesk {
    /// Inserts a `creating` attempt with its idempotency key, inside the
    /// caller's transaction (which must commit before `send_attempt`).
    pub(crate) async fn new_attempt(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
        appointment_id: i64,
        amount: Money,
        hold_minutes: i64,
    ) -> Result<i64> {
        let now = db::now();
        let expires = Timestamp::from_second(Timestamp::now().as_second() + hold_minutes * 60)
            .map_err(|e| Error::Corrupt(e.to_string()))?;
        let provisional = format!("provisional-{}", uuid::Uuid::new_v4());
        let id = db::payments::insert_creating(
            &mut **tx,
            appointment_id,
            amount.minor,
            amount.currency.code(),
            &provisional,
            &db::instant(expires),
            &now,
        )
        .await?;
        let database_id = db::clinic::get(&mut **tx).await?.database_id;
        let key = format!("clinicdesk-{database_id}-payment-{id}");
        db::payments::set_idempotency_key(&mut **tx, id, &key).await?;
        let after = json!({ "paymentId": id, "status": "creating", "amountMinor": amount.minor,
                            "currency": amount.currency.code(), "idempotencyKey": key });
        self.audit(tx, &now, "appointment", appointment_id, "payment_requested", (None, Some(after))).await?;
        Ok(id)
    }

    async fn checkout_request(&self, payment: &PaymentRow) -> Result<CheckoutRequest> {
        let appointment = self.appointment_row(AppointmentId(payment.appointment_id)).await?;
        let patient = self.patient(PatientId(appointment.patient_id)).await?;
        let practitioner = db::practitioners::get(&self.db, appointment.practitioner_id)
            .await?
            .ok_or(Error::NotFound { entity: "practitioner", id: appointment.practitioner_id })?;
        let tz = self.clinic_time_zone().await?;
        let start = db::parse_instant(&appointment.starts_at)?.to_zoned(tz);
        let database_id = self.database_id().await?;
        let currency = parse_currency(&payment.currency).map_err(|_| Error::Corrupt(payment.currency.clone()))?;
        Ok(CheckoutRequest {
            idempotency_key: payment.idempotency_key.clone(),
            amount_minor: payment.amount_minor,
            currency: currency.stripe_code(),
            // Stripe shows this to the patient; it is not part of our UI.
            line_item: format!(
                "{} — {}, {} — {}",
                appointment.type_name,
                start.strftime("%a %-d %b %Y"),
                start.strftime("%H:%M"),
                practitioner.name
            ),
            customer_email: (!patient.email.is_empty()).then(|| patient.email.clone()),
            expires_at: db::parse_instant(&payment.requested_expires_at)?.as_second(),
            metadata: vec![
                ("clinicdesk_appointment_id".into(), appointment.id.to_string()),
                ("clinicdesk_payment_id".into(), payment.id.to_string()),
                ("clinicdesk_database_id".into(), database_id),
            ],
        })
    }

    /// Sends (or re-sends, with the same key) a `creating` attempt. Returns
    /// the problem to show when Stripe gave no usable answer.
    pub(crate) async fn send_attempt(&self, payment_id: i64) -> Result<Option<Problem>> {
        let payment = db::payments::get(&self.db, payment_id)
            .await?
            .ok_or(Error::NotFound { entity: "payment", id: payment_id })?;
        if payment.status != "creating" {
            return Ok(None);
        }
        let Some(key) = self.payment_key().await? else {
            return Ok(Some(Problem {
                code: "stripe_not_ready".into(),
                message:
                    "Stripe is not connected or its key was refused; reconnect in Settings → Integrations, then retry."
                        .into(),
            }));
        };
        let request = self.checkout_request(&payment).await?;
        match self.billing.create_checkout_session(&key, &request).await {
            Ok(session) => {
                self.record_session_created(&payment, &session).await?;
                // A re-sent request can return a session that has moved on
                // since (paid, or expired).
                if session.status != SessionStatus::Open {
                    self.apply_session(&session, None, true).await?;
                }
                Ok(None)
            }
            Err(e) if definite_refusal(&e) => {
                if e == BillingError::InvalidKey {
                    self.record_key_refused().await?;
                }
                let (code, message) = failure_code(&e);
                let now = db::now();
                let mut tx = self.write().await?;
                if db::payments::transition(
                    &mut *tx,
                    payment.id,
                    "creating",
                    "failed",
                    None,
                    Some((&code, &message)),
                    None,
                    &now,
                )
                .await?
                    == 1
                {
                    let change = (
                        Some(json!({ "paymentId": payment.id, "status": "creating" })),
                        Some(json!({ "paymentId": payment.id, "status": "failed", "code": code })),
                    );
                    self.audit(&mut tx, &now, "appointment", payment.appointment_id, "payment_failed", change).await?;
                }
                tx.commit().await?;
                Ok(Some(Problem { code, message }))
            }
            Err(e) => {
                tracing::warn!(payment = payment.id, error = %e, "no answer from Stripe; the attempt stays 'creating'");
                Ok(Some(problem_for(&e)))
            }
        }
    }

    async fn record_session_created(&self, payment: &PaymentRow, session: &CheckoutSessionInfo) -> Result<()> {
        let now = db::now();
        let expires_at = unix_to_instant(session.expires_at)?;
        let mut tx = self.write().await?;
        let rows = db::payments::mark_open(
            &mut *tx,
            payment.id,
            &session.id,
            session.url.as_deref(),
            &expires_at,
            session.livemode,
            &now,
        )
        .await?;
        if rows == 1 {
            let change = (
                Some(json!({ "paymentId": payment.id, "status": "creating" })),
                Some(json!({ "paymentId": payment.id, "status": "open", "checkoutSessionId": session.id,
                             "expiresAt": expires_at })),
            );
            self.audit(&mut tx, &now, "appointment", payment.appointment_id, "payment_link_created", change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// "Send payment link" on an appointment whose type allows online
    /// payment (or a required one that needs a fresh link).
    pub async fn send_payment_link(&self, id: AppointmentId) -> Result<Appointment> {
        let row = self.appointment_row(id).await?;
        let state = AppointmentState::parse(&row.state).ok_or_else(|| Error::Corrupt(row.state.clone()))?;
        let Some(amount_minor) = row.online_amount_minor else {
            return Err(Error::Refused {
                code: "online_payment_disabled",
                message: "This appointment type doesn't take online payment.".into(),
            });
        };
        if !matches!(
            state,
            AppointmentState::AwaitingPayment
                | AppointmentState::Booked
                | AppointmentState::Arrived
                | AppointmentState::Completed
        ) {
            return Err(Error::Refused {
                code: "invalid_transition",
                message: "A payment link can't be sent for a cancelled or expired appointment.".into(),
            });
        }
        let payments = db::payments::for_appointment(&self.db, id.0).await?;
        if payments.iter().any(|p| p.status == "paid") {
            return Err(Error::Refused {
                code: "already_paid",
                message: "This appointment is already paid online.".into(),
            });
        }
        if let Some(creating) = payments.iter().find(|p| p.status == "creating") {
            // Same attempt, same key: never a second session for one attempt.
            let problem = self.send_attempt(creating.id).await?;
            return self.appointment_with_problem(id, problem).await;
        }
        if payments.iter().any(|p| matches!(p.status.as_str(), "open" | "processing")) {
            return self.appointment(id).await;
        }
        if self.payment_key().await?.is_none() {
            return Err(Error::Refused {
                code: "stripe_not_ready",
                message: "Stripe is not connected or its key was refused; reconnect in Settings → Integrations.".into(),
            });
        }
        let settings = self.clinic_settings().await?;
        let amount =
            Money::new(amount_minor, parse_currency(&row.currency).map_err(|_| Error::Corrupt(row.currency.clone()))?);
        let mut tx = self.write().await?;
        let payment_id = self.new_attempt(&mut tx, id.0, amount, settings.hold_minutes).await?;
        tx.commit().await?;
        let problem = self.send_attempt(payment_id).await?;
        self.appointment_with_problem(id, problem).await
    }

    /// "Retry payment link": the same attempt again if Stripe never
    /// answered it, a new attempt if the last one failed or expired.
    pub async fn retry_payment_link(&self, id: AppointmentId) -> Result<Appointment> {
        self.send_payment_link(id).await
    }

    /// Expires every open session of an appointment at Stripe, so its link
    /// stops working. Returns whether one turned out to be paid already.
    pub(crate) async fn expire_open_attempts(&self, id: AppointmentId) -> Result<bool> {
        let payments = db::payments::for_appointment(&self.db, id.0).await?;
        let open: Vec<_> =
            payments.into_iter().filter(|p| p.status == "open" && p.checkout_session_id.is_some()).collect();
        if open.is_empty() {
            return Ok(false);
        }
        let Some(key) = self.payment_key().await? else {
            return Err(Error::Refused {
                code: "stripe_not_ready",
                message: "The payment link can't be cancelled while Stripe is not connected; reconnect in Settings → Integrations first.".into(),
            });
        };
        let database_id = self.database_id().await?;
        let mut paid = false;
        for p in open {
            let session_id = p.checkout_session_id.clone().unwrap_or_default();
            let expire_key = format!("clinicdesk-{database_id}-expire-{}", p.id);
            db::payments::set_expire_key(&self.db, p.id, &expire_key).await?;
            let stored =
                db::payments::get(&self.db, p.id).await?.and_then(|r| r.expire_idempotency_key).unwrap_or(expire_key);
            let session = match self.billing.expire_checkout_session(&key, &session_id, &stored).await {
                Ok(session) => session,
                // Stripe refuses to expire a session that is no longer open
                // (just paid, say): find out what it is now.
                Err(BillingError::Refused { .. }) => self
                    .billing
                    .retrieve_checkout_session(&key, &session_id)
                    .await
                    .map_err(crate::stripe::payment_billing_error)?,
                Err(e) => return Err(crate::stripe::payment_billing_error(e)),
            };
            // The caller decides what becomes of the appointment.
            self.apply_session(&session, None, false).await?;
            paid |= session.payment_status == SessionPaymentStatus::Paid && session.status == SessionStatus::Complete;
        }
        Ok(paid)
    }

    /// "Release hold": the patient won't pay; the link stops working and the
    /// slot is free again.
    pub async fn release_hold(&self, id: AppointmentId) -> Result<Appointment> {
        let row = self.appointment_row(id).await?;
        let from = AppointmentState::parse(&row.state).ok_or_else(|| Error::Corrupt(row.state.clone()))?;
        if from != AppointmentState::AwaitingPayment {
            return Err(invalid_transition(from, AppointmentState::Cancelled));
        }
        if self.expire_open_attempts(id).await? {
            return Err(Error::Refused {
                code: "already_paid",
                message: "The patient has just paid, so the appointment is now booked and the slot was not released."
                    .into(),
            });
        }
        let now = db::now();
        let mut tx = self.write().await?;
        // Attempts Stripe never answered can't be paid: nobody saw their link.
        for p in db::payments::for_appointment(&mut *tx, id.0).await? {
            if p.status == "creating" {
                db::payments::transition(&mut *tx, p.id, "creating", "abandoned", None, None, None, &now).await?;
            }
        }
        if db::appointments::transition(&mut *tx, id.0, from.as_str(), "cancelled", &now).await? == 0 {
            return Err(changed_elsewhere());
        }
        let change = (Some(json!({ "state": from.as_str() })), Some(json!({ "state": "cancelled" })));
        self.audit(&mut tx, &now, "appointment", id.0, "hold_released", change).await?;
        tx.commit().await?;
        self.appointment(id).await
    }

    /// "Book without payment": confirms a held appointment, with a reason
    /// kept in the audit log; any open link is cancelled so nobody pays for
    /// an appointment that no longer needs it.
    pub async fn book_without_payment(&self, id: AppointmentId, reason: OverrideReason) -> Result<Appointment> {
        let row = self.appointment_row(id).await?;
        let from = AppointmentState::parse(&row.state).ok_or_else(|| Error::Corrupt(row.state.clone()))?;
        if from != AppointmentState::AwaitingPayment {
            return Err(invalid_transition(from, AppointmentState::Booked));
        }
        if self.expire_open_attempts(id).await? {
            return self.appointment(id).await;
        }
        let now = db::now();
        let mut tx = self.write().await?;
        for p in db::payments::for_appointment(&mut *tx, id.0).await? {
            if p.status == "creating" {
                db::payments::transition(&mut *tx, p.id, "creating", "abandoned", None, None, None, &now).await?;
            }
        }
        if db::appointments::transition(&mut *tx, id.0, from.as_str(), "booked", &now).await? == 0 {
            return Err(changed_elsewhere());
        }
        db::appointments::set_override_reason(&mut *tx, id.0, reason.as_str(), &now).await?;
        let change =
            (Some(json!({ "state": from.as_str() })), Some(json!({ "state": "booked", "reason": reason.as_str() })));
        self.audit(&mut tx, &now, "appointment", id.0, "booked_without_payment", change).await?;
        tx.commit().await?;
        self.appointment(id).await
    }

    /// A `mailto:` link with the payment link in a short message.
    pub async fn payment_link_mailto(&self, id: AppointmentId) -> Result<String> {
        let appointment = self.appointment(id).await?;
        let Some(link) = appointment.link else {
            return Err(Error::Refused {
                code: "no_link",
                message: "This appointment has no open payment link.".into(),
            });
        };
        if appointment.patient.email.is_empty() {
            return Err(Error::Refused { code: "no_email", message: "This patient has no email address.".into() });
        }
        let clinic = self.clinic_settings().await?.name;
        let subject = format!("Payment for your appointment at {clinic}");
        let body = format!(
            "Hello {},\n\nTo confirm your {} appointment on {} at {} with {}, please pay online here:\n{}\n\nThe link works until {} ({}).\n\n{}",
            appointment.patient.first_name,
            appointment.appointment_type.name,
            appointment.local_date,
            appointment.start_label,
            appointment.practitioner.name,
            link.url,
            link.expires_label,
            appointment.time_zone,
            clinic
        );
        Ok(format!("mailto:{}?subject={}&body={}", encode(&appointment.patient.email), encode(&subject), encode(&body)))
    }

    /// Applies what Stripe says about a session. Every change names the
    /// status it expects, so applying the same news twice changes nothing.
    /// Returns the appointment id when something changed.
    pub(crate) async fn apply_session(
        &self,
        session: &CheckoutSessionInfo,
        event_kind: Option<&str>,
        expire_appointment: bool,
    ) -> Result<Option<i64>> {
        let now = db::now();
        let mut tx = self.write().await?;
        let Some(payment) = db::payments::by_session(&mut *tx, &session.id).await? else {
            return Ok(None);
        };
        let target = match (session.status, session.payment_status) {
            (SessionStatus::Complete, SessionPaymentStatus::Paid | SessionPaymentStatus::NoPaymentRequired) => "paid",
            (SessionStatus::Complete, SessionPaymentStatus::Unpaid)
                if event_kind == Some("checkout.session.async_payment_failed") =>
            {
                "failed"
            }
            (SessionStatus::Complete, SessionPaymentStatus::Unpaid) => "processing",
            (SessionStatus::Expired, _) => "expired",
            (SessionStatus::Open, _) => return Ok(None),
        };
        let allowed_from: &[&str] = match target {
            "paid" => &["creating", "open", "processing"],
            "processing" => &["creating", "open"],
            "failed" => &["open", "processing"],
            _ => &["creating", "open"],
        };
        if !allowed_from.contains(&payment.status.as_str()) {
            return Ok(None);
        }
        let paid_at = (target == "paid").then_some(now.as_str());
        let failure =
            (target == "failed").then_some(("async_payment_failed", "The patient's payment did not go through."));
        if db::payments::transition(
            &mut *tx,
            payment.id,
            &payment.status,
            target,
            session.payment_intent.as_deref(),
            failure,
            paid_at,
            &now,
        )
        .await?
            == 0
        {
            return Ok(None);
        }
        let source = event_kind.unwrap_or("checkout session retrieved");
        let change = (
            Some(json!({ "paymentId": payment.id, "status": payment.status })),
            Some(json!({ "paymentId": payment.id, "status": target, "checkoutSessionId": session.id,
                         "paymentIntentId": session.payment_intent, "source": source })),
        );
        self.audit(&mut tx, &now, "appointment", payment.appointment_id, &format!("payment_{target}"), change).await?;

        let appointment = db::appointments::get(&mut *tx, payment.appointment_id)
            .await?
            .ok_or(Error::NotFound { entity: "appointment", id: payment.appointment_id })?;
        if appointment.state == "awaiting_payment" {
            let others_pending = db::payments::for_appointment(&mut *tx, appointment.id)
                .await?
                .iter()
                .any(|p| matches!(p.status.as_str(), "creating" | "open" | "processing"));
            let next = match target {
                "paid" => Some("booked"),
                "expired" if !others_pending && expire_appointment => Some("expired"),
                _ => None,
            };
            if let Some(next) = next {
                if db::appointments::transition(&mut *tx, appointment.id, "awaiting_payment", next, &now).await? == 1 {
                    let change = (Some(json!({ "state": "awaiting_payment" })), Some(json!({ "state": next })));
                    let action = if next == "booked" { "paid_online" } else { "hold_expired" };
                    self.audit(&mut tx, &now, "appointment", appointment.id, action, change).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(Some(payment.appointment_id))
    }

    /// One pass of "what happened at Stripe": re-sends attempts that never
    /// got an answer, asks about open sessions, and reads new checkout
    /// events from the stored cursor. Safe to run at any time, and twice.
    pub async fn reconcile_payments(&self) -> Result<ReconcileReport> {
        let mut report = ReconcileReport::default();
        let Some(key) = self.payment_key().await? else {
            report.pending = db::payments::count_pending(&self.db).await?;
            return Ok(report);
        };
        let pending = db::payments::pending(&self.db).await?;
        let results: Vec<Result<(Option<i64>, bool)>> = stream::iter(pending)
            .map(|p| {
                let key = key.clone();
                async move { self.reconcile_one(&key, p).await }
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
        for r in results {
            match r {
                Ok((changed, failed)) => {
                    report.changed.extend(changed);
                    report.failures += usize::from(failed);
                }
                Err(e) => {
                    tracing::error!(error = %e, "reconciling a payment failed");
                    report.failures += 1;
                }
            }
        }
        match self.read_checkout_events(&key).await {
            Ok(changed) => report.changed.extend(changed),
            Err(e) => {
                tracing::warn!(error = %e, "Stripe events could not be read now");
                report.failures += 1;
            }
        }
        report.changed.sort_unstable();
        report.changed.dedup();
        report.pending = db::payments::count_pending(&self.db).await?;
        Ok(report)
    }

    async fn reconcile_one(&self, key: &StripeSecret, p: PaymentRow) -> Result<(Option<i64>, bool)> {
        if p.status == "creating" {
            let created = db::parse_instant(&p.created_at)?;
            if Timestamp::now().as_second() - created.as_second() > ABANDON_AFTER_SECONDS {
                return self.abandon(&p).await.map(|c| (c, false));
            }
            let problem = self.send_attempt(p.id).await?;
            let changed = db::payments::get(&self.db, p.id).await?.is_some_and(|now| now.status != p.status);
            return Ok((changed.then_some(p.appointment_id), problem.is_some()));
        }
        let Some(session_id) = p.checkout_session_id.as_deref() else { return Ok((None, false)) };
        match self.billing.retrieve_checkout_session(key, session_id).await {
            Ok(session) => Ok((self.apply_session(&session, None, true).await?, false)),
            Err(e) => {
                tracing::info!(payment = p.id, error = %e, "checkout session not checked now");
                Ok((None, true))
            }
        }
    }

    async fn abandon(&self, p: &PaymentRow) -> Result<Option<i64>> {
        let now = db::now();
        let mut tx = self.write().await?;
        if db::payments::transition(&mut *tx, p.id, "creating", "abandoned", None, None, None, &now).await? == 0 {
            return Ok(None);
        }
        let change = (
            Some(json!({ "paymentId": p.id, "status": "creating" })),
            Some(json!({ "paymentId": p.id, "status": "abandoned" })),
        );
        self.audit(&mut tx, &now, "appointment", p.appointment_id, "payment_abandoned", change).await?;
        let others_pending = db::payments::for_appointment(&mut *tx, p.appointment_id)
            .await?
            .iter()
            .any(|o| matches!(o.status.as_str(), "creating" | "open" | "processing"));
        if !others_pending
            && db::appointments::transition(&mut *tx, p.appointment_id, "awaiting_payment", "expired", &now).await? == 1
        {
            let change = (Some(json!({ "state": "awaiting_payment" })), Some(json!({ "state": "expired" })));
            self.audit(&mut tx, &now, "appointment", p.appointment_id, "hold_expired", change).await?;
        }
        tx.commit().await?;
        Ok(Some(p.appointment_id))
    }

    /// Reads checkout events newer than the stored cursor, oldest first, and
    /// applies each. Without a cursor (first run, or Stripe no longer knows
    /// it: events are kept 30 days) the newest page is read; open sessions
    /// are asked about directly anyway.
    async fn read_checkout_events(&self, key: &StripeSecret) -> Result<Vec<i64>> {
        let mut changed = Vec::new();
        let mut cursor = db::stripe_event_cursor::get(&self.db).await?.map(|c| c.last_event_id);
        loop {
            let (events, has_more) = match self.billing.list_checkout_events(key, cursor.as_deref(), EVENTS_PAGE).await
            {
                Ok(page) => page,
                Err(BillingError::Refused { status: 404, .. }) if cursor.is_some() => {
                    tracing::warn!("Stripe no longer knows the event cursor; starting from the newest events");
                    db::stripe_event_cursor::clear(&self.db).await?;
                    cursor = None;
                    continue;
                }
                Err(e) => return Err(crate::stripe::payment_billing_error(e)),
            };
            let Some(newest) = events.first().cloned() else { break };
            for event in events.iter().rev() {
                changed.extend(self.apply_session(&event.session, Some(&event.kind), true).await?);
            }
            db::stripe_event_cursor::set(&self.db, &newest.id, newest.created, &db::now()).await?;
            if !has_more || cursor.is_none() {
                break;
            }
            cursor = Some(newest.id);
        }
        Ok(changed)
    }
}

//! Use cases: appointment types and their online payment settings.

use crate::app::Clinicdesk;
use crate::db::{self, appointment_types::TypeFields, appointment_types::TypeRow};
use crate::domain::appointment_type::fields;
use crate::domain::*;
use crate::dto::{AppointmentTypeDraft, PricingDraft};
use crate::error::{Error, FieldError, FieldErrors, Invalid, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// An appointment type as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentType {
    pub id: AppointmentTypeId,
    pub name: String,
    pub description: String,
    pub duration_minutes: u16,
    pub price: Money,
    pub colour: String,
    pub display_order: i64,
    pub archived: bool,
    pub online: OnlinePayment,
    /// What a patient pays online at booking; `None` when payment is disabled.
    pub online_amount: Option<Money>,
    /// Charged for a late cancellation / a no-show, when set.
    pub cancellation_fee: Option<Money>,
    pub no_show_fee: Option<Money>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveDirection {
    Up,
    Down,
}

/// What the editor's live preview shows: exactly what saving would store.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PricingPreview {
    pub price: Money,
    pub online_amount: Option<Money>,
    pub minimum_charge: Money,
}

/// Checks a price and its online payment rule against each other and the
/// currency, recording problems at the field that caused them.
fn resolve_pricing(
    draft: PricingDraft,
    currency: Currency,
    errors: &mut FieldErrors,
) -> Option<(Money, OnlinePayment)> {
    let max = max_price(currency);
    let price = errors.check(
        fields::PRICE,
        draft.price.to_money(currency).map_err(amount_error).and_then(|p| {
            if p.minor > max.minor {
                Err(Invalid::new("too_large", format!("Enter a price of at most {max}.")).with("maxMinor", max.minor))
            } else {
                Ok(p)
            }
        }),
    );
    let rule = match draft.rule {
        AmountRuleDraft::Full => Some(AmountRule::Full),
        AmountRuleDraft::Percent(percent) => Some(AmountRule::Percent { percent }),
        AmountRuleDraft::Fixed(decimal) => {
            let amount = errors.check(fields::FIXED_AMOUNT, decimal.to_money(currency).map_err(amount_error))?;
            if amount.minor == 0 {
                errors.push(FieldError::new(fields::FIXED_AMOUNT, "must_be_positive", "Enter an amount above zero."));
                return None;
            }
            if let Some(p) = price.filter(|p| amount.minor > p.minor) {
                errors.push(
                    FieldError::new(
                        fields::FIXED_AMOUNT,
                        "above_price",
                        format!("The amount taken online can't be more than the price ({p})."),
                    )
                    .with("priceMinor", p.minor),
                );
                return None;
            }
            Some(AmountRule::Fixed { amount })
        }
    };
    let (price, online) = (price?, OnlinePayment { mode: draft.mode, rule: rule? });
    if let Some(amount) = online.amount(price) {
        let min = currency.min_charge();
        if amount.minor < min.minor {
            let field = match online.rule {
                AmountRule::Full => fields::PRICE,
                AmountRule::Fixed { .. } => fields::FIXED_AMOUNT,
                AmountRule::Percent { .. } => fields::PERCENTAGE,
            };
            errors.push(
                FieldError::new(
                    field,
                    "below_minimum_charge",
                    format!("Online payment must be at least {min} (Stripe's minimum); this would take {amount}."),
                )
                .with("minimumMinor", min.minor)
                .with("amountMinor", amount.minor),
            );
            return None;
        }
    }
    Some((price, online))
}

/// A type's fields, all checked against each other and the currency.
struct Spec {
    name: AppointmentTypeName,
    description: Description,
    duration: DurationMinutes,
    price: Money,
    colour: Colour,
    online: OnlinePayment,
    cancellation_fee: Option<Money>,
    no_show_fee: Option<Money>,
}

/// An optional fee: at most the largest price; zero is no fee.
fn resolve_fee(
    draft: Option<DecimalAmount>,
    field: &str,
    currency: Currency,
    errors: &mut FieldErrors,
) -> Option<Money> {
    let max = max_price(currency);
    let fee = errors.check(
        field,
        draft?.to_money(currency).map_err(amount_error).and_then(|f| {
            if f.minor > max.minor {
                Err(Invalid::new("too_large", format!("Enter a fee of at most {max}.")).with("maxMinor", max.minor))
            } else {
                Ok(f)
            }
        }),
    )?;
    (fee.minor > 0).then_some(fee)
}

impl Spec {
    /// `name_taken` joins the other field errors so the form shows all at once.
    fn resolve(draft: AppointmentTypeDraft, currency: Currency, name_taken: bool) -> Result<Spec> {
        let mut errors = FieldErrors::new();
        if name_taken {
            errors.push(taken_error(&draft.name));
        }
        let pricing = resolve_pricing(draft.pricing, currency, &mut errors);
        let cancellation_fee = resolve_fee(draft.cancellation_fee, fields::CANCELLATION_FEE, currency, &mut errors);
        let no_show_fee = resolve_fee(draft.no_show_fee, fields::NO_SHOW_FEE, currency, &mut errors);
        errors.finish()?;
        let (price, online) = pricing.ok_or_else(|| Error::Corrupt("a field failed without an error".into()))?;
        Ok(Spec {
            name: draft.name,
            description: draft.description,
            duration: draft.duration,
            price,
            colour: draft.colour,
            online,
            cancellation_fee,
            no_show_fee,
        })
    }

    fn columns(&self) -> (String, TypeFieldsOwned) {
        let (fixed, percent) = match self.online.rule {
            AmountRule::Full => (None, None),
            AmountRule::Fixed { amount } => (Some(amount.minor), None),
            AmountRule::Percent { percent } => (None, Some(i64::from(percent.get()))),
        };
        (self.name.key(), TypeFieldsOwned { fixed, percent })
    }
}

struct TypeFieldsOwned {
    fixed: Option<i64>,
    percent: Option<i64>,
}

fn fields_of<'a>(spec: &'a Spec, key: &'a str, extra: &TypeFieldsOwned) -> TypeFields<'a> {
    TypeFields {
        name: spec.name.as_str(),
        name_key: key,
        description: spec.description.as_str(),
        duration_minutes: i64::from(spec.duration.get()),
        price_minor: spec.price.minor,
        currency: spec.price.currency.code(),
        colour: spec.colour.as_str(),
        online_mode: spec.online.mode,
        online_amount_rule: spec.online.rule.kind(),
        online_fixed_minor: extra.fixed,
        online_percent: extra.percent,
        cancellation_fee_minor: spec.cancellation_fee.map(|f| f.minor),
        no_show_fee_minor: spec.no_show_fee.map(|f| f.minor),
    }
}

impl TryFrom<TypeRow> for AppointmentType {
    type Error = Error;
    fn try_from(row: TypeRow) -> Result<Self> {
        let corrupt = |what: &str| Error::Corrupt(format!("appointment type {}: {what}", row.id));
        let currency = Currency::from_code(&row.currency).ok_or_else(|| corrupt("currency"))?;
        let price = Money::new(row.price_minor, currency);
        let mode = row.online_mode;
        let rule = match (row.online_amount_rule.as_str(), row.online_fixed_minor, row.online_percent) {
            ("full", None, None) => AmountRule::Full,
            ("fixed", Some(minor), None) => AmountRule::Fixed { amount: Money::new(minor, currency) },
            ("percent", None, Some(p)) => {
                AmountRule::Percent { percent: Percentage::new(p).ok_or_else(|| corrupt("online_percent"))? }
            }
            _ => return Err(corrupt("online amount rule")),
        };
        let online = OnlinePayment { mode, rule };
        Ok(AppointmentType {
            id: AppointmentTypeId(row.id),
            duration_minutes: u16::try_from(row.duration_minutes).map_err(|_| corrupt("duration"))?,
            online_amount: online.amount(price),
            online,
            price,
            cancellation_fee: row.cancellation_fee_minor.map(|m| Money::new(m, currency)),
            no_show_fee: row.no_show_fee_minor.map(|m| Money::new(m, currency)),
            name: row.name,
            description: row.description,
            colour: row.colour,
            display_order: row.display_order,
            archived: row.archived,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

impl AppointmentType {
    fn payment_json(&self) -> serde_json::Value {
        json!({ "online": self.online, "onlineAmount": self.online_amount })
    }

    fn details_json(&self) -> serde_json::Value {
        json!({
            "name": self.name, "description": self.description, "durationMinutes": self.duration_minutes,
            "price": self.price, "colour": self.colour, "cancellationFee": self.cancellation_fee,
            "noShowFee": self.no_show_fee,
        })
    }
}

fn taken_error(name: &AppointmentTypeName) -> FieldError {
    FieldError::new(fields::NAME, "taken", format!("There is already an appointment type called “{}”.", name.as_str()))
}

const ENTITY: &str = "appointment_type";

impl Clinicdesk {
    /// What saving this price and rule would charge online, or the field
    /// errors saving would give.
    pub async fn preview_pricing(&self, draft: PricingDraft) -> Result<PricingPreview> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        let currency = self.clinic_settings().await?.currency;
        let mut errors = FieldErrors::new();
        let pricing = resolve_pricing(draft, currency, &mut errors);
        errors.finish()?;
        let (price, online) = pricing.ok_or_else(|| Error::Corrupt("a field failed without an error".into()))?;
        Ok(PricingPreview { price, online_amount: online.amount(price), minimum_charge: currency.min_charge() })
    }

    pub async fn list_appointment_types(&self, include_archived: bool) -> Result<Vec<AppointmentType>> {
        self.allow(crate::domain::Permission::SeeDay)?;
        db::appointment_types::list(&self.db, include_archived)
            .await?
            .into_iter()
            .map(AppointmentType::try_from)
            .collect()
    }

    pub async fn appointment_type(&self, id: AppointmentTypeId) -> Result<AppointmentType> {
        self.allow(crate::domain::Permission::SeeDay)?;
        db::appointment_types::get(&self.db, id.0)
            .await?
            .ok_or(Error::NotFound { entity: ENTITY, id: id.0 })?
            .try_into()
    }

    pub async fn create_appointment_type(&self, draft: AppointmentTypeDraft) -> Result<AppointmentType> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        let mut tx = self.write().await?;
        let currency = self.currency_in(&mut tx).await?;
        let name_key = draft.name.key();
        let taken = db::appointment_types::active_name_taken(&mut *tx, &name_key, 0).await?;
        let spec = Spec::resolve(draft, currency, taken)?;
        let (key, extra) = spec.columns();
        let now = db::now();
        let order = db::appointment_types::next_display_order(&mut *tx).await?;
        let id = db::appointment_types::insert(&mut *tx, &fields_of(&spec, &key, &extra), order, &now)
            .await
            .map_err(|e| unique_name(e, &spec.name))?;
        let created: AppointmentType = db::appointment_types::get(&mut *tx, id)
            .await?
            .ok_or(Error::NotFound { entity: ENTITY, id })?
            .try_into()?;
        self.audit(&mut tx, &now, ENTITY, id, "created", (None, Some(json!(created)))).await?;
        tx.commit().await?;
        tracing::info!(id, "appointment type created");
        Ok(created)
    }

    pub async fn update_appointment_type(
        &self,
        id: AppointmentTypeId,
        draft: AppointmentTypeDraft,
    ) -> Result<AppointmentType> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        let mut tx = self.write().await?;
        let before: AppointmentType = db::appointment_types::get(&mut *tx, id.0)
            .await?
            .ok_or(Error::NotFound { entity: ENTITY, id: id.0 })?
            .try_into()?;
        let currency = before.price.currency;
        let taken =
            !before.archived && db::appointment_types::active_name_taken(&mut *tx, &draft.name.key(), id.0).await?;
        let spec = Spec::resolve(draft, currency, taken)?;
        let (key, extra) = spec.columns();
        let now = db::now();
        db::appointment_types::update(&mut *tx, id.0, &fields_of(&spec, &key, &extra), &now)
            .await
            .map_err(|e| unique_name(e, &spec.name))?;
        let after: AppointmentType = db::appointment_types::get(&mut *tx, id.0)
            .await?
            .ok_or(Error::NotFound { entity: ENTITY, id: id.0 })?
            .try_into()?;
        if before.payment_json() != after.payment_json() {
            let (b, a) = (before.payment_json(), after.payment_json());
            self.audit(&mut tx, &now, ENTITY, id.0, "payment_settings_changed", (Some(b), Some(a))).await?;
        }
        if before.details_json() != after.details_json() {
            let (b, a) = (before.details_json(), after.details_json());
            self.audit(&mut tx, &now, ENTITY, id.0, "details_changed", (Some(b), Some(a))).await?;
        }
        tx.commit().await?;
        Ok(after)
    }

    /// Hides a type from booking; bookings that use it keep it. Never deleted.
    pub async fn archive_appointment_type(&self, id: AppointmentTypeId) -> Result<AppointmentType> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        self.set_archived(id, true).await
    }

    pub async fn restore_appointment_type(&self, id: AppointmentTypeId) -> Result<AppointmentType> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        self.set_archived(id, false).await
    }

    async fn set_archived(&self, id: AppointmentTypeId, archived: bool) -> Result<AppointmentType> {
        let mut tx = self.write().await?;
        let before: AppointmentType = db::appointment_types::get(&mut *tx, id.0)
            .await?
            .ok_or(Error::NotFound { entity: ENTITY, id: id.0 })?
            .try_into()?;
        if before.archived == archived {
            let (code, message) = if archived {
                ("already_archived", "This appointment type is already archived.")
            } else {
                ("not_archived", "This appointment type is not archived.")
            };
            return Err(Error::Refused { code, message: message.into() });
        }
        if !archived {
            let key = AppointmentTypeName::try_from(before.name.clone()).map(|n| n.key()).unwrap_or_default();
            if db::appointment_types::active_name_taken(&mut *tx, &key, id.0).await? {
                return Err(Error::Refused {
                    code: "name_taken",
                    message: format!(
                        "An active appointment type is already called “{}”. Rename one of them, then restore.",
                        before.name
                    ),
                });
            }
        }
        let now = db::now();
        // A restored type goes to the end of the list; an archived one keeps
        // its place among the archived.
        let order =
            if archived { before.display_order } else { db::appointment_types::next_display_order(&mut *tx).await? };
        db::appointment_types::set_archived(&mut *tx, id.0, archived, order, &now).await?;
        let action = if archived { "archived" } else { "restored" };
        let change = (Some(json!({"archived": !archived})), Some(json!({"archived": archived})));
        self.audit(&mut tx, &now, ENTITY, id.0, action, change).await?;
        let after = db::appointment_types::get(&mut *tx, id.0)
            .await?
            .ok_or(Error::NotFound { entity: ENTITY, id: id.0 })?
            .try_into()?;
        tx.commit().await?;
        Ok(after)
    }

    /// Swaps a type with its neighbour above or below; at either end of the
    /// list it stays where it is.
    pub async fn move_appointment_type(
        &self,
        id: AppointmentTypeId,
        direction: MoveDirection,
    ) -> Result<Vec<AppointmentType>> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        let mut tx = self.write().await?;
        let row =
            db::appointment_types::get(&mut *tx, id.0).await?.ok_or(Error::NotFound { entity: ENTITY, id: id.0 })?;
        if row.archived {
            return Err(Error::Refused {
                code: "archived",
                message: "Restore this appointment type before moving it.".into(),
            });
        }
        let up = direction == MoveDirection::Up;
        if let Some((other_id, other_order)) = db::appointment_types::neighbour(&mut *tx, row.display_order, up).await?
        {
            let now = db::now();
            db::appointment_types::set_display_order(&mut *tx, id.0, other_order, &now).await?;
            db::appointment_types::set_display_order(&mut *tx, other_id, row.display_order, &now).await?;
        }
        tx.commit().await?;
        self.list_appointment_types(false).await
    }

    /// An appointment type's audit trail, oldest first.
    pub async fn appointment_type_history(&self, id: AppointmentTypeId) -> Result<Vec<db::audit_log::AuditEntry>> {
        self.allow(crate::domain::Permission::PaymentSettings)?;
        db::audit_log::for_entity(&self.db, ENTITY, &id.0.to_string()).await
    }

    async fn currency_in(&self, tx: &mut crate::db::Tx) -> Result<Currency> {
        let row = db::clinic::get(&mut **tx).await?;
        parse_currency(&row.currency).map_err(|_| Error::Corrupt(format!("unknown clinic currency {:?}", row.currency)))
    }
}

/// The UNIQUE index is the last word when two workstations save the same
/// name at once: it becomes the same field error as the check above.
fn unique_name(error: Error, name: &AppointmentTypeName) -> Error {
    match &error {
        Error::Database(e) if db::is_unique_violation(e, "name_key") => Error::Validation(vec![taken_error(name)]),
        _ => error,
    }
}

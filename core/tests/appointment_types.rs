mod common;

use clinicdesk_core::appointment_types::MoveDirection;
use clinicdesk_core::domain::{AmountRule, PaymentMode};
use clinicdesk_core::dto::PricingForm;
use clinicdesk_core::Error;
use common::*;
use sqlx::SqlitePool;

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn creates_a_type_with_every_field(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    let mut f = form("  Initial consultation  ", "120");
    f.description = "First visit: history and assessment".into();
    f.duration_minutes = "60".into();
    f.colour = "#2563EB".into();
    let t = create(&desk, f).await.unwrap();
    assert_eq!(t.name, "Initial consultation", "name is trimmed");
    assert_eq!(t.description, "First visit: history and assessment");
    assert_eq!(t.duration_minutes, 60);
    assert_eq!((t.price.minor, t.price.currency.code()), (12000, "AUD"));
    assert_eq!(t.colour, "#2563eb");
    assert!(!t.archived);
    assert_eq!(t.online.mode, PaymentMode::Disabled);
    assert_eq!(t.online_amount, None);
    assert_eq!(desk.appointment_type(t.id).await.unwrap(), t, "what was returned is what was stored");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn each_mode_and_amount_rule(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    let disabled = create(&desk, online(form("Follow-up", "90"), "disabled", "fixed", "999")).await.unwrap();
    assert_eq!(disabled.online.mode, PaymentMode::Disabled);
    assert_eq!(disabled.online.rule, AmountRule::Full, "a hidden rule is not stored while disabled");
    assert_eq!(disabled.online_amount, None);

    let full = create(&desk, online(form("Massage", "90"), "allowed", "full", "")).await.unwrap();
    assert_eq!(full.online.mode, PaymentMode::Allowed);
    assert_eq!(full.online_amount.unwrap().minor, 9000);

    let half = create(&desk, online(form("Physio", "90"), "allowed", "percent", "50")).await.unwrap();
    assert_eq!(half.online_amount.unwrap().minor, 4500);
    let pct = create(&desk, online(form("Odd", "33.33"), "required", "percent", "15%")).await.unwrap();
    assert_eq!(pct.online_amount.unwrap().minor, 500, "15% of 33.33 = 4.9995 → 5.00 (half up)");

    let deposit = create(&desk, online(form("Assessment", "150"), "required", "fixed", "30.00")).await.unwrap();
    assert_eq!(deposit.online.mode, PaymentMode::Required);
    assert_eq!(deposit.online_amount.unwrap().minor, 3000);
    match deposit.online.rule {
        AmountRule::Fixed { amount } => assert_eq!(amount.minor, 3000),
        other => panic!("expected fixed, got {other:?}"),
    }
    let fixed_equal_price = create(&desk, online(form("Prepaid", "30"), "required", "fixed", "30")).await.unwrap();
    assert_eq!(fixed_equal_price.online_amount.unwrap().minor, 3000);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn every_field_rule_is_reported_at_its_field(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    let mut f = form("   ", "-5");
    f.description = "x".repeat(2001);
    f.duration_minutes = "4".into();
    f.colour = "teal".into();
    f.pricing.online_mode = "sometimes".into();
    assert_eq!(
        field_codes(create(&desk, f).await),
        vec![
            pair("name", "required"),
            pair("description", "too_long"),
            pair("durationMinutes", "out_of_range"),
            pair("price", "negative"),
            pair("onlineMode", "invalid_choice"),
            pair("colour", "invalid_colour"),
        ]
    );

    let cases: Vec<(common_form::F, &str, &'static str)> = vec![
        (Box::new(|f| f.name = "n".repeat(101)), "name", "too_long"),
        (Box::new(|f| f.name = "Two\nlines".into()), "name", "invalid_characters"),
        (Box::new(|f| f.duration_minutes = "721".into()), "durationMinutes", "out_of_range"),
        (Box::new(|f| f.duration_minutes = "".into()), "durationMinutes", "required"),
        (Box::new(|f| f.duration_minutes = "30.5".into()), "durationMinutes", "not_a_whole_number"),
        (Box::new(|f| f.pricing.price = "".into()), "price", "required"),
        (Box::new(|f| f.pricing.price = "ninety".into()), "price", "not_an_amount"),
        (Box::new(|f| f.pricing.price = "90.1234".into()), "price", "too_many_decimals"),
        (Box::new(|f| f.pricing.price = "1,200".into()), "price", "ambiguous_amount"),
        (Box::new(|f| f.pricing.price = "1000000.01".into()), "price", "too_large"),
        (
            Box::new(|f| {
                f.pricing.online_mode = "allowed".into();
                f.pricing.amount_rule = "half".into()
            }),
            "amountRule",
            "invalid_choice",
        ),
        (
            Box::new(|f| {
                f.pricing.online_mode = "allowed".into();
                f.pricing.amount_rule = "fixed".into();
                f.pricing.fixed_amount = "".into()
            }),
            "fixedAmount",
            "required",
        ),
        (
            Box::new(|f| {
                f.pricing.online_mode = "allowed".into();
                f.pricing.amount_rule = "fixed".into();
                f.pricing.fixed_amount = "0".into()
            }),
            "fixedAmount",
            "must_be_positive",
        ),
        (
            Box::new(|f| {
                f.pricing.online_mode = "allowed".into();
                f.pricing.amount_rule = "fixed".into();
                f.pricing.fixed_amount = "90.01".into()
            }),
            "fixedAmount",
            "above_price",
        ),
        (
            Box::new(|f| {
                f.pricing.online_mode = "allowed".into();
                f.pricing.amount_rule = "percent".into();
                f.pricing.percentage = "0".into()
            }),
            "percentage",
            "out_of_range",
        ),
        (
            Box::new(|f| {
                f.pricing.online_mode = "allowed".into();
                f.pricing.amount_rule = "percent".into();
                f.pricing.percentage = "101".into()
            }),
            "percentage",
            "out_of_range",
        ),
        (
            Box::new(|f| {
                f.pricing.online_mode = "allowed".into();
                f.pricing.amount_rule = "percent".into();
                f.pricing.percentage = "12.5".into()
            }),
            "percentage",
            "out_of_range",
        ),
    ];
    for (change, field, code) in cases {
        let mut f = form("Valid name", "90");
        change(&mut f);
        assert_eq!(field_codes(create(&desk, f).await), vec![pair(field, code)], "{field} {code}");
    }
    // Boundaries that are allowed.
    let mut f = form(&"n".repeat(100), "1000000");
    f.duration_minutes = "720".into();
    f.description = "d".repeat(2000);
    create(&desk, f).await.unwrap();
    let mut f = form("Short", "0");
    f.duration_minutes = "5".into();
    create(&desk, f).await.unwrap();
    assert_eq!(desk.list_appointment_types(true).await.unwrap().len(), 2, "only the valid ones were saved");
}

mod common_form {
    pub type F = Box<dyn Fn(&mut clinicdesk_core::dto::AppointmentTypeForm)>;
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn online_amount_must_reach_stripes_minimum(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    // A$0.49 full price, required: below A$0.50.
    let err = create(&desk, online(form("Tiny", "0.49"), "required", "full", "")).await;
    assert_eq!(field_codes(err), vec![pair("price", "below_minimum_charge")]);
    // A free type can't take online payment either.
    let err = create(&desk, online(form("Free", "0"), "allowed", "full", "")).await;
    assert_eq!(field_codes(err), vec![pair("price", "below_minimum_charge")]);
    // 1% of A$40 is A$0.40.
    let err = create(&desk, online(form("Cheap deposit", "40"), "allowed", "percent", "1")).await;
    assert_eq!(field_codes(err), vec![pair("percentage", "below_minimum_charge")]);
    let err = create(&desk, online(form("Tiny deposit", "40"), "required", "fixed", "0.30")).await;
    match err {
        Err(Error::Validation(errors)) => {
            assert_eq!((errors[0].field.as_str(), errors[0].code), ("fixedAmount", "below_minimum_charge"));
            assert_eq!(errors[0].params["minimumMinor"], 50);
            assert_eq!(errors[0].params["amountMinor"], 30);
        }
        other => panic!("{other:?}"),
    }
    // Exactly the minimum is fine; disabled types may be free.
    create(&desk, online(form("Minimum", "0.50"), "required", "full", "")).await.unwrap();
    create(&desk, form("Free check", "0")).await.unwrap();
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn minimums_follow_the_currency(pool: SqlitePool) {
    let desk = desk_in(pool, "GBP").await;
    create(&desk, online(form("Pounds", "0.30"), "required", "full", "")).await.unwrap();
    let err = create(&desk, online(form("Too few pounds", "0.29"), "required", "full", "")).await;
    assert_eq!(field_codes(err), vec![pair("price", "below_minimum_charge")]);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn zero_decimal_currency(pool: SqlitePool) {
    let desk = desk_in(pool, "JPY").await;
    let t = create(&desk, online(form("Shiatsu", "5,000.0"), "required", "percent", "33")).await;
    // "5,000.0": both separators, so ',' groups and '.0' is a zero fraction.
    let t = t.unwrap();
    assert_eq!(t.price.minor, 5000);
    assert_eq!(t.price.currency.exponent(), 0);
    assert_eq!(t.online_amount.unwrap().minor, 1650);
    let odd = create(&desk, online(form("Odd yen", "101"), "allowed", "percent", "50")).await.unwrap();
    assert_eq!(odd.online_amount.unwrap().minor, 51, "¥50.5 rounds half up to ¥51");
    let err = create(&desk, form("Fractional yen", "100.5")).await;
    assert_eq!(field_codes(err), vec![pair("price", "too_many_decimals")]);
    let err = create(&desk, online(form("Small yen", "49"), "required", "full", "")).await;
    assert_eq!(field_codes(err), vec![pair("price", "below_minimum_charge")]);
    create(&desk, form("Max yen", "1000000")).await.unwrap();
    assert_eq!(field_codes(create(&desk, form("Too many yen", "1000001")).await), vec![pair("price", "too_large")]);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn names_are_unique_among_active_types_ignoring_case(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    let first = create(&desk, form("Massage", "90")).await.unwrap();
    assert_eq!(field_codes(create(&desk, form("MASSAGE ", "80")).await), vec![pair("name", "taken")]);
    create(&desk, form("Ärztliche Beratung", "80")).await.unwrap();
    // Unicode case folding, which SQL lower() would miss.
    assert_eq!(field_codes(create(&desk, form("ärztliche beratung", "80")).await), vec![pair("name", "taken")]);
    // A taken name is reported together with the form's other problems.
    let err = create(&desk, online(form("massage", "0.10"), "required", "full", "")).await;
    assert_eq!(field_codes(err), vec![pair("name", "taken"), pair("price", "below_minimum_charge")]);

    // Archived types don't hold their name...
    desk.archive_appointment_type(first.id).await.unwrap();
    let second = create(&desk, form("Massage", "95")).await.unwrap();
    // ...but restoring one whose name was reused is refused, clearly.
    match desk.restore_appointment_type(first.id).await {
        Err(Error::Refused { code: "name_taken", message }) => assert!(message.contains("Massage"), "{message}"),
        other => panic!("{other:?}"),
    }
    // Renaming while editing checks too, but keeping one's own name is fine.
    let other = create(&desk, form("Remedial massage", "120")).await.unwrap();
    assert_eq!(field_codes(update(&desk, other.id, form("massage", "120")).await), vec![pair("name", "taken")]);
    update(&desk, second.id, form("Massage", "99")).await.unwrap();
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn editing_replaces_fields_and_bad_input_changes_nothing(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    let t = create(&desk, online(form("Physio", "90"), "allowed", "percent", "50")).await.unwrap();
    let mut f = online(form("Physiotherapy", "100"), "required", "fixed", "30");
    f.duration_minutes = "45".into();
    let edited = update(&desk, t.id, f).await.unwrap();
    assert_eq!(edited.name, "Physiotherapy");
    assert_eq!(edited.duration_minutes, 45);
    assert_eq!(edited.price.minor, 10000);
    assert_eq!(edited.online.mode, PaymentMode::Required);
    assert_eq!(edited.online_amount.unwrap().minor, 3000);
    assert_eq!(edited.created_at, t.created_at);

    // A bad edit is refused and the stored type stays exactly as it was.
    let before = desk.appointment_type(t.id).await.unwrap();
    let err = update(&desk, t.id, online(form("", "20"), "required", "fixed", "30")).await;
    assert_eq!(field_codes(err), vec![pair("name", "required")]);
    let err = update(&desk, t.id, online(form("Physiotherapy", "20"), "required", "fixed", "30")).await;
    assert_eq!(field_codes(err), vec![pair("fixedAmount", "above_price")]);
    assert_eq!(desk.appointment_type(t.id).await.unwrap(), before);
    assert_eq!(desk.appointment_type_history(t.id).await.unwrap().len(), 3, "created + payment + details, no more");

    match update(&desk, clinicdesk_core::domain::AppointmentTypeId(9999), form("Ghost", "1")).await {
        Err(Error::NotFound { .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn archive_and_restore(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    let a = create(&desk, form("A", "10")).await.unwrap();
    let b = create(&desk, form("B", "10")).await.unwrap();
    let archived = desk.archive_appointment_type(a.id).await.unwrap();
    assert!(archived.archived);
    let names = |ts: Vec<clinicdesk_core::appointment_types::AppointmentType>| {
        ts.into_iter().map(|t| t.name).collect::<Vec<_>>()
    };
    assert_eq!(names(desk.list_appointment_types(false).await.unwrap()), vec!["B"]);
    assert_eq!(names(desk.list_appointment_types(true).await.unwrap()), vec!["B", "A"], "archived last");
    assert!(matches!(desk.archive_appointment_type(a.id).await, Err(Error::Refused { code: "already_archived", .. })));
    let restored = desk.restore_appointment_type(a.id).await.unwrap();
    assert!(!restored.archived);
    assert_eq!(names(desk.list_appointment_types(false).await.unwrap()), vec!["B", "A"], "restored at the end");
    assert!(matches!(desk.restore_appointment_type(b.id).await, Err(Error::Refused { code: "not_archived", .. })));
    let actions: Vec<String> =
        desk.appointment_type_history(a.id).await.unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(actions, vec!["created", "archived", "restored"]);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn reorder_with_up_and_down(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    let a = create(&desk, form("A", "10")).await.unwrap();
    let b = create(&desk, form("B", "10")).await.unwrap();
    let c = create(&desk, form("C", "10")).await.unwrap();
    let order = |ts: Vec<clinicdesk_core::appointment_types::AppointmentType>| {
        ts.into_iter().map(|t| t.name).collect::<Vec<_>>()
    };
    assert_eq!(order(desk.move_appointment_type(c.id, MoveDirection::Up).await.unwrap()), vec!["A", "C", "B"]);
    assert_eq!(order(desk.move_appointment_type(c.id, MoveDirection::Up).await.unwrap()), vec!["C", "A", "B"]);
    assert_eq!(
        order(desk.move_appointment_type(c.id, MoveDirection::Up).await.unwrap()),
        vec!["C", "A", "B"],
        "top stays top"
    );
    assert_eq!(order(desk.move_appointment_type(a.id, MoveDirection::Down).await.unwrap()), vec!["C", "B", "A"]);
    assert_eq!(
        order(desk.move_appointment_type(a.id, MoveDirection::Down).await.unwrap()),
        vec!["C", "B", "A"],
        "bottom stays"
    );
    // Archived types are skipped when moving past them.
    desk.archive_appointment_type(b.id).await.unwrap();
    assert_eq!(order(desk.move_appointment_type(a.id, MoveDirection::Up).await.unwrap()), vec!["A", "C"]);
    assert!(matches!(
        desk.move_appointment_type(b.id, MoveDirection::Up).await,
        Err(Error::Refused { code: "archived", .. })
    ));
    assert_eq!(order(desk.list_appointment_types(false).await.unwrap()), vec!["A", "C"], "order persists");
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn payment_setting_changes_are_audited(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    let t = create(&desk, form("Consult", "80")).await.unwrap();
    update(&desk, t.id, online(form("Consult", "80"), "required", "percent", "25")).await.unwrap();
    // Same settings again: nothing to audit.
    update(&desk, t.id, online(form("Consult", "80"), "required", "percent", "25")).await.unwrap();
    // A price change moves the percentage's amount: that is a payment change too.
    update(&desk, t.id, online(form("Consult", "100"), "required", "percent", "25")).await.unwrap();

    let history = desk.appointment_type_history(t.id).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["created", "payment_settings_changed", "payment_settings_changed", "details_changed"]);
    let change: serde_json::Value = serde_json::from_str(history[1].after_json.as_deref().unwrap()).unwrap();
    let before: serde_json::Value = serde_json::from_str(history[1].before_json.as_deref().unwrap()).unwrap();
    assert_eq!(before["online"]["mode"], "disabled");
    assert_eq!(change["online"]["mode"], "required");
    assert_eq!(change["online"]["rule"]["kind"], "percent");
    assert_eq!(change["online"]["rule"]["percent"], 25);
    assert_eq!(change["onlineAmount"]["minor"], 2000);
    let later: serde_json::Value = serde_json::from_str(history[2].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(later["onlineAmount"]["minor"], 2500);
    assert!(!history[1].at.is_empty() && !history[1].workstation.is_empty());

    // The log is append-only, enforced by the database itself.
    let denied = common::raw!(desk.db(), e => sqlx::query("DELETE FROM audit_log").execute(e).await.map(|_| ()));
    assert!(denied.unwrap_err().to_string().contains("append-only"));
    let denied =
        common::raw!(desk.db(), e => sqlx::query("UPDATE audit_log SET action = 'x'").execute(e).await.map(|_| ()));
    assert!(denied.is_err());
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn check_constraints_guard_the_table(pool: SqlitePool) {
    // Even SQL that bypasses the domain can't store an impossible rule.
    let desk = desk_in(pool, "AUD").await;
    let t = create(&desk, online(form("Guarded", "50"), "required", "fixed", "20")).await.unwrap();
    for bad in [
        "UPDATE appointment_types SET online_fixed_minor = 6000 WHERE id = $1",
        "UPDATE appointment_types SET online_amount_rule = 'percent' WHERE id = $1",
        "UPDATE appointment_types SET online_mode = 'sometimes' WHERE id = $1",
        "UPDATE appointment_types SET duration_minutes = 1 WHERE id = $1",
        "UPDATE appointment_types SET online_amount_rule = 'full' WHERE id = $1",
    ] {
        let result = common::raw!(desk.db(), e => sqlx::query(bad).bind(t.id.0).execute(e).await.map(|_| ()));
        assert!(result.is_err(), "{bad} was accepted");
    }
    assert_eq!(desk.appointment_type(t.id).await.unwrap(), t);
}

#[sqlx::test(migrator = "clinicdesk_core::db::MIGRATOR")]
async fn preview_matches_what_saving_stores(pool: SqlitePool) {
    let desk = desk_in(pool, "AUD").await;
    let pricing =
        |price: &str, mode: &str, rule: &str, value: &str| online(form("x", price), mode, rule, value).pricing;
    let p = desk.preview_pricing(pricing("90", "allowed", "percent", "50").try_into().unwrap()).await.unwrap();
    assert_eq!((p.price.minor, p.online_amount.unwrap().minor, p.minimum_charge.minor), (9000, 4500, 50));
    let p = desk.preview_pricing(pricing("90", "disabled", "", "").try_into().unwrap()).await.unwrap();
    assert_eq!(p.online_amount, None);
    let bad: Result<clinicdesk_core::dto::PricingDraft, _> =
        PricingForm { price: "abc".into(), ..pricing("1", "allowed", "full", "") }.try_into();
    assert_eq!(field_codes(bad), vec![pair("price", "not_an_amount")]);
    let below = desk.preview_pricing(pricing("0.20", "required", "full", "").try_into().unwrap()).await;
    assert_eq!(field_codes(below), vec![pair("price", "below_minimum_charge")]);
}

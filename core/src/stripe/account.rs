//! The parts of the connected Account we keep (`GET /v1/account`), read from
//! Stripe's JSON rather than through async-stripe's generated Account type
//! (its deserializer was a large part of the binary for five fields).

use super::billing::{BillingError, StripeAccount};
use serde::Deserialize;

#[derive(Deserialize)]
struct RawAccount {
    id: String,
    country: Option<String>,
    default_currency: Option<String>,
    business_profile: Option<BusinessProfile>,
    settings: Option<Settings>,
}

#[derive(Deserialize)]
struct BusinessProfile {
    name: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct Settings {
    dashboard: Option<Dashboard>,
}

#[derive(Deserialize)]
struct Dashboard {
    display_name: Option<String>,
}

pub(crate) fn read_account(json: &str) -> Result<StripeAccount, BillingError> {
    let a: RawAccount = serde_json::from_str(json).map_err(|e| {
        tracing::error!(error = %e, "Stripe's Account could not be read");
        BillingError::Malformed
    })?;
    let profile = a.business_profile.as_ref();
    // What the clinic called itself in Stripe, else its business name.
    let display_name = a
        .settings
        .and_then(|s| s.dashboard)
        .and_then(|d| d.display_name)
        .or_else(|| profile.and_then(|b| b.name.clone()))
        .unwrap_or_default();
    Ok(StripeAccount {
        id: a.id,
        display_name,
        country: a.country.unwrap_or_default(),
        default_currency: a.default_currency.unwrap_or_default().to_ascii_lowercase(),
        business_url: profile.and_then(|b| b.url.clone()).filter(|u| !u.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_name_wins_over_the_business_name() {
        let account = read_account(
            r#"{"id":"acct_1","object":"account","country":"AU","default_currency":"aud",
                "business_profile":{"name":"Harbourside Pty Ltd","url":"https://harbourside.example"},
                "settings":{"dashboard":{"display_name":"Harbourside Physio","timezone":"Australia/Sydney"}}}"#,
        )
        .unwrap();
        assert_eq!(account.display_name, "Harbourside Physio");
        assert_eq!((account.country.as_str(), account.default_currency.as_str()), ("AU", "aud"));
        assert_eq!(account.business_url.as_deref(), Some("https://harbourside.example"));
    }

    #[test]
    fn missing_parts_are_empty_and_a_non_account_is_malformed() {
        let bare = read_account(
            r#"{"id":"acct_2","object":"account","business_profile":{"name":"Bay Clinic","url":""},"settings":null}"#,
        )
        .unwrap();
        assert_eq!((bare.display_name.as_str(), bare.country.as_str(), bare.business_url), ("Bay Clinic", "", None));
        assert_eq!(read_account(r#"{"error":{}}"#).unwrap_err(), BillingError::Malformed);
    }
}

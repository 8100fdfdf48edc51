//! How a payment link is handed over (QR code, a `mailto:` message) and the
//! words for what went wrong with Stripe.

use super::Problem;
use crate::stripe::BillingError;

pub fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color>().min_dimensions(180, 180).quiet_zone(true).build(),
        Err(e) => {
            tracing::error!(error = %e, "payment link too long for a QR code");
            String::new()
        }
    }
}

/// RFC 3986 percent-encoding for a `mailto:` address or query value.
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

/// A `mailto:` link the OS hands to the mail app.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    format!("mailto:{}?subject={}&body={}", encode(to), encode(subject), encode(body))
}

/// Stripe gave no usable answer: the attempt stays `creating` and is sent
/// again with the same key and parameters.
pub(crate) fn problem_for(e: &BillingError) -> Problem {
    let message = match e {
        BillingError::Timeout => "Stripe did not answer in time. The booking is saved; retry the payment link in a moment.",
        BillingError::Network => "Stripe could not be reached. The booking is saved; check the internet connection and retry the payment link.",
        BillingError::NoTrustedCertificates => "This computer can't make a secure connection (its certificate store is empty). The booking is saved; ask whoever looks after this computer to repair it.",
        _ => "Stripe is having problems right now. The booking is saved; retry the payment link in a few minutes.",
    };
    Problem::new("stripe_unavailable", message)
}

/// Stripe said no: the attempt is `failed`, with Stripe's code.
pub(crate) fn refusal(e: &BillingError) -> Problem {
    match e {
        BillingError::InvalidKey => Problem::new(
            "stripe_invalid_key",
            "Stripe no longer accepts the clinic's key — reconnect in Settings → Integrations.",
        ),
        BillingError::PermissionDenied { .. } => Problem::new(
            "stripe_permission_missing",
            "The Stripe key lacks permission to create Checkout Sessions — allow it in the Stripe Dashboard.",
        ),
        BillingError::Refused { code, param, .. } => {
            tracing::error!(%code, ?param, "Stripe refused a payment link");
            let at = param.as_deref().map(|p| format!(", at {p}")).unwrap_or_default();
            Problem::new(code, format!("Stripe refused to create the payment link ({code}{at})."))
        }
        other => Problem::new("stripe_error", other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_encodes_everything_outside_the_unreserved_set() {
        let link = mailto("sam+1@example.com", "Pay & book", "Line 1\nhttps://x/?a=1&b=2");
        assert_eq!(
            link,
            "mailto:sam%2B1%40example.com?subject=Pay%20%26%20book&body=Line%201%0Ahttps%3A%2F%2Fx%2F%3Fa%3D1%26b%3D2"
        );
    }
}

//! Money, dates and methods as printed on documents (the UI words them with
//! Intl in the window; a PDF is made here, so Rust words them the same way
//! for the clinic's locale family: "A$1,234.50", "Sat 28 Nov 2026").

use crate::domain::{Money, PaymentMethod};

/// The symbol Intl shows in English for the currencies clinics use most;
/// others print their ISO code ("CHF 12.00").
fn symbol(code: &str) -> Option<&'static str> {
    Some(match code {
        "AUD" => "A$",
        "USD" => "$",
        "NZD" => "NZ$",
        "CAD" => "CA$",
        "GBP" => "£",
        "EUR" => "€",
        "JPY" => "¥",
        "SGD" => "SGD ",
        "HKD" => "HK$",
        "INR" => "₹",
        _ => return None,
    })
}

pub fn money(m: Money) -> String {
    let exp = u32::from(m.currency.exponent());
    let per = 10_u64.pow(exp);
    let abs = m.minor.unsigned_abs();
    let whole = (abs / per).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let number = if exp == 0 { grouped } else { format!("{grouped}.{:0w$}", abs % per, w = exp as usize) };
    let sign = if m.minor < 0 { "-" } else { "" };
    match symbol(m.currency.code()) {
        Some(s) => format!("{sign}{s}{number}"),
        None => format!("{sign}{} {number}", m.currency.code()),
    }
}

pub fn method(m: PaymentMethod) -> &'static str {
    match m {
        PaymentMethod::Online => "Card, online",
        PaymentMethod::Card => "Card at the desk",
        PaymentMethod::Cash => "Cash",
        PaymentMethod::HealthFund => "Health fund",
        PaymentMethod::BankTransfer => "Bank transfer",
        PaymentMethod::Other => "Other",
    }
}

/// "Sat 28 Nov 2026".
pub fn date(d: jiff::civil::Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    #[test]
    fn money_reads_as_people_write_it() {
        let aud = Currency::from_code("AUD").unwrap();
        assert_eq!(money(Money::new(123450, aud)), "A$1,234.50");
        assert_eq!(money(Money::new(-5, aud)), "-A$0.05");
        assert_eq!(money(Money::new(100_000_000, aud)), "A$1,000,000.00");
        assert_eq!(money(Money::new(1500, Currency::from_code("JPY").unwrap())), "¥1,500");
        assert_eq!(money(Money::new(1200, Currency::from_code("CHF").unwrap())), "CHF 12.00");
        assert_eq!(date(jiff::civil::date(2026, 11, 28)), "Sat 28 Nov 2026");
    }
}

//! Money as integer minor units of an ISO 4217 currency, never a float.

use serde::Serialize;
use std::fmt;

/// What Clinicdesk needs to know about a currency it can take payments in.
#[derive(Debug, PartialEq, Eq)]
pub struct CurrencyInfo {
    pub code: &'static str,
    /// ISO 4217 minor-unit exponent (2 for AUD, 0 for JPY).
    pub exponent: u8,
    /// Stripe's minimum charge, in minor units.
    pub min_charge_minor: i64,
}

/// The currencies Stripe can settle in, with Stripe's published minimum charge
/// amounts. A clinic's currency is the one it is paid out in, so the list is
/// limited to these: for any other Stripe publishes no minimum we could check.
const CURRENCIES: &[CurrencyInfo] = &[
    CurrencyInfo { code: "AED", exponent: 2, min_charge_minor: 200 },
    CurrencyInfo { code: "AUD", exponent: 2, min_charge_minor: 50 },
    CurrencyInfo { code: "BGN", exponent: 2, min_charge_minor: 100 },
    CurrencyInfo { code: "BRL", exponent: 2, min_charge_minor: 50 },
    CurrencyInfo { code: "CAD", exponent: 2, min_charge_minor: 50 },
    CurrencyInfo { code: "CHF", exponent: 2, min_charge_minor: 50 },
    CurrencyInfo { code: "CZK", exponent: 2, min_charge_minor: 1500 },
    CurrencyInfo { code: "DKK", exponent: 2, min_charge_minor: 250 },
    CurrencyInfo { code: "EUR", exponent: 2, min_charge_minor: 50 },
    CurrencyInfo { code: "GBP", exponent: 2, min_charge_minor: 30 },
    CurrencyInfo { code: "HKD", exponent: 2, min_charge_minor: 400 },
    CurrencyInfo { code: "HUF", exponent: 2, min_charge_minor: 17500 },
    CurrencyInfo { code: "INR", exponent: 2, min_charge_minor: 50 },
    CurrencyInfo { code: "JPY", exponent: 0, min_charge_minor: 50 },
    CurrencyInfo { code: "MXN", exponent: 2, min_charge_minor: 1000 },
    CurrencyInfo { code: "MYR", exponent: 2, min_charge_minor: 200 },
    CurrencyInfo { code: "NOK", exponent: 2, min_charge_minor: 300 },
    CurrencyInfo { code: "NZD", exponent: 2, min_charge_minor: 50 },
    CurrencyInfo { code: "PLN", exponent: 2, min_charge_minor: 200 },
    CurrencyInfo { code: "RON", exponent: 2, min_charge_minor: 200 },
    CurrencyInfo { code: "SEK", exponent: 2, min_charge_minor: 300 },
    CurrencyInfo { code: "SGD", exponent: 2, min_charge_minor: 50 },
    CurrencyInfo { code: "THB", exponent: 2, min_charge_minor: 1000 },
    CurrencyInfo { code: "USD", exponent: 2, min_charge_minor: 50 },
];

/// A currency Clinicdesk supports. Copyable, compared by code.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Currency(&'static CurrencyInfo);

impl Currency {
    pub const AUD: Currency = Currency(&CURRENCIES[1]);

    /// Looks a code up case-insensitively ("aud" and "AUD" are the same).
    pub fn from_code(code: &str) -> Option<Currency> {
        let code = code.trim();
        CURRENCIES.iter().find(|c| c.code.eq_ignore_ascii_case(code)).map(Currency)
    }

    pub fn all() -> impl Iterator<Item = Currency> {
        CURRENCIES.iter().map(Currency)
    }

    pub fn code(self) -> &'static str {
        self.0.code
    }

    /// Lower-case code, as Stripe wants it.
    pub fn stripe_code(self) -> String {
        self.0.code.to_ascii_lowercase()
    }

    pub fn exponent(self) -> u8 {
        self.0.exponent
    }

    /// How many minor units one major unit holds (100 for AUD, 1 for JPY).
    pub fn minor_per_major(self) -> i64 {
        10_i64.pow(u32::from(self.0.exponent))
    }

    /// The smallest amount Stripe will charge in this currency.
    pub fn min_charge(self) -> Money {
        Money { minor: self.0.min_charge_minor, currency: self }
    }

    /// The currency most likely used where the OS locale says we are
    /// (`en-AU` → AUD), or AUD when the locale names no region we know.
    pub fn for_locale(locale: &str) -> Currency {
        let region = locale
            .split(['-', '_', '.', '@'])
            .skip(1)
            .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
            .map(|r| r.to_ascii_uppercase());
        let code = match region.as_deref() {
            Some("AU") => "AUD",
            Some("NZ") => "NZD",
            Some("GB") | Some("UK") => "GBP",
            Some("US") => "USD",
            Some("CA") => "CAD",
            Some("CH") | Some("LI") => "CHF",
            Some("JP") => "JPY",
            Some("SG") => "SGD",
            Some("HK") => "HKD",
            Some("IN") => "INR",
            Some("MX") => "MXN",
            Some("MY") => "MYR",
            Some("NO") => "NOK",
            Some("SE") => "SEK",
            Some("DK") => "DKK",
            Some("PL") => "PLN",
            Some("RO") => "RON",
            Some("CZ") => "CZK",
            Some("HU") => "HUF",
            Some("TH") => "THB",
            Some("AE") => "AED",
            Some("BR") => "BRL",
            Some(
                "AT" | "BE" | "BG" | "CY" | "DE" | "EE" | "ES" | "FI" | "FR" | "GR" | "HR" | "IE" | "IT" | "LT" | "LU"
                | "LV" | "MT" | "NL" | "PT" | "SI" | "SK",
            ) => "EUR",
            _ => "AUD",
        };
        Currency::from_code(code).unwrap_or(Currency::AUD)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.code)
    }
}

/// An amount of money: integer minor units and the currency they are in.
/// Serialised for the UI as `{ minor, currency, exponent }`; the UI formats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Money", 3)?;
        st.serialize_field("minor", &self.minor)?;
        st.serialize_field("currency", self.currency.code())?;
        st.serialize_field("exponent", &self.currency.exponent())?;
        st.end()
    }
}

/// Plain "90.00 AUD": for logs and fallback messages only; the UI formats
/// money for people with `Intl.NumberFormat`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let exp = usize::from(self.currency.exponent());
        let per = self.currency.minor_per_major();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exp == 0 {
            write!(f, "{sign}{abs} {}", self.currency)
        } else {
            let per = per as u64;
            write!(f, "{sign}{}.{:0exp$} {}", abs / per, abs % per, self.currency)
        }
    }
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// `percent` % of this amount, rounded half up to the currency's minor
    /// unit and never more than the amount itself.
    pub fn percent(self, percent: Percentage) -> Money {
        let scaled = i128::from(self.minor) * i128::from(percent.get());
        let rounded = (scaled + 50).div_euclid(100);
        let minor = i64::try_from(rounded).unwrap_or(i64::MAX).min(self.minor);
        Money { minor, currency: self.currency }
    }
}

/// A whole percentage from 1 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Percentage(u8);

impl Percentage {
    pub fn new(value: i64) -> Option<Percentage> {
        (1..=100).contains(&value).then_some(Percentage(value as u8))
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

/// Why text could not be read as an amount of money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    Negative,
    TooManyDecimals {
        max: u8,
    },
    TooLarge,
    /// "1,234" in a two-decimal currency: 1234 or 1.234?
    Ambiguous,
}

/// A non-negative decimal number as a person typed it ("90", "90.00",
/// "90,00", "1,234.50", "1.234,50"), before we know the currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalAmount {
    /// The digits without a separator: "90.50" is 9050 with scale 2.
    mantissa: u128,
    scale: u8,
    /// One separator followed by exactly three digits ("5,000", "1.234"):
    /// thousands for a currency without decimals; for one with two, it could
    /// be either, and with money we ask rather than guess.
    maybe_grouped: bool,
}

impl DecimalAmount {
    /// Converts to minor units of `currency`. Trailing zeros beyond the
    /// currency's exponent are fine ("90.000" AUD); other digits are not.
    pub fn to_money(self, currency: Currency) -> Result<Money, AmountError> {
        let exp = currency.exponent();
        let (mut mantissa, mut scale) = (self.mantissa, self.scale);
        if self.maybe_grouped {
            match exp {
                0 => scale = 0,
                1 | 2 => return Err(AmountError::Ambiguous),
                _ => {}
            }
        }
        while scale > exp && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        if scale > exp {
            return Err(AmountError::TooManyDecimals { max: exp });
        }
        let minor = mantissa
            .checked_mul(10_u128.pow(u32::from(exp - scale)))
            .and_then(|m| i64::try_from(m).ok())
            .ok_or(AmountError::TooLarge)?;
        Ok(Money::new(minor, currency))
    }
}

impl TryFrom<&str> for DecimalAmount {
    type Error = AmountError;

    fn try_from(text: &str) -> Result<Self, AmountError> {
        let text: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
        if text.is_empty() {
            return Err(AmountError::Empty);
        }
        if text.starts_with('-') {
            return Err(AmountError::Negative);
        }
        let text = text.strip_prefix('+').unwrap_or(&text);
        if !text.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            || !text.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return Err(AmountError::NotANumber);
        }
        // One separator, used once, is the decimal point whichever it is
        // (unless three digits follow it: see `maybe_grouped`). With
        // both kinds, or one kind used more than once, the last one is the
        // decimal point only if it differs from the rest, which group thousands.
        let seps: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| !c.is_ascii_digit()).collect();
        let (int_part, frac_part) = match seps.as_slice() {
            [] => (text.to_string(), String::new()),
            [(i, _)] => (text[..*i].to_string(), text[i + 1..].to_string()),
            [.., (last_i, last_c)] => {
                let grouping: Vec<&(usize, char)> = seps[..seps.len() - 1].iter().collect();
                let all_same = seps.iter().all(|(_, c)| c == last_c);
                let group_char = if all_same { *last_c } else { grouping[0].1 };
                if grouping.iter().any(|(_, c)| *c != group_char) {
                    return Err(AmountError::NotANumber);
                }
                let (int_text, frac) = if all_same {
                    (text.to_string(), String::new())
                } else {
                    (text[..*last_i].to_string(), text[last_i + 1..].to_string())
                };
                let groups: Vec<&str> = int_text.split(group_char).collect();
                let well_grouped =
                    !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
                if !well_grouped {
                    return Err(AmountError::NotANumber);
                }
                (groups.concat(), frac)
            }
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(AmountError::NotANumber);
        }
        if frac_part.len() > 18 || int_part.len() > 18 {
            return Err(AmountError::TooLarge);
        }
        let maybe_grouped = seps.len() == 1 && frac_part.len() == 3 && (1..=3).contains(&int_part.len());
        let digits = format!("{int_part}{frac_part}");
        let mantissa: u128 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| AmountError::NotANumber)? };
        Ok(DecimalAmount { mantissa, scale: frac_part.len() as u8, maybe_grouped })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn aud() -> Currency {
        Currency::from_code("aud").unwrap()
    }
    fn jpy() -> Currency {
        Currency::from_code("JPY").unwrap()
    }
    fn parse(text: &str, c: Currency) -> Result<i64, AmountError> {
        DecimalAmount::try_from(text)?.to_money(c).map(|m| m.minor)
    }

    #[test]
    fn reads_what_people_type() {
        assert_eq!(parse("90", aud()), Ok(9000));
        assert_eq!(parse("90.00", aud()), Ok(9000));
        assert_eq!(parse("90,00", aud()), Ok(9000));
        assert_eq!(parse(" 90.5 ", aud()), Ok(9050));
        assert_eq!(parse("1,234.50", aud()), Ok(123450));
        assert_eq!(parse("1.234,50", aud()), Ok(123450));
        assert_eq!(parse("1 234,50", aud()), Ok(123450));
        assert_eq!(parse("1,234,567", aud()), Ok(123456700));
        assert_eq!(parse(".5", aud()), Ok(50));
        assert_eq!(parse("90.0", aud()), Ok(9000));
        assert_eq!(parse("90.00000", aud()), Ok(9000));
        // Three digits after a lone separator: thousands or a typo? Ask.
        assert_eq!(parse("1,234", aud()), Err(AmountError::Ambiguous));
        assert_eq!(parse("90.000", aud()), Err(AmountError::Ambiguous));
        assert_eq!(parse("5000", jpy()), Ok(5000));
        assert_eq!(parse("5,000", jpy()), Ok(5000));
        assert_eq!(parse("5.5", jpy()), Err(AmountError::TooManyDecimals { max: 0 }));
        assert_eq!(parse("5.0", jpy()), Ok(5));
        assert_eq!(parse("1,234,567", jpy()), Ok(1234567));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(parse("", aud()), Err(AmountError::Empty));
        assert_eq!(parse("   ", aud()), Err(AmountError::Empty));
        assert_eq!(parse("-5", aud()), Err(AmountError::Negative));
        assert_eq!(parse("abc", aud()), Err(AmountError::NotANumber));
        assert_eq!(parse("9O", aud()), Err(AmountError::NotANumber));
        assert_eq!(parse("1,23,4.00", aud()), Err(AmountError::NotANumber));
        assert_eq!(parse("1.2.3", aud()), Err(AmountError::NotANumber));
        assert_eq!(parse(".", aud()), Err(AmountError::NotANumber));
        assert_eq!(parse("90.1234", aud()), Err(AmountError::TooManyDecimals { max: 2 }));
        assert_eq!(parse("1234.567", aud()), Err(AmountError::TooManyDecimals { max: 2 }));
        assert_eq!(parse("1e5", aud()), Err(AmountError::NotANumber));
        assert_eq!(parse("99999999999999999999", aud()), Err(AmountError::TooLarge));
    }

    #[test]
    fn percentages_round_half_up() {
        let p = |v| Percentage::new(v).unwrap();
        assert_eq!(Money::new(9000, aud()).percent(p(50)).minor, 4500);
        assert_eq!(Money::new(1, aud()).percent(p(50)).minor, 1); // 0.5 → 1
        assert_eq!(Money::new(3333, aud()).percent(p(15)).minor, 500); // 499.95 → 500
        assert_eq!(Money::new(101, jpy()).percent(p(50)).minor, 51); // ¥50.5 → ¥51
        assert_eq!(Money::new(99, jpy()).percent(p(33)).minor, 33); // ¥32.67 → ¥33
        assert_eq!(Money::new(0, aud()).percent(p(100)).minor, 0);
        assert!(Percentage::new(0).is_none());
        assert!(Percentage::new(101).is_none());
    }

    #[test]
    fn currency_codes_and_locales() {
        assert_eq!(Currency::from_code("gbp").unwrap().code(), "GBP");
        assert_eq!(Currency::from_code("GBP").unwrap().stripe_code(), "gbp");
        assert!(Currency::from_code("XYZ").is_none());
        assert_eq!(Currency::for_locale("en_AU.UTF-8").code(), "AUD");
        assert_eq!(Currency::for_locale("de-DE").code(), "EUR");
        assert_eq!(Currency::for_locale("ja-JP").code(), "JPY");
        assert_eq!(Currency::for_locale("en-GB").code(), "GBP");
        assert_eq!(Currency::for_locale("C").code(), "AUD");
        assert_eq!(Currency::for_locale("en").code(), "AUD");
        assert_eq!(jpy().min_charge().minor, 50);
        assert_eq!(Currency::from_code("GBP").unwrap().min_charge().minor, 30);
    }

    proptest! {
        #[test]
        fn percent_is_never_above_the_amount_and_rounds_half_up(minor in 0i64..=100_000_000, pct in 1i64..=100) {
            let amount = Money::new(minor, aud()).percent(Percentage::new(pct).unwrap());
            prop_assert!(amount.minor <= minor);
            prop_assert!(amount.minor >= 0);
            // Half up: exact − rounded is in [−0.5, 0.5), here in hundredths.
            let exact_x100 = i128::from(minor) * i128::from(pct);
            let diff = exact_x100 - i128::from(amount.minor) * 100;
            prop_assert!((-50..50).contains(&diff), "diff {} for {} × {}%", diff, minor, pct);
            if pct == 100 { prop_assert_eq!(amount.minor, minor); }
        }

        #[test]
        fn formatted_amounts_read_back_exactly(minor in 0i64..=100_000_000, comma in any::<bool>(), group in any::<bool>()) {
            let major = minor / 100;
            let cents = minor % 100;
            let (dec, grp) = if comma { (',', '.') } else { ('.', ',') };
            let int_text = if group {
                let s = major.to_string();
                let mut out = String::new();
                for (i, ch) in s.chars().enumerate() {
                    if i > 0 && (s.len() - i) % 3 == 0 { out.push(grp); }
                    out.push(ch);
                }
                out
            } else { major.to_string() };
            let text = format!("{int_text}{dec}{cents:02}");
            prop_assert_eq!(parse(&text, aud()), Ok(minor));
        }

        #[test]
        fn zero_decimal_amounts_take_no_decimals(yen in 0i64..=1_000_000, frac in 1u8..=99) {
            prop_assert_eq!(parse(&yen.to_string(), jpy()), Ok(yen));
            let with_frac = format!("{yen}.{frac:02}");
            prop_assert_eq!(parse(&with_frac, jpy()), Err(AmountError::TooManyDecimals { max: 0 }));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,30}") {
            let _ = DecimalAmount::try_from(text.as_str()).map(|d| d.to_money(aud()));
        }
    }
}

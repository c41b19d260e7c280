//! Numbers and amounts written the Dutch way: € 1.234,56 and 1.260 uur.

use rust_decimal::Decimal;

/// "€ 1.234,56": always two decimals, thousands separated by points.
pub fn money(amount: Decimal) -> String {
    let negative = amount.is_sign_negative() && !amount.is_zero();
    let cents = amount.abs().round_dp(2);
    let text = format!("{cents:.2}");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    format!(
        "{}€ {},{}",
        if negative { "- " } else { "" },
        group(whole),
        fraction
    )
}

/// "1.260" or "12,5": a number without superfluous decimals.
pub fn number(value: Decimal) -> String {
    let negative = value.is_sign_negative() && !value.is_zero();
    let text = value.abs().normalize().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if negative { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{}", group(whole))
    } else {
        format!("{sign}{},{fraction}", group(whole))
    }
}

/// "23,0", "24,2": a number with exactly one decimal (a column of averages).
pub fn one_decimal(value: Decimal) -> String {
    let text = format!("{:.1}", value.round_dp(1));
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "0"));
    format!("{},{fraction}", group(whole.trim_start_matches('-')))
}

/// "123.40": the JSON form of an amount, always two decimals.
pub fn plain(amount: Decimal) -> String {
    format!("{:.2}", amount.round_dp(2))
}

fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The last four digits of a BSN, the rest masked: "*****2333".
pub fn masked_bsn(bsn: &str) -> String {
    let keep = bsn.len().saturating_sub(4);
    format!("{}{}", "*".repeat(keep), &bsn[keep..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_is_written_the_dutch_way() {
        assert_eq!(money(d("4231.25")), "€ 4.231,25");
        assert_eq!(money(d("0")), "€ 0,00");
        assert_eq!(money(d("850.5")), "€ 850,50");
        assert_eq!(money(d("1234567.8")), "€ 1.234.567,80");
        assert_eq!(money(d("-12")), "- € 12,00");
    }

    #[test]
    fn numbers_drop_superfluous_decimals() {
        assert_eq!(number(d("1260.00")), "1.260");
        assert_eq!(number(d("12.50")), "12,5");
        assert_eq!(number(d("1225.01")), "1.225,01");
    }

    #[test]
    fn json_amounts_have_two_decimals() {
        assert_eq!(plain(d("123.4")), "123.40");
        assert_eq!(plain(d("0")), "0.00");
    }

    #[test]
    fn a_bsn_shows_only_its_last_four_digits() {
        assert_eq!(masked_bsn("111222333"), "*****2333");
    }
}

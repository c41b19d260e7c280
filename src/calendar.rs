//! Calendar months and Dutch dates: the units the policy counts in.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};

/// A calendar month (`2024-02`): the unit of the monthly statement (art. 8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

const MONTH_NAMES: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

impl Month {
    /// A month, if it exists in the calendar chrono can represent.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, month, 1)?;
        // The last day must exist too, so that every method below is total.
        NaiveDate::from_ymd_opt(year, month, 1)?.checked_add_months(Months::new(1))?;
        Some(Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn number(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year.saturating_add(1),
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year.saturating_sub(1),
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Whether the month is over on `date`: a month counts only once it has
    /// ended.
    pub fn ended_by(self, date: NaiveDate) -> bool {
        date > self.last_day()
    }

    /// Every month from `from` to `to`, both included.
    pub fn range(from: Month, to: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(from), move |m| (*m < to).then(|| m.next()))
            .take_while(move |m| *m <= to)
    }

    /// "februari 2024"
    pub fn in_words(self) -> String {
        format!("{} {}", MONTH_NAMES[(self.month - 1) as usize], self.year)
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.split_once('-')?;
        if year.len() != 4 || month.len() != 2 || !all_digits(year) || !all_digits(month) {
            return None;
        }
        Month::new(year.parse().ok()?, month.parse().ok()?)
    }
}

/// A month is written "2024-06" in the register and in JSON.
impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = String::deserialize(d)?;
        Month::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is geen maand (JJJJ-MM)")))
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The Dutch name of a month number (1–12).
pub fn month_name(month: u32) -> &'static str {
    MONTH_NAMES[(month.clamp(1, 12) - 1) as usize]
}

/// "20 januari 2025"
pub fn date_in_words(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month()),
        date.year()
    )
}

/// Why a `YYYY-MM-DD` text is not a date, in Dutch; `None` if it is one.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let shape_ok = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| all_digits(p));
    if !shape_ok {
        return Err(format!(
            "`{text}` is geen datum in de vorm JJJJ-MM-DD (bijvoorbeeld 2024-01-08)."
        ));
    }
    let (y, m, d): (i32, u32, u32) = (
        parts[0].parse().unwrap_or(0),
        parts[1].parse().unwrap_or(0),
        parts[2].parse().unwrap_or(0),
    );
    if !(1..=12).contains(&m) {
        return Err(format!(
            "De datum {text} bestaat niet: er is geen maand {m}."
        ));
    }
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) if y >= 1900 => Ok(date),
        Some(_) => Err(format!(
            "De datum {text} ligt vóór 1900; is het jaartal goed?"
        )),
        None => {
            let days = Month::new(y, m).map_or(31, Month::days);
            Err(format!(
                "De datum {text} bestaat niet: {} {y} heeft {days} dagen.",
                month_name(m)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_month_has_ended_only_after_its_last_day() {
        let feb = Month::parse("2024-02").unwrap();
        assert_eq!(feb.days(), 29);
        assert!(!feb.ended_by(d(2024, 2, 29)));
        assert!(feb.ended_by(d(2024, 3, 1)));
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(Month::parse("2024-13"), None);
        assert_eq!(Month::parse("2024-1"), None);
        assert_eq!(Month::parse("24-01"), None);
        assert_eq!(
            Month::parse("2024-12").unwrap().next().to_string(),
            "2025-01"
        );
    }

    #[test]
    fn a_range_includes_both_ends() {
        let from = Month::parse("2024-11").unwrap();
        let to = Month::parse("2025-02").unwrap();
        let all: Vec<String> = Month::range(from, to).map(|m| m.to_string()).collect();
        assert_eq!(all, ["2024-11", "2024-12", "2025-01", "2025-02"]);
        assert_eq!(Month::range(to, from).count(), 0);
    }

    #[test]
    fn dates_that_do_not_exist_are_explained() {
        assert_eq!(parse_date("2024-02-29"), Ok(d(2024, 2, 29)));
        let err = parse_date("2023-02-29").unwrap_err();
        assert!(err.contains("februari 2023 heeft 28 dagen"), "{err}");
        assert!(
            parse_date("2024-13-01")
                .unwrap_err()
                .contains("geen maand 13")
        );
        assert!(parse_date("8-1-2024").unwrap_err().contains("JJJJ-MM-DD"));
    }

    #[test]
    fn dates_in_words_are_dutch() {
        assert_eq!(date_in_words(d(2025, 1, 20)), "20 januari 2025");
    }
}

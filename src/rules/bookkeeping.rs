//! Art. 9 and art. 4 lid 1 e: the yearly bookkeeping, in time and complete.

use chrono::{Days, NaiveDate};

use super::Article::Policy;
use super::{Findings, Rule, Scope};
use crate::calendar::date_in_words;
use crate::case::Period;
use crate::diag::Severity::Error;
use crate::settings::Subject;

pub static ART9_2: Rule = Rule {
    id: "art9.2",
    article: Policy("artikel 9 lid 2"),
    severity: Error,
    scope: Scope::Bookkeeping,
    subjects: &[Subject::GegevensEnWijze],
    summary: "De boekhouding van een jaar is binnen vóór de termijn (1 mei) of `uitstel_tot`; \
              een fout zodra die dag voorbij is.",
};

pub static ART9_1: Rule = Rule {
    id: "art9.1",
    article: Policy("artikel 9 lid 1"),
    severity: Error,
    scope: Scope::Bookkeeping,
    subjects: &[],
    summary: "De ingeleverde boekhouding bevat een jaarrekening of een kasboek.",
};

pub static ART4_1E: Rule = Rule {
    id: "art4.1e",
    article: Policy("artikel 4 lid 1 onder e"),
    severity: Error,
    scope: Scope::Bookkeeping,
    subjects: &[Subject::GegevensEnWijze],
    summary: "De ingeleverde boekhouding bevat de aangifte inkomstenbelasting (`aangifte_ib`).",
};

/// Art. 9 lid 2: "De in lid 1 genoemde boekhouding moet jaarlijks na afloop
/// van het boekjaar maar vóór 1 mei aan het college worden verstrekt";
/// toelichting: "De klantmanager kan deze deadline verlengen". Lid 1 and
/// toelichting: "Een deugdelijke boekhouding bestaat in ieder geval uit een:
/// kopie van de aangifte en aanslag inkomstenbelasting; en jaarrekening ...;
/// of kasboek". Art. 4 lid 1 e: "de PTO-er moet jaarlijks belastingaangifte
/// overleggen aan de gemeente".
pub(super) fn check(out: &mut Findings) {
    let cx = out.cx;
    for year in cx.completed_years() {
        let p = cx.policy_at(NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN));
        let js = cx.case.jaarstukken_van(year);
        let extension = js.and_then(|j| j.uitstel_tot.as_ref()).map(|u| u.value);
        // The first day on which the bookkeeping is late.
        let late_from = match extension {
            Some(last_day) => last_day
                .checked_add_days(Days::new(1))
                .unwrap_or(NaiveDate::MAX),
            None => p.jaarstukken_te_laat_vanaf(year),
        };
        let term = match extension {
            Some(last_day) => format!("uiterlijk op {} (uitstel)", date_in_words(last_day)),
            None => format!("vóór {}", date_in_words(p.jaarstukken_te_laat_vanaf(year))),
        };
        let handed_in = js
            .and_then(|j| j.ingeleverd.as_ref())
            .filter(|d| d.value <= cx.date);
        let period = Some(Period::Year(year));
        match handed_in {
            None if cx.date >= late_from => {
                let span = js.map_or(cx.case.jaarstukken_span, |j| j.span);
                out.push(&ART9_2, span, period, p, format!(
                    "De boekhouding over {year} moest {term} bij de gemeente zijn, maar is niet \
                     ingeleverd"
                ));
            }
            Some(date) if date.value >= late_from => {
                out.push(
                    &ART9_2,
                    date.span,
                    period,
                    p,
                    format!(
                        "De boekhouding over {year} is op {} ingeleverd; dat moest {term}",
                        date_in_words(date.value)
                    ),
                );
            }
            _ => {}
        }
        let Some(js) = js.filter(|_| handed_in.is_some()) else {
            continue;
        };
        if !*js.jaarrekening && !*js.kasboek {
            out.push(&ART9_1, js.jaarrekening.span, period, p, format!(
                "De boekhouding over {year} bevat geen jaarrekening en geen kasboek, en is daarmee \
                 geen deugdelijke boekhouding"
            ));
        }
        if !*js.aangifte_ib {
            out.push(
                &ART4_1E,
                js.aangifte_ib.span,
                period,
                p,
                format!(
                    "Bij de boekhouding over {year} ontbreekt de kopie van de aangifte \
                 inkomstenbelasting"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    fn with_books(books: &str) -> String {
        format!("{}jaarstukken:\n  - {books}\n", months_2024("10", "100"))
    }

    const COMPLETE: &str = "{ boekjaar: 2024, ingeleverd: 2025-04-20, aangifte_ib: true, jaarrekening: true, kasboek: false, omzet: 1200 }";

    #[test]
    fn art9_2_in_before_1_may_passes() {
        let c = case(&[], &with_books(COMPLETE));
        assert!(found(&c, "2025-06-01", "art9.2").is_empty());
    }

    #[test]
    fn art9_2_missing_is_an_error_only_once_the_deadline_has_passed() {
        let c = case(&[], &months_2024("10", "100"));
        assert!(found(&c, "2025-04-30", "art9.2").is_empty());
        let f = found(&c, "2025-05-01", "art9.2");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "De boekhouding over 2024 moest vóór 1 mei 2025 bij de gemeente zijn, maar is niet \
             ingeleverd (artikel 9 lid 2)."
        );
    }

    #[test]
    fn art9_2_on_1_may_is_late() {
        let c = case(
            &[],
            &with_books(&COMPLETE.replace("2025-04-20", "2025-05-01")),
        );
        assert_eq!(found(&c, "2025-06-01", "art9.2").len(), 1);
    }

    #[test]
    fn art9_2_an_extension_moves_the_deadline() {
        let books = "{ boekjaar: 2024, aangifte_ib: true, jaarrekening: true, kasboek: false, uitstel_tot: 2025-06-30, omzet: 1200 }";
        let c = case(&[], &with_books(books));
        assert!(found(&c, "2025-06-30", "art9.2").is_empty());
        let f = found(&c, "2025-07-01", "art9.2");
        assert!(
            f[0].message.contains("uiterlijk op 30 juni 2025 (uitstel)"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn art9_1_annual_accounts_or_cash_book() {
        let c = case(
            &[],
            &with_books(&COMPLETE.replace(
                "jaarrekening: true, kasboek: false",
                "jaarrekening: false, kasboek: true",
            )),
        );
        assert!(found(&c, "2025-06-01", "art9.1").is_empty());
        let bad = case(
            &[],
            &with_books(&COMPLETE.replace("jaarrekening: true", "jaarrekening: false")),
        );
        assert_eq!(found(&bad, "2025-06-01", "art9.1").len(), 1);
    }

    #[test]
    fn art4_1e_the_income_tax_return() {
        let c = case(&[], &with_books(COMPLETE));
        assert!(found(&c, "2025-06-01", "art4.1e").is_empty());
        let bad = case(
            &[],
            &with_books(&COMPLETE.replace("aangifte_ib: true", "aangifte_ib: false")),
        );
        let f = found(&bad, "2025-06-01", "art4.1e");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].legal_basis[1].regeling, "Participatiewet");
    }
}

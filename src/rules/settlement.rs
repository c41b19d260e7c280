//! What the settlement of a year brings to light (art. 11): reported in
//! `check` and in every letter of the case about that period, so that
//! letters of one case on one date never contradict each other.

use rust_decimal::Decimal;

use super::Article::Policy;
use super::{Findings, Rule, Scope};
use crate::calendar::Month;
use crate::case::Period;
use crate::diag::Severity::Warning;
use crate::format::money;
use crate::settings::Subject;

/// Art. 11 lid 4: "De inkomsten worden definitief afgerekend op jaarbasis".
/// Turnover in the bookkeeping that no monthly statement shows is a fact to
/// report neutrally; whether the duty to inform was breached is for a
/// jurist to establish (`schending_inlichtingenplicht`), never inferred.
pub static ART11_OMZET: Rule = Rule {
    id: "art11.omzet",
    article: Policy("artikel 11 lid 4"),
    severity: Warning,
    scope: Scope::Running,
    subjects: &[Subject::GegevensEnWijze],
    summary: "De omzet in de jaarstukken is niet hoger dan die van de maandopgaven over dezelfde \
              maanden.",
};

/// Months with bijstand but without permission lie outside the settlement;
/// the income the bookkeeping shows over them still counts.
pub static ART11_BUITEN: Rule = Rule {
    id: "art11.buiten",
    article: Policy("artikel 11 lid 4"),
    severity: Warning,
    scope: Scope::Running,
    subjects: &[Subject::Inlichtingenplicht],
    summary: "De jaarstukken gaan niet over maanden met bijstand maar zonder toestemming.",
};

pub(super) fn check(out: &mut Findings) {
    years(out);
}

fn years(out: &mut Findings) {
    let cx = out.cx;
    for books in &cx.case.jaarstukken {
        let year = *books.boekjaar;
        let in_by_date = books.ingeleverd.as_ref().is_some_and(|d| **d <= cx.date);
        if !in_by_date {
            continue;
        }
        let Ok(s) = crate::settle::settle(cx.case, cx.policy, year, cx.date) else {
            continue;
        };
        let p = cx.policy_at(Month::new(year, 12).map_or(cx.date, |m| m.first_day()));
        let unreported = s.unreported_turnover();
        if unreported > Decimal::ZERO {
            let months = match s.period() {
                Some((first, last)) if first == last => first.in_words(),
                Some((first, last)) => {
                    format!("{} tot en met {}", first.in_words(), last.in_words())
                }
                None => year.to_string(),
            };
            out.push(
                &ART11_OMZET,
                books.omzet.span,
                Some(Period::Year(year)),
                p,
                if s.shared == s.covered {
                    format!(
                        "De jaarstukken over {year} vermelden {} meer omzet over {months} dan uw \
                         maandopgaven over die maanden",
                        money(unreported)
                    )
                } else {
                    format!(
                        "De jaarstukken vermelden over heel {year} {} omzet; uw maandopgaven over \
                         {months} samen {}",
                        money(s.turnover),
                        money(s.statements_turnover())
                    )
                },
            );
        }
        if !s.outside.is_empty() {
            let first = s.outside[0];
            let last = s.outside[s.outside.len() - 1];
            let which = if first == last {
                first.in_words()
            } else {
                format!("{} tot en met {}", first.in_words(), last.in_words())
            };
            out.push(
                &ART11_BUITEN,
                books.omzet.span,
                Some(Period::Year(year)),
                p,
                format!(
                    "De jaarstukken over {year} gaan ook over {which}: u ontving toen bijstand, maar \
                     had nog geen toestemming om parttime te ondernemen. Die maanden vallen buiten \
                     de afrekening; naar verhouding staat er {} aan inkomsten over, die wij apart \
                     beoordelen",
                    money(s.outside_income)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::diag::Severity::Warning;

    fn books(omzet: &str, extra: &str) -> String {
        format!(
            "jaarstukken:\n  - {{ boekjaar: 2024, ingeleverd: 2025-04-20, aangifte_ib: true, \
             jaarrekening: true, kasboek: false, omzet: {omzet}{extra} }}\n"
        )
    }

    #[test]
    fn art11_omzet_more_turnover_in_the_bookkeeping_than_in_the_statements() {
        let same = case(
            &[],
            &format!("{}{}", months_2024("10", "850"), books("10200", "")),
        );
        assert!(found(&same, "2025-06-16", "art11.omzet").is_empty());
        let more = case(
            &[],
            &format!("{}{}", months_2024("10", "850"), books("11680", "")),
        );
        let f = found(&more, "2025-06-16", "art11.omzet");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        assert_eq!(
            f[0].message,
            "De jaarstukken over 2024 vermelden € 1.480,00 meer omzet over januari 2024 tot en \
             met december 2024 dan uw maandopgaven over die maanden (artikel 11 lid 4)."
        );
        // Not known before the bookkeeping is in.
        assert!(found(&more, "2025-04-19", "art11.omzet").is_empty());
    }

    #[test]
    fn art11_buiten_months_with_bijstand_but_no_permission_in_the_bookkeeping() {
        let text = format!(
            "toestemming: {{ ingangsdatum: 2024-03-01 }}\n{}",
            books("7200", "")
        );
        let f = found(&case(&[], &text), "2025-06-16", "art11.buiten");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.starts_with(
                "De jaarstukken over 2024 gaan ook over januari 2024 tot en met februari 2024"
            ),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("€ 1.200,00"), "{}", f[0].message);
        let stated = format!(
            "toestemming: {{ ingangsdatum: 2024-03-01 }}\n{}",
            books("7200", ", periode: { van: 2024-03, tot: 2024-12 }")
        );
        assert!(found(&case(&[], &stated), "2025-06-16", "art11.buiten").is_empty());
    }
}

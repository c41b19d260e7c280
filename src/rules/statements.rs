//! Art. 8 lid 1 and 3: a statement every month, also without activity.

use super::{Article, Findings, Rule, Scope};
use crate::case::Period;
use crate::diag::Severity::Error;
use crate::settings::Subject;

pub static ART8_1: Rule = Rule {
    id: "art8.1",
    article: Article::Policy("artikel 8 lid 1 en 3"),
    severity: Error,
    scope: Scope::Running,
    subjects: &[Subject::Inlichtingenplicht, Subject::GegevensEnWijze],
    summary: "Elke afgelopen maand van de toestemming heeft een maandopgave (`maanden`); \
              één bevinding per ontbrekende maand.",
};

/// Art. 8 lid 1: "De PTO-er overlegt maandelijks een: a. inkomstenopgave; en
/// b. urenadministratie"; lid 3: "Als de PTO-er in een maand geen zelfstandige
/// activiteiten heeft verricht, moeten de in lid 1 genoemde overzichten wel
/// ingeleverd worden."
pub(super) fn check(out: &mut Findings) {
    let cx = out.cx;
    for month in cx.months() {
        if cx.case.maand(month).is_none() {
            let p = cx.policy_at(month.first_day());
            out.push(
                &ART8_1,
                cx.case.maanden_span,
                Some(Period::Month(month)),
                p,
                format!(
                    "Over {} hebt u geen inkomstenopgave en urenadministratie ingeleverd; die zijn \
                 ook verplicht in een maand zonder activiteiten",
                    month.in_words()
                ),
            );
            out.with_cells(vec![super::letter_month(month)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn art8_1_a_statement_for_every_ended_month() {
        let c = case(&[], &months_2024("10", "100"));
        assert!(found(&c, "2025-01-01", "art8.1").is_empty());
    }

    #[test]
    fn art8_1_one_finding_per_missing_month() {
        let text = months_2024("10", "100")
            .lines()
            .filter(|l| !l.contains("2024-06") && !l.contains("2024-07"))
            .collect::<Vec<_>>()
            .join("\n");
        let c = case(&[], &format!("{text}\n"));
        let f = found(&c, "2025-01-01", "art8.1");
        assert_eq!(f.len(), 2);
        assert!(
            f[0].message
                .starts_with("Over juni 2024 hebt u geen inkomstenopgave")
        );
        assert_eq!(f[0].period.unwrap().to_string(), "2024-06");
    }

    #[test]
    fn art8_1_a_month_that_has_not_ended_is_not_yet_owed() {
        let c = case(&[], "toestemming: { ingangsdatum: 2024-02-01 }\n");
        assert!(found(&c, "2024-02-29", "art8.1").is_empty());
        assert_eq!(found(&c, "2024-03-01", "art8.1").len(), 1);
    }

    #[test]
    fn art8_1_only_months_inside_the_permission_period() {
        let c = case(
            &[],
            "toestemming: { ingangsdatum: 2024-02-01, einddatum: 2024-03-31 }\n",
        );
        let f = found(&c, "2024-09-01", "art8.1");
        let months: Vec<String> = f.iter().map(|f| f.period.unwrap().to_string()).collect();
        assert_eq!(months, ["2024-02", "2024-03"]);
    }
}

//! Art. 4 lid 1 d and art. 10 lid 5: investments need prior consent, and
//! growth leads to the Bbz.

use super::Article::Policy;
use super::{Findings, Rule, Scope};
use crate::calendar::{Month, date_in_words};
use crate::case::Period;
use crate::diag::Severity::{Error, Warning};
use crate::format::money;

pub static ART4_1D: Rule = Rule {
    id: "art4.1d",
    article: Policy("artikel 4 lid 1 onder d"),
    severity: Error,
    scope: Scope::Running,
    subjects: &[],
    summary: "Voor elke investering was vooraf (op of vóór de datum) toestemming gegeven.",
};

pub static ART10_5: Rule = Rule {
    id: "art10.5",
    article: Policy("artikel 10 lid 5"),
    severity: Warning,
    scope: Scope::Running,
    subjects: &[],
    summary: "Er is geïnvesteerd: de klantmanager beoordeelt doorverwijzing naar de Bbz.",
};

/// Art. 4 lid 1 d: "voor investeringen en grote aankopen moet vooraf
/// toestemming worden gevraagd"; art. 10 lid 5: "wanneer de PTO-er
/// investeringen wil doen om uit te breiden, wordt de PTO-er doorgeleid naar
/// de Bbz."
pub(super) fn check(out: &mut Findings) {
    let cx = out.cx;
    for inv in &cx.case.investeringen {
        let date = *inv.datum;
        if date > cx.date {
            continue;
        }
        let p = cx.policy_at(date);
        let period = Some(Period::Month(Month::of(date)));
        let what = format!(
            "{} ({}) op {}",
            inv.omschrijving.value,
            money(*inv.bedrag),
            date_in_words(date)
        );
        let bought = format!("{}, {}", inv.omschrijving.value, money(*inv.bedrag));
        match &inv.toestemming {
            Some(consent) if consent.value <= date => {}
            Some(consent) => out.push(
                &ART4_1D,
                consent.span,
                period,
                p,
                format!(
                    "Voor de investering {what} is pas op {} toestemming gegeven, niet vooraf",
                    date_in_words(consent.value)
                ),
            ),
            None => out.push(
                &ART4_1D,
                inv.datum.span,
                period,
                p,
                format!("Voor de investering {what} is vooraf geen toestemming gevraagd"),
            ),
        }
        out.push(
            &ART10_5,
            inv.span,
            period,
            p,
            match &inv.toestemming {
                Some(consent) if consent.value <= date => format!(
                    "Op {} hebt u met onze toestemming van {} geïnvesteerd ({bought}). Zo'n \
                     aankoop betaalt u zelf: wij trekken die niet af van uw omzet (artikel 10 lid \
                     3 onder b). Groeit uw onderneming verder, dan bespreekt uw klantmanager met \
                     u of ondersteuning op grond van het Besluit bijstandverlening zelfstandigen \
                     (Bbz) beter past",
                    date_in_words(date),
                    date_in_words(consent.value)
                ),
                _ => format!(
                    "U hebt geïnvesteerd: {what}. Bij uitbreiding of investeringen beoordeelt de \
                     klantmanager of ondersteuning op grond van het Besluit bijstandverlening \
                     zelfstandigen (Bbz) beter past"
                ),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::diag::Severity::{Error, Warning};

    const RUNNING: &str = "toestemming: { ingangsdatum: 2024-02-01 }\n";

    #[test]
    fn art4_1d_consent_on_or_before_the_investment_passes() {
        let c = case(
            &[],
            &format!(
                "{RUNNING}investeringen:\n  - {{ datum: 2024-05-10, omschrijving: Compressor, bedrag: 450.00, toestemming: 2024-05-10 }}\n"
            ),
        );
        assert!(found(&c, "2024-06-01", "art4.1d").is_empty());
    }

    #[test]
    fn art4_1d_consent_afterwards_or_never_fails() {
        let late = case(
            &[],
            &format!(
                "{RUNNING}investeringen:\n  - {{ datum: 2024-05-10, omschrijving: Compressor, bedrag: 450.00, toestemming: 2024-05-11 }}\n"
            ),
        );
        let f = found(&late, "2024-06-01", "art4.1d");
        assert_eq!((f.len(), f[0].severity), (1, Error));
        assert!(
            f[0].message.contains("pas op 11 mei 2024"),
            "{}",
            f[0].message
        );
        let never = case(
            &[],
            &format!(
                "{RUNNING}investeringen:\n  - {{ datum: 2024-05-10, omschrijving: Compressor, bedrag: 450.00 }}\n"
            ),
        );
        assert!(
            found(&never, "2024-06-01", "art4.1d")[0]
                .message
                .contains("€ 450,00")
        );
    }

    #[test]
    fn art10_5_an_investment_is_a_signal_for_the_bbz() {
        assert!(found(&case(&[], RUNNING), "2024-06-01", "art10.5").is_empty());
        let c = case(
            &[],
            &format!(
                "{RUNNING}investeringen:\n  - {{ datum: 2024-05-10, omschrijving: Compressor, bedrag: 450.00, toestemming: 2024-05-02 }}\n"
            ),
        );
        let f = found(&c, "2024-06-01", "art10.5");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        // Not known before it happened.
        assert!(found(&c, "2024-05-09", "art10.5").is_empty());
    }
}

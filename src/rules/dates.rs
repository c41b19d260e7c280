//! Facts before the first policy in force: an error, not a guess (a policy
//! is applied only from its `vanaf`: docs/municipality-policy.md).

use chrono::NaiveDate;

use crate::calendar::date_in_words;
use crate::case::Case;
use crate::diag::Span;
use crate::settings::Policy;

/// Every fact of the case (and the reference date) that falls before the
/// first policy pto knows, with where it stands and why it is refused.
pub fn check_dates(case: &Case, policy: &Policy, date: NaiveDate) -> Vec<(Span, String)> {
    let first = policy.first().vanaf;
    let mut out = Vec::new();
    let mut refuse = |span: Span, what: String, day: NaiveDate| {
        if day < first {
            out.push((
                span,
                format!(
                    "{what} ligt vóór {}, de ingangsdatum van het eerste beleid dat pto kent \
                     ({}); pto past geen beleid toe dat toen niet gold.",
                    date_in_words(first),
                    policy.first().naam
                ),
            ));
        }
    };
    let a = &case.aanvraag;
    refuse(
        a.datum.span,
        format!("De aanvraag van {}", date_in_words(*a.datum)),
        *a.datum,
    );
    if let Some(t) = &case.toestemming {
        let d = *t.ingangsdatum;
        refuse(
            t.ingangsdatum.span,
            format!("De ingangsdatum {}", date_in_words(d)),
            d,
        );
    }
    for m in &case.maanden {
        refuse(
            m.maand.span,
            format!("De maandopgave over {}", m.maand.in_words()),
            m.maand.first_day(),
        );
    }
    for j in &case.jaarstukken {
        let day = NaiveDate::from_ymd_opt(*j.boekjaar, 1, 1).unwrap_or(NaiveDate::MIN);
        refuse(j.boekjaar.span, format!("Boekjaar {}", *j.boekjaar), day);
    }
    for i in &case.investeringen {
        refuse(
            i.datum.span,
            format!("De investering van {}", date_in_words(*i.datum)),
            *i.datum,
        );
    }
    if date < first {
        out.push((
            Span::START,
            format!(
                "De peildatum {} ligt vóór het eerste beleid dat pto kent (van kracht vanaf {}).",
                date_in_words(date),
                date_in_words(first)
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn facts_from_2023_on_are_fine() {
        assert!(check_dates(&case(&[], ""), &Policy::ridderkerk(), date("2024-02-01")).is_empty());
    }

    #[test]
    fn an_application_from_2022_is_refused() {
        let c = case(&[("datum: 2024-01-08", "datum: 2022-11-08")], "");
        let errors = check_dates(&c, &Policy::ridderkerk(), date("2024-02-01"));
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .1
                .starts_with("De aanvraag van 8 november 2022 ligt vóór 1 januari 2023")
        );
        assert_eq!(errors[0].0.line, 12);
    }
}

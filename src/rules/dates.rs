//! The input checks that need the policy: facts before the first policy in
//! force (an error, not a guess: a policy is applied only from its `vanaf`,
//! docs/municipality-policy.md), and a vrijlating the law does not allow.
//! They are input errors of the case file, not findings about the person.

use chrono::NaiveDate;

use crate::calendar::date_in_words;
use crate::case::Case;
use crate::diag::Span;
use crate::settings::Policy;

/// Every fact of the case (and the reference date) that falls before the
/// first policy pto knows, and every vrijlating the law does not allow,
/// with where it stands and why it is refused.
pub fn check_dates(case: &Case, policy: &Policy, date: NaiveDate) -> Vec<(Span, String)> {
    let mut out = before_first_policy(case, policy, date);
    out.extend(vrijlatingen(case, policy));
    out
}

/// Participatiewet art. 31 lid 2 onder n: "inkomsten uit arbeid tot 25
/// procent van deze inkomsten, met een maximum van € … per maand, … waarbij
/// … die inkomsten gedurende ten hoogste zes maanden niet tot de middelen
/// worden gerekend"; IOAW art. 8 lid 2 likewise, with its own maximum. A
/// vrijlating longer than that, outside the permission, or without amounts
/// in the policy for the benefit's law would compute a wrong settlement.
fn vrijlatingen(case: &Case, policy: &Policy) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let wet = *case.uitkering.wet;
    let article = match wet {
        crate::case::Wet::Participatiewet => "artikel 31 lid 2 onder n Participatiewet",
        crate::case::Wet::Ioaw => "artikel 8 lid 2 IOAW",
    };
    let mut granted = 0u32;
    for v in &case.vrijlatingen {
        // Pw 31 lid 5: "niet van toepassing op de persoon die jonger is dan
        // 27 jaar".
        match &case.aanvrager.geboortedatum {
            None => out.push((
                v.van.span,
                "Een vrijlating vraagt de geboortedatum van de aanvrager (`aanvrager.geboortedatum`): \
                 wie jonger is dan 27 jaar, krijgt geen vrijlating (artikel 31 lid 5 \
                 Participatiewet)."
                    .to_string(),
            )),
            Some(born)
                if born
                    .value
                    .checked_add_months(chrono::Months::new(27 * 12))
                    .is_none_or(|d| d > v.van.first_day()) =>
            {
                out.push((
                    v.van.span,
                    format!(
                        "De aanvrager is in {} jonger dan 27 jaar: een vrijlating is dan niet \
                         mogelijk (artikel 31 lid 5 Participatiewet).",
                        v.van.in_words()
                    ),
                ))
            }
            Some(_) => {}
        }
        let p = policy.at_or_first(v.van.first_day());
        let months: Vec<crate::calendar::Month> =
            crate::calendar::Month::range(*v.van, *v.tot).collect();
        let permission = case.toestemming.as_ref();
        if let Some(m) = months
            .iter()
            .find(|m| !permission.is_some_and(|t| t.covers(**m)))
        {
            out.push((
                v.van.span,
                format!(
                    "De vrijlating van {} tot en met {} valt niet binnen de toestemming ({} ligt \
                     erbuiten).",
                    v.van.in_words(),
                    v.tot.in_words(),
                    m.in_words()
                ),
            ));
        }
        let Some(amounts) = p.vrijlating_op(wet, v.van.first_day()) else {
            out.push((
                v.van.span,
                format!(
                    "Het beleid noemt geen percentage en maximum van de vrijlating ({article}) voor \
                     {}; vul `vrijlating` aan in het beleid in pto.yaml, met de bron.",
                    v.van.in_words()
                ),
            ));
            continue;
        };
        granted += months.len() as u32;
        if granted > amounts.maanden {
            out.push((
                v.tot.span,
                format!(
                    "Samen duren de vrijlatingen {granted} maanden; de wet staat er ten hoogste {} \
                     toe ({article}).",
                    amounts.maanden
                ),
            ));
        }
    }
    out
}

fn before_first_policy(case: &Case, policy: &Policy, date: NaiveDate) -> Vec<(Span, String)> {
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
mod vrijlating_tests {
    use super::super::testing::*;
    use super::*;

    const BORN: &str = "  geboortedatum: 1980-05-01\n";

    fn vrijlating(van: &str, tot: &str) -> Case {
        case(
            &[(
                "  adres: { straat: Kerkweg 12, postcode: 2983 AB, woonplaats: Ridderkerk }\n",
                &format!(
                    "  adres: {{ straat: Kerkweg 12, postcode: 2983 AB, woonplaats: Ridderkerk }}\n{BORN}"
                ),
            )],
            &format!(
                "{}vrijlatingen:\n  - {{ van: {van}, tot: {tot}, datum: 2024-01-20, motivering: M }}\n",
                months_2024("10", "100")
            ),
        )
    }

    fn errors(c: &Case) -> Vec<String> {
        check_dates(c, &Policy::ridderkerk(), date("2025-01-01"))
            .into_iter()
            .map(|(_, m)| m)
            .collect()
    }

    #[test]
    fn a_vrijlating_lasts_six_months_at_most_inside_the_permission() {
        assert!(errors(&vrijlating("2024-03", "2024-08")).is_empty());
        assert_eq!(
            errors(&vrijlating("2024-03", "2024-09")),
            [
                "Samen duren de vrijlatingen 7 maanden; de wet staat er ten hoogste 6 toe (artikel \
              31 lid 2 onder n Participatiewet)."
            ]
        );
        let outside = errors(&vrijlating("2023-12", "2024-02"));
        assert!(
            outside[0].contains("valt niet binnen de toestemming"),
            "{outside:?}"
        );
    }

    #[test]
    fn no_vrijlating_under_27_and_none_without_a_date_of_birth() {
        let with_birth = |born: &str| {
            case(
                &[(
                    "  adres: { straat: Kerkweg 12, postcode: 2983 AB, woonplaats: Ridderkerk }\n",
                    &format!(
                        "  adres: {{ straat: Kerkweg 12, postcode: 2983 AB, woonplaats: Ridderkerk }}\n{born}"
                    ),
                )],
                &format!(
                    "{}vrijlatingen:\n  - {{ van: 2024-03, tot: 2024-05, datum: 2024-01-20, motivering: M }}\n",
                    months_2024("10", "100")
                ),
            )
        };
        assert_eq!(
            errors(&with_birth("  geboortedatum: 1997-04-01\n")),
            [
                "De aanvrager is in maart 2024 jonger dan 27 jaar: een vrijlating is dan niet \
              mogelijk (artikel 31 lid 5 Participatiewet)."
            ]
        );
        assert!(errors(&with_birth("  geboortedatum: 1997-03-01\n")).is_empty());
        assert!(errors(&with_birth(""))[0].starts_with("Een vrijlating vraagt de geboortedatum"));
    }
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

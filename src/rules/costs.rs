//! Art. 10 and 11: which costs are deducted, and the signals about a year's
//! costs and income.

use rust_decimal::Decimal;

use super::Article::Policy;
use super::{Findings, Rule, Scope};
use crate::case::{Categorie, Kost, Period};
use crate::diag::Severity::{Info, Warning};
use crate::format::money;
use crate::settings::PolicyVersion;
use crate::settings::Subject;
use crate::settle::{self, Deduction};

pub static ART10_1: Rule = Rule {
    id: "art10.1",
    article: Policy("artikel 10 lid 1"),
    severity: Info,
    scope: Scope::Running,
    subjects: &[Subject::Inkomen],
    summary: "Kosten die niet zijn goedgekeurd of zonder bewijsstuk worden niet afgetrokken.",
};

pub static ART10_3: Rule = Rule {
    id: "art10.3",
    article: Policy("artikel 10 lid 3"),
    severity: Info,
    scope: Scope::Running,
    subjects: &[Subject::Inkomen],
    summary: "Kosten in een categorie die het beleid niet aftrekbaar noemt (`niet_aftrekbaar`) \
              worden niet afgetrokken.",
};

pub static ART10_2: Rule = Rule {
    id: "art10.2",
    article: Policy("artikel 10 lid 2"),
    severity: Warning,
    scope: Scope::Running,
    subjects: &[],
    summary: "De aftrekbare kosten van een jaar liggen boven het kostensignaal (een deel van de omzet).",
};

pub static ART11_VERLIES: Rule = Rule {
    id: "art11.verlies",
    article: Policy("artikel 11 (toelichting)"),
    severity: Warning,
    scope: Scope::Running,
    subjects: &[Subject::Inkomen],
    summary: "Het inkomen van een jaar (omzet min aftrekbare kosten) is nul of negatief.",
};

pub(super) fn check(out: &mut Findings) {
    let cx = out.cx;
    for month in cx.months() {
        if let Some(statement) = cx.case.maand(month) {
            let p = cx.policy_at(month.first_day());
            for kost in &statement.kosten {
                not_deducted(out, kost, Period::Month(month), &month.in_words(), p);
            }
        }
    }
    for year in cx.completed_years() {
        let p = cx.policy_at(first_day(year));
        if let Some(js) = cx
            .case
            .jaarstukken_van(year)
            .filter(|j| j.ingeleverd.as_ref().is_some_and(|d| d.value <= cx.date))
        {
            for kost in &js.kosten {
                not_deducted(
                    out,
                    kost,
                    Period::Year(year),
                    &format!("de jaarstukken over {year}"),
                    p,
                );
            }
        }
        year_signals(out, year, p);
    }
}

fn first_day(year: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(chrono::NaiveDate::MIN)
}

/// Art. 10 lid 1: "Noodzakelijke kosten ... mogen als kosten in mindering
/// worden gebracht op de omzet als het college deze heeft goedgekeurd.
/// Belanghebbende moet bewijsstukken van deze kosten overleggen." Lid 3: "De
/// volgende kosten kunnen in ieder geval niet in mindering worden gebracht op
/// de omzet: a. huur; b. investeringen; c. rentelasten; d. kosten die worden
/// opgevoerd in strijd met de belastingwetgeving; e. kosten van activiteiten
/// die in strijd zijn met de bepalingen van deze beleidsregels."
fn not_deducted(out: &mut Findings, kost: &Kost, period: Period, where_: &str, p: &PolicyVersion) {
    let what = format!("{} ({})", kost.omschrijving.value, money(*kost.bedrag));
    let deduction = settle::deduction(kost, p);
    let why = match deduction {
        Deduction::Deducted => return,
        Deduction::NeverDeductible => {
            // The items a to e are Ridderkerk's; a municipality that
            // renumbers art. 10 lid 3 is cited as it wrote it.
            let sub = match *kost.categorie {
                _ if p.artikelen.contains_key(ART10_3.id) => "",
                Categorie::Huur => " onder a",
                Categorie::Investering => " onder b",
                Categorie::Rente => " onder c",
                Categorie::FiscaalOnjuist => " onder d",
                Categorie::Strijdig => " onder e",
                _ => "",
            };
            let article = format!("{}{sub}", ART10_3.article(p).unwrap_or_default());
            out.push_cited(
                &ART10_3,
                kost.categorie.span,
                Some(period),
                p,
                article,
                format!(
                    "De kosten {what} in {where_} zijn niet afgetrokken van de omzet: {} kan nooit \
                 in mindering worden gebracht",
                    kost.categorie.in_words()
                ),
            );
            return;
        }
        Deduction::NotApproved => "het college heeft ze niet goedgekeurd",
        Deduction::NoEvidence => "er is geen bewijsstuk overgelegd",
        Deduction::NeitherApprovedNorEvidenced => {
            "het college heeft ze niet goedgekeurd en er is geen bewijsstuk overgelegd"
        }
    };
    let span = if *kost.goedgekeurd {
        kost.bewijs.span
    } else {
        kost.goedgekeurd.span
    };
    out.push(
        &ART10_1,
        span,
        Some(period),
        p,
        format!("De kosten {what} in {where_} zijn niet afgetrokken van de omzet: {why}"),
    );
}

/// Art. 10 lid 2: "De PTO-er moet ervoor zorgen dat de bedrijfskosten in een
/// reële verhouding staan tot de omzet"; art. 11 toelichting: "De PTO-er mag
/// eventuele verliezen niet afwentelen op de bijstand. Als een parttime
/// ondernemer verlies of géén winst heeft gemaakt, zal dit gevolgen hebben
/// voor de toestemming".
fn year_signals(out: &mut Findings, year: i32, p: &PolicyVersion) {
    let cx = out.cx;
    let figures = settle::year_figures(cx.case, p, year, cx.date);
    let span = figures.span.unwrap_or(cx.case.maanden_span);
    let hundred = Decimal::from(100);
    if figures.costs * hundred > p.kostensignaal_procent * figures.turnover {
        let share = if figures.turnover.is_zero() {
            "terwijl er geen omzet was".to_string()
        } else {
            let pct = (figures.costs * hundred / figures.turnover).round_dp(0);
            format!("{pct}% van de omzet van {}", money(figures.turnover))
        };
        out.push(&ART10_2, span, Some(Period::Year(year)), p, format!(
            "In {year} waren de aftrekbare kosten {} ({}), {share}; bij meer dan {}% beoordeelt \
             de klantmanager of de kosten in een reële verhouding staan tot de omzet",
            money(figures.costs),
            figures.source,
            crate::format::number(p.kostensignaal_procent)
        ));
    }
    let income = figures.turnover - figures.costs;
    if income <= Decimal::ZERO {
        let result = if income.is_zero() {
            "geen winst"
        } else {
            "verlies"
        };
        out.push(&ART11_VERLIES, span, Some(Period::Year(year)), p, format!(
            "In {year} was uw inkomen uit de onderneming {} (omzet {} min aftrekbare kosten {}, \
             {}): u hebt {result} gemaakt. Verliezen mogen niet op de bijstand worden afgewenteld \
             en kunnen gevolgen hebben voor de toestemming",
            money(income),
            money(figures.turnover),
            money(figures.costs),
            figures.source
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::super::testing::*;
    use crate::diag::Severity::{Info, Warning};
    use crate::settings::Policy;

    fn with_cost(cost: &str) -> String {
        months_2024("10", "100").replace(
            "  - { maand: 2024-03, omzet: 100, uren_direct: 10, uren_indirect: 0 }",
            &format!("  - {{ maand: 2024-03, omzet: 100, uren_direct: 10, uren_indirect: 0, kosten: [{cost}] }}"),
        )
    }

    #[test]
    fn art10_1_an_approved_cost_with_evidence_is_deducted() {
        let c = case(
            &[],
            &with_cost(
                "{ omschrijving: Onderdelen, categorie: materiaal, bedrag: 20, goedgekeurd: true, bewijs: true }",
            ),
        );
        assert!(found(&c, "2024-04-01", "art10.1").is_empty());
    }

    #[test]
    fn art10_1_a_cost_without_evidence_is_not_deducted() {
        let c = case(
            &[],
            &with_cost(
                "{ omschrijving: Onderdelen, categorie: materiaal, bedrag: 20, goedgekeurd: true, bewijs: false }",
            ),
        );
        let f = found(&c, "2024-04-01", "art10.1");
        assert_eq!((f.len(), f[0].severity), (1, Info));
        assert_eq!(
            f[0].message,
            "De kosten Onderdelen (€ 20,00) in maart 2024 zijn niet afgetrokken van de omzet: er is \
             geen bewijsstuk overgelegd (artikel 10 lid 1)."
        );
    }

    #[test]
    fn art10_3_a_deductible_category_passes() {
        let c = case(
            &[],
            &with_cost(
                "{ omschrijving: Flyers, categorie: marketing, bedrag: 20, goedgekeurd: true, bewijs: true }",
            ),
        );
        assert!(found(&c, "2024-04-01", "art10.3").is_empty());
    }

    #[test]
    fn art10_3_rent_is_never_deducted() {
        let c = case(
            &[],
            &with_cost(
                "{ omschrijving: Werkplaats, categorie: huur, bedrag: 20, goedgekeurd: true, bewijs: true }",
            ),
        );
        let f = found(&c, "2024-04-01", "art10.3");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.ends_with(
                "huur kan nooit in mindering worden gebracht (artikel 10 lid 3 onder a)."
            ),
            "{}",
            f[0].message
        );
        // And not also as "not approved".
        assert!(found(&c, "2024-04-01", "art10.1").is_empty());
    }

    #[test]
    fn art10_3_a_renumbered_article_is_cited_as_the_policy_writes_it() {
        let c = case(
            &[],
            &with_cost(
                "{ omschrijving: Werkplaats, categorie: huur, bedrag: 20, goedgekeurd: true, bewijs: true }",
            ),
        );
        let mut version = Policy::ridderkerk().first().clone();
        version
            .artikelen
            .insert("art10.3".into(), "artikel 9 lid 2".into());
        let policy = Policy::new(vec![version]).unwrap();
        let f: Vec<_> = check(&c, &policy, date("2024-04-01"))
            .into_iter()
            .filter(|f| f.rule.id == "art10.3")
            .collect();
        assert!(
            f[0].message.ends_with("(artikel 9 lid 2)."),
            "{}",
            f[0].message
        );
        // As the letter's table of costs does (letter::tests).
        assert_eq!(f[0].legal_basis[0].artikel, "artikel 9 lid 2");
    }

    #[test]
    fn art10_2_costs_up_to_half_the_turnover_pass() {
        let c = case(
            &[],
            &with_cost(
                "{ omschrijving: Onderdelen, categorie: materiaal, bedrag: 600, goedgekeurd: true, bewijs: true }",
            ),
        );
        // Turnover 1,200; costs 600 = exactly 50%.
        assert!(found(&c, "2025-01-01", "art10.2").is_empty());
    }

    #[test]
    fn art10_2_costs_above_half_the_turnover_are_a_signal() {
        let c = case(
            &[],
            &with_cost(
                "{ omschrijving: Onderdelen, categorie: materiaal, bedrag: 600.01, goedgekeurd: true, bewijs: true }",
            ),
        );
        let f = found(&c, "2025-01-01", "art10.2");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        assert!(f[0].message.contains("€ 600,01"), "{}", f[0].message);
        // Not before the year is over.
        assert!(found(&c, "2024-12-31", "art10.2").is_empty());
    }

    #[test]
    fn art11_verlies_a_profit_passes_a_loss_or_nothing_warns() {
        let profit = case(&[], &months_2024("10", "100"));
        assert!(found(&profit, "2025-01-01", "art11.verlies").is_empty());
        let nothing = case(&[], &months_2024("10", "0"));
        let f = found(&nothing, "2025-01-01", "art11.verlies");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        assert!(f[0].message.contains("geen winst"));
        let loss = case(
            &[],
            &with_cost(
                "{ omschrijving: Onderdelen, categorie: materiaal, bedrag: 1300, goedgekeurd: true, bewijs: true }",
            ),
        );
        assert!(
            found(&loss, "2025-01-01", "art11.verlies")[0]
                .message
                .contains("was uw inkomen uit de onderneming - € 100,00")
        );
    }
}

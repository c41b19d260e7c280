//! The money of a case, in exact decimals: the monthly table and the yearly
//! settlement (art. 11). Only addition, subtraction, minimum and maximum:
//! no result ever needs rounding.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::Month;
use crate::case::{Case, Kost, Period};
use crate::diag::Span;
use crate::settings::{Policy, PolicyVersion};

/// Whether, and why not, a cost item is deducted (art. 10 lid 1, 3, 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deduction {
    Deducted,
    NeverDeductible,
    NotApproved,
    NoEvidence,
    NeitherApprovedNorEvidenced,
}

/// A cost is deducted only when it is approved, has evidence, and its
/// category is deductible.
pub fn deduction(kost: &Kost, policy: &PolicyVersion) -> Deduction {
    match (
        policy.aftrekbaar(*kost.categorie),
        *kost.goedgekeurd,
        *kost.bewijs,
    ) {
        (false, _, _) => Deduction::NeverDeductible,
        (true, true, true) => Deduction::Deducted,
        (true, false, true) => Deduction::NotApproved,
        (true, true, false) => Deduction::NoEvidence,
        (true, false, false) => Deduction::NeitherApprovedNorEvidenced,
    }
}

/// The sum of the deducted costs: K.
pub fn deductible_costs(kosten: &[Kost], policy: &PolicyVersion) -> Decimal {
    kosten
        .iter()
        .filter(|k| deduction(k, policy) == Deduction::Deducted)
        .map(|k| *k.bedrag)
        .sum()
}

/// One row of the monthly table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthRow {
    pub month: Month,
    /// Whether a statement was handed in; without one, nothing was deducted.
    pub statement: bool,
    pub turnover: Decimal,
    /// Deducted costs K(m).
    pub costs: Decimal,
    /// I(m) = max(0, omzet − K).
    pub income: Decimal,
    /// N(m): the norm in force on the first day of the month.
    pub norm: Decimal,
    /// D(m) = min(I, N).
    pub deducted: Decimal,
    /// P(m) = N − D.
    pub paid: Decimal,
}

/// The monthly table for `month`, if a norm is known for it.
pub fn month_row(case: &Case, policy: &Policy, month: Month) -> Option<MonthRow> {
    let norm = case.norm_op(month.first_day())?;
    let Some(statement) = case.maand(month) else {
        return Some(MonthRow {
            month,
            statement: false,
            turnover: Decimal::ZERO,
            costs: Decimal::ZERO,
            income: Decimal::ZERO,
            norm,
            deducted: Decimal::ZERO,
            paid: norm,
        });
    };
    let p = policy.at_or_first(month.first_day());
    let costs = deductible_costs(&statement.kosten, p);
    let income = (*statement.omzet - costs).max(Decimal::ZERO);
    let deducted = income.min(norm);
    Some(MonthRow {
        month,
        statement: true,
        turnover: *statement.omzet,
        costs,
        income,
        norm,
        deducted,
        paid: norm - deducted,
    })
}

/// The outcome of a yearly settlement (art. 11 lid 5, 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The municipality pays back what it deducted too much.
    Nabetaling,
    /// The municipality recovers benefit paid too much (art. 58 lid 2 e Pw).
    Terugvordering,
    GeenVerschil,
}

impl Outcome {
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Nabetaling => "nabetaling",
            Outcome::Terugvordering => "terugvordering",
            Outcome::GeenVerschil => "geen_verschil",
        }
    }
}

/// A cost that was not deducted, and why: for the letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotDeducted {
    pub period: Period,
    pub omschrijving: String,
    pub bedrag: Decimal,
    pub reason: Deduction,
    pub categorie: crate::case::Categorie,
}

/// The settlement of one year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settlement {
    pub year: i32,
    pub rows: Vec<MonthRow>,
    /// Turnover according to the bookkeeping.
    pub turnover: Decimal,
    /// Deductible costs according to the bookkeeping.
    pub costs: Decimal,
    /// J = max(0, turnover − costs): the definitive income.
    pub income: Decimal,
    /// A = Σ D(m).
    pub accounted: Decimal,
    /// B = Σ P(m).
    pub benefit_paid: Decimal,
    /// Δ = J − A.
    pub difference: Decimal,
    pub outcome: Outcome,
    /// What is paid back or recovered; zero for geen verschil.
    pub amount: Decimal,
    pub not_deducted: Vec<NotDeducted>,
}

/// Why a year cannot be settled: each is a reason to refuse, not to guess.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettleError {
    NoPermission,
    NoMonthsInPermission(i32),
    NoBookkeeping(i32),
    NoNorm(Month),
}

impl std::fmt::Display for SettleError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            SettleError::NoPermission => write!(
                f,
                "Deze zaak heeft nooit toestemming voor parttime ondernemen gehad \
                 (`toestemming` ontbreekt); er valt niets af te rekenen."
            ),
            SettleError::NoMonthsInPermission(y) => write!(
                f,
                "In {y} viel geen enkele maand binnen de periode van de toestemming; er valt \
                 over {y} niets af te rekenen."
            ),
            SettleError::NoBookkeeping(y) => write!(
                f,
                "De jaarstukken over {y} zijn (nog) niet ingeleverd; zonder boekhouding kan het \
                 inkomen over {y} niet definitief worden vastgesteld (artikel 11 lid 4)."
            ),
            SettleError::NoNorm(m) => write!(
                f,
                "Voor {} is geen uitkeringsnorm bekend (`uitkering.normen`); zonder norm kan de \
                 afrekening niet worden berekend.",
                m.in_words()
            ),
        }
    }
}

/// Settles year `year` (art. 11 lid 4–6), over its months inside the
/// permission period, using that year's bookkeeping.
pub fn settle(case: &Case, policy: &Policy, year: i32) -> Result<Settlement, SettleError> {
    let permission = case.toestemming.as_ref().ok_or(SettleError::NoPermission)?;
    let (Some(jan), Some(dec)) = (Month::new(year, 1), Month::new(year, 12)) else {
        return Err(SettleError::NoMonthsInPermission(year));
    };
    let months: Vec<Month> = Month::range(jan, dec)
        .filter(|m| permission.covers(*m))
        .collect();
    if months.is_empty() {
        return Err(SettleError::NoMonthsInPermission(year));
    }
    let books = case
        .jaarstukken_van(year)
        .filter(|j| j.ingeleverd.is_some())
        .ok_or(SettleError::NoBookkeeping(year))?;
    let rows = months
        .iter()
        .map(|m| month_row(case, policy, *m).ok_or(SettleError::NoNorm(*m)))
        .collect::<Result<Vec<_>, _>>()?;

    let p = policy.at_or_first(jan.first_day());
    let turnover = *books.omzet;
    let costs = deductible_costs(&books.kosten, p);
    let income = (turnover - costs).max(Decimal::ZERO);
    let accounted: Decimal = rows.iter().map(|r| r.deducted).sum();
    let benefit_paid: Decimal = rows.iter().map(|r| r.paid).sum();
    let difference = income - accounted;
    let (outcome, amount) = if difference < Decimal::ZERO {
        (Outcome::Nabetaling, -difference)
    } else if difference > Decimal::ZERO {
        (Outcome::Terugvordering, difference.min(benefit_paid))
    } else {
        (Outcome::GeenVerschil, Decimal::ZERO)
    };

    let mut not_deducted = Vec::new();
    for row in rows.iter().filter(|r| r.statement) {
        if let Some(statement) = case.maand(row.month) {
            let p = policy.at_or_first(row.month.first_day());
            collect_not_deducted(
                &mut not_deducted,
                &statement.kosten,
                Period::Month(row.month),
                p,
            );
        }
    }
    collect_not_deducted(&mut not_deducted, &books.kosten, Period::Year(year), p);

    Ok(Settlement {
        year,
        rows,
        turnover,
        costs,
        income,
        accounted,
        benefit_paid,
        difference,
        outcome,
        amount,
        not_deducted,
    })
}

fn collect_not_deducted(
    out: &mut Vec<NotDeducted>,
    kosten: &[Kost],
    period: Period,
    p: &PolicyVersion,
) {
    for k in kosten {
        let reason = deduction(k, p);
        if reason != Deduction::Deducted {
            out.push(NotDeducted {
                period,
                omschrijving: k.omschrijving.value.clone(),
                bedrag: *k.bedrag,
                reason,
                categorie: *k.categorie,
            });
        }
    }
}

/// A year's turnover and deductible costs as known on `date`: from the
/// bookkeeping once it is in, else from the monthly statements.
pub struct YearFigures {
    pub turnover: Decimal,
    pub costs: Decimal,
    /// "volgens de jaarstukken" or "volgens de maandopgaven".
    pub source: &'static str,
    pub span: Option<Span>,
}

pub fn year_figures(
    case: &Case,
    policy: &PolicyVersion,
    year: i32,
    date: NaiveDate,
) -> YearFigures {
    let books = case
        .jaarstukken_van(year)
        .filter(|j| j.ingeleverd.as_ref().is_some_and(|d| d.value <= date));
    if let Some(js) = books {
        return YearFigures {
            turnover: *js.omzet,
            costs: deductible_costs(&js.kosten, policy),
            source: "volgens de jaarstukken",
            span: Some(js.omzet.span),
        };
    }
    let statements = case
        .maanden
        .iter()
        .filter(|m| m.maand.year() == year && m.maand.ended_by(date))
        .filter(|m| {
            case.toestemming
                .as_ref()
                .is_some_and(|t| t.covers(*m.maand))
        });
    let (mut turnover, mut costs) = (Decimal::ZERO, Decimal::ZERO);
    for m in statements {
        turnover += *m.omzet;
        costs += deductible_costs(&m.kosten, policy);
    }
    YearFigures {
        turnover,
        costs,
        source: "volgens de maandopgaven",
        span: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Categorie;
    use crate::rules::testing::{case, months_2024};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn books(omzet: &str, kosten: &str) -> String {
        format!(
            "jaarstukken:\n  - {{ boekjaar: 2024, ingeleverd: 2025-04-20, aangifte_ib: true, jaarrekening: true, kasboek: false, omzet: {omzet}, kosten: [{kosten}] }}\n"
        )
    }

    #[test]
    fn a_month_deducts_its_income_up_to_the_norm() {
        let c = case(&[], &months_2024("10", "850"));
        let row = month_row(&c, &Policy::ridderkerk(), Month::parse("2024-03").unwrap()).unwrap();
        assert_eq!(
            (row.income, row.norm, row.deducted, row.paid),
            (d("850"), d("1400"), d("850"), d("550"))
        );
        let big = case(&[], &months_2024("10", "2000"));
        let row = month_row(
            &big,
            &Policy::ridderkerk(),
            Month::parse("2024-03").unwrap(),
        )
        .unwrap();
        assert_eq!((row.deducted, row.paid), (d("1400"), d("0")));
    }

    #[test]
    fn a_missing_statement_deducts_nothing() {
        let c = case(&[], "toestemming: { ingangsdatum: 2024-01-01 }\n");
        let row = month_row(&c, &Policy::ridderkerk(), Month::parse("2024-03").unwrap()).unwrap();
        assert!(!row.statement);
        assert_eq!((row.deducted, row.paid), (d("0"), d("1400")));
    }

    #[test]
    fn a_settlement_by_hand_nabetaling() {
        // Twelve months of € 850 turnover, no costs: A = 12 × 850 = 10,200.
        // Bookkeeping: turnover 10,400, deductible costs 500, rent 1,200 (never
        // deducted): J = 9,900. Δ = 9,900 − 10,200 = −300: nabetaling € 300.
        let text = format!(
            "{}{}",
            months_2024("10", "850"),
            books(
                "10400",
                "{ omschrijving: Onderdelen, categorie: materiaal, bedrag: 500, goedgekeurd: true, bewijs: true }, { omschrijving: Werkplaats, categorie: huur, bedrag: 1200, goedgekeurd: true, bewijs: true }"
            )
        );
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024).unwrap();
        assert_eq!(s.income, d("9900"));
        assert_eq!(s.accounted, d("10200"));
        assert_eq!(s.benefit_paid, d("6600"));
        assert_eq!((s.outcome, s.amount), (Outcome::Nabetaling, d("300")));
        assert_eq!(s.not_deducted.len(), 1);
        assert_eq!(s.not_deducted[0].reason, Deduction::NeverDeductible);
    }

    #[test]
    fn a_settlement_by_hand_terugvordering_capped_at_what_was_paid() {
        // A = 12 × 1,300 = 15,600; B = 12 × 100 = 1,200. J = 20,000: Δ = 4,400,
        // but no more than the 1,200 paid can be recovered.
        let text = format!("{}{}", months_2024("10", "1300"), books("20000", ""));
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024).unwrap();
        assert_eq!((s.difference, s.benefit_paid), (d("4400"), d("1200")));
        assert_eq!((s.outcome, s.amount), (Outcome::Terugvordering, d("1200")));
    }

    #[test]
    fn a_settlement_by_hand_geen_verschil() {
        let text = format!("{}{}", months_2024("10", "850"), books("10200", ""));
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024).unwrap();
        assert_eq!((s.outcome, s.amount), (Outcome::GeenVerschil, d("0")));
    }

    #[test]
    fn no_settlement_without_bookkeeping_or_permission() {
        let c = case(&[], &months_2024("10", "850"));
        assert_eq!(
            settle(&c, &Policy::ridderkerk(), 2024),
            Err(SettleError::NoBookkeeping(2024))
        );
        assert_eq!(
            settle(&case(&[], ""), &Policy::ridderkerk(), 2024),
            Err(SettleError::NoPermission)
        );
        assert_eq!(
            settle(&c, &Policy::ridderkerk(), 2023),
            Err(SettleError::NoMonthsInPermission(2023))
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A cost item: amount in cents, category, approved, evidence.
        fn cost() -> impl Strategy<Value = (u32, usize, bool, bool)> {
            (
                0u32..200_000,
                0usize..Categorie::ALL.len(),
                any::<bool>(),
                any::<bool>(),
            )
        }

        fn cents(c: u32) -> String {
            format!("{}.{:02}", c / 100, c % 100)
        }

        fn costs_yaml(costs: &[(u32, usize, bool, bool)]) -> String {
            let items: Vec<String> = costs
                .iter()
                .map(|(c, k, g, b)| {
                    format!(
                        "{{ omschrijving: k, categorie: {}, bedrag: {}, goedgekeurd: {g}, bewijs: {b} }}",
                        Categorie::ALL[*k].key(),
                        cents(*c)
                    )
                })
                .collect();
            format!("[{}]", items.join(", "))
        }

        /// A year of statements (some months missing), norms that change
        /// mid-year, and bookkeeping.
        fn year() -> impl Strategy<Value = String> {
            let month = proptest::option::weighted(
                0.85,
                (0u32..600_000, proptest::collection::vec(cost(), 0..4)),
            );
            (
                proptest::collection::vec(month, 12),
                0u32..400_000,
                0u32..400_000,
                0u32..3_000_000,
                proptest::collection::vec(cost(), 0..5),
            )
                .prop_map(|(months, norm1, norm2, omzet, costs)| {
                    let mut text = String::from("toestemming: { ingangsdatum: 2024-01-01 }\nmaanden:\n");
                    for (i, m) in months.iter().enumerate() {
                        if let Some((omzet, costs)) = m {
                            text.push_str(&format!(
                                "  - {{ maand: 2024-{:02}, omzet: {}, uren_direct: 1, uren_indirect: 0, kosten: {} }}\n",
                                i + 1,
                                cents(*omzet),
                                costs_yaml(costs)
                            ));
                        }
                    }
                    text.push_str(&format!(
                        "jaarstukken:\n  - {{ boekjaar: 2024, ingeleverd: 2025-04-01, aangifte_ib: true, jaarrekening: true, kasboek: false, omzet: {}, kosten: {} }}\n",
                        cents(omzet),
                        costs_yaml(&costs)
                    ));
                    // Norms: replace the base case's single norm.
                    format!("{text}#normen {} {}\n", cents(norm1), cents(norm2))
                })
        }

        fn load(text: &str) -> Case {
            let (body, norms) = text.rsplit_once("#normen ").unwrap();
            let (n1, n2) = norms.trim().split_once(' ').unwrap();
            let normen = format!(
                "- {{ vanaf: 2024-01-01, bedrag: {n1} }}\n    - {{ vanaf: 2024-07-01, bedrag: {n2} }}"
            );
            case(
                &[("- { vanaf: 2024-01-01, bedrag: 1400.00 }", &normen)],
                body,
            )
        }

        fn two_decimals(d: Decimal) -> bool {
            d.normalize().scale() <= 2
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn every_month_deducted_plus_paid_is_the_norm(text in year()) {
                let c = load(&text);
                let policy = Policy::ridderkerk();
                for month in Month::range(Month::parse("2024-01").unwrap(), Month::parse("2024-12").unwrap()) {
                    let row = month_row(&c, &policy, month).unwrap();
                    prop_assert_eq!(row.deducted + row.paid, row.norm);
                    prop_assert!(row.deducted >= Decimal::ZERO && row.paid >= Decimal::ZERO);
                    prop_assert!(row.deducted <= row.income && row.income >= Decimal::ZERO);
                    for v in [row.turnover, row.costs, row.income, row.deducted, row.paid] {
                        prop_assert!(two_decimals(v), "{} has a third decimal", v);
                    }
                }
            }

            #[test]
            fn a_settlement_never_pays_back_or_recovers_too_much(text in year()) {
                let c = load(&text);
                let s = settle(&c, &Policy::ridderkerk(), 2024).unwrap();
                prop_assert!(s.amount >= Decimal::ZERO);
                match s.outcome {
                    Outcome::Nabetaling => {
                        prop_assert!(s.amount <= s.accounted, "nabetaling {} > deducted {}", s.amount, s.accounted);
                        prop_assert_eq!(s.amount, -s.difference);
                    }
                    Outcome::Terugvordering => {
                        prop_assert!(s.amount <= s.benefit_paid, "terugvordering {} > paid {}", s.amount, s.benefit_paid);
                        prop_assert!(s.amount <= s.difference);
                    }
                    Outcome::GeenVerschil => prop_assert!(s.difference.is_zero() && s.amount.is_zero()),
                }
                for v in [s.turnover, s.costs, s.income, s.accounted, s.benefit_paid, s.difference, s.amount] {
                    prop_assert!(two_decimals(v), "{} has a third decimal", v);
                }
                prop_assert_eq!(s.income - s.accounted, s.difference);
            }
        }
    }
}

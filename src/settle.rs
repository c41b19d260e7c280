//! The money, in exact decimals: the monthly table and the yearly settlement
//! (art. 11), which revises the bijstand over the permission months of the
//! year as one period. Addition, subtraction, minimum and maximum need no
//! rounding; a share (a partial year), a percentage (a vrijlating) and an
//! allocation over months do, and each rounds to the cent in the person's
//! favour where it happens (income down, vrijlating up). See
//! docs/architecture.md.

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
    /// V(m): the income left out under a vrijlating granted for the month
    /// (Participatiewet art. 31 lid 2 onder n): min(pct × I, maximum).
    pub exempt: Decimal,
    /// N(m): the norm in force on the first day of the month.
    pub norm: Decimal,
    /// D(m) = min(max(0, I − V), N).
    pub deducted: Decimal,
    /// P(m) = N − D: the bijstand after the deduction.
    pub paid: Decimal,
}

/// Rounds a share of income down to the cent: in the person's favour.
pub fn income_down(amount: Decimal) -> Decimal {
    (amount * Decimal::ONE_HUNDRED).floor() / Decimal::ONE_HUNDRED
}

/// Rounds a vrijlating up to the cent: in the person's favour.
pub fn exemption_up(amount: Decimal) -> Decimal {
    (amount * Decimal::ONE_HUNDRED).ceil() / Decimal::ONE_HUNDRED
}

/// V for an income `income` in `month`: min(pct × income, maximum), the
/// percentage's result rounded up to the cent (in the person's favour).
/// Zero when no vrijlating is granted for the month.
pub fn exemption(case: &Case, policy: &Policy, month: Month, income: Decimal) -> Decimal {
    if !case.vrijlatingen.iter().any(|v| v.contains(month)) {
        return Decimal::ZERO;
    }
    let p = policy.at_or_first(month.first_day());
    match p.vrijlating_op(*case.uitkering.wet, month.first_day()) {
        Some(v) => exemption_up(income * v.procent / Decimal::ONE_HUNDRED)
            .min(v.maximum)
            .max(Decimal::ZERO),
        None => Decimal::ZERO,
    }
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
            exempt: Decimal::ZERO,
            norm,
            deducted: Decimal::ZERO,
            paid: norm,
        });
    };
    let p = policy.at_or_first(month.first_day());
    let costs = deductible_costs(&statement.kosten, p);
    let income = (*statement.omzet - costs).max(Decimal::ZERO);
    let exempt = exemption(case, policy, month, income);
    let deducted = (income - exempt).max(Decimal::ZERO).min(norm);
    Some(MonthRow {
        month,
        statement: true,
        turnover: *statement.omzet,
        costs,
        income,
        exempt,
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
    /// The municipality recovers bijstand paid too much.
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

/// A cost that was not deducted, and why: for the letter. The same item
/// refused in a month and again in the bookkeeping is one entry with both
/// periods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotDeducted {
    pub periods: Vec<Period>,
    pub omschrijving: String,
    pub bedrag: Decimal,
    pub reason: Deduction,
    pub categorie: crate::case::Categorie,
}

/// Where the difference between the definitive income and what was
/// deducted comes from, in euros (Awb 3:46). The parts add up to the
/// difference exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// Turnover in the bookkeeping minus the turnover of the monthly
    /// statements of the months it covers: both as they are, no estimate.
    pub turnover: Decimal,
    /// Deductible costs in the bookkeeping minus those deducted monthly.
    pub costs: Decimal,
    /// Taxes and premiums deducted from the income.
    pub taxes: Decimal,
    /// A partial year: the part of the income that the even split over the
    /// months the bookkeeping covers puts outside the period (negative).
    pub share: Decimal,
    /// The vrijlating of the year minus that of the months.
    pub exemption: Decimal,
    /// The rest: months whose income exceeded the norm or was a loss, and
    /// rounding.
    pub rest: Decimal,
}

/// What a recovery consists of, and what the law leaves out of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// Bijstand paid minus bijstand due: before the two-year limit.
    pub total: Decimal,
    /// The part caused by a recorded breach of the duty to inform: what
    /// the recovery would be less without the turnover the jurist
    /// established was not reported (`schending_inlichtingenplicht.bedrag`);
    /// mandatory, and not subject to the two-year limit.
    pub breach: Option<Decimal>,
    /// The rest, on the policy's ground.
    pub ordinary: Decimal,
    /// The ordinary part allocated evenly over the months of the period,
    /// the remaining cents in the last month.
    pub allocation: Vec<(Month, Decimal)>,
    /// Participatiewet art. 58 lid 6: the months whose bijstand was paid
    /// more than two years before the sending date, and their share, not
    /// recovered. Empty where the limit does not apply.
    pub barred: Vec<(Month, Decimal)>,
    /// The first day of a month that is still recoverable: months before it
    /// are barred (none when the limit does not apply).
    pub limit: Option<NaiveDate>,
}

impl Recovery {
    pub fn barred_total(&self) -> Decimal {
        self.barred.iter().map(|(_, a)| *a).sum()
    }
}

/// The settlement of one year: the bijstand over the permission months of
/// the year revised as one period (Participatiewet art. 45 lid 2 jo 18 lid
/// 1; policy art. 11 lid 4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settlement {
    pub year: i32,
    /// The months of the period: with permission and with bijstand.
    pub rows: Vec<MonthRow>,
    /// How many months the bookkeeping covers with turnover (12, or its
    /// `periode`, less the months without turnover).
    pub covered: u32,
    /// The months of the bookkeeping without turnover (`zonder_omzet`).
    pub no_turnover: Vec<Month>,
    /// Whether the case file states the months covered (`periode`).
    pub covered_stated: bool,
    /// How many of the period's months the bookkeeping covers.
    pub shared: u32,
    /// Turnover according to the bookkeeping.
    pub turnover: Decimal,
    /// Deductible costs according to the bookkeeping.
    pub costs: Decimal,
    /// max(0, turnover − costs).
    pub profit: Decimal,
    /// Taxes and premiums owed on the profit (Participatiewet art. 31 lid 3).
    pub taxes: Decimal,
    /// max(0, profit − taxes) × shared ÷ covered, rounded down to the cent.
    pub share: Decimal,
    /// The vrijlating of the year: per granted month, on share ÷ months.
    pub exempt: Decimal,
    /// J: the definitive income over the period.
    pub income: Decimal,
    /// Σ N(m).
    pub norm_total: Decimal,
    /// max(0, Σ N − J): the bijstand due over the period.
    pub due: Decimal,
    /// A = Σ D(m).
    pub accounted: Decimal,
    /// B = Σ P(m): the bijstand after the monthly deductions.
    pub benefit_paid: Decimal,
    /// Δ = J − A.
    pub difference: Decimal,
    pub outcome: Outcome,
    /// What is paid back or recovered; zero for geen verschil.
    pub amount: Decimal,
    pub explanation: Explanation,
    pub recovery: Option<Recovery>,
    /// Months the bookkeeping covers in which bijstand was paid without
    /// permission: outside the settlement, their income still counts.
    pub outside: Vec<Month>,
    /// The income the bookkeeping shows over those months, pro rata.
    pub outside_income: Decimal,
    pub not_deducted: Vec<NotDeducted>,
}

impl Settlement {
    /// The months of the period, first and last.
    pub fn period(&self) -> Option<(Month, Month)> {
        Some((self.rows.first()?.month, self.rows.last()?.month))
    }

    /// The turnover in the bookkeeping that no monthly statement of its
    /// months shows: the neutral finding of a difference (for a partial
    /// year, the bookkeeping's whole year against the statements of the
    /// months in the period).
    pub fn unreported_turnover(&self) -> Decimal {
        self.explanation.turnover.max(Decimal::ZERO)
    }

    /// The turnover of the monthly statements of the months the
    /// bookkeeping covers.
    pub fn statements_turnover(&self) -> Decimal {
        self.turnover - self.explanation.turnover
    }
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
                "In {y} viel geen enkele maand met bijstand binnen de periode van de \
                 toestemming; er valt over {y} niets af te rekenen."
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

/// The months of `year` in the settlement period: with permission and with
/// bijstand.
pub fn period_months(case: &Case, year: i32) -> Vec<Month> {
    let (Some(jan), Some(dec)) = (Month::new(year, 1), Month::new(year, 12)) else {
        return Vec::new();
    };
    let Some(permission) = case.toestemming.as_ref() else {
        return Vec::new();
    };
    Month::range(jan, dec)
        .filter(|m| permission.covers(*m) && case.uitkering.covers(*m))
        .collect()
}

/// The months the bookkeeping of a year covers: its `periode`, else the
/// calendar year.
fn covered_months(books: &crate::case::Jaarstukken, year: i32) -> Vec<Month> {
    match &books.periode {
        Some(p) => p.months().collect(),
        None => match (Month::new(year, 1), Month::new(year, 12)) {
            (Some(jan), Some(dec)) => Month::range(jan, dec).collect(),
            _ => Vec::new(),
        },
    }
}

/// Settles year `year` (art. 11 lid 4–6): the bijstand over its months with
/// permission and bijstand, revised as one period with the year's
/// bookkeeping. `sending` is the date the decision is sent: the two-year
/// limit of Participatiewet art. 58 lid 6 counts back from it.
pub fn settle(
    case: &Case,
    policy: &Policy,
    year: i32,
    sending: NaiveDate,
) -> Result<Settlement, SettleError> {
    if case.toestemming.is_none() {
        return Err(SettleError::NoPermission);
    }
    let months = period_months(case, year);
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

    let p = policy.at_or_first(months[0].first_day());
    // Months without turnover, shown or established, take no share.
    let no_turnover: Vec<Month> = books.zonder_omzet.iter().map(|m| m.value).collect();
    let covered: Vec<Month> = covered_months(books, year)
        .into_iter()
        .filter(|m| !no_turnover.contains(m))
        .collect();
    let c = covered.len() as u32;
    let in_books: Vec<&MonthRow> = rows.iter().filter(|r| covered.contains(&r.month)).collect();
    let n = in_books.len() as u32;
    let turnover = *books.omzet;
    let costs = deductible_costs(&books.kosten, p);
    let profit = (turnover - costs).max(Decimal::ZERO);
    let taxes = books
        .belasting_en_premies
        .as_ref()
        .map_or(Decimal::ZERO, |t| t.value);
    let after_taxes = (profit - taxes).max(Decimal::ZERO);
    // The bookkeeping's income taken pro rata by the months it covers that
    // are in the period; rounded down to the cent, in the person's favour.
    let ratio = |amount: Decimal| {
        if c == 0 || n == c {
            amount
        } else {
            income_down(amount * Decimal::from(n) / Decimal::from(c))
        }
    };
    // Months of the period the bookkeeping does not cover keep what was
    // deducted: the bookkeeping says nothing about them.
    let uncovered: Decimal = rows
        .iter()
        .filter(|r| !covered.contains(&r.month))
        .map(|r| r.deducted)
        .sum();
    let share = ratio(after_taxes);
    // The vrijlating of the year, on the income per month of the period
    // (rounded down), for each granted month.
    let per_month = if n == 0 {
        Decimal::ZERO
    } else {
        income_down(share / Decimal::from(n))
    };
    let exempt: Decimal = in_books
        .iter()
        .map(|r| exemption(case, policy, r.month, per_month))
        .sum();
    let income = (share - exempt).max(Decimal::ZERO) + uncovered;
    let norm_total: Decimal = rows.iter().map(|r| r.norm).sum();
    let due = (norm_total - income).max(Decimal::ZERO);
    let accounted: Decimal = rows.iter().map(|r| r.deducted).sum();
    let benefit_paid: Decimal = rows.iter().map(|r| r.paid).sum();
    let difference = income - accounted;
    let revision = benefit_paid - due;

    // Δ in euros, each part over the months the bookkeeping covers; the
    // rest makes the parts add up exactly.
    let covered_rows = || in_books.iter();
    let statements_turnover: Decimal = covered_rows().map(|r| r.turnover).sum();
    let statements_costs: Decimal = covered_rows().map(|r| r.costs).sum();
    let statements_exempt: Decimal = covered_rows().map(|r| r.exempt).sum();
    let explanation = {
        let turnover = turnover - statements_turnover;
        let costs = -(costs - statements_costs);
        let taxes = -taxes.min(profit);
        let share = share - after_taxes;
        let exemption = -(exempt - statements_exempt);
        let rest = difference - turnover - costs - taxes - share - exemption;
        Explanation {
            turnover,
            costs,
            taxes,
            share,
            exemption,
            rest,
        }
    };

    let (outcome, amount, recovery) = if revision > Decimal::ZERO {
        let recovery = recover(
            case,
            policy,
            &rows,
            revision,
            benefit_paid,
            norm_total,
            income,
            explanation.turnover,
            books,
            sending,
        );
        let amount = recovery.total - recovery.barred_total();
        let outcome = if amount > Decimal::ZERO {
            Outcome::Terugvordering
        } else {
            Outcome::GeenVerschil
        };
        (outcome, amount, Some(recovery))
    } else if revision < Decimal::ZERO {
        (Outcome::Nabetaling, -revision, None)
    } else {
        (Outcome::GeenVerschil, Decimal::ZERO, None)
    };

    // Months the bookkeeping covers with bijstand but without permission.
    let permission = case.toestemming.as_ref();
    let outside: Vec<Month> = covered
        .iter()
        .copied()
        .filter(|m| case.uitkering.covers(*m) && !permission.is_some_and(|t| t.covers(*m)))
        .collect();
    // When every month outside the settlement is such a month, their income
    // is exactly what the settlement left out: one amount in the letter.
    let outside_income = if outside.is_empty() || c == 0 {
        Decimal::ZERO
    } else if outside.len() as u32 == c - n {
        after_taxes - share
    } else {
        income_down(after_taxes * Decimal::from(outside.len() as u32) / Decimal::from(c))
    };

    // The definitive figures are the bookkeeping's: what they refuse is
    // what the settlement did not deduct. (A cost refused in a month and
    // accepted in the bookkeeping was deducted in the end; one refused in
    // both is one purchase.)
    let mut not_deducted = Vec::new();
    collect_not_deducted(&mut not_deducted, &books.kosten, Period::Year(year), p);
    for row in rows.iter().filter(|r| r.statement) {
        if let Some(statement) = case.maand(row.month) {
            for n in not_deducted.iter_mut() {
                let same = statement.kosten.iter().any(|k| {
                    k.omschrijving.value == n.omschrijving
                        && *k.categorie == n.categorie
                        && deduction(k, policy.at_or_first(row.month.first_day())) == n.reason
                });
                if same && !n.periods.contains(&Period::Month(row.month)) {
                    n.periods
                        .insert(n.periods.len() - 1, Period::Month(row.month));
                }
            }
        }
    }

    Ok(Settlement {
        year,
        rows,
        covered: c,
        no_turnover,
        covered_stated: books.periode.is_some(),
        shared: n,
        turnover,
        costs,
        profit,
        taxes,
        share,
        exempt,
        income,
        norm_total,
        due,
        accounted,
        benefit_paid,
        difference,
        outcome,
        amount,
        explanation,
        recovery,
        outside,
        outside_income,
        not_deducted,
    })
}

/// The recovery of `total` (bijstand paid minus bijstand due): the part a
/// recorded breach caused, and the rest allocated over the months, minus
/// what Participatiewet art. 58 lid 6 bars.
#[allow(clippy::too_many_arguments)]
fn recover(
    case: &Case,
    policy: &Policy,
    rows: &[MonthRow],
    total: Decimal,
    benefit_paid: Decimal,
    norm_total: Decimal,
    income: Decimal,
    unreported: Decimal,
    books: &crate::case::Jaarstukken,
    sending: NaiveDate,
) -> Recovery {
    // What the recovery would have been without the turnover the jurist
    // established was not reported: the difference is what the breach
    // caused.
    let _ = unreported;
    let breach = books.schending_inlichtingenplicht.as_ref().map(|b| {
        let without = (income - b.bedrag.value).max(Decimal::ZERO);
        let recovery_without =
            (benefit_paid - (norm_total - without).max(Decimal::ZERO)).max(Decimal::ZERO);
        (total - recovery_without).max(Decimal::ZERO)
    });
    let ordinary = total - breach.unwrap_or(Decimal::ZERO);
    let n = Decimal::from(rows.len() as u32);
    let each = income_down(ordinary / n);
    let mut allocation: Vec<(Month, Decimal)> = rows.iter().map(|r| (r.month, each)).collect();
    if let Some(last) = allocation.last_mut() {
        last.1 = ordinary - each * (n - Decimal::ONE);
    }
    let p = policy.at_or_first(rows[0].month.first_day());
    let limited = *case.uitkering.wet == crate::case::Wet::Participatiewet
        && p.terugvordering.grondslag == crate::settings::Grondslag::Onverschuldigd;
    // Bijstand over a month is taken as paid on its first day, the earliest
    // it can have been: no month is recovered that the law might bar.
    let limit = limited.then(|| {
        sending
            .checked_sub_months(chrono::Months::new(24))
            .unwrap_or(NaiveDate::MIN)
    });
    let barred = match limit {
        Some(limit) => allocation
            .iter()
            .filter(|(m, a)| m.first_day() < limit && !a.is_zero())
            .copied()
            .collect(),
        None => Vec::new(),
    };
    Recovery {
        total,
        breach: breach.filter(|b| !b.is_zero()),
        ordinary,
        allocation,
        barred,
        limit,
    }
}

fn collect_not_deducted(
    out: &mut Vec<NotDeducted>,
    kosten: &[Kost],
    period: Period,
    p: &PolicyVersion,
) {
    for k in kosten {
        let reason = deduction(k, p);
        if reason == Deduction::Deducted {
            continue;
        }
        let same = out.iter_mut().find(|n| {
            n.omschrijving == k.omschrijving.value
                && n.bedrag == *k.bedrag
                && n.categorie == *k.categorie
                && n.reason == reason
                && !n.periods.contains(&period)
        });
        match same {
            Some(n) => n.periods.push(period),
            None => out.push(NotDeducted {
                periods: vec![period],
                omschrijving: k.omschrijving.value.clone(),
                bedrag: *k.bedrag,
                reason,
                categorie: *k.categorie,
            }),
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

    /// The day the settlement is sent: 2024 is within two years of it.
    fn sent() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 16).unwrap()
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
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024, sent()).unwrap();
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
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!((s.difference, s.benefit_paid), (d("4400"), d("1200")));
        assert_eq!((s.outcome, s.amount), (Outcome::Terugvordering, d("1200")));
    }

    #[test]
    fn a_settlement_by_hand_geen_verschil() {
        let text = format!("{}{}", months_2024("10", "850"), books("10200", ""));
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!((s.outcome, s.amount), (Outcome::GeenVerschil, d("0")));
    }

    fn months(from: u32, to: u32, year: i32, omzet: &str, kosten: &str) -> String {
        let mut text = String::from("maanden:\n");
        for m in from..=to {
            text.push_str(&format!(
                "  - {{ maand: {year}-{m:02}, omzet: {omzet}, uren_direct: 10, uren_indirect: 0, kosten: [{kosten}] }}\n"
            ));
        }
        text
    }

    fn books_with(omzet: &str, kosten: &str, extra: &str) -> String {
        format!(
            "jaarstukken:\n  - boekjaar: 2024\n    ingeleverd: 2025-04-20\n    aangifte_ib: true\n    \
             jaarrekening: true\n    kasboek: false\n    omzet: {omzet}\n    kosten: [{kosten}]\n{extra}"
        )
    }

    #[test]
    fn a_partial_year_takes_the_bookkeeping_pro_rata_unless_its_period_is_stated() {
        // Permission from March: ten months of € 500 turnover, norm € 1,400.
        // A = 10 × 500 = 5,000; B = 10 × 900 = 9,000; Σ N = 14,000.
        // Bookkeeping over the calendar year: € 7,200. Ten of its twelve
        // months are in the period: J = 7,200 × 10 / 12 = 6,000.00.
        // Due = 14,000 − 6,000 = 8,000: recovery 9,000 − 8,000 = 1,000.
        let text = format!(
            "toestemming: {{ ingangsdatum: 2024-03-01 }}\n{}{}",
            months(3, 12, 2024, "500", ""),
            books_with("7200", "", "")
        );
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!((s.covered, s.shared, s.covered_stated), (12, 10, false));
        assert_eq!(s.share, d("6000.00"));
        assert_eq!(
            (s.income, s.accounted, s.benefit_paid),
            (d("6000"), d("5000"), d("9000"))
        );
        assert_eq!((s.norm_total, s.due), (d("14000"), d("8000")));
        assert_eq!((s.outcome, s.amount), (Outcome::Terugvordering, d("1000")));
        // The difference in euros: the bookkeeping's 7,200 against the
        // statements' 5,000 (+2,200), less the part the even split puts in
        // January and February (−1,200).
        assert_eq!(
            (s.explanation.turnover, s.explanation.share),
            (d("2200"), d("-1200"))
        );
        // January and February: bijstand without permission, inside the
        // bookkeeping: outside the settlement, their income still counts.
        assert_eq!(s.outside.len(), 2);
        assert_eq!(s.outside_income, d("1200.00"));

        // The person shows the bookkeeping covers March to December only:
        // all of it falls in the period. J = 7,200; due = 6,800: 2,200.
        let stated = format!(
            "toestemming: {{ ingangsdatum: 2024-03-01 }}\n{}{}",
            months(3, 12, 2024, "500", ""),
            books_with("7200", "", "    periode: { van: 2024-03, tot: 2024-12 }\n")
        );
        let s = settle(&case(&[], &stated), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!((s.covered, s.shared, s.covered_stated), (10, 10, true));
        assert_eq!((s.income, s.amount), (d("7200"), d("2200")));
        assert!(s.outside.is_empty());
    }

    #[test]
    fn a_month_without_turnover_takes_no_share_of_the_year() {
        // Permission from March; no statement and no turnover in June (as
        // the college established). The calendar-year books of € 7,200 are
        // split over the 11 months with turnover, 9 of them in the period:
        // J = 7,200 × 9 / 11 = 5,890.909… → 5,890.90. Σ N = 10 × 1,400 =
        // 14,000; due 8,109.10. Paid: 9 × 900 + 1,400 = 9,500: recovery
        // 1,390.90. January and February: 7,200 − 5,890.90 = 1,309.10.
        let monthly = months(3, 12, 2024, "500", "").replace(
            "  - { maand: 2024-06, omzet: 500, uren_direct: 10, uren_indirect: 0, kosten: [] }\n",
            "",
        );
        let text = format!(
            "toestemming: {{ ingangsdatum: 2024-03-01 }}\n{monthly}{}",
            books_with("7200", "", "    zonder_omzet: [2024-06]\n")
        );
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!((s.covered, s.shared), (11, 9));
        assert_eq!(s.no_turnover.len(), 1);
        assert_eq!(s.share, d("5890.90"));
        assert_eq!((s.norm_total, s.benefit_paid), (d("14000"), d("9500")));
        assert_eq!(
            (s.outcome, s.amount),
            (Outcome::Terugvordering, d("1390.90"))
        );
        assert_eq!(s.outside_income, d("1309.10"));
        // Without the month recorded: 10 of 12, J = 6,000, recovery 1,500.
        let plain = format!(
            "toestemming: {{ ingangsdatum: 2024-03-01 }}\n{monthly}{}",
            books_with("7200", "", "")
        );
        let s = settle(&case(&[], &plain), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!((s.covered, s.shared, s.amount), (12, 10, d("1500")));
    }

    #[test]
    fn a_share_of_the_income_is_rounded_down_to_the_cent() {
        // 7,000.00 × 10 / 12 = 5,833.333…: the person's favour is 5,833.33.
        let text = format!(
            "toestemming: {{ ingangsdatum: 2024-03-01 }}\n{}{}",
            months(3, 12, 2024, "500", ""),
            books_with("7000", "", "")
        );
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!(s.share, d("5833.33"));
        // January and February are the rest of the bookkeeping: the letter
        // names one amount for them, 7,000 − 5,833.33, not a second
        // rounding (1,166.66).
        assert_eq!(s.outside_income, d("1166.67"));
        assert_eq!(s.explanation.share, d("-1166.67"));
    }

    #[test]
    fn taxes_and_premiums_on_the_profit_are_deducted_from_the_income() {
        // Twelve months of € 850: A = 10,200, B = 12 × 550 = 6,600.
        // Bookkeeping: turnover 10,400, costs 500: profit 9,900; taxes and
        // premiums 600: J = 9,300. Due = 16,800 − 9,300 = 7,500.
        // Revision: 6,600 − 7,500 = −900: nabetaling € 900.
        let text = format!(
            "{}{}",
            months_2024("10", "850"),
            books_with(
                "10400",
                "{ omschrijving: Onderdelen, categorie: materiaal, bedrag: 500, goedgekeurd: true, bewijs: true }",
                "    belasting_en_premies: 600\n"
            )
        );
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!(
            (s.profit, s.taxes, s.income),
            (d("9900"), d("600"), d("9300"))
        );
        assert_eq!((s.outcome, s.amount), (Outcome::Nabetaling, d("900")));
        let e = &s.explanation;
        assert_eq!(
            (e.turnover, e.costs, e.taxes, e.exemption, e.rest),
            (d("200"), d("-500"), d("-600"), d("0"), d("0"))
        );
    }

    const VRIJLATING: &str = "vrijlatingen:\n  - { van: 2024-03, tot: 2024-08, datum: 2024-02-20, \
        motivering: Helpt bij de opbouw van werk. }\n";

    #[test]
    fn a_vrijlating_leaves_a_share_of_the_income_out_monthly_and_in_the_settlement() {
        // € 1,000 a month; vrijlating March–August: 25 % = 250 (below the
        // maxima of 264 and 269): D = 750 in those six months, 1,000 in the
        // others. A = 6 × 1,000 + 6 × 750 = 10,500; B = 16,800 − 10,500 = 6,300.
        let monthly = format!("{}{VRIJLATING}", months_2024("10", "1000"));
        let c = case(&[], &monthly);
        let policy = Policy::ridderkerk();
        let may = month_row(&c, &policy, Month::parse("2024-05").unwrap()).unwrap();
        assert_eq!((may.exempt, may.deducted), (d("250.00"), d("750.00")));
        let october = month_row(&c, &policy, Month::parse("2024-10").unwrap()).unwrap();
        assert_eq!((october.exempt, october.deducted), (d("0"), d("1000")));

        // Bookkeeping € 12,000: J ÷ 12 = 1,000, six months of 250 left out:
        // J = 10,500: no difference.
        let text = format!("{monthly}{}", books_with("12000", "", ""));
        let s = settle(&case(&[], &text), &policy, 2024, sent()).unwrap();
        assert_eq!((s.exempt, s.income), (d("1500.00"), d("10500.00")));
        assert_eq!(s.outcome, Outcome::GeenVerschil);

        // € 13,200: 1,100 a month, 25 % = 275, above the maxima: 4 × 264
        // (March–June) + 2 × 269 (July, August) = 1,594. J = 11,606; due =
        // 16,800 − 11,606 = 5,194; recovery 6,300 − 5,194 = 1,106.
        let text = format!("{monthly}{}", books_with("13200", "", ""));
        let s = settle(&case(&[], &text), &policy, 2024, sent()).unwrap();
        assert_eq!((s.exempt, s.income), (d("1594.00"), d("11606.00")));
        assert_eq!(
            (s.outcome, s.amount),
            (Outcome::Terugvordering, d("1106.00"))
        );
        assert_eq!(
            (s.explanation.turnover, s.explanation.exemption),
            (d("1200"), d("-94.00"))
        );
    }

    #[test]
    fn a_vrijlating_is_rounded_up_to_the_cent() {
        // 25 % of 333.33 = 83.3325: in the person's favour, 83.34.
        let c = case(&[], &format!("{}{VRIJLATING}", months_2024("10", "333.33")));
        let row = month_row(&c, &Policy::ridderkerk(), Month::parse("2024-03").unwrap()).unwrap();
        assert_eq!(row.exempt, d("83.34"));
    }

    #[test]
    fn only_the_part_a_recorded_breach_caused_rests_on_the_mandatory_ground() {
        // Statements: 12 × 850, minus € 50 of costs each: I = 800. A = 9,600,
        // B = 12 × 600 = 7,200. Bookkeeping: turnover 11,680, no costs: J =
        // 11,680; due = 5,120; recovery 7,200 − 5,120 = 2,080. Unreported
        // turnover: 11,680 − 10,200 = 1,480.
        let kosten = "{ omschrijving: Vervoer, categorie: vervoer, bedrag: 50, goedgekeurd: true, bewijs: true }";
        let statements = format!(
            "toestemming: {{ ingangsdatum: 2024-01-01 }}\n{}",
            months(1, 12, 2024, "850", kosten)
        );
        let plain = format!("{statements}{}", books_with("11680", "", ""));
        let s = settle(&case(&[], &plain), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!((s.outcome, s.amount), (Outcome::Terugvordering, d("2080")));
        assert_eq!(s.unreported_turnover(), d("1480"));
        let r = s.recovery.as_ref().unwrap();
        assert_eq!((r.breach, r.ordinary), (None, d("2080")));

        // With a breach recorded: without the unreported 1,480, J would be
        // 10,200, due 6,600 and the recovery 600. The breach caused 1,480.
        let breach = format!(
            "{statements}{}",
            books_with(
                "11680",
                "",
                "    schending_inlichtingenplicht: { vastgesteld: 2025-05-01, bedrag: 1480, motivering: Niet gemeld., stukken: [Bankafschriften] }\n"
            )
        );
        let s = settle(&case(&[], &breach), &Policy::ridderkerk(), 2024, sent()).unwrap();
        let r = s.recovery.as_ref().unwrap();
        assert_eq!(
            (r.total, r.breach, r.ordinary),
            (d("2080"), Some(d("1480")), d("600"))
        );
        assert_eq!(s.amount, d("2080"));

        // The stukken show € 500 not reported: without it J = 11,180, due
        // 5,620, recovery 1,580. The breach caused 500, the rest is 1,580.
        let part = breach.replace("bedrag: 1480,", "bedrag: 500,");
        let s = settle(&case(&[], &part), &Policy::ridderkerk(), 2024, sent()).unwrap();
        let r = s.recovery.as_ref().unwrap();
        assert_eq!((r.breach, r.ordinary), (Some(d("500")), d("1580")));
    }

    #[test]
    fn bijstand_paid_more_than_two_years_before_sending_is_not_recovered_on_ground_e() {
        // 2023, norm 1,400, twelve months of € 850: A = 10,200, B = 6,600.
        // Bookkeeping € 11,680: recovery 1,480, allocated evenly: 123.33 a
        // month and 123.37 in December. Sent on 16 June 2025: bijstand over
        // January to June 2023 (paid on or after the first of each month,
        // before 16 June 2023) is barred (Participatiewet art. 58 lid 6):
        // 6 × 123.33 = 739.98. Recovered: 1,480 − 739.98 = 740.02.
        let c = case(
            &[
                (
                    "vanaf: 2024-01-01, bedrag: 1400.00",
                    "vanaf: 2023-01-01, bedrag: 1400.00",
                ),
                ("datum: 2024-01-08", "datum: 2023-01-02"),
            ],
            &format!(
                "toestemming: {{ ingangsdatum: 2023-01-01 }}\n{}{}",
                months(1, 12, 2023, "850", ""),
                books_with("11680", "", "").replace("boekjaar: 2024", "boekjaar: 2023")
            ),
        );
        let s = settle(&c, &Policy::ridderkerk(), 2023, sent()).unwrap();
        let r = s.recovery.as_ref().unwrap();
        assert_eq!(r.allocation[0].1, d("123.33"));
        assert_eq!(r.allocation[11].1, d("123.37"));
        assert_eq!(r.limit, NaiveDate::from_ymd_opt(2023, 6, 16));
        assert_eq!(r.barred.len(), 6);
        assert_eq!(r.barred_total(), d("739.98"));
        assert_eq!(
            (s.outcome, s.amount),
            (Outcome::Terugvordering, d("740.02"))
        );

        // Sent a year earlier, nothing is barred.
        let early = settle(
            &c,
            &Policy::ridderkerk(),
            2023,
            NaiveDate::from_ymd_opt(2024, 6, 16).unwrap(),
        )
        .unwrap();
        assert_eq!(early.amount, d("1480"));
    }

    #[test]
    fn one_purchase_refused_monthly_and_in_the_bookkeeping_is_listed_once() {
        let machine = "{ omschrijving: Keukenmachine, categorie: investering, bedrag: 349, goedgekeurd: true, bewijs: true }";
        let text = format!(
            "toestemming: {{ ingangsdatum: 2024-01-01 }}\n{}{}",
            months(11, 11, 2024, "850", machine),
            books_with("850", machine, "")
        );
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert_eq!(s.not_deducted.len(), 1);
        assert_eq!(
            s.not_deducted[0].periods,
            [
                Period::Month(Month::parse("2024-11").unwrap()),
                Period::Year(2024)
            ]
        );
    }

    #[test]
    fn a_cost_refused_in_a_month_but_deducted_in_the_bookkeeping_is_not_listed() {
        let no_proof = "{ omschrijving: Telefoon, categorie: telefoon_internet, bedrag: 25, goedgekeurd: true, bewijs: false }";
        let proof = "{ omschrijving: Telefoon, categorie: telefoon_internet, bedrag: 300, goedgekeurd: true, bewijs: true }";
        let text = format!(
            "toestemming: {{ ingangsdatum: 2024-01-01 }}\n{}{}",
            months(9, 9, 2024, "850", no_proof),
            books_with("850", proof, "")
        );
        let s = settle(&case(&[], &text), &Policy::ridderkerk(), 2024, sent()).unwrap();
        assert!(s.not_deducted.is_empty(), "{:?}", s.not_deducted);
    }

    #[test]
    fn no_settlement_without_bookkeeping_or_permission() {
        let c = case(&[], &months_2024("10", "850"));
        assert_eq!(
            settle(&c, &Policy::ridderkerk(), 2024, sent()),
            Err(SettleError::NoBookkeeping(2024))
        );
        assert_eq!(
            settle(&case(&[], ""), &Policy::ridderkerk(), 2024, sent()),
            Err(SettleError::NoPermission)
        );
        assert_eq!(
            settle(&c, &Policy::ridderkerk(), 2023, sent()),
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
                (0u32..500_000, proptest::option::of(1u32..=12), 1u32..=6),
            )
                .prop_map(|(months, norm1, norm2, omzet, costs, (taxes, from, length))| {
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
                        "jaarstukken:\n  - {{ boekjaar: 2024, ingeleverd: 2025-04-01, aangifte_ib: true, jaarrekening: true, kasboek: false, omzet: {}, kosten: {}, belasting_en_premies: {} }}\n",
                        cents(omzet),
                        costs_yaml(&costs),
                        cents(taxes)
                    ));
                    if let Some(from) = from {
                        let to = (from + length - 1).min(12);
                        text.push_str(&format!(
                            "vrijlatingen:\n  - {{ van: 2024-{from:02}, tot: 2024-{to:02}, datum: 2024-01-01, motivering: M }}\n"
                        ));
                    }
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
                    prop_assert!(row.exempt >= Decimal::ZERO && row.exempt <= row.income.max(Decimal::ZERO) + Decimal::new(1, 2));
                    for v in [row.turnover, row.costs, row.income, row.exempt, row.deducted, row.paid] {
                        prop_assert!(two_decimals(v), "{} has a third decimal", v);
                    }
                }
            }

            #[test]
            fn a_settlement_never_pays_back_or_recovers_too_much(text in year()) {
                let c = load(&text);
                let s = settle(&c, &Policy::ridderkerk(), 2024, sent()).unwrap();
                prop_assert!(s.amount >= Decimal::ZERO);
                // The revision over one period: bijstand paid minus bijstand due.
                let revision = s.benefit_paid - s.due;
                prop_assert_eq!(s.due, (s.norm_total - s.income).max(Decimal::ZERO));
                match s.outcome {
                    Outcome::Nabetaling => {
                        prop_assert!(s.amount <= s.accounted, "nabetaling {} > deducted {}", s.amount, s.accounted);
                        prop_assert_eq!(s.amount, -revision);
                    }
                    Outcome::Terugvordering => {
                        prop_assert!(s.amount <= s.benefit_paid, "terugvordering {} > paid {}", s.amount, s.benefit_paid);
                        prop_assert!(s.amount <= s.difference);
                        let r = s.recovery.as_ref().unwrap();
                        prop_assert_eq!(r.total, revision);
                        prop_assert_eq!(s.amount, r.total - r.barred_total());
                        let allocated: Decimal = r.allocation.iter().map(|(_, a)| *a).sum();
                        prop_assert_eq!(allocated, r.ordinary);
                    }
                    Outcome::GeenVerschil => prop_assert!(s.amount.is_zero()),
                }
                for v in [s.turnover, s.costs, s.income, s.accounted, s.benefit_paid, s.difference, s.amount, s.share, s.due] {
                    prop_assert!(two_decimals(v), "{} has a third decimal", v);
                }
                prop_assert_eq!(s.income - s.accounted, s.difference);
                let e = &s.explanation;
                prop_assert_eq!(e.turnover + e.costs + e.taxes + e.share + e.exemption + e.rest, s.difference);
            }
        }
    }
}

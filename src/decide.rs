//! Proceeding + findings + settlement → a decision: everything a letter
//! says, as values. Pure: no disk, no Typst (docs/architecture.md).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{Month, date_in_words};
use crate::case::{Case, Period};
use crate::diag::Severity;
use crate::letter::LetterKind;
use crate::rules::{self, Finding, Scope, Stage};
use crate::settings::Policy;
use crate::settle::{self, Settlement};

/// The three proceedings (procedures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Proceeding {
    /// Besluit op de aanvraag (art. 3).
    Aanvraag,
    /// Jaarlijkse evaluatie (art. 4 lid 2).
    Evaluatie,
    /// Definitieve vaststelling van de inkomsten over een jaar (art. 11).
    Afrekening,
}

impl Proceeding {
    pub fn key(self) -> &'static str {
        match self {
            Proceeding::Aanvraag => "aanvraag",
            Proceeding::Evaluatie => "evaluatie",
            Proceeding::Afrekening => "afrekening",
        }
    }
}

/// The outcomes of the three proceedings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Toekenning,
    Afwijzing,
    Verlenging,
    Intrekking,
    Nabetaling,
    Terugvordering,
    GeenVerschil,
}

impl Outcome {
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Toekenning => "toekenning",
            Outcome::Afwijzing => "afwijzing",
            Outcome::Verlenging => "verlenging",
            Outcome::Intrekking => "intrekking",
            Outcome::Nabetaling => "nabetaling",
            Outcome::Terugvordering => "terugvordering",
            Outcome::GeenVerschil => "geen_verschil",
        }
    }
}

/// Everything a decision letter says.
#[derive(Clone, Debug)]
pub struct Decision {
    pub proceeding: Proceeding,
    pub outcome: Outcome,
    /// The decision date: the letter's date.
    pub date: NaiveDate,
    /// Kenmerk: stable, unique, derived from the case and the proceeding.
    pub reference: String,
    /// The findings the decision rests on (for an evaluation: those of the
    /// evaluation period).
    pub findings: Vec<Finding>,
    /// Evaluation: the months judged.
    pub period: Option<(Month, Month)>,
    /// Toekenning: from when the permission holds; intrekking: from when it
    /// is withdrawn.
    pub effective: Option<NaiveDate>,
    /// Toekenning, verlenging: the month of the next evaluation.
    pub next_evaluation: Option<Month>,
    pub settlement: Option<Settlement>,
}

impl Decision {
    /// The unwaived errors: the reasons for an afwijzing or intrekking.
    pub fn reasons(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.blocks())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning && f.waived.is_none())
    }

    pub fn waived(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.waived.is_some())
    }
}

/// Why a proceeding cannot end in a decision: refused, with a Dutch reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "Deze zaak heeft nooit toestemming voor parttime ondernemen gehad (`toestemming` ontbreekt); een {0} is niet mogelijk."
    )]
    NoPermission(&'static str),
    #[error("De besluitdatum {0} ligt vóór de ontvangst van de aanvraag op {1}.")]
    BeforeApplication(String, String),
    #[error(
        "De besluitdatum {0} ligt vóór de ingangsdatum van de toestemming ({1}); er valt nog niets te evalueren."
    )]
    BeforePermission(String, String),
    #[error(
        "Het jaar {0} is op de besluitdatum nog niet voorbij; het inkomen kan pas na afloop van het jaar definitief worden vastgesteld."
    )]
    YearNotOver(i32),
    #[error("{0}")]
    Settlement(String),
}

/// Decides `proceeding` for `case` on `date`; `year` is the settlement year
/// (default: the year before the decision date).
pub fn decide(
    case: &Case,
    policy: &Policy,
    proceeding: Proceeding,
    date: NaiveDate,
    year: Option<i32>,
) -> Result<Decision, Refusal> {
    let zaak = &case.zaaknummer.value;
    match proceeding {
        Proceeding::Aanvraag => {
            let received = *case.aanvraag.datum;
            if date < received {
                return Err(Refusal::BeforeApplication(
                    date_in_words(date),
                    date_in_words(received),
                ));
            }
            let findings = rules::check_stage(case, policy, date, Stage::Application);
            let blocked = findings.iter().any(Finding::blocks);
            let outcome = if blocked {
                Outcome::Afwijzing
            } else {
                Outcome::Toekenning
            };
            let effective = case
                .toestemming
                .as_ref()
                .map(|t| *t.ingangsdatum)
                .unwrap_or(date);
            let months = policy.at_or_first(received).evaluatie_maanden;
            Ok(Decision {
                proceeding,
                outcome,
                date,
                reference: LetterKind::of(outcome).kenmerk.of(zaak, received, None),
                findings,
                period: None,
                effective: (!blocked).then_some(effective),
                next_evaluation: (!blocked).then(|| add_months(Month::of(effective), months)),
                settlement: None,
            })
        }
        Proceeding::Evaluatie => {
            let permission = case
                .toestemming
                .as_ref()
                .ok_or(Refusal::NoPermission("evaluatie"))?;
            if date < *permission.ingangsdatum {
                return Err(Refusal::BeforePermission(
                    date_in_words(date),
                    date_in_words(*permission.ingangsdatum),
                ));
            }
            let months = policy.at_or_first(date).evaluatie_maanden;
            let last = Month::of(date).prev();
            let first =
                sub_months(Month::of(date), months).max(Month::of(*permission.ingangsdatum));
            let findings: Vec<Finding> = rules::check_stage(case, policy, date, Stage::Running)
                .into_iter()
                .filter(|f| in_evaluation(f, first, last))
                .collect();
            let blocked = findings.iter().any(Finding::blocks);
            let outcome = if blocked {
                Outcome::Intrekking
            } else {
                Outcome::Verlenging
            };
            Ok(Decision {
                proceeding,
                outcome,
                date,
                reference: LetterKind::of(outcome).kenmerk.of(zaak, date, None),
                findings,
                period: Some((first, last.max(first))),
                effective: blocked.then(|| Month::of(date).next().first_day()),
                next_evaluation: (!blocked).then(|| add_months(Month::of(date), months)),
                settlement: None,
            })
        }
        Proceeding::Afrekening => {
            if case.toestemming.is_none() {
                return Err(Refusal::NoPermission("afrekening"));
            }
            let year = year.unwrap_or(date.year() - 1);
            if Month::new(year, 12).is_none_or(|dec| !dec.ended_by(date)) {
                return Err(Refusal::YearNotOver(year));
            }
            let settlement = settle::settle(case, policy, year)
                .map_err(|e| Refusal::Settlement(e.to_string()))?;
            let outcome = match settlement.outcome {
                settle::Outcome::Nabetaling => Outcome::Nabetaling,
                settle::Outcome::Terugvordering => Outcome::Terugvordering,
                settle::Outcome::GeenVerschil => Outcome::GeenVerschil,
            };
            let findings = rules::check_stage(case, policy, date, Stage::Running)
                .into_iter()
                .filter(|f| match f.period {
                    Some(Period::Year(y)) => y == year,
                    Some(Period::Month(m)) => m.year() == year,
                    None => false,
                })
                .collect();
            Ok(Decision {
                proceeding,
                outcome,
                date,
                reference: LetterKind::of(outcome).kenmerk.of(zaak, date, Some(year)),
                findings,
                period: None,
                effective: None,
                next_evaluation: None,
                settlement: Some(settlement),
            })
        }
    }
}

/// The kenmerk of the besluit on `proceeding`: stable, so that issuing
/// again finds the decision already issued. An application by the day it
/// was received (`date`), an evaluation by the month of the decision
/// (`date`), a settlement by its year. The format is the letter kind's
/// (`letter::kind`).
pub fn reference(zaak: &str, proceeding: Proceeding, date: NaiveDate, year: Option<i32>) -> String {
    LetterKind::besluit_kenmerk(proceeding).of(zaak, date, year)
}

/// Whether a finding belongs to an evaluation over `first..=last`: findings
/// about a month in the period, a year that overlaps it, and findings without
/// a period (the application's conditions). Bookkeeping that was due by the
/// decision date counts whatever year it concerns (its rule's scope).
fn in_evaluation(f: &Finding, first: Month, last: Month) -> bool {
    match f.period {
        None => true,
        Some(Period::Month(m)) => first <= m && m <= last,
        Some(Period::Year(_)) if f.rule.scope == Scope::Bookkeeping => true,
        Some(Period::Year(y)) => first.year() <= y && y <= last.year(),
    }
}

fn add_months(month: Month, n: u32) -> Month {
    (0..n).fold(month, |m, _| m.next())
}

fn sub_months(month: Month, n: u32) -> Month {
    (0..n).fold(month, |m, _| m.prev())
}

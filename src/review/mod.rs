//! Review and daily work: what a change to the case files means for the
//! citizen (`diff`), and what is due in a case repository (`status`).
//!
//! Pure, like `rules` and `decide`: texts, cases and register entries in,
//! values out. Reading old versions from git and the register from disk is
//! the command line's job.

pub mod diff;
pub mod fields;
pub mod status;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::case::Case;
use crate::decide::{self, Outcome, Proceeding};
use crate::format::money;
use crate::settings::Policy;

/// What a decision would be if it were taken on a given day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Decided {
        outcome: Outcome,
        /// Settlements: the amount paid back or recovered (zero for geen
        /// verschil).
        amount: Option<Decimal>,
    },
    /// No decision is possible, and why (no bookkeeping, no permission...).
    Impossible(String),
}

impl Verdict {
    /// The decision `proceeding` would give for `case` on `date`.
    pub fn of(
        case: &Case,
        policy: &Policy,
        proceeding: Proceeding,
        date: NaiveDate,
        year: Option<i32>,
    ) -> Verdict {
        Verdict::after(
            case,
            policy,
            proceeding,
            date,
            year,
            &decide::History::default(),
        )
    }

    /// The same, after what `history` says was issued for the case.
    pub fn after(
        case: &Case,
        policy: &Policy,
        proceeding: Proceeding,
        date: NaiveDate,
        year: Option<i32>,
        history: &decide::History,
    ) -> Verdict {
        // The outcome the case leads to, also while its letter still lacks a
        // text from the case file: that is for `pto decide` to refuse.
        match decide::outcome_with(case, policy, proceeding, date, year, history) {
            Ok(d) => Verdict::Decided {
                outcome: d.outcome,
                amount: d.settlement.map(|s| s.amount),
            },
            Err(refusal) => Verdict::Impossible(refusal.to_string()),
        }
    }

    /// "nabetaling € 120,00", "verlenging", "niet mogelijk".
    pub fn words(&self) -> String {
        match self {
            Verdict::Decided {
                outcome,
                amount: Some(a),
            } if !a.is_zero() => format!("{} {}", outcome_words(*outcome), money(*a)),
            Verdict::Decided { outcome, .. } => outcome_words(*outcome).to_string(),
            Verdict::Impossible(_) => "niet mogelijk".into(),
        }
    }

    /// For scripts: `{"outcome", "amount"}` or `{"outcome": null, "reason"}`.
    pub fn json(&self) -> VerdictJson<'_> {
        match self {
            Verdict::Decided { outcome, amount } => VerdictJson::Decided {
                outcome: outcome.key(),
                amount: amount.map(crate::format::plain),
            },
            Verdict::Impossible(reason) => VerdictJson::Impossible {
                outcome: (),
                reason,
            },
        }
    }
}

/// A verdict as scripts read it (`pto diff` and `pto status`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum VerdictJson<'a> {
    Decided {
        outcome: &'static str,
        /// Settlements: "123.40"; `null` otherwise.
        amount: Option<String>,
    },
    Impossible {
        /// Always `null`: no decision is possible.
        outcome: (),
        reason: &'a str,
    },
}

/// An outcome as a person says it: "geen verschil", not "geen_verschil".
pub fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::GeenVerschil => "geen verschil",
        Outcome::VoornemenIntrekking => "voornemen tot intrekking",
        Outcome::VoornemenTerugvordering => "voornemen tot terugvordering",
        Outcome::VerzoekAanvulling => "verzoek om aanvulling",
        Outcome::BuitenBehandeling => "buiten behandeling",
        other => other.key(),
    }
}

//! The rule catalogue of SPEC §5: `check(case, policy, date) -> findings`.
//!
//! One small function per rule, grouped per article (one file per group);
//! each names its rule id, and its doc comment quotes the policy sentence it
//! implements. The reference date decides what is known: a month counts once
//! it has ended, the bookkeeping once its deadline has passed. Waivers under
//! art. 12 are applied last.

mod application;
mod bookkeeping;
mod costs;
mod dates;
mod hours;
mod investments;
mod statements;
mod waivers;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Month;
use crate::case::{Case, Period};
use crate::diag::{Severity, Span};
use crate::settings::{Policy, PolicyVersion};

pub use dates::check_dates;
pub use waivers::waivable;

/// A rule of the catalogue, by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    Art1_2f,
    Art2,
    Art4_1a,
    Art5Week,
    Art4_1b,
    Art4_1c,
    Art4_1f,
    Art6a,
    Art6b,
    Art6c,
    Art6d,
    Art7_2,
    Art8_2,
    Awb4_13,
    Art8_1,
    Art5_1,
    Art4_1d,
    Art10_5,
    Art10_1,
    Art10_3,
    Art10_2,
    Art11Verlies,
    Art9_2,
    Art9_1,
    Art4_1e,
    Art12,
}

impl RuleId {
    pub const ALL: [RuleId; 26] = [
        RuleId::Art1_2f,
        RuleId::Art2,
        RuleId::Art4_1a,
        RuleId::Art5Week,
        RuleId::Art4_1b,
        RuleId::Art4_1c,
        RuleId::Art4_1f,
        RuleId::Art6a,
        RuleId::Art6b,
        RuleId::Art6c,
        RuleId::Art6d,
        RuleId::Art7_2,
        RuleId::Art8_2,
        RuleId::Awb4_13,
        RuleId::Art8_1,
        RuleId::Art5_1,
        RuleId::Art4_1d,
        RuleId::Art10_5,
        RuleId::Art10_1,
        RuleId::Art10_3,
        RuleId::Art10_2,
        RuleId::Art11Verlies,
        RuleId::Art9_2,
        RuleId::Art9_1,
        RuleId::Art4_1e,
        RuleId::Art12,
    ];

    pub fn id(self) -> &'static str {
        match self {
            RuleId::Art1_2f => "art1.2f",
            RuleId::Art2 => "art2",
            RuleId::Art4_1a => "art4.1a",
            RuleId::Art5Week => "art5.week",
            RuleId::Art4_1b => "art4.1b",
            RuleId::Art4_1c => "art4.1c",
            RuleId::Art4_1f => "art4.1f",
            RuleId::Art6a => "art6a",
            RuleId::Art6b => "art6b",
            RuleId::Art6c => "art6c",
            RuleId::Art6d => "art6d",
            RuleId::Art7_2 => "art7.2",
            RuleId::Art8_2 => "art8.2",
            RuleId::Awb4_13 => "awb4.13",
            RuleId::Art8_1 => "art8.1",
            RuleId::Art5_1 => "art5.1",
            RuleId::Art4_1d => "art4.1d",
            RuleId::Art10_5 => "art10.5",
            RuleId::Art10_1 => "art10.1",
            RuleId::Art10_3 => "art10.3",
            RuleId::Art10_2 => "art10.2",
            RuleId::Art11Verlies => "art11.verlies",
            RuleId::Art9_2 => "art9.2",
            RuleId::Art9_1 => "art9.1",
            RuleId::Art4_1e => "art4.1e",
            RuleId::Art12 => "art12",
        }
    }

    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Where Ridderkerk's rules put this rule; a municipality may name its
    /// own article in its policy data (`artikelen`).
    fn default_article(self) -> &'static str {
        match self {
            RuleId::Art1_2f => "artikel 1 lid 2 onder f",
            RuleId::Art2 => "artikel 2",
            RuleId::Art4_1a => "artikel 4 lid 1 onder a",
            RuleId::Art5Week => "artikel 5, toelichting",
            RuleId::Art4_1b => "artikel 4 lid 1 onder b",
            RuleId::Art4_1c => "artikel 4 lid 1 onder c",
            RuleId::Art4_1f => "artikel 4 lid 1 onder f",
            RuleId::Art6a => "artikel 6 onder a",
            RuleId::Art6b => "artikel 6 onder b",
            RuleId::Art6c => "artikel 6 onder c",
            RuleId::Art6d => "artikel 6 onder d",
            RuleId::Art7_2 => "artikel 7 lid 2",
            RuleId::Art8_2 => "artikel 8 lid 2",
            RuleId::Awb4_13 => "artikel 4:13 Algemene wet bestuursrecht",
            RuleId::Art8_1 => "artikel 8 lid 1 en 3",
            RuleId::Art5_1 => "artikel 5 lid 1",
            RuleId::Art4_1d => "artikel 4 lid 1 onder d",
            RuleId::Art10_5 => "artikel 10 lid 5",
            RuleId::Art10_1 => "artikel 10 lid 1",
            RuleId::Art10_3 => "artikel 10 lid 3",
            RuleId::Art10_2 => "artikel 10 lid 2",
            RuleId::Art11Verlies => "artikel 11 (toelichting)",
            RuleId::Art9_2 => "artikel 9 lid 2",
            RuleId::Art9_1 => "artikel 9 lid 1",
            RuleId::Art4_1e => "artikel 4 lid 1 onder e",
            RuleId::Art12 => "artikel 12",
        }
    }

    /// The article of the municipal rules, as `policy` numbers it.
    pub fn article(self, policy: &PolicyVersion) -> String {
        policy
            .artikelen
            .get(self.id())
            .cloned()
            .unwrap_or_else(|| self.default_article().to_string())
    }

    /// The provisions of national law this rule also rests on.
    fn statutes(self) -> &'static [(Statute, &'static str)] {
        match self {
            RuleId::Awb4_13 => &[(Statute::Awb, "4:13")],
            RuleId::Art8_1 | RuleId::Art9_2 | RuleId::Art4_1e => &[(Statute::Pw, "17")],
            RuleId::Art7_2 => &[(Statute::Pw, "9")],
            RuleId::Art10_1 | RuleId::Art10_3 | RuleId::Art11Verlies => &[(Statute::Pw, "32")],
            RuleId::Art12 => &[(Statute::Awb, "4:84")],
            _ => &[],
        }
    }
}

/// The national laws the rules cite, by their BWB identifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statute {
    /// Participatiewet, BWBR0015703.
    Pw,
    /// Algemene wet bestuursrecht, BWBR0005537.
    Awb,
}

impl Statute {
    pub fn name(self) -> &'static str {
        match self {
            Statute::Pw => "Participatiewet",
            Statute::Awb => "Algemene wet bestuursrecht",
        }
    }

    pub fn bwb(self) -> &'static str {
        match self {
            Statute::Pw => "BWBR0015703",
            Statute::Awb => "BWBR0005537",
        }
    }

    /// The official text of an article on wetten.overheid.nl.
    pub fn url(self, article: &str) -> String {
        format!(
            "https://wetten.overheid.nl/jci1.3:c:{}&artikel={}",
            self.bwb(),
            article
        )
    }

    pub fn basis(self, article: &str) -> LegalBasis {
        LegalBasis {
            regeling: self.name().to_string(),
            artikel: format!("artikel {article}"),
            url: self.url(article),
        }
    }
}

/// The legal basis of a finding, as data (the way rules-as-code work).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LegalBasis {
    pub regeling: String,
    pub artikel: String,
    pub url: String,
}

/// A waiver under art. 12 that lifts a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Waived {
    pub datum: NaiveDate,
    pub motivering: String,
}

/// Bevinding: what a rule found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// Dutch, precise enough to paste into a decision's motivation.
    pub message: String,
    pub span: Span,
    /// The month or year the finding concerns, if any.
    pub period: Option<Period>,
    pub legal_basis: Vec<LegalBasis>,
    pub waived: Option<Waived>,
}

impl Finding {
    /// An error that no waiver lifted: it blocks a positive decision.
    pub fn blocks(&self) -> bool {
        self.severity == Severity::Error && self.waived.is_none()
    }
}

/// Which proceeding the findings are for: it sets what is checked and how
/// strictly (art. 7 lid 2 is a warning at application, an error later).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// An application awaiting its decision: the application rules, and the
    /// decision term.
    Application,
    /// A running permission: the application rules and everything that
    /// happened while it ran.
    Running,
}

/// Every finding known on `date`, for the stage the case is in.
pub fn check(case: &Case, policy: &Policy, date: NaiveDate) -> Vec<Finding> {
    let stage = if case.toestemming.is_some() {
        Stage::Running
    } else {
        Stage::Application
    };
    check_stage(case, policy, date, stage)
}

/// Every finding known on `date` for `stage`, with waivers applied.
pub fn check_stage(case: &Case, policy: &Policy, date: NaiveDate, stage: Stage) -> Vec<Finding> {
    let cx = Ctx {
        case,
        policy,
        date,
        stage,
    };
    let mut out = Findings {
        cx: &cx,
        list: Vec::new(),
    };
    application::check(&mut out);
    if stage == Stage::Running {
        statements::check(&mut out);
        hours::check_running(&mut out);
        investments::check(&mut out);
        costs::check(&mut out);
        bookkeeping::check(&mut out);
    }
    waivers::check(&mut out);
    let mut list = out.list;
    waivers::apply(&cx, &mut list);
    list
}

/// What every rule sees.
pub(crate) struct Ctx<'a> {
    pub case: &'a Case,
    pub policy: &'a Policy,
    pub date: NaiveDate,
    pub stage: Stage,
}

impl Ctx<'_> {
    /// The policy in force on a day.
    pub fn policy_at(&self, date: NaiveDate) -> &PolicyVersion {
        self.policy.at_or_first(date)
    }

    /// The months inside the permission period that have ended by the
    /// reference date: the months whose statements are owed.
    pub fn months(&self) -> Vec<Month> {
        let Some(t) = &self.case.toestemming else {
            return Vec::new();
        };
        let first = Month::of(*t.ingangsdatum);
        let last = Month::of(self.date).prev();
        Month::range(first, last)
            .filter(|m| t.covers(*m) && m.ended_by(self.date))
            .collect()
    }

    /// The calendar years with a month in the permission period that are over
    /// by the reference date (or in which the permission ended).
    pub fn completed_years(&self) -> Vec<i32> {
        let Some(t) = &self.case.toestemming else {
            return Vec::new();
        };
        let mut years: Vec<i32> = self.months().iter().map(|m| m.year()).collect();
        years.dedup();
        years.retain(|y| {
            let year_over = Month::new(*y, 12).is_some_and(|dec| dec.ended_by(self.date));
            let permission_ended = t
                .einddatum
                .as_ref()
                .is_some_and(|e| chrono::Datelike::year(&e.value) == *y && e.value < self.date);
            year_over || permission_ended
        });
        years
    }
}

/// The findings being collected, with the context that made them.
pub(crate) struct Findings<'a> {
    pub cx: &'a Ctx<'a>,
    pub list: Vec<Finding>,
}

impl Findings<'_> {
    /// Records a finding; its message ends with the article it rests on.
    pub fn push(
        &mut self,
        rule: RuleId,
        severity: Severity,
        span: Span,
        period: Option<Period>,
        policy: &PolicyVersion,
        message: String,
    ) {
        self.push_cited(
            rule,
            severity,
            span,
            period,
            policy,
            rule.article(policy),
            message,
        );
    }

    /// Records a finding that cites a more precise `article` than the rule's.
    #[allow(clippy::too_many_arguments)]
    pub fn push_cited(
        &mut self,
        rule: RuleId,
        severity: Severity,
        span: Span,
        period: Option<Period>,
        policy: &PolicyVersion,
        article: String,
        message: String,
    ) {
        let message = format!("{message} ({article}).");
        let mut legal_basis = Vec::new();
        if rule != RuleId::Awb4_13 {
            legal_basis.push(LegalBasis {
                regeling: policy.naam.clone(),
                artikel: article,
                url: policy.url.clone(),
            });
        }
        legal_basis.extend(rule.statutes().iter().map(|(s, a)| s.basis(a)));
        self.list.push(Finding {
            rule,
            severity,
            message,
            span,
            period,
            legal_basis,
            waived: None,
        });
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A small, valid case to vary per test.

    use super::*;
    use crate::case::load_str;

    pub const BASE: &str = r#"
zaaknummer: PTO-TEST-1
aanvrager:
  naam: Jan Jansen
  bsn: "111222333"
  adres: { straat: Kerkweg 12, postcode: 2983 AB, woonplaats: Ridderkerk }
uitkering:
  wet: participatiewet
  normen:
    - { vanaf: 2024-01-01, bedrag: 1400.00 }
aanvraag:
  datum: 2024-01-08
  passend: true
  activiteit: Fietsreparatie aan huis
  uren_per_week: 12
  eigen_rekening_en_risico: true
  marktconforme_prijzen: true
  langlopende_verplichtingen: []
  kvk_nummer: "12345678"
  btw_id: NL123456789B01
  zakelijke_iban: NL91ABNA0417164300
  vergunningen: []
  vog: { vereist: false, aanwezig: false }
  plan_van_aanpak: { datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }
"#;

    pub fn date(text: &str) -> NaiveDate {
        crate::calendar::parse_date(text).unwrap()
    }

    /// The base case with `replace` pairs applied and `extra` appended.
    pub fn case(replace: &[(&str, &str)], extra: &str) -> Case {
        let mut text = BASE.to_string();
        for (from, to) in replace {
            assert!(text.contains(from), "the base case has no {from:?}");
            text = text.replace(from, to);
        }
        text.push_str(extra);
        match load_str("test.yaml", &text) {
            Ok(case) => case,
            Err(errors) => panic!("test case does not load: {errors:#?}"),
        }
    }

    /// The findings of `rule` on `date`.
    pub fn found(case: &Case, date_text: &str, rule: &str) -> Vec<Finding> {
        check(case, &Policy::ridderkerk(), date(date_text))
            .into_iter()
            .filter(|f| f.rule.id() == rule)
            .collect()
    }

    /// Twelve statements for 2024 with the given hours each month.
    pub fn months_2024(direct: &str, omzet: &str) -> String {
        let mut text = String::from("toestemming: { ingangsdatum: 2024-01-01 }\nmaanden:\n");
        for m in 1..=12 {
            text.push_str(&format!(
                "  - {{ maand: 2024-{m:02}, omzet: {omzet}, uren_direct: {direct}, uren_indirect: 0 }}\n"
            ));
        }
        text
    }
}

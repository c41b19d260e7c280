//! The rule catalogue: `check(case, policy, date) -> findings`.
//!
//! A rule is one declaration, a `static Rule` beside the function that
//! checks it and its tests, in the file of its group (one per article or
//! topic); its doc comment quotes the policy sentence it implements. This
//! file holds the registry (`CATALOGUE`) and the machinery every rule
//! shares. The reference date decides what is known: a month counts once it
//! has ended, the bookkeeping once its deadline has passed. Waivers under
//! art. 12 are applied last. The rules: docs/rules.md; adding one:
//! docs/add-a-rule.md.

pub mod application;
pub mod bookkeeping;
pub mod costs;
mod dates;
pub mod hours;
pub mod investments;
pub mod settlement;
pub mod statements;
pub mod waivers;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Month;
use crate::case::{Case, Period, Wet};
use crate::diag::{Severity, Span};
use crate::settings::{Cited, NotCited, Policy, PolicyVersion, Subject};

pub use dates::check_dates;
pub use waivers::waivable;

/// A rule of the catalogue, declared once beside the function that checks
/// it (in the file of its group) and listed once in [`CATALOGUE`]. A finding
/// points at its rule, so everything that cites a rule (the finding's
/// message and legal basis, `pto status`, the letters, a waiver) reads it
/// from here.
#[derive(Debug)]
pub struct Rule {
    /// The stable id that findings, waivers (`afwijkingen[].regel`) and the
    /// policy's `artikelen` use.
    pub id: &'static str,
    /// Where the rule stands.
    pub article: Article,
    /// The severity of its findings; a check may report one milder (art. 7
    /// lid 2 is a warning while the application awaits its decision).
    pub severity: Severity,
    /// What its findings are about, which decides where they count.
    pub scope: Scope,
    /// The subjects of national law the rule also rests on; the statute
    /// table resolves them for the case's benefit (`uitkering.wet`).
    pub subjects: &'static [Subject],
    /// What the rule checks, in one Dutch line (for the documentation).
    pub summary: &'static str,
}

/// Where a rule stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Article {
    /// An article of the municipality's rules, as Ridderkerk numbers it; a
    /// municipality with another numbering names its own in its policy data
    /// (`artikelen`).
    Policy(&'static str),
    /// Only in national law (the decision term of the Awb): the rule cites
    /// its first subject.
    Statute,
}

/// What a rule's findings are about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The application and its conditions: checked at every decision, and
    /// part of every evaluation. (The weekly guideline and a waiver may
    /// also name a month or a year.)
    Application,
    /// A month or a calendar year while the permission runs: part of the
    /// evaluation whose period it falls in.
    Running,
    /// A year's bookkeeping, due after the year has ended: part of every
    /// evaluation by which it is found, whatever year it concerns.
    Bookkeeping,
}

impl Rule {
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The article of the municipality's rules, as `policy` numbers it in
    /// the short form of findings ("artikel 8 lid 1 en 3"); `None` for a
    /// rule of national law only (awb4.13) that the policy gives no article.
    pub fn article(&self, policy: &PolicyVersion) -> Option<String> {
        if let Some(own) = policy.artikelen.get(self.id) {
            return Some(own.clone());
        }
        match self.article {
            Article::Policy(article) => Some(article.to_string()),
            Article::Statute => None,
        }
    }

    /// The article as a worklist cites it: "art. 8" for "artikel 8 lid 1
    /// en 3".
    pub fn article_short(&self, policy: &PolicyVersion) -> Option<String> {
        let article = self.article(policy)?;
        Some(match article.strip_prefix("artikel ") {
            Some(rest) => {
                let number = rest.split([' ', ',']).next().unwrap_or(rest);
                format!("art. {number}")
            }
            None => article,
        })
    }

    /// The article as a decision cites it: "artikel 8, eerste en derde lid,
    /// van de Beleidsregels Parttime Ondernemen 2023 gemeente Ridderkerk".
    pub fn article_long(&self, policy: &PolicyVersion) -> Option<String> {
        self.article(policy)
            .map(|article| crate::settings::wetten::cite_policy(&article, &policy.citeertitel))
    }
}

/// Rules are the same rule when their ids are (ids are unique: tested).
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

/// Every rule of the catalogue, in the order of the documentation. A rule
/// that is checked but not listed here, or listed but never found, fails
/// the tests below.
pub static CATALOGUE: &[&Rule] = &[
    &application::ART2,
    &hours::ART4_1A,
    &hours::ART5_WEEK,
    &application::ART4_1B,
    &application::ART4_1C,
    &application::ART4_1F,
    &application::ART6A,
    &application::ART6B,
    &application::ART6C,
    &application::ART6D,
    &application::ART7_2,
    &application::ART8_2,
    &application::AWB4_13,
    &application::AWB4_5,
    &statements::ART8_1,
    &hours::ART5_1,
    &hours::ART5_JAARBASIS,
    &investments::ART4_1D,
    &investments::ART10_5,
    &costs::ART10_1,
    &costs::ART10_3,
    &costs::ART10_2,
    &costs::ART11_VERLIES,
    &settlement::ART11_OMZET,
    &settlement::ART11_BUITEN,
    &bookkeeping::ART9_2,
    &bookkeeping::ART9_1,
    &bookkeeping::ART4_1E,
    &waivers::ART12,
];

/// The rule with this id, if the catalogue has one: how waivers
/// (`afwijkingen[].regel`) and the policy's `artikelen` name a rule.
pub fn lookup(id: &str) -> Option<&'static Rule> {
    CATALOGUE.iter().copied().find(|r| r.id == id)
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
    /// The article of the hardheidsclausule, as the policy in force on the
    /// waiver's date numbers it ("artikel 12").
    #[serde(skip)]
    pub artikel: String,
    /// What a letter says of the waiver; the motivering is internal.
    #[serde(skip)]
    pub in_brief: Option<String>,
}

/// Bevinding: what a rule found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// Dutch, precise enough to paste into a decision's motivation.
    pub message: String,
    pub span: Span,
    /// The month or year the finding concerns, if any.
    pub period: Option<Period>,
    pub legal_basis: Vec<LegalBasis>,
    pub waived: Option<Waived>,
    /// The finding's values as the cells of a table row (month, hours…),
    /// where a letter puts repeated findings of one rule in one table.
    pub cells: Vec<String>,
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
    check_with(CATALOGUE, &[], case, policy, date, stage)
}

/// The findings of an application decided on `date`, when the decision
/// term was suspended for `suspended_days` by a request to complete it
/// (Awb 4:15).
pub fn check_application(
    case: &Case,
    policy: &Policy,
    date: NaiveDate,
    suspended_days: i64,
) -> Vec<Finding> {
    checked(
        CATALOGUE,
        &[],
        case,
        policy,
        date,
        Stage::Application,
        suspended_days,
    )
}

/// A check outside the built-in groups, with where it is called: from the
/// application rules (`Scope::Application`: at every stage) or from the
/// running ones (only once the permission runs).
pub(crate) type Check = (Scope, fn(&mut Findings));

/// [`check_stage`] with another catalogue (`rules`) and checks of its own
/// (`extra`), run after the built-in ones: how the test of
/// docs/add-a-rule.md runs a rule that is not built in.
pub(crate) fn check_with(
    rules: &[&'static Rule],
    extra: &[Check],
    case: &Case,
    policy: &Policy,
    date: NaiveDate,
    stage: Stage,
) -> Vec<Finding> {
    checked(rules, extra, case, policy, date, stage, 0)
}

fn checked(
    rules: &[&'static Rule],
    extra: &[Check],
    case: &Case,
    policy: &Policy,
    date: NaiveDate,
    stage: Stage,
    suspended_days: i64,
) -> Vec<Finding> {
    let cx = Ctx {
        case,
        policy,
        date,
        stage,
        rules,
        suspended_days,
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
        settlement::check(&mut out);
    }
    for (called_from, check) in extra {
        if *called_from == Scope::Application || stage == Stage::Running {
            check(&mut out);
        }
    }
    waivers::check(&mut out);
    let mut list = out.list;
    waivers::apply(&cx, &mut list);
    list
}

/// A month as the first cell of a letter's table row: "Juni 2024".
pub(crate) fn letter_month(month: Month) -> String {
    let words = month.in_words();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// What every rule sees.
pub(crate) struct Ctx<'a> {
    pub case: &'a Case,
    pub policy: &'a Policy,
    pub date: NaiveDate,
    pub stage: Stage,
    /// The catalogue a waiver's rule id is looked up in.
    pub rules: &'a [&'static Rule],
    /// Awb 4:15: days the decision term was suspended by a request to
    /// complete the application.
    pub suspended_days: i64,
}

impl Ctx<'_> {
    /// The rule of the catalogue with this id.
    pub fn lookup(&self, id: &str) -> Option<&'static Rule> {
        self.rules.iter().copied().find(|r| r.id == id)
    }

    /// The benefit's statute.
    pub fn wet(&self) -> Wet {
        *self.case.uitkering.wet
    }

    /// A subject of national law, for this case's benefit, in force on the
    /// reference date.
    pub fn cite(&self, subject: Subject) -> Result<Cited<'_>, NotCited> {
        self.policy.wetten().cite(subject, self.wet(), self.date)
    }

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
    /// Records a finding of `rule` with its severity; its message ends with
    /// the article it rests on.
    pub fn push(
        &mut self,
        rule: &'static Rule,
        span: Span,
        period: Option<Period>,
        policy: &PolicyVersion,
        message: String,
    ) {
        self.push_as(rule, rule.severity, span, period, policy, message);
    }

    /// Records a finding milder than the rule's own severity.
    pub fn push_as(
        &mut self,
        rule: &'static Rule,
        severity: Severity,
        span: Span,
        period: Option<Period>,
        policy: &PolicyVersion,
        message: String,
    ) {
        debug_assert!(severity >= rule.severity, "{} reported stricter", rule.id);
        let article = self.article(rule, policy);
        self.record(rule, severity, span, period, policy, article, message);
    }

    /// Records a finding that cites a more precise `article` than the rule's.
    pub fn push_cited(
        &mut self,
        rule: &'static Rule,
        span: Span,
        period: Option<Period>,
        policy: &PolicyVersion,
        article: String,
        message: String,
    ) {
        self.record(rule, rule.severity, span, period, policy, article, message);
    }

    /// The article a finding's message ends with: the policy's, or for a
    /// rule of national law only the statute's ("artikel 4:13 Algemene wet
    /// bestuursrecht").
    fn article(&self, rule: &Rule, policy: &PolicyVersion) -> String {
        rule.article(policy)
            .or_else(|| {
                let subject = rule.subjects.first()?;
                self.cx.cite(*subject).ok().map(|c| c.short())
            })
            .unwrap_or_else(|| rule.id.to_string())
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        rule: &'static Rule,
        severity: Severity,
        span: Span,
        period: Option<Period>,
        policy: &PolicyVersion,
        article: String,
        message: String,
    ) {
        let message = format!("{message} ({article}).");
        let mut legal_basis = Vec::new();
        if let Article::Policy(_) = rule.article {
            legal_basis.push(LegalBasis {
                regeling: policy.citeertitel.clone(),
                artikel: article,
                url: policy.url.clone(),
            });
        }
        // A subject the benefit's statute has no provision for is left out:
        // a finding names what it rests on, never a stand-in.
        for cited in rule.subjects.iter().filter_map(|s| self.cx.cite(*s).ok()) {
            legal_basis.extend(cited.provisions().map(|(artikel, url)| LegalBasis {
                regeling: cited.statute.naam.clone(),
                artikel,
                url,
            }));
        }
        self.list.push(Finding {
            rule,
            severity,
            message,
            span,
            period,
            legal_basis,
            waived: None,
            cells: Vec::new(),
        });
    }

    /// Gives the finding just recorded the cells of its table row.
    pub fn with_cells(&mut self, cells: Vec<String>) {
        if let Some(last) = self.list.last_mut() {
            last.cells = cells;
        }
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
            .filter(|f| f.rule.id == rule)
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

#[cfg(test)]
mod tests {
    //! The catalogue is complete: every rule that is checked is registered,
    //! every registered rule is checked (it fires on at least one of the
    //! failing cases below), and what a rule declares holds for its findings.

    use super::testing::*;
    use super::*;

    /// Cases that fail, together, every rule of the catalogue: (what, the
    /// replacements in the base case, what is appended, the reference date).
    /// Replacements in the base case, as `testing::case` takes them.
    type Replace = &'static [(&'static str, &'static str)];

    const FAILING: &[(&str, Replace, &str, &str)] = &[
        (
            "not suitable",
            &[("passend: true", "passend: false")],
            "",
            "2024-01-20",
        ),
        (
            "too many hours",
            &[("uren_per_week: 12", "uren_per_week: 30")],
            "",
            "2024-01-20",
        ),
        (
            "more hours a week than the guideline, within the year",
            &[("uren_per_week: 12", "uren_per_week: 22")],
            "",
            "2024-01-20",
        ),
        (
            "not on own account, obligations, prices",
            &[
                (
                    "eigen_rekening_en_risico: true",
                    "eigen_rekening_en_risico: false",
                ),
                (
                    "langlopende_verplichtingen: []",
                    "langlopende_verplichtingen: [Huur pand]",
                ),
                (
                    "marktconforme_prijzen: true",
                    "marktconforme_prijzen: false",
                ),
            ],
            "",
            "2024-01-20",
        ),
        (
            "legal requirements",
            &[
                (
                    "vergunningen: []",
                    "vergunningen: [{ omschrijving: Vent, aanwezig: false }]",
                ),
                ("  kvk_nummer: \"12345678\"\n", ""),
                ("btw_id: NL123456789B01", "btw_id: NL1"),
                (
                    "vog: { vereist: false, aanwezig: false }",
                    "vog: { vereist: true, aanwezig: false }",
                ),
                ("NL91ABNA0417164300", "NL91ABNA0417164301"),
                (
                    "  plan_van_aanpak: { datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }\n",
                    "",
                ),
            ],
            "",
            "2024-03-05",
        ),
        (
            "a running year: no plan, missing months, hours, investment, costs, loss, late books",
            &[(
                "  plan_van_aanpak: { datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }\n",
                "",
            )],
            "toestemming: { ingangsdatum: 2024-01-01 }\nmaanden:\n  - { maand: 2024-01, omzet: 50, uren_direct: 700, uren_indirect: 0, kosten: [{ omschrijving: Pand, categorie: huur, bedrag: 10, goedgekeurd: true, bewijs: true }, { omschrijving: Gereedschap, categorie: gereedschap, bedrag: 90, goedgekeurd: true, bewijs: true }, { omschrijving: Bonnetje, categorie: materiaal, bedrag: 5, goedgekeurd: true, bewijs: false }] }\n  - { maand: 2024-02, omzet: 0, uren_direct: 600, uren_indirect: 0 }\ninvesteringen:\n  - { datum: 2024-01-10, omschrijving: Bus, bedrag: 4000.00 }\nafwijkingen:\n  - { regel: art99, datum: 2024-02-01, motivering: x }\n",
            "2025-05-01",
        ),
        (
            "incomplete books",
            &[],
            "toestemming: { ingangsdatum: 2024-12-01 }\nmaanden:\n  - { maand: 2024-12, omzet: 100, uren_direct: 10, uren_indirect: 0 }\njaarstukken:\n  - { boekjaar: 2024, ingeleverd: 2025-04-20, aangifte_ib: false, jaarrekening: false, kasboek: false, omzet: 100 }\n",
            "2025-06-01",
        ),
        (
            "a missing document",
            &[(
                "  plan_van_aanpak: { datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }\n",
                "  plan_van_aanpak: { datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }\n  stukken: [{ soort: vog, omschrijving: Een verklaring omtrent het gedrag }]\n",
            )],
            "",
            "2024-01-20",
        ),
        (
            "hours above the cap pro rata, more turnover in the books, a long vrijlating",
            &[],
            "toestemming: { ingangsdatum: 2024-07-01 }\nmaanden:\n  - { maand: 2024-07, omzet: 100, uren_direct: 400, uren_indirect: 0 }\n  - { maand: 2024-08, omzet: 100, uren_direct: 400, uren_indirect: 0 }\njaarstukken:\n  - { boekjaar: 2024, ingeleverd: 2025-01-05, aangifte_ib: true, jaarrekening: true, kasboek: false, omzet: 5000, periode: { van: 2024-07, tot: 2024-12 } }\n",
            "2025-01-10",
        ),
    ];

    /// Every finding of the failing cases (those above and `more`) under a
    /// catalogue with its extra checks, at each case's own stage and at the
    /// application stage.
    fn findings_with(
        rules: &[&'static Rule],
        extra: &[Check],
        more: &[(&str, Replace, &str, &str)],
    ) -> Vec<(Stage, Finding)> {
        let policy = Policy::ridderkerk();
        let mut out = Vec::new();
        for (what, replace, text, day) in FAILING.iter().chain(more) {
            let c = case(replace, text);
            let stage = if c.toestemming.is_some() {
                Stage::Running
            } else {
                Stage::Application
            };
            let found = check_with(rules, extra, &c, &policy, date(day), stage);
            assert!(!found.is_empty(), "{what}: nothing found");
            out.extend(found.into_iter().map(|f| (stage, f)));
            let at_application =
                check_with(rules, extra, &c, &policy, date(day), Stage::Application);
            out.extend(at_application.into_iter().map(|f| (Stage::Application, f)));
        }
        out
    }

    fn all_findings() -> Vec<(Stage, Finding)> {
        findings_with(CATALOGUE, &[], &[])
    }

    /// What is wrong with a catalogue, given the findings of its checks on
    /// the failing cases: empty when every rule found is registered, every
    /// registered rule is found, and severities and scopes hold.
    fn problems(rules: &[&'static Rule], findings: &[(Stage, Finding)]) -> Vec<String> {
        let mut out = Vec::new();
        let registered = |rule: &Rule| rules.iter().any(|r| std::ptr::eq(*r, rule));
        for (stage, f) in findings {
            let id = f.rule.id;
            if !registered(f.rule) {
                out.push(format!("{id} is found but not in the catalogue"));
            }
            if f.severity < f.rule.severity {
                out.push(format!(
                    "{id} reported {:?}, stricter than declared",
                    f.severity
                ));
            }
            let at_application = *stage == Stage::Application;
            match f.rule.scope {
                Scope::Application => {}
                Scope::Running if at_application => {
                    out.push(format!("{id} is a running rule but fired at application"));
                }
                Scope::Running => {}
                Scope::Bookkeeping => {
                    if at_application || !matches!(f.period, Some(Period::Year(_))) {
                        out.push(format!("{id} is a bookkeeping rule but not about a year"));
                    }
                }
            }
        }
        for rule in rules {
            let of_rule = || findings.iter().filter(|(_, f)| f.rule == *rule);
            if of_rule().next().is_none() {
                out.push(format!("{} never fires on the failing cases", rule.id));
            } else if !of_rule().any(|(_, f)| f.severity == rule.severity) {
                out.push(format!("{} never reports its declared severity", rule.id));
            }
            if rule.scope == Scope::Application && !of_rule().any(|(s, _)| *s == Stage::Application)
            {
                out.push(format!(
                    "{} is an application rule but is not checked then",
                    rule.id
                ));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn ids_are_unique_and_lookup_finds_each_rule() {
        for (i, rule) in CATALOGUE.iter().enumerate() {
            assert!(
                CATALOGUE[i + 1..].iter().all(|r| r.id != rule.id),
                "{} is registered twice",
                rule.id
            );
            assert!(std::ptr::eq(lookup(rule.id).unwrap(), *rule));
            assert!(!rule.summary.is_empty(), "{} has no summary", rule.id);
        }
        assert!(lookup("art99").is_none());
    }

    #[test]
    fn every_rule_declared_in_a_group_file_is_registered() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
        let mut declared = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let mut lines = text.lines();
            while let Some(line) = lines.next() {
                if !(line.starts_with("pub static ") && line.ends_with(": Rule = Rule {")) {
                    continue;
                }
                let id = lines
                    .next()
                    .and_then(|l| l.trim().strip_prefix("id: \""))
                    .and_then(|l| l.strip_suffix("\","));
                declared.push(id.expect("`id` comes first in a rule").to_string());
            }
        }
        assert_eq!(declared.len(), CATALOGUE.len(), "declared: {declared:?}");
        for id in declared {
            assert!(
                lookup(&id).is_some(),
                "{id} is declared but not in CATALOGUE"
            );
        }
    }

    #[test]
    fn every_rule_fires_is_registered_and_keeps_its_declared_severity_and_scope() {
        assert_eq!(problems(CATALOGUE, &all_findings()), Vec::<String>::new());
    }

    /// The table of docs/rules.md, from a catalogue.
    fn rules_table(rules: &[&'static Rule]) -> String {
        let policy = Policy::ridderkerk();
        let version = policy.first();
        let mut out = String::from(
            "| regel | artikel (Ridderkerk) | ernst | betreft | rust ook op | wat pto toetst |\n\
             | --- | --- | --- | --- | --- | --- |\n",
        );
        for rule in rules {
            let article = rule.article(version).unwrap_or_else(|| {
                let subject = rule.subjects[0];
                let on = version.vanaf;
                let cited = policy.wetten().cite(subject, Wet::Participatiewet, on);
                cited.map(|c| c.short()).unwrap_or_default()
            });
            let scope = match rule.scope {
                Scope::Application => "aanvraag",
                Scope::Running => "maand of jaar",
                Scope::Bookkeeping => "boekhouding van een jaar",
            };
            let subjects: Vec<String> = rule
                .subjects
                .iter()
                .map(|s| format!("`{}`", s.key()))
                .collect();
            out.push_str(&format!(
                "| `{}` | {article} | {} | {scope} | {} | {} |\n",
                rule.id,
                rule.severity.dutch(),
                subjects.join(", "),
                rule.summary.replace('|', "\\|")
            ));
        }
        out
    }

    const RULES_MD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    const TABLE_START: &str = "<!-- generated: the rules table -->\n";
    const TABLE_END: &str = "<!-- end of the generated table -->\n";

    /// docs/rules.md holds the table of the catalogue as generated; after
    /// changing a rule, `PTO_UPDATE_DOCS=1 cargo test --lib rules::` writes
    /// it anew.
    #[test]
    fn docs_rules_md_is_the_catalogue() {
        let text = std::fs::read_to_string(RULES_MD).unwrap();
        let (before, rest) = text
            .split_once(TABLE_START)
            .expect("the table's start marker");
        let (table, after) = rest.split_once(TABLE_END).expect("the table's end marker");
        let generated = rules_table(CATALOGUE);
        if table != generated && std::env::var_os("PTO_UPDATE_DOCS").is_some() {
            let text = format!("{before}{TABLE_START}{generated}{TABLE_END}{after}");
            std::fs::write(RULES_MD, text).unwrap();
            return;
        }
        assert!(
            table == generated,
            "docs/rules.md is not the catalogue; run `PTO_UPDATE_DOCS=1 cargo test --lib \
             rules::` and review the diff.\n{generated}"
        );
    }

    /// docs/add-a-rule.md, followed end to end with the rule of its example:
    /// a month with turnover but no hours. It is declared here, not in a
    /// group file, and registered in a catalogue of this test, so pto's own
    /// catalogue stays as it is.
    ///
    /// Step 1: the declaration. Art. 8 lid 1: "De PTO-er overlegt
    /// maandelijks een: a. inkomstenopgave; en b. urenadministratie (indien
    /// van toepassing)."
    static ART8_1B: Rule = Rule {
        id: "art8.1b",
        article: Article::Policy("artikel 8 lid 1 onder b"),
        severity: Severity::Warning,
        scope: Scope::Running,
        subjects: &[Subject::GegevensEnWijze],
        summary: "Een maandopgave met omzet vermeldt ook de gewerkte uren.",
    };

    /// Step 2: the check, beside the declaration.
    fn art8_1b(out: &mut Findings) {
        let cx = out.cx;
        for month in cx.months() {
            let Some(statement) = cx.case.maand(month) else {
                continue;
            };
            if !statement.omzet.is_zero() && statement.uren().is_zero() {
                let p = cx.policy_at(month.first_day());
                out.push(
                    &ART8_1B,
                    statement.uren_direct.span,
                    Some(Period::Month(month)),
                    p,
                    format!("In {} hebt u omzet gemeld maar geen uren", month.in_words()),
                );
            }
        }
    }

    #[test]
    fn the_add_a_rule_recipe_end_to_end() {
        // Step 3: the registry line.
        let catalogue: Vec<&'static Rule> = CATALOGUE.iter().copied().chain([&ART8_1B]).collect();
        // Step 4: a failing case.
        let no_hours = "toestemming: { ingangsdatum: 2024-01-01 }\nmaanden:\n  - { maand: 2024-01, \
                        omzet: 80, uren_direct: 0, uren_indirect: 0 }\n";
        let new_case: &[(&str, Replace, &str, &str)] =
            &[("turnover without hours", &[], no_hours, "2024-02-01")];

        // Step 2: the check, called where the running rules are checked.
        let check: Check = (Scope::Running, art8_1b);
        let findings = findings_with(&catalogue, &[check], new_case);
        assert_eq!(problems(&catalogue, &findings), Vec::<String>::new());
        // What the tests say when a step is left out.
        assert_eq!(
            problems(CATALOGUE, &findings),
            ["art8.1b is found but not in the catalogue"]
        );
        assert_eq!(
            problems(&catalogue, &findings_with(&catalogue, &[check], &[])),
            ["art8.1b never fires on the failing cases"]
        );
        let at_application = (Scope::Application, art8_1b as fn(&mut Findings));
        assert_eq!(
            problems(
                &catalogue,
                &findings_with(&catalogue, &[at_application], new_case)
            ),
            ["art8.1b is a running rule but fired at application"]
        );

        // The finding cites its article and, per benefit, its statute.
        let policy = Policy::ridderkerk();
        let run = |wet: &str, extra: &str| {
            let c = case(
                &[("wet: participatiewet", wet)],
                &format!("{no_hours}{extra}"),
            );
            check_with(
                &catalogue,
                &[check],
                &c,
                &policy,
                date("2024-02-01"),
                Stage::Running,
            )
            .into_iter()
            .find(|f| f.rule == &ART8_1B)
            .unwrap()
        };
        // Not known before January has ended.
        let early = case(&[], no_hours);
        let january = check_with(
            &catalogue,
            &[check],
            &early,
            &policy,
            date("2024-01-31"),
            Stage::Running,
        );
        assert!(january.iter().all(|f| f.rule != &ART8_1B));
        let f = run("wet: participatiewet", "");
        assert_eq!(
            f.message,
            "In januari 2024 hebt u omzet gemeld maar geen uren (artikel 8 lid 1 onder b)."
        );
        assert_eq!(f.legal_basis[1].artikel, "artikel 53a lid 1");
        assert_eq!(
            run("wet: ioaw", "").legal_basis[1].artikel,
            "artikel 14 lid 1"
        );
        // A waiver names it by its id.
        let waiver = "afwijkingen:\n  - { regel: art8.1b, datum: 2024-01-20, motivering: Ziek. }\n";
        assert!(run("wet: participatiewet", waiver).waived.is_some());
        // Step 6: its row in docs/rules.md.
        assert!(rules_table(&catalogue).contains(
            "| `art8.1b` | artikel 8 lid 1 onder b | waarschuwing | maand of jaar | \
             `gegevens_en_wijze` | Een maandopgave met omzet vermeldt ook de gewerkte uren. |"
        ));
    }

    #[test]
    fn a_rule_cites_the_policy_s_numbering() {
        let mut version = Policy::ridderkerk().first().clone();
        let article = |r: &Rule, v: &PolicyVersion| r.article(v).unwrap_or_default();
        let short = |r: &Rule, v: &PolicyVersion| r.article_short(v).unwrap_or_default();
        assert_eq!(
            article(&statements::ART8_1, &version),
            "artikel 8 lid 1 en 3"
        );
        assert_eq!(short(&statements::ART8_1, &version), "art. 8");
        assert_eq!(
            statements::ART8_1.article_long(&version).unwrap(),
            "artikel 8, eerste en derde lid, van de Beleidsregels Parttime Ondernemen 2023 \
             gemeente Ridderkerk"
        );
        assert_eq!(application::AWB4_13.article(&version), None);
        assert_eq!(short(&hours::ART5_WEEK, &version), "art. 5");
        version
            .artikelen
            .insert("art8.1".into(), "artikel 6 lid 1".into());
        version.citeertitel = "Beleidsregels PTO Ergens".into();
        assert_eq!(article(&statements::ART8_1, &version), "artikel 6 lid 1");
        assert_eq!(short(&statements::ART8_1, &version), "art. 6");
        assert_eq!(
            statements::ART8_1.article_long(&version).unwrap(),
            "artikel 6, eerste lid, van de Beleidsregels PTO Ergens"
        );
    }

    #[test]
    fn every_article_of_the_built_in_rules_reads_for_the_long_form() {
        for rule in CATALOGUE {
            if let Article::Policy(article) = rule.article {
                assert!(
                    crate::settings::wetten::Provision::parse_short(article).is_some(),
                    "{}: {article}",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn a_finding_cites_the_statute_of_the_benefit() {
        let missing = "toestemming: { ingangsdatum: 2024-01-01 }\n";
        let basis = |wet: &str| {
            let c = case(&[("wet: participatiewet", wet)], missing);
            let f = found(&c, "2024-02-01", "art8.1");
            f[0].legal_basis
                .iter()
                .map(|b| format!("{} | {} | {}", b.regeling, b.artikel, b.url))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            basis("wet: participatiewet"),
            [
                "Beleidsregels Parttime Ondernemen 2023 gemeente Ridderkerk | artikel 8 lid 1 en 3 \
                 | https://lokaleregelgeving.overheid.nl/",
                "Participatiewet | artikel 17 lid 1 en 2 | \
                 https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=17",
                "Participatiewet | artikel 53a lid 1 | \
                 https://wetten.overheid.nl/jci1.3:c:BWBR0015703&artikel=53a&lid=1",
            ]
        );
        assert_eq!(
            basis("wet: ioaw")[1..],
            [
                "Wet inkomensvoorziening oudere en gedeeltelijk arbeidsongeschikte werkloze \
                 werknemers | artikel 13 lid 1 en 2 | \
                 https://wetten.overheid.nl/jci1.3:c:BWBR0004044&artikel=13",
                "Wet inkomensvoorziening oudere en gedeeltelijk arbeidsongeschikte werkloze \
                 werknemers | artikel 14 lid 1 | \
                 https://wetten.overheid.nl/jci1.3:c:BWBR0004044&artikel=14&lid=1",
            ]
        );
    }
}

//! The rule catalogue of SPEC §5: `check(case, policy, date) -> findings`.
//!
//! One small function per rule, grouped per article (one file per group);
//! each names its rule id, and its doc comment quotes the policy sentence it
//! implements. The reference date decides what is known: a month counts once
//! it has ended, the bookkeeping once its deadline has passed. Waivers under
//! art. 12 are applied last.

pub mod application;
pub mod bookkeeping;
pub mod costs;
mod dates;
pub mod hours;
pub mod investments;
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
    &application::ART1_2F,
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
    &statements::ART8_1,
    &hours::ART5_1,
    &investments::ART4_1D,
    &investments::ART10_5,
    &costs::ART10_1,
    &costs::ART10_3,
    &costs::ART10_2,
    &costs::ART11_VERLIES,
    &bookkeeping::ART9_2,
    &bookkeeping::ART9_1,
    &bookkeeping::ART4_1E,
    &waivers::ART12,
];

/// The rule with this id, if the catalogue has one.
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
    /// The benefit's statute. A case under another benefit is refused by
    /// art. 1 lid 2 f; its findings cite the Participatiewet, on which the
    /// policy rests.
    pub fn wet(&self) -> Wet {
        Wet::from_key(&self.case.uitkering.wet).unwrap_or(Wet::Participatiewet)
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
        let article = self.article(rule, policy);
        self.record(rule, rule.severity, span, period, policy, article, message);
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
            "another benefit",
            &[("wet: participatiewet", "wet: ww")],
            "",
            "2024-01-20",
        ),
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
    ];

    /// Every finding of every failing case, at its own stage and at the
    /// application stage.
    fn all_findings() -> Vec<(Stage, Finding)> {
        let policy = Policy::ridderkerk();
        let mut out = Vec::new();
        for (what, replace, extra, day) in FAILING {
            let c = case(replace, extra);
            let stage = if c.toestemming.is_some() {
                Stage::Running
            } else {
                Stage::Application
            };
            let found = check(&c, &policy, date(day));
            assert!(!found.is_empty(), "{what}: nothing found");
            out.extend(found.into_iter().map(|f| (stage, f)));
            let at_application = check_stage(&c, &policy, date(day), Stage::Application);
            out.extend(at_application.into_iter().map(|f| (Stage::Application, f)));
        }
        out
    }

    fn registered(rule: &Rule) -> bool {
        CATALOGUE.iter().any(|r| std::ptr::eq(*r, rule))
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
    fn every_registered_rule_fires_and_every_finding_is_registered() {
        let findings = all_findings();
        for (_, f) in &findings {
            assert!(registered(f.rule), "{} is not in CATALOGUE", f.rule.id);
        }
        for rule in CATALOGUE {
            assert!(
                findings.iter().any(|(_, f)| f.rule == *rule),
                "{} never fires on the failing cases: add one",
                rule.id
            );
        }
    }

    #[test]
    fn a_finding_is_never_stricter_than_its_rule_and_some_are_as_strict() {
        let findings = all_findings();
        for (_, f) in &findings {
            assert!(
                f.severity >= f.rule.severity,
                "{}: {:?}",
                f.rule.id,
                f.severity
            );
        }
        for rule in CATALOGUE {
            assert!(
                findings
                    .iter()
                    .any(|(_, f)| f.rule == *rule && f.severity == rule.severity),
                "{} never reports its declared severity",
                rule.id
            );
        }
    }

    #[test]
    fn scopes_hold_for_the_findings() {
        let findings = all_findings();
        for (stage, f) in &findings {
            match f.rule.scope {
                Scope::Application => {}
                Scope::Running => assert_eq!(*stage, Stage::Running, "{}", f.rule.id),
                Scope::Bookkeeping => {
                    assert_eq!(*stage, Stage::Running, "{}", f.rule.id);
                    assert!(matches!(f.period, Some(Period::Year(_))), "{}", f.rule.id);
                }
            }
        }
        for rule in CATALOGUE.iter().filter(|r| r.scope == Scope::Application) {
            assert!(
                findings
                    .iter()
                    .any(|(s, f)| f.rule == *rule && *s == Stage::Application),
                "{} is an application rule but is not checked at application",
                rule.id
            );
        }
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

//! Municipality settings (`pto.yaml`) and the policy parameters in force.
//!
//! Rules are code; the numbers in them are data, each with the date from
//! which it holds, and so are the statutes they cite (`wetten`). Ridderkerk
//! 2023 and the statute table are built in as data files; a municipality
//! with other rules names its own values in `pto.yaml`
//! (docs/municipality-policy.md).

mod load;
pub mod mandaat;
mod signing;
pub mod wetten;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::case::{Categorie, StukSoort, Wet};

pub use load::{load_settings, settings_from_str};
pub use mandaat::{Besluiten, Mandaat};
pub use signing::Digitaal;
pub use wetten::{Cited, NotCited, Regeling, Statute, Subject, Wetten};

/// The built-in policy, as data.
pub const RIDDERKERK_2023: &str = include_str!("ridderkerk-2023.yaml");

/// Everything that differs per municipality.
#[derive(Clone, Debug)]
pub struct Settings {
    pub gemeente: Gemeente,
    /// Where a letter's "Heeft u vragen?" sends the reader.
    pub contact: Contact,
    pub ondertekening: Ondertekening,
    pub bezwaar: Bezwaar,
    pub archief: Archief,
    pub policy: Policy,
    /// The mandate table (Awb 10:10): who may sign which decisions. None:
    /// no table, no check.
    pub mandaat: Option<Vec<Mandaat>>,
}

/// The municipality, for the letterhead and the archive.
#[derive(Clone, Debug)]
pub struct Gemeente {
    pub naam: String,
    /// "Burgemeester en wethouders van Ridderkerk".
    pub college: String,
    pub afdeling: Option<String>,
    pub postadres: Vec<String>,
    pub bezoekadres: Vec<String>,
    pub telefoon: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    /// The municipality's account for payments (a terugvordering).
    pub rekening: Option<String>,
}

/// How to reach the municipality with a question about a letter.
#[derive(Clone, Debug)]
pub struct Contact {
    pub telefoon: Option<String>,
    pub email: Option<String>,
}

/// Who signs, under mandate.
#[derive(Clone, Debug)]
pub struct Ondertekening {
    pub naam: Option<String>,
    pub functie: String,
    /// How decisions are signed digitally (PAdES); none: not signed.
    pub digitaal: Option<Digitaal>,
    /// The signer's name as the signing certificate gives it (its CN),
    /// once `pto decide` has loaded the certificate: the letter says it was
    /// signed digitally by this name. None when no decision is signed.
    pub ondertekend_door: Option<String>,
}

/// Where an objection goes (Awb 6:4, 6:5).
#[derive(Clone, Debug)]
pub struct Bezwaar {
    pub aan: String,
    pub adres: Vec<String>,
    pub digitaal: Option<String>,
}

/// How decisions are archived.
#[derive(Clone, Debug)]
pub struct Archief {
    pub pdf: PdfStandard,
    /// MDTO waardering: `V` (vernietigen) or `B` (blijvend bewaren).
    pub waardering: String,
    /// Bewaartermijn in years, where the municipality sets one.
    pub bewaartermijn_jaren: Option<u32>,
    /// MDTO beperkingGebruik: who may see the record.
    pub beperking_gebruik: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PdfStandard {
    /// PDF/A-2b + PDF/UA-1: the default, what Dutch archives ask for.
    A2b,
    /// PDF/A-3b + PDF/UA-1, with the case file embedded.
    A3b,
}

/// The policy parameters over time, and the statutes they are applied
/// under.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Sorted by `vanaf`, never empty.
    versions: Vec<PolicyVersion>,
    wetten: Wetten,
    /// The IOAW mappings of provisions resting on the Participatiewet that
    /// the municipality's legal department approved, each from its date.
    ioaw: Vec<IoawGoedkeuring>,
}

/// The parameters of one policy, from a date on.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyVersion {
    pub vanaf: NaiveDate,
    /// Official name.
    pub naam: String,
    /// The title the policy says it is cited by: what findings and letters
    /// cite (the policy's `naam` where it names none).
    pub citeertitel: String,
    pub url: String,
    /// Art. 4 lid 1 a, art. 5 lid 1.
    pub max_uren_per_jaar: Decimal,
    /// Art. 5 toelichting.
    pub richtlijn_uren_per_week: Decimal,
    /// Art. 9 lid 2: the bookkeeping must be in before this day (month, day)
    /// of the next year.
    pub jaarstukken_voor: (u32, u32),
    /// Art. 3 toelichting, Awb 4:13.
    pub beslistermijn_weken: u32,
    /// Awb 6:7.
    pub bezwaartermijn_weken: u32,
    /// Art. 10 lid 2: approved costs above this share of turnover are a signal.
    pub kostensignaal_procent: Decimal,
    /// Art. 4 lid 2.
    pub evaluatie_maanden: u32,
    /// Art. 10 lid 3.
    pub niet_aftrekbaar: Vec<Categorie>,
    /// Where this municipality's rules put an article, when its numbering
    /// differs from Ridderkerk's: rule id → citation ("artikel 6 lid 1").
    pub artikelen: BTreeMap<String, String>,
    /// The Awb procedure before a decision: voornemen, zienswijze,
    /// herstelverzuim, sending.
    pub procedure: Procedure,
    /// How a recovery and a payment are decided.
    pub terugvordering: Terugvordering,
    /// Awb 4:87: a nabetaling is paid within this many weeks of sending.
    pub nabetaling_weken: u32,
    /// Art. 4 lid 2: an intrekking takes effect this many weeks after the
    /// decision date, never retroactively.
    pub overgangsperiode_weken: u32,
    /// Art. 11 lid 2: the form the monthly income is reported with.
    pub meldingsformulier: String,
    /// Participatiewet art. 31 lid 2 onder n (IOAW art. 8 lid 2): the
    /// percentage and maximum of the vrijlating, per benefit and date.
    pub vrijlating: Vec<VrijlatingBedrag>,
    /// The provisions of these rules that rest on a power of the
    /// Participatiewet, with the statute subjects they use: for an IOAW
    /// case each needs a mapping approved by the legal department.
    pub pw_verwijzingen: Vec<PwVerwijzing>,
}

/// The Awb procedure around a decision (Awb 4:5, 4:8, 4:12).
#[derive(Clone, Debug, PartialEq)]
pub struct Procedure {
    /// Awb 4:8: an intrekking is announced first.
    pub voornemen_intrekking: bool,
    /// Awb 4:8: a terugvordering is announced first.
    pub voornemen_terugvordering: bool,
    /// Awb 4:12: no voornemen for a recovery below this amount (zero: every
    /// recovery gets one).
    pub voornemen_terugvordering_vanaf: Decimal,
    /// The days a person has to give a zienswijze, from the voornemen's
    /// sending date.
    pub zienswijze_dagen: u32,
    /// Awb 4:5: days to supply a missing document, per kind; `overig` for a
    /// kind not listed.
    pub hersteltermijnen: BTreeMap<StukSoort, u32>,
    /// A decision dated more than this many days before today needs an
    /// explicit flag (a letter's date is its intended sending date).
    pub terugdateren_dagen: u32,
}

impl Procedure {
    /// The days to supply a document of this kind.
    pub fn hersteltermijn(&self, soort: StukSoort) -> u32 {
        self.hersteltermijnen
            .get(&soort)
            .or_else(|| self.hersteltermijnen.get(&StukSoort::Overig))
            .copied()
            .unwrap_or(14)
    }
}

/// The ground a recovery rests on (policy art. 11 lid 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grondslag {
    /// Participatiewet art. 58 lid 2 onder e (with the two-year limit of
    /// lid 6); IOAW art. 25 lid 2.
    Onverschuldigd,
    /// Participatiewet art. 58 lid 2 onder a after a revision under art. 54
    /// lid 3, second sentence; IOAW art. 25 lid 2 after 17 lid 3.
    Herziening,
}

impl Grondslag {
    pub const ALL: [Grondslag; 2] = [Grondslag::Onverschuldigd, Grondslag::Herziening];

    pub fn key(self) -> &'static str {
        match self {
            Grondslag::Onverschuldigd => "onverschuldigd",
            Grondslag::Herziening => "herziening",
        }
    }

    pub fn from_key(key: &str) -> Option<Grondslag> {
        Grondslag::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// How a recovery is decided and paid (Awb 4:85–4:87, 4:93).
#[derive(Clone, Debug, PartialEq)]
pub struct Terugvordering {
    pub grondslag: Grondslag,
    /// The municipality's terugvorderingsbeleid, by its citeertitel.
    pub beleid: Option<String>,
    /// Awb 4:87: the weeks after sending within which to pay (at least six).
    pub betalingstermijn_weken: u32,
    /// Whether the municipality sets a claim off against running bijstand
    /// (Participatiewet art. 60 lid 3 and 4).
    pub verrekenen: bool,
}

/// The vrijlating of Participatiewet art. 31 lid 2 onder n (IOAW art. 8 lid
/// 2) from a date on, with its source.
#[derive(Clone, Debug, PartialEq)]
pub struct VrijlatingBedrag {
    pub vanaf: NaiveDate,
    pub wet: Wet,
    pub procent: Decimal,
    /// The most left out per month.
    pub maximum: Decimal,
    /// The most months.
    pub maanden: u32,
    /// Where the amount comes from.
    pub bron: String,
}

/// A provision of the municipality's rules that rests on a power of the
/// Participatiewet.
#[derive(Clone, Debug, PartialEq)]
pub struct PwVerwijzing {
    /// "artikel 11 lid 6".
    pub bepaling: String,
    /// The statute subjects it uses.
    pub onderwerpen: Vec<Subject>,
}

/// The legal department's approval to apply a provision to IOAW cases with
/// the IOAW's articles of the statute table.
#[derive(Clone, Debug, PartialEq)]
pub struct IoawGoedkeuring {
    pub bepaling: String,
    pub datum: NaiveDate,
    pub door: String,
}

impl Policy {
    /// The policy `versions` under the built-in statute table.
    pub fn new(mut versions: Vec<PolicyVersion>) -> Option<Policy> {
        versions.sort_by_key(|v| v.vanaf);
        (!versions.is_empty()).then(|| Policy {
            versions,
            wetten: Wetten::built_in().clone(),
            ioaw: Vec::new(),
        })
    }

    /// The same policy under another statute table (the built-in one with
    /// the rows of `pto.yaml`).
    pub fn with_wetten(self, wetten: Wetten) -> Policy {
        Policy { wetten, ..self }
    }

    /// The same policy with the IOAW mappings the legal department
    /// approved (`ioaw_goedgekeurd` in `pto.yaml`).
    pub fn with_ioaw(self, ioaw: Vec<IoawGoedkeuring>) -> Policy {
        Policy { ioaw, ..self }
    }

    /// Whether the IOAW mapping of `bepaling` was approved by `date`.
    pub fn ioaw_approved(&self, bepaling: &str, date: NaiveDate) -> bool {
        self.ioaw
            .iter()
            .any(|g| g.bepaling == bepaling && g.datum <= date)
    }

    /// The built-in Ridderkerk 2023 policy.
    pub fn ridderkerk() -> Policy {
        Settings::default().policy
    }

    /// The policy in force on `date`, if any was.
    pub fn at(&self, date: NaiveDate) -> Option<&PolicyVersion> {
        self.versions.iter().rev().find(|v| v.vanaf <= date)
    }

    /// The policy in force on `date`, or the first one for facts before it.
    /// Such facts are refused before any rule runs (see `check_dates`), so
    /// the fallback only keeps the rules total.
    pub fn at_or_first(&self, date: NaiveDate) -> &PolicyVersion {
        self.at(date).unwrap_or(&self.versions[0])
    }

    pub fn first(&self) -> &PolicyVersion {
        &self.versions[0]
    }

    pub fn versions(&self) -> &[PolicyVersion] {
        &self.versions
    }

    /// The statute table: which provision each subject rests on, per
    /// benefit and date.
    pub fn wetten(&self) -> &Wetten {
        &self.wetten
    }
}

impl PolicyVersion {
    /// Whether costs of this category may be deducted.
    pub fn aftrekbaar(&self, categorie: Categorie) -> bool {
        !self.niet_aftrekbaar.contains(&categorie)
    }

    /// The vrijlating in force for a benefit under `wet` in a month starting
    /// on `date`.
    pub fn vrijlating_op(&self, wet: Wet, date: NaiveDate) -> Option<&VrijlatingBedrag> {
        self.vrijlating
            .iter()
            .filter(|v| v.wet == wet && v.vanaf <= date)
            .max_by_key(|v| v.vanaf)
    }

    /// The first day on which the bookkeeping of `year` is late.
    pub fn jaarstukken_te_laat_vanaf(&self, year: i32) -> NaiveDate {
        let (month, day) = self.jaarstukken_voor;
        NaiveDate::from_ymd_opt(year + 1, month, day)
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(year + 1, 5, 1).unwrap_or(NaiveDate::MAX))
    }
}

impl Settings {
    /// Whether the signatory holds a mandate for a decision with `outcome`
    /// and `amount`; the Dutch reason for refusing it when not. Without a
    /// mandate table, always.
    pub fn mandate(
        &self,
        outcome: crate::decide::Outcome,
        amount: Option<Decimal>,
    ) -> Result<(), String> {
        match &self.mandaat {
            None => Ok(()),
            Some(table) => mandaat::check(
                table,
                &self.ondertekening.functie,
                self.ondertekening.naam.as_deref(),
                outcome,
                amount,
            ),
        }
    }
}

impl Default for Settings {
    fn default() -> Settings {
        // The built-in data is tested to load (see the tests below).
        match settings_from_str("<ingebouwd>", "") {
            Ok(settings) => settings,
            Err(errors) => unreachable!("built-in settings do not load: {errors:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_policy_is_ridderkerk_2023() {
        let policy = Policy::ridderkerk();
        let v = policy.first();
        assert_eq!(v.vanaf, NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
        assert_eq!(v.max_uren_per_jaar, Decimal::from(1225));
        assert_eq!(v.richtlijn_uren_per_week, Decimal::from(20));
        assert_eq!(
            v.jaarstukken_te_laat_vanaf(2024),
            NaiveDate::from_ymd_opt(2025, 5, 1).unwrap()
        );
        assert!(!v.aftrekbaar(Categorie::Huur));
        assert!(v.aftrekbaar(Categorie::Materiaal));
        assert!(
            policy
                .at(NaiveDate::from_ymd_opt(2022, 12, 31).unwrap())
                .is_none()
        );
        assert_eq!(
            v.citeertitel,
            "Beleidsregels Parttime Ondernemen 2023 gemeente Ridderkerk"
        );
    }

    #[test]
    fn a_policy_is_cited_by_its_citeertitel_or_else_its_name() {
        let first = "beleid:\n  - { vanaf: 2024-01-01, naam: Beleidsregels PTO Ergens 2024, \
                     url: https://example.org/, max_uren_per_jaar: 1000, \
                     richtlijn_uren_per_week: 20, jaarstukken_voor: 05-01, \
                     beslistermijn_weken: 8, bezwaartermijn_weken: 6, \
                     kostensignaal_procent: 50, evaluatie_maanden: 12, \
                     niet_aftrekbaar: [huur] }\n";
        let titles = |extra: &str| {
            let s = settings_from_str("pto.yaml", &format!("{first}{extra}")).unwrap();
            s.policy
                .versions()
                .iter()
                .map(|v| v.citeertitel.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(""), ["Beleidsregels PTO Ergens 2024"]);
        assert_eq!(
            titles("  - { vanaf: 2025-01-01, citeertitel: PTO-regels 2025 }\n"),
            ["Beleidsregels PTO Ergens 2024", "PTO-regels 2025"]
        );
        assert_eq!(
            titles("  - { vanaf: 2025-01-01, max_uren_per_jaar: 1040 }\n"),
            [
                "Beleidsregels PTO Ergens 2024",
                "Beleidsregels PTO Ergens 2024"
            ]
        );
    }
}

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

use crate::case::Categorie;

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
}

impl Policy {
    /// The policy `versions` under the built-in statute table.
    pub fn new(mut versions: Vec<PolicyVersion>) -> Option<Policy> {
        versions.sort_by_key(|v| v.vanaf);
        (!versions.is_empty()).then(|| Policy {
            versions,
            wetten: Wetten::built_in().clone(),
        })
    }

    /// The same policy under another statute table (the built-in one with
    /// the rows of `pto.yaml`).
    pub fn with_wetten(self, wetten: Wetten) -> Policy {
        Policy { wetten, ..self }
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

//! The letter kinds: one registry entry each, beside one template file in
//! `templates/`. An entry says which proceeding the letter belongs to, how
//! its kenmerk is made, whether it is a besluit with an objection clause,
//! what the archive calls it, and which template is built in. Which
//! sections the letter has, in which order and with which computed blocks,
//! is the template's business (`secties:`), so adding a kind touches this
//! file, one template and its tests: see `docs/add-a-letter-kind.md`.

use chrono::{Datelike, NaiveDate};

use crate::decide::{Outcome, Proceeding};

/// A kind of letter.
#[derive(Debug)]
pub struct LetterKind {
    /// The template's name: `templates/<name>.yaml`, built in and
    /// overridable by a case repository's file of the same name.
    pub name: &'static str,
    pub proceeding: Proceeding,
    pub kenmerk: Kenmerk,
    /// Whether the letter is a besluit, open to objection (Awb 6:7), and so
    /// ends with the objection clause. A letter that is no besluit (a
    /// voornemen, a request to complete an application) has none.
    pub objection_clause: bool,
    /// The name of the record in the archive (MDTO `naam`); `{uitkomst}`
    /// and `{zaak}` are replaced.
    pub mdto_name: &'static str,
    /// The built-in template.
    pub template: &'static str,
}

/// How a kenmerk is made: `{zaak}-{label}-{date}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kenmerk {
    /// "AANVRAAG", "EVALUATIE", "AFREKENING".
    pub label: &'static str,
    pub date: KenmerkDate,
}

/// Which date the kenmerk ends with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KenmerkDate {
    /// The day, `YYYYMMDD` (an application: the day it was received).
    Day,
    /// The month, `YYYYMM` (an evaluation: the month of the decision).
    Month,
    /// The year the letter is about, `YYYY` (a settlement).
    Year,
}

impl Kenmerk {
    /// The kenmerk of case `zaak`: `date` for a day or month kenmerk,
    /// `year` for a year kenmerk (by default the year before `date`).
    pub fn of(&self, zaak: &str, date: NaiveDate, year: Option<i32>) -> String {
        let label = self.label;
        match self.date {
            KenmerkDate::Day => format!("{zaak}-{label}-{}", date.format("%Y%m%d")),
            KenmerkDate::Month => format!("{zaak}-{label}-{}", date.format("%Y%m")),
            KenmerkDate::Year => {
                format!("{zaak}-{label}-{}", year.unwrap_or(date.year() - 1))
            }
        }
    }
}

const KENMERK_AANVRAAG: Kenmerk = Kenmerk {
    label: "AANVRAAG",
    date: KenmerkDate::Day,
};
const KENMERK_EVALUATIE: Kenmerk = Kenmerk {
    label: "EVALUATIE",
    date: KenmerkDate::Month,
};
const KENMERK_AFREKENING: Kenmerk = Kenmerk {
    label: "AFREKENING",
    date: KenmerkDate::Year,
};

pub static TOEKENNING: LetterKind = LetterKind {
    name: "toekenning",
    proceeding: Proceeding::Aanvraag,
    kenmerk: KENMERK_AANVRAAG,
    objection_clause: true,
    mdto_name: "Besluit aanvraag ({uitkomst}), zaak {zaak}",
    template: include_str!("../../templates/toekenning.yaml"),
};

pub static AFWIJZING: LetterKind = LetterKind {
    name: "afwijzing",
    proceeding: Proceeding::Aanvraag,
    kenmerk: KENMERK_AANVRAAG,
    objection_clause: true,
    mdto_name: "Besluit aanvraag ({uitkomst}), zaak {zaak}",
    template: include_str!("../../templates/afwijzing.yaml"),
};

pub static VERLENGING: LetterKind = LetterKind {
    name: "verlenging",
    proceeding: Proceeding::Evaluatie,
    kenmerk: KENMERK_EVALUATIE,
    objection_clause: true,
    mdto_name: "Besluit evaluatie ({uitkomst}), zaak {zaak}",
    template: include_str!("../../templates/verlenging.yaml"),
};

pub static INTREKKING: LetterKind = LetterKind {
    name: "intrekking",
    proceeding: Proceeding::Evaluatie,
    kenmerk: KENMERK_EVALUATIE,
    objection_clause: true,
    mdto_name: "Besluit evaluatie ({uitkomst}), zaak {zaak}",
    template: include_str!("../../templates/intrekking.yaml"),
};

/// One letter for the three outcomes of a settlement: its template tells
/// them apart (`als: uitkomst == "…"`).
pub static AFREKENING: LetterKind = LetterKind {
    name: "afrekening",
    proceeding: Proceeding::Afrekening,
    kenmerk: KENMERK_AFREKENING,
    objection_clause: true,
    mdto_name: "Besluit afrekening ({uitkomst}), zaak {zaak}",
    template: include_str!("../../templates/afrekening.yaml"),
};

/// Awb 4:5: a request to complete the application. No besluit.
pub static VERZOEK_AANVULLING: LetterKind = LetterKind {
    name: "aanvulling",
    proceeding: Proceeding::Aanvraag,
    kenmerk: Kenmerk {
        label: "AANVULLING",
        date: KenmerkDate::Day,
    },
    objection_clause: false,
    mdto_name: "Verzoek om aanvulling van de aanvraag, zaak {zaak}",
    template: include_str!("../../templates/aanvulling.yaml"),
};

/// Awb 4:5: the application is not considered; a besluit on it.
pub static BUITEN_BEHANDELING: LetterKind = LetterKind {
    name: "buiten-behandeling",
    proceeding: Proceeding::Aanvraag,
    kenmerk: KENMERK_AANVRAAG,
    objection_clause: true,
    mdto_name: "Besluit aanvraag ({uitkomst}), zaak {zaak}",
    template: include_str!("../../templates/buiten-behandeling.yaml"),
};

/// Awb 4:8: the intended intrekking. No besluit (Awb 6:3).
pub static VOORNEMEN_INTREKKING: LetterKind = LetterKind {
    name: "voornemen-intrekking",
    proceeding: Proceeding::Evaluatie,
    kenmerk: Kenmerk {
        label: "VOORNEMEN-EVALUATIE",
        date: KenmerkDate::Month,
    },
    objection_clause: false,
    mdto_name: "Voornemen tot intrekking, zaak {zaak}",
    template: include_str!("../../templates/voornemen-intrekking.yaml"),
};

/// Awb 4:8: the intended terugvordering. No besluit (Awb 6:3).
pub static VOORNEMEN_TERUGVORDERING: LetterKind = LetterKind {
    name: "voornemen-terugvordering",
    proceeding: Proceeding::Afrekening,
    kenmerk: Kenmerk {
        label: "VOORNEMEN-AFREKENING",
        date: KenmerkDate::Year,
    },
    objection_clause: false,
    mdto_name: "Voornemen tot terugvordering, zaak {zaak}",
    template: include_str!("../../templates/voornemen-terugvordering.yaml"),
};

/// Every kind, in the order `templates/README.md` lists them.
pub static KINDS: &[&LetterKind] = &[
    &TOEKENNING,
    &AFWIJZING,
    &VERZOEK_AANVULLING,
    &BUITEN_BEHANDELING,
    &VERLENGING,
    &VOORNEMEN_INTREKKING,
    &INTREKKING,
    &VOORNEMEN_TERUGVORDERING,
    &AFREKENING,
];

impl LetterKind {
    /// The letter of a decision with `outcome`. Exhaustive on purpose: a new
    /// outcome does not compile until it has its letter here.
    pub fn of(outcome: Outcome) -> &'static LetterKind {
        match outcome {
            Outcome::Toekenning => &TOEKENNING,
            Outcome::Afwijzing => &AFWIJZING,
            Outcome::Verlenging => &VERLENGING,
            Outcome::Intrekking => &INTREKKING,
            Outcome::Nabetaling | Outcome::Terugvordering | Outcome::GeenVerschil => &AFREKENING,
            Outcome::VoornemenIntrekking => &VOORNEMEN_INTREKKING,
            Outcome::VoornemenTerugvordering => &VOORNEMEN_TERUGVORDERING,
            Outcome::VerzoekAanvulling => &VERZOEK_AANVULLING,
            Outcome::BuitenBehandeling => &BUITEN_BEHANDELING,
        }
    }

    /// The kenmerk of the besluit that ends `proceeding`. Every besluit of a
    /// proceeding has the same kenmerk whatever its outcome (tested below),
    /// so that a decision issued once is found again even when the case
    /// changed its outcome since.
    pub fn besluit_kenmerk(proceeding: Proceeding) -> Kenmerk {
        let outcome = match proceeding {
            Proceeding::Aanvraag => Outcome::Toekenning,
            Proceeding::Evaluatie => Outcome::Verlenging,
            Proceeding::Afrekening => Outcome::GeenVerschil,
        };
        LetterKind::of(outcome).kenmerk
    }

    /// The record's name in the archive: "Besluit afrekening (geen
    /// verschil), zaak PTO-2024-0012".
    pub fn mdto_name(&self, outcome: Outcome, zaak: &str) -> String {
        self.mdto_name
            .replace("{uitkomst}", &outcome.key().replace('_', " "))
            .replace("{zaak}", zaak)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every outcome; the match makes a new one a compile error here too.
    fn outcomes() -> Vec<Outcome> {
        for o in Outcome::ALL {
            match o {
                Outcome::Toekenning
                | Outcome::Afwijzing
                | Outcome::Verlenging
                | Outcome::Intrekking
                | Outcome::Nabetaling
                | Outcome::Terugvordering
                | Outcome::GeenVerschil
                | Outcome::VoornemenIntrekking
                | Outcome::VoornemenTerugvordering
                | Outcome::VerzoekAanvulling
                | Outcome::BuitenBehandeling => {}
            }
        }
        Outcome::ALL.to_vec()
    }

    #[test]
    fn a_letter_has_an_objection_clause_exactly_when_it_is_a_besluit() {
        for o in outcomes() {
            assert_eq!(LetterKind::of(o).objection_clause, o.is_besluit(), "{o:?}");
        }
    }

    #[test]
    fn every_kind_is_registered_once_and_serves_an_outcome() {
        for o in outcomes() {
            let kind = LetterKind::of(o);
            assert!(
                KINDS.iter().any(|k| std::ptr::eq(*k, kind)),
                "{}",
                kind.name
            );
        }
        for (i, kind) in KINDS.iter().enumerate() {
            assert!(
                outcomes()
                    .into_iter()
                    .any(|o| std::ptr::eq(LetterKind::of(o), *kind)),
                "{} serves no outcome",
                kind.name
            );
            assert!(
                KINDS[..i].iter().all(|k| k.name != kind.name),
                "{} twice",
                kind.name
            );
        }
    }

    #[test]
    fn the_besluiten_of_a_proceeding_share_their_kenmerk() {
        for o in outcomes() {
            let kind = LetterKind::of(o);
            if kind.objection_clause {
                assert_eq!(
                    kind.kenmerk,
                    LetterKind::besluit_kenmerk(kind.proceeding),
                    "{}",
                    kind.name
                );
            }
        }
    }

    #[test]
    fn kenmerken_and_archive_names() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 16).unwrap();
        assert_eq!(KENMERK_AANVRAAG.of("Z-1", d, None), "Z-1-AANVRAAG-20250616");
        assert_eq!(KENMERK_EVALUATIE.of("Z-1", d, None), "Z-1-EVALUATIE-202506");
        assert_eq!(KENMERK_AFREKENING.of("Z-1", d, None), "Z-1-AFREKENING-2024");
        assert_eq!(
            KENMERK_AFREKENING.of("Z-1", d, Some(2023)),
            "Z-1-AFREKENING-2023"
        );
        assert_eq!(
            AFREKENING.mdto_name(Outcome::GeenVerschil, "Z-1"),
            "Besluit afrekening (geen verschil), zaak Z-1"
        );
        assert_eq!(
            VOORNEMEN_INTREKKING.kenmerk.of("Z-1", d, None),
            "Z-1-VOORNEMEN-EVALUATIE-202506"
        );
        assert_eq!(
            VOORNEMEN_TERUGVORDERING.kenmerk.of("Z-1", d, Some(2024)),
            "Z-1-VOORNEMEN-AFREKENING-2024"
        );
        assert_eq!(
            VERZOEK_AANVULLING.kenmerk.of("Z-1", d, None),
            "Z-1-AANVULLING-20250616"
        );
    }
}

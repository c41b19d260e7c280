//! Render: a decision → its letter as PDF bytes. Content and form are apart:
//! the wording comes from `templates/` (minijinja, rendered to plain
//! strings), the layout is a fixed Typst file that reads those strings as
//! data.

mod blocks;
mod compose;
pub mod context;
mod data;
pub mod kind;
mod structure;
pub mod text;
mod wording;
mod world;

pub use compose::{compose, compose_as, template_context};
pub use data::{Block, LetterData, Section};
pub use kind::{KINDS, LetterKind};
pub use wording::{ALGEMEEN, Wording, WordingError};
pub use world::{EVICT_EVERY, RenderError, evict_caches, render_pdf};

use crate::case::Loaded;
use crate::decide::Decision;
use crate::settings::Settings;

/// Why a letter could not be made.
#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    #[error(transparent)]
    Wording(#[from] WordingError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// The letter of `decision` as PDF bytes: composed, then typeset in the
/// archival standard the municipality chose.
pub fn render(
    decision: &Decision,
    loaded: &Loaded,
    settings: &Settings,
    wording: &Wording,
) -> Result<Vec<u8>, LetterError> {
    let data = letter_data(decision, loaded, settings, wording)?;
    let json = data_json(&data)?;
    let pdf = render_pdf(
        &json,
        Some(loaded.source.as_bytes()),
        decision.date,
        &decision.reference,
        settings.archief.pdf,
    )?;
    Ok(pdf)
}

/// The letter of `decision` as data: composed, with the description of the
/// attached case file where the archival standard attaches it.
pub fn letter_data(
    decision: &Decision,
    loaded: &Loaded,
    settings: &Settings,
    wording: &Wording,
) -> Result<LetterData, WordingError> {
    let mut data = compose(decision, &loaded.case, settings, wording)?;
    if settings.archief.pdf == crate::settings::PdfStandard::A3b {
        data.bijlage = Some(compose::attachment(
            decision,
            &loaded.case,
            settings,
            wording,
            &loaded.path,
        )?);
    }
    Ok(data)
}

/// The letter's data as the layout reads it from `/data.json`.
pub fn data_json(data: &LetterData) -> Result<Vec<u8>, RenderError> {
    let json = serde_json::to_string(data).map_err(|e| RenderError(e.to_string()))?;
    Ok(glue_euro_signs(&json))
}

/// "€ 1.234,56" must never break between the sign and the amount. Doing it
/// once on the serialised data is far cheaper than a Typst text show rule,
/// which runs a regex over every piece of text in the letter.
fn glue_euro_signs(json: &str) -> Vec<u8> {
    json.replace("€ ", "€\u{a0}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decide::{Proceeding, decide};
    use crate::settings::Policy;

    fn jansen() -> Loaded {
        crate::case::load_file(std::path::Path::new(
            "case-files/2024/PTO-2024-0012-jansen.yaml",
        ))
        .unwrap()
    }

    #[test]
    fn the_euro_sign_is_glued_to_its_amount() {
        let json = serde_json::to_string(&["Wij betalen u € 375,50 na."]).unwrap();
        let glued = String::from_utf8(glue_euro_signs(&json)).unwrap();
        assert_eq!(glued, "[\"Wij betalen u €\u{a0}375,50 na.\"]");
        assert!(serde_json::from_str::<Vec<String>>(&glued).is_ok());
    }

    #[test]
    fn renders_a_settlement_letter() {
        let loaded = jansen();
        let settings = Settings::default();
        let wording = Wording::built_in().unwrap();
        let decision = decide(
            &loaded.case,
            &Policy::ridderkerk(),
            Proceeding::Afrekening,
            crate::calendar::parse_date("2025-06-16").unwrap(),
            Some(2024),
        )
        .unwrap();
        let pdf = render(&decision, &loaded, &settings, &wording).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        if let Ok(dir) = std::env::var("PTO_LETTER_DIR") {
            std::fs::write(format!("{dir}/afrekening.pdf"), &pdf).unwrap();
        }
    }

    /// The recipe of docs/add-a-letter-kind.md, steps 2 and 3, with a kind
    /// that exists only here: its registry entry and its template are all
    /// it takes to compose and typeset it.
    #[test]
    fn a_new_kind_needs_only_its_entry_and_its_template() {
        use kind::{Kenmerk, KenmerkDate};
        static HERINNERING: LetterKind = LetterKind {
            name: "herinnering",
            proceeding: Proceeding::Evaluatie,
            kenmerk: Kenmerk {
                label: "HERINNERING-EVALUATIE",
                date: KenmerkDate::Month,
            },
            objection_clause: false,
            mdto_name: "Herinnering evaluatie ({uitkomst}), zaak {zaak}",
            template: r#"
onderwerp: Herinnering aan uw boekhouding
inleiding: |
  Wij missen stukken van u, {{ aanvrager.naam }}.
wat_kop: Wat ontbreekt
wat: "Het gaat om {{ aantal_redenen_tekst }}:"
daarna_kop: Wat gebeurt er als u niet reageert?
daarna: Dan trekken wij uw toestemming in.
secties:
  - kop: wat_kop
    inhoud:
      - tekst: wat
      - blok: redenen
      - tekst: aandachtspunten_kop
        als: aantal_opmerkingen > 0
  - kop: daarna_kop
    als: uitkomst == "intrekking"
    inhoud:
      - tekst: daarna
"#,
        };
        let mut kinds = KINDS.to_vec();
        kinds.push(&HERINNERING);
        let wording = Wording::load_kinds(&kinds, None).unwrap();
        let loaded = crate::case::load_file(std::path::Path::new(
            "case-files/2024/PTO-2024-0047-de-boer.yaml",
        ))
        .unwrap();
        let settings = Settings::default();
        let date = crate::calendar::parse_date("2025-06-16").unwrap();
        let decision = decide(
            &loaded.case,
            &Policy::ridderkerk(),
            Proceeding::Evaluatie,
            date,
            None,
        )
        .unwrap();
        assert_eq!(decision.outcome, crate::decide::Outcome::Intrekking);

        let data = compose_as(&HERINNERING, &decision, &loaded.case, &settings, &wording).unwrap();
        let text = text::plain_text(&data);
        assert!(
            text.contains("# Herinnering aan uw boekhouding\n"),
            "{text}"
        );
        assert!(
            text.contains("Wij missen stukken van u, Pieter de Boer."),
            "{text}"
        );
        assert!(
            text.contains("## Wat ontbreekt\n\nHet gaat om twee punten:\n\n– "),
            "{text}"
        );
        assert!(
            text.contains("## Wat gebeurt er als u niet reageert?"),
            "{text}"
        );
        assert!(
            !text.contains("Bent u het niet eens"),
            "no objection clause: {text}"
        );
        assert!(data.bezwaar.is_none());
        assert_eq!(
            HERINNERING.kenmerk.of("PTO-2024-0047", date, None),
            "PTO-2024-0047-HERINNERING-EVALUATIE-202506"
        );
        assert_eq!(
            HERINNERING.mdto_name(decision.outcome, "PTO-2024-0047"),
            "Herinnering evaluatie (intrekking), zaak PTO-2024-0047"
        );
        let pdf = render_pdf(
            &data_json(&data).unwrap(),
            None,
            date,
            &decision.reference,
            crate::settings::PdfStandard::A2b,
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }

    /// A municipality that numbers its articles otherwise (`artikelen` in its
    /// policy) sees its own article in the reasons costs were not deducted.
    #[test]
    fn the_policy_s_article_numbers_reach_the_letter() {
        let loaded = jansen();
        let mut settings = Settings::default();
        let mut version = settings.policy.first().clone();
        version
            .artikelen
            .insert("art10.3".into(), "artikel 9 lid 2".into());
        settings.policy = Policy::new(vec![version]).unwrap();
        let decision = decide(
            &loaded.case,
            &settings.policy,
            Proceeding::Afrekening,
            crate::calendar::parse_date("2025-06-16").unwrap(),
            Some(2024),
        )
        .unwrap();
        let wording = Wording::built_in().unwrap();
        let data = compose(&decision, &loaded.case, &settings, &wording).unwrap();
        let text = text::plain_text(&data);
        assert!(
            text.contains("Huur kan nooit worden afgetrokken (artikel 9 lid 2)."),
            "{text}"
        );
        assert!(!text.contains("artikel 10 lid 3"), "{text}");
    }

    /// The costs a toekenning names as never deductible are the policy's
    /// `niet_aftrekbaar`, whatever the municipality put there.
    #[test]
    fn the_never_deductible_costs_are_the_policy_s() {
        let loaded = crate::case::load_file(std::path::Path::new(
            "case-files/2025/PTO-2025-0009-visser.yaml",
        ))
        .unwrap();
        let wording = Wording::built_in().unwrap();
        let letter = |niet_aftrekbaar: Vec<crate::case::Categorie>| {
            let mut settings = Settings::default();
            let mut version = settings.policy.first().clone();
            version.niet_aftrekbaar = niet_aftrekbaar;
            settings.policy = Policy::new(vec![version]).unwrap();
            let decision = decide(
                &loaded.case,
                &settings.policy,
                Proceeding::Aanvraag,
                crate::calendar::parse_date("2025-06-16").unwrap(),
                None,
            )
            .unwrap();
            text::plain_text(&compose(&decision, &loaded.case, &settings, &wording).unwrap())
        };
        use crate::case::Categorie::{Huur, Rente};
        let text = letter(vec![Huur, Rente]);
        assert!(
            text.contains("(artikel 4 lid 1 onder d). De volgende kosten kunnen nooit van uw omzet worden afgetrokken (artikel 10 lid 3): huur en rentelasten.\n"),
            "{text}"
        );
        let text = letter(vec![]);
        assert!(text.contains("(artikel 4 lid 1 onder d).\n"), "{text}");
        assert!(!text.contains("nooit van uw omzet"), "{text}");
    }
}

//! Render: a decision → its letter as PDF bytes. Content and form are apart:
//! the wording comes from `templates/` (minijinja, rendered to plain
//! strings), the layout is a fixed Typst file that reads those strings as
//! data.

mod compose;
mod data;
pub mod text;
mod wording;
mod world;

pub use compose::{compose, template_context};
pub use data::{Block, LetterData, Section};
pub use wording::{BUILT_IN, Wording, WordingError};
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
    let mut data = compose(decision, &loaded.case, settings, wording)?;
    if settings.archief.pdf == crate::settings::PdfStandard::A3b {
        data.bijlage = Some(format!(
            "Het dossier {} zoals het was toen dit besluit werd genomen ({})",
            loaded.case.zaaknummer.value, loaded.path
        ));
    }
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
}

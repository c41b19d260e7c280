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

use crate::case::{Case, Loaded, Wet};
use crate::decide::{Decision, Outcome};
use crate::settings::{Grondslag, Policy, Settings, Subject};

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
    concept: bool,
) -> Result<Vec<u8>, LetterError> {
    let mut data = letter_data(decision, loaded, settings, wording)?;
    if concept {
        data.concept = Some(wording.text(
            LetterKind::of(decision.outcome).name,
            "concept",
            &wording::context(&template_context(decision, &loaded.case, settings)),
        )?);
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

/// The subjects of national law a decision's letter rests on: those it
/// cannot do without, and those it cites only where the benefit's law has
/// them (the two-year limit, refraining for urgent reasons, set-off).
pub fn cited_subjects(decision: &Decision, policy: &Policy) -> (Vec<Subject>, Vec<Subject>) {
    use Subject::*;
    let p = policy.at_or_first(decision.date);
    let mut required = vec![Beleidsregels];
    let mut optional = vec![ElektronischBezwaar];
    match decision.outcome {
        Outcome::Toekenning => {
            required.extend([
                Inlichtingenplicht,
                GegevensEnWijze,
                Arbeidsverplichtingen,
                AnderePeriode,
                recovery_ground(p.terugvordering.grondslag),
                HerzieningVerplicht,
                TerugvorderingVerplicht,
                Boete,
                Maatregel,
            ]);
            optional.extend([Belastingen, Verplichtingen]);
        }
        Outcome::Afwijzing | Outcome::VerzoekAanvulling | Outcome::BuitenBehandeling => {}
        Outcome::Verlenging => required.extend([Inlichtingenplicht, GegevensEnWijze]),
        Outcome::Intrekking | Outcome::VoornemenIntrekking => {
            required.extend([Inlichtingenplicht, GegevensEnWijze, Arbeidsverplichtingen]);
            optional.push(Verplichtingen);
        }
        Outcome::Nabetaling
        | Outcome::GeenVerschil
        | Outcome::Terugvordering
        | Outcome::VoornemenTerugvordering => {
            required.extend([AnderePeriode, Inkomen]);
            if let Some(s) = &decision.settlement {
                if !s.taxes.is_zero() {
                    required.push(Belastingen);
                }
                if !s.exempt.is_zero() || s.rows.iter().any(|r| !r.exempt.is_zero()) {
                    required.push(VrijlatingArbeid);
                }
                if let Some(r) = &s.recovery
                    && matches!(
                        decision.outcome,
                        Outcome::Terugvordering | Outcome::VoornemenTerugvordering
                    )
                {
                    if r.ordinary > rust_decimal::Decimal::ZERO {
                        required.push(recovery_ground(p.terugvordering.grondslag));
                        if p.terugvordering.grondslag == Grondslag::Herziening {
                            required.push(HerzieningBevoegd);
                        }
                    }
                    if r.breach.is_some() {
                        required.extend([HerzieningVerplicht, TerugvorderingVerplicht, Boete]);
                    }
                    required.push(TerugvorderingBruto);
                    optional.extend([
                        TerugvorderingTermijn,
                        DringendeRedenen,
                        Invordering,
                        InvorderingKosten,
                    ]);
                    if p.terugvordering.verrekenen {
                        optional.extend([Verrekening, VerrekeningVerplicht]);
                    }
                }
            }
        }
    }
    (required, optional)
}

fn recovery_ground(grondslag: Grondslag) -> Subject {
    match grondslag {
        Grondslag::Onverschuldigd => Subject::TerugvorderingOnverschuldigd,
        Grondslag::Herziening => Subject::TerugvorderingHerziening,
    }
}

/// Whether the decision can rest on the statute of the case's benefit: every
/// subject it needs has a provision in that law on the decision date, and
/// for an IOAW case every provision of the policy it applies that rests on
/// the Participatiewet has an IOAW mapping the legal department approved.
/// The reason, in Dutch, when it cannot: pto never swaps in another law.
pub fn statute_check(decision: &Decision, case: &Case, policy: &Policy) -> Result<(), String> {
    let wet = *case.uitkering.wet;
    let (required, _) = cited_subjects(decision, policy);
    for subject in &required {
        if let Err(e) = policy.wetten().cite(*subject, wet, decision.date) {
            return Err(format!(
                "Dit besluit ({}) kan niet worden genomen: {e}",
                decision.outcome.key().replace('_', " ")
            ));
        }
    }
    if wet == Wet::Ioaw {
        let p = policy.at_or_first(decision.date);
        for v in &p.pw_verwijzingen {
            let used = v.onderwerpen.iter().any(|s| required.contains(s));
            let approved = policy.ioaw_approved(&v.bepaling, decision.date);
            if used && !approved {
                let subjects: Vec<String> = v
                    .onderwerpen
                    .iter()
                    .filter_map(|s| {
                        let cited = policy
                            .wetten()
                            .cite(*s, Wet::Participatiewet, decision.date);
                        cited.ok().map(|c| c.short())
                    })
                    .collect();
                return Err(format!(
                    "Dit besluit ({}) voor een IOAW-uitkering past {} van de {} toe, dat steunt op de Participatiewet ({}). Voor de IOAW is geen vertaling vastgelegd die de juridische afdeling heeft goedgekeurd: leg die vast onder `ioaw_goedgekeurd` in pto.yaml (met `bepaling`, `datum` en `door`), of neem dit besluit buiten pto. pto noemt niet zelf een ander artikel.",
                    decision.outcome.key().replace('_', " "),
                    v.bepaling,
                    p.citeertitel,
                    subjects.join(", ")
                ));
            }
        }
    }
    Ok(())
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
        let pdf = render(&decision, &loaded, &settings, &wording, false).unwrap();
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
    als: uitkomst == "voornemen_intrekking"
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
        // An intrekking is announced first: the voornemen is the letter here.
        assert_eq!(
            decision.outcome,
            crate::decide::Outcome::VoornemenIntrekking
        );

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
            "Herinnering evaluatie (voornemen intrekking), zaak PTO-2024-0047"
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
            text.contains("Investeringen trekken wij nooit af van uw omzet (artikel 9 lid 2)."),
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

//! The application rules (art. 1, 2, 4, 6, 7, 8 lid 2; Awb 4:13): checked at
//! application and at every later decision.

use super::Article::{Policy, Statute as InStatute};
use super::Scope::Application;
use super::{Findings, Rule, Stage};
use crate::calendar::date_in_words;
use crate::diag::Severity::{Error, Warning};
use crate::settings::Subject;

pub(super) fn check(out: &mut Findings) {
    // Art. 1 lid 2 f ("uitkeringsgerechtigde: degene die op grond van de
    // Participatiewet of IOAW een uitkering ontvangt") is no rule here: it
    // holds for every loaded case, because `uitkering.wet` admits only those
    // two and any other value is an input error (a typo must not become a
    // rejection).
    art2(out);
    super::hours::check_application(out);
    art4_1b(out);
    art4_1c(out);
    art4_1f(out);
    art6(out);
    art7_2(out);
    art8_2(out);
    awb4_13(out);
    awb4_5(out);
}

/// Art. 2: "Er moet altijd gekeken worden of PTO passend is voor
/// belanghebbende."
pub static ART2: Rule = Rule {
    id: "art2",
    article: Policy("artikel 2"),
    severity: Error,
    scope: Application,
    subjects: &[],
    summary: "De klantmanager heeft parttime ondernemen passend geoordeeld (`aanvraag.passend`).",
};

fn art2(out: &mut Findings) {
    let a = &out.cx.case.aanvraag;
    if !*a.passend {
        let p = out.cx.policy_at(*a.datum);
        out.push(
            &ART2,
            a.passend.span,
            None,
            p,
            "De klantmanager heeft beoordeeld dat parttime ondernemen op dit moment niet passend \
             voor u is"
                .into(),
        );
    }
}

/// Art. 4 lid 1 b: "de activiteiten worden voor eigen rekening en risico
/// uitgevoerd".
pub static ART4_1B: Rule = Rule {
    id: "art4.1b",
    article: Policy("artikel 4 lid 1 onder b"),
    severity: Error,
    scope: Application,
    subjects: &[],
    summary: "De activiteiten zijn voor eigen rekening en risico \
              (`aanvraag.eigen_rekening_en_risico`).",
};

fn art4_1b(out: &mut Findings) {
    let a = &out.cx.case.aanvraag;
    if !*a.eigen_rekening_en_risico {
        let p = out.cx.policy_at(*a.datum);
        out.push(
            &ART4_1B,
            a.eigen_rekening_en_risico.span,
            None,
            p,
            "U voert de activiteiten niet voor eigen rekening en risico uit".into(),
        );
    }
}

/// Art. 4 lid 1 c: "de PTO-er gaat geen langlopende verplichtingen aan (of
/// is deze aangegaan) die een snelle beëindiging van de zelfstandige
/// activiteiten belemmeren".
pub static ART4_1C: Rule = Rule {
    id: "art4.1c",
    article: Policy("artikel 4 lid 1 onder c"),
    severity: Error,
    scope: Application,
    subjects: &[],
    summary: "Geen langlopende verplichtingen (`aanvraag.langlopende_verplichtingen`); één \
              bevinding per verplichting.",
};

fn art4_1c(out: &mut Findings) {
    let a = &out.cx.case.aanvraag;
    let p = out.cx.policy_at(*a.datum);
    for obligation in &a.langlopende_verplichtingen {
        out.push(&ART4_1C, obligation.span, None, p, format!(
            "U bent een langlopende verplichting aangegaan ({}). Zo'n verplichting kan een snelle \
             beëindiging van uw onderneming in de weg staan; daarom mag u die niet aangaan",
            obligation.value
        ));
    }
}

/// Art. 4 lid 1 f: "de PTO-er moet zijn activiteiten aanbieden tegen
/// marktconforme prijzen".
pub static ART4_1F: Rule = Rule {
    id: "art4.1f",
    article: Policy("artikel 4 lid 1 onder f"),
    severity: Error,
    scope: Application,
    subjects: &[],
    summary: "Marktconforme prijzen (`aanvraag.marktconforme_prijzen`).",
};

fn art4_1f(out: &mut Findings) {
    let a = &out.cx.case.aanvraag;
    if !*a.marktconforme_prijzen {
        let p = out.cx.policy_at(*a.datum);
        out.push(
            &ART4_1F,
            a.marktconforme_prijzen.span,
            None,
            p,
            "U biedt uw activiteiten niet aan tegen marktconforme prijzen".into(),
        );
    }
}

/// Art. 6: "De PTO-er moet voldoen aan de wettelijke eisen die verband houden
/// met zijn activiteiten, waaronder het beschikken over: a. de benodigde
/// vergunningen; b. een geldige inschrijving bij de Kamer van Koophandel;
/// c. een Btw-nummer; d. een verklaring omtrent het gedrag (VOG) als dit naar
/// het oordeel van het college noodzakelijk is."
pub static ART6A: Rule = Rule {
    id: "art6a",
    article: Policy("artikel 6 onder a"),
    severity: Error,
    scope: Application,
    subjects: &[],
    summary: "Elke benodigde vergunning is aanwezig (`aanvraag.vergunningen`).",
};

/// Art. 6 onder b: the KvK registration.
pub static ART6B: Rule = Rule {
    id: "art6b",
    article: Policy("artikel 6 onder b"),
    severity: Error,
    scope: Application,
    subjects: &[],
    summary: "Een KvK-nummer van 8 cijfers (`aanvraag.kvk_nummer`).",
};

/// Art. 6 onder c: the VAT number.
pub static ART6C: Rule = Rule {
    id: "art6c",
    article: Policy("artikel 6 onder c"),
    severity: Error,
    scope: Application,
    subjects: &[],
    summary: "Een btw-identificatienummer van de vorm NL999999999B99 (`aanvraag.btw_id`).",
};

/// Art. 6 onder d: the VOG, where the college requires one.
pub static ART6D: Rule = Rule {
    id: "art6d",
    article: Policy("artikel 6 onder d"),
    severity: Error,
    scope: Application,
    subjects: &[],
    summary: "Een VOG is aanwezig als die vereist is (`aanvraag.vog`).",
};

fn art6(out: &mut Findings) {
    let cx = out.cx;
    let a = &cx.case.aanvraag;
    let p = cx.policy_at(*a.datum);
    for permit in &a.vergunningen {
        if !*permit.aanwezig {
            out.push(
                &ART6A,
                permit.aanwezig.span,
                None,
                p,
                format!(
                    "U beschikt niet over de benodigde vergunning: {}",
                    permit.omschrijving.value
                ),
            );
        }
    }
    match &a.kvk_nummer {
        None => out.push(
            &ART6B,
            a.span,
            None,
            p,
            "U staat niet ingeschreven in het Handelsregister van de Kamer van Koophandel".into(),
        ),
        Some(kvk) if !(kvk.len() == 8 && kvk.bytes().all(|b| b.is_ascii_digit())) => out.push(
            &ART6B,
            kvk.span,
            None,
            p,
            format!(
                "Het KvK-nummer {} is geen geldig KvK-nummer (8 cijfers)",
                kvk.value
            ),
        ),
        Some(_) => {}
    }
    match &a.btw_id {
        None => out.push(
            &ART6C,
            a.span,
            None,
            p,
            "U hebt geen btw-identificatienummer overgelegd".into(),
        ),
        Some(id) if !valid_vat_id(id) => out.push(
            &ART6C,
            id.span,
            None,
            p,
            format!(
                "Het btw-identificatienummer {} heeft niet de vorm NL999999999B99",
                id.value
            ),
        ),
        Some(_) => {}
    }
    // A VOG asked for after the application (`aanvraag.stukken`) is there
    // from the day it was received.
    let received_later = a
        .stukken
        .iter()
        .any(|s| *s.soort == crate::case::StukSoort::Vog && s.received_by(out.cx.date));
    if let Some(vog) = &a.vog
        && *vog.vereist
        && !*vog.aanwezig
        && !received_later
    {
        out.push(
            &ART6D,
            vog.aanwezig.span,
            None,
            p,
            "Voor uw activiteiten is een verklaring omtrent het gedrag (VOG) nodig, maar u hebt \
             die niet overgelegd"
                .into(),
        );
    }
}

/// NL + 9 digits + B + 2 digits.
fn valid_vat_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 14
        && &b[..2] == b"NL"
        && b[2..11].iter().all(u8::is_ascii_digit)
        && b[11] == b'B'
        && b[12..].iter().all(u8::is_ascii_digit)
}

/// Art. 7 lid 2: "De omvang van de arbeidsverplichting wordt voor iedere
/// individuele PTO-er vastgelegd in een plan van aanpak of trajectplan."
/// A warning at application, an error once the permission runs.
pub static ART7_2: Rule = Rule {
    id: "art7.2",
    article: Policy("artikel 7 lid 2"),
    severity: Error,
    scope: Application,
    subjects: &[Subject::Arbeidsverplichtingen],
    summary: "Een plan van aanpak legt de arbeidsverplichting vast (`aanvraag.plan_van_aanpak`); \
              een waarschuwing zolang de aanvraag loopt.",
};

fn art7_2(out: &mut Findings) {
    let cx = out.cx;
    let a = &cx.case.aanvraag;
    if a.plan_van_aanpak.is_some() {
        return;
    }
    let p = cx.policy_at(*a.datum);
    match cx.stage {
        Stage::Application => out.push_as(
            &ART7_2,
            Warning,
            a.span,
            None,
            p,
            "Wij hebben met u nog geen plan van aanpak gemaakt. Uw klantmanager maakt dat \
             met u; daarin staat hoeveel uur per week u beschikbaar bent voor werk in \
             loondienst"
                .into(),
        ),
        Stage::Running => out.push(
            &ART7_2,
            a.span,
            None,
            p,
            "Er is geen plan van aanpak vastgelegd waarin de omvang van uw arbeidsverplichting \
             staat"
                .into(),
        ),
    }
}

/// Art. 8 lid 2: "De PTO-er moet een aparte bankrekening hebben voor de
/// zakelijke transacties."
pub static ART8_2: Rule = Rule {
    id: "art8.2",
    article: Policy("artikel 8 lid 2"),
    severity: Error,
    scope: Application,
    subjects: &[],
    summary: "Een aparte zakelijke rekening met een geldig IBAN (`aanvraag.zakelijke_iban`).",
};

fn art8_2(out: &mut Findings) {
    let cx = out.cx;
    let a = &cx.case.aanvraag;
    let p = cx.policy_at(*a.datum);
    match &a.zakelijke_iban {
        None => out.push(
            &ART8_2,
            a.span,
            None,
            p,
            "U hebt geen aparte zakelijke bankrekening opgegeven".into(),
        ),
        Some(iban) if !valid_iban(iban) => out.push(
            &ART8_2,
            iban.span,
            None,
            p,
            format!("Het rekeningnummer {} is geen geldig IBAN", iban.value),
        ),
        Some(_) => {}
    }
}

/// The IBAN check (ISO 13616): move the first four characters to the end,
/// letters to numbers (A = 10), and the remainder modulo 97 is 1.
pub fn valid_iban(iban: &str) -> bool {
    let compact: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    let b = compact.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || !b
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let rearranged = b[4..].iter().chain(&b[..4]);
    let mut remainder: u32 = 0;
    for &c in rearranged {
        let value = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c - b'A') + 10
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// Art. 3 toelichting: "het college neemt op de aanvraag een besluit, conform
/// de gehanteerde termijn uit de Awb" (Awb 4:13: eight weeks).
pub static AWB4_13: Rule = Rule {
    id: "awb4.13",
    article: InStatute,
    severity: Warning,
    scope: Application,
    subjects: &[Subject::Beslistermijn],
    summary: "Het besluit op de aanvraag valt binnen de beslistermijn na `aanvraag.datum`.",
};

fn awb4_13(out: &mut Findings) {
    let cx = out.cx;
    if cx.stage != Stage::Application {
        return;
    }
    let a = &cx.case.aanvraag;
    let p = cx.policy_at(*a.datum);
    let weeks = p.beslistermijn_weken;
    // Awb 4:15 lid 1 a: a request to complete the application suspends the
    // term for the days it ran.
    let suspended = u64::try_from(cx.suspended_days).unwrap_or(0);
    let Some(deadline) = a
        .datum
        .checked_add_days(chrono::Days::new(u64::from(weeks) * 7 + suspended))
    else {
        return;
    };
    if cx.date > deadline {
        out.push(
            &AWB4_13,
            a.datum.span,
            None,
            p,
            format!(
                "De beslistermijn van {weeks} weken na ontvangst van uw aanvraag op {}{} is op {} \
             verstreken; dit besluit is van {}",
                date_in_words(*a.datum),
                if suspended > 0 {
                    format!(
                        ", verlengd met de {suspended} dagen waarin wij op uw aanvulling wachtten"
                    )
                } else {
                    String::new()
                },
                date_in_words(deadline),
                date_in_words(cx.date)
            ),
        );
    }
}

/// Awb 4:5 lid 1 c: an application whose documents are insufficient to
/// assess it may be left unconsidered, once the applicant had the chance to
/// complete it. `pto decide aanvraag` asks for what is missing first.
pub static AWB4_5: Rule = Rule {
    id: "awb4.5",
    article: InStatute,
    severity: Warning,
    scope: Application,
    subjects: &[Subject::Herstelverzuim],
    summary: "De stukken die nodig zijn om de aanvraag te beoordelen (`aanvraag.stukken`) zijn \
              binnen; zo niet, dan vraagt pto decide aanvraag ze eerst op.",
};

fn awb4_5(out: &mut Findings) {
    let cx = out.cx;
    if cx.stage != Stage::Application {
        return;
    }
    let a = &cx.case.aanvraag;
    let p = cx.policy_at(*a.datum);
    for stuk in a.stukken.iter().filter(|s| !s.received_by(cx.date)) {
        out.push(
            &AWB4_5,
            stuk.span,
            None,
            p,
            format!(
                "Voor de beoordeling van uw aanvraag ontbreekt nog: {}",
                stuk.omschrijving.value
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn awb4_5_a_missing_document_is_asked_for() {
        let with = |ontvangen: &str| {
            case(
                &[(
                    "  plan_van_aanpak: { datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }\n",
                    &format!(
                        "  plan_van_aanpak: {{ datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }}\n  \
                         stukken:\n    - {{ soort: vog, omschrijving: Een verklaring omtrent het gedrag{ontvangen} }}\n"
                    ),
                )],
                "",
            )
        };
        let f = found(&with(""), "2024-01-20", "awb4.5");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        assert_eq!(
            f[0].message,
            "Voor de beoordeling van uw aanvraag ontbreekt nog: Een verklaring omtrent het gedrag \
             (artikel 4:5 Algemene wet bestuursrecht)."
        );
        assert!(found(&with(", ontvangen: 2024-01-18"), "2024-01-20", "awb4.5").is_empty());
        assert_eq!(
            found(&with(", ontvangen: 2024-01-25"), "2024-01-20", "awb4.5").len(),
            1
        );
    }

    #[test]
    fn art2_suitable_passes_unsuitable_fails() {
        assert!(found(&case(&[], ""), "2024-01-20", "art2").is_empty());
        let c = case(&[("passend: true", "passend: false")], "");
        let f = found(&c, "2024-01-20", "art2");
        assert_eq!((f.len(), f[0].severity, f[0].span.line), (1, Error, 13));
    }

    #[test]
    fn art4_1b_own_account_and_risk() {
        assert!(found(&case(&[], ""), "2024-01-20", "art4.1b").is_empty());
        let c = case(
            &[(
                "eigen_rekening_en_risico: true",
                "eigen_rekening_en_risico: false",
            )],
            "",
        );
        assert_eq!(found(&c, "2024-01-20", "art4.1b").len(), 1);
    }

    #[test]
    fn art4_1c_one_finding_per_long_term_obligation() {
        assert!(found(&case(&[], ""), "2024-01-20", "art4.1c").is_empty());
        let c = case(
            &[(
                "langlopende_verplichtingen: []",
                "langlopende_verplichtingen: [Huur bedrijfspand, Lease bus]",
            )],
            "",
        );
        let f = found(&c, "2024-01-20", "art4.1c");
        assert_eq!(f.len(), 2);
        assert!(f[0].message.contains("Huur bedrijfspand"));
    }

    #[test]
    fn art4_1f_market_prices() {
        assert!(found(&case(&[], ""), "2024-01-20", "art4.1f").is_empty());
        let c = case(
            &[(
                "marktconforme_prijzen: true",
                "marktconforme_prijzen: false",
            )],
            "",
        );
        assert_eq!(found(&c, "2024-01-20", "art4.1f").len(), 1);
    }

    #[test]
    fn art6a_every_permit_present() {
        let ok = case(
            &[(
                "vergunningen: []",
                "vergunningen: [{ omschrijving: Ventvergunning, aanwezig: true }]",
            )],
            "",
        );
        assert!(found(&ok, "2024-01-20", "art6a").is_empty());
        let bad = case(
            &[(
                "vergunningen: []",
                "vergunningen: [{ omschrijving: Ventvergunning, aanwezig: false }]",
            )],
            "",
        );
        let f = found(&bad, "2024-01-20", "art6a");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Ventvergunning"));
    }

    #[test]
    fn art6b_kvk_number_of_eight_digits() {
        assert!(found(&case(&[], ""), "2024-01-20", "art6b").is_empty());
        let short = case(
            &[("kvk_nummer: \"12345678\"", "kvk_nummer: \"1234567\"")],
            "",
        );
        assert_eq!(found(&short, "2024-01-20", "art6b").len(), 1);
        let missing = case(&[("  kvk_nummer: \"12345678\"\n", "")], "");
        assert_eq!(found(&missing, "2024-01-20", "art6b").len(), 1);
    }

    #[test]
    fn art6c_vat_id_shape() {
        assert!(found(&case(&[], ""), "2024-01-20", "art6c").is_empty());
        for bad in [
            "NL12345678B01",
            "BE123456789B01",
            "NL123456789X01",
            "NL123456789B1",
        ] {
            let c = case(&[("btw_id: NL123456789B01", &format!("btw_id: {bad}"))], "");
            assert_eq!(found(&c, "2024-01-20", "art6c").len(), 1, "{bad}");
        }
    }

    #[test]
    fn art6d_vog_when_required() {
        let not_required = case(&[], "");
        assert!(found(&not_required, "2024-01-20", "art6d").is_empty());
        let present = case(
            &[(
                "vog: { vereist: false, aanwezig: false }",
                "vog: { vereist: true, aanwezig: true }",
            )],
            "",
        );
        assert!(found(&present, "2024-01-20", "art6d").is_empty());
        let missing = case(
            &[(
                "vog: { vereist: false, aanwezig: false }",
                "vog: { vereist: true, aanwezig: false }",
            )],
            "",
        );
        assert_eq!(found(&missing, "2024-01-20", "art6d").len(), 1);
        // Asked for after the application: there once it was received.
        let asked = case(
            &[
                (
                    "vog: { vereist: false, aanwezig: false }",
                    "vog: { vereist: true, aanwezig: false }",
                ),
                (
                    "  plan_van_aanpak: { datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }\n",
                    "  plan_van_aanpak: { datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }\n  stukken: [{ soort: vog, omschrijving: Een VOG, ontvangen: 2024-02-10 }]\n",
                ),
            ],
            "",
        );
        assert_eq!(found(&asked, "2024-02-09", "art6d").len(), 1);
        assert!(found(&asked, "2024-02-10", "art6d").is_empty());
    }

    #[test]
    fn art7_2_warning_at_application_error_once_running() {
        assert!(found(&case(&[], ""), "2024-01-20", "art7.2").is_empty());
        let plan =
            "  plan_van_aanpak: { datum: 2024-01-15, arbeidsverplichting_uren_per_week: 20 }\n";
        let pending = case(&[(plan, "")], "");
        let f = found(&pending, "2024-01-20", "art7.2");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        let running = case(&[(plan, "")], "toestemming: { ingangsdatum: 2024-02-01 }\n");
        let f = found(&running, "2024-02-10", "art7.2");
        assert_eq!((f.len(), f[0].severity), (1, Error));
    }

    #[test]
    fn art8_2_business_iban_mod_97() {
        assert!(valid_iban("NL91ABNA0417164300"));
        assert!(valid_iban("NL91 ABNA 0417 1643 00"));
        assert!(!valid_iban("NL91ABNA0417164301"));
        assert!(found(&case(&[], ""), "2024-01-20", "art8.2").is_empty());
        let bad = case(&[("NL91ABNA0417164300", "NL91ABNA0417164301")], "");
        assert_eq!(found(&bad, "2024-01-20", "art8.2").len(), 1);
    }

    #[test]
    fn awb4_13_eight_weeks_after_the_application() {
        // Received 8 January 2024; eight weeks later is 4 March 2024.
        assert!(found(&case(&[], ""), "2024-03-04", "awb4.13").is_empty());
        let f = found(&case(&[], ""), "2024-03-05", "awb4.13");
        assert_eq!((f.len(), f[0].severity), (1, Warning));
        assert!(
            f[0].message.contains("op 4 maart 2024 verstreken"),
            "{}",
            f[0].message
        );
        assert_eq!(
            f[0].legal_basis[0].url,
            "https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:13"
        );
    }
}

//! `pto decide`: every example case yields its decision with one command;
//! the amounts match a hand calculation; the PDF says what a beschikking
//! must say.

use crate::common::{Repo, pdf_text};

const DATE: &str = "2025-06-16";

/// Decides one proceeding for one case and returns its JSON line and the
/// text of its PDF.
fn decide(repo: &Repo, args: &[&str]) -> (serde_json::Value, String) {
    decide_on(repo, DATE, args)
}

/// The same on `date`.
fn decide_on(repo: &Repo, date: &str, args: &[&str]) -> (serde_json::Value, String) {
    let mut all = vec!["decide"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--date", date, "--format", "json"]);
    let run = repo.pto(&all);
    run.assert_status(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let pdf = lines[0]["pdf"].as_str().expect("pdf path").to_string();
    let text = pdf_text(&repo.read(&pdf));
    (lines[0].clone(), text)
}

/// What every letter must carry: letterhead, addressee, date in
/// words, reference on every page, page x of y, masked BSN, signature under
/// mandate; a besluit also the objection clause.
fn assert_letter(text: &str, date: &str, reference: &str, bsn: &str, besluit: bool) {
    assert!(text.contains("Gemeente Ridderkerk"), "letterhead");
    assert!(text.contains(date), "date in words");
    let pages: usize = text
        .split("Pagina 1 van ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("Pagina 1 van N");
    for page in 1..=pages {
        assert!(
            text.contains(&format!("Pagina {page} van {pages}")),
            "page {page} of {pages}"
        );
    }
    // In every footer, and in the header of every page after the first.
    assert_eq!(
        text.matches(&format!("Kenmerk {reference}")).count(),
        2 * pages - 1,
        "reference on every page"
    );
    assert!(text.contains(&format!("*****{}", &bsn[5..])), "masked BSN");
    assert!(!text.contains(bsn), "full BSN printed");
    assert_eq!(
        text.contains("binnen zes weken na de dag waarop wij dit besluit hebben verstuurd"),
        besluit,
        "objection term"
    );
    assert_eq!(
        text.contains("(artikelen 6:7 en 6:8 van de Algemene wet bestuursrecht"),
        besluit
    );
    assert!(
        text.contains("Burgemeester en wethouders van Ridderkerk,"),
        "signature"
    );
    assert!(text.contains("namens dezen,"), "mandate");
    assert!(text.contains("Wettelijke grondslag"));
    assert!(text.contains("Heeft u vragen?"));
    assert!(!text.contains("heer/mevrouw"), "a guessed aanhef");
}

fn assert_beschikking(text: &str, reference: &str, bsn: &str) {
    assert_letter(text, "16 juni 2025", reference, bsn, true);
}

#[test]
fn afrekening_nabetaling_matches_the_hand_calculation() {
    let repo = Repo::with_examples();
    let (json, text) = decide(&repo, &["afrekening", "PTO-2024-0012", "--year", "2024"]);
    // Deducted per month, D = min(omzet − approved costs with evidence, norm):
    //   feb 850.00−210.00 = 640.00     mar 920.50−(185.25+45.00) = 690.25
    //   apr 1010.00−240.00 = 770.00    mei 1185.00−260.40 = 924.60 (compressor: investering)
    //   jun 1240.00−275.00 = 965.00    jul 1090.00−230.00 = 860.00 (werkplaats: huur)
    //   aug 640.00−150.00 = 490.00     sep 980.00−215.00 = 765.00 (telefoon: geen bewijs)
    //   okt 870.00−190.00 = 680.00     nov 610.00−140.00 = 470.00     dec 455.00−95.00 = 360.00
    //   A = 7,614.85
    // Norms: 5 × 1,401.50 + 6 × 1,426.36 = 15,565.66; B = 15,565.66 − 7,614.85 = 7,950.81.
    // Bookkeeping over February–December (its stated `periode`): 9,750.00 −
    // (2,190.65 + 45.00 + 275.00) = 7,239.35 (afschrijving: investering),
    // minus 412.00 taxes and premiums (Pw 31 lid 3): J = 6,827.35.
    // Bijstand due: 15,565.66 − 6,827.35 = 8,738.31; paid 7,950.81: nabetaling 787.50.
    assert_eq!(json["outcome"], "nabetaling");
    assert_eq!(json["amount"], "787.50");
    assert_eq!(json["income"], "6827.35");
    assert_eq!(json["accounted"], "7614.85");
    assert_eq!(json["benefit_paid"], "7950.81");
    assert_eq!(json["taxes"], "412.00");
    assert_eq!(json["norm_total"], "15565.66");
    assert_eq!(json["benefit_due"], "8738.31");
    assert_eq!(json["reference"], "PTO-2024-0012-AFREKENING-2024");
    assert_eq!(json["case"], "PTO-2024-0012");
    assert_eq!(json["proceeding"], "afrekening");
    assert_eq!(json["date"], DATE);
    assert_eq!(json["sha256"].as_str().unwrap().len(), 64);

    assert_beschikking(&text, "PTO-2024-0012-AFREKENING-2024", "111222333");
    assert!(text.contains("Geachte heer Jansen,"), "{text}");
    assert!(
        text.contains("Wij betalen u € 787,50 na (artikel 11 lid 5 van de beleidsregels)"),
        "{text}"
    );
    assert!(
        text.contains("Juli 2024 € 1.090,00 € 230,00 € 860,00 € 1.426,36 € 860,00 € 566,36"),
        "monthly table"
    );
    assert!(
        text.contains("Totaal € 9.850,50 € 2.235,65 € 7.614,85 € 15.565,66 € 7.614,85 € 7.950,81")
    );
    assert!(text.contains("Belasting en premies over de winst, volgens uw aanslag € 412,00"));
    // Only what the definitive figures refuse is "not deducted": the
    // telephone refused in September is in the bookkeeping with proof.
    assert!(text.contains("Afschrijving compressor (jaarstukken 2024): € 90,00. Investeringen trekken wij nooit af van uw omzet (artikel 10 lid 3)"));
    assert!(!text.contains("Telefoonabonnement (september 2024)"));
    // Paid within the six weeks of Awb 4:87: a date, not a term.
    assert!(text.contains("Wij maken € 787,50 uiterlijk op 28 juli 2025 over"));
    // No recovery: no article 58 anywhere in the letter.
    assert!(!text.contains("artikel 58"), "{text}");
}

#[test]
fn afrekening_terugvordering_follows_its_voornemen_and_the_term() {
    let repo = Repo::with_examples();
    let el_amrani = "case-files/2024/PTO-2024-0031-el-amrani.yaml";
    // The bookkeeping covers the calendar year; permission and bijstand ran
    // from March; June had no turnover (zonder_omzet): the profit is split
    // over 11 months, 9 of them in the period. J = (6,715.25 − 1,408.15) × 9
    // / 11 = 4,342.172… → 4,342.17 (down). Σ N = 14,164.16; due 9,821.99;
    // paid 10,337.06: 515.07 too much.
    let (json, text) = decide(&repo, &["afrekening", el_amrani, "--year", "2024"]);
    assert_eq!(json["outcome"], "voornemen_terugvordering");
    assert_eq!(json["reference"], "PTO-2024-0031-VOORNEMEN-AFREKENING-2024");
    assert_eq!(json["amount"], "515.07");
    assert_eq!(json["income"], "4342.17");
    assert_eq!(json["accounted"], "3827.10");
    assert_eq!(json["benefit_paid"], "10337.06");
    assert_eq!(json["respond_by"], "2025-06-30");
    assert_letter(
        &text,
        "16 juni 2025",
        "PTO-2024-0031-VOORNEMEN-AFREKENING-2024",
        "123456782",
        false,
    );
    assert!(text.contains("Geachte mevrouw El Amrani,"));
    assert!(text.contains("Reageer uiterlijk op 30 juni 2025."));
    assert!(text.contains("Wij zijn van plan de bijstand over maart tot en met december 2024 te herzien en € 515,07 van u terug te vorderen."));

    // Before the term ends, nothing is decided.
    let run = repo.pto(&[
        "decide",
        "afrekening",
        el_amrani,
        "--year",
        "2024",
        "--date",
        "2025-06-30",
    ]);
    run.assert_status(1);
    assert!(
        run.stdout
            .contains("tot en met 30 juni 2025 een zienswijze geven"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("vanaf 1 juli 2025"), "{}", run.stdout);

    let (json, text) = decide_on(
        &repo,
        "2025-07-01",
        &["afrekening", el_amrani, "--year", "2024"],
    );
    assert_eq!(json["outcome"], "terugvordering");
    assert_eq!(json["amount"], "515.07");
    assert_letter(
        &text,
        "1 juli 2025",
        "PTO-2024-0031-AFREKENING-2024",
        "123456782",
        true,
    );
    assert!(
        text.contains("Wij vorderen € 515,07 van u terug (artikel 58, tweede lid, onderdeel e, van de Participatiewet en artikel 11 lid 6 van de beleidsregels).")
    );
    assert!(text.contains("(artikel 58, tweede lid, onderdeel e, van de Participatiewet"));
    assert!(text.contains("Wij hebben geen reactie van u ontvangen."));
    assert!(text.contains("U betaalt € 515,07 uiterlijk op 12 augustus 2025 terug."));
    // The June waiver was its own decision (2 September 2024): the
    // settlement neither applies art. 12 again nor names the hospital stay.
    assert!(!text.contains("hardheidsclausule"), "{text}");
    assert!(text.contains("Over juni 2024 hebt u geen opgave ingeleverd."));
    assert!(!text.contains("ziekenhuis"), "{text}");
}

#[test]
fn afrekening_geen_verschil() {
    let repo = Repo::with_examples();
    let (json, text) = decide(&repo, &["afrekening", "PTO-2023-0104", "--year", "2023"]);
    // July–December 2023: the bookkeeping's turnover and costs are the
    // months', every month below the norm: J = A.
    assert_eq!(json["outcome"], "geen_verschil");
    assert_eq!(json["amount"], "0.00");
    assert_eq!(json["income"], json["accounted"]);
    assert!(text.contains("U krijgt niets nabetaald en hoeft niets terug te betalen"));
    assert!(!text.contains("artikel 58"), "{text}");
}

#[test]
fn aanvraag_toekenning_states_the_conditions_of_art_3_lid_2() {
    let repo = Repo::with_examples();
    let (json, text) = decide(&repo, &["aanvraag", "PTO-2025-0009"]);
    assert_eq!(json["outcome"], "toekenning");
    assert_eq!(json["reference"], "PTO-2025-0009-AANVRAAG-20250526");
    assert!(json.get("amount").is_none());
    assert_beschikking(&text, "PTO-2025-0009-AANVRAAG-20250526", "246813520");
    assert!(text.contains("Wij geven u toestemming om naast uw uitkering parttime te ondernemen, met ingang van 16 juni 2025"));
    for heading in [
        "a. Uw rechten en plichten",
        "b. Een bescheiden omvang",
        "c. Voorwaarden voor uw activiteiten",
        "d. Afspraken over verantwoording en verrekening",
        "Wat gebeurt er als u zich niet aan de afspraken houdt?",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("U werkt niet meer dan 1.225 uur per kalenderjaar"));
    assert!(text.contains("niet meer dan 20 uur per week"));
    assert!(text.contains("ook in een maand waarin u geen activiteiten had"));
    assert!(text.contains("Meldingsformulier Uitkeringen"));
    assert!(text.contains("Die verrekening per maand is voorlopig"));
    assert!(text.contains("vóór 1 mei van het jaar daarna"));
    assert!(text.contains("De eerste evaluatie is in juni 2026"));
    // Without a recorded aanspreekvorm: the full name.
    assert!(text.contains("Geachte Sanne Visser,"));
}

#[test]
fn aanvraag_afwijzing_states_each_error_with_its_article() {
    let repo = Repo::with_examples();
    let (json, text) = decide(&repo, &["aanvraag", "PTO-2025-0003"]);
    assert_eq!(json["outcome"], "afwijzing");
    let blocking: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error" && f["waived"] == false)
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(blocking, ["art4.1a", "art4.1c", "art6b"]);
    assert!(text.contains("Wij wijzen uw aanvraag af"));
    assert!(text.contains("U wilt 24 uur per week werken; dat is 1.248 uur per jaar, meer dan de grens van 1.225 uur per jaar, en 24 uur per week is ook meer dan de richtlijn van ten hoogste 20 uur per week uit de toelichting op artikel 5 (artikel 4 lid 1 onder a)."));
    assert!(text.contains("(Huurcontract bedrijfsruimte aan de Donkerslootweg voor vijf jaar). Zo'n verplichting kan een snelle beëindiging van uw onderneming in de weg staan; daarom mag u die niet aangaan (artikel 4 lid 1 onder c)."));
    assert!(text.contains(
        "U staat niet ingeschreven in het Handelsregister van de Kamer van Koophandel (artikel 6 onder b)."
    ));
    assert!(text.contains("op drie punten niet aan de voorwaarden voldoet"));
}

#[test]
fn evaluatie_verlenging_and_intrekking_after_a_zienswijze() {
    let repo = Repo::with_examples();
    let (json, text) = decide(&repo, &["evaluatie", "PTO-2024-0012"]);
    assert_eq!(json["outcome"], "verlenging");
    assert_eq!(json["reference"], "PTO-2024-0012-EVALUATIE-202506");
    // No evaluation before: every month since the ingangsdatum.
    assert!(text.contains("Wij hebben de periode februari 2024 tot en met mei 2025 beoordeeld"));
    assert!(text.contains("Wij verlengen uw toestemming"));
    assert!(text.contains("De volgende evaluatie is in juni 2026"));

    // An IOAW case: first the voornemen, resting on the IOAW.
    let (json, text) = decide(&repo, &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(json["outcome"], "voornemen_intrekking");
    assert_eq!(json["respond_by"], "2025-06-30");
    assert!(
        text.contains("artikel 14, eerste lid, van de IOAW"),
        "{text}"
    );
    assert!(!text.contains("Participatiewet ("), "{text}");
    // The oral zienswijze of 27 June is answered in the intrekking, which
    // takes effect four weeks after the decision.
    let (json, text) = decide_on(&repo, "2025-07-01", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(json["outcome"], "intrekking");
    assert_eq!(json["reference"], "PTO-2024-0047-EVALUATIE-202507");
    assert!(
        text.contains("De intrekking gaat in op 29 juli 2025."),
        "{text}"
    );
    assert!(text.contains("Net als in ons voornemen van 16 juni 2025 hebben wij de periode januari 2024 tot en met mei 2025 beoordeeld"));
    assert!(
        text.contains("In 2024 hebt u 1.286 uur gewerkt, meer dan de grens van 1.225 uur per jaar")
    );
    assert!(text.contains("U hebt op 27 juni 2025 mondeling gereageerd"));
    assert!(text.contains("Ons antwoord: Wij volgen u hierin niet."));
    assert!(text.contains("(artikel 6:16 Awb)"));
    assert!(text.contains("(artikel 8:81 Awb)"));
    assert!(text.contains("Is intrekken niet te zwaar?"));
    for forbidden in [
        "54, derde lid",
        "54 lid 3",
        "17, derde lid",
        "Participatiewet",
    ] {
        assert!(!text.contains(forbidden), "{forbidden} in\n{text}");
    }
}

#[test]
fn what_cannot_be_decided_is_refused_with_a_reason() {
    let repo = Repo::with_examples();
    let run = repo.pto(&[
        "decide",
        "afrekening",
        "PTO-2024-0047",
        "--year",
        "2024",
        "--date",
        DATE,
    ]);
    run.assert_status(1);
    assert!(run.stdout.contains("geweigerd"));
    assert!(
        run.stdout
            .contains("De jaarstukken over 2024 zijn (nog) niet ingeleverd")
    );
    let run = repo.pto(&[
        "decide",
        "evaluatie",
        "PTO-2025-0009",
        "--date",
        DATE,
        "--format",
        "json",
    ]);
    run.assert_status(1);
    let line = &run.json_lines()[0];
    assert_eq!(line["outcome"], serde_json::Value::Null);
    assert!(
        line["refused"]
            .as_str()
            .unwrap()
            .contains("nooit toestemming")
    );
    let run = repo.pto(&[
        "decide",
        "afrekening",
        "PTO-2024-0012",
        "--year",
        "2025",
        "--date",
        DATE,
    ]);
    run.assert_status(1);
    assert!(
        run.stdout
            .contains("Het jaar 2025 is op de besluitdatum nog niet voorbij")
    );
    assert!(
        !repo.path().join("output/register.jsonl").exists(),
        "nothing issued"
    );
}

#[test]
fn a_batch_issues_what_it_can_and_says_what_it_refused() {
    let repo = Repo::with_examples();
    let run = repo.pto(&[
        "decide",
        "afrekening",
        "case-files",
        "--year",
        "2024",
        "--date",
        DATE,
        "--format",
        "json",
    ]);
    run.assert_status(1);
    let lines = run.json_lines();
    let outcomes: Vec<String> = lines
        .iter()
        .map(|l| format!("{} {}", l["case"].as_str().unwrap(), l["outcome"]))
        .collect();
    assert_eq!(
        outcomes,
        [
            "PTO-2023-0104 \"nabetaling\"",
            "PTO-2024-0012 \"nabetaling\"",
            "PTO-2024-0031 \"voornemen_terugvordering\"",
            "PTO-2024-0047 null",
            "PTO-2025-0003 null",
            "PTO-2025-0009 null",
            "PTO-2025-0014 null",
            "PTO-2025-0015 null",
        ]
    );
}

#[test]
fn no_case_value_becomes_typst_markup_or_code() {
    let repo = Repo::with_examples();
    let name = r#"Jan #read("/etc/passwd") *vet* $x$ <a> @b \ [x] {y} // z"#;
    let path = "case-files/2025/PTO-2025-0009-visser.yaml";
    let text = String::from_utf8(repo.read(path))
        .unwrap()
        .replace("naam: Sanne Visser", &format!("naam: '{name}'"));
    repo.write(path, &text);
    repo.commit_all("naam");
    let (_, pdf) = decide(&repo, &["aanvraag", "PTO-2025-0009"]);
    assert!(
        pdf.contains(r#"Geachte Jan #read("/etc/passwd") *vet* $x$ <a> @b \ [x] {y} // z,"#),
        "{pdf}"
    );
    assert!(!pdf.contains("root:"), "a file was read");
}

#[test]
fn a_repository_template_overrides_the_wording_and_others_fall_back() {
    let repo = Repo::with_examples();
    repo.write(
        "templates/toekenning.yaml",
        "onderwerp: Toestemming parttime ondernemen voor {{ aanvrager.naam }}\n",
    );
    repo.commit_all("eigen onderwerp");
    let (_, text) = decide(&repo, &["aanvraag", "PTO-2025-0009"]);
    assert!(text.contains("Toestemming parttime ondernemen voor Sanne Visser"));
    // Keys the repository did not override, and kinds it has no file for,
    // come from the built-in wording.
    assert!(text.contains("a. Uw rechten en plichten"));
    let (_, text) = decide(&repo, &["aanvraag", "PTO-2025-0003"]);
    assert!(text.contains("Wij wijzen uw aanvraag af"));
}

#[test]
fn a_template_with_an_unknown_placeholder_is_an_input_error() {
    let repo = Repo::with_examples();
    repo.write(
        "templates/afwijzing.yaml",
        "besluit: Wij wijzen af, {{ aanvrager.nam }}.\n",
    );
    repo.commit_all("tikfout");
    let run = repo.pto(&["decide", "aanvraag", "PTO-2025-0003", "--date", DATE]);
    run.assert_status(2);
    assert!(
        run.stdout.contains("een plaatshouder bestaat niet"),
        "{}",
        run.stdout
    );
}

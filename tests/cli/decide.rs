//! `pto decide`: every example case yields its decision with one command;
//! the amounts match a hand calculation; the PDF says what a beschikking
//! must say.

use crate::common::{Repo, pdf_text};

const DATE: &str = "2025-06-16";

/// Decides one proceeding for one case and returns its JSON line and the
/// text of its PDF.
fn decide(repo: &Repo, args: &[&str]) -> (serde_json::Value, String) {
    let mut all = vec!["decide"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--date", DATE, "--format", "json"]);
    let run = repo.pto(&all);
    run.assert_status(0);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let pdf = lines[0]["pdf"].as_str().expect("pdf path").to_string();
    let text = pdf_text(&repo.read(&pdf));
    (lines[0].clone(), text)
}

/// What every letter must carry: letterhead, addressee, date in
/// words, reference on every page, page x of y, masked BSN, objection
/// clause, signature under mandate.
fn assert_beschikking(text: &str, reference: &str, bsn: &str) {
    assert!(text.contains("Gemeente Ridderkerk"), "letterhead");
    assert!(text.contains("16 juni 2025"), "date in words");
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
    assert!(
        text.contains("binnen zes weken na de dag waarop dit besluit is verzonden"),
        "objection term"
    );
    assert!(text.contains("artikelen 6:7 en 6:8 van de Algemene wet bestuursrecht"));
    assert!(
        text.contains("Burgemeester en wethouders van Ridderkerk,"),
        "signature"
    );
    assert!(text.contains("namens dezen,"), "mandate");
    assert!(text.contains("Wettelijke grondslag"));
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
    // Bookkeeping: 9,750.00 − (2,190.65 + 45.00 + 275.00) = 7,239.35 (afschrijving: investering).
    // Δ = 7,239.35 − 7,614.85 = −375.50: nabetaling of 375.50.
    assert_eq!(json["outcome"], "nabetaling");
    assert_eq!(json["amount"], "375.50");
    assert_eq!(json["income"], "7239.35");
    assert_eq!(json["accounted"], "7614.85");
    assert_eq!(json["benefit_paid"], "7950.81");
    assert_eq!(json["reference"], "PTO-2024-0012-AFREKENING-2024");
    assert_eq!(json["case"], "PTO-2024-0012");
    assert_eq!(json["proceeding"], "afrekening");
    assert_eq!(json["date"], DATE);
    assert_eq!(json["sha256"].as_str().unwrap().len(), 64);

    assert_beschikking(&text, "PTO-2024-0012-AFREKENING-2024", "111222333");
    assert!(
        text.contains("Wij betalen u daarom € 375,50 na (artikel 11 lid 5)"),
        "{text}"
    );
    assert!(
        text.contains("Juli 2024 € 1.090,00 € 230,00 € 860,00 € 1.426,36 € 860,00 € 566,36"),
        "monthly table"
    );
    assert!(
        text.contains("Totaal € 9.850,50 € 2.235,65 € 7.614,85 € 15.565,66 € 7.614,85 € 7.950,81")
    );
    assert!(text.contains("Werkplaats in schuur buurman (juli 2024): € 75,00. Huur kan nooit worden afgetrokken (artikel 10 lid 3)"));
    assert!(text.contains(
        "Telefoonabonnement (september 2024): € 25,00. Geen bewijsstuk (artikel 10 lid 1)"
    ));
    assert!(text.contains("binnen zes weken na de datum van dit besluit"));
}

#[test]
fn afrekening_terugvordering_cites_art_58_and_the_waiver() {
    let repo = Repo::with_examples();
    let (json, text) = decide(
        &repo,
        &[
            "afrekening",
            "case-files/2024/PTO-2024-0031-el-amrani.yaml",
            "--year",
            "2024",
        ],
    );
    // The bookkeeping's turnover is the months' turnover plus 1,480.00 of
    // sales that were not reported; its costs are the months' deducted costs,
    // and every month's income stayed below the norm (so D = I each month).
    // J − A is therefore exactly 1,480.00, less than the benefit paid.
    assert_eq!(json["outcome"], "terugvordering");
    assert_eq!(json["amount"], "1480.00");
    assert_eq!(json["income"], "5307.10");
    assert_eq!(json["accounted"], "3827.10");
    assert_eq!(json["benefit_paid"], "10337.06");
    assert_beschikking(&text, "PTO-2024-0031-AFREKENING-2024", "123456782");
    assert!(text.contains("Wij vorderen € 1.480,00 van u terug (artikel 11 lid 6)"));
    assert!(text.contains("artikel 58 lid 2 onderdeel e van de Participatiewet"));
    assert!(text.contains(
        "Over juni 2024 hebt u geen opgave ingeleverd; over die maand is niets verrekend."
    ));
    // The waived missing statement is cited with art. 12 and its motivation.
    assert!(text.contains("Op grond van artikel 12 van de Beleidsregels Parttime Ondernemen 2023 gemeente Ridderkerk (hardheidsclausule)"));
    assert!(text.contains("opgenomen in het ziekenhuis"));
}

#[test]
fn afrekening_geen_verschil() {
    let repo = Repo::with_examples();
    let (json, text) = decide(&repo, &["afrekening", "PTO-2023-0104", "--year", "2024"]);
    // Bookkeeping = the months' turnover and deducted costs, every month
    // below the norm: J = A = 5,662.08.
    assert_eq!(json["outcome"], "geen_verschil");
    assert_eq!(json["amount"], "0.00");
    assert_eq!(json["income"], "5662.08");
    assert_eq!(json["accounted"], "5662.08");
    assert!(text.contains("U krijgt niets nabetaald en hoeft niets terug te betalen"));
}

#[test]
fn aanvraag_toekenning_states_the_conditions_of_art_3_lid_2() {
    let repo = Repo::with_examples();
    let (json, text) = decide(&repo, &["aanvraag", "PTO-2025-0009"]);
    assert_eq!(json["outcome"], "toekenning");
    assert_eq!(json["reference"], "PTO-2025-0009-AANVRAAG-20250526");
    assert!(json.get("amount").is_none());
    assert_beschikking(&text, "PTO-2025-0009-AANVRAAG-20250526", "246813520");
    assert!(text.contains("Wij geven u toestemming om met behoud van uw uitkering parttime te ondernemen, met ingang van 16 juni 2025"));
    for heading in [
        "a. Uw rechten en plichten",
        "b. Een bescheiden omvang",
        "c. Voorwaarden voor uw activiteiten",
        "d. Afspraken over verantwoording en verrekening",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("U werkt niet meer dan 1.225 uur per kalenderjaar"));
    assert!(text.contains("niet meer dan 20 uur per week"));
    assert!(text.contains("ook in een maand waarin u geen activiteiten had"));
    assert!(text.contains("vóór 1 mei van het jaar daarna"));
    assert!(text.contains("De eerste evaluatie is in juni 2026"));
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
    assert!(text.contains("U wilt 24 uur per week werken; dat is 1.248 uur per jaar, meer dan de grens van 1.225 uur per jaar (artikel 4 lid 1 onder a)."));
    assert!(text.contains("(Huurcontract bedrijfsruimte aan de Donkerslootweg voor vijf jaar); die staat een snelle beëindiging van de activiteiten in de weg (artikel 4 lid 1 onder c)."));
    assert!(text.contains(
        "U hebt geen inschrijving bij de Kamer van Koophandel overgelegd (artikel 6 onder b)."
    ));
    assert!(text.contains("op drie punten niet aan de voorwaarden voldoet"));
}

#[test]
fn evaluatie_verlenging_and_intrekking() {
    let repo = Repo::with_examples();
    let (json, text) = decide(&repo, &["evaluatie", "PTO-2024-0012"]);
    assert_eq!(json["outcome"], "verlenging");
    assert_eq!(json["reference"], "PTO-2024-0012-EVALUATIE-202506");
    assert!(text.contains("Wij hebben de periode juni 2024 tot en met mei 2025 beoordeeld"));
    assert!(text.contains("Wij verlengen uw toestemming"));
    assert!(text.contains("De volgende evaluatie is in juni 2026"));

    let (json, text) = decide(&repo, &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(json["outcome"], "intrekking");
    assert!(text.contains("Wij trekken uw toestemming om met behoud van uw uitkering parttime te ondernemen in, met ingang van 1 juli 2025"));
    assert!(text.contains("In 2024 hebt u 1.286 uur gewerkt; de grens is 1.225 uur per jaar"));
    assert!(text.contains("(artikel 5 lid 1)"));
    assert!(text.contains("De boekhouding over 2024 moest vóór 1 mei 2025 bij de gemeente zijn, maar is niet ingeleverd (artikel 9 lid 2)."));
    assert!(text.contains("Besluit bijstandverlening zelfstandigen"));
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
            "PTO-2023-0104 \"geen_verschil\"",
            "PTO-2024-0012 \"nabetaling\"",
            "PTO-2024-0031 \"terugvordering\"",
            "PTO-2024-0047 null",
            "PTO-2025-0003 null",
            "PTO-2025-0009 null",
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
        pdf.contains(
            r#"Geachte heer/mevrouw Jan #read("/etc/passwd") *vet* $x$ <a> @b \ [x] {y} // z,"#
        ),
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

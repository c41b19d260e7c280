//! docs/municipality-policy.md, followed end to end: a repository with the
//! `pto.yaml` of that page (taken from the page itself, so the two cannot
//! drift), checked, its worklist listed and an evaluation decided. Another
//! hours cap, evaluation interval, article numbering and statute citation
//! reach the findings, `pto status` and the letter.

use crate::common::{Repo, pdf_text};

/// The first `yaml` block of the recipe: its complete `pto.yaml`.
fn recipe_pto_yaml() -> String {
    let page = include_str!("../../docs/municipality-policy.md");
    let start = page.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let end = start + page[start..].find("```").expect("the block's end");
    page[start..end].to_string()
}

/// A running case from 1 January 2024: 100 hours a month from January to
/// November, none in December (1,100 hours: within Ridderkerk's 1,225,
/// over Voorbeeldstad's 1,040), optionally without one month's statement.
fn case(without: Option<u32>) -> String {
    let mut text = String::from(
        "zaaknummer: PTO-2024-0100
aanvrager:
  naam: Sanne de Wit
  bsn: \"111222333\"
  adres: { straat: Dorpsstraat 1, postcode: 1234 AB, woonplaats: Voorbeeldstad }
uitkering:
  wet: participatiewet
  normen:
    - { vanaf: 2024-01-01, bedrag: 1400.00 }
aanvraag:
  datum: 2023-12-04
  passend: true
  activiteit: Grafisch ontwerp
  uren_per_week: 18
  eigen_rekening_en_risico: true
  marktconforme_prijzen: true
  langlopende_verplichtingen: []
  kvk_nummer: \"12345678\"
  btw_id: NL123456789B01
  zakelijke_iban: NL91ABNA0417164300
  vergunningen: []
  vog: { vereist: false, aanwezig: false }
  plan_van_aanpak: { datum: 2023-12-11, arbeidsverplichting_uren_per_week: 16 }
toestemming: { ingangsdatum: 2024-01-01 }
maanden:
",
    );
    for m in (1..=12).filter(|m| Some(*m) != without) {
        let hours = if m == 12 { 0 } else { 100 };
        text.push_str(&format!(
            "  - {{ maand: 2024-{m:02}, omzet: 900, uren_direct: {hours}, uren_indirect: 0 }}\n"
        ));
    }
    // The weighing an intrekking (and its voornemen) needs (Awb 3:4 lid 2).
    text.push_str(
        "evaluaties:\n  - tot: 2024-12\n    afweging: U werkte elke maand 100 uur; dat weegt \
         zwaarder dan dat u alles meldde.\n",
    );
    text
}

fn repository(case_text: &str) -> Repo {
    let repo = Repo::new();
    repo.write("pto.yaml", recipe_pto_yaml());
    repo.write("case-files/PTO-2024-0100-de-wit.yaml", case_text);
    repo.init_git();
    repo.commit_all("Voorbeeldstad");
    repo
}

#[test]
fn the_municipality_recipe_end_to_end() {
    let repo = repository(&case(None));

    // Check: Voorbeeldstad's cap, article and title.
    let run = repo.pto(&["check", "--date", "2025-01-15", "--format", "json"]);
    run.assert_status(1);
    let doc = run.json();
    assert_eq!(doc["errors"], serde_json::json!([]));
    let findings = doc["cases"][0]["findings"].as_array().unwrap();
    let errors: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{findings:#?}");
    assert_eq!(errors[0]["rule"], "art5.1");
    assert_eq!(
        errors[0]["message"],
        "In 2024 hebt u 1.100 uur gewerkt, meer dan de grens van 1.040 uur per jaar; u kwam \
         erboven in november 2024 (artikel 5 lid 2)."
    );
    assert_eq!(
        errors[0]["legal_basis"][0]["regeling"],
        "Beleidsregels PTO Voorbeeldstad 2023"
    );
    assert_eq!(errors[0]["legal_basis"][0]["artikel"], "artikel 5 lid 2");
    // The human output says the same, as the recipe shows it.
    let human = repo.pto(&["check", "--date", "2025-01-15"]);
    assert!(
        human.stdout.contains(
            "fout[art5.1]: In 2024 hebt u 1.100 uur gewerkt, meer dan de grens van 1.040 uur \
             per jaar; u kwam erboven in november 2024 (artikel 5 lid 2)."
        ),
        "{}",
        human.stdout
    );

    // Status: the first evaluation six months after the permission started.
    let status = repo.pto(&["status", "--date", "2024-07-15"]);
    status.assert_status(0);
    assert!(
        status.stdout.contains(
            "evaluatie op 1 juli 2024, 6 maanden na de ingangsdatum van de toestemming \
             (1 januari 2024)"
        ),
        "{}",
        status.stdout
    );

    // Decide: the evaluation over every month since the ingangsdatum
    // announces the withdrawal (a voornemen), citing Voorbeeldstad's
    // article and title.
    let run = repo.pto(&[
        "decide",
        "evaluatie",
        "PTO-2024-0100",
        "--date",
        "2025-01-15",
        "--format",
        "json",
    ]);
    run.assert_status(0);
    let line = &run.json_lines()[0];
    assert_eq!(line["outcome"], "voornemen_intrekking");
    let text = pdf_text(&repo.read(line["pdf"].as_str().unwrap()));
    assert!(
        text.contains("januari 2024 tot en met december 2024"),
        "{text}"
    );
    assert!(
        text.contains("meer dan de grens van 1.040 uur per jaar"),
        "{text}"
    );
    assert!(text.contains("(artikel 5 lid 2)"), "{text}");
    assert!(
        text.contains("Beleidsregels PTO Voorbeeldstad 2023"),
        "{text}"
    );
    assert!(text.contains("Gemeente Voorbeeldstad"), "{text}");
}

#[test]
fn the_recipe_s_article_numbers_and_statute_rows_reach_a_missing_statement() {
    let repo = repository(&case(Some(3)));
    let run = repo.pto(&["check", "--date", "2024-06-15", "--format", "json"]);
    run.assert_status(1);
    let doc = run.json();
    let missing = doc["cases"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "art8.1")
        .expect("the missing statement of March");
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .ends_with("(artikel 7 lid 1)."),
        "{missing}"
    );
    let basis: Vec<String> = missing["legal_basis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            format!(
                "{} {}",
                b["regeling"].as_str().unwrap(),
                b["artikel"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        basis,
        [
            "Beleidsregels PTO Voorbeeldstad 2023 artikel 7 lid 1",
            // The recipe's own row: the first lid only.
            "Participatiewet artikel 17 lid 1",
            "Participatiewet artikel 53a lid 1",
        ]
    );
    let status = repo.pto(&["status", "--date", "2024-06-15"]);
    assert!(
        status
            .stdout
            .contains("een maandopgave ontbreekt (art. 7): over maart 2024"),
        "{}",
        status.stdout
    );
}

#[test]
fn a_mistake_in_the_recipe_s_wetten_is_a_located_error() {
    let repo = repository(&case(None));
    let broken = recipe_pto_yaml().replace("  inlichtingenplicht:", "  inlichtingplicht:");
    repo.write("pto.yaml", broken);
    let run = repo.pto(&["check", "--date", "2025-01-15"]);
    run.assert_status(2);
    assert!(
        run.stdout.contains("Bedoelde u `inlichtingenplicht`?"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("pto.yaml:"), "{}", run.stdout);
}

//! The Awb procedure end to end, on real git repositories: each path from
//! the first letter to the decision, with the case file changed and
//! committed between the steps as a client manager would, and every refusal
//! with its exact message and exit status.
//!
//! 1. voornemen → the term passes → intrekking;
//! 2. voornemen → a zienswijze is recorded and committed → the decision
//!    answers it (and `pto diff` shows what the zienswijze changes);
//! 3. voornemen → a waiver → verlenging;
//! 4. herstelverzuim → the document arrives → toekenning;
//! 5. herstelverzuim → the term passes → buiten behandeling.

use crate::common::{Repo, pdf_text, project_file};

const DE_BOER: &str = "case-files/2024/PTO-2024-0047-de-boer.yaml";
const OKAFOR: &str = "case-files/2025/PTO-2025-0014-okafor.yaml";
const DE_WIT: &str = "case-files/2025/PTO-2025-0015-de-wit.yaml";
const NA_VOORNEMEN: &str = "tests/cases/brieven/verlenging-na-voornemen.yaml";

/// The examples' pto.yaml and one case file, as `text`, committed.
fn repo_with(file: &str, text: &str) -> Repo {
    let repo = Repo::new();
    repo.write(
        "pto.yaml",
        std::fs::read(project_file("pto.yaml")).expect("pto.yaml"),
    );
    repo.write(file, text);
    repo.init_git();
    repo.commit_all("dossier");
    repo
}

fn example(rel: &str) -> String {
    std::fs::read_to_string(project_file(rel)).expect("example case")
}

/// De Boer as he stood on 16 June 2025: no zienswijze yet.
fn de_boer_before_his_zienswijze() -> String {
    let text = example(DE_BOER);
    // The weighing written after the zienswijze, and the zienswijze, are
    // the file's last part.
    let cut = text
        .find("    # Na de zienswijze van 27 juni 2025")
        .expect("the weighing after the zienswijze");
    text[..cut].to_string()
}

/// `pto decide ARGS --date DATE --format json`: the exit status and the one
/// JSON line.
fn decide(repo: &Repo, date: &str, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["decide"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--date", date, "--format", "json"]);
    let run = repo.pto(&all);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 1, "{}{}", run.stdout, run.stderr);
    (run.status.expect("an exit status"), lines[0].clone())
}

fn letter(repo: &Repo, line: &serde_json::Value) -> String {
    pdf_text(&repo.read(line["pdf"].as_str().expect("a pdf")))
}

fn register_lines(repo: &Repo) -> usize {
    String::from_utf8(repo.read("output/register.jsonl"))
        .expect("utf-8")
        .lines()
        .count()
}

#[test]
fn voornemen_then_the_term_passes_then_intrekking() {
    let repo = repo_with(DE_BOER, &de_boer_before_his_zienswijze());
    let (status, line) = decide(&repo, "2025-06-16", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(status, 0);
    assert_eq!(line["outcome"], "voornemen_intrekking");
    assert_eq!(
        line["reference"],
        "PTO-2024-0047-VOORNEMEN-EVALUATIE-202506"
    );
    assert_eq!(line["respond_by"], "2025-06-30");
    let text = letter(&repo, &line);
    assert!(
        text.contains("Reageer uiterlijk op 30 juni 2025."),
        "{text}"
    );
    assert!(!text.contains("Bent u het niet eens met dit besluit?"));

    // While the term runs and nothing is recorded: refused, exit 1.
    let (status, line) = decide(&repo, "2025-06-30", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(status, 1);
    assert_eq!(line["outcome"], serde_json::Value::Null);
    assert_eq!(
        line["refused"],
        "Op het voornemen PTO-2024-0047-VOORNEMEN-EVALUATIE-202506 van 16 juni 2025 kan de \
         aanvrager tot en met 30 juni 2025 een zienswijze geven (artikel 4:8 Awb). Het besluit \
         kan vanaf 1 juli 2025 worden genomen, of eerder als de zienswijze of het afzien ervan \
         in het dossier staat (`zienswijzen`)."
    );
    assert_eq!(register_lines(&repo), 1, "nothing registered");

    // The day after the term: the intrekking, over the voornemen's period.
    let (status, line) = decide(&repo, "2025-07-01", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(status, 0);
    assert_eq!(line["outcome"], "intrekking");
    let text = letter(&repo, &line);
    assert!(
        text.contains("Wij hebben geen reactie van u ontvangen."),
        "{text}"
    );
    assert!(text.contains(
        "Net als in ons voornemen van 16 juni 2025 hebben wij de periode januari 2024 tot en met \
         mei 2025 beoordeeld"
    ));
    assert!(text.contains("Bent u het niet eens met dit besluit?"));
    assert_eq!(register_lines(&repo), 2);
}

#[test]
fn voornemen_then_a_zienswijze_committed_then_the_decision_answers_it() {
    let before = de_boer_before_his_zienswijze();
    let repo = repo_with(DE_BOER, &before);
    let (status, _) = decide(&repo, "2025-06-16", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(status, 0);

    // The client manager records what he said, without an answer yet.
    let said = "zienswijzen:\n  - voornemen: PTO-2024-0047-VOORNEMEN-EVALUATIE-202506\n    \
                ontvangen: 2025-06-27\n    vorm: mondeling\n    verslag: 2025-06-27\n    \
                samenvatting: De uren in december 2024 waren een eenmalige opdracht.\n";
    repo.write(DE_BOER, format!("{before}{said}"));
    repo.commit_all("zienswijze De Boer");
    let (status, line) = decide(&repo, "2025-06-27", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(status, 1);
    assert_eq!(
        line["refused"],
        "De zienswijze op het voornemen PTO-2024-0047-VOORNEMEN-EVALUATIE-202506 staat in het \
         dossier, maar ons antwoord nog niet: vul `reactie` in. Het besluit moet op de \
         zienswijze ingaan (artikel 3:46 Awb)."
    );

    // Answered, but the weighing not written again after it: refused.
    let answered = format!(
        "{said}    reactie: Wij volgen u niet. In december 2024 werkte u 105 uur, niet meer dan \
         in andere maanden.\n"
    );
    repo.write(DE_BOER, format!("{before}{answered}"));
    repo.commit_all("antwoord, nog zonder afweging");
    let (status, line) = decide(&repo, "2025-06-27", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(status, 1);
    assert_eq!(
        line["refused"],
        "Op het voornemen is een zienswijze gegeven. Het besluit weegt ook wat de aanvrager \
         zei (artikel 3:4 lid 2 en 3:46 Awb): vul bij `evaluaties` (`tot: 2025-05`) \
         `afweging_besluit` in, opnieuw geschreven na de zienswijze."
    );
    // A zienswijze naming a kenmerk pto never issued: an input error at
    // its line, exit 2.
    let wrong = said.replace("VOORNEMEN-EVALUATIE-202506", "VOORNEMEN-EVALUATIE-202505");
    repo.write(DE_BOER, format!("{before}{wrong}"));
    let run = repo.pto(&[
        "decide",
        "evaluatie",
        "PTO-2024-0047",
        "--date",
        "2025-06-27",
    ]);
    run.assert_status(2);
    let line = before.lines().count() + 2;
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains(
            "invoerfout: Het voornemen PTO-2024-0047-VOORNEMEN-EVALUATIE-202505 staat niet in \
             het register (output/register.jsonl): een zienswijze hoort bij een voornemen dat pto \
             heeft uitgegeven. Controleer het kenmerk."
        ) && out.contains(&format!("--> {DE_BOER}:{line}:16")),
        "{out}"
    );

    // With the answer and the weighing: `pto diff` against the version
    // before the answer shows what it changes, and once committed the
    // decision can be taken before the term ends.
    let weighed = format!(
        "{before}    afweging_besluit: Ook na wat u zei, weegt het aantal uren het zwaarst.\n"
    );
    repo.write(DE_BOER, format!("{weighed}{answered}"));
    let diff = repo.pto(&["diff", "HEAD~1", "--date", "2025-06-27"]);
    diff.assert_status(0);
    assert!(
        diff.stdout
            .contains("evaluatie: niet mogelijk → intrekking"),
        "{}",
        diff.stdout
    );
    repo.commit_all("antwoord op de zienswijze");
    let (status, line) = decide(&repo, "2025-06-27", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(status, 0, "{line}");
    assert_eq!(line["outcome"], "intrekking");
    let text = letter(&repo, &line);
    assert!(
        text.contains("U hebt op 27 juni 2025 mondeling gereageerd."),
        "{text}"
    );
    assert!(text.contains("De uren in december 2024 waren een eenmalige opdracht."));
    assert!(text.contains("Ons antwoord: Wij volgen u niet."));
}

#[test]
fn voornemen_then_a_waiver_then_verlenging() {
    let full = std::fs::read_to_string(project_file(NA_VOORNEMEN)).expect("fixture");
    let at = |key: &str| {
        full.find(key)
            .unwrap_or_else(|| panic!("{key} in the fixture"))
    };
    // Without the waiver and the zienswijze; with the weighing.
    let before = format!(
        "{}afwijkingen: []\n{}",
        &full[..at("afwijkingen:\n")],
        &full[at("evaluaties:\n")..at("zienswijzen:\n")]
    );
    let file = "case-files/PTO-2024-0948.yaml";
    let repo = repo_with(file, &before);
    let (status, line) = decide(&repo, "2025-06-16", &["evaluatie", "PTO-2024-0948"]);
    assert_eq!(status, 0);
    assert_eq!(line["outcome"], "voornemen_intrekking");
    let text = letter(&repo, &line);
    assert!(
        text.contains("Stuur ons alsnog uw opgave over maart 2025"),
        "{text}"
    );

    // The waiver and the zienswijze that led to it, committed.
    repo.write(file, &full);
    repo.commit_all("afwijking art. 8 lid 1 en zienswijze");
    let (status, line) = decide(&repo, "2025-07-01", &["evaluatie", "PTO-2024-0948"]);
    assert_eq!(status, 0);
    assert_eq!(line["outcome"], "verlenging");
    let text = letter(&repo, &line);
    assert!(text.contains("Eerder waren wij van plan uw toestemming in te trekken."));
    assert!(text.contains("Op één punt wijken wij in uw voordeel af van de regels:"));
    assert!(text.contains("U hebt op 24 juni 2025 schriftelijk gereageerd."));
}

#[test]
fn herstelverzuim_then_the_document_arrives_then_toekenning() {
    let full = example(OKAFOR);
    let before = full.replace("      ontvangen: 2025-07-10\n", "");
    assert_ne!(before, full);
    let repo = repo_with(OKAFOR, &before);
    let (status, line) = decide(&repo, "2025-06-16", &["aanvraag", "PTO-2025-0014"]);
    assert_eq!(status, 0);
    assert_eq!(line["outcome"], "verzoek_aanvulling");
    assert_eq!(line["respond_by"], "2025-07-28");
    let text = letter(&repo, &line);
    assert!(text.contains("uiterlijk op 28 juli 2025"), "{text}");
    assert!(text.contains("(artikel 4:15 lid 1 onder a Awb)"));

    let (status, line) = decide(&repo, "2025-07-01", &["aanvraag", "PTO-2025-0014"]);
    assert_eq!(status, 1);
    assert_eq!(
        line["refused"],
        "Op 16 juni 2025 is gevraagd de aanvraag aan te vullen \
         (PTO-2025-0014-AANVULLING-20250602); de termijn daarvoor loopt tot en met 28 juli 2025 \
         (artikel 4:5 Awb). Het besluit kan vanaf 29 juli 2025 worden genomen, of eerder zodra \
         de stukken binnen zijn (`ontvangen` bij `aanvraag.stukken`)."
    );

    repo.write(OKAFOR, &full);
    repo.commit_all("VOG ontvangen");
    let (status, line) = decide(&repo, "2025-07-14", &["aanvraag", "PTO-2025-0014"]);
    assert_eq!(status, 0);
    assert_eq!(line["outcome"], "toekenning");
    let text = letter(&repo, &line);
    assert!(
        text.contains(
            "Uw verklaring omtrent het gedrag (VOG) hebben wij op 10 juli 2025 ontvangen."
        )
    );

    // `pto status` no longer shows a running term for the case.
    let status = repo.pto(&["status", "--date", "2025-07-14", "--format", "json"]);
    let doc = status.json();
    let tasks: Vec<&str> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["case"] == "PTO-2025-0014")
        .flat_map(|c| c["tasks"].as_array().unwrap())
        .map(|t| t["task"].as_str().unwrap())
        .collect();
    assert!(!tasks.contains(&"aanvulling"), "{tasks:?}");
}

#[test]
fn herstelverzuim_then_the_term_passes_then_buiten_behandeling() {
    let repo = repo_with(DE_WIT, &example(DE_WIT));
    let (status, line) = decide(&repo, "2025-06-16", &["aanvraag", "PTO-2025-0015"]);
    assert_eq!(status, 0);
    assert_eq!(line["outcome"], "verzoek_aanvulling");
    assert_eq!(line["respond_by"], "2025-06-30");

    // `pto status` shows the running term and what becomes possible then.
    let run = repo.pto(&["status", "--date", "2025-06-20", "--format", "json"]);
    let doc = run.json();
    let task = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["case"] == "PTO-2025-0015")
        .flat_map(|c| c["tasks"].as_array().unwrap())
        .find(|t| t["task"] == "aanvulling")
        .unwrap_or_else(|| panic!("no aanvulling task in {doc}"))
        .clone();
    assert_eq!(task["deadline"], "2025-06-30");
    assert_eq!(task["reference"], "PTO-2025-0015-AANVULLING-20250604");

    let (status, _) = decide(&repo, "2025-06-30", &["aanvraag", "PTO-2025-0015"]);
    assert_eq!(status, 1);
    let (status, line) = decide(&repo, "2025-07-14", &["aanvraag", "PTO-2025-0015"]);
    assert_eq!(status, 0);
    assert_eq!(line["outcome"], "buiten_behandeling");
    let text = letter(&repo, &line);
    assert!(
        text.contains("Wij behandelen uw aanvraag van 4 juni 2025 niet"),
        "{text}"
    );
    assert!(text.contains("U kunt altijd een nieuwe aanvraag doen."));
    assert!(text.contains("Bent u het niet eens met dit besluit?"));
}

#[test]
fn buiten_behandeling_only_within_four_weeks_of_the_term() {
    let repo = repo_with(DE_WIT, &example(DE_WIT));
    let (status, _) = decide(&repo, "2025-06-16", &["aanvraag", "PTO-2025-0015"]);
    assert_eq!(status, 0);
    // Term to 30 June; four weeks later is 28 July.
    let (status, line) = decide(&repo, "2025-07-28", &["aanvraag", "PTO-2025-0015"]);
    assert_eq!(
        (status, &line["outcome"]),
        (0, &"buiten_behandeling".into())
    );
    let repo = repo_with(DE_WIT, &example(DE_WIT));
    decide(&repo, "2025-06-16", &["aanvraag", "PTO-2025-0015"]);
    let (status, line) = decide(&repo, "2025-07-29", &["aanvraag", "PTO-2025-0015"]);
    assert_eq!(status, 1);
    assert_eq!(
        line["refused"],
        "De termijn om de aanvraag aan te vullen (PTO-2025-0015-AANVULLING-20250604) liep tot \
         en met 30 juni 2025. Besluiten de aanvraag niet te behandelen kon tot en met 28 juli \
         2025 (artikel 4:5 lid 4 Awb); nu moet op de aanvraag zelf worden beslist. Leg de \
         stukken die er zijn vast, of vraag de juridische afdeling hoe verder."
    );
}

#[test]
fn a_concept_is_marked_not_registered_and_freely_replaced() {
    let repo = repo_with(DE_BOER, &de_boer_before_his_zienswijze());
    for _ in 0..2 {
        let run = repo.pto(&[
            "decide",
            "evaluatie",
            "PTO-2024-0047",
            "--date",
            "2025-06-16",
            "--concept",
            "--format",
            "json",
        ]);
        run.assert_status(0);
        let line = &run.json_lines()[0];
        let pdf = line["pdf"].as_str().unwrap();
        assert!(pdf.starts_with("output/concept/"), "{pdf}");
        assert!(pdf_text(&repo.read(pdf)).contains("CONCEPT – niet verzonden"));
    }
    assert!(
        !repo.path().join("output/register.jsonl").exists(),
        "a concept is never registered"
    );
    // The real one afterwards is not marked.
    let (status, line) = decide(&repo, "2025-06-16", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(status, 0);
    assert!(!letter(&repo, &line).contains("CONCEPT"));
}

#[test]
fn a_decision_dated_after_today_or_long_ago_is_refused() {
    let repo = repo_with(DE_WIT, &example(DE_WIT));
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let run = repo.pto_exact(&["decide", "aanvraag", "PTO-2025-0015", "--date", &tomorrow]);
    run.assert_status(1);
    assert!(
        run.stdout.contains("ligt na vandaag") || run.stderr.contains("ligt na vandaag"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    // Backdated beyond the policy's seven days: only with the flag.
    let run = repo.pto_exact(&[
        "decide",
        "aanvraag",
        "PTO-2025-0015",
        "--date",
        "2025-06-16",
    ]);
    run.assert_status(1);
    assert!(
        format!("{}{}", run.stdout, run.stderr).contains("--allow-backdated"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(!repo.path().join("output/register.jsonl").exists());
    let run = repo.pto_exact(&[
        "decide",
        "aanvraag",
        "PTO-2025-0015",
        "--date",
        "2025-06-16",
        "--allow-backdated",
    ]);
    run.assert_status(0);
}

#[test]
fn a_letter_sent_later_than_its_date_is_issued_again_on_the_sending_day() {
    let repo = repo_with(DE_WIT, &example(DE_WIT));
    let (status, line) = decide(&repo, "2025-06-16", &["aanvraag", "PTO-2025-0015"]);
    assert_eq!(status, 0);
    let old = "PTO-2025-0015-AANVULLING-20250604";
    assert_eq!(line["reference"], old);
    let register = String::from_utf8(repo.read("output/register.jsonl")).unwrap();
    assert!(
        register.contains(r#""sent":{"date":"2025-06-16","channel":"post"}"#),
        "{register}"
    );

    let verzonden = |args: &[&str]| {
        let mut all = vec!["verzonden"];
        all.extend_from_slice(args);
        all.push("--allow-backdated");
        repo.pto_exact(&all)
    };
    // Sent on its date: nothing to do.
    let run = verzonden(&[old, "--datum", "2025-06-16"]);
    run.assert_status(0);
    assert!(
        run.stdout
            .contains("De brief PTO-2025-0015-AANVULLING-20250604 staat al als verzonden op 16 juni 2025 (post) in het register."),
        "{}",
        run.stdout
    );
    // Before its date, or an unknown kenmerk: bad input.
    verzonden(&[old, "--datum", "2025-06-15"]).assert_status(2);
    let run = verzonden(&["PTO-2025-0015-AANVULLING-19990101", "--datum", "2025-06-18"]);
    run.assert_status(2);
    assert!(format!("{}{}", run.stdout, run.stderr).contains("staat niet in het register"));

    // Sent two days late: issued again, dated the sending day, under a
    // kenmerk of its own; its term counts from then.
    let run = verzonden(&[old, "--datum", "2025-06-18", "--format", "json"]);
    run.assert_status(0);
    let line = &run.json_lines()[0];
    let new = format!("{old}-2");
    assert_eq!(line["reference"], new.as_str());
    assert_eq!(line["outcome"], "verzoek_aanvulling");
    assert_eq!(line["respond_by"], "2025-07-02");
    let text = letter(&repo, line);
    assert!(text.contains("18 juni 2025"), "{text}");
    assert!(text.contains("uiterlijk op 2 juli 2025"), "{text}");
    let register = String::from_utf8(repo.read("output/register.jsonl")).unwrap();
    let last = register.lines().last().unwrap();
    assert!(last.contains(&format!(r#""replaces":"{old}""#)), "{last}");
    assert!(last.contains(r#""sent":{"date":"2025-06-18","channel":"post"}"#));
    // The old letter stays in the archive; it counts for nothing.
    assert!(
        repo.path()
            .join(format!("output/PTO-2025-0015/{old}.pdf"))
            .exists()
    );
    verzonden(&[old, "--datum", "2025-06-19"]).assert_status(2);
    repo.pto(&["verify"]).assert_status(0);

    // The term of the letter sent: no decision on 1 July, the worklist
    // shows the new deadline.
    let (status, line) = decide(&repo, "2025-07-01", &["aanvraag", "PTO-2025-0015"]);
    assert_eq!(status, 1);
    assert!(
        line["refused"].as_str().unwrap().contains(&format!(
            "({new}); de termijn daarvoor loopt tot en met 2 juli 2025"
        )),
        "{line}"
    );
    let doc = repo
        .pto(&["status", "--date", "2025-06-20", "--format", "json"])
        .json();
    let task = doc["cases"][0]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["task"] == "aanvulling")
        .expect("the running term")
        .clone();
    assert_eq!(task["deadline"], "2025-07-02");
    assert_eq!(task["reference"], new.as_str());
}

#[test]
fn a_letter_goes_out_electronically_only_to_someone_reachable_that_way() {
    let repo = repo_with(DE_WIT, &example(DE_WIT));
    let args = [
        "decide",
        "aanvraag",
        "PTO-2025-0015",
        "--date",
        "2025-06-16",
        "--kanaal",
        "digitaal",
        "--allow-backdated",
    ];
    let run = repo.pto_exact(&args);
    run.assert_status(1);
    assert!(
        run.stdout.contains(
            "Kees de Wit heeft niet laten weten elektronisch bereikbaar te zijn \
             (artikel 2:14, eerste lid, van de Awb): verstuur de brief per post"
        ),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(!repo.path().join("output/register.jsonl").exists());

    // Recorded after the letter's date: still not that way.
    let reachable = |date: &str| {
        example(DE_WIT).replace(
            "  naam: Kees de Wit\n",
            &format!("  naam: Kees de Wit\n  elektronisch_bereikbaar: {date}\n"),
        )
    };
    repo.write(DE_WIT, reachable("2025-06-17"));
    repo.commit_all("bereikbaar");
    repo.pto_exact(&args).assert_status(1);

    repo.write(DE_WIT, reachable("2025-05-20"));
    repo.commit_all("bereikbaar");
    let run = repo.pto_exact(&args);
    run.assert_status(0);
    let register = String::from_utf8(repo.read("output/register.jsonl")).unwrap();
    assert!(
        register.contains(r#""sent":{"date":"2025-06-16","channel":"digitaal"}"#),
        "{register}"
    );
}

#[test]
fn a_late_evaluation_reports_a_statement_missing_from_before_its_last_twelve_months() {
    // De Boer's first evaluation, on 16 June 2025, covers January 2024 to
    // May 2025: seventeen months. February 2024 is the second of them.
    let text = de_boer_before_his_zienswijze();
    let start = text.find("  - maand: 2024-02\n").expect("February 2024");
    let end = text.find("  - maand: 2024-03\n").expect("March 2024");
    let repo = repo_with(DE_BOER, &format!("{}{}", &text[..start], &text[end..]));
    let (status, line) = decide(&repo, "2025-06-16", &["evaluatie", "PTO-2024-0047"]);
    assert_eq!(status, 0, "{line}");
    assert_eq!(line["outcome"], "voornemen_intrekking");
    let letter = letter(&repo, &line);
    let flat = letter.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("januari 2024 tot en met mei 2025"), "{flat}");
    assert!(flat.contains("februari 2024"), "{flat}");
    let check = repo.pto(&["check", DE_BOER, "--date", "2025-06-16", "--format", "json"]);
    assert!(check.stdout.contains("2024-02"), "{}", check.stdout);
}

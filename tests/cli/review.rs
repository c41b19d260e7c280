//! Review in git and daily work: `pto diff`, `pto status` and
//! the pre-commit hook, on a git repository of the example cases.

use serde_json::{Value, json};

use crate::common::{DATE, Repo, project_file};

const JANSEN: &str = "case-files/2024/PTO-2024-0012-jansen.yaml";
const EL_AMRANI: &str = "case-files/2024/PTO-2024-0031-el-amrani.yaml";
const VISSER: &str = "case-files/2025/PTO-2025-0009-visser.yaml";
const YILMAZ: &str = "case-files/2025/PTO-2025-0003-yilmaz.yaml";
const BAKKER: &str = "case-files/2023/PTO-2023-0104-bakker.yaml";

/// Editing case files and running the review commands in a test repository.
trait Review {
    fn case_text(&self, rel: &str) -> String;
    /// Replaces the first `from` in a file by `to`.
    fn edit_case(&self, rel: &str, from: &str, to: &str);
    /// Removes the statement of `month` (from `  - maand: MONTH` to the next
    /// item).
    fn remove_statement(&self, rel: &str, month: &str);
    fn diff_json(&self, revisions: &[&str]) -> Value;
    fn status_json(&self) -> Value;
}

impl Review for Repo {
    fn case_text(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn edit_case(&self, rel: &str, from: &str, to: &str) {
        let text = self.case_text(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    fn remove_statement(&self, rel: &str, month: &str) {
        let text = self.case_text(rel);
        let start = text
            .find(&format!("  - maand: {month}\n"))
            .unwrap_or_else(|| panic!("{rel} has no statement for {month}"));
        let end = text[start + 4..]
            .find("\n  - maand: ")
            .or_else(|| text[start + 4..].find("\njaarstukken:"))
            .map(|i| start + 4 + i + 1)
            .expect("the end of the statement");
        self.write(rel, format!("{}{}", &text[..start], &text[end..]));
    }

    fn diff_json(&self, revisions: &[&str]) -> Value {
        let mut args = vec!["diff"];
        args.extend(revisions);
        args.extend(["--date", DATE, "--format", "json"]);
        let run = self.pto(&args);
        run.assert_status(0);
        run.json()
    }

    fn status_json(&self) -> Value {
        let run = self.pto(&["status", "--date", DATE, "--format", "json"]);
        run.assert_status(0);
        run.json()
    }
}

/// The example repository with two changes a reviewer must understand:
/// Jansen's bookkeeping shows € 1.000 more turnover over 2024, and El
/// Amrani's statement over September 2024 is deleted.
fn changed_examples() -> Repo {
    let repo = Repo::with_examples();
    repo.edit_case(JANSEN, "    omzet: 9750.00", "    omzet: 10750.00");
    repo.remove_statement(EL_AMRANI, "2024-09");
    repo
}

fn case<'a>(doc: &'a Value, zaak: &str) -> &'a Value {
    doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["case"] == zaak)
        .unwrap_or_else(|| panic!("no case {zaak} in {doc:#}"))
}

fn rules(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list of findings")
        .iter()
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap(), f["period"]))
        .collect()
}

#[test]
fn diff_says_what_a_change_means_for_the_citizen() {
    let repo = changed_examples();
    let doc = repo.diff_json(&[]);
    assert_eq!(doc["from"], "HEAD");
    assert_eq!(doc["to"], Value::Null);
    assert_eq!(doc["cases"].as_array().unwrap().len(), 2, "{doc:#}");

    let jansen = case(&doc, "PTO-2024-0012");
    assert_eq!(jansen["file"], JANSEN);
    assert_eq!(jansen["change"], "modified");
    assert_eq!(
        jansen["fields"],
        json!([{
            "path": "jaarstukken[2024].omzet",
            "change": "modified",
            "before": "9750.00",
            "after": "10750.00",
            "text": "jaarstukken 2024: omzet € 9.750,00 → € 10.750,00",
        }])
    );
    // The bookkeeping now shows more turnover than the statements: a
    // neutral finding, never an inferred breach.
    assert_eq!(
        rules(&jansen["findings"]["appeared"]),
        ["art11.omzet \"2024\""]
    );
    assert_eq!(jansen["findings"]["disappeared"], json!([]));
    // The settlement of 2024 flips: € 1.000 more income turns a back
    // payment of € 787,50 into a recovery of € 212,50, first announced.
    assert_eq!(
        jansen["outcomes"],
        json!([{
            "proceeding": "afrekening",
            "year": 2024,
            "before": { "outcome": "nabetaling", "amount": "787.50" },
            "after": { "outcome": "voornemen_terugvordering", "amount": "212.50" },
            "text": "afrekening 2024: nabetaling € 787,50 → voornemen tot terugvordering € 212,50",
        }])
    );

    let el_amrani = case(&doc, "PTO-2024-0031");
    let fields = el_amrani["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0]["path"], "maanden[2024-09]");
    assert_eq!(fields[0]["change"], "removed");
    assert!(
        fields[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("maand 2024-09 verwijderd (was: ingeleverd 2024-10-03, omzet € 575,00"),
        "{}",
        fields[0]["text"]
    );
    assert_eq!(
        rules(&el_amrani["findings"]["appeared"]),
        ["art8.1 \"2024-09\"", "art11.omzet \"2024\""]
    );
    assert_eq!(el_amrani["findings"]["appeared"][0]["severity"], "error");
    // The turnover difference grows: its finding is another finding.
    assert_eq!(
        rules(&el_amrani["findings"]["disappeared"]),
        ["art11.omzet \"2024\""]
    );
    let outcomes: Vec<&str> = el_amrani["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "evaluatie: verlenging → voornemen tot intrekking",
            // Without the September statement (€ 405,62 deducted), that
            // much more bijstand was paid: 515,07 + 405,62.
            "afrekening 2024: voornemen tot terugvordering € 515,07 → voornemen tot terugvordering € 920,69",
        ]
    );

    // Committed, the same change reads the same between two revisions: the
    // old version comes from git, not from a checkout.
    repo.commit_all("jaarstukken Jansen gecorrigeerd; maandopgave september El Amrani ingetrokken");
    let committed = repo.diff_json(&["HEAD~1", "HEAD"]);
    assert_eq!(committed["cases"], doc["cases"]);
    assert_eq!(committed["to"], "HEAD");
    assert_eq!(repo.diff_json(&[])["cases"], json!([]));
}

#[test]
fn diff_in_words_for_a_reviewer() {
    let repo = changed_examples();
    repo.edit_case(
        JANSEN,
        "      - { omschrijving: Onderdelen, categorie: materiaal, bedrag: 185.25, goedgekeurd: true, bewijs: true }\n",
        "      - { omschrijving: Onderdelen, categorie: materiaal, bedrag: 185.25, goedgekeurd: true, bewijs: true }\n      - { omschrijving: Binnenbanden, categorie: inkoop, bedrag: 60.00, goedgekeurd: true, bewijs: true }\n",
    );
    let run = repo.pto(&["diff", "--date", DATE]);
    run.assert_status(0);
    let expected = "\
case-files/2024/PTO-2024-0012-jansen.yaml — PTO-2024-0012 (gewijzigd)
  Gewijzigd:
    kostenpost Binnenbanden in maand 2024-03 toegevoegd (categorie inkoop, bedrag € 60,00, goedgekeurd ja, bewijs ja)
    jaarstukken 2024: omzet € 9.750,00 → € 10.750,00
  Bevindingen:
    nieuw     waarschuwing[art11.omzet]: De jaarstukken over 2024 vermelden € 899,50 meer omzet over februari 2024 tot en met december 2024 dan uw maandopgaven over die maanden (artikel 11 lid 4).
  Besluiten:
    afrekening 2024: nabetaling € 787,50 → voornemen tot terugvordering € 272,50
";
    assert!(run.stdout.starts_with(expected), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "  Bevindingen:\n    nieuw     fout[art8.1]: Over september 2024 hebt u geen inkomstenopgave"
        ),
        "{}",
        run.stdout
    );
    let last = run.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("2 dossiers gewijzigd tussen HEAD (")
            && last.ends_with(") en de werkmap; bevindingen en besluiten op 16 juni 2025."),
        "{last}"
    );
}

#[test]
fn diff_of_new_moved_deleted_and_broken_case_files() {
    let repo = Repo::with_examples();
    // New, not yet added to git.
    repo.write(
        "case-files/2025/PTO-2025-0010-nieuw.yaml",
        repo.case_text(VISSER)
            .replace("zaaknummer: PTO-2025-0009", "zaaknummer: PTO-2025-0010"),
    );
    // Moved to another folder, unchanged.
    std::fs::create_dir_all(repo.path().join("case-files/team-noord")).unwrap();
    repo.git(&[
        "mv",
        YILMAZ,
        "case-files/team-noord/PTO-2025-0003-yilmaz.yaml",
    ]);
    // Deleted.
    repo.git(&["rm", "-q", VISSER]);
    // A typo in a key.
    repo.edit_case(BAKKER, "    omzet: ", "    omzett: ");

    let run = repo.pto(&["diff", "--date", DATE, "--format", "json"]);
    run.assert_status(2);
    let doc = run.json();
    let changes: Vec<(String, String)> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["file"].as_str().unwrap().to_string(),
                c["change"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (BAKKER.to_string(), "modified".to_string()),
            (
                "case-files/2025/PTO-2025-0009-visser.yaml".into(),
                "deleted".into()
            ),
            (
                "case-files/2025/PTO-2025-0010-nieuw.yaml".into(),
                "added".into()
            ),
            (
                "case-files/team-noord/PTO-2025-0003-yilmaz.yaml".into(),
                "renamed".into()
            ),
        ]
    );

    let broken = case(&doc, "PTO-2023-0104");
    let errors = broken["errors"]["after"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["message"]
            .as_str()
            .unwrap()
            .contains("Onbekend veld `omzett`")),
        "{errors:#?}"
    );
    assert_eq!(broken["errors"]["before"], json!([]));
    assert_eq!(broken["outcomes"], json!([]));
    let typo: Vec<(&str, &str)> = broken["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["change"].as_str().unwrap(), f["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        typo,
        [
            ("added", "maanden[2023-07].omzett"),
            ("removed", "maanden[2023-07].omzet")
        ]
    );

    let new = case(&doc, "PTO-2025-0010");
    assert_eq!(new["fields"], json!([]));
    assert_eq!(
        new["outcomes"],
        json!([{
            "proceeding": "aanvraag",
            "year": null,
            "before": null,
            "after": { "outcome": "toekenning", "amount": null },
            "text": "aanvraag: toekenning",
        }])
    );

    let gone = case(&doc, "PTO-2025-0009");
    assert_eq!(gone["outcomes"][0]["text"], "aanvraag: toekenning vervalt");

    let moved = case(&doc, "PTO-2025-0003");
    assert_eq!(moved["previous_file"], YILMAZ);
    assert_eq!(moved["fields"], json!([]));
    assert_eq!(moved["outcomes"], json!([]));
    assert_eq!(moved["layout_only"], false);
}

#[test]
fn diff_with_an_unknown_revision_or_outside_git_is_a_usage_error() {
    let repo = Repo::with_examples();
    let run = repo.pto(&["diff", "origin/main", "HEAD"]);
    run.assert_status(2);
    assert!(
        run.stdout.contains(
            "Onbekende revisie `origin/main`: git kent geen commit, branch of tag met die naam"
        ),
        "{}",
        run.stdout
    );
    let run = repo.pto(&["diff", "HEAD", "--format", "json"]);
    run.assert_status(0);
    let outside = Repo::new();
    let run = outside.pto(&["diff", "--format", "json"]);
    run.assert_status(2);
    let message = run.json()["errors"][0]["message"].clone();
    assert!(
        message
            .as_str()
            .unwrap()
            .contains("niet in een git-repository"),
        "{message}"
    );
}

fn tasks(case: &Value) -> Vec<String> {
    case["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{} {} {}",
                t["urgency"].as_str().unwrap(),
                t["task"].as_str().unwrap(),
                t["deadline"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn status_lists_what_is_due_most_urgent_first() {
    let repo = Repo::with_examples();
    // El Amrani has not handed in May 2025.
    repo.remove_statement(EL_AMRANI, "2025-05");
    let doc = repo.status_json();
    assert_eq!(doc["date"], DATE);
    assert_eq!(doc["within_days"], 28);
    assert_eq!(doc["errors"], json!([]));
    let order: Vec<&str> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case"].as_str().unwrap())
        .collect();
    // Longest overdue first: Bakker's evaluation was due on 1 July 2024,
    // De Boer's on 1 January 2025, Jansen's on 1 February 2025, El Amrani's
    // on 1 March 2025; then the applications, nearest term first, and the
    // two applications that await a request to complete them.
    assert_eq!(
        order,
        [
            "PTO-2023-0104",
            "PTO-2024-0047",
            "PTO-2024-0012",
            "PTO-2024-0031",
            "PTO-2025-0003",
            "PTO-2025-0009",
            "PTO-2025-0014",
            "PTO-2025-0015",
        ]
    );

    let el_amrani = case(&doc, "PTO-2024-0031");
    assert_eq!(
        tasks(el_amrani),
        [
            "overdue evaluatie 2025-03-01",
            "overdue maandopgaven 2025-05-31",
            "due afrekening -",
        ]
    );
    let statements = &el_amrani["tasks"][1];
    assert_eq!(statements["months"], json!(["2025-05"]));
    assert_eq!(statements["days_overdue"], 16);
    assert_eq!(
        statements["text"],
        "een maandopgave ontbreekt (art. 8): over mei 2025"
    );
    let evaluation = &el_amrani["tasks"][0];
    assert_eq!(evaluation["days_overdue"], 107);
    // Without May's statement, an evaluation today would announce an
    // intrekking.
    assert_eq!(evaluation["expected"]["outcome"], "voornemen_intrekking");

    let de_boer = case(&doc, "PTO-2024-0047");
    assert_eq!(
        tasks(de_boer),
        [
            "overdue evaluatie 2025-01-01",
            "overdue jaarstukken 2025-04-30"
        ]
    );
    assert_eq!(de_boer["tasks"][1]["year"], 2024);
    assert_eq!(de_boer["tasks"][1]["days_overdue"], 47);

    let yilmaz = case(&doc, "PTO-2025-0003");
    assert_eq!(
        yilmaz["tasks"],
        json!([{
            "task": "aanvraag",
            "urgency": "due",
            "deadline": "2025-07-07",
            "days_overdue": null,
            "days_left": 21,
            "since": "2025-05-12",
            "year": null,
            "months": [],
            "reference": "PTO-2025-0003-AANVRAAG-20250512",
            "command": "pto decide aanvraag PTO-2025-0003",
            "expected": { "outcome": "afwijzing", "amount": null },
            "text": "besluit op de aanvraag van 12 mei 2025 (beslistermijn 8 weken: uiterlijk 7 juli 2025)",
        }])
    );

    let jansen = case(&doc, "PTO-2024-0012");
    assert_eq!(
        tasks(jansen),
        ["overdue evaluatie 2025-02-01", "due afrekening -"]
    );
    let settlement = &jansen["tasks"][1];
    assert_eq!(settlement["reference"], "PTO-2024-0012-AFREKENING-2024");
    assert_eq!(settlement["since"], "2025-04-20");
    assert_eq!(
        settlement["expected"],
        json!({ "outcome": "nabetaling", "amount": "787.50" })
    );
    assert_eq!(jansen["issued"], json!([]));
}

#[test]
fn status_leaves_out_what_was_issued() {
    let repo = Repo::with_examples();
    for args in [
        &["decide", "afrekening", "PTO-2024-0012", "--year", "2024"][..],
        &["decide", "evaluatie", "PTO-2024-0012"][..],
        &["decide", "aanvraag", "PTO-2025-0003"][..],
    ] {
        let mut args = args.to_vec();
        args.extend(["--date", DATE]);
        repo.pto(&args).assert_status(0);
    }
    let doc = repo.status_json();
    let jansen = case(&doc, "PTO-2024-0012");
    assert_eq!(jansen["tasks"], json!([]));
    let issued: Vec<(&str, &str)> = jansen["issued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["reference"].as_str().unwrap(),
                e["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        issued,
        [
            ("PTO-2024-0012-AFREKENING-2024", "nabetaling"),
            ("PTO-2024-0012-EVALUATIE-202506", "verlenging"),
        ]
    );
    assert_eq!(jansen["issued"][0]["amount"], "787.50");
    // A rejected application is decided: off the list.
    assert_eq!(case(&doc, "PTO-2025-0003")["tasks"], json!([]));
    // Cases with nothing to do come last.
    let last: Vec<&str> = doc["cases"].as_array().unwrap()[6..]
        .iter()
        .map(|c| c["case"].as_str().unwrap())
        .collect();
    assert_eq!(last, ["PTO-2024-0012", "PTO-2025-0003"]);

    // A year on, the next evaluation is due again.
    let run = repo.pto(&["status", JANSEN, "--date", "2026-06-10", "--format", "json"]);
    run.assert_status(0);
    let later = run.json();
    let upcoming: Vec<String> = tasks(case(&later, "PTO-2024-0012"))
        .into_iter()
        .filter(|t| t.contains("evaluatie"))
        .collect();
    assert_eq!(upcoming, ["upcoming evaluatie 2026-06-16"]);

    let run = repo.pto(&["status", "--date", DATE]);
    run.assert_status(0);
    assert!(
        run.stdout
            .contains("PTO-2024-0012-AFREKENING-2024: nabetaling € 787,50 op 16 juni 2025"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Niets te doen voor 2 dossiers: PTO-2024-0012, PTO-2025-0003.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn status_reports_a_case_file_that_does_not_load() {
    let repo = Repo::with_examples();
    repo.edit_case(BAKKER, "    omzet: ", "    omzett: ");
    let run = repo.pto(&["status", "--date", DATE, "--format", "json"]);
    run.assert_status(2);
    let doc = run.json();
    assert_eq!(doc["cases"].as_array().unwrap().len(), 7);
    assert_eq!(doc["errors"][0]["file"], BAKKER);
}

#[test]
fn the_pre_commit_hook_refuses_input_errors_but_not_findings() {
    let repo = Repo::with_examples();
    std::fs::create_dir_all(repo.path().join("hooks")).unwrap();
    std::fs::copy(
        project_file("hooks/pre-commit"),
        repo.path().join("hooks/pre-commit"),
    )
    .unwrap();
    repo.git(&["config", "core.hooksPath", "hooks"]);
    let bin = assert_cmd::cargo::cargo_bin("pto");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commit = |message: &str| {
        std::process::Command::new("git")
            .current_dir(repo.path())
            .env("PATH", &path)
            .args(["commit", "-q", "-m", message])
            .output()
            .expect("git commit")
    };

    // A missing statement is a finding: shown, not blocking.
    repo.remove_statement(EL_AMRANI, "2024-09");
    repo.git(&["add", EL_AMRANI]);
    // git shows a hook's output on stderr.
    let out = commit("maandopgave september ingetrokken");
    let shown = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("fout[art8.1]"), "{shown}");

    // A typo in a key is an input error: refused.
    repo.edit_case(JANSEN, "    omzet: 850.00", "    omzett: 850.00");
    repo.git(&["add", JANSEN]);
    let out = commit("tikfout");
    let shown = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "{shown}");
    assert!(shown.contains("de commit is geweigerd"), "{shown}");
    assert!(shown.contains("Onbekend veld `omzett`"), "{shown}");
}

//! Whole-text snapshots of every letter pto makes: each kind and outcome,
//! from the example cases in `case-files/` on the date of `voorbeelden.sh`.
//! A changed sentence shows up in review as a changed line in
//! `tests/cli/snapshots/`; CI fails on a snapshot that differs.
//!
//! The snapshots are the plain text of the composed letter
//! (`letter::text`); a second test checks that the real PDF, issued by the
//! binary, prints every line of that text, so that the snapshot cannot
//! drift from what the citizen receives.
//!
//! After a deliberate change of wording: `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test --test cli letters::`) and review the
//! diff of the `.snap` files like any other change.

use std::path::Path;

use pto::decide::Proceeding;

use crate::common::{DATE, Repo, project_file};

/// One letter of the examples: the proceeding, the case and the year of a
/// settlement.
struct Example {
    snapshot: &'static str,
    proceeding: Proceeding,
    case: &'static str,
    year: Option<i32>,
}

const fn example(
    snapshot: &'static str,
    proceeding: Proceeding,
    case: &'static str,
    year: Option<i32>,
) -> Example {
    Example {
        snapshot,
        proceeding,
        case,
        year,
    }
}

const VISSER: &str = "case-files/2025/PTO-2025-0009-visser.yaml";
const YILMAZ: &str = "case-files/2025/PTO-2025-0003-yilmaz.yaml";
const BAKKER: &str = "case-files/2023/PTO-2023-0104-bakker.yaml";
const JANSEN: &str = "case-files/2024/PTO-2024-0012-jansen.yaml";
const EL_AMRANI: &str = "case-files/2024/PTO-2024-0031-el-amrani.yaml";
const DE_BOER: &str = "case-files/2024/PTO-2024-0047-de-boer.yaml";

/// Variants of the examples, for the branches of the wording they do not
/// reach.
const WAIVED_APPLICATION: &str = "tests/cases/brieven/toekenning-met-afwijking.yaml";
const CAPPED_RECOVERY: &str = "tests/cases/brieven/terugvordering-begrensd.yaml";

/// Every letter `voorbeelden.sh` issues, and the variants.
const EXAMPLES: [Example; 11] = [
    example("aanvraag-toekenning", Proceeding::Aanvraag, VISSER, None),
    example("aanvraag-afwijzing", Proceeding::Aanvraag, YILMAZ, None),
    example(
        "evaluatie-verlenging-bakker",
        Proceeding::Evaluatie,
        BAKKER,
        None,
    ),
    example(
        "evaluatie-verlenging-jansen",
        Proceeding::Evaluatie,
        JANSEN,
        None,
    ),
    example(
        "evaluatie-verlenging-el-amrani",
        Proceeding::Evaluatie,
        EL_AMRANI,
        None,
    ),
    example("evaluatie-intrekking", Proceeding::Evaluatie, DE_BOER, None),
    example(
        "afrekening-geen-verschil",
        Proceeding::Afrekening,
        BAKKER,
        Some(2024),
    ),
    example(
        "afrekening-nabetaling",
        Proceeding::Afrekening,
        JANSEN,
        Some(2024),
    ),
    example(
        "afrekening-terugvordering",
        Proceeding::Afrekening,
        EL_AMRANI,
        Some(2024),
    ),
    example(
        "aanvraag-toekenning-met-afwijking",
        Proceeding::Aanvraag,
        WAIVED_APPLICATION,
        None,
    ),
    example(
        "afrekening-terugvordering-begrensd",
        Proceeding::Afrekening,
        CAPPED_RECOVERY,
        Some(2024),
    ),
];

/// Where the binary finds the case in a repository made by
/// [`repository`].
fn in_repository(example: &Example) -> String {
    match example.case.strip_prefix("tests/cases/") {
        Some(fixture) => format!("case-files/{fixture}"),
        None => example.case.to_string(),
    }
}

/// The examples' repository with the variants added, committed.
fn repository() -> Repo {
    let repo = Repo::with_examples();
    for example in &EXAMPLES {
        if example.case.starts_with("tests/") {
            repo.write(
                &in_repository(example),
                std::fs::read(project_file(example.case)).expect("fixture"),
            );
        }
    }
    repo.commit_all("varianten");
    repo
}

/// The letter of `example` as the binary composes it in a repository with
/// the project's `pto.yaml` and the built-in templates.
fn composed(example: &Example) -> (pto::decide::Decision, pto::letter::LetterData) {
    let settings = pto::settings::load_settings(&project_file("")).expect("pto.yaml loads");
    let wording = pto::letter::Wording::built_in().expect("built-in templates");
    let loaded = pto::case::load_file(&project_file(example.case)).expect("case loads");
    let date = pto::calendar::parse_date(DATE).expect("date");
    let decision = pto::decide::decide(
        &loaded.case,
        &settings.policy,
        example.proceeding,
        date,
        example.year,
    )
    .expect("decides");
    let data =
        pto::letter::compose(&decision, &loaded.case, &settings, &wording).expect("composes");
    (decision, data)
}

fn snapshot(name: &str) {
    let example = EXAMPLES
        .iter()
        .find(|e| e.snapshot == name)
        .expect("an example");
    let (decision, data) = composed(example);
    let text = pto::letter::text::plain_text(&data);
    insta::with_settings!({
        description => format!(
            "{} {} ({}), {DATE}",
            example.proceeding.key(),
            example.case,
            decision.outcome.key()
        ),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn aanvraag_toekenning() {
    snapshot("aanvraag-toekenning");
}

#[test]
fn aanvraag_afwijzing() {
    snapshot("aanvraag-afwijzing");
}

#[test]
fn evaluatie_verlenging_bakker() {
    snapshot("evaluatie-verlenging-bakker");
}

#[test]
fn evaluatie_verlenging_jansen() {
    snapshot("evaluatie-verlenging-jansen");
}

#[test]
fn evaluatie_verlenging_with_a_waiver_and_warnings() {
    snapshot("evaluatie-verlenging-el-amrani");
}

#[test]
fn evaluatie_intrekking() {
    snapshot("evaluatie-intrekking");
}

#[test]
fn afrekening_geen_verschil() {
    snapshot("afrekening-geen-verschil");
}

#[test]
fn afrekening_nabetaling() {
    snapshot("afrekening-nabetaling");
}

#[test]
fn afrekening_terugvordering_with_a_waiver() {
    snapshot("afrekening-terugvordering");
}

#[test]
fn aanvraag_toekenning_with_a_waiver() {
    snapshot("aanvraag-toekenning-met-afwijking");
}

#[test]
fn afrekening_terugvordering_capped_at_the_benefit_paid() {
    snapshot("afrekening-terugvordering-begrensd");
}

/// The text of a PDF as poppler's `pdftotext` reads it, without the page
/// headers and footers (which may fall inside a paragraph that runs over a
/// page), every run of white space made one space.
fn printed_text(pdf: &Path, reference: &str, letterhead: &str) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let header = format!("{letterhead} Kenmerk {reference}");
    let footer = format!("Kenmerk {reference} Pagina ");
    let mut words = Vec::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line == header || line.starts_with(&footer) {
            continue;
        }
        words.push(line);
    }
    words
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_line_of_each_snapshot_is_printed_in_the_issued_pdf() {
    let repo = repository();
    for proceeding in [
        Proceeding::Aanvraag,
        Proceeding::Evaluatie,
        Proceeding::Afrekening,
    ] {
        let examples: Vec<&Example> = EXAMPLES
            .iter()
            .filter(|e| e.proceeding == proceeding)
            .collect();
        let mut args = vec!["decide", proceeding.key()];
        let cases: Vec<String> = examples.iter().map(|e| in_repository(e)).collect();
        args.extend(cases.iter().map(String::as_str));
        if proceeding == Proceeding::Afrekening {
            args.extend(["--year", "2024"]);
        }
        args.extend(["--date", DATE, "--format", "json"]);
        let run = repo.pto(&args);
        run.assert_status(0);
        let issued = run.json_lines();
        assert_eq!(issued.len(), examples.len(), "{}", run.stdout);
        for example in examples {
            let (decision, data) = composed(example);
            let line = issued
                .iter()
                .find(|l| l["reference"] == decision.reference.as_str())
                .unwrap_or_else(|| panic!("{} issued: {}", decision.reference, run.stdout));
            let pdf = repo.path().join(line["pdf"].as_str().expect("pdf path"));
            let printed = printed_text(&pdf, &decision.reference, &data.gemeente.naam_kort);
            let lines = pto::letter::text::lines(&data);
            assert!(lines.len() > 40, "{}: a whole letter", example.snapshot);
            for text in lines.iter().filter_map(|l| l.printed.as_deref()) {
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    printed.contains(&text),
                    "{}: the PDF does not print\n  {text}\nIt prints:\n{printed}",
                    example.snapshot
                );
            }
        }
    }
}

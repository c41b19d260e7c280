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

/// One letter of the examples: the proceeding, the case, the year of a
/// settlement, the date, and the letters issued before it in the case (a
/// voornemen before its decision, a request to complete an application).
struct Example {
    snapshot: &'static str,
    proceeding: Proceeding,
    case: &'static str,
    year: Option<i32>,
    date: &'static str,
    /// Earlier steps of the same proceeding, by date.
    before: &'static [&'static str],
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
        date: DATE,
        before: &[],
    }
}

/// A letter after an earlier one of its proceeding on `DATE`.
const fn after(
    snapshot: &'static str,
    proceeding: Proceeding,
    case: &'static str,
    year: Option<i32>,
    date: &'static str,
) -> Example {
    Example {
        snapshot,
        proceeding,
        case,
        year,
        date,
        before: &[DATE],
    }
}

const VISSER: &str = "case-files/2025/PTO-2025-0009-visser.yaml";
const YILMAZ: &str = "case-files/2025/PTO-2025-0003-yilmaz.yaml";
const OKAFOR: &str = "case-files/2025/PTO-2025-0014-okafor.yaml";
const DE_WIT: &str = "case-files/2025/PTO-2025-0015-de-wit.yaml";
const BAKKER: &str = "case-files/2023/PTO-2023-0104-bakker.yaml";
const JANSEN: &str = "case-files/2024/PTO-2024-0012-jansen.yaml";
const EL_AMRANI: &str = "case-files/2024/PTO-2024-0031-el-amrani.yaml";
const DE_BOER: &str = "case-files/2024/PTO-2024-0047-de-boer.yaml";

/// Variants of the examples, for the branches of the wording they do not
/// reach.
const WAIVED_APPLICATION: &str = "tests/cases/brieven/toekenning-met-afwijking.yaml";
const CAPPED_RECOVERY: &str = "tests/cases/brieven/terugvordering-begrensd.yaml";
const BREACH: &str = "tests/cases/brieven/terugvordering-schending.yaml";
const TWO_YEARS: &str = "tests/cases/brieven/terugvordering-twee-jaar.yaml";
const WAIVED_AFTER_VOORNEMEN: &str = "tests/cases/brieven/verlenging-na-voornemen.yaml";

/// The day the examples' decisions after a voornemen or a request are taken.
const JULY: &str = "2025-07-01";
const MID_JULY: &str = "2025-07-14";

/// Every letter `voorbeelden.sh` issues, and the variants: every kind of
/// letter and every outcome.
const EXAMPLES: [Example; 21] = [
    example("aanvraag-toekenning", Proceeding::Aanvraag, VISSER, None),
    example("aanvraag-afwijzing", Proceeding::Aanvraag, YILMAZ, None),
    example(
        "aanvraag-verzoek-aanvulling",
        Proceeding::Aanvraag,
        OKAFOR,
        None,
    ),
    after(
        "aanvraag-toekenning-na-aanvulling",
        Proceeding::Aanvraag,
        OKAFOR,
        None,
        MID_JULY,
    ),
    after(
        "aanvraag-buiten-behandeling",
        Proceeding::Aanvraag,
        DE_WIT,
        None,
        MID_JULY,
    ),
    example(
        "aanvraag-toekenning-met-afwijking",
        Proceeding::Aanvraag,
        WAIVED_APPLICATION,
        None,
    ),
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
    example(
        "evaluatie-voornemen-intrekking",
        Proceeding::Evaluatie,
        DE_BOER,
        None,
    ),
    after(
        "evaluatie-intrekking",
        Proceeding::Evaluatie,
        DE_BOER,
        None,
        JULY,
    ),
    example(
        "evaluatie-voornemen-intrekking-jansen",
        Proceeding::Evaluatie,
        WAIVED_AFTER_VOORNEMEN,
        None,
    ),
    after(
        "evaluatie-verlenging-na-voornemen",
        Proceeding::Evaluatie,
        WAIVED_AFTER_VOORNEMEN,
        None,
        JULY,
    ),
    example(
        "afrekening-geen-verschil",
        Proceeding::Afrekening,
        BAKKER,
        Some(2023),
    ),
    example(
        "afrekening-nabetaling",
        Proceeding::Afrekening,
        JANSEN,
        Some(2024),
    ),
    example(
        "afrekening-nabetaling-vrijlating",
        Proceeding::Afrekening,
        BAKKER,
        Some(2024),
    ),
    example(
        "afrekening-voornemen-terugvordering",
        Proceeding::Afrekening,
        EL_AMRANI,
        Some(2024),
    ),
    after(
        "afrekening-terugvordering",
        Proceeding::Afrekening,
        EL_AMRANI,
        Some(2024),
        JULY,
    ),
    after(
        "afrekening-terugvordering-begrensd",
        Proceeding::Afrekening,
        CAPPED_RECOVERY,
        Some(2024),
        JULY,
    ),
    after(
        "afrekening-terugvordering-schending",
        Proceeding::Afrekening,
        BREACH,
        Some(2024),
        JULY,
    ),
    after(
        "afrekening-terugvordering-twee-jaar",
        Proceeding::Afrekening,
        TWO_YEARS,
        Some(2023),
        JULY,
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

/// What the register would hold after `decision`: enough for the next
/// decision of the case to follow it.
fn registered(case: &str, decision: &pto::decide::Decision) -> pto::archive::Entry {
    pto::archive::Entry {
        reference: decision.reference.clone(),
        case: case.to_string(),
        proceeding: decision.proceeding,
        outcome: decision.outcome,
        amount: decision.settlement.as_ref().map(|s| s.amount),
        date: decision.date,
        pdf: format!("{case}/{}.pdf", decision.reference),
        sha256: String::new(),
        case_file: String::new(),
        git_commit: None,
        case_blob: None,
        uncommitted: false,
        pto_version: String::new(),
        issued_at: String::new(),
        period: decision.registered_period(),
        respond_by: decision.respond_by,
        sent: None,
        replaces: None,
        signature: None,
    }
}

/// The letter of `example` as the binary composes it in a repository with
/// the project's `pto.yaml` and the built-in templates, after the letters
/// issued before it.
fn composed(example: &Example) -> (pto::decide::Decision, pto::letter::LetterData) {
    let settings = pto::settings::load_settings(&project_file("")).expect("pto.yaml loads");
    let wording = pto::letter::Wording::built_in().expect("built-in templates");
    let loaded = pto::case::load_file(&project_file(example.case)).expect("case loads");
    let zaak = loaded.case.zaaknummer.value.clone();
    let mut history = pto::decide::History::default();
    let decide = |date: &str, history: &pto::decide::History| {
        let date = pto::calendar::parse_date(date).expect("date");
        pto::decide::decide_with(
            &loaded.case,
            &settings.policy,
            example.proceeding,
            date,
            example.year,
            history,
        )
        .unwrap_or_else(|r| panic!("{}: {r}", example.snapshot))
    };
    for date in example.before {
        let earlier = decide(date, &history);
        history.entries.push(registered(&zaak, &earlier));
    }
    let decision = decide(example.date, &history);
    pto::letter::statute_check(&decision, &loaded.case, &settings.policy)
        .unwrap_or_else(|r| panic!("{}: {r}", example.snapshot));
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
            "{} {} ({}), {}",
            example.proceeding.key(),
            example.case,
            decision.outcome.key(),
            example.date
        ),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

macro_rules! snapshots {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                snapshot($name);
            }
        )*

        /// Every example has its snapshot test above.
        #[test]
        fn every_example_has_a_snapshot_test() {
            let tested = [$($name),*];
            for example in &EXAMPLES {
                assert!(tested.contains(&example.snapshot), "{}", example.snapshot);
            }
        }
    };
}

snapshots! {
    aanvraag_toekenning => "aanvraag-toekenning",
    aanvraag_afwijzing => "aanvraag-afwijzing",
    aanvraag_verzoek_om_aanvulling => "aanvraag-verzoek-aanvulling",
    aanvraag_toekenning_after_the_documents_arrived => "aanvraag-toekenning-na-aanvulling",
    aanvraag_buiten_behandeling => "aanvraag-buiten-behandeling",
    aanvraag_toekenning_with_a_waiver => "aanvraag-toekenning-met-afwijking",
    evaluatie_verlenging_bakker => "evaluatie-verlenging-bakker",
    evaluatie_verlenging_jansen => "evaluatie-verlenging-jansen",
    evaluatie_verlenging_with_a_waiver_and_warnings => "evaluatie-verlenging-el-amrani",
    evaluatie_voornemen_intrekking_ioaw => "evaluatie-voornemen-intrekking",
    evaluatie_intrekking_answering_an_oral_zienswijze => "evaluatie-intrekking",
    evaluatie_voornemen_intrekking_for_one_missing_statement => "evaluatie-voornemen-intrekking-jansen",
    evaluatie_verlenging_after_a_zienswijze_and_a_waiver => "evaluatie-verlenging-na-voornemen",
    afrekening_geen_verschil => "afrekening-geen-verschil",
    afrekening_nabetaling_with_taxes => "afrekening-nabetaling",
    afrekening_nabetaling_with_a_vrijlating => "afrekening-nabetaling-vrijlating",
    afrekening_voornemen_terugvordering => "afrekening-voornemen-terugvordering",
    afrekening_terugvordering_partial_year_without_response => "afrekening-terugvordering",
    afrekening_terugvordering_capped_at_the_benefit_paid => "afrekening-terugvordering-begrensd",
    afrekening_terugvordering_with_a_recorded_breach => "afrekening-terugvordering-schending",
    afrekening_terugvordering_with_the_two_year_limit => "afrekening-terugvordering-twee-jaar",
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
    let mut joined = String::new();
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line == header || line.starts_with(&footer) {
            continue;
        }
        // A kenmerk broken after one of its hyphens ("PTO-2025-0014-" at
        // the end of a line) is one word again.
        let broken_kenmerk = joined.ends_with('-')
            && joined
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
        if !joined.is_empty() && !broken_kenmerk {
            joined.push(' ');
        }
        joined.push_str(&line);
    }
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_line_of_each_snapshot_is_printed_in_the_issued_pdf() {
    let repo = repository();
    // Issue every example in the order of the dates: a letter after a
    // voornemen or a request finds it in the register.
    let mut dates: Vec<&str> = EXAMPLES
        .iter()
        .flat_map(|e| e.before.iter().copied().chain([e.date]))
        .collect();
    dates.sort();
    dates.dedup();
    for date in dates {
        for proceeding in [
            Proceeding::Aanvraag,
            Proceeding::Evaluatie,
            Proceeding::Afrekening,
        ] {
            for year in [None, Some(2023), Some(2024)] {
                let mut cases: Vec<String> = EXAMPLES
                    .iter()
                    .filter(|e| e.proceeding == proceeding && e.year == year)
                    .filter(|e| e.date == date || e.before.contains(&date))
                    .map(in_repository)
                    .collect();
                cases.sort();
                cases.dedup();
                if cases.is_empty() {
                    continue;
                }
                let mut args = vec!["decide", proceeding.key()];
                args.extend(cases.iter().map(String::as_str));
                let year_text = year.map(|y| y.to_string());
                if let Some(y) = &year_text {
                    args.extend(["--year", y.as_str()]);
                }
                args.extend(["--date", date, "--format", "json"]);
                let run = repo.pto(&args);
                run.assert_status(0);
            }
        }
    }
    for example in &EXAMPLES {
        let (decision, data) = composed(example);
        let case = pto::case::load_file(&project_file(example.case))
            .expect("case loads")
            .case
            .zaaknummer
            .value;
        let pdf = repo
            .path()
            .join("output")
            .join(&case)
            .join(format!("{}.pdf", decision.reference));
        assert!(
            pdf.exists(),
            "{}: {} issued",
            example.snapshot,
            pdf.display()
        );
        let printed = printed_text(&pdf, &decision.reference, &data.gemeente.naam_kort);
        let lines = pto::letter::text::lines(&data);
        assert!(lines.len() > 30, "{}: a whole letter", example.snapshot);
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

/// What no letter may say, over every example letter (docs/architecture.md,
/// "Letter"): no guessed aanhef, no waiver's internal motivation, no Participatiewet in an
/// IOAW case, no Pw 54 lid 3 in an intrekking, no art. 58 where nothing is
/// recovered.
#[test]
fn no_letter_says_what_no_letter_may_say() {
    use pto::decide::Outcome;
    for example in &EXAMPLES {
        let (decision, data) = composed(example);
        let text: String = pto::letter::text::lines(&data)
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = example.snapshot;
        let case = pto::case::load_file(&project_file(example.case))
            .expect("case loads")
            .case;
        assert!(!text.contains("heer/mevrouw"), "{name}: a guessed aanhef");
        for waiver in &case.afwijkingen {
            if let Some(m) = &waiver.motivering {
                let m = m.value.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(!text.contains(&m), "{name}: prints the motivation {m:?}");
            }
        }
        if *case.uitkering.wet == pto::case::Wet::Ioaw {
            assert!(!text.contains("Participatiewet"), "{name}: IOAW case");
            assert!(text.contains("IOAW"), "{name}: IOAW case");
        }
        if matches!(
            decision.outcome,
            Outcome::Intrekking | Outcome::VoornemenIntrekking
        ) {
            for cited in ["54, derde lid", "54 lid 3"] {
                assert!(!text.contains(cited), "{name}: cites {cited}");
            }
        }
        if matches!(
            decision.outcome,
            Outcome::Nabetaling | Outcome::GeenVerschil
        ) {
            assert!(!text.contains("artikel 58"), "{name}: cites art. 58");
        }
    }
}

//! Bad input, end to end: every kind of broken case file gives exit status 2
//! and an input error with its file, line, column and a Dutch message, in
//! human output (with the source line and a marker) and in `--format json`;
//! and no input ever makes `pto` panic (docs/architecture.md, "Invariants").

use std::time::Duration;

use crate::common::{Repo, Run, fixture, project_file};

/// One expected input error: file, place (none for a whole-file error) and a
/// distinctive part of the message.
struct Expected<'a> {
    file: &'a str,
    at: Option<(u32, u32)>,
    message: &'a str,
}

fn at<'a>(file: &'a str, line: u32, column: u32, message: &'a str) -> Expected<'a> {
    Expected {
        file,
        at: Some((line, column)),
        message,
    }
}

fn whole<'a>(file: &'a str, message: &'a str) -> Expected<'a> {
    Expected {
        file,
        at: None,
        message,
    }
}

/// Checks the repository in both formats and asserts exit status 2 and
/// exactly the `expected` input errors, in this order. Returns the human
/// reports of the input errors, for asserting the snippet and marker.
#[track_caller]
fn assert_refused(repo: &Repo, expected: &[Expected]) -> Vec<String> {
    let human = repo.check();
    human.assert_status(2);
    let reports: Vec<&str> = human
        .reports()
        .into_iter()
        .filter(|r| r.starts_with("invoerfout: "))
        .collect();
    assert_eq!(
        reports.len(),
        expected.len(),
        "input errors in human output:\n{}",
        human.stdout
    );
    for (report, want) in reports.iter().zip(expected) {
        let mut lines = report.lines();
        let first = lines.next().unwrap_or_default();
        assert!(
            first.contains(want.message),
            "expected {:?} in:\n{report}",
            want.message
        );
        let location = match want.at {
            Some((line, column)) => format!("  --> {}:{line}:{column}", want.file),
            None => format!("  --> {}", want.file),
        };
        assert_eq!(
            lines.next(),
            Some(location.as_str()),
            "location of:\n{report}"
        );
    }

    let (run, doc) = repo.check_json();
    run.assert_status(2);
    let errors = doc["errors"].as_array().expect("an `errors` array");
    assert_eq!(
        errors.len(),
        expected.len(),
        "errors in JSON output:\n{}",
        run.stdout
    );
    for (error, want) in errors.iter().zip(expected) {
        assert_eq!(error["file"], want.file, "{error}");
        let message = error["message"].as_str().expect("a message");
        assert!(
            message.contains(want.message),
            "expected {:?} in {error}",
            want.message
        );
        match want.at {
            Some((line, column)) => {
                assert_eq!(
                    (error["line"].as_u64(), error["column"].as_u64()),
                    (Some(line.into()), Some(column.into())),
                    "{error}"
                );
            }
            None => assert!(
                error["line"].is_null() && error["column"].is_null(),
                "{error}"
            ),
        }
    }
    reports.into_iter().map(str::to_string).collect()
}

/// A fixture from `tests/cases/invoer/`, alone in `case-files/`, gives exactly
/// one input error at `line`:`column`; returns its human report.
#[track_caller]
fn refused(name: &str, line: u32, column: u32, message: &str) -> String {
    let repo = Repo::with_fixtures(&[&format!("invoer/{name}")]);
    let file = format!("case-files/{name}");
    assert_refused(&repo, &[at(&file, line, column, message)]).remove(0)
}

/// The source line and the marker of a human report (its last two lines).
fn snippet(report: &str) -> Vec<&str> {
    let lines: Vec<&str> = report.lines().collect();
    lines[lines.len().saturating_sub(2)..].to_vec()
}

#[test]
fn a_valid_case_file_gives_exit_0_and_no_errors() {
    let repo = Repo::new();
    let example = std::fs::read(project_file("case-files/2024/PTO-2024-0012-jansen.yaml")).unwrap();
    repo.write("case-files/2024/PTO-2024-0012-jansen.yaml", example);
    repo.write(
        "case-files/geldig.yaml",
        std::fs::read(fixture("invoer/geldig.yaml")).unwrap(),
    );

    let human = repo.check();
    human.assert_status(0);
    assert!(!human.stdout.contains("invoerfout"), "{}", human.stdout);
    assert!(
        human
            .stdout
            .contains("2 dossiers gecontroleerd op 16 juni 2025: 0 fouten"),
        "{}",
        human.stdout
    );

    let (run, doc) = repo.check_json();
    run.assert_status(0);
    assert_eq!(doc["errors"], serde_json::json!([]));
    let cases: Vec<&str> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case"].as_str().unwrap())
        .collect();
    assert_eq!(cases, ["PTO-2024-0012", "PTO-2024-0101"]);
}

// Malformed YAML.

#[test]
fn an_unclosed_brace_is_reported_where_the_parser_noticed_it() {
    // The `{` of the address on line 6 is never closed; the parser notices at
    // the `:` after `uitkering` on the next line.
    let report = refused(
        "yaml-haakje-niet-gesloten.yaml",
        7,
        10,
        "Het haakje { op regel 6 wordt niet gesloten: mist er een komma of een }?",
    );
    assert_eq!(snippet(&report), ["7 | uitkering:", "  |          ^"]);
}

#[test]
fn an_unclosed_bracket_at_the_end_points_at_the_bracket() {
    let repo = Repo::new();
    repo.write("case-files/open.yaml", "zaaknummer: PTO-1\naanvrager: [\n");
    let reports = assert_refused(
        &repo,
        &[at(
            "case-files/open.yaml",
            2,
            12,
            "Het haakje [ op deze regel wordt niet gesloten",
        )],
    );
    assert_eq!(
        snippet(&reports[0]),
        ["2 | aanvrager: [", "  |            ^"]
    );
}

#[test]
fn an_unclosed_list_bracket_is_not_called_a_brace() {
    let repo = Repo::new();
    let text = std::fs::read_to_string(fixture("invoer/geldig.yaml")).unwrap();
    repo.write(
        "case-files/lijst.yaml",
        text.replace(
            "langlopende_verplichtingen: []",
            "langlopende_verplichtingen: [",
        ),
    );
    let reports = assert_refused(
        &repo,
        &[at(
            "case-files/lijst.yaml",
            21,
            3,
            "Het haakje [ op regel 19 wordt niet gesloten: mist er een komma of een ]?",
        )],
    );
    assert!(!reports[0].contains("{ en }"), "{}", reports[0]);
}

#[test]
fn an_unclosed_quote_is_explained() {
    let repo = Repo::new();
    let text = std::fs::read_to_string(fixture("invoer/geldig.yaml")).unwrap();
    repo.write(
        "case-files/quote.yaml",
        text.replace("naam: Jan Jansen", "naam: \"Jan Jansen"),
    );
    let reports = assert_refused(
        &repo,
        &[at("case-files/quote.yaml", 5, 9, "aanhalingsteken")],
    );
    assert!(!reports[0].contains("technische melding"), "{}", reports[0]);
}

#[test]
fn tab_indentation_is_explained() {
    let report = refused(
        "yaml-tab-inspringing.yaml",
        4,
        1,
        "tab-teken om in te springen",
    );
    // The tab is shown as a space, so that the marker stands under it.
    assert_eq!(snippet(&report), ["4 |  naam: Jan Jansen", "  | ^"]);
}

#[test]
fn a_tab_after_an_indented_line_is_explained_in_dutch() {
    let repo = Repo::new();
    repo.write(
        "case-files/tab.yaml",
        "zaaknummer: PTO-1\naanvrager:\n  naam: x\n\tbsn: 1\n",
    );
    let reports = assert_refused(&repo, &[at("case-files/tab.yaml", 4, 1, "tab-teken")]);
    assert!(!reports[0].contains("technische melding"), "{}", reports[0]);
}

// Wrong types.

#[test]
fn a_list_where_a_text_belongs() {
    let report = refused(
        "lijst-waar-tekst-hoort.yaml",
        4,
        9,
        "`naam` moet een enkele waarde (tekst) zijn, maar hier staat een lijst",
    );
    assert_eq!(
        snippet(&report),
        ["4 |   naam: [Jan, Jansen]", "  |         ^"]
    );
}

#[test]
fn a_text_where_a_group_belongs() {
    let report = refused(
        "tekst-waar-groep-hoort.yaml",
        6,
        10,
        "Bij `adres` horen velden op ingesprongen regels",
    );
    assert_eq!(
        snippet(&report),
        [
            "6 |   adres: Kerkweg 12, 2983 AB Ridderkerk",
            "  |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"
        ]
    );
}

// Keys.

#[test]
fn a_missing_required_key_points_at_its_group() {
    let report = refused(
        "verplicht-veld-ontbreekt.yaml",
        11,
        1,
        "Het verplichte veld `passend` ontbreekt in de aanvraag",
    );
    assert_eq!(snippet(&report), ["11 | aanvraag:", "   | ^^^^^^^^"]);
}

#[test]
fn an_unknown_key_is_an_error_with_a_suggestion() {
    let repo = Repo::with_fixtures(&["invoer/onbekend-veld.yaml"]);
    let file = "case-files/onbekend-veld.yaml";
    let reports = assert_refused(
        &repo,
        // Not also "the required field `omzet` is missing": the typo's
        // message already says what is meant.
        &[at(
            file,
            29,
            5,
            "Onbekend veld `omzett` in een maandopgave. Bedoelde u `omzet`?",
        )],
    );
    assert_eq!(
        snippet(&reports[0]),
        ["29 |     omzett: 850.00", "   |     ^^^^^^"]
    );
}

// Amounts.

#[test]
fn an_amount_with_three_decimals() {
    let report = refused("bedrag-drie-decimalen.yaml", 29, 12, "");
    assert_eq!(
        report,
        "invoerfout: `omzet` heeft meer dan twee decimalen (`850.505`); een bedrag heeft er hooguit twee.\n  \
         --> case-files/bedrag-drie-decimalen.yaml:29:12\n   \
         |\n\
         29 |     omzet: 850.505\n   \
         |            ^^^^^^^"
    );
}

#[test]
fn an_amount_below_zero() {
    let report = refused(
        "bedrag-negatief.yaml",
        33,
        67,
        "`bedrag` mag niet negatief zijn (`-210.00`)",
    );
    assert_eq!(
        snippet(&report)[1],
        format!("   | {}^^^^^^^", " ".repeat(66))
    );
}

#[test]
fn an_amount_with_a_decimal_comma() {
    let report = refused(
        "bedrag-met-komma.yaml",
        29,
        12,
        "Gebruik een punt voor de decimalen",
    );
    assert!(report.contains("niet `850,50`"), "{report}");
    assert_eq!(
        snippet(&report),
        ["29 |     omzet: 850,50", "   |            ^^^^^^"]
    );
}

// Dates and numbers.

#[test]
fn a_date_that_does_not_exist() {
    refused(
        "datum-bestaat-niet.yaml",
        12,
        10,
        "De datum 2023-02-29 bestaat niet: februari 2023 heeft 28 dagen",
    );
}

#[test]
fn a_bsn_that_fails_the_elfproef() {
    let report = refused(
        "bsn-elfproef.yaml",
        5,
        8,
        "Het BSN 123456789 is ongeldig: het voldoet niet aan de elfproef",
    );
    assert_eq!(
        snippet(&report),
        ["5 |   bsn: \"123456789\"", "  |        ^^^^^^^^^^^"]
    );
}

#[test]
fn a_bsn_of_eight_digits() {
    refused(
        "bsn-acht-cijfers.yaml",
        5,
        8,
        "Een BSN bestaat uit precies 9 cijfers; `11122233` is dat niet",
    );
}

#[test]
fn an_unknown_cost_category_with_a_suggestion() {
    let report = refused(
        "kostencategorie-onbekend.yaml",
        33,
        48,
        "Onbekende kostencategorie `matriaal`. Bedoelde u `materiaal`?",
    );
    assert!(
        report.contains("nooit aftrekbaar (art. 10 lid 3): huur"),
        "{report}"
    );
}

// Duplicates.

#[test]
fn a_month_listed_twice_points_at_the_second() {
    refused(
        "maand-dubbel.yaml",
        34,
        12,
        "Maand 2024-02 staat twee keer in `maanden` (ook op regel 27)",
    );
}

#[test]
fn a_bookkeeping_year_listed_twice_points_at_the_second() {
    refused(
        "boekjaar-dubbel.yaml",
        34,
        15,
        "Boekjaar 2024 staat twee keer in `jaarstukken` (ook op regel 27)",
    );
}

#[test]
fn a_duplicate_key_in_one_group() {
    let repo = Repo::new();
    let text = std::fs::read_to_string(fixture("invoer/geldig.yaml")).unwrap();
    repo.write(
        "case-files/dubbel.yaml",
        text.replace("  passend: true\n", "  passend: true\n  passend: false\n"),
    );
    assert_refused(
        &repo,
        &[at(
            "case-files/dubbel.yaml",
            15,
            3,
            "Het veld `passend` staat twee keer in dezelfde groep (ook op regel 14)",
        )],
    );
}

// The zaaknummer.

#[test]
fn a_zaaknummer_with_spaces() {
    refused(
        "zaaknummer-met-spatie.yaml",
        2,
        13,
        "Het zaaknummer `PTO 2024 0101` mag alleen letters, cijfers, - en _ bevatten",
    );
}

#[test]
fn a_zaaknummer_with_slashes() {
    refused(
        "zaaknummer-met-schuine-streep.yaml",
        2,
        13,
        "Het zaaknummer `PTO/2024/0101` mag alleen letters",
    );
}

#[test]
fn the_same_zaaknummer_in_two_files_names_the_other_file() {
    let repo = Repo::with_fixtures(&["invoer/geldig.yaml", "invoer/zaaknummer-ook-in-geldig.yaml"]);
    assert_refused(
        &repo,
        &[at(
            "case-files/zaaknummer-ook-in-geldig.yaml",
            2,
            13,
            "Zaaknummer PTO-2024-0101 komt ook voor in case-files/geldig.yaml (regel 2)",
        )],
    );
}

// Texts: a length limit per kind, and no invisible characters.

#[test]
fn an_escape_sequence_in_a_name_is_refused() {
    // Written as a YAML escape (`\e[2K\r`): valid YAML, and before this
    // check it passed `check` and failed `decide` with an English Typst error.
    refused(
        "naam-met-stuurteken.yaml",
        5,
        9,
        "`naam` bevat het teken U+001B (escape-teken) (het 11e teken van de waarde). \
         Haal het weg",
    );
}

#[test]
fn a_bidi_override_in_a_cost_description_is_refused_where_it_stands() {
    refused(
        "omschrijving-met-leesrichtingteken.yaml",
        34,
        30,
        "Het bestand bevat het teken U+202E (teken dat de leesrichting omkeert) op kolom 30.",
    );
}

#[test]
fn a_name_of_800_kb_is_refused() {
    let repo = Repo::new();
    let text = std::fs::read_to_string(fixture("invoer/geldig.yaml")).unwrap();
    let name = "Jan Jansen ".repeat(80_000);
    repo.write(
        "case-files/lang.yaml",
        text.replace("naam: Jan Jansen", &format!("naam: {name}")),
    );
    assert_refused(
        &repo,
        &[at(
            "case-files/lang.yaml",
            4,
            9,
            "`naam` is 879.999 tekens lang; een korte tekst zoals een naam, adresregel of \
             nummer heeft er hooguit 200.",
        )],
    );
}

#[test]
fn a_description_over_two_lines_is_refused_a_motivation_is_not() {
    let repo = Repo::new();
    let text = std::fs::read_to_string(fixture("invoer/geldig.yaml")).unwrap();
    repo.write(
        "case-files/regels.yaml",
        text.replace(
            "activiteit: Fietsreparatie aan huis",
            "activiteit: |\n    Fietsreparatie\n    aan huis",
        ),
    );
    assert_refused(
        &repo,
        &[at(
            "case-files/regels.yaml",
            16,
            5,
            "`activiteit` loopt over meer dan één regel, maar is een omschrijving",
        )],
    );
    repo.write(
        "case-files/regels.yaml",
        format!(
            "{text}afwijkingen:\n  - regel: art8.1\n    betreft: 2024-06\n    datum: 2025-01-10\n    \
             motivering: |\n      Ziekenhuisopname in juni.\n\n      Zie het verslag\tvan 3 juli.\n"
        ),
    );
    repo.check().assert_status(0);
}

#[test]
fn an_invisible_character_in_pto_yaml_is_refused() {
    let repo = Repo::with_fixtures(&["invoer/geldig.yaml"]);
    repo.write("pto.yaml", "gemeente:\n  naam: \"Ridder\\u202Ekerk\"\n");
    assert_refused(
        &repo,
        &[at(
            "pto.yaml",
            2,
            9,
            "`naam` bevat het teken U+202E (teken dat de leesrichting omkeert)",
        )],
    );
}

#[test]
fn decide_refuses_such_texts_before_a_letter_is_made() {
    let repo = Repo::with_examples();
    let path = "case-files/2025/PTO-2025-0009-visser.yaml";
    let original = String::from_utf8(repo.read(path)).unwrap();
    for (name, message) in [
        (
            "\"Sanne\\aVisser\\e[2K\"".to_string(),
            "invoerfout: `naam` bevat het teken U+0007 (stuurteken)",
        ),
        (
            "Sanne ".repeat(150_000),
            "invoerfout: `naam` is 899.999 tekens lang",
        ),
    ] {
        repo.write(
            path,
            original.replace("naam: Sanne Visser", &format!("naam: {name}")),
        );
        repo.commit_all("naam");
        let run = repo.pto(&["decide", "aanvraag", path, "--date", "2025-06-16"]);
        run.assert_status(2);
        assert!(run.stdout.contains(message), "{}", run.stdout);
        assert!(!run.stdout.contains("could not"), "{}", run.stdout);
        assert!(
            !repo.path().join("output").exists() || { walk_pdfs(&repo.path().join("output")) == 0 }
        );
    }
}

/// How many PDFs lie under `dir`.
fn walk_pdfs(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() {
                        walk_pdfs(&path)
                    } else {
                        usize::from(path.extension().is_some_and(|x| x == "pdf"))
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

// Files that are no case file at all.

#[test]
fn an_empty_file() {
    let repo = Repo::with_fixtures(&["invoer/leeg.yaml"]);
    assert_refused(
        &repo,
        &[whole("case-files/leeg.yaml", "Het bestand is leeg")],
    );
}

#[test]
fn a_file_with_only_blank_lines_is_empty_too() {
    let repo = Repo::new();
    repo.write("case-files/wit.yaml", "\n   \n\t\n");
    assert_refused(
        &repo,
        &[whole("case-files/wit.yaml", "Het bestand is leeg")],
    );
}

#[test]
fn a_file_with_only_comments() {
    let repo = Repo::new();
    repo.write("case-files/commentaar.yaml", "# nog in te vullen\n");
    assert_refused(
        &repo,
        &[at(
            "case-files/commentaar.yaml",
            1,
            1,
            "Een dossier is een groep velden",
        )],
    );
}

#[test]
fn a_binary_file() {
    let repo = Repo::new();
    // The start of a PNG image: not UTF-8.
    repo.write(
        "case-files/foto.yaml",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe",
    );
    assert_refused(
        &repo,
        &[whole(
            "case-files/foto.yaml",
            "Het bestand is geen tekstbestand",
        )],
    );
}

#[test]
fn a_file_with_nul_bytes() {
    let repo = Repo::new();
    repo.write("case-files/nul.yaml", b"zaaknummer: PTO-1\0\0\0\n");
    assert_refused(
        &repo,
        &[whole(
            "case-files/nul.yaml",
            "binaire gegevens (nul-tekens)",
        )],
    );
}

#[test]
fn a_file_of_50_mb_is_refused_quickly_without_reading_it() {
    let repo = Repo::new();
    // Sparse: 50 MB long, without writing 50 MB.
    let file = std::fs::File::create(repo.path().join("case-files/groot.yaml")).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    drop(file);
    assert_refused(
        &repo,
        &[whole(
            "case-files/groot.yaml",
            "Het bestand is te groot (50.0 MB; de grens is 4 MB)",
        )],
    );
    let run = repo.check();
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?}",
        run.elapsed
    );
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let repo = Repo::with_fixtures(&["invoer/yaml-verwijzingsbom.yaml"]);
    assert_refused(
        &repo,
        &[at(
            "case-files/yaml-verwijzingsbom.yaml",
            7,
            12,
            "YAML-verwijzingen (& en *)",
        )],
    );
    let run = repo.check();
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?}",
        run.elapsed
    );
}

#[test]
fn deep_nesting_is_refused() {
    let repo = Repo::new();
    repo.write("case-files/diep.yaml", "[".repeat(100_000));
    assert_refused(
        &repo,
        &[at("case-files/diep.yaml", 1, 33, "te diep genest")],
    );
    repo.write(
        "case-files/diep.yaml",
        format!(
            "zaaknummer: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    assert_refused(
        &repo,
        &[at("case-files/diep.yaml", 1, 45, "te diep genest")],
    );
}

#[test]
fn a_path_that_does_not_exist() {
    let repo = Repo::new();
    let run = repo.pto(&[
        "check",
        "--date",
        "2025-06-16",
        "case-files/bestaat-niet.yaml",
    ]);
    run.assert_status(2);
    assert_eq!(
        run.reports()[0],
        "invoerfout: Dit bestand of deze map bestaat niet.\n  --> case-files/bestaat-niet.yaml"
    );
    let run = repo.pto(&[
        "check",
        "--date",
        "2025-06-16",
        "--format",
        "json",
        "case-files/bestaat-niet.yaml",
    ]);
    run.assert_status(2);
    let doc = run.json();
    assert_eq!(
        doc["errors"],
        serde_json::json!([{
            "file": "case-files/bestaat-niet.yaml",
            "message": "Dit bestand of deze map bestaat niet.",
            "line": null,
            "column": null,
        }])
    );
}

// Facts before the first policy.

#[test]
fn an_application_before_the_first_policy() {
    let report = refused(
        "aanvraag-voor-eerste-beleid.yaml",
        12,
        10,
        "De aanvraag van 8 november 2022 ligt vóór 1 januari 2023, de ingangsdatum van het eerste beleid",
    );
    assert_eq!(
        snippet(&report),
        ["12 |   datum: 2022-11-08", "   |          ^^^^^^^^^^"]
    );
}

// Many errors, and the rest of the command line.

#[test]
fn all_errors_of_a_file_are_reported_not_only_the_first() {
    let repo = Repo::with_fixtures(&["invoer/meerdere-fouten.yaml"]);
    let file = "case-files/meerdere-fouten.yaml";
    assert_refused(
        &repo,
        &[
            at(file, 5, 8, "elfproef"),
            at(file, 29, 12, "meer dan twee decimalen"),
            at(
                file,
                31,
                5,
                "Onbekend veld `uren_indrect` in een maandopgave. Bedoelde u `uren_indirect`?",
            ),
            at(file, 33, 48, "Onbekende kostencategorie `kantoor`"),
        ],
    );
}

#[test]
fn errors_in_several_files_are_all_reported_and_good_files_still_checked() {
    let repo = Repo::with_fixtures(&[
        "invoer/bsn-elfproef.yaml",
        "invoer/geldig.yaml",
        "invoer/leeg.yaml",
    ]);
    assert_refused(
        &repo,
        &[
            at("case-files/bsn-elfproef.yaml", 5, 8, "elfproef"),
            whole("case-files/leeg.yaml", "leeg"),
        ],
    );
    let (_, doc) = repo.check_json();
    assert_eq!(doc["cases"][0]["case"], "PTO-2024-0101");
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let run = Repo::new().pto(&["check", "--onbekend"]);
    run.assert_status(2);
    assert!(run.stderr.contains("--onbekend"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let run = Repo::new().pto(&["check", "--date", "2023-02-29"]);
    run.assert_status(2);
    assert!(run.stderr.contains("bestaat niet"), "{}", run.stderr);
}

// Never a panic.

/// Inputs that have broken parsers before, or could: each is checked alone.
fn hostile_inputs() -> Vec<(String, Vec<u8>)> {
    let base = std::fs::read_to_string(fixture("invoer/geldig.yaml")).unwrap();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>| inputs.push((name.to_string(), bytes));
    for entry in std::fs::read_dir(fixture("invoer")).unwrap() {
        let path = entry.unwrap().path();
        add(
            &path.file_name().unwrap().to_string_lossy(),
            std::fs::read(&path).unwrap(),
        );
    }
    add(
        "voorbeeld.yaml",
        std::fs::read(project_file("case-files/2024/PTO-2024-0012-jansen.yaml")).unwrap(),
    );
    for (i, text) in [
        "~",
        "[]",
        "{}",
        "- a",
        "---",
        "...",
        "--- |\n  tekst\n",
        "*a",
        "&a",
        "a: &a *a",
        "&a [*a]",
        "!!binary aGVsbG8=",
        "? [a]\n: b\n",
        "? \n",
        ": \n",
        "'",
        "\"",
        "\"\\u",
        "\"\\uD800\"",
        "a: 'b\n",
        "a:\n\t- b\n",
        "\u{feff}",
        "\u{feff}\u{feff}zaaknummer: X\n",
        "zaaknummer: 🦀\n",
        "🦀: 1\n",
        "zaaknummer: X\r\naanvrager: {\r\n",
        "\r",
        "\r\r\r",
        "%YAML 1.2\n---\na: 1\n",
        "%TAG ! tag:x,2000:\n--- !a b\n",
        "a: !!int b\n",
        "a: !!float .nan\n",
        "a: <<\n",
        "<<: *x\n",
        "a: &b\n  <<: *b\n",
    ]
    .iter()
    .enumerate()
    {
        add(&format!("kort-{i}.yaml"), text.as_bytes().to_vec());
    }
    for (i, (from, to)) in [
        ("bedrag: 1401.50", "bedrag: 1e400"),
        (
            "bedrag: 1401.50",
            "bedrag: 79228162514264337593543950336.99",
        ),
        ("bedrag: 1401.50", "bedrag: 999999999.99"),
        ("bedrag: 1401.50", "bedrag: .inf"),
        ("bedrag: 1401.50", "bedrag: -0"),
        ("bedrag: 1401.50", "bedrag: 0x10"),
        ("bedrag: 1401.50", "bedrag: +"),
        ("bedrag: 1401.50", "bedrag: 1_000"),
        ("datum: 2024-01-08", "datum: 2999-12-31"),
        ("datum: 2024-01-08", "datum: 0000-01-01"),
        ("datum: 2024-01-08", "datum: 2024-13-01"),
        ("datum: 2024-01-08", "datum: +2024-01-08"),
        ("datum: 2024-01-08", "datum: 2024-1-8"),
        ("datum: 2024-01-08", "datum: ２０２４-０１-０８"),
        ("uren_per_week: 12", "uren_per_week: 168.01"),
        (
            "uren_per_week: 12",
            "uren_per_week: 99999999999999999999999999999999",
        ),
        (
            "zaaknummer: PTO-2024-0101",
            &format!("zaaknummer: {}", "X".repeat(65)),
        ),
        ("zaaknummer: PTO-2024-0101", "zaaknummer: PTŌ-2024"),
        ("naam: Jan Jansen", "naam: \"\\t\\u0000\""),
        (
            "naam: Jan Jansen",
            &format!("naam: {}", "é".repeat(100_000)),
        ),
        ("bsn: \"111222333\"", "bsn: 111222333"),
        ("bsn: \"111222333\"", "bsn: \"١١١٢٢٢٣٣٣\""),
        (
            "vog: { vereist: false, aanwezig: false }",
            "vog: { vereist: yes, aanwezig: ~ }",
        ),
        ("kvk_nummer: \"12345678\"", "kvk_nummer: [[[[]]]]"),
    ]
    .iter()
    .enumerate()
    {
        add(
            &format!("waarde-{i}.yaml"),
            base.replace(from, to).into_bytes(),
        );
    }
    let toestemming = "toestemming: { ingangsdatum: 2999-12-01, einddatum: 2999-12-31 }\n";
    add("verre-toekomst.yaml", format!("{base}{toestemming}maanden:\n  - {{ maand: 2999-12, omzet: 999999999.99, uren_direct: 744, uren_indirect: 0 }}\n").into_bytes());
    add("crlf.yaml", base.replace('\n', "\r\n").into_bytes());
    add("alleen-cr.yaml", base.replace('\n', "\r").into_bytes());
    add("tabs-overal.yaml", base.replace("  ", "\t").into_bytes());
    add(
        "lange-regel.yaml",
        format!("zaaknummer: {}\n", "a".repeat(1_000_000)).into_bytes(),
    );
    add("veel-waarden.yaml", "- 1\n".repeat(1_000_000).into_bytes());
    add("net-te-groot.yaml", vec![b'#'; 4 * 1024 * 1024 + 1]);
    add(
        "diep-ingesprongen.yaml",
        (0..200)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect::<String>()
            .into_bytes(),
    );
    add(
        "diepe-accolades.yaml",
        format!("a: {}", "{b: ".repeat(50_000)).into_bytes(),
    );
    add(
        "ongeldige-utf8.yaml",
        [base.as_bytes(), b"\xc3\x28 \xed\xa0\x80"].concat(),
    );
    inputs
}

#[test]
fn no_input_makes_pto_panic() {
    for (name, bytes) in hostile_inputs() {
        let repo = Repo::new();
        repo.write(&format!("case-files/{name}"), &bytes);
        for run in [repo.check(), repo.check_json().0] {
            let Run {
                status,
                stdout,
                stderr,
                ..
            } = &run;
            assert!(
                matches!(status, Some(0..=2)),
                "{name}: exit status {status:?}\nstderr:\n{stderr}"
            );
            assert!(!stderr.contains("panicked"), "{name}: panicked:\n{stderr}");
            assert!(!stdout.is_empty(), "{name}: no output");
        }
    }
}

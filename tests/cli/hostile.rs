//! Hostile input that is not a broken case file: input files that are not
//! regular files (a named pipe, a device), and templates that would run
//! forever or without bound. Each must end quickly in a Dutch input error,
//! exit status 2, never a hang or memory growing until the machine gives out.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{DATE, Repo, Run};

/// Runs `pto ARGS` in `repo`, killed after `limit` and with its address
/// space capped (so that a regression reading `/dev/zero` fails the test
/// instead of taking the machine's memory).
fn pto_bounded(repo: &Repo, args: &[&str], limit: Duration) -> Run {
    let started = Instant::now();
    let output = assert_cmd::Command::new("prlimit")
        .current_dir(repo.path())
        // 4 GB of address space: ample for pto, far from the machine's end.
        .arg("--as=4294967296")
        .arg(assert_cmd::cargo::cargo_bin("pto"))
        .args(args)
        .timeout(limit)
        .output()
        .expect("run pto");
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Asserts exit status 2, an input error for `file` whose message contains
/// `message`, and that it came at once (not by the timeout).
#[track_caller]
fn assert_refused_quickly(run: &Run, file: &str, message: &str) {
    run.assert_status(2);
    assert!(
        run.stdout.contains(&format!("invoerfout: {message}"))
            && run.stdout.contains(&format!("  --> {file}\n")),
        "expected `{message}` for {file} in:\n{}",
        run.stdout
    );
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?}",
        run.elapsed
    );
}

const FIFO: &str =
    "Dit is geen gewoon bestand maar een named pipe (FIFO); pto leest alleen gewone bestanden.";

#[test]
fn a_named_pipe_as_a_case_file_is_refused_at_once() {
    let repo = Repo::new();
    mkfifo(&repo.path().join("case-files/pijp.yaml"));
    let named = pto_bounded(
        &repo,
        &["check", "--date", DATE, "case-files/pijp.yaml"],
        Duration::from_secs(20),
    );
    assert_refused_quickly(&named, "case-files/pijp.yaml", FIFO);
    // Found in the folder: reported too, not silently skipped.
    let found = pto_bounded(&repo, &["check", "--date", DATE], Duration::from_secs(20));
    assert_refused_quickly(&found, "case-files/pijp.yaml", FIFO);
}

#[test]
fn a_device_as_a_case_file_is_refused_without_reading_it() {
    let repo = Repo::new();
    let run = pto_bounded(
        &repo,
        &["check", "--date", DATE, "/dev/zero"],
        Duration::from_secs(20),
    );
    assert_refused_quickly(
        &run,
        "/dev/zero",
        "Dit is geen gewoon bestand maar een apparaat (zoals /dev/zero)",
    );
}

#[test]
fn a_named_pipe_as_pto_yaml_is_refused_at_once() {
    let repo = Repo::with_fixtures(&["invoer/geldig.yaml"]);
    mkfifo(&repo.path().join("pto.yaml"));
    let run = pto_bounded(&repo, &["check", "--date", DATE], Duration::from_secs(20));
    assert_refused_quickly(&run, "pto.yaml", FIFO);
}

#[test]
fn a_named_pipe_as_a_template_is_refused_at_once() {
    let repo = Repo::with_examples();
    std::fs::create_dir(repo.path().join("templates")).unwrap();
    mkfifo(&repo.path().join("templates/toekenning.yaml"));
    let run = pto_bounded(
        &repo,
        &["decide", "aanvraag", "PTO-2025-0009", "--date", DATE],
        Duration::from_secs(20),
    );
    assert_refused_quickly(&run, "templates/toekenning.yaml", FIFO);
}

// Human output: control characters of case values and file names are shown,
// never passed to the terminal.

const JANSEN: &str = "case-files/2024/PTO-2024-0012-jansen.yaml";

/// Asserts that `text` holds no character a terminal would act on or hide
/// (line breaks and tabs of the output itself apart).
#[track_caller]
fn assert_no_invisible(text: &str) {
    let found: Vec<String> = text
        .chars()
        .filter(|&c| c != '\n' && c != '\t' && pto::invisible::is_invisible(c))
        .map(pto::invisible::code)
        .collect();
    assert!(found.is_empty(), "{found:?} in:\n{text}");
}

#[test]
fn diff_shows_an_escape_sequence_of_an_old_revision_instead_of_obeying_it() {
    let repo = Repo::with_examples();
    let original = String::from_utf8(repo.read(JANSEN)).unwrap();
    let costs =
        "    kosten:\n      - { omschrijving: Onderdelen, categorie: materiaal, bedrag: 2190.65";
    // An earlier commit (git does not run pto's loader) hides an escape
    // sequence in a cost description, written as a YAML escape: on a
    // terminal it moves up a line, erases it and prints a forged one.
    let forged = r#"      - { omschrijving: "Gereedschap\e[1A\e[2K\r    jaarstukken 2024: omzet (ongewijzigd)", categorie: materiaal, bedrag: 1.00, goedgekeurd: true, bewijs: true }"#;
    assert!(original.contains(costs));
    repo.write(
        JANSEN,
        original.replace(costs, &format!("    kosten:\n{forged}\n{}", &costs[12..])),
    );
    repo.commit_all("kostenpost");
    // The change under review: the turnover goes up, the forged item goes.
    repo.write(
        JANSEN,
        original.replace("    omzet: 9750.00\n", "    omzet: 19750.00\n"),
    );
    let run = repo.pto(&["diff", "--date", DATE]);
    assert_no_invisible(&run.stdout);
    assert!(
        run.stdout
            .contains("    jaarstukken 2024: omzet € 9.750,00 → € 19.750,00\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(r"Gereedschap\u001B[1A\u001B[2K\r    jaarstukken 2024: omzet (ongewijzigd)"),
        "{}",
        run.stdout
    );

    // Written as itself (not as an escape) the old revision does not even
    // parse; its source line, shown under the error, is escaped too.
    repo.write(
        JANSEN,
        original.replace(
            "omschrijving: Onderdelen, categorie: materiaal, bedrag: 2190.65",
            "omschrijving: Onder\u{1b}[2K\u{202e}delen, categorie: materiaal, bedrag: 2190.65",
        ),
    );
    repo.commit_all("rauw");
    repo.write(JANSEN, &original);
    let run = repo.pto(&["diff", "--date", DATE]);
    assert_no_invisible(&run.stdout);
    assert!(
        run.stdout
            .contains(r"omschrijving: Onder\u001B[2K\u202Edelen, categorie"),
        "{}",
        run.stdout
    );
}

#[test]
fn file_names_with_control_characters_are_shown_escaped() {
    let repo = Repo::new();
    // Empty files: each is an input error that names its file.
    repo.write("case-files/a\u{1b}[2Kb.yaml", "");
    repo.write("case-files/c\nfout: vervalst.yaml", "");
    repo.write("case-files/d\u{202e}lmay.yaml", "");
    for run in [
        repo.check(),
        repo.pto(&["status", "--date", DATE]),
        repo.pto(&["decide", "aanvraag", "case-files", "--date", DATE]),
    ] {
        assert_no_invisible(&run.stdout);
        assert!(!run.stdout.contains("\nfout: vervalst"), "{}", run.stdout);
        for shown in [
            r"case-files/a\u001B[2Kb.yaml",
            r"case-files/c\nfout: vervalst.yaml",
            r"case-files/d\u202Elmay.yaml",
        ] {
            assert!(run.stdout.contains(shown), "{shown} in:\n{}", run.stdout);
        }
    }
}

#[test]
fn verify_shows_the_names_of_files_in_the_archive_escaped() {
    let repo = Repo::new();
    repo.write("output/PTO-1/a\u{1b}[2Kb.pdf", "x");
    repo.write("output/PTO-1/.pto-\u{202e}.tmp", "x");
    let run = repo.pto(&["verify"]);
    assert_no_invisible(&run.stdout);
    for shown in [
        r"output/PTO-1/a\u001B[2Kb.pdf staat niet in het register",
        r"output/PTO-1/.pto-\u202E.tmp is een tijdelijk bestand",
    ] {
        assert!(run.stdout.contains(shown), "{shown} in:\n{}", run.stdout);
    }
}

#[test]
fn a_source_line_with_an_invisible_character_keeps_its_marker_in_place() {
    let repo = Repo::new();
    repo.write(
        "case-files/x.yaml",
        "zaaknummer: PTO-1\naanvrager: { naam: \u{1b}[31mJan }\n",
    );
    let run = repo.check();
    run.assert_status(2);
    assert!(
        run.stdout
            .contains("2 | aanvrager: { naam: \\u001B[31mJan }\n  |                    ^^^^^^\n"),
        "{}",
        run.stdout
    );
}

// Templates: written by the municipality, but one mistake must not take the
// machine down. Each ends in seconds with a Dutch error for that letter only.

/// Decides two applications with `text` as the repository's
/// `templates/toekenning.yaml`: PTO-2025-0009 gets a toekenning (that
/// template), PTO-2025-0003 an afwijzing (the built-in one).
fn decide_with_toekenning(text: &str) -> Run {
    let repo = Repo::with_examples();
    repo.write("templates/toekenning.yaml", text);
    repo.commit_all("eigen sjabloon");
    pto_bounded(
        &repo,
        &[
            "decide",
            "aanvraag",
            "PTO-2025-0009",
            "PTO-2025-0003",
            "--date",
            DATE,
            "--allow-backdated",
        ],
        Duration::from_secs(30),
    )
}

/// Asserts that the toekenning failed with `message` at the template's
/// `line`, quickly, and that the batch went on with the afwijzing.
#[track_caller]
fn assert_letter_failed(run: &Run, line: u32, message: &str) {
    run.assert_status(2);
    let failed = run
        .stdout
        .lines()
        .find(|l| l.starts_with("mislukt") && l.contains("PTO-2025-0009"))
        .unwrap_or_else(|| panic!("no failed toekenning in:\n{}", run.stdout));
    assert!(
        failed.contains(&format!("templates/toekenning.yaml:{line}: {message}")),
        "expected `templates/toekenning.yaml:{line}: {message}` in:\n{failed}"
    );
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("uitgegeven") && l.contains("PTO-2025-0003-AANVRAAG")),
        "the other letter was not issued:\n{}",
        run.stdout
    );
    assert!(
        run.elapsed < Duration::from_secs(15),
        "took {:?}",
        run.elapsed
    );
}

#[test]
fn a_template_with_nested_loops_stops_with_a_dutch_error() {
    let run = decide_with_toekenning(
        "onderwerp: Besluit\ninleiding: |\n  Beste aanvrager,\n  {% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\n",
    );
    assert_letter_failed(
        &run,
        4,
        "het sjabloon doet te veel werk (meer dan 100.000 stappen)",
    );
}

#[test]
fn a_template_repeating_a_text_stops_with_a_dutch_error() {
    for (template, message) in [
        // Beyond minijinja's own limit, and within it (100 MB, which
        // aborted pto): the fuel is charged before the text is made.
        ("{{ 'x' * 1000000000 }}", "het sjabloon doet te veel werk"),
        ("{{ 'x' * 100000000 }}", "het sjabloon doet te veel werk"),
        (
            "{% for a in range(1000000) %}x{% endfor %}",
            "het sjabloon maakt een te lange tekst of lijst en is afgebroken",
        ),
    ] {
        let run = decide_with_toekenning(&format!("onderwerp: \"{template}\"\n"));
        assert_letter_failed(&run, 1, message);
    }
}

#[test]
fn a_text_longer_than_100_000_characters_is_refused() {
    let run = decide_with_toekenning("onderwerp: \"{{ 'x' * 100001 }}\"\n");
    assert_letter_failed(
        &run,
        1,
        "de tekst wordt 100.001 tekens lang; een tekst in een brief heeft er hooguit 100.000",
    );
}

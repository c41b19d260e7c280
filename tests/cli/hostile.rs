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

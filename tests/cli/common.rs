//! Shared helpers: a fresh case repository in a temp folder, with fixtures
//! from `tests/cases/` copied into its `case-files/`, and a run of the real
//! `pto` binary in it.

#![allow(dead_code)] // Not every topic module uses every helper.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

/// The reference date the tests check on, so that results do not depend on
/// today's date.
pub const DATE: &str = "2025-06-16";

/// A fixture under `tests/cases/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(rel)
}

/// A file of the project itself (such as the bundled example cases).
pub fn project_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A case repository in a fresh temp folder; removed when dropped.
pub struct Repo {
    dir: TempDir,
}

impl Repo {
    /// An empty repository with an empty `case-files/`.
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("case-files")).expect("case-files/");
        Repo { dir }
    }

    /// A repository whose `case-files/` holds copies of these fixtures
    /// (paths under `tests/cases/`), each under its own file name.
    pub fn with_fixtures(fixtures: &[&str]) -> Repo {
        let repo = Repo::new();
        for rel in fixtures {
            let name = Path::new(rel).file_name().expect("a file name");
            let to = repo.path().join("case-files").join(name);
            std::fs::copy(fixture(rel), &to).unwrap_or_else(|e| panic!("copy fixture {rel}: {e}"));
        }
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `rel` (relative to the repository root).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(path, bytes).expect("write file");
    }

    /// Runs `pto ARGS` in the repository.
    pub fn pto(&self, args: &[&str]) -> Run {
        self.pto_in("", args)
    }

    /// Runs `pto ARGS` in the folder `rel` of the repository. The example
    /// cases are decided on dates in 2025, long before today: `pto decide`
    /// is given `--allow-backdated` unless the test says otherwise (see
    /// [`Repo::pto_exact`]).
    pub fn pto_in(&self, rel: &str, args: &[&str]) -> Run {
        let mut args: Vec<&str> = args.to_vec();
        if args.first() == Some(&"decide")
            && !args.contains(&"--allow-backdated")
            && !args.contains(&"--concept")
        {
            args.push("--allow-backdated");
        }
        self.pto_exact_in(rel, &args)
    }

    /// Runs `pto ARGS` exactly as given.
    pub fn pto_exact(&self, args: &[&str]) -> Run {
        self.pto_exact_in("", args)
    }

    fn pto_exact_in(&self, rel: &str, args: &[&str]) -> Run {
        let started = Instant::now();
        let output = Command::cargo_bin("pto")
            .expect("the pto binary")
            .current_dir(self.path().join(rel))
            .args(args)
            .timeout(Duration::from_secs(60))
            .output()
            .expect("run pto");
        Run {
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            elapsed: started.elapsed(),
        }
    }

    /// A git repository holding copies of the project's example cases and
    /// its pto.yaml, committed.
    pub fn with_examples() -> Repo {
        let repo = Repo::new();
        copy_dir(&project_file("case-files"), &repo.path().join("case-files"));
        std::fs::copy(project_file("pto.yaml"), repo.path().join("pto.yaml")).expect("pto.yaml");
        repo.init_git();
        repo.commit_all("voorbeelddossiers");
        repo
    }

    pub fn init_git(&self) {
        self.git(&["init", "-q", "-b", "main"]);
        self.git(&["config", "user.email", "test@example.org"]);
        self.git(&["config", "user.name", "Test"]);
    }

    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs git in the repository; its stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .current_dir(self.path())
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The bytes of a file in the repository.
    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// `pto check --date DATE` in human output.
    pub fn check(&self) -> Run {
        self.pto(&["check", "--date", DATE])
    }

    /// `pto check --date DATE --format json`, parsed.
    pub fn check_json(&self) -> (Run, serde_json::Value) {
        let run = self.pto(&["check", "--date", DATE, "--format", "json"]);
        let doc = run.json();
        (run, doc)
    }
}

/// What a run of `pto` gave.
#[derive(Debug)]
pub struct Run {
    /// The exit status; `None` when killed by a signal (or the timeout).
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// stdout as one JSON document.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// stdout as JSON lines (`pto decide --format json`).
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    /// Asserts the exit status, showing the output when it differs.
    #[track_caller]
    pub fn assert_status(&self, expected: i32) -> &Run {
        assert_eq!(
            self.status,
            Some(expected),
            "exit status\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// The reports of human output (blank-line separated), without the
    /// closing summary line.
    pub fn reports(&self) -> Vec<&str> {
        self.stdout
            .split("\n\n")
            .map(|block| block.trim_end_matches('\n'))
            .filter(|block| !block.is_empty() && !block.contains(" gecontroleerd op "))
            .collect()
    }
}

/// The text of a PDF, extracted in Rust (lopdf, the one PDF library in the
/// tree), with every run of white space (non-breaking spaces included) made
/// one space.
pub fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("PDF text");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

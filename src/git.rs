//! Provenance from git: which commit a case file was issued from, and
//! whether the bytes pto read are the committed ones. Reads the repository
//! with git itself (one git process per batch, not per file).

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The git blob id of `bytes`, as `git hash-object` computes it: the SHA-1
/// of `blob <length>\0` followed by the bytes, in lowercase hex.
pub fn blob_id(bytes: &[u8]) -> String {
    use sha1::Digest;
    let mut hasher = sha1::Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()).as_bytes());
    hasher.update(bytes);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The state of a git work tree's HEAD, read once.
#[derive(Debug)]
pub struct Repository {
    top: PathBuf,
    head: Option<String>,
    /// Path (relative to the top, with `/`, as git's bytes) → blob id at HEAD.
    blobs: HashMap<Vec<u8>, String>,
}

/// Where the bytes of a case file stand in git.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// The bytes read are the file's version in HEAD: traceable. `blob` is
    /// that version's blob id.
    Committed { commit: String, blob: String },
    /// The bytes read are not HEAD's version (changed, staged, never
    /// committed, or hidden from `git status`). `blob` is the id of the
    /// bytes read.
    Uncommitted {
        commit: Option<String>,
        blob: String,
    },
    /// Not inside a git repository (or git is not installed).
    NoRepository,
}

impl Provenance {
    pub fn commit(&self) -> Option<&str> {
        match self {
            Provenance::Committed { commit, .. } => Some(commit),
            Provenance::Uncommitted { commit, .. } => commit.as_deref(),
            Provenance::NoRepository => None,
        }
    }

    /// The blob id to register: HEAD's when committed, else that of the
    /// bytes read; none outside git.
    pub fn blob(&self) -> Option<&str> {
        match self {
            Provenance::Committed { blob, .. } | Provenance::Uncommitted { blob, .. } => Some(blob),
            Provenance::NoRepository => None,
        }
    }

    pub fn is_committed(&self) -> bool {
        matches!(self, Provenance::Committed { .. })
    }

    /// Why a decision from this file is not traceable, in Dutch.
    pub fn refusal(&self, file: &str) -> Option<String> {
        match self {
            Provenance::Committed { .. } => None,
            Provenance::Uncommitted { .. } => Some(format!(
                "{file} heeft wijzigingen die nog niet in git zijn vastgelegd (commit). Een \
                 besluit moet herleidbaar zijn tot een beoordeelde versie van het dossier: leg de \
                 wijziging eerst vast, of geef --allow-uncommitted mee (het register vermeldt dat)."
            )),
            Provenance::NoRepository => Some(format!(
                "{file} staat niet in een git-repository, dus een besluit is niet herleidbaar tot \
                 een vastgelegde versie. Geef --allow-uncommitted mee om toch te beslissen (het \
                 register vermeldt dat)."
            )),
        }
    }
}

impl Repository {
    /// The repository that holds `dir`, if any: its top folder, HEAD and
    /// the blob of every file in HEAD (`git ls-tree`).
    pub fn discover(dir: &Path) -> Option<Repository> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        let top = path_of_bytes(top.strip_suffix(b"\n").unwrap_or(&top));
        let top = top.canonicalize().unwrap_or(top);
        let head = git(&top, &["rev-parse", "--verify", "-q", "HEAD"])
            .map(|out| String::from_utf8_lossy(&out).trim().to_string())
            .filter(|h| !h.is_empty());
        let mut blobs = HashMap::new();
        if head.is_some()
            && let Some(tree) = git(&top, &["ls-tree", "-r", "-z", "--full-tree", "HEAD"])
        {
            for entry in tree.split(|b| *b == 0).filter(|e| !e.is_empty()) {
                // "<mode> blob <id>\t<path>", the path as git's bytes.
                let Some(tab) = entry.iter().position(|b| *b == b'\t') else {
                    continue;
                };
                let meta = String::from_utf8_lossy(&entry[..tab]);
                let mut parts = meta.split(' ');
                if let (Some(_), Some("blob"), Some(id)) =
                    (parts.next(), parts.next(), parts.next())
                {
                    blobs.insert(entry[tab + 1..].to_vec(), id.to_string());
                }
            }
        }
        Some(Repository { top, head, blobs })
    }

    /// The provenance of `bytes`, read from `file` (a path as the user gave
    /// it). Committed only when they are HEAD's version of that path: what
    /// `git status` says plays no part, so a file hidden from it
    /// (`--assume-unchanged`, `--skip-worktree`) or changed since the batch
    /// started is uncommitted all the same.
    pub fn provenance(&self, file: &Path, bytes: &[u8]) -> Provenance {
        let Some(relative) = self.relative(file) else {
            return Provenance::NoRepository;
        };
        let read = blob_id(bytes);
        match (&self.head, self.blobs.get(&relative)) {
            (Some(commit), Some(committed))
                if *committed == read
                    || self.stored_as(&relative, bytes).as_ref() == Some(committed) =>
            {
                Provenance::Committed {
                    commit: commit.clone(),
                    blob: committed.clone(),
                }
            }
            (commit, _) => Provenance::Uncommitted {
                commit: commit.clone(),
                blob: read,
            },
        }
    }

    /// The blob git would store for `bytes` at `relative`, through the
    /// repository's filters (line endings with `core.autocrlf`, `git lfs`):
    /// asked only when the plain blob id differs from HEAD's, so a batch of
    /// committed files starts no process.
    fn stored_as(&self, relative: &[u8], bytes: &[u8]) -> Option<String> {
        let mut path = std::ffi::OsString::from("--path=");
        path.push(os_of_bytes(relative));
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.top)
            .args(["hash-object", "--stdin"])
            .arg(path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut stdin = child.stdin.take()?;
        // Written from another thread: git may answer before it read all.
        let input = bytes.to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&input));
        let out = child.wait_with_output().ok()?;
        let _ = writer.join();
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// `file` relative to the top, as git writes paths (bytes, `/`).
    fn relative(&self, file: &Path) -> Option<Vec<u8>> {
        let absolute = file.canonicalize().ok()?;
        let relative = absolute.strip_prefix(&self.top).ok()?;
        let parts: Vec<Vec<u8>> = relative
            .components()
            .map(|c| bytes_of_os(c.as_os_str()))
            .collect();
        Some(parts.join(&b'/'))
    }
}

/// Provenance of bytes from a file whose repository may or may not exist.
pub fn provenance(repo: Option<&Repository>, file: &Path, bytes: &[u8]) -> Provenance {
    repo.map_or(Provenance::NoRepository, |r| r.provenance(file, bytes))
}

/// A file name's bytes: exact on Unix, where names need not be UTF-8.
#[cfg(unix)]
fn bytes_of_os(name: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt as _;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn bytes_of_os(name: &std::ffi::OsStr) -> Vec<u8> {
    name.to_string_lossy().as_bytes().to_vec()
}

#[cfg(unix)]
fn os_of_bytes(bytes: &[u8]) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt as _;
    std::ffi::OsStr::from_bytes(bytes).to_os_string()
}

#[cfg(not(unix))]
fn os_of_bytes(bytes: &[u8]) -> std::ffi::OsString {
    String::from_utf8_lossy(bytes).into_owned().into()
}

fn path_of_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(os_of_bytes(bytes))
}

/// Runs git; `None` when git is missing or the command fails.
fn git(dir: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

/// Runs git and returns stdout, or git's own message on failure: for the
/// commands that read old states (`pto diff`).
pub fn run(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    run_os(dir, &args)
}

/// [`run`] with arguments that need not be UTF-8 (file names).
fn run_os(dir: &Path, args: &[&std::ffi::OsStr]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .args(args)
        .output()
        .map_err(|e| format!("git kan niet worden gestart ({e}); is git geïnstalleerd?"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// A case file that differs between two states of the repository: its path
/// before (absent when added) and after (absent when deleted), relative to
/// the current directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub before: Option<GitPath>,
    pub after: Option<GitPath>,
}

/// A path as git gives it: its exact bytes, since a file name need not be
/// UTF-8. Opened by [`GitPath::path`] and [`file_at`], shown by
/// [`GitPath::name`]; never turned into text and back.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GitPath(Vec<u8>);

impl GitPath {
    /// The path to open.
    pub fn path(&self) -> PathBuf {
        path_of_bytes(&self.0)
    }

    /// The name to show, with U+FFFD for bytes that are not UTF-8.
    pub fn name(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }

    fn is_case_file(&self) -> bool {
        self.0.ends_with(b".yaml") || self.0.ends_with(b".yml")
    }
}

impl From<&str> for GitPath {
    fn from(name: &str) -> GitPath {
        GitPath(name.as_bytes().to_vec())
    }
}

/// The commit `rev` names, or a Dutch explanation of why it names none.
pub fn resolve(dir: &Path, rev: &str) -> Result<String, String> {
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is geen revisie."));
    }
    run(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| dutch(&e))?;
    let spec = format!("{rev}^{{commit}}");
    match run(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    ) {
        Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_string()),
        Err(_) if rev == "HEAD" => Err("De repository heeft nog geen commits, dus er is geen \
             HEAD om mee te vergelijken."
            .into()),
        Err(_) => Err(format!(
            "Onbekende revisie `{rev}`: git kent geen commit, branch of tag met die naam \
             (controleer de spelling, of haal hem eerst op met git fetch)."
        )),
    }
}

/// The files under `folder` (`.yaml`, `.yml`) that differ between commit
/// `before` and commit `after`, or the work tree when `after` is `None`
/// (staged, unstaged and untracked changes alike). Renames are followed, so
/// a case file moved to another folder is one change.
pub fn changed_files(
    dir: &Path,
    before: &str,
    after: Option<&str>,
    folder: &str,
) -> Result<Vec<Changed>, String> {
    let mut args = vec![
        "diff",
        "--name-status",
        "-z",
        "-M",
        "--relative",
        "--no-ext-diff",
        before,
    ];
    args.extend(after);
    args.extend(["--", folder]);
    let out = run(dir, &args).map_err(|e| dutch(&e))?;
    let mut changes = parse_name_status(&out);
    if after.is_none() {
        let untracked = run(
            dir,
            &[
                "ls-files",
                "-z",
                "--others",
                "--exclude-standard",
                "--",
                folder,
            ],
        )
        .map_err(|e| dutch(&e))?;
        for path in untracked.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            changes.push(Changed {
                before: None,
                after: Some(GitPath(path.to_vec())),
            });
        }
    }
    changes.retain(|c| {
        [&c.before, &c.after]
            .into_iter()
            .flatten()
            .any(GitPath::is_case_file)
    });
    changes.sort_by(|a, b| {
        let key = |c: &Changed| c.after.clone().or_else(|| c.before.clone());
        key(a).cmp(&key(b))
    });
    Ok(changes)
}

/// `git diff --name-status -z` output: a status, then one path (two for a
/// rename or copy), each ended by a NUL.
fn parse_name_status(out: &[u8]) -> Vec<Changed> {
    let mut fields = out.split(|b| *b == 0).map(|f| GitPath(f.to_vec()));
    let mut changes = Vec::new();
    while let Some(status) = fields.next() {
        let Some(&kind) = status.0.first() else {
            continue;
        };
        let Some(first) = fields.next() else { break };
        let change = match kind {
            b'A' => Changed {
                before: None,
                after: Some(first),
            },
            b'D' => Changed {
                before: Some(first),
                after: None,
            },
            b'R' => Changed {
                before: Some(first),
                after: fields.next(),
            },
            b'C' => Changed {
                before: None,
                after: fields.next(),
            },
            _ => Changed {
                before: Some(first.clone()),
                after: Some(first),
            },
        };
        changes.push(change);
    }
    changes
}

/// The bytes of `path` (relative to the current directory) in commit `rev`.
pub fn file_at(dir: &Path, rev: &str, path: &GitPath) -> Result<Vec<u8>, String> {
    let mut spec = std::ffi::OsString::from(format!("{rev}:./"));
    spec.push(os_of_bytes(&path.0));
    run_os(dir, &["cat-file".as_ref(), "blob".as_ref(), &spec]).map_err(|e| dutch(&e))
}

/// git's own messages for the failures people meet, in Dutch.
fn dutch(message: &str) -> String {
    let lower = message.to_lowercase();
    if lower.contains("not a git repository") {
        "Deze map staat niet in een git-repository; pto diff vergelijkt versies van de dossiers \
         in git."
            .into()
    } else if lower.contains("unknown revision") || lower.contains("bad revision") {
        format!("Git kent deze revisie niet (git meldt: {message}).")
    } else if lower.contains("dubious ownership") {
        format!(
            "Git weigert deze repository te lezen omdat die van een andere gebruiker is \
             (git meldt: {message})."
        )
    } else {
        format!("Git gaf een fout: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    }

    fn repository() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        sh(d, &["init", "-q", "-b", "main"]);
        sh(d, &["config", "user.email", "t@example.org"]);
        sh(d, &["config", "user.name", "t"]);
        dir
    }

    /// The provenance of the file as pto would read it now.
    fn now(repo: &Repository, file: &Path) -> Provenance {
        repo.provenance(file, &std::fs::read(file).unwrap())
    }

    #[test]
    fn the_blob_id_is_gits() {
        let dir = repository();
        std::fs::write(dir.path().join("a.yaml"), "a: 1\n").unwrap();
        let out = Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args(["hash-object", "a.yaml"])
            .output()
            .unwrap();
        assert_eq!(
            blob_id(b"a: 1\n"),
            String::from_utf8_lossy(&out.stdout).trim()
        );
        assert_eq!(blob_id(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }

    #[test]
    fn committed_changed_and_untracked_files() {
        let dir = repository();
        let d = dir.path();
        std::fs::write(d.join("a.yaml"), "a: 1\n").unwrap();
        std::fs::write(d.join("b.yaml"), "b: 1\n").unwrap();
        sh(d, &["add", "a.yaml", "b.yaml"]);
        sh(d, &["commit", "-q", "-m", "x"]);
        std::fs::write(d.join("b.yaml"), "b: 2\n").unwrap();
        std::fs::write(d.join("c.yaml"), "c: 1\n").unwrap();
        let repo = Repository::discover(d).unwrap();
        let a = now(&repo, &d.join("a.yaml"));
        assert!(a.is_committed());
        assert_eq!(a.blob(), Some(blob_id(b"a: 1\n").as_str()));
        // The blob registered is that of the bytes read.
        assert_eq!(
            now(&repo, &d.join("b.yaml")).blob(),
            Some(blob_id(b"b: 2\n").as_str())
        );
        assert!(!now(&repo, &d.join("b.yaml")).is_committed());
        assert!(!now(&repo, &d.join("c.yaml")).is_committed());
    }

    /// Failed before provenance came from the bytes read: each of these
    /// was registered as committed, with HEAD's blob.
    #[test]
    fn bytes_hidden_from_git_status_or_changed_after_discovery_are_uncommitted() {
        let dir = repository();
        let d = dir.path();
        for name in ["a.yaml", "b.yaml", "c.yaml"] {
            std::fs::write(d.join(name), "x: 1\n").unwrap();
        }
        sh(d, &["add", "."]);
        sh(d, &["commit", "-q", "-m", "x"]);
        std::fs::write(d.join("a.yaml"), "x: 2\n").unwrap();
        sh(d, &["update-index", "--assume-unchanged", "a.yaml"]);
        std::fs::write(d.join("b.yaml"), "x: 2\n").unwrap();
        sh(d, &["update-index", "--skip-worktree", "b.yaml"]);
        let repo = Repository::discover(d).unwrap();
        // Changed after the repository was read, before it was issued.
        std::fs::write(d.join("c.yaml"), "x: 2\n").unwrap();
        for name in ["a.yaml", "b.yaml", "c.yaml"] {
            let p = now(&repo, &d.join(name));
            assert!(!p.is_committed(), "{name}: {p:?}");
            assert_eq!(p.blob(), Some(blob_id(b"x: 2\n").as_str()));
        }
        // The bytes that were committed still are.
        assert!(repo.provenance(&d.join("c.yaml"), b"x: 1\n").is_committed());
    }

    #[test]
    fn line_endings_converted_by_git_are_still_committed() {
        let dir = repository();
        let d = dir.path();
        std::fs::write(d.join(".gitattributes"), "*.yaml text eol=crlf\n").unwrap();
        std::fs::write(d.join("a.yaml"), "a: 1\nb: 2\n").unwrap();
        sh(d, &["add", "."]);
        sh(d, &["commit", "-q", "-m", "x"]);
        std::fs::remove_file(d.join("a.yaml")).unwrap();
        sh(d, &["checkout", "--", "a.yaml"]);
        let bytes = std::fs::read(d.join("a.yaml")).unwrap();
        assert_eq!(bytes, b"a: 1\r\nb: 2\r\n", "git wrote CRLF");
        let repo = Repository::discover(d).unwrap();
        let p = repo.provenance(&d.join("a.yaml"), &bytes);
        assert!(p.is_committed(), "{p:?}");
        assert_eq!(p.blob(), Some(blob_id(b"a: 1\nb: 2\n").as_str()));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_name_that_is_not_utf8_is_found_in_head() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = repository();
        let d = dir.path();
        let name = std::ffi::OsStr::from_bytes(b"caf\xff.yaml");
        std::fs::write(d.join(name), "x: 1\n").unwrap();
        sh(d, &["add", "."]);
        sh(d, &["commit", "-q", "-m", "x"]);
        let repo = Repository::discover(d).unwrap();
        assert!(now(&repo, &d.join(name)).is_committed());
    }

    #[test]
    fn outside_a_repository() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Repository::discover(dir.path()).is_none());
        assert_eq!(
            provenance(None, &dir.path().join("x.yaml"), b""),
            Provenance::NoRepository
        );
    }

    #[test]
    fn changes_between_commits_and_against_the_work_tree() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        sh(d, &["init", "-q", "-b", "main"]);
        sh(d, &["config", "user.email", "t@example.org"]);
        sh(d, &["config", "user.name", "t"]);
        std::fs::create_dir_all(d.join("case-files/2024")).unwrap();
        std::fs::write(d.join("case-files/a.yaml"), "zaaknummer: A\nnaam: een\n").unwrap();
        std::fs::write(d.join("case-files/b.yaml"), "b: 1\n").unwrap();
        std::fs::write(d.join("notes.txt"), "x\n").unwrap();
        sh(d, &["add", "."]);
        sh(d, &["commit", "-q", "-m", "one"]);
        let first = resolve(d, "HEAD").unwrap();
        sh(d, &["mv", "case-files/a.yaml", "case-files/2024/a.yaml"]);
        std::fs::write(d.join("case-files/b.yaml"), "b: 2\n").unwrap();
        sh(d, &["commit", "-q", "-am", "two"]);
        std::fs::write(d.join("case-files/c.yaml"), "c: 1\n").unwrap();
        std::fs::write(d.join("notes.txt"), "y\n").unwrap();

        let between = changed_files(d, &first, Some("HEAD"), "case-files").unwrap();
        let some = |s: &str| Some(GitPath::from(s));
        assert_eq!(
            between,
            [
                Changed {
                    before: some("case-files/a.yaml"),
                    after: some("case-files/2024/a.yaml")
                },
                Changed {
                    before: some("case-files/b.yaml"),
                    after: some("case-files/b.yaml")
                },
            ]
        );
        let work = changed_files(d, "HEAD", None, "case-files").unwrap();
        assert_eq!(
            work,
            [Changed {
                before: None,
                after: some("case-files/c.yaml")
            }]
        );
        let b = GitPath::from("case-files/b.yaml");
        assert_eq!(file_at(d, &first, &b).unwrap(), b"b: 1\n");
    }

    /// Failed before: the names went through lossy text, so `pto diff` could
    /// neither read the old version nor the new one of a file whose name is
    /// not UTF-8.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_changed_file_whose_name_is_not_utf8_is_read_by_its_exact_name() {
        let dir = repository();
        let d = dir.path();
        let name = GitPath(b"case-files/jansen-\xff.yaml".to_vec());
        std::fs::create_dir(d.join("case-files")).unwrap();
        std::fs::write(d.join(name.path()), "a: 1\n").unwrap();
        sh(d, &["add", "."]);
        sh(d, &["commit", "-q", "-m", "one"]);
        std::fs::write(d.join(name.path()), "a: 2\n").unwrap();
        let work = changed_files(d, "HEAD", None, "case-files").unwrap();
        assert_eq!(
            work,
            [Changed {
                before: Some(name.clone()),
                after: Some(name.clone())
            }]
        );
        assert_eq!(file_at(d, "HEAD", &name).unwrap(), b"a: 1\n");
        assert_eq!(std::fs::read(d.join(name.path())).unwrap(), b"a: 2\n");
        assert_eq!(name.name(), "case-files/jansen-\u{fffd}.yaml");
    }

    #[test]
    fn an_unknown_revision_is_explained_in_dutch() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let err = resolve(d, "HEAD").unwrap_err();
        assert!(err.contains("niet in een git-repository"), "{err}");
        sh(d, &["init", "-q", "-b", "main"]);
        let err = resolve(d, "HEAD").unwrap_err();
        assert!(err.contains("nog geen commits"), "{err}");
        let err = resolve(d, "origin/main").unwrap_err();
        assert!(err.contains("Onbekende revisie `origin/main`"), "{err}");
    }
}

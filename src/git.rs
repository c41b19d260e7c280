//! Provenance from git: which commit and blob a case file was issued from,
//! and whether it has changes nobody has reviewed yet. Reads the repository
//! with git itself (two git processes per batch, not per file).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The state of a git work tree, read once.
#[derive(Debug)]
pub struct Repository {
    top: PathBuf,
    head: Option<String>,
    /// Path (relative to the top, with `/`) → blob id at HEAD.
    blobs: HashMap<String, String>,
    /// Paths with changes not in HEAD: modified, staged, untracked.
    dirty: HashSet<String>,
}

/// Where a case file stands in git.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// Committed and unchanged since: traceable.
    Committed { commit: String, blob: String },
    /// Changed since the last commit, or never committed.
    Uncommitted {
        commit: Option<String>,
        blob: Option<String>,
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

    pub fn blob(&self) -> Option<&str> {
        match self {
            Provenance::Committed { blob, .. } => Some(blob),
            Provenance::Uncommitted { blob, .. } => blob.as_deref(),
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
    /// The repository that holds `dir`, if any.
    pub fn discover(dir: &Path) -> Option<Repository> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
        let top = top.canonicalize().unwrap_or(top);
        let head = git(&top, &["rev-parse", "--verify", "-q", "HEAD"])
            .map(|out| String::from_utf8_lossy(&out).trim().to_string())
            .filter(|h| !h.is_empty());
        let mut blobs = HashMap::new();
        if head.is_some()
            && let Some(tree) = git(&top, &["ls-tree", "-r", "-z", "--full-tree", "HEAD"])
        {
            for entry in tree.split(|b| *b == 0).filter(|e| !e.is_empty()) {
                // "<mode> blob <id>\t<path>"
                let text = String::from_utf8_lossy(entry);
                if let Some((meta, path)) = text.split_once('\t') {
                    let mut parts = meta.split(' ');
                    if let (Some(_), Some("blob"), Some(id)) =
                        (parts.next(), parts.next(), parts.next())
                    {
                        blobs.insert(path.to_string(), id.to_string());
                    }
                }
            }
        }
        let mut dirty = HashSet::new();
        if let Some(status) = git(
            &top,
            &[
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--no-renames",
            ],
        ) {
            for entry in status.split(|b| *b == 0).filter(|e| e.len() > 3) {
                dirty.insert(String::from_utf8_lossy(&entry[3..]).to_string());
            }
        }
        Some(Repository {
            top,
            head,
            blobs,
            dirty,
        })
    }

    /// The provenance of `file` (a path as the user gave it).
    pub fn provenance(&self, file: &Path) -> Provenance {
        let Some(relative) = self.relative(file) else {
            return Provenance::NoRepository;
        };
        let blob = self.blobs.get(&relative).cloned();
        match (&self.head, blob) {
            (Some(commit), Some(blob)) if !self.dirty.contains(&relative) => {
                Provenance::Committed {
                    commit: commit.clone(),
                    blob,
                }
            }
            (commit, blob) => Provenance::Uncommitted {
                commit: commit.clone(),
                blob,
            },
        }
    }

    fn relative(&self, file: &Path) -> Option<String> {
        let absolute = file.canonicalize().ok()?;
        let relative = absolute.strip_prefix(&self.top).ok()?;
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        Some(parts.join("/"))
    }
}

/// Provenance of a file whose repository may or may not exist.
pub fn provenance(repo: Option<&Repository>, file: &Path) -> Provenance {
    repo.map_or(Provenance::NoRepository, |r| r.provenance(file))
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
    pub before: Option<String>,
    pub after: Option<String>,
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
                after: Some(String::from_utf8_lossy(path).to_string()),
            });
        }
    }
    changes.retain(|c| {
        [&c.before, &c.after]
            .into_iter()
            .flatten()
            .any(|p| p.ends_with(".yaml") || p.ends_with(".yml"))
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
    let mut fields = out
        .split(|b| *b == 0)
        .map(|f| String::from_utf8_lossy(f).to_string());
    let mut changes = Vec::new();
    while let Some(status) = fields.next() {
        let Some(kind) = status.chars().next() else {
            continue;
        };
        let Some(first) = fields.next() else { break };
        let change = match kind {
            'A' => Changed {
                before: None,
                after: Some(first),
            },
            'D' => Changed {
                before: Some(first),
                after: None,
            },
            'R' => Changed {
                before: Some(first),
                after: fields.next(),
            },
            'C' => Changed {
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
pub fn file_at(dir: &Path, rev: &str, path: &str) -> Result<Vec<u8>, String> {
    run(dir, &["cat-file", "blob", &format!("{rev}:./{path}")]).map_err(|e| dutch(&e))
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

    #[test]
    fn committed_changed_and_untracked_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        sh(d, &["init", "-q", "-b", "main"]);
        sh(d, &["config", "user.email", "t@example.org"]);
        sh(d, &["config", "user.name", "t"]);
        std::fs::write(d.join("a.yaml"), "a: 1\n").unwrap();
        std::fs::write(d.join("b.yaml"), "b: 1\n").unwrap();
        sh(d, &["add", "a.yaml", "b.yaml"]);
        sh(d, &["commit", "-q", "-m", "x"]);
        std::fs::write(d.join("b.yaml"), "b: 2\n").unwrap();
        std::fs::write(d.join("c.yaml"), "c: 1\n").unwrap();
        let repo = Repository::discover(d).unwrap();
        let a = repo.provenance(&d.join("a.yaml"));
        assert!(a.is_committed());
        assert_eq!(a.blob().unwrap().len(), 40);
        assert!(matches!(
            repo.provenance(&d.join("b.yaml")),
            Provenance::Uncommitted { blob: Some(_), .. }
        ));
        assert!(matches!(
            repo.provenance(&d.join("c.yaml")),
            Provenance::Uncommitted { blob: None, .. }
        ));
    }

    #[test]
    fn outside_a_repository() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Repository::discover(dir.path()).is_none());
        assert_eq!(
            provenance(None, &dir.path().join("x.yaml")),
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
        let some = |s: &str| Some(s.to_string());
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
        assert_eq!(file_at(d, &first, "case-files/b.yaml").unwrap(), b"b: 1\n");
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

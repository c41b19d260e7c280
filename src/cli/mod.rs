//! The command line: one file per subcommand; `main` only dispatches and
//! maps the outcome to an exit status (docs/architecture.md).

mod check;
mod decide;
mod diff;
mod output;
mod schema;
mod send;
mod status;
mod verify;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

/// pto — besluiten parttime ondernemen: dossiers controleren en beschikkingen
/// opstellen als archiefwaardige PDF.
#[derive(Parser, Debug)]
#[command(name = "pto", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Controleer dossiers: invoerfouten en bevindingen per regel van het beleid.
    Check(check::Args),
    /// Neem besluiten en geef ze uit als archiefwaardige PDF (met register).
    Decide(decide::Args),
    /// Controleer het archief: ontbrekende, gewijzigde of niet-geregistreerde besluiten.
    Verify(verify::Args),
    /// Wat een wijziging in de dossiers betekent: velden, bevindingen en besluiten.
    Diff(diff::Args),
    /// De werkvoorraad: per dossier wat moet of te laat is, en wat al is uitgegeven.
    Status(status::Args),
    /// Leg vast dat een brief later is verzonden dan zijn datum: hij wordt dan
    /// opnieuw uitgegeven met de verzenddatum (de termijnen tellen vanaf dan).
    Verzonden(send::Args),
    /// Het JSON-schema van een dossier, voor de editor.
    Schema(schema::Args),
}

/// Output for people or for scripts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
}

/// The arguments every command that reads cases shares, flattened into its
/// own. A command words the help of `--date` for what the date means there
/// (`#[command(mut_arg("date", ...))]`).
#[derive(clap::Args, Debug)]
pub struct Common {
    /// Peildatum JJJJ-MM-DD (standaard: vandaag).
    #[arg(long, value_parser = parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// Uitvoer voor mensen (human) of voor scripts (json).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

impl Common {
    /// `--date`, or today.
    pub fn date(&self) -> NaiveDate {
        self.date.unwrap_or_else(today)
    }
}

/// What a command ended in: 0 all well, 1 findings or a refusal, 2 bad input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 0: all is well.
    Ok,
    /// 1: findings of severity error, or a refused decision.
    Findings,
    /// 2: bad input, usage or I/O error.
    BadInput,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(match status {
            Status::Ok => 0,
            Status::Findings => 1,
            Status::BadInput => 2,
        })
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Status {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Decide(args) => decide::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Status(args) => status::run(args),
        Command::Verzonden(args) => send::run(args),
        Command::Schema(args) => schema::run(args),
    }
}

/// `--date`: the reference or decision date (default: today).
pub fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    crate::calendar::parse_date(text)
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The repository root: the current directory, once [`parse`] has moved
/// there (as an empty path, so that file names in messages read
/// `case-files/...`, not `./case-files/...`).
pub fn root() -> PathBuf {
    PathBuf::new()
}

/// The register's entries in `output`, or why it cannot be read whole:
/// nothing is decided, compared or planned against half a register.
pub(crate) fn register_entries(
    output: &Path,
) -> Result<Vec<crate::archive::Entry>, Vec<crate::diag::InputError>> {
    use crate::diag::InputError;
    let file = output.join(crate::archive::REGISTER).display().to_string();
    let register = crate::archive::read_register(output).map_err(|e| {
        vec![InputError::file(
            &file,
            format!("Het register kan niet worden gelezen: {e}"),
        )]
    })?;
    let unreadable: Vec<InputError> = register
        .unreadable()
        .map(|(line, message)| {
            InputError::file(
                &file,
                format!("Regel {line} van het register kan niet worden gelezen: {message}"),
            )
        })
        .collect();
    if unreadable.is_empty() {
        Ok(register.entries)
    } else {
        Err(unreadable)
    }
}

/// Parses the command line and moves to the repository root, so that pto
/// run from any folder inside a repository uses that repository's
/// `pto.yaml`, texts, `case-files/` and `output/`. Paths on the command
/// line are made relative to the root; file names in messages then read
/// relative to the root too (`case-files/2024/…`), as in the register and
/// in `pto status`, wherever the user stands. Exits on a usage error, as
/// clap does.
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let Ok(here) = std::env::current_dir() else {
        return cli;
    };
    let root = repository_root(&here);
    let Ok(prefix) = here.strip_prefix(&root).map(Path::to_path_buf) else {
        return cli;
    };
    if prefix.as_os_str().is_empty() || std::env::set_current_dir(&root).is_err() {
        return cli;
    }
    let given = |name: &str| {
        matches.subcommand().is_some_and(|(_, m)| {
            m.value_source(name) == Some(clap::parser::ValueSource::CommandLine)
        })
    };
    let rebase = |path: &mut PathBuf| *path = from_root(&prefix, path);
    match &mut cli.command {
        Command::Check(args) => args.paths.iter_mut().for_each(rebase),
        Command::Status(args) => {
            args.paths.iter_mut().for_each(rebase);
            if given("output") {
                rebase(&mut args.output);
            }
        }
        Command::Verify(args) => {
            if given("output") {
                rebase(&mut args.output);
            }
        }
        Command::Diff(args) => {
            if given("output") {
                rebase(&mut args.output);
            }
        }
        Command::Verzonden(args) => {
            if given("output") {
                rebase(&mut args.output);
            }
        }
        Command::Decide(args) => {
            // A case that names a file or folder where the user stands;
            // anything else is a zaaknummer.
            for case in &mut args.cases {
                let path = from_root(&prefix, Path::new(case));
                if path.exists() {
                    *case = path.into_os_string();
                }
            }
            if given("output") {
                rebase(&mut args.output);
            }
        }
        Command::Schema(_) => {}
    }
    cli
}

/// The root of the case repository that holds `dir`: the nearest folder,
/// from `dir` up, with a `pto.yaml` or a `case-files/` folder; failing
/// that, the top of the git work tree (the folder with `.git`), as git
/// finds it; failing that, `dir` itself. The search never leaves the git
/// work tree.
pub fn repository_root(dir: &Path) -> PathBuf {
    for folder in dir.ancestors() {
        if folder.join("pto.yaml").is_file() || folder.join(crate::repo::CASE_DIR).is_dir() {
            return folder.to_path_buf();
        }
        if folder.join(".git").exists() {
            return folder.to_path_buf();
        }
    }
    dir.to_path_buf()
}

/// `path`, given where the user stands (`prefix`, relative to the root),
/// relative to the root: `..` and `.` resolved by their names, as the
/// shell does for `cd`.
fn from_root(prefix: &Path, path: &Path) -> PathBuf {
    use std::path::Component;
    if path.is_absolute() {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for part in prefix.join(path).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_given_in_a_subfolder_are_made_relative_to_the_root() {
        let p = Path::new("case-files/2024");
        assert_eq!(
            from_root(p, Path::new("a.yaml")),
            Path::new("case-files/2024/a.yaml")
        );
        assert_eq!(
            from_root(p, Path::new("./a.yaml")),
            Path::new("case-files/2024/a.yaml")
        );
        assert_eq!(
            from_root(p, Path::new("../2023")),
            Path::new("case-files/2023")
        );
        assert_eq!(from_root(p, Path::new("../..")), Path::new("."));
        assert_eq!(from_root(p, Path::new("../../../x")), Path::new("../x"));
        assert_eq!(from_root(p, Path::new("/tmp/x")), Path::new("/tmp/x"));
    }

    #[test]
    fn the_root_is_the_nearest_folder_with_pto_yaml_or_case_files_inside_git() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path();
        std::fs::create_dir_all(top.join("gemeente/.git")).unwrap();
        std::fs::create_dir_all(top.join("gemeente/pto/case-files/2024")).unwrap();
        std::fs::create_dir_all(top.join("gemeente/docs")).unwrap();
        std::fs::create_dir_all(top.join("elders")).unwrap();
        let pto = top.join("gemeente/pto");
        assert_eq!(repository_root(&pto.join("case-files/2024")), pto);
        assert_eq!(repository_root(&pto), pto);
        // Outside the case repository, inside git: git's top.
        assert_eq!(
            repository_root(&top.join("gemeente/docs")),
            top.join("gemeente")
        );
        // Nowhere: where the user stands.
        assert_eq!(repository_root(&top.join("elders")), top.join("elders"));
    }
}

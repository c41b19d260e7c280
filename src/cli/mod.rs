//! The command line: one file per subcommand; `main` only dispatches and
//! maps the outcome to an exit status (SPEC §8).

mod check;
mod decide;
mod diff;
mod output;
mod schema;
mod status;
mod verify;

use std::path::PathBuf;
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

/// What a command ended in: SPEC §8's exit statuses.
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

/// The repository root: the current directory (as an empty path, so that
/// file names in messages read `case-files/...`, not `./case-files/...`).
pub fn root() -> PathBuf {
    PathBuf::new()
}

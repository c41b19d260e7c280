//! `pto verzonden KENMERK --datum D [--kanaal K]`: a letter went out later
//! than its date. The terms in it (bezwaar, payment, zienswijze, documents)
//! count from the day it was sent (Awb 3:41, 6:8), so the letter as dated is
//! wrong: it is issued again, dated the sending day, as the same decision
//! under a kenmerk of its own, and the register says which letter it
//! replaces. The replaced letter stays in the archive; it counts for nothing.

use std::ffi::OsString;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Common, Format, Status, decide, output};
use crate::archive::{Channel, Entry, REGISTER, in_force};
use crate::calendar::date_in_words;
use crate::decide::Proceeding;
use crate::diag::InputError;
use crate::invisible::escape;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Het kenmerk van de uitgegeven brief.
    pub kenmerk: String,
    /// De dag waarop de brief werkelijk is verzonden, JJJJ-MM-DD.
    #[arg(long, value_parser = super::parse_date_arg)]
    pub datum: NaiveDate,
    /// Hoe de brief is verzonden (standaard: zoals het register zegt).
    #[arg(long, value_enum)]
    pub kanaal: Option<Channel>,
    /// De map met besluiten en register (standaard: output/).
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
    /// Ook als de verzenddatum meer dagen terugligt dan het beleid toestaat.
    #[arg(long)]
    pub allow_backdated: bool,
    /// Ook als het dossier niet-vastgelegde wijzigingen heeft.
    #[arg(long)]
    pub allow_uncommitted: bool,
    /// Uitvoer voor mensen (human) of voor scripts (json).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: Args) -> Status {
    let register_file = args.output.join(REGISTER).display().to_string();
    let bad = |message: String| {
        let error = InputError::file(&register_file, message);
        output::print(&match args.format {
            Format::Json => {
                serde_json::to_string(&output::ErrorJson::from(&error)).unwrap_or_default() + "\n"
            }
            Format::Human => {
                output::render_input_error(&error, &mut output::Sources::default()) + "\n"
            }
        });
        Status::BadInput
    };
    let register = match super::register_entries(&args.output) {
        Ok(entries) => entries,
        Err(errors) => {
            let first = errors.into_iter().next();
            return bad(first.map_or_else(
                || "Het register kan niet worden gelezen.".into(),
                |e| e.message,
            ));
        }
    };
    let entries = &register;
    let kenmerk = escape(&args.kenmerk);
    let Some(entry) = entries.iter().find(|e| e.reference == args.kenmerk) else {
        return bad(format!("Het kenmerk {kenmerk} staat niet in het register."));
    };
    if !in_force(entries).any(|e| e.reference == entry.reference) {
        return bad(format!(
            "De brief {kenmerk} is al vervangen door een later uitgegeven brief; die is verzonden."
        ));
    }
    if args.datum < entry.date {
        return bad(format!(
            "De verzenddatum {} ligt vóór de datum van de brief ({}): een brief gaat niet weg \
             voordat hij is gedateerd.",
            date_in_words(args.datum),
            date_in_words(entry.date)
        ));
    }
    let recorded = entry
        .sent
        .map_or((entry.date, Channel::Post), |s| (s.date, s.channel));
    let channel = args.kanaal.unwrap_or(recorded.1);
    if (args.datum, channel) == recorded {
        let text = format!(
            "De brief {kenmerk} staat al als verzonden op {} ({}) in het register.",
            date_in_words(recorded.0),
            recorded.1.key()
        );
        output::print(&match args.format {
            Format::Json => format!(
                "{}\n",
                serde_json::json!({ "reference": entry.reference, "sent": recorded.0, "channel": recorded.1 })
            ),
            Format::Human => format!("{text}\n"),
        });
        return Status::Ok;
    }
    if args.format == Format::Human {
        println!(
            "De brief {kenmerk} is gedateerd {}, maar verzonden op {} ({}). De termijnen tellen \
             vanaf de verzending: de brief wordt opnieuw uitgegeven met die datum.",
            date_in_words(entry.date),
            date_in_words(args.datum),
            channel.key()
        );
    }
    decide::run(decide::Args {
        proceeding: entry.proceeding,
        cases: vec![OsString::from(&entry.case)],
        common: Common {
            date: Some(args.datum),
            format: args.format,
        },
        year: year_of(entry),
        output: args.output,
        allow_uncommitted: args.allow_uncommitted,
        allow_backdated: args.allow_backdated,
        concept: false,
        kanaal: channel,
        vervangt: Some(entry.reference.clone()),
    })
}

/// A settlement's year, from its kenmerk (`…-AFREKENING-2024`, also with a
/// suffix `-2` of a letter issued again).
fn year_of(entry: &Entry) -> Option<i32> {
    if entry.proceeding != Proceeding::Afrekening {
        return None;
    }
    let (_, after) = entry.reference.rsplit_once("AFREKENING-")?;
    after.get(..4)?.parse().ok()
}

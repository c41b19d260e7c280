//! `pto verify [output/]`: is every issued decision still the one that was
//! sent?

use std::path::PathBuf;

use serde::Serialize;

use super::output;
use super::{Format, Status};
use crate::archive::verify::{Missing, Report, Unreadable, verify};
use crate::invisible::escape;

/// `pto verify --format json`: the folder, and what was found in it.
#[derive(Serialize)]
struct VerifyJson<'a> {
    output: &'a str,
    #[serde(flatten)]
    report: &'a Report,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// De map met besluiten en register (standaard: output/).
    #[arg(default_value = "output")]
    pub output: PathBuf,
    /// Uitvoer voor mensen (human) of voor scripts (json).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: Args) -> Status {
    if !args.output.is_dir() {
        output::print(&format!(
            "invoerfout: De map {} bestaat niet.\n",
            args.output.display()
        ));
        return Status::BadInput;
    }
    let report = match verify(&args.output) {
        Ok(r) => r,
        Err(e) => {
            output::print(&format!(
                "invoerfout: Het register in {} kan niet worden gelezen: {e}\n",
                args.output.display()
            ));
            return Status::BadInput;
        }
    };
    let dir = args.output.display().to_string();
    match args.format {
        Format::Json => {
            let doc = VerifyJson {
                output: &dir,
                report: &report,
            };
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            output::print(&format!("{text}\n"));
        }
        Format::Human => {
            // What the register says and what the folder holds may hold
            // anything, a line break included: escaped where it is printed.
            let dir = escape(&dir);
            let mut out = String::new();
            for Missing { reference, pdf } in &report.missing {
                let (reference, pdf) = (escape(reference), escape(pdf));
                out.push_str(&format!("ontbreekt     {reference}: {dir}/{pdf} staat in het register maar bestaat niet.\n"));
            }
            for c in &report.changed {
                out.push_str(&format!(
                    "gewijzigd     {}: {dir}/{} is veranderd sinds het werd uitgegeven \
                     (SHA-256 {}, geregistreerd {}).\n",
                    escape(&c.reference),
                    escape(&c.pdf),
                    escape(&c.actual_sha256),
                    escape(&c.registered_sha256)
                ));
            }
            for pdf in &report.unregistered {
                let pdf = escape(pdf);
                out.push_str(&format!(
                    "onbekend      {dir}/{pdf} staat niet in het register.\n"
                ));
            }
            for Unreadable { line, message } in &report.unreadable {
                let message = escape(message);
                out.push_str(&format!(
                    "onleesbaar    {dir}/register.jsonl regel {line}: {message}\n"
                ));
            }
            out.push_str(&format!(
                "{} intact; {} ontbreekt, {} gewijzigd, {} niet geregistreerd.\n",
                output::count(report.intact, "besluit", "besluiten"),
                report.missing.len(),
                report.changed.len(),
                report.unregistered.len()
            ));
            output::print(&out);
        }
    }
    if report.is_clean() {
        Status::Ok
    } else {
        Status::Findings
    }
}

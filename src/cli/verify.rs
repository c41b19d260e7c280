//! `pto verify [output/]`: is every issued decision still the one that was
//! sent?

use std::path::PathBuf;

use serde_json::json;

use super::output;
use super::{Format, Status};
use crate::archive::verify::verify;

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
            let doc = json!({
                "output": dir,
                "intact": report.intact,
                "missing": report.missing.iter().map(|(r, p)| json!({"reference": r, "pdf": p})).collect::<Vec<_>>(),
                "changed": report.changed.iter().map(|(r, p, e, a)| json!({"reference": r, "pdf": p, "registered_sha256": e, "actual_sha256": a})).collect::<Vec<_>>(),
                "unregistered": report.unregistered,
                "unreadable_register_lines": report.unreadable.iter().map(|(l, m)| json!({"line": l, "message": m})).collect::<Vec<_>>(),
            });
            output::print(&format!("{doc:#}\n"));
        }
        Format::Human => {
            let mut out = String::new();
            for (reference, pdf) in &report.missing {
                out.push_str(&format!("ontbreekt     {reference}: {dir}/{pdf} staat in het register maar bestaat niet.\n"));
            }
            for (reference, pdf, expected, actual) in &report.changed {
                out.push_str(&format!(
                    "gewijzigd     {reference}: {dir}/{pdf} is veranderd sinds het werd uitgegeven \
                     (SHA-256 {actual}, geregistreerd {expected}).\n"
                ));
            }
            for pdf in &report.unregistered {
                out.push_str(&format!(
                    "onbekend      {dir}/{pdf} staat niet in het register.\n"
                ));
            }
            for (line, message) in &report.unreadable {
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

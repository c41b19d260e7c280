//! `pto check`: every input error and every finding, per case file.

use std::path::PathBuf;

use chrono::NaiveDate;
use rayon::prelude::*;
use std::io::Write;

use super::output::{self, Sources};
use super::{Format, Status};
use crate::diag::Severity;
use crate::repo;
use crate::rules::{self, Finding};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Dossiers of mappen (standaard: case-files/).
    pub paths: Vec<PathBuf>,
    /// Peildatum JJJJ-MM-DD: wat is op die dag bekend (standaard: vandaag).
    #[arg(long, value_parser = super::parse_date_arg)]
    pub date: Option<NaiveDate>,
    /// Uitvoer voor mensen (human) of voor scripts (json).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: Args) -> Status {
    let root = super::root();
    let date = args.date.unwrap_or_else(super::today);
    let mut errors = Vec::new();
    let settings = match repo::load_settings(&root) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let files = match repo::case_files(&root, &args.paths) {
        Ok(files) => files,
        Err(e) => {
            errors.extend(e);
            Vec::new()
        }
    };
    let mut checked: Vec<(crate::case::Loaded, Vec<Finding>)> = Vec::new();
    if let Some(settings) = &settings {
        let progress = output::progress(files.len(), args.format, "dossiers");
        let tick = || {
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        };
        let set = repo::load_cases_with(&files, settings, date, &tick);
        if let Some(bar) = &progress {
            bar.finish_and_clear();
        }
        errors.extend(set.errors);
        checked = set
            .cases
            .into_par_iter()
            .map(|loaded| {
                let findings = rules::check(&loaded.case, &settings.policy, date);
                (loaded, findings)
            })
            .collect();
    }

    let blocking = checked
        .iter()
        .flat_map(|(_, f)| f)
        .filter(|f| f.blocks())
        .count();
    let status = if !errors.is_empty() {
        Status::BadInput
    } else if blocking > 0 {
        Status::Findings
    } else {
        Status::Ok
    };

    let mut out = output::stdout();
    match args.format {
        Format::Json => {
            // Streamed case by case: a folder of thousands of cases never
            // becomes one JSON value in memory.
            #[derive(serde::Serialize)]
            struct CaseJson<'a> {
                case: &'a str,
                file: &'a str,
                findings: Vec<output::FindingJson<'a>>,
            }
            let _ = write!(out, "{{\"date\":\"{date}\",\"cases\":[");
            for (i, (l, f)) in checked.iter().enumerate() {
                let _ = out.write_all(if i == 0 { b"\n" } else { b",\n" });
                let case = CaseJson {
                    case: &l.case.zaaknummer.value,
                    file: &l.path,
                    findings: f.iter().map(output::FindingJson::from).collect(),
                };
                let _ = serde_json::to_writer(&mut out, &case);
            }
            let errors: Vec<_> = errors.iter().map(output::error_json).collect();
            let _ = writeln!(out, "\n],\"errors\":{}}}", serde_json::Value::Array(errors));
        }
        Format::Human => {
            let mut sources = Sources::default();
            for e in &errors {
                let _ = writeln!(out, "{}", output::render_input_error(e, &mut sources));
            }
            for (loaded, findings) in &checked {
                for f in findings {
                    let _ = writeln!(
                        out,
                        "{}",
                        output::render_finding(f, &loaded.path, Some(&loaded.source))
                    );
                }
            }
            let _ = out.write_all(summary(&checked, errors.len(), date).as_bytes());
        }
    }
    let _ = out.flush();
    status
}

fn summary(
    checked: &[(crate::case::Loaded, Vec<Finding>)],
    input_errors: usize,
    date: NaiveDate,
) -> String {
    let all = || checked.iter().flat_map(|(_, f)| f);
    let of = |s: Severity| {
        all()
            .filter(|f| f.severity == s && f.waived.is_none())
            .count()
    };
    let waived = all().filter(|f| f.waived.is_some()).count();
    let mut parts = vec![
        output::count(of(Severity::Error), "fout", "fouten"),
        output::count(of(Severity::Warning), "waarschuwing", "waarschuwingen"),
        output::count(of(Severity::Info), "toelichting", "toelichtingen"),
    ];
    if waived > 0 {
        parts.push(format!("{waived} opgeheven (artikel 12)"));
    }
    let mut line = format!(
        "{} gecontroleerd op {}: {}",
        output::count(checked.len(), "dossier", "dossiers"),
        crate::calendar::date_in_words(date),
        parts.join(", ")
    );
    if input_errors > 0 {
        line.push_str(&format!(
            "; {} (die dossiers zijn niet gecontroleerd)",
            output::count(input_errors, "invoerfout", "invoerfouten")
        ));
    }
    line.push_str(".\n");
    line
}

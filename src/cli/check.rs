//! `pto check`: every input error and every finding, per case file.

use std::path::PathBuf;

use chrono::NaiveDate;
use std::io::Write;

use super::output::{self, Sources};
use super::{Common, Format, Status};
use crate::diag::Severity;
use crate::repo;
use crate::rules::{self, Finding};

#[derive(clap::Args, Debug)]
#[command(mut_arg("date", |a| a.help("Peildatum JJJJ-MM-DD: wat is op die dag bekend (standaard: vandaag)")))]
pub struct Args {
    /// Dossiers of mappen (standaard: case-files/).
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(args: Args) -> Status {
    let root = super::root();
    let date = args.common.date();
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
    let mut checked: Vec<Checked> = Vec::new();
    if let Some(settings) = &settings {
        let progress = output::progress(files.len(), args.common.format, "dossiers");
        let tick = || {
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        };
        // Each case is checked where it was loaded, and only what is
        // reported is kept.
        let (cases, load_errors) =
            repo::load_each(&root, &files, settings, date, &tick, |loaded| {
                let findings = rules::check(&loaded.case, &settings.policy, date);
                Checked {
                    case: loaded.case.zaaknummer.value,
                    path: loaded.path,
                    source: loaded.source,
                    findings,
                }
            });
        if let Some(bar) = &progress {
            bar.finish_and_clear();
        }
        errors.extend(load_errors);
        checked = cases;
    }

    let blocking = checked
        .iter()
        .flat_map(|c| &c.findings)
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
    match args.common.format {
        Format::Json => {
            let report = CheckReport {
                date,
                cases: checked.iter().map(CaseReport::from).collect(),
                errors: errors.iter().map(output::ErrorJson::from).collect(),
            };
            let _ = serde_json::to_writer(&mut out, &report);
            let _ = out.write_all(b"\n");
        }
        Format::Human => {
            let mut sources = Sources::default();
            for e in &errors {
                let _ = writeln!(out, "{}", output::render_input_error(e, &mut sources));
            }
            for c in &checked {
                for f in &c.findings {
                    let _ = writeln!(
                        out,
                        "{}",
                        output::render_finding(f, &c.path, Some(&c.source))
                    );
                }
            }
            // The hardheidsclausule as the policy numbers it (only printed
            // when cases were checked, so with settings).
            let art12 = settings.as_ref().map_or_else(String::new, |s| {
                rules::waivers::ART12
                    .article(s.policy.at_or_first(date))
                    .unwrap_or_default()
            });
            let _ = out.write_all(summary(&checked, errors.len(), date, &art12).as_bytes());
        }
    }
    let _ = out.flush();
    status
}

/// `pto check --format json`: every case with its findings, and every input
/// error. Serialised straight from borrowed values (no JSON tree in memory,
/// however many cases).
#[derive(Debug, serde::Serialize)]
pub struct CheckReport<'a> {
    /// The reference date.
    pub date: NaiveDate,
    pub cases: Vec<CaseReport<'a>>,
    pub errors: Vec<output::ErrorJson<'a>>,
}

/// One case file that loaded, with its findings.
#[derive(Debug, serde::Serialize)]
pub struct CaseReport<'a> {
    /// The zaaknummer.
    pub case: &'a str,
    pub file: &'a str,
    pub findings: Vec<output::FindingJson<'a>>,
}

impl<'a> From<&'a Checked> for CaseReport<'a> {
    fn from(c: &'a Checked) -> CaseReport<'a> {
        CaseReport {
            case: &c.case,
            file: &c.path,
            findings: c.findings.iter().map(output::FindingJson::from).collect(),
        }
    }
}

/// What `check` keeps of a case: enough to report its findings.
struct Checked {
    case: String,
    path: String,
    source: String,
    findings: Vec<Finding>,
}

fn summary(checked: &[Checked], input_errors: usize, date: NaiveDate, art12: &str) -> String {
    let all = || checked.iter().flat_map(|c| &c.findings);
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
        parts.push(format!("{waived} opgeheven ({art12})"));
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

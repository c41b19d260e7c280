//! `pto verify [output/]`: is every issued decision still the one that was
//! sent, with its records, registered once, and nothing else in the archive?

use std::path::PathBuf;

use serde::Serialize;

use super::output;
use super::{Format, Status};
use crate::archive::verify::{Report, SignatureKind, Signatures, verify_with};
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
    // The trust anchors, and whether decisions must be signed, come from
    // the repository's pto.yaml.
    let signatures = match signatures() {
        Ok(s) => s,
        Err(errors) => {
            let mut sources = output::Sources::default();
            let text: String = errors
                .iter()
                .map(|e| output::render_input_error(e, &mut sources) + "\n")
                .collect();
            output::print(&text);
            return Status::BadInput;
        }
    };
    let report = match verify_with(&args.output, &signatures) {
        Ok(r) => r,
        Err(e) => {
            output::print(&format!("invoerfout: {}\n", escape(&e.to_string())));
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
        Format::Human => output::print(&human(&dir, &report)),
    }
    if report.is_clean() {
        Status::Ok
    } else {
        Status::Findings
    }
}

/// How signatures are checked: against the trust anchors of `pto.yaml`,
/// and required when it has decisions signed.
fn signatures() -> Result<Signatures, Vec<crate::diag::InputError>> {
    let root = super::root();
    let settings = crate::repo::load_settings(&root)?;
    match &settings.ondertekening.digitaal {
        None => Ok(Signatures::default()),
        Some(d) => Ok(Signatures {
            anchors: crate::sign::config::load_anchors(d, &root)?,
            required: true,
        }),
    }
}

/// One line per finding, labelled, then the counts. What the register says
/// and what the folder holds may hold anything, a line break included:
/// each line is escaped where it is printed.
fn human(dir: &str, report: &Report) -> String {
    let mut out = String::new();
    let mut line = |label: &str, text: String| {
        out.push_str(&format!("{label:<13} {}\n", escape(&text)));
    };
    for m in &report.missing {
        line(
            "ontbreekt",
            format!(
                "{}: {dir}/{} staat in het register maar bestaat niet.",
                m.reference, m.pdf
            ),
        );
    }
    for c in &report.changed {
        line(
            "gewijzigd",
            format!(
                "{}: {dir}/{} is veranderd sinds het werd uitgegeven (SHA-256 {}, geregistreerd {}).",
                c.reference, c.pdf, c.actual_sha256, c.registered_sha256
            ),
        );
    }
    for m in &report.invalid_paths {
        line(
            "ongeldig pad",
            format!(
                "{}: het register noemt `{}`, niet het eigen bestand van dit besluit \
                 (<zaaknummer>/<kenmerk>.pdf); pto leest het niet.",
                m.reference, m.pdf
            ),
        );
    }
    for n in &report.unreadable_pdfs {
        line("onleesbaar", format!("{dir}/{} {}.", n.file, n.message));
    }
    for n in &report.records {
        line(
            "MDTO",
            format!("{}: {dir}/{} {}.", n.reference, n.file, n.message),
        );
    }
    for f in &report.signatures {
        let label = match f.kind {
            SignatureKind::Unsigned => "ongetekend",
            SignatureKind::Broken => "handtekening",
            SignatureKind::Untrusted => "niet vertrouwd",
            SignatureKind::Appended => "toegevoegd",
            SignatureKind::Mismatch => "ander dan geregistreerd",
        };
        line(
            label,
            format!("{}: {dir}/{}: {}.", f.reference, f.pdf, f.message),
        );
    }
    for pdf in &report.unregistered {
        line(
            "onbekend",
            format!("{dir}/{pdf} staat niet in het register."),
        );
    }
    for u in &report.unreadable {
        line(
            "onleesbaar",
            format!("{dir}/register.jsonl regel {}: {}", u.line, u.message),
        );
    }
    for d in &report.duplicate_register_lines {
        line(
            "dubbel",
            format!(
                "{dir}/register.jsonl regel {}: kenmerk {} staat ook op regel {}; alleen die \
                 eerste regel telt.",
                d.line, d.reference, d.first_line
            ),
        );
    }
    for link in &report.links {
        line(
            "koppeling",
            format!("{dir}/{link} is een symbolische koppeling; pto volgt die niet."),
        );
    }
    for tmp in &report.temporary_files {
        line(
            "tijdelijk",
            format!(
                "{dir}/{tmp} is een tijdelijk bestand van een afgebroken opdracht; de volgende \
                 pto decide ruimt het op."
            ),
        );
    }
    let other = report.invalid_paths.len()
        + report.unreadable_pdfs.len()
        + report.records.len()
        + report.unreadable.len()
        + report.duplicate_register_lines.len()
        + report.links.len()
        + report.temporary_files.len()
        + report.signatures.len();
    let signed = if report.signed > 0 {
        format!(" (waarvan {} met een geldige handtekening)", report.signed)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "{} intact{signed}; {} ontbreekt, {} gewijzigd, {} niet geregistreerd{}.\n",
        output::count(report.intact, "besluit", "besluiten"),
        report.missing.len(),
        report.changed.len(),
        report.unregistered.len(),
        if other == 0 {
            String::new()
        } else {
            format!(
                ", {}",
                output::count(other, "andere bevinding", "andere bevindingen")
            )
        }
    ));
    out
}

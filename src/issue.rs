//! Issuing one decision end to end: decide → render → archive, with the
//! provenance of the case file. Shared by `pto decide` and the benchmark.

use std::path::Path;

use chrono::NaiveDate;

use crate::archive::{self, Archive, Entry, Issued, mdto};
use crate::case::Loaded;
use crate::decide::{self, Decision, Proceeding};
use crate::format;
use crate::git::{self, Repository};
use crate::letter::{self, Wording};
use crate::settings::{PdfStandard, Settings};

/// What every decision of a run shares.
pub struct Run<'a> {
    pub settings: &'a Settings,
    pub wording: &'a Wording,
    pub archive: &'a Archive,
    pub git: Option<&'a Repository>,
    pub allow_uncommitted: bool,
    pub proceeding: Proceeding,
    pub date: NaiveDate,
    pub year: Option<i32>,
}

/// An issued (or already issued) decision.
#[derive(Debug)]
pub struct Done {
    pub decision: Decision,
    pub entry: Entry,
    /// The PDF's path as the user sees it (output folder included).
    pub pdf_path: String,
    pub status: Issued,
}

/// Why a case got no decision.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// It cannot be decided, or may not be issued (exit status 1).
    #[error("{0}")]
    Refused(String),
    /// Something broke: writing, typesetting (exit status 2).
    #[error("{0}")]
    Failed(String),
}

pub fn issue(run: &Run, loaded: &Loaded) -> Result<Done, Failure> {
    let provenance = git::provenance(run.git, Path::new(&loaded.path));
    if !run.allow_uncommitted
        && let Some(reason) = provenance.refusal(&loaded.path)
    {
        return Err(Failure::Refused(reason));
    }
    let decision = decide::decide(
        &loaded.case,
        &run.settings.policy,
        run.proceeding,
        run.date,
        run.year,
    )
    .map_err(|r| Failure::Refused(r.to_string()))?;
    let pdf = letter::render(&decision, loaded, run.settings, run.wording)
        .map_err(|e| Failure::Failed(e.to_string()))?;
    let sha256 = archive::sha256_hex(&pdf);
    let zaak = &loaded.case.zaaknummer.value;
    let relative = Archive::relative_pdf(zaak, &decision.reference);
    let entry = Entry {
        reference: decision.reference.clone(),
        case: zaak.clone(),
        proceeding: run.proceeding.key().to_string(),
        outcome: decision.outcome.key().to_string(),
        amount: decision
            .settlement
            .as_ref()
            .map(|s| format::plain(s.amount)),
        date: decision.date.to_string(),
        pdf: relative.clone(),
        sha256: sha256.clone(),
        case_file: loaded.path.clone(),
        git_commit: provenance.commit().map(str::to_string),
        case_blob: provenance.blob().map(str::to_string),
        uncommitted: !provenance.is_committed(),
        pto_version: env!("CARGO_PKG_VERSION").to_string(),
        issued_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    };
    let metadata = metadata(run, &decision, zaak, &relative, &pdf, &sha256);
    let status = run
        .archive
        .issue(&entry, &pdf, &metadata)
        .map_err(|e| match e {
            archive::ArchiveError::Exists { .. } => Failure::Refused(e.to_string()),
            archive::ArchiveError::Io { .. } => Failure::Failed(e.to_string()),
        })?;
    let pdf_path = run.archive.dir().join(&relative).display().to_string();
    Ok(Done {
        decision,
        entry,
        pdf_path,
        status,
    })
}

/// The two MDTO records beside the PDF: the decision (informatieobject) and
/// the file (bestand).
fn metadata(
    run: &Run,
    decision: &Decision,
    zaak: &str,
    relative: &str,
    pdf: &[u8],
    sha256: &str,
) -> Vec<(String, Vec<u8>)> {
    let s = run.settings;
    let file_name = relative.rsplit('/').next().unwrap_or(relative);
    let naam = letter::LetterKind::of(decision.outcome).mdto_name(decision.outcome, zaak);
    let bron = format!("pto-register gemeente {}", s.gemeente.naam);
    let archiefvormer = format!("Gemeente {}", s.gemeente.naam);
    let record = mdto::MdtoRecord {
        kenmerk: &decision.reference,
        bron: &bron,
        naam: &naam,
        archiefvormer: &archiefvormer,
        datum: decision.date,
        beperking_gebruik: &s.archief.beperking_gebruik,
        waardering: &s.archief.waardering,
        bewaartermijn_jaren: s.archief.bewaartermijn_jaren,
        bestand_naam: file_name,
        omvang: pdf.len() as u64,
        pdf_a3: s.archief.pdf == PdfStandard::A3b,
        sha256_hex: sha256,
        checksum_datum: decision.date,
    };
    vec![
        (
            mdto::informatieobject_file_name(&decision.reference),
            mdto::mdto_xml(&record).into_bytes(),
        ),
        (
            mdto::bestand_file_name(file_name),
            mdto::mdto_bestand_xml(&record).into_bytes(),
        ),
    ]
}

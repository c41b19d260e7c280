//! Issuing decisions end to end: read → decide → render → archive, with
//! the provenance of the bytes read. A [`Batch`] issues many case files in
//! parallel; each file is read and parsed once, on the worker that issues
//! it. Shared by `pto decide` and the benchmark.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use crate::archive::{self, Archive, Entry, Issued, mdto};
use crate::case::{self, Loaded};
use crate::decide::{self, Decision, History, Proceeding};
use crate::diag::InputError;
use crate::git::{self, Repository};
use crate::letter::{self, EVICT_EVERY, Wording};
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
    /// Render concepts for review into `output/concept/`: marked CONCEPT,
    /// not registered, freely replaced.
    pub concept: bool,
    /// How the letters are sent (the register records it).
    pub channel: archive::Channel,
    /// A letter that went out later than its date: this run issues it again
    /// on the sending date, under a new kenmerk, as the same decision.
    pub replaces: Option<Entry>,
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

/// A case file of a batch, and the zaaknummer found in it when the batch
/// was planned (the file must still state it when it is issued).
#[derive(Clone, Debug)]
pub struct Item {
    pub file: PathBuf,
    pub zaaknummer: Option<String>,
}

/// How one case file of a batch went.
#[derive(Debug)]
pub enum Attempt {
    Done(Box<Done>),
    /// The file has input errors: nothing was decided.
    Invalid(Vec<InputError>),
    /// Not issued: `case` is the zaaknummer (or the file name when the
    /// file could not be read), `file` the file's name.
    Failure {
        case: String,
        file: String,
        failure: Failure,
    },
}

/// Issues many case files, in parallel, keeping of each only what `keep`
/// makes of its [`Attempt`]: a batch of any size stays small in memory.
pub struct Batch<'a> {
    run: Run<'a>,
    done: AtomicUsize,
}

impl<'a> Batch<'a> {
    pub fn new(run: Run<'a>) -> Batch<'a> {
        Batch {
            run,
            done: AtomicUsize::new(0),
        }
    }

    /// `keep(attempt)` for every item, in the order of `items`; `tick` after
    /// each.
    pub fn issue_all<T: Send>(
        &self,
        items: &[Item],
        tick: &(dyn Fn() + Sync),
        keep: impl Fn(Attempt) -> T + Sync,
    ) -> Vec<T> {
        let results = crate::threads::map_on_workers(items, |item| {
            let attempt = issue_file(&self.run, item);
            // Typst memoizes per compilation; evicting what recent letters
            // did not reuse keeps memory flat over any batch size.
            if self.done.fetch_add(1, Ordering::Relaxed) % EVICT_EVERY == EVICT_EVERY - 1 {
                letter::evict_caches(2);
            }
            tick();
            keep(attempt)
        });
        letter::evict_caches(0);
        results
    }
}

/// Reads, checks and issues one case file.
pub fn issue_file(run: &Run, item: &Item) -> Attempt {
    let name = item.file.display().to_string();
    let invalid = |message: String| Attempt::Invalid(vec![InputError::file(&name, message)]);
    let bytes = match crate::repo::read_case_bytes(&item.file) {
        Ok(bytes) => bytes,
        Err(message) => return invalid(message),
    };
    // The bytes decided on are the bytes traced: read once, kept for git.
    let provenance = git::provenance(run.git, &item.file, &bytes);
    let blob = provenance
        .blob()
        .map_or_else(|| git::blob_id(&bytes), str::to_string);
    let source = match case::bytes_to_text(bytes) {
        Ok(source) => source,
        Err(message) => return invalid(message),
    };
    let case = match case::load_str(&name, &source) {
        Ok(case) => case,
        Err(errors) => return Attempt::Invalid(errors),
    };
    let date_errors = crate::rules::check_dates(&case, &run.settings.policy, run.date);
    if !date_errors.is_empty() {
        return Attempt::Invalid(
            date_errors
                .into_iter()
                .map(|(span, m)| InputError::at(&name, span, m))
                .collect(),
        );
    }
    let mut history = History::of(&case.zaaknummer.value, run.archive.entries());
    // The letter being replaced was never sent: it counts for nothing.
    if let Some(old) = &run.replaces {
        history.entries.retain(|e| e.reference != old.reference);
    }
    // A zienswijze received after the decision date is not known on it.
    let unknown: Vec<InputError> = case
        .zienswijzen
        .iter()
        .filter(|z| z.ontvangen.as_ref().is_none_or(|d| **d <= run.date))
        .filter(|z| {
            !history
                .entries
                .iter()
                .any(|e| e.reference == z.voornemen.value && e.outcome.announced().is_some())
        })
        .map(|z| {
            InputError::at(
                &name,
                z.voornemen.span,
                format!(
                    "Het voornemen {} staat niet in het register ({}): een zienswijze hoort bij \
                     een voornemen dat pto heeft uitgegeven. Controleer het kenmerk.",
                    z.voornemen.value,
                    run.archive.dir().join(crate::archive::REGISTER).display()
                ),
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Attempt::Invalid(unknown);
    }
    let loaded = Loaded {
        path: name,
        source,
        case,
    };
    let zaak = &loaded.case.zaaknummer.value;
    let failure = |failure| Attempt::Failure {
        case: zaak.clone(),
        file: loaded.path.clone(),
        failure,
    };
    if item
        .zaaknummer
        .as_ref()
        .is_some_and(|planned| planned != zaak)
    {
        return failure(Failure::Failed(format!(
            "het dossier veranderde tijdens het uitgeven: het zaaknummer is nu {zaak}, niet {} \
             zoals bij het begin van de opdracht. Geef het opnieuw uit.",
            item.zaaknummer.as_deref().unwrap_or_default()
        )));
    }
    if !run.allow_uncommitted
        && let Some(reason) = provenance.refusal(&loaded.path)
    {
        return failure(Failure::Refused(reason));
    }
    match issue(run, &loaded, &provenance, blob, &history) {
        Ok(done) => Attempt::Done(Box::new(done)),
        Err(f) => failure(f),
    }
}

/// Decides, renders and archives a loaded case whose bytes have
/// `provenance` and blob id `blob`.
fn issue(
    run: &Run,
    loaded: &Loaded,
    provenance: &git::Provenance,
    blob: String,
    history: &History,
) -> Result<Done, Failure> {
    let decision = decide::decide_with(
        &loaded.case,
        &run.settings.policy,
        run.proceeding,
        run.date,
        run.year,
        history,
    )
    .map_err(|r| Failure::Refused(r.to_string()))?;
    let mut decision = decision;
    if let Some(old) = &run.replaces {
        replacing(run, old, &mut decision)?;
    }
    letter::statute_check(&decision, &loaded.case, &run.settings.policy)
        .map_err(Failure::Refused)?;
    let pdf = letter::render(&decision, loaded, run.settings, run.wording, run.concept)
        .map_err(|e| Failure::Failed(e.to_string()))?;
    let sha256 = archive::sha256_hex(&pdf);
    let zaak = &loaded.case.zaaknummer.value;
    let relative = Archive::relative_pdf(zaak, &decision.reference);
    let entry = Entry {
        reference: decision.reference.clone(),
        case: zaak.clone(),
        proceeding: run.proceeding,
        outcome: decision.outcome,
        amount: decision.settlement.as_ref().map(|s| s.amount),
        date: decision.date,
        pdf: relative.clone(),
        sha256: sha256.clone(),
        case_file: loaded.path.clone(),
        git_commit: provenance.commit().map(str::to_string),
        case_blob: Some(blob),
        uncommitted: !provenance.is_committed(),
        pto_version: env!("CARGO_PKG_VERSION").to_string(),
        issued_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        period: decision.registered_period(),
        respond_by: decision.respond_by,
        sent: Some(archive::Sent {
            date: decision.date,
            channel: run.channel,
        }),
        replaces: run.replaces.as_ref().map(|e| e.reference.clone()),
    };
    if run.concept {
        let path = run
            .archive
            .concept(zaak, &decision.reference, &pdf)
            .map_err(|e| Failure::Failed(e.to_string()))?;
        return Ok(Done {
            decision,
            entry,
            pdf_path: path.display().to_string(),
            status: Issued::Concept,
        });
    }
    let metadata = metadata(run, &decision, zaak, &relative, &pdf, &sha256);
    let status = run
        .archive
        .issue(&entry, &pdf, &metadata)
        .map_err(|e| match e {
            archive::ArchiveError::Exists { .. } => Failure::Refused(e.to_string()),
            _ => Failure::Failed(e.to_string()),
        })?;
    let pdf_path = run.archive.dir().join(&relative).display().to_string();
    Ok(Done {
        decision,
        entry,
        pdf_path,
        status,
    })
}

/// A letter issued again on the day it was sent: the same decision as the
/// one it replaces (re-dating may not change it), under a kenmerk of its own
/// (`…-2`, `…-3`) where the dated one would repeat the old.
fn replacing(run: &Run, old: &Entry, decision: &mut Decision) -> Result<(), Failure> {
    if (
        decision.outcome,
        decision.settlement.as_ref().map(|s| s.amount),
    ) != (old.outcome, old.amount)
    {
        return Err(Failure::Refused(format!(
            "Op {} komt pto tot een ander besluit ({}) dan de brief {} ({}): die brief kan niet \
             alleen opnieuw worden gedateerd. Neem een nieuw besluit met pto decide.",
            crate::calendar::date_in_words(decision.date),
            crate::review::Verdict::Decided {
                outcome: decision.outcome,
                amount: decision.settlement.as_ref().map(|s| s.amount),
            }
            .words(),
            old.reference,
            crate::review::Verdict::Decided {
                outcome: old.outcome,
                amount: old.amount,
            }
            .words(),
        )));
    }
    let taken = |reference: &str| {
        reference == old.reference
            || run
                .archive
                .entries()
                .iter()
                .any(|e| e.reference == reference)
    };
    if taken(&decision.reference) {
        let base = decision.reference.clone();
        decision.reference = (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|r| !taken(r))
            .expect("an unused kenmerk");
    }
    Ok(())
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

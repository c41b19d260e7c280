//! Issuing decisions end to end: read → decide → render → archive, with
//! the provenance of the bytes read. A [`Batch`] issues many case files in
//! parallel; each file is read and parsed once, on the worker that issues
//! it. Shared by `pto decide` and the benchmark.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;

use crate::archive::{self, Archive, Entry, Issued, Signature, mdto};
use crate::case::{self, Loaded};
use crate::decide::{self, Decision, History, Proceeding};
use crate::diag::InputError;
use crate::git::{self, Repository};
use crate::letter::{self, EVICT_EVERY, Wording};
use crate::settings::{PdfStandard, Settings};
use crate::sign::config::Signing;

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
    /// The signer, when `pto.yaml` has decisions signed: then no decision
    /// enters the archive unsigned.
    pub signing: Option<&'a Signing>,
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

/// Decides, renders, signs (when configured) and archives a loaded case
/// whose bytes have `provenance` and blob id `blob`.
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
    // Electronically only to someone who said they can be reached that way.
    if run.channel == archive::Channel::Digitaal
        && !run.concept
        && loaded
            .case
            .aanvrager
            .elektronisch_bereikbaar
            .as_ref()
            .is_none_or(|d| **d > decision.date)
    {
        let article = run
            .settings
            .policy
            .wetten()
            .cite(
                crate::settings::Subject::ElektronischVerzenden,
                *loaded.case.uitkering.wet,
                decision.date,
            )
            .map(|c| format!(" ({})", c.long_abbreviated()))
            .unwrap_or_default();
        return Err(Failure::Refused(format!(
            "{} heeft niet laten weten elektronisch bereikbaar te zijn{article}: verstuur de \
             brief per post, of leg in het dossier vast sinds wanneer dat wel zo is \
             (`aanvrager.elektronisch_bereikbaar`).",
            loaded.case.aanvrager.naam.value
        )));
    }
    if let Some(old) = &run.replaces {
        replacing(run, old, &mut decision)?;
    }
    letter::statute_check(&decision, &loaded.case, &run.settings.policy)
        .map_err(Failure::Refused)?;
    // Awb 10:10: a signatory without mandate for this decision signs
    // nothing, whatever the decision.
    run.settings
        .mandate(
            decision.outcome,
            decision.settlement.as_ref().map(|s| s.amount),
        )
        .map_err(Failure::Refused)?;
    let pdf = letter::render(&decision, loaded, run.settings, run.wording, run.concept)
        .map_err(|e| Failure::Failed(e.to_string()))?;
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
        sha256: archive::sha256_hex(&pdf),
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
        signature: None,
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
    // Signing happens before anything is staged: what the archive writes is
    // the signed file, or nothing.
    let (bytes, entry) = match run.signing {
        None => (pdf, entry),
        Some(signing) => match already_signed(run, signing, &entry, &pdf)? {
            Some(issued) => issued,
            None => sign(signing, pdf, entry)?,
        },
    };
    let metadata = metadata(run, &decision, &entry, &bytes);
    let status = run
        .archive
        .issue(&entry, &bytes, &metadata)
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

/// Signs the rendered letter `pdf` and completes its register entry: the
/// signed file's hash, and the signature with both hashes.
fn sign(signing: &Signing, pdf: Vec<u8>, mut entry: Entry) -> Result<(Vec<u8>, Entry), Failure> {
    let signed = signing
        .sign(&pdf)
        .map_err(|e| Failure::Failed(signing.explain(&e)))?;
    if !signed.pdf.starts_with(&pdf) || !signed.validation.is_valid() {
        return Err(Failure::Failed(format!(
            "het ondertekende besluit {} is niet de ondertekening van de brief zoals die is \
             opgemaakt; het is niet uitgegeven",
            entry.reference
        )));
    }
    entry.signature = Some(signature(
        &signed.signer,
        signed.level,
        signed.time,
        signed.timestamp,
        &entry,
        &pdf,
    ));
    entry.sha256 = archive::sha256_hex(&signed.pdf);
    Ok((signed.pdf, entry))
}

/// What the register says of a signature that checked out at issue.
const VALID: &str = "geldig";

/// The register's record of a valid signature by `c` over the letter
/// `unsigned`, whose unsigned entry is `entry`.
fn signature(
    c: &crate::sign::CertificateInfo,
    level: crate::sign::Level,
    signing_time: chrono::DateTime<chrono::Utc>,
    timestamp: Option<chrono::DateTime<chrono::Utc>>,
    entry: &Entry,
    unsigned: &[u8],
) -> Signature {
    Signature {
        signer: c.name.clone(),
        organisation: c.organisation.clone(),
        certificate_subject: c.subject.clone(),
        certificate_issuer: c.issuer.clone(),
        certificate_serial: c.serial.clone(),
        certificate_sha256: c.fingerprint.clone(),
        level,
        signing_time,
        timestamp,
        validation: VALID.into(),
        validated_at: now_seconds(),
        unsigned_sha256: entry.sha256.clone(),
        unsigned_size: unsigned.len() as u64,
    }
}

fn now_seconds() -> chrono::DateTime<chrono::Utc> {
    let now = chrono::Utc::now();
    chrono::DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

/// The signed file already issued for this decision, whose letter as
/// rendered is `unsigned` (`entry` is the new entry, unsigned): issuing it
/// again changes nothing, though a new signature would make new bytes. Also
/// a signed file on disk whose register line a crash lost, if it is the
/// valid signature of this very letter. None: not issued yet.
fn already_signed(
    run: &Run,
    signing: &Signing,
    entry: &Entry,
    unsigned: &[u8],
) -> Result<Option<(Vec<u8>, Entry)>, Failure> {
    let exists = || {
        Failure::Refused(
            archive::ArchiveError::Exists {
                reference: entry.reference.clone(),
                path: run.archive.dir().join(&entry.pdf).display().to_string(),
            }
            .to_string(),
        )
    };
    let read = |relative: &str| {
        run.archive
            .read_pdf(relative)
            .map_err(|e| Failure::Failed(e.to_string()))
    };
    if let Some(previous) = run.archive.registered(&entry.reference) {
        if previous.content_sha256() != entry.sha256 {
            return Err(exists());
        }
        return match read(&previous.pdf)? {
            Some(bytes) if archive::sha256_hex(&bytes) == previous.sha256 => {
                Ok(Some((bytes, previous)))
            }
            Some(_) => Err(Failure::Refused(format!(
                "het uitgegeven besluit {} is veranderd sinds het werd uitgegeven (zie pto \
                 verify); pto ondertekent het niet opnieuw en overschrijft het niet",
                entry.reference
            ))),
            None if previous.signature.is_some() => Err(Failure::Refused(format!(
                "het ondertekende besluit {} staat in het register, maar {} ontbreekt. \
                 Opnieuw ondertekenen gaf een ander bestand dan het geregistreerde (een \
                 handtekening heeft haar eigen tijd); zet het bestand terug uit een back-up",
                entry.reference,
                run.archive.dir().join(&previous.pdf).display()
            ))),
            // An unsigned decision lost from disk: the archive restores it.
            None => Ok(Some((unsigned.to_vec(), previous))),
        };
    }
    let Some(bytes) = read(&entry.pdf)? else {
        return Ok(None);
    };
    // On disk without a register line: ours if it is this letter, validly
    // signed, with nothing after the signature.
    let report = crate::sign::verify_pdf(&bytes, signing.anchors());
    let only = match report.signatures.as_slice() {
        [only] if report.is_valid() && bytes.starts_with(unsigned) => only,
        _ => return Err(exists()),
    };
    let Some(c) = &only.signer else {
        return Err(exists());
    };
    let time = only.time.unwrap_or_else(now_seconds);
    let mut adopted = entry.clone();
    adopted.signature = Some(signature(
        c,
        only.level,
        time,
        (only.time_source == Some(crate::sign::TimeSource::Tijdstempel)).then_some(time),
        entry,
        unsigned,
    ));
    adopted.sha256 = archive::sha256_hex(&bytes);
    Ok(Some((bytes, adopted)))
}

/// The two MDTO records beside the PDF: the decision (informatieobject) and
/// the file (bestand), which is the signed file when the decision is signed.
fn metadata(run: &Run, decision: &Decision, entry: &Entry, pdf: &[u8]) -> Vec<(String, Vec<u8>)> {
    let s = run.settings;
    let zaak = &entry.case;
    let relative = &entry.pdf;
    let file_name = relative.rsplit('/').next().unwrap_or(relative);
    let naam = letter::LetterKind::of(decision.outcome).mdto_name(decision.outcome, zaak);
    let bron = format!("pto-register gemeente {}", s.gemeente.naam);
    let archiefvormer = format!("Gemeente {}", s.gemeente.naam);
    let signing = entry.signature.as_ref().map(|sig| {
        let actor = format!("{}, {}", sig.signer, s.ondertekening.functie);
        (sig, actor, signing_result(sig))
    });
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
        sha256_hex: &entry.sha256,
        checksum_datum: decision.date,
        ondertekening: signing
            .as_ref()
            .map(|(sig, actor, result)| mdto::Ondertekening {
                tijd: sig.signing_time,
                actor,
                resultaat: result,
            }),
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

/// The MDTO event result of a signing: certificate, level, time-stamp, the
/// validation at issue and the letter as rendered.
fn signing_result(sig: &Signature) -> String {
    let stamp = sig.timestamp.map_or_else(String::new, |t| {
        format!(
            "; tijdstempel van een tijdstempeldienst: {}",
            t.format("%Y-%m-%dT%H:%M:%SZ")
        )
    });
    format!(
        "Digitaal ondertekend (PAdES {}) met certificaat serienummer {} (SHA-256 {}) van {}, \
         uitgegeven door {}{stamp}. Gecontroleerd door pto bij het uitgeven ({}): {}. De brief \
         zoals opgemaakt zijn de eerste {} bytes van het bestand, SHA-256 {}.",
        sig.level,
        sig.certificate_serial,
        sig.certificate_sha256,
        sig.certificate_subject,
        sig.certificate_issuer,
        sig.validated_at.format("%Y-%m-%dT%H:%M:%SZ"),
        sig.validation,
        sig.unsigned_size,
        sig.unsigned_sha256
    )
}

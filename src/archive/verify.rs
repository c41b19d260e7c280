//! `pto verify`: re-hash every registered PDF, check its MDTO records, and
//! find what is missing, changed, registered twice, not registered, or out
//! of place (links, special files, temporary files of an interrupted run).
//!
//! It reads as warily as it writes: a register line's `pdf` must be the
//! decision's own `<zaaknummer>/<kenmerk>.pdf` (never absolute, never
//! `..`), only regular files are read, with a bound, and no symbolic link
//! is followed (see [`super::files`]).

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::files::{self, MAX_PDF_BYTES, MAX_RECORD_BYTES, Refused};
use super::mdto;
use super::register::{Entry, Problem};
use super::sha256_hex;
use super::store::{self, Archive, LOCK, Lock, read_register};

/// What `verify` found. Serialised as the JSON of `pto verify --format
/// json` (the command adds the folder as `output`).
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Registered PDFs whose bytes match, with records that agree.
    pub intact: usize,
    /// Registered but not on disk.
    pub missing: Vec<Missing>,
    /// On disk with other bytes than registered.
    pub changed: Vec<Changed>,
    /// PDFs in the folder that no register line names.
    pub unregistered: Vec<String>,
    /// Register lines that could not be read (a cut-off last line too).
    #[serde(rename = "unreadable_register_lines")]
    pub unreadable: Vec<Unreadable>,
    /// Register lines of a kenmerk registered before: only the first counts.
    pub duplicate_register_lines: Vec<Duplicate>,
    /// Register lines whose `pdf` is not the decision's own file.
    pub invalid_paths: Vec<Missing>,
    /// A registered PDF that is no regular file, a link, or too large.
    pub unreadable_pdfs: Vec<Note>,
    /// MDTO records missing, unreadable, or saying something else than the
    /// register and the PDF.
    pub records: Vec<Note>,
    /// Symbolic links inside the archive (never followed).
    pub links: Vec<String>,
    /// Temporary files of an interrupted run (`.pto-*.tmp`): removed by the
    /// next `pto decide`.
    pub temporary_files: Vec<String>,
    /// Registered decisions whose signatures were checked and hold (they
    /// count among `intact` when nothing else is wrong).
    pub signed: usize,
    /// Signatures that do not hold, decisions unsigned where signing is
    /// configured, and signatures other than the register says.
    pub signatures: Vec<SignatureFinding>,
}

/// What is wrong with a decision's signature.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct SignatureFinding {
    pub reference: String,
    pub pdf: String,
    pub kind: SignatureKind,
    /// In Dutch.
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureKind {
    /// Not signed, while `pto.yaml` has decisions signed.
    Unsigned,
    /// The signature does not hold: the signed bytes changed, the CMS does
    /// not verify, the certificate was not valid at the signing time or may
    /// not sign, it was revoked, the time-stamp is bad, or it is unreadable.
    Broken,
    /// The certificate does not lead to a trust anchor of `pto.yaml`.
    Untrusted,
    /// Bytes other than validation data were added after signing.
    Appended,
    /// The signature is not the one the register recorded.
    Mismatch,
}

/// How `verify` checks signatures.
#[derive(Debug, Default)]
pub struct Signatures {
    /// The trust anchors of `pto.yaml` (`ondertekening.vertrouwd`).
    pub anchors: crate::sign::TrustAnchors,
    /// `pto.yaml` has decisions signed: an unsigned one is a finding.
    pub required: bool,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub reference: String,
    pub pdf: String,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub reference: String,
    pub pdf: String,
    pub registered_sha256: String,
    pub actual_sha256: String,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub line: usize,
    pub first_line: usize,
    pub reference: String,
}

/// A file of a decision and what is wrong with it, in Dutch.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    pub reference: String,
    /// Relative to the output folder.
    pub file: String,
    pub message: String,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty()
            && self.changed.is_empty()
            && self.unregistered.is_empty()
            && self.unreadable.is_empty()
            && self.duplicate_register_lines.is_empty()
            && self.invalid_paths.is_empty()
            && self.unreadable_pdfs.is_empty()
            && self.records.is_empty()
            && self.links.is_empty()
            && self.temporary_files.is_empty()
            && self.signatures.is_empty()
    }
}

/// Why the archive could not be verified at all.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("De map {0} bestaat niet.")]
    NoFolder(String),
    #[error("{0} is een symbolische koppeling; pto verify volgt die niet. Geef de map zelf op.")]
    Link(String),
    #[error("{0}")]
    Archive(#[from] store::ArchiveError),
    #[error("Het register in {0} kan niet worden gelezen: {1}")]
    Register(String, std::io::Error),
}

/// Verifies the archive in `dir` without trust anchors and without
/// requiring signatures (see [`verify_with`]).
pub fn verify(dir: &Path) -> Result<Report, VerifyError> {
    verify_with(dir, &Signatures::default())
}

/// Verifies the archive in `dir`, holding a shared lock: refused while a
/// `pto decide` writes there (what it has half done would show as errors).
/// Every signed decision's signature is checked against `signatures`.
pub fn verify_with(dir: &Path, signatures: &Signatures) -> Result<Report, VerifyError> {
    let name = dir.display().to_string();
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(VerifyError::Link(name)),
        Ok(meta) if meta.is_dir() => {}
        _ => return Err(VerifyError::NoFolder(name)),
    }
    let _lock = store::lock(dir, Lock::Shared)?;
    let register = read_register(dir).map_err(|e| VerifyError::Register(name, e))?;
    let mut report = Report::default();
    for problem in &register.problems {
        match problem {
            Problem::Duplicate {
                line,
                first,
                reference,
            } => report.duplicate_register_lines.push(Duplicate {
                line: *line,
                first_line: *first,
                reference: reference.clone(),
            }),
            other => report.unreadable.push(Unreadable {
                line: other.line(),
                message: other.message(),
            }),
        }
    }
    let checks: Vec<Check> = register
        .entries
        .par_iter()
        .map(|e| check(dir, e, signatures))
        .collect();
    for check in checks {
        let whole = check.records.is_empty() && check.signatures.is_empty();
        report.signatures.extend(check.signatures);
        match check.pdf {
            Pdf::Intact if whole => {
                report.intact += 1;
                report.signed += usize::from(check.signed);
            }
            Pdf::Intact => {}
            Pdf::Missing(m) => report.missing.push(m),
            Pdf::Invalid(m) => report.invalid_paths.push(m),
            Pdf::Changed(c) => report.changed.push(c),
            Pdf::Unreadable(n) => report.unreadable_pdfs.push(n),
        }
        report.records.extend(check.records);
    }
    let registered: HashSet<&str> = register.entries.iter().map(|e| e.pdf.as_str()).collect();
    walk(dir, &registered, &mut report);
    Ok(report)
}

/// What verify found of one register entry.
struct Check {
    pdf: Pdf,
    records: Vec<Note>,
    /// The PDF holds a signature (or the register says it should).
    signed: bool,
    signatures: Vec<SignatureFinding>,
}

enum Pdf {
    Intact,
    Missing(Missing),
    Invalid(Missing),
    Changed(Changed),
    Unreadable(Note),
}

fn check(dir: &Path, e: &Entry, signatures: &Signatures) -> Check {
    let missing = || Missing {
        reference: e.reference.clone(),
        pdf: e.pdf.clone(),
    };
    let own = Archive::relative_pdf(&e.case, &e.reference);
    if e.pdf != own || !store::safe_name(&e.case) || !store::safe_name(&e.reference) {
        return Check {
            pdf: Pdf::Invalid(missing()),
            records: Vec::new(),
            signed: false,
            signatures: Vec::new(),
        };
    }
    let folder = dir.join(&e.case);
    if files::is_symlink(&folder) {
        return Check {
            // Reported once, as a link, by the walk.
            pdf: Pdf::Unreadable(note(e, &e.case, Refused::Symlink.message())),
            records: Vec::new(),
            signed: false,
            signatures: Vec::new(),
        };
    }
    let mut signed = false;
    let mut findings = Vec::new();
    let (pdf, actual) = match files::read(&dir.join(&e.pdf), MAX_PDF_BYTES) {
        Ok(bytes) => {
            (signed, findings) = check_signatures(e, &bytes, signatures);
            let sha = sha256_hex(&bytes);
            let pdf = if sha == e.sha256 {
                Pdf::Intact
            } else {
                Pdf::Changed(Changed {
                    reference: e.reference.clone(),
                    pdf: e.pdf.clone(),
                    registered_sha256: e.sha256.clone(),
                    actual_sha256: sha.clone(),
                })
            };
            (pdf, Some((sha, bytes.len() as u64)))
        }
        Err(Refused::Missing) => (Pdf::Missing(missing()), None),
        Err(r) => (Pdf::Unreadable(note(e, &e.pdf, r.message())), None),
    };
    Check {
        pdf,
        records: records(dir, e, actual.as_ref()),
        signed,
        signatures: findings,
    }
}

/// Checks the signatures of `e`'s PDF `bytes`: cryptographically (the
/// digest over the byte range, the CMS signature, the chain to the trust
/// anchors, validity and key usage at the signing time, revocation data in
/// the file), nothing but validation data after the signature, and the
/// signature being the one the register recorded. Whether the PDF is
/// signed, and what is wrong.
fn check_signatures(
    e: &Entry,
    bytes: &[u8],
    signatures: &Signatures,
) -> (bool, Vec<SignatureFinding>) {
    let finding = |kind, message: String| SignatureFinding {
        reference: e.reference.clone(),
        pdf: e.pdf.clone(),
        kind,
        message,
    };
    if e.signature.is_none() && !signatures.required {
        return (false, Vec::new());
    }
    let verification = crate::sign::verify_pdf(bytes, &signatures.anchors);
    let mut found = Vec::new();
    if !verification.is_signed() {
        let message = if e.signature.is_some() {
            "het register noemt een handtekening, maar de PDF bevat er geen".to_string()
        } else {
            "de PDF is niet ondertekend, terwijl pto.yaml besluiten laat ondertekenen \
             (`ondertekening.certificaat`)"
                .to_string()
        };
        let kind = if e.signature.is_some() {
            SignatureKind::Broken
        } else {
            SignatureKind::Unsigned
        };
        found.push(finding(kind, message));
        // An unreadable file says so too.
        for problem in &verification.problems {
            found.push(finding(SignatureKind::Broken, problem.to_string()));
        }
        return (e.signature.is_some(), found);
    }
    use crate::sign::Problem;
    let kind_of = |p: &Problem| match p {
        Problem::Untrusted(_) => SignatureKind::Untrusted,
        Problem::AppendedAfterSigning(_) => SignatureKind::Appended,
        _ => SignatureKind::Broken,
    };
    for report in &verification.signatures {
        for problem in &report.problems {
            let mut message = problem.to_string();
            if matches!(problem, Problem::Untrusted(_)) {
                message.push_str(" (vertrouwde basiscertificaten: `ondertekening.vertrouwd`)");
            }
            found.push(finding(kind_of(problem), message));
        }
    }
    for problem in &verification.problems {
        found.push(finding(kind_of(problem), problem.to_string()));
    }
    match &e.signature {
        None => found.push(finding(
            SignatureKind::Mismatch,
            "de PDF is ondertekend, maar het register noemt geen handtekening".into(),
        )),
        Some(recorded) => {
            let certificate = verification
                .signatures
                .first()
                .and_then(|s| s.signer.as_ref())
                .map(|c| c.fingerprint.as_str());
            if certificate != Some(recorded.certificate_sha256.as_str()) {
                found.push(finding(
                    SignatureKind::Mismatch,
                    format!(
                        "de handtekening is gezet met een ander certificaat dan het register \
                         noemt (SHA-256 {})",
                        recorded.certificate_sha256
                    ),
                ));
            }
            let prefix = usize::try_from(recorded.unsigned_size)
                .ok()
                .and_then(|n| bytes.get(..n));
            if prefix.map(sha256_hex).as_deref() != Some(recorded.unsigned_sha256.as_str()) {
                found.push(finding(
                    SignatureKind::Mismatch,
                    format!(
                        "de brief zoals die werd opgemaakt (de eerste {} bytes, SHA-256 {}) is \
                         niet meer het begin van het bestand",
                        recorded.unsigned_size, recorded.unsigned_sha256
                    ),
                ));
            }
        }
    }
    (true, found)
}

fn note(e: &Entry, file: &str, message: String) -> Note {
    Note {
        reference: e.reference.clone(),
        file: file.to_string(),
        message,
    }
}

/// The two MDTO records of `e`: present, regular, well-formed, and saying
/// what the register says (and, when the PDF was read, what the PDF is:
/// `actual` is its SHA-256 and size).
fn records(dir: &Path, e: &Entry, actual: Option<&(String, u64)>) -> Vec<Note> {
    let pdf_name = format!("{}.pdf", e.reference);
    let informatieobject = mdto::informatieobject_file_name(&e.reference);
    let bestand = mdto::bestand_file_name(&pdf_name);
    let mut notes = Vec::new();
    let mut read = |name: &str, check: &dyn Fn(&Record) -> Vec<String>| {
        let file = format!("{}/{name}", e.case);
        match files::read(&dir.join(&file), MAX_RECORD_BYTES) {
            Ok(bytes) => match Record::parse(&bytes) {
                Ok(record) => {
                    for message in check(&record) {
                        notes.push(note(e, &file, message));
                    }
                }
                Err(message) => notes.push(note(e, &file, message)),
            },
            Err(r) => notes.push(note(e, &file, r.message())),
        }
    };
    read(&informatieobject, &|r| {
        let mut wrong = Vec::new();
        r.expect(
            &["informatieobject", "identificatie", "identificatieKenmerk"],
            &e.reference,
            "het kenmerk",
            &mut wrong,
        );
        r.expect(
            &[
                "informatieobject",
                "heeftRepresentatie",
                "verwijzingIdentificatie",
                "identificatieKenmerk",
            ],
            &pdf_name,
            "de verwijzing naar de PDF",
            &mut wrong,
        );
        wrong
    });
    read(&bestand, &|r| {
        let mut wrong = Vec::new();
        r.expect(
            &["bestand", "identificatie", "identificatieKenmerk"],
            &pdf_name,
            "de naam van de PDF",
            &mut wrong,
        );
        r.expect(
            &["bestand", "checksum", "checksumAlgoritme", "begripLabel"],
            "SHA-256",
            "het checksumalgoritme",
            &mut wrong,
        );
        r.expect(
            &["bestand", "checksum", "checksumWaarde"],
            &e.sha256,
            "de checksum (die van het register)",
            &mut wrong,
        );
        if let Some((sha, size)) = actual {
            if *sha != e.sha256 {
                r.expect(
                    &["bestand", "checksum", "checksumWaarde"],
                    sha,
                    "de checksum (die van de PDF)",
                    &mut wrong,
                );
            }
            r.expect(
                &["bestand", "omvang"],
                &size.to_string(),
                "de omvang van de PDF",
                &mut wrong,
            );
        }
        r.expect(
            &[
                "bestand",
                "isRepresentatieVan",
                "verwijzingIdentificatie",
                "identificatieKenmerk",
            ],
            &e.reference,
            "de verwijzing naar het besluit",
            &mut wrong,
        );
        wrong
    });
    notes
}

/// A parsed MDTO record.
struct Record<'a> {
    doc: roxmltree::Document<'a>,
}

impl<'a> Record<'a> {
    /// A well-formed MDTO document (no DTD: roxmltree refuses one, so no
    /// entity can expand).
    fn parse(bytes: &'a [u8]) -> Result<Record<'a>, String> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| "is geen UTF-8-tekst, dus geen MDTO-record van pto".to_string())?;
        let doc =
            roxmltree::Document::parse(text).map_err(|e| format!("is geen geldig XML ({e})"))?;
        let root = doc.root_element();
        if root.tag_name().name() != "MDTO" || root.tag_name().namespace() != Some(mdto::NAMESPACE)
        {
            return Err(format!(
                "is geen MDTO-record (hoofdelement `{}`)",
                root.tag_name().name()
            ));
        }
        Ok(Record { doc })
    }

    /// The text of the first element along `path` below the root.
    fn text(&self, path: &[&str]) -> Option<&str> {
        let mut node = self.doc.root_element();
        for name in path {
            node = node
                .children()
                .find(|n| n.is_element() && n.tag_name().name() == *name)?;
        }
        Some(node.text().unwrap_or_default().trim())
    }

    /// Notes in `wrong` when the element along `path` is missing or does
    /// not hold `expected`.
    fn expect(&self, path: &[&str], expected: &str, what: &str, wrong: &mut Vec<String>) {
        match self.text(path) {
            Some(text) if text == expected => {}
            Some(text) => wrong.push(format!(
                "{what} in het record is `{text}`, verwacht `{expected}` (element {})",
                path.join("/")
            )),
            None => wrong.push(format!(
                "{what} ontbreekt in het record (element {})",
                path.join("/")
            )),
        }
    }
}

/// Walks the archive without following links: links, temporary files, and
/// PDFs no register line names.
fn walk(dir: &Path, registered: &HashSet<&str>, report: &mut Report) {
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let relative = path.strip_prefix(dir).unwrap_or(path);
        let name: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        let name = name.join("/");
        let kind = entry.file_type();
        if kind.is_symlink() {
            report.links.push(name);
        } else if kind.is_file() && store::is_temporary(entry.file_name()) {
            report.temporary_files.push(name);
        } else if kind.is_file()
            && path.extension().is_some_and(|e| e == "pdf")
            && !registered.contains(name.as_str())
            && !name.starts_with(&format!("{}/", store::CONCEPT_DIR))
        {
            report.unregistered.push(name);
        } else if !kind.is_file() && !kind.is_dir() && entry.file_name() != LOCK {
            report.unreadable_pdfs.push(Note {
                reference: String::new(),
                file: name,
                message: "staat in het archief maar is geen gewoon bestand of map".into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::register::tests::entry;

    /// An archive with one decision issued through [`Archive`], with its
    /// two records as pto writes them.
    fn archive() -> (tempfile::TempDir, Entry) {
        let dir = tempfile::tempdir().unwrap();
        let pdf = b"%PDF-1.7 besluit".to_vec();
        let mut e = entry("Z-1-AANVRAAG-20240108", &sha256_hex(&pdf));
        e.pdf = Archive::relative_pdf(&e.case, &e.reference);
        let record = mdto::MdtoRecord {
            kenmerk: &e.reference,
            bron: "pto-register gemeente Test",
            naam: "Besluit",
            archiefvormer: "Gemeente Test",
            datum: e.date,
            beperking_gebruik: "geen",
            waardering: "V",
            bewaartermijn_jaren: Some(10),
            bestand_naam: &format!("{}.pdf", e.reference),
            omvang: pdf.len() as u64,
            pdf_a3: false,
            sha256_hex: &e.sha256,
            checksum_datum: e.date,
            ondertekening: None,
        };
        let metadata = [
            (
                mdto::informatieobject_file_name(&e.reference),
                mdto::mdto_xml(&record).into_bytes(),
            ),
            (
                mdto::bestand_file_name(&format!("{}.pdf", e.reference)),
                mdto::mdto_bestand_xml(&record).into_bytes(),
            ),
        ];
        let archive = Archive::open(dir.path()).unwrap();
        archive.issue(&e, &pdf, &metadata).unwrap();
        assert!(archive.sync().unwrap().is_empty());
        drop(archive);
        (dir, e)
    }

    fn bestand(dir: &Path, e: &Entry) -> std::path::PathBuf {
        dir.join(&e.case)
            .join(mdto::bestand_file_name(&format!("{}.pdf", e.reference)))
    }

    #[test]
    fn an_archive_as_issued_is_clean() {
        let (dir, _) = archive();
        let report = verify(dir.path()).unwrap();
        assert!(report.is_clean(), "{report:?}");
        assert_eq!(report.intact, 1);
    }

    /// Failed before: a record deleted or edited was "intact".
    #[test]
    fn a_record_deleted_or_with_another_checksum_is_reported() {
        let (dir, e) = archive();
        let path = bestand(dir.path(), &e);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(&e.sha256, &"0".repeat(64))).unwrap();
        let report = verify(dir.path()).unwrap();
        assert_eq!(report.intact, 0);
        assert_eq!(report.records.len(), 1, "{:?}", report.records);
        assert!(
            report.records[0]
                .message
                .contains("de checksum (die van het register)")
        );

        std::fs::remove_file(
            dir.path()
                .join(&e.case)
                .join(mdto::informatieobject_file_name(&e.reference)),
        )
        .unwrap();
        let report = verify(dir.path()).unwrap();
        assert_eq!(report.records.len(), 2, "{:?}", report.records);
        assert!(report.records.iter().any(|n| n.message == "bestaat niet"));

        std::fs::write(&path, "<MDTO><bestand/>").unwrap();
        let report = verify(dir.path()).unwrap();
        assert!(
            report
                .records
                .iter()
                .any(|n| n.message.contains("geen geldig XML")),
            "{report:?}"
        );
    }

    #[test]
    fn a_pdf_and_its_record_edited_together_still_differ_from_the_register() {
        let (dir, e) = archive();
        let forged = b"%PDF-1.7 vervalst".to_vec();
        let sha = sha256_hex(&forged);
        std::fs::write(dir.path().join(&e.pdf), &forged).unwrap();
        let path = bestand(dir.path(), &e);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(&e.sha256, &sha)).unwrap();
        let report = verify(dir.path()).unwrap();
        assert_eq!(report.changed.len(), 1);
        assert!(
            report
                .records
                .iter()
                .any(|n| n.message.contains("die van het register"))
        );
    }

    /// Failed before: a forged line naming /etc/hostname counted as intact,
    /// and one naming /dev/zero read until memory ran out.
    #[test]
    fn a_line_naming_a_file_outside_its_own_place_is_invalid_and_never_read() {
        let (dir, e) = archive();
        let mut lines = std::fs::read_to_string(dir.path().join(crate::archive::REGISTER)).unwrap();
        for (i, pdf) in [
            "/etc/hostname",
            "../../etc/hostname",
            "/dev/zero",
            "Z-1/other.pdf",
        ]
        .into_iter()
        .enumerate()
        {
            let mut forged = e.clone();
            forged.reference = format!("Z-1-FORGED-{i}");
            forged.pdf = pdf.into();
            lines.push_str(&serde_json::to_string(&forged).unwrap());
            lines.push('\n');
        }
        let mut dotted = e.clone();
        dotted.case = "..".into();
        dotted.reference = "x".into();
        dotted.pdf = "../x.pdf".into();
        lines.push_str(&serde_json::to_string(&dotted).unwrap());
        lines.push('\n');
        std::fs::write(dir.path().join(crate::archive::REGISTER), lines).unwrap();
        let report = verify(dir.path()).unwrap();
        assert_eq!(report.invalid_paths.len(), 5, "{report:?}");
        assert_eq!(report.intact, 1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn links_special_files_and_temporary_files_are_reported_and_not_followed() {
        let (dir, e) = archive();
        let d = dir.path();
        // The registered PDF replaced by a link to a copy of itself.
        let pdf = d.join(&e.pdf);
        std::fs::rename(&pdf, d.join("elders.pdf")).unwrap();
        std::os::unix::fs::symlink(d.join("elders.pdf"), &pdf).unwrap();
        let fifo =
            std::ffi::CString::new(d.join("Z-1/fifo.pdf").into_os_string().into_encoded_bytes())
                .unwrap();
        // SAFETY: a valid C string; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        std::fs::write(d.join("Z-1/.pto-abc.tmp"), b"half").unwrap();
        let report = verify(d).unwrap();
        assert_eq!(report.intact, 0);
        assert_eq!(report.links, ["Z-1/Z-1-AANVRAAG-20240108.pdf"]);
        assert!(
            report
                .unreadable_pdfs
                .iter()
                .any(|n| n.file == e.pdf && n.message.contains("koppeling"))
        );
        assert!(
            report
                .unreadable_pdfs
                .iter()
                .any(|n| n.file == "Z-1/fifo.pdf"),
            "{report:?}"
        );
        assert_eq!(report.temporary_files, ["Z-1/.pto-abc.tmp"]);
        assert_eq!(report.unregistered, ["elders.pdf"]);
    }

    #[test]
    fn a_kenmerk_registered_twice_is_reported() {
        let (dir, _) = archive();
        let path = dir.path().join(crate::archive::REGISTER);
        let line = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{line}{line}")).unwrap();
        let report = verify(dir.path()).unwrap();
        assert_eq!(report.intact, 1);
        assert_eq!(
            report.duplicate_register_lines,
            [Duplicate {
                line: 2,
                first_line: 1,
                reference: "Z-1-AANVRAAG-20240108".into()
            }]
        );
        assert!(!report.is_clean());
    }

    #[test]
    fn verify_waits_for_no_decide_it_says_one_is_running() {
        let (dir, _) = archive();
        let archive = Archive::open(dir.path()).unwrap();
        assert!(matches!(
            verify(dir.path()),
            Err(VerifyError::Archive(store::ArchiveError::Locked { .. }))
        ));
        drop(archive);
        verify(dir.path()).unwrap();
    }
}

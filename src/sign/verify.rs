//! Checking the signatures in a PDF, as a records officer would years later:
//! does each signature cover its whole revision, do the covered bytes hash
//! to the signed digest, does the signer's key verify the CMS, does the
//! certificate chain to a trusted anchor and was it valid (and allowed to
//! sign) at the signing time, and has anything but validation data been
//! added after the last signature.
//!
//! The signing time is the time-stamp's where there is a valid one (B-T,
//! B-LT); otherwise it is `/M`, which only the signer claims. Revocation is
//! checked against the CRLs stored in the file (B-LT); pto does not go online
//! to verify.

use std::fmt;

use chrono::{DateTime, Utc};
use lopdf::{Document, Object, ObjectId};

use super::Level;
use super::cert::{Certificate, CertificateInfo, TrustAnchors};
use super::cms::{self, CmsFailure};
use super::ltv::{CrlStatus, crl_status};
use super::oid;
use super::pdf::parse_pdf_date;
use super::tsp;

/// Where a signature's time comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeSource {
    /// A valid RFC 3161 time-stamp: proven.
    Tijdstempel,
    /// The signature dictionary's `/M`: claimed by the signer only.
    Ondertekenaar,
}

/// What is wrong with a signature or with what follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The signature dictionary or the CMS cannot be read as PAdES.
    Unreadable(String),
    /// `/ByteRange` does not cover the whole revision but `/Contents`.
    ByteRange(String),
    /// The covered bytes changed since signing.
    Changed,
    /// The CMS signature does not verify.
    BrokenSignature(String),
    /// The certificate does not lead to a configured trust anchor.
    Untrusted(String),
    /// The certificate was not valid at the signing time.
    CertificateTime(String),
    /// The certificate may not sign documents.
    KeyUsage,
    /// A stored CRL revokes the certificate.
    Revoked(String),
    /// The time-stamp is invalid or untrusted.
    Timestamp(String),
    /// Something other than validation data was added after the signature.
    AppendedAfterSigning(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unreadable(why) => write!(f, "handtekening onleesbaar: {why}"),
            Problem::ByteRange(why) => write!(f, "handtekening dekt het bestand niet: {why}"),
            Problem::Changed => f.write_str(
                "handtekening verbroken: het bestand is na ondertekening gewijzigd",
            ),
            Problem::BrokenSignature(why) => write!(f, "handtekening ongeldig: {why}"),
            Problem::Untrusted(why) => write!(f, "certificaat niet vertrouwd: {why}"),
            Problem::CertificateTime(why) => write!(f, "certificaat niet geldig: {why}"),
            Problem::KeyUsage => f.write_str(
                "het certificaat mag niet ondertekenen (key usage zonder digitalSignature of nonRepudiation)",
            ),
            Problem::Revoked(why) => write!(f, "certificaat ingetrokken: {why}"),
            Problem::Timestamp(why) => write!(f, "tijdstempel ongeldig: {why}"),
            Problem::AppendedAfterSigning(why) => write!(f, "na ondertekening toegevoegd: {why}"),
        }
    }
}

/// One signature's verdict.
#[derive(Clone, Debug)]
pub struct SignatureReport {
    /// The signature field's name.
    pub field: String,
    pub signer: Option<CertificateInfo>,
    /// The level the file supports for this signature.
    pub level: Level,
    /// The signing time, and where it comes from.
    pub time: Option<DateTime<Utc>>,
    pub time_source: Option<TimeSource>,
    /// The byte length of the revision this signature signs.
    pub revision_end: usize,
    pub problems: Vec<Problem>,
}

impl SignatureReport {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The verdict on a whole file.
#[derive(Clone, Debug, Default)]
pub struct Verification {
    pub signatures: Vec<SignatureReport>,
    /// Problems of the file as a whole: unreadable, or changed after the last
    /// signature.
    pub problems: Vec<Problem>,
}

impl Verification {
    /// Whether the file holds at least one signature.
    pub fn is_signed(&self) -> bool {
        !self.signatures.is_empty()
    }

    /// Signed, every signature valid, nothing but validation data after.
    pub fn is_valid(&self) -> bool {
        self.is_signed()
            && self.problems.is_empty()
            && self.signatures.iter().all(SignatureReport::is_valid)
    }

    /// Every problem, signature by signature, then the file's.
    pub fn all_problems(&self) -> impl Iterator<Item = &Problem> {
        self.signatures
            .iter()
            .flat_map(|s| s.problems.iter())
            .chain(self.problems.iter())
    }
}

/// Verifies every signature in `pdf` against `anchors`.
pub fn verify_pdf(pdf: &[u8], anchors: &TrustAnchors) -> Verification {
    let mut verification = Verification::default();
    let doc = match Document::load_mem(pdf) {
        Ok(doc) => doc,
        Err(e) => {
            verification.problems.push(Problem::Unreadable(format!(
                "het PDF-bestand is onleesbaar: {e}"
            )));
            return verification;
        }
    };
    let dss = Dss::read(&doc);
    for (field, signature) in signature_fields(&doc) {
        verification
            .signatures
            .push(verify_one(pdf, &field, signature, anchors, &dss));
    }
    if let Some(last) = verification.signatures.iter().map(|s| s.revision_end).max()
        && let Some(problem) = check_after(pdf, &doc, last)
    {
        verification.problems.push(problem);
    }
    verification
}

/// Checks the signature pto has just written into `pdf` (B-B, B-T): the
/// signature dictionary's `/ByteRange` is `range` and its `/M` is `time`
/// (pto wrote them there), and the rest is read from the bytes: the
/// `/Contents` in the gap, the digest over both ranges, the CMS signature,
/// the certificate's chain to `anchors`, its validity and key usage at the
/// signing time, the time-stamp. What `verify_pdf` does, without reading
/// the document's structure again, which pto has just made and the tests
/// check; `pto verify` reads it all.
pub fn verify_fresh(
    pdf: &[u8],
    range: [usize; 4],
    field: &str,
    time: DateTime<Utc>,
    anchors: &TrustAnchors,
) -> Verification {
    let mut signature = lopdf::Dictionary::new();
    signature.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    signature.set(
        "ByteRange",
        Object::Array(range.iter().map(|&v| Object::Integer(v as i64)).collect()),
    );
    let gap = pdf
        .get(range[1].saturating_add(1)..range[2].saturating_sub(1))
        .and_then(decode_hex)
        .unwrap_or_default();
    signature.set(
        "Contents",
        Object::String(gap, lopdf::StringFormat::Hexadecimal),
    );
    signature.set("M", Object::string_literal(super::pdf::pdf_date(time)));
    let report = verify_one(pdf, field, &signature, anchors, &Dss::default());
    let mut verification = Verification {
        signatures: vec![report],
        problems: Vec::new(),
    };
    if range[2].saturating_add(range[3]) != pdf.len() {
        verification.problems.push(Problem::AppendedAfterSigning(
            "de handtekening dekt niet het hele bestand".into(),
        ));
    }
    verification
}

/// Certificates and CRLs of the Document Security Store, if any.
#[derive(Default)]
struct Dss {
    present: bool,
    certs: Vec<Certificate>,
    crls: Vec<Vec<u8>>,
}

impl Dss {
    fn read(doc: &Document) -> Dss {
        let Ok(catalog) = doc.catalog() else {
            return Dss::default();
        };
        let Ok(store) = catalog
            .get(b"DSS")
            .and_then(|o| resolve(doc, o))
            .and_then(Object::as_dict)
        else {
            return Dss::default();
        };
        let streams = |key: &[u8]| -> Vec<Vec<u8>> {
            store
                .get(key)
                .and_then(|o| resolve(doc, o))
                .and_then(Object::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|o| resolve(doc, o).ok())
                        .filter_map(|o| o.as_stream().ok())
                        .filter_map(|s| {
                            s.decompressed_content()
                                .ok()
                                .or_else(|| Some(s.content.clone()))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        Dss {
            present: true,
            certs: streams(b"Certs")
                .iter()
                .filter_map(|der| Certificate::from_der(der).ok())
                .collect(),
            crls: streams(b"CRLs"),
        }
    }
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> lopdf::Result<&'a Object> {
    match object {
        Object::Reference(id) => doc.get_object(*id),
        other => Ok(other),
    }
}

/// The signature fields (`/FT /Sig` with a `/V`) of the AcroForm, with their
/// names, descending into `/Kids`.
fn signature_fields(doc: &Document) -> Vec<(String, &lopdf::Dictionary)> {
    let mut found = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return found;
    };
    let Ok(form) = catalog
        .get(b"AcroForm")
        .and_then(|o| resolve(doc, o))
        .and_then(Object::as_dict)
    else {
        return found;
    };
    let Ok(fields) = form
        .get(b"Fields")
        .and_then(|o| resolve(doc, o))
        .and_then(Object::as_array)
    else {
        return found;
    };
    let mut stack: Vec<(&Object, usize)> = fields.iter().map(|f| (f, 0)).collect();
    while let Some((object, depth)) = stack.pop() {
        let Ok(field) = resolve(doc, object).and_then(Object::as_dict) else {
            continue;
        };
        if depth < 16
            && let Ok(kids) = field
                .get(b"Kids")
                .and_then(|o| resolve(doc, o))
                .and_then(Object::as_array)
        {
            stack.extend(kids.iter().map(|k| (k, depth + 1)));
        }
        let is_sig = field
            .get(b"FT")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Sig");
        if !is_sig {
            continue;
        }
        let Ok(value) = field
            .get(b"V")
            .and_then(|o| resolve(doc, o))
            .and_then(Object::as_dict)
        else {
            continue;
        };
        let name = field
            .get(b"T")
            .and_then(Object::as_str)
            .map(|t| String::from_utf8_lossy(t).into_owned())
            .unwrap_or_default();
        found.push((name, value));
    }
    found.sort_by_key(|(_, sig)| {
        sig.get(b"ByteRange")
            .and_then(Object::as_array)
            .ok()
            .and_then(|r| r.get(3).and_then(|o| o.as_i64().ok()))
            .unwrap_or(0)
    });
    found
}

fn verify_one(
    pdf: &[u8],
    field: &str,
    signature: &lopdf::Dictionary,
    anchors: &TrustAnchors,
    dss: &Dss,
) -> SignatureReport {
    let mut report = SignatureReport {
        field: field.to_string(),
        signer: None,
        level: Level::BB,
        time: None,
        time_source: None,
        revision_end: 0,
        problems: Vec::new(),
    };
    let (range, contents) = match byte_range(pdf, signature) {
        Ok(found) => found,
        Err(problem) => {
            report.problems.push(problem);
            return report;
        }
    };
    report.revision_end = range[2] + range[3];
    if !ends_revision(&pdf[..report.revision_end]) {
        report.problems.push(Problem::ByteRange(
            "het ondertekende deel eindigt niet met %%EOF".into(),
        ));
    }
    let sub_filter = signature
        .get(b"SubFilter")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    if sub_filter != b"ETSI.CAdES.detached" && sub_filter != b"adbe.pkcs7.detached" {
        report.problems.push(Problem::Unreadable(format!(
            "onbekend handtekeningformaat /SubFilter /{}",
            String::from_utf8_lossy(sub_filter)
        )));
        return report;
    }
    let parsed = match cms::parse(&contents) {
        Ok(parsed) => parsed,
        Err(e) => {
            report.problems.push(Problem::Unreadable(e));
            return report;
        }
    };
    let info = match parsed.only_signer() {
        Ok(info) => info,
        Err(e) => {
            report.problems.push(Problem::Unreadable(e));
            return report;
        }
    };
    let Some(cert) = parsed.signer_certificate(info) else {
        report.problems.push(Problem::Unreadable(
            "het certificaat van de ondertekenaar zit niet in de handtekening".into(),
        ));
        return report;
    };
    report.signer = Some(CertificateInfo::of(cert));
    let covered = [&pdf[..range[1]], &pdf[range[2]..range[2] + range[3]]];
    match cms::verify_signer_info(info, cert, oid::DATA, &covered) {
        Ok(()) => {}
        Err(CmsFailure::Digest) => report.problems.push(Problem::Changed),
        Err(CmsFailure::Invalid(why)) => report.problems.push(Problem::BrokenSignature(why)),
    }

    // The time: a valid time-stamp's, else the signer's claim in /M.
    let tokens = cms::attribute_values(
        info.unsigned_attrs.as_ref(),
        oid::SIGNATURE_TIME_STAMP_TOKEN,
    );
    let mut pool: Vec<Certificate> = parsed.certificates.clone();
    pool.extend(dss.certs.iter().cloned());
    if let Some(token) = tokens.first() {
        let checked = der::Encode::to_der(*token)
            .map_err(|e| e.to_string())
            .and_then(|der| tsp::check_token(&der, info.signature.as_bytes(), None));
        match checked {
            Ok(token) => {
                let mut tsa_pool = token.certificates.clone();
                tsa_pool.extend(pool.iter().cloned());
                match anchors.path(&token.tsa, &tsa_pool, token.time) {
                    Ok(tsa_path) => {
                        report.time = Some(token.time);
                        report.time_source = Some(TimeSource::Tijdstempel);
                        report.level = Level::BT;
                        check_revocation(&tsa_path, token.time, dss, &mut report.problems);
                    }
                    Err(why) => report.problems.push(Problem::Timestamp(format!(
                        "de tijdstempeldienst is niet vertrouwd: {why}"
                    ))),
                }
            }
            Err(why) => report.problems.push(Problem::Timestamp(why)),
        }
    }
    if report.time.is_none() {
        report.time = signature
            .get(b"M")
            .and_then(Object::as_str)
            .ok()
            .and_then(parse_pdf_date);
        report.time_source = report.time.map(|_| TimeSource::Ondertekenaar);
    }
    let Some(time) = report.time else {
        report.problems.push(Problem::Unreadable(
            "de handtekening heeft geen tijd (/M)".into(),
        ));
        return report;
    };

    if !cert.valid_at(time) {
        report.problems.push(Problem::CertificateTime(format!(
            "op {} (geldig van {} tot {})",
            time.format("%Y-%m-%d %H:%M:%S UTC"),
            cert.not_before().format("%Y-%m-%d"),
            cert.not_after().format("%Y-%m-%d")
        )));
    }
    if !cert.may_sign_documents() {
        report.problems.push(Problem::KeyUsage);
    }
    match anchors.path(cert, &pool, time) {
        Ok(path) => check_revocation(&path, time, dss, &mut report.problems),
        // An invalid leaf is reported above; a chain that fails only on
        // the leaf's validity is not also untrusted.
        Err(_) if !cert.valid_at(time) => {}
        Err(why) => report.problems.push(Problem::Untrusted(why)),
    }
    if report.level == Level::BT && dss.present && !dss.crls.is_empty() {
        report.level = Level::BLT;
    }
    report
}

/// The checked byte range and the bytes of `/Contents`: `[0, a, b, c]` with
/// `<` at `a`, `>` just before `b`, nothing but hex between them, and that
/// hex being the dictionary's `/Contents`.
fn byte_range(pdf: &[u8], signature: &lopdf::Dictionary) -> Result<([usize; 4], Vec<u8>), Problem> {
    let bad = |why: &str| Problem::ByteRange(why.to_string());
    let values: Vec<usize> = signature
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map_err(|_| bad("/ByteRange ontbreekt"))?
        .iter()
        .map(|o| o.as_i64().ok().and_then(|v| usize::try_from(v).ok()))
        .collect::<Option<Vec<usize>>>()
        .ok_or_else(|| bad("/ByteRange bevat geen gehele getallen"))?;
    let [a0, a1, b0, b1] = values.as_slice() else {
        return Err(bad("/ByteRange heeft niet vier getallen"));
    };
    let range = [*a0, *a1, *b0, *b1];
    let end = b0
        .checked_add(*b1)
        .ok_or_else(|| bad("/ByteRange loopt over"))?;
    if *a0 != 0 || a1 >= b0 || end > pdf.len() || *a1 == 0 {
        return Err(bad(
            "/ByteRange begint niet bij 0 of valt buiten het bestand",
        ));
    }
    if pdf[*a1] != b'<' || pdf[b0 - 1] != b'>' {
        return Err(bad("het gat in /ByteRange is niet precies /Contents"));
    }
    let hex = &pdf[a1 + 1..b0 - 1];
    let decoded =
        decode_hex(hex).ok_or_else(|| bad("het gat in /ByteRange bevat meer dan /Contents"))?;
    let contents = signature
        .get(b"Contents")
        .and_then(Object::as_str)
        .map_err(|_| Problem::Unreadable("/Contents ontbreekt".into()))?;
    if contents != decoded.as_slice() {
        return Err(bad("/Contents is niet de uitgesloten tekenreeks"));
    }
    Ok((range, decoded))
}

fn decode_hex(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| (b as char).to_digit(16).map(|d| d as u8))
        .collect::<Option<Vec<u8>>>()?;
    Some(
        digits
            .chunks(2)
            .map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0))
            .collect(),
    )
}

/// Whether `bytes` ends a revision: `%%EOF` and at most one end-of-line.
fn ends_revision(bytes: &[u8]) -> bool {
    let trimmed = bytes
        .strip_suffix(b"\r\n")
        .or_else(|| bytes.strip_suffix(b"\n"))
        .or_else(|| bytes.strip_suffix(b"\r"))
        .unwrap_or(bytes);
    trimmed.ends_with(b"%%EOF")
}

/// Checks what follows the last signed revision (which ends at `signed`):
/// only complete revisions that add validation data (the DSS and what it
/// holds, the catalog's `/DSS` and `/Extensions`) are allowed.
fn check_after(pdf: &[u8], doc: &Document, signed: usize) -> Option<Problem> {
    if signed >= pdf.len() {
        return None;
    }
    let appended = pdf.len() - signed;
    if !ends_revision(pdf) {
        return Some(Problem::AppendedAfterSigning(format!(
            "{appended} bytes na de laatste ondertekende versie, die niet met %%EOF eindigen"
        )));
    }
    let before = match Document::load_mem(&pdf[..signed]) {
        Ok(before) => before,
        Err(e) => {
            return Some(Problem::AppendedAfterSigning(format!(
                "de ondertekende versie is los niet leesbaar: {e}"
            )));
        }
    };
    let allowed = validation_objects(doc);
    let catalog_id = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let mut changed = Vec::new();
    for (id, object) in &doc.objects {
        match before.objects.get(id) {
            None if allowed.contains(id) => {}
            None => changed.push(format!("nieuw object {} {}", id.0, id.1)),
            Some(old) if same(old, object) => {}
            Some(old) if Some(*id) == catalog_id && catalog_only_adds_dss(old, object) => {}
            Some(_) => changed.push(format!("object {} {} gewijzigd", id.0, id.1)),
        }
    }
    if before.trailer.get(b"Root").ok() != doc.trailer.get(b"Root").ok() {
        changed.push("een andere documentcatalogus".into());
    }
    if changed.is_empty() {
        None
    } else {
        changed.truncate(5);
        Some(Problem::AppendedAfterSigning(format!(
            "{appended} bytes met andere wijzigingen dan validatiegegevens ({})",
            changed.join(", ")
        )))
    }
}

fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(a), Object::Stream(b)) => a.dict == b.dict && a.content == b.content,
        _ => a == b,
    }
}

/// The DSS dictionary and everything it references (streams, arrays, VRI).
fn validation_objects(doc: &Document) -> Vec<ObjectId> {
    let mut ids = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return ids;
    };
    let Ok(root) = catalog.get(b"DSS") else {
        return ids;
    };
    let mut stack = vec![root];
    while let Some(object) = stack.pop() {
        if ids.len() > 100_000 {
            break;
        }
        match object {
            Object::Reference(id) if !ids.contains(id) => {
                ids.push(*id);
                if let Ok(target) = doc.get_object(*id) {
                    stack.push(target);
                }
            }
            Object::Array(items) => stack.extend(items.iter()),
            Object::Dictionary(dict) => stack.extend(dict.iter().map(|(_, v)| v)),
            Object::Stream(stream) => stack.extend(stream.dict.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    ids
}

/// Whether the new catalog differs from the old only in `/DSS` and
/// `/Extensions`.
fn catalog_only_adds_dss(old: &Object, new: &Object) -> bool {
    let (Ok(old), Ok(new)) = (old.as_dict(), new.as_dict()) else {
        return false;
    };
    let strip = |d: &lopdf::Dictionary| {
        let mut d = d.clone();
        d.remove(b"DSS");
        d.remove(b"Extensions");
        d
    };
    strip(old) == strip(new)
}

/// Reports a certificate in `path` (leaf to anchor) that a stored CRL of its
/// issuer revokes at `at`.
fn check_revocation(
    path: &[Certificate],
    at: DateTime<Utc>,
    dss: &Dss,
    problems: &mut Vec<Problem>,
) {
    for pair in path.windows(2) {
        let (cert, issuer) = (&pair[0], &pair[1]);
        for crl in &dss.crls {
            if let Ok(CrlStatus::Revoked(when)) = crl_status(crl, cert, issuer, at) {
                problems.push(Problem::Revoked(format!(
                    "{} op {}",
                    super::cert::describe(cert),
                    when.format("%Y-%m-%d %H:%M:%S UTC")
                )));
            }
        }
    }
}

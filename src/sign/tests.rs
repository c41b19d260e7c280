//! Signing end to end on a real pto letter, checked by pto's own verifier and
//! by independent validators (pyHanko, pdfsig, qpdf), against a test PKI
//! with a local time-stamp authority and CRL server.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use lopdf::{Document, Object};

use super::*;

#[path = "../../tests/support/pki.rs"]
mod pki;
#[path = "../../tests/support/validators.rs"]
mod validators;

use pki::{Identity, PASSWORD, Pki};
use validators::{nss_db, pdfsig, pyhanko_ades, pyhanko_validate, qpdf_check};

/// A settlement letter as pto renders it: PDF/A-2b + PDF/UA-1.
fn letter() -> &'static [u8] {
    static LETTER: OnceLock<Vec<u8>> = OnceLock::new();
    LETTER.get_or_init(|| {
        use crate::decide::{Proceeding, decide};
        use crate::letter::{Wording, render};
        use crate::settings::{Policy, Settings};
        let loaded =
            crate::case::load_file(Path::new("case-files/2024/PTO-2024-0012-jansen.yaml")).unwrap();
        let decision = decide(
            &loaded.case,
            &Policy::ridderkerk(),
            Proceeding::Afrekening,
            crate::calendar::parse_date("2025-06-16").unwrap(),
            Some(2024),
        )
        .unwrap();
        render(
            &decision,
            &loaded,
            &Settings::default(),
            &Wording::built_in().unwrap(),
            false,
        )
        .unwrap()
    })
}

fn now() -> DateTime<Utc> {
    // Whole seconds, as /M and the certificates keep them.
    DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap()
}

fn anchors(pki: &Pki) -> TrustAnchors {
    TrustAnchors::new(Certificate::load_all(&std::fs::read(&pki.root).unwrap()).unwrap())
}

fn pem_signer(id: &Identity) -> FileSigner {
    FileSigner::from_pem(
        &std::fs::read(&id.chain).unwrap(),
        &std::fs::read(&id.key).unwrap(),
        None,
    )
    .unwrap()
}

fn options(pki: &Pki, level: Level) -> SignOptions {
    let mut options = SignOptions::new(level, now(), anchors(pki));
    options.tsa_url = Some(pki.tsa_url.clone());
    options
}

/// Signs the letter at `level` with the shared PKI's signer.
fn signed(level: Level) -> &'static Signed {
    static SIGNED: OnceLock<Vec<(Level, Signed)>> = OnceLock::new();
    let all = SIGNED.get_or_init(|| {
        let pki = pki::shared();
        let signer = pem_signer(&pki.signer);
        [Level::BB, Level::BT, Level::BLT]
            .into_iter()
            .map(|level| {
                (
                    level,
                    sign_pdf(letter(), &signer, &options(pki, level)).unwrap(),
                )
            })
            .collect()
    });
    &all.iter().find(|(l, _)| *l == level).unwrap().1
}

/// Writes `bytes` to a file in the PKI's directory.
fn file(pki: &Pki, name: &str, bytes: &[u8]) -> PathBuf {
    let path = pki.dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// pdfsig's verdict lines, for assertions and messages.
fn pdfsig_of(pki: &Pki, path: &Path) -> String {
    pdfsig(path, &nss_db(&pki.dir, &pki.root)).text
}

/// Our own verification of `pdf` against the PKI's root.
fn verify(pki: &Pki, pdf: &[u8]) -> Verification {
    verify_pdf(pdf, &anchors(pki))
}

/// Asserts that pyHanko (`validate` without revocation checks, `adesverify`
/// with them when `revocation`), pdfsig and qpdf accept `pdf`; returns
/// their texts.
fn assert_valid_everywhere(
    pki: &Pki,
    name: &str,
    pdf: &[u8],
    revocation: bool,
) -> (String, String, String) {
    let path = file(pki, name, pdf);
    let v = pyhanko_validate(&path, &pki.root, false);
    assert!(v.success, "pyHanko validate:\n{}", v.text);
    assert!(
        v.text.contains("The signature is judged VALID"),
        "{}",
        v.text
    );
    assert!(
        v.text.contains("The signer's certificate is trusted"),
        "{}",
        v.text
    );
    // The whole file, or the whole revision plus validation data (B-LT).
    assert!(
        v.text.contains("The signature covers the entire file")
            || v.text
                .contains("All modifications relate to signature maintenance"),
        "{}",
        v.text
    );
    let ades = pyhanko_ades(&path, &pki.root, revocation);
    assert!(ades.success, "pyHanko adesverify:\n{}", ades.text);
    assert!(ades.text.contains(":INTACT:TRUSTED"), "{}", ades.text);
    let sig = pdfsig_of(pki, &path);
    assert!(
        sig.contains("Signature Validation: Signature is Valid."),
        "{sig}"
    );
    assert!(
        sig.contains("Certificate Validation: Certificate is Trusted."),
        "{sig}"
    );
    let q = qpdf_check(&path);
    assert!(
        q.success && q.text.contains("No syntax or stream encoding errors"),
        "{}",
        q.text
    );
    (v.text, ades.text, sig)
}

#[test]
fn b_b_validates_in_pyhanko_pdfsig_and_qpdf() {
    let pki = pki::shared();
    let signed = signed(Level::BB);
    let (v, ades, sig) = assert_valid_everywhere(pki, "b-b.pdf", &signed.pdf, false);
    assert!(v.contains("The signature covers the entire file"), "{v}");
    assert!(!ades.contains("TIMESTAMP_TOKEN"), "{ades}");
    assert!(
        sig.contains("Signer Certificate Common Name: mr. A.B. de Vries"),
        "{sig}"
    );
    assert!(sig.contains("Signature Type: ETSI.CAdES.detached"), "{sig}");
    assert!(sig.contains("Total document signed"), "{sig}");
    let own = verify(pki, &signed.pdf);
    assert!(own.is_valid(), "{own:?}");
    assert_eq!(own.signatures[0].level, Level::BB);
    assert_eq!(
        own.signatures[0].time_source,
        Some(TimeSource::Ondertekenaar)
    );
    assert_eq!(own.signatures[0].time, Some(signed.time));
    assert_eq!(signed.signer.name, "mr. A.B. de Vries");
    assert_eq!(
        signed.signer.organisation.as_deref(),
        Some("Gemeente Testdam")
    );
}

#[test]
fn b_t_carries_a_time_stamp_that_validators_accept() {
    let pki = pki::shared();
    let signed = signed(Level::BT);
    let (v, ades, _) = assert_valid_everywhere(pki, "b-t.pdf", &signed.pdf, false);
    assert!(v.contains("The TSA certificate is trusted."), "{v}");
    assert!(ades.contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>"), "{ades}");
    let own = verify(pki, &signed.pdf);
    assert!(own.is_valid(), "{own:?}");
    let report = &own.signatures[0];
    assert_eq!(report.level, Level::BT);
    assert_eq!(report.time_source, Some(TimeSource::Tijdstempel));
    assert_eq!(report.time, signed.timestamp);
    let stamp = signed.timestamp.unwrap();
    assert!(
        (stamp - signed.time).num_seconds().abs() < 60,
        "{stamp} vs {}",
        signed.time
    );
}

#[test]
fn b_lt_validates_with_the_tsa_and_crl_server_stopped() {
    let mut pki = Pki::new();
    let signer = pem_signer(&pki.signer);
    let b_t = sign_pdf(letter(), &signer, &options(&pki, Level::BT)).unwrap();
    let b_lt = sign_pdf(letter(), &signer, &options(&pki, Level::BLT)).unwrap();
    assert_eq!(pki.requests("/tsa"), 2);
    assert!(pki.requests("/root.crl") >= 1);
    pki.stop();
    // Offline, with revocation checking: B-LT carries what it needs...
    let (v, ades, _) = assert_valid_everywhere(&pki, "b-lt.pdf", &b_lt.pdf, true);
    assert!(v.contains("The TSA certificate is trusted."), "{v}");
    assert!(ades.contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>"), "{ades}");
    // ...and B-T does not.
    let path = file(&pki, "b-t-offline.pdf", &b_t.pdf);
    let ades_t = pyhanko_ades(&path, &pki.root, true);
    assert!(!ades_t.success, "{}", ades_t.text);
    assert!(
        ades_t.text.contains("no revocation information"),
        "{}",
        ades_t.text
    );
    let own = verify(&pki, &b_lt.pdf);
    assert!(own.is_valid(), "{own:?}");
    assert_eq!(own.signatures[0].level, Level::BLT);
    // The DSS holds signer, TSA and root certificates and the root's CRL.
    let doc = Document::load_mem(&b_lt.pdf).unwrap();
    let dss = doc
        .catalog()
        .unwrap()
        .get(b"DSS")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .unwrap();
    assert_eq!(dss.get(b"Certs").unwrap().as_array().unwrap().len(), 3);
    assert_eq!(dss.get(b"CRLs").unwrap().as_array().unwrap().len(), 1);
}

/// Flips one byte of the letter's own text (well inside the first range).
fn tampered(pdf: &[u8]) -> Vec<u8> {
    let mut bytes = pdf.to_vec();
    let at = bytes
        .windows(6)
        .position(|w| w == b"/Title")
        .expect("a title in the letter")
        + 3;
    bytes[at] ^= 0x20;
    bytes
}

#[test]
fn a_tampered_byte_fails_every_validator() {
    let pki = pki::shared();
    for level in [Level::BB, Level::BLT] {
        let bad = tampered(&signed(level).pdf);
        let path = file(pki, &format!("tampered-{level}.pdf"), &bad);
        let v = pyhanko_validate(&path, &pki.root, false);
        assert!(
            !v.success,
            "pyHanko accepted a tampered {level}:\n{}",
            v.text
        );
        let sig = pdfsig_of(pki, &path);
        assert!(
            sig.contains("Digest Mismatch"),
            "pdfsig on a tampered {level}:\n{sig}"
        );
        let own = verify(pki, &bad);
        assert!(!own.is_valid());
        assert!(
            own.signatures[0].problems.contains(&Problem::Changed),
            "{own:?}"
        );
    }
}

#[test]
fn the_signed_letter_stays_pdf_a_2b_and_pdf_ua_1() {
    let original = letter();
    for level in [Level::BB, Level::BT, Level::BLT] {
        let pdf = &signed(level).pdf;
        // The rendered bytes are untouched, a prefix of the signed file.
        assert!(pdf.starts_with(original), "{level}");
        // Each revision ends with %%EOF and one end-of-line (6.1.3).
        let revisions = if level == Level::BLT { 3 } else { 2 };
        assert_eq!(count(pdf, b"%%EOF"), revisions, "{level}");
        assert!(pdf.ends_with(b"%%EOF\n"), "{level}");
        let tail = &pdf[original.len()..];
        assert!(
            !tail.windows(5).any(|w| w == b"%PDF-"),
            "{level}: a second header"
        );
        // A classic xref table in every update, no cross-reference stream.
        assert_eq!(count(tail, b"\nxref\n"), revisions - 1, "{level}");
        assert!(!tail.windows(5).any(|w| w == b"/XRef"), "{level}");
        let first = Document::load_mem(original).unwrap();
        let doc = Document::load_mem(pdf).unwrap();
        // The trailer's /ID is repeated unchanged (6.1.3).
        assert!(first.trailer.get(b"ID").is_ok());
        assert_eq!(
            first.trailer.get(b"ID").ok(),
            doc.trailer.get(b"ID").ok(),
            "{level}"
        );
        // Tagged PDF, structure tree and metadata as before (PDF/UA-1 7.1).
        let (old_cat, cat) = (first.catalog().unwrap(), doc.catalog().unwrap());
        for key in [
            &b"MarkInfo"[..],
            b"StructTreeRoot",
            b"Metadata",
            b"Lang",
            b"ViewerPreferences",
        ] {
            assert_eq!(
                old_cat.get(key).ok(),
                cat.get(key).ok(),
                "{level}: /{}",
                String::from_utf8_lossy(key)
            );
        }
        assert!(cat.get(b"Perms").is_err(), "{level}: no /Perms");
        let form = cat.get(b"AcroForm").unwrap().as_dict().unwrap();
        assert_eq!(form.get(b"SigFlags").unwrap().as_i64().unwrap(), 3);
        assert!(form.get(b"NeedAppearances").is_err());
        let fields = form.get(b"Fields").unwrap().as_array().unwrap();
        assert_eq!(fields.len(), 1);
        // The invisible widget on page 1: no appearance, no action.
        let widget = doc
            .get_dictionary(fields[0].as_reference().unwrap())
            .unwrap();
        assert_eq!(widget.get(b"FT").unwrap().as_name().unwrap(), b"Sig");
        assert_eq!(
            widget.get(b"Subtype").unwrap().as_name().unwrap(),
            b"Widget"
        );
        assert_eq!(widget.get(b"F").unwrap().as_i64().unwrap(), 132);
        let rect: Vec<f32> = widget
            .get(b"Rect")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect();
        assert_eq!(rect, [0.0; 4]);
        for key in [&b"A"[..], b"AA", b"AP"] {
            assert!(
                widget.get(key).is_err(),
                "{level}: widget has /{}",
                String::from_utf8_lossy(key)
            );
        }
        let page_id = *doc.get_pages().values().next().unwrap();
        let page = doc.get_dictionary(page_id).unwrap();
        let annots = page.get(b"Annots").unwrap().as_array().unwrap();
        assert!(annots.contains(&fields[0]));
        assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
        // The signature dictionary as PAdES baseline wants it.
        let sig = doc
            .get_dictionary(widget.get(b"V").unwrap().as_reference().unwrap())
            .unwrap();
        assert_eq!(
            sig.get(b"Filter").unwrap().as_name().unwrap(),
            b"Adobe.PPKLite"
        );
        assert_eq!(
            sig.get(b"SubFilter").unwrap().as_name().unwrap(),
            b"ETSI.CAdES.detached"
        );
        assert!(sig.get(b"M").is_ok());
        // One SignerInfo, the signing certificate inside, no signingTime.
        let cms = super::cms::parse(sig.get(b"Contents").unwrap().as_str().unwrap()).unwrap();
        let info = cms.only_signer().unwrap();
        assert!(cms.signer_certificate(info).is_some());
        let attrs = info.signed_attrs.as_ref();
        assert!(super::cms::attribute_values(attrs, oid::SIGNING_TIME).is_empty());
        assert_eq!(
            super::cms::attribute_values(attrs, oid::SIGNING_CERTIFICATE_V2).len(),
            1
        );
        // The ByteRange covers the whole signed revision but /Contents.
        let range: Vec<i64> = sig
            .get(b"ByteRange")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_i64().unwrap())
            .collect();
        let end = (range[2] + range[3]) as usize;
        assert_eq!(range[0], 0);
        assert!(pdf[..end].ends_with(b"%%EOF\n"), "{level}");
        if level != Level::BLT {
            assert_eq!(end, pdf.len());
        }
    }
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// Preparing reads only the objects it changes, and writes exactly what
/// reading the whole file would.
#[test]
fn reading_a_letter_in_part_prepares_the_same_update() {
    let pdf = letter();
    assert!(super::pdf::reads_in_part(pdf));
    let time = now();
    let part = super::pdf::prepare(pdf, time, 4096).unwrap();
    let all = super::pdf::prepare_reading_all(pdf, time, 4096).unwrap();
    assert_eq!(part.signed_bytes(), all.signed_bytes());
    // A signed file (an update with /Prev) is read in full.
    assert!(!super::pdf::reads_in_part(&signed(Level::BB).pdf));
}

/// The check right after signing says what the full verification says.
#[test]
fn the_check_at_signing_agrees_with_verify_pdf() {
    let pki = pki::shared();
    for level in [Level::BB, Level::BT] {
        let signed = signed(level);
        let full = verify(pki, &signed.pdf);
        let at = &signed.validation;
        assert!(full.is_valid() && at.is_valid(), "{level}: {full:?} {at:?}");
        let (a, b) = (&full.signatures[0], &at.signatures[0]);
        assert_eq!(
            (a.level, a.time, a.time_source),
            (b.level, b.time, b.time_source)
        );
        assert_eq!(a.signer, b.signer);
        assert_eq!(a.field, b.field);
        // A changed byte fails it.
        let sig = Document::load_mem(&signed.pdf).unwrap();
        let range: Vec<usize> = signature_dictionary(&sig)
            .get(b"ByteRange")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_i64().unwrap() as usize)
            .collect();
        let range = [range[0], range[1], range[2], range[3]];
        let bad = tampered(&signed.pdf);
        let check = super::verify::verify_fresh(&bad, range, &a.field, signed.time, &anchors(pki));
        assert_eq!(check.signatures[0].problems, [Problem::Changed], "{level}");
        let stranger = TrustAnchors::new(
            Certificate::load_all(&std::fs::read(&pki.stranger_root).unwrap()).unwrap(),
        );
        let check =
            super::verify::verify_fresh(&signed.pdf, range, &a.field, signed.time, &stranger);
        assert!(!check.is_valid(), "{level}");
    }
}

fn signature_dictionary(doc: &Document) -> &lopdf::Dictionary {
    let form = doc
        .catalog()
        .unwrap()
        .get(b"AcroForm")
        .unwrap()
        .as_dict()
        .unwrap();
    let field = form.get(b"Fields").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    let widget = doc.get_dictionary(field).unwrap();
    doc.get_dictionary(widget.get(b"V").unwrap().as_reference().unwrap())
        .unwrap()
}

#[test]
fn pkcs12_from_openssl_3_signs_and_a_wrong_password_is_refused() {
    let pki = pki::shared();
    let p12 = std::fs::read(&pki.signer.p12).unwrap();
    let signer = FileSigner::from_pkcs12(&p12, &Password::new(PASSWORD.into())).unwrap();
    assert_eq!(signer.chain().len(), 2, "signer and root");
    let signed = sign_pdf(letter(), &signer, &options(pki, Level::BB)).unwrap();
    assert!(signed.validation.is_valid());
    let wrong = FileSigner::from_pkcs12(&p12, &Password::new("fout".into())).unwrap_err();
    assert_eq!(wrong.setting, Setting::WachtwoordEnv);
    assert!(!wrong.message.contains(PASSWORD) && !wrong.message.contains("fout"));
    let garbage =
        FileSigner::from_pkcs12(b"geen pkcs12", &Password::new(PASSWORD.into())).unwrap_err();
    assert_eq!(garbage.setting, Setting::Certificaat);
}

#[test]
fn an_encrypted_pkcs8_key_needs_its_password() {
    let pki = pki::shared();
    let chain = std::fs::read(&pki.signer.chain).unwrap();
    let key = std::fs::read(&pki.signer.key_encrypted).unwrap();
    let signer = FileSigner::from_pem(&chain, &key, Some(&Password::new(PASSWORD.into()))).unwrap();
    assert_eq!(signer.algorithm(), SignatureAlgorithm::EcdsaP256Sha256);
    let missing = FileSigner::from_pem(&chain, &key, None).unwrap_err();
    assert_eq!(missing.setting, Setting::WachtwoordEnv);
    let wrong =
        FileSigner::from_pem(&chain, &key, Some(&Password::new("fout".into()))).unwrap_err();
    assert_eq!(wrong.setting, Setting::WachtwoordEnv);
    // A key that belongs to none of the certificates.
    let other = std::fs::read(&pki.expired.key).unwrap();
    let mismatch = FileSigner::from_pem(&chain, &other, None).unwrap_err();
    assert_eq!(mismatch.setting, Setting::Certificaat);
    assert!(format!("{signer:?}").contains("FileSigner"));
}

#[test]
fn an_rsa_key_signs_and_validates() {
    let pki = pki::shared();
    let signer = pem_signer(&pki.rsa_signer);
    assert_eq!(signer.algorithm(), SignatureAlgorithm::RsaPkcs1Sha256);
    let signed = sign_pdf(letter(), &signer, &options(pki, Level::BT)).unwrap();
    let (v, _, _) = assert_valid_everywhere(pki, "rsa.pdf", &signed.pdf, false);
    assert!(v.contains("sha256_rsa"), "{v}");
}

fn refusal(id: &Identity, level: Level, change: impl FnOnce(&mut SignOptions)) -> SignError {
    let pki = pki::shared();
    let mut options = options(pki, level);
    change(&mut options);
    sign_pdf(letter(), &pem_signer(id), &options).unwrap_err()
}

#[test]
fn certificates_that_may_not_sign_are_refused() {
    let pki = pki::shared();
    let expired = refusal(&pki.expired, Level::BB, |_| {});
    assert_eq!(expired.setting, Setting::Certificaat);
    assert!(expired.message.contains("verlopen"), "{expired}");
    let not_yet = refusal(&pki.signer, Level::BB, |o| {
        o.time -= chrono::Duration::days(30)
    });
    assert!(not_yet.message.contains("pas geldig vanaf"), "{not_yet}");
    let no_usage = refusal(&pki.no_signing, Level::BB, |_| {});
    assert_eq!(no_usage.setting, Setting::Certificaat);
    assert!(no_usage.message.contains("digitalSignature"), "{no_usage}");
    let stranger = refusal(&pki.stranger, Level::BB, |_| {});
    assert_eq!(stranger.setting, Setting::Vertrouwd);
    let none = refusal(&pki.signer, Level::BB, |o| {
        o.anchors = TrustAnchors::default()
    });
    assert_eq!(none.setting, Setting::Vertrouwd);
    let revoked = refusal(&pki.revoked, Level::BLT, |_| {});
    assert_eq!(revoked.setting, Setting::Certificaat);
    assert!(revoked.message.contains("ingetrokken"), "{revoked}");
}

#[test]
fn a_tsa_that_fails_stops_the_signing() {
    let pki = pki::shared();
    for (url, expect) in [
        (pki.dead_url.clone(), "verbinding mislukt"),
        (pki.refusing_tsa_url.clone(), "weigert"),
        (pki.broken_tsa_url.clone(), "HTTP-status 500"),
        ("ftp://tsa.example".to_string(), "geen http"),
    ] {
        let e = refusal(&pki.signer, Level::BT, |o| o.tsa_url = Some(url.clone()));
        assert_eq!(e.setting, Setting::Tsa, "{url}");
        assert!(e.message.contains(expect), "{url}: {e}");
    }
    let missing = refusal(&pki.signer, Level::BT, |o| o.tsa_url = None);
    assert_eq!(missing.setting, Setting::Tsa);
}

#[test]
fn a_placeholder_too_small_for_the_signature_is_refused() {
    let pki = pki::shared();
    let e = refusal(&pki.signer, Level::BB, |o| o.reserve = Some(200));
    assert!(
        e.message.contains("past niet in de gereserveerde ruimte"),
        "{e}"
    );
}

#[test]
fn verify_reports_an_unsigned_file_and_an_untrusted_chain() {
    let pki = pki::shared();
    let unsigned = verify(pki, letter());
    assert!(!unsigned.is_signed() && !unsigned.is_valid());
    let stranger = TrustAnchors::new(
        Certificate::load_all(&std::fs::read(&pki.stranger_root).unwrap()).unwrap(),
    );
    let untrusted = verify_pdf(&signed(Level::BB).pdf, &stranger);
    assert!(
        matches!(
            untrusted.signatures[0].problems[..],
            [Problem::Untrusted(_)]
        ),
        "{untrusted:?}"
    );
}

#[test]
fn verify_reports_bytes_appended_after_signing() {
    let pki = pki::shared();
    // Junk after %%EOF.
    let mut junk = signed(Level::BB).pdf.clone();
    junk.extend_from_slice(b"% nog iets\n");
    let report = verify(pki, &junk);
    assert!(
        matches!(report.problems[..], [Problem::AppendedAfterSigning(_)]),
        "{report:?}"
    );
    assert!(
        report.signatures[0].is_valid(),
        "the signature itself still holds"
    );
    // A proper incremental update that changes the letter's metadata.
    let bb = &signed(Level::BB).pdf;
    let doc = Document::load_mem(bb).unwrap();
    let mut inc = lopdf::IncrementalDocument::create_from(bb.clone(), doc);
    let catalog = inc
        .get_prev_documents()
        .trailer
        .get(b"Root")
        .unwrap()
        .as_reference()
        .unwrap();
    inc.opt_clone_object_to_new_document(catalog).unwrap();
    inc.new_document
        .get_object_mut(catalog)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("Lang", Object::string_literal("en"));
    let mut changed = Vec::new();
    inc.save_to(&mut changed).unwrap();
    changed.push(b'\n');
    let report = verify(pki, &changed);
    assert!(
        matches!(report.problems[..], [Problem::AppendedAfterSigning(_)]),
        "{report:?}"
    );
    // pyHanko agrees that this is not just validation data.
    let path = file(pki, "changed-after.pdf", &changed);
    let v = pyhanko_validate(&path, &pki.root, false);
    assert!(
        !v.text.contains("The signature covers the entire file"),
        "{}",
        v.text
    );
    // The B-LT's DSS update is no such change.
    assert!(verify(pki, &signed(Level::BLT).pdf).problems.is_empty());
}

#[test]
fn the_password_never_shows() {
    let password = Password::new(PASSWORD.into());
    assert!(!format!("{password:?}").contains(PASSWORD));
}

/// What signing costs per 1,000 decisions: 200 B-B signatures of one letter
/// (signing includes pto's own verification of the result), timed. Not part
/// of the suite; run on a quiet machine with
/// `cargo test --release --lib sign::tests::signing_cost -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn signing_cost() {
    let pki = pki::shared();
    let signer = pem_signer(&pki.signer);
    let mut options = options(pki, Level::BB);
    // As pto decide signs: with the room the preflight measured.
    options.reserve = Some(preflight(&signer, &options).unwrap().reserve);
    let pdf = letter();
    let rounds = 200;
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        sign_pdf(pdf, &signer, &options).unwrap();
    }
    let signing = start.elapsed();
    let signed = sign_pdf(pdf, &signer, &options).unwrap();
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        assert!(verify(pki, &signed.pdf).is_valid());
    }
    let verifying = start.elapsed();
    let per_1000 = |d: std::time::Duration| d.as_secs_f64() * 1000.0 / f64::from(rounds);
    eprintln!(
        "B-B on a {} byte letter: signing (with its own check) {:.2} s per 1,000 decisions, \
         of which verifying {:.2} s; {} bytes added per signature",
        pdf.len(),
        per_1000(signing),
        per_1000(verifying),
        signed.pdf.len() - pdf.len()
    );
}

//! X.509 certificates as signing needs them: who they name, whether they may
//! sign, whether they chain to a trust anchor, and checking the signatures
//! that bind them (RFC 5280, without a full path-validation engine: the
//! chains pto meets are a signer or TSA under one or two CAs).

use std::fmt;

use chrono::{DateTime, Utc};
use der::asn1::BitString;
use der::{Decode, Encode, Reader, SliceReader};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{BasicConstraints, CrlDistributionPoints, ExtendedKeyUsage, KeyUsage};

use super::oid;
use super::{Setting, SignError};

/// One certificate: its DER as received and its parsed form.
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    parsed: x509_cert::Certificate,
    /// SHA-256 of `der`.
    digest: [u8; 32],
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Certificate({})",
            self.parsed.tbs_certificate().subject()
        )
    }
}

impl Certificate {
    /// A certificate from its DER encoding.
    pub fn from_der(der: &[u8]) -> Result<Certificate, der::Error> {
        let parsed = x509_cert::Certificate::from_der(der)?;
        Ok(Certificate {
            der: der.to_vec(),
            parsed,
            digest: Sha256::digest(der).into(),
        })
    }

    /// Every certificate in a PEM file, in order, or the one certificate of
    /// a DER file.
    pub fn load_all(bytes: &[u8]) -> Result<Vec<Certificate>, der::Error> {
        if bytes.starts_with(&[0x30]) {
            return Ok(vec![Certificate::from_der(bytes)?]);
        }
        let mut certs = Vec::new();
        for block in pem_blocks(bytes, "CERTIFICATE") {
            certs.push(Certificate::from_der(&block?)?);
        }
        Ok(certs)
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn parsed(&self) -> &x509_cert::Certificate {
        &self.parsed
    }

    pub fn subject(&self) -> &x509_cert::name::Name {
        self.parsed.tbs_certificate().subject()
    }

    pub fn issuer(&self) -> &x509_cert::name::Name {
        self.parsed.tbs_certificate().issuer()
    }

    /// The subject's common name (CN), as the letter names the signer.
    pub fn common_name(&self) -> Option<String> {
        name_attribute(self.subject(), oid::AT_COMMON_NAME)
    }

    /// The subject's organisation (O).
    pub fn organisation(&self) -> Option<String> {
        name_attribute(self.subject(), oid::AT_ORGANIZATION)
    }

    /// SHA-256 of the DER, lower-case hex.
    pub fn fingerprint(&self) -> String {
        hex(&self.digest)
    }

    /// The serial number, lower-case hex.
    pub fn serial(&self) -> String {
        hex(self.parsed.tbs_certificate().serial_number().as_bytes())
    }

    pub fn not_before(&self) -> DateTime<Utc> {
        to_chrono(self.parsed.tbs_certificate().validity().not_before)
    }

    pub fn not_after(&self) -> DateTime<Utc> {
        to_chrono(self.parsed.tbs_certificate().validity().not_after)
    }

    /// Whether the certificate is within its validity period at `at`.
    pub fn valid_at(&self, at: DateTime<Utc>) -> bool {
        self.not_before() <= at && at <= self.not_after()
    }

    /// The key usage extension, if present and readable.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.parsed
            .tbs_certificate()
            .get_extension::<KeyUsage>()
            .ok()
            .flatten()
            .map(|(_, ku)| ku)
    }

    /// Whether the key may sign documents: digitalSignature or
    /// nonRepudiation (contentCommitment). A certificate without the
    /// extension restricts nothing (RFC 5280 4.2.1.3).
    pub fn may_sign_documents(&self) -> bool {
        self.key_usage()
            .is_none_or(|ku| ku.digital_signature() || ku.non_repudiation())
    }

    /// Whether this is a CA certificate that may sign certificates.
    pub fn is_ca(&self) -> bool {
        let ca = self
            .parsed
            .tbs_certificate()
            .get_extension::<BasicConstraints>()
            .ok()
            .flatten()
            .is_some_and(|(_, bc)| bc.ca);
        ca && self.key_usage().is_none_or(|ku| ku.key_cert_sign())
    }

    /// Whether the extended key usage is exactly a critical timeStamping,
    /// as RFC 3161 2.3 requires of a TSA's certificate.
    pub fn is_time_stamping(&self) -> bool {
        match self
            .parsed
            .tbs_certificate()
            .get_extension::<ExtendedKeyUsage>()
        {
            Ok(Some((critical, eku))) => critical && eku.0 == [oid::KP_TIME_STAMPING],
            _ => false,
        }
    }

    /// The HTTP(S) URLs of the certificate's CRL distribution points.
    pub fn crl_urls(&self) -> Vec<String> {
        let Ok(Some((_, points))) = self
            .parsed
            .tbs_certificate()
            .get_extension::<CrlDistributionPoints>()
        else {
            return Vec::new();
        };
        let mut urls = Vec::new();
        for point in points.0 {
            if let Some(DistributionPointName::FullName(names)) = point.distribution_point {
                for name in names {
                    if let GeneralName::UniformResourceIdentifier(uri) = name {
                        let uri = uri.to_string();
                        if uri.starts_with("http://") || uri.starts_with("https://") {
                            urls.push(uri);
                        }
                    }
                }
            }
        }
        urls
    }

    /// Whether `issuer` issued this certificate: names match and the
    /// issuer's key verifies the signature.
    pub fn issued_by(&self, issuer: &Certificate) -> bool {
        if self.issuer() != issuer.subject() {
            return false;
        }
        // A certificate's signature is a fact about two byte strings: once
        // checked, it need not be checked again for every decision of a run.
        let mut pair = [0u8; 64];
        pair[..32].copy_from_slice(&self.digest);
        pair[32..].copy_from_slice(&issuer.digest);
        if lock(&VERIFIED).contains(&pair) {
            return true;
        }
        let Ok((tbs, algorithm, signature)) = split_signed(&self.der) else {
            return false;
        };
        let Some(signature) = signature.as_bytes() else {
            return false;
        };
        let valid = verify_signature(issuer, &algorithm, None, tbs, signature).is_ok();
        if valid {
            let mut verified = lock(&VERIFIED);
            if verified.len() >= 4096 {
                verified.clear();
            }
            verified.insert(pair);
        }
        valid
    }
}

/// The (certificate, issuer) pairs, by SHA-256, whose signature verified.
static VERIFIED: std::sync::Mutex<std::collections::BTreeSet<[u8; 64]>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// What the register and the letter say about a signing certificate.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CertificateInfo {
    /// The subject's common name (CN): the official or the seal's name.
    pub name: String,
    /// The subject's organisation (O).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The subject as a distinguished name (RFC 4514).
    pub subject: String,
    pub issuer: String,
    /// Serial number, hex.
    pub serial: String,
    /// SHA-256 of the certificate's DER, hex.
    pub fingerprint: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

impl CertificateInfo {
    pub fn of(cert: &Certificate) -> CertificateInfo {
        CertificateInfo {
            name: cert
                .common_name()
                .unwrap_or_else(|| cert.subject().to_string()),
            organisation: cert.organisation(),
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: cert.serial(),
            fingerprint: cert.fingerprint(),
            not_before: cert.not_before(),
            not_after: cert.not_after(),
        }
    }
}

/// The certificates a signature must lead to, as the municipality
/// configures them (`ondertekening.vertrouwd`).
#[derive(Clone, Debug, Default)]
pub struct TrustAnchors {
    anchors: std::sync::Arc<[Certificate]>,
}

/// How far a chain may reach before we give up: real chains have two or
/// three links.
const MAX_CHAIN: usize = 8;

impl TrustAnchors {
    pub fn new(anchors: Vec<Certificate>) -> TrustAnchors {
        TrustAnchors {
            anchors: anchors.into(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    pub fn certificates(&self) -> &[Certificate] {
        &self.anchors
    }

    pub fn contains(&self, cert: &Certificate) -> bool {
        self.anchors.contains(cert)
    }

    /// The chain from `leaf` to a trust anchor (both included), through
    /// certificates from `pool`, each valid at `at` and each issuer a CA; or
    /// why there is none, in Dutch.
    pub fn path(
        &self,
        leaf: &Certificate,
        pool: &[Certificate],
        at: DateTime<Utc>,
    ) -> Result<Vec<Certificate>, String> {
        if self.anchors.is_empty() {
            return Err("er zijn geen vertrouwde basiscertificaten ingesteld".into());
        }
        let mut path = vec![leaf.clone()];
        loop {
            let current = path.last().expect("path starts with the leaf");
            if !current.valid_at(at) {
                return Err(format!(
                    "het certificaat {} is op {} niet geldig (geldig van {} tot {})",
                    describe(current),
                    at.format("%Y-%m-%d %H:%M:%S UTC"),
                    current.not_before().format("%Y-%m-%d"),
                    current.not_after().format("%Y-%m-%d"),
                ));
            }
            if self.anchors.contains(current) {
                return Ok(path);
            }
            if let Some(anchor) = self.anchors.iter().find(|a| current.issued_by(a)) {
                if !anchor.valid_at(at) {
                    return Err(format!(
                        "het basiscertificaat {} is op {} niet geldig",
                        describe(anchor),
                        at.format("%Y-%m-%d")
                    ));
                }
                path.push(anchor.clone());
                return Ok(path);
            }
            if path.len() >= MAX_CHAIN {
                return Err("de certificaatketen is te lang".into());
            }
            let issuer = pool
                .iter()
                .find(|c| !path.contains(c) && c.is_ca() && current.issued_by(c));
            match issuer {
                Some(issuer) => path.push(issuer.clone()),
                None => {
                    return Err(format!(
                        "geen vertrouwde uitgever gevonden voor {} (uitgegeven door {})",
                        describe(current),
                        current.issuer()
                    ));
                }
            }
        }
    }
}

/// "CN (O)", or the subject, for messages.
pub fn describe(cert: &Certificate) -> String {
    match (cert.common_name(), cert.organisation()) {
        (Some(cn), Some(o)) => format!("\u{201c}{cn}\u{201d} ({o})"),
        (Some(cn), None) => format!("\u{201c}{cn}\u{201d}"),
        _ => format!("\u{201c}{}\u{201d}", cert.subject()),
    }
}

pub fn der_len(cert: &Certificate) -> usize {
    cert.der.len()
}

/// Refuses a certificate that may not sign a decision at `at`: outside its
/// validity period, or without digitalSignature / nonRepudiation.
pub fn check_signing_certificate(cert: &Certificate, at: DateTime<Utc>) -> Result<(), SignError> {
    if at < cert.not_before() {
        return Err(SignError::new(
            Setting::Certificaat,
            format!(
                "het certificaat van {} is pas geldig vanaf {}",
                describe(cert),
                cert.not_before().format("%Y-%m-%d %H:%M:%S UTC")
            ),
        ));
    }
    if at > cert.not_after() {
        return Err(SignError::new(
            Setting::Certificaat,
            format!(
                "het certificaat van {} is verlopen op {}",
                describe(cert),
                cert.not_after().format("%Y-%m-%d %H:%M:%S UTC")
            ),
        ));
    }
    if !cert.may_sign_documents() {
        return Err(SignError::new(
            Setting::Certificaat,
            format!(
                "het certificaat van {} mag niet ondertekenen: het sleutelgebruik \
                 (key usage) noemt digitalSignature noch nonRepudiation",
                describe(cert)
            ),
        ));
    }
    Ok(())
}

/// Checks `signature` over `message` with `signer`'s public key, for the
/// signature algorithm `algorithm`; `digest` names the hash where the
/// algorithm leaves it open (CMS `rsaEncryption` / `id-ecPublicKey`).
pub fn verify_signature(
    signer: &Certificate,
    algorithm: &AlgorithmIdentifierOwned,
    digest: Option<&der::asn1::ObjectIdentifier>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    use rsa::signature::Verifier;
    use spki::DecodePublicKey;

    let spki = signer
        .parsed
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|e| e.to_string())?;
    let hash = match algorithm.oid {
        oid::ECDSA_WITH_SHA256 | oid::SHA256_WITH_RSA => oid::SHA256,
        oid::ECDSA_WITH_SHA384 | oid::SHA384_WITH_RSA => oid::SHA384,
        oid::ECDSA_WITH_SHA512 | oid::SHA512_WITH_RSA => oid::SHA512,
        oid::EC_PUBLIC_KEY | oid::RSA_ENCRYPTION => match digest {
            Some(d) => *d,
            None => return Err(format!("algoritme {} zonder hashfunctie", algorithm.oid)),
        },
        other => return Err(format!("onbekend handtekeningalgoritme {other}")),
    };
    let rsa = matches!(
        algorithm.oid,
        oid::SHA256_WITH_RSA | oid::SHA384_WITH_RSA | oid::SHA512_WITH_RSA | oid::RSA_ENCRYPTION
    );
    let bad = |_| "de handtekening klopt niet".to_string();
    if rsa {
        let key = rsa::PublicKey::from_public_key_der(&spki)
            .map_err(|_| "de sleutel is geen RSA-sleutel".to_string())?;
        let signature = rsa::pkcs1v15::Signature::try_from(signature).map_err(bad)?;
        match hash {
            oid::SHA256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                .verify(message, &signature)
                .map_err(bad),
            oid::SHA384 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key)
                .verify(message, &signature)
                .map_err(bad),
            oid::SHA512 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key)
                .verify(message, &signature)
                .map_err(bad),
            other => Err(format!("onbekende hashfunctie {other}")),
        }
    } else {
        use p256::ecdsa::signature::DigestVerifier;
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
            .map_err(|_| "de sleutel is geen P-256-sleutel".to_string())?;
        let signature = p256::ecdsa::Signature::from_der(signature).map_err(bad)?;
        match hash {
            oid::SHA256 => key.verify(message, &signature).map_err(bad),
            oid::SHA384 => key
                .verify_digest(
                    |d: &mut sha2::Sha384| {
                        d.update(message);
                        Ok(())
                    },
                    &signature,
                )
                .map_err(bad),
            oid::SHA512 => key
                .verify_digest(
                    |d: &mut sha2::Sha512| {
                        d.update(message);
                        Ok(())
                    },
                    &signature,
                )
                .map_err(bad),
            other => Err(format!("onbekende hashfunctie {other}")),
        }
    }
}

/// The to-be-signed bytes, algorithm and signature of a signed X.509
/// structure (certificate or CRL), the first as they are in `der`: the
/// signature covers those exact bytes, not a re-encoding.
pub fn split_signed(
    der: &[u8],
) -> Result<(&[u8], AlgorithmIdentifierOwned, BitString), der::Error> {
    let mut reader = SliceReader::new(der)?;
    let parts = reader.sequence(|r| -> Result<_, der::Error> {
        let tbs = r.tlv_bytes()?;
        let algorithm = AlgorithmIdentifierOwned::decode(r)?;
        let signature = BitString::decode(r)?;
        Ok((tbs, algorithm, signature))
    })?;
    reader.finish()?;
    Ok(parts)
}

/// The base64 bodies of the PEM blocks labelled `label`, decoded.
pub fn pem_blocks<'a>(
    bytes: &'a [u8],
    label: &'a str,
) -> impl Iterator<Item = Result<Vec<u8>, der::Error>> + 'a {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut blocks = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(&begin) {
        let after = &rest[start..];
        let Some(stop) = after.find(&end) else {
            blocks.push(Err(der::Error::from(der::ErrorKind::Failed)));
            break;
        };
        let block = &after[..stop + end.len()];
        blocks.push(
            der::pem::decode_vec(block.as_bytes())
                .map(|(_, der)| der)
                .map_err(der::Error::from),
        );
        rest = &after[stop + end.len()..];
    }
    blocks.into_iter()
}

fn name_attribute(
    name: &x509_cert::name::Name,
    wanted: der::asn1::ObjectIdentifier,
) -> Option<String> {
    name.iter()
        .filter(|atv| atv.oid == wanted)
        .filter_map(|atv| directory_string(&atv.value))
        .last()
}

/// The text of a DirectoryString (UTF8, Printable, IA5, Teletex as Latin-1,
/// BMP).
fn directory_string(value: &der::Any) -> Option<String> {
    use der::{Tag, Tagged};
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String => {
            String::from_utf8(bytes.to_vec()).ok()
        }
        Tag::TeletexString => Some(bytes.iter().map(|&b| b as char).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

pub fn to_chrono(time: x509_cert::time::Time) -> DateTime<Utc> {
    let secs = time.to_unix_duration().as_secs();
    DateTime::from_timestamp(i64::try_from(secs).unwrap_or(i64::MAX), 0)
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

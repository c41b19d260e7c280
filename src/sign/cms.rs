//! The CAdES signature inside the PDF: a detached CMS SignedData (RFC 5652)
//! with exactly one SignerInfo, whose signed attributes are contentType,
//! messageDigest and ESS signingCertificateV2 (RFC 5035), and no
//! signingTime: PAdES baseline puts the claimed time in the signature
//! dictionary's `/M` instead (ETSI EN 319 142-1 5.3, 6.3).
//!
//! The structure is assembled from the `cms` crate's types rather than its
//! builder, because the builder wants an in-process key (implementing
//! `signature::Signer` and `Keypair`) and turns every signing error into one
//! opaque failure; here the [`Signer`] only sees the DER of the signed
//! attributes, as an HSM would.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Reader, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use super::cert::Certificate;
use super::key::Signer;
use super::oid;
use super::{Setting, SignError};

/// ESS SigningCertificateV2 (RFC 5035 3): binds the signature to the
/// signing certificate by its hash, so a different certificate with the same
/// key cannot be substituted.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
    pub policies: Option<Vec<Any>>,
}

/// ESSCertIDv2; the hash algorithm is omitted when it is the default
/// SHA-256.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct EssCertIdV2 {
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    pub issuer_serial: Option<IssuerSerial>,
}

/// IssuerSerial (RFC 5035 4).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct IssuerSerial {
    pub issuer: Vec<GeneralName>,
    pub serial_number: SerialNumber,
}

/// ESS SigningCertificate (RFC 2634 5.4), the SHA-1 form some TSAs use.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct SigningCertificateV1 {
    pub certs: Vec<EssCertIdV1>,
    pub policies: Option<Vec<Any>>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct EssCertIdV1 {
    pub cert_hash: OctetString,
    pub issuer_serial: Option<IssuerSerial>,
}

pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

fn failed(e: der::Error) -> SignError {
    SignError::new(
        Setting::Document,
        format!("de handtekening kon niet worden opgebouwd: {e}"),
    )
}

fn sha256_identifier() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: oid::SHA256,
        parameters: None,
    }
}

fn attribute(oid: der::asn1::ObjectIdentifier, value: Any) -> Result<Attribute, der::Error> {
    let mut values = SetOfVec::new();
    values.insert(value)?;
    Ok(Attribute { oid, values })
}

/// A CMS SignedData being made: signed, and possibly still to receive its
/// time-stamp.
pub struct CmsSignature {
    signed_data: SignedData,
}

/// Signs `digest` (SHA-256 of the PDF's byte ranges) with `signer` and
/// embeds `certs` (the signing certificate first).
pub fn build(
    signer: &dyn Signer,
    certs: &[Certificate],
    digest: &[u8; 32],
) -> Result<CmsSignature, SignError> {
    let leaf = certs.first().ok_or_else(|| {
        SignError::new(Setting::Certificaat, "er is geen ondertekeningscertificaat")
    })?;
    let tbs = leaf.parsed().tbs_certificate();
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(sha256(&[leaf.der()])).map_err(failed)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            }),
        }],
        policies: None,
    };
    let mut signed_attrs = SetOfVec::new();
    signed_attrs
        .insert(
            attribute(
                oid::CONTENT_TYPE,
                Any::encode_from(&oid::DATA).map_err(failed)?,
            )
            .map_err(failed)?,
        )
        .map_err(failed)?;
    signed_attrs
        .insert(
            attribute(
                oid::MESSAGE_DIGEST,
                Any::encode_from(&OctetString::new(digest.to_vec()).map_err(failed)?)
                    .map_err(failed)?,
            )
            .map_err(failed)?,
        )
        .map_err(failed)?;
    signed_attrs
        .insert(
            attribute(
                oid::SIGNING_CERTIFICATE_V2,
                Any::encode_from(&ess).map_err(failed)?,
            )
            .map_err(failed)?,
        )
        .map_err(failed)?;
    // The signature covers the attributes encoded as a SET OF (tag 0x31),
    // not as they sit in the SignerInfo ([0] IMPLICIT), RFC 5652 5.4.
    let to_sign = signed_attrs.to_der().map_err(failed)?;
    let signature = signer.sign(&to_sign)?;
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: sha256_identifier(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: signer.algorithm().identifier(),
        signature: OctetString::new(signature).map_err(failed)?,
        unsigned_attrs: None,
    };
    let mut certificates = Vec::new();
    for cert in certs {
        certificates.push(CertificateChoices::Certificate(cert.parsed().clone()));
    }
    let mut digest_algorithms = SetOfVec::new();
    digest_algorithms
        .insert(sha256_identifier())
        .map_err(failed)?;
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: oid::DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet::try_from(certificates).map_err(failed)?),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![signer_info]).map_err(failed)?,
    };
    Ok(CmsSignature { signed_data })
}

impl CmsSignature {
    fn signer_info(&self) -> &SignerInfo {
        self.signed_data
            .signer_infos
            .0
            .get(0)
            .expect("built with one SignerInfo")
    }

    /// The signature value, which a B-T time-stamp covers (ETSI EN 319 122-1
    /// 5.3: the signature-time-stamp is over the SignerInfo's signature).
    pub fn signature_value(&self) -> Vec<u8> {
        self.signer_info().signature.as_bytes().to_vec()
    }

    /// Adds an RFC 3161 time-stamp token (DER ContentInfo) as the unsigned
    /// attribute id-aa-signatureTimeStampToken.
    pub fn add_timestamp(&mut self, token: &[u8]) -> Result<(), SignError> {
        let value = Any::from_der(token).map_err(failed)?;
        let mut attrs = SetOfVec::new();
        attrs
            .insert(attribute(oid::SIGNATURE_TIME_STAMP_TOKEN, value).map_err(failed)?)
            .map_err(failed)?;
        let mut info = self.signer_info().clone();
        info.unsigned_attrs = Some(attrs);
        self.signed_data.signer_infos = SignerInfos::try_from(vec![info]).map_err(failed)?;
        Ok(())
    }

    /// The ContentInfo's DER, for `/Contents`.
    pub fn to_der(&self) -> Result<Vec<u8>, SignError> {
        let info = ContentInfo {
            content_type: oid::SIGNED_DATA,
            content: Any::encode_from(&self.signed_data).map_err(failed)?,
        };
        info.to_der().map_err(failed)
    }
}

/// A SignedData read back: from `/Contents`, or a time-stamp token.
pub struct ParsedCms {
    pub signed_data: SignedData,
    pub certificates: Vec<Certificate>,
}

/// Reads a ContentInfo holding SignedData. `bytes` may carry the zero
/// padding of `/Contents` after the DER.
pub fn parse(bytes: &[u8]) -> Result<ParsedCms, String> {
    let mut reader = der::SliceReader::new(bytes).map_err(|e| e.to_string())?;
    let info = ContentInfo::decode(&mut reader).map_err(|e| format!("geen CMS: {e}"))?;
    let rest = &bytes[usize::try_from(reader.position()).unwrap_or(bytes.len())..];
    if rest.iter().any(|&b| b != 0) {
        return Err("na de CMS-structuur staan nog gegevens".into());
    }
    if info.content_type != oid::SIGNED_DATA {
        return Err(format!(
            "CMS-inhoud {} is geen SignedData",
            info.content_type
        ));
    }
    let signed_data: SignedData = info
        .content
        .decode_as()
        .map_err(|e| format!("SignedData onleesbaar: {e}"))?;
    let mut certificates = Vec::new();
    if let Some(set) = &signed_data.certificates {
        for choice in set.0.iter() {
            if let CertificateChoices::Certificate(cert) = choice {
                let der = cert.to_der().map_err(|e| e.to_string())?;
                certificates.push(Certificate::from_der(&der).map_err(|e| e.to_string())?);
            }
        }
    }
    Ok(ParsedCms {
        signed_data,
        certificates,
    })
}

impl ParsedCms {
    /// The one SignerInfo, or why there is not exactly one.
    pub fn only_signer(&self) -> Result<&SignerInfo, String> {
        let infos = &self.signed_data.signer_infos.0;
        match infos.len() {
            1 => Ok(infos.get(0).expect("length checked")),
            n => Err(format!(
                "de handtekening heeft {n} ondertekenaars in plaats van één"
            )),
        }
    }

    /// The certificate `info` names as its signer.
    pub fn signer_certificate(&self, info: &SignerInfo) -> Option<&Certificate> {
        self.certificates.iter().find(|c| match &info.sid {
            SignerIdentifier::IssuerAndSerialNumber(isn) => {
                let tbs = c.parsed().tbs_certificate();
                tbs.issuer() == &isn.issuer && tbs.serial_number() == &isn.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => c
                .parsed()
                .tbs_certificate()
                .get_extension::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
                .ok()
                .flatten()
                .is_some_and(|(_, own)| &own == ski),
        })
    }
}

/// The values of signed or unsigned attribute `oid` in `attrs`.
pub fn attribute_values(
    attrs: Option<&x509_cert::attr::Attributes>,
    oid: der::asn1::ObjectIdentifier,
) -> Vec<&Any> {
    attrs
        .into_iter()
        .flat_map(|set| set.iter())
        .filter(|a| a.oid == oid)
        .flat_map(|a| a.values.iter())
        .collect()
}

/// Why a SignerInfo does not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CmsFailure {
    /// The signed content's hash differs from messageDigest: the bytes
    /// changed.
    Digest,
    /// Anything else: attributes missing or wrong, signature invalid.
    Invalid(String),
}

impl std::fmt::Display for CmsFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CmsFailure::Digest => {
                f.write_str("de inhoud is gewijzigd: de hash klopt niet met de handtekening")
            }
            CmsFailure::Invalid(why) => f.write_str(why),
        }
    }
}

/// Checks a SignerInfo's signed attributes and signature: the content type
/// is `content_type`, the message digest is `digest` (hashed with the
/// SignerInfo's digest algorithm over `content`), the ESS attribute names
/// `cert`, and `cert`'s key verifies the signature.
pub fn verify_signer_info(
    info: &SignerInfo,
    cert: &Certificate,
    content_type: der::asn1::ObjectIdentifier,
    content: &[&[u8]],
) -> Result<(), CmsFailure> {
    let invalid = |why: &str| CmsFailure::Invalid(why.to_string());
    let Some(signed) = info.signed_attrs.as_ref() else {
        return Err(invalid(
            "de handtekening heeft geen ondertekende attributen",
        ));
    };
    let types = attribute_values(Some(signed), oid::CONTENT_TYPE);
    let [ty] = types.as_slice() else {
        return Err(invalid(
            "het attribuut contentType ontbreekt of staat er meer dan eens",
        ));
    };
    if ty.decode_as::<der::asn1::ObjectIdentifier>().ok() != Some(content_type) {
        return Err(invalid("het attribuut contentType klopt niet"));
    }
    let digests = attribute_values(Some(signed), oid::MESSAGE_DIGEST);
    let [digest] = digests.as_slice() else {
        return Err(invalid(
            "het attribuut messageDigest ontbreekt of staat er meer dan eens",
        ));
    };
    let digest = digest
        .decode_as::<OctetString>()
        .map_err(|_| invalid("het attribuut messageDigest is onleesbaar"))?;
    let actual = hash(&info.digest_alg.oid, content).map_err(CmsFailure::Invalid)?;
    if digest.as_bytes() != actual.as_slice() {
        return Err(CmsFailure::Digest);
    }
    check_ess(signed, cert).map_err(CmsFailure::Invalid)?;
    let to_sign = signed
        .to_der()
        .map_err(|e| CmsFailure::Invalid(e.to_string()))?;
    super::cert::verify_signature(
        cert,
        &info.signature_algorithm,
        Some(&info.digest_alg.oid),
        &to_sign,
        info.signature.as_bytes(),
    )
    .map_err(|e| CmsFailure::Invalid(format!("de cryptografische handtekening is ongeldig: {e}")))
}

/// The ESS signing-certificate attribute (v2, or v1 as older TSAs write it)
/// must name `cert` by its hash, where present.
fn check_ess(signed: &x509_cert::attr::Attributes, cert: &Certificate) -> Result<(), String> {
    if let Some(value) = attribute_values(Some(signed), oid::SIGNING_CERTIFICATE_V2).first() {
        let ess: SigningCertificateV2 = value
            .decode_as()
            .map_err(|_| "het attribuut signingCertificateV2 is onleesbaar".to_string())?;
        let first = ess
            .certs
            .first()
            .ok_or("het attribuut signingCertificateV2 is leeg")?;
        let algorithm = first.hash_algorithm.as_ref().map_or(oid::SHA256, |a| a.oid);
        if hash(&algorithm, &[cert.der()])? != first.cert_hash.as_bytes() {
            return Err("signingCertificateV2 noemt een ander certificaat".into());
        }
        return Ok(());
    }
    if let Some(value) = attribute_values(Some(signed), oid::SIGNING_CERTIFICATE).first() {
        let ess: SigningCertificateV1 = value
            .decode_as()
            .map_err(|_| "het attribuut signingCertificate is onleesbaar".to_string())?;
        let first = ess
            .certs
            .first()
            .ok_or("het attribuut signingCertificate is leeg")?;
        if hash(&oid::SHA1, &[cert.der()])? != first.cert_hash.as_bytes() {
            return Err("signingCertificate noemt een ander certificaat".into());
        }
        return Ok(());
    }
    Ok(())
}

/// The digest of `parts` with the hash `algorithm` names.
pub fn hash(algorithm: &der::asn1::ObjectIdentifier, parts: &[&[u8]]) -> Result<Vec<u8>, String> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut d = D::new();
        for p in parts {
            d.update(p);
        }
        d.finalize().to_vec()
    }
    match *algorithm {
        oid::SHA256 => Ok(run::<Sha256>(parts)),
        oid::SHA384 => Ok(run::<sha2::Sha384>(parts)),
        oid::SHA512 => Ok(run::<sha2::Sha512>(parts)),
        oid::SHA1 => Ok(run::<sha1::Sha1>(parts)),
        other => Err(format!("onbekende hashfunctie {other}")),
    }
}

//! Time-stamps (RFC 3161): the request pto sends, the token it gets back,
//! and the checks that make the token worth embedding: the TSA signed it,
//! over our signature's hash, in answer to our nonce.
//!
//! The ASN.1 is declared here with `der`'s derive rather than taken from
//! `x509-tsp`, whose only release is built on the previous generation of
//! the RustCrypto formats (`cms` 0.2, `der` 0.7).

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use der::asn1::{BitString, ObjectIdentifier, OctetString, Uint};
use der::{Any, Decode, Encode, Sequence, Tag, Tagged};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::Extensions;
use x509_cert::ext::pkix::name::GeneralName;

use super::cert::Certificate;
use super::cms;
use super::http;
use super::oid;
use super::{Setting, SignError};

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct MessageImprint {
    pub hash_algorithm: AlgorithmIdentifierOwned,
    pub hashed_message: OctetString,
}

/// TimeStampReq (RFC 3161 2.4.1).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct TimeStampReq {
    pub version: u8,
    pub message_imprint: MessageImprint,
    pub req_policy: Option<ObjectIdentifier>,
    pub nonce: Option<Uint>,
    pub cert_req: Option<bool>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}

/// PKIStatusInfo (RFC 3161 2.4.2).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct PkiStatusInfo {
    pub status: u32,
    pub status_string: Option<Vec<String>>,
    pub fail_info: Option<BitString>,
}

/// TimeStampResp; the token is kept as received, since the TSA's signature
/// covers its exact bytes.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct TimeStampResp {
    pub status: PkiStatusInfo,
    pub time_stamp_token: Option<Any>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct Accuracy {
    pub seconds: Option<u64>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub millis: Option<u32>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub micros: Option<u32>,
}

/// TSTInfo (RFC 3161 2.4.2). `gen_time` is read by hand: TSAs may add
/// fractional seconds, which the strict DER time type refuses.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub struct TstInfo {
    pub version: u8,
    pub policy: ObjectIdentifier,
    pub message_imprint: MessageImprint,
    pub serial_number: Uint,
    pub gen_time: Any,
    pub accuracy: Option<Accuracy>,
    pub ordering: Option<bool>,
    pub nonce: Option<Uint>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}

/// A checked time-stamp token.
#[derive(Clone, Debug)]
pub struct Token {
    /// The token (a CMS ContentInfo) as the TSA sent it.
    pub der: Vec<u8>,
    /// The time the TSA vouches for.
    pub time: DateTime<Utc>,
    /// The TSA's certificate, which signed the token.
    pub tsa: Certificate,
    /// Every certificate the token carries.
    pub certificates: Vec<Certificate>,
}

/// A time-stamp authority reached over HTTP (RFC 3161 3.4).
pub struct Client {
    url: String,
    timeout: Duration,
}

fn tsa_error(message: impl Into<String>) -> SignError {
    SignError::new(Setting::Tsa, message)
}

impl Client {
    pub fn new(url: &str, timeout: Duration) -> Result<Client, SignError> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(tsa_error(format!(
                "\u{201c}{url}\u{201d} is geen http- of https-adres van een tijdstempeldienst"
            )));
        }
        Ok(Client {
            url: url.to_string(),
            timeout,
        })
    }

    /// A token over SHA-256 of `signature`, checked.
    pub fn stamp(&self, signature: &[u8]) -> Result<Token, SignError> {
        let imprint = cms::sha256(&[signature]);
        let nonce = nonce(signature);
        let request = TimeStampReq {
            version: 1,
            message_imprint: MessageImprint {
                hash_algorithm: AlgorithmIdentifierOwned {
                    oid: oid::SHA256,
                    parameters: None,
                },
                hashed_message: OctetString::new(imprint.to_vec())
                    .map_err(|e| tsa_error(e.to_string()))?,
            },
            req_policy: None,
            nonce: Some(Uint::new(&nonce).map_err(|e| tsa_error(e.to_string()))?),
            cert_req: Some(true),
            extensions: None,
        }
        .to_der()
        .map_err(|e| tsa_error(e.to_string()))?;
        let body = http::post(
            &self.url,
            "application/timestamp-query",
            "application/timestamp-reply",
            &request,
            self.timeout,
        )
        .map_err(|e| tsa_error(format!("de tijdstempeldienst {} faalt: {e}", self.url)))?;
        let response = TimeStampResp::from_der(&body).map_err(|e| {
            tsa_error(format!(
                "de tijdstempeldienst {} geeft een onleesbaar antwoord: {e}",
                self.url
            ))
        })?;
        // granted (0) or grantedWithMods (1), RFC 3161 2.4.2.
        if response.status.status > 1 {
            let text = response
                .status
                .status_string
                .map(|s| s.join("; "))
                .unwrap_or_default();
            return Err(tsa_error(format!(
                "de tijdstempeldienst {} weigert (status {}){}",
                self.url,
                response.status.status,
                if text.is_empty() {
                    String::new()
                } else {
                    format!(": {text}")
                }
            )));
        }
        let token = response
            .time_stamp_token
            .ok_or_else(|| {
                tsa_error(format!(
                    "de tijdstempeldienst {} stuurt geen tijdstempel",
                    self.url
                ))
            })?
            .to_der()
            .map_err(|e| tsa_error(e.to_string()))?;
        check_token(&token, signature, Some(&nonce)).map_err(|e| {
            tsa_error(format!(
                "de tijdstempel van {} is onbruikbaar: {e}",
                self.url
            ))
        })
    }
}

/// A nonce unique to this request (RFC 3161 2.4.1): the hash of the
/// signature and the clock. It needs to be unpredictable to nobody, only
/// never repeated.
fn nonce(signature: &[u8]) -> [u8; 8] {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos()
        .to_be_bytes();
    let pid = std::process::id().to_be_bytes();
    let hash = cms::sha256(&[signature, &now, &pid]);
    let mut nonce = [0u8; 8];
    nonce.copy_from_slice(&hash[..8]);
    nonce[0] &= 0x7f;
    nonce
}

/// Checks `token` as a time-stamp over `signature`: a SignedData of TSTInfo,
/// signed by a certificate with the critical timeStamping usage, whose
/// imprint is `signature`'s hash (and whose nonce is `nonce`, when given).
pub fn check_token(token: &[u8], signature: &[u8], nonce: Option<&[u8]>) -> Result<Token, String> {
    let parsed = cms::parse(token)?;
    let signed_data = &parsed.signed_data;
    if signed_data.encap_content_info.econtent_type != oid::TST_INFO {
        return Err("het is geen tijdstempel (geen TSTInfo)".into());
    }
    let content = signed_data
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or("de tijdstempel is leeg")?;
    let tst_der = content
        .decode_as::<OctetString>()
        .map_err(|_| "de inhoud van de tijdstempel is onleesbaar".to_string())?;
    let tst =
        TstInfo::from_der(tst_der.as_bytes()).map_err(|e| format!("TSTInfo onleesbaar: {e}"))?;
    let expected = cms::hash(&tst.message_imprint.hash_algorithm.oid, &[signature])?;
    if tst.message_imprint.hashed_message.as_bytes() != expected.as_slice() {
        return Err("de tijdstempel hoort niet bij deze handtekening (messageImprint)".into());
    }
    if let Some(nonce) = nonce {
        let got = tst.nonce.as_ref().map(|n| n.as_bytes());
        if got != Some(strip_zeros(nonce)) {
            return Err("de tijdstempel beantwoordt een ander verzoek (nonce)".into());
        }
    }
    let time = gen_time(&tst.gen_time)?;
    let info = parsed.only_signer()?;
    let tsa = parsed
        .signer_certificate(info)
        .ok_or("het certificaat van de tijdstempeldienst zit niet in de tijdstempel")?
        .clone();
    if !tsa.is_time_stamping() {
        return Err(
            "het certificaat van de tijdstempeldienst heeft niet uitsluitend het kritieke \
             gebruik timeStamping (RFC 3161 2.3)"
                .into(),
        );
    }
    cms::verify_signer_info(info, &tsa, oid::TST_INFO, &[tst_der.as_bytes()])
        .map_err(|e| format!("de handtekening van de tijdstempeldienst: {e}"))?;
    Ok(Token {
        der: token.to_vec(),
        time,
        tsa,
        certificates: parsed.certificates,
    })
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(bytes.len().saturating_sub(1));
    &bytes[start..]
}

/// GeneralizedTime `YYYYMMDDHHMMSS[.f*]Z` (RFC 3161 2.4.2), to the second.
fn gen_time(value: &Any) -> Result<DateTime<Utc>, String> {
    if value.tag() != Tag::GeneralizedTime {
        return Err("genTime is geen GeneralizedTime".into());
    }
    let text = std::str::from_utf8(value.value()).map_err(|_| "genTime onleesbaar")?;
    let text = text.strip_suffix('Z').ok_or("genTime niet in UTC")?;
    let seconds = text.split('.').next().unwrap_or(text);
    NaiveDateTime::parse_from_str(seconds, "%Y%m%d%H%M%S")
        .map(|t| t.and_utc())
        .map_err(|_| format!("genTime \u{201c}{text}\u{201d} onleesbaar"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gen_time_reads_whole_and_fractional_seconds() {
        let whole = Any::new(Tag::GeneralizedTime, b"20261125143000Z".to_vec()).unwrap();
        let fraction = Any::new(Tag::GeneralizedTime, b"20261125143000.123Z".to_vec()).unwrap();
        let expected = "2026-11-25T14:30:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(gen_time(&whole).unwrap(), expected);
        assert_eq!(gen_time(&fraction).unwrap(), expected);
        let local = Any::new(Tag::GeneralizedTime, b"20261125143000".to_vec()).unwrap();
        assert!(gen_time(&local).is_err());
    }

    #[test]
    fn a_request_encodes_as_rfc_3161_says() {
        let request = TimeStampReq {
            version: 1,
            message_imprint: MessageImprint {
                hash_algorithm: AlgorithmIdentifierOwned {
                    oid: oid::SHA256,
                    parameters: None,
                },
                hashed_message: OctetString::new(vec![7; 32]).unwrap(),
            },
            req_policy: None,
            nonce: Some(Uint::new(&[1, 2]).unwrap()),
            cert_req: Some(true),
            extensions: None,
        };
        let der = request.to_der().unwrap();
        // SEQUENCE { INTEGER 1, SEQUENCE { SEQUENCE { OID sha256 }, OCTET STRING },
        //            INTEGER 0x0102, BOOLEAN TRUE }
        assert_eq!(&der[..5], &[0x30, 0x3b, 0x02, 0x01, 0x01]);
        assert_eq!(
            &der[der.len() - 7..],
            &[0x02, 0x02, 0x01, 0x02, 0x01, 0x01, 0xff]
        );
        assert_eq!(TimeStampReq::from_der(&der).unwrap(), request);
    }
}

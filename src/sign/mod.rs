//! Signing decisions: PAdES baseline signatures (B-B, B-T, B-LT) on the
//! unchanged PDF/A bytes, and their verification.
//!
//! A signature is an incremental update appended to the letter as rendered:
//! the rendered bytes stay a prefix of the signed file, so the unsigned PDF
//! remains reproducible and its hash identifies the decision. The update adds
//! an invisible signature field and a signature dictionary whose `/Contents`
//! holds a detached CAdES signature (CMS SignedData) over every byte of the
//! file except `/Contents` itself (ETSI EN 319 142-1, PAdES baseline).
//!
//! - B-B: the signature alone; the time in `/M` is only the signer's claim.
//! - B-T: plus an RFC 3161 time-stamp over the signature value, which proves
//!   the signature existed at that moment.
//! - B-LT: plus a second update with a Document Security Store (`/DSS`)
//!   holding the certificates and revocation lists needed to validate the
//!   signature years later without network access.
//!
//! The key is behind [`Signer`], which signs the DER of the CMS signed
//! attributes and reports its certificate chain, so an HSM or smart card can
//! replace the file key ([`FileSigner`]) without touching the rest.

mod cert;
mod cms;
pub mod config;
mod http;
mod key;
mod ltv;
mod oid;
mod pdf;
#[cfg(test)]
mod tests;
mod tsp;
mod verify;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use cert::{Certificate, CertificateInfo, TrustAnchors};
pub use key::{FileSigner, Password, SignatureAlgorithm, Signer};
pub use ltv::CrlCache;
pub use verify::{Problem, SignatureReport, TimeSource, Verification, verify_pdf};

/// The PAdES baseline level (ETSI EN 319 142-1): how much a validator can
/// establish without the signer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// B-B: signature and signing certificate.
    BB,
    /// B-T: B-B plus a trusted time-stamp over the signature.
    BT,
    /// B-LT: B-T plus the validation data (certificates, CRLs) in the file.
    BLT,
}

impl Level {
    /// The name as `pto.yaml`, the register and the validators write it.
    pub fn name(self) -> &'static str {
        match self {
            Level::BB => "B-B",
            Level::BT => "B-T",
            Level::BLT => "B-LT",
        }
    }

    /// The level named `name` (`B-B`, `B-T`, `B-LT`).
    pub fn from_name(name: &str) -> Option<Level> {
        match name {
            "B-B" => Some(Level::BB),
            "B-T" => Some(Level::BT),
            "B-LT" => Some(Level::BLT),
            _ => None,
        }
    }

    /// Whether this level needs a time-stamp authority.
    pub fn needs_tsa(self) -> bool {
        self >= Level::BT
    }
}

impl serde::Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Level, D::Error> {
        let name = String::deserialize(d)?;
        Level::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!("`{name}` is geen niveau (B-B, B-T of B-LT)"))
        })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The setting in `pto.yaml` (under `ondertekening`) that a signing error is
/// about, so the caller can point at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// `certificaat`: the PKCS#12 file or the PEM certificate chain.
    Certificaat,
    /// `sleutel`: the PEM private key.
    Sleutel,
    /// `wachtwoord_env`: the environment variable holding the password.
    WachtwoordEnv,
    /// `niveau`.
    Niveau,
    /// `tsa`: the time-stamp authority's URL.
    Tsa,
    /// `vertrouwd`: the trust anchors.
    Vertrouwd,
    /// `ruimte_bytes`: the room reserved for the signature.
    Ruimte,
    /// Not a setting: the PDF or the signing itself.
    Document,
}

impl Setting {
    /// The key under `ondertekening`, if the error is about one.
    pub fn key(self) -> Option<&'static str> {
        match self {
            Setting::Certificaat => Some("certificaat"),
            Setting::Sleutel => Some("sleutel"),
            Setting::WachtwoordEnv => Some("wachtwoord_env"),
            Setting::Niveau => Some("niveau"),
            Setting::Tsa => Some("tsa"),
            Setting::Vertrouwd => Some("vertrouwd"),
            Setting::Ruimte => Some("ruimte_bytes"),
            Setting::Document => None,
        }
    }
}

/// Why a decision could not be signed, in Dutch, with the setting it is
/// about. Never contains the password.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SignError {
    pub setting: Setting,
    pub message: String,
}

impl SignError {
    pub(crate) fn new(setting: Setting, message: impl Into<String>) -> SignError {
        SignError {
            setting,
            message: message.into(),
        }
    }
}

/// How to sign.
#[derive(Clone, Debug)]
pub struct SignOptions {
    pub level: Level,
    /// The time-stamp authority (RFC 3161 over HTTP), needed from B-T on.
    pub tsa_url: Option<String>,
    /// The moment of signing, written to `/M`; the certificate must be valid
    /// then.
    pub time: DateTime<Utc>,
    /// The trust anchors the signing certificate must chain to.
    pub anchors: TrustAnchors,
    /// Bytes reserved for the CMS in `/Contents`; `None` sizes it from the
    /// certificate chain.
    pub reserve: Option<usize>,
    /// How long one network request (TSA, CRL) may take.
    pub timeout: Duration,
    /// The revocation lists fetched for B-LT, shared by the signatures of a
    /// run: each list is fetched once, and again only once it is outdated.
    pub crls: Arc<CrlCache>,
}

impl SignOptions {
    pub fn new(level: Level, time: DateTime<Utc>, anchors: TrustAnchors) -> SignOptions {
        SignOptions {
            level,
            tsa_url: None,
            time,
            anchors,
            reserve: None,
            timeout: Duration::from_secs(20),
            crls: Arc::default(),
        }
    }
}

/// A signed PDF and what the archive records about its signature.
#[derive(Clone, Debug)]
pub struct Signed {
    pub pdf: Vec<u8>,
    pub signer: CertificateInfo,
    pub level: Level,
    /// The time in `/M`.
    pub time: DateTime<Utc>,
    /// The time-stamp's time (B-T and B-LT).
    pub timestamp: Option<DateTime<Utc>>,
    /// pto's own check of the signed file, right after signing.
    pub validation: Verification,
}

/// Checks that `signer`'s certificate may sign at `at` (valid then, with a
/// signing key usage) and leads to one of `anchors`: the chain from the
/// certificate to its anchor.
pub fn check_signer(
    signer: &dyn Signer,
    anchors: &TrustAnchors,
    at: DateTime<Utc>,
) -> Result<Vec<Certificate>, SignError> {
    let chain = signer.chain();
    let Some(leaf) = chain.first() else {
        return Err(SignError::new(
            Setting::Certificaat,
            "er is geen certificaat bij de sleutel",
        ));
    };
    cert::check_signing_certificate(leaf, at)?;
    anchors.path(leaf, &chain[1..], at).map_err(|problem| {
        SignError::new(
            Setting::Vertrouwd,
            format!(
                "het certificaat van {} leidt niet naar een vertrouwd basiscertificaat: {problem}",
                cert::describe(leaf)
            ),
        )
    })
}

/// What [`preflight`] established: who signs, and the room to reserve.
#[derive(Clone, Debug)]
pub struct Preflight {
    pub signer: CertificateInfo,
    /// Bytes to reserve for the CMS in `/Contents`.
    pub reserve: usize,
    /// The size of the trial signature.
    pub trial_size: usize,
}

/// Everything signing a decision at `options` needs, tried once before a
/// run signs anything: the certificate (valid, allowed to sign, trusted),
/// the key (a trial signature), the time-stamp authority (a trial token,
/// itself trusted), for B-LT the revocation lists, and whether the reserved
/// room holds the signature. A run that passes fails later only when a
/// service fails in between.
pub fn preflight(signer: &dyn Signer, options: &SignOptions) -> Result<Preflight, SignError> {
    let path = check_signer(signer, &options.anchors, options.time)?;
    let certs = embedded(signer, &path, &options.anchors);
    let mut trial = cms::build(signer, &certs, &[0; 32])?;
    let mut paths = vec![path];
    if options.level.needs_tsa() {
        let (token, tsa_path) = stamp(options, &trial.signature_value())?;
        trial.add_timestamp(&token.der)?;
        paths.push(tsa_path);
    }
    if options.level == Level::BLT {
        ltv::collect(&paths, options.time, options.timeout, &options.crls)?;
    }
    let trial_size = trial.to_der()?.len();
    // The real signature differs from the trial by a few bytes (the ECDSA
    // value's length, the token's serial and time).
    let margin = 512;
    let reserve = match options.reserve {
        Some(room) if room < trial_size + margin => {
            return Err(SignError::new(
                Setting::Ruimte,
                format!(
                    "de handtekening (ongeveer {trial_size} bytes) past niet in de \
                     gereserveerde ruimte ({room} bytes); reserveer ten minste {} bytes, of \
                     laat `ruimte_bytes` weg (dan kiest pto de ruimte)",
                    trial_size + margin
                ),
            ));
        }
        Some(room) => room,
        // Room for the real signature and a margin; zeros are not free:
        // they are written, hashed and read again as hex for every decision.
        None => (trial_size + 2048).max(4096),
    };
    Ok(Preflight {
        signer: CertificateInfo::of(&paths[0][0]),
        reserve,
        trial_size,
    })
}

/// Certificates to embed: the signer and its issuers, not the anchor
/// itself unless the signer's chain carried it.
fn embedded(signer: &dyn Signer, path: &[Certificate], anchors: &TrustAnchors) -> Vec<Certificate> {
    let chain = signer.chain();
    path.iter()
        .filter(|c| chain.contains(c) || !anchors.contains(c))
        .cloned()
        .collect()
}

/// A time-stamp over `signature` from the configured authority, and the
/// chain from its certificate to a trust anchor.
fn stamp(
    options: &SignOptions,
    signature: &[u8],
) -> Result<(tsp::Token, Vec<Certificate>), SignError> {
    let Some(url) = options.tsa_url.as_deref() else {
        return Err(SignError::new(
            Setting::Tsa,
            format!(
                "niveau {} vraagt een tijdstempeldienst, maar er is geen `tsa` ingesteld",
                options.level
            ),
        ));
    };
    let token = tsp::Client::new(url, options.timeout)?.stamp(signature)?;
    let tsa_path = options
        .anchors
        .path(&token.tsa, &token.certificates, token.time)
        .map_err(|problem| {
            SignError::new(
                Setting::Vertrouwd,
                format!(
                    "het certificaat van de tijdstempeldienst ({}) leidt niet naar een \
                     vertrouwd basiscertificaat: {problem}",
                    cert::describe(&token.tsa)
                ),
            )
        })?;
    Ok((token, tsa_path))
}

/// Signs `pdf` at `options.level` with `signer`: an incremental update with
/// the signature, a time-stamp for B-T, and a second update with the
/// validation data for B-LT. `pdf` is left a prefix of the result.
pub fn sign_pdf(
    pdf: &[u8],
    signer: &dyn Signer,
    options: &SignOptions,
) -> Result<Signed, SignError> {
    let path = check_signer(signer, &options.anchors, options.time)?;
    if options.level.needs_tsa() && options.tsa_url.is_none() {
        return Err(SignError::new(
            Setting::Tsa,
            format!(
                "niveau {} vraagt een tijdstempeldienst, maar er is geen `tsa` ingesteld",
                options.level
            ),
        ));
    }
    if let Some(url) = options
        .tsa_url
        .as_deref()
        .filter(|_| options.level.needs_tsa())
    {
        tsp::Client::new(url, options.timeout)?;
    }
    let leaf = path[0].clone();
    let certs = embedded(signer, &path, &options.anchors);
    let reserve = options
        .reserve
        .unwrap_or_else(|| default_reserve(&certs, options.level));
    let prepared = pdf::prepare(pdf, options.time, reserve)?;
    let digest = cms::sha256(&prepared.signed_bytes());
    let mut signature = cms::build(signer, &certs, &digest)?;
    let mut paths = vec![path];
    let mut timestamp = None;
    if options.level.needs_tsa() {
        let (token, tsa_path) = stamp(options, &signature.signature_value())?;
        paths.push(tsa_path);
        timestamp = Some(token.time);
        signature.add_timestamp(&token.der)?;
    }
    let (range, field) = prepared.byte_range();
    let field = field.to_string();
    let mut bytes = prepared.finish(&signature.to_der()?)?;
    if options.level == Level::BLT {
        let dss = ltv::collect(
            &paths,
            timestamp.unwrap_or(options.time),
            options.timeout,
            &options.crls,
        )?;
        bytes = pdf::append_dss(&bytes, &dss)?;
    }
    // What is archived must validate: check our own work, before anyone
    // relies on it. B-LT's second update is read as a validator reads the
    // whole file; a signature alone is checked in the bytes just written.
    let validation = if options.level == Level::BLT {
        verify_pdf(&bytes, &options.anchors)
    } else {
        verify::verify_fresh(&bytes, range, &field, options.time, &options.anchors)
    };
    if !validation.is_valid() {
        let problems: Vec<String> = validation.all_problems().map(ToString::to_string).collect();
        return Err(SignError::new(
            Setting::Document,
            format!(
                "de zojuist gezette handtekening is ongeldig: {}",
                problems.join("; ")
            ),
        ));
    }
    Ok(Signed {
        pdf: bytes,
        signer: CertificateInfo::of(&leaf),
        level: options.level,
        time: options.time,
        timestamp,
        validation,
    })
}

/// Room for the CMS when no [`preflight`] measured it: the certificates,
/// the signature and attributes, and a time-stamp token with its own chain.
/// Generous, because a placeholder too small fails the signing.
fn default_reserve(certs: &[Certificate], level: Level) -> usize {
    let chain: usize = certs.iter().map(cert::der_len).sum();
    let stamp = if level.needs_tsa() { 12 * 1024 } else { 0 };
    (4 * 1024 + chain + stamp).max(16 * 1024)
}

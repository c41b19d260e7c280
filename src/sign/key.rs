//! The signing key: the [`Signer`] trait, and its file implementation that
//! reads a PKCS#12 file or a PEM certificate chain with a PKCS#8 key.

use std::fmt;

use pkcs8::DecodePrivateKey;
use sha2::Sha256;
use spki::EncodePublicKey;

use super::cert::{Certificate, describe};
use super::oid;
use super::{Setting, SignError};

/// Signs for a decision. Implementations hold the key: a file
/// ([`FileSigner`]) or, later, an HSM or smart card behind PKCS#11, which
/// never lets the key out and only signs the bytes it is given.
pub trait Signer: Send + Sync {
    /// The signing certificate first, then the certificates that issued it,
    /// as far as the signer knows them.
    fn chain(&self) -> &[Certificate];

    /// The algorithm [`Signer::sign`] uses.
    fn algorithm(&self) -> SignatureAlgorithm;

    /// The signature over `signed_attributes`, the DER encoding of the CMS
    /// signed attributes (RFC 5652 5.4): the bytes are hashed with SHA-256
    /// and signed. An ECDSA signature is returned DER-encoded
    /// (Ecdsa-Sig-Value), an RSA signature as the PKCS#1 v1.5 octets.
    fn sign(&self, signed_attributes: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// The signature algorithms pto signs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// ECDSA on P-256 with SHA-256.
    EcdsaP256Sha256,
    /// RSA PKCS#1 v1.5 with SHA-256, what PKIoverheid certificates use.
    RsaPkcs1Sha256,
}

impl SignatureAlgorithm {
    /// The CMS signatureAlgorithm identifier (RFC 5754 3.2, RFC 4055 5).
    pub fn identifier(self) -> spki::AlgorithmIdentifierOwned {
        match self {
            SignatureAlgorithm::EcdsaP256Sha256 => spki::AlgorithmIdentifierOwned {
                oid: oid::ECDSA_WITH_SHA256,
                parameters: None,
            },
            SignatureAlgorithm::RsaPkcs1Sha256 => spki::AlgorithmIdentifierOwned {
                oid: oid::SHA256_WITH_RSA,
                parameters: Some(der::asn1::Null.into()),
            },
        }
    }
}

/// A password, read from the environment variable the configuration names.
/// Never shown: `Debug` prints a placeholder, and the bytes are wiped when
/// dropped.
pub struct Password(String);

impl Password {
    pub fn new(password: String) -> Password {
        Password(password)
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

impl Drop for Password {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

enum FileKey {
    P256(p256::ecdsa::SigningKey),
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
}

/// A key read from files: a PKCS#12 file, or a PEM certificate chain and a
/// PEM PKCS#8 key (encrypted or not).
pub struct FileSigner {
    key: FileKey,
    chain: Vec<Certificate>,
}

impl fmt::Debug for FileSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileSigner")
            .field("chain", &self.chain)
            .finish_non_exhaustive()
    }
}

impl FileSigner {
    /// The key and certificates of a PKCS#12 file (`.p12`, `.pfx`), as
    /// `openssl pkcs12 -export` and certificate providers make them
    /// (PBES2/AES as well as the legacy 3DES/RC2 encryption).
    pub fn from_pkcs12(bytes: &[u8], password: &Password) -> Result<FileSigner, SignError> {
        let archive = p12_keystore::Pkcs12Archive::from_pkcs12(bytes, password.as_str()).map_err(
            |e| match e {
                p12_keystore::error::Error::MacError(_) => SignError::new(
                    Setting::WachtwoordEnv,
                    "het wachtwoord past niet bij het PKCS#12-bestand",
                ),
                p12_keystore::error::Error::Pkcs5Error(_)
                | p12_keystore::error::Error::UnpadError => SignError::new(
                    Setting::WachtwoordEnv,
                    "het PKCS#12-bestand laat zich met dit wachtwoord niet ontsleutelen",
                ),
                other => SignError::new(
                    Setting::Certificaat,
                    format!("het PKCS#12-bestand is niet leesbaar: {other}"),
                ),
            },
        )?;
        let mut certs = Vec::new();
        for bag in &archive.certs {
            certs.push(Certificate::from_der(bag.cert.as_der()).map_err(|e| {
                SignError::new(
                    Setting::Certificaat,
                    format!("een certificaat in het PKCS#12-bestand is onleesbaar: {e}"),
                )
            })?);
        }
        let [key] = archive.keys.as_slice() else {
            return Err(SignError::new(
                Setting::Certificaat,
                format!(
                    "het PKCS#12-bestand moet precies één sleutel bevatten, niet {}",
                    archive.keys.len()
                ),
            ));
        };
        FileSigner::new(key.key.as_der(), certs, Setting::Certificaat)
    }

    /// A PEM certificate chain (signing certificate first or anywhere, its
    /// issuers beside it) and a PEM PKCS#8 key, encrypted
    /// (`ENCRYPTED PRIVATE KEY`, with `password`) or not.
    pub fn from_pem(
        chain_pem: &[u8],
        key_pem: &[u8],
        password: Option<&Password>,
    ) -> Result<FileSigner, SignError> {
        let certs = Certificate::load_all(chain_pem).map_err(|e| {
            SignError::new(
                Setting::Certificaat,
                format!("het certificaatbestand is geen leesbare PEM-certificaatketen: {e}"),
            )
        })?;
        let text = String::from_utf8_lossy(key_pem);
        let key_der = if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            let Some(password) = password else {
                return Err(SignError::new(
                    Setting::WachtwoordEnv,
                    "de sleutel is versleuteld, maar er is geen wachtwoord ingesteld",
                ));
            };
            let (_, der) = der::pem::decode_vec(text.trim().as_bytes()).map_err(|e| {
                SignError::new(
                    Setting::Sleutel,
                    format!("het sleutelbestand is geen PEM: {e}"),
                )
            })?;
            let info =
                pkcs8::EncryptedPrivateKeyInfoRef::try_from(der.as_slice()).map_err(|e| {
                    SignError::new(Setting::Sleutel, format!("de sleutel is onleesbaar: {e}"))
                })?;
            info.decrypt(password.as_str().as_bytes())
                .map_err(|_| {
                    SignError::new(
                        Setting::WachtwoordEnv,
                        "het wachtwoord past niet bij de versleutelde sleutel",
                    )
                })?
                .as_bytes()
                .to_vec()
        } else if text.contains("-----BEGIN PRIVATE KEY-----") {
            let (_, der) = der::pem::decode_vec(text.trim().as_bytes()).map_err(|e| {
                SignError::new(
                    Setting::Sleutel,
                    format!("het sleutelbestand is geen PEM: {e}"),
                )
            })?;
            der
        } else if text.contains("-----BEGIN EC PRIVATE KEY-----")
            || text.contains("-----BEGIN RSA PRIVATE KEY-----")
        {
            return Err(SignError::new(
                Setting::Sleutel,
                "de sleutel staat niet in PKCS#8-vorm; zet hem om met \
                 `openssl pkcs8 -topk8 -in sleutel.pem -out sleutel-pkcs8.pem`",
            ));
        } else {
            return Err(SignError::new(
                Setting::Sleutel,
                "het sleutelbestand bevat geen PEM-sleutel (PRIVATE KEY of ENCRYPTED PRIVATE KEY)",
            ));
        };
        FileSigner::new(&key_der, certs, Setting::Sleutel)
    }

    /// Pairs a PKCS#8 key with the certificate that holds its public key,
    /// and orders the chain from that certificate upwards.
    fn new(
        pkcs8_der: &[u8],
        certs: Vec<Certificate>,
        key_setting: Setting,
    ) -> Result<FileSigner, SignError> {
        let info = pkcs8::PrivateKeyInfoRef::try_from(pkcs8_der)
            .map_err(|e| SignError::new(key_setting, format!("de sleutel is onleesbaar: {e}")))?;
        let unsupported = || {
            SignError::new(
                key_setting,
                "de sleutel is geen P-256- of RSA-sleutel; pto ondertekent met ECDSA P-256 of RSA",
            )
        };
        let (key, public) = match info.algorithm.oid {
            oid::EC_PUBLIC_KEY => {
                let key = p256::ecdsa::SigningKey::from_pkcs8_der(pkcs8_der)
                    .map_err(|_| unsupported())?;
                let public = key.verifying_key().to_public_key_der();
                (FileKey::P256(key), public)
            }
            oid::RSA_ENCRYPTION => {
                let key = rsa::PrivateKey::from_pkcs8_der(pkcs8_der).map_err(|e| {
                    SignError::new(key_setting, format!("de RSA-sleutel is onleesbaar: {e}"))
                })?;
                let public = key.to_public_key().to_public_key_der();
                (
                    FileKey::Rsa(Box::new(rsa::pkcs1v15::SigningKey::<Sha256>::new(key))),
                    public,
                )
            }
            _ => return Err(unsupported()),
        };
        let public = public
            .map_err(|e| SignError::new(key_setting, format!("de sleutel is onbruikbaar: {e}")))?;
        let leaf = certs
            .iter()
            .find(|c| {
                der::Encode::to_der(c.parsed().tbs_certificate().subject_public_key_info())
                    .is_ok_and(|spki| spki == public.as_bytes())
            })
            .cloned()
            .ok_or_else(|| {
                SignError::new(
                    Setting::Certificaat,
                    "geen van de certificaten hoort bij de sleutel",
                )
            })?;
        let mut chain = vec![leaf];
        while let Some(issuer) = certs.iter().find(|c| {
            let last = chain.last().expect("chain starts with the leaf");
            !chain.contains(c) && last.issued_by(c)
        }) {
            chain.push(issuer.clone());
        }
        Ok(FileSigner { key, chain })
    }

    /// A one-line description of the signing certificate, for messages.
    pub fn describe(&self) -> String {
        describe(&self.chain[0])
    }
}

impl Signer for FileSigner {
    fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        match self.key {
            FileKey::P256(_) => SignatureAlgorithm::EcdsaP256Sha256,
            FileKey::Rsa(_) => SignatureAlgorithm::RsaPkcs1Sha256,
        }
    }

    fn sign(&self, signed_attributes: &[u8]) -> Result<Vec<u8>, SignError> {
        use rsa::signature::{SignatureEncoding, Signer as _};
        let failed = |e: rsa::signature::Error| {
            SignError::new(Setting::Document, format!("ondertekenen mislukt: {e}"))
        };
        match &self.key {
            FileKey::P256(key) => {
                let signature: p256::ecdsa::Signature =
                    key.try_sign(signed_attributes).map_err(failed)?;
                Ok(signature.to_der().as_bytes().to_vec())
            }
            FileKey::Rsa(key) => Ok(key.try_sign(signed_attributes).map_err(failed)?.to_vec()),
        }
    }
}

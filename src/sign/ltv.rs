//! Long-term validation data (B-LT): the certificates of the signer and the
//! time-stamp authority up to their trust anchors, and the current
//! revocation lists of every certificate below an anchor, fetched from the
//! certificates' CRL distribution points and checked before they are stored.

use std::time::Duration;

use chrono::{DateTime, Utc};
use der::Decode;
use x509_cert::crl::CertificateList;

use super::cert::{Certificate, describe, split_signed, to_chrono, verify_signature};
use super::http;
use super::pdf::Dss;
use super::{Setting, SignError};

/// Gathers the DSS contents for the certificate `paths` (each from a leaf
/// to its anchor): every certificate once, and for each certificate below an
/// anchor a CRL from its issuer that does not revoke it at `at`.
pub fn collect(
    paths: &[Vec<Certificate>],
    at: DateTime<Utc>,
    timeout: Duration,
    cache: &CrlCache,
) -> Result<Dss, SignError> {
    let mut dss = Dss::default();
    // Signer and TSA usually share a CA and its CRL, and every decision of
    // a run has the same chains: fetch each URL once, until it is outdated.
    let mut fetched = cache.current();
    for path in paths {
        for cert in path {
            if !dss.certs.iter().any(|c| c == cert.der()) {
                dss.certs.push(cert.der().to_vec());
            }
        }
        for pair in path.windows(2) {
            let (cert, issuer) = (&pair[0], &pair[1]);
            let crl = fetch_crl(cert, issuer, at, timeout, &mut fetched)?;
            if !dss.crls.contains(&crl) {
                dss.crls.push(crl);
            }
        }
    }
    cache.keep(fetched);
    Ok(dss)
}

/// Revocation lists by URL, shared by the signatures of a run.
#[derive(Debug, Default)]
pub struct CrlCache {
    lists: std::sync::Mutex<Vec<(String, Vec<u8>)>>,
}

impl CrlCache {
    /// The lists whose next update is still to come.
    fn current(&self) -> Vec<(String, Vec<u8>)> {
        let now = Utc::now();
        let lists = self.lists.lock().unwrap_or_else(|p| p.into_inner());
        lists
            .iter()
            .filter(|(_, crl)| next_update(crl).is_some_and(|next| next > now))
            .cloned()
            .collect()
    }

    fn keep(&self, fetched: Vec<(String, Vec<u8>)>) {
        let mut lists = self.lists.lock().unwrap_or_else(|p| p.into_inner());
        for (url, crl) in fetched {
            lists.retain(|(u, _)| *u != url);
            lists.push((url, crl));
        }
    }
}

/// When the CRL says its successor is due; none when it does not say.
fn next_update(crl: &[u8]) -> Option<DateTime<Utc>> {
    let list = CertificateList::<x509_cert::certificate::Rfc5280>::from_der(crl).ok()?;
    list.tbs_cert_list.next_update.map(to_chrono)
}

fn fetch_crl(
    cert: &Certificate,
    issuer: &Certificate,
    at: DateTime<Utc>,
    timeout: Duration,
    fetched: &mut Vec<(String, Vec<u8>)>,
) -> Result<Vec<u8>, SignError> {
    let urls = cert.crl_urls();
    if urls.is_empty() {
        return Err(SignError::new(
            Setting::Niveau,
            format!(
                "het certificaat van {} noemt geen intrekkingslijst (CRL); \
                 B-LT kan de geldigheid dan niet vastleggen",
                describe(cert)
            ),
        ));
    }
    let mut failures = Vec::new();
    for url in &urls {
        let crl = match fetched.iter().find(|(u, _)| u == url) {
            Some((_, crl)) => crl.clone(),
            None => match http::get(url, timeout) {
                Ok(crl) => {
                    fetched.push((url.clone(), crl.clone()));
                    crl
                }
                Err(e) => {
                    failures.push(format!("{url}: {e}"));
                    continue;
                }
            },
        };
        match crl_status(&crl, cert, issuer, at) {
            Ok(CrlStatus::Good) => return Ok(crl),
            Ok(CrlStatus::Revoked(when)) => {
                return Err(SignError::new(
                    Setting::Certificaat,
                    format!(
                        "het certificaat van {} is ingetrokken op {}",
                        describe(cert),
                        when.format("%Y-%m-%d %H:%M:%S UTC")
                    ),
                ));
            }
            Err(e) => failures.push(format!("{url}: {e}")),
        }
    }
    Err(SignError::new(
        Setting::Niveau,
        format!(
            "de intrekkingslijst van {} is niet op te halen: {}",
            describe(cert),
            failures.join("; ")
        ),
    ))
}

/// What a CRL says about a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrlStatus {
    Good,
    Revoked(DateTime<Utc>),
}

/// Checks that `crl` is `issuer`'s, signed by it, and says whether it
/// revokes `cert` at or before `at`.
pub fn crl_status(
    crl: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    at: DateTime<Utc>,
) -> Result<CrlStatus, String> {
    let list = CertificateList::from_der(crl).map_err(|e| format!("geen leesbare CRL: {e}"))?;
    if list.tbs_cert_list.issuer != *issuer.subject() {
        return Err("de CRL is van een andere uitgever".into());
    }
    let (tbs, algorithm, signature) = split_signed(crl).map_err(|e| e.to_string())?;
    let signature = signature
        .as_bytes()
        .ok_or("de handtekening van de CRL is onleesbaar")?;
    verify_signature(issuer, &algorithm, None, tbs, signature)
        .map_err(|e| format!("de CRL is niet door de uitgever ondertekend: {e}"))?;
    let serial = cert.parsed().tbs_certificate().serial_number();
    for revoked in list.tbs_cert_list.revoked_certificates.iter().flatten() {
        if &revoked.serial_number == serial {
            let when = to_chrono(revoked.revocation_date);
            if when <= at {
                return Ok(CrlStatus::Revoked(when));
            }
        }
    }
    Ok(CrlStatus::Good)
}

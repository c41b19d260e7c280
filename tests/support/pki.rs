//! A test PKI and its services, made fresh for each test run: a root CA, a
//! signer (P-256, and one with an RSA key), signers that must be refused
//! (expired, without signing key usage, revoked, under an untrusted root),
//! a time-stamp authority with the critical timeStamping usage, and a local
//! HTTP server on 127.0.0.1 answering RFC 3161 requests (`openssl ts
//! -reply`) and serving the root's CRL.
//!
//! Shared as source by the library's signing tests and the CLI tests
//! (`#[path]`), so both make the PKI the same way. Making one costs a few
//! milliseconds; [`shared`] gives one per test process.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, CrlDistributionPoint,
    CustomExtension, DnType, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose, RevocationReason,
    RevokedCertParams, SerialNumber,
};

/// The password of every encrypted key and PKCS#12 file in the PKI.
pub const PASSWORD: &str = "geheim-wachtwoord-17";

/// A certificate with its key, as files.
#[derive(Clone, Debug)]
pub struct Identity {
    /// The certificate alone (PEM).
    pub cert: PathBuf,
    /// The certificate and then its issuer (PEM).
    pub chain: PathBuf,
    /// The key, PKCS#8 PEM, unencrypted.
    pub key: PathBuf,
    /// The key, PKCS#8 PEM, encrypted with [`PASSWORD`].
    pub key_encrypted: PathBuf,
    /// Key and chain in a PKCS#12 file made by `openssl pkcs12 -export`
    /// (OpenSSL 3: PBES2, AES-256-CBC), password [`PASSWORD`].
    pub p12: PathBuf,
}

/// The PKI, its files and its running server.
pub struct Pki {
    pub dir: PathBuf,
    /// The root CA certificate (PEM), the trust anchor.
    pub root: PathBuf,
    /// Another root, which nobody trusts.
    pub stranger_root: PathBuf,
    /// The signer: CN "mr. A.B. de Vries", O "Gemeente Testdam", P-256.
    pub signer: Identity,
    /// A signer with a 2048-bit RSA key.
    pub rsa_signer: Identity,
    /// Valid until yesterday.
    pub expired: Identity,
    /// Valid from a month from now.
    pub not_yet: Identity,
    /// Key usage keyEncipherment only.
    pub no_signing: Identity,
    /// Listed on the root's CRL.
    pub revoked: Identity,
    /// Issued by the stranger root.
    pub stranger: Identity,
    /// The TSA certificate.
    pub tsa_cert: PathBuf,
    /// `http://127.0.0.1:PORT/tsa`.
    pub tsa_url: String,
    /// A TSA that answers with status "rejection".
    pub refusing_tsa_url: String,
    /// A TSA that answers HTTP 500.
    pub broken_tsa_url: String,
    /// An address where nothing listens.
    pub dead_url: String,
    /// The root's CRL.
    pub crl_url: String,
    server: Option<Server>,
    /// Keeps the directory for as long as the PKI lives.
    _temp: Option<tempfile::TempDir>,
}

static SHARED: OnceLock<Pki> = OnceLock::new();

/// The PKI of this test process.
pub fn shared() -> &'static Pki {
    SHARED.get_or_init(Pki::new)
}

fn now() -> time::OffsetDateTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    time::OffsetDateTime::from_unix_timestamp(secs as i64).unwrap()
}

fn days(n: i64) -> time::Duration {
    time::Duration::days(n)
}

fn name(params: &mut CertificateParams, cn: &str, o: &str) {
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(DnType::CountryName, "NL");
    params.distinguished_name.push(DnType::OrganizationName, o);
    params.distinguished_name.push(DnType::CommonName, cn);
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    name(&mut params, cn, "pto test-PKI");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = now() - days(30);
    params.not_after = now() + days(3650);
    params.key_identifier_method = KeyIdMethod::Sha256;
    params
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Runs `openssl` with `args`, panicking loudly when it is missing or fails.
pub fn openssl(args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("openssl is needed by the signing tests (apt install openssl): {e}")
        });
    assert!(
        out.status.success(),
        "openssl {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

struct Root {
    params: CertificateParams,
    key: KeyPair,
    pem: String,
}

impl Root {
    fn new(cn: &str) -> Root {
        let key = KeyPair::generate().unwrap();
        let params = ca_params(cn);
        let pem = params.self_signed(&key).unwrap().pem();
        Root { params, key, pem }
    }

    fn issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_params(&self.params, &self.key)
    }
}

impl Pki {
    /// A new PKI with its own directory and server.
    pub fn new() -> Pki {
        let temp = tempfile::Builder::new()
            .prefix("pto-pki-")
            .tempdir()
            .unwrap();
        let dir = temp.path().to_path_buf();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let crl_url = format!("{base}/root.crl");

        let root = Root::new("pto test-root");
        write(&dir.join("root.pem"), &root.pem);
        let stranger_root = Root::new("onbekende root");
        write(&dir.join("stranger-root.pem"), &stranger_root.pem);

        let issue = |file: &str,
                     issuer: &Root,
                     key: KeyPair,
                     cn: &str,
                     not_before: time::OffsetDateTime,
                     not_after: time::OffsetDateTime,
                     usages: Vec<KeyUsagePurpose>,
                     serial: u8|
         -> Identity {
            let mut params = CertificateParams::default();
            name(&mut params, cn, "Gemeente Testdam");
            params.not_before = not_before;
            params.not_after = not_after;
            params.key_usages = usages;
            params.serial_number = Some(SerialNumber::from_slice(&[0x10, serial]));
            params.use_authority_key_identifier_extension = true;
            params.crl_distribution_points = vec![CrlDistributionPoint {
                uris: vec![crl_url.clone()],
            }];
            let cert = params.signed_by(&key, &issuer.issuer()).unwrap().pem();
            let cert_path = dir.join(format!("{file}.pem"));
            write(&cert_path, &cert);
            let chain = dir.join(format!("{file}-chain.pem"));
            write(&chain, format!("{cert}{}", issuer.pem));
            let key_path = dir.join(format!("{file}.key"));
            write(&key_path, key.serialize_pem());
            let key_encrypted = dir.join(format!("{file}-encrypted.key"));
            let pass = format!("pass:{PASSWORD}");
            openssl(&[
                "pkcs8",
                "-topk8",
                "-v2",
                "aes-256-cbc",
                "-in",
                key_path.to_str().unwrap(),
                "-out",
                key_encrypted.to_str().unwrap(),
                "-passout",
                &pass,
            ]);
            let issuer_path = dir.join(format!("{file}-issuer.pem"));
            write(&issuer_path, &issuer.pem);
            let p12 = dir.join(format!("{file}.p12"));
            openssl(&[
                "pkcs12",
                "-export",
                "-in",
                cert_path.to_str().unwrap(),
                "-inkey",
                key_path.to_str().unwrap(),
                "-certfile",
                issuer_path.to_str().unwrap(),
                "-out",
                p12.to_str().unwrap(),
                "-passout",
                &pass,
                "-name",
                cn,
            ]);
            Identity {
                cert: cert_path,
                chain,
                key: key_path,
                key_encrypted,
                p12,
            }
        };
        let signing = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        let signer = issue(
            "signer",
            &root,
            KeyPair::generate().unwrap(),
            "mr. A.B. de Vries",
            now() - days(1),
            now() + days(730),
            signing.clone(),
            1,
        );
        let rsa_pem = String::from_utf8(openssl(&[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
        ]))
        .unwrap();
        let rsa_signer = issue(
            "rsa-signer",
            &root,
            KeyPair::from_pem(&rsa_pem).unwrap(),
            "Gemeente Testdam (zegel)",
            now() - days(1),
            now() + days(730),
            signing.clone(),
            2,
        );
        let expired = issue(
            "expired",
            &root,
            KeyPair::generate().unwrap(),
            "verlopen ambtenaar",
            now() - days(400),
            now() - days(1),
            signing.clone(),
            3,
        );
        let not_yet = issue(
            "not-yet",
            &root,
            KeyPair::generate().unwrap(),
            "toekomstige ambtenaar",
            now() + days(30),
            now() + days(400),
            signing.clone(),
            7,
        );
        let no_signing = issue(
            "no-signing",
            &root,
            KeyPair::generate().unwrap(),
            "versleutelaar",
            now() - days(1),
            now() + days(730),
            vec![KeyUsagePurpose::KeyEncipherment],
            4,
        );
        let revoked = issue(
            "revoked",
            &root,
            KeyPair::generate().unwrap(),
            "ingetrokken ambtenaar",
            now() - days(10),
            now() + days(730),
            signing.clone(),
            5,
        );
        let stranger = issue(
            "stranger",
            &stranger_root,
            KeyPair::generate().unwrap(),
            "vreemde ondertekenaar",
            now() - days(1),
            now() + days(730),
            signing,
            6,
        );

        // The TSA: extended key usage timeStamping, critical (RFC 3161 2.3);
        // rcgen writes its own EKU non-critical, so it goes in by hand.
        let tsa_key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::default();
        name(&mut params, "pto test-tijdstempeldienst", "pto test-PKI");
        params.not_before = now() - days(30);
        params.not_after = now() + days(3650);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.serial_number = Some(SerialNumber::from_slice(&[0x20, 1]));
        params.use_authority_key_identifier_extension = true;
        params.crl_distribution_points = vec![CrlDistributionPoint {
            uris: vec![crl_url.clone()],
        }];
        let mut eku = CustomExtension::from_oid_content(
            &[2, 5, 29, 37],
            vec![
                0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08,
            ],
        );
        eku.set_criticality(true);
        params.custom_extensions = vec![eku];
        let tsa_cert = dir.join("tsa.pem");
        write(
            &tsa_cert,
            params.signed_by(&tsa_key, &root.issuer()).unwrap().pem(),
        );
        write(&dir.join("tsa.key"), tsa_key.serialize_pem());
        write(&dir.join("tsaserial"), "01\n");
        write(
            &dir.join("tsa.cnf"),
            format!(
                "[ tsa ]\ndefault_tsa = tsa1\n\n[ tsa1 ]\ndir = {}\nserial = $dir/tsaserial\n\
                 crypto_device = builtin\nsigner_cert = $dir/tsa.pem\ncerts = $dir/root.pem\n\
                 signer_key = $dir/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n\
                 digests = sha256, sha384, sha512\naccuracy = secs:1\nordering = no\n\
                 tsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
                dir.display()
            ),
        );

        // The CRL, made afresh at each request like a CA's current one.
        let revoked_serial = 5u8;
        let crl = move || -> Vec<u8> {
            let params = CertificateRevocationListParams {
                this_update: now() - time::Duration::minutes(1),
                next_update: now() + days(1),
                crl_number: SerialNumber::from_slice(&[1]),
                issuing_distribution_point: None,
                revoked_certs: vec![RevokedCertParams {
                    serial_number: SerialNumber::from_slice(&[0x10, revoked_serial]),
                    revocation_time: now() - days(2),
                    reason_code: Some(RevocationReason::KeyCompromise),
                    invalidity_date: None,
                }],
                key_identifier_method: KeyIdMethod::Sha256,
            };
            params.signed_by(&root.issuer()).unwrap().der().to_vec()
        };
        let server = Server::start(listener, dir.clone(), crl);
        Pki {
            root: dir.join("root.pem"),
            stranger_root: dir.join("stranger-root.pem"),
            signer,
            rsa_signer,
            expired,
            not_yet,
            no_signing,
            revoked,
            stranger,
            tsa_cert,
            tsa_url: format!("{base}/tsa"),
            refusing_tsa_url: format!("{base}/tsa-weigert"),
            broken_tsa_url: format!("{base}/tsa-kapot"),
            dead_url: dead_url(),
            crl_url,
            server: Some(server),
            dir,
            _temp: Some(temp),
        }
    }

    /// Stops the TSA and CRL server: what validates afterwards validates
    /// offline.
    pub fn stop(&mut self) {
        self.server.take();
    }

    /// How many requests the server answered, per path.
    pub fn requests(&self, path: &str) -> usize {
        self.server.as_ref().map_or(0, |s| {
            s.log.lock().unwrap().iter().filter(|p| *p == path).count()
        })
    }
}

/// An http URL on 127.0.0.1 where nothing listens.
fn dead_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsa", listener.local_addr().unwrap());
    drop(listener);
    url
}

struct Server {
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
    thread: Option<JoinHandle<()>>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(
        listener: TcpListener,
        dir: PathBuf,
        crl: impl Fn() -> Vec<u8> + Send + 'static,
    ) -> Server {
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let addr = listener.local_addr().unwrap();
        let thread = {
            let stop = stop.clone();
            let log = log.clone();
            std::thread::spawn(move || {
                // One request at a time: `openssl ts` keeps its serial in a file.
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        let _ = handle(stream, &dir, &crl, &log);
                    }
                }
            })
        };
        Server {
            stop,
            addr,
            thread: Some(thread),
            log,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn handle(
    stream: TcpStream,
    dir: &Path,
    crl: &dyn Fn() -> Vec<u8>,
    log: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((key, value)) = header.split_once(':')
            && key.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    log.lock().unwrap().push(path.clone());
    let (status, kind, reply) = match path.as_str() {
        "/tsa" => {
            let query = dir.join("query.tsq");
            let reply = dir.join("reply.tsr");
            std::fs::write(&query, &body)?;
            let out = Command::new("openssl")
                .args(["ts", "-reply", "-config"])
                .arg(dir.join("tsa.cnf"))
                .arg("-queryfile")
                .arg(&query)
                .arg("-out")
                .arg(&reply)
                .output()?;
            if out.status.success() {
                (
                    "200 OK",
                    "application/timestamp-reply",
                    std::fs::read(&reply)?,
                )
            } else {
                eprintln!(
                    "openssl ts -reply: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                (
                    "500 Internal Server Error",
                    "text/plain",
                    b"openssl ts failed".to_vec(),
                )
            }
        }
        // TimeStampResp { status { rejection (2) } }
        "/tsa-weigert" => (
            "200 OK",
            "application/timestamp-reply",
            vec![0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02],
        ),
        "/tsa-kapot" => ("500 Internal Server Error", "text/plain", b"kapot".to_vec()),
        "/root.crl" => ("200 OK", "application/pkix-crl", crl()),
        _ => ("404 Not Found", "text/plain", b"niet gevonden".to_vec()),
    };
    let mut stream = reader.into_inner();
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.len()
    )?;
    stream.write_all(&reply)?;
    stream.flush()
}

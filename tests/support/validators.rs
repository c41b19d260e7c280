//! The independent validators the signing tests ask: pyHanko (`pyhanko sign
//! validate` and `adesverify`), poppler's `pdfsig` with an NSS database that
//! trusts the test root, and `qpdf --check`. A missing validator fails the
//! test loudly with what to install: a signature nobody else checked is not
//! tested.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// The outcome of one validator run.
#[derive(Debug)]
pub struct Verdict {
    pub success: bool,
    pub text: String,
}

fn run(program: &str, install: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed by the signing tests ({install}): {e}"))
}

fn verdict(out: Output) -> Verdict {
    Verdict {
        success: out.status.success(),
        text: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

const PYHANKO: &str = "pip install pyhanko pyhanko-cli";

/// `pyhanko sign validate --pretty-print --trust ROOT --trust-replace`,
/// with `--no-revocation-check` unless `revocation`.
pub fn pyhanko_validate(pdf: &Path, root: &Path, revocation: bool) -> Verdict {
    let mut args = vec![
        "sign",
        "validate",
        "--pretty-print",
        "--trust",
        root.to_str().unwrap(),
        "--trust-replace",
    ];
    if !revocation {
        args.push("--no-revocation-check");
    }
    args.push(pdf.to_str().unwrap());
    verdict(run("pyhanko", PYHANKO, &args))
}

/// `pyhanko sign adesverify --trust ROOT --trust-replace`: AdES-style
/// validation, which (unlike `validate`) uses the revocation data in the
/// DSS. Its summary line reads `FIELD:FINGERPRINT:INTACT:TRUSTED,…`, with
/// `TIMESTAMP_TOKEN<INTACT:TRUSTED>` for a trusted signature time-stamp.
pub fn pyhanko_ades(pdf: &Path, root: &Path, revocation: bool) -> Verdict {
    let mut args = vec![
        "sign",
        "adesverify",
        "--trust",
        root.to_str().unwrap(),
        "--trust-replace",
    ];
    if !revocation {
        args.push("--no-revocation-check");
    }
    args.push(pdf.to_str().unwrap());
    verdict(run("pyhanko", PYHANKO, &args))
}

static NSS: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());

/// An NSS database (in `dir`) that trusts `root` for signing.
pub fn nss_db(dir: &Path, root: &Path) -> PathBuf {
    let mut made = NSS.lock().unwrap();
    if let Some((_, db)) = made.iter().find(|(r, _)| r == root) {
        return db.clone();
    }
    let db = dir.join(format!("nssdb-{}", made.len()));
    std::fs::create_dir_all(&db).unwrap();
    let spec = format!("sql:{}", db.display());
    let install = "apt install libnss3-tools";
    let out = run(
        "certutil",
        install,
        &["-N", "-d", &spec, "--empty-password"],
    );
    assert!(
        out.status.success(),
        "certutil -N: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(
        "certutil",
        install,
        &[
            "-A",
            "-d",
            &spec,
            "-n",
            "pto-test-root",
            "-t",
            "CT,C,C",
            "-i",
            root.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "certutil -A: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    made.push((root.to_path_buf(), db.clone()));
    db
}

/// `pdfsig -nssdir sql:DB PDF`. Its exit status says nothing about the
/// signature (0 on a digest mismatch too): read its text.
///
/// Without `-no-ocsp`: poppler 22.12 (Debian 12) then reports "Unknown issue
/// with Certificate" for any chain, even one made by openssl and signed by
/// pyHanko. The test certificates name no OCSP responder, so the default
/// (soft-failing OCSP) goes nowhere on the network either.
pub fn pdfsig(pdf: &Path, db: &Path) -> Verdict {
    let spec = format!("sql:{}", db.display());
    verdict(run(
        "pdfsig",
        "apt install poppler-utils",
        &["-nssdir", &spec, pdf.to_str().unwrap()],
    ))
}

/// `qpdf --check PDF`.
pub fn qpdf_check(pdf: &Path) -> Verdict {
    verdict(run(
        "qpdf",
        "apt install qpdf",
        &["--check", pdf.to_str().unwrap()],
    ))
}

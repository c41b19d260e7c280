//! Signed decisions end to end: the real binary signs at B-B,
//! B-T and B-LT with a test PKI and a local time-stamp authority; pyHanko
//! (`sign validate`, `adesverify`), poppler's `pdfsig` and `qpdf` accept the
//! result; the signed files keep the PDF/A-2b and PDF/UA-1 structure; `pto
//! verify` catches what breaks a signature; every bad configuration stops
//! the run with a located Dutch message and issues nothing. And the mandate
//! table (Awb 10:10): a signatory without mandate is refused.
//!
//! One PKI (and server) per test binary, except for the test that stops its
//! TSA.

use std::path::Path;
use std::time::Duration;

use lopdf::{Document, Object};

use crate::common::{DATE, Repo, Run};
use crate::pki::{self, Identity, PASSWORD, Pki};
use crate::validators::{nss_db, pdfsig, pyhanko_ades, pyhanko_validate, qpdf_check};

const CASE: &str = "PTO-2024-0012";
const REFERENCE: &str = "PTO-2024-0012-AFREKENING-2024";
/// The signer's name as the test PKI's certificate gives it.
const SIGNER: &str = "mr. A.B. de Vries";

/// `pto.yaml` with the signing settings `fields` (key, value) under
/// `ondertekening`, after `naam` and `functie`; `extra` follows as is.
fn settings(naam: &str, fields: &[(&str, String)], extra: &str) -> String {
    let mut text = format!(
        "gemeente:\n  naam: Ridderkerk\nondertekening:\n  naam: {naam}\n  functie: teamleider Werk en Inkomen\n"
    );
    for (key, value) in fields {
        text.push_str(&format!("  {key}: {value}\n"));
    }
    text.push_str(extra);
    text
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

/// The settings that sign at `level` with `id`'s PEM chain and key.
fn pem_fields(pki: &Pki, id: &Identity, level: &str) -> Vec<(&'static str, String)> {
    vec![
        ("certificaat", path(&id.chain)),
        ("sleutel", path(&id.key)),
        ("niveau", level.to_string()),
        ("tsa", pki.tsa_url.clone()),
        ("vertrouwd", format!("[{}]", path(&pki.root))),
    ]
}

/// Runs `pto ARGS` in `repo` with the environment variables `env`.
fn pto_env(repo: &Repo, args: &[&str], env: &[(&str, &str)]) -> Run {
    let started = std::time::Instant::now();
    let mut command = assert_cmd::Command::cargo_bin("pto").expect("the pto binary");
    command
        .current_dir(repo.path())
        .args(args)
        .timeout(Duration::from_secs(60));
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run pto");
    Run {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// `pto decide afrekening CASE` into `output`.
fn decide(repo: &Repo, output: &str, env: &[(&str, &str)]) -> Run {
    pto_env(
        repo,
        &[
            "decide",
            "afrekening",
            CASE,
            "--year",
            "2024",
            "--date",
            DATE,
            "--allow-backdated",
            "--output",
            output,
        ],
        env,
    )
}

fn pdf_of(output: &str) -> String {
    format!("{output}/{CASE}/{REFERENCE}.pdf")
}

fn register(repo: &Repo, output: &str) -> Vec<serde_json::Value> {
    let path = repo.path().join(output).join("register.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a register line"))
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The text of a PDF as poppler's pdftotext reads it.
fn pdftotext(file: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Asserts that pyHanko, pdfsig and qpdf accept `file` against the PKI's
/// root; `revocation`: adesverify checks revocation (with the file's own
/// data only when the services are stopped).
fn assert_valid_everywhere(pki: &Pki, file: &Path, revocation: bool) -> (String, String) {
    let v = pyhanko_validate(file, &pki.root, false);
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
    let ades = pyhanko_ades(file, &pki.root, revocation);
    assert!(ades.success, "pyHanko adesverify:\n{}", ades.text);
    assert!(ades.text.contains(":INTACT:TRUSTED"), "{}", ades.text);
    let sig = pdfsig(file, &nss_db(&pki.dir, &pki.root)).text;
    assert!(
        sig.contains("Signature Validation: Signature is Valid."),
        "{sig}"
    );
    assert!(
        sig.contains("Certificate Validation: Certificate is Trusted."),
        "{sig}"
    );
    assert!(
        sig.contains(&format!("Signer Certificate Common Name: {SIGNER}")),
        "{sig}"
    );
    assert!(sig.contains("Signature Type: ETSI.CAdES.detached"), "{sig}");
    let q = qpdf_check(file);
    assert!(
        q.success && q.text.contains("No syntax or stream encoding errors"),
        "{}",
        q.text
    );
    (v.text, ades.text)
}

/// The PDF/A-2b and PDF/UA-1 rules signing could break (docs/architecture.md, "Sign"),
/// checked on a signed file whose rendered letter is its first `unsigned`
/// bytes.
fn assert_archival_structure(pdf: &[u8], unsigned: usize, revisions: usize) {
    let original = &pdf[..unsigned];
    assert!(original.ends_with(b"%%EOF\n") || original.ends_with(b"%%EOF"));
    let count =
        |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(count(pdf, b"%%EOF"), revisions);
    assert!(pdf.ends_with(b"%%EOF\n"), "one end-of-line after %%EOF");
    let tail = &pdf[unsigned..];
    assert_eq!(
        count(tail, b"\nxref\n"),
        revisions - 1,
        "classic xref tables"
    );
    assert_eq!(count(tail, b"/XRef"), 0);
    let first = Document::load_mem(original).unwrap();
    let doc = Document::load_mem(pdf).unwrap();
    assert!(first.trailer.get(b"ID").is_ok());
    assert_eq!(first.trailer.get(b"ID").ok(), doc.trailer.get(b"ID").ok());
    let (old, cat) = (first.catalog().unwrap(), doc.catalog().unwrap());
    for key in [&b"MarkInfo"[..], b"StructTreeRoot", b"Metadata", b"Lang"] {
        assert!(old.get(key).is_ok(), "/{}", String::from_utf8_lossy(key));
        assert_eq!(old.get(key).ok(), cat.get(key).ok());
    }
    let form = match cat.get(b"AcroForm").unwrap() {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("AcroForm {other:?}"),
    };
    assert_eq!(form.get(b"SigFlags").unwrap().as_i64().unwrap(), 3);
    assert!(form.get(b"NeedAppearances").is_err());
    let fields = form.get(b"Fields").unwrap().as_array().unwrap();
    assert_eq!(fields.len(), 1);
    let widget = doc
        .get_dictionary(fields[0].as_reference().unwrap())
        .unwrap();
    assert_eq!(widget.get(b"F").unwrap().as_i64().unwrap(), 132);
    for key in [&b"A"[..], b"AA", b"AP"] {
        assert!(widget.get(key).is_err());
    }
    let rect: Vec<f32> = widget
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert_eq!(rect, [0.0; 4]);
    let page = doc
        .get_dictionary(*doc.get_pages().values().next().unwrap())
        .unwrap();
    assert!(
        page.get(b"Annots")
            .unwrap()
            .as_array()
            .unwrap()
            .contains(&fields[0])
    );
    assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
    let sig = doc
        .get_dictionary(widget.get(b"V").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(
        sig.get(b"SubFilter").unwrap().as_name().unwrap(),
        b"ETSI.CAdES.detached"
    );
}

/// Issues the settlement signed at `level` into `output` and checks what
/// pto wrote: the register's signature, both hashes, the prefix, the
/// letter's signature line, the MDTO event, and the archival structure.
fn issue_signed(repo: &Repo, pki: &Pki, level: &str, output: &str) -> Vec<u8> {
    repo.write(
        "pto.yaml",
        settings(SIGNER, &pem_fields(pki, &pki.signer, level), ""),
    );
    let run = decide(repo, output, &[]);
    run.assert_status(0);
    assert!(
        run.stdout.contains(&format!("(ondertekend, {level})")),
        "{}",
        run.stdout
    );
    let pdf = repo.read(&pdf_of(output));
    let lines = register(repo, output);
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    let s = &line["signature"];
    assert_eq!(s["signer"], SIGNER);
    assert_eq!(s["level"], level);
    assert_eq!(s["validation"], "geldig");
    assert_eq!(s["organisation"], "Gemeente Testdam");
    assert_eq!(s["certificate_serial"], "1001");
    assert_eq!(line["sha256"].as_str().unwrap(), sha256(&pdf));
    let size = s["unsigned_size"].as_u64().unwrap() as usize;
    assert_eq!(
        s["unsigned_sha256"].as_str().unwrap(),
        sha256(&pdf[..size]),
        "the rendered letter is a prefix of the signed file"
    );
    assert_eq!(s["timestamp"].is_string(), level != "B-B", "{s}");
    let text = pdftotext(&repo.path().join(pdf_of(output)));
    assert!(
        text.contains(&format!("Digitaal ondertekend door {SIGNER}")),
        "{text}"
    );
    let record =
        String::from_utf8(repo.read(&format!("{output}/{CASE}/{REFERENCE}.mdto.xml"))).unwrap();
    assert!(
        record.contains("<begripLabel>Ondertekening</begripLabel>"),
        "{record}"
    );
    assert!(
        record.contains(&format!("PAdES {level}")) && record.contains("geldig"),
        "{record}"
    );
    assert_archival_structure(&pdf, size, if level == "B-LT" { 3 } else { 2 });
    pdf
}

#[test]
fn signed_at_b_b_and_b_t_validates_everywhere_and_reissuing_changes_nothing() {
    let pki = pki::shared();
    let repo = Repo::with_examples();
    for level in ["B-B", "B-T"] {
        let output = format!("uit-{level}");
        let pdf = issue_signed(&repo, pki, level, &output);
        let (v, ades) = assert_valid_everywhere(pki, &repo.path().join(pdf_of(&output)), false);
        assert!(v.contains("The signature covers the entire file"), "{v}");
        if level == "B-T" {
            assert!(v.contains("The TSA certificate is trusted."), "{v}");
            assert!(ades.contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>"), "{ades}");
        }
        // Again: compared on the unsigned bytes, nothing changes.
        let again = decide(&repo, &output, &[]);
        again.assert_status(0);
        assert!(again.stdout.contains("ongewijzigd"), "{}", again.stdout);
        assert_eq!(repo.read(&pdf_of(&output)), pdf);
        assert_eq!(register(&repo, &output).len(), 1);
        let verify = repo.pto(&["verify", &output]);
        verify.assert_status(0);
        assert!(
            verify
                .stdout
                .contains("1 besluit intact (waarvan 1 met een geldige handtekening)"),
            "{}",
            verify.stdout
        );
    }
}

#[test]
fn b_lt_validates_with_the_tsa_stopped() {
    let mut pki = Pki::new();
    let repo = Repo::with_examples();
    issue_signed(&repo, &pki, "B-LT", "uit");
    assert!(pki.requests("/tsa") >= 2, "a trial token and the real one");
    assert!(pki.requests("/root.crl") >= 1);
    pki.stop();
    let file = repo.path().join(pdf_of("uit"));
    let (v, ades) = assert_valid_everywhere(&pki, &file, true);
    assert!(
        v.contains("All modifications relate to signature maintenance"),
        "{v}"
    );
    assert!(ades.contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>"), "{ades}");
    // pto's own check needs no network either.
    repo.pto(&["verify", "uit"]).assert_status(0);
}

/// Flips one byte of the letter's own text (inside the signed range).
fn tamper(bytes: &mut [u8]) {
    let at = bytes
        .windows(6)
        .position(|w| w == b"/Title")
        .expect("a title")
        + 3;
    bytes[at] ^= 0x20;
}

#[test]
fn verify_catches_a_broken_signature_bytes_appended_an_untrusted_chain_and_an_unsigned_decision() {
    let pki = pki::shared();
    let repo = Repo::with_examples();
    let signed = issue_signed(&repo, pki, "B-B", "uit");
    let file = repo.path().join(pdf_of("uit"));

    // A tampered byte: pto, pyHanko and pdfsig all say so.
    let mut bad = signed.clone();
    tamper(&mut bad);
    std::fs::write(&file, &bad).unwrap();
    let run = repo.pto(&["verify", "uit"]);
    run.assert_status(1);
    assert!(
        run.stdout.contains("handtekening  ")
            && run
                .stdout
                .contains("handtekening verbroken: het bestand is na ondertekening gewijzigd"),
        "{}",
        run.stdout
    );
    assert!(!pyhanko_validate(&file, &pki.root, false).success);
    let sig = pdfsig(&file, &nss_db(&pki.dir, &pki.root)).text;
    assert!(sig.contains("Digest Mismatch"), "{sig}");

    // An incremental update after signing that changes the letter.
    let doc = Document::load_mem(&signed).unwrap();
    let mut inc = lopdf::IncrementalDocument::create_from(signed.clone(), doc);
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
    let mut appended = Vec::new();
    inc.save_to(&mut appended).unwrap();
    appended.push(b'\n');
    std::fs::write(&file, &appended).unwrap();
    let run = repo.pto(&["verify", "uit", "--format", "json"]);
    run.assert_status(1);
    let report = run.json();
    let kinds: Vec<&str> = report["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["appended"], "{report:#}");
    let human = repo.pto(&["verify", "uit"]);
    assert!(
        human.stdout.contains("toegevoegd") && human.stdout.contains("na ondertekening toegevoegd"),
        "{}",
        human.stdout
    );

    // The file as signed, but pto.yaml trusts another root.
    std::fs::write(&file, &signed).unwrap();
    repo.pto(&["verify", "uit"]).assert_status(0);
    let mut fields = pem_fields(pki, &pki.signer, "B-B");
    fields[4].1 = format!("[{}]", path(&pki.stranger_root));
    repo.write("pto.yaml", settings(SIGNER, &fields, ""));
    let run = repo.pto(&["verify", "uit"]);
    run.assert_status(1);
    assert!(
        run.stdout.contains("niet vertrouwd") && run.stdout.contains("ondertekening.vertrouwd"),
        "{}",
        run.stdout
    );

    // A decision issued unsigned, then signing configured.
    repo.write("pto.yaml", settings(SIGNER, &[], ""));
    decide(&repo, "ongetekend", &[]).assert_status(0);
    repo.write(
        "pto.yaml",
        settings(SIGNER, &pem_fields(pki, &pki.signer, "B-B"), ""),
    );
    let run = repo.pto(&["verify", "ongetekend"]);
    run.assert_status(1);
    assert!(
        run.stdout.contains("ongetekend") && run.stdout.contains("niet ondertekend"),
        "{}",
        run.stdout
    );
    // Issuing it again now is another decision under the same kenmerk: the
    // first one stays.
    let again = decide(&repo, "ongetekend", &[]);
    again.assert_status(1);
    assert!(
        again.stdout.contains("al een ander besluit"),
        "{}",
        again.stdout
    );
}

/// The line of the last `key:` in `yaml` (1-based): `naam` is the
/// signatory's, after the municipality's.
fn line_of(yaml: &str, key: &str) -> usize {
    let lines: Vec<&str> = yaml.lines().collect();
    lines
        .iter()
        .rposition(|l| l.trim_start().starts_with(&format!("{key}:")))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{key} in {yaml}"))
}

/// A bad configuration: what it is, pto.yaml, the environment, the key the
/// message must point at, and words the message must hold.
type BadConfig<'a> = (&'a str, String, Vec<(&'a str, &'a str)>, &'a str, &'a str);

#[test]
fn every_bad_signing_configuration_stops_the_run_at_its_setting_and_issues_nothing() {
    let pki = pki::shared();
    let repo = Repo::with_examples();
    let p12 = |id: &Identity, env: &str| {
        vec![
            ("certificaat", path(&id.p12)),
            ("wachtwoord_env", env.to_string()),
            ("niveau", "B-B".to_string()),
            ("vertrouwd", format!("[{}]", path(&pki.root))),
        ]
    };
    let garbage = pki.dir.join("kapot.p12");
    std::fs::write(&garbage, b"geen pkcs12").unwrap();
    let with = |mut fields: Vec<(&'static str, String)>, key: &'static str, value: String| {
        match fields.iter_mut().find(|(k, _)| *k == key) {
            Some(field) => field.1 = value,
            None => fields.push((key, value)),
        }
        fields
    };
    let pem = |id: &Identity| pem_fields(pki, id, "B-B");
    // (what, settings, environment, the key the message is at, words in it)
    let cases: Vec<BadConfig> = vec![
        (
            "no certificate file",
            settings(
                SIGNER,
                &with(pem(&pki.signer), "certificaat", "geen/cert.pem".into()),
                "",
            ),
            vec![],
            "certificaat",
            "bestaat niet",
        ),
        (
            "an unreadable certificate",
            settings(
                SIGNER,
                &with(
                    p12(&pki.signer, "PTO_WACHTWOORD"),
                    "certificaat",
                    path(&garbage),
                ),
                "",
            ),
            vec![("PTO_WACHTWOORD", PASSWORD)],
            "certificaat",
            "niet leesbaar",
        ),
        (
            "a wrong password",
            settings(SIGNER, &p12(&pki.signer, "PTO_WACHTWOORD"), ""),
            vec![("PTO_WACHTWOORD", "fout-wachtwoord-99")],
            "wachtwoord_env",
            "wachtwoord past niet",
        ),
        (
            "a missing environment variable",
            settings(SIGNER, &p12(&pki.signer, "PTO_NIET_GEZET"), ""),
            vec![],
            "wachtwoord_env",
            "PTO_NIET_GEZET is niet gezet",
        ),
        (
            "an expired certificate",
            settings("verlopen ambtenaar", &pem(&pki.expired), ""),
            vec![],
            "certificaat",
            "verlopen op",
        ),
        (
            "a certificate not yet valid",
            settings("toekomstige ambtenaar", &pem(&pki.not_yet), ""),
            vec![],
            "certificaat",
            "pas geldig vanaf",
        ),
        (
            "a certificate that may not sign",
            settings("versleutelaar", &pem(&pki.no_signing), ""),
            vec![],
            "certificaat",
            "digitalSignature",
        ),
        (
            "a chain that reaches no anchor",
            settings("vreemde ondertekenaar", &pem(&pki.stranger), ""),
            vec![],
            "vertrouwd",
            "leidt niet naar een vertrouwd basiscertificaat",
        ),
        (
            "an unreachable TSA",
            settings(
                SIGNER,
                &with(
                    with(pem(&pki.signer), "niveau", "B-T".into()),
                    "tsa",
                    pki.dead_url.clone(),
                ),
                "",
            ),
            vec![],
            "tsa",
            "verbinding mislukt",
        ),
        (
            "a refusing TSA",
            settings(
                SIGNER,
                &with(
                    with(pem(&pki.signer), "niveau", "B-T".into()),
                    "tsa",
                    pki.refusing_tsa_url.clone(),
                ),
                "",
            ),
            vec![],
            "tsa",
            "weigert",
        ),
        (
            "too little room for the signature",
            settings(
                SIGNER,
                &with(pem(&pki.signer), "ruimte_bytes", "1024".into()),
                "",
            ),
            vec![],
            "ruimte_bytes",
            "past niet in de gereserveerde ruimte",
        ),
        (
            "a certificate of someone else",
            settings("J. van der Laan", &pem(&pki.signer), ""),
            vec![],
            "naam",
            "Het certificaat is van \u{201c}mr. A.B. de Vries\u{201d}",
        ),
        (
            "B-T without a TSA",
            settings(
                SIGNER,
                &pem(&pki.signer)
                    .into_iter()
                    .filter(|(k, _)| *k != "tsa")
                    .map(|(k, v)| (k, if k == "niveau" { "B-T".to_string() } else { v }))
                    .collect::<Vec<_>>(),
                "",
            ),
            vec![],
            "niveau",
            "vraagt een tijdstempeldienst",
        ),
        (
            "an unknown level",
            settings(
                SIGNER,
                &with(pem(&pki.signer), "niveau", "B-LTA".into()),
                "",
            ),
            vec![],
            "niveau",
            "B-B, B-T of B-LT",
        ),
    ];
    for (what, yaml, env, key, words) in &cases {
        repo.write("pto.yaml", yaml);
        let run = decide(&repo, "uit", env);
        assert_eq!(
            run.status,
            Some(2),
            "{what}:\n{}\n{}",
            run.stdout,
            run.stderr
        );
        assert!(run.stdout.contains(words), "{what}: {}", run.stdout);
        let at = format!("pto.yaml:{}:", line_of(yaml, key));
        assert!(
            run.stdout.contains(&at),
            "{what}: not at {at}:\n{}",
            run.stdout
        );
        if *key != "naam" && !matches!(*key, "niveau") {
            assert!(
                run.stdout.contains(&format!("ondertekening.{key}")),
                "{what}: names the setting:\n{}",
                run.stdout
            );
        }
        for (_, secret) in env {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{what}"
            );
        }
        assert!(!run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD));
        assert!(
            !repo.path().join("uit").exists(),
            "{what}: nothing issued, no archive made"
        );
    }
    // The password written where its variable's name belongs is refused and
    // not repeated.
    let yaml = settings(SIGNER, &p12(&pki.signer, "geheim wachtwoord!"), "");
    repo.write("pto.yaml", &yaml);
    let run = decide(&repo, "uit", &[]);
    run.assert_status(2);
    assert!(
        run.stdout.contains("niet het\nwachtwoord zelf")
            || run.stdout.contains("niet het wachtwoord zelf"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("geheim wachtwoord!"), "{}", run.stdout);
    assert!(!repo.path().join("uit").exists());
    // And the right password signs, from a PKCS#12 file.
    repo.write(
        "pto.yaml",
        settings(SIGNER, &p12(&pki.signer, "PTO_WACHTWOORD"), ""),
    );
    let run = decide(&repo, "uit", &[("PTO_WACHTWOORD", PASSWORD)]);
    run.assert_status(0);
    assert!(!run.stdout.contains(PASSWORD));
    assert!(!String::from_utf8_lossy(&repo.read("uit/register.jsonl")).contains(PASSWORD));
}

const MANDATE_CASES: [&str; 3] = [
    "case-files/2024/PTO-2024-0012-jansen.yaml",
    "case-files/2024/PTO-2024-0031-el-amrani.yaml",
    "case-files/2023/PTO-2023-0104-bakker.yaml",
];

fn settle_all(repo: &Repo) -> Run {
    let mut args = vec!["decide", "afrekening"];
    args.extend(MANDATE_CASES);
    args.extend(["--year", "2024", "--date", DATE]);
    repo.pto(&args)
}

#[test]
fn a_signatory_without_mandate_is_refused_and_the_rest_is_issued() {
    let repo = Repo::with_examples();
    // No terugvordering for the teamleider: El Amrani's is refused.
    let table = "mandaat:\n  - functie: teamleider Werk en Inkomen\n    besluiten: [nabetaling, geen_verschil]\n";
    repo.write("pto.yaml", settings("J. van der Laan", &[], table));
    let run = settle_all(&repo);
    run.assert_status(1);
    assert!(
        run.stdout.contains(
            "J. van der Laan (teamleider Werk en Inkomen) heeft geen mandaat voor een besluit \
             met uitkomst voornemen terugvordering"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("2 brieven uitgegeven"),
        "{}",
        run.stdout
    );
    assert!(!repo.path().join("output/PTO-2024-0031").exists());

    // Up to an amount: € 515,07 is above € 500,00.
    let repo = Repo::with_examples();
    let table = "mandaat:\n  - functie: teamleider werk en inkomen\n    besluiten: alle\n    tot_bedrag: 500\n";
    repo.write("pto.yaml", settings("J. van der Laan", &[], table));
    let run = settle_all(&repo);
    run.assert_status(1);
    assert!(
        run.stdout
            .contains("tot en met € 500,00; dit besluit gaat over € 515,07")
            && run
                .stdout
                .contains("tot en met € 500,00; dit besluit gaat over € 787,50"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("1 brief uitgegeven"), "{}", run.stdout);

    // A function that is not in the table signs nothing.
    let table = "mandaat:\n  - functie: afdelingshoofd\n    besluiten: alle\n";
    repo.write("pto.yaml", settings("J. van der Laan", &[], table));
    let run = repo.pto(&["decide", "evaluatie", "PTO-2024-0012", "--date", DATE]);
    run.assert_status(1);
    assert!(
        run.stdout.contains("staat niet in de mandaattabel"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_mandate_table_is_read_strictly() {
    let repo = Repo::with_examples();
    let table = "mandaat:\n  - functie: teamleider Werk en Inkomen\n    besluiten: [toekenning, terugvorderen]\n    tot_bedrag: 10000,50\n";
    let yaml = settings("J. van der Laan", &[], table);
    repo.write("pto.yaml", &yaml);
    let run = repo.pto(&["check", "--date", DATE]);
    run.assert_status(2);
    assert!(
        run.stdout
            .contains("`terugvorderen` is geen uitkomst van pto. Bedoelde u `terugvordering`?"),
        "{}",
        run.stdout
    );
    // The outcomes come from the code, whatever is added there.
    assert!(
        run.stdout.contains("alle, toekenning, afwijzing"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("pto.yaml:{}:", line_of(&yaml, "besluiten"))),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("`tot_bedrag` moet een bedrag"),
        "{}",
        run.stdout
    );
    repo.write(
        "pto.yaml",
        settings("J. van der Laan", &[], "mandaat: []\n"),
    );
    let run = repo.pto(&["check", "--date", DATE]);
    run.assert_status(2);
    assert!(run.stdout.contains("`mandaat` is leeg"), "{}", run.stdout);
}

/// The example pto.yaml's table lets its signatory issue every example.
#[test]
fn the_example_settings_hold_a_mandate_for_every_example() {
    let repo = Repo::with_examples();
    let text = String::from_utf8(repo.read("pto.yaml")).unwrap();
    assert!(text.contains("mandaat:"), "{text}");
    settle_all(&repo).assert_status(0);
}

//! The archive (docs/architecture.md): PDF/A and PDF/UA, reproducible bytes,
//! never overwriting, traceability to git, the register and `pto verify`.

use crate::common::{Repo, pdf_text};

const DATE: &str = "2025-06-16";
const PDF: &str = "output/PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.pdf";

fn settle(repo: &Repo, extra: &[&str]) -> crate::common::Run {
    let mut args = vec![
        "decide",
        "afrekening",
        "PTO-2024-0012",
        "--year",
        "2024",
        "--date",
        DATE,
    ];
    args.extend_from_slice(extra);
    repo.pto(&args)
}

fn register(repo: &Repo) -> Vec<serde_json::Value> {
    let text = String::from_utf8(repo.read("output/register.jsonl")).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The XMP metadata stream of a PDF.
fn xmp(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF lopdf reads");
    let catalog = doc.catalog().expect("catalog");
    let id = catalog
        .get(b"Metadata")
        .and_then(|m| m.as_reference())
        .expect("a Metadata stream");
    let stream = doc
        .get_object(id)
        .and_then(|o| o.as_stream())
        .expect("stream");
    String::from_utf8_lossy(&stream.content).to_string()
}

#[test]
fn the_same_case_and_date_give_byte_identical_pdfs_in_another_process() {
    let one = Repo::with_examples();
    let two = Repo::with_examples();
    settle(&one, &[]).assert_status(0);
    settle(&two, &[]).assert_status(0);
    assert_eq!(one.read(PDF), two.read(PDF));
    // And the MDTO records too.
    let mdto = "output/PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.mdto.xml";
    assert_eq!(one.read(mdto), two.read(mdto));
}

#[test]
fn issuing_again_with_other_bytes_is_refused_and_the_first_pdf_stays() {
    let repo = Repo::with_examples();
    settle(&repo, &[]).assert_status(0);
    let first = repo.read(PDF);
    // Identical bytes: a no-op, no second register line.
    let again = settle(&repo, &[]);
    again.assert_status(0);
    assert!(again.stdout.contains("ongewijzigd"));
    assert_eq!(register(&repo).len(), 1);
    // A corrected case file gives another letter under the same kenmerk.
    let path = "case-files/2024/PTO-2024-0012-jansen.yaml";
    let text = String::from_utf8(repo.read(path))
        .unwrap()
        .replace("omzet: 9750.00", "omzet: 9800.00");
    repo.write(path, &text);
    repo.commit_all("correctie omzet");
    let run = settle(&repo, &[]);
    run.assert_status(1);
    assert!(
        run.stdout.contains("is al een ander besluit uitgegeven"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("nooit overschreven"));
    assert_eq!(repo.read(PDF), first);
    assert_eq!(register(&repo).len(), 1);
}

#[test]
fn uncommitted_changes_are_refused_unless_asked_for_and_then_recorded() {
    let repo = Repo::with_examples();
    let path = "case-files/2024/PTO-2024-0012-jansen.yaml";
    let text = String::from_utf8(repo.read(path))
        .unwrap()
        .replace("omzet: 9750.00", "omzet: 9800.00");
    repo.write(path, &text);
    let run = settle(&repo, &[]);
    run.assert_status(1);
    assert!(
        run.stdout.contains("nog niet in git zijn vastgelegd"),
        "{}",
        run.stdout
    );
    assert!(!repo.path().join(PDF).exists());

    settle(&repo, &["--allow-uncommitted"]).assert_status(0);
    let line = &register(&repo)[0];
    assert_eq!(line["uncommitted"], true);
    assert_eq!(
        line["git_commit"].as_str().unwrap(),
        repo.git(&["rev-parse", "HEAD"]).trim()
    );
}

#[test]
fn outside_git_is_refused_unless_asked_for() {
    let repo = Repo::new();
    let jansen = crate::common::project_file("case-files/2024/PTO-2024-0012-jansen.yaml");
    repo.write(
        "case-files/jansen.yaml",
        std::fs::read_to_string(jansen).unwrap(),
    );
    let run = settle(&repo, &[]);
    run.assert_status(1);
    assert!(run.stdout.contains("staat niet in een git-repository"));
    settle(&repo, &["--allow-uncommitted"]).assert_status(0);
    let line = &register(&repo)[0];
    assert_eq!(
        (line["uncommitted"].as_bool(), line["git_commit"].is_null()),
        (Some(true), true)
    );
}

#[test]
fn the_register_traces_each_decision_to_its_commit_and_blob() {
    let repo = Repo::with_examples();
    settle(&repo, &[]).assert_status(0);
    let line = &register(&repo)[0];
    assert_eq!(line["reference"], "PTO-2024-0012-AFREKENING-2024");
    assert_eq!(line["case"], "PTO-2024-0012");
    assert_eq!(line["proceeding"], "afrekening");
    assert_eq!(line["outcome"], "nabetaling");
    assert_eq!(line["amount"], "787.50");
    assert_eq!(line["date"], DATE);
    assert_eq!(
        line["pdf"],
        "PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.pdf"
    );
    assert_eq!(line["uncommitted"], false);
    assert_eq!(line["pto_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        line["git_commit"].as_str().unwrap(),
        repo.git(&["rev-parse", "HEAD"]).trim()
    );
    let blob = repo.git(&[
        "rev-parse",
        "HEAD:case-files/2024/PTO-2024-0012-jansen.yaml",
    ]);
    assert_eq!(line["case_blob"].as_str().unwrap(), blob.trim());
    let sha = {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(repo.read(PDF));
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(line["sha256"].as_str().unwrap(), sha);
}

#[test]
fn verify_catches_a_changed_byte_a_missing_file_and_an_unregistered_one() {
    let repo = Repo::with_examples();
    repo.pto(&[
        "decide",
        "evaluatie",
        "PTO-2024-0012",
        "PTO-2023-0104",
        "--date",
        DATE,
    ])
    .assert_status(0);
    settle(&repo, &[]).assert_status(0);
    let run = repo.pto(&["verify"]);
    run.assert_status(0);
    assert!(run.stdout.contains("3 besluiten intact"), "{}", run.stdout);

    let mut bytes = repo.read(PDF);
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(repo.path().join(PDF), &bytes).unwrap();
    std::fs::remove_file(
        repo.path()
            .join("output/PTO-2023-0104/PTO-2023-0104-EVALUATIE-202506.pdf"),
    )
    .unwrap();
    std::fs::write(
        repo.path().join("output/PTO-2024-0012/los.pdf"),
        b"%PDF-1.7",
    )
    .unwrap();
    let run = repo.pto(&["verify", "--format", "json"]);
    run.assert_status(1);
    let report = run.json();
    assert_eq!(report["intact"], 1);
    assert_eq!(
        report["changed"][0]["reference"],
        "PTO-2024-0012-AFREKENING-2024"
    );
    assert_eq!(
        report["missing"][0]["reference"],
        "PTO-2023-0104-EVALUATIE-202506"
    );
    assert_eq!(report["unregistered"][0], "PTO-2024-0012/los.pdf");
    let human = repo.pto(&["verify"]);
    assert!(
        human
            .stdout
            .contains("gewijzigd     PTO-2024-0012-AFREKENING-2024")
    );
}

#[test]
fn pdfs_identify_as_pdf_a_2b_and_pdf_ua_1_with_title_and_language() {
    let repo = Repo::with_examples();
    settle(&repo, &[]).assert_status(0);
    let pdf = repo.read(PDF);
    let meta = xmp(&pdf);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(meta.contains("<rdf:li>nl-NL</rdf:li>"));
    assert!(
        meta.contains(
            "Definitieve vaststelling van uw inkomsten uit parttime ondernemen over 2024"
        )
    );
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "tagged");
    assert!(
        catalog
            .get(b"Names")
            .and_then(|n| n.as_dict())
            .map_or(true, |n| n.get(b"EmbeddedFiles").is_err()),
        "PDF/A-2b embeds nothing"
    );
    // The reference is in the text of every page.
    let text = pdf_text(&pdf);
    let pages = text
        .split("Pagina 1 van ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("Pagina 1 van N")
        .to_string();
    assert!(text.contains(&format!(
        "Kenmerk PTO-2024-0012-AFREKENING-2024 Pagina {pages} van {pages}"
    )));
}

#[test]
fn pdf_a_3b_embeds_the_case_file_as_it_was() {
    let repo = Repo::with_examples();
    let settings = String::from_utf8(repo.read("pto.yaml"))
        .unwrap()
        .replace("pdf: pdf-a-2b", "pdf: pdf-a-3b");
    repo.write("pto.yaml", &settings);
    repo.commit_all("PDF/A-3b");
    settle(&repo, &[]).assert_status(0);
    let pdf = repo.read(PDF);
    let meta = xmp(&pdf);
    assert!(meta.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let names = doc
        .catalog()
        .unwrap()
        .get(b"Names")
        .unwrap()
        .as_dict()
        .unwrap();
    let tree = doc
        .dereference(names.get(b"EmbeddedFiles").unwrap())
        .unwrap()
        .1
        .as_dict()
        .unwrap()
        .clone();
    let list = tree.get(b"Names").unwrap().as_array().unwrap();
    let spec = doc
        .dereference(&list[1])
        .unwrap()
        .1
        .as_dict()
        .unwrap()
        .clone();
    assert_eq!(
        spec.get(b"AFRelationship").unwrap().as_name().unwrap(),
        b"Source"
    );
    let ef = spec.get(b"EF").unwrap().as_dict().unwrap();
    let stream = doc
        .dereference(ef.get(b"F").unwrap())
        .unwrap()
        .1
        .as_stream()
        .unwrap()
        .clone();
    assert_eq!(
        stream.dict.get(b"Subtype").unwrap().as_name().unwrap(),
        b"application/yaml"
    );
    let content = stream
        .decompressed_content()
        .unwrap_or(stream.content.clone());
    assert_eq!(
        content,
        repo.read("case-files/2024/PTO-2024-0012-jansen.yaml")
    );
    let mdto = String::from_utf8(
        repo.read("output/PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.pdf.bestand.mdto.xml"),
    )
    .unwrap();
    assert!(mdto.contains("fmt/480"));
}

#[test]
fn mdto_records_sit_beside_the_pdf_and_validate_against_the_schema() {
    let repo = Repo::with_examples();
    settle(&repo, &[]).assert_status(0);
    let io =
        String::from_utf8(repo.read("output/PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.mdto.xml"))
            .unwrap();
    let file = String::from_utf8(
        repo.read("output/PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.pdf.bestand.mdto.xml"),
    )
    .unwrap();
    assert!(
        io.contains("<identificatieKenmerk>PTO-2024-0012-AFREKENING-2024</identificatieKenmerk>")
    );
    assert!(io.contains("Gemeente Ridderkerk"));
    assert!(io.contains("P10Y"), "bewaartermijn from pto.yaml");
    assert!(file.contains("fmt/477"));
    assert!(file.contains(&register(&repo)[0]["sha256"].as_str().unwrap().to_string()));
    let schema = crate::common::project_file("tests/schema/MDTO-XML1.0.1.xsd");
    let Ok(out) = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(
            repo.path()
                .join("output/PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.mdto.xml"),
        )
        .arg(
            repo.path()
                .join("output/PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.pdf.bestand.mdto.xml"),
        )
        .output()
    else {
        eprintln!("SKIPPED: xmllint is not installed (apt-get install libxml2-utils)");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// Reading: the bytes decided on are the bytes traced.

const JANSEN: &str = "case-files/2024/PTO-2024-0012-jansen.yaml";

/// Jansen's case file with another turnover: a change that shows in the
/// letter's amount.
fn edit_jansen(repo: &Repo) {
    let text = String::from_utf8(repo.read(JANSEN))
        .unwrap()
        .replace("omzet: 9750.00", "omzet: 9800.00");
    repo.write(JANSEN, &text);
}

/// Failed before provenance came from the bytes read: the edit hidden with
/// `--assume-unchanged` (or `--skip-worktree`) was issued and registered as
/// committed, with HEAD's blob, while the letter showed the edited amount.
#[test]
fn an_edit_hidden_from_git_status_is_uncommitted_and_its_own_blob_registered() {
    for flag in ["--assume-unchanged", "--skip-worktree"] {
        let repo = Repo::with_examples();
        edit_jansen(&repo);
        repo.git(&["update-index", flag, JANSEN]);
        assert_eq!(
            repo.git(&["status", "--porcelain"]),
            "",
            "{flag}: git sees nothing"
        );
        let run = settle(&repo, &[]);
        run.assert_status(1);
        assert!(
            run.stdout.contains("nog niet in git zijn vastgelegd"),
            "{flag}: {}",
            run.stdout
        );
        assert!(!repo.path().join(PDF).exists());

        settle(&repo, &["--allow-uncommitted"]).assert_status(0);
        let line = &register(&repo)[0];
        assert_eq!(line["uncommitted"], true, "{flag}");
        let edited = repo.git(&["hash-object", JANSEN]);
        assert_eq!(line["case_blob"].as_str().unwrap(), edited.trim(), "{flag}");
        let head = repo.git(&["rev-parse", &format!("HEAD:{JANSEN}")]);
        assert_ne!(edited, head);
    }
}

/// Failed before: `decide` by zaaknummer took the alphabetically first of
/// two files, and `check` of one of them alone passed.
#[test]
fn a_zaaknummer_in_two_files_is_an_input_error_naming_both() {
    let repo = Repo::with_examples();
    let copy = "case-files/2025/PTO-2024-0012-kopie.yaml";
    repo.write(copy, repo.read(JANSEN));
    repo.commit_all("kopie");
    let run = settle(&repo, &[]);
    run.assert_status(2);
    for (file, other) in [(JANSEN, copy), (copy, JANSEN)] {
        assert!(
            run.stdout.contains(&format!("--> {file}:2:13"))
                && run
                    .stdout
                    .contains(&format!("komt ook voor in {other} (regel 2)")),
            "{}",
            run.stdout
        );
    }
    assert!(!repo.path().join(PDF).exists());
    assert!(!repo.path().join("output/register.jsonl").exists());

    // By file: the other file is named all the same.
    let run = repo.pto(&["check", JANSEN, "--date", DATE]);
    run.assert_status(2);
    assert!(
        run.stdout.contains(&format!(
            "Zaaknummer PTO-2024-0012 komt ook voor in {copy} (regel 2)"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("--> {JANSEN}:2:13")),
        "{}",
        run.stdout
    );
    let run = repo.pto(&[
        "decide",
        "afrekening",
        copy,
        "--year",
        "2024",
        "--date",
        DATE,
    ]);
    run.assert_status(2);
    assert!(
        run.stdout.contains(&format!("komt ook voor in {JANSEN}")),
        "{}",
        run.stdout
    );
    // Another case checks as before.
    repo.pto(&[
        "check",
        "case-files/2024/PTO-2024-0031-el-amrani.yaml",
        "--date",
        DATE,
    ])
    .assert_status(0);
}

/// Failed before: `check` read the file, `decide` said it changed while
/// issuing (its name went through a lossy UTF-8 string and back).
#[cfg(target_os = "linux")]
#[test]
fn a_case_file_whose_name_is_not_utf8_is_decided_and_traced() {
    use std::os::unix::ffi::OsStrExt as _;
    let repo = Repo::with_examples();
    let name = std::ffi::OsStr::from_bytes(b"case-files/2024/jansen-\xff.yaml");
    std::fs::rename(repo.path().join(JANSEN), repo.path().join(name)).unwrap();
    repo.commit_all("hernoemd");
    let check = repo.pto(&["check", "--date", DATE]);
    assert!(!check.stdout.contains("invoerfout"), "{}", check.stdout);
    // As a folder of the batch, and as a zaaknummer.
    let run = repo.pto(&[
        "decide",
        "afrekening",
        "case-files/2024",
        "--year",
        "2024",
        "--date",
        DATE,
    ]);
    assert!(
        run.stdout.contains("PTO-2024-0012-AFREKENING-2024"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("veranderde"), "{}", run.stdout);
    let line = register(&repo)
        .into_iter()
        .find(|l| l["case"] == "PTO-2024-0012")
        .expect("registered");
    assert_eq!(line["uncommitted"], false);
    assert_eq!(line["case_file"], "case-files/2024/jansen-\u{fffd}.yaml");
    settle(&repo, &[]).assert_status(0);

    // Reviewed with pto diff: both versions read by the file's own name
    // (failed before: git's English "does not exist" and "Het bestand
    // bestaat niet", as the name went through lossy text).
    let path = repo.path().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("omzet: 9750.00", "omzet: 9800.00")).unwrap();
    let diff = repo.pto(&["diff", "--date", DATE]);
    diff.assert_status(0);
    assert!(
        diff.stdout
            .contains("jaarstukken 2024: omzet € 9.750,00 → € 9.800,00"),
        "{}",
        diff.stdout
    );
}

/// Failed before: run from a subfolder, pto ignored the repository's
/// `pto.yaml` and started a second archive there.
#[test]
fn run_from_a_subfolder_pto_uses_the_repositorys_settings_and_archive() {
    let repo = Repo::with_examples();
    let settings = String::from_utf8(repo.read("pto.yaml"))
        .unwrap()
        .replace("pdf: pdf-a-2b", "pdf: pdf-a-3b");
    repo.write("pto.yaml", &settings);
    repo.commit_all("PDF/A-3b");
    let here = "case-files/2024";
    let run = repo.pto_in(
        here,
        &[
            "decide",
            "afrekening",
            "PTO-2024-0012-jansen.yaml",
            "--year",
            "2024",
            "--date",
            DATE,
        ],
    );
    run.assert_status(0);
    assert!(
        run.stdout
            .contains("uitgegeven   PTO-2024-0012-AFREKENING-2024")
    );
    assert!(!repo.path().join(here).join("output").exists());
    assert!(
        xmp(&repo.read(PDF)).contains("<pdfaid:part>3</pdfaid:part>"),
        "the root's pto.yaml"
    );
    assert_eq!(register(&repo)[0]["case_file"], JANSEN);
    // By zaaknummer, from another folder: the same archive, unchanged.
    let again = repo.pto_in(
        "case-files",
        &[
            "decide",
            "afrekening",
            "PTO-2024-0012",
            "--year",
            "2024",
            "--date",
            DATE,
        ],
    );
    again.assert_status(0);
    assert!(again.stdout.contains("ongewijzigd"), "{}", again.stdout);
    // Messages name files from the root, whatever the folder.
    repo.write("case-files/2024/kapot.yaml", "zaaknummer: [\n");
    let check = repo.pto_in(here, &["check", "kapot.yaml", "--date", DATE]);
    check.assert_status(2);
    assert!(
        check.stdout.contains("--> case-files/2024/kapot.yaml:"),
        "{}",
        check.stdout
    );
    let verify = repo.pto_in(here, &["verify"]);
    verify.assert_status(0);
    assert!(
        verify.stdout.contains("1 besluit intact"),
        "{}",
        verify.stdout
    );
    let status = repo.pto_in(
        here,
        &[
            "status",
            "../2024/PTO-2024-0012-jansen.yaml",
            "--date",
            DATE,
        ],
    );
    assert!(
        status.stdout.contains("PTO-2024-0012-AFREKENING-2024"),
        "{}",
        status.stdout
    );
    // An output folder given on the command line is where the user stands.
    repo.pto_in(here, &["verify", "../../output"])
        .assert_status(0);
}

// The archive under concurrency, crashes and hostile files.

/// A repository (no git) with `n` copies of Jansen's case, each its own
/// zaaknummer: a batch that takes long enough to overlap or interrupt.
fn many(n: usize) -> Repo {
    let repo = Repo::new();
    let jansen = String::from_utf8(
        crate::common::project_file(JANSEN)
            .pipe(std::fs::read)
            .unwrap(),
    )
    .unwrap();
    for i in 0..n {
        let text = jansen.replace(
            "zaaknummer: PTO-2024-0012",
            &format!("zaaknummer: PTO-C-{i:03}"),
        );
        repo.write(&format!("case-files/c-{i:03}.yaml"), text);
    }
    repo
}

/// Lets a value flow into a function, for a shorter line.
trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}
impl<T> Pipe for T {}

const BATCH: &[&str] = &[
    "decide",
    "afrekening",
    "case-files",
    "--year",
    "2024",
    "--date",
    DATE,
    "--allow-uncommitted",
    "--allow-backdated",
];

fn pto_command(repo: &Repo, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("pto"));
    command
        .current_dir(repo.path())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    command
}

fn verify_json(repo: &Repo) -> (Option<i32>, serde_json::Value) {
    let run = repo.pto(&["verify", "--format", "json"]);
    (run.status, run.json())
}

/// Failed before: three runs at once registered every decision once per
/// run that overlapped, and verify accepted it.
#[test]
fn three_batches_at_once_register_each_decision_once() {
    let n = 30;
    let repo = many(n);
    let children: Vec<_> = (0..3)
        .map(|_| pto_command(&repo, BATCH).spawn().expect("pto starts"))
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("pto ends"))
        .collect();
    let mut ran = 0;
    for out in &outputs {
        let stdout = String::from_utf8_lossy(&out.stdout);
        match out.status.code() {
            Some(0) => ran += 1,
            // Refused at once, saying why.
            Some(2) => assert!(
                stdout.contains("Een andere pto geeft op dit moment besluiten uit"),
                "{stdout}"
            ),
            other => panic!("exit {other:?}: {stdout}"),
        }
    }
    assert!(ran >= 1);
    let lines = register(&repo);
    assert_eq!(lines.len(), n, "one line per decision");
    let (status, report) = verify_json(&repo);
    assert_eq!(status, Some(0), "{report:#}");
    assert_eq!(report["intact"], n);
    // Once the others are done, a run finds everything issued.
    let again = repo.pto(BATCH);
    again.assert_status(0);
    assert_eq!(register(&repo).len(), n);
}

/// The state of `pto verify` after a crash: no registered PDF missing or
/// changed (no register line without its PDF, no half PDF), every PDF on
/// disk a whole PDF.
fn assert_consistent_after_crash(repo: &Repo) -> serde_json::Value {
    let (_, report) = verify_json(repo);
    assert_eq!(report["missing"].as_array().unwrap().len(), 0, "{report:#}");
    assert_eq!(report["changed"].as_array().unwrap().len(), 0, "{report:#}");
    assert_eq!(report["records"].as_array().unwrap().len(), 0, "{report:#}");
    for entry in walkdir::WalkDir::new(repo.path().join("output")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "pdf") {
            let bytes = std::fs::read(entry.path()).unwrap();
            lopdf::Document::load_mem(&bytes)
                .unwrap_or_else(|e| panic!("{}: not a whole PDF ({e})", entry.path().display()));
        }
    }
    report
}

/// Failed before: `kill -9` left `.pto-*.tmp` files (whole PDFs with
/// personal data) that no run removed and verify did not mention.
#[test]
fn a_batch_killed_midway_leaves_a_consistent_archive_and_a_rerun_completes_it() {
    let n = 30;
    let repo = many(n);
    let mut child = pto_command(&repo, BATCH).spawn().expect("pto starts");
    let started = std::time::Instant::now();
    let pdfs = || {
        walkdir::WalkDir::new(repo.path().join("output"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .count()
    };
    while pdfs() < 3 && started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL"); // kill -9
    let killed = child.wait().unwrap();
    assert!(killed.code().is_none() || pdfs() == n, "killed midway");
    // What an interrupted staging leaves, whether or not this one did.
    repo.write("output/PTO-C-000/.pto-halfweg.tmp", b"%PDF-1.7 half");
    let report = assert_consistent_after_crash(&repo);
    assert!(
        report["temporary_files"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("PTO-C-000/.pto-halfweg.tmp")),
        "{report:#}"
    );
    repo.pto(&["verify"]).assert_status(1);

    let rerun = repo.pto(BATCH);
    rerun.assert_status(0);
    assert!(rerun.stderr.contains("opgeruimd"), "{}", rerun.stderr);
    assert!(
        rerun.stderr.contains(".pto-halfweg.tmp"),
        "{}",
        rerun.stderr
    );
    let (status, report) = verify_json(&repo);
    assert_eq!(status, Some(0), "{report:#}");
    assert_eq!(report["intact"], n);
    assert_eq!(register(&repo).len(), n);
}

/// Failed before: the next line was glued onto the cut one, the decision
/// was reported issued, and verify called it unregistered.
#[test]
fn a_register_cut_mid_line_is_refused_before_anything_is_written() {
    let repo = Repo::with_examples();
    settle(&repo, &[]).assert_status(0);
    let path = repo.path().join("output/register.jsonl");
    let text = std::fs::read(&path).unwrap();
    let cut = &text[..text.len() - 30];
    std::fs::write(&path, cut).unwrap();
    let run = repo.pto(&["decide", "evaluatie", "PTO-2023-0104", "--date", DATE]);
    run.assert_status(2);
    assert!(
        run.stdout
            .contains("Regel 1 van het register output/register.jsonl is beschadigd"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("onvolledig"), "{}", run.stdout);
    assert!(!repo.path().join("output/PTO-2023-0104").exists());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        cut,
        "nothing appended, nothing removed"
    );
    let verify = repo.pto(&["verify"]);
    verify.assert_status(1);
    assert!(
        verify
            .stdout
            .contains("register.jsonl regel 1: de regel is onvolledig"),
        "{}",
        verify.stdout
    );
    // Cut right before its line end: ended, and the batch goes on.
    std::fs::write(&path, &text[..text.len() - 1]).unwrap();
    repo.pto(&["decide", "evaluatie", "PTO-2023-0104", "--date", DATE])
        .assert_status(0);
    assert_eq!(register(&repo).len(), 2);
    repo.pto(&["verify"]).assert_status(0);
}

/// Failed before: a deleted or edited record was "intact", a forged line
/// naming /etc/hostname counted as intact, and a PDF replaced by a FIFO
/// made verify wait forever.
#[cfg(target_os = "linux")]
#[test]
fn verify_checks_the_records_and_reads_only_the_decisions_own_regular_files() {
    let repo = Repo::with_examples();
    settle(&repo, &[]).assert_status(0);
    repo.pto(&["decide", "evaluatie", "PTO-2023-0104", "--date", DATE])
        .assert_status(0);
    let folder = "output/PTO-2024-0012";
    let bestand = format!("{folder}/PTO-2024-0012-AFREKENING-2024.pdf.bestand.mdto.xml");
    let sha = register(&repo)[0]["sha256"].as_str().unwrap().to_string();
    let text = String::from_utf8(repo.read(&bestand)).unwrap();
    repo.write(&bestand, text.replace(&sha, &"0".repeat(64)));
    std::fs::remove_file(
        repo.path()
            .join(format!("{folder}/PTO-2024-0012-AFREKENING-2024.mdto.xml")),
    )
    .unwrap();
    // The evaluation's PDF replaced by a FIFO.
    let pdf = repo
        .path()
        .join("output/PTO-2023-0104/PTO-2023-0104-EVALUATIE-202506.pdf");
    std::fs::remove_file(&pdf).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&pdf)
            .status()
            .unwrap()
            .success()
    );
    let mut forged = register(&repo)[0].clone();
    let mut lines = String::from_utf8(repo.read("output/register.jsonl")).unwrap();
    for (i, path) in ["/etc/hostname", "../../../../etc/hostname"]
        .iter()
        .enumerate()
    {
        forged["reference"] = serde_json::json!(format!("VALS-{i}"));
        forged["pdf"] = serde_json::json!(path);
        lines.push_str(&format!("{forged}\n"));
    }
    repo.write("output/register.jsonl", lines);

    let run = repo.pto(&["verify", "--format", "json"]);
    run.assert_status(1);
    let report = run.json();
    assert_eq!(report["intact"], 0, "{report:#}");
    assert_eq!(
        report["invalid_paths"].as_array().unwrap().len(),
        2,
        "{report:#}"
    );
    let records: Vec<String> = report["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "{} {}",
                n["file"].as_str().unwrap(),
                n["message"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        records
            .iter()
            .any(|r| r
                .starts_with("PTO-2024-0012/PTO-2024-0012-AFREKENING-2024.mdto.xml bestaat niet")),
        "{records:?}"
    );
    assert!(
        records
            .iter()
            .any(|r| r.contains("de checksum (die van het register)")),
        "{records:?}"
    );
    assert!(
        report["unreadable_pdfs"][0]["message"]
            .as_str()
            .unwrap()
            .contains("FIFO"),
        "{report:#}"
    );
    let human = repo.pto(&["verify"]);
    assert!(
        human
            .stdout
            .contains("ongeldig pad  VALS-0: het register noemt `/etc/hostname`"),
        "{}",
        human.stdout
    );
    assert!(human.elapsed < std::time::Duration::from_secs(20));
}

/// Failed before: a register that is a link to a case file got a register
/// line appended to that case file.
#[cfg(target_os = "linux")]
#[test]
fn links_inside_the_archive_are_refused_and_nothing_is_written_through_them() {
    use std::os::unix::fs::symlink;
    let repo = Repo::with_examples();
    std::fs::create_dir(repo.path().join("output")).unwrap();
    symlink(
        repo.path().join(JANSEN),
        repo.path().join("output/register.jsonl"),
    )
    .unwrap();
    let before = repo.read(JANSEN);
    let run = settle(&repo, &[]);
    run.assert_status(2);
    assert!(
        run.stdout.contains("is een symbolische koppeling"),
        "{}",
        run.stdout
    );
    assert_eq!(repo.read(JANSEN), before);
    std::fs::remove_file(repo.path().join("output/register.jsonl")).unwrap();
    // A case folder that leads out of the archive.
    let elsewhere = tempfile::tempdir().unwrap();
    symlink(elsewhere.path(), repo.path().join("output/PTO-2024-0012")).unwrap();
    let run = settle(&repo, &[]);
    run.assert_status(2);
    assert!(run.stdout.contains("mislukt"), "{}", run.stdout);
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    let verify = repo.pto(&["verify"]);
    assert!(
        verify
            .stdout
            .contains("koppeling     output/PTO-2024-0012 is een symbolische koppeling"),
        "{}",
        verify.stdout
    );
}

/// Failed before: verify and status accepted a kenmerk registered twice
/// (as two runs at once wrote it), and status listed it twice.
#[test]
fn a_kenmerk_registered_twice_is_an_error_in_verify_and_counted_once_in_status() {
    let repo = Repo::with_examples();
    settle(&repo, &[]).assert_status(0);
    let text = String::from_utf8(repo.read("output/register.jsonl")).unwrap();
    repo.write("output/register.jsonl", format!("{text}{text}"));
    let verify = repo.pto(&["verify"]);
    verify.assert_status(1);
    assert!(
        verify.stdout.contains(
            "dubbel        output/register.jsonl regel 2: kenmerk PTO-2024-0012-AFREKENING-2024 \
             staat ook op regel 1"
        ),
        "{}",
        verify.stdout
    );
    let status = repo.pto(&["status", JANSEN, "--date", DATE, "--format", "json"]);
    let issued = &status.json()["cases"][0]["issued"];
    assert_eq!(issued.as_array().unwrap().len(), 1, "{issued:#}");
}

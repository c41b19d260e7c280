//! Batch benchmark: generates synthetic but realistic case files
//! (a year of monthly statements, costs, bookkeeping) and measures
//!
//! 1. `pto check` throughput on a folder of case files;
//! 2. `pto decide afrekening` throughput end to end (the real binary, PDF/A-2b
//!    + PDF/UA-1, hashing, MDTO records, register, git provenance);
//! 3. the floor: the same letters compiled and exported by the typst crates
//!    alone (a minimal World, same layout and fonts, one thread per core,
//!    as pto runs them), and the
//!    ratio pto / floor;
//! 4. peak memory of `pto decide` over a large batch;
//! 5. what signing costs: the same `pto decide` with the decisions signed
//!    (PAdES B-B, a P-256 test key made here), run in each round beside
//!    the unsigned one.
//!
//! Run: `cargo bench --bench batch` (defaults: 10,000 checks, 1,000
//! decisions, 10,000 decisions for memory), or with smaller numbers:
//! `cargo bench --bench batch -- --check 2000 --decide 200 --memory 0`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration as TypstDuration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

const DATE: &str = "2025-06-16";

// The floor runs on the same allocator as pto, so that the ratio compares
// the work and not the allocators.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut check_n = 10_000;
    let mut decide_n = 1_000;
    let mut memory_n = 10_000;
    let mut rounds = 3;
    let mut signed_run = true;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse().ok()).expect("a number");
        match arg.as_str() {
            "--check" => check_n = value(),
            "--decide" => decide_n = value(),
            "--memory" => memory_n = value(),
            "--rounds" => rounds = value().max(1),
            // 0: leave out the signed decide.
            "--signed" => {
                let n: usize = value();
                signed_run = n > 0;
            }
            // Only write N synthetic case files into DIR/case-files (for profiling).
            "--generate" => {
                let n: usize = value();
                let dir = PathBuf::from(args.next().expect("a folder"));
                std::fs::create_dir_all(dir.join("case-files")).expect("folder");
                for i in 0..n {
                    let path = dir.join(format!("case-files/PTO-B-{i:05}.yaml"));
                    std::fs::write(path, synthetic_case(i)).expect("write");
                }
                return;
            }
            _ => {} // cargo bench passes --bench
        }
    }
    pto::threads::configure();
    let pto = PathBuf::from(env!("CARGO_BIN_EXE_pto"));
    println!(
        "pto batch benchmark on {} ({} cores)",
        cpu_model(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!();

    let decide_args = [
        "decide",
        "afrekening",
        "case-files",
        "--year",
        "2024",
        "--date",
        DATE,
        // The benchmark's date lies long before today.
        "--allow-backdated",
        "--format",
        "json",
    ];

    if check_n > 0 {
        let repo = Repo::generate(check_n, false);
        let (elapsed, out) = time(|| {
            run(
                &pto,
                repo.path(),
                &["check", "--date", DATE, "--format", "json"],
            )
        });
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("check JSON");
        let cases = doc["cases"].as_array().map_or(0, Vec::len);
        assert_eq!(
            cases,
            check_n,
            "every synthetic case loads: {}",
            String::from_utf8_lossy(&out.stdout[..out.stdout.len().min(2000)])
        );
        println!(
            "check   {check_n:>6} case files   {:>7.2} s   {:>8.0} files/s   peak {:>4.0} MB   (target: 10,000 in < 2 s)",
            elapsed.as_secs_f64(),
            check_n as f64 / elapsed.as_secs_f64(),
            out.peak_mb
        );
    }

    // The memory run comes before the floor: a child's peak counts the
    // parent's memory up to its exec, and the floor runs in this process.
    if memory_n > 0 {
        let repo = Repo::generate(memory_n, true);
        let (elapsed, out) = time(|| run(&pto, repo.path(), &decide_args));
        assert_eq!(issued(&out), memory_n, "every settlement issued");
        println!(
            "memory  {memory_n:>6} settlements  {:>7.2} s   {:>8.0} letters/s peak {:>4.0} MB   (target: < 300 MB)",
            elapsed.as_secs_f64(),
            memory_n as f64 / elapsed.as_secs_f64(),
            out.peak_mb
        );
    }

    if decide_n > 0 {
        let repo = Repo::generate(decide_n, true);
        let letters = letter_data(repo.path(), decide_n);
        // This machine's speed drifts from minute to minute: decide and the
        // floor run in turns, and the figures are the medians of the rounds.
        let mut decide_s = Vec::new();
        let mut floor_s = Vec::new();
        let mut ratios = Vec::new();
        let mut signed_s = Vec::new();
        let mut signed_ratios = Vec::new();
        let mut cpu_ratios = Vec::new();
        let mut cpu_costs = Vec::new();
        let mut peak_mb = 0.0;
        let signing = signed_run.then(|| BenchPki::new(repo.path()));
        for round in 1..=rounds {
            let _ = std::fs::remove_dir_all(repo.path().join("output"));
            let (elapsed, out) = time(|| run(&pto, repo.path(), &decide_args));
            assert_eq!(
                issued(&out),
                decide_n,
                "every settlement issued: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            // A child's peak counts this process's memory up to its exec:
            // only the first round runs before the floor has run here.
            if round == 1 {
                peak_mb = out.peak_mb;
            }

            // The floor: the same letters (same data, layout, fonts,
            // standards) compiled and exported by the typst crates alone, on
            // the same threads, with the same eviction of Typst's caches.
            let done = std::sync::atomic::AtomicUsize::new(0);
            let (floor, pdfs) = time(|| {
                pto::threads::map_on_workers(&letters, |data| {
                    let pdf = floor_pdf(data);
                    let every = pto::letter::EVICT_EVERY;
                    if done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % every == every - 1
                    {
                        pto::letter::evict_caches(2);
                    }
                    pdf
                })
            });
            pto::letter::evict_caches(0);
            assert!(pdfs.iter().all(|p| p.starts_with(b"%PDF-")));
            let (d, f) = (elapsed.as_secs_f64(), floor.as_secs_f64());
            let decide_cpu = out.cpu_s;
            let signed = signing.as_ref().map(|pki| {
                let _ = std::fs::remove_dir_all(repo.path().join("output"));
                pki.configure();
                let (elapsed, out) = time(|| run(&pto, repo.path(), &decide_args));
                pki.unconfigure();
                assert_eq!(
                    signed_count(&out),
                    decide_n,
                    "every settlement issued signed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                (elapsed.as_secs_f64(), out.cpu_s)
            });
            match signed {
                Some((sg, sg_cpu)) => {
                    println!(
                        "  round {round}: decide {d:>6.2} s   floor {f:>6.2} s   ratio {:.2}   signed decide {sg:>6.2} s (+{:.1} %); processor time {decide_cpu:.2} s → {sg_cpu:.2} s (+{:.1} %)",
                        d / f,
                        (sg / d - 1.0) * 100.0,
                        (sg_cpu / decide_cpu - 1.0) * 100.0
                    );
                    signed_s.push(sg);
                    signed_ratios.push(sg / d);
                    cpu_ratios.push(sg_cpu / decide_cpu);
                    cpu_costs.push((sg_cpu - decide_cpu) * 1000.0 / decide_n as f64);
                }
                None => println!(
                    "  round {round}: decide {d:>6.2} s   floor {f:>6.2} s   ratio {:.2}",
                    d / f
                ),
            }
            decide_s.push(d);
            floor_s.push(f);
            ratios.push(d / f);
        }
        let (d, f) = (median(&mut decide_s), median(&mut floor_s));
        println!(
            "decide  {decide_n:>6} settlements  {d:>7.2} s   {:>8.0} letters/s peak {peak_mb:>4.0} MB   (target: 1,000 in < 6 s)",
            decide_n as f64 / d,
        );
        println!(
            "floor   {decide_n:>6} letters      {f:>7.2} s   {:>8.0} letters/s (typst + typst-pdf alone)",
            decide_n as f64 / f
        );
        println!(
            "ratio   pto / floor = {:.2}   (median of {rounds} rounds, each run beside its floor; target: < 1.3)",
            median(&mut ratios)
        );
        if !signed_s.is_empty() {
            let sg = median(&mut signed_s);
            let ratio = median(&mut signed_ratios);
            println!(
                "signed  {decide_n:>6} settlements  {sg:>7.2} s   {:>8.0} letters/s (PAdES B-B, P-256)",
                decide_n as f64 / sg
            );
            println!(
                "signing costs {:.2} s per 1,000 decisions: +{:.1} % on top of decide (wall clock, median of the rounds' ratios; target: < 10 %)",
                (sg - d) * 1000.0 / decide_n as f64,
                (ratio - 1.0) * 100.0
            );
            println!(
                "          processor time {:.2} s per 1,000 decisions: +{:.1} % on top of decide (median of the rounds)",
                median(&mut cpu_costs),
                (median(&mut cpu_ratios) - 1.0) * 100.0
            );
        }
    }
}

/// A test PKI in the repository (`bench-pki/`): a P-256 root and a signer
/// with signing key usage, as PEM files, and the settings that sign with
/// them at B-B.
struct BenchPki {
    settings: PathBuf,
}

impl BenchPki {
    fn new(repo: &Path) -> BenchPki {
        use rcgen::{
            BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
        };
        let dir = repo.join("bench-pki");
        std::fs::create_dir_all(&dir).expect("bench-pki");
        let name = |params: &mut CertificateParams, cn: &str| {
            params.distinguished_name = rcgen::DistinguishedName::new();
            params.distinguished_name.push(DnType::CountryName, "NL");
            params
                .distinguished_name
                .push(DnType::OrganizationName, "Gemeente Benchdam");
            params.distinguished_name.push(DnType::CommonName, cn);
        };
        let root_key = KeyPair::generate().expect("root key");
        let mut root = CertificateParams::default();
        name(&mut root, "pto bench-root");
        root.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        root.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let root_pem = root.self_signed(&root_key).expect("root").pem();
        let signer_key = KeyPair::generate().expect("signer key");
        let mut signer = CertificateParams::default();
        name(&mut signer, "B. Enchmark");
        signer.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        let issuer = Issuer::from_params(&root, &root_key);
        let signer_pem = signer
            .signed_by(&signer_key, &issuer)
            .expect("signer")
            .pem();
        std::fs::write(dir.join("root.pem"), &root_pem).expect("root.pem");
        std::fs::write(dir.join("chain.pem"), format!("{signer_pem}{root_pem}")).expect("chain");
        std::fs::write(dir.join("signer.key"), signer_key.serialize_pem()).expect("key");
        BenchPki {
            settings: repo.join("pto.yaml"),
        }
    }

    fn configure(&self) {
        std::fs::write(
            &self.settings,
            "ondertekening:\n  naam: B. Enchmark\n  functie: teamleider Werk en Inkomen\n  \
             certificaat: bench-pki/chain.pem\n  sleutel: bench-pki/signer.key\n  niveau: B-B\n  \
             vertrouwd: [bench-pki/root.pem]\n",
        )
        .expect("pto.yaml");
    }

    fn unconfigure(&self) {
        let _ = std::fs::remove_file(&self.settings);
    }
}

fn signed_count(out: &Ran) -> usize {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("\"status\":\"issued\"") && l.contains("\"level\":\"B-B\""))
        .count()
}

/// The middle value (the mean of the middle two for an even count).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

/// What a run of pto printed, and its own peak resident memory.
struct Ran {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    peak_mb: f64,
    /// The child's own processor time (user + system), in seconds: less
    /// disturbed than the wall clock by other work on the machine.
    cpu_s: f64,
}

fn issued(out: &Ran) -> usize {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("\"status\":\"issued\""))
        .count()
}

/// Runs pto in `dir` and reaps it with wait4, which gives this child's own
/// peak resident set (Linux: ru_maxrss in kilobytes).
#[allow(clippy::zombie_processes, reason = "reaped by libc::wait4 below")]
fn run(pto: &Path, dir: &Path, args: &[&str]) -> Ran {
    use std::io::Read;
    let mut child = Command::new(pto)
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("pto runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let mut err = Vec::new();
    let _ = stderr.read_to_end(&mut err);
    let out = reader.join().expect("reader");
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 writes the child's status and rusage into the pointers
    // it is given; the child is ours and not yet reaped.
    let usage = unsafe {
        let pid = libc::pid_t::try_from(child.id()).expect("pid");
        assert_eq!(libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()), pid);
        usage.assume_init()
    };
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    assert!(
        code.is_some_and(|c| c <= 1),
        "pto {args:?} failed ({code:?}): {}",
        String::from_utf8_lossy(&err)
    );
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ran {
        stdout: out,
        stderr: err,
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
        cpu_s: seconds(usage.ru_utime) + seconds(usage.ru_stime),
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// A temporary case repository of synthetic cases: a year of PTO (2024),
/// ended at the year's end, with twelve statements and the bookkeeping.
struct Repo(tempfile::TempDir);

impl Repo {
    fn generate(n: usize, git: bool) -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let cases = dir.path().join("case-files");
        std::fs::create_dir_all(&cases).expect("case-files");
        for i in 0..n {
            std::fs::write(cases.join(format!("PTO-B-{i:05}.yaml")), synthetic_case(i))
                .expect("write");
        }
        if git {
            for args in [
                &["init", "-q", "-b", "main"][..],
                &["config", "user.email", "bench@example.org"],
                &["config", "user.name", "bench"],
                &["add", "-A"],
                &["commit", "-q", "-m", "synthetic cases"],
            ] {
                let ok = Command::new("git")
                    .current_dir(dir.path())
                    .args(args)
                    .status()
                    .expect("git")
                    .success();
                assert!(ok, "git {args:?}");
            }
        }
        Repo(dir)
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

/// A deterministic pseudo-random generator (xorshift), so every run
/// generates the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo)
    }
}

/// A valid BSN (elfproef) derived from `i`.
fn bsn(i: usize) -> String {
    let base = 100_000_000 + (i as u64 * 7919) % 800_000_000;
    (0..)
        .map(|k| base + k)
        .map(|n| n.to_string())
        .find(|s| elfproef(s))
        .expect("a BSN")
}

fn elfproef(s: &str) -> bool {
    let d: Vec<i64> = s.bytes().map(|b| i64::from(b - b'0')).collect();
    let sum: i64 = (0..8).map(|k| d[k] * (9 - k as i64)).sum::<i64>() - d[8];
    sum != 0 && sum % 11 == 0
}

fn synthetic_case(i: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1));
    const FIRST: [&str; 8] = [
        "Jan", "Fatima", "Pieter", "Anouk", "Mehmet", "Sanne", "Kees", "Noor",
    ];
    const LAST: [&str; 8] = [
        "Jansen",
        "el Amrani",
        "de Boer",
        "Bakker",
        "Yilmaz",
        "Visser",
        "Smit",
        "de Vries",
    ];
    const WORK: [&str; 6] = [
        "Fietsreparatie",
        "Hondenuitlaatservice",
        "Tuinonderhoud",
        "Taarten bakken",
        "Grafisch ontwerp",
        "Klussendienst",
    ];
    let name = format!("{} {}", FIRST[i % 8], LAST[(i / 8) % 8]);
    let mut text = format!(
        "zaaknummer: PTO-B-{i:05}\naanvrager:\n  naam: {name}\n  bsn: \"{}\"\n  adres: {{ straat: Dorpsstraat {}, postcode: 2981 AB, woonplaats: Ridderkerk }}\n\
         uitkering:\n  wet: participatiewet\n  normen:\n    - {{ vanaf: 2024-01-01, bedrag: 1401.50 }}\n    - {{ vanaf: 2024-07-01, bedrag: 1426.36 }}\n\
         aanvraag:\n  datum: 2023-11-06\n  klantmanager: M. de Vries\n  passend: true\n  activiteit: {}\n  uren_per_week: {}\n\
         \x20 eigen_rekening_en_risico: true\n  marktconforme_prijzen: true\n  langlopende_verplichtingen: []\n  kvk_nummer: \"12345678\"\n\
         \x20 btw_id: NL123456789B01\n  zakelijke_iban: NL91ABNA0417164300\n  vergunningen: []\n  vog: {{ vereist: false, aanwezig: false }}\n\
         \x20 plan_van_aanpak: {{ datum: 2023-11-20, arbeidsverplichting_uren_per_week: 20 }}\n\
         toestemming:\n  ingangsdatum: 2024-01-01\n  einddatum: 2024-12-31\n  besluit: {{ datum: 2023-12-04, kenmerk: PTO-B-{i:05}-AANVRAAG-20231106 }}\ninvesteringen: []\nmaanden:\n",
        bsn(i),
        1 + i % 200,
        WORK[i % 6],
        8 + i % 12
    );
    let (mut omzet_total, mut kosten_total) = (0u64, 0u64);
    for m in 1..=12 {
        let omzet = rng.range(20_000, 140_000); // cents
        omzet_total += omzet;
        text.push_str(&format!(
            "  - maand: 2024-{m:02}\n    ingeleverd: {}-{:02}-0{}\n    omzet: {}.{:02}\n    uren_direct: {}\n    uren_indirect: {}\n    kosten:\n",
            if m == 12 { 2025 } else { 2024 },
            if m == 12 { 1 } else { m + 1 },
            rng.range(1, 8),
            omzet / 100,
            omzet % 100,
            rng.range(20, 70),
            rng.range(4, 12)
        ));
        for k in 0..rng.range(1, 4) {
            let bedrag = rng.range(1_000, 25_000);
            let (categorie, goedgekeurd) = match k {
                0 => ("materiaal", true),
                1 => ("vervoer", !rng.next().is_multiple_of(5)),
                _ => ("huur", true),
            };
            if goedgekeurd && categorie != "huur" {
                kosten_total += bedrag;
            }
            text.push_str(&format!(
                "      - {{ omschrijving: Kostenpost {k}, categorie: {categorie}, bedrag: {}.{:02}, goedgekeurd: {goedgekeurd}, bewijs: true }}\n",
                bedrag / 100,
                bedrag % 100
            ));
        }
    }
    // The bookkeeping differs a little from the months, either way.
    let omzet = omzet_total + rng.range(0, 60_000) - 30_000.min(omzet_total);
    text.push_str(&format!(
        "jaarstukken:\n  - boekjaar: 2024\n    ingeleverd: 2025-04-{:02}\n    aangifte_ib: true\n    jaarrekening: true\n    kasboek: false\n    omzet: {}.{:02}\n    kosten:\n      - {{ omschrijving: Kosten volgens jaarrekening, categorie: materiaal, bedrag: {}.{:02}, goedgekeurd: true, bewijs: true }}\n",
        rng.range(1, 29),
        omzet / 100,
        omzet % 100,
        kosten_total / 100,
        kosten_total % 100
    ));
    text.push_str("afwijkingen: []\n");
    text
}

/// The data of each issued letter, composed by pto's own code (outside the
/// floor's timing).
fn letter_data(root: &Path, n: usize) -> Vec<Vec<u8>> {
    let settings = pto::settings::Settings::default();
    let wording = pto::letter::Wording::built_in().expect("wording");
    let date = pto::calendar::parse_date(DATE).expect("date");
    (0..n)
        .into_par_iter()
        .map(|i| {
            let loaded = pto::case::load_file(&root.join(format!("case-files/PTO-B-{i:05}.yaml")))
                .expect("loads");
            let decision = pto::decide::decide(
                &loaded.case,
                &settings.policy,
                pto::decide::Proceeding::Afrekening,
                date,
                Some(2024),
            )
            .expect("decides");
            let data = pto::letter::compose(&decision, &loaded.case, &settings, &wording)
                .expect("composes");
            pto::letter::data_json(&data).expect("json")
        })
        .collect()
}

/// A minimal World: the layout and one data file, nothing of pto's.
struct FloorWorld {
    data: Bytes,
}

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data_id: FileId,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = [
        &include_bytes!("../fonts/NotoSans-Regular.ttf")[..],
        include_bytes!("../fonts/NotoSans-Bold.ttf"),
        include_bytes!("../fonts/NotoSans-Italic.ttf"),
        include_bytes!("../fonts/NotoSans-BoldItalic.ttf"),
    ]
    .into_iter()
    .flat_map(|b| Font::iter(Bytes::new(b)))
    .collect();
    let id = |p: &str| {
        RootedPath::new(VirtualRoot::Project, VirtualPath::new(p).expect("path")).intern()
    };
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: Source::new(
            id("/floor.typ"),
            include_str!("../src/letter/letter.typ").to_string(),
        ),
        data_id: id("/data.json"),
    }
});

impl World for FloorWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }
    fn main(&self) -> FileId {
        SHARED.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == SHARED.main.id() {
            Ok(SHARED.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == SHARED.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }
    fn today(&self, _: Option<TypstDuration>) -> Option<Datetime> {
        Datetime::from_ymd(2025, 6, 16)
    }
}

fn floor_pdf(data: &[u8]) -> Vec<u8> {
    let world = FloorWorld {
        data: Bytes::new(data.to_vec()),
    };
    let document: PagedDocument = typst::compile(&world).output.expect("compiles");
    let options = PdfOptions {
        ident: Smart::Custom("floor".into()),
        timestamp: Datetime::from_ymd(2025, 6, 16).map(Timestamp::new_utc),
        standards: PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1]).expect("standards"),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).expect("exports")
}

//! `akashi`: verify Open Badges / Verifiable Credentials from the command line.
//!
//! `akashi verify FILE...` prints a verdict per file, check by check; `--json` prints one
//! JSON object per file per line. Exit status: 0 when every file verified (with or without
//! warnings), 1 when any did not, 2 on usage or I/O errors. `akashi wallet …` keeps badges in
//! the encrypted wallet (see `wallet.rs`).
#![forbid(unsafe_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use akashi_core::present::{verify_presentation, Expectation};
use akashi_core::{CheckId, CheckSource, CheckStatus, Report, Verifier, VerifyOptions};
use clap::{Parser, Subcommand};
use serde_json::json;

mod present;
mod qr;
mod render;
mod wallet;

#[derive(Parser)]
#[command(name = "akashi", version, about = "Verify Open Badges and Verifiable Credentials, offline-first")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of what a person reads (check names, states, reasons, descriptor labels);
    /// default from LANGUAGE / LC_ALL / LC_MESSAGES / LANG, else English.
    #[arg(long, global = true, value_enum)]
    lang: Option<render::Lang>,
}

#[derive(Subcommand)]
enum Command {
    /// Verify credential files and print a verdict for each, check by check.
    Verify(VerifyArgs),
    /// Fetch the updated version a credential's issuer offers (its refresh service), verify
    /// it, and save it with --out only if it verifies and comes from the same issuer.
    Refresh(RefreshArgs),
    /// The encrypted badge wallet: import, list, show, search, tag, delete, re-verify, log.
    #[command(long_about = wallet::LONG_ABOUT, after_help = wallet::KEY_HELP)]
    Wallet(wallet::WalletArgs),
    /// Make a presentation request (verifier's side): a fresh challenge, your domain and name,
    /// an expiry. Prints the request text (what the QR code carries); keep it to verify the answer
    /// with `akashi verify --request`.
    Request(present::RequestArgs),
    /// Sign a presentation of wallet badges with the wallet's holder key (learner's side),
    /// answering a request (--request) or one-way with a short lifetime. Prints the presentation.
    #[command(after_help = wallet::KEY_HELP)]
    Present(present::PresentArgs),
    /// Read QR codes from images (PNG / JPEG: photos or screenshots of the learner's screen;
    /// the frames of an animated QR in any order) and verify the presentation or credential
    /// they carry, against your request (--request) or as one-way (--one-way).
    Scan(ScanArgs),
    /// QR transport tools for tests: VPQR encode/decode, frames, render, scan.
    #[command(hide = true)]
    Qr(qr::QrArgs),
}

#[derive(clap::Args)]
struct RefreshArgs {
    /// Write the new version here (only when it verifies and comes from the same issuer).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    verify: VerifyArgs,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// Images holding the QR code(s): one code, or the frames of an animated QR (any order).
    #[arg(required = true, value_name = "IMAGE")]
    images: Vec<PathBuf>,
    #[command(flatten)]
    expect: ExpectArgs,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    opts: VerifyOpts,
}

/// What a presentation must answer: the verifier's own request, or nothing (one-way).
#[derive(clap::Args)]
struct ExpectArgs {
    /// Presentations: the request you made (its text, or a file holding it, from `akashi
    /// request`). The presentation must answer it: its challenge, not expired, its domain.
    #[arg(long, value_name = "TEXT_OR_FILE")]
    request: Option<String>,
    /// Presentations: expect a one-way presentation (you made no request). It is reported as not
    /// bound to your challenge, and refused when older than its lifetime or --max-age.
    #[arg(long, conflicts_with = "request")]
    one_way: bool,
    /// With --one-way: the oldest presentation accepted, in seconds since it was signed.
    #[arg(long, value_name = "SECS", requires = "one_way", default_value_t = akashi_core::present::MAX_LIFETIME_SECS)]
    max_age: u32,
}

#[derive(clap::Args)]
struct VerifyArgs {
    /// Credential files (JSON, JWT, baked PNG or SVG) or https:// URLs.
    #[arg(required = true, value_name = "FILE_OR_URL")]
    files: Vec<PathBuf>,
    /// Print one JSON object per file (JSON Lines).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    expect: ExpectArgs,
    #[command(flatten)]
    opts: VerifyOpts,
}

/// The verifier's options, shared by `verify`, `refresh` and the wallet's `import` and `reverify`.
#[derive(clap::Args)]
struct VerifyOpts {
    /// Judge validity at this time (RFC 3339) instead of now.
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// Never use the network: what is not freshly cached (keys, status lists) is reported as
    /// unknown; what is, is used and reported as coming from the cache.
    #[arg(long)]
    offline: bool,
    /// Keep fetched documents (DID documents, keys, status lists) in this SQLite file, for
    /// later runs and offline use. Without it the cache lasts for this run only.
    #[arg(long, value_name = "FILE")]
    cache: Option<PathBuf>,
    /// How long a fetched document stays fresh when its server does not say (seconds;
    /// default one day, at most 30 days).
    #[arg(long, value_name = "SECS")]
    cache_ttl: Option<u64>,
    /// Give up on a fetch (key, status list, hosted badge) after this many seconds (default 10).
    #[arg(long, value_name = "SECS")]
    timeout: Option<u64>,
    /// Trust this extra CA certificate bundle (PEM) for HTTPS, e.g. a test server's.
    #[arg(long, value_name = "PEM")]
    ca_file: Option<PathBuf>,
    /// Allow plain HTTP to loopback addresses (for tests).
    #[arg(long)]
    allow_http_loopback: bool,
    /// Presentations: the challenge you gave the holder (missing or different → not verified).
    #[arg(long, value_name = "C")]
    challenge: Option<String>,
    /// Presentations: the domain the holder must have signed for.
    #[arg(long, value_name = "D")]
    domain: Option<String>,
    /// The learner's identifier (email, URL, DID) for the recipient check; repeatable.
    #[arg(long = "recipient", value_name = "ID")]
    recipients: Vec<String>,
    /// An issuer registry for the trust check (DCC issuer registry JSON): a file or an https://
    /// URL (fetched through the cache). Repeatable, most authoritative first.
    #[arg(long = "registry", value_name = "FILE_OR_URL")]
    registries: Vec<String>,
    /// Connect to HOST at ADDR (IP:PORT) instead of resolving it, like curl --resolve; TLS
    /// still checks HOST's certificate. For tests and private deployments; repeatable.
    #[arg(long = "resolve", value_name = "HOST=ADDR", hide = true)]
    resolve: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    render::init(cli.lang);
    match cli.command {
        Command::Verify(args) => verify(args),
        Command::Refresh(args) => refresh(args),
        Command::Wallet(args) => wallet::run(args),
        Command::Request(args) => present::request(args),
        Command::Present(args) => present::present(args),
        Command::Scan(args) => scan(args),
        Command::Qr(args) => qr::run(args),
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("akashi: {msg}");
    ExitCode::from(2)
}

/// The expectation `--request` / `--one-way` ask for (a usage error is reported).
fn expectation(e: &ExpectArgs, opts: &VerifyOpts) -> Result<Option<Expectation>, ExitCode> {
    match (&e.request, e.one_way) {
        (Some(_), _) if opts.challenge.is_some() || opts.domain.is_some() => {
            Err(usage_error("--request brings its own challenge and domain: leave out --challenge and --domain"))
        }
        (Some(r), _) => present::read_request(r).map(|r| Some(Expectation::Request(r))).map_err(|m| usage_error(&m)),
        (None, true) => Ok(Some(Expectation::OneWay { max_age_secs: e.max_age })),
        (None, false) => Ok(None),
    }
}

/// The expectation and the verifier of `verify` and `scan` (usage errors already reported).
fn expectation_and_verifier(e: &ExpectArgs, opts: &VerifyOpts) -> Result<(Option<Expectation>, Verifier), ExitCode> {
    Ok((expectation(e, opts)?, build_verifier(opts)?))
}

fn verify(args: VerifyArgs) -> ExitCode {
    match expectation_and_verifier(&args.expect, &args.opts) {
        Ok((expect, verifier)) => verify_files(&args, &verifier, expect.as_ref()),
        Err(code) => code,
    }
}

/// Largest image `scan` reads (a phone screenshot is a few MiB).
const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;

fn scan(args: ScanArgs) -> ExitCode {
    let (expect, verifier) = match expectation_and_verifier(&args.expect, &args.opts) {
        Ok(x) => x,
        Err(code) => return code,
    };
    // Every QR text of every image, one per line: the input reader takes one VPQR text, the
    // frames of one message in any order (repeats allowed), or a credential's text.
    let mut texts: Vec<String> = Vec::new();
    for image in &args.images {
        let read = std::fs::metadata(image).map_err(|e| e.to_string()).and_then(|m| {
            if m.len() > MAX_IMAGE_BYTES {
                Err(format!("larger than {MAX_IMAGE_BYTES} bytes"))
            } else {
                std::fs::read(image).map_err(|e| e.to_string())
            }
        });
        let found = read.and_then(|bytes| akashi_core::present::qr::decode_image(&bytes).map_err(|e| e.to_string()));
        match found {
            Ok(t) => texts.extend(t),
            Err(e) => return usage_error(&format!("{}: {e}", image.display())),
        }
    }
    let name = match args.images.as_slice() {
        [one] => one.display().to_string(),
        many => format!("{} images", many.len()),
    };
    let bytes = texts.join("\n").into_bytes();
    let outcome = match &expect {
        Some(x) => verify_presentation(&verifier, &bytes, x),
        None => verifier.verify(&bytes),
    }
    .map_err(|e| format!("cannot read as a presentation or credential: {e}"));
    let verified = outcome.as_ref().is_ok_and(|r| r.summary.is_verified());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let res = if args.json { write_json(&mut out, &name, &outcome) } else { write_human(&mut out, &name, &outcome) };
    match (res, verified) {
        (Err(_), _) => ExitCode::from(2),
        (Ok(()), true) => ExitCode::SUCCESS,
        (Ok(()), false) => ExitCode::from(1),
    }
}

/// The verifier the options ask for, or the exit code of a usage error (already reported).
fn build_verifier(args: &VerifyOpts) -> Result<Verifier, ExitCode> {
    let now = match args.now.as_deref() {
        None => None,
        Some(s) => match chrono::DateTime::parse_from_rfc3339(s) {
            Ok(t) => Some(t.with_timezone(&chrono::Utc)),
            Err(_) => return Err(usage_error(&format!("--now: '{s}' is not an RFC 3339 date-time (e.g. 2026-04-01T09:00:00Z)"))),
        },
    };
    let extra_ca_pem = match &args.ca_file {
        None => None,
        Some(p) => match std::fs::read(p) {
            Ok(b) => Some(b),
            Err(e) => return Err(usage_error(&format!("--ca-file {}: {e}", p.display()))),
        },
    };
    let mut resolve = Vec::new();
    for r in &args.resolve {
        match r.split_once('=').map(|(h, a)| (h, a.parse::<std::net::SocketAddr>())) {
            Some((host, Ok(addr))) if !host.is_empty() => resolve.push((host.to_owned(), addr)),
            _ => return Err(usage_error(&format!("--resolve: '{r}' is not HOST=IP:PORT"))),
        }
    }
    let options = VerifyOptions {
        now,
        offline: args.offline,
        allow_http_loopback: args.allow_http_loopback,
        extra_ca_pem,
        challenge: args.challenge.clone(),
        domain: args.domain.clone(),
        recipients: args.recipients.clone(),
        resolve,
        cache_path: args.cache.clone(),
        cache_ttl_secs: args.cache_ttl,
        fetch_timeout_ms: args.timeout.map(|s| s.saturating_mul(1000)),
        registries: args.registries.clone(),
    };
    Verifier::new(options).map_err(|e| usage_error(&e.to_string()))
}

/// Verifies each file; presentations against `expect` when given (`--request`, `--one-way`).
fn verify_files(args: &VerifyArgs, verifier: &Verifier, expect: Option<&Expectation>) -> ExitCode {
    let mut all_verified = true;
    let mut io_error = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in &args.files {
        let name = file.display().to_string();
        let is_url = name.starts_with("https://") || name.starts_with("http://");
        let outcome = if is_url {
            verifier.verify_url(&name).map_err(|e| format!("cannot verify the URL: {e}"))
        } else {
            match std::fs::read(file) {
                Err(e) => {
                    io_error = true;
                    Err(format!("cannot read the file: {e}"))
                }
                Ok(bytes) => match expect {
                    Some(x) => verify_presentation(verifier, &bytes, x),
                    None => verifier.verify(&bytes),
                }
                .map_err(|e| format!("cannot read as a credential: {e}")),
            }
        };
        match &outcome {
            Ok(r) => all_verified &= r.summary.is_verified(),
            Err(_) => all_verified = false,
        }
        let res = if args.json { write_json(&mut out, &name, &outcome) } else { write_human(&mut out, &name, &outcome) };
        if res.is_err() {
            return ExitCode::from(2);
        }
    }
    if io_error {
        ExitCode::from(2)
    } else if all_verified {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn refresh(args: RefreshArgs) -> ExitCode {
    let [file] = args.verify.files.as_slice() else {
        return usage_error("refresh takes exactly one credential file");
    };
    let verifier = match build_verifier(&args.verify.opts) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return usage_error(&format!("{}: cannot read the file: {e}", file.display())),
    };
    let refreshed = match verifier.refresh(&bytes) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("akashi: {}: {e}", file.display());
            return ExitCode::from(1);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let name = format!("{} (refreshed from {})", file.display(), refreshed.url);
    let shown = if args.verify.json {
        write_json(&mut out, &name, &Ok(refreshed.report.clone()))
    } else {
        write_human(&mut out, &name, &Ok(refreshed.report.clone()))
    };
    if shown.is_err() {
        return ExitCode::from(2);
    }
    match (&refreshed.credential, &args.out) {
        (None, _) => {
            eprintln!("akashi: the new version is not offered: {}", refreshed.refused.as_deref().unwrap_or("it did not verify"));
            ExitCode::from(1)
        }
        (Some(body), Some(path)) => match std::fs::write(path, body) {
            Ok(()) => {
                eprintln!("akashi: the verified new version was saved to {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => usage_error(&format!("{}: cannot write: {e}", path.display())),
        },
        (Some(_), None) => {
            eprintln!("akashi: the new version verified; save it with --out FILE");
            ExitCode::SUCCESS
        }
    }
}

fn write_json(out: &mut impl Write, file: &str, outcome: &Result<Report, String>) -> std::io::Result<()> {
    let v = match outcome {
        Ok(r) => {
            let mut v = serde_json::to_value(r).unwrap_or_else(|_| json!({}));
            if let Some(o) = v.as_object_mut() {
                o.insert("file".into(), json!(file));
            }
            render::extend_json(&mut v, r);
            v
        }
        Err(reason) => json!({ "file": file, "summary": "error", "reason": reason, "checks": [] }),
    };
    writeln!(out, "{v}")
}

fn write_human(out: &mut impl Write, file: &str, outcome: &Result<Report, String>) -> std::io::Result<()> {
    writeln!(out, "{file}")?;
    let r = match outcome {
        Err(reason) => return writeln!(out, "  ERROR: {reason}\n"),
        Ok(r) => r,
    };
    let verdict = akashi_core::l10n::summary_label(render::locale(), r.summary);
    let c = &r.credential;
    let l = render::locale();
    let ui = akashi_core::l10n::ui;
    let what = match (&c.name, c.issuer_name.as_ref().or(c.issuer_id.as_ref())) {
        (Some(n), Some(i)) => format!(" — {}", ui(l, "named-from", &[("name", n), ("issuer", i)])),
        (Some(n), None) => format!(" — {}", ui(l, "named", &[("name", n)])),
        (None, Some(i)) => format!(" — {}", ui(l, "only-from", &[("issuer", i)])),
        (None, None) => String::new(),
    };
    let what =
        if c.types.iter().any(|t| t == "VerifiablePresentation") { format!(" — {}{what}", ui(l, "presentation", &[])) } else { what };
    writeln!(out, "  {verdict}{what}")?;
    write_checks(out, r, 1, true)?;
    render::write_descriptors(out, r, "  ")?;
    // A presentation: what each presented credential certifies (what the employer came for).
    for n in r.nested.iter().filter(|n| n.relation == akashi_core::Relation::PresentationMember) {
        writeln!(out, "  {}", n.path)?;
        render::write_descriptors(out, &n.report, "    ")?;
    }
    if let Some(u) = &c.refresh_url {
        writeln!(out, "  {}", ui(l, "refresh-offered", &[("url", u)]))?;
    }
    writeln!(out, "  {}\n", ui(l, "checked-against", &[("time", &r.verified_at)]))
}

/// The checks of `r`, then its association graph and nested reports, indented by `level`.
/// `all`: every check; otherwise (nested credentials) only those that did not simply pass.
fn write_checks(out: &mut impl Write, r: &Report, level: usize, all: bool) -> std::io::Result<()> {
    let pad = "  ".repeat(level);
    let mut quiet = 0;
    for check in &r.checks {
        if !all
            && check.id != CheckId::Proof
            && check.warnings.is_empty()
            && matches!(check.status, CheckStatus::Valid | CheckStatus::NotApplicable)
        {
            quiet += 1;
            continue;
        }
        let mark = match check.status {
            CheckStatus::Valid => "ok",
            CheckStatus::Invalid => "FAIL",
            CheckStatus::Unknown => "??",
            CheckStatus::NotApplicable => "--",
        };
        let (id, status, text, detail) = render::check_texts(check, &r.credential);
        writeln!(out, "{pad}[{mark:>4}] {} {} {text}", render::pad_to(&id, 10), render::pad_to(&status, 14))?;
        if let Some(d) = detail {
            writeln!(out, "{pad}              {}: {d}", akashi_core::l10n::ui(render::locale(), "detail", &[]))?;
        }
        for w in akashi_core::l10n::localized_warnings(render::locale(), check) {
            writeln!(out, "{pad}              {}: {w}", akashi_core::l10n::ui(render::locale(), "warning", &[]))?;
        }
        match &check.source {
            CheckSource::Network { url } => writeln!(out, "{pad}              from {url} at {}", check.checked_at)?,
            CheckSource::Cache { url, fetched_at } => writeln!(out, "{pad}              from the cache: {url} as fetched at {fetched_at}")?,
            _ => {}
        }
    }
    if quiet > 0 {
        let quiet = akashi_core::l10n::ui_count(render::locale(), "quiet-checks", quiet);
        writeln!(out, "{pad}[  ok] {quiet}")?;
    }
    for a in &r.associations {
        let end = |id: &str, path: &Option<String>| match path {
            Some(p) => format!("{id} ({p})"),
            None => format!("{id} (not in this CLR)"),
        };
        writeln!(
            out,
            "{pad}association: {} {} {}",
            end(&a.source_id, &a.source_path),
            a.association_type,
            end(&a.target_id, &a.target_path)
        )?;
    }
    for n in &r.nested {
        let c = &n.report.credential;
        let name = c.name.as_deref().map(|s| format!(" \"{s}\"")).unwrap_or_default();
        let from = c.issuer_name.as_ref().or(c.issuer_id.as_ref()).map(|i| format!(" from {i}")).unwrap_or_default();
        writeln!(
            out,
            "{pad}  {} — {}{name}{from}: {}",
            n.path,
            relation_label(n.relation),
            akashi_core::l10n::summary_label(render::locale(), n.report.summary)
        )?;
        write_checks(out, &n.report, level + 2, false)?;
    }
    Ok(())
}

fn relation_label(r: akashi_core::Relation) -> String {
    let id = match r {
        akashi_core::Relation::PresentationMember => "relation-presentation_member",
        akashi_core::Relation::ClrMember => "relation-clr_member",
        akashi_core::Relation::Endorsement => "relation-endorsement",
    };
    akashi_core::l10n::ui(render::locale(), id, &[])
}

//! `akashi request` (the verifier makes a presentation request) and `akashi present` (the
//! learner signs a presentation of wallet badges, optionally answering a request). Verifying a
//! presentation against the request is `akashi verify --request` (main.rs).
//!
//! The request and the presentation are printed as text: the text that goes into the QR
//! code(s); `--svg` / `--png` also draw the QR code(s): one code, or the numbered frames of an
//! animated QR when a presentation is too large for one (see `docs/qr-frames.md`).
//! `akashi scan` reads them back from images and verifies.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use akashi_core::present::request::{DEFAULT_REQUEST_LIFETIME_SECS, MAX_REQUEST_BYTES, MAX_REQUEST_LIFETIME_SECS};
use akashi_core::present::{frames, qr, vpqr, PresentationRequest, DEFAULT_LIFETIME_SECS, MAX_LIFETIME_SECS};
use akashi_core::{Verifier, VerifyOptions};
use serde_json::json;

use crate::render::t;
use crate::usage_error;

use crate::wallet::{open_wallet, wallet_error, WalletLocation};

#[derive(clap::Args)]
pub struct RequestArgs {
    /// Your domain (e.g. careers.example.com): the learner signs for it, and you check it.
    #[arg(long, value_name = "DOMAIN")]
    domain: String,
    /// Your name as the learner's app shows it ("who is asking").
    #[arg(long, value_name = "NAME")]
    name: String,
    /// How long the request is valid, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_REQUEST_LIFETIME_SECS)]
    lifetime: u32,
    /// Also write the request text to this file (to verify the answer with `akashi verify --request FILE`).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    qr: QrOut,
    /// Print a JSON object (the request's fields and its text) instead of the text alone.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct PresentArgs {
    #[command(flatten)]
    location: WalletLocation,
    /// The badges to present, by wallet id (see `akashi wallet list`).
    #[arg(value_name = "ID")]
    ids: Vec<i64>,
    /// Also present the badges a full-text search finds (every word must match).
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// The verifier's request: its text, or a file holding it. Without it the presentation is
    /// one-way: not bound to a challenge, valid only for its short lifetime.
    #[arg(long, value_name = "TEXT_OR_FILE")]
    request: Option<String>,
    /// How long the presentation is valid after signing, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_LIFETIME_SECS)]
    lifetime: u32,
    /// Write the presentation to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Show the presentation as a VPQR text (`VP1-B…`, what DCC's Learner Credential Wallet
    /// reads) instead of Akashi's compressed JSON frames. It must fit one QR code.
    #[arg(long)]
    vpqr: bool,
    #[command(flatten)]
    qr: QrOut,
    /// Print a JSON object (holder, challenge, domain, times, and the presentation) instead of
    /// the presentation alone.
    #[arg(long)]
    json: bool,
}

/// Where to draw QR codes.
#[derive(clap::Args)]
pub struct QrOut {
    /// Draw the QR code as SVG here (frames of an animated QR: FILE-1.svg, FILE-2.svg, …).
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,
    /// Draw the QR code as PNG here (frames: FILE-1.png, FILE-2.png, …).
    #[arg(long, value_name = "FILE")]
    png: Option<PathBuf>,
}

/// `dir/name.ext` → `dir/name-N.ext` (frame N of an animated QR).
fn numbered(path: &Path, n: usize) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    path.with_file_name(name)
}

/// Draws `texts` (one QR code, or the frames of one message) where `out` says; tells on stderr
/// what was written. `fps` is the suggested frame rate of an animated QR.
pub fn write_qr(out: &QrOut, texts: &[String], fps: u32) -> Result<(), String> {
    if out.svg.is_none() && out.png.is_none() {
        return Ok(());
    }
    for (i, text) in texts.iter().enumerate() {
        let m = qr::render(text).map_err(|e| format!("cannot draw the QR code: {e}"))?;
        let name = |p: &Path| if texts.len() == 1 { p.to_path_buf() } else { numbered(p, i + 1) };
        if let Some(p) = &out.svg {
            std::fs::write(name(p), m.to_svg()).map_err(|e| format!("{}: cannot write: {e}", name(p).display()))?;
        }
        if let Some(p) = &out.png {
            let png = m.to_png(8).map_err(|e| format!("cannot draw the QR code: {e}"))?;
            std::fs::write(name(p), png).map_err(|e| format!("{}: cannot write: {e}", name(p).display()))?;
        }
        if i == 0 {
            let (version, ec, count, fps) = (m.version.to_string(), format!("{:?}", m.ec_level), texts.len().to_string(), fps.to_string());
            let args = [("version", version.as_str()), ("ec", ec.as_str()), ("count", count.as_str()), ("fps", fps.as_str())];
            eprintln!("akashi: {}", t(if texts.len() == 1 { "qr-one" } else { "qr-frames" }, &args));
        }
    }
    Ok(())
}

/// The first text in the QR codes of a PNG / JPEG image that `accept` takes.
fn text_in_image<T>(bytes: &[u8], accept: impl Fn(&str) -> Option<T>) -> Result<T, String> {
    let texts = qr::decode_image(bytes).map_err(|e| format!("no readable QR code: {e}"))?;
    texts.iter().find_map(|t| accept(t)).ok_or_else(|| "the image's QR code is not a presentation request".to_string())
}

/// A request given as its text (starts with `{`), a file holding it, or an image of its QR code.
pub fn read_request(arg: &str) -> Result<PresentationRequest, String> {
    let text = if arg.trim_start().starts_with('{') {
        arg.to_owned()
    } else if is_image_file(arg) {
        let len = std::fs::metadata(arg).map_err(|e| format!("--request {arg}: {e}"))?.len();
        if len > akashi_core::input::MAX_INPUT_BYTES as u64 {
            return Err(format!("--request {arg}: the image is too large"));
        }
        let bytes = std::fs::read(arg).map_err(|e| format!("--request {arg}: {e}"))?;
        return text_in_image(&bytes, |t| PresentationRequest::parse(t).ok()).map_err(|e| format!("--request {arg}: {e}"));
    } else {
        let len = std::fs::metadata(arg).map_err(|e| format!("--request {arg}: {e}"))?.len();
        if len > MAX_REQUEST_BYTES as u64 {
            return Err(format!("--request {arg}: not a presentation request (larger than {MAX_REQUEST_BYTES} bytes)"));
        }
        std::fs::read_to_string(arg).map_err(|e| format!("--request {arg}: {e}"))?
    };
    PresentationRequest::parse(&text).map_err(|e| format!("--request: {e}"))
}

/// Whether the file starts like a PNG or a JPEG.
fn is_image_file(path: &str) -> bool {
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path).and_then(|mut f| std::io::Read::read(&mut f, &mut head)).unwrap_or(0);
    head[..n].starts_with(b"\x89PNG") || head[..n].starts_with(&[0xFF, 0xD8, 0xFF])
}

pub fn request(args: RequestArgs) -> ExitCode {
    if args.lifetime == 0 || args.lifetime > MAX_REQUEST_LIFETIME_SECS {
        return usage_error(&format!("--lifetime must be 1 to {MAX_REQUEST_LIFETIME_SECS} seconds"));
    }
    let req = match PresentationRequest::new(&args.domain, &args.name, args.lifetime, chrono::Utc::now()) {
        Ok(r) => r,
        Err(e) => return usage_error(&e.to_string()),
    };
    let text = req.to_text();
    if let Some(path) = &args.out {
        if let Err(e) = std::fs::write(path, format!("{text}\n")) {
            return usage_error(&format!("{}: cannot write: {e}", path.display()));
        }
    }
    if let Err(m) = write_qr(&args.qr, std::slice::from_ref(&text), 0) {
        return usage_error(&m);
    }
    let shown = if args.json {
        json!({"challenge": req.challenge, "domain": req.domain, "name": req.name, "expires": req.expires, "text": text}).to_string()
    } else {
        text
    };
    match writeln!(std::io::stdout().lock(), "{shown}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

pub fn present(args: PresentArgs) -> ExitCode {
    if args.lifetime == 0 || args.lifetime > MAX_LIFETIME_SECS {
        return usage_error(&format!("--lifetime must be 1 to {MAX_LIFETIME_SECS} seconds"));
    }
    let request = match args.request.as_deref().map(read_request).transpose() {
        Ok(r) => r,
        Err(m) => return usage_error(&m),
    };
    if let Some(r) = &request {
        if r.is_expired(chrono::Utc::now()) {
            return usage_error(&t("present-request-expired", &[("who", &r.who()), ("expires", &r.expires)]));
        }
        eprintln!("akashi: {}", t("present-to", &[("who", &r.who()), ("expires", &r.expires)]));
    }
    // Signing needs no network: the wallet's verifier stays offline.
    let verifier = match Verifier::new(VerifyOptions { offline: true, ..Default::default() }) {
        Ok(v) => v,
        Err(e) => return usage_error(&e.to_string()),
    };
    let (wallet, path) = match open_wallet(&args.location, false, verifier) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let mut ids = args.ids.clone();
    if let Some(text) = &args.search {
        match wallet.search(text) {
            Ok(found) if found.is_empty() => return usage_error(&format!("no badge matches '{text}'")),
            Ok(found) => ids.extend(found.iter().map(|b| b.id)),
            Err(e) => return wallet_error(&path, &e),
        }
    }
    if ids.is_empty() {
        return usage_error("choose the badges to present: their ids (akashi wallet list) and/or --search TEXT");
    }
    let p = match wallet.present(&ids, request.as_ref(), Some(args.lifetime)) {
        Ok(p) => p,
        Err(e) => return wallet_error(&path, &e),
    };
    // What the QR code(s) carry: Akashi's frames (compressed JSON), or VP1-B for DCC's wallets.
    let (qr_texts, fps) = if args.vpqr {
        let vp: serde_json::Value = serde_json::from_str(&p.text).unwrap_or_default();
        match vpqr::encode(&vp) {
            Ok(t) => (vec![t], 0),
            Err(e) => return usage_error(&format!("cannot write the presentation as VPQR: {e}")),
        }
    } else {
        match frames::encode(p.text.as_bytes()) {
            Ok(f) => (f.frames, f.fps),
            Err(e) => return usage_error(&format!("cannot split the presentation into QR frames: {e}")),
        }
    };
    if let Err(m) = write_qr(&args.qr, &qr_texts, fps) {
        return usage_error(&m);
    }
    let shown = if args.vpqr && !args.json {
        qr_texts.join("\n")
    } else if args.json {
        let vp: serde_json::Value = serde_json::from_str(&p.text).unwrap_or_default();
        json!({"holder": p.holder, "challenge": p.challenge, "domain": p.domain, "created": p.created, "expires": p.expires,
            "credentials": p.credentials, "presentation": vp, "qr": qr_texts, "fps": fps})
        .to_string()
    } else {
        p.text.clone()
    };
    let written = match &args.out {
        Some(file) => std::fs::write(file, format!("{shown}\n")).map_err(|e| format!("{}: cannot write: {e}", file.display())),
        None => writeln!(std::io::stdout().lock(), "{shown}").map_err(|e| e.to_string()),
    };
    match written {
        Ok(()) => {
            let to = request.as_ref().map(|r| t("wallet-to-whom", &[("who", &r.who())])).unwrap_or_else(|| t("present-one-way", &[]));
            let count = p.credentials.to_string();
            eprintln!("akashi: {}", t("present-signed", &[("count", &count), ("holder", &p.holder), ("to", &to), ("expires", &p.expires)]));
            ExitCode::SUCCESS
        }
        Err(m) => usage_error(&m),
    }
}

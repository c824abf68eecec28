//! `akashi request` (the verifier makes a presentation request) and `akashi present` (the
//! learner signs a presentation of wallet badges, optionally answering a request). Verifying a
//! presentation against the request is `akashi verify --request` (main.rs).
//!
//! The request and the presentation are printed as text: the text that goes into the QR
//! code(s). QR output (`--svg` / `--png`) comes with the transport module.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use akashi_core::present::request::{DEFAULT_REQUEST_LIFETIME_SECS, MAX_REQUEST_BYTES, MAX_REQUEST_LIFETIME_SECS};
use akashi_core::present::{PresentationRequest, DEFAULT_LIFETIME_SECS, MAX_LIFETIME_SECS};
use akashi_core::{Verifier, VerifyOptions};
use serde_json::json;

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
    /// Print a JSON object (holder, challenge, domain, times, and the presentation) instead of
    /// the presentation alone.
    #[arg(long)]
    json: bool,
}

/// A request given as its text (starts with `{`) or as a file holding it.
pub fn read_request(arg: &str) -> Result<PresentationRequest, String> {
    let text = if arg.trim_start().starts_with('{') {
        arg.to_owned()
    } else {
        let len = std::fs::metadata(arg).map_err(|e| format!("--request {arg}: {e}"))?.len();
        if len > MAX_REQUEST_BYTES as u64 {
            return Err(format!("--request {arg}: not a presentation request (larger than {MAX_REQUEST_BYTES} bytes)"));
        }
        std::fs::read_to_string(arg).map_err(|e| format!("--request {arg}: {e}"))?
    };
    PresentationRequest::parse(&text).map_err(|e| format!("--request: {e}"))
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
            return usage_error(&format!("the request from {} expired at {}: ask for a new one", r.who(), r.expires));
        }
        eprintln!("akashi: presenting to {} (request valid until {})", r.who(), r.expires);
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
    let shown = if args.json {
        let vp: serde_json::Value = serde_json::from_str(&p.text).unwrap_or_default();
        json!({"holder": p.holder, "challenge": p.challenge, "domain": p.domain, "created": p.created, "expires": p.expires,
            "credentials": p.credentials, "presentation": vp})
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
            let to = request.as_ref().map(|r| format!("to {}", r.who())).unwrap_or_else(|| "one-way (no request)".into());
            eprintln!("akashi: presentation of {} badge(s) signed by {}, {to}, valid until {}", p.credentials, p.holder, p.expires);
            ExitCode::SUCCESS
        }
        Err(m) => usage_error(&m),
    }
}

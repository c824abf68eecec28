//! `akashi wallet …`: the encrypted badge wallet (`akashi_core::wallet`) from the command line.
//!
//! The wallet is one SQLCipher file (by default `wallet.db` in the user's data directory) and
//! is opened with a raw 32-byte key given as 64 hex characters, from `AKASHI_WALLET_KEY` or
//! `--key-file`. Exit status: 0 ok; 1 when a badge did not verify on import (it is kept all
//! the same); 2 on usage, I/O and wallet errors (wrong key: nothing is changed).
//!
//! Messages never include badge content or key material beyond what the command shows on
//! purpose (`list`, `show`, `search`, `log`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use akashi_core::input::MAX_INPUT_BYTES;
use akashi_core::wallet::{
    Badge, BadgeDetail, ImportOutcome, ImportSource, KeyStore, KeyStoreError, ListFilter, SortBy, Wallet, WalletError, KEY_LEN,
};
use akashi_core::{Summary, Verifier, VerifyOptions};
use clap::{Subcommand, ValueEnum};
use serde_json::json;
use zeroize::Zeroizing;

use crate::render::t;
use crate::{build_verifier, usage_error, write_checks, VerifyOpts};

/// The environment variable holding the wallet key (64 hex characters).
pub const KEY_ENV: &str = "AKASHI_WALLET_KEY";

pub const LONG_ABOUT: &str = "The encrypted badge wallet: import badges (verified on import; one that fails \
verification is kept and shows its state), list, show, search, tag, delete, re-verify, and the activity log.

The wallet is one encrypted SQLite (SQLCipher) file: by default wallet.db in your data directory \
(e.g. ~/.local/share/akashi/wallet.db on Linux, ~/Library/Application Support/akashi/wallet.db on \
macOS); --wallet PATH uses another. It is created by the first `import`.";

pub const KEY_HELP: &str = "THE KEY
  The wallet is encrypted with a random 32-byte key, written as 64 hexadecimal characters.
  There is no passphrase: keep the key safe (a password manager), without it the wallet
  cannot be opened. Give it either way:
    export AKASHI_WALLET_KEY=$(cat ~/.akashi-key)     the environment variable, or
    --key-file PATH                                    a file holding the 64 hex characters
  (--key-file wins when both are given). Make a key once with:
    openssl rand -hex 32 > ~/.akashi-key && chmod 600 ~/.akashi-key
  A wrong key is refused (exit 2) and nothing is changed.

EXIT STATUS
  0 ok; 1 a badge did not verify on import (it is kept, with its state); 2 usage, I/O or
  wallet errors (wrong key, no such badge, unreadable input).";

#[derive(clap::Args)]
pub struct WalletArgs {
    #[command(flatten)]
    location: WalletLocation,
    #[command(subcommand)]
    command: WalletCommand,
}

/// Where the wallet is and how to open it (shared by `akashi wallet …` and `akashi present`).
#[derive(clap::Args)]
pub struct WalletLocation {
    /// The wallet file [default: wallet.db in the user's data directory, under akashi/].
    #[arg(long, global = true, value_name = "PATH")]
    wallet: Option<PathBuf>,
    /// Read the key (64 hex characters) from this file instead of $AKASHI_WALLET_KEY.
    #[arg(long, global = true, value_name = "PATH")]
    key_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum WalletCommand {
    /// Import badges (JSON, JWT, baked PNG/SVG, an https:// URL, or - for stdin); each is
    /// verified first and kept even if it does not verify.
    Import(ImportArgs),
    /// List the badges.
    List(ListArgs),
    /// Show one badge: its details, tags, history and the checks of its last verification.
    Show {
        /// The badge's id (see `list`).
        id: i64,
        /// Print one JSON object (badge, report, history).
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over name, description, issuer and tags (every word must match, as a prefix).
    Search {
        /// The words to look for.
        #[arg(required = true)]
        text: Vec<String>,
        #[command(flatten)]
        page: PageArgs,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Add a tag to a badge.
    Tag {
        /// The badge's id.
        id: i64,
        /// The tag (1 to 64 printable characters).
        tag: String,
    },
    /// Remove a tag from a badge.
    Untag {
        /// The badge's id.
        id: i64,
        /// The tag.
        tag: String,
    },
    /// Delete a badge with its tags and history (the deletion is logged).
    Delete {
        /// The badge's id.
        id: i64,
    },
    /// Verify every badge again (a status list may have revoked one); progress on stderr.
    Reverify(ReverifyArgs),
    /// The holder DID (did:key) presentations are signed with; made on first use. Give it to
    /// an issuer as the badge's subject, so a verifier can see the badge is yours.
    Holder,
    /// The activity log (imports, verifications, tags, deletions, presentations), oldest first.
    Log {
        /// Print a JSON array (for export).
        #[arg(long)]
        json: bool,
    },
    /// Write one encrypted backup file with every badge, tag, history entry and log entry.
    /// The passphrase comes from AKASHI_BACKUP_PASSPHRASE or --passphrase-file.
    Backup {
        /// Where to write the backup (an existing file is not overwritten).
        out: PathBuf,
        /// A file whose first line is the passphrase.
        #[arg(long, value_name = "PATH")]
        passphrase_file: Option<PathBuf>,
    },
    /// Restore a backup into this wallet (created if missing): merged without duplicates, all
    /// or nothing — a wrong passphrase or a damaged file changes nothing.
    Restore {
        /// The backup file.
        file: PathBuf,
        /// A file whose first line is the passphrase.
        #[arg(long, value_name = "PATH")]
        passphrase_file: Option<PathBuf>,
    },
}

/// The backup passphrase: the first line of `file`, else AKASHI_BACKUP_PASSPHRASE.
fn read_passphrase(file: Option<&Path>) -> Result<String, String> {
    let p = match file {
        Some(f) => std::fs::read_to_string(f)
            .map_err(|e| format!("--passphrase-file {}: {e}", f.display()))?
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned(),
        None => std::env::var("AKASHI_BACKUP_PASSPHRASE")
            .map_err(|_| "a backup passphrase is needed: set AKASHI_BACKUP_PASSPHRASE or pass --passphrase-file PATH".to_string())?,
    };
    if p.is_empty() {
        return Err("the backup passphrase is empty".into());
    }
    Ok(p)
}

#[derive(clap::Args)]
struct ImportArgs {
    /// Badge files, https:// URLs (stored as the URL and fetched to verify), or - for stdin.
    #[arg(required = true, value_name = "FILE_OR_URL")]
    inputs: Vec<String>,
    /// Print one JSON object per input (JSON Lines).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    opts: VerifyOpts,
}

#[derive(clap::Args)]
struct ReverifyArgs {
    /// Print the outcome as one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    opts: VerifyOpts,
}

#[derive(clap::Args)]
struct ListArgs {
    /// The order: date (newest first), issuer or name.
    #[arg(long, value_enum, default_value_t = Sort::Date)]
    sort: Sort,
    /// Only badges in this state (e.g. verified, verified_with_warnings, expired, revoked, not_verified).
    #[arg(long, value_name = "STATE")]
    state: Option<String>,
    /// Only badges from this issuer id.
    #[arg(long, value_name = "ID")]
    issuer: Option<String>,
    /// Only badges with this tag.
    #[arg(long, value_name = "TAG")]
    tag: Option<String>,
    #[command(flatten)]
    page: PageArgs,
    /// Print a JSON array.
    #[arg(long)]
    json: bool,
}

/// A page of a long list (both optional: everything by default).
#[derive(clap::Args)]
struct PageArgs {
    /// Show at most N badges.
    #[arg(long, value_name = "N")]
    limit: Option<u64>,
    /// Skip the first N badges of the order.
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum Sort {
    Date,
    Issuer,
    Name,
}

/// The key as the user gave it; wiped when dropped.
struct CliKey(Zeroizing<Vec<u8>>);

impl KeyStore for CliKey {
    fn wallet_key(&self) -> Result<Vec<u8>, KeyStoreError> {
        Ok(self.0.to_vec())
    }
}

const NO_KEY: &str = "no wallet key: set AKASHI_WALLET_KEY to the key (64 hex characters) or give --key-file PATH \
(a file holding them). To make a new key: openssl rand -hex 32 > ~/.akashi-key && chmod 600 ~/.akashi-key \
(see akashi wallet --help)";

/// The key from `--key-file` or the environment, or a usage message (never quoting the key).
fn read_key(key_file: Option<&Path>) -> Result<CliKey, String> {
    let (text, from) = match key_file {
        Some(p) => match std::fs::read(p) {
            Ok(b) => (Zeroizing::new(String::from_utf8_lossy(&b).into_owned()), format!("--key-file {}", p.display())),
            Err(e) => return Err(format!("--key-file {}: {e}", p.display())),
        },
        None => match std::env::var(KEY_ENV) {
            Ok(s) => (Zeroizing::new(s), KEY_ENV.to_owned()),
            Err(std::env::VarError::NotPresent) => return Err(NO_KEY.to_owned()),
            Err(std::env::VarError::NotUnicode(_)) => return Err(format!("{KEY_ENV} must be {} hex characters", KEY_LEN * 2)),
        },
    };
    let hex = text.trim();
    if hex.is_empty() {
        return Err(format!("{from} is empty. {NO_KEY}"));
    }
    parse_hex_key(hex).ok_or_else(|| format!("{from}: the key must be exactly {} hexadecimal characters ({KEY_LEN} bytes)", KEY_LEN * 2))
}

fn parse_hex_key(hex: &str) -> Option<CliKey> {
    if hex.len() != KEY_LEN * 2 || !hex.is_ascii() {
        return None;
    }
    let mut key = Zeroizing::new(Vec::with_capacity(KEY_LEN));
    for pair in hex.as_bytes().chunks(2) {
        let nib = |c: u8| (c as char).to_digit(16);
        key.push((nib(pair[0])? * 16 + nib(pair[1])?) as u8);
    }
    Some(CliKey(key))
}

/// The default wallet file: `<data dir>/akashi/wallet.db`.
fn default_wallet() -> Result<PathBuf, String> {
    dirs::data_dir()
        .map(|d| d.join("akashi").join("wallet.db"))
        .ok_or_else(|| "cannot find your data directory: give --wallet PATH".to_owned())
}

/// A wallet error as the user sees it: the core's messages carry no badge content.
pub fn wallet_error(path: &Path, e: &WalletError) -> ExitCode {
    let hint = match e {
        WalletError::WrongKey => format!(" ({}); nothing was changed. Check {KEY_ENV} or --key-file", path.display()),
        WalletError::NotAWallet | WalletError::TooNew { .. } => format!(" ({}); nothing was changed", path.display()),
        _ => String::new(),
    };
    usage_error(&format!("{e}{hint}"))
}

/// Opens the wallet `location` names (creating it only when `creates`), or the exit code of
/// the error (already reported).
pub fn open_wallet(location: &WalletLocation, creates: bool, verifier: Verifier) -> Result<(Wallet, PathBuf), ExitCode> {
    let (path, default) = match &location.wallet {
        Some(p) => (p.clone(), false),
        None => match default_wallet() {
            Ok(p) => (p, true),
            Err(m) => return Err(usage_error(&m)),
        },
    };
    let key = read_key(location.key_file.as_deref()).map_err(|m| usage_error(&m))?;
    // Only `import` creates a wallet: a mistyped --wallet must not leave an empty one behind.
    if !creates && !path.exists() {
        return Err(usage_error(&format!("there is no wallet at {} (the first `akashi wallet import` creates it)", path.display())));
    }
    if creates && default {
        if let Some(dir) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return Err(usage_error(&format!("{}: {e}", dir.display())));
            }
        }
    }
    let wallet = Wallet::open(&path, &key, verifier).map_err(|e| wallet_error(&path, &e))?;
    drop(key);
    Ok((wallet, path))
}

pub fn run(args: WalletArgs) -> ExitCode {
    let creates = matches!(args.command, WalletCommand::Import(_) | WalletCommand::Restore { .. });
    let verifier = match &args.command {
        WalletCommand::Import(a) => build_verifier(&a.opts),
        WalletCommand::Reverify(a) => build_verifier(&a.opts),
        // Nothing is verified: never touch the network.
        _ => Verifier::new(VerifyOptions { offline: true, ..Default::default() }).map_err(|e| usage_error(&e.to_string())),
    };
    let verifier = match verifier {
        Ok(v) => v,
        Err(code) => return code,
    };
    let (wallet, path) = match open_wallet(&args.location, creates, verifier) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let res = match args.command {
        WalletCommand::Import(a) => return import(&wallet, &path, &a, &mut out),
        WalletCommand::List(a) => list(&wallet, &a, &mut out),
        WalletCommand::Show { id, json } => show(&wallet, id, json, &mut out),
        WalletCommand::Search { text, page, json } => {
            let text = text.join(" ");
            let found = match page.limit {
                Some(limit) => wallet.search_page(&text, page.offset, limit),
                None if page.offset > 0 => wallet.search_page(&text, page.offset, u64::MAX),
                None => wallet.search(&text),
            };
            found.map(|b| write_badges(&mut out, &b, json))
        }
        WalletCommand::Tag { id, tag } => {
            wallet.tag(id, &tag).map(|()| writeln!(out, "{}", t("wallet-tagged", &[("id", &id.to_string()), ("tag", tag.trim())])))
        }
        WalletCommand::Untag { id, tag } => {
            wallet.untag(id, &tag).map(|()| writeln!(out, "{}", t("wallet-untagged", &[("id", &id.to_string()), ("tag", tag.trim())])))
        }
        WalletCommand::Delete { id } => wallet.delete(id).map(|()| writeln!(out, "{}", t("wallet-deleted", &[("id", &id.to_string())]))),
        WalletCommand::Reverify(a) => reverify(&wallet, a.json, &mut out),
        WalletCommand::Backup { out: file, passphrase_file } => {
            let passphrase = match read_passphrase(passphrase_file.as_deref()) {
                Ok(p) => p,
                Err(m) => return usage_error(&m),
            };
            if file.exists() {
                return usage_error(&format!("{} exists; choose a new file for the backup", file.display()));
            }
            wallet.backup(&passphrase, akashi_core::backup::KdfParams::default()).map(|bytes| {
                std::fs::write(&file, &bytes)?;
                let (file, len) = (file.display().to_string(), bytes.len().to_string());
                writeln!(out, "{}", t("wallet-backup-written", &[("file", &file), ("bytes", &len)]))
            })
        }
        WalletCommand::Restore { file, passphrase_file } => {
            let passphrase = match read_passphrase(passphrase_file.as_deref()) {
                Ok(p) => p,
                Err(m) => return usage_error(&m),
            };
            let bytes = match std::fs::read(&file) {
                Ok(b) => b,
                Err(e) => return usage_error(&format!("{}: {e}", file.display())),
            };
            wallet.restore(&bytes, &passphrase).map(|o| {
                let n = [
                    ("in_backup", o.badges_in_backup),
                    ("added", o.badges_added),
                    ("merged", o.badges_merged),
                    ("unchanged", o.badges_unchanged),
                    ("history", o.history_added),
                    ("tags", o.tags_added),
                    ("log", o.log_added),
                    ("holder_keys", o.holder_keys_added),
                ]
                .map(|(k, v)| (k, v.to_string()));
                let args: Vec<(&str, &str)> = n.iter().map(|(k, v)| (*k, v.as_str())).collect();
                writeln!(out, "{}", t("wallet-restored", &args))
            })
        }
        WalletCommand::Holder => wallet.holder_did().map(|did| writeln!(out, "{did}")),
        WalletCommand::Log { json } => wallet.log().map(|log| {
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&log).unwrap_or_else(|_| "[]".into()))
            } else {
                log.iter().try_for_each(|e| {
                    let badge = e.badge_id.map(|i| format!("#{i}")).unwrap_or_default();
                    let label = e.label.as_deref().map(|l| format!(" \"{l}\"")).unwrap_or_default();
                    let detail = e.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
                    let to = e.to_whom.as_deref().map(|w| format!(" {}", t("wallet-to-whom", &[("who", w)]))).unwrap_or_default();
                    let action = t(&format!("log-{}", e.action.as_str()), &[]);
                    writeln!(out, "{}  {} {badge}{label}{to}{detail}", e.at, crate::render::pad_to(&action, 9))
                })
            }
        }),
    };
    match res {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(_)) => ExitCode::from(2),
        Err(e) => wallet_error(&path, &e),
    }
}

/// Reads one import input: the bytes and how they came.
fn read_input(input: &str) -> Result<(Vec<u8>, ImportSource), String> {
    let too_large = || format!("larger than {MAX_INPUT_BYTES} bytes");
    if input == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().lock().take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read stdin: {e}"))?;
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(too_large());
        }
        return Ok((bytes, ImportSource::Bytes));
    }
    if input.starts_with("https://") || input.starts_with("http://") {
        // Stored as the URL: the verifier fetches it now and on every re-verification.
        return Ok((input.as_bytes().to_vec(), ImportSource::Url));
    }
    let len = std::fs::metadata(input).map_err(|e| format!("cannot read the file: {e}"))?.len();
    if len > MAX_INPUT_BYTES as u64 {
        return Err(too_large());
    }
    std::fs::read(input).map(|b| (b, ImportSource::File)).map_err(|e| format!("cannot read the file: {e}"))
}

/// The state the imported bytes have in the wallet (current version, or the history entry).
fn state_of(detail: &BadgeDetail, bytes: &[u8]) -> Summary {
    if detail.original == bytes {
        return detail.badge.state;
    }
    detail.history.iter().find(|h| h.original == bytes).map_or(detail.badge.state, |h| h.state)
}

fn outcome_text(o: ImportOutcome) -> String {
    t(
        match o {
            ImportOutcome::Added { .. } => "wallet-import-added",
            ImportOutcome::Duplicate { .. } => "wallet-import-duplicate",
            ImportOutcome::Replaced { .. } => "wallet-import-replaced",
            ImportOutcome::KeptAsHistory { .. } => "wallet-import-kept_as_history",
        },
        &[],
    )
}

/// How many inputs `import` reads and hands to [`Wallet::import_many`] at a time: a folder of
/// thousands of badges is verified on every core and written in few transactions, while at
/// most this many inputs (each up to 8 MiB) are held in memory.
const IMPORT_CHUNK: usize = 500;

fn import(wallet: &Wallet, path: &Path, args: &ImportArgs, out: &mut impl Write) -> ExitCode {
    let (mut failed, mut not_verified) = (false, false);
    for chunk in args.inputs.chunks(IMPORT_CHUNK) {
        // Read the chunk; the inputs that could be read are imported in one batch, in order.
        let read: Vec<Result<(Vec<u8>, ImportSource), String>> = chunk.iter().map(|i| read_input(i)).collect();
        let batch: Vec<(Vec<u8>, ImportSource)> = read.iter().filter_map(|r| r.as_ref().ok().cloned()).collect();
        let mut imported = wallet.import_many(&batch).into_iter().zip(batch.iter().map(|(b, _)| b));
        for (input, r) in chunk.iter().zip(read) {
            let res = r.and_then(|_| {
                let (outcome, bytes) = imported.next().ok_or_else(|| "internal: missing import result".to_string())?;
                let outcome = outcome.map_err(|e| e.to_string())?;
                let detail = wallet.get(outcome.id()).map_err(|e| e.to_string())?;
                Ok((outcome, state_of(&detail, bytes), detail.badge.name))
            });
            if report_import(input, &res, args.json, out).is_err() {
                return ExitCode::from(2);
            }
            match res {
                Ok((_, state, _)) => not_verified |= !state.is_verified(),
                Err(_) => failed = true,
            }
        }
    }
    if failed {
        eprintln!("akashi: {}", t("wallet-some-not-imported", &[("wallet", &path.display().to_string())]));
        ExitCode::from(2)
    } else if not_verified {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints the outcome of one import input (a line, or a JSON object with `--json`).
fn report_import(
    input: &str,
    res: &Result<(ImportOutcome, Summary, Option<String>), String>,
    json: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match res {
        Ok((outcome, state, name)) => {
            if json {
                let mut v = serde_json::to_value(outcome).unwrap_or_else(|_| json!({}));
                if let Some(o) = v.as_object_mut() {
                    o.insert("input".into(), json!(input));
                    o.insert("state".into(), json!(state.as_str()));
                    o.insert("name".into(), json!(name));
                }
                writeln!(out, "{v}")
            } else {
                let shown = name.as_deref().map(|n| format!(" \"{n}\"")).unwrap_or_default();
                let kept = if state.is_verified() { String::new() } else { format!(" {}", t("wallet-kept-unverified", &[])) };
                let line = t(
                    "wallet-import-line",
                    &[
                        ("input", input),
                        ("outcome", &outcome_text(*outcome)),
                        ("id", &outcome.id().to_string()),
                        ("name", &shown),
                        ("state", &akashi_core::l10n::summary_label(crate::render::locale(), *state)),
                    ],
                );
                writeln!(out, "{line}{kept}")
            }
        }
        Err(reason) => {
            if json {
                writeln!(out, "{}", json!({"input": input, "outcome": "error", "reason": reason}))
            } else {
                eprintln!("akashi: {}", t("wallet-not-imported", &[("input", input), ("reason", reason)]));
                Ok(())
            }
        }
    }
}

fn list(wallet: &Wallet, args: &ListArgs, out: &mut impl Write) -> Result<std::io::Result<()>, WalletError> {
    let state = match args.state.as_deref().map(parse_state) {
        None => None,
        Some(Some(s)) => Some(s),
        Some(None) => {
            let _ = usage_error(
                "--state: expected verified, verified_with_warnings, expired, not_yet_valid, revoked, suspended or not_verified",
            );
            return Ok(Err(std::io::Error::other("usage")));
        }
    };
    let sort = match args.sort {
        Sort::Date => SortBy::Date,
        Sort::Issuer => SortBy::Issuer,
        Sort::Name => SortBy::Name,
    };
    let filter = ListFilter { state, issuer_id: args.issuer.clone(), tag: args.tag.clone() };
    let listed = match args.page.limit {
        Some(limit) => wallet.list_page(sort, &filter, args.page.offset, limit),
        None if args.page.offset > 0 => wallet.list_page(sort, &filter, args.page.offset, u64::MAX),
        None => wallet.list(sort, &filter),
    };
    listed.map(|b| write_badges(out, &b, args.json))
}

fn parse_state(s: &str) -> Option<Summary> {
    serde_json::from_value(json!(s.trim().to_lowercase().replace([' ', '-'], "_"))).ok()
}

fn write_badges(out: &mut impl Write, badges: &[Badge], json: bool) -> std::io::Result<()> {
    if json {
        return writeln!(out, "{}", serde_json::to_string_pretty(badges).unwrap_or_else(|_| "[]".into()));
    }
    for b in badges {
        let date = b.valid_from.as_deref().map(|d| d.get(..10).unwrap_or(d)).unwrap_or("-");
        let issuer = b.issuer_name.as_ref().or(b.issuer_id.as_ref()).map(|i| format!(" — {i}")).unwrap_or_default();
        let tags = if b.tags.is_empty() { String::new() } else { format!(" [{}]", b.tags.join(", ")) };
        let state = crate::render::pad_to(&akashi_core::l10n::summary_label(crate::render::locale(), b.state), 22);
        let name = b.name.clone().unwrap_or_else(|| t("wallet-no-name", &[]));
        writeln!(out, "{:>5}  {state} {date:<10}  {name}{issuer}{tags}", b.id)?;
    }
    Ok(())
}

fn show(wallet: &Wallet, id: i64, as_json: bool, out: &mut impl Write) -> Result<std::io::Result<()>, WalletError> {
    let d = wallet.get(id)?;
    let history: Vec<_> = d
        .history
        .iter()
        .map(|h| {
            json!({"id": h.id, "state": h.state, "envelope": h.envelope, "securing": h.securing, "valid_from": h.valid_from,
                "verified_at": h.verified_at, "imported_at": h.imported_at, "source": h.source, "archived_at": h.archived_at, "reason": h.reason})
        })
        .collect();
    if as_json {
        let mut report = serde_json::to_value(&d.report).unwrap_or(serde_json::Value::Null);
        let (descriptors, profiles) = match &d.report {
            Some(r) => {
                crate::render::extend_json(&mut report, r);
                crate::render::descriptors_json(r)
            }
            None => (json!({}), json!([])),
        };
        return Ok(writeln!(
            out,
            "{}",
            json!({"badge": d.badge, "report": report, "history": history, "descriptors": descriptors, "profiles": profiles})
        ));
    }
    Ok(show_human(out, &d))
}

fn show_human(out: &mut impl Write, d: &BadgeDetail) -> std::io::Result<()> {
    let l = crate::render::locale();
    let label = |id: &str| crate::render::pad_to(&akashi_core::l10n::ui(l, &format!("wallet-{id}"), &[]), 12);
    let b = &d.badge;
    let no_name = akashi_core::l10n::ui(l, "wallet-no-name", &[]);
    writeln!(out, "{} {}: {}", akashi_core::l10n::ui(l, "wallet-badge", &[]), b.id, b.name.as_deref().unwrap_or(&no_name))?;
    let verdict = akashi_core::l10n::summary_label(l, b.state);
    writeln!(out, "  {} {verdict} ({})", label("state"), akashi_core::l10n::ui(l, "wallet-verified-at", &[("time", &b.verified_at)]))?;
    let field = |out: &mut dyn Write, id: &str, v: Option<&str>| match v {
        Some(v) => writeln!(out, "  {} {v}", label(id)),
        None => Ok(()),
    };
    field(out, "description", b.description.as_deref())?;
    let issuer = match (&b.issuer_name, &b.issuer_id) {
        (Some(n), Some(i)) => Some(format!("{n} ({i})")),
        (n, i) => n.clone().or(i.clone()),
    };
    field(out, "issuer", issuer.as_deref())?;
    field(out, "id", b.credential_id.as_deref())?;
    field(out, "valid-from", b.valid_from.as_deref())?;
    field(out, "valid-until", b.valid_until.as_deref())?;
    field(out, "image", b.image_url.as_deref())?;
    writeln!(out, "  {} {} / {}", label("format"), b.envelope.as_str(), b.securing.as_str())?;
    writeln!(out, "  {} {} ({})", label("imported"), b.imported_at, b.source.as_str())?;
    if !b.tags.is_empty() {
        writeln!(out, "  {} {}", label("tags"), b.tags.join(", "))?;
    }
    for h in &d.history {
        let why = t(
            match h.reason {
                akashi_core::wallet::HistoryReason::Replaced => "wallet-history-replaced",
                akashi_core::wallet::HistoryReason::Older => "wallet-history-older",
            },
            &[],
        );
        let line = t(
            "wallet-history-line",
            &[
                ("id", &h.id.to_string()),
                ("why", &why),
                ("valid_from", h.valid_from.as_deref().unwrap_or("-")),
                ("state", &akashi_core::l10n::summary_label(l, h.state)),
            ],
        );
        writeln!(out, "  {} {line}", label("history"))?;
    }
    match &d.report {
        Some(r) => {
            writeln!(out, "  {}:", akashi_core::l10n::ui(l, "wallet-last-verification", &[]))?;
            write_checks(out, r, 2, true)?;
            crate::render::write_descriptors(out, r, "  ")
        }
        None => writeln!(out, "  {}", akashi_core::l10n::ui(l, "wallet-no-report", &[])),
    }
}

fn reverify(wallet: &Wallet, as_json: bool, out: &mut impl Write) -> Result<std::io::Result<()>, WalletError> {
    let progress = |done: u64, total: u64| {
        eprint!("\r{}", t("wallet-reverifying", &[("done", &done.to_string()), ("total", &total.to_string())]));
        if done == total {
            eprintln!();
        }
        true
    };
    let o = wallet.reverify_all(&progress)?;
    let badges = wallet.list(SortBy::Date, &ListFilter::default())?;
    // Badges per state, counted once for both outputs (ordered by the state's stable name).
    let mut counts: std::collections::BTreeMap<&'static str, (Summary, u64)> = std::collections::BTreeMap::new();
    for b in &badges {
        counts.entry(b.state.as_str()).or_insert((b.state, 0)).1 += 1;
    }
    if as_json {
        let states: serde_json::Map<String, serde_json::Value> = counts.iter().map(|(k, (_, n))| ((*k).to_owned(), json!(n))).collect();
        return Ok(writeln!(
            out,
            "{}",
            json!({"total": o.total, "done": o.done, "failed": o.failed, "cancelled": o.cancelled, "states": states})
        ));
    }
    let l = crate::render::locale();
    let by_state: Vec<String> = counts.values().map(|(s, n)| format!("{n} {}", akashi_core::l10n::summary_label(l, *s))).collect();
    let states = if by_state.is_empty() { t("wallet-empty", &[]) } else { by_state.join(", ") };
    let (done, total, failed) = (o.done.to_string(), o.total.to_string(), o.failed.to_string());
    Ok(writeln!(out, "{}", t("wallet-reverified", &[("done", &done), ("total", &total), ("failed", &failed), ("states", &states)])))
}

//! Wallet backup and restore: a full round trip into a fresh wallet (exact bytes, tags,
//! history, log), merging into a non-empty wallet without duplicates, idempotent restore, and
//! typed errors that leave the store unchanged.

use crate::common::signing::{key, obj, sign, Key};
use crate::common::wallet::{verifier, Dir, FixedKey};
use akashi_core::backup::{self, BackupError, KdfParams};
use akashi_core::wallet::{ImportOutcome, ImportSource, LogAction, SortBy, Wallet, WalletError, PAYLOAD_VERSION};
use serde_json::json;

const KEY_A: FixedKey = FixedKey([0x5a; 32]);
const KEY_B: FixedKey = FixedKey([0x3c; 32]);
const PASS: &str = "correct horse battery staple";

fn example(name: &str) -> Vec<u8> {
    std::fs::read(crate::common::repo_root().join("examples/credentials").join(name)).unwrap()
}

fn badge(issuer: &Key, id: &str, name: &str, valid_from: &str) -> Vec<u8> {
    let doc = obj(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": "Akashi Test University"},
        "validFrom": valid_from,
        "name": name,
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": "https://university.example/achievements/x", "type": ["Achievement"],
            "name": name, "description": "A test badge.", "criteria": {"narrative": "Passed."}}},
    }));
    serde_json::to_vec(&sign(doc, issuer)).unwrap()
}

const STATS: &str = "urn:uuid:0d9e5a3c-0000-4000-8000-000000000001";
const HIST: &str = "urn:uuid:0d9e5a3c-0000-4000-8000-000000000002";

/// Everything a wallet holds about its badges, independent of ids: per badge (sorted by
/// current bytes) its current bytes, stored report JSON, state, times, tags and every history
/// version's bytes and metadata.
type Fingerprint = Vec<(Vec<u8>, Option<String>, String, String, Vec<String>, Vec<(Vec<u8>, String, String, String)>)>;

fn fingerprint(w: &Wallet) -> Fingerprint {
    let mut v: Fingerprint = w
        .list(SortBy::Date, &Default::default())
        .unwrap()
        .into_iter()
        .map(|b| {
            let d = w.get(b.id).unwrap();
            let report = d.report.as_ref().map(|r| serde_json::to_string(r).unwrap());
            let mut hist: Vec<_> = d
                .history
                .iter()
                .map(|h| (h.original.clone(), h.verified_at.clone(), h.imported_at.clone(), format!("{:?}/{:?}", h.reason, h.state)))
                .collect();
            hist.sort();
            (
                d.original,
                report,
                format!("{:?}|{}|{}", d.badge.state, d.badge.verified_at, d.badge.imported_at),
                format!("{:?}", d.badge.source),
                d.badge.tags,
                hist,
            )
        })
        .collect();
    v.sort();
    v
}

/// The log without ids and badge ids (those are per-wallet).
fn log_entries(w: &Wallet) -> Vec<(String, LogAction, Option<String>, Option<String>)> {
    w.log().unwrap().into_iter().map(|e| (e.at, e.action, e.label, e.detail)).collect()
}

/// A wallet with JSON, VC-JWT (same credential: history), baked PNG, an unidentified OB 2.0
/// assertion, a badge replaced by a newer version (history), tags and a deleted badge.
fn fill(w: &Wallet) {
    let k = key(41);
    let json_id = w.import_bytes(&example("micro-credential.json"), ImportSource::File).unwrap().id();
    assert_eq!(w.import_bytes(&example("micro-credential.jwt"), ImportSource::Text).unwrap(), ImportOutcome::KeptAsHistory { id: json_id });
    let png = w.import_bytes(&crate::common::fixture("ob3/1edtech-validator/simple-json.png"), ImportSource::File).unwrap().id();
    let anon = w.import_bytes(&crate::common::fixture("ob2/1edtech-validator/basic-assertion.json"), ImportSource::File).unwrap().id();
    let s = w.import_bytes(&badge(&k, STATS, "Statistics I", "2025-04-01T00:00:00Z"), ImportSource::File).unwrap().id();
    assert_eq!(
        w.import_bytes(&badge(&k, STATS, "Statistics I (2026)", "2026-01-01T00:00:00Z"), ImportSource::Url).unwrap(),
        ImportOutcome::Replaced { id: s }
    );
    let gone = w
        .import_bytes(&badge(&k, "urn:uuid:0d9e5a3c-0000-4000-8000-0000000000ff", "Gone", "2025-01-01T00:00:00Z"), ImportSource::File)
        .unwrap()
        .id();
    w.delete(gone).unwrap();
    w.tag(json_id, "data").unwrap();
    w.tag(json_id, "favourite").unwrap();
    w.tag(s, "maths").unwrap();
    w.tag(png, "データ").unwrap();
    w.tag(anon, "ob2").unwrap();
}

#[test]
fn round_trip_into_a_fresh_wallet_keeps_everything() {
    let (da, db) = (Dir::new("wbackup", "rt-a"), Dir::new("wbackup", "rt-b"));
    let a = Wallet::open(&da.db(), &KEY_A, verifier()).unwrap();
    fill(&a);
    let log_before = log_entries(&a);
    let _first = a.backup(PASS, KdfParams::for_tests()).unwrap();
    // Backing up is logged after the snapshot: the second file holds the first one's entry.
    let file = a.backup(PASS, KdfParams::for_tests()).unwrap();
    let la = a.log().unwrap();
    assert_eq!(la.last().unwrap().action, LogAction::Backup);
    assert_eq!(la.last().unwrap().detail.as_deref(), Some("4 badges"));
    // Nothing readable in the file.
    for needle in ["Statistics", "Akashi", "maths", "urn:uuid"] {
        assert!(!file.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} readable in the backup");
    }

    let b = Wallet::open(&db.db(), &KEY_B, verifier()).unwrap();
    let out = b.restore(&file, PASS).unwrap();
    assert_eq!((out.badges_in_backup, out.badges_added, out.badges_merged, out.badges_unchanged), (4, 4, 0, 0));
    assert_eq!(out.history_added, 2, "the JWT version and the replaced 2025 version");
    assert_eq!(out.tags_added, 5);
    // The log of A up to the first backup, plus the first backup entry.
    assert_eq!(out.log_added, log_before.len() as u64 + 1);
    drop(b);
    // Reopened from disk: everything is there, byte for byte.
    let b = Wallet::open(&db.db(), &KEY_B, verifier()).unwrap();
    assert_eq!(b.count().unwrap(), 4);
    assert_eq!(fingerprint(&b), fingerprint(&a));
    // Every badge byte-identical, matched by credential.
    for x in a.list(SortBy::Name, &Default::default()).unwrap() {
        let y = b
            .list(SortBy::Name, &Default::default())
            .unwrap()
            .into_iter()
            .find(|y| y.credential_id == x.credential_id && y.issuer_id == x.issuer_id && (x.credential_id.is_some() || y.name == x.name))
            .unwrap();
        let (gx, gy) = (a.get(x.id).unwrap(), b.get(y.id).unwrap());
        assert!(gx.original == gy.original, "{:?}", x.name);
        assert_eq!(gx.history.len(), gy.history.len());
        assert_eq!(gx.badge.tags, gy.badge.tags);
    }
    assert_eq!(b.tags().unwrap(), a.tags().unwrap());
    // The log: A's entries (including the deleted badge's), then one "restore" per badge.
    let lb = log_entries(&b);
    assert_eq!(lb[..log_before.len()], log_before[..]);
    assert_eq!(lb[log_before.len()].1, LogAction::Backup);
    assert_eq!(lb.iter().filter(|e| e.1 == LogAction::Restore).count(), 4);
    assert!(lb.iter().any(|e| e.1 == LogAction::Delete && e.2.as_deref() == Some("Gone")));
    // Restored log entries point at the restored badges; the deleted badge's entries at none.
    let b_log = b.log().unwrap();
    let ids: Vec<i64> = b.list(SortBy::Date, &Default::default()).unwrap().iter().map(|x| x.id).collect();
    for e in &b_log {
        if let Some(id) = e.badge_id {
            assert!(ids.contains(&id), "{e:?}");
        }
    }
    assert!(b_log.iter().filter(|e| e.label.as_deref() == Some("Gone")).all(|e| e.badge_id.is_none()));
    // Search works on restored badges (full-text index rebuilt).
    assert_eq!(b.search("Statistics").unwrap().len(), 1);
    assert_eq!(
        b.list(SortBy::Date, &akashi_core::wallet::ListFilter { tag: Some("maths".into()), ..Default::default() }).unwrap().len(),
        1
    );
    assert!(b.integrity_check().unwrap());
}

#[test]
fn restore_merges_into_a_non_empty_wallet_without_duplicates_and_twice_is_a_no_op() {
    let (da, dc) = (Dir::new("wbackup", "merge-a"), Dir::new("wbackup", "merge-c"));
    let a = Wallet::open(&da.db(), &KEY_A, verifier()).unwrap();
    fill(&a);
    let file = a.backup(PASS, KdfParams::for_tests()).unwrap();

    let k = key(41);
    let c = Wallet::open(&dc.db(), &KEY_B, verifier()).unwrap();
    // Overlap: the same JSON bytes, the same unidentified assertion, an older Statistics
    // version A never had, plus a badge of its own and a tag A does not have.
    let j = c.import_bytes(&example("micro-credential.json"), ImportSource::Text).unwrap().id();
    c.tag(j, "from-c").unwrap();
    c.tag(j, "data").unwrap();
    c.import_bytes(&crate::common::fixture("ob2/1edtech-validator/basic-assertion.json"), ImportSource::File).unwrap();
    let v2024 = badge(&k, STATS, "Statistics I (2024)", "2024-01-01T00:00:00Z");
    let s = c.import_bytes(&v2024, ImportSource::File).unwrap().id();
    c.import_bytes(&badge(&k, HIST, "History I", "2025-02-01T00:00:00Z"), ImportSource::File).unwrap();
    let c_log = c.log().unwrap().len();

    let out = c.restore(&file, PASS).unwrap();
    assert_eq!((out.badges_in_backup, out.badges_added, out.badges_merged, out.badges_unchanged), (4, 1, 3, 0), "{out:?}");
    // +1 JWT version, +2 Statistics versions (2026 became current: 2024 moved to history as
    // replaced, 2025 from A's history).
    assert_eq!(out.history_added, 3, "{out:?}");
    assert_eq!(out.tags_added, 4, "favourite, maths, データ, ob2 ('data' was there)");
    assert_eq!(c.count().unwrap(), 5);
    // No duplicates: one badge per credential, one unidentified assertion.
    let list = c.list(SortBy::Name, &Default::default()).unwrap();
    let mut keys: Vec<_> = list.iter().map(|b| (b.issuer_id.clone(), b.credential_id.clone(), b.name.clone())).collect();
    keys.dedup();
    assert_eq!(keys.len(), 5);
    let d = c.get(s).unwrap();
    assert_eq!(d.badge.name.as_deref(), Some("Statistics I (2026)"));
    assert_eq!(d.badge.tags, vec!["maths"]);
    let mut hist: Vec<_> = d.history.iter().map(|h| h.valid_from.clone().unwrap()).collect();
    hist.sort();
    assert_eq!(hist, vec!["2024-01-01T00:00:00Z", "2025-04-01T00:00:00Z"]);
    assert_eq!(c.get(j).unwrap().badge.tags, vec!["data", "favourite", "from-c"]);
    assert_eq!(c.get(j).unwrap().history.len(), 1);
    let log_len = c.log().unwrap().len();
    assert_eq!(log_len as u64, c_log as u64 + out.log_added + 4, "four restore entries (1 added, 3 merged)");
    assert!(c.integrity_check().unwrap());

    // The same backup again: nothing changes.
    let (fp, log) = (fingerprint(&c), c.log().unwrap());
    let again = c.restore(&file, PASS).unwrap();
    assert_eq!(
        (again.badges_added, again.badges_merged, again.badges_unchanged, again.history_added, again.tags_added, again.log_added),
        (0, 0, 4, 0, 0, 0)
    );
    assert_eq!(fingerprint(&c), fp);
    assert_eq!(c.log().unwrap(), log);
    assert_eq!(c.count().unwrap(), 5);

    // And A restoring its own backup changes nothing either.
    let (fp, log) = (fingerprint(&a), a.log().unwrap());
    let own = a.restore(&file, PASS).unwrap();
    assert_eq!((own.badges_added, own.badges_merged, own.history_added, own.log_added), (0, 0, 0, 0));
    assert_eq!((fingerprint(&a), a.log().unwrap()), (fp, log));
}

/// Re-encodes an opened backup's payload after `edit` and seals it again (test only: what a
/// newer or faulty writer would produce).
fn resealed(file: &[u8], edit: impl FnOnce(&mut Vec<(ciborium::Value, ciborium::Value)>)) -> Vec<u8> {
    let plain = backup::open(PASS, file).unwrap();
    let mut v: ciborium::Value = ciborium::from_reader(&plain[..]).unwrap();
    edit(match &mut v {
        ciborium::Value::Map(m) => m,
        _ => panic!("payload is a map"),
    });
    let mut out = Vec::new();
    ciborium::into_writer(&v, &mut out).unwrap();
    backup::seal(PASS, &out, KdfParams::for_tests()).unwrap()
}

fn set(m: &mut [(ciborium::Value, ciborium::Value)], k: &str, val: ciborium::Value) {
    for (key, v) in m.iter_mut() {
        if key.as_text() == Some(k) {
            *v = val;
            return;
        }
    }
    panic!("no {k}");
}

#[test]
fn bad_files_are_typed_errors_and_the_store_is_unchanged() {
    let (da, dc) = (Dir::new("wbackup", "bad-a"), Dir::new("wbackup", "bad-c"));
    let file = {
        let a = Wallet::open(&da.db(), &KEY_A, verifier()).unwrap();
        fill(&a);
        a.backup(PASS, KdfParams::for_tests()).unwrap()
    };
    {
        let c = Wallet::open(&dc.db(), &KEY_B, verifier()).unwrap();
        c.import_bytes(&badge(&key(41), HIST, "History I", "2025-02-01T00:00:00Z"), ImportSource::File).unwrap();
    }
    let files_before = dc.snapshot();
    let c = Wallet::open(&dc.db(), &KEY_B, verifier()).unwrap();
    let state = |c: &Wallet| (c.count().unwrap(), c.list(SortBy::Date, &Default::default()).unwrap(), c.log().unwrap(), fingerprint(c));
    let before = state(&c);

    let mut flipped = file.clone();
    let mid = backup::HEADER_LEN + (file.len() - backup::HEADER_LEN) / 2;
    flipped[mid] ^= 0x01;
    let mut header_flipped = file.clone();
    header_flipped[30] ^= 0x80; // a salt byte: authenticated as associated data
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    // Holder keys that do not hold together (a public key that is not the secret's), or of a
    // kind this build does not know: refused before anything is written.
    let holder_key = |kind: &str| {
        ciborium::Value::Array(vec![ciborium::Value::Map(vec![
            (ciborium::Value::Text("kind".into()), ciborium::Value::Text(kind.into())),
            (ciborium::Value::Text("key_id".into()), ciborium::Value::Text("did:key:z6Mk#z6Mk".into())),
            (ciborium::Value::Text("secret".into()), ciborium::Value::Bytes(vec![1; 32])),
            (ciborium::Value::Text("public".into()), ciborium::Value::Bytes(vec![2; 32])),
            (ciborium::Value::Text("created_at".into()), ciborium::Value::Text("2026-01-01T00:00:00Z".into())),
            (ciborium::Value::Text("label".into()), ciborium::Value::Null),
        ])])
    };
    let holder = resealed(&file, |m| set(m, "holder_keys", holder_key("Ed25519")));
    let holder_kind = resealed(&file, |m| set(m, "holder_keys", holder_key("P-256")));
    let cases: Vec<(&str, Vec<u8>, &str, WalletError)> = vec![
        ("wrong passphrase", file.clone(), "Tr0ub4dor&3", WalletError::Backup(BackupError::WrongPassphraseOrTampered)),
        ("truncated", file[..file.len() - 100].to_vec(), PASS, WalletError::Backup(BackupError::Truncated)),
        ("header only", file[..backup::HEADER_LEN].to_vec(), PASS, WalletError::Backup(BackupError::Truncated)),
        ("one flipped ciphertext byte", flipped, PASS, WalletError::Backup(BackupError::WrongPassphraseOrTampered)),
        ("one flipped header byte", header_flipped, PASS, WalletError::Backup(BackupError::WrongPassphraseOrTampered)),
        ("garbage", garbage, PASS, WalletError::Backup(BackupError::NotABackup)),
        ("empty", Vec::new(), PASS, WalletError::Backup(BackupError::Truncated)),
        ("the wallet file itself", std::fs::read(da.db()).unwrap(), PASS, WalletError::Backup(BackupError::NotABackup)),
        (
            "newer payload version",
            resealed(&file, |m| set(m, "version", ciborium::Value::Integer((PAYLOAD_VERSION + 1).into()))),
            PASS,
            WalletError::BackupTooNew { found: PAYLOAD_VERSION + 1, supported: PAYLOAD_VERSION },
        ),
        (
            "another format",
            resealed(&file, |m| set(m, "format", ciborium::Value::Text("something-else".into()))),
            PASS,
            WalletError::BackupCorrupt,
        ),
        ("badges not a list", resealed(&file, |m| set(m, "badges", ciborium::Value::Integer(3.into()))), PASS, WalletError::BackupCorrupt),
        ("sealed non-CBOR", backup::seal(PASS, b"{\"not\": \"cbor\"}", KdfParams::for_tests()).unwrap(), PASS, WalletError::BackupCorrupt),
        ("inconsistent holder key", holder, PASS, WalletError::BackupCorrupt),
        ("unknown holder key kind", holder_kind, PASS, WalletError::BackupUnsupported { what: "a holder key of an unknown kind".into() }),
    ];
    for (what, bytes, pass, want) in cases {
        let err = c.restore(&bytes, pass).unwrap_err();
        assert_eq!(err, want, "{what}");
        let msg = err.to_string();
        assert!(!msg.contains("Statistics") && !msg.contains(PASS), "{what}: {msg}");
        assert!(state(&c) == before, "{what}: the store changed");
    }
    assert!(c.integrity_check().unwrap());
    drop(c);
    assert!(dc.snapshot() == files_before, "the wallet files changed");
    // And the good file still restores.
    let c = Wallet::open(&dc.db(), &KEY_B, verifier()).unwrap();
    assert_eq!(c.restore(&file, PASS).unwrap().badges_added, 4);
    assert_eq!(c.count().unwrap(), 5);
}

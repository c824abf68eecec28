//! The encrypted wallet store: keys, recognition of foreign files, schema versions, imports
//! (exact bytes, dedupe, newer versions and history), list / search / tags / delete,
//! re-verification with progress and cancel, the activity log, and that nothing personal is
//! readable in the database files.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::common::signing::{key, obj, sign, Key};
use crate::common::wallet::{verifier, Dir, FixedKey};
use akashi_core::wallet::{
    HistoryReason, ImportOutcome, ImportSource, KeyStore, KeyStoreError, ListFilter, LogAction, SortBy, Wallet, WalletError,
};
use akashi_core::{Envelope, Securing, Summary};
use serde_json::{json, Value};

const KEY: FixedKey = FixedKey([0x5a; 32]);

fn open(dir: &Dir) -> Wallet {
    Wallet::open(&dir.db(), &KEY, verifier()).unwrap()
}

fn example(name: &str) -> Vec<u8> {
    std::fs::read(crate::common::repo_root().join("examples/credentials").join(name)).unwrap()
}

/// A signed OB 3.0 credential.
fn badge(issuer: &Key, issuer_name: &str, id: &str, name: &str, valid_from: &str) -> Vec<u8> {
    badge_with(issuer, issuer_name, id, name, valid_from, json!({}))
}

fn badge_with(issuer: &Key, issuer_name: &str, id: &str, name: &str, valid_from: &str, subject_extra: Value) -> Vec<u8> {
    let mut subject = obj(json!({"type": ["AchievementSubject"], "achievement": {
        "id": "https://university.example/achievements/statistics-1", "type": ["Achievement"],
        "name": name, "description": format!("Description of {name}."), "criteria": {"narrative": "Passed the final exam."},
        "image": {"id": "https://university.example/images/badge.png", "type": "Image"}}}));
    subject.extend(obj(subject_extra));
    let doc = obj(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": issuer_name},
        "validFrom": valid_from,
        "name": name,
        "credentialSubject": subject,
    }));
    serde_json::to_vec(&sign(doc, issuer)).unwrap()
}

fn names(badges: &[akashi_core::wallet::Badge]) -> Vec<String> {
    badges.iter().map(|b| b.name.clone().unwrap_or_default()).collect()
}

#[test]
fn open_and_reopen_with_the_right_key() {
    let dir = Dir::new("wallet", "reopen");
    let id = {
        let w = open(&dir);
        assert_eq!(w.count().unwrap(), 0);
        w.import_bytes(&example("micro-credential.json"), ImportSource::File).unwrap().id()
    };
    let w = open(&dir);
    assert_eq!(w.count().unwrap(), 1);
    assert_eq!(w.get(id).unwrap().original, example("micro-credential.json"));
}

#[test]
fn wrong_key_is_refused_and_the_files_are_unchanged() {
    let dir = Dir::new("wallet", "wrongkey");
    {
        let w = open(&dir);
        w.import_bytes(&example("micro-credential.json"), ImportSource::File).unwrap();
    }
    let before = dir.snapshot();
    let err = Wallet::open(&dir.db(), &FixedKey([0x11; 32]), verifier()).unwrap_err();
    assert_eq!(err, WalletError::WrongKey);
    assert_eq!(dir.snapshot(), before, "a wrong key must not change or add any file");
    // A key of the wrong length never reaches the database.
    struct Short;
    impl KeyStore for Short {
        fn wallet_key(&self) -> Result<Vec<u8>, KeyStoreError> {
            Ok(vec![1; 16])
        }
    }
    assert_eq!(Wallet::open(&dir.db(), &Short, verifier()).unwrap_err(), WalletError::BadKeyLength { len: 16 });
    struct Locked;
    impl KeyStore for Locked {
        fn wallet_key(&self) -> Result<Vec<u8>, KeyStoreError> {
            Err(KeyStoreError::Unavailable)
        }
    }
    assert_eq!(Wallet::open(&dir.db(), &Locked, verifier()).unwrap_err(), WalletError::KeyStore(KeyStoreError::Unavailable));
    assert_eq!(dir.snapshot(), before);
    // And the right key still opens it.
    assert_eq!(open(&dir).count().unwrap(), 1);
}

#[test]
fn files_that_are_not_wallets_are_refused_untouched() {
    let dir = Dir::new("wallet", "foreign");
    let check = |path: &Path, want: Option<WalletError>| {
        let before = std::fs::read(path).unwrap();
        let err = Wallet::open(path, &KEY, verifier()).unwrap_err();
        if let Some(want) = want {
            assert_eq!(err, want, "{}", path.display());
        }
        assert_eq!(std::fs::read(path).unwrap(), before, "{} was modified", path.display());
    };
    // A plain SQLite database (e.g. Akashi's own fetch cache).
    let plain = dir.0.join("plain.db");
    {
        let c = rusqlite::Connection::open(&plain).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES ('private');").unwrap();
    }
    check(&plain, Some(WalletError::NotAWallet));
    // Text and a PNG.
    let text = dir.0.join("notes.txt");
    std::fs::write(&text, "not a database at all\n").unwrap();
    check(&text, Some(WalletError::NotAWallet));
    let png = dir.0.join("badge.png");
    std::fs::write(&png, crate::common::fixture("ob3/1edtech-validator/simple-json.png")).unwrap();
    check(&png, Some(WalletError::NotAWallet));
    // Another SQLCipher database opened by the same key: readable, but not ours.
    let other = dir.0.join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch(&format!("PRAGMA key = \"x'{}'\"; CREATE TABLE notes (x); INSERT INTO notes VALUES ('hello');", "5a".repeat(32)))
            .unwrap();
    }
    check(&other, Some(WalletError::NotAWallet));
    // Encrypted-looking bytes cannot be told from a wallet under another key: refused, untouched.
    let random = dir.0.join("random.bin");
    std::fs::write(&random, (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect::<Vec<u8>>()).unwrap();
    check(&random, None);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = Dir::new("wallet", "newer");
    drop(open(&dir));
    {
        let c = rusqlite::Connection::open(dir.db()).unwrap();
        c.execute_batch(&format!("PRAGMA key = \"x'{}'\"; PRAGMA user_version = 99;", "5a".repeat(32))).unwrap();
    }
    let before = dir.snapshot();
    let err = Wallet::open(&dir.db(), &KEY, verifier()).unwrap_err();
    assert_eq!(err, WalletError::TooNew { found: 99, supported: akashi_core::wallet::SCHEMA_VERSION });
    assert!(err.to_string().contains("newer version of Akashi"), "{err}");
    assert_eq!(dir.snapshot(), before);
}

#[test]
fn json_jwt_and_baked_png_are_stored_byte_identical() {
    let cases = [
        ("json", example("micro-credential.json"), Envelope::Json, Securing::EmbeddedProof),
        ("jwt", example("micro-credential.jwt"), Envelope::CompactJws, Securing::VcJwt),
        ("png", crate::common::fixture("ob3/1edtech-validator/simple-json.png"), Envelope::Png, Securing::EmbeddedProof),
    ];
    for (name, bytes, envelope, securing) in cases {
        let dir = Dir::new("wallet", &format!("format-{name}"));
        let w = open(&dir);
        let id = w.import_bytes(&bytes, ImportSource::Bytes).unwrap().id();
        let d = w.get(id).unwrap();
        assert!(d.original == bytes, "{name}: stored bytes differ");
        assert_eq!(d.badge.envelope, envelope);
        assert_eq!(d.badge.securing, securing);
        let report = d.report.expect("report kept");
        assert_eq!(report.summary, d.badge.state);
        assert_eq!(report.envelope, envelope);
        assert!(d.badge.name.is_some(), "{name}: a display name");
    }
    let dir = Dir::new("wallet", "formats");
    let w = open(&dir);
    let json_id = w.import_bytes(&example("micro-credential.json"), ImportSource::File).unwrap().id();
    let b = w.get(json_id).unwrap().badge;
    assert_eq!(b.name.as_deref(), Some("Data Science Fundamentals (Micro-credential)"));
    assert!(b.issuer_name.as_deref().unwrap_or("").starts_with("Akashi Example University"));
    assert_eq!(b.valid_from.as_deref(), Some("2026-04-01T00:00:00Z"));
    assert!(b.description.is_some());
    assert_eq!(b.source, ImportSource::File);
    assert!(b.state.is_verified(), "{:?}", b.state);
    // The JWT is the same credential (same issuer and id, same validFrom) in another
    // envelope: not a second badge; its exact bytes are kept in the badge's history.
    let jwt = example("micro-credential.jwt");
    assert_eq!(w.import_bytes(&jwt, ImportSource::Text).unwrap(), ImportOutcome::KeptAsHistory { id: json_id });
    assert_eq!(w.count().unwrap(), 1);
    let h = &w.get(json_id).unwrap().history[0];
    assert!(h.original == jwt);
    assert_eq!((h.envelope, h.securing, h.source), (Envelope::CompactJws, Securing::VcJwt, ImportSource::Text));
    assert!(h.report.is_some());
}

#[test]
fn the_same_badge_twice_is_not_duplicated() {
    let dir = Dir::new("wallet", "dupe");
    let w = open(&dir);
    let bytes = example("micro-credential.json");
    let first = w.import_bytes(&bytes, ImportSource::File).unwrap();
    assert!(matches!(first, ImportOutcome::Added { .. }));
    assert_eq!(w.import_bytes(&bytes, ImportSource::Text).unwrap(), ImportOutcome::Duplicate { id: first.id() });
    assert_eq!(w.count().unwrap(), 1);
    assert!(w.get(first.id()).unwrap().history.is_empty());
    // Unidentified input (no credential id): the same bytes are still one badge.
    let anon = crate::common::fixture("ob2/1edtech-validator/basic-assertion.json");
    let a = w.import_bytes(&anon, ImportSource::File).unwrap();
    assert_eq!(w.import_bytes(&anon, ImportSource::File).unwrap(), ImportOutcome::Duplicate { id: a.id() });
    assert_eq!(w.count().unwrap(), 2);
}

#[test]
fn a_newer_valid_from_replaces_and_keeps_history() {
    let dir = Dir::new("wallet", "versions");
    let w = open(&dir);
    let k = key(41);
    let id = "urn:uuid:0d9e5a3c-0000-4000-8000-000000000001";
    let v2025 = badge(&k, "Akashi Test University", id, "Statistics I", "2025-04-01T00:00:00Z");
    let v2026 = badge(&k, "Akashi Test University", id, "Statistics I (2026 edition)", "2026-01-01T00:00:00Z");
    let v2024 = badge(&k, "Akashi Test University", id, "Statistics I (2024 edition)", "2024-01-01T00:00:00Z");

    let bid = w.import_bytes(&v2025, ImportSource::File).unwrap().id();
    w.tag(bid, "maths").unwrap();
    assert_eq!(w.import_bytes(&v2026, ImportSource::Url).unwrap(), ImportOutcome::Replaced { id: bid });
    let d = w.get(bid).unwrap();
    assert_eq!(d.original, v2026);
    assert_eq!(d.badge.name.as_deref(), Some("Statistics I (2026 edition)"));
    assert_eq!(d.badge.source, ImportSource::Url);
    assert_eq!(d.badge.tags, vec!["maths"], "tags stay with the badge");
    assert_eq!(d.history.len(), 1);
    assert_eq!(d.history[0].original, v2025);
    assert_eq!(d.history[0].reason, HistoryReason::Replaced);
    assert_eq!(d.history[0].valid_from.as_deref(), Some("2025-04-01T00:00:00Z"));

    // An older version is kept in history; the current one stays.
    assert_eq!(w.import_bytes(&v2024, ImportSource::File).unwrap(), ImportOutcome::KeptAsHistory { id: bid });
    let d = w.get(bid).unwrap();
    assert_eq!(d.original, v2026);
    assert_eq!(d.history.len(), 2);
    assert_eq!(d.history[0].original, v2024);
    assert_eq!(d.history[0].reason, HistoryReason::Older);
    // Re-importing a version that is in history adds nothing.
    assert_eq!(w.import_bytes(&v2025, ImportSource::File).unwrap(), ImportOutcome::Duplicate { id: bid });
    assert_eq!(w.get(bid).unwrap().history.len(), 2);
    assert_eq!(w.count().unwrap(), 1);
    // Search sees the current version only.
    assert_eq!(w.search("2026 edition").unwrap().len(), 1);
    assert!(w.search("2024").unwrap().is_empty());
}

#[test]
fn a_badge_that_fails_verification_is_kept_and_marked() {
    let dir = Dir::new("wallet", "failing");
    let w = open(&dir);
    let mut doc: serde_json::Map<String, Value> = serde_json::from_slice(&example("micro-credential.json")).unwrap();
    doc.insert("name".into(), json!("Tampered name"));
    let tampered = serde_json::to_vec(&doc).unwrap();
    let out = w.import_bytes(&tampered, ImportSource::File).unwrap();
    let b = w.get(out.id()).unwrap();
    assert_eq!(b.badge.state, Summary::NotVerified);
    assert_eq!(b.original, tampered);
    let failing = w.list(SortBy::Date, &ListFilter { state: Some(Summary::NotVerified), ..Default::default() }).unwrap();
    assert_eq!(names(&failing), vec!["Tampered name"]);
}

#[test]
fn unreadable_input_is_a_typed_error_and_changes_nothing() {
    let dir = Dir::new("wallet", "garbage");
    let w = open(&dir);
    w.import_bytes(&example("micro-credential.json"), ImportSource::File).unwrap();
    let log_before = w.log().unwrap();
    let png_without_badge = {
        let mut p = crate::common::fixture("ob3/1edtech-validator/simple-json.png");
        p.truncate(40);
        p
    };
    let cases: Vec<Vec<u8>> =
        vec![b"not a badge".to_vec(), b"{\"a\":".to_vec(), b"[1, 2]".to_vec(), Vec::new(), png_without_badge, vec![b' '; 9 * 1024 * 1024]];
    for bytes in cases {
        let err = w.import_bytes(&bytes, ImportSource::Bytes).unwrap_err();
        assert!(matches!(err, WalletError::Input(_)), "{err:?}");
        assert_eq!(w.count().unwrap(), 1);
    }
    // A URL that cannot be fetched (offline) is an input error too.
    assert!(matches!(w.import_text("https://example.org/badge.json").unwrap_err(), WalletError::Input(_)));
    assert!(matches!(w.import_file(&dir.0.join("missing.json")).unwrap_err(), WalletError::File { .. }));
    assert_eq!(w.count().unwrap(), 1);
    assert_eq!(w.log().unwrap(), log_before);
}

#[test]
fn list_sorts_and_filters() {
    let dir = Dir::new("wallet", "list");
    let w = open(&dir);
    let (k1, k2) = (key(51), key(52));
    let a = w.import_bytes(&badge(&k1, "Zeta College", "urn:uuid:a", "Biology", "2024-05-01T00:00:00Z"), ImportSource::File).unwrap().id();
    let b =
        w.import_bytes(&badge(&k2, "Alpha Institute", "urn:uuid:b", "Chemistry", "2026-02-01T00:00:00Z"), ImportSource::File).unwrap().id();
    let c =
        w.import_bytes(&badge(&k1, "Zeta College", "urn:uuid:c", "astronomy", "2025-03-01T00:00:00Z"), ImportSource::File).unwrap().id();
    let all = ListFilter::default();
    assert_eq!(names(&w.list(SortBy::Date, &all).unwrap()), vec!["Chemistry", "astronomy", "Biology"]);
    assert_eq!(names(&w.list(SortBy::Name, &all).unwrap()), vec!["astronomy", "Biology", "Chemistry"]);
    assert_eq!(names(&w.list(SortBy::Issuer, &all).unwrap()), vec!["Chemistry", "astronomy", "Biology"]);
    let by_issuer = ListFilter { issuer_id: Some(k1.did.clone()), ..Default::default() };
    assert_eq!(names(&w.list(SortBy::Name, &by_issuer).unwrap()), vec!["astronomy", "Biology"]);
    w.tag(a, "science").unwrap();
    w.tag(b, "science").unwrap();
    w.tag(c, "space").unwrap();
    let tagged = ListFilter { tag: Some("science".into()), ..Default::default() };
    assert_eq!(names(&w.list(SortBy::Name, &tagged).unwrap()), vec!["Biology", "Chemistry"]);
    let verified = ListFilter { state: Some(Summary::Verified), ..Default::default() };
    let states: Vec<Summary> = w.list(SortBy::Date, &all).unwrap().iter().map(|b| b.state).collect();
    assert_eq!(w.list(SortBy::Date, &verified).unwrap().len(), states.iter().filter(|s| **s == Summary::Verified).count());
    let none = ListFilter { state: Some(Summary::Revoked), ..Default::default() };
    assert!(w.list(SortBy::Date, &none).unwrap().is_empty());
    let both = ListFilter { issuer_id: Some(k1.did.clone()), tag: Some("science".into()), ..Default::default() };
    assert_eq!(names(&w.list(SortBy::Name, &both).unwrap()), vec!["Biology"]);
    let first = &w.list(SortBy::Date, &all).unwrap()[0];
    assert_eq!(first.image_url.as_deref(), Some("https://university.example/images/badge.png"));
    assert_eq!(first.description.as_deref(), Some("Description of Chemistry."));
}

#[test]
fn pages_of_a_list_or_a_search_are_slices_of_the_whole() {
    let dir = Dir::new("wallet", "pages");
    let w = open(&dir);
    let (k1, k2) = (key(53), key(54));
    // Names and dates repeat (the id breaks ties), differ only in case, or are not ASCII
    // (SQLite's NOCASE folds ASCII only): the whole list, sorted in Rust, must agree with the
    // SQL order of the pages.
    let subjects = ["Biology", "chemistry", "Astronomy", "geology", "Éthique", "統計学", "biology"];
    let mut batch: Vec<(Vec<u8>, ImportSource)> = (0..21)
        .map(|i| {
            let (k, issuer) = if i % 3 == 0 { (&k1, "Zeta College") } else { (&k2, "alpha institute") };
            let day = format!("2025-{:02}-01T00:00:00Z", 1 + i % 9);
            (badge(k, issuer, &format!("urn:uuid:page-{i}"), subjects[i % subjects.len()], &day), ImportSource::File)
        })
        .collect();
    // An issuer without a name (sorted by its id) and a credential without a name or date.
    let k3 = key(55);
    let bare = obj(json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:page-bare", "type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": k3.did,
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "https://university.example/a/x", "type": ["Achievement"],
            "name": "x", "criteria": {"narrative": "n"}}}}));
    batch.push((serde_json::to_vec(&sign(bare, &k3)).unwrap(), ImportSource::File));
    assert!(w.import_many(&batch).iter().all(|r| matches!(r, Ok(ImportOutcome::Added { .. }))));
    w.tag(3, "science").unwrap();
    w.tag(9, "science").unwrap();
    let ids = |b: Vec<akashi_core::wallet::Badge>| b.into_iter().map(|b| b.id).collect::<Vec<i64>>();
    for filter in [ListFilter::default(), ListFilter { issuer_id: Some(k2.did.clone()), ..Default::default() }] {
        for sort in [SortBy::Date, SortBy::Issuer, SortBy::Name] {
            let whole = ids(w.list(sort, &filter).unwrap());
            let mut paged = Vec::new();
            for offset in (0..whole.len() as u64 + 5).step_by(5) {
                let page = ids(w.list_page(sort, &filter, offset, 5).unwrap());
                assert!(page.len() <= 5);
                paged.extend(page);
            }
            assert_eq!(paged, whole, "{sort:?}");
            assert!(w.list_page(sort, &filter, whole.len() as u64, 5).unwrap().is_empty());
            assert_eq!(ids(w.list_page(sort, &filter, 2, u64::MAX).unwrap()), whole[2..]);
        }
    }
    assert_eq!(w.count().unwrap(), 22);
    for query in ["alpha", "college", "o", "science"] {
        let whole = ids(w.search(query).unwrap());
        assert!(!whole.is_empty(), "{query}");
        let paged: Vec<i64> = (0..whole.len() as u64).step_by(4).flat_map(|o| ids(w.search_page(query, o, 4).unwrap())).collect();
        assert_eq!(paged, whole, "{query}");
        assert!(w.search_page(query, whole.len() as u64, 4).unwrap().is_empty());
    }
    assert_eq!(ids(w.search_page("science", 0, 10).unwrap()).len(), 2, "tags are searched in pages too");
}

#[test]
fn search_finds_name_issuer_description_and_tags_only_where_they_are() {
    let dir = Dir::new("wallet", "search");
    let w = open(&dir);
    let (k1, k2) = (key(61), key(62));
    let a = w
        .import_bytes(
            &badge(&k1, "Kyoto Data Academy", "urn:uuid:s1", "Machine Learning Basics", "2025-01-01T00:00:00Z"),
            ImportSource::File,
        )
        .unwrap()
        .id();
    let b = w
        .import_bytes(&badge(&k2, "Osaka Arts School", "urn:uuid:s2", "Watercolour Painting", "2025-01-01T00:00:00Z"), ImportSource::File)
        .unwrap()
        .id();
    let ids = |q: &str| w.search(q).unwrap().iter().map(|x| x.id).collect::<Vec<_>>();
    assert_eq!(ids("machine"), vec![a]);
    assert_eq!(ids("Learn"), vec![a], "prefix match");
    assert_eq!(ids("osaka"), vec![b], "issuer name");
    assert_eq!(ids("description watercolour"), vec![b], "description, every word must match");
    assert!(ids("watercolour kyoto").is_empty());
    w.tag(b, "portfolio-2026").unwrap();
    assert_eq!(ids("portfolio"), vec![b], "tag");
    w.untag(b, "portfolio-2026").unwrap();
    assert!(ids("portfolio").is_empty(), "untag updates the index");
    // Query syntax is never interpreted: no error, no match-all.
    for q in ["\"", "*", "NEAR(", "a OR b", "name:x", "", "   ", "-"] {
        assert!(w.search(q).is_ok(), "{q}");
    }
    assert!(ids("*").is_empty());
    w.delete(a).unwrap();
    assert!(ids("machine").is_empty(), "deleted badges are not found");
}

#[test]
fn tag_untag_and_delete() {
    let dir = Dir::new("wallet", "tags");
    let w = open(&dir);
    let k = key(71);
    let id = w
        .import_bytes(&badge(&k, "Akashi Test University", "urn:uuid:t1", "Statistics I", "2025-04-01T00:00:00Z"), ImportSource::File)
        .unwrap()
        .id();
    w.tag(id, "  work ").unwrap();
    w.tag(id, "work").unwrap();
    w.tag(id, "学び").unwrap();
    assert_eq!(w.get(id).unwrap().badge.tags, vec!["work", "学び"]);
    assert_eq!(w.tags().unwrap(), vec!["work", "学び"]);
    for bad in ["", "   ", "a\nb", &"x".repeat(65)] {
        assert_eq!(w.tag(id, bad).unwrap_err(), WalletError::InvalidTag);
    }
    assert_eq!(w.tag(999, "work").unwrap_err(), WalletError::NotFound { id: 999 });
    w.untag(id, "work").unwrap();
    w.untag(id, "never-there").unwrap();
    assert_eq!(w.get(id).unwrap().badge.tags, vec!["学び"]);
    // A second version in history, then delete: badge, tags and history all go.
    w.import_bytes(&badge(&k, "Akashi Test University", "urn:uuid:t1", "Statistics I", "2026-04-01T00:00:00Z"), ImportSource::File)
        .unwrap();
    w.delete(id).unwrap();
    assert_eq!(w.get(id).unwrap_err(), WalletError::NotFound { id });
    assert_eq!(w.delete(id).unwrap_err(), WalletError::NotFound { id });
    assert_eq!(w.count().unwrap(), 0);
    assert!(w.tags().unwrap().is_empty());
    // The id is never reused.
    let again = w
        .import_bytes(&badge(&k, "Akashi Test University", "urn:uuid:t1", "Statistics I", "2025-04-01T00:00:00Z"), ImportSource::File)
        .unwrap();
    assert!(matches!(again, ImportOutcome::Added { id: n } if n > id));
    assert!(w.get(again.id()).unwrap().history.is_empty());
}

#[test]
fn reverify_all_reports_progress_and_can_be_cancelled() {
    let dir = Dir::new("wallet", "reverify");
    let w = open(&dir);
    let k = key(81);
    for i in 0..3 {
        w.import_bytes(
            &badge(&k, "Akashi Test University", &format!("urn:uuid:r{i}"), &format!("Badge {i}"), "2025-04-01T00:00:00Z"),
            ImportSource::File,
        )
        .unwrap();
    }
    let before: Vec<String> = w.list(SortBy::Name, &ListFilter::default()).unwrap().iter().map(|b| b.verified_at.clone()).collect();
    let calls = RefCell::new(Vec::new());
    let out = w
        .reverify_all(&|done, total| {
            calls.borrow_mut().push((done, total));
            true
        })
        .unwrap();
    assert_eq!(calls.into_inner(), vec![(0, 3), (1, 3), (2, 3), (3, 3)]);
    assert_eq!((out.total, out.done, out.failed, out.cancelled), (3, 3, 0, false));
    assert_eq!(before.len(), 3);

    let calls = RefCell::new(Vec::new());
    let out = w
        .reverify_all(&|done, total| {
            calls.borrow_mut().push((done, total));
            done < 1
        })
        .unwrap();
    assert_eq!(calls.into_inner(), vec![(0, 3), (1, 3)]);
    assert_eq!((out.total, out.done, out.cancelled), (3, 1, true));
    let out = w.reverify_all(&|_, _| false).unwrap();
    assert_eq!((out.done, out.cancelled), (0, true));
    let verifies = w.log().unwrap().iter().filter(|e| e.action == LogAction::Verify).count();
    assert_eq!(verifies, 4);
}

#[test]
fn the_activity_log_records_what_when_and_to_whom() {
    let dir = Dir::new("wallet", "log");
    let w = open(&dir);
    let k = key(91);
    let id = w
        .import_bytes(&badge(&k, "Akashi Test University", "urn:uuid:l1", "Logged badge", "2025-04-01T00:00:00Z"), ImportSource::File)
        .unwrap()
        .id();
    w.import_bytes(&badge(&k, "Akashi Test University", "urn:uuid:l1", "Logged badge", "2025-04-01T00:00:00Z"), ImportSource::File)
        .unwrap();
    w.tag(id, "cv").unwrap();
    w.untag(id, "cv").unwrap();
    w.reverify(id).unwrap();
    w.delete(id).unwrap();
    let log = w.log().unwrap();
    let actions: Vec<LogAction> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![LogAction::Import, LogAction::Duplicate, LogAction::Tag, LogAction::Untag, LogAction::Verify, LogAction::Delete]
    );
    assert!(log.iter().all(|e| e.badge_id == Some(id) && e.to_whom.is_none()));
    assert_eq!(log.last().unwrap().label.as_deref(), Some("Logged badge"), "a deletion names what was deleted");
    assert!(log.windows(2).all(|p| p[0].id < p[1].id && p[0].at <= p[1].at));
    assert!(chrono::DateTime::parse_from_rfc3339(&log[0].at).is_ok());
    // Exportable as JSON.
    let json = serde_json::to_value(&log).unwrap();
    assert_eq!(json[0]["action"], "import");
    // It survives reopening.
    drop(w);
    assert_eq!(open(&dir).log().unwrap(), log);
}

/// Badge names, issuer names, emails and phone numbers live only inside the encrypted
/// database: neither the main file nor its write-ahead log shows them.
#[test]
fn nothing_personal_is_readable_in_the_files() {
    let dir = Dir::new("wallet", "privacy");
    let k = key(101);
    let learner = badge_with(
        &k,
        "Hanamachi Vocational College",
        "urn:uuid:p1",
        "Forklift Operation Level 2",
        "2025-04-01T00:00:00Z",
        json!({"identifier": [{"type": "IdentityObject", "identityHash": "hanako.learner@example.com", "identityType": "emailAddress", "hashed": false}]}),
    );
    let secrets = [
        "Data Science Fundamentals",
        "Akashi Example University",
        "registrar@university.example",
        "1EdTech University",
        "1-222-333-4444",
        "Andy F. Miller",
        "Forklift Operation",
        "Hanamachi Vocational College",
        "hanako.learner@example.com",
        "sha256$fa0c00a4e34a701aa1a3b86a58ac766dc8aa4d5e2ce54c10f0593229f5794a3d",
        "akashi-wallet",
        "OpenBadgeCredential",
    ];
    let inputs = [
        example("micro-credential.json"),
        example("micro-credential.jwt"),
        crate::common::fixture("ob3/1edtech-validator/complete.json"),
        crate::common::fixture("ob3/1edtech-validator/simple-did-key-method.json"),
        crate::common::fixture("ob2/1edtech-validator/basic-assertion.json"),
        learner,
    ];
    // Every secret really is in what was imported (or, for the format marker, in the schema),
    // so not finding it in the files means it is encrypted, not absent.
    for s in secrets.iter().filter(|s| **s != "akashi-wallet") {
        assert!(inputs.iter().any(|b| contains(b, s.as_bytes())), "{s} is in no input");
    }
    let scan = |when: &str| {
        let mut files = 0;
        for suffix in ["", "-wal"] {
            let p = PathBuf::from(format!("{}{suffix}", dir.db().display()));
            let Ok(bytes) = std::fs::read(&p) else { continue };
            files += 1;
            for s in secrets {
                assert!(!contains(&bytes, s.as_bytes()), "{when}: {s:?} readable in {}", p.display());
            }
        }
        files
    };
    {
        let w = open(&dir);
        for b in &inputs {
            w.import_bytes(b, ImportSource::File).unwrap();
        }
        let id = w.search("Forklift").unwrap()[0].id;
        w.tag(id, "Hanamachi Vocational College").unwrap();
        assert!(std::fs::metadata(format!("{}-wal", dir.db().display())).is_ok(), "the wallet uses WAL");
        assert_eq!(scan("while open"), 2);
    }
    scan("after closing");
    // And it is all there for the right key.
    let w = open(&dir);
    assert_eq!(w.search("Forklift").unwrap().len(), 1);
    assert_eq!(w.search("Hanamachi").unwrap()[0].tags, vec!["Hanamachi Vocational College"]);
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn import_many_dedupes_inside_the_batch_and_isolates_bad_inputs() {
    let dir = Dir::new("wallet", "many");
    let w = open(&dir);
    let k = key(43);
    let id = "urn:uuid:0d9e5a3c-0000-4000-8000-0000000000aa";
    let v2025 = badge(&k, "Akashi Test University", id, "Batch I", "2025-04-01T00:00:00Z");
    let v2026 = badge(&k, "Akashi Test University", id, "Batch I (2026)", "2026-01-01T00:00:00Z");
    let other = badge(&k, "Akashi Test University", "urn:uuid:0d9e5a3c-0000-4000-8000-0000000000ab", "Batch II", "2025-05-01T00:00:00Z");
    let anon = crate::common::fixture("ob2/1edtech-validator/basic-assertion.json");
    let inputs: Vec<(Vec<u8>, ImportSource)> = vec![
        (v2025.clone(), ImportSource::File),
        (anon.clone(), ImportSource::File),
        (b"not a badge".to_vec(), ImportSource::Bytes),
        (v2025.clone(), ImportSource::Text),
        (anon.clone(), ImportSource::File),
        (v2026.clone(), ImportSource::Url),
        (other.clone(), ImportSource::File),
    ];
    let out = w.import_many(&inputs);
    assert_eq!(out.len(), inputs.len());
    let first = out[0].clone().unwrap();
    assert!(matches!(first, ImportOutcome::Added { .. }));
    let a = out[1].clone().unwrap();
    assert!(matches!(a, ImportOutcome::Added { .. }));
    assert!(matches!(out[2], Err(WalletError::Input(_))), "{:?}", out[2]);
    assert_eq!(out[3].clone().unwrap(), ImportOutcome::Duplicate { id: first.id() });
    assert_eq!(out[4].clone().unwrap(), ImportOutcome::Duplicate { id: a.id() });
    assert_eq!(out[5].clone().unwrap(), ImportOutcome::Replaced { id: first.id() });
    assert!(matches!(out[6].clone().unwrap(), ImportOutcome::Added { .. }));
    assert_eq!(w.count().unwrap(), 3);
    let d = w.get(first.id()).unwrap();
    assert_eq!(d.original, v2026);
    assert_eq!(d.badge.source, ImportSource::Url);
    assert_eq!(d.history.len(), 1);
    assert_eq!(d.history[0].original, v2025);
    assert_eq!(w.get(out[6].clone().unwrap().id()).unwrap().original, other);
    // The same as one by one: the batch again is all duplicates (the bad input still an error).
    let again = w.import_many(&inputs);
    assert!(matches!(again[2], Err(WalletError::Input(_))));
    assert!(again.iter().enumerate().filter(|(i, _)| *i != 2).all(|(_, r)| matches!(r, Ok(ImportOutcome::Duplicate { .. }))), "{again:?}");
    assert_eq!(w.count().unwrap(), 3);
    assert_eq!(w.search("Batch").unwrap().len(), 2);
    // The log has one entry per stored import, none for the bad input.
    assert_eq!(w.log().unwrap().len(), 12);
    assert!(w.import_many(&[]).is_empty());
}

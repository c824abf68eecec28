//! The trust check against DCC issuer registries: from a file (the shipped example), issuer
//! absent, several registries in priority order, a registry URL on a loopback HTTPS server,
//! an unreachable registry beside a working one, malformed registries, offline with a cached
//! registry (SQLite), an OB 2.0 issuer Profile, a key that does not confirm the issuer, and
//! one load per verifier across a `verify_many` batch.
#![cfg(feature = "http")]

use std::path::PathBuf;

use crate::common::signing::{key, obj, sign, Key};
use crate::common::tls::{Route, Server};
use akashi_core::{Check, CheckId, CheckSource, CheckStatus, Report, Summary, Verifier, VerifyOptions};
use serde_json::{json, Value};

const VC2: &str = "https://www.w3.org/ns/credentials/v2";
const OB3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const HOST: &str = "registry.example";
const EXAMPLE_ISSUER: &str = "did:key:z6MkjjrCKE8pJudFP24T6WpctxsRvmSSLsnwbyMFWEKYGk35";
const EXAMPLE_NAME: &str = "Akashi Example University (test issuer)";

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").expect("t").with_timezone(&chrono::Utc)
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("akashi-trust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("dir");
    d
}

/// Writes `v` as a registry file in `dir` and returns its path as a string.
fn write(dir: &std::path::Path, file: &str, v: &Value) -> String {
    let p = dir.join(file);
    std::fs::write(&p, serde_json::to_vec_pretty(v).expect("json")).expect("write");
    p.display().to_string()
}

/// A DCC registry listing `entries` (id → name).
fn registry(name: Option<&str>, entries: &[(&str, &str)]) -> Value {
    let mut reg = serde_json::Map::new();
    for (id, n) in entries {
        reg.insert((*id).into(), json!({"name": n, "location": "Somewhere", "url": "https://issuer.example/"}));
    }
    let mut meta = json!({"created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z"});
    if let Some(n) = name {
        meta["name"] = json!(n);
    }
    json!({"meta": meta, "registry": reg})
}

fn example_registry() -> String {
    crate::common::repo_root().join("examples/registries/example-registry.json").display().to_string()
}

fn example_credential() -> Vec<u8> {
    std::fs::read(crate::common::repo_root().join("examples/credentials/micro-credential.json")).expect("example")
}

/// An OB 3.0 badge issued (and signed) by `issuer`, calling itself `name`.
fn badge(issuer: &Key, name: &str) -> Vec<u8> {
    let doc = obj(json!({
        "@context": [VC2, OB3],
        "id": "urn:uuid:5b0c2a9e-1f1e-4a49-9d1b-trust-test",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": name},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Statistics I",
        "credentialSubject": {"id": "did:example:learner-1", "type": ["AchievementSubject"], "achievement": {
            "id": "https://university.example/achievements/statistics-1", "type": ["Achievement"],
            "name": "Statistics I", "description": "Passed.", "criteria": {"narrative": "Passed the final exam."}}},
    }));
    serde_json::to_vec(&sign(doc, issuer)).expect("json")
}

fn offline(registries: Vec<String>) -> Verifier {
    Verifier::new(VerifyOptions { offline: true, now: Some(now()), registries, ..Default::default() }).expect("verifier")
}

fn online(srv: &Server, registries: Vec<String>) -> VerifyOptions {
    VerifyOptions {
        now: Some(now()),
        extra_ca_pem: Some(srv.ca_pem.clone()),
        resolve: srv.resolve(),
        fetch_timeout_ms: Some(1500),
        registries,
        ..Default::default()
    }
}

fn trust(r: &Report) -> &Check {
    r.check(CheckId::Trust).expect("trust check")
}

fn reason(c: &Check) -> &str {
    c.reason.as_deref().unwrap_or_default()
}

fn serve(srv: &Server, path: &str, v: &Value, cache_control: &str) -> String {
    srv.set_route(
        HOST,
        path,
        Route {
            status: 200,
            body: serde_json::to_vec(v).expect("json"),
            headers: vec![("Cache-Control".into(), cache_control.into())],
            delay: None,
        },
    );
    format!("https://{HOST}{path}")
}

#[test]
fn the_example_registry_file_vouches_for_the_example_credential() {
    let r = offline(vec![example_registry()]).verify(&example_credential()).expect("readable");
    let t = trust(&r);
    assert_eq!((t.status, t.code.as_deref()), (CheckStatus::Valid, None), "{t:?}");
    assert!(reason(t).contains(EXAMPLE_ISSUER), "{t:?}");
    assert!(reason(t).contains("\"Akashi example registry (TEST issuers only)\""), "which registry: {t:?}");
    assert!(reason(t).contains("example-registry.json"), "{t:?}");
    assert!(reason(t).contains(&format!("as \"{EXAMPLE_NAME}\"")), "{t:?}");
    assert_eq!(t.source, CheckSource::Local);
    assert!(t.warnings.is_empty(), "{t:?}");
    assert_eq!(r.credential.issuer_name.as_deref(), Some(EXAMPLE_NAME));
    assert_eq!(r.summary, Summary::Verified, "{r:#?}");
}

#[test]
fn the_registry_name_replaces_the_self_asserted_one_and_both_stay_visible() {
    let dir = scratch("rename");
    let issuer = key(31);
    let reg = write(&dir, "reg.json", &registry(None, &[(&issuer.did, "Registered University")]));
    let r = offline(vec![reg.clone()]).verify(&badge(&issuer, "Self-Styled University")).expect("readable");
    let t = trust(&r);
    assert_eq!(t.status, CheckStatus::Valid, "{t:?}");
    // No meta.name: the registry is named by its path.
    assert!(reason(t).contains(&format!("in {reg}")), "{t:?}");
    assert_eq!(r.credential.issuer_name.as_deref(), Some("Registered University"));
    assert_eq!(
        t.warnings,
        vec!["the credential calls its issuer \"Self-Styled University\"; the registry calls it \"Registered University\"".to_owned()]
    );
    assert_eq!(r.summary, Summary::VerifiedWithWarnings);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_issuer_in_no_registry_is_unknown_not_a_failure() {
    let dir = scratch("absent");
    let issuer = key(32);
    let reg = write(&dir, "reg.json", &registry(Some("Other Registry"), &[(&key(33).did, "Someone Else")]));
    let r = offline(vec![reg.clone()]).verify(&badge(&issuer, "Unlisted College")).expect("readable");
    let t = trust(&r);
    assert_eq!((t.status, t.code.as_deref()), (CheckStatus::Unknown, Some("issuer_not_registered")), "{t:?}");
    assert!(reason(t).contains(&issuer.did) && reason(t).contains("\"Other Registry\"") && reason(t).contains(&reg), "{t:?}");
    assert_eq!(r.summary, Summary::VerifiedWithWarnings);
    assert_eq!(r.credential.issuer_name.as_deref(), Some("Unlisted College"), "the credential's own name, as nothing better is known");

    // And with no registry at all: unknown, saying none is configured.
    let r = offline(Vec::new()).verify(&badge(&issuer, "Unlisted College")).expect("readable");
    let t = trust(&r);
    assert_eq!((t.status, t.code.as_deref()), (CheckStatus::Unknown, Some("no_registry")), "{t:?}");
    assert!(reason(t).contains("no issuer registry is configured"), "{t:?}");
    assert_eq!(r.summary, Summary::VerifiedWithWarnings);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn registries_are_consulted_in_priority_order() {
    let dir = scratch("priority");
    let issuer = key(34);
    let first = write(&dir, "first.json", &registry(Some("First"), &[(&issuer.did, "Name From First")]));
    let second = write(&dir, "second.json", &registry(Some("Second"), &[(&issuer.did, "Name From Second")]));
    let only_second = write(&dir, "third.json", &registry(Some("Third"), &[(&key(35).did, "Unrelated")]));

    let r = offline(vec![first.clone(), second.clone()]).verify(&badge(&issuer, "Name From First")).expect("readable");
    let t = trust(&r);
    assert_eq!(t.status, CheckStatus::Valid);
    assert!(reason(t).contains("registered as \"Name From First\" in \"First\""), "{t:?}");
    assert!(reason(t).contains("also listed in \"Second\""), "{t:?}");
    assert_eq!(r.credential.issuer_name.as_deref(), Some("Name From First"));

    let r = offline(vec![second, first]).verify(&badge(&issuer, "Name From First")).expect("readable");
    let t = trust(&r);
    assert!(reason(t).contains("in \"Second\""), "{t:?}");
    assert_eq!(r.credential.issuer_name.as_deref(), Some("Name From Second"));
    assert!(t.warnings.iter().any(|w| w.contains("\"Name From First\"") && w.contains("\"Name From Second\"")), "{t:?}");

    // A registry that does not list the issuer does not stop a later one from matching.
    let r = offline(vec![only_second, write(&dir, "fourth.json", &registry(Some("Fourth"), &[(&issuer.did, "Name From First")]))])
        .verify(&badge(&issuer, "Name From First"))
        .expect("readable");
    assert!(reason(trust(&r)).contains("in \"Fourth\""), "{:?}", trust(&r));
    assert_eq!(r.summary, Summary::Verified, "{r:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_registry_url_is_fetched_over_https_and_an_unreachable_one_is_listed() {
    let srv = Server::start(&[HOST]);
    let issuer = key(36);
    let url = serve(&srv, "/registry.json", &registry(Some("Loopback Registry"), &[(&issuer.did, "Served University")]), "max-age=300");
    let v = Verifier::new(online(&srv, vec![url.clone()])).expect("verifier");
    let r = v.verify(&badge(&issuer, "Served University")).expect("readable");
    let t = trust(&r);
    assert_eq!(t.status, CheckStatus::Valid, "{t:?}");
    assert!(reason(t).contains(&format!("\"Loopback Registry\" ({url})")), "{t:?}");
    assert_eq!(t.source, CheckSource::Network { url: url.clone() });
    assert_eq!(r.summary, Summary::Verified);

    // A missing registry URL first, a working file second: the file matches, the URL is a warning.
    let dir = scratch("unreachable");
    let missing = format!("https://{HOST}/no-such-registry.json");
    let file = write(&dir, "reg.json", &registry(Some("Local"), &[(&issuer.did, "Served University")]));
    let v = Verifier::new(online(&srv, vec![missing.clone(), file])).expect("verifier");
    let r = v.verify(&badge(&issuer, "Served University")).expect("readable");
    let t = trust(&r);
    assert_eq!(t.status, CheckStatus::Valid, "{t:?}");
    assert!(reason(t).contains("in \"Local\""), "{t:?}");
    assert_eq!(t.warnings.len(), 1, "{t:?}");
    assert!(t.warnings[0].contains(&missing) && t.warnings[0].contains("could not be loaded") && t.warnings[0].contains("404"), "{t:?}");
    assert_eq!(r.summary, Summary::VerifiedWithWarnings, "a registry that did not load is worth a warning");

    // Only unreachable registries: unknown, each failure named.
    let unreachable = "https://unresolvable.invalid/registry.json".to_owned();
    let v = Verifier::new(online(&srv, vec![missing.clone(), unreachable.clone()])).expect("verifier");
    let r = v.verify(&badge(&issuer, "Served University")).expect("readable");
    let t = trust(&r);
    assert_eq!((t.status, t.code.as_deref()), (CheckStatus::Unknown, Some("registry_unavailable")), "{t:?}");
    assert!(reason(t).contains("none of the 2 configured registries"), "{t:?}");
    assert!(t.warnings.iter().any(|w| w.contains(&missing)) && t.warnings.iter().any(|w| w.contains(&unreachable)), "{t:?}");
    assert_eq!(r.summary, Summary::VerifiedWithWarnings);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn malformed_registries_are_listed_as_not_loaded() {
    let dir = scratch("malformed");
    let issuer = key(37);
    let garbage = dir.join("garbage.json");
    std::fs::write(&garbage, b"{\"registry\": {\"did:key:z6Mk\": ").expect("write");
    let list = write(
        &dir,
        "known.json",
        &json!([{"name": "DCC Sandbox Registry", "type": "dcc-legacy", "url": "https://registry.example/r.json"}]),
    );
    let no_registry = write(&dir, "meta-only.json", &json!({"meta": {"name": "Nothing"}}));
    let missing = dir.join("does-not-exist.json").display().to_string();
    let garbage = garbage.display().to_string();
    let v = offline(vec![garbage.clone(), list.clone(), no_registry.clone(), missing.clone()]);
    let r = v.verify(&badge(&issuer, "Some University")).expect("readable");
    let t = trust(&r);
    assert_eq!((t.status, t.code.as_deref()), (CheckStatus::Unknown, Some("registry_unavailable")), "{t:?}");
    let says = |path: &str, what: &str| t.warnings.iter().any(|w| w.contains(path) && w.contains(what));
    assert!(says(&garbage, "not a JSON registry"), "{t:?}");
    assert!(says(&list, "a list, not a registry"), "{t:?}");
    assert!(says(&no_registry, "no `registry` object"), "{t:?}");
    assert!(says(&missing, "cannot be read"), "{t:?}");
    assert_eq!(t.warnings.len(), 4);

    // Malformed entries are dropped with a warning; the rest of the registry is used.
    let partly =
        write(&dir, "partly.json", &json!({"registry": {issuer.did.clone(): {"name": "Good Entry"}, "did:key:zBroken": "not an object"}}));
    let r = offline(vec![partly]).verify(&badge(&issuer, "Good Entry")).expect("readable");
    let t = trust(&r);
    assert_eq!(t.status, CheckStatus::Valid, "{t:?}");
    assert!(t.warnings.iter().any(|w| w.contains("1 entry is malformed")), "{t:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn offline_a_fresh_cached_registry_is_used_and_says_so() {
    let srv = Server::start(&[HOST]);
    let issuer = key(38);
    let day = serve(&srv, "/day.json", &registry(Some("Day Registry"), &[(&issuer.did, "Cached University")]), "max-age=86400");
    let nocache = serve(&srv, "/nocache.json", &registry(Some("Uncacheable"), &[(&issuer.did, "Cached University")]), "no-cache");
    let dir = scratch("cache");
    let db = dir.join("cache.sqlite");
    let with_cache = |offline: bool, regs: Vec<String>| {
        Verifier::new(VerifyOptions { offline, cache_path: Some(db.clone()), ..online(&srv, regs) }).expect("verifier")
    };
    // Online: fetched from the network, stored.
    let r = with_cache(false, vec![day.clone(), nocache.clone()]).verify(&badge(&issuer, "Cached University")).expect("readable");
    assert_eq!(trust(&r).source, CheckSource::Network { url: day.clone() }, "{:?}", trust(&r));
    srv.take_hits();

    // Offline, a new verifier on the same file: the day-fresh copy is used, from the cache.
    let r = with_cache(true, vec![day.clone()]).verify(&badge(&issuer, "Cached University")).expect("readable");
    let t = trust(&r);
    assert_eq!(t.status, CheckStatus::Valid, "{t:?}");
    assert!(matches!(&t.source, CheckSource::Cache { url, fetched_at } if *url == day && fetched_at.ends_with('Z')), "{t:?}");
    assert!(reason(t).contains("as cached at"), "{t:?}");
    assert_eq!(r.credential.issuer_name.as_deref(), Some("Cached University"));
    assert_eq!(r.summary, Summary::Verified);

    // The uncacheable one is not available offline: unknown, and says why.
    let r = with_cache(true, vec![nocache.clone()]).verify(&badge(&issuer, "Cached University")).expect("readable");
    let t = trust(&r);
    assert_eq!((t.status, t.code.as_deref()), (CheckStatus::Unknown, Some("registry_unavailable")), "{t:?}");
    assert!(t.warnings.iter().any(|w| w.contains(&nocache) && w.contains("offline")), "{t:?}");
    assert!(srv.take_hits().is_empty(), "offline means no request at all");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_registry_does_not_vouch_for_a_credential_its_issuer_did_not_sign() {
    let dir = scratch("unconfirmed");
    let (issuer, forger) = (key(39), key(40));
    let reg = write(&dir, "reg.json", &registry(Some("Reg"), &[(&issuer.did, "Real University")]));
    // Claims `issuer`, signed by `forger`: the key does not belong to the issuer.
    let mut doc: serde_json::Map<String, Value> = serde_json::from_slice(&badge(&issuer, "Real University")).expect("json");
    doc.remove("proof");
    let forged = serde_json::to_vec(&sign(doc, &forger)).expect("json");
    let r = offline(vec![reg]).verify(&forged).expect("readable");
    assert_eq!(r.summary, Summary::NotVerified);
    let t = trust(&r);
    assert_eq!((t.status, t.code.as_deref()), (CheckStatus::Unknown, Some("issuer_unconfirmed")), "{r:#?}");
    assert!(reason(t).contains("not confirmed"), "{t:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn registries_are_loaded_once_per_verifier_across_a_batch() {
    let srv = Server::start(&[HOST]);
    let issuers: Vec<Key> = (41..45).map(key).collect();
    let entries: Vec<(String, String)> = issuers.iter().enumerate().map(|(i, k)| (k.did.clone(), format!("University {i}"))).collect();
    let refs: Vec<(&str, &str)> = entries.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    // no-cache: only the verifier's own memo can prevent a second fetch.
    let url = serve(&srv, "/batch.json", &registry(Some("Batch"), &refs), "no-cache");
    let v = Verifier::new(online(&srv, vec![url])).expect("verifier");
    let inputs: Vec<Vec<u8>> = issuers.iter().enumerate().cycle().take(12).map(|(i, k)| badge(k, &format!("University {i}"))).collect();
    for (i, r) in v.verify_many(&inputs).iter().enumerate() {
        let r = r.as_ref().expect("readable");
        assert_eq!(trust(r).status, CheckStatus::Valid, "{i}");
        assert_eq!(r.credential.issuer_name.as_deref(), Some(format!("University {}", i % 4).as_str()));
    }
    assert_eq!(srv.take_hits(), vec![format!("{HOST}/batch.json")]);
}

#[test]
fn an_ob2_issuer_profile_is_matched_by_its_id() {
    let srv = Server::start(&["example.org", "www.example.org"]);
    let assets = crate::common::fixtures().join("ob2/1edtech-validator/assets");
    for e in std::fs::read_dir(&assets).expect("assets") {
        let p = e.expect("entry").path();
        let name = p.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
        srv.set("example.org", &format!("/{name}"), 200, std::fs::read(&p).expect("read"));
    }
    let assertion = crate::common::fixture("ob2/1edtech-validator/basic-assertion.json");
    srv.set_url("https://example.org/beths-robotics-badge.json", assertion.clone());
    let dir = scratch("ob2");
    let reg =
        write(&dir, "reg.json", &registry(Some("OB2 Registry"), &[("https://example.org/organization.json", "Registered Example Issuer")]));
    let opts = |regs: Vec<String>| VerifyOptions {
        extra_ca_pem: Some(srv.ca_pem.clone()),
        resolve: srv.resolve(),
        registries: regs,
        ..Default::default()
    };

    let r = Verifier::new(opts(vec![reg])).expect("verifier").verify(&assertion).expect("readable");
    assert!(r.summary.is_verified(), "{r:#?}");
    assert_eq!(r.credential.issuer_id.as_deref(), Some("https://example.org/organization.json"));
    let t = trust(&r);
    assert_eq!(t.status, CheckStatus::Valid, "{t:?}");
    assert!(reason(t).contains("https://example.org/organization.json") && reason(t).contains("\"OB2 Registry\""), "{t:?}");
    assert_eq!(r.credential.issuer_name.as_deref(), Some("Registered Example Issuer"));
    assert!(t.warnings.iter().any(|w| w.contains("\"An Example Badge Issuer\"")), "the Profile's own name stays visible: {t:?}");

    // Not listed: unknown.
    let other = write(&dir, "other.json", &registry(None, &[("https://example.org/someone-else.json", "Someone")]));
    let r = Verifier::new(opts(vec![other])).expect("verifier").verify(&assertion).expect("readable");
    assert_eq!(trust(&r).code.as_deref(), Some("issuer_not_registered"), "{:?}", trust(&r));
    assert_eq!(r.credential.issuer_name.as_deref(), Some("An Example Badge Issuer"));
    let _ = std::fs::remove_dir_all(&dir);
}

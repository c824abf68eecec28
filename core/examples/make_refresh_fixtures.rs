//! Writes the credential-refresh fixtures of the binding tests, `tests/data/refresh/*.json`.
//! They were made once, with
//!
//! `cargo run -p akashi-core --example make_refresh_fixtures -- tests/data/refresh`
//!
//! and committed; the output is deterministic (Ed25519 signatures are, and every date is
//! fixed), so running it again rewrites the same bytes. Every file is an OB 3.0 credential
//! (contexts VC 2.0, OB 3.0.3 and the OB extensions context) signed with one of Akashi's
//! public TEST keys (eddsa-rdfc-2022, did:key; never use them for real badges):
//!
//! - `old.json`: "Data Structures 101", `validUntil` 2025-12-31 (expired), with
//!   `refreshService {id: https://registrar.example/refresh/ds-101, type: 1EdTechCredentialRefresh}`,
//!   signed by the example issuer's key (the seed of `examples/sign.rs`);
//! - `new.json`: the same credential (same issuer, same id), re-issued with `validUntil` 2036;
//! - `other-issuer.json`: the content of `new.json` signed by a second test key (so another
//!   did:key issuer);
//! - `plain.json`: a credential of the example issuer with no `refreshService`.

mod common;

use common::TestKey;
use serde_json::{json, Map, Value};

/// Seed of the example issuer's test key (the same as `examples/sign.rs`), public on purpose.
const EXAMPLE_ISSUER_SEED_HEX: &str = "b7c2a1e0a8d6c5f4e3d2c1b0a9f8e7d6c5b4a3928170f6e5d4c3b2a190817263";
/// Seed of a second test key, for the update "from someone else", public on purpose.
const OTHER_ISSUER_SEED_HEX: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";

const REFRESH_URL: &str = "https://registrar.example/refresh/ds-101";
const CREATED: &str = "2026-04-01T00:00:00Z";

fn badge(issuer: &TestKey, id: &str, name: &str, valid_until: &str, refresh: bool) -> Map<String, Value> {
    let mut doc = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
        ],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": "Akashi Test University"},
        "validFrom": "2025-04-01T00:00:00Z",
        "validUntil": valid_until,
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://university.example/achievements/ds-101",
                "type": ["Achievement"],
                "name": name,
                "description": "Passed the course.",
                "criteria": {"narrative": "Passed the final exam."}
            }
        }
    });
    if refresh {
        doc["refreshService"] = json!({"id": REFRESH_URL, "type": "1EdTechCredentialRefresh"});
    }
    doc.as_object().cloned().unwrap_or_default()
}

fn sign(doc: Map<String, Value>, k: &TestKey) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut out = serde_json::to_vec_pretty(&Value::Object(k.sign(doc, CREATED)?))?;
    out.push(b'\n');
    Ok(out)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: make_refresh_fixtures OUT_DIR")?);
    std::fs::create_dir_all(&dir)?;
    let issuer = TestKey::from_hex(EXAMPLE_ISSUER_SEED_HEX)?;
    let other = TestKey::from_hex(OTHER_ISSUER_SEED_HEX)?;
    let id = "urn:uuid:7d3f6a52-0d1c-4c1e-9b7a-3c5d00000101";
    let name = "Data Structures 101";
    let files = [
        ("old.json", sign(badge(&issuer, id, name, "2025-12-31T00:00:00Z", true), &issuer)?),
        ("new.json", sign(badge(&issuer, id, name, "2036-12-31T00:00:00Z", true), &issuer)?),
        ("other-issuer.json", sign(badge(&other, id, name, "2036-12-31T00:00:00Z", true), &other)?),
        (
            "plain.json",
            sign(
                badge(&issuer, "urn:uuid:0b5e9c14-3a7d-4f2b-8e61-000000000102", "Algorithms 102", "2036-12-31T00:00:00Z", false),
                &issuer,
            )?,
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes)?;
        eprintln!("wrote {}", dir.join(name).display());
    }
    Ok(())
}

//! QR text as verifier input: `AKF1:` frames (one per line, any order, repeats, CRLF) and
//! VPQR texts are read like any other envelope; broken, mixed or incomplete frames are typed
//! errors that name no scanned content.

use akashi_core::present::{frames, vpqr};
use akashi_core::{Envelope, InputError, Summary, Verifier, VerifyOptions};
use serde_json::{json, Value};

fn verifier() -> Verifier {
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").unwrap().with_timezone(&chrono::Utc);
    Verifier::new(VerifyOptions { offline: true, now: Some(now), ..Default::default() }).unwrap()
}

fn example(name: &str) -> Vec<u8> {
    std::fs::read(crate::common::repo_root().join("examples/credentials").join(name)).unwrap()
}

#[test]
fn frames_in_any_order_verify_like_the_credential_they_carry() {
    let bytes = example("micro-credential-full.json");
    let set = frames::encode(&bytes).unwrap();
    assert!(set.frames.len() >= 2, "the full micro-credential is several frames: {}", set.frames.len());
    let direct = verifier().verify(&bytes).unwrap();
    assert_eq!(direct.summary, Summary::VerifiedWithWarnings);

    let mut lines: Vec<&str> = set.frames.iter().rev().map(String::as_str).collect();
    lines.push(&set.frames[0]);
    let scanned = verifier().verify(lines.join("\r\n").as_bytes()).unwrap();
    assert_eq!(scanned.envelope, Envelope::QrFrames);
    assert_eq!(scanned.summary, direct.summary);
    assert_eq!(scanned.credential.name, direct.credential.name);
    assert_eq!(
        scanned.checks.iter().map(|c| (c.id, c.status)).collect::<Vec<_>>(),
        direct.checks.iter().map(|c| (c.id, c.status)).collect::<Vec<_>>()
    );

    // One frame short: how many were read, and of how many.
    let total = set.frames.len() as u32;
    let short = set.frames[1..].join("\n");
    assert_eq!(verifier().verify(short.as_bytes()), Err(InputError::IncompleteQrFrames { received: total - 1, total }));

    // An edited frame, and frames of two messages: malformed, without their content.
    let mut edited = set.frames.clone();
    let last = edited[0].pop().unwrap();
    edited[0].push(if last == 'A' { 'B' } else { 'A' });
    let other = frames::encode(&example("micro-credential.json")).unwrap();
    for (text, why) in [(edited.join("\n"), "checksum"), (format!("{}\n{}", set.frames[0], other.frames[0]), "two different messages")] {
        match verifier().verify(text.as_bytes()) {
            Err(InputError::MalformedQrText { reason }) => assert!(reason.contains(why), "{reason}"),
            other => panic!("expected MalformedQrText ({why}), got {other:?}"),
        }
    }
}

#[test]
fn a_vpqr_text_is_read_as_the_presentation_it_encodes() {
    let credential: Value = serde_json::from_slice(&example("micro-credential.json")).unwrap();
    let vp = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"], "verifiableCredential": [credential]});
    let text = vpqr::encode(&vp).unwrap();
    assert!(text.starts_with("VP1-B"));
    let r = verifier().verify(format!("{text}\n").as_bytes()).unwrap();
    assert_eq!(r.envelope, Envelope::Vpqr);
    assert!(r.credential.types.iter().any(|t| t == "VerifiablePresentation"));
    // The credential inside kept its proof through the CBOR-LD round trip.
    assert_eq!(r.nested.len(), 1);
    assert_eq!(r.nested[0].report.summary, Summary::VerifiedWithWarnings);
    for bad in ["VP1-B!!!!", "VP1-Z", "VP1-B"] {
        assert!(matches!(verifier().verify(bad.as_bytes()), Err(InputError::MalformedQrText { .. })), "{bad}");
    }
}

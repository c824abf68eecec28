//! QR transport (core::present) on real presentations: VPQR round trips, multi-frame encoding,
//! and every QR Akashi makes rendered to an image (PNG; one JPEG) and read back by the decoder.
//! JS interop of the same texts: tests/interop/vpqr.test.mjs.

use akashi_core::present::{frames, qr, vpqr};
use serde_json::{json, Value};

use crate::common::{fixture, repo_root};

fn wrap(cred: Value) -> Value {
    let ctx = cred["@context"][0].clone();
    json!({"@context": [ctx], "type": ["VerifiablePresentation"], "verifiableCredential": [cred]})
}

/// (name, presentation): the VP fixtures and OB 3.0 credentials wrapped in a presentation.
fn presentations() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for rel in ["vp/dcc-verifier-plus/testVP.json", "vp/blockcerts/vp-eddsa-rdfc-2022.json", "vp/spruceid-ssi/vp.jsonld"] {
        out.push((rel.to_string(), serde_json::from_slice(&fixture(rel)).unwrap()));
    }
    for rel in [
        "ob3/1edtech-validator/simple.json",
        "ob3/1edtech-validator/simple-did-key-method.json",
        "ob3/1edtech-validator/simple-eddsa-2022.json",
        "ob3/1edtech-validator/simple_v1.json",
        "ob3/1edtech-validator/complete.json",
        "ob3/1edtech-validator/complete_v1.json",
        "ob3/1edtech-spec-ldp-test-vector/credential-signed.json",
    ] {
        out.push((format!("VP of {rel}"), wrap(serde_json::from_slice(&fixture(rel)).unwrap())));
    }
    let micro = std::fs::read(repo_root().join("examples/credentials/micro-credential.json")).unwrap();
    out.push(("VP of examples/credentials/micro-credential.json".into(), wrap(serde_json::from_slice(&micro).unwrap())));
    out
}

/// The JSON as JS (and so CBOR-LD) sees it: an integral float is the integer (`1.0` → `1`).
fn js_numbers(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() && n.as_f64().is_some_and(|f| f.fract() == 0.0) => json!(n.as_f64().unwrap_or_default() as i64),
        Value::Array(a) => Value::Array(a.iter().map(js_numbers).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), js_numbers(v))).collect()),
        other => other.clone(),
    }
}

#[test]
fn vpqr_round_trips_real_presentations() {
    for (name, vp) in presentations() {
        let text = vpqr::encode(&vp).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.starts_with("VP1-B") && text[5..].bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)), "{name}");
        assert_eq!(vpqr::decode(&text).unwrap(), js_numbers(&vp), "{name}");
    }
}

#[test]
fn credential_from_a_vpqr_still_verifies() {
    // The micro-credential has `"creditsAvailable": 1.0`, which comes back as `1`: its
    // eddsa-rdfc-2022 proof must still hold (both are xsd:integer 1 in JSON-LD).
    let micro: Value =
        serde_json::from_slice(&std::fs::read(repo_root().join("examples/credentials/micro-credential.json")).unwrap()).unwrap();
    let back = vpqr::decode(&vpqr::encode(&wrap(micro)).unwrap()).unwrap();
    let cred = serde_json::to_vec(&back["verifiableCredential"][0]).unwrap();
    let verifier = akashi_core::Verifier::new(akashi_core::VerifyOptions {
        offline: true,
        now: Some(chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").unwrap().with_timezone(&chrono::Utc)),
        ..Default::default()
    })
    .unwrap();
    let report = verifier.verify(&cred).unwrap();
    let proof = report.check(akashi_core::CheckId::Proof).unwrap();
    assert_eq!(proof.status, akashi_core::CheckStatus::Valid, "{report:#?}");
}

#[test]
fn vpqr_refuses_tampered_and_foreign_texts() {
    let vp: Value = serde_json::from_slice(&fixture("vp/dcc-verifier-plus/testVP.json")).unwrap();
    let text = vpqr::encode(&vp).unwrap();
    // Truncations and single-character edits never panic; most are errors.
    for cut in [6, 20, text.len() / 2, text.len() - 1] {
        let _ = vpqr::decode(&text[..cut]);
    }
    let mut errors = 0;
    for i in (5..text.len()).step_by(7) {
        let mut t = text.clone().into_bytes();
        t[i] = if t[i] == b'A' { b'Q' } else { b'A' };
        if let Ok(s) = String::from_utf8(t) {
            if vpqr::decode(&s).map(|d| d != vp).unwrap_or(true) {
                errors += 1;
            }
        }
    }
    assert!(errors > 0);
    // A presentation with a context Akashi does not bundle is refused, never fetched.
    let foreign =
        json!({"@context": ["https://www.w3.org/2018/credentials/v1", "https://example.com/ctx/v1"], "type": "VerifiablePresentation"});
    assert_eq!(vpqr::encode(&foreign), Err(vpqr::VpqrError::UnknownContext("https://example.com/ctx/v1".into())));
}

/// Renders every text as a PNG (and, for `jpeg_index`, a JPEG) and reads it back.
fn scan_back(texts: &[String], jpeg_index: Option<usize>) {
    for (i, t) in texts.iter().enumerate() {
        let m = qr::render(t).unwrap();
        let png = m.to_png(3).unwrap();
        assert_eq!(qr::decode_image(&png).unwrap(), vec![t.clone()], "PNG of frame {i} (v{} {:?})", m.version, m.ec_level);
        if jpeg_index == Some(i) {
            let img = image::load_from_memory(&png).unwrap().to_luma8();
            let mut jpeg = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 75).encode_image(&img).unwrap();
            assert_eq!(&jpeg[..2], [0xff, 0xd8]);
            assert_eq!(qr::decode_image(&jpeg).unwrap(), vec![t.clone()], "JPEG of frame {i}");
        }
    }
}

#[test]
fn frames_of_real_presentations_render_scan_and_reassemble() {
    let mut jpeg_done = false;
    let mut multi = 0;
    for (name, vp) in presentations() {
        let payload = serde_json::to_vec(&vp).unwrap();
        let set = frames::encode(&payload).unwrap();
        if set.frames.len() > 1 {
            multi += 1;
        }
        for f in &set.frames {
            let m = qr::render(f).unwrap();
            assert_eq!(m.ec_level, qr::EcLevel::M, "{name}");
            let limit = if set.frames.len() == 1 { qr::MAX_SINGLE_VERSION } else { frames::FRAME_VERSION };
            assert!(m.version <= limit, "{name}: frame at v{} > v{limit}", m.version);
        }
        // Every frame through an image, one of them (the first multi-frame set's) as a JPEG.
        let jpeg = (!jpeg_done && set.frames.len() > 1).then_some(1);
        jpeg_done |= jpeg.is_some();
        scan_back(&set.frames, jpeg);
        // Reassembled from the decoded image texts, in reverse order, with a repeat.
        let mut a = frames::Assembler::new();
        for f in set.frames.iter().rev().chain(set.frames.first()) {
            let png = qr::render(f).unwrap().to_png(2).unwrap();
            for t in qr::decode_image(&png).unwrap() {
                a.push(&t).unwrap();
            }
        }
        assert_eq!(a.complete().as_deref(), Some(&payload[..]), "{name}");
    }
    assert!(jpeg_done && multi >= 2, "complete.json and complete_v1.json need several frames");
}

#[test]
fn every_vpqr_that_fits_one_qr_scans_back() {
    let mut n = 0;
    for (name, vp) in presentations() {
        let text = vpqr::encode(&vp).unwrap();
        if text.len() > 4296 {
            continue; // beyond version 40-L: only as frames
        }
        let m = qr::render(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let png = m.to_png(2).unwrap();
        assert_eq!(qr::decode_image(&png).unwrap(), vec![text.clone()], "{name} (v{} {:?})", m.version, m.ec_level);
        n += 1;
    }
    assert!(n >= 9, "{n}");
}

#[test]
fn frame_capacities_match_the_qr_tables() {
    // FRAME_CAPACITY / SINGLE_CAPACITY are the ISO alphanumeric capacities at M; qrcode agrees.
    let at = |n: usize| qr::render_with(&"A".repeat(n), qr::EcLevel::M).unwrap().version;
    assert_eq!(at(frames::FRAME_CAPACITY), frames::FRAME_VERSION);
    assert_eq!(at(frames::FRAME_CAPACITY + 1), frames::FRAME_VERSION + 1);
    assert_eq!(at(frames::SINGLE_CAPACITY), qr::MAX_SINGLE_VERSION);
    assert_eq!(at(frames::SINGLE_CAPACITY + 1), qr::MAX_SINGLE_VERSION + 1);
}

/// Hundreds of broken variants of real texts and images: every one is an `Err` or a value,
/// never a panic (the test harness fails on a panic).
#[test]
fn mutation_sweep_never_panics() {
    let vp: Value = serde_json::from_slice(&fixture("vp/dcc-verifier-plus/testVP.json")).unwrap();
    let b = vpqr::encode(&vp).unwrap();
    let cbor = vpqr::cborld_bytes(&b).unwrap();
    let r = format!("VP1-R{}", akashi_core::present::base45::encode(&cbor));
    let mut x = 0x1234_5678_u32;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    let mut decoded_ok = 0;
    for text in [&b, &r] {
        let bytes = vpqr::cborld_bytes(text).unwrap();
        for _ in 0..400 {
            // Flip, insert or delete bytes inside the CBOR-LD, re-wrap, decode.
            let mut m = bytes.clone();
            let pos = rnd() as usize % m.len();
            match rnd() % 3 {
                0 => m[pos] ^= 1 << (rnd() % 8),
                1 => m.insert(pos, rnd() as u8),
                _ => {
                    m.remove(pos);
                }
            }
            let t = if text.starts_with("VP1-B") {
                format!("VP1-B{}", data_encoding::BASE32_NOPAD.encode(&m))
            } else {
                format!("VP1-R{}", akashi_core::present::base45::encode(&m))
            };
            if vpqr::decode(&t).is_ok() {
                decoded_ok += 1;
            }
        }
    }
    assert!(decoded_ok < 800, "some mutations must be refused");

    let set = frames::encode(&serde_json::to_vec(&vp).unwrap()).unwrap();
    for _ in 0..300 {
        let mut f = set.frames[0].clone().into_bytes();
        let pos = rnd() as usize % f.len();
        f[pos] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"[rnd() as usize % 45];
        if let Ok(s) = String::from_utf8(f) {
            let mut a = frames::Assembler::new();
            if let Ok(p) = a.push(&s) {
                // A frame that passes every check carries the same data.
                assert!(p.is_complete() && a.complete().is_some());
            }
        }
    }

    let png = qr::render(&set.frames[0]).unwrap().to_png(2).unwrap();
    for _ in 0..150 {
        let mut m = png.clone();
        let pos = 8 + rnd() as usize % (m.len() - 8);
        m[pos] ^= 1 << (rnd() % 8);
        let _ = qr::decode_image(&m);
    }
}

//! Issue 6 end to end through QR codes, as two phones make it: the employer's request QR read by
//! the learner's camera, the learner's signed presentation shown as animated `AKF1:` frames,
//! every frame rendered to a PNG and read back by the QR decoder, fed to the employer's
//! `Scanner` in a shuffled order with a repeat and a stray frame of another message, and the
//! result verified against the employer's own request. Then the same presentation as a
//! DCC-style `VP1-B` text (CBOR-LD).

use std::collections::BTreeSet;

use akashi_core::present::{
    frames, presentation_qr, qr, request_qr, verify_presentation, vpqr, Expectation, PresentationRequest, ScanContent, ScanError,
    ScanSource, Scanner,
};
use akashi_core::wallet::{ImportSource, Wallet};
use akashi_core::{CheckId, CheckStatus, Report, Summary};
use chrono::Duration;
use serde_json::Value;

use crate::common::present::{badge_for, open, t0, verifier_at};
use crate::common::wallet::Dir;

fn brief(r: &Report) -> String {
    let checks: Vec<String> = r.checks.iter().map(|c| format!("{}={:?}({:?})", c.id.as_str(), c.status, c.code)).collect();
    format!("{:?} {}", r.summary, checks.join(" "))
}

fn status(r: &Report, id: CheckId) -> (CheckStatus, Option<String>) {
    let c = r.check(id).unwrap_or_else(|| panic!("no {id:?} check: {}", brief(r)));
    (c.status, c.code.clone())
}

/// What a camera reads from `text` shown as a QR code: rendered, drawn as a PNG, decoded.
fn camera(text: &str) -> String {
    let m = qr::render(text).unwrap();
    let mut read = qr::decode_image(&m.to_png(2).unwrap()).unwrap();
    assert_eq!(read.len(), 1, "one code in the picture");
    read.remove(0)
}

/// 0..n in a fixed shuffled order (xorshift; the same every run).
fn shuffled(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut x = 0x9e37_79b9_u32;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        order.swap(i, x as usize % (i + 1));
    }
    order
}

/// The learner's wallet holding the example micro-credential issued to its holder DID.
fn learner(dir: &Dir) -> (Wallet, i64) {
    let w = open(dir, 1);
    let did = w.holder_did().unwrap();
    let id = w.import_bytes(&badge_for(&did), ImportSource::File).unwrap().id();
    (w, id)
}

fn assert_verified(r: &Report) {
    // As in exchange.rs: the badge's own trust is unknown (no registry), its only warning.
    assert_eq!(r.summary, Summary::VerifiedWithWarnings, "{}", brief(r));
    for id in [CheckId::Format, CheckId::Proof, CheckId::IssuerKey, CheckId::Validity, CheckId::Challenge, CheckId::Holder, CheckId::Nested]
    {
        assert_eq!(status(r, id).0, CheckStatus::Valid, "{id:?}: {}", brief(r));
    }
}

#[test]
fn whole_exchange_through_qr_frames() {
    let dir = Dir::new("scan", "frames");
    let (w, id) = learner(&dir);

    // 1. The employer's phone shows its request as one QR code; the learner's camera reads it.
    let req = PresentationRequest::new("careers.acme.example", "ACME Careers", 600, t0()).unwrap();
    let code = request_qr(&req).unwrap();
    assert!(code.version <= qr::MAX_SINGLE_VERSION && code.modules.iter().any(|&d| d), "v{}", code.version);
    let seen = qr::decode_image(&code.to_png(4).unwrap()).unwrap();
    let mut learner_cam = Scanner::new();
    let p = learner_cam.push(&seen[0]).unwrap();
    assert_eq!((p.complete, p.source, p.content), (true, ScanSource::Text, Some(ScanContent::Request)));
    let read = PresentationRequest::parse(&learner_cam.result().unwrap()).unwrap();
    assert_eq!(read, req);

    // 2. The learner consents; the phone signs and shows the presentation as animated frames.
    let presented = w.present(&[id], Some(&read), None).unwrap();
    let set = presentation_qr(&presented.text).unwrap();
    let n = set.frames.len();
    assert!(n > 1, "the micro-credential needs several frames ({} bytes)", presented.text.len());
    assert!(set.compressed);
    let shown: Vec<String> = set
        .frames
        .iter()
        .map(|f| {
            assert!(qr::render(f).unwrap().version <= frames::FRAME_VERSION);
            camera(f)
        })
        .collect();
    assert_eq!(shown, set.frames, "every frame reads back exactly");

    // A stray frame of another presentation (one-way, shown by someone else nearby).
    let stray = presentation_qr(&w.present(&[id], None, None).unwrap().text).unwrap();

    // 3. The employer's camera catches the frames in any order, one twice, a stray one between.
    let mut order = shuffled(n);
    order.insert(n / 2, order[0]);
    let mut employer_cam = Scanner::new();
    let mut got = BTreeSet::new();
    for (k, &i) in order.iter().enumerate() {
        let p = employer_cam.push(&shown[i]).unwrap();
        assert_eq!(p.new, got.insert(i), "push {k}: frame {i}");
        assert_eq!((p.received as usize, p.total as usize, p.source), (got.len(), n, ScanSource::Frames));
        assert_eq!(p.complete, got.len() == n);
        assert_eq!(p.content, p.complete.then_some(ScanContent::Presentation));
        if k == 1 {
            assert_eq!(employer_cam.push(&camera(&stray.frames[0])), Err(ScanError::OtherMessage));
            assert_eq!(employer_cam.missing().len(), n - got.len(), "the stray frame cost no progress");
        }
        assert_eq!(employer_cam.result().is_some(), p.complete);
    }
    let text = employer_cam.result().unwrap();
    assert_eq!(text, presented.text);

    // 4. Verified against the employer's own request, a minute later.
    let v = verifier_at(t0() + Duration::minutes(1));
    let r = verify_presentation(&v, text.as_bytes(), &Expectation::Request(req.clone())).unwrap();
    assert_verified(&r);
    // Against another request (a replay): not verified.
    let other = PresentationRequest::new("careers.acme.example", "ACME Careers", 600, t0()).unwrap();
    let r = verify_presentation(&v, text.as_bytes(), &Expectation::Request(other)).unwrap();
    assert_eq!(status(&r, CheckId::Challenge), (CheckStatus::Invalid, Some("challenge_mismatch".into())));
}

#[test]
fn signed_presentation_as_a_vp1_b_text() {
    let dir = Dir::new("scan", "vpqr");
    let (w, id) = learner(&dir);
    let req = PresentationRequest::new("careers.acme.example", "ACME Careers", 600, t0()).unwrap();
    let presented = w.present(&[id], Some(&req), None).unwrap();
    let vp: Value = serde_json::from_str(&presented.text).unwrap();
    let text = vpqr::encode(&vp).unwrap();
    assert!(text.starts_with("VP1-B"));
    // ~3,950 characters for this badge: one QR of version 39-40 at level L, too dense for a phone
    // to read reliably (frames are the way for a badge of this size) but a valid code.
    assert!(text.len() <= 4296, "{} characters", text.len());
    let m = qr::render(&text).unwrap();
    assert!(m.version > qr::MAX_SINGLE_VERSION && m.ec_level == qr::EcLevel::L, "v{} {:?}", m.version, m.ec_level);
    let seen = camera(&text);
    assert_eq!(seen, text);

    let mut cam = Scanner::new();
    let p = cam.push(&seen).unwrap();
    assert_eq!((p.received, p.total, p.complete, p.source, p.content), (1, 1, true, ScanSource::Vpqr, Some(ScanContent::Presentation)));
    assert!(!cam.push(&seen).unwrap().new, "the same code again");
    assert_eq!(cam.push(&presentation_qr(&presented.text).unwrap().frames[0]), Err(ScanError::OtherMessage));
    let back = cam.result().unwrap();
    // Not the same JSON text (CBOR-LD gives its own member order, `1.0` comes back as `1`) ...
    assert_ne!(back, presented.text);
    // ... but the same RDF: the holder's eddsa-rdfc-2022 proof and the badge's survive the
    // CBOR-LD round trip, and the challenge, domain, created and expires come back intact.
    let v = verifier_at(t0() + Duration::minutes(1));
    let r = verify_presentation(&v, back.as_bytes(), &Expectation::Request(req.clone())).unwrap();
    assert_verified(&r);
    let decoded: Value = serde_json::from_str(&back).unwrap();
    for k in ["challenge", "domain", "created", "expires", "proofValue"] {
        assert_eq!(decoded["proof"][k], vp["proof"][k], "{k}");
    }
    // Tampered inside the CBOR-LD (the domain re-encoded for another verifier): refused.
    let mut evil = vp.clone();
    evil["proof"]["domain"] = Value::String("evil.example".into());
    let mut cam = Scanner::new();
    cam.push(&vpqr::encode(&evil).unwrap()).unwrap();
    let r = verify_presentation(&v, cam.result().unwrap().as_bytes(), &Expectation::Request(req)).unwrap();
    assert_eq!(r.summary, Summary::NotVerified, "{}", brief(&r));
}

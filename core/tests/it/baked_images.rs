//! Baked badges (PNG text chunks, SVG `openbadges:*` elements): the real fixtures from the
//! Mozilla bakery and the 1EdTech validator, images these tests bake themselves with the `png`
//! crate's encoder, and hostile images (zip bombs, entities, truncation, conflicting badges).

use akashi_core::input::{detect, InputError, Payload};
use akashi_core::{CheckStatus, Envelope, Report, Verifier, VerifyOptions};
use png::text_metadata::{ITXtChunk, ZTXtChunk};
use serde_json::Value;

/// Chunk-level description of a test PNG's text chunks.
enum Text<'a> {
    /// iTXt, optionally compressed.
    Itxt(&'a str, &'a str, bool),
    /// Legacy tEXt (Latin-1 by the PNG spec).
    Plain(&'a str, &'a str),
    /// zTXt (compressed Latin-1).
    Ztxt(&'a str, &'a str),
}

/// A real 2×2 RGBA PNG written by the `png` encoder, with the given text chunks before the
/// image data (or after it, with `after_idat`).
fn bake(texts: &[Text], after_idat: bool) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 2, 2);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        let write_texts = |w: &mut png::Writer<&mut Vec<u8>>| {
            for t in texts {
                match t {
                    Text::Itxt(k, v, compressed) => {
                        let mut c = ITXtChunk::new(*k, *v);
                        if *compressed {
                            c.compressed = true;
                            c.compress_text().unwrap();
                        }
                        w.write_text_chunk(&c).unwrap();
                    }
                    Text::Plain(k, v) => w.write_text_chunk(&png::text_metadata::TEXtChunk::new(*k, *v)).unwrap(),
                    Text::Ztxt(k, v) => {
                        let mut c = ZTXtChunk::new(*k, *v);
                        c.compress_text().unwrap();
                        w.write_text_chunk(&c).unwrap();
                    }
                }
            }
        };
        if !after_idat {
            write_texts(&mut w);
        }
        w.write_image_data(&[0x7f; 16]).unwrap();
        if after_idat {
            write_texts(&mut w);
        }
        w.finish().unwrap();
    }
    out
}

/// Offline, at a fixed time, so that two runs give identical reports.
fn verifier() -> Verifier {
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").unwrap().with_timezone(&chrono::Utc);
    Verifier::new(VerifyOptions { offline: true, now: Some(now), ..Default::default() }).unwrap()
}

fn example_credential() -> String {
    std::fs::read_to_string(crate::common::repo_root().join("examples/credentials/micro-credential.json")).unwrap()
}

fn json_payload(bytes: &[u8]) -> serde_json::Map<String, Value> {
    match detect(bytes).unwrap().payload {
        Payload::Json(m) => m,
        other => panic!("expected JSON, got {other:?}"),
    }
}

fn is_malformed(r: Result<akashi_core::input::Detected, InputError>) -> bool {
    matches!(r, Err(InputError::MalformedImage { .. }))
}

/// Everything in a report except wall-clock stamps (at any depth) and the envelope.
fn comparable(r: &Report) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(o) => {
                o.remove("checked_at");
                o.remove("verified_at");
                o.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(r).unwrap();
    v.as_object_mut().unwrap().remove("envelope");
    strip(&mut v);
    v
}

// --- real fixtures ---

#[test]
fn mozilla_bakery_svgs_give_the_readme_extraction() {
    // baked.svg: the CDATA assertion wins over the verify attribute; its verify.url is the URL.
    let d = detect(&crate::common::fixture("other/baking/mozilla-openbadges-bakery/baked.svg")).unwrap();
    assert_eq!(d.envelope, Envelope::Svg);
    let Payload::Json(doc) = d.payload else { panic!("expected the assertion JSON") };
    assert_eq!(doc["verify"]["url"], "http://example.org");
    // no-json.svg: an empty CDATA, so the verify attribute (a URL) is the payload.
    let d = detect(&crate::common::fixture("other/baking/mozilla-openbadges-bakery/no-json.svg")).unwrap();
    assert_eq!((d.envelope, d.payload), (Envelope::Svg, Payload::Url("http://example.org".into())));
    // bad-json.svg: the CDATA is not JSON (unquoted key): a parse error, with its position.
    assert!(matches!(
        detect(&crate::common::fixture("other/baking/mozilla-openbadges-bakery/bad-json.svg")),
        Err(InputError::NotJson { .. })
    ));
    // unbaked.svg / unbaked.png: images without a badge.
    assert_eq!(detect(&crate::common::fixture("other/baking/mozilla-openbadges-bakery/unbaked.svg")), Err(InputError::NoBadgeInImage));
    assert_eq!(detect(&crate::common::fixture("other/baking/mozilla-openbadges-bakery/unbaked.png")), Err(InputError::NoBadgeInImage));
    // unbaked.png is no SVG either: the bakery's INVALID_SVG case.
    let png = crate::common::fixture("other/baking/mozilla-openbadges-bakery/unbaked.png");
    assert!(matches!(akashi_core::input::baked::extract_svg(&png), Err(InputError::MalformedImage { .. })));
}

#[test]
fn ob2_validator_png_holds_the_hosted_assertion() {
    let d = detect(&crate::common::fixture("ob2/1edtech-validator/simple-badge.png")).unwrap();
    assert_eq!(d.envelope, Envelope::Png);
    let Payload::Json(doc) = d.payload else { panic!("expected the assertion JSON") };
    assert_eq!(doc["type"], "Assertion");
    assert!(doc["@context"].as_str().unwrap().starts_with("https://w3id.org/openbadges/v2"));
}

#[test]
fn ob3_validator_images_hold_json_or_jwt() {
    for (file, envelope) in [("simple-json.png", Envelope::Png), ("simple-json.svg", Envelope::Svg)] {
        let d = detect(&crate::common::fixture(&format!("ob3/1edtech-validator/{file}"))).unwrap();
        assert_eq!(d.envelope, envelope, "{file}");
        let Payload::Json(doc) = d.payload else { panic!("{file}: expected the credential JSON") };
        assert!(doc["type"].as_array().unwrap().iter().any(|t| t == "OpenBadgeCredential"), "{file}");
        // README: valid (eddsa-rdfc-2022 proof verifies).
        let r = verifier().verify(&crate::common::fixture(&format!("ob3/1edtech-validator/{file}"))).unwrap();
        assert_eq!(r.envelope, envelope);
        assert_eq!(r.check(akashi_core::CheckId::Proof).unwrap().status, CheckStatus::Valid, "{file}: {r:?}");
        assert!(r.summary.is_verified(), "{file}: {:?}", r.summary);
    }
    for file in ["simple-jwt.png", "simple-jwt.svg", "simple-jwt_v1.png", "simple-jwt_v1.svg"] {
        let d = detect(&crate::common::fixture(&format!("ob3/1edtech-validator/{file}"))).unwrap();
        let Payload::CompactJws(jws) = d.payload else { panic!("{file}: expected a compact JWS") };
        assert_eq!(jws.split('.').count(), 3, "{file}");
        assert!(jws.starts_with("eyJ"), "{file}");
    }
}

// --- images baked here ---

#[test]
fn baked_png_verifies_exactly_like_the_json_file() {
    let json = example_credential();
    let from_json = verifier().verify(json.as_bytes()).unwrap();
    for after_idat in [false, true] {
        for compressed in [false, true] {
            let png = bake(&[Text::Plain("Software", "test"), Text::Itxt("openbadgecredential", &json, compressed)], after_idat);
            let from_png = verifier().verify(&png).unwrap();
            assert_eq!(from_png.envelope, Envelope::Png);
            assert_eq!(from_json.envelope, Envelope::Json);
            assert_eq!(comparable(&from_png), comparable(&from_json), "after_idat={after_idat} compressed={compressed}");
        }
    }
    assert!(from_json.summary.is_verified(), "{:?}", from_json.summary);
}

#[test]
fn every_badge_keyword_is_read() {
    let json = example_credential();
    for texts in [
        vec![Text::Itxt("clrcredential", &json, false)],
        vec![Text::Itxt("openbadges", &json, false)],
        vec![Text::Plain("openbadges", &json)],
        vec![Text::Ztxt("openbadges", &json)],
    ] {
        let doc = json_payload(&bake(&texts, false));
        assert_eq!(doc["name"], serde_json::from_str::<Value>(&json).unwrap()["name"]);
    }
    // Keywords are exact, and OB 3.0 / CLR keywords are iTXt only.
    for texts in [
        vec![Text::Itxt("OpenBadgeCredential", &json, false)],
        vec![Text::Plain("openbadgecredential", &json)],
        vec![Text::Itxt("comment", &json, false)],
    ] {
        assert_eq!(detect(&bake(&texts, false)), Err(InputError::NoBadgeInImage));
    }
}

#[test]
fn legacy_text_chunk_keeps_utf8_text() {
    // Bakers write UTF-8 into tEXt although the PNG spec says Latin-1; the text must survive.
    let url = "https://issuer.test/assertions/ünïcode";
    let bytes: String = url.as_bytes().iter().map(|&b| char::from(b)).collect();
    let d = detect(&bake(&[Text::Plain("openbadges", &bytes)], false)).unwrap();
    assert_eq!(d.payload, Payload::Url(url.into()));
}

#[test]
fn a_jws_in_itxt_is_a_compact_jws() {
    let jws = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci50ZXN0In0.c2lnbmF0dXJl";
    let d = detect(&bake(&[Text::Itxt("openbadgecredential", jws, false)], true)).unwrap();
    assert_eq!((d.envelope, d.payload), (Envelope::Png, Payload::CompactJws(jws.into())));
    // Text that is neither JSON, a JWS nor a URL is a malformed image, not "bad JSON".
    assert!(is_malformed(detect(&bake(&[Text::Itxt("openbadgecredential", "hello", false)], false))));
}

#[test]
fn compressed_zip_bomb_is_refused_not_inflated() {
    // 9 MiB of spaces deflate to a few KiB; inflating must stop at the 8 MiB cap.
    let bomb = " ".repeat(9 << 20);
    let png = bake(&[Text::Itxt("openbadgecredential", &bomb, true)], false);
    assert!(png.len() < 64 * 1024, "the bomb is small: {}", png.len());
    let inflates_past_cap = |r| matches!(r, Err(InputError::MalformedImage { reason }) if reason.contains("inflates past the size limit"));
    assert!(inflates_past_cap(detect(&png)));
    let png = bake(&[Text::Ztxt("openbadges", &bomb)], false);
    assert!(png.len() < 64 * 1024);
    assert!(inflates_past_cap(detect(&png)));
}

#[test]
fn truncated_and_corrupt_pngs_are_malformed() {
    let png = bake(&[Text::Itxt("openbadgecredential", &example_credential(), false)], false);
    for cut in [9, 30, png.len() / 2, png.len() - 1] {
        assert!(is_malformed(detect(&png[..cut])), "cut at {cut}");
    }
    // Flip a byte inside the badge chunk: its CRC no longer matches.
    let at = png.windows(4).position(|w| w == b"iTXt").unwrap() + 40;
    let mut bad = png.clone();
    bad[at] ^= 0x20;
    assert!(is_malformed(detect(&bad)));
    // A flipped byte in the header (a critical chunk) is fatal too.
    let mut bad = png.clone();
    bad[20] ^= 0x01;
    assert!(is_malformed(detect(&bad)));
}

#[test]
fn png_without_badge_says_so() {
    assert_eq!(detect(&bake(&[], false)), Err(InputError::NoBadgeInImage));
    assert_eq!(detect(&bake(&[Text::Plain("Software", "paint")], true)), Err(InputError::NoBadgeInImage));
}

#[test]
fn several_badges_first_wins_conflicts_are_refused() {
    let json = example_credential();
    let url = "https://issuer.test/assertions/1";
    // Different kinds: the first in file order is read.
    let d = detect(&bake(&[Text::Itxt("openbadges", url, false), Text::Itxt("openbadgecredential", &json, false)], false)).unwrap();
    assert_eq!(d.payload, Payload::Url(url.into()));
    // Same kind, same content: harmless.
    let d = detect(&bake(&[Text::Itxt("openbadges", url, false), Text::Plain("openbadges", url)], false)).unwrap();
    assert_eq!(d.payload, Payload::Url(url.into()));
    // Same kind, different content: ambiguous.
    let two = bake(&[Text::Itxt("openbadgecredential", &json, false), Text::Itxt("openbadgecredential", url, false)], false);
    assert!(is_malformed(detect(&two)));
}

const SVG_HEAD: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" viewBox="0 0 10 10">"#;

#[test]
fn svg_with_cdata_json_verifies_like_the_json_file() {
    let json = example_credential();
    let svg = format!(
        "<?xml version=\"1.0\"?>\n{SVG_HEAD}<openbadges:credential><![CDATA[{json}]]></openbadges:credential><circle r=\"4\"/></svg>"
    );
    let from_svg = verifier().verify(svg.as_bytes()).unwrap();
    let from_json = verifier().verify(json.as_bytes()).unwrap();
    assert_eq!(from_svg.envelope, Envelope::Svg);
    assert_eq!(comparable(&from_svg), comparable(&from_json));
    // A common external DOCTYPE declares nothing and is accepted.
    let svg = format!(
        "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">{SVG_HEAD}<openbadges:credential><![CDATA[{json}]]></openbadges:credential></svg>"
    );
    assert!(matches!(detect(svg.as_bytes()).unwrap().payload, Payload::Json(_)));
}

#[test]
fn svg_with_verify_jws() {
    let jws = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci50ZXN0In0.c2lnbmF0dXJl";
    let svg = format!("{SVG_HEAD}<openbadges:credential verify=\"{jws}\"></openbadges:credential></svg>");
    let d = detect(svg.as_bytes()).unwrap();
    assert_eq!((d.envelope, d.payload), (Envelope::Svg, Payload::CompactJws(jws.into())));
    // OB 2.0 element, prefix chosen freely, verify URL.
    let svg =
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:b="http://openbadges.org"><b:assertion verify="https://issuer.test/a/1"/></svg>"#;
    assert_eq!(detect(svg.as_bytes()).unwrap().payload, Payload::Url("https://issuer.test/a/1".into()));
    // CLR 2.0 and OB 3.0 namespaces (the spec's), any prefix.
    for ns in ["https://purl.imsglobal.org/clr/v2p0", "https://purl.imsglobal.org/ob/v3p0"] {
        let svg = format!(r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="{ns}"><x:credential verify="{jws}"/></svg>"#);
        assert_eq!(detect(svg.as_bytes()).unwrap().payload, Payload::CompactJws(jws.into()), "{ns}");
        let svg = format!(r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="{ns}"><x:assertion verify="{jws}"/></svg>"#);
        assert_eq!(detect(svg.as_bytes()), Err(InputError::NoBadgeInImage), "{ns}: OB 2.0 element name");
    }
    // An empty badge element without verify is malformed.
    let svg = format!("{SVG_HEAD}<openbadges:credential>  </openbadges:credential></svg>");
    assert!(is_malformed(detect(svg.as_bytes())));
}

#[test]
fn svg_with_entities_is_refused() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion>&lol2;</openbadges:assertion></svg>"#;
    assert!(is_malformed(detect(laughs.as_bytes())));
    let external = r#"<!DOCTYPE svg [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]><svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion>&xxe;</openbadges:assertion></svg>"#;
    assert!(is_malformed(detect(external.as_bytes())));
}

#[test]
fn svg_without_badge_and_oversized_svgs() {
    let plain = r#"<svg xmlns="http://www.w3.org/2000/svg"><title>badge</title><circle r="4"/></svg>"#;
    assert_eq!(detect(plain.as_bytes()), Err(InputError::NoBadgeInImage));
    // A badge-like element outside the OB namespace is not a badge.
    let other = r#"<svg xmlns="http://www.w3.org/2000/svg"><assertion verify="https://issuer.test/a/1"/></svg>"#;
    assert_eq!(detect(other.as_bytes()), Err(InputError::NoBadgeInImage));
    // Node count is capped before the DOM grows without bound.
    let many = format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>", "<g/>".repeat(300_000));
    assert!(is_malformed(detect(many.as_bytes())));
    // Not UTF-8.
    assert!(is_malformed(detect(b"<svg>\xff\xfe</svg>")));
}

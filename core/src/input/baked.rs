//! Baked badges: the credential carried inside a PNG or SVG image.
//!
//! **PNG** (read with the `png` crate's chunk-level `StreamingDecoder`; pixel data is never
//! inflated, only its chunk CRCs are checked): a text chunk whose keyword names a badge —
//! `iTXt` `openbadgecredential` (OB 3.0), `iTXt` `clrcredential` (CLR 2.0), `iTXt`
//! `openbadges` (OB 2.0), and the legacy `tEXt` / `zTXt` `openbadges` (OB 1.x / early 2.0
//! bakers). Compressed `iTXt` / `zTXt` text is inflated with a cap of
//! [`MAX_INPUT_BYTES`](super::MAX_INPUT_BYTES), so a zip bomb is a
//! [`InputError::MalformedImage`], never an allocation.
//!
//! **SVG** (read with `roxmltree`: a namespace-aware DOM parser that never loads external
//! entities, detects entity loops and caps the number of nodes): the first badge element,
//! matched by namespace URI and local name, whatever its prefix —
//! `https://purl.imsglobal.org/ob/v3p0` `credential` (OB 3.0), `https://purl.imsglobal.org/clr/v2p0`
//! `credential` (CLR 2.0), `http://openbadges.org` `assertion` (OB 2.0) or `credential`. Its
//! text (usually a CDATA section) is the payload; when it has none, its `verify` attribute is
//! (a compact JWS or a URL). A plain `<!DOCTYPE svg PUBLIC …>` (as illustration tools write
//! it, and as the 1EdTech validator's own OB 3.0 SVGs have) declares nothing and is accepted;
//! a DOCTYPE with an internal subset (entity declarations: the billion-laughs and external
//! entity vectors) is refused before parsing.
//!
//! **Several badges in one image.** The OB 3.0 baking rules say the chunk MUST NOT appear
//! more than once and that extraction reads "until the first" one; OB 2.0 says the same of
//! the SVG element. So the first badge in file order wins. A second badge of the *same* kind
//! with *different* content is refused as malformed: the image is ambiguous, and showing one
//! of two conflicting badges would be a guess. Badges of different kinds (say an OB 2.0 and an
//! OB 3.0 version of the same award) do not conflict; the first is read.
//!
//! The payload is returned as raw text; [`super::detect`] reads it as JSON, a JWS or a URL.

use png::chunk::{self, ChunkType};
use png::{Decoded, StreamingDecoder};

use super::{InputError, MAX_INPUT_BYTES};

/// The OB 2.0 baking namespace (Mozilla bakery, OB 2.0 spec).
const OB2_NAMESPACE: &str = "http://openbadges.org";
/// The OB 3.0 baking namespace (OB 3.0 spec, "Baking": `xmlns:openbadges`).
const OB3_NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";
/// The CLR 2.0 baking namespace.
const CLR_NAMESPACE: &str = "https://purl.imsglobal.org/clr/v2p0";

/// Whether an element (namespace URI, local name) is a baked badge.
fn is_badge_element(namespace: Option<&str>, name: &str) -> bool {
    let Some(ns) = namespace.map(|ns| ns.trim_end_matches('/')) else {
        return false;
    };
    match ns {
        OB2_NAMESPACE => matches!(name, "assertion" | "credential"),
        OB3_NAMESPACE | CLR_NAMESPACE => name == "credential",
        _ => false,
    }
}

/// Most XML nodes an SVG may have. Real badge artwork has a few thousand; the cap bounds
/// the DOM's memory for an 8 MiB hostile document.
pub const MAX_SVG_NODES: u32 = 200_000;

fn malformed(reason: &'static str) -> InputError {
    InputError::MalformedImage { reason }
}

/// Which badge chunk, for the "same kind, different content" rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PngBadge {
    /// `iTXt` `openbadgecredential`.
    Ob3,
    /// `iTXt` `clrcredential`.
    Clr,
    /// `iTXt`, `tEXt` or `zTXt` `openbadges`.
    Ob2,
}

fn png_badge_kind(keyword: &str) -> Option<PngBadge> {
    match keyword {
        "openbadgecredential" => Some(PngBadge::Ob3),
        "clrcredential" => Some(PngBadge::Clr),
        "openbadges" => Some(PngBadge::Ob2),
        _ => None,
    }
}

/// A text chunk as it appeared in the file: its type and its index among chunks of that
/// type in the decoder's `Info`.
#[derive(Debug, Clone, Copy)]
enum TextRef {
    Itxt(usize),
    Text(usize),
    Ztxt(usize),
}

/// The baked payload of a PNG image: the text of its first badge chunk.
pub fn extract_png(bytes: &[u8]) -> Result<Vec<u8>, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { limit_bytes: MAX_INPUT_BYTES as u64 });
    }
    let mut decoder = StreamingDecoder::new();
    let mut rest = bytes;
    let mut text_chunks: Vec<TextRef> = Vec::new();
    let mut corrupt_text_chunk = false;
    let mut ended = false;
    while !rest.is_empty() {
        // `None`: image data is skipped (CRC-checked, not inflated).
        let (used, event) = decoder.update(rest, None).map_err(|_| malformed("the PNG is corrupt"))?;
        rest = &rest[used..];
        match event {
            Decoded::ChunkComplete(chunk::IEND) => {
                ended = true;
                break;
            }
            Decoded::ChunkComplete(kind) if is_text_chunk(kind) => {
                let Some(info) = decoder.info() else { continue };
                // The decoder appends each text chunk it accepted to the list for its type; a
                // new entry means this chunk was read (not dropped as bad).
                let seen = |r: &TextRef| {
                    matches!((r, kind), (TextRef::Itxt(_), chunk::iTXt) | (TextRef::Text(_), chunk::tEXt) | (TextRef::Ztxt(_), chunk::zTXt))
                };
                let known = text_chunks.iter().filter(|r| seen(r)).count();
                let now = match kind {
                    chunk::iTXt => info.utf8_text.len(),
                    chunk::tEXt => info.uncompressed_latin1_text.len(),
                    _ => info.compressed_latin1_text.len(),
                };
                for i in known..now {
                    text_chunks.push(match kind {
                        chunk::iTXt => TextRef::Itxt(i),
                        chunk::tEXt => TextRef::Text(i),
                        _ => TextRef::Ztxt(i),
                    });
                }
            }
            Decoded::BadAncillaryChunk(kind) if is_text_chunk(kind) => corrupt_text_chunk = true,
            Decoded::Nothing if used == 0 => break,
            _ => {}
        }
    }
    if !ended {
        return Err(malformed("the PNG is truncated (no IEND chunk)"));
    }
    let Some(info) = decoder.info() else {
        return Err(malformed("the PNG has no header"));
    };

    let mut found: Option<(PngBadge, Vec<u8>)> = None;
    for r in text_chunks {
        let (keyword, payload) = match r {
            TextRef::Itxt(i) => {
                let Some(c) = info.utf8_text.get(i) else {
                    continue;
                };
                if png_badge_kind(&c.keyword).is_none() {
                    continue;
                }
                let mut c = c.clone();
                c.decompress_text_with_limit(MAX_INPUT_BYTES)
                    .map_err(|_| malformed("the baked badge's compressed text is corrupt or inflates past the size limit"))?;
                let text = c.get_text().map_err(|_| malformed("the baked badge's text is not UTF-8"))?;
                (c.keyword, text.into_bytes())
            }
            TextRef::Text(i) => {
                let Some(c) = info.uncompressed_latin1_text.get(i) else {
                    continue;
                };
                (c.keyword.clone(), latin1_payload(&c.text))
            }
            TextRef::Ztxt(i) => {
                let Some(c) = info.compressed_latin1_text.get(i) else {
                    continue;
                };
                if png_badge_kind(&c.keyword).is_none() {
                    continue;
                }
                let mut c = c.clone();
                c.decompress_text_with_limit(MAX_INPUT_BYTES)
                    .map_err(|_| malformed("the baked badge's compressed text is corrupt or inflates past the size limit"))?;
                let text = c.get_text().map_err(|_| malformed("the baked badge's compressed text is corrupt"))?;
                (c.keyword, latin1_payload(&text))
            }
        };
        // Only `openbadges` is a legacy tEXt / zTXt keyword; OB 3.0 and CLR use iTXt only.
        let kind = match (png_badge_kind(&keyword), r) {
            (Some(PngBadge::Ob2), _) => PngBadge::Ob2,
            (Some(k), TextRef::Itxt(_)) => k,
            _ => continue,
        };
        match &found {
            None => found = Some((kind, payload)),
            Some((k, first)) if *k == kind && *first != payload => {
                return Err(malformed("the image holds two different badges of the same kind"));
            }
            Some(_) => {}
        }
    }
    match found {
        Some((_, payload)) => Ok(payload),
        None if corrupt_text_chunk => Err(malformed("a text chunk of the PNG is corrupt")),
        None => Err(InputError::NoBadgeInImage),
    }
}

fn is_text_chunk(kind: ChunkType) -> bool {
    matches!(kind, chunk::iTXt | chunk::tEXt | chunk::zTXt)
}

/// `tEXt` / `zTXt` are Latin-1 by the PNG spec, and the decoder maps each byte to one char.
/// Bakers wrote UTF-8 JSON into them anyway, so the original bytes are recovered and used
/// when they are UTF-8; otherwise the text is taken as the Latin-1 it claims to be.
fn latin1_payload(text: &str) -> Vec<u8> {
    let raw: Option<Vec<u8>> = text.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
    match raw {
        Some(raw) if std::str::from_utf8(&raw).is_ok() => raw,
        _ => text.as_bytes().to_vec(),
    }
}

/// The baked payload of an SVG image: the text of its first `openbadges:credential` /
/// `openbadges:assertion` element, or else that element's `verify` attribute.
pub fn extract_svg(bytes: &[u8]) -> Result<Vec<u8>, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { limit_bytes: MAX_INPUT_BYTES as u64 });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| malformed("the SVG is not UTF-8 text"))?;
    if has_internal_dtd_subset(text) {
        return Err(malformed("the SVG declares a DTD with entities (refused)"));
    }
    // `allow_dtd` only admits a DOCTYPE without internal subset (checked above); no entity
    // resolver is set, so nothing external is ever loaded.
    let options = roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: MAX_SVG_NODES, entity_resolver: None };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => malformed("the SVG declares a DTD with entities (refused)"),
        roxmltree::Error::NodesLimitReached => malformed("the SVG has too many nodes"),
        roxmltree::Error::EntityReferenceLoop(_) => malformed("the SVG has recursive entity references"),
        _ => malformed("the SVG is not well-formed XML"),
    })?;
    if doc.root_element().tag_name().name() != "svg" {
        return Err(malformed("the input is XML but not an SVG image"));
    }

    let mut found: Option<(&str, String)> = None;
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name();
        if !is_badge_element(name.namespace(), name.name()) {
            continue;
        }
        let content: String = node.children().filter(|c| c.is_text()).filter_map(|c| c.text()).collect();
        let content = content.trim();
        let payload = if !content.is_empty() {
            content.to_owned()
        } else {
            let verify = node
                .attributes()
                .find(|a| a.name() == "verify" && (a.namespace().is_none() || a.namespace() == name.namespace()))
                .map(|a| a.value().trim().to_owned());
            match verify {
                Some(v) if !v.is_empty() => v,
                _ => return Err(malformed("the SVG's badge element is empty and has no verify attribute")),
            }
        };
        match &found {
            None => found = Some((name.name(), payload)),
            Some((kind, first)) if *kind == name.name() && *first != payload => {
                return Err(malformed("the image holds two different badges of the same kind"));
            }
            Some(_) => {}
        }
    }
    found.map(|(_, p)| p.into_bytes()).ok_or(InputError::NoBadgeInImage)
}

/// Whether the prolog has `<!DOCTYPE … [ … ]>`: an internal subset, where entities are
/// declared. Quoted public / system identifiers are skipped so a `[` in a URL is no subset.
fn has_internal_dtd_subset(text: &str) -> bool {
    let Some(start) = text.find("<!DOCTYPE") else {
        return false;
    };
    // Only the prolog can hold the DOCTYPE; one after the root start tag is not well-formed
    // and the parser refuses it anyway.
    if text[..start].contains("<svg") {
        return false;
    }
    let mut quote: Option<u8> = None;
    for &b in text.as_bytes()[start + "<!DOCTYPE".len()..].iter() {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => return true,
            (None, b'>') => return false,
            (None, _) => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_text_recovers_utf8_bytes() {
        // "é" written as UTF-8 bytes into a tEXt chunk arrives as two Latin-1 chars.
        let decoded: String = "é".as_bytes().iter().map(|&b| char::from(b)).collect();
        assert_eq!(latin1_payload(&decoded), "é".as_bytes());
        // A true Latin-1 "é" (one byte 0xE9, not UTF-8) is transcoded.
        assert_eq!(latin1_payload("\u{e9}"), "é".as_bytes());
    }

    #[test]
    fn internal_subset_detection() {
        assert!(!has_internal_dtd_subset(
            r#"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://x.test/a[1].dtd"><svg/>"#
        ));
        assert!(has_internal_dtd_subset(r#"<!DOCTYPE svg [<!ENTITY a "b">]><svg/>"#));
        assert!(has_internal_dtd_subset(r#"<!DOCTYPE svg SYSTEM "x.dtd" [ ]><svg/>"#));
        assert!(!has_internal_dtd_subset("<svg><text>&lt;!DOCTYPE [</text></svg>"));
    }

    #[test]
    fn svg_namespace_is_matched_by_uri_not_prefix() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="http://openbadges.org"><ob:assertion verify="https://issuer.test/a/1"/></svg>"#;
        assert_eq!(extract_svg(svg).unwrap(), b"https://issuer.test/a/1");
        let wrong_ns = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://example.org/not-ob"><openbadges:assertion verify="https://issuer.test/a/1"/></svg>"#;
        assert_eq!(extract_svg(wrong_ns), Err(InputError::NoBadgeInImage));
    }

    #[test]
    fn svg_conflicting_badges_are_refused() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://a.test/1"/><openbadges:assertion verify="https://a.test/2"/></svg>"#;
        assert!(matches!(extract_svg(svg), Err(InputError::MalformedImage { .. })));
    }

    #[test]
    fn non_svg_xml_is_malformed() {
        assert!(matches!(extract_svg(b"<html><body/></html>"), Err(InputError::MalformedImage { .. })));
        assert!(matches!(extract_svg(b"<svg"), Err(InputError::MalformedImage { .. })));
    }
}

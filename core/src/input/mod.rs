//! Reading input: bytes → what they hold (a bounded JSON object, a compact JWS, a URL),
//! and the envelope they came in (plain text, or baked into a PNG or SVG image).
//!
//! Limits are checked before anything else so that hostile input (huge, deeply nested)
//! is refused cheaply and never reaches recursive code.

pub mod baked;

use serde_json::{Map, Value};

use crate::report::Envelope;

/// Largest input accepted, in bytes. Real badges with embedded images stay well below this.
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;
/// Deepest JSON nesting accepted. OB 3.0 credentials nest about 8 levels deep.
pub const MAX_DEPTH: u32 = 64;

/// Why input could not even be read. Carries no content of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The input is larger than [`MAX_INPUT_BYTES`].
    #[error("input is larger than {limit_bytes} bytes")]
    TooLarge {
        /// The limit that was exceeded.
        limit_bytes: u64,
    },
    /// The input nests deeper than [`MAX_DEPTH`].
    #[error("input nests deeper than {limit} levels")]
    TooDeep {
        /// The limit that was exceeded.
        limit: u32,
    },
    /// The input is not valid JSON (position of the first error, 1-based).
    #[error("input is not valid JSON (line {line}, column {column})")]
    NotJson {
        /// Line of the first error.
        line: u64,
        /// Column of the first error.
        column: u64,
    },
    /// The input is JSON but not an object, so it cannot be a credential.
    #[error("input is JSON but not an object")]
    NotAnObject,
    /// The input is an image (PNG or SVG) with no badge baked into it.
    #[error("the image has no badge baked into it")]
    NoBadgeInImage,
    /// The input looks like a PNG or SVG image but cannot be read as one (corrupt, truncated,
    /// or over the decompression or size limits).
    #[error("the image cannot be read: {reason}")]
    MalformedImage {
        /// What is wrong, without any of the image's content.
        reason: &'static str,
    },
    /// A URL was given but it may not be fetched (not HTTPS, or verification is offline).
    #[error("the URL cannot be fetched: {reason}")]
    UrlNotFetchable {
        /// Why (fixed text, never the URL or its content).
        reason: &'static str,
    },
    /// The input is QR text (a `VP1-B…` / `VP1-R…` VPQR, or Akashi `AKF1:` frames) that cannot
    /// be decoded.
    #[error("the QR text cannot be read: {reason}")]
    MalformedQrText {
        /// What is wrong (fixed text, never the scanned content).
        reason: &'static str,
    },
    /// Akashi QR frames, but not all of a message's frames: scan the missing ones.
    #[error("only {received} of {total} QR frames: scan the missing ones")]
    IncompleteQrFrames {
        /// Distinct frames present.
        received: u32,
        /// Frames in the message.
        total: u32,
    },
    /// Fetching a URL given as input failed (unreachable, timeout, HTTP error, too large).
    #[error("fetching the URL failed{}", http_status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    FetchFailed {
        /// The HTTP status, when the server answered.
        http_status: Option<u16>,
    },
}

/// What the input holds once unwrapped.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A JSON object: a credential, a presentation, or an OB 2.0 assertion.
    Json(Map<String, Value>),
    /// A compact JWS: a VC-JWT / VP-JWT, or an OB 2.0 signed assertion.
    CompactJws(String),
    /// A URL to fetch the credential or hosted assertion from.
    Url(String),
}

/// The input, unwrapped, and how it was wrapped.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    /// How the input was wrapped.
    pub envelope: Envelope,
    /// What it holds.
    pub payload: Payload,
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Reads `bytes` as one input: a JSON object, a compact JWS, an `http(s)://` URL, or a PNG or
/// SVG image with a badge baked into it (whose payload is one of the former).
pub fn detect(bytes: &[u8]) -> Result<Detected, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { limit_bytes: MAX_INPUT_BYTES as u64 });
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        let payload = baked::extract_png(bytes)?;
        return Ok(Detected { envelope: Envelope::Png, payload: read_payload(&payload, true)? });
    }
    let trimmed = trim_start(strip_bom(bytes));
    if trimmed.first() == Some(&b'<') {
        let payload = baked::extract_svg(trimmed)?;
        return Ok(Detected { envelope: Envelope::Svg, payload: read_payload(&payload, true)? });
    }
    if trimmed.starts_with(b"VP1-") || trimmed.starts_with(b"AKF1:") {
        return read_qr_text(trimmed);
    }
    let payload = read_payload(bytes, false)?;
    let envelope = match payload {
        Payload::CompactJws(_) => Envelope::CompactJws,
        Payload::Url(_) => Envelope::Url,
        Payload::Json(_) => Envelope::Json,
    };
    Ok(Detected { envelope, payload })
}

/// QR text, as a scanner or a file gives it: one VPQR text (a CBOR-LD presentation, decoded
/// with the bundled contexts only), or the `AKF1:` frames of one message, one per line (any
/// order, repeats allowed), reassembled into the JSON or JWS they carry.
fn read_qr_text(bytes: &[u8]) -> Result<Detected, InputError> {
    use crate::present::{frames, scan::ScanError, vpqr};
    // The scanner's classification of frame and VPQR errors, as one fixed reason.
    let bad = |reason| InputError::MalformedQrText { reason };
    // Only line ends are trimmed: base45 uses the space character, so a frame may end in one.
    let text = std::str::from_utf8(bytes).map_err(|_| bad("not text"))?.trim_end_matches(['\n', '\r']);
    if text.starts_with("VP1-") {
        let doc = vpqr::decode(text).map_err(|e| bad(ScanError::from(e).reason()))?;
        // Back through the JSON reader, so the depth and size limits hold for decoded input too.
        let json = serde_json::to_vec(&doc).map_err(|_| bad("the VPQR payload is not a CBOR-LD presentation"))?;
        return Ok(Detected { envelope: Envelope::Vpqr, payload: Payload::Json(read_json_object(&json)?) });
    }
    let mut assembler = frames::Assembler::new();
    let mut progress = None;
    for frame in text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).filter(|l| !l.is_empty()) {
        progress = Some(assembler.push(frame).map_err(|e| bad(ScanError::from(e).reason()))?);
    }
    match (assembler.complete(), progress) {
        (Some(payload), _) => Ok(Detected { envelope: Envelope::QrFrames, payload: read_payload(&payload, false)? }),
        (None, Some(p)) => Err(InputError::IncompleteQrFrames { received: p.received, total: p.total }),
        (None, None) => Err(bad("no frame")),
    }
}

/// Reads text as JSON, a compact JWS or a URL. With `baked`, text that is none of these is
/// reported as a malformed image rather than as bad JSON.
fn read_payload(bytes: &[u8], baked: bool) -> Result<Payload, InputError> {
    let text = trim_end(trim_start(strip_bom(bytes)));
    if !matches!(text.first(), Some(b'{') | Some(b'[')) {
        if let Ok(s) = std::str::from_utf8(text) {
            if is_compact_jws(s) {
                return Ok(Payload::CompactJws(s.to_owned()));
            }
            if is_url(s) {
                return Ok(Payload::Url(s.to_owned()));
            }
        }
        if baked {
            return Err(InputError::MalformedImage { reason: "the baked badge is not JSON, a JWS or a URL" });
        }
    }
    read_json_object(text).map(Payload::Json)
}

/// Three base64url segments separated by dots (header and payload non-empty).
pub fn is_compact_jws(s: &str) -> bool {
    let mut parts = s.split('.');
    let (Some(h), Some(p), Some(sig), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let b64url = |x: &str| x.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
    !h.is_empty() && !p.is_empty() && b64url(h) && b64url(p) && b64url(sig)
}

fn is_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() <= 4096
        && !s.bytes().any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
        && url::Url::parse(s).is_ok()
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn trim_end(b: &[u8]) -> &[u8] {
    let n = b.iter().rev().take_while(|c| c.is_ascii_whitespace()).count();
    &b[..b.len() - n]
}

/// Parses `bytes` as one JSON object, enforcing the size and depth limits.
pub fn read_json_object(bytes: &[u8]) -> Result<serde_json::Map<String, Value>, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { limit_bytes: MAX_INPUT_BYTES as u64 });
    }
    check_depth(bytes)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(InputError::NotAnObject),
        Err(e) => Err(InputError::NotJson { line: e.line() as u64, column: e.column() as u64 }),
    }
}

/// Scans the raw bytes for bracket depth (ignoring brackets inside strings), so that the
/// JSON parser and every recursive step after it only ever see bounded nesting.
fn check_depth(bytes: &[u8]) -> Result<(), InputError> {
    let mut depth: u32 = 0;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(InputError::TooDeep { limit: MAX_DEPTH });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_json_with_position() {
        assert!(matches!(read_json_object(b"not json"), Err(InputError::NotJson { line: 1, .. })));
        assert!(matches!(read_json_object(b"{\n  \"a\": }"), Err(InputError::NotJson { line: 2, .. })));
    }

    #[test]
    fn rejects_arrays_and_scalars() {
        assert_eq!(read_json_object(b"[1,2]"), Err(InputError::NotAnObject));
        assert_eq!(read_json_object(b"\"x\""), Err(InputError::NotAnObject));
    }

    #[test]
    fn rejects_deep_nesting_before_parsing() {
        let deep = "[".repeat(100_000);
        assert_eq!(read_json_object(deep.as_bytes()), Err(InputError::TooDeep { limit: MAX_DEPTH }));
        // Brackets inside strings do not count.
        let s = format!("{{\"a\":\"{}\"}}", "[".repeat(1000));
        assert!(read_json_object(s.as_bytes()).is_ok());
    }

    #[test]
    fn rejects_oversized_input() {
        let big = vec![b' '; MAX_INPUT_BYTES + 1];
        assert_eq!(read_json_object(&big), Err(InputError::TooLarge { limit_bytes: MAX_INPUT_BYTES as u64 }));
    }

    #[test]
    fn detects_jws_and_urls() {
        let d = detect(b"  eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln\n").unwrap();
        assert_eq!(d.envelope, Envelope::CompactJws);
        assert!(matches!(d.payload, Payload::CompactJws(ref s) if s.ends_with(".c2ln")));
        let d = detect(b"https://example.org/assertions/1").unwrap();
        assert_eq!(d.payload, Payload::Url("https://example.org/assertions/1".into()));
        assert!(matches!(detect(b"https://exa mple.org/"), Err(InputError::NotJson { .. })));
        assert!(matches!(detect(b"a.b"), Err(InputError::NotJson { .. })));
        assert!(matches!(detect(b"{\"a\":1}").unwrap().payload, Payload::Json(_)));
    }

    #[test]
    fn accepts_bom() {
        assert!(read_json_object(b"\xEF\xBB\xBF{}").is_ok());
    }
}

//! The scanning side of the QR transport, and the QR codes the apps show (issue 6).
//!
//! An app feeds a [`Scanner`] every text its camera decodes, in whatever order they come:
//!
//! - `AKF1:` frames of an animated sequence ([`super::frames`]): collected by a
//!   [`frames::Assembler`], with progress, until every frame has arrived;
//! - a `VP1-B…` / `VP1-R…` text ([`super::vpqr`], e.g. from DCC's Learner Credential Wallet):
//!   complete at once, the presentation as compact JSON;
//! - a presentation or request as JSON (a single small QR, e.g. [`request_qr`]), or a compact
//!   JWS: complete at once, exactly as scanned.
//!
//! While one message is being assembled (or once it is complete), a text of another message is
//! refused ([`ScanError::OtherMessage`]) without losing what was collected; [`Scanner::reset`]
//! starts over. A misread frame is refused the same way. Errors carry fixed reasons only, never
//! scanned content.
//!
//! For showing: [`presentation_qr`] (a presentation's text → one QR text or `AKF1:` frames) and
//! [`request_qr`] (a request → one QR code).

use super::frames::{self, FrameError};
use super::qr::{self, QrError, QrMatrix};
use super::request::{PresentationRequest, REQUEST_TYPE};
use super::vpqr::{self, VpqrError};
use crate::input::{self, Payload};

/// Longest single text (not a frame) a [`Scanner`] reads: a version-40 QR holds at most 7,089
/// characters; longer texts come from a link or a file, and are still read up to this bound.
pub const MAX_SCANNED_TEXT: usize = vpqr::MAX_TEXT;

/// How the scanned message travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ScanSource {
    /// Akashi's `AKF1:` frames (one or an animated sequence).
    Frames,
    /// A `VP1-B` / `VP1-R` text (CBOR-LD).
    Vpqr,
    /// A JSON object or compact JWS as plain text in one QR.
    Text,
}

/// What a complete scan holds, judged from its `type` only (nothing is verified here: hand a
/// presentation to [`super::verify_presentation`], a request to [`PresentationRequest::parse`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ScanContent {
    /// A JSON object whose `type` includes `VerifiablePresentation`.
    Presentation,
    /// A JSON object whose `type` is `AkashiPresentationRequest`.
    Request,
    /// Another JSON object (e.g. a bare credential) or a compact JWS (a VC-JWT or VP-JWT).
    Other,
}

/// How far a [`Scanner`] is, after a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ScanProgress {
    /// Distinct parts received (frames; 1 for a single text).
    pub received: u32,
    /// Parts in the message (frames; 1 for a single text).
    pub total: u32,
    /// Whether the message is complete: [`Scanner::result`] has it.
    pub complete: bool,
    /// Whether this push added something (false for a repeat of a frame or text already read).
    pub new: bool,
    /// How the message travels.
    pub source: ScanSource,
    /// What the message holds, once complete.
    pub content: Option<ScanContent>,
}

/// Why a scanned text was refused. Fixed reasons only, never scanned content. Except for
/// [`ScanError::Corrupt`] and [`ScanError::Unreadable`] after the last frame, a refused text
/// leaves the scanner as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    /// Not a text of the exchange: neither an `AKF1:` frame, a `VP1-` text, a JSON object nor a
    /// compact JWS (e.g. a web link or another app's QR code).
    #[error("not a QR code of a presentation exchange")]
    NotRecognized,
    /// A frame or VPQR text that does not read (header, encoding, checksum): a misread or an
    /// edited code. Keep scanning.
    #[error("misread QR code: {reason}")]
    Misread {
        /// What did not read (fixed text).
        reason: &'static str,
    },
    /// A text of another message than the one being assembled (or already complete): refused,
    /// the progress is kept. [`Scanner::reset`] to scan another message.
    #[error("a QR code of another message: reset the scanner to read it")]
    OtherMessage,
    /// A frame with the same message id that contradicts earlier frames (another total, or
    /// other content for an index already received).
    #[error("a frame contradicts earlier frames of the same message")]
    Inconsistent,
    /// Every frame arrived but the message does not check out (hash or compression): the
    /// scanner has been reset, scan the sequence again.
    #[error("the assembled message is corrupt; scanning starts over")]
    Corrupt,
    /// The text or the assembled message is larger than the limits.
    #[error("the scanned message is too large")]
    TooLarge,
    /// The message arrived whole but its content cannot be read: CBOR-LD that does not decode,
    /// a context Akashi does not bundle, or frames carrying something other than a JSON object
    /// or a JWS (after the last frame the scanner has been reset).
    #[error("the scanned message cannot be read: {reason}")]
    Unreadable {
        /// Why (fixed text).
        reason: &'static str,
    },
}

impl ScanError {
    /// The fixed reason, for errors that carry one line of text (the verifier's input error).
    pub fn reason(&self) -> &'static str {
        match self {
            ScanError::NotRecognized => "not an Akashi QR frame or a VPQR text",
            ScanError::Misread { reason } | ScanError::Unreadable { reason } => reason,
            ScanError::OtherMessage => "QR codes of two different messages",
            ScanError::Inconsistent => "frames contradict each other",
            ScanError::Corrupt => "the reassembled message is corrupt",
            ScanError::TooLarge => "the QR message is too large",
        }
    }
}

impl From<FrameError> for ScanError {
    fn from(e: FrameError) -> Self {
        match e {
            FrameError::NotAFrame => ScanError::NotRecognized,
            FrameError::BadHeader(_) => ScanError::Misread { reason: "malformed frame header" },
            FrameError::BadData => ScanError::Misread { reason: "frame data is not base45" },
            FrameError::Checksum => ScanError::Misread { reason: "frame checksum mismatch" },
            FrameError::OtherMessage { .. } => ScanError::OtherMessage,
            FrameError::Inconsistent => ScanError::Inconsistent,
            FrameError::Corrupt => ScanError::Corrupt,
            FrameError::TooLarge => ScanError::TooLarge,
        }
    }
}

impl From<VpqrError> for ScanError {
    fn from(e: VpqrError) -> Self {
        match e {
            VpqrError::NotVpqr => ScanError::NotRecognized,
            VpqrError::TooLong => ScanError::TooLarge,
            VpqrError::BadEncoding("base32") => ScanError::Misread { reason: "VPQR text is not valid base32" },
            VpqrError::BadEncoding(_) => ScanError::Misread { reason: "VPQR text is not valid base45" },
            VpqrError::Cborld(_) => ScanError::Unreadable { reason: "the CBOR-LD inside the VPQR text does not decode" },
            VpqrError::UnknownContext(_) => ScanError::Unreadable { reason: "the VPQR text uses a context Akashi does not bundle" },
            VpqrError::UnsupportedRegistryEntry(_) => ScanError::Unreadable { reason: "the VPQR text uses an unsupported CBOR-LD table" },
            VpqrError::NotAnObject => ScanError::Unreadable { reason: "the VPQR text does not hold a JSON object" },
        }
    }
}

/// A complete single text (VPQR or plain), as scanned and as read.
#[derive(Debug, Clone)]
struct Single {
    /// The scanned text (trimmed): a repeat of it is not an error.
    scanned: String,
    /// The message: the text for [`Scanner::result`].
    text: String,
    source: ScanSource,
    content: ScanContent,
}

/// Collects the texts a camera decodes until one whole message has arrived (see the module
/// docs). Holds one message at a time.
#[derive(Debug, Default)]
pub struct Scanner {
    assembler: frames::Assembler,
    /// The assembled frames' message, read as text (once complete).
    assembled: Option<(String, ScanContent)>,
    single: Option<Single>,
}

impl Scanner {
    /// An empty scanner.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one scanned text. See the module docs for what is accepted; a refused text leaves
    /// the scanner as it was (except after the last frame of a corrupt or unreadable message,
    /// which resets it).
    pub fn push(&mut self, text: &str) -> Result<ScanProgress, ScanError> {
        if frames::is_frame(text) {
            return self.push_frame(text);
        }
        if text.len() > MAX_SCANNED_TEXT {
            return Err(ScanError::TooLarge);
        }
        // Frames and VPQR texts are taken as decoded: base45 has a space in its alphabet, so
        // trimming could cut a character off. JSON and JWS texts may come with whitespace.
        let (scanned, source) = if vpqr::is_vpqr(text) {
            (text, ScanSource::Vpqr)
        } else {
            let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            if !(trimmed.starts_with('{') || input::is_compact_jws(trimmed)) {
                return Err(ScanError::NotRecognized);
            }
            (trimmed, ScanSource::Text)
        };
        if self.assembler.message_id().is_some() {
            return Err(ScanError::OtherMessage);
        }
        if let Some(s) = &self.single {
            return if s.scanned == scanned { Ok(single_progress(s, false)) } else { Err(ScanError::OtherMessage) };
        }
        let (text, content) = match source {
            ScanSource::Vpqr => {
                let doc = vpqr::decode(scanned)?;
                let text = doc.to_string();
                (text, content_of(&doc))
            }
            _ => {
                let content = read_text(scanned).ok_or(ScanError::Unreadable { reason: "not a JSON object or a compact JWS" })?;
                (scanned.to_owned(), content)
            }
        };
        let single = Single { scanned: scanned.to_owned(), text, source, content };
        let progress = single_progress(&single, true);
        self.single = Some(single);
        Ok(progress)
    }

    fn push_frame(&mut self, text: &str) -> Result<ScanProgress, ScanError> {
        if self.single.is_some() {
            // Checked for a well-formed frame first, so a misread still says "misread".
            frames::parse_frame(text)?;
            return Err(ScanError::OtherMessage);
        }
        let p = self.assembler.push(text)?;
        if p.is_complete() && self.assembled.is_none() {
            let read = self.assembler.complete().and_then(|bytes| String::from_utf8(bytes).ok()).and_then(|t| {
                let content = read_text(t.trim())?;
                Some((t, content))
            });
            match read {
                Some(done) => self.assembled = Some(done),
                None => {
                    self.reset();
                    return Err(ScanError::Unreadable { reason: "the frames do not carry a JSON object or a compact JWS" });
                }
            }
        }
        Ok(ScanProgress {
            received: p.received,
            total: p.total,
            complete: p.is_complete(),
            new: p.new,
            source: ScanSource::Frames,
            content: self.assembled.as_ref().map(|(_, c)| *c),
        })
    }

    /// The whole message once complete: the presentation (or request) text — for a VPQR, the
    /// decoded presentation as compact JSON.
    pub fn result(&self) -> Option<String> {
        match (&self.single, &self.assembled) {
            (Some(s), _) => Some(s.text.clone()),
            (None, Some((t, _))) => Some(t.clone()),
            (None, None) => None,
        }
    }

    /// What the complete message holds (`None` until complete).
    pub fn content(&self) -> Option<ScanContent> {
        match (&self.single, &self.assembled) {
            (Some(s), _) => Some(s.content),
            (None, Some((_, c))) => Some(*c),
            (None, None) => None,
        }
    }

    /// The 1-based indexes of the frames still missing (empty before the first frame and for a
    /// single text).
    pub fn missing(&self) -> Vec<u32> {
        self.assembler.missing()
    }

    /// Forgets everything: ready for another message.
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

fn single_progress(s: &Single, new: bool) -> ScanProgress {
    ScanProgress { received: 1, total: 1, complete: true, new, source: s.source, content: Some(s.content) }
}

/// A JSON object (bounded like every input) or a compact JWS → what it holds; else `None`.
fn read_text(text: &str) -> Option<ScanContent> {
    if input::is_compact_jws(text) {
        return Some(ScanContent::Other);
    }
    if !text.starts_with('{') {
        return None;
    }
    match input::detect(text.as_bytes()).ok()?.payload {
        Payload::Json(doc) => Some(content_of(&serde_json::Value::Object(doc))),
        Payload::CompactJws(_) | Payload::Url(_) => None,
    }
}

fn content_of(doc: &serde_json::Value) -> ScanContent {
    let is = |t: &str| match doc.get("type") {
        Some(serde_json::Value::String(s)) => s == t,
        Some(serde_json::Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(t)),
        _ => false,
    };
    if is(REQUEST_TYPE) {
        ScanContent::Request
    } else if is("VerifiablePresentation") {
        ScanContent::Presentation
    } else {
        ScanContent::Other
    }
}

/// The QR text(s) that show a presentation: its text's bytes as one QR text, or as an animated
/// `AKF1:` sequence when it does not fit one ([`frames::encode`]). Render each with
/// [`qr::render`]; show a sequence at [`frames::FrameSet::fps`].
pub fn presentation_qr(text: &str) -> Result<frames::FrameSet, FrameError> {
    frames::encode(text.as_bytes())
}

/// The QR code that shows a request (its compact text, [`PresentationRequest::to_text`]): about
/// 200 bytes, one small code. A [`Scanner`] reads it back as [`ScanContent::Request`].
pub fn request_qr(request: &PresentationRequest) -> Result<QrMatrix, QrError> {
    qr::render(&request.to_text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    const VP: &str = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"holder":"did:example:1"}"#;

    /// A presentation-shaped text large enough to need several frames (incompressible filler).
    fn big_vp() -> String {
        let mut x = 0x2545_f491_u32;
        let filler: String = (0..6000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect();
        format!(r#"{{"type":["VerifiablePresentation"],"note":"{filler}"}}"#)
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-06-01T10:00:00Z").unwrap().with_timezone(&Utc)
    }

    #[test]
    fn frames_in_any_order_with_progress() {
        let text = big_vp();
        let set = presentation_qr(&text).unwrap();
        let n = set.frames.len() as u32;
        assert!(n > 2, "{n} frames");
        let mut s = Scanner::new();
        assert_eq!(s.result(), None);
        let order: Vec<usize> = (0..set.frames.len()).rev().collect();
        for (k, &i) in order.iter().enumerate() {
            let p = s.push(&set.frames[i]).unwrap();
            assert_eq!((p.received, p.total, p.new, p.source), (k as u32 + 1, n, true, ScanSource::Frames));
            assert_eq!(p.complete, k as u32 + 1 == n);
            if k == 0 {
                // A repeat: no progress, no error.
                let again = s.push(&set.frames[i]).unwrap();
                assert_eq!((again.received, again.new, again.complete), (1, false, false));
                assert_eq!(s.missing(), (1..n).collect::<Vec<_>>());
            }
            if !p.complete {
                assert_eq!(s.result(), None);
            }
        }
        assert_eq!(s.result(), Some(text));
        assert_eq!(s.content(), Some(ScanContent::Presentation));
        // Complete: a repeat is still fine, another message is refused, the result stays.
        assert!(!s.push(&set.frames[0]).unwrap().new);
        assert_eq!(s.push(VP), Err(ScanError::OtherMessage));
        assert!(s.result().is_some());
        s.reset();
        assert_eq!((s.result(), s.content()), (None, None));
        assert_eq!(s.push(VP).unwrap().content, Some(ScanContent::Presentation));
    }

    #[test]
    fn another_message_is_refused_without_losing_progress() {
        let one = presentation_qr(&big_vp()).unwrap();
        let two = presentation_qr(&big_vp().replace("note", "other")).unwrap();
        let mut s = Scanner::new();
        s.push(&one.frames[0]).unwrap();
        s.push(&one.frames[1]).unwrap();
        assert_eq!(s.push(&two.frames[2]), Err(ScanError::OtherMessage));
        assert_eq!(s.push(VP), Err(ScanError::OtherMessage));
        assert_eq!(s.push("VP1-BAAAA"), Err(ScanError::OtherMessage));
        // A misread frame (one data character changed) is a misread, not a reset.
        let f = &one.frames[2];
        let last = f.len() - 1;
        let bad = format!("{}{}", &f[..last], if f.ends_with('0') { '1' } else { '0' });
        assert!(matches!(s.push(&bad), Err(ScanError::Misread { .. })));
        assert_eq!(s.push("AKF1:garbage"), Err(ScanError::Misread { reason: "malformed frame header" }));
        let rest: Vec<u32> = (3..=one.frames.len() as u32).collect();
        assert_eq!(s.missing(), rest);
        for f in &one.frames[2..] {
            s.push(f).unwrap();
        }
        assert_eq!(s.result(), Some(big_vp()));
    }

    #[test]
    fn single_texts_are_complete_at_once() {
        let mut s = Scanner::new();
        let p = s.push(&format!("\u{feff} {VP}\n")).unwrap();
        assert_eq!(
            p,
            ScanProgress {
                received: 1,
                total: 1,
                complete: true,
                new: true,
                source: ScanSource::Text,
                content: Some(ScanContent::Presentation)
            }
        );
        assert_eq!(s.result().as_deref(), Some(VP), "exactly as scanned, trimmed");
        assert!(!s.push(VP).unwrap().new, "the same code seen again");
        assert_eq!(s.push(r#"{"type":"VerifiablePresentation","x":1}"#), Err(ScanError::OtherMessage));
        let frame = &presentation_qr(VP).unwrap().frames[0];
        assert_eq!(s.push(frame), Err(ScanError::OtherMessage));

        // A request (one small QR).
        let req = PresentationRequest::new("careers.example.com", "ACME", 600, now()).unwrap();
        let mut s = Scanner::new();
        assert_eq!(s.push(&req.to_text()).unwrap().content, Some(ScanContent::Request));
        assert_eq!(PresentationRequest::parse(&s.result().unwrap()).unwrap(), req);
        assert!(request_qr(&req).unwrap().width >= 21);

        // A credential and a JWT: complete, `Other`.
        let mut s = Scanner::new();
        assert_eq!(s.push(r#"{"type":["VerifiableCredential"]}"#).unwrap().content, Some(ScanContent::Other));
        let mut s = Scanner::new();
        assert_eq!(s.push("eyJhbGciOiJFZERTQSJ9.eyJ2cCI6e319.c2ln").unwrap().content, Some(ScanContent::Other));
        // One frame for a small presentation.
        let mut s = Scanner::new();
        let p = s.push(frame).unwrap();
        assert_eq!((p.complete, p.source, p.content), (true, ScanSource::Frames, Some(ScanContent::Presentation)));
        assert_eq!(s.result().as_deref(), Some(VP));
    }

    #[test]
    fn refused_texts_are_typed_errors() {
        let mut s = Scanner::new();
        for t in ["", "https://example.com/badge", "hello", "HC1:ABC", "[1,2]", "<svg/>"] {
            assert_eq!(s.push(t), Err(ScanError::NotRecognized), "{t}");
        }
        assert!(matches!(s.push("{not json"), Err(ScanError::Unreadable { .. })));
        assert!(matches!(s.push(&format!("{}{}", "{\"a\":".repeat(100), "}".repeat(100))), Err(ScanError::Unreadable { .. })));
        assert_eq!(s.push("VP1-B189"), Err(ScanError::Misread { reason: "VPQR text is not valid base32" }));
        assert_eq!(s.push("VP1-Rab"), Err(ScanError::Misread { reason: "VPQR text is not valid base45" }));
        assert!(matches!(s.push("VP1-BAAAA"), Err(ScanError::Unreadable { .. })));
        assert_eq!(s.push(&format!("{{\"a\":\"{}\"}}", "x".repeat(MAX_SCANNED_TEXT))), Err(ScanError::TooLarge));
        assert_eq!(s.result(), None, "nothing refused was kept");
        // Every error's text is fixed: no scanned content in it.
        assert!(!format!("{}", s.push("{\"secret\":").unwrap_err()).contains("secret"));
    }

    #[test]
    fn frames_of_something_else_are_unreadable_and_reset() {
        let set = frames::encode(&[0xff, 0xfe, 0x00, 0x01]).unwrap();
        let mut s = Scanner::new();
        assert!(matches!(s.push(&set.frames[0]), Err(ScanError::Unreadable { .. })));
        assert_eq!((s.result(), s.missing()), (None, vec![]));
        let text = frames::encode(b"just words").unwrap();
        assert!(matches!(s.push(&text.frames[0]), Err(ScanError::Unreadable { .. })));
        // Then a good message reads.
        assert!(s.push(&presentation_qr(VP).unwrap().frames[0]).unwrap().complete);
    }
}

//! Bytes ↔ QR texts: one QR when the message fits a size cameras read reliably, else an
//! animated sequence of smaller QR frames. Byte-level format: `docs/qr-frames.md`.
//!
//! Every frame is self-describing and alphanumeric-mode friendly:
//!
//! ```text
//! AKF1:<ID>:<INDEX>:<TOTAL>:<CRC>:<DATA>
//! ```
//!
//! - `ID`: 8 hex digits, the first 4 bytes of SHA-256 of the whole (compressed) message; it
//!   tells frames of two messages apart and, once assembled, checks the whole message;
//! - `INDEX` 1..=`TOTAL`, `TOTAL` 1..=[`MAX_FRAMES`], decimal;
//! - `CRC`: 8 hex digits, CRC-32 of `ID:INDEX:TOTAL:` followed by this frame's bytes;
//! - `DATA`: base45 (RFC 9285) of this frame's slice of the message.
//!
//! The message is one method byte (`0` stored, `1` raw DEFLATE) and the payload, compressed
//! when that is smaller. The [`Assembler`] takes frames in any order, ignores repeats, refuses
//! frames of another message, checks every CRC and the message hash, and inflates with a cap
//! ([`MAX_PAYLOAD`]) so hostile frames cannot exhaust memory.

use std::io::{Read, Write};

use sha2::{Digest, Sha256};

use super::base45;

/// Prefix of every frame (format version 1).
pub const MAGIC: &str = "AKF1";

/// The largest version a frame of a multi-frame sequence is rendered at (error correction M).
/// Frames are caught in passing, so they are kept smaller than a single QR
/// ([`super::qr::MAX_SINGLE_VERSION`]).
pub const FRAME_VERSION: u8 = 20;

/// Alphanumeric characters version 20 holds at error correction M (ISO/IEC 18004 Table 7).
pub const FRAME_CAPACITY: usize = 970;

/// Alphanumeric characters version 25 ([`super::qr::MAX_SINGLE_VERSION`]) holds at M
/// (ISO/IEC 18004 Table 7; `tests/it/present.rs` checks both capacities against `qrcode`).
pub const SINGLE_CAPACITY: usize = 1451;

/// Most frames in one sequence (~125 KB compressed; at 5 fps a 40 s loop).
pub const MAX_FRAMES: usize = 200;

/// Largest payload after inflating (the core's input limit).
pub const MAX_PAYLOAD: usize = crate::input::MAX_INPUT_BYTES;

/// Suggested display rate of an animated sequence, frames per second.
pub const SUGGESTED_FPS: u32 = 5;

/// Longest header: `AKF1:` + 8 + `:` + 3 + `:` + 3 + `:` + 8 + `:`.
const HEADER_MAX: usize = 5 + 8 + 1 + 3 + 1 + 3 + 1 + 8 + 1;

const METHOD_STORED: u8 = 0;
const METHOD_DEFLATE: u8 = 1;

/// QR texts for one payload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FrameSet {
    /// The frame texts, in order (one for a single QR).
    pub frames: Vec<String>,
    /// Suggested frames per second when there is more than one.
    pub fps: u32,
    /// Size of the message the frames carry (method byte + possibly compressed payload).
    pub message_bytes: u32,
    /// Whether the payload was DEFLATE-compressed.
    pub compressed: bool,
}

/// What went wrong with a frame or a payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// The text is not an `AKF1:` frame.
    #[error("not an Akashi QR frame")]
    NotAFrame,
    /// A header field is malformed.
    #[error("malformed frame header: {0}")]
    BadHeader(&'static str),
    /// The data is not base45.
    #[error("frame data is not base45")]
    BadData,
    /// The frame's CRC does not match (a misread or edited frame).
    #[error("frame checksum mismatch")]
    Checksum,
    /// The frame belongs to another message than the one being assembled.
    #[error("frame of another message ({got}, assembling {expected})")]
    OtherMessage {
        /// The message being assembled.
        expected: String,
        /// The frame's message.
        got: String,
    },
    /// Same message id, but another total or another content for an index already received.
    #[error("frame contradicts earlier frames of the same message")]
    Inconsistent,
    /// All frames arrived but the message hash or its compression is wrong; the assembler
    /// has been reset so that scanning can start over.
    #[error("assembled message is corrupt")]
    Corrupt,
    /// The payload is larger than [`MAX_PAYLOAD`] (or needs more than [`MAX_FRAMES`] frames).
    #[error("payload too large for QR frames")]
    TooLarge,
}

/// Splits `payload` into QR frame texts (compressing first when it helps).
pub fn encode(payload: &[u8]) -> Result<FrameSet, FrameError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(FrameError::TooLarge);
    }
    let mut deflated = Vec::with_capacity(payload.len() / 2 + 16);
    deflated.push(METHOD_DEFLATE);
    let mut enc = flate2::write::DeflateEncoder::new(deflated, flate2::Compression::best());
    enc.write_all(payload).map_err(|_| FrameError::TooLarge)?;
    let deflated = enc.finish().map_err(|_| FrameError::TooLarge)?;
    let message = if deflated.len() < payload.len() + 1 {
        deflated
    } else {
        let mut m = Vec::with_capacity(payload.len() + 1);
        m.push(METHOD_STORED);
        m.extend_from_slice(payload);
        m
    };
    let compressed = message[0] == METHOD_DEFLATE;
    let id = message_id(&message);

    let total = if HEADER_MAX + base45::encoded_len(message.len()) <= SINGLE_CAPACITY {
        1
    } else {
        // Bytes per frame: whole base45 groups in what the header leaves.
        let per_frame = (FRAME_CAPACITY - HEADER_MAX) / 3 * 2;
        message.len().div_ceil(per_frame)
    };
    if total > MAX_FRAMES {
        return Err(FrameError::TooLarge);
    }
    // Even slices, so that every frame renders at about the same version.
    let size = message.len().div_ceil(total).max(1);
    let frames = (0..total)
        .map(|i| {
            let chunk = message.get(i * size..((i + 1) * size).min(message.len())).unwrap_or_default();
            let head = format!("{id}:{}:{total}:", i + 1);
            format!("{MAGIC}:{head}{:08X}:{}", crc(&head, chunk), base45::encode(chunk))
        })
        .collect();
    // `message.len()` ≤ MAX_PAYLOAD + 1 (8 MiB), so it fits a u32.
    Ok(FrameSet { frames, fps: SUGGESTED_FPS, message_bytes: u32::try_from(message.len()).unwrap_or(u32::MAX), compressed })
}

fn message_id(message: &[u8]) -> String {
    Sha256::digest(message)[..4].iter().map(|b| format!("{b:02X}")).collect()
}

fn crc(head: &str, chunk: &[u8]) -> u32 {
    let mut c = flate2::Crc::new();
    c.update(head.as_bytes());
    c.update(chunk);
    c.sum()
}

/// One parsed frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Message id (8 hex digits).
    pub id: String,
    /// 1-based index.
    pub index: u32,
    /// Number of frames of the message.
    pub total: u32,
    /// This frame's slice of the message.
    pub data: Vec<u8>,
}

/// Whether a scanned text looks like an Akashi frame (cheap test before [`parse_frame`]).
pub fn is_frame(text: &str) -> bool {
    text.starts_with("AKF1:")
}

/// Parses and checks one frame text.
pub fn parse_frame(text: &str) -> Result<Frame, FrameError> {
    let rest = text.strip_prefix("AKF1:").ok_or(FrameError::NotAFrame)?;
    let mut parts = rest.splitn(5, ':');
    let (Some(id), Some(index), Some(total), Some(crc_hex), Some(data)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(FrameError::BadHeader("missing fields"));
    };
    let hex8 = |s: &str| s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    if !hex8(id) {
        return Err(FrameError::BadHeader("message id"));
    }
    let number = |s: &str| -> Option<usize> {
        (!s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let total_n = number(total).filter(|t| (1..=MAX_FRAMES).contains(t)).ok_or(FrameError::BadHeader("total"))?;
    let index_n = number(index).filter(|i| (1..=total_n).contains(i)).ok_or(FrameError::BadHeader("index"))?;
    if !hex8(crc_hex) {
        return Err(FrameError::BadHeader("checksum"));
    }
    let expected = u32::from_str_radix(crc_hex, 16).map_err(|_| FrameError::BadHeader("checksum"))?;
    if data.len() > FRAME_CAPACITY.max(SINGLE_CAPACITY) * 3 {
        return Err(FrameError::BadData);
    }
    let bytes = base45::decode(data).map_err(|_| FrameError::BadData)?;
    if crc(&format!("{id}:{index}:{total}:"), &bytes) != expected {
        return Err(FrameError::Checksum);
    }
    // Both ≤ MAX_FRAMES (200).
    Ok(Frame { id: id.to_string(), index: index_n as u32, total: total_n as u32, data: bytes })
}

/// How far an [`Assembler`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Progress {
    /// Distinct frames received.
    pub received: u32,
    /// Frames in the message.
    pub total: u32,
    /// Whether this push added a frame (false for a repeat).
    pub new: bool,
}

impl Progress {
    /// Whether every frame has arrived and the payload is available.
    pub fn is_complete(&self) -> bool {
        self.received == self.total
    }
}

/// Collects the frames of one message, in any order, and rebuilds the payload.
#[derive(Debug, Default)]
pub struct Assembler {
    id: Option<String>,
    parts: Vec<Option<Vec<u8>>>,
    received: u32,
    payload: Option<Vec<u8>>,
}

impl Assembler {
    /// An empty assembler.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one scanned frame text. Repeats are ignored (`new == false`); a frame of another
    /// message is refused ([`FrameError::OtherMessage`]) without disturbing this one. When the
    /// last frame arrives the payload is rebuilt and checked; if that fails the assembler is
    /// reset and [`FrameError::Corrupt`] (or [`FrameError::TooLarge`]) returned.
    pub fn push(&mut self, text: &str) -> Result<Progress, FrameError> {
        let frame = parse_frame(text)?;
        match &self.id {
            Some(id) if *id != frame.id => return Err(FrameError::OtherMessage { expected: id.clone(), got: frame.id }),
            Some(_) if self.parts.len() != frame.total as usize => return Err(FrameError::Inconsistent),
            Some(_) => {}
            None => {
                self.id = Some(frame.id.clone());
                self.parts = vec![None; frame.total as usize];
            }
        }
        let total = self.parts.len() as u32;
        let slot = self.parts.get_mut(frame.index as usize - 1).ok_or(FrameError::BadHeader("index"))?;
        if let Some(existing) = slot {
            if *existing != frame.data {
                return Err(FrameError::Inconsistent);
            }
            return Ok(Progress { received: self.received, total, new: false });
        }
        *slot = Some(frame.data);
        self.received += 1;
        if self.received == total {
            match self.finish() {
                Ok(payload) => self.payload = Some(payload),
                Err(e) => {
                    *self = Self::default();
                    return Err(e);
                }
            }
        }
        Ok(Progress { received: self.received, total, new: true })
    }

    fn finish(&self) -> Result<Vec<u8>, FrameError> {
        let message: Vec<u8> = self.parts.iter().flatten().flatten().copied().collect();
        if Some(message_id(&message)) != self.id {
            return Err(FrameError::Corrupt);
        }
        let (&method, body) = message.split_first().ok_or(FrameError::Corrupt)?;
        match method {
            METHOD_STORED => Ok(body.to_vec()),
            METHOD_DEFLATE => {
                // Read one byte past the cap to tell "exactly at the cap" from "larger".
                let mut out = Vec::new();
                let mut dec = flate2::read::DeflateDecoder::new(body).take(MAX_PAYLOAD as u64 + 1);
                dec.read_to_end(&mut out).map_err(|_| FrameError::Corrupt)?;
                if out.len() > MAX_PAYLOAD {
                    return Err(FrameError::TooLarge);
                }
                Ok(out)
            }
            _ => Err(FrameError::Corrupt),
        }
    }

    /// The payload, once every frame has arrived and checked out.
    pub fn complete(&self) -> Option<Vec<u8>> {
        self.payload.clone()
    }

    /// The id of the message being assembled (after the first frame).
    pub fn message_id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// 1-based indexes still missing (for a progress display).
    pub fn missing(&self) -> Vec<u32> {
        self.parts.iter().enumerate().filter(|(_, p)| p.is_none()).map(|(i, _)| i as u32 + 1).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pseudo_random(n: usize) -> Vec<u8> {
        let mut x = 0x2545_f491_u32;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    }

    #[test]
    fn any_order_with_repeats() {
        let payload = pseudo_random(5000); // incompressible: stored, 5001 bytes / 626 a frame
        let set = encode(&payload).unwrap();
        assert!(!set.compressed);
        assert_eq!(set.frames.len(), 8);
        let mut a = Assembler::new();
        for (n, i) in [7, 0, 3, 3, 1, 2, 6, 4, 5].iter().enumerate() {
            let p = a.push(&set.frames[*i]).unwrap();
            assert_eq!(p.new, n != 3);
        }
        assert_eq!(a.complete(), Some(payload));
    }

    #[test]
    fn small_payload_is_one_frame() {
        let set = encode(b"{\"hello\":\"world\"}").unwrap();
        assert_eq!(set.frames.len(), 1);
        let mut a = Assembler::new();
        assert!(a.push(&set.frames[0]).unwrap().is_complete());
        assert_eq!(a.complete().unwrap(), b"{\"hello\":\"world\"}");
    }

    #[test]
    fn other_messages_and_tampering_are_refused() {
        let one = encode(&pseudo_random(3000)).unwrap();
        let two = encode(&pseudo_random(3001)).unwrap();
        let mut a = Assembler::new();
        a.push(&one.frames[0]).unwrap();
        assert!(matches!(a.push(&two.frames[1]), Err(FrameError::OtherMessage { .. })));
        // Flip one data character: base45 may still parse, the CRC catches it.
        let f = &one.frames[1];
        let mut bad: Vec<char> = f.chars().collect();
        let last = bad.len() - 1;
        bad[last] = if bad[last] == '0' { '1' } else { '0' };
        let bad: String = bad.into_iter().collect();
        assert!(matches!(a.push(&bad), Err(FrameError::Checksum | FrameError::BadData)));
        assert_eq!(a.missing(), (2..=one.frames.len() as u32).collect::<Vec<_>>());
        for t in ["", "AKF1:", "AKF1:ZZZZZZZZ:1:1:00000000:", "AKF1:00000000:2:1:00000000:", "AKF1:00000000:1:999:00000000:", "VP1-B"] {
            assert!(parse_frame(t).is_err(), "{t}");
        }
    }

    #[test]
    fn deflate_bomb_is_capped() {
        // 9 MiB of zeros deflates to ~9 KB: a well-formed message whose payload is too large.
        let zeros = vec![0u8; MAX_PAYLOAD + 1024 * 1024];
        let mut enc = flate2::write::DeflateEncoder::new(vec![METHOD_DEFLATE], flate2::Compression::best());
        enc.write_all(&zeros).unwrap();
        let message = enc.finish().unwrap();
        let id = message_id(&message);
        let total = message.len().div_ceil(600);
        let frames: Vec<String> = message
            .chunks(600)
            .enumerate()
            .map(|(i, chunk)| {
                let head = format!("{id}:{}:{total}:", i + 1);
                format!("{MAGIC}:{head}{:08X}:{}", crc(&head, chunk), base45::encode(chunk))
            })
            .collect();
        let mut a = Assembler::new();
        let mut last = None;
        for f in &frames {
            last = Some(a.push(f));
        }
        assert_eq!(last, Some(Err(FrameError::TooLarge)));
        assert_eq!(a.complete(), None);
        assert_eq!(a.message_id(), None, "reset after a failed assembly");
    }
}

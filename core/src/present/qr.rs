//! QR codes: text → module matrix (→ SVG / PNG), and images → texts.
//!
//! Rendering uses `qrcode`, which picks the smallest version and segments the text optimally
//! (our texts — `VP1-B…`, `VP1-R…`, `AKF1:…` — are all in the QR alphanumeric alphabet, so they
//! are written in alphanumeric mode, 5.5 bits a character). [`render`] chooses the error
//! correction for a phone screen: `M` while the code stays at or below
//! [`MAX_SINGLE_VERSION`], else `L` (up to version 40); see `docs/qr-frames.md` for why.
//!
//! Reading uses `rqrr` on a greyscale buffer: [`decode_image`] for PNG / JPEG files (decoded by
//! `image` with size limits), [`decode_luma`] for camera frames an app already holds (the Y
//! plane of a YUV frame is such a buffer).

use std::io::Cursor;

/// The largest version [`render`] uses with error correction `M`, and the largest a single
/// (not animated) QR of [`crate::present::frames`] may have. Version 25 is 117×117 modules:
/// on a 6 cm wide phone QR that is ~0.5 mm a module, still read at once by phone cameras at
/// 15–25 cm; above it, reading gets slow and angle-sensitive (evidence in `docs/qr-frames.md`).
pub const MAX_SINGLE_VERSION: u8 = 25;

/// Quiet zone around the code in the SVG and PNG, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: u32 = 4;

/// Largest PNG scale (pixels per module) [`QrMatrix::to_png`] draws: 185 modules × 16 px ≈ 3000 px.
pub const MAX_PNG_SCALE: u32 = 16;

/// Images larger than this (either side, pixels) are refused by [`decode_image`] before decoding.
pub const MAX_IMAGE_SIDE: u32 = 8192;

/// QR error-correction level (share of codewords that may be damaged: L 7 %, M 15 %, Q 25 %, H 30 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum EcLevel {
    /// ~7 % recovery: the most data per version.
    L,
    /// ~15 % recovery: the default for codes shown on screens.
    M,
    /// ~25 % recovery.
    Q,
    /// ~30 % recovery.
    H,
}

impl EcLevel {
    fn to_qrcode(self) -> qrcode::EcLevel {
        match self {
            EcLevel::L => qrcode::EcLevel::L,
            EcLevel::M => qrcode::EcLevel::M,
            EcLevel::Q => qrcode::EcLevel::Q,
            EcLevel::H => qrcode::EcLevel::H,
        }
    }
}

/// A rendered QR code: its modules, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct QrMatrix {
    /// QR version, 1..=40 (the side is `17 + 4 × version` modules).
    pub version: u8,
    /// The error-correction level used.
    pub ec_level: EcLevel,
    /// Modules per side.
    pub width: u32,
    /// `width × width` modules, row-major, `true` = dark.
    pub modules: Vec<bool>,
}

/// Why a QR could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The text does not fit in a version-40 QR at the level asked (or at `L`).
    #[error("text too long for one QR code ({chars} characters)")]
    TooLong {
        /// Length of the text in characters.
        chars: usize,
    },
    /// The image could not be decoded (not PNG / JPEG, truncated, too large).
    #[error("unreadable image: {0}")]
    Image(String),
    /// A greyscale buffer whose length is not `width × height`.
    #[error("buffer of {len} bytes is not {width}×{height}")]
    BadBuffer {
        /// Given width.
        width: u32,
        /// Given height.
        height: u32,
        /// Given buffer length.
        len: usize,
    },
    /// The image holds no QR code that could be decoded.
    #[error("no readable QR code in the image")]
    NotFound,
}

/// Renders `text` for a phone screen: error correction `M` if that fits in version
/// [`MAX_SINGLE_VERSION`] or less, else `L` at whatever version it needs (≤ 40).
pub fn render(text: &str) -> Result<QrMatrix, QrError> {
    match render_with(text, EcLevel::M) {
        Ok(m) if m.version <= MAX_SINGLE_VERSION => Ok(m),
        _ => render_with(text, EcLevel::L),
    }
}

/// Renders `text` at the given error-correction level, in the smallest version that holds it.
pub fn render_with(text: &str, ec_level: EcLevel) -> Result<QrMatrix, QrError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), ec_level.to_qrcode())
        .map_err(|_| QrError::TooLong { chars: text.chars().count() })?;
    let version = match code.version() {
        qrcode::Version::Normal(v) => u8::try_from(v).unwrap_or(40),
        // `with_error_correction_level` only makes normal codes; a micro code would be a bug there.
        qrcode::Version::Micro(_) => return Err(QrError::TooLong { chars: text.chars().count() }),
    };
    let width = code.width() as u32;
    let modules = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    Ok(QrMatrix { version, ec_level, width, modules })
}

impl QrMatrix {
    /// Whether the module at column `x`, row `y` is dark (outside the matrix: light).
    pub fn dark(&self, x: u32, y: u32) -> bool {
        x < self.width && y < self.width && self.modules.get((y * self.width + x) as usize).copied().unwrap_or(false)
    }

    /// A standalone SVG: one module = one user unit, quiet zone included, runs of dark modules
    /// merged into one path (a version-25 code is ~15 KB). Scales to any size without blur.
    pub fn to_svg(&self) -> String {
        let side = self.width + 2 * QUIET_ZONE;
        let mut path = String::with_capacity(self.modules.len() * 3);
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.dark(x, y) {
                    x += 1;
                }
                path.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\
             <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }

    /// An 8-bit greyscale PNG, `scale` pixels per module (clamped to 1..=[`MAX_PNG_SCALE`]),
    /// quiet zone included.
    pub fn to_png(&self, scale: u32) -> Result<Vec<u8>, QrError> {
        let scale = scale.clamp(1, MAX_PNG_SCALE);
        let side = (self.width + 2 * QUIET_ZONE) * scale;
        let mut pixels = vec![255u8; (side * side) as usize];
        for y in 0..self.width {
            for x in 0..self.width {
                if self.dark(x, y) {
                    let (px, py) = ((x + QUIET_ZONE) * scale, (y + QUIET_ZONE) * scale);
                    for row in py..py + scale {
                        let start = (row * side + px) as usize;
                        pixels[start..start + scale as usize].fill(0);
                    }
                }
            }
        }
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| QrError::Image(e.to_string()))?;
        writer.write_image_data(&pixels).map_err(|e| QrError::Image(e.to_string()))?;
        writer.finish().map_err(|e| QrError::Image(e.to_string()))?;
        Ok(out)
    }
}

/// Every QR code found in a PNG or JPEG image, as text (in the order found).
///
/// Images larger than [`MAX_IMAGE_SIDE`] on a side are refused; photos larger than 2048 px
/// are scaled down first (QR finder patterns survive it and rqrr is much faster).
pub fn decode_image(bytes: &[u8]) -> Result<Vec<String>, QrError> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| QrError::Image(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| QrError::Image(e.to_string()))?;
    let mut luma = img.to_luma8();
    let longest = luma.width().max(luma.height());
    if longest > 2048 {
        let f = 2048.0 / f64::from(longest);
        let (w, h) = (((f64::from(luma.width()) * f) as u32).max(1), ((f64::from(luma.height()) * f) as u32).max(1));
        luma = image::imageops::resize(&luma, w, h, image::imageops::FilterType::Triangle);
    }
    let (w, h) = luma.dimensions();
    decode_luma(w, h, luma.as_raw())
}

/// Every QR code in a greyscale buffer (`width × height` bytes, row-major, 0 = black).
pub fn decode_luma(width: u32, height: u32, luma: &[u8]) -> Result<Vec<String>, QrError> {
    if (width as usize).checked_mul(height as usize) != Some(luma.len()) || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(QrError::BadBuffer { width, height, len: luma.len() });
    }
    let (w, h) = (width as usize, height as usize);
    // rqrr is a careful port of quirc, but it reads attacker-chosen pixels: a panic in it must
    // not take the app down, so it becomes "not found".
    let found = std::panic::catch_unwind(|| {
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| luma[y * w + x]);
        img.detect_grids().into_iter().filter_map(|g| g.decode().ok().map(|(_, text)| text)).collect::<Vec<String>>()
    })
    .unwrap_or_default();
    if found.is_empty() {
        return Err(QrError::NotFound);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_prefers_m_and_falls_back_to_l() {
        let short = render("VP1-BHELLO").unwrap();
        assert_eq!((short.version, short.ec_level), (1, EcLevel::M));
        assert_eq!(short.width, 21);
        // 2,000 alphanumeric characters: more than v25-M holds (1,451), fits v40-L (4,296).
        let long = render(&"A".repeat(2000)).unwrap();
        assert_eq!(long.ec_level, EcLevel::L);
        assert!(long.version > MAX_SINGLE_VERSION);
        assert_eq!(render(&"A".repeat(4297)), Err(QrError::TooLong { chars: 4297 }));
    }

    #[test]
    fn png_round_trip() {
        let m = render("AKF1:HELLO WORLD $%*+-./:").unwrap();
        let png = m.to_png(4).unwrap();
        assert_eq!(decode_image(&png).unwrap(), vec!["AKF1:HELLO WORLD $%*+-./:".to_string()]);
        assert!(m.to_svg().starts_with("<svg"));
    }

    #[test]
    fn garbage_images_give_errors() {
        assert!(matches!(decode_image(b"not an image"), Err(QrError::Image(_))));
        assert!(matches!(decode_image(&[0x89, b'P', b'N', b'G', 13, 10, 26, 10, 0, 0]), Err(QrError::Image(_))));
        assert!(matches!(decode_luma(10, 10, &[0; 99]), Err(QrError::BadBuffer { .. })));
        assert_eq!(decode_luma(64, 64, &[255; 64 * 64]), Err(QrError::NotFound));
    }
}

//! Evidence for the single-QR size limit (`docs/qr-frames.md`): which QR versions still decode
//! after a simulated phone-camera capture of a phone screen.
//!
//! ```text
//! cargo run --release -p akashi-core --example qr_readability
//! ```
//!
//! The holder's phone shows the code 50 mm wide (a 6.1" phone is ~65 mm wide; the app leaves a
//! margin). The verifier's phone analyses 1920×1080 preview frames (ML Kit / ZXing / AVFoundation
//! scan at 720p–1080p) through a main camera with ~70° horizontal field of view, so at distance
//! `d` the frame spans `2·d·tan 35°` and the code covers `1920 × 50 / (2·d·tan 35°)` pixels. Each
//! capture: exact render at 8 px/module → resize to that width (modules no longer align with
//! pixels) → Gaussian blur σ = 0.7 px (slight defocus / hand shake) → JPEG quality 70 → decode
//! with rqrr, Akashi's decoder, at six footprints around the nominal one. The data is a random
//! base45 text filling the version at M.
//! A real scanner is helped by many frames per second and hurt by glare, tilt and moiré; the
//! table is a relative measure of how fast margins shrink with the version, not a guarantee.

use akashi_core::present::qr::{self, EcLevel};

fn text_for(version: u8, ec: EcLevel) -> String {
    const A: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let mut x = 0x9e37_79b9_u32 ^ u32::from(version);
    let mut s = String::new();
    // Grow until the next character would need a larger version.
    loop {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        s.push(char::from(A[(x % 45) as usize]));
        match qr::render_with(&s, ec) {
            Ok(m) if m.version <= version => {}
            _ => {
                s.pop();
                return s;
            }
        }
    }
}

fn captured(m: &qr::QrMatrix, px: u32, sigma: f32, quality: u8) -> Vec<u8> {
    let png = m.to_png(8).unwrap_or_default();
    let img = image::load_from_memory(&png).map(|i| i.to_luma8()).unwrap_or_default();
    let small = image::imageops::resize(&img, px, px, image::imageops::FilterType::Triangle);
    // Camera framing: the code sits in a larger grey-ish frame.
    let mut frame = image::GrayImage::from_pixel(px + 120, px + 120, image::Luma([200]));
    image::imageops::overlay(&mut frame, &small, 60, 60);
    let blurred = image::imageops::blur(&frame, sigma);
    let mut jpeg = Vec::new();
    let _ = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, quality).encode_image(&blurred);
    jpeg
}

const SAMPLES: u32 = 6;

fn main() {
    let distances_cm = [15.0f64, 20.0, 25.0, 30.0];
    let widths: Vec<u32> = distances_cm.iter().map(|d| (1920.0 * 50.0 / (2.0 * d * 10.0 * 35f64.to_radians().tan())) as u32).collect();
    print!("| Version (modules) | EC | chars |");
    for (d, w) in distances_cm.iter().zip(&widths) {
        print!(" {d} cm ({w} px) |");
    }
    println!();
    print!("|---|---|---:|");
    for _ in &widths {
        print!("---|");
    }
    println!();
    // Error correction changes the data, not the module count, so M alone is shown.
    for version in [10u8, 15, 20, 25, 30, 35, 40] {
        for ec in [EcLevel::M] {
            let text = text_for(version, ec);
            let Ok(m) = qr::render_with(&text, ec) else { continue };
            print!("| {} ({}) | {:?} | {} |", m.version, m.width, ec, text.len());
            for &w in &widths {
                let px_per_module = f64::from(w) / f64::from(m.width + 8);
                // Six footprints around the nominal one: rqrr's success depends on how module
                // edges fall on pixels, so single sizes are noisy.
                let ok = (0..SAMPLES).filter(|i| {
                    let jpeg = captured(&m, w + i - SAMPLES / 2, 0.7, 70);
                    qr::decode_image(&jpeg).is_ok_and(|t| t.first() == Some(&text))
                });
                print!(" {}/{SAMPLES} ({px_per_module:.1} px/mod) |", ok.count());
            }
            println!();
        }
    }
}

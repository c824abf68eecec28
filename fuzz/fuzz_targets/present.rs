//! Arbitrary input into the QR transport: VPQR texts, frame texts (through one assembler, so
//! sequences of frames are explored too) and images. Typed errors, never a panic or a hang.
#![no_main]
use akashi_core::present::{frames, qr, vpqr};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    match selector % 3 {
        0 => {
            let text = String::from_utf8_lossy(rest);
            let _ = vpqr::decode(&format!("VP1-B{text}"));
            let _ = vpqr::decode(&format!("VP1-R{text}"));
        }
        1 => {
            let mut a = frames::Assembler::new();
            for line in String::from_utf8_lossy(rest).split('\n') {
                let _ = a.push(line);
            }
            let _ = a.complete();
        }
        _ => {
            let _ = qr::decode_image(rest);
        }
    }
});

//! Arbitrary bytes into the verifier: a report or a typed error, never a panic or a hang.
#![no_main]
use akashi_core::{Verifier, VerifyOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let v = Verifier::new(VerifyOptions { offline: true, ..Default::default() }).expect("options");
    let _ = v.verify(data);
});

//! A Rust CBOR-LD 1.0 processor.
//!
//! The implementation follows the W3C CBOR-LD 1.0 tag structure
//! `51997([registryEntryId, payload])` and uses [`cbor2::Value`] as the
//! dynamic JSON-LD / CBOR-LD data model. Registry entry `0` is encoded without
//! semantic compression; all other registry IDs use the default CBOR-LD
//! semantic compression algorithms with caller-provided registry type tables.

mod constants;
mod error;
mod processor;
mod table;

pub use constants::CBOR_LD_TAG;
pub use error::{Error, Result};
pub use processor::{
    DecodeOptions, EncodeOptions, decode, decode_with_loader, encode, encode_with_loader,
};
pub use table::{TableKey, TypeTable};

#[cfg(test)]
mod tests;

//! `did:key` for Ed25519 and P-256: the DID is the key, so resolution needs no network.

use super::keys::decode_any_multikey;
use super::{KeyError, ResolvedKey};
use crate::report::CheckSource;

pub(crate) fn resolve(vm: &str) -> Result<ResolvedKey, KeyError> {
    let (did, fragment) = match vm.split_once('#') {
        Some((d, f)) => (d, Some(f)),
        None => (vm, None),
    };
    let mb = did.strip_prefix("did:key:").unwrap_or_default();
    if let Some(f) = fragment {
        if f != mb {
            return Err(KeyError::Invalid("did:key verification method fragment does not match the key".into()));
        }
    }
    let key = decode_any_multikey(mb)?;
    Ok(ResolvedKey {
        vm_id: vm.to_owned(),
        controller: did.to_owned(),
        public_key: key,
        source: CheckSource::Local,
        how: "derived from the did:key identifier on this device".into(),
        warnings: Vec::new(),
    })
}

//! `did:jwk`: the DID is a base64url-encoded public JWK, so resolution needs no network.
//! Ed25519 (`OKP`), P-256 (`EC`) and RSA keys are read; Data Integrity uses only Ed25519.

use base64::Engine;
use serde_json::{Map, Value};

use super::keys::key_from_vm;
use super::{KeyError, ResolvedKey};
use crate::report::CheckSource;

pub(crate) fn resolve(vm: &str) -> Result<ResolvedKey, KeyError> {
    let (did, fragment) = match vm.split_once('#') {
        Some((d, f)) => (d, Some(f)),
        None => (vm, None),
    };
    if fragment.is_some_and(|f| f != "0") {
        return Err(KeyError::Invalid("a did:jwk verification method must be #0".into()));
    }
    let encoded = did.strip_prefix("did:jwk:").unwrap_or_default();
    let jwk: Map<String, Value> = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| KeyError::Invalid("did:jwk is not a base64url-encoded JSON Web Key".into()))?;
    let mut vm_obj = Map::new();
    vm_obj.insert("publicKeyJwk".into(), Value::Object(jwk));
    let key = key_from_vm(&vm_obj)?;
    Ok(ResolvedKey {
        vm_id: vm.to_owned(),
        controller: did.to_owned(),
        public_key: key,
        source: CheckSource::Local,
        how: "decoded from the did:jwk identifier on this device".into(),
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn did_for(jwk: &str) -> String {
        format!("did:jwk:{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(jwk))
    }

    #[test]
    fn ed25519_did_jwk() {
        let did = did_for(r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#);
        let k = resolve(&format!("{did}#0")).expect("resolves");
        assert_eq!(k.controller, did);
        assert_eq!(k.public_key.ed25519().map(|k| k[0]), Some(0xd7));
        assert!(resolve(&format!("{did}#1")).is_err());
    }

    #[test]
    fn refuses_private_keys_other_curves_and_garbage() {
        let private = did_for(
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}"#,
        );
        assert!(resolve(&private).is_err());
        let p256 = did_for(r#"{"kty":"EC","crv":"P-256","x":"a","y":"b"}"#);
        assert!(resolve(&p256).is_err());
        let p384 = did_for(r#"{"kty":"EC","crv":"P-384","x":"a","y":"b"}"#);
        assert!(resolve(&p384).is_err());
        assert!(resolve("did:jwk:!!!").is_err());
    }
}

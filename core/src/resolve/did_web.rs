//! `did:web` and HTTPS verification methods: fetch the controller document, find the
//! verification method, and check that it is authorized for the proof purpose.

use serde_json::{Map, Value};

use super::keys::{key_from_jwk, key_from_vm};
use super::{fetch_error, source_of, Fetcher, KeyError, ResolvedKey};
use crate::report::CheckSource;

/// Maps a did:web DID to the URL of its DID document (did:web method spec §3.2).
pub(crate) fn did_web_url(did: &str) -> Result<String, KeyError> {
    let rest = did.strip_prefix("did:web:").ok_or_else(|| KeyError::Invalid("not a did:web".into()))?;
    let mut parts = rest.split(':');
    let host_enc = parts.next().unwrap_or_default();
    if host_enc.is_empty() {
        return Err(KeyError::Invalid("did:web has no host".into()));
    }
    let host = host_enc.replace("%3A", ":").replace("%3a", ":");
    if host.contains('/') || host.contains('%') || host.contains('@') {
        return Err(KeyError::Invalid("did:web host is malformed".into()));
    }
    let path: Vec<&str> = parts.collect();
    if path.iter().any(|p| p.is_empty() || p.contains('/') || *p == ".." || *p == ".") {
        return Err(KeyError::Invalid("did:web path is malformed".into()));
    }
    Ok(if path.is_empty() { format!("https://{host}/.well-known/did.json") } else { format!("https://{host}/{}/did.json", path.join("/")) })
}

pub(crate) fn resolve(vm: &str, purpose: &str, fetcher: &dyn Fetcher) -> Result<ResolvedKey, KeyError> {
    let did = vm.split('#').next().unwrap_or(vm);
    let url = did_web_url(did)?;
    let fetched = fetcher.fetch(&url).map_err(|e| fetch_error(e, format!("the DID document of {did} could not be fetched")))?;
    let doc: Map<String, Value> =
        serde_json::from_slice(&fetched.body).map_err(|_| KeyError::Invalid(format!("the DID document at {url} is not a JSON object")))?;
    if doc.get("id").and_then(Value::as_str) != Some(did) {
        return Err(KeyError::Invalid(format!("the DID document at {url} is not about {did}")));
    }
    let mut key = key_in_controller_doc(vm, did, &doc, purpose, &url)?;
    key.source = source_of(&fetched, &url);
    Ok(key)
}

/// An HTTPS verification method: the URL (without fragment) is either the key document
/// itself, its controller's document, or a JWK / JWK Set (RFC 7517).
pub(crate) fn resolve_https(vm: &str, issuer: Option<&str>, purpose: &str, fetcher: &dyn Fetcher) -> Result<ResolvedKey, KeyError> {
    let doc_url = vm.split('#').next().unwrap_or(vm);
    let fetched = fetcher.fetch(doc_url).map_err(|e| fetch_error(e, format!("{doc_url} could not be fetched")))?;
    let doc: Map<String, Value> =
        serde_json::from_slice(&fetched.body).map_err(|_| KeyError::Invalid(format!("{doc_url} did not return a JSON object")))?;
    if doc.contains_key("kty") || doc.get("keys").is_some_and(Value::is_array) {
        let mut key = jwk_at_url(vm, doc_url, &doc, issuer)?;
        key.source = source_of(&fetched, doc_url);
        return Ok(key);
    }
    let doc_id = doc.get("id").and_then(Value::as_str).unwrap_or(doc_url);
    if doc_id == vm {
        // A key document: it names its controller, whose document must authorize the key.
        let controller = doc
            .get("controller")
            .and_then(Value::as_str)
            .ok_or_else(|| KeyError::Invalid(format!("the key document {vm} names no controller")))?
            .to_owned();
        let key = key_from_vm(&doc)?;
        let ctrl_url = controller.split('#').next().unwrap_or(&controller);
        let ctrl =
            fetcher.fetch(ctrl_url).map_err(|e| fetch_error(e, format!("the controller document {controller} could not be fetched")))?;
        let ctrl_doc: Map<String, Value> = serde_json::from_slice(&ctrl.body)
            .map_err(|_| KeyError::Invalid(format!("the controller document {controller} is not a JSON object")))?;
        if !lists(&ctrl_doc, purpose, vm, &controller) {
            return Err(KeyError::NotAuthorized(format!("{controller} does not list the key under {purpose}")));
        }
        return Ok(ResolvedKey {
            vm_id: vm.to_owned(),
            controller,
            public_key: key,
            source: source_of(&fetched, doc_url),
            how: format!("published at {doc_url}"),
            warnings: Vec::new(),
        });
    }
    let mut key = key_in_controller_doc(vm, doc_id, &doc, purpose, doc_url)?;
    key.source = source_of(&fetched, doc_url);
    Ok(key)
}

/// A JWK or JWK Set served at `doc_url`. A JWK names no controller: it is the key of whoever
/// controls the URL, so it counts as the issuer's when the issuer is an HTTPS URL of the same
/// origin (scheme, host, port); otherwise its controller is the origin itself.
fn jwk_at_url(vm: &str, doc_url: &str, doc: &Map<String, Value>, issuer: Option<&str>) -> Result<ResolvedKey, KeyError> {
    let jwk = match doc.get("keys").and_then(Value::as_array) {
        None => doc,
        Some(keys) => {
            let frag = vm.split_once('#').map(|(_, f)| f);
            let objs: Vec<&Map<String, Value>> = keys.iter().filter_map(Value::as_object).collect();
            let by_kid =
                objs.iter().copied().find(|k| k.get("kid").and_then(Value::as_str).is_some_and(|kid| kid == vm || Some(kid) == frag));
            match (by_kid, objs.as_slice()) {
                (Some(k), _) => k,
                // One key and no fragment to pick by: that key.
                (None, [only]) if frag.is_none() => only,
                _ => return Err(KeyError::Invalid(format!("the JWK Set at {doc_url} has no key with kid {vm}"))),
            }
        }
    };
    if jwk.get("use").and_then(Value::as_str).is_some_and(|u| u != "sig") {
        return Err(KeyError::NotAuthorized(format!("the JWK at {doc_url} is not for signatures (use is not \"sig\")")));
    }
    let key = key_from_jwk(jwk)?;
    let origin = url::Url::parse(doc_url)
        .map(|u| u.origin().ascii_serialization())
        .map_err(|_| KeyError::Invalid(format!("{doc_url} is not a valid URL")))?;
    let same_origin = issuer.and_then(|i| url::Url::parse(i).ok()).is_some_and(|i| i.origin().ascii_serialization() == origin);
    let controller = match issuer {
        Some(i) if same_origin => i.to_owned(),
        _ => origin,
    };
    Ok(ResolvedKey {
        vm_id: vm.to_owned(),
        controller,
        public_key: key,
        source: CheckSource::Network { url: doc_url.to_owned() },
        how: format!("a JWK published at {doc_url}"),
        warnings: Vec::new(),
    })
}

pub(crate) fn key_in_controller_doc(
    vm: &str,
    doc_id: &str,
    doc: &Map<String, Value>,
    purpose: &str,
    url: &str,
) -> Result<ResolvedKey, KeyError> {
    let vm_obj =
        find_vm(doc, vm, doc_id).ok_or_else(|| KeyError::Invalid(format!("{url} does not contain the verification method {vm}")))?;
    if !lists(doc, purpose, vm, doc_id) {
        return Err(KeyError::NotAuthorized(format!("the verification method is not listed under {purpose} in {url}")));
    }
    let controller = vm_obj.get("controller").and_then(Value::as_str).unwrap_or(doc_id).to_owned();
    let key = key_from_vm(vm_obj)?;
    Ok(ResolvedKey {
        vm_id: vm.to_owned(),
        controller,
        public_key: key,
        source: CheckSource::Network { url: url.to_owned() },
        how: format!("published in {url}"),
        warnings: Vec::new(),
    })
}

/// Whether `id` (possibly relative, `#frag`) names `vm` in a document whose id is `doc_id`.
fn same_id(id: &str, vm: &str, doc_id: &str) -> bool {
    id == vm || (id.starts_with('#') && format!("{doc_id}{id}") == vm)
}

fn find_vm<'a>(doc: &'a Map<String, Value>, vm: &str, doc_id: &str) -> Option<&'a Map<String, Value>> {
    let mut candidates = Vec::new();
    for field in ["verificationMethod", "assertionMethod", "authentication", "publicKey"] {
        match doc.get(field) {
            Some(Value::Array(items)) => candidates.extend(items.iter().filter_map(Value::as_object)),
            Some(Value::Object(o)) => candidates.push(o),
            _ => {}
        }
    }
    candidates.into_iter().find(|o| o.get("id").and_then(Value::as_str).is_some_and(|id| same_id(id, vm, doc_id)))
}

fn lists(doc: &Map<String, Value>, purpose: &str, vm: &str, doc_id: &str) -> bool {
    let entries: Vec<&Value> = match doc.get(purpose) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    entries.iter().any(|e| match e {
        Value::String(id) => same_id(id, vm, doc_id),
        Value::Object(o) => o.get("id").and_then(Value::as_str).is_some_and(|id| same_id(id, vm, doc_id)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_web_urls() {
        assert_eq!(did_web_url("did:web:example.com").as_deref(), Ok("https://example.com/.well-known/did.json"));
        assert_eq!(did_web_url("did:web:localhost%3A8443").as_deref(), Ok("https://localhost:8443/.well-known/did.json"));
        assert_eq!(
            did_web_url("did:web:digitalcredentials.github.io:dcc-did-web").as_deref(),
            Ok("https://digitalcredentials.github.io/dcc-did-web/did.json")
        );
        assert!(did_web_url("did:web:").is_err());
        assert!(did_web_url("did:web:a.com:..:x").is_err());
    }
}

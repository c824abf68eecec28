//! The display fields the report does not carry: description and image URL, read from the
//! document itself (a credential, its achievement, or an OB 2.0 assertion's embedded badge).

use base64::Engine;
use serde_json::{Map, Value};

use crate::input::Payload;
use crate::parse::credential::first_object;

/// The longest image URL kept (longer ones are not shown rather than truncated).
const MAX_URL: usize = 2048;

#[derive(Debug, Default)]
pub(super) struct Display {
    pub description: Option<String>,
    pub image_url: Option<String>,
}

impl Display {
    /// Reads what it can; never fails (missing fields are `None`).
    pub fn of(payload: &Payload) -> Display {
        let doc = match payload {
            Payload::Json(doc) => Some(doc.clone()),
            Payload::CompactJws(token) => jws_document(token),
            Payload::Url(_) => None,
        };
        let Some(doc) = doc else {
            return Display::default();
        };
        let achievement = first_object(doc.get("credentialSubject")).and_then(|s| s.get("achievement")).and_then(Value::as_object);
        let badge = doc.get("badge").and_then(Value::as_object);
        let places = [Some(&doc), achievement, badge];
        Display {
            description: places.iter().flatten().find_map(|o| text(o.get("description"))),
            image_url: places.iter().flatten().find_map(|o| image(o.get("image"))),
        }
    }
}

/// The credential in a compact JWS: a VC-JWT's `vc` claim, else the payload itself (VC 2.0
/// JOSE, OB 2.0 signed assertion).
fn jws_document(token: &str) -> Option<Map<String, Value>> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let Value::Object(mut claims) = serde_json::from_slice::<Value>(&bytes).ok()? else {
        return None;
    };
    match claims.remove("vc") {
        Some(Value::Object(vc)) => Some(vc),
        _ => Some(claims),
    }
}

/// A display string: plain, a `{@value}` object, or a language map (first value).
fn text(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Object(o) => match o.get("@value") {
            Some(Value::String(s)) => s.clone(),
            _ => o.values().find_map(Value::as_str)?.to_owned(),
        },
        _ => return None,
    };
    (!s.trim().is_empty()).then_some(s)
}

/// An `http(s)` image URL: `image` as a string or `image.id`. `data:` URIs stay in the
/// original bytes only.
fn image(v: Option<&Value>) -> Option<String> {
    let url = match v? {
        Value::String(s) => s.as_str(),
        Value::Object(o) => o.get("id").and_then(Value::as_str)?,
        _ => return None,
    };
    (url.len() <= MAX_URL && (url.starts_with("https://") || url.starts_with("http://"))).then(|| url.to_owned())
}

//! Reading input: bytes → a bounded JSON object.
//!
//! Limits are checked before anything else so that hostile input (huge, deeply nested)
//! is refused cheaply and never reaches recursive code.

use serde_json::Value;

/// Largest input accepted, in bytes. Real badges with embedded images stay well below this.
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;
/// Deepest JSON nesting accepted. OB 3.0 credentials nest about 8 levels deep.
pub const MAX_DEPTH: u32 = 64;

/// Why input could not even be read. Carries no content of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The input is larger than [`MAX_INPUT_BYTES`].
    #[error("input is larger than {limit_bytes} bytes")]
    TooLarge {
        /// The limit that was exceeded.
        limit_bytes: u64,
    },
    /// The input nests deeper than [`MAX_DEPTH`].
    #[error("input nests deeper than {limit} levels")]
    TooDeep {
        /// The limit that was exceeded.
        limit: u32,
    },
    /// The input is not valid JSON (position of the first error, 1-based).
    #[error("input is not valid JSON (line {line}, column {column})")]
    NotJson {
        /// Line of the first error.
        line: u64,
        /// Column of the first error.
        column: u64,
    },
    /// The input is JSON but not an object, so it cannot be a credential.
    #[error("input is JSON but not an object")]
    NotAnObject,
}

/// Parses `bytes` as one JSON object, enforcing the size and depth limits.
pub fn read_json_object(bytes: &[u8]) -> Result<serde_json::Map<String, Value>, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { limit_bytes: MAX_INPUT_BYTES as u64 });
    }
    check_depth(bytes)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(InputError::NotAnObject),
        Err(e) => Err(InputError::NotJson { line: e.line() as u64, column: e.column() as u64 }),
    }
}

/// Scans the raw bytes for bracket depth (ignoring brackets inside strings), so that the
/// JSON parser and every recursive step after it only ever see bounded nesting.
fn check_depth(bytes: &[u8]) -> Result<(), InputError> {
    let mut depth: u32 = 0;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(InputError::TooDeep { limit: MAX_DEPTH });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_json_with_position() {
        assert!(matches!(read_json_object(b"not json"), Err(InputError::NotJson { line: 1, .. })));
        assert!(matches!(read_json_object(b"{\n  \"a\": }"), Err(InputError::NotJson { line: 2, .. })));
    }

    #[test]
    fn rejects_arrays_and_scalars() {
        assert_eq!(read_json_object(b"[1,2]"), Err(InputError::NotAnObject));
        assert_eq!(read_json_object(b"\"x\""), Err(InputError::NotAnObject));
    }

    #[test]
    fn rejects_deep_nesting_before_parsing() {
        let deep = "[".repeat(100_000);
        assert_eq!(read_json_object(deep.as_bytes()), Err(InputError::TooDeep { limit: MAX_DEPTH }));
        // Brackets inside strings do not count.
        let s = format!("{{\"a\":\"{}\"}}", "[".repeat(1000));
        assert!(read_json_object(s.as_bytes()).is_ok());
    }

    #[test]
    fn rejects_oversized_input() {
        let big = vec![b' '; MAX_INPUT_BYTES + 1];
        assert_eq!(read_json_object(&big), Err(InputError::TooLarge { limit_bytes: MAX_INPUT_BYTES as u64 }));
    }

    #[test]
    fn accepts_bom() {
        assert!(read_json_object(b"\xEF\xBB\xBF{}").is_ok());
    }
}

//! Base45 (RFC 9285): bytes as text in the QR alphanumeric alphabet, 3 characters per 2 bytes.
//!
//! Used for the `VP1-R` VPQR variant and for Akashi's multi-frame QR texts. Small enough to
//! keep here (no crate needed) and checked against the RFC's examples.

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Why a text is not base45.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Base45Error {
    /// A character outside the 45-character alphabet.
    #[error("not a base45 character at {0}")]
    BadChar(usize),
    /// A length of 3n+1 characters (cannot encode whole bytes).
    #[error("invalid base45 length")]
    BadLength,
    /// A group whose value exceeds what 2 (or 1) bytes can hold.
    #[error("base45 group out of range at {0}")]
    Overflow(usize),
}

/// The base45 text of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    for pair in bytes.chunks(2) {
        let (n, digits) = match pair {
            [a, b] => (u32::from(*a) * 256 + u32::from(*b), 3),
            [a] => (u32::from(*a), 2),
            _ => continue,
        };
        let mut n = n;
        for _ in 0..digits {
            out.push(char::from(ALPHABET[(n % 45) as usize]));
            n /= 45;
        }
    }
    out
}

/// Length in characters of the base45 text of `n` bytes.
pub fn encoded_len(n: usize) -> usize {
    n / 2 * 3 + (n % 2) * 2
}

/// The bytes of a base45 text.
pub fn decode(text: &str) -> Result<Vec<u8>, Base45Error> {
    let digits: Vec<u32> = text
        .bytes()
        .enumerate()
        .map(|(i, c)| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32).ok_or(Base45Error::BadChar(i)))
        .collect::<Result<_, _>>()?;
    if digits.len() % 3 == 1 {
        return Err(Base45Error::BadLength);
    }
    let mut out = Vec::with_capacity(digits.len() / 3 * 2 + 1);
    for (g, group) in digits.chunks(3).enumerate() {
        match group {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                if n > 0xffff {
                    return Err(Base45Error::Overflow(g * 3));
                }
                out.extend_from_slice(&(n as u16).to_be_bytes());
            }
            [c, d] => {
                let n = c + d * 45;
                if n > 0xff {
                    return Err(Base45Error::Overflow(g * 3));
                }
                out.push(n as u8);
            }
            _ => return Err(Base45Error::BadLength),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc9285_examples() {
        assert_eq!(encode(b"AB"), "BB8");
        assert_eq!(encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(decode("QED8WEX0").unwrap(), b"ietf!");
        assert_eq!(decode("GGW"), Err(Base45Error::Overflow(0)), "RFC 9285 §6: 'GGW' is 65535+1");
        assert_eq!(decode("ZZZ"), Err(Base45Error::Overflow(0)));
        assert_eq!(decode("A"), Err(Base45Error::BadLength));
        assert_eq!(decode("ab"), Err(Base45Error::BadChar(0)));
        for n in 0..40usize {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 255) as u8).collect();
            let text = encode(&bytes);
            assert_eq!(text.len(), encoded_len(n));
            assert_eq!(decode(&text).unwrap(), bytes);
        }
    }
}

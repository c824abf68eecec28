//! A small CBOR (RFC 8949) reader and writer for the legacy CBOR-LD codec.
//!
//! Our own rather than a serde format because CBOR-LD needs integer map keys, byte strings and
//! byte-for-byte control of the output (the same bytes as `cborg`, the JS library DCC's
//! `@digitalcredentials/cborld` 4.3.4 writes with: shortest heads, definite lengths, map keys
//! sorted, the shortest float that keeps the value). The reader refuses tags, `undefined`,
//! nesting deeper than [`MAX_DEPTH`] and lengths longer than the input, so hostile bytes cost at
//! most their own size.

/// Deepest nesting the reader accepts (a VP with one credential nests about 10 levels).
pub(crate) const MAX_DEPTH: usize = 64;

/// A CBOR data item (only what CBOR-LD uses).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cbor {
    /// Major types 0 and 1 (the value, -2^64..2^64).
    Int(i128),
    /// Major type 2.
    Bytes(Vec<u8>),
    /// Major type 3.
    Text(String),
    /// Major type 4.
    Array(Vec<Cbor>),
    /// Major type 5, in the order read or to be sorted on write.
    Map(Vec<(Cbor, Cbor)>),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// Half, single or double float.
    Float(f64),
}

/// Why bytes are not CBOR we accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CborError {
    /// The input ends inside an item.
    #[error("truncated CBOR")]
    Truncated,
    /// Bytes follow the item.
    #[error("trailing bytes after the CBOR item")]
    Trailing,
    /// A construct CBOR-LD never uses (tags, undefined, simple values, reserved bits).
    #[error("unsupported CBOR: {0}")]
    Unsupported(&'static str),
    /// Nesting deeper than [`MAX_DEPTH`].
    #[error("CBOR nested deeper than {MAX_DEPTH}")]
    TooDeep,
    /// A text string that is not UTF-8.
    #[error("CBOR text is not UTF-8")]
    BadText,
}

/// Reads exactly one item from `bytes`.
pub(crate) fn read(bytes: &[u8]) -> Result<Cbor, CborError> {
    let mut r = Reader { bytes, pos: 0 };
    let item = r.item(0)?;
    if r.pos != bytes.len() {
        return Err(CborError::Trailing);
    }
    Ok(item)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

const BREAK: u8 = 0xff;

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, CborError> {
        let b = *self.bytes.get(self.pos).ok_or(CborError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: u64) -> Result<&[u8], CborError> {
        let n = usize::try_from(n).map_err(|_| CborError::Truncated)?;
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(CborError::Truncated)?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// The argument of a head whose low five bits are `info` (`None` = indefinite length).
    fn arg(&mut self, info: u8) -> Result<Option<u64>, CborError> {
        let n = match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.byte()?),
            25 => u64::from(u16::from_be_bytes(self.array::<2>()?)),
            26 => u64::from(u32::from_be_bytes(self.array::<4>()?)),
            27 => u64::from_be_bytes(self.array::<8>()?),
            31 => return Ok(None),
            _ => return Err(CborError::Unsupported("reserved additional information")),
        };
        Ok(Some(n))
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CborError> {
        let s = self.take(N as u64)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    /// A count of items still to read, bounded by the bytes left (each item is ≥ 1 byte).
    fn count(&self, n: u64) -> Result<usize, CborError> {
        let left = (self.bytes.len() - self.pos) as u64;
        if n > left {
            return Err(CborError::Truncated);
        }
        Ok(n as usize)
    }

    fn at_break(&mut self) -> Result<bool, CborError> {
        if *self.bytes.get(self.pos).ok_or(CborError::Truncated)? == BREAK {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    fn string(&mut self, major: u8, info: u8) -> Result<Vec<u8>, CborError> {
        match self.arg(info)? {
            Some(n) => Ok(self.take(n)?.to_vec()),
            None => {
                // Indefinite: definite chunks of the same major type until a break.
                let mut out = Vec::new();
                while !self.at_break()? {
                    let b = self.byte()?;
                    if b >> 5 != major {
                        return Err(CborError::Unsupported("mixed indefinite string chunks"));
                    }
                    let n = self.arg(b & 0x1f)?.ok_or(CborError::Unsupported("nested indefinite string"))?;
                    out.extend_from_slice(self.take(n)?);
                }
                Ok(out)
            }
        }
    }

    fn item(&mut self, depth: usize) -> Result<Cbor, CborError> {
        if depth > MAX_DEPTH {
            return Err(CborError::TooDeep);
        }
        let b = self.byte()?;
        let (major, info) = (b >> 5, b & 0x1f);
        Ok(match major {
            0 => Cbor::Int(i128::from(self.arg(info)?.ok_or(CborError::Unsupported("indefinite integer"))?)),
            1 => Cbor::Int(-1 - i128::from(self.arg(info)?.ok_or(CborError::Unsupported("indefinite integer"))?)),
            2 => Cbor::Bytes(self.string(2, info)?),
            3 => Cbor::Text(String::from_utf8(self.string(3, info)?).map_err(|_| CborError::BadText)?),
            4 => {
                let mut items = Vec::new();
                match self.arg(info)? {
                    Some(n) => {
                        for _ in 0..self.count(n)? {
                            items.push(self.item(depth + 1)?);
                        }
                    }
                    None => {
                        while !self.at_break()? {
                            items.push(self.item(depth + 1)?);
                        }
                    }
                }
                Cbor::Array(items)
            }
            5 => {
                let mut entries = Vec::new();
                match self.arg(info)? {
                    Some(n) => {
                        for _ in 0..self.count(n)? {
                            let k = self.item(depth + 1)?;
                            entries.push((k, self.item(depth + 1)?));
                        }
                    }
                    None => {
                        while !self.at_break()? {
                            let k = self.item(depth + 1)?;
                            entries.push((k, self.item(depth + 1)?));
                        }
                    }
                }
                Cbor::Map(entries)
            }
            6 => return Err(CborError::Unsupported("tag")),
            _ => match info {
                20 => Cbor::Bool(false),
                21 => Cbor::Bool(true),
                22 => Cbor::Null,
                25 => Cbor::Float(f16_to_f64(u16::from_be_bytes(self.array::<2>()?))),
                26 => Cbor::Float(f64::from(f32::from_be_bytes(self.array::<4>()?))),
                27 => Cbor::Float(f64::from_be_bytes(self.array::<8>()?)),
                23 => return Err(CborError::Unsupported("undefined")),
                _ => return Err(CborError::Unsupported("simple value or break")),
            },
        })
    }
}

/// Writes `item` the way cborg 1.x does by default (see the module comment).
pub(crate) fn write(item: &Cbor, out: &mut Vec<u8>) {
    match item {
        Cbor::Int(i) if *i >= 0 => head(out, 0, *i as u64),
        Cbor::Int(i) => head(out, 1, (-1 - *i) as u64),
        Cbor::Bytes(b) => {
            head(out, 2, b.len() as u64);
            out.extend_from_slice(b);
        }
        Cbor::Text(s) => {
            head(out, 3, s.len() as u64);
            out.extend_from_slice(s.as_bytes());
        }
        Cbor::Array(items) => {
            head(out, 4, items.len() as u64);
            for i in items {
                write(i, out);
            }
        }
        Cbor::Map(entries) => {
            // cborg's default map sorter: by the key's major type, then integers by value and
            // strings length-first, then bytewise.
            let mut sorted: Vec<&(Cbor, Cbor)> = entries.iter().collect();
            sorted.sort_by_key(|(k, _)| key_order(k));
            head(out, 5, sorted.len() as u64);
            for (k, v) in sorted {
                write(k, out);
                write(v, out);
            }
        }
        Cbor::Bool(false) => out.push(0xf4),
        Cbor::Bool(true) => out.push(0xf5),
        Cbor::Null => out.push(0xf6),
        Cbor::Float(f) => {
            if let Some(h) = f64_to_f16_exact(*f) {
                out.push(0xf9);
                out.extend_from_slice(&h.to_be_bytes());
            } else if f64::from(*f as f32) == *f {
                out.push(0xfa);
                out.extend_from_slice(&(*f as f32).to_be_bytes());
            } else {
                out.push(0xfb);
                out.extend_from_slice(&f.to_be_bytes());
            }
        }
    }
}

/// Sort key for map keys: (major type, integer value or length, bytes).
fn key_order(k: &Cbor) -> (u8, i128, Vec<u8>) {
    match k {
        Cbor::Int(i) if *i >= 0 => (0, *i, Vec::new()),
        Cbor::Int(i) => (1, -1 - *i, Vec::new()),
        Cbor::Bytes(b) => (2, b.len() as i128, b.clone()),
        Cbor::Text(s) => (3, s.len() as i128, s.as_bytes().to_vec()),
        Cbor::Array(a) => (4, a.len() as i128, Vec::new()),
        Cbor::Map(m) => (5, m.len() as i128, Vec::new()),
        Cbor::Bool(_) | Cbor::Null | Cbor::Float(_) => (7, 0, Vec::new()),
    }
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    if n < 24 {
        out.push(m | n as u8);
    } else if n <= 0xff {
        out.extend_from_slice(&[m | 24, n as u8]);
    } else if n <= 0xffff {
        out.push(m | 25);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else if n <= 0xffff_ffff {
        out.push(m | 26);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(m | 27);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let mant = f64::from(h & 0x3ff);
    sign * match exp {
        0 => mant * 2f64.powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + mant / 1024.0) * 2f64.powi(e - 15),
    }
}

/// The half-precision bits of `f` when a half holds it exactly (cborg's first choice).
fn f64_to_f16_exact(f: f64) -> Option<u16> {
    if f.is_nan() {
        return Some(0x7e00);
    }
    let sign: u16 = if f.is_sign_negative() { 0x8000 } else { 0 };
    let a = f.abs();
    if a == 0.0 {
        return Some(sign);
    }
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    // Normal halves: exponent -14..=15, 10 mantissa bits; subnormals: multiples of 2^-24.
    let e = a.log2().floor() as i32;
    let bits = if (-14..=15).contains(&e) {
        let m = a / 2f64.powi(e) - 1.0;
        let mi = m * 1024.0;
        if mi.fract() != 0.0 {
            return None;
        }
        (((e + 15) as u16) << 10) | mi as u16
    } else if e < -14 {
        let mi = a / 2f64.powi(-24);
        if mi.fract() != 0.0 || mi >= 1024.0 {
            return None;
        }
        mi as u16
    } else {
        return None;
    };
    (f16_to_f64(sign | bits) == f).then_some(sign | bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(c: &Cbor) -> Vec<u8> {
        let mut out = Vec::new();
        write(c, &mut out);
        assert_eq!(&read(&out).unwrap(), c, "{out:02x?}");
        out
    }

    #[test]
    fn rfc8949_examples() {
        // Appendix A of RFC 8949.
        assert_eq!(roundtrip(&Cbor::Int(0)), [0x00]);
        assert_eq!(roundtrip(&Cbor::Int(24)), [0x18, 0x18]);
        assert_eq!(roundtrip(&Cbor::Int(1000)), [0x19, 0x03, 0xe8]);
        assert_eq!(roundtrip(&Cbor::Int(-1000)), [0x39, 0x03, 0xe7]);
        assert_eq!(roundtrip(&Cbor::Int(1_000_000_000_000)), [0x1b, 0, 0, 0, 0xe8, 0xd4, 0xa5, 0x10, 0]);
        assert_eq!(roundtrip(&Cbor::Float(1.5)), [0xf9, 0x3e, 0x00]);
        assert_eq!(roundtrip(&Cbor::Float(100000.0)), [0xfa, 0x47, 0xc3, 0x50, 0x00]);
        assert_eq!(roundtrip(&Cbor::Float(1.1)), [0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a]);
        assert_eq!(roundtrip(&Cbor::Float(5.960464477539063e-8)), [0xf9, 0x00, 0x01]);
        assert_eq!(roundtrip(&Cbor::Float(-4.0)), [0xf9, 0xc4, 0x00]);
        assert_eq!(roundtrip(&Cbor::Text("IETF".into())), [0x64, 0x49, 0x45, 0x54, 0x46]);
        // Indefinite forms are read.
        assert_eq!(
            read(&[0x9f, 0x01, 0x82, 0x02, 0x03, 0xff]).unwrap(),
            Cbor::Array(vec![Cbor::Int(1), Cbor::Array(vec![Cbor::Int(2), Cbor::Int(3)])])
        );
        assert_eq!(read(&[0x7f, 0x62, 0x61, 0x62, 0x61, 0x63, 0xff]).unwrap(), Cbor::Text("abc".into()));
    }

    #[test]
    fn hostile_input_is_refused_without_allocation() {
        // A map that claims 2^64-1 entries, an array claiming 4 GiB, deep nesting, a tag.
        assert_eq!(read(&[0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), Err(CborError::Truncated));
        assert_eq!(read(&[0x9a, 0xff, 0xff, 0xff, 0xff, 0x00]), Err(CborError::Truncated));
        assert_eq!(read(&[0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), Err(CborError::Truncated));
        assert_eq!(read(&vec![0x81; 10_000]), Err(CborError::TooDeep));
        assert_eq!(read(&[0xc0, 0x00]), Err(CborError::Unsupported("tag")));
        assert_eq!(read(&[0xf7]), Err(CborError::Unsupported("undefined")));
        assert_eq!(read(&[0x01, 0x02]), Err(CborError::Trailing));
        assert_eq!(read(&[0x62, 0xff, 0xfe]), Err(CborError::BadText));
    }

    #[test]
    fn map_keys_sorted_like_cborg() {
        let m = Cbor::Map(vec![(Cbor::Int(300), Cbor::Null), (Cbor::Int(2), Cbor::Null), (Cbor::Int(100), Cbor::Null)]);
        let out = roundtrip(&Cbor::Array(vec![]));
        assert_eq!(out, [0x80]);
        let mut bytes = Vec::new();
        write(&m, &mut bytes);
        assert_eq!(bytes, [0xa3, 0x02, 0xf6, 0x18, 0x64, 0xf6, 0x19, 0x01, 0x2c, 0xf6]);
    }
}

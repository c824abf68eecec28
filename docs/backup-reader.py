# Independent reader of docs/backup-format.md (libsodium via PyNaCl, reference Argon2 via argon2-cffi, zlib).
# Usage: python3 docs/backup-reader.py HEX_OF_FILE PASSPHRASE   (pip install pynacl argon2-cffi)
# It opened the known-answer file of core/src/backup/tests.rs when the format was written.
import struct, zlib, sys, unicodedata
from argon2.low_level import hash_secret_raw, Type
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt as dec
f = bytes.fromhex(sys.argv[1]); pw = sys.argv[2]
assert f[:14] == b"AKASHI-BACKUP\0"
ver, kdf, m, t, p = struct.unpack(">HBIII", f[14:29]); salt = f[29:45]
aead = f[45]; nonce = f[46:70]; comp = f[70]; (ctlen,) = struct.unpack(">Q", f[71:79])
assert (ver, kdf, aead, comp) == (1, 1, 1, 1) and ctlen == len(f) - 79
key = hash_secret_raw(unicodedata.normalize("NFC", pw).encode(), salt, t, m, p, 32, Type.ID, 19)
plain = dec(f[79:], f[:79], nonce, key)
print(zlib.decompress(plain, -15))

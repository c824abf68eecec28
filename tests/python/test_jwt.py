"""Binding tests for VC-JWT text (issue 3): the example VC 2.0 JWT (EdDSA, did:key test issuer,
made by `core/examples/sign.rs --jwt`) through verify_text. They need the VC-JWT path of the
core (the jwt branch); before it, the core reports every JWT as not verified."""
from __future__ import annotations

import base64
import json

import akashi_ffi as ffi
from conftest import REPO_ROOT

B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
NAME = "Data Science Fundamentals (Micro-credential)"


def options():
    o = ffi.default_verify_options()
    o.offline = True
    return o


def example_jwt() -> str:
    return (REPO_ROOT / "examples" / "credentials" / "micro-credential.jwt").read_text(encoding="ascii")


def b64url_decode(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def check(report, check_id):
    found = [c for c in report.checks if c.id == check_id]
    assert len(found) == 1, f"expected exactly one {check_id} check, got {report.checks!r}"
    return found[0]


def describe(report):
    return f"summary={report.summary} envelope={report.envelope} securing={report.securing} checks=" + "; ".join(
        f"{c.id}:{c.status}:{c.code}:{c.reason}:{c.warnings}" for c in report.checks
    )


def tamper_payload(token: str) -> str:
    """Flips one base64url character of the payload: the lowest bit of the 4th character of a
    quantum, i.e. bit 0 of one byte inside "Micro-credential" (a letter stays printable ASCII),
    so the payload is still valid JSON and only the signature can tell."""
    header, payload, signature = token.strip().split(".")
    raw = b64url_decode(payload)
    at = raw.find(b"Micro-credential")
    assert at >= 0, "the example JWT payload does not contain the credential name"
    byte = next(k for k in range(at, at + 16) if k % 3 == 2)
    i = byte // 3 * 4 + 3
    flipped = payload[:i] + B64URL[B64URL.index(payload[i]) ^ 1] + payload[i + 1 :]
    changed = b64url_decode(flipped)
    assert changed == raw[:byte] + bytes([raw[byte] ^ 1]) + raw[byte + 1 :]
    json.loads(changed)  # still JSON
    return f"{header}.{flipped}.{signature}"


def test_vc_jwt_string_verifies():
    report = ffi.verify_text(example_jwt(), options())
    assert report.envelope == ffi.Envelope.COMPACT_JWS, describe(report)
    assert report.securing == ffi.Securing.VC_JWT, describe(report)
    assert report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(report)
    assert check(report, ffi.CheckId.PROOF).status == ffi.CheckStatus.VALID, describe(report)
    assert check(report, ffi.CheckId.ISSUER_KEY).status == ffi.CheckStatus.VALID, describe(report)
    assert report.credential.name == NAME


def test_tampered_vc_jwt_is_not_verified():
    report = ffi.verify_text(tamper_payload(example_jwt()), options())
    assert report.envelope == ffi.Envelope.COMPACT_JWS, describe(report)
    assert report.securing == ffi.Securing.VC_JWT, describe(report)
    assert report.summary == ffi.Summary.NOT_VERIFIED, describe(report)
    assert check(report, ffi.CheckId.PROOF).status == ffi.CheckStatus.INVALID, describe(report)

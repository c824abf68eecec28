"""Binding tests: the Python side of akashi_ffi (UniFFI) against real Open Badges 3.0 fixtures."""
from __future__ import annotations

import pytest

import akashi_ffi as ffi
from conftest import example_credential, shared_fixture

OK = (ffi.Summary.VERIFIED, ffi.Summary.VERIFIED_WITH_WARNINGS)


def options(**overrides):
    """Default options, offline (CI reaches no issuer hosts), plus overrides."""
    o = ffi.default_verify_options()
    o.offline = True
    for key, value in overrides.items():
        setattr(o, key, value)
    return o


def verify_file(path, **overrides):
    return ffi.verify_json(path.read_text(encoding="utf-8"), options(**overrides))


def check(report, check_id):
    found = [c for c in report.checks if c.id == check_id]
    assert len(found) == 1, f"expected exactly one {check_id} check, got {report.checks!r}"
    return found[0]


def describe(report):
    return f"summary={report.summary} checks=" + "; ".join(
        f"{c.id}:{c.status}:{c.code}:{c.reason}:{c.warnings}" for c in report.checks
    )


def test_core_version_is_reported():
    v = ffi.core_version()
    assert isinstance(v, str) and v.strip()


def test_default_options_are_safe():
    o = ffi.default_verify_options()
    assert o.now_rfc3339 is None
    assert o.allow_http_loopback is False
    assert o.extra_ca_pem is None


def test_example_credential_verifies():
    path = example_credential()
    report = verify_file(path)
    assert report.summary in OK, describe(report)
    assert check(report, ffi.CheckId.PROOF).status == ffi.CheckStatus.VALID, describe(report)
    assert check(report, ffi.CheckId.FORMAT).status == ffi.CheckStatus.VALID, describe(report)
    assert report.verified_at
    assert all(c.checked_at for c in report.checks)
    assert any(t.endswith("Credential") for t in report.credential.types), report.credential.types
    assert report.credential.issuer_id


def test_example_verify_bytes_matches_verify_json():
    path = example_credential()
    from_bytes = ffi.verify_bytes(path.read_bytes(), options())
    from_json = verify_file(path)
    assert from_bytes.summary == from_json.summary
    assert [(c.id, c.status) for c in from_bytes.checks] == [(c.id, c.status) for c in from_json.checks]


def test_1edtech_simple_verifies_with_fragment_key_warning():
    report = verify_file(shared_fixture("1edtech-validator/simple.json"))
    assert report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(report)
    assert check(report, ffi.CheckId.PROOF).status == ffi.CheckStatus.VALID, describe(report)
    assert any(c.warnings for c in report.checks), describe(report)
    info = report.credential
    assert info.name == "Teamwork Badge"
    assert info.issuer_id == "https://example.com/issuers/876543"
    assert info.issuer_name == "Example Corp"
    assert "OpenBadgeCredential" in info.types
    assert info.valid_from and info.valid_from.startswith("2010-01-01")


def test_warnings_carry_their_message_and_read_in_japanese():
    report = verify_file(shared_fixture("1edtech-validator/simple.json"))
    warned = [c for c in report.checks if c.warnings]
    assert warned, describe(report)
    ja = {c.id: c for c in ffi.localize_report(report, ffi.Language.JA).checks}
    en = {c.id: c for c in ffi.localize_report(report, ffi.Language.EN).checks}
    for c in warned:
        assert len(c.warning_messages) == len(c.warnings), describe(report)
        assert all(m is not None and m.id.startswith("warn-") for m in c.warning_messages)
        # English stays the report's text; Japanese comes from the message.
        assert en[c.id].warnings == c.warnings
        assert len(ja[c.id].warnings) == len(c.warnings)
        for w, j in zip(c.warnings, ja[c.id].warnings):
            assert j != w and any(ord(ch) > 0x3000 for ch in j), j


def test_expired_credential_is_expired():
    report = verify_file(shared_fixture("1edtech-validator/simple-err-expired.json"))
    assert report.summary == ffi.Summary.EXPIRED, describe(report)
    assert check(report, ffi.CheckId.VALIDITY).status == ffi.CheckStatus.INVALID, describe(report)
    assert report.credential.valid_until


def test_not_yet_valid_with_explicit_now():
    report = verify_file(shared_fixture("1edtech-validator/simple.json"), now_rfc3339="2000-01-01T00:00:00Z")
    assert report.summary == ffi.Summary.NOT_YET_VALID, describe(report)


def test_tampered_signature_is_not_verified():
    report = verify_file(shared_fixture("1edtech-validator/simple-err-proof-value.json"))
    assert report.summary == ffi.Summary.NOT_VERIFIED, describe(report)
    assert check(report, ffi.CheckId.PROOF).status == ffi.CheckStatus.INVALID, describe(report)


def test_garbage_raises_not_json():
    with pytest.raises(ffi.VerifyError.NotJson) as err:
        ffi.verify_json("not json at all", options())
    assert err.value.line >= 1
    assert err.value.column >= 1
    assert isinstance(err.value, ffi.VerifyError)


def test_garbage_bytes_raise_not_json():
    with pytest.raises(ffi.VerifyError.NotJson):
        ffi.verify_bytes(b"\x00\xff not json", options())


def test_json_that_is_not_an_object():
    with pytest.raises(ffi.VerifyError.NotAnObject):
        ffi.verify_json("42", options())


def test_too_deep_input_raises_too_deep():
    depth = 100_000
    nested = '{"a":' * depth + "1" + "}" * depth
    with pytest.raises(ffi.VerifyError.TooDeep) as err:
        ffi.verify_json(nested, options())
    assert 0 < err.value.limit < depth


def test_oversized_input_raises_too_large():
    size = 64 * 1024 * 1024 + 1
    big = b"{" + b" " * (size - 2) + b"}"
    with pytest.raises(ffi.VerifyError.TooLarge) as err:
        ffi.verify_bytes(big, options())
    assert 0 < err.value.limit_bytes < size


def test_invalid_now_option_raises_invalid_options():
    with pytest.raises(ffi.VerifyError.InvalidOptions) as err:
        verify_file(example_credential(), now_rfc3339="yesterday, roughly")
    assert err.value.reason

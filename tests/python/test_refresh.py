"""Binding tests: refreshing a credential (AkashiVerifier.refresh) through an HttpClient written in Python.

The fixtures in tests/data/refresh were made once by `cargo run -p akashi-core --example
make_refresh_fixtures -- tests/data/refresh` (see that example): old.json expired on 2025-12-31
and names the refresh service REFRESH_URL; new.json is its re-issue (same issuer, valid until
2036); other-issuer.json is the same content signed by another key; plain.json names no service.
The test's own client plays the refresh service: no network is used.
"""
from __future__ import annotations

import json

import pytest

import akashi_ffi as ffi
from conftest import REPO_ROOT

REFRESH_URL = "https://registrar.example/refresh/ds-101"
NOW = "2026-06-01T00:00:00Z"  # after old.json's validUntil, before new.json's


def fixture(name: str) -> bytes:
    return (REPO_ROOT / "tests" / "data" / "refresh" / name).read_bytes()


class RefreshService(ffi.HttpClient):
    """The issuer's refresh service, as the app's HTTP stack sees it: one answer, every URL recorded."""

    def __init__(self, body: bytes = b"", status: int = 200):
        self.body = body
        self.status = status
        self.calls: list[str] = []

    def get(self, url: str) -> ffi.HttpResponse:
        self.calls.append(url)
        return ffi.HttpResponse(
            status=self.status, final_url=url, body=self.body,
            content_type="application/vc+ld+json", cache_control=None,
        )


def verifier(client: RefreshService) -> ffi.AkashiVerifier:
    o = ffi.default_verify_options()
    o.now_rfc3339 = NOW
    return ffi.AkashiVerifier(o, client)


def test_the_report_of_an_expired_credential_says_an_update_is_offered():
    client = RefreshService()
    r = verifier(client).verify_bytes(fixture("old.json"))
    assert r.summary == ffi.Summary.EXPIRED
    assert r.credential.refresh_url == REFRESH_URL
    assert client.calls == [], "verifying never fetches the update"
    assert verifier(client).verify_bytes(fixture("plain.json")).credential.refresh_url is None


def test_a_verified_update_from_the_same_issuer_is_offered():
    new = fixture("new.json")
    client = RefreshService(new)
    out = verifier(client).refresh(fixture("old.json"))
    assert isinstance(out, ffi.RefreshOutcome)
    assert out.url == REFRESH_URL
    assert out.report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS
    assert out.refused is None
    assert out.credential == new
    assert client.calls == [REFRESH_URL]


def test_an_update_from_another_issuer_is_refused():
    other = fixture("other-issuer.json")
    client = RefreshService(other)
    out = verifier(client).refresh(fixture("old.json"))
    assert out.credential is None
    assert out.refused is not None and "issuer" in out.refused, out.refused
    other_did = json.loads(other)["issuer"]["id"]
    assert out.report.credential.issuer_id == other_did
    assert other_did in out.refused, out.refused
    assert client.calls == [REFRESH_URL]


def test_a_refresh_service_answering_404_is_a_refresh_failure_without_the_body():
    client = RefreshService(b"secret-body-detail: no such credential", status=404)
    with pytest.raises(ffi.VerifyError.RefreshFailed) as e:
        verifier(client).refresh(fixture("old.json"))
    assert "404" in e.value.reason
    assert "secret-body-detail" not in str(e.value)
    assert client.calls == [REFRESH_URL]


def test_no_refresh_service_fetches_nothing():
    client = RefreshService(fixture("new.json"))
    with pytest.raises(ffi.VerifyError.NoRefreshService):
        verifier(client).refresh(fixture("plain.json"))
    assert client.calls == []


def test_an_original_that_does_not_verify_fetches_nothing():
    doc = json.loads(fixture("old.json"))
    doc["name"] = "Data Structures 101 (with distinction)"
    client = RefreshService(fixture("new.json"))
    with pytest.raises(ffi.VerifyError.OriginalNotVerified):
        verifier(client).refresh(json.dumps(doc).encode("utf-8"))
    assert client.calls == []


def test_the_free_function_checks_the_original_before_any_fetch():
    o = ffi.default_verify_options()
    o.offline = True
    with pytest.raises(ffi.VerifyError.NoRefreshService):
        ffi.refresh_credential(fixture("plain.json"), o)
    with pytest.raises(ffi.VerifyError.NotJson):
        ffi.refresh_credential(b"not json", o)

"""Binding tests: AkashiVerifier (one verifier, one cache) with an HttpClient written in Python.

The client serves the DCC status-list fixture for the URL the DCC credentials name; Akashi's
core applies its fetch policy around it (HTTPS final URL, 2xx, no web page) and caches the list.
"""
from __future__ import annotations

import pytest

import akashi_ffi as ffi
from conftest import example_credential, shared_fixture

LIST_URL = (
    "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/"
    "src/test-fixtures/status/e5WK8CbZ1GjycuPombrj"
)
LIST_FIXTURE = "dcc-verifier-core/status/e5WK8CbZ1GjycuPombrj.json"
REVOKED = "dcc-verifier-core/v2/v2Revoked.json"
VALID_STATUS = "dcc-verifier-core/v2/v2WithValidStatus.json"
# Inside the validity of every DCC fixture (as in core/tests/it/status_fixtures.rs).
NOW = "2025-06-01T00:00:00Z"


def list_response(url: str, **overrides) -> ffi.HttpResponse:
    fields = dict(
        status=200,
        final_url=url,
        body=shared_fixture(LIST_FIXTURE).read_bytes(),
        content_type="application/vc+ld+json",
        cache_control="public, max-age=3600",
    )
    fields.update(overrides)
    return ffi.HttpResponse(**fields)


def serve_fixtures(url: str) -> ffi.HttpResponse:
    if url == LIST_URL:
        return list_response(url)
    return ffi.HttpResponse(status=404, final_url=url, body=b"not found", content_type="text/plain", cache_control=None)


class FixtureClient(ffi.HttpClient):
    """The app's HTTP stack, as a test double: answers through `respond`, records every URL."""

    def __init__(self, respond=serve_fixtures):
        self.respond = respond
        self.calls: list[str] = []

    def get(self, url: str) -> ffi.HttpResponse:
        self.calls.append(url)
        return self.respond(url)


def options(**overrides) -> ffi.VerifyOptions:
    o = ffi.default_verify_options()
    o.now_rfc3339 = NOW
    for key, value in overrides.items():
        setattr(o, key, value)
    return o


def text(rel: str) -> str:
    return shared_fixture(rel).read_text(encoding="utf-8")


def status_check(report):
    found = [c for c in report.checks if c.id == ffi.CheckId.STATUS]
    assert len(found) == 1, report.checks
    return found[0]


def describe(report) -> str:
    return f"summary={report.summary} checks=" + "; ".join(
        f"{c.id}:{c.status}:{c.code}:{c.reason}:{c.source}" for c in report.checks
    )


def test_new_option_fields_have_defaults():
    # Code written before cache_path / cache_ttl_secs / fetch_timeout_ms existed still builds the record.
    o = ffi.VerifyOptions(
        now_rfc3339=None, offline=True, allow_http_loopback=False, extra_ca_pem=None,
        challenge=None, domain=None, recipients=[],
    )
    assert o.cache_path is None and o.cache_ttl_secs is None and o.fetch_timeout_ms is None
    assert ffi.default_verify_options().cache_path is None


def test_verifier_object_without_client_verifies_like_the_free_function():
    v = ffi.AkashiVerifier(options(offline=True, now_rfc3339=None), None)
    data = example_credential().read_bytes()
    a = v.verify_bytes(data)
    b = ffi.verify_bytes(data, options(offline=True, now_rfc3339=None))
    assert a.summary in (ffi.Summary.VERIFIED, ffi.Summary.VERIFIED_WITH_WARNINGS), describe(a)
    assert [(c.id, c.status) for c in a.checks] == [(c.id, c.status) for c in b.checks]
    assert v.verify_text(data.decode("utf-8")).summary == a.summary


def test_app_client_revocation_then_the_cache_serves_the_next_credential():
    client = FixtureClient()
    v = ffi.AkashiVerifier(options(), client)

    r = v.verify_text(text(REVOKED))
    assert r.summary == ffi.Summary.REVOKED, describe(r)
    st = status_check(r)
    assert (st.status, st.code) == (ffi.CheckStatus.INVALID, "revoked"), describe(r)
    assert st.source.is_network() and st.source.url == LIST_URL, st.source
    assert client.calls == [LIST_URL]

    # Same object, another credential on the same list: no second GET, the list comes from the cache.
    r = v.verify_text(text(VALID_STATUS))
    assert r.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(r)
    st = status_check(r)
    assert st.status == ffi.CheckStatus.VALID, describe(r)
    assert st.source.is_cache() and st.source.url == LIST_URL and st.source.fetched_at, st.source
    assert client.calls == [LIST_URL]


def _redirected_to_http(url):
    return list_response(url, final_url=url.replace("https://", "http://", 1))


def _web_page(url):
    return list_response(url, content_type="text/html; charset=utf-8")


def _not_found(url):
    return list_response(url, status=404)


def _throws(url):
    raise RuntimeError("secret-client-detail: connection reset")


def _times_out(url):
    raise ffi.HttpError.Timeout()


@pytest.mark.parametrize(
    "respond", [_redirected_to_http, _web_page, _not_found, _throws, _times_out],
    ids=["redirect-to-http", "text-html", "404", "client-throws", "timeout"],
)
def test_refused_or_failed_fetch_makes_the_status_unknown(respond):
    # Each response carries the real list (which says "revoked"): only the core's policy keeps it out.
    client = FixtureClient(respond)
    r = ffi.AkashiVerifier(options(), client).verify_text(text(REVOKED))
    st = status_check(r)
    assert (st.status, st.code) == (ffi.CheckStatus.UNKNOWN, "status_list_unavailable"), describe(r)
    assert r.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(r)
    assert client.calls == [LIST_URL]
    assert "secret-client-detail" not in (st.reason or ""), st.reason


def test_cache_file_serves_an_offline_verifier(tmp_path):
    db = tmp_path / "akashi-cache.sqlite"
    online = FixtureClient()
    a = ffi.AkashiVerifier(options(cache_path=str(db)), online)
    r = a.verify_text(text(REVOKED))
    assert r.summary == ffi.Summary.REVOKED, describe(r)
    assert status_check(r).source.is_network()
    assert online.calls == [LIST_URL]
    assert db.is_file() and db.stat().st_size > 0

    offline = FixtureClient()
    b = ffi.AkashiVerifier(options(cache_path=str(db), offline=True), offline)
    r = b.verify_text(text(REVOKED))
    assert r.summary == ffi.Summary.REVOKED, describe(r)
    st = status_check(r)
    assert st.source.is_cache() and st.source.url == LIST_URL and st.source.fetched_at, st.source
    assert offline.calls == []

    # Control: offline with an empty cache file, the status cannot be known.
    c = ffi.AkashiVerifier(options(cache_path=str(tmp_path / "empty.sqlite"), offline=True), FixtureClient())
    r = c.verify_text(text(REVOKED))
    assert status_check(r).status == ffi.CheckStatus.UNKNOWN, describe(r)


def test_a_cache_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    notes = tmp_path / "notes.sqlite"
    content = b"These are somebody's notes, not an SQLite database. " * 8
    notes.write_bytes(content)
    client = FixtureClient()
    with pytest.raises(ffi.VerifyError.InvalidOptions):
        ffi.AkashiVerifier(options(cache_path=str(notes)), client)
    assert notes.read_bytes() == content
    assert client.calls == []

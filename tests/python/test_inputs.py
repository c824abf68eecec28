"""Binding tests for the new inputs (issue 3): baked images as bytes, and URLs (a plain-HTTP
server on 127.0.0.1, started by the test, stands in for the issuer's host)."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

import akashi_ffi as ffi
from conftest import example_credential, shared_file, shared_fixture


def options(**overrides):
    o = ffi.default_verify_options()
    o.offline = True
    for key, value in overrides.items():
        setattr(o, key, value)
    return o


def check(report, check_id):
    found = [c for c in report.checks if c.id == check_id]
    assert len(found) == 1, f"expected exactly one {check_id} check, got {report.checks!r}"
    return found[0]


def describe(report):
    return f"summary={report.summary} envelope={report.envelope} securing={report.securing} checks=" + "; ".join(
        f"{c.id}:{c.status}:{c.code}:{c.reason}:{c.warnings}" for c in report.checks
    )


# ---------------------------------------------------------------------------------------------
# Baked images


def test_baked_png_bytes_verify():
    report = ffi.verify_bytes(shared_fixture("1edtech-validator/simple-json.png").read_bytes(), options())
    assert report.envelope == ffi.Envelope.PNG, describe(report)
    assert report.securing == ffi.Securing.EMBEDDED_PROOF, describe(report)
    assert report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(report)
    assert check(report, ffi.CheckId.PROOF).status == ffi.CheckStatus.VALID, describe(report)
    assert report.credential.name == "Teamwork Badge"


def test_baked_svg_bytes_verify():
    report = ffi.verify_bytes(shared_fixture("1edtech-validator/simple-json.svg").read_bytes(), options())
    assert report.envelope == ffi.Envelope.SVG, describe(report)
    assert report.securing == ffi.Securing.EMBEDDED_PROOF, describe(report)
    assert report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(report)
    assert check(report, ffi.CheckId.PROOF).status == ffi.CheckStatus.VALID, describe(report)
    assert report.credential.name == "Teamwork Badge"


def test_unbaked_png_raises_no_badge_in_image():
    data = shared_file("other/baking/mozilla-openbadges-bakery/unbaked.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ffi.VerifyError.NoBadgeInImage):
        ffi.verify_bytes(data, options())


# ---------------------------------------------------------------------------------------------
# URLs, served over plain HTTP on 127.0.0.1 (allowed only with allow_http_loopback)


class LoopbackServer:
    """A ThreadingHTTPServer on 127.0.0.1 (ephemeral port) serving fixed files by name.

    The socket is bound and listening when the constructor returns, so no wait is needed
    before the first request; `gets` records the path of every GET that reached a handler."""

    def __init__(self, files: dict[str, Path]):
        self.gets: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            timeout = 10  # bounded reads on a connection

            def do_GET(self):  # noqa: N802 (http.server naming)
                outer.gets.append(self.path)
                path = files.get(self.path)
                if path is None:
                    self.send_error(404)
                    return
                body = path.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep pytest output clean
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="loopback-http", daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive(), "loopback server did not stop"


@pytest.fixture
def server():
    srv = LoopbackServer({"/micro-credential.json": example_credential()})
    try:
        yield srv
    finally:
        srv.close()


def assert_example_verified_from_url(report):
    assert report.envelope == ffi.Envelope.URL, describe(report)
    assert report.securing == ffi.Securing.EMBEDDED_PROOF, describe(report)
    assert report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(report)
    assert check(report, ffi.CheckId.PROOF).status == ffi.CheckStatus.VALID, describe(report)
    assert report.credential.name == "Data Science Fundamentals (Micro-credential)"


def test_url_over_loopback_http_verifies(server):
    report = ffi.verify_url(server.url("/micro-credential.json"), options(offline=False, allow_http_loopback=True))
    assert_example_verified_from_url(report)
    assert server.gets == ["/micro-credential.json"]


def test_url_text_routes_to_url_path(server):
    report = ffi.verify_text(server.url("/micro-credential.json"), options(offline=False, allow_http_loopback=True))
    assert_example_verified_from_url(report)
    assert server.gets == ["/micro-credential.json"]


def test_url_without_loopback_permission_is_not_fetched_over_plain_http(server):
    # The core never fetches plain HTTP unless allowed: it upgrades http:// to https:// on the
    # same host and port (the OB 2.0 policy), so the TLS handshake with this plain-HTTP server
    # fails and the error is FetchFailed without a status (not UrlNotFetchable).
    with pytest.raises(ffi.VerifyError.FetchFailed) as err:
        ffi.verify_url(server.url("/micro-credential.json"), options(offline=False, allow_http_loopback=False))
    assert err.value.http_status is None
    assert server.gets == [], "the document was fetched over plain HTTP"


def test_url_offline_raises_url_not_fetchable(server):
    with pytest.raises(ffi.VerifyError.UrlNotFetchable) as err:
        ffi.verify_url(server.url("/micro-credential.json"), options(offline=True, allow_http_loopback=True))
    assert err.value.reason
    assert server.gets == []


def test_url_404_raises_fetch_failed_with_status(server):
    with pytest.raises(ffi.VerifyError.FetchFailed) as err:
        ffi.verify_url(server.url("/missing.json"), options(offline=False, allow_http_loopback=True))
    assert err.value.http_status == 404
    assert server.gets == ["/missing.json"]

"""Binding tests: the whole exchange of issue 6 through QR codes, as the two phones make it.

The employer's app shows its request as a QR code; the learner's camera reads it (a picture
decoded by the core) and a QrScanner gives the request text. The learner's app signs a
presentation and shows it as animated frames; every frame is drawn as a PNG and read back; the
employer's QrScanner takes them in reverse order with a repeat and a stray frame of another
message, and the result is verified against the employer's own request.
"""
from __future__ import annotations

import pytest

import akashi_ffi as ffi
from test_presentation import DOMAIN, FixedKeys, check, describe, options
from conftest import example_credential


@pytest.fixture
def learner(tmp_path):
    wallet = ffi.AkashiWallet.open(str(tmp_path / "learner.db"), FixedKeys(), options(), None)
    badge_id = wallet.import_bytes(example_credential().read_bytes()).id
    return wallet, badge_id


def camera(matrix) -> str:
    """What a camera reads from a QR code on a screen: drawn as a PNG, decoded."""
    texts = ffi.decode_qr_image(ffi.qr_png(matrix, 2))
    assert len(texts) == 1
    return texts[0]


def test_whole_exchange_through_qr(learner):
    wallet, badge_id = learner

    # 1. The employer's phone shows a request QR; the learner's camera reads it.
    request = ffi.create_request(DOMAIN, "ACME Careers", None)
    code = ffi.request_qr(request)
    assert code.width == 17 + 4 * code.version and len(code.modules) == code.width**2
    assert any(code.modules) and not all(code.modules)
    assert ffi.qr_svg(code).startswith("<svg")
    learner_cam = ffi.QrScanner()
    p = learner_cam.push(camera(code))
    assert (p.received, p.total, p.complete, p.new) == (1, 1, True, True)
    assert (p.source, p.content) == (ffi.ScanSource.TEXT, ffi.ScanContent.REQUEST)
    read = ffi.read_request(learner_cam.result())
    assert read == request

    # 2. On consent it signs a presentation and shows it as animated QR frames.
    presentation = wallet.create_presentation([badge_id], read, None)
    shown = ffi.presentation_qr(presentation.text)
    n = len(shown.frames)
    assert n > 1, f"{len(presentation.text)} bytes fit one QR"
    assert shown.fps > 0 and shown.compressed
    for f in shown.frames:
        assert camera(ffi.render_qr(f)) == f

    # A stray frame of someone else's presentation.
    stray = ffi.presentation_qr(wallet.create_presentation([badge_id], None, None).text).frames[0]

    # 3. The employer's camera catches the frames in reverse order, the last one twice.
    employer_cam = ffi.QrScanner()
    order = list(reversed(range(n)))
    order.insert(1, order[0])
    received = set()
    for k, i in enumerate(order):
        p = employer_cam.push(shown.frames[i])
        assert p.new == (i not in received), f"push {k}"
        received.add(i)
        assert (p.received, p.total, p.source) == (len(received), n, ffi.ScanSource.FRAMES)
        assert p.complete == (len(received) == n)
        assert p.content == (ffi.ScanContent.PRESENTATION if p.complete else None)
        if k == 1:
            with pytest.raises(ffi.ScanError.OtherMessage):
                employer_cam.push(stray)
            assert employer_cam.missing() == list(range(1, n)), "the stray frame cost no progress"
            assert employer_cam.result() is None
    text = employer_cam.result()
    assert text == presentation.text

    # 4. Verified against the employer's own request (the example badge names its learner by a
    # hashed email, so the holder check is unknown: verified with warnings, as in
    # test_presentation.py).
    report = ffi.verify_presentation(text, request, options())
    assert report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(report)
    for cid in (ffi.CheckId.PROOF, ffi.CheckId.ISSUER_KEY, ffi.CheckId.VALIDITY, ffi.CheckId.CHALLENGE, ffi.CheckId.NESTED):
        assert check(report, cid).status == ffi.CheckStatus.VALID, describe(report)

    # Once complete, the scanner holds its message until reset.
    with pytest.raises(ffi.ScanError.OtherMessage):
        employer_cam.push(stray)
    assert employer_cam.result() == text
    employer_cam.reset()
    assert employer_cam.result() is None
    assert employer_cam.push(stray).received == 1


def test_scanner_and_qr_errors_are_typed():
    scanner = ffi.QrScanner()
    for text in ["https://example.com/badge", "hello", ""]:
        with pytest.raises(ffi.ScanError.NotRecognized):
            scanner.push(text)
    with pytest.raises(ffi.ScanError.Misread):
        scanner.push("AKF1:garbage")
    with pytest.raises(ffi.ScanError.Misread):
        scanner.push("VP1-B189")
    with pytest.raises(ffi.ScanError.Unreadable) as e:
        scanner.push('{"secret": ')
    assert "secret" not in str(e.value)
    assert scanner.result() is None

    with pytest.raises(ffi.QrError.UnreadableImage):
        ffi.decode_qr_image(b"not an image")
    blank = ffi.qr_png(ffi.QrMatrix(version=1, ec_level=ffi.EcLevel.M, width=21, modules=[False] * 441), 4)
    with pytest.raises(ffi.QrError.NotFound):
        ffi.decode_qr_image(blank)
    with pytest.raises(ffi.QrError.BadBuffer):
        ffi.decode_qr_luma(10, 10, b"\x00" * 99)
    with pytest.raises(ffi.QrError.TooLong):
        ffi.render_qr("A" * 5000)
    # A camera frame's Y plane: the request code drawn at 3 pixels a module, read back.
    code = ffi.render_qr("AKF1:HELLO")
    side = (code.width + 8) * 3
    luma = bytearray(b"\xff" * side * side)
    for y in range(code.width):
        for x in range(code.width):
            if code.modules[y * code.width + x]:
                for dy in range(3):
                    row = ((y + 4) * 3 + dy) * side
                    luma[row + (x + 4) * 3 : row + (x + 5) * 3] = b"\x00\x00\x00"
    assert ffi.decode_qr_luma(side, side, bytes(luma)) == ["AKF1:HELLO"]

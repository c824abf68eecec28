"""Binding tests: the whole phone-to-phone exchange of issue 6 through the FFI, as the apps
make it. The employer's app creates a request (its text is what the request QR carries); the
learner's app reads it (who is asking), signs a presentation of a wallet badge with the wallet's
holder key; the employer's app verifies it against its own request. Then: a replay against
another request, a one-way presentation, bad request text, the activity log, and the holder key
moving with a backup.
"""
from __future__ import annotations

import json

import pytest

import akashi_ffi as ffi
from conftest import example_credential
from test_wallet import OTHER_KEY, FixedKeys  # the key store double the wallet tests use

DOMAIN = "careers.acme.example"


def options() -> ffi.VerifyOptions:
    o = ffi.default_verify_options()
    o.offline = True
    return o


def check(report, check_id):
    found = [c for c in report.checks if c.id == check_id]
    assert found, f"no {check_id} check"
    return found[0]


def describe(report) -> str:
    return f"{report.summary} " + " ".join(f"{c.id}={c.status}({c.code})" for c in report.checks)


@pytest.fixture
def learner(tmp_path):
    wallet = ffi.AkashiWallet.open(str(tmp_path / "learner.db"), FixedKeys(), options(), None)
    badge_id = wallet.import_bytes(example_credential().read_bytes()).id
    return wallet, badge_id


def test_whole_exchange(learner):
    wallet, badge_id = learner

    # 1. The employer's phone shows a request QR.
    request = ffi.create_request(DOMAIN, "ACME Careers", None)
    assert len(request.challenge) >= 22  # at least 128 bits, base64url
    text = ffi.request_text(request)
    assert json.loads(text)["type"] == "AkashiPresentationRequest"

    # 2. The learner's phone scans it and shows who is asking.
    read = ffi.read_request(text)
    assert (read.name, read.domain) == ("ACME Careers", DOMAIN)
    assert not ffi.request_expired(read)

    # 3. On consent, it signs a presentation (its text goes into the QR frames).
    holder = wallet.holder_did()
    assert holder.startswith("did:key:z6Mk")
    p = wallet.create_presentation([badge_id], read, None)
    assert (p.holder, p.challenge, p.domain, p.credentials) == (holder, request.challenge, DOMAIN, 1)
    vp = json.loads(p.text)
    assert vp["proof"]["proofPurpose"] == "authentication"

    # 4. The employer's phone verifies it against its own request.
    report = ffi.verify_presentation(p.text, request, options())
    # The example badge names its learner by a hashed email, not by the holder DID: the holder
    # check cannot match them (unknown), everything else is valid.
    assert report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(report)
    for cid in (ffi.CheckId.PROOF, ffi.CheckId.ISSUER_KEY, ffi.CheckId.VALIDITY, ffi.CheckId.CHALLENGE, ffi.CheckId.NESTED):
        assert check(report, cid).status == ffi.CheckStatus.VALID, describe(report)
    assert check(report, ffi.CheckId.HOLDER).code == "subject_not_identified"
    assert len(report.nested) == 1

    # The same through a verifier object the app keeps.
    verifier = ffi.AkashiVerifier(options(), None)
    assert verifier.verify_presentation(p.text, request).summary == ffi.Summary.VERIFIED_WITH_WARNINGS

    # Replayed to the same employer's next request: not verified.
    other = ffi.create_request(DOMAIN, "ACME Careers", None)
    replay = ffi.verify_presentation(p.text, other, options())
    assert replay.summary == ffi.Summary.NOT_VERIFIED
    assert check(replay, ffi.CheckId.CHALLENGE).code == "challenge_mismatch"

    # The learner's log says to whom it was shown.
    shown = [e for e in wallet.log() if e.action == ffi.LogAction.PRESENT]
    assert [(e.badge_id, e.to_whom) for e in shown] == [(badge_id, f"ACME Careers ({DOMAIN})")]


def test_one_way_presentation(learner):
    wallet, badge_id = learner
    p = wallet.create_presentation([badge_id], None, 120)
    assert p.challenge is None
    report = ffi.verify_presentation(p.text, None, options())
    assert report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS, describe(report)
    challenge = check(report, ffi.CheckId.CHALLENGE)
    assert (challenge.status, challenge.code) == (ffi.CheckStatus.NOT_APPLICABLE, "not_bound")
    # Shown to an employer that asked for its own challenge: not verified.
    request = ffi.create_request(DOMAIN, "ACME Careers", 60)
    assert ffi.verify_presentation(p.text, request, options()).summary == ffi.Summary.NOT_VERIFIED
    # Judged after its lifetime (the verifier's clock set ahead): refused.
    late = options()
    late.now_rfc3339 = "2099-01-01T00:00:00Z"
    assert check(ffi.verify_presentation(p.text, None, late), ffi.CheckId.VALIDITY).code == "expired"


def test_bad_input_is_a_typed_error(learner):
    wallet, badge_id = learner
    with pytest.raises(ffi.PresentationError.NotARequest):
        ffi.read_request("not a request")
    with pytest.raises(ffi.PresentationError.InvalidField):
        ffi.create_request("has space", "ACME", None)
    with pytest.raises(ffi.WalletError.NotFound):
        wallet.create_presentation([badge_id + 100], None, None)
    with pytest.raises(ffi.WalletError.PresentationFailed):
        wallet.create_presentation([], None, None)
    expired = ffi.PresentationRequest(challenge="A" * 22, domain=DOMAIN, name="ACME", expires="2020-01-01T00:00:00Z")
    assert ffi.request_expired(expired)
    with pytest.raises(ffi.WalletError.RequestExpired):
        wallet.create_presentation([badge_id], expired, None)
    assert not [e for e in wallet.log() if e.action == ffi.LogAction.PRESENT]
    with pytest.raises(ffi.VerifyError.NotJson):
        ffi.verify_presentation("{not json", None, options())


def test_holder_key_moves_with_backup(learner, tmp_path):
    wallet, _ = learner
    holder = wallet.holder_did()
    backup = wallet.backup("correct horse battery")
    new_phone = ffi.AkashiWallet.open(str(tmp_path / "new.db"), FixedKeys(OTHER_KEY), options(), None)
    outcome = new_phone.restore(backup, "correct horse battery")
    assert outcome.holder_keys_added == 1
    assert new_phone.holder_did() == holder

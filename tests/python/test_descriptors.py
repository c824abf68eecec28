"""Binding tests: micro-credential descriptors and their Japanese / English rendering, read
through akashi_ffi (UniFFI) from the signed examples."""
from __future__ import annotations

import json

import akashi_ffi as ffi
from conftest import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples" / "credentials"


def ftl(lang: str) -> dict[str, str]:
    """Single-line messages of core/locales/<lang>/akashi.ftl (the expected labels)."""
    out = {}
    for line in (REPO_ROOT / "core" / "locales" / lang / "akashi.ftl").read_text(encoding="utf-8").splitlines():
        if " = " in line and not line.startswith((" ", "#")):
            key, value = line.split(" = ", 1)
            out[key] = value
    return out


def verify(name: str):
    o = ffi.default_verify_options()
    o.offline = True
    o.now_rfc3339 = "2026-06-01T00:00:00Z"
    return ffi.verify_json((EXAMPLES / name).read_text(encoding="utf-8"), o)


def by_id(descriptors):
    return {d.id: d for d in descriptors.items}


def test_full_example_carries_every_descriptor_with_its_source():
    report = verify("micro-credential-full.json")
    assert report.summary in (ffi.Summary.VERIFIED, ffi.Summary.VERIFIED_WITH_WARNINGS)
    d = report.credential.descriptors
    assert d is not None
    assert all(x.present for x in d.items), [x.id for x in d.items if not x.present]
    doc = json.loads((EXAMPLES / "micro-credential-full.json").read_text(encoding="utf-8"))
    workload = by_id(d)[ffi.DescriptorId.WORKLOAD].values
    assert [(v.value, v.source) for v in workload] == [
        (str(doc["credentialSubject"]["achievement"]["studyLoad"]), "credentialSubject.achievement.studyLoad")
    ]
    assert [(p.id, p.complete, p.missing) for p in d.profiles] == [("jp-mc-guideline-3.0", True, []), ("eu-mc-2022", True, [])]


def test_plain_example_is_incomplete_for_both_profiles():
    d = verify("micro-credential.json").credential.descriptors
    profiles = {p.id: p for p in d.profiles}
    assert not profiles["eu-mc-2022"].complete
    assert ffi.DescriptorId.FORM_OF_PARTICIPATION in profiles["eu-mc-2022"].missing
    assert not by_id(d)[ffi.DescriptorId.QUALITY_ASSURANCE].present


def test_localized_report_in_japanese_and_english():
    report = verify("micro-credential-full.json")
    en, ja = ftl("en"), ftl("ja")
    for language, msgs in ((ffi.Language.EN, en), (ffi.Language.JA, ja)):
        loc = ffi.localize_report(report, language)
        assert loc.locale == language
        assert loc.summary_label == msgs["summary-verified_with_warnings"]
        labels = {d.id: d.label for d in loc.descriptors}
        assert labels[ffi.DescriptorId.CREDITS] == msgs["descriptor-credits"]
        assert labels[ffi.DescriptorId.FORM_OF_PARTICIPATION] == msgs["descriptor-form_of_participation"]
        trust = next(c for c in loc.checks if c.id == ffi.CheckId.TRUST)
        assert trust.message == msgs["code-no_registry"]
        assert trust.detail == next(c for c in report.checks if c.id == ffi.CheckId.TRUST).reason
        assert all(p.complete and p.complete_label == msgs["ui-profile-complete"] for p in loc.profiles)
    assert en["descriptor-credits"] != ja["descriptor-credits"]


def test_preferred_language_negotiates_device_languages():
    assert ffi.preferred_language(["ja-JP", "en-US"]) == ffi.Language.JA
    assert ffi.preferred_language(["fr-FR", "ja"]) == ffi.Language.JA
    assert ffi.preferred_language(["de-DE"]) == ffi.Language.EN
    assert ffi.preferred_language([]) == ffi.Language.EN

"""Binding tests: AkashiWallet (the encrypted wallet) with a KeyStore and a ReverifyProgress
written in Python: open in a temp dir, import the example credential and a baked PNG, list,
search, get (original bytes and report), tag, reverify with cancel, delete, the activity log, a
wrong key and a failing key store.
"""
from __future__ import annotations

import hashlib

import pytest

import akashi_ffi as ffi
from conftest import example_credential, shared_fixture

KEY = bytes(range(1, 33))
OTHER_KEY = bytes(range(101, 133))
PNG = "1edtech-validator/simple-json.png"


class FixedKeys(ffi.KeyStore):
    """The platform key store, as a test double: always the same 32 bytes."""

    def __init__(self, key: bytes = KEY):
        self.key = key
        self.calls = 0

    def wallet_key(self) -> bytes:
        self.calls += 1
        return self.key


class LockedKeys(ffi.KeyStore):
    def wallet_key(self) -> bytes:
        raise ffi.KeyStoreError.Unavailable()


class BrokenKeys(ffi.KeyStore):
    def wallet_key(self) -> bytes:
        raise RuntimeError("secret-keystore-detail")


class CancelAfterFirst(ffi.ReverifyProgress):
    def __init__(self):
        self.calls: list[tuple[int, int]] = []

    def on_progress(self, done: int, total: int) -> bool:
        self.calls.append((done, total))
        return done < 1


def options() -> ffi.VerifyOptions:
    o = ffi.default_verify_options()
    o.offline = True  # CI reaches no issuer hosts
    return o


def no_filter(**fields) -> ffi.ListFilter:
    f = dict(state=None, issuer_id=None, tag=None)
    f.update(fields)
    return ffi.ListFilter(**f)


def open_wallet(path, keys=None) -> ffi.AkashiWallet:
    return ffi.AkashiWallet.open(str(path), keys or FixedKeys(), options(), None)


def added_id(outcome) -> int:
    assert outcome.is_added(), outcome
    return outcome.id


def test_wallet_round_trip(tmp_path):
    path = tmp_path / "wallet.db"
    keys = FixedKeys()
    wallet = ffi.AkashiWallet.open(str(path), keys, options(), None)
    assert keys.calls == 1
    micro_bytes = example_credential().read_bytes()
    png_bytes = shared_fixture(PNG).read_bytes()
    micro = added_id(wallet.import_bytes(micro_bytes))
    png = added_id(wallet.import_bytes(png_bytes))
    assert micro != png
    # The same bytes again are a duplicate, never a second badge.
    again = wallet.import_bytes(micro_bytes)
    assert again.is_duplicate() and again.id == micro

    listed = wallet.list(ffi.SortBy.NAME, no_filter())
    assert sorted(b.id for b in listed) == sorted([micro, png])

    found = wallet.search("Data Science")
    assert [b.id for b in found] == [micro]
    assert "Data Science" in (found[0].name or "")
    assert wallet.search("nothing-like-this") == []

    detail = wallet.get(micro)
    assert detail.original == micro_bytes
    assert detail.report is not None
    assert detail.report.summary == ffi.Summary.VERIFIED_WITH_WARNINGS
    assert detail.badge.state == ffi.Summary.VERIFIED_WITH_WARNINGS
    assert detail.badge.source == ffi.ImportSource.BYTES
    assert wallet.get(png).original == png_bytes
    with pytest.raises(ffi.WalletError.NotFound):
        wallet.get(9999)

    wallet.tag(png, " teamwork ")
    assert wallet.tags() == ["teamwork"]
    assert [b.id for b in wallet.list(ffi.SortBy.DATE, no_filter(tag="teamwork"))] == [png]
    assert wallet.list(ffi.SortBy.DATE, no_filter(tag="other")) == []
    with pytest.raises(ffi.WalletError.InvalidTag):
        wallet.tag(png, "   ")

    progress = CancelAfterFirst()
    outcome = wallet.reverify_all(progress)
    assert outcome.cancelled
    assert (outcome.total, outcome.done) == (2, 1)
    assert progress.calls == [(0, 2), (1, 2)]
    assert wallet.reverify_all(None).done == 2

    wallet.delete(png)
    assert [b.id for b in wallet.list(ffi.SortBy.DATE, no_filter())] == [micro]
    assert wallet.tags() == []
    with pytest.raises(ffi.WalletError.NotFound):
        wallet.delete(png)

    actions = [(e.action, e.badge_id) for e in wallet.log()]
    assert actions[:2] == [(ffi.LogAction.IMPORT, micro), (ffi.LogAction.IMPORT, png)]
    assert (ffi.LogAction.TAG, png) in actions
    assert actions[-1] == (ffi.LogAction.DELETE, png)


def file_state(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_wrong_key_leaves_the_wallet_unchanged(tmp_path):
    path = tmp_path / "wallet.db"
    wallet = open_wallet(path)
    micro = added_id(wallet.import_bytes(example_credential().read_bytes()))
    wallet.tag(micro, "kept")
    del wallet  # closes the database
    before = file_state(tmp_path)

    with pytest.raises(ffi.WalletError.WrongKey):
        open_wallet(path, FixedKeys(OTHER_KEY))
    assert file_state(tmp_path) == before

    reopened = open_wallet(path)
    listed = reopened.list(ffi.SortBy.DATE, no_filter())
    assert [(b.id, b.tags) for b in listed] == [(micro, ["kept"])]


def test_key_store_failures(tmp_path):
    path = tmp_path / "wallet.db"
    with pytest.raises(ffi.WalletError.KeyUnavailable):
        open_wallet(path, LockedKeys())
    with pytest.raises(ffi.WalletError.KeyStoreFailed) as failed:
        open_wallet(path, BrokenKeys())
    assert "secret-keystore-detail" not in str(failed.value)
    with pytest.raises(ffi.WalletError.BadKeyLength):
        open_wallet(path, FixedKeys(b"short"))
    assert not path.exists() or path.stat().st_size == 0


def test_unreadable_input_is_refused_and_nothing_is_stored(tmp_path):
    wallet = open_wallet(tmp_path / "wallet.db")
    with pytest.raises(ffi.WalletError.UnreadableInput) as refused:
        wallet.import_text("not json at all")
    assert isinstance(refused.value.reason, ffi.VerifyError.NotJson)
    assert wallet.list(ffi.SortBy.DATE, no_filter()) == []


def test_import_many_keeps_order_and_reports_each_input(tmp_path):
    wallet = open_wallet(tmp_path / "wallet.db")
    micro_bytes = example_credential().read_bytes()
    png_bytes = shared_fixture(PNG).read_bytes()
    results = wallet.import_many([micro_bytes, b"not json at all", png_bytes, micro_bytes])
    assert len(results) == 4
    micro = added_id(results[0].outcome)
    assert results[0].error is None
    assert results[1].outcome is None and "cannot be read" in results[1].error
    png = added_id(results[2].outcome)
    assert results[3].outcome == ffi.ImportOutcome.DUPLICATE(id=micro)
    assert sorted(b.id for b in wallet.list(ffi.SortBy.DATE, no_filter())) == sorted([micro, png])
    assert wallet.get(png).original == png_bytes


def test_backup_and_restore_into_a_fresh_wallet(tmp_path):
    source = open_wallet(tmp_path / "old-phone.db")
    micro_bytes = example_credential().read_bytes()
    png_bytes = shared_fixture(PNG).read_bytes()
    micro = added_id(source.import_bytes(micro_bytes))
    added_id(source.import_bytes(png_bytes))
    source.tag(micro, "data science")
    backup = source.backup("correct horse battery staple")
    assert backup.startswith(b"AKASHI-BACKUP\0")
    assert b"Data Science" not in backup, "the backup file is encrypted"

    # The new phone: another key, an empty wallet.
    fresh = open_wallet(tmp_path / "new-phone.db", FixedKeys(OTHER_KEY))
    outcome = fresh.restore(backup, "correct horse battery staple")
    assert (outcome.badges_in_backup, outcome.badges_added, outcome.tags_added) == (2, 2, 1)
    restored = {hashlib.sha256(fresh.get(b.id).original).hexdigest() for b in fresh.list(ffi.SortBy.NAME, no_filter())}
    assert restored == {hashlib.sha256(micro_bytes).hexdigest(), hashlib.sha256(png_bytes).hexdigest()}
    hits = fresh.search("Data Science")
    assert len(hits) == 1 and "data science" in hits[0].tags

    # Restoring again adds nothing; a wrong passphrase or a cut file changes nothing.
    again = fresh.restore(backup, "correct horse battery staple")
    assert (again.badges_added, again.badges_unchanged) == (0, 2)
    before = [(b.id, b.name) for b in fresh.list(ffi.SortBy.NAME, no_filter())]
    with pytest.raises(ffi.WalletError.WrongPassphraseOrTampered):
        fresh.restore(backup, "wrong passphrase")
    with pytest.raises(ffi.WalletError.BackupTruncated):
        fresh.restore(backup[: len(backup) // 2], "correct horse battery staple")
    with pytest.raises(ffi.WalletError.NotABackup):
        fresh.restore(b"not a backup at all", "correct horse battery staple")
    assert [(b.id, b.name) for b in fresh.list(ffi.SortBy.NAME, no_filter())] == before

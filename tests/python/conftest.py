"""pytest set-up for the Python binding tests of akashi_ffi (UniFFI, library mode).

scripts/test.sh generates the bindings into <target>/bindings/python and assembles them, with
libakashi_ffi.so, into the package <target>/python/akashi_ffi (the generated akashi_ffi module
imports akashi_core relatively); it sets AKASHI_ROOT / AKASHI_TARGET_DIR / AKASHI_SHARED.  Run:
    bash scripts/test.sh setup rust bindings python
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest


def _is_repo_root(p: Path) -> bool:
    return (p / "Cargo.toml").is_file() and (p / "uniffi-bindings").is_dir()


def find_repo_root() -> Path:
    env = os.environ.get("AKASHI_ROOT")
    if env and _is_repo_root(Path(env)):
        return Path(env).resolve()
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for p in (start, *start.parents):
            if _is_repo_root(p):
                return p.resolve()
    raise RuntimeError("cannot locate the Akashi repository root (set AKASHI_ROOT)")


REPO_ROOT = find_repo_root()
TARGET_DIR = Path(os.environ.get("AKASHI_TARGET_DIR") or REPO_ROOT / "target")
PACKAGE_PARENT = TARGET_DIR / "python"
SHARED_DIR = Path(os.environ.get("AKASHI_SHARED") or REPO_ROOT.parent / "shared")
OB3_DIR = SHARED_DIR / "fixtures" / "ob3"

if not (PACKAGE_PARENT / "akashi_ffi" / "__init__.py").is_file():
    raise RuntimeError(
        f"{PACKAGE_PARENT}/akashi_ffi not found: run `bash scripts/test.sh setup rust bindings python`"
    )
if str(PACKAGE_PARENT) not in sys.path:
    sys.path.insert(0, str(PACKAGE_PARENT))


def example_credential() -> Path:
    """The repo's valid example OB 3.0 credential (examples/credentials/)."""
    folder = REPO_ROOT / "examples" / "credentials"
    preferred = folder / "micro-credential.json"
    if preferred.is_file():
        return preferred
    found = sorted(p for p in folder.glob("*.json") if "unsigned" not in p.name)
    if not found:
        pytest.fail(f"no example credential (*.json) in {folder}")
    return found[0]


def shared_fixture(rel: str) -> Path:
    """A fixture from ../shared/fixtures/ob3/<rel>; skipped only when ../shared is absent."""
    if not SHARED_DIR.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared fixtures folder {SHARED_DIR} missing in CI")
        pytest.skip(f"shared fixtures folder {SHARED_DIR} not present")
    path = OB3_DIR / rel
    assert path.is_file(), f"fixture {path} missing"
    return path


def shared_file(rel: str) -> Path:
    """A file from ../shared/fixtures/<rel> (any family, e.g. other/baking/...); same skip rule."""
    if not SHARED_DIR.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared fixtures folder {SHARED_DIR} missing in CI")
        pytest.skip(f"shared fixtures folder {SHARED_DIR} not present")
    path = SHARED_DIR / "fixtures" / rel
    assert path.is_file(), f"fixture {path} missing"
    return path

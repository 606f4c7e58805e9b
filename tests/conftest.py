"""Shared test set-up: Qt runs headless, and the bundled policy years load once per session."""

from __future__ import annotations

import os

# Before any Qt import: the tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop.core.policy.loader import PolicySet, load_policies  # noqa: E402


@pytest.fixture(scope="session")
def policies() -> PolicySet:
    return load_policies()


@pytest.fixture(scope="session", autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Sessions and installed packs go to a throw-away folder, never the tester's own."""
    from desktop.core import packs
    from desktop.core.policy.loader import CACHE_ENV

    saved = {name: os.environ.get(name) for name in (packs.DATA_DIR_ENV, CACHE_ENV)}
    os.environ[packs.DATA_DIR_ENV] = str(tmp_path_factory.mktemp("appdata"))
    # snapshots of the policy years validated from source (the executable carries its own)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    for name, old in saved.items():
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old

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

"""Shared test set-up: Qt runs headless, the bundled policy years load once per session, and the
slow tests run only when asked.

``python -m pytest`` runs the fast set: every test not marked ``slow``. ``python -m pytest --full``
(the README's command, and so CI's) runs all of them; so does naming files or tests
(``python -m pytest tests/packaging``); ``-m slow`` runs only the slow ones. The slow ones build or
start things (PyInstaller's archive, fresh interpreters timing the start, the window under strace,
a Wine prefix's link walked by pip) or are long harnesses; docs/architecture.md gives both times.
The kill test's random stress form (marked ``stress``) runs only with ``CZDESK_KILL_STRESS=1`` set.
"""

from __future__ import annotations

import os
from pathlib import Path

# Before any Qt import: the tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop.core.policy.loader import PolicySet, load_policies  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full",
        action="store_true",
        default=False,
        help="run every test, the ones marked slow too (without it, and without -m, they are deselected)",
    )


# Every test of the build and packaging (build.spec's lists, the ICU cut, the executable's start
# costs and self-test, the Windows build's inputs) counts as slow: they matter when the build changes.
SLOW_FOLDERS = (Path(__file__).resolve().parent / "packaging",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # the random stress form of the kill test runs only when asked for by its variable, --full or not
    if not os.environ.get("CZDESK_KILL_STRESS"):
        stress = [item for item in items if item.get_closest_marker("stress") is not None]
        if stress:
            config.hook.pytest_deselected(items=stress)
            items[:] = [item for item in items if item.get_closest_marker("stress") is None]
    for item in items:
        if any(folder in item.path.parents for folder in SLOW_FOLDERS):
            item.add_marker(pytest.mark.slow)
    # an explicit -m (e.g. -m slow) chooses for itself; files or tests named on the command line run whole
    named = config.args_source != pytest.Config.ArgsSource.TESTPATHS
    if config.getoption("--full") or config.getoption("markexpr") or named:
        return
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item.get_closest_marker("slow") is None]


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

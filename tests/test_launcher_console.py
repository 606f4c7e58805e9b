"""The windowed Windows .exe shows CLI output on the console it was typed in (issue 11).

AttachConsole itself only exists on Windows; here a stand-in kernel32 records the calls, and
.ci/run runs the real .exe's CLI under Wine (tools/windows/run.sh).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

import pytest

from desktop import launcher


class FakeKernel32:
    def __init__(self, attaches: bool, error: int = 6) -> None:
        self.attaches = attaches
        self.error = error  # GetLastError after a failed AttachConsole (6: ERROR_INVALID_HANDLE)
        self.calls: list[int] = []

    def AttachConsole(self, pid: int) -> int:  # noqa: N802 - the Win32 name
        self.calls.append(pid)
        return 1 if self.attaches else 0


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A windowed .exe started from cmd.exe without redirection: no standard streams at all.

    Used as ``with bare():`` inside the test (pytest's own capture resets sys.stdout between a
    fixture's setup and the test); the streams the launcher opened are closed at the end.
    """
    monkeypatch.chdir(tmp_path)  # off Windows, "CONOUT$" is an ordinary file: keep it here

    @contextlib.contextmanager
    def make_bare():
        for name in ("stdin", "stdout", "stderr"):
            monkeypatch.setattr(sys, name, None)
        try:
            yield
        finally:
            for stream in {sys.stdin, sys.stdout, sys.stderr}:
                if getattr(stream, "name", None) in ("CONOUT$", os.devnull):
                    stream.close()

    return make_bare


def test_cli_arguments_attach_to_the_parent_console(bare) -> None:
    with bare():
        k = FakeKernel32(attaches=True)
        assert launcher.attach_parent_console(["pack", "check", "2026.yaml"], platform="win32", kernel32=k)
        assert k.calls == [0xFFFFFFFF]  # ATTACH_PARENT_PROCESS, (DWORD)-1
        for stream in (sys.stdout, sys.stderr):
            assert stream is not None and stream.name == "CONOUT$"
            # Chinese goes out whatever the console's code page: the console stream takes UTF-8
            # and writes UTF-16 (a cp936/cp1252 encoder would fail or garble)
            assert stream.encoding == "utf-8"
        print("检查通过", file=sys.stdout, flush=True)


def test_double_click_never_attaches(bare) -> None:
    with bare():
        k = FakeKernel32(attaches=True)
        assert not launcher.attach_parent_console([], platform="win32", kernel32=k)
        assert k.calls == [] and sys.stdout is None


def test_redirected_output_keeps_its_handle(monkeypatch: pytest.MonkeyPatch) -> None:
    piped_out, piped_err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", piped_out)
    monkeypatch.setattr(sys, "stderr", piped_err)
    k = FakeKernel32(attaches=True)
    assert not launcher.attach_parent_console(["quote", "-"], platform="win32", kernel32=k)
    assert k.calls == [] and sys.stdout is piped_out and sys.stderr is piped_err


def test_only_the_missing_stream_goes_to_the_console(bare, monkeypatch: pytest.MonkeyPatch) -> None:
    with bare():
        piped_out = io.StringIO()  # `... > out.json`: stdout is the file, errors still on screen
        monkeypatch.setattr(sys, "stdout", piped_out)
        assert launcher.attach_parent_console(["quote", "in.json"], platform="win32", kernel32=FakeKernel32(True))
        assert sys.stdout is piped_out
        assert sys.stderr is not None and sys.stderr.name == "CONOUT$"


def test_no_console_to_attach_to_still_runs(bare) -> None:
    with bare():
        k = FakeKernel32(False)
        assert not launcher.attach_parent_console(
            ["quote", "-"], platform="win32", kernel32=k, last_error=lambda: k.error
        )
        launcher._ensure_streams()
        print("没有控制台也不崩溃")
        print("没有控制台也不崩溃", file=sys.stderr)
        assert sys.stdin is not None and sys.stdin.read() == ""  # `quote -` reads empty input, not None


def test_a_console_it_already_has_is_used(bare) -> None:
    """AttachConsole fails with ERROR_ACCESS_DENIED when the process already has a console
    (under Wine, a windowed child shares cmd.exe's): its CONOUT$ is written to all the same."""
    with bare():
        k = FakeKernel32(attaches=False, error=5)
        assert launcher.attach_parent_console(["quote", "-"], platform="win32", kernel32=k, last_error=lambda: k.error)
        assert sys.stdout is not None and sys.stdout.name == "CONOUT$"


def test_other_systems_are_left_alone(bare) -> None:
    with bare():
        k = FakeKernel32(attaches=True)
        assert not launcher.attach_parent_console(["quote", "-"], platform="linux", kernel32=k)
        assert k.calls == []

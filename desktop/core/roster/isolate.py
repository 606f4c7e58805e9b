"""Spreadsheets are parsed in a child process with a hard memory and time limit.

The checks of xlsx_limits and xls_limits bound every sheet a workbook names before calamine
reads it; whatever slips past them (a format trick nobody has thought of yet) must cost only the
child. The child limits itself before it reads a byte: on Linux with ``setrlimit`` (address space
and CPU seconds), on Windows by putting itself into a job object with a process memory limit and a
CPU-time limit. The parent waits with a wall-clock limit and kills the child when it is reached or
when the clerk cancels. A child that dies, however it dies, is one Chinese sentence for the clerk:
文件异常,无法读取.

The child is this program again: ``python -m desktop.core.roster.child`` from source, the
executable itself with :data:`CHILD_FLAG` in a frozen build (desktop/launcher.py runs it before
anything else; PyInstaller's one-file executable started from itself reuses the unpacked folder).
No multiprocessing (it is not bundled), no network: two pipes, the file's path in, framed
messages out (progress, the table, or a Chinese error), the table pickled and read back only as
the types a table holds.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from desktop.core.roster.common import CancelCheck, Progress, RosterCancelled, RosterReadError

#: tests that replace a part of the reader inside this process set this; the program never does
IN_PROCESS = False
#: the frozen executable's argument that makes it the reading child
CHILD_FLAG = "--czdesk-read-workbook"
#: the child's address space (Linux) or committed memory (Windows): any roster within the
#: documented limits peaks under 500 MB (tools/benchmark.py measures it); this is the wall for
#: everything else
CHILD_MEMORY_BYTES = 1_536 * 1024 * 1024
#: the child's CPU seconds, and the parent's wall-clock wait (legal inputs take under 10 s)
CHILD_CPU_SECONDS = 30
CHILD_WALL_SECONDS = 40.0
#: the file arrives in the child's standard input after this header: kind and length of the name
_HEADER = struct.Struct("<4sI")
_FRAME = struct.Struct("<cQ")
#: what the child's messages may be at most (a table of 60,000 rows × 200 columns is far less)
_MAX_FRAME = 2_000_000_000

ABNORMAL = "文件异常,无法读取(读取时超出了内存或时间的上限,可能是损坏或恶意的文件);请用 Excel 或 WPS 打开检查后另存"


def child_command() -> list[str]:
    """How to start the child: the executable itself when frozen, else this module."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-m", "desktop.core.roster.child"]


# ------------------------------------------------------------------ limits, applied by the child


def limit_self(
    memory: int = CHILD_MEMORY_BYTES,
    cpu_seconds: int = CHILD_CPU_SECONDS,
    *,
    platform: str = sys.platform,
    kernel32: Any = None,
) -> str:
    """Put this process under a hard memory and CPU-time limit; returns which mechanism (for tests).

    Raises OSError when the limit cannot be set: the child then reads nothing (the parent says so)."""
    if platform == "win32":
        return _job_object(memory, cpu_seconds, kernel32)
    return _rlimits(memory, cpu_seconds)


def _rlimits(memory: int, cpu_seconds: int) -> str:
    """The POSIX limits (the ``resource`` module exists only there; mypy checks desktop/ for Windows too)."""
    if sys.platform == "win32":
        raise OSError("资源限制(rlimit)只在 Linux 上可用")
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    return "rlimit"


#: JOBOBJECT_EXTENDED_LIMIT_INFORMATION's class and flags (winnt.h)
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9
JOB_OBJECT_LIMIT_PROCESS_TIME = 0x00000002
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000


def job_limit_structure() -> Any:
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION as ctypes lays it out (the same on Linux for tests)."""
    import ctypes

    class IoCounters(ctypes.Structure):
        _fields_ = [(n, ctypes.c_ulonglong) for n in (
            "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
            "ReadTransferCount", "WriteTransferCount", "OtherTransferCount",
        )]  # fmt: skip

    class BasicLimits(ctypes.Structure):
        _fields_ = [
            ("PerProcessUserTimeLimit", ctypes.c_longlong),  # LARGE_INTEGER, 100 ns units
            ("PerJobUserTimeLimit", ctypes.c_longlong),
            ("LimitFlags", ctypes.c_uint32),
            ("MinimumWorkingSetSize", ctypes.c_size_t),
            ("MaximumWorkingSetSize", ctypes.c_size_t),
            ("ActiveProcessLimit", ctypes.c_uint32),
            ("Affinity", ctypes.c_size_t),
            ("PriorityClass", ctypes.c_uint32),
            ("SchedulingClass", ctypes.c_uint32),
        ]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [
            ("BasicLimitInformation", BasicLimits),
            ("IoInfo", IoCounters),
            ("ProcessMemoryLimit", ctypes.c_size_t),
            ("JobMemoryLimit", ctypes.c_size_t),
            ("PeakProcessMemoryUsed", ctypes.c_size_t),
            ("PeakJobMemoryUsed", ctypes.c_size_t),
        ]

    return ExtendedLimits()


def _job_object(memory: int, cpu_seconds: int, kernel32: Any) -> str:
    """The child puts itself into a new job object limited in memory and CPU time; the job's
    handle is kept open for the process's life (closing it kills the process: KILL_ON_JOB_CLOSE)."""
    import ctypes

    if kernel32 is None:
        if sys.platform != "win32":  # (for mypy, and a clear error if called wrongly)
            raise OSError("job objects exist only on Windows")
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        from ctypes import wintypes

        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        kernel32.CreateJobObjectW.argtypes = (ctypes.c_void_p, wintypes.LPCWSTR)
        kernel32.SetInformationJobObject.argtypes = (wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD)
        kernel32.GetCurrentProcess.restype = wintypes.HANDLE
        kernel32.AssignProcessToJobObject.argtypes = (wintypes.HANDLE, wintypes.HANDLE)
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        raise OSError("CreateJobObjectW failed")
    info = job_limit_structure()
    basic = info.BasicLimitInformation
    basic.LimitFlags = (
        JOB_OBJECT_LIMIT_PROCESS_MEMORY
        | JOB_OBJECT_LIMIT_PROCESS_TIME
        | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION
        | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    )
    basic.PerProcessUserTimeLimit = cpu_seconds * 10_000_000
    info.ProcessMemoryLimit = memory
    if not kernel32.SetInformationJobObject(
        job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION, ctypes.addressof(info), ctypes.sizeof(info)
    ):
        raise OSError("SetInformationJobObject failed")
    if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        raise OSError("AssignProcessToJobObject failed")
    _KEPT.append(job)
    return "job"


_KEPT: list[Any] = []


# ------------------------------------------------------------------ the child


def send(out: IO[bytes], kind: bytes, payload: bytes) -> None:
    """One framed message from the child: kind, length, payload."""
    out.write(_FRAME.pack(kind, len(payload)) + payload)
    out.flush()


# ------------------------------------------------------------------ the parent


class _TableOnly(pickle.Unpickler):
    """Only what a RawTable holds comes back: no other class is ever built from the child's bytes."""

    ALLOWED = {
        ("desktop.core.roster.read", "RawTable"),
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("builtins", "tuple"),
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name}")
        if module == "datetime":
            return getattr(dt, name)
        return super().find_class(module, name)


def _reader(stream: IO[bytes], messages: queue.Queue[tuple[bytes, bytes] | None]) -> None:
    try:
        while True:
            head = stream.read(_FRAME.size)
            if len(head) < _FRAME.size:
                break
            kind, length = _FRAME.unpack(head)
            if length > _MAX_FRAME:
                break
            payload = stream.read(length)
            if len(payload) < length:
                break
            messages.put((kind, payload))
    except (OSError, ValueError):
        pass
    finally:
        messages.put(None)


def read_workbook_isolated(
    path: Path,
    kind: str,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    wall_seconds: float = CHILD_WALL_SECONDS,
    command: list[str] | None = None,
) -> Any:
    """The RawTable of a workbook, parsed by a child under hard limits; RosterReadError (the
    child's own message, or :data:`ABNORMAL`) when it cannot be read; RosterCancelled."""
    env = dict(os.environ)
    env.pop("PYTHONSTARTUP", None)
    flags = 0x08000000 if sys.platform == "win32" else 0  # CREATE_NO_WINDOW: no console flashes up
    try:
        proc = subprocess.Popen(
            command or child_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            creationflags=flags,
        )
    except OSError as exc:
        raise RosterReadError(f"{path.name}:无法启动读取表格的进程({exc.strerror or exc})") from None
    messages: queue.Queue[tuple[bytes, bytes] | None] = queue.Queue()
    assert proc.stdin is not None and proc.stdout is not None
    thread = threading.Thread(target=_reader, args=(proc.stdout, messages), daemon=True)
    thread.start()
    deadline = time.monotonic() + wall_seconds
    result: Any = None
    error: str | None = None
    try:
        try:
            name = str(path.resolve()).encode("utf-8")
            proc.stdin.write(_HEADER.pack(kind.encode("ascii").ljust(4), len(name)) + name)
            proc.stdin.close()
        except OSError:
            pass  # the child is gone already: said below
        while True:
            if cancelled is not None and cancelled():
                raise RosterCancelled
            if time.monotonic() > deadline:
                error = ABNORMAL
                break
            try:
                message = messages.get(timeout=0.05)
            except queue.Empty:
                continue
            if message is None:
                break
            tag, payload = message
            if tag == b"P" and progress is not None and len(payload) == 16:
                progress(*struct.unpack("<QQ", payload))
            elif tag == b"E":
                error = payload.decode("utf-8", "replace")
            elif tag == b"R":
                try:
                    result = _TableOnly(io.BytesIO(payload)).load()
                except Exception:  # noqa: BLE001 - a reply that is not a table: the file is the cause
                    error = ABNORMAL
            elif tag == b"X":
                error = ABNORMAL
    finally:
        if proc.poll() is None:
            try:
                proc.wait(timeout=0.5 if result is not None or error is not None else 0)
            except subprocess.TimeoutExpired:
                pass
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
    if error is not None:
        raise RosterReadError(error if error != ABNORMAL else f"{path.name} {ABNORMAL}")
    if result is None:
        raise RosterReadError(f"{path.name} {ABNORMAL}")  # killed by its limits, or died otherwise
    return result

"""Which installed packs are disabled: ``state.json`` and its backup, read failing safe.

Each file carries the SHA-256 of its own content: a bit flipped on disk (or a hand edit) that
leaves valid JSON, a pack's key changed by one digit, is caught, and a state that cannot be
trusted is never guessed at. Changes are made under a lock (``state.lock``): two commands, or the
window and a command, never lose one another's change.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.core.atomic import atomic_write_bytes
from desktop.core.errors import os_reason
from desktop.core.jsonsafe import loads_limited
from desktop.core.packs.limits import MAX_STATE_BYTES, PackError, read_capped
from desktop.core.policy.kinds import DATA_VERSION_RE

STATE_NAME = "state.json"
#: the last good state, written after ``state.json`` every time (see :func:`read_state`)
STATE_BACKUP_NAME = "state.backup.json"
#: the lock taken around every read-change-write of the state (desktop/core/filelock.py)
STATE_LOCK_NAME = "state.lock"
SCHEMA_VERSION = 2


def _checksum(schema: int, disabled: list[str]) -> str:
    canonical = json.dumps({"schema_version": schema, "disabled": disabled}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def state_lock(root: Path) -> Iterator[None]:
    """Hold the packs' state lock: a change reads, changes and writes the state as one step."""
    from desktop.core.filelock import LockTimeout, locked

    try:
        with locked(root / STATE_LOCK_NAME):
            yield
    except LockTimeout:
        raise PackError("另一个窗口或命令正在更改政策包,请稍后再试") from None
    except OSError as exc:
        raise PackError(f"无法锁定政策包状态 {root / STATE_LOCK_NAME}:{os_reason(exc)}") from None


def state_key(year: int, version: str) -> str:
    """How ``state.json`` names one installed pack."""
    return f"{year}/{version}"


@dataclass(frozen=True)
class State:
    """The disabled packs, or None when no good copy of the state could be read (nothing is used then)."""

    disabled: frozenset[str] | None
    problem: str | None = None


_STATE_KEY_RE = re.compile(r"[0-9]{4}/" + DATA_VERSION_RE.pattern)


def _parse_state(path: Path) -> frozenset[str]:
    """The disabled keys in one state file; PackError (Chinese, naming the file) when it is not a good one."""
    try:
        raw = read_capped(path, MAX_STATE_BYTES, "政策包状态文件")
    except PackError as exc:
        raise PackError(exc.reason) from None
    try:
        data = loads_limited(raw, max_bytes=MAX_STATE_BYTES)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackError(f"{path} 已损坏(不是有效的 JSON)") from None
    disabled = data.get("disabled") if isinstance(data, dict) else None
    if isinstance(data, dict) and data.get("schema_version") == 1 and set(data) == {"schema_version", "disabled"}:
        raise PackError(f"{path} 是旧版本写的,没有校验码,无法确认未被改动")
    if (
        not isinstance(data, dict)
        or set(data) != {"schema_version", "disabled", "sha256"}
        or type(data["schema_version"]) is not int
        or data["schema_version"] != SCHEMA_VERSION
        or not isinstance(disabled, list)
        or not all(isinstance(k, str) and _STATE_KEY_RE.fullmatch(k) for k in disabled)
    ):
        raise PackError(f"{path} 已损坏(内容不是程序写出的格式)")
    if data["sha256"] != _checksum(SCHEMA_VERSION, disabled):
        raise PackError(f"{path} 已损坏或被改动(校验码不符)")
    return frozenset(disabled)


def read_state(root: Path) -> State:
    """Which packs are disabled, failing safe.

    ``state.json`` is written atomically and then copied to ``state.backup.json``. When
    ``state.json`` is missing or damaged, the backup (the last good state) is used and the
    problem reported. When neither can be read, the state is unknown: no installed pack is used
    (a disabled pack must never come back on its own), and the problem says so.
    """
    main, backup = root / STATE_NAME, root / STATE_BACKUP_NAME
    main_there = main.exists() or main.is_symlink()
    backup_there = backup.exists() or backup.is_symlink()
    if not main_there and not backup_there:
        if not _any_pack_folder(root):
            return State(frozenset())  # nothing installed yet: nothing to be unsure about
        # every install writes the state: packs without one means it was deleted
        why = f"{main} 和备份都不见了"
        return State(
            None,
            f"政策包状态文件有问题:{why},无法知道哪些政策包已停用;为安全起见,暂时只使用随程序安装的年度。"
            "请在“政策包管理”中(或用 pack enable)确认要使用的政策包",
        )
    why = f"{main} 不见了"
    if main_there:
        try:
            return State(_parse_state(main))
        except PackError as exc:
            why = exc.reason
    if backup_there:
        try:
            disabled = _parse_state(backup)
        except PackError:
            pass
        else:
            return State(disabled, f"政策包状态文件有问题:{why};已按上次保存的备份 {backup} 确定哪些政策包停用")
    return State(
        None,
        f"政策包状态文件有问题:{why},也没有可用的备份,无法知道哪些政策包已停用;"
        "为安全起见,暂时只使用随程序安装的年度。请在“政策包管理”中(或用 pack enable)确认要使用的政策包",
    )


def write_state(root: Path, disabled: Iterable[str]) -> None:
    """Save the disabled packs: ``state.json`` atomically, then the same bytes as the backup."""
    keys = sorted(set(disabled))
    payload = {"schema_version": SCHEMA_VERSION, "disabled": keys, "sha256": _checksum(SCHEMA_VERSION, keys)}
    data = (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    for name in (STATE_NAME, STATE_BACKUP_NAME):
        try:
            atomic_write_bytes(root / name, data)
        except OSError as exc:
            raise PackError(f"无法保存政策包状态 {root / name}:{os_reason(exc)};停用/启用设置没有改变") from None


def _any_pack_folder(root: Path) -> bool:
    """Whether ``root`` holds an installed pack's folder (``<year>/<version>``); never raises."""
    try:
        for year_dir in root.iterdir():
            if re.fullmatch(r"[0-9]{4}", year_dir.name) and year_dir.is_dir():
                if any(not d.name.startswith(".") and d.is_dir() for d in year_dir.iterdir()):
                    return True
    except OSError:
        return True  # cannot look: not sure either
    return False

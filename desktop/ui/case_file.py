"""Case files (.czcase): the inputs of every working tab as JSON, so a case can be reopened.

Written atomically (desktop.core.atomic: temporary file + os.replace) so a crash mid-save never
leaves half a file; leftovers of a killed save beside the case are deleted at the next open or
save in that folder. A broken, foreign, oversized or hostile file (deep nesting, a 5,000-digit
number) raises CaseFileError with a Chinese message, never a traceback: its limits are checked
before it is parsed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core import atomic
from desktop.core.errors import os_reason
from desktop.core.jsonsafe import JsonLimitError, loads_limited
from desktop.core.policy.kinds import AID_STATUSES, CATEGORIES

FORMAT = "czdesk-case"
VERSION = 1
SUFFIX = ".czcase"
#: a case holds one household and a year of events (a few KB); far larger is not ours
MAX_BYTES = 5_000_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseFile", text)


class CaseFileError(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def case_document(tabs: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "tabs": tabs,
    }


def save_case(path: str | Path, data: dict[str, Any]) -> Path:
    """Save a case. ``data`` is either the window's state (a dict with ``"tabs"`` and other keys
    such as ``policy_year``, kept as they are) or just the tabs mapping ``{case_key: inputs}``."""
    target = Path(path)
    if target.suffix != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    if isinstance(data.get("tabs"), dict):
        document = {**data, **case_document(data["tabs"])}
    else:
        document = case_document(data)
    try:
        data_bytes = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    except (TypeError, ValueError) as exc:  # ValueError: also a lone surrogate that UTF-8 cannot hold
        raise CaseFileError(_tr("案例内容无法保存:{error}").format(error=exc)) from None
    try:
        atomic.atomic_write_bytes(target, data_bytes, private=True)
    except OSError as exc:
        raise CaseFileError(_tr("无法保存到 {path}:{reason}").format(path=target, reason=os_reason(exc))) from None
    return target


def load_case(path: str | Path) -> dict[str, Any]:
    """The whole document; ``["tabs"]`` maps each tab's case_key to its inputs, and whatever
    else the window saved (e.g. ``policy_year``) comes back too."""
    source = Path(path)
    atomic.clean_stale_temps(source.parent)  # a killed save's leftovers beside it (full IDs)
    try:
        if source.exists() and not source.is_dir() and not source.is_file():
            # a named pipe or device would block or never end: only a regular file is read
            raise CaseFileError(_tr("{name} 不是普通文件,无法作为案例打开").format(name=source.name))
        with source.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the limit is checked before anything is parsed
    except OSError as exc:
        raise CaseFileError(_tr("无法打开 {path}:{reason}").format(path=source, reason=os_reason(exc))) from None
    if len(raw) > MAX_BYTES:
        raise CaseFileError(
            _tr("{name} 太大(超过 {limit} 兆字节),不是本程序保存的案例文件").format(
                name=source.name, limit=MAX_BYTES // 1_000_000
            )
        )
    try:
        document = loads_limited(raw, max_bytes=MAX_BYTES)
    except JsonLimitError as exc:
        raise CaseFileError(
            _tr("{name} 不是有效的案例文件(内容损坏或不是本程序保存的文件):{reason}").format(
                name=source.name, reason=exc.reason
            )
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CaseFileError(_tr("{name} 不是本程序保存的案例文件").format(name=source.name))
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CaseFileError(_tr("{name} 缺少版本号,无法读取").format(name=source.name))
    if version > VERSION:
        raise CaseFileError(
            _tr("{name} 由较新版本的程序保存(格式版本 {version}),请升级本程序后再打开").format(
                name=source.name, version=version
            )
        )
    if not isinstance(document.get("tabs"), dict):
        raise CaseFileError(_tr("{name} 中没有案例内容").format(name=source.name))
    return document


#: the fields whose values a tab can only show from a fixed list: a value outside it would be
#: shown as the list's first entry (an aid recipient as 无, paying the full premium)
_KNOWN_VALUES: dict[str, tuple[str, tuple[str, ...]]] = {
    "category": ("参保类别", CATEGORIES),
    "aid_status": ("医疗救助身份", AID_STATUSES),
}
#: how each tab is called on screen, for the messages
TAB_TITLES = {
    "quote": "保费测算",
    "checklist": "参保清单",
    "estimate": "报销测算",
    "simulation": "医疗救助模拟",
    "roster": "村组名册",
}


def unknown_values(document: dict[str, Any], districts: Collection[str] | None = None) -> list[str]:
    """Every field of the case's tabs holding a value this version does not know (a newer
    version's, or a hand edit), named with its tab and place; empty when there is none.

    ``districts`` are the ids of the case's year's districts (the year's data); a district not
    among them is unknown too (None: the year is not loaded, and the case is refused for that)."""
    found: list[str] = []
    known_values = dict(_KNOWN_VALUES)
    if districts is not None:
        known_values["district"] = known_values["default_district"] = ("所属区", tuple(districts))

    def walk(value: Any, where: str, title: str, depth: int) -> None:
        if depth > 40 or len(found) >= 50:
            return
        if isinstance(value, dict):
            for key, item in value.items():
                place = f"{where}.{key}" if where else str(key)
                known = known_values.get(key)
                if known is not None and item is not None and item != "" and item not in known[1]:
                    shown = str(item)[:40]
                    found.append(f"“{title}”页签 {place}:“{shown}”不是本程序认识的{known[0]}")
                else:
                    walk(item, place, title, depth + 1)
        elif isinstance(value, list):
            for i, item in enumerate(value[:10_000]):
                walk(item, f"{where}[{i}]", title, depth + 1)

    tabs = document.get("tabs")
    if isinstance(tabs, dict):
        for key, saved in tabs.items():
            walk(saved, "", TAB_TITLES.get(key, str(key)[:40]), 0)
    return found

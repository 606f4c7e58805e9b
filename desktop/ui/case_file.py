"""Case files (.czcase): the inputs of every working tab as JSON, so a case can be reopened.

Written atomically (temporary file + os.replace) so a crash mid-save never leaves half a file.
A broken or foreign file raises CaseFileError with a Chinese message, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

FORMAT = "czdesk-case"
VERSION = 1
SUFFIX = ".czcase"


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
        text = json.dumps(document, ensure_ascii=False, indent=2)
    except (TypeError, ValueError) as exc:
        raise CaseFileError(_tr("案例内容无法保存:{error}").format(error=exc)) from None
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".czcase-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CaseFileError(_tr("无法保存到 {path}:{reason}").format(path=target, reason=exc.strerror or exc)) from None
    return target


def load_case(path: str | Path) -> dict[str, Any]:
    """The whole document; ``["tabs"]`` maps each tab's case_key to its inputs, and whatever
    else the window saved (e.g. ``policy_year``) comes back too."""
    source = Path(path)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise CaseFileError(_tr("无法打开 {path}:{reason}").format(path=source, reason=exc.strerror or exc)) from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CaseFileError(
            _tr("{name} 不是有效的案例文件(内容损坏或不是本程序保存的文件)").format(name=source.name)
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

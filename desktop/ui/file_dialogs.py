"""Where a file dialog opens: the folder the clerk last used (any dialog), remembered across starts.

The main window restores the folder from its settings and is told when it changes; a dialog asks
``start(name)`` for its starting path and reports the chosen file through ``remember(path)``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

_state: dict[str, object] = {"folder": None, "saved": None}


def restore(folder: str | None, on_change: Callable[[str], None] | None = None) -> None:
    """The folder from the settings (ignored when it is gone), and who keeps a new one."""
    _state["folder"] = Path(folder) if folder and Path(folder).is_dir() else None
    _state["saved"] = on_change


def start(name: str = "", beside: Path | None = None) -> str:
    """The path a dialog opens at: ``name`` in ``beside`` if given, else in the last folder, else home."""
    folder = beside if beside is not None and beside.is_dir() else _state["folder"]
    base = folder if isinstance(folder, Path) and folder.is_dir() else Path.home()
    return str(base / name) if name else str(base)


def remember(path: str | Path) -> None:
    """The file the clerk chose: its folder is where the next dialog opens."""
    if not path:
        return
    folder = Path(path).parent
    if not folder.is_dir():
        return
    _state["folder"] = folder
    saved = _state["saved"]
    if callable(saved):
        saved(str(folder))

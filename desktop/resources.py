"""One way to find bundled files, the same from source and from the PyInstaller executable."""

from __future__ import annotations

import sys
from pathlib import Path


def base_dir() -> Path:
    """The folder holding policy_data/ and resources/: the unpacked bundle, or the checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def policy_dir() -> Path:
    return base_dir() / "policy_data"


def resource(*parts: str) -> Path:
    return base_dir().joinpath("resources", *parts)


def build_info_path() -> Path:
    """The facts build.spec writes into the executable (build date, version); absent from source."""
    return base_dir() / "build_info.json"

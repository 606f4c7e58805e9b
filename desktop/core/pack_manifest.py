"""The pydantic model of a pack's manifest.json: imported by what reads a pack file, builds or installs one.

Kept apart from desktop/core/packs.py so that the window's start, which only reads packs already
validated at install (their stored form, see packs.load_installed), never imports pydantic.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PackNotice(_Frozen):
    title: str = Field(min_length=2, description="title of the notice the year is built from")
    issuer: str = Field(min_length=2, description="who issued it")
    issued: dt.date | None = Field(None, description="date of issue, when the notice gives one")


class Manifest(_Frozen):
    schema_version: Literal[1] = Field(description="format of this manifest")
    policy_year: int = Field(ge=2000, le=2100)
    data_version: str = Field(
        pattern=VERSION_PATTERN,
        description="version of the policy data; also the install folder name, so letters, digits, . _ -",
    )
    notice: PackNotice
    created: dt.datetime = Field(description="when the pack was built")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of policy.yaml, lower-case hex")

"""The pydantic model of a pack's manifest.json: imported by what reads a pack file, builds or installs one.

Kept apart from the rest of desktop/core/packs/ so that the window's start, which only reads packs
already validated at install (their stored form, see packs.load_installed), never imports pydantic.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from desktop.core.policy.model import DataVersion


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PackNotice(_Frozen):
    title: str = Field(min_length=2, max_length=500, description="title of the notice the year is built from")
    issuer: str = Field(min_length=2, max_length=200, description="who issued it")
    issued: dt.date | None = Field(None, description="date of issue, when the notice gives one")


class Manifest(_Frozen):
    schema_version: Literal[1] = Field(description="format of this manifest")
    policy_year: int = Field(ge=2000, le=2100)
    data_version: DataVersion = Field(description="version of the policy data (2026.1); also the install folder name")
    notice: PackNotice
    created: dt.datetime = Field(description="when the pack was built")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of policy.yaml, lower-case hex")

    @model_validator(mode="after")
    def _version_of_the_year(self) -> Manifest:
        if not self.data_version.startswith(f"{self.policy_year}."):
            raise ValueError(f"数据版本 {self.data_version} 应以本年度 {self.policy_year} 开头,如 {self.policy_year}.1")
        return self

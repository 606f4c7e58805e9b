"""Which column holds which field: header aliases, the guessed mapping and the clerk's corrections."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from desktop.core.roster.common import norm

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "id_number": "身份证号",
    "household": "户号",
    "category": "参保类别",
    "aid_status": "救助身份",
    "district": "所属区",
}
#: without these a row cannot be quoted; 户号 and 救助身份 may be absent (own household, not aid),
#: 所属区 may come from the default district the clerk picks
REQUIRED_FIELDS: tuple[str, ...] = ("name", "id_number", "category")

_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "参保人姓名", "参保人", "居民姓名", "成员姓名", "人员姓名", "name"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "身份证",
        "证件号码",
        "证件号",
        "公民身份号码",
        "身份证件号码",
        "社会保障号码",
        "社保卡号",
        "idnumber",
        "id_number",
    ),
    "household": ("户号", "户编号", "家庭户号", "户籍编号", "家庭编号", "户代码", "household"),
    "category": (
        "参保类别",
        "类别",
        "参保身份",
        "人员类别",
        "参保人员类别",
        "居民类别",
        "参保类型",
        "人员类型",
        "category",
    ),
    "aid_status": (
        "救助身份",
        "救助类别",
        "救助对象",
        "救助对象类别",
        "救助类型",
        "医疗救助身份",
        "困难类别",
        "困难群众类别",
        "困难类型",
        "特殊人员类别",
        "aid_status",
        "aidstatus",
    ),
    "district": (
        "区/街道",
        "区",
        "街道",
        "所属区",
        "所在区",
        "所属区(市)",
        "所在区(市)",
        "区(市)",
        "区县",
        "县区",
        "辖区",
        "所属辖区",
        "所属街道",
        "所在街道",
        "district",
    ),
}


_HEADER_INDEX: dict[str, str] = {norm(alias): f for f, aliases in _HEADER_ALIASES.items() for alias in aliases}


def header_field(header: object) -> str | None:
    """The field a column header stands for, or None when it is not one we know."""
    if header is None:
        return None
    return _HEADER_INDEX.get(norm(header))


@dataclass(frozen=True)
class ColumnMapping:
    """Which column (0-based) holds each field; None when the file has no such column."""

    name: int | None = None
    id_number: int | None = None
    household: int | None = None
    category: int | None = None
    aid_status: int | None = None
    district: int | None = None

    def get(self, field_name: str) -> int | None:
        return getattr(self, field_name)  # type: ignore[no-any-return]

    def missing_required(self, *, district_default: bool) -> tuple[str, ...]:
        """Required fields without a column (所属区 counts unless a default district is set)."""
        need = REQUIRED_FIELDS + (() if district_default else ("district",))
        return tuple(f for f in need if self.get(f) is None)

    def as_dict(self) -> dict[str, int | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMapping:
        known = {f.name for f in fields(cls)}
        return cls(**{k: (None if v is None else int(v)) for k, v in data.items() if k in known})


@dataclass(frozen=True)
class MappingGuess:
    mapping: ColumnMapping
    #: headers (column index, text) that name none of the fields
    unrecognised: tuple[tuple[int, str], ...]

    def complete(self, *, district_default: bool) -> bool:
        """Every required column found, and no unknown column left that could be a missing field."""
        m = self.mapping
        if m.missing_required(district_default=district_default):
            return False
        optional_missing = any(m.get(f) is None for f in FIELD_LABELS if f not in REQUIRED_FIELDS)
        return not (optional_missing and self.unrecognised)


def detect_mapping(headers: Sequence[object]) -> MappingGuess:
    """Map columns by their header text; the first column naming a field wins."""
    found: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for idx, header in enumerate(headers):
        text = "" if header is None else str(header).strip()
        if not text:
            continue
        f = header_field(text)
        if f is None or f in found:
            unknown.append((idx, text))
        else:
            found[f] = idx
    return MappingGuess(ColumnMapping(**found), tuple(unknown))

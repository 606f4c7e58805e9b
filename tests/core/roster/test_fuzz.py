"""Whatever bytes a roster file holds, reading it gives a table or a RosterReadError (Chinese,
naming no resident), never another exception."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.roster import RawTable, RosterReadError, read_table
from tests.core.roster.test_roster import ID_A

HEAD = ["户号", "姓名", "身份证号", "参保类别", "救助身份", "所属区"]


def _xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(HEAD)
    wb.active.append(["1", "张一", ID_A, "非从业居民", "", "武进区"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX = _xlsx_bytes()
CSV = (
    "\n".join([",".join(HEAD), f"1,张一,{ID_A},非从业居民,,武进区", '2,"李,四",1,老年居民,低保,金坛']) + "\n"
).encode()
SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


def _damaged(data: bytes, draw: st.DrawFn) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(out) - 1))
        choice = draw(st.integers(0, 2))
        if choice == 0:
            out[at] = draw(st.integers(0, 255))
        elif choice == 1:
            del out[at : at + draw(st.integers(1, 50))]
        else:
            out[at:at] = draw(st.binary(min_size=1, max_size=20))
    return bytes(out)


def _xlsx_with_damaged_part(draw: st.DrawFn) -> bytes:
    """A valid zip whose XML inside is damaged: the readers, not zipfile, meet the damage."""
    with zipfile.ZipFile(io.BytesIO(XLSX)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = draw(st.sampled_from(sorted(parts)))
    parts[name] = _damaged(parts[name], draw)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data)
    return buf.getvalue()


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from([".csv", ".xlsx", ".xls", ".txt"]))
    base = draw(st.sampled_from([XLSX, CSV, b"", b"parts"]))
    if base == b"parts":
        return ".xlsx", _xlsx_with_damaged_part(draw)
    data = _damaged(base, draw) if base else draw(st.binary(max_size=300))
    return suffix, data


def _read(tmp_path: Path, suffix: str, data: bytes) -> None:
    path = tmp_path / f"r{suffix}"
    path.write_bytes(data)
    try:
        table = read_table(path)
    except RosterReadError as exc:
        message = str(exc)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message) and ID_A not in message
    else:
        assert isinstance(table, RawTable)


@pytest.mark.slow  # a fuzzing harness, half a minute
@SETTINGS
@given(case=files())
def test_any_bytes_give_a_table_or_a_chinese_refusal(tmp_path: Path, case: tuple[str, bytes]) -> None:
    _read(tmp_path, *case)

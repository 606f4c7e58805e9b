"""Time a 10,000-row village roster: import + check + quote + export, median of several runs.

    python tools/bench_roster.py [--rows 10000] [--runs 5]

Prints JSON ``{"roster_10k_seconds": ...}`` (plus the run times) on stdout. The roster is made up
in a temporary folder, with made-up names and valid made-up ID numbers; nothing is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core.identity import check_digit  # noqa: E402
from desktop.core.policy.loader import load_policies  # noqa: E402
from desktop.core.roster import export_xlsx, load_roster  # noqa: E402

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华"
# category label, birth years, share of rows
_MIX = (
    ("老年居民", (1940, 1962), 30),
    ("非从业居民", (1966, 2002), 40),
    ("未成年居民", (2008, 2023), 25),
    ("高校大学生", (2003, 2006), 5),
)
_DISTRICTS = ("武进区", "新北区", "天宁区", "钟楼区", "常州经开区", "溧阳市", "金坛区")


def fake_id(rng: random.Random, birth_years: tuple[int, int], serial: int) -> str:
    birth = dt.date(rng.randint(*birth_years), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"320412{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_digit(first17)


def make_roster_file(path: Path, rows: int, seed: int = 2025) -> None:
    """An .xlsx roster like a village's: households of 1-4, about 5 % aid recipients, a few bad rows."""
    import openpyxl

    rng = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("名册")
    ws.append(["户号", "姓名", "身份证号", "参保类别", "救助身份", "所属区"])
    weights = [w for _, _, w in _MIX]
    household = 0
    left_in_household = 0
    district = _DISTRICTS[0]
    for n in range(rows):
        if left_in_household == 0:
            household += 1
            left_in_household = rng.randint(1, 4)
            district = rng.choice(_DISTRICTS)
        left_in_household -= 1
        label, years, _ = rng.choices(_MIX, weights)[0]
        id_number = fake_id(rng, years, n)
        if n % 97 == 0:  # a wrong check digit now and then, as typed at a counter
            id_number = id_number[:17] + ("0" if id_number[17] != "0" else "1")
        aid = rng.choices(("", "低保", "特困"), (95, 4, 1))[0]
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
        ws.append([f"H{household:05d}", name, id_number, label, aid, district])
    wb.save(str(path))


def run_once(path: Path, out: Path) -> float:
    policy = load_policies().latest()
    start = time.perf_counter()
    result = load_roster(policy, path)
    export_xlsx(result, out)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="村组名册 10,000 行导入、计费、导出计时")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "roster.xlsx"
        make_roster_file(src, args.rows)
        times = [run_once(src, Path(tmp) / f"out{i}.xlsx") for i in range(args.runs)]
    print(
        json.dumps(
            {
                "roster_10k_seconds": round(statistics.median(times), 3),
                "rows": args.rows,
                "runs": [round(t, 3) for t in times],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

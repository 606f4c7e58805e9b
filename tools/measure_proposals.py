"""Measure the proposals on the real notices (issue 22): per direction, figures proposed right,
proposed wrong, not found.

    python tools/measure_proposals.py [--seeds DIR] [-v]

Direction 1: the bundled 2024 year + the 2025 notice, compared with policy_data/2025.yaml;
direction 2: the bundled 2025 year + the 2024 notice, compared with policy_data/2024.yaml.
Then each year with its own notice, every number in it moved on by a known rule: every figure
found must be its own number moved on (a place mistaken for another shows at once); the same laid
out as a PDF's text layer; and both directions again with the new notice's numbers moved on.
The notices are not part of the product; by default they are read from ../shared/seeds beside
the repository. "Stated" counts the target year's figures the new notice states itself (status
official, citing that year's own notice); "right" among them is the measure of issue 22.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core.packs.propose import Proposal, iter_figures, propose, same_value  # noqa: E402

NOTICES = {2024: "002_0dc56aa1f0051ada.txt", 2025: "000_cc822a5554eeeeca.txt"}
DIRECTIONS = ((2024, 2025), (2025, 2024))


@dataclass
class Measure:
    base: int
    target: int
    right: list[Proposal] = field(default_factory=list)
    wrong: list[tuple[Proposal, Any]] = field(default_factory=list)
    not_found: list[Proposal] = field(default_factory=list)
    stated: list[str] = field(default_factory=list)  # paths the new notice states
    stated_right: list[str] = field(default_factory=list)
    #: of those, the ones last year also read from its notice as a number, date, list or table (not
    #: worked out, not text the new notice words differently)
    comparable: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return len(self.stated_right) / len(self.stated) if self.stated else 0.0


def load_doc(year: int, data: Path | None = None) -> dict[str, Any]:
    import yaml

    folder = data or ROOT / "policy_data"
    return yaml.safe_load((folder / f"{year}.yaml").read_text(encoding="utf-8"))


def _readable(value: Any) -> bool:
    """A number, a date, a list of names or a table of numbers: what can be read off a notice as
    it stands (not text the notice words its own way, not the program's own codes)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, (int, dt.date)):
        return True
    if isinstance(value, str):
        try:
            Decimal(value)
        except ArithmeticError:
            return False
        return True
    if isinstance(value, list) and value:
        if all(isinstance(v, str) for v in value):
            return not all(v.isascii() for v in value)  # names, not codes such as "spouse"
        return all(isinstance(v, (dict, dt.date)) for v in value)
    return False


def measure(base: int, target: int, seeds: Path, data: Path | None = None) -> Measure:
    base_doc, target_doc = load_doc(base, data), load_doc(target, data)
    text = (seeds / NOTICES[target]).read_text(encoding="utf-8")
    targets = dict(iter_figures(target_doc))
    own = target_doc.get("notice_id")
    result = Measure(base, target)
    result.stated = [
        path
        for path, fig in targets.items()
        if fig.get("status", "official") == "official"
        and fig.get("notice", own) == own
        and fig.get("value") is not None
    ]
    bases = dict(iter_figures(base_doc))
    for path in result.stated:
        fig = bases.get(path)
        if fig is None or fig.get("status", "official") not in ("official", "carried_over"):
            continue
        if _readable(fig.get("value")):
            result.comparable.append(path)
    for p in propose(base_doc, text, new_year=target):
        if not p.found:
            result.not_found.append(p)
            continue
        goal = targets.get(p.path, {}).get("value")
        if p.path in targets and same_value(p.proposed, goal):
            result.right.append(p)
            if p.path in result.stated:
                result.stated_right.append(p.path)
        else:
            result.wrong.append((p, goal))
    return result


_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(\s*)(万?)(\s*)(元|%|个百分点|个月|年|月|日|岁)?")


def moved_on(text: str) -> str:
    """A notice's text with every number changed in a known way: a year +1, a month or day kept,
    % / 个百分点 / 个月 / 万 +1, any other number +7."""

    def change(m: re.Match[str]) -> str:
        n, s1, wan, s2, unit = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5) or ""
        d = Decimal(n)
        if unit in ("月", "日", "岁"):
            new = d
        elif unit in ("年", "%", "个百分点", "个月") or wan:
            new = d + 1
        else:
            new = d + 7
        return f"{new}{s1}{wan}{s2}{unit}"

    return _NUMBER.sub(change, text)


def moved_value(old: Any) -> list[Any]:
    """What a figure's value becomes when its own number in the notice is moved on as above."""
    if isinstance(old, dt.date):
        return [old.replace(year=old.year + 1)]
    if isinstance(old, list) and len(old) == 1 and isinstance(old[0], dt.date):
        return [[old[0].replace(year=old[0].year + 1)]]
    if isinstance(old, list) and old and all(isinstance(row, dict) for row in old):
        # a table of numbers: every number of it moved on (rows as they were)
        options = [
            [(key, moved_value(leaf) if leaf is not None else [None]) for key, leaf in row.items()] for row in old
        ]
        return [old] if not options else _tables(options)
    if isinstance(old, int):
        return [old, old + 1, old + 7]  # 岁 is kept
    if isinstance(old, str) and "." in old:
        return [str(Decimal(old) + Decimal("0.01"))]
    if old == "0":
        return ["0"]  # the open lower end of a first band is written nowhere, so it stays
    if isinstance(old, str) and old.isdigit():
        # 730元 +7; 35万元 +1万; a bare 20 under a header 最高限额(万元) +7, that is +7万
        return [str(int(old) + 7), str(int(old) + 10000), str(int(old) + 70000)]
    return [old]


def _tables(options: list[list[tuple[str, list[Any]]]]) -> list[Any]:
    """Every table whose each number is one of its options (small tables only)."""
    slots = [(i, key, choices) for i, row in enumerate(options) for key, choices in row]
    out = []
    for combo in itertools.product(*(choices for _, _, choices in slots)):
        rows: list[dict[str, Any]] = [{} for _ in options]
        for (i, key, _), value in zip(slots, combo, strict=True):
            rows[i][key] = value
        out.append(rows)
    return out


def as_from_pdf(text: str, width: int = 38) -> str:
    """The text as a PDF's text layer gives it: table cells apart by blanks, not tabs, and every
    line broken at ``width`` characters wherever it falls."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.replace("\t", " ")
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def measure_moved(
    year: int, seeds: Path, data: Path | None = None, pdf: bool = False
) -> tuple[list[Proposal], list[Proposal]]:
    """A year with its own notice, every number moved on (and, with ``pdf``, laid out as a PDF's
    text layer): the proposals found, and those among them (lists of names aside, whose digits
    move too) that are not the figure's own moved number."""
    doc = load_doc(year, data)
    text = moved_on((seeds / NOTICES[year]).read_text(encoding="utf-8"))
    if pdf:
        text = as_from_pdf(text)
    found = [p for p in propose(doc, text, new_year=year + 1) if p.found]
    names = [p for p in found if isinstance(p.old_value, list) and p.old_value and isinstance(p.old_value[0], str)]
    wrong = [p for p in found if p not in names and p.proposed not in moved_value(p.old_value)]
    return found, wrong


def measure_moved_across(
    base: int, target: int, seeds: Path, data: Path | None = None, pdf: bool = False
) -> tuple[list[Proposal], list[tuple[Proposal, Any]]]:
    """A base year with the other year's notice, every number of it moved on: each figure found
    must be the target year's value moved on the same way (its own place in the new notice)."""
    base_doc = load_doc(base, data)
    targets = dict(iter_figures(load_doc(target, data)))
    text = moved_on((seeds / NOTICES[target]).read_text(encoding="utf-8"))
    if pdf:
        text = as_from_pdf(text)
    found = [p for p in propose(base_doc, text, new_year=target) if p.found]
    wrong = []
    for p in found:
        if isinstance(p.old_value, list) and p.old_value and isinstance(p.old_value[0], str):
            continue  # names: their digits move too
        goal = targets.get(p.path, {}).get("value")
        if p.proposed not in moved_value(goal):
            wrong.append((p, goal))
    return found, wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--data", type=Path, help="read <year>.yaml from this folder instead of policy_data/")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every figure")
    args = parser.parse_args(argv)
    worst = 0
    for base, target in DIRECTIONS:
        m = measure(base, target, args.seeds, args.data)
        print(
            f"{base} 年度 + {target} 年通知 → 对照 {target}.yaml:"
            f"提议正确 {len(m.right)},提议错误 {len(m.wrong)},未找到 {len(m.not_found)};"
            f"新通知写明的 {len(m.stated)} 项中提议正确 {len(m.stated_right)}({m.share:.0%});"
            f"其中上年也是从通知读出的数字、日期、名单、数表 {len(m.comparable)} 项,"
            f"提议正确 {sum(1 for p in m.comparable if p in m.stated_right)}"
        )
        for p, goal in m.wrong:
            print(f"  错误 {p.path}: 提议 {p.proposed!r},应为 {goal!r}  ← {p.sentence[:60]}")
        if args.verbose:
            for p in m.right:
                print(f"  正确 {p.path}: {p.old_value!r} → {p.proposed!r}  ← {p.sentence[:60]}")
            for path in m.stated:
                if path not in m.stated_right:
                    miss = next((p for p in m.not_found if p.path == path), None)
                    print(f"  未得 {path}: {miss.note if miss else '上年没有这一项'}")
        worst = max(worst, len(m.wrong))
    for year, pdf in ((2024, False), (2025, False), (2024, True), (2025, True)):
        found, wrong = measure_moved(year, args.seeds, args.data, pdf)
        layout = "、再排成 PDF 文字层的样子(无制表符,每 38 字断行)" if pdf else ""
        print(
            f"{year} 年度 + 它自己的通知、每个数字都按已知规则改动{layout}:找到 {len(found)},"
            f"不是该项自己改动后的数字 {len(wrong)}"
        )
        for p in wrong:
            print(f"  错误 {p.path}: {p.old_value!r} → {p.proposed!r}  ← {p.sentence[:60]}")
        worst = max(worst, len(wrong))
    for (base, target), pdf in itertools.product(DIRECTIONS, (False, True)):
        found, wrong_across = measure_moved_across(base, target, args.seeds, args.data, pdf)
        layout = "(PDF 文字层的样子)" if pdf else ""
        print(
            f"{base} 年度 + {target} 年通知、每个数字都改动{layout}:找到 {len(found)},"
            f"不是 {target} 年该项数值改动后的数字 {len(wrong_across)}"
        )
        for p, goal in wrong_across:
            print(f"  错误 {p.path}: 提议 {p.proposed!r},{target} 年数值 {goal!r}  ← {p.sentence[:60]}")
        worst = max(worst, len(wrong_across))
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the proposals on the real notices (issue 22): per direction, figures proposed right,
proposed wrong, not found.

    python tools/measure_proposals.py [--seeds DIR] [-v]

Direction 1: the bundled 2024 year + the 2025 notice, compared with policy_data/2025.yaml;
direction 2: the bundled 2025 year + the 2024 notice, compared with policy_data/2024.yaml.
The notices are not part of the product; by default they are read from ../shared/seeds beside
the repository. "Stated" counts the target year's figures the new notice states itself (status
official, citing that year's own notice); "right" among them is the measure of issue 22.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
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

    @property
    def share(self) -> float:
        return len(self.stated_right) / len(self.stated) if self.stated else 0.0


def load_doc(year: int, data: Path | None = None) -> dict[str, Any]:
    import yaml

    folder = data or ROOT / "policy_data"
    return yaml.safe_load((folder / f"{year}.yaml").read_text(encoding="utf-8"))


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
            f"新通知写明的 {len(m.stated)} 项中提议正确 {len(m.stated_right)}({m.share:.0%})"
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
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main())

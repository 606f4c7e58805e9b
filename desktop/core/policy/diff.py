"""What changed between two policy years, figure by figure, citing both."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.explain import Citation, cite, describe_value
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.snapshot import iter_figures

#: Chinese names for the top of a figure's path, so a diff row reads like the notice
SECTION_LABELS = {
    "premiums": "缴费标准",
    "enrolment": "参保登记与缴费",
    "waiting": "待遇等待期",
    "benefits.inpatient": "住院待遇",
    "benefits.outpatient_general": "普通门诊统筹",
    "benefits.outpatient_chronic": "门诊慢性病",
    "benefits.outpatient_special": "门诊特殊病",
    "benefits.dual_channel_drug": "双通道药品",
    "benefits.childbirth": "生育待遇",
    "benefits.pku": "苯丙酮尿症",
    "benefits.special_blood": "特殊人员用血",
    "benefits.critical_illness": "大病保险",
    "benefits.medical_aid": "医疗救助",
    "guidance": "其他说明",
}


def section_label(path: str) -> str:
    for prefix in sorted(SECTION_LABELS, key=len, reverse=True):
        if path == prefix or path.startswith(prefix + "."):
            return SECTION_LABELS[prefix]
    return path.split(".")[0]


@dataclass(frozen=True)
class Change:
    path: str
    section: str
    kind: str  # "changed" | "added" | "removed" | "status"
    old: str | None
    new: str | None
    old_citation: Citation | None
    new_citation: Citation | None

    @property
    def kind_label(self) -> str:
        return {"changed": "数值变化", "added": "新增", "removed": "取消", "status": "来源变化"}[self.kind]


def diff_years(old: PolicyYear, new: PolicyYear) -> list[Change]:
    """Every figure whose value differs (or appears, or disappears) from ``old`` to ``new``.

    A figure whose value stays the same but whose status changes (e.g. official → carried_over)
    is listed as a source change, since a clerk must know the figure is no longer restated.
    """
    a = dict(iter_figures(old))
    b = dict(iter_figures(new))
    changes: list[Change] = []
    for path in list(a) + [p for p in b if p not in a]:
        fa, fb = a.get(path), b.get(path)
        ca = cite(old, fa, path) if fa is not None else None
        cb = cite(new, fb, path) if fb is not None else None
        if fa is None:
            kind = "added"
        elif fb is None:
            kind = "removed"
        elif fa.value != fb.value:
            kind = "changed"
        elif fa.status != fb.status:
            kind = "status"
        else:
            continue
        changes.append(
            Change(
                path=path,
                section=section_label(path),
                kind=kind,
                old=describe_value(fa.value) if fa is not None else None,
                new=describe_value(fb.value) if fb is not None else None,
                old_citation=ca,
                new_citation=cb,
            )
        )
    return changes

"""What changed between two policy years, figure by figure, citing both."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.explain import Citation, cite, cite_text, describe_figure
from desktop.core.policy.frozen import Channel, EligibilityGroup, PolicyYear, TextFig
from desktop.core.policy.labels import PART_LABELS, path_label, year_path_label
from desktop.core.policy.snapshot import iter_figures

#: Chinese names for the top of a figure's path, so a diff row reads like the notice
SECTION_LABELS = {
    "districts": "所在区(市)",
    "category_names": "参保类别名称",
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
    label: str = ""  # what the row is, in Chinese (never the path's identifiers)

    @property
    def kind_label(self) -> str:
        return {"changed": "数值变化", "added": "新增", "removed": "取消", "status": "来源变化"}[self.kind]


#: the lists of the enrolment section that are not figures, with what a row of each is called
_ITEM_LISTS = (
    ("eligibility_groups", "参保对象", None),
    ("registration_channels", "参保登记方式", "registration_cite"),
    ("payment_channels", "缴费方式", "payment_cite"),
    ("receipt_channels", "缴费凭证查询", "receipt_cite"),
)


def _items(policy: PolicyYear, name: str, cite_attr: str | None) -> dict[str, tuple[str, str, str, str | None]]:
    """id -> (row label, text, clause, id it replaces) for one list of the enrolment section."""
    enr = policy.enrolment
    out: dict[str, tuple[str, str, str, str | None]] = {}
    for item in getattr(enr, name):
        if isinstance(item, EligibilityGroup):
            out[item.id] = ("", item.label, item.cite, item.replaces)
        else:
            assert isinstance(item, Channel) and cite_attr is not None
            out[item.id] = (item.label, f"{item.label}:{item.detail}", getattr(enr, cite_attr), None)
    return out


def _item_changes(old: PolicyYear, new: PolicyYear) -> list[Change]:
    """Groups and channels compared by id (a group may say which old one it replaces), as rows like figures'."""
    changes: list[Change] = []
    for name, what, cite_attr in _ITEM_LISTS:
        a, b = _items(old, name, cite_attr), _items(new, name, cite_attr)
        paired = {bid: (rep if rep in a and rep not in b else bid) for bid, (_, _, _, rep) in b.items()}
        used = set(paired.values())
        rows: list[tuple[str, str | None, str | None]] = [
            (bid, aid if aid in a else None, bid) for bid, aid in paired.items()
        ]
        rows += [(aid, aid, None) for aid in a if aid not in used]
        for key, aid, bid in rows:
            ta, tb = a.get(aid) if aid else None, b.get(bid) if bid else None
            if ta is not None and tb is not None and ta[1] == tb[1]:
                continue
            kind = "changed" if ta and tb else ("added" if tb else "removed")
            row_label = (tb or ta)[0]  # type: ignore[index]
            changes.append(
                Change(
                    path=f"enrolment.{name}.{key}",
                    section=SECTION_LABELS["enrolment"],
                    kind=kind,
                    old=ta[1] if ta else None,
                    new=tb[1] if tb else None,
                    old_citation=_item_cite(old, ta, what) if ta else None,
                    new_citation=_item_cite(new, tb, what) if tb else None,
                    label=f"{what} · {row_label}" if row_label else what,
                )
            )
    return changes


def _item_cite(policy: PolicyYear, item: tuple[str, str, str, str | None], what: str) -> Citation:
    return cite_text(policy, TextFig(value=item[1], cite=item[2]), what, item[1])


def _district_changes(old: PolicyYear, new: PolicyYear) -> list[Change]:
    """Districts compared by id: one added, dropped (merged) or renamed in the year's list is a row."""
    a = {d.id: d.name for d in old.districts.items}
    b = {d.id: d.name for d in new.districts.items}
    changes: list[Change] = []
    for key in list(b) + [k for k in a if k not in b]:
        na, nb = a.get(key), b.get(key)
        if na == nb:
            continue
        kind = "changed" if na and nb else ("added" if nb else "removed")
        changes.append(
            Change(
                path=f"districts.{key}",
                section=SECTION_LABELS["districts"],
                kind=kind,
                old=na,
                new=nb,
                old_citation=_district_cite(old, na) if na else None,
                new_citation=_district_cite(new, nb) if nb else None,
                label=f"所在区(市) · {nb or na}",
            )
        )
    return changes


def _district_cite(policy: PolicyYear, name: str) -> Citation:
    d = policy.districts
    fig = TextFig(value=name, status=d.status, cite=d.cite, quote=d.quote, notice=d.notice, reason=d.reason)
    return cite_text(policy, fig, "所在区(市)", name)


def _row_label(old: PolicyYear, new: PolicyYear, path: str) -> str:
    """The row's name in each year's own words; both when the years call the figure differently."""
    a, b = year_path_label(old, path), year_path_label(new, path)
    if a == b:
        return b
    return f"{b}({old.policy_year}年度:{a.rsplit(' · ', 1)[-1]})"


def diff_years(old: PolicyYear, new: PolicyYear) -> list[Change]:
    """Every figure whose value differs (or appears, or disappears) from ``old`` to ``new``, and every
    eligibility group, registration, payment or receipt channel, and every district (the year's
    ``districts`` list), that changed, came or went.

    A figure whose value stays the same but whose status changes (e.g. official → carried_over)
    is listed as a source change, since a clerk must know the figure is no longer restated.
    """
    a = dict(iter_figures(old))
    b = dict(iter_figures(new))
    changes = _district_changes(old, new) + _item_changes(old, new)
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
                label=_row_label(old, new, path),
                section=section_label(path),
                kind=kind,
                old=describe_figure(fa) if fa is not None else None,
                new=describe_figure(fb) if fb is not None else None,
                old_citation=ca,
                new_citation=cb,
            )
        )
    return changes


#: the order a clerk reads the resident-facing changes in: what is paid first
_READING_ORDER = ("缴费标准", "参保登记与缴费", "待遇等待期")


def resident_order(changes: list[Change]) -> list[Change]:
    """The changes that affect residents, premiums first, then enrolment, waiting and benefits."""
    ranked = [c for c in changes if affects_residents(c)]
    order = {s: i for i, s in enumerate(_READING_ORDER)}
    return sorted(ranked, key=lambda c: order.get(c.section, len(order)))


def affects_residents(change: Change) -> bool:
    """A value came, went or changed: what a resident pays, gets or must do may differ. A source-only
    change (the same value, now e.g. 沿用上年 instead of 通知原文) changes nothing for them."""
    return change.kind != "status"


def _what(change: Change) -> str:
    """The figure in plain words, without its section: '老年居民个人缴费', '非从业居民(武进区)个人缴费'."""
    words = (change.label or path_label(change.path)).split(" · ")
    if words and words[0] in (change.section, PART_LABELS.get(change.path.split(".")[0])):
        words = words[1:]
    parts = change.path.split(".")
    for by, what in (
        ("individual_by_district", "个人缴费"),
        ("medical_individual_by_district", ""),
        ("subsidy_by_district", ""),
        ("funding_by_district", ""),
    ):
        if by in parts and what and len(words) >= 2:
            return f"{words[0]}({words[-1]}){what}"
        if by in parts and len(words) >= 3:
            return f"{words[0]}({words[-1]}){words[1]}"
    listed = len(parts) > 1 and parts[1] in {name for name, _, _ in _ITEM_LISTS}
    return " · ".join(words) if listed or any(len(w) > 8 for w in words) else "".join(words)


def _unit_split(text: str) -> tuple[str, str]:
    for unit in (" 元", "元"):
        if text.endswith(unit):
            return text[: -len(unit)], "元"
    return text, ""


def plain_line(change: Change) -> str:
    """One change as a clerk says it: '老年居民个人缴费 730 → 760 元', '新增 …', '取消 …'."""
    what = _what(change)
    if change.kind == "added":
        return f"新增 {what}:{change.new}"
    if change.kind == "removed":
        return f"取消 {what}(原来:{change.old})"
    if change.kind == "status":
        old = change.old_citation.status_label if change.old_citation else "—"
        new = change.new_citation.status_label if change.new_citation else "—"
        return f"{what} {change.new}:来源由“{old}”变为“{new}”"
    old, old_unit = _unit_split(change.old or "—")
    new, new_unit = _unit_split(change.new or "—")
    if old_unit and old_unit == new_unit:
        return f"{what} {old} → {new} {new_unit}"
    return f"{what} {change.old} → {change.new}"

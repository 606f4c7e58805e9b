"""The year's districts and category names, read from its document (``districts``,
``category_names`` and ``premiums.categories.<id>.label``), free of pydantic.

Works on the frozen year (desktop/core/policy/frozen.py) and on the pydantic model alike. Nothing
here knows a district: a year that adds, renames or merges one changes its document only.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.core.policy.kinds import CATEGORIES, Category, District

#: what :func:`district_name` shows for a figure that is the same in every district
ALL_DISTRICTS = "各区相同"

_KEY_TABLE = str.maketrans({"（": "(", "）": ")", "／": "/", "、": "/", "\u3000": " "})


def name_key(text: object) -> str:
    """How names compare: lower-case, no white space, ASCII brackets (the roster's own rule)."""
    return re.sub(r"[\s*＊:：]", "", str(text).strip().lower().translate(_KEY_TABLE))


def district_ids(policy: Any) -> tuple[District, ...]:
    """The year's district ids in the notice's order."""
    return tuple(d.id for d in policy.districts.items)


def district_name(policy: Any, district: District | None) -> str:
    """The district's name in ``policy`` (各区相同 for None; an id the year does not list shows as itself)."""
    if district is None:
        return ALL_DISTRICTS
    return next((d.name for d in policy.districts.items if d.id == district), district)


def district_names(policy: Any) -> dict[District, str]:
    """id → name, in the notice's order."""
    return {d.id: d.name for d in policy.districts.items}


def district_choices(policy: Any) -> str:
    """The year's districts as a reader sees them in a message: 'wujin(武进区)、xinbei(新北区)…'."""
    return "、".join(f"{d.id}({d.name})" for d in policy.districts.items)


def unknown_district(policy: Any, value: object) -> str:
    """The Chinese message for a district id the year does not list, naming the year's choices."""
    return f"所在区“{value}”不是{policy.policy_year}年度的区(市);可选:{district_choices(policy)}"


def category_label(policy: Any, category: Category) -> str:
    """The category's name in ``policy`` (premiums.categories.<id>.label)."""
    return str(policy.premiums.categories[category].label)


def category_labels(policy: Any) -> dict[Category, str]:
    """id → name of the four categories, in code order."""
    return {c: category_label(policy, c) for c in CATEGORIES}


def district_index(policy: Any) -> dict[str, District]:
    """Every way the year writes a district (id, name, aliases), compared by :func:`name_key`, → its id."""
    out: dict[str, District] = {}
    for d in policy.districts.items:
        for text in (d.id, d.name, *d.aliases):
            out[name_key(text)] = d.id
    return out


def district_stems(policy: Any) -> tuple[tuple[str, District], ...]:
    """Names and aliases to look for inside a longer cell (武进区湖塘镇 → wujin), longest first."""
    stems = {name_key(t): d.id for d in policy.districts.items for t in (d.name, *d.aliases) if len(name_key(t)) >= 2}
    return tuple(sorted(stems.items(), key=lambda kv: -len(kv[0])))


def category_index(policy: Any) -> dict[str, Category]:
    """Every way the year writes a category (id, name, roster aliases) → its id."""
    out: dict[str, Category] = {}
    for c in CATEGORIES:
        out[name_key(c)] = c
        out[name_key(category_label(policy, c))] = c
    for c, aliases in policy.category_names.aliases.items():
        for text in aliases:
            out[name_key(text)] = c
    return out


def names_problems(policy: Any) -> list[str]:
    """What is wrong with the year's names (a model check; Chinese, naming the field)."""
    problems: list[str] = []
    notice = policy.districts.notice
    if notice is not None and notice not in {n.id for n in policy.notices}:
        problems.append(f"districts.notice 引用了未列出的通知: {notice}")
    ids = [d.id for d in policy.districts.items]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        problems.append(f"districts.items 中区的 id 重复: {', '.join(twice)}")
    seen: dict[str, str] = {}
    for d in policy.districts.items:
        for text in (d.id, d.name, *d.aliases):
            key = name_key(text)
            if seen.get(key, d.id) != d.id:
                problems.append(f"districts.items 中“{text}”同时指 {seen[key]} 和 {d.id},一个写法只能指一个区")
            seen[key] = d.id
    known = set(ids)
    for cat_id, cat in policy.premiums.categories.items():
        for field in (
            "individual_by_district",
            "medical_individual_by_district",
            "subsidy_by_district",
            "funding_by_district",
        ):
            for key in getattr(cat, field):
                if key not in known:
                    problems.append(
                        f"premiums.categories.{cat_id}.{field} 中的区“{key}”不在 districts 列表中;"
                        f"本年度的区(市):{district_choices(policy)}"
                    )
    labels = {name_key(c): c for c in CATEGORIES} | {
        name_key(cat.label): c for c, cat in policy.premiums.categories.items()
    }
    for c, aliases in policy.category_names.aliases.items():
        for text in aliases:
            other = labels.get(name_key(text), c)
            if other != c:
                problems.append(f"category_names.aliases.{c} 中的“{text}”是另一参保类别({other})的名称")
            labels[name_key(text)] = c
    return problems

"""The policy's fixed vocabularies (categories, statuses, ...), free of pydantic; the districts are
the year's data (its ``districts`` list), so here only the type of their ids.

Shared by the pydantic models (the package desktop/core/policy/model/) and by the
pre-validated snapshot types (desktop/core/policy/frozen.py), so the window can use them before
pydantic is imported.
"""

from __future__ import annotations

import re
from typing import Literal

#: ``<policy year>.<n>``, digits only, no leading zero in n (2026.1, 2026.12): the version is also
#: the name of an installed pack's folder, so nothing Windows would alter (a trailing dot) or
#: that could climb out of the packs folder, and one version has one spelling
DATA_VERSION_RE = re.compile(r"[0-9]{4}\.(?:0|[1-9][0-9]{0,3})")


def check_data_version(value: str) -> str:
    """``value`` when it is a data version (see DATA_VERSION_RE); ValueError in Chinese otherwise."""
    if not DATA_VERSION_RE.fullmatch(value):
        raise ValueError("数据版本应写成“年度.序号”,只用数字,如 2026.1、2026.12")
    return value


Status = Literal["official", "interpretation", "carried_over", "outside_fact", "not_stated"]
Category = Literal["elderly", "minor", "college_student", "non_employed"]
#: a district's id (wujin, liyang ...): the districts are data of each year (the year document's
#: ``districts`` list, desktop/core/policy/names.py), never fixed in code
District = str
AidStatus = Literal["none", "extreme_poverty", "other_aid"]
HospitalLevel = Literal[1, 2, 3]
Facility = Literal["primary", "secondary_plus"]
Referral = Literal["in_city", "approved_out_of_city", "unapproved_out_of_city"]
Relation = Literal[
    "spouse",
    "parent",
    "child",
    "sibling",
    "grandparent",
    "maternal_grandparent",
    "grandchild",
    "maternal_grandchild",
]
CapBasis = Literal["fund_payment", "compliant_cost"]

CATEGORIES: tuple[Category, ...] = ("elderly", "minor", "college_student", "non_employed")
AID_STATUSES: tuple[AidStatus, ...] = ("none", "extreme_poverty", "other_aid")

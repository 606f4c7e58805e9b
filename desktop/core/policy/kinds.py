"""The policy's fixed vocabularies (categories, districts, statuses, ...), free of pydantic.

Shared by the pydantic models (desktop/core/policy/model.py, which re-exports them) and by the
pre-validated snapshot types (desktop/core/policy/frozen.py), so the window can use them before
pydantic is imported.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["official", "interpretation", "carried_over", "outside_fact", "not_stated"]
Category = Literal["elderly", "minor", "college_student", "non_employed"]
District = Literal["wujin", "xinbei", "tianning", "zhonglou", "jingkai", "liyang", "jintan"]
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
DISTRICTS: tuple[District, ...] = ("wujin", "xinbei", "tianning", "zhonglou", "jingkai", "liyang", "jintan")
AID_STATUSES: tuple[AidStatus, ...] = ("none", "extreme_poverty", "other_aid")

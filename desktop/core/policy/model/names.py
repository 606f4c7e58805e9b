"""The year's names: its districts (所在区(市)) with the short forms rosters use, and the other
ways rosters write each category (参保类别). Data of the year, so a year that adds, renames or
merges a district needs no code.

These are the product's lists, not figures of the notice: the district list is read from the
notice's sentence that names them (``cite`` / ``quote``), the aliases are how rosters write them
(``reason`` says so). The four category ids stay in code (their premium rules are code: aid, age
prompts, college enrolment through the school); their names are ``premiums.categories.<id>.label``
and their roster aliases are here.
"""

from __future__ import annotations

from pydantic import Field

from desktop.core.policy.kinds import Category, Status
from desktop.core.policy.model.figures import Frozen


class DistrictName(Frozen):
    """One district (区/市) of the year."""

    id: str = Field(
        pattern=r"^[a-z][a-z0-9_]{0,29}$",
        description="short id used by *_by_district and in requests (ASCII letters, digits, _)",
    )
    name: str = Field(min_length=2, max_length=20, description="the notice's name, shown everywhere")
    aliases: tuple[str, ...] = Field((), description="other ways rosters write it (武进, 经开区 ...)")


class Districts(Frozen):
    """The year's districts, in the notice's order, and where the list comes from."""

    status: Status = Field("official", description="how the list is known (official: the notice names them)")
    cite: str = Field(min_length=2, description="the clause that names the districts")
    quote: str | None = Field(None, min_length=2, description="the notice's words naming them, verbatim")
    notice: str | None = Field(None, description="id of the notice quoted, when it is not this year's own notice")
    reason: str = Field(min_length=2, description="why this list, and that the aliases are the product's")
    items: tuple[DistrictName, ...] = Field(min_length=1, max_length=40)


class CategoryNames(Frozen):
    """How rosters write each category besides its name (premiums.categories.<id>.label)."""

    reason: str = Field(min_length=2, description="where the aliases come from (the product's, not the notice's)")
    aliases: dict[Category, tuple[str, ...]] = Field(default_factory=dict)

"""The JSON requests of the calculating commands: their models, their checks, their schema.

``quote``, ``simulate``, ``waiting``, ``checklist`` and ``compare`` read one JSON object each; it
is checked here (strict JSON types, nulls as not given, the members' ID numbers and districts)
before anything is calculated, and every refusal is an :class:`InputError` naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop.core.care import Event, Person
from desktop.core.errors import InputProblem, describe_validation_error
from desktop.core.identity import IdNumberError, category_age_problem, parse_id
from desktop.core.inputs import InputDate
from desktop.core.limits import MAX_EVENTS, MAX_MEMBERS
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import AidStatus, Category, District
from desktop.core.policy.loader import PolicySet
from desktop.core.policy.names import district_ids, unknown_district
from desktop.core.premium import Member, depends_on_district
from desktop.core.waiting import MAX_YEARS


class InputError(Exception):
    """Input the CLI cannot use; ``errors`` is [{"field", "message"}, ...]."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


class MemberIn(BaseModel):
    # strict: JSON types as written (true is not 1, "2025" is not 2025)
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    name: str = Field("", max_length=40)
    category: Category
    # the year's district ids (its document's districts list), checked against each year quoted
    district: District | None = Field(None, min_length=1, max_length=30)
    aid_status: AidStatus = "none"
    id_number: str | None = Field(None, max_length=30)


class QuoteInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    policy_year: int
    district: District | None = Field(
        None, min_length=1, max_length=30, description="默认所在区(本年度政策数据所列区的 id),成员未填时使用"
    )
    members: list[MemberIn] = Field(min_length=1, max_length=MAX_MEMBERS)


class WaitingRequest(BaseModel):
    """The JSON of a ``waiting`` request, checked here and handed on as desktop.core.waiting.WaitingInput."""

    # strict: true is not 1 and 0 is not false; the date through desktop.core.inputs
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, title="WaitingInput")

    policy_year: int = Field(description="政策年度")
    payment_date: InputDate = Field(description="缴费日期")
    in_collection_period: bool | None = Field(None, description="是否在集中参保期内缴费;不填则按缴费日期判断")
    years_broken: int = Field(0, ge=0, le=MAX_YEARS, description="断保年数")
    years_repaid: int = Field(0, ge=0, le=MAX_YEARS, description="补缴年数")
    newborn: bool = Field(False, description="新生儿")
    new_aid_recipient: bool = Field(False, description="新认定的医疗救助对象")
    birth_date: InputDate | None = Field(
        None, description="出生日期(新生儿必填:待遇从出生之日起算,不早于本年度待遇享受期第一天)"
    )


class SimulateInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    policy_year: int
    person: Person
    events: list[Event] = Field(min_length=1, max_length=MAX_EVENTS)


def _without_nulls(value: Any) -> Any:
    """``"field": null`` in an object means the field is not given, for every field alike: some
    optional fields already took null (date, facility, birth_date) while others (aid_status,
    referral, disease_count, years_broken...) refused it with exit 2, so a tester's input written
    by a JSON library from None was refused at random. A required field left null is still
    reported as missing, at its field. List items are kept as they are (null there is an error)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def validate(model: type[BaseModel], payload: Any) -> Any:
    if not isinstance(payload, dict):
        raise InputError([{"field": "", "message": "输入应为一个 JSON 对象"}])
    try:
        return model.model_validate(_without_nulls(payload))
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc)) from None


def policy_for(policies: PolicySet, year: int) -> PolicyYear:
    if year not in policies:
        have = "、".join(str(y) for y in policies.years)
        raise InputError([{"field": "policy_year", "message": f"没有 {year} 年度的政策数据;已载入:{have}"}])
    return policies[year]


def check_person_age(inp: SimulateInput) -> None:
    """A ``simulate`` person's category must fit their birth date, by the same age rule as a
    quote's ID numbers (an adult's 非从业居民 figures for a child would be quoted otherwise)."""
    birth = inp.person.birth_date
    if birth is None:
        return
    if birth > dt.date(inp.policy_year, 12, 31):
        raise InputError(
            [{"field": "person.birth_date", "message": f"出生日期晚于{inp.policy_year}年度,不能参加该年度的居民医保"}]
        )
    problem = category_age_problem(inp.person.category, birth, inp.policy_year)
    if problem:
        raise InputError([{"field": "person.category", "message": f"按出生日期,{problem}"}])


def quote_members(inp: QuoteInput, years: list[PolicyYear]) -> list[Member]:
    """The members to quote; an ID number, when given, must be valid and its birth date must fit
    the category by the roster's own age rule (one rule for both). A district is needed only for
    a category whose figures differ by district in one of ``years`` (非从业居民): an elderly
    person's 730 is the same everywhere, and refusing that input would refuse a correct quote."""
    members = []
    errors: list[dict[str, str]] = []
    unknown = _unknown_district(inp.district, years)
    if unknown:
        errors.append({"field": "district", "message": unknown})
    for i, m in enumerate(inp.members):
        unknown = _unknown_district(m.district, years)
        if unknown:
            errors.append({"field": f"members[{i}].district", "message": unknown})
            continue
        district = m.district or inp.district
        if district is None and any(depends_on_district(p, m.category) for p in years):
            errors.append({"field": f"members[{i}].district", "message": "请填写所在区(或在顶层填写 district)"})
            continue
        id_number = None
        if m.id_number is not None:
            try:
                info = parse_id(m.id_number, today=dt.date(inp.policy_year, 12, 31))
            except IdNumberError as exc:
                errors.append({"field": f"members[{i}].id_number", "message": str(exc)})
                continue
            problem = category_age_problem(m.category, info.birth_date, inp.policy_year)
            if problem:
                errors.append({"field": f"members[{i}].category", "message": f"按身份证号的出生日期,{problem}"})
                continue
            id_number = info.number
        members.append(
            Member(name=m.name, category=m.category, district=district, aid_status=m.aid_status, id_number=id_number)
        )
    if errors:
        raise InputError(errors)
    return members


def _unknown_district(district: District | None, years: list[PolicyYear]) -> str | None:
    """The Chinese message for a district id one of ``years`` does not list (with that year's choices)."""
    if district is None:
        return None
    return next((unknown_district(p, district) for p in years if district not in district_ids(p)), None)


def input_error(exc: InputProblem) -> InputError:
    return InputError([{"field": exc.field, "message": exc.message}])


def schema() -> dict[str, Any]:
    return {
        "quote": QuoteInput.model_json_schema(),
        "simulate": SimulateInput.model_json_schema(),
        "waiting": WaitingRequest.model_json_schema(),
        "checklist": _checklist_schema(),
    }


def _checklist_schema() -> dict[str, Any]:
    from desktop.core.checklist import ChecklistAnswers

    out = ChecklistAnswers.model_json_schema()
    out["properties"] = {"policy_year": {"type": "integer", "title": "政策年度"}, **out["properties"]}
    out["required"] = ["policy_year", *out.get("required", [])]
    return out

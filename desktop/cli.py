"""Headless command line over the core: JSON in, JSON out. Never imports Qt.

See docs/CLI.md for the contract. Bad input exits 2 with Chinese messages naming the field.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop.cli_args import ChineseArgumentParser
from desktop.commands import COMMANDS, JSON_COMMANDS
from desktop.core.care import Event, Person, YearResult, simulate_year
from desktop.core.compare import CompareRow, compare_quote, compare_simulation
from desktop.core.errors import InputProblem, describe_validation_error, os_error_message
from desktop.core.explain import Step
from desktop.core.identity import IdNumberError, category_age_problem, mask_ids_in_text, parse_id
from desktop.core.inputs import InputDate
from desktop.core.limits import MAX_EVENTS, MAX_MEMBERS
from desktop.core.money import fmt
from desktop.core.policy.diff import diff_years
from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import AidStatus, Category, District
from desktop.core.policy.loader import PolicyLoadError, PolicySet
from desktop.core.policy.snapshot import plain
from desktop.core.premium import HouseholdQuote, Member, depends_on_district, quote_household
from desktop.core.staleness import staleness_message
from desktop.core.waiting import MAX_YEARS, WaitingInput, WaitingResult, waiting_period


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
    district: District | None = None
    aid_status: AidStatus = "none"
    id_number: str | None = Field(None, max_length=30)


class QuoteInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    policy_year: int
    district: District | None = Field(None, description="默认所在区,成员未填时使用")
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
    birth_date: InputDate | None = Field(None, description="出生日期(新生儿填写:待遇不早于出生之日)")


class SimulateInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    policy_year: int
    person: Person
    events: list[Event] = Field(min_length=1, max_length=MAX_EVENTS)


def _steps(steps: tuple[Step, ...]) -> list[dict[str, Any]]:
    return [s.as_json() for s in steps]


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


def _validate(model: type[BaseModel], payload: Any) -> Any:
    if not isinstance(payload, dict):
        raise InputError([{"field": "", "message": "输入应为一个 JSON 对象"}])
    try:
        return model.model_validate(_without_nulls(payload))
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc)) from None


def _policy(policies: PolicySet, year: int) -> PolicyYear:
    if year not in policies:
        have = "、".join(str(y) for y in policies.years)
        raise InputError([{"field": "policy_year", "message": f"没有 {year} 年度的政策数据;已载入:{have}"}])
    return policies[year]


def _members(inp: QuoteInput, years: list[PolicyYear]) -> list[Member]:
    """The members to quote; an ID number, when given, must be valid and its birth date must fit
    the category by the roster's own age rule (one rule for both). A district is needed only for
    a category whose figures differ by district in one of ``years`` (非从业居民): an elderly
    person's 730 is the same everywhere, and refusing that input would refuse a correct quote."""
    members = []
    errors: list[dict[str, str]] = []
    for i, m in enumerate(inp.members):
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


def quote_json(q: HouseholdQuote) -> dict[str, Any]:
    return {
        "policy_year": q.policy_year,
        "data_version": q.data_version,
        "members": [
            {
                "name": m.member.name,
                "category": m.member.category,
                "district": m.member.district,
                "aid_status": m.member.aid_status,
                "individual": fmt(m.individual),
                "standard_individual": fmt(m.standard_individual),
                "medical_individual": fmt(m.medical_individual),
                "ltc_individual": fmt(m.ltc_individual),
                "government_subsidy": fmt(m.government_subsidy),
                "ltc_government_subsidy": fmt(m.ltc_government_subsidy),
                "funding_standard": fmt(m.funding_standard),
                "government_pays_individual": fmt(m.government_pays_individual),
                "steps": _steps(m.steps),
            }
            for m in q.members
        ],
        "total_individual": fmt(q.total_individual),
        "total_government_pays_individual": fmt(q.total_government_pays_individual),
        "steps": _steps(q.steps),
    }


def _layers(layers: Any) -> dict[str, str | None]:
    keys = ("compliant_cost", "basic_fund", "critical_illness", "medical_aid", "out_of_pocket")
    return {k: fmt(getattr(layers, k)) for k in keys}


def _ledgers(led: Any) -> dict[str, Any]:
    return {k: (fmt(v) if isinstance(v, Decimal) else v) for k, v in vars(led).items()}


def simulation_json(r: YearResult) -> dict[str, Any]:
    return {
        "policy_year": r.policy_year,
        "data_version": r.data_version,
        "totals": _layers(r.totals),
        "events": [
            {
                "index": e.index,
                "date": e.event.date.isoformat() if e.event.date else None,
                "kind": e.event.kind,
                **_layers(e.layers),
                "steps": _steps(e.steps),
            }
            for e in r.events
        ],
        "ledgers": _ledgers(r.ledgers),
        "steps": _steps(r.steps),
    }


def waiting_json(w: WaitingResult) -> dict[str, Any]:
    return {
        "benefit_start": w.benefit_start.isoformat(),
        "waiting_months": w.waiting_months,
        "benefit_this_year": w.benefit_this_year,
        "in_collection_period": w.in_collection_period,
        "steps": _steps(w.steps),
    }


def _compare_json(rows: list[CompareRow]) -> dict[str, Any]:
    return {
        "rows": [
            {
                "label": r.label,
                "values": {str(y): fmt(v) for y, v in r.values.items()},
                "differs": r.differs,
                **({"errors": {str(y): m for y, m in r.error.items()}} if r.error else {}),
            }
            for r in rows
        ]
    }


def _problem(exc: InputProblem) -> InputError:
    return InputError([{"field": exc.field, "message": exc.message}])


def run_command(
    command: str, payload: Any, policies: PolicySet | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Run one JSON command in-process (the CLI and the tests share this).

    Every answer for one policy year carries ``data_warning`` (null when the year is current),
    so an old year's figures are never taken for this year's.
    """
    from desktop.core.limits import bounded_payload

    policies = policies or _load(today or dt.date.today())
    try:
        payload = bounded_payload(payload)
    except InputProblem as exc:
        raise _problem(exc) from None
    out = _run(command, payload, policies)
    year = payload.get("policy_year") if isinstance(payload, dict) else None
    if command != "compare" and isinstance(year, int) and year in policies:
        out["data_warning"] = staleness_message(policies, year, today or dt.date.today())
    return out


def _run(command: str, payload: Any, policies: PolicySet) -> dict[str, Any]:
    try:
        if command == "quote":
            q = _validate(QuoteInput, payload)
            policy = _policy(policies, q.policy_year)
            return quote_json(quote_household(policy, _members(q, [policy])))
        if command == "simulate":
            s = _validate(SimulateInput, payload)
            return simulation_json(simulate_year(_policy(policies, s.policy_year), s.person, s.events))
        if command == "waiting":
            w = _validate(WaitingRequest, payload)
            return waiting_json(waiting_period(_policy(policies, w.policy_year), WaitingInput(**dict(w))))
        if command == "checklist":
            return _checklist(payload, policies)
        if command == "compare":
            if isinstance(payload, dict) and "members" in payload:
                q = _validate(QuoteInput, payload)
                return _compare_json(compare_quote(policies, _members(q, [policies[y] for y in policies.years])))
            s = _validate(SimulateInput, payload)
            return _compare_json(compare_simulation(policies, s.person, s.events))
    except InputProblem as exc:
        raise _problem(exc) from None
    raise InputError([{"field": "command", "message": f"未知命令 {command}"}])


def _checklist(payload: Any, policies: PolicySet) -> dict[str, Any]:
    """The counter checklist (参保清单) as JSON: ``policy_year`` plus the window's answers
    (desktop.core.checklist.ChecklistAnswers: category, huji, payment, payment_date, ...)."""
    from desktop.core.checklist import ChecklistAnswers, build_checklist

    if not isinstance(payload, dict):
        raise InputError([{"field": "", "message": "输入应为一个 JSON 对象"}])
    body = dict(payload)
    year = body.pop("policy_year", None)
    if year is None:
        raise InputError([{"field": "policy_year", "message": "缺少此项"}])
    if not isinstance(year, int) or isinstance(year, bool):
        raise InputError([{"field": "policy_year", "message": "应为整数(不带引号,也不能写 true/false)"}])
    policy = _policy(policies, year)
    answers = _validate(ChecklistAnswers, body)
    checklist = build_checklist(policy, answers)
    out: dict[str, Any] = checklist.model_dump(mode="json")
    out["text"] = checklist.all_text()
    return out


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


def _load(today: dt.date, report: bool = False) -> PolicySet:
    """Bundled years plus installed policy packs; a broken pack is skipped and named on stderr."""
    from desktop.core.packs import load_all

    result = load_all(today)
    if report:
        for problem in result.problems:
            sys.stderr.write(f"{problem}\n")
    return result.policies


def _read_json(source: str) -> Any:
    """The input file (or standard input, ``-``), bounded in size and checked before parsing."""
    from desktop.core import limits

    try:
        if source == "-":
            raw = limits.read_bounded(sys.stdin.buffer, "标准输入")
        else:
            with Path(source).open("rb") as fh:
                raw = limits.read_bounded(fh, f"文件 {source}")
    except OSError as exc:
        raise InputError([{"field": "FILE", "message": os_error_message(exc, source)}]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        where = "标准输入" if source == "-" else f"文件 {source}"
        raise InputError([{"field": "FILE", "message": f"{where}不是 UTF-8 编码,请另存为 UTF-8"}]) from None
    return limits.loads(text)


def _print(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def _delegate(module: str) -> Callable[[list[str]], int]:
    def run(argv: list[str]) -> int:
        import importlib

        return int(importlib.import_module(module).main(argv))

    return run


#: subcommands that own their argument parsing
DELEGATED = {"roster": _delegate("desktop.roster_cli"), "pack": _delegate("desktop.packs_cli")}


def _unknown_command(word: str) -> int:
    """A first word that is no command: say so, suggest the nearest, never open the window."""
    import difflib

    near = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.5)
    hint = f"是不是要用 {near[0]}?" if near else ""
    shown = mask_ids_in_text(word[:40])
    sys.stderr.write(f"未知命令“{shown}”。{hint}可用的命令:{'、'.join(COMMANDS)}(python -m desktop -h 查看说明)\n")
    return 2


def _quiet_streams() -> None:
    """Output that a console cannot encode is escaped, not a crash; warnings from libraries
    (English, for developers) stay out of the user's terminal."""
    import logging

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


def _parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="python -m desktop", description="常州居民医保测算台 命令行")
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="{" + ",".join(COMMANDS) + "}")
    for name in JSON_COMMANDS:
        sub.add_parser(name, help=f"{name}: 读 JSON 输入文件(- 为标准输入),输出 JSON").add_argument(
            "file", help="JSON 输入文件,- 为标准输入"
        )
    sub.add_parser("schema", help="输出各命令输入的 JSON Schema")
    sub.add_parser("policy", help="输出某政策年度的全部数据").add_argument("year", type=int, help="政策年度")
    d = sub.add_parser("diff", help="两个政策年度的差异")
    d.add_argument("old", type=int, help="较早的年度")
    d.add_argument("new", type=int, help="较新的年度")
    for name in DELEGATED:
        sub.add_parser(name, help=f"{name} 子命令(python -m desktop {name} -h)", add_help=False)
    return parser


def main(argv: list[str]) -> int:
    _quiet_streams()
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (`... | head`): nothing more can be said on that pipe; stop quietly
        # rather than with a traceback, and let the interpreter's final flush go nowhere
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: list[str]) -> int:
    if argv:
        argv = [unicodedata.normalize("NFKC", argv[0]).strip(), *argv[1:]]
    if argv and argv[0] in DELEGATED:
        return DELEGATED[argv[0]](argv[1:])
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        return _unknown_command(argv[0])
    args = _parser().parse_args(argv)
    try:
        policies = _load(dt.date.today(), report=True)
    except PolicyLoadError as exc:
        sys.stderr.write("政策数据有误:\n" + "\n".join(str(p) for p in exc.problems) + "\n")
        return 3
    try:
        if args.command in JSON_COMMANDS:
            try:
                payload = _read_json(args.file)
            except InputProblem as exc:
                raise _problem(exc) from None
            _print(run_command(args.command, payload, policies))
        elif args.command == "schema":
            _print(schema())
        elif args.command == "policy":
            _print(plain(_policy(policies, args.year)))
        elif args.command == "diff":
            old, new = _policy(policies, args.old), _policy(policies, args.new)
            _print(
                [
                    {
                        "path": c.path,
                        "section": c.section,
                        "label": c.label,
                        "kind": c.kind,
                        "old": c.old,
                        "new": c.new,
                        "old_source": c.old_citation.source if c.old_citation else None,
                        "new_source": c.new_citation.source if c.new_citation else None,
                    }
                    for c in diff_years(old, new)
                ]
            )
    except InputError as exc:
        # a field path can hold a key the user wrote (an unknown field), a message a value: mask both
        errors = [
            {"field": mask_ids_in_text(e["field"]), "message": mask_ids_in_text(e["message"])} for e in exc.errors
        ]
        sys.stderr.write(json.dumps({"errors": errors}, ensure_ascii=False, indent=2) + "\n")
        return 2
    return 0

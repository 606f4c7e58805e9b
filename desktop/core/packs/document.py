"""Checking a policy-year document before it becomes a pack: the model, then what a single
figure cannot check (template placeholders still in it, dates outside the year)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.packs.limits import MAX_DOCUMENT_BYTES, PackError, read_capped
from desktop.core.policy.loader import PolicyLoadError, Problem, parse_policy_text

if TYPE_CHECKING:  # pydantic and the models are imported where a document is checked
    from desktop.core.policy.model import PolicyYear

#: a template figure still waiting for the officer; ``check`` refuses it until it is rewritten
PLACEHOLDER_MARK = "待核对"
PLACEHOLDER_REASON = "待核对:沿用上年,发布新通知后请改为原文数值"
UNFILLED_MARK = "待填写"


def _unfilled_problems(policy: PolicyYear, source: str) -> list[Problem]:
    """Template placeholders still in a document: every one must be checked before a pack is built."""
    from desktop.core.policy.model import iter_figures

    problems: list[Problem] = []
    for i, notice in enumerate(policy.notices):
        for name in ("file", "title", "short", "issuer"):
            if UNFILLED_MARK in getattr(notice, name):
                problems.append(Problem(source, f"notices[{i}].{name}", "模板占位内容,请填写新通知的信息"))
    for path, fig in iter_figures(policy):
        if fig.reason and fig.reason.startswith(PLACEHOLDER_MARK):
            problems.append(
                Problem(
                    source,
                    path,
                    "模板占位:请对照新通知核对。有原文数值的改为原文数值并把 status 改为 official、"
                    "删去 reason 和 carried_from;确实沿用或解读的,写明真实理由(去掉“待核对”)",
                )
            )
    return problems


def _quote_problems(policy: PolicyYear, source: str) -> list[Problem]:
    """A figure the document's own notice states must carry the notice's words (``quote``): a clerk
    reads them beside the figure, and next year's check looks them up in the new notice."""
    from desktop.core.policy.model import iter_figures

    return [
        Problem(source, f"{path}.quote", "通知原文的数值须写明 quote:通知里含这个数值的原句,一字不差")
        for path, fig in iter_figures(policy)
        if fig.status == "official" and not fig.quote and (fig.notice or policy.notice_id) == policy.notice_id
    ]


def _consistency_problems(policy: PolicyYear, source: str) -> list[Problem]:
    """Cross-field facts a single figure cannot check: dates belong to the policy year."""
    problems: list[Problem] = []
    enrol = policy.enrolment
    year = policy.policy_year
    for name in ("benefit_start", "benefit_end"):
        fig = getattr(enrol, name)
        if fig.value is not None and fig.value.year != year:
            problems.append(Problem(source, f"enrolment.{name}.value", f"待遇享受期应在 {year} 年内"))
    start, end = enrol.collection_start.value, enrol.collection_end.value
    if start is not None and end is not None and start > end:
        problems.append(Problem(source, "enrolment.collection_end.value", "集中参保缴费期的结束日早于开始日"))
    first = enrol.benefit_start.value
    if end is not None and first is not None and end >= first:
        problems.append(Problem(source, "enrolment.collection_end.value", "集中参保缴费期应在待遇享受期开始之前结束"))
    return problems


def check_policy_text(text: str, source: str) -> tuple[PolicyYear | None, list[Problem]]:
    """Validate a policy document for a pack: the model, then template placeholders and dates.

    Returns the parsed year (None when the model itself refuses it) and every problem found.
    """
    try:
        policy = parse_policy_text(text, source)
    except PolicyLoadError as exc:
        return None, list(exc.problems)
    return policy, _unfilled_problems(policy, source) + _quote_problems(policy, source) + _consistency_problems(
        policy, source
    )


def check_policy_file(path: Path) -> tuple[PolicyYear | None, list[Problem]]:
    try:
        raw = read_capped(Path(path), MAX_DOCUMENT_BYTES, "政策数据文件")
    except PackError as exc:
        return None, [Problem(str(path), "", exc.reason)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(str(path), "", "文件不是 UTF-8 编码")]
    return check_policy_text(text, str(path))

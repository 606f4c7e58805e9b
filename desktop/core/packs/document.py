"""Checking a policy-year document before it becomes a pack: the model, then what a single
figure cannot check (template placeholders still in it, dates outside the year)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.packs.limits import MAX_DOCUMENT_BYTES, PackError, read_capped
from desktop.core.policy import messages
from desktop.core.policy.loader import PolicyLoadError, Problem, parse_policy_text

if TYPE_CHECKING:  # pydantic and the models are imported where a document is checked
    from desktop.core.policy.model import Figure, PolicyYear

#: a template figure still waiting for the officer; ``check`` refuses it until it is rewritten
PLACEHOLDER_MARK = "待核对"
PLACEHOLDER_REASON = "待核对:沿用上年,发布新通知后请改为原文数值"
UNFILLED_MARK = "待填写"
#: what is left of PLACEHOLDER_REASON when only the mark is deleted by search-and-replace
PLACEHOLDER_REST = PLACEHOLDER_REASON.split(":", 1)[1]
#: a figure of a template-made document the officer has not confirmed (or changed after confirming)
NOT_CONFIRMED = "这个数值还没有在“制作政策包”窗口中核对确认(确认后又改动的,需要重新确认)"


def figure_fingerprint(fig: Figure[Any]) -> str:
    """A short hash of one figure exactly as written (value, status, clause, reason ...): what a
    confirmation is given for; changing anything in the figure afterwards voids it."""
    data = json.dumps(fig.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _unfilled_problems(policy: PolicyYear, source: str) -> list[Problem]:
    """Template placeholders still in a document: every one must be checked before a pack is built."""
    from desktop.core.policy.model import iter_figures

    problems: list[Problem] = []
    for i, notice in enumerate(policy.notices):
        for name in ("file", "title", "short", "issuer"):
            if UNFILLED_MARK in getattr(notice, name):
                problems.append(Problem(source, f"notices[{i}].{name}", "模板占位内容,请填写新通知的信息"))
    for path, fig in iter_figures(policy):
        if fig.reason and (fig.reason.startswith(PLACEHOLDER_MARK) or PLACEHOLDER_REST in fig.reason):
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
        Problem(source, f"{path}.quote", messages.message("figure.quote_missing"), "figure.quote_missing")
        for path, fig in iter_figures(policy)
        if fig.status == "official" and not fig.quote and (fig.notice or policy.notice_id) == policy.notice_id
    ]


def _confirmation_problems(policy: PolicyYear, source: str, flagged: set[str]) -> list[Problem]:
    """A document made from a template carries the officer's confirmation of every figure; a figure
    missing from it, or changed after it was confirmed, is refused (``flagged``: paths already
    reported as placeholders, not reported twice)."""
    from desktop.core.policy.model import iter_figures

    record = policy.confirmation
    if record is None:
        return []
    return [
        Problem(source, path, NOT_CONFIRMED)
        for path, fig in iter_figures(policy)
        if path not in flagged and record.figures.get(path) != figure_fingerprint(fig)
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
    """THE validation of a policy document (pack check, build, install, the pack editor): the model,
    then template placeholders and dates, then ``desktop.core.policy.checks.document_problems``
    (figures a calculation needs left empty, the sums the notices state, readings quoting numbers
    no longer in the data, plausibility bounds).

    Returns the parsed year (None when the model itself refuses it) and every problem found.
    """
    try:
        policy = parse_policy_text(text, source)
    except PolicyLoadError as exc:
        return None, list(exc.problems)
    from desktop.core.policy.checks import document_problems

    unfilled = _unfilled_problems(policy, source)
    confirmation = _confirmation_problems(policy, source, {p.field for p in unfilled})
    semantic = [Problem(source, where, message) for where, message in document_problems(policy)]
    return (
        policy,
        unfilled + confirmation + _quote_problems(policy, source) + _consistency_problems(policy, source) + semantic,
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

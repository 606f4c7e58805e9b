"""The document checks' messages that a window words in its own way, by code.

A check raises or records its problem with a code and the facts it names; the message here is the
one ``pack check``, the command line and a broken-file report show (it names the document's
fields: status, reason …). The 制作政策包 window chooses its own wording from the same code
(desktop/core/packs/draft.py, ``WINDOW_WORDS``), never by rewriting this text.
"""

from __future__ import annotations

from typing import Any

#: code -> the document's wording ({name}: a fact the check gives with the code)
MESSAGES: dict[str, str] = {
    "figure.not_stated_has_value": "状态为 not_stated(通知未规定)的数值必须为空(null)",
    "figure.value_missing": "数值不能为空;通知未规定的数值请把 status 设为 not_stated 并说明 reason",
    "figure.reason_missing": "状态为 {status} 的数值必须写明 reason(依据或解读)",
    "figure.carried_from_missing": "沿用上年的数值(carried_over)必须写明 carried_from(沿用自哪一年度)",
    "figure.outside_source_missing": "外部依据的数值(outside_fact)必须写明 outside_source(文件名称和文号)",
    "figure.quote_missing": "通知原文的数值须写明 quote:通知里含这个数值的原句,一字不差",
    "reading.unfounded": "解读须写明它所读的通知原文(quotes),或说明通知没有写什么(note)",
}


def coded_error(code: str, **facts: str) -> Exception:
    """The validation error a model check raises: pydantic reports it with ``code`` as its type
    and ``facts`` as its context, its message the document's wording."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(code, MESSAGES[code], facts)


def message(code: str, facts: dict[str, Any] | None = None) -> str:
    """The document's wording of ``code``."""
    return MESSAGES[code].format(**(facts or {}))

"""The message line under the household table: wrong ID numbers, the selected member, open suggestions.

Every open category suggestion stays in sight with what taking it would change, not only the
selected row's: a likely 老年居民 left at 非从业居民 pays more than he may need to.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from desktop.core.policy.frozen import PolicyYear
from desktop.core.policy.kinds import Category
from desktop.core.policy.names import category_label
from desktop.core.slips.quote import price_compare as slip_price_compare
from desktop.ui.tabs.quote.household_model import HouseholdModel, HouseholdRow

ERROR_STYLE = "color: #a4000f;"
SUGGESTION_STYLE = "color: #8a4b00;"


def tr(text: str) -> str:
    return QCoreApplication.translate("QuoteTab", text)


def price_compare(policy: PolicyYear, row: HouseholdRow, category: Category) -> str:
    """“现按“非从业居民”880.00 元计算,“老年居民”为 730.00 元”."""
    return slip_price_compare(policy, row.category, row.district, category)


def live_id_html(text: str, is_error: bool) -> str:
    """What the ID editor says while the clerk types (a wrong number in red)."""
    body = html.escape(text)
    return f'<span style="{ERROR_STYLE}">⚠ {body}</span>' if is_error else body


def message_html(policy: PolicyYear, model: HouseholdModel, current: int) -> str:
    """The lines for the household as it stands, ``current`` being the selected row (-1: none)."""
    lines: list[str] = []
    for r, msg in model.problems():
        text = html.escape(tr("第 {n} 行身份证号:{msg}").format(n=r + 1, msg=msg))
        lines.append(f'<span style="{ERROR_STYLE}">⚠ {text}</span>')
    if 0 <= current < len(model.rows):
        row = model.row(current)
        if row.id_info is not None and model.pending(row) is None:
            line = tr("第 {n} 行:{summary}").format(n=current + 1, summary=model.id_summary(row))
            lines.append(html.escape(line))
    for i, row in enumerate(model.rows):
        pending = model.pending(row)
        if pending is None and not row.category_chosen:
            text = tr("第 {n} 行:参保类别尚未选择,暂按“{cat}”计算;请选择参保类别,或填身份证号得到建议").format(
                n=i + 1, cat=category_label(policy, row.category)
            )
            lines.append(f'<span style="{SUGGESTION_STYLE}">⚠ {html.escape(text)}</span>')
        if pending is None:
            continue
        text = tr("第 {n} 行:{reason}").format(n=i + 1, reason=pending.reason)
        if pending.category is not None:
            text += tr("。{price};按 Alt+J 采纳").format(price=price_compare(policy, row, pending.category))
        lines.append(f'<span style="{SUGGESTION_STYLE}">⚠ {html.escape(text)}</span>')
    return "<br>".join(lines)

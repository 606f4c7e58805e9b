"""No date or number is formatted through strftime or a format spec holding non-ASCII text.

CPython 3.11 on Windows hands such a format to the C runtime's strftime encoded in the ANSI code
page: on an English Windows (cp1252) ``f"{d:%Y年%m月}"`` raises ``UnicodeEncodeError: 'locale'
codec can't encode character`` and the window never opens (found under Wine, issue 11). The
parts are formatted one by one instead (desktop/core/dates.py). This walks the source of
everything the executable ships, so a new such format fails here, not at an English counter.
"""

from __future__ import annotations

import ast
import datetime as dt
import string
from pathlib import Path

from desktop.core.dates import cn_date, cn_month

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def _non_ascii(text: str) -> bool:
    return any(ord(ch) > 127 for ch in text)


def _spec_text(spec: ast.expr) -> str:
    """The literal part of an f-string's format spec (a JoinedStr of constants and fields)."""
    if isinstance(spec, ast.JoinedStr):
        return "".join(v.value for v in spec.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return ""


def _template_specs(text: str) -> list[str]:
    """Format specs of the replacement fields in a str.format template; [] if it is none."""
    try:
        return [spec for _lit, field, spec, _conv in string.Formatter().parse(text) if field is not None and spec]
    except ValueError:  # unbalanced braces: not a template
        return []


def locale_formats(source: str, filename: str = "<src>") -> list[str]:
    """Every place in the source that formats through a non-ASCII strftime format or format spec."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        where = f"{filename}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = _spec_text(node.format_spec)
            if _non_ascii(spec):
                found.append(f"{where}: f-string format spec {spec!r}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            literals = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name == "strftime" and any(_non_ascii(t) for t in literals):
                found.append(f"{where}: strftime({literals!r})")
            spec_arg = node.args[1] if len(node.args) >= 2 else None
            if name == "format" and isinstance(func, ast.Name) and isinstance(spec_arg, ast.Constant):
                # builtin format(value, spec)
                if _non_ascii(str(spec_arg.value)):
                    found.append(f"{where}: format(..., {spec_arg.value!r})")
        for text in _templates(node):
            for spec in _template_specs(text):
                if _non_ascii(spec):
                    found.append(f"{where}: template format spec {spec!r}")
    return found


def _templates(node: ast.AST) -> list[str]:
    """Strings that may be str.format templates: "...".format(), tr("...").format(), T = "..."."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        receiver = node.func.value
        candidates = [receiver] + (list(receiver.args) if isinstance(receiver, ast.Call) else [])
    elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        candidates = [node.value]
    else:
        return []
    return [c.value for c in candidates if isinstance(c, ast.Constant) and isinstance(c.value, str)]


def test_scanner_finds_each_form() -> None:
    """The scanner itself: each way of writing such a format is caught, the safe ways are not."""
    bad = {
        "fstring": 'x = f"{d:%Y年%m月}"',
        "fstring nested": 'x = f"{d:{w}%Y年}"',
        "strftime": 'x = d.strftime("%Y年%m月%d日")',
        "time.strftime": 'import time\nx = time.strftime("%H时")',
        "builtin format": 'x = format(d, "%Y年")',
        "str.format": 'x = "{0:%Y年}".format(d)',
        "translated template": 'x = self.tr("自 {d:%m月%d日} 起").format(d=d)',
        "kept template": 'T = "自 {d:%m月%d日} 起"\nx = T.format(d=d)',
    }
    for label, source in bad.items():
        assert locale_formats(source), f"not caught: {label}"
    good = [
        'x = f"{d.year}年{d.month:02d}月"',
        'x = d.strftime("%Y-%m-%d")',
        'x = f"{d:%Y-%m-%d} 起享受待遇"',
        'x = "自 {d} 起".format(d=d)',
        'x = "{不是模板"',
        '"""A docstring may show the bad way: {d:%Y年%m月}."""',
        'x = format(n, ".2f") + "元"',
    ]
    for source in good:
        assert locale_formats(source) == [], source


def test_desktop_formats_no_date_or_number_through_non_ascii_specs() -> None:
    files = sorted(DESKTOP.rglob("*.py"))
    assert len(files) > 20, "desktop/ sources not found"
    problems = [p for path in files for p in locale_formats(path.read_text(encoding="utf-8"), str(path))]
    assert problems == [], "format the parts (desktop/core/dates.py) instead of:\n" + "\n".join(problems)


def test_chinese_dates_from_the_numbers() -> None:
    # written out by hand: 2 March 2025 and 1 November 2023 with two-digit month and day
    assert cn_date(dt.date(2025, 3, 2)) == "2025年03月02日"
    assert cn_month(dt.date(2023, 11, 1)) == "2023年11月"
    assert cn_date(dt.date(2024, 12, 31)) == "2024年12月31日"
    assert cn_date(None) == "(通知未写明)"

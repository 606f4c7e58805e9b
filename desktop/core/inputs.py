"""Strict input types and the one reading of an amount typed as text.

JSON from the CLI, the window's fields and imported rosters all pass through here, so
``"1_2000"``, ``"٣٠٠٠"``, ``".5"``, ``"1e3"``, ``"NaN"`` and ``"Infinity"`` get the same answer
everywhere:

* text is NFKC-normalised first, so full-width digits typed by a Chinese input method
  (``１２３``) are the ASCII digits they look like;
* an amount is then ASCII digits only, at most 10 before the point and 2 after, optionally
  grouped by thousands with commas (``1,234.50``), optionally with ``¥`` in front or ``元``
  behind; anything else (other scripts' digits, exponents, underscores, a bare ``.5``, NaN,
  Infinity, signs) is refused with a Chinese message saying what to type instead. Digits of
  other scripts are refused rather than converted: no clerk types them, and a text that holds
  them came from somewhere other than the counter.

Dates are ``YYYY-MM-DD`` text (or a date object in-process), never a number; a date that does
not exist says so. Integers and booleans are strict: ``true`` is not 1, ``0`` is not false.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from desktop.core.policy.kinds import HospitalLevel

#: the largest amount accepted anywhere (12 digits, two of them after the point)
MAX_MONEY = Decimal("9999999999.99")
_PLAIN = re.compile(r"[0-9]{1,10}(?:\.[0-9]{1,2})?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DIGITS_ANY_SCRIPT = re.compile(r"\d")
_EXAMPLE = "请输入数字金额,例如 12000 或 1,234.50"


class AmountError(ValueError):
    """An amount that cannot be read; ``message`` is Chinese and says what to type."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def nfkc(text: str) -> str:
    """Full-width letters and digits, ideographic spaces and the like as their plain forms."""
    return unicodedata.normalize("NFKC", text)


def parse_amount(text: str) -> Decimal | None:
    """The amount in ``text`` to the fen, or None when it is empty; AmountError says what is wrong."""
    cleaned = nfkc(text).strip().replace("。", ".")
    cleaned = cleaned.removeprefix("人民币").removeprefix("¥").removesuffix("元").strip()
    if not cleaned:
        return None
    if cleaned[0] in "-−":
        raise AmountError("金额不能为负数")
    if " " in cleaned:
        cleaned = cleaned.replace(" ", ",") if _GROUPED.fullmatch(cleaned.replace(" ", ",")) else cleaned
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise AmountError("千位分隔的逗号位置不对;" + _EXAMPLE)
        cleaned = cleaned.replace(",", "")
    if _PLAIN.fullmatch(cleaned):
        value = Decimal(cleaned)
        if value > MAX_MONEY:
            raise AmountError("金额过大,请检查是否多输了数字")
        return value.quantize(Decimal("0.01"))
    if re.fullmatch(r"[0-9]+\.[0-9]{3,}", cleaned):
        raise AmountError("金额最多两位小数(到分)")
    if re.fullmatch(r"[0-9]{11,}(?:\.[0-9]*)?", cleaned):
        raise AmountError("金额过大,请检查是否多输了数字")
    if re.fullmatch(r"\.[0-9]+", cleaned):
        raise AmountError("小数点前请写 0,例如 0.50")
    if any(ch.isdigit() and not "0" <= ch <= "9" for ch in cleaned) or (
        _DIGITS_ANY_SCRIPT.search(cleaned) and not re.search(r"[0-9]", cleaned)
    ):
        raise AmountError("请用阿拉伯数字 0-9 输入金额")
    raise AmountError(_EXAMPLE)


def _amount(value: Any) -> Any:
    """JSON numbers (int, or Decimal from the bounded reader) as they are; text read as above."""
    if isinstance(value, bool):
        raise ValueError("应为金额数字,不能写 true/false")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("应为具体的金额数字")
        if abs(value) > MAX_MONEY:
            raise ValueError("金额过大,请检查是否多输了数字")
        if value != value.quantize(Decimal("0.01")):
            raise ValueError("金额最多两位小数(到分)")
        # JSON's -0.0 is zero: without this it is printed as "-0.00" in every layer and step
        return value.copy_abs() if value.is_zero() else value
    if isinstance(value, str):
        try:
            amount = parse_amount(value)
        except AmountError as exc:
            raise ValueError(exc.message) from None
        if amount is None:
            raise ValueError("金额不能为空")
        return amount
    raise ValueError('应为金额数字,例如 12000 或 "1234.50"')


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError('日期应写成带引号的文字 "YYYY-MM-DD",例如 "2025-03-01",不能写成数字或 true/false')
    return parse_date(value)


def parse_date(value: str) -> dt.date:
    """A date written YYYY-MM-DD (full-width digits too); ValueError says, in Chinese, whether the
    form is wrong or the day does not exist."""
    text = nfkc(value).strip()
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
    if match is None:
        raise ValueError("日期应写成 YYYY-MM-DD,例如 2025-03-01")
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"日期 {text} 不存在:月份应为 01 到 12")
    if year < 1 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        last = calendar.monthrange(max(year, 1), month)[1]
        raise ValueError(f"日期 {text} 不存在:{year}年{month}月只有 {last} 天")
    return dt.date(year, month, day)


def _level(value: Any) -> Any:
    # pydantic's Literal[1, 2, 3] takes True and 1.0 as 1, even in strict mode
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("医院等级应写数字 1、2 或 3(不带引号)")
    return value


def _field_types() -> dict[str, Any]:
    from pydantic import BeforeValidator

    return {
        #: a date: "YYYY-MM-DD" text or a date object, never a number
        "InputDate": Annotated[dt.date, BeforeValidator(_date)],
        #: money: a JSON number or text read by :func:`parse_amount`, never a bool or a float
        "Amount": Annotated[Decimal, BeforeValidator(_amount)],
        #: a hospital level: the integer 1, 2 or 3, never true or 1.0
        "LevelInput": Annotated[HospitalLevel, BeforeValidator(_level)],
    }


if TYPE_CHECKING:
    from pydantic import BeforeValidator

    InputDate = Annotated[dt.date, BeforeValidator(_date)]
    Amount = Annotated[Decimal, BeforeValidator(_amount)]
    LevelInput = Annotated[HospitalLevel, BeforeValidator(_level)]
else:

    def __getattr__(name: str) -> Any:
        # the pydantic field types are made when a model first asks for them: the window's money
        # fields use parse_amount before the first paint, which must not import pydantic
        if name in ("InputDate", "Amount", "LevelInput"):
            types = _field_types()
            globals().update(types)
            return types[name]
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

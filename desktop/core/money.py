"""Money is Decimal end to end, rounded to the fen with ROUND_HALF_UP where a payment is fixed."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
FEN = Decimal("0.01")


def to_money(value: Decimal | int | str) -> Decimal:
    """Round a computed amount to the fen (0.01) with ROUND_HALF_UP."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str | None:
    """Money as a string with exactly two decimals, as the CLI and exports print it."""
    if value is None:
        return None
    return f"{to_money(value):.2f}"


def fmt_yuan(value: Decimal | None) -> str:
    """Money for people: thousands separators and the 元 unit; 未规定 where the notice gives none."""
    if value is None:
        return "通知未规定"
    return f"{to_money(value):,.2f} 元"


def fmt_rate(rate: Decimal) -> str:
    pct = (rate * 100).normalize()
    return f"{pct:f}%"


def fmt_points(cut: Decimal) -> str:
    """A cut of a rate in percentage points, as the notice writes it: 0.05 → 5个百分点 (never 5%)."""
    pct = (cut * 100).normalize()
    return f"{pct:f}个百分点"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]


def _four_digits(n: int) -> str:
    """Capitals for 0 < n < 10000, with interior zeros collapsed to one 零."""
    out: list[str] = []
    zero_pending = False
    for pos in range(3, -1, -1):
        d = (n // 10**pos) % 10
        if d == 0:
            if out:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[d] + _SMALL_UNITS[pos])
    return "".join(out)


def to_chinese_capital(value: Decimal) -> str:
    """Amount in Chinese financial capitals (大写): 730.50 → 柒佰叁拾元伍角, 730 → 柒佰叁拾元整."""
    amount = to_money(value)
    if amount < 0:
        return "负" + to_chinese_capital(-amount)
    fen_total = int(amount * 100)
    yuan, cents = divmod(fen_total, 100)
    jiao, fen = divmod(cents, 10)
    parts: list[str] = []
    if yuan == 0:
        head = ""
    else:
        groups = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        head_parts: list[str] = []
        zero_pending = False
        for idx in range(len(groups) - 1, -1, -1):
            g = groups[idx]
            if g == 0:
                zero_pending = bool(head_parts)
                continue
            if head_parts and (zero_pending or g < 1000):
                head_parts.append("零")
            zero_pending = False
            head_parts.append(_four_digits(g) + _BIG_UNITS[idx])
        head = "".join(head_parts) + "元"
    parts.append(head)
    if jiao == 0 and fen == 0:
        return (head or "零元") + "整"
    if jiao:
        parts.append(_DIGITS[jiao] + "角")
    elif yuan:
        parts.append("零")
    if fen:
        parts.append(_DIGITS[fen] + "分")
    return "".join(parts)

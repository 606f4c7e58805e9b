"""Is the selected policy year still the one for today? A plain-Chinese warning when it is not.

A clerk who keeps using last year's data after a new notice gives wrong premiums at the counter,
so the window shows this line all the time. Qt-free so the CLI and the policy-pack updater can
say the same thing.
"""

from __future__ import annotations

import datetime as dt

from desktop.core.policy.loader import PolicySet


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def staleness_message(policies: PolicySet, selected_year: int, today: dt.date) -> str | None:
    """None while ``selected_year`` is the year whose benefits run today, nothing newer is due and
    its data is confirmed (bundled, or a pack signed by a key this PC trusts).

    Data from an unsigned or untrusted pack puts 来源未确认的政策数据 first: the window's banner,
    every slip, the roster's export and register and the CLI's ``data_warning`` all show this line.
    """
    unconfirmed = source_message(policies, selected_year)
    stale = _stale(policies, selected_year, today)
    if unconfirmed and stale:
        return unconfirmed + stale
    return unconfirmed or stale


def source_message(policies: PolicySet, selected_year: int) -> str | None:
    """The 来源未确认的政策数据 line when the year's data comes from an unsigned or untrusted pack."""
    entry = policies.entry(selected_year)
    if entry.confirmed:
        return None
    from desktop.core.packs.signing import UNCONFIRMED

    who = f"由{entry.signer}签名,本机未信任该公钥" if entry.signer else "没有签名"
    return (
        f"{UNCONFIRMED}:{selected_year}年度数据({entry.policy.data_version})来自政策包,{who};"
        "以下数字仅供参考,请向医保经办机构核实。"
    )


def _stale(policies: PolicySet, selected_year: int, today: dt.date) -> str | None:
    policy = policies[selected_year]
    enr = policy.enrolment
    benefit_start, benefit_end = enr.benefit_start.value, enr.benefit_end.value
    if benefit_start is None or benefit_end is None:
        return None
    installed = policies.years
    newer_installed = [y for y in installed if y > selected_year]
    if today > benefit_end:
        current = policies.current_year_for(today)
        head = f"注意:{selected_year}年度待遇享受期已于{benefit_end:%Y-%m-%d}结束,今天属于{current}年度。"
        if current in installed:
            return head + f"本机已安装{current}年度政策数据,请在上方“政策年度”中切换到{current}年度。"
        newest = installed[-1]
        newer = f"本机最新的是{newest}年度数据," if newest != selected_year else ""
        return (
            head + f"{newer}没有安装{current}年度政策数据:以下是旧年度的数字,仅供参考,"
            f"不能当作{current}年度标准。请联系管理员更新政策数据。"
        )
    collection_start = enr.collection_start.value
    if collection_start is not None and today >= benefit_start:
        # The notices open the next year's collection period at the same time of year (1 October).
        next_collection = _shift_year(collection_start, 1)
        if today >= next_collection and not newer_installed:
            following = selected_year + 1
            return (
                f"提示:按往年惯例,{following}年度集中参保缴费期自{next_collection:%Y-%m-%d}前后开始;"
                f"本机没有安装{following}年度的政策数据。现在缴的若是{following}年度的保费,"
                f"以下{selected_year}年度的缴费标准可能不适用。"
            )
    return None

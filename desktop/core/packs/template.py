"""Next year's document written from a loaded year, every figure marked to be checked
(``pack template``), and a policy year as YAML."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop.core.packs.document import PLACEHOLDER_MARK, PLACEHOLDER_REASON, UNFILLED_MARK
from desktop.core.policy.frozen import PolicyYear as FrozenYear

if TYPE_CHECKING:  # pydantic, yaml and the models are imported where a template is made
    from desktop.core.policy.model import Figure, PolicyYear


def _shift_year(day: dt.date, years: int = 1) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _placeholder(fig: Figure[Any], source_year: int, source_notice: str) -> Figure[Any]:
    from desktop.core.policy.model import DateFig, DatesFig

    update: dict[str, Any] = {"notice": fig.notice or source_notice}
    if isinstance(fig, DateFig) and fig.value is not None:
        update["value"] = _shift_year(fig.value)
    elif isinstance(fig, DatesFig) and fig.value is not None:
        update["value"] = tuple(_shift_year(d) for d in fig.value)
    if fig.status == "official":
        update.update(status="carried_over", carried_from=source_year, reason=PLACEHOLDER_REASON)
    else:
        update["reason"] = f"{PLACEHOLDER_MARK}:{fig.reason}"
    return fig.model_copy(update=update)


def _transform(obj: Any, source_year: int, source_notice: str) -> Any:
    from pydantic import BaseModel

    from desktop.core.policy.model import Figure

    if isinstance(obj, Figure):
        return _placeholder(obj, source_year, source_notice)
    if isinstance(obj, BaseModel):
        update = {name: _transform(getattr(obj, name), source_year, source_notice) for name in type(obj).model_fields}
        return obj.model_copy(update=update)
    if isinstance(obj, dict):
        return {k: _transform(v, source_year, source_notice) for k, v in obj.items()}
    if isinstance(obj, tuple):
        return tuple(_transform(v, source_year, source_notice) for v in obj)
    return obj


def _plain(obj: Any) -> Any:
    """A model as YAML-ready data: Decimal as text (exact), optional empty fields left out."""
    from pydantic import BaseModel

    if isinstance(obj, BaseModel):
        out: dict[str, Any] = {}
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            if value is None and not info.is_required():
                continue
            out[name] = _plain(value)
        return out
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (tuple, list)):
        return [_plain(v) for v in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    return obj


TEMPLATE_HEADER = """\
# {year} 年度政策数据模板,由 {source} 年度({source_version})生成。
# 每个数值都标成了“{mark}”:对照新通知逐项核对——
#   有原文数值的:改成原文数值,status 改为 official,cite 写新通知的条款(只写条款,不写原文),
#     quote 改成新通知里的原句(一字不差,含这个数字;整句),删去 carried_from、reason、notice;
#   新通知确实没有重述、继续沿用的:保留 carried_over,把 reason 改成真实理由(去掉“{mark}”);
#   解读、外部依据:核对后去掉 reason 开头的“{mark}:”。
# quote 只能是通知原文;概括或理解写在 reason 里。readings 的 quotes 同样要换成新通知的原句。
# notices 里“{unfilled}”的新通知信息也要填写。日期已顺延一年,同样需要核对。
# districts(所在区(市))沿用上年名单:按新通知列出的区(市)核对,cite、quote 换成新通知的条款和原句,
#   status 改为 official,删去 notice;新增、改名或合并的区在这里改,分区不同的数值写在 *_by_district 下。
# 末尾的 confirmation 记录每个数值的核对确认,只能在程序的“工具 → 制作政策包…”窗口中逐项确认;
# 没有确认(或确认后又改动)的数值,pack check 不会通过。
# 检查:python -m desktop pack check 本文件    打包:python -m desktop pack build 本文件 -o 输出.czpack
"""


def make_template(loaded: PolicyYear | FrozenYear) -> str:
    """A new year's document derived from ``loaded``: every figure a placeholder that ``check`` refuses."""
    from desktop.core.policy.freeze import thaw
    from desktop.core.policy.model import Confirmation, Notice

    source = thaw(loaded) if isinstance(loaded, FrozenYear) else loaded
    year = source.policy_year + 1
    new_id = f"n{year}"
    body = _transform(source, source.policy_year, source.notice_id)
    # a reading's quotes without a notice are the source year's own notice's words: say so, since
    # the new document's own notice is the new one (the figures' quotes keep theirs the same way)
    readings = tuple(
        r.model_copy(
            update={"quotes": tuple(q.model_copy(update={"notice": q.notice or source.notice_id}) for q in r.quotes)}
        )
        for r in body.readings
    )
    # the districts are the year's data too: carried, and said to be carried, with the old
    # notice's words (not a placeholder that blocks the build: a year rarely changes them)
    districts = body.districts.model_copy(
        update={
            "status": "carried_over",
            "notice": body.districts.notice or source.notice_id,
            "reason": f"沿用{source.policy_year}年度通知的区(市)名单,请对照新通知核对。{body.districts.reason}",
        }
    )
    body = body.model_copy(update={"readings": readings, "districts": districts})
    placeholder_notice = Notice(
        id=new_id,
        file=f"{UNFILLED_MARK}:新通知文件",
        title=f"{UNFILLED_MARK}:{year}年度通告标题",
        short=f"{year}年度通告",
        issuer=f"{UNFILLED_MARK}:发文单位",
    )
    body = body.model_copy(
        update={
            "policy_year": year,
            "data_version": f"{year}.1",
            "notice_id": new_id,
            "notices": (placeholder_notice, *tuple(n for n in source.notices if n.id != new_id)),
            # every figure must be confirmed one by one (the pack editor records it); check refuses the rest
            "confirmation": Confirmation(base=source.data_version),
        }
    )
    header = TEMPLATE_HEADER.format(
        year=year,
        source=source.policy_year,
        source_version=source.data_version,
        mark=PLACEHOLDER_MARK,
        unfilled=UNFILLED_MARK,
    )
    return header + policy_to_yaml(body)


def policy_to_yaml(policy: PolicyYear) -> str:
    """A policy year as a YAML document that loads back to an equal year."""
    import yaml

    return yaml.safe_dump(_plain(policy), allow_unicode=True, sort_keys=False, width=120)

"""What 帮助 → 关于 says: the program's version, when this copy was built, and every loaded year's data
version and hash, so an IT contact or the policy officer can tell on the phone which build and which
data a counter runs."""

from __future__ import annotations

from pathlib import Path

from desktop import __version__
from desktop.core.jsonsafe import loads_limited
from desktop.core.policy.loader import PolicySet

#: a build-info file is a few dozen bytes; anything larger is not ours and is not read
BUILD_INFO_LIMIT = 4096

_ORIGIN = {"bundled": "内置", "pack": "政策包"}
_TRUST = {
    "bundled": "随程序发布",
    "trusted": "本机信任的签名",
    "untrusted": "来源未确认的政策数据(签名未受本机信任)",
    "unsigned": "来源未确认的政策数据(未签名)",
}


def read_build_info(path: Path) -> dict[str, str] | None:
    """The build's facts (``build_date``, ``version``) written by build.spec, or None when running from
    source, or when the file is missing, too large or not what build.spec writes."""
    try:
        if path.stat().st_size > BUILD_INFO_LIMIT:
            return None
        data = loads_limited(path.read_bytes(), max_bytes=BUILD_INFO_LIMIT)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return None
    return data


def about_lines(policies: PolicySet, build: dict[str, str] | None) -> list[str]:
    """The lines of the 关于 box, in Chinese; dates as ISO digits (no locale formats)."""
    lines = [f"程序版本:{__version__}"]
    if build and build.get("build_date"):
        lines.append(f"构建日期:{build['build_date']}")
    else:
        lines.append("构建日期:从源代码运行(未打包)")
    lines.append("已载入的政策数据:")
    for entry in policies.entries:
        p = entry.policy
        origin = _ORIGIN.get(entry.origin, entry.origin)
        trust = _TRUST.get(entry.trust, entry.trust)
        signer = f",签名:{entry.signer}" if entry.signer else ""
        lines.append(
            f"  {p.policy_year} 年度  数据版本 {p.data_version}  {origin}  校验值 {entry.short_hash}  {trust}{signer}"
        )
    return lines

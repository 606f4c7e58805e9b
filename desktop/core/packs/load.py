"""THE loading function every entry point answers from (:func:`load_all`): the bundled years
plus the enabled installed packs, and the catalogue of both that the window and ``pack list``
show."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desktop.core.packs.installed import InstalledPack, load_installed, scan_installed, version_key
from desktop.core.packs.limits import PackError
from desktop.core.packs.signing import signature_status, trust_lookup
from desktop.core.policy.frozen import PolicyYear as FrozenYear
from desktop.core.policy.loader import LoadedYear, PolicyLoadError, PolicySet, Problem, load_policies

if TYPE_CHECKING:
    from desktop.core.packs.packfile import Pack

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DataRow:
    """One line of the data catalogue the window and ``pack list`` show."""

    year: int
    data_version: str
    origin: Literal["bundled", "pack"]
    sha256: str
    enabled: bool
    active: bool
    problem: str | None = None
    notice_title: str = ""
    #: who vouches for the data: "bundled", "trusted", "untrusted" or "unsigned" (see LoadedYear.trust)
    trust: str = "bundled"
    #: the signing office and its short fingerprint, when the pack is signed
    signer_office: str = ""
    signer_fingerprint: str = ""

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]

    @property
    def signer(self) -> str:
        return f"{self.signer_office}(指纹 {self.signer_fingerprint})" if self.signer_fingerprint else ""

    @property
    def confirmed(self) -> bool:
        return self.trust in ("bundled", "trusted")

    @property
    def removable(self) -> bool:
        return self.origin == "pack"


@dataclass(frozen=True)
class LoadResult:
    """What :func:`load_all` found: the years that answer, what was skipped and why, the catalogue."""

    policies: PolicySet
    problems: tuple[Problem, ...] = ()
    rows: tuple[DataRow, ...] = field(default=())
    default_year: int = 0
    #: the years shipped with the program alone (the self-test's hand-worked cases are about these)
    bundled: PolicySet = field(default_factory=PolicySet)


def load_all(today: dt.date, base: Path | None = None, bundled_dirs: Iterable[Path] | None = None) -> LoadResult:
    """THE policy data every entry point answers from: bundled years plus enabled installed packs.

    The window, every CLI command (quote, simulate, roster, pack ...) and the self-test load
    through this one function, so no two of them can answer one question from different data.
    For each year the newest data version answers; a pack wins over a bundled year only with a
    newer version (an equal version is refused at install, and skipped here if found).

    A broken pack or a damaged packs folder is skipped and reported in ``problems``: start-up
    never fails because of them. A broken bundled year still raises PolicyLoadError, as
    :func:`load_policies` does: that is a build defect. ``default_year`` is the loaded year
    whose benefits run on ``today``, else the latest one before it. Each (year, version)
    appears once in ``rows``.
    """
    bundled = load_policies(bundled_dirs)
    bundled_versions = {e.policy.policy_year: (e.policy.data_version, e.sha256) for e in bundled.entries}
    candidates: dict[int, list[LoadedYear]] = {}
    for entry in bundled.entries:
        candidates.setdefault(entry.policy.policy_year, []).append(entry)
    scan = scan_installed(base)
    problems: list[Problem] = list(scan.problems)
    trust = trust_lookup(base) if scan.packs else {}
    pack_rows: list[tuple[InstalledPack, str | None]] = []
    for pack in scan.packs:
        clash = bundled_clash(pack.year, pack.data_version, pack.sha256, bundled_versions)
        if clash:
            # not a second row for one version: reported, with how to clear it
            problems.append(
                Problem(
                    str(pack.path), "", f"{clash}。这份安装未使用,可删除:pack remove {pack.year} {pack.data_version}"
                )
            )
            continue
        problem = pack.problem
        if pack.enabled and problem is None:
            try:
                loaded = load_installed(pack, trust)
            except PackError as exc:
                problem = str(exc)
            else:
                candidates.setdefault(pack.year, []).append(loaded)
        if problem is not None:
            problems.append(Problem(str(pack.path), "", f"政策包已跳过:{problem}"))
            log.warning("skipping installed pack %s", pack.path)
        pack_rows.append((pack, problem))

    chosen = [max(candidates[year], key=lambda e: version_key(e.policy.data_version)) for year in sorted(candidates)]
    policies = PolicySet(tuple(chosen))
    active = {(e.policy.policy_year, e.policy.data_version, e.origin) for e in chosen}

    rows: list[DataRow] = []
    for entry in bundled.entries:
        p = entry.policy
        is_active = (p.policy_year, p.data_version, "bundled") in active
        rows.append(
            DataRow(p.policy_year, p.data_version, "bundled", entry.sha256, True, is_active, None, _notice_title(p))
        )
    for pack, problem in pack_rows:
        status = signature_status(pack.signature, trust)
        rows.append(
            DataRow(
                pack.year,
                pack.data_version,
                "pack",
                pack.sha256,
                pack.enabled,
                pack.enabled and problem is None and (pack.year, pack.data_version, "pack") in active,
                problem,
                pack.manifest.notice.title if pack.manifest else "",
                status.state,
                status.office,
                status.fingerprint,
            )
        )
    rows.sort(key=lambda r: (r.year, version_key(r.data_version), r.origin))
    return LoadResult(policies, tuple(problems), tuple(rows), _default_year(policies, today), bundled)


def _notice_title(policy: FrozenYear) -> str:
    return next((n.title for n in policy.notices if n.id == policy.notice_id), "")


def _default_year(policies: PolicySet, today: dt.date) -> int:
    years = policies.years
    if not years:
        return 0
    current = policies.current_year_for(today)
    earlier = [y for y in years if y <= current]
    return earlier[-1] if earlier else years[0]


def baseline_for(pack: Pack, policies: PolicySet) -> LoadedYear | None:
    """What a pack is compared with before install: the same year if loaded (a correction), else the year before."""
    if pack.year in policies:
        return policies.entry(pack.year)
    earlier = [y for y in policies.years if y < pack.year]
    return policies.entry(earlier[-1]) if earlier else None


def bundled_versions() -> dict[int, tuple[str, str]]:
    """Each bundled year's data version and sha256."""
    try:
        bundled = load_policies()
    except PolicyLoadError:
        return {}
    return {e.policy.policy_year: (e.policy.data_version, e.sha256) for e in bundled.entries}


def bundled_clash(year: int, version: str, sha256: str, bundled: dict[int, tuple[str, str]]) -> str | None:
    """Why a pack of this year and version may not stand beside the bundled data, or None.

    One data version names one set of figures: a printed slip's version must say which.
    """
    if year not in bundled or bundled[year][0] != version:
        return None
    if bundled[year][1] == sha256:
        return f"{year} 年度 {version} 版本是随程序安装的内置数据,内容相同,无需安装"
    return (
        f"{year} 年度 {version} 版本是随程序安装的内置数据,这份数据内容不同却用了同一个版本号;"
        f"同一版本号只能对应一份数据,更正请使用新的版本号(如 {year}.{int(version.split('.')[1]) + 1})"
    )

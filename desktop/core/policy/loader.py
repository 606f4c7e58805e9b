"""Load every policy year once, validate everything, report every problem with file and field."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from desktop.core.errors import describe_validation_error
from desktop.core.policy.model import PolicyYear
from desktop.resources import policy_dir


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}" + (f" → {self.field}" if self.field else "")
        return f"{where}: {self.message}"


class PolicyLoadError(Exception):
    """One or more policy files are broken; ``problems`` names each file and field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadedYear:
    policy: PolicyYear
    path: Path
    sha256: str
    origin: str = "bundled"

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


@dataclass(frozen=True)
class PolicySet(Mapping[int, PolicyYear]):
    """The loaded policy years, immutable, keyed by policy year."""

    entries: tuple[LoadedYear, ...] = field(default=())

    def __getitem__(self, year: int) -> PolicyYear:
        return self.entry(year).policy

    def entry(self, year: int) -> LoadedYear:
        for e in self.entries:
            if e.policy.policy_year == year:
                return e
        raise KeyError(year)

    def __iter__(self) -> Iterator[int]:
        return iter(self.years)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(e.policy.policy_year for e in self.entries))

    def latest(self) -> PolicyYear:
        return self[self.years[-1]]

    def current_year_for(self, today: dt.date) -> int:
        """The policy year whose benefits run on ``today``, whether or not it is loaded."""
        return today.year


def _yaml_problem(path: Path, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
    return Problem(str(path), "", f"YAML 格式错误{(':' + where) if where else ''},文件可能被截断或手工改坏")


#: libyaml's safe loader when PyYAML was built with it (same types, about ten times faster)
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_policy_text(text: str, source: str) -> PolicyYear:
    """Validate one policy document given as YAML text; raise PolicyLoadError naming ``source``."""
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader, libyaml's when present
    except yaml.YAMLError as exc:
        raise PolicyLoadError([_yaml_problem(Path(source), exc)]) from None
    if not isinstance(data, dict):
        raise PolicyLoadError([Problem(source, "", "文件内容应为一个键值表(政策年度文档),实际为空或格式不对")])
    try:
        return PolicyYear.model_validate(data)
    except ValidationError as exc:
        raise PolicyLoadError(
            [Problem(source, e["field"], e["message"]) for e in describe_validation_error(exc)]
        ) from None


def load_policy_file(path: Path, origin: str = "bundled") -> LoadedYear:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PolicyLoadError([Problem(str(path), "", f"无法读取文件:{exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyLoadError([Problem(str(path), "", "文件不是 UTF-8 编码")]) from None
    policy = parse_policy_text(text, str(path))
    return LoadedYear(policy, path, hashlib.sha256(raw).hexdigest(), origin)


def load_policies(directories: Iterable[Path] | None = None) -> PolicySet:
    """Load every ``*.yaml`` policy year; collect all problems before failing."""
    dirs = list(directories) if directories is not None else [policy_dir()]
    problems: list[Problem] = []
    loaded: dict[int, LoadedYear] = {}
    for directory in dirs:
        for path in sorted(directory.glob("*.yaml")):
            try:
                entry = load_policy_file(path)
            except PolicyLoadError as exc:
                problems.extend(exc.problems)
                continue
            year = entry.policy.policy_year
            if year in loaded:
                problems.append(Problem(str(path), "policy_year", f"{year} 年度已由 {loaded[year].path.name} 提供"))
                continue
            loaded[year] = entry
    if problems:
        raise PolicyLoadError(problems)
    if not loaded:
        raise PolicyLoadError([Problem(", ".join(str(d) for d in dirs), "", "没有找到任何政策年度文件(*.yaml)")])
    return PolicySet(tuple(loaded[y] for y in sorted(loaded)))

"""Load every policy year once, validate everything, report every problem with file and field.

A year is validated by the pydantic models (``model/``) once: the bundled years when the
executable is built, a pack when it is installed, a document from source the first time it is
seen. What the window and the calculations get is the year in its pre-validated form
(``frozen.py``), read from a snapshot (``snapshot.py``) kept next to the document (the bundle) or
in the cache, keyed by the document's sha256. The start of the window therefore imports neither
pydantic nor yaml when the snapshots are there; they are imported only when something has to be
validated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.app_info import APP_ID
from desktop.core.policy import snapshot
from desktop.core.policy.frozen import PolicyYear
from desktop.resources import policy_dir

if TYPE_CHECKING:
    from pydantic import ValidationError

    from desktop.core.policy import model

log = logging.getLogger(__name__)

#: where snapshots of documents without one beside them are kept (from source); tests set it
CACHE_ENV = "CZDESK_CACHE_DIR"
CACHE_APP_NAME = APP_ID


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str
    #: for a check of desktop/core/policy/messages.py: its code and the facts it names (pairs), from
    #: which a window words the problem its own way; empty for any other problem
    code: str = dataclass_field(default="", compare=False, repr=False)
    facts: tuple[tuple[str, str], ...] = dataclass_field(default=(), compare=False, repr=False)

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
    #: who vouches for the data (core/packs/signing.py): "bundled" (shipped with the program),
    #: "trusted" (a pack signed by a key this PC trusts), "untrusted" (signed, key not trusted)
    #: or "unsigned"; the last two make every screen, slip and export say 来源未确认的政策数据
    trust: str = "bundled"
    #: the signing office and its short fingerprint, when the pack is signed
    signer: str = ""

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]

    @property
    def confirmed(self) -> bool:
        """The data comes from the program itself or from an office this PC trusts."""
        return self.trust in ("bundled", "trusted")


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


def _yaml_problem(path: Path, exc: Any) -> Problem:
    import yaml

    mark = getattr(exc, "problem_mark", None)
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
    at = f"({where})" if where else ""
    if isinstance(exc, yaml.constructor.ConstructorError):
        # e.g. !!python/object: the file was not written as plain data, it is not a truncation
        return Problem(str(path), "", f"YAML 中有不允许的标签{at},政策数据只能是普通的文字、数字、列表和键值表")
    return Problem(str(path), "", f"YAML 格式错误{at},文件可能被截断或手工改坏")


#: real documents nest about 8 deep; libyaml's composer recurses in C, so a document nested
#: thousands deep would overflow the C stack and kill the process (not a Python exception)
MAX_YAML_DEPTH = 50


_FLOW_MARKS = re.compile(r"[\[\]{}\n]|(?:^|(?<=\s))#", re.MULTILINE)


def _flow_too_deep(text: str) -> bool:
    """Whether ``[``/``{`` nest deeper than MAX_YAML_DEPTH, on the text itself.

    libyaml's scanner looks ahead over a whole flow collection before the parser yields its
    first event, so a line of 100,000 ``[`` is caught here, before libyaml sees it. Brackets in
    quoted or plain text count too (a real document never has 50 unclosed ones); comments not.
    """
    depth = 0
    comment = False
    for match in _FLOW_MARKS.finditer(text):
        ch = match.group()
        if comment:
            comment = ch != "\n"
        elif ch == "#":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return True
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return False


def _too_deep(text: str, loader: Any) -> bool:
    """Whether the document nests deeper than MAX_YAML_DEPTH, found from parser events (not recursive)."""
    import yaml

    if _flow_too_deep(text):
        return True
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return True
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return False


def validation_problems(exc: ValidationError, source: str) -> list[Problem]:
    """A policy document's validation errors as problems naming ``source`` and the field; a
    check of desktop/core/policy/messages.py keeps its code and facts."""
    from desktop.core.errors import validation_entries
    from desktop.core.policy.messages import MESSAGES

    problems = []
    for path, message, error in validation_entries(exc):
        code = error["type"] if error["type"] in MESSAGES else ""
        facts = tuple((k, str(v)) for k, v in (error.get("ctx") or {}).items()) if code else ()
        problems.append(Problem(source, path, message, code, facts))
    return problems


def parse_policy_text(text: str, source: str) -> model.PolicyYear:
    """Validate one policy document given as YAML text; raise PolicyLoadError naming ``source``."""
    import yaml
    from pydantic import ValidationError

    from desktop.core.policy.model import PolicyYear as ModelYear

    # libyaml's safe loader when PyYAML was built with it (same types, about ten times faster)
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if _too_deep(text, loader):
            raise PolicyLoadError([Problem(source, "", f"YAML 嵌套超过 {MAX_YAML_DEPTH} 层,不是正常的政策数据文件")])
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, libyaml's when present
    except yaml.YAMLError as exc:
        raise PolicyLoadError([_yaml_problem(Path(source), exc)]) from None
    except RecursionError:  # the pure-Python loader, where libyaml is missing
        raise PolicyLoadError([Problem(source, "", "YAML 嵌套过深,不是正常的政策数据文件")]) from None
    if not isinstance(data, dict):
        raise PolicyLoadError([Problem(source, "", "文件内容应为一个键值表(政策年度文档),实际为空或格式不对")])
    try:
        return ModelYear.model_validate(data)
    except ValidationError as exc:
        raise PolicyLoadError(validation_problems(exc, source)) from None


def validate_document(raw: bytes, source: str) -> PolicyYear:
    """Validate a document's bytes with the models and return it in the pre-validated form."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyLoadError([Problem(source, "", "文件不是 UTF-8 编码")]) from None
    from desktop.core.policy.checks import document_problems
    from desktop.core.policy.freeze import freeze

    parsed = parse_policy_text(text, source)
    # what the model cannot see (a needed figure left empty, sums, bounds): refused here too, so
    # no document that `pack check` refuses answers a question, however it reached the program
    problems = document_problems(parsed)
    if problems:
        raise PolicyLoadError([Problem(source, where, message) for where, message in problems])
    frozen_year: PolicyYear = freeze(parsed)
    return frozen_year


def write_bundled_snapshots(source: Path, dest: Path) -> list[Path]:
    """Validate every bundled year in ``source`` and write its snapshot into ``dest`` (build time).

    Raises PolicyLoadError naming every file and field when a year does not validate: a broken
    year fails the build, not the first start at a counter.
    """
    problems = []
    written = []
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.yaml")):
        raw = path.read_bytes()
        try:
            year = validate_document(raw, str(path))
        except PolicyLoadError as exc:
            problems.extend(exc.problems)
            continue
        target = dest / snapshot_path(path).name
        write_snapshot(target, year, hashlib.sha256(raw).hexdigest())
        written.append(target)
    if problems:
        raise PolicyLoadError(problems)
    return written


def cache_dir() -> Path:
    from desktop.core import userdirs

    return userdirs.cache_dir()


def snapshot_path(path: Path) -> Path:
    """The snapshot the build puts beside a bundled document (``2025.yaml`` -> ``2025.snapshot``)."""
    return path.with_suffix(snapshot.SUFFIX)


def _cached_path(sha256: str) -> Path:
    return cache_dir() / "policy" / f"{sha256}{snapshot.SUFFIX}"


def _read_snapshot(candidate: Path, sha256: str) -> PolicyYear | None:
    try:
        data = candidate.read_bytes()
    except OSError:
        return None
    try:
        return snapshot.loads(data, sha256)
    except (snapshot.SnapshotMismatch, snapshot.SnapshotDamaged) as exc:
        # the document is the authority: it is validated again, and the cache rewritten
        log.warning("policy snapshot %s not used (%s)", candidate, exc)
        return None


def write_snapshot(target: Path, policy: PolicyYear, sha256: str) -> None:
    """Write a snapshot atomically (desktop.core.atomic: temporary file beside it, fsync, rename)."""
    from desktop.core.atomic import atomic_write_bytes

    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, snapshot.dumps(policy, sha256))


def load_policy_file(path: Path, origin: str = "bundled") -> LoadedYear:
    """One document, from its snapshot when there is one that matches it, else validated (and cached)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        from desktop.core.errors import os_reason  # here: the window starts without pydantic

        raise PolicyLoadError([Problem(str(path), "", f"无法读取文件:{os_reason(exc)}")]) from None
    sha256 = hashlib.sha256(raw).hexdigest()
    for candidate in (snapshot_path(path), _cached_path(sha256)):
        policy = _read_snapshot(candidate, sha256)
        if policy is not None:
            return LoadedYear(policy, path, sha256, origin)
    policy = validate_document(raw, str(path))
    try:
        write_snapshot(_cached_path(sha256), policy, sha256)
    except OSError as exc:  # a read-only profile: validated again next time, nothing worse
        log.warning("policy snapshot not cached: %s", exc)
    return LoadedYear(policy, path, sha256, origin)


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

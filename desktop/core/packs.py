"""Policy packs: add or correct a policy year from a file, without reinstalling the program.

A pack (``*.czpack``) is a zip holding ``manifest.json`` (year, data version, issuing notice,
creation time and the sha256 of the document) and ``policy.yaml`` (one policy-year document,
validated exactly like the bundled years). Counter PCs are offline, so packs arrive on USB
sticks: a pack is read completely and checked before anything is written, installs are atomic
(a temporary folder beside the target, fsync, then one ``os.replace``), and a broken installed
pack is reported and skipped so the program still starts with the data it can trust.

Installed packs live in ``<data dir>/packs/<year>/<data_version>/``; the data dir is
``platformdirs.user_data_dir("changzhou-insurance-desk")``, or ``$CZDESK_DATA_DIR`` when set
(tests, portable installs). The bundled years under ``policy_data/`` are never written to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import platformdirs

from desktop.core.atomic import atomic_write_bytes, fsync_dir
from desktop.core.errors import os_reason
from desktop.core.policy import snapshot
from desktop.core.policy.frozen import PolicyYear as FrozenYear
from desktop.core.policy.loader import (
    LoadedYear,
    PolicyLoadError,
    PolicySet,
    Problem,
    load_policies,
    parse_policy_text,
)

if TYPE_CHECKING:  # pydantic, yaml and the models are imported where a pack is read, built or checked
    from desktop.core.pack_manifest import Manifest
    from desktop.core.policy.model import Figure, PolicyYear

log = logging.getLogger(__name__)

APP_NAME = "changzhou-insurance-desk"
DATA_DIR_ENV = "CZDESK_DATA_DIR"
PACK_SUFFIX = ".czpack"
MANIFEST_NAME = "manifest.json"
POLICY_NAME = "policy.yaml"
STATE_NAME = "state.json"

#: a template figure still waiting for the officer; ``check`` refuses it until it is rewritten
PLACEHOLDER_MARK = "待核对"
PLACEHOLDER_REASON = "待核对:沿用上年,发布新通知后请改为原文数值"
UNFILLED_MARK = "待填写"

#: the largest policy document a pack may hold; real ones are ~40 KB, this stops a zip bomb
MAX_DOCUMENT_BYTES = 5_000_000

TAMPERED = "校验值不符,文件可能被篡改或未写完整"
BROKEN_ZIP = "不是有效的政策包,或文件没有复制完整(压缩包结构损坏)"
BUNDLED_REFUSED = "{year} 年度({version})是随程序安装的内置数据,不能停用或删除"

VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$"  # as desktop.core.pack_manifest
#: the pre-validated form of an installed pack's policy.yaml, written at install (policy/snapshot.py)
STORED_NAME = "policy.snapshot"


class PackError(Exception):
    """A pack cannot be read, built or installed; ``reason`` says why in Chinese."""

    def __init__(self, reason: str, problems: Iterable[Problem] = ()):
        self.reason = reason
        self.problems = list(problems)
        lines = [reason, *(f"  {p.field or '(整个文件)'}: {p.message}" for p in self.problems)]
        super().__init__("\n".join(lines))


# ---------------------------------------------------------------- manifest


@dataclass(frozen=True)
class StoredNotice:
    title: str
    issuer: str
    issued: dt.date | None


@dataclass(frozen=True)
class StoredManifest:
    """An installed pack's manifest.json as the start reads it: validated when the pack was
    installed, so here only its shape is checked (no pydantic before the first paint)."""

    schema_version: int
    policy_year: int
    data_version: str
    notice: StoredNotice
    created: str
    sha256: str


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _stored_manifest(raw: bytes) -> StoredManifest | None:
    """The manifest if it has the shape install wrote; None sends it through the full validation."""
    try:
        data = json.loads(raw.decode("utf-8"))
        notice = data["notice"]
        issued = notice.get("issued")
        stored = StoredManifest(
            data["schema_version"],
            data["policy_year"],
            data["data_version"],
            StoredNotice(notice["title"], notice["issuer"], None if issued is None else dt.date.fromisoformat(issued)),
            data["created"],
            data["sha256"],
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    fine = (
        stored.schema_version == 1
        and type(stored.policy_year) is int
        and 2000 <= stored.policy_year <= 2100
        and isinstance(stored.data_version, str)
        and re.match(VERSION_PATTERN, stored.data_version) is not None
        and all(isinstance(t, str) and len(t) >= 2 for t in (stored.notice.title, stored.notice.issuer))
        and isinstance(stored.created, str)
        and isinstance(stored.sha256, str)
        and _SHA256.match(stored.sha256) is not None
        and set(data) == {"schema_version", "policy_year", "data_version", "notice", "created", "sha256"}
        and set(notice) <= {"title", "issuer", "issued"}
    )
    return stored if fine else None


@dataclass(frozen=True)
class Pack:
    """A pack read and fully validated; nothing on disk has changed yet."""

    manifest: Manifest
    policy: FrozenYear
    document: bytes
    source: Path | None = None

    @property
    def year(self) -> int:
        return self.manifest.policy_year

    @property
    def data_version(self) -> str:
        return self.manifest.data_version

    @property
    def sha256(self) -> str:
        return self.manifest.sha256

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


# ---------------------------------------------------------------- documents


def _unfilled_problems(policy: PolicyYear, source: str) -> list[Problem]:
    """Template placeholders still in a document: every one must be checked before a pack is built."""
    from desktop.core.policy.model import iter_figures

    problems: list[Problem] = []
    for i, notice in enumerate(policy.notices):
        for name in ("file", "title", "short", "issuer"):
            if UNFILLED_MARK in getattr(notice, name):
                problems.append(Problem(source, f"notices[{i}].{name}", "模板占位内容,请填写新通知的信息"))
    for path, fig in iter_figures(policy):
        if fig.reason and fig.reason.startswith(PLACEHOLDER_MARK):
            problems.append(
                Problem(
                    source,
                    path,
                    "模板占位:请对照新通知核对。有原文数值的改为原文数值并把 status 改为 official、"
                    "删去 reason 和 carried_from;确实沿用或解读的,写明真实理由(去掉“待核对”)",
                )
            )
    return problems


def _consistency_problems(policy: PolicyYear, source: str) -> list[Problem]:
    """Cross-field facts a single figure cannot check: dates belong to the policy year."""
    problems: list[Problem] = []
    enrol = policy.enrolment
    year = policy.policy_year
    for name in ("benefit_start", "benefit_end"):
        fig = getattr(enrol, name)
        if fig.value is not None and fig.value.year != year:
            problems.append(Problem(source, f"enrolment.{name}.value", f"待遇享受期应在 {year} 年内"))
    start, end = enrol.collection_start.value, enrol.collection_end.value
    if start is not None and end is not None and start > end:
        problems.append(Problem(source, "enrolment.collection_end.value", "集中参保缴费期的结束日早于开始日"))
    first = enrol.benefit_start.value
    if end is not None and first is not None and end >= first:
        problems.append(Problem(source, "enrolment.collection_end.value", "集中参保缴费期应在待遇享受期开始之前结束"))
    return problems


def check_policy_text(text: str, source: str) -> tuple[PolicyYear | None, list[Problem]]:
    """Validate a policy document for a pack: the model, then template placeholders and dates.

    Returns the parsed year (None when the model itself refuses it) and every problem found.
    """
    try:
        policy = parse_policy_text(text, source)
    except PolicyLoadError as exc:
        return None, list(exc.problems)
    return policy, _unfilled_problems(policy, source) + _consistency_problems(policy, source)


def check_policy_file(path: Path) -> tuple[PolicyYear | None, list[Problem]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(str(path), "", f"无法读取文件:{os_reason(exc)}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(str(path), "", "文件不是 UTF-8 编码")]
    return check_policy_text(text, str(path))


# ---------------------------------------------------------------- reading and building packs


def _manifest_from_bytes(raw: bytes, source: str) -> Manifest:
    from pydantic import ValidationError

    from desktop.core.errors import describe_validation_error
    from desktop.core.pack_manifest import Manifest

    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackError(f"{MANIFEST_NAME} 不是有效的 JSON,文件可能被篡改或未写完整") from None
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(f"{source}:{MANIFEST_NAME}", e["field"], e["message"]) for e in describe_validation_error(exc)
        ]
        raise PackError(f"{MANIFEST_NAME} 内容不正确", problems) from None


def _validate_parts(manifest: Manifest, document: bytes, source: str, where: str) -> FrozenYear:
    """The document matches the manifest's hash, is a valid year, and is the year the manifest says."""
    if hashlib.sha256(document).hexdigest() != manifest.sha256:
        raise PackError(TAMPERED)
    try:
        text = document.decode("utf-8")
    except UnicodeDecodeError:
        raise PackError(f"{POLICY_NAME} 不是 UTF-8 编码") from None
    policy, problems = check_policy_text(text, where)
    if problems or policy is None:
        raise PackError("政策数据没有通过检查", problems)
    if policy.policy_year != manifest.policy_year:
        raise PackError(f"清单写的是 {manifest.policy_year} 年度,政策数据却是 {policy.policy_year} 年度,两者必须一致")
    if policy.data_version != manifest.data_version:
        raise PackError(
            f"清单的数据版本 {manifest.data_version} 与政策数据的 data_version {policy.data_version} 不一致"
        )
    from desktop.core.policy.freeze import freeze

    frozen_year: FrozenYear = freeze(policy)
    return frozen_year


def read_pack(path: Path) -> Pack:
    """Read and fully validate a pack file; raise PackError with a Chinese reason if it is not usable."""
    path = Path(path)
    source = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackError(f"找不到文件:{path}") from None
    except (zipfile.BadZipFile, EOFError):
        raise PackError(BROKEN_ZIP) from None
    except OSError as exc:
        raise PackError(f"无法读取文件:{os_reason(exc)}") from None
    with archive:
        names = sorted(archive.namelist())
        if names != sorted([MANIFEST_NAME, POLICY_NAME]):
            raise PackError(f"政策包应当只包含 {MANIFEST_NAME} 和 {POLICY_NAME},实际为:{', '.join(names) or '空'}")
        if archive.getinfo(POLICY_NAME).file_size > MAX_DOCUMENT_BYTES:
            raise PackError("政策数据文件过大,不是正常的政策包")
        try:
            manifest_raw = archive.read(MANIFEST_NAME)
            document = archive.read(POLICY_NAME)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
            # a flipped byte shows up as a CRC or inflate error before our own hash is reached
            raise PackError(TAMPERED) from None
    manifest = _manifest_from_bytes(manifest_raw, source)
    policy = _validate_parts(manifest, document, source, f"{source}:{POLICY_NAME}")
    return Pack(manifest, policy, document, path)


def build_pack(
    document_path: Path,
    out: Path,
    notice_title: str | None = None,
    notice_issuer: str | None = None,
    notice_issued: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Pack:
    """Validate a policy document and write it with its manifest as a pack; return the pack as read back.

    The notice fields default to the document's own notice (``notice_id``).
    """
    from pydantic import ValidationError

    from desktop.core.errors import describe_validation_error
    from desktop.core.pack_manifest import Manifest, PackNotice

    policy, problems = check_policy_file(Path(document_path))
    if problems or policy is None:
        raise PackError("政策数据没有通过检查,未生成政策包", problems)
    document = Path(document_path).read_bytes()
    own = next(n for n in policy.notices if n.id == policy.notice_id)
    try:
        manifest = Manifest(
            schema_version=1,
            policy_year=policy.policy_year,
            data_version=policy.data_version,
            notice=PackNotice(
                title=notice_title or own.title,
                issuer=notice_issuer or own.issuer,
                issued=notice_issued or own.issued,
            ),
            created=(now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0),
            sha256=hashlib.sha256(document).hexdigest(),
        )
    except ValidationError as exc:
        raise PackError(
            "清单内容不正确",
            [Problem("manifest", e["field"], e["message"]) for e in describe_validation_error(exc)],
        ) from None
    out = Path(out)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, _manifest_bytes(manifest))
        archive.writestr(POLICY_NAME, document)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(out, buffer.getvalue())
    except OSError as exc:
        raise PackError(f"无法写出政策包 {out}:{os_reason(exc)}") from None
    return read_pack(out)


def _manifest_bytes(manifest: Manifest) -> bytes:
    return (json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------- durable writes


def _write_durable(path: Path, data: bytes) -> None:
    """Write one file of an install and force it to disk."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


# ---------------------------------------------------------------- installed packs


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def packs_dir(base: Path | None = None) -> Path:
    return (base if base is not None else data_dir()) / "packs"


def _key(year: int, version: str) -> str:
    return f"{year}/{version}"


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order data versions naturally: 2026.2 < 2026.10."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", version) if p)


@dataclass(frozen=True)
class InstalledPack:
    """One folder under packs/: its manifest if readable, whether it is enabled, what is wrong with it."""

    year: int
    data_version: str
    path: Path
    manifest: Manifest | StoredManifest | None
    enabled: bool
    problem: str | None = None

    @property
    def sha256(self) -> str:
        return self.manifest.sha256 if self.manifest else ""

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


def _read_state(root: Path) -> set[str]:
    try:
        data = json.loads((root / STATE_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return set()
    except (OSError, ValueError, UnicodeDecodeError):
        log.warning("pack state file unreadable; treating every installed pack as enabled")
        return set()
    disabled = data.get("disabled", []) if isinstance(data, dict) else []
    return {str(k) for k in disabled if isinstance(k, str)}


def _write_state(root: Path, disabled: set[str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    payload = {"schema_version": 1, "disabled": sorted(disabled)}
    atomic_write_bytes(root / STATE_NAME, (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def list_installed(base: Path | None = None) -> list[InstalledPack]:
    """Every installed pack folder, sorted by year and version; half-finished temp folders are ignored."""
    root = packs_dir(base)
    if not root.is_dir():
        return []
    disabled = _read_state(root)
    found: list[InstalledPack] = []
    for year_dir in sorted(root.iterdir()):
        if not year_dir.is_dir() or not year_dir.name.isdigit():
            continue
        for pack_dir in sorted(year_dir.iterdir()):
            if not pack_dir.is_dir() or pack_dir.name.startswith("."):
                continue
            year, version = int(year_dir.name), pack_dir.name
            manifest: Manifest | StoredManifest | None = None
            problem: str | None = None
            try:
                raw = (pack_dir / MANIFEST_NAME).read_bytes()
                # written by install from a validated manifest: its shape is enough, unless it is off
                manifest = _stored_manifest(raw) or _manifest_from_bytes(raw, str(pack_dir))
            except PackError as exc:
                problem = str(exc)
            except OSError:
                problem = f"缺少 {MANIFEST_NAME},安装不完整"
            if manifest and (manifest.policy_year, manifest.data_version) != (year, version):
                problem = f"文件夹名称({year}/{version})与清单({manifest.policy_year}/{manifest.data_version})不符"
            found.append(InstalledPack(year, version, pack_dir, manifest, _key(year, version) not in disabled, problem))
    found.sort(key=lambda p: (p.year, version_key(p.data_version)))
    return found


def load_installed(pack: InstalledPack) -> LoadedYear:
    """An installed pack in its stored, pre-validated form; raise PackError if it is damaged.

    The document must still match the manifest's hash and the stored form both the document's
    hash and its own: anything else is refused as tampered or incompletely written. A pack
    installed by a version of the program with other policy types (or before stored forms
    existed) is validated in full once and its stored form rewritten.
    """
    if pack.problem or pack.manifest is None:
        raise PackError(pack.problem or "清单缺失")
    policy_path = pack.path / POLICY_NAME
    try:
        document = policy_path.read_bytes()
    except OSError:
        raise PackError(f"缺少 {POLICY_NAME},安装不完整") from None
    sha256 = pack.manifest.sha256
    if hashlib.sha256(document).hexdigest() != sha256:
        raise PackError(TAMPERED)
    stored_path = pack.path / STORED_NAME
    policy: FrozenYear | None = None
    try:
        policy = snapshot.loads(stored_path.read_bytes(), sha256)
    except snapshot.SnapshotDamaged:
        raise PackError(TAMPERED) from None
    except (OSError, snapshot.SnapshotMismatch):
        policy = None
    if policy is None:
        manifest = _manifest_from_bytes((pack.path / MANIFEST_NAME).read_bytes(), str(pack.path))
        policy = _validate_parts(manifest, document, str(pack.path), str(policy_path))
        try:
            atomic_write_bytes(stored_path, snapshot.dumps(policy, sha256))
        except OSError as exc:
            log.warning("stored form of %s not rewritten: %s", pack.path, exc)
    elif (policy.policy_year, policy.data_version) != (pack.manifest.policy_year, pack.manifest.data_version):
        raise PackError(TAMPERED)
    return LoadedYear(policy, policy_path, sha256, "pack")


def _find(year: int, version: str | None, base: Path | None) -> InstalledPack:
    """The installed pack named by year and version (version may be omitted when the year has one pack)."""
    candidates = [p for p in list_installed(base) if p.year == year]
    if version is not None:
        candidates = [p for p in candidates if p.data_version == version]
    bundled = _bundled_versions()
    if not candidates:
        if year in bundled and (version is None or version == bundled[year]):
            raise PackError(BUNDLED_REFUSED.format(year=year, version=bundled[year]))
        named = f"{year} 年度" + (f" {version} 版本" if version else "")
        raise PackError(f"没有安装 {named} 的政策包")
    if len(candidates) > 1:
        versions = "、".join(p.data_version for p in candidates)
        raise PackError(f"{year} 年度安装了多个版本({versions}),请写明版本号")
    return candidates[0]


def _bundled_versions() -> dict[int, str]:
    try:
        bundled = load_policies()
    except PolicyLoadError:
        return {}
    return {e.policy.policy_year: e.policy.data_version for e in bundled.entries}


def install(pack: Pack, base: Path | None = None) -> InstalledPack:
    """Install a validated pack atomically; on any failure the packs folder is as it was before."""
    root = packs_dir(base)
    year_dir = root / str(pack.year)
    target = year_dir / pack.data_version
    if target.exists():
        existing = next((p for p in list_installed(base) if p.path == target), None)
        if existing and existing.manifest and existing.sha256 == pack.sha256 and not existing.problem:
            raise PackError(f"{pack.year} 年度 {pack.data_version} 版本已经安装,内容相同,无需重复安装")
        raise PackError(
            f"已安装的 {pack.year} 年度 {pack.data_version} 版本内容不同;"
            "更新的数据请使用新的版本号(data_version),或先删除已安装的这一版本"
        )
    year_dir.mkdir(parents=True, exist_ok=True)
    # the process id in the name lets the next start delete what a killed install left
    tmp = Path(tempfile.mkdtemp(prefix=f".install-{os.getpid()}-", dir=year_dir))
    try:
        _write_durable(tmp / POLICY_NAME, pack.document)
        _write_durable(tmp / MANIFEST_NAME, _manifest_bytes(pack.manifest))
        _write_durable(tmp / STORED_NAME, snapshot.dumps(pack.policy, pack.sha256))
        fsync_dir(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise PackError(f"安装没有完成,原有数据未改动:{os_reason(exc)}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_dir(year_dir)
    installed = next(p for p in list_installed(base) if p.path == target)
    if not installed.enabled:
        # a pack of this year and version was removed while disabled: a fresh install starts enabled
        set_enabled(pack.year, pack.data_version, True, base)
        installed = next(p for p in list_installed(base) if p.path == target)
    return installed


def set_enabled(year: int, version: str | None, enabled: bool, base: Path | None = None) -> InstalledPack:
    """Enable or disable an installed pack; bundled years refuse."""
    pack = _find(year, version, base)
    root = packs_dir(base)
    disabled = _read_state(root)
    key = _key(pack.year, pack.data_version)
    if enabled:
        disabled.discard(key)
    else:
        disabled.add(key)
    _write_state(root, disabled)
    return next(p for p in list_installed(base) if p.path == pack.path)


def remove(year: int, version: str | None, base: Path | None = None) -> InstalledPack:
    """Delete an installed pack; bundled years refuse. The folder is renamed first so a crash leaves no half."""
    pack = _find(year, version, base)
    trash = pack.path.with_name(f".remove-{pack.path.name}")
    if trash.exists():
        shutil.rmtree(trash, ignore_errors=True)
    os.replace(pack.path, trash)
    shutil.rmtree(trash, ignore_errors=True)
    root = packs_dir(base)
    disabled = _read_state(root)
    if _key(pack.year, pack.data_version) in disabled:
        disabled.discard(_key(pack.year, pack.data_version))
        _write_state(root, disabled)
    return pack


# ---------------------------------------------------------------- loading everything


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

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]

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
    For each year the newest data version answers.

    A pack for a bundled year wins when its version is equal or newer. A broken pack is
    skipped and reported in ``problems``: start-up never fails because of a pack. A broken
    bundled year still raises PolicyLoadError, as :func:`load_policies` does: that is a build defect.
    ``default_year`` is the loaded year whose benefits run on ``today``, else the latest one before it.
    """
    bundled = load_policies(bundled_dirs)
    candidates: dict[int, list[tuple[LoadedYear, bool]]] = {}
    for entry in bundled.entries:
        candidates.setdefault(entry.policy.policy_year, []).append((entry, False))
    problems: list[Problem] = []
    notice_titles: dict[Path, str] = {}
    pack_rows: list[InstalledPack] = []
    for pack in list_installed(base):
        pack_rows.append(pack)
        if not pack.enabled:
            continue
        try:
            loaded = load_installed(pack)
        except PackError as exc:
            problems.append(Problem(str(pack.path), "", f"政策包已跳过:{exc}"))
            log.warning("skipping installed pack %s: %s", pack.path, exc)
            continue
        if pack.manifest:
            notice_titles[loaded.path] = pack.manifest.notice.title
        candidates.setdefault(pack.year, []).append((loaded, True))

    chosen: list[LoadedYear] = []
    for year in sorted(candidates):
        # packs sort after the bundled entry of the same version, so an equal version goes to the pack
        best = max(candidates[year], key=lambda c: (version_key(c[0].policy.data_version), c[1]))
        chosen.append(best[0])
    policies = PolicySet(tuple(chosen))
    active = {(e.policy.policy_year, e.policy.data_version, e.origin) for e in chosen}

    rows: list[DataRow] = []
    for entry in bundled.entries:
        p = entry.policy
        rows.append(
            DataRow(
                p.policy_year,
                p.data_version,
                "bundled",
                entry.sha256,
                True,
                (p.policy_year, p.data_version, "bundled") in active,
                None,
                _notice_title(p),
            )
        )
    broken = {pr.file for pr in problems}
    for pack in pack_rows:
        problem = pack.problem or (
            next((pr.message for pr in problems if pr.file == str(pack.path)), None)
            if str(pack.path) in broken
            else None
        )
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


# ---------------------------------------------------------------- template for a new year


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
#   有原文数值的:改成原文数值,status 改为 official,cite 写新通知的章节,删去 carried_from、reason、notice;
#   新通知确实没有重述、继续沿用的:保留 carried_over,把 reason 改成真实理由(去掉“{mark}”);
#   解读、外部依据:核对后去掉 reason 开头的“{mark}:”。
# notices 里“{unfilled}”的新通知信息也要填写。日期已顺延一年,同样需要核对。
# 检查:python -m desktop pack check 本文件    打包:python -m desktop pack build 本文件 -o 输出.czpack
"""


def make_template(loaded: PolicyYear | FrozenYear) -> str:
    """A new year's document derived from ``loaded``: every figure a placeholder that ``check`` refuses."""
    from desktop.core.policy.freeze import thaw
    from desktop.core.policy.model import Notice

    source = thaw(loaded) if isinstance(loaded, FrozenYear) else loaded
    year = source.policy_year + 1
    new_id = f"n{year}"
    body = _transform(source, source.policy_year, source.notice_id)
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

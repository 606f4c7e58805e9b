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
import errno
import hashlib
import io
import json
import logging
import os
import re
import shutil
import stat
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
from desktop.core.policy.kinds import DATA_VERSION_RE
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
#: the last good state, written after ``state.json`` every time (see :func:`_read_state`)
STATE_BACKUP_NAME = "state.backup.json"

#: a template figure still waiting for the officer; ``check`` refuses it until it is rewritten
PLACEHOLDER_MARK = "待核对"
PLACEHOLDER_REASON = "待核对:沿用上年,发布新通知后请改为原文数值"
UNFILLED_MARK = "待填写"

#: limits checked before anything is parsed. Real documents are ~40 KB and real packs ~10 KB;
#: a zip bomb or a wrong file is refused by its size, not read until memory runs out
MAX_DOCUMENT_BYTES = 5_000_000
MAX_MANIFEST_BYTES = 64_000
MAX_PACK_BYTES = 5_000_000
MAX_STATE_BYTES = 1_000_000

TAMPERED = "校验值不符,文件可能被篡改或未写完整"
BROKEN_ZIP = "不是有效的政策包,或文件没有复制完整(压缩包结构损坏)"
BUNDLED_REFUSED = "{year} 年度({version})是随程序安装的内置数据,不能停用或删除"

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
        and DATA_VERSION_RE.fullmatch(stored.data_version) is not None
        and stored.data_version.startswith(f"{stored.policy_year}.")
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


def _read_capped(path: Path, limit: int, what: str) -> bytes:
    """A regular file's bytes, refused beyond ``limit`` before and while reading; PackError in Chinese.

    The size is checked on the open file (not a FIFO or device that would block or never end)
    and the read itself stops one byte past the limit, in case the file grows meanwhile.
    """
    try:
        # O_NONBLOCK: opening a FIFO planted in place of a file must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory")
            if not stat.S_ISREG(info.st_mode):
                raise PackError(f"{path} 不是普通文件,不能作为{what}读取")
            if info.st_size > limit:
                raise PackError(f"{path} 过大({info.st_size:,} 字节,{what}最大 {limit:,} 字节),不是正常的{what}")
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise PackError(f"无法读取 {path}:{os_reason(exc)}") from None
    if len(raw) > limit:
        raise PackError(f"{path} 过大({what}最大 {limit:,} 字节),不是正常的{what}")
    return raw


def check_policy_file(path: Path) -> tuple[PolicyYear | None, list[Problem]]:
    try:
        raw = _read_capped(Path(path), MAX_DOCUMENT_BYTES, "政策数据文件")
    except PackError as exc:
        return None, [Problem(str(path), "", exc.reason)]
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

    if len(raw) > MAX_MANIFEST_BYTES:
        raise PackError(f"{MANIFEST_NAME} 过大,不是正常的政策包")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # ValueError covers bad JSON and integers too long to convert; RecursionError deep nesting
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


def _printable(name: str) -> str:
    """A member name fit for a message: control characters shown as ?, at most 60 characters."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in name)
    return clean if len(clean) <= 60 else clean[:57] + "..."


def _member_problem(infos: list[zipfile.ZipInfo]) -> str | None:
    """Why the members of a pack are not the two expected files, or None when they are."""
    names = [i.filename for i in infos]
    expected = sorted([MANIFEST_NAME, POLICY_NAME])
    if sorted(names) == expected:
        return None
    if len(set(names)) < len(names) and sorted(set(names)) == expected:
        return "政策包中有重名的文件,可能被篡改"
    shown = "、".join(_printable(n) for n in names[:5]) + (f" 等 {len(names)} 个" if len(names) > 5 else "")
    return f"政策包应当只包含 {MANIFEST_NAME} 和 {POLICY_NAME},实际为:{shown or '空'}"


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """One member's bytes, bounded by its declared size and, in case the header lies, by ``limit``."""
    if info.flag_bits & 0x1:
        raise PackError(f"政策包中的 {info.filename} 被加密,无法读取")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise PackError(f"政策包中的 {info.filename} 是一个链接,不是文件")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise PackError(f"政策包中的 {info.filename} 使用了不支持的压缩方式")
    if info.file_size > limit:
        raise PackError(f"政策包中的 {info.filename} 过大(解压后 {info.file_size:,} 字节),不是正常的政策包")
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, RuntimeError, NotImplementedError):
        # a flipped byte shows up as a CRC or inflate error before our own hash is reached
        raise PackError(TAMPERED) from None
    if len(data) > limit:
        raise PackError(f"政策包中的 {info.filename} 过大,不是正常的政策包")
    return data


def read_pack(path: Path) -> Pack:
    """Read and fully validate a pack file; raise PackError with a Chinese reason if it is not usable.

    Every size is bounded before it is read: the pack file, the number of members, each member's
    declared size, and each member's actual unpacked bytes (a zip header can lie).
    """
    path = Path(path)
    source = str(path)
    if not path.exists() and not path.is_symlink():
        raise PackError(f"找不到文件:{path}")
    raw = _read_capped(path, MAX_PACK_BYTES, "政策包")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, NotImplementedError):
        raise PackError(BROKEN_ZIP) from None
    with archive:
        infos = archive.infolist()
        problem = _member_problem(infos)
        if problem:
            raise PackError(problem)
        by_name = {i.filename: i for i in infos}
        manifest_raw = _read_member(archive, by_name[MANIFEST_NAME], MAX_MANIFEST_BYTES)
        document = _read_member(archive, by_name[POLICY_NAME], MAX_DOCUMENT_BYTES)
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
    document = _read_capped(Path(document_path), MAX_DOCUMENT_BYTES, "政策数据文件")
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
        _make_folder(out.parent)
        atomic_write_bytes(out, buffer.getvalue())
    except OSError as exc:
        raise PackError(f"无法写出政策包 {out}:{os_reason(exc)}") from None
    return read_pack(out)


def _make_folder(path: Path) -> None:
    """mkdir -p; a file standing where a folder belongs is reported as that, not as "already exists"."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(path)) from None


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


# ---- state: which installed packs are disabled


@dataclass(frozen=True)
class _State:
    """The disabled packs, or None when no good copy of the state could be read (nothing is used then)."""

    disabled: frozenset[str] | None
    problem: str | None = None


_STATE_KEY_RE = re.compile(r"[0-9]{4}/" + DATA_VERSION_RE.pattern)


def _parse_state(path: Path) -> frozenset[str]:
    """The disabled keys in one state file; PackError (Chinese, naming the file) when it is not a good one."""
    try:
        raw = _read_capped(path, MAX_STATE_BYTES, "政策包状态文件")
    except PackError as exc:
        raise PackError(exc.reason) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackError(f"{path} 已损坏(不是有效的 JSON)") from None
    disabled = data.get("disabled") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or set(data) != {"schema_version", "disabled"}
        or type(data["schema_version"]) is not int
        or data["schema_version"] != 1
        or not isinstance(disabled, list)
        or not all(isinstance(k, str) and _STATE_KEY_RE.fullmatch(k) for k in disabled)
    ):
        raise PackError(f"{path} 已损坏(内容不是程序写出的格式)")
    return frozenset(disabled)


def _read_state(root: Path) -> _State:
    """Which packs are disabled, failing safe.

    ``state.json`` is written atomically and then copied to ``state.backup.json``. When
    ``state.json`` is missing or damaged, the backup (the last good state) is used and the
    problem reported. When neither can be read, the state is unknown: no installed pack is used
    (a disabled pack must never come back on its own), and the problem says so.
    """
    main, backup = root / STATE_NAME, root / STATE_BACKUP_NAME
    main_there = main.exists() or main.is_symlink()
    backup_there = backup.exists() or backup.is_symlink()
    if not main_there and not backup_there:
        return _State(frozenset())
    why = f"{main} 不见了"
    if main_there:
        try:
            return _State(_parse_state(main))
        except PackError as exc:
            why = exc.reason
    if backup_there:
        try:
            disabled = _parse_state(backup)
        except PackError:
            pass
        else:
            return _State(disabled, f"政策包状态文件有问题:{why};已按上次保存的备份 {backup} 确定哪些政策包停用")
    return _State(
        None,
        f"政策包状态文件有问题:{why},也没有可用的备份,无法知道哪些政策包已停用;"
        "为安全起见,暂不使用任何已安装的政策包。请在“政策包管理”中(或用 pack enable)重新启用需要的政策包",
    )


def _write_state(root: Path, disabled: Iterable[str]) -> None:
    """Save the disabled packs: ``state.json`` atomically, then the same bytes as the backup."""
    payload = {"schema_version": 1, "disabled": sorted(set(disabled))}
    data = (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    for name in (STATE_NAME, STATE_BACKUP_NAME):
        try:
            atomic_write_bytes(root / name, data)
        except OSError as exc:
            raise PackError(f"无法保存政策包状态 {root / name}:{os_reason(exc)};停用/启用设置没有改变") from None


# ---- the packs folder


@dataclass(frozen=True)
class Scan:
    """Everything under packs/: the pack folders, and what is wrong with the folder itself."""

    packs: tuple[InstalledPack, ...]
    #: folder-level trouble (packs/ a file, a folder that cannot be listed, a damaged state file)
    problems: tuple[Problem, ...]
    #: the packs folder is usable for writing (it exists as a folder or can be made)
    writable: bool = True


def _listdir(path: Path) -> tuple[list[Path], str | None]:
    try:
        return sorted(path.iterdir()), None
    except OSError as exc:
        return [], f"无法打开文件夹 {path}:{os_reason(exc)}"


def _pack_folder(pack_dir: Path, year: int, enabled: bool) -> InstalledPack:
    version = pack_dir.name
    manifest: Manifest | StoredManifest | None = None
    problem: str | None = None
    manifest_path = pack_dir / MANIFEST_NAME
    try:
        raw = _read_capped(manifest_path, MAX_MANIFEST_BYTES, "清单")
        # written by install from a validated manifest: its shape is enough, unless it is off
        manifest = _stored_manifest(raw) or _manifest_from_bytes(raw, str(pack_dir))
    except PackError as exc:
        if not manifest_path.exists() and not manifest_path.is_symlink():
            problem = f"缺少 {MANIFEST_NAME},安装不完整"
        else:
            problem = str(exc)
    if manifest and (manifest.policy_year, manifest.data_version) != (year, version):
        problem = f"文件夹名称({year}/{version})与清单({manifest.policy_year}/{manifest.data_version})不符"
    return InstalledPack(year, version, pack_dir, manifest, enabled, problem)


def scan_installed(base: Path | None = None) -> Scan:
    """Every installed pack folder, sorted by year and version, and every problem of the folder. Never raises.

    Temporary folders (names starting with ``.``) and stray files are ignored.
    """
    root = packs_dir(base)
    try:
        info = root.stat()
    except FileNotFoundError:
        return Scan((), ())
    except OSError as exc:
        return Scan((), (Problem(str(root), "", f"无法打开政策包文件夹:{os_reason(exc)}"),), False)
    if not stat.S_ISDIR(info.st_mode):
        message = "这里应当是存放政策包的文件夹,现在却是一个文件;请把它改名或移走,已安装的政策包暂不使用"
        return Scan((), (Problem(str(root), "", message),), False)
    problems: list[Problem] = []
    state = _read_state(root)
    if state.problem:
        problems.append(Problem(str(root / STATE_NAME), "", state.problem))
    entries, trouble = _listdir(root)
    if trouble:
        return Scan((), (*problems, Problem(str(root), "", trouble)), False)
    found: list[InstalledPack] = []
    for year_dir in entries:
        if not re.fullmatch(r"[0-9]{4}", year_dir.name) or not year_dir.is_dir():
            continue
        pack_dirs, trouble = _listdir(year_dir)
        if trouble:
            problems.append(Problem(str(year_dir), "", trouble))
        for pack_dir in pack_dirs:
            if pack_dir.name.startswith("."):
                continue
            if not pack_dir.is_dir():
                if DATA_VERSION_RE.fullmatch(pack_dir.name):
                    problems.append(Problem(str(pack_dir), "", "这里应当是一个政策包文件夹,现在却是一个文件,已跳过"))
                continue
            year, version = int(year_dir.name), pack_dir.name
            if not DATA_VERSION_RE.fullmatch(version):
                problems.append(Problem(str(pack_dir), "", "文件夹名称不是有效的数据版本号(如 2026.1),已跳过"))
                continue
            enabled = state.disabled is not None and _key(year, version) not in state.disabled
            found.append(_pack_folder(pack_dir, year, enabled))
    found.sort(key=lambda p: (p.year, version_key(p.data_version)))
    return Scan(tuple(found), tuple(problems))


def list_installed(base: Path | None = None) -> list[InstalledPack]:
    """Every installed pack folder, sorted by year and version; half-finished temp folders are ignored."""
    return list(scan_installed(base).packs)


def _writable_scan(base: Path | None) -> Scan:
    """The scan for a command that changes packs/: refused when the folder itself is broken."""
    scan = scan_installed(base)
    if not scan.writable:
        raise PackError("政策包文件夹不可用:" + ";".join(f"{p.file}:{p.message}" for p in scan.problems))
    return scan


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
    if not policy_path.exists() and not policy_path.is_symlink():
        raise PackError(f"缺少 {POLICY_NAME},安装不完整")
    document = _read_capped(policy_path, MAX_DOCUMENT_BYTES, "政策数据文件")
    sha256 = pack.manifest.sha256
    if hashlib.sha256(document).hexdigest() != sha256:
        raise PackError(TAMPERED)
    stored_path = pack.path / STORED_NAME
    policy: FrozenYear | None = None
    try:
        # bounded like the document: a stored form swapped for a device or a huge file is not read
        policy = snapshot.loads(_read_capped(stored_path, 2 * MAX_DOCUMENT_BYTES, "政策数据文件"), sha256)
    except snapshot.SnapshotDamaged:
        raise PackError(TAMPERED) from None
    except (PackError, snapshot.SnapshotMismatch):
        policy = None  # missing, unreadable or from another program version: the document decides
    if policy is None:
        manifest = _manifest_from_bytes(
            _read_capped(pack.path / MANIFEST_NAME, MAX_MANIFEST_BYTES, "清单"), str(pack.path)
        )
        policy = _validate_parts(manifest, document, str(pack.path), str(policy_path))
        try:
            atomic_write_bytes(stored_path, snapshot.dumps(policy, sha256))
        except OSError as exc:
            log.warning("stored form of %s not rewritten: %s", pack.path, exc)
    elif (policy.policy_year, policy.data_version) != (pack.manifest.policy_year, pack.manifest.data_version):
        raise PackError(TAMPERED)
    return LoadedYear(policy, policy_path, sha256, "pack")


def _find(year: int, version: str | None, base: Path | None) -> tuple[InstalledPack, Scan]:
    """The installed pack named by year and version (version may be omitted when the year has one pack)."""
    scan = _writable_scan(base)
    candidates = [p for p in scan.packs if p.year == year]
    if version is not None:
        candidates = [p for p in candidates if p.data_version == version]
    bundled = _bundled_versions()
    if not candidates:
        if year in bundled and (version is None or version == bundled[year][0]):
            raise PackError(BUNDLED_REFUSED.format(year=year, version=bundled[year][0]))
        named = f"{year} 年度" + (f" {version} 版本" if version else "")
        raise PackError(f"没有安装 {named} 的政策包")
    if len(candidates) > 1:
        versions = "、".join(p.data_version for p in candidates)
        raise PackError(f"{year} 年度安装了多个版本({versions}),请写明版本号")
    return candidates[0], scan


def _bundled_versions() -> dict[int, tuple[str, str]]:
    """Each bundled year's data version and sha256."""
    try:
        bundled = load_policies()
    except PolicyLoadError:
        return {}
    return {e.policy.policy_year: (e.policy.data_version, e.sha256) for e in bundled.entries}


def _bundled_clash(year: int, version: str, sha256: str, bundled: dict[int, tuple[str, str]]) -> str | None:
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


def install(pack: Pack, base: Path | None = None) -> InstalledPack:
    """Install a validated pack atomically; on any failure the packs folder is as it was before.

    The same year and data version as a bundled year or an installed pack is refused: with the
    same content it is already there, with other content it would give one version two meanings.
    """
    clash = _bundled_clash(pack.year, pack.data_version, pack.sha256, _bundled_versions())
    if clash:
        raise PackError(clash)
    scan = _writable_scan(base)
    root = packs_dir(base)
    year_dir = root / str(pack.year)
    target = year_dir / pack.data_version
    if target.exists() or target.is_symlink():
        existing = next((p for p in scan.packs if p.path == target), None)
        if existing is None:
            raise PackError(f"{target} 已存在,但不是有效的政策包安装;请先把它移走")
        if existing.problem:
            raise PackError(
                f"已安装的 {pack.year} 年度 {pack.data_version} 版本已损坏({existing.problem});"
                f"请先删除它(pack remove {pack.year} {pack.data_version})再安装"
            )
        if existing.sha256 == pack.sha256:
            raise PackError(f"{pack.year} 年度 {pack.data_version} 版本已经安装,内容相同,无需重复安装")
        raise PackError(
            f"已安装的 {pack.year} 年度 {pack.data_version} 版本内容不同;"
            "更新的数据请使用新的版本号(data_version),或先删除已安装的这一版本"
        )
    tmp: Path | None = None
    try:
        _make_folder(year_dir)
        # the process id in the name lets the next start delete what a killed install left
        tmp = Path(tempfile.mkdtemp(prefix=f".install-{os.getpid()}-", dir=year_dir))
        _write_durable(tmp / POLICY_NAME, pack.document)
        _write_durable(tmp / MANIFEST_NAME, _manifest_bytes(pack.manifest))
        _write_durable(tmp / STORED_NAME, snapshot.dumps(pack.policy, pack.sha256))
        fsync_dir(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise PackError(f"安装没有完成,原有数据未改动:{os_reason(exc)}({year_dir})") from None
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_dir(year_dir)
    installed = next(p for p in list_installed(base) if p.path == target)
    if not installed.enabled:
        # left over from a removed pack of this version, or the state is unknown: a pack the
        # clerk has just installed is meant to be used
        installed = set_enabled(pack.year, pack.data_version, True, base)
    return installed


def set_enabled(year: int, version: str | None, enabled: bool, base: Path | None = None) -> InstalledPack:
    """Enable or disable an installed pack; bundled years refuse.

    When the state was unknown (no readable state file, see :func:`_read_state`), every other
    installed pack is written as disabled: the clerk re-enables what is wanted, one by one.
    """
    pack, scan = _find(year, version, base)
    root = packs_dir(base)
    state = _read_state(root)
    disabled = set(state.disabled) if state.disabled is not None else {_key(p.year, p.data_version) for p in scan.packs}
    key = _key(pack.year, pack.data_version)
    if enabled:
        disabled.discard(key)
    else:
        disabled.add(key)
    _write_state(root, disabled)
    return next(p for p in list_installed(base) if p.path == pack.path)


def remove(year: int, version: str | None, base: Path | None = None) -> InstalledPack:
    """Delete an installed pack; bundled years refuse. The folder is renamed first so a crash leaves no half."""
    pack, _ = _find(year, version, base)
    trash = pack.path.with_name(f".remove-{os.getpid()}-{pack.path.name}")  # pid: see atomic.clean_stale_pack_folders
    try:
        if trash.exists():
            shutil.rmtree(trash, ignore_errors=True)
        os.replace(pack.path, trash)
    except OSError as exc:
        raise PackError(f"无法删除 {pack.path}:{os_reason(exc)}") from None
    shutil.rmtree(trash, ignore_errors=True)
    root = packs_dir(base)
    state = _read_state(root)
    if state.disabled is not None and _key(pack.year, pack.data_version) in state.disabled:
        _write_state(root, state.disabled - {_key(pack.year, pack.data_version)})
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
    pack_rows: list[tuple[InstalledPack, str | None]] = []
    for pack in scan.packs:
        clash = _bundled_clash(pack.year, pack.data_version, pack.sha256, bundled_versions)
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
                loaded = load_installed(pack)
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

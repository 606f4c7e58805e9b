"""The store of installed packs as it is read: where it lives, each pack folder with its
manifest, and an installed pack's stored pre-validated form with its hash checks.

Installed packs live in ``<data dir>/packs/<year>/<data_version>/``; the data dir is
chosen in ``desktop.core.userdirs`` (``$CZDESK_DATA_DIR``, the portable ``测算台数据`` folder
beside the executable, or ``platformdirs.user_data_dir("changzhou-insurance-desk")``).
Reading never raises for a broken folder: it is reported and skipped so the program still
starts with the data it can trust.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.atomic import atomic_write_bytes
from desktop.core.errors import os_reason
from desktop.core.jsonsafe import loads_limited
from desktop.core.packs.datadir import data_dir
from desktop.core.packs.limits import MAX_DOCUMENT_BYTES, MAX_MANIFEST_BYTES, TAMPERED, PackError, read_capped
from desktop.core.packs.packfile import MANIFEST_NAME, POLICY_NAME, manifest_from_bytes, validate_parts
from desktop.core.packs.signing import (
    MAX_SIGNATURE_BYTES,
    SIGNATURE_BROKEN,
    SIGNATURE_NAME,
    PackSignature,
    TrustedKey,
    matches_bytes,
    parse_signature,
    signature_status,
)
from desktop.core.packs.state import STATE_NAME, read_state, state_key
from desktop.core.policy import snapshot
from desktop.core.policy.frozen import PolicyYear as FrozenYear
from desktop.core.policy.kinds import DATA_VERSION_RE
from desktop.core.policy.loader import LoadedYear, Problem

if TYPE_CHECKING:  # pydantic is imported only where a manifest is validated in full
    from desktop.core.packs.manifest import Manifest

log = logging.getLogger(__name__)

#: the pre-validated form of an installed pack's policy.yaml, written at install (policy/snapshot.py)
STORED_NAME = "policy.snapshot"


def packs_dir(base: Path | None = None) -> Path:
    return (base if base is not None else data_dir()) / "packs"


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
    #: the pack's signature as installed (checked at install), None for an unsigned pack
    signature: PackSignature | None = None

    @property
    def sha256(self) -> str:
        return self.manifest.sha256 if self.manifest else ""

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


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
        data = loads_limited(raw, max_bytes=MAX_MANIFEST_BYTES)
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
        raw = read_capped(manifest_path, MAX_MANIFEST_BYTES, "清单")
        # written by install from a validated manifest: its shape is enough, unless it is off
        manifest = _stored_manifest(raw) or manifest_from_bytes(raw, str(pack_dir))
    except PackError as exc:
        if not manifest_path.exists() and not manifest_path.is_symlink():
            problem = f"缺少 {MANIFEST_NAME},安装不完整"
        else:
            problem = str(exc)
    if manifest and (manifest.policy_year, manifest.data_version) != (year, version):
        problem = f"文件夹名称({year}/{version})与清单({manifest.policy_year}/{manifest.data_version})不符"
    signature: PackSignature | None = None
    signature_path = pack_dir / SIGNATURE_NAME
    if signature_path.exists() or signature_path.is_symlink():
        try:
            signature = parse_signature(read_capped(signature_path, MAX_SIGNATURE_BYTES, "签名"))
        except PackError as exc:
            problem = problem or exc.reason
    return InstalledPack(year, version, pack_dir, manifest, enabled, problem, signature)


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
    state = read_state(root)
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
            enabled = state.disabled is not None and state_key(year, version) not in state.disabled
            found.append(_pack_folder(pack_dir, year, enabled))
    found.sort(key=lambda p: (p.year, version_key(p.data_version)))
    return Scan(tuple(found), tuple(problems))


def list_installed(base: Path | None = None) -> list[InstalledPack]:
    """Every installed pack folder, sorted by year and version; half-finished temp folders are ignored."""
    return list(scan_installed(base).packs)


def writable_scan(base: Path | None) -> Scan:
    """The scan for a command that changes packs/: refused when the folder itself is broken."""
    scan = scan_installed(base)
    if not scan.writable:
        raise PackError("政策包文件夹不可用:" + ";".join(f"{p.file}:{p.message}" for p in scan.problems))
    return scan


def load_installed(pack: InstalledPack, trust: dict[bytes, TrustedKey] | None = None) -> LoadedYear:
    """An installed pack in its stored, pre-validated form; raise PackError if it is damaged.

    The document must still match the manifest's hash and the stored form both the document's
    hash and its own: anything else is refused as tampered or incompletely written. A signed
    pack's stored signature must still name the manifest's and the document's bytes (its ed25519
    signature was checked at install); its key is looked up in ``trust`` (signing.trust_lookup;
    None reads this PC's trust store) to say whether the data is confirmed. A pack
    installed by a version of the program with other policy types (or before stored forms
    existed) is validated in full once and its stored form rewritten.
    """
    if pack.problem or pack.manifest is None:
        raise PackError(pack.problem or "清单缺失")
    policy_path = pack.path / POLICY_NAME
    if not policy_path.exists() and not policy_path.is_symlink():
        raise PackError(f"缺少 {POLICY_NAME},安装不完整")
    document = read_capped(policy_path, MAX_DOCUMENT_BYTES, "政策数据文件")
    sha256 = pack.manifest.sha256
    if hashlib.sha256(document).hexdigest() != sha256:
        raise PackError(TAMPERED)
    stored_path = pack.path / STORED_NAME
    policy: FrozenYear | None = None
    try:
        # bounded like the document: a stored form swapped for a device or a huge file is not read
        policy = snapshot.loads(read_capped(stored_path, 2 * MAX_DOCUMENT_BYTES, "政策数据文件"), sha256)
    except snapshot.SnapshotDamaged:
        raise PackError(TAMPERED) from None
    except (PackError, snapshot.SnapshotMismatch):
        policy = None  # missing, unreadable or from another program version: the document decides
    if policy is None:
        manifest = manifest_from_bytes(
            read_capped(pack.path / MANIFEST_NAME, MAX_MANIFEST_BYTES, "清单"), str(pack.path)
        )
        policy = validate_parts(manifest, document, str(pack.path), str(policy_path))
        try:
            atomic_write_bytes(stored_path, snapshot.dumps(policy, sha256))
        except OSError as exc:
            log.warning("stored form of %s not rewritten: %s", pack.path, exc)
    elif (policy.policy_year, policy.data_version) != (pack.manifest.policy_year, pack.manifest.data_version):
        raise PackError(TAMPERED)
    if pack.signature is not None:
        manifest_raw = read_capped(pack.path / MANIFEST_NAME, MAX_MANIFEST_BYTES, "清单")
        if not matches_bytes(pack.signature, manifest_raw, document):
            raise PackError(SIGNATURE_BROKEN)
    if trust is None:
        from desktop.core.packs.signing import trust_lookup

        trust = trust_lookup(pack.path.parent.parent.parent)  # <base>/packs/<year>/<version>
    status = signature_status(pack.signature, trust)
    return LoadedYear(policy, policy_path, sha256, "pack", status.state, status.signer)

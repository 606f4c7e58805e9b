"""The pack file (``*.czpack``) and its verification.

A pack is a zip holding ``manifest.json`` (year, data version, issuing notice, creation time and
the sha256 of the document), ``policy.yaml`` (one policy-year document, validated exactly like
the bundled years) and, when it is signed, ``signature.json`` (signing.py: who signed it, and an
ed25519 signature over the other two members' bytes). A pack is read completely and checked
before anything is written: its size, its members and their unpacked sizes (a zip header can
lie), the manifest, the document's hash against the manifest, the signature, and the document.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import json
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.atomic import atomic_write_bytes
from desktop.core.errors import os_reason
from desktop.core.jsonsafe import loads_limited
from desktop.core.packs.document import check_policy_file, check_policy_text
from desktop.core.packs.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_PACK_BYTES,
    TAMPERED,
    PackError,
    read_capped,
)
from desktop.core.packs.signing import (
    MAX_SIGNATURE_BYTES,
    SIGNATURE_NAME,
    OfficeKey,
    PackSignature,
    check_signature,
    parse_signature,
    sign_pack_bytes,
)
from desktop.core.policy.frozen import PolicyYear as FrozenYear
from desktop.core.policy.loader import Problem

if TYPE_CHECKING:  # pydantic is imported where a pack is read, built or checked
    from desktop.core.packs.manifest import Manifest

PACK_SUFFIX = ".czpack"
MANIFEST_NAME = "manifest.json"
POLICY_NAME = "policy.yaml"

BROKEN_ZIP = "不是有效的政策包,或文件没有复制完整(压缩包结构损坏)"


@dataclass(frozen=True)
class Pack:
    """A pack read and fully validated; nothing on disk has changed yet."""

    manifest: Manifest
    policy: FrozenYear
    document: bytes
    source: Path | None = None
    #: manifest.json exactly as in the zip (what a signature covers); b"" for a pack not read from a file
    manifest_raw: bytes = b""
    #: the signature, checked against the bytes when the pack was read; None for an unsigned pack
    signature: PackSignature | None = None

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


def manifest_from_bytes(raw: bytes, source: str) -> Manifest:
    from pydantic import ValidationError

    from desktop.core.errors import describe_validation_error
    from desktop.core.packs.manifest import Manifest

    if len(raw) > MAX_MANIFEST_BYTES:
        raise PackError(f"{MANIFEST_NAME} 过大,不是正常的政策包")
    try:
        data = loads_limited(raw, max_bytes=MAX_MANIFEST_BYTES)
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


def validate_parts(manifest: Manifest, document: bytes, source: str, where: str) -> FrozenYear:
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


#: the members a pack may hold: the two files, and the signature when it is signed
ALLOWED_MEMBERS = (
    sorted([MANIFEST_NAME, POLICY_NAME]),
    sorted([MANIFEST_NAME, POLICY_NAME, SIGNATURE_NAME]),
)


def _member_problem(infos: list[zipfile.ZipInfo]) -> str | None:
    """Why the members of a pack are not the expected files, or None when they are."""
    names = [i.filename for i in infos]
    if sorted(names) in ALLOWED_MEMBERS:
        return None
    if len(set(names)) < len(names) and sorted(set(names)) in ALLOWED_MEMBERS:
        return "政策包中有重名的文件,可能被篡改"
    shown = "、".join(_printable(n) for n in names[:5]) + (f" 等 {len(names)} 个" if len(names) > 5 else "")
    return (
        f"政策包应当只包含 {MANIFEST_NAME} 和 {POLICY_NAME}(签名的政策包另有 {SIGNATURE_NAME}),实际为:{shown or '空'}"
    )


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
    raw = read_capped(path, MAX_PACK_BYTES, "政策包")
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
        signature_raw = (
            _read_member(archive, by_name[SIGNATURE_NAME], MAX_SIGNATURE_BYTES) if SIGNATURE_NAME in by_name else None
        )
    manifest = manifest_from_bytes(manifest_raw, source)
    signature = None
    if signature_raw is not None:
        # a signature that does not match the bytes is refused whoever signed: changed after signing
        signature = parse_signature(signature_raw)
        check_signature(signature, manifest_raw, document)
    policy = validate_parts(manifest, document, source, f"{source}:{POLICY_NAME}")
    return Pack(manifest, policy, document, path, manifest_raw, signature)


def pack_zip_bytes(manifest_raw: bytes, document: bytes, signature_raw: bytes | None = None) -> bytes:
    """The bytes of a pack file holding these members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, manifest_raw)
        archive.writestr(POLICY_NAME, document)
        if signature_raw is not None:
            archive.writestr(SIGNATURE_NAME, signature_raw)
    return buffer.getvalue()


def _write_pack(out: Path, data: bytes) -> None:
    try:
        make_folder(out.parent)
        atomic_write_bytes(out, data)
    except OSError as exc:
        raise PackError(f"无法写出政策包 {out}:{os_reason(exc)}") from None


def sign_pack(source: Path, key: OfficeKey, out: Path | None = None) -> Pack:
    """Sign an existing pack (replacing any signature it had) and write it to ``out`` (default: in place).

    The pack is read and checked in full first: only a valid pack is signed.
    """
    pack = read_pack(Path(source))
    signature = sign_pack_bytes(pack.manifest_raw, pack.document, key)
    target = Path(out) if out is not None else Path(source)
    _write_pack(target, pack_zip_bytes(pack.manifest_raw, pack.document, signature))
    return read_pack(target)


def build_pack(
    document_path: Path,
    out: Path,
    notice_title: str | None = None,
    notice_issuer: str | None = None,
    notice_issued: dt.date | None = None,
    now: dt.datetime | None = None,
    key: OfficeKey | None = None,
) -> Pack:
    """Validate a policy document and write it with its manifest as a pack; return the pack as read back.

    The notice fields default to the document's own notice (``notice_id``). With ``key`` (the
    office's signing key, see signing.ensure_office_key) the pack is signed.
    """
    from pydantic import ValidationError

    from desktop.core.errors import describe_validation_error
    from desktop.core.packs.manifest import Manifest, PackNotice

    policy, problems = check_policy_file(Path(document_path))
    if problems or policy is None:
        raise PackError("政策数据没有通过检查,未生成政策包", problems)
    document = read_capped(Path(document_path), MAX_DOCUMENT_BYTES, "政策数据文件")
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
    manifest_raw = manifest_bytes(manifest)
    signature = sign_pack_bytes(manifest_raw, document, key) if key is not None else None
    _write_pack(out, pack_zip_bytes(manifest_raw, document, signature))
    return read_pack(out)


def make_folder(path: Path) -> None:
    """mkdir -p; a file standing where a folder belongs is reported as that, not as "already exists"."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(path)) from None


def manifest_bytes(manifest: Manifest) -> bytes:
    return (json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

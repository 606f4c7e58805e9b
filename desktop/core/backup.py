"""备份数据 / 恢复数据: the whole data folder to one file, and back on another PC.

The data folder (``desktop.core.userdirs.data_dir()``: settings, the last session, installed
policy packs, anything else the program keeps there) goes into one .zip with a manifest
(``czdesk-backup.json``: the program, the format, and every file's size and sha256). The log and
the snapshot cache are left out: the log belongs to the PC it was written on, the cache is
rebuilt by itself.

Writing is atomic (desktop.core.atomic.replacing): a stick pulled out half way leaves no
half-written backup under the chosen name. A restore checks the whole file before anything is
replaced: its size, that it is a zip holding exactly the files its manifest lists, every name
(no absolute paths, no ``..``, no drive letters, no links), every size against the manifest and
against limits, the compression ratio (a zip bomb), and each file's sha256 as it is unpacked,
reading never more bytes than the manifest declares. Only then is the current data moved aside,
into a folder beside the data folder named ``<data folder>.恢复前-<date>-<time>``, and the
restored files moved in; a failure on the way moves everything back.

Qt-free: the window's 文件 menu (desktop/ui/window/backup.py) calls these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from desktop.app_info import APP_ID
from desktop.core.atomic import TEMP_SUFFIX, fsync_dir, is_our_temp, replacing
from desktop.core.errors import os_reason

MANIFEST = "czdesk-backup.json"
FORMAT = 1
#: top-level entries of the data folder that are not backed up, nor replaced by a restore
NOT_BACKED_UP = frozenset({"Logs", "cache"})
#: the backup file as a whole, checked before it is opened
MAX_FILE_BYTES = 256 * 1024 * 1024
#: all files unpacked together, and one file
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_MEMBER_BYTES = 128 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
#: a member larger than this must not be compressed more than MAX_RATIO times (a zip bomb)
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_RATIO = 100
MAX_NAME_CHARS = 400
_CHUNK = 1024 * 1024


class BackupError(ValueError):
    """A backup that cannot be written or a file that cannot be restored; the message is Chinese."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    files: int
    total_bytes: int
    created: str


@dataclass(frozen=True)
class RestoreResult:
    files: int
    total_bytes: int
    kept_aside: Path | None


# ------------------------------------------------------------------------------------------ writing


def _backed_up_files(data: Path) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    if not data.is_dir():
        return found
    for root, dirs, files in os.walk(data):  # os.walk never follows links into folders
        rel_root = Path(root).relative_to(data)
        if rel_root == Path("."):
            dirs[:] = [d for d in dirs if d not in NOT_BACKED_UP]
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if is_our_temp(name) or name.endswith(TEMP_SUFFIX) or path.is_symlink() or not path.is_file():
                continue
            found.append((path, (rel_root / name).as_posix()))
    return found


def default_name(today: dt.date) -> str:
    return f"测算台数据备份-{today.year:04d}{today.month:02d}{today.day:02d}.zip"


def write_backup(data: Path, target: Path, *, now: dt.datetime | None = None) -> BackupSummary:
    """The data folder into ``target`` (a .zip), atomically; BackupError with a Chinese reason."""
    data, target = Path(data), Path(target)
    try:
        if target.resolve().is_relative_to(data.resolve()):
            raise BackupError("备份文件不能保存在数据文件夹里面,请选择别的位置(例如 U 盘)。")
    except OSError as exc:
        raise BackupError(f"无法使用 {target}:{os_reason(exc)}") from exc
    files = _backed_up_files(data)
    if len(files) > MAX_MEMBERS:
        raise BackupError(f"数据文件夹里的文件太多({len(files)} 个,最多 {MAX_MEMBERS} 个),无法备份。")
    moment = (now or dt.datetime.now()).replace(microsecond=0)
    listing: list[dict[str, object]] = []
    total = 0
    try:
        with replacing(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, name in files:
                content = path.read_bytes()
                total += len(content)
                if len(content) > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                    raise BackupError(f"数据文件夹太大,无法备份({name})。")
                archive.writestr(name, content)
                listing.append({"name": name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()})
            manifest = {"app": APP_ID, "format": FORMAT, "created": moment.isoformat(), "files": listing}
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    except OSError as exc:
        raise BackupError(f"无法写入备份文件 {target}:{os_reason(exc)}") from exc
    return BackupSummary(target, len(listing), total, moment.isoformat())


# ------------------------------------------------------------------------------------------ checking


def _safe_name(name: str) -> bool:
    if not name or len(name) > MAX_NAME_CHARS or "\\" in name or ":" in name or name.startswith("/"):
        return False
    if any(ord(c) < 32 for c in name):
        return False
    parts = name.split("/")
    if any(p in ("", ".", "..") or p != p.strip() for p in parts):
        return False
    return parts[0] not in NOT_BACKED_UP and parts[0] != MANIFEST


def _manifest(archive: zipfile.ZipFile, where: str) -> dict[str, dict[str, object]]:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise BackupError(f"{where} 不是本程序的备份文件(里面没有 {MANIFEST})。") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise BackupError(f"{where} 的清单太大,不是本程序的备份文件。")
    with archive.open(info) as fh:
        raw = fh.read(MAX_MANIFEST_BYTES + 1)
    if len(raw) > MAX_MANIFEST_BYTES:
        raise BackupError(f"{where} 的清单太大,不是本程序的备份文件。")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupError(f"{where} 的清单已损坏。") from None
    if not isinstance(manifest, dict) or manifest.get("app") != APP_ID:
        raise BackupError(f"{where} 不是本程序的备份文件。")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{where} 是另一版本程序的备份(格式 {manifest.get('format')!r}),本程序无法恢复。")
    entries = manifest.get("files")
    if not isinstance(entries, list) or len(entries) > MAX_MEMBERS:
        raise BackupError(f"{where} 的清单已损坏。")
    listed: dict[str, dict[str, object]] = {}
    for entry in entries:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or not isinstance(entry.get("size"), int)
            or isinstance(entry.get("size"), bool)
            or not isinstance(entry.get("sha256"), str)
            or len(str(entry["sha256"])) != 64
        ):
            raise BackupError(f"{where} 的清单已损坏。")
        name = str(entry["name"])
        if not _safe_name(name):
            raise BackupError(f"{where} 含有不安全的文件名:{name[:80]!r},拒绝恢复。")
        if name in listed:
            raise BackupError(f"{where} 的清单重复列出了 {name}。")
        listed[name] = entry
    created = manifest.get("created")
    listed[""] = {"created": created if isinstance(created, str) else ""}
    return listed


def _open_checked(path: Path) -> tuple[zipfile.ZipFile, dict[str, dict[str, object]], list[zipfile.ZipInfo]]:
    where = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BackupError(f"无法读取 {path}:{os_reason(exc)}") from exc
    if size > MAX_FILE_BYTES:
        raise BackupError(
            f"{where} 太大({size // (1024 * 1024)} MB,最多 {MAX_FILE_BYTES // (1024 * 1024)} MB),不是本程序的备份文件。"
        )
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BackupError(f"{where} 不是本程序的备份文件(不是完整的 zip 文件,可能没有复制完整)。") from None
    except OSError as exc:
        raise BackupError(f"无法读取 {path}:{os_reason(exc)}") from exc
    try:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS + 1:
            raise BackupError(f"{where} 里的文件太多,拒绝恢复。")
        listed = _manifest(archive, where)
        members: list[zipfile.ZipInfo] = []
        seen: set[str] = set()
        total = 0
        for info in infos:
            if info.filename == MANIFEST:
                continue
            name = info.filename
            if info.is_dir():
                continue
            if name in seen:
                raise BackupError(f"{where} 含有重复的文件 {name},拒绝恢复。")
            seen.add(name)
            if not _safe_name(name) or name not in listed:
                raise BackupError(f"{where} 含有清单以外或不安全的文件:{name[:80]!r},拒绝恢复。")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise BackupError(f"{where} 含有链接 {name},拒绝恢复。")
            if info.flag_bits & 0x1:
                raise BackupError(f"{where} 含有加密的文件 {name},拒绝恢复。")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise BackupError(f"{where} 的 {name} 用了不支持的压缩方式,拒绝恢复。")
            declared = listed[name]["size"]
            if info.file_size != declared or info.file_size > MAX_MEMBER_BYTES:
                raise BackupError(f"{where} 的 {name} 大小与清单不符或太大,拒绝恢复。")
            if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise BackupError(f"{where} 的 {name} 压缩比异常(可能是恶意文件),拒绝恢复。")
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise BackupError(f"{where} 解开后太大(超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB),拒绝恢复。")
            members.append(info)
        missing = set(listed) - seen - {""}
        if missing:
            raise BackupError(f"{where} 缺少清单中的文件:{sorted(missing)[0]},可能没有复制完整。")
        return archive, listed, members
    except BaseException:
        archive.close()
        raise


def check_backup(path: Path) -> BackupSummary:
    """Everything restore checks except the unpacked bytes' hashes; what the confirmation shows."""
    archive, listed, members = _open_checked(Path(path))
    with archive:
        return BackupSummary(Path(path), len(members), sum(m.file_size for m in members), str(listed[""]["created"]))


# ------------------------------------------------------------------------------------------ restoring


def _unpack(
    archive: zipfile.ZipFile,
    listed: dict[str, dict[str, object]],
    members: list[zipfile.ZipInfo],
    into: Path,
    where: str,
) -> int:
    total = 0
    for info in members:
        expected = int(str(listed[info.filename]["size"]))
        digest = hashlib.sha256()
        out = into / PurePosixPath(info.filename)
        out.parent.mkdir(parents=True, exist_ok=True)
        got = 0
        with archive.open(info) as src, open(out, "xb") as dst:
            while True:
                chunk = src.read(min(_CHUNK, expected - got + 1))
                if not chunk:
                    break
                got += len(chunk)
                if got > expected:
                    raise BackupError(f"{where} 的 {info.filename} 比清单写的大,拒绝恢复。")
                digest.update(chunk)
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        if got != expected or digest.hexdigest() != listed[info.filename]["sha256"]:
            raise BackupError(f"{where} 的 {info.filename} 已损坏(校验不符),拒绝恢复。")
        total += got
    return total


def _stamp(now: dt.datetime) -> str:
    return f"{now.year:04d}{now.month:02d}{now.day:02d}-{now.hour:02d}{now.minute:02d}{now.second:02d}"


def restore_backup(path: Path, data: Path, *, now: dt.datetime | None = None) -> RestoreResult:
    """Replace the data folder's contents with the backup's, keeping the replaced ones aside.

    Nothing is touched until the whole file has been checked and unpacked beside the data folder.
    """
    path, data = Path(path), Path(data)
    where = path.name
    archive, listed, members = _open_checked(path)
    moment = now or dt.datetime.now()
    parent = data.parent
    staging = parent / f"{data.name}.恢复中-{os.getpid()}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir()
        with archive:
            total = _unpack(archive, listed, members, staging, where)
        fsync_dir(staging)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise BackupError(f"无法解开备份到 {parent}:{os_reason(exc)}") from exc
        raise

    data.mkdir(parents=True, exist_ok=True)
    current = sorted(p for p in data.iterdir() if p.name not in NOT_BACKED_UP)
    aside: Path | None = None
    moved_out: list[Path] = []
    moved_in: list[Path] = []
    try:
        if current:
            aside = parent / f"{data.name}.恢复前-{_stamp(moment)}"
            n = 1
            while aside.exists():
                n += 1
                aside = parent / f"{data.name}.恢复前-{_stamp(moment)}-{n}"
            aside.mkdir()
            for item in current:
                os.replace(item, aside / item.name)
                moved_out.append(item)
        for item in sorted(staging.iterdir()):
            os.replace(item, data / item.name)
            moved_in.append(data / item.name)
        fsync_dir(data)
    except OSError as exc:
        # put everything back as it was: the restored entries out, the kept ones in
        for item in moved_in:
            try:
                os.replace(item, staging / item.name)
            except OSError:
                pass
        for item in moved_out:
            try:
                os.replace(aside / item.name, item)  # type: ignore[operator]
            except OSError:
                pass
        if aside is not None:
            try:
                aside.rmdir()
            except OSError:
                pass
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"无法替换数据文件夹 {data}:{os_reason(exc)};原有数据未改动。") from exc
    shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(len(members), total, aside)

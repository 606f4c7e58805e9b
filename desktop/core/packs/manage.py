"""Changing the store of installed packs: install, enable, disable, remove.

Every change is atomic: an install writes a temporary folder beside the target, fsyncs it and
moves it in place with one ``os.replace``; a removal renames the folder away first; the state
is written atomically with its backup. Bundled years are never written to.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from desktop.core.atomic import fsync_dir
from desktop.core.errors import os_reason
from desktop.core.packs.installed import STORED_NAME, InstalledPack, Scan, list_installed, packs_dir, writable_scan
from desktop.core.packs.limits import PackError
from desktop.core.packs.load import bundled_clash, bundled_versions
from desktop.core.packs.packfile import MANIFEST_NAME, POLICY_NAME, Pack, make_folder, manifest_bytes
from desktop.core.packs.signing import SIGNATURE_NAME
from desktop.core.packs.state import read_state, state_key, state_lock, write_state
from desktop.core.policy import snapshot

BUNDLED_REFUSED = "{year} 年度({version})是随程序安装的内置数据,不能停用或删除"


def _write_durable(path: Path, data: bytes) -> None:
    """Write one file of an install and force it to disk."""
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _find(year: int, version: str | None, base: Path | None) -> tuple[InstalledPack, Scan]:
    """The installed pack named by year and version (version may be omitted when the year has one pack)."""
    scan = writable_scan(base)
    candidates = [p for p in scan.packs if p.year == year]
    if version is not None:
        candidates = [p for p in candidates if p.data_version == version]
    bundled = bundled_versions()
    if not candidates:
        if year in bundled and (version is None or version == bundled[year][0]):
            raise PackError(BUNDLED_REFUSED.format(year=year, version=bundled[year][0]))
        named = f"{year} 年度" + (f" {version} 版本" if version else "")
        raise PackError(f"没有安装 {named} 的政策包")
    if len(candidates) > 1:
        versions = "、".join(p.data_version for p in candidates)
        raise PackError(f"{year} 年度安装了多个版本({versions}),请写明版本号")
    return candidates[0], scan


def check_installable(pack: Pack, base: Path | None = None) -> tuple[Path, Path]:
    """Raise PackError when :func:`install` would refuse this pack (a clash with a bundled year or
    an installed pack, an unusable packs folder); else its year folder and target folder.

    The window and the command line ask this before the unsigned/untrusted warning, so a pack
    that cannot be installed anyway is refused first, for its real reason.
    """
    clash = bundled_clash(pack.year, pack.data_version, pack.sha256, bundled_versions())
    if clash:
        raise PackError(clash)
    scan = writable_scan(base)
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
            if pack.signature is not None and (
                existing.signature is None or existing.signature.public_raw != pack.signature.public_raw
            ):
                raise PackError(
                    f"{pack.year} 年度 {pack.data_version} 版本已经安装,数据相同,但这一份带有"
                    f"“{pack.signature.office}”的签名;要换成签了名的这一份,请先删除已安装的这一版本"
                    f"(pack remove {pack.year} {pack.data_version})再安装"
                )
            raise PackError(f"{pack.year} 年度 {pack.data_version} 版本已经安装,内容相同,无需重复安装")
        raise PackError(
            f"已安装的 {pack.year} 年度 {pack.data_version} 版本内容不同;"
            "更新的数据请使用新的版本号(data_version),或先删除已安装的这一版本"
        )
    return year_dir, target


def install(pack: Pack, base: Path | None = None) -> InstalledPack:
    """:func:`_install` under the packs' state lock."""
    with state_lock(packs_dir(base)):
        return _install(pack, base)


def _install(pack: Pack, base: Path | None = None) -> InstalledPack:
    """Install a validated pack atomically; on any failure the packs folder is as it was before.

    The same year and data version as a bundled year or an installed pack is refused: with the
    same content it is already there, with other content it would give one version two meanings.
    Whether the pack is signed by a trusted key is not decided here: the window and the command
    line show signing.install_warning and ask first; the installed pack keeps its signature, and
    the data it gives is marked unconfirmed until its key is trusted.
    """
    year_dir, target = check_installable(pack, base)
    root = packs_dir(base)
    tmp: Path | None = None
    try:
        make_folder(year_dir)
        # the process id in the name lets the next start delete what a killed install left
        tmp = Path(tempfile.mkdtemp(prefix=f".install-{os.getpid()}-", dir=year_dir))
        _write_durable(tmp / POLICY_NAME, pack.document)
        if pack.signature is not None:
            # the signed bytes as they were, so the stored signature still names them
            _write_durable(tmp / MANIFEST_NAME, pack.manifest_raw)
            _write_durable(tmp / SIGNATURE_NAME, pack.signature.to_bytes())
        else:
            _write_durable(tmp / MANIFEST_NAME, manifest_bytes(pack.manifest))
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
        installed = _set_enabled(pack.year, pack.data_version, True, base)
    else:
        state = read_state(root)
        if state.disabled is not None:
            write_state(root, state.disabled)  # every install leaves a state (its absence is then a loss)
    return installed


def set_enabled(year: int, version: str | None, enabled: bool, base: Path | None = None) -> InstalledPack:
    """:func:`_set_enabled` under the packs' state lock: two at once never lose one."""
    with state_lock(packs_dir(base)):
        return _set_enabled(year, version, enabled, base)


def _set_enabled(year: int, version: str | None, enabled: bool, base: Path | None = None) -> InstalledPack:
    """Enable or disable an installed pack; bundled years refuse.

    When the state was unknown (no readable state file, see state.read_state), every other
    installed pack is written as disabled: the clerk re-enables what is wanted, one by one.
    """
    pack, scan = _find(year, version, base)
    root = packs_dir(base)
    state = read_state(root)
    disabled = (
        set(state.disabled) if state.disabled is not None else {state_key(p.year, p.data_version) for p in scan.packs}
    )
    name = state_key(pack.year, pack.data_version)
    if enabled:
        disabled.discard(name)
    else:
        disabled.add(name)
    write_state(root, disabled)
    return next(p for p in list_installed(base) if p.path == pack.path)


def remove(year: int, version: str | None, base: Path | None = None) -> InstalledPack:
    """:func:`_remove` under the packs' state lock."""
    with state_lock(packs_dir(base)):
        return _remove(year, version, base)


def _remove(year: int, version: str | None, base: Path | None = None) -> InstalledPack:
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
    state = read_state(root)
    if state.disabled is not None and state_key(pack.year, pack.data_version) in state.disabled:
        write_state(root, state.disabled - {state_key(pack.year, pack.data_version)})
    return pack

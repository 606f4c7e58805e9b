"""备份数据 / 恢复数据 (issue 24, point 6): the data folder to one file and back, checked first."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from desktop.core import backup
from desktop.core.backup import MANIFEST, BackupError, check_backup, restore_backup, write_backup

NOW = dt.datetime(2026, 12, 7, 15, 30, 5)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder as a counter PC has it: settings, session, an installed pack, a log, a cache."""
    d = tmp_path / "pc1" / "changzhou-insurance-desk"
    (d / "packs" / "2026" / "2026.1").mkdir(parents=True)
    (d / "settings.ini").write_text("[General]\nlarge_text=true\n", encoding="utf-8")
    (d / "session.json").write_text('{"quote": {"members": [{"name": "𠮷野 喆"}]}}', encoding="utf-8")
    (d / "packs" / "2026" / "2026.1" / "manifest.json").write_text('{"year": 2026}', encoding="utf-8")
    (d / "packs" / "2026" / "2026.1" / "policy.yaml").write_bytes(b"year: 2026\n" * 100)
    (d / "packs" / "state.json").write_text("{}", encoding="utf-8")
    (d / "Logs").mkdir()
    (d / "Logs" / "desk.log").write_text("pc1 log", encoding="utf-8")
    (d / "cache").mkdir()
    (d / "cache" / "x.snapshot").write_bytes(b"cache")
    (d / "session.json.123-abcd1234.czdesk-tmp").write_bytes(b"half")  # a killed write's leftover
    return d


@pytest.fixture
def other_pc(tmp_path: Path) -> Path:
    d = tmp_path / "pc2" / "测算台数据"
    (d / "Logs").mkdir(parents=True)
    (d / "Logs" / "desk.log").write_text("pc2 log", encoding="utf-8")
    (d / "session.json").write_text('{"old": true}', encoding="utf-8")
    (d / "settings.ini").write_text("[General]\n", encoding="utf-8")
    return d


def test_round_trip_to_another_pc_keeps_the_replaced_data_aside(data: Path, other_pc: Path, tmp_path: Path) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    before_pc2 = _tree(other_pc)
    summary = write_backup(data, stick / "备份.zip", now=NOW)
    assert summary.files == 5 and summary.created == "2026-12-07T15:30:05"
    with zipfile.ZipFile(stick / "备份.zip") as z:
        names = sorted(z.namelist())
    # the log, the cache and the temporary leftover are not in it; the manifest is
    assert names == sorted(
        [
            MANIFEST,
            "packs/2026/2026.1/manifest.json",
            "packs/2026/2026.1/policy.yaml",
            "packs/state.json",
            "session.json",
            "settings.ini",
        ]
    )
    assert list(stick.iterdir()) == [stick / "备份.zip"]  # no temporary file left beside it

    result = restore_backup(stick / "备份.zip", other_pc, now=NOW)
    assert result.files == 5
    restored = _tree(other_pc)
    original = _tree(data)
    for name in ("settings.ini", "session.json", "packs/2026/2026.1/manifest.json", "packs/2026/2026.1/policy.yaml"):
        assert restored[name] == original[name]
    assert "𠮷野 喆" in (other_pc / "session.json").read_text(encoding="utf-8")
    assert restored["Logs/desk.log"] == b"pc2 log"  # this PC's log stays
    assert "cache/x.snapshot" not in restored
    # what was replaced is kept, whole, beside the data folder
    assert result.kept_aside == other_pc.parent / "测算台数据.恢复前-20261207-153005"
    assert _tree(result.kept_aside) == {k: v for k, v in before_pc2.items() if not k.startswith("Logs/")}
    assert sorted(p.name for p in other_pc.parent.iterdir()) == ["测算台数据", "测算台数据.恢复前-20261207-153005"]


def test_restore_into_an_empty_folder_keeps_nothing_aside(data: Path, tmp_path: Path) -> None:
    write_backup(data, tmp_path / "b.zip", now=NOW)
    fresh = tmp_path / "fresh" / "changzhou-insurance-desk"
    result = restore_backup(tmp_path / "b.zip", fresh, now=NOW)
    assert result.kept_aside is None and (fresh / "settings.ini").is_file()


def test_a_backup_is_never_written_into_the_data_folder(data: Path) -> None:
    with pytest.raises(BackupError, match="不能保存在数据文件夹里面"):
        write_backup(data, data / "packs" / "b.zip")


def test_a_failed_backup_leaves_no_file(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "stick" / "b.zip"
    target.parent.mkdir()
    target.write_bytes(b"the previous backup")
    real = Path.read_bytes

    def failing(self: Path) -> bytes:
        if self.name == "policy.yaml":
            raise PermissionError(13, "denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    with pytest.raises(BackupError, match="无法写入备份文件"):
        write_backup(data, target)
    monkeypatch.undo()
    assert target.read_bytes() == b"the previous backup"  # untouched
    assert list(target.parent.iterdir()) == [target]  # and no temporary file


# ------------------------------------------------------------------------------ hostile or broken files


def _zip(path: Path, members: dict[str, bytes], manifest: object = None, *, lie: dict[str, int] | None = None) -> Path:
    """A backup-like zip; the manifest lists the members truthfully unless given (or ``lie`` sizes)."""
    if manifest is None:
        manifest = {
            "app": "changzhou-insurance-desk",
            "format": 1,
            "created": "2026-12-07T15:30:05",
            "files": [
                {"name": n, "size": (lie or {}).get(n, len(b)), "sha256": hashlib.sha256(b).hexdigest()}
                for n, b in members.items()
            ],
        }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
        z.writestr(MANIFEST, json.dumps(manifest))
    return path


def _refused(path: Path, other_pc: Path, match: str) -> None:
    before = _tree(other_pc)
    siblings = sorted(other_pc.parent.iterdir())
    with pytest.raises(BackupError, match=match):
        check_backup(path)
    with pytest.raises(BackupError, match=match):
        restore_backup(path, other_pc)
    assert _tree(other_pc) == before  # nothing replaced
    assert sorted(other_pc.parent.iterdir()) == siblings  # no aside, no staging folder left


def test_not_a_zip(other_pc: Path, tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04 not really")
    _refused(tmp_path / "x.zip", other_pc, "不是完整的 zip")


def test_a_truncated_copy(data: Path, other_pc: Path, tmp_path: Path) -> None:
    write_backup(data, tmp_path / "b.zip")
    raw = (tmp_path / "b.zip").read_bytes()
    (tmp_path / "cut.zip").write_bytes(raw[: len(raw) // 2])
    _refused(tmp_path / "cut.zip", other_pc, "不是完整的 zip")


def test_a_zip_of_something_else(other_pc: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "x.zip", "w") as z:
        z.writestr("readme.txt", "hello")
    _refused(tmp_path / "x.zip", other_pc, "里面没有 czdesk-backup.json")
    _zip(tmp_path / "y.zip", {"a": b"1"}, manifest={"app": "other", "format": 1, "files": []})
    _refused(tmp_path / "y.zip", other_pc, "不是本程序的备份文件")
    _zip(tmp_path / "z.zip", {"a": b"1"}, manifest={"app": "changzhou-insurance-desk", "format": 9, "files": []})
    _refused(tmp_path / "z.zip", other_pc, "另一版本")


@pytest.mark.parametrize(
    "name",
    [
        "../evil.ini",
        "packs/../../evil",
        "/etc/passwd",
        "C:/Windows/evil.dll",
        "packs\\..\\evil",
        "Logs/desk.log",
        "a/./b",
    ],
)
def test_unsafe_names_are_refused(name: str, other_pc: Path, tmp_path: Path) -> None:
    _zip(tmp_path / "x.zip", {name: b"x"})
    _refused(tmp_path / "x.zip", other_pc, "不安全")
    assert not (tmp_path / "evil.ini").exists()


def test_a_member_the_manifest_does_not_list(other_pc: Path, tmp_path: Path) -> None:
    manifest = {"app": "changzhou-insurance-desk", "format": 1, "files": []}
    _zip(tmp_path / "x.zip", {"settings.ini": b"x"}, manifest=manifest)
    _refused(tmp_path / "x.zip", other_pc, "清单以外")


def test_a_listed_file_missing(other_pc: Path, tmp_path: Path) -> None:
    manifest = {
        "app": "changzhou-insurance-desk",
        "format": 1,
        "files": [{"name": "session.json", "size": 1, "sha256": "0" * 64}],
    }
    _zip(tmp_path / "x.zip", {}, manifest=manifest)
    _refused(tmp_path / "x.zip", other_pc, "缺少清单中的文件")


def test_a_link_is_refused(other_pc: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    _zip(path, {"settings.ini": b"/etc/passwd"})
    # mark the member as a symbolic link, as `zip --symlinks` would
    with zipfile.ZipFile(path) as z:
        infos = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, content in infos:
            if info.filename == "settings.ini":
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, content)
    _refused(path, other_pc, "链接")


def test_changed_content_fails_its_hash(data: Path, other_pc: Path, tmp_path: Path) -> None:
    good = {"settings.ini": b"[General]\n", "session.json": b'{"a": 1}'}
    manifest = {
        "app": "changzhou-insurance-desk",
        "format": 1,
        "files": [{"name": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in good.items()],
    }
    _zip(tmp_path / "x.zip", {"settings.ini": b"[General]\n", "session.json": b'{"a": 2}'}, manifest=manifest)
    before = _tree(other_pc)
    check_backup(tmp_path / "x.zip")  # the listing is consistent; only unpacking shows the change
    with pytest.raises(BackupError, match="校验不符"):
        restore_backup(tmp_path / "x.zip", other_pc)
    assert _tree(other_pc) == before
    assert sorted(p.name for p in other_pc.parent.iterdir()) == ["测算台数据"]


def test_a_size_that_disagrees_with_the_manifest(other_pc: Path, tmp_path: Path) -> None:
    _zip(tmp_path / "x.zip", {"session.json": b"x" * 5000}, lie={"session.json": 10})
    _refused(tmp_path / "x.zip", other_pc, "大小与清单不符")


def test_a_zip_bomb_is_refused_before_unpacking(other_pc: Path, tmp_path: Path) -> None:
    # 20 MiB of zeros deflate to about 20 KiB: a ratio of about 1000, over the limit of 100
    _zip(tmp_path / "bomb.zip", {"session.json": bytes(20 * 1024 * 1024)})
    assert (tmp_path / "bomb.zip").stat().st_size < 200_000
    _refused(tmp_path / "bomb.zip", other_pc, "压缩比异常")


def test_limits_on_the_file_and_the_members(other_pc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _zip(tmp_path / "x.zip", {f"packs/{i}.json": b"{}" for i in range(5)})
    monkeypatch.setattr(backup, "MAX_FILE_BYTES", 100)
    _refused(tmp_path / "x.zip", other_pc, "太大")
    monkeypatch.setattr(backup, "MAX_FILE_BYTES", 10**9)
    monkeypatch.setattr(backup, "MAX_MEMBERS", 3)
    _refused(tmp_path / "x.zip", other_pc, "太多")
    monkeypatch.setattr(backup, "MAX_MEMBERS", 10**4)
    monkeypatch.setattr(backup, "MAX_TOTAL_BYTES", 6)
    _refused(tmp_path / "x.zip", other_pc, "解开后太大")


def test_a_failed_swap_puts_everything_back(
    data: Path, other_pc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_backup(data, tmp_path / "b.zip")
    before = _tree(other_pc)
    real = os.replace
    calls = {"n": 0}

    def flaky(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:  # two entries moved aside, one restored entry moved in, then a failure
            raise PermissionError(13, "in use", str(dst))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(BackupError, match="原有数据未改动"):
        restore_backup(tmp_path / "b.zip", other_pc, now=NOW)
    monkeypatch.undo()
    assert _tree(other_pc) == before
    assert sorted(p.name for p in other_pc.parent.iterdir()) == ["测算台数据"]


def test_default_name() -> None:
    assert backup.default_name(dt.date(2026, 12, 7)) == "测算台数据备份-20261207.zip"

"""Policy packs: build, read, diff, install, disable, remove, tamper, interrupted install, template, CLI.

The fake 2026 year is the bundled 2025 year with its dates moved one year on and one figure
changed by hand (老年居民 individual premium 730 → 760), so every expected value below is known
without running the code under test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from desktop.cli import pack as packs_cli
from desktop.core import packs
from desktop.core.packs.state import write_state
from desktop.core.policy.diff import diff_years
from desktop.core.policy.freeze import thaw
from desktop.core.policy.loader import PolicySet, parse_policy_text
from desktop.core.policy.model import PolicyYear, iter_figures
from desktop.core.staleness import staleness_message

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path / "userdata"
    monkeypatch.setenv(packs.DATA_DIR_ENV, str(base))
    return base


def _dated(fig, value):  # type: ignore[no-untyped-def]
    return fig.model_copy(update={"value": value})


def fake_year(base: PolicyYear, year: int, version: str, elderly: str = "760") -> PolicyYear:
    """``base`` moved to ``year`` (dates shifted) with the 老年居民 premium set to ``elderly``.

    The parts move with it, as ``pack check`` requires (individual = medical part + 长护险 30;
    筹资标准 = medical part + 财政补助 1250): 760 → medical part 730, 筹资标准 730 + 1250 = 1980.
    """
    base = thaw(base)  # the loaded year is the pre-validated form; the models make the copy
    e = base.enrolment
    enrolment = e.model_copy(
        update={
            "collection_start": _dated(e.collection_start, dt.date(year - 1, 10, 1)),
            "collection_end": _dated(e.collection_end, dt.date(year - 1, 12, 31)),
            "benefit_start": _dated(e.benefit_start, dt.date(year, 1, 1)),
            "benefit_end": _dated(e.benefit_end, dt.date(year, 12, 31)),
        }
    )
    elderly_cat = base.premiums.categories["elderly"]
    categories = dict(base.premiums.categories)
    medical = Decimal(elderly) - Decimal("30")
    categories["elderly"] = elderly_cat.model_copy(
        update={
            "individual": _dated(elderly_cat.individual, Decimal(elderly)),
            "medical_individual": _dated(elderly_cat.medical_individual, medical),
            "funding_standard": _dated(elderly_cat.funding_standard, medical + Decimal("1250")),
        }
    )
    premiums = base.premiums.model_copy(update={"categories": categories})
    return base.model_copy(
        update={"policy_year": year, "data_version": version, "enrolment": enrolment, "premiums": premiums}
    )


@pytest.fixture
def make_pack(tmp_path: Path, policies: PolicySet) -> Callable[..., Path]:
    def make(year: int = 2026, version: str = "2026.1", elderly: str = "760") -> Path:
        doc = tmp_path / f"{year}-{version}.yaml"
        doc.write_text(packs.policy_to_yaml(fake_year(policies[2025], year, version, elderly)), encoding="utf-8")
        out = tmp_path / f"{year}-{version}.czpack"
        packs.build_pack(doc, out, notice_title="关于2026年度居民医保参保缴费的通告(测试)")
        return out

    return make


def _zip(path: Path, manifest: dict[str, object] | bytes, document: bytes) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        raw = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
        z.writestr(packs.MANIFEST_NAME, raw)
        z.writestr(packs.POLICY_NAME, document)
    return path


def _parts(pack_path: Path) -> tuple[dict[str, object], bytes]:
    with zipfile.ZipFile(pack_path) as z:
        return json.loads(z.read(packs.MANIFEST_NAME)), z.read(packs.POLICY_NAME)


# ---------------------------------------------------------------- building and reading


def test_fake_year_round_trips_through_yaml(policies: PolicySet) -> None:
    year = fake_year(policies[2025], 2026, "2026.1")
    assert parse_policy_text(packs.policy_to_yaml(year), "x") == year


def test_build_and_read(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    path = make_pack()
    pack = packs.read_pack(path)
    document = (tmp_path / "2026-2026.1.yaml").read_bytes()
    assert pack.document == document
    assert pack.sha256 == hashlib.sha256(document).hexdigest()
    assert pack.short_hash == pack.sha256[:12] and len(pack.short_hash) == 12
    assert (pack.year, pack.data_version) == (2026, "2026.1")
    assert pack.policy.premiums.categories["elderly"].individual.value == Decimal("760")
    assert pack.manifest.notice.title == "关于2026年度居民医保参保缴费的通告(测试)"
    # the issuer was not given: it comes from the document's own notice (2025 notice, carried in the fake)
    assert pack.manifest.notice.issuer == "常州市医疗保障局、国家税务总局常州市税务局"
    manifest, _ = _parts(path)
    assert set(manifest) == {"schema_version", "policy_year", "data_version", "notice", "created", "sha256"}


def test_diff_against_the_year_before(make_pack: Callable[..., Path], policies: PolicySet) -> None:
    pack = packs.read_pack(make_pack())
    base = packs.baseline_for(pack, policies)
    assert base is not None and base.policy.policy_year == 2025
    changes = {c.path: c for c in diff_years(base.policy, pack.policy)}
    # four shifted dates and the changed premium with its parts, nothing else
    assert set(changes) == {
        "enrolment.collection_start",
        "enrolment.collection_end",
        "enrolment.benefit_start",
        "enrolment.benefit_end",
        "premiums.categories.elderly.individual",
        "premiums.categories.elderly.medical_individual",
        "premiums.categories.elderly.funding_standard",
    }
    premium = changes["premiums.categories.elderly.individual"]
    assert (premium.old, premium.new, premium.kind) == ("730 元", "760 元", "changed")


def test_tampered_document_is_refused(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    manifest, document = _parts(make_pack())
    edited = document.replace(b"760", b"860", 1)
    assert edited != document
    bad = _zip(tmp_path / "edited.czpack", manifest, edited)
    with pytest.raises(packs.PackError) as info:
        packs.read_pack(bad)
    assert info.value.reason == "校验值不符,文件可能被篡改或未写完整"


def test_flipped_byte_is_refused(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    path = make_pack()
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(packs.POLICY_NAME)
    raw = bytearray(path.read_bytes())
    # local header is 30 bytes + name + extra; flip one byte in the middle of the compressed data
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + info.compress_size // 2] ^= 0xFF
    bad = tmp_path / "flipped.czpack"
    bad.write_bytes(bytes(raw))
    with pytest.raises(packs.PackError) as info_exc:
        packs.read_pack(bad)
    assert info_exc.value.reason == packs.TAMPERED


def test_half_written_pack_is_refused(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    raw = make_pack().read_bytes()
    half = tmp_path / "half.czpack"
    half.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(packs.PackError) as info:
        packs.read_pack(half)
    assert "没有复制完整" in info.value.reason


def test_not_a_zip_and_missing_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.czpack"
    text.write_text("不是压缩包", encoding="utf-8")
    with pytest.raises(packs.PackError, match="压缩包结构损坏"):
        packs.read_pack(text)
    with pytest.raises(packs.PackError, match="找不到文件"):
        packs.read_pack(tmp_path / "absent.czpack")


def test_manifest_year_must_match_document(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    manifest, document = _parts(make_pack())
    bad = _zip(tmp_path / "year.czpack", {**manifest, "policy_year": 2027, "data_version": "2027.1"}, document)
    with pytest.raises(packs.PackError, match="清单写的是 2027 年度,政策数据却是 2026 年度"):
        packs.read_pack(bad)


def test_manifest_is_strict(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    manifest, document = _parts(make_pack())
    extra = _zip(tmp_path / "extra.czpack", {**manifest, "author": "x"}, document)
    with pytest.raises(packs.PackError) as info:
        packs.read_pack(extra)
    assert [(p.field, p.message) for p in info.value.problems] == [("author", "不认识的字段(可能拼写错误)")]
    # the version becomes a folder name: nothing that could climb out of the packs folder
    escape = _zip(tmp_path / "escape.czpack", {**manifest, "data_version": "../2026"}, document)
    with pytest.raises(packs.PackError) as info:
        packs.read_pack(escape)
    assert info.value.problems[0].field == "data_version"


def test_extra_member_in_zip_is_refused(make_pack: Callable[..., Path], tmp_path: Path) -> None:
    manifest, document = _parts(make_pack())
    path = _zip(tmp_path / "more.czpack", manifest, document)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("run.bat", "echo hi")
    with pytest.raises(packs.PackError, match="只包含 manifest.json 和 policy.yaml"):
        packs.read_pack(path)


def test_invalid_document_lists_its_problems(tmp_path: Path) -> None:
    document = b"schema_version: 1\npolicy_year: 2026\n"
    manifest = {
        "schema_version": 1,
        "policy_year": 2026,
        "data_version": "2026.1",
        "notice": {"title": "测试通知", "issuer": "测试单位"},
        "created": "2026-11-01T08:00:00Z",
        "sha256": hashlib.sha256(document).hexdigest(),
    }
    with pytest.raises(packs.PackError) as info:
        packs.read_pack(_zip(tmp_path / "thin.czpack", manifest, document))
    assert info.value.reason == "政策数据没有通过检查"
    assert {p.field for p in info.value.problems} >= {"data_version", "premiums", "benefits"}


# ---------------------------------------------------------------- install, list, disable, remove


def test_install_list_disable_enable_remove(make_pack: Callable[..., Path], data_dir: Path) -> None:
    pack = packs.read_pack(make_pack())
    installed = packs.install(pack)
    assert installed.path == data_dir / "packs" / "2026" / "2026.1"
    assert (installed.path / "policy.yaml").read_bytes() == pack.document

    result = packs.load_all(TODAY)
    assert result.problems == ()
    assert result.policies.years == (2024, 2025, 2026)
    entry = result.policies.entry(2026)
    assert (entry.origin, entry.sha256, entry.path) == ("pack", pack.sha256, installed.path / "policy.yaml")
    assert result.policies[2026].premiums.categories["elderly"].individual.value == Decimal("760")
    assert result.default_year == 2026
    rows = {(r.year, r.origin): r for r in result.rows}
    assert rows[(2026, "pack")].active and rows[(2026, "pack")].short_hash == pack.sha256[:12]
    assert rows[(2025, "bundled")].active and not rows[(2025, "bundled")].removable

    packs.set_enabled(2026, None, False)
    state = json.loads((data_dir / "packs" / "state.json").read_text(encoding="utf-8"))
    assert state["disabled"] == ["2026/2026.1"]
    result = packs.load_all(TODAY)
    assert result.policies.years == (2024, 2025)
    assert result.default_year == 2025
    disabled_row = next(r for r in result.rows if r.origin == "pack")
    assert not disabled_row.enabled and not disabled_row.active

    packs.set_enabled(2026, "2026.1", True)
    assert packs.load_all(TODAY).policies.years == (2024, 2025, 2026)

    packs.remove(2026, "2026.1")
    assert packs.list_installed() == []
    assert not (data_dir / "packs" / "2026" / "2026.1").exists()
    assert packs.load_all(TODAY).policies.years == (2024, 2025)


def test_bundled_years_cannot_be_disabled_or_removed(data_dir: Path) -> None:
    for action in (lambda: packs.remove(2025, None), lambda: packs.set_enabled(2024, "2024.1", False)):
        with pytest.raises(packs.PackError, match="随程序安装的内置数据,不能停用或删除"):
            action()
    with pytest.raises(packs.PackError, match="没有安装 2031 年度"):
        packs.remove(2031, None)
    assert packs.load_all(TODAY).policies.years == (2024, 2025)


def test_same_version_twice_is_refused(make_pack: Callable[..., Path], data_dir: Path) -> None:
    pack = packs.read_pack(make_pack())
    packs.install(pack)
    with pytest.raises(packs.PackError, match="已经安装,内容相同"):
        packs.install(pack)
    other = packs.read_pack(make_pack(elderly="770"))
    with pytest.raises(packs.PackError, match="内容不同"):
        packs.install(other)


def test_interrupted_install_leaves_previous_state(
    make_pack: Callable[..., Path], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = packs.read_pack(make_pack(version="2026.1"))
    packs.install(first)
    before = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    second = packs.read_pack(make_pack(version="2026.2", elderly="770"))

    real_write = packs.manage._write_durable
    calls: list[Path] = []

    def dying_write(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:  # the second file: write half of it, then the disk "fails"
            path.write_bytes(data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(packs.manage, "_write_durable", dying_write)
    with pytest.raises(packs.PackError, match="安装没有完成,原有数据未改动"):
        packs.install(second)
    assert len(calls) == 2

    after = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    assert after == before  # no half folder, no temp folder left
    result = packs.load_all(TODAY)
    assert result.problems == ()
    assert result.policies.entry(2026).policy.data_version == "2026.1"


def test_first_install_interrupted_leaves_nothing(
    make_pack: Callable[..., Path], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = packs.read_pack(make_pack())

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(packs.manage.os, "replace", failing_replace)
    with pytest.raises(packs.PackError):
        packs.install(pack)
    monkeypatch.undo()
    assert packs.list_installed() == []
    assert [p.name for p in (data_dir / "packs" / "2026").iterdir()] == []


def test_broken_installed_pack_is_skipped_and_reported(make_pack: Callable[..., Path], data_dir: Path) -> None:
    installed = packs.install(packs.read_pack(make_pack()))
    with open(installed.path / "policy.yaml", "ab") as fh:
        fh.write(b"# edited by hand\n")
    stray = data_dir / "packs" / "2027" / "2027.1"
    stray.mkdir(parents=True)  # a folder without its manifest

    result = packs.load_all(TODAY)
    assert result.policies.years == (2024, 2025)
    assert len(result.problems) == 2
    by_file = {p.file: p.message for p in result.problems}
    assert "校验值不符" in by_file[str(installed.path)]
    assert "缺少 manifest.json" in by_file[str(stray)]
    broken = [r for r in result.rows if r.origin == "pack"]
    assert all(r.problem and not r.active for r in broken)


def test_leftover_temp_folders_are_ignored(make_pack: Callable[..., Path], data_dir: Path) -> None:
    packs.install(packs.read_pack(make_pack()))
    (data_dir / "packs" / "2026" / ".install-crashed").mkdir()
    assert [p.data_version for p in packs.list_installed()] == ["2026.1"]
    assert packs.load_all(TODAY).problems == ()


def test_newest_version_answers(make_pack: Callable[..., Path], data_dir: Path) -> None:
    packs.install(packs.read_pack(make_pack(version="2026.2", elderly="770")))
    packs.install(packs.read_pack(make_pack(version="2026.10", elderly="790")))
    result = packs.load_all(TODAY)
    # 2026.10 is newer than 2026.2 (numbers compare as numbers, not text)
    assert result.policies[2026].data_version == "2026.10"
    assert result.policies[2026].premiums.categories["elderly"].individual.value == Decimal("790")
    packs.set_enabled(2026, "2026.10", False)
    assert packs.load_all(TODAY).policies[2026].data_version == "2026.2"
    with pytest.raises(packs.PackError, match="安装了多个版本"):
        packs.remove(2026, None)


def test_pack_for_a_bundled_year(make_pack: Callable[..., Path], data_dir: Path) -> None:
    # a correction of 2025 newer than the bundled 2025.1 wins; an older one does not
    packs.install(packs.read_pack(make_pack(year=2025, version="2025.0", elderly="700")))
    result = packs.load_all(TODAY)
    assert result.policies.entry(2025).origin == "bundled"
    packs.install(packs.read_pack(make_pack(year=2025, version="2025.2", elderly="735")))
    result = packs.load_all(TODAY)
    assert result.policies.entry(2025).origin == "pack"
    assert result.policies[2025].premiums.categories["elderly"].individual.value == Decimal("735")
    active = [(r.data_version, r.origin) for r in result.rows if r.year == 2025 and r.active]
    assert active == [("2025.2", "pack")]
    # removing the correction falls back to the bundled year, which stays untouched
    packs.remove(2025, "2025.2")
    packs.remove(2025, "2025.0")
    assert packs.load_all(TODAY).policies.entry(2025).origin == "bundled"


# ---------------------------------------------------------------- staleness with packs


def test_stale_banner_without_2026_pack(data_dir: Path) -> None:
    result = packs.load_all(TODAY)
    assert result.default_year == 2025
    msg = staleness_message(result.policies, result.default_year, TODAY)
    assert msg is not None and "没有安装2026年度" in msg


def test_stale_banner_with_2026_pack(make_pack: Callable[..., Path], data_dir: Path) -> None:
    packs.install(packs.read_pack(make_pack()))
    result = packs.load_all(TODAY)
    assert result.default_year == 2026
    msg = staleness_message(result.policies, 2026, TODAY)
    # 2026 is current; the 2027 collection period (from 2026-10-01) runs and 2027 is not installed
    assert msg is not None and "2027年度" in msg and "没有安装2026年度" not in msg
    old = staleness_message(result.policies, 2025, TODAY)
    assert old is not None and "切换到2026年度" in old


# ---------------------------------------------------------------- template for a new year


def _fill(template: str) -> str:
    """What an officer does, in the crudest form: accept every carried figure with a real reason."""
    return (
        template.replace(packs.PLACEHOLDER_REASON, "2026年度通知未重述,沿用上年")
        .replace(f"reason: {packs.PLACEHOLDER_MARK}:", "reason: ")
        .replace(f"reason: '{packs.PLACEHOLDER_MARK}:", "reason: '")
        .replace(f"{packs.UNFILLED_MARK}:", "")
    )


def _confirm(text: str) -> str:
    """What the pack editor records when the officer confirms every figure (its fingerprint as written)."""
    plain = yaml.safe_load(text)
    policy, _ = packs.check_policy_text(text, "x")
    assert policy is not None
    plain["confirmation"]["figures"] = {path: packs.figure_fingerprint(fig) for path, fig in iter_figures(policy)}
    return yaml.safe_dump(plain, allow_unicode=True, sort_keys=False)


def test_template_fails_check_until_filled(policies: PolicySet) -> None:
    source = policies[2025]
    template = packs.make_template(source)
    policy, problems = packs.check_policy_text(template, "2026.yaml")
    assert policy is not None and policy.policy_year == 2026 and policy.data_version == "2026.1"
    # one problem per figure, plus the new notice's file, title and issuer
    figure_paths = {path for path, _ in iter_figures(source)}
    assert {p.field for p in problems} == figure_paths | {"notices[0].file", "notices[0].title", "notices[0].issuer"}
    assert len(problems) == len(figure_paths) + 3
    # dates moved on one year for the officer to confirm
    assert policy.enrolment.collection_start.value == dt.date(2025, 10, 1)
    assert policy.enrolment.benefit_end.value == dt.date(2026, 12, 31)
    # an official figure became a carried-over placeholder that still names its 2025 source
    individual = policy.premiums.categories["elderly"].individual
    assert (individual.value, individual.status, individual.carried_from, individual.notice) == (
        Decimal("730"),
        "carried_over",
        2025,
        "n2025",
    )
    assert individual.reason == "待核对:沿用上年,发布新通知后请改为原文数值"

    # deleting the marks by search-and-replace is not checking: every figure is still unconfirmed
    _, problems = packs.check_policy_text(_fill(template), "2026.yaml")
    assert {(p.field, p.message) for p in problems} == {(path, packs.NOT_CONFIRMED) for path in figure_paths}

    filled, problems = packs.check_policy_text(_confirm(_fill(template)), "2026.yaml")
    assert problems == [] and filled is not None
    assert filled.notice(filled.enrolment.collection_start).id == "n2025"
    assert filled.confirmation is not None and filled.confirmation.base == "2025.1"

    # a figure changed after it was confirmed must be confirmed again
    changed = _confirm(_fill(template)).replace("value: '730'", "value: '760'", 1)
    _, problems = packs.check_policy_text(changed, "2026.yaml")
    # the sums check also objects (760 ≠ 700 + 30); the confirmation check names only the changed figure
    assert [(p.field, p.message) for p in problems if p.message == packs.NOT_CONFIRMED] == [
        ("premiums.categories.elderly.individual", packs.NOT_CONFIRMED)
    ]


def test_template_without_its_record_and_marks_still_refused(policies: PolicySet) -> None:
    """Deleting the confirmation record as well as "待核对:" leaves the template's own words behind."""
    plain = yaml.safe_load(packs.make_template(policies[2025]).replace(f"{packs.UNFILLED_MARK}:", ""))
    del plain["confirmation"]
    text = yaml.safe_dump(plain, allow_unicode=True, sort_keys=False).replace(f"{packs.PLACEHOLDER_MARK}:", "")
    _, problems = packs.check_policy_text(text, "2026.yaml")
    carried = {path for path, fig in iter_figures(policies[2025]) if fig.status == "official"}
    assert carried and carried <= {p.field for p in problems}


def test_build_refuses_a_template(policies: PolicySet, tmp_path: Path) -> None:
    doc = tmp_path / "2026.yaml"
    doc.write_text(packs.make_template(policies[2025]), encoding="utf-8")
    with pytest.raises(packs.PackError, match="未生成政策包"):
        packs.build_pack(doc, tmp_path / "2026.czpack")
    assert not (tmp_path / "2026.czpack").exists()


def test_benefit_dates_must_be_in_the_policy_year(policies: PolicySet) -> None:
    wrong = thaw(policies[2025]).model_copy(update={"policy_year": 2026, "data_version": "2026.1"})
    _, problems = packs.check_policy_text(packs.policy_to_yaml(wrong), "x")
    assert {p.field for p in problems} == {"enrolment.benefit_start.value", "enrolment.benefit_end.value"}


# ---------------------------------------------------------------- command line


def test_cli_template_check_build_install(
    policies: PolicySet, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "2026.yaml"
    assert packs_cli.main(["template", "--from", "2025", "-o", str(doc)]) == 0
    assert packs_cli.main(["template", "--from", "2025", "-o", str(doc)]) == 2  # no silent overwrite
    capsys.readouterr()

    assert packs_cli.main(["check", str(doc)]) == 2
    err = capsys.readouterr().err
    assert "premiums.categories.elderly.individual: 模板占位" in err
    assert "notices[0].title: 模板占位内容" in err

    # only the individual amount changed (730 → 760): its parts no longer add up, and check says so
    # (issue 23 point 5: 760 ≠ medical part 700 + 长护险 30)
    doc.write_text(_fill(doc.read_text(encoding="utf-8")).replace("'730'", "'760'", 1), encoding="utf-8")
    assert packs_cli.main(["check", str(doc)]) == 2
    err = capsys.readouterr().err
    assert "premiums.categories.elderly.individual.value: 各部分之和不符" in err and "760 ≠" in err
    # the parts moved with it: medical part 760 − 30 = 730, 筹资标准 730 + 1250 = 1980
    text = doc.read_text(encoding="utf-8").replace("'700'", "'730'", 1).replace("'1950'", "'1980'", 1)
    doc.write_text(_confirm(text), encoding="utf-8")
    assert packs_cli.main(["check", str(doc)]) == 0
    assert "检查通过(2026 年度,数据版本 2026.1)" in capsys.readouterr().out

    out = tmp_path / "2026.czpack"
    assert packs_cli.main(["build", str(doc), "--notice-title", "2026年度通告", "-o", str(out)]) == 0
    sha = hashlib.sha256(doc.read_bytes()).hexdigest()
    assert f"校验值:{sha[:12]}" in capsys.readouterr().out

    assert packs_cli.main(["inspect", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "与2025 年度" in shown and "premiums.categories.elderly.individual:730 元 → 760 元" in shown

    assert packs_cli.main(["install", str(out), "--allow-unconfirmed"]) == 0
    assert f"2026 年度政策数据 2026.1(校验值 {sha[:12]})" in capsys.readouterr().out

    assert packs_cli.main(["list"]) == 0
    listing = capsys.readouterr().out
    line_2026 = next(line for line in listing.splitlines() if line.startswith("2026"))
    assert "2026.1" in line_2026 and sha[:12] in line_2026 and "使用中" in line_2026
    bundled = policies.entry(2025)
    assert any(line.startswith("2025") and bundled.short_hash in line for line in listing.splitlines())

    assert packs_cli.main(["disable", "2026"]) == 0
    assert "已停用" in capsys.readouterr().out
    assert packs_cli.main(["remove", "2025"]) == 2
    assert "内置数据,不能停用或删除" in capsys.readouterr().err
    assert packs_cli.main(["remove", "2026", "2026.1"]) == 0
    assert packs.list_installed() == []


def test_cli_refuses_a_broken_pack(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.czpack"
    bad.write_bytes(b"PK\x03\x04 truncated")
    assert packs_cli.main(["install", str(bad)]) == 2
    assert "不能使用这个政策包" in capsys.readouterr().err
    assert not (data_dir / "packs").exists() or packs.list_installed() == []


def test_data_dir_follows_the_environment(data_dir: Path) -> None:
    assert packs.packs_dir() == data_dir / "packs"
    assert os.environ[packs.DATA_DIR_ENV] == str(data_dir)


# ---------------------------------------------------------------- one loading function for every entry point


def test_every_entry_point_loads_through_load_all() -> None:
    """Only the loader and packs.load_all read policy files; window, CLI, roster and self-test call load_all."""
    import re

    root = Path(__file__).resolve().parents[3] / "desktop"
    sources = {str(path.relative_to(root)): path.read_text(encoding="utf-8") for path in root.rglob("*.py")}
    direct = sorted(
        name
        for name, text in sources.items()
        if name not in {"core/policy/loader.py", "core/packs/load.py", "core/policy/__init__.py"}
        and re.search(r"\bload_polic(ies|y_file)\(", text)
    )
    assert direct == []
    callers = {name for name, text in sources.items() if re.search(r"\bload_all\(", text)}
    assert {"cli/calculate.py", "cli/roster.py", "cli/pack.py", "ui/app.py", "ui/selftest.py"} <= callers


def _roster_csv(path: Path) -> Path:
    # one 老年居民 born 1950 in 武进区, no aid: pays the elderly individual premium in full
    from tests.core.roster.test_roster import make_id

    person = make_id("32041219500505004")
    path.write_text(
        f"户号,姓名,身份证号码,参保身份,救助类别,所属区\nH1,李老,{person},老年居民,,武进区\n", encoding="utf-8"
    )
    return path


def _roster_answer(out: Path) -> tuple[object, object]:
    import openpyxl

    from tests.sheet_cells import cell, row_where

    wb = openpyxl.load_workbook(out)
    summary = {r[0]: r[1] for r in wb["分类汇总"].iter_rows(values_only=True) if r[0]}
    roster = wb["名册"]
    return summary["政策数据版本"], cell(roster, "个人缴费(元)", row_where(roster, "行号", 2)).value


def test_roster_answers_from_installed_packs(
    make_pack: Callable[..., Path], data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import calculate as cli
    from desktop.cli import roster as roster_cli

    src = _roster_csv(tmp_path / "r.csv")
    out = tmp_path / "out.xlsx"
    assert roster_cli.main([str(src), "--year", "2025", "-o", str(out)]) == 0
    assert _roster_answer(out) == ("2025.1", 730)  # the bundled 2025 notice: 老年居民 730 元

    # a 2025 correction (elderly 830) and a 2026 year: quote and roster both answer from them
    packs.install(packs.read_pack(make_pack(year=2025, version="2025.2", elderly="830")))
    packs.install(packs.read_pack(make_pack(year=2026, version="2026.1", elderly="760")))
    quote = {"policy_year": 2025, "district": "wujin", "members": [{"category": "elderly"}]}
    answer = cli.run_command("quote", quote, today=TODAY)
    assert (answer["data_version"], answer["total_individual"]) == ("2025.2", "830.00")
    assert roster_cli.main([str(src), "--year", "2025", "-o", str(out)]) == 0
    assert _roster_answer(out) == ("2025.2", 830)
    assert roster_cli.main([str(src), "--year", "2026", "-o", str(out)]) == 0
    assert _roster_answer(out) == ("2026.1", 760)
    capsys.readouterr()


# ---------------------------------------------------------------- one version, one set of figures (issue 12.1)


def _bundled_2025_copy(tmp_path: Path, policies: PolicySet, elderly: str, version: str = "2025.1") -> Path:
    """A pack built from a copy of the bundled 2025 document with the 老年居民 premium changed."""
    from desktop.resources import policy_dir

    text = (policy_dir() / "2025.yaml").read_text(encoding="utf-8")
    if elderly != "730":
        changed = fake_year(policies[2025], 2025, version, elderly)
        text = packs.policy_to_yaml(changed)
    doc = tmp_path / f"copy-{elderly}.yaml"
    doc.write_text(text, encoding="utf-8")
    return packs.build_pack(doc, tmp_path / f"copy-{elderly}.czpack").source or Path()


def test_a_pack_cannot_reuse_a_bundled_version(
    policies: PolicySet, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli import calculate as cli

    quote = {"policy_year": 2025, "district": "wujin", "members": [{"category": "elderly"}]}
    other = _bundled_2025_copy(tmp_path, policies, elderly="1730")
    assert packs_cli.main(["install", str(other)]) == 2
    err = capsys.readouterr().err
    assert "2025 年度 2025.1 版本是随程序安装的内置数据" in err and "同一版本号只能对应一份数据" in err
    assert "2025.2" in err  # the version to use instead
    answer = cli.run_command("quote", quote, today=TODAY)
    assert (answer["data_version"], answer["total_individual"]) == ("2025.1", "730.00")

    same = _bundled_2025_copy(tmp_path, policies, elderly="730")
    with pytest.raises(packs.PackError, match="内置数据,内容相同,无需安装"):
        packs.install(packs.read_pack(same))
    assert packs.list_installed() == []


def test_a_clash_installed_by_an_older_build_is_one_row_and_reported(
    policies: PolicySet, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # an older build let this in: packs/2025/2025.1 with elderly 1730 beside the bundled 2025.1
    pack = packs.read_pack(_bundled_2025_copy(tmp_path, policies, elderly="1730"))
    folder = data_dir / "packs" / "2025" / "2025.1"
    folder.mkdir(parents=True)
    (folder / "policy.yaml").write_bytes(pack.document)
    (folder / "manifest.json").write_bytes(packs.packfile.manifest_bytes(pack.manifest))
    write_state(data_dir / "packs", [])  # as that build's install left it

    result = packs.load_all(TODAY)
    assert result.policies.entry(2025).origin == "bundled"
    assert result.policies[2025].premiums.categories["elderly"].individual.value == Decimal("730")
    assert [(r.year, r.data_version) for r in result.rows].count((2025, "2025.1")) == 1
    (problem,) = result.problems
    assert problem.file == str(folder) and "pack remove 2025 2025.1" in problem.message

    assert packs_cli.main(["list"]) == 2
    out, err = capsys.readouterr()
    assert [line.split()[:2] for line in out.splitlines()].count(["2025", "2025.1"]) == 1
    assert str(folder) in err
    assert packs_cli.main(["remove", "2025", "2025.1"]) == 0
    assert not folder.exists() and packs.load_all(TODAY).problems == ()


# ---------------------------------------------------------------- data versions are safe folder names (12.15)


@pytest.mark.parametrize(
    "version", ["2026.1.", "2026.1-..", "2026.01", "2026", "2026.1a", "2026.1 ", "２０２６.1", "2027.1"]
)
def test_data_version_is_year_dot_number(
    version: str, make_pack: Callable[..., Path], tmp_path: Path, policies: PolicySet
) -> None:
    manifest, document = _parts(make_pack())
    with pytest.raises(packs.PackError) as info:
        packs.read_pack(_zip(tmp_path / "v.czpack", {**manifest, "data_version": version}, document))
    assert [p.field for p in info.value.problems] in (["data_version"], [""])
    assert all("数据版本" in p.message for p in info.value.problems)
    # the document itself is held to the same form (the same version moved to its 2025 document)
    text = packs.policy_to_yaml(thaw(policies[2025]))
    assert text.count("data_version: '2025.1'") == 1
    in_2025 = version.replace("2026", "2025").replace("2027", "2026")
    _, problems = packs.check_policy_text(text.replace("'2025.1'", f"'{in_2025}'"), "x.yaml")
    assert problems and all("数据版本" in p.message for p in problems)


def test_bundled_and_good_versions_pass() -> None:
    from desktop.core.policy.kinds import check_data_version

    for version in ("2024.1", "2025.1", "2026.0", "2026.12", "2026.1000"):
        assert check_data_version(version) == version


def test_an_installed_folder_with_an_unsafe_name_is_skipped(make_pack: Callable[..., Path], data_dir: Path) -> None:
    installed = packs.install(packs.read_pack(make_pack()))
    odd = installed.path.with_name("2026.1.")
    installed.path.rename(odd)
    result = packs.load_all(TODAY)
    assert 2026 not in result.policies.years
    assert [(p.file, "不是有效的数据版本号" in p.message) for p in result.problems] == [(str(odd), True)]


# ---------------------------------------------------------------- a damaged state file fails safe (12.3)


def _two_packs_one_disabled(make_pack: Callable[..., Path]) -> None:
    packs.install(packs.read_pack(make_pack(year=2026, version="2026.1")))
    packs.install(packs.read_pack(make_pack(year=2025, version="2025.2", elderly="830")))
    packs.set_enabled(2026, "2026.1", False)


@pytest.mark.parametrize(
    "damage",
    [
        b'{"schema_version": 1, "disab',  # truncated
        b"",  # emptied
        b'{"schema_version": 1, "disabled": "2026/2026.1"}',  # a string where a list belongs
        b'{"schema_version": true, "disabled": []}',  # wrong type
        b'{"schema_version": 1, "disabled": [], "x": 1}',  # unknown key
        b'{"schema_version": 1, "disabled": ["../../etc"]}',  # not a pack key
        b"[" * 100_000,  # nested past the recursion limit
        b"\xff\xfe{",  # not UTF-8
        b'{"schema_version": 1, "disabled": []}' + b" " * 2_000_000,  # too large to be ours
    ],
    ids=["truncated", "empty", "string", "bool", "extra-key", "bad-key", "deep", "not-utf8", "huge"],
)
def test_damaged_state_keeps_the_last_good_state(damage: bytes, make_pack: Callable[..., Path], data_dir: Path) -> None:
    _two_packs_one_disabled(make_pack)
    state = data_dir / "packs" / "state.json"
    state.write_bytes(damage)

    result = packs.load_all(TODAY)
    # the disabled 2026 pack stays disabled (the backup says so); the enabled 2025.2 stays in use
    assert result.policies.years == (2024, 2025)
    assert result.policies[2025].data_version == "2025.2"
    (problem,) = result.problems
    assert problem.file == str(state) and "已按上次保存的备份" in problem.message
    assert str(data_dir / "packs" / "state.backup.json") in problem.message


def test_state_and_backup_both_damaged_use_no_pack(make_pack: Callable[..., Path], data_dir: Path) -> None:
    _two_packs_one_disabled(make_pack)
    root = data_dir / "packs"
    (root / "state.json").write_bytes(b"{")
    (root / "state.backup.json").unlink()

    result = packs.load_all(TODAY)
    # neither the disabled 2026 pack nor anything else comes back on a guess
    assert result.policies.years == (2024, 2025)
    assert result.policies[2025].data_version == "2025.1"
    (problem,) = result.problems
    assert problem.file == str(root / "state.json") and "暂时只使用随程序安装的年度" in problem.message
    assert all(not r.active for r in result.rows if r.origin == "pack")

    # the way back: enabling one pack writes a fresh state with every other pack disabled
    packs.set_enabled(2025, "2025.2", True)
    result = packs.load_all(TODAY)
    assert result.problems == ()
    assert result.policies.years == (2024, 2025) and result.policies[2025].data_version == "2025.2"
    saved = json.loads((root / "state.json").read_text(encoding="utf-8"))
    assert saved["schema_version"] == 2 and saved["disabled"] == ["2026/2026.1"] and len(saved["sha256"]) == 64
    assert (root / "state.backup.json").read_bytes() == (root / "state.json").read_bytes()


def test_a_deleted_state_file_is_recovered_from_the_backup(make_pack: Callable[..., Path], data_dir: Path) -> None:
    _two_packs_one_disabled(make_pack)
    (data_dir / "packs" / "state.json").unlink()
    result = packs.load_all(TODAY)
    assert result.policies.years == (2024, 2025)
    assert "不见了" in result.problems[0].message


# ---------------------------------------------------------------- damaged data folders (12.9)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = packs_cli.main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "Errno" not in err and "Is a directory" not in err
    return code, out, err


def test_packs_is_a_file(make_pack: Callable[..., Path], data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = make_pack()
    data_dir.mkdir(parents=True)
    root = data_dir / "packs"
    root.write_bytes(b"not a folder")
    result = packs.load_all(TODAY)
    assert result.policies.years == (2024, 2025)
    assert [p.file for p in result.problems] == [str(root)] and "现在却是一个文件" in result.problems[0].message
    for argv in (["list"], ["install", str(pack)], ["disable", "2026"], ["remove", "2026"], ["enable", "2026"]):
        code, _, err = _run_cli(argv, capsys)
        assert code == 2 and str(root) in err and _chinese(err), argv
    assert root.read_bytes() == b"not a folder"


def test_state_is_a_directory(
    make_pack: Callable[..., Path], data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packs.install(packs.read_pack(make_pack()))
    state = data_dir / "packs" / "state.json"
    state.unlink()  # the install wrote the state and its backup
    (data_dir / "packs" / "state.backup.json").unlink()
    state.mkdir()
    result = packs.load_all(TODAY)
    assert 2026 not in result.policies.years  # nothing says whether 2026 was disabled: not used
    assert result.problems[0].file == str(state)
    code, _, err = _run_cli(["list"], capsys)
    assert code == 2 and str(state) in err
    code, _, err = _run_cli(["disable", "2026"], capsys)
    assert code == 2 and f"无法保存政策包状态 {state}:这是一个文件夹,不是文件" in err


def test_data_folder_is_a_file(
    data_dir: Path, make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pack = make_pack()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_bytes(b"")
    assert packs.load_all(TODAY).policies.years == (2024, 2025)
    code, _, err = _run_cli(["install", str(pack)], capsys)
    assert code == 2 and str(data_dir / "packs") in err and "路径中有一段是文件,不是文件夹" in err


def test_unreadable_pieces_are_named(
    make_pack: Callable[..., Path], data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    installed = packs.install(packs.read_pack(make_pack()))
    (installed.path / "manifest.json").unlink()
    (installed.path / "manifest.json").mkdir()
    fifo = data_dir / "packs" / "state.json"
    fifo.unlink()  # the install wrote it
    os.mkfifo(fifo)  # opening it for reading would wait forever
    year_2027 = data_dir / "packs" / "2027"
    year_2027.mkdir()
    a_file = data_dir / "packs" / "2026" / "2026.5"
    a_file.write_bytes(b"")  # a file where a pack folder belongs
    real_iterdir = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self == year_2027:
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    result = packs.load_all(TODAY)
    messages = {p.file: p.message for p in result.problems}
    assert "不是普通文件" in messages[str(fifo)]
    assert "没有权限" in messages[str(year_2027)]
    assert "这是一个文件夹,不是文件" in messages[str(installed.path)]
    assert "现在却是一个文件" in messages[str(a_file)]
    code, _, err = _run_cli(["list"], capsys)
    assert code == 2 and "没有权限" in err


# ---------------------------------------------------------------- zip bombs and hostile packs (12.10, 12.14)


def _raw_zip(path: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some of these
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for info, data in members:
                z.writestr(info, data)
    return path


def _refused(path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    """The pack is refused by read_pack and by the CLI (exit 2, Chinese, no traceback), and nothing installs."""
    with pytest.raises(packs.PackError) as info:
        packs.read_pack(path)
    for action in ("inspect", "install"):
        code, out, err = _run_cli([action, str(path)], capsys)
        assert code == 2 and out == "" and _chinese(err), (action, err)
    assert packs.list_installed() == []
    return str(info.value)


def test_a_manifest_that_unpacks_to_a_gigabyte_is_not_read(
    make_pack: Callable[..., Path], tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, document = _parts(make_pack())
    # 100 MB of spaces after the JSON deflates to ~100 KB (the was 1 GB in 982 KB)
    bomb = json.dumps(manifest).encode() + b" " * 100_000_000
    path = _raw_zip(tmp_path / "bomb.czpack", [(packs.MANIFEST_NAME, bomb), (packs.POLICY_NAME, document)])
    assert path.stat().st_size < 1_000_000
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def watching_open(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    zipfile.ZipFile.open = watching_open  # type: ignore[method-assign]
    try:
        message = _refused(path, capsys, data_dir)
    finally:
        zipfile.ZipFile.open = real_open  # type: ignore[method-assign]
    assert "manifest.json 过大(解压后 100,000," in message
    assert packs.MANIFEST_NAME not in opened  # refused on its declared size, before a byte was inflated


def test_a_lying_size_header_is_caught_while_reading(
    make_pack: Callable[..., Path], tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, document = _parts(make_pack())
    big = json.dumps(manifest).encode() + b" " * 3_000_000
    path = _raw_zip(tmp_path / "liar.czpack", [(packs.MANIFEST_NAME, big), (packs.POLICY_NAME, document)])
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(packs.MANIFEST_NAME)
    # rewrite the declared unpacked size (local header and central directory) to 100 bytes
    true_size = info.file_size.to_bytes(4, "little")
    assert raw.count(true_size) == 2
    raw = bytearray(bytes(raw).replace(true_size, (100).to_bytes(4, "little")))
    path.write_bytes(bytes(raw))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo(packs.MANIFEST_NAME).file_size == 100
    message = _refused(path, capsys, data_dir)
    assert message == packs.TAMPERED or "过大" in message


def test_a_pack_file_too_large_to_be_one_is_not_opened(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.czpack"
    with open(path, "wb") as fh:
        fh.truncate(packs.MAX_PACK_BYTES + 1)
    assert "过大" in _refused(path, capsys, data_dir)


def _symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o120777 << 16) | 0x20
    info.create_system = 3
    return info


HOSTILE: dict[str, Callable[[dict[str, object], bytes], list[tuple[zipfile.ZipInfo | str, bytes]]]] = {
    "duplicate manifest": lambda m, d: [
        (packs.MANIFEST_NAME, json.dumps(m).encode()),
        (packs.MANIFEST_NAME, b"{}"),
        (packs.POLICY_NAME, d),
    ],
    "duplicate policy": lambda m, d: [(packs.MANIFEST_NAME, json.dumps(m).encode()), (packs.POLICY_NAME, d)] * 2,
    "symlinked policy": lambda m, d: [
        (packs.MANIFEST_NAME, json.dumps(m).encode()),
        (_symlink_info(packs.POLICY_NAME), b"/etc/passwd"),
    ],
    "10000 members": lambda m, d: [(f"f{i}", b"") for i in range(10_000)],
    "no members": lambda m, d: [],
    "non-UTF-8 and control characters in names": lambda m, d: [
        ("\x1b[31mevil\u202e\n名.yaml", d),
        (packs.MANIFEST_NAME, json.dumps(m).encode()),
    ],
    "a folder named policy.yaml/": lambda m, d: [
        (packs.MANIFEST_NAME, json.dumps(m).encode()),
        (packs.POLICY_NAME + "/", b""),
    ],
    "huge manifest title": lambda m, d: [
        (packs.MANIFEST_NAME, json.dumps({**m, "notice": {"title": "通" * 20_000, "issuer": "测试单位"}}).encode()),
        (packs.POLICY_NAME, d),
    ],
    "long title within the size limit": lambda m, d: [
        (packs.MANIFEST_NAME, json.dumps({**m, "notice": {"title": "通" * 5_000, "issuer": "测试单位"}}).encode()),
        (packs.POLICY_NAME, d),
    ],
    "manifest nested 100000 deep": lambda m, d: [(packs.MANIFEST_NAME, b"[" * 60_000), (packs.POLICY_NAME, d)],
    "manifest integer of 5000 digits": lambda m, d: [
        (
            packs.MANIFEST_NAME,
            json.dumps({**m, "policy_year": 0}).replace('"policy_year": 0', '"policy_year": ' + "9" * 5000).encode(),
        ),
        (packs.POLICY_NAME, d),
    ],
    "manifest not UTF-8": lambda m, d: [(packs.MANIFEST_NAME, '{"a": "政"}'.encode("gbk")), (packs.POLICY_NAME, d)],
    "manifest a list": lambda m, d: [(packs.MANIFEST_NAME, b"[1, 2]"), (packs.POLICY_NAME, d)],
    "manifest wrong types": lambda m, d: [
        (packs.MANIFEST_NAME, json.dumps({**m, "policy_year": "2026", "created": 5, "sha256": 7}).encode()),
        (packs.POLICY_NAME, d),
    ],
    "policy.yaml nested 100000 deep": lambda m, d: [
        (packs.MANIFEST_NAME, json.dumps({**m, "sha256": hashlib.sha256(b"[" * 100_000).hexdigest()}).encode()),
        (packs.POLICY_NAME, b"[" * 100_000),
    ],
    "policy.yaml with a python tag": lambda m, d: [
        (
            packs.MANIFEST_NAME,
            json.dumps({**m, "sha256": hashlib.sha256(b"!!python/object:os.system {}").hexdigest()}).encode(),
        ),
        (packs.POLICY_NAME, b"!!python/object:os.system {}"),
    ],
    "policy.yaml a number": lambda m, d: [
        (packs.MANIFEST_NAME, json.dumps({**m, "sha256": hashlib.sha256(b"1e9999").hexdigest()}).encode()),
        (packs.POLICY_NAME, b"1e9999"),
    ],
}


EXPECTED_REASON = {
    "duplicate manifest": "重名",
    "duplicate policy": "重名",
    "symlinked policy": "是一个链接",
    "10000 members": "等 10000 个",
    "huge manifest title": "manifest.json 过大",
    "manifest nested 100000 deep": "不是有效的 JSON",
    "manifest integer of 5000 digits": "不是有效的 JSON",
    "policy.yaml nested 100000 deep": "YAML 嵌套超过 50 层",
    "policy.yaml with a python tag": "YAML 中有不允许的标签",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_packs_are_refused_in_chinese(
    name: str, make_pack: Callable[..., Path], tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, document = _parts(make_pack())
    path = _raw_zip(tmp_path / "hostile.czpack", HOSTILE[name](manifest, document))
    message = _refused(path, capsys, data_dir)
    assert EXPECTED_REASON.get(name, "") in message
    assert "\x1b" not in message and "\n名" not in message
    # no English left over from a library (pydantic, zipfile, json, the OS)
    assert not re.search(
        r"[A-Za-z]{4,}",
        re.sub(
            r"manifest\.json|policy\.yaml|signature\.json|notice|title|issuer|created|"
            r"sha256|policy_year|data_version|schema_version|YAML|yaml|JSON|UTF|"
            r"\S*hostile\.czpack\S*|evil",
            "",
            message,
        ),
    ), message


def test_a_folder_or_missing_file_as_a_pack(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder.czpack"
    folder.mkdir()
    assert "这是一个文件夹,不是文件" in _refused(folder, capsys, data_dir)
    assert "找不到文件" in _refused(tmp_path / "absent.czpack", capsys, data_dir)
    fifo = tmp_path / "fifo.czpack"
    os.mkfifo(fifo)
    assert "不是普通文件" in _refused(fifo, capsys, data_dir)


def test_write_errors_of_pack_commands_are_chinese(
    policies: PolicySet, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    code, _, err = _run_cli(["template", "--from", "2025", "-o", str(blocker / "2026.yaml")], capsys)
    assert code == 2 and "路径中有一段是文件,不是文件夹" in err
    doc = tmp_path / "2025.yaml"
    doc.write_text(packs.policy_to_yaml(thaw(policies[2025])), encoding="utf-8")
    code, _, err = _run_cli(["build", str(doc), "-o", str(blocker / "x.czpack")], capsys)
    assert code == 2 and "路径中有一段是文件,不是文件夹" in err
    code, _, err = _run_cli(["check", str(tmp_path)], capsys)
    assert code == 2 and "这是一个文件夹,不是文件" in err


def test_an_encrypted_member_is_refused(
    make_pack: Callable[..., Path], tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = bytearray(make_pack().read_bytes())
    # set the "encrypted" bit of the first member in its local header and its central directory entry
    assert raw[:4] == b"PK\x03\x04"
    raw[6] |= 0x1
    raw[raw.find(b"PK\x01\x02") + 8] |= 0x1
    path = tmp_path / "locked.czpack"
    path.write_bytes(bytes(raw))
    assert "被加密" in _refused(path, capsys, data_dir)


def test_installed_files_swapped_for_devices_are_not_read(make_pack: Callable[..., Path], data_dir: Path) -> None:
    """/dev/zero in place of an installed pack's files: refused or bypassed at once, never read without end."""
    import subprocess
    import sys

    first = packs.install(packs.read_pack(make_pack(version="2026.1")))
    second = packs.install(packs.read_pack(make_pack(version="2026.2", elderly="770")))
    (second.path / packs.STORED_NAME).unlink()
    (second.path / packs.STORED_NAME).symlink_to("/dev/zero")  # the stored form: the document decides
    (first.path / packs.POLICY_NAME).unlink()
    (first.path / packs.POLICY_NAME).symlink_to("/dev/zero")  # the document itself: the pack is skipped
    script = (
        "import datetime as dt; from desktop.core import packs; r = packs.load_all(dt.date(2026, 11, 23)); "
        "print(r.policies[2026].data_version); print([p.message for p in r.problems])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env={**os.environ}, check=False
    )
    assert done.returncode == 0, done.stderr
    version, problems = done.stdout.splitlines()
    assert version == "2026.2"
    assert "不是普通文件" in problems and str(first.path / packs.POLICY_NAME) in problems


# ---------------------------------------------------------------- issue 25 §6 §8: a state that can be trusted


def test_both_state_files_deleted_bring_no_disabled_pack_back(make_pack: Callable[..., Path], data_dir: Path) -> None:
    _two_packs_one_disabled(make_pack)
    root = data_dir / "packs"
    (root / "state.json").unlink()
    (root / "state.backup.json").unlink()
    result = packs.load_all(TODAY)
    # before: no state meant "nothing disabled", and the disabled 2026 pack was used without a word
    assert result.policies.years == (2024, 2025) and result.policies[2025].data_version == "2025.1"
    (problem,) = result.problems
    assert "都不见了" in problem.message and "只使用随程序安装的年度" in problem.message
    packs.set_enabled(2025, "2025.2", True)  # the clerk confirms one pack
    assert packs.load_all(TODAY).policies.years == (2024, 2025)
    assert packs.load_all(TODAY).policies[2025].data_version == "2025.2"


@pytest.mark.parametrize("where", ["state.json", "both"])
def test_a_bit_flip_that_leaves_valid_json_is_caught(
    make_pack: Callable[..., Path], data_dir: Path, where: str
) -> None:
    _two_packs_one_disabled(make_pack)
    root = data_dir / "packs"
    names = ["state.json", "state.backup.json"] if where == "both" else ["state.json"]
    for name in names:
        raw = (root / name).read_bytes()
        flipped = raw.replace(b"2026/2026.1", b"2026/2026.3")  # one bit: "1" is 0x31, "3" is 0x33
        assert flipped != raw
        json.loads(flipped)  # still valid JSON, still the program's shape
        (root / name).write_bytes(flipped)
    result = packs.load_all(TODAY)
    assert 2026 not in result.policies.years  # the disabled pack stays out either way
    (problem,) = result.problems
    assert "校验码不符" in problem.message
    if where == "both":
        assert "只使用随程序安装的年度" in problem.message and result.policies[2025].data_version == "2025.1"
    else:
        assert "备份" in problem.message and result.policies[2025].data_version == "2025.2"


def test_two_changes_at_once_lose_neither(
    make_pack: Callable[..., Path], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    from desktop.core.packs import manage

    packs.install(packs.read_pack(make_pack(year=2026, version="2026.1")))
    packs.install(packs.read_pack(make_pack(year=2025, version="2025.2", elderly="830")))
    real_read = manage.read_state

    def slow_read(root: Path):  # type: ignore[no-untyped-def]
        state = real_read(root)
        time.sleep(0.3)  # the other command reads the same state meanwhile, without a lock
        return state

    monkeypatch.setattr(manage, "read_state", slow_read)
    errors: list[BaseException] = []

    def disable(year: int, version: str) -> None:
        try:
            packs.set_enabled(year, version, False)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=disable, args=a) for a in ((2026, "2026.1"), (2025, "2025.2"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    saved = json.loads((data_dir / "packs" / "state.json").read_text(encoding="utf-8"))
    assert saved["disabled"] == ["2025/2025.2", "2026/2026.1"]  # before: one of the two was lost

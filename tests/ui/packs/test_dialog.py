"""政策包管理 dialog: list, import with preview and confirmation, refuse a bad pack, disable, remove."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.core import packs
from desktop.core.policy.freeze import thaw
from desktop.core.policy.loader import PolicySet
from desktop.core.policy.model import PolicyYear
from desktop.ui.packs import dialog as pack_dialog
from desktop.ui.packs.dialog import PackDialog
from desktop.ui.packs.models import CatalogueModel
from desktop.ui.packs.preview import PackPreviewDialog

TODAY = dt.date(2026, 11, 23)


def fake_2026(base: PolicyYear) -> PolicyYear:
    """The bundled 2025 year as 2026, benefit dates moved on, 老年居民 premium 730 → 760."""
    base = thaw(base)  # the loaded year is the pre-validated form; the models make the copy
    e = base.enrolment

    def moved(fig, value):  # type: ignore[no-untyped-def]
        return fig.model_copy(update={"value": value})

    enrolment = e.model_copy(
        update={
            "collection_start": moved(e.collection_start, dt.date(2025, 10, 1)),
            "collection_end": moved(e.collection_end, dt.date(2025, 12, 31)),
            "benefit_start": moved(e.benefit_start, dt.date(2026, 1, 1)),
            "benefit_end": moved(e.benefit_end, dt.date(2026, 12, 31)),
        }
    )
    categories = dict(base.premiums.categories)
    elderly = categories["elderly"]
    # the parts move with it, as pack check requires: medical part 760 − 30 = 730, 筹资标准 730 + 1250 = 1980
    categories["elderly"] = elderly.model_copy(
        update={
            "individual": moved(elderly.individual, Decimal("760")),
            "medical_individual": moved(elderly.medical_individual, Decimal("730")),
            "funding_standard": moved(elderly.funding_standard, Decimal("1980")),
        }
    )
    premiums = base.premiums.model_copy(update={"categories": categories})
    return base.model_copy(
        update={"policy_year": 2026, "data_version": "2026.1", "enrolment": enrolment, "premiums": premiums}
    )


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path / "userdata"
    monkeypatch.setenv(packs.DATA_DIR_ENV, str(base))
    return base


@pytest.fixture
def pack_2026(tmp_path: Path, policies: PolicySet) -> Path:
    doc = tmp_path / "2026.yaml"
    doc.write_text(packs.policy_to_yaml(fake_2026(policies[2025])), encoding="utf-8")
    out = tmp_path / "2026.czpack"
    packs.build_pack(doc, out, notice_title="2026年度通告(测试)")
    return out


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Record message boxes instead of showing them; questions are answered 是."""
    seen: list[tuple[str, str, str]] = []

    def record(kind: str, answer: object = None):  # type: ignore[no-untyped-def]
        def box(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append((kind, title, text))
            return answer

        return box

    monkeypatch.setattr(pack_dialog.QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(pack_dialog.QMessageBox, "information", record("information"))
    monkeypatch.setattr(pack_dialog.QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return seen


def _texts(model: CatalogueModel) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def _answer_preview(qtbot: QtBot, install: bool, seen: list[PackPreviewDialog]) -> None:
    """Once the preview is up, look at it and press 安装 or 取消, as the clerk would."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PackPreviewDialog)
        seen.append(dialog)
        button = dialog.install_button if install else dialog.cancel_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


def test_catalogue_model_without_a_view(policies: PolicySet) -> None:
    rows = (
        packs.DataRow(2025, "2025.1", "bundled", "a" * 64, True, True, None, "2025年度通告"),
        packs.DataRow(2026, "2026.1", "pack", "b" * 64, False, False, None, "2026年度通告", "unsigned"),
        packs.DataRow(2027, "2027.1", "pack", "c" * 64, True, False, "校验值不符", "", "trusted", "某局", "AB12"),
        packs.DataRow(2028, "2028.1", "pack", "d" * 64, True, True, None, "", "untrusted", "某局", "CD34"),
    )
    model = CatalogueModel()
    model.set_rows(rows)
    assert _texts(model) == [
        ["2025", "2025.1", "内置", "aaaaaaaaaaaa", "使用中", "内置数据", "2025年度通告"],
        ["2026", "2026.1", "政策包", "bbbbbbbbbbbb", "已停用", "未签名(来源未确认)", "2026年度通告"],
        ["2027", "2027.1", "政策包", "cccccccccccc", "已损坏,未使用", "某局\n指纹 AB12 · 本机信任", ""],
        ["2028", "2028.1", "政策包", "dddddddddddd", "使用中", "某局\n指纹 CD34 · 本机未信任", ""],
    ]
    tip = model.data(model.index(3, CatalogueModel.COL_SIGNER), Qt.ItemDataRole.ToolTipRole)
    assert "来源未确认的政策数据" in tip and "信任公钥" in tip
    assert model.data(model.index(2, CatalogueModel.COL_STATE), Qt.ItemDataRole.ToolTipRole) == "校验值不符"
    assert model.rowCount(model.index(0, 0)) == 0 and model.rowCount(QModelIndex()) == 4


def test_lists_bundled_years_which_cannot_be_removed(qtbot: QtBot, data_dir: Path, policies: PolicySet) -> None:
    dialog = PackDialog(today=TODAY)
    qtbot.addWidget(dialog)
    rows = _texts(dialog.model)
    assert [r[:5] for r in rows] == [
        ["2024", "2024.1", "内置", policies.entry(2024).short_hash, "使用中"],
        ["2025", "2025.1", "内置", policies.entry(2025).short_hash, "使用中"],
    ]
    dialog.select_row(2025, "bundled")
    assert not dialog.remove_button.isEnabled()
    assert not dialog.disable_button.isEnabled()
    assert dialog.remove_button.toolTip() == "内置年度不能停用或删除"
    assert not dialog.problems_label.isVisibleTo(dialog)


def test_import_shows_changes_and_installs_on_confirm(
    qtbot: QtBot,
    data_dir: Path,
    pack_2026: Path,
    messages: list[tuple[str, str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = PackDialog(today=TODAY)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(pack_dialog.QFileDialog, "getOpenFileName", lambda *a, **k: (str(pack_2026), ""))
    previews: list[PackPreviewDialog] = []
    _answer_preview(qtbot, install=True, seen=previews)
    with qtbot.waitSignal(dialog.packs_changed, timeout=5000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    preview = previews[0]
    assert "与2025 年度" in preview.compared_label.text()
    # what changes for a resident, in plain words, the premium first: 老年居民 730 → 760 (fake_2026), then
    # the four collection and benefit dates; nothing else changed its value
    assert preview.resident_lines[0] == "老年居民个人缴费 730 → 760 元"
    assert "待遇享受期结束 2025-12-31 → 2026-12-31" in preview.resident_lines
    # fake_2026 moves the medical part (700 → 730) and 筹资标准 (1,950 → 1,980) with it, so the parts add up
    assert len(preview.resident_lines) == 7
    assert "老年居民个人缴费 730 → 760 元" in preview.resident_view.toPlainText()
    # figures whose value stays are not among them (the old table showed "30 元 → 30 元"), and are folded
    assert not any("→ 30 元" in line for line in preview.resident_lines)
    assert not preview.source_view.isVisible()

    sha12 = packs.read_pack(pack_2026).short_hash
    row = dialog.selected_row()
    assert row is not None and (row.year, row.data_version, row.origin, row.active) == (2026, "2026.1", "pack", True)
    assert row.short_hash == sha12
    assert messages == [("information", "安装完成", f"已安装 2026 年度政策数据 2026.1(校验值 {sha12})。")]
    assert [p.data_version for p in packs.list_installed()] == ["2026.1"]


def test_cancel_installs_nothing(
    qtbot: QtBot, data_dir: Path, pack_2026: Path, messages: list[tuple[str, str, str]]
) -> None:
    dialog = PackDialog(today=TODAY)
    qtbot.addWidget(dialog)
    previews: list[PackPreviewDialog] = []
    _answer_preview(qtbot, install=False, seen=previews)
    with qtbot.assertNotEmitted(dialog.packs_changed):
        assert dialog.import_pack(pack_2026) is False
    assert len(previews) == 1
    assert packs.list_installed() == []
    assert dialog.model.rowCount() == 2


def test_tampered_pack_is_refused_with_the_reason(
    qtbot: QtBot, data_dir: Path, pack_2026: Path, tmp_path: Path, messages: list[tuple[str, str, str]]
) -> None:
    with zipfile.ZipFile(pack_2026) as z:
        manifest = json.loads(z.read(packs.MANIFEST_NAME))
        document = z.read(packs.POLICY_NAME).replace(b"760", b"860", 1)
    bad = tmp_path / "tampered.czpack"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr(packs.MANIFEST_NAME, json.dumps(manifest))
        z.writestr(packs.POLICY_NAME, document)

    dialog = PackDialog(today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.assertNotEmitted(dialog.packs_changed):
        assert dialog.import_pack(bad) is False
    assert len(messages) == 1
    kind, title, text = messages[0]
    assert (kind, title) == ("warning", "不能使用这个政策包")
    assert "原因:校验值不符,文件可能被篡改或未写完整" in text
    assert packs.list_installed() == []


def test_disable_enable_remove(
    qtbot: QtBot, data_dir: Path, pack_2026: Path, messages: list[tuple[str, str, str]]
) -> None:
    packs.install(packs.read_pack(pack_2026))
    dialog = PackDialog(today=TODAY)
    qtbot.addWidget(dialog)
    dialog.select_row(2026, "pack")
    assert dialog.disable_button.isEnabled() and not dialog.enable_button.isEnabled()

    with qtbot.waitSignal(dialog.packs_changed):
        qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
    row = dialog.selected_row()
    assert row is not None and not row.enabled
    assert _texts(dialog.model)[2][4] == "已停用"
    assert packs.load_all(TODAY).policies.years == (2024, 2025)

    with qtbot.waitSignal(dialog.packs_changed):
        qtbot.mouseClick(dialog.enable_button, Qt.MouseButton.LeftButton)
    assert _texts(dialog.model)[2][4] == "使用中"

    with qtbot.waitSignal(dialog.packs_changed):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert messages[0][:2] == ("question", "删除政策包")
    assert dialog.model.rowCount() == 2
    assert packs.list_installed() == []


def test_broken_installed_pack_is_shown_not_fatal(qtbot: QtBot, data_dir: Path, pack_2026: Path) -> None:
    installed = packs.install(packs.read_pack(pack_2026))
    (installed.path / packs.POLICY_NAME).write_bytes(b"half")
    dialog = PackDialog(today=TODAY)
    qtbot.addWidget(dialog)
    assert _texts(dialog.model)[2][4] == "已损坏,未使用"
    assert dialog.problems_label.isVisibleTo(dialog)
    assert "校验值不符" in dialog.problems_label.text()
    # a broken pack can still be removed from the dialog
    dialog.select_row(2026, "pack")
    assert dialog.remove_button.isEnabled()


# -- signed packs: who signed, whether this PC trusts the key, importing a key -----------------


@pytest.fixture
def signed_2026(tmp_path: Path, policies: PolicySet) -> tuple[Path, packs.OfficeKey, Path]:
    """2026 signed by an office whose key lives in another data folder; its public key file."""
    office = tmp_path / "office-data"
    key = packs.ensure_office_key(office, "常州市医疗保障局待遇保障处")
    doc = tmp_path / "2026s.yaml"
    doc.write_text(packs.policy_to_yaml(fake_2026(policies[2025])), encoding="utf-8")
    out = tmp_path / "2026s.czpack"
    packs.build_pack(doc, out, notice_title="2026年度通告(测试)", key=key)
    public = tmp_path / "office.czkey"
    packs.export_public_key(office, public)
    return out, key, public


def test_untrusted_pack_preview_warns_and_installs_only_by_the_warned_button(
    qtbot: QtBot,
    data_dir: Path,
    signed_2026: tuple[Path, packs.OfficeKey, Path],
    messages: list[tuple[str, str, str]],
) -> None:
    pack_path, key, _ = signed_2026
    dialog = PackDialog(today=TODAY)
    qtbot.addWidget(dialog)
    previews: list[PackPreviewDialog] = []
    _answer_preview(qtbot, install=False, seen=previews)
    assert dialog.import_pack(pack_path) is False
    preview = previews[0]
    assert preview.signer_label.text() == f"签名:常州市医疗保障局待遇保障处(指纹 {key.fingerprint}),本机未信任这把公钥"
    assert preview.warning_label.isVisibleTo(preview) and "来源未确认的政策数据" in preview.warning_label.text()
    assert preview.install_button.text() == "仍然安装"
    assert packs.list_installed() == []

    _answer_preview(qtbot, install=True, seen=previews)
    assert dialog.import_pack(pack_path) is True
    row = dialog.selected_row()
    assert row is not None and (row.trust, row.confirmed) == ("untrusted", False)
    signer = _texts(dialog.model)[2][CatalogueModel.COL_SIGNER]
    assert signer == f"常州市医疗保障局待遇保障处\n指纹 {key.fingerprint} · 本机未信任"


def test_trust_a_key_in_the_dialog_then_the_installed_pack_is_trusted(
    qtbot: QtBot,
    data_dir: Path,
    signed_2026: tuple[Path, packs.OfficeKey, Path],
    messages: list[tuple[str, str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pack_path, key, public = signed_2026
    packs.install(packs.read_pack(pack_path))
    dialog = PackDialog(today=TODAY)
    qtbot.addWidget(dialog)
    assert "本机还没有信任任何公钥" in dialog.keys_label.text()
    monkeypatch.setattr(pack_dialog.QFileDialog, "getOpenFileName", lambda *a, **k: (str(public), ""))
    with qtbot.waitSignal(dialog.packs_changed):
        qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
    kind, title, text = messages[0]
    assert (kind, title) == ("question", "信任公钥") and key.fingerprint in text and "打电话" in text
    assert f"常州市医疗保障局待遇保障处(指纹 {key.fingerprint})" in dialog.keys_label.text()
    signer = _texts(dialog.model)[2][CatalogueModel.COL_SIGNER]
    assert signer == f"常州市医疗保障局待遇保障处\n指纹 {key.fingerprint} · 本机信任"
    assert packs.load_all(TODAY).policies.entry(2026).trust == "trusted"

    # a trusted pack's preview carries no warning
    preview = dialog.preview(packs.read_pack(pack_path))
    qtbot.addWidget(preview)
    assert not preview.warning_label.isVisibleTo(preview) and preview.install_button.text() == "安装"


def test_a_private_key_is_refused_where_public_keys_are_imported(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, messages: list[tuple[str, str, str]]
) -> None:
    office = tmp_path / "office-data"
    packs.ensure_office_key(office, "常州市医疗保障局待遇保障处")
    secret = tmp_path / "backup.czsecret"
    packs.export_private_key(office, secret)
    dialog = PackDialog(today=TODAY)
    qtbot.addWidget(dialog)
    with qtbot.assertNotEmitted(dialog.packs_changed):
        assert dialog.trust_key_file(secret) is False
    assert messages[0][:2] == ("warning", "不能使用这个公钥文件") and "私钥" in messages[0][2]
    assert not any(k.origin == "imported" for k in packs.trusted_keys()[0])


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_the_preview_reads_in_plain_words_and_fits_the_counter_screen(
    qtbot: QtBot, data_dir: Path, tmp_path: Path, policies: PolicySet, large: bool
) -> None:
    """Rows of "30 元 → 30 元" buried the one real change; the new value sat off to the right."""
    from PySide6.QtGui import QFont

    from desktop.ui.window.actions import LARGE_TEXT_FACTOR

    year = fake_2026(policies[2025])
    ltc = year.premiums.ltc_individual
    # the 长护险 individual part stays 30 元 but is now 沿用上年: a source-only change, folded away
    carried = ltc.model_copy(update={"status": "carried_over", "carried_from": 2025, "reason": "2026年通知未重述"})
    year = year.model_copy(update={"premiums": year.premiums.model_copy(update={"ltc_individual": carried})})
    doc = tmp_path / "2026b.yaml"
    doc.write_text(packs.policy_to_yaml(year), encoding="utf-8")
    out = tmp_path / "2026b.czpack"
    packs.build_pack(doc, out, notice_title="2026年度通告(测试)")

    saved = QFont(QApplication.font())
    if large:
        bigger = QFont(saved)
        bigger.setPointSizeF(saved.pointSizeF() * LARGE_TEXT_FACTOR)
        QApplication.setFont(bigger)
    try:
        preview = PackPreviewDialog(packs.read_pack(out), policies.entry(2025))
        qtbot.addWidget(preview)
        preview.show()
        qtbot.waitExposed(preview)
        assert preview.resident_lines[0] == "老年居民个人缴费 730 → 760 元"
        assert not any("长护险个人缴费" in line for line in preview.resident_lines)
        assert preview.source_lines == ["长护险个人缴费 30 元:来源由“通知原文”变为“沿用上年”"]
        assert not preview.source_view.isVisible()
        qtbot.mouseClick(preview.source_toggle, Qt.MouseButton.LeftButton)
        assert preview.source_view.isVisible()
        assert "来源由“通知原文”变为“沿用上年”" in preview.source_view.toPlainText()
        # within 1366 x 768 less a task bar, and every line wrapped inside its view: no sideways scrolling
        assert preview.width() <= 1366 - 40 and preview.height() <= 768 - 60
        for view in (preview.resident_view, preview.source_view):
            assert view.horizontalScrollBar().maximum() == 0
            assert view.document().idealWidth() <= view.viewport().width() + 1
        assert preview.install_button.isVisible()
    finally:
        QApplication.setFont(saved)

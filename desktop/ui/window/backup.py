"""文件 → 备份数据 / 恢复数据: the data folder to one file on a USB stick, and back (desktop/core/backup.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from desktop.ui.window.session import Session

BACKUP_FILTER = "测算台数据备份 (*.zip)"


def _size(total_bytes: int) -> str:
    if total_bytes < 1024 * 1024:
        return f"{(total_bytes + 1023) // 1024} KB"
    return f"{total_bytes / (1024 * 1024):.1f} MB"


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class Backup:
    """The window's backup and restore of ``data_folder()``: the ``session`` is written first and,
    once the data is restored, never again; ``window`` owns the dialogs and is closed after a restore."""

    def __init__(
        self, window: QMainWindow, *, settings: QSettings, session: Session, data_folder: Callable[[], Path]
    ) -> None:
        self.window = window
        self.settings = settings
        self.session = session
        self.data_folder = data_folder

    def backup_data(self) -> None:
        today = dt.date.today()
        from desktop.core.backup import default_name

        path, _ = QFileDialog.getSaveFileName(self.window, tr("备份数据"), default_name(today), tr(BACKUP_FILTER))
        if path:
            self.backup_data_to(Path(path))

    def backup_data_to(self, path: Path) -> bool:
        from desktop.core.backup import BackupError, write_backup

        self.session.flush_session()  # what was just typed goes into the backup
        self.settings.sync()
        try:
            summary = write_backup(self.data_folder(), path)
        except BackupError as exc:
            QMessageBox.warning(self.window, tr("备份数据"), str(exc))
            return False
        QMessageBox.information(
            self.window,
            tr("备份数据"),
            tr("已备份 {n} 个文件({size})到:\n{path}\n\n在另一台电脑上用“文件 → 恢复数据”即可恢复。").format(
                n=summary.files, size=_size(summary.total_bytes), path=path
            ),
        )
        return True

    def restore_data(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, tr("恢复数据"), "", tr(BACKUP_FILTER))
        if path:
            self.restore_data_from(Path(path))

    def restore_data_from(self, path: Path, *, confirm: bool = True) -> bool:
        """Check the file, ask, replace the data (the old kept aside), then close: True when restored."""
        from desktop.core.backup import BackupError, check_backup, restore_backup

        try:
            summary = check_backup(path)
        except BackupError as exc:
            QMessageBox.warning(self.window, tr("恢复数据"), str(exc))
            return False
        created = summary.created.replace("T", " ")
        if confirm:
            answer = QMessageBox.question(
                self.window,
                tr("恢复数据"),
                tr(
                    "用这个备份替换本机的数据(设置、上次的会话、已安装的政策包)?\n\n"
                    "备份时间:{created}\n文件:{n} 个,{size}\n\n"
                    "本机现有的数据不会删除,会原样移到数据文件夹旁边的“…恢复前-日期”文件夹里。"
                    "恢复后程序会关闭,请重新打开。"
                ).format(created=created, n=summary.files, size=_size(summary.total_bytes)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.session.flush_session()
        self.settings.sync()
        try:
            result = restore_backup(path, self.data_folder())
        except BackupError as exc:
            QMessageBox.warning(self.window, tr("恢复数据"), str(exc))
            return False
        # the restored session and settings must not be overwritten by this window's on closing
        self.session.writable = False
        self.settings.sync()
        kept = tr("\n\n原来的数据保存在:\n{aside}").format(aside=result.kept_aside) if result.kept_aside else ""
        QMessageBox.information(
            self.window,
            tr("恢复数据"),
            tr("已恢复 {n} 个文件。程序现在关闭,请重新打开,以使用恢复的数据和政策包。").format(n=result.files) + kept,
        )
        self.window.close()
        return True

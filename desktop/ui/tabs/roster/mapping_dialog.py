"""Ask the clerk which column holds what, when the roster's headers are not the usual ones.

The dialog shows the first values of each chosen column so the clerk can see that 姓名 really
holds names; it returns a ``ColumnMapping`` and the district to use where the roster has none.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.policy.kinds import District
from desktop.core.roster import FIELD_LABELS, REQUIRED_FIELDS, ColumnMapping, MappingGuess, RawTable


def tr(text: str) -> str:
    return QCoreApplication.translate("RosterMappingDialog", text)


_HINTS = {
    "name": "必选",
    "id_number": "必选",
    "household": "可不选:不选则每人单独算一户",
    "category": "必选",
    "aid_status": "可不选:不选则都按非救助对象",
    "district": "不选时用下面的“名册未填所属区时按”",
}


class RosterMappingDialog(QDialog):
    def __init__(
        self,
        table: RawTable,
        guess: MappingGuess,
        default_district: District | None = None,
        parent: QWidget | None = None,
        *,
        districts: Mapping[District, str],
    ):
        """``districts``: the year's districts, id → name (its document's list)."""
        super().__init__(parent)
        self.table = table
        self.setWindowTitle(tr("核对名册的列"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr("名册“{file}”第{row}行的表头有些不认识。请为每一项选择对应的列,右侧是该列前几行的内容。").format(
                file=table.source, row=table.header_row
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(QLabel(tr("<b>项目</b>")), 0, 0)
        grid.addWidget(QLabel(tr("<b>名册中的列</b>")), 0, 1)
        grid.addWidget(QLabel(tr("<b>前几行内容</b>")), 0, 2)
        self.combos: dict[str, QComboBox] = {}
        self.samples: dict[str, QLabel] = {}
        for i, (field, label) in enumerate(FIELD_LABELS.items(), 1):
            star = " *" if field in REQUIRED_FIELDS else ""
            name = QLabel(tr(label) + star)
            name.setToolTip(tr(_HINTS[field]))
            combo = QComboBox()
            combo.setObjectName(f"map_{field}")
            combo.addItem(tr("(无此列)"), None)
            for col, header in enumerate(table.headers):
                combo.addItem(tr("第{n}列:{header}").format(n=col + 1, header=header or tr("(空表头)")), col)
            chosen = guess.mapping.get(field)
            combo.setCurrentIndex(0 if chosen is None else chosen + 1)
            sample = QLabel()
            sample.setMinimumWidth(220)
            self.combos[field] = combo
            self.samples[field] = sample
            grid.addWidget(name, i, 0)
            grid.addWidget(combo, i, 1)
            grid.addWidget(sample, i, 2)
            combo.currentIndexChanged.connect(self._refresh)
        layout.addLayout(grid)

        row = QGridLayout()
        row.addWidget(QLabel(tr("名册未填所属区时按:")), 0, 0)
        self.district = QComboBox()
        self.district.setObjectName("map_default_district")
        self.district.addItem(tr("(不指定)"), None)
        for d, district_name in districts.items():
            self.district.addItem(district_name, d)
        self._districts = tuple(districts)
        if default_district in self._districts:
            self.district.setCurrentIndex(self._districts.index(default_district) + 1)
        self.district.currentIndexChanged.connect(self._refresh)
        row.addWidget(self.district, 0, 1)
        row.setColumnStretch(2, 1)
        layout.addLayout(row)

        self.problem = QLabel()
        self.problem.setStyleSheet("color: #a4000f;")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("按此导入"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._refresh()

    def mapping(self) -> ColumnMapping:
        return ColumnMapping(**{f: c.currentData() for f, c in self.combos.items()})

    def default_district(self) -> District | None:
        value = self.district.currentData()
        return value if value in self._districts else None

    def _refresh(self) -> None:
        for field, combo in self.combos.items():
            col = combo.currentData()
            values = self.table.sample(col) if col is not None else ()
            self.samples[field].setText("、".join(values) if values else tr("—"))
        mapping = self.mapping()
        problems: list[str] = []
        missing = mapping.missing_required(district_default=self.default_district() is not None)
        if missing:
            problems.append(tr("还需选择:") + "、".join(tr(FIELD_LABELS[f]) for f in missing))
        used = [c for c in mapping.as_dict().values() if c is not None]
        if len(used) != len(set(used)):
            problems.append(tr("同一列不能对应两个项目"))
        self.problem.setText(";".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)

"""参保清单: a few questions on the left, the resident's own enrolment checklist on the right."""

from __future__ import annotations

import html
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.checklist import PAYMENT_LABELS, Checklist, ChecklistAnswers, build_checklist
from desktop.core.policy.kinds import AID_STATUSES, CATEGORIES
from desktop.core.policy.loader import PolicySet
from desktop.core.policy.required import MissingFigure
from desktop.core.premium import AID_LABELS, CATEGORY_LABELS
from desktop.core.slip import Slip
from desktop.core.slips.checklist import BANK_SETUP_CHECKS, CHECKBOXES, RESIDENCE_CHOICES, asked, checklist_slip
from desktop.ui.tab_base import WorkTab
from desktop.ui.widgets.fields import DateField


class ChecklistTab(WorkTab):
    case_key = "checklist"

    def __init__(self, policies: PolicySet, parent: QWidget | None = None):
        super().__init__(policies, parent)
        self.checklist: Checklist | None = None
        self._loading = True  # radio buttons fire while the form is still being built
        self._build()
        self._loading = False
        self.recompute()

    # ------------------------------------------------------------------ layout

    def _radio_group(
        self, title: str, choices: list[tuple[str, str]] | tuple[tuple[str, str], ...]
    ) -> tuple[QGroupBox, QButtonGroup, dict[str, QRadioButton]]:
        box = QGroupBox(self.tr(title))
        layout = QVBoxLayout(box)
        group = QButtonGroup(box)
        buttons: dict[str, QRadioButton] = {}
        for key, label in choices:
            button = QRadioButton(self.tr(label))
            button.setMinimumHeight(26)
            group.addButton(button)
            layout.addWidget(button)
            buttons[key] = button
            button.toggled.connect(self._changed_input)
        next(iter(buttons.values())).setChecked(True)
        return box, group, buttons

    def _build(self) -> None:
        questions = QWidget()
        qv = QVBoxLayout(questions)
        status_box, _, self.status_buttons = self._radio_group(
            "参保情况", (("continuing", "上一年度已正常缴费(续保)"), ("new", "新参保,或上一年度没有缴费"))
        )
        qv.addWidget(status_box)
        self.checks: dict[str, QCheckBox] = {}
        box = QGroupBox(self.tr("有以下情况的请勾选"))
        cv = QVBoxLayout(box)
        for key, label in CHECKBOXES:
            check = QCheckBox(self.tr(label))
            check.setMinimumHeight(24)
            check.toggled.connect(self._changed_input)
            cv.addWidget(check)
            self.checks[key] = check
        category_box, _, self.category_buttons = self._radio_group(
            "参保类别", tuple((c, CATEGORY_LABELS[c]) for c in CATEGORIES)
        )
        self.category_buttons["elderly"].setChecked(True)
        residence_box, _, self.residence_buttons = self._radio_group("户籍", RESIDENCE_CHOICES)
        aid_box, _, self.aid_buttons = self._radio_group(
            "医疗救助身份", tuple((a, AID_LABELS[a]) for a in AID_STATUSES)
        )
        payment_box, _, self.payment_buttons = self._radio_group("打算怎样缴费", tuple(PAYMENT_LABELS.items()))
        for w in (category_box, residence_box, box, aid_box, payment_box, self._timing_box()):
            qv.addWidget(w)
        qv.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(questions)
        scroll.setMinimumWidth(360)

        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setAccessibleName(self.tr("参保清单"))
        # the short form (one page: what this person must do, bring and pay) is the default; the
        # long one (receipts, how benefits are claimed, every step) one click away, on screen and paper
        self.full_form = QCheckBox(self.tr("完整清单(含缴费凭证、看病待遇申请、计算步骤)"))
        self.full_form.setToolTip(self.tr("不勾选时为一页的简要清单"))
        self.full_form.toggled.connect(self._changed_input)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.full_form)
        rv.addWidget(self.view, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split)

    def _timing_box(self) -> QGroupBox:
        """Newborn, late payment or a break: the dates that say when benefits start, right here."""
        box = QGroupBox(self.tr("待遇从哪天开始(新生儿、补缴、断保时填写)"))
        form = QFormLayout(box)
        self.newborn = QCheckBox(self.tr("新生儿(出生后第一次参保)"))
        self.newborn.toggled.connect(self._changed_input)
        self.birth_date = DateField()
        self.payment_date = DateField()
        self.payment_date.setToolTip(self.tr("已缴费或打算缴费的日期"))
        self.years_broken = QSpinBox()
        self.years_repaid = QSpinBox()
        for spin in (self.years_broken, self.years_repaid):
            spin.setRange(0, 50)
            spin.setSuffix(self.tr(" 年"))
            spin.valueChanged.connect(self._changed_input)
        for date in (self.birth_date, self.payment_date):
            date.dateChanged.connect(self._changed_input)
        #: field → (its message label, its input): a refusal is shown under the input it concerns
        self.timing_errors: dict[str, tuple[QLabel, QWidget]] = {}
        form.addRow(self.newborn)
        for field, label, widget in (
            ("birth_date", self.tr("出生日期:"), self.birth_date),
            ("payment_date", self.tr("缴费日期:"), self.payment_date),
            ("years_broken", self.tr("断保年数:"), self.years_broken),
            ("years_repaid", self.tr("补缴年数:"), self.years_repaid),
        ):
            error = QLabel()
            error.setStyleSheet("color: #a4000f;")
            error.setWordWrap(True)
            error.hide()
            self.timing_errors[field] = (error, widget)
            form.addRow(label, widget)
            form.addRow(error)
        return box

    def _show_timing_problem(self, c: Checklist) -> None:
        problem = c.timing_problem
        self.birth_date.setEnabled(self.newborn.isChecked())
        for field, (label, widget) in self.timing_errors.items():
            message = problem[1] if problem is not None and problem[0] == field else ""
            label.setText(message)
            label.setVisible(bool(message))
            widget.setStyleSheet("QWidget { border: 2px solid #a4000f; }" if message else "")
            widget.setToolTip(message)

    # ------------------------------------------------------------------ answers

    @staticmethod
    def _chosen(buttons: dict[str, QRadioButton]) -> str:
        return next((k for k, b in buttons.items() if b.isChecked()), next(iter(buttons)))

    def answers(self) -> ChecklistAnswers:
        residence = self._chosen(self.residence_buttons)
        values: dict[str, Any] = {key: check.isChecked() for key, check in self.checks.items()}
        values.update(
            new_enrolment=self._chosen(self.status_buttons) == "new",
            category=self._chosen(self.category_buttons),
            huji=residence == "huji",
            residence_permit=residence == "permit",
            aid_status=self._chosen(self.aid_buttons),
            payment=self._chosen(self.payment_buttons),
            newborn=self.newborn.isChecked(),
            birth_date=self.birth_date.value(),
            payment_date=self.payment_date.value(),
            years_broken=self.years_broken.value(),
            years_repaid=self.years_repaid.value(),
        )
        return ChecklistAnswers(**values)

    def _changed_input(self, *_: Any) -> None:
        if not self._loading:
            self.recompute()

    def _show_year_questions(self) -> None:
        for key in BANK_SETUP_CHECKS:
            self.checks[key].setHidden(not asked(self.policy, key))

    def recompute(self) -> None:
        self._show_year_questions()
        try:
            self.checklist = build_checklist(self.policy, self.answers())
        except MissingFigure as exc:  # the year's data lacks a figure the list needs: said, never guessed
            self.checklist = None
            self.view.setHtml(f"<p style='color:#a4000f'><b>{html.escape(exc.message)}</b></p>")
            self.changed.emit()
            return
        self._show_timing_problem(self.checklist)
        self.view.setHtml(self.checklist_html(self.checklist))
        self.changed.emit()

    def shown(self, c: Checklist) -> Checklist:
        """The form the clerk chose: the one-page short form unless 完整清单 is ticked."""
        return c if self.full_form.isChecked() else c.short()

    def checklist_html(self, c: Checklist) -> str:
        c = self.shown(c)
        verdict = self.tr("可以参保") if c.eligible else self.tr("按所答情况不能参加本市居民医保,请核实")
        parts = [
            f"<h2>{html.escape(self.tr('{year}年度 参保清单').format(year=c.policy_year))}</h2>",
            f"<p style='font-size:large'><b>{'✓' if c.eligible else '✗'} {html.escape(verdict)}</b></p>",
        ]
        for section in c.sections:
            parts.append(f"<h3>{html.escape(section.title)}</h3><ul>")
            for item in section.items:
                mark = "⚠ " if item.warning else ""
                silent = f"<i>[{html.escape(self.tr('通知未规定'))}]</i> " if item.silent else ""
                text = f"{mark}{silent}{html.escape(item.text)}"
                cites = "".join(
                    f"<br><small style='color:#555'>依据:{html.escape(ci.source)}"
                    + ("" if ci.status == "official" else f"【{html.escape(ci.status_label)}】")
                    + (f" 原文:“{html.escape(ci.quote)}”" if ci.quote else "")
                    + (f" {html.escape(ci.reading)}" if ci.reading else "")
                    + "</small>"
                    for ci in item.citations
                )
                parts.append(f"<li style='margin-bottom:6px'>{text}{cites}</li>")
            parts.append("</ul>")
        return "".join(parts)

    # ------------------------------------------------------------------ slip and case

    def slip(self) -> Slip | None:
        if self.checklist is None:
            return None
        return checklist_slip(
            self.policy, self.checklist, self.answers(), self.entry.short_hash, full_form=self.full_form.isChecked()
        )

    def to_case(self) -> dict[str, Any]:
        return self.answers().model_dump(mode="json")  # dates as YYYY-MM-DD

    def load_case(self, data: dict[str, Any]) -> None:
        try:
            answers = ChecklistAnswers.model_validate(
                {k: v for k, v in data.items() if k in ChecklistAnswers.model_fields}
            )
        except ValidationError:
            answers = ChecklistAnswers()
        self._loading = True
        try:
            self.status_buttons["new" if answers.new_enrolment else "continuing"].setChecked(True)
            self.category_buttons[answers.category].setChecked(True)
            residence = "huji" if answers.huji else ("permit" if answers.residence_permit else "other")
            self.residence_buttons[residence].setChecked(True)
            self.aid_buttons[answers.aid_status].setChecked(True)
            self.payment_buttons[answers.payment].setChecked(True)
            for key, check in self.checks.items():
                check.setChecked(bool(getattr(answers, key)))
            self.newborn.setChecked(answers.newborn)
            self.birth_date.set_value(answers.birth_date)
            self.payment_date.set_value(answers.payment_date)
            self.years_broken.setValue(answers.years_broken)
            self.years_repaid.setValue(answers.years_repaid)
        finally:
            self._loading = False
        self.recompute()

    def clear(self) -> None:
        self.load_case({})

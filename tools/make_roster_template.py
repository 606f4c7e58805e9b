"""Make resources/roster_template.xlsx, the blank village roster clerks fill in.

    python tools/make_roster_template.py

The headers are the ones the importer recognises; the 身份证号 column is stored as text so Excel
does not turn 18-digit numbers into 3.20412E+17 and lose the last digits; 参保类别, 救助身份 and
所属区 offer drop-down lists of the accepted labels. No example rows: a forgotten example would
be quoted as a resident.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402

from desktop.core.policy.loader import load_policies  # noqa: E402
from desktop.core.policy.names import category_labels, district_names  # noqa: E402
from desktop.resources import resource  # noqa: E402

# the names of the newest bundled year (its document's districts and category labels)
_NEWEST = load_policies()
_YEAR = _NEWEST[_NEWEST.years[-1]]
CATEGORY_LABELS = category_labels(_YEAR)
DISTRICT_LABELS = district_names(_YEAR)

ROWS = 500  # rows prepared with text format and drop-downs; more can be added by copying a row
AID_CHOICES = ("无", "特困供养人员", "孤儿", "事实无人抚养儿童", "低保", "低保边缘", "支出型困难", "其他救助对象")
COLUMNS = (
    ("户号", 12, "同一户的成员填相同户号;不填则每人单独算一户"),
    ("姓名", 12, "必填"),
    ("身份证号", 22, "必填,18位;本列已设为文本格式,请勿改成数字"),
    ("参保类别", 14, "必填:" + "、".join(CATEGORY_LABELS.values())),
    ("救助身份", 18, "困难群众填写(特困供养人员、孤儿、事实无人抚养儿童、低保、低保边缘等),不是则留空或填“无”"),
    ("所属区", 13, "武进区、新北区等;整本名册同属一个区时可留空,导入时选择"),
)


def build(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "名册"
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="2F5597")
    for col, (title, width, note) in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.font, cell.fill = head_font, head_fill
        cell.alignment = Alignment(horizontal="center")
        cell.comment = Comment(note, "测算台")
        ws.column_dimensions[cell.column_letter].width = width
    for row in range(2, ROWS + 2):
        ws.cell(row=row, column=1).number_format = "@"
        ws.cell(row=row, column=3).number_format = "@"
    ws.freeze_panes = "A2"

    def choices(values: tuple[str, ...], column: str, blank: bool) -> None:
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=blank)
        dv.error = "请从下拉列表中选择"
        dv.errorTitle = "取值不在列表中"
        dv.add(f"{column}2:{column}{ROWS + 1}")
        ws.add_data_validation(dv)

    choices(tuple(CATEGORY_LABELS.values()), "D", False)
    choices(AID_CHOICES, "E", True)
    choices(tuple(DISTRICT_LABELS.values()), "F", True)

    help_ws = wb.create_sheet("填写说明")
    help_ws.column_dimensions["A"].width = 100
    lines = [
        "村组名册填写说明",
        "1. 每行一位参保居民,请从“名册”表第2行开始填写,不要改动第1行表头。",
        "2. 同一户的成员填相同的户号,导出时按户汇总应缴金额。",
        "3. 身份证号请按文本填写18位(末位可为X)。若从其他表格粘贴,请用“选择性粘贴—数值”,避免变成科学计数法。",
        "4. 参保类别:" + "、".join(CATEGORY_LABELS.values()) + "。类别由经办人按参保登记确定。",
        "5. 救助身份:特困供养人员、孤儿、事实无人抚养儿童、低保、低保边缘、支出型困难等;不是救助对象的留空。",
        "6. 所属区:" + "、".join(DISTRICT_LABELS.values()) + ";整本名册同属一个区时可留空,导入时选择。",
        "7. 导入后有问题的行(身份证号有误、重复、类别与年龄不符等)会单独列出,不会计入合计。",
    ]
    for i, text in enumerate(lines, 1):
        c = help_ws.cell(row=i, column=1, value=text)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            c.font = Font(bold=True, size=14)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))


if __name__ == "__main__":
    target = resource("roster_template.xlsx")
    build(target)
    print(target)

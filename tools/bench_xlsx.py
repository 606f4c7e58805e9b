"""Reader and writer of the roster, each against its alternative, in one run on one 10,000-row roster.

    python tools/bench_xlsx.py [--rows 10000] [--runs 5] [--old-reader COMMIT]

- reader: ``read_table`` on the .xlsx of tools/bench_roster.py (texts inline) and on the same rows
  saved as Excel and WPS save them (texts in the shared-strings part, ``_sst``), python-calamine
  (this tree) against the reader it replaced (the small ElementTree reader,
  ``desktop/core/xlsx_read.py``), taken from ``--old-reader`` (a commit that still has it) with
  ``git archive``;
- writer: ``export_xlsx`` of the checked roster, through the hand-written writer
  (``desktop/core/roster/xlsx_writer.py``) against the same sheets, cells, styles, widths, frozen
  header, filter, print titles and footers written by xlsxwriter (its default and its
  constant-memory mode). xlsxwriter is a measuring tool here, never a dependency.

Every timing runs in its own fresh process, the alternatives interleaved; the median is printed
as JSON on stdout. The roster is made up (tools/bench_roster.py); nothing is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_READ = """
import sys, time
from desktop.core.roster import read_table
start = time.perf_counter()
table = read_table(sys.argv[1])
print(time.perf_counter() - start, len(table.rows))
"""

_WRITE = """
import sys, time
sys.path.insert(0, sys.argv[3])
from desktop.core.policy.loader import load_policies
from desktop.core.roster import export, load_roster
result = load_roster(load_policies().latest(), sys.argv[1])
if sys.argv[2] != "hand":
    import bench_xlsx
    export.xs = bench_xlsx.XlsxWriterShim(constant_memory=sys.argv[2] == "xlsxwriter-constant-memory")
start = time.perf_counter()
export.export_xlsx(result, sys.argv[1] + "." + sys.argv[2] + ".xlsx")
print(time.perf_counter() - start, len(result.rows))
"""


class XlsxWriterShim:
    """What export.py uses of xlsx_writer (Cell, the style numbers, Sheet, write_workbook), with
    the workbook written by xlsxwriter: the same cells, styles and sheet settings."""

    PLAIN, HEADER, MONEY, BAD, SUM_TEXT, SUM_MONEY, TITLE, WRAP, BAD_MONEY = range(9)

    def __init__(self, *, constant_memory: bool):
        from desktop.core.roster import xlsx_writer

        self.Cell = xlsx_writer.Cell
        self._constant_memory = constant_memory

        class Sheet(xlsx_writer.Sheet):
            """Keeps the rows' values; the XML is xlsxwriter's."""

            def append(self, values: object = ()) -> None:
                row = list(values)  # type: ignore[call-overload]
                self._rows.append(row)  # type: ignore[arg-type]
                self._max_col = max(self._max_col, len(row))

        self.Sheet = Sheet

    def write_workbook(self, path: str, sheets: list) -> None:  # type: ignore[type-arg]
        from decimal import Decimal

        import xlsxwriter

        book = xlsxwriter.Workbook(path, {"constant_memory": self._constant_memory})
        fmt = {
            self.HEADER: book.add_format(
                {
                    "bold": True,
                    "font_color": "#FFFFFF",
                    "bg_color": "#2F5597",
                    "align": "center",
                    "valign": "vcenter",
                    "text_wrap": True,
                    "bottom": 1,
                    "bottom_color": "#999999",
                }
            ),
            self.MONEY: book.add_format({"num_format": "0.00"}),
            self.BAD: book.add_format({"bg_color": "#F8D7DA"}),
            self.SUM_TEXT: book.add_format({"bold": True, "bg_color": "#E2EFDA"}),
            self.SUM_MONEY: book.add_format({"bold": True, "bg_color": "#E2EFDA", "num_format": "0.00"}),
            self.TITLE: book.add_format({"bold": True, "font_size": 14}),
            self.WRAP: book.add_format({"valign": "top", "text_wrap": True}),
            self.BAD_MONEY: book.add_format({"bg_color": "#F8D7DA", "num_format": "0.00"}),
        }
        for s in sheets:
            ws = book.add_worksheet(s.title)
            for i, width in enumerate(s.widths):
                ws.set_column(i, i, width)
            if s.freeze_header:
                ws.freeze_panes(1, 0)
            ws.set_landscape()
            ws.set_paper(9)
            ws.fit_to_pages(1, 0)
            ws.set_margins(0.5, 0.5, 0.6, 0.6)
            if s.print_title_rows:
                ws.repeat_rows(0, s.print_title_rows - 1)
            if s.footer:
                ws.set_footer("&L" + s.footer.replace("&", "&&") + "&R第 &P 页,共 &N 页")
            for r, row in enumerate(s._rows):
                for c, item in enumerate(row):
                    value, style = (item.value, item.style) if isinstance(item, self.Cell) else (item, 0)
                    if value is None or value == "":
                        if style:
                            ws.write_blank(r, c, None, fmt[style])
                        continue
                    if isinstance(value, Decimal):
                        value = float(value)
                    if isinstance(value, bool):
                        ws.write_boolean(r, c, value, fmt.get(style))
                    elif isinstance(value, int | float):
                        ws.write_number(r, c, value, fmt.get(style))
                    else:
                        ws.write_string(r, c, str(value), fmt.get(style))
            if s.auto_filter:
                ws.autofilter(0, 0, max((s.auto_filter_rows or len(s._rows)) - 1, 0), max(s._max_col - 1, 0))
        book.close()


def _resave_with_shared_strings(src: Path, out: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(src)
    wb.save(out)


def _time(code: str, args: list[str], tree: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="名册读写:calamine 与旧读取器、手写 .xlsx 与 xlsxwriter 同场计时")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--old-reader", default="d0cc41e", help="a commit that still has desktop/core/xlsx_read.py")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tools"))
    from bench_roster import make_roster_file

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "roster.xlsx"
        make_roster_file(src, args.rows)
        # the same rows as Excel and WPS save them: texts in the shared-strings part
        shared = Path(tmp) / "roster-shared.xlsx"
        _resave_with_shared_strings(src, shared)
        old = Path(tmp) / "old"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.old_reader, "desktop", "resources", "policy_data"],
            capture_output=True,
            check=True,
        ).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(old, filter="data")
        readers: dict[str, list[float]] = {k: [] for k in ("calamine", "old_reader", "calamine_sst", "old_reader_sst")}
        writers: dict[str, list[float]] = {"hand": [], "xlsxwriter": [], "xlsxwriter-constant-memory": []}
        for _ in range(args.runs):
            readers["calamine"].append(_time(_READ, [str(src)], ROOT))
            readers["old_reader"].append(_time(_READ, [str(src)], old))
            readers["calamine_sst"].append(_time(_READ, [str(shared)], ROOT))
            readers["old_reader_sst"].append(_time(_READ, [str(shared)], old))
            for kind in writers:
                writers[kind].append(_time(_WRITE, [str(src), kind, str(ROOT / "tools")], ROOT))
    print(
        json.dumps(
            {
                "rows": args.rows,
                "old_reader_commit": args.old_reader,
                "read_seconds": {k: round(statistics.median(v), 3) for k, v in readers.items()},
                "write_seconds": {k: round(statistics.median(v), 3) for k, v in writers.items()},
                "runs": {k: [round(t, 3) for t in v] for k, v in (readers | writers).items()},
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

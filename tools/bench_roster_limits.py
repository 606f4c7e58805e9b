"""The largest rosters the documented limits allow, read as the program reads them (a child
process under its memory and time limit): peak memory of the child and time, as JSON.

    python tools/bench_roster_limits.py [--quick]

Budget (issue 25): any input within the limits peaks under 500 MB and finishes in under 10 s.
The files are generated in a temporary folder and deleted; nothing is kept. Measured:

- xlsx_area: one sheet of 14,900 rows × 200 columns (the area limit, 2.98 million cells) with
  the same short number in every cell, plus a small second sheet;
- xlsx_rows: 60,000 rows of a real roster's ten columns (tools/bench_roster.py's kind of rows);
- xls_area: an .xls of 14,900 rows × 200 columns (the area limit) sparse:
  a value at the far corner and a header (the block calamine builds is the area, not the values);
- csv_lines: a .csv of 1,048,576 lines, nearly all blank (the most a spreadsheet writes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_MEASURE = """
import resource, sys, time
from desktop.core.roster import read_table
start = time.perf_counter()
try:
    table = read_table(sys.argv[1])
    outcome = f"read {len(table.rows)} rows"
except Exception as exc:
    outcome = f"refused: {exc}"
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, own, child, outcome, sep="\\t")
"""


def _column_letters(n: int) -> bytes:
    out = b""
    while n:
        n, rest = divmod(n - 1, 26)
        out = bytes([65 + rest]) + out
    return out


def _sheet_xml(rows: int, columns: int, fh) -> None:  # type: ignore[no-untyped-def]
    fh.write(
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    header = "".join(f'<c t="inlineStr"><is><t>{t}</t></is></c>' for t in ("姓名", "身份证号", "参保类别"))
    fh.write(f'<row r="1">{header}</row>'.encode())
    letters = [_column_letters(c) for c in range(1, columns + 1)]
    for r in range(2, rows + 1):
        # as Excel and WPS write them: every cell with its reference
        cells = b"".join(b'<c r="%s%d"><v>7</v></c>' % (x, r) for x in letters)
        fh.write(b'<row r="%d">' % r + cells + b"</row>")
    fh.write(b"</sheetData></worksheet>")


def make_xlsx(path: Path, rows: int, columns: int) -> Path:
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    book = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="名册" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets></workbook>'
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
        "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", book_rels)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            _sheet_xml(rows, columns, fh)
        with z.open("xl/worksheets/sheet2.xml", "w") as fh:
            _sheet_xml(20, 3, fh)
    return path


def make_xls(path: Path, rows: int, columns: int) -> Path:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("名册")
    for c, text in enumerate(("姓名", "身份证号", "参保类别")):
        sheet.write(0, c, text)
    sheet.write(rows - 1, columns - 1, 7)
    book.save(str(path))
    return path


def make_csv(path: Path, lines: int) -> Path:
    path.write_bytes("姓名,身份证号,参保类别\n".encode() + b"\n" * (lines - 2) + "张一,1,非从业居民\n".encode())
    return path


def measure(path: Path) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, env=env, timeout=300, check=True
    ).stdout.strip()
    seconds, own, child, outcome = out.split("\t", 3)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: KiB on Linux, bytes on macOS
    return {
        "file_mb": round(path.stat().st_size / 1e6, 2),
        "seconds": round(float(seconds), 2),
        "peak_mb_parent": round(int(own) * scale / 1e6),
        "peak_mb_child": round(int(child) * scale / 1e6),
        "outcome": outcome[:120],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of each size (for a smoke run)")
    args = parser.parse_args()
    k = 10 if args.quick else 1
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        d = Path(folder)
        cases = {
            "xlsx_area": lambda: make_xlsx(d / "area.xlsx", 14_900 // k, 200),
            "xlsx_rows": lambda: make_xlsx(d / "rows.xlsx", 60_000 // k, 10),
            "xls_area": lambda: make_xls(d / "area.xls", 14_900 // k, 200),
            "csv_lines": lambda: make_csv(d / "lines.csv", 1_048_576 // k),
        }
        for name, make in cases.items():
            started = time.perf_counter()
            path = make()
            results[name] = measure(path) | {"made_in_s": round(time.perf_counter() - started, 1)}
            path.unlink()
    budget_ok = all(
        r["seconds"] < 10 and max(r["peak_mb_parent"], r["peak_mb_child"]) < 500  # type: ignore[index, operator]
        for r in results.values()
        if isinstance(r, dict)
    )
    print(json.dumps({"roster_limits": results, "budget_500mb_10s_met": budget_ok}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

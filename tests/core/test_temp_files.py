"""issue 25 §11: a temporary file (an export with every full ID number) outlives no exit path:
a killed export's is deleted at the next start wherever it was; temporary names are short, so a
legal 245-byte file name can be written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core import atomic
from tests.core.roster.test_roster import write_xlsx

ROOT = Path(__file__).resolve().parents[2]


def test_a_245_byte_name_can_be_written(tmp_path: Path) -> None:
    name = "名" * 78 + "123456.xlsx"  # 78 × 3 + 11 = 245 bytes in UTF-8
    assert len(name.encode("utf-8")) == 245
    target = tmp_path / name
    atomic.atomic_write_text(target, "ok")  # before: the temporary name was ~27 bytes longer: ENAMETOOLONG
    assert target.read_text(encoding="utf-8") == "ok"
    seen: list[str] = []
    with atomic.replacing(target) as tmp:
        seen.append(tmp.name)
        tmp.write_text("again", encoding="utf-8")
    assert len(seen[0].encode("utf-8")) < 255 and seen[0].endswith(atomic.TEMP_SUFFIX)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_full_id_export_leaves_nothing_after_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    village = tmp_path / "village"
    village.mkdir()
    src = write_xlsx(village / "v.xlsx")
    # the export stops inside the temporary file (as a kill would find it) and is killed there
    stall = (
        "import os, sys, time\n"
        "from desktop.core.roster import xlsx_writer\n"
        "real = xlsx_writer.zipfile.ZipFile.writestr\n"
        "def slow(self, *a, **k):\n"
        "    real(self, *a, **k); self.fp.flush(); print('writing', flush=True); time.sleep(60)\n"
        "xlsx_writer.zipfile.ZipFile.writestr = slow\n"
        "from desktop.cli.roster import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = dict(os.environ, CZDESK_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", stall, str(src), "-o", str(village / "out.xlsx"), "--full-id"],
        env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    temps = [p for p in village.iterdir() if p.name.endswith(atomic.TEMP_SUFFIX)]
    assert len(temps) == 1
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert temps[0].exists()  # a kill cannot be caught: the journal names it
    # the next start (any roster command, or the window) sweeps it, though it is in another folder
    # and that folder is never written again
    assert atomic.sweep_journal(data) == [temps[0]]
    assert not temps[0].exists()
    assert not (data / atomic.JOURNAL_NAME).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_a_terminated_export_deletes_its_temporary_file(tmp_path: Path) -> None:
    village = tmp_path / "village"
    village.mkdir()
    src = write_xlsx(village / "v.xlsx")
    stall = (
        "import sys, time\n"
        "from desktop.core.roster import xlsx_writer\n"
        "real = xlsx_writer.zipfile.ZipFile.writestr\n"
        "def slow(self, *a, **k):\n"
        "    real(self, *a, **k); print('writing', flush=True); time.sleep(60)\n"
        "xlsx_writer.zipfile.ZipFile.writestr = slow\n"
        "from desktop.cli.roster import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = dict(os.environ, CZDESK_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", stall, str(src), "-o", str(village / "out.xlsx"), "--full-id"],
        env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    proc.stdout.close()
    time.sleep(0.1)
    assert [p.name for p in village.iterdir()] == ["v.xlsx"]  # before: the full-ID temporary file stayed

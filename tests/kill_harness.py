"""Kill every writer of the program in the middle of its work; run by tests/test_kill_during_write.py.

``python tests/kill_harness.py FOLDER KILLS MODE [WRITER ...]`` prepares each writer once (Qt,
policies, a roster, a window), then for every kill forks a child that writes the file over and
over until it is SIGKILLed, and checks the destination with the writer's own reader: a whole old
or new file only. Then it does what the next start, open or save does (the clean-up of leftovers)
and lists every file left in the folder. Prints one JSON object. POSIX only (fork, SIGKILL): the
atomic rename is the same on Windows.

MODE ``counted`` (the test's default form) is deterministic: the child counts its file-system
calls (every call of a C function named in IO_CALLS: open, write, fsync, replace, Qt's sync, …)
and kills itself just before call number n, the kill points spread evenly over its first two
writes (so every step of the atomic protocol is hit when a write makes fewer calls than there
are kills, and the second write lands over a file the child itself replaced). Nothing depends
on the clock: the same code gives the same kills on every run and every machine.

MODE an integer is the random stress form's seed: the parent kills the child after a random
time within about its first one or two writes (every other kill only after one finished
write), as often as about a second and a half of killing per writer allows. It reaches inside
a C++ write (Qt's QSaveFile, QPdfWriter), which the counted form cannot stop in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import json
import os
import random
import re
import select
import signal
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FULL_ID = "320483195005010014"  # a valid check digit: 1950-05-01, so the elderly category fits
ROSTER = (
    "户号,姓名,身份证号,参保类别,所属区\n1,张三,"
    + FULL_ID
    + ",老年居民,武进区\n1,李四,320483201506010029,未成年人,武进区\n"
)


@dataclass
class Writer:
    name: str
    target: Path
    write: Callable[[int], None]  # writes version i of the file
    check: Callable[[Path], str | None]  # None when the file is whole, else what is wrong
    next_start: Callable[[], None]  # what the program does next in that folder (clean-up)
    holds_full_id: bool


def _pdf_ok(path: Path) -> str | None:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF") or b"startxref" not in data[-200:]:
        return f"not a whole PDF ({len(data)} bytes)"
    return None


def _zip_ok(path: Path, member: str) -> str | None:
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            if bad is not None or member not in zf.namelist():
                return f"damaged zip member {bad or member}"
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return f"not a whole zip: {exc!r}"
    return None


def _json_ok(path: Path, must: Callable[[Any], bool]) -> str | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        return f"not whole JSON: {exc!r}"
    return None if must(data) else "JSON without the expected content"


def build_writers(folder: Path) -> list[Writer]:
    os.environ["CZDESK_DATA_DIR"] = str(folder / "data")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QFileDialog

    app = QApplication.instance() or QApplication(["kill_harness"])
    from desktop.core import atomic, packs
    from desktop.core.policy.freeze import thaw
    from desktop.core.policy.loader import load_policies
    from desktop.core.roster import export_xlsx, load_roster
    from desktop.core.slip import Slip
    from desktop.ui.case_file import load_case, save_case
    from desktop.ui.font import register_font
    from desktop.ui.main_window import MainWindow
    from desktop.ui.printing import save_slip_pdf
    from desktop.ui.tabs.quote.household_model import COL_ID
    from desktop.ui.window.session_file import clean_settings_locks

    register_font()
    policies = load_policies()
    writers: list[Writer] = []

    def clean(sub: Path) -> Callable[[], None]:
        return lambda: atomic.clean_stale_temps(sub)

    # the window: session (data folder) and case file; a household with a full ID number
    data = folder / "data"
    data.mkdir(parents=True)
    window = MainWindow(
        policies, today=dt.date(2025, 6, 1), settings=QSettings(str(folder / "w.ini"), QSettings.Format.IniFormat)
    )
    quote = window.quote_tab
    quote.add_member()
    quote.model.setData(quote.model.index(0, COL_ID), FULL_ID)

    def session_write(i: int) -> None:
        window.selected_year  # noqa: B018 - the state is read whole at every save, as in the app
        window.session.save_session()

    def has_id(doc: Any) -> bool:
        return FULL_ID in json.dumps(doc)

    writers.append(
        Writer(
            "session",
            data / "session.json",
            session_write,
            lambda p: _json_ok(p, has_id),
            lambda: window.session.restore_session() and None,
            True,
        )
    )
    cases = folder / "cases"
    cases.mkdir()
    writers.append(
        Writer(
            "case",
            cases / "张三.czcase",
            lambda i: save_case(cases / "张三.czcase", window.session.state()) and None,
            lambda p: _json_ok(p, lambda d: has_id(load_case(p))),
            lambda: load_case(cases / "张三.czcase") and None,
            True,
        )
    )

    # the slip as PDF (IDs masked on paper, but the file is still one the clerk relies on)
    pdfs = folder / "pdf"
    pdfs.mkdir()
    slip = window.slips.current_slip() or Slip(title="测算单", policy_year=2025, data_version="t", data_hash="0" * 64)
    writers.append(
        Writer(
            "pdf",
            pdfs / "测算单.pdf",
            lambda i: save_slip_pdf(slip, pdfs / "测算单.pdf") and None,
            _pdf_ok,
            clean(pdfs),
            False,
        )
    )

    # the roster: workbook with full IDs (the clerk's choice), the CLI's workbook and register
    roster_dir = folder / "roster"
    roster_dir.mkdir()
    source = roster_dir / "名册.csv"
    source.write_text(ROSTER, encoding="utf-8")
    result = load_roster(policies[2025], source, default_district="wujin")
    writers.append(
        Writer(
            "xlsx",
            roster_dir / "导出.xlsx",
            lambda i: export_xlsx(result, roster_dir / "导出.xlsx", full_id=True),
            lambda p: _zip_ok(p, "xl/workbook.xml"),
            clean(roster_dir),
            True,
        )
    )
    from desktop.cli import roster as roster_cli

    register = roster_dir / "登记册.html"

    def cli_write(i: int) -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            code = roster_cli.main([str(source), "-o", str(roster_dir / "cli.xlsx"), "--register", str(register)])
        if code != 0:
            raise RuntimeError(f"roster CLI exit {code}")

    def register_ok(p: Path) -> str | None:
        text = p.read_text(encoding="utf-8")
        if not text.rstrip().endswith("</html>"):
            return "register HTML cut short"
        return _zip_ok(roster_dir / "cli.xlsx", "xl/workbook.xml") if (roster_dir / "cli.xlsx").exists() else None

    writers.append(Writer("register", register, cli_write, register_ok, clean(roster_dir), False))

    # the blank roster template the roster tab saves (through its own button's code)
    from desktop.ui.tabs.roster.tab import RosterTab

    tab = RosterTab(policies)
    templates = folder / "template"
    templates.mkdir()
    template = templates / "村组名册模板.xlsx"
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(template), ""))  # type: ignore[method-assign]
    writers.append(
        Writer(
            "template",
            template,
            lambda i: tab.save_template(),
            lambda p: _zip_ok(p, "xl/workbook.xml"),
            clean(templates),
            False,
        )
    )

    # policy data: the next year's template (CLI), a built pack, the packs' enabled/disabled state
    from desktop.cli import pack as packs_cli

    yaml_out = folder / "policy" / "2026-模板.yaml"
    yaml_out.parent.mkdir()
    expected_yaml: list[bytes] = []  # the whole template, as the first write gives it

    def yaml_write(i: int) -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            if packs_cli.main(["template", "-o", str(yaml_out), "--force"]) != 0:
                raise RuntimeError("pack template failed")
        if not expected_yaml:
            expected_yaml.append(yaml_out.read_bytes())

    writers.append(
        Writer(
            "policy template",
            yaml_out,
            yaml_write,
            lambda p: None if p.read_bytes() == expected_yaml[0] else "template YAML differs from a whole one",
            clean(yaml_out.parent),
            False,
        )
    )
    document = folder / "policy" / "2025.9.yaml"
    document.write_text(
        packs.policy_to_yaml(thaw(policies[2025]).model_copy(update={"data_version": "2025.9"})), encoding="utf-8"
    )
    pack_out = folder / "policy" / "2025.9.czpack"

    def pack_ok(p: Path) -> str | None:
        try:
            packs.read_pack(p)
        except packs.PackError as exc:
            return f"pack unreadable: {exc}"
        return None

    writers.append(
        Writer(
            "pack build",
            pack_out,
            lambda i: packs.build_pack(document, pack_out) and None,
            pack_ok,
            clean(pack_out.parent),
            False,
        )
    )
    packs.build_pack(document, pack_out)
    packs.install(packs.read_pack(pack_out))
    state = packs.packs_dir() / packs.STATE_NAME

    def state_write(i: int) -> None:
        packs.set_enabled(2025, "2025.9", i % 2 == 0)

    def state_ok(p: Path) -> str | None:
        problem = _json_ok(p, lambda d: isinstance(d, dict) and isinstance(d.get("disabled"), list))
        listed = [x for x in packs.list_installed() if x.problem]
        return problem or (f"installed pack broken: {listed}" if listed else None)

    writers.append(Writer("pack state", state, state_write, state_ok, clean(state.parent), False))

    # installing and removing a pack (a folder renamed into place, or out of it)
    pack = packs.read_pack(pack_out)
    year_dir = packs.packs_dir() / "2025"

    def install_write(i: int) -> None:
        if (year_dir / "2025.9").exists():
            packs.remove(2025, "2025.9")
        else:
            packs.install(pack)

    def installed_ok(p: Path) -> str | None:
        broken = [x for x in packs.list_installed() if x.problem]
        if broken:
            return f"installed pack broken: {broken}"
        try:
            packs.load_all(dt.date(2025, 6, 1))
        except Exception as exc:  # noqa: BLE001 - any failure to load is what we look for
            return f"data no longer loads: {exc!r}"
        return None

    writers.append(
        Writer(
            "pack install",
            year_dir / "2025.9",
            install_write,
            installed_ok,
            lambda: window.session.restore_session() and None,  # the next start cleans the packs folders
            False,
        )
    )

    # the window's settings (an INI file Qt writes itself, through its own QSaveFile)
    ini = folder / "settings" / "settings.ini"
    ini.parent.mkdir()

    def settings_write(i: int) -> None:
        settings = QSettings(str(ini), QSettings.Format.IniFormat)
        settings.setValue("large_text", i % 2 == 0)
        settings.setValue("counter", i)
        settings.sync()
        if settings.status() != QSettings.Status.NoError:
            raise RuntimeError(f"settings not written: {settings.status()}")

    def settings_ok(p: Path) -> str | None:
        text = p.read_text(encoding="utf-8")
        if not re.fullmatch(r"\[General\]\ncounter=\d+\nlarge_text=(true|false)\n", text):
            return f"settings cut short: {text!r}"
        return None

    def settings_next_start() -> None:
        # what the next start does in the data folder the settings live in, a minute after the kills
        clean(ini.parent)()
        clean_settings_locks(ini.with_name(ini.name + ".lock"), now=time.time() + 60)

    writers.append(Writer("settings", ini, settings_write, settings_ok, settings_next_start, False))
    app.processEvents()
    return writers


#: the C functions a write reaches the file system through, by name (a PySide6 method is a C
#: function too: QSettings.sync, QSaveFile.commit, QPainter.end); the counted form kills before one
IO_CALLS = frozenset(
    {
        "open",
        "write",
        "writelines",
        "writestr",
        "flush",
        "close",
        "fsync",
        "fdatasync",
        "replace",
        "rename",
        "unlink",
        "remove",
        "rmdir",
        "mkdir",
        "makedirs",
        "truncate",
        "ftruncate",
        "chmod",
        "fchmod",
        "utime",
        "sync",
        "commit",
        "end",
        "newPage",
    }
)


def _count_io(kill_at: int | None) -> Callable[[], int]:
    """Count the child's IO_CALLS from now on (a profile hook), killing it before call number
    ``kill_at``; returns a function giving the count so far."""
    count = 0

    def hook(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event == "c_call" and getattr(arg, "__name__", None) in IO_CALLS:
            count += 1
            if kill_at is not None and count >= kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    sys.setprofile(hook)
    return lambda: count


def _report(fd: int, data: bytes) -> None:
    """Tell the parent something without the telling being counted as the writer's IO."""
    hook = sys.getprofile()
    sys.setprofile(None)
    os.write(fd, data)
    sys.setprofile(hook)


def _calls_per_write(writer: Writer) -> int:
    """The IO_CALLS one write makes, counted in a forked child (the parent's state stays as it is)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        code = 0
        try:
            counted = _count_io(None)
            writer.write(999)
            _report(write_end, str(counted()).encode())
        except BaseException as exc:  # noqa: BLE001 - reported through the exit code
            os.write(2, f"{writer.name}: {exc!r}\n".encode())
            code = 3
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    return int(answer or b"0")


def kill_points(calls: int, kills: int) -> list[int]:
    """Where the counted form kills: before IO call n, spread evenly over the first two writes;
    each point once when the two writes make fewer calls than ``kills``."""
    span = 2 * max(calls, 1)
    if span <= kills:
        return list(range(1, span + 1))
    return [1 + k * span // kills for k in range(kills)]


#: how long a counted child may take to reach its kill point before it is called stuck
STUCK_S = 120


def run(writer: Writer, kills: int, rng: random.Random | None) -> dict[str, Any]:
    """Kill ``writer`` ``kills`` times: at counted IO calls (``rng`` None) or at random times."""
    writer.write(0)  # a good file to start from
    started = time.perf_counter()
    for i in range(1, 4):
        writer.write(i)
    one = (time.perf_counter() - started) / 3
    calls = _calls_per_write(writer)
    if rng is None:
        points: list[int | None] = list(kill_points(calls, kills))
    else:
        # a writer that takes long (the CLIs load the policy data first) is killed fewer times:
        # about a second and a half of killing each, at least 8 times
        points = [None] * max(8, min(kills, int(1.5 / one)))
    # A forked child's first full garbage collection walks (and copies) the whole inherited heap,
    # 0.1 s or more with Qt and the policies loaded: freeze what exists, so the kills land in
    # the writer, not where a collection happens to fall.
    gc.collect()
    gc.freeze()
    broken: list[str] = []
    completed = 0
    temps_seen = 0
    errors: list[str] = []
    for k, point in enumerate(points):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: write until killed
            os.close(read_end)
            code = 0
            try:
                if point is not None:
                    _count_io(point)
                i = 1000 * (k + 1)
                while True:
                    writer.write(i)
                    _report(write_end, b".")
                    i += 1
            except BaseException as exc:  # noqa: BLE001 - reported through the exit code
                sys.setprofile(None)
                os.write(2, f"{writer.name}: {exc!r}\n".encode())
                code = 3
            os._exit(code)
        os.close(write_end)
        if point is None:
            assert rng is not None
            if k % 2:
                # every other kill waits for a finished write first: it lands in a later write, over
                # a file the child itself replaced, and proves the child really writes between kills
                ready, _, _ = select.select([read_end], [], [], 60)
                if ready:
                    completed += len(os.read(read_end, 1))
            time.sleep(rng.uniform(0.0, 1.5 * one) + 0.002)
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        else:
            status = _wait_for_self_kill(pid, errors, point)
        with os.fdopen(read_end, "rb") as pipe:
            completed += len(pipe.read())
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            errors.append(f"child ended by itself: status {status}")
        temps_seen += sum(1 for p in writer.target.parent.iterdir() if p.name.endswith(".czdesk-tmp"))
        exists = writer.target.is_file() or (writer.name == "pack install" and writer.target.parent.is_dir())
        problem = writer.check(writer.target) if exists else "destination missing"
        if problem:
            broken.append(f"kill {k}{'' if point is None else f' (before IO call {point})'}: {problem}")
    writer.next_start()
    left = sorted(p.name for p in writer.target.parent.iterdir())
    with_id = sorted(
        p.name for p in writer.target.parent.iterdir() if p.is_file() and FULL_ID.encode() in p.read_bytes()
    )
    writer.write(10**6)  # the next run's first write, after the clean-up: it must still work
    problem = writer.check(writer.target)
    if problem:
        broken.append(f"write after the kills: {problem}")
    left_after_write = sorted(p.name for p in writer.target.parent.iterdir())
    return {
        "one_write_s": round(one, 4),
        "io_calls_per_write": calls,
        "kills": len(points),
        "kill_points": [p for p in points if p is not None],
        "completed": completed,
        "broken": broken,
        "errors": errors,
        "temps_seen": temps_seen,
        "left": left,
        "left_after_write": left_after_write,
        "with_id": with_id,
    }


def _wait_for_self_kill(pid: int, errors: list[str], point: int) -> int:
    """The counted child's exit status; a child that never reaches its kill point is killed
    after STUCK_S and reported (a hang is a failure, not a timing)."""
    deadline = time.monotonic() + STUCK_S
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            errors.append(f"IO call {point} never reached in {STUCK_S} s")
            return os.waitpid(pid, 0)[1]
        time.sleep(0.005)


def main(argv: list[str]) -> int:
    folder, kills, mode, *names = argv
    rng = None if mode == "counted" else random.Random(int(mode))
    writers = build_writers(Path(folder))
    report = {w.name: run(w, int(kills), rng) for w in writers if not names or w.name in names}
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

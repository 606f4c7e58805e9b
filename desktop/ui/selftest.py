"""``--self-test``: prove that this copy of the program (source or frozen) can start and work.

Runs without a display (offscreen when there is none), creates the application as
``desktop.ui.app.main`` does, checks the bundled Chinese font, loads the policy years, builds the
main window, renders every tab and checks none is blank, and computes two cases worked out by
hand from the 2025 notice. Prints what it checked and ``SELF-TEST OK``; exits 0. Any failure
prints ``SELF-TEST FAILED: <reason>`` and exits 1. CI runs it on the built executable, because
over-slimming a build breaks things that only show when the frozen file runs.

``--self-test-files DIR`` also saves and opens, in a new folder inside DIR, a case file, a
village roster (read, quoted and exported) and a policy pack, all named with Chinese characters
and spaces as a clerk names them; CI points DIR at another drive letter of the Windows .exe.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from desktop.core.policy.loader import PolicySet

#: characters the clerk sees on every screen, and given-name characters outside GB2312 (𠮷 is
#: outside the BMP too): the bundled font must have each of them, or names print in a fallback font
FONT_PROBE = "常州居民医保测算台保费报销个人自付¥0123456789𠮷喆堃玥珺琤彧翀旻镕昇璟赟祎芃垚犇淏"
#: the roster's second name: outside GB2312 and outside the BMP, it must survive read, export, reread
RARE_NAME = "𠮷野喆"
#: the --self-test-files folder and files: Chinese characters and spaces, as clerks name them
FILES_FOLDER = "测算台 自检 文件"
CASE_NAME = "张一 家 测算案例.czcase"
ROSTER_NAME = "湖塘镇 某村 名册.csv"
EXPORT_NAME = "湖塘镇 某村 名册 测算结果.xlsx"
POLICY_COPY_NAME = "政策数据 2025 副本.yaml"
PACK_NAME = "政策包 2025 副本.czpack"
#: two non-employed adults of one Wujin household (valid GB 11643 check digits)
ROSTER_CSV = (
    "户号,姓名,身份证号码,参保类别,所属区\r\n"
    "H1,张一,320412198001010015,非从业居民,武进区\r\n"
    "H1,𠮷野喆,320412198203150024,非从业居民,武进区\r\n"
)
#: names in the order Chinese collation (pinyin: a, li, qian, zhang, zhou) gives; ICU's root
#: order, what is left when the Chinese collation data is missing, is a different one
ICU_PINYIN_ORDER = ("阿明", "李四", "钱七", "张三", "周八")
ICU_NAMES = ("张三", "周八", "阿明", "钱七", "李四")
#: a tab whose rendering differs from its background in fewer than this share of samples is blank
MIN_INK_SHARE = 0.002


class SelfTestFailure(Exception):
    pass


def _check(ok: bool, reason: str) -> None:
    if not ok:
        raise SelfTestFailure(reason)


def _ink_share(image: QImage) -> float:
    """Share of sampled pixels that differ from the most common colour (0 = a blank picture)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    small = image.scaled(
        200, 120, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    ).convertToFormat(QImage.Format.Format_RGB32)
    counts: dict[int, int] = {}
    for y in range(small.height()):
        for x in range(small.width()):
            rgb = small.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    total = small.width() * small.height()
    return 1.0 - max(counts.values()) / total if total else 0.0


def _make_app() -> object:
    """The QApplication, set up like desktop.ui.app.main (same names, DPI policy and font)."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from desktop.app_info import APP_ID, APP_TITLE

    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_ID)
    app = QApplication([sys.argv[0] if sys.argv else APP_ID])
    QGuiApplication.setApplicationDisplayName(APP_TITLE)
    return app


def _check_font(say: Callable[[str], None]) -> None:
    """The bundled font file itself must load and cover the probe text.

    Checked on the file, not on whatever font Qt picks: a machine with a system CJK font would
    otherwise hide a bundle that lost its own (CI installs none, so there it is the only one).
    """
    from PySide6.QtGui import QFontDatabase, QFontInfo, QRawFont
    from PySide6.QtWidgets import QApplication

    from desktop.app_info import FONT_FILE
    from desktop.resources import resource
    from desktop.ui.font import register_font

    path = resource(*FONT_FILE)
    _check(path.is_file(), f"内置字体文件缺失:{path}")
    family = register_font()
    if family is None:
        raise SelfTestFailure(f"内置字体无法注册:{path}")
    raw = QRawFont(str(path), 16.0)
    _check(raw.isValid(), f"内置字体文件无法读取:{path}")
    # the code-point overload: PySide6's str-to-QChar conversion misreports some characters
    missing = [ch for ch in FONT_PROBE if not raw.supportsCharacter(ord(ch))]
    _check(not missing, f"内置字体缺少字符:{''.join(missing)}")
    _check(family in QFontDatabase.families(), f"字体 {family} 未出现在字体库中")
    used = QFontInfo(QApplication.font()).family()
    _check(used == family, f"界面字体是 {used},不是内置的 {family}")
    say(f"font: {family} from {path.name} ({len(FONT_PROBE)} probe characters present)")


def _check_icu(say: Callable[[str], None]) -> None:
    """Linux: Qt's text services on the ICU data the build cut down (build_support/icu_data.py).

    Windows builds carry no ICU (Qt uses the system's), so this runs on Linux only.
    """
    if not sys.platform.startswith("linux"):
        return
    import functools

    from PySide6.QtCore import QCollator, QLocale, QStringDecoder

    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    order = sorted(ICU_NAMES, key=functools.cmp_to_key(collator.compare))
    _check(order == list(ICU_PINYIN_ORDER), f"中文排序(ICU)结果不对:{' '.join(order)}")
    upper = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates).toUpper("straße")
    _check(upper == "STRASSE", f"大小写转换(ICU)结果不对:{upper}")
    for name in ("GB18030", "GBK", "windows-1252"):
        _check(QStringDecoder(name).isValid(), f"编码 {name}(ICU)不可用")
    say("ICU: Chinese collation, case mapping and GB18030/GBK encodings work")


def _check_bundled_files(say: Callable[[str], None]) -> None:
    """Files the window opens later (not at start) are there and readable."""
    import zipfile

    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtGui import QPixmap

    from desktop.resources import resource

    icon = QPixmap(str(resource("icons", "app.png")))
    _check(not icon.isNull(), "程序图标 resources/icons/app.png 缺失或无法读取")
    template = resource("roster_template.xlsx")
    _check(
        template.is_file() and zipfile.is_zipfile(template), "村组名册模板 resources/roster_template.xlsx 缺失或已损坏"
    )
    _check(resource("fonts", "OFL.txt").is_file(), "字体许可证 resources/fonts/OFL.txt 缺失")
    # Chinese labels of Qt's own buttons and dialogs; the build keeps only this language
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    _check(QTranslator().load("qtbase_zh_CN", folder), f"Qt 中文翻译 qtbase_zh_CN 不在 {folder}")
    say(f"files: app icon {icon.width()}x{icon.height()}, roster template, font licence, qtbase_zh_CN")


#: RFC 8032 section 7.1 TEST 1: a published ed25519 key and its signature of the empty message
RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
RFC8032_SIGNATURE = (
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)


def _check_signing(say: Callable[[str], None]) -> None:
    """Signed policy packs: the ed25519 library loads (its binary and the cffi runtime are in the
    build), signs like RFC 8032, refuses a changed message, and the bundled trusted keys read."""
    from desktop.core.packs import signing

    try:
        public = signing._ed25519_public(bytes.fromhex(RFC8032_SEED))
        signature = signing._ed25519_sign(bytes.fromhex(RFC8032_SEED), b"")
        refused = not signing._ed25519_valid(public, signature, b"x")
    except ImportError as exc:
        raise SelfTestFailure(f"签名库(PyNaCl)无法加载:{exc}") from exc
    _check(public.hex() == RFC8032_PUBLIC, "签名库算出的公钥与 RFC 8032 不符")
    _check(signature.hex() == RFC8032_SIGNATURE, "签名库算出的签名与 RFC 8032 不符")
    _check(signing._ed25519_valid(public, signature, b"") and refused, "签名库的验证结果不对")
    keys, problems = signing.trusted_keys(Path(os.devnull), signing.bundled_keys_dir())
    _check(not problems, "内置公钥无法读取:" + ";".join(problems))
    bundled = [k for k in keys if k.origin == "bundled"]
    say(f"signing: ed25519 as RFC 8032, {len(bundled)} bundled trusted key(s)")


def _check_cases(policies: PolicySet, say: Callable[[str], None]) -> None:
    """Two cases worked out by hand from the 2025 notice (see tests/cases/*.yaml)."""
    from desktop.core.care import Event, EventKind, Person, simulate_year
    from desktop.core.premium import Member, quote_household

    _check(2025 in policies, "没有 2025 年度政策数据")
    policy = policies[2025]

    # 2025 elderly, level-3 hospital, 12000 compliant: (12000 - 1000) × 70% = 7700.00 from the
    # basic fund; 4300.00 stays with the person (below the 大病 threshold, no aid status).
    person = Person(category="elderly", birth_date=dt.date(1950, 5, 1), continuous_enrolment_years=3)
    event = Event(date=dt.date(2025, 3, 2), kind=EventKind.INPATIENT, compliant_cost=Decimal("12000"), hospital_level=3)
    totals = simulate_year(policy, person, [event]).totals
    say(
        "case 1: 2025 elderly level-3 inpatient 12000.00 -> "
        f"basic fund {totals.basic_fund:.2f}, critical illness {totals.critical_illness:.2f}, "
        f"medical aid {totals.medical_aid:.2f}, out of pocket {totals.out_of_pocket:.2f}"
    )
    _check(totals.basic_fund == Decimal("7700.00"), f"住院测算错误:基本医保 {totals.basic_fund},应为 7700.00")
    _check(totals.out_of_pocket == Decimal("4300.00"), f"住院测算错误:个人自付 {totals.out_of_pocket},应为 4300.00")

    # 2025 non-employed resident in Wujin: 850 medical + 30 long-term care = 880.00 a year.
    quote = quote_household(policy, [Member(name="自检", category="non_employed", district="wujin")])
    say(f"case 2: 2025 wujin non_employed premium -> {quote.total_individual:.2f}")
    _check(quote.total_individual == Decimal("880.00"), f"保费测算错误:{quote.total_individual},应为 880.00")


def _check_window(policies: PolicySet, scratch: Path, say: Callable[[str], None]) -> dict[str, object]:
    """Build the window, draw every tab; returns the window's state (what a case file keeps)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.ui import main_window

    # Like the window's own tests: session and settings go to a scratch folder, so a self-test
    # on a clerk's PC neither reads nor overwrites the clerk's saved work.
    main_window.data_dir = lambda: scratch  # type: ignore[assignment]
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = main_window.MainWindow(policies, today=dt.date(2025, 6, 1), settings=settings)
    window.resize(1280, 720)
    window.show()
    QApplication.processEvents()
    tabs = window.tabs
    _check(tabs.count() >= 3, f"主窗口只有 {tabs.count()} 个页签")
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        QApplication.processEvents()
        page = tabs.currentWidget()
        image = page.grab().toImage()
        _check(not image.isNull() and image.width() > 100, f"页签“{tabs.tabText(index)}”无法绘制")
        share = _ink_share(image)
        say(f"tab {index + 1} {tabs.tabText(index)}: {image.width()}x{image.height()}, ink {share:.1%}")
        _check(share >= MIN_INK_SHARE, f"页签“{tabs.tabText(index)}”绘制结果为空白")
    whole = window.grab().toImage()
    _check(_ink_share(whole) >= MIN_INK_SHARE, "主窗口绘制结果为空白")
    state = window.session.state()
    window.hide()
    window.deleteLater()
    QApplication.processEvents()
    return state


def _check_pdf_font(scratch: Path, say: Callable[[str], None]) -> None:
    """A slip's PDF, bold heading first: its Chinese text in the regular face, bold runs in their own.

    On Windows every Chinese character of a PDF came out bold (its font "CZDeskSansSC-0-700"):
    Qt's PDF writer embedded the face once, with the outlines of the bold heading's engine.
    """
    from decimal import Decimal

    from desktop.core.slip import Slip, SlipAmount
    from desktop.ui.printing import pdf_font_problem, save_slip_pdf

    slip = Slip(
        title="自检测算单",
        policy_year=2025,
        data_version="自检",
        data_hash="0" * 64,
        inputs=(("参保类别", "老年居民"),),
        amounts=(SlipAmount("个人缴费", Decimal("730.00"), emphasis=True),),
        notes=("正文文字应为常规字重。",),
    )
    path = save_slip_pdf(slip, scratch / "自检测算单.pdf")
    problem = pdf_font_problem(path.read_bytes())
    _check(problem is None, problem or "")
    say(f"PDF fonts: regular text in the regular face, bold runs apart ({path.stat().st_size} bytes)")


def _check_files(policies: PolicySet, base: Path, state: dict[str, object], say: Callable[[str], None]) -> None:
    """Save and open a case, a roster and a pack under names with Chinese characters and spaces."""
    from decimal import Decimal

    from desktop.core import packs, roster
    from desktop.resources import policy_dir
    from desktop.ui.case_file import CaseFileError, load_case, save_case

    _check(base.is_dir(), f"文件夹不存在:{base}")
    folder = base / FILES_FOLDER
    shutil.rmtree(folder, ignore_errors=True)  # only the self-test's own folder, from an earlier run
    folder.mkdir()
    try:
        # a case file: the window's state saved and read back unchanged
        try:
            saved = save_case(folder / CASE_NAME, dict(state))
            back = load_case(saved)
        except CaseFileError as exc:
            raise SelfTestFailure(f"案例文件无法保存或打开:{exc}") from exc
        _check(back.get("tabs") == json.loads(json.dumps(state["tabs"])), f"案例文件读回的内容不同:{saved}")
        say(f"case file: saved and opened {saved}")

        # a roster: read, quoted, exported, the export read again. Hand-worked: two Wujin
        # non-employed adults, 880.00 each (850 medical + 30 长护险) = 1760.00
        source = folder / ROSTER_NAME
        source.write_bytes(ROSTER_CSV.encode("utf-8-sig"))
        result = roster.load_roster(policies[2025], source)
        _check(len(result.good_rows) == 2 and not result.bad_rows, f"名册 {source.name} 读出的行不对")
        _check(result.total.individual == Decimal("1760.00"), f"名册合计 {result.total.individual},应为 1760.00")
        export = folder / EXPORT_NAME
        roster.export_xlsx(result, export)
        table = roster.read_table(export)
        _check(len(table.rows) >= 2, f"导出的名册 {export.name} 读不出内容")
        _check(
            any(RARE_NAME in str(cell) for row in table.rows for cell in row),
            f"导出的名册 {export.name} 里没有姓名 {RARE_NAME}",
        )
        say(f"roster: {source.name} -> 1760.00, exported and reopened {export} ({RARE_NAME} kept)")

        # a policy pack: built from a copy of the bundled 2025 data, then opened and validated
        document = folder / POLICY_COPY_NAME
        document.write_bytes((policy_dir() / "2025.yaml").read_bytes())
        try:
            packs.build_pack(document, folder / PACK_NAME)
            pack = packs.read_pack(folder / PACK_NAME)
        except packs.PackError as exc:
            raise SelfTestFailure(f"政策包无法生成或打开:{exc}") from exc
        _check(pack.year == 2025, f"政策包年度 {pack.year},应为 2025")
        say(f"policy pack: built and opened {folder / PACK_NAME} ({pack.year}, {pack.short_hash})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_self_test(files_dir: Path | None = None) -> int:
    """Run every check; 0 when all pass, 1 (with the reason on stderr) otherwise.

    With ``files_dir``, also the file checks (``--self-test-files DIR``) in a folder made there.
    """
    if not os.environ.get("QT_QPA_PLATFORM") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        if sys.platform.startswith("linux"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"

    def say(text: str) -> None:
        print(f"  {text}", flush=True)

    from desktop import __version__
    from desktop.app_info import APP_TITLE

    frozen = getattr(sys, "frozen", False)
    print(
        f"{APP_TITLE} {__version__} self-test ({'frozen' if frozen else 'source'}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()})",
        flush=True,
    )
    try:
        app = _make_app()
        from PySide6.QtGui import QGuiApplication

        say(f"Qt platform: {QGuiApplication.platformName()}")
        _check_font(say)
        _check_icu(say)
        if frozen:
            from desktop.start_costs import archive_kept_open

            _check(archive_kept_open(), "程序包内的模块未经保持打开的文件读取(PyInstaller 版本不符?)")
            say("bundled modules: read through one kept handle")
            from desktop.core.about import read_build_info
            from desktop.resources import build_info_path

            build = read_build_info(build_info_path())
            _check(
                build is not None and build.get("version") == __version__ and bool(build.get("build_date")),
                "程序包内没有构建信息(build_info.json),关于对话框说不出构建日期",
            )
            assert build is not None
            say(f"build info: version {build['version']}, built {build['build_date']}")
        _check_bundled_files(say)
        _check_signing(say)

        from desktop.core.packs import load_all
        from desktop.core.policy.loader import PolicyLoadError

        try:
            loaded = load_all(dt.date.today())
        except PolicyLoadError as exc:
            raise SelfTestFailure("政策数据无法加载:" + "; ".join(str(p) for p in exc.problems)) from exc
        policies = loaded.policies
        say(
            "policy years: "
            + ", ".join(
                f"{y} {policies.entry(y).policy.data_version} {policies.entry(y).origin} ({policies.entry(y).short_hash})"
                for y in policies.years
            )
        )
        for problem in loaded.problems:
            say(f"skipped: {problem}")
        # the hand-worked cases are about the data shipped with the program; an installed
        # correction of 2025 may legitimately answer differently
        _check_cases(loaded.bundled, say)
        from desktop.core import packs

        say(f"user data folder: {packs.data_dir()}")
        with tempfile.TemporaryDirectory(prefix="czdesk-selftest-") as scratch:
            state = _check_window(policies, Path(scratch), say)
            _check_pdf_font(Path(scratch), say)
        if files_dir is not None:
            _check_files(policies, files_dir, state, say)
        del app
    except SelfTestFailure as exc:
        print(f"SELF-TEST FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    except Exception as exc:  # noqa: BLE001 - any crash is a failed self-test, reported not raised
        import traceback

        traceback.print_exc()
        print(f"SELF-TEST FAILED: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
    print("SELF-TEST OK", flush=True)
    return 0

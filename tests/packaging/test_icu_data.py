"""The cut ICU data library of the Linux build (build_support/icu_data.py).

The package format is checked on PySide6's own libicudata (read, written back byte for byte),
the cut's rules on item names, and the cut library itself by loading it in place of the full one
(LD_PRELOAD: the same soname, so the dynamic linker takes it for libicuuc's dependency) in a
fresh interpreter and asking Qt for what it uses ICU for: collation, case mapping, time-zone
names and encodings. The answers must be those of the full library; a cut without the Chinese
collation must not pass.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_support import icu_data

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only the Linux build carries ICU")


def _full_library() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob(icu_data.LIBRARY_PREFIX + "*"))
    assert found, "PySide6 ships no libicudata on Linux"
    return found[0]


#: what Qt asks ICU in this program, printed as JSON
PROBE = r"""
import functools, json
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
names = ["张三", "李四", "王五", "赵六", "阿明", "钱七", "周八", "Zoe", "adam", "Émile", "ä", "b"]
out = {}
for loc in ("zh_CN", "zh_TW", "en_US", "en_GB", "C"):
    c = QCollator(QLocale(loc))
    out["sort " + loc] = sorted(names, key=functools.cmp_to_key(c.compare))
for loc in ("zh_CN", "en_US", "tr_TR", "de_DE", "el_GR"):
    out["upper " + loc] = QLocale(loc).toUpper("straße iı ǆ abc 张 σας")
    out["lower " + loc] = QLocale(loc).toLower("İSTANBUL ΣΑΣ ABC")
tz = QTimeZone(b"Asia/Shanghai")
for loc in ("zh_CN", "en_US"):
    out["zone " + loc] = [
        tz.displayName(QTimeZone.TimeType.StandardTime, kind, QLocale(loc))
        for kind in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName, QTimeZone.NameType.OffsetName)
    ]
for name in ("GB18030", "GBK", "GB2312", "Big5", "windows-1250", "windows-1251", "windows-1252", "Shift_JIS"):
    out["codec " + name] = QStringDecoder(name).isValid()
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _probe(preload: Path | None) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("LD_PRELOAD", None)
    if preload is not None:
        env["LD_PRELOAD"] = str(preload)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, encoding="utf-8", check=True, timeout=60
    ).stdout
    return json.loads(out)


@pytest.fixture(scope="module")
def full_package() -> icu_data.Package:
    return icu_data.parse(icu_data.read_library(_full_library()))


@pytest.fixture(scope="module")
def cut_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    library, before, after = icu_data.cut_library(_full_library(), tmp_path_factory.mktemp("icu"))
    assert after < before
    return library


def test_a_package_read_and_written_back_is_the_same_bytes(full_package: icu_data.Package) -> None:
    assert icu_data.serialize(full_package) == icu_data.read_library(_full_library())


def test_the_cut_keeps_what_qt_uses_in_a_chinese_program() -> None:
    kept = [
        "icudt73l/root.res",
        "icudt73l/pool.res",
        "icudt73l/res_index.res",
        "icudt73l/zh.res",
        "icudt73l/zh_Hans_CN.res",
        "icudt73l/en.res",
        "icudt73l/supplementalData.res",
        "icudt73l/likelySubtags.res",
        "icudt73l/zoneinfo64.res",
        "icudt73l/cnvalias.icu",
        "icudt73l/nfkc.nrm",
        "icudt73l/gb18030.cnv",
        "icudt73l/windows-936-2000.cnv",
        "icudt73l/coll/root.res",
        "icudt73l/coll/ucadata.icu",
        "icudt73l/coll/zh.res",
        "icudt73l/zone/zh_Hant.res",
        "icudt73l/zone/pool.res",
        "icudt73l/lang/en_GB.res",
    ]
    dropped = [
        "icudt73l/de.res",
        "icudt73l/no_NO_NY.res",  # an alias to nn_NO, itself left out
        "icudt73l/ja_JP_TRADITIONAL.res",
        "icudt73l/coll/de_.res",
        "icudt73l/coll/ko.res",
        "icudt73l/brkitr/cjdict.dict",
        "icudt73l/brkitr/root.res",
        "icudt73l/translit/root.res",
        "icudt73l/rbnf/zh.res",
        "icudt73l/unames.icu",
        "icudt73l/confusables.cfu",
        "icudt73l/rfc3491.spp",
        "icudt73l/ibm-943_P15A-2003.cnv",
        "icudt73l/euc-tw-2014.cnv",
    ]
    assert [name for name in kept if not icu_data.keeps(name)] == []
    assert [name for name in dropped if icu_data.keeps(name)] == []


def test_every_kept_name_exists_in_the_real_data(full_package: icu_data.Package) -> None:
    names = {name for name, _data in full_package.items}
    # the converter list names real items: a typo would silently drop an encoding
    assert {f"icudt73l/{stem}.cnv" for stem in icu_data.CONVERTERS_KEPT} <= names
    cut = icu_data.cut(full_package)
    assert 0 < len(cut.items) < len(full_package.items) // 3
    # items keep their bytes and their table order (ICU finds them by binary search on the name)
    assert list(cut.items) == [item for item in full_package.items if icu_data.keeps(item[0])]
    assert len(icu_data.serialize(cut)) < 8 * 2**20


def test_the_cut_library_has_the_full_ones_name_and_symbol(cut_library: Path) -> None:
    dynamic = subprocess.run(["readelf", "-d", str(cut_library)], capture_output=True, text=True, check=True).stdout
    assert f"Library soname: [{cut_library.name}]" in dynamic
    symbols = subprocess.run(["nm", "-D", str(cut_library)], capture_output=True, text=True, check=True).stdout
    assert icu_data.symbol_name(cut_library) in symbols.split()
    assert cut_library.stat().st_size < 8 * 2**20 < _full_library().stat().st_size
    assert icu_data.parse(icu_data.read_library(cut_library)) == icu_data.cut(
        icu_data.parse(icu_data.read_library(_full_library()))
    )


def test_qt_answers_the_same_on_the_cut_library(cut_library: Path) -> None:
    full = _probe(None)
    cut = _probe(cut_library)
    # the one intended difference: code pages the program does not keep
    assert full.pop("codec Shift_JIS") is True and cut.pop("codec Shift_JIS") is False
    assert cut == full
    # and the probe sees what matters: pinyin order for Chinese names
    assert full["sort zh_CN"][:7] == ["阿明", "李四", "钱七", "王五", "张三", "赵六", "周八"]
    assert all(full[f"codec {name}"] for name in ("GB18030", "GBK", "GB2312", "Big5"))


def test_a_cut_without_the_chinese_collation_is_caught(full_package: icu_data.Package, tmp_path: Path) -> None:
    cut = icu_data.cut(full_package)
    broken = icu_data.Package(cut.header, tuple(i for i in cut.items if not i[0].startswith("icudt73l/coll/zh")))
    library = icu_data.write_library(icu_data.serialize(broken), _full_library().name, tmp_path)
    assert _probe(library)["sort zh_CN"] != _probe(None)["sort zh_CN"]


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"\x00" * 64,
        b"\x90\x00\xda\x28" + b"\x00" * 200,
        b"\x90\x00\xda\x27" + b"\x00" * 4 + b"\x01" + b"\x00" * 200,
    ],
)
def test_what_is_not_a_little_endian_package_is_refused(blob: bytes) -> None:
    with pytest.raises(ValueError):
        icu_data.parse(blob)

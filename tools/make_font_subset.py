"""Make the bundled Chinese font: a subset of Noto Sans CJK SC Regular (SIL OFL 1.1).

The window registers this file at start so Chinese renders on an office PC without any CJK
font installed, on screen and on paper. The subset keeps ASCII, Latin-1, general punctuation,
arrows and maths signs, CJK punctuation, full-width forms, every GB2312 character, all 8,105
characters of the 通用规范汉字表 (2013; the list is tools/data/tongyong_guifan_8105.txt), the
given-name characters outside it in NAME_EXTRAS (𠮷 among them, outside the BMP), and every
character used in the policy data and the program's own source. A name written with 喆, 堃, 玥 or
𬭚 prints in this font, not in whatever the PC has. Measured on 2026-12-07: 3.5 MiB, 2.9 MiB
compressed in the executable (2.9 MiB with GB2312 only; all 20,976 CJK Unified Ideographs the
source has would be 8.9 MiB, which would take the Windows .exe over its 30 MiB budget).

Run again whenever new text is added to the program or the policy data:

    python tools/make_font_subset.py [--source /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]

The 8,105 list is Unicode's (the Unihan database's kTGH field, which gives each character's
number in the 通用规范汉字表). To write it again from Debian's unicode-data package:

    python tools/make_font_subset.py --write-list /usr/share/unicode/Unihan_OtherMappings.txt.bz2
"""

from __future__ import annotations

import argparse
import bz2
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUTPUT = ROOT / "resources" / "fonts" / "NotoSansSC-Subset.otf"
SC_NAME = "Noto Sans CJK SC"
#: the subset's own family name. Not "Noto Sans CJK SC": where the full Noto font is installed too,
#: Qt would pick either under the shared name, and the full font maps radicals such as ⺠ and 民 to
#: one glyph, so text copied out of a PDF came back as radicals. The subset keeps no radicals.
FAMILY = "CZDesk Sans SC"
POSTSCRIPT = "CZDeskSansSC-Regular"

#: code point ranges kept whole (inclusive)
RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ×, ·, ±, ° …
    (0x2000, 0x206F),  # general punctuation: — “ ” … ‰
    (0x2100, 0x214F),  # letter-like symbols: ℃ №
    (0x2150, 0x218F),  # number forms: Ⅰ Ⅱ
    (0x2190, 0x21FF),  # arrows: → ←
    (0x2200, 0x22FF),  # maths: − ≥ ≤ ×
    (0x2460, 0x24FF),  # enclosed numbers: ① ②
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # shapes: ■ ● ▲ ◆ (status marks that survive grey-scale print)
    (0x2600, 0x26FF),  # misc symbols: ★ ☆
    (0x2700, 0x27BF),  # dingbats: ✓ ✗
    (0x3000, 0x303F),  # CJK punctuation: 、。〔〕《》「」
    (0xFF00, 0xFFEF),  # full-width forms: ( ) , : ; ¥
)

TEXT_GLOBS = ("policy_data/*.yaml", "desktop/**/*.py", "docs/*.md", "README.md")

#: 通用规范汉字表 (2013): one character a line in the table's order, after a comment header
GENERAL_STANDARD_LIST = ROOT / "tools" / "data" / "tongyong_guifan_8105.txt"
GENERAL_STANDARD_COUNT = 8105
#: characters met in given names that the 8,105 leave out (the source font has each); 𠮷 (U+20BB7)
#: stands for the names outside the Basic Multilingual Plane
NAME_EXTRAS = "𠮷琍暐瓅禕暻晛琝瑒熤飍浵澔濛"


def general_standard_characters(path: Path = GENERAL_STANDARD_LIST) -> list[str]:
    """The 通用规范汉字表's 8,105 characters, in its order."""
    chars = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    if len(chars) != GENERAL_STANDARD_COUNT or len(set(chars)) != GENERAL_STANDARD_COUNT:
        raise SystemExit(f"{path}: {len(chars)} 个字,应为 {GENERAL_STANDARD_COUNT} 个不同的字")
    return chars


def write_general_standard(unihan: Path, path: Path = GENERAL_STANDARD_LIST) -> int:
    """Write the list from Unihan_OtherMappings.txt(.bz2): each kTGH value is "2013:<number>"."""
    opener = bz2.open if unihan.suffix == ".bz2" else open
    numbered: list[tuple[int, str]] = []
    with opener(unihan, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for line in fh:
            if "\tkTGH\t" in line:
                code, _, value = line.rstrip("\n").split("\t")
                for entry in value.split():
                    numbered.append((int(entry.split(":")[1]), chr(int(code[2:], 16))))
    numbered.sort()
    header = (
        "# 通用规范汉字表 (国务院 2013), 8105 characters in the table's order, one a line.\n"
        f"# From the Unicode Unihan database's kTGH field ({unihan.name}); Unicode's licence for its data files.\n"
        "# Made by: python tools/make_font_subset.py --write-list <Unihan_OtherMappings.txt[.bz2]>\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "".join(f"{c}\n" for _, c in numbered), encoding="utf-8")
    return len(numbered)


def gb2312_characters() -> set[str]:
    """Every character GB2312 encodes (symbols rows 1-9 and hanzi rows 16-87)."""
    chars: set[str] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def project_characters() -> set[str]:
    chars: set[str] = set()
    for pattern in TEXT_GLOBS:
        for path in ROOT.glob(pattern):
            chars.update(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def wanted_codepoints() -> list[int]:
    points: set[int] = set()
    for low, high in RANGES:
        points.update(range(low, high + 1))
    points.update(ord(c) for c in gb2312_characters() | project_characters())
    points.update(ord(c) for c in general_standard_characters())
    points.update(ord(c) for c in NAME_EXTRAS)
    return sorted(points)


def sc_font_number(source: Path) -> int:
    """The index of the Simplified Chinese face inside the collection."""
    collection = TTCollection(str(source), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == SC_NAME:
            return index
    raise SystemExit(f"{source} 中没有找到 {SC_NAME}")


def rename(font: TTFont) -> None:
    """Give the subset its own family name in every name record (the OFL allows this; it asks for it)."""
    names = {1: FAMILY, 3: f"{POSTSCRIPT};subset", 4: f"{FAMILY} Regular", 6: POSTSCRIPT, 16: FAMILY, 17: "Regular"}
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.setName(names[record.nameID], record.nameID, record.platformID, record.platEncID, record.langID)
    if "CFF " in font:
        font["CFF "].cff.fontNames = [POSTSCRIPT]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--write-list", type=Path, metavar="UNIHAN", help="write the 8,105 list from Unihan and stop")
    args = parser.parse_args(argv)
    if args.write_list:
        print(f"{GENERAL_STANDARD_LIST}: {write_general_standard(args.write_list)} characters")
        return 0
    if not args.source.exists():
        print(f"找不到字体 {args.source}(Debian/Ubuntu: apt install fonts-noto-cjk)", file=sys.stderr)
        return 1
    options = subset.Options()
    options.font_number = sc_font_number(args.source)
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # CFF hints add size and do nothing for Qt's rendering at counter sizes
    font = subset.load_font(str(args.source), options)
    subsetter = subset.Subsetter(options)
    points = wanted_codepoints()
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    rename(font)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(args.output), options)
    size = args.output.stat().st_size
    print(
        f"{args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}: "
        f"{len(points)} code points, {size / 1_000_000:.2f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Make the bundled Chinese font: a subset of Noto Sans CJK SC Regular (SIL OFL 1.1).

The window registers this file at start so Chinese renders on an office PC without any CJK
font installed. The subset keeps ASCII, Latin-1, general punctuation, arrows and maths signs,
CJK punctuation, full-width forms, every GB2312 character, and every character used in the
policy data and the program's own source, so the file stays a few MB instead of 19 MB.

Run again whenever new text is added to the program or the policy data:

    python tools/make_font_subset.py [--source /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args(argv)
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

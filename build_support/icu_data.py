"""ICU's data library cut to what Qt can ask of it in this program (used only when building).

On Linux, PySide6's QtCore links to ICU, whose ``libicudata.so.73`` is one 31 MB table of every
locale, converter, collation, dictionary and transliterator ICU knows. A one-file executable
unpacks it at every start, which costs more than any other file in the archive. Qt calls ICU
for five things only: case mapping (``u_strToUpper``/``u_strToLower``), collation (``ucol_*``,
QCollator and locale-aware comparison), time-zone names (``ucal_*``), text encodings other than
UTF (``ucnv_*``) and nothing else (``nm -D --undefined-only libQt6Core.so.6``). The window is
Chinese, with English as the fallback a clerk might switch the PC to, so the cut keeps:

- every item that is not a locale's bundle (the converter alias table, normalisation, the
  collation base table, supplemental data, time-zone rules, each tree's pool and index);
- in every tree (top level, ``coll``, ``zone``, ``lang``, ``region``, ``curr``, ``unit``), the
  bundles of the root, English and Chinese locales (``en*``, ``zh*``, and ``yue*`` which falls
  back through ``zh``);
- the Chinese and Windows encodings (GB18030, GBK/Windows-936, EUC-CN, Big5, Windows-125x).

Left out: the other locales' bundles (ICU falls back to the root locale for them, as it does
for any locale it lacks), break-iterator rules and dictionaries (Qt breaks text itself),
transliterators, number spell-out rules, character names, confusables and string-prep profiles
(nothing in Qt calls them) and the other code pages. ``tests/packaging/test_icu_data.py`` loads the cut
library in place of the full one and checks Qt's collation, case mapping, time-zone names and
encodings give the same answers.

The data is ICU's "common data" package format (the one ``icupkg`` reads): a header, a table of
(name offset, data offset) pairs sorted by name, the names, then the items, each 16-byte
aligned. The cut package is linked into a shared library of the same name and exported symbol
with binutils' ``as`` and ``ld`` (binutils is needed for ``strip`` anyway). Free of Qt and
PyInstaller imports, like ``build_support.bundle``; never imported by the running program.
"""

from __future__ import annotations

import re
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: the data library's file name stem; its symbol is icudt<major>_dat
LIBRARY_PREFIX = "libicudata.so."

#: top-level subtrees whose items are all left out (see the module docstring for why)
DROPPED_TREES: frozenset[str] = frozenset({"brkitr", "translit", "rbnf"})
#: single top-level items left out: character names, confusables, string-prep profiles
DROPPED_SUFFIXES: tuple[str, ...] = (".cfu", ".spp")
DROPPED_NAMES: frozenset[str] = frozenset({"unames.icu"})

#: converters kept, by item name without ".cnv" (every other .cnv is left out; UTF-8/16/32,
#: ASCII and Latin-1 are built into ICU's code and need no item)
CONVERTERS_KEPT: frozenset[str] = frozenset(
    {
        "gb18030",
        "windows-936-2000",
        "ibm-1383_P110-1999",  # EUC-CN / GB2312
        "ibm-1386_P100-2001",  # GBK
        "windows-950-2000",  # Big5 as Windows has it
        "ibm-1373_P100-2002",  # Big5 (IBM)
        "ibm-5346_P100-1998",  # windows-1250
        "ibm-5347_P100-1998",  # windows-1251
        "ibm-5348_P100-1997",  # windows-1252
    }
)

#: a locale's bundle name: a language code, then anything ("zh_Hans_CN", "no_NO_NY", "de_")
_LOCALE = re.compile(r"^[a-z]{2,3}(?:_.*)?$")
#: languages whose bundles are kept in every tree
LANGUAGES_KEPT: tuple[str, ...] = ("en", "zh", "yue")


#: the byte icupkg pads with, so a package read and written back is the same bytes
_PAD = b"\xaa"


@dataclass(frozen=True)
class Package:
    """An ICU common-data package: its header bytes and its items, in table (name) order."""

    header: bytes
    items: tuple[tuple[str, bytes], ...]


def parse(blob: bytes) -> Package:
    """Read a common-data package; a malformed one raises ValueError."""
    if len(blob) < 32:
        raise ValueError("ICU data too short")
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or header_size % 16 or header_size + 4 > len(blob):
        raise ValueError("not an ICU common-data package")
    # UDataInfo: size, reserved, isBigEndian, charsetFamily, ...; only little-endian ASCII is built here
    if blob[8] != 0 or blob[9] != 0:
        raise ValueError("only little-endian ASCII ICU data is supported")
    toc = memoryview(blob)[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    if count == 0 or 4 + 8 * count > len(toc):
        raise ValueError("bad ICU data table of contents")
    pairs = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    items: list[tuple[str, bytes]] = []
    for i, (name_at, data_at) in enumerate(pairs):
        end = pairs[i + 1][1] if i + 1 < count else len(toc)
        if not (0 < name_at < len(toc) and 0 < data_at <= end <= len(toc)):
            raise ValueError("bad ICU data offsets")
        name_end = blob.index(b"\0", header_size + name_at)
        items.append((blob[header_size + name_at : name_end].decode("ascii"), bytes(toc[data_at:end])))
    return Package(header=bytes(blob[:header_size]), items=tuple(items))


def serialize(package: Package) -> bytes:
    """Write a package in the layout icupkg writes: table, names, then 16-byte aligned items."""
    count = len(package.items)
    table_size = 4 + 8 * count
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in package.items)
    data_at = table_size + len(names)
    data_at += -data_at % 16
    table = bytearray(struct.pack("<I", count))
    body = bytearray()
    name_at = table_size
    for name, data in package.items:
        table += struct.pack("<II", name_at, data_at + len(body))
        name_at += len(name) + 1
        body += data
        body += _PAD * (-len(body) % 16)
    head = bytes(table) + names
    return package.header + head + _PAD * (data_at - len(head)) + bytes(body)


def keeps(name: str) -> bool:
    """Whether the item ``icudt73l/<tree>/<file>`` stays in the cut package."""
    parts = name.split("/")[1:]  # the first part is the package name, icudt73l
    if not parts:
        return False
    leaf = parts[-1]
    if len(parts) > 1 and parts[0] in DROPPED_TREES:
        return False
    if len(parts) == 1 and (leaf.endswith(DROPPED_SUFFIXES) or leaf in DROPPED_NAMES):
        return False
    stem, _dot, suffix = leaf.rpartition(".")
    if suffix == "cnv":
        return stem in CONVERTERS_KEPT
    if suffix == "res" and _LOCALE.match(stem) and stem != "res_index":  # each tree's list of its locales
        return stem.split("_", 1)[0] in LANGUAGES_KEPT
    return True


def cut(package: Package) -> Package:
    return Package(header=package.header, items=tuple(item for item in package.items if keeps(item[0])))


def symbol_name(library: Path) -> str:
    """'libicudata.so.73' -> 'icudt73_dat', the one symbol libicuuc imports from it."""
    major = library.name[len(LIBRARY_PREFIX) :]
    if not library.name.startswith(LIBRARY_PREFIX) or not major.isdigit():
        raise ValueError(f"not an ICU data library: {library.name}")
    return f"icudt{major}_dat"


def read_library(library: Path) -> bytes:
    """The package inside an ICU data library: its symbol's bytes, found through ``nm``."""
    symbol = symbol_name(library)
    out = subprocess.run(["nm", "-D", "-S", str(library)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[3] == symbol:
            address, size = int(fields[0], 16), int(fields[1], 16)
            break
    else:
        raise ValueError(f"{library.name} has no {symbol}")
    sections = subprocess.run(["readelf", "-SW", str(library)], capture_output=True, text=True, check=True).stdout
    for line in sections.splitlines():
        # "  [ 5] .rodata  PROGBITS  0000000000001000 001000 1e8bb80 00   A  0   0 16"
        match = re.search(r"\]\s+\S+\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if match:
            start, offset, length = (int(group, 16) for group in match.groups())
            if start <= address and address + size <= start + length:
                with open(library, "rb") as fh:
                    fh.seek(offset + address - start)
                    return fh.read(size)
    raise ValueError(f"{symbol} of {library.name} is in no section")


def write_library(blob: bytes, library_name: str, out_dir: Path) -> Path:
    """Link ``blob`` into ``out_dir/<library_name>``: the same soname, exporting the same symbol."""
    symbol = symbol_name(Path(library_name))
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        work = Path(tmp)
        (work / "data.bin").write_bytes(blob)
        (work / "data.s").write_text(
            "\n".join(
                (
                    '.section .rodata,"a"',
                    f".globl {symbol}",
                    f".type {symbol}, @object",
                    ".balign 16",
                    f"{symbol}:",
                    '.incbin "data.bin"',
                    f".size {symbol}, .-{symbol}",
                    '.section .note.GNU-stack,"",@progbits',
                    "",
                )
            ),
            encoding="ascii",
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=work, check=True)
        target = out_dir / library_name
        subprocess.run(
            ["ld", "-shared", "-soname", library_name, "-z", "noexecstack", "-o", str(target), "data.o"],
            cwd=work,
            check=True,
        )
    return target


def cut_library(library: Path, out_dir: Path) -> tuple[Path, int, int]:
    """Write the cut copy of ``library`` into ``out_dir``; returns it and the items before and after."""
    package = parse(read_library(library))
    smaller = cut(package)
    return write_library(serialize(smaller), library.name, out_dir), len(package.items), len(smaller.items)

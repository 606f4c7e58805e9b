"""The new notice's text, read from the file the officer has: .txt, .docx, .pdf or .html.

Every reader is imported when a file of its kind is opened, never at start: ``.txt`` and ``.html``
use the standard library (the encodings, ``html.parser``); ``.docx`` is a zip of XML read with
``zipfile`` and ``xml.etree`` (python-docx would bring lxml, several MiB, for the same paragraphs);
``.pdf`` uses pypdf (pure Python). The file's size is checked before anything is parsed, a
``.docx`` is checked member by member from the sizes its zip declares and unpacked only up to a
limit (a zip bomb is refused at once), and a PDF without a text layer (a scan) says so.

Every failure is a :class:`NoticeError` with the reason in Chinese.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

#: a notice is a few pages: 16 KB of text in the real ones; these limits are far beyond any
MAX_TEXT_FILE_BYTES = 5_000_000
MAX_DOCX_BYTES = 30_000_000
MAX_PDF_BYTES = 30_000_000
#: a .docx's document.xml unpacked, and all members a .docx may declare
MAX_DOCX_XML_BYTES = 30_000_000
MAX_DOCX_MEMBERS = 2000
MAX_PDF_PAGES = 300
#: characters of the text kept: the real notices have 6,000 to 16,000; proposals over 300,000
#: take about three seconds (pasted text in the window should be held to the same limit)
MAX_NOTICE_CHARS = 300_000

SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


class NoticeError(Exception):
    """The notice cannot be read; the message says why in Chinese."""


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise NoticeError(f"{path.name} 是一个文件夹,不是通知文件")
            if not stat.S_ISREG(info.st_mode):
                raise NoticeError(f"{path.name} 不是普通文件,不能作为通知读取")
            if info.st_size > limit:
                raise NoticeError(
                    f"{path.name} 过大({info.st_size:,} 字节,最大 {limit:,} 字节),不像一份通知,请检查是否选错了文件"
                )
            raw = fh.read(limit + 1)
    except NoticeError:
        raise
    except FileNotFoundError:
        raise NoticeError(f"找不到文件 {path}") from None
    except PermissionError:
        raise NoticeError(f"没有权限读取 {path}") from None
    except OSError as exc:
        from desktop.core.errors import os_reason

        raise NoticeError(f"无法读取 {path}:{os_reason(exc)}") from None
    if len(raw) > limit:
        raise NoticeError(f"{path.name} 过大(最大 {limit:,} 字节),不像一份通知,请检查是否选错了文件")
    return raw


def decode_text(raw: bytes, name: str = "文件") -> str:
    """Text bytes as UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 (GBK, GB2312)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeError(f"{name} 的编码无法识别(不是 UTF-8 也不是 GBK),请另存为 UTF-8 文本")


def _finish(text: str, name: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"\n{3,}", "\n\n", text).strip(" \n\u3000")  # a leading tab is an empty cell
    if len(text) > MAX_NOTICE_CHARS:
        raise NoticeError(f"{name} 的文字过长(超过 {MAX_NOTICE_CHARS:,} 字),不像一份通知")
    if not text.strip():
        raise NoticeError(f"{name} 中没有文字")
    return text


# ------------------------------------------------------------------------------------------- html


def html_to_text(source: str) -> str:
    """The visible text of an HTML page: paragraphs and rows on their own lines, cells by tabs."""
    from html.parser import HTMLParser

    blocks = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "ul"}
    blocks |= {"ol", "header", "footer", "blockquote", "pre", "hr", "dt", "dd", "title"}
    hidden = {"script", "style", "head", "noscript", "template"}

    class _Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in hidden:
                self.hidden += 1
            elif tag in blocks:
                self.parts.append("\n")
            elif tag in ("td", "th"):
                self.parts.append("\t")

        def handle_endtag(self, tag: str) -> None:
            if tag in hidden:
                self.hidden = max(0, self.hidden - 1)
            elif tag in blocks or tag == "tr":  # a table's rows one a line, no empty line between
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))

    parser = _Parser()
    parser.feed(source)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\n")]
    # each cell is written after a tab: the row's first tab is not a cell (an empty first cell is)
    return "\n".join(line[1:] if line.startswith("\t") else line for line in lines)


def _html(path: Path) -> str:
    raw = _read_bytes(path, MAX_TEXT_FILE_BYTES)
    head = raw[:2048].decode("ascii", "ignore").lower()
    match = re.search(r"charset=[\"']?([a-z0-9_-]+)", head)
    text = None
    if match:
        try:
            text = raw.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_text(raw, path.name)
    return html_to_text(text)


# ------------------------------------------------------------------------------------------- docx


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(raw: bytes, name: str = "文件") -> str:
    """The paragraphs of a .docx (tables: a row a line, cells by tabs), from its zip bytes."""
    import io
    import zipfile
    from xml.etree import ElementTree

    broken = f"{name} 不是有效的 Word 文档(.docx),或文件没有复制完整"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_DOCX_MEMBERS:
                raise NoticeError(f"{name} 中的文件过多,不是正常的 Word 文档")
            info = next((i for i in infos if i.filename == "word/document.xml"), None)
            if info is None:
                raise NoticeError(broken)
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise NoticeError(f"{name} 的正文解压后过大(超过 {MAX_DOCX_XML_BYTES:,} 字节),不是正常的通知")
            with zf.open(info) as fh:
                xml = fh.read(MAX_DOCX_XML_BYTES + 1)  # the declared size can lie: stop at the limit
            if len(xml) > MAX_DOCX_XML_BYTES:
                raise NoticeError(f"{name} 的正文解压后过大(超过 {MAX_DOCX_XML_BYTES:,} 字节),不是正常的通知")
    except NoticeError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise NoticeError(broken) from None
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml[:4096]:
        raise NoticeError(broken)  # Word never writes entity declarations; refuse any (entity expansion)
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise NoticeError(broken) from None
    body = root.find(f"{_W}body")
    if body is None:
        raise NoticeError(broken)
    lines: list[str] = []

    def paragraph(p: ElementTree.Element) -> str:
        out: list[str] = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                out.append(node.text)
            elif node.tag == f"{_W}tab":
                out.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                out.append("\n")
        return "".join(out)

    def block(el: ElementTree.Element) -> None:
        for child in el:
            if child.tag == f"{_W}p":
                lines.append(paragraph(child))
            elif child.tag == f"{_W}tbl":
                for row in child.iter(f"{_W}tr"):
                    cells = [
                        " ".join(paragraph(p) for p in cell.iter(f"{_W}p")).strip() for cell in row.iter(f"{_W}tc")
                    ]
                    lines.append("\t".join(cells))
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    block(content)

    block(body)
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------- pdf


def pdf_to_text(raw: bytes, name: str = "文件") -> str:
    """The text layer of a PDF, page by page; a scan without one says so."""
    import io
    import logging

    try:
        import pypdf
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a build without pypdf
        raise NoticeError("本程序缺少读取 PDF 的组件,请把通知的文字复制粘贴进来") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its English warnings are not for the officer
    broken = f"{name} 不是有效的 PDF 文件,或文件没有复制完整"
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise NoticeError(f"{name} 有打开密码,请另存为没有密码的 PDF,或复制粘贴通知的文字")
            except NoticeError:
                raise
            except Exception:
                raise NoticeError(f"{name} 已加密,无法读取文字,请复制粘贴通知的文字") from None
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise NoticeError(f"{name} 有 {len(pages)} 页(最多 {MAX_PDF_PAGES} 页),不像一份通知")
        texts: list[str] = []
        total = 0
        for page in pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_NOTICE_CHARS:
                raise NoticeError(f"{name} 的文字过长(超过 {MAX_NOTICE_CHARS:,} 字),不像一份通知")
            texts.append(text)
    except NoticeError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        raise NoticeError(broken) from None
    except Exception:  # pypdf raises many kinds on a damaged file; none may reach the officer as a traceback
        raise NoticeError(broken) from None
    joined = "\n".join(texts)
    if not joined.strip():
        raise NoticeError(
            f"{name} 没有文字层(可能是扫描件或图片),无法读出通知的文字;请找通知的电子版,或把文字复制粘贴进来"
        )
    return joined


# ------------------------------------------------------------------------------------------- all


def read_notice(path: str | os.PathLike[str]) -> str:
    """The text of a notice file (.txt, .docx, .pdf, .html/.htm); NoticeError in Chinese otherwise."""
    path = Path(path)
    suffix = path.suffix.lower()
    name = path.name
    if suffix == ".txt":
        text = decode_text(_read_bytes(path, MAX_TEXT_FILE_BYTES), name)
    elif suffix in (".html", ".htm"):
        text = _html(path)
    elif suffix == ".docx":
        text = docx_to_text(_read_bytes(path, MAX_DOCX_BYTES), name)
    elif suffix == ".pdf":
        text = pdf_to_text(_read_bytes(path, MAX_PDF_BYTES), name)
    elif suffix == ".doc":
        raise NoticeError(f"{name} 是旧版 Word 文档(.doc),请在 Word 或 WPS 中另存为 .docx 或 .txt 后再打开")
    else:
        raise NoticeError(f"{name} 不是能读取的通知文件;请选择 .txt、.docx、.pdf 或 .html 文件,或直接粘贴通知的文字")
    return _finish(text, name)

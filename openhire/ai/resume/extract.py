"""Resume files → plain text.

The file type is detected from the bytes, never from the extension (a ``.pdf`` that is really a Word
file is read as Word; a ``.docx`` that is really a JPEG gets "OCR needed"). Every failure is a
:class:`ResumeError` with a stable code; nothing else escapes :func:`extract_text`.
"""

from __future__ import annotations

import ctypes
import functools
import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
from html.parser import HTMLParser
from importlib import metadata

from openhire.ai.resume.contracts import EngineInfo, ExtractedText
from openhire.ai.resume.docx_text import extract_docx
from openhire.ai.resume.errors import ResumeError

MAX_BYTES = 20 * 1024 * 1024  # one resume; a 50 MB "resume" is refused before any parsing
MAX_PAGES = 40

CONVERTER_TIMEOUT_S = 60

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@functools.cache  # importlib.metadata reads the dist-info from disk: ~1 ms a call
def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def detect_type(data: bytes) -> str:
    """Return "pdf", "docx", "doc", "rtf", "zip", "image:<KIND>", "html" or "txt" from the content."""
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx" if b"word/" in data[:65536] or _zip_has(data, "word/document.xml") else "zip"
    if head.startswith(_OLE_MAGIC):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    for magic, kind in _IMAGE_MAGIC:
        if head.startswith(magic):
            return f"image:{kind}"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image:WEBP"
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniff.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:8192].lower():
        return "html"
    if sniff.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    return "txt"


def _zip_opens(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            zf.infolist()
        return True
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _zip_has(data: bytes, name: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return name in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def extract_text(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> ExtractedText:
    """Extract the text of one resume file; raise :class:`ResumeError` for anything unreadable."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ResumeError("unsupported_type", f"{filename}: expected file bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > max_bytes:
        raise ResumeError(
            "too_large",
            f"{filename}: {len(data) / 1024 / 1024:.1f} MB is over the {max_bytes / 1024 / 1024:.0f} MB limit",
        )
    if not data.strip():
        raise ResumeError("empty", f"{filename}: the file is empty")
    kind = detect_type(data)
    if kind == "pdf":
        result = _extract_pdf(data, filename)
    elif kind == "docx":
        result = extract_docx(data, filename)
    elif kind in ("doc", "rtf"):
        result = _extract_with_converter(data, filename, kind)
    elif kind == "zip":
        if not _zip_opens(data):
            raise ResumeError("corrupt", f"{filename}: the file is a damaged zip / Word archive")
        raise ResumeError(
            "unsupported_type", f"{filename}: this is a zip archive, not a resume; upload it as a bulk zip"
        )
    elif kind.startswith("image:"):
        raise ResumeError(
            "ocr_needed",
            f"{filename}: this is a {kind.split(':')[1]} image; OCR is needed to read a scanned resume",
        )
    elif kind == "html":
        text = _decode(data, filename)
        result = ExtractedText(_html_to_text(text), filename, "html", 1, EngineInfo("html.parser", "stdlib"))
    else:
        text = _decode(data, filename)
        result = ExtractedText(text, filename, "txt", 1, EngineInfo("text", "1"))
    text = _tidy(result.text)
    if not text.strip():
        if result.media_type == "pdf":
            raise ResumeError(
                "ocr_needed", f"{filename}: the PDF has no text layer (scanned?); OCR is needed"
            )
        raise ResumeError("empty", f"{filename}: no text found in the {result.media_type.upper()} file")
    return ExtractedText(text, filename, result.media_type, result.pages, result.engine, result.warnings)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b]")
_COLUMN_GAP = re.compile(r"[ \u00a0\u3000]{2,}|\t+")  # kept as one tab: the parser splits columns on it
_SPACE = re.compile(r"[\u00a0\u3000]")


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_COLUMN_GAP.sub("\t", _SPACE.sub(" ", line)).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


# --- text --------------------------------------------------------------------------------------


def _decode(data: bytes, filename: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    sample = data[:4096]
    # UTF-16 without a BOM: every other byte of ASCII text is zero.
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
        text = data.decode(encoding, errors="replace")
        if _looks_like_text(text):
            return text
        raise ResumeError("unsupported_type", f"{filename}: binary data, not a resume format we can read")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise ResumeError(
        "unsupported_type",
        f"{filename}: not a PDF, Word, HTML or text file (or text in an unknown encoding)",
    )


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    sample = text[:4000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\x0c") or ch == "\ufffd")
    return bad <= max(2, len(sample) // 100)


# --- HTML --------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "dt",
        "dd",
        "title",
    ]
)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_to_text(html: str) -> str:
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except (ValueError, AssertionError):  # html.parser is lenient; these are its rare hard failures
        pass
    return "".join(collector.parts)


# --- PDF ---------------------------------------------------------------------------------------


# pdfium lays every page out with glyph boxes (its duplicate-text filter and line breaks need them).
# For a CJK font the PDF does not embed (reportlab's STSong-Light, many WPS / Word exports with
# "SimSun" not embedded), the default font mapper loads the 20 MB Noto CJK collection from disk for
# every page and runs its CFF outlines: ~12 ms of CPU a page, most of a non-embedded PDF's cost.
# Text extraction needs no real outlines: the characters come from the PDF's CMaps / ToUnicode and
# the advances from its /W widths, so missing CJK fonts are answered with a tiny in-memory font whose
# every character is one em box. Latin and other charsets still go to the system fonts.
# pdfium's font mapper is process-wide: a PDF *rendered* in this process would draw such text as
# boxes; openhire never renders resumes with pdfium (see docs/benchmarks-resume.md).

_CJK_CHARSETS = (128, 129, 134, 136)  # FXFONT_SHIFTJIS, HANGEUL, GB2312, CHINESEBIG5
_BOX_HANDLE_BASE = 0x0B0C_0000  # handles this mapper hands out: base + charset (never a real pointer)
_BOX_FACE_NAME = b"OpenhireTextBox\0"


def _sfnt_checksum(table: bytes) -> int:
    padded = table + b"\0" * (-len(table) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


@functools.cache
def box_font() -> bytes:
    """A minimal TrueType font, 1000 units an em, mapping every code point to one em box (0..1000 × -120..880)."""
    glyf = struct.pack(">hhhhh", 1, 0, -120, 1000, 880)  # one contour and its bounding box
    glyf += struct.pack(">HH", 3, 0) + bytes([0x01] * 4)  # last point 3, no instructions, 4 on-curve points
    glyf += struct.pack(">4h", 0, 0, 1000, 0) + struct.pack(">4h", -120, 1000, 0, -1000)  # x, y deltas
    names = [(1, "OpenhireTextBox"), (2, "Regular"), (4, "OpenhireTextBox"), (6, "OpenhireTextBox")]
    strings = b""
    records = b""
    for name_id, value in names:
        encoded = value.encode("utf-16-be")
        records += struct.pack(">6H", 3, 1, 0x409, name_id, len(encoded), len(strings))
        strings += encoded
    tables = {
        # format 13 ("many to one"): one group, U+0020..U+10FFFF → glyph 1
        b"cmap": struct.pack(">HHHHI", 0, 1, 3, 10, 12)
        + struct.pack(">HHIII", 13, 0, 28, 0, 1)
        + struct.pack(">III", 0x20, 0x10FFFF, 1),
        b"glyf": glyf,
        b"head": struct.pack(
            ">IIIIHHqqhhhhHHhhh",
            0x10000,
            0x10000,
            0,
            0x5F0F3CF5,
            0x000B,
            1000,
            0,
            0,
            0,
            -120,
            1000,
            880,
            0,
            8,
            2,
            0,
            0,
        ),
        b"hhea": struct.pack(
            ">Ihhh H hhh hhh hhhh h H", 0x10000, 880, -120, 0, 1000, 0, 0, 1000, 1, 0, 0, 0, 0, 0, 0, 0, 2
        ),
        b"hmtx": struct.pack(">HhHh", 1000, 0, 1000, 0),
        b"loca": struct.pack(">3H", 0, 0, len(glyf) // 2),
        b"maxp": struct.pack(">IH13H", 0x10000, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"name": struct.pack(">HHH", 0, len(names), 6 + 12 * len(names)) + records + strings,
        b"post": struct.pack(">IIhhIIIII", 0x30000, 0, -100, 50, 0, 0, 0, 0, 0),
    }
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(
        ">IHHHH", 0x10000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16
    )
    offset = len(header) + 16 * count
    directory = b""
    body = b""
    for tag in sorted(tables):
        table = tables[tag]
        directory += struct.pack(">4sIII", tag, _sfnt_checksum(table), offset + len(body), len(table))
        body += table + b"\0" * (-len(table) % 4)
    return header + directory + body


@functools.cache  # once per process
def _install_cjk_box_font() -> None:
    from pypdfium2._helpers.sysfontinfo import PdfSysfontBase

    if PdfSysfontBase.SINGLETON is not None:  # someone in this process chose their own font mapper
        return
    font = box_font()
    face_name = _BOX_FACE_NAME

    def ours(handle: object) -> bool:
        return isinstance(handle, int) and handle - _BOX_HANDLE_BASE in _CJK_CHARSETS

    class _CjkBoxFonts(PdfSysfontBase):  # type: ignore[misc]
        def MapFont(self, _, weight, italic, charset, pitch, face, exact):  # type: ignore[no-untyped-def]
            if charset in _CJK_CHARSETS:
                return _BOX_HANDLE_BASE + charset
            return self.default.MapFont(self.default, weight, italic, charset, pitch, face, exact)

        def GetFontData(self, _, handle, table, buffer, size):  # type: ignore[no-untyped-def]
            if not ours(handle):
                return self.default.GetFontData(self.default, handle, table, buffer, size)
            if table != 0:  # a single table, e.g. "ttcf": this is a plain font, not a collection
                return 0
            if buffer and size >= len(font):
                ctypes.memmove(buffer, font, len(font))
            return len(font)

        def GetFaceName(self, _, handle, buffer, size):  # type: ignore[no-untyped-def]
            if not ours(handle):
                return self.default.GetFaceName(self.default, handle, buffer, size)
            if buffer and size >= len(face_name):
                ctypes.memmove(buffer, face_name, len(face_name))
            return len(face_name)

        def GetFontCharset(self, _, handle):  # type: ignore[no-untyped-def]
            if ours(handle):
                return handle - _BOX_HANDLE_BASE
            return self.default.GetFontCharset(self.default, handle)

        def DeleteFont(self, _, handle):  # type: ignore[no-untyped-def]
            if not ours(handle):
                self.default.DeleteFont(self.default, handle)

    try:
        _CjkBoxFonts().setup()
    except Exception:  # pragma: no cover - no default font info on this platform: pdfium's own mapping stays
        return


def _extract_pdf(data: bytes, filename: str) -> ExtractedText:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - pypdfium2 is a dependency; pdfminer keeps PDFs working
        return _extract_pdf_pdfminer(data, filename)
    _install_cjk_box_font()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise ResumeError("encrypted_pdf", f"{filename}: the PDF is password-protected") from None
        # pdfium refuses some damaged files that pdfminer's more forgiving parser can still read.
        return _extract_pdf_pdfminer(data, filename)
    try:
        pages = len(pdf)
        if pages == 0:
            raise ResumeError("corrupt", f"{filename}: the PDF has no pages")
        if pages > MAX_PAGES:
            raise ResumeError("too_large", f"{filename}: {pages} pages; a resume has at most {MAX_PAGES}")
        texts = []
        for index in range(pages):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise ResumeError("corrupt", f"{filename}: the PDF is damaged ({exc})") from None
    finally:
        pdf.close()
    return ExtractedText(
        "\n".join(texts), filename, "pdf", pages, EngineInfo("pypdfium2", _version("pypdfium2"))
    )


def _extract_pdf_pdfminer(data: bytes, filename: str) -> ExtractedText:
    try:
        from pdfminer.high_level import extract_text as pdfminer_extract
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover
        raise ResumeError("unsupported_type", f"{filename}: no PDF reader is installed") from None
    try:
        text = pdfminer_extract(io.BytesIO(data), maxpages=MAX_PAGES)
    except PDFPasswordIncorrect:
        raise ResumeError("encrypted_pdf", f"{filename}: the PDF is password-protected") from None
    except PDFSyntaxError as exc:
        raise ResumeError("corrupt", f"{filename}: the PDF is damaged ({exc})") from None
    except Exception as exc:
        # pdfminer raises many unrelated types (KeyError, TypeError, struct.error, ...) on broken
        # input; all mean the same thing to the person uploading it.
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise ResumeError("encrypted_pdf", f"{filename}: the PDF is password-protected") from None
        raise ResumeError("corrupt", f"{filename}: the PDF is damaged ({type(exc).__name__})") from None
    pages = text.count("\x0c") or 1
    return ExtractedText(
        text.replace("\x0c", "\n"),
        filename,
        "pdf",
        pages,
        EngineInfo("pdfminer.six", _version("pdfminer.six")),
    )


# --- DOC / RTF through an external converter --------------------------------------------------


def doc_converter() -> str | None:
    """The converter used for legacy Word files, or None: "antiword" or "libreoffice"."""
    if shutil.which("antiword"):
        return "antiword"
    if shutil.which("libreoffice") or shutil.which("soffice"):
        return "libreoffice"
    return None


def _extract_with_converter(data: bytes, filename: str, kind: str) -> ExtractedText:
    converter = doc_converter()
    if converter == "antiword" and kind == "rtf":
        converter = "libreoffice" if (shutil.which("libreoffice") or shutil.which("soffice")) else None
    if converter is None:
        raise ResumeError(
            "doc_converter_missing",
            f"{filename}: {kind.upper()} needs a converter (install antiword or LibreOffice), "
            "or save the file as DOCX or PDF",
        )
    with tempfile.TemporaryDirectory(prefix="openhire-doc-") as tmp:
        source = os.path.join(tmp, f"resume.{kind}")
        with open(source, "wb") as handle:
            handle.write(data)
        try:
            if converter == "antiword":
                done = subprocess.run(
                    ["antiword", "-w", "0", "-m", "UTF-8.txt", source],
                    capture_output=True,
                    timeout=CONVERTER_TIMEOUT_S,
                    check=False,
                )
                if done.returncode != 0:
                    raise ResumeError("corrupt", f"{filename}: the Word file is damaged or not a DOC file")
                text = done.stdout.decode("utf-8", errors="replace")
            else:
                binary = shutil.which("libreoffice") or shutil.which("soffice") or "libreoffice"
                done = subprocess.run(
                    [
                        binary,
                        "--headless",
                        f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to",
                        "txt:Text (encoded):UTF8",
                        "--outdir",
                        tmp,
                        source,
                    ],
                    capture_output=True,
                    timeout=CONVERTER_TIMEOUT_S,
                    check=False,
                )
                target = os.path.join(tmp, "resume.txt")
                if done.returncode != 0 or not os.path.exists(target):
                    raise ResumeError("corrupt", f"{filename}: LibreOffice could not read the file")
                with open(target, "rb") as handle:
                    text = handle.read().decode("utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            raise ResumeError(
                "corrupt", f"{filename}: conversion took over {CONVERTER_TIMEOUT_S} s"
            ) from None
    return ExtractedText(text, filename, "doc", 1, EngineInfo(converter, "system"))

"""Resume files → plain text.

The file type is detected from the bytes, never from the extension (a ``.pdf`` that is really a Word
file is read as Word; a ``.docx`` that is really a JPEG gets "OCR needed"). Every failure is a
:class:`ResumeError` with a stable code; nothing else escapes :func:`extract_text`.
"""

from __future__ import annotations

import io
import os
import re
import shutil
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


def _extract_pdf(data: bytes, filename: str) -> ExtractedText:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - pypdfium2 is a dependency; pdfminer keeps PDFs working
        return _extract_pdf_pdfminer(data, filename)
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

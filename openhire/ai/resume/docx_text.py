"""Word (DOCX) → text: the main document part read straight from the package, python-docx as fallback."""

from __future__ import annotations

import io
import re
import zipfile
from importlib import metadata

from openhire.ai.resume.contracts import EngineInfo, ExtractedText
from openhire.ai.resume.errors import ResumeError

MAX_UNZIPPED_DOCX = 50 * 1024 * 1024  # document.xml and friends, after decompression


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def extract_docx(data: bytes, filename: str) -> ExtractedText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
            if total > MAX_UNZIPPED_DOCX:
                raise ResumeError(
                    "zip_bomb", f"{filename}: the Word file unpacks to {total // 1024 // 1024} MB"
                )
            lines = _docx_fast(zf)
    except ResumeError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, NotImplementedError, RuntimeError):
        raise ResumeError("corrupt", f"{filename}: the Word file is damaged") from None
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends
        raise ResumeError("corrupt", f"{filename}: the Word file is damaged ({type(exc).__name__})") from None
    if lines is not None:
        return ExtractedText(
            "\n".join(lines), filename, "docx", 1, EngineInfo("ooxml-lxml", _version("lxml"))
        )
    return _extract_docx_python_docx(data, filename)


def _docx_fast(zf: zipfile.ZipFile) -> list[str] | None:
    """Read the main document part straight from the package (30x faster than opening it with
    python-docx, which parses every part); None when the package is laid out unusually."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    names = set(zf.namelist())
    main = "word/document.xml"
    if "_rels/.rels" in names:
        rels = etree.fromstring(zf.read("_rels/.rels"), parser)
        for rel in rels.iter(_REL):
            if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("Target"):
                main = (rel.get("Target") or "").lstrip("/")
    if main not in names:
        return None
    root = etree.fromstring(zf.read(main), parser)
    # Text boxes are stored twice (DrawingML and a VML fallback): keep one copy.
    for fallback in list(root.iter(_MC_FALLBACK)):
        parent = fallback.getparent()
        if parent is not None:
            parent.remove(fallback)
    body = root.find(f"{_W}body")
    if body is None:
        return None
    lines: list[str] = []
    _docx_block_text(body, lines)
    for name in sorted(n for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml", n)):
        _docx_block_text(etree.fromstring(zf.read(name), parser), lines)
    return lines


def _extract_docx_python_docx(data: bytes, filename: str) -> ExtractedText:
    """python-docx reads what the fast path does not recognise (its own part resolution)."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover
        raise ResumeError("unsupported_type", f"{filename}: python-docx is not installed") from None
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        _docx_block_text(document.element.body, lines)
        for section in document.sections:
            for part in (section.header, section.footer):
                if not part.is_linked_to_previous:
                    _docx_block_text(part._element, lines)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise ResumeError("corrupt", f"{filename}: the Word file is damaged ({type(exc).__name__})") from None
    except Exception as exc:
        # lxml's XMLSyntaxError and python-docx internals; all mean a damaged file.
        raise ResumeError("corrupt", f"{filename}: the Word file is damaged ({type(exc).__name__})") from None
    return ExtractedText(
        "\n".join(lines), filename, "docx", 1, EngineInfo("python-docx", _version("python-docx"))
    )


def _docx_block_text(element: object, lines: list[str]) -> None:
    """Paragraphs and tables in document order; a table row becomes one tab-separated line."""
    for child in element:  # type: ignore[attr-defined]
        tag = child.tag
        if tag == f"{_W}p":
            lines.append(_docx_paragraph(child))
        elif tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = []
                for cell in row.iter(f"{_W}tc"):
                    cells.append(" ".join(_docx_paragraph(p) for p in cell.iter(f"{_W}p")).strip())
                lines.append("\t".join(c for c in cells if c))
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _docx_block_text(content, lines)


def _docx_paragraph(paragraph: object) -> str:
    parts: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):  # type: ignore[attr-defined]
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)

import contextlib
import io
import shutil
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openhire.ai.resume import ResumeError, detect_type, docx_text, extract_text, extract_zip
from openhire.ai.resume import extract as extract_module

ENGLISH = [
    "Mary Chen",
    "Email: mary.chen@example.org",
    "EXPERIENCE",
    "Relationship Manager, Standard Chartered Bank",
    "Jul 2019 - Present",
]
CHINESE = ["张伟", "工作经历", "2019.07-至今  招商银行股份有限公司  客户经理", "负责对公客户关系管理"]


def make_pdf(lines: list[str], *, cjk: bool = False, password: str | None = None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=password)
    if cjk:
        if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        pdf.setFont("STSong-Light", 11)
    else:
        pdf.setFont("Helvetica", 11)
    for number, line in enumerate(lines):
        pdf.drawString(50, 800 - 16 * number, line)
    pdf.save()
    return buffer.getvalue()


def make_docx(lines: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_pdf_text_comes_out_in_reading_order() -> None:
    result = extract_text(make_pdf(ENGLISH), "mary.pdf")
    assert result.media_type == "pdf"
    assert result.engine.name == "pypdfium2"
    assert result.text.splitlines()[:2] == ["Mary Chen", "Email: mary.chen@example.org"]


def test_chinese_pdf_with_a_cid_font() -> None:
    result = extract_text(make_pdf(CHINESE, cjk=True), "zhang.pdf")
    assert "招商银行股份有限公司" in result.text
    assert result.text.startswith("张伟")


def test_pdfminer_reads_pdfs_pdfium_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2

    def refuse(*args: object, **kwargs: object) -> None:
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    result = extract_text(make_pdf(ENGLISH), "mary.pdf")
    assert result.engine.name == "pdfminer.six"
    assert "Mary Chen" in result.text


def test_docx_paragraphs_and_tables() -> None:
    data = make_docx(CHINESE, table=[["2015.09-2019.06", "复旦大学", "金融学", "本科"]])
    result = extract_text(data, "zhang.docx")
    assert result.media_type == "docx"
    assert "2015.09-2019.06\t复旦大学\t金融学\t本科" in result.text.splitlines()


def test_docx_header_text_and_the_python_docx_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("张伟")
    document.sections[0].header.paragraphs[0].text = "电话 13812345678"
    buffer = io.BytesIO()
    document.save(buffer)
    fast = extract_text(buffer.getvalue(), "a.docx")
    assert fast.engine.name == "ooxml-lxml"
    assert fast.text.splitlines() == ["张伟", "电话 13812345678"]
    monkeypatch.setattr(docx_text, "_docx_fast", lambda zf: None)
    slow = extract_text(buffer.getvalue(), "a.docx")
    assert slow.engine.name == "python-docx"
    assert slow.text == fast.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])
def test_text_encodings_are_detected(encoding: str) -> None:
    text = "\n".join(CHINESE + ENGLISH)
    result = extract_text(text.encode(encoding), "resume.txt")
    assert result.text == text.replace("  ", "\t")


def test_html_resume() -> None:
    html = "<html><head><style>p{}</style><script>var x=1</script></head><body><h1>张伟</h1><p>客户经理</p></body></html>"
    result = extract_text(html.encode(), "resume.html")
    assert result.media_type == "html"
    assert [line for line in result.text.splitlines() if line] == ["张伟", "客户经理"]


def test_extension_that_lies_is_ignored() -> None:
    assert extract_text(make_docx(ENGLISH), "resume.pdf").media_type == "docx"
    assert extract_text(make_pdf(ENGLISH), "resume.docx").media_type == "pdf"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "ocr_needed"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "ocr_needed"),
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"%PDF-1.4\n1 0 obj garbage", "corrupt"),
        (b"PK\x03\x04broken zip", "corrupt"),
        (bytes(range(256)) * 20, "unsupported_type"),
    ],
)
def test_bad_files_get_a_stable_error_code(data: bytes, code: str) -> None:
    with pytest.raises(ResumeError) as caught:
        extract_text(data, "bad.pdf")
    assert caught.value.code == code
    assert "bad.pdf" in caught.value.message


def test_pdf_without_a_text_layer_needs_ocr() -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(50, 50, 200, 300, fill=1)  # a "scan": marks on the page, no text
    pdf.save()
    with pytest.raises(ResumeError) as caught:
        extract_text(buffer.getvalue(), "scan.pdf")
    assert caught.value.code == "ocr_needed"


def test_password_protected_pdf() -> None:
    with pytest.raises(ResumeError) as caught:
        extract_text(make_pdf(ENGLISH, password="secret"), "locked.pdf")
    assert caught.value.code == "encrypted_pdf"


def test_truncated_pdf_is_corrupt_not_a_crash() -> None:
    data = make_pdf(ENGLISH)
    with pytest.raises(ResumeError) as caught:
        extract_text(data[: len(data) // 3], "cut.pdf")
    assert caught.value.code in ("corrupt", "ocr_needed")


def test_fifty_megabyte_file_is_refused_before_parsing() -> None:
    with pytest.raises(ResumeError) as caught:
        extract_text(b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024), "huge.pdf")
    assert caught.value.code == "too_large"
    assert "50.0 MB" in caught.value.message


def test_doc_without_a_converter_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ResumeError) as caught:
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")
    assert caught.value.code == "doc_converter_missing"
    assert "antiword" in caught.value.message


@pytest.mark.skipif(extract_module.doc_converter() is None, reason="needs antiword or LibreOffice")
def test_doc_through_the_installed_converter_rejects_garbage() -> None:
    with pytest.raises(ResumeError) as caught:
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")
    assert caught.value.code == "corrupt"


def test_detect_type_from_content() -> None:
    assert detect_type(make_pdf(ENGLISH)) == "pdf"
    assert detect_type(make_docx(ENGLISH)) == "docx"
    assert detect_type(b"{\\rtf1 hello}") == "rtf"
    assert detect_type(b"<!DOCTYPE html><html></html>") == "html"
    assert detect_type("简历".encode()) == "txt"


# --- bulk zip ---------------------------------------------------------------------------------


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_yields_each_resume_and_skips_mac_junk() -> None:
    data = make_zip({"a.txt": "张伟".encode(), "sub/b.pdf": make_pdf(ENGLISH), "__MACOSX/._a.txt": b"x"})
    names = [name for name, _ in extract_zip(data)]
    assert names == ["a.txt", "sub/b.pdf"]


def test_zip_bomb_entry_is_refused_and_the_batch_goes_on() -> None:
    data = make_zip({"bomb.txt": b"0" * (5 * 1024 * 1024), "ok.txt": "张伟 客户经理".encode()})
    results = dict(extract_zip(data))
    assert isinstance(results["bomb.txt"], ResumeError)
    assert results["bomb.txt"].code == "zip_bomb"
    assert results["ok.txt"] == "张伟 客户经理".encode()


def test_zip_declaring_too_much_is_refused_whole() -> None:
    data = make_zip({"a.txt": b"a" * 2000, "b.txt": b"b" * 2000})
    with pytest.raises(ResumeError) as caught:
        extract_zip(data, max_total=1000)
    assert caught.value.code == "zip_bomb"


def test_zip_with_gbk_file_names() -> None:
    # Windows' zip tool writes names in the local code page without the UTF-8 flag.
    gbk_name = "张伟.txt".encode("gb18030")
    raw = make_zip({"abcd.txt": b"x"}).replace(b"abcd.txt", gbk_name)
    assert [name for name, _ in extract_zip(raw)] == ["张伟.txt"]


def test_not_a_zip() -> None:
    with pytest.raises(ResumeError) as caught:
        extract_zip(b"hello")
    assert caught.value.code == "corrupt"


# --- fuzz ---------------------------------------------------------------------------------------

_SEEDS: dict[str, bytes] = {}


def _seed(kind: str) -> bytes:
    if kind not in _SEEDS:
        _SEEDS[kind] = {
            "pdf": make_pdf(ENGLISH),
            "docx": make_docx(CHINESE),
            "zip": make_zip({"a.txt": b"hello"}),
            "html": "<html><body><p>张伟</p></body></html>".encode(),
        }[kind]
    return _SEEDS[kind]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes_give_text_or_a_resume_error(data: bytes) -> None:
    try:
        result = extract_text(data, "fuzz.bin")
    except ResumeError as exc:
        assert exc.code in (
            "empty",
            "corrupt",
            "unsupported_type",
            "ocr_needed",
            "encrypted_pdf",
            "doc_converter_missing",
            "zip_bomb",
            "too_large",
        )
    else:
        assert result.text.strip()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["pdf", "docx", "zip", "html"]), st.floats(0.0, 1.0), st.binary(max_size=64))
def test_truncated_and_damaged_files_give_text_or_a_resume_error(kind: str, cut: float, noise: bytes) -> None:
    data = _seed(kind)
    data = data[: int(len(data) * cut)] + noise
    with contextlib.suppress(ResumeError):
        extract_text(data, f"fuzz.{kind}")
    try:
        for _, content in extract_zip(data):
            assert isinstance(content, bytes | ResumeError)
    except ResumeError:
        pass


# --- PDF layout: every line kept, with embedded and non-embedded CJK fonts ------------------------

REPEATED = [
    "工作经历",
    "负责对公客户关系管理",
    "负责对公客户关系管理",
    "2019.07-至今 招商银行股份有限公司 客户经理",
    "- Managed a portfolio of 80 corporate clients",
    "- Managed a portfolio of 80 corporate clients",
    "负责对公客户关系管理",
]


def make_two_column_pdf(left: list[str], right: list[str]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 11)
    for number, line in enumerate(left):
        pdf.drawString(50, 800 - 16 * number, line)
    for number, line in enumerate(right):
        pdf.drawString(330, 800 - 16 * number, line)
    pdf.save()
    return buffer.getvalue()


def test_box_font_is_a_font_freetype_reads_with_one_box_for_every_character() -> None:
    ttlib = pytest.importorskip("fontTools.ttLib")
    font = ttlib.TTFont(io.BytesIO(extract_module.box_font()))
    cmap = font.getBestCmap()
    box_name = font.getGlyphOrder()[1]
    assert cmap[ord("中")] == cmap[ord("A")] == cmap[0x20000] == box_name
    box = font["glyf"][box_name]
    assert (box.xMin, box.yMin, box.xMax, box.yMax) == (0, -120, 1000, 880)


def test_cid_pdf_keeps_repeated_lines_in_order() -> None:
    result = extract_text(make_pdf(REPEATED, cjk=True), "repeated.pdf")
    assert result.text.splitlines() == REPEATED


def test_cid_pdf_english_and_chinese_in_the_same_font() -> None:
    lines = ["Mary Chen 陈玛丽", "Email: mary.chen@example.org", "Jul 2019 - Present 招商银行 Teller"]
    result = extract_text(make_pdf(lines, cjk=True), "mixed.pdf")
    assert result.text.splitlines() == lines


def test_two_column_pdf_reads_the_left_column_then_the_right_one() -> None:
    left = ["教育背景", "复旦大学 金融学", "复旦大学 金融学"]
    right = ["专业技能", "Python SQL", "Python SQL"]
    text = extract_text(make_two_column_pdf(left, right), "columns.pdf").text
    assert text.splitlines() == left + right


def test_missing_cjk_fonts_are_answered_by_the_box_font_not_the_system_collection() -> None:
    from pypdfium2._helpers.sysfontinfo import PdfSysfontBase

    extract_text(make_pdf(CHINESE, cjk=True), "zhang.pdf")
    mapper = PdfSysfontBase.SINGLETON
    assert mapper is not None and type(mapper).__name__ == "_CjkBoxFonts"
    gb2312 = 134
    handle = mapper.MapFont(None, 400, False, gb2312, 0, b"STSong-Light", None)
    assert mapper.GetFontData(None, handle, 0, None, 0) == len(extract_module.box_font())
    assert mapper.GetFontCharset(None, handle) == gb2312


def _weasyprint_cjk_pdf(lines: list[str]) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig is not installed")
    import html
    import subprocess

    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    if "Noto Sans CJK" not in fonts:
        pytest.skip("fonts-noto-cjk is not installed")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    page = (
        "<html><head><style>body{font-family:'Noto Sans CJK SC';font-size:10.5pt}p{margin:0}</style>"
        f"</head><body>{body}</body></html>"
    )
    return bytes(weasyprint.HTML(string=page).write_pdf())


def test_embedded_cjk_font_pdf_keeps_repeated_lines_in_order() -> None:
    result = extract_text(_weasyprint_cjk_pdf(REPEATED), "embedded.pdf")
    assert result.text.splitlines() == REPEATED

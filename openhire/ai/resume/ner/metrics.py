"""Entity-level exact-span precision, recall and F1, per type and micro-averaged."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from openhire.ai.resume.ner.bmes import Span


@dataclass(frozen=True)
class TypeScore:
    """Counts and scores for one entity type (or ``"micro"`` for all types pooled)."""

    type: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class NerScores:
    """Scores over a set of sentences: one row per entity type seen, plus the micro average."""

    sentences: int
    per_type: tuple[TypeScore, ...]
    micro: TypeScore

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "micro": self.micro.to_dict(),
            "per_type": {score.type: score.to_dict() for score in self.per_type},
        }


def score_spans(gold: Sequence[Iterable[Span]], predicted: Sequence[Iterable[Span]]) -> NerScores:
    """Compare gold and predicted spans sentence by sentence; a span counts only on exact match."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_correct: Counter[str] = Counter()
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        gold_set = set(gold_spans)
        pred_set = set(pred_spans)
        n_gold.update(span.type for span in gold_set)
        n_pred.update(span.type for span in pred_set)
        n_correct.update(span.type for span in gold_set & pred_set)
    types = sorted(set(n_gold) | set(n_pred))
    per_type = tuple(TypeScore(t, n_gold[t], n_pred[t], n_correct[t]) for t in types)
    micro = TypeScore("micro", sum(n_gold.values()), sum(n_pred.values()), sum(n_correct.values()))
    return NerScores(sentences=len(gold), per_type=per_type, micro=micro)


def format_table(scores: NerScores) -> str:
    """A fixed-width table a person can read in a terminal."""
    lines = [f"{'type':<8}{'gold':>7}{'pred':>7}{'correct':>9}{'P':>8}{'R':>8}{'F1':>8}"]
    for row in (*scores.per_type, scores.micro):
        if row is scores.micro:
            lines.append("-" * len(lines[0]))
        lines.append(
            f"{row.type:<8}{row.gold:>7}{row.predicted:>7}{row.correct:>9}"
            f"{row.precision:>8.4f}{row.recall:>8.4f}{row.f1:>8.4f}"
        )
    lines.append(f"{scores.sentences} sentences; entity-level exact-span match")
    return "\n".join(lines)
